"""Rebuild the records from stored rows: the inverse of ``rows.py``.

``article_from_row`` gives back the ``Article`` that was stored, field for field (its
strings with U+0000 as U+FFFD, see ``rows.py``); ``analysis_from_rows`` the
``Analysis``. An entity and a time reference come back from their rows' JSON ``data``,
which holds their whole record. Rows stored before migration 0007 lack what it added
(a channel's span, the analysis's publication-day reading) and read back without it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

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
)

__all__ = ["analysis_from_rows", "article_from_row"]

Row = Mapping[str, Any]


def article_from_row(row: Row, paragraph_rows: Sequence[Row]) -> Article:
    """Rebuild the stored ``Article``: every field as it was stored."""
    return Article(
        text=row["text"],
        paragraphs=tuple(Span(p["start"], p["end"]) for p in paragraph_rows),
        source=row["source"],
        url=row["url"],
        canonical_url=row["declared_canonical_url"],
        site_name=row["site_name"],
        section=row["section"],
        title=row["title"],
        subtitle=row["subtitle"],
        authors=tuple(row["authors"] or ()),
        # A day inferred from the text is the analysis's, not the page's: left out, so
        # that reanalysis infers it again with the current rules.
        published_at=None if row["published_inferred"] else _published(row),
        language=row["language"],
        images=tuple(
            Image(url=item.get("url"), caption=item.get("caption"), credit=item.get("credit"))
            for item in row["images"] or ()
        ),
        removed=tuple(
            Removed(text=item["text"], rule=item["rule"]) for item in row["removed"] or ()
        ),
        extractor=row["extractor"],
        fetched_at=row["fetched_at"],
    )


def analysis_from_rows(article: Article, row: Row, tables: Mapping[str, Sequence[Row]]) -> Analysis:
    """Rebuild the stored ``Analysis`` of ``article`` from its row and its analysis rows.

    ``tables`` maps ``attributions``, ``sources``, ``entities`` and ``time_refs`` to the
    article's rows of each, in ``idx`` order.
    """
    inference = row["published_inference"]
    return Analysis(
        article=article,
        attributions=tuple(_attribution(r) for r in tables["attributions"]),
        roster=tuple(_roster_entry(r) for r in tables["sources"]),
        components=tuple(row["components"].split()),
        entities=tuple(_entity(r["data"]) for r in tables["entities"]),
        timerefs=tuple(_time_ref(r["data"]) for r in tables["time_refs"]),
        published_at=_published(row),
        published_inference=_inference(inference) if inference is not None else None,
    )


def _published(row: Row) -> PublishedAt | None:
    if row["published_at"] is None:
        return None
    detail, precision = row["published_detail"], row["published_precision"]
    return PublishedAt(
        value=row["published_at"],
        evidence=DateEvidence(row["published_evidence"] or DateEvidence.METADATA),
        detail="" if detail is None else detail,
        precision="day" if precision is None else precision,
    )


def _attribution(row: Row) -> Attribution:
    said_at = row["said_at"]
    return Attribution(
        source=_span_of(row["source_start"], row["source_end"]),
        cues=tuple(Span(start, end) for start, end in row["cues"]),
        contents=tuple(Span(start, end) for start, end in row["contents"]),
        kind=AttributionKind(row["kind"]),
        source_kind=SourceKind(row["source_kind"]),
        source_text=row["source_text"],
        channel=row["channel"],
        channel_span=_span_of(row["channel_start"], row["channel_end"]),
        parent=row["parent"],
        source_id=row["source_idx"],
        component=row["component"],
        entity_key=row["entity_key"],
        said_at=_time_ref(said_at) if said_at is not None else None,
        field=row["field"],
    )


def _roster_entry(row: Row) -> RosterEntry:
    mentions = row["mentions"]
    return RosterEntry(
        name=row["name"],
        kind=SourceKind(row["kind"]),
        statements=row["statements"],
        mentions=tuple(Span(m[0], m[1]) for m in mentions if len(m) == 2),
        title_mentions=tuple(
            Span(m[0], m[1]) for m in mentions if len(m) == 3 and m[2] == TITLE_FIELD
        ),
    )


def _entity(data: Row) -> Entity:
    return Entity(
        key=data["key"],
        name=data["name"],
        type=EntityType(data["type"]),
        aliases=tuple(data["aliases"]),
        mentions=tuple(
            Mention(
                span=_span(m["span"]),
                text=m["text"],
                rule=m["rule"],
                field=m.get("field", TEXT_FIELD),
            )
            for m in data["mentions"]
        ),
        component=data.get("component", ""),
    )


def _time_ref(data: Row) -> TimeRef:
    return TimeRef(
        span=_span(data["span"]),
        text=data["text"],
        rule=data["rule"],
        start=_date(data.get("start")),
        end=_date(data.get("end")),
        granularity=data.get("granularity", "day"),
        component=data.get("component", ""),
    )


def _inference(data: Row) -> DateInference:
    return DateInference(
        day=_date(data["day"]),
        confidence=data["confidence"],
        evidence=tuple(data["evidence"]),
        rule=data.get("rule", ""),
        component=data.get("component", ""),
    )


def _span(data: Row) -> Span:
    return Span(data["start"], data["end"])


def _span_of(start: int | None, end: int | None) -> Span | None:
    return Span(start, end) if start is not None and end is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None
