"""Bad input: every page gets a correct article or a coded error, never a crash.

Inputs go through the public entry points: ``read_page`` for files, ``extract`` for
pages, ``extract_paths`` for a batch.
"""

from __future__ import annotations

import gzip
import tracemalloc
from pathlib import Path

import pytest

from sourcetrace.config import Settings
from sourcetrace.errors import (
    DecodeError,
    InputNotFoundError,
    InputTooLargeError,
    NoArticleError,
    SourcetraceError,
)
from sourcetrace.extract import extract
from sourcetrace.ingest import read_page
from sourcetrace.models import Article, Failure, Page
from sourcetrace.pipeline import extract_paths, summarize
from tests.pages import (
    CHINESE,
    CHINESE_TITLE,
    HARBOUR,
    HARBOUR_TITLE,
    LIBRARY,
    LIBRARY_TITLE,
    LOGIN_WALL,
    MARKET,
    MARKET_TITLE,
    NAV_ONLY,
    html_page,
    text_page,
)

MIB = 1024 * 1024
KNOWN_CODES = {
    "input.not-found",
    "input.empty",
    "input.binary",
    "input.too-large",
    "input.decode",
    "extract.no-article",
    "extract.failed",
}


def _article_or_coded_error(page: Page) -> Article | SourcetraceError:
    """Run ``extract``; anything but an article or a coded error fails the test."""
    try:
        return extract(page)
    except SourcetraceError as exc:
        assert exc.code in KNOWN_CODES
        return exc


# --- pages without an article -----------------------------------------------------------


@pytest.mark.parametrize("html", [LOGIN_WALL, NAV_ONLY], ids=["login-wall", "nav-only"])
def test_page_without_an_article_is_extract_no_article(html):
    with pytest.raises(NoArticleError) as caught:
        extract(Page(content=html.encode(), source="wall.html"))
    assert caught.value.code == "extract.no-article"
    assert caught.value.source == "wall.html"


def test_empty_html_shell_is_extract_no_article():
    shell = '<!DOCTYPE html><html><head><title>Loading…</title></head><body><div id="app">'
    with pytest.raises(NoArticleError) as caught:
        extract(Page(content=shell + "</div></body></html>", source="spa.html"))
    assert caught.value.code == "extract.no-article"


def test_text_too_short_for_an_article_is_extract_no_article():
    with pytest.raises(NoArticleError) as caught:
        extract(Page(content=b"Weather\n\nSunny spells, light winds.\n", source="w.txt"))
    assert caught.value.code == "extract.no-article"


# --- malformed HTML ---------------------------------------------------------------------


def test_unclosed_tags_and_stray_closing_divs_still_give_the_article():
    body = "".join(f"<p>{para}" for para in HARBOUR)  # no </p>, as old CMSs write it
    html = (
        f"<html><head><title>{HARBOUR_TITLE}</title><body></div></div><div class=story>"
        f"<h1>{HARBOUR_TITLE}</h1>{body}</span></div></div></div><b><i>Share this</table>"
    )

    article = extract(Page(content=html.encode(), source="broken.html"))

    assert article.paragraph_texts() == HARBOUR


def test_malformed_urls_in_markup_are_dropped_not_fatal():
    # Found by bench/reliability.py: urljoin raises ValueError on "http://[oops".
    body = "".join(f"<p>{para}</p>" for para in HARBOUR)
    html = (
        f'<html><head><title>{HARBOUR_TITLE}</title><link rel="canonical" href="http://[oops/">'
        f'<meta property="og:image" content="http://[lead"></head><body><article>'
        f"<h1>{HARBOUR_TITLE}</h1>{body}"
        f'<figure><img src="http://[x/y.jpg"><figcaption>The quay</figcaption></figure>'
        f'<figure><img src="//[::1"></figure></article></body></html>'
    )

    article = extract(Page(content=html.encode(), source="urls.html", url="https://a.example/"))

    assert article.paragraph_texts() == HARBOUR
    assert article.canonical_url in (None, "https://a.example/")
    assert all(image.url is None for image in article.images)


def test_moderately_nested_markup_gives_the_article():
    depth = 200
    paragraphs = "".join(f"<p>{para}</p>" for para in HARBOUR)
    html = f"<html><body>{'<div>' * depth}{paragraphs}{'</div>' * depth}</body></html>"

    article = extract(Page(content=html, source="nested.html"))

    assert article.paragraph_texts() == HARBOUR


