"""Publication day from text: a dated anchor and the lead's weekday, or unknown."""

from __future__ import annotations

from datetime import date

from sourcetrace.analyze.pubdate import infer_published

TODAY = date(2030, 6, 1)


def test_weekday_date_ahead_and_lead_weekday_pin_the_day() -> None:
    text = (
        "The ministers agreed on Thursday to resume talks, officials said.\n\n"
        "They are due to meet again on Monday, March 18, in Vienna.\n\n"
        "A spokesman said on Thursday that the agenda was open."
    )
    inferred = infer_published(text, today=date(2029, 6, 1))
    # 18 March is a Monday in 2019, 2024 and 2030: the latest not after today is 2024.
    assert inferred.day == date(2024, 3, 14)
    assert inferred.rule == "pubdate.lead-weekday"
    assert inferred.confidence >= 0.88
    assert any("March 18" in line for line in inferred.evidence)


def test_anchor_behind_puts_the_day_on_or_after_it() -> None:
    text = (
        "The council voted earlier on Wednesday to close the plant.\n\n"
        "The closure was first proposed on Monday, March 11."
    )
    assert infer_published(text, today=date(2024, 6, 1)).day == date(2024, 3, 13)


def test_a_full_date_with_its_year_is_too_weak_alone() -> None:
    # Articles cite old full dates as often as recent ones (measured on PolNeAR).
    text = (
        "The council voted on Wednesday.\n\nIt was proposed on Monday, March 11, 2024.\n\n"
        "The mayor said on Wednesday she would appeal."
    )
    inferred = infer_published(text, today=TODAY)
    assert inferred.day is None
    assert any("March 11, 2024" in line for line in inferred.evidence)


def test_a_news_day_named_once_is_too_weak() -> None:
    # The event's day of a page published days later (Wikinews style) looks the same.
    text = (
        "The governor announced his resignation on Wednesday night.\n\n"
        "His chief of staff also resigns, effective next Wednesday, July 31."
    )
    inferred = infer_published(text, today=date(2019, 8, 30))
    assert inferred.day is None
    assert any("only once" in line for line in inferred.evidence)


def test_a_text_opening_with_its_day_gives_it() -> None:
    text = "Friday, January 4, 2019\n\n\nAn apartment building collapsed on Monday."
    inferred = infer_published(text, today=TODAY)
    assert inferred.day == date(2019, 1, 4)
    assert inferred.rule == "pubdate.opening-date"
    # Not alone on its line, or a weekday that does not match: not an opening date.
    assert infer_published("Friday, January 4, 2019, was cold.", today=TODAY).day is None
    assert infer_published("Monday, January 4, 2019\n\nText.", today=TODAY).day is None
    assert infer_published("Friday, January 4, 2036\n\nText.", today=TODAY).day is None


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
    text = "They met earlier on Tuesday. They are due to meet on Sunday, February 1."
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


def test_a_correction_names_this_articles_weekday() -> None:
    text = (
        "CORRECTION APPENDED.\n\nThe harbour authority raised its fees on Tuesday.\n\n"
        "CORRECTION:\n\nAn article on Monday about the harbour authority misstated its budget.\n\n"
        "Thursday, May 13, 2027."
    )
    inferred = infer_published(text, today=TODAY)
    # The Monday before the correction's Thursday, May 13, 2027.
    assert inferred.day == date(2027, 5, 10)
    assert inferred.rule == "pubdate.correction"


def test_a_correction_names_this_articles_month_day() -> None:
    text = (
        "The orchard co-operative shut two mills.\n\nCORRECTION:\n\n"
        "Because of an editing error, an article on Dec. 30 about the co-operative misstated "
        "its age.\n\nTuesday, January 5, 2027."
    )
    assert infer_published(text, today=TODAY).day == date(2026, 12, 30)


def test_a_correction_without_its_date_line_says_nothing() -> None:
    text = "CORRECTION: An article on Monday about the harbour misstated its budget."
    assert infer_published(text, today=TODAY).day is None


