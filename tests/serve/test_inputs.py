"""Hostile path and query values: ids past 64 bits, control characters, on both backends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sourcetrace.serve import ServeSettings, create_app
from tests.serve.conftest import assert_secure

ID_ROUTES = [
    "/articles/{}.json",
    "/articles/{}",
    "/articles/{}/removed.json",
    "/articles/{}/removed",
]
HUGE = [
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999",
    "-9223372036854775809",
    "1" + "0" * 400,
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request) -> Iterator[TestClient]:
    """Return a client of the corpus stored in SQLite, then in PostgreSQL."""
    url = request.getfixturevalue("db_url" if request.param == "sqlite" else "pg_db_url")
    with TestClient(create_app(ServeSettings(db_url=url)), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("route", ID_ROUTES)
@pytest.mark.parametrize("number", [*HUGE, "9223372036854775807", "0", "-1"])
def test_an_id_out_of_range_is_not_found_on_every_id_route(backend, route, number):
    response = backend.get(route.format(number))
    assert response.status_code == 404, response.text
    if route.endswith(".json"):
        assert response.json()["error"]["code"] == "serve.not-found"
    else:
        assert "serve.not-found" in response.text
    assert_secure(response)


CONTROL = ["\x00", "Voss\x00", "\x00Voss", "\x01", "guarantees\x1b[31m", "\x7f", "\x85"]


@pytest.mark.parametrize("path", ["/search.json", "/search"])
@pytest.mark.parametrize("query", CONTROL)
def test_control_characters_in_a_query_are_refused_not_matched(backend, path, query):
    response = backend.get(path, params={"q": query})
    assert response.status_code == 400, response.text[:300]
    assert "serve.bad-request" in response.text and "control character" in response.text
    assert_secure(response)


@pytest.mark.parametrize("query", ["Mara\tVoss", "Mara\nVoss", "Mara\r\nVoss"])
def test_whitespace_controls_in_a_query_count_as_spaces(backend, query):
    got = backend.get("/search.json", params={"q": query}).json()
    assert got["query"] == "Mara Voss"
    assert any(s["name"] == "Mara Voss" for s in got["sources"])


def test_a_plain_query_still_finds_names_on_both_backends(backend):
    got = backend.get("/search.json", params={"q": "voss"}).json()
    assert [s["name"] for s in got["sources"]] == ["Mara Voss"]


@pytest.mark.parametrize("prefix", ["/sources/", "/entities/", "/outlets/"])
@pytest.mark.parametrize("name", ["%00", "Mara%20Voss%00", "%01"])
@pytest.mark.parametrize("suffix", [".json", ""])
def test_a_name_with_control_characters_is_not_found(backend, prefix, name, suffix):
    response = backend.get(prefix + name + suffix)
    assert response.status_code == 404, response.text[:300]
    assert "serve.not-found" in response.text
