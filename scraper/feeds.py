"""Lifecycle changes of every stored fact as Atom and JSON feeds, for people who watch models
nobody has fine-tuned yet (a feed reader, a chat integration, another pipeline).

Items are read back from what the store already keeps: a fact first seen with a date, and
every change of a fact's ``retires_on`` in ``retirement_history``. Each item states the dates
as they were when it was observed (not today's value), and its id is built from the fact,
the kind and those dates, so a reader never sees one change twice or two changes as one,
and the same store always yields the same bytes.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from urllib.parse import quote

from scraper.store import Store

TITLE = "ftwatch: model retirement changes"
FEED_ID = "tag:ftwatch,2026:retirement-changes"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NS = "http://www.w3.org/2005/Atom"


def changes(store: Store, limit: int = 100) -> list[dict]:
    """Newest first: facts first seen with a date ("new") and moved dates ("moved")."""
    history: dict[tuple[str, str], list[dict]] = {}
    tracked = store.db["retirement_history"].rows_where("field in ('retires_on', 'not_before')",
                                                        order_by="id")
    for row in tracked:
        history.setdefault((row["retirement_id"], row["field"]), []).append(row)
    items = []
    for fact in store.db["retirements"].rows_where(order_by="id"):
        moves = history.get((fact["id"], "retires_on"), [])
        flips = history.get((fact["id"], "not_before"), [])
        first = moves[0]["old"] if moves else fact["retires_on"]
        if first:
            items.append(_item(fact, "new", None, first, fact["first_seen_at"], flips))
        for move in moves:
            items.append(_item(fact, "moved", move["old"], move["new"], move["observed_at"], flips))
    # Within one second (one poll) a move is newer than any first sighting.
    items.sort(key=lambda item: (item["observed_at"], item["kind"] == "moved", item["id"]), reverse=True)
    return items[:limit]


def _item(fact: dict, kind: str, old: str | None, new: str | None, observed_at: str,
          flips: list[dict]) -> dict:
    not_before = _not_before_at(flips, fact["not_before"], observed_at)
    label = f"{fact['provider']}/{fact['model']}" + (f"@{fact['version']}" if fact["version"] else "")
    label += (f" ({fact['scope']})" if fact["scope"] != "inference" else "")
    label += (f" [{fact['region']}]" if fact["region"] else "")
    when = f"no earlier than {new}" if not_before and new else new
    if kind == "new":
        title = f"{label}: retirement {when}"
    elif old is None:
        title = f"{label}: retirement dated {when}"
    elif new is None:
        title = f"{label}: retirement date {old} no longer stated"
    else:
        title = f"{label}: retirement moved {old} → {when}"
    dates = "/".join(quote(part or "-", safe="") for part in (old, new, observed_at))
    return {
        "id": f"tag:ftwatch,2026:{quote(fact['id'], safe=':@')}/{kind}/{dates}",
        "kind": kind,
        "retirement_id": fact["id"],
        "source": fact["source"],
        "provider": fact["provider"],
        "model": fact["model"],
        "version": fact["version"],
        "scope": fact["scope"],
        "region": fact["region"],
        "old_date": old,
        "new_date": new,
        "not_before": not_before,
        "observed_at": observed_at,
        "source_url": fact["source_url"],
        "title": title,
    }


def _not_before_at(flips: list[dict], current: int | None, when: str) -> bool:
    """The "no earlier than" flag as it stood at ``when``, from its change history."""
    before = [flip for flip in flips if flip["observed_at"] <= when]
    if before:
        return before[-1]["new"] == "1"
    return flips[0]["old"] == "1" if flips else bool(current)


def _content(item: dict) -> str:
    where = ", ".join(f"{key} {item[key]}" for key in ("version", "scope", "region") if item[key])
    text = f"{item['title']}.\n{item['provider']} {item['model']} ({where}), observed {item['observed_at']}"
    return text + (f"\nSource: {item['source_url']}" if item["source_url"] else "")


def _stamp(moment: datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def atom(items: list[dict], generated: datetime, self_url: str | None = None) -> str:
    """Atom 1.0. ``updated`` is the newest item's time (``generated`` only for an empty feed),
    so regenerating an unchanged store changes nothing."""
    feed = ET.Element("feed", xmlns=ATOM_NS)
    ET.SubElement(feed, "id").text = FEED_ID
    ET.SubElement(feed, "title").text = TITLE
    ET.SubElement(feed, "updated").text = max((i["observed_at"] for i in items), default=_stamp(generated))
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = "ftwatch"
    ET.SubElement(feed, "generator").text = "ftwatch"
    if self_url:
        ET.SubElement(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    for item in items:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = item["id"]
        ET.SubElement(entry, "title").text = item["title"]
        ET.SubElement(entry, "updated").text = item["observed_at"]
        ET.SubElement(entry, "published").text = item["observed_at"]
        if item["source_url"]:
            ET.SubElement(entry, "link", rel="alternate", href=item["source_url"])
        ET.SubElement(entry, "category", term=item["kind"])
        ET.SubElement(entry, "content", type="text").text = _content(item)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def json_feed(items: list[dict], home_url: str | None = None) -> str:
    """JSON Feed 1.1; the structured fields ride along in the ``_ftwatch`` extension object."""
    feed: dict = {"version": JSON_FEED_VERSION, "title": TITLE, "authors": [{"name": "ftwatch"}]}
    if home_url:
        feed["home_page_url"] = home_url
    feed["items"] = []
    for item in items:
        entry = {"id": item["id"], "title": item["title"], "content_text": _content(item),
                 "date_published": item["observed_at"], "tags": [item["kind"]],
                 "_ftwatch": {key: value for key, value in item.items() if key not in ("id", "title")}}
        if item["source_url"]:
            entry["url"] = item["source_url"]
        feed["items"].append(entry)
    return json.dumps(feed, indent=2, ensure_ascii=False) + "\n"
