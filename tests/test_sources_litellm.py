"""LiteLLM model map: a cross-check that must never pass for a provider's own statement."""

from __future__ import annotations

import json
import time

from scraper.health import problems
from sources import get_source
from sources.record import Document
from tests.conftest import fixture_bytes

COPY = "litellm/model_prices_and_context_window.2026-07-24.json"


def parse_body(body: bytes | str):
    adapter = get_source("litellm")
    return adapter.parse(Document(adapter.url, body if isinstance(body, bytes) else body.encode()))


def test_every_record_is_litellms_word_keyed_as_litellm_writes_it():
    data = json.loads(fixture_bytes(COPY))
    records = parse_body(fixture_bytes(COPY)).records
    assert {r.provider for r in records} == {"litellm"}
    for record in records:
        entry = data[record.model]  # the key exactly as written
        assert record.retires_on_text == entry["deprecation_date"]
        assert record.region == entry["litellm_provider"]
        assert record.replacement == () and record.announced_on is None


def test_an_unreadable_date_is_kept_as_written_with_a_warning():
    body = {
        "bad/model": {"litellm_provider": "azure", "deprecation_date": "2026-09-31"},
        "words/model": {"litellm_provider": "azure", "deprecation_date": "TBD"},
        "good/model": {"deprecation_date": "2026-10-01"},
    }
    result = parse_body(json.dumps(body))
    models = {r.model: r for r in result.records}
    assert (models["bad/model"].retires_on, models["bad/model"].retires_on_text) == (None, "2026-09-31")
    assert (models["words/model"].retires_on, models["words/model"].retires_on_text) == (None, "TBD")
    assert models["good/model"].region is None  # no litellm_provider: nothing to map from
    assert len(result.warnings) == 2


def test_the_schema_entry_and_non_model_keys_are_not_models():
    body = {
        "sample_spec": {"deprecation_date": "date when the model becomes deprecated in the format YYYY-MM-DD",
                        "litellm_provider": "one of https://docs.litellm.ai/docs/providers"},
        "last_updated": "2026-07-24T18:23:43.215560+00:00",
        "m": {"litellm_provider": "openai", "deprecation_date": "2026-01-01"},
    }
    result = parse_body(json.dumps(body))
    assert [r.model for r in result.records] == ["m"] and result.warnings == []


def test_a_body_that_is_not_the_map_gives_no_records_and_a_warning():
    for body in (b"404: Not Found", b"[]", b'{"m": {"deprecation_date": '):
        result = parse_body(body)
        assert result.records == [] and result.warnings


def test_the_real_copy_is_healthy_and_parses_fast():
    adapter = get_source("litellm")
    document = Document(adapter.url, fixture_bytes(COPY))
    started = time.perf_counter()
    result = adapter.parse(document)
    assert time.perf_counter() - started < 2.0  # 1.5 MB; about 15 ms on a laptop
    assert problems(adapter.health, document, result, last_good_rows=len(result.records)) == []
