"""The HTTP status of every error a request can meet (the errors live in ``errors.py``).

The serve errors themselves are part of the one tree in ``sourcetrace.errors``
(``ServeError`` and its subclasses) and are re-exported here for the web modules.

Every error leaves the server in one JSON shape, ``{"error": {"code", "message"}}``;
pages get the same two fields rendered as HTML.
"""

from __future__ import annotations

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
    UnauthorizedError,
)

__all__ = [
    "BadHostError",
    "BadRequestError",
    "BodyTooLargeError",
    "IngestDisabledError",
    "NotFoundError",
    "ServeError",
    "UnauthorizedError",
    "error_body",
    "status_of",
]


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
