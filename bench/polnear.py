"""PolNeAR reader and the "who said what" scorer (metric: ../shared/data/README.md).

A predicted attribution is correct when its content overlaps a gold content with token
F1 >= 0.5 and its source overlaps that gold attribution's source (or both have none);
pairs are matched one-to-one, best content F1 first; P/R/F1 are micro-averaged. Also
per-role exact-span F1 (each role's spans reduced to first start .. last end) and gold
recall split by content kind (direct / mixed / indirect) and by source kind.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Doc",
    "Pred",
    "Scores",
    "content_kind",
    "read_polnear",
    "score",
]


def _words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of a table literal."""
    return frozenset(text.split())


Frag = tuple[int, int]
_WORD = re.compile(r"\w+")
_QUOTES = '"“”«»„'
_PRONOUNS = _words(
    """
    he she they i we you it who which that one him her them us me
    """
)
_UNNAMED_HINTS = _words(
    """
    source sources official officials aide aides spokesman spokeswoman spokesperson
    people person insider insiders analyst analysts expert experts critics supporters
    voters some many others observers
    """
)


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold attribution, each role as its fragments."""

    source: tuple[Frag, ...]
    cues: tuple[Frag, ...]
    contents: tuple[Frag, ...]
    kind: str  # direct | mixed | indirect
    source_kind: str  # pronoun | unnamed | named | none


@dataclass(frozen=True, slots=True)
class Doc:
    """One PolNeAR article with the attributions of one annotator."""

    name: str
    text: str
    gold: tuple[Gold, ...]


@dataclass(frozen=True, slots=True)
class Pred:
    """A predicted attribution, roles as fragments into the doc's text."""

    source: tuple[Frag, ...]
    cues: tuple[Frag, ...]
    contents: tuple[Frag, ...]


