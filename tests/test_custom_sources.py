"""Beyond the built-ins: any RSS/Atom changelog, and table pages declared in ftwatch.yaml."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sources.custom import make_source
from sources.feed import parse_feed
from sources.record import Document
from tests.conftest import fixture_bytes

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def feed(name: str) -> Document:
    return Document(f"https://example.test/{name}", (FEEDS / name).read_bytes(), "application/atom+xml")


def test_atom_feed_yields_dated_shutdowns_and_nothing_else():
    result = parse_feed(feed("openai-changelog.atom.xml"), provider="openai")
    facts = {(r.model, r.status, r.announced_on, r.retires_on, r.replacement) for r in result.records}
    moved = ("gpt-live-transcribe", "gpt-transcribe")
    assert facts == {
        ("whisper-1", "deprecated", "2026-08-26", "2027-02-26", moved),
        ("gpt-4o-transcribe", "deprecated", "2026-08-26", "2027-02-26", moved),
        ("gpt-4o-mini-transcribe", "deprecated", "2026-08-26", "2027-02-26", moved),
        ("gpt-4o-transcribe-diarize", "deprecated", "2026-08-26", "2027-02-26", moved),
        ("Assistants API", "retired", "2026-08-26", "2026-08-26", ("Responses API", "Conversations API")),
    }
    # The promo date, the 429/503 codes and the gpt-5.6 alias are not retirements.
    assert not any(r.retires_on == "2026-11-21" or r.model in ("429", "503", "gpt-5.6") for r in result.records)
    assert all(r.source_url.endswith("#aug-26") for r in result.records)


def test_rss_feed_with_a_list_of_retired_models():
    result = parse_feed(feed("cohere-changelog.rss.xml"), provider="cohere")
    assert [r.model for r in result.records] == [
        "embed-english-v2.0", "embed-english-light-v2.0", "embed-multilingual-v2.0", "c4ai-aya-expanse-8b", "c4ai-aya-vision-8b",
    ]
    assert {(r.retires_on, r.status) for r in result.records} == {("2026-04-04", "retired")}
    assert "embed-v4.0" in result.records[0].replacement
    assert not any("classify" in r.model.lower() for r in result.records), "no id, no record"


def test_keywords_filter_entries():
    result = parse_feed(feed("openai-changelog.atom.xml"), provider="openai", keywords=("sunset",))
    assert result.records == []


def test_a_page_that_is_not_a_feed_is_a_warning_not_a_crash():
    result = parse_feed(Document("https://x/page", fixture_bytes("openai/deprecations-2026-06-devsite.md")), provider="openai")
    assert result.records == [] and "not an RSS/Atom feed" in result.warnings[0]


def test_declared_table_source_reads_a_real_page_by_header_words():
    spec = {"name": "azure-mirror", "provider": "azure", "url": "https://mirror.test/models.md", "format": "markdown",
            "model_column": "Model Name", "date_column": "Retirement Date", "replacement_column": "Replacement"}
    source = make_source(spec)
    page = Document(spec["url"], fixture_bytes("azure-openai/retirement-include-models.2025-12-16.00b1f65.md"))
    records = source.parse(page).records
    assert len(records) == 55  # the four tabbed tables; the fine-tuned table has no "Retirement Date" column
    gpt4o = next(r for r in records if r.model == "gpt-4o")
    assert (gpt4o.provider, gpt4o.retires_on, gpt4o.replacement) == ("azure", "2026-03-31", ("gpt-5.1",))
    floor = next(r for r in records if r.model == "computer-use-preview")
    assert floor.not_before and floor.retires_on == "2026-04-14"


def test_declared_sources_join_the_poll_and_parse(workspace, httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data((FEEDS / "openai-changelog.atom.xml").read_bytes(),
                                                            content_type="application/atom+xml")
    httpserver.expect_request("/acme.html").respond_with_data(
        "<html><body><h2>Model retirements</h2><table><tr><th>Model</th><th>Retirement date</th><th>Replacement</th></tr>"
        "<tr><td><code>acme-chat-2</code></td><td>No earlier than March 1, 2027</td><td>acme-chat-3</td></tr>"
        "<tr><td><code>acme-embed-1</code></td><td>2026-09-31</td><td></td></tr></table></body></html>",
        content_type="text/html")
    workspace.settings({}, extra=(
        "custom_sources:\n"
        f"  - {{name: openai-feed, provider: openai, url: '{httpserver.url_for('/feed.xml')}', format: atom}}\n"
        f"  - {{name: acme, provider: acme, url: '{httpserver.url_for('/acme.html')}', format: html,"
        " model_column: Model, date_column: Retirement date, keywords: [retire]}\n"))
    workspace.registry("fine_tune:\n  name: chat\n  base_model: acme/acme-chat-2\n  owner: acme-ml\n")
    result = workspace.run("poll", "--now", "2026-10-01")
    assert result.exit_code == 0, result.output
    assert "retirement-announced  chat" in result.output
    assert "impossible date" in result.output  # acme-embed-1's 2026-09-31, kept as written
    con = sqlite3.connect(workspace.db)
    assert con.execute("select retires_on, not_before from retirements where model = 'acme-chat-2'").fetchall() == [("2027-03-01", 1)]
    assert con.execute("select count(*) from retirements where source = 'openai-feed'").fetchone()[0] == 5
    status = workspace.run("status", "--now", "2026-10-01")
    assert "no earlier than 2027-03-01" in status.output
    parsed = workspace.run("parse", "acme", str(Path(__file__)), "--json")  # any file: a custom source parses too
    assert parsed.exit_code == 0 and parsed.stdout.strip() == "[]"
    assert "acme" in workspace.run("sources").output
