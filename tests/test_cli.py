"""The command line: JSON for one input, JSON Lines for many, one coded line per failure."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner

import sourcetrace.cli
import sourcetrace.pipeline
from sourcetrace.cli import main
from tests.pages import (
    HARBOUR,
    HARBOUR_TITLE,
    LIBRARY,
    LIBRARY_TITLE,
    MARKET,
    MARKET_TITLE,
    html_page,
    text_page,
)

ENTRY_POINT = Path(sys.executable).parent / "sourcetrace"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def harbour(tmp_path):
    path = tmp_path / "harbour.html"
    path.write_text(html_page(HARBOUR_TITLE, HARBOUR), encoding="utf-8")
    return path


@pytest.fixture
def library(tmp_path):
    path = tmp_path / "library.txt"
    path.write_text(text_page(LIBRARY_TITLE, LIBRARY), encoding="utf-8")
    return path


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(256))
    return path


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def _assert_article_record(record: dict, paragraphs: tuple[str, ...], title: str) -> None:
    assert record["title"] == title
    text = record["text"]
    assert [text[p["start"] : p["end"]] for p in record["paragraphs"]] == list(paragraphs)
    for field in ("url", "authors", "published_at", "images", "removed", "language"):
        assert field in record


# --- help and version -------------------------------------------------------------------


def test_version_prints_the_installed_version(runner):
    result = runner.invoke(main, ["--version"])

    assert result.exit_code == 0
    assert result.stdout.strip() == f"sourcetrace, version {version('sourcetrace')}"


def test_help_lists_the_extract_command(runner):
    result = runner.invoke(main, ["--help"])

    assert result.exit_code == 0
    assert "extract" in result.stdout
    assert "--debug" in result.stdout


def test_extract_help_shows_examples_and_options(runner):
    result = runner.invoke(main, ["extract", "--help"])

    assert result.exit_code == 0
    assert "Examples" in result.stdout
    assert "sourcetrace extract" in result.stdout
    for option in ("--format", "--max-bytes", "--url"):
        assert option in result.stdout


def test_extract_without_paths_is_a_usage_error(runner):
    result = runner.invoke(main, ["extract"])

    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


# --- output formats ---------------------------------------------------------------------


def test_one_input_prints_one_json_object_naming_its_input(runner, harbour):
    result = runner.invoke(main, ["extract", str(harbour)])

    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)  # the whole output is one (indented) object
    assert record["input"] == str(harbour)
    assert record["source"] == str(harbour)
    _assert_article_record(record, HARBOUR, HARBOUR_TITLE)
    assert result.stderr == ""


def test_several_inputs_print_one_json_line_each_naming_its_input(runner, harbour, library):
    result = runner.invoke(main, ["extract", str(harbour), str(library)])

    assert result.exit_code == 0, result.stderr
    records = _lines(result.stdout)
    assert [r["input"] for r in records] == [str(harbour), str(library)]
    _assert_article_record(records[0], HARBOUR, HARBOUR_TITLE)
    _assert_article_record(records[1], LIBRARY, LIBRARY_TITLE)
    assert "2 ok, 0 failed" in result.stderr


def test_format_jsonl_forces_lines_for_one_input(runner, harbour):
    result = runner.invoke(main, ["extract", "--format", "jsonl", str(harbour)])

    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert _lines(result.stdout)[0]["input"] == str(harbour)


def test_format_text_shows_title_and_numbered_body(runner, harbour):
    result = runner.invoke(main, ["extract", "--format", "text", str(harbour)])

    assert result.exit_code == 0
    assert result.stdout.startswith(f"# {HARBOUR_TITLE}\n")
    flat = " ".join(result.stdout.split())  # the body is wrapped for the terminal
    for number, paragraph in enumerate(HARBOUR, start=1):
        assert f"{number}. {paragraph}" in flat
    assert "{" not in result.stdout


def test_url_option_sets_the_article_url(runner, harbour):
    url = "https://courier.example/harbour/breakwater"

    result = runner.invoke(main, ["extract", "--url", url, str(harbour)])

    assert json.loads(result.stdout)["url"] == url


# --- input kinds ------------------------------------------------------------------------


def test_dash_reads_the_page_from_stdin(runner):
    page = html_page(MARKET_TITLE, MARKET).encode("utf-8")

    result = runner.invoke(main, ["extract", "-"], input=page)

    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["input"] == "-"
    _assert_article_record(record, MARKET, MARKET_TITLE)


def test_gzip_input_is_inflated(runner, tmp_path):
    path = tmp_path / "market.html.gz"
    path.write_bytes(gzip.compress(html_page(MARKET_TITLE, MARKET).encode()))

    result = runner.invoke(main, ["extract", str(path)])

    assert result.exit_code == 0, result.stderr
    _assert_article_record(json.loads(result.stdout), MARKET, MARKET_TITLE)


def test_directory_input_is_walked_as_a_batch(runner, tmp_path, harbour, library):
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "unfinished.html").write_text(html_page(MARKET_TITLE, MARKET))

    result = runner.invoke(main, ["extract", str(tmp_path)])

    assert result.exit_code == 0, result.stderr
    records = _lines(result.stdout)  # a directory is many inputs: JSON Lines
    assert [r["input"] for r in records] == [str(harbour), str(library)]
    assert "2 ok, 0 failed" in result.stderr


def test_max_bytes_refuses_a_large_file(runner, harbour):
    size = harbour.stat().st_size

    refused = runner.invoke(main, ["extract", "--max-bytes", str(size - 1), str(harbour)])
    accepted = runner.invoke(main, ["extract", "--max-bytes", str(size), str(harbour)])

    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert refused.stderr.startswith(f"error [input.too-large] {harbour}: ")
    assert accepted.exit_code == 0


# --- failures ---------------------------------------------------------------------------


def test_batch_with_a_bad_file_reports_it_and_keeps_the_good_ones(runner, harbour, library, photo):
    result = runner.invoke(main, ["extract", str(harbour), str(photo), str(library)])

    assert result.exit_code == 1
    assert [r["input"] for r in _lines(result.stdout)] == [str(harbour), str(library)]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert errors == [f"error [input.binary] {photo}: this is PNG image, not a page"]
    assert result.stderr.splitlines()[-1] == "2 ok, 1 failed"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["missing.html", "n" * 300], ids=["missing", "name-too-long"])
def test_unreadable_path_is_one_coded_line(runner, tmp_path, name):
    path = tmp_path / name

    result = runner.invoke(main, ["extract", str(path)])

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"error [input.not-found] {path}: cannot open")
    assert lines[1] == "0 ok, 1 failed"


def _break_extraction(monkeypatch, victim):
    real = sourcetrace.pipeline.extract

    def broken(page, settings):
        if page.source == str(victim):
            raise RuntimeError("engine exploded")
        return real(page, settings)

    monkeypatch.setattr(sourcetrace.pipeline, "extract", broken)


def test_a_bug_on_one_input_is_one_coded_line_and_the_batch_goes_on(
    runner, harbour, tmp_path, monkeypatch
):
    other = tmp_path / "other.html"
    other.write_bytes(harbour.read_bytes())
    _break_extraction(monkeypatch, harbour)

    result = runner.invoke(main, ["extract", str(harbour), str(other)])

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error")]
    assert errors == [
        f"error [extract] {harbour}: unexpected RuntimeError: engine exploded "
        "(a bug; please report it)"
    ]
    assert "Traceback" not in result.stderr
    assert [json.loads(line)["input"] for line in result.stdout.splitlines()] == [str(other)]


def test_debug_shows_the_traceback_of_a_bug(runner, harbour, monkeypatch):
    _break_extraction(monkeypatch, harbour)

    result = runner.invoke(main, ["--debug", "extract", str(harbour)])

    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: engine exploded" in result.stderr


# --- the installed entry point ----------------------------------------------------------


@pytest.mark.skipif(not ENTRY_POINT.exists(), reason="the package is not installed in this venv")
def test_installed_entry_point_runs_a_batch(harbour, photo):
    completed = subprocess.run(
        [str(ENTRY_POINT), "extract", str(harbour), str(photo)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 1
    records = _lines(completed.stdout)
    assert [r["input"] for r in records] == [str(harbour)]
    _assert_article_record(records[0], HARBOUR, HARBOUR_TITLE)
    assert completed.stderr.splitlines() == [
        f"error [input.binary] {photo}: this is PNG image, not a page",
        "1 ok, 1 failed",
    ]


def test_an_internal_error_outside_documents_is_one_line_and_exit_3(runner, harbour, monkeypatch):
    def broken_output(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(sourcetrace.cli, "_emit", broken_output)

    result = runner.invoke(main, ["extract", str(harbour)])

    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "error [internal] OSError: disk full; rerun with --debug and report it"
    ]


@pytest.mark.skipif(not ENTRY_POINT.exists(), reason="the package is not installed in this venv")
def test_a_reader_that_stops_early_ends_the_batch_quietly(tmp_path):
    seed = Path(__file__).parent / "fixtures" / "seed_000_7fbb9ae6711f7586.txt"
    for number in range(40):  # enough JSON Lines to fill a pipe's buffer
        (tmp_path / f"copy{number:02}.txt").write_bytes(seed.read_bytes())
    process = subprocess.Popen(
        [str(ENTRY_POINT), "extract", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)  # like `| head -c 100`
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "error" not in stderr
    assert "Traceback" not in stderr


# --- the store's exit statuses ----------------------------------------------------------


def test_a_store_that_cannot_be_used_exits_4_and_memory_is_a_usage_error(runner, tmp_path):
    missing = tmp_path / "typo.db"
    refused = runner.invoke(main, ["search", "ferry", "--db", str(missing)])
    assert refused.exit_code == 4
    assert refused.stderr.startswith(f"error [store.not-found] there is no store at {missing}")
    assert not missing.exists()

    memory = runner.invoke(main, ["ingest", str(tmp_path), "--db", "sqlite:///"])
    assert memory.exit_code == 2
    assert memory.stderr.startswith("error [store.in-memory] ")


def test_the_exit_statuses_are_documented_where_the_cli_says():
    docs = (Path(__file__).parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    for status in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 130 |", "| 141 |"):
        assert status in docs
    for code in ("store.not-found", "store.in-memory", "store.disk-full", "store.read-only"):
        assert f"`{code}`" in docs
