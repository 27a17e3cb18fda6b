"""Read queries the pages need and the ``Store`` contract lacks, on SQLAlchemy Core.

Written against ``sourcetrace.store.schema`` only, so they run on both backends; each
takes an open connection and returns plain dicts (one per row). Candidates to fold into
the store once their shape settles.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from sourcetrace.store import schema

__all__ = [
    "article_entities",
    "article_for_page",
    "article_row",
    "article_rows",
    "attribution_rows",
    "entity_aliases",
    "entity_names",
    "entity_statements",
    "find_entities",
    "find_sources",
    "max_id",
    "outlet_count",
    "outlet_sources",
    "paragraph_rows",
    "recent_articles",
    "removed_row",
    "source_aliases",
    "source_rows",
    "source_statements",
    "top_outlets",
]

Row = dict[str, Any]

_a, _t, _s = schema.attributions, schema.articles, schema.sources
_e, _al, _p = schema.entities, schema.aliases, schema.paragraphs
_URL = sa.func.coalesce(_t.c.canonical_url, _t.c.url).label("url")
_LISTED = (_t.c.id, _t.c.title, _t.c.outlet, _t.c.published_at, _URL)
_NEWEST = (_t.c.published_at.desc().nulls_last(), _t.c.id.desc())


def max_id(engine: sa.Engine) -> int:
    """Return the largest id the store's id columns hold.

    SQLite's ``INTEGER`` is 64-bit; on PostgreSQL an ``Integer`` column is ``int4``, so a
    bigger id is refused by the server ("integer out of range") before any row is read.
    """
    wide = isinstance(schema.articles.c.id.type, sa.BigInteger)
    return 2**63 - 1 if wide or engine.dialect.name == "sqlite" else 2**31 - 1


def _rows(conn: sa.Connection, query: sa.Select[Any], params: Row | None = None) -> list[Row]:
    result = conn.execute(query, params)
    keys = tuple(result.keys())  # zip with the keys once: cheaper than row._mapping per row
    return [dict(zip(keys, row, strict=True)) for row in result]


def _statements_of(articles: sa.Select[Any]) -> sa.Select[Any]:
    """Count each listed article's attributions (a correlated subquery, uses the index)."""
    count = (
        sa.select(sa.func.count())
        .select_from(_a)
        .where(_a.c.article_id == _t.c.id)
        .scalar_subquery()
    )
    return articles.add_columns(count.label("statements"))


def recent_articles(
    conn: sa.Connection, *, limit: int, offset: int = 0, outlet: str | None = None
) -> list[Row]:
    """Return articles, newest published first (undated last), with statement counts."""
    query = sa.select(*_LISTED).order_by(*_NEWEST).limit(limit).offset(offset)
    if outlet is not None:
        query = query.where(_t.c.outlet == outlet)
    return _rows(conn, _statements_of(query))


def outlet_count(conn: sa.Connection) -> int:
    """Return how many distinct outlets the store holds."""
    query = sa.select(sa.func.count(sa.distinct(_t.c.outlet)))
    return int(conn.execute(query).scalar_one())


def top_outlets(conn: sa.Connection, *, limit: int) -> list[Row]:
    """Return outlets with the most articles: ``outlet``, ``articles``."""
    n = sa.func.count().label("articles")
    query = (
        sa.select(_t.c.outlet, n)
        .where(_t.c.outlet.is_not(None))
        .group_by(_t.c.outlet)
        .order_by(n.desc(), _t.c.outlet)
        .limit(limit)
    )
    return _rows(conn, query)


# The article page's queries are built once: it is the hot path (see bench/serve.py).
_ID: sa.BindParameter[int] = sa.bindparam("article_id", type_=sa.Integer)
_ARTICLE = sa.select(*(c for c in _t.c if c.name not in {"minhash", "url"}), _URL).where(
    _t.c.id == _ID
)
_REMOVED = sa.select(*_LISTED, _t.c.removed).where(_t.c.id == _ID)
_PARAGRAPHS = sa.select(_p.c.start, _p.c.end).where(_p.c.article_id == _ID).order_by(_p.c.idx)
_ATTRIBUTIONS = (
    sa.select(*(c for c in _a.c if c.name not in {"id", "article_id"}), _s.c.name.label("resolved"))
    .select_from(
        _a.outerjoin(_s, sa.and_(_s.c.article_id == _a.c.article_id, _s.c.idx == _a.c.source_idx))
    )
    .where(_a.c.article_id == _ID)
    .order_by(_a.c.idx)
)
_ROSTER = (
    sa.select(_s.c.idx, _s.c.name, _s.c.kind, _s.c.statements)
    .where(_s.c.article_id == _ID)
    .order_by(_s.c.idx)
)
_ENTITIES = (
    sa.select(_e.c.key, _e.c.name, _e.c.label, _e.c.data)
    .where(_e.c.article_id == _ID)
    .order_by(_e.c.idx)
)


def _by_article(conn: sa.Connection, query: sa.Select[Any], article_id: int) -> list[Row]:
    return _rows(conn, query, {"article_id": article_id})


def article_row(conn: sa.Connection, article_id: int) -> Row | None:
    """Return one article's stored columns (not its MinHash), or ``None``."""
    rows = _by_article(conn, _ARTICLE, article_id)
    return rows[0] if rows else None


def article_rows(conn: sa.Connection, ids: list[int]) -> list[Row]:
    """Return listing rows (id, title, outlet, published_at, url) for the given ids."""
    if not ids:
        return []
    return _rows(conn, sa.select(*_LISTED).where(_t.c.id.in_(ids)))


