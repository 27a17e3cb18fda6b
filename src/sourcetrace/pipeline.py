"""The only module that chains the stages: ingest -> extract -> analyze -> store."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcetrace.analyze import COMPONENTS, analyze, load_aliases, verbatim_article
from sourcetrace.config import DEFAULT_SETTINGS, Settings
from sourcetrace.errors import STORE_FAULTS, SourcetraceError
from sourcetrace.extract import extract
from sourcetrace.extract.decode import decode_bytes
from sourcetrace.ingest import expand_paths, iter_pages, read_page
from sourcetrace.models import Analysis, Article, BatchReport, Failure, Page, RunReport
from sourcetrace.store import Store, content_hash, text_hash

if TYPE_CHECKING:
    import httpx

    from sourcetrace.analyze.entities import AliasTable

_log = logging.getLogger(__name__)

__all__ = [
    "AnalyzeResult",
    "ExtractResult",
    "Progress",
    "analyze_paths",
    "as_failure",
    "extract_paths",
    "ingest",
    "ingest_pages",
    "reanalyze",
    "summarize",
]


@dataclass(frozen=True, slots=True)
class ExtractResult:
    """One input's outcome: an article, or the failure that stopped it."""

    source: str
    article: Article | None = None
    failure: Failure | None = None


def extract_paths(
    paths: Iterable[str], settings: Settings = DEFAULT_SETTINGS
) -> Iterator[ExtractResult]:
    """Read and extract every input; a failure is yielded as data and the batch goes on."""
    for source in expand_paths(paths):
        stage = "read"
        try:
            page = read_page(source, settings)
            stage = "extract"
            yield ExtractResult(source, article=extract(page, settings))
        except Exception as exc:  # one document's failure is data; the batch goes on
            yield ExtractResult(source, failure=as_failure(source, stage, exc))


def as_failure(source: str, stage: str, exc: Exception) -> Failure:
    """Record an exception from one document's stage as a coded failure.

    Errors of sourcetrace's own tree keep their code. Anything else is a bug or a limit of
    a library (markup nested too deep for lxml); it gets the stage's own code (``extract``,
    ``analyze``) and says so, rather than ending the batch.
    """
    if isinstance(exc, SourcetraceError):
        return Failure(source, stage, exc.code, exc.message)
    if isinstance(exc, RecursionError):
        return Failure(source, stage, f"{stage}.failed", f"input nested too deeply: {exc}")
    _log.debug("unexpected error in stage %s of %s", stage, source, exc_info=exc)
    message = f"unexpected {exc.__class__.__name__}: {exc} (a bug; please report it)"
    return Failure(source, stage, stage, message)


def summarize(results: Iterable[ExtractResult]) -> BatchReport:
    """Count a batch's outcomes."""
    ok = 0
    failures: list[Failure] = []
    for result in results:
        if result.failure is not None:
            failures.append(result.failure)
        else:
            ok += 1
    return BatchReport(ok=ok, failures=tuple(failures))


@dataclass(frozen=True, slots=True)
class AnalyzeResult:
    """One input's analysis, or the failure that stopped it."""

    source: str
    analysis: Analysis | None = None
    failure: Failure | None = None


def analyze_paths(
    paths: Iterable[str], settings: Settings = DEFAULT_SETTINGS, *, raw_text: bool = False
) -> Iterator[AnalyzeResult]:
    """Read, extract and analyse every input; a failure is yielded as data and the batch goes on.

    With ``raw_text`` a file is analysed verbatim, without extraction, so every offset
    points into the file's own text.
    """
    aliases = load_aliases(settings.aliases)
    for source in expand_paths(paths):
        stage = "read"
        try:
            page = read_page(source, settings)
            if raw_text:
                article = verbatim_article(_verbatim_text(page, settings), source=source)
            else:
                stage = "extract"
                article = extract(page, settings)
            stage = "analyze"
            yield AnalyzeResult(source, analysis=analyze(article, aliases=aliases))
        except Exception as exc:  # one document's failure is data; the batch goes on
            yield AnalyzeResult(source, failure=as_failure(source, stage, exc))


def _verbatim_text(page: Page, settings: Settings) -> str:
    """Decode a page without normalising anything, so offsets match the file.

    Line ends stay as written (CRLF is two characters) and a byte-order mark is
    character 0, as ``open(path, encoding="utf-8", newline="")`` reads a UTF-8 file.
    """
    if isinstance(page.content, str):
        return page.content
    return decode_bytes(
        page.content, page.content_type, settings, source=page.source, keep_bom=True
    )


# Called once per document with its source and outcome: ok, near-duplicate, skipped, failed.
Progress = Callable[[str, str], None]


