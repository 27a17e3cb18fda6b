"""Search, who said what, and export: the same answers from both backends."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pyarrow.parquet as pq
import pytest

from sourcetrace.config import DEFAULT_STORE_SETTINGS
from sourcetrace.pipeline import ingest
from sourcetrace.store import export, open_store
from tests.store.news import PAGES, WIRE_COPY, write_pages


@pytest.fixture
def filled(store, tmp_path):
    write_pages(tmp_path, {**PAGES, "wire.html": WIRE_COPY})
    report = ingest([str(tmp_path)], store)
    assert report.ok == 5
    return store


def test_search_ranks_articles_by_title_and_text(filled):
    hits = filled.search("breakwater repairs")
    assert {hit.outlet for hit in hits} == {"The Ellery Courier", "Harbour Gazette"}
    assert all("[" in hit.snippet for hit in hits)
    assert hits[0].score >= hits[-1].score
    assert filled.search("library")[0].title.startswith("Lindqvist Street library")


def test_search_finds_attributed_statements_with_their_source(filled):
    hits = filled.search("timetable promise", kind="attribution")
    assert [hit.source for hit in hits] == ["Mara Voss"]
    assert hits[0].outlet == "Island Radio"


def test_search_takes_phrases_or_and_survives_punctuation(filled):
    assert len(filled.search('"four million euros"')) == 2
    # Both words are in those articles, not side by side: no match.
    assert filled.search('"euros four"') == []
    assert filled.search('"million four"') == []
    # A stop word inside the phrase: any word may stand there on PostgreSQL.
    assert len(filled.search('"breakwater will close"')) == 2
    assert len(filled.search('"four million euros" breakwater')) == 2
    assert {h.outlet for h in filled.search("ferry OR budget")} >= {"Island Radio"}
    assert filled.search('"unbalanced AND (') == []
    assert filled.search("***") == []
    assert filled.search("zeppelin") == []


def test_who_lists_a_source_across_outlets_oldest_first(filled):
    statements = filled.who("voss")
    outlets = [s.outlet for s in statements]
    assert outlets == [
        "The Ellery Courier",
        "Harbour Gazette",
        "Island Radio",
        "Ellery Evening Post",
    ]
    dates = [s.published_at for s in statements]
    assert dates == sorted(dates)
    assert "promise kept" in statements[2].content
    assert statements[3].kind == "according-to"


def test_who_summary_counts_sources_and_their_outlets(filled):
    rows = {row["name"]: row for row in filled.who_summary()}
    voss = next(row for name, row in rows.items() if name.endswith("Mara Voss"))
    assert voss["statements"] >= 2 and voss["outlets"]


def _rows(store, fmt, table="attributions"):
    out = io.BytesIO()
    count = export(store.export_rows(table), fmt, out)
    return count, out.getvalue()


def test_export_writes_jsonl_csv_and_parquet_with_the_same_rows(filled):
    count, jsonl = _rows(filled, "jsonl")
    records = [json.loads(line) for line in jsonl.decode().splitlines()]
    assert count == len(records) == filled.counts()["attributions"]
    assert {"article_id", "outlet", "source", "kind", "cue", "content", "component"} <= set(
        records[0]
    )

    _, raw_csv = _rows(filled, "csv")
    rows = list(csv.DictReader(io.StringIO(raw_csv.decode())))
    assert [r["content"] for r in rows] == [r["content"] for r in records]

    _, parquet = _rows(filled, "parquet")
    table = pq.read_table(io.BytesIO(parquet))
    assert table.num_rows == count
    assert table.column("content").to_pylist() == [r["content"] for r in records]
    assert str(table.schema.field("published_at").type) == "timestamp[us, tz=UTC]"


def test_export_of_articles_has_one_row_each(filled):
    count, parquet = _rows(filled, "parquet", table="articles")
    table = pq.read_table(io.BytesIO(parquet))
    assert count == table.num_rows == 5
    assert sorted(table.column("outlet").to_pylist())[0] == "Ellery Evening Post"


def test_exporting_an_empty_store_writes_nothing(store):
    assert _rows(store, "jsonl") == (0, b"")
    assert _rows(store, "parquet")[0] == 0


def test_search_ranks_only_the_newest_matches_of_a_broad_query(filled, db_url):
    # A word in most of a large store is ranked over the newest matches only (the
    # window bounds the ranking work); with fewer matches than the window, all rank.
    everything = filled.search("Voss", limit=20)
    ids = sorted((hit.article_id for hit in everything), reverse=True)
    assert len(ids) >= 3
    for window in (1, 2):
        settings = replace(DEFAULT_STORE_SETTINGS, search_rank_window=window)
        with open_store(db_url, settings) as narrow:
            hits = narrow.search("Voss", limit=20)
        assert sorted((hit.article_id for hit in hits), reverse=True) == ids[:window]


def test_a_narrow_window_still_finds_a_match_among_the_oldest_articles(db_url, tmp_path):
    # PostgreSQL collects matches newest first, slice by slice of ids; a word found only
    # in the first of twenty articles is beyond the first two slices for a window of 1.
    for number in range(20):
        extra = " The lighthouse keeper Ansel Brode retired." if number == 0 else ""
        (tmp_path / f"story-{number:02d}.txt").write_text(
            f"Harbour report number {number}. The ferry timetable changed again this week "
            f"after a council vote on the island services.{extra}\n",
            encoding="utf-8",
        )
    with open_store(db_url) as store:
        assert ingest([str(tmp_path)], store).ok == 20
        every = [hit.article_id for hit in store.search("ferry timetable", limit=50)]
    settings = replace(DEFAULT_STORE_SETTINGS, search_rank_window=1)
    with open_store(db_url, settings) as narrow:
        for query in ("lighthouse keeper", '"lighthouse keeper"'):
            (hit,) = narrow.search(query)
            assert hit.article_id == min(every)
            assert "[lighthouse" in hit.snippet and "Ansel Brode" in hit.snippet
        assert [hit.article_id for hit in narrow.search("ferry timetable")] == [max(every)]
