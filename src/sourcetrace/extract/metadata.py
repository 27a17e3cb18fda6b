"""Article metadata from an HTML tree: structured data first, cheap heuristics after.

JSON-LD and ``<meta>`` tags (read by trafilatura's own parsers) are what the outlet
declares, so they win. Only fields still missing fall back to markup heuristics: a
byline element for authors, htmldate's quick reading for the date, then the first date
the page prints (rule ``date.shown``). The pass costs a few XPath queries, not a second
extraction.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast
from urllib.parse import urljoin

from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_title

from sourcetrace.extract.furniture import normalise
from sourcetrace.models import DateEvidence, PublishedAt

__all__ = ["Metadata", "meta_index", "read_metadata"]

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
# JSON-LD types whose object describes the article itself.
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "WebPage",
    }
)
# Elements that hold a byline when the page declares no author.
BYLINE_XPATH = XPath(
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline')"
    " or contains(@class, 'author-name')]"
)
# Structured modification-time fields: a later one hints at an evergreen page.
MODIFIED_META = ("article:modified_time", "og:updated_time", "dateModified")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})/")
_VISIBLE_TEXT = XPath("//body//text()[not(parent::script or parent::style or ancestor::noscript)]")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
# How far into a page's visible text rule ``date.shown`` looks for a written date.
SHOWN_DATE_CHARS = 6000
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WRITTEN_DATE = re.compile(
    rf"\b(?:(?P<month1>{_MONTH}) (?P<day1>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<year1>(?:19|20)\d\d)"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)? (?P<month2>{_MONTH}),? (?P<year2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d))\b"
)
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
    image: str | None


def read_metadata(tree: HtmlElement, url: str | None) -> Metadata:
    """Read the article's metadata from a parsed page."""
    metas = meta_index(tree)
    declared = examine_meta(tree)
    linked = linked_article(tree)
    page_url = url or metas.get("og:url") or declared.url
    authors = _names(linked.get("author")) or _authors(declared.author) or _byline(tree)
    return Metadata(
        title=_text(linked.get("headline")) or declared.title or extract_title(tree),
        authors=authors,
        site_name=next(iter(_names(linked.get("publisher"))), None) or declared.sitename or None,
        section=metas.get("article:section")
        or _text(linked.get("articleSection"))
        or _first(declared.categories),
        description=declared.description or _text(linked.get("description")),
        url=page_url,
        canonical_url=_canonical(tree, page_url),
        language=_language(tree, metas),
        published_at=_published_at(tree, metas, linked, page_url),
        image=metas.get("og:image"),
    )


def linked_article(tree: HtmlElement) -> dict[str, Any]:
    """Return the page's JSON-LD article object (NewsArticle and kin), or an empty dict."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(str(script))
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(kind, str) and kind in ARTICLE_TYPES for kind in kinds):
                    return item
                stack.extend(v for v in item.values() if isinstance(v, list | dict))
    return {}


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    return normalise(value) or None if isinstance(value, str) else None


def _names(value: Any) -> tuple[str, ...]:
    """Read person or organisation names from a JSON-LD value (string, object or list)."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and (name := normalise(_BY.sub("", name))):
            names.append(name)
    return tuple(dict.fromkeys(names))


def meta_index(tree: HtmlElement) -> dict[str, str]:
    """Map each ``<meta>`` property, name or itemprop to its first non-empty content.

    One pass over the page's meta tags, so each later lookup is a dict read rather
    than an XPath query over the whole tree.
    """
    index: dict[str, str] = {}
    for node in tree.iter("meta"):
        content = normalise(node.get("content") or "")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = node.get(attribute)
            if key and key not in index:
                index[key] = content
    return index


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _authors(author: str | None) -> tuple[str, ...]:
    if not author:
        return ()
    names = (normalise(_BY.sub("", name)) for name in author.split(";"))
    return tuple(dict.fromkeys(name for name in names if " " in name))


def _byline(tree: HtmlElement) -> tuple[str, ...]:
    nodes = cast(list[HtmlElement], BYLINE_XPATH(tree))
    for node in nodes[:3]:
        text = normalise(_BY.sub("", normalise(node.text_content())))
        if 3 <= len(text) <= 80 and not re.search(r"\d", text):
            return tuple(re.split(r",? and |, ", text))
    return ()


def _canonical(tree: HtmlElement, url: str | None) -> str | None:
    for link in tree.iter("link"):
        if link.get("rel") == "canonical" and (href := str(link.get("href") or "").strip()):
            return join_url(url, href)
    return None


def join_url(base: str | None, href: str) -> str | None:
    """Return ``href`` made absolute against ``base``; ``None`` when either is malformed.

    Page markup is hostile: ``http://[oops/`` makes ``urljoin`` raise ``ValueError``.
    """
    try:
        return str(urljoin(base or "", href))
    except ValueError:
        return None


