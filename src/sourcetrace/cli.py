"""Command-line interface: a thin skin over the library.

Exit codes: 0 all inputs succeeded; 1 at least one input failed (the batch still ran to
the end); 2 usage error; 3 unexpected internal error (rerun with --debug); 4 the store
cannot be used or failed mid-run (the store commands; what was stored is kept).
"""

from __future__ import annotations

import json
import logging
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO

import click

from sourcetrace import __version__
from sourcetrace.cli_analyze import register as register_analyze
from sourcetrace.cli_common import EXIT_FAILED, EXIT_OK, exit_internal, max_bytes_option
from sourcetrace.cli_serve import register as register_serve
from sourcetrace.cli_store import register as register_store
from sourcetrace.cli_stories import register as register_stories
from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.ingest import is_dir
from sourcetrace.models import Article, BatchReport, Failure, to_dict
from sourcetrace.pipeline import ExtractResult, extract_paths

__all__ = ["main"]


EXTRACT_EPILOG = """\b
Examples:
  sourcetrace extract examples/000_7fbb9ae6711f7586.txt --format text
  sourcetrace extract page.html                 # one input: one JSON object
  sourcetrace extract pages/ archive.html.gz    # many inputs: JSON Lines
  curl -s https://example.org/story | sourcetrace extract -
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sourcetrace")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn news pages into a traceable record of who said what, according to whom."""
    ctx.obj = {"debug": debug}
    if debug:  # the library logs the tracebacks of failures it records and goes on
        logger = logging.getLogger("sourcetrace")
        logger.setLevel(logging.DEBUG)
        handler = logging.StreamHandler()  # the stderr of now, not of import time
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        logger.handlers = [handler]


@main.command(epilog=EXTRACT_EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...|-")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "json", "jsonl", "text"]),
    default="auto",
    show_default=True,
    help="auto: JSON for one input, JSON Lines for several; text: a readable view.",
)
@max_bytes_option
@click.option("--url", default=None, help="The page's URL, when extracting one input.")
@click.pass_context
def extract(
    ctx: click.Context, paths: tuple[str, ...], fmt: str, max_bytes: int, url: str | None
) -> None:
    """Extract clean article records from HTML or flattened-text files.

    PATH may be a file, a directory (walked recursively), a .gz file, or - for
    standard input. A failed input prints one line with its error code to stderr and
    the batch goes on; the exit status is 1 if any input failed.
    """
    settings = replace(DEFAULT_SETTINGS, max_input_bytes=max_bytes)
    single = (len(paths) == 1 and paths[0] != "-" and not _is_dir(paths[0])) or paths == ("-",)
    mode = ("json" if single else "jsonl") if fmt == "auto" else fmt
    results = extract_paths(paths, settings)
    if url is not None:
        results = (_with_url(result, url) for result in results)
    try:
        report = _emit(results, mode, sys.stdout)
    except Exception:
        exit_internal(ctx)
    if report.total > 1 or report.failed:
        click.echo(f"{report.ok} ok, {report.failed} failed", err=True)
    sys.exit(EXIT_FAILED if report.failed else EXIT_OK)


def _is_dir(path: str) -> bool:
    return is_dir(Path(path))


def _with_url(result: ExtractResult, url: str) -> ExtractResult:
    if result.article is None:
        return result
    return replace(result, article=replace(result.article, url=url))


def _emit(results: Iterator[ExtractResult], mode: str, out: IO[str]) -> BatchReport:
    ok = 0
    failures: list[Failure] = []
    for result in _progress(results):
        if result.failure is not None:
            failures.append(result.failure)
            click.echo(
                f"error [{result.failure.code}] {result.source}: {result.failure.message}", err=True
            )
            continue
        assert result.article is not None
        ok += 1
        record = {"input": result.source, **to_dict(result.article)}
        if mode == "json":
            out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        elif mode == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(render_text(result.article) + "\n")
    return BatchReport(ok=ok, failures=tuple(failures))


def _progress(results: Iterator[ExtractResult]) -> Iterator[ExtractResult]:
    """Show a spinner with counts on a terminal; stay quiet when stderr is piped."""
    if not sys.stderr.isatty():
        yield from results
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("extracting", total=None)
        for count, result in enumerate(results, start=1):
            progress.update(task, description=f"extracted {count}: {result.source}")
            yield result


def render_text(article: Article) -> str:
    """Render an article record for reading in a terminal."""
    lines = [f"# {article.title or '(no title)'}", ""]
    published = article.published_at
    facts = [
        ("source", article.source),
        ("url", article.url),
        ("canonical", article.canonical_url),
        ("site", article.site_name),
        ("section", article.section),
        ("subtitle", article.subtitle),
        ("authors", ", ".join(article.authors) or None),
        (
            "published",
            f"{published.value.isoformat()} ({published.evidence}: {published.detail})"
            if published
            else None,
        ),
        ("language", article.language),
    ]
    lines += [f"{name:>10}: {value}" for name, value in facts if value]
    for image in article.images:
        lines.append(
            f"{'image':>10}: {image.caption or '(no caption)'}"
            + (f"  [credit: {image.credit}]" if image.credit else "")
        )
    lines += ["", f"## Body ({len(article.paragraphs)} paragraphs)", ""]
    for number, paragraph in enumerate(article.paragraph_texts(), start=1):
        wrapped = textwrap.fill(
            paragraph, width=88, initial_indent=f"{number:>3}. ", subsequent_indent="     "
        )
        lines += [wrapped, ""]
    if article.removed:
        lines += [f"## Removed ({len(article.removed)})", ""]
        for cut in article.removed:
            snippet = cut.text if len(cut.text) <= 70 else cut.text[:67] + "..."
            lines.append(f"  {cut.rule:<28} {snippet}")
    return "\n".join(lines)


register_analyze(main)
register_store(main)
register_serve(main)
register_stories(main)


if __name__ == "__main__":  # pragma: no cover
    main()
