"""Vertex AI model versions and lifecycle (Gemini and embedding models on Google Cloud).

The page is HTML (copies may be HTML converted to Markdown); both are read into the same
tables. ``Model ID | Release date | Retirement date | Details`` (or ``Recommended upgrade``)
tables sit under "Latest stable models" (status active), "Legacy stable models" (legacy;
a ``*`` after the id means "restricted for new projects") and "Retired models" (retired;
requests return 404). The retirement date is the last day the model is available; "No
retirement date announced" (any capitalisation) keeps the record with no date, ``May 2023``
is month precision. Ids written ``name@version`` (``multimodalembedding@001``) are split
into model and version, as a pin ``vertex/name@version`` reads them; ``gemini-2.0-flash-001``
stays whole. The auto-updated alias table states no retirement and is not read.
"""

from __future__ import annotations

from sources import Health, source
from sources.cells import model_ids, replacements, retirement_date, split_at_version
from sources.record import Document, ParseResult, Retirement
from sources.tables import Table, blocks

# Innermost heading first; the retired table sits under "#### The following table lists the
# retired models (click to expand)" below "## Retired models" (an expandable section).
_SECTION_STATUS = (("retired", "retired"), ("legacy", "legacy"), ("latest", "active"))


def _status(table: Table, has_date: bool) -> str:
    for text in (*reversed(table.headings), table.intro):
        lowered = text.lower()
        for word, status in _SECTION_STATUS:
            if word in lowered:
                return status
    # An older layout ("Available stable Gemini model versions") names no lifecycle stage: a
    # dated model is announced to retire.
    return "deprecated" if has_date else "active"


@source(
    name="vertex",
    provider="vertex",
    url="https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions",
    health=Health(
        markers=("Model ID", "Retirement date"),
        min_rows=5,
        canaries=("text-multilingual-embedding-002", "multimodalembedding"),
    ),
    format="html",
)
def parse(document: Document) -> ParseResult:
    """Vertex AI model versions and lifecycle page (Latest stable / Legacy stable / Retired)."""
    result = ParseResult()
    for block in blocks(document.text):
        if not isinstance(block, Table):
            continue
        if block.role_index("model") is None or block.role_index("retires") is None:
            continue  # the alias table (``Auto-updated alias | Stable version reference``)
        result.records.extend(_rows(block, document.url, result.warnings))
    return result


def _rows(table: Table, url: str, warnings: list[str]) -> list[Retirement]:
    records = []
    for row in table.records():
        cell = row.get("model")
        if not cell:
            continue
        retires, _ = retirement_date(row["retires"])
        ids = model_ids(cell)
        if retires.problem:
            warnings.append(f"{' / '.join(ids)}: {retires.problem}: {retires.text!r}")
        status = _status(table, retires.iso is not None)
        for model_id in ids:
            model, version = split_at_version(model_id)
            records.append(
                Retirement(
                    provider="vertex",
                    model=model,
                    version=version,
                    status=status,
                    retires_on=retires.iso,
                    retires_on_text=retires.text or None,
                    not_before=retires.not_before,
                    replacement=replacements(row["replacement"]) if row.get("replacement") else (),
                    source_url=url,
                )
            )
    return records
