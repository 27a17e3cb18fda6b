"""Find the evaluation data the quality gates run on, or skip when it is not here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def eval_folder(name: str, marker: str) -> Path:
    """Return ``<data>/<name>`` when ``marker`` exists inside it; skip the test otherwise.

    The data lives outside the repository: ``$SOURCETRACE_EVAL_DATA`` or
    ``<repo>/../shared/data``.
    """
    data = Path(os.environ.get("SOURCETRACE_EVAL_DATA") or REPO.parent / "shared" / "data")
    root = data / name
    if not (root / marker).exists():
        pytest.skip(f"{name} data not found at {root} (set SOURCETRACE_EVAL_DATA to its parent)")
    return root
