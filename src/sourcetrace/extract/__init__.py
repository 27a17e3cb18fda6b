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
from sourcetrace.extract.html import extract_html
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
        text = decode_page(page, settings)
        if looks_like_html(text, page.content_type):
            article = extract_html(text, page, settings)
        else:
            article = extract_text(text, page, settings)
    except RecursionError as exc:  # the parse is flattened to a safe depth; this is a backstop
        raise MarkupTooDeepError(
            "the page is nested too deeply to read; "
            "lower max_markup_depth if such pages are common",
            source=page.source,
        ) from exc
    return replace(article, fetched_at=page.fetched_at)
