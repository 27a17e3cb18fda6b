"""Tell feeds and sitemaps from pages, and read the URLs they list.

RSS and Atom are read with feedparser, always from bytes already fetched (feedparser
never touches the network here). Sitemaps, sitemap indexes and news sitemaps are read
with lxml with entities and network access off.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin

import feedparser
from lxml import etree

from sourcetrace.errors import BadFeedError, DecodeError, InputTooLargeError

__all__ = ["ListKind", "Listing", "gunzip_bounded", "read_listing", "sniff_listing"]

_GZIP_MAGIC = b"\x1f\x8b"
# The first element tag, past the XML declaration, comments and a doctype.
_ROOT = re.compile(rb"<(?![?!/])(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_SNIFF_BYTES = 4096


class ListKind(StrEnum):
    """What a document that lists other documents is."""

    FEED = "feed"  # RSS or Atom: entries link to pages
    SITEMAP = "sitemap"  # <urlset>: locations are pages (news sitemaps too)
    SITEMAP_INDEX = "sitemap-index"  # <sitemapindex>: locations are further sitemaps


_ROOTS = {
    b"rss": ListKind.FEED,
    b"rdf": ListKind.FEED,
    b"feed": ListKind.FEED,
    b"urlset": ListKind.SITEMAP,
    b"sitemapindex": ListKind.SITEMAP_INDEX,
}


@dataclass(frozen=True, slots=True)
class Listing:
    """The URLs a feed or sitemap lists, absolute, in document order, without repeats."""

    kind: ListKind
    urls: tuple[str, ...]


def sniff_listing(content: bytes | str) -> ListKind | None:
    """Return the kind of feed or sitemap ``content`` is, or ``None`` for anything else."""
    head = content[:_SNIFF_BYTES]
    if isinstance(head, str):
        head = head.encode("utf-8", errors="replace")
    head = _strip_comments(head)
    match = _ROOT.search(head)
    return _ROOTS.get(match.group(1).lower()) if match else None


def _strip_comments(head: bytes) -> bytes:
    return re.sub(rb"<!--.*?(-->|$)", b"", head, flags=re.DOTALL)


def gunzip_bounded(content: bytes, limit: int, *, source: str) -> bytes:
    """Inflate ``content`` if it is gzip (a ``sitemap.xml.gz``), refusing past ``limit`` bytes."""
    if not content.startswith(_GZIP_MAGIC):
        return content
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as inflated:
            data = inflated.read(limit + 1)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise DecodeError(f"corrupt or truncated gzip: {exc}", source=source) from exc
    if len(data) > limit:
        raise InputTooLargeError(f"inflates past the {limit:,}-byte limit", source=source)
    return data


def read_listing(content: bytes | str, *, base: str | None, source: str) -> Listing:
    """Read the URLs a feed or sitemap lists, resolved against ``base``.

    Raises:
        BadFeedError: ``content`` is not a feed or sitemap, or cannot be parsed.
    """
    kind = sniff_listing(content)
    if kind is None:
        raise BadFeedError("not an RSS or Atom feed, nor a sitemap", source=source)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    urls = _feed_links(raw, base, source) if kind is ListKind.FEED else _locations(raw, source)
    absolute = (urljoin(base, url) if base else url for url in urls)
    return Listing(kind, tuple(dict.fromkeys(url for url in absolute if url)))


def _feed_links(content: bytes, base: str | None, source: str) -> list[str]:
    headers = {"content-location": base} if base else {}
    parsed = feedparser.parse(content, response_headers=headers)
    if not parsed.entries and parsed.get("bozo"):
        raise BadFeedError(f"cannot parse the feed: {parsed.get('bozo_exception')}", source=source)
    links: list[str] = []
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (item.get("href") for item in entry.get("links", []) if item.get("href")), None
        )
        if link:
            links.append(str(link).strip())
    return links


def _locations(content: bytes, source: str) -> list[str]:
    """Return every ``<loc>`` of a ``<url>`` or ``<sitemap>`` element, in order."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise BadFeedError(f"cannot parse the sitemap: {exc}", source=source) from exc
    if root is None:
        raise BadFeedError("cannot parse the sitemap: no root element", source=source)
    found: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname != "loc":
            continue
        parent = element.getparent()
        if parent is not None and etree.QName(parent).localname in ("url", "sitemap"):
            text = (element.text or "").strip()
            if text:
                found.append(text)
    return found
