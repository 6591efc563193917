"""Cohere deprecations page (raw MDX in cohere-ai/cohere-developer-experience, shown at /docs/deprecations).

One ``### YYYY-MM-DD: <title>`` section per announcement, newest first. The heading date has
no fixed meaning; the first sentence decides: "On December 2nd, 2024, we announced ..." makes
it the announcement, "Effective April 4th, 2026, the following models will be retired" the day
the change takes effect (a retirement for retire/sunset, a deprecation for deprecate: the
2025-09-15 deprecations have no shutdown date). Only Rerank v2.0 has a table; the rest are
prose and lists: models (an alias in parentheses gets its own record), replacements grouped by
task, retired fine-tuning (a fine-tune-training record per base, and a fine-tune-inference one
when "Previously fine-tuned models will no longer be accessible") and deprecated endpoints and
``/v1/chat`` parameters (products without an id, such as the Slack App, are skipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sources import Health, source
from sources.cells import model_ids, replacements, tidy_id
from sources.dates import DateMatch, ParsedDate, clean_text, find_dates, parse_date
from sources.record import Document, ParseResult, Retirement
from sources.tables import Block, Heading, Paragraph, Table, blocks, looks_like_html

_HEADING_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*:")
_LIST_ITEM = re.compile(r"(?m)^(\s*[-*+]\s)")
_MARKER = re.compile(r"^[-*+]\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[/])")
_RETIRE = re.compile(
    r"retir|sunset|shut\s*down|supported\s+until|no\s+longer\s+(?:be\s+)?(?:available|supported|accessible)",
    re.I,
)
_RETIRING = re.compile(rf"deprecat|{_RETIRE.pattern}", re.I)
_LIST_LEAD = re.compile(r"\b(?:models?|endpoints?|features?)\b", re.I)
_ANNOUNCED = re.compile(r"\bwe\s+announced\b", re.I)
_FUTURE = re.compile(r"\bwill\b", re.I)
_REPLACEMENTS = re.compile(r"alternative|replacement|recommend|migrat|\btasks\b", re.I)
_NOT_RETIRING = re.compile(r"\b(?:use|instead)\b|alternative|replacement|recommend|migrat", re.I)
_FINE_TUNING_LABEL = re.compile(r"^(?:retired|deprecated)\s+fine-?tuning", re.I)
_FINE_TUNING_ENDS = re.compile(
    r"fine-?tun\w*\b(?P<span>[^.]*?)\b(?:is|are)\s+(?:being\s+)?(?P<verb>retired|deprecated)", re.I
)
# "Previously fine-tuned models will no longer be accessible": serving ends with training.
_FINE_TUNES_GONE = re.compile(r"previously\s+fine-?tuned\s+models\s+will\s+no\s+longer\s+be\s+accessible",
                              re.I)
# The 2025-03-08 section names its base in prose, in display case (Command-R-03-2024).
_BASE = r"(?:the\s+)?(?:older\s+)?(?P<base>[A-Za-z][\w.-]*)"
_FINE_TUNED_WITH = re.compile(rf"models\s+fine-?tuned\s+with\s+{_BASE}", re.I)
_TRAINING_DEPRECATED = re.compile(rf"deprecating\s+fine-?tuning\s+(?:with|on|of)\s+{_BASE}", re.I)
_FINE_TUNES_MOVED = re.compile(rf"fine-?tunes\s+are\s+now\s+powered\s+by\s+{_BASE}", re.I)
# Classify (2025-01-31) names a use, not a model: "usage of <use> will be deprecated".
_USAGE = re.compile(
    r"(?:usage|use)\s+of\s+(?:the\s+)?(?P<a>[^.,]+?)\s+will\s+be\s+deprecated"
    r"|deprecating\s+the\s+(?:use|usage)\s+of\s+(?P<b>[^.,]+)",
    re.I,
)
_STILL = re.compile(
    r"\b(?:still\s+use|not\s+affect\s+(?:the\s+)?(?:use|usage)\s+of)\b"
    r"[^.]*?\bwith\s+(?:an?\s+)?(?P<alt>[^.,]+)",
    re.I,
)


@dataclass
class Announcement:
    """One announcement (a page section or a changelog entry) being read, block by block."""

    url: str
    announced: str | None
    warnings: list[str]
    effective: ParsedDate = ParsedDate(text="")
    mode: str | None = None  # what the list items that follow are: "retiring", "fine-tuning", "replacements"
    kind: str = "deprecate"  # "retire" or "deprecate": which date the effective day is
    future: bool = False
    groups: list[tuple[str, list[str]]] = field(default_factory=list)
    bases: list[tuple[str, str, bool]] = field(default_factory=list)  # (base, kind, future)
    listed: list[Retirement] = field(default_factory=list)  # take the task-grouped replacements
    fine_tunes: list[Retirement] = field(default_factory=list)  # take the new fine-tuning base
    uses: list[Retirement] = field(default_factory=list)  # take the use that still works
    records: list[Retirement] = field(default_factory=list)
    moved_to: tuple[str, ...] = ()
    alternative: tuple[str, ...] = ()
    gone: bool = False
    effective_used: bool = False  # warn about an unreadable effective date only if a record rests on it

    def lead(self, text: str, heading_date: str | None) -> None:
        """The first paragraph says what the section's date is."""
        for sentence in _SENTENCE.split(text):
            dates = find_dates(sentence)
            if not dates:
                continue
            if _ANNOUNCED.search(sentence):
                self.announced = self.announced or dates[0].iso
            else:
                self.effective = self._when(sentence, dates[0], warn=False)
            return
        # A heading date the prose does not explain is never taken for a shutdown.
        self.announced = self.announced or heading_date

    def _when(self, sentence: str, match: DateMatch, warn: bool = True) -> ParsedDate:
        text = sentence[match.start : match.end]
        if match.problem and warn:
            self.warnings.append(f"{match.problem}: {text!r}")
        return ParsedDate(text, match.iso, match.not_before, match.problem)

    def _record(self, model: str, kind: str, when: ParsedDate, future: bool,
                scope: str = "inference") -> Retirement:
        retire = kind == "retire"
        self.effective_used = self.effective_used or when is self.effective
        return Retirement(
            provider="cohere",
            model=model,
            status="retired" if retire and not future else "deprecated",
            announced_on=self.announced,
            deprecated_on=None if retire else when.iso,
            retires_on=when.iso if retire else None,
            retires_on_text=(when.text or None) if retire else None,
            not_before=when.not_before if retire else False,
            scope=scope,
            source_url=self.url,
        )

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.mode = None
        elif isinstance(block, Table):
            self._table(block)
        else:
            self._item(block)

    def _item(self, paragraph: Paragraph) -> None:
        text = _MARKER.sub("", clean_text(paragraph.text))
        code = tuple(c for c in paragraph.code if c)
        self.gone = self.gone or bool(_FINE_TUNES_GONE.search(text))
        for sentence in _SENTENCE.split(text):
            self._prose(sentence)
        if code and text.startswith(code[0]):
            self._entry(text, code)
            return
        head = text[: text.find(code[0])] if code and code[0] in text else text
        trigger = next((s for s in _SENTENCE.split(head) if _RETIRING.search(s)), head)
        ends = _FINE_TUNING_ENDS.search(text)
        if _FINE_TUNING_LABEL.match(head) or ends:
            self.mode, self.future = "fine-tuning", bool(_FUTURE.search(trigger))
            self.kind = "deprecate" if ends and ends.group("verb").lower() == "deprecated" else "retire"
            named = [c for c in code if _mentions(ends.group("span"), c)] if ends else list(code)
            self.bases += [(tidy_id(c), self.kind, self.future) for c in named]
        elif (_RETIRING.search(head) and _LIST_LEAD.search(head)
              and (head.rstrip().endswith(":") or "following" in head.lower())):
            self.mode, self.future = "retiring", bool(_FUTURE.search(trigger))
            self.kind = "retire" if _RETIRE.search(trigger) else "deprecate"
            if code:
                self._entry(text[len(head) :], code)
        elif _REPLACEMENTS.search(head):
            self.mode = "replacements"
            self.groups.append((head, [tidy_id(c) for c in code]))
        elif text.endswith(".") or len(text.split()) > 12:
            self.mode = None  # prose ends a list; a short id-less item ("Slack App integration") does not

    def _entry(self, text: str, code: tuple[str, ...]) -> None:
        """A list item that starts with an id, read as the current list says."""
        if self.mode == "replacements" and self.groups:
            self.groups[-1][1].extend(tidy_id(c) for c in code)
        elif self.mode == "fine-tuning":
            self.bases += [(tidy_id(c), self.kind, self.future) for c in code]
        elif self.mode == "retiring" and code[0].startswith("/"):
            # "`/v1/chat` parameters: `connectors`, ...": the parameters go, the endpoint stays.
            parameters = "parameter" in text.lower()
            names = [f"{code[0]} parameter {p}" for p in code[1:]] if parameters else [code[0]]
            self.records += [self._record(tidy_id(n), self.kind, self.effective, self.future) for n in names]
        elif self.mode == "retiring":
            # "`command-r-03-2024` (and the alias `command-r`)"; ids after "use" or "alternatives"
            # are replacements.
            cut = _NOT_RETIRING.search(text)
            named = [c for c in code if cut is None or text.find(c) < cut.start()]
            self.listed += [self._record(tidy_id(c), self.kind, self.effective, self.future) for c in named]

    def _prose(self, sentence: str) -> None:
        def when() -> ParsedDate:  # read only for sentences that state a retirement: no stray warnings
            dates = find_dates(sentence)
            return self._when(sentence, dates[0]) if dates else self.effective

        future = bool(_FUTURE.search(sentence))
        served = _FINE_TUNED_WITH.search(sentence)
        if served and _RETIRING.search(sentence):
            base = tidy_id(served.group("base")).lower()
            self.fine_tunes.append(self._record(base, "retire", when(), future, "fine-tune-inference"))
        training = _TRAINING_DEPRECATED.search(sentence)
        if training:
            base = tidy_id(training.group("base")).lower()
            undated = ParsedDate(text="")
            self.fine_tunes.append(self._record(base, "deprecate", undated, True, "fine-tune-training"))
        moved = _FINE_TUNES_MOVED.search(sentence)
        if moved:
            self.moved_to = (tidy_id(moved.group("base")).lower(),)
        use = _USAGE.search(sentence)
        if use:
            subject = tidy_id(use.group("a") or use.group("b"))
            self.uses.append(self._record(subject, "deprecate", when(), future))
        still = _STILL.search(sentence)
        if still:
            self.alternative = replacements(still.group("alt"))

    def _table(self, table: Table) -> None:
        """Rerank v2.0: ``Shutdown Date | Deprecated Model | Deprecated Model Price | Recommended
        Replacement``."""
        if table.role_index("model") is None or table.role_index("retires") is None:
            return
        for row in table.records():
            if not row.get("model"):
                continue
            when = parse_date(row["retires"].text)
            if when.problem:
                self.warnings.append(f"{row['model'].text}: {when.problem}: {when.text!r}")
            replacement = replacements(row["replacement"]) if row.get("replacement") else ()
            for model in model_ids(row["model"]):
                self.records.append(self._record(model, "retire", when, True).with_(replacement=replacement))

    def finish(self) -> list[Retirement]:
        out = [r.with_(replacement=self._grouped(r.model)) for r in self.listed]
        for base, kind, future in self.bases:
            out.append(self._record(base, kind, self.effective, future, "fine-tune-training"))
            if self.gone:
                out.append(self._record(base, kind, self.effective, future, "fine-tune-inference"))
        out += [r.with_(replacement=self.moved_to) for r in self.fine_tunes]
        out += [r.with_(replacement=self.alternative) for r in self.uses]
        out += self.records
        if self.effective_used and self.effective.problem:
            self.warnings.append(f"{self.effective.problem}: {self.effective.text!r}")
        return list(dict.fromkeys(out))

    def _grouped(self, model: str) -> tuple[str, ...]:
        ids = [i for label, group in self.groups if _fits(label, model) for i in group]
        return tuple(dict.fromkeys(ids))


