"""Write stored rows as JSON Lines, CSV or Parquet (pyarrow), streaming.

Stored text is untrusted (it comes from the pages), and a spreadsheet opening a CSV runs
a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)``,
``=cmd|' /C calc'!A0``). As OWASP advises against CSV injection, a text cell starting
with one of those, or with a tab or a carriage return, even after leading whitespace, is
written with a single quote before it: spreadsheets show it as text. Numbers (ints and
floats, negative ones included) are not text and are written as they are. JSON Lines
and Parquet are data formats, not read by spreadsheets: they keep every value as stored.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice
from typing import IO, Any

__all__ = ["EXPORT_FORMATS", "csv_cell", "export"]

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
_BATCH = 2000
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export(rows: Iterable[dict[str, Any]], fmt: str, out: IO[bytes]) -> int:
    """Write ``rows`` to ``out`` in ``fmt``; return how many were written."""
    if fmt == "jsonl":
        return _jsonl(rows, out)
    if fmt == "csv":
        return _csv(rows, out)
    if fmt == "parquet":
        return _parquet(rows, out)
    raise ValueError(f"unknown export format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def csv_cell(value: Any) -> Any:
    """Return a value as a CSV cell a spreadsheet will not run as a formula.

    Lists and dicts become JSON; text that a spreadsheet would read as a formula gets a
    leading single quote; numbers, booleans and ``None`` are left as they are.
    """
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    value = _plain(value)
    if isinstance(value, str) and (
        value.startswith(_FORMULA_STARTS) or value.lstrip().startswith(_FORMULA_STARTS)
    ):
        return "'" + value
    return value


def _jsonl(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is the result
        record = {key: _plain(value) for key, value in row.items()}
        out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return count


def _csv(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    count = 0
    lines: list[str] = []
    writer: csv.DictWriter[str] | None = None

    class _Sink:
        def write(self, text: str) -> None:
            lines.append(text)

    for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is the result
        cells = {key: csv_cell(value) for key, value in row.items()}
        if writer is None:
            writer = csv.DictWriter(_Sink(), fieldnames=list(cells))
            writer.writeheader()
        writer.writerow(cells)
        out.write("".join(lines).encode("utf-8"))
        lines.clear()
    return count


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, _BATCH)):
        yield batch


def _parquet(rows: Iterable[dict[str, Any]], out: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    count = 0
    writer = None
    schema = None
    for batch in _batches(rows):
        if schema is None:
            schema = _arrow_schema(pa, batch)
            writer = pq.ParquetWriter(out, schema)
        table = pa.Table.from_pylist(
            [{k: _arrow_value(v) for k, v in row.items()} for row in batch], schema=schema
        )
        writer.write_table(table)  # type: ignore[union-attr]
        count += len(batch)
    if writer is not None:
        writer.close()
    return count


def _arrow_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _arrow_schema(pa: Any, batch: list[dict[str, Any]]) -> Any:
    """Type each column from its first non-null value (lists and dicts become JSON)."""
    fields = []
    for key in batch[0]:
        sample = next((row[key] for row in batch if row[key] is not None), None)
        if isinstance(sample, bool):
            kind = pa.bool_()
        elif isinstance(sample, int):
            kind = pa.int64()
        elif isinstance(sample, float):
            kind = pa.float64()
        elif isinstance(sample, datetime):
            kind = pa.timestamp("us", tz="UTC")
        else:
            kind = pa.string()
        fields.append(pa.field(key, kind))
    return pa.schema(fields)
