"""Rule-based attribution over the dependency parse: cue -> source -> content.

Each verb in the cue tables (``lexicon.py``: reporting, belief, stance and verbs mined
from PolNeAR train) is a candidate cue. Its subject, the agent of a passive, or the noun
a participle modifies is the source; its clausal complement is the content, else its
object. When the parse leaves the verb without either, the shape of the sentence decides:
the clause before a trailing "..., X said" (and the rest of a sentence it interrupts), a
quotation closing the sentence before "X asked.", a quotation after "X said,", a stray
"that" clause, or what follows a colon. Nouns, adjectives, "according to", seeming and
headline colons are handled in ``cues.py``. Quotation marks belong to the content, and a
quotation that runs past the clause (over sentences or paragraphs) carries it along.
"""

from __future__ import annotations

from typing import Any

from sourcetrace.analyze import cues, lexicon
from sourcetrace.analyze.spans import (
    Draft,
    Range,
    cue_range,
    is_passive,
    paragraph_end,
    real,
    subtree,
    trim,
    without,
)

__all__ = ["Draft", "find_drafts", "is_outlet", "is_outlet_phrase"]


_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_COMPLEMENTS = ("ccomp",)
_BELIEF_COMPLEMENTS = ("ccomp", "xcomp")
_INHERITS_SUBJECT = ("conj", "advcl", "xcomp")
_OPENING = frozenset({'"', "''", "“"})


def find_drafts(doc: Any) -> list[Draft]:
    """Return every attribution the rules find in a parsed doc, in cue order."""
    drafts: list[Draft] = []
    for token in doc:
        draft: Draft | None = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and token.nbor().lower_ == "to":
            draft = cues.according_to(doc, token)
        elif token.pos_ in ("VERB", "AUX") and _is_cue_verb(token):
            draft = _verb_cue(doc, token)
        elif token.pos_ == "ADJ" and token.lemma_.lower() in lexicon.STANCE_ADJECTIVES:
            draft = cues.adjective_cue(doc, token)
        elif token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.CUE_NOUNS:
            draft = cues.noun_cue(doc, token)
        elif token.text == ":":
            draft = cues.colon_cue(doc, token)
        if draft is not None and draft.contents and (draft.source is None or real(draft.source)):
            drafts.append(draft)
    return drafts


_OBJECT_VERBS = lexicon.STANCE_VERBS | lexicon.MINED_CUE_VERBS
_CUE_VERBS = lexicon.REPORTING_VERBS | lexicon.BELIEF_VERBS | lexicon.SEEMING_VERBS | _OBJECT_VERBS
# Children of a stance verb that carry its content: "called [for a ban]", "backs [Trump]".
_STANCE_OBJECTS = ("dobj", "oprd", "xcomp", "prep", "dative")
_STANCE_PREPS = frozenset({"for", "as", "to", "on", "against", "of", "about", "at", "over", "with"})


def _is_cue_verb(token: Any) -> bool:
    """Tell whether a verb can cue an attribution: not an infinitive ("to suggest")."""
    lemma = token.lemma_.lower()
    if lemma in lexicon.PERCEPTION_VERBS and is_passive(token):
        return True
    if lemma not in _CUE_VERBS and _phrasal_end(token) is None:
        return False
    if token.dep_ == "acl" and token.tag_ == "VBN" and _reduced_relative(token):
        # "a deal aimed at ending the war", "the plan announced on Monday": a past
        # participle modifying a noun names no one who speaks.
        return False
    return not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _reduced_relative(participle: Any) -> bool:
    """Tell "in a deal aimed at ..." from "..., the agency reported (after talks)."

    The small model also parses a trailing cue after its subject as a participle
    modifying that subject; such a cue ends the clause, or its subject follows a comma.
    A participle with an agent ("a plan praised by the mayor") names its source.
    """
    children = list(participle.children)
    if any(c.dep_ == "agent" for c in children):
        return False
    if not any(c.i > participle.i and not c.is_punct for c in children):
        return False
    start: int = participle.head.left_edge.i
    before: str = participle.doc[start - 1].text if start > 0 else ""
    return before != ","


