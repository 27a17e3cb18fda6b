"""Fetch URLs politely and safely: one ``Fetcher`` per run.

Politeness: a real user agent, robots.txt (cached per host, ``Crawl-delay`` honoured),
a least interval between two requests to the same host, and retries with exponential
backoff that honour ``Retry-After``. Safety: timeouts and a deadline, a size limit read
as a stream, a media-type allow-list, redirects followed one hop at a time, and the
SSRF guard (``guard.py``) on every hop: each hop's host is resolved once, every address
is checked, and the connection goes to a checked address (``pinning.py``), never to a
second DNS answer. The network, the resolver and the clock are injected, so tests need
neither the internet nor real waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from sourcetrace.config import Settings
from sourcetrace.errors import (
    BadURLError,
    ContentTypeError,
    DecodeError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InputTooLargeError,
    PrivateAddressError,
    RobotsDisallowedError,
    TooManyRedirectsError,
    UnreachableError,
)
from sourcetrace.ingest.guard import Resolver, check_address, check_host, system_resolver
from sourcetrace.ingest.pinning import PinnedBackend, PinnedTransport

__all__ = ["ANY_TYPES", "FEED_TYPES", "PAGE_TYPES", "Fetched", "Fetcher"]

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/x-gzip",
        "application/gzip",
    }
)
ANY_TYPES = PAGE_TYPES | FEED_TYPES
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PORTS = {"http": 80, "https": 443}
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body that passed every check.

    Attributes:
        url: The final URL, after redirects.
        content: The body, decoded from any content-encoding, within the size limit.
        content_type: The ``Content-Type`` header as sent, if any.
        fetched_at: When the body was read, timezone-aware.
    """

    url: str
    content: bytes
    content_type: str | None
    fetched_at: datetime


