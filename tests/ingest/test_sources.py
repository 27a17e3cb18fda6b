"""iter_pages over every kind of source, against the local server and local files."""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from sourcetrace.config import Settings
from sourcetrace.ingest.fetch import Fetcher
from sourcetrace.ingest.sources import iter_pages
from sourcetrace.models import Failure, Page
from tests.ingest.conftest import FakeClock
from tests.ingest.server import ARTICLE, ATOM, SITEMAP, LocalServer


def _run(sources: list[str], settings: Settings, clock: FakeClock) -> list[Page | Failure]:
    with Fetcher(settings, clock=clock, sleep=clock.sleep) as fetcher:
        return list(iter_pages(sources, settings, fetcher=fetcher))


def _summary(results: list[Page | Failure]) -> list[str]:
    """Name each result: ``page <url path>`` or ``failure <code>``."""
    return [
        f"page {item.url.rsplit('/', 1)[-1] if item.url else item.source}"
        if isinstance(item, Page)
        else f"failure {item.code}"
        for item in results
    ]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.html").write_text(ARTICLE.format(title="A"), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.htm").write_text(ARTICLE.format(title="B"), encoding="utf-8")
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(ARTICLE.format(title="C").encode()))
    return tmp_path


def test_directories_globs_and_gz_files(folder: Path, settings: Settings) -> None:
    results = list(iter_pages([str(folder), str(folder / "*.html")], settings))
    names = [Path(item.source).name for item in results]
    assert names == ["a.html", "c.html.gz", "b.htm", "a.html"]
    assert all(isinstance(item, Page) for item in results)
    assert b"<h1>C</h1>" in results[1].content  # type: ignore[union-attr, operator]


def test_stdin(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(ARTICLE.format(title="Piped").encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    (page,) = iter_pages(["-"], settings)
    assert isinstance(page, Page) and page.source == "-"


def test_missing_files_and_empty_globs_are_failures_and_the_rest_go_on(
    folder: Path, settings: Settings
) -> None:
    sources = [str(folder / "gone.html"), str(folder / "*.nothing"), str(folder / "a.html")]
    assert _summary(list(iter_pages(sources, settings))) == [
        "failure input.not-found",
        "failure input.not-found",
        f"page {folder / 'a.html'}",
    ]


def test_article_url(server: LocalServer, settings: Settings, clock: FakeClock) -> None:
    (page,) = _run([server.url("/redirect/1")], settings, clock)
    assert isinstance(page, Page)
    assert page.source == server.url("/redirect/1")
    assert page.url == server.url("/articles/one.html")
    assert page.fetched_at is not None and page.content_type is not None


def test_rss_feed_url_yields_its_entries_pages(
    server: LocalServer, settings: Settings, clock: FakeClock
) -> None:
    results = _run([server.url("/feed.rss")], settings, clock)
    assert _summary(results) == ["page one.html", "page two.html"]
    assert results[0].source == server.url("/articles/one.html")


def test_atom_feed_file_yields_its_entries_pages_with_relative_links(
    tmp_path: Path, server: LocalServer, settings: Settings, clock: FakeClock
) -> None:
    feed = tmp_path / "feed.atom"
    feed.write_text(ATOM.format(base=server.base), encoding="utf-8")
    results = _run([str(feed), server.url("/feed.atom")], settings, clock)
    # From a file the relative link has no base and fails; from the URL it resolves.
    assert _summary(results) == [
        "page two.html",
        "failure fetch.bad-url",
        "page two.html",
        "page three.html",
    ]


def test_sitemap_index_is_followed_to_sitemaps_news_sitemaps_and_gz(
    server: LocalServer, settings: Settings, clock: FakeClock
) -> None:
    results = _run([server.url("/sitemap_index.xml")], settings, clock)
    assert _summary(results) == [
        "page one.html",
        "page two.html",
        "page three.html",
        "page four.html",
    ]


def test_sitemap_file(
    tmp_path: Path, server: LocalServer, settings: Settings, clock: FakeClock
) -> None:
    sitemap = tmp_path / "sitemap.xml.gz"
    sitemap.write_bytes(gzip.compress(SITEMAP.format(base=server.base).encode()))
    assert _summary(_run([str(sitemap)], settings, clock)) == ["page one.html", "page two.html"]


def test_sitemap_urls_are_bounded(
    server: LocalServer, settings: Settings, clock: FakeClock
) -> None:
    bounded = replace(settings, max_sitemap_urls=3)
    results = _run([server.url("/sitemap_index.xml")], bounded, clock)
    assert _summary(results) == [
        "page one.html",
        "page two.html",
        "page three.html",
        "failure input.too-many-urls",
    ]
    assert server.hits["/articles/four.html"] == 0


def test_feed_entries_are_bounded(
    server: LocalServer, settings: Settings, clock: FakeClock
) -> None:
    results = _run([server.url("/feed.rss")], replace(settings, max_feed_entries=1), clock)
    assert _summary(results) == ["page one.html", "failure input.too-many-urls"]


def test_failures_are_data_and_the_iteration_goes_on(
    server: LocalServer, settings: Settings, clock: FakeClock
) -> None:
    sources = [
        server.url("/private/secret.html"),
        server.url("/image.png"),
        server.url("/missing"),
        "ftp://example.org/file",
        server.url("/articles/two.html"),
    ]
    results = _run(sources, settings, clock)
    assert _summary(results) == [
        "failure fetch.robots-disallowed",
        "failure fetch.content-type",
        "failure fetch.http-status",
        "failure fetch.bad-url",
        "page two.html",
    ]
    assert all(item.stage == "ingest" for item in results if isinstance(item, Failure))


def test_private_targets_refused_by_default(server: LocalServer) -> None:
    results = list(iter_pages([server.url("/feed.rss")], Settings()))
    assert _summary(results) == ["failure fetch.private-address"]


def test_iteration_is_lazy(server: LocalServer, settings: Settings, clock: FakeClock) -> None:
    with Fetcher(settings, clock=clock, sleep=clock.sleep) as fetcher:
        pages: Iterator[Page | Failure] = iter_pages(
            [server.url("/feed.rss")], settings, fetcher=fetcher
        )
        next(pages)
        assert server.hits["/articles/two.html"] == 0
