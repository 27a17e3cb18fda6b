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

from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.errors import BadFeedError, DecodeError, InputTooLargeError

__all__ = ["ListKind", "Listing", "gunzip_bounded", "read_listing", "sniff_listing"]

_GZIP_MAGIC = b"\x1f\x8b"
_NAME = re.compile(rb"(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_SPACE = re.compile(rb"[ \t\r\n]*")
# Inside a doctype: a quoted literal, a comment, a run of plain text, or one sign.
_DOCTYPE_TOKEN = re.compile(rb"\"[^\"]*\"|'[^']*'|<!--|[^\"'<>\[\]]+|.", re.DOTALL)
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


def sniff_listing(
    content: bytes | str, *, max_prolog: int = DEFAULT_SETTINGS.max_xml_prolog_bytes
) -> ListKind | None:
    """Return the kind of feed or sitemap ``content`` is, or ``None`` for anything else.

    The root element is found past the XML declaration, comments, processing
    instructions, a doctype (internal subset included) and whitespace, reading at most
    ``max_prolog`` bytes: a root further in is not looked for.
    """
    head = content[:max_prolog]
    if isinstance(head, bytes) and head.startswith(_UTF16_BOMS):
        head = head.decode("utf-16", errors="replace")
    if isinstance(head, str):
        head = head.encode("utf-8", errors="replace")[:max_prolog]
    root = _root_name(head.removeprefix(_UTF8_BOM))
    return _ROOTS.get(root.lower()) if root else None


def _root_name(head: bytes) -> bytes | None:
    """Return the local name of the first element in ``head``, past the prolog."""
    position = 0
    while True:
        space = _SPACE.match(head, position)
        position = space.end() if space else position
        if head.startswith(b"<?", position):
            position = _after(head, b"?>", position + 2)
        elif head.startswith(b"<!--", position):
            position = _after(head, b"-->", position + 4)
        elif head[position : position + 9].upper() == b"<!DOCTYPE":
            position = _after_doctype(head, position + 9)
        elif head.startswith(b"<", position):
            name = _NAME.match(head, position + 1)
            return name.group(1) if name else None
        else:  # text before any element, or the end of what was read
            return None
        if position < 0:
            return None


def _after(head: bytes, end: bytes, start: int) -> int:
    """Return the offset just past ``end`` from ``start``; -1 when it is not there."""
    found = head.find(end, start)
    return found + len(end) if found >= 0 else -1


def _after_doctype(head: bytes, position: int) -> int:
    """Return the offset just past a doctype, skipping its internal subset; -1 if unclosed.

    Inside the subset, quoted literals and comments may hold any of ``<>[]``, and each
    markup declaration (``<!ENTITY ...>``) opens and closes its own brackets.
    """
    in_subset = False
    depth = 0  # markup declarations open inside the subset
    while position < len(head):
        token = _DOCTYPE_TOKEN.match(head, position)
        assert token is not None  # the pattern matches any one byte
        text = token.group()
        position = token.end()
        if text == b"<!--":
            position = _after(head, b"-->", position)
            if position < 0:
                return -1
        elif text == b"[" and depth == 0:
            in_subset = True
        elif text == b"]" and depth == 0:
            in_subset = False
        elif text == b"<" and in_subset:
            depth += 1
        elif text == b">":
            if depth:
                depth -= 1
            elif not in_subset:
                return position
    return -1


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


def _absolute(base: str | None, url: str) -> str | None:
    """Return ``url`` made absolute; ``None`` when it is malformed (``http://[x``)."""
    if not base:
        return url
    try:
        return urljoin(base, url)
    except ValueError:
        return None


def read_listing(
    content: bytes | str,
    *,
    base: str | None,
    source: str,
    max_prolog: int = DEFAULT_SETTINGS.max_xml_prolog_bytes,
) -> Listing:
    """Read the URLs a feed or sitemap lists, resolved against ``base``.

    Raises:
        BadFeedError: ``content`` is not a feed or sitemap, or cannot be parsed.
    """
    kind = sniff_listing(content, max_prolog=max_prolog)
    if kind is None:
        raise BadFeedError("not an RSS or Atom feed, nor a sitemap", source=source)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    urls = _feed_links(raw, base, source) if kind is ListKind.FEED else _locations(raw, source)
    absolute = (_absolute(base, url) for url in urls)
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
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        # Recovery would hand back the part before the limit: refuse it rather than
        # read a sitemap in part (a billion-laughs doctype stops libxml2 here).
        raise BadFeedError("the sitemap passes a parser limit (entity expansion?)", source=source)
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
