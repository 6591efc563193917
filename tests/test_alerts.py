"""The alert engine as owners live it: whole scenarios with --now over a local HTTP server
serving real page copies, with real Apprise deliveries to local HTTP receivers and a local
SMTP server (aiosmtpd)."""

from __future__ import annotations

import json
import re
import sqlite3
import time

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import PAGES, Receiver, fixture_bytes, free_port

OPENAI = fixture_bytes(PAGES["openai"]).decode()
AZURE = fixture_bytes(PAGES["azure"]).decode()
NANO_ROWS = ("`gpt-4.1-nano` \\|", "`ft-gpt-4.1-nano-2025-04-14`")
WITHOUT_NANO = "\n".join(l for l in OPENAI.splitlines() if not any(r in l for r in NANO_ROWS))
MOVED_EARLIER = OPENAI.replace("| 2026-10-23    | `ft-gpt-4.1-nano-2025-04-14` |", "| 2026-09-15    | `ft-gpt-4.1-nano-2025-04-14` |")
REGISTRY = """\
fine_tunes:
  - name: search-rewriter
    base_model: openai/gpt-4.1-nano-2025-04-14
    owner: ml-search
    notify: [ml-search]
    thresholds: [90, 30, 7]
    training_data: s3://data/rewriter/
    eval_suite: evals/rewriter.yaml
    rebuild_runbook: https://wiki.example/rewriter
  - name: triage
    base_model: azure/gpt-4.1-mini@2025-04-14
    owner: ml-platform
    notify: [ml-platform]
"""


class Mailbox:
    """aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(envelope.content.decode("utf-8", errors="replace"))
        return "250 OK"


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    port = free_port()  # aiosmtpd's self-check fails with port 0
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    mailbox.port = port
    yield mailbox
    controller.stop()


@pytest.fixture
def team(workspace, httpserver, smtp):
    """Two owners with their own json:// channels, maintainers on e-mail; pages on a local server."""
    search, platform = Receiver(free_port()).start(), Receiver(free_port()).start()
    apprise_config = workspace.root / "apprise.yaml"
    apprise_config.write_text(
        "version: 1\nurls:\n"
        f"  - {search.url}:\n      tag: ml-search\n"
        f"  - {platform.url}:\n      tag: ml-platform\n"
        f"  - 'mailto://127.0.0.1:{smtp.port}?from=ftwatch@example.com&to=oncall@example.com&secure=no':\n"
        "      tag: maintainers, ml-platform\n"
    )

    class Team:
        pass

    t = Team()
    t.search, t.platform, t.smtp, t.workspace, t.httpserver = search, platform, smtp, workspace, httpserver

    def serve(openai=OPENAI, azure=AZURE, openai_status=200):
        httpserver.clear()
        httpserver.expect_request("/openai").respond_with_data(openai, status=openai_status)
        httpserver.expect_request("/azure").respond_with_data(azure)

    def poll(now, expect=0):
        result = workspace.run("poll", "--now", now)
        assert result.exit_code == expect, result.output
        return result

    t.serve, t.poll = serve, poll
    serve()
    workspace.settings({"openai": httpserver.url_for("/openai"), "azure": httpserver.url_for("/azure")},
                       extra=f"apprise_config: {apprise_config}\n")
    workspace.registry(REGISTRY)
    yield t
    search.stop()
    platform.stop()


def titles(receiver) -> list[str]:
    return [p["title"] for p in receiver.posts]


def test_first_poll_sends_one_digest_per_owner(team):
    team.poll("2026-05-01")
    assert len(team.search.posts) == 1 and titles(team.search)[0].startswith("ftwatch digest")
    assert len(team.platform.posts) == 1 and titles(team.platform)[0].startswith("ftwatch digest")
    assert "search-rewriter" in team.search.posts[0]["message"] and "triage" not in team.search.posts[0]["message"]
    assert "triage: base retires 2027-10-14" in team.platform.posts[0]["message"]
    assert len(team.smtp.messages) == 1  # the platform digest, by e-mail too
    assert "Subject: ftwatch digest" in team.smtp.messages[0]


