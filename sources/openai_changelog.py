"""OpenAI API changelog (Markdown twin): shutdowns announced in prose before the table catches up.

Entries are ``## Month, YYYY`` -> ``### Mon D`` (the year comes from the H2) -> a tag line
(``Update · Model: whisper-1 · ...``) -> paragraphs. Only a sentence that says a model
shuts down, is removed or retires *on a date* yields a record; other dates in prose (promo
pricing "at least through November 21, 2026") are not shutdowns.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import replacements, tidy_id
from sources.dates import find_dates, month_day_in_year, year_of
from sources.record import Document, ParseResult, Retirement
from sources.tables import Heading, Paragraph, markdown_blocks

_SHUTDOWN = re.compile(
    r"\b(shut(?:s|ting)?\s+down|(?:be|been|is|are)\s+removed|retire[sd]?|sunset|be\s+turned\s+off|be\s+discontinued)\b[^.]*?\bon\s*$",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[`])")
_SUBJECT = re.compile(r"^(?:The\s+)?(?P<name>[A-Z][\w.\- ]*?(?:API|model|endpoint))\s+(?:will\s+)?shut", re.I)
_MIGRATE = re.compile(r"\b(migrate|move|switch)\s+to\b", re.I)


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
            result.records.extend(_shutdowns(block, entry_date, document.url))
    return result


def _shutdowns(paragraph: Paragraph, entry_date: str, url: str) -> list[Retirement]:
    sentences = _SENTENCE.split(paragraph.text)
    dated = []
    for index, sentence in enumerate(sentences):
        for match in find_dates(sentence):
            if match.iso and _SHUTDOWN.search(sentence[: match.start]):
                dated.append((index, sentence, match))
                break
    records = []
    for index, sentence, match in dated:
        models = _models(sentences, index, paragraph.code)
        future = bool(re.search(r"\bwill\b", sentence))
        follow = " ".join(s for s in sentences[index + 1 :] if _MIGRATE.search(s))
        for model in models:
            records.append(
                Retirement(
                    provider="openai",
                    model=model,
                    status="deprecated" if future else "retired",
                    announced_on=entry_date,
                    retires_on=match.iso,
                    retires_on_text=sentence[match.start : match.end],
                    not_before=match.not_before,
                    replacement=_replacements(follow, paragraph.code),
                    source_url=url,
                )
            )
    return records


def _models(sentences: list[str], index: int, code: tuple[str, ...]) -> list[str]:
    """Models named by the shutdown sentence itself, or by the deprecation sentence before it."""
    sentence = sentences[index]
    subject = _SUBJECT.match(sentence)
    if subject:
        return [subject.group("name").strip()]
    for candidate in (sentence, *reversed(sentences[:index])):
        if _MIGRATE.search(candidate):
            continue
        named = [c for c in code if c in candidate]
        if named:
            return [tidy_id(c) for c in named]
    return []


def _replacements(text: str, code: tuple[str, ...]) -> tuple[str, ...]:
    if not text:
        return ()
    named = [tidy_id(c) for c in code if c in text]
    if named:
        return tuple(dict.fromkeys(named))
    after = _MIGRATE.split(text, maxsplit=1)[-1]
    after = re.split(r"\s+(?:using|with|by|via|before)\b|\.", after, maxsplit=1)[0]
    return replacements(re.sub(r"^\s*the\s+", "", after.strip()))
