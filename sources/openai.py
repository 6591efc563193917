"""OpenAI API deprecations page (the Markdown twin of developers.openai.com/api/docs/deprecations).

Each announcement is a ``### YYYY-MM-DD: title`` heading (the date is the announcement) with
a table of shutdown dates. Rows under "Upcoming deprecations" are deprecated, rows under
"Past deprecations" are retired. ``ft-<base>`` rows retire fine-tuned models of that base
(scope fine-tune-inference); "New fine-tuning training on <base>" rows end training only.
Aliases after an escaped pipe (``o1-2024-12-17` \\| `o1``) get their own records.
"""

from __future__ import annotations

import re

from sources import Health, source
from sources.cells import model_ids, replacements, tidy_id
from sources.dates import find_dates, parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Heading, Paragraph, Table, markdown_blocks

_HEADING_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*:")
_TRAINING_ONLY = re.compile(r"new fine-?tuning training on", re.I)
_FINE_TUNED_PREFIX = "ft-"
# "Active existing customers will no longer be able to create new fine-tuning jobs": the
# end of training for every base, not for a subset of organisations.
_ALL_TRAINING_ENDS = re.compile(r"no longer be able to create new fine-tuning jobs", re.I)


def _status(headings: tuple[str, ...]) -> str:
    section = " ".join(headings[:2]).lower()
    return "retired" if "past" in section or "history" in section else "deprecated"


def _announced(heading: str, paragraphs: list[str]) -> str | None:
    m = _HEADING_DATE.match(heading)
    if m:
        return parse_date(m.group(1)).iso
    # Sections without a dated heading say it in prose: "On May 7th, 2026, we notified ...".
    for text in paragraphs:
        lead = re.match(r"^\s*On\s+([^,]+,\s*\d{4})", text)
        if lead:
            return parse_date(lead.group(1)).iso
    return None


@source(
    name="openai",
    provider="openai",
    url="https://developers.openai.com/api/docs/deprecations.md",
    health=Health(markers=("Shutdown date", "Recommended replacement"), min_rows=100, canaries=("gpt-4-32k",)),
)
def parse(document: Document) -> ParseResult:
    """OpenAI API deprecations page (Markdown twin)."""
    result = ParseResult()
    section_paragraphs: list[str] = []
    for block in markdown_blocks(document.text):
        if isinstance(block, Heading):
            if block.level <= 3:
                section_paragraphs = []
            continue
        if isinstance(block, Paragraph):
            section_paragraphs.append(block.text)
            continue
        if not isinstance(block, Table):
            continue
        heading = next((h for h in reversed(block.headings) if _HEADING_DATE.match(h)), None)
        h3 = block.headings[2] if len(block.headings) > 2 else ""
        announced = _announced(heading or h3, section_paragraphs)
        if block.role_index("model") is None:
            result.records.extend(_platform_rows(block, announced, document.url, result.warnings))
            continue
        result.records.extend(_model_rows(block, announced, document.url, result.warnings))
    return result


def _scope(model_text: str, headings: tuple[str, ...]) -> str:
    if _TRAINING_ONLY.search(model_text):
        return "fine-tune-training"
    # "#### Fine-tuning GPT models" (2023): models fine-tuned on these bases were shut down.
    innermost = headings[-1].lower() if headings else ""
    if re.search(r"fine-?tuning\b.*\bmodels", innermost):
        return "fine-tune-inference"
    return "inference"


def _model_rows(table: Table, announced: str | None, url: str, warnings: list[str]) -> list[Retirement]:
    records = []
    status = _status(table.headings)
    for row in table.records():
        model_cell = row.get("model")
        if not model_cell:
            continue
        when = parse_date(row["retires"].text if "retires" in row else "")
        if when.problem:
            warnings.append(f"{model_cell.text}: {when.problem}: {when.text!r}")
        scope = _scope(model_cell.text, table.headings)
        ids = model_ids(model_cell) if model_cell.code else [tidy_id(model_cell.text)]
        for model in ids:
            record_scope = scope
            if model.startswith(_FINE_TUNED_PREFIX) and scope == "inference":
                model, record_scope = model[len(_FINE_TUNED_PREFIX) :], "fine-tune-inference"
            records.append(
                Retirement(
                    provider="openai",
                    model=model,
                    status=status,
                    announced_on=announced,
                    retires_on=when.iso,
                    retires_on_text=when.text or None,
                    not_before=when.not_before,
                    scope=record_scope,
                    replacement=replacements(row["replacement"]) if "replacement" in row else (),
                    source_url=url,
                )
            )
    return records


def _platform_rows(table: Table, announced: str | None, url: str, warnings: list[str]) -> list[Retirement]:
    """The fine-tuning platform's ``Date | Update`` table: one row ends training for all bases."""
    records = []
    for row in table.records():
        update = row.get("update")
        if not update or not _ALL_TRAINING_ENDS.search(update.text):
            continue
        when = parse_date(row["date"].text if "date" in row else "")
        if not when.iso:
            dates = find_dates(update.text)
            when = parse_date(update.text[dates[0].start : dates[0].end]) if dates else when
        if when.problem:
            warnings.append(f"fine-tuning platform: {when.problem}: {when.text!r}")
        records.append(
            Retirement(
                provider="openai",
                model="*",
                status=_status(table.headings),
                announced_on=announced,
                retires_on=when.iso,
                retires_on_text=when.text or None,
                not_before=when.not_before,
                scope="fine-tune-training",
                source_url=url,
            )
        )
    return records
