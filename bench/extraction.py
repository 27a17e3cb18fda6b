"""Benchmark article extraction: sourcetrace against trafilatura and readability.

Usage (from the repository root)::

    .venv/bin/python bench/extraction.py --aeb ../shared/data/aeb --wcxb ../shared/data/wcxb-dev

Every system sees the same pages in one process. Writes ``extraction.json`` under
``--out``, rewrites the extraction section of ``docs/benchmarks.md`` and prints the
table. The data folders are arguments: no benchmark data lives in this repository.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report, systems
from bench.datasets import DATASETS, Sample
from bench.runner import SystemRun, run_interleaved

REPO = Path(__file__).resolve().parent.parent
PER_PAGE_SYSTEMS = ("sourcetrace", "trafilatura")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--aeb", type=Path, metavar="PATH", help="AEB folder (html/, ground-truth.json)"
    )
    parser.add_argument(
        "--wcxb", type=Path, metavar="PATH", help="WCXB folder (html/, ground-truth/)"
    )
    parser.add_argument(
        "--limit", type=int, metavar="N", help="only the first N pages of each dataset"
    )
    parser.add_argument(
        "--systems",
        default=",".join(systems.SYSTEMS),
        help="comma-separated systems to run (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "bench" / "results",
        metavar="DIR",
        help="folder for extraction.json (default: bench/results)",
    )
    parser.add_argument(
        "--docs",
        type=Path,
        default=REPO / "docs" / "benchmarks.md",
        metavar="PATH",
        help="Markdown file whose extraction section is rewritten (default: docs/benchmarks.md)",
    )
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the docs table")
    parser.add_argument(
        "--per-page", type=Path, metavar="PATH", help="write per-page scores (JSONL)"
    )
    args = parser.parse_args(argv)
    if args.aeb is None and args.wcxb is None:
        parser.error("give at least one dataset: --aeb PATH and/or --wcxb PATH")
    unknown = set(args.systems.split(",")) - set(systems.SYSTEMS)
    if unknown:
        parser.error(f"unknown systems {sorted(unknown)}; choose from {list(systems.SYSTEMS)}")
    return args


def load_systems(names: Sequence[str]) -> dict[str, systems.Extractor]:
    """Load each named system, skipping (with a warning) any that cannot be imported."""
    loaded = {}
    for name in names:
        try:
            loaded[name] = systems.load(name)
        except Exception as exc:  # sourcetrace may be mid-rewrite; the peers still run
            print(f"warning: skipping {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return loaded


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int], Callable[[], None]]]:
    """Yield a factory of per-task ``advance`` callbacks; draw a bar only on a terminal."""
    if not sys.stderr.isatty():
        yield lambda label, total: lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:

        def task(label: str, total: int) -> Callable[[], None]:
            task_id = progress.add_task(label, total=total)
            return lambda: progress.advance(task_id)

        yield task


def run_dataset(
    dataset: str, samples: Sequence[Sample], extractors: dict[str, systems.Extractor]
) -> dict[str, SystemRun]:
    """Run every system over one dataset's pages."""
    with progress_bar() as task:
        advance = task(f"{dataset} ({', '.join(extractors)})", len(samples))
        return run_interleaved(extractors, samples, advance=advance)


def report_failures(dataset: str, runs: dict[str, SystemRun]) -> None:
    """Print a short note on stderr for each system that raised on some pages."""
    for name, run in runs.items():
        if run.failures:
            page_id, error = run.failures[0]
            print(
                f"warning: {name} failed on {len(run.failures)} {dataset} page(s),"
                f" e.g. {page_id}: {error}",
                file=sys.stderr,
            )


def versions(names: Sequence[str]) -> dict[str, str | None]:
    """Return the versions of the systems and of Python."""
    found: dict[str, str | None] = {name: systems.version(name) for name in names}
    return found | {"python": sys.version.split()[0]}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write its results; return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse_args(argv)
    extractors = load_systems(args.systems.split(","))
    if not extractors:
        print("error: no system could be loaded", file=sys.stderr)
        return 1
    started = time.perf_counter()
    results: dict[str, Any] = {}
    per_page: list[dict[str, Any]] = []
    for dataset, root in (("aeb", args.aeb), ("wcxb", args.wcxb)):
        if root is None:
            continue
        samples = list(DATASETS[dataset](root, args.limit))
        runs = run_dataset(dataset, samples, extractors)
        report_failures(dataset, runs)
        results[dataset] = {name: run.summary() for name, run in runs.items()}
        chosen = {n: runs[n] for n in PER_PAGE_SYSTEMS if n in runs}
        per_page += report.per_page_rows(dataset, samples, chosen)
    result = {
        "date": datetime.now(UTC).date().isoformat(),
        "command": ".venv/bin/python bench/extraction.py " + shlex.join(argv),
        "versions": versions(list(extractors)),
        "results": results,
    }
    write_outputs(args, result, per_page)
    print(f"\nFull run: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


def write_outputs(args: argparse.Namespace, result: dict[str, Any], per_page: list[Any]) -> None:
    """Write the JSON results, the docs table and the per-page JSONL; print the table."""
    report.write_json(args.out / "extraction.json", result)
    table = report.markdown(result)
    if not args.no_docs:
        report.update_docs(args.docs, table)
    if args.per_page is not None:
        report.write_jsonl(args.per_page, per_page)
    print(table, end="")


if __name__ == "__main__":
    sys.exit(main())
