"""The model registry: both file forms, every base_model shape, and every problem with its line and fix."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from scraper.registry import BaseRef, FineTune, RefError, load_registry, parse_base_model
from scraper.yamlfile import Problem, YamlFileError, load_yaml_text, suggest
from sources import all_sources

DATA = Path(__file__).resolve().parent.parent / "data"
KNOWN = {"openai", "azure", "vertex", "bedrock", "together"}


def load(tmp_path: Path, text: str, known: set[str] = KNOWN):
    path = tmp_path / "model-registry.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_registry(path, known)


def only_problem(registry) -> Problem:
    assert len(registry.problems) == 1, [str(p) for p in registry.problems]
    return registry.problems[0]


# --- the two forms ------------------------------------------------------------------------


def test_single_fine_tune_form(tmp_path):
    registry = load(tmp_path, """
        fine_tune:
          name: support-bot-v3
          base_model: openai/gpt-4o-mini-2024-07-18
          base_deprecation: 2027-01-15        # the date the team believes
          training_data: s3://ml-data/support/v3/
          eval_suite: evals/support-v3.yaml
          rebuild_runbook: https://wiki.example.com/runbooks/support-bot
    """)
    assert registry.ok, registry.problems
    assert registry.fine_tunes == [FineTune(
        name="support-bot-v3",
        base=BaseRef("openai", "gpt-4o-mini-2024-07-18", None, None, "openai/gpt-4o-mini-2024-07-18"),
        base_deprecation="2027-01-15",
        training_data="s3://ml-data/support/v3/",
        eval_suite="evals/support-v3.yaml",
        rebuild_runbook="https://wiki.example.com/runbooks/support-bot",
        line=1,
    )]


def test_list_form_with_every_key(tmp_path):
    registry = load(tmp_path, """
        version: 1
        fine_tunes:
          - name: contracts
            base_model: azure/gpt-4o@2024-08-06
            owner: ml-platform
            notify: [ml-platform, oncall]
            rebuild_cost: "$4,000 + 2 days eval"
            rebuild_lead_days: 45
            thresholds: [120, 60, 30, 7]
            description: Extracts clauses.
          - name: triage
            base_model: openai/gpt-4.1-nano-2025-04-14
            notify: ml-search
    """)
    assert registry.ok, registry.problems
    contracts, triage = registry.fine_tunes
    assert contracts.base.pinned == "azure/gpt-4o@2024-08-06"
    assert (contracts.base.model, contracts.base.version) == ("gpt-4o", "2024-08-06")
    assert contracts.owner == "ml-platform"
    assert contracts.notify == ("ml-platform", "oncall")
    assert contracts.rebuild_cost == "$4,000 + 2 days eval"
    assert contracts.rebuild_lead_days == 45
    assert contracts.thresholds == (120, 60, 30, 7)
    assert contracts.description == "Extracts clauses."
    assert contracts.line == 3
    assert triage.notify == ("ml-search",)
    assert (triage.owner, triage.thresholds, triage.rebuild_lead_days) == (None, None, None)
    assert triage.line == 11


# --- base_model grammar -------------------------------------------------------------------

BASE_MODELS = [
    # written, provider, model, version, fine_tune_id
    ("openai/gpt-4o-mini-2024-07-18", "openai", "gpt-4o-mini-2024-07-18", None, None),
    ("vertex/gemini-2.0-flash-001", "vertex", "gemini-2.0-flash-001", None, None),
    ("bedrock/anthropic.claude-3-haiku-20240307-v1:0", "bedrock", "anthropic.claude-3-haiku-20240307-v1:0",
     None, None),
    ("together/meta-llama/Llama-3.3-70B-Instruct-Turbo", "together",
     "meta-llama/Llama-3.3-70B-Instruct-Turbo", None, None),
    ("azure/gpt-4o@2024-08-06", "azure", "gpt-4o", "2024-08-06", None),
    ("vertex/claude-3-sonnet@20240229", "vertex", "claude-3-sonnet", "20240229", None),
    ("ft:gpt-4o-mini-2024-07-18:my-org::abc123", "openai", "gpt-4o-mini-2024-07-18", None,
     "ft:gpt-4o-mini-2024-07-18:my-org::abc123"),
    ("ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:abc123", "openai", "gpt-4o-mini-2024-07-18", None,
     "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:abc123"),
    ("openai/ft:gpt-4o-mini-2024-07-18:my-org::abc123", "openai", "gpt-4o-mini-2024-07-18", None,
     "ft:gpt-4o-mini-2024-07-18:my-org::abc123"),
    ("azure/ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:abc123", "azure", "gpt-4o-mini-2024-07-18", None,
     "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:abc123"),
    ("openai/ft:gpt-3.5-turbo-0125:my-org:custom-suffix:96olL566:ckpt-step-2000", "openai",
     "gpt-3.5-turbo-0125", None, "ft:gpt-3.5-turbo-0125:my-org:custom-suffix:96olL566:ckpt-step-2000"),
]


@pytest.mark.parametrize(("written", "provider", "model", "version", "fine_tune_id"), BASE_MODELS)
def test_base_model_shapes(written, provider, model, version, fine_tune_id):
    ref = parse_base_model(written, KNOWN)
    assert ref == BaseRef(provider, model, version, fine_tune_id, written)
    assert ref.pinned == written


BAD_BASE_MODELS = [
    # written, words in the message, words in the fix
    ("gpt-4o-mini", ["no provider"], ["openai/gpt-4o-mini", "azure, bedrock, openai, together, vertex"]),
    ("openai:gpt-4o", ["no provider"], ["openai/gpt-4o"]),
    ("opnai/gpt-4o", ["unknown provider 'opnai'"], ["did you mean 'openai'"]),
    ("/gpt-4o", ["no provider"], ["known providers"]),
    ("openai/", ["names no model"], ["openai/<model id>"]),
    ("azure/gpt-4o@", ["empty @version"], ["azure/<model>@<version>"]),
    ("ft:gpt-4o-mini", ["not a complete OpenAI fine-tune id"], ["ft:gpt-4o-mini-2024-07-18:my-org::abc123"]),
    ("openai/gpt 4o", ["whitespace"], ["no spaces"]),
]


@pytest.mark.parametrize(("written", "message_words", "fix_words"), BAD_BASE_MODELS)
def test_bad_base_models_explain_the_fix(written, message_words, fix_words):
    error = parse_base_model(written, KNOWN)
    assert isinstance(error, RefError)
    assert all(word in error.message for word in message_words), error.message
    assert all(word in error.fix for word in fix_words), error.fix


def test_ft_id_without_provider_keeps_the_full_id(tmp_path):
    registry = load(tmp_path, """
        fine_tunes:
          - name: support
            base_model: ft:gpt-4o-mini-2024-07-18:acme::9xQ2w1
    """)
    (fine_tune,) = registry.fine_tunes
    assert fine_tune.base.provider == "openai"
    assert fine_tune.base.model == "gpt-4o-mini-2024-07-18"
    assert fine_tune.fine_tune_id == "ft:gpt-4o-mini-2024-07-18:acme::9xQ2w1"
    assert fine_tune.base.pinned == "ft:gpt-4o-mini-2024-07-18:acme::9xQ2w1"


# --- problems: each with its line and a fix ---------------------------------------------

ENTRY = """
fine_tunes:
  - name: ok
    base_model: openai/gpt-4o
  - name: broken
    base_model: openai/gpt-4o
