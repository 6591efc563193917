"""Tables and their context, from Markdown or HTML, in one shape.

Every provider publishes its retirement facts as tables under headings. Adapters should not
care whether the page came as Markdown or HTML, so both are read into the same ``Block``
sequence: headings, prose paragraphs and ``Table`` objects whose cells keep the plain text,
the ``<br>`` parts, the backticked ids and the links. Columns are found by what the header
means (``column_role``), never by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from sources.dates import clean_text

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_BR = re.compile(r"<br\s*/?>", re.I)
_SUP = re.compile(r"<sup>.*?</sup>", re.I | re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
_CODE = re.compile(r"`+([^`]+?)`+")
# Paired emphasis only: a lone star is text ("gpt-4.1*" footnotes, "0*0").
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\3(?![\w*])")
_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass(frozen=True)
class Cell:
    """One table cell: plain text plus what markup told us about it."""

    text: str
    parts: tuple[str, ...] = ()
    code: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.text)


EMPTY = Cell("")


@dataclass
class Table:
    header: list[str]
    rows: list[list[Cell]]
    headings: tuple[str, ...] = ()
    intro: str = ""
    line: int = 0

    def role_index(self, role: str) -> int | None:
        """Index of the first column whose header means ``role`` (see ``column_role``)."""
        for index, title in enumerate(self.header):
            if column_role(title) == role:
                return index
        return None

    def records(self) -> list[dict[str, Cell]]:
        """Rows keyed by column role; columns with no known role are keyed by header text."""
        roles = [column_role(title) or clean_text(title).lower() for title in self.header]
        out = []
        for row in self.rows:
            record: dict[str, Cell] = {}
            for role, cell in zip(roles, row):
                record.setdefault(role, cell)
            out.append(record)
        return out


@dataclass
class Heading:
    level: int
    text: str
    line: int = 0


@dataclass
class Paragraph:
    text: str
    code: tuple[str, ...] = ()
    line: int = 0
    headings: tuple[str, ...] = field(default=())


Block = Heading | Paragraph | Table


# --- column meaning -------------------------------------------------------------------------

# Checked in order; the first rule whose words all occur in the header wins (``!word``: must not).
_ROLE_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("price", ("price",)),
    ("price", ("cost",)),
    ("training_retires", ("training", "retire")),
    ("deployment_retires", ("deployment", "retire")),
    ("model", ("deprecated", "model")),
    ("model", ("legacy", "model")),
    ("replacement", ("replacement",)),
    ("replacement", ("alternative",)),
    ("replacement", ("substitute",)),
    ("replacement", ("suggested",)),
    ("replacement", ("successor",)),
    ("replacement", ("recommended", "!date")),
    ("replacement", ("redirects", "to")),
    ("replacement", ("upgrade", "!date")),
    ("region", ("region",)),
    ("deprecated", ("deprecat",)),
    ("legacy", ("legacy",)),
    ("retires", ("shutdown",)),
    ("retires", ("shut", "down")),
    ("retires", ("retire",)),
    ("retires", ("eol",)),
    ("retires", ("end", "of", "life")),
    ("retires", ("removal",)),
    ("retires", ("sunset",)),
    ("retires", ("discontinu",)),
    ("retires", ("expir",)),
    ("released", ("release",)),
    ("released", ("launch",)),
    ("announced", ("announce",)),
    ("version", ("version",)),
    ("status", ("status",)),
    ("status", ("state",)),
    ("status", ("lifecycle",)),
    ("provider", ("provider",)),
    ("model", ("model",)),
    ("model", ("system",)),
    ("model", ("endpoint", "!supported")),
    ("model", ("agent",)),
    ("model", ("snapshot",)),
    ("update", ("update",)),
    ("date", ("date",)),
    ("notes", ("note",)),
    ("notes", ("details",)),
]


def column_role(header: str) -> str | None:
    """What a column holds, from its header text: ``model``, ``retires``, ``replacement``, ...

    >>> column_role("Deprecation Date (No New Customers)")
    'deprecated'
    >>> column_role("Recommended replacement base model")
    'replacement'
    """
    words = _plain(header).lower()
    for role, needles in _ROLE_RULES:
        if all((needle[1:] not in words) if needle.startswith("!") else (needle in words) for needle in needles):
            return role
    return None


# --- cells ----------------------------------------------------------------------------------


def _plain(markup: str) -> str:
    """Markdown/HTML inline markup -> plain text."""
    text = _SUP.sub("", markup)
    text = _BR.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub(lambda m: m.group(2) if m.group(1) else m.group(4), text)
    text = re.sub(r"(?<!\S)[*_]{2,}(?!\S)", "", text)  # markers left empty by a removed <sup>
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # every Markdown backslash escape (`Command R\+`)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return clean_text(text)


def markdown_cell(markup: str) -> Cell:
    """Read one Markdown table cell, keeping ``<br>`` parts, code spans and links."""
    markup = markup.replace("\\|", "|")
    parts = tuple(p for p in (_plain(part) for part in _BR.split(markup)) if p)
    code = tuple(clean_text(c) for c in _CODE.findall(_SUP.sub("", markup)))
    links = tuple((_plain(text), url) for text, url in _LINK.findall(markup))
    return Cell(_plain(markup), parts, code, links)


def split_row(line: str) -> list[str]:
    """Split a Markdown table row on unescaped pipes, dropping the empty edge cells."""
    cells = _UNESCAPED_PIPE.split(line.strip())
    if cells and cells[0].strip() == "":
        cells = cells[1:]
    if cells and cells[-1].strip() == "":
        cells = cells[:-1]
    return [cell.strip() for cell in cells]


def _is_separator(line: str) -> bool:
    cells = split_row(line)
    return bool(cells) and all(_SEPARATOR_CELL.match(c) for c in cells)


def _is_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


# --- Markdown documents ---------------------------------------------------------------------


def strip_front_matter(text: str) -> str:
    return _FRONT_MATTER.sub("", text.replace("\r\n", "\n"), count=1)


def markdown_blocks(text: str) -> list[Block]:
    """Read a Markdown document into headings, paragraphs and tables, in order.

    Handles GFM tables (escaped pipes, short rows, ``<br>`` cells), a table continued after a
    blank line without a new header (Azure), setext headings (HTML-to-Markdown copies) and
    Microsoft tab headings ``# [Audio](#tab/audio)``.
    """
    lines = strip_front_matter(text).split("\n")
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []
    paragraph: list[str] = []
    paragraph_line = 0
    in_fence = False

    def headings() -> tuple[str, ...]:
        return tuple(title for _, title in stack)

    def flush_paragraph() -> None:
        nonlocal paragraph
        if paragraph:
            raw = " ".join(paragraph)
            code = tuple(clean_text(c) for c in _CODE.findall(raw))
            blocks.append(Paragraph(_plain(raw), code, paragraph_line, headings()))
            paragraph = []

    def push_heading(level: int, title: str, line_no: int) -> None:
        flush_paragraph()
        title = _plain(title)
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        blocks.append(Heading(level, title, line_no))

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            in_fence = not in_fence
            i += 1
            continue
        if in_fence:
            i += 1
            continue
        atx = _ATX.match(stripped)
        if atx:
            push_heading(len(atx.group(1)), atx.group(2), i + 1)
            i += 1
            continue
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if stripped and not _is_row(stripped) and paragraph == [] and re.fullmatch(r"=+|-+", nxt) and len(nxt) >= 3:
            push_heading(1 if nxt.startswith("=") else 2, stripped, i + 1)
            i += 2
            continue
        if stripped.lower().startswith("<table"):
            # Markdown pages embed HTML tables (Bedrock, Vertex): hand them to the HTML reader.
            flush_paragraph()
            end = i
            while end < len(lines) and "</table>" not in lines[end].lower():
                end += 1
            fragment = "\n".join(lines[i : end + 1])
            soup = BeautifulSoup(fragment, "lxml").find("table")
            if soup is not None:
                blocks.append(_html_table(soup, headings(), _last_paragraph(blocks)))
            i = end + 1
            continue
        if _is_row(stripped) and _is_separator(nxt):
            flush_paragraph()
            table, i = _read_table(lines, i, blocks, headings())
            blocks.append(table)
            continue
        if not stripped:
            flush_paragraph()
        else:
            if not paragraph:
                paragraph_line = i + 1
            paragraph.append(stripped.lstrip(">").strip())
        i += 1
    flush_paragraph()
    return blocks


def _read_table(lines: list[str], start: int, blocks: list[Block], headings: tuple[str, ...]) -> tuple[Table, int]:
    header = [_plain(c) for c in split_row(lines[start])]
    rows: list[list[Cell]] = []
    i = start + 2
    while i < len(lines):
        stripped = lines[i].strip()
        if _is_row(stripped):
            rows.append(_fit([markdown_cell(c) for c in split_row(stripped)], len(header)))
            i += 1
            continue
        # Azure splits a table with a blank line and carries on without a header: a
        # headerless block of rows right after is the same table.
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j > i and j < len(lines) and _is_row(lines[j].strip()) and not (
            j + 1 < len(lines) and _is_separator(lines[j + 1])
        ):
            i = j
            continue
        break
    return Table(header, rows, headings, _last_paragraph(blocks), start + 1), i


def _last_paragraph(blocks: list[Block]) -> str:
    """The prose right before a table under the same heading (it often holds the dates)."""
    for block in reversed(blocks):
        if isinstance(block, Paragraph):
            return block.text
        if isinstance(block, (Heading, Table)):
            return ""
    return ""


def _fit(cells: list[Cell], width: int) -> list[Cell]:
    """Pad short rows (Azure leaves off trailing empty cells) to the header's width."""
    if len(cells) < width:
        return cells + [EMPTY] * (width - len(cells))
    return cells


