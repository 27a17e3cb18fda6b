"""Publication day from the text, for pages whose metadata gives none.

Reads ``article.text``; writes ``published_inference``. Each rule is named and keeps its
evidence; the first to clear ``MIN_CONFIDENCE`` wins, in this order:

0. ``pubdate.opening-date``: the text opens with a full date alone on its line
   ("Friday, January 4, 2019"), its weekday (when given) matching: the page's own day.
1. ``pubdate.correction``: an appended correction ("CORRECTION: ... An article on
   Monday about ...") names this article's day, counted back from the correction's
   closing date line ("Saturday, December 19, 2015.").
2. ``pubdate.dated-posts``: a full date that news text prints only for the news day's
   own moments: an embedded post's date ("... (@handle) July 23, 2016") or a date with
   its matching weekday ("on Thursday, June 16, 2016"), not a closing date line. The
   latest such date is the news day; it is trusted when a second one agrees within a day
   and no other full date contradicts it (a later date reported as past, an earlier one
   ahead). ``pubdate.dated-post-weekday``: a lone such date is trusted when the lead's
   weekday ("said on Tuesday") names its day or the day before.
3. ``pubdate.dateline``: a wire dateline opens the text ("NEW YORK, Nov. 19 (UPI) —").
4. ``pubdate.deictic-date``: the text dates its own "yesterday", "today", "tonight",
   "this morning" or "last night" ("yesterday (Oct. 19)", "today's (Oct. 20)").
5. ``pubdate.countdown``: "with 19 days until the Nov. 8 election": the event's date
   less the count.
6. ``pubdate.lead-weekday``: an anchor, a date the text gives (``pubdate.weekday-date``
   "Sunday, February 1" pins the year as the one nearest the latest year the text
   mentions, else today's, not in the future, in which that day is that weekday;
   ``pubdate.explicit-year`` "Sept. 11, 2016"; ``pubdate.context-year`` a bare "Sept. 11"
   in the latest year the text mentions), then the first weekday reported in the past
   tense is the news day, within the week before an anchor that lies ahead ("are due to
   meet on Sunday, February 1") or the week after one that lies behind. Only a news day
   the text names twice, or "earlier on" it, counts: named once, it may be the event's
   day of a page published days later.

Rules 3 to 5 give a day without a year unless the text has one: the date's own; else
that of a full date in the text within two weeks of it; else, when a weekday goes with
the date, the first year since the latest past year the text mentions in which the date
falls on it. Failing those, the last such day before today is a guess right only for a
fresh page, too weak to report. That calendar arithmetic lives in ``pubdate_calendar``;
the trust in each source of a year stays here, with the rules.

Without such evidence the day is left unknown: a wrong date is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sourcetrace.analyze.pubdate_calendar import (
    FULL_DATE,
    context_year,
    latest_on_or_before,
    make_date,
    month_number,
    pinned_year,
    resolve_day,
    weekday_near,
    weekdays_of,
)
from sourcetrace.analyze.pubdate_patterns import (
    ANCHOR,
    BARE_WEEKDAY,
    CORRECTED,
    CORRECTION,
    CORRECTION_CHARS,
    COUNT_WORDS,
    COUNTDOWN,
    DATELINE,
    DATELINE_CHARS,
    DEICTIC,
    EARLIER,
    OPENING,
    POST_BEFORE,
)
from sourcetrace.analyze.timerefs import WEEKDAYS, points_ahead
from sourcetrace.models import DateInference

__all__ = ["COMPONENT", "MIN_CONFIDENCE", "infer_published"]

COMPONENT = "pubdate.text.v4"
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
# A lone one whose day (or the day before) the lead's weekday names: right 7 times in 7
# on PolNeAR train; the 4 wrong lone ones name no weekday at all.
POST_WEEKDAY_TRUST = 0.95
# Trust in the lead weekday as the news day, once an anchor bounds the week.
LEAD_TRUST = 0.95
# Trust in a correction's "an article on Monday" against its closing date line: right 5
# times in 5 on PolNeAR train.
CORRECTION_TRUST = 0.95
# Trust in a day the text calls its own (a dateline, "yesterday (Oct. 19)", a countdown),
# by where its year comes from. Without a year in the text the last such day before
# today is right only for a fresh page: on PolNeAR train every dateline gave the right
# day and none the right year that way.
YEAR_SOURCE_TRUST = {"own": 0.95, "near": 0.9, "weekday": 0.9, "today": 0.5}
# Trust in a full date alone on the text's first line: right 175 times in 175 on
# Wikinews 2019-2020 (PolNeAR texts never open with one).
OPENING_TRUST = 0.95


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
    weak: DateInference | None = None
    rules = (_opening_date, _correction, _dated_posts, _dateline, _deictic_date, _countdown)
    for rule in rules:
        found = rule(text, today)
        if found is not None and found.confidence >= MIN_CONFIDENCE:
            return found
        if found is not None and (weak is None or found.confidence > weak.confidence):
            weak = found
    found = _lead_weekday(text, today)
    if found.day is None and weak is not None:
        return _unknown("the evidence is too weak", weak)
    return found


def _opening_date(text: str, today: date) -> DateInference | None:
    """Rule ``pubdate.opening-date``: the text opens with its day, alone on a line."""
    match = OPENING.match(text)
    if match is None:
        return None
    name, month, day_number, year = match.groups()
    day = make_date(int(year), month_number(month), int(day_number))
    if day is None or day > today or (name and WEEKDAYS.index(name.lower()) != day.weekday()):
        return None
    evidence = (f"the text opens with {match.group(0).strip()!r}",)
    return DateInference(day, OPENING_TRUST, evidence, "pubdate.opening-date", COMPONENT)


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
    named = [s for w, s, _ in weekdays if w == weekday and not points_ahead(text, s)]
    if len(named) < 2 and not EARLIER.search(text[max(0, named[0] - 12) : named[0]]):
        # Named once, the weekday may be the news event's day with the page out days
        # later (Wikinews: 0 right in 4); wire copy names its news day again and again.
        return _unknown(f"{lead_text!r} names the news day only once")
    best: DateInference | None = None
    for anchor in anchors:
        day = weekday_near(anchor.day, weekday, before=anchor.ahead)
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
    """Rules ``pubdate.dated-posts``, ``pubdate.dated-post-weekday``: the latest post date."""
    anchors: list[tuple[date, str]] = []
    past: list[date] = []
    ahead: list[date] = []
    for match in FULL_DATE.finditer(text):
        name, month, day_number, year = match.groups()
        day = make_date(int(year), month_number(month), int(day_number))
        if day is None or _closing(text, match) or day > today:
            continue  # a closing date line dates a correction or a notice, not the news
        is_post = POST_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
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
    evidence = [
        f"{shown!r}: the latest dated post or weekday-date, {latest.isoformat()}",
        f"{support} such date(s) within a day of it; no full date contradicts it",
    ]
    rule, confidence = "pubdate.dated-posts", POST_TRUST[min(support, 2)]
    lead = _lead(text)
    if support == 1 and lead is not None and lead[0] in weekdays_of(latest, 1):
        # The lead's news day is the post's day or the day before: a reaction posted then.
        rule, confidence = "pubdate.dated-post-weekday", POST_WEEKDAY_TRUST
        evidence.append(f"{lead[1]!r} in the lead names its day or the day before")
    return DateInference(latest, confidence, tuple(evidence), rule, COMPONENT)


def _correction(text: str, today: date) -> DateInference | None:
    """Rule ``pubdate.correction``: an appended correction names this article's day."""
    marker = CORRECTION.search(text)
    closing = _closing_date(text)
    if marker is None or closing is None or closing > today:
        return None
    cited = CORRECTED.search(text, marker.end(), marker.end() + CORRECTION_CHARS)
    if cited is None:
        return None
    weekday, month, day_number = cited.groups()
    if weekday is not None:  # a weekday: the latest one before the correction ran
        day: date | None = weekday_near(closing, WEEKDAYS.index(weekday.lower()), before=True)
    else:
        day = latest_on_or_before(month_number(month), int(day_number), closing)
    if day is None:
        return None
    evidence = (
        f"{cited.group(0)!r} in a correction dated {closing.isoformat()}",
        f"the corrected article is this one: {day.isoformat()}",
    )
    return DateInference(day, CORRECTION_TRUST, evidence, "pubdate.correction", COMPONENT)


