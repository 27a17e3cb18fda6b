"""Attribution rows say which field their spans point into: the body or the headline."""

from __future__ import annotations

import sqlalchemy as sa

from sourcetrace.pipeline import ingest
from sourcetrace.store import open_store
from sourcetrace.store.schema import attributions, sources
from tests.store.oldrows import database_at

SEED = "tests/fixtures/seed_000_7fbb9ae6711f7586.txt"


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
    engine = database_at(db_url, "0005", text="Mara Voss said it.")
    with engine.begin() as conn:
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
