"""Never silent: a source whose page breaks is marked broken, alerts once, keeps its last
good facts, and makes the poll exit non-zero. Each case serves a modified real page copy."""

from __future__ import annotations

import re

from tests.conftest import query as rows, PAGES, fixture_bytes

REGISTRY = "fine_tune:\n  name: rewriter\n  base_model: openai/gpt-4.1-nano-2025-04-14\n  owner: ml\n"
OPENAI = fixture_bytes(PAGES["openai"]).decode()



def first_poll(workspace, httpserver, page: str = OPENAI):
    httpserver.expect_request("/openai").respond_with_data(page)
    workspace.settings({"openai": httpserver.url_for("/openai")})
    workspace.registry(REGISTRY)
    result = workspace.run("poll", "--now", "2026-07-01")
    assert result.exit_code == 0, result.output
    return result


def repoll(workspace, httpserver, page: str | bytes, status: int = 200, now: str = "2026-07-02"):
    httpserver.clear()
    httpserver.expect_request("/openai").respond_with_data(page, status=status)
    return workspace.run("poll", "--now", now)


def assert_broken(workspace, result, words: str):
    assert result.exit_code == 1, result.output
    assert re.search(r"openai\s+broken|openai\s+failed", result.output), result.output
    assert words in result.output
    assert rows(workspace.db, "select state from sources where name = 'openai'") == [("broken",)]
    assert rows(workspace.db, "select count(*) from retirements where source = 'openai' and listed = 1")[0][0] == 144, \
        "the last good facts stay"
    assert rows(workspace.db, "select count(*) from events where kind = 'source-broken'")[0][0] == 1


def test_http_error_marks_the_source_broken_and_sources_shows_it(workspace, httpserver):
    first_poll(workspace, httpserver)
    result = repoll(workspace, httpserver, "gone", status=404)
    assert_broken(workspace, result, "HTTP 404")
    listing = workspace.run("sources")
    line = next(l for l in listing.output.splitlines() if l.startswith("openai "))
    assert "broken" in line and "HTTP 404" in line and " 1 " in line  # one consecutive failure
    assert re.search(r"\d{4}-\d\d-\d\dT", line), "last success time is shown"


def test_empty_parse_is_broken_not_no_news(workspace, httpserver):
    first_poll(workspace, httpserver)
    no_tables = "\n".join(l for l in OPENAI.splitlines() if not l.startswith("|"))
    assert_broken(workspace, repoll(workspace, httpserver, no_tables), "parsed 0 rows")


def test_parse_that_shrank_by_more_than_half_is_broken(workspace, httpserver):
    first_poll(workspace, httpserver)
    config = workspace.root / "ftwatch.yaml"  # a lower floor, so only the shrink guard can trip
    config.write_text(config.read_text().replace("/openai'}", "/openai', min_rows: 10}"))
    cut = OPENAI[: OPENAI.index("### 2025-11-14")]  # only the newest announcements remain
    assert_broken(workspace, repoll(workspace, httpserver, cut), "down from 144")


def test_page_without_its_markers_is_broken(workspace, httpserver):
    first_poll(workspace, httpserver)
    redesigned = OPENAI.replace("Shutdown date", "Sunset on")
    assert_broken(workspace, repoll(workspace, httpserver, redesigned), "no longer contains 'Shutdown date'")


def test_canary_model_that_no_longer_parses_breaks_the_source(workspace, httpserver):
    first_poll(workspace, httpserver)
    without = "\n".join(l for l in OPENAI.splitlines() if "`gpt-4-32k" not in l)
    assert_broken(workspace, repoll(workspace, httpserver, without), "known model gpt-4-32k no longer parses")


def test_one_alert_per_broken_episode_and_recovery(workspace, httpserver, receiver):
    first_poll(workspace, httpserver)
    env = {"APPRISE_URLS": receiver.url}
    httpserver.clear()
    httpserver.expect_request("/openai").respond_with_data("x", status=500)
    for day in ("2026-07-02", "2026-07-03"):
        assert workspace.run("poll", "--now", day, env=env).exit_code == 1
    broken_alerts = [p for p in receiver.posts if "is broken" in p["title"]]
    assert len(broken_alerts) == 1, "a source that stays broken alerts once, not every poll"
    assert rows(workspace.db, "select consecutive_failures from sources where name = 'openai'") == [(2,)]
    recovered = repoll(workspace, httpserver, OPENAI + "\n", now="2026-07-04")
    assert recovered.exit_code == 0
    assert rows(workspace.db, "select state, consecutive_failures from sources where name = 'openai'") == [("ok", 0)]


def test_a_model_that_vanished_keeps_its_facts_and_is_flagged_not_cancelled(workspace, httpserver, receiver):
    first_poll(workspace, httpserver)
    env = {"APPRISE_URLS": receiver.url}
    without = "\n".join(l for l in OPENAI.splitlines() if "`gpt-4.1-nano`" not in l)
    httpserver.clear()
    httpserver.expect_request("/openai").respond_with_data(without)
    result = workspace.run("poll", "--now", "2026-07-02", env=env)
    assert result.exit_code == 0
    assert rows(workspace.db, "select listed, retires_on from retirements where source = 'openai' and model = 'gpt-4.1-nano-2025-04-14' and scope = 'inference'") == [(0, "2026-10-23")]
    assert rows(workspace.db, "select field, old, new from retirement_history where field = 'listed'")[0] == ("listed", "1", "0")
    assert receiver.posts == [], "a row leaving the page is not news to the owner"
    status = workspace.run("status", "--now", "2026-07-02")
    assert "2026-10-23" in status.output, "the fine-tune still faces its last known date"
