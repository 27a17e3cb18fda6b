"""Quality gate: the publication day from text alone must not drop below floors.

On PolNeAR (train and dev pooled) and on Wikinews 2019-2020. Needs the evaluation data
(never part of this repository): ``$SOURCETRACE_EVAL_DATA`` or ``<repo>/../shared/data``,
holding ``polnear/`` and ``wikinews-2019-2020/``. Each gate skips when its data is absent.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench.pubdate import run_polnear, run_wikinews
from tests.quality.evaldata import eval_folder

# Measured on PolNeAR train+dev (pubdate.text.v3 and v4, 2026-11-28): 23 of 924 articles given
# a day (coverage 0.025), all 23 within one day. Accuracy is the target; the
# coverage floor sits just below the measured value. Raise it when the rules improve.
# Re-measure with
#   .venv/bin/python bench/pubdate.py --wcxb ../shared/data/wcxb-dev \
#       --polnear ../shared/data/polnear --wikinews ../shared/data/wikinews-2019-2020
FLOOR_ACCURACY = 0.95
FLOOR_COVERAGE = 0.023
# Wikinews (pubdate.text.v4): as printed, 175 of 295 given a day (the text opens with
# it), all within one day; without that opening line, 2 of 295, both right (v3 gave 4
# there, all wrong: a news day named once, the page out days later).
FLOOR_WIKINEWS_COVERAGE = 0.58


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    """Infer every train and dev article's day once, and pool the two splits."""
    root = eval_folder("polnear", "metadata.tsv")
    splits = [run_polnear(root, split) for split in ("train", "dev")]
    articles = sum(row["articles"] for row in splits)
    inferred = sum(row["inferred"] for row in splits)
    right = sum(
        round(row["inferred"] * row["accuracy_within_1_day"]) for row in splits if row["inferred"]
    )
    return {"coverage": inferred / articles, "accuracy": right / inferred if inferred else 0.0}


@pytest.mark.quality
def test_pubdate_from_text_accuracy_stays_above_floor(scores: dict[str, Any]) -> None:
    assert scores["accuracy"] >= FLOOR_ACCURACY


@pytest.mark.quality
def test_pubdate_from_text_coverage_stays_above_floor(scores: dict[str, Any]) -> None:
    assert scores["coverage"] >= FLOOR_COVERAGE


@pytest.fixture(scope="module")
def wikinews() -> list[dict[str, Any]]:
    """Infer every Wikinews article's day, as printed and without its opening date line."""
    return run_wikinews(eval_folder("wikinews-2019-2020", "wikinews_2019.csv"))


@pytest.mark.quality
def test_pubdate_from_text_is_right_on_wikinews_whatever_it_infers(
    wikinews: list[dict[str, Any]],
) -> None:
    for row in wikinews:
        if row["inferred"]:
            assert row["accuracy_within_1_day"] >= FLOOR_ACCURACY, row


@pytest.mark.quality
def test_pubdate_reads_the_day_a_text_opens_with(wikinews: list[dict[str, Any]]) -> None:
    printed = [row for row in wikinews if row["text"] == "as printed"]
    assert printed and all(row["coverage"] >= FLOOR_WIKINEWS_COVERAGE for row in printed)
