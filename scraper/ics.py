"""The status rows as an iCalendar (RFC 5545) feed, so retirements sit in the team calendar.

Assembled as plain text, not with a library: the format needs only CRLF lines, 75-octet
folding and TEXT escaping, and plain assembly keeps the output byte-identical for the same
input (the file is meant to be committed or served and diffed). Each event's UID names the
fine-tune and the kind of date, never the date itself, so a corrected date MOVES the event in
a subscribed calendar instead of adding a second one; SEQUENCE counts the corrections so
clients accept the move as newer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date, timedelta

from scraper.match import as_day
from scraper.registry import FineTune, Registry
from scraper.store import Store

PRODID = "-//ftwatch//ftwatch//EN"
# Days before the event at which the calendar reminds: retirement and rebuild start matter
# a month ahead and again a week ahead; the training cut-off only needs one nudge.
ALARMS = {
    "base-retires": ("-P30D", "-P7D"),
    "fine-tuning-cutoff": ("-P14D",),
    "start-rebuild-by": ("-P30D", "-P7D"),
}
# Which stored scope's date changes move which calendar event.
_SCOPE_KINDS = {
    "inference": ("base-retires", "start-rebuild-by"),
    "fine-tune-training": ("fine-tuning-cutoff",),
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f\"<>]+")


def calendar_text(rows: list[dict], registry: Registry, generated: date, *, prodid: str = PRODID,
                  sequences: Mapping[tuple[str, str], int] | None = None) -> str:
    """The whole VCALENDAR for ``report.status_rows`` output, CRLF line endings.

    ``generated`` only fills DTSTAMP (at 00:00:00Z), so one run per day yields one file.
    ``sequences`` maps ``(fine_tune, kind)`` to how often that date has changed so far
    (see ``sequences_from_store``); a missing key is 0.
    """
    fine_tunes = {ft.name: ft for ft in registry.fine_tunes}
    events = [e for row in rows for e in _events(row, fine_tunes.get(row["fine_tune"]))]
    events.sort(key=lambda e: (e["day"], e["uid"]))
    stamp = generated.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_text(prodid)}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:ftwatch"]
    for event in events:
        day = event["day"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SEQUENCE:{(sequences or {}).get((event['fine_tune'], event['kind']), 0)}",
            f"SUMMARY:{_text(event['summary'])}",
            f"DESCRIPTION:{_text(event['description'])}",
        ]
        if event["url"]:
            lines.append(f"URL:{event['url']}")
        lines.append("TRANSP:TRANSPARENT")  # a reminder, not a meeting: never blocks free/busy time
        for trigger in ALARMS[event["kind"]]:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_text(event['summary'])}",
                      f"TRIGGER:{trigger}", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def sequences_from_store(store: Store) -> dict[tuple[str, str], int]:
    """How often each fine-tune's dates have changed, from the stored events.

    Counted from events rather than from the history of one fact because a fine-tune's date
    is often derived from another fact (Azure: "one year after training retirement") or
    comes from another fact when the operative one changes; the events are what the owner
    was told about this fine-tune, whatever fact moved. A date that flips back and forth
    between the same two values counts each value pair once (events are deduplicated).
    """
    counts: dict[tuple[str, str], int] = {}
    found = store.db.execute(
        "select fine_tune, scope, count(*) from events where fine_tune is not null and old_date is not null"
        " and kind in ('date-moved', 'training-cutoff') group by fine_tune, scope"
    ).fetchall()
    for fine_tune, scope, count in found:
        for kind in _SCOPE_KINDS.get(scope, ()):
            counts[(fine_tune, kind)] = count
    return counts


def _events(row: dict, ft: FineTune | None) -> list[dict]:
    name, base = row["fine_tune"], row["base"]
    about = [f"Owner: {row['owner']}" if row.get("owner") else None,
             f"Replacement: {', '.join(row['replacement'])}" if row.get("replacement") else None,
             f"Runbook: {ft.rebuild_runbook}" if ft and ft.rebuild_runbook else None,
             f"Eval suite: {ft.eval_suite}" if ft and ft.eval_suite else None]
    # The row's source is the serving date's; the cut-off may come from another fact or page.
    url = row.get("source_url")
    source = f"Source: {url}" if url else None
    serving = as_day(row.get("retires_on"))
    retires = f"Base {base} retires {_when(row['retires_on'], row['not_before'])}"
    written = [f"As written: {row['retires_on_text']}" if row.get("retires_on_text") else None,
               f"Derived: {row['derived_from']}" if row.get("derived_from") else None]
    out = []
    if serving:
        floor = " no earlier than this day" if row["not_before"] else ""
        out.append(_event(name, "base-retires", serving, f"{name}: base {base} retires{floor}",
                          [retires, *written, *about, source], url))
    if row.get("training_cutoff"):
        floor = " no earlier than this day" if row.get("training_not_before") else ""
        cutoff = f"Fine-tuning on {base} ends {_when(row['training_cutoff'], row.get('training_not_before'))}"
        out.append(_event(name, "fine-tuning-cutoff", as_day(row["training_cutoff"]),
                          f"{name}: fine-tuning on {base} ends{floor}", [cutoff, *about], None))
    if serving and ft and ft.rebuild_lead_days:
        lead = ft.rebuild_lead_days
        earliest = " at the earliest" if row["not_before"] else ""
        out.append(_event(name, "start-rebuild-by", serving - timedelta(days=lead),
                          f"{name}: start rebuild by this day (base {base} retires in {lead} days{earliest})",
                          [f"A rebuild takes {lead} days (rebuild_lead_days): start today to finish in time.",
                           retires, *written, *about, source], url))
    return out


def _event(name: str, kind: str, day: date, summary: str, lines: list[str | None], url: str | None) -> dict:
    return {"fine_tune": name, "kind": kind, "day": day, "uid": f"{_uid_part(name)}/{kind}@ftwatch",
            "summary": summary, "description": "\n".join(line for line in lines if line),
            "url": url if url and _URL.fullmatch(url) else None}


def _when(iso: str, not_before: bool | None) -> str:
    text = f"no earlier than {iso}" if not_before else iso
    return f"{text} (month precision: planned as the 1st)" if len(iso) == 7 else text


def _uid_part(name: str) -> str:
    """The name in safe characters; a hash of the original keeps two altered names apart."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name)
    return safe if safe == name else f"{safe}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped; other controls become spaces."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _CONTROL.sub(" ", value)


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a leading space, never inside a UTF-8 character."""
    data, parts, limit = line.encode(), [], 75
    while len(data) > limit:
        cut = limit
        while data[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(data[:cut])
        data, limit = data[cut:], 74
    parts.append(data)
    return b"\r\n ".join(parts).decode()
