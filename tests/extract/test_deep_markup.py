"""Deeply nested markup: the article after (or inside) a deep nest is still extracted.

libxml2 stops building a tree 256 levels deep by default and 2048 with ``huge_tree``;
sourcetrace parses with the limits lifted and flattens what is deeper still.
"""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from sourcetrace.config import Settings
from sourcetrace.errors import MarkupTooDeepError
from sourcetrace.extract import extract
from sourcetrace.extract.parse import flatten, parse_html
from sourcetrace.models import Page
from tests.pages import HARBOUR, HARBOUR_TITLE, html_page

PARAGRAPHS = "".join(f"<p>{para}</p>" for para in HARBOUR)


def _after_a_nest(tag: str, depth: int) -> str:
    """Return a page whose article follows a ``depth``-deep nest of ``tag``."""
    return (
        f"<html><head><title>{HARBOUR_TITLE}</title></head><body>"
        f"{f'<{tag}>' * depth}Site menu{f'</{tag}>' * depth}"
        f"<article><h1>{HARBOUR_TITLE}</h1>{PARAGRAPHS}</article></body></html>"
    )


@pytest.mark.parametrize("depth", [260, 5000])
@pytest.mark.parametrize("tag", ["aside", "div"])
def test_article_after_a_deep_nest_is_extracted(tag, depth):
    article = extract(Page(content=_after_a_nest(tag, depth), source="deep.html"))

    assert article.paragraph_texts() == HARBOUR
    assert article.title == HARBOUR_TITLE


@pytest.mark.parametrize("depth", [5000, 200_000])
def test_article_inside_a_deep_nest_keeps_its_paragraphs(depth):
    html = f"<html><body>{'<div>' * depth}{PARAGRAPHS}{'</div>' * depth}</body></html>"

    article = extract(Page(content=html, source="deep.html"), Settings(max_input_bytes=2**30))

    assert article.paragraph_texts() == HARBOUR


def test_a_page_under_the_parser_limit_is_parsed_as_written():
    html = _after_a_nest("div", 1500)

    tree = parse_html(html, max_depth=100)

    assert tree is not None
    innermost = list(tree.iter("div"))[-1]
    assert len(list(innermost.iterancestors())) >= 1500


def test_flatten_drops_the_tags_below_the_limit_and_keeps_the_text():
    nest = "<div>" * 8 + "deep <b>text</b>" + "</div>" * 8
    html = f"<html><body>{nest}<p>after</p></body></html>"

    flat = flatten(html, 4)

    tree = fromstring(flat)
    assert flat.count("<div>") == 2 and flat.count("</div>") == 2
    assert tree.text_content() == "deep textafter"


def test_flatten_keeps_scripts_whole_and_drops_deep_ones_whole():
    html = "<div><script>var s = '<div>';</script>" + "<div>" * 3 + "<script>x()</script>ok"

    flat = flatten(html, 2)

    assert "<script>var s = '<div>';</script>" in flat
    assert "x()" not in flat and flat.endswith("<div>ok")


def test_flatten_leaves_text_elements_a_margin_below_the_limit():
    html = "<div>" * 10 + "<p>one</p><ul><li>two</li></ul>" + "</div>" * 10

    flat = flatten(html, 3)

    assert "<p>one</p><ul><li>two</li></ul>" in flat
    assert flat.count("<div>") == 3


def test_entities_declared_in_a_doctype_stay_inert():
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10))
    doctype = (
        f'<!DOCTYPE html [<!ENTITY lol1 "lol">{laughs}<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    )
    page = html_page(HARBOUR_TITLE, HARBOUR).replace("<!DOCTYPE html>", doctype)
    page = page.replace("<h1>", "<p>&lol9; &xxe;</p><h1>")

    article = extract(Page(content=page, source="entities.html"))

    assert "root:" not in article.text
    assert "lollol" not in article.text
    assert len(article.text) < 2000
    assert article.paragraph_texts()[-len(HARBOUR) :] == HARBOUR


def _nested_lists(depth: int) -> str:
    items = "".join(f"<ul><li>item {level} of the list" for level in range(depth))
    return (
        f"<html><head><title>{HARBOUR_TITLE}</title></head><body><article>{PARAGRAPHS}"
        f"{items}{'</li></ul>' * depth}</article></body></html>"
    )


def test_lists_nested_past_the_recursion_limit_are_read_flattened():
    # trafilatura turns its output tree to text recursively, one call per level.
    article = extract(Page(content=_nested_lists(1000), source="lists.html"))

    assert article.paragraph_texts()[: len(HARBOUR)] == HARBOUR
    assert "item 999 of the list" in article.text


def test_nesting_that_exhausts_recursion_even_flattened_is_extract_too_deep():
    settings = Settings(shallow_markup_depth=1500)

    with pytest.raises(MarkupTooDeepError) as caught:
        extract(Page(content=_nested_lists(1000), source="lists.html"), settings)

    assert caught.value.code == "extract.too-deep"
    assert caught.value.source == "lists.html"
