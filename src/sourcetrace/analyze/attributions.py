"""The attribution component: rule drafts -> ``Attribution`` records in character offsets.

Reads the parsed doc, writes attributions. Quotation marks join the content they touch;
"..., the TASS news agency reported" becomes the channel of the statement it wraps
rather than a statement of its own; an attribution inside another's content is linked to
it by ``parent``, and so is a cue inside a quotation no attribution claims: news style
credits such a quotation to the speaker last named, so its parent is the nearest earlier
attribution made outside quotation marks (PolNeAR, like most readers, counts only the
outer one).

The headline is parsed on its own and read by the same rules (``field="title"``): its
spans point into ``Article.title`` and its ``parent`` links stay within the headline.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sourcetrace.analyze.quotes import kind_of_content, quote_regions
from sourcetrace.analyze.rules import Draft, find_drafts, is_outlet_phrase
from sourcetrace.analyze.sources import classify_source
from sourcetrace.analyze.spans import wordy
from sourcetrace.models import TEXT_FIELD, Attribution, AttributionKind, SourceKind, Span

__all__ = ["COMPONENT", "find_attributions"]

COMPONENT = "attributions.rules.v6"
# A quotation longer than this never stretches a content (an unbalanced mark's runaway).
MAX_QUOTE_CHARS = 3000


def find_attributions(
    doc: Any, *, field: str = TEXT_FIELD, first_index: int = 0
) -> list[Attribution]:
    """Return the attributions of a parsed doc, in cue order, nested ones linked to parents.

    ``field`` names the article field the doc was parsed from (``text``, ``title``); every
    span indexes it. ``first_index`` is where the records will start in the analysis's
    list, so that ``parent`` indexes that list (the headline's follow the body's).
    """
    text = doc.text
    regions = [r for r in quote_regions(text) if len(r) <= MAX_QUOTE_CHARS]
    records = [
        replace(_record(doc, text, draft, regions), field=field) for draft in find_drafts(doc)
    ]
    records = _dedupe(sorted(records, key=lambda a: a.cues[0]))
    records = _continue_quotes(records, regions, text)
    records = _fold_channels(_cut_trailing_sources(records, text))
    linked = _link_quoted(_link_parents(_share_channels(records)), regions)
    if not first_index:
        return linked
    return [
        replace(r, parent=r.parent + first_index) if r.parent is not None else r for r in linked
    ]


def _record(doc: Any, text: str, draft: Draft, regions: list[Span]) -> Attribution:
    # ``text`` is passed in: spaCy rebuilds ``doc.text`` from every token on each access.
    # A source or channel is words: emoji and symbols at its edges go, and one of
    # symbols alone ("😀 said ...") is no source.
    draft = replace(
        draft,
        source=wordy(doc, draft.source) if draft.source else None,
        channel=wordy(doc, draft.channel) if draft.channel else None,
    )
    contents = tuple(_widen(_chars(doc, rng), regions) for rng in draft.contents)
    source = _chars(doc, draft.source) if draft.source else None
    source_kind = classify_source(doc, draft.source) if draft.source else SourceKind.NONE
    channel_span = _chars(doc, draft.channel) if draft.channel else None
    channel = _outlet_name(doc, draft.channel) if draft.channel else None
    if channel is None and source_kind is SourceKind.MEDIA and draft.source:
        channel, channel_span = _outlet_name(doc, draft.source), source
    return Attribution(
        source=source,
        cues=tuple(_chars(doc, rng) for rng in draft.cues),
        contents=_merge(contents),
        kind=_kind(draft, text, contents, source),
        source_kind=source_kind,
        source_text=source.of(text) if source else "",
        channel=channel,
        channel_span=channel_span,
        component=COMPONENT,
    )


def _kind(
    draft: Draft, text: str, contents: tuple[Span, ...], source: Span | None
) -> AttributionKind:
    if draft.mode == "according-to":
        return AttributionKind.ACCORDING_TO
    if draft.mode == "belief":
        return AttributionKind.BELIEF
    if source is None:
        return AttributionKind.NO_SOURCE
    joined = " ".join(span.of(text) for span in contents)
    return AttributionKind(kind_of_content(joined))


def _chars(doc: Any, rng: tuple[int, int]) -> Span:
    span = doc[rng[0] : rng[1]]
    return Span(span.start_char, span.end_char)


def _widen(span: Span, regions: list[Span]) -> Span:
    """Stretch a content over any quotation it starts or ends inside."""
    start, end = span.start, span.end
    for region in regions:
        if region.start >= end:
            break
        if region.end <= start:
            continue
        cuts_in = region.start < start < region.end or region.start < end < region.end
        touches = region.start - start in (0, 1) or end - region.end in (0, 1)
        if cuts_in or touches:
            start, end = min(start, region.start), max(end, region.end)
    return Span(start, end)


def _merge(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return tuple(merged)


def _outlet_name(doc: Any, rng: tuple[int, int]) -> str:
    """Return an outlet's short name: its abbreviation in brackets, else its proper nouns."""
    tokens = list(doc[rng[0] : rng[1]])
    bracketed = [t for t in tokens if t.pos_ == "PROPN" and t.dep_ == "appos" and t.is_upper]
    if bracketed:
        return str(bracketed[0].text)
    names = [t.text for t in tokens if t.pos_ == "PROPN"]
    if names and is_outlet_phrase(tokens):
        return " ".join(names)
    return " ".join(t.text for t in tokens if t.lower_ != "the") or doc[rng[0] : rng[1]].text


