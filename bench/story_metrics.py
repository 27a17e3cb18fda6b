"""Score a partition of documents into stories against gold: B-cubed, MUC, CEAF-e, CoNLL.

The measures of coreference scoring, with documents as mentions and stories as entities:

- **B-cubed** (Bagga & Baldwin 1998): per document, the share of its predicted cluster
  that is in its gold cluster (precision) and of its gold cluster that is in its predicted
  cluster (recall), averaged over documents.
- **MUC** (Vilain et al. 1995): links. Recall is ``sum(|G| - p(G)) / sum(|G| - 1)`` over gold
  clusters ``G``, where ``p(G)`` counts the predicted pieces ``G`` is split into; precision
  swaps the roles. Degenerate for clustering (one big cluster scores high), so it is only
  ever reported inside CoNLL.
- **CEAF-e** (Luo 2005): the best one-to-one alignment of predicted and gold clusters under
  ``phi4(K, R) = 2|K & R| / (|K| + |R|)`` (Hungarian algorithm); precision divides the
  aligned similarity by the number of predicted clusters, recall by the number of gold ones.
- **CoNLL F1**: the mean of the MUC, B-cubed and CEAF-e F1.

A partition is a sequence of labels, one per document, in the same order for gold and
prediction; label values only matter as equal or different.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ["Prf", "StoryScores", "b_cubed", "ceaf_e", "clusters", "muc", "score_partition"]


@dataclass(frozen=True, slots=True)
class Prf:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """Return the harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        """Return P/R/F1 rounded for a report."""
        return {
            k: round(v, 4) for k, v in (("p", self.precision), ("r", self.recall), ("f1", self.f1))
        }


@dataclass(frozen=True, slots=True)
class StoryScores:
    """All measures of one predicted partition against gold."""

    b3: Prf
    muc: Prf
    ceaf_e: Prf
    clusters: int

    @property
    def conll_f1(self) -> float:
        """Return the mean of MUC, B-cubed and CEAF-e F1."""
        return (self.muc.f1 + self.b3.f1 + self.ceaf_e.f1) / 3

    def as_dict(self) -> dict[str, object]:
        """Return the scores as a JSON-ready dict."""
        return {
            "clusters": self.clusters,
            "b3": self.b3.as_dict(),
            "muc": self.muc.as_dict(),
            "ceaf_e": self.ceaf_e.as_dict(),
            "conll_f1": round(self.conll_f1, 4),
        }


def clusters(labels: Sequence[Hashable]) -> list[frozenset[int]]:
    """Return the clusters of a labelling as sets of document indexes, in first-seen order."""
    groups: dict[Hashable, set[int]] = defaultdict(set)
    for index, label in enumerate(labels):
        groups[label].add(index)
    return [frozenset(group) for group in groups.values()]


def b_cubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Prf:
    """Return B-cubed precision and recall, averaged over documents."""
    _check(gold, predicted)
    if not gold:
        return Prf(0.0, 0.0)
    gold_of = _cluster_of(gold)
    predicted_of = _cluster_of(predicted)
    precision = recall = 0.0
    for index in range(len(gold)):
        overlap = len(gold_of[index] & predicted_of[index])
        precision += overlap / len(predicted_of[index])
        recall += overlap / len(gold_of[index])
    return Prf(precision / len(gold), recall / len(gold))


def muc(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Prf:
    """Return MUC link-based precision and recall."""
    _check(gold, predicted)
    return Prf(_muc_recall(predicted, gold), _muc_recall(gold, predicted))


def _muc_recall(key: Sequence[Hashable], response: Sequence[Hashable]) -> float:
    numerator = denominator = 0
    for cluster in clusters(key):
        pieces = {response[index] for index in cluster}
        numerator += len(cluster) - len(pieces)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def ceaf_e(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Prf:
    """Return entity-based CEAF (phi4) under the optimal one-to-one cluster alignment."""
    _check(gold, predicted)
    keys, responses = clusters(gold), clusters(predicted)
    if not keys or not responses:
        return Prf(0.0, 0.0)
    similarity = np.array(
        [[2 * len(k & r) / (len(k) + len(r)) for r in responses] for k in keys], dtype=float
    )
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    total = float(similarity[rows, cols].sum())
    return Prf(total / len(responses), total / len(keys))


def score_partition(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> StoryScores:
    """Return every measure of ``predicted`` against ``gold``."""
    return StoryScores(
        b3=b_cubed(gold, predicted),
        muc=muc(gold, predicted),
        ceaf_e=ceaf_e(gold, predicted),
        clusters=len(set(predicted)),
    )


def _cluster_of(labels: Sequence[Hashable]) -> list[frozenset[int]]:
    """Map each document index to the set of indexes sharing its label."""
    members: list[frozenset[int]] = [frozenset()] * len(labels)
    for cluster in clusters(labels):
        for index in cluster:
            members[index] = cluster
    return members


def _check(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} labels, prediction {len(predicted)}")
