"""Azure OpenAI model retirements (raw Markdown of the MicrosoftDocs/azure-ai-docs include).

The rendered article only holds ``[!INCLUDE [Model retirement table](../includes/retirement/models.md)]``,
so the poll follows includes; this parser reads whichever version of the table it is given:
``Model | Version | Retirement date`` (2024), with ``Suggested replacements`` (2025-04), in
tabs (2025-06), and ``Model Name | Model Version | Lifecycle Status | Deprecation Date (No
New Customers) | Retirement Date | Replacement Model`` (2025-12 on). Shared rows
(``gpt-4<br>gpt-4-32k``) become one record per model; "model - version" cells are split;
the fine-tuned table becomes a training record and a deployment (fine-tune-inference)
record per model, with relative dates ("At base model retirement") kept as written.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import model_ids, replacements, retirement_date, tidy_id
from sources.dates import ParsedDate, parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Cell, Table, markdown_blocks

_MODEL_DASH_VERSION = re.compile(r"^(?P<models>.+?)\s+-\s+(?P<version>[\w.-]+)$")


@source(
    name="azure",
    provider="azure",
    url="https://raw.githubusercontent.com/MicrosoftDocs/azure-ai-docs/main/articles/ai-foundry/openai/includes/retirement/models.md",
    health=Health(markers=("Retirement",), min_rows=20, canaries=("gpt-4o",)),
    follow_includes=True,
)
def parse(document: Document) -> ParseResult:
    """Azure OpenAI model retirements (raw Markdown include from MicrosoftDocs/azure-ai-docs)."""
    return parse_tables(document, provider="azure")


def parse_tables(document: Document, *, provider: str, section_filter=None) -> ParseResult:
    """Shared by the Foundry lifecycle page, which carries a copy of this table."""
    result = ParseResult()
    for block in markdown_blocks(document.text):
        if not isinstance(block, Table):
            continue
        if section_filter is not None and not section_filter(block.headings):
            continue
        if block.role_index("training_retires") is not None:
            result.records.extend(_fine_tuned(block, provider, document.url))
        elif block.role_index("retires") is not None and block.role_index("model") is not None:
            result.records.extend(_base_models(block, provider, document.url, result.warnings))
    return result


def _status(table: Table, row: dict[str, Cell]) -> str:
    if any("deprecated" in h.lower() for h in table.headings):
        return "deprecated"
    return "active"


def _models_and_version(row: dict[str, Cell]) -> tuple[list[str], str | None]:
    cell = row["model"]
    version = tidy_id(row["version"].text) if row.get("version") else None
    ids = model_ids(cell)
    # Deprecated table: "`gpt-4`<br>`gpt-4-32k` - 0314" puts the version in the model cell.
    m = _MODEL_DASH_VERSION.match(cell.text)
    if m and version is None:
        version = m.group("version")
        ids = [i for i in (tidy_id(x) for x in re.split(r"\s+", m.group("models"))) if i] if not cell.code else ids
    return ids, version or None


def _base_models(table: Table, provider: str, url: str, warnings: list[str]) -> list[Retirement]:
    records = []
    for row in table.records():
        if not row.get("model"):
            continue
        ids, version = _models_and_version(row)
        retires, deprecation_in_cell = retirement_date(row.get("retires", Cell("")))
        deprecated = deprecation_in_cell or (parse_date(row["deprecated"].text) if row.get("deprecated") else None)
        for problem_date in (retires, deprecated):
            if problem_date is not None and problem_date.problem:
                warnings.append(f"{' / '.join(ids)} {version or ''}: {problem_date.problem}: {problem_date.text!r}")
        for model in ids:
            records.append(
                Retirement(
                    provider=provider,
                    model=model,
                    version=version,
                    status=_status(table, row),
                    deprecated_on=deprecated.iso if deprecated else None,
                    retires_on=retires.iso,
                    retires_on_text=retires.text or None,
                    not_before=retires.not_before,
                    scope="inference",
                    replacement=replacements(row["replacement"]) if row.get("replacement") else (),
                    source_url=url,
                )
            )
    return records


def _fine_tuned(table: Table, provider: str, url: str) -> list[Retirement]:
    records = []
    for row in table.records():
        if not row.get("model"):
            continue
        ids, version = _models_and_version(row)
        phases = (("training_retires", "fine-tune-training"), ("deployment_retires", "fine-tune-inference"))
        for column, scope in phases:
            when = parse_date(row[column].text) if row.get(column) else ParsedDate(text="")
            for model in ids:
                records.append(
                    Retirement(
                        provider=provider,
                        model=model,
                        version=version,
                        status="active",
                        retires_on=when.iso,
                        retires_on_text=when.text or None,
                        not_before=when.not_before,
                        scope=scope,
                        source_url=url,
                    )
                )
    return records
