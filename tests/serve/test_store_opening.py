"""Opening the served store: never created by serve, read-only without a token."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from sourcetrace.errors import SourcetraceError
from sourcetrace.serve import ServeSettings, create_app, free_port
from sourcetrace.store.schema import runs
from tests.serve.conftest import TOKEN

ROOT = Path(__file__).resolve().parents[2]


def test_serve_refuses_a_store_that_does_not_exist(tmp_path):
    typo = tmp_path / "sourcetarce.db"
    for token in (None, TOKEN):
        with pytest.raises(SourcetraceError) as refused:
            create_app(ServeSettings(db_url=f"sqlite:///{typo}", token=token))
        assert refused.value.code == "store.not-found"
        assert str(typo) in refused.value.message and "sourcetrace ingest" in refused.value.message
    assert not typo.exists()


def test_the_serve_command_on_a_missing_store_exits_non_zero_naming_it(tmp_path):
    typo = tmp_path / "newz.db"
    command = [sys.executable, "-c", "from sourcetrace.cli import main; main()"]
    command += ["serve", "--db", str(typo)]
    command += ["--port", str(free_port())]
    try:  # a server that starts instead of refusing would run until killed
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve started on a store that does not exist: {typo}")
    assert done.returncode == 4, done.stderr  # the store cannot be used
    assert "error [store.not-found]" in done.stderr and str(typo) in done.stderr
    assert "sourcetrace ingest" in done.stderr
    assert not typo.exists()


def test_without_a_token_the_store_is_opened_read_only(store_copy):
    app = create_app(ServeSettings(db_url=f"sqlite:///{store_copy}"))
    before = hashlib.sha256(store_copy.read_bytes()).hexdigest()
    with TestClient(app) as client:
        assert client.get("/search.json?q=ferry").json()["articles"]
        engine = app.state.ctx.engine
        with pytest.raises(sa.exc.OperationalError, match="readonly"), engine.begin() as conn:
            conn.execute(sa.delete(runs))
    assert hashlib.sha256(store_copy.read_bytes()).hexdigest() == before


def _read_only(folder: Path) -> list[str]:
    """Return how to run a command with ``folder`` read-only: chmod, or a read-only mount."""
    for path in folder.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 0444
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return []
    # Root writes through any permission: make the folder a read-only mount instead, in
    # a mount namespace of the child's own.
    if shutil.which("unshare") is None:
        pytest.skip("as root, a read-only store needs unshare(1) to mount its folder read-only")
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"'
    return ["unshare", "--mount", "sh", "-c", script, str(folder)]


def test_a_store_on_a_read_only_folder_is_served_and_searchable(store_copy):
    folder = store_copy.parent
    wrapper = _read_only(folder)
    before = sorted(p.name for p in folder.iterdir())
    digest = hashlib.sha256(store_copy.read_bytes()).hexdigest()
    command = [*wrapper, sys.executable, "-m", "tests.serve.readonly_probe", str(store_copy)]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        folder.chmod(0o755)
    if wrapper and "mount" in done.stderr and "permission denied" in done.stderr.lower():
        pytest.skip(f"cannot mount the store's folder read-only here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    assert answers.pop("search_hits") >= 1
    assert set(answers.values()) == {200}, answers
    assert sorted(p.name for p in folder.iterdir()) == before  # no -wal, no -shm made
    assert hashlib.sha256(store_copy.read_bytes()).hexdigest() == digest
