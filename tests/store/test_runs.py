"""A run left ``running`` by a process that is gone is marked ``interrupted`` on the next start.

The killed process is real (``test_resume.py`` kills an ingest with SIGKILL mid-way);
here, runs are recorded with the pid of a process that has exited, of this process, of
another host, and one older than the process holding its pid (a reused pid).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from sourcetrace.config import DEFAULT_STORE_SETTINGS
from sourcetrace.store import open_store
from sourcetrace.store.schema import runs

HOST = socket.gethostname()


def _exited_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=60)
    return process.pid


def _left_running(store, *, pid: int | None, host: str | None, age: timedelta) -> int:
    values = {
        "kind": "ingest",
        "inputs": [],
        "started_at": datetime.now(UTC) - age,
        "status": "running",
        "pid": pid,
        "host": host,
    }
    with store.engine.begin() as conn:
        return int(conn.execute(sa.insert(runs).values(values).returning(runs.c.id)).scalar_one())


def _statuses(store) -> dict[int, str]:
    return {run["id"]: run["status"] for run in store.runs()}


def test_a_run_whose_process_is_gone_is_marked_interrupted(store):
    dead = _left_running(store, pid=_exited_pid(), host=HOST, age=timedelta(seconds=1))
    alive = _left_running(store, pid=os.getpid(), host=HOST, age=timedelta(seconds=1))
    new = store.start_run("ingest", ["x"])
    assert _statuses(store) == {dead: "interrupted", alive: "running", new: "running"}
    assert {(r["pid"], r["host"]) for r in store.runs() if r["id"] == new} == {(os.getpid(), HOST)}


def test_a_run_older_than_the_process_holding_its_pid_is_marked(store):
    # This process started long after 2001: the pid's run must have been another one.
    reused = _left_running(store, pid=os.getpid(), host=HOST, age=timedelta(days=9000))
    store.start_run("reanalyze", [])
    assert _statuses(store)[reused] == "interrupted"


def test_runs_of_other_hosts_are_marked_once_stale(db_url):
    settings = replace(DEFAULT_STORE_SETTINGS, stale_run_after_s=3600.0)
    with open_store(db_url, settings) as store:
        fresh = _left_running(store, pid=1, host="elsewhere", age=timedelta(minutes=5))
        stale = _left_running(store, pid=1, host="elsewhere", age=timedelta(hours=2))
        unknown = _left_running(store, pid=None, host=None, age=timedelta(hours=2))
        store.start_run("ingest", [])
        statuses = _statuses(store)
    assert (statuses[fresh], statuses[stale], statuses[unknown]) == (
        "running",
        "interrupted",
        "interrupted",
    )


def test_finished_runs_are_left_alone(store):
    done = store.start_run("ingest", [])
    store.finish_run(done, status="done", duration_s=1.0)
    with store.engine.begin() as conn:  # as if its process had long exited
        conn.execute(sa.update(runs).where(runs.c.id == done).values(pid=_exited_pid()))
    store.start_run("ingest", [])
    assert _statuses(store)[done] == "done"