def _verb_cue(doc: Any, verb: Any) -> Draft | None:
    lemma = verb.lemma_.lower()
    belief = lemma in lexicon.BELIEF_VERBS and lemma not in lexicon.REPORTING_VERBS
    if is_passive(verb) and lemma in lexicon.PERCEPTION_VERBS:
        return cues.perception(doc, verb)
    if lemma in lexicon.SEEMING_VERBS:
        return cues.seeming(doc, verb)
    closing = _phrasal_end(verb)
    phrasal = _phrasal_cue(doc, verb, closing) if closing is not None else None
    if phrasal is not None:
        return phrasal
    cue = cue_range(verb)
    complements = _BELIEF_COMPLEMENTS if belief else _COMPLEMENTS
    content = [subtree(child) for child in verb.children if child.dep_ in complements]
    source = _source_of(verb)
    if not content:
        content, source = _content_by_shape(doc, verb, source)
    if not content and lemma not in lexicon.CLAUSE_ONLY_VERBS and source is not None:
        content = _stance_content(verb)
    if not content:
        return None
    content = [trim(doc, rng) for rng in content]
    if source is not None:
        source = trim(doc, source, marks=True)
        content = [without(rng, source) for rng in content]
    channel = _channel_of(verb, source, doc)
    mode = "belief" if belief else "speech"
    return Draft(
        cues=[cue],
        source=source,
        contents=[c for c in content if c[1] > c[0]],
        mode=mode,
        channel=channel,
    )


_PHRASAL_VERBS = frozenset(verb for verb, _, _ in lexicon.PHRASAL_CUES)


def _phrasal_end(verb: Any) -> Any | None:
    """Return the preposition that closes a phrasal cue ("calls attention [to]"), if any."""
    lemma = verb.lemma_.lower()
    if lemma not in _PHRASAL_VERBS:
        return None
    for noun in verb.children:
        if noun.dep_ != "dobj":
            continue
        for prep in (*noun.children, *verb.children):
            phrase = (lemma, noun.lemma_.lower(), prep.lower_)
            if prep.dep_ == "prep" and prep.i > noun.i and phrase in lexicon.PHRASAL_CUES:
                return prep
    return None


def _phrasal_cue(doc: Any, verb: Any, prep: Any) -> Draft | None:
    """Handle "X calls attention to Y": the cue runs from the verb to the preposition."""
    what = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    source = _source_of(verb)
    if what is None or source is None:
        return None
    return Draft(
        cues=[(cue_range(verb)[0], prep.i + 1)],
        source=trim(doc, source, marks=True),
        contents=[trim(doc, subtree(what))],
        mode="speech",
    )


def _source_of(verb: Any) -> Range | None:
    """Return the subject of a cue verb, the passive's agent, or an inherited subject."""
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return subtree(pobj)
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return subtree(child)
        if child.dep_ == "nsubjpass":
            return None
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        # "he surprised them by announcing ...": the subject of the clause the cue serves.
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        return subtree(subject) if subject is not None and subject.i < verb.i else None
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        # "a gunman claiming ...": the noun an active participle modifies. A past
        # participle is passive ("a deal aimed at ..."): its noun is not the source.
        return (head.left_edge.i, verb.i) if _modifies(head, verb) else None
    if verb.dep_ in _INHERITS_SUBJECT and head is not verb and head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ == "nsubj" and child.i < verb.i:
                return subtree(child)
    return None


def _modifies(noun: Any, verb: Any) -> bool:
    """Tell whether a participle follows its noun closely: "a gunman claiming", not ", X told"."""
    between = noun.doc[noun.i + 1 : verb.i]
    return 0 <= verb.i - noun.i <= 6 and not any(t.is_punct for t in between)


