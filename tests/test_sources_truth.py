"""Every provider page copy, parsed by its adapter, states exactly the facts of its truth file.

The truth files restate the hand-made ``.truth.md`` beside each copy; the golden files pin
the whole parse so that any other change in output is seen and reviewed
(``FTWATCH_REGOLD=1 make test`` rewrites them; review the diff before committing).
"""

from __future__ import annotations

import json
import os

import pytest

from tests.truthcheck import TRUTH, check, truth_files

GOLDEN = TRUTH.parent / "golden"


@pytest.mark.parametrize("truth", truth_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_copy_states_the_facts_of_its_truth_file(truth):
    result = check(truth)
    assert not result.missing, "facts not found:\n" + "\n".join(map(str, result.missing))
    assert not result.present_but_absent, f"facts that must not be read: {result.present_but_absent}"
    assert not result.invented, f"dates not stated in the document: {result.invented}"
    if result.count_expected is not None:
        assert len(result.records) == result.count_expected


@pytest.mark.parametrize("truth", truth_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_whole_parse_matches_its_golden_file(truth):
    result = check(truth)
    golden = GOLDEN / truth.parent.name / truth.name
    records = [r.to_json() for r in result.records]
    if os.environ.get("FTWATCH_REGOLD"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n")
    assert golden.exists(), f"no golden file {golden}: run FTWATCH_REGOLD=1 make test and review it"
    assert records == json.loads(golden.read_text())


# Page copies of providers ftwatch has no adapter for (not fine-tuning platforms it covers).
UNCOVERED = {"deepseek", "xai", "models-dev"}


def test_every_page_copy_has_a_truth_file():
    """A copy added to tests/fixtures without transcribed truth would be an untested page."""
    from tests.truthcheck import FIXTURES

    covered = {json.loads(p.read_text())["fixture"] for p in truth_files()}
    copies = {
        str(p.relative_to(FIXTURES))
        for p in FIXTURES.rglob("*")
        if p.is_file() and not p.name.endswith((".truth.md", "PROVENANCE.md", "TRUTH.md"))
        and p.relative_to(FIXTURES).parts[0] not in UNCOVERED
    }
    assert copies - covered == set(), f"page copies without a truth file: {sorted(copies - covered)}"
