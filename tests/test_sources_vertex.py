"""Vertex AI adapters: traps the truth files do not pin.

The production pages are HTML and the saved copies are HTML-to-Markdown, so the copies are
also turned back into devsite-style HTML here and must parse to the same records. The late
2025 copy lacks the Legacy stable and Retired tables; they are spliced back in from the
May 2025 layout (``\\*`` after the backticks, ``*`` inside them, ``@`` versions, month-only dates).
"""

from __future__ import annotations

import html
import re

from scraper.health import problems
from sources import get_source
from sources.record import Document
from tests.conftest import fixture_bytes

VERSIONS = "vertex/model-versions-2025-late.md"
MAAS = "vertex/maas-deprecations-2025-05.md"

LEGACY_AND_RETIRED = """
## Legacy stable models

The following table lists legacy stable models:

| Model ID | Release date | Retirement date | Recommended upgrade |
| --- | --- | --- | --- |
| `gemini-1.5-pro-002`\\* | September 24, 2024 | September 24, 2025 | `gemini-2.0-flash` |
| `textembedding-gecko@003*` | December 12, 2023 | May 24, 2025 | `text-embedding-005` |
| `text-embedding-004` | May 14, 2024 | November 18, 2025 | `gemini-embedding-001` |
| `text-bison@002` | May 2023 | October 2025 | `gemini-2.0-flash-lite` |
| `code-bison@002` | May 2023 | September 31, 2025 | `gemini-2.0-flash` |
| `chat-bison@002` | May 2023 | No Retirement date announced | `gemini-2.0-flash` |

\\*: Restricted for new projects.

## Retired models

#### The following table lists the retired models (click to expand)

| Model ID | Release date | Retirement date | Recommended upgrade |
| --- | --- | --- | --- |
| `gemini-1.0-pro-001` | February 15, 2024 | April 21, 2025 | `gemini-2.0-flash` |
| `text-bison` | May 2023 | April 21, 2025 | `gemini-2.0-flash-lite` |
"""


def _parse(source: str, text: str):
    adapter = get_source(source)
    document = Document(adapter.url, text.encode())
    return document, adapter.parse(document)


def _inline(markdown: str) -> str:
    text = html.escape(markdown.replace("\\*", "*"), quote=False)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"`([^`]+)`", r'<code translate="no" dir="ltr">\1</code>', text)


def _as_devsite_html(markdown: str) -> str:
    """The page as cloud.google.com serves it: headings, paragraphs, thead/tbody tables."""
    out, table, paragraph = [], [], []

    def close_blocks():
        if table:
            cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in table if "---" not in r]
            head, *rows = cells
            header = "".join(f"<th>{_inline(c)}</th>" for c in head)
            out.append(f"<table><thead><tr>{header}</tr></thead><tbody>")
            for row in rows:
                out.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>")
            out.append("</tbody></table>")
            table.clear()
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    body = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    for line in body.split("\n"):
        if line.strip().startswith("|"):
            table.append(line)
            continue
        if line.strip() and not re.match(r"^(#|\s*[-*] |\s*\d+\. )", line):
            paragraph.append(line.strip())  # a wrapped paragraph is one <p>
            continue
        close_blocks()
        heading = re.match(r"^(#{1,6})\s+(.*)", line)
        if heading:
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif line.strip():
            paragraph.append(re.sub(r"^\s*([-*]|\d+\.)\s+", "", line))
    close_blocks()
    return ('<!doctype html><html lang="en"><head><title>Vertex AI</title></head><body>'
            '<nav><h2>Retired models</h2></nav><devsite-content><article class="devsite-article">'
            '<div class="devsite-article-body">' + "\n".join(out) + "</div></article></devsite-content>"
            "<footer><p>Last updated 2025-11-20 UTC.</p></footer></body></html>")


def _by_model(records):
    return {(r.model, r.version): r for r in records}


def _full_model_versions_page() -> str:
    text = fixture_bytes(VERSIONS).decode()
    anchor = "## Migrate to a latest stable model"
    return text.replace(anchor, LEGACY_AND_RETIRED + "\n" + anchor)


def test_sections_give_status_and_star_is_not_part_of_the_id():
    _, result = _parse("vertex", _full_model_versions_page())
    rows = _by_model(result.records)
    assert rows[("gemini-2.5-pro", None)].status == "active"
    legacy = rows[("gemini-1.5-pro-002", None)]
    assert (legacy.status, legacy.retires_on) == ("legacy", "2025-09-24")
    assert legacy.replacement == ("gemini-2.0-flash",)
    gecko = rows[("textembedding-gecko", "003")]
    assert (gecko.status, gecko.retires_on) == ("legacy", "2025-05-24")
    assert gecko.replacement == ("text-embedding-005",)
    assert rows[("gemini-1.0-pro-001", None)].status == "retired"
    assert rows[("text-bison", None)].status == "retired"
    assert not any("*" in r.model or "@" in r.model for r in result.records)


