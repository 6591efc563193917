"""Amazon Bedrock "Model lifecycle (Legacy)" page (the Markdown twin AWS serves next to the HTML).

Since September 2026 the page has a ``Model provider | Model name | Model ID | Regions | Legacy
date | EOL date | Public extended access start date`` table of models with a scheduled EOL
(status ``legacy``), then "Models that have reached EOL" as nested bullets (``retired``); one
bullet can hold several per-Region groups on ``/``-joined lines. The 2024-25 layout was an HTML
table (``Model version | Legacy date | ... | EOL date | Recommended model version replacement |
Recommended model ID``) with the Region in parentheses after a date (``August 25, 2025
(us-east-1)``): each such Region becomes its own record. Every model and Region group yields an
inference record (retires on the EOL date, deprecated on the Legacy date) and a
``fine-tune-training`` record that ends on the Legacy date: "after the model is in Legacy state,
you cannot create new fine-tuning jobs on that model" (existing custom models keep serving until
EOL, which the inference record covers). The public extended access date is not recorded.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import model_ids, replacements, tidy_id
from sources.dates import ParsedDate, clean_text, is_no_date, parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Cell, Heading, Paragraph, Table, markdown_blocks

PROVIDER = "bedrock"

# Section labels (bold lines, headings or the sentence under them) that say which models follow.
_RETIRED_LABEL = re.compile(r"reached (?:EOL|end[- ]of[- ]life)|passed their EOL|^EOL versions", re.I)
_LEGACY_LABEL = re.compile(r"scheduled EOL|in the Legacy state|^Legacy versions", re.I)

# A Region list in parentheses after a date: "(us-east-1)", "(us-gov-east-1 Regions)".
_REGION_NOTE = re.compile(r"\(\s*([a-z]{2}(?:-gov)?-[a-z]+-\d[^)]*)\)", re.I)

# Bullet labels of the reached-EOL list, as they read once markup is gone.
_KEYS = r"Model name|Model ID|Regions?|Legacy date|EOL date|Public extended access(?: start)? date"
_FIELD = re.compile(rf"(?P<key>{_KEYS})\s*:\s*(?P<value>.*?)(?=(?:\s+[-/+*])?\s+(?:{_KEYS})\s*:|$)", re.I)
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


@source(
    name="bedrock",
    provider=PROVIDER,
    url="https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle-legacy.md",
    # No canary: Bedrock drops models from the page some time after EOL (Nova Premier vanished
    # in 2026), so no id is sure to stay; markers and the row floor catch a layout change.
    health=Health(markers=("Legacy date", "EOL date"), min_rows=6, max_shrink=0.75),
)
def parse(document: Document) -> ParseResult:
    """Amazon Bedrock model lifecycle (Legacy) page (Markdown twin)."""
    result = ParseResult()
    status = "legacy"
    bullets: list[dict] = []
    for block in markdown_blocks(document.text):
        fields = _fields(block.text) if isinstance(block, Paragraph) else []
        if fields:
            _add_fields(bullets, fields, status)
            continue
        if bullets:
            bullets[-1]["closed"] = True
        if isinstance(block, (Heading, Paragraph)):
            if _RETIRED_LABEL.search(block.text):
                status = "retired"
            elif _LEGACY_LABEL.search(block.text):
                status = "legacy"
        elif isinstance(block, Table):
            result.records.extend(_table(block, status, document.url, result.warnings))
    for bullet in bullets:
        result.records.extend(_bullet_records(bullet, document.url, result.warnings))
    return result


# --- the table (2026 Markdown, 2024-25 HTML) -------------------------------------------------


def _column(header: str) -> str | None:
    """What a Bedrock column holds. Not ``column_role``: it reads "Model provider" and
    "Recommended model ID" (the replacement's id) as the model column."""
    h = clean_text(header).lower()
    if "extended access" in h:
        return None
    if "recommended" in h or "replacement" in h:
        return "replacement_id" if re.search(r"\bid\b", h) else "replacement_name"
    if "model id" in h:
        return "id"
    if "model name" in h or "model version" in h or h == "model":
        return "name"
    if "region" in h:
        return "regions"
    if "legacy" in h:
        return "legacy"
    if "eol" in h or "end of life" in h or "end-of-life" in h:
        return "eol"
    return None


def _table(table: Table, status: str, url: str, warnings: list[str]) -> list[Retirement]:
    columns: dict[str, int] = {}
    for index, title in enumerate(table.header):
        columns.setdefault(_column(title) or f"other{index}", index)
    if "eol" not in columns or not ({"id", "name"} & columns.keys()):
        return []
    records = []
    for row in table.rows:
        cell = {role: row[index] for role, index in columns.items() if index < len(row)}
        ids = _ids(cell.get("id")) or ([_unescape(cell["name"].text)] if cell.get("name") else [])
        if not ids:
            continue
        replacement = cell.get("replacement_id") or cell.get("replacement_name")
        records.extend(
            _records(
                ids,
                cell["regions"].text if cell.get("regions") else None,
                cell["legacy"].text if "legacy" in cell else None,
                cell["eol"].text,
                replacements(replacement) if replacement else (),
                status,
                url,
                warnings,
            )
        )
    return records


def _ids(cell: Cell | None) -> list[str]:
    """Model ids in an id cell; several may share a cell (code spans, ``<br>`` or commas)."""
    if not cell:
        return []
    return [i for part in model_ids(cell) for i in (tidy_id(x) for x in re.split(r"[,\s]+", part)) if i]


def _unescape(text: str) -> str:
    # The page escapes Markdown punctuation in names ("Command R\+").
    return tidy_id(_MARKDOWN_ESCAPE.sub(r"\1", text))


# --- the reached-EOL bullets -----------------------------------------------------------------


def _fields(text: str) -> list[tuple[str, str]]:
    """``(label, value)`` pairs of a bullet paragraph ("- Model ID: ... - Regions: ... / EOL date: ...")."""
    found = [(m.group("key").lower(), m.group("value").strip(" -/")) for m in _FIELD.finditer(text)]
    return found


def _add_fields(bullets: list[dict], fields: list[tuple[str, str]], status: str) -> None:
    """Add one paragraph's fields; a model name or id after another model's fields starts a new
    model (bullets without blank lines between them arrive as one paragraph)."""
    for key, value in fields:
        key = {"region": "regions", "legacy date": "legacy", "eol date": "eol"}.get(key, key)
        last = bullets[-1] if bullets else None
        names_next = key in ("model name", "model id") and last is not None and (key in last or last["groups"])
        if last is None or last.get("closed") or names_next:
            bullets.append(last := {"status": status, "groups": []})
        if key in ("model name", "model id"):
            last[key] = value
        elif key in ("regions", "legacy", "eol"):
            groups = last["groups"]
            # Claude 3 Haiku packs a second Region group into the same bullet.
            if not groups or key in groups[-1] or (key == "regions" and groups[-1]):
                groups.append({})
            groups[-1][key] = value


def _bullet_records(bullet: dict, url: str, warnings: list[str]) -> list[Retirement]:
    ids = _ids(Cell(bullet["model id"], (bullet["model id"],))) if bullet.get("model id") else []
    ids = ids or ([_unescape(bullet["model name"])] if bullet.get("model name") else [])
    records = []
    for group in bullet["groups"] if ids else []:
        regions, legacy, eol = group.get("regions"), group.get("legacy"), group.get("eol", "")
        records.extend(_records(ids, regions, legacy, eol, (), bullet["status"], url, warnings))
    return records


# --- dates, Regions and records --------------------------------------------------------------


def _dated(text: str) -> list[tuple[str | None, ParsedDate]]:
    """The dates in a cell, each with the Region written after it in parentheses (or None)."""
    text = clean_text(text)
    found: list[tuple[str | None, ParsedDate]] = []
    start = 0
    for note in _REGION_NOTE.finditer(text):
        region = re.sub(r"\s+Regions?$", "", clean_text(note.group(1)), flags=re.I)
        found.append((region, parse_date(text[start : note.start()].strip(" ,;"))))
        start = note.end()
    rest = text[start:].strip(" ,;")
    if rest or not found:
        found.append((None, parse_date(rest)))
    return found


def _for_region(dates: list[tuple[str | None, ParsedDate]], region: str | None) -> ParsedDate:
    """The date for one Region: its own, else the unqualified one; never another Region's."""
    for wanted in (region, None):
        for where, when in dates:
            if where == wanted and (when.text or wanted is not None):
                return when
    return ParsedDate(text="")


def _records(
    ids: list[str],
    regions: str | None,
    legacy_text: str | None,
    eol_text: str,
    replacement: tuple[str, ...],
    status: str,
    url: str,
    warnings: list[str],
) -> list[Retirement]:
    legacy = _dated(legacy_text) if legacy_text is not None else []
    eol = _dated(eol_text)
    qualified = list(dict.fromkeys(r for r, _ in eol + legacy if r))
    records = []
    for region in qualified or [None]:
        retires, legacy_date = _for_region(eol, region), _for_region(legacy, region)
        where = region or (None if regions is None or is_no_date(regions) else clean_text(regions))
        for what, when in (("EOL date", retires), ("Legacy date", legacy_date)):
            if when.problem:
                label = f"{', '.join(ids)} ({where})" if where else ", ".join(ids)
                warnings.append(f"{label}: {what}: {when.problem}: {when.text!r}")
        for model in ids:
            common = dict(provider=PROVIDER, model=model, status=status, region=where, source_url=url)
            common["replacement"] = replacement
            records.append(
                Retirement(
                    **common,
                    deprecated_on=legacy_date.iso,
                    retires_on=retires.iso,
                    retires_on_text=retires.text or None,
                    not_before=retires.not_before,
                )
            )
            if legacy_text is not None:
                records.append(
                    Retirement(
                        **common,
                        retires_on=legacy_date.iso,
                        retires_on_text=legacy_date.text or None,
                        not_before=legacy_date.not_before,
                        scope="fine-tune-training",
                    )
                )
    return records