# --- HTML documents -------------------------------------------------------------------------


def _html_cell(tag: Tag) -> Cell:
    for sup in tag.find_all("sup"):
        sup.decompose()
    parts: list[str] = []
    current: list[str] = []
    for node in tag.descendants:
        if isinstance(node, Tag) and node.name == "br":
            parts.append(clean_text("".join(current)))
            current = []
        elif isinstance(node, Tag) and node.name in ("p", "li", "div") and current:
            parts.append(clean_text("".join(current)))
            current = []
        elif isinstance(node, NavigableString):
            current.append(str(node))
    parts.append(clean_text("".join(current)))
    code = tuple(clean_text(c.get_text()) for c in tag.find_all("code"))
    links = tuple((clean_text(a.get_text()), a.get("href", "")) for a in tag.find_all("a"))
    text = clean_text(" ".join(p for p in parts if p))
    return Cell(text, tuple(p for p in parts if p), code, links)


def _html_table(table: Tag, headings: tuple[str, ...], intro: str) -> Table:
    grid: list[list[Cell]] = []
    pending: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows still to fill)
    header: list[str] = []
    for tr in table.find_all("tr"):
        cells = tr.find_all(["td", "th"], recursive=False)
        if not header and cells and all(c.name == "th" for c in cells):
            for c in cells:
                header.extend([_plain(c.get_text(" "))] * int(c.get("colspan", 1) or 1))
            continue
        row: list[Cell] = []
        col = 0
        queue = list(cells)
        while queue or col in pending:
            if col in pending:
                cell, left = pending[col]
                row.append(cell)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (cell, left - 1)
                col += 1
                continue
            tag = queue.pop(0)
            cell = _html_cell(tag)
            span = int(tag.get("colspan", 1) or 1)
            down = int(tag.get("rowspan", 1) or 1)
            for _ in range(span):
                row.append(cell)
                if down > 1:
                    pending[col] = (cell, down - 1)
                col += 1
        grid.append(row)
    if not header and grid:
        header = [c.text for c in grid.pop(0)]
    return Table(header, [_fit(r, len(header)) for r in grid], headings, intro)


