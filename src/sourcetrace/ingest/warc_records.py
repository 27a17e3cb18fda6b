"""Split a WARC file into its records' bytes, streaming, and find the next record after damage.

A ``.warc.gz`` holds one gzip member per record (as CC-NEWS and warcio write it): each
member is inflated on its own, so a corrupt or cut member is one damaged record, and
reading goes on at the next gzip header that inflates to ``WARC/``. An uncompressed
``.warc`` is framed by each record's ``Content-Length``; a record whose framing breaks,
or whose ``WARC-Block-Digest`` does not match (the only check its bytes carry), is one
damaged record, and reading goes on at the next ``WARC/1.x`` version line that begins a
well-formed header. The file is read forward in chunks, and no record is held past
``max_input_bytes`` plus its headers, so memory stays bounded.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

__all__ = ["Chunk", "Damage", "Limits", "gzip_records", "plain_records"]

GZIP_MAGIC = b"\x1f\x8b"
_MEMBER_MAGIC = b"\x1f\x8b\x08"  # gzip with deflate, the only method there is
_READ = 64 * 1024  # bytes read at a time: small, so a short record costs little
_PEEK = 4096  # compressed bytes inflated to tell a member that starts a record
_VERSION = re.compile(rb"WARC/1\.\d\r?\n")
_FIELD = re.compile(rb"([!-9;-~]+):[ \t]*([^\r\n]*?)[ \t]*\r?\n")
_TRAILER = b"\r\n\r\n"
# The fields every WARC record must have (WARC 1.1, section 5).
_MANDATORY = frozenset({b"warc-type", b"warc-record-id", b"warc-date", b"content-length"})
_SPACE = b"\r\n"


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of one record may be held.

    Attributes:
        payload: The largest record payload read (``max_input_bytes``).
        headers: Room for its WARC and HTTP headers on top of the payload; a WARC header
            block longer than this is damage.
    """

    payload: int
    headers: int

    @property
    def record(self) -> int:
        """The most bytes of one record (headers and block) held in memory."""
        return self.payload + self.headers


@dataclass(frozen=True, slots=True)
class Chunk:
    """One record's bytes, uncompressed (for a gzip member, every record in it).

    Attributes:
        offset: Where the record (or gzip member) starts in the file.
        data: Its WARC headers and block, as warcio reads them.
        oversized: ``data`` is only the record's head: the whole is over the limit.
    """

    offset: int
    data: bytes
    oversized: bool = False


@dataclass(frozen=True, slots=True)
class Damage:
    """A damaged record: the bytes from ``offset`` up to ``resumed_at`` were skipped.

    Attributes:
        offset: Where the damaged record starts in the file.
        reason: What was wrong with it.
        resumed_at: Where the next intact record starts; ``None`` when none follows.
        truncated: The file ends inside this record.
        headerless: The bytes at ``offset`` do not begin with ``WARC/`` (at the start of
            a file, the sign of a file that is no WARC at all).
    """

    offset: int
    reason: str
    resumed_at: int | None
    truncated: bool = False
    headerless: bool = False


class _Forward:
    """A file read forward in chunks, with bytes pushed back, knowing its offset."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._back = b""
        self.offset = 0

    def read(self) -> bytes:
        data, self._back = (self._back, b"") if self._back else (self._handle.read(_READ), b"")
        self.offset += len(data)
        return data

    def unread(self, data: bytes) -> None:
        self._back = data + self._back
        self.offset -= len(data)

    def seek(self, offset: int) -> None:
        self._handle.seek(offset)
        self._back = b""
        self.offset = offset

    def peek(self, offset: int, size: int) -> bytes:
        """Return ``size`` bytes at ``offset`` and come back to where reading was."""
        here = self._handle.tell()
        self._handle.seek(offset)
        data = self._handle.read(size)
        self._handle.seek(here)
        return data


@dataclass(frozen=True, slots=True)
class _Member:
    data: bytes
    end: int | None = None  # where the member ended; None when it did not
    error: str | None = None
    truncated: bool = False
    oversized: bool = False


def gzip_records(handle: BinaryIO, limits: Limits) -> Iterator[Chunk | Damage]:
    """Yield each gzip member's records, and a ``Damage`` for each member that fails."""
    source = _Forward(handle)
    while True:
        start = source.offset
        first = source.read()
        if not first:
            return
        source.unread(first)
        member = _inflate_member(source, limits.record)
        if member.end is not None and not member.data.strip(_SPACE):
            continue  # an empty member holds nothing to lose
        if member.end is not None and _is_record(member.data):
            yield Chunk(start, member.data)  # the source is already at the member's end
            continue
        if member.end is not None:  # inflated whole, but not to a WARC record
            resume: int | None = member.end
        else:  # corrupt, cut short or oversized: where it ends is unknown
            resume = _scan(source, start + 1, _MEMBER_MAGIC, _starts_member)
        if member.oversized:
            yield Chunk(start, member.data, oversized=True)
        else:
            yield _member_damage(start, member, resume)
        if resume is None:
            return
        source.seek(resume)


