"""Turn an ``Analysis`` into table rows, and stored rows back into an ``Article``.

Entities and time references are read with ``getattr``: the analysis stores whatever
it has. Their whole record goes into a JSON ``data`` column, so a field the model gains
is kept before a migration gives it a column of its own. An entity's row holds its first
mention's span, with ``field`` naming what it points into: the body (``text``) when the
body names it, else the headline (``title``) or an image caption (``images[0].caption``).
An attribution's row has the same ``field``: its spans index the body or the headline. A
source's ``mentions`` are ``[start, end]`` pairs into the body, then ``[start, end,
"title"]`` triples into the headline.

An article's images and removed furniture are JSON lists on its own row: the analysis of
a rebuilt article reads the captions, as it did on the first run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sourcetrace.models import (
    TEXT_FIELD,
    TITLE_FIELD,
    Analysis,
    Article,
    Attribution,
    DateEvidence,
    Image,
    PublishedAt,
    Removed,
    Span,
    field_text,
    to_dict,
)

__all__ = [
    "COMPONENT_FALLBACK",
    "analysis_rows",
    "article_from_row",
    "article_parts",
    "components_key",
]

# Rows made by a component that does not name itself are stamped with this.
COMPONENT_FALLBACK = "unversioned"
Rows = dict[str, list[dict[str, Any]]]


def components_key(components: Sequence[str]) -> str:
    """Return the stored form of the component names that made an analysis."""
    return " ".join(components)


def analysis_rows(article_id: int, analysis: Analysis) -> Rows:
    """Return the rows of every analysis table for one article, keyed by table name."""
    components = analysis.components
    source_component = _component(components, "sources.", "")
    attribution_rows = [
        _attribution_row(article_id, index, record, analysis.article, components)
        for index, record in enumerate(analysis.attributions)
    ]
    source_rows = [
        {
            "article_id": article_id,
            "idx": index,
            "name": entry.name,
            "kind": str(entry.kind),
            "statements": entry.statements,
            "mentions": [[span.start, span.end] for span in entry.mentions]
            + [[span.start, span.end, TITLE_FIELD] for span in entry.title_mentions],
            "component": source_component,
        }
        for index, entry in enumerate(analysis.roster)
    ]
    return {
        "paragraphs": [
            {"article_id": article_id, "idx": index, "start": span.start, "end": span.end}
            for index, span in enumerate(analysis.article.paragraphs)
        ],
        "sources": source_rows,
        "attributions": attribution_rows,
        "aliases": _alias_rows(article_id, analysis, source_component),
        "entities": _entity_rows(article_id, analysis),
        "time_refs": _time_rows(article_id, analysis),
    }


def _component(components: Sequence[str], prefix: str, own: str) -> str:
    if own:
        return own
    return next((name for name in components if name.startswith(prefix)), COMPONENT_FALLBACK)


def _attribution_row(
    article_id: int, index: int, record: Attribution, article: Article, components: Sequence[str]
) -> dict[str, Any]:
    source = record.source
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
        "parent": record.parent,
        "entity_key": getattr(record, "entity_key", None),
        "said_at": _said_at(record),
        "component": _component(components, "attributions.", record.component),
    }


def _said_at(record: Attribution) -> dict[str, object] | None:
    said = getattr(record, "said_at", None)
    return None if said is None else _data(said)


def _alias_rows(article_id: int, analysis: Analysis, component: str) -> list[dict[str, Any]]:
    """Every way a source is written in the article is an alias of its roster name."""
    article = analysis.article
    seen: set[tuple[str, str]] = set()
    rows = []
    for entry in analysis.roster:
        written = [span.of(article.text) for span in entry.mentions]
        written += [span.of(article.title or "") for span in entry.title_mentions]
        for surface in written:
            alias = surface.strip()
            if alias and alias != entry.name and (entry.name, alias) not in seen:
                seen.add((entry.name, alias))
                rows.append(
                    {
                        "article_id": article_id,
                        "name": entry.name,
                        "alias": alias,
                        "component": component,
                    }
                )
    for entity in getattr(analysis, "entities", ()) or ():
        name = _key(entity)
        for alias in getattr(entity, "aliases", ()) or ():
            if isinstance(alias, str) and alias != name and (name, alias) not in seen:
                seen.add((name, alias))
                rows.append(
                    {
                        "article_id": article_id,
                        "name": name,
                        "alias": alias,
                        "component": _own_component(entity, analysis, "entities."),
                    }
                )
    return rows


def _entity_rows(article_id: int, analysis: Analysis) -> list[dict[str, Any]]:
    rows = []
    for index, entity in enumerate(getattr(analysis, "entities", ()) or ()):
        start, end = _offsets(entity)
        label = getattr(entity, "type", None) or getattr(entity, "label", None)
        rows.append(
            {
                "article_id": article_id,
                "idx": index,
                "key": _key(entity),
                "name": _name(entity),
                "label": str(label) if label is not None else None,
                "start": start,
                "end": end,
                "field": _field(entity),
                "data": _data(entity),
                "component": _own_component(entity, analysis, "entities."),
            }
        )
    return rows


def _time_rows(article_id: int, analysis: Analysis) -> list[dict[str, Any]]:
    refs = getattr(analysis, "timerefs", None) or getattr(analysis, "time_refs", None) or ()
    text = analysis.article.text
    rows = []
    for index, ref in enumerate(refs):
        start, end = _offsets(ref)
        value = getattr(ref, "value", None) or _interval(ref)
        written = getattr(ref, "text", None)
        if written is None and start is not None and end is not None:
            written = text[start:end]
        rows.append(
            {
                "article_id": article_id,
                "idx": index,
                "text": str(written or ""),
                "value": value.isoformat() if isinstance(value, datetime) else _str(value),
                "start": start,
                "end": end,
                "data": _data(ref),
                "component": _own_component(ref, analysis, "time."),
            }
        )
    return rows


def _interval(ref: object) -> str | None:
    """Return a time reference's interval as ISO 8601: ``2026-02-03`` or ``start/end``."""
    start, end = getattr(ref, "start", None), getattr(ref, "end", None)
    if not isinstance(start, date | None) or not isinstance(end, date | None):
        return None  # offsets, not days
    if start is None and end is None:
        return None
    if start == end:
        return start.isoformat() if start else None
    return f"{start.isoformat() if start else '..'}/{end.isoformat() if end else '..'}"