def test_pathologically_nested_divs_give_article_or_coded_error():
    depth = 5000
    paragraphs = "".join(f"<p>{para}</p>" for para in HARBOUR)
    html = f"<html><body>{'<div>' * depth}{paragraphs}{'</div>' * depth}</body></html>"

    outcome = _article_or_coded_error(Page(content=html, source="deep.html"))

    if isinstance(outcome, Article):
        assert outcome.paragraph_texts() == HARBOUR


def test_pathologically_nested_divs_in_a_batch_are_one_result(tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 5000 + HARBOUR[0] + "</div>" * 5000)
    good = tmp_path / "good.html"
    good.write_text(html_page(HARBOUR_TITLE, HARBOUR))

    results = list(extract_paths([str(deep), str(good)]))

    assert [r.source for r in results] == [str(deep), str(good)]
    assert results[0].article is not None or results[0].failure.code in KNOWN_CODES
    assert results[1].article is not None


@pytest.mark.parametrize(
    "html",
    [
        "<",
        "<html",
        "<!DOCTYPE html><html><body><p>" + "&#xFFFFFFF; &bogus; &#0;" * 20,
        "<html><body><p>" + "x" * 200 + "<![CDATA[ unterminated",
        "<html><body><script>" + "var a = '</p>';" * 50 + "</body></html>",
        "<?xml version='1.0' encoding='nonsense'?><html><body><p>" + HARBOUR[0],
    ],
    ids=["lone-bracket", "unclosed-html", "bad-entities", "cdata", "script-only", "xml-decl"],
)
def test_garbage_markup_gives_article_or_coded_error(html):
    _article_or_coded_error(Page(content=html.encode(), source="junk.html"))


# --- files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["missing.html", "no-such-dir/page.html", "n" * 300 + ".html"],
    ids=["missing-file", "missing-dir", "name-too-long"],
)
def test_nonexistent_path_is_input_not_found(tmp_path, name):
    source = str(tmp_path / name)
    with pytest.raises(InputNotFoundError) as caught:
        read_page(source, Settings())
    assert caught.value.code == "input.not-found"
    assert caught.value.source == source


def test_directory_given_to_read_page_is_input_not_found(tmp_path):
    with pytest.raises(InputNotFoundError) as caught:
        read_page(str(tmp_path), Settings())
    assert caught.value.code == "input.not-found"


def test_html_file_is_read_with_its_media_type(tmp_path):
    path = tmp_path / "story.HTML"
    path.write_text(html_page(HARBOUR_TITLE, HARBOUR))

    page = read_page(str(path), Settings())

    assert page.content_type == "text/html"
    assert page.fetched_at is not None and page.fetched_at.tzinfo is not None
    assert extract(page).paragraph_texts() == HARBOUR


def test_plain_file_over_the_limit_is_input_too_large(tmp_path):
    path = tmp_path / "huge.html"
    path.write_bytes(html_page(HARBOUR_TITLE, HARBOUR * 400).encode())
    limit = 64 * 1024
    assert path.stat().st_size > limit

    with pytest.raises(InputTooLargeError) as caught:
        read_page(str(path), Settings(max_input_bytes=limit))

    assert caught.value.code == "input.too-large"
    assert "--max-bytes" in caught.value.message
    assert read_page(str(path), Settings(max_input_bytes=path.stat().st_size)).content


def test_gzip_file_is_inflated_and_typed_by_its_inner_name(tmp_path):
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(html_page(HARBOUR_TITLE, HARBOUR).encode()))

    page = read_page(str(path), Settings())

    assert page.content_type == "text/html"
    assert extract(page).paragraph_texts() == HARBOUR


