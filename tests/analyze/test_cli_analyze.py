"""The analysis commands: table, full records, and one attribution a line."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sourcetrace.analyze import analyze
from sourcetrace.analyze.attributions import COMPONENT as ATTRIBUTIONS_COMPONENT
from sourcetrace.analyze.render import attribution_records, render_table
from sourcetrace.cli_analyze import register
from sourcetrace.models import Article


@pytest.fixture
def cli() -> click.Group:
    @click.group()
    def main() -> None:
        """Test group."""

    register(main)
    return main


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(
        "Bridge News\n\nThe mayor said that the bridge would reopen in May.\n", encoding="utf-8"
    )
    return path


def test_cli_attributions_writes_offsets_into_the_raw_file(cli: click.Group, article: Path) -> None:
    result = CliRunner().invoke(cli, ["attributions", "--jsonl", "--raw-text", str(article)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    text = article.read_text(encoding="utf-8")
    assert len(records) == 1
    record = records[0]
    assert record["doc_id"] == "story"
    assert record["field"] == "text"  # a raw text has no headline: offsets into the file
    assert text[record["source"]["start"] : record["source"]["end"]] == "The mayor"
    assert [text[c["start"] : c["end"]] for c in record["cue"]] == ["said"]
    assert record["kind"] == "indirect"
    assert record["parent"] is None


def test_cli_analyze_prints_a_table(cli: click.Group, article: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--raw-text", str(article)])
    assert result.exit_code == 0, result.output
    assert "The mayor" in result.output
    assert "that the bridge would reopen in May" in result.output


def test_cli_analyze_json_holds_roster_and_components(cli: click.Group, article: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--json", "--raw-text", str(article)])
    record = json.loads(result.output)
    assert record["components"][1] == ATTRIBUTIONS_COMPONENT
    assert record["roster"][0]["statements"] == 1


def test_cli_analyze_reports_a_missing_input_and_exits_1(cli: click.Group, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "absent.txt")])
    assert result.exit_code == 1
    assert "input.not-found" in result.output


def test_render_table_numbers_headline_attributions_apart() -> None:
    article = Article.from_paragraphs(
        ("The mayor said that the bridge would reopen in May.",),
        source="story",
        title="A council source calls attention to a 'costly' delay",
    )
    analysis = analyze(article)
    table = render_table(analysis)
    assert "h1" in table and "calls attention" in table
    records = attribution_records(analysis, "story")
    assert [r["field"] for r in records] == ["text", "title"]
