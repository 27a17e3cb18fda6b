"""DNS rebinding: the fetcher resolves once, checks, and connects to the checked address.

These run the fetcher's own client (httpx's transport, httpcore's pool) against the
local server. Under it, ``Wire`` stands for the network: it records every address
dialled, reaches this machine only for loopback names or for a public-looking address
a test routes to the local server, and refuses anything else, so nothing touches the
internet.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Sequence
from typing import Any

import httpcore
import pytest

from sourcetrace.config import Settings
from sourcetrace.errors import SourcetraceError
from sourcetrace.ingest.fetch import Fetcher
from sourcetrace.ingest.pinning import PinnedBackend
from tests.ingest.conftest import FakeClock
from tests.ingest.server import LocalServer

PUBLIC = "93.184.216.34"
PUBLIC_V6 = "2606:4700:4700::1111"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1"})


class Rebinding:
    """A resolver whose answer changes: the first answers in turn, then the last forever."""

    def __init__(self, *answers: Sequence[str]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.calls.append(host)
        return self.answers[min(len(self.calls), len(self.answers)) - 1]


class _Handshake(httpcore.NetworkStream):
    """A stream that records the TLS handshake asked of it, then fails it."""

    def __init__(self, wire: Wire) -> None:
        self.wire = wire

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        self.wire.handshakes.append(
            (server_hostname, ssl_context.check_hostname, ssl_context.verify_mode)
        )
        raise httpcore.ConnectError("no TLS server in tests")

    def close(self) -> None:
        pass


class _Routed(httpcore.NetworkStream):
    """A socket to the local server that reports the address it was dialled as."""

    def __init__(self, stream: httpcore.NetworkStream, address: tuple[str, int]) -> None:
        self.stream = stream
        self.address = address

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, timeout)

    def close(self) -> None:
        self.stream.close()

    def get_extra_info(self, info: str) -> Any:
        return self.address if info == "server_addr" else self.stream.get_extra_info(info)


class Wire(httpcore.NetworkBackend):
    """The network under the fetcher: records each dial; reaches only this machine."""

    def __init__(self, routes: dict[str, str] | None = None, *, tls: bool = False) -> None:
        self.routes = routes or {}  # a public-looking address -> where it really goes
        self.tls = tls  # answer unrouted dials with a stream that records the handshake
        self.connects: list[tuple[str, int]] = []
        self.handshakes: list[tuple[str | None, bool, ssl.VerifyMode]] = []
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        self.connects.append((host, port))
        if host in self.routes:
            return _Routed(
                self._sockets.connect_tcp(self.routes[host], port, timeout), (host, port)
            )
        if host in LOOPBACK_NAMES:
            return self._sockets.connect_tcp(host, port, timeout)
        if self.tls:
            return _Handshake(self)
        raise httpcore.ConnectError(f"no internet in tests: {host}")


def _fetcher(resolve: Rebinding, wire: Wire, **options: Any) -> Fetcher:
    clock = FakeClock()
    settings = Settings(per_host_interval_s=0.0, retries=0, obey_robots=False, **options)
    return Fetcher(settings, resolve=resolve, network=wire, clock=clock, sleep=clock.sleep)


def _port(server: LocalServer) -> int:
    return int(server.base.rsplit(":", 1)[1])


def _code(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(SourcetraceError) as caught:
        fetcher.fetch(url)
    return caught.value.code


def test_a_rebinding_answer_never_reaches_the_local_server(server: LocalServer) -> None:
    resolve = Rebinding([PUBLIC], ["127.0.0.1"])  # public when checked, loopback after
    wire = Wire()
    port = _port(server)
    with _fetcher(resolve, wire) as fetcher:
        assert _code(fetcher, f"http://localhost:{port}/articles/one.html") == "fetch.unreachable"
    assert sum(server.hits.values()) == 0
    assert wire.connects == [(PUBLIC, port)]  # the checked address, not "localhost"
    assert resolve.calls == ["localhost"]  # resolved once


def test_allow_private_lets_the_same_request_reach_the_local_server(server: LocalServer) -> None:
    resolve = Rebinding([PUBLIC], ["127.0.0.1"])
    wire = Wire()
    port = _port(server)
    with _fetcher(resolve, wire, allow_private=True) as fetcher:
        fetched = fetcher.fetch(f"http://localhost:{port}/articles/one.html")
    assert b"ferry terminal" in fetched.content
    assert server.hits["/articles/one.html"] == 1
    assert wire.connects == [("localhost", port)]
    assert resolve.calls == []


def test_the_connection_goes_to_the_checked_address_and_keeps_the_host_name(
    server: LocalServer,
) -> None:
    resolve = Rebinding([PUBLIC], ["10.0.0.7"])
    wire = Wire(routes={PUBLIC: "127.0.0.1"})  # the "public" site is the local server
    port = _port(server)
    with _fetcher(resolve, wire) as fetcher:
        fetched = fetcher.fetch(f"http://news.test:{port}/articles/one.html")
    assert b"ferry terminal" in fetched.content
    assert fetched.url == f"http://news.test:{port}/articles/one.html"
    assert wire.connects == [(PUBLIC, port)]
    assert server.headers["/articles/one.html"]["Host"] == f"news.test:{port}"


def test_every_redirect_hop_is_resolved_checked_and_pinned(server: LocalServer) -> None:
    resolve = Rebinding([PUBLIC], [PUBLIC], ["127.0.0.1"])  # the third hop rebinds
    wire = Wire(routes={PUBLIC: "127.0.0.1"})
    port = _port(server)
    with _fetcher(resolve, wire) as fetcher:
        assert _code(fetcher, f"http://news.test:{port}/redirect/3") == "fetch.private-address"
    assert resolve.calls == ["news.test"] * 3
    assert [server.hits[f"/redirect/{n}"] for n in (3, 2, 1)] == [1, 1, 0]
    assert {address for address, _ in wire.connects} == {PUBLIC}


@pytest.mark.parametrize(
    "answer", [[PUBLIC, "127.0.0.1"], ["127.0.0.1", PUBLIC], [PUBLIC_V6, "::1"], [PUBLIC, "::"]]
)
def test_one_private_address_among_several_is_refused(
    server: LocalServer, answer: list[str]
) -> None:
    resolve = Rebinding(answer)
    wire = Wire(routes={PUBLIC: "127.0.0.1"})
    with _fetcher(resolve, wire) as fetcher:
        url = f"http://localhost:{_port(server)}/articles/one.html"
        assert _code(fetcher, url) == "fetch.private-address"
    assert sum(server.hits.values()) == 0
    assert wire.connects == []


def test_several_public_addresses_are_tried_in_turn(server: LocalServer) -> None:
    resolve = Rebinding([PUBLIC_V6, PUBLIC])
    wire = Wire(routes={PUBLIC: "127.0.0.1"})  # the IPv6 one does not answer
    port = _port(server)
    with _fetcher(resolve, wire) as fetcher:
        assert fetcher.fetch(f"http://news.test:{port}/articles/two.html").content
    assert wire.connects == [(PUBLIC_V6, port), (PUBLIC, port)]


def test_https_dials_the_address_but_verifies_the_host_name() -> None:
    resolve = Rebinding([PUBLIC])
    wire = Wire(tls=True)
    with _fetcher(resolve, wire) as fetcher:
        assert _code(fetcher, "https://news.test/story") == "fetch.unreachable"
    assert wire.connects == [(PUBLIC, 443)]
    assert wire.handshakes == [("news.test", True, ssl.CERT_REQUIRED)]


def test_a_host_nothing_was_pinned_for_is_never_dialled() -> None:
    wire = Wire(routes={PUBLIC: "127.0.0.1"})
    backend = PinnedBackend(wire, strict=True)
    with pytest.raises(httpcore.ConnectError, match="not checked"):
        backend.connect_tcp("localhost", 80)
    assert wire.connects == []
