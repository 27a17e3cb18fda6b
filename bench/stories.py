"""Story clustering benchmark on ECB+ dev: sourcetrace against the TF-IDF baseline.

Usage::

    .venv/bin/python bench/stories.py --ecbplus ../shared/data/ecbplus-dev

Every document is given as plain text only (sentence 0 of ``ecbplus`` documents, the
URL, is dropped; no file names, topics or kinds), shuffled with a fixed seed. Gold is
the ``story`` column of ``docs.tsv``. Scores: B-cubed (headline), MUC, CEAF-e and CoNLL F1
(``bench/story_metrics.py``).

No number reported is tuned on: each variant's threshold is chosen on the odd-numbered
topics (the tuning half), then reported on the even-numbered topics (the report half)
and on all topics, each half clustered on its own. The README's baseline (TF-IDF,
sublinear, English stop words, average-link cosine at 0.85, which was tuned on all of
dev) and "one cluster per gold topic" are computed in the same run, and the baseline's
speed is timed against sourcetrace's on all documents.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from bench.docblock import markers, update_block
from bench.story_metrics import score_partition
from sourcetrace import __version__
from sourcetrace.stories import (
    COMPONENT,
    DEFAULT_STORY_OPTIONS,
    StoryInput,
    StoryOptions,
    cluster_stories,
    story_distances,
)

__all__ = ["Doc", "baseline_labels", "main", "read_ecbplus", "run"]

REPO = Path(__file__).resolve().parents[1]
START, END = markers("stories")
SEED = 13
BASELINE_THRESHOLD = 0.85
THRESHOLDS = tuple(round(0.5 + 0.01 * step, 2) for step in range(50))
# The variants measured on the tuning half; the last is what sourcetrace ships.
_WORDS = replace(DEFAULT_STORY_OPTIONS, name_weight=0.0, ngram_max=1, min_df=1)
VARIANTS: dict[str, StoryOptions] = {
    "words": _WORDS,
    "words, min_df 2": replace(_WORDS, min_df=2),
    "words+bigrams, min_df 2": replace(_WORDS, min_df=2, ngram_max=2),
    "words+names 0.5": replace(_WORDS, name_weight=0.5),
    "words+names 0.5, min_df 2": replace(_WORDS, name_weight=0.5, min_df=2),
    "words+names 0.4, min_df 2": replace(_WORDS, name_weight=0.4, min_df=2),
    "words+bigrams+names 0.5, min_df 2 (shipped)": DEFAULT_STORY_OPTIONS,
}


@dataclass(frozen=True, slots=True)
class Doc:
    """One ECB+ document: its plain text and its gold labels (never shown to a system)."""

    text: str
    story: str
    topic: int


def read_ecbplus(root: Path, *, seed: int = SEED) -> list[Doc]:
    """Read every document of ``docs.tsv`` as plain text, shuffled with ``seed``."""
    with (root / "docs.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    docs = [
        Doc(_plain_text(root / row["path"], row["kind"]), row["story"], int(row["topic"]))
        for row in rows
    ]
    random.Random(seed).shuffle(docs)
    return docs


def _plain_text(path: Path, kind: str) -> str:
    """Join a CAT document's tokens, one line a sentence; drop an ``ecbplus`` URL line."""
    sentences: dict[str, list[str]] = {}
    for token in ET.parse(path).getroot().iter("token"):
        sentence = token.get("sentence", "")
        if kind == "ecbplus" and sentence == "0":
            continue
        sentences.setdefault(sentence, []).append(token.text or "")
    return "\n".join(" ".join(words) for words in sentences.values())


def baseline_labels(texts: Sequence[str], threshold: float = BASELINE_THRESHOLD) -> list[int]:
    """Cluster like the README's baseline: TF-IDF plus average-link cosine agglomeration."""
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    )
    return [int(label) for label in model.fit_predict(vectors.toarray())]


def _sweep(docs: Sequence[Doc], options: StoryOptions) -> dict[float, float]:
    """Return B3 F1 at every threshold in ``THRESHOLDS`` (one tree, cut many times)."""
    inputs = [StoryInput(text=doc.text) for doc in docs]
    tree = linkage(squareform(story_distances(inputs, options), checks=False), "average")
    gold = [doc.story for doc in docs]
    return {
        t: score_partition(gold, fcluster(tree, t=t, criterion="distance").tolist()).b3.f1
        for t in THRESHOLDS
    }


def _scores(docs: Sequence[Doc], labels: Sequence[Any]) -> dict[str, Any]:
    return score_partition([doc.story for doc in docs], list(labels)).as_dict()


def _evaluate(
    halves: dict[str, list[Doc]], cluster: Callable[[list[Doc]], Sequence[Any]]
) -> dict[str, Any]:
    return {name: _scores(docs, cluster(docs)) for name, docs in halves.items()}


