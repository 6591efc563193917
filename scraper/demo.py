"""The offline demo behind ``make demo``: the real job, against real page copies, on 127.0.0.1.

It serves the provider pages bundled in ``data/demo/pages`` from a local HTTP server, points
every source at them through a generated ftwatch.yaml, starts a local receiver for Apprise's
``json://`` notifications, and then runs the actual ``ftwatch`` command: a first poll (one
digest per owner), the status table, what the receiver got, a second poll (nothing is sent
twice) and a poll two months later (milestones). The copies date from mid-2026, so the demo
pretends today is 2026-07-01.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "data" / "demo" / "pages"
MANIFEST = ROOT / "data" / "demo" / "sources.json"
REGISTRY = ROOT / "data" / "model-registry.example.yaml"
WORK = Path(os.environ.get("FTWATCH_DEMO_DIR", ROOT / ".ftwatch-demo"))
DEMO_TODAY = "2026-07-01"
LATER = "2026-09-01"


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Receiver(BaseHTTPRequestHandler):
    """Collects what Apprise posts to json://127.0.0.1:PORT/hook."""

    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length", 0))
        self.received.append(json.loads(self.rfile.read(length) or b"{}"))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    request_queue_size = 64  # all sources connect at once; the default backlog of 5 is too small


def _serve(handler) -> ThreadingHTTPServer:
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _settings(port: int) -> str:
    manifest = json.loads(MANIFEST.read_text())
    lines = ["# Written by the ftwatch demo: every source points at the local copy server.", "db: ftwatch.db",
             f"registry: {REGISTRY}", "sources:"]
    from sources import all_sources

    for name in all_sources():
        if name in manifest:
            lines.append(f"  {name}: {{url: 'http://127.0.0.1:{port}/{manifest[name]}'}}")
        else:
            lines.append(f"  {name}: {{enabled: false}}")
    return "\n".join(lines) + "\n"


def _run(title: str, args: list[str], env: dict[str, str]) -> int:
    print(f"\n$ ftwatch {' '.join(args)}    # {title}", flush=True)
    return subprocess.run([sys.executable, "-m", "scraper.cli", *args], env=env, cwd=WORK).returncode


def _show(received: list[dict], start: int) -> None:
    new = received[start:]
    print(f"\n--- the local receiver got {len(new)} notification(s) ---")
    for note in new:
        print(f"\n[{note.get('type')}] {note.get('title')}\n{note.get('message')}")
    print("--- end of notifications ---", flush=True)


def main() -> int:
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir()
    pages = _serve(partial(_QuietFiles, directory=str(PAGES)))
    receiver = _serve(_Receiver)
    (WORK / "ftwatch.yaml").write_text(_settings(pages.server_port))
    env = dict(os.environ, FTWATCH_CONFIG=str(WORK / "ftwatch.yaml"),
               APPRISE_URLS=f"json://127.0.0.1:{receiver.server_port}/hook")
    env.pop("FTWATCH_DB", None)
    env.pop("FTWATCH_REGISTRY", None)
    print(f"Serving real provider page copies from {PAGES.relative_to(ROOT)} on http://127.0.0.1:{pages.server_port}")
    print(f"Notifications go to a local receiver at json://127.0.0.1:{receiver.server_port}/hook")
    print(f"Registry: {REGISTRY.relative_to(ROOT)}; store: {WORK / 'ftwatch.db'}")
    codes = [_run("first poll of an empty store: one digest per owner", ["poll", "--now", DEMO_TODAY], env)]
    _show(_Receiver.received, 0)
    codes.append(_run("what each fine-tune faces", ["status", "--now", DEMO_TODAY], env))
    seen = len(_Receiver.received)
    codes.append(_run("the same poll again: nothing new is sent", ["poll", "--now", DEMO_TODAY], env))
    _show(_Receiver.received, seen)
    seen = len(_Receiver.received)
    codes.append(_run("two months later: thresholds crossed", ["poll", "--now", LATER], env))
    _show(_Receiver.received, seen)
    pages.shutdown()
    receiver.shutdown()
    failed = [c for c in codes if c not in (0,)]
    print(f"\nDemo finished: {'all commands succeeded' if not failed else 'some commands reported problems'}.")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
