"""From a registry pin to the facts that decide its fate.

The same snapshot retires on different dates at different providers, so matching is always
per provider. Ids are normalised (case, backticks, Unicode hyphens, ``models/`` prefixes,
Bedrock ``:0`` suffixes, Azure spellings) and looked up through an alias table that
``ftwatch.yaml`` can extend. For a fine-tune two dates matter: when it stops serving (its
``fine-tune-inference`` fact if the provider states one, else the base's shutdown) and when
it can no longer be retrained (``fine-tune-training``). Azure states some of these relative
to each other ("One year after training retirement"); they are derived here, with the
derivation kept for the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from sources.dates import clean_text
from sources.record import Retirement

# Spellings one provider uses for the same model. Extend per provider in ftwatch.yaml `aliases`.
BUILTIN_ALIASES: dict[str, dict[str, str]] = {
    "azure": {"gpt-35-turbo": "gpt-3.5-turbo", "gpt-35-turbo-16k": "gpt-3.5-turbo-16k",
              "gpt-35-turbo-instruct": "gpt-3.5-turbo-instruct", "dalle-3": "dall-e-3", "dalle-2": "dall-e-2",
              "model-router": "model-router"},
}

_PREFIXES = ("publishers/google/models/", "models/", "projects/")
_DATE_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$")


def normalize_id(model: str) -> str:
    """Comparable form of a model id: ``Models/GPT‑4o `` -> ``gpt-4o``."""
    text = clean_text(model).strip("`\"' ").lower()
    if text == "*":  # a provider-wide fact (OpenAI: no new fine-tuning jobs for anyone)
        return text
    text = text.strip("*")
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
    text = re.sub(r"\s+", "-", text)
    return re.sub(r":\d+$", "", text)  # Bedrock "-v1:0": the throughput suffix, not the model


@dataclass(frozen=True)
class Pin:
    """What a registry entry pins: provider, model, optional version."""

    provider: str
    model: str
    version: str | None = None


class Matcher:
    """Finds the facts for a pin among stored facts, with aliases applied."""

    def __init__(self, facts: list[tuple[str, bool, Retirement]], aliases: dict[str, dict[str, str]] | None = None):
        self.aliases = {p: {normalize_id(k): normalize_id(v) for k, v in m.items()} for p, m in BUILTIN_ALIASES.items()}
        for provider, table in (aliases or {}).items():
            self.aliases.setdefault(provider, {}).update({normalize_id(k): normalize_id(v) for k, v in table.items()})
        self._by_model: dict[tuple[str, str], list[tuple[str, bool, Retirement]]] = {}
        for source, listed, record in facts:
            key = (record.provider, self.canonical(record.provider, record.model))
            self._by_model.setdefault(key, []).append((source, listed, record))

    def canonical(self, provider: str, model: str) -> str:
        model = normalize_id(model)
        return self.aliases.get(provider, {}).get(model, model)

    def facts_for(self, pin: Pin, scope: str) -> list[tuple[str, bool, Retirement]]:
        """Facts about exactly this provider/model(/version) in one scope; versionless facts
        apply to every version, a versioned fact beats them."""
        model = self.canonical(pin.provider, pin.model)
        candidates = list(self._by_model.get((pin.provider, model), []))
        if pin.version is None:
            # "gpt-realtime-mini-2025-12-15" on Azure: the version is also in the name.
            stem = _DATE_SUFFIX.sub("", model)
            if stem != model:
                candidates += [
                    c for c in self._by_model.get((pin.provider, stem), [])
                    if c[2].version and model.endswith(normalize_id(c[2].version))
                ]
        in_scope = [c for c in candidates if c[2].scope == scope]
        if pin.version is not None:
            want = normalize_id(pin.version)
            exact = [c for c in in_scope if c[2].version and normalize_id(c[2].version) == want]
            return exact or [c for c in in_scope if not c[2].version]
        return in_scope

    def provider_wide(self, provider: str, scope: str) -> list[tuple[str, bool, Retirement]]:
        """Facts that apply to every model of a provider (model ``*``)."""
        return [c for c in self._by_model.get((provider, "*"), []) if c[2].scope == scope]

    def known(self, pin: Pin) -> bool:
        """Does any source say anything at all about this model at this provider?"""
        model = self.canonical(pin.provider, pin.model)
        return (pin.provider, model) in self._by_model or (pin.provider, _DATE_SUFFIX.sub("", model)) in self._by_model


def operative(facts: list[tuple[str, bool, Retirement]], provider: str) -> tuple[str, bool, Retirement] | None:
    """The one fact that rules when several speak about the same model and scope.

    Listed beats no-longer-listed; the provider's own source beats copies on other pages;
    the latest announcement beats older ones (OpenAI re-announces snapshots); a stated date
    beats none; among equals, the earliest date (never the rosiest).
    """
    if not facts:
        return None

    def rank(item: tuple[str, bool, Retirement]):
        source, listed, record = item
        return (
            not listed,
            source != provider,
            _negated(record.announced_on),
            record.retires_on is None,
            record.retires_on or "",
        )

    return sorted(facts, key=rank)[0]


def _negated(iso: str | None) -> tuple:
    """Sort key that puts the latest date first and None last."""
    if iso is None:
        return (1,)
    return (0, tuple(-int(part) for part in iso.split("-")))


@dataclass(frozen=True)
class Exposure:
    """What one fine-tune faces in one respect: when it stops serving, or stops being retrainable."""

    scope: str  # "inference" (serving) or "fine-tune-training"
    record: Retirement | None
    source: str | None
    retires_on: str | None
    not_before: bool
    derived_from: str | None = None  # explanation when the date is computed from a relative phrase
    fallback_replacement: tuple[str, ...] = ()  # the base's successor when this fact names none

    @property
    def replacement(self) -> tuple[str, ...]:
        own = self.record.replacement if self.record else ()
        return own or self.fallback_replacement

    @property
    def day(self) -> date | None:
        """The day to plan against: the first day of a month-precision date."""
        return as_day(self.retires_on)


def as_day(iso: str | None) -> date | None:
    if not iso:
        return None
    return date.fromisoformat(iso if len(iso) == 10 else f"{iso}-01")


def exposures(matcher: Matcher, pin: Pin) -> dict[str, Exposure]:
    """Serving end and training cut-off of a fine-tune on ``pin``."""
    provider = pin.provider
    base = operative(matcher.facts_for(pin, "inference"), provider)
    # Training ends at the earliest cut-off that applies: this base's own, or a provider-wide one.
    training_facts = [
        fact for fact in (
            operative(matcher.facts_for(pin, "fine-tune-training"), provider),
            operative(matcher.provider_wide(provider, "fine-tune-training"), provider),
        ) if fact is not None
    ]
    training = min(training_facts, key=lambda f: (f[2].retires_on is None, f[2].retires_on or ""), default=None)
    serving = operative(matcher.facts_for(pin, "fine-tune-inference"), provider)

    base_exposure = _exposure("inference", base)
    training_exposure = _resolve(_exposure("fine-tune-training", training), base_exposure, None)
    if serving is not None:
        serving_exposure = _resolve(_exposure("inference", serving), base_exposure, training_exposure)
        # A fine-tune-inference fact without any usable date does not hide the base's date.
        if serving_exposure.retires_on is None and base_exposure.retires_on is not None:
            serving_exposure = base_exposure
    else:
        serving_exposure = base_exposure
    # Azure's fine-tuned table names no successor; the base's recommended replacement applies.
    successor = base_exposure.replacement
    return {"inference": replace(serving_exposure, fallback_replacement=successor),
            "fine-tune-training": replace(training_exposure, fallback_replacement=successor)}


def _exposure(scope: str, fact: tuple[str, bool, Retirement] | None) -> Exposure:
    if fact is None:
        return Exposure(scope, None, None, None, False)
    source, _, record = fact
    return Exposure(scope, record, source, record.retires_on, record.not_before)


def _resolve(exposure: Exposure, base: Exposure, training: Exposure | None) -> Exposure:
    """Azure's fine-tuned table speaks in relative dates; derive them from the facts they name."""
    record = exposure.record
    if record is None or record.retires_on or not record.retires_on_text:
        return exposure
    text = record.retires_on_text.lower()
    anchor = None
    if "base model retirement" in text:
        anchor, label = base, "the base model's retirement"
    elif "training retirement" in text and training is not None:
        anchor, label = training, "training retirement"
    if anchor is None or anchor.retires_on is None:
        return exposure
    years = 1 if re.search(r"\bone year after\b|\b1 year after\b", text) else 0
    if years == 0 and not text.startswith("at "):
        return exposure
    derived = _add_years(anchor.retires_on, years)
    how = f"{record.retires_on_text} ({label}: {anchor.retires_on})"
    return replace(exposure, retires_on=derived, not_before=anchor.not_before, derived_from=how)


def _add_years(iso: str, years: int) -> str:
    if years == 0:
        return iso
    day = as_day(iso)
    try:
        moved = day.replace(year=day.year + years)
    except ValueError:  # 29 February
        moved = day.replace(year=day.year + years, day=28)
    return moved.isoformat() if len(iso) == 10 else moved.isoformat()[:7]


def is_floating(pin: Pin) -> bool:
    """A pin whose snapshot can change under it without any retirement notice."""
    model = normalize_id(pin.model)
    if model.endswith("-latest") or model.endswith("latest") or "-latest-" in model:
        return True
    if pin.provider == "azure":
        return pin.version is None and not _DATE_SUFFIX.search(model)
    if pin.provider in ("openai", "gemini", "vertex", "anthropic", "mistral"):
        return not (_DATE_SUFFIX.search(model) or re.search(r"-\d{3}$", model) or re.search(r"@\d+", pin.model))
    return False
