"""The SQLite store: what each source said, when, and what we already told people.

One file (``data/ftwatch.db`` by default) that is safe to copy or commit after ftwatch exits:
rollback journal, no WAL. Every source's poll is written in one transaction (poll log, raw
document, retirements, history, source state), so a crash leaves the store as it was before
or after that source, never half. Schema changes are forward migrations (sqlite-utils 4).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database, Migrations

from scraper.events import Ack, Event, WatchState, event_payload
from sources.record import Retirement

migrations = Migrations("ftwatch")
MAX_DELIVERY_ATTEMPTS = 10

# Fields whose change is history worth keeping (and, for dates, worth telling people about).
TRACKED_FIELDS = (
    "status",
    "announced_on",
    "deprecated_on",
    "retires_on",
    "retires_on_text",
    "not_before",
    "replacement",
    "source_url",
)


@migrations()
def m001_initial(db: Database) -> None:
    db["sources"].create(
        {
            "name": str,
            "provider": str,
            "url": str,
            "etag": str,
            "last_modified": str,
            "last_hash": str,
            "last_success_at": str,
            "last_error": str,
            "last_error_at": str,
            "consecutive_failures": int,
            "rows": int,
            "state": str,
        },
        pk="name",
        defaults={"consecutive_failures": 0, "state": "never"},
    )
    db["polls"].create(
        {
            "id": int,
            "source": str,
            "started_at": str,
            "outcome": str,
            "http_status": int,
            "bytes": int,
            "etag": str,
            "last_modified": str,
            "sha256": str,
            "rows": int,
            "error": str,
            "elapsed_ms": int,
        },
        pk="id",
        foreign_keys=[("source", "sources", "name")],
    )
    db["polls"].create_index(["source", "started_at"])
    db["documents"].create(
        {"sha256": str, "source": str, "url": str, "fetched_at": str, "content_type": str, "body": bytes},
        pk="sha256",
    )
    db["retirements"].create(
        {
            "id": str,
            "source": str,
            "provider": str,
            "key": str,
            "model": str,
            "version": str,
            "status": str,
            "announced_on": str,
            "deprecated_on": str,
            "retires_on": str,
            "retires_on_text": str,
            "not_before": int,
            "scope": str,
            "replacement": str,
            "region": str,
            "source_url": str,
            "listed": int,
            "first_seen_at": str,
            "last_seen_at": str,
            "document": str,
        },
        pk="id",
        foreign_keys=[("source", "sources", "name")],
    )
    db["retirements"].create_index(["provider", "model"])
    db["retirement_history"].create(
        {
            "id": int,
            "retirement_id": str,
            "field": str,
            "old": str,
            "new": str,
            "observed_at": str,
            "document": str,
        },
        pk="id",
        foreign_keys=[("retirement_id", "retirements", "id")],
    )
    db["retirement_history"].create_index(["retirement_id"])
    db["events"].create(
        {
            "dedupe_key": str,
            "kind": str,
            "fine_tune": str,
            "base": str,
            "scope": str,
            "old_date": str,
            "new_date": str,
            "not_before": int,
            "days_left": int,
            "created_at": str,
            "today": str,
            "message": str,
            "payload": str,
        },
        pk="dedupe_key",
    )
    db["events"].create_index(["created_at"])
    db["messages"].create(
        {"id": str, "title": str, "body": str, "notify_type": str, "tags": str, "created_at": str},
        pk="id",
    )
    db["deliveries"].create(
        {
            "id": int,
            "message": str,
            "channel": str,
            "channel_label": str,
            "state": str,
            "attempts": int,
            "last_error": str,
            "last_attempt_at": str,
            "next_attempt_poll": int,
            "sent_at": str,
        },
        pk="id",
        foreign_keys=[("message", "messages", "id")],
        defaults={"attempts": 0, "state": "pending", "next_attempt_poll": 0},
    )
    db["deliveries"].create_index(["message", "channel"], unique=True)
    db["watch_state"].create(
        {
            "fine_tune": str,
            "scope": str,
            "retires_on": str,
            "not_before": int,
            "milestone": int,
            "updated_at": str,
        },
        pk=("fine_tune", "scope"),
    )
    db["meta"].create({"key": str, "value": str}, pk="key")


@migrations()
def m002_acks(db: Database) -> None:
    db["acks"].create(
        {"fine_tune": str, "until": str, "reason": str, "retires_on": str, "created_at": str},
        pk="fine_tune",
    )


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Change:
    """What one poll changed about one stored fact."""

    kind: str  # "new" | "changed" | "unlisted" | "relisted"
    record: Retirement
    fields: dict[str, tuple[object, object]] = field(default_factory=dict)


@dataclass
class PollOutcome:
    """Everything one source's poll wants written, in one transaction."""

    source: str
    provider: str
    url: str
    outcome: str  # "fetched" | "unchanged" | "failed" | "broken"
    http_status: int | None = None
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    records: list[Retirement] | None = None  # None: keep the stored facts untouched
    error: str | None = None
    elapsed_ms: int | None = None


