"""Audit each furniture rule on real pages: how much junk it cuts, how much article.

For every block sourcetrace removes, count its words as *junk* when the block is not in
the ground-truth body and as *article* when it is. A rule whose article words outweigh
its junk words costs recall for little precision and should be tightened.

    .venv/bin/python bench/furniture_rules.py \
        --aeb ../shared/data/aeb --wcxb ../shared/data/wcxb-dev
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.datasets import Sample, read_aeb, read_wcxb
from sourcetrace.errors import SourcetraceError
from sourcetrace.extract import extract
from sourcetrace.models import Page

EXAMPLES_PER_RULE = 3


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


def audit(samples: Iterator[Sample]) -> tuple[Counter[str], Counter[str], dict[str, list[str]]]:
    """Return junk words and article words removed per rule, and a few article examples."""
    junk: Counter[str] = Counter()
    article: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for sample in samples:
        page = Page(content=sample.html, source=sample.page_id, url=sample.url)
        try:
            record = extract(page)
        except SourcetraceError:
            continue
        truth = _words(sample.truth)
        for cut in record.removed:
            words = _words(cut.text)
            if not words:
                continue
            if words in truth:
                article[cut.rule] += len(words.split())
                examples[cut.rule].append(cut.text[:90])
            else:
                junk[cut.rule] += len(words.split())
    return junk, article, examples


def main(argv: Sequence[str] | None = None) -> int:
    """Print the per-rule audit."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aeb", type=Path, help="AEB folder (html/, ground-truth.json)")
    parser.add_argument("--wcxb", type=Path, help="WCXB dev folder (html/, ground-truth/)")
    parser.add_argument("--limit", type=int, default=None, help="pages per dataset")
    args = parser.parse_args(argv)
    if not (args.aeb or args.wcxb):
        parser.error("give --aeb and/or --wcxb")

    def samples() -> Iterator[Sample]:
        if args.aeb:
            yield from read_aeb(args.aeb, limit=args.limit)
        if args.wcxb:
            yield from read_wcxb(args.wcxb, limit=args.limit)

    junk, article, examples = audit(samples())
    print(f"{'rule':34} {'junk words':>10} {'article words':>14}")
    for rule in sorted(set(junk) | set(article), key=lambda r: article[r] - junk[r], reverse=True):
        flag = "  <- net loss" if article[rule] > junk[rule] else ""
        print(f"{rule:34} {junk[rule]:>10} {article[rule]:>14}{flag}")
        for example in examples[rule][:EXAMPLES_PER_RULE]:
            print(f"    in the article: {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
