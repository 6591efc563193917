"""Deployment settings (``ftwatch.yaml``): how one ftwatch installation runs.

Kept apart from the registry because someone else owns it: the registry says which
fine-tunes a team has, this file says where the store lives, how to fetch and what to
override. Every setting has a default, so ftwatch runs with no file at all. Unlike the
registry, any problem here is fatal (``SettingsError`` lists them all): a misspelt timeout or
source override that is silently ignored would change what ftwatch watches without telling
anyone. Environment variables and CLI flags are layered on top by the CLI, not here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Callable

from scraper.registry import read_tags, tag_problem
from scraper.yamlfile import Path_, Problem, Reader, YamlFileError, did_you_mean, label, load_yaml

EXAMPLE = "data/ftwatch.example.yaml"
DEFAULT_DB = "data/ftwatch.db"
DEFAULT_REGISTRY = "model-registry.yaml"
DEFAULT_MAINTAINERS_TAG = "maintainers"
DEFAULT_THRESHOLDS = (180, 90, 60, 30, 14, 7, 1)
# name -> (default, smallest allowed); the default's type is the setting's type.
FETCH = MappingProxyType({
    "timeout": (20.0, 0.1),
    "connect_timeout": (5.0, 0.1),
    "max_bytes": (5_000_000, 1),
    "retries": (2, 0),
    "backoff": (1.0, 0.0),
    "max_retry_after": (60.0, 0.0),
    "concurrency": (8, 1),
})
KEYS = (
    "db", "registry", "apprise_config", "maintainers_tag", "thresholds", "fetch", "sources",
    "aliases", "subscriptions", "custom_sources",
)
SOURCE_KEYS = ("url", "enabled", "min_rows", "max_shrink")
SUBSCRIPTION_KEYS = ("name", "notify", "providers", "models")
CUSTOM_SOURCE_KEYS = (
    "name", "provider", "url", "format", "model_column", "date_column", "replacement_column", "keywords",
)
FORMATS = ("markdown", "html", "rss", "atom")


class SettingsError(Exception):
    """The settings file cannot be used; ``problems`` holds every reason, not just the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = list(problems)


@dataclass(frozen=True)
class SourceOverride:
    url: str | None = None
    enabled: bool | None = None  # None: the source's own default (keyed API sources are off)
    min_rows: int | None = None
    max_shrink: float | None = None


@dataclass(frozen=True)
class Settings:
    path: str | None
    db: str = DEFAULT_DB
    registry: str = DEFAULT_REGISTRY
    apprise_config: str | None = None
    maintainers_tag: str = DEFAULT_MAINTAINERS_TAG
    thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS
    fetch: dict = field(default_factory=lambda: {key: default for key, (default, _) in FETCH.items()})
    sources: dict[str, SourceOverride] = field(default_factory=dict)
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    subscriptions: tuple[dict, ...] = ()
    custom_sources: tuple[dict, ...] = ()


def load_settings(path: str | Path | None, known_sources: set[str] | None = None) -> Settings:
    """Settings from ``path`` (defaults for anything it leaves out), or all defaults for None.

    Relative paths in the file, and the default db and registry paths, are resolved against
    the file's directory, so a deployment works the same from any working directory.
    """
    if path is None:
        return Settings(path=None)
    filename = str(path)
    if not Path(path).exists():
        fix = f"create it from {EXAMPLE}, or drop --config / FTWATCH_CONFIG to run on the defaults"
        raise SettingsError([Problem(filename, None, "settings file not found", fix)])
    try:
        loaded = load_yaml(path)
    except YamlFileError as error:
        raise SettingsError(error.problems) from None
    reader = Reader(loaded, filename)
    top = reader.mapping({} if loaded.data is None else loaded.data, (), KEYS)
    if top is None:
        raise SettingsError(reader.problems)
    here = Path(path).parent

    def path_setting(key: str, default: str | None) -> str | None:
        value = reader.text(top.get(key), (key,)) or default
        return None if value is None else os.path.normpath(here / os.path.expanduser(value))

    custom_sources = _custom_sources(reader, top.get("custom_sources"), known_sources)
    custom_names = {source["name"] for source in custom_sources if source.get("name")}
    known = None if known_sources is None else known_sources | custom_names
    thresholds = reader.thresholds(top.get("thresholds"), ("thresholds",))
    settings = Settings(
        path=filename,
        db=path_setting("db", DEFAULT_DB),  # type: ignore[arg-type]
        registry=path_setting("registry", DEFAULT_REGISTRY),  # type: ignore[arg-type]
        apprise_config=path_setting("apprise_config", None),
        maintainers_tag=_maintainers_tag(reader, top.get("maintainers_tag")),
        thresholds=thresholds or DEFAULT_THRESHOLDS,
        fetch=_fetch(reader, top.get("fetch")),
        sources=_sources(reader, top.get("sources"), known),
        aliases=_aliases(reader, top.get("aliases")),
        subscriptions=_subscriptions(reader, top.get("subscriptions")),
        custom_sources=custom_sources,
    )
    if reader.problems:
        raise SettingsError(sorted(reader.problems, key=lambda problem: problem.line or 0))
    return settings


def _maintainers_tag(reader: Reader, value: object) -> str:
    tag = reader.text(value, ("maintainers_tag",))
    if tag is None:
        return DEFAULT_MAINTAINERS_TAG
    bad = tag_problem(tag, "maintainers_tag")
    if bad:
        reader.add(("maintainers_tag",), bad.message, bad.fix)
    return tag


