"""`ftwatch poll` end to end: real page copies on a local HTTP server, a real SQLite file,
real Apprise deliveries to a local receiver."""

from __future__ import annotations

import json
import re
import time

from tests.conftest import query as rows, PAGES, fixture_bytes, serve_pages

REGISTRY = """\
fine_tunes:
  - name: search-rewriter
    base_model: openai/gpt-4.1-nano-2025-04-14
    owner: ml-search
    notify: [ml-search]
    rebuild_runbook: https://wiki.example/runbooks/rewriter
  - name: contracts
    base_model: azure/gpt-4o@2024-08-06
    owner: ml-platform
"""



def test_first_poll_stores_facts_and_notifies_each_owner_once(workspace, httpserver, receiver):
    workspace.settings(serve_pages(httpserver))
    workspace.registry(REGISTRY)
    result = workspace.run("poll", "--now", "2026-07-01", env={"APPRISE_URLS": receiver.url})
    assert result.exit_code == 0, result.output
    for name in PAGES:
        assert f"{name} " in result.output and "fetched" in result.output
    assert rows(workspace.db, "select count(*) from retirements")[0][0] > 250
    # Untagged channel: it receives both owners' digests, one message per owner route.
    assert len(receiver.posts) == 2
    titles = sorted(p["title"] for p in receiver.posts)
    assert all(t.startswith("ftwatch digest") for t in titles)
    bodies = "\n".join(p["message"] for p in receiver.posts)
    assert "search-rewriter: base retires 2026-10-23 (in 114 days)" in bodies
    assert "https://wiki.example/runbooks/rewriter" in bodies
    assert "contracts: base retires 2027-03-31" in bodies  # Azure: one year after training retirement

    again = workspace.run("poll", "--now", "2026-07-01", env={"APPRISE_URLS": receiver.url})
    assert again.exit_code == 0
    assert len(receiver.posts) == 2, "the same poll again must send nothing"


