"""Benchmark the store: the whole pipeline into SQLite and PostgreSQL against the analysis
alone, and full-text search latency over a large store.

Usage (from the repository root)::

    .venv/bin/python bench/ingest.py --aeb ../shared/data/aeb --wcxb ../shared/data/wcxb-dev

A WARC file is built at run time, in a temporary folder, from the data sets' HTML (never
kept, never committed). The same pages then go through (1) extraction and analysis alone,
(2) the whole pipeline into SQLite, (3) the whole pipeline into PostgreSQL (a throwaway
server, see ``bench/pgserver.py``). Storage cost is the time spent in store calls as a
share of the analysis-alone time (the wall-clock ratio is reported too; on shared CPUs
it is noisier). Search latency is measured over ``--search-articles`` stored articles,
made by copying the ingested ones with variations (shuffled paragraphs, swapped words).
Writes ``ingest.json`` under ``--out`` and the ingest block of ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shlex
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bench.docblock import markers, update_block
from bench.pgserver import PostgresUnavailable, throwaway_postgres
from sourcetrace.analyze import analyze, load_aliases, verbatim_article
from sourcetrace.config import DEFAULT_SETTINGS, DEFAULT_STORE_SETTINGS
from sourcetrace.extract import extract
from sourcetrace.ingest import iter_pages
from sourcetrace.models import Page
from sourcetrace.pipeline import ingest
from sourcetrace.store import Store, open_store
from sourcetrace.store.schema import articles, pages

REPO = Path(__file__).resolve().parent.parent
START, END = markers("ingest")
_WORD = re.compile(r"[A-Za-z]{5,}")
_PAIR = re.compile(r"\b([A-Za-z]{4,}) ([A-Za-z]{4,})\b")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aeb", type=Path, metavar="PATH", help="AEB folder (html/)")
    parser.add_argument("--wcxb", type=Path, metavar="PATH", help="WCXB dev folder (html/)")
    parser.add_argument("--limit", type=int, default=240, help="pages per data set (0: all)")
    parser.add_argument("--search-articles", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    parser.add_argument("--docs", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    if not args.aeb and not args.wcxb:
        parser.error("give --aeb and/or --wcxb")
    return args


# The WARC --------------------------------------------------------------------------


def _urls(folder: Path) -> dict[str, str]:
    """Map each page's file stem to its URL, from the data set's ground truth."""
    truth = folder / "ground-truth.json"
    if truth.exists():  # AEB: one JSON object keyed by the page's hash
        return {key: value["url"] for key, value in json.loads(truth.read_text()).items()}
    urls = {}
    for path in sorted((folder / "ground-truth").glob("*.json")):  # WCXB: one file a page
        urls[path.stem] = json.loads(path.read_text(encoding="utf-8")).get("url", "")
    return urls


def build_warc(folders: Sequence[Path], target: Path, limit: int) -> int:
    """Write the folders' HTML pages as WARC response records; return how many."""
    count = 0
    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for folder in folders:
            urls = _urls(folder)
            paths = sorted((folder / "html").glob("*.html.gz"))
            for path in paths[:limit] if limit else paths:
                stem = path.name.removesuffix(".html.gz")
                url = urls.get(stem) or f"https://bench.invalid/{folder.name}/{stem}"
                body = gzip.decompress(path.read_bytes())
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
                )
                record = writer.create_warc_record(
                    url, "response", payload=BytesIO(body), http_headers=headers
                )
                writer.write_record(record)
                count += 1
    return count


# Throughput ------------------------------------------------------------------------


def analysis_alone(warc: Path) -> dict[str, Any]:
    """Read, extract and analyse every page, storing nothing."""
    aliases = load_aliases(DEFAULT_SETTINGS.aliases)
    done = 0
    started = time.perf_counter()
    for item in iter_pages([str(warc)], DEFAULT_SETTINGS):
        if not isinstance(item, Page):
            continue
        try:
            analyze(extract(item, DEFAULT_SETTINGS), aliases=aliases)
            done += 1
        except Exception:  # the pipeline records these as failures and goes on
            continue
    seconds = time.perf_counter() - started
    return {"articles": done, "seconds": round(seconds, 2), "articles_per_s": done / seconds}


