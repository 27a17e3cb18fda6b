"""Source kinds, resolution of later mentions and the roster."""

from __future__ import annotations

from sourcetrace.analyze import analyze, verbatim_article
from sourcetrace.models import Analysis, SourceKind


def _analyze(*paragraphs: str) -> Analysis:
    return analyze(verbatim_article("\n\n".join(paragraphs), source="test"))


def test_sources_resolve_definite_mention_to_first_unnamed_source() -> None:
    analysis = _analyze(
        "A source close to the talks said that the deal was near.",
        "The source also said that a signing date had been set.",
    )
    first, later = analysis.attributions
    assert first.source_id == later.source_id
    assert analysis.roster[first.source_id].statements == 2


def test_sources_keep_indefinite_mentions_apart() -> None:
    analysis = _analyze(
        "A source said that the deal was near.",
        "Another source said that the deal was dead.",
    )
    first, later = analysis.attributions
    assert first.source_id != later.source_id


def test_sources_resolve_pronoun_to_nearest_person() -> None:
    analysis = _analyze(
        "Governor Anna Berg said that taxes would fall.",
        "She added that schools would get more money.",
    )
    first, later = analysis.attributions
    assert later.source_kind is SourceKind.PRONOUN
    assert later.source_id == first.source_id
    assert analysis.roster[first.source_id].name == "Governor Anna Berg"


def test_sources_roster_counts_anonymous_share() -> None:
    analysis = _analyze(
        "Governor Anna Berg said that taxes would fall.",
        "An aide said that the plan was not final.",
    )
    kinds = [entry.kind for entry in analysis.roster]
    assert kinds == [SourceKind.PERSON, SourceKind.UNNAMED]
    assert analysis.anonymous_share == 0.5


def test_sources_classify_documents() -> None:
    analysis = _analyze("A new poll shows that voters are split.")
    assert analysis.attributions[0].source_kind is SourceKind.DOCUMENT
