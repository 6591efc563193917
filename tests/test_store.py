"""The SQLite store: history of every fact, vanished rows kept, atomic per-source writes."""

from __future__ import annotations

import sqlite3

import pytest

from scraper.store import PollOutcome, Store
from sources.record import Retirement


def fact(model="gpt-4o", retires_on="2026-10-23", **kw) -> Retirement:
    return Retirement(provider="openai", model=model, retires_on=retires_on, retires_on_text=retires_on, **kw)


def poll(records, sha="a" * 64, body=b"page") -> PollOutcome:
    return PollOutcome(source="openai", provider="openai", url="http://x/openai", outcome="fetched",
                       body=body, sha256=sha, records=records)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "ftwatch.db") as s:
        yield s


def test_new_changed_unlisted_and_relisted_facts(store):
    assert [c.kind for c in store.record_poll(poll([fact(), fact("o1")]))] == ["new", "new"]
    changes = store.record_poll(poll([fact(retires_on="2026-09-01"), fact("o1")], sha="b" * 64, body=b"v2"))
    assert [(c.kind, c.record.model, c.fields.get("retires_on")) for c in changes] == [
        ("changed", "gpt-4o", ("2026-10-23", "2026-09-01"))
    ]
    history = [(h["field"], h["old"], h["new"]) for h in store.history()]
    assert ("retires_on", "2026-10-23", "2026-09-01") in history

    vanished = store.record_poll(poll([fact(retires_on="2026-09-01")], sha="c" * 64, body=b"v3"))
    assert [(c.kind, c.record.model) for c in vanished] == [("unlisted", "o1")]
    kept = {r.model: (listed, r.retires_on) for _, listed, r in store.retirements()}
    assert kept["o1"] == (False, "2026-10-23"), "a vanished row keeps its facts: no longer listed, not cancelled"

    back = store.record_poll(poll([fact(retires_on="2026-09-01"), fact("o1")], sha="d" * 64, body=b"v4"))
    assert [(c.kind, c.record.model) for c in back] == [("relisted", "o1")]


def test_same_model_in_two_announcements_stays_two_facts(store):
    store.record_poll(poll([fact("gpt-4-1106-preview", "2026-03-26", announced_on="2025-09-26"),
                            fact("gpt-4-1106-preview", "2026-10-23", announced_on="2026-04-22")]))
    assert sorted(r.retires_on for _, _, r in store.retirements()) == ["2026-03-26", "2026-10-23"]


def test_raw_documents_are_kept_by_hash_for_reparsing(store):
    store.record_poll(poll([fact()], sha="e" * 64, body=b"the page as fetched"))
    assert store.document("e" * 64)["body"] == b"the page as fetched"


def test_a_failure_inside_a_source_write_rolls_back_all_of_it(store, monkeypatch):
    store.record_poll(poll([fact()]))
    original = store._apply_records

    def explode(*args, **kwargs):
        original(*args, **kwargs)  # the writes happen ...
        raise RuntimeError("disk full")  # ... and then the process fails before commit

    monkeypatch.setattr(store, "_apply_records", explode)
    with pytest.raises(RuntimeError):
        store.record_poll(poll([fact(retires_on="2027-01-01"), fact("new-one")], sha="f" * 64, body=b"v2"))
    assert [(r.model, r.retires_on) for _, _, r in store.retirements()] == [("gpt-4o", "2026-10-23")]
    assert store.history() == []
    assert [row["outcome"] for row in store.db["polls"].rows] == ["fetched"]


def test_failed_poll_keeps_facts_and_counts_consecutive_failures(store):
    store.record_poll(poll([fact()]))
    for _ in range(3):
        store.record_poll(PollOutcome(source="openai", provider="openai", url="http://x", outcome="failed", error="HTTP 500"))
    row = store.source_row("openai")
    assert (row["state"], row["consecutive_failures"], row["last_error"], row["rows"]) == ("broken", 3, "HTTP 500", 1)
    assert len(store.retirements()) == 1
    assert store.broken_since("openai") is not None


def test_migrations_are_forward_only_and_idempotent(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    Store(path).close()
    con = sqlite3.connect(path)
    names = [r[0] for r in con.execute("select name from _sqlite_migrations order by rowid")]
    assert names == ["m001_initial", "m002_acks"]
    assert con.execute("pragma journal_mode").fetchone()[0] == "delete"


def test_same_key_twice_on_one_page_keeps_both_facts(store):
    dated = fact("text-embedding-004", "2025-11-18", status="legacy")
    undated = fact("text-embedding-004", None, status="active")
    store.record_poll(poll([dated, undated, dated]))
    assert sorted((r.status, r.retires_on or "") for _, _, r in store.retirements()) == [("active", ""), ("legacy", "2025-11-18")]
    again = store.record_poll(poll([dated, undated], sha="9" * 64, body=b"same facts"))
    assert again == [], "a re-read of the same page changes nothing"


def test_an_older_store_is_migrated_forward_with_its_data(tmp_path):
    from sqlite_utils import Database

    from scraper.store import migrations

    path = tmp_path / "old.db"
    db = Database(path)
    migrations.apply(db, stop_before="m002_acks")  # the schema of an earlier ftwatch
    db["meta"].insert({"key": "poll_seq", "value": "7"})
    db.close()
    with Store(path) as upgraded:
        assert upgraded.get_meta("poll_seq") == "7"
        assert upgraded.acks() == {}