def _dateline(text: str, today: date) -> DateInference | None:
    """Rule ``pubdate.dateline``: a wire dateline ("NEW YORK, Nov. 19 (UPI) —") opens the text."""
    match = next(
        (m for m in DATELINE.finditer(text[:DATELINE_CHARS]) if m["place"] or m["agency"]),
        None,
    )
    if match is None:
        return None
    found = _resolve(match, text, today)
    if found is None:
        return None
    day, how, confidence = found
    shown = " ".join(match.group(0).split())
    evidence = (f"{shown!r} opens the text: the day it was filed, {day.isoformat()} ({how})",)
    return DateInference(day, confidence, evidence, "pubdate.dateline", COMPONENT)


def _deictic_date(text: str, today: date) -> DateInference | None:
    """Rule ``pubdate.deictic-date``: "yesterday (Oct. 19)", "today, Oct. 20" date the text."""
    for match in DEICTIC.finditer(text):
        found = _resolve(match, text, today)
        if found is None:
            continue
        day, how, confidence = found
        after = 1 if match["cue"].lower() in {"yesterday", "last night"} else 0
        published = day + timedelta(days=after)
        if published > today:
            continue
        evidence = (
            f"{match.group(0)!r} = {day.isoformat()} ({how}), "
            f"so the text was written {published.isoformat()}",
        )
        return DateInference(published, confidence, evidence, "pubdate.deictic-date", COMPONENT)
    return None


