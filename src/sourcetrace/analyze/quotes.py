"""Quotation regions in a text: curly, straight, across paragraphs, never failing on odd marks.

News style closes no quote at the end of a paragraph when the next paragraph opens with
a quote mark: the quotation goes on. A quote still open at the end of a paragraph that
does not continue is closed there, so an unbalanced mark costs one paragraph at most.
Two apostrophes (``''``, the style of some wire copy) count as one straight mark.
"""

from __future__ import annotations

from sourcetrace.models import Span

__all__ = ["OPENERS", "QUOTE_MARKS", "kind_of_content", "quote_regions"]

OPENERS = frozenset("“«„")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
QUOTE_MARKS = OPENERS | CLOSERS | {STRAIGHT}
DOUBLED = "''"


def quote_regions(text: str) -> list[Span]:
    """Return the quotations of ``text``, marks included, in order."""
    if DOUBLED in text:
        # Same length: the first apostrophe becomes the mark, the second a space.
        doubled = text
        text = text.replace(DOUBLED, STRAIGHT + " ")
        return [_close_doubled(region, doubled) for region in _regions(text)]
    return _regions(text)


def _close_doubled(region: Span, text: str) -> Span:
    """Take in the second apostrophe of a closing ``''``."""
    if text.startswith(DOUBLED, region.end - 1):
        return Span(region.start, region.end + 1)
    return region


def _regions(text: str) -> list[Span]:
    regions: list[Span] = []
    start: int | None = None
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\n" and start is not None and _paragraph_ends(text, index):
            if not _next_paragraph_opens_quote(text, index):
                end = _trim_end(text, index)
                if end > start:
                    regions.append(Span(start, end))
                start = None
        elif start is None and (char in OPENERS or (char == STRAIGHT and _opens(text, index))):
            start = index
        elif start is not None and (char in CLOSERS or char == STRAIGHT) and index > start:
            if char in CLOSERS or not _opens(text, index) or index == length - 1:
                regions.append(Span(start, index + 1))
                start = None
            elif _next_paragraph_continuation(text, start, index):
                pass  # the opening mark of a continued paragraph
            else:
                regions.append(Span(start, index + 1))
                start = None
        index += 1
    if start is not None and _trim_end(text, length) > start:
        regions.append(Span(start, _trim_end(text, length)))
    return regions


def kind_of_content(text: str) -> str:
    """Return ``direct``, ``mixed`` or ``indirect`` for a content's text."""
    stripped = text.replace(DOUBLED, STRAIGHT).strip().rstrip(".,;:")
    if not any(mark in stripped for mark in QUOTE_MARKS):
        return "indirect"
    if stripped[:1] in QUOTE_MARKS and stripped[-1:] in QUOTE_MARKS:
        inner = stripped[1:-1]
        if not any(mark in inner for mark in QUOTE_MARKS):
            return "direct"
    return "mixed"


def _opens(text: str, index: int) -> bool:
    """Tell whether a straight quote at ``index`` opens: it follows a space or starts text."""
    before = text[index - 1] if index else " "
    return before.isspace() or before in "([{—–-/"


def _paragraph_ends(text: str, index: int) -> bool:
    return text.startswith("\n\n", index) or (text.startswith("\n", index) and index > 0)


def _next_paragraph_opens_quote(text: str, index: int) -> bool:
    rest = text[index:].lstrip()
    return bool(rest) and (rest[0] in OPENERS or rest[0] == STRAIGHT)


def _next_paragraph_continuation(text: str, start: int, index: int) -> bool:
    """Tell whether a straight quote at ``index`` opens a paragraph continuing a quote."""
    line_start = text.rfind("\n", start, index)
    return line_start != -1 and not text[line_start + 1 : index].strip()


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
