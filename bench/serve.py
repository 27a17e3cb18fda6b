"""Serving speed: p95 latency and requests/s of the article JSON and the article page.

Builds a SQLite store of ``--articles`` articles (10,000 by default) at bench time: a
few base texts go through the real analysis, then each stored article is one of them
with its own title, outlet, date and closing line, written straight into the store's
tables (the pipeline's dedup and MinHash would make building the store the bench).
The server runs as its own process (uvicorn, ``--workers`` processes); the load comes from wrk,
20 connections, each request a random article::

    .venv/bin/python bench/serve.py [--articles 10000] [--duration 15] [--connections 20]

On shared machines other jobs skew latency: before loading the server it waits (30 s at a
time, up to ``--max-wait`` seconds) while the 1-minute load average is above ``--quiet``,
and it records the load average before and after each route.

Results go to bench/results/serve.json and the serve block of docs/benchmarks.md.
Without wrk (``apt-get install -y wrk``) it falls back to an asyncio + httpx load
generator and says so in the results.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
import uvicorn

if __package__ in (None, ""):  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.docblock import markers, update_block
from sourcetrace.analyze import analyze, verbatim_article
from sourcetrace.models import Analysis, Span
from sourcetrace.serve import free_port
from sourcetrace.store import content_hash, open_store, schema, text_hash
from sourcetrace.store.rows import analysis_rows, components_key

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests/fixtures/seed_000_7fbb9ae6711f7586.txt"
RESULTS = ROOT / "bench/results/serve.json"
DOCS = ROOT / "docs/benchmarks.md"
START, END = markers("serve")
TARGET_P95_MS = 50.0
OUTLETS = ("Ellery Courier", "Island Radio", "Harbour Gazette", "Evening Post", "Coastal Digest")
NAMES = ("Mara Voss", "Ilse Brandt", "Petra Lind", "Tomas Arkell", "Dana Reyes", "Jon Okafor")

LUA = """
local ids = {}
math.randomseed(os.time())
request = function()
  local path = string.format(PATTERN, math.random(1, COUNT))
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local out = io.open(OUTFILE, "w")
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean))
  out:close()
end
"""


def base_texts() -> list[str]:
    """Return the texts the store's articles are made from: the seed and invented ones."""
    texts = [SEED.read_text(encoding="utf-8").split("\n\n", 4)[-1]]
    rng = random.Random(7)
    for number in range(7):
        a, b, c = rng.sample(NAMES, 3)
        texts.append(
            "\n\n".join(
                (
                    f"The harbour authority confirmed on Tuesday that pier {number} will close "
                    "for repairs after winter storms cracked its concrete crown.",
                    f"\u201cWe cannot let the fleet sit behind a wall that might fail,\u201d {a}, "
                    "who chairs the harbour committee, told reporters on Tuesday.",
                    f"According to {b}, the repairs will not be paid for by cutting the library "
                    "budget, a fear that several residents had raised last week.",
                    f"{c} said the plan relied on optimistic forecasts and warned that the "
                    "council would have to revisit it by the summer.",
                    "A senior official, who asked not to be named, said the work could take "
                    "longer than the authority had suggested.",
                    "The repairs are expected to cost about four million euros, the authority "
                    "said in a statement released on Monday.",
                )
            )
        )
    return texts


def build_store(url: str, count: int) -> None:
    """Fill an empty store with ``count`` articles made from analysed base texts."""
    bases = [
        analyze(verbatim_article(text, source=f"base-{i}")) for i, text in enumerate(base_texts())
    ]
    store = open_store(url)
    engine: sa.Engine = store.engine  # type: ignore[attr-defined]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    batch = 1000
    for first in range(0, count, batch):
        rows: dict[str, list[dict[str, Any]]] = {}
        for number in range(first + 1, min(first + batch, count) + 1):
            analysis = _variant(bases[number % len(bases)], number)
            _add_rows(rows, number, analysis, start + timedelta(hours=number))
        with engine.begin() as conn:
            for name in ("pages", "articles", "paragraphs", *_ANALYSIS):
                if rows.get(name):
                    conn.execute(sa.insert(schema.metadata.tables[name]), rows[name])
    store.close()


