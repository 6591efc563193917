"""OpenRouter models API (``GET /api/v1/models``, public, no key).

OpenRouter has no deprecations page: a model's ``expiration_date`` (``YYYY-MM-DD``, null for
most; ``expirationDate`` in some clients) is the day it leaves OpenRouter, and the model is
still listed on that day. Only models with a date yield a record (status deprecated, the
date as retirement); when ``canonical_slug`` differs from ``id`` (``x-ai/grok-4`` ->
``x-ai/grok-4-07-09``) the slug gets a record too, since teams pin either. A body that is
not the expected JSON yields no records and a warning.
"""

from __future__ import annotations


from sources import Health, source
from sources.dates import parse_date
from sources.record import Document, ParseResult, Retirement

@source(
    name="openrouter",
    provider="openrouter",
    url="https://openrouter.ai/api/v1/models",
    # Dated models drop off the list once expired, so zero rows and a sudden shrink are
    # normal; the field name is what must not silently disappear.
    health=Health(markers=('"data"', "expiration"), min_rows=0, max_shrink=1.0),
)
def parse(document: Document) -> ParseResult:
    """OpenRouter models API: models with an ``expiration_date``."""
    result = ParseResult()
    payload = document.json(result.warnings)
    if payload is None:
        return result
    models = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(models, list):
        result.warnings.append('no "data" list of models; no models read')
        return result
    for entry in models:
        if not isinstance(entry, dict):
            result.warnings.append(f"model entry is not an object: {entry!r:.80}")
            continue
        result.records.extend(_records(entry, document.url, result.warnings))
    return result


def _records(entry: dict, url: str, warnings: list[str]) -> list[Retirement]:
    expires = entry.get("expiration_date") or entry.get("expirationDate")
    if not expires:  # null for every model OpenRouter has not scheduled for removal
        return []
    model = entry.get("id")
    if not isinstance(model, str) or not model.strip():
        warnings.append(f"model with expiration {expires!r} has no id; skipped")
        return []
    written = str(expires).strip()
    when = parse_date(written)
    if not when.iso:
        warnings.append(f"{model}: {when.problem or 'no date'}: {written!r}")
    ids = [model.strip()]
    slug = entry.get("canonical_slug")
    if isinstance(slug, str) and slug.strip() and slug.strip() != ids[0]:
        ids.append(slug.strip())
    return [
        Retirement(
            provider="openrouter",
            model=model_id,
            status="deprecated",
            retires_on=when.iso,
            retires_on_text=written,
            not_before=when.not_before,
            source_url=url,
        )
        for model_id in ids
    ]
