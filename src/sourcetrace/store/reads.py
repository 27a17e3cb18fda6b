"""Reads from the store on SQLAlchemy Core: runs, articles, search, sources, export rows.

``SqlReads`` is the read side of ``SqlStore``, which inherits it: every query both backends
share. It reads ``self.engine`` and leaves one hook to the backends, ``_search_statement``
(FTS5 on SQLite, ``tsvector`` on PostgreSQL). It writes nothing. Every read runs inside
``store_faults``, so a database gone mid-read is ``store.unavailable``, not a bug.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from sourcetrace.models import Analysis, Article, Failure, RunReport
from sourcetrace.store import schema
from sourcetrace.store.faults import store_faults
from sourcetrace.store.rebuild import analysis_from_rows, article_from_row
from sourcetrace.store.records import SearchHit, Statement
from sourcetrace.store.rows import components_key

__all__ = ["SqlReads"]

_COUNTED = ("pages", "articles", "attributions", "sources", "entities", "time_refs", "failures")
# The analysis tables an Analysis is rebuilt from, each in ``idx`` order.
_ANALYSIS_TABLES = ("attributions", "sources", "entities", "time_refs")


class SqlReads:
    """Runs, articles, search hits, sources and export rows read back (see ``Store``)."""

    engine: sa.Engine

    @property
    def url(self) -> str:
        """Return the database URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def _connect(self, doing: str) -> Iterator[sa.Connection]:
        """Open a connection for reading; a driver's error in it becomes coded."""
        with store_faults(self.url, doing), self.engine.connect() as conn:
            yield conn

    # Dialect hook ------------------------------------------------------------------

    def _search_statement(
        self, conn: sa.Connection, kind: str, query: str, limit: int
    ) -> sa.Executable | None:
        """Return the search statement for ``query``, or None when it can match nothing."""
        raise NotImplementedError

    # Runs and failures -------------------------------------------------------------

    def run_report(self, run_id: int) -> RunReport:
        """Return the recorded outcome of a run."""
        with self._connect("reading a run") as conn:
            run = conn.execute(sa.select(schema.runs).where(schema.runs.c.id == run_id)).one()
        return RunReport(
            run_id=run_id,
            ok=run.ok,
            skipped=run.skipped,
            failures=tuple(self.failures(run_id)),
            duration_s=run.duration_s or 0.0,
            status=run.status,
            near_duplicates=run.near_duplicates,
        )

    def runs(self) -> list[dict[str, Any]]:
        """Return every run, oldest first."""
        with self._connect("reading the runs") as conn:
            rows = conn.execute(sa.select(schema.runs).order_by(schema.runs.c.id))
            return [dict(row._mapping) for row in rows]

    def failures(self, run_id: int | None = None) -> list[Failure]:
        """Return recorded failures, of one run or of all, oldest first."""
        t = schema.failures
        query = sa.select(t.c.source, t.c.stage, t.c.code, t.c.message).order_by(t.c.id)
        if run_id is not None:
            query = query.where(t.c.run_id == run_id)
        with self._connect("reading the failures") as conn:
            return [Failure(*row) for row in conn.execute(query)]

    # Documents ---------------------------------------------------------------------

    def has_page(self, content_hash: str) -> bool:
        """Tell whether a page with these exact bytes is stored."""
        t = schema.pages
        with self._connect("looking up a page") as conn:
            found = conn.execute(sa.select(t.c.id).where(t.c.content_hash == content_hash))
            return found.first() is not None

    def article_for_text(self, text_hash: str) -> int | None:
        """Return the id of the article with this text hash, if stored."""
        t = schema.articles
        with self._connect("looking up an article") as conn:
            return conn.execute(sa.select(t.c.id).where(t.c.text_hash == text_hash)).scalar()

    def stale_articles(self, components: Sequence[str]) -> Iterator[tuple[int, Article]]:
        """Yield articles last analysed by other component versions than ``components``."""
        t = schema.articles
        query = sa.select(t.c.id).where(t.c.components != components_key(components))
        with self._connect("listing stale articles") as conn:
            ids = list(conn.execute(query.order_by(t.c.id)).scalars())
        for article_id in ids:
            yield article_id, self.article(article_id)

    def article(self, article_id: int) -> Article:
        """Return a stored article, every field as it was stored."""
        with self._connect(f"reading article {article_id}") as conn:
            return self._article(conn, article_id)[0]

    def analysis(self, article_id: int) -> Analysis:
        """Return a stored article's analysis, its article included, as it was stored."""
        with self._connect(f"reading the analysis of article {article_id}") as conn:
            article, row = self._article(conn, article_id)
            tables = {}
            for name in _ANALYSIS_TABLES:
                table = schema.metadata.tables[name]
                query = sa.select(table).where(table.c.article_id == article_id)
                rows = conn.execute(query.order_by(table.c.idx))
                tables[name] = [dict(r._mapping) for r in rows]
        return analysis_from_rows(article, row, tables)

    def _article(self, conn: sa.Connection, article_id: int) -> tuple[Article, dict[str, Any]]:
        t, p = schema.articles, schema.paragraphs
        row = dict(conn.execute(sa.select(t).where(t.c.id == article_id)).one()._mapping)
        paras = conn.execute(
            sa.select(p.c.start, p.c.end).where(p.c.article_id == article_id).order_by(p.c.idx)
        )
        return article_from_row(row, [dict(r._mapping) for r in paras]), row

    def page_content(self, content_hash: str) -> bytes:
        """Return a stored page's raw bytes, decompressed."""
        t = schema.pages
        with self._connect("reading a page") as conn:
            raw = conn.execute(sa.select(t.c.raw).where(t.c.content_hash == content_hash))
            return zlib.decompress(raw.scalar_one())

    def counts(self) -> dict[str, int]:
        """Return how many rows each main table holds."""
        with self._connect("counting rows") as conn:
            return {
                name: int(
                    conn.execute(
                        sa.select(sa.func.count()).select_from(schema.metadata.tables[name])
                    ).scalar_one()
                )
                for name in _COUNTED
            }

    # Queries -----------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20, kind: str = "article") -> list[SearchHit]:
        """Return the best matches for a full-text query, best first.

        ``kind`` is ``article`` (titles and text) or ``attribution`` (sources and what
        they are said to have said). Words are all required; ``"a phrase"`` and ``OR``
        work on both backends.
        """
        with self._connect(f"searching for {query!r}") as conn:
            statement = self._search_statement(conn, kind, query, limit)
            if statement is None:
                return []
            rows = conn.execute(statement).all()
        return [
            SearchHit(
                kind=kind,
                article_id=row.id,
                title=row.title,
                outlet=row.outlet,
                url=row.url,
                published_at=row.published_at,
                snippet=row.snippet,
                score=float(row.score),
                source=getattr(row, "source", None),
            )
            for row in rows
        ]

    def who(self, name: str, *, limit: int | None = None) -> list[Statement]:
        """Return everything attributed to a source or entity, oldest article first.

        ``name`` matches, case-insensitively and as a substring, the source as written,
        the roster name it resolves to, or any alias of that name.
        """
        a, t, s, al = schema.attributions, schema.articles, schema.sources, schema.aliases
        needle = name.strip().lower()
        alias_match = (
            sa.select(al.c.article_id)
            .where(al.c.article_id == a.c.article_id)
            .where(sa.or_(al.c.name == s.c.name, al.c.name == a.c.entity_key))
            .where(sa.func.lower(al.c.alias).contains(needle, autoescape=True))
            .exists()
        )
        query = (
            sa.select(
                a.c.article_id,
                t.c.published_at,
                t.c.outlet,
                t.c.title,
                sa.func.coalesce(t.c.canonical_url, t.c.url).label("url"),
                a.c.source_text,
                s.c.name.label("resolved"),
                a.c.source_kind,
                a.c.kind,
                a.c.cue_text,
                a.c.content_text,
                a.c.channel,
                a.c.component,
            )
            .select_from(_attributions_joined())
            .where(
                sa.or_(
                    sa.func.lower(a.c.source_text).contains(needle, autoescape=True),
                    sa.func.lower(s.c.name).contains(needle, autoescape=True),
                    alias_match,
                )
            )
            .order_by(t.c.published_at.asc().nulls_last(), t.c.id, a.c.idx)
            .limit(limit)
        )
        with self._connect(f"reading what {name!r} said") as conn:
            rows = conn.execute(query).all()
        return [Statement(**_statement_fields(row._mapping)) for row in rows]

    def who_summary(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Return every source across the store, most statements first.

        A source is counted under the roster name it resolves to in its article; each row
        has ``name``, ``kind``, ``statements``, ``articles`` and ``outlets``.
        """
        a, t, s = schema.attributions, schema.articles, schema.sources
        name = sa.func.coalesce(s.c.name, a.c.source_text).label("name")
        query = sa.select(name, a.c.source_kind, a.c.article_id, t.c.outlet).select_from(
            _attributions_joined()
        )
        groups: dict[tuple[str, str], dict[str, Any]] = {}
        with self._connect("summarising the sources") as conn:
            for row in conn.execute(query):
                key = (row.name or "(no source)", row.source_kind)
                group = groups.setdefault(key, {"statements": 0, "ids": set(), "outlets": set()})
                group["statements"] += 1
                group["ids"].add(row.article_id)
                if row.outlet:
                    group["outlets"].add(row.outlet)
        rows = [
            {
                "name": key[0],
                "kind": key[1],
                "statements": g["statements"],
                "articles": len(g["ids"]),
                "outlets": sorted(g["outlets"]),
            }
            for key, g in groups.items()
        ]
        rows.sort(key=lambda r: (-r["statements"], -r["articles"], r["name"].casefold()))
        return rows[:limit] if limit else rows

    def export_rows(self, table: str = "attributions") -> Iterator[dict[str, Any]]:
        """Yield flat rows for export: one per attribution (with its article) or article."""
        query = _export_query(table)
        with self._connect(f"exporting {table}") as conn:
            result = conn.execution_options(yield_per=500).execute(query)
            for row in result:
                yield dict(row._mapping)


def _attributions_joined() -> sa.Join:
    """Join each attribution to its article and, where it resolved, its source."""
    a, t, s = schema.attributions, schema.articles, schema.sources
    return a.join(t, t.c.id == a.c.article_id).outerjoin(
        s, sa.and_(s.c.article_id == a.c.article_id, s.c.idx == a.c.source_idx)
    )


def _statement_fields(row: Any) -> dict[str, Any]:
    return {
        "article_id": row["article_id"],
        "published_at": row["published_at"],
        "outlet": row["outlet"],
        "title": row["title"],
        "url": row["url"],
        "source": row["source_text"],
        "resolved": row["resolved"],
        "source_kind": row["source_kind"],
        "kind": row["kind"],
        "cue": row["cue_text"],
        "content": row["content_text"],
        "channel": row["channel"],
        "component": row["component"],
    }


def _export_query(table: str) -> sa.Select[Any]:
    t, a, s = schema.articles, schema.attributions, schema.sources
    article_columns = (
        t.c.url,
        t.c.canonical_url,
        t.c.outlet,
        t.c.title,
        t.c.published_at,
        t.c.language,
    )
    if table == "articles":
        return sa.select(
            t.c.id.label("article_id"),
            *article_columns,
            t.c.section,
            t.c.authors,
            t.c.near_duplicate_of,
            t.c.similarity,
            t.c.extractor,
            t.c.components,
            t.c.images,
            t.c.removed,
            t.c.text,
        ).order_by(t.c.id)
    if table != "attributions":
        raise ValueError(f"cannot export {table!r}: choose articles or attributions")
    return (
        sa.select(
            a.c.article_id,
            a.c.idx.label("attribution"),
            *article_columns,
            a.c.source_text.label("source"),
            s.c.name.label("resolved"),
            a.c.source_kind,
            a.c.kind,
            a.c.cue_text.label("cue"),
            a.c.content_text.label("content"),
            a.c.channel,
            a.c.parent,
            a.c.component,
        )
        .select_from(_attributions_joined())
        .order_by(a.c.article_id, a.c.idx)
    )
