"""Store stage: one contract, SQLite and PostgreSQL behind it, migrations on open.

``open_store(url)`` opens (and migrates) the database; what it returns satisfies
``Store``. SQLite is the embedded default (``./sourcetrace.db``); PostgreSQL is chosen
by URL (``postgresql://user@host/db``)::

    with open_store("sqlite:///news.db") as store:
        for statement in store.who("Zelensky"):
            ...
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from sourcetrace.config import DB_URL_ENV, DEFAULT_STORE_SETTINGS, StoreSettings
from sourcetrace.errors import StoreUnavailableError
from sourcetrace.models import Analysis, Article, Failure, Page, RunReport
from sourcetrace.store import migrate
from sourcetrace.store.backends import PostgresStore, SqliteStore
from sourcetrace.store.dedup import content_hash, text_hash
from sourcetrace.store.export import EXPORT_FORMATS, export
from sourcetrace.store.records import SearchHit, Statement, Stored
from sourcetrace.store.sql import SqlStore

__all__ = [
    "EXPORT_FORMATS",
    "SearchHit",
    "Statement",
    "Store",
    "Stored",
    "content_hash",
    "export",
    "open_store",
    "resolve_db_url",
    "text_hash",
]


class Store(Protocol):
    """What every backend does; the pipeline and the CLI use nothing else."""

    dialect: str

    @property
    def url(self) -> str: ...
    def close(self) -> None: ...
    def __enter__(self) -> Store: ...
    def __exit__(self, *exc: object) -> None: ...
    def start_run(self, kind: str, inputs: Sequence[str]) -> int: ...
    def record_failure(self, run_id: int, failure: Failure) -> None: ...
    def record_skip(self, run_id: int) -> None: ...
    def finish_run(self, run_id: int, *, status: str, duration_s: float) -> RunReport: ...
    def run_report(self, run_id: int) -> RunReport: ...
    def runs(self) -> list[dict[str, Any]]: ...
    def failures(self, run_id: int | None = None) -> list[Failure]: ...
    def has_page(self, content_hash: str) -> bool: ...
    def article_for_text(self, text_hash: str) -> int | None: ...
    def add_duplicate(self, run_id: int, page: Page, article_id: int) -> None: ...
    def add(self, run_id: int, page: Page, analysis: Analysis) -> Stored: ...
    def replace_analysis(self, run_id: int, article_id: int, analysis: Analysis) -> None: ...
    def stale_articles(self, components: Sequence[str]) -> Iterator[tuple[int, Article]]: ...
    def article(self, article_id: int) -> Article: ...
    def page_content(self, content_hash: str) -> bytes: ...
    def counts(self) -> dict[str, int]: ...
    def search(self, query: str, *, limit: int = 20, kind: str = "article") -> list[SearchHit]: ...
    def who(self, name: str, *, limit: int | None = None) -> list[Statement]: ...
    def who_summary(self, *, limit: int | None = None) -> list[dict[str, Any]]: ...
    def export_rows(self, table: str = "attributions") -> Iterator[dict[str, Any]]: ...


def resolve_db_url(db: str | None = None, settings: StoreSettings = DEFAULT_STORE_SETTINGS) -> str:
    """Return the SQLAlchemy URL to use: ``db``, else ``$SOURCETRACE_DB``, else the default.

    A bare path means a SQLite file; ``postgresql://`` is served by psycopg 3.
    """
    url = db or os.environ.get(DB_URL_ENV) or settings.db_url
    if "://" not in url:
        return f"sqlite:///{Path(url)}"
    scheme, rest = url.split("://", 1)
    if scheme in {"postgresql", "postgres", "postgresql+psycopg2"}:
        return f"postgresql+psycopg://{rest}"
    return url


def open_store(db: str | None = None, settings: StoreSettings = DEFAULT_STORE_SETTINGS) -> Store:
    """Open the store at ``db`` (see ``resolve_db_url``), migrating it to the newest schema.

    Raises:
        StoreUnavailableError: the URL is malformed, the database cannot be reached, or a
            migration fails.
    """
    url = resolve_db_url(db, settings)
    try:
        parsed = sa.make_url(url)
        store: SqlStore
        if parsed.get_backend_name() == "sqlite":
            engine = sa.create_engine(parsed)
            store = SqliteStore(engine, settings)
        elif parsed.get_backend_name() == "postgresql":
            store = PostgresStore(sa.create_engine(parsed, pool_pre_ping=True), settings)
        else:
            raise StoreUnavailableError(
                f"unsupported database {parsed.get_backend_name()!r}: use sqlite:///FILE "
                "or postgresql://USER@HOST/DB"
            )
        migrate.upgrade(store.engine)
    except StoreUnavailableError:
        raise
    except (SQLAlchemyError, ValueError, OSError, ImportError) as exc:
        shown = url.split("@")[-1] if "@" in url else url
        raise StoreUnavailableError(
            f"cannot open the store at {shown}: {_first_line(exc)}; check --db or ${DB_URL_ENV}"
        ) from exc
    return store


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
