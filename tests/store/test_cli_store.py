"""The store commands: ingest, search, who, export, reanalyze, with --db and --json."""

from __future__ import annotations

import json

import click
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sourcetrace.cli_store import register
from tests.store.news import PAGES, write_pages


@pytest.fixture
def cli():
    group = click.Group()
    register(group)
    return group


@pytest.fixture
def ingested(cli, db_url, tmp_path):
    write_pages(tmp_path / "in", PAGES)
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", db_url])
    assert result.exit_code == 0, result.output
    return db_url


def test_ingest_prints_a_summary_and_exits_1_on_failures(cli, db_url, tmp_path):
    write_pages(tmp_path / "in", {"ferry.html": PAGES["ferry.html"]})
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(tmp_path / "in"), "nope.html", "--db", db_url])
    assert result.exit_code == 1
    assert "error [input.not-found] nope.html" in result.stderr
    assert "1 stored, 0 skipped, 1 failed" in result.stderr
    again = runner.invoke(cli, ["ingest", str(tmp_path / "in"), "--db", db_url, "--json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["skipped"] == 1


def test_the_db_comes_from_the_environment(cli, db_url, tmp_path, monkeypatch):
    write_pages(tmp_path / "in", {"ferry.html": PAGES["ferry.html"]})
    monkeypatch.setenv("SOURCETRACE_DB", db_url)
    assert CliRunner().invoke(cli, ["ingest", str(tmp_path / "in")]).exit_code == 0
    result = CliRunner().invoke(cli, ["who", "Brandt", "--json"])
    assert json.loads(result.stdout)[0]["outlet"] == "Island Radio"


def test_search_and_who_print_text_and_json(cli, ingested):
    runner = CliRunner()
    text = runner.invoke(cli, ["search", "ferry", "timetable", "--db", ingested])
    assert text.exit_code == 0 and "Island Radio" in text.stdout
    hits = json.loads(runner.invoke(cli, ["search", "library", "--json", "--db", ingested]).stdout)
    assert hits[0]["kind"] == "article" and hits[0]["title"].startswith("Lindqvist")
    who = runner.invoke(cli, ["who", "Mara Voss", "--db", ingested])
    assert who.stdout.index("Island Radio") < who.stdout.index("Ellery Evening Post")
    summary = runner.invoke(cli, ["who", "--db", ingested])
    assert "statements" in summary.stdout and "Mara Voss" in summary.stdout
    none = runner.invoke(cli, ["who", "Nobody Atall", "--db", ingested])
    assert none.exit_code == 0 and "nothing attributed" in none.stderr


def test_export_writes_each_format_to_a_file(cli, ingested, tmp_path):
    runner = CliRunner()
    out = tmp_path / "a.parquet"
    result = runner.invoke(
        cli, ["export", "--format", "parquet", "--out", str(out), "--db", ingested]
    )
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).num_rows > 0
    jsonl = runner.invoke(
        cli, ["export", "--format", "jsonl", "--table", "articles", "--db", ingested]
    )
    assert len(jsonl.stdout.splitlines()) == 4


def test_reanalyze_with_nothing_stale_does_nothing(cli, ingested):
    result = CliRunner().invoke(cli, ["reanalyze", "--db", ingested])
    assert result.exit_code == 0 and "0 reanalysed" in result.stderr


def test_a_bad_store_is_one_coded_line_and_exit_4(cli):
    result = CliRunner().invoke(cli, ["who", "x", "--db", "mysql://nobody@nowhere/db"])
    assert result.exit_code == 4
    assert result.stderr.startswith("error [store.unavailable]")


@pytest.mark.parametrize("command", ["ingest", "search", "who", "export", "reanalyze"])
def test_every_command_has_examples_in_its_help(cli, command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.stdout
