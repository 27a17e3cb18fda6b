"""Golden test: the seed's "Entities and aliases" and "Time" (../shared/seed/EXPECTED.md).

The seed goes through extraction first, as a user's file would; it prints no
publication date, so the day is inferred from its text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sourcetrace.analyze import analyze
from sourcetrace.extract import extract
from sourcetrace.models import Analysis, DateEvidence, EntityType, Page, SourceKind

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_000_7fbb9ae6711f7586.txt"


@pytest.fixture(scope="module")
def seed() -> Analysis:
    page = Page(content=SEED.read_text(encoding="utf-8"), source=str(SEED))
    return analyze(extract(page))


# key: (type, surface forms grouped under it)
ENTITIES = {
    "volodymyr-zelensky.person": (EntityType.PERSON, {"Volodymyr Zelensky", "Zelenskiy"}),
    "united-states.government": (
        EntityType.GOVERNMENT,
        {"United States", "US", "Washington", "Trump administration", "American"},
    ),
    "ukraine.government": (EntityType.GOVERNMENT, {"Ukraine", "Kiev", "Ukrainian"}),
    "russia.government": (EntityType.GOVERNMENT, {"Russia", "Kremlin"}),
    "financial-times.media": (EntityType.MEDIA, {"Financial Times", "FT"}),
    "reuters.media": (EntityType.MEDIA, {"Reuters", "Reuters news agency"}),
    "tass.media": (EntityType.MEDIA, {"TASS", "TASS news agency"}),
    "steve-witkoff.person": (EntityType.PERSON, {"Steve Witkoff"}),
    "jared-kushner.person": (EntityType.PERSON, {"Jared Kushner"}),
    "abu-dhabi.place": (EntityType.PLACE, {"Abu Dhabi"}),
    "donbas.place": (EntityType.PLACE, {"Donbas"}),
    "donetsk.place": (EntityType.PLACE, {"Donetsk"}),
    "luhansk.place": (EntityType.PLACE, {"Luhansk"}),
    # Named only in the photo caption, kept as Article.images[0].caption:
    "donald-trump.person": (EntityType.PERSON, {"Donald Trump"}),
    "pope-francis.person": (EntityType.PERSON, {"Pope Francis"}),
    "vatican.place": (EntityType.PLACE, {"Vatican"}),
}


@pytest.mark.parametrize("key", sorted(ENTITIES))
def test_seed_entity_groups_its_aliases(seed: Analysis, key: str) -> None:
    kind, forms = ENTITIES[key]
    entity = next(e for e in seed.entities if e.key == key)
    assert entity.type is kind
    assert forms <= set(entity.aliases)


def test_seed_each_entity_has_one_record(seed: Analysis) -> None:
    keys = [e.key for e in seed.entities]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("key", "written"),
    [
        ("donald-trump.person", "Donald Trump"),
        ("volodymyr-zelensky.person", "Volodymyr Zelensky"),
        ("vatican.place", "the Vatican"),
        ("pope-francis.person", "Pope Francis"),
    ],
)
def test_seed_caption_mentions_point_into_the_caption(
    seed: Analysis, key: str, written: str
) -> None:
    caption = seed.article.images[0].caption or ""
    entity = next(e for e in seed.entities if e.key == key)
    (mention,) = [m for m in entity.mentions if m.field == "images[0].caption"]
    assert mention.span.of(caption) == mention.text == written


def test_seed_trump_in_the_caption_is_a_person_apart_from_the_administration(
    seed: Analysis,
) -> None:
    us = next(e for e in seed.entities if e.key == "united-states.government")
    # The body and the headline ("A Washington source") name it; the caption does not.
    assert all(m.field in ("text", "title") for m in us.mentions)
    trump = next(e for e in seed.entities if e.key == "donald-trump.person")
    assert "Trump administration" not in trump.aliases


# source as written -> entity key (None: an anonymous source with no affiliation)
SOURCES = {
    "a source familiar with the internal discussions": None,
    "The United States": "united-states.government",
    "American officials": "united-states.government",
    "The Financial Times (FT)": "financial-times.media",
    "the Trump administration": "united-states.government",
    "Ukrainian President Volodymyr Zelensky": "volodymyr-zelensky.person",
    "Zelenskiy": "volodymyr-zelensky.person",
    "a senior Ukrainian official": "ukraine.government",
    "The Kremlin": "russia.government",
    "Kiev": "ukraine.government",
    "A Washington source": "united-states.government",  # the headline's
}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_seed_sources_link_to_entities(seed: Analysis, source: str) -> None:
    keys = {a.entity_key for a in seed.attributions if a.source_text == source}
    assert keys == {SOURCES[source]}


def test_seed_publication_day_is_inferred_with_evidence(seed: Analysis) -> None:
    assert seed.article.published_at is None
    assert seed.published_at is not None
    assert seed.published_at.value.date() == date(2026, 1, 27)
    assert seed.published_at.evidence is DateEvidence.TEXT
    inference = seed.published_inference
    assert inference is not None and inference.confidence >= 0.88
    assert any("Sunday, February 1" in line for line in inference.evidence)


# expression -> (first day, last day)
TIMES = {
    "on Tuesday": (date(2026, 1, 27), date(2026, 1, 27)),
    "earlier on Tuesday": (date(2026, 1, 27), date(2026, 1, 27)),
    "on Monday": (date(2026, 1, 26), date(2026, 1, 26)),
    "last weekend": (date(2026, 1, 24), date(2026, 1, 25)),
    "over the weekend": (date(2026, 1, 24), date(2026, 1, 25)),
    "Sunday, February 1": (date(2026, 2, 1), date(2026, 2, 1)),
    "recently": (None, date(2026, 1, 27)),
}


@pytest.mark.parametrize("expression", sorted(TIMES))
def test_seed_time_expressions_resolve(seed: Analysis, expression: str) -> None:
    (ref,) = [r for r in seed.timerefs if r.text == expression]
    assert (ref.start, ref.end) == TIMES[expression]


def test_seed_late_last_week_lies_in_the_week_of_january_19(seed: Analysis) -> None:
    (ref,) = [r for r in seed.timerefs if r.text == "late last week"]
    assert ref.start is not None and ref.end is not None
    assert date(2026, 1, 19) <= ref.start <= ref.end <= date(2026, 1, 25)


def test_seed_statements_carry_the_time_they_were_said(seed: Analysis) -> None:
    said = {a.source_text: a.said_at.text for a in seed.attributions if a.said_at}
    assert said["a source familiar with the internal discussions"] == "on Tuesday"
    assert said["The Financial Times (FT)"] == "earlier on Tuesday"
    assert said["The Kremlin"] == "on Monday"
    assert said["Ukrainian President Volodymyr Zelensky"] == "recently"


def test_seed_source_linked_to_a_government_takes_its_kind(seed: Analysis) -> None:
    # The parse tags "Kiev" as a person; its link to Ukraine (government) settles the kind,
    # on the attribution and in the roster alike.
    kiev = [a for a in seed.attributions if a.source and a.source.of(seed.article.text) == "Kiev"]
    assert kiev
    assert all(a.source_kind is SourceKind.ORGANISATION for a in kiev)
    entry = next(e for e in seed.roster if e.name == "Kiev")
    assert entry.kind is SourceKind.ORGANISATION
