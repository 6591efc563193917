"""Cohere traps the truth files do not pin: formatting-only commits, dates that change meaning
by section, the changelog's createdAt against its file name, and the rendered changelog page."""

from __future__ import annotations

import re

from sources import get_source
from sources.record import Document
from tests.conftest import fixture_bytes
from tests.truthcheck import FIXTURES, parse_fixture

PAGE = get_source("cohere")
CHANGELOG = get_source("cohere-changelog")
CLASSIFY_ENTRY = "changelog.2025-01-31-classify-default-model-deprecation.mdx"
COMMAND_ENTRY = "changelog.2025-09-16-announcing-major-command-deprecations.mdx"
RETIREMENT_ENTRY = "changelog.2026-04-04-embed-v2-aya-8b-retirement.mdx"
EMBED = ("embed-english-v3.0", "embed-multilingual-v3.0", "embed-v4.0")
CHAT = ("command-r7b-12-2024", "command-a-03-2025", "command-a-reasoning-08-2025")


def _page(text: str):
    return PAGE.parse(Document(PAGE.url, text.encode()))


def _changelog(text: str):
    return CHANGELOG.parse(Document(CHANGELOG.url, text.encode()))


def _copy(name: str) -> str:
    return fixture_bytes(f"cohere/{name}").decode()


def test_formatting_only_commit_yields_exactly_the_same_facts():
    """2026-08-06 re-indents lists, adds blank lines and drops a heading's period: no fact changes."""
    _, before = parse_fixture("cohere", "cohere/deprecations.2026-02-27.mdx")
    _, after = parse_fixture("cohere", "cohere/deprecations.2026-08-06.mdx")
    assert after.records == before.records
    assert after.warnings == before.warnings == []


def test_postponed_rerank_shutdown_is_the_same_fact_with_a_new_date():
    """2025-03-31 stays on the page after it passed, then becomes 2025-04-30 under the same announcement."""
    _, april_10 = parse_fixture("cohere", "cohere/deprecations.2025-04-10.mdx")
    _, april_29 = parse_fixture("cohere", "cohere/deprecations.2025-04-29.mdx")
    old = {r.key: r.retires_on for r in april_10.records if r.model.startswith("rerank-")}
    new = {r.key: r.retires_on for r in april_29.records if r.model.startswith("rerank-")}
    assert old.keys() == new.keys() and len(old) == 2
    assert set(old.values()) == {"2025-03-31"} and set(new.values()) == {"2025-04-30"}


def test_2025_09_15_deprecations_have_no_shutdown_date_but_fine_tuning_ends_that_day():
    _, result = parse_fixture("cohere", "cohere/deprecations.2025-09-16.mdx")
    deprecated = [r for r in result.records if r.deprecated_on == "2025-09-15"]
    assert {r.model for r in deprecated} >= {"command-r-03-2024", "command-r", "command", "summarize"}
    assert all(r.retires_on is None and r.retires_on_text is None for r in deprecated)
    assert {r.status for r in deprecated} == {"deprecated"}
    fine_tuning = {(r.model, r.scope) for r in result.records if r.retires_on == "2025-09-15"}
    bases = ("command-light", "command", "command-r", "classify", "rerank")
    assert fine_tuning == {(b, s) for b in bases for s in ("fine-tune-training", "fine-tune-inference")}


def test_a_heading_date_the_prose_does_not_explain_is_an_announcement_not_a_shutdown():
    new_section = (
        "### 2026-09-01: Rerank v3.0\n\n"
        "We are deprecating the following models:\n\n- `rerank-english-v3.0`\n\n"
    )
    text = _copy("deprecations.2026-08-06.mdx").replace("### 2026-04-04:", new_section + "### 2026-04-04:")
    [record] = [r for r in _page(text).records if r.model == "rerank-english-v3.0"]
    assert (record.announced_on, record.deprecated_on, record.retires_on) == ("2026-09-01", None, None)
    assert record.status == "deprecated"


def test_a_date_in_prose_that_is_not_a_retirement_is_not_read_as_one():
    text = _copy("deprecations.2026-08-06.mdx").replace(
        "Our team is here", "Prices of `embed-v4.0` hold through April 30, 2026. Our team is here"
    )
    result = _page(text)
    assert not any("2026-04-30" in (r.retires_on or "", r.deprecated_on or "") for r in result.records)
    assert not any(r.model == "embed-v4.0" for r in result.records)
    assert result.records == parse_fixture("cohere", "cohere/deprecations.2026-08-06.mdx")[1].records


def test_an_impossible_effective_date_is_kept_as_written_and_warned_about():
    page = _copy("deprecations.2026-08-06.mdx")
    text = page.replace("Effective April 4th, 2026", "Effective April 31st, 2026")
    result = _page(text)
    embed = [r for r in result.records if r.model == "embed-english-v2.0"]
    assert [(r.retires_on, r.retires_on_text) for r in embed] == [(None, "April 31st, 2026")]
    assert result.warnings == ["impossible date: April has no day 31 in 2026: 'April 31st, 2026'"]


