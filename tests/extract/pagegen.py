"""Hypothesis strategies for hostile pages: generated markup, mutated real pages, odd text.

Text is drawn from all of Unicode but surrogates (a ``str`` decoded from bytes never
holds one), with control characters, right-to-left scripts, combining marks, emoji and
zero-width characters mixed in on purpose. Pages come as ``str`` or as bytes in one of
several encodings, sometimes with a byte-order mark; mutations cut, repeat and splice.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from hypothesis import strategies as st

from sourcetrace.models import Page
from tests.pages import (
    ARABIC,
    ARABIC_TITLE,
    CHINESE,
    CHINESE_TITLE,
    HARBOUR,
    HARBOUR_TITLE,
    LIBRARY,
    LIBRARY_TITLE,
    LOGIN_WALL,
    MARKET,
    MARKET_TITLE,
    NAV_ONLY,
    html_page,
    text_page,
)

__all__ = ["REAL_PAGES", "REAL_TEXTS", "pages", "texts"]

_REPO = Path(__file__).resolve().parents[2]
REAL_TEXTS: tuple[str, ...] = (
    (_REPO / "examples" / "000_7fbb9ae6711f7586.txt").read_text(encoding="utf-8"),
    (_REPO / "tests" / "fixtures" / "seed_000_7fbb9ae6711f7586.txt").read_text(encoding="utf-8"),
    text_page(HARBOUR_TITLE, HARBOUR),
    text_page(CHINESE_TITLE, CHINESE),
)
REAL_PAGES: tuple[str, ...] = (
    html_page(HARBOUR_TITLE, HARBOUR),
    html_page(LIBRARY_TITLE, LIBRARY),
    html_page(MARKET_TITLE, MARKET, charset=None),
    html_page(CHINESE_TITLE, CHINESE, lang="zh"),
    html_page(ARABIC_TITLE, ARABIC, lang="ar", direction="rtl"),
    LOGIN_WALL,
    NAV_ONLY,
)

# Characters that break naive code: controls (NUL, ESC, DEL, C1), a byte-order mark,
# zero-width joiner and spaces, bidirectional controls, combining marks, CR and line
# separators, replacement and non-characters, emoji with modifiers, RTL letters.
_ODD = (
    "\x00\x01\x08\x0b\x0c\x1b\x7f\x85\x9f\ufeff\u200b\u200c\u200d\u200e\u200f\u202a\u202e"
    "\u2066\u2069\u0301\u0308\u20e3\ufe0f\r\u2028\u2029\ufffd\ufffe\uffff"
    "😀👍🏽🇺🇸👩‍👩‍👧#️⃣★→©"
    "שלוםمرحبا"
)
_WORDS = (
    "said",
    "told",
    "according to",
    "“",
    "”",
    '"',
    "'",
    "The mayor",
    "Maria Lopez",
    "on Monday",
    "last week",
    "Reuters reported",
    ".",
    ",",
    "\n",
    "\n\n",
    " ",
)
texts = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
        st.text(st.sampled_from(_ODD), max_size=12),
        st.sampled_from(_WORDS),
    ),
    max_size=30,
).map("".join)

_TAGS = (
    "div",
    "p",
    "span",
    "article",
    "main",
    "aside",
    "nav",
    "section",
    "h1",
    "h2",
    "ul",
    "li",
    "table",
    "tr",
    "td",
    "a",
    "b",
    "figure",
    "figcaption",
    "blockquote",
    "script",
    "style",
    "svg",
    "time",
)
_ATTRIBUTES = st.sampled_from(
    (
        "",
        ' class="article-body"',
        ' class="byline"',
        ' class="related"',
        ' id="main"',
        ' href="/x"',
        ' href="javascript:alert(1)"',
        ' datetime="2026-01-27"',
        ' type="application/ld+json"',
        ' itemprop="author"',
        ' dir="rtl"',
        ' style="display:none"',
    )
)


@st.composite
def _markup(draw: st.DrawFn, depth: int = 0) -> str:
    """Return a random fragment: text, comments, entities, tags open, closed or stray."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(("text", "element", "element", "junk")))
        if kind == "text" or depth >= 6:
            parts.append(draw(texts))
        elif kind == "junk":
            parts.append(
                draw(
                    st.sampled_from(
                        (
                            "<!-- c -->",
                            "<!--",
                            "&amp;",
                            "&#0;",
                            "&#xFFFFFFF;",
                            "&bogus;",
                            "</div>",
                            "<",
                            "<![CDATA[x]]>",
                            "<?php x ?>",
                            "<br/>",
                            '<img src="data:,">',
                            '<meta charset="utf-16">',
                        )
                    )
                )
            )
        else:
            tag = draw(st.sampled_from(_TAGS))
            inner = draw(_markup(depth + 1))
            close = draw(st.sampled_from((f"</{tag}>", f"</{tag}>", "")))
            parts.append(f"<{tag}{draw(_ATTRIBUTES)}>{inner}{close}")
    return "".join(parts)


@st.composite
def _generated(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(("", "<!DOCTYPE html>", "<html>", "<html><head><title>t</title>")))
    return f"{head}<body>{draw(_markup())}</body>"


@st.composite
def _mutated(draw: st.DrawFn, originals: tuple[str, ...]) -> str:
    """Return a real page or text with a few cuts, repeats and splices."""
    page = draw(st.sampled_from(originals))
    for _ in range(draw(st.integers(0, 4))):
        if not page:
            break
        start = draw(st.integers(0, len(page) - 1))
        end = draw(st.integers(start, min(len(page), start + 400)))
        action = draw(st.sampled_from(("cut", "repeat", "splice", "truncate")))
        if action == "cut":
            page = page[:start] + page[end:]
        elif action == "repeat":
            page = page[:end] + page[start:end] * draw(st.integers(1, 5)) + page[end:]
        elif action == "splice":
            insert = draw(st.one_of(texts, _markup()))
            page = page[:start] + insert + page[start:]
        else:
            page = page[:start]
    return page


_EXTREMES = st.sampled_from(
    (
        "",
        " ",
        "\n\n\n",
        "\ufeff",
        "<html></html>",
        "<p>" * 3000 + HARBOUR[0],
        "<div>" * 2100 + "<p>" + HARBOUR[0] + "</p>",
        "\n\n".join(HARBOUR * 60),
        "word " * 20_000,
        "x" * 60_000,
    )
)
_ENCODINGS = st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1", "gb18030"))


@st.composite
def pages(draw: st.DrawFn) -> Page:
    """Return a hostile page: generated, mutated or extreme; as text or encoded bytes."""
    content = draw(
        st.one_of(
            _generated(),
            _mutated(REAL_PAGES),
            _mutated(REAL_TEXTS),
            _EXTREMES,
            texts,
        )
    )
    form = draw(st.sampled_from(("str", "bytes", "bytes", "raw")))
    content_type = draw(st.sampled_from((None, "text/html", "text/plain", "text/html; charset=x")))
    if form == "str":
        return Page(content=content, source="fuzz", content_type=content_type)
    if form == "raw":  # arbitrary bytes, binary included
        data = draw(st.binary(max_size=2000)) + content.encode("utf-8", "ignore")[:2000]
        return Page(content=data, source="fuzz", content_type=content_type)
    encoding = draw(_ENCODINGS)
    data = content.encode(encoding, errors="replace")
    if encoding == "utf-8" and draw(st.booleans()):
        data = codecs.BOM_UTF8 + data
    return Page(content=data, source="fuzz", content_type=content_type)
