"""Run one extraction system over benchmark pages, timing the calls and scoring the output."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.datasets import Sample
from bench.leaks import LEAK_CLASSES, find_leaks
from bench.metric import Counts, Scores, match, score_pages
from bench.systems import Extractor

__all__ = ["WARM_UP_PAGES", "SystemRun", "run_interleaved", "run_system"]

WARM_UP_PAGES = 2


@dataclass(slots=True)
class SystemRun:
    """One system's output over a dataset: per-page scores and leaks, totals, timing."""

    system: str
    counts: list[Counts] = field(default_factory=list)
    leaks: list[set[str]] = field(default_factory=list)
    chars: list[int] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def scores(self) -> Scores:
        """Return the benchmark precision, recall and F1."""
        return score_pages(self.counts)

    @property
    def pages_per_s(self) -> float:
        """Return pages extracted per second of extraction-call wall time."""
        return len(self.counts) / self.seconds if self.seconds else 0.0

    def leak_counts(self) -> dict[str, int]:
        """Return the number of pages leaking each furniture class, plus their total."""
        counter = Counter(name for page in self.leaks for name in page)
        counts = {name: counter[name] for name in LEAK_CLASSES}
        return counts | {"total": sum(counts.values())}

    def summary(self) -> dict[str, object]:
        """Return the run's figures as a JSON-ready dict."""
        scores = self.scores
        return {
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4),
            "pages": scores.pages,
            "pages_per_s": round(self.pages_per_s, 2),
            "seconds": round(self.seconds, 3),
            "empty": sum(1 for n in self.chars if n == 0),
            "failures": len(self.failures),
            "leaks": self.leak_counts(),
        }


def _call(extractor: Extractor, sample: Sample) -> tuple[str, float, str | None]:
    """Run the extractor once; return its text, the call's seconds and any error."""
    start = time.perf_counter()
    try:
        text, error = extractor(sample.html, sample.url), None
    except Exception as exc:  # a crash on one page is a failure to record, not the end
        text, error = "", f"{type(exc).__name__}: {exc}"
    return text, time.perf_counter() - start, error


def run_system(
    name: str,
    extractor: Extractor,
    samples: Sequence[Sample],
    *,
    advance: Callable[[], None] | None = None,
) -> SystemRun:
    """Extract every sample with one system after a short untimed warm-up."""
    for sample in samples[:WARM_UP_PAGES]:
        _call(extractor, sample)
    run = SystemRun(name)
    for sample in samples:
        _record(run, sample, *_call(extractor, sample))
        if advance is not None:
            advance()
    return run


def run_interleaved(
    extractors: dict[str, Extractor],
    samples: Sequence[Sample],
    *,
    advance: Callable[[], None] | None = None,
) -> dict[str, SystemRun]:
    """Run every system on each page in turn, rotating the order page by page.

    Interleaving makes the speed ratios fair on a shared machine: a burst of load from
    elsewhere slows every system alike instead of whichever happened to be running.
    """
    names = list(extractors)
    for sample in samples[:WARM_UP_PAGES]:
        for name in names:
            _call(extractors[name], sample)
    runs = {name: SystemRun(name) for name in names}
    for index, sample in enumerate(samples):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            _record(runs[name], sample, *_call(extractors[name], sample))
        if advance is not None:
            advance()
    return runs


def _record(run: SystemRun, sample: Sample, text: str, seconds: float, error: str | None) -> None:
    run.seconds += seconds
    if error is not None:
        run.failures.append((sample.page_id, error))
    run.counts.append(match(sample.truth, text))
    run.leaks.append(find_leaks(text, sample.truth))
    run.chars.append(len(text))
