"""Session fixtures shared by the whole suite: a throwaway PostgreSQL server.

``postgres_server`` starts one with ``bench.pgserver`` (initdb and pg_ctl from
``/usr/lib/postgresql/*/bin``, as user ``postgres`` when run as root, on 127.0.0.1 and
a free port) and removes it at the end of the session. Without the binaries the
PostgreSQL tests skip, with one line saying why.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack

import psycopg
import pytest

from bench.pgserver import PostgresUnavailable, throwaway_postgres


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """Start a throwaway PostgreSQL; yield the URL of its ``postgres`` database."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_postgres())
        except PostgresUnavailable as exc:
            pytest.skip(f"PostgreSQL tests skipped: {exc}")
        yield url


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """Create an empty database on the throwaway server; yield its URL, drop it after."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