def _content_by_shape(
    doc: Any, verb: Any, source: Range | None
) -> tuple[list[Range], Range | None]:
    """Find content a parse left unattached: "'...,' X said", "X said: ...", "X said, “...”"."""
    sent = verb.sent
    if source is None:
        source = _preceding_noun_phrase(doc, verb)
    if verb.lemma_.lower() not in lexicon.REPORTING_VERBS:
        return _content_after(doc, verb, source), source
    lead_end = source[0] if source is not None and source[0] < verb.i else verb.i
    if _reported_lead(doc, sent.start, lead_end):
        return [(sent.start, lead_end), *_resumed_clause(doc, verb, source)], source
    quoted = _quote_before(doc, sent.start)
    if lead_end - sent.start < 3 and quoted:
        return [quoted], source
    if verb.dep_ == "parataxis" and verb.head.i > verb.i:
        # "Investment, an official says, helped": the clause around the cue.
        return [(sent.start, verb.left_edge.i), (verb.right_edge.i + 1, sent.end)], source
    return _content_after(doc, verb, source), source


def _content_after(doc: Any, verb: Any, source: Range | None) -> list[Range]:
    """Find content after a cue: a stray "that" clause, a colon, or a comma and a quote."""
    sent = verb.sent
    after = max(verb.i, source[1] - 1 if source else verb.i) + 1
    for token in doc[verb.i + 1 : min(verb.i + 8, sent.end)]:
        if token.lower_ == "that" and token.dep_ == "mark" and token.head.i > token.i:
            return [(token.i, token.head.right_edge.i + 1)]
    if after + 1 < sent.end and doc[after].text in (",", ":") and doc[after + 1].text in _OPENING:
        return [(after + 1, after + 2)]  # widened over the quotation it opens
    edge = verb.right_edge.i + 1
    colon = next((t for t in doc[verb.i + 1 : min(edge + 1, sent.end)] if t.text == ":"), None)
    if colon is not None:
        end = paragraph_end(doc, colon.i)
        if end - colon.i <= 2 and end + 1 < len(doc):
            end = paragraph_end(doc, end + 1)  # "he declared:" ends a paragraph; the next says it
        if end - colon.i > 2:
            return [(colon.i + 1, end)]
    return []


def _reported_lead(doc: Any, start: int, end: int) -> bool:
    """Tell whether the words before a trailing cue are what it reports: a clause or a quote.

    "In Concord, he showed" leads with a phrase, not a statement.
    """
    if end - start < 3 or not _closes_clause(doc[end - 1]):
        return False
    lead = doc[start:end]
    if any(t.is_quote for t in lead):
        return True
    # "While many opposed it, the base has shown ...": a subordinate clause sets the scene.
    opener = lead[0] if lead[0].pos_ != "CCONJ" or len(lead) < 2 else lead[1]
    if opener.dep_ in ("mark", "prep", "advmod") or opener.lower_ in lexicon.SUBORDINATORS:
        return False
    return any(t.pos_ in ("VERB", "AUX") for t in lead)


def _quote_before(doc: Any, start: int) -> Range | None:
    """Return the sentence that a quote closes right before ``start``: "“Why?” she asked."."""
    if start < 2 or doc[start - 1].text not in ("”", '"', "''"):
        return None
    first = doc[start - 1].sent.start
    if any(t.is_space and "\n" in t.text for t in doc[first:start]):
        return None
    return first, start


def _resumed_clause(doc: Any, verb: Any, source: Range | None) -> list[Range]:
    """Return the rest of a sentence a cue interrupts: "It was, he said, a failure"."""
    end = max(verb.i, source[1] - 1 if source else verb.i) + 1
    sent_end = verb.sent.end
    if end >= sent_end or doc[end].text != "," or sent_end - end < 4:
        return []
    if any(t.text in ("“", '"', "''") for t in doc[end + 1 : end + 2]):
        return []  # a new quotation: _continue_quotes decides on it
    return [(end + 1, sent_end)]


