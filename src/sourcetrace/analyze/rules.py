"""Rule-based attribution over the dependency parse: cue -> source -> content.

Each reporting or belief verb (``lexicon.py``) is a candidate cue. Its subject, or the
agent of a passive, is the source; its clausal complement is the content. When the parse
leaves the verb without a complement, the shape of the sentence decides: content before
a trailing "..., X said", or after a colon. "according to X" makes the rest of its clause
the content. Quotation marks belong to the content, and a quotation that runs past the
clause (over sentences or paragraphs) carries the content with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sourcetrace.analyze import lexicon

__all__ = ["Draft", "find_drafts", "is_outlet", "is_outlet_phrase"]

Range = tuple[int, int]  # token indices, end exclusive

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_COMPLEMENTS = ("ccomp",)
_BELIEF_COMPLEMENTS = ("ccomp", "xcomp")
_INHERITS_SUBJECT = ("conj", "advcl", "xcomp")
MAX_COLON_SOURCE_TOKENS = 6
_EDGE_PUNCT = frozenset(",.;:—–-()[]")


@dataclass(slots=True)
class Draft:
    """An attribution as the rules find it, in token ranges of the parsed doc."""

    cues: list[Range]
    source: Range | None
    contents: list[Range]
    mode: str  # speech | according-to | belief
    channel: Range | None = None
    notes: list[str] = field(default_factory=list)


def find_drafts(doc: Any) -> list[Draft]:
    """Return every attribution the rules find in a parsed doc, in cue order."""
    drafts: list[Draft] = []
    for token in doc:
        draft: Draft | None = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and token.nbor().lower_ == "to":
            draft = _according_to(doc, token)
        elif token.pos_ in ("VERB", "AUX") and _is_cue_verb(token):
            draft = _verb_cue(doc, token)
        elif token.text == ":":
            draft = _colon_cue(doc, token)
        if draft is not None and draft.contents and (draft.source is None or _real(draft.source)):
            drafts.append(draft)
    return drafts


_CUE_VERBS = lexicon.REPORTING_VERBS | lexicon.BELIEF_VERBS | lexicon.STANCE_VERBS
# Children of a stance verb that carry its content: "called [for a ban]", "backs [Trump]".
_STANCE_OBJECTS = ("dobj", "oprd", "xcomp", "prep", "dative")
_STANCE_PREPS = frozenset({"for", "as", "to", "on", "against", "of"})


def _is_cue_verb(token: Any) -> bool:
    """Tell whether a verb can cue an attribution; an infinitive ("to suggest") cannot."""
    lemma = token.lemma_.lower()
    if lemma in lexicon.PERCEPTION_VERBS and _is_passive(token):
        return True
    if lemma not in _CUE_VERBS:
        return False
    return not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _verb_cue(doc: Any, verb: Any) -> Draft | None:
    lemma = verb.lemma_.lower()
    belief = lemma in lexicon.BELIEF_VERBS and lemma not in lexicon.REPORTING_VERBS
    if _is_passive(verb) and lemma in lexicon.PERCEPTION_VERBS:
        return _perception(doc, verb)
    cue = _cue_range(verb)
    complements = _BELIEF_COMPLEMENTS if belief else _COMPLEMENTS
    content = [_subtree(child) for child in verb.children if child.dep_ in complements]
    source = _source_of(verb)
    if not content:
        content, source = _content_by_shape(doc, verb, source)
    if not content and lemma in lexicon.STANCE_VERBS and source is not None:
        content = _stance_content(verb)
    if not content:
        return None
    content = [_trim(doc, rng) for rng in content]
    if source is not None:
        source = _trim(doc, source)
        content = [_without(rng, source) for rng in content]
    channel = _channel_of(verb, source, doc)
    mode = "belief" if belief else "speech"
    return Draft(
        cues=[cue],
        source=source,
        contents=[c for c in content if c[1] > c[0]],
        mode=mode,
        channel=channel,
    )


def _perception(doc: Any, verb: Any) -> Draft | None:
    """Handle "X are seen by Y as Z": source Y, content X ... Z."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if agent is None or subject is None:
        return None
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    sent_end = _sent_end(doc, verb)
    as_token = next((t for t in doc[pobj.right_edge.i + 1 : sent_end] if t.lower_ == "as"), None)
    contents = [_subtree(subject)]
    if as_token is not None:
        contents.append(_trim(doc, (as_token.i + 1, sent_end)))
    cue_start = min([verb.i, *(c.i for c in verb.children if c.dep_ == "auxpass")])
    return Draft(
        cues=[(cue_start, agent.i + 1)],
        source=_trim(doc, _subtree(pobj)),
        contents=[c for c in contents if c[1] > c[0]],
        mode="belief",
    )


def _according_to(doc: Any, according: Any) -> Draft | None:
    to = doc[according.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    phrase = (according.i, pobj.right_edge.i + 1)
    clause = _clause_of(doc, according)
    pieces = [(clause[0], phrase[0]), (phrase[1], clause[1])]
    contents = [_trim(doc, rng) for rng in pieces if rng[1] > rng[0]]
    return Draft(
        cues=[(according.i, to.i + 1)],
        source=_trim(doc, _subtree(pobj)),
        contents=[c for c in contents if c[1] > c[0]],
        mode="according-to",
    )


def _colon_cue(doc: Any, colon: Any) -> Draft | None:
    """Handle a headline-style "Name: what they said", a short verbless phrase before a colon."""
    start = colon.sent.start
    lead = doc[start : colon.i]
    if not 1 <= len(lead) <= MAX_COLON_SOURCE_TOKENS:
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.is_space for t in lead):
        return None
    if not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in lead):
        return None
    end = _paragraph_end(doc, colon.i)
    content = _trim(doc, (colon.i + 1, end))
    if content[1] - content[0] < 2:
        return None
    return Draft(
        cues=[(colon.i, colon.i + 1)],
        source=_trim(doc, (start, colon.i)),
        contents=[content],
        mode="speech",
    )


