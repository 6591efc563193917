"""One poll: fetch every enabled source, parse, check health, store, compute events, notify.

The order is the safety argument. Each source's facts are committed in their own transaction
before anything is sent; events, watch state and the outbox are committed together next;
only then are messages delivered, and each delivery's result is recorded as it comes back.
A crash therefore costs at most a repeated delivery attempt, never a lost state change, and
a ``--dry-run`` runs all of it inside one transaction that is rolled back.
"""

from __future__ import annotations

import hashlib
import os
import re
from contextlib import nullcontext
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Callable
from urllib.parse import urljoin

from notifier.channels import Channels, DeliveryResult
from notifier.render import Message, compose
from scraper import health
from scraper.events import Event, FineTuneView, WatchState, compute, source_broken, subscription_events
from scraper.fetch import FetchRequest, FetchResult, FetchSettings, fetch_all
from scraper.match import Matcher
from scraper.registry import Registry
from scraper.settings import Settings
from scraper.store import Change, PollOutcome, Store, utc_now
from sources import Health, Source, all_sources
from sources.custom import make_source
from sources.record import Document, ParseResult
from sources.tables import includes, splice_includes


@dataclass(frozen=True)
class ActiveSource:
    source: Source
    url: str
    health: Health
    headers: tuple[tuple[str, str], ...] = ()
    problem: str | None = None  # why it cannot be polled as configured (a missing API key)


_ENV = re.compile(r"\$\{([A-Z0-9_]+)\}")


def _expand(headers: tuple[tuple[str, str], ...]) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """Fill ``${VAR}`` from the environment; the values are secrets and go nowhere else."""
    missing = sorted({name for _, value in headers for name in _ENV.findall(value) if not os.environ.get(name)})
    if missing:
        return (), f"needs {', '.join(missing)} in the environment (the value is never printed or stored)"
    return tuple((key, _ENV.sub(lambda m: os.environ[m.group(1)], value)) for key, value in headers), None


@dataclass
class SourceReport:
    name: str
    outcome: str  # fetched | unchanged | failed | broken
    rows: int | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    elapsed_ms: int | None = None
    baseline: bool = False  # the first good read of this source: its facts are not news


@dataclass
class PollReport:
    sources: list[SourceReport]
    events: list[Event]
    registry_problems: list
    dry_run: bool = False
    deliveries: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed_sources(self) -> list[SourceReport]:
        return [s for s in self.sources if s.outcome in ("failed", "broken")]

    @property
    def failed_deliveries(self) -> list:
        return [d for d in self.deliveries if not d.ok]

    @property
    def exit_code(self) -> int:
        """0 when everything worked; 1 when a source, the registry or a channel needs a human."""
        return 1 if (self.failed_sources or self.registry_problems or self.failed_deliveries) else 0


def catalog(settings: Settings) -> dict[str, Source]:
    """Every source ftwatch knows: the built-in adapters plus ftwatch.yaml's custom sources."""
    known = all_sources()
    known.update({spec["name"]: make_source(spec) for spec in settings.custom_sources})
    return known


def is_enabled(source: Source, override) -> bool:
    if override is not None and override.enabled is not None:
        return override.enabled
    return source.enabled_by_default


def active_sources(settings: Settings) -> list[ActiveSource]:
    """Known sources with ftwatch.yaml overrides applied; disabled ones left out."""
    chosen = []
    for name, source in catalog(settings).items():
        override = settings.sources.get(name)
        if not is_enabled(source, override):
            continue
        url = override.url if override and override.url else source.url
        health_ = source.health
        if override is not None and (override.min_rows is not None or override.max_shrink is not None):
            health_ = Health(
                markers=health_.markers,
                min_rows=override.min_rows if override.min_rows is not None else health_.min_rows,
                canaries=health_.canaries,
                max_shrink=override.max_shrink if override.max_shrink is not None else health_.max_shrink,
            )
        headers, problem = _expand(source.headers)
        chosen.append(ActiveSource(source, url, health_, headers, problem))
    return chosen


def fetch_settings(settings: Settings) -> FetchSettings:
    return FetchSettings(**settings.fetch)


def parse_safely(source: Source, document: Document) -> tuple[ParseResult | None, str | None]:
    """Run an adapter; a crash is a broken source with the reason, never a crashed poll."""
    try:
        return source.parse(document), None
    except Exception as error:  # noqa: BLE001 - any adapter bug must surface as a broken source
        return None, f"adapter {source.name!r} failed on this page: {type(error).__name__}: {error}"