def _language(tree: HtmlElement, metas: dict[str, str]) -> str | None:
    lang = tree.get("lang") or metas.get("og:locale") or metas.get("language")
    if not lang:
        return None
    code = re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _published_at(
    tree: HtmlElement, metas: dict[str, str], linked: dict[str, Any], url: str | None
) -> PublishedAt | None:
    declared = _declared(metas, linked)
    if declared is not None:
        return (
            _url_day(declared, url) or _shown_update(declared, tree, metas, linked, url) or declared
        )
    found = find_date(tree, url=url, extensive_search=False, original_date=True)
    if found and (parsed := parse_time(found)):
        return PublishedAt(parsed[0], DateEvidence.HTMLDATE, "htmldate", "day")
    # Rule ``date.shown``: a page that declares no date and whose markup htmldate cannot
    # read usually prints its date near the top. htmldate's extensive search finds it
    # too, but sends every candidate to dateparser over all locales (~0.1 s a page).
    return _first_shown_date(tree)


def _first_shown_date(tree: HtmlElement) -> PublishedAt | None:
    text = _visible_text(tree)[:SHOWN_DATE_CHARS]
    for match in _WRITTEN_DATE.finditer(text):
        day = _written_day(match)
        if day is not None and day <= datetime.now(UTC).date():
            stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return PublishedAt(stamp, DateEvidence.HTMLDATE, f"shown: {match.group(0)!r}", "day")
    return None


def _written_day(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["iso"]:
            return date.fromisoformat(groups["iso"])
        month = groups["month1"] or groups["month2"]
        number = 1 + [m[:3].lower() for m in _MONTH_NAMES].index(month[:3].lower())
        day = int(groups["day1"] or groups["day2"])
        return date(int(groups["year1"] or groups["year2"]), number, day)
    except ValueError:
        return None


def _declared(metas: dict[str, str], linked: dict[str, Any]) -> PublishedAt | None:
    """Return the publication time the page declares in ``<meta>`` or JSON-LD."""
    for name in DATE_META:
        value = metas.get(name)
        if value and (parsed := parse_time(value)):
            return PublishedAt(parsed[0], DateEvidence.METADATA, f"meta {name}", parsed[1])
    value = linked.get("datePublished")
    if isinstance(value, str) and (parsed := parse_time(value)):
        return PublishedAt(parsed[0], DateEvidence.METADATA, "JSON-LD datePublished", parsed[1])
    return None


def _url_day(declared: PublishedAt, url: str | None) -> PublishedAt | None:
    """Rule ``date.url-day``: a URL's ``/2025/12/18/`` is the outlet's local day.

    A UTC timestamp of a late-evening story crosses midnight ("2025-12-19T02:41Z" for a
    post of the 18th in New York); the day the outlet filed it under is the one it shows.
    """
    match = _URL_DATE.search(url or "")
    if match is None:
        return None
    try:
        shown = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    if abs((shown - declared.value.date()).days) != 1:
        return None
    return PublishedAt(
        datetime(shown.year, shown.month, shown.day, tzinfo=UTC),
        DateEvidence.METADATA,
        f"{declared.detail}, local day from the URL",
        "day",
    )


def _shown_update(
    declared: PublishedAt,
    tree: HtmlElement,
    metas: dict[str, str],
    linked: dict[str, Any],
    url: str | None,
) -> PublishedAt | None:
    """Rule ``date.shown-update``: an evergreen page shows its update, not its first date.

    Taken only on three agreeing signs: the page declares a later modification, htmldate's
    original-date reading of the markup finds a later day, and the page's text shows that
    day but not the declared one. Each alone misleads (measured on WCXB dev, see
    docs/entities-time.md); htmldate runs only on pages that declare an update.
    """
    day = declared.value.date()
    if not any(later > day for later in _modified_days(metas, linked)):
        return None
    # The cheap signs first: htmldate (the costly one) runs only when the text hides
    # the declared day.
    text = _visible_text(tree)
    if _shows(text, day):
        return None
    found = find_date(tree, url=url, extensive_search=False, original_date=True)
    parsed = parse_time(found) if found else None
    if parsed is None or parsed[0].date() <= day or not _shows(text, parsed[0].date()):
        return None
    return PublishedAt(
        parsed[0], DateEvidence.HTMLDATE, "htmldate: the update the page shows", "day"
    )


def _modified_days(metas: dict[str, str], linked: dict[str, Any]) -> list[date]:
    values = [metas.get(name) for name in MODIFIED_META] + [linked.get("dateModified")]
    parsed = (parse_time(value) for value in values if isinstance(value, str))
    return [found[0].date() for found in parsed if found]


def _visible_text(tree: HtmlElement) -> str:
    nodes = cast(list[str], _VISIBLE_TEXT(tree))
    return " ".join(" ".join(nodes).split())


def _shows(text: str, day: date) -> bool:
    """Return whether ``text`` writes ``day`` out ("Oct. 8, 2025", "8 October 2025", ISO)."""
    month = _MONTH_NAMES[day.month - 1]
    forms = (
        f"{month} {day.day}, {day.year}",
        f"{month[:3]} {day.day}, {day.year}",
        f"{month[:3]}. {day.day}, {day.year}",
        f"{month[:4]}. {day.day}, {day.year}",
        f"{day.day} {month} {day.year}",
        f"{day.day} {month[:3]} {day.year}",
        day.isoformat(),
    )
    return any(form in text for form in forms)


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
