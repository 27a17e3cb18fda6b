"""Cut an article's text into segments, each plain or marked as one attribution's part.

Spans over ``Article.text`` may nest and overlap (a quotation holds another source's
words). Each paragraph is cut at every span boundary; a piece covered by several spans
takes the most specific one: a source before a cue before a content, then the shortest.
Templates render each segment's text as an autoescaped variable, so no HTML is ever
built from article text here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["ROLES", "Mark", "marks_of", "paragraph_segments", "snippet_segments"]

# The parts of an attribution a reader can see, most specific first.
ROLES = ("source", "cue", "content")
_RANK = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: a part (``role``) of the attribution ``att``."""

    start: int
    end: int
    att: int
    role: str

    def precedence(self) -> tuple[int, int, int]:
        """Return the sort key that picks the mark shown where marks overlap."""
        return (_RANK[self.role], self.end - self.start, self.att)


def marks_of(attributions: Iterable[dict[str, Any]], length: int) -> list[Mark]:
    """Return the marks of stored attribution rows, clipped to the text, invalid ones dropped."""
    marks: list[Mark] = []
    for row in attributions:
        att = int(row["idx"])
        if row.get("source_start") is not None and row.get("source_end") is not None:
            marks.append(Mark(row["source_start"], row["source_end"], att, "source"))
        marks += [Mark(s, e, att, "cue") for s, e in row.get("cues") or ()]
        marks += [Mark(s, e, att, "content") for s, e in row.get("contents") or ()]
    return [
        Mark(max(m.start, 0), min(m.end, length), m.att, m.role)
        for m in marks
        if max(m.start, 0) < min(m.end, length)
    ]


def paragraph_segments(
    text: str, paragraphs: Sequence[tuple[int, int]], marks: Sequence[Mark]
) -> list[list[dict[str, Any]]]:
    """Return each paragraph as segments ``{"text", "att", "role"}`` that cover it exactly."""
    ordered = sorted(marks, key=lambda m: m.start)
    return [_segments(text, start, end, ordered) for start, end in paragraphs]


def _segments(text: str, start: int, end: int, marks: Sequence[Mark]) -> list[dict[str, Any]]:
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted(
        {start, end, *(max(m.start, start) for m in inside), *(min(m.end, end) for m in inside)}
    )
    segments: list[dict[str, Any]] = []
    for left, right in itertools.pairwise(cuts):
        covering = [m for m in inside if m.start <= left and m.end >= right]
        best = min(covering, key=Mark.precedence) if covering else None
        att, role = (best.att, best.role) if best else (None, None)
        last = segments[-1] if segments else None
        if last is not None and last["att"] == att and last["role"] == role:
            last["text"] += text[left:right]
        else:
            segments.append({"text": text[left:right], "att": att, "role": role})
    return segments


def snippet_segments(snippet: str) -> list[dict[str, Any]]:
    """Split a search snippet, matched words in ``[brackets]``, into plain and matched parts."""
    segments: list[dict[str, Any]] = []
    rest = snippet
    while rest:
        opening = rest.find("[")
        closing = rest.find("]", opening + 1) if opening >= 0 else -1
        if opening < 0 or closing < 0:
            segments.append({"text": rest, "match": False})
            break
        if opening:
            segments.append({"text": rest[:opening], "match": False})
        segments.append({"text": rest[opening + 1 : closing], "match": True})
        rest = rest[closing + 1 :]
    return segments