def _follow_includes(active: ActiveSource, result: FetchResult, fetch: FetchSettings) -> tuple[bytes, list[str]]:
    text = result.body.decode("utf-8", errors="replace")
    paths = includes(text)
    if not paths:
        return result.body, []
    base = result.final_url or active.url
    fetched = fetch_all([FetchRequest(f"{active.source.name}:include", urljoin(base, p)) for p in paths], fetch)
    bodies, warnings = {}, []
    for path, got in zip(paths, fetched):
        if got.ok and got.body is not None:
            bodies[path] = got.body.decode("utf-8", errors="replace")
        else:
            warnings.append(f"include {path} not fetched: {got.error}")
    return splice_includes(text, bodies).encode("utf-8"), warnings


def poll_sources(store: Store, chosen: list[ActiveSource], fetch: FetchSettings,
                 progress: Progress = None) -> list[SourceReport]:
    """Fetch all sources concurrently, then parse and store each in its own transaction."""
    requests = []
    for active in chosen:
        row = store.source_row(active.source.name) or {}
        same_url = row.get("url") == active.url
        requests.append(FetchRequest(
            active.source.name, active.url,
            etag=row.get("etag") if same_url else None,
            last_modified=row.get("last_modified") if same_url else None,
            headers=active.headers,
        ))
    ready = [i for i, active in enumerate(chosen) if active.problem is None]
    _say(progress, f"fetching {len(ready)} sources")
    fetched = dict(zip(ready, fetch_all([requests[i] for i in ready], fetch)))
    reports = []
    for index, active in enumerate(chosen):
        _say(progress, f"reading {active.source.name}")
        if active.problem is not None:
            error = f"source {active.source.name} {active.problem}"
            store.record_poll(PollOutcome(source=active.source.name, provider=active.source.provider,
                                          url=active.url, outcome="failed", error=error))
            reports.append(SourceReport(active.source.name, "failed", error=error))
            continue
        reports.append(_poll_one(store, active, fetched[index], fetch))
    return reports


def _poll_one(store: Store, active: ActiveSource, result: FetchResult, fetch: FetchSettings) -> SourceReport:
    source = active.source
    started = time.monotonic()
    base = dict(source=source.name, provider=source.provider, url=active.url, http_status=result.status,
                elapsed_ms=result.elapsed_ms)
    if not result.ok:
        store.record_poll(PollOutcome(outcome="failed", error=result.error, **base))
        return SourceReport(source.name, "failed", error=result.error, elapsed_ms=result.elapsed_ms)
    row = store.source_row(source.name) or {}
    if result.not_modified:
        store.record_poll(PollOutcome(outcome="unchanged", etag=result.etag, last_modified=result.last_modified, **base))
        return SourceReport(source.name, "unchanged", rows=row.get("rows"), elapsed_ms=result.elapsed_ms)
    body, warnings = result.body, []
    if source.follow_includes:
        body, warnings = _follow_includes(active, result, fetch)
    sha = hashlib.sha256(body).hexdigest()
    validators = dict(etag=result.etag, last_modified=result.last_modified, content_type=result.content_type)
    if sha == row.get("last_hash") and row.get("state") == "ok":
        store.record_poll(PollOutcome(outcome="unchanged", sha256=sha, **validators, **base))
        return SourceReport(source.name, "unchanged", rows=row.get("rows"), elapsed_ms=result.elapsed_ms)
    document = Document(active.url, body, result.content_type)
    parsed, crash = parse_safely(source, document)
    reasons = [crash] if crash else health.problems(active.health, document, parsed, store.last_good_rows(source.name))
    elapsed = result.elapsed_ms + int((time.monotonic() - started) * 1000)
    if reasons:
        error = "; ".join(reasons)
        store.record_poll(PollOutcome(outcome="broken", body=body, sha256=sha, error=error, **validators, **base))
        return SourceReport(source.name, "broken", rows=len(parsed.records) if parsed else None, error=error,
                            warnings=warnings + (parsed.warnings if parsed else []), elapsed_ms=elapsed)
    baseline = row.get("rows") is None
    changes = store.record_poll(PollOutcome(outcome="fetched", body=body, sha256=sha, records=parsed.records,
                                            **validators, **base))
    return SourceReport(source.name, "fetched", rows=len(parsed.records), warnings=warnings + parsed.warnings,
                        changes=changes, elapsed_ms=elapsed, baseline=baseline)


