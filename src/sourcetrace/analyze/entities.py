"""Entities: people, organisations, governments, places and outlets, one record each.

Reads the parsed doc and the attributions; writes ``entities`` and each attribution's
``entity_key``. Mentions come from the parse's named entities and from the alias table
(``data/aliases.toml`` plus the user's file), and are grouped by named rules, tried in
order:

- ``entity.alias-table``: the table knows the form ("the Kremlin" -> Russia, government).
- ``entity.acronym``: the text defines it ("The Financial Times (FT)") or it spells the
  initials of an entity already met.
- ``entity.surname``: a person's surname alone repeats a full name met earlier.
- ``entity.fuzzy``: a spelling close enough to one met earlier (Zelensky / Zelenskiy,
  rapidfuzz ratio).
- ``entity.ner``: a new entity, typed from the parse's label.

An attribution's source is linked to the entity whose mention holds the source's head,
else, for an unnamed source, to the government its demonym names (``entity.affiliation``:
"a senior Ukrainian official" -> Ukraine). Keys are the canonical name's slug and the
type, so the same entity gets the same key in every article.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from sourcetrace.errors import AliasFileError
from sourcetrace.models import Attribution, Entity, EntityType, Mention, SourceKind, Span

__all__ = ["COMPONENT", "AliasTable", "find_entities", "load_aliases"]

COMPONENT = "entities.alias.v1"
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


@dataclass(frozen=True, slots=True)
class _Known:
    name: str
    type: EntityType


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Known entities by surface form, and governments by demonym."""

    forms: dict[str, _Known]  # folded surface form -> entity
    demonyms: dict[str, _Known]
    written: tuple[str, ...]  # every surface form as the table writes it

    def lookup(self, surface: str) -> _Known | None:
        """Return the entity a surface form names, if the table knows it."""
        return self.forms.get(_fold(surface)) or self.forms.get(_fold(_bare(surface)))


def load_aliases(user_file: str | Path | None = None) -> AliasTable:
    """Return the shipped alias table, extended (and overridden) by ``user_file``.

    Raises:
        AliasFileError: the user's file is missing or is not a valid alias table.
    """
    entries = list(_shipped_entries())
    if user_file is not None:
        try:
            entries += _entries(tomllib.loads(Path(user_file).read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError) as exc:
            raise AliasFileError(f"cannot read alias file {user_file}: {exc}") from exc
    forms: dict[str, _Known] = {}
    demonyms: dict[str, _Known] = {}
    written: set[str] = set()
    for known, aliases, nationals in entries:
        for form in (known.name, *aliases):
            written |= {form, _bare(form)}
            forms[_fold(form)] = known
            forms[_fold(_bare(form))] = known
        for demonym in nationals:
            demonyms[demonym.lower()] = known
    return AliasTable(forms, demonyms, tuple(sorted(written)))


@lru_cache(maxsize=1)
def _shipped_entries() -> tuple[tuple[_Known, tuple[str, ...], tuple[str, ...]], ...]:
    data = resources.files("sourcetrace.analyze").joinpath("data/aliases.toml").read_text("utf-8")
    return tuple(_entries(tomllib.loads(data)))


def _entries(data: dict[str, Any]) -> list[tuple[_Known, tuple[str, ...], tuple[str, ...]]]:
    return [
        (
            _Known(str(item["name"]), EntityType(item["type"])),
            tuple(str(a) for a in item.get("aliases", ())),
            tuple(str(d) for d in item.get("demonyms", ())),
        )
        for item in data.get("entity", ())
    ]


@dataclass(slots=True)
class _Group:
    name: str
    type: EntityType
    mentions: list[Mention] = field(default_factory=list)
    pinned: bool = False  # the name comes from the alias table: never lengthened


def find_entities(
    doc: Any, attributions: list[Attribution], table: AliasTable
) -> tuple[tuple[Entity, ...], list[Attribution]]:
    """Group the doc's mentions into entities; link each attribution's source to one."""
    text = doc.text
    acronyms = _defined_acronyms(text)
    groups: list[_Group] = []
    for span, label in _candidates(doc, table):
        _place(Mention(span, span.of(text), ""), label, groups, table, acronyms)
    linked = _link_sources(doc, attributions, groups, table)
    return tuple(_entity(group) for group in groups), linked


def _candidates(doc: Any, table: AliasTable) -> list[tuple[Span, EntityType | None]]:
    """Return mention spans in text order: alias-table phrases first, then parsed names."""
    text = doc.text
    parsed: list[tuple[Span, EntityType | None]] = []
    for ent in doc.ents:
        kind = _LABELS.get(ent.label_)
        span = _strip(text, ent.start_char, ent.end_char)
        if kind is not None and span is not None:
            parsed.append((span, kind))
    found: list[tuple[Span, EntityType | None]] = []
    for match in _table_pattern(table.written).finditer(text):
        span = Span(match.start(), match.end())
        # A longer parsed name wins: "Washington Examiner" is not Washington.
        longer = any(
            s.start <= span.start and span.end <= s.end and len(s) > len(span) for s, _ in parsed
        )
        if table.lookup(match.group(0)) is not None and _cased(match.group(0)) and not longer:
            found.append((span, None))
    for span, kind in parsed:
        if not any(s.start < span.end and span.start < s.end for s, _ in found):
            found.append((span, kind))
    return sorted(found, key=lambda item: item[0])


@lru_cache(maxsize=4)
def _table_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(f) for f in forms if f}, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


