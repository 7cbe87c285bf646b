"""The followed sources in the API: ``GET /api/sources`` (each source's health), and with the
token ``POST /api/sources`` and ``DELETE /api/sources/{name}``.  The handlers only translate;
the records and their checks are in :mod:`detente.follow`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from pydantic import BaseModel, Field

from detente.settings import Settings

__all__ = ["create_router"]


class _SourceIn(BaseModel):
    url: str = Field(max_length=2000)
    name: str | None = Field(None, max_length=64)
    every: str = Field("15m", max_length=20, description="90s, 15m, 2h or 1d (at least 1m)")


def create_router(settings: Settings, *, write_dependency: Callable[..., Any] | None = None) -> APIRouter:
    from detente.follow import add_source, list_sources, remove_source
    from detente.store import open_store

    router = APIRouter()
    url = settings.database_url()

    @router.get("/api/sources")
    def sources_json() -> list[dict[str, Any]]:
        """The followed sources (feeds, sitemaps, listing pages) with their health: status (new,
        ok, failing), last success, last error, articles added, when the next poll is due."""
        with open_store(url, readonly=True) as store:
            return [s.health() for s in list_sources(store)]

    if write_dependency is not None:
        @router.post("/api/sources", status_code=201, dependencies=[Depends(write_dependency)])
        def add(body: _SourceIn) -> dict[str, Any]:
            """Follow a source (needs ``Authorization: Bearer <DETENTE_TOKEN>``)."""
            with open_store(url) as store:
                return add_source(store, body.url, name=body.name, every=body.every).health()

        @router.delete("/api/sources/{name}", status_code=204, response_class=Response,
                       dependencies=[Depends(write_dependency)])
        def remove(name: str) -> Response:
            with open_store(url) as store:
                remove_source(store, name)
            return Response(status_code=204)

    return router
