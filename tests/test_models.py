"""The data model: span invariants, timezone-aware times, frozen records, JSON output."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourcetrace.models import (
    Article,
    BatchReport,
    DateEvidence,
    Failure,
    Image,
    Mention,
    Page,
    PublishedAt,
    Removed,
    Span,
    caption_field,
    field_text,
    to_dict,
)
from tests.pages import HARBOUR, HARBOUR_TITLE

# --- spans ------------------------------------------------------------------------------


def test_span_covers_a_half_open_range():
    span = Span(4, 9)

    assert span.of("The harbour authority") == "harbo"
    assert len(span) == 5


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (3, 3), (7, 2), (0, 0), (-5, -1)])
def test_span_rejects_empty_reversed_or_negative_ranges(start, end):
    with pytest.raises(ValueError, match="invalid span"):
        Span(start, end)


def test_spans_order_by_start_then_end():
    assert sorted([Span(5, 9), Span(0, 4), Span(5, 7)]) == [Span(0, 4), Span(5, 7), Span(5, 9)]


def test_article_rejects_a_paragraph_running_past_its_text():
    with pytest.raises(ValueError, match="runs past the text"):
        Article(text="Short body.", paragraphs=(Span(0, 12),), source="x")


# --- articles from paragraphs -----------------------------------------------------------


def test_from_paragraphs_spans_slice_back_to_the_paragraphs():
    article = Article.from_paragraphs(HARBOUR, source="harbour.html", title=HARBOUR_TITLE)

    assert article.paragraph_texts() == HARBOUR
    assert article.text == "\n\n".join(HARBOUR)
    assert [span.of(article.text) for span in article.paragraphs] == list(HARBOUR)
    assert article.title == HARBOUR_TITLE


def test_from_paragraphs_skips_empty_paragraphs():
    article = Article.from_paragraphs(["", HARBOUR[0], "", HARBOUR[1], ""], source="x")

    assert article.paragraph_texts() == HARBOUR[:2]
    assert article.text == HARBOUR[0] + "\n\n" + HARBOUR[1]


def test_from_paragraphs_of_nothing_is_an_empty_article():
    article = Article.from_paragraphs([], source="x")

    assert (article.text, article.paragraphs) == ("", ())


paragraph_lists = st.lists(st.text(min_size=1), max_size=12)


@given(paragraph_lists)
def test_from_paragraphs_spans_stay_inside_the_text(paragraphs):
    article = Article.from_paragraphs(paragraphs, source="prop")

    assert len(article.paragraphs) == len(paragraphs)
    for span, paragraph in zip(article.paragraphs, paragraphs, strict=True):
        assert 0 <= span.start < span.end <= len(article.text)
        assert span.of(article.text) == paragraph
    starts = [span.start for span in article.paragraphs]
    assert starts == sorted(starts)
    assert all(a.end < b.start for a, b in pairwise(article.paragraphs))


# --- timezone-aware times ---------------------------------------------------------------


def test_page_rejects_a_naive_fetch_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        Page(content=b"<p>x</p>", source="x.html", fetched_at=datetime(2025, 3, 4, 9, 30))


def test_page_accepts_an_aware_or_missing_fetch_time():
    aware = datetime(2025, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=2)))

    assert Page(content="x", source="x", fetched_at=aware).fetched_at == aware
    assert Page(content="x", source="x").fetched_at is None


def test_published_at_rejects_a_naive_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        PublishedAt(datetime(2025, 3, 4), DateEvidence.METADATA)


# --- records are frozen, slotted values -------------------------------------------------


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (Span(0, 3), "end"),
        (Page(content=b"x", source="x"), "content"),
        (Article.from_paragraphs(HARBOUR, source="x"), "text"),
        (Failure("x", "read", "input.empty", "empty"), "code"),
        (BatchReport(ok=1), "ok"),
    ],
    ids=["span", "page", "article", "failure", "report"],
)
def test_records_are_frozen(record, field):
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, field, getattr(record, field))
    assert not hasattr(record, "__dict__")


def test_batch_report_counts_every_document():
    failures = (
        Failure("a.png", "read", "input.binary", "this is PNG image, not a page"),
        Failure("b.html", "extract", "extract.no-article", "no article body found"),
    )
    report = BatchReport(ok=5, skipped=2, failures=failures)

    assert (report.ok, report.skipped, report.failed, report.total) == (5, 2, 2, 9)
    assert BatchReport().total == 0


# --- JSON output ------------------------------------------------------------------------


def _full_article() -> Article:
    published = datetime(2025, 3, 4, 7, 15, tzinfo=timezone(timedelta(hours=1)))
    return Article.from_paragraphs(
        HARBOUR,
        source="pages/harbour.html",
        url="https://courier.example/harbour/breakwater",
        canonical_url="https://courier.example/harbour/breakwater",
        site_name="The Ellery Courier",
        section="Harbour",
        title=HARBOUR_TITLE,
        subtitle="Repairs will take until the summer season",
        authors=("Mara Quill", "Ivo Tern"),
        published_at=PublishedAt(published, DateEvidence.METADATA, "article:published_time"),
        language="en",
        images=(Image("https://courier.example/i/wall.jpg", "The cracked crown", "Ivo Tern"),),
        removed=(Removed("Related Articles", "furniture.tail-heading"),),
        extractor="test/1",
    )


def test_to_dict_is_json_serialisable_and_round_trips():
    article = _full_article()

    loaded = json.loads(json.dumps(to_dict(article)))

    assert loaded["text"] == article.text
    assert [(p["start"], p["end"]) for p in loaded["paragraphs"]] == [
        (span.start, span.end) for span in article.paragraphs
    ]
    assert loaded["authors"] == ["Mara Quill", "Ivo Tern"]
    published = loaded["published_at"]
    assert datetime.fromisoformat(published["value"]) == article.published_at.value
    assert published["evidence"] == "metadata"
    assert loaded["images"] == [
        {
            "url": "https://courier.example/i/wall.jpg",
            "caption": "The cracked crown",
            "credit": "Ivo Tern",
        }
    ]
    assert loaded["removed"] == [{"text": "Related Articles", "rule": "furniture.tail-heading"}]
    assert set(loaded) == {f.name for f in dataclasses.fields(Article)}


def test_to_dict_serialises_pages_failures_and_reports():
    page = Page(content="<p>x</p>", source="-", fetched_at=datetime(2025, 1, 2, tzinfo=UTC))
    report = BatchReport(ok=1, failures=(Failure("-", "read", "input.empty", "empty"),))

    assert json.loads(json.dumps(to_dict(page)))["fetched_at"] == "2025-01-02T00:00:00+00:00"
    assert json.loads(json.dumps(to_dict(report)))["failures"][0]["code"] == "input.empty"


@pytest.mark.parametrize("value", [{"text": "x"}, Article, "an article"])
def test_to_dict_rejects_what_is_not_a_record(value):
    with pytest.raises(TypeError, match="not a model record"):
        to_dict(value)


# --- mentions in the body and in captions -----------------------------------------------


def _captioned() -> Article:
    return Article.from_paragraphs(
        ["Mara Quill spoke at the quay."],
        source="test",
        images=(Image(caption=None), Image(caption="Ivo Tern at the quay")),
    )


def test_a_mention_slices_the_field_it_names():
    article = _captioned()
    body = Mention(Span(0, 10), "Mara Quill", "entity.ner")
    caption = Mention(Span(0, 8), "Ivo Tern", "entity.ner", field=caption_field(1))
    assert body.field == "text" and body.of(article) == "Mara Quill"
    assert caption.field == "images[1].caption" and caption.of(article) == "Ivo Tern"
    assert to_dict(caption)["field"] == "images[1].caption"


@pytest.mark.parametrize("name", ["images[0].caption", "images[2].caption", "title", "images"])
def test_field_text_refuses_a_field_the_article_lacks(name):
    with pytest.raises(ValueError, match="no field"):
        field_text(_captioned(), name)
