"""Fetching against a real local server: politeness, retries, limits, redirects."""

from __future__ import annotations

import socket
from dataclasses import replace

import httpx
import pytest

from sourcetrace.config import Settings
from sourcetrace.errors import SourcetraceError
from sourcetrace.ingest.fetch import ANY_TYPES, Fetcher
from tests.ingest.conftest import FakeClock
from tests.ingest.server import LocalServer


def _code(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(SourcetraceError) as caught:
        fetcher.fetch(url)
    return caught.value.code


def test_fetch_reads_an_article(fetcher: Fetcher, server: LocalServer) -> None:
    fetched = fetcher.fetch(server.url("/articles/one.html"))
    assert b"ferry terminal" in fetched.content
    assert fetched.url == server.url("/articles/one.html")
    assert fetched.content_type == "text/html; charset=utf-8"
    assert fetched.fetched_at.tzinfo is not None


def test_user_agent_names_sourcetrace_its_version_and_a_contact(
    fetcher: Fetcher, server: LocalServer
) -> None:
    fetcher.fetch(server.url("/articles/one.html"))
    agent = server.headers["/articles/one.html"]["User-Agent"]
    assert agent.startswith("sourcetrace/")
    assert "(+https://" in agent


def test_robots_disallowed_path_is_refused_and_robots_read_once(
    fetcher: Fetcher, server: LocalServer
) -> None:
    assert _code(fetcher, server.url("/private/secret.html")) == "fetch.robots-disallowed"
    fetcher.fetch(server.url("/articles/one.html"))
    assert server.hits["/robots.txt"] == 1
    assert server.hits["/private/secret.html"] == 0


def test_robots_can_be_ignored_for_own_sites(settings: Settings, server: LocalServer) -> None:
    with Fetcher(replace(settings, obey_robots=False)) as fetcher:
        assert fetcher.fetch(server.url("/private/secret.html")).content


def test_slow_endpoint_times_out(settings: Settings, server: LocalServer) -> None:
    with Fetcher(replace(settings, timeout_s=0.2, retries=0)) as fetcher:
        assert _code(fetcher, server.url("/slow")) == "fetch.timeout"


def test_500_then_200_is_retried_after_a_backoff(
    fetcher: Fetcher, server: LocalServer, clock: FakeClock
) -> None:
    fetched = fetcher.fetch(server.url("/flaky/a"))
    assert b"Flaky" in fetched.content
    assert server.hits["/flaky/a"] == 2
    assert clock.sleeps == [0.5]


def test_429_honours_retry_after(fetcher: Fetcher, server: LocalServer, clock: FakeClock) -> None:
    assert b"Limited" in fetcher.fetch(server.url("/limited/a")).content
    assert clock.sleeps == [3.0]


def test_retry_after_past_the_cap_gives_up_at_once(
    fetcher: Fetcher, server: LocalServer, clock: FakeClock
) -> None:
    assert _code(fetcher, server.url("/retry-later")) == "fetch.http-status"
    assert server.hits["/retry-later"] == 1
    assert clock.sleeps == []


def test_persistent_500_fails_after_backing_off_exponentially(
    fetcher: Fetcher, server: LocalServer, clock: FakeClock
) -> None:
    assert _code(fetcher, server.url("/always-500")) == "fetch.http-status"
    assert server.hits["/always-500"] == 3  # the first try and two retries
    assert clock.sleeps == [0.5, 1.0]


def test_404_is_not_retried(fetcher: Fetcher, server: LocalServer) -> None:
    assert _code(fetcher, server.url("/missing")) == "fetch.http-status"
    assert server.hits["/missing"] == 1


def test_refused_connection_is_unreachable(settings: Settings, clock: FakeClock) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Fetcher(replace(settings, retries=1), clock=clock, sleep=clock.sleep) as fetcher:
        assert _code(fetcher, f"http://127.0.0.1:{port}/") == "fetch.unreachable"
    assert clock.sleeps == [0.5]


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_oversized_body_is_refused(settings: Settings, server: LocalServer, path: str) -> None:
    with Fetcher(replace(settings, max_input_bytes=50_000)) as fetcher:
        assert _code(fetcher, server.url(path)) == "input.too-large"


def test_wrong_content_type_is_refused(fetcher: Fetcher, server: LocalServer) -> None:
    assert _code(fetcher, server.url("/image.png")) == "fetch.content-type"


def test_feed_types_are_accepted_where_expected(fetcher: Fetcher, server: LocalServer) -> None:
    assert _code(fetcher, server.url("/feed.rss")) == "fetch.content-type"
    assert b"<rss" in fetcher.fetch(server.url("/feed.rss"), accept=ANY_TYPES).content


def test_redirects_are_followed_hop_by_hop(fetcher: Fetcher, server: LocalServer) -> None:
    fetched = fetcher.fetch(server.url("/redirect/3"))
    assert fetched.url == server.url("/articles/one.html")
    assert [server.hits[f"/redirect/{n}"] for n in (3, 2, 1)] == [1, 1, 1]


def test_too_long_redirect_chain_is_refused(settings: Settings, server: LocalServer) -> None:
    with Fetcher(replace(settings, max_redirects=2)) as fetcher:
        assert _code(fetcher, server.url("/redirect/3")) == "fetch.too-many-redirects"
    assert server.hits["/articles/one.html"] == 0


@pytest.mark.parametrize("url", ["ftp://example.org/x", "not a url", "http:///nohost"])
def test_non_http_urls_are_refused(fetcher: Fetcher, url: str) -> None:
    assert _code(fetcher, url) == "fetch.bad-url"


def test_per_host_interval_spaces_requests_to_one_host(clock: FakeClock) -> None:
    seen: list[tuple[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, clock()))
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>x</p>")

    settings = Settings(per_host_interval_s=2.0, obey_robots=False)
    client = httpx.Client(transport=httpx.MockTransport(handler))
    fetcher = Fetcher(
        settings,
        client=client,
        resolve=lambda host, port: ["93.184.216.34"],
        clock=clock,
        sleep=clock.sleep,
    )
    for url in ("http://a.test/1", "http://a.test/2", "http://b.test/1", "http://a.test/3"):
        fetcher.fetch(url)
    assert seen == [("a.test", 0.0), ("a.test", 2.0), ("b.test", 2.0), ("a.test", 4.0)]


def test_crawl_delay_widens_the_interval(clock: FakeClock) -> None:
    seen: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: sourcetrace\nCrawl-delay: 5\n")
        seen.append(clock())
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>x</p>")

    client = httpx.Client(transport=httpx.MockTransport(handler))
    fetcher = Fetcher(
        Settings(per_host_interval_s=1.0),
        client=client,
        resolve=lambda host, port: ["93.184.216.34"],
        clock=clock,
        sleep=clock.sleep,
    )
    fetcher.fetch("https://news.test/a")
    fetcher.fetch("https://news.test/b")
    assert seen[1] - seen[0] == 5.0


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (503, False)])
def test_robots_unavailable_allows_and_unreachable_forbids(
    clock: FakeClock, status: int, allowed: bool
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(status)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>x</p>")

    client = httpx.Client(transport=httpx.MockTransport(handler))
    fetcher = Fetcher(
        Settings(per_host_interval_s=0.0, retries=0),
        client=client,
        resolve=lambda host, port: ["93.184.216.34"],
        clock=clock,
        sleep=clock.sleep,
    )
    if allowed:
        assert fetcher.fetch("https://news.test/a").content
    else:
        assert _code(fetcher, "https://news.test/a") == "fetch.robots-disallowed"