def _fetch(reader: Reader, value: object) -> dict:
    fetch = {key: default for key, (default, _) in FETCH.items()}
    given = {} if value is None else reader.mapping(value, ("fetch",), FETCH) or {}
    for key, raw in given.items():
        if key not in FETCH:
            continue
        default, minimum = FETCH[key]
        read = reader.integer if isinstance(default, int) else reader.number
        typed = read(raw, ("fetch", key), minimum)
        if typed is not None:
            fetch[key] = typed
    return fetch


def _sources(reader: Reader, value: object, known: set[str] | None) -> dict[str, SourceOverride]:
    """Per-source overrides, keyed by source name (checked against ``known`` when given)."""
    given = {} if value is None else reader.mapping(value, ("sources",), None) or {}
    overrides = {}
    for name, raw in given.items():
        path: Path_ = ("sources", name)
        if known is not None and name not in known:
            reader.add(path, f"unknown source '{name}'", did_you_mean(name, known, "known sources"))
        entry = {} if raw is None else reader.mapping(raw, path, SOURCE_KEYS) or {}
        url = reader.text(entry.get("url"), (*path, "url"))
        if url is not None and "://" not in url:
            reader.add((*path, "url"), f"{label((*path, 'url'))} '{url}' is not a URL",
                       "write it in full, e.g. https://...")
        overrides[name] = SourceOverride(
            url=url,
            enabled=reader.boolean(entry.get("enabled"), (*path, "enabled")),
            min_rows=reader.integer(entry.get("min_rows"), (*path, "min_rows"), 0),
            max_shrink=reader.number(entry.get("max_shrink"), (*path, "max_shrink"), 0.0, 1.0),
        )
    return overrides


def _aliases(reader: Reader, value: object) -> dict[str, dict[str, str]]:
    """provider -> {alias: canonical model id}."""
    providers = {} if value is None else reader.mapping(value, ("aliases",), None) or {}
    aliases: dict[str, dict[str, str]] = {}
    for provider, table in providers.items():
        path: Path_ = ("aliases", provider)
        if reader.mapping(table, path, None, fix="write e.g. `azure: {gpt-35-turbo: gpt-3.5-turbo}`") is None:
            continue
        aliases[provider] = {}
        for alias, canonical in table.items():
            model = reader.text(canonical, (*path, alias))
            if not model:
                reader.add((*path, alias), f"alias '{alias}' needs a model id",
                           "write `alias: canonical-model-id`")
                continue
            aliases[provider][alias] = model
    return aliases


def _subscriptions(reader: Reader, value: object) -> tuple[dict, ...]:
    """Extra alert routes; checked here for shape only (the matcher owns their meaning)."""
    def read(entry: dict, path: Path_) -> dict:
        out = {"name": reader.text(entry.get("name"), (*path, "name")),
               "notify": read_tags(reader, entry.get("notify"), (*path, "notify"))}
        for key in ("providers", "models"):
            if entry.get(key) is not None:
                out[key] = reader.texts(entry[key], (*path, key))
        return out

    return _list_of(reader, value, "subscriptions", SUBSCRIPTION_KEYS, ("name", "notify"), read)


def _custom_sources(reader: Reader, value: object, known_sources: set[str] | None) -> tuple[dict, ...]:
    """Pages without a built-in adapter; checked here for shape only."""
    def read(entry: dict, path: Path_) -> dict:
        out = {key: reader.text(entry.get(key), (*path, key))
               for key in CUSTOM_SOURCE_KEYS if key != "keywords" and entry.get(key) is not None}
        if out.get("format") is not None and out["format"] not in FORMATS:
            reader.add((*path, "format"), f"unknown format '{out['format']}'",
                       did_you_mean(out["format"], FORMATS, "formats"))
        if entry.get("keywords") is not None:
            out["keywords"] = reader.texts(entry["keywords"], (*path, "keywords"))
        return out

    sources = _list_of(reader, value, "custom_sources", CUSTOM_SOURCE_KEYS, ("name", "provider", "url"), read)
    seen: set[str] = set()
    for i, source in enumerate(sources):
        name = source.get("name")
        if name is not None and (name in seen or (known_sources and name in known_sources)):
            reader.add(("custom_sources", i, "name"), f"source name '{name}' is already taken",
                       "give each custom source a name no other source uses")
        seen.add(name)
    return sources


def _list_of(
    reader: Reader, value: object, key: str, allowed: tuple[str, ...], required: tuple[str, ...],
    read: Callable[[dict, Path_], dict],
) -> tuple[dict, ...]:
    """A list of mappings with known keys and some required ones, each turned into a dict by ``read``."""
    if value is None:
        return ()
    if not isinstance(value, list):
        reader.add((key,), f"{key} must be a list, not {value!r}", "start each entry with '- '")
        return ()
    entries = []
    for i, entry in enumerate(value):
        path: Path_ = (key, i)
        if reader.mapping(entry, path, allowed, fix=f"write each entry as `- {required[0]}: ...`") is None:
            continue
        for name in required:
            if entry.get(name) is None:
                reader.add(path, f"{label(path)} has no {name}", f"add `{name}:`")
        entries.append(read(entry, path))
    return tuple(entries)
