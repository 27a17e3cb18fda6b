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

Without an anchor and a lead weekday the day is left unknown: a wrong date is worse
than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sourcetrace.analyze.timerefs import MONTH, WEEKDAY, WEEKDAYS, points_ahead
from sourcetrace.models import DateInference

__all__ = ["COMPONENT", "MIN_CONFIDENCE", "infer_published"]

COMPONENT = "pubdate.text.v1"
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
# Trust in the lead weekday as the news day, once an anchor bounds the week.
LEAD_TRUST = 0.95

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_ANCHOR = re.compile(
    rf"\b(?:({WEEKDAY}),?\s+)?(?:({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})\s+({MONTH}))"
    rf"\b(?:,?\s+((?:19|20)\d\d)\b)?"
)
_BARE_WEEKDAY = re.compile(
    rf"\b(?:(last|next|this|coming|previous)\s+)?({WEEKDAY})\b(?!,?\s+(?:{MONTH}|\d))",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b(?!\s*[-–]\s*\d)")


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
        month = _MONTHS.index(_month_name(month_a or month_b)) + 1
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
    return next(month for month in _MONTHS if month.startswith(prefix))