def test_a_lone_post_confirmed_by_the_lead_weekday_pins_the_day() -> None:
    text = (
        "The mayor defended the budget on Wednesday, drawing quick replies.\n\n"
        "Not what we were promised. — Jo Reader (@joreader) May 13, 2027\n\n"
        "The council meets again next month."
    )
    inferred = infer_published(text, today=TODAY)
    # 13 May 2027 is a Thursday: the post came the day after the lead's Wednesday.
    assert inferred.day == date(2027, 5, 13)
    assert inferred.rule == "pubdate.dated-post-weekday"
    assert any("Wednesday" in line for line in inferred.evidence)


def test_a_lone_post_the_lead_weekday_does_not_confirm_stays_unknown() -> None:
    text = (
        "The mayor defended the budget on Saturday.\n\n"
        "Not what we were promised. — Jo Reader (@joreader) May 13, 2027"
    )
    assert infer_published(text, today=TODAY).day is None


def test_a_dateline_with_its_year_dates_the_text() -> None:
    text = "Ferry fares rise.\n\nHALIFAX, N.S., Oct. 3, 2027 (Wire) — Fares rise next month."
    inferred = infer_published(text, today=TODAY)
    assert inferred.day == date(2027, 10, 3)
    assert inferred.rule == "pubdate.dateline"


def test_a_dateline_takes_the_year_of_a_nearby_full_date() -> None:
    text = (
        "Ferry fares rise.\n\nHALIFAX, Oct. 3 (Wire) — The ferry board raised fares.\n\n"
        "The board first met on September 28, 2027, to review costs."
    )
    assert infer_published(text, today=TODAY).day == date(2027, 10, 3)


def test_a_dateline_without_a_year_in_the_text_stays_unknown() -> None:
    # The last Oct. 3 before today is a guess that fails on any archived page.
    text = "Ferry fares rise.\n\nHALIFAX, Oct. 3 (Wire) — The ferry board raised fares on Tuesday."
    inferred = infer_published(text, today=TODAY)
    assert inferred.day is None
    assert any("HALIFAX, Oct. 3" in line for line in inferred.evidence)


def test_a_paragraph_opening_with_a_date_is_no_dateline() -> None:
    text = "Ferry fares rise.\n\nOct. 3 — a date to remember, 2027 — was when fares rose."
    assert infer_published(text, today=TODAY).rule != "pubdate.dateline"


def test_yesterday_with_its_date_dates_the_text() -> None:
    text = (
        "The regional council, which first met on October 2, 2027, voted yesterday "
        "(Oct. 11) to widen the coast road."
    )
    inferred = infer_published(text, today=TODAY)
    assert inferred.day == date(2027, 10, 12)
    assert inferred.rule == "pubdate.deictic-date"


def test_today_with_a_weekday_date_takes_the_first_such_year_since_the_text_s() -> None:
    # 12 October is a Tuesday in 2021 and 2027; the text reports 2026 as past.
    text = "In 2026 the road closed. The council meets today, Tuesday, Oct. 12, to reopen it."
    assert infer_published(text, today=TODAY).day == date(2027, 10, 12)


def test_yesterday_with_a_date_but_no_year_stays_unknown() -> None:
    text = "The council voted yesterday (Oct. 11) to widen the coast road."
    assert infer_published(text, today=TODAY).day is None


def test_a_countdown_to_a_dated_event_dates_the_text() -> None:
    text = "With 19 days until the Nov. 8, 2027 referendum, both camps ramped up spending."
    inferred = infer_published(text, today=TODAY)
    assert inferred.day == date(2027, 10, 20)
    assert inferred.rule == "pubdate.countdown"


def test_a_past_interval_before_an_event_is_no_countdown() -> None:
    text = "The debate came 15 days before the Feb. 1, 2027 caucuses, aides said on Monday."
    assert infer_published(text, today=TODAY).rule != "pubdate.countdown"
