"""What the store hands back: plain frozen records, JSON-ready through ``to_dict``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["SearchHit", "Statement", "Stored"]


@dataclass(frozen=True, slots=True)
class Stored:
    """The outcome of storing one document.

    Attributes:
        article_id: The article's id (the earlier one's, for an exact duplicate).
        duplicate: The text was already stored: only the page was recorded.
        near_duplicate_of: The earlier article this one is a near-copy of, if any.
        similarity: The estimated Jaccard similarity to ``near_duplicate_of``.
    """

    article_id: int
    duplicate: bool = False
    near_duplicate_of: int | None = None
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article or attributed statement matching a search.

    Attributes:
        kind: ``article`` (title and text matched) or ``attribution`` (source or content).
        article_id: The article it is in.
        title: The article's headline.
        outlet: The outlet (site name, else the URL's host).
        url: The article's URL (canonical where known).
        published_at: When the article was published, if known.
        snippet: The matching passage, matched words in ``[brackets]``.
        score: Relevance; higher is better, comparable within one kind and backend.
        source: For an attribution, the source as written.
    """

    kind: str
    article_id: int
    title: str | None
    outlet: str | None
    url: str | None
    published_at: datetime | None
    snippet: str
    score: float
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """One thing attributed to a source, with the article that carries it.

    Attributes:
        article_id: The article it is in.
        published_at: When the article was published, if known.
        outlet: The outlet that published the article.
        title: The article's headline.
        url: The article's URL.
        source: The source as written at this statement (``he``, ``Mr Voss``).
        resolved: The name the source resolves to in the article's roster.
        source_kind: Person, organisation, unnamed, ...
        kind: Direct, indirect, mixed, according-to, ...
        cue: The cue words (``said``, ``according to``).
        content: What was attributed.
        channel: The outlet that carried the statement, when named.
        component: The component (and version) that found it.
    """

    article_id: int
    published_at: datetime | None
    outlet: str | None
    title: str | None
    url: str | None
    source: str
    resolved: str | None
    source_kind: str
    kind: str
    cue: str
    content: str
    channel: str | None
    component: str
