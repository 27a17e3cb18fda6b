"""``sourcetrace serve`` as a user runs it: worker processes, trusted hosts from the options."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from sourcetrace.serve import free_port

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> list[int]:
    """Return the ids of the processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _wait_until_serving(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"serve stopped: {server.communicate()[1]}")
        try:
            if httpx.get(f"{base}/index.json?limit=1", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError("serve did not answer within 120 s")


def test_serve_with_two_workers_answers_with_the_options_it_was_given(store_copy):
    port = free_port()
    command = [sys.executable, "-c", "from sourcetrace.cli import main; main()", "serve"]
    command += ["--db", str(store_copy), "--port", str(port), "--workers", "2"]
    command += ["--allowed-host", "news.example"]
    server = subprocess.Popen(
        command, cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, server)
        assert len(_children(server.pid)) >= 2  # the workers (and uvicorn's helpers)
        for _ in range(20):  # spread over both workers: each read its settings alike
            article = httpx.get(f"{base}/articles/1.json", timeout=10)
            assert article.status_code == 200
            named = httpx.get(f"{base}/index.json", headers={"host": "news.example"})
            assert named.status_code == 200
            other = httpx.get(f"{base}/index.json", headers={"host": "evil.example"})
            assert other.status_code == 400
            assert other.json()["error"]["code"] == "serve.bad-host"
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
