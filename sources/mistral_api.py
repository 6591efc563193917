"""Mistral models API: ``GET https://api.mistral.ai/v1/models`` (needs the account's API key).

The JSON list (``{"object": "list", "data": [model cards]}``; the OpenAPI example shows a bare
list, which is read too) gives each card ``deprecation`` (an ISO date-time, or null) and
``deprecation_replacement_model``. Every card with a deprecation becomes a record: the date
part is ``retires_on`` (the API does not say whether the moment is deprecation or removal;
it is the only date it gives, so it is planned against), the value is kept as written, the
replacement is passed through. Each alias of a base card gets the same record, unless the
alias has a card of its own (that card speaks for it). A fine-tuned card (``type:
fine-tuned``) is a fact about fine-tunes of its base: scope fine-tune-inference, model =
its ``root`` (the base a team pins). A body that is not this JSON yields no records and a
warning.
"""

from __future__ import annotations


from sources import Health, source
from sources.cells import replacements, tidy_id
from sources.dates import parse_date
from sources.record import Document, ParseResult, Retirement

@source(
    name="mistral-api",
    provider="mistral",
    url="https://api.mistral.ai/v1/models",
    # Every card carries the field, null or not; having no deprecated model at all is healthy.
    health=Health(markers=("deprecation_replacement_model",), min_rows=0),
    # The models API needs a key: enable with `sources: {mistral-api: {enabled: true}}` and
    # MISTRAL_API_KEY in the environment.
    headers=(("Authorization", "Bearer ${MISTRAL_API_KEY}"),),
    enabled_by_default=False,
)
def parse(document: Document) -> ParseResult:
    """Mistral models API (/v1/models): per-model deprecation date and replacement."""
    result = ParseResult()
    cards = _cards(document, result.warnings)
    own_card = {tidy_id(str(card.get("id") or "")) for card in cards}
    seen: set[Retirement] = set()
    for card in cards:
        for record in _records(card, own_card, document.url, result.warnings):
            if record not in seen:
                seen.add(record)
                result.records.append(record)
    return result


def _cards(document: Document, warnings: list[str]) -> list[dict]:
    body = document.json(warnings)
    if body is None:
        return []
    data = body.get("data") if isinstance(body, dict) else body
    if not isinstance(data, list):
        warnings.append("JSON without a list of model cards (no 'data' array); nothing read")
        return []
    cards = [card for card in data if isinstance(card, dict)]
    if len(cards) < len(data):
        warnings.append(f"{len(data) - len(cards)} entries of 'data' are not model cards; skipped")
    return cards


def _fine_tuned(card: dict) -> bool:
    # The OpenAPI examples spell the discriminator "TYPE"; only fine-tuned cards have job/archived.
    kind = card.get("type", card.get("TYPE"))
    if kind is not None:
        return str(kind).lower() == "fine-tuned"
    return "job" in card or "archived" in card


def _records(card: dict, own_card: set[str], url: str, warnings: list[str]) -> list[Retirement]:
    value = card.get("deprecation")
    if value is None:
        return []
    model_id = tidy_id(str(card.get("id") or ""))
    if not model_id:
        warnings.append(f"a model card without an id has deprecation {value!r}; skipped")
        return []
    text = str(value).strip()
    when = parse_date(text)
    if not when.iso:
        warnings.append(f"{model_id}: deprecation {text!r}: {when.problem or 'not a date'}")
    replacement = card.get("deprecation_replacement_model")
    common = dict(
        provider="mistral",
        status="deprecated",
        retires_on=when.iso,
        retires_on_text=text or None,
        replacement=replacements(replacement) if isinstance(replacement, str) else (),
        source_url=url,
    )
    if _fine_tuned(card):
        base = tidy_id(str(card.get("root") or "")) or model_id
        return [Retirement(model=base, scope="fine-tune-inference", **common)]
    aliases = [tidy_id(str(a)) for a in card.get("aliases") or [] if isinstance(a, str)]
    ids = [model_id] + [a for a in aliases if a and a not in own_card]
    return [Retirement(model=model, **common) for model in dict.fromkeys(ids)]