def _key(record: object) -> str:
    key = getattr(record, "key", None)
    return key if isinstance(key, str) and key else _name(record)


def _offsets(record: object) -> tuple[int | None, int | None]:
    span = getattr(record, "span", None)
    if span is None:  # an entity: its first mention's span
        mentions = getattr(record, "mentions", None) or ()
        first = mentions[0] if mentions else record
        span = getattr(first, "span", first)
    start, end = getattr(span, "start", None), getattr(span, "end", None)
    return (start, end) if isinstance(start, int) and isinstance(end, int) else (None, None)


def _field(record: object) -> str:
    """Return the article field an entity's first mention, the row's span, points into."""
    mentions = getattr(record, "mentions", None) or ()
    field = getattr(mentions[0], "field", None) if mentions else None
    return field if isinstance(field, str) and field else TEXT_FIELD


def _name(record: object) -> str:
    for attribute in ("name", "text", "canonical"):
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value:
            return value
    return str(record)


def _own_component(record: object, analysis: Analysis, prefix: str) -> str:
    own = getattr(record, "component", "")
    return _component(analysis.components, prefix, own if isinstance(own, str) else "")


def _data(record: object) -> dict[str, object]:
    try:
        return to_dict(record)
    except TypeError:
        return {"value": str(record)}


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def article_parts(article: Article) -> dict[str, list[dict[str, str | None]]]:
    """Return the ``images`` and ``removed`` column values of an article's row."""
    return {
        "images": [
            {"url": image.url, "caption": image.caption, "credit": image.credit}
            for image in article.images
        ],
        "removed": [{"text": cut.text, "rule": cut.rule} for cut in article.removed],
    }


def article_from_row(
    row: Mapping[str, Any], paragraph_rows: Sequence[Mapping[str, Any]]
) -> Article:
    """Rebuild the stored ``Article``, its images and removed furniture included."""
    published = None
    evidence = row["published_evidence"] or DateEvidence.METADATA.value
    if row["published_at"] is not None and evidence != DateEvidence.TEXT.value:
        # A day inferred from the text is the analysis's, not the page's: left out, so
        # that reanalysis infers it again with the current rules.
        published = PublishedAt(value=row["published_at"], evidence=DateEvidence(evidence))
    return Article(
        text=row["text"],
        paragraphs=tuple(Span(p["start"], p["end"]) for p in paragraph_rows),
        source=row["source"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        site_name=row["outlet"],
        section=row["section"],
        title=row["title"],
        subtitle=row["subtitle"],
        authors=tuple(row["authors"] or ()),
        published_at=published,
        language=row["language"],
        images=tuple(
            Image(url=item.get("url"), caption=item.get("caption"), credit=item.get("credit"))
            for item in row["images"] or ()
        ),
        removed=tuple(
            Removed(text=item["text"], rule=item["rule"]) for item in row["removed"] or ()
        ),
        extractor=row["extractor"],
        fetched_at=row.get("fetched_at"),
    )
