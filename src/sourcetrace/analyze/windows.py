"""Long articles analysed in pieces: windows of whole paragraphs, results in whole-text offsets.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters) and needs about
15 KB of working memory per token while it parses; some rules compare every attribution
with every other. So an article longer than ``Settings.analysis_window_chars`` is cut
into consecutive windows that end at a paragraph break (else a sentence end, else a
space), each window is analysed as an article of its own, and the results are merged
with every span moved back into the whole text. A shorter article is one window, and
its analysis is exactly what it was.

What crosses a window boundary is joined at the merge, not in the rules: a named source
(person, organisation, outlet) keeps one roster entry across windows when its linked
entity, else its name, is the same; an unnamed source or a pronoun stays the window's
own; entities are one record per key. The headline and the image captions are analysed
once, with the first window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sourcetrace.analyze.entities import reading_order
from sourcetrace.models import (
    TEXT_FIELD,
    Analysis,
    Article,
    Attribution,
    Entity,
    EntityType,
    Mention,
    RosterEntry,
    SourceKind,
    Span,
)

__all__ = ["merge", "piece", "windows"]

# A cut is taken at a paragraph break when one falls in the last three quarters of a
# window, so no window is much shorter than the limit.
_MIN_SHARE = 0.25
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s+")
# Sources the resolver never ties across mentions by name: "a source" is not "a source".
_WINDOW_OWN_KINDS = frozenset({SourceKind.UNNAMED, SourceKind.DOCUMENT, SourceKind.PRONOUN})


def windows(text: str, limit: int) -> tuple[Span, ...]:
    """Cut ``text`` into consecutive spans of at most ``limit`` characters, covering it.

    Each cut falls after a line break, else after a sentence end, else after a space,
    else (a run of ``limit`` characters without one) anywhere.
    """
    if limit < 1:
        raise ValueError(f"a window holds at least one character, not {limit}")
    spans: list[Span] = []
    start = 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        spans.append(Span(start, end))
        start = end
    if start < len(text):
        spans.append(Span(start, len(text)))
    return tuple(spans)


def _cut(text: str, start: int, stop: int) -> int:
    """Return the best place in ``(start, stop]`` to end a window starting at ``start``."""
    floor = start + max(1, int((stop - start) * _MIN_SHARE))
    line = text.rfind("\n", floor, stop)
    if line >= 0:
        return line + 1
    sentence = None
    for sentence in _SENTENCE_END.finditer(text, floor, stop):  # noqa: B007 - the last one
        pass
    if sentence is not None:
        return sentence.end()
    space = max(text.rfind(" ", floor, stop), text.rfind("\t", floor, stop))
    return space + 1 if space >= 0 else stop


def piece(article: Article, window: Span, *, first: bool) -> Article:
    """Return the window of ``article`` as an article of its own.

    The first window carries the headline and the images (their captions are analysed
    once); every window carries the article's publication time, already settled.
    """
    paragraphs = tuple(
        Span(p.start - window.start, p.end - window.start)
        for p in article.paragraphs
        if window.start <= p.start and p.end <= window.end
    )
    return replace(
        article,
        text=window.of(article.text),
        paragraphs=paragraphs,
        title=article.title if first else None,
        images=article.images if first else (),
    )


def merge(article: Article, parts: Sequence[tuple[Span, Analysis]]) -> Analysis:
    """Join the analyses of an article's windows into one, spans into ``article.text``.

    Body attributions come in window order, then the headline's (the first window's);
    ``parent`` and ``source_id`` are renumbered to index the merged lists.
    """
    roster, entities = _Roster(), _Entities()
    body: list[Attribution] = []
    headline: list[Attribution] = []
    first_body = 0
    for number, (window, part) in enumerate(parts):
        keys = entities.add(window.start, part.entities)
        linked = [
            replace(r, entity_key=keys.get(r.entity_key, r.entity_key)) if r.entity_key else r
            for r in part.attributions
        ]
        ids = roster.add(number, window.start, part.roster, linked)
        records = [_moved(r, window.start, ids) for r in linked]
        own = [r for r in records if r.field == TEXT_FIELD]
        if number == 0:
            first_body = len(own)
            headline = [r for r in records if r.field != TEXT_FIELD]
        body += [_reparent(r, len(body)) for r in own]
    # The headline's parents index the first window's list, where its body came first.
    headline = [_reparent(r, len(body) - first_body) for r in headline]
    first = parts[0][1]
    return Analysis(
        article=article,
        attributions=(*body, *headline),
        roster=roster.entries(),
        components=first.components,
        entities=entities.entities(),
        timerefs=tuple(
            replace(ref, span=_shift(ref.span, window.start))
            for window, part in parts
            for ref in part.timerefs
        ),
        published_at=first.published_at,
        published_inference=first.published_inference,
    )


def _shift(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset)


def _moved(record: Attribution, offset: int, ids: dict[int, int]) -> Attribution:
    """Return ``record`` with its body spans moved by ``offset`` and its roster id mapped."""
    source_id = ids[record.source_id] if record.source_id is not None else None
    if record.field != TEXT_FIELD:
        return replace(record, source_id=source_id)
    said_at = record.said_at
    return replace(
        record,
        source=_shift(record.source, offset) if record.source else None,
        cues=tuple(_shift(span, offset) for span in record.cues),
        contents=tuple(_shift(span, offset) for span in record.contents),
        channel_span=_shift(record.channel_span, offset) if record.channel_span else None,
        said_at=replace(said_at, span=_shift(said_at.span, offset)) if said_at else None,
        source_id=source_id,
    )


def _reparent(record: Attribution, base: int) -> Attribution:
    return replace(record, parent=record.parent + base) if record.parent is not None else record


@dataclass(slots=True)
class _Merged:
    entry: RosterEntry
    windows: set[int] = field(default_factory=set)
    mentions: list[Span] = field(default_factory=list)


class _Roster:
    """The article's roster, built window by window."""

    def __init__(self) -> None:
        self._merged: list[_Merged] = []
        self._by_key: dict[tuple[str, ...], list[int]] = {}

    def add(
        self,
        number: int,
        offset: int,
        entries: tuple[RosterEntry, ...],
        records: list[Attribution],
    ) -> dict[int, int]:
        """Add a window's roster; return its ids mapped to the article's."""
        ids: dict[int, int] = {}
        for local, entry in enumerate(entries):
            key = _roster_key(number, local, entry, records)
            index = next(
                (i for i in self._by_key.get(key, []) if number not in self._merged[i].windows),
                None,
            )
            if index is None:
                index = len(self._merged)
                self._merged.append(_Merged(entry))
                self._by_key.setdefault(key, []).append(index)
            else:
                merged = self._merged[index].entry
                self._merged[index].entry = replace(
                    merged,
                    statements=merged.statements + entry.statements,
                    title_mentions=merged.title_mentions + entry.title_mentions,
                )
            self._merged[index].windows.add(number)
            self._merged[index].mentions += [_shift(span, offset) for span in entry.mentions]
            ids[local] = index
        return ids

    def entries(self) -> tuple[RosterEntry, ...]:
        return tuple(replace(m.entry, mentions=tuple(m.mentions)) for m in self._merged)


