"""Time references: rules find expressions and anchor them to the publication day."""

from __future__ import annotations

from datetime import date

import pytest

from sourcetrace.analyze.timerefs import find_timerefs, points_ahead, year_for

WEDNESDAY = date(2024, 3, 13)


def _refs(text: str, published: date | None = WEDNESDAY) -> dict[str, tuple[object, object]]:
    return {ref.text: (ref.start, ref.end) for ref in find_timerefs(text, published)}


def test_bare_weekday_is_the_latest_one_on_or_before_publication() -> None:
    refs = _refs("The minister said on Monday that talks failed. She resigned on Wednesday.")
    assert refs["on Monday"] == (date(2024, 3, 11), date(2024, 3, 11))
    assert refs["on Wednesday"] == (WEDNESDAY, WEDNESDAY)


def test_weekday_in_a_clause_pointing_ahead_is_the_next_one() -> None:
    refs = _refs("The committee will vote on Friday.")
    assert refs["on Friday"] == (date(2024, 3, 15), date(2024, 3, 15))


def test_earlier_on_weekday_keeps_the_day() -> None:
    assert _refs("It reported earlier on Tuesday.")["earlier on Tuesday"][0] == date(2024, 3, 12)


def test_last_weekend_and_over_the_weekend_are_the_previous_saturday_and_sunday() -> None:
    refs = _refs("They met last weekend's summit and talked over the weekend.")
    assert refs["last weekend"] == (date(2024, 3, 9), date(2024, 3, 10))
    assert refs["over the weekend"] == (date(2024, 3, 9), date(2024, 3, 10))


def test_late_last_week_is_thursday_to_sunday_of_the_previous_week() -> None:
    assert _refs("Talks were held late last week.")["late last week"] == (
        date(2024, 3, 7),
        date(2024, 3, 10),
    )


def test_recently_is_open_towards_the_past() -> None:
    assert _refs("He recently said so.")["recently"] == (None, WEDNESDAY)


def test_weekday_date_pair_takes_the_year_near_publication() -> None:
    refs = _refs("They meet again on Saturday, March 16, in Geneva.")
    assert refs["Saturday, March 16"] == (date(2024, 3, 16), date(2024, 3, 16))


def test_explicit_dates_and_years_need_no_publication_day() -> None:
    refs = _refs("Signed on Sept. 11, 2016, and amended in 2019 and in March 2020.", None)
    assert refs["Sept. 11, 2016"] == (date(2016, 9, 11), date(2016, 9, 11))
    assert refs["in 2019"] == (date(2019, 1, 1), date(2019, 12, 31))
    assert refs["March 2020"] == (date(2020, 3, 1), date(2020, 3, 31))


def test_relative_expressions_stay_unresolved_without_a_publication_day() -> None:
    (ref,) = find_timerefs("She spoke on Monday.", None)
    assert not ref.resolved


def test_dateparser_reads_yesterday_and_days_ago() -> None:
    refs = _refs("It happened yesterday, two days ago.")
    assert refs["yesterday"][0] == date(2024, 3, 12)
    assert refs["two days ago"][0] == date(2024, 3, 11)


def test_may_the_verb_is_not_a_month() -> None:
    assert find_timerefs("Officials may 5 times reconsider.", WEDNESDAY) == ()


def test_points_ahead_reads_only_the_clause() -> None:
    text = "They will meet, but he spoke on Monday"
    assert points_ahead("They are due to meet on ", len("They are due to meet on "))
    assert not points_ahead(text, text.index("on Monday"))


def test_year_for_finds_the_year_a_weekday_falls_on() -> None:
    assert year_for(2, 1, 6, date(2026, 7, 1)) == 2026  # 1 February 2026 is a Sunday
    assert year_for(2, 1, 6, date(2016, 7, 1)) == 2015


@pytest.mark.parametrize("published", [date(1, 1, 1), date(9999, 12, 31)])
def test_references_at_the_calendar_edges_stay_unresolved_instead_of_failing(published):
    text = "The minister said on Tuesday that talks would resume next week, after last weekend."
    refs = find_timerefs(text, published)
    assert {ref.text for ref in refs} >= {"on Tuesday", "next week"}
    assert all(ref.start is None or date.min <= ref.start <= date.max for ref in refs)