@dataclass(slots=True)
class Scores:
    """Counts and derived scores of one system over a set of docs."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    roles: dict[str, Counter[str]] = field(default_factory=dict)
    by_kind: dict[str, Counter[str]] = field(default_factory=dict)
    by_source_kind: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def role_f1(self, role: str) -> float:
        counts = self.roles.get(role, Counter())
        denominator = counts["predicted"] + counts["gold"]
        return 2 * counts["tp"] / denominator if denominator else 0.0

    def recall_of(self, table: dict[str, Counter[str]], key: str) -> float:
        counts = table.get(key, Counter())
        return counts["matched"] / counts["gold"] if counts["gold"] else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "predicted": self.predicted,
            "gold": self.gold,
            "exact_span_f1": {r: round(self.role_f1(r), 4) for r in ("source", "cue", "content")},
            "recall_by_content_kind": {
                k: round(self.recall_of(self.by_kind, k), 4)
                for k in ("direct", "mixed", "indirect")
            },
            "recall_by_source_kind": {
                k: round(self.recall_of(self.by_source_kind, k), 4)
                for k in ("pronoun", "unnamed", "named", "none")
            },
        }


def read_polnear(root: Path, split: str, *, limit: int | None = None) -> list[Doc]:
    """Read one split: each article's text and its first annotator's attributions."""
    folder = root / split
    docs: list[Doc] = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        annotations = sorted((folder / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        docs.append(Doc(text_path.stem, text, tuple(_read_ann(annotations[0], text))))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def _read_ann(path: Path, text: str) -> Iterator[Gold]:
    spans: dict[str, tuple[Frag, ...]] = {}
    events: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            offsets = parts[1].partition(" ")[2]
            frags = tuple((int(a), int(b)) for a, b in (f.split() for f in offsets.split(";")))
            spans[parts[0]] = frags
        elif line.startswith("E") and len(parts) >= 2:
            roles: dict[str, list[str]] = {}
            for item in parts[1].split():
                role, _, ref = item.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append(roles)
    for roles in events:
        contents = tuple(f for ref in roles.get("Content", []) for f in spans.get(ref, ()))
        if not contents:
            continue
        source = tuple(f for ref in roles.get("Source", []) for f in spans.get(ref, ()))
        cues = tuple(f for ref in roles.get("Cue", []) for f in spans.get(ref, ()))
        content_text = " ".join(text[a:b] for a, b in contents)
        source_text = " ".join(text[a:b] for a, b in source)
        yield Gold(source, cues, contents, content_kind(content_text), _source_kind(source_text))


def content_kind(text: str) -> str:
    """Return ``direct``, ``mixed`` or ``indirect`` from a content's quotation marks.

    Two apostrophes (``''``) count as a double quote mark: some outlets in PolNeAR write
    them so, and their direct quotations would otherwise be counted as indirect.
    """
    stripped = text.replace("''", '"').strip().rstrip(".,;:")
    if not any(q in stripped for q in _QUOTES):
        return "indirect"
    if stripped[:1] in _QUOTES and stripped[-1:] in _QUOTES:
        return "direct"
    return "mixed"


def _source_kind(text: str) -> str:
    words = _WORD.findall(text)
    if not words:
        return "none"
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "pronoun"
    capitalised = [w for w in words if w[:1].isupper() and w.lower() not in ("the", "a", "an")]
    if capitalised and words[-1].lower() not in _UNNAMED_HINTS:
        return "named"
    return "unnamed"


class _Tokens:
    """The ``\\w+`` tokens of a text, to turn fragments into token sets."""

    def __init__(self, text: str) -> None:
        matches = list(_WORD.finditer(text))
        self.starts = [m.start() for m in matches]
        self.ends = [m.end() for m in matches]

    def of(self, frags: Iterable[Frag]) -> frozenset[int]:
        indices: set[int] = set()
        for start, end in frags:
            first = bisect.bisect_right(self.ends, start)
            last = bisect.bisect_left(self.starts, end)
            indices.update(range(first, last))
        return frozenset(indices)


def _token_f1(one: frozenset[int], other: frozenset[int]) -> float:
    if not one or not other:
        return 0.0
    return 2 * len(one & other) / (len(one) + len(other))


def _overlaps(one: tuple[Frag, ...], other: tuple[Frag, ...]) -> bool:
    return any(a < d and c < b for a, b in one for c, d in other)


def score(docs: Iterable[Doc], predictions: dict[str, list[Pred]]) -> Scores:
    """Score predictions (by doc name) against the gold of ``docs``."""
    scores = Scores()
    for doc in docs:
        preds = predictions.get(doc.name, [])
        matched = _match(doc, preds)
        scores.tp += len(matched)
        scores.predicted += len(preds)
        scores.gold += len(doc.gold)
        for index, gold in enumerate(doc.gold):
            for table, key in (
                (scores.by_kind, gold.kind),
                (scores.by_source_kind, gold.source_kind),
            ):
                counts = table.setdefault(key, Counter())
                counts["gold"] += 1
                counts["matched"] += index in matched
        _count_roles(scores, doc, preds)
    return scores


def _match(doc: Doc, preds: list[Pred]) -> set[int]:
    """Return the indices of gold attributions matched one-to-one by a prediction."""
    tokens = _Tokens(doc.text)
    gold_tokens = [tokens.of(g.contents) for g in doc.gold]
    candidates: list[tuple[float, int, int]] = []
    for p_index, pred in enumerate(preds):
        pred_tokens = tokens.of(pred.contents)
        for g_index, gold in enumerate(doc.gold):
            f1 = _token_f1(pred_tokens, gold_tokens[g_index])
            source_ok = (not pred.source and not gold.source) or _overlaps(pred.source, gold.source)
            if f1 >= 0.5 and source_ok:
                candidates.append((f1, p_index, g_index))
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    for _, p_index, g_index in sorted(candidates, reverse=True):
        if p_index not in used_pred and g_index not in used_gold:
            used_pred.add(p_index)
            used_gold.add(g_index)
    return used_gold


def _count_roles(scores: Scores, doc: Doc, preds: list[Pred]) -> None:
    for role in ("source", "cue", "content"):
        attr = {"source": "source", "cue": "cues", "content": "contents"}[role]
        gold = {_outline(getattr(g, attr)) for g in doc.gold if getattr(g, attr)}
        pred = {_outline(getattr(p, attr)) for p in preds if getattr(p, attr)}
        counts = scores.roles.setdefault(role, Counter())
        counts["tp"] += len(gold & pred)
        counts["gold"] += len(gold)
        counts["predicted"] += len(pred)


def _outline(frags: tuple[Frag, ...]) -> Frag:
    return min(a for a, _ in frags), max(b for _, b in frags)
