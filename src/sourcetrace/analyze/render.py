"""Views of an analysis: a who-said-what table for people, records for machines."""

from __future__ import annotations

import textwrap

from sourcetrace.models import (
    TEXT_FIELD,
    TITLE_FIELD,
    Analysis,
    Attribution,
    Span,
    TimeRef,
    to_dict,
)

__all__ = ["analysis_record", "attribution_records", "render_table"]

CONTENT_WIDTH = 60
_CONTENT_COLUMN = 5 + 2 + 33 + 33 + 19 + 11


def render_table(analysis: Analysis) -> str:
    """Render who said what as a plain-text table: source, kind, cue, channel, content."""
    article = analysis.article
    title = article.title or article.source
    lines = [f"# {title}", ""]
    header = f"{'#':>5}  {'source':<32} {'kind':<32} {'cue':<18} {'channel':<10} content"
    lines += [header, "-" * len(header)]
    for index, record in enumerate(analysis.attributions):
        number = f"{index}" if record.parent is None else f"{index}^{record.parent}"
        if record.field == TITLE_FIELD:  # "h5": found in the headline, not the body
            number = f"h{number}"
        content = " … ".join(record.of(article, span) for span in record.contents)
        wrapped = textwrap.wrap(content, CONTENT_WIDTH) or [""]
        kind = f"{record.source_kind}/{record.kind}"
        lines.append(
            f"{number:>5}  {_cut(record.source_text or '-', 32):<32} {_cut(kind, 32):<32} "
            f"{_cut(' '.join(record.of(article, c) for c in record.cues), 18):<18} "
            f"{_cut(record.channel or '-', 10):<10} {wrapped[0]}"
        )
        lines += [" " * _CONTENT_COLUMN + more for more in wrapped[1:]]
    lines += [
        "",
        f"Sources ({len(analysis.roster)}, anonymous share {analysis.anonymous_share:.0%}):",
    ]
    for index, entry in enumerate(analysis.roster):
        lines.append(f"  [{index}] {entry.name} ({entry.kind}): {entry.statements} statement(s)")
    return "\n".join(lines + _entity_lines(analysis) + _time_lines(analysis))


def _entity_lines(analysis: Analysis) -> list[str]:
    lines = ["", f"Entities ({len(analysis.entities)}):"]
    for entity in analysis.entities:
        others = ", ".join(entity.aliases[1:])
        also = f" = {others}" if others else ""
        where = "" if any(m.field == TEXT_FIELD for m in entity.mentions) else ", caption"
        lines.append(f"  {entity.name} ({entity.type}{where}){also}  [{entity.key}]")
    return lines


def _time_lines(analysis: Analysis) -> list[str]:
    published = analysis.published_at
    inference = analysis.published_inference
    if published is not None:
        shown = f"{published.value.date().isoformat()} ({published.evidence}: {published.detail})"
        if inference is not None:
            shown += f", confidence {inference.confidence:.2f}"
    else:
        reason = inference.evidence[0] if inference and inference.evidence else "not given"
        shown = f"unknown ({reason})"
    lines = ["", f"Published: {shown}", f"Times ({len(analysis.timerefs)}):"]
    for ref in analysis.timerefs:
        lines.append(f"  {_cut(ref.text, 30):<30} {_interval(ref)}")
    return lines


def _interval(ref: TimeRef) -> str:
    if not ref.resolved:
        return "unresolved"
    start = ref.start.isoformat() if ref.start else "…"
    end = ref.end.isoformat() if ref.end else "…"
    return start if start == end else f"{start} .. {end}"


def analysis_record(analysis: Analysis) -> dict[str, object]:
    """Return the full JSON-ready record of an analysis."""
    record = to_dict(analysis)
    record["anonymous_share"] = round(analysis.anonymous_share, 4)
    return record


def attribution_records(analysis: Analysis, doc_id: str) -> list[dict[str, object]]:
    """Return one flat record per attribution, offsets into the field it names (text, title)."""
    return [_flat(record, doc_id) for record in analysis.attributions]


def _flat(record: Attribution, doc_id: str) -> dict[str, object]:
    return {
        "doc_id": doc_id,
        "field": record.field,
        "source": _offsets(record.source) if record.source else None,
        "cue": [_offsets(span) for span in record.cues],
        "content": [_offsets(span) for span in record.contents],
        "kind": str(record.kind),
        "source_kind": str(record.source_kind),
        "channel": record.channel,
        "parent": record.parent,
        "entity_key": record.entity_key,
        "said_at": _interval(record.said_at) if record.said_at else None,
    }


def _offsets(span: Span) -> dict[str, int]:
    return {"start": span.start, "end": span.end}


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"
