"""What ftwatch prints: poll summaries, the status table, source health, parse output.

Plain aligned text that stays parseable when piped; computing happens elsewhere, except the
status rows, which are the registry seen through the matcher.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import date
from fnmatch import fnmatch

import click
from rich.console import Console

from scraper.crosscheck import litellm_dates, second_opinion
from scraper.match import Matcher, Pin, exposures, is_floating
from scraper.poll import PollReport, catalog, is_enabled
from scraper.registry import Registry
from scraper.settings import Settings
from scraper.store import Store
from sources.record import Retirement


@contextmanager
def progress():
    """A spinner with the poll's current step on a terminal; nothing when piped or in CI."""
    console = Console(stderr=True)
    if not console.is_interactive:
        yield None
        return
    with console.status("polling") as status:
        yield lambda message: status.update(message)


def table(headers: list[str], rows: list[list[object]], stream=None) -> None:
    """Columns padded to their widest cell; ``-`` for empty cells."""
    cells = [[("-" if v in (None, "", ()) else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    out = stream or sys.stdout
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip(), file=out)
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip(), file=out)


def poll_summary(result: PollReport, registry: Registry) -> None:
    """One line per source, then events, deliveries and problems."""
    rows = []
    for s in result.sources:
        changed = len(s.changes) if s.outcome == "fetched" else None
        rows.append([s.name, s.outcome, s.rows, changed, s.error])
    table(["source", "outcome", "rows", "changes", "error"], rows)
    for s in result.sources:
        for warning in s.warnings:
            click.echo(f"warning: {s.name}: {warning}", err=True)
    label = "would notify" if result.dry_run else "events"
    click.echo(f"\n{label}: {len(result.events)}")
    for event in result.events:
        who = event.fine_tune or event.context.get("source", "")
        date_text = event.new_date or ""
        if event.old_date:
            date_text = f"{event.old_date} -> {date_text}"
        left = f" ({event.days_left} days)" if event.days_left is not None else ""
        floor = "no earlier than " if event.not_before else ""
        click.echo(f"  {event.kind:<21} {who:<24} {event.base or ''} {floor}{date_text}{left}".rstrip())
    if result.deliveries:
        sent = sum(1 for d in result.deliveries if d.ok)
        click.echo(f"deliveries: {sent} sent, {len(result.deliveries) - sent} failed")
        for d in result.deliveries:
            if not d.ok:
                click.echo(f"  failed: {d.label}: {d.error} (retried on the next poll)", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    registry_problems(registry)
    if result.dry_run:
        click.echo("dry run: nothing was sent or stored", err=True)


def registry_problems(registry: Registry, stream=None) -> None:
    if not registry.problems:
        return
    out = stream or sys.stderr
    click.echo(f"{len(registry.problems)} problem(s) in the registry (these entries are not watched):", file=out)
    for problem in registry.problems:
        click.echo(f"  {problem}", file=out)


def status_rows(store: Store, settings: Settings, registry: Registry, today: date) -> list[dict]:
    """Per fine-tune: what it faces, as the stored facts say today."""
    facts = store.retirements()
    matcher = Matcher(facts, settings.aliases)
    second = litellm_dates(facts)
    rows = []
    for ft in registry.fine_tunes:
        pin = Pin(ft.base.provider, ft.base.model, ft.base.version)
        row = {
            "fine_tune": ft.name,
            "base": ft.base.pinned,
            "provider": ft.base.provider,
            "owner": ft.owner,
            "known": matcher.known(pin),
            "floating": is_floating(pin),
        }
        found = exposures(matcher, pin)
        serving, training = found["inference"], found["fine-tune-training"]
        row.update(
            retires_on=serving.retires_on,
            not_before=serving.not_before,
            retires_on_text=serving.record.retires_on_text if serving.record else None,
            days_left=(serving.day - today).days if serving.day else None,
            derived_from=serving.derived_from,
            replacement=list(serving.replacement),
            source=serving.source,
            source_url=serving.record.source_url if serving.record else None,
            training_cutoff=training.retires_on,
            training_not_before=training.not_before,
            training_days_left=(training.day - today).days if training.day else None,
            base_deprecation=ft.base_deprecation,
            litellm=second_opinion(second, matcher, pin),
            status=serving.record.status if serving.record else None,
        )
        rows.append(row)
    return rows


def _when(iso: str | None, not_before: bool, days_left: int | None) -> str:
    if not iso:
        return "-"
    text = f"no earlier than {iso}" if not_before else iso
    return text


def status_table(rows: list[dict], today: date) -> None:
    lines = []
    for row in rows:
        lines.append([
            row["fine_tune"], row["base"], _when(row["retires_on"], row["not_before"], row["days_left"]), _left(row),
            _when(row["training_cutoff"], row["training_not_before"], row["training_days_left"]),
            ", ".join(row["replacement"]), row["owner"],
        ])
    table(["fine-tune", "base", "retires", "days left", "training ends", "replacement", "owner"], lines)
    click.echo(f"(today is {today.isoformat()})", err=True)
    for row in rows:
        if row["litellm"] and row["retires_on"] and row["litellm"] != row["retires_on"]:
            click.echo(f"note: {row['fine_tune']}: LiteLLM's map says {row['litellm']}, the provider's page says "
                       f"{row['retires_on']}; ftwatch follows the provider", err=True)
        if row["base_deprecation"] and row["retires_on"] and row["base_deprecation"] != row["retires_on"]:
            click.echo(f"note: {row['fine_tune']}: the registry's base_deprecation {row['base_deprecation']} differs "
                       f"from the provider's {row['retires_on']}; update the registry", err=True)
        if row["floating"]:
            click.echo(f"warning: {row['fine_tune']} pins {row['base']}, a floating alias: the snapshot behind "
                       "it can change without a retirement notice; pin a dated snapshot", err=True)


def records_table(records: list[Retirement]) -> None:
    table(
        ["model", "version", "scope", "status", "retires", "as written", "replacement"],
        [[r.model, r.version, r.scope, r.status, r.retires_on, r.retires_on_text, ", ".join(r.replacement)]
         for r in records],
    )
    click.echo(f"{len(records)} record(s)", err=True)


def sources_table(settings: Settings, store: Store) -> None:
    stored = {row["name"]: row for row in store.source_rows()}
    rows = []
    for name, source in catalog(settings).items():
        override = settings.sources.get(name)
        row = stored.get(name, {})
        enabled = is_enabled(source, override)
        url = override.url if override and override.url else source.url
        rows.append([name, "yes" if enabled else "no", row.get("state", "never polled"), row.get("last_success_at"),
                     row.get("rows"), row.get("consecutive_failures"), row.get("last_error"), url])
    table(["source", "enabled", "state", "last success", "rows", "failures", "last error", "url"], rows)


def acks_table(acks: dict, today: date) -> None:
    rows = []
    for ack in acks.values():
        state = "holds" if today.isoformat() <= ack.until else "expired"
        rows.append([ack.fine_tune, ack.until, ack.retires_on or "no date", state, ack.reason])
    table(["fine-tune", "until", "given for date", "state", "reason"], rows)


def event_rows(store: Store, limit: int) -> list[dict]:
    """The documented ``ftwatch events --json`` objects."""
    out = []
    for row in store.events(limit):
        payload = json.loads(row["payload"] or "{}")
        out.append({
            "kind": row["kind"],
            "fine_tune": row["fine_tune"],
            "base": row["base"],
            "scope": row["scope"],
            "old_date": row["old_date"],
            "new_date": row["new_date"],
            "not_before": bool(row["not_before"]),
            "days_left": row["days_left"],
            "created_at": row["created_at"],
            "today": row["today"],
            "dedupe_key": row["dedupe_key"],
            "silenced": payload.get("silenced", False),
            "detail": payload.get("detail", ""),
            "deliveries": [
                {"channel": d["channel"], "label": d["channel_label"], "state": d["state"],
                 "attempts": d["attempts"], "last_error": d["last_error"], "sent_at": d["sent_at"]}
                for d in row["deliveries"]
            ],
        })
    return out


def events_table(rows: list[dict]) -> None:
    lines = []
    for row in rows:
        states = ", ".join(f"{d['state']}" + (f" x{d['attempts']}" if d["attempts"] > 1 else "") for d in row["deliveries"])
        if row["silenced"]:
            states = "silenced (ack)"
        dates = row["new_date"] or ""
        if row["old_date"]:
            dates = f"{row['old_date']} -> {dates}"
        lines.append([row["created_at"], row["kind"], row["fine_tune"] or "", row["base"], dates,
                      states or "no channel"])
    table(["created", "kind", "fine-tune", "base", "date", "delivery"], lines)


def subscriptions_table(settings: Settings, store: Store) -> None:
    facts = store.retirements()
    rows = []
    for sub in settings.subscriptions:
        providers = set(sub.get("providers") or ())
        patterns = tuple(p.lower() for p in sub.get("models") or ())
        watched = sum(1 for _, _, r in facts if (not providers or r.provider in providers)
                      and (not patterns or any(fnmatch(r.model.lower(), p) for p in patterns)))
        rows.append([sub["name"], ", ".join(sub.get("notify") or ()), ", ".join(sorted(providers)) or "all",
                     ", ".join(sub.get("models") or ()) or "all", watched])
    table(["subscription", "notify", "providers", "models", "facts watched now"], rows)
    if not settings.subscriptions:
        click.echo("no subscriptions: add `subscriptions:` to ftwatch.yaml (see data/ftwatch.example.yaml)", err=True)


def _left(row: dict) -> str:
    days = row["days_left"]
    if not row["known"]:
        return "unknown base"
    if days is None:
        return "-"
    if days < 0:
        return "floor passed" if row["not_before"] else "retired"
    return str(days)


def status_markdown(rows: list[dict], today: date) -> str:
    """The status table as GitHub-flavoured Markdown (job summaries, issues, chat)."""
    def cell(value: object) -> str:
        return str(value if value not in (None, "", []) else "–").replace("|", "\\|")

    lines = [f"### ftwatch: {len(rows)} fine-tune(s) as of {today.isoformat()}", "",
             "| Fine-tune | Base | Retires | Days left | Fine-tuning ends | Replacement | Owner |",
             "|---|---|---|---:|---|---|---|"]
    for row in sorted(rows, key=lambda r: (r["days_left"] is None, r["days_left"] if r["days_left"] is not None else 0)):
        retires = row["retires_on"] and (f"no earlier than {row['retires_on']}" if row["not_before"] else row["retires_on"])
        training = row["training_cutoff"] and (
            f"no earlier than {row['training_cutoff']}" if row["training_not_before"] else row["training_cutoff"])
        lines.append("| " + " | ".join(cell(v) for v in (
            row["fine_tune"], f"`{row['base']}`", retires, _left(row), training,
            ", ".join(row["replacement"]), row["owner"])) + " |")
    return "\n".join(lines) + "\n"


def github_escape(text: str, *, property_: bool = False) -> str:
    """Workflow-command escaping: %, CR and LF always; ':' and ',' in properties too."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def findings(found: list, *, github: bool, path: str | None = None, limit: int = 10) -> None:
    """Print findings; in GitHub Actions also as annotations (at most ``limit`` of each level)."""
    shown = {"error": 0, "warning": 0}
    for finding in found:
        where = f"{path}:{finding.line}: " if path and finding.line else ""
        click.echo(f"{finding.level}: {where}{finding.subject}: {finding.message}")
        level = finding.annotation_level
        if github and shown[level] < limit:
            shown[level] += 1
            props = [f"title={github_escape('ftwatch: ' + finding.subject, property_=True)}"]
            if path and finding.line:
                props = [f"file={github_escape(path, property_=True)}", f"line={finding.line}"] + props
            click.echo(f"::{level} {','.join(props)}::{github_escape(finding.message)}")
