"""The furniture leak detectors on hand-written strings."""

from __future__ import annotations

import pytest

from bench.leaks import LEAK_CLASSES, find_leaks, leaked_lines

TRUTH = "The council voted on Tuesday to close the bridge for repairs."


@pytest.mark.parametrize(
    ("line", "leak_class"),
    [
        ("John Smith is a reporter at The Daily Planet covering city hall.", "author_bio"),
        ("I'm Jane Doe, and as an editor, I'm committed to getting it right.", "author_bio"),
        ("As a senior editor, I'm committed to accuracy.", "author_bio"),
        ("About the author", "author_bio"),
        ("Related Articles", "related_list"),
        ("More stories", "related_list"),
        ("Most read", "related_list"),
        ("You may also like", "related_list"),
        ("Read more: Bridge closures across the county", "related_list"),
        ("Leave a Reply", "comment_form"),
        ("Your email address will not be published.", "comment_form"),
        ("Post a comment", "comment_form"),
        ("Comments are closed.", "comment_form"),
        ("Sign up for our newsletter", "newsletter_prompt"),
        ("Subscribe to our weekly newsletter for more.", "newsletter_prompt"),
        ("Photo: Jane Doe", "photo_credit"),
        ("(Photo by Chip Somodevilla/Getty Images)", "photo_credit"),
        ("Image credit: NASA", "photo_credit"),
        ("© Reuters", "photo_credit"),
        ("Getty Images", "photo_credit"),
        ("Share this article", "share_widget"),
        ("This site uses cookies to improve your experience.", "cookie_prompt"),
    ],
)
def test_detector_finds_furniture_line(line: str, leak_class: str) -> None:
    assert find_leaks(f"{TRUTH}\n{line}", TRUTH) == {leak_class}


@pytest.mark.parametrize(
    "line",
    [
        "The reporter said the bridge would reopen in May.",
        "Related to that, the mayor asked for more money.",
        "She read more than forty reports before the vote.",
        "Residents can leave a comment at the town hall meeting.",
        "The newsletter of the residents' association was sent on Monday.",
        "Photography of the bridge is not allowed during the works.",
        "Getty Images, the photo agency, said on Monday that it had bought a rival in Europe.",
        "I'm told the repairs will take a year, the engineer said.",
    ],
)
def test_detector_ignores_ordinary_prose(line: str) -> None:
    assert find_leaks(f"{TRUTH}\n{line}", TRUTH) == set()


def test_line_that_is_in_the_truth_is_not_a_leak() -> None:
    truth = f"{TRUTH}\nRead more: the council's full report is online."
    assert find_leaks(truth, truth) == set()


def test_truth_check_ignores_whitespace_and_punctuation_differences() -> None:
    truth = "Photo credit -- Jane   Doe\nThe bridge is closed."
    assert find_leaks("Photo credit: Jane Doe\nThe bridge is closed.", truth) == set()


def test_leaked_lines_reports_each_leaking_line_by_class() -> None:
    prediction = f"{TRUTH}\n  Related   Articles \nMost read\nPhoto: Jane Doe"
    assert leaked_lines(prediction, TRUTH) == {
        "related_list": ["Related Articles", "Most read"],
        "photo_credit": ["Photo: Jane Doe"],
    }


def test_required_classes_are_all_detected() -> None:
    required = {"author_bio", "related_list", "comment_form", "newsletter_prompt", "photo_credit"}
    assert required <= set(LEAK_CLASSES)
