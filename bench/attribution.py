"""Attribution benchmark: sourcetrace against textacy's ``direct_quotations`` on PolNeAR.

Usage::

    .venv/bin/python bench/attribution.py --polnear ../shared/data/polnear --split dev

Scores "who said what" (P/R/F1), per-role exact-span F1 and recall by content and source
kind for both systems on the same articles, and throughput of sourcetrace's whole analysis
against bare spaCy parsing of the same texts with the same model. Only top-level
attributions are scored: PolNeAR annotates the outermost attribution alone. textacy's
``direct_quotations`` refuses a whole article on an odd count of quote tokens (spaCy counts
the apostrophe of "voters'"); such an article is run paragraph by paragraph instead of
being scored empty.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docblock import markers, update_block
from bench.polnear import Doc, Pred, Scores, read_polnear, score
from sourcetrace import __version__
from sourcetrace.analyze import analyze_many, verbatim_article
from sourcetrace.analyze.nlp import MODEL
from sourcetrace.models import TEXT_FIELD, Analysis

__all__ = ["main", "run_sourcetrace", "sourcetrace_preds"]

REPO = Path(__file__).resolve().parents[1]
START, END = markers("attribution")


def sourcetrace_preds(analysis: Analysis) -> list[Pred]:
    """Return an analysis's top-level body attributions as scorer predictions.

    PolNeAR texts are plain text with no separate headline; a headline's attributions
    (``field == "title"``) would index another string, so they are never scored.
    """
    return [
        Pred(
            source=((a.source.start, a.source.end),) if a.source else (),
            cues=tuple((c.start, c.end) for c in a.cues),
            contents=tuple((c.start, c.end) for c in a.contents),
        )
        for a in analysis.attributions
        if a.parent is None and a.field == TEXT_FIELD
    ]


def run_sourcetrace(docs: list[Doc]) -> tuple[dict[str, list[Pred]], float]:
    """Analyse every doc verbatim; return predictions by doc and the seconds it took."""
    articles = [verbatim_article(doc.text, source=doc.name) for doc in docs]
    started = time.perf_counter()
    analyses = list(analyze_many(articles))
    seconds = time.perf_counter() - started
    return {a.article.source: sourcetrace_preds(a) for a in analyses}, seconds


# Speed is timed chunk by chunk, alternating bare parsing and the whole analysis, so a
# burst of load from elsewhere on a shared machine slows both alike.
SPEED_CHUNK = 8


def timed_runs(docs: list[Doc]) -> tuple[list[Analysis], float, list[Any], float]:
    """Analyse every doc verbatim and bare-parse it too, interleaved chunk by chunk.

    Returns the analyses, their seconds, the bare parses and their seconds.
    """
    import spacy

    nlp = spacy.load(MODEL)
    articles = [verbatim_article(doc.text, source=doc.name) for doc in docs]
    list(nlp.pipe(doc.text for doc in docs[:2]))  # warm both up alike
    list(analyze_many(articles[:2]))
    analyses: list[Analysis] = []
    parsed: list[Any] = []
    ours = bare = 0.0
    for number, start in enumerate(range(0, len(docs), SPEED_CHUNK)):
        chunk = slice(start, start + SPEED_CHUNK)
        for step in ("bare", "ours") if number % 2 == 0 else ("ours", "bare"):
            started = time.perf_counter()
            if step == "bare":
                parsed += nlp.pipe((doc.text for doc in docs[chunk]), batch_size=16)
                bare += time.perf_counter() - started
            else:
                analyses += analyze_many(articles[chunk])
                ours += time.perf_counter() - started
    return analyses, ours, parsed, bare


def _textacy_preds(docs: list[Doc], parsed: list[Any]) -> tuple[dict[str, list[Pred]], int]:
    """Run textacy on each parsed doc; where a doc raises, on each of its paragraphs.

    ``direct_quotations`` refuses a whole document on an odd count of quote tokens, and
    spaCy counts a plural possessive's apostrophe ("voters'") as one; scoring such a
    document as empty would understate textacy, so its paragraphs are tried one by one.
    Returns the predictions and how many documents raised.
    """
    predictions: dict[str, list[Pred]] = {}
    failures = 0
    for doc, spacy_doc in zip(docs, parsed, strict=True):
        try:
            predictions[doc.name] = [_triple_pred(t, 0) for t in _quotations(spacy_doc)]
        except ValueError:  # raised on an odd number of quotation marks
            failures += 1
            predictions[doc.name] = [
                _triple_pred(t, paragraph.start_char)
                for paragraph in _paragraphs(spacy_doc)
                for t in _quotations_or_none(paragraph.as_doc())
            ]
    return predictions, failures


def _quotations(spacy_doc: Any) -> list[Any]:
    from textacy.extract.triples import direct_quotations

    return list(direct_quotations(spacy_doc))


def _quotations_or_none(spacy_doc: Any) -> list[Any]:
    try:
        return _quotations(spacy_doc)
    except ValueError:
        return []


def _paragraphs(spacy_doc: Any) -> list[Any]:
    """Return the paragraphs of a parsed doc as spans (split at line breaks)."""
    spans, start = [], 0
    for token in spacy_doc:
        if token.is_space and "\n" in token.text:
            if token.i > start:
                spans.append(spacy_doc[start : token.i])
            start = token.i + 1
    if start < len(spacy_doc):
        spans.append(spacy_doc[start:])
    return spans


def _triple_pred(triple: Any, offset: int) -> Pred:
    def outline(tokens: Iterable[Any]) -> tuple[tuple[int, int], ...]:
        tokens = list(tokens)
        if not tokens:
            return ()
        start = min(t.idx for t in tokens)
        return ((offset + start, offset + max(t.idx + len(t) for t in tokens)),)

    content = triple.content
    return Pred(
        outline(triple.speaker),
        outline(triple.cue),
        ((offset + content.start_char, offset + content.end_char),),
    )


def _throughput(docs: list[Doc], seconds: float) -> dict[str, float]:
    words = sum(len(doc.text.split()) for doc in docs)
    return {
        "seconds": round(seconds, 3),
        "articles_per_s": round(len(docs) / seconds, 2) if seconds else 0.0,
        "words_per_s": round(words / seconds, 1) if seconds else 0.0,
    }


def run(
    polnear: Path,
    split: str,
    *,
    limit: int | None = None,
    systems: tuple[str, ...] = ("sourcetrace", "textacy"),
) -> dict[str, Any]:
    """Run the benchmark and return its results as a JSON-ready dict."""
    docs = read_polnear(polnear, split, limit=limit)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).date().isoformat(),
        "split": split,
        "articles": len(docs),
        "gold_attributions": sum(len(d.gold) for d in docs),
        "systems": {},
    }
    analyses, our_seconds, parsed, bare_seconds = timed_runs(docs)
    results["bare_spacy"] = {"model": MODEL, **_throughput(docs, bare_seconds)}
    runners: dict[str, Callable[[], Outcome]] = {
        "sourcetrace": lambda: _with_speed(docs, analyses, our_seconds, bare_seconds),
        "textacy": lambda: _textacy_run(docs, parsed),
    }
    for name in systems:
        predictions, extra = runners[name]()
        scores: Scores = score(docs, predictions)
        results["systems"][name] = {**scores.as_dict(), **extra}
    return results


Outcome = tuple[dict[str, list[Pred]], dict[str, Any]]


def _with_speed(
    docs: list[Doc], analyses: list[Analysis], seconds: float, bare_seconds: float
) -> Outcome:
    predictions = {a.article.source: sourcetrace_preds(a) for a in analyses}
    speed = _throughput(docs, seconds)
    speed["vs_bare_spacy"] = round(bare_seconds / seconds, 3) if seconds else 0.0
    return predictions, {"version": __version__, "throughput": speed}


def _textacy_run(docs: list[Doc], parsed: list[Any]) -> Outcome:
    from importlib.metadata import version

    predictions, failures = _textacy_preds(docs, parsed)
    return predictions, {"version": version("textacy"), "articles_raising": failures}


def markdown(results: dict[str, Any], command: str) -> str:
    """Render results as the attribution block of docs/benchmarks.md."""
    lines = [
        START,
        f"Run {results['date']} with `{command}`: PolNeAR {results['split']}, "
        f"{results['articles']} articles, {results['gold_attributions']} gold attributions.",
        "",
        "| System | P | R | F1 | source exact | cue exact | content exact "
        "| R direct | R mixed | R indirect | R pronoun | R unnamed | R named |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, row in results["systems"].items():
        spans, kinds, sources = (
            row["exact_span_f1"],
            row["recall_by_content_kind"],
            row["recall_by_source_kind"],
        )
        cells = [
            f"{name} {row.get('version', '')}".strip(),
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"**{row['f1']:.3f}**",
            *(f"{spans[r]:.3f}" for r in ("source", "cue", "content")),
            *(f"{kinds[k]:.3f}" for k in ("direct", "mixed", "indirect")),
            *(f"{sources[k]:.3f}" for k in ("pronoun", "unnamed", "named")),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    bare = results["bare_spacy"]
    lines += [
        "",
        "| Throughput | articles/s | words/s | vs bare spaCy |",
        "|---|---|---|---|",
        f"| bare spaCy ({bare['model']}) | {bare['articles_per_s']} | {bare['words_per_s']} "
        "| 1.00x |",
    ]
    raising = results["systems"].get("textacy", {}).get("articles_raising")
    if raising is not None:
        lines[3:3] = [
            f"textacy raises on an odd count of quote tokens ({raising} of "
            f"{results['articles']} articles here); those articles are run paragraph by paragraph. "
            "Content kinds count doubled apostrophes (`''`) as quote marks.",
            "",
        ]
    ours = results["systems"].get("sourcetrace", {}).get("throughput")
    if ours:
        lines.append(
            f"| sourcetrace analysis | {ours['articles_per_s']} | {ours['words_per_s']} "
            f"| {ours['vs_bare_spacy']:.2f}x |"
        )
    return "\n".join([*lines, END])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark from the command line; write JSON and the docs table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, required=True, help="the polnear/ data folder")
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--systems", default="sourcetrace,textacy")
    parser.add_argument("--output", type=Path, default=REPO / "bench/results/attribution.json")
    parser.add_argument("--docs", type=Path, default=REPO / "docs/benchmarks.md")
    parser.add_argument("--no-write", action="store_true", help="print only; write no files")
    args = parser.parse_args(argv)
    results = run(
        args.polnear, args.split, limit=args.limit, systems=tuple(args.systems.split(","))
    )
    command = ".venv/bin/python bench/attribution.py " + " ".join(argv or sys.argv[1:])
    table = markdown(results, command)
    print(table)
    if not args.no_write:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        _update_docs(args.docs, table)
    return 0


def _update_docs(path: Path, table: str) -> None:
    intro = "## Attribution\n\nMetric: see `bench/polnear.py`."
    update_block(path, "attribution", table, intro=intro)


if __name__ == "__main__":
    sys.exit(main())
