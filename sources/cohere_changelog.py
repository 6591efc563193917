"""Cohere changelog: deprecations and retirements announced as changelog entries.

Reads one entry file of cohere-ai/cohere-developer-experience (``fern/pages/changelog/*.mdx``:
front matter with ``createdAt``, then prose and lists) or the rendered page of many entries
(https://docs.cohere.com/changelog, HTML), where each entry starts at a line that holds only
its date. The entry date is the announcement: from ``createdAt``, never from the file name
(``2025-09-16-announcing-major-command-deprecations.mdx`` was created, and is slugged, on
2025-09-15), and the weekday ``createdAt`` writes is ignored (it is sometimes wrong:
"Thu Jan 31 2025"). Entry bodies are read like the deprecations page's sections ("Deprecated
Models:", "Retired models:", "Retired Fine-Tuning Capabilities:", replacements by task);
an entry without such lists can still yield a dated shutdown sentence. Other entries (launches,
features) yield nothing.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from sources import Health, source
from sources.cohere import read_announcement, read_blocks
from sources.dates import clean_text, find_dates, parse_date
from sources.prose import shutdown_records
from sources.record import Document, ParseResult, Retirement
from sources.tables import Block, Heading, Paragraph, looks_like_html

_FRONT_MATTER = re.compile(r"\A\ufeff?---\r?\n(.*?)\r?\n---\r?\n", re.S)
_CREATED_AT = re.compile(r"^createdAt:\s*['\"]?(?P<value>.*?)['\"]?\s*$", re.M)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)


@source(
    name="cohere-changelog",
    provider="cohere",
    url="https://docs.cohere.com/changelog",
    health=Health(markers=("changelog",), min_rows=0),
    format="html",
)
def parse(document: Document) -> ParseResult:
    """Cohere changelog: deprecation and retirement entries (one MDX entry or the rendered page)."""
    text = document.text
    result = ParseResult()
    entry_date = _created_at(text, result.warnings)
    entry: list[Block] = []
    for block in read_blocks(_dates_as_paragraphs(text) if looks_like_html(text) else text):
        day = _date_only(block.text) if isinstance(block, (Heading, Paragraph)) else None
        if day:
            result.records.extend(_entry(entry, entry_date, document.url, result.warnings))
            entry, entry_date = [], day
        else:
            entry.append(block)
    result.records.extend(_entry(entry, entry_date, document.url, result.warnings))
    return result


def _created_at(text: str, warnings: list[str]) -> str | None:
    front = _FRONT_MATTER.match(text)
    created = _CREATED_AT.search(front.group(1)) if front else None
    if not created:
        return None
    when = parse_date(created.group("value"))
    if when.problem or not when.iso:
        warnings.append(f"createdAt: {when.problem or 'no date'}: {when.text!r}")
    return when.iso


def _date_only(text: str) -> str | None:
    """``September 15, 2025`` on a line of its own starts an entry of the rendered page."""
    cleaned = _WEEKDAY.sub("", clean_text(text).strip("*_# "))
    dates = find_dates(cleaned)
    whole = len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(cleaned)
    return dates[0].iso if whole and len(dates[0].iso or "") == 10 else None


def _dates_as_paragraphs(html: str) -> str:
    """The rendered changelog shows each entry's date in a ``<time>``/``<span>``/``<div>``,
    which the shared HTML reader skips: make such date-only elements paragraphs."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(["time", "span", "div", "a"]):
        if tag.find_parent(["p", "li", "table", *_HEADINGS]) is None and _date_only(tag.get_text(" ")):
            tag.name = "p"
    return str(soup)


def _entry(blocks: list[Block], announced: str | None, url: str, warnings: list[str]) -> list[Retirement]:
    if not blocks:
        return []
    records = read_announcement(blocks, url=url, announced=announced, warnings=warnings)
    if records:
        return records
    # No retirement list: "The `x` model will be retired on May 1, 2026." still counts.
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        records += shutdown_records(block.text, block.code, provider="cohere", announced_on=announced,
                                    source_url=url, warnings=warnings)
    return records
