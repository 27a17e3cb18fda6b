"""Serve fixtures: one SQLite store filled by the real pipeline, the app, a live server.

The store holds the seed article, two invented news pages and the XSS corpus
(``corpus.py``). Browser tests drive Debian's Chromium through Playwright; without
Chromium (or Playwright) they skip with one line saying why.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from bench.browser import CHROMIUM, CHROMIUM_ARGS
from sourcetrace.pipeline import ingest
from sourcetrace.serve import ServeSettings, create_app, running
from sourcetrace.store import open_store
from tests.serve.corpus import write_corpus

TOKEN = "test-token-0123456789abcdef"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def assert_secure(response) -> None:
    """Check that a response carries the security headers, whatever its status."""
    csp = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, response.headers
    assert response.headers.get("x-content-type-options") == "nosniff"
    assert response.headers.get("x-frame-options") == "DENY"
    assert response.headers.get("referrer-policy") == "no-referrer"


def pytest_configure(config: pytest.Config) -> None:
    # Starlette's TestClient nags about httpx2; the httpx it wraps works as before.
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="session")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the URL of a store filled through the real pipeline."""
    root = tmp_path_factory.mktemp("serve")
    url = f"sqlite:///{root / 'store.db'}"
    with open_store(url) as store:
        report = ingest([str(p) for p in write_corpus(root / "pages")], store)
    assert report.ok == 5, report
    return url


@pytest.fixture(scope="session")
def pg_db_url(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Return the URL of a PostgreSQL store holding the same pages as ``db_url``."""
    name = f"serve_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = postgres_server.rsplit("/", 1)[0] + f"/{name}"
    root = tmp_path_factory.mktemp("serve-pg")
    with open_store(url) as store:
        report = ingest([str(p) for p in write_corpus(root / "pages")], store)
    assert report.ok == 5, report
    return url


@pytest.fixture
def store_copy(db_url: str, tmp_path: Path) -> Path:
    """Return the path of a private copy of the session's SQLite store (SQLite's backup API)."""
    copy = tmp_path / "copy" / "store.db"
    copy.parent.mkdir()
    source, target = sqlite3.connect(db_url.removeprefix("sqlite:///")), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return copy


@pytest.fixture(scope="session")
def app(db_url: str):
    """Return the app with ingest enabled (a token configured)."""
    return create_app(ServeSettings(db_url=db_url, token=TOKEN, max_body_bytes=64 * 1024))


@pytest.fixture(scope="session")
def client(app):
    """Return an in-process HTTP client of the app."""
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_url(app) -> Iterator[str]:
    """Serve the app on 127.0.0.1 and a free port for the browser; yield its base URL."""
    with running(app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Return a headless Chromium, or skip when there is none."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need Playwright: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watch:
    """What a page did that it should not: dialogs, console errors, uncaught errors."""

    def __init__(self, page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser):
    """Return a fresh browser page (its own context), with a ``watch`` of what it did."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.watch = Watch(opened)
    yield opened
    context.close()
