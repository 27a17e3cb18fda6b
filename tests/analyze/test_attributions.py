"""Attribution rules on hand-written sentences, one construction per test."""

from __future__ import annotations

import pytest

from sourcetrace.analyze import analyze, verbatim_article
from sourcetrace.models import (
    TEXT_FIELD,
    TITLE_FIELD,
    Analysis,
    Article,
    Attribution,
    AttributionKind,
    SourceKind,
)


def _analyze(*paragraphs: str) -> Analysis:
    return analyze(verbatim_article("\n\n".join(paragraphs), source="test"))


def _only(analysis: Analysis, cue: str) -> Attribution:
    text = analysis.article.text
    found = [a for a in analysis.attributions if " ".join(c.of(text) for c in a.cues) == cue]
    assert len(found) == 1, [
        (a.source_text, [c.of(text) for c in a.cues]) for a in analysis.attributions
    ]
    return found[0]


def _content(analysis: Analysis, record: Attribution) -> str:
    return " | ".join(span.of(analysis.article.text) for span in record.contents)


def test_rules_find_said_that_with_subject_source() -> None:
    analysis = _analyze("The mayor said that the bridge would reopen in May.")
    found = _only(analysis, "said")
    assert found.source_text == "The mayor"
    assert _content(analysis, found) == "that the bridge would reopen in May"
    assert found.kind is AttributionKind.INDIRECT
    assert found.source_kind is SourceKind.UNNAMED


def test_rules_find_trailing_cue_after_direct_quote() -> None:
    analysis = _analyze("“We will rebuild the bridge by May,” Maria Lopez said.")
    found = _only(analysis, "said")
    assert found.source_text == "Maria Lopez"
    assert _content(analysis, found) == "“We will rebuild the bridge by May,”"
    assert found.kind is AttributionKind.DIRECT
    assert found.source_kind is SourceKind.PERSON


def test_rules_find_inverted_said_x() -> None:
    analysis = _analyze('"The bridge is safe," said John Carter, the city engineer.')
    found = _only(analysis, "said")
    assert found.source_text.startswith("John Carter")
    assert _content(analysis, found) == '"The bridge is safe,"'


def test_rules_find_according_to() -> None:
    analysis = _analyze("According to the ministry, the bridge will reopen in May.")
    found = _only(analysis, "According to")
    assert found.source_text == "the ministry"
    assert found.kind is AttributionKind.ACCORDING_TO
    assert _content(analysis, found) == "the bridge will reopen in May"


def test_rules_find_told_outlet_as_channel() -> None:
    analysis = _analyze("A senior official told Reuters that the talks had stalled.")
    found = _only(analysis, "told")
    assert found.channel == "Reuters"
    assert found.source_kind is SourceKind.UNNAMED
    assert _content(analysis, found) == "that the talks had stalled"


def test_rules_find_media_source_as_its_own_channel() -> None:
    analysis = _analyze("The Financial Times (FT) reported that the deal had collapsed.")
    found = _only(analysis, "reported")
    assert found.source_kind is SourceKind.MEDIA
    assert found.channel == "FT"


def test_rules_join_a_quote_resumed_after_the_cue() -> None:
    analysis = _analyze("“We are ready,” the coach said. “The team has trained all winter.”")
    found = _only(analysis, "said")
    assert _content(analysis, found) == "“We are ready,” | “The team has trained all winter.”"


def test_rules_carry_a_quote_across_paragraphs() -> None:
    analysis = _analyze(
        "The senator said: “We will not vote for this bill.",
        "“It is a bad bill and everyone knows it.”",
    )
    found = _only(analysis, "said")
    assert _content(analysis, found).endswith("everyone knows it.”")


def test_rules_find_headline_colon_cue() -> None:
    analysis = _analyze("Senator Warren: The Bill Is a Giveaway to Banks")
    found = _only(analysis, ":")
    assert found.source_text == "Senator Warren"
    assert _content(analysis, found) == "The Bill Is a Giveaway to Banks"


def test_rules_give_passive_without_agent_no_source() -> None:
    analysis = _analyze("It was reported that the factory would close next year.")
    found = _only(analysis, "was reported")
    assert found.source is None
    assert found.kind is AttributionKind.NO_SOURCE
    assert found.source_kind is SourceKind.NONE


def test_rules_link_nested_attribution_to_its_parent() -> None:
    analysis = _analyze("The newspaper reported that the governor had said that taxes would rise.")
    outer = _only(analysis, "reported")
    inner = _only(analysis, "had said")
    assert outer.parent is None
    assert inner.parent == analysis.attributions.index(outer)


def test_rules_find_belief_of_perception() -> None:
    analysis = _analyze("The plan is seen by investors as a sign of weakness.")
    found = _only(analysis, "is seen by")
    assert found.kind is AttributionKind.BELIEF
    assert found.source_text == "investors"


