"""The web app: each page's HTML and ``.json`` twin from the same data function.

Routes are thin: parse parameters, call one function of ``pages``, then either render
its dict with a template or return it as JSON. Errors leave in one shape
(``{"error": {"code", "message"}}``) with a fitting status; pages render the same two
fields as HTML.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from sourcetrace import __version__
from sourcetrace.config import DEFAULT_SERVE_SETTINGS, ServeSettings
from sourcetrace.errors import SourcetraceError, StoreError
from sourcetrace.serve import pages, queries, writes
from sourcetrace.serve.errors import error_body, status_of, store_fault
from sourcetrace.serve.highlight import ROLES
from sourcetrace.serve.pages import Context, Data
from sourcetrace.serve.security import check_token, docs_csp, protect, read_limited
from sourcetrace.store import open_store
from sourcetrace.store.sql import SqlStore

__all__ = ["create_app"]

HERE = Path(__file__).parent
_HTTP_CODES = {404: "serve.not-found", 405: "serve.method-not-allowed"}
_INTERNAL = "unexpected failure; see the server log"
_log = logging.getLogger(__name__)


class _DataEnvironment(jinja2.Environment):
    """A Jinja environment that reads ``a.b`` as a key first when ``a`` is a dict.

    Page data is plain dicts; Jinja's default tries the attribute first and pays for an
    ``AttributeError`` on every ``seg.text`` (half of the article page's rendering).
    Methods such as ``data.get`` still resolve when no key of that name exists (a key
    named like a method wins, so page data avoids such keys).
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def templates() -> jinja2.Environment:
    """Return the template environment: autoescaping on for every template, strict names."""
    env = _DataEnvironment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name: article text is hostile
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package: no stat() per request
    )
    env.globals |= {
        "source_href": lambda name: "/sources/" + quote(name, safe=""),
        "entity_href": lambda key: "/entities/" + quote(key, safe=""),
        "outlet_href": lambda name: "/outlets/" + quote(name, safe=""),
        "roles": ROLES,
        "version": __version__,
    }
    env.filters |= {"http_url": http_url, "day": day, "percent": percent}
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)  # compile them all now: errors at start, none on first requests
    return env


def http_url(value: str | None) -> str | None:
    """Return a URL fit for an ``href``: absolute http(s) only (no ``javascript:``)."""
    if not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # a stored URL is hostile text too: "http://[oops"
        return None
    return value.strip() if parts.scheme in {"http", "https"} and parts.netloc else None


def day(value: str | None) -> str:
    """Return the day of an ISO 8601 timestamp (``2026-01-27``), or ``undated``."""
    return value[:10] if value else "undated"


def percent(value: float) -> str:
    """Return a share as a whole percentage."""
    return f"{value:.0%}"


class _App(FastAPI):
    """FastAPI with ``security.protect``'s layers outside all of it.

    Middleware added the usual way sits inside Starlette's ``ServerErrorMiddleware``, so
    the 500 answer to an unhandled exception would leave without the security headers.
    """

    def build_middleware_stack(self) -> ASGIApp:
        ctx: Context = self.state.ctx
        return protect(
            super().build_middleware_stack(),
            policies=self.state.policies,
            allowed_hosts=ctx.settings.allowed_hosts,
        )