_ANALYSIS = ("sources", "attributions", "aliases", "entities", "time_refs")


def _variant(base: Analysis, number: int) -> Analysis:
    """Return a base analysis with a closing line of its own (spans stay valid)."""
    closing = f"This is report {number} in the series."
    text = base.article.text + "\n\n" + closing
    paragraphs = (*base.article.paragraphs, Span(len(text) - len(closing), len(text)))
    article = replace(
        base.article,
        text=text,
        paragraphs=paragraphs,
        title=f"Harbour report {number}: repairs, money and who said what",
        site_name=OUTLETS[number % len(OUTLETS)],
    )
    return replace(base, article=article)


def _add_rows(
    rows: dict[str, list[dict[str, Any]]], number: int, analysis: Analysis, published: datetime
) -> None:
    article = analysis.article
    raw = article.text.encode("utf-8")
    rows.setdefault("pages", []).append(
        {
            "id": number,
            "content_hash": content_hash(raw),
            "source": f"bench-{number}.txt",
            "raw": zlib.compress(raw, 1),
            "raw_size": len(raw),
            "content_type": "text/plain",
        }
    )
    rows.setdefault("articles", []).append(
        {
            "id": number,
            "page_id": number,
            "text_hash": text_hash(article.text),
            "source": f"bench-{number}.txt",
            "outlet": article.site_name,
            "title": article.title,
            "authors": [],
            "published_at": published,
            "published_evidence": "metadata",
            "text": article.text,
            "extractor": "bench",
            "components": components_key(analysis.components),
            "stored_at": published,
        }
    )
    for name, table_rows in analysis_rows(number, analysis).items():
        rows.setdefault(name, []).extend(table_rows)


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """Start ``sourcetrace.serve`` on 127.0.0.1:port in its own process; wait until it answers."""
    code = (
        "from sourcetrace.serve import ServeSettings, run;"
        f"run(ServeSettings(db_url={url!r}), host='127.0.0.1', port={port}, workers={workers})"
    )
    server = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if (
                httpx.get(f"http://127.0.0.1:{port}/index.json?limit=1", timeout=2).status_code
                == 200
            ):
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def run_wrk(
    base: str, pattern: str, count: int, *, connections: int, duration: int
) -> dict[str, Any]:
    """Load one route with wrk; return its figures."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.json"
        script = Path(folder) / "load.lua"
        lua = LUA.replace("PATTERN", json.dumps(pattern)).replace("COUNT", str(count))
        script.write_text(lua.replace("OUTFILE", json.dumps(str(out))), encoding="utf-8")
        threads = str(min(2, connections))
        command = [
            "wrk",
            "-t",
            threads,
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "-s",
            str(script),
            base,
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=duration + 60)
        raw = json.loads(out.read_text(encoding="utf-8"))
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "requests_per_s": round(raw["requests"] / seconds, 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": raw["errors"] + raw["non2xx"],
    }


async def _python_load(
    base: str, pattern: str, count: int, connections: int, duration: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            rng = random.Random()
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                response = await client.get(pattern % rng.randint(1, count))
                latencies.append(time.perf_counter() - began)
                errors += response.status_code != 200

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        seconds = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / seconds, 1),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
        "p99_ms": round(cuts[98] * 1000, 2),
        "max_ms": round(max(latencies) * 1000, 2),
        "errors": errors,
    }


def server_stack() -> str:
    """Return what serves: uvicorn's version, event loop and HTTP parser ("auto" picks)."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return f"uvicorn {uvicorn.__version__}, {loop} loop, {http} parser"


def load_average() -> float:
    """Return the 1-minute load average."""
    return round(os.getloadavg()[0], 2)


def wait_until_quiet(threshold: float, max_wait: int) -> float:
    """Wait (30 s at a time, at most ``max_wait`` s) until the load is at most ``threshold``."""
    waited = 0
    while load_average() > threshold and waited < max_wait:
        print(f"load average {load_average()} > {threshold}: waiting 30 s")
        time.sleep(30)
        waited += 30
    return load_average()


