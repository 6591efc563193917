"""Gemini API release notes (changelog): deprecations and shutdowns announced in prose.

Entries are ``## Month D, YYYY`` headings (not always in date order, "December 13 2023"
without a comma) followed by bold group labels (``**Model updates:**``) and bullets. The page
is read as HTML or Markdown alike. Only a sentence saying a model is deprecated, shut down,
removed or no longer supported yields a record, naming the model as written: its backticked
id, else the display name ("Gemini 1.0 Pro is no longer supported."). The entry date is the
announcement. "Deprecated" gives a ``deprecated`` record (retirement date only when the
sentence states one); "no longer supported" / "removed" / "has been shut down" gives a
``retired`` record dated the entry date, the day the page says the model was already gone.
Releases, alias moves ("updated ... to use `gemini-1.5-flash-002`") and "released X to
replace Y" are not retirements.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import replacements, tidy_id
from sources.dates import find_dates, parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Heading, Paragraph, blocks

# html2md keeps list bullets inside one paragraph ("* Released ... * Updated ..."): split on
# bullet markers as well as on sentence ends.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(])|(?:^|\s)[*+•]\s+")
_VERB = (
    r"(?P<gone>(?:is|are|was|were)\s+no\s+longer\s+(?:supported|available|served)"
    r"|(?:has|have)\s+been\s+(?:shut\s*down|turned\s+off|removed|retired|discontinued)"
    r"|(?:was|were|is|are)\s+(?:shut\s*down|turned\s+off|removed|retired|discontinued)\b(?!\s+on\b)"
    r"|removed\s+from)"
    r"|(?P<future>will\s+(?:be\s+)?(?:shut\s*down|turned\s+off|removed|retired|discontinued|deprecated|no\s+longer\s+be\s+(?:supported|available)))"
    r"|(?P<deprecated>(?:is|are|was|were|has\s+been|have\s+been)?\s*deprecated)"
)
# "<subject> <verb>", the subject at the start of the sentence.
_SUBJECT_VERB = re.compile(rf"^(?:the\s+)?(?P<subject>.+?)\s+(?:{_VERB})\b", re.I)
# "Support for <subject> removed ..." / "Deprecated <subject>" / "Deprecation of <subject>".
_SUPPORT_FOR = re.compile(r"^support\s+for\s+(?:the\s+)?(?P<subject>.+?)\s+(?:(?:has\s+been|was|is)\s+)?(?:removed|ended|discontinued)\b", re.I)
_LEAD_VERB = re.compile(r"^(?:deprecated|deprecation\s+of|deprecating|shut\s+down|shutting\s+down)\s+(?:the\s+)?(?P<subject>.+?)(?:[,;.]|\s+(?:on|in|from|and\s+(?:will|is))\b|$)", re.I)
_SHUTDOWN_DATE = re.compile(r"\b(shut\s*down|turned\s+off|removed|retired|discontinued|no\s+longer)\b[^.]*?\b(?:on|from|after|by)\s*$", re.I)
# A display-name subject must name a model family, so features ("Search as a tool") and APIs
# are not read as models; backticked ids need no such check.
_FAMILY = re.compile(r"\b(gemini|gemma|imagen|veo|lyria|palm|bison|gecko|embedding|aqa|learnlm)\b", re.I)
_REPLACE_CLAUSE = re.compile(r"\b(?:use|migrate\s+to|switch\s+to|move\s+to|upgrade\s+to|in\s+favou?r\s+of|replaced\s+(?:by|with))\b", re.I)
_TRAILING = re.compile(r"\s+(?:models?|versions?|model\s+versions?)$", re.I)


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
    entry: str | None = None
    for block in blocks(document.text):
        if isinstance(block, Heading):
            if block.level <= 2:
                when = parse_date(block.text)
                entry = when.iso if when.iso and len(when.iso) == 10 else None
            continue
        if isinstance(block, Paragraph) and entry:
            for record in _facts(block, entry, document.url):
                # HTML nested lists repeat an item's text in its parent <li>.
                if record not in result.records:
                    result.records.append(record)
    return result


def _facts(paragraph: Paragraph, entry: str, url: str) -> list[Retirement]:
    records = []
    for sentence in (s.strip() for s in _SENTENCE.split(paragraph.text) if s and s.strip()):
        match = _SUPPORT_FOR.match(sentence) or _LEAD_VERB.match(sentence) or _SUBJECT_VERB.match(sentence)
        if not match:
            continue
        named, instead = _split_replacement(sentence, paragraph.code)
        models = named or _display_names(match.group("subject"))
        if not models:
            continue
        groups = match.groupdict()
        lead = match.re is not _SUBJECT_VERB
        gone = bool(groups.get("gone")) or (match.re is _SUPPORT_FOR)
        stated = _stated_shutdown(sentence)
        if gone and stated is None:
            retires_on, text, status = entry, None, "retired"
        elif stated is not None:
            future = bool(groups.get("future")) or bool(re.search(r"\bwill\b", sentence))
            retires_on, text, status = stated.iso, stated.text, "deprecated" if future else "retired"
        else:
            retires_on, text, status = None, None, "deprecated"
        deprecated = bool(groups.get("deprecated")) or (lead and not gone and "shut" not in sentence[:12].lower())
        for model in models:
            records.append(
                Retirement(
                    provider="gemini",
                    model=model,
                    status=status,
                    announced_on=entry,
                    deprecated_on=entry if deprecated and status == "deprecated" else None,
                    retires_on=retires_on,
                    retires_on_text=text,
                    not_before=stated.not_before if stated else False,
                    replacement=instead,
                    source_url=url,
                )
            )
    return records


def _stated_shutdown(sentence: str):
    """The date the sentence gives for the shutdown itself ("will be shut down on June 1, 2026")."""
    for found in find_dates(sentence):
        if found.iso and _SHUTDOWN_DATE.search(sentence[: found.start]):
            return parse_date(sentence[found.start : found.end]).__class__(
                text=sentence[found.start : found.end], iso=found.iso, not_before=found.not_before
            )
    return None


def _split_replacement(sentence: str, code: tuple[str, ...]) -> tuple[list[str], tuple[str, ...]]:
    """Backticked ids before "use/migrate to ..." are the models; those after, the replacements."""
    parts = _REPLACE_CLAUSE.split(sentence, maxsplit=1)
    head, tail = parts[0], (parts[1] if len(parts) > 1 else "")
    named = [tidy_id(c) for c in code if c in head]
    instead = tuple(dict.fromkeys(tidy_id(c) for c in code if c in tail and tidy_id(c) not in named))
    return list(dict.fromkeys(named)), instead


def _display_names(subject: str) -> list[str]:
    subject = _TRAILING.sub("", subject.strip(" :,"))
    if len(subject.split()) > 8 or not _FAMILY.search(subject):
        return []
    return [name for name in replacements(subject) if _FAMILY.search(name) or re.match(r"^\d", name)]
