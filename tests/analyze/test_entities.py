"""Entities: mentions grouped by named rules, keyed stably, sources linked."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.analyze import analyze, load_aliases, verbatim_article
from sourcetrace.analyze.entities import AliasFileError, slug
from sourcetrace.models import Analysis, Entity


def _analysis(text: str, aliases_file: Path | None = None) -> Analysis:
    article = verbatim_article(text, source="test")
    return analyze(article, aliases=load_aliases(aliases_file))


def _entity(analysis: Analysis, name: str) -> Entity:
    return next(e for e in analysis.entities if e.name == name)


def test_government_metonyms_are_one_entity() -> None:
    analysis = _analysis(
        "Washington warned Moscow on Monday. The Kremlin said Russia would answer, "
        "and the Biden administration said the US was ready."
    )
    assert {"US", "Washington", "Biden administration"} <= set(
        _entity(analysis, "United States").aliases
    )
    assert {"Moscow", "Kremlin"} <= set(_entity(analysis, "Russia").aliases)
    assert _entity(analysis, "Russia").key == "russia.government"


def test_acronym_defined_in_the_text_joins_its_long_form() -> None:
    analysis = _analysis(
        "The Northern Fisheries Board (NFB) published a report. "
        "The NFB said catches fell by a third."
    )
    board = next(e for e in analysis.entities if "NFB" in e.aliases)
    assert "Northern Fisheries Board" in board.aliases
    assert any(m.rule == "entity.acronym" for m in board.mentions)


def test_surname_repeat_and_transliteration_join_the_full_name() -> None:
    analysis = _analysis(
        "Libyan leader Muammar Gaddafi spoke in Tripoli. Gaddafi said the talks failed. "
        "Qaddafi later denied it."
    )
    person = next(e for e in analysis.entities if e.name == "Muammar Gaddafi")
    assert {"Gaddafi", "Qaddafi"} <= set(person.aliases)
    assert {m.rule for m in person.mentions} >= {"entity.surname", "entity.fuzzy"}


def test_short_names_are_never_matched_fuzzily() -> None:
    analysis = _analysis("George Bush met Rush Limbaugh. Bush said little and Rush said more.")
    bush = next(e for e in analysis.entities if e.name == "George Bush")
    assert "Rush" not in bush.aliases


def test_keys_are_stable_across_articles() -> None:
    first = _analysis("The Kremlin said on Monday that it would respond.")
    second = _analysis("Officials in Moscow rejected the plan, Russia's foreign ministry said.")
    assert "russia.government" in {e.key for e in first.entities}
    assert "russia.government" in {e.key for e in second.entities}


def test_unnamed_source_gets_its_affiliation() -> None:
    analysis = _analysis("A senior French official told reporters that the deal was dead.")
    (record,) = [a for a in analysis.attributions if a.source_text]
    assert record.entity_key == "france.government"


def test_named_source_links_to_its_entity() -> None:
    analysis = _analysis("Angela Merkel said the plan was sound. Merkel added that it was fair.")
    keys = {a.entity_key for a in analysis.attributions}
    assert keys == {"angela-merkel.person"}


def test_user_alias_file_extends_the_table(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.toml"
    aliases.write_text(
        '[[entity]]\nname = "Ruritania"\ntype = "government"\naliases = ["Strelsau"]\n'
        'demonyms = ["Ruritanian"]\n',
        encoding="utf-8",
    )
    analysis = _analysis("Strelsau said the border was closed.", aliases)
    assert _entity(analysis, "Ruritania").key == "ruritania.government"


def test_bad_alias_file_is_refused_with_a_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[entity]]\nname = 'X'\ntype = 'planet'\n", encoding="utf-8")
    with pytest.raises(AliasFileError) as caught:
        load_aliases(bad)
    assert caught.value.code == "input.bad-aliases"


def test_slug_folds_accents_and_punctuation() -> None:
    assert slug("Élysée Palace (Paris)") == "elysee-palace-paris"
