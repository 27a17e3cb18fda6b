"""The store on SQLAlchemy Core: every write both backends share, and the reads it inherits.

Each document is written in one transaction (commit per document), so a run killed at
any point leaves whole documents or none. Writes are idempotent: pages are keyed by the
hash of their bytes, articles by the hash of their text, analysis rows by article and
position and replaced together with the component versions that made them. The reads
(runs, articles, search, sources, export rows) are ``SqlReads``, in ``store/reads.py``.

Every transaction runs inside ``store_faults``: a full disk, a database gone or a
read-only store surface as coded ``store.*`` errors (``store/faults.py``); the
transaction in flight is rolled back, and everything committed before stays.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from sourcetrace.config import StoreSettings
from sourcetrace.models import Analysis, Failure, Page, RunReport
from sourcetrace.store import dedup, schema
from sourcetrace.store.faults import store_faults
from sourcetrace.store.liveness import is_abandoned, this_process
from sourcetrace.store.reads import SqlReads
from sourcetrace.store.records import Stored
from sourcetrace.store.rows import (
    analysis_rows,
    article_row,
    components_key,
    published_values,
    without_nul,
)

__all__ = ["SqlStore"]

_ANALYSIS_TABLES = ("sources", "attributions", "aliases", "entities", "time_refs")


def _now() -> datetime:
    return datetime.now(UTC)


class SqlStore(SqlReads):
    """Articles, analyses, runs and failures in a SQL database (see ``Store``).

    Backends subclass it and fill in the dialect hooks: ``_insert`` here and
    ``_search_statement`` on ``SqlReads``.
    """

    dialect = "sql"

    def __init__(
        self, engine: sa.Engine, settings: StoreSettings, *, read_only: bool = False
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.read_only = read_only
        self._writer = engine

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Dialect hook ------------------------------------------------------------------

    def _insert(self, table: sa.Table) -> Any:
        """Return an INSERT that supports ``on_conflict_do_nothing`` on this dialect."""
        raise NotImplementedError

    # Runs and failures -------------------------------------------------------------

    def start_run(self, kind: str, inputs: Sequence[str]) -> int:
        """Record the start of a run and return its id.

        Runs still ``running`` whose process is gone (killed, crashed) are marked
        ``interrupted`` first (see ``store/liveness.py``).
        """
        pid, host = this_process()
        values = {
            "kind": kind,
            "inputs": without_nul(list(inputs)),
            "started_at": _now(),
            "status": "running",
            "pid": pid,
            "host": host,
        }
        with self._begin("starting a run") as conn:
            self._mark_abandoned(conn, host)
            insert = sa.insert(schema.runs).values(values).returning(schema.runs.c.id)
            return int(conn.execute(insert).scalar_one())

    def _mark_abandoned(self, conn: sa.Connection, host: str) -> None:
        t = schema.runs
        running = conn.execute(
            sa.select(t.c.id, t.c.pid, t.c.host, t.c.started_at).where(t.c.status == "running")
        ).all()
        now, stale = _now(), self.settings.stale_run_after_s
        gone = [
            row.id
            for row in running
            if is_abandoned(dict(row._mapping), host=host, now=now, stale_after_s=stale)
        ]
        if gone:
            conn.execute(sa.update(t).where(t.c.id.in_(gone)).values(status="interrupted"))

    def record_failure(self, run_id: int, failure: Failure) -> None:
        """Record one failed document of a run."""
        t = schema.runs
        values = {
            "source": failure.source,
            "stage": failure.stage,
            "code": failure.code,
            "message": failure.message,
        }
        with self._begin(f"recording the failure of {failure.source}") as conn:
            conn.execute(
                sa.insert(schema.failures).values(run_id=run_id, at=_now(), **without_nul(values))
            )
            conn.execute(sa.update(t).where(t.c.id == run_id).values(failed=t.c.failed + 1))

    def record_skip(self, run_id: int) -> None:
        """Count a document the run did not store again (its page is already stored)."""
        t = schema.runs
        with self._begin("counting a skipped page") as conn:
            conn.execute(sa.update(t).where(t.c.id == run_id).values(skipped=t.c.skipped + 1))

    def finish_run(self, run_id: int, *, status: str, duration_s: float) -> RunReport:
        """Close a run with its status and duration, and return its report."""
        t = schema.runs
        with self._begin("closing the run") as conn:
            conn.execute(
                sa.update(t)
                .where(t.c.id == run_id)
                .values(status=status, finished_at=_now(), duration_s=duration_s)
            )
        return self.run_report(run_id)

    # Documents ---------------------------------------------------------------------

    def add_duplicate(self, run_id: int, page: Page, article_id: int) -> None:
        """Record a page whose text is an stored article's, counted as skipped."""
        with self._begin(f"storing {page.source}", source=page.source) as conn:
            self._upsert_page(conn, run_id, page, duplicate_of=article_id)
            self._bump(conn, run_id, skipped=1)

    def add(self, run_id: int, page: Page, analysis: Analysis) -> Stored:
        """Store a page, its article and analysis in one transaction; idempotent.

        Raises:
            StoreDiskFullError, StoreUnavailableError, StoreReadOnlyError: the store
                takes nothing more; nothing of this document was stored.
            StoreQueryError: the write failed; nothing of this document was stored.
        """
        article = analysis.article
        key = dedup.text_hash(article.text)
        signature = dedup.fingerprint(
            article.text,
            shingle_words=self.settings.shingle_words,
            permutations=self.settings.minhash_permutations,
        )
        with self._begin(f"storing {page.source}", source=page.source) as conn:
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
        source = analysis.article.source
        with self._begin(f"storing the analysis of {source}", source=source) as conn:
            self._bump(conn, run_id, ok=1)
            for name in _ANALYSIS_TABLES:
                table = schema.metadata.tables[name]
                conn.execute(sa.delete(table).where(table.c.article_id == article_id))
            self._write_analysis(conn, article_id, analysis, paragraphs=False)
            conn.execute(
                sa.update(schema.articles)
                .where(schema.articles.c.id == article_id)
                .values(
                    components=components_key(analysis.components),
                    # The day may come from the text: new rules may find another, or none.
                    **published_values(analysis),
                )
            )

    # Internals ---------------------------------------------------------------------

    @contextmanager
    def _begin(self, doing: str, *, source: str | None = None) -> Iterator[sa.Connection]:
        """Open a write transaction; a driver's error in it (or its commit) becomes coded."""
        with store_faults(self.url, doing, source=source), self._writer.begin() as conn:
            yield conn

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
        values = without_nul(values)
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
        values = {
            "page_id": page_id,
            "text_hash": key,
            **article_row(analysis, page_url=page.url),
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