def test_a_withdrawn_date_and_the_new_no_date_are_both_kept_as_separate_records():
    """text-embedding-004: legacy with November 18, 2025 in one table, latest with no date in the other."""
    _, result = _parse("vertex", _full_model_versions_page())
    embedding = [r for r in result.records if r.model == "text-embedding-004"]
    facts = {(r.status, r.retires_on, r.retires_on_text) for r in embedding}
    assert facts == {
        ("active", None, "No retirement date announced"),
        ("legacy", "2025-11-18", "November 18, 2025"),
    }


def test_month_dates_capitalised_no_date_and_impossible_dates():
    _, result = _parse("vertex", _full_model_versions_page())
    rows = _by_model(result.records)
    bison = rows[("text-bison", "002")]
    assert (bison.retires_on, bison.retires_on_text) == ("2025-10", "October 2025")
    chat = rows[("chat-bison", "002")]
    assert (chat.retires_on, chat.retires_on_text) == (None, "No Retirement date announced")
    code = rows[("code-bison", "002")]
    assert (code.retires_on, code.retires_on_text) == (None, "September 31, 2025")
    assert any("code-bison@002" in w and "impossible" in w for w in result.warnings)


def test_served_html_parses_like_the_markdown_copy():
    markdown = _full_model_versions_page()
    _, from_markdown = _parse("vertex", markdown)
    document, from_html = _parse("vertex", _as_devsite_html(markdown))
    assert from_html.records == from_markdown.records
    assert len(from_html.records) == 11 + 8
    assert problems(get_source("vertex").health, document, from_html, None) == []


def test_older_discontinuation_header_still_parses():
    """2024 layout: ``Gemini 1.5 Flash model | Release date | Discontinuation date``, no stage sections."""
    text = (
        "## Available stable Gemini model versions\n\n"
        "| Gemini 1.5 Flash model | Release date | Discontinuation date |\n"
        "| --- | --- | --- |\n"
        "| `gemini-1.5-flash-001` | May 24, 2024 | May 24, 2025 |\n"
    )
    _, result = _parse("vertex", text)
    [record] = result.records
    assert (record.model, record.status, record.retires_on) == (
        "gemini-1.5-flash-001", "deprecated", "2025-05-24")


def test_alias_table_alone_is_no_retirement():
    text = fixture_bytes(VERSIONS).decode()
    aliases_only = text[text.index("## Gemini auto-updated aliases"):]
    assert _parse("vertex", aliases_only)[1].records == []


def test_maas_served_html_parses_like_the_markdown_copy():
    markdown = fixture_bytes(MAAS).decode()
    _, from_markdown = _parse("vertex-partner", markdown)
    document, from_html = _parse("vertex-partner", _as_devsite_html(markdown))
    assert from_html.records == from_markdown.records
    [record] = from_html.records
    assert (record.model, record.version, record.deprecated_on, record.retires_on) == (
        "claude-3-sonnet", "20240229", "2025-01-21", "2025-07-21")
    assert problems(get_source("vertex-partner").health, document, from_html, None) == []


MORE_MAAS = """
## Anthropic's Claude 3.5 Sonnet

Anthropic's Claude 3.5 Sonnet is **deprecated as of June 3, 2025** and will be
**shut down no earlier than October 22, 2025**. We recommend that you migrate to
`claude-3-7-sonnet@20250219`. Pricing for existing users stays the same until August 1, 2025.

### Using Claude 3.5 Sonnet

For SDK and curl commands, use `claude-3-5-sonnet@20240620` as the model name.

## Meta's Llama 3.1 405B

Llama 3.1 405B was **shut down on March 3, 2025**.

## AI21 Labs' Jamba 1.5 Large

Jamba 1.5 Large is **deprecated as of May 1, 2025** and will be **shutdown on August 1, 2025**.
"""


def test_maas_floor_replacement_past_shutdown_and_missing_id():
    _, result = _parse("vertex-partner", fixture_bytes(MAAS).decode() + MORE_MAAS)
    rows = _by_model(result.records)
    sonnet = rows[("claude-3-5-sonnet", "20240620")]
    assert (sonnet.deprecated_on, sonnet.retires_on, sonnet.retires_on_text, sonnet.not_before) == (
        "2025-06-03", "2025-10-22", "October 22, 2025", True)
    assert sonnet.replacement == ("claude-3-7-sonnet@20250219",)
    assert not any(r.retires_on == "2025-08-01" and r.model == "claude-3-5-sonnet" for r in result.records)
    # No "use `<id>` as the model name": the dated fact is kept under its display name, with a warning.
    llama = rows[("Llama 3.1 405B", None)]
    assert (llama.status, llama.retires_on, llama.deprecated_on) == ("retired", "2025-03-03", None)
    assert rows[("Jamba 1.5 Large", None)].retires_on == "2025-08-01"
    assert len([w for w in result.warnings if "display name" in w]) == 2
