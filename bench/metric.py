"""Score extracted text against ground truth with the AEB shingle metric.

This is the metric of the ScrapingHub (Zyte) Article Extraction Benchmark, which every
published AEB table uses: ``\\w+`` tokens (case kept), 4-token shingles compared as
multisets, per-page tp/fp/fn normalised to sum to 1, precision averaged over pages
with output, recall averaged over pages with ground truth, F1 of the two means.

Details that follow the reference ``evaluate.py``: a text shorter than four tokens
makes one shorter shingle; an empty text makes none; a page where both sides are
empty scores 1 but counts in neither mean.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

__all__ = ["Counts", "Scores", "match", "score_pages", "shingles", "tokenize"]

SHINGLE_SIZE = 4
_TOKEN_RE = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Counts:
    """One page's true/false positives and false negatives, normalised to sum to 1."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        """Return the page's precision (1.0 when nothing was expected or predicted)."""
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Return the page's recall (1.0 when nothing was expected or predicted)."""
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Return the page's own F1 (for per-page reports, not the benchmark F1)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def has_prediction(self) -> bool:
        """Return whether the page counts towards mean precision."""
        return self.tp + self.fp > 0

    @property
    def has_truth(self) -> bool:
        """Return whether the page counts towards mean recall."""
        return self.tp + self.fn > 0


@dataclass(frozen=True, slots=True)
class Scores:
    """Benchmark scores over a set of pages."""

    precision: float
    recall: float
    f1: float
    pages: int


def tokenize(text: str) -> list[str]:
    """Split text into ``\\w+`` tokens, case kept."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Return the multiset of ``n``-token shingles; a shorter text makes one shingle."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def match(truth: str, prediction: str, n: int = SHINGLE_SIZE) -> Counts:
    """Compare a prediction with the truth as shingle multisets."""
    expected, predicted = shingles(truth, n), shingles(prediction, n)
    tp = sum((expected & predicted).values())
    fp = sum((predicted - expected).values())
    fn = sum((expected - predicted).values())
    total = tp + fp + fn
    if not total:
        return Counts(0.0, 0.0, 0.0)
    return Counts(tp / total, fp / total, fn / total)


def score_pages(counts: Iterable[Counts]) -> Scores:
    """Average per-page counts into benchmark precision, recall and F1."""
    pages = list(counts)
    precisions = [c.precision for c in pages if c.has_prediction]
    recalls = [c.recall for c in pages if c.has_truth]
    precision = fmean(precisions) if precisions else 0.0
    recall = fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision=precision, recall=recall, f1=f1, pages=len(pages))
