"""Time references: time expressions as spans, anchored to the calendar.

Reads ``article.text`` and the publication day; writes ``timerefs``. Every expression is
found by a named rule (``time.weekday``, ``time.last-weekend``...) and resolved to an
inclusive calendar interval relative to the publication day. dateparser reads the
absolute forms ("February 1", "Sept. 11, 2016", "two days ago"); the anchoring it lacks
is written here, following news style: a bare weekday is the nearest such day on or
before publication unless the clause points ahead ("will", "due to", "next"); a week
runs Monday to Sunday; "late last week" is its Thursday to Sunday; "recently" is open
towards the past.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from sourcetrace.models import Attribution, Span, TimeRef

__all__ = [
    "COMPONENT",
    "MONTH",
    "MONTHS",
    "WEEKDAY",
    "WEEKDAYS",
    "find_timerefs",
    "points_ahead",
    "said_at",
    "year_for",
]

COMPONENT = "timerefs.anchor.v1"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|"
    r"Aug(?:ust|\.)?|Sept(?:ember|\.)?|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?\b"
_YEAR = r"(?:,?\s+((?:19|20)\d\d)\b)?"
# Words before a time expression, in its clause, that point ahead of publication.
_AHEAD = re.compile(
    r"\b(?:will|shall|'ll|due to|is to|are to|scheduled|set to|expected to|plans? to|"
    r"planning to|going to|next|upcoming|coming|ahead of|until)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;!?\n]|,\s+(?:but|and|while|adding)\b")
_LOOKBACK_CHARS = 80
# A year alone is taken only after these words: "the 2016 election" is no time reference.
_YEAR_PREPS = r"(?:in|since|during|by|until|before|after|of|from)"
_PARTS = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUMBERS = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several)"

# Month names are matched case-sensitively: "may" and "march" are also verbs.
_CASED = frozenset({"time.weekday-date", "time.month-day", "time.day-month", "time.month-year"})
_PATTERNS = (
    ("time.weekday-date", rf"\b({WEEKDAY}),?\s+({MONTH})\s+{_DAY}{_YEAR}"),
    ("time.month-day", rf"\b({MONTH})\s+{_DAY}{_YEAR}"),
    ("time.day-month", rf"\b{_DAY}\s+({MONTH}){_YEAR}"),
    ("time.month-year", rf"\b({MONTH})\s+((?:19|20)\d\d)\b"),
    ("time.ago", rf"\b{_NUMBERS}\s+(?:days?|weeks?|months?|years?)\s+ago\b"),
    (
        "time.deictic",
        r"\b(?:today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening))\b",
    ),
    (
        "time.part-of-week",
        r"\b(late|early|earlier|later)\s+(?:in\s+)?(last|this|next|the previous)\s+week\b",
    ),
    ("time.week", r"\b(last|this|next|the previous)\s+week\b"),
    ("time.weekend", r"\b(last|this|next|over the|during the|at the|the)\s+weekend\b"),
    ("time.relative-month-year", r"\b(last|this|next)\s+(month|year)\b"),
    (
        "time.weekday",
        rf"\b(?:(earlier|later|late|early)\s+)?(?:on\s+)?(?:(last|next|this|previous|coming)\s+)?"
        rf"({WEEKDAY}){_PARTS}\b",
    ),
    ("time.year", rf"\b{_YEAR_PREPS}\s+((?:19|20)\d\d)\b(?!\s*[-–]\w)"),
    ("time.recently", r"\b(?:recently|lately|in recent (?:days|weeks|months))\b"),
)
# (rule, pattern), tried in order; a later rule never overlaps an earlier rule's match.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, 0 if name in _CASED else re.IGNORECASE))
    for name, pattern in _PATTERNS
)


def find_timerefs(text: str, published: date | None) -> tuple[TimeRef, ...]:
    """Return the text's time references in order, resolved against ``published``."""
    taken: list[tuple[int, int]] = []
    found: list[TimeRef] = []
    for rule, pattern in RULES:
        for match in pattern.finditer(text):
            start, end = _trim(text, match.start(), match.end(), rule)
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            try:
                interval = _resolve(rule, match, text, published)
            except (OverflowError, ValueError):  # a calendar edge (year 1, 9999): unresolved
                interval = None
            found.append(
                TimeRef(
                    span=Span(start, end),
                    text=text[start:end],
                    rule=rule,
                    start=interval[0] if interval else None,
                    end=interval[1] if interval else None,
                    granularity=_GRANULARITY.get(rule, "day"),
                    component=COMPONENT,
                )
            )
    return tuple(sorted(found, key=lambda ref: ref.span))


