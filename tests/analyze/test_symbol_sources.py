"""A source and an entity are words: emoji and symbols at their edges go, alone they are none."""

from __future__ import annotations

import unicodedata

import pytest

from sourcetrace.analyze import analyze, verbatim_article
from sourcetrace.analyze.spans import has_word, trim_symbols
from sourcetrace.models import TEXT_FIELD, Analysis, AttributionKind, SourceKind

STATEMENT = " said the bridge would reopen in May."
SYMBOL_OPENINGS = ["😀", "👍🏽", "#️⃣ 🇺🇸", "★★★", "→", "🎉🎉", "👩‍👩‍👧", "❤️", "©"]


def _analyze(text: str) -> Analysis:
    return analyze(verbatim_article(text, source="symbols.txt"))


def _assert_every_name_is_words(analysis: Analysis) -> None:
    text = analysis.article.text
    for record in analysis.attributions:
        if record.source is not None:
            assert has_word(record.source_text), record
            assert record.source.of(text) == record.source_text
    assert all(has_word(entry.name) for entry in analysis.roster)
    for entity in analysis.entities:
        assert has_word(entity.name), entity
        assert all(has_word(m.text) for m in entity.mentions), entity
        assert all(m.span.of(text) == m.text for m in entity.mentions if m.field == TEXT_FIELD)


@pytest.mark.parametrize("opening", SYMBOL_OPENINGS)
def test_a_statement_opened_by_symbols_alone_has_no_source(opening):
    analysis = _analyze(opening + STATEMENT)

    _assert_every_name_is_words(analysis)
    said = [a for a in analysis.attributions if a.cues[0].of(analysis.article.text) == "said"]
    assert len(said) == 1
    assert said[0].source is None
    assert said[0].kind is AttributionKind.NO_SOURCE
    assert said[0].source_kind is SourceKind.NONE


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("😀😀 Maria Lopez 😀" + STATEMENT, "Maria Lopez"),
        ("★★★ Officials" + STATEMENT, "Officials"),
        ("🇺🇸 Officials" + STATEMENT, "Officials"),
        ("Officials 👍🏽" + STATEMENT, "Officials"),
    ],
)
def test_symbols_at_a_sources_edges_are_trimmed(text, source):
    analysis = _analyze(text)

    _assert_every_name_is_words(analysis)
    assert [a.source_text for a in analysis.attributions] == [source]


def test_a_name_between_emoji_is_an_entity_of_its_own_words():
    analysis = _analyze("🎉 Mara Voss 🎉 told reporters the bridge would reopen.")

    _assert_every_name_is_words(analysis)
    assert "mara-voss.person" in {e.key for e in analysis.entities}


def test_trim_symbols_keeps_a_combining_accent_with_its_letter():
    decomposed = unicodedata.normalize("NFD", "😀 José 😀")

    start, end = trim_symbols(decomposed, 0, len(decomposed))

    assert decomposed[start:end] == unicodedata.normalize("NFD", "José")


@pytest.mark.parametrize(
    ("text", "kept"),
    [("👍🏽x👍🏽", "x"), ("❤️Ana", "Ana"), ("Ana❤️", "Ana"), ("🇺🇸", ""), ("a\u200db", "a\u200db")],
)
def test_trim_symbols_drops_emoji_with_their_modifiers_at_the_edges(text, kept):
    start, end = trim_symbols(text, 0, len(text))

    assert text[start:end] == kept


def test_a_possessive_alone_is_no_entity():
    # Found by bench/reliability.py: "Let’s" gave the proper-noun run "’s", and the entity
    # named "" (key ".person") once its possessive was stripped.
    analysis = _analyze(
        '<a class="NavigationLink" href="https://news.example/author/jo">Jo Ann</a> </li> '
        ".quote-day { .qc-cmp-button { <p>Andrew hasn’t come clean about anything, but his "
        "denials speak volumes. Let’s hope we see more of Epstein’s associates, the "
        "commentator said on Tuesday."
    )
    _assert_every_name_is_words(analysis)
    assert all(not entity.key.startswith(".") for entity in analysis.entities)
