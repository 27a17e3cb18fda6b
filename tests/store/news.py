"""Invented news pages for the store tests: outlets, dates, canonical URLs, a wire copy.

Every article here is fictional. Mara Voss speaks in three outlets on three days, so
``who`` has something to put in time order; the Ellery Courier's breakwater story is
syndicated, lightly edited, by the Harbour Gazette (a near-duplicate).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

BREAKWATER = (
    "The harbour authority in Port Ellery confirmed on Tuesday that the northern breakwater "
    "will close for repairs after winter storms cracked its concrete crown in three places.",
    "Engineers working for the authority said the damage was worse than a first survey had "
    "suggested, and that divers had found loose armour blocks along the seaward face.",
    "\u201cWe cannot let the fishing fleet sit behind a wall that might fail in a gale,\u201d "
    "Councillor Mara Voss, who chairs the harbour committee, told reporters on Tuesday.",
    "Fishing crews who moor inside the breakwater will be moved to the eastern quay while the "
    "work goes on, according to a notice posted at the harbour office on Monday.",
    "The repairs are expected to cost about four million euros and should be finished before "
    "the summer season begins, the authority said in a statement.",
)
# The same story as a wire copy: a new headline, the last paragraph trimmed.
BREAKWATER_WIRE = (
    *BREAKWATER[:4],
    "The repairs are expected to cost about four million euros, the authority said.",
)

FERRY = (
    "The ferry link between Port Ellery and the island of Skarre will run twice as often from "
    "next month, the regional transport board announced on Thursday.",
    "Mara Voss said the new timetable was \u201ca promise kept to every islander who has waited "
    "an hour in the rain for a boat that was already full\u201d.",
    "The board's chief executive, Ilse Brandt, told the Courier that two leased vessels would "
    "join the route in the spring while a new hybrid ferry is being built.",
    "Island residents have campaigned for more sailings since the last timetable cut, and a "
    "petition last year gathered more than four thousand signatures from both shores.",
)

BUDGET = (
    "Port Ellery's council approved next year's budget late on Monday after a debate that "
    "ran for almost six hours and ended with a narrow vote of eleven to nine.",
    "According to Mara Voss, the harbour repairs will not be paid for by cutting the library "
    "budget, a fear that several residents had raised at the public meeting.",
    "Opposition councillor Petra Lind said the plan relied on optimistic forecasts of tourist "
    "tax receipts and warned that the council would have to revisit it by the summer.",
    "The budget includes money for two new school buses, the repaving of the market square "
    "and a study of flood defences along the lower town's riverbank.",
)

LIBRARY = (
    "The public library on Lindqvist Street reopened on Saturday morning, two years after a "
    "burst water main flooded its basement archive and forced the building to close.",
    "Head librarian Tomas Arkell said more than eleven thousand books had been dried, cleaned "
    "or replaced, and that the local history collection had moved to the upper floor.",
    "The rebuilt reading room has longer opening hours on weekdays, a children's corner near "
    "the entrance and a small studio that residents can book for recording podcasts.",
    "Several hundred people queued outside before the doors opened, and the first borrower, "
    "a retired ferry pilot, left with a stack of sea novels under each arm.",
)


def news_page(
    title: str,
    paragraphs: tuple[str, ...],
    *,
    outlet: str,
    published: str,
    url: str,
    figure: tuple[str, str, str] | None = None,
) -> str:
    """Return a news page with an outlet name, a publication time and a canonical URL.

    ``figure`` is an image's ``(src, caption, credit)``, shown after the headline.
    """
    body = "\n".join(f"<p>{escape(para, quote=False)}</p>" for para in paragraphs)
    if figure is not None:
        src, caption, credit = (escape(part) for part in figure)
        body = (
            f'<figure><img src="{src}" alt=""><figcaption>{caption} '
            f'<span class="credit">{credit}</span></figcaption></figure>\n{body}'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{escape(title)} | {escape(outlet)}</title>
<meta property="og:site_name" content="{escape(outlet)}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}?utm_source=feed">
</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li></ul>
</nav></header>
<main><article>
<h1>{escape(title)}</h1>
{body}
</article></main>
<footer><p>&copy; {escape(outlet)}</p></footer>
</body>
</html>
"""


PAGES = {
    "budget.html": news_page(
        "Council passes budget after six-hour debate",
        BUDGET,
        outlet="Ellery Evening Post",
        published="2026-03-09T21:00:00+00:00",
        url="https://post.example/council/budget",
    ),
    "breakwater.html": news_page(
        "Port Ellery breakwater to close for storm repairs",
        BREAKWATER,
        outlet="The Ellery Courier",
        published="2026-03-03T08:30:00+00:00",
        url="https://courier.example/harbour/breakwater",
    ),
    "ferry.html": news_page(
        "Skarre ferry to run twice as often",
        FERRY,
        outlet="Island Radio",
        published="2026-03-05T12:00:00+00:00",
        url="https://radio.example/news/ferry",
    ),
    "library.html": news_page(
        "Lindqvist Street library reopens after two-year rebuild",
        LIBRARY,
        outlet="The Ellery Courier",
        published="2026-02-28T09:00:00+00:00",
        url="https://courier.example/culture/library",
    ),
}

WIRE_COPY = news_page(
    "Storm-hit breakwater in Port Ellery will shut for repairs",
    BREAKWATER_WIRE,
    outlet="Harbour Gazette",
    published="2026-03-03T10:00:00+00:00",
    url="https://gazette.example/wire/breakwater",
)

# The ferry story with a photo whose caption alone names a person (invented, like the rest).
CAPTION_NAME = "Anneli Kristofferson"
PHOTO_CAPTION = f"{CAPTION_NAME} waits for the <early> ferry at Port Ellery's north quay"
CAPTIONED = news_page(
    "Skarre ferry to run twice as often",
    FERRY,
    outlet="Island Radio",
    published="2026-03-05T12:00:00+00:00",
    url="https://radio.example/news/ferry",
    figure=("https://radio.example/photos/quay.jpg", PHOTO_CAPTION, "Photo: Jon Hale/Island Radio"),
)

# The breakwater story's exact text on another site: a different page, the same article.
EXACT_COPY = news_page(
    "Port Ellery breakwater to close for storm repairs",
    BREAKWATER,
    outlet="Coastal Digest",
    published="2026-03-04T07:00:00+00:00",
    url="https://digest.example/breakwater",
)


def write_pages(folder: Path, pages: dict[str, str] = PAGES) -> list[Path]:
    """Write pages into ``folder``; return their paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, html in pages.items():
        path = folder / name
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    return sorted(paths)
