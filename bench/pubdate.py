"""Publication-date benchmark: from HTML on WCXB dev, and from text alone on PolNeAR.

Usage::

    .venv/bin/python bench/pubdate.py --wcxb ../shared/data/wcxb-dev \\
        --polnear ../shared/data/polnear --wikinews ../shared/data/wikinews-2019-2020

(a) WCXB: day-exact accuracy of ``extract(page).published_at`` against htmldate alone
(``find_date`` with its defaults) and trafilatura's metadata date alone
(``extract_metadata(...).date``), same pages, same run; pages without a true date are
skipped. (b) PolNeAR: ``infer_published`` on each article's text alone; coverage is
the share of articles given a day, accuracy the share of those within one day of
``metadata.tsv``'s date (never read from the file name). (c) Wikinews, optional: the
same, four ways (see ``run_wikinews``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docblock import markers, update_block
from sourcetrace import __version__
from sourcetrace.analyze.pubdate import infer_published
from sourcetrace.errors import SourcetraceError
from sourcetrace.extract import extract
from sourcetrace.models import Page

__all__ = ["main", "run_polnear", "run_wcxb", "run_wikinews"]

REPO = Path(__file__).resolve().parents[1]
START, END = markers("pubdate")
Finder = Callable[[bytes, str | None], str | None]


def _sourcetrace(html: bytes, url: str | None) -> str | None:
    try:
        published = extract(Page(content=html, source=url or "page", url=url)).published_at
    except (SourcetraceError, RecursionError):
        return None
    return published.value.date().isoformat() if published else None


def _htmldate(html: bytes, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html.decode("utf-8", "replace"), url=url)
    except ValueError:
        return None


def _trafilatura(html: bytes, url: str | None) -> str | None:
    from trafilatura import extract_metadata

    metadata = extract_metadata(html.decode("utf-8", "replace"), default_url=url)
    return metadata.date if metadata is not None else None


SYSTEMS: dict[str, Finder] = {
    "sourcetrace": _sourcetrace,
    "htmldate": _htmldate,
    "trafilatura": _trafilatura,
}


def run_wcxb(root: Path, limit: int | None = None) -> dict[str, Any]:
    """Score each system's day-exact publication date on the WCXB pages that have one."""
    pages = []
    for path in sorted((root / "ground-truth").glob("*.json"))[:limit]:
        record = json.loads(path.read_text(encoding="utf-8"))
        truth = (record.get("ground_truth") or {}).get("publish_date")
        if truth:
            html = gzip.decompress((root / "html" / f"{path.stem}.html.gz").read_bytes())
            pages.append((str(truth)[:10], record.get("url"), html))
    scores: dict[str, Any] = {}
    for name, finder in SYSTEMS.items():
        started = time.perf_counter()
        found = [finder(html, url) for _, url, html in pages]
        seconds = time.perf_counter() - started
        right = sum(
            str(f or "")[:10] == truth for f, (truth, _, _) in zip(found, pages, strict=True)
        )
        scores[name] = {
            "accuracy": round(right / len(pages), 4),
            "found": round(sum(f is not None for f in found) / len(pages), 4),
            "pages_per_s": round(len(pages) / seconds, 1),
        }
    return {"pages": len(pages), "systems": scores}


def run_polnear(root: Path, split: str = "dev") -> dict[str, Any]:
    """Score the text-only inference on PolNeAR: coverage and accuracy within one day."""
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["compartment"] == split]
    inferred = right = 0
    for row in rows:
        text = (root / split / "text" / f"{row['filename']}.txt").read_text(encoding="utf-8")
        day = infer_published(text).day
        if day is not None:
            inferred += 1
            right += abs((day - date.fromisoformat(row["publication_date"])).days) <= 1
    return {
        "split": split,
        "articles": len(rows),
        "inferred": inferred,
        "coverage": round(inferred / len(rows), 4) if rows else 0.0,
        "accuracy_within_1_day": round(right / inferred, 4) if inferred else None,
    }


_OPENING_LINE = 1  # Wikinews prints the day on the text's first line