def test_gzip_bomb_is_refused_without_inflating_it(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    inflated = 50 * MIB
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        out.write(b"<html><body><p>")
        chunk = b" " * MIB
        for _ in range(inflated // MIB):
            out.write(chunk)
    assert bomb.stat().st_size < MIB  # small on disk: the point of a bomb
    limit = MIB

    tracemalloc.start()
    try:
        with pytest.raises(InputTooLargeError) as caught:
            read_page(str(bomb), Settings(max_input_bytes=limit))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert caught.value.code == "input.too-large"
    assert peak < 8 * limit < inflated


@pytest.mark.parametrize("damage", ["truncated", "corrupt", "not-gzip"])
def test_damaged_gzip_file_is_input_decode(tmp_path, damage):
    packed = gzip.compress(html_page(HARBOUR_TITLE, HARBOUR).encode())
    data = {
        "truncated": _truncated_gzip(),
        "corrupt": packed[:10] + bytes(b ^ 0x5A for b in packed[10:]),
        "not-gzip": html_page(HARBOUR_TITLE, HARBOUR).encode(),
    }[damage]
    path = tmp_path / "story.html.gz"
    path.write_bytes(data)

    with pytest.raises(DecodeError) as caught:
        read_page(str(path), Settings())

    assert caught.value.code == "input.decode"
    assert "gzip" in caught.value.message


# --- a batch goes on --------------------------------------------------------------------


def _truncated_gzip() -> bytes:
    packed = gzip.compress(html_page(HARBOUR_TITLE, HARBOUR).encode())
    return packed[: len(packed) // 2]


def _mixed_batch(root: Path) -> dict[str, str | None]:
    """Write good and bad files; return each file's expected failure code (None: ok)."""
    files: dict[str, tuple[bytes, str | None]] = {
        "a-harbour.html": (html_page(HARBOUR_TITLE, HARBOUR).encode(), None),
        "b-empty.html": (b"", "input.empty"),
        "c-photo.png": (b"\x89PNG\r\n\x1a\n" + bytes(512), "input.binary"),
        "d-library.txt": (text_page(LIBRARY_TITLE, LIBRARY).encode(), None),
        "e-login.html": (LOGIN_WALL.encode(), "extract.no-article"),
        "f-market.html.gz": (gzip.compress(html_page(MARKET_TITLE, MARKET).encode()), None),
        "g-broken.html.gz": (_truncated_gzip(), "input.decode"),
        "h-huge.html": (html_page(LIBRARY_TITLE, LIBRARY * 200).encode(), "input.too-large"),
    }
    (root / "sub").mkdir()
    expected: dict[str, str | None] = {}
    for name, (data, code) in files.items():
        path = root / "sub" / name if name.startswith("d") else root / name
        path.write_bytes(data)
        expected[str(path)] = code
    (root / ".cache").mkdir()
    (root / ".cache" / "index.html").write_bytes(b"\x00" * 64)  # hidden: not an input
    return expected


def test_batch_yields_one_result_per_input_and_goes_on_after_failures(tmp_path):
    expected = _mixed_batch(tmp_path)
    missing = str(tmp_path / "gone.html")
    settings = Settings(max_input_bytes=64 * 1024)

    results = list(extract_paths([str(tmp_path), missing], settings))

    assert sorted(r.source for r in results) == sorted([*expected, missing])
    outcomes = {r.source: r for r in results}
    assert outcomes[missing].failure == Failure(
        missing, "read", "input.not-found", outcomes[missing].failure.message
    )
    for source, code in expected.items():
        result = outcomes[source]
        assert (result.article is None) != (result.failure is None)
        if code is None:
            assert result.article is not None, result.failure
            assert result.article.source == source
        else:
            assert isinstance(result.failure, Failure)
            assert (result.failure.source, result.failure.code) == (source, code)
            assert result.failure.message
    titles = {r.article.title for r in results if r.article}
    assert titles == {HARBOUR_TITLE, LIBRARY_TITLE, MARKET_TITLE}


def test_batch_failures_record_the_stage_that_failed(tmp_path):
    expected = _mixed_batch(tmp_path)

    results = list(extract_paths([str(tmp_path)], Settings(max_input_bytes=64 * 1024)))

    stages = {Path(r.source).name: r.failure.stage for r in results if r.failure}
    assert stages["g-broken.html.gz"] == "read"
    assert stages["h-huge.html"] == "read"
    assert stages["b-empty.html"] == "extract"
    assert stages["e-login.html"] == "extract"
    report = summarize(results)
    failed = sum(code is not None for code in expected.values())
    assert (report.ok, report.failed, report.total) == (3, failed, len(expected))


def test_batch_goes_on_after_a_path_the_os_rejects(tmp_path):
    good = tmp_path / "good.html"
    good.write_text(html_page(HARBOUR_TITLE, HARBOUR))
    rejected = ["x" * 300, "bad\x00name.html"]

    results = list(extract_paths([*rejected, str(good)]))

    assert [r.failure.code if r.failure else "ok" for r in results] == [
        "input.not-found",
        "input.not-found",
        "ok",
    ]
    assert results[-1].article.paragraph_texts() == HARBOUR


# --- scripts beyond Latin, flattened ----------------------------------------------------


def test_chinese_flattened_text_keeps_its_headline_and_first_paragraph():
    article = extract(Page(content=text_page(CHINESE_TITLE, CHINESE).encode(), source="zh.txt"))

    assert article.title == CHINESE_TITLE
    assert article.paragraph_texts() == CHINESE
