"""Pages and their JSON twins, errors in one shape, headers, and the guarded write endpoint."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
import sqlalchemy as sa

import sourcetrace.serve
from sourcetrace.pipeline import ingest
from sourcetrace.serve import ServeSettings, create_app
from sourcetrace.store import open_store
from sourcetrace.store.schema import articles
from tests.serve.conftest import TOKEN
from tests.serve.corpus import BUDGET
from tests.store.news import CAPTIONED, write_pages

TEMPLATES = Path(sourcetrace.serve.__file__).parent / "templates"
PAGES = [
    "/",
    "/search?q=guarantees",
    "/articles/1",
    "/entities/united-states.government",
    "/sources/Mara%20Voss",
    "/outlets/Island%20Radio",
    "/articles/1/removed",
]


def _json_twin(path: str) -> str:
    base, _, query = path.partition("?")
    twin = "/index.json" if base == "/" else base + ".json"
    return twin + (f"?{query}" if query else "")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_json_twin_with_security_headers(client, path):
    page, twin = client.get(path), client.get(_json_twin(path))
    assert page.status_code == twin.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert twin.headers["content-type"] == "application/json"
    for response in (page, twin):
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    # The page links its twin, so a reader can find the data behind it.
    assert f'href="{_json_twin(path)}"'.replace("&", "&amp;") in page.text


def test_the_article_page_and_its_json_come_from_the_same_data(client):
    data = client.get("/articles/1.json").json()
    tree = lxml.html.fromstring(client.get("/articles/1").text)
    assert len(tree.cssselect(".card")) == len(data["attributions"]) > 5
    text = "".join(s["text"] for para in data["paragraphs"] for s in para)
    shown = "".join(p.text_content() for p in tree.cssselect(".text p"))
    assert shown == text
    marks = tree.cssselect("a.hl")
    assert {int(m.get("data-att")) for m in marks} == {c["idx"] for c in data["attributions"]}
    assert data["roster"]["anonymous_share"] == pytest.approx(
        data["roster"]["anonymous"] / len(data["roster"]["sources"]), abs=1e-4
    )
    assert {"united-states.government", "reuters.media"} <= {e["key"] for e in data["entities"]}


def test_a_headline_statement_is_listed_and_marked_in_the_headline_not_the_body(client):
    data = client.get("/articles/1.json").json()
    (card,) = [c for c in data["attributions"] if c["field"] == "title"]
    assert card["source"] == "A Washington source"
    assert (card["cue"], card["content"]) == ("calls attention to", "a 'misguided' perception")
    assert all(s["att"] != card["idx"] for para in data["paragraphs"] for s in para)
    title = data["article"]["title"]
    assert "".join(s["text"] for s in data["title_segments"]) == title
    marked = {s["role"]: s["text"] for s in data["title_segments"] if s["att"] == card["idx"]}
    assert marked == {
        "source": "A Washington source",
        "cue": "calls attention to",
        "content": "a 'misguided' perception",
    }
    page = client.get("/articles/1")
    assert page.status_code == 200
    tree = lxml.html.fromstring(page.text)
    assert tree.cssselect("h1")[0].text_content() == title
    heading = tree.cssselect(f"h1 a.hl[data-att='{card['idx']}']")
    assert [m.get("data-role") for m in heading] == ["source", "cue", "content"]
    headline_card = tree.cssselect(f"#att-{card['idx']}")[0].text_content()
    assert "headline" in headline_card and "A Washington source" in headline_card


def test_an_entity_named_only_in_a_caption_is_listed_not_highlighted(client):
    data = client.get("/articles/1.json").json()
    trump = next(e for e in data["entities"] if e["key"] == "donald-trump.person")
    assert trump["caption_mentions"] == trump["mentions"] == 1
    zelensky = next(e for e in data["entities"] if e["key"] == "volodymyr-zelensky.person")
    assert 0 < zelensky["caption_mentions"] < zelensky["mentions"]
    shown = "".join(s["text"] for para in data["paragraphs"] for s in para)
    assert "Donald Trump" not in shown  # the body is shown; a caption's offsets never mark it
    tree = lxml.html.fromstring(client.get("/articles/1").text)
    chip = next(li for li in tree.cssselect(".chips li") if "Donald Trump" in li.text_content())
    assert "only in an image caption" in chip.text_content()


def test_a_source_page_gathers_its_statements_across_outlets_in_time_order(client):
    data = client.get("/sources/Mara%20Voss.json").json()
    assert {o["outlet"] for o in data["outlets"]} >= {"Island Radio", "Ellery Evening Post"}
    days = [s["published_at"] for s in data["statements"] if s["published_at"]]
    assert days == sorted(days) and len(days) >= 2
    assert [t["day"] for t in data["timeline"]] == sorted(t["day"] for t in data["timeline"])


def test_an_entity_page_lists_aliases_and_articles(client):
    data = client.get("/entities/ukraine.government.json").json()
    assert data["name"] == "Ukraine" and "Kiev" in data["aliases"]
    assert data["statements"] and data["articles"][0]["id"] == 1


def test_an_outlet_page_lists_its_articles_and_most_cited_sources(client):
    data = client.get("/outlets/Ellery%20Evening%20Post.json").json()
    assert [a["title"] for a in data["articles"]] == ["Council passes budget after six-hour debate"]
    assert "Mara Voss" in {s["name"] for s in data["sources"]}


def test_search_finds_articles_statements_and_names(client):
    data = client.get("/search.json", params={"q": "Voss"}).json()
    assert data["statements"] and any(s["name"] == "Mara Voss" for s in data["sources"])
    only = client.get("/search.json", params={"q": "ferry", "in": "articles"}).json()
    assert only["articles"] and only["statements"] == [] and only["sources"] == []


def test_the_article_page_shows_its_stored_removed_furniture_and_captions(client):
    data = client.get("/articles/1.json").json()
    assert any(piece["rule"] == "furniture.caption" for piece in data["removed"])
    assert client.get("/articles/1/removed.json").json()["removed"] == data["removed"]
    tree = lxml.html.fromstring(client.get("/articles/1").text)
    shown = [li.text_content() for li in tree.cssselect("details.removed .removed-items li")]
    assert shown == [f"{piece['rule']} {piece['text']}" for piece in data["removed"]]
    captions = [image["caption"] for image in data["images"]]
    assert any("Donald Trump" in (caption or "") for caption in captions)
    listed = " ".join(li.text_content() for li in tree.cssselect(".images li"))
    assert all(caption in listed for caption in captions if caption)


def test_removed_furniture_is_read_from_the_store_never_re_extracted(tmp_path):
    from fastapi.testclient import TestClient

    url = f"sqlite:///{tmp_path / 'one.db'}"
    (path,) = write_pages(tmp_path / "in", {"captioned.html": CAPTIONED})
    with open_store(url) as store:
        assert ingest([str(path)], store).ok == 1
        hostile = '<img src=x onerror="window.__xss=1">'
        stored = [{"rule": "furniture.share", "text": hostile}]
        with store.engine.begin() as conn:
            conn.execute(sa.update(articles).values(removed=stored))
        with TestClient(create_app(ServeSettings(db_url=url))) as reader:
            assert reader.get("/articles/1/removed.json").json()["removed"] == stored
            assert reader.get("/articles/1.json").json()["removed"] == stored
            for page in (reader.get("/articles/1").text, reader.get("/articles/1/removed").text):
                assert "&lt;img src=x onerror=" in page and "<img src=x" not in page
            # A row stored before migration 0005 has no cuts: none shown, none re-made.
            with store.engine.begin() as conn:
                conn.execute(sa.update(articles).values(removed=[]))
            assert reader.get("/articles/1/removed.json").json()["removed"] == []
            assert "No removed furniture is stored" in reader.get("/articles/1").text


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/articles/999.json", 404, "serve.not-found"),
        ("/entities/nobody.person.json", 404, "serve.not-found"),
        ("/no/such/route.json", 404, "serve.not-found"),
        ("/articles/abc.json", 400, "serve.bad-request"),
        ("/search.json?q=x&in=everywhere", 400, "serve.bad-request"),
        ("/index.json?limit=0", 400, "serve.bad-request"),
    ],
)
def test_errors_have_one_json_shape_and_a_fitting_status(client, path, status, code):
    response = client.get(path)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]


def test_an_html_error_is_a_page_with_the_same_code(client):
    response = client.get("/articles/999")
    assert response.status_code == 404 and "serve.not-found" in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_openapi_lists_every_json_route_and_docs_allow_only_their_script(client):
    spec = client.get("/openapi.json").json()
    assert {"/articles/{article_id}.json", "/search.json", "/api/ingest"} <= set(spec["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert "'sha256-" in docs.headers["content-security-policy"]


def test_ingest_is_disabled_without_a_configured_token(db_url):
    from fastapi.testclient import TestClient

    with TestClient(create_app(ServeSettings(db_url=db_url))) as read_only:
        response = read_only.post("/api/ingest", json={"html": BUDGET})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "serve.ingest-disabled"


@pytest.mark.parametrize("header", [None, "Bearer wrong-token-0000000000", f"Basic {TOKEN}"])
def test_ingest_refuses_a_missing_or_wrong_token(client, header):
    headers = {"authorization": header} if header else {}
    response = client.post("/api/ingest", json={"html": BUDGET}, headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "serve.unauthorized"


def test_ingest_refuses_a_body_over_the_limit(client):
    big = {"html": "<p>" + "x" * (70 * 1024) + "</p>"}
    response = client.post("/api/ingest", json=big, headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "serve.too-large"


def test_ingest_refuses_a_malformed_body(client):
    headers = {"authorization": f"Bearer {TOKEN}"}
    response = client.post("/api/ingest", json={"html": 3, "extra": 1}, headers=headers)
    assert response.status_code == 400 and response.json()["error"]["code"] == "serve.bad-request"


def test_ingest_with_the_token_stores_raw_html_through_the_pipeline(client):
    page = BUDGET.replace("six-hour debate", "seven-hour debate").replace(
        "eleven to nine", "twelve to eight"
    )
    headers = {"authorization": f"Bearer {TOKEN}"}
    response = client.post("/api/ingest", json={"html": page}, headers=headers)
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["ok"] == 1 and report["article_id"] is not None
    stored = client.get(f"/articles/{report['article_id']}.json").json()
    assert stored["article"]["title"] == "Council passes budget after seven-hour debate"
    again = client.post("/api/ingest", json={"html": page}, headers=headers).json()
    assert again["skipped"] == 1 and again["article_id"] == report["article_id"]


def test_templates_never_mark_text_safe_or_turn_autoescape_off():
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b|autoescape\s+false|Markup\(", source), template.name
        assert "<script>" not in source and " on" + "click=" not in source, template.name


def test_article_text_is_escaped_in_every_field(client):
    response = client.get("/articles/4")
    assert "<script>window.__xss" not in response.text
    assert "&lt;script&gt;window.__xss=1" in response.text
    assert 'href="javascript:' not in response.text


def test_templates_read_dict_keys_first_and_still_call_methods():
    from sourcetrace.serve.app import templates

    env = templates()
    page = env.from_string("{{ d.text }}|{{ d.get('missing', 'none') }}|{{ d.items() | list }}")
    escaped = "&lt;b&gt;|none|[(&#39;text&#39;, &#39;&lt;b&gt;&#39;)]"
    assert page.render(d={"text": "<b>"}) == escaped


def test_the_article_routes_answer_alike_inline_and_in_the_threadpool(db_url):
    from dataclasses import replace

    from fastapi.testclient import TestClient

    app = create_app(ServeSettings(db_url=db_url))
    assert app.state.ctx.inline  # SQLite: reads run on the event loop
    with TestClient(app) as inline:
        expected = [inline.get(path) for path in ("/articles/1.json", "/articles/1")]
        app.state.ctx = replace(app.state.ctx, inline=False)  # as on PostgreSQL
        got = [inline.get(path) for path in ("/articles/1.json", "/articles/1")]
        missing = inline.get("/articles/999.json")
    assert [r.status_code for r in got] == [200, 200]
    assert got[0].json() == expected[0].json() and got[1].text == expected[1].text
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "serve.not-found"
