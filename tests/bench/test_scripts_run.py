"""Every benchmark script starts as ``make bench`` runs it: ``python bench/NAME.py``.

Run as a script, a module of ``bench/`` must make its own package importable; one that
forgets fails at import, which only ``make bench`` would otherwise show.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(
    path.name
    for path in (REPO / "bench").glob("*.py")
    if 'if __name__ == "__main__":' in path.read_text(encoding="utf-8")
)


def test_the_benchmark_scripts_are_found():
    assert {"extraction.py", "ingest.py", "serve.py", "stories.py"} <= set(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_benchmark_script_prints_its_help(script):
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), "--help"],
        cwd=REPO.parent,  # not the repository root: the script must find its package itself
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout
