"""Commands over the store: ``ingest``, ``search``, ``who``, ``export``, ``reanalyze``.

A thin skin over ``pipeline.ingest``/``pipeline.reanalyze`` and the ``Store`` contract;
``cli.py`` wires them in with ``register(main)``. Exit codes follow ``cli.py``: 0 all
went well, 1 at least one input failed, 2 usage error (an in-memory ``--db`` among
them), 3 unexpected internal error, 4 the store cannot be used or failed mid-run (one
``error [store.*]`` line says why and what to do), 130 interrupted (run again to resume).

Only ``ingest`` creates a store. ``reanalyze`` needs one to exist; ``search``, ``who``
and ``export`` open it read-only (``mode=ro`` on SQLite), so they work on a store on a
read-only disk and never change one.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from sourcetrace.cli_common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_STORE,
    EXIT_USAGE,
    exit_internal,
    max_bytes_option,
)
from sourcetrace.config import DB_URL_ENV, DEFAULT_SETTINGS
from sourcetrace.errors import SourcetraceError, StoreError, StoreInMemoryError
from sourcetrace.models import RunReport, to_dict
from sourcetrace.pipeline import Progress, ingest, reanalyze
from sourcetrace.store import EXPORT_FORMATS, Statement, Store, export, open_store

__all__ = ["register"]


_DB = click.option(
    "--db",
    "db",
    default=None,
    metavar="URL",
    help=f"The store: sqlite:///FILE, a path, or postgresql://USER@HOST/DB "
    f"(default: ${DB_URL_ENV}, else ./sourcetrace.db).",
)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")

INGEST_EPILOG = """\b
Examples:
  sourcetrace ingest examples/                       # into ./sourcetrace.db
  sourcetrace ingest 'pages/*.html' crawl.warc.gz --db news.db
  sourcetrace ingest https://example.org/feed.xml --db postgresql://me@localhost/news
  SOURCETRACE_DB=postgresql://me@localhost/news sourcetrace ingest sitemap.xml
Run it again after an interruption: stored pages are skipped, the rest are added.
"""
SEARCH_EPILOG = """\b
Examples:
  sourcetrace search breakwater repairs
  sourcetrace search '"security guarantees" Ukraine' --in attributions
  sourcetrace search ferry OR bridge --json --limit 50
"""
WHO_EPILOG = """\b
Examples:
  sourcetrace who                  # every source, most quoted first
  sourcetrace who Zelensky         # everything attributed to him, oldest first
  sourcetrace who "Mara Voss" --json
"""
EXPORT_EPILOG = """\b
Examples:
  sourcetrace export --format jsonl > attributions.jsonl
  sourcetrace export --format csv --table articles --out articles.csv
  sourcetrace export --format parquet --out attributions.parquet
"""
REANALYZE_EPILOG = """\b
Examples:
  sourcetrace reanalyze                 # after upgrading sourcetrace
  sourcetrace reanalyze --db news.db --json
"""


def register(main: click.Group) -> None:
    """Add the store commands to the ``sourcetrace`` command group."""
    for command in (ingest_command, search_command, who_command, export_command, reanalyze_cmd):
        main.add_command(command)


@contextmanager
def _guard(ctx: click.Context) -> Iterator[None]:
    """Turn errors into one coded line and an exit status; tracebacks with --debug."""
    try:
        yield
    except SourcetraceError as exc:
        click.echo(f"error [{exc.code}] {exc.message}", err=True)
        sys.exit(_exit_status(exc))
    except KeyboardInterrupt:
        click.echo(
            "interrupted: what was stored is kept; run the command again to resume", err=True
        )
        sys.exit(EXIT_INTERRUPTED)
    except Exception:
        exit_internal(ctx)


def _exit_status(exc: SourcetraceError) -> int:
    if isinstance(exc, StoreInMemoryError):
        return EXIT_USAGE  # --db names no place to keep anything: a usage mistake
    return EXIT_STORE if isinstance(exc, StoreError) else EXIT_FAILED


@click.command("ingest", epilog=INGEST_EPILOG)
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@_DB
@click.option(
    "--allow-private",
    is_flag=True,
    help="Fetch URLs on private, loopback and link-local addresses (off by default).",
)
@max_bytes_option
@_JSON
@click.pass_context
def ingest_command(
    ctx: click.Context,
    sources: tuple[str, ...],
    db: str | None,
    allow_private: bool,
    max_bytes: int,
    as_json: bool,
) -> None:
    """Read, extract, analyse and store pages: files, directories, globs, .gz, - (stdin),
    WARC files, URLs, RSS/Atom feeds and sitemaps.

    Each page is committed on its own: interrupted and run again, it finishes with
    nothing lost and nothing stored twice. Exact duplicates are skipped and counted;
    near-duplicates (syndicated copies) are stored and linked. Every failure is printed
    with its code and recorded in the store; the exit status is 1 if any input failed.
    """
    settings = replace(DEFAULT_SETTINGS, allow_private=allow_private, max_input_bytes=max_bytes)
    with _guard(ctx), open_store(db) as store, _progress("ingesting") as progress:
        report = ingest(sources, store, settings, progress=progress)
        _finish(report, store, as_json, verb="stored")


@click.command("reanalyze", epilog=REANALYZE_EPILOG)
@_DB
@_JSON
@click.pass_context
def reanalyze_cmd(ctx: click.Context, db: str | None, as_json: bool) -> None:
    """Re-run the analysis on stored articles made by older component versions."""
    with (
        _guard(ctx),
        open_store(db, create=False) as store,
        _progress("reanalysing") as progress,
    ):
        report = reanalyze(store, progress=progress)
        _finish(report, store, as_json, verb="reanalysed")


def _reader(db: str | None) -> Store:
    """Open the store for a command that only reads: it must exist; nothing is written."""
    return open_store(db, create=False, read_only=True)


def _finish(report: RunReport, store: Store, as_json: bool, *, verb: str) -> None:
    for failure in report.failures:
        click.echo(f"error [{failure.code}] {failure.source}: {failure.message}", err=True)
    if as_json:
        record = {**to_dict(report), "failed": report.failed, "store": store.url}
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    near = f" ({report.near_duplicates} near-duplicate)" if report.near_duplicates else ""
    click.echo(
        f"{report.ok} {verb}{near}, {report.skipped} skipped, {report.failed} failed "
        f"in {report.duration_s:.1f} s -> {store.url} (run {report.run_id})",
        err=True,
    )
    sys.exit(EXIT_FAILED if report.failed else EXIT_OK)


@contextmanager
def _progress(verb: str) -> Iterator[Progress | None]:
    """Yield a progress callback drawing a live count on a terminal; ``None`` when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    counts: Counter[str] = Counter()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(verb, total=None)

        def update(source: str, outcome: str) -> None:
            counts[outcome] += 1
            summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
            bar.update(task, description=f"{verb}: {summary} · {_short(source)}")

        yield update


