"""From a registry pin to the facts: per provider, through normalisation and aliases."""

from __future__ import annotations

import pytest

from scraper.match import Matcher, Pin, exposures, is_floating, normalize_id, operative
from sources.record import Retirement


def fact(provider, model, retires_on, version=None, scope="inference", **kw):
    return Retirement(provider=provider, model=model, version=version, retires_on=retires_on, scope=scope, **kw)


@pytest.mark.parametrize("written, normal", [
    ("GPT-4o", "gpt-4o"),
    ("`gpt-4o-mini`", "gpt-4o-mini"),
    ("gpt\u20114o\u20112024\u201108\u201106", "gpt-4o-2024-08-06"),
    ("models/gemini-2.0-flash-001", "gemini-2.0-flash-001"),
    ("publishers/google/models/gemini-2.0-flash-001", "gemini-2.0-flash-001"),
    ("anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1"),
    ("model router", "model-router"),
    ("gpt-4.1*", "gpt-4.1"),
])
def test_ids_are_normalised(written, normal):
    assert normalize_id(written) == normal


def test_matching_is_per_provider_and_per_version():
    facts = [("azure", True, fact("azure", "gpt-4o", "2026-03-31", "2024-08-06")),
             ("azure", True, fact("azure", "gpt-4o", "2026-06-05", "2024-11-20")),
             ("openai", True, fact("openai", "gpt-4o-2024-08-06", "2026-10-23"))]
    matcher = Matcher(facts)
    assert [r.retires_on for _, _, r in matcher.facts_for(Pin("azure", "gpt-4o", "2024-11-20"), "inference")] == ["2026-06-05"]
    assert [r.retires_on for _, _, r in matcher.facts_for(Pin("openai", "gpt-4o-2024-08-06"), "inference")] == ["2026-10-23"]
    assert matcher.facts_for(Pin("azure", "gpt-4o-2024-08-06"), "inference")[0][2].retires_on == "2026-03-31"


def test_azure_spellings_and_configured_aliases():
    facts = [("azure", True, fact("azure", "gpt-35-turbo", "2025-09-01", "0125")),
             ("acme", True, fact("acme", "acme-chat-2", "2027-01-01"))]
    matcher = Matcher(facts, aliases={"acme": {"chat-latest-pinned": "acme-chat-2"}})
    assert matcher.facts_for(Pin("azure", "gpt-3.5-turbo", "0125"), "inference")
    assert matcher.facts_for(Pin("acme", "chat-latest-pinned"), "inference")
    assert not matcher.facts_for(Pin("openai", "gpt-35-turbo", "0125"), "inference"), "aliases are per provider"


def test_bedrock_throughput_suffix_does_not_split_a_model():
    matcher = Matcher([("bedrock", True, fact("bedrock", "anthropic.claude-3-haiku-20240307-v1:0", "2026-09-10"))])
    assert matcher.known(Pin("bedrock", "anthropic.claude-3-haiku-20240307-v1:0"))


def test_operative_fact_prefers_the_providers_own_and_latest_announcement():
    own = ("azure", True, fact("azure", "gpt-4o", "2026-03-31", "2024-08-06"))
    copy = ("azure-foundry", True, fact("azure", "gpt-4o", "2025-08-06", "2024-08-06"))
    assert operative([copy, own], "azure") is own
    old = ("openai", True, fact("openai", "gpt-4-0314", "2024-06-13", announced_on="2023-06-13", not_before=True))
    new = ("openai", True, fact("openai", "gpt-4-0314", "2026-03-26", announced_on="2025-09-26"))
    assert operative([old, new], "openai") is new


def test_azure_relative_fine_tune_dates_are_derived_and_explained():
    facts = [("azure", True, fact("azure", "gpt-4o", "2026-03-31", "2024-08-06")),
             ("azure", True, fact("azure", "gpt-4o", None, "2024-08-06", scope="fine-tune-training",
                                  retires_on_text="At base model retirement")),
             ("azure", True, fact("azure", "gpt-4o", None, "2024-08-06", scope="fine-tune-inference",
                                  retires_on_text="One year after training retirement"))]
    found = exposures(Matcher(facts), Pin("azure", "gpt-4o", "2024-08-06"))
    assert found["fine-tune-training"].retires_on == "2026-03-31"
    assert found["inference"].retires_on == "2027-03-31"
    assert "One year after training retirement" in found["inference"].derived_from


def test_training_ends_at_the_earliest_cutoff_including_provider_wide_ones():
    facts = [("openai", True, fact("openai", "*", "2027-01-06", scope="fine-tune-training")),
             ("openai", True, fact("openai", "davinci-002", "2024-10-28", scope="fine-tune-training"))]
    matcher = Matcher(facts)
    assert exposures(matcher, Pin("openai", "davinci-002"))["fine-tune-training"].retires_on == "2024-10-28"
    assert exposures(matcher, Pin("openai", "gpt-4.1-nano-2025-04-14"))["fine-tune-training"].retires_on == "2027-01-06"


@pytest.mark.parametrize("pin, floating", [
    (Pin("openai", "gpt-4o"), True),
    (Pin("openai", "gpt-4o-2024-08-06"), False),
    (Pin("openai", "davinci-002"), False),
    (Pin("openai", "chatgpt-4o-latest"), True),
    (Pin("azure", "gpt-4o"), True),
    (Pin("azure", "gpt-4o", "2024-08-06"), False),
    (Pin("vertex", "gemini-2.0-flash"), True),
    (Pin("vertex", "gemini-2.0-flash-001"), False),
    (Pin("mistral", "mistral-large-latest"), True),
    (Pin("bedrock", "anthropic.claude-3-haiku-20240307-v1:0"), False),
])
def test_floating_aliases_are_recognised(pin, floating):
    assert is_floating(pin) is floating


def test_status_warns_about_a_floating_pin_and_base_unknown_is_said_once(workspace, httpserver, receiver):
    from tests.conftest import PAGES, serve_pages

    workspace.settings(serve_pages(httpserver, {"openai": PAGES["openai"]}))
    workspace.registry("fine_tunes:\n  - {name: f, base_model: openai/gpt-4o, owner: o}\n"
                       "  - {name: typo, base_model: openai/gpt-4o-mini-2099-01-01, owner: o}\n")
    env = {"APPRISE_URLS": receiver.url}
    workspace.run("poll", "--now", "2026-07-01", env=env)
    workspace.run("poll", "--now", "2026-07-02", env=env)
    unknown = [p for p in receiver.posts if "typo: no source knows its base" in p["message"]]
    assert len(unknown) == 1
    status = workspace.run("status", "--now", "2026-07-02")
    assert "f pins openai/gpt-4o, a floating alias" in status.output


def test_a_fine_tune_fact_without_a_successor_borrows_the_bases():
    facts = [("azure", True, fact("azure", "gpt-4o", "2026-03-31", "2024-08-06", replacement=("gpt-5.1",))),
             ("azure", True, fact("azure", "gpt-4o", None, "2024-08-06", scope="fine-tune-inference",
                                  retires_on_text="One year after training retirement")),
             ("azure", True, fact("azure", "gpt-4o", None, "2024-08-06", scope="fine-tune-training",
                                  retires_on_text="At base model retirement"))]
    found = exposures(Matcher(facts), Pin("azure", "gpt-4o", "2024-08-06"))
    assert found["inference"].replacement == ("gpt-5.1",)
