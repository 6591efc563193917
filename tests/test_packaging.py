"""ftwatch's generic top-level package names must never silently resolve to someone else's."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_ftwatch(extra_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=f"{extra_path}{os.pathsep}{ROOT}")
    return subprocess.run([sys.executable, "-c", "from scraper.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, cwd=extra_path)


def test_a_foreign_sources_package_stops_ftwatch_with_a_clear_message(tmp_path):
    fake = tmp_path / "sources"
    fake.mkdir()
    (fake / "__init__.py").write_text("# somebody else's 'sources' package from PyPI\n")
    result = run_ftwatch(tmp_path, "sources")
    assert result.returncode == 2
    assert "'sources' resolves to" in result.stderr and str(fake) in result.stderr
    assert "pipx install ftwatch" in result.stderr and "own" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_foreign_notifier_package_is_caught_too(tmp_path):
    fake = tmp_path / "notifier"
    fake.mkdir()
    (fake / "__init__.py").write_text("FTWATCH_PACKAGE = 'notifier'  # even a look-alike marker\n")
    result = run_ftwatch(tmp_path, "--help")
    assert result.returncode == 2
    assert "'notifier' resolves to" in result.stderr


def test_our_own_packages_pass_the_guard(tmp_path):
    result = run_ftwatch(tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert "ftwatch" in result.stdout


def test_no_other_installed_distribution_ships_our_top_level_names():
    ours = {"scraper", "sources", "notifier"}
    for dist in importlib.metadata.distributions():
        if (dist.metadata["Name"] or "").lower() == "ftwatch":
            continue
        tops = {Path(str(f)).parts[0] for f in (dist.files or [])}
        assert not ours & tops, f"{dist.metadata['Name']} also ships {sorted(ours & tops)}"


def test_only_fetch_imports_httpx_and_only_channels_imports_apprise():
    for path in list((ROOT / "scraper").glob("*.py")) + list((ROOT / "sources").glob("*.py")) + list((ROOT / "notifier").glob("*.py")):
        text = path.read_text()
        if path.name != "fetch.py":
            assert "import httpx" not in text, path
        if path.name != "channels.py":
            assert "import apprise" not in text and "from apprise" not in text, path


def test_adapters_never_import_the_engine():
    """sources/ is pure: scraper imports sources, never the other way round."""
    for path in (ROOT / "sources").glob("*.py"):
        text = path.read_text()
        assert "from scraper" not in text and "import scraper" not in text, path
        assert "from notifier" not in text, path
