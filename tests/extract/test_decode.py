"""Decoding: bytes in any plausible encoding become the right text, or one coded error."""

from __future__ import annotations

import codecs
import gzip
import random

import pytest

from sourcetrace.config import Settings
from sourcetrace.errors import BinaryInputError, EmptyInputError, InputTooLargeError
from sourcetrace.extract import extract
from sourcetrace.models import Page
from tests.pages import (
    ARABIC,
    ARABIC_NAV,
    ARABIC_TITLE,
    CHINESE,
    CHINESE_NAV,
    CHINESE_TITLE,
    FRENCH,
    FRENCH_TITLE,
    HARBOUR,
    HARBOUR_TITLE,
    MARKET,
    MARKET_TITLE,
    html_page,
    text_page,
)


def _extract_bytes(data: bytes, *, content_type: str | None = None, settings=None):
    page = Page(content=data, source="page.html", content_type=content_type)
    return extract(page, settings or Settings())


# --- empty and binary input -------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"", "", b"   \n\t\r\n  ", " \n\n\t ", "\u00a0\u2003\n", b"\xef\xbb\xbf  \n"],
    ids=["empty-bytes", "empty-str", "whitespace-bytes", "whitespace-str", "unicode-spaces", "bom"],
)
def test_empty_or_whitespace_input_is_input_empty(content):
    with pytest.raises(EmptyInputError) as caught:
        extract(Page(content=content, source="blank.html"))
    assert caught.value.code == "input.empty"
    assert caught.value.source == "blank.html"


def _random_bytes_with_nuls() -> bytes:
    data = bytearray(random.Random(20240611).randbytes(8192))
    data[100:104] = b"\x00\x00\x00\x00"
    return bytes(data)


BINARIES = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "random-with-nuls": _random_bytes_with_nuls(),
    "gzip-in-disguise": gzip.compress(html_page(HARBOUR_TITLE, HARBOUR).encode()),
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    + b"stream\n"
    + random.Random(7).randbytes(2048)
    + b"\nendstream\n",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + random.Random(8).randbytes(1024),
    "zip": b"PK\x03\x04\x14\x00\x00\x00" + random.Random(9).randbytes(1024),
}


@pytest.mark.parametrize("data", BINARIES.values(), ids=BINARIES.keys())
@pytest.mark.parametrize("content_type", [None, "text/html"])
def test_binary_input_is_input_binary(data, content_type):
    with pytest.raises(BinaryInputError) as caught:
        _extract_bytes(data, content_type=content_type)
    assert caught.value.code == "input.binary"
    assert "not a page" in caught.value.message


def test_input_over_the_limit_is_refused_before_decoding():
    data = html_page(HARBOUR_TITLE, HARBOUR).encode()
    with pytest.raises(InputTooLargeError) as caught:
        _extract_bytes(data, settings=Settings(max_input_bytes=len(data) - 1))
    assert caught.value.code == "input.too-large"
    assert _extract_bytes(data, settings=Settings(max_input_bytes=len(data))).title


def test_str_input_over_the_limit_is_counted_in_utf8_bytes():
    page = html_page(CHINESE_TITLE, CHINESE, lang="zh", nav=CHINESE_NAV)
    # Each Han character is three bytes in UTF-8: a limit in characters would let it through.
    limit = len(page) + 10
    assert len(page.encode()) > limit
    with pytest.raises(InputTooLargeError) as caught:
        extract(Page(content=page, source="zh.html"), Settings(max_input_bytes=limit))
    assert caught.value.code == "input.too-large"


# --- charsets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "paragraphs"),
    [(FRENCH_TITLE, FRENCH), (MARKET_TITLE, tuple(p.replace("’", "'") for p in MARKET))],
    ids=["french-many-accents", "english-few-accents"],
)
def test_latin1_bytes_without_charset_decode_accents(title, paragraphs):
    paragraphs = tuple(p.replace("“", '"').replace("”", '"') for p in paragraphs)
    data = html_page(title, paragraphs, charset=None).encode("latin-1")

    article = _extract_bytes(data)

    assert article.paragraph_texts() == paragraphs
    assert article.title == title


@pytest.mark.parametrize("declared", ["meta", "header"])
def test_windows_1252_smart_quotes_declared_as_iso_8859_1_decode_as_curly_quotes(declared):
    charset = "iso-8859-1" if declared == "meta" else None
    content_type = "text/html; charset=ISO-8859-1" if declared == "header" else None
    data = html_page(MARKET_TITLE, MARKET, charset=charset).encode("cp1252")
    assert b"\x93" in data and b"\x94" in data  # the bytes really are Windows-1252 quotes

    article = _extract_bytes(data, content_type=content_type)

    assert article.paragraph_texts() == MARKET
    assert "“We were very moved" in article.text
    assert "\x93" not in article.text and "\x94" not in article.text


