"""The only module that chains the stages: ingest -> extract -> analyze (-> store, later)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sourcetrace.analyze import analyze, verbatim_article
from sourcetrace.config import DEFAULT_SETTINGS, Settings
from sourcetrace.errors import SourcetraceError
from sourcetrace.extract import extract
from sourcetrace.extract.decode import decode_bytes
from sourcetrace.ingest import expand_paths, read_page
from sourcetrace.models import Analysis, Article, BatchReport, Failure, Page

__all__ = ["AnalyzeResult", "ExtractResult", "analyze_paths", "extract_paths", "summarize"]


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
        except SourcetraceError as exc:
            yield ExtractResult(source, failure=Failure(source, stage, exc.code, exc.message))
        except RecursionError as exc:  # pathologically deep markup
            failure = Failure(source, stage, "extract.failed", f"markup too deeply nested: {exc}")
            yield ExtractResult(source, failure=failure)


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
            yield AnalyzeResult(source, analysis=analyze(article))
        except SourcetraceError as exc:
            yield AnalyzeResult(source, failure=Failure(source, stage, exc.code, exc.message))


def _verbatim_text(page: Page, settings: Settings) -> str:
    """Decode a page without normalising anything, so offsets match the file."""
    if isinstance(page.content, str):
        return page.content
    return decode_bytes(page.content, page.content_type, settings, source=page.source)
