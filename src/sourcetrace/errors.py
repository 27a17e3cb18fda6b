"""One exception tree for sourcetrace, with stable codes a user can search for.

::

    SourcetraceError                      error
    ├── InputError                        input
    │   ├── InputNotFoundError            input.not-found
    │   ├── EmptyInputError               input.empty
    │   ├── BinaryInputError              input.binary
    │   ├── InputTooLargeError            input.too-large
    │   ├── DecodeError                   input.decode
    │   ├── BadFeedError                  input.bad-feed
    │   ├── TooManyURLsError              input.too-many-urls
    │   ├── WarcTruncatedError            input.warc-truncated
    │   ├── WarcDamagedError              input.warc-damaged
    │   ├── NotWarcError                  input.not-warc
    │   └── AliasFileError                input.bad-aliases
    ├── ExtractionError                   extract
    │   ├── NoArticleError                extract.no-article
    │   ├── ExtractorFailedError          extract.failed
    │   └── MarkupTooDeepError            extract.too-deep
    ├── AnalysisError                     analyze
    │   └── AnalysisModelError            analyze.model-missing
    ├── FetchError                        fetch
    │   ├── BadURLError                   fetch.bad-url
    │   ├── UnreachableError              fetch.unreachable
    │   ├── FetchTimeoutError             fetch.timeout
    │   ├── HTTPStatusError               fetch.http-status
    │   ├── RobotsDisallowedError         fetch.robots-disallowed
    │   ├── PrivateAddressError           fetch.private-address
    │   ├── TooManyRedirectsError         fetch.too-many-redirects
    │   └── ContentTypeError              fetch.content-type
    ├── StoreError                        store
    │   ├── StoreUnavailableError         store.unavailable
    │   ├── StoreDiskFullError            store.disk-full
    │   ├── StoreNotFoundError            store.not-found
    │   ├── StoreReadOnlyError            store.read-only
    │   ├── StoreOutdatedError            store.outdated
    │   ├── StoreInMemoryError            store.in-memory
    │   └── StoreQueryError               store.query
    └── ServeError                        serve
        ├── NotFoundError                 serve.not-found
        ├── BadRequestError               serve.bad-request
        ├── BadHostError                  serve.bad-host
        ├── UnauthorizedError             serve.unauthorized
        ├── IngestDisabledError           serve.ingest-disabled
        └── BodyTooLargeError             serve.too-large

Third-party exceptions are wrapped where they enter (``raise ... from exc``). Each
error says what went wrong and, where it can, what to do next. Codes never change
meaning once released; new ones may be added.

``STORE_FAULTS`` are the store errors that stop a run: the store takes nothing more
(disk full, database gone, read-only), so going on would only turn every later
document into a failure that cannot be recorded either.
"""

from __future__ import annotations

__all__ = [
    "STORE_FAULTS",
    "AliasFileError",
    "AnalysisError",
    "AnalysisModelError",
    "BadFeedError",
    "BadHostError",
    "BadRequestError",
    "BadURLError",
    "BinaryInputError",
    "BodyTooLargeError",
    "ContentTypeError",
    "DecodeError",
    "EmptyInputError",
    "ExtractionError",
    "ExtractorFailedError",
    "FetchError",
    "FetchTimeoutError",
    "HTTPStatusError",
    "IngestDisabledError",
    "InputError",
    "InputNotFoundError",
    "InputTooLargeError",
    "MarkupTooDeepError",
    "NoArticleError",
    "NotFoundError",
    "NotWarcError",
    "PrivateAddressError",
    "RobotsDisallowedError",
    "ServeError",
    "SourcetraceError",
    "StoreDiskFullError",
    "StoreError",
    "StoreInMemoryError",
    "StoreNotFoundError",
    "StoreOutdatedError",
    "StoreQueryError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
    "TooManyRedirectsError",
    "TooManyURLsError",
    "UnauthorizedError",
    "UnreachableError",
    "WarcDamagedError",
    "WarcTruncatedError",
]


