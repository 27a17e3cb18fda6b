"""Entities: people, organisations, governments, places and outlets, one record each.

Reads the parsed doc, the parsed image captions and the attributions; writes ``entities``
and each attribution's ``entity_key``. Mentions come from the parse's named entities and
from the alias table (``data/aliases.toml`` plus the user's file), in the body first and
then in each caption (a mention's ``field`` says which), and are grouped by named rules,
tried in order:

- ``entity.alias-table``: the table knows the form ("the Kremlin" -> Russia, government).
- ``entity.acronym``: the text defines it ("The Financial Times (FT)") or it spells the
  initials of an entity already met.
- ``entity.surname``: a person's surname alone repeats a full name met earlier, or a
  full name completes a surname met alone earlier ("Trump" ... "Donald Trump").
- ``entity.fuzzy``: a spelling close enough to one met earlier (Zelensky / Zelenskiy,
  rapidfuzz ratio).
- ``entity.ner``: a new entity, typed from the parse's label.

An attribution's source is linked to the entity whose mention holds the source's head,
else, for an unnamed source, to the government its demonym or a government's name before
its head names (``entity.affiliation``: "a senior Ukrainian official" -> Ukraine, "a
Washington source" -> United States). A headline attribution's source is linked the same
way, its new mentions in the field ``title``; the headline is not otherwise searched.
Keys are the canonical name's slug and the type, so the same entity gets the same key in
every article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from sourcetrace.analyze.aliases import AliasTable, Known, bare, fold, load_aliases
from sourcetrace.analyze.spans import has_word, trim_symbols
from sourcetrace.errors import AliasFileError
from sourcetrace.models import (
    TEXT_FIELD,
    TITLE_FIELD,
    Attribution,
    Entity,
    EntityType,
    Mention,
    SourceKind,
    Span,
)

# AliasTable, load_aliases and AliasFileError are re-exported: the table lives in aliases.py.
__all__ = [
    "COMPONENT",
    "AliasFileError",
    "AliasTable",
    "find_entities",
    "load_aliases",
    "reading_order",
]

COMPONENT = "entities.alias.v4"
# Names this similar (rapidfuzz ratio, 0-100) are one name spelt two ways.
FUZZY_RATIO = 85
# Shorter names are never matched fuzzily: "Bush" and "Rush" are two people.
FUZZY_MIN_CHARS = 6
_LABELS = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANISATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
}
_MEDIA_WORDS = re.compile(
    r"\b(?:news agency|newspaper|times|post|journal|herald|gazette|tribune|news|press|"
    r"broadcaster|radio|television|tv)\b",
    re.IGNORECASE,
)
_ACRONYM_DEFINED = re.compile(
    r"\b((?:[A-Z][\w&'’.-]*\s+(?:(?:of|and|for|the|de)\s+)*){1,7})\(([A-Z][A-Z&.]{1,9})\)"
)
_MINOR_WORDS = frozenset({"the", "of", "and", "for", "de", "&"})
# Titles that belong to the name they precede: popes and monarchs are known by both
# ("Pope Francis", "King Charles"); other titles ("President Zelensky") are not part of it.
_NAME_TITLES = frozenset({"Pope", "King", "Queen", "Prince", "Princess", "Emperor", "Sheikh"})
# Table forms this short match only as the table writes them: "US", not "us" or "Us".
_SHORT_FORM = 4


@dataclass(slots=True)
class _Group:
    name: str
    type: EntityType
    mentions: list[Mention] = field(default_factory=list)
    pinned: bool = False  # the name comes from the alias table: never lengthened


def find_entities(
    doc: Any,
    attributions: list[Attribution],
    table: AliasTable,
    captions: Sequence[tuple[str, Any]] = (),
    *,
    title_doc: Any = None,
) -> tuple[tuple[Entity, ...], list[Attribution]]:
    """Group the mentions of the body and the captions into entities; link sources to them.

    ``captions`` pairs each caption's field name (``images[0].caption``) with its parsed
    doc. The body is read first, so a caption's names join the body's entities; sources
    are linked to mentions in their own field (the body, or ``title_doc``, the parsed
    headline), never to a caption's.
    """
    acronyms: dict[str, str] = {}
    for part in (*(caption for _, caption in captions), doc):  # the body's definitions win
        acronyms.update(_defined_acronyms(part.text))
    groups: list[_Group] = []
    for name, part in ((TEXT_FIELD, doc), *captions):
        text = part.text
        for span, label in _candidates(part, table):
            _place(Mention(span, span.of(text), "", name), label, groups, table, acronyms)
    linked = _link_sources(doc, title_doc, attributions, groups, table)
    entities = sorted(
        (_entity(group) for group in groups), key=lambda e: reading_order(e.mentions[0])
    )
    return tuple(entities), linked


def reading_order(mention: Mention) -> tuple[int, int, Span]:
    """Return a mention's place in reading order: the body, the headline, each caption."""
    if mention.field == TEXT_FIELD:
        return (0, 0, mention.span)
    if mention.field == TITLE_FIELD:
        return (1, 0, mention.span)
    index = re.search(r"\d+", mention.field)
    return (2, int(index.group(0)) if index else 0, mention.span)


