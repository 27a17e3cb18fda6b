"""WARC and WARC.gz files written by the tests with warcio, as in CC-NEWS."""

from __future__ import annotations

import io
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


def test_a_file_that_is_not_a_warc_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"<html><p>not a warc</p></html>")
    results = list(iter_warc(str(path), Settings()))
    assert [type(item) for item in results] == [Failure]


def test_missing_warc_is_not_found(tmp_path: Path) -> None:
    results = list(iter_warc(str(tmp_path / "gone.warc.gz"), Settings()))
    assert [(item.code) for item in results if isinstance(item, Failure)] == ["input.not-found"]


def test_iter_pages_reads_warc_files_among_others(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "news.warc.gz", gzip=True)
    html = tmp_path / "page.html"
    html.write_text(ARTICLE.format(title="Local"), encoding="utf-8")
    results = list(iter_pages([str(warc), str(html)], Settings()))
    assert [item.source.split("#")[0] for item in results] == [str(warc)] * 2 + [str(html)]
