"""Article metadata from an HTML tree: structured data first, cheap heuristics after.

JSON-LD and ``<meta>`` tags (read by trafilatura's own parsers) are what the outlet
declares, so they win. Only fields still missing fall back to markup heuristics: a
byline element for authors, htmldate (no extensive search) for the date. The whole
pass costs a few XPath queries, not a second extraction.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
from trafilatura.settings import Document

from sourcetrace.extract.furniture import normalise
from sourcetrace.models import DateEvidence, PublishedAt

__all__ = ["Metadata", "read_metadata"]

# Structured publication-time fields, most trustworthy first.
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.created",
)
# Elements that hold a byline when the page declares no author.
BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or contains(concat(' ', @class, ' '), ' byline ')"
    " or contains(@class, 'author-name') or contains(@class, 'byline__name')]"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_BY = re.compile(r"^(by|von|par|por)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a page says about its article, outside the body."""

    title: str | None
    authors: tuple[str, ...]
    site_name: str | None
    section: str | None
    description: str | None
    url: str | None
    canonical_url: str | None
    language: str | None
    published_at: PublishedAt | None


def read_metadata(tree: HtmlElement, url: str | None) -> Metadata:
    """Read the article's metadata from a parsed page."""
    declared = examine_meta(tree)
    try:
        declared = extract_meta_json(tree, declared)
    except Exception:  # trafilatura's JSON-LD reader trips on odd but valid data
        declared = declared or Document()
    page_url = url or meta(tree, "og:url") or declared.url
    return Metadata(
        title=declared.title or extract_title(tree),
        authors=_authors(declared.author) or _byline(tree),
        site_name=declared.sitename or None,
        section=meta(tree, "article:section") or _first(declared.categories),
        description=declared.description or None,
        url=page_url,
        canonical_url=_canonical(tree, page_url),
        language=_language(tree),
        published_at=_published_at(tree, page_url),
    )


def meta(tree: HtmlElement, name: str) -> str | None:
    """Return the first non-empty ``<meta>`` content with this property, name or itemprop."""
    for node in tree.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]/@content", n=name):
        value = normalise(str(node))
        if value:
            return value
    return None


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _authors(author: str | None) -> tuple[str, ...]:
    if not author:
        return ()
    names = (normalise(_BY.sub("", name)) for name in author.split(";"))
    return tuple(dict.fromkeys(name for name in names if " " in name))


def _byline(tree: HtmlElement) -> tuple[str, ...]:
    for node in tree.xpath(BYLINE_XPATH)[:3]:
        text = normalise(_BY.sub("", normalise(node.text_content())))
        if 3 <= len(text) <= 80 and not re.search(r"\d", text):
            return tuple(re.split(r",? and |, ", text))
    return ()


def _canonical(tree: HtmlElement, url: str | None) -> str | None:
    for href in tree.xpath("//link[@rel='canonical']/@href"):
        return urljoin(url or "", str(href).strip()) or None
    return None


def _language(tree: HtmlElement) -> str | None:
    lang = tree.get("lang") or meta(tree, "og:locale") or meta(tree, "language")
    if not lang:
        return None
    code = re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _published_at(tree: HtmlElement, url: str | None) -> PublishedAt | None:
    for name in DATE_META:
        value = meta(tree, name)
        if value and (parsed := parse_time(value)):
            return PublishedAt(parsed[0], DateEvidence.METADATA, f"meta {name}", parsed[1])
    for value in _json_ld_dates(tree):
        if parsed := parse_time(value):
            return PublishedAt(parsed[0], DateEvidence.METADATA, "JSON-LD datePublished", parsed[1])
    found = find_date(tree, url=url, extensive_search=False, original_date=True)
    if found and (parsed := parse_time(found)):
        return PublishedAt(parsed[0], DateEvidence.HTMLDATE, "htmldate", "day")
    return None


def _json_ld_dates(tree: HtmlElement) -> list[str]:
    found: list[str] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(str(script))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    found.append(item["datePublished"])
                stack.extend(v for v in item.values() if isinstance(v, list | dict))
    return found


def parse_time(value: str) -> tuple[datetime, str] | None:
    """Parse an ISO 8601 date or timestamp: ``(aware datetime, "day" | "second")``.

    A naive timestamp is taken as UTC, which is what most CMSs that omit the offset mean.
    """
    value = value.strip()
    if not _ISO_DATE.match(value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value[:10])
        except ValueError:
            return None
        return parsed.replace(tzinfo=UTC), "day"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed, "day" if len(value) <= 10 else "second"