def _candidates(doc: Any, table: AliasTable) -> list[tuple[Span, EntityType | None]]:
    """Return mention spans in text order: alias-table phrases first, then parsed names."""
    text = doc.text
    parsed: list[tuple[Span, EntityType | None]] = []
    for ent in doc.ents:
        kind = _LABELS.get(ent.label_)
        start = ent.start_char
        if kind is EntityType.PERSON and ent.start > 0 and doc[ent.start - 1].text in _NAME_TITLES:
            start = doc[ent.start - 1].idx
        span = _strip(text, start, ent.end_char)
        if kind is not None and span is not None:
            parsed.append((span, kind))
    found: list[tuple[Span, EntityType | None]] = []
    for match in _table_pattern(table.written).finditer(text):
        span = Span(match.start(), match.end())
        # A longer parsed name wins: "Washington Examiner" is not Washington.
        longer = any(
            s.start <= span.start and span.end <= s.end and len(s) > len(span) for s, _ in parsed
        )
        surface = match.group(0)
        if table.lookup(surface) is not None and _cased(surface, table) and not longer:
            found.append((span, None))
    for span, kind in parsed:
        if not any(s.start < span.end and span.start < s.end for s, _ in found):
            found.append((span, kind))
    return sorted(found, key=lambda item: item[0])


@lru_cache(maxsize=4)
def _table_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(f) for f in forms if f}, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


def _cased(surface: str, table: AliasTable) -> bool:
    """Return whether a table match is written as a name: capitalised, short forms verbatim."""
    name = bare(surface)
    if len(name) <= _SHORT_FORM:
        return name in table.written  # "Gaza", "AP": never "ap" or "Ap"
    return bool(name) and name[0].isupper()


def _place(
    mention: Mention,
    label: EntityType | None,
    groups: list[_Group],
    table: AliasTable,
    acronyms: dict[str, str],
) -> None:
    surface = bare(mention.text)
    known = table.lookup(mention.text)
    rule = "entity.alias-table"
    if known is None and surface in acronyms:
        known, rule = table.lookup(acronyms[surface]), "entity.acronym"
        defined = fold(acronyms[surface])
        group = next((g for g in groups if defined in _names(g)), None)
        if known is None and group is not None:
            group.mentions.append(replace(mention, rule=rule))
            return
    if known is not None:
        group = next((g for g in groups if g.name == known.name and g.type is known.type), None)
        if group is None:
            group = _Group(known.name, known.type, pinned=True)
            groups.append(group)
        group.mentions.append(replace(mention, rule=rule))
        return
    kind = label or EntityType.ORGANISATION
    if kind is EntityType.ORGANISATION and _MEDIA_WORDS.search(surface):
        kind = EntityType.MEDIA
    match = _match(surface, kind, groups)
    if match is not None:
        group, rule = match
        group.mentions.append(replace(mention, rule=rule))
        if not group.pinned and len(surface) > len(group.name) and " " in surface:
            group.name = surface
            if kind is EntityType.PERSON:  # a full name settles what its lone surname was
                group.type = kind
        return
    groups.append(_Group(surface, kind, [replace(mention, rule="entity.ner")]))