def test_conditional_get_304_skips_parsing(workspace, httpserver):
    body = fixture_bytes(PAGES["openai"])
    httpserver.expect_ordered_request("/openai").respond_with_data(body, headers={"ETag": '"v1"'})
    httpserver.expect_ordered_request("/openai", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    workspace.settings({"openai": httpserver.url_for("/openai")})
    workspace.registry(REGISTRY)
    assert workspace.run("poll").exit_code == 0
    second = workspace.run("poll")
    assert second.exit_code == 0
    assert "unchanged" in second.output
    outcomes = rows(workspace.db, "select outcome, rows from polls order by id")
    assert outcomes == [("fetched", 144), ("unchanged", None)]
    httpserver.check_assertions()


def test_same_bytes_without_validators_skip_parsing_too(workspace, httpserver):
    httpserver.expect_request("/openai").respond_with_data(fixture_bytes(PAGES["openai"]))
    workspace.settings({"openai": httpserver.url_for("/openai")})
    workspace.registry(REGISTRY)
    workspace.run("poll")
    workspace.run("poll")
    assert rows(workspace.db, "select outcome from polls order by id") == [("fetched",), ("unchanged",)]
    assert rows(workspace.db, "select count(*) from documents")[0][0] == 1


def test_timeout_and_5xx_on_some_sources_while_others_succeed(workspace, httpserver):
    urls = serve_pages(httpserver, {"openai": PAGES["openai"], "azure": PAGES["azure"]})

    def slow(request):
        time.sleep(3)
        from werkzeug import Response

        return Response("late")

    httpserver.expect_request("/changelog").respond_with_handler(slow)
    httpserver.expect_request("/foundry").respond_with_data("upstream broke", status=503)
    urls["openai-changelog"] = httpserver.url_for("/changelog")
    urls["azure-foundry"] = httpserver.url_for("/foundry")
    workspace.settings(urls)
    workspace.registry(REGISTRY)
    result = workspace.run("poll", "--now", "2026-07-01")
    assert result.exit_code == 1, "a failed source makes the poll exit non-zero"
    out = result.output
    assert "openai-changelog  failed" in out and "timed out" in out
    assert "azure-foundry     failed" in out and "503" in out
    assert rows(workspace.db, "select state from sources where name in ('openai', 'azure') order by name") == [("ok",), ("ok",)]
    assert rows(workspace.db, "select count(*) from retirements where source = 'openai'")[0][0] == 144
    broken = rows(workspace.db, "select kind from events where kind = 'source-broken'")
    assert len(broken) == 2


def test_byte_cap_fails_the_source_not_the_poll(workspace, httpserver):
    urls = serve_pages(httpserver, {"azure": PAGES["azure"]})
    httpserver.expect_request("/huge").respond_with_data(b"x" * 20_000)
    urls["openai"] = httpserver.url_for("/huge")
    workspace.settings(urls, extra="")
    text = (workspace.root / "ftwatch.yaml").read_text().replace("backoff: 0.01", "backoff: 0.01, max_bytes: 10000")
    (workspace.root / "ftwatch.yaml").write_text(text)
    workspace.registry(REGISTRY)
    result = workspace.run("poll")
    assert result.exit_code == 1
    assert "limit" in result.output and "max_bytes" in result.output
    assert rows(workspace.db, "select state from sources where name = 'azure'") == [("ok",)]


def test_malformed_registry_never_crashes_a_poll(workspace, httpserver):
    workspace.settings(serve_pages(httpserver, {"openai": PAGES["openai"]}))
    workspace.registry("fine_tunes:\n  - name: ok-one\n    base_model: openai/gpt-4.1-nano-2025-04-14\n"
                       "  - name: broken\n    base_modle: gpt-4o\n  - name: [nested\n")
    result = workspace.run("poll", "--now", "2026-07-01")
    assert result.exit_code == 1
    assert "1 problem(s) in the registry" in result.output
    assert "model-registry.yaml:7:" in result.output and "parsing a flow sequence at line 6" in result.output
    assert rows(workspace.db, "select count(*) from retirements")[0][0] == 144, "facts are still stored"


def test_registry_with_one_bad_entry_still_watches_the_good_ones(workspace, httpserver):
    workspace.settings(serve_pages(httpserver, {"openai": PAGES["openai"]}))
    workspace.registry("fine_tunes:\n  - name: ok-one\n    base_model: openai/gpt-4.1-nano-2025-04-14\n"
                       "  - name: typo\n    base_modle: openai/gpt-4o\n")
    result = workspace.run("poll", "--now", "2026-07-01")
    assert result.exit_code == 1
    assert "model-registry.yaml:5" in result.output and "base_modle" in result.output
    assert rows(workspace.db, "select fine_tune, kind from events where kind = 'retirement-announced'") == [
        ("ok-one", "retirement-announced")
    ]


def test_adapter_crash_mid_poll_leaves_the_store_consistent(workspace, httpserver):
    """A page the adapter chokes on is a broken source: the other sources commit, the last
    good facts of the broken one stay, and the file passes an integrity check."""
    good = serve_pages(httpserver, {"openai": PAGES["openai"], "azure": PAGES["azure"]})
    workspace.settings(good)
    workspace.registry(REGISTRY)
    assert workspace.run("poll", "--now", "2026-07-01").exit_code == 0
    before = rows(workspace.db, "select count(*) from retirements where source = 'azure'")[0][0]

    httpserver.clear()
    httpserver.expect_request("/openai").respond_with_data(fixture_bytes(PAGES["openai"]) + b"\n")
    httpserver.expect_request("/azure").respond_with_data(b"\xff\xfe garbage that is no retirement table")
    result = workspace.run("poll", "--now", "2026-07-02")
    assert result.exit_code == 1
    assert "azure" in result.output and "broken" in result.output
    assert rows(workspace.db, "pragma integrity_check") == [("ok",)]
    assert rows(workspace.db, "select count(*) from retirements where source = 'azure' and listed = 1")[0][0] == before
    assert rows(workspace.db, "select outcome from polls where source = 'openai' order by id desc limit 1") == [("fetched",)]


def test_killed_poll_leaves_the_store_as_it_was(workspace, httpserver, tmp_path):
    """SIGKILL during a poll (here: while a source hangs) loses nothing already committed."""
    import os
    import signal
    import subprocess
    import sys

    urls = serve_pages(httpserver, {"openai": PAGES["openai"]})
    workspace.settings(urls)
    workspace.registry(REGISTRY)
    assert workspace.run("poll", "--now", "2026-07-01").exit_code == 0
    snapshot = rows(workspace.db, "select id, retires_on from retirements order by id")

    def hang(request):
        time.sleep(5)
        from werkzeug import Response

        return Response("late")

    httpserver.clear()
    httpserver.expect_request("/openai").respond_with_handler(hang)
    env = dict(os.environ, FTWATCH_CONFIG=str(workspace.root / "ftwatch.yaml"), APPRISE_URLS="")
    proc = subprocess.Popen([sys.executable, "-m", "scraper.cli", "poll"], cwd=workspace.root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert rows(workspace.db, "pragma integrity_check") == [("ok",)]
    assert rows(workspace.db, "select id, retires_on from retirements order by id") == snapshot


def test_dry_run_prints_events_and_stores_nothing(workspace, httpserver, receiver):
    workspace.settings(serve_pages(httpserver, {"openai": PAGES["openai"]}))
    workspace.registry(REGISTRY)
    result = workspace.run("poll", "--dry-run", "--now", "2026-07-01", env={"APPRISE_URLS": receiver.url})
    assert result.exit_code == 0
    assert "would notify: " in result.output and "search-rewriter" in result.output
    assert receiver.posts == []
    assert rows(workspace.db, "select count(*) from retirements")[0][0] == 0
    assert rows(workspace.db, "select count(*) from events")[0][0] == 0


def test_no_journal_or_wal_left_after_a_poll(workspace, httpserver):
    workspace.settings(serve_pages(httpserver, {"openai": PAGES["openai"]}))
    workspace.registry(REGISTRY)
    workspace.run("poll")
    leftovers = [p.name for p in workspace.root.iterdir() if p.name.startswith("ftwatch.db-")]
    assert leftovers == []


def test_status_shows_dates_days_left_replacement_and_owner(workspace, httpserver):
    workspace.settings(serve_pages(httpserver))
    workspace.registry(REGISTRY)
    workspace.run("poll", "--now", "2026-07-01")
    result = workspace.run("status", "--now", "2026-07-01")
    assert result.exit_code == 0
    line = next(l for l in result.output.splitlines() if l.startswith("search-rewriter"))
    assert "2026-10-23" in line and " 114 " in line and "gpt-5.4-nano" in line and "ml-search" in line
    data = json.loads(workspace.run("status", "--now", "2026-07-01", "--json").stdout)
    contracts = next(r for r in data["fine_tunes"] if r["fine_tune"] == "contracts")
    assert contracts["retires_on"] == "2027-03-31" and contracts["training_cutoff"] == "2026-03-31"
    assert "One year after training retirement" in contracts["derived_from"]


def test_not_before_dates_are_shown_as_such(workspace, httpserver):
    workspace.settings(serve_pages(httpserver, {"azure": PAGES["azure"]}))
    workspace.registry("fine_tune:\n  name: cu\n  base_model: azure/computer-use-preview@2025-03-11\n")
    workspace.run("poll", "--now", "2026-01-01")
    result = workspace.run("status", "--now", "2026-01-01")
    assert "no earlier than 2026-04-14" in result.output


def test_azure_article_is_followed_into_its_include(workspace, httpserver):
    """The rendered article only holds [!INCLUDE ...]: zero rows unless the poll follows it."""
    base = "/MicrosoftDocs/azure-ai-docs/main/articles/ai-foundry/openai"
    httpserver.expect_request(f"{base}/concepts/model-retirements.md").respond_with_data(
        fixture_bytes("azure-openai/model-retirements-wrapper.2026-01-30.md"))
    httpserver.expect_request(f"{base}/includes/retirement/models.md").respond_with_data(fixture_bytes(PAGES["azure"]))
    workspace.settings({"azure": httpserver.url_for(f"{base}/concepts/model-retirements.md")})
    workspace.registry(REGISTRY)
    result = workspace.run("poll", "--now", "2026-07-01")
    assert result.exit_code == 0, result.output
    assert re.search(r"azure\s+fetched\s+71\b", result.output)
    assert "include ../../includes/classic-banner.md not fetched" in result.output  # said, not fatal
    assert rows(workspace.db, "select retires_on from retirements where model = 'gpt-4o' and version = '2024-08-06' "
                              "and scope = 'inference'") == [("2026-03-31",)]
