"""Opening a store: no in-memory stores, no stores made by a typo, read-only stores readable.

Only ``ingest`` creates a store; ``search``, ``who`` and ``export`` open it read-only
(SQLite ``mode=ro``, PostgreSQL read-only sessions) and never migrate it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from sourcetrace.cli_store import register
from sourcetrace.errors import (
    StoreInMemoryError,
    StoreNotFoundError,
    StoreOutdatedError,
    StoreReadOnlyError,
)
from sourcetrace.store import migrate, open_store
from tests.store.handmade import store_quay
from tests.store.oldrows import database_at

MEMORY_URLS = [
    "sqlite://",
    "sqlite:///",
    "sqlite:///:memory:",
    "file::memory:",
    "sqlite:///file::memory:?cache=shared&uri=true",
    "sqlite:///file:news?mode=memory&uri=true",
]
READERS = [
    ["search", "quay"],
    ["who", "harbour"],
    ["export", "--format", "jsonl"],
    ["reanalyze"],
]
ENTRY_POINT = Path(sys.executable).parent / "sourcetrace"


@pytest.fixture
def cli() -> click.Group:
    group = click.Group()
    register(group)
    return group


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("url", MEMORY_URLS)
def test_an_in_memory_store_is_refused_unless_asked_for(url):
    with pytest.raises(StoreInMemoryError) as caught:
        open_store(url)
    assert caught.value.code == "store.in-memory"
    with open_store(url, memory=True) as store:
        store.start_run("ingest", [])
        assert len(store.runs()) == 1


@pytest.mark.parametrize("url", ["sqlite:///", "sqlite:///:memory:", "file::memory:"])
def test_ingest_into_memory_is_a_usage_error(cli, tmp_path, url):
    (tmp_path / "a.txt").write_text("A page.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "a.txt"), "--db", url])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()  # no "0 stored" summary: nothing ran
    assert line.startswith("error [store.in-memory] ")
    assert not Path("file::memory:").exists()


def test_a_missing_sqlite_store_is_not_created_by_a_reader(tmp_path):
    path = tmp_path / "typo.db"
    for options in ({"create": False}, {"create": False, "read_only": True}):
        with pytest.raises(StoreNotFoundError) as caught:
            open_store(str(path), **options)
        assert caught.value.code == "store.not-found"
        assert str(path) in caught.value.message
        assert "sourcetrace ingest" in caught.value.message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_every_reading_command_refuses_a_store_that_does_not_exist(cli, tmp_path, command):
    path = tmp_path / "newss.db"
    result = CliRunner().invoke(cli, [*command, "--db", str(path)])
    assert result.exit_code == 4
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error [store.not-found] there is no store at {path}")
    assert f"sourcetrace ingest SOURCE... --db {path}" in line
    assert not path.exists()


def test_an_empty_postgres_database_holds_no_store_for_a_reader(postgres_database):
    for options in ({"create": False}, {"create": False, "read_only": True}):
        with pytest.raises(StoreNotFoundError, match="holds no sourcetrace store"):
            open_store(postgres_database, **options)
    with open_store(postgres_database) as store:  # as ingest opens it: made here
        assert store.counts()["articles"] == 0


def test_a_read_only_store_reads_and_refuses_to_write(db_url):
    with open_store(db_url) as store:
        article_id = store_quay(store)
    path = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite") else None
    before = _sha(path) if path else None
    with open_store(db_url, create=False, read_only=True) as store:
        assert [hit.article_id for hit in store.search("quay reopens")] == [article_id]
        assert store.article(article_id).title == "North quay reopens"
        assert store.who("harbour master")[0].cue == "said"
        assert len(list(store.export_rows("articles"))) == 1
        with pytest.raises(StoreReadOnlyError) as caught:
            store.start_run("ingest", ["more"])
        assert caught.value.code == "store.read-only"
        assert len(store.runs()) == 1
    if path:
        assert _sha(path) == before  # not a byte written, not even the journal mode


def test_a_read_only_store_with_an_older_schema_is_not_migrated(db_url):
    database_at(db_url, "0006", text="Stored at revision 0006.").dispose()
    with pytest.raises(StoreOutdatedError) as caught:
        open_store(db_url, create=False, read_only=True)
    assert "revision 0006" in caught.value.message and "reanalyze" in caught.value.message
    with open_store(db_url) as store, store.engine.connect() as conn:  # a writer migrates
        assert migrate.current_revision(conn) == migrate.head_revision()


def test_a_store_from_a_newer_sourcetrace_says_so(db_url):
    with open_store(db_url) as store, store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreOutdatedError, match="newer sourcetrace"):
        open_store(db_url, create=False, read_only=True)


def test_search_leaves_the_store_file_as_it_was(cli, tmp_path):
    path = tmp_path / "news.db"
    with open_store(str(path)) as store:
        store_quay(store)
    before = _sha(path)
    result = CliRunner().invoke(cli, ["search", "quay", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "North quay reopens" in result.stdout
    assert _sha(path) == before


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """A store in a folder no one may write (but root, whom permissions do not stop)."""
    root = Path(tempfile.mkdtemp(prefix="sourcetrace-ro-"))
    folder = root / "store"
    folder.mkdir()
    with open_store(str(folder / "news.db")) as store:
        store_quay(store)
    (folder / "news.db").chmod(0o444)
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(root)


@pytest.mark.skipif(not ENTRY_POINT.exists(), reason="the package is not installed in this venv")
@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through any file permission")
def test_a_store_on_a_read_only_folder_can_be_searched_but_not_ingested(read_only_folder):
    db = str(read_only_folder / "news.db")
    found = subprocess.run(
        [str(ENTRY_POINT), "search", "quay", "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    assert "North quay reopens" in found.stdout
    refused = subprocess.run(
        [str(ENTRY_POINT), "ingest", "-", "--db", db],
        input="Another page.\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert refused.returncode == 4
    assert refused.stderr.startswith("error [store.read-only] cannot write to ")
    assert sorted(p.name for p in read_only_folder.iterdir()) == ["news.db"]
