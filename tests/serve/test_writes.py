"""POST /api/ingest: an http(s) URL through the SSRF guard, or an uploaded document; no path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from sourcetrace.serve import ServeSettings, create_app
from sourcetrace.store import open_store
from sourcetrace.store.schema import articles
from tests.ingest import server as local
from tests.ingest.test_warc import write_warc
from tests.serve.conftest import AUTH, TOKEN
from tests.serve.corpus import BUDGET, FERRY

ORIGINAL = "https://mirror.example/2026/03/council-budget"


def _store(folder: Path) -> str:
    """Return the URL of a new, empty store (serve opens only stores that exist)."""
    url = f"sqlite:///{folder / 'writes.db'}"
    open_store(url).close()
    return url


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[TestClient]:
    """Return a client of a server with an empty store of its own and ingest enabled."""
    app = create_app(ServeSettings(db_url=_store(tmp_path), token=TOKEN))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="module")
def site() -> Iterator[local.LocalServer]:
    """Serve articles on 127.0.0.1 (a private address, so the SSRF guard refuses it)."""
    httpd, state = local.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def _counts(client: TestClient) -> dict[str, int]:
    counts: dict[str, int] = client.app.state.ctx.store.counts()  # type: ignore[attr-defined]
    runs = len(client.app.state.ctx.store.runs())  # type: ignore[attr-defined]
    return {"pages": counts["pages"], "articles": counts["articles"], "runs": runs}


def article_paragraphs(client: TestClient, article_id: int) -> list[list[dict[str, str]]]:
    paragraphs: list[list[dict[str, str]]] = client.get(f"/articles/{article_id}.json").json()[
        "paragraphs"
    ]
    return paragraphs


def _stored_url(client: TestClient, article_id: int) -> str | None:
    """Return the URL stored with an article's page (its canonical URL is shown instead)."""
    engine = client.app.state.ctx.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        query = sa.select(articles.c.url).where(articles.c.id == article_id)
        return conn.execute(query).scalar_one()


def _server_paths(folder: Path) -> list[str]:
    """Return names of things on the server's disk: files, a folder, globs, a feed, a WARC."""
    pages = folder / "pages"
    pages.mkdir()
    (pages / "budget.html").write_text(BUDGET, encoding="utf-8")
    feed = pages / "feed.xml"
    feed.write_text(local.RSS.format(base="https://news.test"), encoding="utf-8")
    warc = write_warc(pages / "crawl.warc", gzip=False)
    return [
        "/etc/passwd",
        "/etc/no-such-file",
        str(pages / "budget.html"),
        str(pages / "missing.html"),
        str(pages),
        str(pages / "*.html"),
        str(feed),
        str(warc),
        "-",
        "budget.html",
        "../../etc/passwd",
        "~/.bashrc",
        f"file://{pages / 'budget.html'}",
        "ftp://news.test/budget.html",
        "javascript:alert(1)",
        "http://",
        "https:///etc/passwd",
        "http:/etc/passwd",
    ]


def test_ingest_never_reads_a_path_on_the_server_and_says_nothing_of_it(writer, tmp_path):
    answers = set()
    for source in _server_paths(tmp_path):
        response = writer.post("/api/ingest", json={"url": source}, headers=AUTH)
        assert response.status_code == 400, (source, response.text)
        error = response.json()["error"]
        assert error["code"] == "serve.bad-request"
        answers.add(error["message"])
    # One message for every refusal: whether a path exists is never told.
    assert len(answers) == 1 and "http(s)" in answers.pop()
    assert _counts(writer) == {"pages": 0, "articles": 0, "runs": 0}


def test_an_uploaded_document_keeps_its_original_url_and_names_no_file(writer):
    body = {"html": BUDGET, "url": ORIGINAL}
    response = writer.post("/api/ingest", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    report = response.json()
    article = writer.get(f"/articles/{report['article_id']}.json").json()["article"]
    assert article["title"] == "Council passes budget after six-hour debate"
    assert _stored_url(writer, report["article_id"]) == ORIGINAL
    # Made in memory: the source names the upload, not a temporary file on the server.
    assert article["source"].startswith("upload:") and "/" not in article["source"]


def test_an_uploaded_document_refuses_an_original_url_that_is_not_http(writer):
    body = {"html": BUDGET, "url": "javascript:alert(1)"}
    response = writer.post("/api/ingest", json=body, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "serve.bad-request"
    assert _counts(writer)["runs"] == 0


def test_a_document_uploaded_as_a_multipart_file_is_stored(writer):
    files = {"file": ("ferry.html", FERRY.encode("utf-8"), "text/html")}
    response = writer.post("/api/ingest", files=files, data={"url": ORIGINAL}, headers=AUTH)
    assert response.status_code == 201, response.text
    article_id = response.json()["article_id"]
    article = writer.get(f"/articles/{article_id}.json").json()["article"]
    assert article["title"] == "Skarre ferry to run twice as often"
    assert _stored_url(writer, article_id) == ORIGINAL
    text = "".join(s["text"] for para in article_paragraphs(writer, article_id) for s in para)
    assert "\u201ca promise kept to every islander" in text  # the bytes came through intact


def test_a_multipart_upload_without_a_file_is_refused(writer):
    response = writer.post("/api/ingest", files={"note": (None, "no document")}, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "serve.bad-request"


def test_a_raw_html_body_is_read_in_its_declared_charset(writer):
    page = BUDGET.replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("six-hour debate", "six-hour d\u00e9bat")
    headers = {**AUTH, "content-type": "text/html; charset=windows-1252"}
    body = page.encode("cp1252")
    response = writer.post("/api/ingest", content=body, headers=headers, params={"url": ORIGINAL})
    assert response.status_code == 201, response.text
    article_id = response.json()["article_id"]
    article = writer.get(f"/articles/{article_id}.json").json()["article"]
    assert article["title"] == "Council passes budget after six-hour d\u00e9bat"
    assert _stored_url(writer, article_id) == ORIGINAL
    again = writer.post("/api/ingest", content=body, headers=headers).json()
    assert again["skipped"] == 1 and again["article_id"] == article_id


def test_an_http_url_goes_through_the_ssrf_guard(writer, site):
    url = site.url("/articles/guarded.html")
    response = writer.post("/api/ingest", json={"url": url}, headers=AUTH)
    assert response.status_code == 200
    (failure,) = response.json()["failures"]
    assert failure["code"] == "fetch.private-address"
    assert site.hits["/articles/guarded.html"] == 0  # refused before any request


def test_an_http_url_is_fetched_when_the_server_allows_private_addresses(tmp_path, site):
    settings = ServeSettings(db_url=_store(tmp_path), token=TOKEN, allow_private=True)
    with TestClient(create_app(settings)) as client:
        url = site.url("/articles/allowed.html")
        response = client.post("/api/ingest", json={"url": url}, headers=AUTH)
        assert response.status_code == 201, response.text
        assert site.hits["/articles/allowed.html"] == 1
        assert _counts(client)["articles"] == 1
