"""Highlight segments: they cover each paragraph exactly and pick the most specific mark."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.serve.highlight import Mark, marks_of, paragraph_segments, snippet_segments


def test_segments_rebuild_each_paragraph_exactly():
    text = "Alice said it rains.\n\nBob agreed."
    marks = [Mark(0, 5, 0, "source"), Mark(6, 10, 0, "cue"), Mark(11, 19, 0, "content")]
    first, second = paragraph_segments(text, [(0, 20), (22, 33)], marks)
    assert "".join(s["text"] for s in first) == "Alice said it rains."
    assert [(s["text"], s["role"]) for s in first] == [
        ("Alice", "source"),
        (" ", None),
        ("said", "cue"),
        (" ", None),
        ("it rains", "content"),
        (".", None),
    ]
    assert second == [{"text": "Bob agreed.", "att": None, "role": None}]


def test_a_nested_source_wins_over_the_content_that_holds_it():
    text = "The source told us Kim said yes today"
    marks = [Mark(0, 37, 1, "content"), Mark(19, 22, 0, "source"), Mark(23, 27, 0, "cue")]
    (segments,) = paragraph_segments(text, [(0, len(text))], marks)
    assert [(s["text"], s["att"], s["role"]) for s in segments] == [
        ("The source told us ", 1, "content"),
        ("Kim", 0, "source"),
        (" ", 1, "content"),
        ("said", 0, "cue"),
        (" yes today", 1, "content"),
    ]


def test_marks_from_rows_are_clipped_and_empty_ones_dropped():
    rows = [{"idx": 0, "source_start": 3, "source_end": 99, "cues": [[50, 60]], "contents": []}]
    assert marks_of(rows, 10) == [Mark(3, 10, 0, "source")]


def test_snippets_split_into_matched_and_plain_parts():
    assert snippet_segments("a [b] c [d") == [
        {"text": "a ", "match": False},
        {"text": "b", "match": True},
        {"text": " c [d", "match": False},
    ]


spans = st.tuples(
    st.integers(0, 60), st.integers(1, 20), st.sampled_from(["source", "cue", "content"])
)


@given(st.text(min_size=1, max_size=60), st.lists(spans, max_size=8))
def test_segments_always_cover_the_text_whatever_the_overlaps(text, raw):
    rows = []
    for index, (start, width, role) in enumerate(raw):
        row = {"idx": index, "source_start": None, "source_end": None, "cues": [], "contents": []}
        if role == "source":
            row |= {"source_start": start, "source_end": start + width}
        else:
            row[role + "s"] = [[start, start + width]]
        rows.append(row)
    (segments,) = paragraph_segments(text, [(0, len(text))], marks_of(rows, len(text)))
    assert "".join(s["text"] for s in segments) == text
    assert all(s["text"] for s in segments)
