"""One data function per page: each returns the JSON-ready dict its page renders.

``/articles/7`` renders ``article(ctx, 7)`` with a template; ``/articles/7.json``
returns the same dict. Nothing here builds HTML: article text stays data.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from sourcetrace.config import ServeSettings
from sourcetrace.models import TEXT_FIELD, TITLE_FIELD
from sourcetrace.serve import queries
from sourcetrace.serve.errors import BadRequestError, NotFoundError
from sourcetrace.serve.highlight import marks_of, paragraph_segments, snippet_segments
from sourcetrace.store import Store

__all__ = [
    "SEARCH_SCOPES",
    "Context",
    "Data",
    "article",
    "entity",
    "home",
    "outlet",
    "removed",
    "search",
    "search_text",
    "source",
]

Data = dict[str, Any]
SEARCH_SCOPES = ("all", "articles", "statements")
_TOP = 10
_WHITESPACE_CONTROLS = frozenset("\t\n\r\x0b\x0c")


@dataclass(frozen=True, slots=True)
class Context:
    """What every data function reads: the store, its engine and the settings.

    ``inline`` says the store's reads are local and quick (SQLite), so the app may call
    data functions on its event loop instead of in the threadpool. ``max_id`` is the
    largest id the store's id columns hold (``queries.max_id``): past it, no article.
    """

    store: Store
    engine: sa.Engine
    settings: ServeSettings
    inline: bool = False
    max_id: int = 2**63 - 1

    def limit(self, asked: int | None) -> int:
        """Return a page size: the asked one within bounds, else the default."""
        if asked is None:
            return self.settings.page_size
        if asked < 1:
            raise BadRequestError("limit must be at least 1")
        return min(asked, self.settings.max_page_size)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _plain(row: dict[str, Any]) -> Data:
    return {key: _jsonable(value) for key, value in row.items()}


def home(ctx: Context, *, limit: int | None = None) -> Data:
    """Return the home page: counts, the newest articles, the busiest outlets."""
    counts = ctx.store.counts()
    with ctx.engine.connect() as conn:
        counts["outlets"] = queries.outlet_count(conn)
        recent = queries.recent_articles(conn, limit=ctx.limit(limit))
        outlets = queries.top_outlets(conn, limit=_TOP)
    shown = ("articles", "attributions", "sources", "entities", "outlets", "failures")
    return {
        "counts": {name: counts.get(name, 0) for name in shown},
        "articles": [_plain(row) for row in recent],
        "outlets": outlets,
    }


def search(ctx: Context, query: str, *, scope: str = "all", limit: int | None = None) -> Data:
    """Return articles and attributed statements matching ``query``, and matching names.

    Raises:
        BadRequestError: an unknown scope, or a query with control characters.
    """
    if scope not in SEARCH_SCOPES:
        raise BadRequestError(f"'in' must be one of {', '.join(SEARCH_SCOPES)}, not {scope!r}")
    size = ctx.limit(limit)
    query = search_text(query)
    found: Data = {"query": query, "in": scope, "articles": [], "statements": []}
    found |= {"sources": [], "entities": []}
    if not query:
        return found
    kinds = {"articles": "article", "statements": "attribution"}
    for key, kind in kinds.items():
        if scope in {"all", key}:
            hits = ctx.store.search(query, limit=size, kind=kind)
            found[key] = [_hit(hit) for hit in hits]
    if scope == "all":
        with ctx.engine.connect() as conn:
            found["sources"] = queries.find_sources(conn, query, limit=_TOP)
            found["entities"] = queries.find_entities(conn, query, limit=_TOP)
    return found


def search_text(query: str) -> str:
    """Return a query with runs of whitespace (tabs, line breaks) as single spaces.

    Other control characters are refused: no one types them, and a NUL would end the
    pattern early in SQLite (``LIKE '%\\0%'`` matches every name) and is refused by
    PostgreSQL.

    Raises:
        BadRequestError: the query holds a control character other than whitespace.
    """
    for char in query:
        if char not in _WHITESPACE_CONTROLS and unicodedata.category(char) == "Cc":
            raise BadRequestError(
                f"the query holds a control character (U+{ord(char):04X}): remove it"
            )
    return " ".join(query.split())


def _has_controls(name: str) -> bool:
    """Tell whether a name holds control characters (no stored name does)."""
    return any(unicodedata.category(char) == "Cc" for char in name)


def _hit(hit: Any) -> Data:
    return {
        "article_id": hit.article_id,
        "title": hit.title,
        "outlet": hit.outlet,
        "url": hit.url,
        "published_at": _jsonable(hit.published_at),
        "source": hit.source,
        "score": round(hit.score, 4),
        "snippet": snippet_segments(hit.snippet),
    }


def article(ctx: Context, article_id: int) -> Data:
    """Return an article: metadata, highlighted paragraphs, statements, roster, entities.

    Its images (captions, credits) and the furniture extraction cut come from its row.

    Raises:
        NotFoundError: no article has this id (ids past 64 bits included).
    """
    _check_id(ctx, article_id)
    with ctx.engine.connect() as conn:
        row = queries.article_row(conn, article_id)
        if row is None:
            raise _no_article(article_id)
        paragraphs = [(p["start"], p["end"]) for p in queries.paragraph_rows(conn, article_id)]
        attributions = queries.attribution_rows(conn, article_id)
        roster = queries.source_rows(conn, article_id)
        entities = queries.article_entities(conn, article_id)
    text = row["text"]
    if not paragraphs and text:
        paragraphs = [(0, len(text))]
    cards = [_card(record, attributions) for record in attributions]
    unnamed = sum(entry["kind"] == "unnamed" for entry in roster)
    # Headline attributions' spans point into the title: highlighted there, never in the body.
    body = [r for r in attributions if r.get("field", TEXT_FIELD) == TEXT_FIELD]
    headline = [r for r in attributions if r.get("field") == TITLE_FIELD]
    title = row["title"] or ""
    return {
        "article": _article_meta(row),
        "title_segments": _title_segments(title, headline),
        "paragraphs": paragraph_segments(text, paragraphs, marks_of(body, len(text))),
        "attributions": cards,
        "roster": {
            "sources": roster,
            "anonymous": unnamed,
            "anonymous_share": round(unnamed / len(roster), 4) if roster else 0.0,
        },
        "entities": [_entity_summary(entry) for entry in entities],
        "images": _images(row["images"]),
        "removed": _removed(row["removed"]),
    }


def _check_id(ctx: Context, article_id: int) -> None:
    """Refuse an id no row can have: the driver or the database would overflow on it."""
    if not 1 <= article_id <= ctx.max_id:
        raise _no_article(article_id)


def _no_article(article_id: int) -> NotFoundError:
    shown = str(article_id) if len(str(article_id)) <= 30 else str(article_id)[:30] + "…"
    return NotFoundError(f"no article {shown}: see / for the stored ones")


_META = (
    "id",
    "title",
    "subtitle",
    "outlet",
    "section",
    "authors",
    "published_at",
    "published_evidence",
    "url",
    "source",
    "language",
    "extractor",
    "near_duplicate_of",
    "similarity",
    "stored_at",
)


def _article_meta(row: dict[str, Any]) -> Data:
    meta = {name: _jsonable(row[name]) for name in _META}
    meta["components"] = (row["components"] or "").split()
    return meta


def _title_segments(title: str, headline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the headline as highlight segments when it holds attributions, else ``[]``."""
    if not title or not headline:
        return []
    return paragraph_segments(title, [(0, len(title))], marks_of(headline, len(title)))[0]


