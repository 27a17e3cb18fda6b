"""How sourcetrace drives Debian's Chromium (tests and screenshots alike).

``playwright install`` cannot work here, so Playwright launches the system browser; the
flags keep it headless and off the network it would otherwise call home to.
"""

from __future__ import annotations

import os

__all__ = ["CHROMIUM", "CHROMIUM_ARGS"]

CHROMIUM = os.environ.get("SOURCETRACE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
