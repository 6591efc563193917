"""Reading the meaning of common cells: model ids, replacement lists, retirement dates.

Shared by adapters so that ``gpt-5` or `gpt-4.1*``, ``---`` and ``<br>``-joined lists mean
the same thing on every provider page.
"""

from __future__ import annotations

import re

from sources.dates import ParsedDate, clean_text, is_no_date, parse_date
from sources.tables import Cell

_LIST_SPLIT = re.compile(r"\s*(?:;|,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+)\s*")
_VERSION_COLON = re.compile(r"^(?P<model>\S+)\s+version:\s*(?P<version>\S+)$", re.I)
_VERSION_PAREN = re.compile(r"^(?P<model>\S+)\s+\((?:version\s+)?(?P<version>[^)]+)\)$", re.I)
_UPGRADE = re.compile(r"\b(upgrade[sd]?|auto-update)\b", re.I)
_RETIREMENT_LABEL = re.compile(r"^\s*(retirement|retire[sd]?|shutdown|shut down)(\s+date)?\s*:", re.I)
_DEPRECATION_LABEL = re.compile(r"^\s*deprecation(\s+date)?\s*:", re.I)


def tidy_id(text: str) -> str:
    """A model id as written, minus markup, footnote stars and stray punctuation."""
    return clean_text(text).strip("`*_ ").rstrip(",.;:")


def replacements(cell: Cell | str, *, space_separated: bool = False) -> tuple[str, ...]:
    """The recommended replacements in a cell, each as ``model`` or ``model (version)``.

    ``space_separated`` is for pages that list ids with only spaces between them and add
    notes in brackets (Groq: ``mistral-saba-24b llama-3.3-70b-versatile (text-only workloads)``);
    it is opt-in because other pages name replacements in words ("Responses API").

    >>> replacements(Cell("gpt-5 or gpt-4.1*", ("gpt-5 or gpt-4.1*",)))
    ('gpt-5', 'gpt-4.1')
    """
    parts = cell.parts if isinstance(cell, Cell) else (cell,)
    out: list[str] = []
    for part in parts:
        if is_no_date(part):
            continue
        if space_separated:
            part = ", ".join(w for w in re.sub(r"\([^)]*\)", " ", part).split() if w.lower() != "or")
        for piece in _LIST_SPLIT.split(part):
            piece = tidy_id(piece)
            if not piece or is_no_date(piece):
                continue
            m = _VERSION_COLON.match(piece) or _VERSION_PAREN.match(piece)
            if m:
                piece = f"{m.group('model')} ({m.group('version').strip()})"
            if piece not in out:
                out.append(piece)
    return tuple(out)


def split_at_version(model_id: str) -> tuple[str, str | None]:
    """``claude-3-sonnet@20240229`` -> (``claude-3-sonnet``, ``20240229``).

    The registry reads ``@`` as the version separator for every provider, so adapters that
    see ``name@version`` ids split them the same way for pins to match.
    """
    model, at, version = model_id.partition("@")
    return (model, version) if at and model and version else (model_id, None)


def model_ids(cell: Cell) -> list[str]:
    """The ids a model cell names: every code span if there are any, else each ``<br>`` part."""
    if cell.code:
        ids = [tidy_id(c) for c in cell.code]
    else:
        ids = [tidy_id(p) for p in cell.parts]
    return [i for i in dict.fromkeys(ids) if i]


def retirement_date(cell: Cell) -> tuple[ParsedDate, ParsedDate | None]:
    """The retirement date in a cell, and a deprecation date when the same cell holds one.

    Cells mix dates with prose (Azure: ``July 16, 2025 <br><br> Deployments set to
    Auto-update ... starting on January 21, 2025``; ``To be upgraded ..., starting no sooner
    than April 17, 2025 <br>Retirement date: May 1, 2025``). An upgrade start is not a
    retirement, so parts about upgrades are skipped and a labelled part wins.
    """
    parts = list(cell.parts) or [cell.text]
    deprecation = None
    labelled = [p for p in parts if _RETIREMENT_LABEL.match(p)]
    for part in parts:
        if _DEPRECATION_LABEL.match(part):
            deprecation = parse_date(part)
    if labelled:
        return parse_date(labelled[0]), deprecation
    for part in parts:
        if _UPGRADE.search(part) or _DEPRECATION_LABEL.match(part):
            continue
        parsed = parse_date(part)
        if parsed.iso or parsed.problem:
            return parsed, deprecation
    # Nothing that reads as a retirement date: keep the words, invent nothing.
    return ParsedDate(text=clean_text(cell.text)), deprecation