"""

PROBLEMS = [
    # extra lines for the "broken" entry (line 6 on), expected line, words in message, words in fix
    ("    ownr: ml\n", 6, ["unknown key 'ownr'"], ["did you mean 'owner'"]),
    ("    owner: {team: ml}\n", 6, ["owner", "single text value", "mapping"], ["one line"]),
    ("    base_deprecation: 2026-02-30\n", 6, ["base_deprecation", "impossible date"], ["YYYY-MM-DD"]),
    ("    base_deprecation: TBD\n", 6, ["base_deprecation", "not a usable date"], ["YYYY-MM-DD", "remove"]),
    ("    base_deprecation: March 2027\n", 6, ["no day"], ["YYYY-MM-DD"]),
    ("    rebuild_lead_days: soon\n", 6, ["rebuild_lead_days", "whole number"], ["digits"]),
    ("    rebuild_lead_days: -5\n", 6, ["rebuild_lead_days", "at least 0"], ["a number at least 0"]),
    ("    rebuild_lead_days: 4.5\n", 6, ["rebuild_lead_days", "whole number"], ["digits"]),
    ("    thresholds:\n      - 30\n      - 0\n", 8, ["thresholds[1]", "at least 1"], ["a number at least 1"]),
    ("    thresholds: []\n", 6, ["thresholds", "non-empty"], ["remove the key"]),
    ("    thresholds: 30\n", 6, ["thresholds", "list"], ["[90, 30, 7]"]),
    ("    notify: {team: ml}\n", 6, ["notify", "text or a list of text"], ["single word"]),
    ("    notify:\n      - ml\n      - [a, b]\n", 8, ["notify[1]", "must be text"], ["plain word"]),
    ("    notify: [ml, \"2:alerts\"]\n", 6, ["'2:alerts'", "priority"], ["'2-alerts'"]),
    ("    notify: \"ops:3\"\n", 6, ["'ops:3'", "retry"], ["'ops-3'"]),
    ("    notify: [ml team]\n", 6, ["'ml team'"], ["'ml-team'"]),
]


@pytest.mark.parametrize(("extra", "line", "message_words", "fix_words"), PROBLEMS)
def test_each_problem_has_its_line_and_a_fix(tmp_path, extra, line, message_words, fix_words):
    registry = load(tmp_path, ENTRY + extra)
    problem = only_problem(registry)
    assert problem.file == str(tmp_path / "model-registry.yaml")
    assert problem.line == line
    assert all(word in problem.message for word in message_words), problem.message
    assert all(word in problem.fix for word in fix_words), problem.fix
    assert [ft.name for ft in registry.fine_tunes] == ["ok"]  # the valid entry survives


ENTRY_PROBLEMS = [
    # whole "broken" entry (starting line 5), expected line, words in message, words in fix
    ("  - base_model: openai/gpt-4o\n", 5, ["fine_tunes[1] has no name"], ["name:"]),
    ("  - name: broken\n", 5, ["fine_tunes[1] has no base_model"], ["provider/model"]),
    ("  - name: broken\n    base_model: gpt-4o-mini\n", 6, ["has no provider"], ["'openai/gpt-4o-mini'"]),
    ("  - name: broken\n    base_model: opnai/gpt-4o\n", 6, ["unknown provider"], ["did you mean 'openai'"]),
    ("  - name: broken\n    base_model: [openai/gpt-4o]\n", 6, ["base_model", "single text value"],
     ["one line"]),
    ("  - name: ''\n    base_model: openai/gpt-4o\n", 5, ["name is empty"], ["unique name"]),
    ("  - name: ' padded '\n    base_model: openai/gpt-4o\n", 5, ["leading or trailing spaces"],
     ["'padded'"]),
    ("  - just-a-name\n", 5, ["fine_tunes[1]", "must be a fine-tune"], ["- name:"]),
    ("  - name: ok\n    base_model: openai/gpt-4o\n", 5, ["duplicate fine-tune name 'ok'", "line 2"],
     ["unique"]),
    ("  - name: broken\n    base_model: openai/gpt-4o\n    owner: a\n    owner: b\n", 8,
     ["duplicate key 'owner'", "line 7"], ["remove one"]),
]


@pytest.mark.parametrize(("entry", "line", "message_words", "fix_words"), ENTRY_PROBLEMS)
def test_entry_problems(tmp_path, entry, line, message_words, fix_words):
    head = "fine_tunes:\n  - name: ok\n    base_model: openai/gpt-4o\n  # broken:\n"
    registry = load(tmp_path, head + entry)
    problem = only_problem(registry)
    assert problem.line == line
    assert all(word in problem.message for word in message_words), problem.message
    assert all(word in problem.fix for word in fix_words), problem.fix
    assert "ok" in [ft.name for ft in registry.fine_tunes]


TOP_LEVEL = [
    # document, expected line, words in message, words in fix
    ("", None, ["empty"], ["fine_tunes:", "model-registry.example.yaml"]),
    ("fine-tunes:\n  - name: a\n", 1, ["unknown key 'fine-tunes'"], ["did you mean 'fine_tunes'"]),
    ("version: 2\nfine_tunes: []\n", 1, ["unsupported registry version"], ["version: 1"]),
    ("just text\n", 1, ["must be a mapping"], ["fine_tunes:"]),
    ("fine_tunes:\n", 1, ["`fine_tunes:` is empty"], ["indent"]),
    ("fine_tunes:\n  name: a\n  base_model: openai/gpt-4o\n", 1, ["must be a list"], ["- "]),
    ("fine_tune:\n  - name: a\n    base_model: openai/gpt-4o\n", 1, ["holds one fine-tune"], ["fine_tunes"]),
    ("- name: a\n  base_model: openai/gpt-4o\n", 1, ["top level is a list"], ["fine_tunes:"]),
    ("version: 1\n", 1, ["no `fine_tune:` or `fine_tunes:`"], ["fine_tunes:"]),
    ("fine_tune:\n  name: a\n  base_model: openai/gpt-4o\n"
     "fine_tunes:\n  - name: b\n    base_model: openai/gpt-4o\n", 1, ["both"], ["move"]),
]


@pytest.mark.parametrize(("document", "line", "message_words", "fix_words"), TOP_LEVEL)
def test_top_level_shape(tmp_path, document, line, message_words, fix_words):
    problem = only_problem(load(tmp_path, document))
    assert problem.line == line
    assert all(word in problem.message for word in message_words), problem.message
    assert all(word in problem.fix for word in fix_words), problem.fix


def test_wrong_shapes_still_check_the_entries_inside(tmp_path):
    registry = load(tmp_path, "- name: a\n  base_model: gpt-4o\n- name: b\n  base_model: openai/gpt-4o\n")
    assert [p.line for p in registry.problems] == [1, 2]
    assert [ft.name for ft in registry.fine_tunes] == ["b"]


def test_every_problem_is_reported_at_once(tmp_path):
    registry = load(tmp_path, """
        fine_tunes:
          - name: a
            base_model: gpt-4o-mini
            ownr: ml
            notify: "2:alerts"
          - name: b
            base_model: openai/gpt-4o
            rebuild_lead_days: -1
            thresholds: [30, soon]
          - name: a
            base_model: azure/gpt-4o@2024-08-06
            base_deprecation: 2026-02-30
          - name: good
            base_model: azure/gpt-4o@2024-08-06
    """)
    assert [(p.line, p.message.split(" ")[0]) for p in registry.problems] == [
        (3, "base_model"), (4, "unknown"), (5, "notify"), (8, "fine_tunes[1].rebuild_lead_days"),
        (9, "fine_tunes[1].thresholds[1]"), (10, "duplicate"), (12, "fine_tunes[2].base_deprecation"),
    ]
    assert "line 2" in registry.problems[5].message  # the duplicate points at the first one too
    assert [ft.name for ft in registry.fine_tunes] == ["good"]
    assert not registry.ok


def test_problem_reads_as_file_line_message_fix():
    problem = Problem("model-registry.yaml", 12, "unknown key 'ownr'", "did you mean 'owner'?")
    assert str(problem) == "model-registry.yaml:12: unknown key 'ownr' — did you mean 'owner'?"
    assert str(Problem("model-registry.yaml", None, "registry file not found", "create it")) == (
        "model-registry.yaml: registry file not found — create it"
    )


def test_yaml_syntax_error_reports_its_line(tmp_path):
    registry = load(tmp_path, """
        fine_tunes:
          - name: a
            base_model: openai/gpt-4o
            rebuild_cost: $4,000: 2 days
    """)
    problem = only_problem(registry)
    assert problem.line == 4
    assert "YAML syntax error" in problem.message
    assert "quote" in problem.fix
    assert registry.fine_tunes == []


def test_tab_indentation_is_explained(tmp_path):
    problem = only_problem(load(tmp_path, "fine_tunes:\n\t- name: a\n"))
    assert problem.line == 2
    assert "tabs" in problem.fix


def test_unclosed_quote_points_at_where_it_opens(tmp_path):
    problem = only_problem(load(tmp_path, "fine_tunes:\n  - name: 'a\n    base_model: openai/gpt-4o\n"))
    assert "line 2" in problem.message
    assert "quote" in problem.fix


def test_missing_file(tmp_path):
    registry = load_registry(tmp_path / "nope.yaml", KNOWN)
    problem = only_problem(registry)
    assert problem.line is None
    assert "not found" in problem.message
    for word in ("--registry", "FTWATCH_REGISTRY", "model-registry.example.yaml"):
        assert word in problem.fix


def test_unreadable_file(tmp_path):
    (tmp_path / "dir.yaml").mkdir()
    problem = only_problem(load_registry(tmp_path / "dir.yaml", KNOWN))
    assert "cannot read" in problem.message


def test_non_utf8_file(tmp_path):
    (tmp_path / "latin1.yaml").write_bytes("fine_tune:\n  name: caf\xe9\n".encode("latin-1"))
    problem = only_problem(load_registry(tmp_path / "latin1.yaml", KNOWN))
    assert "UTF-8" in problem.fix


def test_yaml_11_lookalikes_stay_strings(tmp_path):
    registry = load(tmp_path, """
        fine_tunes:
          - name: no
            base_model: openai/gpt-4o
            owner: off
            description: 1.10
            rebuild_cost: 2026-03-31
            eval_suite: ~
          - name: 1.10
            base_model: openai/gpt-4o
    """)
    assert registry.ok, registry.problems
    first, second = registry.fine_tunes
    assert (first.name, first.owner, first.description) == ("no", "off", "1.10")
    assert first.rebuild_cost == "2026-03-31"
    assert first.eval_suite is None
    assert second.name == "1.10"


# --- the YAML layer ------------------------------------------------------------------------


def test_lines_follow_paths_and_fall_back_to_the_parent():
    loaded = load_yaml_text("fine_tunes:\n  - name: a\n    notify:\n      - x\n      - y\n", "f.yaml")
    assert loaded.data == {"fine_tunes": [{"name": "a", "notify": ["x", "y"]}]}
    assert loaded.line("fine_tunes", 0, "notify", 1) == 5
    assert loaded.line("fine_tunes", 0, "owner") == 2
    assert loaded.line("fine_tunes", 7) == 1
    assert loaded.line() == 1


def test_anchors_are_followed_and_merge_keys_refused():
    loaded = load_yaml_text("defaults: &d [ml, oncall]\nft:\n  notify: *d\n  <<: {owner: ml}\n", "f.yaml")
    assert loaded.data["ft"] == {"notify": ["ml", "oncall"]}
    assert [(p.line, "merge keys" in p.message) for p in loaded.problems] == [(4, True)]


def test_recursive_alias_is_a_problem_not_a_hang():
    loaded = load_yaml_text("a: &x [1, *x]\n", "f.yaml")
    assert "alias" in loaded.problems[0].message


def test_two_documents_are_a_syntax_error():
    with pytest.raises(YamlFileError) as error:
        load_yaml_text("a: 1\n---\nb: 2\n", "f.yaml")
    assert error.value.problems[0].line == 2
    assert "---" in error.value.problems[0].fix


def test_absurd_nesting_is_a_problem_not_a_crash(tmp_path):
    problem = only_problem(load(tmp_path, "fine_tunes: " + "[" * 2000 + "]" * 2000 + "\n"))
    assert "nested too deeply" in problem.message


def test_suggest():
    assert suggest("ownr", ["owner", "notify"]) == "owner"
    assert suggest("OWNER", ["owner"]) == "owner"
    assert suggest("zzz", ["owner"]) is None


# --- the shipped example and the JSON Schema ---------------------------------------------


def test_example_registry_validates_with_the_real_providers():
    providers = {source.provider for source in all_sources().values()}
    registry = load_registry(DATA / "model-registry.example.yaml", providers)
    assert registry.ok, [str(p) for p in registry.problems]
    assert {ft.base.pinned for ft in registry.fine_tunes} == {
        "ft:gpt-4o-mini-2024-07-18:acme::9xQ2w1", "openai/gpt-4.1-nano-2025-04-14", "azure/gpt-4o@2024-08-06",
        "azure/gpt-4.1-mini@2025-04-14", "openai/davinci-002",
        "bedrock/anthropic.claude-3-haiku-20240307-v1:0", "vertex/gemini-2.5-flash-lite",
    }


class Yaml12Loader(yaml.SafeLoader):
    """Reads like an editor's YAML 1.2 schema: no timestamps, booleans only true/false."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith((":timestamp", ":bool"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def schema_validator() -> Draft202012Validator:
    schema = json.loads((DATA / "model-registry.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_schema_has_an_id_and_describes_every_property():
    schema = json.loads((DATA / "model-registry.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"].endswith("/model-registry.schema.json")
    properties = {**schema["properties"], **schema["$defs"]["fineTune"]["properties"]}
    assert [key for key, spec in properties.items() if not spec.get("description")] == []


def test_example_registry_matches_the_schema():
    text = (DATA / "model-registry.example.yaml").read_text(encoding="utf-8")
    document = yaml.load(text, Loader=Yaml12Loader)
    assert list(schema_validator().iter_errors(document)) == []


SCHEMA_CASES = [
    "fine_tune:\n  name: a\n  base_model: openai/gpt-4o\n  base_deprecation: 2027-01-15\n",
    "fine_tunes:\n  - name: no\n    base_model: ft:gpt-4o-mini-2024-07-18:org::abc\n    notify: ml\n",
    "version: 1\nfine_tunes:\n  - name: a\n    base_model: together/meta-llama/Llama-3.3-70B\n"
    "    thresholds: [30, 7]\n",
    "fine_tunes:\n  - name: a\n    base_model: azure/gpt-4o@2024-08-06\n    rebuild_lead_days: 0\n",
    "fine_tunes:\n  - name: a\n",
    "fine_tunes:\n  - name: a\n    base_model: gpt-4o-mini\n",
    "fine_tunes:\n  - name: a\n    base_model: openai/gpt-4o\n    ownr: x\n",
    "fine_tunes:\n  - name: a\n    base_model: openai/gpt-4o\n    notify: ['2:alerts']\n",
    "fine_tunes:\n  - name: a\n    base_model: openai/gpt-4o\n    thresholds: [0]\n",
    "fine_tunes:\n  - name: a\n    base_model: openai/gpt-4o\n    rebuild_lead_days: -1\n",
    "fine_tunes:\n  - name: ' a'\n    base_model: openai/gpt-4o\n",
    "fine_tunes:\n  - name: a\n    base_model: ft:gpt-4o\n",
    "fine_tunes:\n  - name: a\n    base_model: azure/gpt-4o@\n",
    "fine_tune:\n  name: a\n  base_model: openai/gpt-4o\nfine_tunes: []\n",
    "version: 2\nfine_tunes: []\n",
]


@pytest.mark.parametrize("document", SCHEMA_CASES)
def test_schema_agrees_with_the_loader(tmp_path, document):
    schema_ok = schema_validator().is_valid(yaml.load(document, Loader=Yaml12Loader))
    assert schema_ok == load(tmp_path, document).ok


def test_any_provider_is_accepted_when_none_are_known():
    assert parse_base_model("acme/model-x@2") == BaseRef("acme", "model-x", "2", None, "acme/model-x@2")
    assert isinstance(parse_base_model("model-x"), RefError)
