"""LiteLLM's model map (model_prices_and_context_window.json), as a cross-check only.

A community-maintained aggregate, not any provider's statement: its dates often disagree
with the providers' own pages and turn "not sooner than" floors into plain dates. So every
record has provider ``litellm`` (never the provider it is about), model = the map key as
written (``azure/eu/gpt-4o-2024-08-06``, ``openrouter/google/gemini-2.0-flash-001``),
retires_on = its ``deprecation_date``, and region = the entry's ``litellm_provider``
(``azure``, ``bedrock_converse``, ``vertex_ai-language-models``) so the key can be mapped
to a provider later. There is no replacement field. The ``sample_spec`` entry documents the
schema and is skipped.
"""

from __future__ import annotations


from sources import Health, source
from sources.dates import parse_date
from sources.record import Document, ParseResult, Retirement

_SCHEMA_ENTRY = "sample_spec"


@source(
    name="litellm",
    provider="litellm",
    url="https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json",
    health=Health(markers=("litellm_provider", "deprecation_date"), min_rows=30, canaries=("gpt-4-0613",)),
)
def parse(document: Document) -> ParseResult:
    """LiteLLM model map: entries with a ``deprecation_date`` (cross-check, provider ``litellm``)."""
    result = ParseResult()
    entries = document.json(result.warnings)
    if entries is None:
        return result
    if not isinstance(entries, dict):
        result.warnings.append("not a JSON object of model entries; no entries read")
        return result
    for key, entry in entries.items():
        # Besides models the map holds the schema entry and (in mirrors) "last_updated": "<time>".
        if key == _SCHEMA_ENTRY or not isinstance(entry, dict):
            continue
        written = entry.get("deprecation_date")
        if written is None or written == "":
            continue
        written = str(written).strip()
        when = parse_date(written)
        if not when.iso:
            result.warnings.append(f"{key}: {when.problem or 'no date'}: {written!r}")
        provider = entry.get("litellm_provider")
        result.records.append(
            Retirement(
                provider="litellm",
                model=key,
                status="deprecated",
                retires_on=when.iso,
                retires_on_text=written,
                not_before=when.not_before,
                region=provider if isinstance(provider, str) and provider else None,
                source_url=document.url,
            )
        )
    return result