def test_date_appears_moves_and_crosses_thresholds(team):
    team.serve(openai=WITHOUT_NANO)
    team.poll("2026-05-01")  # the fine-tune's base is not on the page yet
    assert "no source knows its base" in team.search.posts[0]["message"]

    team.serve()
    team.poll("2026-05-02")
    assert titles(team.search)[1:] == ["search-rewriter: base retires 2026-10-23 (in 174 days)"]
    body = team.search.posts[1]["message"]
    for needed in ("openai/gpt-4.1-nano-2025-04-14", "gpt-5.4-nano", "https://wiki.example/rewriter",
                   "evals/rewriter.yaml", "s3://data/rewriter/", "/openai"):
        assert needed in body, needed
    assert len(team.platform.posts) == 1, "the other owner hears nothing about it"

    team.poll("2026-05-02")
    assert len(team.search.posts) == 2, "the same poll again sends nothing"

    team.serve(openai=MOVED_EARLIER)
    team.poll("2026-05-03")
    assert titles(team.search)[2] == "search-rewriter: base retirement moved earlier to 2026-09-15 (in 135 days)"
    assert "`2026-10-23` → `2026-09-15`" in team.search.posts[2]["message"]

    for now, days, threshold in (("2026-06-20", 87, 90), ("2026-08-20", 26, 30), ("2026-09-10", 5, 7)):
        team.poll(now)
        team.poll(now)
        last = team.search.posts[-1]
        assert last["title"] == f"search-rewriter: base retires 2026-09-15 (in {days} days)"
        assert f"{threshold}-day threshold crossed" in last["message"]
    assert len(team.search.posts) == 6, "one notification per milestone"
    assert team.search.posts[-1]["type"] == "failure" and team.search.posts[3]["type"] == "info"

    team.poll("2026-09-16")
    assert titles(team.search)[-1] == "search-rewriter: base retired 2026-09-15 (1 days ago); the fine-tune still pins it"


def test_a_run_skipped_across_thresholds_sends_only_the_most_urgent(team):
    team.poll("2026-05-01")
    before = len(team.search.posts)
    team.poll("2026-10-18")  # 5 days left: 90, 30 and 7 were all crossed while nobody polled
    new = team.search.posts[before:]
    assert len(new) == 1
    assert "7-day threshold crossed" in new[0]["message"]


def test_receiver_down_is_retried_next_poll_and_delivered_once(team):
    team.poll("2026-05-01")
    team.search.stop()
    result = team.poll("2026-07-30", expect=1)  # 85 days left: the 90-day milestone, channel down
    assert "failed" in result.output and "retried on the next poll" in result.output
    assert len(team.platform.posts) == 1, "one failing channel does not block the others"
    team.search.posts.clear()
    team.search.start()
    team.poll("2026-07-31")
    assert [p["title"] for p in team.search.posts] == ["search-rewriter: base retires 2026-10-23 (in 85 days)"]
    team.poll("2026-08-01")
    assert len(team.search.posts) == 1, "delivered once, never again"
    con = sqlite3.connect(team.workspace.db)
    assert con.execute("select state, attempts from deliveries where last_error is null and state = 'sent' and attempts = 2").fetchall()


def test_source_broken_goes_to_maintainers_by_mail(team):
    team.poll("2026-05-01")
    team.serve(openai_status=500)
    team.poll("2026-05-02", expect=1)
    mails = [m for m in team.smtp.messages if "broken" in m]
    assert len(mails) == 1 and "source openai is broken" in mails[0]
    assert not any("broken" in t for t in titles(team.search)), "owners are not paged for a scraper problem"


def test_ack_silences_until_the_date_moves(team):
    team.poll("2026-05-01")
    ack = team.workspace.run("ack", "search-rewriter", "--until", "2026-12-31", "--reason", "rebuild scheduled", "--now", "2026-05-01")
    assert ack.exit_code == 0 and "silenced until 2026-12-31" in ack.output
    assert "holds" in team.workspace.run("acks", "--now", "2026-05-01").output
    count = len(team.search.posts)
    team.poll("2026-07-30")  # the 90-day milestone, silenced
    assert len(team.search.posts) == count
    events = json.loads(team.workspace.run("events", "--json").stdout)
    assert any(e["kind"] == "milestone" and e["silenced"] for e in events)
    team.serve(openai=MOVED_EARLIER)
    team.poll("2026-07-31")  # the date moved: the ack no longer holds
    assert titles(team.search)[-1].startswith("search-rewriter: base retirement moved earlier to 2026-09-15")
    unknown = team.workspace.run("ack", "search-rewritr", "--until", "2026-12-31", "--reason", "x")
    assert unknown.exit_code == 2 and "search-rewriter" in unknown.output


