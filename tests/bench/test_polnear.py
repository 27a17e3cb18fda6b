"""The PolNeAR scorer, cue miner and textacy runner on hand-written documents."""

from __future__ import annotations

import pytest

from bench.mine_cues import mine
from bench.polnear import Doc, Gold, Pred, content_kind, score

TEXT = "The mayor said that the bridge would reopen. ''It is safe,'' the engineer added."
SAID = TEXT.index("said")
ADDED = TEXT.index("added")


def _doc() -> Doc:
    mayor = ((0, 9),)
    that = ((SAID + 5, TEXT.index(".")),)
    engineer = ((TEXT.index("the engineer"), ADDED - 1),)
    quote = ((TEXT.index("''"), TEXT.index("the engineer") - 1),)
    return Doc(
        "doc",
        TEXT,
        (
            Gold(mayor, ((SAID, SAID + 4),), that, "indirect", "unnamed"),
            Gold(engineer, ((ADDED, ADDED + 5),), quote, "direct", "unnamed"),
        ),
    )


def test_polnear_content_kind_reads_doubled_apostrophes() -> None:
    assert content_kind("''It is safe,''") == "direct"
    assert content_kind("the bridge is ''safe''") == "mixed"
    assert content_kind("the bridge is safe") == "indirect"


def test_polnear_score_needs_content_overlap_and_source_overlap() -> None:
    doc = _doc()
    right = Pred(doc.gold[0].source, doc.gold[0].cues, doc.gold[0].contents)
    wrong_source = Pred(doc.gold[0].contents, doc.gold[1].cues, doc.gold[1].contents)
    scores = score([doc], {"doc": [right, wrong_source]})
    assert (scores.tp, scores.predicted, scores.gold) == (1, 2, 2)
    assert scores.recall_of(scores.by_kind, "indirect") == 1.0
    assert scores.recall_of(scores.by_kind, "direct") == 0.0


def test_mine_cues_counts_cue_lemmas_against_all_occurrences() -> None:
    from sourcetrace.analyze.nlp import parse

    doc = _doc()
    stats = mine([doc], [parse(doc.text)])
    assert stats.cue[("say", "VERB")] == 1
    assert stats.ratio(("say", "VERB")) == 1.0
    assert ("add", "VERB") in stats.passing(min_count=1, min_ratio=0.5)
    assert ("bridge", "NOUN") not in stats.passing(min_count=1, min_ratio=0.01)


def test_textacy_runner_falls_back_to_paragraphs_on_odd_quote_marks() -> None:
    pytest.importorskip("textacy")
    from bench.attribution import _textacy_preds
    from sourcetrace.analyze.nlp import parse

    text = (
        "The voters' mood was grim.\n\n"
        "“We will rebuild the bridge before the winter comes,” the mayor said on Monday."
    )
    doc = Doc("odd", text, ())
    predictions, raising = _textacy_preds([doc], [parse(text)])
    assert raising == 1
    (pred,) = predictions["odd"]
    start, end = pred.contents[0]
    assert text[start:end].startswith("“We will rebuild")
    assert text[slice(*pred.source[0])] == "mayor"
