"""Apply the furniture rules to a sequence of text blocks.

Both extractors (HTML and flattened text) end here: given the candidate blocks of a
body plus what is already known (title, authors, captions), keep the article's
paragraphs and record every cut with the rule that made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcetrace.extract.furniture import (
    classify_normalised,
    is_tail_heading,
    normalise,
    split_credit,
)
from sourcetrace.models import Image, Removed

__all__ = ["Cleaned", "clean_blocks"]

# After a tail heading ("Related Articles"), blocks up to this long are list items.
TAIL_ITEM_MAX_CHARS = 160
# Shortened headline repeats are looked for among the first blocks of the body.
HEAD_BLOCKS = 2
# This many headline-like blocks ending the body are a related list without a heading.
TRAILING_LINKS_MIN = 3
TRAILING_LINKS_MAX = 12
# A block ending in an explicit photo credit and no longer than this is a caption.
CAPTION_MAX_CHARS = 320
_EXPLICIT_CREDIT = re.compile(
    r"\b(photo|image|picture|foto|credit)s?\s*(by|:|©)|\(photo[^)]*\)$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)。！？؟۔」』]$")
_BYLINE = re.compile(
    r"^(?i:by|written by|words by|reporting by)\s+[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3}"
    r"((,| and) [A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3})*$"
)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of cleaning: body paragraphs, the cuts, and captions found inline."""

    body: tuple[str, ...]
    removed: tuple[Removed, ...]
    images: tuple[Image, ...]


def clean_blocks(
    blocks: list[str],
    *,
    title: str | None = None,
    authors: tuple[str, ...] = (),
    captions: tuple[str, ...] = (),
) -> Cleaned:
    """Split ``blocks`` into body paragraphs and named furniture."""
    body: list[str] = []
    removed: list[Removed] = []
    images: list[Image] = []
    in_tail = False
    known = _Known(title, authors, captions)
    for raw in blocks:
        block = normalise(raw)
        if not block:
            continue
        rule = known.rule_for(block, at_head=len(body) < HEAD_BLOCKS)
        if rule is None and body and (heading := is_tail_heading(block)):
            rule, in_tail = heading, True
        if rule is None:
            rule = classify_normalised(block)
        if rule is None and in_tail and _is_headline_like(block):
            rule = "furniture.tail-list-item"
        if rule is None and (image := _inline_caption(block)):
            images.append(image)
            rule = "furniture.caption"
        if rule is None:
            in_tail = False
            body.append(block)
        else:
            removed.append(Removed(block, rule))
    body, trailing = _split_trailing_links(body)
    removed.extend(Removed(block, "furniture.trailing-link-list") for block in trailing)
    return Cleaned(tuple(body), tuple(removed), tuple(images))


def _split_trailing_links(body: list[str]) -> tuple[list[str], list[str]]:
    """Cut a run of headline-like blocks at the end of the body: a related list without
    its heading. Real bodies end in sentences; link lists end in bare headlines."""
    start = len(body)
    while start > 1 and _is_headline_like(body[start - 1]):
        start -= 1
    run, kept = body[start:], body[:start]
    # A long run, or one as long as the rest, is a real list (tour dates, steps), not links.
    if not TRAILING_LINKS_MIN <= len(run) <= TRAILING_LINKS_MAX:
        return body, []
    if sum(map(len, run)) * 2 > sum(map(len, kept)):
        return body, []
    return kept, run


def _is_headline_like(block: str) -> bool:
    return len(block) <= TAIL_ITEM_MAX_CHARS and not _SENTENCE_END.search(block)


@dataclass(frozen=True, slots=True)
class _Known:
    """Facts about the page that mark a block as something other than body text."""

    title: str | None
    authors: tuple[str, ...]
    captions: tuple[str, ...]

    def rule_for(self, block: str, *, at_head: bool) -> str | None:
        folded = block.casefold()
        if self.title and _same_heading(folded, self.title.casefold(), at_head=at_head):
            return "furniture.repeated-title"
        if any(folded == name.casefold() for name in self.authors):
            return "furniture.byline"
        if len(block) <= 120 and _BYLINE.match(block):
            return "furniture.byline"
        for caption in self.captions:
            if folded.startswith(caption.casefold()) and len(block) <= len(caption) + 100:
                return "furniture.caption"
        for name in self.authors:
            if block.startswith(name + " ") and re.match(
                re.escape(name) + r" (is|was|has|covers|writes|joined)\b", block
            ):
                return "furniture.author-bio"
        return None


def _same_heading(block: str, title: str, *, at_head: bool) -> bool:
    """Tell whether ``block`` repeats the headline (page titles often carry a site suffix)."""
    title = normalise(title)
    if block == title:
        return True
    return at_head and len(block) >= 20 and title.startswith(block)


def _inline_caption(block: str) -> Image | None:
    """Read ``block`` as an image caption when it ends in an explicit photo credit."""
    if len(block) > CAPTION_MAX_CHARS or not _EXPLICIT_CREDIT.search(block):
        return None
    caption, credit = split_credit(block)
    if credit is None:
        return None
    return Image(caption=caption or None, credit=credit)
