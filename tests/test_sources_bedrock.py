"""Bedrock lifecycle page traps the truth file does not pin: the 2024-25 HTML table with Regions
inside date cells, tight and loose bullet lists, moved columns, and dates that cannot be read."""

from __future__ import annotations

from functools import partial

from tests.conftest import fixture_bytes
from tests.truthcheck import parse_text

COPY = "bedrock/model-lifecycle-legacy.approx-2026-10.md"

# The 2024-25 shape (reconstructed from the layout third-party scrapers describe): rowspans,
# "(Region)" after dates, the replacement's id in "Recommended model ID".
OLD_LAYOUT = """# Model lifecycle

## Legacy versions

<table>
<tr><th>Model version</th><th>Legacy date</th><th>Public extended access date</th><th>EOL date</th>
<th>Recommended model version replacement</th><th>Recommended model ID</th></tr>
<tr><td rowspan="2">Claude 3.5 Sonnet v1</td><td>August 25, 2025 (us-east-1)</td><td>December 1, 2025</td>
<td>March 1, 2026 (us-east-1)</td><td rowspan="2">Claude Sonnet 4.5</td>
<td rowspan="2">anthropic.claude-sonnet-4-5-20250929-v1:0</td></tr>
<tr><td>January 30, 2026 (us-gov-east-1 Regions)</td><td>April 30, 2026</td>
<td>July 30, 2026 (us-gov-east-1 Regions)</td></tr>
<tr><td>Titan Image Generator G1 v2</td><td>April 30, 2025</td><td>—</td><td>April, 30, 2026</td>
<td>Nova Canvas</td><td>amazon.nova-canvas-v1:0</td></tr>
</table>

## EOL versions

<table>
<tr><th>Model version</th><th>Legacy date</th><th>EOL date</th><th>Recommended model version replacement</th>
<th>Recommended model ID</th></tr>
<tr><td>Claude v1.3</td><td>November 28, 2023</td><td>February 28, 2024</td><td>Claude v2.1</td>
<td>anthropic.claude-v2:1</td></tr>
</table>
"""


parse = partial(parse_text, "bedrock", url="https://example.test/bedrock.md")


def summary(records):
    return [(r.model, r.scope, r.status, r.region, r.deprecated_on, r.retires_on) for r in records]


def test_old_html_layout_splits_rows_by_the_region_written_after_each_date():
    result = parse(OLD_LAYOUT)
    sonnet = [r for r in result.records if r.model == "Claude 3.5 Sonnet v1"]
    assert summary(sonnet) == [
        ("Claude 3.5 Sonnet v1", "inference", "legacy", "us-east-1", "2025-08-25", "2026-03-01"),
        ("Claude 3.5 Sonnet v1", "fine-tune-training", "legacy", "us-east-1", None, "2025-08-25"),
        ("Claude 3.5 Sonnet v1", "inference", "legacy", "us-gov-east-1", "2026-01-30", "2026-07-30"),
        ("Claude 3.5 Sonnet v1", "fine-tune-training", "legacy", "us-gov-east-1", None, "2026-01-30"),
    ]
    # "Recommended model ID" is the replacement's id, never the model's.
    assert {r.replacement for r in sonnet} == {("anthropic.claude-sonnet-4-5-20250929-v1:0",)}
    assert sonnet[0].retires_on_text == "March 1, 2026"
    old = [r for r in result.records if r.model == "Claude v1.3"]
    assert {r.status for r in old} == {"retired"} and old[0].retires_on == "2024-02-28"


def test_unreadable_eol_date_is_kept_as_written_and_reported():
    result = parse(OLD_LAYOUT)
    titan = next(r for r in result.records if r.model.startswith("Titan Image") and r.scope == "inference")
    assert titan.retires_on is None and titan.retires_on_text == "April, 30, 2026"
    assert titan.deprecated_on == "2025-04-30"
    assert any("Titan Image Generator G1 v2" in w and "April, 30, 2026" in w for w in result.warnings)


def test_tight_and_loose_bullet_lists_give_the_same_records():
    page = fixture_bytes(COPY).decode()
    head, tail = page.split("**Models that have reached EOL**")
    bullets, rest = tail.split("The public extended access date indicates", 1)
    tight = bullets.replace("\n\n- **", "\n- **")  # no blank line between models
    loose = bullets.replace("\n  - **", "\n\n  - **")  # a blank line between every field
    expected = summary(parse(page).records)
    for variant in (tight, loose):
        label, after = "**Models that have reached EOL**", "The public extended access date indicates"
        text = f"{head}{label}{variant}{after}{rest}"
        assert summary(parse(text).records) == expected


def test_moved_columns_and_end_of_life_header_still_parse():
    page = fixture_bytes(COPY).decode()
    lines = page.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| Model provider | Model name |"))
    moved = []
    for line in lines[start : start + 8]:  # header, separator and the six rows
        cells = line.strip("|").split("|")
        moved.append("|" + "|".join(cells[i] for i in (2, 5, 4, 3, 0, 1, 6)) + "|")
    assert " EOL date " in moved[0]
    moved[0] = moved[0].replace("EOL date", "End-of-life date")
    changed = "\n".join(lines[:start] + moved + lines[start + 8 :])
    assert summary(parse(changed).records) == summary(parse(page).records)


def test_no_date_eol_keeps_the_record_without_a_date():
    page = fixture_bytes(COPY).decode()
    page = page.replace("| May 29, 2026 | November 30, 2026 |", "| May 29, 2026 | TBD |")
    marengo = [r for r in parse(page).records if r.model == "twelvelabs.marengo-embed-2-7-v1:0"]
    inference = next(r for r in marengo if r.scope == "inference")
    assert (inference.retires_on, inference.retires_on_text) == (None, "TBD")
    assert inference.deprecated_on == "2026-05-29" and inference.status == "legacy"
    assert next(r for r in marengo if r.scope == "fine-tune-training").retires_on == "2026-05-29"
