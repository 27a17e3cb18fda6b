"""Count furniture that leaked into an extracted article body.

The detectors are a small table of regular expressions kept here, independent of the
system under test (sourcetrace's own furniture rules are deliberately not reused). A
predicted line counts as a leak only when its words do not occur, in order, in the
ground truth, so real article text that happens to look like furniture never counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

__all__ = ["LEAK_CLASSES", "PATTERNS", "PATTERN_TABLE", "find_leaks", "leaked_lines"]

_NAME = r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}"
_ROLE = (
    r"(?:reporter|writer|editor|correspondent|journalist|columnist|contributor"
    r"|producer|blogger|author|critic|freelancer)s?"
)
_WORDS = r"(?:[\w'’-]+ )"

# Searched in one line (a paragraph of the prediction) with whitespace normalised.
# ``(?i)`` marks a case-insensitive pattern; the rest need capitals (names, agencies).
PATTERN_TABLE: dict[str, tuple[str, ...]] = {
    "author_bio": (
        r"(?i)^about the authors?\b",
        rf"^{_NAME},? (?:is|was|has been) (?:an?|the) {_WORDS}{{0,5}}{_ROLE}\b",
        rf"^(?i:I[’']m) {_NAME}[,.]? (?i:(?:and )?(?:as |I[’']m |an? |the ))",
        rf"(?i)^as an? {_WORDS}{{0,3}}{_ROLE}, I[’']m\b",
        r"(?i)^(?:follow|contact|email) (?:him|her|them|the author)\b.{0,40}(?:twitter|@)",
    ),
    "related_list": (
        r"(?i)^(?:related(?: articles?| stories| posts| content| coverage| reading| links| news)?"
        r"|more (?:stories|articles|news|coverage)(?: from [\w .'’-]+)?"
        r"|most (?:read|popular|viewed|shared|commented)(?: stories| articles)?"
        r"|you (?:may|might|will) also (?:like|enjoy|be interested in)"
        r"|read (?:more|next|also)|also read|see also|up next|further reading"
        r"|recommended(?: for you| stories| articles| reading)?"
        r"|trending(?: now| stories)?|top stories|what to read next"
        r"|(?:more|other) (?:on|in|about) this (?:story|topic))\s*[:.]?$",
        r"(?i)^(?:read more|related|see also|also read|more|read next)\s*:\s*\S",
    ),
    "comment_form": (
        r"(?i)^leave a (?:reply|comment)\b",
        r"(?i)\byour email address will not be published\b",
        r"(?i)\brequired fields are marked\b",
        r"(?i)^(?:post|add|write) a comment\b",
        r"(?i)\bcomments (?:are|have been) closed\b",
        r"(?i)\byou must be logged in to (?:post a )?comment\b",
        r"(?i)\bsave my name, email,? and website\b",
        r"(?i)^(?:join the (?:conversation|discussion)|(?:show|view|load) comments)\b",
    ),
    "newsletter_prompt": (
        rf"(?i)\b(?:sign up|subscribe|register) (?:for|to) {_WORDS}{{0,4}}newsletters?\b",
        rf"(?i)\bget (?:our|the) {_WORDS}{{0,3}}newsletter\b",
        r"(?i)\bnewsletters? (?:delivered|sent) (?:straight |directly )?to your inbox\b",
        r"(?i)\bthanks? (?:you )?for (?:signing up|subscribing)\b(?=.{0,60}\bnewsletter)",
        r"(?i)^enter your email(?: address)?\b",
    ),
    "photo_credit": (
        r"(?i)^(?:photo|photograph|image|picture|illustration)s?(?: credit)?\s*:\s*\S",
        r"(?i)\b(?:photo|image|picture) credits?\b",
        r"(?i)\((?:photos?|images?|pictures?) (?:by|courtesy|via)\b[^)]*\)",
        r"\b(?:AP|AFP|EPA|Reuters) Photo\b",
        r"©\s*(?:\d{4}\s*)?(?:Reuters|Getty|AP\b|AFP|EPA|Shutterstock|Alamy|PA\b)",
        r"^.{0,100}\bGetty Images\b.{0,40}$",
    ),
    "share_widget": (
        r"(?i)^(?:share(?: this(?: article| story| post| page)?)?|tweet|pin it"
        r"|share on (?:facebook|twitter|linkedin|whatsapp|reddit))\s*:?$",
        r"(?i)^share (?:on|via) (?:facebook|twitter|x|linkedin|whatsapp|email)\b",
    ),
    "cookie_prompt": (
        r"(?i)\b(?:we|this (?:web)?site) uses? cookies\b",
        r"(?i)\baccept (?:all )?cookies\b",
        r"(?i)\bcookie (?:policy|settings|preferences|consent)\b",
    ),
}

PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    name: tuple(re.compile(p) for p in table) for name, table in PATTERN_TABLE.items()
}
LEAK_CLASSES: tuple[str, ...] = tuple(PATTERNS)
_WORD_RE = re.compile(r"\w+")


def _words(text: str) -> str:
    """Return the text's ``\\w+`` tokens joined by single spaces, padded with spaces."""
    return f" {' '.join(_WORD_RE.findall(text))} "


def leaked_lines(
    prediction: str, truth: str, patterns: Mapping[str, Iterable[re.Pattern[str]]] = PATTERNS
) -> dict[str, list[str]]:
    """Return, per furniture class, the predicted lines that match it and are not in the truth."""
    truth_words = _words(truth)
    found: dict[str, list[str]] = {}
    for raw in prediction.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        for name, regexes in patterns.items():
            if any(r.search(line) for r in regexes) and _words(line) not in truth_words:
                found.setdefault(name, []).append(line)
    return found


def find_leaks(prediction: str, truth: str) -> set[str]:
    """Return the furniture classes that leaked into the prediction."""
    return set(leaked_lines(prediction, truth))
