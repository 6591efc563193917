"""Gemini API deprecations page and release notes: the traps the truth files do not pin on their own."""

from __future__ import annotations

import pytest

from sources import get_source
from tests.truthcheck import by_model, page_text, parse_text

DEPRECATIONS = "gemini/deprecations-2026-09-mdtxt.md"
CHANGELOG = "gemini/changelog-2025-04-html2md.md"


page = page_text


# --- deprecations page ------------------------------------------------------------------------


def test_health_of_the_deprecations_source_holds_on_the_real_copy():
    adapter = get_source("gemini")
    text = page(DEPRECATIONS)
    records = parse_text("gemini", text).records
    assert all(marker in text for marker in adapter.health.markers)
    assert len(records) >= adapter.health.min_rows
    assert set(adapter.health.canaries) <= {r.model for r in records}


def test_group_label_rows_are_never_models():
    records = parse_text("gemini", page(DEPRECATIONS)).records
    assert not [r for r in records if r.model.lower() in ("preview models", "preview agents")]
    # 79 model rows; gemini-3.8-live and gemini-3.8-live-extended-thinking are listed twice alike.
    assert len(records) == 77


def test_empty_cells_written_with_no_break_spaces_read_as_empty():
    """The original export may carry U+00A0 in `|   |` cells (see PROVENANCE.md)."""
    text = page(DEPRECATIONS)
    assert "|   |" in text
    nbsp = text.replace("|   |", "|\u00a0\u00a0\u00a0|").replace("|   |", "|\u00a0\u00a0\u00a0|")
    assert parse_text("gemini", nbsp).records == parse_text("gemini", text).records


def test_the_rendered_html_table_with_a_spanning_preview_row_reads_alike():
    html = (
        "<!DOCTYPE html><html><body><p>The <strong>shutdown dates listed in the table indicate the "
        "<em>earliest possible dates</em> on which a model might be retired</strong>.</p>"
        "<h2>Gemini 2.0 models</h2><table><tr><th>Model</th><th>Release date</th><th>Shutdown date</th>"
        "<th>Recommended replacement</th></tr>"
        "<tr><td><code>gemini-2.0-flash</code></td><td>February 5, 2025</td><td>June 1, 2026</td>"
        "<td><code>gemini-3.6-flash</code></td></tr>"
        "<tr><td colspan='4'>Preview models</td></tr>"
        "<tr><td><code>gemini-2.0-flash-lite-preview</code></td><td>February 5, 2025</td>"
        "<td>December 9, 2025</td><td><code>gemini-2.5-flash-lite</code></td></tr>"
        "</table></body></html>"
    )
    records = parse_text("gemini", html).records
    markdown = by_model(parse_text("gemini", page(DEPRECATIONS)).records)
    assert [r.model for r in records] == ["gemini-2.0-flash", "gemini-2.0-flash-lite-preview"]
    assert records == [markdown["gemini-2.0-flash"][0], markdown["gemini-2.0-flash-lite-preview"][0]]


def test_a_renamed_and_reordered_header_still_parses():
    """Columns are found by header meaning: "Model ID", and shutdown before release date."""

    def swap(line: str) -> str:
        cells = line.split("|")
        if line.startswith("|") and len(cells) == 6:
            cells[2], cells[3] = cells[3], cells[2]
        return "|".join(cells)

    text = page(DEPRECATIONS).replace("| **Model** |", "| **Model ID** |")
    text = "\n".join(swap(line) for line in text.split("\n"))
    assert "| **Model ID** | **Shutdown date** | **Release date** |" in text
    assert parse_text("gemini", text).records == parse_text("gemini", page(DEPRECATIONS)).records


def test_same_id_in_two_sections_with_different_dates_gives_two_records():
    text = page(DEPRECATIONS)
    live_row = "| `gemini-3.8-live` | September 15, 2026 | No shutdown date announced |   |"
    assert text.count(live_row) == 2
    last = text.rindex(live_row)
    dated_row = "| `gemini-3.8-live` | September 15, 2026 | March 1, 2027 | `gemini-4-live` |"
    text = text[:last] + dated_row + text[last + len(live_row) :]
    live = by_model(parse_text("gemini", text).records)["gemini-3.8-live"]
    assert sorted((r.retires_on or "", r.status) for r in live) == [
        ("", "active"),
        ("2027-03-01", "deprecated"),
    ]


