"""Reliability: hostile inputs, fuzzing, kill -9, a database that dies, a loaded server.

Each section drives the real tool (the library in process, the CLI as a subprocess, a
real SQLite file, a real PostgreSQL server, the real web server on loopback) and counts
what must never happen::

    .venv/bin/python bench/reliability.py [--fuzz 10000] [--kills 50] [--seeds DIR ...]

- **hostile**: the corpus of ``bench/hostile.py`` (encodings, binaries, bombs, deep and
  huge pages, damaged WARC, hostile feeds, XSS, spreadsheet formulas) through
  ``sourcetrace ingest``, twice; then ``export --format csv`` (no cell may start a
  formula) and every article page of ``serve`` (no hostile markup may come out raw).
- **ssrf**: URLs naming a local server in 21 address forms; the server must see no request.
- **fuzz**: ``--fuzz`` mutated pages (seeds: invented articles, plus every page under
  ``--seeds`` folders, read at run time) through extract and analyze in process; every
  error must be coded and every span inside its text. A slice also goes through ingest.
- **kill**: ``sourcetrace ingest`` killed with SIGKILL at ``--kills`` random points, each
  store checked after every kill and, once a run completes, against a clean reference.
- **postgres**: the server stopped mid-ingest (immediate shutdown), then restarted; the
  run must stop with a coded error and a rerun must leave the reference's rows exactly.
- **serve**: 20 clients for ``--serve-seconds`` on the ingested store, with hostile
  requests mixed in; no 5xx, no connection error; p50/p95 of the article JSON.

An error is *uncoded* when it is not one of sourcetrace's coded errors: an exception that
escapes, a failure whose code is only a stage name (the "a bug; report it" path), an
``error [internal]`` line or exit status 3. Results go to bench/results/reliability.json
and the reliability block of docs/benchmarks.md; the exit status is 1 when a target is
missed.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gzip
import http.server
import io
import json
import multiprocessing
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.docblock import markers, update_block
from bench.hostile import (
    SSRF_HOSTS,
    XSS,
    Input,
    article_html,
    article_text,
    fuzz_inputs,
    hostile_corpus,
    invented_articles,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench/results/reliability.json"
DOCS = ROOT / "docs/benchmarks.md"
START, END = markers("reliability")
CLI = [str(Path(sys.executable).parent / "sourcetrace")]
STAGE_CODES = frozenset({"read", "extract", "analyze", "ingest", "store", "error", "internal"})
csv.field_size_limit(1 << 30)  # article texts are long cells
_LINE = re.compile(r"^error \[([a-z0-9.-]+)\]")


def _uncoded_code(code: str) -> bool:
    return code in STAGE_CODES


# --- hostile corpus through the CLI ---------------------------------------------------


def _write(folder: Path, inputs: list[Input]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for item in inputs:
        (folder / item.name).write_bytes(item.content)


def _cli(
    *args: str, timeout: float = 1800, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )


def _stderr_problems(done: subprocess.CompletedProcess[str]) -> list[str]:
    """Return the uncoded lines of a CLI run: internal errors, stage-only codes, exit 3."""
    problems = []
    for line in done.stderr.splitlines():
        match = _LINE.match(line)
        if (match and _uncoded_code(match.group(1))) or "Traceback" in line:
            problems.append(line[:300])
    if done.returncode not in (0, 1):
        problems.append(f"exit status {done.returncode}: {done.stderr[-300:]}")
    return problems


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("pages", "articles", "attributions", "entities", "failures")
        }


def hostile(work: Path, rng: random.Random) -> dict[str, Any]:
    """Ingest the hostile corpus twice; export CSV; read every article page served."""
    inputs = hostile_corpus(rng)
    folder = work / "hostile"
    _write(folder, inputs)
    db = work / "hostile.db"
    first = _cli("ingest", str(folder), "--db", str(db))
    after_first = _counts(db)
    second = _cli("ingest", str(folder), "--db", str(db))
    after_second = _counts(db)
    codes = Counter(m.group(1) for line in first.stderr.splitlines() if (m := _LINE.match(line)))
    problems = _stderr_problems(first) + _stderr_problems(second)
    grown = {k: after_second[k] - after_first[k] for k in ("pages", "articles", "attributions")}
    csv_bad, csv_defused = _formula_cells(db)
    xss_bad = _served_raw_markup(db)
    return {
        "inputs": len(inputs),
        "codes": dict(sorted(codes.items())),
        "stored": after_first,
        "uncoded": problems,
        "duplicated_on_rerun": sum(grown.values()),
        "formula_cells": csv_bad,
        "formula_cells_defused": csv_defused,
        "raw_markup_served": xss_bad,
    }


def _formula_cells(db: Path) -> tuple[list[str], int]:
    """Export both tables as CSV; return the cells a spreadsheet would run, and the defused."""
    bad: list[str] = []
    defused = 0
    for table in ("attributions", "articles"):
        out = db.with_suffix(f".{table}.csv")
        done = _cli(
            "export", "--db", str(db), "--format", "csv", "--table", table, "--out", str(out)
        )
        if done.returncode != 0:
            return [f"export failed: {done.stderr[-300:]}"], defused
        for row in csv.reader(io.StringIO(out.read_text(encoding="utf-8"))):
            for cell in row:
                if _formula(cell):
                    bad.append(cell[:80])
                elif cell[:1] == "'" and _formula(cell[1:]):
                    defused += 1
    return bad, defused


def _formula(cell: str) -> bool:
    lead = cell.lstrip(" ")[:1]
    return lead in ("=", "+", "@", "\t", "\r") or (lead == "-" and not _number(cell))


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@contextmanager
def _server(db: Path, *extra: str) -> Iterator[str]:
    from sourcetrace.serve import free_port

    port = free_port()
    command = [*CLI, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port), *extra]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(300):
            try:
                httpx.get(base + "/index.json", timeout=1)
                break
            except httpx.HTTPError:
                if process.poll() is not None:
                    raise RuntimeError(
                        "serve exited: " + process.stderr.read().decode()[-500:]
                    ) from None
                time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _served_raw_markup(db: Path) -> list[str]:
    import httpx

    with sqlite3.connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
    bad = []
    raw = [x for x in XSS if "<" in x]
    with _server(db) as base, httpx.Client(base_url=base, timeout=30) as client:
        for article_id in ids:
            page = client.get(f"/articles/{article_id}").text
            bad += [f"/articles/{article_id}: {x}" for x in raw if x in page]
    return bad


# --- SSRF -----------------------------------------------------------------------------


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        body = article_html("Internal", ["secret internal page " * 20]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def ssrf(work: Path) -> dict[str, Any]:
    """Ingest URLs naming a local server in many forms; count requests that reached it."""
    server = http.server.ThreadingHTTPServer(("0.0.0.0", 0), _Counter)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = [f"http://{host}:{port}/news" for host in SSRF_HOSTS]
    urls += [f"https://{host}:{port}/news" for host in SSRF_HOSTS[:3]]
    urls += ["file:///etc/passwd", "gopher://127.0.0.1:70/", f"http://user@127.0.0.1:{port}/"]
    db = work / "ssrf.db"
    try:
        done = _cli("ingest", *urls, "--db", str(db))
    finally:
        server.shutdown()
    codes = Counter(m.group(1) for line in done.stderr.splitlines() if (m := _LINE.match(line)))
    return {
        "urls": len(urls),
        "requests_reached_server": _Counter.hits,
        "codes": dict(sorted(codes.items())),
        "uncoded": _stderr_problems(done),
        "stored": _counts(db)["articles"] if db.exists() else 0,
    }


# --- fuzzing in process ---------------------------------------------------------------

_worker: dict[str, Any] = {}


def _fuzz_init() -> None:
    from sourcetrace.analyze import load_aliases
    from sourcetrace.analyze.nlp import load

    load()  # the model, once per worker

    _worker["aliases"] = load_aliases(None)


def _spans_outside(analysis: Any) -> list[str]:
    from sourcetrace.models import Span, field_text

    article = analysis.article
    bad = []

    def check(span: Span | None, field: str, what: str) -> None:
        if span is None:
            return
        try:
            text = field_text(article, field)
        except Exception as exc:
            bad.append(f"{what}: field {field!r}: {exc}")
            return
        if not 0 <= span.start < span.end <= len(text):
            bad.append(f"{what} ({span.start}, {span.end}) outside {field} of {len(text)}")

    for paragraph in article.paragraphs:
        check(paragraph, "text", "paragraph")
    for n, a in enumerate(analysis.attributions):
        for span in (a.source, a.channel_span, *a.cues, *a.contents):
            check(span, a.field, f"attribution {n}")
    for entity in analysis.entities:
        if not any(char.isalnum() for char in entity.name):  # a name holds a word
            bad.append(f"entity {entity.key!r} named {entity.name!r}")
        for mention in entity.mentions:
            check(mention.span, mention.field, f"entity {entity.key}")
    for ref in analysis.timerefs:
        check(ref.span, "text", f"time {ref.text!r}")
    return bad


def _fuzz_one(item: Input) -> tuple[str, str]:
    """Return (outcome, detail): ok, coded:CODE, uncoded:..., spans:..."""
    from sourcetrace.analyze import analyze
    from sourcetrace.errors import SourcetraceError
    from sourcetrace.extract import extract
    from sourcetrace.models import Page

    content_type = "text/html" if item.name.endswith(".html") else "text/plain"
    page = Page(content=item.content, source=item.name, content_type=content_type)
    try:
        article = extract(page)
        analysis = analyze(article, aliases=_worker["aliases"])
    except SourcetraceError as exc:
        return "coded", exc.code
    except Exception as exc:
        return "uncoded", f"{item.name}: {type(exc).__name__}: {str(exc)[:200]}"
    outside = _spans_outside(analysis)
    if outside:
        return "spans", f"{item.name}: {outside[0]}"
    return "ok", ""


def _seed_pages(folders: list[Path], rng: random.Random) -> list[bytes]:
    seeds = [article_html(t, p).encode() for t, p in invented_articles(20, rng)]
    seeds += [article_text(t, p).encode() for t, p in invented_articles(10, rng)]
    seeds.append((ROOT / "examples/000_7fbb9ae6711f7586.txt").read_bytes())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix == ".gz":
                seeds.append(gzip.decompress(path.read_bytes()))
            elif path.suffix in (".html", ".htm", ".txt"):
                seeds.append(path.read_bytes())
    return seeds


def fuzz(
    work: Path, count: int, folders: list[Path], rng: random.Random, *, workers: int, ingested: int
) -> dict[str, Any]:
    """Fuzz extract + analyze in process; then ingest a slice of the inputs twice."""
    seeds = _seed_pages(folders, rng)
    inputs = list(fuzz_inputs(count, seeds, rng))
    outcomes: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    examples: list[str] = []
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(workers, initializer=_fuzz_init) as pool:
        results = pool.imap_unordered(_fuzz_one, inputs, chunksize=8)
        for done, (outcome, detail) in enumerate(results, start=1):
            if done % 500 == 0:
                rate = done / (time.perf_counter() - started)
                print(f"  fuzz {done}/{count}, {rate:.1f}/s", file=sys.stderr, flush=True)
            outcomes[outcome] += 1
            if outcome == "coded":
                codes[detail] += 1
            elif outcome != "ok" and len(examples) < 20:
                examples.append(detail)
    elapsed = time.perf_counter() - started
    folder = work / "fuzz"
    _write(folder, inputs[:ingested])
    db = work / "fuzz.db"
    first = _cli("ingest", str(folder), "--db", str(db))
    after = _counts(db)
    second = _cli("ingest", str(folder), "--db", str(db))
    again = _counts(db)
    return {
        "inputs": count,
        "seeds": len(seeds),
        "outcomes": dict(outcomes),
        "codes": dict(codes.most_common()),
        "uncoded": outcomes["uncoded"],
        "spans_outside": outcomes["spans"],
        "examples": examples,
        "seconds": round(elapsed, 1),
        "ingested": ingested,
        "ingest_uncoded": _stderr_problems(first) + _stderr_problems(second),
        "ingest_duplicated_on_rerun": again["articles"] - after["articles"],
    }


# --- kill -9 --------------------------------------------------------------------------


def _kill_corpus(folder: Path, rng: random.Random, pages: int) -> None:
    items = [
        Input(f"page-{n:03d}.html", article_html(t, p).encode(), "page")
        for n, (t, p) in enumerate(invented_articles(pages, rng))
    ]
    _write(folder, items)


# Per stored article: its text hash and how many rows of each kind it owns.
_PER_ARTICLE = (
    "SELECT a.text_hash,"
    " (SELECT count(*) FROM attributions t WHERE t.article_id = a.id),"
    " (SELECT count(*) FROM entities e WHERE e.article_id = a.id),"
    " (SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id)"
    " FROM articles a"
)


def _snapshot(db: Path) -> dict[str, tuple[int, int, int]]:
    """Return text hash -> (attributions, entities, paragraphs) for every stored article.

    A store killed while its schema was being made holds no tables yet (the migration's
    transaction rolled back): that is an empty store, and the next run makes it.
    """
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles'")
        if tables.fetchone()[0] == 0:
            return {}
        rows = conn.execute(_PER_ARTICLE).fetchall()
        pages = conn.execute("SELECT count(*), count(DISTINCT content_hash) FROM pages").fetchone()
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        raise RuntimeError(f"integrity_check: {check}")
    if pages[0] != pages[1]:
        raise RuntimeError(f"{pages[0] - pages[1]} duplicated pages")
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def _compare(
    reference: dict[str, tuple[int, int, int]],
    got: dict[str, tuple[int, int, int]],
    *,
    complete: bool,
) -> tuple[int, int]:
    """Return (lost, duplicated) rows of ``got`` against the reference."""
    lost = duplicated = 0
    for key, counts in got.items():
        want = reference.get(key)
        if want is None:
            duplicated += sum(counts) + 1  # an article the reference never had
            continue
        lost += sum(max(0, w - g) for w, g in zip(want, counts, strict=True))
        duplicated += sum(max(0, g - w) for w, g in zip(want, counts, strict=True))
    if complete:
        lost += sum(sum(c) + 1 for key, c in reference.items() if key not in got)
    return lost, duplicated


def kills(work: Path, rng: random.Random, *, count: int, pages: int) -> dict[str, Any]:
    """Kill ``sourcetrace ingest`` at ``count`` random points; check every store after."""
    folder = work / "kill-pages"
    _kill_corpus(folder, rng, pages)
    reference_db = work / "kill-reference.db"
    started = time.perf_counter()
    done = _cli("ingest", str(folder), "--db", str(reference_db))
    full = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"reference ingest failed: {done.stderr[-500:]}")
    reference = _snapshot(reference_db)
    lost = duplicated = killed = completed = stale = 0
    problems: list[str] = []
    store_number = 0
    db = work / "kill-0.db"
    while killed < count:
        delay = rng.uniform(0.2, full * 1.05)
        process = subprocess.Popen(
            [*CLI, "ingest", str(folder), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            process.wait(timeout=delay)
            finished = True
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            finished = False
            killed += 1
        if finished and process.returncode not in (0, 1):
            problems.append(f"exit {process.returncode}: {process.stderr.read()[-300:]}")
        if not db.exists():
            continue
        try:
            got = _snapshot(db)
        except (RuntimeError, sqlite3.Error) as exc:
            problems.append(f"after a kill: {exc}")
            got = {}
        complete = finished and process.returncode == 0
        run_lost, run_duplicated = _compare(reference, got, complete=complete)
        lost += run_lost
        duplicated += run_duplicated
        if complete:
            completed += 1
            with sqlite3.connect(db) as conn:
                stale += conn.execute(
                    "SELECT count(*) FROM runs WHERE status = 'running'"
                ).fetchone()[0]
            store_number += 1
            db = work / f"kill-{store_number}.db"
    return {
        "pages": pages,
        "kill_points": killed,
        "completed_runs": completed,
        "rows_lost": lost,
        "rows_duplicated": duplicated,
        "runs_left_running": stale,
        "problems": problems[:20],
    }


# --- PostgreSQL stopped mid-run -------------------------------------------------------


def postgres(work: Path, rng: random.Random, *, pages: int) -> dict[str, Any]:
    """Stop the server mid-ingest, restart it, rerun: a coded error, then the reference."""
    from bench.pgserver import PostgresUnavailable, _as_postgres, pg_bindir, throwaway_postgres

    folder = work / "kill-pages"
    if not folder.exists():
        _kill_corpus(folder, rng, pages)
    reference = (
        _snapshot(work / "kill-reference.db") if (work / "kill-reference.db").exists() else None
    )
    try:
        with throwaway_postgres() as url:
            import psycopg

            data_dir = _pg_data_dir(url)
            process = subprocess.Popen(
                [*CLI, "ingest", str(folder), "--db", url],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            stored = 0
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    with psycopg.connect(url) as conn:
                        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
                except psycopg.Error:
                    stored = 0
                if stored >= max(1, pages // 3):
                    break
                time.sleep(0.2)
            pg_ctl = str(pg_bindir() / "pg_ctl")
            subprocess.run(
                _as_postgres([pg_ctl, "-D", data_dir, "-m", "immediate", "stop"]),
                capture_output=True,
                check=False,
            )
            process.wait(timeout=300)
            stderr = process.stderr.read()
            codes = [m.group(1) for line in stderr.splitlines() if (m := _LINE.match(line))]
            # restart reuses the stopped server's options (port, socket directory); with a
            # log file of its own, so the server does not hold our pipes open
            log = str(Path(data_dir).parent / "restart.log")
            subprocess.run(
                _as_postgres([pg_ctl, "-D", data_dir, "-l", log, "-w", "restart"]),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            rerun = _cli("ingest", str(folder), "--db", url)
            got = _pg_snapshot(url)
    except PostgresUnavailable as exc:
        return {"skipped": str(exc)}
    lost, duplicated = (
        _compare(reference, got, complete=rerun.returncode == 0) if reference else (0, 0)
    )
    return {
        "stored_before_stop": stored,
        "exit_status_when_stopped": process.returncode,
        "codes_when_stopped": sorted(set(codes)),
        "uncoded": [c for c in codes if _uncoded_code(c)]
        + (["exit 3"] if process.returncode == 3 else []),
        "rerun_exit_status": rerun.returncode,
        "rows_lost": lost,
        "rows_duplicated": duplicated,
    }


def _pg_data_dir(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        return str(conn.execute("SHOW data_directory").fetchone()[0])


def _pg_snapshot(url: str) -> dict[str, tuple[int, int, int]]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(_PER_ARTICLE).fetchall()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


# --- serve under load -----------------------------------------------------------------

_HOSTILE_REQUESTS = (
    ("/articles/99999999999999999999999.json", 404),
    ("/articles/-1.json", 404),
    ("/articles/abc.json", 400),
    ("/search.json?q=%00", 200),
    ("/search.json?q=" + "a" * 600, 400),
    ("/sources/%3Cscript%3E.json", 200),
    ("/nope", 404),
)


async def _load(
    base: str, ids: list[int], *, clients: int, seconds: float, rng: random.Random
) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    hostile_ok = 0
    stop = time.monotonic() + seconds

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal hostile_ok
        while time.monotonic() < stop:
            if rng.random() < 0.1:
                path, want = rng.choice(_HOSTILE_REQUESTS)
                try:
                    response = await client.get(path)
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {type(exc).__name__}")
                    continue
                if response.status_code >= 500 or (
                    want != 200
                    and response.status_code != want
                    and response.status_code not in (400, 404, 422)
                ):
                    errors.append(f"{path}: {response.status_code}")
                elif "content-security-policy" not in response.headers:
                    errors.append(f"{path}: no CSP header")
                else:
                    hostile_ok += 1
                continue
            path = f"/articles/{rng.choice(ids)}.json"
            began = time.perf_counter()
            try:
                response = await client.get(path)
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {type(exc).__name__}")
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                errors.append(f"{path}: {response.status_code}")

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
    latencies.sort()
    quantile = (
        (lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))])
        if latencies
        else (lambda q: 0.0)
    )
    return {
        "requests": len(latencies) + hostile_ok + len(errors),
        "hostile_requests_answered_right": hostile_ok,
        "errors": len(errors),
        "error_examples": errors[:10],
        "p50_ms": round(quantile(0.50), 1),
        "p95_ms": round(quantile(0.95), 1),
        "mean_ms": round(statistics.fmean(latencies), 1) if latencies else 0.0,
    }


def serve(work: Path, rng: random.Random, *, clients: int, seconds: float) -> dict[str, Any]:
    """Load the server on the kill section's reference store (or the hostile one)."""
    db = work / "kill-reference.db"
    if not db.exists():
        db = work / "hostile.db"
    with sqlite3.connect(db) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
    with _server(db) as base:
        result = asyncio.run(_load(base, ids, clients=clients, seconds=seconds, rng=rng))
    return {"clients": clients, "seconds": seconds, "articles": len(ids), **result}


