"""FastAPI application: the JSON API (per CONTRACT.md), the dashboard and the write endpoint.

Handlers only translate query parameters into library queries; every SQL parameter is bound
by the store.  Errors leave as JSON objects ``{"error": {"code", "message"}}``.  Lists are JSON
arrays with the total in ``X-Total-Count``; ``format=csv|jsonl|parquet`` downloads them.
"""


import inspect
import json
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator, BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente import __version__
from detente.dates import parse_partial_date
from detente.errors import DetenteError, NotFoundError
from detente.serve.formats import events_download, list_response
from detente.serve.query import (
    DERIVED_FILTERS,
    DerivedQuery,
    derived_page,
    network,
    story_page,
    timeline,
)
from detente.serve.readers import Readers
from detente.serve.security import BodyLimit, check_token
from detente.settings import Settings
from detente.store import ArticleQuery, EventQuery, Store, open_store

__all__ = ["create_app"]

_HERE = Path(__file__).parent
_TEMPLATES = _HERE / "templates"
_STATIC = _HERE / "static"

IdParam = Annotated[str, PathParam(max_length=200)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Records to skip.")]


def _real_date(value: str | None) -> str | None:
    """A YYYY[-MM[-DD]] filter that names a real month or day ("2025-13" and "2025-02-30" do not)."""
    if value is not None and parse_partial_date(value) is None:
        raise ValueError(f"{value!r} names no real month or day; give e.g. 2025-02 or 2025-02-28")
    return value


DateParam = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]"),
                      AfterValidator(_real_date)]
Text = Annotated[str | None, Query(max_length=200)]
Code = Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,12}$", description="ISO3 or organisation code")]
Sort = Annotated[Literal["date", "-date", "confidence"] | None, Query(description="Order of the list.")]
Format = Annotated[Literal["json", "jsonl", "csv", "parquet"], Query(description="Response format.")]
EventFormat = Annotated[
    Literal["json", "jsonl", "csv", "parquet", "gdelt", "plover"],
    Query(description="Response format: json (an array), jsonl, csv, parquet, gdelt (GDELT 2.0 event rows, "
                      "tab-separated, no header, one row per actor × recipient pair) or plover "
                      "(PLOVER / POLECAT records as JSON Lines)."),
]
PlType = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3,12}$", description="PLOVER event type")]
Modality = Annotated[Literal["asserted", "negated", "hypothetical", "future", "reported_claim"] | None, Query()]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


class IngestItem(BaseModel):
    text: str | None = Field(None, description="Plain text of the article (or give html).")
    html: str | None = None
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40)
    outlet: str | None = Field(None, max_length=200)


