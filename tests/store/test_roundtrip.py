"""Every record the store keeps reads back unchanged, on SQLite and on PostgreSQL.

Generated articles and analyses (``strategies.py``) go into a real SQLite file and a
real PostgreSQL database and come back through ``Store.article`` and ``Store.analysis``
equal, field for field. One thing is changed on purpose, on both backends alike:
PostgreSQL cannot hold U+0000 in text, so the store writes it as U+FFFD (one character
for one: every span still covers the same characters), and the strategies do draw NULs.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcetrace.models import Analysis, Article, Failure, Page, Span
from sourcetrace.store import schema
from tests.store.strategies import analyses, texts

ROUNDTRIP = settings(
    max_examples=40,
    deadline=None,
    # One store for every example: each example deletes what it stored.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def stored_form(value: Any) -> Any:
    """Return a record as the store keeps it: every U+0000 as U+FFFD, nothing else changed."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, tuple):
        return tuple(stored_form(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: stored_form(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def _page(article: Article) -> Page:
    return Page(content=article.text.encode("utf-8"), source=article.source)


def _forget(store, article_id: int) -> None:
    """Delete an article and its page (the analysis rows and bands go with it)."""
    with store.engine.begin() as conn:
        page_id = conn.execute(
            sa.select(schema.articles.c.page_id).where(schema.articles.c.id == article_id)
        ).scalar_one()
        conn.execute(sa.delete(schema.pages).where(schema.pages.c.id == page_id))


@ROUNDTRIP
@given(analysis=analyses())
def test_an_analysis_and_its_article_read_back_unchanged(store, analysis: Analysis):
    run_id = store.start_run("ingest", ["hypothesis"])
    stored = store.add(run_id, _page(analysis.article), analysis)
    assert not stored.duplicate
    try:
        expected = stored_form(analysis)
        assert store.article(stored.article_id) == expected.article
        back = store.analysis(stored.article_id)
        for field in dataclasses.fields(Analysis):  # one field at a time: readable failures
            assert getattr(back, field.name) == getattr(expected, field.name), field.name
        assert back == expected
    finally:
        _forget(store, stored.article_id)


@ROUNDTRIP
@given(failure=st.builds(Failure, texts(), texts(max_size=32), texts(max_size=64), texts()))
def test_a_failure_reads_back_unchanged(store, failure: Failure):
    run_id = store.start_run("ingest", [failure.source])
    store.record_failure(run_id, failure)
    assert store.failures(run_id) == [stored_form(failure)]


def test_a_nul_is_stored_as_a_replacement_character_at_the_same_offset(store):
    text = "The mayor said\x00 the quay reopens."
    article = Article(
        text=text, paragraphs=(Span(0, len(text)),), source="nul.txt", title="Quay\x00"
    )
    analysis = Analysis(article=article, attributions=(), roster=(), components=())
    run_id = store.start_run("ingest", ["nul.txt"])
    article_id = store.add(run_id, _page(article), analysis).article_id
    back = store.article(article_id)
    assert back.text == "The mayor said\ufffd the quay reopens."
    assert (len(back.text), back.text.index("\ufffd")) == (len(text), text.index("\x00"))
    assert back.title == "Quay\ufffd"
    assert [hit.article_id for hit in store.search("quay reopens")] == [article_id]


def test_times_read_back_as_the_same_instant_in_utc(store):
    cet = datetime(2026, 3, 9, 23, 30, tzinfo=UTC).astimezone()
    text = "The ferry timetable changes on Monday."
    article = Article(text=text, paragraphs=(Span(0, len(text)),), source="t.txt", fetched_at=cet)
    analysis = Analysis(article=article, attributions=(), roster=(), components=())
    article_id = store.add(store.start_run("ingest", []), _page(article), analysis).article_id
    fetched = store.article(article_id).fetched_at
    assert fetched == cet and fetched.tzinfo == UTC
