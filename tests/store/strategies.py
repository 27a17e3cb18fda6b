"""Hypothesis strategies for the records the store keeps: articles and their analyses.

Strings are drawn from all of Unicode but surrogates (a Python ``str`` decoded from bytes
never holds one), with control characters, U+0000 included, emoji and right-to-left
text mixed in on purpose. Every span is valid in the field it points into
(``0 <= start < end <= len(field)``). Short columns bound what goes in them: an
extractor name (64 characters), a language code (16), a component's name (128).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import strategies as st

from sourcetrace.models import (
    TEXT_FIELD,
    TITLE_FIELD,
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    DateEvidence,
    DateInference,
    Entity,
    EntityType,
    Image,
    Mention,
    PublishedAt,
    Removed,
    RosterEntry,
    SourceKind,
    Span,
    TimeRef,
    caption_field,
)

__all__ = ["analyses", "articles", "texts"]

# Characters a page may well hold and a store may mishandle: NUL and other controls,
# emoji (outside the BMP), right-to-left text and marks, combining characters.
_AWKWARD = st.sampled_from(
    [
        "\x00",
        "\x01",
        "\x1f",
        "\x7f",
        "\t",
        "\r",
        "\n",
        "😀",
        "👩🏽‍🚀",
        "שלום",
        "مرحبا",
        "\u202e",
        "\u200f",
        "e\u0301",
        "\ufeff",
        "\ufffd",
    ]
)
_CHARS = st.characters(exclude_categories=("Cs",))
_ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]
)
_NAME = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789.-_"), min_size=1, max_size=40)


def texts(*, min_size: int = 0, max_size: int = 60) -> st.SearchStrategy[str]:
    """Return a strategy for strings mixing any characters with awkward ones."""
    piece = st.one_of(st.text(_CHARS, min_size=1, max_size=8), _AWKWARD)
    pieces = st.lists(piece, min_size=1 if min_size else 0, max_size=max(max_size // 4, 1))
    joined = pieces.map(lambda parts: "".join(parts)[:max_size])
    return joined.filter(lambda s: len(s) >= min_size) if min_size else joined


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


_URLS = st.one_of(
    texts(),
    texts().map(lambda rest: "https://news.example/" + rest),
    st.sampled_from(
        ["https://www.courier.example/a?utm_source=feed#top", "http://[oops/", "HTTP://X.EXAMPLE"]
    ),
)
_TIMES = st.datetimes(
    min_value=datetime(1000, 1, 1), max_value=datetime(9000, 1, 1), timezones=_ZONES
)
_DAYS = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@st.composite
def spans(draw: st.DrawFn, text: str, *, max_count: int = 3) -> tuple[Span, ...]:
    """Draw spans into ``text`` (none if it is empty)."""
    if not text:
        return ()
    count = draw(st.integers(0, max_count))
    found = []
    for _ in range(count):
        start = draw(st.integers(0, len(text) - 1))
        found.append(Span(start, draw(st.integers(start + 1, len(text)))))
    return tuple(found)


def _published(evidence: st.SearchStrategy[DateEvidence]) -> st.SearchStrategy[PublishedAt]:
    return st.builds(
        PublishedAt,
        value=_TIMES,
        evidence=evidence,
        detail=texts(),
        precision=st.sampled_from(["day", "second", "minute"]),
    )


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """Draw an article: every field, paragraphs as spans into its text."""
    text = draw(texts(min_size=1, max_size=300))
    images = draw(
        st.lists(
            st.builds(Image, url=_maybe(_URLS), caption=_maybe(texts()), credit=_maybe(texts())),
            max_size=3,
        )
    )
    return Article(
        text=text,
        paragraphs=draw(spans(text, max_count=4)),
        source=draw(texts()),
        url=draw(_maybe(_URLS)),
        canonical_url=draw(_maybe(_URLS)),
        site_name=draw(_maybe(texts())),
        section=draw(_maybe(texts())),
        title=draw(_maybe(texts())),
        subtitle=draw(_maybe(texts())),
        authors=tuple(draw(st.lists(texts(), max_size=3))),
        published_at=draw(_maybe(_published(st.sampled_from(DateEvidence)))),
        language=draw(_maybe(st.text(_CHARS, max_size=16))),
        images=tuple(images),
        removed=tuple(draw(st.lists(st.builds(Removed, text=texts(), rule=texts()), max_size=3))),
        extractor=draw(st.text(_CHARS, max_size=64)),
        fetched_at=draw(_maybe(_TIMES)),
    )


def _fields(article: Article) -> list[tuple[str, str]]:
    """Return the (name, text) of every non-empty field an annotation may point into."""
    named = [(TEXT_FIELD, article.text)]
    if article.title:
        named.append((TITLE_FIELD, article.title))
    named += [
        (caption_field(i), image.caption) for i, image in enumerate(article.images) if image.caption
    ]
    return named


@st.composite
def time_refs(draw: st.DrawFn, text: str) -> TimeRef:
    """Draw a time reference into ``text`` (not empty)."""
    (span,) = draw(spans(text, max_count=1).filter(bool))
    return TimeRef(
        span=span,
        text=span.of(text),
        rule=draw(texts(max_size=20)),
        start=draw(_maybe(_DAYS)),
        end=draw(_maybe(_DAYS)),
        granularity=draw(st.sampled_from(["day", "week", "month", "open", "part-of-week"])),
        component=draw(st.just("") | _NAME),
    )


@st.composite
def _attribution(draw: st.DrawFn, article: Article, count: int) -> Attribution:
    field, text = draw(st.sampled_from(_fields(article)[:2]))  # the body or the headline
    source = draw(spans(text, max_count=1))
    return Attribution(
        source=source[0] if source else None,
        cues=draw(spans(text)),
        contents=draw(spans(text)),
        kind=draw(st.sampled_from(AttributionKind)),
        source_kind=draw(st.sampled_from(SourceKind)),
        source_text=draw(texts()),
        channel=draw(_maybe(texts())),
        channel_span=draw(_maybe(spans(text, max_count=1).filter(bool).map(lambda s: s[0]))),
        parent=draw(_maybe(st.integers(0, max(count - 1, 0)))),
        source_id=draw(_maybe(st.integers(0, 5))),
        # Every component names itself (an unnamed one is stamped: test_records.py).
        component=draw(_NAME),
        entity_key=draw(_maybe(texts())),
        said_at=draw(_maybe(time_refs(article.text))),
        field=field,
    )


@st.composite
def _roster_entry(draw: st.DrawFn, article: Article) -> RosterEntry:
    return RosterEntry(
        name=draw(texts(min_size=1)),
        kind=draw(st.sampled_from(SourceKind)),
        statements=draw(st.integers(0, 50)),
        mentions=draw(spans(article.text)),
        title_mentions=draw(spans(article.title or "")),
    )


@st.composite
def _entity(draw: st.DrawFn, article: Article) -> Entity:
    mentions = []
    for _ in range(draw(st.integers(0, 3))):
        field, text = draw(st.sampled_from(_fields(article)))
        (span,) = draw(spans(text, max_count=1).filter(bool))
        mentions.append(
            Mention(span=span, text=span.of(text), rule=draw(texts(max_size=20)), field=field)
        )
    return Entity(
        key=draw(texts(min_size=1)),
        name=draw(texts(min_size=1)),
        type=draw(st.sampled_from(EntityType)),
        aliases=tuple(draw(st.lists(texts(min_size=1), max_size=3))),
        mentions=tuple(mentions),
        component=draw(st.just("") | _NAME),
    )


_INFERENCES = st.builds(
    DateInference,
    day=_maybe(_DAYS),
    confidence=st.floats(0, 1, allow_nan=False),
    evidence=st.lists(texts(), max_size=3).map(tuple),
    rule=texts(max_size=20),
    component=st.just("") | _NAME,
)


@st.composite
def analyses(draw: st.DrawFn) -> Analysis:
    """Draw an analysis of a drawn article, with every record kind in it.

    ``published_at`` is the article's own date when it has one, else none or one
    inferred from the text, as the analysis stage makes it.
    """
    article = draw(articles())
    count = draw(st.integers(0, 4))
    attributions = tuple(draw(_attribution(article, count)) for _ in range(count))
    published = article.published_at or draw(_maybe(_published(st.just(DateEvidence.TEXT))))
    return Analysis(
        article=article,
        attributions=attributions,
        roster=tuple(draw(st.lists(_roster_entry(article), max_size=3))),
        components=tuple(draw(st.lists(_NAME, max_size=4))),
        entities=tuple(draw(st.lists(_entity(article), max_size=3))),
        timerefs=tuple(draw(st.lists(time_refs(article.text), max_size=3))),
        published_at=published,
        published_inference=draw(_maybe(_INFERENCES)),
    )