def _card(record: dict[str, Any], everything: list[dict[str, Any]]) -> Data:
    """Return what a statement's card shows, and its spans for machines."""
    parent = record["parent"]
    parent_record = everything[parent] if parent is not None and parent < len(everything) else None
    source_span = (
        [record["source_start"], record["source_end"]]
        if record["source_start"] is not None
        else None
    )
    return {
        "idx": record["idx"],
        "field": record.get("field", TEXT_FIELD),
        "kind": record["kind"],
        "source_kind": record["source_kind"],
        "source": record["source_text"],
        "resolved": record["resolved"],
        "cue": record["cue_text"],
        "content": record["content_text"],
        "channel": record["channel"],
        "said_at": _said_at(record["said_at"]),
        "parent": parent,
        "parent_source": parent_record["source_text"] if parent_record else None,
        "entity_key": record["entity_key"],
        "component": record["component"],
        "spans": {"source": source_span, "cues": record["cues"], "contents": record["contents"]},
    }


def _said_at(data: dict[str, Any] | None) -> Data | None:
    if not data:
        return None
    start, end = data.get("start"), data.get("end")
    interval = start if start == end else f"{start or '…'} .. {end or '…'}"
    return {"text": data.get("text"), "interval": interval if (start or end) else None}


def _entity_summary(row: dict[str, Any]) -> Data:
    data = row["data"] or {}
    mentions = [m for m in data.get("mentions") or () if isinstance(m, dict)]
    # A caption's spans point into the caption, not the body: counted, never highlighted.
    in_captions = sum(str(m.get("field", "")).startswith("images[") for m in mentions)
    return {
        "key": row["key"],
        "name": row["name"],
        "type": row["label"],
        "aliases": list(data.get("aliases") or ()),
        "mentions": len(mentions),
        "caption_mentions": in_captions,
    }


