"""Trusted hosts: a request naming another host (DNS rebinding) is refused, coded, with headers."""

from __future__ import annotations

import socket

import pytest
from fastapi.testclient import TestClient

from sourcetrace.serve import ServeSettings, create_app, running
from tests.serve.conftest import assert_secure

LOOPBACK = ["localhost", "localhost:8000", "LOCALHOST:8000", "127.0.0.1", "127.0.0.1:8000"]
LOOPBACK += ["[::1]", "[::1]:8000"]
FOREIGN = ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example"]
FOREIGN += ["[::2]:8000", "", "localhost:8000@evil.example", "evil.example, localhost"]


@pytest.mark.parametrize("host", ["testserver", *LOOPBACK])
def test_the_bound_host_and_loopback_names_are_served(client, host):
    response = client.get("/index.json", headers={"host": host})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("path", ["/index.json", "/", "/articles/1", "/static/app.js", "/nowhere"])
@pytest.mark.parametrize("host", FOREIGN)
def test_another_host_is_refused_with_a_coded_error_and_the_headers(client, host, path):
    response = client.get(path, headers={"host": host})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "serve.bad-host"
    assert "--allowed-host" in response.json()["error"]["message"]
    assert_secure(response)


def test_allowed_hosts_are_served_beside_the_loopback_names(db_url):
    settings = ServeSettings(db_url=db_url, allowed_hosts=("news.example", "tls.example:8443"))
    with TestClient(create_app(settings)) as client:
        for host, status in [
            ("news.example", 200),
            ("NEWS.example:8080", 200),
            ("tls.example:8443", 200),
            ("tls.example", 400),  # an entry with a port allows that port only
            ("localhost:8000", 200),
            ("evil.example", 400),
        ]:
            response = client.get("/index.json", headers={"host": host})
            assert response.status_code == status, host


def test_a_star_allows_every_host(db_url):
    with TestClient(create_app(ServeSettings(db_url=db_url, allowed_hosts=("*",)))) as client:
        assert client.get("/index.json", headers={"host": "anything.example"}).status_code == 200


def _raw_get(base: str, host: str | None) -> bytes:
    """Send a GET by hand, with this Host header (or none, as HTTP/1.0 allows)."""
    address = base.removeprefix("http://").split(":")
    header = f"Host: {host}\r\n" if host is not None else ""
    request = f"GET /index.json HTTP/1.0\r\n{header}Connection: close\r\n\r\n"
    with socket.create_connection((address[0], int(address[1])), timeout=10) as sock:
        sock.sendall(request.encode("latin-1"))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_a_live_server_answers_to_its_address_and_refuses_a_rebound_name(app):
    with running(app) as base:
        port = base.rsplit(":", 1)[1]
        assert _raw_get(base, f"127.0.0.1:{port}").startswith(b"HTTP/1.1 200")
        assert _raw_get(base, f"localhost:{port}").startswith(b"HTTP/1.1 200")
        refused = _raw_get(base, f"rebound.example:{port}")
        assert refused.startswith(b"HTTP/1.1 400") and b"serve.bad-host" in refused
        assert b"content-security-policy" in refused.lower()
        assert _raw_get(base, None).startswith(b"HTTP/1.1 400")  # no Host: refused too
