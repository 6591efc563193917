"""Azure AI Foundry model lifecycle and retirement (raw Markdown from MicrosoftDocs/azure-ai-docs).

Per-vendor tables ``Model | Legacy date (UTC) | Deprecation date (UTC) | Retirement date (UTC)
| Suggested replacement model`` under ``#### <vendor>`` headings give provider
``azure-foundry`` records (models served as Foundry deployments). The page also carries a
copy of the Azure OpenAI table, which drifts from the canonical one: it is read with the
``azure`` provider, and the ``azure`` source wins where both speak.
"""

from __future__ import annotations

from sources import Health, source
from sources.azure import parse_tables
from sources.cells import replacements, tidy_id
from sources.dates import parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Table, markdown_blocks


def _is_openai_section(headings: tuple[str, ...]) -> bool:
    return any("openai" in h.lower() for h in headings[1:])


@source(
    name="azure-foundry",
    provider="azure-foundry",
    url="https://raw.githubusercontent.com/MicrosoftDocs/azure-ai-docs/main/articles/ai-foundry/concepts/model-lifecycle-retirement.md",
    health=Health(markers=("Retirement date",), min_rows=5),
)
def parse(document: Document) -> ParseResult:
    """Azure AI Foundry model lifecycle and retirement (non-OpenAI Foundry models)."""
    result = parse_tables(document, provider="azure", section_filter=_is_openai_section)
    for block in markdown_blocks(document.text):
        if not isinstance(block, Table) or _is_openai_section(block.headings):
            continue
        if block.role_index("retires") is None or block.role_index("model") is None:
            continue
        result.records.extend(_vendor_rows(block, document.url, result.warnings))
    return result


def _vendor_rows(table: Table, url: str, warnings: list[str]) -> list[Retirement]:
    records = []
    for row in table.records():
        if not row.get("model"):
            continue
        model = tidy_id(row["model"].links[0][0] if row["model"].links else row["model"].text)
        retires = parse_date(row["retires"].text)
        deprecated = parse_date(row["deprecated"].text) if row.get("deprecated") else None
        for parsed in (retires, deprecated):
            if parsed is not None and parsed.problem:
                warnings.append(f"{model}: {parsed.problem}: {parsed.text!r}")
        records.append(
            Retirement(
                provider="azure-foundry",
                model=model,
                status="deprecated",
                deprecated_on=deprecated.iso if deprecated else None,
                retires_on=retires.iso,
                retires_on_text=retires.text or None,
                not_before=retires.not_before,
                replacement=replacements(row["replacement"]) if row.get("replacement") else (),
                source_url=url,
            )
        )
    return records
