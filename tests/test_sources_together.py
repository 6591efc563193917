"""Together deprecations page traps the truth file does not pin: the Mintlify banner, the notes
pseudo-row wherever it lands, repeated rows, moved columns, and removal dates that cannot be read."""

from __future__ import annotations

from functools import partial

from tests.truthcheck import page_text, parse_text

COPY = "together/deprecations.as-of-2026-08.md"
URL = "https://docs.together.ai/docs/deprecations.md"


page = partial(page_text, COPY)
parse = partial(parse_text, "together", url=URL)


def with_date(text: str, model: str, date: str) -> str:
    """The page with ``model``'s first inference row given another removal date."""
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if f"`{model}`" in line)
    lines[i] = f"| {date} |" + lines[i].split("|", 2)[2]
    return "\n".join(lines)


def test_banner_is_not_part_of_the_page():
    text = page()
    assert text.startswith("> ## Documentation Index")
    body = text[text.index("# Deprecations") :]
    assert parse(body).records == parse(text).records


def test_notes_label_is_skipped_even_in_the_model_column():
    text = page()
    label = "| **Notes on model support:** |"
    assert label in text
    moved = text.replace(label, "|                             | **Notes on model support:**")
    result = parse(moved)
    assert len(result.records) == len(parse(text).records) == 316
    assert not any("Notes" in r.model for r in result.records)


def test_a_row_repeated_verbatim_is_one_record_but_other_dates_are_kept():
    text = page()
    lines = text.split("\n")
    i = next(i for i, line in enumerate(lines) if "`deepcogito/cogito-v2-1-671b`" in line)
    repeated = "\n".join(lines[: i + 1] + lines[i:])
    assert len(parse(repeated).records) == 316
    thinking = [r.retires_on for r in parse(text).records if r.model == "Qwen/Qwen3-235B-A22B-Thinking-2507"]
    assert thinking == ["2026-04-16", "2026-03-06"]


def test_unreadable_or_missing_removal_dates_are_kept_without_a_date():
    text = with_date(page(), "deepcogito/cogito-v2-1-671b", "2026-09-31")
    text = with_date(text, "google/gemma-3n-E4B-it", "TBD")
    result = parse(text)
    cogito = next(r for r in result.records if r.model == "deepcogito/cogito-v2-1-671b")
    assert (cogito.retires_on, cogito.retires_on_text) == (None, "2026-09-31")
    assert any("deepcogito/cogito-v2-1-671b" in w and "2026-09-31" in w for w in result.warnings)
    gemma = next(r for r in result.records if r.model == "google/gemma-3n-E4B-it")
    assert (gemma.retires_on, gemma.retires_on_text, gemma.status) == (None, "TBD", "retired")


def test_moved_columns_and_renamed_fine_tuning_heading_still_parse():
    text = page().replace("### Fine-tuning\n", "### Fine-tuning base models\n")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| Removal date | Model "))
    for i in range(start, start + 107):  # header, separator and 105 rows
        date, model, replacement = lines[i].strip("|").split("|")
        lines[i] = f"|{model}|{replacement}|{date}|"
    records = parse("\n".join(lines)).records
    fine_tune = [r for r in records if r.scope == "fine-tune-training"]
    assert len(fine_tune) == 105 and {r.retires_on for r in fine_tune} == {"2026-07-29"}
    assert fine_tune[0].model == "nvidia/NVIDIA-Nemotron-Nano-9B-v2"
    assert fine_tune[0].replacement == ("Qwen/Qwen3.5-9B",)
    assert not any(r.scope == "fine-tune-inference" for r in records)
