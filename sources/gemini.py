"""Gemini API deprecations page (the devsite Markdown export ``deprecations.md.txt``).

One ``## <family> models`` section per family (``## Managed agents`` for agents), each with a
``Model`` (or ``Agent``) | ``Release date`` | ``Shutdown date`` | ``Recommended replacement``
table. A full-width ``| Preview models ||||`` row splits GA rows from preview rows; it is a
label, not a model. Every row becomes a record: a row with a shutdown date is ``deprecated``
(the page's grey "already shut down" styling is lost in the export, and adapters do not know
today, so past and future dates are told apart downstream); a row with "No shutdown date
announced" is ``active`` with the text kept. The page says its shutdown dates are "the
earliest possible dates on which a model might be retired", so while it says so every date is
a floor (``not_before``). A model listed in two sections with the same facts is one record;
with different facts, one record per section. The rendered HTML page is read the same way.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import model_ids, replacements
from sources.dates import is_no_date, parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Cell, Paragraph, Table, blocks

# The page-wide note: "The shutdown dates listed in the table indicate the *earliest possible
# dates* on which a model might be retired".
_EARLIEST_NOTE = re.compile(r"shutdown dates\b.{0,80}?\bearliest possible\b", re.I)


@source(
    name="gemini",
    provider="gemini",
    url="https://ai.google.dev/gemini-api/docs/deprecations.md.txt",
    health=Health(
        markers=("Shutdown date", "Recommended replacement"),
        min_rows=40,
        canaries=("gemini-2.5-pro", "gemini-2.5-flash"),
    ),
)
def parse(document: Document) -> ParseResult:
    """Gemini API deprecations page (devsite Markdown export; the HTML page reads alike)."""
    result = ParseResult()
    page = blocks(document.text)
    floors = any(isinstance(b, Paragraph) and _EARLIEST_NOTE.search(b.text) for b in page)
    for block in page:
        if not isinstance(block, Table) or None in (block.role_index("model"), block.role_index("retires")):
            continue
        for record in _rows(block, floors, document.url, result.warnings):
            # gemini-3.8-live sits in "Gemini 3 models" and "Live API models" with the same
            # values: one fact. Different values would be two records.
            if record not in result.records:
                result.records.append(record)
    return result


def _is_group_label(row: list[Cell]) -> bool:
    """``| Preview models ||||`` / ``| Preview agents ||||``: only the first cell has text (in
    the HTML page it spans the row, so every cell repeats it)."""
    return bool(row) and bool(row[0]) and not row[0].code and all(not c or c == row[0] for c in row[1:])


def _rows(table: Table, floors: bool, url: str, warnings: list[str]) -> list[Retirement]:
    records = []
    for raw, row in zip(table.rows, table.records()):
        model_cell = row.get("model")
        if not model_cell or _is_group_label(raw):
            continue
        cell = row.get("retires") or Cell("")
        when = parse_date(cell.text)
        if when.problem:
            warnings.append(f"{model_cell.text}: {when.problem}: {when.text!r}")
        for model in model_ids(model_cell):
            records.append(
                Retirement(
                    provider="gemini",
                    model=model,
                    # Any date, even an unreadable one, means a shutdown is scheduled.
                    status="active" if is_no_date(cell.text) else "deprecated",
                    retires_on=when.iso,
                    retires_on_text=when.text or None,
                    not_before=when.not_before or (floors and when.iso is not None),
                    replacement=replacements(row["replacement"]) if row.get("replacement") else (),
                    source_url=url,
                )
            )
    return records
