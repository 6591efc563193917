"""Groq deprecations page: the traps the truth files do not pin on their own."""

from __future__ import annotations

from functools import partial

from tests.truthcheck import by_model, page_text
from tests.truthcheck import parse_text as parse_source_text

MARKDOWN = "groq/deprecations.as-of-2026-09.md"
RENDERED = "groq/deprecations.rendered-text.as-of-2025-10.txt"


parse_text = partial(parse_source_text, "groq")
page = page_text


def test_both_page_forms_state_the_same_rows_where_the_page_was_not_edited():
    """The rendered text (one cell per line) and the Markdown tables read alike."""
    old = {(r.model, r.retires_on, r.announced_on, r.replacement) for r in parse_text(page(RENDERED)).records}
    new = {(r.model, r.retires_on, r.announced_on, r.replacement) for r in parse_text(page(MARKDOWN)).records}
    # Groq rewrote two replacement cells after the older copy (see the truth files).
    edited = {"moonshotai/kimi-k2-instruct", "qwen-2.5-coder-32b"}
    assert {row for row in old if row[0] not in edited} <= new
    assert len(old) == 28


def test_rendered_text_with_windows_line_endings_parses_the_same():
    text = page(RENDERED)
    assert parse_text(text.replace("\n", "\r\n")).records == parse_text(text).records


def test_rendered_text_with_a_dash_for_no_replacement_keeps_the_rest_of_the_table():
    text = page(RENDERED)
    assert text.count("\nllama-3.3-70b-versatile\n\nllama3-8b-8192\n") == 1
    text = text.replace("\nllama-3.3-70b-versatile\n\nllama3-8b-8192\n", "\n—\n\nllama3-8b-8192\n")
    models = by_model(parse_text(text).records)
    assert [r.replacement for r in models["llama3-70b-8192"]] == [()]
    assert [r.retires_on for r in models["llama3-8b-8192"]] == ["2025-08-30"]
    assert sum(len(v) for v in models.values()) == 28


def test_the_table_date_wins_over_a_disagreeing_heading_and_says_so():
    result = parse_text(page(MARKDOWN))
    llava = by_model(result.records)["llava-v1.5-7b-4096-preview"]
    assert [r.retires_on for r in llava] == ["2024-10-28"]
    assert any("llava-v1.5-7b-4096-preview" in w and "October 18, 2024" in w for w in result.warnings)


def test_a_row_without_a_date_takes_the_shutdown_date_of_its_heading():
    text = page(MARKDOWN).replace("| gemma-7b-it | 12/18/24      |", "| gemma-7b-it |               |")
    assert "| gemma-7b-it |               |" in text
    (record,) = by_model(parse_text(text).records)["gemma-7b-it"]
    assert (record.retires_on, record.retires_on_text) == ("2024-12-18", "December 18, 2024")


def test_unreadable_and_undecided_dates_are_kept_as_written_never_guessed():
    text = page(MARKDOWN).replace("| groq/compound      | 09/21/26", "| groq/compound      | 09/31/26")
    text = text.replace("| groq/compound-mini | 09/21/26", "| groq/compound-mini | TBD     ")
    result = parse_text(text)
    models = by_model(result.records)
    (bad,) = models["groq/compound"]
    (tbd,) = models["groq/compound-mini"]
    assert (bad.retires_on, bad.retires_on_text) == (None, "09/31/26")
    assert (tbd.retires_on, tbd.retires_on_text) == (None, "TBD")
    assert any("groq/compound" in w and "09/31/26" in w for w in result.warnings)
    assert not any("groq/compound-mini" in w for w in result.warnings)


def test_only_tier_limited_sections_carry_a_tier_region():
    records = parse_text(page(MARKDOWN)).records
    limited = {r.model for r in records if r.region}
    assert limited == {
        "qwen/qwen3.6-27b", "llama-3.1-8b-instant", "llama-3.3-70b-versatile",
        "qwen/qwen3-32b", "meta-llama/llama-4-scout-17b-16e-instruct",
    }
    assert {r.region for r in records if r.region} == {"free and developer tier"}
    assert not any(r.region for r in parse_text(page(RENDERED)).records)


def test_a_renamed_header_still_parses():
    """Columns are found by meaning: "Model ID" and "Deprecated Model" both name the model."""
    text = page(MARKDOWN).replace("| Deprecated Model ", "| Model ID         ")
    text = text.replace("Recommended Replacement Model ID", "Suggested Replacement Model     ")
    assert len(parse_text(text).records) == 40


def test_prose_dates_are_neither_shutdowns_nor_announcements():
    records = parse_text(page(MARKDOWN)).records
    # "until December 20, 2024" is the auto-upgrade; "On January 6th, we deprecated" has no year.
    assert not any("2024-12-20" in (r.retires_on or "", r.announced_on or "") for r in records)
    tool_use = by_model(records)["llama3-groq-8b-8192-tool-use-preview"]
    assert [r.announced_on for r in tool_use] == [None]


def test_a_model_in_two_sections_keeps_both_facts():
    specdec = by_model(parse_text(page(MARKDOWN)).records)["deepseek-r1-distill-llama-70b-specdec"]
    assert sorted((r.announced_on, r.retires_on) for r in specdec) == [
        ("2025-03-17", "2025-03-24"), ("2025-04-07", "2025-04-14")]
    assert len({r.key for r in specdec}) == 2
