"""Big pages: a size limit that bounds their cost, and a tree trafilatura can copy cheaply.

Large real pages are mostly scripts and style sheets (80% of the bytes of the largest
pages of AEB and WCXB dev); trafilatura copies the tree several times and drops them from
every copy, so sourcetrace drops them once, after reading the metadata they hold.
"""

from __future__ import annotations

import json

import pytest

from sourcetrace.config import DEFAULT_SETTINGS, MIB
from sourcetrace.errors import InputTooLargeError
from sourcetrace.extract import extract
from sourcetrace.extract.html import extract_html, html_tree
from sourcetrace.models import Page
from tests.pages import HARBOUR, HARBOUR_TITLE, html_page

LINKED = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Breakwater repairs to start in spring",
    "datePublished": "2026-03-02T08:00:00+00:00",
    "author": {"@type": "Person", "name": "Ines Moreau"},
}


def _heavy_page(script_bytes: int) -> str:
    """Return the harbour article amid a large script, a large style sheet and JSON-LD."""
    script = "window.__STATE__ = [" + '{"id": 1, "teaser": "More news"},' * (script_bytes // 32)
    style = ".c{margin:0 4px;padding:2px;color:#333}" * (script_bytes // 40)
    head = (
        f'<script type="application/ld+json">{json.dumps(LINKED)}</script>'
        f"<style>{style}</style><script>var tracking = 1;</script>"
    )
    page = html_page(HARBOUR_TITLE, HARBOUR)
    page = page.replace("</head>", f"{head}</head>")
    return page.replace("</body>", f"<script>{script}{{}}];</script></body>")


def test_the_default_limit_refuses_a_page_over_ten_mib():
    page = html_page(HARBOUR_TITLE, HARBOUR).replace("</body>", " " * (10 * MIB) + "</body>")

    with pytest.raises(InputTooLargeError) as caught:
        extract(Page(content=page.encode(), source="huge.html"))

    assert DEFAULT_SETTINGS.max_input_bytes == 10 * MIB
    assert caught.value.code == "input.too-large"


def test_a_page_heavy_with_scripts_and_styles_gives_its_article_and_metadata():
    article = extract(Page(content=_heavy_page(2 * MIB).encode(), source="heavy.html"))

    assert article.paragraph_texts()[-len(HARBOUR) :] == HARBOUR
    assert article.title == LINKED["headline"]
    assert article.authors == ("Ines Moreau",)
    assert article.published_at is not None
    assert article.published_at.value.isoformat() == "2026-03-02T08:00:00+00:00"
    assert "window.__STATE__" not in article.text and "margin:0" not in article.text


def test_extraction_drops_scripts_and_styles_from_the_tree_but_keeps_json_ld():
    page = Page(content="", source="heavy.html")
    tree = html_tree(_heavy_page(64 * 1024), page, max_depth=DEFAULT_SETTINGS.max_markup_depth)

    extract_html(tree, page, DEFAULT_SETTINGS)

    assert not tree.xpath("//style")
    assert [node.get("type") for node in tree.iter("script")] == ["application/ld+json"]
    assert "var tracking" not in tree.text_content()


def test_an_article_whose_only_text_is_its_json_ld_body_is_still_read():
    body = " ".join(HARBOUR)
    linked = {**LINKED, "articleBody": body}
    page = (
        "<!DOCTYPE html><html><head><title>Harbour</title>"
        f'<script type="application/ld+json">{json.dumps(linked)}</script>'
        "<script>var app = {};</script><style>body{color:red}</style></head>"
        '<body><div id="app"></div></body></html>'
    )

    article = extract(Page(content=page, source="app.html"))

    assert HARBOUR[0] in article.text
