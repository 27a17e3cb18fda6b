"""Parse a page's HTML once into an lxml tree, with libxml2's size limits lifted safely.

Without ``huge_tree``, libxml2 stops building the tree 256 elements deep (and truncates
text nodes over 10 MB), so an article after a deep ``<aside>`` is lost. With it, the
limit is 2048 levels; a page nested deeper still is parsed a second time after
:func:`flatten` has dropped the tags below ``max_depth`` (their text stays, in order).

Lifting the limits is safe for HTML: libxml2's HTML parser reads no DTD, declares no
entities and fetches nothing (``no_network`` too), so XXE and billion-laughs payloads
are inert text. What the page repairs and rejects follows trafilatura's own loader, so
the tree is the one trafilatura would have built, only complete.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml.etree import ErrorTypes, ParserError
from lxml.html import HtmlElement, HTMLParser, fromstring
from trafilatura.utils import is_dubious_html, repair_faulty_html

__all__ = ["flatten", "parse_html"]


def _names(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Elements that never hold children, and those whose content is raw text, not markup.
_VOID = _names("area base br col embed hr img input keygen link meta param source track wbr")
_RAW_TEXT = _names("script style textarea title xmp iframe noembed noframes plaintext")
# Opening one of these ends an open one of the same group (<p> ... <p>), as in HTML.
_IMPLIED_END = {"p": "p", "li": "li", "dt": "d", "dd": "d", "option": "option", "tr": "tr"}
# Below the depth limit, layout wrappers go first: these elements, which shape the text,
# are kept up to this many levels further.
_TEXT_ELEMENTS = _names(
    "p h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table caption thead tbody tfoot "
    "tr td th figure figcaption a"
)
_TEXT_SLACK = 64
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][^\s/>]*)[^>]*>", re.DOTALL)


def _parser() -> HTMLParser:
    # One per parse: lxml parsers keep state (the error log) between documents.
    return HTMLParser(  # type: ignore[call-arg]  # lxml-stubs lack default_doctype
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=True,
    )


def parse_html(html: str, *, max_depth: int, flat: bool = False) -> HtmlElement | None:
    """Return the page's tree, or ``None`` when the text is not HTML at all.

    A page nested deeper than libxml2 reads (2048 levels), or any page when ``flat``,
    is flattened below ``max_depth`` first.
    """
    beginning = html[:50].lower()
    data = repair_faulty_html(html, beginning).encode("utf-8", errors="surrogatepass")
    tree, too_deep = (None, True) if flat else _parse(data)
    if too_deep:
        del tree
        tree, _ = _parse(flatten(data.decode("utf-8", "surrogatepass"), max_depth).encode())
    # The loader's rejection test: text that does not say "html" and parses to one block.
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _parse(data: bytes) -> tuple[HtmlElement | None, bool]:
    """Parse bytes; return the tree and whether libxml2 stopped at its depth limit."""
    parser = _parser()
    try:
        tree = fromstring(data, parser=parser)
    except ParserError:  # "Document is empty"
        return None, False
    too_deep = any(
        entry.type == ErrorTypes.ERR_RESOURCE_LIMIT and "depth" in entry.message
        for entry in parser.error_log
    )
    return tree, too_deep


def flatten(html: str, max_depth: int) -> str:
    """Drop the tags that open below ``max_depth`` levels, and their closing tags.

    Text and the tags above the limit are kept in order, so a page buried in 5000
    ``<div>``s reads as one 1000 deep; paragraphs, headings, lists, tables and links
    keep their tags for ``_TEXT_SLACK`` levels more. Depth is counted the way HTML builds
    it, closely enough: void elements hold nothing, ``<p>`` ends an open ``<p>``, a
    closing tag closes up to its element, raw-text elements (scripts, styles) are copied
    whole, or dropped whole below the limit.
    """
    out: list[str] = []
    stack: list[str] = []
    dropped: Counter[str] = Counter()
    position = 0
    for match in _TAG.finditer(html):
        if match.start() < position:  # inside a raw-text element already copied
            continue
        closing, name = match.group(1), (match.group(2) or "").lower()
        keep = True
        if not name:  # a comment
            pass
        elif closing:
            keep = _close(name, stack, dropped)
        elif name not in _VOID:
            keep = _open(name, stack, dropped, max_depth)
        out.append(html[position : match.start()])
        if keep:
            out.append(match.group(0))
        position = match.end()
        if name in _RAW_TEXT and not closing:
            position = _raw_text(html, name, position, out if keep else None)
    out.append(html[position:])
    return "".join(out)


def _open(name: str, stack: list[str], dropped: Counter[str], max_depth: int) -> bool:
    group = _IMPLIED_END.get(name)
    if group is not None and stack and _IMPLIED_END.get(stack[-1]) == group:
        stack.pop()
    limit = max_depth + _TEXT_SLACK if name in _TEXT_ELEMENTS else max_depth
    if len(stack) >= limit:
        dropped[name] += 1
        return False
    if name not in _RAW_TEXT:  # a raw-text element closes itself (see _raw_text)
        stack.append(name)
    return True


def _close(name: str, stack: list[str], dropped: Counter[str]) -> bool:
    # Tags dropped below the limit are the innermost ones: their closing tags come first.
    if dropped[name]:
        dropped[name] -= 1
        return False
    if name in stack:
        while stack.pop() != name:
            pass
    return True


def _raw_text(html: str, name: str, position: int, out: list[str] | None) -> int:
    """Copy a raw-text element's content and end tag (drop them: ``out`` is ``None``).

    Return where markup resumes.
    """
    end = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(html, position)
    stop = end.end() if end is not None else len(html)
    if out is not None:
        out.append(html[position:stop])
    return stop
