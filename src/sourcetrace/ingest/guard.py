"""Refuse to fetch from private, loopback and other non-public addresses (an SSRF guard).

A URL given to sourcetrace, or found in a feed, a sitemap or a redirect, must not make
it read from the machine it runs on or its private network. The host is resolved once
and every address it resolves to is checked; the fetcher then connects to those
addresses only (``pinning.py``), and does the same on every redirect hop.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence

from sourcetrace.errors import PrivateAddressError, UnreachableError

__all__ = ["Resolver", "check_address", "check_host", "is_public", "system_resolver"]

Resolver = Callable[[str, int], Sequence[str]]
"""Resolve ``(host, port)`` to IP address strings; injectable so tests need no DNS."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64 (RFC 6052) embeds an IPv4 address in the last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def system_resolver(host: str, port: int) -> Sequence[str]:
    """Resolve ``host`` with the operating system's resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def is_public(address: str | IPAddress) -> bool:
    """Tell whether an address is globally routable unicast (IPv4, IPv6, IPv4-mapped)."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    for embedded in _embedded_ipv4(ip):
        if not is_public(embedded):
            return False
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


def _embedded_ipv4(ip: IPAddress) -> list[ipaddress.IPv4Address]:
    """Return IPv4 addresses carried inside an IPv6 one (mapped, 6to4, Teredo, NAT64)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return []
    found = [ip.ipv4_mapped, ip.sixtofour]
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if ip in _NAT64:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [addr for addr in found if addr is not None]


def check_host(host: str, port: int, resolve: Resolver, *, source: str) -> tuple[str, ...]:
    """Resolve ``host`` once; return its addresses when every one of them is public.

    The caller connects to these addresses and no others (see ``pinning.py``), so a
    second DNS answer cannot differ from the one checked.

    Raises:
        PrivateAddressError: an address is private, loopback, link-local, multicast,
            reserved or unspecified.
        UnreachableError: the host does not resolve.
    """
    literal = _literal(host)
    if literal is not None:
        addresses: Sequence[str] = [literal]
    else:
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise UnreachableError(f"cannot resolve {host}: {exc}", source=source) from exc
        if not addresses:
            raise UnreachableError(f"{host} resolves to no address", source=source)
    for address in addresses:
        check_address(address, host=host, source=source)
    return tuple(addresses)


def check_address(address: str, *, host: str, source: str) -> None:
    """Refuse a non-public address with ``fetch.private-address``."""
    try:
        public = is_public(address)
    except ValueError:
        public = False
    if not public:
        raise PrivateAddressError(
            f"{host} resolves to {address}, a non-public address; "
            "pass --allow-private to fetch from your own network",
            source=source,
        )


def _literal(host: str) -> str | None:
    """Return ``host`` as an address when it is an IP literal (brackets removed)."""
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        return None
