"""Quotation regions: curly and straight marks, continued paragraphs, odd counts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.analyze.quotes import kind_of_content, quote_regions


def _texts(text: str) -> list[str]:
    return [span.of(text) for span in quote_regions(text)]


def test_quotes_pair_curly_marks() -> None:
    assert _texts("He said “yes” and “no”.") == ["“yes”", "“no”"]


def test_quotes_pair_straight_marks() -> None:
    assert _texts('He said "yes" and "no".') == ['"yes"', '"no"']


def test_quotes_continue_into_a_paragraph_that_opens_with_a_mark() -> None:
    text = "“First part.\n\n“Second part.”"
    assert _texts(text) == [text]


def test_quotes_close_an_unbalanced_mark_at_paragraph_end() -> None:
    assert _texts("He said “never closed.\n\nNext paragraph.") == ["“never closed."]


def test_quotes_tell_content_kinds() -> None:
    assert kind_of_content("“All of it.”") == "direct"
    assert kind_of_content("that it was “erroneous” to say so") == "mixed"
    assert kind_of_content("that it was wrong") == "indirect"


@given(st.text(alphabet='ab "“”\n.,', max_size=80))
def test_quotes_regions_stay_inside_the_text(text: str) -> None:
    previous_end = 0
    for span in quote_regions(text):
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= previous_end
        previous_end = span.end


def test_quotes_read_doubled_apostrophes_as_one_mark() -> None:
    text = "He said ''not now,'' and left; the voters' mood ''soured.''"
    assert _texts(text) == ["''not now,''", "''soured.''"]


def test_quotes_tell_doubled_apostrophe_content_direct() -> None:
    assert kind_of_content("''We will rebuild the bridge.''") == "direct"
    assert kind_of_content("that the bridge is ''safe''") == "mixed"