# --- report ---------------------------------------------------------------------------


def _missed(results: dict[str, Any]) -> list[str]:
    missed = []
    h, s, f = results.get("hostile", {}), results.get("ssrf", {}), results.get("fuzz", {})
    k, p, v = results.get("kill", {}), results.get("postgres", {}), results.get("serve", {})
    for name, value in (
        ("hostile uncoded", len(h.get("uncoded", []))),
        ("hostile duplicated on rerun", h.get("duplicated_on_rerun", 0)),
        ("formula cells", len(h.get("formula_cells", []))),
        ("raw markup served", len(h.get("raw_markup_served", []))),
        ("SSRF requests reached", s.get("requests_reached_server", 0)),
        ("SSRF uncoded", len(s.get("uncoded", []))),
        ("fuzz uncoded", f.get("uncoded", 0)),
        ("fuzz spans outside", f.get("spans_outside", 0)),
        ("fuzz ingest uncoded", len(f.get("ingest_uncoded", []))),
        ("fuzz duplicated", f.get("ingest_duplicated_on_rerun", 0)),
        ("kill rows lost", k.get("rows_lost", 0)),
        ("kill rows duplicated", k.get("rows_duplicated", 0)),
        ("kill problems", len(k.get("problems", []))),
        ("postgres uncoded", len(p.get("uncoded", []))),
        ("postgres rows lost", p.get("rows_lost", 0)),
        ("postgres rows duplicated", p.get("rows_duplicated", 0)),
        ("serve errors", v.get("errors", 0)),
    ):
        if value:
            missed.append(f"{name}: {value}")
    return missed


