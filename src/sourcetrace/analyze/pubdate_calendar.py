"""Calendar arithmetic for ``pubdate``: the year of a date the text gives without one.

Holds no rule and no trust: ``pubdate`` reads the text's cues and decides how far to
believe a day; this module places a day on the calendar and says where its year came
from. A yearless date takes the year of a full date in the text within two weeks of it;
else, when a weekday goes with it, the first year since the latest past year the text
mentions in which the date falls on that weekday; else the last such day before today.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sourcetrace.analyze.timerefs import MONTH, MONTHS, WEEKDAY, WEEKDAYS, points_ahead

__all__ = [
    "FULL_DATE",
    "context_year",
    "latest_on_or_before",
    "make_date",
    "month_number",
    "pinned_year",
    "resolve_day",
    "weekday_near",
    "weekdays_of",
]

FULL_DATE = re.compile(
    rf"\b(?:({WEEKDAY}),?\s+)?({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b"
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b(?!\s*[-–]\s*\d)")
_NEAR_DAYS = 14


def resolve_day(match: re.Match[str], text: str, today: date) -> tuple[date, str, str] | None:
    """Return a yearless or full date's day, how its year was found, and where from.

    ``match`` has groups ``month``, ``day``, ``year`` and optionally ``weekday``. The
    source is ``own`` (the date's year), ``near`` (that of a full date in the text within
    two weeks), ``weekday`` (the first year from the latest past year the text mentions in
    which the day falls on its weekday) or ``today`` (the last such day before ``today``).
    A day after ``today``, or one whose weekday disagrees with the date's, is None.
    """
    month, number = month_number(match["month"]), int(match["day"])
    weekday = match.groupdict().get("weekday")
    if match["year"]:
        day = make_date(int(match["year"]), month, number)
        found = (day, "its own year", "own") if day else None
    elif (near := _year_near(text, month, number)) is not None:
        day = make_date(near[0], month, number)
        found = (day, f"the year of {near[1]!r}, within two weeks", "near") if day else None
    elif weekday and (pinned := _year_after_floor(text, month, number, weekday, today)):
        day = date(pinned[0], month, number)
        found = (day, f"the first {weekday} since {pinned[1]}", "weekday")
    else:
        day = latest_on_or_before(month, number, today)
        found = (day, "the last such day before today", "today") if day else None
    if found is None or found[0] > today:
        return None
    if weekday and WEEKDAYS.index(weekday.lower()) != found[0].weekday():
        return None  # the date's own weekday disagrees: a misprint or another year
    return found


def _year_after_floor(
    text: str, month: int, number: int, weekday: str, today: date
) -> tuple[int, int] | None:
    """Return the first year, from the latest past year the text mentions, with that weekday."""
    years = [
        int(m.group(1))
        for m in _YEAR.finditer(text)
        if int(m.group(1)) <= today.year and not points_ahead(text, m.start())
    ]
    if not years:
        return None
    floor = max(years)
    for year in range(floor, today.year + 1):
        day = make_date(year, month, number)
        if day is not None and day.weekday() == WEEKDAYS.index(weekday.lower()) and day <= today:
            return year, floor
    return None


def _year_near(text: str, month: int, day_number: int) -> tuple[int, str] | None:
    """Return the one year putting ``month/day`` within two weeks of a full date in the text."""
    years: dict[int, str] = {}
    for match in FULL_DATE.finditer(text):
        _, month_name, number, year = match.groups()
        full = make_date(int(year), month_number(month_name), int(number))
        for candidate in (int(year) - 1, int(year), int(year) + 1):
            day = make_date(candidate, month, day_number)
            if full and day and abs((day - full).days) <= _NEAR_DAYS:
                years.setdefault(candidate, match.group(0))
    return next(iter(years.items())) if len(years) == 1 else None


def pinned_year(month: int, day: int, weekday: int, context: int | None, today: date) -> int | None:
    """Return the year nearest the text's own (else ``today``) in which the date is that weekday.

    Years after ``today`` (plus a week) are excluded; the weekday cycle of a date repeats
    within 11 years, so 12 either side are searched.
    """
    around = date(context, 7, 1) if context else today
    best: tuple[int, int] | None = None
    for year in range(around.year - 12, around.year + 13):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February
            continue
        if candidate.weekday() != weekday or candidate > today + timedelta(days=7):
            continue
        distance = abs((candidate - around).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def context_year(text: str, today: date) -> int | None:
    """Return the latest year the text mentions, no later than ``today``'s."""
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= today.year]
    return max(years) if years else None


def weekday_near(day: date, weekday: int, *, before: bool) -> date:
    """Return the ``weekday`` in the week before ``day``, or else the first on or after it."""
    if before:
        return day - timedelta(days=(day.weekday() - weekday) % 7 or 7)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def weekdays_of(day: date, days_before: int) -> set[int]:
    """Return the weekdays of ``day`` and of the ``days_before`` days before it."""
    return {(day - timedelta(days=back)).weekday() for back in range(days_before + 1)}


def latest_on_or_before(month: int, day_number: int, limit: date) -> date | None:
    """Return the last ``month/day_number`` on or before ``limit``, this year or last."""
    for year in (limit.year, limit.year - 1):
        day = make_date(year, month, day_number)
        if day is not None and day <= limit:
            return day
    return None


def make_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when there is no such day."""
    try:
        return date(year, month, day)
    except ValueError:  # February 30
        return None


def month_number(name: str) -> int:
    """Return the number (1-12) of a month named in full or abbreviated ("Sept.")."""
    prefix = name.lower().rstrip(".")[:3]
    return MONTHS.index(next(month for month in MONTHS if month.startswith(prefix))) + 1
