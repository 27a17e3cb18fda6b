"""WARC and WARC.gz files written by the tests with warcio, as in CC-NEWS."""

from __future__ import annotations

import gzip as gzip_module
import io
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sourcetrace.config import Settings
from sourcetrace.ingest.sources import iter_pages
from sourcetrace.ingest.warc import iter_warc
from sourcetrace.models import Failure, Page
from tests.ingest.server import ARTICLE

DATE = "2024-05-01T10:00:00Z"


def _response(
    writer: WARCWriter, url: str, body: bytes, media: str = "text/html", status: str = "200 OK"
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", media)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": DATE},
    )
    writer.write_record(record)


def write_warc(path: Path, *, gzip: bool) -> Path:
    """Write two HTML responses among records that are not pages."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = StatusAndHeaders(
            "GET /one HTTP/1.1", [("Host", "news.test")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record("https://news.test/one", "request", http_headers=request)
        )
        _response(writer, "https://news.test/one", ARTICLE.format(title="One").encode())
        _response(writer, "https://news.test/logo.png", b"\x89PNG\r\n\x1a\n", media="image/png")
        _response(writer, "https://news.test/old", b"", status="301 Moved Permanently")
        _response(
            writer,
            "https://news.test/two",
            ARTICLE.format(title="Two").encode() * 20,
            media="text/html; charset=utf-8",
        )
    return path


@pytest.mark.parametrize("name", ["news.warc.gz", "news.warc"])
def test_html_responses_become_pages(tmp_path: Path, name: str) -> None:
    path = write_warc(tmp_path / name, gzip=name.endswith(".gz"))
    pages = list(iter_warc(str(path), Settings()))
    assert all(isinstance(page, Page) for page in pages)
    assert [page.url for page in pages if isinstance(page, Page)] == [
        "https://news.test/one",
        "https://news.test/two",
    ]
    first = pages[0]
    assert isinstance(first, Page)
    assert first.fetched_at == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert first.content_type == "text/html"
    assert b"ferry terminal" in first.content  # type: ignore[operator]
    assert first.source.startswith(f"{path}#")


@pytest.mark.parametrize("keep", [0.95, 0.8, 0.6, 0.4])
@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_warc_yields_what_it_read_and_one_failure(
    tmp_path: Path, keep: float, gzip: bool
) -> None:
    whole = write_warc(tmp_path / ("whole.warc" + (".gz" if gzip else "")), gzip=gzip).read_bytes()
    cut = tmp_path / ("cut.warc" + (".gz" if gzip else ""))
    cut.write_bytes(whole[: int(len(whole) * keep)])
    results = list(iter_warc(str(cut), Settings()))
    failures = [item for item in results if isinstance(item, Failure)]
    assert len(failures) == 1
    assert failures[0].code == "input.warc-truncated"
    assert failures[0].stage == "ingest"
    assert results[-1] is failures[0]
    assert len(results) <= 2


def test_oversized_record_is_a_failure_and_the_rest_go_on(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "news.warc.gz", gzip=True)
    results = list(iter_warc(str(path), Settings(max_input_bytes=2_000)))
    assert isinstance(results[0], Page)
    assert isinstance(results[1], Failure) and results[1].code == "input.too-large"


def test_missing_warc_is_not_found(tmp_path: Path) -> None:
    results = list(iter_warc(str(tmp_path / "gone.warc.gz"), Settings()))
    assert [(item.code) for item in results if isinstance(item, Failure)] == ["input.not-found"]


def test_iter_pages_reads_warc_files_among_others(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "news.warc.gz", gzip=True)
    html = tmp_path / "page.html"
    html.write_text(ARTICLE.format(title="Local"), encoding="utf-8")
    results = list(iter_pages([str(warc), str(html)], Settings()))
    assert [item.source.split("#")[0] for item in results] == [str(warc)] * 2 + [str(html)]


RECORDS = 200


def write_many(path: Path, *, gzip: bool, count: int = RECORDS) -> list[int]:
    """Write ``count`` HTML responses; return each record's start offset, then the file's end."""
    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for number in range(count):
            offsets.append(handle.tell())
            body = ARTICLE.format(title=f"Story {number}").encode() * 3
            _response(writer, f"https://news.test/{number}", body)
        offsets.append(handle.tell())
    return offsets


def _flip(data: bytes, at: int, count: int = 8) -> bytes:
    """Invert ``count`` bytes from ``at``, as a bad disk sector would."""
    damaged = bytearray(data)
    for index in range(at, at + count):
        damaged[index] ^= 0xFF
    return bytes(damaged)


def _numbers(results: list[Page | Failure]) -> list[int | str]:
    """Name each result by its record number (pages) or its code (failures)."""
    return [
        int(item.url.rsplit("/", 1)[-1]) if isinstance(item, Page) and item.url else item.code
        for item in results
    ]


def _expect_one_damaged(
    results: list[Page | Failure], damaged: int, code: str = "input.warc-damaged"
) -> Failure:
    """Check every other record is a page, in order, and the damaged one a failure; return it."""
    expected: list[int | str] = list(range(RECORDS))
    expected[damaged] = code
    assert _numbers(results) == expected
    failure = results[damaged]
    assert isinstance(failure, Failure) and failure.stage == "ingest"
    return failure


@pytest.mark.parametrize("damaged", [100, 0, 1, RECORDS - 2])
@pytest.mark.parametrize("gzip", [True, False])
def test_flipped_bytes_in_one_record_cost_only_that_record(
    tmp_path: Path, damaged: int, gzip: bool
) -> None:
    path = tmp_path / ("many.warc.gz" if gzip else "many.warc")
    offsets = write_many(path, gzip=gzip)
    start, end = offsets[damaged], offsets[damaged + 1]
    path.write_bytes(_flip(path.read_bytes(), (start + end) // 2))
    results = list(iter_warc(str(path), Settings()))
    failure = _expect_one_damaged(results, damaged)
    assert failure.source == f"{path}#{start}"
    assert f"byte offset {start} is damaged" in failure.message
    assert f"reading went on at byte offset {end}" in failure.message
    after = results[damaged + 1]
    assert isinstance(after, Page) and after.source == f"{path}#{end}"
    assert b"Story %d" % (damaged + 1) in after.content  # type: ignore[operator]


@pytest.mark.parametrize("damaged", [100, 0])
@pytest.mark.parametrize("gzip", [True, False])
def test_a_record_cut_short_mid_file_costs_only_that_record(
    tmp_path: Path, damaged: int, gzip: bool
) -> None:
    path = tmp_path / ("many.warc.gz" if gzip else "many.warc")
    offsets = write_many(path, gzip=gzip)
    start, end = offsets[damaged], offsets[damaged + 1]
    whole = path.read_bytes()
    path.write_bytes(whole[: (start + end) // 2] + whole[end:])
    failure = _expect_one_damaged(list(iter_warc(str(path), Settings())), damaged)
    assert failure.source == f"{path}#{start}"


@pytest.mark.parametrize("gzip", [True, False])
def test_a_truncated_last_record_is_named_and_the_rest_are_read(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("many.warc.gz" if gzip else "many.warc")
    offsets = write_many(path, gzip=gzip)
    last = offsets[RECORDS - 1]
    path.write_bytes(path.read_bytes()[: (last + offsets[RECORDS]) // 2])
    results = list(iter_warc(str(path), Settings()))
    failure = _expect_one_damaged(results, RECORDS - 1, code="input.warc-truncated")
    assert failure.source == f"{path}#{last}"
    assert f"ends inside the record at byte offset {last}" in failure.message


@pytest.mark.parametrize("gzip", [True, False])
def test_two_damaged_records_are_two_failures(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("many.warc.gz" if gzip else "many.warc")
    offsets = write_many(path, gzip=gzip)
    data = path.read_bytes()
    for number in (10, 11):
        data = _flip(data, (offsets[number] + offsets[number + 1]) // 2)
    path.write_bytes(data)
    results = _numbers(list(iter_warc(str(path), Settings())))
    assert results[9:13] == [9, "input.warc-damaged", "input.warc-damaged", 12]
    assert len(results) == RECORDS


EMPTY = {
    "empty.warc": b"",
    "empty.warc.gz": b"",
    "blank.warc": b"\r\n\r\n\r\n",
    "nothing.warc.gz": gzip_module.compress(b"", mtime=0),
}
NOT_WARC = {
    "notes.warc": b"These are my notes about web archives.\n",
    "page.warc": b"<html><p>not a warc</p></html>",
    "notes.warc.gz": gzip_module.compress(b"These are my notes.\n" * 50, mtime=0),
    "binary.warc": bytes(range(256)) * 400,
}


@pytest.mark.parametrize("name", sorted(EMPTY))
def test_a_warc_with_no_bytes_or_only_blank_lines_is_empty(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(EMPTY[name])
    assert _numbers(list(iter_warc(str(path), Settings()))) == ["input.empty"]


@pytest.mark.parametrize("name", sorted(NOT_WARC))
def test_a_file_named_warc_that_is_not_one_is_one_coded_failure(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(NOT_WARC[name])
    results = list(iter_pages([str(path)], Settings()))
    assert _numbers(results) == ["input.not-warc"]
    assert results[0].source == str(path)


@pytest.mark.parametrize("gzip", [True, False])
def test_a_huge_record_is_refused_in_bounded_memory_and_the_next_is_read(
    tmp_path: Path, gzip: bool
) -> None:
    path = tmp_path / ("huge.warc.gz" if gzip else "huge.warc")
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        _response(writer, "https://news.test/huge", b"<p>" + b"x" * 30_000_000 + b"</p>")
        _response(writer, "https://news.test/after", ARTICLE.format(title="After").encode())
    tracemalloc.start()
    try:
        results = list(iter_warc(str(path), Settings(max_input_bytes=200_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [type(item) for item in results] == [Failure, Page]
    assert results[0].code == "input.too-large"  # type: ignore[union-attr]
    assert results[1].url == "https://news.test/after"
    assert peak < 5_000_000


def test_a_warc_gzipped_whole_is_read_while_it_fits_the_limit(tmp_path: Path) -> None:
    plain = tmp_path / "many.warc"
    write_many(plain, gzip=False, count=20)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip_module.compress(plain.read_bytes(), mtime=0))
    assert _numbers(list(iter_warc(str(whole), Settings()))) == list(range(20))
    small = Settings(max_input_bytes=5_000, max_warc_header_bytes=5_000)
    (refused,) = iter_warc(str(whole), small)
    assert isinstance(refused, Failure) and refused.code == "input.too-large"
    assert "warcio recompress" in refused.message
