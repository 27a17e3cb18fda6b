"""Turn an ``Analysis`` (its article included) into table rows; ``rebuild.py`` reads them back.

Every field of the records has a place, so a record read back equals the one stored
(``tests/store/test_roundtrip.py`` checks it on both backends):

- an article's row holds each ``Article`` field, plus what the store derives from them
  for queries and display (``outlet``: the site name, else the URL's host;
  ``canonical_url``: normalised; the publication date the analysis settled on);
- its images and removed furniture are JSON lists on that row;
- attributions, sources, entities and time references are rows of their own. An
  entity's and a time reference's whole record is also in a JSON ``data`` column, so a
  field the model gains is kept before a migration gives it a column. An entity's row
  holds its first mention's span, with ``field`` naming what it points into: the body
  (``text``), the headline (``title``) or an image caption (``images[0].caption``). An
  attribution's row has the same ``field``: its spans index the body or the headline. A
  source's ``mentions`` are ``[start, end]`` pairs into the body, then ``[start, end,
  "title"]`` triples into the headline.

PostgreSQL cannot hold U+0000 in text. Rather than store different things on the two
backends, every string written is stored with U+0000 replaced by U+FFFD (one code point
for one, so every span still indexes the same characters), on both: what HTML parsers do
with a NUL too.

Analysis rows a component made carry its versioned name: a record that names none is
stamped with the analysis's component of its kind (``attributions.``, ``entities.``,
``timerefs.``), else ``unversioned``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sourcetrace.models import (
    TEXT_FIELD,
    TITLE_FIELD,
    Analysis,
    Article,
    Attribution,
    PublishedAt,
    TimeRef,
    field_text,
    to_dict,
)
from sourcetrace.store import dedup

__all__ = [
    "COMPONENT_FALLBACK",
    "analysis_rows",
    "article_parts",
    "article_row",
    "components_key",
    "published_values",
    "without_nul",
]

# Rows made by a component that does not name itself are stamped with this.
COMPONENT_FALLBACK = "unversioned"
Rows = dict[str, list[dict[str, Any]]]
_T = TypeVar("_T")
_NUL, _REPLACEMENT = "\x00", "\ufffd"


def without_nul(value: _T) -> _T:
    """Return ``value`` with U+0000 replaced by U+FFFD in every string it holds."""
    if isinstance(value, str):
        return value.replace(_NUL, _REPLACEMENT) if _NUL in value else value  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: without_nul(item) for key, item in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [without_nul(item) for item in value]  # type: ignore[return-value]
    return value


def components_key(components: Sequence[str]) -> str:
    """Return the stored form of the component names that made an analysis."""
    return " ".join(components)


def article_row(analysis: Analysis, *, page_url: str | None) -> dict[str, Any]:
    """Return an article's row: every ``Article`` field, and what queries derive from them."""
    article = analysis.article
    url = article.canonical_url or article.url or page_url
    return without_nul(
        {
            "source": article.source,
            "url": article.url,
            "canonical_url": dedup.canonical_url(url),
            "declared_canonical_url": article.canonical_url,
            "outlet": article.site_name or _host(url),
            "site_name": article.site_name,
            "title": article.title,
            "subtitle": article.subtitle,
            "section": article.section,
            "authors": list(article.authors),
            **published_values(analysis),
            "language": article.language,
            "text": article.text,
            **article_parts(article),
            "extractor": article.extractor,
            "fetched_at": article.fetched_at,
            "components": components_key(analysis.components),
        }
    )


def published_values(analysis: Analysis) -> dict[str, Any]:
    """Return the publication columns: the article's own date, else the analysis's.

    The analysis may date an article its metadata left undated (from the text); that
    date is stored for queries with ``published_inferred`` set, so the article reads back
    undated and a reanalysis infers the day again with the rules of the day.
    """
    own = analysis.article.published_at
    published: PublishedAt | None = own or analysis.published_at
    inference = analysis.published_inference
    return without_nul(
        {
            "published_at": published.value if published else None,
            "published_evidence": str(published.evidence) if published else None,
            "published_detail": published.detail if published else None,
            "published_precision": published.precision if published else None,
            "published_inferred": own is None and published is not None,
            "published_inference": to_dict(inference) if inference is not None else None,
        }
    )


def article_parts(article: Article) -> dict[str, list[dict[str, str | None]]]:
    """Return the ``images`` and ``removed`` column values of an article's row."""
    return {
        "images": [
            {"url": image.url, "caption": image.caption, "credit": image.credit}
            for image in article.images
        ],
        "removed": [{"text": cut.text, "rule": cut.rule} for cut in article.removed],
    }


