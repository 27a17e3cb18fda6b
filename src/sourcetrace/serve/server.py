"""Run the app with uvicorn: in the foreground for the CLI, in a thread for tests and benches."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict

import uvicorn
from fastapi import FastAPI

from sourcetrace.config import ServeSettings
from sourcetrace.serve.app import create_app

__all__ = ["app_from_environment", "free_port", "run", "running"]

# How settings reach worker processes, which uvicorn starts from an import string.
_SETTINGS_ENV = "SOURCETRACE_SERVE_SETTINGS"


def run(
    settings: ServeSettings, *, host: str, port: int, workers: int = 1, log_level: str = "warning"
) -> None:
    """Serve the store until interrupted, in one process or ``workers`` processes.

    The app is made here first either way, so a store that cannot be opened fails
    before anything listens.

    Raises:
        StoreUnavailableError: the store cannot be opened.
    """
    app = create_app(settings)
    options = {"host": host, "port": port, "log_level": log_level, "access_log": False}
    if workers <= 1:
        uvicorn.run(app, **options)  # type: ignore[arg-type]
        return
    app.state.ctx.store.close()
    os.environ[_SETTINGS_ENV] = json.dumps(asdict(settings))
    target = "sourcetrace.serve.server:app_from_environment"
    uvicorn.run(target, factory=True, workers=workers, **options)  # type: ignore[arg-type]


def app_from_environment() -> FastAPI:
    """Return the app for a worker process, from the settings ``run`` left in the environment."""
    fields = json.loads(os.environ[_SETTINGS_ENV])
    fields["allowed_hosts"] = tuple(fields.get("allowed_hosts", ()))  # JSON made it a list
    return create_app(ServeSettings(**fields))


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port free on ``host`` right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(app: FastAPI, *, host: str = "127.0.0.1", port: int | None = None) -> Iterator[str]:
    """Serve ``app`` from a background thread; yield its base URL, stop it on exit."""
    port = port or free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="sourcetrace-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start on {host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