class SourcetraceError(Exception):
    """Base of every error sourcetrace raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(SourcetraceError):
    """The input cannot be read as a page."""

    code = "input"


class InputNotFoundError(InputError):
    """The path does not exist or cannot be opened."""

    code = "input.not-found"


class EmptyInputError(InputError):
    """The input holds no bytes, or only whitespace."""

    code = "input.empty"


class BinaryInputError(InputError):
    """The input is not text: an image, an archive, an executable."""

    code = "input.binary"


class InputTooLargeError(InputError):
    """The input exceeds the configured size limit."""

    code = "input.too-large"


class DecodeError(InputError):
    """The bytes cannot be decoded as text in any plausible encoding."""

    code = "input.decode"


class ExtractionError(SourcetraceError):
    """A page was read but no article could be made from it."""

    code = "extract"


class NoArticleError(ExtractionError):
    """The page holds no article body (a login wall, an index page, an empty shell)."""

    code = "extract.no-article"


class ExtractorFailedError(ExtractionError):
    """The extraction engine raised an unexpected error on this page."""

    code = "extract.failed"


class MarkupTooDeepError(ExtractionError):
    """The page's markup is nested too deeply for the extraction code to walk."""

    code = "extract.too-deep"


class AnalysisError(SourcetraceError):
    """An article could not be analysed."""

    code = "analyze"


class AnalysisModelError(AnalysisError):
    """The spaCy model the analysis needs is not installed."""

    code = "analyze.model-missing"


class BadFeedError(InputError):
    """A feed or sitemap cannot be parsed, or lists no pages."""

    code = "input.bad-feed"


class TooManyURLsError(InputError):
    """A sitemap or feed lists more pages than the configured limit; the rest are skipped."""

    code = "input.too-many-urls"


class WarcTruncatedError(InputError):
    """A WARC file ends inside a record; every record before it was read."""

    code = "input.warc-truncated"


class WarcDamagedError(InputError):
    """One WARC record is corrupt; the records before and after it were read."""

    code = "input.warc-damaged"


class NotWarcError(InputError):
    """A file named ``.warc`` or ``.warc.gz`` does not begin with a WARC record."""

    code = "input.not-warc"


class AliasFileError(InputError):
    """An alias file cannot be read: fix the TOML, or drop the ``--aliases`` option."""

    code = "input.bad-aliases"


class FetchError(SourcetraceError):
    """A URL could not be fetched as a page."""

    code = "fetch"


class BadURLError(FetchError):
    """The URL is not an absolute http(s) URL with a host."""

    code = "fetch.bad-url"


class UnreachableError(FetchError):
    """The host does not resolve or refuses the connection, even after retries."""

    code = "fetch.unreachable"


class FetchTimeoutError(FetchError):
    """The server did not answer in time, even after retries."""

    code = "fetch.timeout"


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx, or 5xx/429 after retries)."""

    code = "fetch.http-status"


class RobotsDisallowedError(FetchError):
    """The site's robots.txt does not allow sourcetrace to fetch this URL."""

    code = "fetch.robots-disallowed"


class PrivateAddressError(FetchError):
    """The URL resolves to a private, loopback, link-local or other non-public address."""

    code = "fetch.private-address"


class TooManyRedirectsError(FetchError):
    """The URL redirects more times than the configured limit."""

    code = "fetch.too-many-redirects"


class ContentTypeError(FetchError):
    """The server sent a media type sourcetrace does not read (an image, a PDF, JSON)."""

    code = "fetch.content-type"


class StoreError(SourcetraceError):
    """The store (SQLite file or PostgreSQL database) could not be used."""

    code = "store"


class StoreUnavailableError(StoreError):
    """The database cannot be opened, reached or migrated (bad URL, down, no permission)."""

    code = "store.unavailable"


class StoreDiskFullError(StoreError):
    """The disk (or the database's size limit) is full; the document in flight was not stored."""

    code = "store.disk-full"


class StoreNotFoundError(StoreError):
    """A command that only reads was pointed at a store that does not exist (a typo in --db?)."""

    code = "store.not-found"


class StoreReadOnlyError(StoreError):
    """The store was opened read-only, or its file or folder cannot be written."""

    code = "store.read-only"


class StoreOutdatedError(StoreError):
    """A store opened read-only has an older (or newer) schema than this sourcetrace reads."""

    code = "store.outdated"


class StoreInMemoryError(StoreError):
    """An in-memory SQLite URL was given where a store must outlive the process."""

    code = "store.in-memory"


class StoreQueryError(StoreError):
    """A read or write against the store failed; the document's transaction was rolled back."""

    code = "store.query"


STORE_FAULTS = (StoreUnavailableError, StoreDiskFullError, StoreReadOnlyError)


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


class BadHostError(ServeError):
    """The request names a host this server does not answer to (DNS rebinding, a proxy)."""

    code = "serve.bad-host"
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
