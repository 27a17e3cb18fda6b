"""Ingest stage: sources (files, directories, ``.gz``, stdin) -> ``Page``."""

from __future__ import annotations

from sourcetrace.ingest.files import expand_paths, is_dir, read_page

__all__ = ["expand_paths", "is_dir", "read_page"]
