"""sourcetrace: turn news pages into a traceable record of who said what, according to whom.

The public API::

    from sourcetrace import Page, extract
    article = extract(Page(content=html_bytes, source="page.html"))
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from sourcetrace.config import Settings
from sourcetrace.errors import SourcetraceError
from sourcetrace.extract import extract
from sourcetrace.models import Article, BatchReport, Failure, Image, Page, PublishedAt, Span

try:
    __version__ = version("sourcetrace")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = [
    "Article",
    "BatchReport",
    "Failure",
    "Image",
    "Page",
    "PublishedAt",
    "Settings",
    "SourcetraceError",
    "Span",
    "__version__",
    "extract",
]
