"""What every CLI module shares: exit codes, common options, the internal-error exit."""

from __future__ import annotations

import os
import sys
import traceback
from typing import NoReturn

import click

from sourcetrace.config import DEFAULT_SETTINGS

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_FAILED",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_STORE",
    "EXIT_USAGE",
    "exit_internal",
    "max_bytes_option",
]

# 0 every input succeeded; 1 some input failed (the batch still ran to the end); 2 usage
# error (click's own); 3 internal error; 4 the store cannot be used or failed mid-run
# (disk full, database down, no store at --db, read-only, outdated: what was stored is
# kept, fix the cause and run again); 130 interrupted (what was stored is kept).
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_STORE = 4
# The shell's code for a process whose output pipe closed (128 + SIGPIPE).
EXIT_BROKEN_PIPE = 141

max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_SETTINGS.max_input_bytes,
    show_default=True,
    help="Refuse inputs larger than this (input.too-large).",
)


def exit_internal(ctx: click.Context) -> NoReturn:
    """Report an unexpected failure in one line (a traceback with --debug) and exit 3."""
    exc = sys.exc_info()[1]
    if isinstance(exc, BrokenPipeError):  # the reader left (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_BROKEN_PIPE)
    if (ctx.obj or {}).get("debug"):
        traceback.print_exc()
    else:
        what = f"{exc.__class__.__name__}: {exc}" if exc is not None else "unexpected failure"
        click.echo(f"error [internal] {what}; rerun with --debug and report it", err=True)
    sys.exit(EXIT_INTERNAL)
