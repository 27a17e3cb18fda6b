"""Read the HTML response records of a WARC or WARC.gz file (as in CC-NEWS) as pages.

Only ``response`` records with a 2xx HTTP status and an HTML media type are pages;
requests, metadata, redirects, images and the like are skipped. The record's target URI
and date become the page's ``url`` and ``fetched_at``; its ``source`` is the file path
and the record's byte offset (``news.warc.gz#1234``), which locates it again.

A damaged file yields the records it could read and then one ``input.warc-truncated``
failure. warcio stops silently at a truncated gzip member, so the compressed stream is
checked as it is read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from sourcetrace.config import Settings
from sourcetrace.errors import WarcTruncatedError
from sourcetrace.models import Failure, Page

__all__ = ["HTML_TYPES", "is_warc", "iter_warc"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b"


def is_warc(path: str) -> bool:
    """Tell whether ``path`` names a WARC file by its suffix (``.warc``, ``.warc.gz``)."""
    return path.lower().endswith((".warc", ".warc.gz"))


def iter_warc(path: str, settings: Settings) -> Iterator[Page | Failure]:
    """Yield a page per HTML response record; damage ends the file with one failure."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after a lazy iteration
    except (OSError, ValueError) as exc:
        yield Failure(path, "ingest", "input.not-found", f"cannot open {path}: {exc}")
        return
    with handle:
        watch = _GzipWatch(handle) if handle.read(2) == _GZIP_MAGIC else None
        handle.seek(0)
        records = ArchiveIterator(watch or handle)
        read = 0
        try:
            for record in records:
                if _is_html_response(record):
                    read += 1
                    yield _page(record, records, path, settings)
            if watch is not None and watch.pending:
                raise EOFError("the last gzip member ends early")
        # warcio raises assorted errors on damaged input (even AttributeError on a header
        # cut short); at this boundary every one of them means "damaged from here on".
        except Exception as exc:
            message = f"damaged or truncated WARC after {read} page records: {exc}"
            yield Failure(path, "ingest", WarcTruncatedError.code, message)


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    media = (record.http_headers.get_header("Content-Type") or "").split(";")[0]
    return status.startswith("2") and media.strip().lower() in HTML_TYPES


def _page(record: Any, records: Any, path: str, settings: Settings) -> Page | Failure:
    limit = settings.max_input_bytes
    content = record.content_stream().read(limit + 1)
    remaining = getattr(record.raw_stream, "limit", None)
    offset = records.get_record_offset()  # reads the record to its end: after the content
    source = f"{path}#{offset}"
    if len(content) > limit:
        return Failure(
            source, "ingest", "input.too-large", f"the record is over the {limit:,}-byte limit"
        )
    if record.length is None or remaining:
        raise WarcTruncatedError(f"the record at offset {offset} ends early", source=source)
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


class _GzipWatch:
    """Pass a gzip file through unchanged while checking that every member ends properly."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._inflater = zlib.decompressobj(31)
        self.pending = False  # inside a member that has not ended yet

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        chunk = data
        while chunk:
            self.pending = True
            # The output is dropped: warcio inflates again; this only tracks member ends.
            self._inflater.decompress(chunk)
            if not self._inflater.eof:
                break
            chunk = self._inflater.unused_data
            self._inflater = zlib.decompressobj(31)
            self.pending = False
        return data

    def tell(self) -> int:
        return self._raw.tell()
