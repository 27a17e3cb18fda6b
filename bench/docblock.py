"""Rewrite one benchmark's generated block in docs/benchmarks.md, leaving the rest alone.

Each benchmark owns the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``;
a run replaces that block, or appends it (after an intro) the first time.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["markers", "replace_block", "update_block"]

EMPTY_DOCS = "# Benchmarks\n"


def markers(name: str) -> tuple[str, str]:
    """Return the start and end markers of the block called ``name``."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_block(document: str, name: str, block: str, *, intro: str = "") -> str:
    """Return ``document`` with its ``name`` block (markers included) replaced by ``block``."""
    start, end = markers(name)
    if start in document and end in document:
        before, rest = document.split(start, 1)
        return before + block + rest.split(end, 1)[1]
    lead = f"{intro}\n\n" if intro else ""
    return document.rstrip("\n") + "\n\n" + lead + block + "\n"


def update_block(path: Path, name: str, block: str, *, intro: str = "") -> None:
    """Rewrite the ``name`` block of the docs file at ``path``, creating the file if needed."""
    document = path.read_text(encoding="utf-8") if path.exists() else EMPTY_DOCS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(replace_block(document, name, block, intro=intro), encoding="utf-8")
