"""Token ranges the attribution rules work in: the draft record and small span helpers."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EDGE_PUNCT",
    "QUOTE_TOKENS",
    "Draft",
    "Range",
    "cue_range",
    "has_word",
    "is_passive",
    "paragraph_end",
    "real",
    "subtree",
    "trim",
    "trim_symbols",
    "without",
    "wordy",
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


# Unicode categories of what is never part of a name at its edges: symbols (emoji, ★, →,
# skin tones, flags' regional indicators), marks, format and other controls (ZWJ,
# variation selectors, tags), separators.
_SYMBOLIC = frozenset("SMCZ")


def has_word(text: str) -> bool:
    """Return whether ``text`` holds a letter or a digit: a source or a name needs one."""
    return any(char.isalnum() for char in text)


def _symbolic(char: str) -> bool:
    return unicodedata.category(char)[0] in _SYMBOLIC


def wordy(doc: Any, rng: Range) -> Range | None:
    """Trim tokens of emoji and symbols off a source's edges; ``None`` if no word is left.

    "😀 Maria Lopez 😀" is Maria Lopez; "😀" and "#️⃣ 🇺🇸" are no source at all. Edge
    punctuation the symbols hid is trimmed as ``trim`` does ("★ - Officials").
    """
    start, end = rng
    while True:
        before = (start, end)
        while start < end and all(_symbolic(char) for char in doc[start].text):
            start += 1
        while end > start and all(_symbolic(char) for char in doc[end - 1].text):
            end -= 1
        if (start, end) == before:
            break
        start, end = trim(doc, (start, end), marks=True)
    words = has_word("".join(token.text for token in doc[start:end]))
    return (start, end) if words else None


def trim_symbols(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``text[start:end]``'s bounds without emoji and symbols at its edges.

    A combining mark stays with the letter it follows ("José" written with U+0301).
    """
    while start < end and _symbolic(text[start]):
        start += 1
    while end > start and _symbolic(text[end - 1]):
        base = end - 1
        while base > start and unicodedata.category(text[base])[0] == "M":
            base -= 1
        if base < end - 1 and not _symbolic(text[base]):
            break  # marks on a letter: part of it
        end = base if base < end - 1 else end - 1
    return start, end
