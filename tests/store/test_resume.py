"""Killed mid-run (kill -9) and run again, ingest finishes with nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from sourcetrace.store import open_store
from sourcetrace.store.schema import articles, attributions, pages

DOCUMENTS = 40
# Runs the real command; cli.py may or may not have the store commands wired in yet.
RUNNER = (
    "import sys; from sourcetrace.cli import main; from sourcetrace.cli_store import register;"
    "'ingest' in main.commands or register(main); main(sys.argv[1:])"
)
STREETS = ("Quay", "Mill", "Tanner", "Rope", "Salt", "Chapel", "Market", "Harbour")
PEOPLE = ("Anna Holm", "Bo Lind", "Cato Rask", "Dag Ek", "Eva Strand", "Finn Berg")


def _write_documents(folder: Path) -> None:
    """Write distinct invented articles, each quoting someone."""
    folder.mkdir()
    for i in range(DOCUMENTS):
        street = STREETS[i % len(STREETS)]
        person = PEOPLE[i % len(PEOPLE)]
        body = (
            f"Repairs to the {street} Street bridge number {i} began on Monday after inspectors "
            f"found {i + 3} cracked beams beneath the deck, the works department said.",
            f"{person} told the council that the closure would last {i + 2} weeks and that a "
            f"temporary crossing would open near pier {i * 7 % 31}.",
            f"Traders on {street} Street said they feared losing trade during lot {i} of the "
            f"works, which are expected to cost {i * 13 + 100} thousand euros in total.",
        )
        text = f"Bridge {i} on {street} Street closes for repairs\n\n" + "\n\n".join(body)
        (folder / f"doc_{i:03}.txt").write_text(text + "\n", encoding="utf-8")


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
    _write_documents(folder)
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
    assert [run["status"] for run in runs] == ["running", "done"]  # the killed run says so
    assert runs[0]["ok"] == stored_before
    engine.dispose()
