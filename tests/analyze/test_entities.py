"""Entities: mentions grouped by named rules, keyed stably, sources linked."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sourcetrace.analyze import analyze, load_aliases, verbatim_article
from sourcetrace.analyze.entities import AliasFileError, slug
from sourcetrace.models import Analysis, Entity, EntityType, Image


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


def _captioned(text: str, *captions: str) -> Analysis:
    article = replace(
        verbatim_article(text, source="test"),
        images=tuple(Image(caption=caption) for caption in captions),
    )
    return analyze(article)


def test_a_name_only_in_a_caption_becomes_an_entity_with_its_field() -> None:
    caption = "Anneli Kristofferson waves to supporters in Port Ellery"
    analysis = _captioned("The ferry will run twice as often from next month.", caption)
    person = _entity(analysis, "Anneli Kristofferson")
    (mention,) = person.mentions
    assert mention.field == "images[0].caption"
    assert mention.span.of(caption) == mention.text == "Anneli Kristofferson"
    assert mention.of(analysis.article) == "Anneli Kristofferson"


def test_caption_spans_index_their_own_caption() -> None:
    first, second = "A quiet morning at the quay", "Mayor Berit Aasen opens the new bridge"
    analysis = _captioned(
        "Berit Aasen, the mayor, said the ferry would run. Aasen added that fares would fall.",
        first,
        second,
    )
    person = _entity(analysis, "Berit Aasen")
    fields = [m.field for m in person.mentions]
    assert fields == ["text", "text", "images[1].caption"]  # the body first, then captions
    for mention in person.mentions:
        assert mention.of(analysis.article) == mention.text
    assert person.mentions[-1].span.of(second) == "Berit Aasen"


def test_a_full_name_in_a_caption_completes_a_surname_in_the_body() -> None:
    analysis = _captioned(
        "Halvorsen said the port would reopen in the spring.",
        "Ingrid Halvorsen visits the harbour",
    )
    person = _entity(analysis, "Ingrid Halvorsen")
    assert person.key == "ingrid-halvorsen.person"
    assert "Halvorsen" in person.aliases
    assert {a.entity_key for a in analysis.attributions} == {"ingrid-halvorsen.person"}


def test_a_caption_keeps_an_administration_a_government_and_its_president_a_person() -> None:
    analysis = _captioned(
        "The Biden administration said the talks would go on. Biden said he was hopeful.",
        "Joe Biden at a press conference",
    )
    assert "Biden administration" in _entity(analysis, "United States").aliases
    president = _entity(analysis, "Joe Biden")
    assert president.type is EntityType.PERSON
    assert {m.field for m in president.mentions} == {"text", "images[0].caption"}


def test_a_caption_mention_is_never_taken_for_a_body_source() -> None:
    # The caption's name spans the same offsets as the body's unnamed source.
    analysis = _captioned("Officials said the talks were over.", "Anneli Kristofferson waves")
    (record,) = [a for a in analysis.attributions if a.source_text == "Officials"]
    assert record.entity_key is None


def test_titles_of_popes_and_monarchs_are_part_of_the_name() -> None:
    analysis = _analysis(
        "Queen Astrid opened the bridge on Friday. Astrid said it was a proud day."
    )
    queen = _entity(analysis, "Queen Astrid")
    assert queen.key == "queen-astrid.person"
    assert "Astrid" in queen.aliases


def test_the_gazetteer_types_places_and_groups_their_spellings() -> None:
    analysis = _analysis(
        "Shelling hit Lugansk and Zaporozhye overnight, and officials in Donbass said power "
        "was cut in Luhansk."
    )
    keys = {e.key: e for e in analysis.entities}
    assert {"Lugansk", "Luhansk"} <= set(keys["luhansk.place"].aliases)
    assert keys["zaporizhzhia.place"].type is EntityType.PLACE
    assert "Donbass" in keys["donbas.place"].aliases


def test_a_short_table_form_matches_only_as_the_table_writes_it() -> None:
    analysis = _analysis("Aid reached Gaza on Monday, officials told us.")
    assert "gaza.place" in {e.key for e in analysis.entities}
    assert all("us" not in e.aliases for e in analysis.entities)


def test_user_alias_file_overrides_a_shipped_place(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.toml"
    aliases.write_text(
        '[[entity]]\nname = "Holy See"\ntype = "government"\naliases = ["the Vatican"]\n',
        encoding="utf-8",
    )
    analysis = _analysis("The Vatican said the meeting would take place in spring.", aliases)
    assert _entity(analysis, "Holy See").key == "holy-see.government"
