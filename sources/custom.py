"""Declarative sources from ftwatch.yaml: a team adds an internal or niche provider page
without writing Python.

A custom source names its page, its format and, for tables, the header words of its columns;
it is read by the same table and date machinery as the built-ins, so quirks like escaped
pipes, ``<br>`` lists, "No earlier than" and impossible dates behave the same. Feeds
(``rss``/``atom``) go through ``sources.feed``.

    custom_sources:
      - name: acme-gateway
        provider: acme
        url: https://llm.acme.example/docs/deprecations
        format: html                 # markdown | html | rss | atom
        model_column: Model          # header words; matched case-insensitively
        date_column: Retirement date
        replacement_column: Replacement
        keywords: [deprecat, retire] # only tables whose section mentions one (feeds: entries)
"""

from __future__ import annotations

from functools import partial

from sources import Health, Source
from sources.cells import model_ids, replacements
from sources.dates import clean_text, parse_date
from sources.feed import DEFAULT_KEYWORDS, parse_feed
from sources.record import Document, ParseResult, Retirement
from sources.tables import Table, blocks


def _column(table: Table, words: str | None, role: str) -> int | None:
    """The column whose header contains ``words``, else the one whose meaning is ``role``."""
    if words:
        wanted = clean_text(words).lower()
        for index, title in enumerate(table.header):
            if wanted in clean_text(title).lower():
                return index
        return None
    return table.role_index(role)


def parse_tables(document: Document, *, spec: dict) -> ParseResult:
    result = ParseResult()
    keywords = tuple(k.lower() for k in spec.get("keywords") or ())
    for block in blocks(document.text):
        if not isinstance(block, Table):
            continue
        context = " ".join((*block.headings, block.intro)).lower()
        if keywords and not any(k in context for k in keywords):
            continue
        model_at = _column(block, spec.get("model_column"), "model")
        date_at = _column(block, spec.get("date_column"), "retires")
        if model_at is None or date_at is None:
            continue
        replacement_at = _column(block, spec.get("replacement_column"), "replacement")
        for row in block.rows:
            when = parse_date(row[date_at].text)
            if when.problem:
                result.warnings.append(f"{row[model_at].text}: {when.problem}: {when.text!r}")
            for model in model_ids(row[model_at]):
                result.records.append(Retirement(
                    provider=spec["provider"], model=model, status="deprecated",
                    retires_on=when.iso, retires_on_text=when.text or None, not_before=when.not_before,
                    replacement=replacements(row[replacement_at]) if replacement_at is not None else (),
                    source_url=document.url,
                ))
    return result


def make_source(spec: dict) -> Source:
    """A Source built from one ``custom_sources`` entry (already shape-checked by settings)."""
    fmt = spec.get("format") or "markdown"
    if fmt in ("rss", "atom"):
        keywords = tuple(spec.get("keywords") or DEFAULT_KEYWORDS)
        parse = partial(parse_feed, provider=spec["provider"], keywords=keywords)
        health = Health(min_rows=0)
    else:
        parse = partial(parse_tables, spec=spec)
        header_words = tuple(w for w in (spec.get("model_column"), spec.get("date_column")) if w)
        health = Health(markers=header_words, min_rows=1)
    description = f"custom {fmt} source from ftwatch.yaml ({spec['provider']})"
    return Source(spec["name"], spec["provider"], spec["url"], parse, description, health, False, fmt)

