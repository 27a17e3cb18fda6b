"""Images and removed furniture live on the article's row: stored, read back, exported."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import sqlalchemy as sa

from sourcetrace.extract import extract
from sourcetrace.models import Page
from sourcetrace.pipeline import ingest, reanalyze
from sourcetrace.store import export, migrate, open_store
from sourcetrace.store.schema import articles, entities
from tests.store.news import CAPTION_NAME, CAPTIONED, PHOTO_CAPTION, write_pages
from tests.store.oldrows import database_at

_CAPTION_KEY = "anneli-kristofferson.person"


def _ingest_captioned(store, tmp_path) -> int:
    (path,) = write_pages(tmp_path, {"captioned.html": CAPTIONED})
    assert ingest([str(path)], store).ok == 1
    (article_id,) = [row["article_id"] for row in store.export_rows("articles")]
    return article_id


def _caption_entities(store) -> list[tuple[str, str]]:
    query = sa.select(entities.c.key, entities.c.field).where(entities.c.key == _CAPTION_KEY)
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def test_an_article_reads_back_with_its_images_and_removed_furniture(store, tmp_path):
    article_id = _ingest_captioned(store, tmp_path)
    extracted = extract(Page(content=CAPTIONED.encode(), source="captioned.html"))
    assert extracted.images and extracted.removed  # the fixture has both to lose
    stored = store.article(article_id)
    assert stored.images == extracted.images
    assert stored.images[0].caption == PHOTO_CAPTION  # markup-like text kept as text
    assert stored.removed == extracted.removed


def test_reanalysis_keeps_an_entity_named_only_in_a_caption(store, tmp_path):
    article_id = _ingest_captioned(store, tmp_path)
    assert CAPTION_NAME not in store.article(article_id).text
    assert _caption_entities(store) == [(_CAPTION_KEY, "images[0].caption")]
    with store.engine.begin() as conn:
        conn.execute(sa.update(articles).values(components="entities.alias.v1"))
    report = reanalyze(store)
    assert (report.ok, report.failed) == (1, 0)
    assert _caption_entities(store) == [(_CAPTION_KEY, "images[0].caption")]


def test_a_database_at_0004_upgrades_keeping_its_article_with_no_parts(db_url):
    engine = database_at(db_url, "0004", title="Old row", text="Stored before images were kept.")
    engine.dispose()
    with open_store(db_url) as store, store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        row = conn.execute(sa.select(articles.c.images, articles.c.removed)).one()
        article = store.article(1)
    assert tuple(row) == ([], [])
    assert article.title == "Old row" and article.images == () and article.removed == ()


def test_export_carries_images_and_removed_as_json(store, tmp_path):
    _ingest_captioned(store, tmp_path)
    out = io.BytesIO()
    export(store.export_rows("articles"), "jsonl", out)
    (record,) = [json.loads(line) for line in out.getvalue().decode().splitlines()]
    assert record["images"] == [
        {
            "url": "https://radio.example/photos/quay.jpg",
            "caption": PHOTO_CAPTION,
            "credit": "Photo: Jon Hale/Island Radio",
        }
    ]
    assert record["removed"] and set(record["removed"][0]) == {"text", "rule"}

    out = io.BytesIO()
    export(store.export_rows("articles"), "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue().decode()))
    assert json.loads(row["images"]) == record["images"]
    assert json.loads(row["removed"]) == record["removed"]

    out = io.BytesIO()
    export(store.export_rows("articles"), "parquet", out)
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert [json.loads(text) for text in table.column("images").to_pylist()] == [record["images"]]
    assert [json.loads(text) for text in table.column("removed").to_pylist()] == [record["removed"]]