def test_lying_meta_charset_is_overridden_by_valid_utf8():
    data = html_page(MARKET_TITLE, MARKET, charset="windows-1252").encode("utf-8")
    assert "é".encode() in data  # multi-byte UTF-8 that cp1252 would turn into mojibake

    article = _extract_bytes(data)

    assert article.paragraph_texts() == MARKET
    assert "Hélène Bérard" in article.text
    assert "Ã" not in article.text and "â€" not in article.text


def test_wide_meta_charset_on_single_byte_page_is_ignored():
    # A meta label of UTF-16 on bytes without a BOM cannot be right (browsers read it as
    # UTF-8); decoding by it would turn the whole page into CJK-looking noise.
    paragraphs = tuple(p.replace("’", "'").replace("“", '"').replace("”", '"') for p in MARKET)
    data = html_page(MARKET_TITLE, paragraphs, charset="utf-16").encode("latin-1")
    data += b" " * (len(data) % 2)  # an even length, so the UTF-16 codec would accept it

    article = _extract_bytes(data)

    assert article.paragraph_texts() == paragraphs


def test_header_charset_is_used_for_non_utf8_bytes():
    data = html_page(FRENCH_TITLE, FRENCH, charset=None).encode("iso-8859-15")

    article = _extract_bytes(data, content_type="text/html; charset=iso-8859-15")

    assert article.paragraph_texts() == FRENCH


def test_utf8_bom_is_dropped_and_page_decoded():
    data = codecs.BOM_UTF8 + html_page(MARKET_TITLE, MARKET).encode("utf-8")

    article = _extract_bytes(data)

    assert article.paragraph_texts() == MARKET
    assert article.title == MARKET_TITLE
    assert "\ufeff" not in article.text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_decodes_despite_its_nul_bytes(codec):
    page = html_page(MARKET_TITLE, MARKET, charset="utf-16")
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    data = bom + page.encode(codec)
    assert data.count(b"\x00") > len(data) // 4

    article = _extract_bytes(data)

    assert article.paragraph_texts() == MARKET
    assert article.title == MARKET_TITLE


def test_utf8_flattened_text_with_bom_and_crlf_line_ends():
    data = codecs.BOM_UTF8 + text_page(HARBOUR_TITLE, HARBOUR).replace("\n", "\r\n").encode()

    article = extract(Page(content=data, source="story.txt"))

    assert article.paragraph_texts() == HARBOUR
    assert article.title == HARBOUR_TITLE
    assert "\r" not in article.text


# --- control characters -----------------------------------------------------------------

CONTROLS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x1b\x7f"


def _with_controls(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """Scatter every control character inside words, where dropping it restores the word."""
    dirty = []
    for i, para in enumerate(paragraphs):
        words = para.split(" ")
        for j, control in enumerate(CONTROLS[i::2]):
            k = (3 * j + 2) % len(words)
            words[k] = words[k][:2] + control + words[k][2:]
        dirty.append(" ".join(words))
    return tuple(dirty)


@pytest.mark.parametrize("as_bytes", [True, False], ids=["bytes", "str"])
def test_control_characters_are_removed_and_article_is_intact(as_bytes):
    dirty = _with_controls(HARBOUR)
    assert all(any(c in para for c in CONTROLS) for para in dirty)
    page = html_page(HARBOUR_TITLE, dirty)

    article = extract(Page(content=page.encode() if as_bytes else page, source="c.html"))

    assert article.paragraph_texts() == HARBOUR
    assert not any(c in article.text for c in CONTROLS)


def test_control_characters_in_flattened_text_are_removed():
    dirty = _with_controls(HARBOUR)

    article = extract(Page(content=text_page(HARBOUR_TITLE, dirty).encode(), source="c.txt"))

    assert article.paragraph_texts() == HARBOUR


def test_lone_surrogates_in_a_str_page_are_dropped_not_fatal():
    # A str page decoded with surrogateescape (or read from sloppy JSON) can hold them;
    # left in, lxml drops the whole document and the article is lost.
    dirty = (HARBOUR[0].replace("Tuesday", "Tues\udcffday"), *HARBOUR[1:])

    article = extract(Page(content=html_page(HARBOUR_TITLE, dirty), source="s.html"))

    assert article.paragraph_texts() == HARBOUR


# --- scripts beyond Latin ---------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_chinese_html_article_keeps_its_script(codec):
    page = html_page(CHINESE_TITLE, CHINESE, lang="zh", nav=CHINESE_NAV, charset=codec)

    article = _extract_bytes(page.encode(codec))

    assert article.paragraph_texts() == CHINESE
    assert article.title == CHINESE_TITLE
    assert article.language == "zh"
    assert not any(nav in article.text for nav in CHINESE_NAV)


@pytest.mark.parametrize("codec", ["utf-8", "windows-1256"])
def test_arabic_html_article_keeps_its_script(codec):
    page = html_page(
        ARABIC_TITLE, ARABIC, lang="ar", nav=ARABIC_NAV, charset=codec, direction="rtl"
    )

    article = _extract_bytes(page.encode(codec))

    assert article.paragraph_texts() == ARABIC
    assert article.title == ARABIC_TITLE
    assert article.language == "ar"
    assert not any(nav in article.text for nav in ARABIC_NAV)
