"""Screenshot the article page into docs/screenshot-article.png (for the README).

Ingests the seed article into a throwaway SQLite store through the real pipeline, serves
it on 127.0.0.1, opens the article in headless Chromium (Debian's, via Playwright),
chooses an attributed statement so its card shows, and saves the picture::

    .venv/bin/python bench/screenshot.py [--out docs/screenshot-article.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.browser import CHROMIUM, CHROMIUM_ARGS
from sourcetrace.pipeline import ingest
from sourcetrace.serve import ServeSettings, create_app, running
from sourcetrace.store import open_store

SEED = Path("tests/fixtures/seed_000_7fbb9ae6711f7586.txt")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshot-article.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1000)
    options = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"needs Chromium at {CHROMIUM}: apt-get install -y chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'store.db'}"
        with open_store(url) as store:
            ingest([str(SEED)], store)
        app = create_app(ServeSettings(db_url=url))
        with running(app) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": options.width, "height": options.height})
            page.goto(f"{base}/articles/1")
            data = page.request.get(f"{base}/articles/1.json").json()
            chosen = next(
                (c for c in data["attributions"] if c["channel"] and c["said_at"]),
                data["attributions"][0],
            )
            page.locator(f'a.hl-source[data-att="{chosen["idx"]}"]').first.click()
            options.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(options.out))
            browser.close()
    print(f"wrote {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
