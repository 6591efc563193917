"""Anthropic model-deprecations page: the traps its truth files do not pin on their own.

Each test edits a real copy of the page the way the page has changed (or could), so the
adapter is held to page quirks rather than to hand-written Markdown.
"""

from __future__ import annotations

from functools import partial

import pytest

from sources import get_source
from tests.truthcheck import page_text
from tests.truthcheck import parse_text as parse_source_text

COPIES = (
    "anthropic/model-deprecations-2025-03-html2md.md",
    "anthropic/model-deprecations-2025-12.md",
    "anthropic/model-deprecations-2026-06-raw.md",
)
RAW_2026 = "anthropic/model-deprecations-2026-06-raw.md"


parse_text = partial(parse_source_text, "anthropic")
page = page_text


def edited(relative: str, old: str, new: str) -> str:
    text = page(relative)
    assert old in text, old
    return text.replace(old, new)


def find(records, model, **fields):
    hits = [r for r in records if r.model == model and all(getattr(r, k) == v for k, v in fields.items())]
    assert hits, f"no {model} record with {fields}"
    return hits


@pytest.mark.parametrize("copy", COPIES)
def test_health_holds_on_every_copy(copy):
    adapter = get_source("anthropic")
    assert adapter.provider == "anthropic"
    assert adapter.url == "https://platform.claude.com/docs/en/about-claude/model-deprecations.md"
    result = parse_text(page(copy))
    text = page(copy).lower()
    assert all(marker.lower() in text for marker in adapter.health.markers)
    assert len(result.records) >= adapter.health.min_rows
    assert set(adapter.health.canaries) <= {r.model for r in result.records}
    assert result.warnings == []


def test_renamed_status_columns_still_parse_and_only_tentative_means_floor():
    header = "| API model name             | Current state | Deprecated        | Tentative retirement date "
    text = edited(RAW_2026, header, "| Model ID | Lifecycle status | Deprecation date | Retirement date ")
    records = parse_text(text).records
    row = find(records, "claude-opus-4-1-20250805", announced_on=None)[0]
    assert (row.status, row.deprecated_on, row.retires_on) == ("deprecated", "2026-06-05", "2026-08-05")
    assert row.not_before is False
    # "Not sooner than ..." is a floor whatever the header says.
    assert find(records, "claude-fable-5", announced_on=None)[0].not_before is True


def test_impossible_history_date_is_kept_as_written_and_warned():
    cell = "| August 5, 2026  | `claude-opus-4-1-20250805` |"
    text = edited(RAW_2026, cell, cell.replace("August 5, 2026 ", "August 32, 2026"))
    result = parse_text(text)
    row = find(result.records, "claude-opus-4-1-20250805", announced_on="2026-06-05")[0]
    assert row.retires_on is None and row.retires_on_text == "August 32, 2026"
    assert any("claude-opus-4-1-20250805" in w and "August 32, 2026" in w for w in result.warnings)


def test_note_that_disagrees_with_its_table_is_reported_not_resolved():
    # Sonnet 3.5 once moved from October 22 to October 28, 2025: a stale note must be seen.
    note = "These models were retired October 28, 2025."
    text = edited(RAW_2026, note, note.replace("28", "22"))
    result = parse_text(text)
    row = find(result.records, "claude-3-5-sonnet-20240620", announced_on="2025-08-13")[0]
    assert (row.retires_on, row.status) == ("2025-10-28", "retired")
    assert any("claude-3-5-sonnet-20240620" in w and "October 22, 2025" in w for w in result.warnings)


def test_history_section_without_a_dated_heading_takes_the_date_of_its_notice():
    text = edited(RAW_2026, "### 2026-06-05: Claude Opus 4.1 model", "### Claude Opus 4.1 model")
    row = find(parse_text(text).records, "claude-opus-4-1-20250805", replacement=("claude-opus-4-8",))[0]
    assert row.announced_on == "2026-06-05"  # "On June 5, 2026, Anthropic notified developers ..."


def test_history_under_a_past_section_is_retired():
    text = edited(
        "anthropic/model-deprecations-2025-03-html2md.md",
        "[\u200b](#deprecation-history) Deprecation history",
        "[\u200b](#past-deprecations) Past deprecations",
    )
    records = parse_text(text).records
    assert find(records, "claude-2.0", announced_on="2025-01-21")[0].status == "retired"
    # The status table still says what it says.
    assert find(records, "claude-2.0", announced_on=None)[0].status == "deprecated"


def test_note_only_retirements_follow_the_tense_and_need_an_id():
    past = edited(RAW_2026, "will be retired on July 21, 2026", "was retired on July 21, 2026")
    assert find(parse_text(past).records, "claude-mythos-preview")[0].status == "retired"
    # A note that names no API id gives no model to pin: nothing is invented from a display name.
    no_id = edited(RAW_2026, " (`claude-mythos-preview`) will be retired", " will be retired")
    models = {r.model for r in parse_text(no_id).records}
    assert "claude-mythos-preview" not in models and "Claude Mythos Preview" not in models
    assert "claude-mythos-5" not in models


def test_no_date_words_keep_the_record():
    floor = "Not sooner than May 28, 2027       |"
    text = edited(RAW_2026, floor, "TBD" + " " * (len(floor) - 4) + "|")
    row = find(parse_text(text).records, "claude-opus-4-8", announced_on=None)[0]
    assert (row.retires_on, row.retires_on_text, row.not_before, row.status) == (None, "TBD", False, "active")


def test_api_parameters_are_not_models():
    models = {r.model for r in parse_text(page(RAW_2026)).records}
    assert not models & {"temperature", "top_p", "top_k"}


def test_unreadable_date_in_a_note_is_warned_not_guessed():
    text = edited(RAW_2026, "will be retired on July 21, 2026", "will be retired on July 32, 2026")
    result = parse_text(text)
    assert not [r for r in result.records if r.model == "claude-mythos-preview" and r.retires_on]
    assert any("claude-mythos-preview" in w and "July 32, 2026" in w for w in result.warnings)