def _continue_quotes(
    records: list[Attribution], regions: list[Span], text: str
) -> list[Attribution]:
    """Join the quotation that resumes after a trailing cue: "“A,” she said. “B.”"."""
    cues = sorted(r.cues[0].start for r in records)
    # A quotation is taken by a statement made outside it, not by one it quotes.
    taken = {c for r in records for c in r.contents if not (c.start <= r.cues[0].start < c.end)}
    joined: list[Attribution] = []
    for record in records:
        cue = record.cues[0]
        last = record.contents[-1] if record.contents else None
        if last is None or last.end > cue.start or record.kind is not AttributionKind.DIRECT:
            joined.append(record)
            continue
        follow = next((r for r in regions if r.start >= cue.end), None)
        if (
            follow is None
            or "\n" in text[cue.end : follow.start]
            or follow in taken
            or any(cue.end <= c < follow.start for c in cues)
        ):
            joined.append(record)
            continue
        joined.append(replace(record, contents=(*record.contents, follow)))
    return joined


def _dedupe(records: list[Attribution]) -> list[Attribution]:
    """Keep one attribution per cue (two rules can reach the same verb)."""
    seen: set[Span] = set()
    kept: list[Attribution] = []
    for record in records:
        if record.cues[0] not in seen:
            seen.add(record.cues[0])
            kept.append(record)
    return kept


def _fold_channels(records: list[Attribution]) -> list[Attribution]:
    """Turn "<statement>, the TASS news agency reported" into a channel of the statement."""
    folded = list(records)
    for outer in records:
        if outer.source_kind is not SourceKind.MEDIA or outer.source is None:
            continue
        if not outer.contents or outer.cues[0].start < outer.contents[-1].end:
            continue
        inner = [i for i, r in enumerate(folded) if r is not outer and _inside(r.cues[0], outer)]
        if not inner or outer not in folded:
            continue
        first = inner[0]
        folded[first] = replace(folded[first], channel=outer.channel, channel_span=outer.source)
        folded.remove(outer)
    return folded


def _cut_trailing_sources(records: list[Attribution], text: str) -> list[Attribution]:
    """End a content before the ", a source ... told" that closes its sentence.

    A parse sometimes hangs a trailing attribution's source and cue inside the clause it
    reports; the two attributions then hold each other's cue. The inner one keeps the
    clause, the trailing one its source and cue.
    """
    cut = list(records)
    for index, inner in enumerate(records):
        for outer in records:
            source = outer.source
            if outer is inner or source is None or source.start <= inner.cues[0].end:
                continue
            if _inside(source, inner) and _inside(inner.cues[0], outer):
                contents = tuple(
                    _rstrip(text, c.start, min(c.end, source.start))
                    for c in cut[index].contents
                    if c.start < source.start
                )
                kept = tuple(c for c in contents if c is not None)
                cut[index] = replace(cut[index], contents=kept or cut[index].contents)
    return cut


def _rstrip(text: str, start: int, end: int) -> Span | None:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return Span(start, end) if end > start else None


def _share_channels(records: list[Attribution]) -> list[Attribution]:
    """Give a cue that shares its subject with another ("told the FT, adding") its channel."""
    channels = {r.source: (r.channel, r.channel_span) for r in records if r.channel and r.source}
    return [
        replace(r, channel=channels[r.source][0], channel_span=channels[r.source][1])
        if r.channel is None and r.source in channels
        else r
        for r in records
    ]


def _inside(span: Span, record: Attribution) -> bool:
    return any(c.start <= span.start and span.end <= c.end for c in record.contents)


def _link_parents(records: list[Attribution]) -> list[Attribution]:
    """Link each attribution to the smallest other attribution whose content holds its cue."""
    linked: list[Attribution] = []
    for record in records:
        parents = [
            (sum(len(c) for c in other.contents), index)
            for index, other in enumerate(records)
            if other is not record
            and _inside(record.cues[0], other)
            and not _inside(other.cues[0], record)
        ]
        linked.append(replace(record, parent=min(parents)[1]) if parents else record)
    return linked


def _link_quoted(records: list[Attribution], regions: list[Span]) -> list[Attribution]:
    """Link a top-level cue inside a quotation to the nearest earlier unquoted attribution."""
    quoted = [any(r.start < a.cues[0].start < r.end for r in regions) for a in records]
    linked: list[Attribution] = []
    speaker: int | None = None
    for index, record in enumerate(records):
        if record.parent is None and quoted[index] and speaker is not None:
            record = replace(record, parent=speaker)
        elif not quoted[index] and record.parent is None:
            speaker = index
        linked.append(record)
    return linked
