"""Errors the web layer raises, and the HTTP status of every error a request can meet.

::

    SourcetraceError                      error
    └── ServeError                        serve
        ├── NotFoundError                 serve.not-found
        ├── BadRequestError               serve.bad-request
        ├── UnauthorizedError             serve.unauthorized
        ├── IngestDisabledError           serve.ingest-disabled
        └── BodyTooLargeError             serve.too-large

Every error leaves the server in one JSON shape, ``{"error": {"code", "message"}}``;
pages get the same two fields rendered as HTML.
"""

from __future__ import annotations

from sourcetrace.errors import (
    FetchError,
    InputError,
    NoArticleError,
    SourcetraceError,
    StoreError,
)

__all__ = [
    "BadRequestError",
    "BodyTooLargeError",
    "IngestDisabledError",
    "NotFoundError",
    "ServeError",
    "UnauthorizedError",
    "error_body",
    "status_of",
]


class ServeError(SourcetraceError):
    """A request the server cannot answer as asked."""

    code = "serve"
    status = 400


class NotFoundError(ServeError):
    """No article, entity, source, outlet or route by that name."""

    code = "serve.not-found"
    status = 404


class BadRequestError(ServeError):
    """A parameter or body is malformed."""

    code = "serve.bad-request"
    status = 400


class UnauthorizedError(ServeError):
    """The write endpoint needs ``Authorization: Bearer <token>`` with the configured token."""

    code = "serve.unauthorized"
    status = 401


class IngestDisabledError(ServeError):
    """The server is read-only: no ingest token is configured."""

    code = "serve.ingest-disabled"
    status = 403


class BodyTooLargeError(ServeError):
    """The request body exceeds the configured limit."""

    code = "serve.too-large"
    status = 413


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
