"""`make demo` is the README's first promise: it must work offline and show notifications arriving."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_demo_runs_offline_and_shows_notifications(tmp_path):
    env = dict(os.environ, FTWATCH_DEMO_DIR=str(tmp_path / "demo"))
    result = subprocess.run([sys.executable, "-m", "scraper.demo"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env=env)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "Serving real provider page copies" in out
    first = out.split("$ ftwatch status")[0]
    assert "the local receiver got 0 notification(s)" not in first
    assert "ftwatch digest" in first
    second = out.split("the same poll again")[1].split("two months later")[0]
    assert "the local receiver got 0 notification(s)" in second, "a repeated poll must send nothing"
    later = out.split("two months later")[1]
    assert "milestone" in later and "threshold crossed" in later
    assert "Demo finished: all commands succeeded." in out
