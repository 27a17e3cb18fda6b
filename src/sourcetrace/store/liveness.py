"""Tell a run that is still going from one whose process is gone (killed, crashed).

A run records the ``pid`` and ``host`` of its process. When a writing run starts, every
run still ``running`` is looked at: on this host, it is abandoned when no process has
its pid any more, or that pid's process is a zombie or began after the run did (the pid
was reused); on another host (or with no pid, as runs stored before migration 0007), when
it is older than ``StoreSettings.stale_run_after_s``, since its process cannot be checked.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = ["is_abandoned", "this_process"]

# /proc gives a process's start in clock ticks after boot, and the boot time in whole
# seconds: allow for the rounding.
_CLOCK_SLACK_S = 2.0
_PROC = Path("/proc")


def this_process() -> tuple[int, str]:
    """Return the pid and host name to record on a run this process starts."""
    return os.getpid(), socket.gethostname()


def is_abandoned(run: Mapping[str, Any], *, host: str, now: datetime, stale_after_s: float) -> bool:
    """Tell whether a ``running`` run's process is gone (see the module docstring)."""
    pid: int | None = run["pid"]
    started_at: datetime = run["started_at"]
    if pid is not None and run["host"] == host:
        return not _alive(pid, started_at)
    return (now - started_at).total_seconds() > stale_after_s


def _alive(pid: int, started_at: datetime) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, run by another user
    stat = _stat(pid)
    if stat is None:  # no /proc here: a live pid is all we know
        return True
    state, began = stat
    return state != "Z" and (began is None or began <= started_at.timestamp() + _CLOCK_SLACK_S)


def _stat(pid: int) -> tuple[str, float | None] | None:
    """Return a process's state letter and start time (seconds since the epoch) from /proc."""
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    fields = text[text.rindex(")") + 2 :].split()
    boot = _boot_time()
    if boot is None:
        return fields[0], None
    ticks = int(fields[19])  # field 22 of the whole line: starttime
    return fields[0], boot + ticks / os.sysconf("SC_CLK_TCK")


def _boot_time() -> float | None:
    try:
        lines = (_PROC / "stat").read_text().splitlines()
    except OSError:
        return None
    return next((float(line.split()[1]) for line in lines if line.startswith("btime ")), None)
