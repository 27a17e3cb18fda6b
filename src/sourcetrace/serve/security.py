"""Response headers that keep hostile article text inert, and the write endpoint's guard.

Every response carries a strict Content-Security-Policy: scripts and styles only from
this server (no inline script, no ``eval``), no plugins, no framing. Templates
autoescape too, so the policy is a second wall, not the only one. ``/docs`` (Swagger UI,
from its CDN) gets a policy of its own that allows its one inline script by hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sourcetrace.serve.errors import BodyTooLargeError, IngestDisabledError, UnauthorizedError

__all__ = [
    "CSP",
    "SecurityHeaders",
    "check_token",
    "docs_csp",
    "read_limited",
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
