"""Turn any mix of sources into pages: the ingest stage's one entry verb, ``iter_pages``.

A source is a file, a directory, a glob, a ``.gz`` file, ``-`` (stdin), a WARC or
WARC.gz file, or an http(s) URL. A file or URL that turns out to be an RSS/Atom feed or
a sitemap (index, news sitemap) is followed to the pages it lists, within limits. Every
problem is yielded as a ``Failure`` and the iteration goes on.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx

from sourcetrace.config import Settings
from sourcetrace.errors import BadFeedError, SourcetraceError, TooManyURLsError
from sourcetrace.ingest.feeds import ListKind, gunzip_bounded, read_listing, sniff_listing
from sourcetrace.ingest.fetch import ANY_TYPES, PAGE_TYPES, Fetcher
from sourcetrace.ingest.files import STDIN, expand_paths, read_page
from sourcetrace.ingest.warc import is_warc, iter_warc
from sourcetrace.models import Failure, Page

__all__ = ["STAGE", "iter_pages"]

STAGE = "ingest"
_GLOB_CHARS = frozenset("*?[")


def iter_pages(
    sources: Iterable[str],
    settings: Settings,
    *,
    client: httpx.Client | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Page | Failure]:
    """Yield every page the sources hold, and a ``Failure`` for each that cannot be read.

    Args:
        sources: Paths, directories, globs, ``-``, WARC files, feed/sitemap files, URLs.
        settings: Limits, politeness and the SSRF guard (``allow_private``).
        client: The ``httpx.Client`` to fetch with (tests pass one); made when needed.
        fetcher: A ready ``Fetcher`` (tests inject its resolver and clock); overrides
            ``client``. A fetcher passed in is left open.
    """
    owned = fetcher is None
    fetcher = fetcher or Fetcher(settings, client=client)
    try:
        for source in sources:
            yield from _Ingest(settings, fetcher).source(source)
    finally:
        if owned:
            fetcher.close()


def _failure(source: str, exc: SourcetraceError) -> Failure:
    return Failure(source, STAGE, exc.code, exc.message)


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


class _Ingest:
    """One source's walk: its files or URLs, and the feeds and sitemaps it leads to."""

    def __init__(self, settings: Settings, fetcher: Fetcher) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.page_urls = 0  # pages taken from sitemaps so far, against the limit
        self.seen: set[str] = set()  # sitemaps already read, so an index loop ends

    def sniff(self, content: bytes | str) -> ListKind | None:
        """Tell a feed or sitemap from a page, reading its prolog as far as the settings allow."""
        return sniff_listing(content, max_prolog=self.settings.max_xml_prolog_bytes)

    def source(self, source: str) -> Iterator[Page | Failure]:
        if _is_url(source):
            yield from self.url(source)
        elif "://" in source:
            message = f"only http(s) URLs are fetched, not {source.split('://')[0]}://"
            yield Failure(source, STAGE, "fetch.bad-url", message)
        elif source != STDIN and _GLOB_CHARS & set(source) and not Path(source).exists():
            matches = sorted(glob.glob(source, recursive=True))
            if not matches:
                yield Failure(source, STAGE, "input.not-found", "no file matches this pattern")
            for path in expand_paths(matches):
                yield from self.file(path)
        else:
            for path in expand_paths([source]):
                yield from self.file(path)

    def file(self, path: str) -> Iterator[Page | Failure]:
        if is_warc(path):
            yield from iter_warc(path, self.settings)
            return
        try:
            page = read_page(path, self.settings)
        except SourcetraceError as exc:
            yield _failure(path, exc)
            return
        kind = self.sniff(page.content)
        if kind is None:
            yield page
        else:
            yield from self.listing(page.content, base=None, source=path, depth=0)

    def url(self, url: str) -> Iterator[Page | Failure]:
        """Fetch a URL given as a source: an article, a feed or a sitemap."""
        try:
            fetched = self.fetcher.fetch(url, accept=ANY_TYPES)
            content = gunzip_bounded(fetched.content, self.settings.max_input_bytes, source=url)
        except SourcetraceError as exc:
            yield _failure(url, exc)
            return
        media = (fetched.content_type or "").split(";")[0].strip().lower()
        if self.sniff(content) is not None:
            yield from self.listing(content, base=fetched.url, source=url, depth=0)
        elif media and media not in PAGE_TYPES:
            yield _failure(url, BadFeedError(f"{media}, but not a feed or sitemap", source=url))
        else:
            yield Page(content, url, fetched.url, fetched.fetched_at, fetched.content_type)

    def page(self, url: str) -> Page | Failure:
        """Fetch a page a feed or sitemap links to."""
        try:
            fetched = self.fetcher.fetch(url, accept=PAGE_TYPES)
        except SourcetraceError as exc:
            return _failure(url, exc)
        return Page(fetched.content, url, fetched.url, fetched.fetched_at, fetched.content_type)

    def listing(
        self, content: bytes | str, *, base: str | None, source: str, depth: int
    ) -> Iterator[Page | Failure]:
        """Follow a feed or sitemap to its pages, and an index to its sitemaps, within limits."""
        try:
            prolog = self.settings.max_xml_prolog_bytes
            listing = read_listing(content, base=base, source=source, max_prolog=prolog)
        except SourcetraceError as exc:
            yield _failure(source, exc)
            return
        if listing.kind is ListKind.SITEMAP_INDEX:
            yield from self.index(listing.urls, source=source, depth=depth)
            return
        take = self.settings.max_feed_entries
        if listing.kind is ListKind.SITEMAP:
            take = max(self.settings.max_sitemap_urls - self.page_urls, 0)
            self.page_urls += min(len(listing.urls), take)
        for url in listing.urls[:take]:
            yield self.page(url)
        if len(listing.urls) > take:
            skipped = len(listing.urls) - take
            message = f"{skipped} more URLs listed past the limit were skipped; raise the limit"
            yield _failure(source, TooManyURLsError(message, source=source))

    def index(self, urls: tuple[str, ...], *, source: str, depth: int) -> Iterator[Page | Failure]:
        if depth >= self.settings.max_sitemap_depth:
            message = f"sitemap indexes nested deeper than {self.settings.max_sitemap_depth}"
            yield _failure(source, TooManyURLsError(message, source=source))
            return
        for url in urls:
            if self.page_urls >= self.settings.max_sitemap_urls:
                message = f"stopped at the limit of {self.settings.max_sitemap_urls} sitemap URLs"
                yield _failure(source, TooManyURLsError(message, source=source))
                return
            if url in self.seen:
                continue
            self.seen.add(url)
            try:
                fetched = self.fetcher.fetch(url, accept=ANY_TYPES)
                limit = self.settings.max_input_bytes
                content = gunzip_bounded(fetched.content, limit, source=url)
            except SourcetraceError as exc:
                yield _failure(url, exc)
                continue
            if self.sniff(content) not in (ListKind.SITEMAP, ListKind.SITEMAP_INDEX):
                yield _failure(url, BadFeedError("listed in a sitemap index, but not a sitemap"))
                continue
            yield from self.listing(content, base=fetched.url, source=url, depth=depth + 1)