def _closes_clause(token: Any) -> bool:
    """Tell whether a token ends a clause a trailing cue reports: a comma, dash or closing mark."""
    if token.text in (",", "—", "–", "”", "’"):
        return True
    return (
        token.text in ('"', "''")
        and token.i > 0
        and not token.nbor(-1).is_space
        and token.whitespace_ != ""
    )


def _stance_content(verb: Any) -> list[Range]:
    """Return the object of a stance verb, with what completes it: "X as Y", "for Z"."""
    # "spoke to reporters", "talked with the FT": whom one speaks to is a channel, not content.
    channel = verb.lemma_.lower() in lexicon.CHANNEL_VERBS
    preps = _STANCE_PREPS - {"to", "with"} if channel else _STANCE_PREPS
    parts = [
        child
        for child in verb.rights
        if child.dep_ in _STANCE_OBJECTS and (child.dep_ != "prep" or child.lower_ in preps)
    ]
    if not parts:
        return []
    start, end = parts[0].left_edge.i, max(p.right_edge.i for p in parts) + 1
    # A noun-phrase content ends before a comma: ", which ..." and ", adding ..." are not it.
    comma = next((t.i for t in verb.doc[start:end] if t.text == ","), end)
    return [(start, comma)]


def _preceding_noun_phrase(doc: Any, verb: Any) -> Range | None:
    """Return the noun phrase right before a subjectless verb, when a comma opens it."""
    start = verb.i
    sent_start = verb.sent.start
    while start > sent_start and not doc[start - 1].is_punct and verb.i - start < 12:
        start -= 1
    if start == verb.i or start == sent_start:
        return None
    words = doc[start : verb.i]
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in words):
        return None
    while start < verb.i and doc[start].pos_ in ("ADV", "CCONJ"):
        start += 1
    end = verb.i
    while end > start and doc[end - 1].pos_ in ("ADV", "AUX", "PART"):
        end -= 1
    if end <= start or doc[end - 1].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None  # "Fiorina for criticizing", "arrested and charged": not a speaker
    return start, end


def _channel_of(verb: Any, source: Range | None, doc: Any) -> Range | None:
    """Return the outlet a statement went to: "told Reuters", "spoke to the FT"."""
    for child in verb.children:
        if verb.lemma_.lower() == "tell" and child.dep_ in ("dobj", "dative") and is_outlet(child):
            return subtree(child)
        if child.dep_ == "prep" and child.lower_ in ("to", "with"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and is_outlet(pobj):
                return subtree(pobj)
    if source is None:
        return None
    for token in doc[source[0] : source[1]]:
        spoken_to = token.head.lower_ in ("to", "with") and (
            token.head.head.lemma_.lower() in lexicon.CHANNEL_VERBS
        )
        if token.dep_ == "pobj" and spoken_to and is_outlet(token):
            return subtree(token)
    return None


def is_outlet_phrase(tokens: list[Any]) -> bool:
    """Tell whether the head of a phrase's tokens names a news outlet."""
    indices = {t.i for t in tokens}
    return any(is_outlet(t) for t in tokens if t.head.i not in indices or t.head.i == t.i)


def is_outlet(token: Any) -> bool:
    """Tell whether a noun phrase's head names a news outlet."""
    words = [t for t in token.subtree if t.pos_ in ("PROPN", "NOUN")]
    name = " ".join(t.lower_ for t in words if t.pos_ == "PROPN")
    if name in lexicon.MEDIA_NAMES and (token.pos_ == "PROPN" or len(name.split()) > 1):
        return True
    if token.lemma_.lower() in lexicon.MEDIA_HEADS:
        return any(t.pos_ == "PROPN" for t in words) or token.lower_ == "agency"
    return token.pos_ == "PROPN" and token.lower_ in lexicon.MEDIA_NAMES
