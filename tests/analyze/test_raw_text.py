"""``--raw-text`` offsets index the file as given: a byte-order mark and CRLF line ends kept.

The file's text is what ``open(path, encoding="utf-8", newline="")`` reads: the mark is
character 0 (U+FEFF) and every line ends in two characters, ``\\r\\n``.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sourcetrace.analyze import analyze, verbatim_article
from sourcetrace.cli_analyze import register
from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.extract.decode import decode_bytes
from sourcetrace.models import TEXT_FIELD, Analysis
from sourcetrace.pipeline import analyze_paths

LINES = (
    "The mayor said that the bridge would reopen in May.",
    "“We will rebuild it before the summer,” Maria Lopez said on Friday.",
    "Engineers told the council that the repairs would cost four million euros.",
)
EXPECTED = {
    "said": ("The mayor", "that the bridge would reopen in May"),
    "told": ("Engineers", "that the repairs would cost four million euros"),
}


@pytest.fixture
def bom_crlf_file(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_bytes(codecs.BOM_UTF8 + "\r\n\r\n".join(LINES).encode("utf-8") + b"\r\n")
    return path


def _as_given(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _raw_analysis(path: Path) -> Analysis:
    (result,) = analyze_paths([str(path)], raw_text=True)
    assert result.analysis is not None, result.failure
    return result.analysis


def test_raw_text_is_the_file_as_given_bom_and_crlf_kept(bom_crlf_file):
    analysis = _raw_analysis(bom_crlf_file)

    assert analysis.article.text == _as_given(bom_crlf_file)
    assert analysis.article.text[0] == "\ufeff"
    assert analysis.article.paragraph_texts() == LINES


def test_raw_text_attribution_spans_index_the_file_as_given(bom_crlf_file):
    text = _as_given(bom_crlf_file)
    analysis = _raw_analysis(bom_crlf_file)

    found = {}
    for record in analysis.attributions:
        assert record.source is not None
        assert record.source.of(text) == record.source_text
        cue = " ".join(span.of(text) for span in record.cues)
        found[(cue, record.source_text)] = [span.of(text) for span in record.contents]
    assert found[("said", "The mayor")] == [EXPECTED["said"][1]]
    assert found[("told", "Engineers")] == [EXPECTED["told"][1]]
    assert found[("said", "Maria Lopez")] == ["“We will rebuild it before the summer,”"]


def test_raw_text_entities_and_times_index_the_file_as_given(bom_crlf_file):
    text = _as_given(bom_crlf_file)
    analysis = _raw_analysis(bom_crlf_file)

    mentions = [m for e in analysis.entities for m in e.mentions if m.field == TEXT_FIELD]
    assert mentions and all(m.span.of(text) == m.text for m in mentions)
    assert "Maria Lopez" in {m.text for m in mentions}
    assert [ref.span.of(text) for ref in analysis.timerefs] == [
        ref.text for ref in analysis.timerefs
    ]
    assert "on Friday" in [ref.text for ref in analysis.timerefs]


def test_attributions_command_offsets_slice_the_file_as_given(bom_crlf_file):
    @click.group()
    def main() -> None:
        """Test group."""

    register(main)
    text = _as_given(bom_crlf_file)

    result = CliRunner().invoke(main, ["attributions", "--jsonl", "--raw-text", str(bom_crlf_file)])

    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]

    def words(span: dict[str, int]) -> str:
        return text[span["start"] : span["end"]]

    found = {words(r["source"]): (words(r["cue"][0]), words(r["content"][0])) for r in records}
    assert found["The mayor"] == ("said", EXPECTED["said"][1])
    assert found["Engineers"] == ("told", EXPECTED["told"][1])
    assert found["Maria Lopez"] == ("said", "“We will rebuild it before the summer,”")


def test_a_leading_mark_does_not_change_what_the_analysis_finds():
    plain = verbatim_article("\n\n".join(LINES), source="plain.txt")
    marked = verbatim_article("\ufeff" + "\n\n".join(LINES), source="marked.txt")

    def found(analysis: Analysis, shift: int) -> list[tuple[str, tuple[int, int]]]:
        return [
            (a.source_text, (a.cues[0].start - shift, a.cues[0].end - shift))
            for a in analysis.attributions
        ]

    assert found(analyze(marked), 1) == found(analyze(plain), 0)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_decode_keeps_any_byte_order_mark_as_character_zero_when_asked(bom, codec):
    data = bom + "Hé said\r\nso.".encode(codec)

    kept = decode_bytes(data, None, DEFAULT_SETTINGS, keep_bom=True)
    dropped = decode_bytes(data, None, DEFAULT_SETTINGS)

    assert kept == "\ufeffHé said\r\nso."
    assert dropped == "Hé said\r\nso."
