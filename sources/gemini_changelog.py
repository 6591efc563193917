"""Gemini API release notes (changelog): deprecations and shutdowns announced in prose.

Entries are ``## Month D, YYYY`` headings (not always in date order; "December 13 2023" has
no comma) followed by bold group labels (``**Model updates:**``) and bullets; the page is read
as HTML or Markdown alike. Only a sentence saying that a model is deprecated, will be shut
down, or is gone (shut down, removed, no longer supported) yields a record, naming the model
as written: its backticked id, else its display name ("Gemini 1.0 Pro is no longer
supported."). The entry date is the announcement. A retirement date is read only from the
sentence itself, or from a following "It will be shut down on ..." about the same model; a
model reported gone with no date is ``retired`` as of the entry date (the page says it is
already gone that day); "deprecated" alone is ``deprecated`` from the entry date with no
retirement date. Tuning ("Tuning for X", "Tuned models of X") gets the fine-tuning scopes.
Releases, alias moves ("updated ... to use `gemini-1.5-flash-002`") and "released X to
replace Y" are not retirements.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import replacements, tidy_id
from sources.dates import DateMatch, ParsedDate, clean_text, find_dates, parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Heading, Paragraph, blocks

# html2md keeps a list inside one paragraph ("* Released ... * Updated ... + nested"): split
# on bullet markers as well as on sentence ends.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(])|(?:^|\s)[*+•]\s+")
_AUX = r"(?:\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+)?"
_FUTURE = re.compile(
    r"\bwill\s+(?:be\s+)?(?:shut\s*down|turned\s+off|removed|retired|discontinued)\b"
    r"|\bwill\s+no\s+longer\s+be\s+(?:supported|available|served)\b"
    # The noun with a date later in the sentence: "The shutdown date for `x` is June 1, 2026."
    r"|\bshutdown\b(?=[^.]*?\b20\d\d\b)",
    re.I,
)
_GONE = re.compile(
    rf"\b(?:is|are|was|were)\s+no\s+longer\s+(?:supported|available|served)\b"
    rf"|{_AUX}\b(?:removed|shut\s+down|turned\s+off|retired|discontinued)\b"
    rf"|\b(?:is|are|was|were|has\s+been|have\s+been)\s+shutdown\b",
    re.I,
)
_DEPRECATED = re.compile(rf"{_AUX}\bdeprecat(?:ed|ion|ing)\b", re.I)
_REPLACE_CLAUSE = re.compile(
    r"\b(?:use|migrate\s+to|migrating\s+to|switch\s+to|move\s+to|upgrade\s+to|in\s+favou?r\s+of"
    r"|replaced\s+(?:by|with))\b",
    re.I,
)
# A backticked model id, not a parameter (`top_k`), method (`GenerateContent`) or API version.
_MODEL_ID = re.compile(r"^(?:models/)?[a-z][a-z0-9.]*(?:-[a-z0-9.@]+)+$|^aqa$")
# A display name must name a model family and no API surface: "Gemini 1.0 Pro" is a model,
# "Search as a tool" or "the Gemini API v1beta3" is not.
_FAMILY = re.compile(r"\b(gemini|gemma|imagen|veo|lyria|palm|bison|gecko|embedding|learnlm)\b", re.I)
_NOT_A_MODEL = re.compile(
    r"\b(api|sdk|librar\w*|endpoint|parameter|feature|tool|studio|method|field|console|support)\b", re.I
)
_SUBJECT_LEAD = re.compile(
    r"^(?:announced\s+|we\s+(?:have\s+)?)?(?:the\s+)?"
    r"(?:support\s+for|deprecat\w*(?:\s+of)?|shut\s*down(?:\s+of)?)?\s*"
    r"(?:(?:fine-?)?tuning\s+(?:for|on|of)\s+|tuned\s+models?\s+(?:of|on|based\s+on)\s+)?(?:the\s+)?",
    re.I,
)
_SUBJECT_END = re.compile(
    r"[,;:(]|(?:^|\s+)(?:which|that|from|for|on|in|to|with|by|as\s+of|and\s+(?:will|is|are|has|have))\b", re.I
)
# Tuning facts get their own scope: "Tuned models of X" stop serving, "Tuning for X" ends training.
_TUNED = re.compile(r"\btuned\s+models?\b", re.I)
_TUNING = re.compile(r"\b(?:fine-?)?tuning\b", re.I)
# "Model tuning is no longer supported": the end of tuning for every base model.
_ALL_TUNING = re.compile(
    r"^(?:support\s+for\s+)?(?:the\s+)?(?:model\s+)?(?:fine-?)?tuning(?:\s+support)?"
    r"(?:\s+in\s+the\s+gemini\s+api)?$",
    re.I,
)
_ANAPHOR = re.compile(r"^(?:it|they|these|this|both|th(?:e|ese|is)\s+(?:models?|versions?|aliases?))$", re.I)
_FLOOR = re.compile(r"(?:(?:no|not)\s+(?:earlier|sooner)\s+than|at\s+(?:the\s+)?earliest|earliest)\s+$", re.I)
_SUBJECT_TAIL = re.compile(r"\s+(?:models?|versions?|model\s+versions?)$", re.I)


@source(
    name="gemini-changelog",
    provider="gemini",
    url="https://ai.google.dev/gemini-api/docs/changelog",
    health=Health(markers=("Model updates",), min_rows=1),
    format="html",
)
def parse(document: Document) -> ParseResult:
    """Gemini API release notes: deprecations and shutdowns stated in prose."""
    result = ParseResult()
    entry: ParsedDate | None = None
    for block in blocks(document.text):
        if isinstance(block, Heading):
            if block.level <= 2:
                when = parse_date(block.text)
                entry = when if when.precision == "day" else None
            continue
        if isinstance(block, Paragraph) and entry:
            for record in _facts(block, entry, document.url, result.warnings):
                # HTML nested lists repeat an item's text in its parent <li>.
                if record not in result.records:
                    result.records.append(record)
    return result


def _facts(paragraph: Paragraph, entry: ParsedDate, url: str, warnings: list[str]) -> list[Retirement]:
    sentences = [s.strip() for s in _SENTENCE.split(paragraph.text) if s and s.strip()]
    records: list[Retirement] = []
    previous: list[Retirement] = []
    for index, sentence in enumerate(sentences):
        verb = _FUTURE.search(sentence) or _GONE.search(sentence) or _DEPRECATED.search(sentence)
        if not verb:
            previous = []
            continue
        models = _subject_ids(sentence, verb, paragraph.code) or _display_names(sentence, verb)
        if not models and re.search(r"\bfollowing\b", sentence):
            # "The following models will be shut down on ...:" then a list of ids.
            listed = [sentence[verb.end() :], *_followers(sentences, index, paragraph.code)]
            models = [m for text in listed for m in _ids(text, paragraph.code)]
        subject = _REPLACE_CLAUSE.split(sentence[: verb.start()], maxsplit=1)[0].strip()
        scope = "inference"
        if _TUNING.search(subject) or _TUNED.search(subject):
            scope = "fine-tune-inference" if _TUNED.search(subject) else "fine-tune-training"
        if not models and _ALL_TUNING.match(subject):
            models = ["*"]
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        instead = tuple(i for i in _replacement(sentence, following, paragraph.code) if i not in models)
        facts = _lifecycle(sentence, verb, entry, warnings)
        if not models and previous and _ANAPHOR.match(subject) and verb.re is not _DEPRECATED:
            # "`x` is deprecated. It will be shut down on June 1, 2026.": the date belongs to x.
            facts.pop("deprecated_on", None)
            dated = [r.with_(**facts, replacement=r.replacement or instead) for r in previous]
            records = [r for r in records if r not in previous] + dated
            previous = dated
            continue
        previous = [
            Retirement(provider="gemini", model=m, announced_on=entry.iso, scope=scope, replacement=instead,
                       source_url=url, **facts)
            for m in models
        ]
        records.extend(previous)
    return records


def _lifecycle(sentence: str, verb: re.Match, entry: ParsedDate, warnings: list[str]) -> dict:
    """Status and dates one lifecycle sentence states (the entry date fills in only "gone today")."""
    stated = next((_date(sentence, d) for d in find_dates(sentence) if d.start >= verb.end()), None)
    if stated is not None and stated.problem:
        warnings.append(f"{entry.text}: {stated.problem}: {stated.text!r} in {sentence!r}")
    if verb.re is _DEPRECATED:
        # Deprecation is the announcement; "will be deprecated on X" is not a shutdown date.
        return dict(status="deprecated", deprecated_on=stated.iso if stated and stated.iso else entry.iso)
    if verb.re is _GONE and stated is None:
        return dict(status="retired", retires_on=entry.iso, retires_on_text=entry.text)
    facts = dict(
        # Scheduled ("will be shut down", "the shutdown date is") or already done ("was shut down on").
        status="deprecated" if verb.re is _FUTURE else "retired",
        retires_on=stated.iso if stated else None,
        retires_on_text=stated.text if stated else None,
        not_before=bool(stated and stated.not_before),
    )
    if facts["status"] == "deprecated" and _DEPRECATED.search(sentence):
        facts["deprecated_on"] = entry.iso
    return facts


def _date(sentence: str, found: DateMatch) -> ParsedDate:
    """A date in prose, with its "no earlier than" qualifier kept in the text as written."""
    floor = _FLOOR.search(sentence[: found.start]) if found.not_before else None
    start = floor.start() if floor else found.start
    return ParsedDate(sentence[start : found.end], found.iso, found.not_before, found.problem)


def _subject_ids(sentence: str, verb: re.Match, code: tuple[str, ...]) -> list[str]:
    """Ids before the verb ("`x` will be shut down"), else right after it ("Deprecated `x`, which ...").

    Ids further on are objects, not subjects: "Support for Search removed from `x`".
    """
    before = _REPLACE_CLAUSE.split(sentence[: verb.start()], maxsplit=1)[0]
    after = sentence[verb.end() :]
    if verb.group(0).lower() == "shutdown":
        after = re.sub(r"^\s*(?:date\s+)?(?:for|of)\b", "", after)
    return _ids(before, code) or _ids(_SUBJECT_END.split(after, maxsplit=1)[0], code)


def _replacement(sentence: str, following: str, code: tuple[str, ...]) -> tuple[str, ...]:
    """Ids after "use / migrate to / in favor of" in the sentence, or in the next one."""
    for text in (sentence, following):
        parts = _REPLACE_CLAUSE.split(text, maxsplit=1)
        if len(parts) > 1 and _ids(parts[1], code):
            return tuple(_ids(parts[1], code))
    return ()


def _ids(text: str, code: tuple[str, ...]) -> list[str]:
    """Model ids among the paragraph's code spans that occur in ``text`` as whole words
    (`gemini-1.5-flash` is not named by a sentence about `gemini-1.5-flash-002`)."""
    ids = (tidy_id(c) for c in code if re.search(rf"(?<![\w.-]){re.escape(c)}(?![\w-]|\.\w)", text))
    return list(dict.fromkeys(i for i in ids if _MODEL_ID.match(i)))


def _followers(sentences: list[str], index: int, code: tuple[str, ...]) -> list[str]:
    """The list items after "the following models ...:": sentences that start with an id."""
    out = []
    for sentence in sentences[index + 1 :]:
        if not any(sentence.startswith(c) for c in code if _MODEL_ID.match(tidy_id(c))):
            break
        out.append(sentence)
    return out


def _display_names(sentence: str, verb: re.Match) -> list[str]:
    """The display name before the verb ("Gemini 1.0 Pro is no longer supported") or after it."""
    for side in (sentence[: verb.start()], sentence[verb.end() :]):
        subject = _SUBJECT_LEAD.sub("", clean_text(side).strip(" .:"), count=1)
        subject = _SUBJECT_END.split(subject, maxsplit=1)[0]
        subject = _SUBJECT_TAIL.sub("", subject.strip(" ."))
        if not subject or len(subject.split()) > 8 or _NOT_A_MODEL.search(subject):
            continue
        names = [n for n in replacements(subject) if _FAMILY.search(n)]
        if names:
            return names
    return []