def test_dates_are_floors_only_while_the_page_says_they_are_earliest_possible():
    text = page(DEPRECATIONS)
    note = "indicate the *earliest possible\n> dates* on which a model might be retired"
    assert note in text
    text = text.replace(note, "indicate the dates on which a model will be retired")
    exact = parse_text("gemini", text).records
    flash = by_model(exact)["gemini-2.0-flash"][0]
    assert (flash.retires_on, flash.not_before) == ("2026-06-01", False)
    assert not any(r.not_before for r in exact)


def test_an_impossible_shutdown_date_is_kept_as_written_and_reported():
    text = page(DEPRECATIONS).replace(
        "| `gemini-robotics-er-1.6-preview` | April 14, 2026 | August 31, 2026 |",
        "| `gemini-robotics-er-1.6-preview` | April 14, 2026 | September 31, 2026 |",
    )
    result = parse_text("gemini", text)
    [robotics] = by_model(result.records)["gemini-robotics-er-1.6-preview"]
    assert (robotics.retires_on, robotics.retires_on_text) == (None, "September 31, 2026")
    assert robotics.status == "deprecated"
    assert robotics.not_before is False
    assert any("gemini-robotics-er-1.6-preview" in w and "September 31, 2026" in w for w in result.warnings)


# --- release notes (changelog) ---------------------------------------------------------------


def entries(body: str) -> list[tuple]:
    return [
        (r.model, r.status, r.announced_on, r.deprecated_on, r.retires_on, r.retires_on_text, r.not_before,
         r.scope, r.replacement)
        for r in parse_text("gemini-changelog", body).records
    ]


def test_the_html_page_reads_like_its_markdown_copy():
    html = (
        "<!DOCTYPE html><html><body><h1>Release notes</h1>"
        "<h2 id='february-18-2025'>February 18, 2025</h2><p><strong>Model updates:</strong></p>"
        "<ul><li>Gemini 1.0 Pro is no longer supported. For the list of supported models, see "
        "<a href='/gemini-api/docs/models/gemini'>Gemini models</a>.</li></ul>"
        "<h2>July 12, 2024</h2><p><strong>Model updates:</strong></p>"
        "<ul><li>Support for Gemini 1.0 Pro Vision removed from Google AI services and tools.</li></ul>"
        "<h2>June 12, 2024</h2><p><strong>Model updates:</strong></p>"
        "<ul><li>Gemini 1.0 Pro Vision deprecated.</li></ul>"
        "</body></html>"
    )
    assert entries(html) == entries(page(CHANGELOG))
    assert len(entries(html)) == 3


def test_a_heading_without_comma_still_dates_the_entry():
    body = "## December 13 2023\n\n**Model updates:**\n\n* Gemini 1.0 Pro is no longer supported.\n"
    assert entries(body) == [
        ("Gemini 1.0 Pro", "retired", "2023-12-13", None, "2023-12-13", "December 13 2023", False,
         "inference", ())
    ]


def test_a_dated_shutdown_with_a_replacement_in_markdown_and_in_nested_html_lists():
    markdown = (
        "## May 1, 2025\n\n**Model updates:**\n\n"
        "* The following models will be shut down no earlier than September 24, 2025:\n"
        "  + `gemini-1.5-pro-002`\n  + `gemini-1.5-flash-002`\n"
        "* Released `gemini-2.5-flash`, a stable model. Migrate to `gemini-2.5-flash`.\n"
    )
    html = (
        "<html><body><h2>May 1, 2025</h2><ul><li>The following models will be shut down no earlier than "
        "September 24, 2025:<ul><li><code>gemini-1.5-pro-002</code></li>"
        "<li><code>gemini-1.5-flash-002</code></li>"
        "</ul></li><li>Released <code>gemini-2.5-flash</code>, a stable model.</li></ul></body></html>"
    )
    expected = [
        (model, "deprecated", "2025-05-01", None, "2025-09-24", "no earlier than September 24, 2025", True,
         "inference", ())
        for model in ("gemini-1.5-pro-002", "gemini-1.5-flash-002")
    ]
    assert entries(markdown) == expected
    assert entries(html) == expected