def removed(ctx: Context, article_id: int) -> Data:
    """Return the page furniture extraction cut from an article, as stored with it.

    Never extracted again: what is shown is what the stored article was made from.
    Articles stored before migration 0005 kept no cuts and show none.

    Raises:
        NotFoundError: no article has this id.
    """
    _check_id(ctx, article_id)
    with ctx.engine.connect() as conn:
        row = queries.removed_row(conn, article_id)
    if row is None:
        raise _no_article(article_id)
    cut = row.pop("removed")
    return {"article": _plain(row), "removed": _removed(cut)}


def _removed(cut: list[dict[str, Any]] | None) -> list[Data]:
    return [{"rule": piece.get("rule"), "text": piece.get("text")} for piece in cut or ()]


def _images(images: list[dict[str, Any]] | None) -> list[Data]:
    fields = ("url", "caption", "credit")
    return [{name: image.get(name) for name in fields} for image in images or ()]


def entity(ctx: Context, key: str, *, limit: int | None = None) -> Data:
    """Return an entity: its names, aliases, and everything attributed to it over time."""
    missing = NotFoundError(f"no entity {key!r}: search for a name at /search")
    if _has_controls(key):
        raise missing
    with ctx.engine.connect() as conn:
        records = queries.entity_names(conn, key)
        if not records:
            raise missing
        statements = queries.entity_statements(conn, key, limit=ctx.limit(limit))
        aliases = queries.entity_aliases(conn, key)
        mentioned = queries.article_rows(conn, sorted({r["article_id"] for r in records}))
    names = Counter(r["name"] for r in records)
    return {
        "kind": "entity",
        "key": key,
        "name": names.most_common(1)[0][0],
        "type": records[0]["label"],
        "aliases": aliases,
        **_record_of(statements),
        "articles": [_plain(r) for r in sorted(mentioned, key=_by_time)],
    }


def source(ctx: Context, name: str, *, limit: int | None = None) -> Data:
    """Return a roster source: its aliases and everything attributed to it over time."""
    missing = NotFoundError(f"no source named {name!r}: search for it at /search")
    if _has_controls(name):
        raise missing
    with ctx.engine.connect() as conn:
        statements = queries.source_statements(conn, name, limit=ctx.limit(limit))
        if not statements:
            raise missing
        canonical = statements[0]["resolved"] or name
        aliases = queries.source_aliases(conn, canonical)
    keys = Counter(s["entity_key"] for s in statements if s["entity_key"])
    return {
        "kind": "source",
        "key": None,
        "name": canonical,
        "type": Counter(s["source_kind"] for s in statements).most_common(1)[0][0],
        "aliases": aliases,
        "entities": [key for key, _ in keys.most_common()],
        **_record_of(statements),
    }


def _by_time(row: dict[str, Any]) -> tuple[bool, str, int]:
    published = row["published_at"]
    return (published is None, published.isoformat() if published else "", row["id"])


def _record_of(statements: list[dict[str, Any]]) -> Data:
    """Return statements oldest first, with their outlets and a per-day timeline."""
    outlets = Counter(s["outlet"] or "(unknown)" for s in statements)
    days = Counter(s["published_at"].date().isoformat() for s in statements if s["published_at"])
    return {
        "statements": [_plain(s) for s in statements],
        "outlets": [{"outlet": o, "statements": n} for o, n in outlets.most_common()],
        "timeline": [{"day": day, "statements": days[day]} for day in sorted(days)],
    }


def outlet(ctx: Context, name: str, *, limit: int | None = None) -> Data:
    """Return an outlet: its articles, newest first, and the sources it cites most."""
    missing = NotFoundError(f"no outlet named {name!r}: see / for the stored ones")
    if _has_controls(name):
        raise missing
    with ctx.engine.connect() as conn:
        articles = queries.recent_articles(conn, limit=ctx.limit(limit), outlet=name)
        if not articles:
            raise missing
        cited = queries.outlet_sources(conn, name, limit=_TOP * 2)
    return {
        "outlet": name,
        "articles": [_plain(row) for row in articles],
        "sources": cited,
    }
