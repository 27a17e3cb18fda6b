"""``sourcetrace stories`` on a folder of invented .txt, .html and .gz articles."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.cli import main
from sourcetrace.stories import COMPONENT
from tests.pages import html_page, text_page
from tests.stories_articles import BRENNICK, OSTRAVEL


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"(?<=\.) ", text))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Six articles on two ferry accidents: HTML, flattened text and a gzipped page."""
    for event, (title, text) in [("brennick", BRENNICK[0]), ("ostravel", OSTRAVEL[0])]:
        page = html_page(title, _paragraphs(text))
        (tmp_path / f"{event}-1.html").write_text(page, encoding="utf-8")
    for event, (title, text) in [("brennick", BRENNICK[1]), ("ostravel", OSTRAVEL[1])]:
        (tmp_path / f"{event}-2.txt").write_text(text_page(title, _paragraphs(text)), "utf-8")
    for event, (title, text) in [("brennick", BRENNICK[2]), ("ostravel", OSTRAVEL[2])]:
        page = html_page(title, _paragraphs(text)).encode("utf-8")
        (tmp_path / f"{event}-3.html.gz").write_bytes(gzip.compress(page))
    return tmp_path


def _stories(output: str) -> list[set[str]]:
    record = json.loads(output)
    return [{Path(a["input"]).name.split("-")[0] for a in s["articles"]} for s in record["stories"]]


def test_stories_json_groups_each_accident_into_one_story(folder: Path) -> None:
    result = CliRunner().invoke(main, ["stories", "--json", str(folder)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["component"] == COMPONENT
    assert [story["id"] for story in record["stories"]] == [1, 2]
    assert sorted(map(sorted, _stories(result.stdout))) == [["brennick"], ["ostravel"]]
    assert all(len(story["articles"]) == 3 for story in record["stories"])
    article = record["stories"][0]["articles"][0]
    assert set(article) == {"input", "title", "outlet", "published_at"}


def test_stories_text_is_a_table_with_story_numbers_and_titles(folder: Path) -> None:
    result = CliRunner().invoke(main, ["stories", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["story", "size", "published", "outlet"]
    assert len(lines) == 7
    assert [line.split()[:2] for line in lines[1:] if line[:5].strip()] == [["1", "3"], ["2", "3"]]
    assert "Saltmarsh Queen" in result.stdout and "Northern Tallis" in result.stdout
    assert "6 ok, 0 failed; 2 stories" in result.stderr


def test_a_failed_input_is_reported_and_the_rest_are_grouped(folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["stories", "--json", str(folder)])
    assert result.exit_code == 1
    assert "error [input.empty]" in result.stderr
    assert len(json.loads(result.stdout)["stories"]) == 2


def test_one_input_is_one_story(folder: Path) -> None:
    result = CliRunner().invoke(main, ["stories", "--json", str(folder / "brennick-2.txt")])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["stories"]) == 1


def test_a_zero_threshold_makes_every_article_its_own_story(folder: Path) -> None:
    result = CliRunner().invoke(main, ["stories", "--json", "--threshold", "0", str(folder)])
    assert len(json.loads(result.stdout)["stories"]) == 6


def test_stories_help_has_examples() -> None:
    result = CliRunner().invoke(main, ["stories", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "sourcetrace stories pages/" in result.output


def test_a_missing_path_exits_one_with_its_code(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stories", str(tmp_path / "nope.html")])
    assert result.exit_code == 1
    assert "error [input.not-found]" in result.stderr
