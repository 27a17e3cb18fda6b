"""Commands for the analysis stage: ``sourcetrace analyze`` and ``sourcetrace attributions``.

A thin skin over ``pipeline.analyze_paths`` and ``analyze.render``; ``cli.py`` wires them
in with ``register(main)``. Exit codes follow ``cli.py``: 0 all inputs succeeded, 1 at
least one failed (the batch still ran to the end), 3 unexpected internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

import click

from sourcetrace.analyze.entities import load_aliases
from sourcetrace.analyze.render import analysis_record, attribution_records, render_table
from sourcetrace.cli_common import EXIT_FAILED, EXIT_OK, exit_internal
from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.errors import SourcetraceError
from sourcetrace.models import Analysis
from sourcetrace.pipeline import AnalyzeResult, analyze_paths

__all__ = ["register"]


ANALYZE_EPILOG = """\b
Examples:
  sourcetrace analyze article.html                 # a who-said-what table
  sourcetrace analyze --json article.html          # the full record
  sourcetrace analyze --raw-text --jsonl texts/    # one record a line, no extraction
  sourcetrace analyze --aliases mine.toml a.html   # with your own entity aliases
"""
ATTRIBUTIONS_EPILOG = """\b
Examples:
  sourcetrace attributions --jsonl --raw-text doc.txt > doc.jsonl
"""
_RAW_TEXT = click.option(
    "--raw-text",
    is_flag=True,
    help="Analyse text files verbatim (no extraction): offsets match the file exactly.",
)


def register(main: click.Group) -> None:
    """Add the analysis commands to the ``sourcetrace`` command group."""
    main.add_command(analyze_command)
    main.add_command(attributions_command)


def _check_aliases(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an unreadable alias file up front, with its reason (exit status 2)."""
    if value is not None:
        try:
            load_aliases(value)
        except SourcetraceError as exc:
            raise click.BadParameter(exc.message) from exc
    return value


@click.command("analyze", epilog=ANALYZE_EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--json", "mode", flag_value="json", help="The full record of each input.")
@click.option("--jsonl", "mode", flag_value="jsonl", help="The full record, one input a line.")
@_RAW_TEXT
@click.option(
    "--aliases",
    "aliases_file",
    type=click.Path(dir_okay=False),
    callback=_check_aliases,
    help="A TOML file of entity aliases extending the shipped table.",
)
@click.pass_context
def analyze_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    mode: str | None,
    raw_text: bool,
    aliases_file: str | None,
) -> None:
    """Show who said what in each input, with its entities and resolved times."""

    def write(analysis: Analysis, out: IO[str]) -> None:
        if mode == "json":
            out.write(json.dumps(analysis_record(analysis), ensure_ascii=False, indent=2) + "\n")
        elif mode == "jsonl":
            out.write(json.dumps(analysis_record(analysis), ensure_ascii=False) + "\n")
        else:
            out.write(render_table(analysis) + "\n\n")

    settings = replace(DEFAULT_SETTINGS, aliases=aliases_file)
    _run(ctx, analyze_paths(paths, settings, raw_text=raw_text), write)


@click.command("attributions", epilog=ATTRIBUTIONS_EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--jsonl", is_flag=True, default=True, help="One attribution a line (the default).")
@_RAW_TEXT
@click.pass_context
def attributions_command(
    ctx: click.Context, paths: tuple[str, ...], jsonl: bool, raw_text: bool
) -> None:
    """Write every attribution as JSON Lines with character offsets into the input."""

    def write(analysis: Analysis, out: IO[str]) -> None:
        doc_id = _doc_id(analysis.article.source)
        for record in attribution_records(analysis, doc_id):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    _run(ctx, analyze_paths(paths, raw_text=raw_text), write)


def _doc_id(source: str) -> str:
    """Return an input's file name without its extension (nor a trailing ``.gz``)."""
    name = Path(source).name.removesuffix(".gz")
    return Path(name).stem or name


def _run(
    ctx: click.Context, results: Iterator[AnalyzeResult], write: Callable[[Analysis, IO[str]], None]
) -> None:
    ok = failed = 0
    try:
        for result in results:
            if result.failure is not None:
                failed += 1
                click.echo(
                    f"error [{result.failure.code}] {result.source}: {result.failure.message}",
                    err=True,
                )
                continue
            assert result.analysis is not None
            ok += 1
            write(result.analysis, sys.stdout)
    except Exception:
        exit_internal(ctx)
    if ok + failed > 1 or failed:
        click.echo(f"{ok} ok, {failed} failed", err=True)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)
