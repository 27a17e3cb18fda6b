"""Property: any article analyses without an uncoded error, every span inside its field.

Articles are extracted from hostile pages (``tests/extract/pagegen.py``), or are such a
page's raw text as ``--raw-text`` decodes it, or verbatim odd or mutated real text; with
headlines and captions of odd text; analysed whole and in small windows (so the window
merge is fuzzed too).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcetrace.analyze import analyze, verbatim_article
from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.errors import SourcetraceError
from sourcetrace.extract import extract
from sourcetrace.extract.decode import decode_bytes
from sourcetrace.models import TEXT_FIELD, Analysis, Article, Image, Page, Span, field_text
from tests.extract.pagegen import REAL_TEXTS, pages, texts

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def _mutated_text(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(REAL_TEXTS))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(texts) + text[at + draw(st.integers(0, 50)) :]
    return text


def _raw_text(page: Page) -> str:
    """Decode a page as ``--raw-text`` does (nothing normalised, a mark kept), else ``""``."""
    if isinstance(page.content, str):
        return page.content
    try:
        return decode_bytes(page.content, page.content_type, DEFAULT_SETTINGS, keep_bom=True)
    except SourcetraceError:
        return ""


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """Return an article extracted from a hostile page, a page's raw text, or odd text."""
    kind = draw(st.sampled_from(("extracted", "raw", "verbatim")))
    if kind == "extracted":
        try:
            article = extract(draw(pages()))
        except SourcetraceError:
            article = verbatim_article(draw(texts), source="fuzz")
    elif kind == "raw":
        article = verbatim_article(_raw_text(draw(pages())), source="fuzz")
    else:
        article = verbatim_article(draw(st.one_of(texts, _mutated_text())), source="fuzz")
    title = draw(st.one_of(st.none(), texts))
    captions = draw(st.lists(st.one_of(st.none(), texts), max_size=2))
    return Article(
        text=article.text,
        paragraphs=article.paragraphs,
        source="fuzz",
        title=title,
        images=tuple(Image(url=None, caption=c) for c in captions),
    )


def _inside(span: Span | None, text: str) -> None:
    if span is not None:
        assert 0 <= span.start < span.end <= len(text), (span, len(text))


def _assert_spans_inside(analysis: Analysis) -> None:
    article = analysis.article
    for record in analysis.attributions:
        text = field_text(article, record.field)
        for span in (record.source, record.channel_span, *record.cues, *record.contents):
            _inside(span, text)
        if record.source is not None:
            assert record.source.of(text) == record.source_text
        if record.said_at is not None:
            _inside(record.said_at.span, article.text)
        if record.parent is not None:
            assert analysis.attributions[record.parent].field == record.field
        if record.source_id is not None:
            assert 0 <= record.source_id < len(analysis.roster)
    for entry in analysis.roster:
        for span in entry.mentions:
            _inside(span, article.text)
        for span in entry.title_mentions:
            _inside(span, article.title or "")
    for entity in analysis.entities:
        for mention in entity.mentions:
            text = field_text(article, mention.field)
            _inside(mention.span, text)
            assert mention.span.of(text) == mention.text
    for ref in analysis.timerefs:
        _inside(ref.span, article.text)
        assert ref.span.of(article.text) == ref.text


@FUZZ
@given(articles(), st.sampled_from((60, 400, 20_000)))
def test_any_article_analyses_with_every_span_inside_its_field(article, window):
    try:
        analysis = analyze(article, window_chars=window)
    except SourcetraceError as exc:  # a coded error is an answer
        assert exc.code and exc.code != "error"
        return

    assert analysis.article is article
    _assert_spans_inside(analysis)
    assert all(record.field == TEXT_FIELD or article.title for record in analysis.attributions)
