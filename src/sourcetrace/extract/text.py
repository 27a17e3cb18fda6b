"""Flattened text: a page a scraper already turned into lines, segmented into an article.

Scrapers flatten a page top to bottom, so the furniture keeps its place: a section
label, the headline (often twice: the page title and the ``<h1>``), a caption ending
in a photo credit, a byline, the body, then the author's name and bio and the trailing
lists and prompts. The segmenter reads the head and the tail by the shape of each
block and hands the rest to the shared furniture rules (``clean.py``).
"""

from __future__ import annotations

import re

from sourcetrace.config import Settings
from sourcetrace.errors import NoArticleError
from sourcetrace.extract.clean import clean_blocks
from sourcetrace.extract.furniture import classify_block, is_tail_heading, normalise
from sourcetrace.models import Article, Page, Removed

__all__ = ["extract_text", "split_blocks"]

EXTRACTOR = "sourcetrace.text/1"

# A section label is a short, unpunctuated block before the headline.
SECTION_MAX_WORDS = 3
SECTION_MAX_CHARS = 30
SECTION_MAX_CJK_CHARS = 6
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# A headline is no longer than this and does not end like a sentence.
TITLE_MAX_CHARS = 300
# A person's name as a byline block: two to four capitalised words.
_NAME = re.compile(
    r"^(?:[A-Z][\w'’.-]*|de|da|van|von|der|al|el|bin)"
    r"(?: (?:[A-Z][\w'’.-]*|de|da|van|von|der|al|el|bin)){1,3}$"
)
_BY_PREFIX = re.compile(r"^(?:by|written by|words by)\s+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…。！？؟۔][\"'”’)」』]?$")


def split_blocks(text: str) -> list[str]:
    """Split flattened text into blocks: by blank lines, or by lines when there are none."""
    parts = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    return [normalise(part) for part in parts if part.strip()]


def extract_text(text: str, page: Page, settings: Settings) -> Article:
    """Segment flattened text into an article.

    Raises:
        NoArticleError: nothing is left that reads as an article body.
    """
    blocks = split_blocks(text)
    head = _Head.read(blocks)
    tail_authors, tail_removed, body_blocks = _read_tail(blocks[head.consumed :])
    authors = head.authors + tuple(a for a in tail_authors if a not in head.authors)
    cleaned = clean_blocks(body_blocks, title=head.title, authors=authors)
    if len(" ".join(cleaned.body)) < settings.min_body_chars:
        raise NoArticleError("no article body found in this text", source=page.source)
    return Article.from_paragraphs(
        cleaned.body,
        source=page.source,
        url=page.url,
        section=head.section,
        title=head.title,
        authors=authors,
        images=head.images + cleaned.images,
        removed=head.removed + tail_removed + cleaned.removed,
        extractor=EXTRACTOR,
    )


class _Head:
    """What the blocks before the body say: section, title, caption, byline."""

    def __init__(self) -> None:
        self.section: str | None = None
        self.title: str | None = None
        self.authors: tuple[str, ...] = ()
        self.images: tuple = ()  # type: ignore[type-arg]
        self.removed: tuple[Removed, ...] = ()
        self.consumed = 0

    @classmethod
    def read(cls, blocks: list[str]) -> _Head:
        head = cls()
        i = 0
        if len(blocks) > 2 and _is_section_label(blocks[0], blocks[1]):
            head.section = blocks[0]
            head.removed += (Removed(blocks[0], "text.section-label"),)
            i = 1
        if i < len(blocks) - 1 and _is_title(blocks[i], blocks[i + 1]):
            head.title = blocks[i]
            head.removed += (Removed(blocks[i], "text.title"),)
            i += 1
        while i < len(blocks) - 1:
            block = blocks[i]
            if head.title and block.casefold() == head.title.casefold():
                head.removed += (Removed(block, "furniture.repeated-title"),)
            elif names := _byline_names(block):
                head.authors += names
                head.removed += (Removed(block, "furniture.byline"),)
            else:
                caption = clean_blocks([block])
                if not caption.images:
                    break
                head.images += caption.images
                head.removed += caption.removed
            i += 1
        head.consumed = i
        return head


def _is_section_label(block: str, following: str) -> bool:
    words = block.split()
    if _CJK.search(block) and len(block) > SECTION_MAX_CJK_CHARS:
        return False  # scripts without spaces: a headline is one "word"
    return (
        len(words) <= SECTION_MAX_WORDS
        and len(block) <= SECTION_MAX_CHARS
        and not _SENTENCE_END.search(block)
        and not block.endswith(":")
        and len(following) > len(block)
    )


def _is_title(block: str, following: str) -> bool:
    if len(block) > TITLE_MAX_CHARS or classify_block(block):
        return False
    return following.casefold() == block.casefold() or not _SENTENCE_END.search(block)


def _byline_names(block: str) -> tuple[str, ...]:
    """Return the authors' names when ``block`` is a byline ("By Jane Doe and Joe Roe")."""
    candidate = _BY_PREFIX.sub("", block)
    if candidate != block or _NAME.match(block):
        names = tuple(re.split(r",? and |, ", candidate))
        if all(_NAME.match(name) for name in names) and not is_tail_heading(block):
            return names
    return ()


def _read_tail(blocks: list[str]) -> tuple[tuple[str, ...], tuple[Removed, ...], list[str]]:
    """Find the author name blocks that sign the end of the body (a name, then a bio)."""
    authors: list[str] = []
    removed: list[Removed] = []
    body: list[str] = []
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else ""
        names = _byline_names(block)
        if names and body and (not following or _signs(names[-1], following)):
            authors.extend(names)
            removed.append(Removed(block, "furniture.byline"))
            continue
        body.append(block)
    return tuple(authors), tuple(removed), body


def _signs(name: str, following: str) -> bool:
    """Tell whether a name block signs the body: it is followed by its bio or furniture."""
    if classify_block(following) is not None:
        return True
    surname = name.split()[-1]
    return surname in following[:200] and bool(
        re.search(
            r"\b(editor|reporter|writer|journalist|correspondent|author)\b",
            following[:300],
            re.IGNORECASE,
        )
    )
