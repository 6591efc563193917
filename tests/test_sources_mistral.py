"""Mistral: the docs "Legacy models" table (``mistral``) and the models API (``mistral-api``).

The truth files pin each real copy; these tests pin the traps around them: the table found
inside a large llms-full.txt, relabelled or HTML tables, several ids in one cell, dates that
are not dates, and /v1/models cards built from the OpenAPI document's own examples.
"""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from scraper.health import problems
from sources import get_source
from sources.record import Document
from tests.conftest import fixture_bytes

COPIES = [
    "mistral/models_overview.2024-11-25.md",
    "mistral/models_overview.2025-03-17.md",
    "mistral/models_overview.2025-06-23.md",
    "mistral/models_overview.2025-10-03.md",
    "mistral/models_overview.2026-03-31.mdx",
    "mistral/models_overview.2026-05-28.mdx",
]
LATEST = "mistral/models_overview.2026-05-28.mdx"


def docs(text: str):
    adapter = get_source("mistral")
    return adapter.parse(Document(adapter.url, text.encode()))


def api(body) -> object:
    adapter = get_source("mistral-api")
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return adapter.parse(Document(adapter.url, raw))


def page(relative: str = LATEST) -> str:
    return fixture_bytes(relative).decode()


def by_model(result) -> dict:
    return {r.model: r for r in result.records}


# --- docs table ----------------------------------------------------------------------------


@pytest.mark.parametrize("relative", COPIES)
def test_every_copy_is_healthy(relative):
    adapter = get_source("mistral")
    document = Document(adapter.url, fixture_bytes(relative))
    assert problems(adapter.health, document, adapter.parse(document), None) == []


def test_row_without_id_and_year_2525_are_warned_not_guessed():
    result = docs(page("mistral/models_overview.2025-10-03.md"))
    mamba = by_model(result)["open-codestral-mamba"]
    assert (mamba.retires_on, mamba.retires_on_text, mamba.deprecated_on) == (None, "2525/06/06", None)
    assert any("Mathstral 7B" in w and "without an API id" in w for w in result.warnings)
    assert sum("implausible year 2525" in w for w in result.warnings) == 2
    assert not any("mathstral" in r.model.lower() for r in result.records)


def test_table_is_found_inside_a_large_llms_full_document():
    """llms-full.txt: every docs page in one text, other tables (and fenced ones) around it."""
    other_pages = "\n".join(
        f"# Page {n}\n\nSome prose about `mistral-small-latest` retiring soon.\n\n"
        "| Parameter | Type | Description |\n|---|---|---|\n| `temperature` | float | Sampling. |\n\n"
        "```md\n| Model | API Endpoints | Retirement date |\n|---|---|---|\n| Fake | `fake-model` | 2026/01/01 |\n```\n"
        for n in range(300)
    )
    policy = (
        "# Model lifecycle\n\n| Model type | Notice before retirement |\n|---|---|\n"
        "| Labs / Preview | 1 month |\n| Generally available | 6 months |\n\n"
    )
    big = other_pages + policy + page() + "\n" + other_pages
    assert len(big) > 150_000
    found = docs(big)
    assert found.records == docs(page()).records
    assert "fake-model" not in by_model(found)


def test_page_repeated_in_one_document_gives_each_fact_once():
    assert docs(page() + "\n\n" + page()).records == docs(page()).records


def test_relabelled_and_reordered_id_column_still_parses():
    text = page().replace(
        "| Model               | Weight availability|API Endpoints|Version|Deprecation date|Retirement date|Alternative model|",
        "| Model               | Weight availability|Model ID|Version|Deprecation date|Retirement date|Alternative model|",
    )
    assert "|Model ID|" in text
    assert docs(text).records == docs(page()).records