def run(root: Path) -> dict[str, Any]:
    """Run every system on the tuning half, the report half and all topics."""
    docs = read_ecbplus(root)
    halves = {
        "tuning (odd topics)": [d for d in docs if d.topic % 2 == 1],
        "report (even topics)": [d for d in docs if d.topic % 2 == 0],
        "all topics": docs,
    }
    tuning = halves["tuning (odd topics)"]
    variants = []
    for name, options in VARIANTS.items():
        curve = _sweep(tuning, options)
        best = max(curve, key=lambda t: (round(curve[t], 4), -abs(t - 0.8)))
        tuned = replace(options, threshold=best)
        variants.append(
            {
                "variant": name,
                "threshold": best,
                **_evaluate(halves, lambda part, o=tuned: _cluster(part, o)),
            }
        )
    texts = [doc.text for doc in docs]
    return {
        "date": datetime.now(UTC).date().isoformat(),
        "version": __version__,
        "component": COMPONENT,
        "documents": len(docs),
        "stories": len({doc.story for doc in docs}),
        "seed": SEED,
        "sourcetrace": {
            "threshold": DEFAULT_STORY_OPTIONS.threshold,
            "name_weight": DEFAULT_STORY_OPTIONS.name_weight,
            **_evaluate(halves, lambda part: _cluster(part, DEFAULT_STORY_OPTIONS)),
        },
        "baseline": _evaluate(halves, lambda part: baseline_labels([d.text for d in part])),
        "one cluster per topic": _evaluate(halves, lambda part: [d.topic for d in part]),
        "variants": variants,
        "speed_docs_per_s": {
            "sourcetrace": _speed(
                lambda: cluster_stories([StoryInput(text=t) for t in texts]), len(texts)
            ),
            "baseline": _speed(lambda: baseline_labels(texts), len(texts)),
        },
    }


def _cluster(docs: Sequence[Doc], options: StoryOptions) -> list[int]:
    return cluster_stories([StoryInput(text=doc.text) for doc in docs], options)


def _speed(work: Callable[[], object], count: int, repeats: int = 3) -> float:
    """Return documents per second, best of ``repeats`` runs."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return round(count / best, 1)


def _row(name: str, scores: dict[str, Any]) -> str:
    b3 = scores["b3"]
    return (
        f"| {name} | {scores['clusters']} | {b3['p']:.3f} | {b3['r']:.3f} | **{b3['f1']:.3f}** "
        f"| {scores['ceaf_e']['f1']:.3f} | {scores['muc']['f1']:.3f} | {scores['conll_f1']:.3f} |"
    )


def markdown(results: dict[str, Any], command: str) -> str:
    """Render the results as the ``stories`` block of docs/benchmarks.md."""
    speed = results["speed_docs_per_s"]
    lines = [
        START,
        f"`{command}` ({results['date']}, sourcetrace {results['version']}, "
        f"`{results['component']}`): {results['documents']} documents, "
        f"{results['stories']} gold stories, text only (no URLs, file names or topics), "
        f"shuffled (seed {results['seed']}). Thresholds are chosen on the odd topics "
        "(tuning half) and reported on the even topics (report half) and on all topics; "
        "each part is clustered on its own. The baseline's 0.85 was tuned on all of dev.",
    ]
    systems = [
        (f"sourcetrace (threshold {results['sourcetrace']['threshold']})", results["sourcetrace"]),
        (f"baseline: TF-IDF average link at {BASELINE_THRESHOLD}", results["baseline"]),
        ("one cluster per gold topic", results["one cluster per topic"]),
    ]
    header = "| system | clusters | B3 P | B3 R | B3 F1 | CEAF-e F1 | MUC F1 | CoNLL F1 |"
    for part in results["baseline"]:
        lines += ["", f"**{part}**", "", header, "|---|---|---|---|---|---|---|---|"]
        lines += [_row(name, scores[part]) for name, scores in systems]
    lines += [
        "",
        "Variants, each at the threshold best on the tuning half (B3 F1):",
        "",
        "| variant | threshold | tuning | report | all |",
        "|---|---|---|---|---|",
    ]
    for variant in results["variants"]:
        parts = [variant[part]["b3"]["f1"] for part in results["baseline"]]
        lines.append(
            f"| {variant['variant']} | {variant['threshold']} | "
            + " | ".join(f"{f1:.3f}" for f1 in parts)
            + " |"
        )
    lines += [
        "",
        f"Speed on all {results['documents']} documents (best of 3, clustering included): "
        f"sourcetrace {speed['sourcetrace']:.0f} docs/s, baseline {speed['baseline']:.0f} docs/s.",
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line; write JSON and the docs block."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecbplus", type=Path, required=True, help="the ecbplus-dev/ folder")
    parser.add_argument("--output", type=Path, default=REPO / "bench/results/stories.json")
    parser.add_argument("--docs", type=Path, default=REPO / "docs/benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print only; write no files")
    args = parser.parse_args(argv)
    results = run(args.ecbplus)
    command = ".venv/bin/python bench/stories.py " + " ".join(argv or sys.argv[1:])
    block = markdown(results, command)
    print(block)
    if not args.no_write:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        update_block(args.docs, "stories", block, intro="## Stories across outlets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
