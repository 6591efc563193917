"""Events -> messages a person can act on. Pure: no Apprise, no store.

One message per route (a set of Apprise tags) per poll, so a poll that crosses several
thresholds, or the first poll of a fresh store, sends one message per owner rather than a
storm. Each entry carries what the owner needs: fine-tune, base, date and days left (with
"no earlier than" when so), what changed, the replacement, runbook, eval suite, training
data and the source page. Text that came from a provider page is neutralised so it cannot
ping ``@channel`` or smuggle a link into a chat.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from scraper.events import Event

TITLE_LIMIT = 100  # fits every common channel (ntfy 200, Discord 256, e-mail subjects)
_URGENCY_ORDER = {"failure": 0, "warning": 1, "info": 2}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Message:
    id: str
    tags: tuple[str, ...]
    title: str
    body: str
    notify_type: str  # info | warning | failure
    events: tuple[str, ...]

    def as_row(self) -> dict:
        return {"id": self.id, "tags": self.tags, "title": self.title, "body": self.body,
                "notify_type": self.notify_type, "events": self.events}


_MENTION = re.compile(r"@(?=(?:channel|here|everyone|all|group)\b)", re.I)
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def _one_line(text: object) -> str:
    text = _CONTROL.sub("", str(text)).replace("\n", " ").replace("`", "'")
    # Slack's <!channel>/<@U123>/<http://x|text> forms and chat mentions never survive.
    return _MENTION.sub("@\u200b", re.sub(r"[<>]", "", text))


def untrusted(text: object) -> str:
    """Provider text made inert: one line, no control characters, no mentions, no links."""
    return _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", _one_line(text)).replace("[", "(").replace("]", ")")


def code(text: object) -> str:
    """Inline code: clients render neither links nor Markdown inside it."""
    return f"`{_one_line(text)}`"


def route_of(event: Event, maintainers_tag: str) -> tuple[str, ...]:
    if event.kind == "source-broken":
        return (maintainers_tag,)
    tags = set(event.notify)
    if event.owner:
        tags.add(event.owner)
    return tuple(sorted(tags))


def compose(events: list[Event], maintainers_tag: str = "maintainers") -> list[Message]:
    """Group events by route and render one message per route."""
    routes: dict[tuple[str, ...], list[Event]] = {}
    for event in events:
        if event.silenced:
            continue
        routes.setdefault(route_of(event, maintainers_tag), []).append(event)
    messages = []
    for tags, group in routes.items():
        group.sort(key=lambda e: (_URGENCY_ORDER[e.urgency], e.days_left if e.days_left is not None else 10**6))
        keys = tuple(sorted(e.dedupe_key for e in group))
        ident = hashlib.sha256("\n".join((",".join(tags), *keys)).encode()).hexdigest()[:16]
        worst = min((e.urgency for e in group), key=_URGENCY_ORDER.get)
        body = "\n\n".join(entry(e) for e in group)
        if any(e.digest for e in group):
            body = "First ftwatch report: what your fine-tunes face now.\n\n" + body
        messages.append(Message(ident, tags, title(group), body, worst, keys))
    return messages


def title(group: list[Event]) -> str:
    lead = group[0]
    if lead.digest:
        text = f"ftwatch digest: {len(group)} item{'s' if len(group) > 1 else ''} on your fine-tunes"
    else:
        text = headline(lead)
        if len(group) > 1:
            text = f"{text} (+{len(group) - 1} more)"
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1] + "…"


def when(event: Event) -> str:
    if event.new_date is None:
        return "no date stated"
    floor = "no earlier than " if event.not_before else ""
    if event.days_left is None:
        return f"{floor}{event.new_date}"
    if event.days_left < 0:
        return f"{floor}{event.new_date} ({-event.days_left} days ago)"
    if event.days_left == 0:
        return f"{floor}{event.new_date} (today)"
    return f"{floor}{event.new_date} (in {event.days_left} day{'s' if event.days_left != 1 else ''})"


def headline(event: Event) -> str:
    if event.fine_tune is None and event.context.get("subscription"):
        moved = f" moved {_direction(event.old_date, event.new_date)}" if event.kind == "date-moved" else ""
        return f"{untrusted(event.base)} retirement{moved}: {when(event)}"
    name = untrusted(event.fine_tune or event.context.get("source", ""))
    if event.kind == "retirement-announced":
        return f"{name}: base retires {when(event)}"
    if event.kind == "date-moved":
        direction = _direction(event.old_date, event.new_date)
        return f"{name}: base retirement moved {direction} to {when(event)}"
    if event.kind == "milestone":
        return f"{name}: base retires {when(event)}"
    if event.kind == "retired":
        return f"{name}: base retired {when(event)}; the fine-tune still pins it"
    if event.kind == "training-cutoff":
        return f"{name}: fine-tuning on its base ends {when(event)}"
    if event.kind == "base-unknown":
        return f"{name}: no source knows its base {untrusted(event.base)}"
    if event.kind == "source-broken":
        return f"source {name} is broken; its retirements are not being watched"
    return f"{name}: {event.kind}"


def _direction(old: str | None, new: str | None) -> str:
    if old is None or new is None:
        return ""
    return "earlier" if new < old else "later"


def entry(event: Event) -> str:
    """One event as a short Markdown block."""
    lines = [f"**{headline(event)}**"]
    if event.base:
        lines.append(f"- Base: {code(event.base)}" + (f" (owner {untrusted(event.owner)})" if event.owner else ""))
    if event.kind == "date-moved":
        lines.append(f"- Changed: {code(event.old_date or 'no date')} → {code(event.new_date or 'no date')}")
    if event.not_before:
        lines.append("- The provider gives a floor (\"no earlier than\"), not a shutdown date: plan on it, it is not yet final.")
    ctx = event.context
    if ctx.get("retires_on_text"):
        lines.append(f"- As written: {code(ctx['retires_on_text'])}")
    if ctx.get("derived_from"):
        lines.append(f"- Derived: {code(ctx['derived_from'])}")
    if event.detail:
        lines.append(f"- {untrusted(event.detail)}")
    if event.replacement:
        lines.append("- Replacement: " + ", ".join(code(r) for r in event.replacement))
    for label, key in (("Runbook", "rebuild_runbook"), ("Eval suite", "eval_suite"),
                       ("Training data", "training_data"), ("Rebuild cost", "rebuild_cost")):
        if ctx.get(key):
            lines.append(f"- {label}: {ctx[key]}")
    if event.source_url:
        lines.append(f"- Source: {event.source_url}")
    return "\n".join(lines)
