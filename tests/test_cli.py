"""The command line's public contracts: `parse --json`, `registry validate`, help."""

from __future__ import annotations

import json

from click.testing import CliRunner

from scraper.cli import cli
from sources.record import CONTRACT_KEYS
from tests.conftest import FIXTURES

PARSE_KEYS = ["provider", "model", "version", "status", "announced_on", "deprecated_on", "retires_on",
              "retires_on_text", "not_before", "scope", "replacement", "region", "source_url"]


def test_parse_json_is_the_documented_stable_contract():
    assert list(CONTRACT_KEYS) == PARSE_KEYS, "changing the parse contract needs a new contract version"
    result = CliRunner().invoke(cli, ["parse", "openai", str(FIXTURES / "openai/deprecations-2026-06-devsite.md"), "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 144
    assert all(list(r) == PARSE_KEYS for r in records)
    first = records[0]
    assert first == {
        "provider": "openai", "model": "gpt-image-1-mini", "version": None, "status": "deprecated",
        "announced_on": "2026-06-02", "deprecated_on": None, "retires_on": "2026-12-01",
        "retires_on_text": "Dec 1, 2026", "not_before": False, "scope": "inference",
        "replacement": ["gpt-image-2"], "region": None,
        "source_url": "https://developers.openai.com/api/docs/deprecations.md",
    }


def test_parse_azure_warns_about_a_malformed_date_on_stderr_and_keeps_it():
    result = CliRunner().invoke(cli, ["parse", "azure", str(FIXTURES / "azure-openai/model-retirements.2025-04-23.md"), "--json"])
    assert result.exit_code == 0
    assert "malformed date" in result.stderr and "April, 30, 2025" in result.stderr
    row = next(r for r in json.loads(result.stdout) if r["model"] == "gpt-35-turbo-16k")
    assert row["retires_on"] is None and row["retires_on_text"] == "April, 30, 2025"


def test_parse_unknown_source_lists_the_known_ones(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("x")
    result = CliRunner().invoke(cli, ["parse", "opneai", str(page)])
    assert result.exit_code == 2
    assert "unknown source 'opneai'" in result.output and "openai" in result.output


def test_parse_human_output_is_a_table(tmp_path):
    result = CliRunner().invoke(cli, ["parse", "openai-changelog", str(FIXTURES / "openai/changelog-2026-09-devsite-excerpt.md")])
    assert result.exit_code == 0
    assert "whisper-1" in result.stdout and "2027-02-26" in result.stdout


def test_registry_validate_reports_every_problem_with_line_and_fix(workspace):
    workspace.registry(
        "fine_tunes:\n"
        "  - name: a\n    base_model: gpt-4o-mini\n"
        "  - name: a\n    base_model: openia/gpt-4o\n"
        "  - name: c\n    base_model: openai/gpt-4o-2024-08-06\n    ownr: me\n    base_deprecation: 2026-02-30\n"
    )
    result = workspace.run("registry", "validate")
    assert result.exit_code == 1
    out = result.stdout
    assert "model-registry.yaml:3:" in out and "openai/gpt-4o-mini" in out  # missing provider, with the fix
    assert "model-registry.yaml:4:" in out and "duplicate" in out.lower()
    assert "openia" in out and "openai" in out  # unknown provider, did you mean
    assert "ownr" in out and "owner" in out
    assert "2026-02-30" in out


def test_registry_validate_accepts_the_example(workspace):
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "data" / "model-registry.example.yaml"
    workspace.registry(example.read_text())
    result = workspace.run("registry", "validate")
    assert result.exit_code == 0, result.output
    assert "7 fine-tune(s), no problems" in result.stdout


def test_unknown_settings_key_is_a_usage_error_with_file_and_line(workspace):
    (workspace.root / "ftwatch.yaml").write_text("db: x.db\nfetch:\n  timout: 3\n")
    result = workspace.run("status")
    assert result.exit_code == 2
    assert "ftwatch.yaml:3" in result.output and "timeout" in result.output


def test_every_command_has_help():
    runner = CliRunner()
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert (command.help or "").strip(), f"{name} has no help text"


def test_parse_json_works_for_every_built_in_source():
    from tests.conftest import PAGES

    for name, relative in PAGES.items():
        result = CliRunner().invoke(cli, ["parse", name, str(FIXTURES / relative), "--json"])
        assert result.exit_code == 0, (name, result.output)
        records = json.loads(result.stdout)
        assert records and all(list(r) == PARSE_KEYS for r in records), name


def test_poll_shows_progress_on_a_terminal_and_nothing_when_piped(workspace, httpserver):
    import os
    import subprocess
    import sys

    from tests.conftest import PAGES, serve_pages

    workspace.settings(serve_pages(httpserver, {"openai": PAGES["openai"]}))
    workspace.registry("fine_tunes: []\n")
    env = dict(os.environ, FTWATCH_CONFIG=str(workspace.root / "ftwatch.yaml"), APPRISE_URLS="")
    piped = subprocess.run([sys.executable, "-m", "scraper.cli", "poll"], cwd=workspace.root, env=env,
                           capture_output=True, text=True)
    assert "fetching" not in piped.stderr and "\x1b[" not in piped.stdout + piped.stderr
    tty = subprocess.run([sys.executable, "-m", "scraper.cli", "poll"], cwd=workspace.root,
                         env=dict(env, TTY_COMPATIBLE="1", TTY_INTERACTIVE="1"), capture_output=True, text=True)
    assert tty.returncode == 0
    assert "matching the registry" in tty.stderr and "\x1b[" in tty.stderr
