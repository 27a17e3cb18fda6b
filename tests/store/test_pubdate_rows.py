"""A day inferred from the text is read near the page's fetch date, and inferred again.

An archived page (a WARC record dated 2019) whose text names "Monday, March 18" without
a year is placed in 2019, not in a later year in which March 18 is also a Monday; the
stored article keeps its fetch date, and reanalysis infers the day anew instead of
taking the stored one for the page's own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import sqlalchemy as sa
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sourcetrace.pipeline import ingest, reanalyze
from sourcetrace.store.schema import articles

_HTML = """<html><head><title>Talks to resume in Vienna</title></head><body><article>
<h1>Talks to resume in Vienna</h1>
<p>The ministers agreed earlier on Thursday to resume the talks on the river treaty,
officials in both capitals said after a long day of meetings in the border town.</p>
<p>They are due to meet again on Monday, March 18, in Vienna, where the mediators have
booked rooms for a week of sessions on water rights and shipping on the lower river.</p>
<p>A spokesman said on Thursday that the agenda was open and that no deadline had been
set, though both delegations hope to sign an outline before the summer floods begin.</p>
</article></body></html>"""


def _warc(path, when: str) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            "https://news.example/vienna-talks",
            "response",
            payload=BytesIO(_HTML.encode()),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": when},
        )
        writer.write_record(record)


def _stored_day(store) -> tuple[date | None, str | None]:
    query = sa.select(articles.c.published_at, articles.c.published_evidence)
    with store.engine.connect() as conn:
        published, evidence = conn.execute(query).one()
    return (published.date() if published else None), evidence


def test_an_archived_page_is_dated_in_its_own_year_and_reanalysed_afresh(store, tmp_path):
    warc = tmp_path / "archive.warc.gz"
    _warc(warc, "2019-03-15T08:00:00Z")
    assert ingest([str(warc)], store).ok == 1
    # March 18 is a Monday in 2019 and 2024: the fetch date says 2019.
    assert _stored_day(store) == (date(2019, 3, 14), "text")
    (article_id,) = [row["article_id"] for row in store.export_rows("articles")]
    article = store.article(article_id)
    assert article.fetched_at == datetime(2019, 3, 15, 8, 0, tzinfo=UTC)
    assert article.published_at is None  # the text's day is the analysis's, not the page's
    with store.engine.begin() as conn:  # as if made by an older pubdate component
        conn.execute(sa.update(articles).values(components="stale", published_at=None))
    assert reanalyze(store).ok == 1
    assert _stored_day(store) == (date(2019, 3, 14), "text")
