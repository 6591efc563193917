"""Deployment settings: defaults, the shipped example, and every mistake reported with its line."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from scraper.settings import Settings, SettingsError, SourceOverride, load_settings

DATA = Path(__file__).resolve().parent.parent / "data"
KNOWN_SOURCES = {"openai", "openai-changelog", "azure", "azure-foundry"}
DEFAULT_FETCH = {"timeout": 20.0, "connect_timeout": 5.0, "max_bytes": 5_000_000, "retries": 2,
                 "backoff": 1.0, "max_retry_after": 60.0, "concurrency": 8}


def write(tmp_path: Path, text: str, name: str = "ftwatch.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems_of(path: Path, known: set[str] | None = KNOWN_SOURCES) -> list:
    with pytest.raises(SettingsError) as error:
        load_settings(path, known)
    return error.value.problems


def uncommented_example() -> str:
    """The example with its commented-out samples switched on, so the samples cannot rot."""
    text = (DATA / "ftwatch.example.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^(sources|aliases|subscriptions|custom_sources): (\{\}|\[\])$", r"\1:", text, flags=re.M)
    return re.sub(r"^#  ", "  ", text, flags=re.M)


def test_defaults_without_a_file():
    settings = load_settings(None)
    assert settings == Settings(
        path=None, db="data/ftwatch.db", registry="model-registry.yaml", apprise_config=None,
        maintainers_tag="maintainers", thresholds=(180, 90, 60, 30, 14, 7, 1), fetch=DEFAULT_FETCH,
        sources={}, aliases={}, subscriptions=(), custom_sources=(),
    )
    assert isinstance(settings.fetch["timeout"], float) and isinstance(settings.fetch["retries"], int)


def test_example_holds_exactly_the_defaults(tmp_path):
    path = write(tmp_path, (DATA / "ftwatch.example.yaml").read_text(encoding="utf-8"))
    settings = load_settings(path, KNOWN_SOURCES)
    defaults = load_settings(None)
    assert settings.path == str(path)
    assert settings.db == str(tmp_path / "data" / "ftwatch.db")
    assert settings.registry == str(tmp_path / "model-registry.yaml")
    for key in ("apprise_config", "maintainers_tag", "thresholds", "fetch", "sources", "aliases",
                "subscriptions", "custom_sources"):
        assert getattr(settings, key) == getattr(defaults, key), key


def test_example_mentions_every_setting():
    text = (DATA / "ftwatch.example.yaml").read_text(encoding="utf-8")
    for key in [*Settings.__dataclass_fields__, *DEFAULT_FETCH]:
        if key != "path":
            assert re.search(rf"^\s*{key}:", text, re.M), key


def test_example_samples_load(tmp_path):
    settings = load_settings(write(tmp_path, uncommented_example()), KNOWN_SOURCES)
    assert settings.sources == {"openai": SourceOverride(
        url="http://mirror.local/openai-deprecations.md", enabled=False, min_rows=10, max_shrink=0.5,
    )}
    assert settings.aliases == {"azure": {"gpt-35-turbo": "gpt-3.5-turbo"}}
    assert settings.subscriptions == ({"name": "all-openai-4o", "notify": ("ml-platform",),
                                       "providers": ("openai", "azure"), "models": ("gpt-4o*",)},)
    (custom,) = settings.custom_sources
    assert custom["format"] == "html" and custom["keywords"] == ("deprecat", "retire")
    assert custom["date_column"] == "Retirement date"


def test_a_full_file(tmp_path):
    settings = load_settings(write(tmp_path, """
        db: /var/lib/ftwatch/ftwatch.db
        registry: ../teams/model-registry.yaml
        apprise_config: apprise.yml
        maintainers_tag: ftwatch-maintainers
        thresholds: [7, 30, 30]
        fetch: {timeout: 10, retries: 0, backoff: 0.5, max_bytes: 100}
        sources:
          openai: {url: "http://mirror.local/openai.md", enabled: No, min_rows: 10, max_shrink: 0.5}
          azure: {enabled: YES}
          azure-foundry:
    """), KNOWN_SOURCES)
    assert settings.db == "/var/lib/ftwatch/ftwatch.db"
    assert settings.registry == os.path.normpath(tmp_path / ".." / "teams" / "model-registry.yaml")
    assert settings.apprise_config == str(tmp_path / "apprise.yml")
    assert settings.maintainers_tag == "ftwatch-maintainers"
    assert settings.thresholds == (30, 7)
    changed = {"timeout": 10.0, "retries": 0, "backoff": 0.5, "max_bytes": 100}
    assert settings.fetch == {**DEFAULT_FETCH, **changed}
    assert settings.sources == {
        "openai": SourceOverride("http://mirror.local/openai.md", False, 10, 0.5),
        "azure": SourceOverride(enabled=True),
        "azure-foundry": SourceOverride(),
    }


def test_relative_paths_resolve_against_the_file_not_the_working_directory(tmp_path, monkeypatch):
    (tmp_path / "deploy").mkdir()
    path = write(tmp_path / "deploy", "registry: teams/registry.yaml\n")
    monkeypatch.chdir(tmp_path)
    settings = load_settings(Path("deploy/ftwatch.yaml"))
    assert settings.registry == os.path.join("deploy", "teams", "registry.yaml")
    assert settings.db == os.path.join("deploy", "data", "ftwatch.db")  # defaults too
    assert load_settings(path).registry == str(tmp_path / "deploy" / "teams" / "registry.yaml")


def test_empty_file_means_defaults(tmp_path):
    settings = load_settings(write(tmp_path, "# nothing changed\n"))
    assert settings.thresholds == (180, 90, 60, 30, 14, 7, 1)
    assert settings.fetch == DEFAULT_FETCH


def test_unknown_keys_at_every_level_are_all_reported(tmp_path):
    problems = problems_of(write(tmp_path, """
        db: x.db
        treshold: [30]
        fetch:
          timout: 3
        sources:
          openai:
            urll: http://x
    """))
    assert [(p.line, p.message, p.fix) for p in problems] == [
        (2, "unknown key 'treshold'", "did you mean 'thresholds'?"),
        (4, "unknown key 'timout' in fetch", "did you mean 'timeout'?"),
        (7, "unknown key 'urll' in sources.openai", "did you mean 'url'?"),
    ]
    assert all(p.file == str(tmp_path / "ftwatch.yaml") for p in problems)
    assert "ftwatch.yaml:4: unknown key 'timout' in fetch — did you mean 'timeout'?" in str(problems[1])


def test_unknown_source_name(tmp_path):
    (problem,) = problems_of(write(tmp_path, "sources:\n  opneai: {enabled: false}\n"))
    assert (problem.line, problem.message) == (2, "unknown source 'opneai'")
    assert problem.fix == "did you mean 'openai'?"


def test_source_names_are_not_checked_without_a_list(tmp_path):
    settings = load_settings(write(tmp_path, "sources:\n  anything: {enabled: false}\n"))
    assert settings.sources == {"anything": SourceOverride(enabled=False)}


def test_custom_sources_can_be_overridden_but_not_shadow_built_ins(tmp_path):
    settings = load_settings(write(tmp_path, """
        custom_sources:
          - {name: acme, provider: acme, url: "https://acme.example/deprecations", format: markdown}
        sources:
          acme: {min_rows: 2}
    """), KNOWN_SOURCES)
    assert settings.sources["acme"].min_rows == 2
    (problem,) = problems_of(write(tmp_path, """
        custom_sources:
          - {name: openai, provider: openai, url: "https://x"}
    """))
    assert problem.line == 2 and "already taken" in problem.message


BAD_VALUES = [
    # document, line, words in message, words in fix
    ("fetch:\n  timeout: fast\n", 2, ["fetch.timeout", "number", "'fast'"], ["e.g."]),
    ("fetch:\n  timeout: 0\n", 2, ["fetch.timeout", "at least 0.1"], ["at least 0.1"]),
    ("fetch:\n  retries: 1.5\n", 2, ["fetch.retries", "whole number"], ["digits"]),
    ("fetch:\n  concurrency: 0\n", 2, ["fetch.concurrency", "at least 1"], ["a number at least 1"]),
    ("fetch: fast\n", 1, ["fetch must be a mapping"], ["key: value"]),
    ("thresholds: [30, 0]\n", 1, ["thresholds[1]", "at least 1"], ["a number at least 1"]),
    ("thresholds: 30\n", 1, ["thresholds", "list"], ["[90, 30, 7]"]),
    ("db: [a, b]\n", 1, ["db", "single text value"], ["one line"]),
    ("maintainers_tag: 'ops:1'\n", 1, ["maintainers_tag 'ops:1'", "priority"], ["'ops-1'"]),
    ("sources:\n  openai: {enabled: maybe}\n", 2, ["sources.openai.enabled", "true or false"],
     ["true or false"]),
    ("sources:\n  openai: {min_rows: -1}\n", 2, ["min_rows", "at least 0"], ["a number at least 0"]),
    ("sources:\n  openai: {max_shrink: 2}\n", 2, ["max_shrink", "between 0 and 1"], ["between 0 and 1"]),
    ("sources:\n  openai: {url: mirror.local/x}\n", 2, ["not a URL"], ["https://"]),
    ("sources: [openai]\n", 1, ["sources must be a mapping"], ["key: value"]),
    ("aliases:\n  azure: gpt-35-turbo\n", 2, ["aliases.azure must be a mapping"],
     ["gpt-35-turbo: gpt-3.5-turbo"]),
    ("aliases:\n  azure:\n    gpt-35-turbo:\n", 3, ["needs a model id"], ["alias: canonical"]),
    ("subscriptions: {name: x}\n", 1, ["subscriptions must be a list"], ["- "]),
    ("subscriptions:\n  - name: x\n", 2, ["subscriptions[0] has no notify"], ["notify:"]),
    ("subscriptions:\n  - {name: x, notify: ml, model: ['gpt*']}\n", 2, ["unknown key 'model'"],
     ["'models'"]),
    ("subscriptions:\n  - {name: x, notify: '1:ml'}\n", 2, ["'1:ml'"], ["'1-ml'"]),
    ("subscriptions:\n  - just-a-name\n", 2, ["subscriptions[0] must be a mapping"], ["- name:"]),
    ("custom_sources:\n  - {name: x, provider: p, url: 'https://x', format: markdwn}\n", 2,
     ["unknown format 'markdwn'"], ["did you mean 'markdown'"]),
    ("custom_sources:\n  - {name: x, url: 'https://x'}\n", 2, ["custom_sources[0] has no provider"],
     ["provider:"]),
    ("custom_sources:\n  - {provider: p, url: 'https://x'}\n", 2, ["custom_sources[0] has no name"],
     ["name:"]),
    ("custom_sources:\n  - {name: x, provider: p, url: 'https://x', keywords: {a: b}}\n", 2,
     ["keywords", "list of text"], ["[a, b]"]),
    ("- db: x\n", 1, ["the file must be a mapping"], ["key: value"]),
    ("db: x\ndb: y\n", 2, ["duplicate key 'db'", "line 1"], ["remove one"]),
]


@pytest.mark.parametrize(("document", "line", "message_words", "fix_words"), BAD_VALUES)
def test_bad_values(tmp_path, document, line, message_words, fix_words):
    (problem,) = problems_of(write(tmp_path, document))
    assert problem.line == line
    assert all(word in problem.message for word in message_words), problem.message
    assert all(word in problem.fix for word in fix_words), problem.fix


def test_every_problem_is_reported_at_once(tmp_path):
    problems = problems_of(write(tmp_path, """
        fetch:
          timeout: fast
          retries: -1
        thresholds: [a]
        sources:
          openai: {enabled: maybe}
    """))
    assert [p.line for p in problems] == [2, 3, 4, 6]


def test_missing_file_is_an_error(tmp_path):
    (problem,) = problems_of(tmp_path / "nope.yaml")
    assert problem.line is None and "not found" in problem.message
    assert "ftwatch.example.yaml" in problem.fix and "--config" in problem.fix


def test_yaml_syntax_error(tmp_path):
    (problem,) = problems_of(write(tmp_path, "fetch:\n  timeout: 5\n retries: 2\n"))
    assert problem.line == 3 and "YAML syntax error" in problem.message


def test_yaml_11_lookalikes_stay_strings(tmp_path):
    settings = load_settings(write(tmp_path, "maintainers_tag: no\naliases: {openai: {on: 1.10}}\n"))
    assert settings.maintainers_tag == "no"
    assert settings.aliases == {"openai": {"on": "1.10"}}


# --- JSON Schema -----------------------------------------------------------------------------


def schema_validator() -> Draft202012Validator:
    schema = json.loads((DATA / "ftwatch.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith("/ftwatch.schema.json")
    return Draft202012Validator(schema)


def test_schema_describes_every_setting():
    schema = json.loads((DATA / "ftwatch.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(Settings.__dataclass_fields__) - {"path"}
    assert set(schema["properties"]["fetch"]["properties"]) == set(DEFAULT_FETCH)
    assert [key for key, spec in schema["properties"].items() if not spec.get("description")] == []


@pytest.mark.parametrize("text", [
    pytest.param((DATA / "ftwatch.example.yaml").read_text(encoding="utf-8"), id="example"),
    pytest.param(uncommented_example(), id="example-samples"),
])
def test_examples_match_the_schema(text):
    assert list(schema_validator().iter_errors(yaml.safe_load(text))) == []


@pytest.mark.parametrize("document", [
    "fetch: {timout: 3}\n",
    "sources: {openai: {urll: x}}\n",
    "thresholds: [0]\n",
    "maintainers_tag: 'ops:1'\n",
    "subscriptions: [{name: x}]\n",
    "custom_sources: [{name: x, provider: p, url: 'https://x', format: markdwn}]\n",
])
def test_schema_rejects_what_the_loader_rejects(tmp_path, document):
    assert not schema_validator().is_valid(yaml.safe_load(document))
    problems_of(write(tmp_path, document))
