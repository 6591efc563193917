"""Vertex AI Model as a Service (MaaS) deprecations: partner models (Claude, Llama, ...) on Vertex.

The page is prose, one ``## <Partner>'s <Model>`` section per deprecated model: "... is
**deprecated as of January 21, 2025** and will be **shutdown on July 21, 2025**". The API
id appears only in the section's "Using ..." part ("use ``claude-3-sonnet@20240229`` as the
model name") and is split at ``@`` into model and version, as a pin
``vertex/claude-3-sonnet@20240229`` reads it. Only a date right after a deprecation or
shutdown phrase is read; other dates in the section (pricing, quotas) are not lifecycle
dates. Vertex sets its own dates, which differ from the partner's own API.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import split_at_version, tidy_id
from sources.dates import find_dates
from sources.record import Document, ParseResult, Retirement
from sources.tables import Heading, Paragraph, blocks

# The words between the previous date (or the sentence start) and this date decide its meaning.
_SHUTDOWN = re.compile(
    r"\b(shut\s*down|retire[sd]?|retirement|discontinued|removed|turned\s+off|end[- ]of[- ]life|"
    r"no\s+longer\s+(?:be\s+)?(?:available|accessible|supported))\b"
    r"[^.]*?\b(on|as\s+of|after|from|by|date:?|than|is)\s*$",
    re.I,
)
_DEPRECATED = re.compile(r"\bdeprecat\w*\b[^.]*?\b(on|as\s+of|since|from|date:?)\s*$", re.I)
_PAST = re.compile(r"\b(was|were|has\s+been|have\s+been)\s+(shut|retired|discontinued|removed|turned)", re.I)
_MODEL_NAME = re.compile(r"\bas\s+the\s+model\s+(name|id)\b", re.I)
_MIGRATE = re.compile(r"\b(migrate|move|switch|upgrade|transition)\s+to\b|\brecommend", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[`])")
# "Anthropic's Claude 3 Sonnet", "AI21 Labs' Jamba 1.5 Large": the partner is not part of the name.
_DISPLAY_PREFIX = re.compile(r"^[^'\u2019]*['\u2019]s?\s+")


@source(
    name="vertex-partner",
    provider="vertex",
    url="https://cloud.google.com/vertex-ai/generative-ai/docs/deprecations/partner-models",
    # No canary: the one copy's only model is past its shutdown and may leave the page for good.
    health=Health(markers=("deprecat", "as the model name"), min_rows=1),
    format="html",
)
def parse(document: Document) -> ParseResult:
    """Vertex AI partner-model (MaaS) deprecations: one prose section per model."""
    result = ParseResult()
    section: str | None = None
    paragraphs: list[Paragraph] = []
    for block in [*blocks(document.text), Heading(1, "")]:  # the sentinel closes the last section
        if isinstance(block, Heading) and block.level <= 2:
            if section is not None:
                result.records.extend(_section(section, paragraphs, document.url, result.warnings))
            section, paragraphs = (block.text if block.level == 2 else None), []
        elif isinstance(block, Paragraph):
            paragraphs.append(block)
    return result


def _section(title: str, paragraphs: list[Paragraph], url: str, warnings: list[str]) -> list[Retirement]:
    deprecated = retires = None
    retired = False
    for paragraph in paragraphs:
        for sentence in _SENTENCE.split(paragraph.text):
            previous_end = 0
            for match in find_dates(sentence):
                before, previous_end = sentence[previous_end : match.start], match.end
                if _SHUTDOWN.search(before) and retires is None:
                    retires, retired = (match, sentence[match.start : match.end]), bool(_PAST.search(before))
                elif _DEPRECATED.search(before) and deprecated is None:
                    deprecated = (match, sentence[match.start : match.end])
    if retires is None and deprecated is None:
        return []
    ids = _model_ids(paragraphs)
    if not ids:
        # Never drop a dated section: keep the display name and say the id was not found.
        ids = [_DISPLAY_PREFIX.sub("", title).strip()]
        warnings.append(f"{title}: no 'use `<id>` as the model name' sentence; kept the display name")
    for found in (retires, deprecated):
        if found is not None and found[0].problem:
            warnings.append(f"{title}: {found[0].problem}: {found[1]!r}")
    records = []
    for model_id in ids:
        model, version = split_at_version(model_id)
        records.append(
            Retirement(
                provider="vertex",
                model=model,
                version=version,
                status="retired" if retired else "deprecated",
                deprecated_on=deprecated[0].iso if deprecated else None,
                retires_on=retires[0].iso if retires else None,
                retires_on_text=retires[1] if retires else None,
                not_before=retires[0].not_before if retires else False,
                replacement=_replacements(paragraphs, ids),
                source_url=url,
            )
        )
    return records


def _model_ids(paragraphs: list[Paragraph]) -> list[str]:
    ids = []
    for paragraph in paragraphs:
        if _MODEL_NAME.search(paragraph.text):
            ids.extend(tidy_id(code) for code in paragraph.code)
    return [i for i in dict.fromkeys(ids) if i]


def _replacements(paragraphs: list[Paragraph], own: list[str]) -> tuple[str, ...]:
    """Ids named in a "migrate to" / "we recommend" sentence of the section (none in 2025-05)."""
    found = []
    for paragraph in paragraphs:
        for sentence in _SENTENCE.split(paragraph.text):
            if _MIGRATE.search(sentence):
                found.extend(tidy_id(c) for c in paragraph.code if c in sentence and tidy_id(c) not in own)
    return tuple(dict.fromkeys(found))
