"""ftwatch source adapters: one module per provider page or feed.

An adapter is a pure function from a fetched ``Document`` to a ``ParseResult``; it never
touches the network or the store. Adapters register themselves with ``@source(...)``; every
module in this package is imported by ``all_sources()``, so adding a provider means adding
one module (plus its fixtures and tests), nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable

from sources.record import Document, ParseResult, Retirement

# Read by scraper's start-up guard: a different top-level ``sources`` package (PyPI has
# several) would not carry this marker.
FTWATCH_PACKAGE = "sources"

Parser = Callable[[Document], ParseResult]


@dataclass(frozen=True)
class Health:
    """What a healthy parse of this source looks like; anything less marks it broken.

    ``markers``: strings that must appear on the page (its layout is still the one we know);
    ``min_rows``: fewest records a good parse yields; ``canaries``: models that must still
    parse; ``max_shrink``: the largest tolerated drop in rows from the last good parse.
    """

    markers: tuple[str, ...] = ()
    min_rows: int = 1
    canaries: tuple[str, ...] = ()
    max_shrink: float = 0.5


@dataclass(frozen=True)
class Source:
    name: str
    provider: str
    url: str
    parse: Parser
    description: str = ""
    health: Health = field(default_factory=Health)
    follow_includes: bool = False
    format: str = "markdown"
    # Request headers, with ${ENV_VAR} placeholders for secrets the environment supplies
    # (an API key); a source that needs one is off until it is configured.
    headers: tuple[tuple[str, str], ...] = ()
    enabled_by_default: bool = True


_REGISTRY: dict[str, Source] = {}
_LOADED = False


def source(
    *,
    name: str,
    provider: str,
    url: str,
    health: Health = Health(),
    follow_includes: bool = False,
    format: str = "markdown",
    headers: tuple[tuple[str, str], ...] = (),
    enabled_by_default: bool = True,
) -> Callable[[Parser], Parser]:
    """Register a parse function as the adapter for one source."""

    def register(parse: Parser) -> Parser:
        if name in _REGISTRY:
            raise ValueError(f"two adapters claim the source name {name!r}")
        doc = (parse.__doc__ or "").strip() or (importlib.import_module(parse.__module__).__doc__ or "").strip()
        _REGISTRY[name] = Source(name, provider, url, parse, doc, health, follow_includes, format, headers,
                                 enabled_by_default)
        return parse

    return register


def all_sources() -> dict[str, Source]:
    """Every built-in adapter, by source name (imports each adapter module once)."""
    global _LOADED
    if not _LOADED:
        for module in pkgutil.iter_modules(__path__):
            if not module.name.startswith("_"):
                importlib.import_module(f"{__name__}.{module.name}")
        _LOADED = True
    return dict(sorted(_REGISTRY.items()))


def get_source(name: str) -> Source:
    sources = all_sources()
    if name not in sources:
        known = ", ".join(sources)
        raise KeyError(f"unknown source {name!r}; known sources: {known}")
    return sources[name]


__all__ = ["Document", "Health", "ParseResult", "Retirement", "Source", "all_sources", "get_source", "source"]
