"""Page furniture: the named rules that cut non-article text from a body.

Every extractor leaks some of this into article bodies: author bios, related-story
lists, comment and newsletter prompts, share widgets, photo credits. The knowledge is
data: each rule is a name plus a pattern, kept in the tables below. Code only applies
the tables; a new kind of furniture is a new row, not a new branch.

Rule names are stable and appear in ``Article.removed`` so a user can audit each cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "BLOCK_RULES",
    "CREDIT_PATTERNS",
    "TAIL_HEADINGS",
    "Rule",
    "classify_block",
    "classify_normalised",
    "is_tail_heading",
    "split_credit",
]


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern that marks a block of text as furniture.

    Attributes:
        name: Stable rule name, reported in ``Article.removed``.
        pattern: Regular expression, searched in the whitespace-normalised block.
        max_chars: The rule only applies to blocks at most this long, so a real
            paragraph that happens to quote the phrase is never cut.
    """

    name: str
    pattern: re.Pattern[str]
    max_chars: int = 200


def _rule(name: str, regex: str, max_chars: int = 200) -> Rule:
    return Rule(name, re.compile(regex, re.IGNORECASE), max_chars)


# Headings that open a trailing list of links or prompts: once one is met after the
# body has started, it and every short block after it are furniture.
TAIL_HEADINGS: tuple[Rule, ...] = (
    _rule(
        "furniture.related-list",
        r"^(related|more|latest|other|top|recommended|popular|trending)"
        r"( \w+)?( (articles?|stories|news|posts|reads|coverage|content|videos|links|on \w+))?:?$",
        60,
    ),
    _rule("furniture.related-list", r"^(read|see|watch) (also|more|next)( on \w+)?:?$", 40),
    _rule(
        "furniture.related-list",
        r"^(you (may|might) (also )?(like|enjoy|be interested in)|"
        r"recommended for you|more from \w+( \w+)?|don'?t miss|also read|in case you missed it)\W*$",
        60,
    ),
    _rule(
        "furniture.most-read",
        r"^(most (read|popular|viewed|shared|commented)|what to read next)\W*$",
        40,
    ),
    _rule(
        "furniture.comment-prompt",
        r"^(leave a (reply|comment)|post a comment|add a comment|"
        r"\d* ?comments?( \(\d+\))?|join the (conversation|discussion)|comments are closed\.?)\W*$",
        60,
    ),
    _rule("furniture.back-to-top", r"^(back to top( button)?|scroll to top|return to top)\W*$", 30),
    _rule("furniture.tags", r"^(tags?|topics|keywords|categories|filed under)\W*$", 30),
)

# Blocks that are furniture wherever they appear.
BLOCK_RULES: tuple[Rule, ...] = (
    *TAIL_HEADINGS,
    _rule(
        "furniture.comment-prompt",
        r"your email address will not be published|"
        r"required fields are marked|you must be logged in to post a comment|"
        r"^(cancel reply|save my name, email,? and website)",
        300,
    ),
    _rule(
        "furniture.newsletter",
        r"\b(sign up|subscribe|register)\b.{0,60}\b(newsletter|"
        r"briefing|daily email|our emails?|inbox)\b|^get (the|our) .{0,40}newsletter",
        260,
    ),
    _rule("furniture.newsletter", r"\b(sign up|subscribe|register)\b.{0,60}\bnewsletters\b", 260),
    _rule(
        "furniture.newsletter",
        r"^(enter your email|your email address)\b.{0,40}$|"
        r"^(thanks|thank you) for (signing up|subscribing)\b",
        120,
    ),
    _rule(
        "furniture.share",
        r"^(share|share this( article| story| post)?|share on \w+|tweet|"
        r"email|print|copy link|facebook|twitter|whatsapp|linkedin|reddit|pinterest|telegram)"
        r"( ?[|/·•,] ?\w+)*\W*$",
        80,
    ),
    _rule(
        "furniture.share",
        r"^(click to share on|share (this|the) (article|story) on|"
        r"follow (us|@\w+) on)\b",
        120,
    ),
    _rule(
        "furniture.cookie",
        r"\b(we use cookies|this (web)?site uses cookies|"
        r"accept (all )?cookies|cookie (policy|settings|preferences))\b",
        300,
    ),
    _rule("furniture.back-to-top", r"^(back to top( button)?|scroll to top|return to top)\W*$", 30),
    _rule(
        "furniture.advertisement",
        r"^(advertisement|sponsored( content)?|ad|"
        r"story continues below( this)? (ad|advertisement))\W*$",
        50,
    ),
    _rule(
        "furniture.subscribe-wall",
        r"^(subscribe (now|today)|already a subscriber\??|"
        r"log ?in to (continue|read)|this (article|content) is for subscribers)\b",
        140,
    ),
    _rule("furniture.author-bio", r"^about the author\W*$", 30),
    _rule(
        "furniture.author-bio",
        r"^(write to|contact|email|reach) [A-Z][\w.' -]{1,60} (at|via) "
        r"\S+@\S+",
        200,
    ),
    _rule(
        "furniture.related-list",
        r"^(also on \S+|also read:?|read also:?|see also:?|related:|"
        r"recommended:|more:|read more:|see more:|watch:|\((read|see) (more|also)\b)",
        240,
    ),
    _rule(
        "furniture.share",
        r"^(like this (story|article)\?|share (it|this) with\b|order reprints|"
        r"print (this )?article|reprints? (&|and) permissions|save (this )?article)",
        80,
    ),
    _rule(
        "furniture.comment-prompt",
        r"^(tell us what you think|what do you think\?|"
        r"have your say|comments? policy)\W*$",
        40,
    ),
    _rule(
        "furniture.newsletter",
        r"^(\w+ ){0,2}newsletter\W*$|keep an eye on your inbox|"
        r"error processing your subscription|^(an )?error has occurred,? please try again",
        120,
    ),
    _rule(
        "furniture.promo",
        r"\bby clicking here\W*$|"
        r"^(get|download) (the|our) [\w ]{0,30}app\b",
        100,
    ),
    _rule(
        "furniture.copyright",
        r"^(copyright|©|\(c\))\s*(©\s*)?\d{0,4}.{0,120}$|"
        r"all rights reserved\.?$|^this copy is for your personal,? non-commercial use",
        300,
    ),
    _rule("furniture.url", r"^(https?://|www\.)\S+$", 400),
    _rule("furniture.shortcode", r"^\[\w+[^\]]*\].*\[/\w+\]$", 400),
    _rule("furniture.author-bio", r"\b(may|can) be reached at\b|^have a (news )?tip\?", 300),
    _rule(
        "furniture.promo",
        r"^(subscribe to|follow|like us on|join us on) .{0,40}\b(youtube|"
        r"twitter|facebook|instagram|tiktok|telegram|channel|podcast)\b",
        200,
    ),
    _rule(
        "furniture.dateline",
        r"^((published|updated|posted|last updated|modified)( on| at)?:? )?"
        r"(\d{4}-\d{2}-\d{2}([T ][\d:.+-]+Z?)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|"
        r"(updated|published|posted) (at|on) [\w:., ]{3,30})$",
        60,
    ),
    _rule(
        "furniture.dateline",
        r"^[-–•]?\s*(published|updated|posted|last updated|modified)"
        r"( on| at)?:? [\w:.,/ ]{3,40}$",
        60,
    ),
    # A first-person bio ("I'm Jane Doe as an editor, I'm committed ...") or a
    # third-person one ("Jane Doe is a reporter at ... covering ...").
    _rule(
        "furniture.author-bio",
        r"^(i['’]?m|i am|hi,? i['’]?m)\s+[A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}\b"
        r".{0,80}\b(editor|reporter|writer|journalist|correspondent|columnist|author|"
        r"blogger|contributor)\b",
        900,
    ),
    _rule(
        "furniture.author-bio",
        r"^[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3} (is|was|has been|serves as)"
        r" (an?|the)( \w+){0,4} (editor|reporter|writer|journalist|correspondent|columnist|"
        r"contributor|producer|author|intern|fellow|analyst)\b",
        600,
    ),
    _rule(
        "furniture.author-bio",
        r"^(follow|contact|email|reach) (him|her|them|the author|"
        r"[A-Z][\w.'-]+( [A-Z][\w.'-]+)?) (on|at|via) ",
        160,
    ),
)

