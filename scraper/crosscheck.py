"""LiteLLM's aggregated ``deprecation_date`` map as a second opinion, never as the truth.

The LiteLLM adapter keeps each key as written (``azure/eu/gpt-4o-2024-08-06``) with its
``litellm_provider`` in ``region``. Here they are mapped to ftwatch's provider + model so a
pin can be compared: when LiteLLM disagrees with the provider's own page (it often does,
e.g. Azure gpt-4o-2024-08-06), ``status`` says so; alerts keep following the provider.
"""

from __future__ import annotations

from scraper.match import Matcher, Pin, normalize_id
from sources.record import Retirement

# litellm_provider prefixes -> ftwatch provider names
PROVIDERS = (
    ("vertex_ai", "vertex"), ("bedrock", "bedrock"), ("azure", "azure"), ("openai", "openai"),
    ("gemini", "gemini"), ("anthropic", "anthropic"), ("mistral", "mistral"), ("cohere", "cohere"),
    ("groq", "groq"), ("together_ai", "together"), ("openrouter", "openrouter"),
)
# Deployment scopes LiteLLM puts between provider and model ("azure/eu/...", "azure/us/...").
_SCOPES = {"eu", "us", "global", "global-standard", "data-zone"}


def ftwatch_provider(litellm_provider: str | None) -> str | None:
    for prefix, provider in PROVIDERS:
        if (litellm_provider or "").startswith(prefix):
            return provider
    return None


def litellm_dates(facts: list[tuple[str, bool, Retirement]]) -> dict[tuple[str, str], str]:
    """(ftwatch provider, model id) -> LiteLLM's date; the earliest where keys repeat per region."""
    dates: dict[tuple[str, str], str] = {}
    for source, _, record in facts:
        if source != "litellm" or not record.retires_on:
            continue
        provider = ftwatch_provider(record.region)
        if provider is None:
            continue
        parts = record.model.split("/")
        if len(parts) > 1 and parts[0] in (provider, record.region or ""):
            parts = parts[1:]
        if len(parts) > 1 and parts[0] in _SCOPES:
            parts = parts[1:]
        key = (provider, normalize_id("/".join(parts)))
        dates[key] = min(dates.get(key, record.retires_on), record.retires_on)
    return dates


def second_opinion(dates: dict[tuple[str, str], str], matcher: Matcher, pin: Pin) -> str | None:
    """LiteLLM's date for a pin (Azure pins add their version to the id, as LiteLLM does)."""
    model = matcher.canonical(pin.provider, pin.model)
    candidates = [model, normalize_id(pin.model)]
    if pin.version:
        candidates += [f"{c}-{normalize_id(pin.version)}" for c in list(candidates)]
    for candidate in candidates:
        for key in ((pin.provider, candidate), (pin.provider, matcher.canonical(pin.provider, candidate))):
            if key in dates:
                return dates[key]
    return None
