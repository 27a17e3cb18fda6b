"""The AEB shingle metric on hand-written strings."""

from __future__ import annotations

import pytest

from bench.metric import Counts, match, score_pages, shingles, tokenize


def test_tokenize_keeps_case_and_drops_punctuation() -> None:
    assert tokenize("The cat's hat, 2019!") == ["The", "cat", "s", "hat", "2019"]


def test_shingles_are_a_multiset_of_four_tokens() -> None:
    counted = shingles("a b c d a b c d")
    assert counted[("a", "b", "c", "d")] == 2
    assert sum(counted.values()) == 5


def test_text_shorter_than_a_shingle_makes_one_shingle() -> None:
    assert shingles("hello world") == {("hello", "world"): 1}
    assert match("hello world", "hello world").precision == 1.0
    assert match("hello world", "hello there").recall == 0.0


def test_empty_text_makes_no_shingles() -> None:
    assert not shingles("")
    assert not shingles(" ... ")


def test_identical_text_scores_one() -> None:
    text = "The quick brown fox jumps over the lazy dog."
    counts = match(text, text)
    assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0)
    assert score_pages([counts]).f1 == 1.0


def test_disjoint_text_scores_zero() -> None:
    counts = match("one two three four five", "six seven eight nine ten")
    assert (counts.precision, counts.recall, counts.f1) == (0.0, 0.0, 0.0)


def test_case_is_not_folded() -> None:
    assert match("The cat sat down", "the cat sat down").f1 == 0.0


def test_partial_overlap_matches_hand_computed_value() -> None:
    # Truth has 3 shingles (1234, 2345, 3456); the prediction has only 1234:
    # tp=1, fp=0, fn=2, normalised to 1/3, 0, 2/3.
    counts = match("one two three four five six", "one two three four")
    assert counts.tp == pytest.approx(1 / 3)
    assert counts.fn == pytest.approx(2 / 3)
    assert counts.precision == 1.0
    assert counts.recall == pytest.approx(1 / 3)
    assert counts.f1 == pytest.approx(0.5)


def test_counts_are_normalised_to_sum_to_one() -> None:
    counts = match("a b c d e f g", "c d e f g h i j")
    assert counts.tp + counts.fp + counts.fn == pytest.approx(1.0)


def test_repeated_shingles_count_as_often_as_they_occur() -> None:
    # Truth: abcd x2, bcda, cdab, dabc; prediction: abcd once -> tp=1, fn=4.
    assert match("a b c d a b c d", "a b c d").recall == pytest.approx(1 / 5)
    # Prediction repeats the truth three times: 9 shingles, one of them true.
    assert match("a b c d", "a b c d a b c d a b c d").precision == pytest.approx(1 / 9)


def test_empty_prediction_is_left_out_of_precision_but_scores_zero_recall() -> None:
    perfect = match("one two three four five", "one two three four five")
    empty = match("one two three four five", "")
    assert not empty.has_prediction and empty.has_truth
    scores = score_pages([perfect, empty])
    assert scores.precision == 1.0
    assert scores.recall == 0.5
    assert scores.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert scores.pages == 2


def test_output_without_truth_counts_only_against_precision() -> None:
    counts = match("", "some words that should not be here")
    assert counts.has_prediction and not counts.has_truth
    scores = score_pages([counts, match("a b c d", "a b c d")])
    assert scores.precision == 0.5
    assert scores.recall == 1.0


def test_page_with_neither_truth_nor_output_counts_in_no_mean() -> None:
    nothing = match("", "")
    assert nothing == Counts(0.0, 0.0, 0.0)
    assert score_pages([nothing, match("a b c d e", "a b c d")]).recall == pytest.approx(0.5)


def test_no_pages_scores_zero() -> None:
    assert score_pages([]).f1 == 0.0
