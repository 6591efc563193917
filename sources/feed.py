"""Any RSS or Atom changelog as a source: entries about retirements become records.

feedparser only ever sees bytes our fetch layer already fetched (it must never fetch: no
timeout, and 7.0 drops its HTTP options). Entries are kept when their title or text holds
one of the keywords; a record needs a model id in backticks/``<code>`` and a sentence that
says it shuts down on a date (``sources.prose``). An entry that deprecates without a date
yields a record with no date, never a guessed one.
"""

from __future__ import annotations

import io
import re
import time

import feedparser
from bs4 import BeautifulSoup

from sources.dates import clean_text
from sources.prose import deprecated_without_date, shutdown_records
from sources.record import Document, ParseResult, Retirement

DEFAULT_KEYWORDS = ("deprecat", "retire", "shut down", "shutdown", "sunset", "discontinu", "end of life",
                    "no longer available", "removal")
_CODE = re.compile(r"`([^`]+)`")
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "tr")


def entry_text(html: str) -> str:
    """Entry HTML as sentences, with ``<code>`` kept as backticks (ids live there)."""
    soup = BeautifulSoup(html or "", "lxml")
    for code in soup.find_all("code"):
        code.replace_with(f"`{code.get_text()}`")
    for block in soup.find_all(_BLOCKS):
        text = block.get_text(" ").strip()
        if text and not text.endswith((".", ":", "!", "?")):
            block.append(".")
        block.append(" ")
    return clean_text(soup.get_text(" "))


def _published(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def parse_feed(document: Document, *, provider: str, keywords: tuple[str, ...] = DEFAULT_KEYWORDS) -> ParseResult:
    """Records from one RSS/Atom document."""
    result = ParseResult()
    feed = feedparser.parse(io.BytesIO(document.body),
                            response_headers={"content-type": document.content_type or "application/xml",
                                              "content-location": document.url})
    if not feed.entries:
        what = "not an RSS/Atom feed" if not feed.get("version") else "a feed with no entries"
        result.warnings.append(f"{document.url}: {what}")
        return result
    if feed.bozo:
        result.warnings.append(f"{document.url}: feed is not well-formed, read leniently ({feed.bozo_exception})")
    wanted = tuple(k.lower() for k in keywords)
    for entry in feed.entries:
        html = " ".join(c.get("value", "") for c in entry.get("content", [])) or entry.get("summary", "")
        text = f"{entry_text(entry.get('title', ''))} {entry_text(html)}"
        if not any(k in text.lower() for k in wanted):
            continue
        code = tuple(dict.fromkeys(_CODE.findall(text)))
        announced = _published(entry)
        link = entry.get("link") or document.url
        found = shutdown_records(text, code, provider=provider, announced_on=announced, source_url=link,
                                 warnings=result.warnings)
        result.records += found
        if not found:
            # "X is deprecated" with no shutdown date yet: a fact without a date, never a guess.
            for model in deprecated_without_date(text, code):
                result.records.append(Retirement(provider=provider, model=model, status="deprecated",
                                                 announced_on=announced, source_url=link))
    return result
