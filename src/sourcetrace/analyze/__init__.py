"""Analysis stage: ``Article -> Analysis``.

One spaCy parse per article (and a small one for the headline and each image caption),
shared by every component; an article longer than ``Settings.analysis_window_chars`` is
parsed and analysed in windows of whole paragraphs, merged into one record with every
span still into ``article.text`` (``windows.py``). Each component declares what it reads
and what it writes and carries a version, stored with its output, so a re-run can tell
stale results from fresh ones::

    parse.spacy.en_core_web_sm-3.8.0   reads article.text, article.title,
                                             article.images.caption
                                                                   writes doc, title_doc,
                                                                          caption_docs
    attributions.rules.v6              reads doc, title_doc        writes attributions
    sources.resolve.v2                 reads doc, title_doc, attributions
                                                                   writes source_id, roster
    entities.alias.v4                  reads doc, title_doc, caption_docs, attributions
                                                                   writes entities, entity_key

The headline's attributions (``field == "title"``) follow the body's in the list, so the
body's indices do not move when a headline is added; they are never dated (``said_at``).
    pubdate.text.v4                    reads article               writes published_at
    timerefs.anchor.v1                 reads article.text, published_at, attributions
                                                                   writes timerefs, said_at
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sourcetrace.analyze import attributions as _attributions
from sourcetrace.analyze import entities as _entities
from sourcetrace.analyze import nlp as _nlp
from sourcetrace.analyze import pubdate as _pubdate
from sourcetrace.analyze import sources as _sources
from sourcetrace.analyze import timerefs as _timerefs
from sourcetrace.analyze import windows as _windows
from sourcetrace.analyze.aliases import AliasTable, load_aliases
from sourcetrace.analyze.nlp import AnalysisModelError
from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.models import (
    TITLE_FIELD,
    Analysis,
    Article,
    Attribution,
    DateEvidence,
    DateInference,
    PublishedAt,
    RosterEntry,
    SourceKind,
    Span,
    caption_field,
)

__all__ = [
    "COMPONENTS",
    "AliasTable",
    "AnalysisModelError",
    "Component",
    "analyze",
    "analyze_many",
    "load_aliases",
    "verbatim_article",
]


@dataclass(frozen=True, slots=True)
class Component:
    """One step of the analysis: its versioned name, what it reads and what it writes."""

    name: str  # ends in the version: "attributions.rules.v6"
    reads: tuple[str, ...]
    writes: tuple[str, ...]


COMPONENTS = (
    Component(
        _nlp.PARSE_COMPONENT,
        reads=("article.text", "article.title", "article.images.caption"),
        writes=("doc", "title_doc", "caption_docs"),
    ),
    Component(_attributions.COMPONENT, reads=("doc", "title_doc"), writes=("attributions",)),
    Component(
        _sources.COMPONENT,
        reads=("doc", "title_doc", "attributions"),
        writes=("attributions.source_id", "roster"),
    ),
    Component(
        _entities.COMPONENT,
        reads=("doc", "title_doc", "caption_docs", "attributions"),
        writes=("entities", "attributions.entity_key"),
    ),
    Component(_pubdate.COMPONENT, reads=("article",), writes=("published_at",)),
    Component(
        _timerefs.COMPONENT,
        reads=("article.text", "published_at", "attributions"),
        writes=("timerefs", "attributions.said_at"),
    ),
)


def analyze(
    article: Article,
    *,
    aliases: AliasTable | None = None,
    window_chars: int = DEFAULT_SETTINGS.analysis_window_chars,
) -> Analysis:
    """Find who said what in one article, the entities it names and when things happened.

    ``aliases`` is the alias table (``load_aliases(user_file)``); the shipped one by default.
    An article longer than ``window_chars`` is analysed in windows of whole paragraphs
    (see ``windows.py``); every span still points into ``article.text``.

    Raises:
        AnalysisModelError: the spaCy model is not installed.
    """
    return next(analyze_many([article], batch_size=1, aliases=aliases, window_chars=window_chars))


def analyze_many(
    articles: Iterable[Article],
    *,
    batch_size: int = 16,
    aliases: AliasTable | None = None,
    window_chars: int = DEFAULT_SETTINGS.analysis_window_chars,
    batch_chars: int = DEFAULT_SETTINGS.analysis_batch_chars,
) -> Iterator[Analysis]:
    """Analyse articles in order, parsing them in batches (faster than one at a time).

    A batch holds at most ``batch_size`` texts and ``batch_chars`` characters (the parse
    needs memory in proportion); a long article's windows are texts of their own.
    """
    table = aliases or load_aliases()
    pending: list[Article] = []
    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size:
            yield from _flush(pending, table, window_chars, (batch_size, batch_chars))
            pending = []
    yield from _flush(pending, table, window_chars, (batch_size, batch_chars))


def verbatim_article(text: str, *, source: str) -> Article:
    """Wrap a text as an article as it stands, no extraction: offsets match it exactly."""
    paragraphs = tuple(Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(text))
    return Article(text=text, paragraphs=paragraphs, source=source, extractor="verbatim")


# A line holding more than spaces, without its line end ("\r\n" or "\n") or a leading
# byte-order mark.
_PARAGRAPH = re.compile(r"[^\r\n\ufeff]*(?!\ufeff)\S[^\r\n]*")


def _flush(
    articles: list[Article], table: AliasTable, window_chars: int, batch: tuple[int, int]
) -> Iterator[Analysis]:
    cuts = [_windows.windows(a.text, window_chars) for a in articles]
    texts = (text for a, spans in zip(articles, cuts, strict=True) for text in _texts(a, spans))
    docs = _nlp.parse_many(texts, batch_size=batch[0], batch_chars=batch[1])
    for article, spans in zip(articles, cuts, strict=True):
        if len(spans) <= 1:
            yield _analyze_doc(article, next(docs), table, window_chars=window_chars)
            continue
        yield _analyze_windows(article, spans, docs, table, window_chars)


def _analyze_windows(
    article: Article, spans: tuple[Span, ...], docs: Iterator[Any], table: AliasTable, chars: int
) -> Analysis:
    """Analyse an article's windows, one parsed doc each from ``docs``, and merge them."""
    dates = _published(article)  # settled once, on the whole text
    parts: list[tuple[Span, Analysis]] = []
    for number, window in enumerate(spans):
        piece = _windows.piece(article, window, first=number == 0)
        doc = next(docs)
        parts.append((window, _analyze_doc(piece, doc, table, window_chars=chars, dates=dates)))
    return _windows.merge(article, parts)


