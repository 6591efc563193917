"""One table reader for Markdown and HTML: columns by meaning, cells with their markup."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from sources.cells import model_ids, replacements, retirement_date
from sources.tables import Heading, Table, column_role, html_blocks, includes, markdown_blocks, splice_includes, tables


@pytest.mark.parametrize(
    "header, role",
    [
        ("Shutdown date", "retires"),
        ("Retirement Date", "retires"),
        ("Retirement date (UTC)", "retires"),
        ("EOL date", "retires"),
        ("Removal date", "retires"),
        ("Deprecation Date (No New Customers)", "deprecated"),
        ("Deprecation date (UTC)", "deprecated"),
        ("Legacy date (UTC)", "legacy"),
        ("Model / system", "model"),
        ("Model snapshot", "model"),
        ("Deprecated model", "model"),
        ("Legacy model", "model"),
        ("API Endpoints", "model"),
        ("Model Name", "model"),
        ("Model Version<sup>1</sup>", "version"),
        ("Recommended replacement", "replacement"),
        ("Recommended replacement base model", "replacement"),
        ("Substitute model", "replacement"),
        ("Replacement Model", "replacement"),
        ("Suggested replacement model", "replacement"),
        ("Alternative model", "replacement"),
        ("Deprecated model price", "price"),
        ("Training retirement date", "training_retires"),
        ("Deployment retirement date", "deployment_retires"),
        ("Lifecycle Status", "status"),
        ("Default upgrade date", "date"),
        ("Update", "update"),
    ],
)
def test_columns_are_found_by_what_their_header_means(header, role):
    assert column_role(header) == role


DOC = """---
title: front matter is skipped
---
# Deprecations

## Upcoming

### 2026-04-22: Legacy snapshots

Access will be shut down on the dates below.

| Shutdown date | Model snapshot | Substitute model |
| --- | :--- | ---: |
| 2026-07-23 | `computer-use-preview-2025-03-11` \\| `computer-use-preview` | `gpt-5.4-mini` |
| 2026-10-23 | `gpt-4`<br>`gpt-4-32k` | `gpt-5` or `gpt-4.1*` |
| 2026-10-23 | short row |

| babbage-002 | | January 27, 2025 |
"""


def test_markdown_table_keeps_headings_intro_cells_and_continuations():
    blocks = markdown_blocks(DOC)
    assert [b.text for b in blocks if isinstance(b, Heading)] == ["Deprecations", "Upcoming", "2026-04-22: Legacy snapshots"]
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.headings == ("Deprecations", "Upcoming", "2026-04-22: Legacy snapshots")
    assert table.intro == "Access will be shut down on the dates below."
    rows = table.records()
    assert len(rows) == 4  # the headerless block after a blank line continues the table
    assert model_ids(rows[0]["model"]) == ["computer-use-preview-2025-03-11", "computer-use-preview"]
    assert model_ids(rows[1]["model"]) == ["gpt-4", "gpt-4-32k"]
    assert replacements(rows[1]["replacement"]) == ("gpt-5", "gpt-4.1")
    assert rows[2]["replacement"].text == ""  # short rows are padded
    assert [c.text for c in table.rows[3]] == ["babbage-002", "", "January 27, 2025"]


def test_html_tables_read_the_same_way_with_spans():
    html = """<html><body><h2>Legacy models</h2><p>These retire soon.</p>
    <table><tr><th>Model</th><th>Region</th><th>EOL date</th></tr>
    <tr><td rowspan="2"><code>anthropic.claude-v2</code></td><td>us-east-1</td><td>August 25, 2025</td></tr>
    <tr><td>eu-west-1</td><td>September 1, 2025</td></tr></table></body></html>"""
    table = next(b for b in html_blocks(html) if isinstance(b, Table))
    assert table.headings == ("Legacy models",)
    assert table.intro == "These retire soon."
    rows = table.records()
    assert [(r["model"].text, r["region"].text, r["retires"].text) for r in rows] == [
        ("anthropic.claude-v2", "us-east-1", "August 25, 2025"),
        ("anthropic.claude-v2", "eu-west-1", "September 1, 2025"),
    ]


def test_markdown_with_an_embedded_html_table():
    doc = "## Models\n\n<table><tr><th>Model ID</th><th>Shutdown date</th></tr>\n<tr><td>x-1</td><td>2026-01-01</td></tr></table>\n"
    assert [[c.text for c in r] for r in tables(doc)[0].rows] == [["x-1", "2026-01-01"]]


def test_setext_headings_from_html_to_markdown_copies():
    blocks = markdown_blocks("Model status\n============\n\nSome text\n\nHistory\n-------\n")
    assert [(b.level, b.text) for b in blocks if isinstance(b, Heading)] == [(1, "Model status"), (2, "History")]


def test_retirement_cell_prefers_the_labelled_date_over_an_upgrade_date():
    from sources.tables import markdown_cell

    cell = markdown_cell("To be upgraded to **`gpt-4o` version: `2024-11-20`**, starting no sooner than April 17, 2025 "
                         "**<sup>1</sup>** <br>Retirement date: May 1, 2025")
    retires, deprecation = retirement_date(cell)
    assert (retires.iso, retires.text, deprecation) == ("2025-05-01", "Retirement date: May 1, 2025", None)
    both = markdown_cell("**Deprecation:** October 1, 2024 <br> **Retirement:** June 6, 2025")
    retires, deprecation = retirement_date(both)
    assert (retires.iso, deprecation.iso) == ("2025-06-06", "2024-10-01")
    upgrade_only = markdown_cell("To be upgraded to `gpt-4` Version: `turbo-2024-04-09`, starting on August 15, 2024, or later")
    assert retirement_date(upgrade_only)[0].iso is None


def test_includes_are_found_and_spliced():
    text = "Intro\n\n[!INCLUDE [Model retirement table](../includes/retirement/models.md)]\n"
    assert includes(text) == ["../includes/retirement/models.md"]
    spliced = splice_includes(text, {"../includes/retirement/models.md": "---\nms.date: x\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n"})
    assert "| 1 | 2 |" in spliced and "ms.date" not in spliced


_CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12).map(
    lambda s: " ".join(s.replace("|", "/").replace("`", "").replace("<", "").replace(">", "").replace("\\", "").split())
).filter(lambda s: s and s.strip("*_-:[]()#!&;=") == s and s.strip() != "")


@given(st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=6))
def test_markdown_and_html_renderings_of_a_table_read_the_same(rows):
    header = ["Model", "Shutdown date", "Recommended replacement"]
    md = "| " + " | ".join(header) + " |\n|---|---|---|\n" + "".join("| " + " | ".join(r) + " |\n" for r in rows)
    from html import escape

    html = "<html><body><table><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>" + "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows) + "</table></body></html>"
    from_md = [[c.text for c in r] for r in tables(md)[0].rows]
    from_html = [[c.text for c in r] for r in tables(html)[0].rows]
    assert from_md == from_html


def test_more_header_meanings_and_escapes():
    from sources.tables import markdown_cell

    assert column_role("Model provider") == "provider"
    assert column_role("Recommended model ID") == "replacement"
    assert column_role("Supported by on-demand dedicated endpoints") is None
    assert markdown_cell(r"Command R\+").text == "Command R+"
    assert markdown_cell(r"`o1` \| `o1-2024-12-17`").code == ("o1", "o1-2024-12-17")