def _inflate_member(source: _Forward, cap: int) -> _Member:
    """Inflate one gzip member, keeping at most ``cap + 1`` bytes, and find where it ends."""
    inflater = zlib.decompressobj(31)
    out = bytearray()
    while True:
        data = source.read()
        if not data:
            return _Member(bytes(out), error="the file ends inside it", truncated=True)
        while data:
            try:
                out += inflater.decompress(data, cap + 1 - len(out))
            except zlib.error as exc:
                return _Member(bytes(out), error=f"corrupt gzip data ({exc})")
            if len(out) > cap:
                return _Member(bytes(out[:cap]), oversized=True)
            if inflater.eof:
                source.unread(inflater.unused_data)
                return _Member(bytes(out), end=source.offset)
            data = inflater.unconsumed_tail


def _is_record(data: bytes) -> bool:
    return data.lstrip(_SPACE).startswith(b"WARC/")


def _member_damage(start: int, member: _Member, resume: int | None) -> Damage:
    head = member.data.lstrip(_SPACE)
    # A member read whole is known not to be WARC; a broken one only by what it gave.
    headerless = not head.startswith(b"WARC/") and (member.end is not None or len(head) >= 5)
    reason = member.error or "it does not inflate to a WARC record"
    return Damage(start, reason, resume, member.truncated and resume is None, headerless)


def _starts_member(source: _Forward, offset: int) -> bool:
    """Tell whether a gzip member at ``offset`` inflates to the start of a WARC record."""
    try:
        head = zlib.decompressobj(31).decompress(source.peek(offset, _PEEK), 5)
    except zlib.error:
        return False
    return head == b"WARC/"


def _scan(
    source: _Forward, start: int, marker: bytes, accept: Callable[[_Forward, int], bool]
) -> int | None:
    """Return the first offset from ``start`` where ``marker`` occurs and ``accept`` agrees."""
    source.seek(start)
    carry = b""
    while True:
        chunk = source.read()
        if not chunk:
            return None
        window = carry + chunk
        base = source.offset - len(window)
        found = window.find(marker)
        while found >= 0:
            if accept(source, base + found):
                return base + found
            found = window.find(marker, found + 1)
        carry = window[-(len(marker) - 1) :]


def plain_records(handle: BinaryIO, limits: Limits) -> Iterator[Chunk | Damage]:
    """Yield each record of an uncompressed WARC, and a ``Damage`` for each that fails."""
    source = _Forward(handle)
    starts_header = partial(_starts_header, limit=limits.headers)
    offset = 0
    while True:
        offset = _skip_blank_lines(handle, offset)
        if not handle.read(1):
            return
        result = _plain_record(handle, offset, limits)
        if isinstance(result, Chunk):
            yield result
            offset = handle.tell()
            continue
        resume = result.end
        if resume is None:
            resume = _scan(source, offset + 1, b"WARC/1.", starts_header)
        truncated = result.truncated and resume is None
        yield Damage(offset, result.reason, resume, truncated, result.reason == _NO_VERSION)
        if resume is None:
            return
        offset = resume


_NO_VERSION = "it does not begin with a WARC/1.x version line"
_ENDS_INSIDE = "the file ends inside it"


@dataclass(frozen=True, slots=True)
class _Failed:
    """Why an uncompressed record failed.

    ``end`` is where it ends when its framing held (only its digest failed), so that
    reading goes on there rather than by scanning.
    """

    reason: str
    truncated: bool = False
    end: int | None = None


def _skip_blank_lines(handle: BinaryIO, offset: int) -> int:
    """Skip CR and LF bytes from ``offset``; return the offset of the next byte."""
    handle.seek(offset)
    while True:
        byte = handle.read(1)
        if not byte or byte not in _SPACE:
            handle.seek(offset)
            return offset
        offset += 1