def _short(source: str, width: int = 50) -> str:
    return source if len(source) <= width else "…" + source[-(width - 1) :]


@click.command("search", epilog=SEARCH_EPILOG)
@click.argument("query", nargs=-1, required=True)
@_DB
@click.option(
    "--in",
    "where",
    type=click.Choice(["all", "articles", "attributions"]),
    default="all",
    show_default=True,
    help="Search article titles and text, attributed statements and their sources, or both.",
)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@_JSON
@click.pass_context
def search_command(
    ctx: click.Context,
    query: tuple[str, ...],
    db: str | None,
    where: str,
    limit: int,
    as_json: bool,
) -> None:
    """Full-text search over stored articles and what their sources are said to have said.

    All words must match; "quoted phrases" and OR work.
    """
    text = " ".join(query)
    kinds = ("article", "attribution") if where == "all" else (where.removesuffix("s"),)
    with _guard(ctx), _reader(db) as store:
        hits = [hit for kind in kinds for hit in store.search(text, limit=limit, kind=kind)]
    if as_json:
        click.echo(json.dumps([to_dict(hit) for hit in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"no matches for {text!r}", err=True)
    for hit in hits:
        date = hit.published_at.date().isoformat() if hit.published_at else "undated"
        head = f"[{hit.kind} {hit.article_id}] {date}  {hit.outlet or '-'}  {hit.title or '-'}"
        click.echo(head)
        if hit.source:
            click.echo(f"    {hit.source}:")
        click.echo(f"    {hit.snippet}")
        if hit.url:
            click.echo(f"    {hit.url}")


@click.command("who", epilog=WHO_EPILOG)
@click.argument("name", required=False)
@_DB
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many.")
@_JSON
@click.pass_context
def who_command(
    ctx: click.Context, name: str | None, db: str | None, limit: int | None, as_json: bool
) -> None:
    """Show everything attributed to NAME across articles and outlets, oldest first.

    NAME matches the source as written, the name it resolves to in its article, or any
    alias of that entity, case-insensitively. Without NAME: every source, most quoted first.
    """
    with _guard(ctx), _reader(db) as store:
        if name is None:
            rows = store.who_summary(limit=limit)
            _emit(rows, as_json, _summary_lines)
            return
        statements = store.who(name, limit=limit)
    if not statements and not as_json:
        click.echo(f"nothing attributed to {name!r}", err=True)
    _emit([to_dict(s) for s in statements], as_json, lambda rows: _statement_lines(statements))


def _emit(
    rows: list[dict[str, Any]],
    as_json: bool,
    render: Callable[[list[dict[str, Any]]], Iterator[str]],
) -> None:
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for line in render(rows):
        click.echo(line)


def _statement_lines(statements: list[Statement]) -> Iterator[str]:
    for s in statements:
        date = s.published_at.date().isoformat() if s.published_at else "undated"
        who = s.source if not s.resolved or s.resolved == s.source else f"{s.source} ({s.resolved})"
        via = f" via {s.channel}" if s.channel else ""
        yield f"{date}  {s.outlet or '-'}  [{s.kind}{via}] {who} {s.cue}:"
        yield f"    {s.content}"


def _summary_lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    header = f"{'statements':>10} {'articles':>8}  {'source':<44} {'kind':<26} outlets"
    yield header
    yield "-" * len(header)
    for row in rows:
        yield (
            f"{row['statements']:>10} {row['articles']:>8}  {_short(row['name'], 44):<44} "
            f"{row['kind']:<26} {', '.join(row['outlets']) or '-'}"
        )


@click.command("export", epilog=EXPORT_EPILOG)
@_DB
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Output format."
)
@click.option(
    "--table",
    type=click.Choice(["attributions", "articles"]),
    default="attributions",
    show_default=True,
    help="One row per attribution (with its article), or one per article.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write here instead of standard output (required for parquet on a terminal).",
)
@click.pass_context
def export_command(
    ctx: click.Context, db: str | None, fmt: str, table: str, out: Path | None
) -> None:
    """Export stored attributions or articles as JSON Lines, CSV or Parquet."""
    if out is None and fmt == "parquet" and sys.stdout.isatty():
        raise click.UsageError("parquet is binary: give --out FILE or redirect the output")
    with _guard(ctx), _reader(db) as store:
        if out is None:
            count = export(store.export_rows(table), fmt, sys.stdout.buffer)
        else:
            with out.open("wb") as handle:
                count = export(store.export_rows(table), fmt, handle)
    click.echo(f"{count} {table} exported" + (f" to {out}" if out else ""), err=True)
