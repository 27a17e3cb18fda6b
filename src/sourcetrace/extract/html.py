"""HTML pages: trafilatura finds the body; sourcetrace's layer cleans and enriches it.

trafilatura is the engine (precision mode, no comments; htmldate for dates). On top of
it, sourcetrace parses the page once to read what every extractor drops or leaks:
images with their captions and credits become fields, structured metadata gives a
publication time with its evidence, and the furniture rules cut bios, related lists,
prompts and widgets from the body, recording each cut.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from sourcetrace.config import Settings
from sourcetrace.errors import ExtractorFailedError, NoArticleError
from sourcetrace.extract.clean import clean_blocks
from sourcetrace.extract.furniture import normalise, split_credit
from sourcetrace.models import Article, DateEvidence, Image, Page, PublishedAt

__all__ = ["extract_html"]

EXTRACTOR = f"sourcetrace.html/1 trafilatura/{trafilatura.__version__}"

# Structured publication-time sources, most trustworthy first.
_DATE_META = (
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
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def extract_html(html: str, page: Page, settings: Settings) -> Article:
    """Extract an article from an HTML page.

    Raises:
        NoArticleError: trafilatura finds no body, or the cleaned body is too short.
        ExtractorFailedError: the engine raised.
    """
    tree = load_html(html)
    if tree is None:
        raise NoArticleError("the HTML has no parseable document tree", source=page.source)
    document = _run_trafilatura(tree, page, favor_precision=settings.favor_precision)
    blocks = _blocks(document)
    if _too_short(blocks, tree, settings):
        recall = _run_trafilatura(tree, page, favor_precision=False, favor_recall=True)
        if len(" ".join(_blocks(recall))) > len(" ".join(blocks)):
            document, blocks = recall, _blocks(recall)
    if document is None or not blocks:
        raise NoArticleError("no article body found on this page", source=page.source)
    url = page.url or _meta(tree, "og:url") or document.url
    images = _images(tree, url)
    title = document.title or None
    authors = _authors(document.author)
    cleaned = clean_blocks(
        blocks,
        title=title,
        authors=authors,
        captions=tuple(image.caption for image in images if image.caption),
    )
    if len(" ".join(cleaned.body)) < settings.min_body_chars:
        raise NoArticleError("the page's body is too short to be an article", source=page.source)
    return Article.from_paragraphs(
        cleaned.body,
        source=page.source,
        url=url,
        canonical_url=_canonical(tree, url),
        site_name=document.sitename or None,
        section=_meta(tree, "article:section") or _first(document.categories),
        title=title,
        subtitle=document.description or None,
        authors=authors,
        published_at=_published_at(tree, document.date),
        language=_language(tree),
        images=images + cleaned.images,
        removed=cleaned.removed,
        extractor=EXTRACTOR,
    )


def _run_trafilatura(
    tree: HtmlElement, page: Page, *, favor_precision: bool, favor_recall: bool = False
) -> Any:
    try:
        return trafilatura.bare_extraction(
            tree,
            url=page.url,
            favor_precision=favor_precision,
            favor_recall=favor_recall,
            include_comments=False,
            with_metadata=True,
        )
    except Exception as exc:  # trafilatura raises assorted lxml and value errors
        raise ExtractorFailedError(f"trafilatura failed: {exc!r}", source=page.source) from exc


def _blocks(document: Any) -> list[str]:
    if document is None or not document.text:
        return []
    return [line.strip() for line in document.text.split("\n") if line.strip()]


def _too_short(blocks: list[str], tree: HtmlElement, settings: Settings) -> bool:
    """Tell whether precision mode probably cut a real body (checked before recall retry)."""
    length = sum(len(block) for block in blocks)
    if length >= settings.recall_fallback_chars:
        return False
    body = tree.find("body")
    visible = len(normalise(body.text_content())) if body is not None else 0
    return visible > 0 and length < settings.recall_fallback_ratio * visible


def _meta(tree: HtmlElement, name: str) -> str | None:
    for node in tree.xpath(
        "//meta[@property=$n or @name=$n or @itemprop=$n]/@content", n=name
    ):
        value = normalise(str(node))
        if value:
            return value
    return None


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _authors(author: str | None) -> tuple[str, ...]:
    if not author:
        return ()
    return tuple(name.strip() for name in author.split(";") if name.strip())


def _canonical(tree: HtmlElement, url: str | None) -> str | None:
    for href in tree.xpath("//link[@rel='canonical']/@href"):
        return urljoin(url or "", str(href).strip()) or None
    return None


def _language(tree: HtmlElement) -> str | None:
    lang = tree.get("lang") or _meta(tree, "og:locale") or _meta(tree, "language")
    if not lang:
        return None
    code = re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _published_at(tree: HtmlElement, fallback: str | None) -> PublishedAt | None:
    for name in _DATE_META:
        value = _meta(tree, name)
        if value and (parsed := _parse_time(value)):
            return PublishedAt(parsed[0], DateEvidence.METADATA, f"meta {name}", parsed[1])
    for value in _json_ld_dates(tree):
        if parsed := _parse_time(value):
            return PublishedAt(parsed[0], DateEvidence.METADATA, "JSON-LD datePublished", parsed[1])
    if fallback and (parsed := _parse_time(fallback)):
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


def _parse_time(value: str) -> tuple[datetime, str] | None:
    """Parse an ISO 8601 date or timestamp; naive times are taken as UTC."""
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
    precision = "day" if len(value) <= 10 else "second"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed, precision


def _images(tree: HtmlElement, base: str | None) -> tuple[Image, ...]:
    """Read figures with captions and credits; the lead image when there are none."""
    scope = tree.xpath("//article") or [tree]
    images: list[Image] = []
    seen: set[str] = set()
    for figure in scope[0].iter("figure"):
        image = _figure(figure, base)
        if image is not None and (image.url or image.caption):
            key = image.url or image.caption or ""
            if key not in seen:
                seen.add(key)
                images.append(image)
    if not images and (lead := _meta(tree, "og:image")):
        images.append(Image(url=urljoin(base or "", lead)))
    return tuple(images)


def _figure(figure: HtmlElement, base: str | None) -> Image | None:
    src = None
    for img in figure.iter("img"):
        src = img.get("src") or img.get("data-src") or img.get("data-original")
        if src and not src.startswith("data:"):
            break
        src = None
    caption_node = next(iter(figure.iter("figcaption")), None)
    if caption_node is None:
        return Image(url=urljoin(base or "", src)) if src else None
    credit = None
    for node in caption_node.xpath(
        ".//*[contains(@class,'credit') or contains(@class,'copyright') or contains(@class,'byline')]"
    ):
        credit = normalise(node.text_content()) or credit
    text = normalise(caption_node.text_content())
    if credit and text.endswith(credit):
        text = text[: -len(credit)].rstrip(" .,;:-–—|")
    caption, found_credit = split_credit(text)
    return Image(
        url=urljoin(base or "", src) if src else None,
        caption=caption or None,
        credit=_clean_credit(credit) or found_credit,
    )


def _clean_credit(credit: str | None) -> str | None:
    if not credit:
        return None
    _, split = split_credit(credit)
    return split or credit.strip(" ()[].")
