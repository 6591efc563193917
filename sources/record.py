"""The record every adapter emits, and the document every adapter reads.

``Retirement`` is the public parse contract (``ftwatch parse SOURCE FILE --json``): its
fields, in this order, are the JSON keys. Change them only with a new contract version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, replace

SCOPES = ("inference", "fine-tune-training", "fine-tune-inference")
STATUSES = ("active", "legacy", "deprecated", "retired")


@dataclass(frozen=True)
class Retirement:
    """One lifecycle fact about one model, as one provider page states it.

    ``retires_on`` is ``YYYY-MM-DD``, ``YYYY-MM`` (month precision) or None (no date given,
    or one that could not be read; ``retires_on_text`` keeps what the page wrote).
    ``not_before`` marks a floor ("No earlier than ..."), not a promise.
    """

    provider: str
    model: str
    version: str | None = None
    status: str = "deprecated"
    announced_on: str | None = None
    deprecated_on: str | None = None
    retires_on: str | None = None
    retires_on_text: str | None = None
    not_before: bool = False
    scope: str = "inference"
    replacement: tuple[str, ...] = ()
    region: str | None = None
    source_url: str | None = None

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {SCOPES}, not {self.scope!r}")
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")
        if not isinstance(self.replacement, tuple):
            object.__setattr__(self, "replacement", tuple(self.replacement))

    @property
    def key(self) -> str:
        """What makes two facts the same fact over time (a date change is history, not a new row).

        The announcement is part of the key: OpenAI lists ``gpt-4-1106-preview`` under two
        announcements with two dates, and both are facts.
        """
        return "|".join(
            (self.model, self.version or "", self.scope, self.region or "", self.announced_on or "")
        )

    def to_json(self) -> dict:
        data = asdict(self)
        data["replacement"] = list(self.replacement)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Retirement":
        names = {f.name for f in fields(cls)}
        return cls(**{k: (tuple(v) if k == "replacement" else v) for k, v in data.items() if k in names})

    def with_(self, **changes) -> "Retirement":
        return replace(self, **changes)


CONTRACT_KEYS = tuple(f.name for f in fields(Retirement))


@dataclass(frozen=True)
class Document:
    """Bytes fetched from (or saved from) one address."""

    url: str
    body: bytes
    content_type: str | None = None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace").lstrip("\ufeff")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    def json(self, warnings: list[str]) -> object | None:
        """The body as JSON, or None with a warning: an API that answers HTML or an error
        page is a reason to read nothing, never a crash."""
        try:
            return json.loads(self.text)
        except ValueError as error:
            warnings.append(f"not JSON ({error}); nothing read")
            return None


@dataclass
class ParseResult:
    """What an adapter read: the facts, and the things it saw but would not guess about."""

    records: list[Retirement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
