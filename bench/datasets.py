"""Read the extraction benchmarks' pages and ground truth from folders given at run time.

Nothing here ships data: the AEB and WCXB folders are passed in by the user
(``--aeb PATH``, ``--wcxb PATH``); see their formats in the data README.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DATASETS", "Sample", "read_aeb", "read_wcxb"]


@dataclass(frozen=True, slots=True)
class Sample:
    """One benchmark page: its id, URL, decompressed HTML bytes and true article text."""

    page_id: str
    url: str | None
    html: bytes
    truth: str


def read_aeb(root: Path, limit: int | None = None) -> Iterator[Sample]:
    """Yield the ScrapingHub Article Extraction Benchmark pages, sorted by id."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth)[:limit]:
        record = truth[page_id]
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        yield Sample(page_id, record.get("url"), html, record.get("articleBody") or "")


def read_wcxb(root: Path, limit: int | None = None) -> Iterator[Sample]:
    """Yield the WCXB article pages, sorted by id, with ``main_content`` as the truth."""
    for path in sorted((root / "ground-truth").glob("*.json"))[:limit]:
        record = json.loads(path.read_text(encoding="utf-8"))
        page_id = path.stem
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        truth = (record.get("ground_truth") or {}).get("main_content") or ""
        yield Sample(page_id, record.get("url"), html, truth)


DATASETS = {"aeb": read_aeb, "wcxb": read_wcxb}
