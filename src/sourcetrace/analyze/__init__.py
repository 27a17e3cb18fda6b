"""Analysis stage: ``Article -> Analysis``.

One spaCy parse per article, shared by every component. Each component declares what
it reads and what it writes and carries a version, stored with its output, so a re-run
can tell stale results from fresh ones::

    parse.spacy.en_core_web_sm-3.8.0   reads article.text          writes doc
    attributions.rules.v1              reads doc                   writes attributions
    sources.resolve.v1                 reads doc, attributions     writes source_id, roster
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sourcetrace.analyze import attributions as _attributions
from sourcetrace.analyze import nlp as _nlp
from sourcetrace.analyze import sources as _sources
from sourcetrace.analyze.nlp import AnalysisModelError
from sourcetrace.models import Analysis, Article, Span

__all__ = [
    "COMPONENTS",
    "AnalysisModelError",
    "Component",
    "analyze",
    "analyze_many",
    "verbatim_article",
]


@dataclass(frozen=True, slots=True)
class Component:
    """One step of the analysis: its versioned name, what it reads and what it writes."""

    name: str  # ends in the version: "attributions.rules.v1"
    reads: tuple[str, ...]
    writes: tuple[str, ...]


COMPONENTS = (
    Component(_nlp.PARSE_COMPONENT, reads=("article.text",), writes=("doc",)),
    Component(_attributions.COMPONENT, reads=("doc",), writes=("attributions",)),
    Component(
        _sources.COMPONENT,
        reads=("doc", "attributions"),
        writes=("attributions.source_id", "roster"),
    ),
)


def analyze(article: Article) -> Analysis:
    """Find who said what in one article.

    Raises:
        AnalysisModelError: the spaCy model is not installed.
    """
    return _analyze_doc(article, _nlp.parse(article.text))


def analyze_many(articles: Iterable[Article], *, batch_size: int = 16) -> Iterator[Analysis]:
    """Analyse articles in order, parsing them in batches (faster than one at a time)."""
    pending: list[Article] = []
    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size:
            yield from _flush(pending, batch_size)
            pending = []
    yield from _flush(pending, batch_size)


def verbatim_article(text: str, *, source: str) -> Article:
    """Wrap a text as an article as it stands, no extraction: offsets match it exactly."""
    paragraphs = tuple(Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(text))
    return Article(text=text, paragraphs=paragraphs, source=source, extractor="verbatim")


_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*")


def _flush(articles: list[Article], batch_size: int) -> Iterator[Analysis]:
    docs = _nlp.parse_many((a.text for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        yield _analyze_doc(article, doc)


def _analyze_doc(article: Article, doc: Any) -> Analysis:
    found = _attributions.find_attributions(doc)
    resolved, roster = _sources.resolve_sources(doc, found)
    return Analysis(
        article=article,
        attributions=tuple(resolved),
        roster=roster,
        components=tuple(component.name for component in COMPONENTS),
    )