def html_blocks(html: str | bytes) -> list[Block]:
    """Read an HTML page into the same blocks as ``markdown_blocks`` (lxml parser)."""
    soup = BeautifulSoup(html, "lxml")
    for junk in soup.find_all(["script", "style", "nav", "header", "footer"]):
        junk.decompose()
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []
    last_text = ""
    body = soup.body or soup
    for node in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "table", "li"]):
        if node.find_parent("table") is not None:
            continue
        if node.name == "table":
            blocks.append(_html_table(node, tuple(t for _, t in stack), last_text))
        elif node.name.startswith("h"):
            level = int(node.name[1])
            title = clean_text(node.get_text(" "))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
            blocks.append(Heading(level, title))
        else:
            last_text = clean_text(node.get_text(" "))
            code = tuple(clean_text(c.get_text()) for c in node.find_all("code"))
            blocks.append(Paragraph(last_text, code, 0, tuple(t for _, t in stack)))
    return blocks


def looks_like_html(text: str) -> bool:
    """A whole HTML page, possibly after comments (a Markdown page may still embed tables)."""
    return bool(re.match(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", text[:2000], re.I | re.S))


def blocks(text: str) -> list[Block]:
    """Markdown or HTML, whichever the document is."""
    return html_blocks(text) if looks_like_html(text) else markdown_blocks(text)


def tables(text: str) -> list[Table]:
    return [b for b in blocks(text) if isinstance(b, Table)]


_INCLUDE = re.compile(r"\[!INCLUDE\s*\[[^\]]*\]\(([^)\s]+)\)\s*\]", re.I)


def includes(text: str) -> list[str]:
    """Relative paths of Microsoft Docs ``[!INCLUDE [..](path)]`` directives, in order.

    The Azure retirement article holds nothing but such a directive; its table lives in the
    included file, so a poll must follow it or parse zero rows.
    """
    return _INCLUDE.findall(text)


def splice_includes(text: str, bodies: dict[str, str]) -> str:
    """Replace each include directive whose path was fetched by that file's text."""
    return _INCLUDE.sub(lambda m: strip_front_matter(bodies[m.group(1)]) if m.group(1) in bodies else m.group(0), text)
