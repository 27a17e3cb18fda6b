"""Entity rows say which field their spans point into: the body or an image caption."""

from __future__ import annotations

import sqlalchemy as sa

from sourcetrace.pipeline import ingest
from sourcetrace.store import open_store
from sourcetrace.store.schema import entities
from tests.store.oldrows import database_at

SEED = "tests/fixtures/seed_000_7fbb9ae6711f7586.txt"


def _entity_rows(store) -> dict[str, dict]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(entities)).mappings().all()
    return {row["key"]: dict(row) for row in rows}


def test_entity_rows_keep_the_field_their_spans_point_into(store):
    ingest([SEED], store)
    rows = _entity_rows(store)
    text = store.article(1).text
    caption = "Donald Trump and Volodymyr Zelensky, during the discussion at the Vatican"

    us = rows["united-states.government"]
    assert us["field"] == "text"
    assert text[us["start"] : us["end"]] == "The United States"

    trump = rows["donald-trump.person"]  # named only in the photo caption
    assert trump["field"] == "images[0].caption"
    assert caption[trump["start"] : trump["end"]] == "Donald Trump"
    assert [m["field"] for m in trump["data"]["mentions"]] == ["images[0].caption"]

    zelensky = rows["volodymyr-zelensky.person"]  # the body first, then the caption
    fields = [m["field"] for m in zelensky["data"]["mentions"]]
    assert zelensky["field"] == fields[0] == "text" and fields[-1] == "images[0].caption"


def test_entity_rows_stored_before_the_field_existed_point_into_the_body(db_url):
    engine = database_at(db_url, "0002", text="Mara Voss spoke.")
    with engine.begin() as conn:
        conn.execute(  # the columns of revision 0002: no field
            sa.insert(entities).values(
                article_id=1,
                idx=0,
                key="mara-voss.person",
                name="Mara Voss",
                start=0,
                end=9,
                data={},
                component="entities.alias.v1",
            )
        )
    engine.dispose()
    with open_store(db_url) as store:
        (row,) = _entity_rows(store).values()
    assert row["field"] == "text"