def test_ack_expires(team):
    team.poll("2026-05-01")
    team.workspace.run("ack", "search-rewriter", "--until", "2026-06-01", "--reason", "later", "--now", "2026-05-01")
    count = len(team.search.posts)
    team.poll("2026-07-30")
    assert len(team.search.posts) == count + 1, "after --until the milestone is sent"
    assert "expired" in team.workspace.run("acks", "--now", "2026-07-30").output


def test_events_json_is_the_documented_contract(team):
    team.poll("2026-05-01")
    events = json.loads(team.workspace.run("events", "--json").stdout)
    required = {"kind", "fine_tune", "base", "scope", "old_date", "new_date", "not_before", "created_at",
                "dedupe_key", "deliveries"}
    assert events and all(required <= set(e) for e in events)
    kinds = {"retirement-announced", "date-moved", "milestone", "retired", "training-cutoff", "source-broken", "base-unknown"}
    assert all(e["kind"] in kinds for e in events)
    triage = next(e for e in events if e["fine_tune"] == "triage" and e["kind"] == "retirement-announced")
    assert {d["state"] for d in triage["deliveries"]} == {"sent"} and len(triage["deliveries"]) == 2
    table = team.workspace.run("events")
    assert "retirement-announced" in table.output and "sent" in table.output


def test_notify_test_reports_per_channel(team):
    team.platform.stop()
    result = team.workspace.run("notify", "test")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert sum("sent" in l for l in lines) == 2 and sum("FAILED" in l for l in lines) == 1
    only = team.workspace.run("notify", "test", "--tag", "ml-search")
    assert only.exit_code == 0 and len(only.output.strip().splitlines()) == 2


def test_subscription_digest_of_new_and_moved_retirements(workspace, httpserver, receiver):
    httpserver.expect_request("/openai").respond_with_data(WITHOUT_NANO)
    workspace.settings({"openai": httpserver.url_for("/openai")}, extra=(
        "subscriptions:\n  - {name: platform-watch, notify: [platform], providers: [openai], models: ['gpt-4.1*']}\n"))
    workspace.registry("fine_tunes: []\n")
    env = {"APPRISE_URLS": receiver.url}
    assert workspace.run("poll", env=env).exit_code == 0
    assert receiver.posts == [], "the first read of a page is the baseline, not news"
    httpserver.clear()
    httpserver.expect_request("/openai").respond_with_data(OPENAI)
    workspace.run("poll", env=env)
    assert len(receiver.posts) == 1
    body = receiver.posts[0]["message"]
    assert "openai/gpt-4.1-nano retirement: 2026-10-23" in body and "openai/gpt-4.1-nano-2025-04-14" in body
    assert "gpt-4o" not in receiver.posts[0]["title"]
    httpserver.clear()
    httpserver.expect_request("/openai").respond_with_data(MOVED_EARLIER)
    workspace.run("poll", env=env)
    assert "retirement moved earlier: 2026-09-15" in receiver.posts[1]["message"]
    listing = workspace.run("subscriptions")
    assert "platform-watch" in listing.output and "gpt-4.1*" in listing.output


def test_latest_safe_start_uses_rebuild_lead_days(workspace, httpserver, receiver):
    httpserver.expect_request("/openai").respond_with_data(OPENAI)
    workspace.settings({"openai": httpserver.url_for("/openai")})
    workspace.registry("fine_tune:\n  name: rw\n  base_model: openai/gpt-4.1-nano-2025-04-14\n"
                       "  thresholds: [30]\n  rebuild_lead_days: 45\n")
    env = {"APPRISE_URLS": receiver.url}
    workspace.run("poll", "--now", "2026-05-01", env=env)
    workspace.run("poll", "--now", "2026-09-05", env=env)  # 48 days left: nothing yet
    assert len(receiver.posts) == 1
    workspace.run("poll", "--now", "2026-09-08", env=env)  # 45 days left
    assert "latest safe start: rebuilding takes 45 days" in receiver.posts[-1]["message"]


