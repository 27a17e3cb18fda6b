"""Killed mid-run (kill -9) and run again, ingest finishes with nothing lost or doubled.

The killed run is left ``running`` (it had no chance to say otherwise) with its pid and
host; the next writing run finds that process gone and marks it ``interrupted``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from sourcetrace.store import open_store
from sourcetrace.store.schema import articles, attributions, pages
from tests.store.bridges import write_bridge_stories

DOCUMENTS = 40
# Runs the real command; cli.py may or may not have the store commands wired in yet.
RUNNER = (
    "import sys; from sourcetrace.cli import main; from sourcetrace.cli_store import register;"
    "'ingest' in main.commands or register(main); main(sys.argv[1:])"
)


def _ingest(folder: Path, db_url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, "ingest", str(folder), "--db", db_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )


def _count(engine: sa.Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_a_run_killed_mid_way_resumes_with_exact_counts(db_url, tmp_path):
    folder = tmp_path / "docs"
    write_bridge_stories(folder, DOCUMENTS)
    with open_store(db_url):  # migrate first, so the poll below has tables to read
        pass
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    first = _ingest(folder, db_url)
    deadline = time.monotonic() + 120
    while _count(engine, articles) < 3:
        assert first.poll() is None, first.stderr.read().decode() if first.stderr else ""
        assert time.monotonic() < deadline, "ingest stored nothing in two minutes"
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    engine.dispose()
    stored_before = _count(engine, articles)
    assert 3 <= stored_before < DOCUMENTS
    with open_store(db_url) as store:
        (killed,) = store.runs()
    assert (killed["status"], killed["pid"], killed["host"]) == (
        "running",
        first.pid,
        socket.gethostname(),
    )

    second = _ingest(folder, db_url)
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err.decode()
    assert f"{DOCUMENTS - stored_before} stored" in err.decode()
    assert f"{stored_before} skipped" in err.decode()

    with open_store(db_url) as store:
        counts = store.counts()
        runs = store.runs()
        with store.engine.connect() as conn:
            hashes = conn.execute(sa.select(pages.c.content_hash)).scalars().all()
            per_article = conn.execute(
                sa.select(attributions.c.article_id, attributions.c.idx, sa.func.count())
                .group_by(attributions.c.article_id, attributions.c.idx)
                .having(sa.func.count() > 1)
            ).all()
    assert counts["articles"] == counts["pages"] == DOCUMENTS
    assert len(set(hashes)) == DOCUMENTS
    assert per_article == []
    assert [run["status"] for run in runs] == ["interrupted", "done"]  # marked by the rerun
    assert runs[0]["ok"] == stored_before
    engine.dispose()