def fine_tune_views(registry: Registry) -> list[FineTuneView]:
    views = []
    for ft in registry.fine_tunes:
        views.append(FineTuneView(
            name=ft.name, provider=ft.base.provider, model=ft.base.model, version=ft.base.version,
            pinned=ft.base.pinned, owner=ft.owner, notify=ft.notify, thresholds=ft.thresholds,
            rebuild_lead_days=ft.rebuild_lead_days,
            context={"training_data": ft.training_data, "eval_suite": ft.eval_suite,
                     "rebuild_runbook": ft.rebuild_runbook, "rebuild_cost": ft.rebuild_cost,
                     "base_deprecation": ft.base_deprecation},
        ))
    return views


def compute_events(store: Store, settings: Settings, registry: Registry, today: date,
                   reports: list[SourceReport]) -> tuple[list[Event], dict[tuple[str, str], WatchState]]:
    """Events that are new for this store, and the watch state that goes with them."""
    first_run = store.is_empty()
    matcher = Matcher(store.retirements(), settings.aliases)
    states = store.watch_states()
    events, new_states = compute(fine_tune_views(registry), matcher, states, today, settings.thresholds, first_run,
                                 acks=store.acks())
    news = [(r.name, change) for r in reports if not r.baseline for change in r.changes]
    events += subscription_events(settings.subscriptions, news)
    for report in reports:
        if report.outcome in ("failed", "broken"):
            row = store.source_row(report.name) or {}
            since = store.broken_since(report.name) or row.get("last_error_at") or utc_now()
            events.append(source_broken(report.name, since, report.error or "unknown error", row.get("url")))
    return [e for e in events if not store.has_event(e.dedupe_key)], new_states


class _DryRun(Exception):
    """Raised to roll back everything a --dry-run poll wrote."""


def run_poll(
    store: Store,
    settings: Settings,
    registry: Registry,
    today: date,
    channels: Channels | None,
    *,
    dry_run: bool = False,
    progress: Progress = None,
) -> PollReport:
    """The whole poll. With ``dry_run`` nothing is sent and nothing stays in the store."""
    report = PollReport([], [], list(registry.problems), dry_run=dry_run)
    try:
        with store.db.atomic() if dry_run else nullcontext():
            report.sources = poll_sources(store, active_sources(settings), fetch_settings(settings), progress)
            _say(progress, "matching the registry")
            report.events, states = compute_events(store, settings, registry, today, report.sources)
            messages = compose(report.events, settings.maintainers_tag)
            outbox = [(m.as_row(), _targets(channels, m)) for m in messages]
            store.save_events(report.events, states, outbox, today=today.isoformat())
            if dry_run:
                raise _DryRun
    except _DryRun:
        return report
    store.set_meta("last_poll_completed_at", utc_now())  # the heartbeat `ftwatch check --max-age` reads
    if channels is None or len(channels) == 0:
        if report.events:
            report.notes.append("no notification channels configured (set APPRISE_URLS or apprise_config): "
                                "events are stored and listed by `ftwatch events`, nothing was sent")
        return report
    _say(progress, "delivering notifications")
    report.deliveries = deliver(store, channels)
    return report


Progress = Callable[[str], None] | None


def _say(progress: Progress, message: str) -> None:
    if progress is not None:
        progress(message)


def _targets(channels: Channels | None, message: Message) -> list[tuple[str, str]]:
    if channels is None:
        return []
    return [(c.id, c.label) for c in channels.for_tags(message.tags)]


def deliver(store: Store, channels: Channels) -> list[DeliveryResult]:
    """Send every due delivery (new ones and earlier failures past their backoff)."""
    poll_number = store.next_poll_number()
    due = store.due_deliveries(poll_number)
    by_message: dict[str, list[dict]] = {}
    for row in due:
        by_message.setdefault(row["message"], []).append(row)
    results = []
    for rows in by_message.values():
        first = rows[0]
        sent = channels.send(first["title"], first["body"], first["notify_type"], [r["channel"] for r in rows])
        outcome = {r.channel: r for r in sent}
        for row in rows:
            result = outcome.get(row["channel"]) or DeliveryResult(row["channel"], row["channel_label"], False, "no result")
            store.record_delivery(row["id"], result.ok, result.error, poll_number)
            results.append(result)
    return results
