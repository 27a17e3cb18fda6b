"""Serve a SQLite store read-only and print what it answered, as JSON (run by a test).

``python -m tests.serve.readonly_probe STORE.db`` runs in a child process, so the test
can first make the store's folder a read-only mount (as root, where permissions block
nothing) without touching the test process.
"""

from __future__ import annotations

import json
import sys

from fastapi.testclient import TestClient

from sourcetrace.serve import ServeSettings, create_app

PATHS = ("/index.json", "/articles/1.json", "/articles/1", "/search.json?q=ferry")


def main(path: str) -> None:
    """Serve the store at ``path`` without a token and print each path's status."""
    answers: dict[str, object] = {}
    with TestClient(create_app(ServeSettings(db_url=f"sqlite:///{path}"))) as client:
        for route in PATHS:
            response = client.get(route)
            answers[route] = response.status_code
        answers["search_hits"] = len(client.get("/search.json?q=ferry").json()["articles"])
    print(json.dumps(answers))


if __name__ == "__main__":
    main(sys.argv[1])