def _mentions(text: str, model: str) -> bool:
    return re.search(rf"(?<![\w.-]){re.escape(model)}(?![\w-])", text) is not None


def _fits(label: str, model: str) -> bool:
    """Does a replacement group ("Embedding tasks alternatives", "For command model replacements")
    serve this model?"""
    label, model = label.lower(), model.lower()
    other = "embed" not in model and "rerank" not in model
    for word, fits in (("embed", "embed" in model), ("rerank", "rerank" in model),
                       ("command", model.startswith("command")), ("chat", other), ("generat", other)):
        if word in label:
            return fits
    return True


def read_blocks(text: str) -> list[Block]:
    """Headings, paragraphs and tables, with every Markdown list item a paragraph of its own."""
    if looks_like_html(text):
        return blocks(text)
    return blocks(_LIST_ITEM.sub(r"\n\1", text))


def read_announcement(items: list[Block], *, url: str, announced: str | None, warnings: list[str],
                      heading_date: str | None = None) -> list[Retirement]:
    """The facts one announcement states (its blocks, without its own heading)."""
    reader = Announcement(url, announced, warnings)
    first = next((b for b in items if isinstance(b, Paragraph)), None)
    reader.lead(clean_text(first.text) if first else "", heading_date)
    for block in items:
        reader.block(block)
    return reader.finish()


@source(
    name="cohere",
    provider="cohere",
    url="https://raw.githubusercontent.com/cohere-ai/cohere-developer-experience/main/fern/pages/going-to-production/deprecations.mdx",
    health=Health(markers=("Deprecation History",), min_rows=2, canaries=("rerank-english-v2.0",)),
)
def parse(document: Document) -> ParseResult:
    """Cohere deprecations page (raw MDX from cohere-ai/cohere-developer-experience)."""
    result = ParseResult()
    heading: Heading | None = None
    section: list[Block] = []

    def flush() -> None:
        # Announcements are level-3 headings; "## Overview" and "# Best Practices" are policy.
        dated = _HEADING_DATE.match(heading.text) if heading else None
        if heading is not None and (heading.level >= 3 or dated):
            day = parse_date(dated.group(1)).iso if dated else None
            result.records.extend(read_announcement(section, url=document.url, announced=None,
                                                    warnings=result.warnings, heading_date=day))

    for block in read_blocks(document.text):
        if isinstance(block, Heading) and (block.level <= 3 or _HEADING_DATE.match(block.text)):
            flush()
            heading, section = block, []
        else:
            section.append(block)
    flush()
    return result
