"""Extraction stage: ``Page -> Article``.

HTML goes through trafilatura plus sourcetrace's furniture layer; text that a scraper
already flattened to lines goes through the line segmenter. Both produce the same
``Article`` record.
"""

from __future__ import annotations

from dataclasses import replace

from sourcetrace.config import DEFAULT_SETTINGS, Settings
from sourcetrace.extract.decode import decode_page, looks_like_html
from sourcetrace.extract.html import extract_html
from sourcetrace.extract.text import extract_text
from sourcetrace.models import Article, Page

__all__ = ["extract", "extract_html", "extract_text"]


def extract(page: Page, settings: Settings = DEFAULT_SETTINGS) -> Article:
    """Extract one clean article from a page, HTML or flattened text.

    Raises:
        InputError: The page is empty, binary, too large or undecodable.
        ExtractionError: No article body could be found.
    """
    text = decode_page(page, settings)
    if looks_like_html(text, page.content_type):
        article = extract_html(text, page, settings)
    else:
        article = extract_text(text, page, settings)
    return replace(article, fetched_at=page.fetched_at)