def _roster_key(
    number: int, local: int, entry: RosterEntry, records: Iterable[Attribution]
) -> tuple[str, ...]:
    if entry.kind in _WINDOW_OWN_KINDS:
        return ("window", str(number), str(local))
    linked = next((r.entity_key for r in records if r.source_id == local and r.entity_key), None)
    if linked is not None:
        return ("entity", linked)
    return ("name", str(entry.kind), " ".join(entry.name.casefold().split()))


class _Entities:
    """The article's entities, joined window by window.

    One key is one entity; a person a window names by surname alone ("Mr. Clarke":
    ``clarke.person``) is the person an earlier window named in full ("Tom Clarke"),
    as rule ``entity.surname`` has it within a window.
    """

    def __init__(self) -> None:
        self._merged: dict[str, Entity] = {}
        self._mentions: dict[str, list[Mention]] = {}

    def add(self, offset: int, entities: tuple[Entity, ...]) -> dict[str, str]:
        """Add a window's entities; return the keys that now name another entity."""
        keys: dict[str, str] = {}
        for entity in entities:
            key = self._target(entity)
            if key != entity.key:
                keys[entity.key] = key
            known = self._merged.get(key)
            self._merged[key] = (
                entity
                if known is None
                else replace(known, aliases=tuple(dict.fromkeys(known.aliases + entity.aliases)))
            )
            moved = (_moved_mention(m, offset) for m in entity.mentions)
            self._mentions.setdefault(key, []).extend(moved)
        return keys

    def _target(self, entity: Entity) -> str:
        if entity.key in self._merged or entity.type is not EntityType.PERSON:
            return entity.key
        words = entity.name.casefold().split()
        if len(words) != 1:
            return entity.key
        for key, known in self._merged.items():
            names = known.name.casefold().split()
            if known.type is EntityType.PERSON and names and names[-1] == words[0]:
                return key
        return entity.key

    def entities(self) -> tuple[Entity, ...]:
        """Return the joined entities in order of first mention."""
        joined = [
            replace(entity, mentions=tuple(sorted(self._mentions[key], key=reading_order)))
            for key, entity in self._merged.items()
        ]
        return tuple(sorted(joined, key=lambda e: reading_order(e.mentions[0])))


def _moved_mention(mention: Mention, offset: int) -> Mention:
    if mention.field != TEXT_FIELD:
        return mention
    return replace(mention, span=_shift(mention.span, offset))
