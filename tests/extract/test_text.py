"""Flattened-text extraction: the seed as a golden test, plus general segmenting rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.config import DEFAULT_SETTINGS
from sourcetrace.errors import NoArticleError
from sourcetrace.extract import extract
from sourcetrace.models import Page

SEED = Path(__file__).parents[1] / "fixtures" / "seed_000_7fbb9ae6711f7586.txt"


@pytest.fixture(scope="module")
def seed_article():
    return extract(Page(content=SEED.read_bytes(), source=str(SEED)))


def test_seed_header_fields_match_expected(seed_article):
    assert seed_article.section == "Politics"
    assert seed_article.title == (
        "What Ukraine has to sign to get US security guarantees. "
        "A Washington source calls attention to a 'misguided' perception"
    )
    assert seed_article.authors == ("Ashley Davis",)


def test_seed_caption_and_credit_are_fields_not_body(seed_article):
    assert len(seed_article.images) == 1
    image = seed_article.images[0]
    assert image.caption == (
        "Donald Trump and Volodymyr Zelensky, during the discussion at the Vatican, "
        "before the funeral of Pope Francis"
    )
    assert image.credit == "Profimedia"
    assert "Profimedia" not in seed_article.text
    assert "funeral of Pope Francis" not in seed_article.text


def test_seed_body_runs_from_first_to_last_paragraph(seed_article):
    paragraphs = seed_article.paragraph_texts()
    # EXPECTED.md says "the 12 paragraphs"; the page has 10 blank-line separated body
    # blocks between the two named end points, and that is what the golden file pins.
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith("The United States has told officials in Kiev")
    assert paragraphs[-1].endswith("after talks in Abu Dhabi over the weekend.")
    assert seed_article.title not in seed_article.text


def test_seed_furniture_is_removed_with_named_rules(seed_article):
    removed = {cut.text: cut.rule for cut in seed_article.removed}
    for furniture in (
        "Related Articles",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Back to top button",
    ):
        assert furniture in removed
        assert furniture not in seed_article.text
        assert removed[furniture].startswith("furniture.")
    bio = next(text for text in removed if text.startswith("I’m Ashley Davis as an editor"))
    assert removed[bio] == "furniture.author-bio"
    assert "committed to upholding" not in seed_article.text
    # The headline appears twice on the page and once in the record.
    assert sum(cut.rule == "furniture.repeated-title" for cut in seed_article.removed) == 1


def test_seed_paragraph_spans_slice_the_text(seed_article):
    text = seed_article.text
    for span in seed_article.paragraphs:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]


def _text_article(raw: str):
    return extract(Page(content=raw.encode(), source="story.txt"))


BODY = [
    "The city council voted on Wednesday to close the old bridge to trucks, "
    "citing a safety report that found corroded supports under the eastern span.",
    "Engineers said repairs would take at least two years and cost about "
    "$40 million, according to the report, which was released last month.",
    "Residents who live near the bridge have complained for years about noise "
    "and vibration from heavy traffic crossing at night.",
]


def test_byline_at_top_becomes_author_and_leaves_body():
    raw = "\n\n".join(["Council closes old bridge to trucks", "By Maria Lopez and Tom Reed", *BODY])
    article = _text_article(raw)
    assert article.title == "Council closes old bridge to trucks"
    assert article.authors == ("Maria Lopez", "Tom Reed")
    assert article.paragraph_texts() == tuple(BODY)


def test_credit_forms_other_than_photo_are_split_from_caption():
    raw = "\n\n".join(
        ["Council closes old bridge", "The eastern span at dusk. Image: City Archive", *BODY]
    )
    article = _text_article(raw)
    assert article.images[0].caption == "The eastern span at dusk"
    assert article.images[0].credit == "City Archive"
    assert "City Archive" not in article.text


def test_trailing_related_list_and_share_widget_are_cut():
    raw = "\n\n".join(
        [
            "Council closes old bridge",
            *BODY,
            "Share this article",
            "More stories",
            "Mayor opens new library branch",
            "Storm knocks out power to 3,000 homes",
        ]
    )
    article = _text_article(raw)
    assert article.paragraph_texts() == tuple(BODY)
    rules = [cut.rule for cut in article.removed]
    assert "furniture.share" in rules
    assert "furniture.related-list" in rules
    assert rules.count("furniture.tail-list-item") == 2


def test_long_paragraph_after_related_heading_ends_the_tail():
    long_paragraph = BODY[0] + " " + BODY[1]
    raw = "\n\n".join(["Council closes old bridge", BODY[2], "Read more", long_paragraph])
    article = _text_article(raw)
    assert long_paragraph in article.paragraph_texts()


def test_text_without_header_is_all_body():
    article = _text_article("\n\n".join(BODY))
    assert article.title is None
    assert article.section is None
    assert article.paragraph_texts() == tuple(BODY)


def test_single_newline_text_is_split_by_lines():
    article = _text_article("\n".join(BODY))
    assert len(article.paragraphs) == 3


def test_too_little_text_is_no_article():
    with pytest.raises(NoArticleError) as info:
        extract(
            Page(content=b"Politics\n\nShort headline\n\nLeave a Reply", source="x.txt"),
            DEFAULT_SETTINGS,
        )
    assert info.value.code == "extract.no-article"