def test_rules_skip_infinitive_cues() -> None:
    analysis = _analyze("It is wrong to suggest that the mayor lied.")
    assert not [a for a in analysis.attributions if a.source_text == "It"]


def test_rules_skip_a_participle_that_modifies_a_noun() -> None:
    analysis = _analyze(
        "The mayor has said that the bridge must be safe in any plan aimed at reopening it."
    )
    text = analysis.article.text
    assert [[c.of(text) for c in a.cues] for a in analysis.attributions] == [["has said"]]
    # With its agent, the participle still names who speaks.
    analysis = _analyze("It was a plan praised by the mayor as a bold step for the town.")
    assert [a.source_text for a in analysis.attributions] == ["the mayor"]


def test_rules_find_a_view_held_as_an_object_predicate() -> None:
    analysis = _analyze(
        "The union leaders left the meeting optimistic that the strike would end soon."
    )
    found = _only(analysis, "left optimistic")
    assert found.source_text == "The union leaders"
    assert found.kind is AttributionKind.BELIEF
    assert _content(analysis, found) == "that the strike would end soon"
    # Without a clause, a mood is not a view of anything.
    assert not _analyze("The union leaders left the meeting optimistic.").attributions


@pytest.mark.parametrize(
    "text",
    [
        'He said "this never closes.',
        "She said “open and ” closed ” and “ again.",
        '"""',
        "“",
        "said",
        "\n\n\n",
        'He said: "',
    ],
)
def test_rules_never_crash_on_odd_quotes(text: str) -> None:
    analysis = analyze(verbatim_article(text, source="odd"))
    for record in analysis.attributions:
        for span in (*record.contents, *record.cues):
            assert 0 <= span.start < span.end <= len(text)


def test_rules_give_an_interrupting_cue_both_halves_of_the_clause() -> None:
    analysis = _analyze("It was, the mayor said, one of the worst failures of his term.")
    found = _only(analysis, "said")
    assert found.source_text == "the mayor"
    assert _content(analysis, found) == "It was | one of the worst failures of his term"


def test_rules_take_a_quote_that_closes_the_sentence_before_the_cue() -> None:
    analysis = _analyze("“Why would anyone wait for that?” Maria Lopez asked.")
    found = _only(analysis, "asked")
    assert found.source_text == "Maria Lopez"
    assert _content(analysis, found) == "“Why would anyone wait for that?”"


def test_rules_take_a_quote_after_a_comma_cue() -> None:
    analysis = _analyze("The mayor responded, “No, not this year.”")
    found = _only(analysis, "responded")
    assert found.source_text == "The mayor"
    assert _content(analysis, found) == "“No, not this year.”"


def test_rules_resume_a_quote_that_holds_a_cue_of_its_own() -> None:
    analysis = _analyze(
        "“We need a new bridge,” the mayor said. “Some people think the old one is fine.”"
    )
    said = _only(analysis, "said")
    assert _content(analysis, said) == (
        "“We need a new bridge,” | “Some people think the old one is fine.”"
    )
    assert _only(analysis, "think").parent == analysis.attributions.index(said)


def test_rules_take_the_next_paragraph_after_a_closing_colon() -> None:
    analysis = _analyze(
        "In a speech on Monday, the mayor declared:", "“We will rebuild the bridge.”"
    )
    found = _only(analysis, "declared")
    assert found.source_text == "the mayor"
    assert _content(analysis, found) == "“We will rebuild the bridge.”"


def test_rules_read_doubled_apostrophes_as_quote_marks() -> None:
    analysis = _analyze(
        "''We need more money,'' Ms. Acosta said. ''Give us the tools and we will finish.''"
    )
    found = _only(analysis, "said")
    assert found.source_text == "Ms. Acosta"
    assert found.kind is AttributionKind.DIRECT
    assert _content(analysis, found) == (
        "''We need more money,'' | ''Give us the tools and we will finish.''"
    )


def test_rules_give_seeming_no_source() -> None:
    analysis = _analyze("The senator appears uneasy about the vote.")
    found = _only(analysis, "appears")
    assert found.source is None
    assert found.kind is AttributionKind.NO_SOURCE
    assert _content(analysis, found) == "The senator | uneasy about the vote"


def test_rules_find_stance_adjectives() -> None:
    analysis = _analyze("The mayor is confident that the bridge will reopen in May.")
    found = _only(analysis, "is confident")
    assert found.source_text == "The mayor"
    assert _content(analysis, found) == "that the bridge will reopen in May"


def test_rules_find_an_unclear_with_no_source() -> None:
    analysis = _analyze("It is unclear whether the bill will pass the council.")
    found = _only(analysis, "is unclear")
    assert found.source is None
    assert _content(analysis, found) == "whether the bill will pass the council"


def test_rules_find_noun_cues_with_a_possessive_source() -> None:
    analysis = _analyze("The governor's criticism of the budget plan surprised nobody.")
    found = _only(analysis, "criticism of")
    assert found.source_text == "The governor's"
    assert _content(analysis, found) == "the budget plan"


