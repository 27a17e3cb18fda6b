"""Connect to the addresses the SSRF guard checked, never to a second DNS answer.

The fetcher resolves a host once, checks every address, and pins them here; the
connection pool then dials a pinned address instead of resolving the name again, so a
DNS answer that changes between the check and the connection (rebinding) is never
used. Only the TCP connection goes to the address: the URL, the ``Host`` header, TLS
SNI and certificate verification all keep the host name, because httpcore takes them
from the request's origin, not from what the network backend dialled.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import httpcore
import httpx

__all__ = ["PinnedBackend", "PinnedTransport"]

# A socket option as httpcore takes it: (level, option, value) or (level, option, None, length).
SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class PinnedBackend(httpcore.NetworkBackend):
    """Dial the addresses pinned for a host and port, in order, instead of resolving it.

    Args:
        inner: The backend that opens sockets (``httpcore.SyncBackend`` by default;
            tests pass one that records where connections go).
        strict: Refuse a host nothing was pinned for. Off only when private addresses
            are allowed, and so no address is checked.
    """

    def __init__(self, inner: httpcore.NetworkBackend | None = None, *, strict: bool) -> None:
        self._inner = inner or httpcore.SyncBackend()
        self._strict = strict
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}

    def pin(self, host: str, port: int, addresses: Sequence[str]) -> None:
        """Make connections to ``host:port`` go to ``addresses`` from now on."""
        self._pins[(host.lower(), port)] = tuple(addresses)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect to the first pinned address of ``host:port`` that answers."""
        addresses = self._pins.get((host.lower(), port))
        if addresses is None:
            if self._strict:  # fail closed: an address nobody checked is never dialled
                raise httpcore.ConnectError(f"{host}:{port} was not checked by the SSRF guard")
            addresses = (host,)
        options = list(socket_options or ())
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address=local_address, socket_options=options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None  # a pin holds at least one address
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        """Refuse: sourcetrace never fetches over a Unix socket."""
        raise httpcore.ConnectError("sourcetrace does not connect to Unix sockets")

    def sleep(self, seconds: float) -> None:
        """Wait as the inner backend does (httpcore's own connection retries)."""
        self._inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's own transport, its connection pool dialling through a ``PinnedBackend``.

    httpx has no public way to give its transport a network backend (encode/httpx#3749
    proposes one), so the pool it makes is replaced by one built with httpcore's public
    constructor and the same settings; everything else (request and response mapping,
    error translation) stays httpx's. ``tests/ingest/test_pinning.py`` fails should an
    httpx release stop using the pool, rather than let connections bypass the pins.
    """

    def __init__(self, backend: PinnedBackend) -> None:
        super().__init__(trust_env=False)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)  # httpx's
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )
