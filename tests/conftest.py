"""Shared test parts: real page copies on a real local HTTP server, a real Apprise receiver,
real SQLite files, and the real command line."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from sources import all_sources

FIXTURES = Path(__file__).parent / "fixtures" / "sources"

# The page copy each built-in source is served from in end-to-end tests.
PAGES = {
    "openai": "openai/deprecations-2026-06-devsite.md",
    "openai-changelog": "openai/changelog-2026-09-devsite-excerpt.md",
    "azure": "azure-openai/retirement-include-models.2025-12-16.00b1f65.md",
    "azure-foundry": "azure-openai/foundry-model-lifecycle-retirement.2025-05-05.md",
    "anthropic": "anthropic/model-deprecations-2026-06-raw.md",
    "gemini": "gemini/deprecations-2026-09-mdtxt.md",
    "gemini-changelog": "gemini/changelog-2025-04-html2md.md",
    "vertex": "vertex/model-versions-2025-late.md",
    "vertex-partner": "vertex/maas-deprecations-2025-05.md",
    "bedrock": "bedrock/model-lifecycle-legacy.approx-2026-10.md",
    "mistral": "mistral/models_overview.2026-05-28.mdx",
    "cohere": "cohere/deprecations.2026-08-06.mdx",
    "cohere-changelog": "cohere/changelog.2025-09-16-announcing-major-command-deprecations.mdx",
    "groq": "groq/deprecations.as-of-2026-09.md",
    "together": "together/deprecations.as-of-2026-08.md",
    "openrouter": "openrouter/api-v1-models.2026-05-15.json",
    "litellm": "litellm/model_prices_and_context_window.2026-07-24.json",
}


def fixture_bytes(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


def query(db: Path, sql: str, *args) -> list[tuple]:
    """Rows from the real SQLite file, read the way any other tool would."""
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Receiver:
    """A local HTTP endpoint that records what Apprise's json:// plugin posts."""

    port: int
    posts: list[dict] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def start(self) -> "Receiver":
        posts = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                posts.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture(scope="session")
def make_httpserver():
    """pytest-httpserver, threaded: a slow page must not hold up the other sources' answers."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def receiver():
    r = Receiver(free_port()).start()
    yield r
    r.stop()


@dataclass
class Workspace:
    """A temp dir with ftwatch.yaml, a registry and a store, and a way to run the CLI in it."""

    root: Path
    monkeypatch: pytest.MonkeyPatch

    @property
    def db(self) -> Path:
        return self.root / "ftwatch.db"

    def settings(self, urls: dict[str, str], extra: str = "") -> Path:
        lines = ["db: ftwatch.db", "registry: model-registry.yaml",
                 "fetch: {timeout: 2, connect_timeout: 1, retries: 1, backoff: 0.01}", "sources:"]
        for name in all_sources():
            lines.append(f"  {name}: {{url: '{urls[name]}'}}" if name in urls else f"  {name}: {{enabled: false}}")
        path = self.root / "ftwatch.yaml"
        path.write_text("\n".join(lines) + "\n" + extra)
        return path

    def registry(self, text: str) -> Path:
        path = self.root / "model-registry.yaml"
        path.write_text(text)
        return path

    def run(self, *args: str, env: dict[str, str] | None = None):
        config = self.root / "ftwatch.yaml"
        environment = {"FTWATCH_CONFIG": str(config) if config.exists() else None, "APPRISE_URLS": ""}
        environment.update(env or {})
        self.monkeypatch.chdir(self.root)
        return CliRunner().invoke(cli, list(args), env=environment, catch_exceptions=False)


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    for name in ("FTWATCH_DB", "FTWATCH_REGISTRY", "FTWATCH_CONFIG", "FTWATCH_NOW", "APPRISE_URLS"):
        monkeypatch.delenv(name, raising=False)
    return Workspace(tmp_path, monkeypatch)


def serve_pages(httpserver, pages: dict[str, str] | None = None) -> dict[str, str]:
    """Serve page copies at /<source>; returns the source -> URL map for ftwatch.yaml."""
    urls = {}
    for name, relative in (pages or PAGES).items():
        httpserver.expect_request(f"/{name}").respond_with_data(
            fixture_bytes(relative), content_type="text/markdown; charset=utf-8"
        )
        urls[name] = httpserver.url_for(f"/{name}")
    return urls
