"""The text patterns the publication-day rules read (``analyze/pubdate.py``).

Dates, weekdays, wire datelines, corrections, deictic dates and countdowns, as regular
expressions; the rules, their order and their trust stay in ``pubdate``.
"""

from __future__ import annotations

import re

from sourcetrace.analyze.pubdate_calendar import FULL_DATE
from sourcetrace.analyze.timerefs import MONTH, WEEKDAY

__all__ = [
    "ANCHOR",
    "BARE_WEEKDAY",
    "CORRECTED",
    "CORRECTION",
    "CORRECTION_CHARS",
    "COUNTDOWN",
    "COUNT_WORDS",
    "DATE",
    "DATELINE",
    "DATELINE_CHARS",
    "DEICTIC",
    "EARLIER",
    "OPENING",
    "POST_BEFORE",
]

ANCHOR = re.compile(
    rf"\b(?:({WEEKDAY}),?\s+)?(?:({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})\s+({MONTH}))"
    rf"\b(?:,?\s+((?:19|20)\d\d)\b)?"
)
BARE_WEEKDAY = re.compile(
    rf"\b(?:(last|next|this|coming|previous)\s+)?({WEEKDAY})\b(?!,?\s+(?:{MONTH}|\d))",
    re.IGNORECASE,
)
# What precedes an embedded post's date: its author's handle, or a markup attribute.
POST_BEFORE = re.compile(r"(?:\(@\w+\)\s*|tweet-date=[\"'])$")
CORRECTION = re.compile(r"\bCORRECTION:")
CORRECTED = re.compile(
    rf"\b[Aa]n? (?:article|report|story|column|review|editorial)(?: in some editions)?,?"
    rf"\s+on\s+(?:({WEEKDAY})|({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d))"
)
CORRECTION_CHARS = 400
# A wire dateline: "NEW YORK, Nov. 19 (UPI) —", "PASADENA, Calif., Jan. 1 —", "Dec 29 (Reuters) -".
DATELINE = re.compile(
    rf"(?:\A|\n)[ \t]*(?P<place>[A-Z][A-Z.'’ -]*[A-Z.](?:,[ \t]+[A-Z][\w.]*(?:[ \t][A-Z][\w.]*)?)?"
    rf",[ \t]+)?(?P<month>{MONTH})[ \t]+(?P<day>\d{{1,2}})(?:,[ \t]+(?P<year>(?:19|20)\d\d))?"
    rf"[ \t]*(?P<agency>\([A-Z][\w .&/-]{{1,30}}\))?[ \t]*[-–—]"
)
DATELINE_CHARS = 600
EARLIER = re.compile(r"\bearlier\s+(?:on\s+)?$", re.IGNORECASE)
# The text opens with a full date on a line of its own ("Friday, January 4, 2019").
OPENING = re.compile(rf"\A\s*{FULL_DATE.pattern}\s*$", re.MULTILINE)
DATE = (
    rf"(?:(?P<weekday>{WEEKDAY}),?\s+)?(?P<month>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
# "yesterday, Oct. 19", "today's (Oct. 20)", "last night (Tuesday, Oct. 18)".
DEICTIC = re.compile(
    r"\b(?P<cue>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]his (?:morning|afternoon|evening)|"
    rf"[Ll]ast night)(?:'s|’s)?(?:,\s*|\s*\(\s*){DATE}"
)
# "with 19 days until the Nov. 8 election", "with just 5 days to go before Oct. 1".
COUNT_WORDS = {
    word: number
    for number, word in enumerate(
        [
            *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
            *("seventeen", "eighteen", "nineteen", "twenty"),
        ]
    )
}
COUNTDOWN = re.compile(
    rf"\b[Ww]ith (?:just |only )?(?P<n>\d{{1,3}}|{'|'.join(COUNT_WORDS)}) days? "
    rf"(?:left |remaining |to go )?(?:until|till|before|to) [^.;:!?\n]{{0,60}}?\b{DATE}"
)
