"""A throwaway PostgreSQL server for the tests and the benchmarks.

Runs ``initdb`` and ``pg_ctl`` from ``/usr/lib/postgresql/*/bin`` (or
``$SOURCETRACE_PG_BIN``) in a temporary directory, on 127.0.0.1 and a free port, as
user ``postgres`` when run as root (``initdb`` refuses root); stops and removes it after.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["PG_BIN_ENV", "PostgresUnavailable", "pg_bindir", "throwaway_postgres"]

PG_BIN_ENV = "SOURCETRACE_PG_BIN"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started here; the message says why."""


def pg_bindir() -> Path | None:
    """Return the newest PostgreSQL bin directory holding initdb, if any."""
    candidates = [os.environ.get(PG_BIN_ENV, "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """Run as user ``postgres`` when we are root: initdb refuses to run as root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a PostgreSQL server; yield the URL of its ``postgres`` database.

    Raises:
        PostgresUnavailable: no binaries, no way to drop root, or the server failed.
    """
    bindir = pg_bindir()
    if bindir is None:
        raise PostgresUnavailable(f"no initdb under /usr/lib/postgresql/*/bin or ${PG_BIN_ENV}")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        raise PostgresUnavailable("running as root needs runuser to start it as postgres")
    root = Path(tempfile.mkdtemp(prefix="sourcetrace-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres", group="postgres")
    port = _free_port()
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
    initdb += ["-E", "UTF8", "--locale=C", "--no-sync"]
    options = f"-h 127.0.0.1 -p {port} -k {root} -F -c max_connections=200"
    start = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options]
    start += ["-w", "-t", "60", "start"]
    try:
        for command in (initdb, start):
            subprocess.run(
                _as_postgres(command), check=True, capture_output=True, text=True, timeout=120
            )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", None) or str(exc)
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"the server did not start: {detail}") from exc
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        stop = [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run(_as_postgres(stop), capture_output=True, timeout=60, check=False)
        shutil.rmtree(root, ignore_errors=True)