def paragraph_rows(conn: sa.Connection, article_id: int) -> list[Row]:
    """Return an article's paragraph spans in order."""
    return _by_article(conn, _PARAGRAPHS, article_id)


def attribution_rows(conn: sa.Connection, article_id: int) -> list[Row]:
    """Return an article's attributions in order, with the roster name each resolves to."""
    return _by_article(conn, _ATTRIBUTIONS, article_id)


def source_rows(conn: sa.Connection, article_id: int) -> list[Row]:
    """Return an article's source roster in order."""
    return _by_article(conn, _ROSTER, article_id)


def article_entities(conn: sa.Connection, article_id: int) -> list[Row]:
    """Return an article's entities in order of first mention, with their whole record."""
    return _by_article(conn, _ENTITIES, article_id)


def removed_row(conn: sa.Connection, article_id: int) -> Row | None:
    """Return an article's listing row with the furniture extraction cut, or ``None``."""
    rows = _by_article(conn, _REMOVED, article_id)
    return rows[0] if rows else None


_STATEMENT = (
    _a.c.article_id,
    _a.c.idx,
    _t.c.published_at,
    _t.c.outlet,
    _t.c.title,
    _a.c.source_text,
    _s.c.name.label("resolved"),
    _a.c.source_kind,
    _a.c.kind,
    _a.c.cue_text,
    _a.c.content_text,
    _a.c.channel,
    _a.c.entity_key,
)
_OLDEST = (_t.c.published_at.asc().nulls_last(), _t.c.id, _a.c.idx)


def _statements() -> sa.Select[Any]:
    joined = _a.join(_t, _t.c.id == _a.c.article_id).outerjoin(
        _s, sa.and_(_s.c.article_id == _a.c.article_id, _s.c.idx == _a.c.source_idx)
    )
    return sa.select(*_STATEMENT).select_from(joined).order_by(*_OLDEST)


def entity_names(conn: sa.Connection, key: str) -> list[Row]:
    """Return every stored record of an entity: ``name``, ``label``, ``data``, article."""
    query = sa.select(_e.c.article_id, _e.c.name, _e.c.label, _e.c.data).where(_e.c.key == key)
    return _rows(conn, query.order_by(_e.c.article_id))


def entity_statements(conn: sa.Connection, key: str, *, limit: int) -> list[Row]:
    """Return statements whose source is, or belongs to, the entity, oldest first."""
    return _rows(conn, _statements().where(_a.c.entity_key == key).limit(limit))


def entity_aliases(conn: sa.Connection, key: str) -> list[str]:
    """Return every way the store's articles write an entity, most used first."""
    return _alias_list(conn, key)


def source_statements(conn: sa.Connection, name: str, *, limit: int) -> list[Row]:
    """Return statements of the roster source ``name`` (any case), oldest first."""
    match = sa.func.lower(_s.c.name) == name.lower()
    return _rows(conn, _statements().where(match).limit(limit))


def source_aliases(conn: sa.Connection, name: str) -> list[str]:
    """Return the other ways articles write a roster source, most used first."""
    return _alias_list(conn, name)


def _alias_list(conn: sa.Connection, name: str) -> list[str]:
    n = sa.func.count().label("n")
    query = (
        sa.select(_al.c.alias, n)
        .where(_al.c.name == name)
        .group_by(_al.c.alias)
        .order_by(n.desc(), _al.c.alias)
    )
    return [row.alias for row in conn.execute(query)]


def find_sources(conn: sa.Connection, needle: str, *, limit: int) -> list[Row]:
    """Return roster sources whose name contains ``needle``: ``name``, ``statements``."""
    n = sa.func.sum(_s.c.statements).label("statements")
    query = (
        sa.select(_s.c.name, n)
        .where(sa.func.lower(_s.c.name).contains(needle.lower(), autoescape=True))
        .group_by(_s.c.name)
        .order_by(n.desc(), _s.c.name)
        .limit(limit)
    )
    return _rows(conn, query)


def find_entities(conn: sa.Connection, needle: str, *, limit: int) -> list[Row]:
    """Return entities whose name contains ``needle``: ``key``, ``name``, ``articles``."""
    n = sa.func.count().label("articles")
    query = (
        sa.select(_e.c.key, sa.func.min(_e.c.name).label("name"), n)
        .where(sa.func.lower(_e.c.name).contains(needle.lower(), autoescape=True))
        .group_by(_e.c.key)
        .order_by(n.desc(), _e.c.key)
        .limit(limit)
    )
    return _rows(conn, query)


def outlet_sources(conn: sa.Connection, outlet: str, *, limit: int) -> list[Row]:
    """Return the sources an outlet cites most: ``name``, ``kind``, ``statements``, ``articles``."""
    statements = sa.func.sum(_s.c.statements).label("statements")
    query = (
        sa.select(
            _s.c.name,
            sa.func.min(_s.c.kind).label("kind"),
            statements,
            sa.func.count(sa.distinct(_s.c.article_id)).label("articles"),
        )
        .select_from(_s.join(_t, _t.c.id == _s.c.article_id))
        .where(_t.c.outlet == outlet)
        .group_by(_s.c.name)
        .order_by(statements.desc(), _s.c.name)
        .limit(limit)
    )
    return _rows(conn, query)


def article_for_page(conn: sa.Connection, content_hash: str) -> int | None:
    """Return the article a stored page became (or duplicates), if any."""
    pg = schema.pages
    query = (
        sa.select(sa.func.coalesce(_t.c.id, pg.c.duplicate_of))
        .select_from(pg.outerjoin(_t, _t.c.page_id == pg.c.id))
        .where(pg.c.content_hash == content_hash)
    )
    found = conn.execute(query).scalar()
    return None if found is None else int(found)
