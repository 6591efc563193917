"""Is a parse good enough to believe? A silent scraper is the worst bug ftwatch can ship.

A page redesign rarely fails loudly: the fetch works and the parser finds nothing, or half.
Each source declares what healthy looks like (``sources.Health``); anything less makes the
source *broken*: the last good facts are kept, an event goes out, the poll exits non-zero.
"""

from __future__ import annotations

from sources import Health
from sources.record import Document, ParseResult
from scraper.match import normalize_id


def problems(health: Health, document: Document, result: ParseResult, last_good_rows: int | None) -> list[str]:
    """Reasons this parse should not be trusted; empty when healthy."""
    found = []
    text = document.text
    missing = [marker for marker in health.markers if marker.lower() not in text.lower()]
    if missing:
        found.append(f"the page no longer contains {', '.join(repr(m) for m in missing)} (layout changed?)")
    rows = len(result.records)
    if rows < health.min_rows:
        found.append(f"parsed {rows} rows, a healthy parse has at least {health.min_rows}")
    elif last_good_rows and rows < last_good_rows * (1 - health.max_shrink):
        found.append(
            f"parsed {rows} rows, down from {last_good_rows} last time "
            f"(more than {health.max_shrink:.0%} fewer; rows removed or layout changed?)"
        )
    models = {normalize_id(r.model) for r in result.records}
    lost = [c for c in health.canaries if normalize_id(c) not in models]
    if lost:
        found.append(f"known model {', '.join(lost)} no longer parses")
    return found