def test_a_deprecation_then_a_shutdown_sentence_about_it_make_one_fact():
    body = (
        "## May 1, 2025\n\n* `gemini-2.0-flash-exp` is deprecated. It will be shut down on June 1, 2026; "
        "use `gemini-2.0-flash` instead.\n"
    )
    assert entries(body) == [
        ("gemini-2.0-flash-exp", "deprecated", "2025-05-01", "2025-05-01", "2026-06-01", "June 1, 2026",
         False, "inference", ("gemini-2.0-flash",))
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("`gemini-x-001` is now deprecated and will be shut down on June 1, 2026.",
         ("gemini-x-001", "deprecated", "2025-05-01", "2026-06-01")),
        ("The shutdown date for `gemini-x-001` is June 1, 2026.",
         ("gemini-x-001", "deprecated", None, "2026-06-01")),
        ("Deprecated models: `gemini-x-001` (shutdown: June 1, 2026).",
         ("gemini-x-001", "deprecated", "2025-05-01", "2026-06-01")),
        ("`gemini-x-001` was shut down on April 1, 2025.", ("gemini-x-001", "retired", None, "2025-04-01")),
        ("Imagen 3 will be shut down on June 1, 2026.", ("Imagen 3", "deprecated", None, "2026-06-01")),
    ],
)
def test_dated_shutdowns_in_several_phrasings(sentence, expected):
    [(model, status, _, deprecated_on, retires_on, *_)] = entries(f"## May 1, 2025\n\n* {sentence}\n")
    assert (model, status, deprecated_on, retires_on) == expected


def test_a_deprecation_date_is_not_a_shutdown_date():
    body = "## May 1, 2025\n\n* `gemini-1.0-pro-002` will be deprecated on June 1, 2025.\n"
    [(model, status, _, deprecated_on, retires_on, *_)] = entries(body)
    assert (model, status) == ("gemini-1.0-pro-002", "deprecated")
    assert (deprecated_on, retires_on) == ("2025-06-01", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Support for [Search as a tool](/x) removed from `gemini-2.0-pro-exp-02-05`.",
        "Grounding with Google Search is no longer supported for `gemini-1.5-flash`.",
        "The `top_k` parameter is deprecated.",
        "The Gemini API v1beta3 is deprecated.",
        "Updated the `gemini-1.5-flash-latest` alias to use `gemini-1.5-flash-002`.",
        "Released `gemini-1.5-flash-8b-exp-0924` to replace `gemini-1.5-flash-8b-exp-0827`.",
        "Promotional pricing for `gemini-2.5-pro` runs through November 21, 2025.",
    ],
)
def test_sentences_that_are_not_model_retirements_yield_nothing(sentence):
    assert entries(f"## May 1, 2025\n\n**Model updates:**\n\n* {sentence}\n") == []


def test_tuning_facts_get_their_own_scope():
    body = (
        "## May 1, 2025\n\n* Tuning for `gemini-1.5-flash-001-tuning` will be shut down on May 24, 2025.\n"
        "* Model tuning is no longer supported in the Gemini API.\n"
    )
    assert [(m, status, scope, retires) for m, status, _, _, retires, _, _, scope, _ in entries(body)] == [
        ("gemini-1.5-flash-001-tuning", "deprecated", "fine-tune-training", "2025-05-24"),
        ("*", "retired", "fine-tune-training", "2025-05-01"),
    ]


def test_an_impossible_date_in_a_shutdown_sentence_is_kept_and_reported():
    body = "## May 1, 2025\n\n* `gemini-2.5-flash-preview-04-17` will be shut down on April 31, 2026.\n"
    result = parse_text("gemini-changelog", body)
    [record] = result.records
    assert (record.retires_on, record.retires_on_text) == (None, "April 31, 2026")
    assert record.status == "deprecated"
    assert any("April 31, 2026" in w for w in result.warnings)
