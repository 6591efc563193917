"""Together AI deprecations page (the Markdown twin Mintlify serves at ``/docs/deprecations.md``).

"Deprecation history" holds two ``Removal date | Model | ...`` tables. ``### Inference``
(``Supported by on-demand dedicated endpoints``, no replacement column) lists "all models
removed from serverless inference"; ``### Fine-tuning`` (``Suggested replacement``) lists
models that "can no longer be used as a base model for a fine-tuning job", so its rows are
``fine-tune-training`` records (the page says nothing about serving existing fine-tunes, so no
``fine-tune-inference`` record is made). Both tables list removed models, so rows are
``retired``. The tables are unsorted and repeat models with other dates (each kept); the
trailing ``**Notes on model support:**`` row is a label, not a model. "Active model redirects"
(``Original model | Redirects to``) are silent upgrades of a serverless id, which the page
calls upgrades, not deprecations: they are not read as retirements.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import model_ids, replacements, tidy_id
from sources.dates import parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Table, markdown_blocks

PROVIDER = "together"

# Mintlify puts "> ## Documentation Index / > Fetch the complete documentation index ..." first.
_BANNER = re.compile(r"\A\s*(?:>[^\n]*\n)*?>[^\n]*Documentation Index[^\n]*\n(?:>[^\n]*\n)*", re.I)
# Together ids are Hugging Face style ("Qwen/Qwen3-8B") or slugs ("arcee_ai/arcee-spotlight").
_ID = re.compile(r"^[\w.\-/:@+]+$")


@source(
    name="together",
    provider=PROVIDER,
    url="https://docs.together.ai/docs/deprecations.md",
    health=Health(
        markers=("Removal date", "Fine-tuning"),
        min_rows=150,
        canaries=("meta-llama/Llama-2-70b-chat-hf", "codellama/CodeLlama-34b-Instruct-hf"),
    ),
)
def parse(document: Document) -> ParseResult:
    """Together AI deprecations page (Markdown twin)."""
    result = ParseResult()
    seen: set[Retirement] = set()
    for block in markdown_blocks(_BANNER.sub("", document.text, count=1)):
        # Only the removal tables: the redirect and policy tables have no removal date column.
        if not isinstance(block, Table) or None in (block.role_index("retires"), block.role_index("model")):
            continue
        for record in _rows(block, document.url, result.warnings):
            if record not in seen:  # the page repeats some rows verbatim
                seen.add(record)
                result.records.append(record)
    return result


def _scope(table: Table) -> str:
    # "### Fine-tuning": "These models can no longer be used as a base model for a fine-tuning job."
    section = table.headings[-1] if table.headings else ""
    return "fine-tune-training" if re.search(r"fine-?tun", section, re.I) else "inference"


def _status(table: Table) -> str:
    # "The table below lists all models removed from ..." under "Deprecation history".
    context = " ".join((*table.headings, table.intro))
    return "retired" if re.search(r"\bremoved\b|\bhistory\b", context, re.I) else "deprecated"


def _rows(table: Table, url: str, warnings: list[str]) -> list[Retirement]:
    scope, status = _scope(table), _status(table)
    records = []
    for row in table.records():
        cell = row.get("model")
        if not cell:
            continue  # "**Notes on model support:**" sits alone in the date column
        ids = [i for i in (model_ids(cell) if cell.code else [tidy_id(cell.text)]) if _ID.match(i)]
        when = parse_date(row["retires"].text if row.get("retires") else "")
        if when.problem:
            warnings.append(f"{', '.join(ids) or cell.text}: {when.problem}: {when.text!r}")
        for model in ids:
            records.append(
                Retirement(
                    provider=PROVIDER,
                    model=model,
                    status=status,
                    retires_on=when.iso,
                    retires_on_text=when.text or None,
                    not_before=when.not_before,
                    scope=scope,
                    replacement=replacements(row["replacement"]) if row.get("replacement") else (),
                    source_url=url,
                )
            )
    return records
