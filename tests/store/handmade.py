"""Store an article built by hand: no extraction, no spaCy, for tests about the store itself."""

from __future__ import annotations

from sourcetrace.models import (
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    Page,
    SourceKind,
    Span,
)

QUAY = "The harbour master said the north quay reopens on Monday after the storm repairs."


def quay_analysis(text: str = QUAY, *, source: str = "quay.txt") -> Analysis:
    """Return an analysis of a one-paragraph article: the harbour master said something."""
    article = Article(
        text=text, paragraphs=(Span(0, len(text)),), source=source, title="North quay reopens"
    )
    said = Attribution(
        source=Span(0, 18),
        cues=(Span(19, 23),),
        contents=(Span(24, len(text) - 1),),
        kind=AttributionKind.INDIRECT,
        source_kind=SourceKind.PERSON,
        source_text=text[0:18],
        component="attributions.test.v1",
    )
    return Analysis(article=article, attributions=(said,), roster=(), components=())


def store_quay(store, text: str = QUAY, *, source: str = "quay.txt") -> int:
    """Store the quay article in its own finished run; return the article's id."""
    run_id = store.start_run("ingest", [source])
    stored = store.add(
        run_id, Page(content=text, source=source), quay_analysis(text, source=source)
    )
    store.finish_run(run_id, status="done", duration_s=0.0)
    return stored.article_id
