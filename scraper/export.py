"""The whole normalized store as one JSON-ready dict, for review, backup diffs and other tools.

The SQLite file is the truth but a binary diff says nothing; this export is meant to be
committed next to it and diffed. So every list has a fixed order, JSON-in-TEXT columns are
parsed, 0/1 flags are booleans, and what churns or bloats without informing is left out:
raw page bodies (only their hashes), the poll log, rendered messages and the poll counter.
Deliveries carry only Apprise's ``url_id`` and privacy-masked label, never a channel URL.
"""

from __future__ import annotations

import json

from scraper.store import Store

SCHEMA_VERSION = 1
_SOURCE_COLUMNS = ("name, provider, url, state, rows, last_success_at, last_error, last_error_at,"
                   " consecutive_failures, etag, last_modified, last_hash")
# The page bodies stay in SQLite: their hash and size say whether they changed.
_DOCUMENT_COLUMNS = "sha256, source, url, fetched_at, content_type, length(body) as bytes"
# Not last_attempt_at: it changes on every retry and says nothing sent_at and attempts do not.
_DELIVERY_COLUMNS = "id, message, channel, channel_label, state, attempts, last_error, sent_at"


def export(store: Store) -> dict:
    """Dump with ``json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": _rows(store, "sources", "name", _SOURCE_COLUMNS),
        "documents": _rows(store, "documents", "source, fetched_at, sha256", _DOCUMENT_COLUMNS),
        "retirements": [_retirement(row) for row in _rows(store, "retirements", "id")],
        "retirement_history": _rows(store, "retirement_history", "id"),
        "events": [_event(row) for row in _rows(store, "events", "created_at, dedupe_key")],
        "deliveries": _rows(store, "deliveries", "id", _DELIVERY_COLUMNS),
        "acks": _rows(store, "acks", "fine_tune"),
        "watch_state": [_flag(row, "not_before") for row in _rows(store, "watch_state", "fine_tune, scope")],
    }


def _rows(store: Store, table: str, order: str, columns: str = "*") -> list[dict]:
    return [dict(row) for row in store.db.query(f"select {columns} from {table} order by {order}")]


def _flag(row: dict, *names: str) -> dict:
    for name in names:
        row[name] = bool(row[name])
    return row


def _retirement(row: dict) -> dict:
    row["replacement"] = json.loads(row["replacement"] or "[]")
    return _flag(row, "listed", "not_before")


def _event(row: dict) -> dict:
    row["payload"] = json.loads(row["payload"] or "null")
    return _flag(row, "not_before")