def run_wikinews(root: Path) -> list[dict[str, Any]]:
    """Score the text-only inference on Wikinews 2019-2020, four ways.

    Each article's ``date`` column is the truth. The text is read as printed (Wikinews
    opens it with the day: "Friday, January 4, 2019") and without that first line, so the
    story alone has to give the day; and the reference day that a weekday-date without a
    year is pinned near is either the run's (an archive read years later) or the day
    after publication (a page crawled fresh, as a WARC record's date says).
    """
    rows = []
    for path in sorted(root.glob("wikinews_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    results = []
    for opening in (True, False):
        for fresh in (False, True):
            inferred = right = 0
            for row in rows:
                truth = date.fromisoformat(row["date"][:10])
                text = row["text"]
                if not opening:
                    text = text.split("\n", _OPENING_LINE)[-1]
                today = truth + timedelta(days=1) if fresh else None
                day = infer_published(text, today=today).day
                if day is not None:
                    inferred += 1
                    right += abs((day - truth).days) <= 1
            results.append(
                {
                    "text": "as printed" if opening else "without its opening date line",
                    "reference": "the day after publication" if fresh else "the run's day",
                    "articles": len(rows),
                    "inferred": inferred,
                    "coverage": round(inferred / len(rows), 4) if rows else 0.0,
                    "accuracy_within_1_day": round(right / inferred, 4) if inferred else None,
                }
            )
    return results


def markdown(results: dict[str, Any], command: str) -> str:
    """Render results as the pubdate block of docs/benchmarks.md."""
    wcxb = results["wcxb"]
    lines = [
        START,
        f"Run {results['date']} with `{command}`.",
        "",
        f"WCXB dev, {wcxb['pages']} article pages with a true `publish_date`, day-exact:",
        "",
        "| System | accuracy | date found | pages/s |",
        "|---|---|---|---|",
    ]
    for name, row in wcxb["systems"].items():
        lines.append(
            f"| {name} | **{row['accuracy']:.3f}** | {row['found']:.3f} | {row['pages_per_s']} |"
        )
    lines += ["", "Text alone (`infer_published`), PolNeAR, within one day of `metadata.tsv`:", ""]
    lines += [
        "| Split | articles | inferred | coverage | accuracy on inferred |",
        "|---|---|---|---|---|",
    ]
    for row in results["polnear"]:
        accuracy = row["accuracy_within_1_day"]
        shown = "n/a" if accuracy is None else f"{accuracy:.3f}"
        lines.append(
            f"| {row['split']} | {row['articles']} | {row['inferred']} | "
            f"{row['coverage']:.3f} | {shown} |"
        )
    if results.get("wikinews"):
        lines += [
            "",
            "Text alone, Wikinews 2019-2020 (no labels but each article's date; not a "
            "benchmark of its own, a second corpus), within one day:",
            "",
            "| Text | reference day | articles | inferred | coverage | accuracy on inferred |",
            "|---|---|---|---|---|---|",
        ]
        for row in results["wikinews"]:
            accuracy = row["accuracy_within_1_day"]
            shown = "n/a" if accuracy is None else f"{accuracy:.3f}"
            lines.append(
                f"| {row['text']} | {row['reference']} | {row['articles']} | "
                f"{row['inferred']} | {row['coverage']:.3f} | {shown} |"
            )
    return "\n".join([*lines, END])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line; write JSON and the docs block."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wcxb", type=Path, required=True, help="the wcxb-dev/ data folder")
    parser.add_argument("--polnear", type=Path, required=True, help="the polnear/ data folder")
    parser.add_argument("--splits", default="dev,train", help="PolNeAR splits, dev first")
    parser.add_argument(
        "--wikinews", type=Path, help="the wikinews-2019-2020/ data folder (optional)"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N WCXB pages only")
    parser.add_argument("--output", type=Path, default=REPO / "bench/results/pubdate.json")
    parser.add_argument("--docs", type=Path, default=REPO / "docs/benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print only; write no files")
    args = parser.parse_args(argv)
    results = {
        "date": datetime.now(UTC).date().isoformat(),
        "version": __version__,
        "wcxb": run_wcxb(args.wcxb, args.limit),
        "polnear": [run_polnear(args.polnear, split) for split in args.splits.split(",")],
        "wikinews": run_wikinews(args.wikinews) if args.wikinews else [],
    }
    command = ".venv/bin/python bench/pubdate.py " + " ".join(argv or sys.argv[1:])
    block = markdown(results, command)
    print(block)
    if not args.no_write:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        _update_docs(args.docs, block)
    return 0


def _update_docs(path: Path, block: str) -> None:
    update_block(path, "pubdate", block, intro="## Publication date")


if __name__ == "__main__":
    sys.exit(main())
