"""The pipeline into the store: counts, idempotence, duplicates, failures, reanalysis."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import sourcetrace.pipeline
from sourcetrace.analyze.attributions import COMPONENT as ATTRIBUTIONS_COMPONENT
from sourcetrace.errors import AnalysisError
from sourcetrace.pipeline import ingest, reanalyze
from sourcetrace.store import content_hash
from sourcetrace.store.schema import articles, attributions, pages
from tests.pages import LOGIN_WALL
from tests.store.news import EXACT_COPY, PAGES, WIRE_COPY, write_pages

SEED = "tests/fixtures/seed_000_7fbb9ae6711f7586.txt"


def _scalar(store, query):
    with store.engine.connect() as conn:
        return conn.execute(query).scalar()


def test_ingest_stores_every_page_once_and_a_rerun_skips_them(store, tmp_path):
    folder = tmp_path / "pages"
    write_pages(folder)
    first = ingest([str(folder), SEED], store)
    assert (first.ok, first.skipped, first.failed, first.status) == (5, 0, 0, "done")
    counts = store.counts()
    assert counts["pages"] == counts["articles"] == 5
    assert counts["attributions"] > 5 and counts["sources"] > 0 and counts["entities"] > 0

    again = ingest([str(folder), SEED], store)
    assert (again.ok, again.skipped, again.failed) == (0, 5, 0)
    assert store.counts() == counts
    assert [run["status"] for run in store.runs()] == ["done", "done"]


def test_pages_keep_their_raw_bytes_compressed(store, tmp_path):
    (path,) = write_pages(tmp_path, {"library.html": PAGES["library.html"]})
    ingest([str(path)], store)
    raw = path.read_bytes()
    assert store.page_content(content_hash(raw)) == raw
    stored_size = _scalar(store, sa.select(sa.func.length(pages.c.raw)))
    assert stored_size < len(raw)


def test_articles_keep_outlet_date_canonical_url_and_component_versions(store, tmp_path):
    write_pages(tmp_path, {"ferry.html": PAGES["ferry.html"]})
    ingest([str(tmp_path)], store)
    (row,) = list(store.export_rows("articles"))
    assert row["outlet"] == "Island Radio"
    assert row["canonical_url"] == "https://radio.example/news/ferry"  # tracking query gone
    assert row["published_at"].isoformat() == "2026-03-05T12:00:00+00:00"
    assert ATTRIBUTIONS_COMPONENT in row["components"].split()
    components = {r["component"] for r in store.export_rows("attributions")}
    assert components and all(c.startswith("attributions.") for c in components)


def test_an_exact_duplicate_is_skipped_and_counted_its_page_kept(store, tmp_path):
    write_pages(tmp_path / "a", {"breakwater.html": PAGES["breakwater.html"]})
    write_pages(tmp_path / "b", {"copy.html": EXACT_COPY})
    report = ingest([str(tmp_path / "a"), str(tmp_path / "b")], store)
    assert (report.ok, report.skipped) == (1, 1)
    assert store.counts()["articles"] == 1
    assert store.counts()["pages"] == 2
    original = _scalar(store, sa.select(articles.c.id))
    duplicate_of = _scalar(
        store, sa.select(pages.c.duplicate_of).where(pages.c.duplicate_of.is_not(None))
    )
    assert duplicate_of == original


def test_a_syndicated_copy_is_stored_and_linked_to_the_original(store, tmp_path):
    write_pages(tmp_path / "a", {"breakwater.html": PAGES["breakwater.html"]})
    write_pages(tmp_path / "b", {"wire.html": WIRE_COPY, "library.html": PAGES["library.html"]})
    report = ingest([str(tmp_path / "a"), str(tmp_path / "b")], store)
    assert (report.ok, report.near_duplicates) == (3, 1)
    rows = {row["canonical_url"]: row for row in store.export_rows("articles")}
    original = rows["https://courier.example/harbour/breakwater"]
    copy = rows["https://gazette.example/wire/breakwater"]
    assert copy["near_duplicate_of"] == original["article_id"]
    assert copy["similarity"] >= 0.8
    assert original["near_duplicate_of"] is None
    assert rows["https://courier.example/culture/library"]["near_duplicate_of"] is None


def test_failures_are_rows_with_codes_and_the_batch_goes_on(store, tmp_path):
    write_pages(tmp_path, {"library.html": PAGES["library.html"], "wall.html": LOGIN_WALL})
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    report = ingest([str(tmp_path), str(tmp_path / "missing.html")], store)
    assert report.ok == 1
    codes = {(f.stage, f.code) for f in store.failures(report.run_id)}
    assert codes == {
        ("extract", "input.empty"),
        ("extract", "extract.no-article"),
        ("ingest", "input.not-found"),
    }
    assert store.run_report(report.run_id).failed == 3


def test_a_failing_document_loses_nothing_already_stored(store, tmp_path, monkeypatch):
    write_pages(tmp_path)
    real = sourcetrace.pipeline.analyze

    def flaky(article, **kwargs):
        if "ferry" in article.source:
            raise AnalysisError("the parser fell over", source=article.source)
        return real(article, **kwargs)

    monkeypatch.setattr(sourcetrace.pipeline, "analyze", flaky)
    report = ingest([str(tmp_path)], store)
    assert (report.ok, report.failed) == (3, 1)
    assert store.failures(report.run_id)[0].stage == "analyze"

    def crash(article, **kwargs):
        raise OverflowError("a bug, not a document problem")

    monkeypatch.setattr(sourcetrace.pipeline, "analyze", crash)
    write_pages(tmp_path / "more", {"wire.html": WIRE_COPY})
    crashed = ingest([str(tmp_path)], store)
    assert (crashed.ok, crashed.skipped, crashed.failed) == (0, 3, 2)
    assert {(f.stage, f.code) for f in crashed.failures} == {("analyze", "analyze")}

    def interrupt(article, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sourcetrace.pipeline, "analyze", interrupt)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(tmp_path)], store)
    assert store.counts()["articles"] == 3  # Ctrl-C lost nothing already stored
    assert store.runs()[-1]["status"] == "interrupted"

    monkeypatch.setattr(sourcetrace.pipeline, "analyze", real)
    last = ingest([str(tmp_path)], store)
    assert (last.ok, last.skipped, last.failed) == (2, 3, 0)
    assert store.counts()["articles"] == 5


def test_reanalyze_recomputes_only_rows_from_other_component_versions(store, tmp_path):
    write_pages(tmp_path, {"budget.html": PAGES["budget.html"], "ferry.html": PAGES["ferry.html"]})
    ingest([str(tmp_path)], store)
    before = store.counts()
    with store.engine.begin() as conn:
        conn.execute(
            sa.update(articles)
            .where(articles.c.outlet == "Island Radio")
            .values(components="attributions.rules.v0")
        )
        conn.execute(sa.update(attributions).values(component="attributions.rules.v0"))
    report = reanalyze(store)
    assert (report.ok, report.failed) == (1, 0)
    assert store.counts() == before
    stale = {r["component"] for r in store.export_rows() if r["outlet"] == "Island Radio"}
    assert stale == {ATTRIBUTIONS_COMPONENT}
    assert reanalyze(store).ok == 0  # nothing is stale any more