def _clause_of(doc: Any, token: Any) -> Range:
    """Return the range of the sentence holding ``token``."""
    sent = token.sent
    return sent.start, sent.end


def _source_of(verb: Any) -> Range | None:
    """Return the subject of a cue verb, the passive's agent, or an inherited subject."""
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _subtree(pobj)
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return _subtree(child)
        if child.dep_ == "nsubjpass":
            return None
    head = verb.head
    if verb.dep_ in _INHERITS_SUBJECT and head is not verb and head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ == "nsubj" and child.i < verb.i:
                return _subtree(child)
    return None


def _content_by_shape(
    doc: Any, verb: Any, source: Range | None
) -> tuple[list[Range], Range | None]:
    """Find content a parse left unattached: "'...,' X said" or "X said: ..."."""
    sent = verb.sent
    if source is None:
        source = _preceding_noun_phrase(doc, verb)
    lead_end = source[0] if source is not None and source[0] < verb.i else verb.i
    if (
        verb.lemma_.lower() in lexicon.REPORTING_VERBS
        and lead_end - sent.start >= 3
        and _closes_clause(doc[lead_end - 1])
    ):
        return [(sent.start, lead_end)], source
    after = verb.right_edge.i + 1
    colon = next((t for t in doc[verb.i + 1 : min(after + 1, sent.end)] if t.text == ":"), None)
    if colon is not None:
        end = _paragraph_end(doc, colon.i)
        if end - colon.i > 2:
            return [(colon.i + 1, end)], source
    return [], source


def _closes_clause(token: Any) -> bool:
    """Tell whether a token ends a clause a trailing cue reports: a comma, dash or closing mark."""
    if token.text in (",", "—", "–", "”", "’"):
        return True
    return (
        token.text == '"'
        and token.i > 0
        and not token.nbor(-1).is_space
        and token.whitespace_ != ""
    )


def _stance_content(verb: Any) -> list[Range]:
    """Return the object of a stance verb, with what completes it: "X as Y", "for Z"."""
    parts = [
        child
        for child in verb.rights
        if child.dep_ in _STANCE_OBJECTS and (child.dep_ != "prep" or child.lower_ in _STANCE_PREPS)
    ]
    if not parts:
        return []
    return [(parts[0].left_edge.i, max(p.right_edge.i for p in parts) + 1)]


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
    return (start, end) if end > start else None


def _channel_of(verb: Any, source: Range | None, doc: Any) -> Range | None:
    """Return the outlet a statement went to: "told Reuters", "spoke to the FT"."""
    for child in verb.children:
        if verb.lemma_.lower() == "tell" and child.dep_ in ("dobj", "dative") and is_outlet(child):
            return _subtree(child)
        if child.dep_ == "prep" and child.lower_ in ("to", "with"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and is_outlet(pobj):
                return _subtree(pobj)
    if source is None:
        return None
    for token in doc[source[0] : source[1]]:
        spoken_to = token.head.lower_ in ("to", "with") and (
            token.head.head.lemma_.lower() in lexicon.CHANNEL_VERBS
        )
        if token.dep_ == "pobj" and spoken_to and is_outlet(token):
            return _subtree(token)
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


def _cue_range(verb: Any) -> Range:
    """Return the verb with its auxiliaries, negation and adverbs right before it."""
    start = verb.i
    for child in sorted(verb.children, key=lambda c: -c.i):
        if child.i == start - 1 and child.dep_ in ("aux", "auxpass", "neg", "advmod"):
            start = child.i
    return start, verb.i + 1


def _is_passive(verb: Any) -> bool:
    return any(child.dep_ == "auxpass" for child in verb.children)


def _real(rng: Range) -> bool:
    return rng[1] > rng[0]


def _subtree(token: Any) -> Range:
    return token.left_edge.i, token.right_edge.i + 1


def _sent_end(doc: Any, token: Any) -> int:
    return int(token.sent.end)


def _paragraph_end(doc: Any, index: int) -> int:
    end = index + 1
    while end < len(doc) and not (doc[end].is_space and "\n" in doc[end].text):
        end += 1
    return end


def _trim(doc: Any, rng: Range) -> Range:
    """Drop spaces and edge punctuation (but not quote marks, nor paired brackets)."""
    start, end = rng
    while start < end and (
        doc[start].is_space or doc[start].text in _EDGE_PUNCT or doc[start].pos_ == "CCONJ"
    ):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in _EDGE_PUNCT):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1]):
            break
        end -= 1
    return start, end


def _without(rng: Range, cut: Range) -> Range:
    """Return ``rng`` minus ``cut`` where ``cut`` sits at one of its ends."""
    start, end = rng
    if cut[0] <= start < cut[1]:
        start = cut[1]
    if cut[0] < end <= cut[1]:
        end = cut[0]
    return (start, end) if end > start else (0, 0)
