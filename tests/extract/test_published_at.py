"""Publication date from a page: declared dates, checked against the URL and the page."""

from __future__ import annotations

from datetime import date

from trafilatura.utils import load_html

from sourcetrace.extract.metadata import read_metadata

# An evergreen page: first published in JSON-LD, updated years later. htmldate refuses
# days after today, so these are dated in the past.
EVERGREEN = (
    '<script type="application/ld+json">{"@type": "Article",'
    ' "datePublished": "2019-02-01T09:00:00+00:00",'
    ' "dateModified": "2024-04-19T09:00:00+00:00"}</script>'
    '<meta property="article:modified_time" content="2024-04-19T09:00:00+00:00">'
)


def _published(head: str, body: str, url: str) -> date | None:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    found = read_metadata(load_html(html), url).published_at
    return found.value.date() if found else None


def test_url_day_wins_when_a_utc_timestamp_crosses_midnight() -> None:
    head = '<meta property="article:published_time" content="2031-03-05T02:40:00+00:00">'
    body = "<article><p>A late-evening post about the town fair.</p></article>"
    url = "https://blog.example.org/2031/03/04/town-fair"
    assert _published(head, body, url) == date(2031, 3, 4)


def test_declared_day_stays_when_the_url_is_further_off() -> None:
    head = '<meta property="article:published_time" content="2031-03-05T10:00:00+00:00">'
    url = "https://blog.example.org/2031/02/20/town-fair"
    assert _published(head, "<p>Text.</p>", url) == date(2031, 3, 5)


def test_an_evergreen_page_shows_its_update() -> None:
    body = (
        "<article><h1>Best garden tools</h1><p class='byline'>By Ann Lee."
        " Updated on <time>April 19, 2024</time></p><p>Our picks for every budget.</p></article>"
    )
    assert _published(EVERGREEN, body, "https://example.org/garden-tools") == date(2024, 4, 19)


def test_declared_day_stays_when_the_page_shows_it() -> None:
    body = (
        "<article><p>Published February 1, 2019. Updated on April 19, 2024.</p>"
        "<p>Our picks for every budget.</p></article>"
    )
    assert _published(EVERGREEN, body, "https://example.org/garden-tools") == date(2019, 2, 1)


def test_a_page_declaring_no_date_gets_the_first_date_it_prints():
    html = (
        "<html><head><title>Harbour reopens</title></head><body><header>"
        "<span class='x'>Posted 12th March 2024 by the desk</span></header>"
        "<article><p>The harbour reopened to ferries on Tuesday after a month of repairs "
        "to the eastern pier, officials said, and the first boats left at dawn.</p>"
        "<p>Repairs cost more than planned; a review of the contract signed on 2 May 2019 "
        "is still under way, the council said in a statement.</p></article></body></html>"
    )
    found = read_metadata(load_html(html), None).published_at
    assert found is not None
    assert found.value.date() == date(2024, 3, 12)
    assert found.detail.startswith("shown:")