def server_cpu_s(pid: int) -> float | None:
    """Return the CPU seconds (user + system) of a process and its children, from /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:  # fields after the command name: state, ppid, ... utime (12th), stime (13th)
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def load_tool() -> str:
    """Return ``wrk`` when it is (or can be made) available, else ``python``."""
    if shutil.which("wrk") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True, check=False)
    return "wrk" if shutil.which("wrk") else "python"


def markdown(results: dict[str, Any], command: str) -> str:
    """Return the docs block for the results."""
    lines = [
        START,
        f"Run {results['date']} with `{command}`: {results['articles']} articles, "
        f"{results['connections']} concurrent connections, {results['duration_s']} s per route "
        f"after a warm-up, load from **{results['tool']}**, "
        f"{results['workers']} worker(s) of {results['server']}, "
        f"{results['cpus']} CPU cores shared by server and load tool. "
        f"Target p95 < {TARGET_P95_MS:g} ms.",
        "",
        "| Route | requests/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/request "
        "| load avg before → after | p95 target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in results["routes"].items():
        verdict = "met" if row["p95_ms"] < TARGET_P95_MS else "**missed**"
        cpu = row.get("server_cpu_ms_per_request", "-")
        lines.append(
            f"| `{name}` | {row['requests_per_s']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['p99_ms']:.1f} | {row['errors']} | {cpu} "
            f"| {row['load_before']} → {row['load_after']} | {verdict} |"
        )
    lines += [
        "",
        "Server CPU per request is the server process's (and its workers') user + system "
        "time over the measured run divided by the requests: the cost that other jobs on "
        "the machine do not change. With one worker, 1000 / it bounds requests/s.",
    ]
    return "\n".join([*lines, END])


def _update_docs(path: Path, block: str) -> None:
    update_block(path, "serve", block, intro="## Serving")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=int, default=15, help="Seconds of load per route.")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes.")
    parser.add_argument(
        "--quiet", type=float, default=2.0, help="Wait while the 1-minute load is above this."
    )
    parser.add_argument("--max-wait", type=int, default=300, help="Longest wait, in seconds.")
    parser.add_argument("--no-write", action="store_true", help="Print, write no files.")
    args = parser.parse_args(argv)
    tool = load_tool()
    routes = {"/articles/{id}.json": "/articles/%d.json", "/articles/{id}": "/articles/%d"}
    with tempfile.TemporaryDirectory(prefix="sourcetrace-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'store.db'}"
        began = time.perf_counter()
        build_store(url, args.articles)
        print(f"built a store of {args.articles} articles in {time.perf_counter() - began:.0f} s")
        port = free_port()
        server = start_server(url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        figures: dict[str, Any] = {}
        try:
            for name, pattern in routes.items():
                before = wait_until_quiet(args.quiet, args.max_wait)
                cpu_before = server_cpu_s(server.pid)
                if tool == "wrk":
                    run_wrk(
                        base,
                        pattern,
                        args.articles,
                        connections=args.connections,
                        duration=args.warmup,
                    )
                    cpu_before = server_cpu_s(server.pid)
                    figures[name] = run_wrk(
                        base,
                        pattern,
                        args.articles,
                        connections=args.connections,
                        duration=args.duration,
                    )
                else:
                    load = _python_load(
                        base, pattern, args.articles, args.connections, args.duration
                    )
                    figures[name] = asyncio.run(load)
                cpu_after = server_cpu_s(server.pid)
                if cpu_before is not None and cpu_after is not None:
                    spent = (cpu_after - cpu_before) * 1000 / figures[name]["requests"]
                    figures[name]["server_cpu_ms_per_request"] = round(spent, 3)
                figures[name] |= {"load_before": before, "load_after": load_average()}
                print(name, figures[name])
        finally:
            server.terminate()
            server.wait(timeout=30)
    results = {
        "date": datetime.now(UTC).date().isoformat(),
        "articles": args.articles,
        "connections": args.connections,
        "duration_s": args.duration,
        "tool": tool if tool == "wrk" else "python asyncio+httpx (fallback: no wrk)",
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "server": server_stack(),
        "target_p95_ms": TARGET_P95_MS,
        "routes": figures,
    }
    command = ".venv/bin/python bench/serve.py " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    block = markdown(results, command.strip())
    print(block)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        _update_docs(DOCS, block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