def test_rules_find_mined_cue_verbs_with_noun_phrase_contents() -> None:
    analysis = _analyze("The senator lamented the closure of the steel plant.")
    found = _only(analysis, "lamented")
    assert found.source_text == "The senator"
    assert _content(analysis, found) == "the closure of the steel plant"


def test_rules_take_the_noun_a_participle_cue_modifies_as_source() -> None:
    analysis = _analyze("A local driver claiming that the bridge was unsafe called the city hall.")
    found = _only(analysis, "claiming")
    assert found.source_text == "A local driver"
    assert _content(analysis, found) == "that the bridge was unsafe"


def test_rules_skip_a_scene_setting_clause_before_a_cue() -> None:
    analysis = _analyze(
        "While many residents opposed the plan, the council has shown no sign of changing course."
    )
    found = _only(analysis, "has shown")
    assert "opposed" not in _content(analysis, found)


def test_rules_link_a_cue_in_an_unclaimed_quote_to_the_last_speaker() -> None:
    analysis = _analyze(
        "The mayor said the bridge would reopen in May.",
        "“Some people think the old one is fine.”",
    )
    said = _only(analysis, "said")
    think = _only(analysis, "think")
    assert said.parent is None
    assert think.parent == analysis.attributions.index(said)


@pytest.mark.parametrize(
    ("sentence", "cue", "source", "content"),
    [
        (
            "The senator drew attention to the rising cost of the ferry.",
            "drew attention to",
            "The senator",
            "the rising cost of the ferry",
        ),
        (
            "Residents have called attention to the broken lights on the pier.",
            "have called attention to",
            "Residents",
            "the broken lights on the pier",
        ),
    ],
)
def test_rules_find_phrasal_cue_call_attention_to(
    sentence: str, cue: str, source: str, content: str
) -> None:
    analysis = _analyze(sentence)
    found = _only(analysis, cue)
    assert found.source_text == source
    assert _content(analysis, found) == content


def test_rules_take_no_cue_from_draw_without_attention() -> None:
    assert _analyze("The fair drew a large crowd to the harbour.").attributions == ()


def _headlined(title: str, *paragraphs: str) -> Analysis:
    article = Article.from_paragraphs(paragraphs, source="test", title=title)
    return analyze(article)


def test_headline_attribution_points_into_the_title() -> None:
    analysis = _headlined(
        "Harbour plan falters. A council source calls attention to a 'costly' delay",
        "The mayor said that the harbour would reopen in May.",
    )
    body, headline = analysis.attributions
    title = analysis.article.title or ""
    assert (body.field, headline.field) == (TEXT_FIELD, TITLE_FIELD)
    assert headline.source is not None and headline.source.of(title) == "A council source"
    assert headline.source_text == "A council source"
    assert [headline.of(analysis.article, c) for c in headline.cues] == ["calls attention to"]
    assert [c.of(title) for c in headline.contents] == ["a 'costly' delay"]
    assert headline.source_kind is SourceKind.UNNAMED
    assert headline.parent is None and headline.said_at is None
    assert body.of(analysis.article, body.cues[0]) == "said"


def test_headline_spans_are_valid_against_the_title() -> None:
    analysis = _headlined(
        "Mayor says the harbour will reopen, warns of delays",
        "Work on the harbour continued on Monday.",
    )
    title = analysis.article.title or ""
    headline = [a for a in analysis.attributions if a.field == TITLE_FIELD]
    assert headline
    for record in headline:
        spans = [*record.cues, *record.contents, *([record.source] if record.source else [])]
        for span in spans:
            assert 0 <= span.start < span.end <= len(title)
            assert record.of(analysis.article, span) == title[span.start : span.end]


def test_headline_with_no_attribution_adds_none_and_leaves_the_body_alone() -> None:
    body = ("“The bridge is safe,” Maria Lopez said.", "The mayor said that it would reopen.")
    plain = _headlined("Ferry to run twice as often", *body)
    untitled = analyze(Article.from_paragraphs(body, source="test"))
    assert all(a.field == TEXT_FIELD for a in plain.attributions)
    assert plain.attributions == untitled.attributions


def test_headline_attributions_follow_the_body_and_keep_its_indices() -> None:
    body = ("Maria Lopez said that the bridge was safe.",)
    titled = _headlined("Maria Lopez says the bridge is safe", *body)
    untitled = analyze(Article.from_paragraphs(body, source="test"))
    count = len(untitled.attributions)
    assert titled.attributions[:count] == untitled.attributions
    headline = titled.attributions[count:]
    assert headline and all(a.field == TITLE_FIELD for a in headline)
    assert all(a.parent is None or a.parent >= count for a in headline)
    # The headline's Lopez is the body's Lopez: one roster entry, mentioned in both fields.
    entry = titled.roster[headline[0].source_id or 0]
    assert headline[0].source_id == untitled.attributions[0].source_id
    assert entry.mentions and entry.title_mentions
