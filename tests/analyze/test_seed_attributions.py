"""Golden test: the attributions ../shared/seed/EXPECTED.md lists for the seed article.

The seed goes through extraction first, as a user's file would. Each row names the source
as written, its kind, the cue, the channel and how the content reads. Row "h" is the
headline's ("Worth finding as well"): its spans point into ``Article.title``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.analyze import analyze
from sourcetrace.analyze.attributions import COMPONENT as ATTRIBUTIONS_COMPONENT
from sourcetrace.extract import extract
from sourcetrace.models import TEXT_FIELD, TITLE_FIELD, Analysis, Attribution, Page, SourceKind

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed_000_7fbb9ae6711f7586.txt"

UNNAMED, ORG, MEDIA, PERSON = (
    SourceKind.UNNAMED,
    SourceKind.ORGANISATION,
    SourceKind.MEDIA,
    SourceKind.PERSON,
)

# row: (source as written, kind, cue, channel, content start, content end, content kind)
ROWS = {
    "1": (
        "a source familiar with the internal discussions",
        UNNAMED,
        "told",
        "Reuters",
        "The United States has told officials in Kiev",
        "from the United States",
        "indirect",
    ),
    "1a": (
        "The United States",
        ORG,
        "has told",
        None,
        "that Ukraine must sign a peace deal",
        "from the United States",
        "indirect",
    ),
    "2": (
        "American officials",
        UNNAMED,
        "later saying",
        None,
        "the talks had made progress",
        "toward an agreement",
        "indirect",
    ),
    "3": (
        "The Financial Times (FT)",
        MEDIA,
        "reported",
        "FT",
        "that the Trump administration had signaled",
        "ceded to Russia",
        "indirect",
    ),
    "3a": (
        "the Trump administration",
        ORG,
        "had signaled",
        None,
        "that security guarantees from the US depended on Kiev",
        "ceded to Russia",
        "indirect",
    ),
    "4": (
        "the source who spoke to the Reuters news agency",
        UNNAMED,
        "said",
        "Reuters",
        "that the United States is not imposing",
        "territorial concessions to Russia",
        "mixed",
    ),
    "5": (
        "Ukrainian President Volodymyr Zelensky",
        PERSON,
        "recently stated",
        None,
        "that a US document on security guarantees",
        "the date and place of its signing",
        "mixed",
    ),
    "6": (
        "Zelenskiy",
        PERSON,
        "has consistently said",
        None,
        "that Ukraine's territorial integrity must be respected",
        "aimed at ending the war",
        "indirect",
    ),
    "7": (
        "a senior Ukrainian official",
        UNNAMED,
        "told",
        "FT",
        "Ukraine is increasingly uncertain",
        "providing security guarantees",
        "indirect",
    ),
    "7b": (
        "a senior Ukrainian official",
        UNNAMED,
        "adding",
        "FT",
        "that the US was “stopping",
        "can be signed”",
        "mixed",
    ),
    "8": (
        "The Kremlin",
        ORG,
        "said",
        "TASS",
        "that the territorial issue remains central",
        "the fighting in Ukraine",
        "indirect",
    ),
    "h": (
        "A Washington source",
        UNNAMED,
        "calls attention to",
        None,
        "a 'misguided' perception",
        "a 'misguided' perception",
        "indirect",
    ),
}
# The field each row's spans point into: the body unless listed.
FIELDS = {"h": TITLE_FIELD}


@pytest.fixture(scope="module")
def seed() -> Analysis:
    """Extract and analyse the seed once for every row."""
    return analyze(extract(Page(content=SEED.read_text(encoding="utf-8"), source=str(SEED))))


def _find(analysis: Analysis, source: str, cue: str) -> Attribution:
    article = analysis.article
    found = [
        a
        for a in analysis.attributions
        if a.source_text == source and " ".join(a.of(article, c) for c in a.cues) == cue
    ]
    assert len(found) == 1, f"{source!r} {cue!r}: {len(found)} attributions"
    return found[0]


@pytest.mark.parametrize("row", list(ROWS))
def test_seed_row_is_found_with_source_cue_channel_and_content(seed: Analysis, row: str) -> None:
    source, kind, cue, channel, starts, ends, content_kind = ROWS[row]
    found = _find(seed, source, cue)
    content = " ".join(found.of(seed.article, span) for span in found.contents)
    assert found.field == FIELDS.get(row, TEXT_FIELD)
    assert found.source_kind is kind
    assert found.channel == channel
    assert content.startswith(starts)
    assert content.endswith(ends)
    assert found.kind == content_kind


def test_seed_nested_rows_link_to_their_outer_attribution(seed: Analysis) -> None:
    records = list(seed.attributions)
    for inner, outer in (("1a", "1"), ("3a", "3")):
        child = _find(seed, ROWS[inner][0], ROWS[inner][2])
        parent = _find(seed, ROWS[outer][0], ROWS[outer][2])
        assert child.parent == records.index(parent)
        assert parent.parent is None


def test_seed_rows_1_and_4_resolve_to_one_source(seed: Analysis) -> None:
    first = _find(seed, ROWS["1"][0], ROWS["1"][2])
    later = _find(seed, ROWS["4"][0], ROWS["4"][2])
    assert first.source_id is not None
    assert first.source_id == later.source_id
    assert seed.roster[first.source_id].name == ROWS["1"][0]


def test_seed_zelensky_spellings_and_the_official_resolve_to_one_source_each(
    seed: Analysis,
) -> None:
    zelensky = _find(seed, ROWS["5"][0], ROWS["5"][2])
    assert zelensky.source_id == _find(seed, ROWS["6"][0], ROWS["6"][2]).source_id
    assert (
        _find(seed, ROWS["7"][0], "told").source_id
        == _find(seed, ROWS["7b"][0], "adding").source_id
    )


def test_seed_perception_seen_by_kiev_is_a_belief(seed: Analysis) -> None:
    found = _find(seed, "Kiev", "are seen by")
    assert found.kind == "belief"
    assert found.contents[0].of(seed.article.text) == "Security guarantees offered by the US"


def test_seed_envoys_left_optimistic_is_their_belief(seed: Analysis) -> None:
    found = _find(seed, "US envoys Steve Witkoff and Jared Kushner", "left optimistic")
    assert found.kind == "belief"
    assert found.source_kind is SourceKind.PERSON
    assert found.contents[0].of(seed.article.text) == "that a deal would soon be reached"


def test_seed_no_participle_is_taken_for_a_cue(seed: Analysis) -> None:
    cues = {" ".join(a.of(seed.article, c) for c in a.cues) for a in seed.attributions}
    assert "aimed" not in cues


def test_seed_every_attribution_carries_the_rules_component_version(seed: Analysis) -> None:
    assert {a.component for a in seed.attributions} == {ATTRIBUTIONS_COMPONENT}
    assert ATTRIBUTIONS_COMPONENT in seed.components


def test_seed_headline_source_is_unnamed_and_affiliated_with_washington(seed: Analysis) -> None:
    found = _find(seed, ROWS["h"][0], ROWS["h"][2])
    title = seed.article.title or ""
    assert found.source is not None and found.source.of(title) == "A Washington source"
    assert found.entity_key == "united-states.government"
    assert found.parent is None and found.said_at is None
    assert found.source_id is not None
    assert found.source in seed.roster[found.source_id].title_mentions


def test_seed_headline_attributions_follow_the_body_ones(seed: Analysis) -> None:
    fields = [a.field for a in seed.attributions]
    assert fields == sorted(fields, key=lambda f: f == TITLE_FIELD)
    assert fields[-1] == TITLE_FIELD
