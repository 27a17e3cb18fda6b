"""Read the HTML response records of a WARC or WARC.gz file (as in CC-NEWS) as pages.

Only ``response`` records with a 2xx HTTP status and an HTML media type are pages;
requests, metadata, redirects, images and the like are skipped. The record's target URI
and date become the page's ``url`` and ``fetched_at``; its ``source`` is the file path
and the record's byte offset (``news.warc.gz#1234``), which locates it again.

Damage costs only the damaged record: ``warc_records`` splits the file into records
itself (a gzip member at a time, or by ``Content-Length``) and finds the next intact
one after a corrupt one, so every intact record is read, before and after the damage,
and each damaged one is a failure naming its offset: ``input.warc-damaged``, or
``input.warc-truncated`` when the file ends inside it. A file that is no WARC at all is
one ``input.not-warc`` failure, an empty one ``input.empty``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from sourcetrace.config import Settings
from sourcetrace.errors import (
    EmptyInputError,
    InputNotFoundError,
    InputTooLargeError,
    NotWarcError,
    WarcDamagedError,
    WarcTruncatedError,
)
from sourcetrace.ingest.warc_records import (
    GZIP_MAGIC,
    Chunk,
    Damage,
    Limits,
    gzip_records,
    plain_records,
)
from sourcetrace.models import Failure, Page

__all__ = ["HTML_TYPES", "is_warc", "iter_warc"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_STAGE = "ingest"


def is_warc(path: str) -> bool:
    """Tell whether ``path`` names a WARC file by its suffix (``.warc``, ``.warc.gz``)."""
    return path.lower().endswith((".warc", ".warc.gz"))


def iter_warc(path: str, settings: Settings) -> Iterator[Page | Failure]:
    """Yield a page per intact HTML response record, and a failure per damaged record."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after a lazy iteration
    except (OSError, ValueError) as exc:
        yield Failure(path, _STAGE, InputNotFoundError.code, f"cannot open {path}: {exc}")
        return
    with handle:
        yield from _read(handle, path, settings)


def _read(handle: BinaryIO, path: str, settings: Settings) -> Iterator[Page | Failure]:
    magic = handle.read(len(GZIP_MAGIC))
    if not magic:
        yield Failure(path, _STAGE, EmptyInputError.code, "the WARC file is empty")
        return
    handle.seek(0)
    limits = Limits(payload=settings.max_input_bytes, headers=settings.max_warc_header_bytes)
    split = gzip_records if magic == GZIP_MAGIC else plain_records
    read_any = False
    held: Damage | None = None  # damage at the very start: a damaged WARC, or no WARC?
    for item in split(handle, limits):
        if isinstance(item, Damage) and not read_any and item.offset == 0 and item.headerless:
            held = item
            continue
        if held is not None:
            yield _damage_failure(path, held)
            held = None
        read_any = True
        if isinstance(item, Damage):
            yield _damage_failure(path, item)
        else:
            yield from _chunk_pages(item, path, settings)
    if held is not None:
        message = f"{path} is named like a WARC file, but does not begin with a WARC record"
        yield Failure(path, _STAGE, NotWarcError.code, message)
    elif not read_any:
        message = "the WARC file holds no record, only blank lines or empty gzip members"
        yield Failure(path, _STAGE, EmptyInputError.code, message)


def _damage_failure(path: str, damage: Damage) -> Failure:
    where = f"the record at byte offset {damage.offset}"
    if damage.truncated:
        message = f"the WARC ends inside {where} ({damage.reason}); the records before it were read"
        return Failure(f"{path}#{damage.offset}", _STAGE, WarcTruncatedError.code, message)
    then = (
        f"reading went on at byte offset {damage.resumed_at}"
        if damage.resumed_at is not None
        else "no intact record follows it"
    )
    message = f"{where} is damaged ({damage.reason}); {then}"
    return Failure(f"{path}#{damage.offset}", _STAGE, WarcDamagedError.code, message)


def _chunk_pages(chunk: Chunk, path: str, settings: Settings) -> Iterator[Page | Failure]:
    """Parse one record's bytes with warcio; yield its page, if it is one."""
    source = f"{path}#{chunk.offset}"
    try:
        if chunk.oversized:
            yield from _oversized(chunk, source, settings)
            return
        for record in ArchiveIterator(io.BytesIO(chunk.data)):
            if _is_html_response(record):
                yield _page(record, source, settings)
    # warcio raises assorted errors on bytes it cannot parse (even AttributeError on a
    # header cut short); here every one of them means "this record is damaged".
    except Exception as exc:
        message = f"the record at byte offset {chunk.offset} cannot be parsed: {exc!r}"
        yield Failure(source, _STAGE, WarcDamagedError.code, message)


def _oversized(chunk: Chunk, source: str, settings: Settings) -> Iterator[Failure]:
    """Name a record over the limit, if it is a page, from its head alone."""
    record = next(iter(ArchiveIterator(io.BytesIO(chunk.data))))
    if (record.length or 0) > settings.max_input_bytes:
        if _is_html_response(record):  # a huge image or video is no page: nothing lost
            yield _too_large(source, settings)
        return
    # The first record is small, so this gzip member holds more than one record.
    message = (
        f"the gzip member at byte offset {chunk.offset} holds several records and inflates "
        f"past the {settings.max_input_bytes:,}-byte limit; a .warc.gz gzipped whole? "
        "`warcio recompress` rewrites it with one gzip member per record"
    )
    yield Failure(source, _STAGE, InputTooLargeError.code, message)


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    media = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
    return status.startswith("2") and media.strip().lower() in HTML_TYPES


def _too_large(source: str, settings: Settings) -> Failure:
    limit = settings.max_input_bytes
    message = f"the record is over the {limit:,}-byte limit"
    return Failure(source, _STAGE, InputTooLargeError.code, message)


def _page(record: Any, source: str, settings: Settings) -> Page | Failure:
    # Read bounded: a gzip Content-Encoding can inflate far past the record's own size.
    content = record.content_stream().read(settings.max_input_bytes + 1)
    if len(content) > settings.max_input_bytes:
        return _too_large(source, settings)
    if record.length is None or getattr(record.raw_stream, "limit", None):
        message = f"the record at {source} ends before its Content-Length"
        return Failure(source, _STAGE, WarcDamagedError.code, message)
    return Page(
        content=content,
        source=source,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched_at=_date(record.rec_headers.get_header("WARC-Date")),
        content_type=record.http_headers.get_header("Content-Type"),
    )


def _date(value: str | None) -> datetime | None:
    """Parse a WARC-Date (ISO 8601, ``Z`` for UTC); ``None`` when absent or naive."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