def test_legacy_table_as_html_in_mdx():
    """The MDX site may render the table as JSX/HTML: same facts."""
    html = """### Legacy models

<table>
<tr><th>Model</th><th>API Endpoints</th><th>Version</th><th>Deprecation date</th><th>Retirement date</th>
<th>Alternative model</th></tr>
<tr><td>Magistral Small 1.2</td><td><code>magistral-small-2509</code></td><td>25.09</td><td> 2026/04/30</td>
<td>2026/07/31</td><td><code>mistral-small-latest</code></td></tr>
<tr><td>Mathstral 7B</td><td></td><td>v0.1</td><td></td><td></td><td><code>magistral-small-latest</code></td></tr>
</table>
"""
    result = docs(html)
    [record] = result.records
    assert (record.model, record.version, record.status) == ("magistral-small-2509", None, "legacy")
    assert (record.deprecated_on, record.retires_on, record.replacement) == ("2026-04-30", "2026-07-31", ("mistral-small-latest",))
    assert any("Mathstral 7B" in w for w in result.warnings)


def test_several_endpoints_in_one_cell_give_one_record_each():
    text = page().replace(
        "| `magistral-small-2509` |", "| `magistral-small-2509` <br/> `magistral-small-latest` via `v1/chat/completions` |"
    )
    records = [r for r in docs(text).records if r.model.startswith("magistral-small")]
    assert [r.model for r in records] == ["magistral-small-2509", "magistral-small-latest"]
    assert {r.retires_on for r in records} == {"2026-07-31"}


def test_tbd_retirement_keeps_the_row_without_a_date():
    text = page().replace("| 25.06| 2026/04/30|2026/07/31|", "| 25.06| 2026/04/30| TBD |")
    result = docs(text)
    record = by_model(result)["mistral-small-2506"]
    assert (record.retires_on, record.retires_on_text, record.deprecated_on) == (None, "TBD", "2026-04-30")
    assert not any("mistral-small-2506" in w for w in result.warnings)


def test_version_column_contradicting_the_id_is_not_carried():
    records = by_model(docs(page("mistral/models_overview.2024-11-25.md")))
    # The page lists mistral-small-2402 as version 24.09 and mistral-large-2407 as 24.02.
    assert records["mistral-small-2402"].version is None
    assert records["mistral-large-2407"].version is None
    # " 2024/11/25" with a leading space is still the legacy (announcement) date.
    assert records["open-mixtral-8x7b"].announced_on == "2024-11-25"


# --- models API ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_card() -> dict:
    """The /v1/models example card of Mistral's own OpenAPI document (a fine-tuned card)."""
    spec = yaml.safe_load(fixture_bytes("mistral/openapi.2026-07-15.yaml"))
    examples = spec["paths"]["/v1/models"]["get"]["responses"]["200"]["content"]["application/json"]["examples"]
    [card] = examples["userExample"]["value"]
    assert card["deprecation"] is None and card["TYPE"] == "fine-tuned"
    return card


def base_card(example: dict, model_id: str, aliases: list[str], deprecation, replacement) -> dict:
    card = {k: v for k, v in copy.deepcopy(example).items() if k not in ("TYPE", "job", "root", "archived")}
    card.update(id=model_id, owned_by="mistralai", aliases=aliases, type="base",
                deprecation=deprecation, deprecation_replacement_model=replacement)
    return card


def test_api_cards_built_from_the_openapi_example(example_card):
    fine_tuned = dict(copy.deepcopy(example_card), id="ft:open-mistral-7b:587a6b29:20240514:7e773925",
                      deprecation="2026-11-30T00:00:00Z", deprecation_replacement_model="ministral-8b-latest")
    base = base_card(example_card, "open-mistral-7b", ["open-mistral-7b-v0.3"], "2026-11-30T00:00:00Z", "ministral-8b-latest")
    active = base_card(example_card, "mistral-medium-2508", ["mistral-medium-latest"], None, None)
    result = api({"object": "list", "data": [base, fine_tuned, active]})
    assert result.warnings == []
    got = {(r.model, r.scope) for r in result.records}
    assert got == {("open-mistral-7b", "inference"), ("open-mistral-7b-v0.3", "inference"),
                   ("open-mistral-7b", "fine-tune-inference")}
    for record in result.records:
        assert (record.provider, record.status, record.version) == ("mistral", "deprecated", None)
        assert (record.retires_on, record.retires_on_text) == ("2026-11-30", "2026-11-30T00:00:00Z")
        assert record.replacement == ("ministral-8b-latest",)
        assert record.source_url == "https://api.mistral.ai/v1/models"


