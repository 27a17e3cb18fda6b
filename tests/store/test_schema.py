"""Opening a store migrates it; the migrated schema is the one the code reads and writes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sourcetrace.errors import StoreUnavailableError
from sourcetrace.store import migrate, open_store, resolve_db_url
from sourcetrace.store.schema import metadata
from tests.store.oldrows import database_at

# Full-text search lives outside schema.py: FTS5 tables (SQLite), tsvector columns (PostgreSQL).
_FTS = ("article_fts", "attribution_fts")


def _relevant(diff: object) -> bool:
    if not isinstance(diff, tuple):  # column-level diffs come as lists of tuples
        return True
    kind, *rest = diff
    if kind == "remove_table":
        return not rest[0].name.startswith(_FTS)
    if kind == "remove_column":
        return rest[-1].name not in {"search", "title_search", "lead_search"}
    if kind == "remove_index":
        return not rest[0].name.endswith(("_search", "_pair_keys"))
    return True


def test_the_migrated_database_matches_the_schema_module(store):
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diffs if _relevant(d)] == []


def test_opening_twice_is_a_no_op_at_the_newest_revision(db_url):
    with open_store(db_url) as first:
        first.start_run("ingest", ["a"])
    with open_store(db_url) as again, again.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        assert len(again.runs()) == 1


def test_a_database_at_the_first_revision_upgrades_to_head_keeping_its_rows(db_url):
    text = "The council spoke.\n\nNothing about boats here."
    engine = database_at(db_url, "0001", title="Ferry timetable cut", text=text)
    engine.dispose()
    with open_store(db_url) as store, store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision() != "0001"
        assert store.counts()["articles"] == 1
        assert store.article(1).title == "Ferry timetable cut"
        hits = store.search("ferry")
    assert [hit.article_id for hit in hits] == [1]  # a title-only match, indexed by the upgrade
    assert hits[0].snippet.startswith("The council spoke.")


def test_every_analysis_table_keeps_the_component_version():
    for name in ("sources", "attributions", "entities", "aliases", "time_refs"):
        assert "component" in metadata.tables[name].c


def test_db_urls_resolve_from_the_option_then_the_environment(monkeypatch):
    monkeypatch.delenv("SOURCETRACE_DB", raising=False)
    assert resolve_db_url() == "sqlite:///sourcetrace.db"
    assert resolve_db_url("news.db") == "sqlite:///news.db"
    assert resolve_db_url("postgresql://me@db/news") == "postgresql+psycopg://me@db/news"
    monkeypatch.setenv("SOURCETRACE_DB", "postgres://me@db/env")
    assert resolve_db_url() == "postgresql+psycopg://me@db/env"
    assert resolve_db_url("sqlite:///given.db") == "sqlite:///given.db"


def test_an_unreachable_store_is_one_coded_error(tmp_path):
    with pytest.raises(StoreUnavailableError) as caught:
        open_store(f"sqlite:///{tmp_path}/missing-folder/x.db")
    assert caught.value.code == "store.unavailable"
    with pytest.raises(StoreUnavailableError, match="unsupported database"):
        open_store("mysql://me@localhost/news")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    with open_store(str(tmp_path / "w.db")) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM article_fts")).scalar() == 0
