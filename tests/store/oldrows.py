"""A database left at an older revision, holding one article, for the upgrade tests."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from sourcetrace.store import migrate, resolve_db_url
from sourcetrace.store.schema import articles, pages, runs

STORED_AT = datetime(2024, 5, 1, tzinfo=UTC)


def database_at(db_url: str, revision: str, *, text: str, title: str | None = None) -> sa.Engine:
    """Migrate an empty database to ``revision`` and store run 1, page 1 and article 1 in it.

    Only columns every revision has are written. The caller adds its own older rows
    through the returned engine, then disposes of it.
    """
    engine = sa.create_engine(resolve_db_url(db_url))
    migrate.upgrade(engine, revision)
    with engine.begin() as conn:
        conn.execute(
            sa.insert(runs).values(
                id=1, kind="ingest", inputs=[], started_at=STORED_AT, status="done"
            )
        )
        conn.execute(
            sa.insert(pages).values(id=1, content_hash="h", source="s", raw=b"", raw_size=0)
        )
        conn.execute(
            sa.insert(articles).values(
                id=1,
                page_id=1,
                text_hash="t",
                source="s",
                title=title,
                authors=[],
                text=text,
                extractor="x",
                components="c",
                stored_at=STORED_AT,
            )
        )
    return engine
