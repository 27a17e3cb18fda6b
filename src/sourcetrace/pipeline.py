"""The only module that chains the stages: ingest -> extract (-> analyze -> store, later)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sourcetrace.config import DEFAULT_SETTINGS, Settings
from sourcetrace.errors import SourcetraceError
from sourcetrace.extract import extract
from sourcetrace.ingest import expand_paths, read_page
from sourcetrace.models import Article, BatchReport, Failure

__all__ = ["ExtractResult", "extract_paths", "summarize"]


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
