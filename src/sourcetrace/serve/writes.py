"""The one write: ``POST /api/ingest`` of a URL or of raw HTML, through the pipeline."""

from __future__ import annotations

import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.models import to_dict
from sourcetrace.pipeline import ingest
from sourcetrace.serve import queries
from sourcetrace.serve.errors import BadRequestError
from sourcetrace.serve.pages import Context
from sourcetrace.store import content_hash

__all__ = ["ingest_submission", "parse_submission"]


def parse_submission(body: bytes) -> dict[str, str]:
    """Return a validated submission: ``{"url": ...}`` or ``{"html": ...}``.

    Raises:
        BadRequestError: the body is not a JSON object with exactly one of the two.
    """
    try:
        data: Any = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequestError(f"the body is not JSON: {exc}") from exc
    if not isinstance(data, dict) or set(data) - {"url", "html"}:
        raise BadRequestError('send a JSON object: {"url": "https://..."} or {"html": "<html>..."}')
    given = {key: value for key, value in data.items() if value not in (None, "")}
    if len(given) != 1 or not all(isinstance(value, str) for value in given.values()):
        raise BadRequestError('send exactly one of "url" or "html", as a string')
    return given


def ingest_submission(ctx: Context, submission: dict[str, str]) -> dict[str, Any]:
    """Take a URL or an HTML document through the pipeline into the store; return the report.

    Raw HTML is written to a private temporary file first, since the pipeline reads
    sources by name; the article then records that file as its source.
    """
    settings = replace(DEFAULT_SETTINGS, allow_private=ctx.settings.allow_private)
    if "url" in submission:
        report = ingest([submission["url"]], ctx.store, settings)
        return _report(report, None)
    raw = submission["html"].encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="sourcetrace-submit-") as folder:
        path = Path(folder) / f"submitted-{content_hash(raw)[:12]}.html"
        path.write_bytes(raw)
        report = ingest([str(path)], ctx.store, settings)
    with ctx.engine.connect() as conn:
        article_id = queries.article_for_page(conn, content_hash(raw))
    return _report(report, article_id)


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
