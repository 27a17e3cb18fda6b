"""Every response carries the security headers, errors and crashes included; HEAD is GET's head."""

from __future__ import annotations

import http.client
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sourcetrace.serve import ServeSettings, create_app, running
from tests.serve.conftest import AUTH, assert_secure

ERRORS = [
    ("get", "/no/such/route", 404),
    ("get", "/no/such/route.json", 404),
    ("get", "/articles/999", 404),
    ("get", "/articles/999.json", 404),
    ("get", "/articles/abc.json", 400),  # a validation error
    ("get", "/index.json?limit=0", 400),
    ("post", "/", 405),
    ("post", "/articles/1.json", 405),
    ("post", "/api/ingest", 401),
    ("get", "/api/ingest", 405),
    ("get", "/static/no-such-file.js", 404),
]


@pytest.mark.parametrize(("method", "path", "status"), ERRORS)
def test_every_error_response_carries_the_security_headers(client, method, path, status):
    response = client.request(method, path)
    assert response.status_code == status
    assert_secure(response)


def test_a_body_over_the_limit_is_refused_with_the_security_headers(client):
    big = {"html": "<p>" + "x" * (70 * 1024) + "</p>"}
    response = client.post("/api/ingest", json=big, headers=AUTH)
    assert response.status_code == 413
    assert_secure(response)


@pytest.fixture
def broken(store_copy: Path):
    """Return a client of a store holding a row the pages cannot read: a real crash."""
    with sqlite3.connect(store_copy) as conn:
        conn.execute("UPDATE articles SET images = '[1]' WHERE id = 1")
    conn.close()
    app = create_app(ServeSettings(db_url=f"sqlite:///{store_copy}"))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("path", ["/articles/1.json", "/articles/1"])
def test_an_unhandled_exception_is_a_coded_500_with_the_security_headers(broken, path):
    response = broken.get(path)
    assert response.status_code == 500
    assert_secure(response)
    if path.endswith(".json"):
        assert response.json()["error"]["code"] == "serve.internal"
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert "serve.internal" in response.text
    assert broken.get("/articles/2.json").status_code == 200  # the server goes on


HEADS = ["/", "/index.json", "/articles/1.json", "/articles/1", "/search.json?q=ferry"]


@pytest.mark.parametrize("path", [*HEADS, "/static/app.css", "/docs", "/openapi.json"])
def test_head_answers_as_get_does_without_a_body(client, path):
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("content-length") == got.headers.get("content-length")
    assert_secure(head)


@pytest.mark.parametrize(("path", "status"), [("/articles/999.json", 404), ("/api/ingest", 405)])
def test_head_of_a_missing_page_or_a_write_is_refused_as_get_would_be(client, path, status):
    head = client.head(path)
    assert head.status_code == status and head.content == b""
    assert_secure(head)


def test_head_on_a_live_server_sends_the_headers_of_get_and_no_body(app):
    with running(app) as base:
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", "/articles/1.json")
        got = conn.getresponse()
        length = len(got.read())
        conn.request("HEAD", "/articles/1.json")  # the same connection: no stray body on it
        head = conn.getresponse()
        assert head.status == 200 and head.read() == b""
        assert int(head.headers["content-length"]) == length
        assert "frame-ancestors 'none'" in head.headers["content-security-policy"]
        conn.request("GET", "/index.json")
        assert conn.getresponse().status == 200
        conn.close()