def _countdown(text: str, today: date) -> DateInference | None:
    """Rule ``pubdate.countdown``: "with 19 days until the Nov. 8 election": the event less N."""
    for match in COUNTDOWN.finditer(text):
        found = _resolve(match, text, today)
        if found is None:
            continue
        day, how, confidence = found
        count = COUNT_WORDS.get(match["n"].lower()) or int(match["n"])
        published = day - timedelta(days=count)
        if published > today:
            continue
        evidence = (
            f"{match.group(0)!r}: the event is {day.isoformat()} ({how}), "
            f"{count} days after the text was written, {published.isoformat()}",
        )
        return DateInference(published, confidence, evidence, "pubdate.countdown", COMPONENT)
    return None


def _resolve(match: re.Match[str], text: str, today: date) -> tuple[date, str, float] | None:
    """Return a yearless or full date's day, how its year was found, and the trust in it."""
    found = resolve_day(match, text, today)
    if found is None:
        return None
    day, how, source = found
    return day, how, YEAR_SOURCE_TRUST[source]


def _closing_date(text: str) -> date | None:
    """Return the full date of a closing date line (a correction's or a notice's), if any."""
    for match in FULL_DATE.finditer(text):
        if _closing(text, match):
            _, month, number, year = match.groups()
            return make_date(int(year), month_number(month), int(number))
    return None


def _closing(text: str, match: re.Match[str]) -> bool:
    return not text[match.end() :].strip(" .\n")


def _lead(text: str) -> tuple[int, str] | None:
    """Return the first weekday reported in the past tense, and its text."""
    return next(((w, t) for w, s, t in _bare_weekdays(text) if not points_ahead(text, s)), None)


def _unknown(reason: str, weak: DateInference | None = None) -> DateInference:
    evidence = (reason, *(weak.evidence if weak else ()))
    return DateInference(None, 0.0, evidence, "pubdate.unknown", COMPONENT)


def _bare_weekdays(text: str) -> list[tuple[int, int, str]]:
    """Return ``(weekday, offset, text)`` of weekdays named without a date or "next"/"last"."""
    return [
        (WEEKDAYS.index(m.group(2).lower()), m.start(), m.group(0))
        for m in BARE_WEEKDAY.finditer(text)
        if m.group(1) is None
    ]


def _anchors(text: str, today: date, weekdays: set[int]) -> list[_Anchor]:
    context = context_year(text, today)
    anchors: list[_Anchor] = []
    for match in ANCHOR.finditer(text):
        name, month_a, day_a, day_b, month_b, year = match.groups()
        month = month_number(month_a or month_b)
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
            pinned = pinned_year(month, day, WEEKDAYS.index(weekday_name.lower()), context, today)
            return (date(pinned, month, day), "pubdate.weekday-date") if pinned else None
        if context is None:
            return None
        candidate = date(context, month, day)
    except ValueError:  # February 30
        return None
    if candidate.weekday() in weekdays:
        return candidate, "pubdate.context-year+weekday"
    return candidate, "pubdate.context-year"