class TimedStore:
    """A store that adds up the time spent in its calls."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._store, name)
        if not callable(attribute):
            return attribute

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return attribute(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return timed


def pipeline(warc: Path, store: Store, baseline: dict[str, Any]) -> dict[str, Any]:
    """Run the whole pipeline into the store; compare with the analysis alone."""
    timed = TimedStore(store)
    report = ingest([str(warc)], timed, DEFAULT_SETTINGS)  # type: ignore[arg-type]
    seconds = report.duration_s
    return {
        "articles": report.ok,
        "skipped": report.skipped,
        "failed": report.failed,
        "seconds": round(seconds, 2),
        "articles_per_s": report.ok / seconds,
        "store_seconds": round(timed.seconds, 2),
        "store_cost": timed.seconds / baseline["seconds"],
        "wall_cost": seconds / baseline["seconds"] - 1,
    }


# Search ----------------------------------------------------------------------------


def _variant(text: str, rng: random.Random, vocabulary: Sequence[str], number: int) -> str:
    paragraphs = text.split("\n\n")
    rng.shuffle(paragraphs)
    words = "\n\n".join(paragraphs).split(" ")
    for _ in range(8):
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
    return " ".join(words) + f"\n\nCopy {number} of the bench corpus."


def synthesize(store: Store, total: int, rng: random.Random) -> dict[str, Any]:
    """Fill the store to ``total`` articles with varied copies of those it holds."""
    engine: sa.Engine = store.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        seeds = [dict(r._mapping) for r in conn.execute(sa.select(articles))]
        run_id = conn.execute(sa.text("SELECT max(id) FROM runs")).scalar()
    vocabulary = sorted({w.lower() for s in seeds for w in _WORD.findall(s["text"])})
    missing = total - len(seeds)
    started = time.perf_counter()
    now = datetime.now(UTC)
    placeholder = zlib.compress(b"")
    for offset in range(0, missing, 1000):
        page_rows, article_rows = [], []
        for number in range(offset, min(offset + 1000, missing)):
            seed = seeds[number % len(seeds)]
            key = f"bench-{number:08d}"
            page_rows.append(
                {
                    "content_hash": key,
                    "source": key,
                    "raw": placeholder,
                    "raw_size": 0,
                    "run_id": run_id,
                }
            )
            text = _variant(seed["text"], rng, vocabulary, number)
            article_rows.append(
                {
                    **{k: v for k, v in seed.items() if k not in {"id", "page_id"}},
                    "text_hash": key,
                    "text": text,
                    "source": key,
                    "near_duplicate_of": None,
                    "minhash": None,
                    "stored_at": now,
                }
            )
        with engine.begin() as conn:
            conn.execute(sa.insert(pages), page_rows)
            ids = dict(
                conn.execute(
                    sa.select(pages.c.content_hash, pages.c.id).where(
                        pages.c.content_hash.in_([r["content_hash"] for r in page_rows])
                    )
                ).all()
            )
            for row in article_rows:
                row["page_id"] = ids[row["text_hash"]]
            conn.execute(sa.insert(articles), article_rows)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return {
        "articles": total,
        "synthesized": missing,
        "seconds": round(time.perf_counter() - started, 1),
    }


def queries(store: Store, count: int, rng: random.Random) -> list[str]:
    """Draw a fixed mix of queries from the stored text: words, pairs, phrases."""
    engine: sa.Engine = store.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        texts = conn.execute(sa.select(articles.c.text).order_by(articles.c.id).limit(300))
        samples = [(_WORD.findall(text), _PAIR.findall(text)) for text in texts.scalars()]
    samples = [(words, pairs) for words, pairs in samples if len(words) > 10 and pairs]
    drawn = []
    for number in range(count):
        words, pairs = rng.choice(samples)
        if number % 3 == 0:
            drawn.append(rng.choice(words))
        elif number % 3 == 1:
            drawn.append(f"{rng.choice(words)} {rng.choice(words)}")
        else:
            drawn.append('"{} {}"'.format(*rng.choice(pairs)))
    return drawn


def search_latency(store: Store, drawn: Sequence[str]) -> dict[str, Any]:
    """Time each query (ten best articles with snippets); return percentiles in ms."""
    for query in drawn[:10]:  # warm the caches
        store.search(query, limit=10)
    load_before = os.getloadavg()[0]
    times, hits = [], 0
    for query in drawn:
        started = time.perf_counter()
        hits += bool(store.search(query, limit=10))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "queries": len(times),
        "with_hits": hits,
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "max_ms": round(times[-1], 2),
        # The CPUs are shared: the 1-minute load average around the timing, for context.
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


# Running and reporting -------------------------------------------------------------


def bench_backend(
    name: str, url: str, warc: Path, baseline: dict[str, Any], args: argparse.Namespace
) -> dict[str, Any]:
    """Ingest into one backend, then fill it and time searches."""
    with open_store(url) as store:
        print(f"[{name}] whole pipeline ...", flush=True)
        result = {"pipeline": pipeline(warc, store, baseline)}
        print(f"[{name}] {result['pipeline']}", flush=True)
        rng = random.Random(7)
        result["synthesis"] = synthesize(store, args.search_articles, rng)
        print(f"[{name}] {result['synthesis']}", flush=True)
        result["search"] = search_latency(store, queries(store, args.queries, random.Random(11)))
        print(f"[{name}] search {result['search']}", flush=True)
    return result


def markdown(result: dict[str, Any]) -> str:
    """Render the results as the docs block."""
    base = result["analysis_alone"]
    lines = [
        f"Run {result['date']} with `{result['command']}`: {result['pages']} pages "
        f"({result['datasets']}) in one WARC built at run time.",
        "",
        "| Mode | articles | articles/s | store time | store cost | wall-clock cost |",
        "|---|---|---|---|---|---|",
        f"| analysis alone (read + extract + analyse) | {base['articles']} | "
        f"{base['articles_per_s']:.2f} | - | - | - |",
    ]
    for name, backend in result["backends"].items():
        p = backend["pipeline"]
        lines.append(
            f"| whole pipeline into {name} | {p['articles']} | {p['articles_per_s']:.2f} | "
            f"{p['store_seconds']:.1f} s | **{p['store_cost']:.1%}** | {p['wall_cost']:+.1%} |"
        )
    lines += [
        "",
        "Store cost: time in store calls (hashing, dedup, writes, commits) over the "
        "analysis-alone time; target <= 10%. Wall-clock cost is noisier on shared CPUs.",
        "",
        "| Backend | stored articles | queries | p50 | p95 | max | load (1 min) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, backend in result["backends"].items():
        s = backend["search"]
        lines.append(
            f"| {name} | {backend['synthesis']['articles']:,} | {s['queries']} | "
            f"{s['p50_ms']:.1f} ms | **{s['p95_ms']:.1f} ms** | {s['max_ms']:.1f} ms | "
            f"{s['load_1min'][0]:.2f} -> {s['load_1min'][1]:.2f} |"
        )
    lines += [
        "",
        "Search: ten best articles with snippets per query (words, word pairs, quoted "
        "phrases drawn from the stored text); target p95 < 50 ms. Ranking covers the "
        f"newest {DEFAULT_STORE_SETTINGS.search_rank_window:,} matches of a query "
        "(`search_rank_window`): bm25 over title and text on SQLite, `ts_rank` over title "
        "and lead on PostgreSQL, whose throwaway server runs at its default configuration "
        "(shared_buffers 128 MB).",
        "",
    ]
    return "\n".join(lines)


def update_docs(path: Path, body: str) -> None:
    """Rewrite the ingest block of the docs, appending it the first time."""
    update_block(path, "ingest", f"{START}\n{body}{END}", intro="## Store and ingest")


def _backends(args: argparse.Namespace, folder: Path) -> Iterator[tuple[str, str]]:
    yield "SQLite", f"sqlite:///{folder / 'bench.db'}"
    if args.no_postgres:
        return
    try:
        with throwaway_postgres() as url:
            yield "PostgreSQL", url
    except PostgresUnavailable as exc:
        print(f"PostgreSQL skipped: {exc}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write its results."""
    args = parse_args(argv)
    folders = [f for f in (args.aeb, args.wcxb) if f]
    with tempfile.TemporaryDirectory(prefix="sourcetrace-bench-") as tmp:
        folder = Path(tmp)
        warc = folder / "bench.warc.gz"
        count = build_warc(folders, warc, args.limit)
        print(f"WARC: {count} pages", flush=True)
        load_aliases(DEFAULT_SETTINGS.aliases)
        analyze(verbatim_article("The mayor said the bridge would reopen soon.", source="warm"))
        baseline = analysis_alone(warc)
        print(f"analysis alone: {baseline}", flush=True)
        backends = {
            name: bench_backend(name, url, warc, baseline, args)
            for name, url in _backends(args, folder)
        }
    result = {
        "date": datetime.now(UTC).date().isoformat(),
        "command": " ".join(["python", "bench/ingest.py", *map(shlex.quote, argv or sys.argv[1:])]),
        "pages": count,
        "datasets": ", ".join(f.name for f in folders),
        "analysis_alone": baseline,
        "backends": backends,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ingest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    body = markdown(result)
    update_docs(args.docs, body)
    print(body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
