"""Store faults stop a run with a coded error; what was stored stays, a rerun completes it.

Both faults are real. A SQLite file is held to a few more pages with ``PRAGMA
max_page_count``, so SQLite itself answers ``database or disk is full`` (SQLITE_FULL)
mid-ingest. A PostgreSQL server of the test's own is stopped with ``pg_ctl`` between two
documents, then started again.
"""

from __future__ import annotations

import errno
import os
import shlex
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import psycopg
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from bench.pgserver import PostgresUnavailable, pg_bindir, throwaway_postgres
from sourcetrace.cli_store import register
from sourcetrace.errors import StoreUnavailableError
from sourcetrace.pipeline import ingest
from sourcetrace.store import open_store
from sourcetrace.store.faults import store_error
from sourcetrace.store.schema import articles, pages, paragraphs
from tests.store.bridges import write_bridge_stories

DOCUMENTS = 6


@pytest.fixture
def cli() -> click.Group:
    group = click.Group()
    register(group)
    return group


@contextmanager
def page_limit(extra_pages: int, path: Path) -> Iterator[None]:
    """Let every SQLite connection opened meanwhile grow ``path`` by a few pages only."""
    with sqlite3.connect(path) as conn:
        limit = conn.execute("PRAGMA page_count").fetchone()[0] + extra_pages

    def limited(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")

    sa.event.listen(sa.Engine, "connect", limited)
    try:
        yield
    finally:
        sa.event.remove(sa.Engine, "connect", limited)


def _integrity(db: str) -> dict[str, int]:
    """Count rows, checking that every stored article is whole and none is doubled."""
    with open_store(db) as store, store.engine.connect() as conn:
        count = store.counts()
        hashes = conn.execute(sa.select(pages.c.content_hash)).scalars().all()
        bare = conn.execute(
            sa.select(articles.c.id).where(
                ~sa.exists().where(paragraphs.c.article_id == articles.c.id)
            )
        ).all()
    assert len(hashes) == len(set(hashes))
    assert count["pages"] == count["articles"]  # no page without its article, or twice
    assert bare == []  # no article stored without its paragraphs
    return count


def test_a_full_disk_stops_ingest_with_one_coded_line_and_a_rerun_completes(cli, tmp_path):
    files = write_bridge_stories(tmp_path / "docs", DOCUMENTS, extra=12)
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", *map(str, files[:2]), "--db", db])
    assert first.exit_code == 0, first.output
    with page_limit(6, Path(db)):
        full = runner.invoke(cli, ["ingest", str(tmp_path / "docs"), "--db", db])
    assert full.exit_code == 4, full.output
    (line,) = full.stderr.splitlines()
    assert line.startswith("error [store.disk-full] the disk holding ")
    assert "free some space and run the command again" in line
    stopped = _integrity(db)["articles"]
    assert 2 <= stopped < DOCUMENTS
    with open_store(db) as store:
        assert {store.article(i).source for i in (1, 2)} == {str(f) for f in files[:2]}

    again = runner.invoke(cli, ["ingest", str(tmp_path / "docs"), "--db", db])
    assert again.exit_code == 0, again.output
    assert f"{DOCUMENTS - stopped} stored, {stopped} skipped, 0 failed" in again.stderr
    assert _integrity(db)["articles"] == DOCUMENTS
    with open_store(db) as store:
        assert [run["status"] for run in store.runs()] == ["done", "interrupted", "done"]


class _Server:
    """Stop and start a throwaway PostgreSQL server with pg_ctl, as its own user."""

    def __init__(self, url: str) -> None:
        with psycopg.connect(url) as conn:
            self.data = Path(conn.execute("SHOW data_directory").fetchone()[0])
        # postmaster.opts: the server's command line; start it again with the same options.
        words = shlex.split((self.data / "postmaster.opts").read_text())[1:]
        at = words.index("-D")
        self.options = shlex.join(words[:at] + words[at + 2 :])
        self.pg_ctl = str(pg_bindir() / "pg_ctl")

    def _run(self, *args: str) -> None:
        command = [self.pg_ctl, "-D", str(self.data), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        self._run("-m", "fast", "-w", "stop")

    def start(self) -> None:
        self._run("-l", str(self.data.parent / "server.log"), "-o", self.options, "-w", "start")


@pytest.fixture
def own_postgres() -> Iterator[str]:
    """A PostgreSQL server this test alone may stop."""
    try:
        with throwaway_postgres() as url:
            yield url
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")


def test_postgres_stopped_mid_ingest_loses_and_doubles_nothing(cli, own_postgres, tmp_path):
    write_bridge_stories(tmp_path / "docs", DOCUMENTS)
    server = _Server(own_postgres)
    seen: list[str] = []

    def stop_after_two(source: str, outcome: str) -> None:
        seen.append(outcome)
        if len(seen) == 2:
            server.stop()

    with open_store(own_postgres) as store, pytest.raises(StoreUnavailableError) as caught:
        ingest([str(tmp_path / "docs")], store, progress=stop_after_two)
    assert caught.value.code == "store.unavailable"
    assert "check that it exists, is running and reachable" in caught.value.message
    assert seen == ["ok", "ok"]

    down = CliRunner().invoke(cli, ["search", "bridge", "--db", own_postgres])
    assert down.exit_code == 4
    (line,) = down.stderr.splitlines()
    assert line.startswith("error [store.unavailable] ")

    server.start()
    assert _integrity(own_postgres)["articles"] == 2
    with open_store(own_postgres) as store:
        report = ingest([str(tmp_path / "docs")], store)
    assert (report.ok, report.skipped, report.failed) == (DOCUMENTS - 2, 2, 0)
    assert _integrity(own_postgres)["articles"] == DOCUMENTS


def test_a_postgres_server_that_refuses_connections_is_unavailable():
    with pytest.raises(StoreUnavailableError, match="check that it exists, is running"):
        open_store("postgresql://postgres@127.0.0.1:1/news")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "store.disk-full"),
        (OSError(errno.EROFS, "Read-only file system"), "store.read-only"),
        (psycopg.errors.DiskFull("could not extend file"), "store.disk-full"),
        (psycopg.errors.ReadOnlySqlTransaction("read-only transaction"), "store.read-only"),
        (psycopg.errors.AdminShutdown("terminating connection"), "store.unavailable"),
        (
            psycopg.OperationalError("server closed the connection unexpectedly"),
            "store.unavailable",
        ),
        (psycopg.errors.UniqueViolation("duplicate key"), "store.query"),
        (sqlite3.OperationalError("no such table: x"), "store.query"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else value,
)
def test_driver_errors_get_the_code_of_what_they_report(error, code):
    assert store_error(error, "the store", "storing a.html").code == code