def _plain_record(handle: BinaryIO, offset: int, limits: Limits) -> Chunk | _Failed:
    """Read the record at ``offset``; the handle ends after it when it is intact."""
    handle.seek(offset)
    header = _read_header(handle, limits.headers)
    if isinstance(header, _Failed):
        return header
    block, fields = header
    missing = _MANDATORY - fields.keys()
    if missing:  # gone from an uncompressed record means damaged, as nothing else checks it
        return _Failed(f"its header lacks {b', '.join(sorted(missing)).decode()}")
    length = _content_length(fields)
    if length is None:
        return _Failed("its Content-Length is not a number")
    if len(block) + length > limits.record:
        return _oversized(handle, offset, block, length, limits)
    content = handle.read(length)
    if len(content) < length:
        return _Failed(_ENDS_INSIDE, truncated=True)
    trailer = handle.read(len(_TRAILER))
    if not _TRAILER.startswith(trailer):  # shorter only at the end of the file
        return _Failed("its Content-Length does not match where it ends")
    if not _digest_matches(fields.get(b"warc-block-digest"), content):
        return _Failed("its WARC-Block-Digest does not match its bytes", end=handle.tell())
    return Chunk(offset, block + content + trailer)


def _oversized(
    handle: BinaryIO, offset: int, block: bytes, length: int, limits: Limits
) -> Chunk | _Failed:
    """Keep the head of a record over the limit (its HTTP headers) and skip the rest."""
    head = handle.read(min(length, limits.headers))
    handle.seek(offset + len(block) + length - 1)
    tail = handle.read(1 + len(_TRAILER))  # the block's last byte, then the trailer
    if not tail:
        return _Failed(_ENDS_INSIDE, truncated=True)
    if not _TRAILER.startswith(tail[1:]):
        return _Failed("its Content-Length does not match where it ends")
    return Chunk(offset, block + head, oversized=True)


def _read_header(handle: BinaryIO, limit: int) -> tuple[bytes, dict[bytes, bytes]] | _Failed:
    """Read a WARC header block up to its blank line: its bytes and its fields."""
    lines: list[bytes] = []
    fields: dict[bytes, bytes] = {}
    size = 0
    while True:
        line = handle.readline(limit - size + 1)
        size += len(line)
        complete = line.endswith(b"\n")
        if not lines and not _VERSION.fullmatch(line):
            cut = not complete and size <= limit and b"WARC/1.".startswith(line[:7])
            return _Failed(_ENDS_INSIDE, truncated=True) if cut else _Failed(_NO_VERSION)
        if not complete:
            if size > limit:
                return _Failed("its header is over the size limit")
            return _Failed(_ENDS_INSIDE, truncated=True)
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            return b"".join(lines), fields
        if len(lines) == 1 or line[:1] in (b" ", b"\t"):  # the version, a folded value
            continue
        match = _FIELD.fullmatch(line)
        if match is None:
            return _Failed(f"a malformed header line {line[:60]!r}")
        fields[match.group(1).lower()] = match.group(2)


def _content_length(fields: dict[bytes, bytes]) -> int | None:
    value = fields.get(b"content-length", b"")
    return int(value) if value.isdigit() else None


def _starts_header(source: _Forward, offset: int, *, limit: int) -> bool:
    """Tell whether a well-formed WARC header, with every mandatory field, starts at ``offset``."""
    head = source.peek(offset, limit)
    end = head.find(b"\r\n\r\n")
    if end < 0 or not _VERSION.match(head):
        return False
    lines = head[: end + 2].splitlines(keepends=True)[1:]
    matches = [_FIELD.fullmatch(line) for line in lines if line[:1] not in (b" ", b"\t")]
    names = {match.group(1).lower() for match in matches if match is not None}
    return None not in matches and names >= _MANDATORY


def _digest_matches(declared: bytes | None, block: bytes) -> bool:
    """Check a ``WARC-Block-Digest`` (``sha1:BASE32``, hex or base64); unknown ones pass."""
    if not declared or b":" not in declared:
        return True
    algorithm, _, value = declared.decode("ascii", "replace").partition(":")
    try:
        digest = hashlib.new(algorithm.strip().lower(), block).digest()
    except ValueError:
        return True
    value = value.strip()
    forms = {
        base64.b32encode(digest).decode().rstrip("="),
        digest.hex(),
        base64.b64encode(digest).decode().rstrip("="),
    }
    return value.rstrip("=") in forms or value.lower() in forms
