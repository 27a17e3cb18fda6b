"""Long articles are analysed in windows of whole paragraphs, every span into the whole text.

spaCy refuses texts over 1,000,000 characters (``[E088]``) and needs memory in proportion
to what it parses, so ``analyze`` cuts a long article into windows and merges the results.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from sourcetrace.analyze import analyze, analyze_many, verbatim_article
from sourcetrace.analyze.windows import windows
from sourcetrace.models import TEXT_FIELD, TITLE_FIELD, Analysis, Article, Span
from tests.pages import HARBOUR, LIBRARY, MARKET

LAST_QUOTE = "“We will rebuild the breakwater before the summer,”"
LAST_PARAGRAPH = f"{LAST_QUOTE} Mara Voss said on Friday."


def _long_text(chars: int) -> str:
    """Return numbered HARBOUR paragraphs, over ``chars`` long, ending in LAST_PARAGRAPH."""
    paragraphs: list[str] = []
    total = 0
    while total < chars:
        paragraph = f"Entry {len(paragraphs)}. {HARBOUR[len(paragraphs) % len(HARBOUR)]}"
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join((*paragraphs, LAST_PARAGRAPH))


def _spans(analysis: Analysis) -> list[tuple[str, Span]]:
    """Return every body span of the analysis, named by what holds it."""
    found: list[tuple[str, Span]] = []
    for record in analysis.attributions:
        if record.field != TEXT_FIELD:
            continue
        spans = [record.source, record.channel_span, *record.cues, *record.contents]
        found += [("attribution", span) for span in spans if span is not None]
        if record.said_at is not None:
            found.append(("said_at", record.said_at.span))
    found += [("timeref", ref.span) for ref in analysis.timerefs]
    found += [("roster", span) for entry in analysis.roster for span in entry.mentions]
    found += [
        ("mention", m.span)
        for entity in analysis.entities
        for m in entity.mentions
        if m.field == TEXT_FIELD
    ]
    return found


# Run in a fresh interpreter: the peak resident size of analysing one text, model loaded.
_MEASURE = """
import resource, sys
from sourcetrace.analyze import analyze, verbatim_article
from sourcetrace.analyze.nlp import load
load()
text = open(sys.argv[1], encoding="utf-8").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
analyze(verbatim_article(text, source="long.txt"))
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.fixture(scope="module")
def million() -> Analysis:
    text = _long_text(1_000_050)
    assert len(text) > 1_000_000
    return analyze(verbatim_article(text, source="long.txt"))


def test_an_article_over_a_million_characters_is_analysed(million):
    text = million.article.text

    assert million.attributions
    for name, span in _spans(million):
        assert 0 <= span.start < span.end <= len(text), (name, span)


def test_the_last_windows_attribution_points_at_its_words(million):
    text = million.article.text
    last = max(million.attributions, key=lambda a: a.cues[0].start)

    assert last.cues[0].start > 1_000_000
    assert last.source is not None and last.source.of(text) == "Mara Voss"
    assert last.source_text == "Mara Voss"
    assert [cue.of(text) for cue in last.cues] == ["said"]
    assert [content.of(text) for content in last.contents] == [LAST_QUOTE]
    assert last.said_at is not None and last.said_at.span.of(text) == "on Friday"
    assert text.endswith(LAST_PARAGRAPH)


def test_a_source_named_in_every_window_is_one_roster_entry_and_one_entity(million):
    text = million.article.text
    voss = [entry for entry in million.roster if "Mara Voss" in entry.name]
    entity = next(e for e in million.entities if e.key == "mara-voss.person")

    assert len(voss) == 1
    assert voss[0].statements == len(voss[0].mentions) > 100
    assert all("Mara Voss" in span.of(text) for span in voss[0].mentions)
    assert entity.mentions[-1].span.of(text) == "Mara Voss"
    assert entity.mentions[-1].span.start > 1_000_000
    assert [m.span for m in entity.mentions] == sorted(m.span for m in entity.mentions)


def test_windows_cover_the_text_and_cut_after_line_breaks():
    text = "\n\n".join(HARBOUR * 3)

    spans = windows(text, 700)

    assert "".join(span.of(text) for span in spans) == text
    assert all(len(span) <= 700 for span in spans)
    assert all(text[span.end - 1] == "\n" for span in spans[:-1])


def test_windows_cut_a_paragraph_too_long_at_sentence_ends_then_spaces():
    sentences = " ".join(f"Sentence {n} ends here." for n in range(100))
    words = "word " * 200

    by_sentence = windows(sentences, 300)
    by_space = windows(words, 300)
    anywhere = windows("x" * 1000, 300)

    assert all(sentences[span.end - 2 : span.end] == ". " for span in by_sentence[:-1])
    assert all(words[span.end - 1] == " " for span in by_space[:-1])
    assert [len(span) for span in anywhere] == [300, 300, 300, 100]


def test_windowed_analysis_finds_what_the_whole_analysis_finds():
    article = verbatim_article("\n\n".join(HARBOUR + LIBRARY + MARKET), source="three.txt")

    whole = analyze(article)
    windowed = analyze(article, window_chars=600)

    def spans(analysis: Analysis) -> list[tuple[object, ...]]:
        return [(a.source, a.cues, a.contents, a.kind, a.parent) for a in analysis.attributions]

    assert spans(windowed) == spans(whole)
    assert windowed.timerefs == whole.timerefs
    assert [(e.key, e.mentions) for e in windowed.entities] == [
        (e.key, e.mentions) for e in whole.entities
    ]
    assert [(r.name, r.mentions) for r in windowed.roster] == [
        (r.name, r.mentions) for r in whole.roster
    ]


def test_a_headline_of_a_windowed_article_follows_the_body_with_its_own_parents():
    text = "\n\n".join(HARBOUR * 4)
    article = Article.from_paragraphs(
        tuple(text.split("\n\n")),
        source="headline.txt",
        title="Repairs will take all winter, harbour chief says",
    )

    analysis = analyze(article, window_chars=500)

    fields = [a.field for a in analysis.attributions]
    assert TITLE_FIELD in fields
    assert fields == sorted(fields, key=lambda f: f != TEXT_FIELD)
    for index, record in enumerate(analysis.attributions):
        if record.parent is not None:
            assert analysis.attributions[record.parent].field == record.field
            assert record.parent != index
        if record.source_id is not None:
            assert record.source_id < len(analysis.roster)
    headline = next(a for a in analysis.attributions if a.field == TITLE_FIELD)
    assert [c.of(article.title or "") for c in headline.cues] == ["says"]


def test_analyze_many_windows_long_articles_like_analyze():
    short = verbatim_article("\n\n".join(LIBRARY), source="short.txt")
    long = verbatim_article("\n\n".join(HARBOUR * 5), source="long.txt")

    batched = list(analyze_many([short, long, short], window_chars=800))
    alone = [analyze(a, window_chars=800) for a in (short, long, short)]

    assert batched == alone
    assert len(windows(long.text, 800)) > 1


def test_analysing_a_long_article_needs_memory_for_a_window_not_the_whole(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(_long_text(200_000), encoding="utf-8")

    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )

    # Parsed whole, 200,000 characters take about 650 MB; a 20,000-character window, 70.
    assert int(done.stdout.split()[-1]) < 250