# Photo credits, as they end captions: "... Photo: Profimedia", "(Photo by X/Getty)".
CREDIT_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\s*[(\[]?\b(?:photo(?:graph)?s?|image|picture|pic|foto|credit|photo credit|"
        r"illustration|video)\s*(?:by|:|©|credit:)\s*(?P<credit>[^()\[\]\n]{2,80}?)[)\]]?\s*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"\s*[(\[]?(?:©|\(c\)|copyright)\s*(?P<credit>[^()\[\]\n]{2,80}?)[)\]]?\s*$", re.IGNORECASE
    ),
    re.compile(
        r"\s*[(\[]?(?P<credit>(?:[A-Z][\w.'-]+ ){0,3}[A-Z][\w.'-]+\s*/\s*(?:Getty Images|AFP|"
        r"Reuters|AP|EPA|Shutterstock|Alamy|Bloomberg|Xinhua|Anadolu)[^()\[\]\n]{0,40})"
        r"[)\]]?\s*$"
    ),
    re.compile(r"\s*[(\[]?(?P<credit>(?:AFP|AP|EPA|Reuters) via Getty Images)[)\]]?\s*$"),
)

_WS = re.compile(r"\s+")


def normalise(block: str) -> str:
    """Return ``block`` with runs of whitespace collapsed and ends stripped."""
    return _WS.sub(" ", block).strip()


def classify_block(block: str, rules: tuple[Rule, ...] = BLOCK_RULES) -> str | None:
    """Return the name of the first rule that marks ``block`` as furniture, or None."""
    return classify_normalised(normalise(block), rules)


def classify_normalised(text: str, rules: tuple[Rule, ...] = BLOCK_RULES) -> str | None:
    """Classify a block already passed through ``normalise`` (the hot path of cleaning)."""
    length = len(text)
    for rule in rules:
        if length <= rule.max_chars and rule.pattern.search(text):
            return rule.name
    return None


def is_tail_heading(block: str) -> str | None:
    """Return the rule name when a normalised ``block`` opens a trailing furniture section."""
    return classify_normalised(block, TAIL_HEADINGS)


def split_credit(caption: str) -> tuple[str, str | None]:
    """Split a trailing photo credit off a caption: ``(caption, credit or None)``."""
    text = normalise(caption)
    for pattern in CREDIT_PATTERNS:
        match = pattern.search(text)
        if (match and match.start() > 0) or (match and match.end() - match.start() < len(text)):
            credit = match.group("credit").strip(" .,;:")
            rest = text[: match.start()].rstrip(" .,;:-–—|")
            if credit:
                return rest, credit
    return text, None