def _match(surface: str, kind: EntityType, groups: list[_Group]) -> tuple[_Group, str] | None:
    folded = fold(surface)
    for group in groups:
        names = _names(group)
        if folded in names:
            return group, "entity.repeat"
        if surface.isupper() and any(_initials(n) == folded for n in names):
            return group, "entity.acronym"
        surnames = {n.split()[-1] for n in names if " " in n}
        # The parse often mislabels a lone surname as an organisation ("Qaddafi": ORG).
        lone = " " not in surface and kind in (EntityType.PERSON, EntityType.ORGANISATION)
        if group.type is EntityType.PERSON and lone and any(_same(folded, n) for n in surnames):
            return group, "entity.surname" if folded in surnames else "entity.fuzzy"
        if _completes(folded, kind, group):
            return group, "entity.surname"
        if kind is not group.type:
            continue
        if len(folded) >= FUZZY_MIN_CHARS and any(_same(folded, n) for n in names):
            return group, "entity.fuzzy"
    return None


def _completes(folded: str, kind: EntityType, group: _Group) -> bool:
    """Return whether a full name completes a person met only by a surname ("Trump")."""
    # A lone surname the parse took for an organisation is a person once its full name shows.
    lone = (EntityType.PERSON, EntityType.ORGANISATION)
    if kind is not EntityType.PERSON or group.type not in lone or group.pinned:
        return False
    return " " in folded and " " not in group.name and folded.split()[-1] == fold(group.name)


def _names(group: _Group) -> set[str]:
    return {_form(m.text) for m in group.mentions} | {fold(group.name)}


@lru_cache(maxsize=8192)
def _form(surface: str) -> str:
    """Return the folded bare form a mention is matched by (cached: asked for per group)."""
    return fold(bare(surface))


def _same(one: str, other: str) -> bool:
    if one == other:
        return True
    if min(len(one), len(other)) < FUZZY_MIN_CHARS:
        return False
    return fuzz.ratio(one, other) >= FUZZY_RATIO


def _defined_acronyms(text: str) -> dict[str, str]:
    """Return the acronyms the text defines: "The Financial Times (FT)" -> FT."""
    found: dict[str, str] = {}
    for match in _ACRONYM_DEFINED.finditer(text):
        long_form, acronym = bare(match.group(1).strip()), match.group(2).replace(".", "")
        words = long_form.split()
        for start in range(len(words)):  # the shortest tail whose initials spell it
            candidate = " ".join(words[start:])
            if _initials(fold(candidate)) == acronym.lower():
                found[acronym] = candidate
                break
    return found


def _initials(folded: str) -> str:
    return "".join(word[0] for word in folded.split() if word not in _MINOR_WORDS)


def _link_sources(
    doc: Any,
    title_doc: Any,
    attributions: list[Attribution],
    groups: list[_Group],
    table: AliasTable,
) -> list[Attribution]:
    by_source: dict[int, str] = {}
    linked: list[Attribution] = []
    for record in attributions:
        part = title_doc if record.field == TITLE_FIELD else doc
        key = _source_key(part, record, groups, table) if part is not None else None
        if key is None and record.source_id is not None:
            key = by_source.get(record.source_id)
        if key is not None and record.source_id is not None:
            by_source.setdefault(record.source_id, key)
        linked.append(replace(record, entity_key=key, source_kind=_kind_for(record, key)))
    return linked


# A linked entity's type settles a kind the parse guessed wrong ("Kiev" tagged a person).
_KIND_OF_TYPE = {
    "government": SourceKind.ORGANISATION,
    "organisation": SourceKind.ORGANISATION,
    "media": SourceKind.MEDIA,
}


def _kind_for(record: Attribution, key: str | None) -> SourceKind:
    if key is None or record.source_kind is not SourceKind.PERSON:
        return record.source_kind
    return _KIND_OF_TYPE.get(key.rsplit(".", 1)[-1], record.source_kind)


