"""The layers around the app, and the write endpoint's guard.

``protect`` wraps the whole ASGI app, Starlette's own 500 handler included, so that what
every layer inside it answers gets the same treatment:

- ``SecurityHeaders``: a strict Content-Security-Policy on every response, errors and
  crashes included: scripts and styles only from this server (no inline script, no
  ``eval``), no plugins, no framing. Templates autoescape too, so the policy is a second
  wall, not the only one. ``/docs`` (Swagger UI, from its CDN) gets a policy of its own
  that allows its one inline script by hash.
- ``HeadAsGet``: ``HEAD`` is answered as ``GET`` is, headers only.
- ``TrustedHosts``: a request whose ``Host`` is not this server's is refused
  (``serve.bad-host``): a site that points its own name at 127.0.0.1 (DNS rebinding)
  would otherwise read the local server as if it were its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from sourcetrace.serve.errors import (
    BadHostError,
    BodyTooLargeError,
    IngestDisabledError,
    UnauthorizedError,
    error_body,
)

__all__ = [
    "CSP",
    "LOOPBACK_HOSTS",
    "HeadAsGet",
    "SecurityHeaders",
    "TrustedHosts",
    "check_token",
    "docs_csp",
    "protect",
    "read_limited",
    "split_host",
]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
# Encoded once: the middleware adds these to every response.
_ENCODED = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in _HEADERS.items()]
_REPLACED = {name.encode("latin-1") for name in _HEADERS} | {b"content-security-policy"}
_CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def docs_csp(html: str) -> str:
    """Return the policy for the Swagger UI page: its CDN, and its inline script by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'self'; script-src 'self' {_CDN} {hashes}; "
        f"style-src 'self' {_CDN} 'unsafe-inline'; img-src 'self' data: https:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware: add the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp, *, policies: dict[str, str] | None = None) -> None:
        self.app = app
        # path -> its own Content-Security-Policy, encoded once
        self.policies = {path: p.encode("latin-1") for path, p in (policies or {}).items()}
        self.default = CSP.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.policies.get(scope["path"], self.default)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in _REPLACED
                ]
                headers.append((b"content-security-policy", policy))
                headers += _ENCODED
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class HeadAsGet:
    """ASGI middleware: answer ``HEAD`` as the ``GET`` of the same path, without its body.

    The app sees a ``GET`` (so every page and its ``.json`` answer ``HEAD``, and a route
    that takes only ``POST`` still says 405); the headers, ``Content-Length`` included,
    are the ``GET``'s, and the body is dropped.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def head_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, head_only)


# Names of this machine that no other site can make a browser send as its own.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def split_host(value: str) -> tuple[str, str | None]:
    """Split a ``Host`` header into its lowercased name and port (``"[::1]:80"``)."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        return name + "]", rest.removeprefix(":") if rest.startswith(":") else None
    name, colon, port = value.rpartition(":")
    return (name, port) if colon and port.isdigit() else (value, None)


class TrustedHosts:
    """ASGI middleware: refuse a request whose ``Host`` this server does not answer to.

    Allowed: the loopback names, the address the server is bound to (read from the ASGI
    scope, so it holds whatever ``--host`` was), each with any port, and ``allowed``:
    ``name`` for any port, ``name:port`` for that port only, ``*`` for every host. A
    refusal is a 400 ``serve.bad-host`` in the one error shape.
    """

    def __init__(self, app: ASGIApp, *, allowed: Iterable[str] = ()) -> None:
        self.app = app
        entries = [entry.strip().lower() for entry in allowed]
        self.any = "*" in entries
        self.names = set(LOOPBACK_HOSTS) | {e for e in entries if split_host(e)[1] is None}
        self.exact = {e for e in entries if split_host(e)[1] is not None}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.any:  # the app serves no websockets
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        if self.allows(host, scope.get("server")):
            await self.app(scope, receive, send)
            return
        await _refuse(send, host)

    def allows(self, host: str, server: Any) -> bool:
        """Tell whether a request with this ``Host``, on this bound address, is served."""
        name, port = split_host(host)
        if not name or any(ch in name for ch in "@/,; \t"):
            return False
        if name in self.names or (port is not None and f"{name}:{port}" in self.exact):
            return True
        return bool(server) and name == _bracketed(str(server[0]).lower())


def _bracketed(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


async def _refuse(send: Send, host: str) -> None:
    name = split_host(host)[0][:100] or "(none)"
    error = BadHostError(
        f"this server does not answer to the host {name!r}: open it by its own address "
        f"(localhost), or start it with --allowed-host {name} if that name is yours"
    )
    body = json.dumps(error_body(error.code, error.message), ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def protect(app: ASGIApp, *, policies: dict[str, str], allowed_hosts: Iterable[str]) -> ASGIApp:
    """Return ``app`` inside the layers every response passes: headers, HEAD, trusted hosts."""
    return SecurityHeaders(HeadAsGet(TrustedHosts(app, allowed=allowed_hosts)), policies=policies)


def check_token(configured: str | None, authorization: str | None) -> None:
    """Refuse a write unless the server has a token and the request bears it.

    Raises:
        IngestDisabledError: no token is configured: the server is read-only.
        UnauthorizedError: the ``Authorization: Bearer`` header is missing or wrong.
    """
    if not configured:
        raise IngestDisabledError(
            "this server is read-only: start it with --token-file (or $SOURCETRACE_TOKEN) "
            "to enable POST /api/ingest"
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), configured.encode()
    ):
        raise UnauthorizedError("send the server's token as 'Authorization: Bearer <token>'")


async def read_limited(chunks: Any, *, declared: str | None, limit: int) -> bytes:
    """Read a request body, refusing it as soon as it is known to exceed ``limit`` bytes.

    Raises:
        BodyTooLargeError: ``Content-Length`` or the bytes actually sent exceed the limit.
    """
    too_large = BodyTooLargeError(f"the request body exceeds {limit} bytes")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)
