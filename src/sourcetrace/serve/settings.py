"""Serve settings: every default the web UI and JSON API use lives here."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_SERVE_SETTINGS", "TOKEN_ENV", "ServeSettings"]

KIB = 1024

# The ingest token may come from this environment variable instead of a file.
TOKEN_ENV = "SOURCETRACE_TOKEN"


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeSettings:
    """Options for ``sourcetrace serve``.

    Attributes:
        db_url: The store to read (see ``sourcetrace.store.resolve_db_url``); ``None``
            for ``$SOURCETRACE_DB``, else ``./sourcetrace.db``.
        token: The bearer token ``POST /api/ingest`` requires; ``None`` disables the
            endpoint, so a server is read-only unless a token is configured.
        max_body_bytes: Largest request body accepted (``413`` beyond it).
        page_size: Rows a listing shows by default.
        max_page_size: Most rows a ``?limit=`` may ask for.
        allow_private: Let ``/api/ingest`` fetch private and loopback URLs (off: the
            fetcher's SSRF guard refuses them).
    """

    db_url: str | None = None
    token: str | None = None
    max_body_bytes: int = 2048 * KIB
    page_size: int = 50
    max_page_size: int = 500
    allow_private: bool = False


DEFAULT_SERVE_SETTINGS = ServeSettings()
