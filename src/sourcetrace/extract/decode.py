"""Turn a page's bytes into trustworthy text, or one clear error.

Decoding order, most reliable evidence first: a byte-order mark; strict UTF-8 (bytes
that decode as UTF-8 and hold multi-byte sequences are UTF-8 whatever a meta tag
claims, so a lying ``<meta charset>`` cannot garble a page); the charset the server or
the page declares, if the bytes decode under it; then charset-normalizer's guess.
Latin-1 labels are read as Windows-1252, as browsers do (WHATWG Encoding).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from sourcetrace.config import Settings
from sourcetrace.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputTooLargeError,
)
from sourcetrace.models import Page

__all__ = ["decode_bytes", "decode_page", "looks_like_html", "sanitize"]

# Leading bytes of formats that are never a page.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
)
# Each byte-order mark with the codec that drops it and the one that keeps it (as U+FEFF).
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
_ALIASES = {
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "iso-8859-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso8859-1": "cp1252",
    "l1": "cp1252",
}
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_:.-]+)", re.IGNORECASE)
# C0/C1 controls other than tab, newline, carriage return; they break XML and terminals.
# Lone surrogates (a str page built with surrogateescape or from bad JSON) make lxml
# drop the whole document, so they go too.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Bytes that text almost never holds: C0 controls other than tab, line ends, form feed, ESC.
_BINARY_BYTES = re.compile(b"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# Labels that cannot describe bytes which passed the NUL check (WHATWG reads a
# UTF-16 meta label as UTF-8); a genuine UTF-16/32 page carries a BOM.
_WIDE_LABELS = ("utf-16", "utf-32", "utf16", "utf32", "ucs-2", "ucs2", "ucs-4", "ucs4")
_HTML_SNIFF = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(p|div|article|meta|title)[\s>/]",
    re.IGNORECASE,
)


def decode_page(page: Page, settings: Settings) -> str:
    """Return the page's text, decoded and sanitised.

    Raises:
        InputTooLargeError, EmptyInputError, BinaryInputError, DecodeError.
    """
    if isinstance(page.content, str):
        size = len(page.content.encode("utf-8", errors="surrogatepass"))
        _check_size(size, settings, page.source)
        text = page.content
    else:
        _check_size(len(page.content), settings, page.source)
        text = decode_bytes(page.content, page.content_type, settings, source=page.source)
    text = sanitize(text)
    if not text or text.isspace():  # not text.strip(): no copy of a large page
        raise EmptyInputError("the input is empty or only whitespace", source=page.source)
    return text


def _check_size(size: int, settings: Settings, source: str) -> None:
    if size > settings.max_input_bytes:
        raise InputTooLargeError(
            f"the input is {size:,} bytes, over the {settings.max_input_bytes:,}-byte limit; "
            "raise it with --max-bytes if this page is genuine",
            source=source,
        )


def decode_bytes(
    data: bytes,
    content_type: str | None,
    settings: Settings,
    *,
    source: str = "",
    keep_bom: bool = False,
) -> str:
    """Decode raw page bytes to text, refusing binary data.

    A byte-order mark picks the encoding and is dropped; with ``keep_bom`` it stays as
    the text's first character (U+FEFF), so offsets count every character of the file.
    """
    if not data.strip():
        raise EmptyInputError("the input is empty or only whitespace", source=source)
    for bom, dropping, keeping in _BOMS:
        if data.startswith(bom):
            return data.decode(keeping if keep_bom else dropping, errors="replace")
    _refuse_binary(data[: settings.binary_sniff_bytes], source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if (mostly_utf8 := _mostly_utf8(data)) is not None:
        return mostly_utf8
    for declared in _declared_charsets(data, content_type):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            continue
    guessed = _guess_encoding(data)
    if guessed is None:
        raise DecodeError("no text encoding fits these bytes; is this a text file?", source=source)
    return data.decode(guessed, errors="replace")


def _guess_encoding(data: bytes) -> str | None:
    matches = from_bytes(data[: 512 * 1024])
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    # On a tie (mostly-ASCII pages with a few accents fit cp1250 as well as cp1252),
    # take Windows-1252: the browsers' default for unlabelled legacy pages.
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            return "cp1252"
    return str(best.encoding)


def _mostly_utf8(data: bytes) -> str | None:
    """Return the lenient UTF-8 decoding when the page is UTF-8 with a few stray bytes.

    CMSs often splice one badly encoded snippet into a UTF-8 page; decoding the whole
    page as Windows-1252 because of it would garble every other non-ASCII character.
    """
    lenient = data.decode("utf-8", errors="replace")
    stray = lenient.count("\ufffd")
    # Characters past ASCII, counted in C: a generator over a large page takes seconds.
    multibyte = len(lenient) - len(lenient.encode("ascii", errors="ignore")) - stray
    if stray <= max(2, len(data) // 5000) and multibyte > stray * 4:
        return lenient
    return None


def _declared_charsets(data: bytes, content_type: str | None) -> list[str]:
    found: list[str] = []
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        found.append(match.group(1))
    if match_meta := _META_CHARSET.search(data[:4096]):
        found.append(match_meta.group(1).decode("ascii", errors="ignore"))
    labels = [_ALIASES.get(name.lower(), name.lower()) for name in found]
    return [label for label in labels if not label.startswith(_WIDE_LABELS)]


def _refuse_binary(head: bytes, source: str) -> None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(f"this is {kind}, not a page", source=source)
    # Text in any 8-bit encoding or UTF-8 has (almost) no NUL bytes; UTF-16 without a
    # BOM has many, and is decoded by the BOM path when it is labelled.
    if head.count(b"\x00") > max(1, len(head) // 100):
        raise BinaryInputError("the input holds NUL bytes: binary data, not a page", source=source)
    # Random or compressed data holds about one control byte in ten; a page with a
    # few stray controls (which sanitize() drops) stays well under one in twenty.
    if len(_BINARY_BYTES.findall(head)) > max(2, len(head) // 20):
        raise BinaryInputError(
            "the input holds control bytes: binary data, not a page", source=source
        )


def sanitize(text: str) -> str:
    """Drop control characters and normalise line ends."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Searching first is cheaper than substituting on the (usual) clean page.
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def looks_like_html(text: str, content_type: str | None = None) -> bool:
    """Return True when ``text`` should be parsed as HTML rather than flattened text."""
    if content_type:
        media = content_type.split(";", 1)[0].strip().lower()
        if media in {"text/html", "application/xhtml+xml"}:
            return True
        if media == "text/plain":
            return False
    return bool(_HTML_SNIFF.search(text[:8192]))
