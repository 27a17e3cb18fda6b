"""The store keeps the records' own fields: an article reads back as it was extracted.

``test_roundtrip.py`` checks generated records; here, a real page, rows stored before
migration 0008, and the component stamp of a record that names none.
"""

from __future__ import annotations

import inspect
from datetime import UTC, datetime

import sqlalchemy as sa

from sourcetrace.analyze import analyze
from sourcetrace.extract import extract
from sourcetrace.models import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    DateEvidence,
    Page,
    PublishedAt,
    SourceKind,
    Span,
    TimeRef,
)
from sourcetrace.pipeline import reanalyze
from sourcetrace.store import open_store, rows
from sourcetrace.store.schema import articles, attributions, pages, time_refs
from tests.store.news import CAPTIONED, FERRY, news_page
from tests.store.oldrows import database_at

FETCHED = datetime(2026, 3, 5, 13, 0, tzinfo=UTC)


def _page(html: str, url: str = "https://radio.example/news/ferry") -> Page:
    return Page(content=html.encode(), source="ferry.html", url=url, fetched_at=FETCHED)


def test_an_extracted_article_reads_back_exactly(store):
    page = _page(CAPTIONED)
    extracted = extract(page)
    # What the old rows lost: the declared canonical URL (not normalised), the date's
    # detail and precision, and the fetch time as the article has it.
    assert extracted.canonical_url.endswith("?utm_source=feed")
    assert extracted.published_at.detail and extracted.published_at.precision == "second"
    article_id = store.add(store.start_run("ingest", []), page, analyze(extracted)).article_id
    assert store.article(article_id) == extracted


def test_the_outlet_shown_is_the_host_but_the_article_keeps_having_no_site_name(store):
    html = news_page(
        "Skarre ferry to run twice as often",
        FERRY,
        outlet="Island Radio",
        published="2026-03-05T12:00:00+00:00",
        url="https://www.radio.example/news/ferry",
    ).replace('<meta property="og:site_name" content="Island Radio">', "")
    page = _page(html, url="https://www.radio.example/news/ferry")
    extracted = extract(page)
    assert extracted.site_name is None
    article_id = store.add(store.start_run("ingest", []), page, analyze(extracted)).article_id
    with store.engine.connect() as conn:
        outlet = conn.execute(sa.select(articles.c.outlet)).scalar_one()
    assert outlet == "radio.example"  # what lists and search show
    assert store.article(article_id).site_name is None


def test_reanalysis_works_on_the_exact_article_and_keeps_its_date(store):
    page = _page(CAPTIONED)
    extracted = extract(page)
    store.add(store.start_run("ingest", []), page, analyze(extracted))
    with store.engine.begin() as conn:
        conn.execute(sa.update(articles).values(components="stale"))
    assert reanalyze(store).ok == 1
    (article_id,) = [row["article_id"] for row in store.export_rows("articles")]
    assert store.article(article_id) == extracted
    assert store.analysis(article_id).published_at == extracted.published_at


def test_records_that_name_no_component_are_stamped_with_the_analysis_ones(store):
    text = "The harbour master said on Monday that the quay would reopen."
    article = Article(text=text, paragraphs=(Span(0, len(text)),), source="quay.txt")
    said = Attribution(
        source=Span(0, 17),
        cues=(Span(18, 22),),
        contents=(Span(33, len(text) - 1),),
        kind=AttributionKind.INDIRECT,
        source_kind=SourceKind.PERSON,
        source_text="The harbour master",
    )
    monday = TimeRef(span=Span(26, 32), text="Monday", rule="time.weekday")
    analysis = Analysis(
        article=article,
        attributions=(said,),
        roster=(),
        components=("attributions.rules.v9", "timerefs.anchor.v7"),
        timerefs=(monday,),
    )
    article_id = store.add(store.start_run("ingest", []), _page(text), analysis).article_id
    with store.engine.connect() as conn:
        made_by = (
            conn.execute(sa.select(attributions.c.component)).scalar_one(),
            conn.execute(sa.select(time_refs.c.component)).scalar_one(),
        )
    assert made_by == ("attributions.rules.v9", "timerefs.anchor.v7")
    back = store.analysis(article_id)
    assert back.attributions[0].component == "attributions.rules.v9"
    assert back.timerefs == (monday,)  # the record itself, from its JSON data


def test_rows_are_made_from_the_model_fields_not_guessed():
    assert "getattr" not in inspect.getsource(rows)


def test_an_article_stored_before_0008_reads_back_as_it_used_to(db_url):
    engine = database_at(db_url, "0007", title="Old row", text="Stored before 0008.")
    with engine.begin() as conn:
        conn.execute(sa.update(pages).values(fetched_at=FETCHED))
        conn.execute(
            sa.update(articles).values(
                outlet="Island Radio",
                canonical_url="https://radio.example/old",
                published_at=datetime(2026, 3, 1, tzinfo=UTC),
                published_evidence="metadata",
            )
        )
    engine.dispose()
    with open_store(db_url) as store:
        article = store.article(1)
    assert (article.site_name, article.canonical_url) == (
        "Island Radio",
        "https://radio.example/old",
    )
    assert article.fetched_at == FETCHED
    assert article.published_at == PublishedAt(
        datetime(2026, 3, 1, tzinfo=UTC), DateEvidence.METADATA, "", "day"
    )


def test_a_day_inferred_from_the_text_before_0008_stays_the_analysis(db_url):
    engine = database_at(db_url, "0007", text="Stored before 0008.")
    with engine.begin() as conn:
        conn.execute(
            sa.update(articles).values(
                published_at=datetime(2026, 3, 1, tzinfo=UTC), published_evidence="text"
            )
        )
    engine.dispose()
    with open_store(db_url) as store:
        assert store.article(1).published_at is None
        assert store.analysis(1).published_at.evidence == DateEvidence.TEXT
