"""Open a store: resolve its URL, refuse what would lose data, migrate or check the schema.

Three choices, each a keyword of ``open_store``:

- ``create``: a store may be made where there is none. Only ``ingest`` asks for it; a
  command that reads, pointed at a SQLite file that does not exist (a typo in ``--db``),
  fails with ``store.not-found`` instead of creating and reading an empty store.
- ``read_only``: nothing is written, not even by opening: SQLite is opened with
  ``mode=ro`` (``immutable=1`` on a read-only folder without a write-ahead log, which
  SQLite could not otherwise open), without the WAL setup, and PostgreSQL sessions are
  read-only. No migration runs: a schema older (or newer) than the code is
  ``store.outdated``. Writes then fail with ``store.read-only``.
- ``memory``: an in-memory SQLite database is gone when the process ends, so a URL for
  one (``sqlite://``, ``sqlite:///``, ``sqlite:///:memory:``, ``file::memory:``) is
  ``store.in-memory`` unless a library caller asks for it.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, unquote

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from sourcetrace.config import DB_URL_ENV, DEFAULT_STORE_SETTINGS, StoreSettings
from sourcetrace.errors import (
    StoreInMemoryError,
    StoreNotFoundError,
    StoreOutdatedError,
    StoreReadOnlyError,
    StoreUnavailableError,
)
from sourcetrace.store import migrate
from sourcetrace.store.backends import PostgresStore, SqliteStore
from sourcetrace.store.faults import store_faults
from sourcetrace.store.sql import SqlStore

__all__ = ["is_memory_url", "open_store", "resolve_db_url", "sqlite_path"]

_PG_READ_ONLY = "-c default_transaction_read_only=on"


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


def open_store(
    db: str | None = None,
    settings: StoreSettings = DEFAULT_STORE_SETTINGS,
    *,
    create: bool = True,
    read_only: bool = False,
    memory: bool = False,
) -> SqlStore:
    """Open the store at ``db`` (see ``resolve_db_url``), migrated to the newest schema.

    See the module's docstring for ``create``, ``read_only`` and ``memory``.

    Raises:
        StoreInMemoryError: ``db`` is an in-memory SQLite database and ``memory`` is off.
        StoreNotFoundError: ``create`` is off and there is no store at ``db``.
        StoreOutdatedError: ``read_only`` is on and the schema is not the newest.
        StoreReadOnlyError: the store must be written (created, migrated) and cannot be.
        StoreDiskFullError: the disk filled up while creating or migrating the store.
        StoreUnavailableError: the URL is malformed, the database cannot be reached, or a
            migration fails.
    """
    url = resolve_db_url(db, settings)
    try:
        parsed = sa.make_url(url)
        backend = parsed.get_backend_name()
        if backend == "sqlite":
            return _open_sqlite(parsed, settings, create=create, read_only=read_only, memory=memory)
        if backend == "postgresql":
            return _open_postgres(parsed, settings, create=create, read_only=read_only)
    except (sa_exc.ArgumentError, ValueError, ImportError) as exc:  # a bad URL, no driver
        shown = url.split("@")[-1] if "@" in url else url
        raise StoreUnavailableError(
            f"cannot open the store at {shown}: {exc}; check --db or ${DB_URL_ENV}"
        ) from exc
    raise StoreUnavailableError(
        f"unsupported database {backend!r}: use sqlite:///FILE or postgresql://USER@HOST/DB"
    )


def is_memory_url(url: sa.URL) -> bool:
    """Tell whether a SQLite URL names an in-memory database rather than a file."""
    database = url.database or ""
    if database in {"", ":memory:"}:
        return True
    if database.startswith("file:"):
        return database.removeprefix("file:").startswith(":memory:") or (
            url.query.get("mode") == "memory"
        )
    return False


def sqlite_path(url: sa.URL) -> Path:
    """Return the file a (file) SQLite URL names, plain or as a ``file:`` URI."""
    database = url.database or ""
    if database.startswith("file:"):
        return Path(unquote(database.removeprefix("file:").split("?", 1)[0]))
    return Path(database)


def _open_sqlite(
    url: sa.URL, settings: StoreSettings, *, create: bool, read_only: bool, memory: bool
) -> SqlStore:
    if is_memory_url(url):
        if not memory:
            raise StoreInMemoryError(
                f"{url.render_as_string()} is an in-memory database: whatever is stored "
                "there is gone when the command ends; give a file instead (--db PATH)"
            )
        if (url.database or "").startswith("file:"):  # a URI: else a file named "file:..."
            url = url.update_query_dict({"uri": "true"})
        # One connection for all: each new one would open a new, empty database.
        engine = sa.create_engine(
            url, poolclass=sa.pool.StaticPool, connect_args={"check_same_thread": False}
        )
        return _ready(SqliteStore(engine, settings), create=True, read_only=False)
    path = sqlite_path(url)
    if not path.exists() and (read_only or not create):
        raise StoreNotFoundError(
            f"there is no store at {path}: create one first with "
            f"`sourcetrace ingest SOURCE... --db {path}` (or check --db / ${DB_URL_ENV} "
            "for a typo)"
        )
    if not read_only:
        _check_writable(path)
    engine = sa.create_engine(_read_only_url(path) if read_only else url)
    store = SqliteStore(engine, settings, read_only=read_only)
    return _ready(store, create=create, read_only=read_only)


def _check_writable(path: Path) -> None:
    """Refuse up front to write where SQLite could not (its journal lives beside the file)."""
    folder = path.parent
    if not folder.is_dir():
        return  # SQLite says so itself: store.unavailable
    if not path.exists():
        if not os.access(folder, os.W_OK):
            raise StoreReadOnlyError(f"cannot create {path}: its folder is read-only")
        return
    if not os.access(folder, os.W_OK) or not os.access(path, os.W_OK):
        raise StoreReadOnlyError(
            f"cannot write to {path}: the file or its folder is read-only; search, who "
            "and export can still read it"
        )


def _read_only_url(path: Path) -> sa.URL:
    """Return a ``mode=ro`` URI for the file; ``immutable=1`` where SQLite needs it.

    SQLite reads a WAL database read-only only if its ``-wal`` and ``-shm`` files exist
    or can be created. On a read-only folder with no ``-wal`` file (the last writer
    closed cleanly), no one can be writing to it, so it is opened as immutable.
    """
    query = {"mode": "ro", "uri": "true"}
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not wal.exists():
        query["immutable"] = "1"
    database = "file:" + quote(str(path.resolve()))
    return sa.URL.create("sqlite+pysqlite", database=database, query=query)


def _open_postgres(
    url: sa.URL, settings: StoreSettings, *, create: bool, read_only: bool
) -> SqlStore:
    connect_args = {"options": _PG_READ_ONLY} if read_only else {}
    engine = sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    store = PostgresStore(engine, settings, read_only=read_only)
    return _ready(store, create=create, read_only=read_only)


def _ready(store: SqlStore, *, create: bool, read_only: bool) -> SqlStore:
    """Migrate the store (or, read-only, check its schema); close it if that fails."""
    try:
        with store_faults(store.url, "opening it"):
            _migrate_or_check(store, create=create, read_only=read_only)
    except BaseException:
        store.close()
        raise
    return store


def _migrate_or_check(store: SqlStore, *, create: bool, read_only: bool) -> None:
    with store.engine.connect() as conn:
        current = migrate.current_revision(conn)
    head = migrate.head_revision()
    if current is None and not create:
        raise StoreNotFoundError(
            f"{store.url} holds no sourcetrace store: create one first with "
            f"`sourcetrace ingest SOURCE... --db {store.url}`"
        )
    if current == head:
        return
    if read_only:
        raise StoreOutdatedError(_outdated(store.url, current, head))
    migrate.upgrade(store.engine)


def _outdated(where: str, current: str | None, head: str | None) -> str:
    if current is not None and not migrate.is_known(current):
        return (
            f"{where} was written by a newer sourcetrace (schema revision {current}); "
            "upgrade sourcetrace to read it"
        )
    return (
        f"{where} has schema revision {current}, this sourcetrace reads {head}, and a "
        "read-only store is not upgraded: run `sourcetrace reanalyze --db ...` once where "
        "it can be written (that upgrades it), then read it again"
    )
