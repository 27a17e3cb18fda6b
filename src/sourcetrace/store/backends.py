"""The two backends: what differs between SQLite and PostgreSQL, and nothing else.

SQLite: one file, WAL journal (readers never block the one writer), foreign keys on,
FTS5 full-text search. PostgreSQL: ``tsvector`` columns with GIN indexes, queried with
``websearch_to_tsquery``.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from sourcetrace.config import StoreSettings
from sourcetrace.store import schema
from sourcetrace.store.sql import SqlStore

__all__ = ["PostgresStore", "SqliteStore", "fts5_query"]

_TERM = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


def fts5_query(query: str) -> str:
    """Return a user's query as safe FTS5 syntax: words and "phrases" all required, OR kept.

    Every term is quoted, so FTS5 operators and punctuation in the input cannot make
    the query invalid.
    """
    parts: list[str] = []
    for match in _TERM.finditer(query):
        phrase, word = match.group(1), match.group(2)
        if word == "OR" and parts and parts[-1] != "OR":
            parts.append("OR")
            continue
        words = _WORD.findall(phrase if phrase is not None else word)
        if words:
            parts.append('"' + " ".join(words) + '"')
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


class SqliteStore(SqlStore):
    """The embedded store: one SQLite file."""

    dialect = "sqlite"

    def __init__(self, engine: sa.Engine, settings: StoreSettings) -> None:
        super().__init__(engine, settings)
        timeout_ms = int(settings.busy_timeout_s * 1000)
        sa.event.listen(engine, "connect", _sqlite_pragmas(timeout_ms))
        # pysqlite opens transactions lazily and never for DDL; take control, so that a
        # writer takes the lock up front with BEGIN IMMEDIATE (one writer at a time,
        # waiting up to the busy timeout) while readers use a plain BEGIN.
        sa.event.listen(engine, "connect", _no_implicit_begin)
        sa.event.listen(engine, "begin", _begin)
        self._writer = engine.execution_options(sqlite_immediate=True)

    def _insert(self, table: sa.Table) -> Any:
        return sqlite.insert(table)

    def _search_statement(self, kind: str, query: str, limit: int) -> sa.Executable | None:
        match = fts5_query(query)
        if not match:
            return None
        sql = _SQLITE_ARTICLE_SEARCH if kind == "article" else _SQLITE_ATTRIBUTION_SEARCH
        statement = sa.text(sql).bindparams(match=match, limit=limit)
        return statement.columns(published_at=schema.UtcDateTime())


# Rank first, on the FTS index alone (FTS5's fast ORDER BY rank ... LIMIT), then fetch
# rows and snippets for the few best only: snippets for every match cost too much.
_SQLITE_ARTICLE_SEARCH = """
WITH top AS (
    SELECT rowid AS id, rank AS score FROM article_fts
    WHERE article_fts MATCH :match ORDER BY rank LIMIT :limit
)
SELECT a.id, a.title, a.outlet, coalesce(a.canonical_url, a.url) AS url, a.published_at,
       snippet(article_fts, 1, '[', ']', '…', 16) AS snippet, -top.score AS score
FROM top
JOIN article_fts ON article_fts.rowid = top.id
JOIN articles AS a ON a.id = top.id
WHERE article_fts MATCH :match
ORDER BY top.score
"""
_SQLITE_ATTRIBUTION_SEARCH = """
WITH top AS (
    SELECT rowid AS id, rank AS score FROM attribution_fts
    WHERE attribution_fts MATCH :match ORDER BY rank LIMIT :limit
)
SELECT a.id, a.title, a.outlet, coalesce(a.canonical_url, a.url) AS url, a.published_at,
       snippet(attribution_fts, 1, '[', ']', '…', 24) AS snippet, -top.score AS score,
       t.source_text AS source
FROM top
JOIN attribution_fts ON attribution_fts.rowid = top.id
JOIN attributions AS t ON t.id = top.id
JOIN articles AS a ON a.id = t.article_id
WHERE attribution_fts MATCH :match
ORDER BY top.score
"""


def _sqlite_pragmas(timeout_ms: int) -> Any:
    def configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
        cursor.close()

    return configure


def _no_implicit_begin(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _begin(connection: sa.Connection) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class PostgresStore(SqlStore):
    """The server store: PostgreSQL through psycopg 3."""

    dialect = "postgresql"

    def _insert(self, table: sa.Table) -> Any:
        return postgresql.insert(table)

    def _search_statement(self, kind: str, query: str, limit: int) -> sa.Executable | None:
        if not _WORD.search(query):
            return None
        tsquery = sa.func.websearch_to_tsquery("english", query)
        options = "StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1"
        t = schema.articles
        window = self.settings.search_rank_window
        if kind == "article":
            matches = (
                sa.select(t.c.id, sa.literal_column("articles.search").label("search"))
                .where(sa.literal_column("articles.search").op("@@")(tsquery))
                .order_by(t.c.id.desc())
                .limit(window)
                .cte("matches")
            )
            top = _top(matches, tsquery, limit)
            return (
                sa.select(
                    t.c.id,
                    t.c.title,
                    t.c.outlet,
                    sa.func.coalesce(t.c.canonical_url, t.c.url).label("url"),
                    t.c.published_at,
                    sa.func.ts_headline("english", t.c.text, tsquery, options).label("snippet"),
                    top.c.score,
                )
                .join(top, top.c.id == t.c.id)
                .order_by(top.c.score.desc(), t.c.id)
            )
        a = schema.attributions
        matches = (
            sa.select(a.c.id, sa.literal_column("attributions.search").label("search"))
            .where(sa.literal_column("attributions.search").op("@@")(tsquery))
            .order_by(a.c.id.desc())
            .limit(window)
            .cte("matches")
        )
        top = _top(matches, tsquery, limit)
        return (
            sa.select(
                t.c.id,
                t.c.title,
                t.c.outlet,
                sa.func.coalesce(t.c.canonical_url, t.c.url).label("url"),
                t.c.published_at,
                sa.func.ts_headline("english", a.c.content_text, tsquery, options).label("snippet"),
                top.c.score,
                a.c.source_text.label("source"),
            )
            .select_from(a.join(top, top.c.id == a.c.id).join(t, t.c.id == a.c.article_id))
            .order_by(top.c.score.desc(), a.c.id)
        )


def _top(matches: Any, tsquery: Any, limit: int) -> Any:
    """Rank the matches and keep the best: ranking reads each match's tsvector, so the
    candidates are capped (newest first) and headlines are made for the best only."""
    score = sa.func.ts_rank(matches.c.search, tsquery).label("score")
    return (
        sa.select(matches.c.id, score)
        .order_by(sa.desc("score"), matches.c.id)
        .limit(limit)
        .cte("top")
    )
