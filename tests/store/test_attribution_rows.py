"""Attribution rows say which field their spans point into: the body or the headline."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from sourcetrace.pipeline import ingest
from sourcetrace.store import migrate, open_store, resolve_db_url
from sourcetrace.store.schema import articles, attributions, pages, sources

SEED = "tests/fixtures/seed_000_7fbb9ae6711f7586.txt"
_NOW = datetime(2024, 5, 1, tzinfo=UTC)


def _rows(store, table: sa.Table) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(table).order_by(table.c.idx)).mappings().all()
    return [dict(row) for row in rows]


def test_attribution_rows_keep_the_field_their_spans_point_into(store):
    ingest([SEED], store)
    article = store.article(1)
    rows = _rows(store, attributions)
    headline = [row for row in rows if row["field"] == "title"]
    assert len(headline) == 1 and rows[-1] is headline[0]
    (row,) = headline
    title = article.title or ""
    assert title[row["source_start"] : row["source_end"]] == row["source_text"]
    assert row["source_text"] == "A Washington source"
    assert row["cue_text"] == "calls attention to"
    assert row["content_text"] == "a 'misguided' perception"
    assert [title[s:e] for s, e in row["cues"]] == ["calls attention to"]
    body = [row for row in rows if row["field"] == "text"]
    assert len(body) == len(rows) - 1
    assert all(
        article.text[r["source_start"] : r["source_end"]] == r["source_text"]
        for r in body
        if r["source_start"] is not None
    )
    roster = _rows(store, sources)
    assert [row["source_start"], row["source_end"], "title"] in roster[row["source_idx"]][
        "mentions"
    ]


def test_attribution_rows_stored_before_the_field_existed_point_into_the_body(db_url):
    engine = sa.create_engine(resolve_db_url(db_url))
    migrate.upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.execute(
            sa.insert(pages).values(id=1, content_hash="h", source="s", raw=b"", raw_size=0)
        )
        conn.execute(
            sa.insert(articles).values(
                id=1,
                page_id=1,
                text_hash="t",
                source="s",
                authors=[],
                text="Mara Voss said it.",
                extractor="x",
                components="c",
                stored_at=_NOW,
            )
        )
        conn.execute(  # the columns of revision 0005: no field
            sa.insert(attributions).values(
                article_id=1,
                idx=0,
                kind="indirect",
                source_kind="person",
                source_text="Mara Voss",
                source_start=0,
                source_end=9,
                cues=[[10, 14]],
                contents=[[15, 17]],
                cue_text="said",
                content_text="it",
                component="attributions.rules.v4",
            )
        )
    engine.dispose()
    with open_store(db_url) as store:
        (row,) = _rows(store, attributions)
    assert row["field"] == "text"
