"""The ``sourcetrace serve`` command: the web UI and JSON API over a store.

A thin skin over ``sourcetrace.serve``; ``cli.py`` wires it in with ``register(main)``.
Exit codes follow ``cli.py``: 0 stopped cleanly, 1 the store cannot be opened or the
token file cannot be read (one ``error [code]`` line says why), 2 usage error.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from sourcetrace.cli_common import EXIT_FAILED, EXIT_STORE
from sourcetrace.config import DB_URL_ENV
from sourcetrace.errors import SourcetraceError, StoreError
from sourcetrace.serve import DEFAULT_SERVE_SETTINGS, TOKEN_ENV, run

__all__ = ["register"]

SERVE_EPILOG = f"""\b
Examples:
  sourcetrace serve                               # ./sourcetrace.db on 127.0.0.1:8000
  sourcetrace serve --db news.db --port 8080
  sourcetrace serve --token-file ~/.sourcetrace-token   # enables POST /api/ingest
  sourcetrace serve --host 0.0.0.0 --allowed-host news.example.org   # reached by that name
  {TOKEN_ENV}="$(cat ~/.sourcetrace-token)" sourcetrace serve   # token from the environment
Every page has a JSON twin: add .json to its path. API docs at /docs.
"""


def register(main: click.Group) -> None:
    """Add the ``serve`` command to the ``sourcetrace`` command group."""
    main.add_command(serve_command)


@click.command("serve", epilog=SERVE_EPILOG)
@click.option(
    "--db",
    default=None,
    metavar="URL",
    help=f"The store: sqlite:///FILE, a path, or postgresql://USER@HOST/DB "
    f"(default: ${DB_URL_ENV}, else ./sourcetrace.db). It must exist (sourcetrace ingest "
    "makes it); without a token it is opened read-only.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port."
)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"A file holding the bearer token POST /api/ingest requires (else ${TOKEN_ENV}; "
    "with neither, the server is read-only).",
)
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=DEFAULT_SERVE_SETTINGS.max_body_bytes,
    show_default=True,
    help="Largest request body accepted, in bytes (413 beyond).",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="A host name clients use to reach the server, besides localhost, 127.0.0.1, [::1] "
    "and --host (repeatable; '*' allows any). Requests naming any other host are refused "
    "(serve.bad-host), against DNS rebinding.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Server processes (SQLite readers run in parallel): at most one per CPU core the "
    "server has to itself; one worker on a machine shared with other work.",
)
def serve_command(
    db: str | None,
    host: str,
    port: int,
    token_file: Path | None,
    max_body: int,
    allowed_hosts: tuple[str, ...],
    workers: int,
) -> None:
    """Serve the web UI and JSON API over the store (read-only unless a token is set)."""
    try:
        token = _token(token_file)
        settings = replace(
            DEFAULT_SERVE_SETTINGS,
            db_url=db,
            token=token,
            max_body_bytes=max_body,
            allowed_hosts=allowed_hosts,
        )
        mode = "ingest enabled (bearer token)" if token else "read-only"
        click.echo(f"serving http://{host}:{port}/ ({mode}); API docs at /docs; Ctrl-C stops")
        run(settings, host=host, port=port, workers=workers)
    except SourcetraceError as exc:
        click.echo(f"error [{exc.code}] {exc.message}", err=True)
        sys.exit(EXIT_STORE if isinstance(exc, StoreError) else EXIT_FAILED)


def _token(path: Path | None) -> str | None:
    """Return the ingest token from the file, else the environment, else ``None``."""
    if path is None:
        token, origin = os.environ.get(TOKEN_ENV, "").strip(), f"${TOKEN_ENV}"
        if not token:
            return None
    else:
        try:
            token, origin = path.read_text(encoding="utf-8").strip(), str(path)
        except OSError as exc:
            raise SourcetraceError(f"cannot read the token file {path}: {exc.strerror}") from exc
    if len(token) < 16:
        raise SourcetraceError(f"the token in {origin} is too short: use at least 16 characters")
    return token
