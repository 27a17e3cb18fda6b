"""A real HTTP server on 127.0.0.1 for ingest tests: articles, feeds, sitemaps, robots.txt,
and slow, failing, oversized, mistyped and redirecting endpoints."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><article><h1>{title}</h1>
<p>The harbour authority said on Tuesday that the new ferry terminal would open in
spring, according to a statement published on its website.</p>
<p>"We expect the first crossings before Easter," the authority's director told reporters.</p>
</article></body></html>
"""

ROBOTS = "User-agent: *\nDisallow: /private/\n"

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour News</title><link>{base}/</link>
<description>Test feed</description>
<item><title>One</title><link>{base}/articles/one.html</link></item>
<item><title>Two</title><link>{base}/articles/two.html</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour News</title>
<id>urn:test:feed</id><updated>2024-05-01T10:00:00Z</updated>
<entry><title>Two</title><id>urn:test:2</id><updated>2024-05-01T10:00:00Z</updated>
<link rel="alternate" href="{base}/articles/two.html"/></entry>
<entry><title>Three</title><id>urn:test:3</id><updated>2024-05-01T10:00:00Z</updated>
<link rel="alternate" href="/articles/three.html"/></entry>
</feed>
"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap.xml</loc></sitemap>
<sitemap><loc>{base}/news-sitemap.xml</loc></sitemap>
<sitemap><loc>{base}/sitemap-old.xml.gz</loc></sitemap>
</sitemapindex>
"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/articles/one.html</loc><lastmod>2024-05-01</lastmod></url>
<url><loc>{base}/articles/two.html</loc></url>
</urlset>
"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/articles/three.html</loc>
<news:news><news:publication><news:name>Harbour News</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2024-05-01T10:00:00Z</news:publication_date>
<news:title>Three</news:title></news:news></url>
</urlset>
"""

OLD_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/articles/four.html</loc></url>
</urlset>
"""

Reply = tuple[int, dict[str, str], bytes]


@dataclass
class LocalServer:
    """The running server: its base URL and what it was asked."""

    base: str
    hits: Counter[str] = field(default_factory=Counter)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path


def _html(text: str) -> Reply:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, text.encode()


def _xml(text: str, media: str = "application/xml") -> Reply:
    return 200, {"Content-Type": media}, text.encode()


def route(path: str, server: LocalServer) -> Reply | None:
    """Answer one path; ``None`` for the endpoints the handler streams itself."""
    base = server.base
    name = path.rsplit("/", 1)[-1]
    fixed: dict[str, Callable[[], Reply]] = {
        "/robots.txt": lambda: (200, {"Content-Type": "text/plain"}, ROBOTS.encode()),
        "/feed.rss": lambda: _xml(RSS.format(base=base), "application/rss+xml"),
        "/feed.atom": lambda: _xml(ATOM.format(base=base), "application/atom+xml"),
        "/sitemap_index.xml": lambda: _xml(SITEMAP_INDEX.format(base=base)),
        "/sitemap.xml": lambda: _xml(SITEMAP.format(base=base)),
        "/news-sitemap.xml": lambda: _xml(NEWS_SITEMAP.format(base=base), "text/xml"),
        "/sitemap-old.xml.gz": lambda: (
            200,
            {"Content-Type": "application/x-gzip"},
            gzip.compress(OLD_SITEMAP.format(base=base).encode()),
        ),
        "/image.png": lambda: (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
        "/big": lambda: _html("<p>" + "x" * 200_000 + "</p>"),
        "/missing": lambda: (404, {"Content-Type": "text/plain"}, b"not found"),
        "/always-500": lambda: (500, {"Content-Type": "text/plain"}, b"boom"),
        "/retry-later": lambda: (429, {"Retry-After": "120"}, b"slow down"),
    }
    if path in fixed:
        return fixed[path]()
    if path.startswith(("/articles/", "/private/")):
        return _html(ARTICLE.format(title=name.removesuffix(".html").title()))
    if path.startswith("/flaky/"):  # 500 on the first request, then the article
        if server.hits[path] == 1:
            return 500, {"Content-Type": "text/plain"}, b"try again"
        return _html(ARTICLE.format(title="Flaky"))
    if path.startswith("/limited/"):  # 429 with Retry-After on the first request
        if server.hits[path] == 1:
            return 429, {"Retry-After": "3", "Content-Type": "text/plain"}, b"slow down"
        return _html(ARTICLE.format(title="Limited"))
    if path.startswith("/redirect/"):  # /redirect/3 -> /redirect/2 -> ... -> an article
        left = int(name)
        target = f"/redirect/{left - 1}" if left > 1 else "/articles/one.html"
        return 302, {"Location": target, "Content-Length": "0"}, b""
    return None


class _Handler(BaseHTTPRequestHandler):
    server_version = "LocalTest/1.0"

    def do_GET(self) -> None:
        state: LocalServer = self.server.state  # type: ignore[attr-defined]
        state.hits[self.path] += 1
        state.headers[self.path] = dict(self.headers.items())
        if self.path == "/slow":
            time.sleep(1.5)
            self._reply(*_html(ARTICLE.format(title="Slow")))
        elif self.path == "/big-stream":  # no Content-Length: the size shows only as it streams
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")
            except OSError:  # the client stopped reading, as it should
                pass
            self.close_connection = True
        else:
            reply = route(self.path, state)
            self._reply(*(reply or (404, {}, b"no such endpoint")))

    def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


def start() -> tuple[ThreadingHTTPServer, LocalServer]:
    """Start a server on a free port of 127.0.0.1, in a daemon thread."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    state = LocalServer(base=f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.state = state  # type: ignore[attr-defined]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, state
