"""Mine cue lemmas from PolNeAR gold: how often each lemma is a cue, and how often it is not.

Usage::

    .venv/bin/python bench/mine_cues.py --polnear ../shared/data/polnear --split train

For every token inside a gold cue span the lemma (by coarse part of speech) is counted as
a cue; every token of the text counts towards the lemma's total. The ratio is the share of
a lemma's occurrences that annotators marked as a cue, which is what decides whether a
word earns a place in ``analyze/lexicon.py``. Prints a table (lemma, POS, cue count, total,
ratio) and, with ``--python``, the lemmas that pass the thresholds as a table literal.
Only words are printed, never corpus text.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.polnear import Doc, read_polnear

__all__ = ["CueStats", "mine"]

Key = tuple[str, str]  # (lemma, coarse POS)
_POS = frozenset({"VERB", "NOUN", "ADJ", "ADP", "PUNCT", "AUX"})


class CueStats:
    """Counts of each (lemma, POS) as a cue token and over all tokens."""

    def __init__(self) -> None:
        self.cue: Counter[Key] = Counter()
        self.total: Counter[Key] = Counter()

    def ratio(self, key: Key) -> float:
        return self.cue[key] / self.total[key] if self.total[key] else 0.0

    def passing(self, *, min_count: int, min_ratio: float) -> list[Key]:
        """Return the keys seen as cues at least ``min_count`` times at ``min_ratio`` or more."""
        return sorted(
            (k for k, n in self.cue.items() if n >= min_count and self.ratio(k) >= min_ratio),
            key=lambda k: -self.cue[k],
        )


def mine(docs: Iterable[Doc], parsed: Iterable[Any]) -> CueStats:
    """Count cue lemmas over gold docs and their spaCy parses (same order)."""
    stats = CueStats()
    for doc, spacy_doc in zip(docs, parsed, strict=True):
        cue_chars = {i for g in doc.gold for a, b in g.cues for i in range(a, b)}
        for token in spacy_doc:
            if token.pos_ not in _POS:
                continue
            key = (token.lemma_.lower(), token.pos_)
            stats.total[key] += 1
            if token.idx in cue_chars:
                stats.cue[key] += 1
    return stats


def main(argv: list[str] | None = None) -> int:
    """Mine and print the cue table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, required=True)
    parser.add_argument("--split", default="train", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--min-ratio", type=float, default=0.3)
    parser.add_argument("--python", action="store_true", help="print table literals only")
    args = parser.parse_args(argv)
    from sourcetrace.analyze.nlp import load

    docs = read_polnear(args.polnear, args.split, limit=args.limit)
    stats = mine(docs, load().pipe((d.text for d in docs), batch_size=16))
    keys = stats.passing(min_count=args.min_count, min_ratio=args.min_ratio)
    if args.python:
        for pos in sorted({p for _, p in keys}):
            words = sorted(lemma for lemma, p in keys if p == pos)
            print(f"# {pos}: {len(words)} lemmas\n{' '.join(words)}\n")
        return 0
    for key in keys:
        lemma, pos = key
        print(f"{lemma:20} {pos:6} {stats.cue[key]:6} {stats.total[key]:7} {stats.ratio(key):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