def create_app(settings: ServeSettings = DEFAULT_SERVE_SETTINGS) -> FastAPI:
    """Open the store and return the app serving it.

    A server never creates a store: pointed at a SQLite file that does not exist (a typo
    in ``--db``), it refuses to start. Without an ingest token nothing can write, so the
    store is opened read-only: a store on a read-only disk, folder or file is served too.

    Raises:
        StoreNotFoundError: there is no store at ``settings.db_url``.
        StoreError: the store cannot be opened (unreachable, outdated, in memory...).
    """
    store = open_store(settings.db_url, create=False, read_only=settings.token is None)
    if not isinstance(store, SqlStore):  # the pages' own queries need its engine
        raise TypeError(f"cannot serve a {type(store).__name__}")
    inline = store.engine.dialect.name == "sqlite"
    ctx = Context(
        store=store,
        engine=store.engine,
        settings=settings,
        inline=inline,
        max_id=queries.max_id(store.engine),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    docs = get_swagger_ui_html(openapi_url="/openapi.json", title="sourcetrace API")
    app = _App(
        title="sourcetrace",
        version=__version__,
        summary="Who said what, according to whom: articles, statements, sources, outlets.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.ctx = ctx
    app.state.env = templates()
    app.state.policies = {"/docs": docs_csp(bytes(docs.body).decode())}
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handlers(app)
    _routes(app, docs)
    return app


async def _ctx(request: Request) -> Context:
    # async: FastAPI runs a plain-def dependency in the threadpool, a thread hop per request.
    ctx: Context = request.app.state.ctx
    return ctx


async def _read(ctx: Context, data: Callable[..., Data], *args: Any) -> Data:
    """Call a data function: inline on SQLite, in the threadpool on a server database.

    An article's SQLite reads take under a millisecond of CPU, less than the hop to a
    worker thread and back; run inline, requests queue in arrival order instead of
    contending for the GIL. PostgreSQL waits on the network, so it keeps the threadpool.
    """
    if ctx.inline:
        return data(ctx, *args)
    return await run_in_threadpool(data, ctx, *args)


Ctx = Annotated[Context, Depends(_ctx)]
Q = Annotated[str, Query(max_length=500, description='Words, "a phrase", OR.')]
In = Annotated[str, Query(alias="in", description="all, articles or statements")]
Limit = Annotated[int | None, Query(ge=1, description="Rows to show (default 50, at most 500).")]


def _html(request: Request, template: str, data: dict[str, Any], status: int = 200) -> Response:
    env: jinja2.Environment = request.app.state.env
    # The raw path keeps its percent-escapes: a source named "a/b" stays one segment.
    raw = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
    json_path = raw.rstrip("/") + ".json" if raw != "/" else "/index.json"
    query = f"?{request.url.query}" if request.url.query else ""
    body = env.get_template(template).render(
        data=data, json_url=json_path + query, path=request.url.path
    )
    return HTMLResponse(body, status_code=status)


def _json(data: dict[str, Any], status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json")


def _routes(app: FastAPI, docs: HTMLResponse) -> None:
    html: dict[str, Any] = {"response_class": HTMLResponse, "tags": ["pages"]}
    js: dict[str, Any] = {"tags": ["json"]}

    @app.get("/docs", include_in_schema=False)
    def swagger() -> Response:
        return docs

    @app.get("/index.json", summary="Home: counts, newest articles, outlets", **js)
    def home_json(ctx: Ctx, limit: Limit = None) -> Response:
        return _json(pages.home(ctx, limit=limit))

    @app.get("/", summary="Home page", **html)
    def home_html(request: Request, ctx: Ctx, limit: Limit = None) -> Response:
        return _html(request, "home.html", pages.home(ctx, limit=limit))

    @app.get("/search.json", summary="Search articles and attributed statements", **js)
    def search_json(ctx: Ctx, q: Q = "", scope: In = "all", limit: Limit = None) -> Response:
        return _json(pages.search(ctx, q, scope=scope, limit=limit))

    @app.get("/search", summary="Search results page", **html)
    def search_html(
        request: Request, ctx: Ctx, q: Q = "", scope: In = "all", limit: Limit = None
    ) -> Response:
        return _html(request, "search.html", pages.search(ctx, q, scope=scope, limit=limit))

    # The hot path (bench/serve.py): async, so no thread hop unless the store needs one.
    @app.get("/articles/{article_id}.json", summary="An article with its attributions", **js)
    async def article_json(ctx: Ctx, article_id: int) -> Response:
        return _json(await _read(ctx, pages.article, article_id))

    @app.get("/articles/{article_id}", summary="Article page", **html)
    async def article_html(request: Request, ctx: Ctx, article_id: int) -> Response:
        return _html(request, "article.html", await _read(ctx, pages.article, article_id))

    @app.get("/articles/{article_id}/removed.json", summary="Furniture cut from it", **js)
    def removed_json(ctx: Ctx, article_id: int) -> Response:
        return _json(pages.removed(ctx, article_id))

    @app.get("/articles/{article_id}/removed", summary="Removed furniture page", **html)
    def removed_html(request: Request, ctx: Ctx, article_id: int) -> Response:
        return _html(request, "removed.html", pages.removed(ctx, article_id))

    _named(app, "/entities/{key}", "entity.html", pages.entity, "An entity across articles")
    _named(app, "/sources/{name:path}", "entity.html", pages.source, "A source across articles")
    _named(app, "/outlets/{name:path}", "outlet.html", pages.outlet, "An outlet's articles")

    @app.post("/api/ingest", summary="Ingest an http(s) URL or a document", tags=["write"])
    async def ingest(request: Request, ctx: Ctx) -> Response:
        check_token(ctx.settings.token, request.headers.get("authorization"))
        body = await read_limited(
            request.stream(),
            declared=request.headers.get("content-length"),
            limit=ctx.settings.max_body_bytes,
        )
        submission = writes.parse_submission(
            body,
            content_type=request.headers.get("content-type"),
            url=request.query_params.get("url"),
        )
        report = await run_in_threadpool(writes.ingest_submission, ctx, submission)
        return _json(report, status=201 if report["ok"] else 200)


def _named(
    app: FastAPI, path: str, template: str, data: Callable[..., dict[str, Any]], summary: str
) -> None:
    """Add a page keyed by a name or key, and its ``.json`` twin."""
    param = path.rsplit("{", 1)[1].split("}")[0].split(":")[0]

    def as_json(request: Request, ctx: Ctx, limit: Limit = None) -> Response:
        return _json(data(ctx, request.path_params[param], limit=limit))

    def as_html(request: Request, ctx: Ctx, limit: Limit = None) -> Response:
        return _html(request, template, data(ctx, request.path_params[param], limit=limit))

    app.add_api_route(path + ".json", as_json, methods=["GET"], summary=summary, tags=["json"])
    app.add_api_route(
        path,
        as_html,
        methods=["GET"],
        summary=summary + " (page)",
        response_class=HTMLResponse,
        tags=["pages"],
    )


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".json") or path.startswith("/api/") or path == "/openapi.json"


def _error(request: Request, status: int, code: str, message: str) -> Response:
    headers = {"www-authenticate": "Bearer"} if status == 401 else None
    if _wants_json(request):
        response = _json(error_body(code, message), status=status)
    else:
        response = _html(request, "error.html", error_body(code, message), status=status)
    if headers:
        response.headers.update(headers)
    return response


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(SourcetraceError)
    async def known(request: Request, exc: SourcetraceError) -> Response:
        fault = store_fault(exc) if isinstance(exc, StoreError) else None
        if fault is not None:
            _log.warning("the store failed answering %s: %s", request.url.path, exc)
            exc = fault
        return _error(request, status_of(exc), exc.code, exc.message)

    @app.exception_handler(SQLAlchemyError)
    async def database(request: Request, exc: SQLAlchemyError) -> Response:
        # The pages' own queries (queries.py) reach the engine without the store's wrapper.
        fault = store_fault(exc)
        if fault is None:
            _log.error("unexpected database error answering %s", request.url.path, exc_info=exc)
            return _error(request, 500, "serve.internal", _INTERNAL)
        _log.warning("the store failed answering %s: %s", request.url.path, exc)
        return _error(request, status_of(fault), fault.code, fault.message)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "serve.bad-request")
        message = "no such page: see / or /docs" if exc.status_code == 404 else str(exc.detail)
        return _error(request, exc.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return _error(request, 400, "serve.bad-request", problems or "invalid request")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return _error(request, 500, "serve.internal", _INTERNAL)
