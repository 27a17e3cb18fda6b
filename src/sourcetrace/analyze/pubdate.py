"""Publication day from the text, for pages whose metadata gives none.

Reads ``article.text``; writes ``published_inference``. News style names days of the past
week by weekday ("told Reuters on Tuesday") and anything further by date; so a dated
mention anchors the calendar and the lead's weekday pins the day. Two steps, each a
named rule with its evidence:

1. Anchor: a date the text gives in full. ``pubdate.weekday-date`` ("Sunday, February 1")
   pins the year as the one nearest the latest year the text mentions (else today's), not
   in the future, in which that day falls on that weekday;
   ``pubdate.explicit-year`` reads "Sept. 11, 2016"; ``pubdate.context-year`` gives a bare
   "Sept. 11" the latest year the text mentions, trusted more when a weekday the text
   uses falls on it.
2. Day: ``pubdate.lead-weekday``: the first weekday reported in the past tense is the
   news day, taken within the week before an anchor that lies ahead ("are due to meet on
   Sunday, February 1") or the week after one that lies behind.

Before both, ``pubdate.dated-posts``: a full date that news text prints only for the
news day's own moments: an embedded post's date ("... (@handle) July 23, 2016") or a
date with its matching weekday ("on Thursday, June 16, 2016"), not a closing date line.
The latest such date is the news day; it is trusted only when a second one agrees
within a day and no other full date contradicts it (a later date reported as past, an
earlier one ahead).

Without such evidence the day is left unknown: a wrong date is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sourcetrace.analyze.timerefs import MONTH, MONTHS, WEEKDAY, WEEKDAYS, points_ahead
from sourcetrace.models import DateInference

__all__ = ["COMPONENT", "MIN_CONFIDENCE", "infer_published"]

COMPONENT = "pubdate.text.v2"
# Below this the inference is reported as unknown. Measured on PolNeAR train+dev (2016
# news): explicit-year anchors were right 12 times in 49 (articles cite older dates, even
# with their weekday) and context-year ones 2 in 97, so only a yearless weekday-date
# anchor ("Sunday, February 1": news style for a day near publication) clears the bar.
MIN_CONFIDENCE = 0.88
# Trust in an anchor's year, by the rule that gave it.
YEAR_TRUST = {
    "pubdate.weekday-date": 0.95,
    "pubdate.explicit-year": 0.9,
    "pubdate.context-year+weekday": 0.8,
    "pubdate.context-year": 0.55,
}
# Trust in the latest dated post or weekday-full-date, by how many such dates agree
# within a day. Measured on PolNeAR train: with two or more, right 10 times in 10; alone,
# 10 in 14 (articles also embed posts from days before).
POST_TRUST = {1: 0.8, 2: 0.95}
# Trust in the lead weekday as the news day, once an anchor bounds the week.
LEAD_TRUST = 0.95

_ANCHOR = re.compile(
    rf"\b(?:({WEEKDAY}),?\s+)?(?:({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})\s+({MONTH}))"
    rf"\b(?:,?\s+((?:19|20)\d\d)\b)?"
)
_BARE_WEEKDAY = re.compile(
    rf"\b(?:(last|next|this|coming|previous)\s+)?({WEEKDAY})\b(?!,?\s+(?:{MONTH}|\d))",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b(?!\s*[-–]\s*\d)")
_FULL_DATE = re.compile(
    rf"\b(?:({WEEKDAY}),?\s+)?({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b"
)
# What precedes an embedded post's date: its author's handle, or a markup attribute.
_POST_BEFORE = re.compile(r"(?:\(@\w+\)\s*|tweet-date=[\"'])$")


@dataclass(frozen=True, slots=True)
class _Anchor:
    day: date
    text: str
    rule: str
    ahead: bool


def infer_published(text: str, *, today: date | None = None) -> DateInference:
    """Infer the publication day from an article's text alone, with evidence and confidence.

    ``today`` bounds the years considered (a page is not published in the future); it
    defaults to the current date.
    """
    today = today or date.today()
    dated = _dated_posts(text, today)
    if dated is not None and dated.confidence >= MIN_CONFIDENCE:
        return dated
    found = _lead_weekday(text, today)
    if found.day is None and dated is not None:
        return _unknown("the evidence is too weak", dated)
    return found


def _lead_weekday(text: str, today: date) -> DateInference:
    """Rule ``pubdate.lead-weekday``: the lead's weekday near a dated anchor."""
    weekdays = _bare_weekdays(text)
    anchors = _anchors(text, today, {w for w, _, _ in weekdays})
    lead = next(((w, s, t) for w, s, t in weekdays if not points_ahead(text, s)), None)
    if not anchors:
        return _unknown("no date in the text anchors the calendar")
    if lead is None:
        return _unknown("no weekday in the text names the news day")
    weekday, _, lead_text = lead
    best: DateInference | None = None
    for anchor in anchors:
        day = _day_near(anchor, weekday)
        if day > today:
            continue
        confidence = round(YEAR_TRUST[anchor.rule] * LEAD_TRUST, 3)
        if best is not None and (confidence, day) <= (best.confidence, best.day or day):
            continue
        where = "ahead" if anchor.ahead else "behind"
        evidence = (
            f"{anchor.text!r} ({anchor.rule}, {where}) = {anchor.day.isoformat()}",
            f"{lead_text!r} names the news day: the {WEEKDAYS[weekday].title()} "
            f"{'before' if anchor.ahead else 'on or after'} it, {day.isoformat()}",
        )
        best = DateInference(day, confidence, evidence, "pubdate.lead-weekday", COMPONENT)
    if best is None or best.confidence < MIN_CONFIDENCE:
        return _unknown("the evidence is too weak", best)
    return best


