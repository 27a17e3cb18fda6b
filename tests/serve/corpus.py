"""Pages the serve tests store: two invented news pages and a corpus of hostile ones.

Everything here is fictional. Mara Voss is quoted by two outlets on two days, so her
source page has something to show across outlets and over time. The hostile pages carry
XSS payloads as article *text* (escaped in the HTML, so extraction keeps them as words),
in titles, bylines, outlet names and links, and as raw markup extraction must drop.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

SEED = Path("tests/fixtures/seed_000_7fbb9ae6711f7586.txt")


def news_page(
    title: str, paragraphs: tuple[str, ...], *, outlet: str, published: str, url: str
) -> str:
    """Return a news page whose paragraphs are text (escaped), with outlet, date and URL."""
    body = "\n".join(f"<p>{escape(para, quote=False)}</p>" for para in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta property="og:site_name" content="{escape(outlet)}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{escape(url)}">
</head><body><header><nav><a href="/">Home</a> <a href="/local">Local</a></nav></header>
<main><article><h1>{escape(title)}</h1>
{body}
</article></main><footer><p>Subscribe to our newsletter for more local news.</p></footer>
</body></html>
"""


FERRY = news_page(
    "Skarre ferry to run twice as often",
    (
        "The ferry link between Port Ellery and the island of Skarre will run twice as often "
        "from next month, the regional transport board announced on Thursday.",
        "Mara Voss said the new timetable was \u201ca promise kept to every islander who has "
        "waited an hour in the rain for a boat that was already full\u201d.",
        "The board's chief executive, Ilse Brandt, told reporters that two leased vessels would "
        "join the route in the spring while a new hybrid ferry is being built.",
        "Island residents have campaigned for more sailings since the last timetable cut, and "
        "a petition last year gathered more than four thousand signatures from both shores.",
    ),
    outlet="Island Radio",
    published="2026-03-05T12:00:00+00:00",
    url="https://radio.example/news/ferry",
)

BUDGET = news_page(
    "Council passes budget after six-hour debate",
    (
        "Port Ellery's council approved next year's budget late on Monday after a debate that "
        "ran for almost six hours and ended with a narrow vote of eleven to nine.",
        "According to Mara Voss, the harbour repairs will not be paid for by cutting the "
        "library budget, a fear that several residents had raised at the public meeting.",
        "Opposition councillor Petra Lind said the plan relied on optimistic forecasts of "
        "tourist tax receipts and warned that the council would have to revisit it by summer.",
        "The budget includes money for two new school buses, the repaving of the market "
        "square and a study of flood defences along the lower town's riverbank.",
    ),
    outlet="Ellery Evening Post",
    published="2026-03-09T21:00:00+00:00",
    url="https://post.example/council/budget",
)

# Each payload would set window.__xss or open a dialog if it ever ran.
PAYLOADS = (
    "<script>window.__xss=1;alert('script')</script>",
    '<img src=x onerror="window.__xss=2;alert(2)">',
    "<svg onload=\"window.__xss=3;alert(3)\"><circle r='1'/></svg>",
    '<a href="javascript:window.__xss=4;alert(4)">click me</a>',
    "</script><script>window.__xss=5</script>",
    "\"><iframe srcdoc='<script>parent.__xss=6</script>'></iframe>",
    "' onmouseover='window.__xss=7' data-x='",
    '<div style="x:expression(alert(8))" onclick="window.__xss=8">broken <b>markup <i>',
    "<!-- --><math><mtext></p><img src=x onerror=window.__xss=9></mtext></math>",
)

XSS_PARAGRAPHS = (
    f"A spokesman for the council said that {PAYLOADS[0]} would never run on this page, "
    "according to a statement released on Tuesday.",
    f"\u201cWe tested {PAYLOADS[1]} and {PAYLOADS[2]} carefully,\u201d the security officer "
    "Dana Reyes told reporters on Wednesday.",
    f"According to {PAYLOADS[3]} the engineers, the system held up under every test that "
    "was run against it last week.",
    f"Officials said the string {PAYLOADS[4]} was escaped, and that {PAYLOADS[5]} was "
    "shown as plain text to every reader.",
    f"Dana Reyes said quotes like {PAYLOADS[6]} cannot break out of an attribute, and that "
    f"{PAYLOADS[7]} stays broken markup.",
    f"The auditors reported that {PAYLOADS[8]} was harmless too.",
)

# Payloads as text in every field, plus raw hostile markup extraction must cut.
XSS_HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(PAYLOADS[0])} Council tests its website {escape(PAYLOADS[6])}</title>
<meta property="og:site_name" content="{escape(PAYLOADS[1])} Gazette">
<meta name="author" content="{escape(PAYLOADS[2])}">
<meta property="article:published_time" content="2026-03-10T08:00:00+00:00">
<link rel="canonical" href="javascript:window.__xss=10">
<script>window.__xss = 11</script>
</head><body onload="window.__xss=12">
<main><article><h1>{escape(PAYLOADS[0])} Council tests its website</h1>
{"".join(f"<p>{escape(p, quote=False)}</p>" for p in XSS_PARAGRAPHS)}
<p>Raw markup: <img src=x onerror="window.__xss=13"><svg onload="window.__xss=14"></svg>
<a href="javascript:window.__xss=15">a link</a> and <b>unclosed <i>tags <p>everywhere
</article></main></body></html>
"""

# The same payloads as flattened text: no extraction markup at all.
XSS_TEXT = "Politics\n\n" + "\n\n".join(
    (f"{PAYLOADS[5]} Harbour hack report", *XSS_PARAGRAPHS, "Mara Voss said nothing ran.")
)


def write_corpus(folder: Path) -> list[Path]:
    """Write the pages into ``folder``; return their paths, the seed's first."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "ferry.html": FERRY,
        "budget.html": BUDGET,
        "xss.html": XSS_HTML,
        "xss.txt": XSS_TEXT,
    }
    paths = [SEED]
    for name, content in files.items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths
