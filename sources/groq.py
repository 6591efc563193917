"""Groq model deprecations page (the Markdown twin of console.groq.com/docs/deprecations).

Under "Deprecation History" each deprecation is a ``### [<Month D, YYYY>: <title>](#anchor)``
section whose heading date is the SHUTDOWN, not the announcement. Its table (``Deprecated
Model | Shutdown Date | Recommended Replacement Model ID``, older ``Model ID | ...``) repeats
the shutdown as US ``MM/DD/YY``; the cell wins when the two disagree. The announcement date
is read from the section prose ("on June 17, 2026, we emailed users"), and a section that
"applies to free and developer-tier usage" puts that tier in ``region``. Alternatives may
be joined by "or" or by a bare space; "(text-only workloads)" notes are dropped. The page
as rendered text (tables flattened to one cell per line) is read too.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import model_ids, replacements
from sources.dates import ParsedDate, clean_text, find_dates, parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import EMPTY, Block, Cell, Heading, Paragraph, Table, blocks, column_role

_SECTION = re.compile(r"^(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s*\d{4})\s*:\s*\S")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# "on June 17, 2026, we emailed users to announce", "On August 24, 2026, we announced",
# "In November 2024, we emailed all ... users", "On December 6, 2024, ... notified users".
_ANNOUNCING = re.compile(r"\b(e-?mailed|announced?|notified)\b", re.I)
_ON_OR_IN = re.compile(r"\b(on|in)\s*$", re.I)
# 2026: "This deprecation applies to free and developer-tier usage; enterprise customers
# with a committed-spend contract are not affected."
_TIER = re.compile(r"\bapplies\s+to\s+(?P<tiers>[\w ,/]+?)[- ]tier\s+usage", re.I)
# The rendered page as text: a tab-separated header line, then one cell per line.
_FLATTENED_HEADER = re.compile(r"^[^|\n]*Shutdown Date\t", re.M)
# Cell lines: "<date>\t", one id (or "—"), a "(text-only workloads)" note, "or", blank. Prose,
# the next section's heading and the page chrome ("Was this page helpful?") hold spaces.
_CELL_LINE = re.compile(r"^(?:[^\t]*\t|\s*(?:\S+|\([^)]*\))?\s*)$")


@source(
    name="groq",
    provider="groq",
    url="https://console.groq.com/docs/deprecations.md",
    health=Health(
        markers=("Shutdown Date", "Recommended Replacement"),
        min_rows=20,
        canaries=("gemma-7b-it", "mixtral-8x7b-32768"),
    ),
)
def parse(document: Document) -> ParseResult:
    """Groq model deprecations page (Markdown twin, or the rendered page as text)."""
    result = ParseResult()
    text = document.text
    shutdown: ParsedDate | None = None
    prose: list[str] = []
    for block in _flattened_blocks(text) if _FLATTENED_HEADER.search(text) else blocks(text):
        if isinstance(block, Heading):
            if block.level <= 3:
                m = _SECTION.match(block.text)
                shutdown, prose = (parse_date(m.group("date")) if m else None), []
        elif isinstance(block, Paragraph):
            prose.append(block.text)
        elif block.role_index("model") is not None and block.role_index("retires") is not None:
            result.records.extend(_rows(block, shutdown, prose, document.url, result.warnings))
    return result


def _rows(
    table: Table, shutdown: ParsedDate | None, prose: list[str], url: str, warnings: list[str]
) -> list[Retirement]:
    announced = _announced(prose)
    tier = _TIER.search(" ".join(prose))
    region = f"{clean_text(tier.group('tiers'))} tier" if tier else None
    records = []
    for row in table.records():
        if not row.get("model"):
            continue
        models = model_ids(row["model"])
        when = parse_date(row["retires"].text if row.get("retires") else "")
        if not when.text and shutdown is not None:
            when = shutdown  # a row without its own date shuts down on the section's date
        if when.problem:
            warnings.append(f"{', '.join(models)}: {when.problem}: {when.text!r}")
        elif shutdown is not None and shutdown.iso and when.iso and when.iso != shutdown.iso:
            # "October 18, 2024: LLaVA 1.5 7B ..." above rows that say 10/28/24.
            warnings.append(f"{', '.join(models)}: table says {when.text!r}, heading says {shutdown.text!r}; "
                            "the table is used")
        for model in models:
            records.append(
                Retirement(
                    provider="groq",
                    model=model,
                    status="deprecated",
                    announced_on=announced,
                    retires_on=when.iso,
                    retires_on_text=when.text or None,
                    not_before=when.not_before,
                    replacement=_replacements(row.get("replacement", EMPTY)),
                    region=region,
                    source_url=url,
                )
            )
    return records


def _announced(prose: list[str]) -> str | None:
    """The date users were told: a dated "on/in <date>" in a sentence about emailing or announcing.

    Other prose dates are not announcements: the shutdown ("will be decommissioned on
    September 21, 2026"), the auto-upgrade ("until December 20, 2024").
    """
    for paragraph in prose:
        for sentence in _SENTENCE.split(paragraph):
            if not _ANNOUNCING.search(sentence):
                continue
            for match in find_dates(sentence):
                if match.iso and _ON_OR_IN.search(sentence[: match.start]):
                    return match.iso
    return None


def _replacements(cell: Cell) -> tuple[str, ...]:
    # The Markdown export drops the separator between alternatives ("mistral-saba-24b
    # llama-3.3-70b-versatile"); ids hold no spaces, so every word that is not "or" is one.
    return replacements(cell.text, space_separated=True)


def _flattened_blocks(text: str) -> list[Block]:
    """The rendered page as plain text, as blocks.

    ``<Month D, YYYY>: <title>`` lines head sections. A table is a tab-separated header line,
    then per row: the model line, a ``<date>\\t`` line, and replacement lines (alternatives
    split by a " " or " or " line, a " (text-only workloads)" line), blank lines between.
    """
    out: list[Block] = []
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        header = [clean_text(c) for c in line.split("\t")] if "\t" in line else []
        if any(column_role(c) == "retires" for c in header):
            end = i + 1
            while end < len(lines) and _CELL_LINE.match(lines[end]):
                end += 1
            out.append(Table(header, _flattened_rows(lines[i + 1 : end]), line=i + 1))
            i = end
            continue
        if _SECTION.match(line.strip()):
            out.append(Heading(3, clean_text(line), i + 1))
        elif line.strip():
            out.append(Paragraph(clean_text(line), line=i + 1))
        i += 1
    return out


def _flattened_rows(lines: list[str]) -> list[list[Cell]]:
    """Cells in reading order: a ``<date>\\t`` line closes the model cell before it and opens
    the replacement cell, which runs to the next row's model line."""
    items = [line for line in lines if line.strip()]
    dates = [k for k, line in enumerate(items) if "\t" in line]
    rows = []
    for n, k in enumerate(dates):
        if k == 0:
            continue
        stop = dates[n + 1] - 1 if n + 1 < len(dates) else len(items)
        cells = [clean_text(items[k - 1]), clean_text(items[k]), clean_text(" ".join(items[k + 1 : stop]))]
        rows.append([Cell(c, (c,) if c else ()) for c in cells])
    return rows