class IngestRequest(BaseModel):
    items: list[IngestItem] = Field(min_length=1, max_length=1000)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    url = settings.database_url()
    open_store(url).close()  # create and migrate once, before serving
    readers = Readers(url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        readers.close()

    app = FastAPI(title="détente", version=__version__, lifespan=lifespan,
                  description="Events, stories and the peace-process tracker, with the evidence attached.")
    app.state.readers = readers
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.mount("/static", StaticFiles(directory=_STATIC), name="static")

    def get_store() -> Iterator[Store]:
        with readers.reader() as store:
            yield store

    StoreDep = Annotated[Store, Depends(get_store)]

    @app.exception_handler(DetenteError)
    async def _detente_error(request: Request, exc: DetenteError) -> JSONResponse:
        return _error(exc.http_status, exc.code, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [f"{'.'.join(str(x) for x in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
                 for e in exc.errors()]
        return _error(422, "invalid_parameter", "; ".join(parts))

    # -- articles and events (SQL in the store) --------------------------------------------
    @app.get("/api/articles", response_model=list[dict[str, Any]])
    def list_articles(store: StoreDep, outlet: Text = None, since: DateParam = None, until: DateParam = None,
                      language: Annotated[str | None, Query(max_length=12)] = None, genre: Text = None,
                      sort: Sort = None, format: Format = "json",
                      limit: Limit = 100, offset: Offset = 0) -> Response:
        """Stored articles, oldest first (``sort=-date``: newest first)."""
        q = ArticleQuery(outlet=outlet, since=since, until=until, language=language, genre=genre,
                         limit=limit, offset=offset, order="-date" if sort == "-date" else "date")
        rows = [a.to_dict() for a in store.list_articles(q)]
        return list_response(rows, store.count_matching_articles(q), format, "articles")

    @app.get("/api/articles/{article_id}")
    def get_article(article_id: IdParam, store: StoreDep) -> dict[str, Any]:
        """One article with its text and every event extracted from it."""
        article = store.get_article(article_id)
        if article is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        data = article.to_dict()
        data["events"] = [e.to_dict() for e in store.list_events(EventQuery(doc_id=article_id, limit=10000))]
        return data

    @app.get("/api/events", response_model=list[dict[str, Any]])
    def list_events(store: StoreDep, actor: Text = None, country: Code = None, type: PlType = None,
                    since: DateParam = None, until: DateParam = None, place: Text = None, outlet: Text = None,
                    modality: Modality = None, q: Text = None, no_discarded: bool = False, sort: Sort = None,
                    format: EventFormat = "json", limit: Limit = 100, offset: Offset = 0) -> Response:
        """Stored events with the CLI's filters; ``q``: events whose evidence sentence or trigger
        holds every word of it as a whole word, case and accents ignored ("jeddah" finds
        "Jeddah-based", "geneve" finds "Genève"; "talk" does not find "talks").
        ``no_discarded=true``: leave out the events PETRARCH2's discard list marks (sports,
        entertainment, disasters: the event's ``discard`` field); by default they are listed.

        Downloads: ``format=csv|jsonl|parquet`` give the records below flattened;
        ``format=gdelt`` gives GDELT 2.0 event rows (the 61 tab-separated columns, no header,
        as ``detente export --format gdelt`` writes them and ``detente import`` reads them);
        ``format=plover`` gives PLOVER / POLECAT records as JSON Lines.  Each download is one
        page (``limit`` up to 1000, ``offset``); the total is in ``X-Total-Count``."""
        query = EventQuery(actor=actor, country=country, event_type=type, since=since, until=until,
                           place=place, outlet=outlet, modality=modality, text=q, no_discarded=no_discarded,
                           limit=limit, offset=offset, order=sort or "date")
        events = store.list_events(query)
        if format in ("gdelt", "plover"):
            return events_download(store, events, store.count_matching_events(query), format)
        return list_response([e.to_dict() for e in events], store.count_matching_events(query), format, "events")

    @app.get("/api/events/{event_id}")
    def get_event(event_id: IdParam, store: StoreDep) -> dict[str, Any]:
        event = store.get_event(event_id)
        if event is None:
            raise NotFoundError(f"no event with id {event_id!r}")
        data = event.to_dict()
        data["story_id"] = store.story_of_event(event_id)
        return data

    @app.get("/api/search")
    def search(store: StoreDep, response: Response, q: Annotated[str, Query(min_length=1, max_length=500)],
               limit: Limit = 20, offset: Offset = 0) -> list[dict[str, Any]]:
        """Full-text search over articles containing every word, best first; matched words are
        wrapped in [ ] in ``snippet``.  The matches are ranked among the most recently stored
        ones (``X-Total-Count``: how many were ranked); ``X-Search-More: true`` says older
        matches exist beyond them: add words to narrow the search."""
        page = store.search_page(q, limit=limit, offset=offset)
        response.headers["X-Total-Count"] = str(page.ranked)
        response.headers["X-Search-More"] = "true" if page.more else "false"
        return [h.__dict__ for h in page.hits]

    # -- derived records (filtered in Python) ----------------------------------------------
    for kind in DERIVED_FILTERS:
        app.add_api_route(f"/api/{kind}", _derived_handler(kind, get_store), methods=["GET"],
                          name=f"list_{kind}", response_model=list[dict[str, Any]])

    @app.get("/api/stories/{story_id}")
    def get_story(story_id: IdParam, store: StoreDep) -> dict[str, Any]:
        """One story: its events with their evidence, all its sources and its disagreements."""
        return story_page(store, story_id)

    # -- aggregates for the dashboard ------------------------------------------------------
    @app.get("/api/timeline")
    def get_timeline(store: StoreDep, actor: Code = None, type: PlType = None, since: DateParam = None,
                     until: DateParam = None, granularity: Literal["year", "month", "day"] = "month",
                     sort: Sort = "date", limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Stories per period and type, with one page of stories and their headline sentence."""
        q = DerivedQuery(actor=actor, type=type, since=since, until=until, sort=sort, limit=limit, offset=offset)
        return timeline(store, q, granularity)

    @app.get("/api/network")
    def get_network(store: StoreDep, since: DateParam = None, until: DateParam = None,
                    period: Literal["month", "week"] = "month") -> dict[str, Any]:
        """Actors and their interactions over a period: count of events and mean intensity."""
        # plain JSON values already: written directly, not walked again by the response encoder
        return JSONResponse(network(store, since, until, period))  # type: ignore[return-value]

    @app.get("/api/summary")
    def summary(store: StoreDep) -> dict[str, Any]:
        """Counts for the dashboard's header."""
        counts = {k: store.count_derived(k) for k in ("stories", "milestones", "positions", "conflicts")}
        return {"version": __version__, "articles": store.count_articles(), "events": store.count_events(),
                **counts}

    # -- writes ----------------------------------------------------------------------------
    def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        check_token(settings.token, authorization)

    extractor_cache: list[Any] = []

    @app.post("/api/ingest", dependencies=[Depends(require_token)])
    def post_ingest(body: IngestRequest) -> dict[str, Any]:
        """Ingest articles given as JSON (needs ``Authorization: Bearer <DETENTE_TOKEN>``)."""
        from detente.extract import Extractor
        from detente.outputs.alerts import run_watchlists
        from detente.pipeline import ingest

        if not extractor_cache:
            extractor_cache.append(Extractor(settings))
        with tempfile.TemporaryDirectory(prefix="detente-ingest-") as tmp:
            path = Path(tmp) / "request.jsonl"
            path.write_text("".join(json.dumps(i.model_dump(exclude_none=True), ensure_ascii=False) + "\n"
                                    for i in body.items), encoding="utf-8")
            with open_store(url) as store:
                report = ingest([str(path)], store, settings=settings, offline=True, extractor=extractor_cache[0])
                if report.added:
                    run_watchlists(store, settings, [a.id for a in report.added])
        return {"added": [a.id for a in report.added], "present": [a.id for a in report.present],
                "rejected": [{"item": r.origin.rsplit(":", 1)[-1], "reason": r.reason} for r in report.rejected],
                "events": report.events}

    from detente.serve import sources, watchlists

    app.include_router(watchlists.create_router(settings, write_dependency=require_token))
    app.include_router(sources.create_router(settings, write_dependency=require_token))

    # -- pages -----------------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(_STATIC / "index.html", media_type="text/html")

    @app.get("/overview", response_class=HTMLResponse, include_in_schema=False)
    def overview(store: StoreDep) -> HTMLResponse:
        """A plain server-rendered page (no script needed)."""
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
        page = env.get_template("overview.html").render(
            version=__version__,
            n_articles=store.count_articles(),
            n_events=store.count_events(),
            articles=store.list_articles(ArticleQuery(limit=200)),
            events=store.list_events(EventQuery(limit=200)),
        )
        return HTMLResponse(page)

    return app


_FILTER_ANNOTATIONS: dict[str, Any] = {
    "actor": Code, "type": PlType, "since": DateParam, "until": DateParam, "place": Text, "outlet": Text,
    "status": Annotated[str | None, Query(pattern=r"^[a-z_]{2,30}$")],
    "kind": Annotated[str | None, Query(pattern=r"^[a-z_]{2,30}$")],
    "issue": Annotated[str | None, Query(pattern=r"^[a-z_]{2,40}$")],
    "stance": Annotated[str | None, Query(pattern=r"^[a-z_]{2,30}$")],
    "pair": Annotated[str | None, Query(pattern=r"^[A-Za-z]{2,12},[A-Za-z]{2,12}$", description="e.g. USA,RUS")],
    "story": Annotated[str | None, Query(max_length=200, description="story id")],
}


def _derived_handler(kind: str, get_store: Callable[[], Iterator[Store]]) -> Callable[..., Response]:
    """A list handler for one kind of derived record, with the filters that make sense for it."""

    def handler(store: Store, period: str = "month", sort: str | None = None, format: str = "json",
                limit: int = 100, offset: int = 0, **filters: Any) -> Response:
        source = "relations_week" if kind == "relations" and period == "week" else kind
        q = DerivedQuery(sort=sort, limit=limit, offset=offset, **filters)
        page = derived_page(store, kind, q, source)
        return list_response(page.items, page.total, format, kind)

    kw = inspect.Parameter.KEYWORD_ONLY
    params = [inspect.Parameter("store", kw, annotation=Annotated[Store, Depends(get_store)])]
    params += [inspect.Parameter(name, kw, default=None, annotation=_FILTER_ANNOTATIONS[name])
               for name in DERIVED_FILTERS[kind]]
    if kind == "relations":
        params.append(inspect.Parameter("period", kw, default="month", annotation=Literal["month", "week"]))
    params += [inspect.Parameter("sort", kw, default=None, annotation=Sort),
               inspect.Parameter("format", kw, default="json", annotation=Format),
               inspect.Parameter("limit", kw, default=100, annotation=Limit),
               inspect.Parameter("offset", kw, default=0, annotation=Offset)]
    handler.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    handler.__name__ = f"list_{kind}"
    handler.__doc__ = f"Derived records of kind {kind!r}, recomputed after each ingest, filtered and paged."
    return handler
