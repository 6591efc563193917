"""OpenRouter models API: expiration dates, and bodies that are not what we expect."""

from __future__ import annotations

import json

import pytest

from scraper.health import problems
from sources import get_source
from sources.record import Document
from tests.conftest import fixture_bytes

COPY = "openrouter/api-v1-models.2026-05-15.json"


def parse_body(body: bytes | str):
    adapter = get_source("openrouter")
    return adapter.parse(Document(adapter.url, body if isinstance(body, bytes) else body.encode()))


def api(*models: dict) -> str:
    return json.dumps({"data": list(models)})


@pytest.mark.parametrize("body", [
    b"<!DOCTYPE html><html><body>Cloudflare: checking your browser</body></html>",
    b"",
    b'{"error": {"code": 429, "message": "Rate limit exceeded"}}',
    b'{"data": "maintenance"}',
    b"[1, 2, 3]",
    b'{"data": [',
])
def test_a_body_that_is_not_the_models_list_gives_no_records_and_a_warning(body):
    result = parse_body(body)
    assert result.records == []
    assert result.warnings


def test_the_camel_case_field_of_some_clients_is_read():
    model = {"id": "a/b", "canonical_slug": "a/b", "expirationDate": "2026-07-01"}
    (record,) = parse_body(api(model)).records
    assert (record.model, record.retires_on, record.status) == ("a/b", "2026-07-01", "deprecated")


def test_a_date_with_a_time_keeps_its_day():
    (record,) = parse_body(api({"id": "a/b", "expiration_date": "2026-05-15T00:00:00Z"})).records
    assert (record.retires_on, record.retires_on_text) == ("2026-05-15", "2026-05-15T00:00:00Z")


def test_an_impossible_date_is_kept_as_written_with_a_warning():
    result = parse_body(api({"id": "a/b", "expiration_date": "2026-02-30"}))
    (record,) = result.records
    assert (record.retires_on, record.retires_on_text) == (None, "2026-02-30")
    assert any("a/b" in w and "2026-02-30" in w for w in result.warnings)


def test_broken_entries_are_skipped_and_the_rest_still_read():
    no_id = {"expiration_date": "2026-06-01"}
    result = parse_body(api("not a model", no_id, {"id": "c/d", "expiration_date": "2026-06-01"}))
    assert [r.model for r in result.records] == ["c/d"]
    assert len(result.warnings) == 2


def test_the_canonical_slug_gets_its_own_record_only_when_it_differs():
    records = parse_body(fixture_bytes(COPY)).records
    grok4 = sorted(r.model for r in records if r.model.startswith("x-ai/grok-4") and "fast" not in r.model)
    assert grok4 == ["x-ai/grok-4", "x-ai/grok-4-07-09"]
    assert len(records) == len({r.model for r in records}) == 12


def test_no_model_expiring_is_healthy_not_a_broken_source():
    """Dated models drop off the list once expired: zero rows after twelve is normal."""
    data = json.loads(fixture_bytes(COPY))
    for model in data["data"]:
        model["expiration_date"] = None
    body = json.dumps(data).encode()
    adapter = get_source("openrouter")
    document = Document(adapter.url, body)
    result = adapter.parse(document)
    assert result.records == [] and result.warnings == []
    assert problems(adapter.health, document, result, last_good_rows=12) == []


def test_an_error_body_marks_the_source_broken():
    adapter = get_source("openrouter")
    document = Document(adapter.url, b'{"error": {"code": 502, "message": "Bad gateway"}}')
    assert problems(adapter.health, document, adapter.parse(document), last_good_rows=12)
