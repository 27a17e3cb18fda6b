"""Apply the furniture rules to a sequence of text blocks.

Both extractors (HTML and flattened text) end here: given the candidate blocks of a
body plus what is already known (title, authors, captions), keep the article's
paragraphs and record every cut with the rule that made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcetrace.extract.furniture import (
    classify_block,
    is_tail_heading,
    normalise,
    split_credit,
)
from sourcetrace.models import Image, Removed

__all__ = ["Cleaned", "clean_blocks"]

# After a tail heading ("Related Articles"), blocks up to this long are list items.
TAIL_ITEM_MAX_CHARS = 160
# A block ending in an explicit photo credit and no longer than this is a caption.
CAPTION_MAX_CHARS = 320
_EXPLICIT_CREDIT = re.compile(
    r"\b(photo|image|picture|foto|credit)s?\s*(by|:|©)|\(photo[^)]*\)$", re.IGNORECASE
)
_BYLINE = re.compile(r"^(by|written by|words by|reporting by)\s+[A-Z]", re.IGNORECASE)


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
        rule = known.rule_for(block)
        if rule is None and body and (heading := is_tail_heading(block)):
            rule, in_tail = heading, True
        if rule is None:
            rule = classify_block(block)
        if rule is None and in_tail and len(block) <= TAIL_ITEM_MAX_CHARS:
            rule = "furniture.tail-list-item"
        if rule is None and (image := _inline_caption(block)):
            images.append(image)
            rule = "furniture.caption"
        if rule is None:
            in_tail = False
            body.append(block)
        else:
            removed.append(Removed(block, rule))
    return Cleaned(tuple(body), tuple(removed), tuple(images))


@dataclass(frozen=True, slots=True)
class _Known:
    """Facts about the page that mark a block as something other than body text."""

    title: str | None
    authors: tuple[str, ...]
    captions: tuple[str, ...]

    def rule_for(self, block: str) -> str | None:
        folded = block.casefold()
        if self.title and folded == normalise(self.title).casefold():
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


def _inline_caption(block: str) -> Image | None:
    """Read ``block`` as an image caption when it ends in an explicit photo credit."""
    if len(block) > CAPTION_MAX_CHARS or not _EXPLICIT_CREDIT.search(block):
        return None
    caption, credit = split_credit(block)
    if credit is None:
        return None
    return Image(caption=caption or None, credit=credit)