def _texts(article: Article, spans: tuple[Span, ...]) -> Iterator[str]:
    """Yield the texts to parse for an article: its windows, or its whole text."""
    if len(spans) <= 1:
        yield article.text
    else:
        yield from (window.of(article.text) for window in spans)


def _analyze_doc(
    article: Article,
    doc: Any,
    table: AliasTable,
    *,
    window_chars: int,
    dates: tuple[PublishedAt | None, DateInference | None] | None = None,
) -> Analysis:
    """Analyse one parsed text; ``dates`` is the publication time when already settled."""
    body = _attributions.find_attributions(doc)
    title_doc, captions = _side_docs(article, window_chars)
    headline = (
        _attributions.find_attributions(title_doc, field=TITLE_FIELD, first_index=len(body))
        if title_doc is not None
        else []
    )
    resolved, roster = _sources.resolve_sources(doc, body + headline, title_doc=title_doc)
    entities, linked = _entities.find_entities(doc, resolved, table, captions, title_doc=title_doc)
    published, inference = dates if dates is not None else _published(article)
    day = published.value.date() if published else None
    timerefs = _timerefs.find_timerefs(article.text, day)
    dated = _timerefs.said_at(linked[: len(body)], timerefs, article.text)
    return Analysis(
        article=article,
        attributions=(*dated, *linked[len(body) :]),
        roster=_settle_kinds(roster, linked),
        components=tuple(component.name for component in COMPONENTS),
        entities=entities,
        timerefs=timerefs,
        published_at=published,
        published_inference=inference,
    )


def _side_docs(article: Article, window_chars: int) -> tuple[Any, list[tuple[str, Any]]]:
    """Parse the headline and the image captions (each named by its field) in one batch.

    One longer than a window is read in its first window only: its spans stay inside it.
    """
    named = [
        (caption_field(index), image.caption[:window_chars])
        for index, image in enumerate(article.images)
        if image.caption and image.caption.strip()
    ]
    if article.title and article.title.strip():
        named.append((TITLE_FIELD, article.title[:window_chars]))
    docs = list(_nlp.parse_many(text for _, text in named)) if named else []
    parsed = [(name, doc) for (name, _), doc in zip(named, docs, strict=True)]
    title_doc = next((doc for name, doc in parsed if name == TITLE_FIELD), None)
    return title_doc, [(name, doc) for name, doc in parsed if name != TITLE_FIELD]


def _settle_kinds(
    roster: tuple[RosterEntry, ...], linked: list[Attribution]
) -> tuple[RosterEntry, ...]:
    """Give a source the parse took for a person the kind its linked entity settled."""
    settled = {
        a.source_id: a.source_kind
        for a in linked
        if a.source_id is not None and a.source_kind in _SETTLED_KINDS
    }
    return tuple(
        replace(entry, kind=settled[index])
        if entry.kind is SourceKind.PERSON and index in settled
        else entry
        for index, entry in enumerate(roster)
    )


_SETTLED_KINDS = frozenset({SourceKind.ORGANISATION, SourceKind.MEDIA})


def _published(article: Article) -> tuple[PublishedAt | None, DateInference | None]:
    """Return the metadata date, else the one the text pins (with the inference either way)."""
    if article.published_at is not None:
        return article.published_at, None
    # Yearless dates are read near the day the page was fetched: a WARC record's date
    # places an archived page in its year; without one, today.
    fetched = article.fetched_at.date() if article.fetched_at is not None else None
    inference = _pubdate.infer_published(article.text, today=fetched)
    if inference.day is None:
        return None, inference
    value = datetime(inference.day.year, inference.day.month, inference.day.day, tzinfo=UTC)
    detail = "; ".join(inference.evidence)
    return PublishedAt(value, DateEvidence.TEXT, detail, "day"), inference
