"""Store fixtures: every test here runs on SQLite and on PostgreSQL, one suite for both."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sourcetrace.store import Store, open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the URL of an empty database, on each backend in turn."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("db")  # apart from pages a test writes to tmp_path
        return f"sqlite:///{folder / 'store.db'}"
    return str(request.getfixturevalue("postgres_database"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """Open (and migrate) the store; close it after the test."""
    with open_store(db_url) as opened:
        yield opened
