"""The SSRF guard: non-public targets are refused after DNS and on every redirect hop."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import pytest

from sourcetrace.config import Settings
from sourcetrace.errors import SourcetraceError
from sourcetrace.ingest.fetch import Fetcher
from sourcetrace.ingest.guard import is_public
from tests.ingest.conftest import FakeClock
from tests.ingest.server import LocalServer

PUBLIC = "93.184.216.34"
DNS = {
    "news.test": [PUBLIC],
    "intranet.test": ["10.0.0.7"],
    "split.test": [PUBLIC, "127.0.0.1"],  # one bad address is enough to refuse
    "metadata.test": ["169.254.169.254"],
    "v6.test": ["::ffff:127.0.0.1"],
}


def resolve(host: str, port: int) -> Sequence[str]:
    if host not in DNS:
        raise OSError(f"no such host {host}")
    return DNS[host]


class Recorder:
    """A mock transport that records each request and answers from a table."""

    def __init__(self, redirects: dict[str, str] | None = None) -> None:
        self.urls: list[str] = []
        self.redirects = redirects or {}
        self.peer: tuple[str, int] | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        extensions = {"network_stream": _Stream(self.peer)} if self.peer else {}
        if request.url.path == "/robots.txt":
            return httpx.Response(404, extensions=extensions)
        target = self.redirects.get(str(request.url))
        if target:
            return httpx.Response(302, headers={"Location": target}, extensions=extensions)
        headers = {"Content-Type": "text/html"}
        return httpx.Response(200, headers=headers, content=b"<p>x</p>", extensions=extensions)


class _Stream:
    def __init__(self, peer: tuple[str, int]) -> None:
        self.peer = peer

    def get_extra_info(self, name: str) -> object:
        return self.peer if name == "server_addr" else None


def _fetcher(recorder: Recorder, settings: Settings | None = None) -> Fetcher:
    clock = FakeClock()
    client = httpx.Client(transport=httpx.MockTransport(recorder))
    return Fetcher(
        settings or Settings(), client=client, resolve=resolve, clock=clock, sleep=clock.sleep
    )


def _code(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(SourcetraceError) as caught:
        fetcher.fetch(url)
    return caught.value.code


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "fe80::1",
        "fc00::1",
        "0.0.0.0",
        "::",
        "224.0.0.1",
        "ff02::1",
        "100.64.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::",
        "64:ff9b::7f00:1",
        "2001:db8::1",
    ],
)
def test_non_public_addresses_are_not_public(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_public(address: str) -> None:
    assert is_public(address)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://10.0.0.5/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_ip_literals_are_refused_before_any_request(url: str) -> None:
    recorder = Recorder()
    assert _code(_fetcher(recorder), url) == "fetch.private-address"
    assert recorder.urls == []


@pytest.mark.parametrize("host", ["intranet.test", "split.test", "metadata.test", "v6.test"])
def test_hosts_resolving_to_private_addresses_are_refused(host: str) -> None:
    recorder = Recorder()
    assert _code(_fetcher(recorder), f"https://{host}/story") == "fetch.private-address"
    assert recorder.urls == []


def test_unresolvable_host_is_unreachable() -> None:
    assert _code(_fetcher(Recorder()), "https://nowhere.test/") == "fetch.unreachable"


@pytest.mark.parametrize("target", ["http://127.0.0.1/admin", "http://intranet.test/"])
def test_public_url_redirecting_to_private_is_refused_on_the_hop(target: str) -> None:
    recorder = Recorder(redirects={"https://news.test/story": target})
    assert _code(_fetcher(recorder), "https://news.test/story") == "fetch.private-address"
    assert recorder.urls == ["https://news.test/robots.txt", "https://news.test/story"]


def test_connected_address_is_checked_against_dns_rebinding() -> None:
    recorder = Recorder()
    recorder.peer = ("127.0.0.1", 443)  # DNS said public; the socket says otherwise
    assert _code(_fetcher(recorder), "https://news.test/story") == "fetch.private-address"


def test_public_hosts_are_fetched() -> None:
    recorder = Recorder()
    recorder.peer = (PUBLIC, 443)
    assert _fetcher(recorder).fetch("https://news.test/story").content == b"<p>x</p>"


def test_allow_private_lets_private_targets_through() -> None:
    recorder = Recorder(redirects={"https://news.test/story": "http://10.0.0.5/x"})
    fetcher = _fetcher(recorder, Settings(allow_private=True))
    assert fetcher.fetch("https://news.test/story").url == "http://10.0.0.5/x"


def test_local_server_is_refused_by_default(server: LocalServer) -> None:
    with Fetcher(Settings()) as fetcher:
        assert _code(fetcher, server.url("/articles/one.html")) == "fetch.private-address"
    assert sum(server.hits.values()) == 0
