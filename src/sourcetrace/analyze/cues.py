"""Cues other than a reporting verb: "according to", a colon, nouns, adjectives, seeming.

Each handler takes the parsed doc and the cue's first token and returns a ``Draft`` or
``None``; ``rules.find_drafts`` decides which handler a token goes to.
"""

from __future__ import annotations

from typing import Any

from sourcetrace.analyze.spans import Draft, Range, cue_range, paragraph_end, subtree, trim

__all__ = ["according_to", "adjective_cue", "colon_cue", "noun_cue", "perception", "seeming"]

MAX_COLON_SOURCE_TOKENS = 6
# Children of a seeming verb that say how a thing seems: "seems [likely]", "appears [to ...]".
_SEEMING_COMPLEMENTS = ("ccomp", "xcomp", "acomp", "attr", "oprd")


def adjective_cue(doc: Any, adjective: Any) -> Draft | None:
    """Handle "X is confident that Y", "X was critical of Y", "it is unclear whether Y".

    Also an object predicate: "X left the talks optimistic that Y".
    """
    verb = adjective.head
    if adjective.dep_ == "oprd" and verb.i < adjective.i:
        return _object_predicate(doc, adjective)
    if adjective.dep_ != "acomp" or verb.i > adjective.i:
        return None
    what = [c for c in adjective.children if c.dep_ in ("ccomp", "xcomp", "prep")]
    if not what:  # "it is unclear whether ...": the clause may hang from the verb
        what = [c for c in verb.children if c.dep_ == "ccomp" and c.i > adjective.i]
    if not what:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    source = None
    if subject is not None and subject.lower_ not in ("it", "there"):
        source = trim(doc, subtree(subject), marks=True)
    return Draft(
        cues=[(verb.i, adjective.i + 1)],
        source=source,
        contents=[trim(doc, (what[0].left_edge.i, what[-1].right_edge.i + 1))],
        mode="belief" if source else "speech",
    )


def _object_predicate(doc: Any, adjective: Any) -> Draft | None:
    """Handle "X left the talks optimistic that Y": the verb's subject holds the view."""
    verb = adjective.head
    what = [c for c in adjective.children if c.dep_ == "ccomp"]
    if not what:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    source = trim(doc, subtree(subject), marks=True) if subject is not None else None
    if source is None and verb.dep_ == "conj":
        source = _names_before(doc, verb)
    if source is None:
        return None
    return Draft(
        cues=[(verb.i, verb.i + 1), (adjective.i, adjective.i + 1)],
        source=source,
        contents=[trim(doc, (what[0].left_edge.i, what[-1].right_edge.i + 1))],
        mode="belief",
    )


def _names_before(doc: Any, verb: Any) -> Range | None:
    """Return the sentence's opening words before a subjectless verb when they name people.

    "US envoys Steve Witkoff and Jared Kushner left ...": the small model reads "envoys"
    as the sentence's verb and "left" as its conjunct, with no subject of its own.
    """
    start = verb.sent.start
    words = doc[start : verb.i]
    if not 0 < len(words) <= 10 or any(t.is_punct for t in words):
        return None
    if sum(t.pos_ == "PROPN" for t in words) < 2 or doc[verb.i - 1].pos_ != "PROPN":
        return None
    return start, verb.i


_NOUN_PREPS = frozenset({"of", "for", "about", "on", "against", "to"})


def noun_cue(doc: Any, noun: Any) -> Draft | None:
    """Handle "X's criticism of Y", "his claim that Y", "X voiced concern that Y"."""
    what = next(
        (
            c
            for c in noun.children
            if (c.dep_ in ("acl", "ccomp") and any(g.lower_ == "that" for g in c.children))
            or (c.dep_ == "prep" and c.lower_ in _NOUN_PREPS)
        ),
        None,
    )
    if what is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None and noun.dep_ == "dobj":
        owner = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    if owner is None:
        return None
    start = what.i + 1 if what.dep_ == "prep" else what.left_edge.i
    content = trim(doc, (start, what.right_edge.i + 1))
    cue_end = what.i + 1 if what.dep_ == "prep" else noun.i + 1
    return Draft(
        cues=[(noun.i, cue_end)],
        source=trim(doc, subtree(owner), marks=True),
        contents=[content] if content[1] > content[0] else [],
        mode="speech",
    )


def seeming(doc: Any, verb: Any) -> Draft | None:
    """Handle "X seems Y" and "it appears that Y": no source, content X and Y."""
    how = next((c for c in verb.children if c.dep_ in _SEEMING_COMPLEMENTS), None)
    if how is None:
        return None
    contents = [subtree(how)]
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lower_ not in ("it", "there") and subject.i < verb.i:
        contents.insert(0, subtree(subject))
    return Draft(
        cues=[cue_range(verb)],
        source=None,
        contents=[c for c in (trim(doc, rng) for rng in contents) if c[1] > c[0]],
        mode="speech",
    )


def perception(doc: Any, verb: Any) -> Draft | None:
    """Handle "X are seen by Y as Z": source Y, content X ... Z."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if agent is None or subject is None:
        return None
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    end = int(verb.sent.end)
    as_token = next((t for t in doc[pobj.right_edge.i + 1 : end] if t.lower_ == "as"), None)
    contents = [subtree(subject)]
    if as_token is not None:
        contents.append(trim(doc, (as_token.i + 1, end)))
    cue_start = min([verb.i, *(c.i for c in verb.children if c.dep_ == "auxpass")])
    return Draft(
        cues=[(cue_start, agent.i + 1)],
        source=trim(doc, subtree(pobj)),
        contents=[c for c in contents if c[1] > c[0]],
        mode="belief",
    )


def according_to(doc: Any, according: Any) -> Draft | None:
    to = doc[according.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase = (according.i, pobj.right_edge.i + 1)
    clause = _clause_of(doc, according)
    pieces = [(clause[0], phrase[0]), (phrase[1], clause[1])]
    contents = [trim(doc, rng) for rng in pieces if rng[1] > rng[0]]
    return Draft(
        cues=[(according.i, to.i + 1)],
        source=trim(doc, subtree(pobj)),
        contents=[c for c in contents if c[1] > c[0]],
        mode="according-to",
    )


def colon_cue(doc: Any, colon: Any) -> Draft | None:
    """Handle a headline-style "Name: what they said", a short verbless phrase before a colon."""
    start = colon.sent.start
    lead = doc[start : colon.i]
    if not 1 <= len(lead) <= MAX_COLON_SOURCE_TOKENS:
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.is_space for t in lead):
        return None
    if not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in lead):
        return None
    end = paragraph_end(doc, colon.i)
    content = trim(doc, (colon.i + 1, end))
    if content[1] - content[0] < 2:
        return None
    return Draft(
        cues=[(colon.i, colon.i + 1)],
        source=trim(doc, (start, colon.i)),
        contents=[content],
        mode="speech",
    )


def _clause_of(doc: Any, token: Any) -> Range:
    """Return the range of the sentence holding ``token``."""
    sent = token.sent
    return sent.start, sent.end