def test_no_earlier_than_dates_are_planning_notices_and_say_so(workspace, httpserver, receiver):
    httpserver.expect_request("/azure").respond_with_data(AZURE)
    workspace.settings({"azure": httpserver.url_for("/azure")})
    workspace.registry("fine_tune:\n  name: cu\n  base_model: azure/computer-use-preview@2025-03-11\n")
    workspace.run("poll", "--now", "2026-04-10", env={"APPRISE_URLS": receiver.url})
    post = receiver.posts[0]
    assert post["type"] == "info", "a floor is never urgent"
    assert "no earlier than 2026-04-14 (in 4 days)" in post["message"]
    assert "not yet final" in post["message"]


def test_provider_text_cannot_ping_or_link(workspace, httpserver, receiver):
    hostile = OPENAI.replace("| `gpt-5.4-nano`               |", "| `gpt-5.4-nano` @channel [win](http://evil.example) <!here> |")
    httpserver.expect_request("/openai").respond_with_data(hostile)
    workspace.settings({"openai": httpserver.url_for("/openai")})
    workspace.registry("fine_tune:\n  name: rw\n  base_model: openai/gpt-4.1-nano-2025-04-14\n")
    workspace.run("poll", "--now", "2026-05-01", env={"APPRISE_URLS": receiver.url})
    body = receiver.posts[0]["message"]
    assert "@channel" not in body and "<!here>" not in body
    assert not re.search(r"(?<!`)\[win\]\(http", body), "no live Markdown link from page text"


def test_channel_secrets_never_reach_output_logs_or_store(workspace, httpserver, caplog):
    secret = "s3cr3t-t0ken-4242"
    httpserver.expect_request("/openai").respond_with_data(OPENAI)
    workspace.settings({"openai": httpserver.url_for("/openai")})
    workspace.registry("fine_tune:\n  name: rw\n  base_model: openai/gpt-4.1-nano-2025-04-14\n")
    down = free_port()
    env = {"APPRISE_URLS": f"json://ftwatch:{secret}@127.0.0.1:{down}/hook"}
    caplog.set_level("DEBUG")
    result = workspace.run("poll", "--now", "2026-05-01", env=env)
    assert result.exit_code == 1  # the channel is down
    outputs = [result.output, workspace.run("events", "--json", env=env).output,
               workspace.run("notify", "test", env=env).output, caplog.text]
    assert not any(secret in text for text in outputs)
    assert secret.encode() not in workspace.db.read_bytes()
    time.sleep(0)  # nothing else to wait for: deliveries are recorded synchronously


def test_a_passed_floor_is_said_once_and_never_called_retired(workspace, httpserver, receiver):
    httpserver.expect_request("/azure").respond_with_data(AZURE)
    workspace.settings({"azure": httpserver.url_for("/azure")})
    workspace.registry("fine_tune:\n  name: cu\n  base_model: azure/computer-use-preview@2025-03-11\n")
    env = {"APPRISE_URLS": receiver.url}
    workspace.run("poll", "--now", "2026-04-01", env=env)
    workspace.run("poll", "--now", "2026-04-20", env=env)
    workspace.run("poll", "--now", "2026-05-20", env=env)
    titles_ = [p["title"] for p in receiver.posts]
    assert titles_ == ["ftwatch digest: 1 item on your fine-tunes",
                       "cu: base retires no earlier than 2026-04-14 (6 days ago)"]  # said once
    assert "may be retired any day now" in receiver.posts[-1]["message"]
    assert "floor passed" in workspace.run("status", "--now", "2026-05-20").output


def test_long_messages_are_split_per_channel_not_rejected():
    from notifier.channels import Channels

    channels = Channels(urls="json://127.0.0.1:9/hook, json://127.0.0.1:9/other?overflow=truncate")
    labels = [c.label for c in channels.all()]
    assert "overflow=split" in labels[0], "ftwatch's default for channels that did not choose"
    assert "overflow=truncate" in labels[1], "a channel's own choice is kept"