def _cased(surface: str) -> bool:
    """Return whether a table match is written as a name: capitalised, acronyms in capitals."""
    bare = _bare(surface)
    return bool(bare) and bare[0].isupper() and not (len(bare) <= 4 and not bare.isupper())


def _place(
    mention: Mention,
    label: EntityType | None,
    groups: list[_Group],
    table: AliasTable,
    acronyms: dict[str, str],
) -> None:
    surface = _bare(mention.text)
    known = table.lookup(mention.text)
    rule = "entity.alias-table"
    if known is None and surface in acronyms:
        known, rule = table.lookup(acronyms[surface]), "entity.acronym"
        defined = _fold(acronyms[surface])
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
        return
    groups.append(_Group(surface, kind, [replace(mention, rule="entity.ner")]))


def _match(surface: str, kind: EntityType, groups: list[_Group]) -> tuple[_Group, str] | None:
    folded = _fold(surface)
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
        if kind is not group.type:
            continue
        if len(folded) >= FUZZY_MIN_CHARS and any(_same(folded, n) for n in names):
            return group, "entity.fuzzy"
    return None


def _names(group: _Group) -> set[str]:
    return {_form(m.text) for m in group.mentions} | {_fold(group.name)}


@lru_cache(maxsize=8192)
def _form(surface: str) -> str:
    """Return the folded bare form a mention is matched by (cached: asked for per group)."""
    return _fold(_bare(surface))


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
        long_form, acronym = _bare(match.group(1).strip()), match.group(2).replace(".", "")
        words = long_form.split()
        for start in range(len(words)):  # the shortest tail whose initials spell it
            candidate = " ".join(words[start:])
            if _initials(_fold(candidate)) == acronym.lower():
                found[acronym] = candidate
                break
    return found


def _initials(folded: str) -> str:
    return "".join(word[0] for word in folded.split() if word not in _MINOR_WORDS)


def _link_sources(
    doc: Any, attributions: list[Attribution], groups: list[_Group], table: AliasTable
) -> list[Attribution]:
    by_source: dict[int, str] = {}
    linked: list[Attribution] = []
    for record in attributions:
        key = _source_key(doc, record, groups, table)
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
    for group in groups:
        for mention in group.mentions:
            if mention.span.start <= root.idx < mention.span.end:
                return _key(group)
    if record.source_kind is not SourceKind.UNNAMED:
        return _named_source(doc, chars, groups, table)
    for token in chars:
        known = table.demonyms.get(token.text.lower())
        if known is not None and token.i != root.i and token.head.i == root.i:
            group = _group_for(known, groups)
            span = Span(token.idx, token.idx + len(token.text))
            if all(m.span != span for m in group.mentions):
                group.mentions.append(Mention(span, token.text, "entity.affiliation"))
            return _key(group)
    return None


def _named_source(doc: Any, chars: Any, groups: list[_Group], table: AliasTable) -> str | None:
    """Give a named source the parse missed its own mention: its run of proper nouns."""
    names = [t for t in chars if t.pos_ == "PROPN"]
    if not names or names[-1].i - names[0].i + 1 != len(names):
        return None
    span = Span(names[0].idx, names[-1].idx + len(names[-1].text))
    label = EntityType.PERSON if chars.root.ent_type_ in ("", "PERSON") else None
    before = len(groups)
    name = doc[names[0].i : names[-1].i + 1].text  # not doc.text: spaCy rebuilds it per access
    _place(Mention(span, name, ""), label, groups, table, {})
    touched = (
        groups[-1]
        if len(groups) > before
        else next(g for g in groups if any(m.span == span for m in g.mentions))
    )
    return _key(touched)


def _group_for(known: _Known, groups: list[_Group]) -> _Group:
    for group in groups:
        if group.name == known.name and group.type is known.type:
            return group
    group = _Group(known.name, known.type, pinned=True)
    groups.append(group)
    return group


def _entity(group: _Group) -> Entity:
    mentions = tuple(sorted(group.mentions, key=lambda m: m.span))
    aliases = tuple(dict.fromkeys((group.name, *(_bare(m.text) for m in mentions))))
    return Entity(_key(group), group.name, group.type, aliases, mentions, COMPONENT)


def _key(group: _Group) -> str:
    return f"{slug(group.name)}.{group.type}"


def slug(name: str) -> str:
    """Return a name's key form: ASCII, lower case, words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _strip(text: str, start: int, end: int) -> Span | None:
    """Trim a parsed name of its possessive and surrounding punctuation."""
    while end > start and (text[end - 1] in " .,;:'’\")" or text[end - 2 : end] in ("'s", "’s")):
        end -= 2 if text[end - 2 : end] in ("'s", "’s") else 1
    while start < end and text[start] in " '\"(“‘":
        start += 1
    return Span(start, end) if start < end else None


def _bare(surface: str) -> str:
    """Return a surface form without a leading "the" or a trailing possessive."""
    bare = re.sub(r"^(?:the|The)\s+", "", surface.strip())
    return re.sub(r"['’]s$", "", bare).strip()


@lru_cache(maxsize=8192)
def _fold(surface: str) -> str:
    return " ".join(surface.lower().replace(".", "").split())
