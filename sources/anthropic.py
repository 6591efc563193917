"""Anthropic model deprecations page (Markdown twin of
platform.claude.com/docs/en/about-claude/model-deprecations).

Two kinds of facts, kept apart because the page states them apart:

* the **Model status** table (``API Model Name | Current State | Deprecated | Retired`` in
  2025, ``... | Tentative Retirement Date`` later): one record per row, status from the state
  column, no announcement date. "N/A" is kept as written, with no date.
* the **Deprecation history**: each ``### YYYY-MM-DD: title`` (the announcement date) holds a
  ``Retirement Date | Deprecated Model | Recommended Replacement`` table; its records are
  ``retired`` when the section's ``<Note>`` says "These models were retired ...", when the
  section is about past retirements, or when the status table calls the model Retired;
  else ``deprecated``.

A retirement stated only in a ``<Note>`` sentence ("`claude-mythos-preview` will be retired on
July 21, 2026. To migrate to ... (`claude-mythos-5`)") becomes a record too. Non-model tables
("API parameter deprecations": ``temperature``, ``top_p``, ``top_k``) are skipped. The dates
cover the Claude API (and Anthropic-operated platforms), not Bedrock or Vertex.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import model_ids, replacements
from sources.dates import find_dates, parse_date
from sources.prose import shutdowns
from sources.record import Document, ParseResult, Retirement
from sources.tables import Heading, Paragraph, Table, markdown_blocks

_HEADING_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*:")
# History sections without a dated heading still say it: "On January 21, 2025, we notified ...".
_NOTIFIED_ON = re.compile(r"^\s*On\s+([^,]+,\s*\d{4})\s*,.*\bnotified\b", re.I)
_WERE_RETIRED = re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+retired\b", re.I)
# "## Past deprecations" / "## Retired models" (OpenAI-style split), never an announcement title.
_PAST_SECTION = re.compile(r"\bpast\b|^retired\b", re.I)
_STATES = ("active", "legacy", "deprecated", "retired")
_RETIRE_WORD = re.compile(r"\bretire", re.I)


@source(
    name="anthropic",
    provider="anthropic",
    url="https://platform.claude.com/docs/en/about-claude/model-deprecations.md",
    health=Health(
        markers=("Model status", "Deprecation history", "Recommended replacement"),
        min_rows=15,
        canaries=("claude-3-haiku-20240307", "claude-2.1"),
    ),
)
def parse(document: Document) -> ParseResult:
    """Anthropic model deprecations page (Markdown twin): status table, history, notes."""
    result = ParseResult()
    blocks = markdown_blocks(document.text)
    status_tables = [b for b in blocks if isinstance(b, Table) and _is_status_table(b)]
    retired_in_status = {
        model
        for table in status_tables
        for row in table.records()
        if _state(row.get("status")) == "retired"
        for model in _ids(row)
    }
    section: list[Paragraph] = []  # paragraphs of the current ### (or ##) section
    for block in blocks:
        if isinstance(block, Heading):
            if block.level <= 3:
                section = []
            continue
        if isinstance(block, Paragraph):
            section.append(block)
            if not _HEADING_DATE.match(block.headings[-1] if block.headings else ""):
                result.records.extend(_note_retirements(block, document.url, result.warnings))
            continue
        if block in status_tables:
            result.records.extend(_status_rows(block, document.url, result.warnings))
        elif block.role_index("model") is not None and block.role_index("retires") is not None:
            history = _history_rows(block, section, retired_in_status, document.url, result.warnings)
            result.records.extend(history)
    return result


def _is_status_table(table: Table) -> bool:
    return all(table.role_index(role) is not None for role in ("model", "status", "retires"))


def _ids(row: dict) -> list[str]:
    # Status-table ids lost their backticks in 2026: fall back to the plain text.
    cell = row.get("model")
    return model_ids(cell) if cell else []


def _state(cell) -> str | None:
    words = re.findall(r"[a-z]+", cell.text.lower()) if cell else []
    return next((w for w in words if w in _STATES), None)


def _status_rows(table: Table, url: str, warnings: list[str]) -> list[Retirement]:
    # "Tentative Retirement Date" (late 2025 on): the column itself says the date is a floor.
    tentative = "tentative" in table.header[table.role_index("retires")].lower()
    records = []
    for row in table.records():
        ids = _ids(row)
        if not ids:
            continue
        status = _state(row.get("status"))
        if status is None:
            state = row["status"].text if row.get("status") else ""
            warnings.append(f"{ids[0]}: unknown state {state!r}; read as deprecated")
            status = "deprecated"
        retires = parse_date(row["retires"].text)
        deprecated = parse_date(row["deprecated"].text) if row.get("deprecated") else None
        for when in (retires, deprecated):
            if when is not None and when.problem:
                warnings.append(f"{ids[0]}: {when.problem}: {when.text!r}")
        for model in ids:
            records.append(
                Retirement(
                    provider="anthropic",
                    model=model,
                    status=status,
                    deprecated_on=deprecated.iso if deprecated else None,
                    retires_on=retires.iso,
                    retires_on_text=retires.text or None,
                    not_before=retires.not_before or (tentative and retires.iso is not None),
                    source_url=url,
                )
            )
    return records


def _announced(table: Table, section: list[Paragraph]) -> str | None:
    heading = next((m for h in reversed(table.headings) if (m := _HEADING_DATE.match(h))), None)
    if heading:
        return parse_date(heading.group(1)).iso
    lead = next((m for p in section if (m := _NOTIFIED_ON.match(p.text))), None)
    return parse_date(lead.group(1)).iso if lead else None


def _history_rows(
    table: Table, section: list[Paragraph], retired_in_status: set[str], url: str, warnings: list[str]
) -> list[Retirement]:
    announced = _announced(table, section)
    notes = [p.text for p in section if _WERE_RETIRED.search(p.text)]
    noted_dates = {m.iso for text in notes for m in find_dates(text) if m.iso}
    past = bool(notes) or any(_PAST_SECTION.search(h) for h in table.headings if not _HEADING_DATE.match(h))
    records = []
    for row in table.records():
        ids = _ids(row)
        if not ids:
            continue
        when = parse_date(row["retires"].text)
        if when.problem:
            warnings.append(f"{ids[0]}: {when.problem}: {when.text!r}")
        if noted_dates and when.iso and when.iso not in noted_dates:
            # Kept as the table states it; the Note may be the newer word (Sonnet 3.5 moved once).
            warnings.append(f"{ids[0]}: table says {when.text!r}, the section note {' / '.join(notes)!r}")
        for model in ids:
            records.append(
                Retirement(
                    provider="anthropic",
                    model=model,
                    status="retired" if past or model in retired_in_status else "deprecated",
                    announced_on=announced,
                    retires_on=when.iso,
                    retires_on_text=when.text or None,
                    not_before=when.not_before,
                    replacement=replacements(row["replacement"]) if row.get("replacement") else (),
                    source_url=url,
                )
            )
    return records


def _note_retirements(paragraph: Paragraph, url: str, warnings: list[str]) -> list[Retirement]:
    """A retirement stated only in prose ("`claude-mythos-preview` will be retired on July 21, 2026")."""
    if not paragraph.code:
        return []
    # prose.shutdowns passes over unreadable dates; say so rather than lose a retirement quietly.
    for match in find_dates(paragraph.text):
        if match.problem and _RETIRE_WORD.search(paragraph.text[: match.start]):
            text = paragraph.text[match.start : match.end]
            warnings.append(f"{' / '.join(paragraph.code)}: {match.problem}: {text!r}")
    return [
        Retirement(
            provider="anthropic",
            model=model,
            status="deprecated" if statement.future else "retired",
            retires_on=statement.date.iso,
            retires_on_text=statement.date_text,
            not_before=statement.date.not_before,
            replacement=statement.replacement,
            source_url=url,
        )
        for statement in shutdowns(paragraph.text, paragraph.code)
        for model in statement.models
    ]