def analysis_rows(article_id: int, analysis: Analysis) -> Rows:
    """Return the rows of every analysis table for one article, keyed by table name."""
    components = analysis.components
    source_component = _component(components, "sources.", "")
    rows: Rows = {
        "paragraphs": [
            {"article_id": article_id, "idx": index, "start": span.start, "end": span.end}
            for index, span in enumerate(analysis.article.paragraphs)
        ],
        "sources": _source_rows(article_id, analysis, source_component),
        "attributions": [
            _attribution_row(article_id, index, record, analysis.article, components)
            for index, record in enumerate(analysis.attributions)
        ],
        "aliases": _alias_rows(article_id, analysis, source_component),
        "entities": _entity_rows(article_id, analysis),
        "time_refs": _time_rows(article_id, analysis),
    }
    return {name: without_nul(table) for name, table in rows.items()}


def _component(components: Sequence[str], prefix: str, own: str) -> str:
    if own:
        return own
    return next((name for name in components if name.startswith(prefix)), COMPONENT_FALLBACK)


def _source_rows(article_id: int, analysis: Analysis, component: str) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "idx": index,
            "name": entry.name,
            "kind": str(entry.kind),
            "statements": entry.statements,
            "mentions": [[span.start, span.end] for span in entry.mentions]
            + [[span.start, span.end, TITLE_FIELD] for span in entry.title_mentions],
            "component": component,
        }
        for index, entry in enumerate(analysis.roster)
    ]


def _attribution_row(
    article_id: int, index: int, record: Attribution, article: Article, components: Sequence[str]
) -> dict[str, Any]:
    source, channel = record.source, record.channel_span
    text = field_text(article, record.field)
    return {
        "article_id": article_id,
        "idx": index,
        "field": record.field,
        "kind": str(record.kind),
        "source_kind": str(record.source_kind),
        "source_text": record.source_text,
        "source_start": source.start if source else None,
        "source_end": source.end if source else None,
        "source_idx": record.source_id,
        "cues": [[span.start, span.end] for span in record.cues],
        "contents": [[span.start, span.end] for span in record.contents],
        "cue_text": " ".join(span.of(text) for span in record.cues),
        "content_text": " … ".join(span.of(text) for span in record.contents),
        "channel": record.channel,
        "channel_start": channel.start if channel else None,
        "channel_end": channel.end if channel else None,
        "parent": record.parent,
        "entity_key": record.entity_key,
        "said_at": to_dict(record.said_at) if record.said_at is not None else None,
        "component": _component(components, "attributions.", record.component),
    }


def _alias_rows(article_id: int, analysis: Analysis, component: str) -> list[dict[str, Any]]:
    """Every way a source or an entity is written in the article is an alias of its name.

    A source's aliases are filed under its roster name, an entity's under its key.
    """
    article = analysis.article
    pairs: list[tuple[str, str, str]] = []
    for entry in analysis.roster:
        written = [span.of(article.text) for span in entry.mentions]
        written += [span.of(article.title or "") for span in entry.title_mentions]
        pairs += [(entry.name, surface.strip(), component) for surface in written]
    for entity in analysis.entities:
        own = _component(analysis.components, "entities.", entity.component)
        pairs += [(entity.key, alias, own) for alias in entity.aliases]
    seen: set[tuple[str, str]] = set()
    rows = []
    for name, alias, made_by in pairs:
        key = (without_nul(name), without_nul(alias))  # the primary key, as stored
        if alias and alias != name and key not in seen:
            seen.add(key)
            rows.append(
                {"article_id": article_id, "name": name, "alias": alias, "component": made_by}
            )
    return rows


def _entity_rows(article_id: int, analysis: Analysis) -> list[dict[str, Any]]:
    rows = []
    for index, entity in enumerate(analysis.entities):
        first = entity.mentions[0] if entity.mentions else None
        rows.append(
            {
                "article_id": article_id,
                "idx": index,
                "key": entity.key,
                "name": entity.name,
                "label": str(entity.type),
                "start": first.span.start if first else None,
                "end": first.span.end if first else None,
                "field": first.field if first else TEXT_FIELD,
                "data": to_dict(entity),
                "component": _component(analysis.components, "entities.", entity.component),
            }
        )
    return rows


def _time_rows(article_id: int, analysis: Analysis) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "idx": index,
            "text": ref.text,
            "value": _interval(ref),
            "start": ref.span.start,
            "end": ref.span.end,
            "data": to_dict(ref),
            "component": _component(analysis.components, "timerefs.", ref.component),
        }
        for index, ref in enumerate(analysis.timerefs)
    ]


def _interval(ref: TimeRef) -> str | None:
    """Return a time reference's interval as ISO 8601: ``2026-02-03`` or ``start/end``."""
    if ref.start is None and ref.end is None:
        return None
    if ref.start == ref.end:
        return _day(ref.start)
    return f"{_day(ref.start) or '..'}/{_day(ref.end) or '..'}"


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # "http://[not-an-address": no host to name
        return None
    return host.removeprefix("www.") if host else None
