"""Extraction stage: ``Page -> Article``.

HTML goes through trafilatura plus sourcetrace's furniture layer; text that a scraper
already flattened to lines goes through the line segmenter. Both produce the same
``Article`` record.
"""

from __future__ import annotations

from dataclasses import replace

from sourcetrace.config import DEFAULT_SETTINGS, Settings
from sourcetrace.errors import MarkupTooDeepError
from sourcetrace.extract.decode import decode_page, looks_like_html
from sourcetrace.extract.html import extract_html, html_tree
from sourcetrace.extract.text import extract_text
from sourcetrace.models import Article, Page

__all__ = ["extract", "extract_html", "extract_text"]


def extract(page: Page, settings: Settings = DEFAULT_SETTINGS) -> Article:
    """Extract one clean article from a page, HTML or flattened text.

    Raises:
        InputError: The page is empty, binary, too large or undecodable.
        ExtractionError: No article body could be found; ``MarkupTooDeepError`` when
            walking the page's tree ran out of Python's recursion limit.
    """
    try:
        article = _extract(page, settings)
    except RecursionError as exc:  # the parse is flattened to a safe depth; this is a backstop
        raise MarkupTooDeepError(
            "the page's markup is nested too deeply to read, even flattened to "
            "Settings.shallow_markup_depth levels",
            source=page.source,
        ) from exc
    return replace(article, fetched_at=page.fetched_at)


def _extract(page: Page, settings: Settings) -> Article:
    text = decode_page(page, settings)
    if not looks_like_html(text, page.content_type):
        return extract_text(text, page, settings)
    tree = html_tree(text, page, max_depth=settings.max_markup_depth)
    del text  # the tree holds the page now: a large page's text need not stay beside it
    try:
        return extract_html(tree, page, settings)
    except RecursionError:
        # Some code walking the tree (trafilatura's text conversion) recurses once per
        # level: read the page again, flattened to a depth that cannot exhaust the stack.
        text = decode_page(page, settings)
        flat = html_tree(text, page, max_depth=settings.shallow_markup_depth, flat=True)
        return extract_html(flat, page, settings)
