"""Translate what the database drivers raise into the store's coded errors.

Every read and write of the store runs inside ``store_faults``, so a full disk, a
database that went away or a read-only file reach the user as ``store.disk-full``,
``store.unavailable`` or ``store.read-only`` (each saying what to do), never as an
internal error. Whatever else a driver raises is ``store.query``: the statement failed
and its transaction was rolled back.

The codes are read from what the drivers report, not from message text: SQLite's result
code (``sqlite3.Error.sqlite_errorcode``), PostgreSQL's SQLSTATE, SQLAlchemy's
``connection_invalidated`` (set when it saw the connection drop) and ``errno``.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import exc as sa_exc

from sourcetrace.errors import (
    StoreDiskFullError,
    StoreError,
    StoreQueryError,
    StoreReadOnlyError,
    StoreUnavailableError,
)

__all__ = ["is_store_fault", "store_error", "store_faults"]

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_FULL = {sqlite3.SQLITE_FULL}
_SQLITE_READONLY = {sqlite3.SQLITE_READONLY}
_SQLITE_GONE = {
    sqlite3.SQLITE_BUSY,  # another writer held the lock past the busy timeout
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CORRUPT,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_NOTADB,
}
# PostgreSQL SQLSTATEs: disk full; a read-only transaction; the connection or the server
# went away or refused us (class 08, administrator or crash shutdown, starting up, too
# many clients, no such database, authentication failed).
_PG_FULL = {"53100"}
_PG_READONLY = {"25006"}
_PG_GONE_PREFIXES = ("08", "57P01", "57P02", "57P03", "53300", "3D000", "28")
_DRIVER_ERRORS = (sa_exc.SQLAlchemyError, sqlite3.Error, psycopg.Error, OSError)


@contextmanager
def store_faults(where: str, doing: str, *, source: str | None = None) -> Iterator[None]:
    """Raise what the block raises from a driver as the store's coded error.

    ``where`` names the store (its URL, password hidden), ``doing`` what was being done
    (``storing page.html``), ``source`` the document concerned, if any.
    """
    try:
        yield
    except StoreError:
        raise
    except _DRIVER_ERRORS as exc:
        raise store_error(exc, where, doing, source=source) from exc


def store_error(
    exc: BaseException, where: str, doing: str, *, source: str | None = None
) -> StoreError:
    """Return the coded store error a driver's exception stands for."""
    kind = _kind(exc)
    detail = _first_line(_driver_error(exc))
    if kind == "full":
        return StoreDiskFullError(
            f"the disk holding {where} is full (or the database reached its size limit) "
            f"while {doing}; free some space and run the command again: everything stored "
            "before is kept",
            source=source,
        )
    if kind == "read-only":
        return StoreReadOnlyError(
            f"cannot write to {where} while {doing}: {detail}; the store (file, folder or "
            "database) is read-only: search, who and export can read it, ingest cannot",
            source=source,
        )
    if kind == "gone":
        return StoreUnavailableError(
            f"the database at {where} failed while {doing}: {detail}; check that it "
            "exists, is running and reachable, then run the command again: everything "
            "stored before is kept",
            source=source,
        )
    return StoreQueryError(f"{doing} failed: {exc.__class__.__name__}: {detail}", source=source)


def is_store_fault(exc: BaseException) -> bool:
    """Tell whether a driver's exception means the store cannot be used (not a bad query)."""
    return _kind(exc) != "query"


def _kind(exc: BaseException) -> str:
    """Return ``full``, ``read-only``, ``gone`` or ``query`` for a driver's exception."""
    driver = _driver_error(exc)
    if isinstance(driver, OSError):
        return _os_kind(driver)
    if isinstance(driver, sqlite3.Error):
        return _sqlite_kind(driver)
    if isinstance(driver, psycopg.Error):
        return _postgres_kind(driver)
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return "gone"
    if isinstance(exc, sa_exc.InterfaceError | sa_exc.TimeoutError | sa_exc.DisconnectionError):
        return "gone"
    return "query"


def _driver_error(exc: BaseException) -> BaseException:
    """Return the driver's own exception under SQLAlchemy's wrapper, if there is one."""
    if isinstance(exc, sa_exc.DBAPIError) and isinstance(exc.orig, BaseException):
        return exc.orig
    return exc


def _os_kind(exc: OSError) -> str:
    if exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        return "full"
    if exc.errno == errno.EROFS:
        return "read-only"
    return "gone"


def _sqlite_kind(exc: sqlite3.Error) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in _SQLITE_FULL:
        return "full"
    if primary in _SQLITE_READONLY:
        return "read-only"
    if primary in _SQLITE_GONE:
        return "gone"
    return "query"


def _postgres_kind(exc: psycopg.Error) -> str:
    state = exc.sqlstate or ""
    if state in _PG_FULL:
        return "full"
    if state in _PG_READONLY:
        return "read-only"
    if state.startswith(_PG_GONE_PREFIXES):
        return "gone"
    # No SQLSTATE: the client library failed (connection refused, server closed the
    # connection unexpectedly, the connection is closed): the server is gone.
    if not state and isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return "gone"
    return "query"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
