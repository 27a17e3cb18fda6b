"""HTML pages: trafilatura finds the body; sourcetrace's layer cleans and enriches it.

trafilatura is the engine (precision mode, no comments; htmldate for dates). On top of
it, sourcetrace parses the page once to read what every extractor drops or leaks:
images with their captions and credits become fields, structured metadata gives a
publication time with its evidence, and the furniture rules cut bios, related lists,
prompts and widgets from the body, recording each cut.
"""

from __future__ import annotations

from typing import Any

import trafilatura
from lxml.html import HtmlElement

from sourcetrace.config import Settings
from sourcetrace.errors import ExtractorFailedError, NoArticleError
from sourcetrace.extract.clean import clean_blocks
from sourcetrace.extract.furniture import normalise, split_credit
from sourcetrace.extract.metadata import join_url, read_metadata
from sourcetrace.extract.parse import parse_html
from sourcetrace.models import Article, Image, Page

__all__ = ["extract_html", "html_tree"]

EXTRACTOR = f"sourcetrace.html/1 trafilatura/{trafilatura.__version__}"


def html_tree(html: str, page: Page, *, max_depth: int, flat: bool = False) -> HtmlElement:
    """Parse a page's HTML once, limits lifted, nesting past ``max_depth`` flattened.

    Raises:
        NoArticleError: the text is not HTML at all.
    """
    tree = parse_html(html, max_depth=max_depth, flat=flat)
    if tree is None:
        raise NoArticleError("the HTML has no parseable document tree", source=page.source)
    return tree


def extract_html(tree: HtmlElement, page: Page, settings: Settings) -> Article:
    """Extract an article from a page's parsed HTML (the tree loses its scripts and styles).

    Raises:
        NoArticleError: trafilatura finds no body, or the cleaned body is too short.
        ExtractorFailedError: the engine raised.
        RecursionError: code walking the tree ran out of stack (see ``extract``).
    """
    # Metadata first (JSON-LD, htmldate read scripts), then the code goes: trafilatura
    # copies the tree several times and drops scripts and styles from every copy.
    info = read_metadata(tree, page.url)
    images = _images(tree, info.url, info.image)
    _drop_code(tree)
    blocks = _body_blocks(tree, page, settings)
    cleaned = clean_blocks(
        blocks,
        title=info.title,
        authors=info.authors,
        captions=tuple(image.caption for image in images if image.caption),
    )
    if len(" ".join(cleaned.body)) < settings.min_body_chars:
        raise NoArticleError("the page's body is too short to be an article", source=page.source)
    return Article.from_paragraphs(
        cleaned.body,
        source=page.source,
        url=info.url,
        canonical_url=info.canonical_url,
        site_name=info.site_name,
        section=info.section,
        title=info.title,
        subtitle=info.description,
        authors=info.authors,
        published_at=info.published_at,
        language=info.language,
        images=images + cleaned.images,
        removed=cleaned.removed,
        extractor=EXTRACTOR,
    )


def _body_blocks(tree: HtmlElement, page: Page, settings: Settings) -> list[str]:
    """Return the body's text blocks: trafilatura's, in recall mode if precision cut it."""
    document = _run_trafilatura(
        tree, page, favor_precision=settings.favor_precision, fast=settings.fast
    )
    blocks = _blocks(document)
    if _too_short(blocks, tree, settings):
        recall = _run_trafilatura(
            tree, page, favor_precision=False, favor_recall=True, fast=settings.fast
        )
        if len(" ".join(_blocks(recall))) > len(" ".join(blocks)):
            blocks = _blocks(recall)
    if not blocks:
        raise NoArticleError("no article body found on this page", source=page.source)
    return blocks


def _run_trafilatura(
    tree: HtmlElement, page: Page, *, favor_precision: bool, fast: bool, favor_recall: bool = False
) -> Any:
    try:
        return trafilatura.bare_extraction(
            tree,
            url=page.url,
            favor_precision=favor_precision,
            favor_recall=favor_recall,
            include_comments=False,
            fast=fast,
        )
    except RecursionError:
        raise  # extract() gives it its own code
    except Exception as exc:  # trafilatura raises assorted lxml and value errors
        raise ExtractorFailedError(f"trafilatura failed: {exc!r}", source=page.source) from exc


def _drop_code(tree: HtmlElement) -> None:
    """Remove scripts and style sheets, keeping JSON-LD (trafilatura reads its articleBody).

    On large pages they are most of the bytes (40% scripts, 40% styles on the largest of
    AEB and WCXB); every extractor trafilatura runs drops them anyway.
    """
    for node in list(tree.iter("script", "style")):
        if node.tag == "script" and node.get("type") == JSON_LD:
            continue
        node.drop_tree()  # keeps the text that follows the element


JSON_LD = "application/ld+json"


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


def _images(tree: HtmlElement, base: str | None, lead: str | None) -> tuple[Image, ...]:
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
    if not images and lead:
        images.append(Image(url=join_url(base, lead)))
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
        return Image(url=join_url(base, src)) if src else None
    credit = None
    for node in caption_node.xpath(
        ".//*[contains(@class,'credit') or contains(@class,'copyright')"
        " or contains(@class,'byline')]"
    ):
        credit = normalise(node.text_content()) or credit
    text = normalise(caption_node.text_content())
    if credit and text.endswith(credit):
        text = text[: -len(credit)].rstrip(" .,;:-–—|")
    caption, found_credit = split_credit(text)
    return Image(
        url=join_url(base, src) if src else None,
        caption=caption or None,
        credit=_clean_credit(credit) or found_credit,
    )


def _clean_credit(credit: str | None) -> str | None:
    if not credit:
        return None
    _, split = split_credit(credit)
    return split or credit.strip(" ()[].")
