"""Wrap each extraction system as one call: ``(html bytes, url) -> article text``.

Every system gets the same decompressed page bytes. Peers that take text get them
decoded as UTF-8 with ``errors="replace"``; sourcetrace decodes them itself. The
decode sits inside the call, so it is timed alike for everyone.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import metadata

import lxml.html

__all__ = ["SYSTEMS", "Extractor", "load", "version"]

Extractor = Callable[[bytes, str | None], str]

# Elements that start a new paragraph in readability's output.
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption",
    "section", "article", "header", "footer", "dd", "dt", "hr",
)  # fmt: skip


def _decode(html: bytes) -> str:
    return html.decode("utf-8", errors="replace")


def _sourcetrace() -> Extractor:
    from sourcetrace.errors import SourcetraceError
    from sourcetrace.extract import extract
    from sourcetrace.models import Page

    def run(html: bytes, url: str | None) -> str:
        page = Page(content=html, source=url or "-", url=url, content_type="text/html")
        try:
            return extract(page).text
        except SourcetraceError:
            return ""

    return run


def _trafilatura(*, favor_precision: bool = True) -> Extractor:
    import trafilatura

    def run(html: bytes, url: str | None) -> str:
        text = trafilatura.extract(
            _decode(html), url=url, favor_precision=favor_precision, include_comments=False
        )
        return text or ""

    return run


def _trafilatura_balanced() -> Extractor:
    # The data README's WCXB reference (0.933) is this setting: balanced, no comments.
    return _trafilatura(favor_precision=False)


def _readability() -> Extractor:
    from readability import Document

    def run(html: bytes, url: str | None) -> str:
        # html_partial: in readability-lxml 0.9 the full-document wrapper comes back
        # empty on some pages (one of AEB's) that the partial summary gets right.
        summary = Document(_decode(html)).summary(html_partial=True)
        return html_to_text(summary)

    return run


def html_to_text(html: str) -> str:
    """Return the text of an HTML fragment, one block element per line."""
    if not html.strip():
        return ""
    root = lxml.html.fromstring(html)
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        element.text = "\n" + (element.text or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


SYSTEMS: dict[str, tuple[str, Callable[[], Extractor]]] = {
    "sourcetrace": ("sourcetrace", _sourcetrace),
    "trafilatura": ("trafilatura", _trafilatura),
    "trafilatura-balanced": ("trafilatura", _trafilatura_balanced),
    "readability": ("readability-lxml", _readability),
}


def load(name: str) -> Extractor:
    """Return the named system's extractor; raise ``ImportError`` if it is not installed."""
    return SYSTEMS[name][1]()


def version(name: str) -> str | None:
    """Return the installed version of the named system's distribution, if known."""
    try:
        return metadata.version(SYSTEMS[name][0])
    except metadata.PackageNotFoundError:  # e.g. sourcetrace run from a checkout
        module = sys.modules.get(name)
        return getattr(module, "__version__", None)
