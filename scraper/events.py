"""Stored facts + registry + today -> the events a person must hear about, each exactly once.

Pure: no I/O. The memory lives in ``watch_state`` rows (per fine-tune and scope: the date we
last told its owner about and the most urgent milestone already sent), passed in and handed
back, so a re-run of the same poll yields nothing new, a moved date says "from -> to" and
re-arms the milestones, and a run that skipped several thresholds sends only the most urgent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from fnmatch import fnmatch

from scraper.match import Exposure, Matcher, Pin, exposures

KINDS = (
    "retirement-announced",
    "date-moved",
    "milestone",
    "retired",
    "training-cutoff",
    "source-broken",
    "base-unknown",
)

DEFAULT_THRESHOLDS = (180, 90, 60, 30, 14, 7, 1)
RETIRED = -1  # watch_state.milestone once the "retired" event went out
FLOOR_PASSED = 0  # ... once "the no-earlier-than date has passed" went out


@dataclass(frozen=True)
class Event:
    kind: str
    dedupe_key: str
    fine_tune: str | None = None
    base: str | None = None
    scope: str | None = None
    old_date: str | None = None
    new_date: str | None = None
    not_before: bool = False
    days_left: int | None = None
    threshold: int | None = None
    owner: str | None = None
    notify: tuple[str, ...] = ()
    replacement: tuple[str, ...] = ()
    source_url: str | None = None
    detail: str = ""
    digest: bool = False
    silenced: bool = False  # an ack holds it back: stored and listed, not sent
    context: dict = field(default_factory=dict, compare=False)

    @property
    def urgency(self) -> str:
        """info / warning / failure, for the channel's notification type.

        A "no earlier than" date is a floor for planning, never a page at 3 a.m.
        """
        if self.kind in ("source-broken", "base-unknown"):
            return "warning"
        if self.not_before:
            return "info"
        if self.kind == "retired" or (self.days_left is not None and self.days_left <= 7):
            return "failure"
        if self.days_left is not None and self.days_left <= 30:
            return "warning"
        return "info"


@dataclass
class WatchState:
    retires_on: str | None
    not_before: bool
    milestone: int | None


@dataclass(frozen=True)
class Ack:
    """An owner's "we know, we are on it": silences a fine-tune until ``until`` or until the
    date it was given for (``retires_on``) moves, whichever comes first."""

    fine_tune: str
    until: str
    reason: str
    retires_on: str | None

    def holds(self, today: date, current: str | None) -> bool:
        return today.isoformat() <= self.until and current == self.retires_on


@dataclass(frozen=True)
class FineTuneView:
    """The registry fields events need (kept apart from scraper.registry to stay pure)."""

    name: str
    provider: str
    model: str
    version: str | None
    pinned: str
    owner: str | None = None
    notify: tuple[str, ...] = ()
    thresholds: tuple[int, ...] | None = None
    rebuild_lead_days: int | None = None
    context: dict = field(default_factory=dict, compare=False)


def compute(
    fine_tunes: list[FineTuneView],
    matcher: Matcher,
    states: dict[tuple[str, str], WatchState],
    today: date,
    thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS,
    first_run: bool = False,
    acks: dict[str, Ack] | None = None,
) -> tuple[list[Event], dict[tuple[str, str], WatchState]]:
    """Events for this poll and the watch state to store after they are recorded."""
    events: list[Event] = []
    new_states = dict(states)
    for ft in fine_tunes:
        pin = Pin(ft.provider, ft.model, ft.version)
        mine: list[Event] = []
        if not matcher.known(pin):
            mine.append(_event(ft, "base-unknown", f"base-unknown:{ft.name}:{ft.pinned}", first_run,
                               detail=f"no source mentions {ft.pinned}: the id may be misspelled, or no retirement is announced for it yet"))
        found = exposures(matcher, pin)
        serving_state = states.get((ft.name, "inference"))
        mine += _serving(ft, found["inference"], serving_state, today, thresholds, first_run, new_states)
        training_state = states.get((ft.name, "fine-tune-training"))
        mine += _training(ft, found["fine-tune-training"], training_state, today, first_run, new_states)
        ack = (acks or {}).get(ft.name)
        if ack is not None and ack.holds(today, found["inference"].retires_on):
            mine = [replace(e, silenced=True) for e in mine]
        events += mine
    return events, new_states


def _days(exposure: Exposure, today: date) -> int | None:
    day = exposure.day
    return None if day is None else (day - today).days


def _serving(ft, exposure, state, today, thresholds, first_run, new_states) -> list[Event]:
    key = (ft.name, "inference")
    if exposure.retires_on is None:
        if state and state.retires_on:
            new_states[key] = WatchState(None, False, None)
            return [_dated(ft, exposure, "date-moved", today, state.retires_on, first_run,
                           detail=f"the retirement date {state.retires_on} is no longer stated ({_as_written(exposure)})")]
        return []
    days_left = _days(exposure, today)
    levels = sorted(set(ft.thresholds or thresholds) | ({ft.rebuild_lead_days} if ft.rebuild_lead_days else set()))
    crossed = [t for t in levels if days_left <= t]
    urgent = min(crossed) if crossed else None
    if days_left < 0:
        # A passed shutdown date is a retirement; a passed "no earlier than" floor means the
        # base may go any day now (Gemini's dates are all floors): said once, never as retired.
        urgent = FLOOR_PASSED if exposure.not_before else RETIRED

    if state is None or state.retires_on is None:
        new_states[key] = WatchState(exposure.retires_on, exposure.not_before, urgent)
        kind = "retired" if urgent == RETIRED else "retirement-announced"
        return [_dated(ft, exposure, kind, today, None, first_run)]
    if state.retires_on != exposure.retires_on or state.not_before != exposure.not_before:
        new_states[key] = WatchState(exposure.retires_on, exposure.not_before, urgent)
        return [_dated(ft, exposure, "date-moved", today, state.retires_on, first_run)]
    if urgent is None or (state.milestone is not None and urgent >= state.milestone):
        return []
    new_states[key] = WatchState(exposure.retires_on, exposure.not_before, urgent)
    if urgent == RETIRED:
        return [_dated(ft, exposure, "retired", today, None, first_run)]
    safe_start = ft.rebuild_lead_days is not None and urgent == ft.rebuild_lead_days
    if urgent == FLOOR_PASSED:
        detail = "the earliest possible shutdown date has passed: the base may be retired any day now"
    elif safe_start:
        detail = f"latest safe start: rebuilding takes {urgent} days"
    else:
        detail = f"{urgent}-day threshold crossed"
    return [_dated(ft, exposure, "milestone", today, None, first_run, threshold=urgent, detail=detail)]


def _training(ft, exposure, state, today, first_run, new_states) -> list[Event]:
    """Training cut-off: said when first known, when it moves, and once when it passes."""
    key = (ft.name, "fine-tune-training")
    if exposure.retires_on is None:
        return []
    passed = _days(exposure, today) < 0
    milestone = RETIRED if passed else None
    if state is not None and state.retires_on == exposure.retires_on and state.not_before == exposure.not_before:
        if state.milestone == RETIRED or not passed:
            return []
        new_states[key] = WatchState(exposure.retires_on, exposure.not_before, RETIRED)
        return [_dated(ft, exposure, "training-cutoff", today, None, first_run, detail="fine-tuning on this base has ended")]
    old = state.retires_on if state else None
    new_states[key] = WatchState(exposure.retires_on, exposure.not_before, milestone)
    return [_dated(ft, exposure, "training-cutoff", today, old, first_run)]


def _as_written(exposure: Exposure) -> str:
    return exposure.record.retires_on_text if exposure.record and exposure.record.retires_on_text else "no date"


def _dated(ft, exposure: Exposure, kind, today, old_date, first_run, threshold=None, detail="") -> Event:
    record = exposure.record
    days_left = _days(exposure, today)
    scope = "fine-tune-training" if kind == "training-cutoff" else exposure.scope
    suffix = f":{threshold}" if threshold is not None else ""
    if kind == "date-moved":
        suffix = f":{old_date}"
    dedupe = f"{kind}:{ft.name}:{ft.pinned}:{scope}:{exposure.retires_on}{':nb' if exposure.not_before else ''}{suffix}"
    context = dict(ft.context)
    context.update(
        retires_on_text=record.retires_on_text if record else None,
        derived_from=exposure.derived_from,
        source=exposure.source,
        status=record.status if record else None,
    )
    return Event(
        kind=kind,
        dedupe_key=dedupe,
        fine_tune=ft.name,
        base=ft.pinned,
        scope=scope,
        old_date=old_date,
        new_date=exposure.retires_on,
        not_before=exposure.not_before,
        days_left=days_left,
        threshold=threshold,
        owner=ft.owner,
        notify=ft.notify,
        replacement=exposure.replacement,
        source_url=record.source_url if record else None,
        detail=detail,
        digest=first_run,
        context=context,
    )


def _event(ft: FineTuneView, kind: str, dedupe: str, first_run: bool, detail: str) -> Event:
    return Event(kind=kind, dedupe_key=dedupe, fine_tune=ft.name, base=ft.pinned, owner=ft.owner,
                 notify=ft.notify, detail=detail, digest=first_run, context=dict(ft.context))


def subscription_events(subscriptions: tuple[dict, ...], changes: list[tuple[str, object]]) -> list[Event]:
    """New or moved retirements a channel subscribed to, pinned or not.

    ``changes`` are ``(source, store.Change)`` pairs from this poll, already without a source's
    first (baseline) read: a platform team hears about what changes, not the whole catalogue.
    """
    events = []
    for sub in subscriptions:
        providers = set(sub.get("providers") or ())
        patterns = tuple(p.lower() for p in sub.get("models") or ())
        for source, change in changes:
            record = change.record
            if providers and record.provider not in providers:
                continue
            if patterns and not any(fnmatch(record.model.lower(), p) for p in patterns):
                continue
            if change.kind == "new" and record.retires_on:
                kind, old = "retirement-announced", None
            elif change.kind == "changed" and ({"retires_on", "not_before"} & set(change.fields)):
                kind = "date-moved"
                old = change.fields["retires_on"][0] if "retires_on" in change.fields else record.retires_on
            else:
                continue
            base = f"{record.provider}/{record.model}" + (f"@{record.version}" if record.version else "")
            region = f" [{record.region}]" if record.region else ""
            events.append(Event(
                kind=kind,
                dedupe_key=f"subscription:{sub['name']}:{source}:{record.provider}:{record.key}:{old}->{record.retires_on}",
                base=base + region, scope=record.scope, old_date=old, new_date=record.retires_on,
                not_before=record.not_before, notify=tuple(sub.get("notify") or ()), replacement=record.replacement,
                source_url=record.source_url, detail=f"subscription {sub['name']}",
                context={"subscription": sub["name"], "source": source, "retires_on_text": record.retires_on_text},
            ))
    return events


def source_broken(source: str, since: str, error: str, url: str | None) -> Event:
    """One alert per broken episode (keyed by when it started), not one per failed poll."""
    return Event(kind="source-broken", dedupe_key=f"source-broken:{source}:{since}", detail=error,
                 source_url=url, context={"source": source, "since": since})


def event_payload(event: Event) -> dict:
    """The stored (and ``ftwatch events --json``) form of an event."""
    return {
        "kind": event.kind,
        "dedupe_key": event.dedupe_key,
        "fine_tune": event.fine_tune,
        "base": event.base,
        "scope": event.scope,
        "old_date": event.old_date,
        "new_date": event.new_date,
        "not_before": event.not_before,
        "days_left": event.days_left,
        "threshold": event.threshold,
        "owner": event.owner,
        "notify": list(event.notify),
        "replacement": list(event.replacement),
        "source_url": event.source_url,
        "detail": event.detail,
        "digest": event.digest,
        "silenced": event.silenced,
        "urgency": event.urgency,
        "context": event.context,
    }
