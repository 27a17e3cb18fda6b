"""The store on SQLAlchemy Core: every write and read both backends share.

Each document is written in one transaction (commit per document), so a run killed at
any point leaves whole documents or none. Writes are idempotent: pages are keyed by the
hash of their bytes, articles by the hash of their text, analysis rows by article and
position and replaced together with the component versions that made them.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from sourcetrace.config import StoreSettings
from sourcetrace.errors import StoreQueryError
from sourcetrace.models import Analysis, Article, Failure, Page, RunReport
from sourcetrace.store import dedup, schema
from sourcetrace.store.records import SearchHit, Statement, Stored
from sourcetrace.store.rows import (
    analysis_rows,
    article_from_row,
    article_parts,
    components_key,
)

__all__ = ["SqlStore"]

_ANALYSIS_TABLES = ("sources", "attributions", "aliases", "entities", "time_refs")
_COUNTED = ("pages", "articles", "attributions", "sources", "entities", "time_refs", "failures")


def _now() -> datetime:
    return datetime.now(UTC)


class SqlStore:
    """Articles, analyses, runs and failures in a SQL database (see ``Store``)."""

    dialect = "sql"

    def __init__(self, engine: sa.Engine, settings: StoreSettings) -> None:
        self.engine = engine
        self.settings = settings
        self._writer = engine

    @property
    def url(self) -> str:
        """Return the database URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Dialect hooks -----------------------------------------------------------------

    def _insert(self, table: sa.Table) -> Any:
        """Return an INSERT that supports ``on_conflict_do_nothing`` on this dialect."""
        raise NotImplementedError

    def _search_statement(
        self, conn: sa.Connection, kind: str, query: str, limit: int
    ) -> sa.Executable | None:
        """Return the search statement for ``query``, or None when it can match nothing."""
        raise NotImplementedError

    # Runs and failures -------------------------------------------------------------

    def start_run(self, kind: str, inputs: Sequence[str]) -> int:
        """Record the start of a run and return its id."""
        values = {"kind": kind, "inputs": list(inputs), "started_at": _now(), "status": "running"}
        with self._begin() as conn:
            return int(conn.execute(sa.insert(schema.runs).values(values)).inserted_primary_key[0])

    def record_failure(self, run_id: int, failure: Failure) -> None:
        """Record one failed document of a run."""
        t = schema.runs
        with self._begin() as conn:
            conn.execute(
                sa.insert(schema.failures).values(
                    run_id=run_id,
                    source=failure.source,
                    stage=failure.stage,
                    code=failure.code,
                    message=failure.message,
                    at=_now(),
                )
            )
            conn.execute(sa.update(t).where(t.c.id == run_id).values(failed=t.c.failed + 1))

    def record_skip(self, run_id: int) -> None:
        """Count a document the run did not store again (its page is already stored)."""
        t = schema.runs
        with self._begin() as conn:
            conn.execute(sa.update(t).where(t.c.id == run_id).values(skipped=t.c.skipped + 1))

    def finish_run(self, run_id: int, *, status: str, duration_s: float) -> RunReport:
        """Close a run with its status and duration, and return its report."""
        t = schema.runs
        with self._begin() as conn:
            conn.execute(
                sa.update(t)
                .where(t.c.id == run_id)
                .values(status=status, finished_at=_now(), duration_s=duration_s)
            )
        return self.run_report(run_id)

    def run_report(self, run_id: int) -> RunReport:
        """Return the recorded outcome of a run."""
        with self.engine.connect() as conn:
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
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(schema.runs).order_by(schema.runs.c.id))
            return [dict(row._mapping) for row in rows]

    def failures(self, run_id: int | None = None) -> list[Failure]:
        """Return recorded failures, of one run or of all, oldest first."""
        t = schema.failures
        query = sa.select(t.c.source, t.c.stage, t.c.code, t.c.message).order_by(t.c.id)
        if run_id is not None:
            query = query.where(t.c.run_id == run_id)
        with self.engine.connect() as conn:
            return [Failure(*row) for row in conn.execute(query)]

    # Documents ---------------------------------------------------------------------

    def has_page(self, content_hash: str) -> bool:
        """Tell whether a page with these exact bytes is stored."""
        t = schema.pages
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(t.c.id).where(t.c.content_hash == content_hash))
            return found.first() is not None

    def article_for_text(self, text_hash: str) -> int | None:
        """Return the id of the article with this text hash, if stored."""
        t = schema.articles
        with self.engine.connect() as conn:
            return conn.execute(sa.select(t.c.id).where(t.c.text_hash == text_hash)).scalar()

    def add_duplicate(self, run_id: int, page: Page, article_id: int) -> None:
        """Record a page whose text is an stored article's, counted as skipped."""
        with self._begin() as conn:
            self._upsert_page(conn, run_id, page, duplicate_of=article_id)
            self._bump(conn, run_id, skipped=1)

    def add(self, run_id: int, page: Page, analysis: Analysis) -> Stored:
        """Store a page, its article and analysis in one transaction; idempotent.

        Raises:
            StoreQueryError: the write failed; nothing of this document was stored.
        """
        try:
            return self._add(run_id, page, analysis)
        except SQLAlchemyError as exc:
            raise StoreQueryError(
                f"could not store {page.source}: {exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else ''}",
                source=page.source,
            ) from exc

    def _add(self, run_id: int, page: Page, analysis: Analysis) -> Stored:
        article = analysis.article
        key = dedup.text_hash(article.text)
        signature = dedup.fingerprint(
            article.text,
            shingle_words=self.settings.shingle_words,
            permutations=self.settings.minhash_permutations,
        )
        with self._begin() as conn:
            page_id = self._upsert_page(conn, run_id, page)
            article_id = self._insert_article(conn, page_id, page, analysis, key, signature)
            if article_id is None:  # the same text was stored meanwhile
                existing = conn.execute(
                    sa.select(schema.articles.c.id).where(schema.articles.c.text_hash == key)
                ).scalar_one()
                conn.execute(
                    sa.update(schema.pages)
                    .where(schema.pages.c.id == page_id)
                    .values(duplicate_of=existing)
                )
                self._bump(conn, run_id, skipped=1)
                return Stored(existing, duplicate=True)
            self._write_analysis(conn, article_id, analysis)
            near, score = self._link_near_duplicate(conn, article_id, signature)
            self._bump(conn, run_id, ok=1, near_duplicates=int(near is not None))
        return Stored(article_id, near_duplicate_of=near, similarity=score)

    def replace_analysis(self, run_id: int, article_id: int, analysis: Analysis) -> None:
        """Replace an article's analysis rows (and component versions) in one transaction."""
        with self._begin() as conn:
            self._bump(conn, run_id, ok=1)
            for name in _ANALYSIS_TABLES:
                table = schema.metadata.tables[name]
                conn.execute(sa.delete(table).where(table.c.article_id == article_id))
            self._write_analysis(conn, article_id, analysis, paragraphs=False)
            conn.execute(
                sa.update(schema.articles)
                .where(schema.articles.c.id == article_id)
                .values(components=components_key(analysis.components))
            )

    def stale_articles(self, components: Sequence[str]) -> Iterator[tuple[int, Article]]:
        """Yield articles last analysed by other component versions than ``components``."""
        t = schema.articles
        query = sa.select(t.c.id).where(t.c.components != components_key(components))
        with self.engine.connect() as conn:
            ids = list(conn.execute(query.order_by(t.c.id)).scalars())
        for article_id in ids:
            yield article_id, self.article(article_id)

    def article(self, article_id: int) -> Article:
        """Return a stored article."""
        t, p = schema.articles, schema.paragraphs
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == article_id)).one()
            paras = conn.execute(
                sa.select(p.c.start, p.c.end).where(p.c.article_id == article_id).order_by(p.c.idx)
            )
            return article_from_row(dict(row._mapping), [dict(r._mapping) for r in paras])

    def page_content(self, content_hash: str) -> bytes:
        """Return a stored page's raw bytes, decompressed."""
        t = schema.pages
        with self.engine.connect() as conn:
            raw = conn.execute(sa.select(t.c.raw).where(t.c.content_hash == content_hash))
            return zlib.decompress(raw.scalar_one())

    def counts(self) -> dict[str, int]:
        """Return how many rows each main table holds."""
        with self.engine.connect() as conn:
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
        try:
            with self.engine.connect() as conn:
                statement = self._search_statement(conn, kind, query, limit)
                if statement is None:
                    return []
                rows = conn.execute(statement).all()
        except SQLAlchemyError as exc:
            raise StoreQueryError(f"search failed: {exc.__class__.__name__}") from exc
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
            .select_from(
                a.join(t, t.c.id == a.c.article_id).outerjoin(
                    s, sa.and_(s.c.article_id == a.c.article_id, s.c.idx == a.c.source_idx)
                )
            )
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
        with self.engine.connect() as conn:
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
            a.join(t, t.c.id == a.c.article_id).outerjoin(
                s, sa.and_(s.c.article_id == a.c.article_id, s.c.idx == a.c.source_idx)
            )
        )
        groups: dict[tuple[str, str], dict[str, Any]] = {}
        with self.engine.connect() as conn:
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
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=500).execute(query)
            for row in result:
                yield dict(row._mapping)

    # Internals ---------------------------------------------------------------------

    def _begin(self) -> Any:
        """Open a write transaction."""
        return self._writer.begin()

    def _bump(self, conn: sa.Connection, run_id: int, **deltas: int) -> None:
        t = schema.runs
        values = {name: t.c[name] + delta for name, delta in deltas.items() if delta}
        if values:
            conn.execute(sa.update(t).where(t.c.id == run_id).values(values))

    def _upsert_page(
        self, conn: sa.Connection, run_id: int, page: Page, *, duplicate_of: int | None = None
    ) -> int:
        t = schema.pages
        raw = page.content.encode("utf-8") if isinstance(page.content, str) else page.content
        key = dedup.content_hash(raw)
        values = {
            "content_hash": key,
            "source": page.source,
            "url": page.url,
            "canonical_url": dedup.canonical_url(page.url),
            "fetched_at": page.fetched_at,
            "content_type": page.content_type,
            "raw": zlib.compress(raw, 6),
            "raw_size": len(raw),
            "duplicate_of": duplicate_of,
            "run_id": run_id,
        }
        statement = (
            self._insert(t).values(values).on_conflict_do_nothing(index_elements=["content_hash"])
        )
        conn.execute(statement)
        return int(conn.execute(sa.select(t.c.id).where(t.c.content_hash == key)).scalar_one())

    def _insert_article(
        self,
        conn: sa.Connection,
        page_id: int,
        page: Page,
        analysis: Analysis,
        key: str,
        signature: bytes | None,
    ) -> int | None:
        article = analysis.article
        url = article.canonical_url or article.url or page.url
        # The analysis may date an article its metadata left undated (from the text).
        published = getattr(analysis, "published_at", None) or article.published_at
        values = {
            "page_id": page_id,
            "text_hash": key,
            "source": article.source,
            "url": article.url or page.url,
            "canonical_url": dedup.canonical_url(url),
            "outlet": article.site_name or _host(url),
            "title": article.title,
            "subtitle": article.subtitle,
            "section": article.section,
            "authors": list(article.authors),
            "published_at": published.value if published else None,
            "published_evidence": str(published.evidence) if published else None,
            "language": article.language,
            "text": article.text,
            **article_parts(article),
            "extractor": article.extractor or "unknown",
            "components": components_key(analysis.components),
            "minhash": signature,
            "stored_at": _now(),
        }
        statement = (
            self._insert(schema.articles)
            .values(values)
            .on_conflict_do_nothing(index_elements=["text_hash"])
            .returning(schema.articles.c.id)
        )
        return conn.execute(statement).scalar()

    def _write_analysis(
        self, conn: sa.Connection, article_id: int, analysis: Analysis, *, paragraphs: bool = True
    ) -> None:
        for name, rows in analysis_rows(article_id, analysis).items():
            if rows and (paragraphs or name != "paragraphs"):
                conn.execute(sa.insert(schema.metadata.tables[name]), rows)

    def _link_near_duplicate(
        self, conn: sa.Connection, article_id: int, signature: bytes | None
    ) -> tuple[int | None, float | None]:
        """Link an article to its closest earlier near-copy, and index its LSH bands."""
        if signature is None:
            return None, None
        threshold = self.settings.near_duplicate_threshold
        buckets = dedup.bands(signature, threshold=threshold)
        b, t = schema.lsh_bands, schema.articles
        match = sa.or_(*(sa.and_(b.c.band == band, b.c.bucket == key) for band, key in buckets))
        candidates = conn.execute(
            sa.select(t.c.id, t.c.minhash, t.c.near_duplicate_of)
            .where(t.c.id.in_(sa.select(b.c.article_id).where(match).distinct()))
            .where(t.c.id != article_id)
        ).all()
        best: tuple[float, int] | None = None
        for row in candidates:
            score = dedup.similarity(signature, row.minhash) if row.minhash else 0.0
            root = row.near_duplicate_of or row.id
            if score >= threshold and (best is None or (score, -root) > (best[0], -best[1])):
                best = (score, root)
        conn.execute(
            sa.insert(b),
            [{"band": band, "bucket": key, "article_id": article_id} for band, key in buckets],
        )
        if best is None:
            return None, None
        conn.execute(
            sa.update(t)
            .where(t.c.id == article_id)
            .values(near_duplicate_of=best[1], similarity=best[0])
        )
        return best[1], best[0]


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


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


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
        .select_from(
            a.join(t, t.c.id == a.c.article_id).outerjoin(
                s, sa.and_(s.c.article_id == a.c.article_id, s.c.idx == a.c.source_idx)
            )
        )
        .order_by(a.c.article_id, a.c.idx)
    )
