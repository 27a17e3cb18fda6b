"""Token ranges the attribution rules work in: the draft record and small span helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EDGE_PUNCT",
    "QUOTE_TOKENS",
    "Draft",
    "Range",
    "cue_range",
    "is_passive",
    "paragraph_end",
    "real",
    "subtree",
    "trim",
    "without",
]

Range = tuple[int, int]  # token indices, end exclusive

EDGE_PUNCT = frozenset(",.;:—–-()[]")
QUOTE_TOKENS = frozenset({'"', "''", "“", "”", "‘", "’", "'"})


@dataclass(slots=True)
class Draft:
    """An attribution as the rules find it, in token ranges of the parsed doc."""

    cues: list[Range]
    source: Range | None
    contents: list[Range]
    mode: str  # speech | according-to | belief
    channel: Range | None = None
    notes: list[str] = field(default_factory=list)


def cue_range(verb: Any) -> Range:
    """Return the verb with its auxiliaries, negation and adverbs right before it."""
    start = verb.i
    for child in sorted(verb.children, key=lambda c: -c.i):
        if child.i == start - 1 and child.dep_ in ("aux", "auxpass", "neg", "advmod"):
            start = child.i
    return start, verb.i + 1


def is_passive(verb: Any) -> bool:
    return any(child.dep_ == "auxpass" for child in verb.children)


def real(rng: Range) -> bool:
    return rng[1] > rng[0]


def subtree(token: Any) -> Range:
    return token.left_edge.i, token.right_edge.i + 1


def paragraph_end(doc: Any, index: int) -> int:
    end = index + 1
    while end < len(doc) and not (doc[end].is_space and "\n" in doc[end].text):
        end += 1
    return end


def trim(doc: Any, rng: Range, *, marks: bool = False) -> Range:
    """Drop spaces and edge punctuation (quote marks only with ``marks``; never paired brackets)."""
    edge = EDGE_PUNCT | QUOTE_TOKENS if marks else EDGE_PUNCT
    start, end = rng
    while start < end and (
        doc[start].is_space or doc[start].text in edge or doc[start].pos_ == "CCONJ"
    ):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in edge):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1]):
            break
        end -= 1
    return start, end


def without(rng: Range, cut: Range) -> Range:
    """Return ``rng`` minus ``cut`` where ``cut`` sits at one of its ends."""
    start, end = rng
    if cut[0] <= start < cut[1]:
        start = cut[1]
    if cut[0] < end <= cut[1]:
        end = cut[0]
    return (start, end) if end > start else (0, 0)
