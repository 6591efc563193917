"""CI gates and the Markdown/annotation outputs the GitHub workflow relies on."""

from __future__ import annotations

import sqlite3

from tests.conftest import PAGES, serve_pages

REGISTRY = """\
fine_tunes:
  - name: rewriter
    base_model: openai/gpt-4.1-nano-2025-04-14
    owner: ml-search
    rebuild_runbook: https://wiki.example/rewriter
  - name: contracts
    base_model: azure/gpt-4o@2024-08-06
    owner: ml-platform
    rebuild_runbook: https://wiki.example/contracts
"""


def polled(workspace, httpserver, now="2026-07-01", pages=None):
    workspace.settings(serve_pages(httpserver, pages or {"openai": PAGES["openai"], "azure": PAGES["azure"]}))
    workspace.registry(REGISTRY)
    assert workspace.run("poll", "--now", now).exit_code == 0


def test_check_exit_codes(workspace, httpserver):
    polled(workspace, httpserver)
    quiet = workspace.run("check", "--within", "30", "--now", "2026-07-01")
    assert quiet.exit_code == 0, quiet.output
    due = workspace.run("check", "--within", "120", "--now", "2026-07-01")
    assert due.exit_code == 1
    assert "error: rewriter: base openai/gpt-4.1-nano-2025-04-14 retires 2026-10-23 (114 days left)" in due.output
    retired = workspace.run("check", "--within", "0", "--now", "2026-11-01")
    assert retired.exit_code == 1 and "retired 2026-10-23 and is still pinned" in retired.output
    bad = workspace.run("check", "--within", "-3")
    assert bad.exit_code == 2


def test_check_fails_on_a_broken_source_and_an_ack_downgrades(workspace, httpserver):
    polled(workspace, httpserver)
    workspace.run("ack", "rewriter", "--until", "2026-12-31", "--reason", "migrating", "--now", "2026-07-01")
    acked = workspace.run("check", "--within", "120", "--now", "2026-07-01")
    assert acked.exit_code == 0 and "warning: rewriter" in acked.output and "acknowledged until 2026-12-31" in acked.output
    httpserver.clear()
    httpserver.expect_request("/openai").respond_with_data("gone", status=404)
    httpserver.expect_request("/azure").respond_with_data("gone", status=404)
    workspace.run("poll", "--now", "2026-07-02")
    broken = workspace.run("check", "--within", "1", "--now", "2026-07-02")
    assert broken.exit_code == 1 and "source openai is broken" in broken.output


def test_heartbeat_max_age(workspace, httpserver):
    workspace.registry(REGISTRY)
    never = workspace.run("check", "--max-age", "24")
    assert never.exit_code == 1 and "no poll has ever completed" in never.output
    polled(workspace, httpserver)
    assert workspace.run("check", "--max-age", "24", "--within", "1", "--now", "2026-07-01").exit_code == 0
    con = sqlite3.connect(workspace.db)
    with con:
        con.execute("update meta set value = '2026-01-01T00:00:00+00:00' where key = 'last_poll_completed_at'")
    stale = workspace.run("check", "--max-age", "24", "--within", "1", "--now", "2026-07-01")
    assert stale.exit_code == 1 and "is the schedule still running?" in stale.output


def test_check_emits_github_annotations_escaped_and_capped(workspace, httpserver):
    polled(workspace, httpserver)
    result = workspace.run("check", "--within", "400", "--now", "2026-07-01", env={"GITHUB_ACTIONS": "true"})
    annotations = [l for l in result.output.splitlines() if l.startswith("::warning")]
    assert annotations and all("title=ftwatch%3A " in a for a in annotations)
    assert len(annotations) <= 10


def test_registry_lint_on_a_pull_request(workspace, httpserver, tmp_path):
    polled(workspace, httpserver)
    base = tmp_path / "base.yaml"
    base.write_text(REGISTRY)
    workspace.registry(REGISTRY + """\
  - name: new-on-retiring-base
    base_model: openai/gpt-4o-2024-05-13
    owner: ml-x
    rebuild_runbook: https://wiki.example/x
  - name: floating
    base_model: openai/gpt-4o
  - name: fine
    base_model: openai/gpt-5.5-2026-04-01
    owner: ml-y
    rebuild_runbook: https://wiki.example/y
""")
    result = workspace.run("registry", "lint", "--since", str(base), "--now", "2026-07-01")
    assert result.exit_code == 1
    out = result.output
    assert "model-registry.yaml:10: new-on-retiring-base: base openai/gpt-4o-2024-05-13 already has a retirement date (2026-10-23)" in out
    assert "floating: openai/gpt-4o is a floating alias" in out and "floating: no owner" in out
    assert "floating: no rebuild_runbook" in out
    assert "fine: no source knows openai/gpt-5.5-2026-04-01" in out  # a warning, not a failure
    assert "rewriter" not in out, "existing entries are not re-litigated with --since"
    assert "3 new fine-tune(s)" in out


def test_registry_lint_passes_a_clean_addition(workspace, httpserver, tmp_path):
    polled(workspace, httpserver)
    base = tmp_path / "base.yaml"
    base.write_text(REGISTRY)
    workspace.registry(REGISTRY + "  - name: ok\n    base_model: azure/gpt-5.1@2025-11-13\n    owner: o\n"
                                  "    rebuild_runbook: https://wiki.example/ok\n")
    result = workspace.run("registry", "lint", "--since", str(base), "--now", "2026-07-01")
    assert result.exit_code == 1, "gpt-5.1 has a date on the Azure page too"
    assert "already has a retirement date (2027-05-15)" in result.output


def test_status_markdown_for_job_summaries(workspace, httpserver):
    polled(workspace, httpserver)
    md = workspace.run("status", "--format", "markdown", "--now", "2026-07-01").stdout
    lines = md.splitlines()
    assert lines[0] == "### ftwatch: 2 fine-tune(s) as of 2026-07-01"
    assert lines[2].startswith("| Fine-tune | Base | Retires | Days left |")
    assert "| rewriter | `openai/gpt-4.1-nano-2025-04-14` | 2026-10-23 | 114 |" in md
