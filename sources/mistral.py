"""Mistral models overview: the "Legacy models" table of docs.mistral.ai.

Polled as ``llms-full.txt`` (the whole docs site as one Markdown text; since 2026-06-16 the
docs repository no longer holds the table as Markdown), so the table is found by its columns
wherever it sits: a retirement-date column plus an id column ("API Endpoints"). Two layouts
are read: 11 columns (``… | Legacy date | Deprecation on date | Retirement date | Alternative
model``, 2024-11 to 2025-03) and 7 (``Model | Weight availability | API Endpoints | Version |
Deprecation date | Retirement date | Alternative model``). One record per backticked id in
the "API Endpoints" cell; the "Legacy date" (the day customers are told) is the announcement.
The "Version" column is a docs label that repeats, and sometimes contradicts, the id's own
suffix (``mistral-small-2402`` listed as ``24.09``), so it is not a pin: version stays null.
The alternative is passed through as written (a ``-latest`` alias, once the model itself).
Rows without an id are skipped with a warning; unreadable dates (``2525/06/06``) are kept as
text with no date and a warning; ``TBD`` means "no date yet".
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import model_ids, replacements, tidy_id
from sources.dates import ParsedDate, is_no_date, parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Cell, Table, blocks, column_role

# An id cell may name an endpoint path too: "`voxtral-mini-2507` via `audio/transcriptions`".
_ID = re.compile(r"^[A-Za-z0-9][\w.:-]*$")


@source(
    name="mistral",
    provider="mistral",
    url="https://docs.mistral.ai/llms-full.txt",
    health=Health(markers=("API Endpoints", "Retirement date"), min_rows=5, canaries=("open-mistral-7b",)),
)
def parse(document: Document) -> ParseResult:
    """Mistral models overview, "Legacy models" table (docs.mistral.ai llms-full.txt)."""
    result = ParseResult()
    seen: set[Retirement] = set()
    for block in blocks(document.text):
        if not isinstance(block, Table) or block.role_index("retires") is None:
            continue
        id_column = _id_column(block)
        if id_column is None:
            continue
        for record in _rows(block, id_column, document.url, result.warnings):
            # llms-full.txt may carry the same page twice (locales, versions): one fact once.
            if record not in seen:
                seen.add(record)
                result.records.append(record)
    return result


def _id_column(table: Table) -> int | None:
    """The API id column: "API Endpoints" (the "Model" column holds display names)."""
    candidates = [i for i, title in enumerate(table.header) if column_role(title) == "model"]
    for index in candidates:
        if "endpoint" in table.header[index].lower():
            return index
    # A relabelled id column still carries backticked ids; a display-name column does not.
    with_code = [i for i in candidates if any(row[i].code for row in table.rows if i < len(row))]
    return with_code[0] if with_code else None


def _ids(cell: Cell) -> list[str]:
    return [i for i in model_ids(cell) if _ID.match(i) and not is_no_date(i)]


def _status(headings: tuple[str, ...]) -> str:
    section = headings[-1].lower() if headings else ""
    for word, status in (("legacy", "legacy"), ("retired", "retired"), ("deprecat", "deprecated")):
        if word in section:
            return status
    return "deprecated"


def _date(row: list[Cell], index: int | None) -> ParsedDate:
    return parse_date(row[index].text) if index is not None else ParsedDate(text="")


def _rows(table: Table, id_column: int, url: str, warnings: list[str]) -> list[Retirement]:
    names = [i for i, title in enumerate(table.header) if column_role(title) == "model" and i != id_column]
    name_column = names[0] if names else None
    retires_at, deprecated_at = table.role_index("retires"), table.role_index("deprecated")
    legacy_at, replacement_at = table.role_index("legacy"), table.role_index("replacement")
    status = _status(table.headings)
    records = []
    for row in table.rows:
        name = row[name_column].text if name_column is not None else ""
        ids = _ids(row[id_column])
        if not ids:
            # 2025-10 on: "Mathstral 7B" sits in the table with no endpoint and no dates.
            if name or row[id_column].text:
                warnings.append(f"{name or row[id_column].text}: row without an API id; skipped")
            continue
        retires, deprecated, legacy = _date(row, retires_at), _date(row, deprecated_at), _date(row, legacy_at)
        for label, parsed in (("retirement", retires), ("deprecation", deprecated), ("legacy", legacy)):
            if parsed.problem:
                warnings.append(f"{', '.join(ids)}: {label} date {parsed.text!r}: {parsed.problem}")
        alternative = replacements(row[replacement_at]) if replacement_at is not None else ()
        for model in ids:
            records.append(
                Retirement(
                    provider="mistral",
                    model=tidy_id(model),
                    status=status,
                    announced_on=legacy.iso,
                    deprecated_on=deprecated.iso,
                    retires_on=retires.iso,
                    retires_on_text=retires.text or None,
                    not_before=retires.not_before,
                    replacement=alternative,
                    source_url=url,
                )
            )
    return records
