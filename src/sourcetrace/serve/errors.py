"""The HTTP status of every error a request can meet (the errors live in ``errors.py``).

The serve errors themselves are part of the one tree in ``sourcetrace.errors``
(``ServeError`` and its subclasses) and are re-exported here for the web modules.

Every error leaves the server in one JSON shape, ``{"error": {"code", "message"}}``;
pages get the same two fields rendered as HTML. A store that fails mid-request (the
database went down, the file cannot be read) is a 503 ``store.unavailable``, not a bug:
``store_fault`` tells those from the rest.
"""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

from sourcetrace.errors import (
    BadHostError,
    BadRequestError,
    BodyTooLargeError,
    FetchError,
    IngestDisabledError,
    InputError,
    NoArticleError,
    NotFoundError,
    ServeError,
    SourcetraceError,
    StoreError,
    StoreUnavailableError,
    UnauthorizedError,
)
from sourcetrace.store.faults import is_store_fault

__all__ = [
    "UNAVAILABLE",
    "BadHostError",
    "BadRequestError",
    "BodyTooLargeError",
    "IngestDisabledError",
    "NotFoundError",
    "ServeError",
    "UnauthorizedError",
    "error_body",
    "status_of",
    "store_fault",
]

# What a client is told; the server log has the driver's own words (hosts, paths).
UNAVAILABLE = (
    "the store cannot be read right now (its database is down, unreachable or "
    "unreadable): try again shortly; the server log says why"
)
# A reader cannot tell an OperationalError that is not a fault from one that is (SQLite
# raises it for an unreadable file as for a missing table): every one makes the store
# unreadable for this request. The rest is the store's own classification.
_FAULTS = (StoreUnavailableError, sa_exc.OperationalError)


def status_of(exc: SourcetraceError) -> int:
    """Return the HTTP status for an error raised while answering a request."""
    if isinstance(exc, ServeError):
        return exc.status
    if isinstance(exc, FetchError):
        return 502  # the page's server failed us, not the client
    if isinstance(exc, InputError | NoArticleError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 500


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    """Return the one shape every error takes on the wire."""
    return {"error": {"code": code, "message": message}}


def store_fault(exc: BaseException) -> StoreUnavailableError | None:
    """Return ``store.unavailable`` if ``exc`` is, or was caused by, a store fault; else None.

    A fault is the store's own ``StoreUnavailableError``, any ``OperationalError``, or
    what ``store.faults`` classifies as the database being unusable (gone, full,
    read-only: a dropped or invalidated connection, a pool timeout). A bad statement (a
    bug) is not.
    """
    seen: BaseException | None = exc
    while seen is not None:
        driver = isinstance(seen, sa_exc.SQLAlchemyError) and is_store_fault(seen)
        if isinstance(seen, _FAULTS) or driver:
            return StoreUnavailableError(UNAVAILABLE)
        seen = seen.__cause__
    return None
