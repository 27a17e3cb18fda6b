"""Read pages from files, directories, gzip files and standard input.

Reading is bounded: a file larger than the configured limit (or a ``.gz`` that
inflates past it) is refused before it is held in memory whole.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sourcetrace.config import Settings
from sourcetrace.errors import DecodeError, InputNotFoundError, InputTooLargeError
from sourcetrace.models import Page

__all__ = ["STDIN", "expand_paths", "is_dir", "read_page"]

STDIN = "-"
_TYPES = {".html": "text/html", ".htm": "text/html", ".xhtml": "text/html"}


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Yield input files: paths as given, directories walked in sorted order (hidden skipped)."""
    for raw in paths:
        path = Path(raw)
        if raw != STDIN and is_dir(path):
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in parts):
                    yield str(child)
        else:
            yield raw


def is_dir(path: Path) -> bool:
    """Tell whether ``path`` is a directory; a name the OS rejects is not one."""
    try:
        return path.is_dir()
    except (OSError, ValueError):  # a name too long, or holding a NUL byte
        return False


def read_page(source: str, settings: Settings) -> Page:
    """Read one file (or ``-`` for stdin) into a ``Page``.

    Raises:
        InputNotFoundError: the path does not exist or is unreadable.
        InputTooLargeError: the content exceeds ``settings.max_input_bytes``.
        DecodeError: a ``.gz`` file is corrupt.
    """
    now = datetime.now(UTC)
    if source == STDIN:
        data = _read_bounded(sys.stdin.buffer, settings, source)
        return Page(content=data, source=source, fetched_at=now)
    path = Path(source)
    gzipped = path.suffix == ".gz"
    inner = Path(path.stem) if gzipped else path
    try:
        with path.open("rb") as handle:
            if gzipped:
                with gzip.GzipFile(fileobj=handle) as inflated:
                    data = _read_bounded(inflated, settings, source)
            else:
                data = _read_bounded(handle, settings, source)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise DecodeError(f"corrupt or truncated gzip file: {exc}", source=source) from exc
    except OSError as exc:  # missing, a directory, no permission, a name too long
        raise InputNotFoundError(f"cannot open {source}: {exc.strerror}", source=source) from exc
    except ValueError as exc:  # a NUL byte in the path
        raise InputNotFoundError(f"cannot open {source}: {exc}", source=source) from exc
    return Page(
        content=data, source=source, fetched_at=now, content_type=_TYPES.get(inner.suffix.lower())
    )


def _read_bounded(stream: BinaryIO | io.BufferedIOBase, settings: Settings, source: str) -> bytes:
    data = stream.read(settings.max_input_bytes + 1)
    if len(data) > settings.max_input_bytes:
        raise InputTooLargeError(
            f"the input is over the {settings.max_input_bytes:,}-byte limit; "
            "raise it with --max-bytes if this page is genuine",
            source=source,
        )
    return data
