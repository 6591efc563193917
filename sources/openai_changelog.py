"""OpenAI API changelog (Markdown twin): shutdowns announced in prose before the table catches up.

Entries are ``## Month, YYYY`` -> ``### Mon D`` (the year comes from the H2) -> a tag line
(``Update · Model: whisper-1 · ...``) -> paragraphs. Only a sentence that says a model
shuts down, is removed or retires *on a date* yields a record; other dates in prose (promo
pricing "at least through November 21, 2026") are not shutdowns.
"""

from __future__ import annotations

from sources import Health, source
from sources.dates import month_day_in_year, year_of
from sources.prose import shutdown_records
from sources.record import Document, ParseResult
from sources.tables import Heading, Paragraph, markdown_blocks


@source(
    name="openai-changelog",
    provider="openai",
    url="https://developers.openai.com/api/docs/changelog.md",
    health=Health(markers=("Changelog",), min_rows=0),
)
def parse(document: Document) -> ParseResult:
    """OpenAI API changelog (Markdown twin): dated shutdowns stated in prose."""
    result = ParseResult()
    year: int | None = None
    entry_date: str | None = None
    for block in markdown_blocks(document.text):
        if isinstance(block, Heading):
            if block.level == 2:
                year, entry_date = year_of(block.text), None
            elif block.level == 3 and year:
                entry_date = month_day_in_year(block.text, year)
            continue
        if isinstance(block, Paragraph) and entry_date:
            result.records += shutdown_records(block.text, block.code, provider="openai", announced_on=entry_date,
                                               source_url=document.url, warnings=result.warnings)
    return result
