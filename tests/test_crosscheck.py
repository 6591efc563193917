"""LiteLLM as a second opinion: mapped to the provider's pin, shown when it disagrees, never alerted on."""

from __future__ import annotations

import json

from scraper.crosscheck import litellm_dates, second_opinion
from scraper.match import Matcher, Pin
from tests.conftest import PAGES, fixture_bytes
from tests.truthcheck import parse_fixture


def facts():
    _, litellm = parse_fixture("litellm", "litellm/model_prices_and_context_window.2026-07-24.json")
    _, azure = parse_fixture("azure", PAGES["azure"])
    return [("litellm", True, r) for r in litellm.records] + [("azure", True, r) for r in azure.records]


def test_litellm_keys_map_to_provider_pins():
    all_facts = facts()
    dates = litellm_dates(all_facts)
    matcher = Matcher(all_facts)
    assert second_opinion(dates, matcher, Pin("azure", "gpt-4o", "2024-08-06")) == "2026-02-27"
    assert second_opinion(dates, matcher, Pin("azure", "gpt-35-turbo", "0125")) is not None
    assert second_opinion(dates, matcher, Pin("azure", "no-such-model", "1")) is None


def test_status_notes_a_disagreement_but_follows_the_provider(workspace, httpserver):
    httpserver.expect_request("/azure").respond_with_data(fixture_bytes(PAGES["azure"]))
    httpserver.expect_request("/litellm").respond_with_data(
        fixture_bytes("litellm/model_prices_and_context_window.2026-07-24.json"), content_type="application/json")
    workspace.settings({"azure": httpserver.url_for("/azure"), "litellm": httpserver.url_for("/litellm")})
    workspace.registry("fine_tune:\n  name: contracts\n  base_model: azure/gpt-4o@2024-08-06\n")
    assert workspace.run("poll", "--now", "2026-01-01").exit_code == 0
    result = workspace.run("status", "--now", "2026-01-01")
    assert "LiteLLM's map says 2026-02-27" in result.output
    row = json.loads(workspace.run("status", "--now", "2026-01-01", "--json").stdout)["fine_tunes"][0]
    assert row["litellm"] == "2026-02-27" and row["retires_on"] == "2027-03-31"
