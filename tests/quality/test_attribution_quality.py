"""Quality gate: sourcetrace's attributions on PolNeAR dev must not drop below pinned floors.

Needs the evaluation data (never part of this repository): ``$SOURCETRACE_EVAL_DATA`` or
``<repo>/../shared/data``, holding ``polnear/``. Skipped when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.attribution import run_sourcetrace
from bench.polnear import Scores, read_polnear, score

# Pinned about 0.01 below the values measured on PolNeAR dev (P 0.766, R 0.598,
# F1 0.671, indirect recall 0.521; 2026-11-28); raise them when the rules
# improve. Re-measure with
#   .venv/bin/python bench/attribution.py --polnear ../shared/data/polnear --split dev
FLOOR_F1 = 0.661
FLOOR_PRECISION = 0.756
FLOOR_RECALL = 0.588
FLOOR_INDIRECT_RECALL = 0.511

REPO = Path(__file__).resolve().parents[2]


def _polnear_root() -> Path:
    """Return the PolNeAR folder, or skip the test when the evaluation data is not here."""
    data = Path(os.environ.get("SOURCETRACE_EVAL_DATA") or REPO.parent / "shared" / "data")
    root = data / "polnear"
    if not (root / "dev" / "text").is_dir():
        pytest.skip(f"PolNeAR data not found at {root} (set SOURCETRACE_EVAL_DATA to its parent)")
    return root


@pytest.fixture(scope="module")
def dev_scores() -> Scores:
    """Analyse the dev split once for every check below."""
    docs = read_polnear(_polnear_root(), "dev")
    predictions, _ = run_sourcetrace(docs)
    return score(docs, predictions)


@pytest.mark.quality
def test_attribution_who_said_what_f1_stays_above_floor(dev_scores: Scores) -> None:
    assert dev_scores.f1 >= FLOOR_F1


@pytest.mark.quality
def test_attribution_precision_stays_above_floor(dev_scores: Scores) -> None:
    assert dev_scores.precision >= FLOOR_PRECISION


@pytest.mark.quality
def test_attribution_recall_stays_above_floor(dev_scores: Scores) -> None:
    assert dev_scores.recall >= FLOOR_RECALL


@pytest.mark.quality
def test_attribution_indirect_recall_stays_above_floor(dev_scores: Scores) -> None:
    assert dev_scores.recall_of(dev_scores.by_kind, "indirect") >= FLOOR_INDIRECT_RECALL