def _source_key(
    doc: Any, record: Attribution, groups: list[_Group], table: AliasTable
) -> str | None:
    if record.source is None or record.source_kind is SourceKind.PRONOUN:
        return None
    chars = doc.char_span(record.source.start, record.source.end, alignment_mode="expand")
    if chars is None:
        return None
    root = chars.root
    where = record.field
    for group in groups:
        for mention in group.mentions:
            if mention.field == where and mention.span.start <= root.idx < mention.span.end:
                return _key(group)
    if record.source_kind is not SourceKind.UNNAMED:
        return _named_source(doc, chars, groups, table, where)
    for token in chars:
        known = _affiliation(token, table)
        if known is not None and token.i != root.i and token.head.i == root.i:
            group = _group_for(known, groups)
            span = Span(token.idx, token.idx + len(token.text))
            if all(m.span != span or m.field != where for m in group.mentions):
                group.mentions.append(Mention(span, token.text, "entity.affiliation", where))
            return _key(group)
    return None


def _affiliation(token: Any, table: AliasTable) -> Known | None:
    """Return the government a modifier of an unnamed source's head names.

    A demonym ("a senior Ukrainian official"), or a government's own name used as a
    modifier ("a Washington source", "a Kremlin official").
    """
    known = table.demonyms.get(token.text.lower())
    if known is not None:
        return known
    if token.dep_ != "compound" or not _cased(token.text, table):
        return None
    named = table.lookup(token.text)
    return named if named is not None and named.type is EntityType.GOVERNMENT else None


def _named_source(
    doc: Any, chars: Any, groups: list[_Group], table: AliasTable, where: str
) -> str | None:
    """Give a named source the parse missed its own mention: its run of proper nouns."""
    names = [t for t in chars if t.pos_ == "PROPN"]
    while names and not has_word(names[0].text):  # a name's edges are words, not "😀"
        names.pop(0)
    while names and not has_word(names[-1].text):
        names.pop()
    if not names or names[-1].i - names[0].i + 1 != len(names):
        return None
    span = Span(names[0].idx, names[-1].idx + len(names[-1].text))
    label = EntityType.PERSON if chars.root.ent_type_ in ("", "PERSON") else None
    before = len(groups)
    name = doc[names[0].i : names[-1].i + 1].text  # not doc.text: spaCy rebuilds it per access
    if not has_word(bare(name)):  # a possessive alone ("’s") names no one
        return None
    _place(Mention(span, name, "", where), label, groups, table, {})
    touched = (
        groups[-1]
        if len(groups) > before
        else next(g for g in groups if any(_at(m, span, where) for m in g.mentions))
    )
    return _key(touched)


def _at(mention: Mention, span: Span, where: str) -> bool:
    return mention.field == where and mention.span == span


def _group_for(known: Known, groups: list[_Group]) -> _Group:
    for group in groups:
        if group.name == known.name and group.type is known.type:
            return group
    group = _Group(known.name, known.type, pinned=True)
    groups.append(group)
    return group


def _entity(group: _Group) -> Entity:
    mentions = tuple(sorted(group.mentions, key=reading_order))
    aliases = tuple(dict.fromkeys((group.name, *(bare(m.text) for m in mentions))))
    return Entity(_key(group), group.name, group.type, aliases, mentions, COMPONENT)


def _key(group: _Group) -> str:
    return f"{slug(group.name)}.{group.type}"


def slug(name: str) -> str:
    """Return a name's key form: ASCII, lower case, words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _strip(text: str, start: int, end: int) -> Span | None:
    """Trim a parsed name of its possessive, surrounding punctuation, emoji and symbols.

    A name holds a letter or a digit: a parse that took "😀" for a person names no one.
    """
    before = None
    while before != (start, end):
        before = (start, end)
        start, end = trim_symbols(text, start, end)
        while end > start and (
            text[end - 1] in " .,;:'’\")" or text[end - 2 : end] in ("'s", "’s")
        ):
            end -= 2 if text[end - 2 : end] in ("'s", "’s") else 1
        while start < end and text[start] in " '\"(“‘—–―-":
            start += 1
    return Span(start, end) if start < end and has_word(text[start:end]) else None