def _encode(value: object) -> object:
    if isinstance(value, tuple):
        return json.dumps(list(value))
    if isinstance(value, bool):
        return int(value)
    return value


def _decode_row(row: dict) -> Retirement:
    data = dict(row)
    data["replacement"] = tuple(json.loads(data.get("replacement") or "[]"))
    data["not_before"] = bool(data.get("not_before"))
    return Retirement.from_json(data)


class Store:
    """All reads and writes of the SQLite file. Nothing else speaks SQL."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(self.path if str(path) != ":memory:" else None, memory=str(path) == ":memory:")
        self.db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- meta -------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db["meta"].get(key) if self.db["meta"].count_where("key = ?", [key]) else None
        return row["value"] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db["meta"].upsert({"key": key, "value": value}, pk="key")

    # --- sources ----------------------------------------------------------------------------

    def source_row(self, name: str) -> dict | None:
        rows = list(self.db["sources"].rows_where("name = ?", [name]))
        return rows[0] if rows else None

    def source_rows(self) -> list[dict]:
        return list(self.db["sources"].rows_where(order_by="name"))

    def last_good_rows(self, name: str) -> int | None:
        row = self.source_row(name)
        return row["rows"] if row and row["rows"] is not None else None

    def record_poll(self, poll: PollOutcome, *, now: str | None = None) -> list[Change]:
        """Write one source's poll atomically and return what changed in its facts."""
        now = now or utc_now()
        with self.db.atomic():
            previous = self.source_row(poll.source) or {}
            healthy = poll.outcome in ("fetched", "unchanged")
            state = {
                "name": poll.source,
                "provider": poll.provider,
                "url": poll.url,
                "consecutive_failures": 0 if healthy else (previous.get("consecutive_failures") or 0) + 1,
                "state": "ok" if healthy else "broken",
            }
            if healthy:
                state["last_success_at"] = now
                if poll.etag or poll.last_modified or poll.outcome == "fetched":
                    state["etag"] = poll.etag
                    state["last_modified"] = poll.last_modified
                if poll.sha256:
                    state["last_hash"] = poll.sha256
                if poll.records is not None:
                    state["rows"] = len(poll.records)
            else:
                state["last_error"] = poll.error
                state["last_error_at"] = now
            self.db["sources"].upsert(state, pk="name")
            self.db["polls"].insert(
                {
                    "source": poll.source,
                    "started_at": now,
                    "outcome": poll.outcome,
                    "http_status": poll.http_status,
                    "bytes": len(poll.body) if poll.body is not None else None,
                    "etag": poll.etag,
                    "last_modified": poll.last_modified,
                    "sha256": poll.sha256,
                    "rows": len(poll.records) if poll.records is not None else None,
                    "error": poll.error,
                    "elapsed_ms": poll.elapsed_ms,
                }
            )
            if poll.body is not None and poll.sha256:
                self.db["documents"].insert(
                    {
                        "sha256": poll.sha256,
                        "source": poll.source,
                        "url": poll.url,
                        "fetched_at": now,
                        "content_type": poll.content_type,
                        "body": poll.body,
                    },
                    pk="sha256",
                    ignore=True,
                )
            if poll.records is None or not healthy:
                return []
            return self._apply_records(poll.source, poll.records, poll.sha256, now)

    def _apply_records(self, source: str, records: list[Retirement], sha: str | None, now: str) -> list[Change]:
        table = self.db["retirements"]
        stored = {row["id"]: row for row in table.rows_where("source = ?", [source])}
        changes: list[Change] = []
        seen: set[str] = set()
        for record in dict.fromkeys(records):  # exact repeats (Azure lists a row twice) are one fact
            rid = base = f"{source}:{record.provider}:{record.key}"
            occurrence = 1
            while rid in seen:
                # The same model twice on one page with the same key but other facts (two
                # sections, one with a date, one without): both are kept, told apart by order.
                occurrence += 1
                rid = f"{base}#{occurrence}"
            seen.add(rid)
            row = {name: _encode(getattr(record, name)) for name in record.to_json()}
            row.update(id=rid, source=source, key=record.key, listed=1, last_seen_at=now, document=sha)
            old = stored.get(rid)
            if old is None:
                row["first_seen_at"] = now
                table.insert(row)
                changes.append(Change("new", record))
                continue
            diff = {
                name: (old[name], row[name]) for name in TRACKED_FIELDS if old[name] != row[name]
            }
            for name, (before, after) in diff.items():
                self.db["retirement_history"].insert(
                    {
                        "retirement_id": rid,
                        "field": name,
                        "old": None if before is None else str(before),
                        "new": None if after is None else str(after),
                        "observed_at": now,
                        "document": sha,
                    }
                )
            table.update(rid, row)
            if not old["listed"]:
                changes.append(Change("relisted", record, diff))
            elif diff:
                changes.append(Change("changed", record, diff))
        # A fact that vanished from the page keeps its last known values: "no longer listed",
        # never "retirement cancelled".
        for rid, old in stored.items():
            if rid not in seen and old["listed"]:
                table.update(rid, {"listed": 0})
                self.db["retirement_history"].insert(
                    {"retirement_id": rid, "field": "listed", "old": "1", "new": "0", "observed_at": now, "document": sha}
                )
                changes.append(Change("unlisted", _decode_row(old)))
        return changes

    # --- facts ------------------------------------------------------------------------------

    def retirements(self, provider: str | None = None) -> list[tuple[str, bool, Retirement]]:
        """Stored facts as ``(source, listed, record)``, newest sources first within a model."""
        where, args = ("provider = ?", [provider]) if provider else (None, [])
        rows = self.db["retirements"].rows_where(where, args, order_by="provider, model, scope, source")
        return [(row["source"], bool(row["listed"]), _decode_row(row)) for row in rows]

    def history(self, retirement_id: str | None = None) -> list[dict]:
        where, args = ("retirement_id = ?", [retirement_id]) if retirement_id else (None, [])
        return list(self.db["retirement_history"].rows_where(where, args, order_by="id"))

    def document(self, sha256: str) -> dict | None:
        rows = list(self.db["documents"].rows_where("sha256 = ?", [sha256]))
        return rows[0] if rows else None

    def is_empty(self) -> bool:
        """True before the first poll that stored facts (the first notification is a digest)."""
        return self.db["watch_state"].count == 0 and self.db["events"].count == 0

    # --- events, watch state and the outbox ------------------------------------------------

    def has_event(self, dedupe_key: str) -> bool:
        return self.db["events"].count_where("dedupe_key = ?", [dedupe_key]) > 0

    def watch_states(self) -> dict[tuple[str, str], WatchState]:
        return {
            (row["fine_tune"], row["scope"]): WatchState(row["retires_on"], bool(row["not_before"]), row["milestone"])
            for row in self.db["watch_state"].rows
        }

    def broken_since(self, source: str) -> str | None:
        """When the current streak of failed polls of ``source`` began (None if healthy)."""
        last_ok = self.db.execute(
            "select max(id) from polls where source = ? and outcome in ('fetched', 'unchanged')", [source]
        ).fetchone()[0]
        first_bad = self.db.execute(
            "select started_at from polls where source = ? and outcome in ('failed', 'broken')"
            " and id > coalesce(?, 0) order by id limit 1",
            [source, last_ok],
        ).fetchone()
        first_bad = first_bad[0] if first_bad else None
        return first_bad

    def next_poll_number(self) -> int:
        number = int(self.get_meta("poll_seq") or 0) + 1
        self.set_meta("poll_seq", str(number))
        return number

    def save_events(
        self,
        events: list[Event],
        states: dict[tuple[str, str], WatchState],
        messages: list[tuple[dict, list[tuple[str, str]]]],
        *,
        today: str,
        now: str | None = None,
    ) -> None:
        """Events, the watch state they imply and their outbox rows, in one transaction.

        ``messages`` pairs a message (id, title, body, notify_type, tags, events) with the
        channels (id, masked label) it must reach.
        """
        now = now or utc_now()
        message_of = {key: m["id"] for m, _ in messages for key in m["events"]}
        with self.db.atomic():
            for event in events:
                self.db["events"].insert(
                    {
                        "dedupe_key": event.dedupe_key,
                        "kind": event.kind,
                        "fine_tune": event.fine_tune,
                        "base": event.base,
                        "scope": event.scope,
                        "old_date": event.old_date,
                        "new_date": event.new_date,
                        "not_before": int(event.not_before),
                        "days_left": event.days_left,
                        "created_at": now,
                        "today": today,
                        "message": message_of.get(event.dedupe_key),
                        "payload": json.dumps(event_payload(event), sort_keys=True),
                    },
                    ignore=True,
                )
            for (fine_tune, scope), state in states.items():
                self.db["watch_state"].upsert(
                    {
                        "fine_tune": fine_tune,
                        "scope": scope,
                        "retires_on": state.retires_on,
                        "not_before": int(state.not_before),
                        "milestone": state.milestone,
                        "updated_at": now,
                    },
                    pk=("fine_tune", "scope"),
                )
            for message, channels in messages:
                self.db["messages"].insert(
                    {
                        "id": message["id"],
                        "title": message["title"],
                        "body": message["body"],
                        "notify_type": message["notify_type"],
                        "tags": json.dumps(list(message["tags"])),
                        "created_at": now,
                    },
                    ignore=True,
                )
                for channel, label in channels:
                    self.db["deliveries"].insert(
                        {"message": message["id"], "channel": channel, "channel_label": label, "state": "pending"},
                        ignore=True,
                    )

    def due_deliveries(self, poll_number: int) -> list[dict]:
        """Deliveries to attempt now: pending, or failed and past their backoff."""
        return list(
            self.db.query(
                "select d.*, m.title, m.body, m.notify_type, m.tags from deliveries d"
                " join messages m on m.id = d.message"
                " where d.state in ('pending', 'failed') and d.next_attempt_poll <= ?"
                " and d.attempts < ? order by d.id",
                [poll_number, MAX_DELIVERY_ATTEMPTS],
            )
        )

    def record_delivery(self, delivery_id: int, ok: bool, error: str | None, poll_number: int) -> None:
        """Write one attempt's result at once, so a crash right after cannot resend it."""
        row = self.db["deliveries"].get(delivery_id)
        attempts = row["attempts"] + 1
        update = {"attempts": attempts, "last_attempt_at": utc_now()}
        if ok:
            update.update(state="sent", sent_at=update["last_attempt_at"], last_error=None)
        else:
            # Retry on the next poll, then back off: skip 1, 3, 7 ... polls.
            update.update(state="failed", last_error=error, next_attempt_poll=poll_number + 2 ** (attempts - 1))
        with self.db.atomic():
            self.db["deliveries"].update(delivery_id, update)

    def events(self, limit: int = 50) -> list[dict]:
        """Recent events with the delivery state of their message on every channel."""
        rows = list(self.db.query("select * from events order by created_at desc, rowid desc limit ?", [limit]))
        for row in rows:
            row["deliveries"] = list(
                self.db.query(
                    "select channel, channel_label, state, attempts, last_error, sent_at from deliveries"
                    " where message = ? order by id",
                    [row["message"]],
                )
            ) if row["message"] else []
        return rows

    # --- acks -------------------------------------------------------------------------------

    def set_ack(self, ack: Ack) -> None:
        with self.db.atomic():
            self.db["acks"].upsert({"fine_tune": ack.fine_tune, "until": ack.until, "reason": ack.reason,
                                    "retires_on": ack.retires_on, "created_at": utc_now()}, pk="fine_tune")

    def remove_ack(self, fine_tune: str) -> bool:
        with self.db.atomic():
            found = self.db["acks"].count_where("fine_tune = ?", [fine_tune]) > 0
            self.db.execute("delete from acks where fine_tune = ?", [fine_tune])
        return found

    def acks(self) -> dict[str, Ack]:
        return {row["fine_tune"]: Ack(row["fine_tune"], row["until"], row["reason"], row["retires_on"])
                for row in self.db["acks"].rows_where(order_by="fine_tune")}