def ingest(
    sources: Iterable[str],
    store: Store,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    progress: Progress | None = None,
    client: httpx.Client | None = None,
) -> RunReport:
    """Read, extract, analyse and store every page the sources hold; return the run's report.

    Each document is committed on its own, so an interrupted run (Ctrl-C, kill -9) loses
    at most the document in flight; run again, pages already stored are skipped (counted)
    and the rest are added, nothing twice. Exact duplicates of a stored article's text are
    skipped too; near-duplicates are stored and linked. Each failure is a row in the store.

    Raises:
        StoreDiskFullError, StoreUnavailableError, StoreReadOnlyError: the store took
            nothing more; the run stopped at the document in flight, everything stored
            before is kept, and the run is marked ``interrupted`` where the store allows.
    """
    inputs = list(sources)
    pages = iter_pages(inputs, settings, client=client)  # lazy: nothing is read yet
    return _ingest_run(store, inputs, pages, settings, progress)


def _ingest_run(
    store: Store,
    inputs: list[str],
    items: Iterable[Page | Failure],
    settings: Settings,
    progress: Progress | None,
) -> RunReport:
    """Run one ingest over ``items``, recorded as a run of ``inputs``."""
    run_id = store.start_run("ingest", inputs)
    started = time.perf_counter()
    aliases = load_aliases(settings.aliases)
    try:
        for item in items:
            outcome = _ingest_one(item, store, run_id, settings, aliases)
            if progress is not None:
                progress(item.source, outcome)
    except BaseException as exc:  # Ctrl-C included: the record says the run was cut short
        _close_interrupted(store, run_id, started, exc)
        raise
    return store.finish_run(run_id, status="done", duration_s=time.perf_counter() - started)


def _close_interrupted(store: Store, run_id: int, started: float, exc: BaseException) -> None:
    """Mark a run cut short as ``interrupted``; after a store fault, only if the store can."""
    duration = time.perf_counter() - started
    if not isinstance(exc, STORE_FAULTS):
        store.finish_run(run_id, status="interrupted", duration_s=duration)
        return
    # The store may take this last small write or not (disk full, server down): either
    # way the error to report is the one that stopped the run, and the next writing run
    # marks a run left "running" as interrupted.
    with suppress(*STORE_FAULTS):
        store.finish_run(run_id, status="interrupted", duration_s=duration)


def ingest_pages(
    pages: Iterable[Page],
    store: Store,
    settings: Settings = DEFAULT_SETTINGS,
    *,
    progress: Progress | None = None,
) -> RunReport:
    """Extract, analyse and store pages already made in memory; return the run's report.

    ``ingest`` for a document that arrived whole (an upload to the web API): nothing is
    read or fetched, so no path or URL a caller names is ever opened. The run records
    each page's ``source``; outcomes are counted as in ``ingest``.
    """
    made = list(pages)
    return _ingest_run(store, [page.source for page in made], made, settings, progress)


def _ingest_one(
    item: Page | Failure, store: Store, run_id: int, settings: Settings, aliases: AliasTable
) -> str:
    """Take one page through the stages into the store; return its outcome."""
    if isinstance(item, Failure):
        store.record_failure(run_id, item)
        return "failed"
    page = item
    if store.has_page(content_hash(page.content)):
        store.record_skip(run_id)
        return "skipped"
    stage = "extract"
    try:
        article = extract(page, settings)
        existing = store.article_for_text(text_hash(article.text))
        if existing is not None:
            store.add_duplicate(run_id, page, existing)
            return "skipped"
        stage = "analyze"
        analysis = analyze(article, aliases=aliases)
        stage = "store"
        stored = store.add(run_id, page, analysis)
    except Exception as exc:  # a failure on one document must not end a long run
        if isinstance(exc, STORE_FAULTS):
            raise  # the store takes nothing more: stop, keeping what is stored
        if stage == "store" and not isinstance(exc, SourcetraceError):
            raise  # the store itself is broken: stop before anything else is lost
        store.record_failure(run_id, as_failure(page.source, stage, exc))
        return "failed"
    if stored.duplicate:
        return "skipped"
    return "near-duplicate" if stored.near_duplicate_of is not None else "ok"


def reanalyze(
    store: Store, settings: Settings = DEFAULT_SETTINGS, *, progress: Progress | None = None
) -> RunReport:
    """Re-run the analysis on stored articles whose component versions are not the current ones.

    Raises:
        StoreDiskFullError, StoreUnavailableError, StoreReadOnlyError: as ``ingest``.
    """
    current = tuple(component.name for component in COMPONENTS)
    run_id = store.start_run("reanalyze", list(current))
    started = time.perf_counter()
    aliases = load_aliases(settings.aliases)
    try:
        for article_id, article in store.stale_articles(current):
            try:
                store.replace_analysis(run_id, article_id, analyze(article, aliases=aliases))
                outcome = "ok"
            except Exception as exc:  # one article's failure is data; the run goes on
                if isinstance(exc, STORE_FAULTS):
                    raise  # but a store that takes nothing more ends the run
                store.record_failure(run_id, as_failure(article.source, "analyze", exc))
                outcome = "failed"
            if progress is not None:
                progress(article.source, outcome)
    except BaseException as exc:
        _close_interrupted(store, run_id, started, exc)
        raise
    return store.finish_run(run_id, status="done", duration_s=time.perf_counter() - started)
