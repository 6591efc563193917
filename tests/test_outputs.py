"""Calendar, feeds and export, read back from a store built by real polls of real page copies,
with a second poll where Azure moved gpt-4o 2024-08-06's retirement."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import feedparser
import icalendar
import pytest

from scraper import export, feeds, ics
from scraper.poll import catalog
from scraper.registry import load_registry
from scraper.report import status_rows
from scraper.settings import load_settings
from scraper.store import Store
from sources import all_sources
from tests.conftest import PAGES, fixture_bytes, free_port

REGISTRY = """\
fine_tunes:
  - name: search-query-rewriter
    base_model: openai/gpt-4.1-nano-2025-04-14
    owner: ml-search
    eval_suite: evals/search-rewriter.yaml
    rebuild_runbook: https://wiki.example/runbooks/rewriter?team=search,ml;v=2
    rebuild_lead_days: 30
  - name: contracts (EU)
    base_model: azure/gpt-4o@2024-08-06
    owner: ml-platform
    rebuild_lead_days: 45
"""
AZURE_ROW = "| `gpt-4o` | 2024-08-06 | Generally Available | 2025-08-06 | 2026-03-31 | `gpt-5.1` |"
SECRET = "s3cr3t"


@dataclass
class Polled:
    root: Path
    db: Path
    calendars: list[str]  # the calendar as generated after each poll

    def store(self) -> Store:
        return Store(self.db)


def _calendar(root: Path, db: Path, today: date) -> str:
    settings = load_settings(root / "ftwatch.yaml", known_sources=set(all_sources()))
    registry = load_registry(root / "model-registry.yaml", {s.provider for s in catalog(settings).values()})
    with Store(db) as store:
        rows = status_rows(store, settings, registry, today)
        return ics.calendar_text(rows, registry, today, sequences=ics.sequences_from_store(store))


@pytest.fixture
def polled(workspace, httpserver) -> Polled:
    """Two polls: the real pages, then Azure with gpt-4o 2024-08-06 moved to 2026-09-30."""
    pages = {"openai": PAGES["openai"], "azure": PAGES["azure"]}
    for name, relative in pages.items():
        httpserver.expect_request(f"/{name}").respond_with_data(fixture_bytes(relative))
    workspace.settings({name: httpserver.url_for(f"/{name}") for name in pages})
    workspace.registry(REGISTRY)
    channel = {"APPRISE_URLS": f"json://user:{SECRET}@127.0.0.1:{free_port()}/hook"}
    first = workspace.run("poll", "--now", "2026-07-01", env=channel)
    assert first.exit_code == 1, first.output  # the channel is down: nothing listens on that port
    calendars = [_calendar(workspace.root, workspace.db, date(2026, 7, 1))]

    azure = fixture_bytes(PAGES["azure"]).decode()
    assert azure.count(AZURE_ROW) == 1
    httpserver.clear()
    for name, relative in pages.items():
        body = azure.replace(AZURE_ROW, AZURE_ROW.replace("2026-03-31", "2026-09-30")).encode() \
            if name == "azure" else fixture_bytes(relative)
        httpserver.expect_request(f"/{name}").respond_with_data(body)
    second = workspace.run("poll", "--now", "2026-07-02", env=channel)
    assert "date-moved" in second.output, second.output
    calendars.append(_calendar(workspace.root, workspace.db, date(2026, 7, 1)))
    return Polled(workspace.root, workspace.db, calendars)


def _events(text: str) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


# --- calendar --------------------------------------------------------------------------------


def test_calendar_has_one_event_per_date_with_alarms(polled):
    text = polled.calendars[0]
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["X-WR-CALNAME"]) == "ftwatch" and str(calendar["VERSION"]) == "2.0"
    events = _events(text)
    contracts = "contracts-EU--" + hashlib.sha256(b"contracts (EU)").hexdigest()[:8]
    assert sorted(events) == sorted([
        "search-query-rewriter/base-retires@ftwatch",
        "search-query-rewriter/start-rebuild-by@ftwatch",
        "search-query-rewriter/fine-tuning-cutoff@ftwatch",  # OpenAI: no new fine-tuning jobs after
        f"{contracts}/base-retires@ftwatch",
        f"{contracts}/fine-tuning-cutoff@ftwatch",
        f"{contracts}/start-rebuild-by@ftwatch",
    ])
    rewriter = events["search-query-rewriter/base-retires@ftwatch"]
    assert rewriter.decoded("DTSTART") == date(2026, 10, 23)
    assert rewriter.decoded("DTEND") == date(2026, 10, 24)
    assert str(rewriter["SUMMARY"]) == "search-query-rewriter: base openai/gpt-4.1-nano-2025-04-14 retires"
    description = str(rewriter["DESCRIPTION"])
    for expected in ("Owner: ml-search", "Runbook: https://wiki.example/runbooks/rewriter?team=search,ml;v=2",
                     "Eval suite: evals/search-rewriter.yaml", "Replacement: gpt-5.4-nano", "As written: "):
        assert expected in description
    assert str(rewriter["URL"]).startswith("http://127.0.0.1")
    assert rewriter.decoded("DTSTAMP") == datetime(2026, 7, 1, tzinfo=timezone.utc)
    assert [str(a["TRIGGER"].to_ical(), "ascii") for a in rewriter.walk("VALARM")] == ["-P30D", "-P7D"]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in rewriter.walk("VALARM"))
    rebuild = events["search-query-rewriter/start-rebuild-by@ftwatch"]
    assert rebuild.decoded("DTSTART") == date(2026, 9, 23)  # 30 days of rebuild before 2026-10-23
    assert events["search-query-rewriter/fine-tuning-cutoff@ftwatch"].decoded("DTSTART") == date(2027, 1, 6)
    cutoff = events[f"{contracts}/fine-tuning-cutoff@ftwatch"]
    assert cutoff.decoded("DTSTART") == date(2026, 3, 31) and "URL" not in cutoff
    assert [a["TRIGGER"].to_ical() for a in cutoff.walk("VALARM")] == [b"-P14D"]
    serving = events[f"{contracts}/base-retires@ftwatch"]
    assert serving.decoded("DTSTART") == date(2027, 3, 31)  # one year after training retirement
    assert "Derived: One year after training retirement" in str(serving["DESCRIPTION"])
    starts = [e.decoded("DTSTART") for e in icalendar.Calendar.from_ical(text).walk("VEVENT")]
    assert starts == sorted(starts)


def test_calendar_moves_a_corrected_date_under_the_same_uid_with_a_higher_sequence(polled):
    before, after = (_events(text) for text in polled.calendars)
    assert sorted(before) == sorted(after), "a corrected date must not add or drop events"
    moved = [uid for uid in before if before[uid].decoded("DTSTART") != after[uid].decoded("DTSTART")]
    assert sorted(moved) == sorted(uid for uid in before if uid.startswith("contracts-EU"))
    for uid in moved:
        assert int(before[uid]["SEQUENCE"]) == 0 and int(after[uid]["SEQUENCE"]) == 1
    cutoff = next(uid for uid in moved if "fine-tuning-cutoff" in uid)
    assert after[cutoff].decoded("DTSTART") == date(2026, 9, 30)
    serving = next(uid for uid in moved if "base-retires" in uid)
    assert after[serving].decoded("DTSTART") == date(2027, 9, 30)
    assert int(after["search-query-rewriter/base-retires@ftwatch"]["SEQUENCE"]) == 0


def test_calendar_bytes_are_stable_folded_and_crlf(polled):
    text = polled.calendars[1]
    assert text == _calendar(polled.root, polled.db, date(2026, 7, 1))
    data = text.encode()
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "long descriptions are folded"


def test_calendar_text_escaping_folding_and_month_precision():
    from scraper.registry import BaseRef, FineTune, Registry

    base = BaseRef("vertex", "gemini-x", None, None, "vertex/gemini-x")
    registry = Registry("r.yaml", [FineTune("ünïcode, fine;tune", base, rebuild_runbook="a\\b")], [])
    row = {"fine_tune": "ünïcode, fine;tune", "base": "vertex/gemini-x", "owner": "team",
           "retires_on": "2027-02",
           "not_before": True, "retires_on_text": "No earlier than February 2027,\nor later " + "é" * 60,
           "derived_from": None, "replacement": ["a", "b"], "source_url": "javascript:alert(1)",
           "training_cutoff": None, "training_not_before": False}
    text = ics.calendar_text([row], registry, date(2026, 1, 1))
    assert all(len(line) <= 75 for line in text.encode().split(b"\r\n"))
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2027, 2, 1)
    summary = "ünïcode, fine;tune: base vertex/gemini-x retires no earlier than this day"
    assert str(event["SUMMARY"]) == summary
    description = str(event["DESCRIPTION"])
    assert "no earlier than 2027-02 (month precision" in description
    assert "As written: No earlier than February 2027,\nor later " + "é" * 60 in description
    assert "Runbook: a\\b" in description and "Replacement: a, b" in description
    assert "URL" not in event, "only http(s) addresses become URL properties"
    assert "SUMMARY:ünïcode\\, fine\\;tune" in text
    uid = str(event["UID"])
    assert uid.startswith("-n-code-fine-tune-") and uid.endswith("/base-retires@ftwatch")


# --- feeds -----------------------------------------------------------------------------------


def test_feed_items_cover_new_and_moved_dates(polled):
    with polled.store() as store:
        items = feeds.changes(store, limit=10_000)
        assert items == feeds.changes(store, limit=10_000)
    moved = [i for i in items if i["kind"] == "moved"]
    assert len(moved) == 1
    (item,) = moved
    assert (item["provider"], item["model"], item["version"]) == ("azure", "gpt-4o", "2024-08-06")
    assert (item["old_date"], item["new_date"]) == ("2026-03-31", "2026-09-30")
    assert item["title"] == "azure/gpt-4o@2024-08-06: retirement moved 2026-03-31 → 2026-09-30"
    assert items[0] == item, "newest first"
    new = [i for i in items if i["kind"] == "new" and i["retirement_id"] == item["retirement_id"]]
    assert [(i["old_date"], i["new_date"]) for i in new] == [(None, "2026-03-31")], "new keeps the first date"
    assert len({i["id"] for i in items}) == len(items)
    assert all(i["id"].startswith("tag:ftwatch,2026:") for i in items)
    nano = next(i for i in items if i["provider"] == "openai" and i["model"] == "gpt-4.1-nano-2025-04-14"
                and i["scope"] == "inference")
    assert nano["title"] == "openai/gpt-4.1-nano-2025-04-14: retirement 2026-10-23"
    with polled.store() as store:
        assert len(feeds.changes(store, limit=5)) == 5


def test_atom_feed_parses_as_atom_1_0(polled):
    with polled.store() as store:
        items = feeds.changes(store, limit=20)
    generated = datetime(2026, 7, 2, 12, tzinfo=timezone.utc)
    self_url = "https://ftwatch.example/feed.atom"
    text = feeds.atom(items, generated, self_url=self_url)
    later = datetime(2030, 1, 1, tzinfo=timezone.utc)
    assert text == feeds.atom(items, later, self_url), "updated is the newest item's, not the clock's"
    parsed = feedparser.parse(text.encode())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "ftwatch: model retirement changes"
    assert parsed.feed.id == feeds.FEED_ID
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [self_url]
    assert [e.id for e in parsed.entries] == [i["id"] for i in items]
    assert [e.title for e in parsed.entries] == [i["title"] for i in items]
    assert [e.link for e in parsed.entries] == [i["source_url"] for i in items]
    assert parsed.entries[0].title.startswith("azure/gpt-4o@2024-08-06: retirement moved")
    assert parsed.feed.updated == items[0]["observed_at"]
    empty = feedparser.parse(feeds.atom([], generated).encode())
    assert empty.bozo == 0 and empty.feed.updated == "2026-07-02T12:00:00+00:00"


def test_json_feed_follows_1_1(polled):
    with polled.store() as store:
        items = feeds.changes(store, limit=20)
    text = feeds.json_feed(items, home_url="https://ftwatch.example/")
    assert text == feeds.json_feed(items, home_url="https://ftwatch.example/")
    data = json.loads(text)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] and data["home_page_url"] == "https://ftwatch.example/"
    assert len(data["items"]) == len(items)
    for entry, item in zip(data["items"], items):
        assert isinstance(entry["id"], str) and entry["content_text"]
        assert entry["id"] == item["id"] and entry["url"] == item["source_url"]
        datetime.fromisoformat(entry["date_published"])
    first = data["items"][0]["_ftwatch"]
    assert (first["kind"], first["old_date"], first["new_date"]) == ("moved", "2026-03-31", "2026-09-30")
    assert "home_page_url" not in json.loads(feeds.json_feed([]))


# --- export ----------------------------------------------------------------------------------


def test_export_is_stable_complete_and_secret_free(polled):
    with polled.store() as store:
        data = export.export(store)
        again = export.export(store)
        body = store.db.execute("select body from documents limit 1").fetchone()[0]
    assert data == again
    dump = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    assert dump == json.dumps(again, indent=2, sort_keys=True, ensure_ascii=False)
    assert SECRET not in dump
    assert body.decode()[:200] not in dump, "no document bodies"
    assert data["schema_version"] == 1
    assert [s["name"] for s in data["sources"]] == ["azure", "openai"]
    assert {d["source"] for d in data["documents"]} == {"azure", "openai"} and len(data["documents"]) == 3
    keys = {"sha256", "source", "url", "fetched_at", "content_type", "bytes"}
    assert all(set(d) == keys for d in data["documents"])
    ids = [r["id"] for r in data["retirements"]]
    assert ids == sorted(ids) and len(ids) > 100
    fact = next(r for r in data["retirements"] if r["provider"] == "azure" and r["model"] == "gpt-4o"
                and r["version"] == "2024-08-06" and r["scope"] == "inference")
    assert fact["retires_on"] == "2026-09-30" and fact["replacement"] == ["gpt-5.1"]
    assert fact["listed"] is True and fact["not_before"] is False
    moves = [(h["field"], h["old"], h["new"])
             for h in data["retirement_history"] if h["retirement_id"] == fact["id"]]
    assert moves == [("retires_on", "2026-03-31", "2026-09-30"),
                     ("retires_on_text", "2026-03-31", "2026-09-30")]
    assert data["events"] and all(isinstance(e["payload"], dict) for e in data["events"])
    assert [(e["created_at"], e["dedupe_key"]) for e in data["events"]] == sorted(
        (e["created_at"], e["dedupe_key"]) for e in data["events"])
    assert data["deliveries"] and all(d["state"] == "failed" for d in data["deliveries"])
    assert all("****" in d["channel_label"] or SECRET not in d["channel_label"] for d in data["deliveries"])
    assert {(w["fine_tune"], w["scope"]) for w in data["watch_state"]} >= {("contracts (EU)", "inference")}
    assert data["acks"] == []
