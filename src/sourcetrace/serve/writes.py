"""The one write: ``POST /api/ingest`` of an http(s) URL or of an uploaded document.

Three ways to send it:

- JSON: ``{"url": "https://..."}`` (fetched politely, through the ingest stage's SSRF
  guard), or ``{"html": "<html>...", "url": "https://..."}`` (a document, with the
  optional URL it was published at);
- a multipart form (``curl -F file=@page.html -F url=https://...``);
- the document itself as the body, ``Content-Type: text/html``, the original URL in
  ``?url=``.

Nothing a client sends names a path on the server: a URL must be absolute http(s), and
a document becomes a ``Page`` in memory, never a file, so a refusal cannot tell whether
a path exists.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email import policy
from email.message import MIMEPart
from email.parser import BytesParser
from typing import Any
from urllib.parse import urlsplit

from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.models import Page, to_dict
from sourcetrace.pipeline import ingest, ingest_pages
from sourcetrace.serve import queries
from sourcetrace.serve.errors import BadRequestError
from sourcetrace.serve.pages import Context
from sourcetrace.store import content_hash

__all__ = ["DOCUMENT_TYPES", "NOT_HTTP", "Submission", "ingest_submission", "parse_submission"]

# Bodies of these media types are the document itself.
DOCUMENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# One message for every refused URL, whatever it names: a refusal tells nothing of the disk.
NOT_HTTP = (
    'a URL must be absolute http(s) ("https://example.org/story"); to send a page, upload '
    'it (a "file" form field, "html" in JSON, or the body as text/html)'
)
_USAGE = (
    'send {"url": "https://..."}, {"html": "<html>...", "url": optional original URL}, '
    'a multipart form with a "file" field, or the document as a text/html body'
)
_FORM_FIELDS = frozenset({"file", "html", "url"})


@dataclass(frozen=True, slots=True)
class Submission:
    """What a client sent: a URL to fetch, or a document and where it was published.

    Attributes:
        url: The http(s) URL to fetch; with ``document``, the URL it was published at.
        document: The uploaded document's bytes; ``None`` to fetch ``url``.
        content_type: The document's declared media type, if any.
    """

    url: str | None = None
    document: bytes | None = None
    content_type: str | None = None


def parse_submission(
    body: bytes, *, content_type: str | None = None, url: str | None = None
) -> Submission:
    """Return a validated submission, read the way its ``Content-Type`` says.

    ``url`` is the ``?url=`` parameter, the original URL of a document sent as the body.

    Raises:
        BadRequestError: the body is malformed, holds neither a URL nor a document, or a
            URL is not absolute http(s).
    """
    media = (content_type or "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        return _form(body, content_type or "")
    if media in DOCUMENT_TYPES:
        if not body.strip():
            raise BadRequestError(f"the body holds no document: {_USAGE}")
        return Submission(url=_original(url), document=body, content_type=content_type)
    return _json(body)


def _json(body: bytes) -> Submission:
    try:
        data: Any = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequestError(f"the body is not JSON: {exc}") from exc
    if not isinstance(data, dict) or set(data) - {"url", "html"}:
        raise BadRequestError(_USAGE)
    html, url = data.get("html"), data.get("url")
    if not all(value is None or isinstance(value, str) for value in (html, url)):
        raise BadRequestError('"url" and "html" must be strings')
    if html:
        document = html.encode("utf-8")
        return Submission(_original(url), document, "text/html; charset=utf-8")
    if url:
        return Submission(url=http_url(url))
    raise BadRequestError(_USAGE)


def _form(body: bytes, content_type: str) -> Submission:
    """Read a ``multipart/form-data`` body: a ``file`` (or ``html``) part, a ``url`` field."""
    head = b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n"
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise BadRequestError(f"the multipart body cannot be read: {_USAGE}")
    parts: dict[str, MIMEPart] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or name not in _FORM_FIELDS or name in parts:
            raise BadRequestError(f"unexpected form field {name!r}: {_USAGE}")
        parts[name] = part
    url = _field_text(parts["url"]) if "url" in parts else None
    document = parts.get("file") or parts.get("html")
    if document is None:
        if url:
            return Submission(url=http_url(url))
        raise BadRequestError(_USAGE)
    raw = document.get_payload(decode=True)
    if not isinstance(raw, bytes) or not raw.strip():
        raise BadRequestError(f"the uploaded document is empty: {_USAGE}")
    return Submission(_original(url), raw, document.get("content-type"))


def _field_text(part: MIMEPart) -> str:
    raw = part.get_payload(decode=True)
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""


def http_url(value: str) -> str:
    """Return ``value`` if it is an absolute http(s) URL with a host.

    Raises:
        BadRequestError: anything else (a path, ``-``, a glob, ``file:``), always with
            the same message.
    """
    candidate = value.strip()
    try:
        parts = urlsplit(candidate)
        host = parts.hostname
        _ = parts.port  # a malformed port raises here
    except ValueError:
        raise BadRequestError(NOT_HTTP) from None
    unprintable = any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in candidate)
    if parts.scheme.lower() not in {"http", "https"} or not host or unprintable:
        raise BadRequestError(NOT_HTTP)
    return candidate


def _original(url: str | None) -> str | None:
    """Return a document's original URL, checked, or ``None`` when none was given."""
    return http_url(url) if url else None


def ingest_submission(ctx: Context, submission: Submission) -> dict[str, Any]:
    """Take a URL or a document through the pipeline into the store; return the report.

    A URL goes to ``ingest`` (fetched, SSRF guard on every hop, ``allow_private`` as
    the server is configured); a document is made into a ``Page`` here and goes to
    ``ingest_pages``, so its bytes never touch the disk.
    """
    settings = replace(DEFAULT_SETTINGS, allow_private=ctx.settings.allow_private)
    if submission.document is None:
        return _report(ingest([http_url(submission.url or "")], ctx.store, settings), None)
    page = upload_page(submission)
    report = ingest_pages([page], ctx.store, settings)
    with ctx.engine.connect() as conn:
        article_id = queries.article_for_page(conn, content_hash(page.content))
    return _report(report, article_id)


def upload_page(submission: Submission) -> Page:
    """Return an uploaded document as a page: source ``upload:<hash>``, received now."""
    document = submission.document or b""
    return Page(
        content=document,
        source=f"upload:{content_hash(document)[:12]}",
        url=submission.url,
        fetched_at=datetime.now(UTC),
        content_type=submission.content_type or "text/html",
    )


def _report(report: Any, article_id: int | None) -> dict[str, Any]:
    return {
        "run_id": report.run_id,
        "ok": report.ok,
        "skipped": report.skipped,
        "failed": report.failed,
        "failures": [to_dict(failure) for failure in report.failures],
        "article_id": article_id,
        "article_url": f"/articles/{article_id}" if article_id is not None else None,
    }
