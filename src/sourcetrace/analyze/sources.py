"""Sources: what kind each is, which mentions are one source, and the article's roster.

A later mention resolves to the first matching source met earlier in the article: "the
source who spoke to Reuters" to "a source familiar with ...", "the official" to "a senior
official", "Zelenskiy" to "Volodymyr Zelensky"; a pronoun to the nearest earlier source
it can stand for. Unmatched mentions open a new roster entry.

The headline's sources are resolved after the body's, against the same roster: "Zelensky"
in the headline joins the body's Zelensky, but an indefinite "A Washington source" opens
an entry of its own, and a headline pronoun is never tied to a body source.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Any

from sourcetrace.analyze import lexicon
from sourcetrace.analyze.rules import is_outlet
from sourcetrace.models import TITLE_FIELD, Attribution, RosterEntry, SourceKind, Span

__all__ = ["COMPONENT", "classify_source", "resolve_sources"]

COMPONENT = "sources.resolve.v2"
# Surnames this similar are one name spelt two ways (Zelensky / Zelenskiy).
SURNAME_SIMILARITY = 0.85
_ORG_ENTS = frozenset({"ORG", "GPE", "NORP", "FAC"})
_SINGULAR_PRONOUNS = frozenset({"he", "she", "i", "who"})
_PLURAL_PRONOUNS = frozenset({"they", "we"})
_DEFINITE = frozenset({"the", "that", "this", "these", "those"})
_RELATIVE = ("who", "which", "that")


def classify_source(doc: Any, rng: tuple[int, int]) -> SourceKind:
    """Return the kind of the source phrase ``doc[start:end]``, read from its head."""
    head = _head(doc, rng)
    lemma = head.lemma_.lower()
    if head.pos_ == "PRON" or (rng[1] - rng[0] == 1 and head.lower_ in lexicon.PRONOUNS):
        return SourceKind.PRONOUN
    if is_outlet(head):
        return SourceKind.MEDIA
    if head.ent_type_ == "PERSON":
        return SourceKind.PERSON
    if head.ent_type_ in _ORG_ENTS or lemma in lexicon.ORGANISATION_HEADS:
        return SourceKind.ORGANISATION
    if lemma in lexicon.DOCUMENT_HEADS:
        return SourceKind.DOCUMENT
    if head.pos_ == "PROPN":
        return SourceKind.PERSON
    return SourceKind.UNNAMED


@dataclass(slots=True)
class _Entry:
    kind: SourceKind
    name: str
    head: str
    surname: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Span] = field(default_factory=list)
    title_mentions: list[Span] = field(default_factory=list)
    statements: int = 0

    def spans(self, record: Attribution) -> list[Span]:
        """Return the mentions in the field ``record`` was found in."""
        return self.title_mentions if record.field == TITLE_FIELD else self.mentions


def resolve_sources(
    doc: Any, attributions: list[Attribution], *, title_doc: Any = None
) -> tuple[list[Attribution], tuple[RosterEntry, ...]]:
    """Give every attribution with a source a roster id; return them and the roster.

    ``title_doc`` is the parsed headline, read for the attributions whose field is ``title``.
    """
    entries: list[_Entry] = []
    resolved: list[Attribution] = []
    for record in attributions:
        if record.source is None:
            resolved.append(record)
            continue
        index = _resolve(title_doc if record.field == TITLE_FIELD else doc, record, entries)
        entries[index].spans(record).append(record.source)
        entries[index].statements += 1
        resolved.append(replace(record, source_id=index))
    roster = tuple(
        RosterEntry(
            name=e.name,
            kind=e.kind,
            statements=e.statements,
            mentions=tuple(e.mentions),
            title_mentions=tuple(e.title_mentions),
        )
        for e in entries
    )
    return resolved, roster


def _resolve(doc: Any, record: Attribution, entries: list[_Entry]) -> int:
    assert record.source is not None
    for index, entry in enumerate(entries):
        if record.source in entry.spans(record):  # a subject shared by two cues: "told ..., adding"
            return index
    rng = _tokens(doc, record.source)
    head = _head(doc, rng)
    kind = record.source_kind
    if kind is SourceKind.PRONOUN:
        # A headline stands alone: its pronoun only resolves inside it ("who").
        pool = [] if record.field == TITLE_FIELD and head.lower_ not in _RELATIVE else entries
        found = _antecedent(doc, head, pool)
        if found is not None:
            return found
    else:
        found = _match(doc, rng, head, kind, entries)
        if found is not None:
            return found
    words = [t for t in doc[rng[0] : rng[1]] if not t.is_punct]
    entries.append(
        _Entry(
            kind=kind,
            name=record.source_text,
            head=head.lemma_.lower(),
            surname=head.lower_ if kind is SourceKind.PERSON else "",
            aliases=_aliases(words),
        )
    )
    return len(entries) - 1


def _match(
    doc: Any, rng: tuple[int, int], head: Any, kind: SourceKind, entries: list[_Entry]
) -> int | None:
    words = [t for t in doc[rng[0] : rng[1]] if not t.is_punct]
    aliases = _aliases(words)
    determiner = words[0].lower_ if words else ""
    for index, entry in enumerate(entries):
        if entry.kind is SourceKind.PRONOUN:
            continue
        if kind is SourceKind.PERSON and entry.surname and _same_name(entry.surname, head.lower_):
            return index
        if kind in (SourceKind.ORGANISATION, SourceKind.MEDIA) and aliases & entry.aliases:
            return index
        if (
            kind in (SourceKind.UNNAMED, SourceKind.DOCUMENT)
            and determiner in _DEFINITE
            and entry.head == head.lemma_.lower()
        ):
            return index
    return None


def _antecedent(doc: Any, head: Any, entries: list[_Entry]) -> int | None:
    """Return the nearest earlier source a pronoun can stand for."""
    pronoun = head.lower_
    if pronoun in _RELATIVE and head.head.dep_ == "relcl":
        noun = head.head.head
        for index, entry in enumerate(entries):
            if entry.surname and _same_name(entry.surname, noun.lower_):
                return index
        return None
    wanted = (
        {SourceKind.PERSON, SourceKind.UNNAMED}
        if pronoun in _SINGULAR_PRONOUNS
        else (
            {SourceKind.ORGANISATION, SourceKind.UNNAMED, SourceKind.MEDIA}
            if pronoun in _PLURAL_PRONOUNS
            else {SourceKind.ORGANISATION, SourceKind.DOCUMENT, SourceKind.MEDIA}
        )
    )
    for index in range(len(entries) - 1, -1, -1):
        if entries[index].kind in wanted:
            return index
    return None


def _aliases(words: list[Any]) -> set[str]:
    """Return the names a phrase goes by: without "the", and its bracketed abbreviation."""
    names = {" ".join(t.lower_ for t in words if t.lower_ != "the" and t.dep_ != "appos")}
    names |= {t.lower_ for t in words if t.dep_ == "appos" and t.is_upper}
    return {name for name in names if name}


def _same_name(one: str, other: str) -> bool:
    if one == other:
        return True
    return min(len(one), len(other)) >= 5 and (
        SequenceMatcher(None, one, other).ratio() >= SURNAME_SIMILARITY
    )


def _head(doc: Any, rng: tuple[int, int]) -> Any:
    start, end = rng
    for token in doc[start:end]:
        if not start <= token.head.i < end or token.head.i == token.i:
            if token.pos_ == "VERB" and doc[end - 1].pos_ == "PROPN":
                # A misparse ("US envoys Steve Witkoff ..." read with "envoys" as a
                # verb): the name that ends the phrase heads it.
                return doc[end - 1]
            return token
    return doc[start]


def _tokens(doc: Any, span: Span) -> tuple[int, int]:
    chars = doc.char_span(span.start, span.end, alignment_mode="expand")
    return int(chars.start), int(chars.end)
