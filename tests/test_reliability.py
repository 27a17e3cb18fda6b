"""The reliability benchmark's hostile corpus and fuzzer, pinned at a small size.

``bench/reliability.py`` runs them at scale (10,000 fuzzed inputs, kill -9, a database
stopped mid-run, a loaded server); here the whole hostile corpus and a few hundred
mutated pages go through the real pipeline into a real SQLite file on every test run,
so an uncoded error or a duplicated row fails CI, not only the benchmark.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench.hostile import article_html, fuzz_inputs, hostile_corpus, invented_articles
from bench.reliability import STAGE_CODES, _fuzz_init, _fuzz_one
from sourcetrace.pipeline import ingest
from sourcetrace.store import open_store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for item in hostile_corpus(random.Random(7)):
        (folder / item.name).write_bytes(item.content)
    return folder


def _counts(store) -> dict[str, int]:
    counts = store.counts()
    return {key: counts[key] for key in ("articles", "attributions", "entities")}


def test_every_hostile_input_gets_a_coded_error_or_is_stored(corpus, tmp_path):
    with open_store(str(tmp_path / "hostile.db")) as store:
        report = ingest([str(corpus)], store)
        codes = {failure.code for failure in report.failures}
        assert not codes & STAGE_CODES, [f for f in report.failures if f.code in STAGE_CODES]
        assert all(f.code.count(".") == 1 for f in report.failures)
        # the attacks are refused with their own codes, and real articles still land
        assert {"input.binary", "input.empty", "input.not-warc", "fetch.private-address"} <= codes
        assert report.ok >= 20  # the WARC records, deep and huge pages, XSS and formula pages
        stored = _counts(store)
        again = ingest([str(corpus)], store)
        assert again.ok == 0 and _counts(store) == stored  # nothing twice


def test_a_damaged_warc_keeps_its_intact_records(corpus, tmp_path):
    with open_store(str(tmp_path / "warc.db")) as store:
        report = ingest([str(corpus / "mid-damage.warc.gz")], store)
    damaged = [f for f in report.failures if f.code.startswith("input.warc-")]
    assert report.ok == 29 and len(damaged) == 1  # 30 records, one overwritten


def test_fuzzed_pages_raise_only_coded_errors_and_keep_spans_inside():
    rng = random.Random(11)
    seeds = [article_html(t, p).encode() for t, p in invented_articles(8, rng)]
    _fuzz_init()
    outcomes = [_fuzz_one(item) for item in fuzz_inputs(150, seeds, rng)]
    bad = [detail for outcome, detail in outcomes if outcome in ("uncoded", "spans")]
    assert not bad
    assert sum(outcome == "ok" for outcome, _ in outcomes) >= 50  # most mutants still read