def test_the_openapi_examples_as_served_have_no_deprecations(example_card):
    # The document's example is a bare list of cards, all with deprecation: null.
    result = api([example_card])
    assert (result.records, result.warnings) == ([], [])


def test_alias_with_its_own_card_keeps_its_own_answer(example_card):
    """``mistral-large-latest`` is repointed, not retired: its own card says deprecation null."""
    snapshot = base_card(example_card, "mistral-large-2411", ["mistral-large-latest"], "2026-05-31T00:00:00Z", "mistral-medium-3-5")
    alias = base_card(example_card, "mistral-large-latest", ["mistral-large-2411"], None, None)
    assert [r.model for r in api({"data": [snapshot, alias]}).records] == ["mistral-large-2411"]
    assert [r.model for r in api({"data": [snapshot]}).records] == ["mistral-large-2411", "mistral-large-latest"]


def test_unreadable_deprecation_is_kept_as_text_and_warned(example_card):
    card = base_card(example_card, "open-codestral-mamba", [], "2525-06-06T00:00:00Z", None)
    result = api({"data": [card]})
    [record] = result.records
    assert (record.retires_on, record.retires_on_text, record.replacement) == (None, "2525-06-06T00:00:00Z", ())
    assert any("implausible year 2525" in w for w in result.warnings)


@pytest.mark.parametrize(
    "body",
    [fixture_bytes("mistral/openapi.2026-07-15.yaml"), b"<html>Sign in</html>", {"detail": "Unauthorized"}, {"data": "none"}],
    ids=["openapi-yaml", "html", "error-object", "data-not-a-list"],
)
def test_a_body_that_is_not_a_model_list_reads_nothing_and_says_so(body):
    result = api(body)
    assert result.records == [] and len(result.warnings) == 1


def test_api_health_flags_a_response_without_cards():
    adapter = get_source("mistral-api")
    document = Document(adapter.url, b'{"detail": "Unauthorized"}')
    assert problems(adapter.health, document, adapter.parse(document), None)


def test_keyed_api_source_is_off_by_default_and_needs_its_key(workspace, httpserver, example_card, monkeypatch):
    """mistral-api needs MISTRAL_API_KEY: off unless enabled, a clear failure without the key,
    and with it an Authorization header that never shows up in output or the store."""
    import json as _json

    key = "sk-test-9f8e7d6c"
    body = _json.dumps({"object": "list", "data": [
        base_card(example_card, "open-mistral-7b", [], "2026-11-30T00:00:00Z", "ministral-8b-latest")]})
    httpserver.expect_request("/v1/models", headers={"Authorization": f"Bearer {key}"}).respond_with_data(
        body, content_type="application/json")
    workspace.registry("fine_tunes: []\n")
    config = workspace.settings({"mistral-api": httpserver.url_for("/v1/models")})
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    assert "mistral-api" not in workspace.run("poll").output, "a keyed source is off until enabled"
    config.write_text(config.read_text().replace("/v1/models'}", "/v1/models', enabled: true}"))

    listing = workspace.run("sources")
    assert any(l.startswith("mistral-api") and " yes " in l for l in listing.output.splitlines())
    failed = workspace.run("poll")
    assert failed.exit_code == 1 and "needs MISTRAL_API_KEY in the environment" in failed.output

    monkeypatch.setenv("MISTRAL_API_KEY", key)
    ok = workspace.run("poll")
    assert ok.exit_code == 0, ok.output
    assert "mistral-api  fetched" in ok.output
    assert key not in ok.output and key.encode() not in workspace.db.read_bytes()
