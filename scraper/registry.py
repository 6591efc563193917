"""The team's model registry: each fine-tune ftwatch protects and the base model under it.

People edit ``model-registry.yaml`` by hand and rarely, so loading it is written for them:
it never raises for bad content, reports every problem in one pass (file, line, fix), and
keeps each fine-tune that is valid on its own, so one typo does not hide the rest. An entry
with any problem of its own is left out: watching it with half-read settings would be wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scraper.yamlfile import Path_, Problem, Reader, YamlFileError, did_you_mean, label, load_yaml, suggest
from sources.dates import parse_date

EXAMPLE = "data/model-registry.example.yaml"
TOP_KEYS = ("version", "fine_tune", "fine_tunes")
KEYS = (
    "name", "base_model", "owner", "notify", "training_data", "eval_suite", "rebuild_runbook",
    "base_deprecation", "rebuild_cost", "rebuild_lead_days", "thresholds", "description",
)
_TEXT_KEYS = ("owner", "training_data", "eval_suite", "rebuild_runbook", "rebuild_cost", "description")

# Apprise's own tag grammar. Apprise splits other tags on spaces, commas and brackets, and
# Apprise 2.x reads "N:tag" as a dispatch priority and "tag:N" as a retry count.
_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

# Used only to word the fix for a bare model id, and only for providers that are known.
_PROVIDER_HINTS = (
    ("gpt-", "openai"), ("chatgpt", "openai"), ("o1", "openai"), ("o3", "openai"), ("o4", "openai"),
    ("davinci", "openai"), ("babbage", "openai"), ("claude", "anthropic"), ("gemini", "gemini"),
    ("mistral", "mistral"), ("command", "cohere"), ("grok", "xai"), ("deepseek", "deepseek"),
)


@dataclass(frozen=True)
class BaseRef:
    """A base model as the registry pins it.

    ``written`` is the value exactly as in the file: an ``ft:`` id may be written with or
    without its ``openai/`` prefix, so it cannot be rebuilt from the other fields.
    """

    provider: str
    model: str
    version: str | None
    fine_tune_id: str | None
    written: str

    @property
    def pinned(self) -> str:
        return self.written


@dataclass(frozen=True)
class RefError:
    """Why a ``base_model`` value cannot be read, and what to write instead."""

    message: str
    fix: str


@dataclass(frozen=True)
class FineTune:
    name: str
    base: BaseRef
    owner: str | None = None
    notify: tuple[str, ...] = ()
    training_data: str | None = None
    eval_suite: str | None = None
    rebuild_runbook: str | None = None
    base_deprecation: str | None = None
    rebuild_cost: str | None = None
    rebuild_lead_days: int | None = None
    thresholds: tuple[int, ...] | None = None
    description: str | None = None
    line: int | None = None

    @property
    def fine_tune_id(self) -> str | None:
        """The full ``ft:`` id when the registry pins the fine-tune itself."""
        return self.base.fine_tune_id


@dataclass
class Registry:
    path: str
    fine_tunes: list[FineTune]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_base_model(text: str, known_providers: set[str] | None = None) -> BaseRef | RefError:
    """Read ``provider/model[@version]`` or an OpenAI ``ft:`` id (optionally ``provider/ft:...``).

    The provider is the text before the first ``/``; the model keeps later slashes and
    colons (``together/meta-llama/Llama-3.3-70B``, ``bedrock/anthropic.claude-3-haiku-v1:0``).
    With ``known_providers`` None any non-empty provider is accepted.
    """
    written = text.strip()
    if not written:
        return RefError("base_model is empty", "write provider/model, e.g. openai/gpt-4o-mini-2024-07-18")
    if re.search(r"\s", written):
        return RefError(f"base_model '{written}' contains whitespace",
                        "copy the model id exactly; ids have no spaces")
    if written.startswith("ft:"):
        provider, model = "openai", written
    else:
        provider, slash, model = written.partition("/")
        if not slash or not provider:
            return _missing_provider(model or written, written, known_providers or set())
        if known_providers is not None and provider not in known_providers:
            return RefError(f"unknown provider '{provider}' in base_model '{written}'",
                            did_you_mean(provider, known_providers, "known providers"))
    if model.startswith("ft:"):
        return _fine_tune_ref(provider, model, written)
    name, at, version = model.partition("@")
    if not name or (at and not version):
        what = "names no model" if not name else "has an empty @version"
        return RefError(f"base_model '{written}' {what}",
                        f"write {provider}/<model id>, or {provider}/<model>@<version> for a pinned version")
    return BaseRef(provider, name, version or None, None, written)


def _fine_tune_ref(provider: str, model: str, written: str) -> BaseRef | RefError:
    """``ft:<base>:<org>:<suffix>:<id>[:ckpt-step-N]`` resolves to its base model."""
    parts = model.split(":")
    if len(parts) < 5 or not parts[1] or not parts[4]:
        return RefError(f"'{model}' is not a complete OpenAI fine-tune id",
                        "copy the full id, e.g. ft:gpt-4o-mini-2024-07-18:my-org::abc123")
    return BaseRef(provider, parts[1], None, model, written)


def _missing_provider(bare: str, written: str, known: set[str]) -> RefError:
    head, colon, tail = bare.partition(":")
    if colon and head in known:
        guess = f"{head}/{tail}"
    else:
        hints = (p for prefix, p in _PROVIDER_HINTS if bare.lower().startswith(prefix) and p in known)
        guess = f"{next(hints, '<provider>')}/{bare}"
    listing = f"; known providers: {', '.join(sorted(known))}" if known else ""
    return RefError(f"base_model '{written}' has no provider", f"write '{guess}' (provider/model){listing}")


def tag_problem(tag: str, what: str = "notify tag") -> RefError | None:
    """Why Apprise would not treat ``tag`` as the plain tag it looks like, if it would not."""
    if _TAG.fullmatch(tag):
        return None
    if ":" in tag:
        why = "contains ':', which Apprise 2.x reads as a priority ('2:tag') or a retry count ('tag:3')"
    elif not tag.strip():
        why = "is empty"
    else:
        why = "has characters Apprise splits on or does not accept in a tag"
    fixed = re.sub(r"[^a-z0-9_-]+", "-", tag.lower()).strip("-_") or "owner-ml"
    return RefError(f"{what} '{tag}' {why}", f"use letters, digits, '-' and '_' only, e.g. '{fixed}'")


def read_tags(reader: Reader, value: object, path: Path_) -> tuple[str, ...] | None:
    """Apprise tags: one word or a list of them; None (with problems recorded) when invalid."""
    if value is None:
        return ()
    tags = reader.texts(value, path)
    if tags is None:
        return None
    before = len(reader.problems)
    for i, tag in enumerate(tags):
        bad = tag_problem(tag)
        if bad:
            reader.add((*path, i) if isinstance(value, list) else path, bad.message, bad.fix)
    return tags if len(reader.problems) == before else None


def load_registry(path: str | Path, known_providers: set[str]) -> Registry:
    """Every valid fine-tune in the registry file, and every problem found in it."""
    filename = str(path)
    if not Path(path).exists():
        problem = Problem(filename, None, "registry file not found",
                          f"create it (start from {EXAMPLE}), or point --registry / FTWATCH_REGISTRY at it")
        return Registry(filename, [], [problem])
    try:
        loaded = load_yaml(path)
    except YamlFileError as error:
        return Registry(filename, [], error.problems)
    reader = Reader(loaded, filename)
    fine_tunes: list[FineTune] = []
    name_lines: dict[str, int | None] = {}
    for entry_path, entry in _entries(reader, loaded.data):
        before = len(reader.problems)
        fine_tune = _fine_tune(reader, entry, entry_path, known_providers)
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str) and name in name_lines:
            first = name_lines[name]
            reader.add((*entry_path, "name"), f"duplicate fine-tune name '{name}' (also at line {first})",
                       "give each fine-tune a unique name")
        elif isinstance(name, str):
            name_lines[name] = loaded.line(*entry_path, "name")
        if fine_tune is not None and len(reader.problems) == before:
            fine_tunes.append(fine_tune)
    return Registry(filename, fine_tunes, sorted(reader.problems, key=lambda problem: problem.line or 0))


def _entries(reader: Reader, data: object) -> list[tuple[Path_, object]]:
    """The fine-tune entries, whatever the top-level shape (shape mistakes are reported)."""
    if data is None:
        reader.add((), "the registry is empty", f"add a `fine_tunes:` list (see {EXAMPLE})")
        return []
    if isinstance(data, list):
        reader.add((), "the top level is a list", "put the list under a `fine_tunes:` key, indented below it")
        return [((i,), item) for i, item in enumerate(data)]
    top = reader.mapping(data, (), TOP_KEYS, fix=f"start the file with `fine_tunes:` (see {EXAMPLE})")
    if top is None:
        return []
    if top.get("version", "1") != "1":
        reader.add(("version",), f"unsupported registry version {top['version']!r}",
                   "write `version: 1` or remove it")
    present = [key for key in ("fine_tune", "fine_tunes") if key in top]
    misspelt = any(suggest(key, ("fine_tune", "fine_tunes")) for key in top if key not in TOP_KEYS)
    if not present and not misspelt:  # a misspelt `fine_tunes:` is reported as an unknown key
        reader.add((), "no `fine_tune:` or `fine_tunes:` section",
                   f"add a `fine_tunes:` list (see {EXAMPLE})")
    if len(present) == 2:
        reader.add(("fine_tune",), "both `fine_tune:` and `fine_tunes:` are present",
                   "move the single fine-tune into the fine_tunes list")
    entries: list[tuple[Path_, object]] = []
    for key in present:
        value = top[key]
        if isinstance(value, dict):
            if key == "fine_tunes":
                reader.add((key,), "fine_tunes must be a list",
                           "start each fine-tune with '- ', or rename the key to fine_tune")
            entries.append(((key,), value))
        elif isinstance(value, list):
            if key == "fine_tune":
                reader.add((key,), "fine_tune holds one fine-tune, but a list is given",
                           "rename the key to fine_tunes")
            entries += [((key, i), item) for i, item in enumerate(value)]
        else:
            what = "is empty" if value is None else f"holds {value!r}, not fine-tunes"
            reader.add((key,), f"`{key}:` {what}", "indent each fine-tune's name and base_model below it")
    return entries


def _fine_tune(reader: Reader, entry: object, path: Path_, known: set[str]) -> FineTune | None:
    """One entry, or None when it has a problem (recorded on ``reader``)."""
    if not isinstance(entry, dict):
        reader.add(path, f"{label(path)} must be a fine-tune with `name:` and `base_model:`, not {entry!r}",
                   "write each fine-tune as `- name: ...` with `base_model: provider/model` below it")
        return None
    before = len(reader.problems)
    reader.mapping(entry, path, KEYS)
    name = _name(reader, entry.get("name"), (*path, "name"))
    base = _base(reader, entry.get("base_model"), (*path, "base_model"), known)
    texts = {key: reader.text(entry.get(key), (*path, key)) for key in _TEXT_KEYS}
    deprecation = _date(reader, entry.get("base_deprecation"), (*path, "base_deprecation"))
    lead_days = reader.integer(entry.get("rebuild_lead_days"), (*path, "rebuild_lead_days"), minimum=0)
    thresholds = reader.thresholds(entry.get("thresholds"), (*path, "thresholds"))
    notify = read_tags(reader, entry.get("notify"), (*path, "notify"))
    if len(reader.problems) > before or name is None or base is None or notify is None:
        return None
    return FineTune(
        name=name, base=base, notify=notify, base_deprecation=deprecation, rebuild_lead_days=lead_days,
        thresholds=thresholds, line=reader.loaded.line(*path), **texts,
    )


def _name(reader: Reader, value: object, path: Path_) -> str | None:
    if value is None:
        reader.add(path, f"{label(path[:-1])} has no name", "add `name: <unique name>`")
        return None
    name = reader.text(value, path)
    if name is not None and not name.strip():
        reader.add(path, "the fine-tune name is empty", "write a unique name, e.g. support-bot-v3")
        return None
    if name is not None and name != name.strip():
        reader.add(path, f"fine-tune name {name!r} has leading or trailing spaces", f"write '{name.strip()}'")
        return None
    return name


def _base(reader: Reader, value: object, path: Path_, known: set[str]) -> BaseRef | None:
    if value is None:
        reader.add(path, f"{label(path[:-1])} has no base_model",
                   "add `base_model: provider/model`, e.g. openai/gpt-4o-mini-2024-07-18")
        return None
    text = reader.text(value, path)
    if text is None:
        return None
    ref = parse_base_model(text, known)
    if isinstance(ref, RefError):
        reader.add(path, ref.message, ref.fix)
        return None
    return ref


def _date(reader: Reader, value: object, path: Path_) -> str | None:
    """The day the team believes the base model retires, as ``YYYY-MM-DD``."""
    text = reader.text(value, path)
    if text is None:
        return None
    parsed = parse_date(text)
    if parsed.iso is None or parsed.problem or parsed.precision != "day":
        why = parsed.problem or ("no day" if parsed.iso else "no date")
        reader.add(path, f"{label(path)} '{text}' is not a usable date ({why})",
                   "write the day as YYYY-MM-DD, e.g. 2027-01-15, or remove the key")
        return None
    return parsed.iso
