"""Story clustering on invented articles, and the benchmark's cluster metrics by hand."""

from __future__ import annotations

import pytest

from bench.story_metrics import b_cubed, ceaf_e, muc, score_partition
from sourcetrace.models import Article, Span
from sourcetrace.stories import (
    COMPONENT,
    StoryInput,
    cluster_stories,
    group_stories,
    name_terms,
    story_distances,
)
from tests.stories_articles import BRENNICK, OSTRAVEL


def _inputs(*events: tuple[tuple[str, str], ...]) -> list[StoryInput]:
    return [StoryInput(text=text, title=title) for event in events for title, text in event]


def test_the_component_carries_a_version() -> None:
    assert COMPONENT.startswith("stories.") and COMPONENT.endswith(".v1")


def test_two_ferry_accidents_are_two_stories_each_kept_together() -> None:
    labels = cluster_stories(_inputs(BRENNICK, OSTRAVEL))
    assert labels[:3] == [labels[0]] * 3
    assert labels[3:] == [labels[3]] * 3
    assert labels[0] != labels[3]


def test_the_partition_does_not_depend_on_order() -> None:
    inputs = _inputs(BRENNICK, OSTRAVEL)
    order = [4, 0, 5, 2, 1, 3]
    labels = cluster_stories([inputs[i] for i in order])
    by_story = group_stories(labels)
    assert sorted(sorted(order[i] for i in story) for story in by_story) == [[0, 1, 2], [3, 4, 5]]


def test_stories_are_numbered_in_order_of_first_appearance() -> None:
    labels = cluster_stories(_inputs(OSTRAVEL, BRENNICK))
    assert labels == [0, 0, 0, 1, 1, 1]


def test_a_single_article_is_its_own_story() -> None:
    assert cluster_stories(_inputs(BRENNICK[:1])) == [0]


def test_no_articles_make_no_stories() -> None:
    assert cluster_stories([]) == []
    assert group_stories([]) == []


def test_articles_with_nothing_in_common_stay_apart() -> None:
    inputs = [StoryInput(text="Ferry capsizes."), StoryInput(text="Library reopens downtown.")]
    assert cluster_stories(inputs) == [0, 1]


def test_articles_without_words_do_not_break_clustering() -> None:
    assert cluster_stories([StoryInput(text=""), StoryInput(text="...")]) == [0, 1]


def test_distances_are_symmetric_with_a_zero_diagonal() -> None:
    distances = story_distances(_inputs(BRENNICK, OSTRAVEL))
    assert (distances == distances.T).all()
    assert distances.diagonal().tolist() == [0.0] * 6
    assert distances[0, 1] < distances[0, 3]


def test_name_terms_keep_names_runs_and_numbers_but_not_stop_words() -> None:
    terms = name_terms("The ferry Saltmarsh Queen sank off Brennick in 2019 with 1,200 aboard.")
    assert terms == ["saltmarsh", "queen", "saltmarsh queen", "brennick", "2019", "1200"]


def test_entity_keys_join_the_names_channel() -> None:
    plain = StoryInput(text="a ferry sank", entity_keys=("brennick.place",))
    twin = StoryInput(text="a ferry sank", entity_keys=("ostravel.place",))
    same = StoryInput(text="a ferry sank", entity_keys=("brennick.place",))
    distances = story_distances([plain, twin, same])
    assert distances[0, 2] < distances[0, 1]


def test_group_stories_puts_the_largest_story_first() -> None:
    assert group_stories([0, 1, 1, 2, 1, 0]) == [[1, 2, 4], [0, 5], [3]]


def test_from_article_reads_the_title_and_text() -> None:
    article = Article(text="Body.", paragraphs=(Span(0, 5),), source="a.html", title="Head")
    assert StoryInput.from_article(article, ["x.place"]) == StoryInput(
        text="Body.", title="Head", entity_keys=("x.place",)
    )


# The metrics, checked against counts worked out by hand. Gold {0,1,2} {3,4};
# predicted {0,1} {2,3,4}.
GOLD = ["a", "a", "a", "b", "b"]
PREDICTED = [1, 1, 2, 2, 2]


def test_b_cubed_by_hand() -> None:
    # Precision per document: 1, 1, 1/3, 2/3, 2/3 -> 11/15.
    # Recall per document: 2/3, 2/3, 1/3, 1, 1 -> 11/15.
    scores = b_cubed(GOLD, PREDICTED)
    assert scores.precision == pytest.approx(11 / 15)
    assert scores.recall == pytest.approx(11 / 15)


def test_muc_by_hand() -> None:
    # Recall: gold {0,1,2} is split in 2 pieces (3-2), {3,4} in 1 (2-1): 2 / (2+1).
    # Precision: predicted {0,1} in 1 gold piece (2-1), {2,3,4} in 2 (3-2): 2 / (1+2).
    scores = muc(GOLD, PREDICTED)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 3)


def test_ceaf_e_by_hand() -> None:
    # phi4: {0,1,2}~{0,1} = 4/5, {3,4}~{2,3,4} = 4/5; the crossed pairs score 2/5 and
    # 0, so the best alignment sums 8/5, over 2 clusters on each side.
    scores = ceaf_e(GOLD, PREDICTED)
    assert scores.precision == pytest.approx(0.8)
    assert scores.recall == pytest.approx(0.8)


def test_ceaf_e_aligns_one_to_one_when_the_counts_differ() -> None:
    # Everything in one cluster: it aligns with {0,1,2} (phi4 = 6/8) only.
    scores = ceaf_e(GOLD, [0] * 5)
    assert scores.precision == pytest.approx(0.75)
    assert scores.recall == pytest.approx(0.375)


def test_a_perfect_partition_scores_one_everywhere() -> None:
    scores = score_partition(GOLD, [7, 7, 7, 9, 9])
    assert scores.b3.f1 == scores.muc.f1 == scores.ceaf_e.f1 == pytest.approx(1.0)
    assert scores.conll_f1 == pytest.approx(1.0)
    assert scores.clusters == 2


def test_muc_is_degenerate_for_one_big_cluster() -> None:
    # Why MUC is never reported alone: lumping everything has perfect MUC recall.
    assert muc(GOLD, [0] * 5).recall == 1.0
    assert b_cubed(GOLD, [0] * 5).precision == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)


def test_all_singletons_score_zero_muc() -> None:
    assert muc(GOLD, [0, 1, 2, 3, 4]).f1 == 0.0


def test_metrics_refuse_partitions_of_different_lengths() -> None:
    with pytest.raises(ValueError):
        b_cubed(GOLD, [0, 0])
