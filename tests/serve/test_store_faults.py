"""A store that fails mid-serve: a real PostgreSQL stopped under a running server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient

from bench.pgserver import PostgresUnavailable, throwaway_postgres
from sourcetrace.pipeline import ingest
from sourcetrace.serve import ServeSettings, create_app
from sourcetrace.store import open_store
from tests.serve.conftest import assert_secure
from tests.serve.corpus import BUDGET
from tests.store.news import write_pages


@pytest.fixture
def doomed_postgres(tmp_path) -> Iterator[tuple[str, Callable[[], None]]]:
    """Start a PostgreSQL of this test's own holding one article; yield its URL and a stop."""
    with ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_postgres())
        except PostgresUnavailable as exc:
            pytest.skip(f"PostgreSQL tests skipped: {exc}")
        with open_store(url) as store:
            (page,) = write_pages(tmp_path / "pages", {"budget.html": BUDGET})
            assert ingest([str(page)], store).ok == 1
        yield url, stack.close


DOWN = [
    "/index.json",
    "/",
    "/articles/1.json",
    "/articles/1",
    "/articles/1/removed.json",
    "/search.json?q=budget",
    "/search?q=budget",
    "/sources/Mara%20Voss.json",
    "/entities/port-ellery.place",
    "/outlets/Ellery%20Evening%20Post.json",
]


def test_a_postgresql_store_that_goes_down_mid_serve_is_a_coded_503(doomed_postgres):
    url, stop = doomed_postgres
    app = create_app(ServeSettings(db_url=url))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/articles/1.json").status_code == 200
        assert client.get("/search.json?q=budget").json()["articles"]
        stop()
        for path in DOWN:
            response = client.get(path)
            assert response.status_code == 503, (path, response.text[:300])
            assert_secure(response)
            if ".json" in path:
                error = response.json()["error"]
                assert error["code"] == "store.unavailable", path
                assert "try again" in error["message"] and "127.0.0.1" not in error["message"]
            else:
                assert response.headers["content-type"].startswith("text/html")
                assert "store.unavailable" in response.text and "try again" in response.text