class Fetcher:
    """Fetch URLs under one set of settings, sharing robots.txt and rate-limit state.

    Args:
        settings: Limits and politeness options.
        client: An ``httpx.Client`` to send requests with; one is made (and closed) when
            none is given. Redirects are never left to the client. Only the client the
            fetcher makes connects to the addresses the guard checked; one passed in
            (tests pass ``httpx.MockTransport``) connects where its transport does, and
            only its peer address is checked, after the fact.
        resolve: Resolves hosts for the SSRF guard, once per hop.
        network: The socket layer under the fetcher's own client (``httpcore.SyncBackend``
            by default; tests pass one that records where connections go).
        clock: A monotonic clock, in seconds.
        sleep: Waits a number of seconds.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        client: httpx.Client | None = None,
        resolve: Resolver = system_resolver,
        network: httpcore.NetworkBackend | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._client = client
        self._owns_client = client is None
        self._resolve = resolve
        self._pins = PinnedBackend(network, strict=not settings.allow_private)
        self._clock = clock
        self._sleep = sleep
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self._interval: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the client if this fetcher made it."""
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str, *, accept: frozenset[str] = PAGE_TYPES) -> Fetched:
        """Fetch ``url``, following redirects, and return its body.

        Raises:
            FetchError: a ``fetch.*`` code says which check failed.
            InputTooLargeError: the body is over ``settings.max_input_bytes``.
            DecodeError: the body's content-encoding is corrupt.
        """
        return self._get(_parse(url, source=url), accept=accept, source=url, robots=True)

    def _get(self, url: httpx.URL, *, accept: frozenset[str], source: str, robots: bool) -> Fetched:
        for _hop in range(self.settings.max_redirects + 1):
            self._guard(url, source)
            if robots:
                self._check_robots(url, source)
            response = self._send(url, source)
            try:
                location = response.headers.get("location")
                if response.status_code in _REDIRECTS and location:
                    url = _parse(str(url.join(location)), source=source)
                    continue
                return self._read(response, url, accept, source)
            finally:
                response.close()
        raise TooManyRedirectsError(
            f"more than {self.settings.max_redirects} redirects; the last went to {url}",
            source=source,
        )

    def _guard(self, url: httpx.URL, source: str) -> None:
        """Resolve the host once, check every address, and pin the connection to them."""
        if self.settings.allow_private:
            return
        host, port = url.raw_host.decode("ascii"), url.port or _PORTS[url.scheme]
        self._pins.pin(host, port, check_host(host, port, self._resolve, source=source))

    def _check_peer(self, response: httpx.Response, source: str) -> None:
        """Check the address actually connected to, which DNS cannot change after the fact."""
        stream = response.extensions.get("network_stream")
        if self.settings.allow_private or stream is None:
            return
        peer = stream.get_extra_info("server_addr")
        if isinstance(peer, tuple) and peer:
            check_address(str(peer[0]), host=response.url.host, source=source)

    def _send(self, url: httpx.URL, source: str) -> httpx.Response:
        """Send one GET, retrying 429, 5xx, timeouts and connection errors with backoff."""
        settings = self.settings
        for attempt in range(settings.retries + 1):
            self._wait_turn(url.host)
            wait = settings.backoff_s * 2**attempt
            error: FetchError
            try:
                response = self._request(url)
            except httpx.TimeoutException as exc:
                error = FetchTimeoutError(
                    f"no answer from {url.host} in time: {exc}", source=source
                )
            except httpx.TransportError as exc:
                error = UnreachableError(f"cannot connect to {url.host}: {exc}", source=source)
            else:
                try:
                    self._check_peer(response, source)
                except FetchError:
                    response.close()
                    raise
                if response.status_code != 429 and response.status_code < 500:
                    return response
                wait = _retry_after(response, default=wait)
                response.close()
                error = _status_error(response, url, source)
            if attempt == settings.retries:
                raise error
            if wait > settings.max_retry_wait_s:
                error.message = f"{error.message}; it asks to wait {wait:.0f} s"
                raise error
            self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(self, url: httpx.URL) -> httpx.Response:
        if self._client is None:
            transport = PinnedTransport(self._pins)
            self._client = httpx.Client(
                transport=transport, trust_env=False, follow_redirects=False
            )
        request = self._client.build_request(
            "GET",
            url,
            headers={"User-Agent": self.settings.user_agent},
            timeout=httpx.Timeout(self.settings.timeout_s),
        )
        return self._client.send(request, stream=True, follow_redirects=False)

    def _wait_turn(self, host: str) -> None:
        """Sleep until this host's least interval since the last request has passed."""
        last = self._last_request.get(host)
        if last is not None:
            interval = self._interval.get(host, self.settings.per_host_interval_s)
            remaining = last + interval - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last_request[host] = self._clock()

    def _read(
        self, response: httpx.Response, url: httpx.URL, accept: frozenset[str], source: str
    ) -> Fetched:
        if not response.is_success:
            raise _status_error(response, url, source)
        content_type = response.headers.get("content-type")
        media = (content_type or "").split(";")[0].strip().lower()
        if media and media not in accept:
            raise ContentTypeError(
                f"{url} is {media}, not one of {', '.join(sorted(accept))}", source=source
            )
        return Fetched(
            url=str(url),
            content=self._read_body(response, source),
            content_type=content_type,
            fetched_at=datetime.now(UTC),
        )

    def _read_body(self, response: httpx.Response, source: str) -> bytes:
        """Read the body as a stream, stopping past the size limit or the deadline."""
        limit = self.settings.max_input_bytes
        too_large = InputTooLargeError(
            f"the response is over the {limit:,}-byte limit; "
            "raise it with --max-bytes if this page is genuine",
            source=source,
        )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        deadline = self._clock() + self.settings.deadline_s
        body = bytearray()
        try:
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise too_large
                if self._clock() > deadline:
                    raise FetchTimeoutError(
                        f"the body took over {self.settings.deadline_s:g} s", source=source
                    )
        except httpx.DecodingError as exc:
            raise DecodeError(f"corrupt content-encoding: {exc}", source=source) from exc
        except httpx.TimeoutException as exc:
            raise FetchTimeoutError(f"the body stopped arriving: {exc}", source=source) from exc
        except httpx.TransportError as exc:
            raise UnreachableError(f"the connection broke: {exc}", source=source) from exc
        return bytes(body)

    def _check_robots(self, url: httpx.URL, source: str) -> None:
        if not self.settings.obey_robots:
            return
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        parser = self._robots.get(origin)
        if parser is None:
            parser = self._robots[origin] = self._load_robots(url, source)
            delay = parser.crawl_delay(self.settings.user_agent)
            if delay is not None:
                interval = min(float(delay), self.settings.max_retry_wait_s)
                self._interval[url.host] = max(self.settings.per_host_interval_s, interval)
        if not parser.can_fetch(self.settings.user_agent, str(url)):
            raise RobotsDisallowedError(
                f"{origin}/robots.txt does not allow {url.raw_path.decode('ascii')}; "
                "sourcetrace respects it",
                source=source,
            )

    def _load_robots(self, url: httpx.URL, source: str) -> RobotFileParser:
        """Read robots.txt as RFC 9309 says: unavailable allows all, a server error allows none.

        A host that cannot be reached, or is refused by the SSRF guard, raises uncached,
        as the page would.
        """
        parser = RobotFileParser()
        robots_url = url.copy_with(path="/robots.txt", query=None, fragment=None)
        try:
            fetched = self._get(robots_url, accept=ANY_TYPES, source=source, robots=False)
        except (UnreachableError, FetchTimeoutError, PrivateAddressError):
            raise
        except (ContentTypeError, TooManyRedirectsError):
            parser.parse([])
        except _StatusError as exc:
            parser.parse([] if 400 <= exc.status < 500 else _DISALLOW_ALL)
        except (FetchError, InputTooLargeError, DecodeError):
            parser.parse(_DISALLOW_ALL)
        else:
            parser.parse(fetched.content.decode("utf-8", errors="replace").splitlines())
        return parser


def _parse(url: str, *, source: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise BadURLError(f"not a valid URL: {url!r} ({exc})", source=source) from exc
    if parsed.scheme not in _PORTS or not parsed.host:
        raise BadURLError(f"not an absolute http(s) URL: {url!r}", source=source)
    return parsed


class _StatusError(HTTPStatusError):
    """``fetch.http-status`` that remembers the status, for robots.txt's rules."""

    def __init__(self, message: str, *, status: int, source: str) -> None:
        super().__init__(message, source=source)
        self.status = status


def _status_error(response: httpx.Response, url: httpx.URL, source: str) -> _StatusError:
    message = f"{url} answered {response.status_code} {response.reason_phrase}".rstrip()
    return _StatusError(message, status=response.status_code, source=source)


def _retry_after(response: httpx.Response, *, default: float) -> float:
    """Return the wait a ``Retry-After`` header asks for (seconds or a date), else ``default``."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return default
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