def _rows(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    h, s, f = results.get("hostile", {}), results.get("ssrf", {}), results.get("fuzz", {})
    k, p, v = results.get("kill", {}), results.get("postgres", {}), results.get("serve", {})

    def n(part: dict[str, Any], key: str) -> Any:
        value = part.get(key, "-")
        return len(value) if isinstance(value, list) else value

    stopped = p.get("skipped") or "codes " + ", ".join(p.get("codes_when_stopped", []))
    return [
        (
            "hostile corpus (CLI ingest, twice)",
            f"{n(h, 'inputs')} inputs",
            f"{n(h, 'uncoded')} uncoded, {n(h, 'duplicated_on_rerun')} rows added by the "
            f"rerun, {n(h, 'formula_cells')} formula cells in CSV "
            f"({n(h, 'formula_cells_defused')} defused), {n(h, 'raw_markup_served')} raw "
            "markup served",
        ),
        (
            "SSRF address forms",
            f"{n(s, 'urls')} URLs",
            f"{n(s, 'requests_reached_server')} requests reached the local server, "
            f"{n(s, 'uncoded')} uncoded",
        ),
        (
            "fuzzed pages (extract + analyze)",
            f"{n(f, 'inputs')} inputs",
            f"{n(f, 'uncoded')} uncoded, {n(f, 'spans_outside')} spans outside their text",
        ),
        (
            "fuzzed pages through ingest, twice",
            f"{n(f, 'ingested')} inputs",
            f"{n(f, 'ingest_uncoded')} uncoded, {n(f, 'ingest_duplicated_on_rerun')} duplicated",
        ),
        (
            "kill -9 mid-ingest (SQLite)",
            f"{n(k, 'kill_points')} kill points, {n(k, 'pages')} pages",
            f"{n(k, 'rows_lost')} rows lost, {n(k, 'rows_duplicated')} duplicated, "
            f"{n(k, 'runs_left_running')} runs left 'running'",
        ),
        (
            "PostgreSQL stopped mid-ingest",
            stopped,
            f"{n(p, 'uncoded')} uncoded, {n(p, 'rows_lost')} rows lost, "
            f"{n(p, 'rows_duplicated')} duplicated after the rerun",
        ),
        (
            "serve, article JSON under load (+10% hostile requests)",
            f"{n(v, 'clients')} clients, {n(v, 'seconds')} s, {n(v, 'articles')} articles",
            f"{n(v, 'errors')} errors, p50 {n(v, 'p50_ms')} ms, p95 {n(v, 'p95_ms')} ms",
        ),
    ]


def _block(results: dict[str, Any], args: argparse.Namespace) -> str:
    seeds = "invented articles" + "".join(f", {folder}" for folder in args.seeds)
    lines = [
        START,
        "## Reliability",
        "",
        f"`python bench/reliability.py --fuzz {args.fuzz} --kills {args.kills} --seeds ...` "
        f"(random seed {args.seed}; fuzzing seeds: {seeds}); 1-minute load "
        f"{results.get('load', '-')} when it started.",
        "",
        "| check | tried | found |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in _rows(results)),
        "",
        "Missed targets: " + ("; ".join(results["missed"]) if results["missed"] else "none") + ".",
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fuzz", type=int, default=10_000, help="fuzzed inputs (default 10000)")
    parser.add_argument("--fuzz-ingest", type=int, default=500, help="of them, through ingest too")
    parser.add_argument("--kills", type=int, default=50, help="kill -9 points (default 50)")
    parser.add_argument("--pages", type=int, default=30, help="pages in the kill corpus")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--serve-seconds", type=float, default=20.0)
    parser.add_argument(
        "--seeds",
        type=Path,
        nargs="*",
        default=[],
        help="folders of real pages to mutate (read, never copied)",
    )
    parser.add_argument("--sections", default="hostile,ssrf,fuzz,kill,postgres,serve")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args(argv)
    sections = args.sections.split(",")
    results: dict[str, Any] = {"load": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="sourcetrace-reliability-") as folder:
        work = Path(folder)
        for name in sections:
            rng = random.Random(f"{args.seed}-{name}")
            began = time.perf_counter()
            print(f"== {name}", file=sys.stderr, flush=True)
            if name == "hostile":
                results[name] = hostile(work, rng)
            elif name == "ssrf":
                results[name] = ssrf(work)
            elif name == "fuzz":
                results[name] = fuzz(
                    work,
                    args.fuzz,
                    args.seeds,
                    rng,
                    workers=args.workers,
                    ingested=min(args.fuzz_ingest, args.fuzz),
                )
            elif name == "kill":
                results[name] = kills(work, rng, count=args.kills, pages=args.pages)
            elif name == "postgres":
                results[name] = postgres(work, rng, pages=args.pages)
            elif name == "serve":
                results[name] = serve(work, rng, clients=args.clients, seconds=args.serve_seconds)
            else:
                parser.error(f"unknown section {name!r}")
            results[name]["section_seconds"] = round(time.perf_counter() - began, 1)
            print(json.dumps(results[name], indent=1)[:3000], file=sys.stderr, flush=True)
    results["missed"] = _missed(results)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    block = _block(results, args)
    print(block)
    if not args.no_docs and set(sections) >= {
        "hostile",
        "ssrf",
        "fuzz",
        "kill",
        "postgres",
        "serve",
    }:
        update_block(DOCS, "reliability", block)
    return 1 if results["missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
