"""The two backends: what differs between SQLite and PostgreSQL, and nothing else.

SQLite: one file, WAL journal (readers never block the one writer; a read-only store
is read as it is, its journal mode untouched), foreign keys on,
FTS5 full-text search ranked with bm25 over the newest ``search_rank_window`` matches.
PostgreSQL: ``tsvector`` columns with GIN indexes, queried with ``websearch_to_tsquery``;
``ts_rank`` over each article's title and lead ranks a window of ``search_rank_window``
matches (title matches first, then the newest); phrases are narrowed by an index of word
pairs first.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from sourcetrace.config import StoreSettings
from sourcetrace.store import schema
from sourcetrace.store.sql import SqlStore

__all__ = ["PostgresStore", "SqliteStore", "fts5_query", "required_pairs"]

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

    def __init__(
        self, engine: sa.Engine, settings: StoreSettings, *, read_only: bool = False
    ) -> None:
        super().__init__(engine, settings, read_only=read_only)
        timeout_ms = int(settings.busy_timeout_s * 1000)
        sa.event.listen(engine, "connect", _sqlite_pragmas(timeout_ms, wal=not read_only))
        # pysqlite opens transactions lazily and never for DDL; take control, so that a
        # writer takes the lock up front with BEGIN IMMEDIATE (one writer at a time,
        # waiting up to the busy timeout) while readers use a plain BEGIN.
        sa.event.listen(engine, "connect", _no_implicit_begin)
        sa.event.listen(engine, "begin", _begin)
        self._writer = engine.execution_options(sqlite_immediate=True)

    def _insert(self, table: sa.Table) -> Any:
        return sqlite.insert(table)

    def _search_statement(
        self, conn: sa.Connection, kind: str, query: str, limit: int
    ) -> sa.Executable | None:
        match = fts5_query(query)
        if not match:
            return None
        sql = _SQLITE_ARTICLE_SEARCH if kind == "article" else _SQLITE_ATTRIBUTION_SEARCH
        statement = sa.text(sql).bindparams(
            match=match, window=self.settings.search_rank_window, limit=limit
        )
        return statement.columns(published_at=schema.UtcDateTime())


# Rank first, on the FTS index alone, then fetch rows and snippets for the few best only.
# Ranking is bm25() (titles and sources weigh four times the text, as the tables'
# configured rank) over the newest ``search_rank_window`` matches: bm25 costs about a
# microsecond a match, so a word found in most of 50,000 articles would otherwise take
# 40 ms, for scores that barely differ (a word that common has almost no weight). The
# window's lower bound is one cheap walk down the match list in rowid order, which FTS5
# then uses as a rowid range. Called directly, bm25() is about a third cheaper than
# ``ORDER BY rank``, which goes through FTS5's own sorter; the scores are the same.
_SQLITE_WINDOW = """
WITH bound AS (SELECT coalesce((
    SELECT rowid FROM {fts} WHERE {fts} MATCH :match
    ORDER BY rowid DESC LIMIT 1 OFFSET :window - 1
), 0) AS low),
top AS (
    SELECT rowid AS id, bm25({fts}, 4.0, 1.0) AS score FROM {fts}
    WHERE {fts} MATCH :match AND rowid >= (SELECT low FROM bound)
    ORDER BY score LIMIT :limit
)"""
_SQLITE_ARTICLE_SEARCH = (
    _SQLITE_WINDOW.format(fts="article_fts")
    + """
SELECT a.id, a.title, a.outlet, coalesce(a.canonical_url, a.url) AS url, a.published_at,
       snippet(article_fts, 1, '[', ']', '…', 16) AS snippet, -top.score AS score
FROM top
CROSS JOIN article_fts ON article_fts.rowid = top.id
JOIN articles AS a ON a.id = top.id
WHERE article_fts MATCH :match
ORDER BY top.score
"""
)
_SQLITE_ATTRIBUTION_SEARCH = (
    _SQLITE_WINDOW.format(fts="attribution_fts")
    + """
SELECT a.id, a.title, a.outlet, coalesce(a.canonical_url, a.url) AS url, a.published_at,
       snippet(attribution_fts, 1, '[', ']', '…', 24) AS snippet, -top.score AS score,
       t.source_text AS source
