"""Ingest stage: sources (files, directories, globs, ``.gz``, stdin, WARC, URLs, feeds,
sitemaps) -> ``Page``.

``iter_pages`` is the entry verb; ``expand_paths`` and ``read_page`` read local files.
"""

from __future__ import annotations

from sourcetrace.ingest.fetch import Fetched, Fetcher
from sourcetrace.ingest.files import expand_paths, is_dir, read_page
from sourcetrace.ingest.guard import is_public
from sourcetrace.ingest.sources import iter_pages

__all__ = ["Fetched", "Fetcher", "expand_paths", "is_dir", "is_public", "iter_pages", "read_page"]