def test_rerank_table_found_by_header_meaning_not_position():
    text = _copy("deprecations.2025-04-29.mdx").replace(
        "| Shutdown Date| Deprecated Model| Deprecated Model Price| Recommended Replacement|",
        "| Deprecated Model| Recommended Replacement| Retirement Date|",
    ).replace(
        "| 2025-04-30 | `rerank-english-v2.0` | $1.00 / 1K searches | `rerank-v3.5`|",
        "| `rerank-english-v2.0` | `rerank-v3.5` | No earlier than 2025-05-31 |",
    )
    [record] = [r for r in _page(text).records if r.model == "rerank-english-v2.0"]
    assert (record.retires_on, record.not_before) == ("2025-05-31", True)
    assert record.replacement == ("rerank-v3.5",)


def test_every_copy_has_the_health_markers_and_canary():
    for path in sorted((FIXTURES / "cohere").glob("deprecations.*.mdx")):
        text = path.read_text()
        assert all(m.lower() in text.lower() for m in PAGE.health.markers), path.name
        records = PAGE.parse(Document(PAGE.url, path.read_bytes())).records
        assert set(PAGE.health.canaries) <= {r.model for r in records}, path.name
        assert len(records) >= PAGE.health.min_rows


def test_changelog_date_is_created_at_with_its_wrong_weekday_ignored():
    """createdAt says "Thu Jan 31 2025" (a Friday): the date stands, the weekday is not used."""
    _, result = parse_fixture("cohere-changelog", f"cohere/{CLASSIFY_ENTRY}")
    assert {r.announced_on for r in result.records} == {"2025-01-31"}
    result = _changelog(_copy(CLASSIFY_ENTRY).replace("Thu Jan 31 2025", "Thu Feb 30 2025"))
    assert {r.announced_on for r in result.records} == {None}
    assert any("February has no day 30" in w for w in result.warnings)


def test_changelog_file_named_09_16_is_dated_by_created_at_09_15():
    _, result = parse_fixture("cohere-changelog", f"cohere/{COMMAND_ENTRY}")
    assert {r.announced_on for r in result.records} == {"2025-09-15"}


def test_changelog_replacements_come_from_the_body_not_the_description():
    """The front matter promises "Aya 32B alternatives"; the body lists none."""
    _, result = parse_fixture("cohere-changelog", f"cohere/{RETIREMENT_ENTRY}")
    assert not any("32" in r for record in result.records for r in record.replacement)


def _rendered_changelog() -> str:
    """A page of entries as docs.cohere.com/changelog renders them: the date in its own element,
    then the title and body (bodies: real entries, as HTML, from the feed fixture)."""
    feed = (FIXTURES.parent / "feeds" / "cohere-changelog.rss.xml").read_text()
    retirement, classify = re.findall(r"<!\[CDATA\[(.*?)\]\]>", feed, re.S)
    entry = '<div class="entry"><div class="date"><span>{}</span></div><h2>{}</h2>{}</div>'
    launch = (
        "<p>We released <code>command-a-vision-07-2025</code>, which replaces the following models "
        "for image tasks:</p><ul><li><code>c4ai-aya-vision-32b</code></li></ul>"
    )
    shutdown = (
        "<p>The <code>rerank-english-v3.0</code> model will be retired on July 1, 2026. "
        "Please migrate to <code>rerank-v3.5</code>.</p>"
    )
    entries = [
        entry.format("May 12, 2026", "Command A Vision is here", launch),
        entry.format("April 20, 2026", "Rerank v3.0 retirement", shutdown),
        entry.format("April 4, 2026", "Retirement of Embed v2.0 and Aya Expanse / Vision 8B", retirement),
        entry.format("Friday, January 31, 2025", "Deprecation of Classify via default Embed Models",
                     classify),
    ]
    return (
        "<!DOCTYPE html><html><body><nav><ul><li>Docs</li></ul></nav><main><h1>Changelog</h1>"
        + "".join(entries)
        + "</main></body></html>"
    )


def test_rendered_changelog_page_is_read_entry_by_entry():
    result = _changelog(_rendered_changelog())
    facts = {(r.model, r.status, r.announced_on, r.deprecated_on, r.retires_on) for r in result.records}
    retired = ("embed-english-v2.0", "embed-english-light-v2.0", "embed-multilingual-v2.0",
               "c4ai-aya-expanse-8b", "c4ai-aya-vision-8b")
    assert facts == {
        ("rerank-english-v3.0", "deprecated", "2026-04-20", None, "2026-07-01"),
        *((model, "retired", "2026-04-04", None, "2026-04-04") for model in retired),
        ("default Embed models with the Classify endpoint", "deprecated", "2025-01-31", "2025-01-31", None),
    }
    by_model = {r.model: r for r in result.records}
    assert by_model["rerank-english-v3.0"].replacement == ("rerank-v3.5",)
    assert by_model["embed-english-v2.0"].replacement == EMBED
    assert by_model["c4ai-aya-vision-8b"].replacement == CHAT
    assert result.warnings == []


def test_rendered_changelog_keeps_an_unreadable_shutdown_date_as_written():
    page = _rendered_changelog().replace("retired on July 1, 2026", "retired on June 31, 2026")
    result = _changelog(page)
    [record] = [r for r in result.records if r.model == "rerank-english-v3.0"]
    assert (record.retires_on, record.retires_on_text) == (None, "June 31, 2026")
    problem = "impossible date: June has no day 31 in 2026"
    assert result.warnings == [f"rerank-english-v3.0: {problem}: 'June 31, 2026'"]
