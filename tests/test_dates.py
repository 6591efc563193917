"""The one date grammar: every way a provider writes a day, and what it must never guess."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from sources.dates import find_dates, is_no_date, month_day_in_year, parse_date


@pytest.mark.parametrize(
    "text, iso, not_before",
    [
        ("2026-10-23", "2026-10-23", False),
        ("2026\u201103\u201126", "2026-03-26", False),  # OpenAI's U+2011 non-breaking hyphens
        ("2026\u201003\u201126", "2026-03-26", False),
        ("Dec 1, 2026", "2026-12-01", False),
        ("March 31, 2026", "2026-03-31", False),
        ("March 08, 2025", "2025-03-08", False),
        ("April 4th, 2026", "2026-04-04", False),
        ("Sept 3, 2026", "2026-09-03", False),
        ("3 March 2026", "2026-03-03", False),
        ("2026/03/31", "2026-03-31", False),
        (" 2025/03/30", "2025-03-30", False),
        ("2026/07/24 15:59 UTC", "2026-07-24", False),
        ("03/31/26", "2026-03-31", False),  # Groq: US order, two-digit year
        ("1/6/25", "2025-01-06", False),
        ("August 2026", "2026-08", False),  # month precision
        ("No earlier than April 11, 2026", "2026-04-11", True),
        ("No earlier than 2026-04-14", "2026-04-14", True),
        ("Not sooner than June 9, 2027", "2027-06-09", True),
        ("at earliest 2024-06-13", "2024-06-13", True),
        ("Earliest February 2026", "2026-02", True),
        ("Will not retire before April 15, 2027", "2027-04-15", True),
        ("No earlier than 2026-09-30¹", "2026-09-30", True),  # footnote mark glued to the date
        ("**2026-05-01**", "2026-05-01", False),
    ],
)
def test_reads_every_written_form(text, iso, not_before):
    parsed = parse_date(text)
    assert (parsed.iso, parsed.not_before, parsed.problem) == (iso, not_before, None)


@pytest.mark.parametrize(
    "text",
    ["TBD", "n/a", "N/A", "---", "—", "-", "", "No shutdown date announced", "No retirement date announced",
     "no retirement date announced", "Not yet announced", "TBA"],
)
def test_no_date_is_not_an_error_and_not_a_retirement(text):
    parsed = parse_date(text)
    assert parsed.iso is None and parsed.problem is None
    assert is_no_date(text)


@pytest.mark.parametrize(
    "text, words",
    [
        ("2026-09-31", "impossible"),
        ("No earlier than 2026-09-31¹", "impossible"),
        ("February 30, 2026", "impossible"),
        ("April, 30, 2025", "malformed"),
        ("2525/06/06", "implausible year"),
        ("Q3 2026", "unrecognised"),
    ],
)
def test_bad_dates_are_kept_as_written_with_a_problem_never_guessed(text, words):
    parsed = parse_date(text)
    assert parsed.iso is None
    assert words in parsed.problem
    assert parsed.text == text.strip().rstrip("¹")  # a footnote mark is not part of the date


def test_text_is_kept_as_written_apart_from_whitespace_and_hyphens():
    assert parse_date("  No earlier than   Nov 17, 2024 ").text == "No earlier than Nov 17, 2024"


def test_finds_dates_in_prose_with_their_qualifier():
    found = find_dates("To be upgraded starting no sooner than April 17, 2025; retirement: May 1, 2025")
    assert [(m.iso, m.not_before) for m in found] == [("2025-04-17", True), ("2025-05-01", False)]


def test_changelog_headings_take_the_year_of_their_section():
    assert month_day_in_year("Aug 26", 2026) == "2026-08-26"
    assert month_day_in_year("Feb 30", 2026) is None
    assert month_day_in_year("Release notes", 2026) is None


@given(st.text())
def test_never_raises_and_never_returns_a_date_without_text(text):
    parsed = parse_date(text)
    if parsed.iso:
        assert len(parsed.iso) in (7, 10)
        date.fromisoformat(parsed.iso if len(parsed.iso) == 10 else parsed.iso + "-01")


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2100, 12, 31)))
def test_every_real_day_round_trips_in_every_format(day):
    for text in (day.isoformat(), day.strftime("%B %-d, %Y"), day.strftime("%b %-d, %Y"), day.strftime("%Y/%m/%d")):
        assert parse_date(text).iso == day.isoformat(), text
    assert parse_date(f"No earlier than {day:%B %-d, %Y}").not_before


def test_iso_date_running_into_its_time():
    assert parse_date("2026-11-30T00:00:00Z").iso == "2026-11-30"
    assert [m.iso for m in find_dates('"deprecation": "2026-11-30T00:00:00Z"')] == ["2026-11-30"]
    assert parse_date("2026-11-301").iso is None
