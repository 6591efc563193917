"""Shutdowns stated in sentences, for changelogs and feeds that have no table.

Only a sentence that says something shuts down, is removed or retires *on a date* yields a
statement; other dates in prose (promotional pricing "at least through November 21, 2026",
"on June 17 we emailed users") are not shutdowns. Models come from the shutdown sentence or
the deprecation sentence before it, never from a scan of every id on the page (a tracker
that did that reported 443 false xAI retirements, deprecations/deprecations-rss#65).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.cells import replacements, tidy_id
from sources.dates import DateMatch, find_dates
from sources.record import Retirement

_SHUTDOWN = re.compile(
    r"\b(shut(?:s|ting)?\s+down|(?:be|been|is|are)\s+removed|retire[sd]?|retirement|sunset|"
    r"be\s+turned\s+off|be\s+discontinued|(?:is|are|be)\s+no\s+longer\s+(?:available|supported|accessible))\b"
    r"[^.]*?\b(?:on|after|from|by|as\s+of)\s*$"
    r"|\b(?:was|were|will\s+be|is|are|be)\s+retired\s*$",  # Anthropic: "These models were retired July 21, 2025."
    re.I,
)
# Sentence ends, and bullet markers: HTML-to-Markdown copies join a whole list into one line.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[`(])|(?:^|\s)[*+•]\s+")
_SUBJECT = re.compile(r"^(?:The\s+)?(?P<name>[A-Z][\w.\- ]*?(?:API|model|endpoint))\s+(?:will\s+)?shut", re.I)
_MIGRATE = re.compile(r"\b(?:migrate|move|switch|upgrade)\s+to\b", re.I)
_EFFECTIVE = re.compile(r"\b(effective|as\s+of|starting|beginning|from)\s*$", re.I)
STOPPED = re.compile(r"\b(no\s+longer\s+(available|supported|accessible)|retired|shut\s+down|removed|discontinued)\b", re.I)
_FOLLOWING = re.compile(r"\bthe\s+following\b", re.I)
_REPLACEMENT_MARK = re.compile(r"\b(recommend\w*|replacement\w*|instead|migrate\s+to|alternatives?)\b", re.I)
_FUTURE = re.compile(r"\b(will|is\s+scheduled|are\s+scheduled|plan)\b", re.I)


@dataclass(frozen=True)
class Statement:
    """One dated shutdown sentence and what it names (``date.iso`` is None when the date
    as written cannot be read; ``date.problem`` says why)."""

    models: tuple[str, ...]
    date: DateMatch
    date_text: str
    future: bool
    replacement: tuple[str, ...]


def sentences(text: str) -> list[str]:
    return _SENTENCE.split(text)


def deprecated_without_date(text: str, code: tuple[str, ...]) -> list[str]:
    """Ids a text calls deprecated in a sentence that gives no shutdown date and no successor."""
    named = []
    for sentence in sentences(text):
        if re.search(r"\bdeprecat", sentence, re.I) and not _MIGRATE.search(sentence) \
                and not _REPLACEMENT_MARK.search(sentence) and _dated_shutdown(sentence) is None:
            named += [tidy_id(c) for c in code if f"`{c}`" in sentence]
    return list(dict.fromkeys(named))


def shutdown_records(text: str, code: tuple[str, ...], *, provider: str, announced_on: str | None,
                     source_url: str, warnings: list[str]) -> list[Retirement]:
    """``shutdowns`` as records: one per named model; an unreadable date becomes a warning."""
    records = []
    for statement in shutdowns(text, code):
        if statement.date.problem:
            warnings.append(f"{', '.join(statement.models)}: {statement.date.problem}: {statement.date_text!r}")
        records += [
            Retirement(
                provider=provider,
                model=model,
                status="deprecated" if statement.future else "retired",
                announced_on=announced_on,
                retires_on=statement.date.iso,
                retires_on_text=statement.date_text,
                not_before=statement.date.not_before,
                replacement=statement.replacement,
                source_url=source_url,
            )
            for model in statement.models
        ]
    return records


def _dated_shutdown(sentence: str) -> DateMatch | None:
    """The date a sentence says something shuts down on ("... will shut down on D",
    "Effective D, ... are no longer available"), or None."""
    for match in find_dates(sentence):
        # An unreadable date ("September 31, 2026") still makes a statement: kept with no
        # date and its problem, never dropped and never guessed.
        if not match.iso and not match.problem:
            continue
        if _SHUTDOWN.search(sentence[: match.start]):
            return match
        if _EFFECTIVE.search(sentence[: match.start]) and STOPPED.search(sentence[match.end :]):
            return match
    return None


def shutdowns(text: str, code: tuple[str, ...]) -> list[Statement]:
    """Dated shutdown statements in one paragraph; ``code`` are its backticked spans."""
    parts = sentences(text)
    found = []
    for index, sentence in enumerate(parts):
        match = _dated_shutdown(sentence)
        if match is None:
            continue
        models, rest = _models(parts, index, code), ""
        if not models and _FOLLOWING.search(sentence):
            # "the following models are no longer available:" then a list, then replacements.
            rest = " ".join(parts[index + 1 :])
            listed = re.split(_REPLACEMENT_MARK, rest, maxsplit=1)[0]
            models = list(dict.fromkeys(tidy_id(c) for c in code if f"`{c}`" in listed))
        if not models:
            continue
        follow = " ".join(s for s in parts[index:] if _MIGRATE.search(s))
        replacement = _replacements(follow, code)
        if not replacement and rest and _REPLACEMENT_MARK.search(rest):
            after = _REPLACEMENT_MARK.split(rest, maxsplit=1)[-1]
            replacement = tuple(dict.fromkeys(tidy_id(c) for c in code if f"`{c}`" in after))
        found.append(Statement(
            models=tuple(models),
            date=match,
            date_text=sentence[match.start : match.end],
            future=bool(_FUTURE.search(sentence)),
            replacement=replacement,
        ))
    return found


def _models(parts: list[str], index: int, code: tuple[str, ...]) -> list[str]:
    sentence = parts[index]
    subject = _SUBJECT.match(sentence)
    if subject:
        return [subject.group("name").strip()]
    for candidate in (sentence, *reversed(parts[:index])):
        if _MIGRATE.search(candidate):
            candidate = _MIGRATE.split(candidate, maxsplit=1)[0]
        named = [c for c in code if _names(candidate, c)]
        if named:
            return list(dict.fromkeys(tidy_id(c) for c in named))
    return []


def _names(text: str, model: str) -> bool:
    """Whole-id match: ``gemini-1.5-flash`` is not named by a sentence about ``gemini-1.5-flash-002``."""
    return re.search(rf"(?<![\w.-]){re.escape(model)}(?![\w-]|\.\w)", text) is not None


def _replacements(text: str, code: tuple[str, ...]) -> tuple[str, ...]:
    if not text:
        return ()
    after = _MIGRATE.split(text, maxsplit=1)[-1]
    named = [tidy_id(c) for c in code if c in after]
    if named:
        return tuple(dict.fromkeys(named))
    after = re.split(r"\s+(?:using|with|by|via|before)\b|\.", after, maxsplit=1)[0]
    return replacements(re.sub(r"^\s*the\s+", "", after.strip()))
