"""Fixtures for ingest tests: a local HTTP server, a fake clock, ready fetchers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sourcetrace.config import Settings
from sourcetrace.ingest.fetch import Fetcher
from tests.ingest import server as local


class FakeClock:
    """A monotonic clock that only moves when something sleeps: no real waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture(scope="session")
def _httpd() -> Iterator[local.LocalServer]:
    httpd, state = local.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server(_httpd: local.LocalServer) -> local.LocalServer:
    """The local server, its request log cleared for this test."""
    _httpd.hits.clear()
    _httpd.headers.clear()
    return _httpd


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings() -> Settings:
    """Settings for the local server: private addresses allowed, no politeness waits."""
    return Settings(allow_private=True, per_host_interval_s=0.0, backoff_s=0.5, timeout_s=5.0)


@pytest.fixture
def fetcher(settings: Settings, clock: FakeClock) -> Iterator[Fetcher]:
    with Fetcher(settings, clock=clock, sleep=clock.sleep) as made:
        yield made