def _dated_posts(text: str, today: date) -> DateInference | None:
    """Rule ``pubdate.dated-posts``: the latest post date or weekday-full-date, if unopposed."""
    anchors: list[tuple[date, str]] = []
    past: list[date] = []
    ahead: list[date] = []
    for match in _FULL_DATE.finditer(text):
        name, month, day_number, year = match.groups()
        try:
            day = date(int(year), MONTHS.index(_month_name(month)) + 1, int(day_number))
        except ValueError:
            continue
        if not text[match.end() :].strip(" .\n") or day > today:
            continue  # a closing date line dates a correction or a notice, not the news
        is_post = _POST_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
        on_weekday = name is not None and WEEKDAYS.index(name.lower()) == day.weekday()
        if points_ahead(text, match.start()):
            ahead.append(day)
        elif is_post or on_weekday:
            anchors.append((day, match.group(0)))
        else:
            past.append(day)
    if not anchors:
        return None
    latest, shown = max(anchors)
    if any(day > latest + timedelta(days=1) for day in past) or any(d < latest for d in ahead):
        return None
    support = sum(abs((day - latest).days) <= 1 for day, _ in anchors)
    evidence = (
        f"{shown!r}: the latest dated post or weekday-date, {latest.isoformat()}",
        f"{support} such date(s) within a day of it; no full date contradicts it",
    )
    confidence = POST_TRUST[min(support, 2)]
    return DateInference(latest, confidence, evidence, "pubdate.dated-posts", COMPONENT)


def _unknown(reason: str, weak: DateInference | None = None) -> DateInference:
    evidence = (reason, *(weak.evidence if weak else ()))
    return DateInference(None, 0.0, evidence, "pubdate.unknown", COMPONENT)


def _bare_weekdays(text: str) -> list[tuple[int, int, str]]:
    """Return ``(weekday, offset, text)`` of weekdays named without a date or "next"/"last"."""
    return [
        (WEEKDAYS.index(m.group(2).lower()), m.start(), m.group(0))
        for m in _BARE_WEEKDAY.finditer(text)
        if m.group(1) is None
    ]


def _anchors(text: str, today: date, weekdays: set[int]) -> list[_Anchor]:
    context = _context_year(text, today)
    anchors: list[_Anchor] = []
    for match in _ANCHOR.finditer(text):
        name, month_a, day_a, day_b, month_b, year = match.groups()
        month = MONTHS.index(_month_name(month_a or month_b)) + 1
        day_number = int(day_a or day_b)
        found = _anchor_day(month, day_number, name, year, context, today, weekdays)
        if found is not None:
            anchors.append(
                _Anchor(found[0], match.group(0), found[1], points_ahead(text, match.start()))
            )
    return anchors


def _anchor_day(
    month: int,
    day: int,
    weekday_name: str | None,
    year: str | None,
    context: int | None,
    today: date,
    weekdays: set[int],
) -> tuple[date, str] | None:
    try:
        if year is not None:  # a full date is as often an old one cited: weaker
            return date(int(year), month, day), "pubdate.explicit-year"
        if weekday_name is not None:
            pinned = _pinned_year(month, day, WEEKDAYS.index(weekday_name.lower()), context, today)
            return (date(pinned, month, day), "pubdate.weekday-date") if pinned else None
        if context is None:
            return None
        candidate = date(context, month, day)
    except ValueError:  # February 30
        return None
    if candidate.weekday() in weekdays:
        return candidate, "pubdate.context-year+weekday"
    return candidate, "pubdate.context-year"


def _pinned_year(
    month: int, day: int, weekday: int, context: int | None, today: date
) -> int | None:
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


def _context_year(text: str, today: date) -> int | None:
    """Return the latest year the text mentions, no later than ``today``'s."""
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= today.year]
    return max(years) if years else None


def _day_near(anchor: _Anchor, weekday: int) -> date:
    """Return the ``weekday`` in the week before an anchor ahead, or from one behind."""
    if anchor.ahead:
        back = (anchor.day.weekday() - weekday) % 7 or 7
        return anchor.day - timedelta(days=back)
    return anchor.day + timedelta(days=(weekday - anchor.day.weekday()) % 7)


def _month_name(name: str) -> str:
    prefix = name.lower().rstrip(".")[:3]
    return next(month for month in MONTHS if month.startswith(prefix))
