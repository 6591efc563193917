"""Gates for CI: `ftwatch check` (is anything due?) and `ftwatch registry lint` (is this
registry change safe to merge?). Pure: status rows, source rows and the registry in,
findings out; the CLI turns errors into exit code 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from scraper.events import Ack
from scraper.registry import Registry


@dataclass(frozen=True)
class Finding:
    level: str  # "error" fails the gate; "warning" is shown
    subject: str  # fine-tune or source name
    message: str
    line: int | None = None  # registry line, for lint
    annotation: str | None = None  # GitHub annotation level when it differs: a base still due is a warning

    @property
    def annotation_level(self) -> str:
        return self.annotation or self.level


def _when(iso: str, not_before: bool) -> str:
    return f"no earlier than {iso}" if not_before else iso


def check(rows: list[dict], sources: list[dict], within: int, today: date, acks: dict[str, Ack]) -> list[Finding]:
    """Bases retiring (or their fine-tuning ending) within ``within`` days, retired bases, broken sources."""
    found = []
    for row in rows:
        name = row["fine_tune"]
        ack = acks.get(name)
        acked = ack is not None and ack.holds(today, row["retires_on"])
        level = "warning" if acked else "error"
        suffix = f" (acknowledged until {ack.until}: {ack.reason})" if acked else ""
        days = row["days_left"]
        if days is not None and days < 0 and not row["not_before"]:
            found.append(Finding(level, name, f"base {row['base']} retired {row['retires_on']} and is still pinned{suffix}"))
        elif days is not None and days <= within:
            floor = "; the date is a floor, it may come later" if row["not_before"] else ""
            found.append(Finding(level, name, f"base {row['base']} retires {_when(row['retires_on'], row['not_before'])}"
                                              f" ({days} days left){floor}{suffix}", annotation="warning"))
        training = row["training_days_left"]
        if training is not None and 0 <= training <= within:
            found.append(Finding(level, name, f"fine-tuning on {row['base']} ends "
                                              f"{_when(row['training_cutoff'], row['training_not_before'])} ({training} days left){suffix}",
                                 annotation="warning"))
    for source in sources:
        if source.get("state") == "broken":
            found.append(Finding("error", source["name"], f"source {source['name']} is broken: {source.get('last_error')}"))
    return found


def heartbeat(last_completed: str | None, max_age_hours: float, now: datetime | None = None) -> Finding | None:
    """The dead-man's switch: a poll that has not completed for too long is itself an alert."""
    now = now or datetime.now(timezone.utc)
    if last_completed is None:
        return Finding("error", "poll", "no poll has ever completed against this store")
    age = now - datetime.fromisoformat(last_completed)
    if age > timedelta(hours=max_age_hours):
        hours = age.total_seconds() / 3600
        return Finding("error", "poll", f"the last completed poll was {hours:.1f} hours ago ({last_completed}), "
                                        f"more than {max_age_hours:g}; is the schedule still running?")
    return None


def lint(registry: Registry, rows: list[dict], only: set[str] | None = None) -> list[Finding]:
    """What a pull request must not add: a fine-tune on a base that already has a retirement
    date or lost its fine-tuning, a floating alias, or an entry without owner or runbook."""
    found = [Finding("error", problem.file, f"{problem.message} — {problem.fix}", problem.line)
             for problem in registry.problems]
    by_name = {row["fine_tune"]: row for row in rows}
    for ft in registry.fine_tunes:
        if only is not None and ft.name not in only:
            continue
        row = by_name.get(ft.name, {})

        def add(level: str, message: str) -> None:
            found.append(Finding(level, ft.name, message, ft.line))

        if not ft.owner:
            add("error", "no owner: who rebuilds it when the base retires? add `owner:`")
        if not ft.rebuild_runbook:
            add("error", "no rebuild_runbook: add the link the owner follows to rebuild it")
        if row.get("floating"):
            add("error", f"{ft.base.pinned} is a floating alias: the snapshot behind it can change without a "
                         "retirement notice; pin a dated snapshot")
        if row.get("retires_on"):
            add("error", f"base {ft.base.pinned} already has a retirement date "
                         f"({_when(row['retires_on'], row['not_before'])}): build it on the successor"
                         + (f" ({', '.join(row['replacement'])})" if row.get("replacement") else ""))
        elif row.get("status") in ("deprecated", "retired", "legacy"):
            add("error", f"base {ft.base.pinned} is {row['status']}: build it on a current model")
        if row.get("training_days_left") is not None and row["training_days_left"] < 0:
            add("error", f"fine-tuning on {ft.base.pinned} ended {row['training_cutoff']}: it cannot be rebuilt there")
        if row and not row.get("known"):
            add("warning", f"no source knows {ft.base.pinned}: check the id, or that its provider is polled")
    return found