def said_at(
    attributions: list[Attribution], refs: tuple[TimeRef, ...], text: str
) -> list[Attribution]:
    """Give each attribution the time reference of its cue's clause ("said on Monday").

    Rule ``said-at.same-clause``: the nearest reference to the cue with no comma, colon or
    sentence end between them, outside the attribution's own content (that dates what is
    said, not the saying) and, for a nested attribution, inside its parent's content.
    """
    dated: list[Attribution] = []
    for record in attributions:
        parent = attributions[record.parent] if record.parent is not None else None
        best: tuple[int, TimeRef] | None = None
        for ref in refs:
            if any(_inside(ref.span, c) for c in record.contents):
                continue
            if parent is not None and not any(_inside(ref.span, c) for c in parent.contents):
                continue
            distance = _clause_distance(text, record.cues[0], ref.span)
            if distance is not None and (best is None or distance < best[0]):
                best = (distance, ref)
        dated.append(replace(record, said_at=best[1]) if best else record)
    return dated


def _inside(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end


def _clause_distance(text: str, cue: Span, ref: Span) -> int | None:
    between = text[cue.end : ref.start] if ref.start >= cue.end else text[ref.end : cue.start]
    if _SAME_CLAUSE_BREAK.search(between) or len(between) > _LOOKBACK_CHARS:
        return None
    return len(between)


_SAME_CLAUSE_BREAK = re.compile(r"[,;:.!?\n“”\"]")


def points_ahead(text: str, start: int) -> bool:
    """Return whether the clause before ``start`` points past publication ("will", "due to")."""
    window = text[max(0, start - _LOOKBACK_CHARS) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    clause = window[breaks[-1].end() :] if breaks else window
    return _AHEAD.search(clause) is not None


def year_for(month: int, day: int, weekday: int | None, around: date) -> int | None:
    """Return the year that puts ``month/day`` nearest ``around`` (on ``weekday``, if given).

    Without a weekday the date is taken within half a year of ``around``; with one, the
    year is the nearest to ``around`` in which that day falls on that weekday, searched
    up to 12 years either side (the weekday cycle repeats within 11).
    """
    span = 12 if weekday is not None else 1
    best: tuple[int, int] | None = None
    for year in range(around.year - span, around.year + span + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if weekday is not None and candidate.weekday() != weekday:
            continue
        distance = abs((candidate - around).days)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None


def _trim(text: str, start: int, end: int, rule: str) -> tuple[int, int]:
    """Drop a trailing possessive ("last weekend's") from the span."""
    if text[end - 2 : end] in ("'s", "’s"):
        end -= 2
    return start, end


def _resolve(
    rule: str, match: re.Match[str], text: str, published: date | None
) -> tuple[date | None, date | None] | None:
    if rule in ("time.weekday-date", "time.month-day", "time.day-month"):
        return _absolute(rule, match, published)
    if rule == "time.month-year":
        return _month(_month_number(match.group(1)), int(match.group(2)))
    if rule == "time.year":
        year = int(match.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    if published is None:
        return None
    if rule == "time.recently":
        return None, published
    if rule in ("time.ago", "time.deictic"):
        return _parsed(match.group(0), published)
    ahead = points_ahead(text, match.start())
    return _RELATIVE[rule](match, published, ahead)


def _absolute(rule: str, match: re.Match[str], published: date | None) -> tuple[date, date] | None:
    groups = match.groups()
    if rule == "time.weekday-date":
        weekday, month, day, year = WEEKDAYS.index(groups[0].lower()), *groups[1:]
    elif rule == "time.month-day":
        weekday, (month, day, year) = None, groups
    else:
        weekday, (day, month, year) = None, groups
    number, day_number = _month_number(month), int(day)
    if year is None:
        if published is None and weekday is None:
            return None
        chosen = year_for(number, day_number, weekday, published or date.today())
        if chosen is None:
            return None
        year = str(chosen)
    parsed = _parsed(f"{day_number} {MONTHS[number - 1]} {year}", None)
    return parsed


def _parsed(expression: str, base: date | None) -> tuple[date, date] | None:
    """Read an expression with dateparser: a one-day interval, or ``None``."""
    value = _dateparser_parse(expression, base)
    return (value, value) if value else None


@lru_cache(maxsize=4096)
def _dateparser_parse(expression: str, base: date | None) -> date | None:
    import dateparser  # type: ignore[import-untyped]  # no stubs shipped

    settings: dict[str, object] = {"STRICT_PARSING": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day, 12)
    value = dateparser.parse(expression, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return value.date() if value else None


def _weekday(match: re.Match[str], published: date, ahead: bool) -> tuple[date, date]:
    modifier, which, name = match.group(1), match.group(2), match.group(3)
    target = WEEKDAYS.index(name.lower())
    which = (which or "").lower()
    if which == "next" or (which in ("", "coming") and ahead and not modifier):
        day = published + timedelta(days=(target - published.weekday() - 1) % 7 + 1)
    else:
        day = published - timedelta(days=(published.weekday() - target) % 7)
        if which in ("last", "previous") and day == published:
            day -= timedelta(days=7)
    return day, day


def _week_start(day: date, which: str) -> date:
    monday = day - timedelta(days=day.weekday())
    shift = {"last": -7, "the previous": -7, "next": 7}.get(which.lower(), 0)
    return monday + timedelta(days=shift)


def _week(match: re.Match[str], published: date, ahead: bool) -> tuple[date, date]:
    monday = _week_start(published, match.group(1))
    return monday, monday + timedelta(days=6)


def _part_of_week(match: re.Match[str], published: date, ahead: bool) -> tuple[date, date]:
    monday = _week_start(published, match.group(2))
    if match.group(1).lower() in ("late", "later"):
        return monday + timedelta(days=3), monday + timedelta(days=6)
    return monday, monday + timedelta(days=2)


def _weekend(match: re.Match[str], published: date, ahead: bool) -> tuple[date, date]:
    which = match.group(1).lower()
    back = (published.weekday() - 5) % 7  # days since the latest Saturday
    saturday = published - timedelta(days=back)
    if which == "next" or (which in ("this", "the") and ahead):
        saturday = published + timedelta(days=(5 - published.weekday()) % 7 or 7)
    elif which == "last" and back <= 1:  # "last weekend" said on the Sunday: the one before
        saturday -= timedelta(days=7)
    return saturday, saturday + timedelta(days=1)


def _relative_period(match: re.Match[str], published: date, ahead: bool) -> tuple[date, date]:
    shift = {"last": -1, "this": 0, "next": 1}[match.group(1).lower()]
    if match.group(2).lower() == "year":
        year = published.year + shift
        return date(year, 1, 1), date(year, 12, 31)
    index = published.year * 12 + published.month - 1 + shift
    return _month(index % 12 + 1, index // 12)


_RELATIVE = {
    "time.weekday": _weekday,
    "time.week": _week,
    "time.part-of-week": _part_of_week,
    "time.weekend": _weekend,
    "time.relative-month-year": _relative_period,
}
MONTHS = [
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


def _month_number(name: str) -> int:
    prefix = name.lower().rstrip(".")[:3]
    return [m[:3] for m in MONTHS].index(prefix) + 1


def _month(month: int, year: int) -> tuple[date, date]:
    following = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), following - timedelta(days=1)


_GRANULARITY = {
    "time.month-year": "month",
    "time.year": "year",
    "time.recently": "open",
    "time.week": "week",
    "time.part-of-week": "part-of-week",
    "time.weekend": "weekend",
    "time.relative-month-year": "period",
}
