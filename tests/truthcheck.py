"""Hand-transcribed truth for every provider page copy, and how parses are held against it.

``tests/truth/<provider>/<copy>.json`` restates, as records, the facts that the copy's
``.truth.md`` (written by hand from the page) lists. A truth fact names only the fields it
asserts; a parse satisfies it when some record has exactly those values. ``absent`` lists
facts that must not appear (a promo date is not a shutdown), ``count`` pins the number of
records where the truth file states it. Used by the adapter tests and ``make accuracy``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sources import get_source
from sources.dates import clean_text, find_dates
from sources.record import Document, ParseResult, Retirement

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "sources"
TRUTH = HERE / "truth"
DATE_FIELDS = ("announced_on", "deprecated_on", "retires_on")


@dataclass
class Check:
    truth: Path
    source: str
    fixture: str
    records: list[Retirement]
    missing: list[dict] = field(default_factory=list)
    present_but_absent: list[dict] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    count_expected: int | None = None
    facts: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        return self.facts - len(self.missing)

    @property
    def ok(self) -> bool:
        count_ok = self.count_expected is None or self.count_expected == len(self.records)
        return not self.missing and not self.present_but_absent and not self.invented and count_ok


def truth_files() -> list[Path]:
    return sorted(TRUTH.glob("*/*.json"))


def matches(fact: dict, record: Retirement) -> bool:
    data = record.to_json()
    return all(data.get(key) == value for key, value in fact.items())


def parse_fixture(source: str, fixture: str) -> tuple[Document, ParseResult]:
    adapter = get_source(source)
    document = Document(adapter.url, (FIXTURES / fixture).read_bytes())
    return document, adapter.parse(document)


def parse_text(source: str, text: str, url: str | None = None) -> ParseResult:
    """Run a source's adapter on a (modified) page text, as if fetched from ``url``."""
    adapter = get_source(source)
    return adapter.parse(Document(url or adapter.url, text.encode("utf-8")))


def page_text(relative: str) -> str:
    return (FIXTURES / relative).read_text(encoding="utf-8")


def by_model(records: list[Retirement]) -> dict[str, list[Retirement]]:
    out: dict[str, list[Retirement]] = {}
    for record in records:
        out.setdefault(record.model, []).append(record)
    return out


def stated_dates(text: str) -> set[str]:
    """Every date the document states, as ISO strings (day and month precision).

    Changelog headings give ``Aug 26`` under ``## August, 2026``: month-day pairs are
    combined with every year the page names.
    """
    cleaned = clean_text(text)
    found = {m.iso for m in find_dates(cleaned) if m.iso}
    found |= {iso[:7] for iso in found}
    years = set(re.findall(r"\b(20\d\d)\b", cleaned))
    months = {name: i for i, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
    for month, day in re.findall(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b", cleaned):
        for year in years:
            found.add(f"{year}-{months[month.lower()]:02d}-{int(day):02d}")
    return found


def check(truth_path: Path) -> Check:
    spec = json.loads(truth_path.read_text())
    document, result = parse_fixture(spec["source"], spec["fixture"])
    outcome = Check(truth_path, spec["source"], spec["fixture"], result.records,
                    count_expected=spec.get("count"), facts=len(spec["facts"]), warnings=result.warnings)
    for fact in spec["facts"]:
        if not any(matches(fact, r) for r in result.records):
            outcome.missing.append(fact)
    for fact in spec.get("absent", []):
        if any(matches(fact, r) for r in result.records):
            outcome.present_but_absent.append(fact)
    stated = stated_dates(document.text)
    for record in result.records:
        for name in DATE_FIELDS:
            value = getattr(record, name)
            if value and value not in stated:
                outcome.invented.append(f"{record.model} {name}={value}")
    return outcome
