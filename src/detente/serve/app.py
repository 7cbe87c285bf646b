"""FastAPI application: read-only JSON API (per CONTRACT.md) and the overview page.

Handlers only translate query parameters into library queries; every SQL parameter is bound
by the store.  Errors leave as JSON objects ``{"error": {"code", "message"}}``.
"""


from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente import __version__
from detente.errors import DetenteError, NotFoundError
from detente.settings import Settings
from detente.store import ArticleQuery, EventQuery, Store, open_store

__all__ = ["create_app"]

_TEMPLATES = Path(__file__).parent / "templates"
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0)]
DateParam = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    url = settings.database_url()
    open_store(url).close()  # create and migrate once, before serving

    app = FastAPI(title="détente", version=__version__,
                  description="Events, stories and the peace-process tracker, with the evidence attached.")

    def get_store() -> Iterator[Store]:
        store = open_store(url, readonly=True)
        try:
            yield store
        finally:
            store.close()

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
        parts = [f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return _error(422, "invalid_parameter", "; ".join(parts))

    @app.get("/api/articles")
    def list_articles(store: StoreDep, outlet: str | None = None, since: DateParam = None,
                      until: DateParam = None, language: str | None = None, genre: str | None = None,
                      limit: Limit = 100, offset: Offset = 0) -> list[dict[str, Any]]:
        rows = store.list_articles(ArticleQuery(outlet=outlet, since=since, until=until, language=language,
                                                genre=genre, limit=limit, offset=offset))
        return [a.to_dict() for a in rows]

    @app.get("/api/articles/{article_id}")
    def get_article(article_id: str, store: StoreDep) -> dict[str, Any]:
        article = store.get_article(article_id)
        if article is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        data = article.to_dict()
        data["events"] = [e.to_dict() for e in store.list_events(EventQuery(doc_id=article_id, limit=10000))]
        return data

    @app.get("/api/events")
    def list_events(store: StoreDep, actor: str | None = None, country: str | None = None,
                    type: str | None = None, since: DateParam = None, until: DateParam = None,
                    place: str | None = None, outlet: str | None = None, modality: str | None = None,
                    limit: Limit = 100, offset: Offset = 0) -> list[dict[str, Any]]:
        rows = store.list_events(EventQuery(actor=actor, country=country, event_type=type, since=since,
                                            until=until, place=place, outlet=outlet, modality=modality,
                                            limit=limit, offset=offset))
        return [e.to_dict() for e in rows]

    @app.get("/api/events/{event_id}")
    def get_event(event_id: str, store: StoreDep) -> dict[str, Any]:
        event = store.get_event(event_id)
        if event is None:
            raise NotFoundError(f"no event with id {event_id!r}")
        return event.to_dict()

    @app.get("/api/search")
    def search(store: StoreDep, q: Annotated[str, Query(min_length=1, max_length=500)],
               limit: Limit = 20, offset: Offset = 0) -> list[dict[str, Any]]:
        return [h.__dict__ for h in store.search(q, limit=limit, offset=offset)]

    for kind in ("stories", "milestones", "positions", "relations", "conflicts"):
        app.add_api_route(f"/api/{kind}", _derived_handler(kind, get_store), methods=["GET"],
                          name=f"list_{kind}")

    @app.get("/", response_class=HTMLResponse)
    def overview(store: StoreDep) -> HTMLResponse:
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


def _derived_handler(kind: str, get_store: Any) -> Any:
    def handler(store: Annotated[Store, Depends(get_store)], limit: Limit = 100,
                offset: Offset = 0) -> list[dict[str, Any]]:
        return store.list_derived(kind, limit=limit, offset=offset)

    handler.__name__ = f"list_{kind}"
    handler.__doc__ = f"Derived records of kind {kind!r}, recomputed after each ingest."
    return handler
