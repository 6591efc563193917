"""Speed benchmark: prints figures, asserts nothing (timed tests flake; figures inform).

1. parse: each source's real page copy, parsed repeatedly (median ms per document);
2. poll: every built-in source served from a local HTTP server, a cold poll (empty store)
   and a warm one (conditional GET: nothing re-parsed), wall time;
3. status: matching a registry of many fine-tunes against the stored facts.

Run with ``make bench``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scraper.poll import run_poll
from scraper.registry import Registry, load_registry
from scraper.report import status_rows
from scraper.settings import load_settings
from scraper.store import Store
from sources import all_sources
from tests.conftest import FIXTURES, PAGES
from tests.truthcheck import parse_fixture


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    request_queue_size = 64  # the default 5 drops concurrent connects: a 1 s SYN retry, not ftwatch's time


def bench_parse(rounds: int = 5) -> None:
    print(f"{'source':<18} {'copy':<58} {'KB':>6} {'records':>7} {'ms (median)':>11}")
    for name, relative in sorted(PAGES.items()):
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            _, result = parse_fixture(name, relative)
            times.append((time.perf_counter() - start) * 1000)
        size = (FIXTURES / relative).stat().st_size / 1024
        print(f"{name:<18} {relative:<58} {size:>6.0f} {len(result.records):>7} {statistics.median(times):>11.1f}")


def bench_poll(workdir: Path) -> Store:
    server = _Server(("127.0.0.1", 0), partial(_Quiet, directory=str(FIXTURES)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = workdir / "ftwatch.yaml"
    lines = [f"db: {workdir / 'ftwatch.db'}", "sources:"]
    for name in all_sources():
        if name in PAGES:
            lines.append(f"  {name}: {{url: 'http://127.0.0.1:{server.server_port}/{PAGES[name]}'}}")
    config.write_text("\n".join(lines) + "\n")
    settings = load_settings(config)
    registry = Registry(str(workdir / "none.yaml"), [], [])
    store = Store(settings.db)
    for label in ("cold (empty store)", "warm (unchanged pages)"):
        start = time.perf_counter()
        report = run_poll(store, settings, registry, date(2026, 7, 1), None)
        elapsed = time.perf_counter() - start
        rows = sum(s.rows or 0 for s in report.sources)
        print(f"poll {label:<24} {len(report.sources)} sources, {rows} facts, {elapsed * 1000:8.0f} ms")
    server.shutdown()
    return store


def bench_status(store: Store, workdir: Path, count: int = 2000) -> None:
    facts = [r for _, _, r in store.retirements() if r.provider in ("openai", "azure", "bedrock", "together")]
    registry_file = workdir / "big-registry.yaml"
    entries = []
    for i in range(count):
        record = facts[i % len(facts)]
        pin = f"{record.provider}/{record.model}" + (f"@{record.version}" if record.version and record.provider == "azure" else "")
        entries.append(f"  - {{name: ft-{i}, base_model: '{pin}', owner: team-{i % 20}}}")
    registry_file.write_text("fine_tunes:\n" + "\n".join(entries) + "\n")
    providers = {s.provider for s in all_sources().values()}
    start = time.perf_counter()
    registry = load_registry(registry_file, providers)
    loaded = time.perf_counter() - start
    settings = load_settings(None)
    start = time.perf_counter()
    rows = status_rows(store, settings, registry, date(2026, 7, 1))
    matched = time.perf_counter() - start
    print(f"registry of {count} fine-tunes: load {loaded * 1000:.0f} ms, status {matched * 1000:.0f} ms "
          f"({len(rows)} rows, {sum(1 for r in rows if r['retires_on'])} with a date)")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        bench_parse()
        print()
        store = bench_poll(workdir)
        bench_status(store, workdir)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
