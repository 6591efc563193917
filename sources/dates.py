"""One date grammar for every provider page.

Provider pages write the same day a dozen ways (``2026-03-31``, ``2026‑03‑31`` with U+2011,
``Mar 31, 2026``, ``March 31st, 2026``, ``2026/03/31``, ``03/31/26``) and wrap it in
qualifiers that change its meaning (``No earlier than …``, ``at earliest …``). dateutil and
dateparser guess missing fields from today, so this module is a small explicit grammar:
it keeps the text as written, reports month precision as ``YYYY-MM``, and never guesses an
impossible or malformed date; it returns no date and says what is wrong instead.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

# Years outside this window are typos (Mistral once wrote 2525/06/06), not dates.
PLAUSIBLE_YEARS = range(2015, 2101)

_HYPHENS = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d]")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# Zero-width characters and superscript footnote marks (``2026-09-31¹``) carry no date.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00b9\u00b2\u00b3\u2070-\u209f]")

_MONTH = r"(?P<month>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

# Order matters: the first pattern that matches at a position wins.
_PATTERNS = [
    # An ISO date may run straight into its time ("2026-11-30T00:00:00Z" in JSON APIs).
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:\b|(?=T\d))")),
    ("ymd-slash", re.compile(r"\b(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})\b")),
    ("mdy-slash", re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})\b")),
    ("month-day-year", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*,\s*|\s+){_YEAR}\b", re.I)),
    ("day-month-year", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("month-comma-day", re.compile(rf"\b{_MONTH}\s*,\s*{_DAY}\s*,\s*{_YEAR}\b", re.I)),
    ("month-year", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I)),
]

_NOT_BEFORE = re.compile(
    r"(no|not)\s+(earlier|sooner)\s+than|at\s+(the\s+)?earliest|\bearliest\b|"
    r"will\s+not\s+(retire|be\s+retired|shut\s*down)\s+before|no\s+sooner\s+than",
    re.I,
)

_NO_DATE = re.compile(
    r"^(tbd|tba|n/?a|none|unknown|-+|—|–|\?|"
    r"no\s+(shutdown|retirement|deprecation|end[- ]of[- ]life|eol)\s+date(\s+(announced|set|yet))*"
    r"|not\s+(yet\s+)?(announced|scheduled|determined)|to\s+be\s+(announced|determined))\.?$",
    re.I,
)


@dataclass(frozen=True)
class ParsedDate:
    """A date as a page meant it.

    ``iso`` is ``YYYY-MM-DD``, ``YYYY-MM`` for month precision, or None when the text holds
    no usable date; ``problem`` says why a date-looking text was not turned into one.
    """

    text: str
    iso: str | None = None
    not_before: bool = False
    problem: str | None = None

    @property
    def precision(self) -> str | None:
        if self.iso is None:
            return None
        return "day" if len(self.iso) == 10 else "month"


@dataclass(frozen=True)
class DateMatch:
    """One date expression found inside a longer text."""

    start: int
    end: int
    kind: str
    iso: str | None
    problem: str | None
    not_before: bool


def clean_text(text: str) -> str:
    """Normalise the Unicode that pages use to look nice and that breaks parsing."""
    text = _INVISIBLE.sub("", text)
    text = _HYPHENS.sub("-", text)
    return _SPACES.sub(" ", text).strip()


def _assemble(kind: str, groups: dict[str, str]) -> tuple[str | None, str | None]:
    """Turn matched groups into an ISO string, or explain why they are not a date."""
    month_text = groups["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
    if month is None:
        # "Marchx 3, 2026": take the longest known month prefix, or give up.
        month = next(
            (num for name, num in MONTHS.items() if month_text.lower().startswith(name) and len(name) > 3),
            None,
        )
    year = int(groups["year"])
    if len(groups["year"]) == 2:
        year += 2000
    if month is None or not 1 <= month <= 12:
        return None, f"no month {month_text!r}"
    if year not in PLAUSIBLE_YEARS:
        return None, f"implausible year {year}"
    if kind == "month-year":
        return f"{year:04d}-{month:02d}", None
    day = int(groups["day"])
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None, f"impossible date: {calendar.month_name[month]} has no day {day} in {year}"
    if kind == "month-comma-day":
        return None, "malformed date (comma between month and day); not guessed"
    return f"{year:04d}-{month:02d}-{day:02d}", None


def find_dates(text: str) -> list[DateMatch]:
    """Every date expression in ``text`` (already cleaned), in reading order.

    Each match says whether a "no earlier than" qualifier stands right before it.
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            iso, problem = _assemble(kind, m.groupdict())
            prefix = text[max(0, m.start() - 40) : m.start()]
            last_clause = re.split(r"[.;:]\s|<br>|\|", prefix)[-1]
            not_before = bool(_NOT_BEFORE.search(last_clause))
            taken.append((m.start(), m.end()))
            found.append(DateMatch(m.start(), m.end(), kind, iso, problem, not_before))
    return sorted(found, key=lambda d: d.start)


def is_no_date(text: str) -> bool:
    """True for the many ways pages say "no date yet" (which never means "no retirement")."""
    cleaned = clean_text(text).strip("*_` ")
    return cleaned == "" or bool(_NO_DATE.match(cleaned))


def parse_date(text: str | None) -> ParsedDate:
    """Read one cell or phrase that should hold a single date.

    >>> parse_date("No earlier than Nov 17, 2024")
    ParsedDate(text='No earlier than Nov 17, 2024', iso='2024-11-17', not_before=True, problem=None)
    """
    cleaned = clean_text(text or "")
    if is_no_date(cleaned):
        return ParsedDate(text=cleaned)
    matches = find_dates(cleaned)
    if not matches:
        problem = "unrecognised date" if re.search(r"\d", cleaned) else None
        return ParsedDate(text=cleaned, problem=problem)
    first = matches[0]
    not_before = first.not_before or bool(_NOT_BEFORE.match(cleaned))
    return ParsedDate(text=cleaned, iso=first.iso, not_before=not_before, problem=first.problem)


def year_of(heading: str) -> int | None:
    """The year named in a heading such as ``## August, 2026`` (changelogs omit it below)."""
    m = re.search(r"\b(20\d{2})\b", heading)
    return int(m.group(1)) if m else None


def month_day_in_year(text: str, year: int) -> str | None:
    """``Aug 26`` under an ``## August, 2026`` heading -> ``2026-08-26``."""
    m = re.fullmatch(rf"\s*{_MONTH}\s+{_DAY}\s*", clean_text(text), re.I)
    if not m:
        return None
    iso, problem = _assemble("month-day-year", {**m.groupdict(), "year": str(year)})
    return None if problem else iso