FROM top
CROSS JOIN attribution_fts ON attribution_fts.rowid = top.id
JOIN attributions AS t ON t.id = top.id
JOIN articles AS a ON a.id = t.article_id
WHERE attribution_fts MATCH :match
ORDER BY top.score
"""
)


def _sqlite_pragmas(timeout_ms: int, *, wal: bool) -> Any:
    """Return the connect hook; ``wal`` off for a read-only file (setting WAL writes)."""

    def configure(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if wal:
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

    def _search_statement(
        self, conn: sa.Connection, kind: str, query: str, limit: int
    ) -> sa.Executable | None:
        words = _WORD.findall(query)
        if not words:
            return None
        params: dict[str, Any] = {
            "query": query,
            "window": self.settings.search_rank_window,
            "limit": limit,
            "options": "StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1",
        }
        if kind != "article":
            return (
                sa.text(_POSTGRES_ATTRIBUTION_SEARCH)
                .bindparams(**params)
                .columns(published_at=schema.UtcDateTime())
            )
        tsquery = conn.execute(
            sa.text("SELECT websearch_to_tsquery('english', :query)::text"), {"query": query}
        ).scalar_one()
        pairs = required_pairs(tsquery)
        matches = _PAIR_MATCHES if pairs else _PLAIN_MATCHES
        sql = _POSTGRES_ARTICLE_SEARCH.format(
            recent=matches.format(where=_RECENT),
            middle=matches.format(where=_MIDDLE),
            older=matches.format(where=_OLDER),
        )
        statement = sa.text(sql).bindparams(
            sa.bindparam("pairs", pairs, type_=postgresql.ARRAY(sa.Text)),
            **params,
            any_word=r"\m(" + "|".join(sorted({w.lower() for w in words})) + ")",
        )
        return statement.columns(published_at=schema.UtcDateTime())


_TSQUERY_TOKEN = re.compile(r"'((?:[^']|'')*)'|(<->|<\d+>|[&|!()])")


def required_pairs(tsquery: str) -> list[str]:
    """Return the word pairs every match of a tsquery must hold (see migration 0004).

    ``tsquery`` is PostgreSQL's text form of a query (``'secur' <-> 'guarante' & 'ukrain'``).
    Two lexemes joined by ``<->`` must stand next to each other in a matching document,
    so the pair ``"secur guarante"`` must be among its pairs. Only a query of ANDs
    and phrases has required pairs: with OR or NOT, or a backslash (an escape this
    reading does not undo), the answer is none, and the caller checks every candidate.
    Wider gaps (``<2>``, from a stop word inside the phrase) are left out: any word may
    stand in the gap.
    """
    if "\\" in tsquery:
        return []
    tokens = [(m.group(1), m.group(2)) for m in _TSQUERY_TOKEN.finditer(tsquery)]
    if any(op in {"|", "!"} for _, op in tokens):
        return []
    pairs: list[str] = []
    for (left, _), (_, op), (right, _) in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if left is not None and op == "<->" and right is not None:
            pair = left.replace("''", "'") + " " + right.replace("''", "'")
            if pair not in pairs:
                pairs.append(pair)
    return pairs


# Where the time goes: the GIN index finds matches cheaply, but fetching each match's row
# (for its id), ranking it and checking a phrase read the heap and the candidate's whole
# tsvector from TOAST. So, in the spirit of SQLite's window:
# - matches are collected newest first, in slices of ids: the newest four windows' worth
#   of ids, then the next twelve windows' worth only if the first slice held less than a
#   window of matches, then the rest only if both did (one-time filters: a slice not
#   needed is not scanned). A word found in many articles then reads a few thousand
#   rows, not all of them;
# - a phrase is first narrowed by its word pairs (an index of hashed pairs), so
#   the positional check runs on articles holding the phrase's words side by side, not
#   on every article holding both words somewhere (migration 0004);
# - title matches (the small ``title_search`` vector, indexed on its own) join the window
#   first; ``ts_rank`` ranks the window by ``lead_search`` (title and the text's first
#   2,000 characters: a news story says there what it is about), a few kB at most where
#   a long article's whole vector is 50 kB and more; headlines come from the first paragraph with a
#   word starting as a query word does (Article.text joins paragraphs with a blank line;
#   a regular expression, not a tsvector per paragraph), not from the whole text; an
#   article with none gets the text's opening.
_PLAIN_MATCHES = "SELECT a.id FROM articles AS a, query WHERE a.search @@ query.q AND {where}"
# The pair index narrows on its own (an array's @> needs no recheck), then the phrase
# check reads the few vectors left: in one bitmap scan with the tsvector index, the
# phrase's recheck would recompute the pairs of every candidate. OFFSET 0 keeps the two
# steps apart.
_PAIR_MATCHES = (
    "SELECT p.id FROM (SELECT a.id, a.search FROM articles AS a, query "
    "WHERE sourcetrace_pair_keys(a.search) @> query.pair_keys AND {where} OFFSET 0) AS p, query "
    "WHERE p.search @@ query.q"
)
_RECENT = "a.id > query.newest - 4 * :window"
_MIDDLE = (
    "(SELECT count(*) FROM recent) < :window "
    "AND a.id <= query.newest - 4 * :window AND a.id > query.newest - 16 * :window"
)
_OLDER = (
    "(SELECT count(*) FROM recent) + (SELECT count(*) FROM middle) < :window "
    "AND a.id <= query.newest - 16 * :window"
)
_POSTGRES_ARTICLE_SEARCH = """
WITH query AS MATERIALIZED (
    SELECT websearch_to_tsquery('english', :query) AS q,
           (SELECT coalesce(max(id), 0) FROM articles) AS newest,
           ARRAY(SELECT sourcetrace_pair_key(pair) FROM unnest(CAST(:pairs AS text[])) AS pair)
               AS pair_keys
),
titled AS MATERIALIZED (
    SELECT a.id FROM articles AS a, query WHERE a.title_search @@ query.q
    ORDER BY a.id DESC LIMIT :window
),
recent AS MATERIALIZED ({recent}),
middle AS MATERIALIZED ({middle}),
older AS MATERIALIZED ({older}),
candidates AS (
    SELECT id FROM titled
    UNION
    (SELECT id FROM recent UNION ALL SELECT id FROM middle UNION ALL SELECT id FROM older
     ORDER BY id DESC LIMIT :window)
),
top AS (
    SELECT a.id, ts_rank(a.lead_search, query.q) AS score
    FROM candidates JOIN articles AS a ON a.id = candidates.id, query
    ORDER BY score DESC, a.id LIMIT :limit
)
SELECT a.id, a.title, a.outlet, coalesce(a.canonical_url, a.url) AS url, a.published_at,
       coalesce(
           (SELECT ts_headline('english', p.text, query.q, :options)
            FROM regexp_split_to_table(a.text, E'\\n\\n') AS p(text)
            WHERE p.text ~* :any_word LIMIT 1),
           ts_headline('english', left(a.text, 600), query.q, :options)
       ) AS snippet,
       top.score
FROM top JOIN articles AS a ON a.id = top.id, query
ORDER BY top.score DESC, a.id
"""
_POSTGRES_ATTRIBUTION_SEARCH = """
WITH query AS MATERIALIZED (SELECT websearch_to_tsquery('english', :query) AS q),
matches AS MATERIALIZED (
    SELECT t.id FROM attributions AS t, query WHERE t.search @@ query.q
),
candidates AS (SELECT id FROM matches ORDER BY id DESC LIMIT :window),
top AS (
    SELECT t.id, ts_rank(t.search, query.q) AS score
    FROM candidates JOIN attributions AS t ON t.id = candidates.id, query
    ORDER BY score DESC, t.id LIMIT :limit
)
SELECT a.id, a.title, a.outlet, coalesce(a.canonical_url, a.url) AS url, a.published_at,
       ts_headline('english', t.content_text, query.q, :options) AS snippet, top.score,
       t.source_text AS source
FROM top
JOIN attributions AS t ON t.id = top.id
JOIN articles AS a ON a.id = t.article_id, query
ORDER BY top.score DESC, t.id
"""
