"""The alerts API over :mod:`detente.outputs.alerts`: the Atom feed, the alerts as JSON and the
watchlists (listed by anyone; added and removed with the write token)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from detente.outputs.alerts import (
    Alert,
    WatchFilters,
    Watchlist,
    add_watchlist,
    atom_feed,
    list_watchlists,
    remove_watchlist,
)
from detente.settings import Settings

__all__ = ["create_router"]


class _WatchlistIn(BaseModel):
    name: str
    kind: str = "events"
    filters: dict[str, Any] = {}
    webhook: str | None = None


def create_router(settings: Settings, *, write_dependency: Callable[..., Any] | None = None) -> APIRouter:
    """The alerts API: ``GET /api/alerts.atom``, ``GET /api/alerts``, ``GET /api/watchlists``;
    with ``write_dependency`` (the token check) also ``POST /api/watchlists`` and
    ``DELETE /api/watchlists/{name}``."""
    from detente.store import open_store

    router = APIRouter()
    url = settings.database_url()

    @router.get("/api/alerts.atom", response_class=Response,
                responses={200: {"content": {"application/atom+xml": {}}}})
    def alerts_atom(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                    watchlist: str | None = None) -> Response:
        with open_store(url, readonly=True) as store:
            rows = store.list_alerts(limit=limit, watchlist=watchlist)
        body = atom_feed([Alert.from_dict(r) for r in rows], feed_url=str(request.url))
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    @router.get("/api/alerts")
    def alerts_json(limit: Annotated[int, Query(ge=1, le=500)] = 50,
                    watchlist: str | None = None) -> list[dict[str, Any]]:
        with open_store(url, readonly=True) as store:
            return store.list_alerts(limit=limit, watchlist=watchlist)

    @router.get("/api/watchlists")
    def watchlists_json() -> list[dict[str, Any]]:
        with open_store(url, readonly=True) as store:
            return [_public(w) for w in list_watchlists(store)]

    if write_dependency is not None:
        @router.post("/api/watchlists", status_code=201, dependencies=[Depends(write_dependency)])
        def add(body: _WatchlistIn) -> dict[str, Any]:
            with open_store(url) as store:
                watch = add_watchlist(store, body.name, body.kind, WatchFilters.from_dict(body.filters),
                                      webhook=body.webhook)
            return _public(watch)

        @router.delete("/api/watchlists/{name}", status_code=204, response_class=Response,
                       dependencies=[Depends(write_dependency)])
        def remove(name: str) -> Response:
            with open_store(url) as store:
                remove_watchlist(store, name)
            return Response(status_code=204)

    return router


def _public(watch: Watchlist) -> dict[str, Any]:
    """A watchlist without its cursor (which can be long)."""
    data = watch.to_dict()
    cursor = data.pop("cursor")
    data["evaluated_at"] = cursor.get("evaluated_at")
    return data
