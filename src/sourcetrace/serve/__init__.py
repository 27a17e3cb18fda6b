"""Web UI and JSON API over the store: one data function per page, HTML and ``.json``.

::

    from sourcetrace.serve import ServeSettings, create_app, run
    run(create_app(ServeSettings(db_url="sqlite:///news.db")), host="127.0.0.1", port=8000)

Pages: ``/`` (home), ``/search``, ``/articles/{id}``, ``/entities/{key}``,
``/sources/{name}``, ``/outlets/{name}``; each has a ``.json`` twin built by the same
function in ``pages``. ``POST /api/ingest`` is the one write, behind a bearer token.
"""

from __future__ import annotations

from sourcetrace.config import DEFAULT_SERVE_SETTINGS, TOKEN_ENV, ServeSettings
from sourcetrace.serve.app import create_app
from sourcetrace.serve.server import free_port, run, running

__all__ = [
    "DEFAULT_SERVE_SETTINGS",
    "TOKEN_ENV",
    "ServeSettings",
    "create_app",
    "free_port",
    "run",
    "running",
]
