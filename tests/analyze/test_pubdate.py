"""Publication day from text: a dated anchor and the lead's weekday, or unknown."""

from __future__ import annotations

from datetime import date

from sourcetrace.analyze.pubdate import infer_published

TODAY = date(2030, 6, 1)


def test_weekday_date_ahead_and_lead_weekday_pin_the_day() -> None:
    text = (
        "The ministers agreed on Thursday to resume talks, officials said.\n\n"
        "They are due to meet again on Monday, March 18, in Vienna."
    )
    inferred = infer_published(text, today=date(2029, 6, 1))
    # 18 March is a Monday in 2019, 2024 and 2030: the latest not after today is 2024.
    assert inferred.day == date(2024, 3, 14)
    assert inferred.rule == "pubdate.lead-weekday"
    assert inferred.confidence >= 0.88
    assert any("March 18" in line for line in inferred.evidence)


def test_anchor_behind_puts_the_day_on_or_after_it() -> None:
    text = (
        "The council voted on Wednesday to close the plant.\n\n"
        "The closure was first proposed on Monday, March 11."
    )
    assert infer_published(text, today=date(2024, 6, 1)).day == date(2024, 3, 13)


def test_a_full_date_with_its_year_is_too_weak_alone() -> None:
    # Articles cite old full dates as often as recent ones (measured on PolNeAR).
    text = "The council voted on Wednesday.\n\nIt was proposed on Monday, March 11, 2024."
    inferred = infer_published(text, today=TODAY)
    assert inferred.day is None
    assert any("explicit-year" in line for line in inferred.evidence)


def test_no_anchor_leaves_the_day_unknown() -> None:
    inferred = infer_published("The minister resigned on Tuesday.", today=TODAY)
    assert inferred.day is None
    assert inferred.confidence == 0.0
    assert inferred.evidence


def test_weak_evidence_is_left_unknown() -> None:
    # A bare date with the year from context: measured too unreliable to report.
    text = "Back in 2012, the law passed on Nov. 8. The senator said on Monday it must go."
    assert infer_published(text, today=TODAY).day is None


def test_the_future_is_never_inferred() -> None:
    text = "They met on Tuesday. They are due to meet on Sunday, February 1."
    # 1 February is a Sunday in 2015 and 2026: before 2026 only 2015 is possible.
    assert infer_published(text, today=date(2025, 6, 1)).day == date(2015, 1, 27)
    assert infer_published(text, today=date(2026, 6, 1)).day == date(2026, 1, 27)


def test_two_dated_posts_pin_the_news_day() -> None:
    text = (
        "The mayor's remarks drew quick replies.\n\n"
        "Not what we were promised. — Jo Reader (@joreader) May 14, 2027\n\n"
        "We will be watching. — City Watch (@citywatch) May 14, 2027\n\n"
        "The council meets again next month."
    )
    inferred = infer_published(text, today=TODAY)
    assert inferred.day == date(2027, 5, 14)
    assert inferred.rule == "pubdate.dated-posts"
    assert inferred.confidence >= 0.88


def test_a_lone_dated_post_is_too_weak() -> None:
    # Articles also embed posts from days before: one alone is right too rarely.
    text = "She replied at once. — Jo Reader (@joreader) May 14, 2027\n\nThe row went on."
    inferred = infer_published(text, today=TODAY)
    assert inferred.day is None
    assert any("May 14, 2027" in line for line in inferred.evidence)


def test_a_later_reported_date_vetoes_the_posts() -> None:
    text = (
        "Reply one. — Jo Reader (@joreader) May 14, 2027\n\n"
        "Reply two. — City Watch (@citywatch) May 14, 2027\n\n"
        "The council voted on June 2, 2027, to close the plant, officials said."
    )
    assert infer_published(text, today=TODAY).day is None


def test_a_weekday_full_date_pair_counts_and_a_closing_date_line_does_not() -> None:
    text = (
        "Crowds gathered on Thursday, June 16, 2022, at the airport.\n\n"
        "The president landed on Thursday, June 16, 2022, officials said.\n\n"
        "Saturday, June 25, 2022."
    )
    assert infer_published(text, today=TODAY).day == date(2022, 6, 16)
