"""The one storage interface.  Callers (pipeline, CLI, API) use only this; SQLite is the embedded
default and PostgreSQL can follow behind the same methods without touching them."""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from detente.model import Article, Event

__all__ = ["ArticleQuery", "EventQuery", "SearchHit", "Store"]


@dataclass
class ArticleQuery:
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    language: str | None = None
    genre: str | None = None
    limit: int = 100
    offset: int = 0
    order: str = "date"  # "date" (oldest first) or "-date" (newest first)


@dataclass
class EventQuery:
    actor: str | None = None  # name or text, case-insensitive substring
    country: str | None = None  # ISO3 or org code, on either side
    event_type: str | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None  # location name or country
    outlet: str | None = None
    modality: str | None = None
    doc_id: str | None = None
    text: str | None = None  # case-insensitive substring of the evidence sentence or trigger
    limit: int = 100
    offset: int = 0
    order: str = "date"  # "date" (oldest first), "-date" (newest first) or "confidence" (highest first)


@dataclass
class SearchHit:
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    rank: float


class Store(abc.ABC):
    """Articles and their events, full-text search, and derived records (stories, milestones, ...)."""

    url: str

    @abc.abstractmethod
    def migrate(self) -> list[str]:
        """Apply pending named migrations; return the names applied now."""

    @abc.abstractmethod
    def applied_migrations(self) -> list[str]: ...

    @abc.abstractmethod
    def has_article(self, article_id: str) -> bool: ...

    @abc.abstractmethod
    def add_article(self, article: Article, events: Iterable[Event]) -> bool:
        """Store an article with its events in one transaction.  False if it was already there."""

    @abc.abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abc.abstractmethod
    def list_articles(self, query: ArticleQuery) -> list[Article]: ...

    @abc.abstractmethod
    def count_articles(self) -> int: ...

    @abc.abstractmethod
    def get_event(self, event_id: str) -> Event | None: ...

    @abc.abstractmethod
    def list_events(self, query: EventQuery) -> list[Event]: ...

    @abc.abstractmethod
    def count_events(self) -> int: ...

    @abc.abstractmethod
    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, oldest first (for recomputing derived records)."""

    @abc.abstractmethod
    def events_by_article(self) -> dict[str, list[Event]]: ...

    @abc.abstractmethod
    def search(self, text: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]: ...

    @abc.abstractmethod
    def replace_derived(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> int:
        """Replace every derived record of one kind (e.g. "stories") in one transaction."""

    @abc.abstractmethod
    def list_derived(self, kind: str, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    # Non-abstract: a backend may override these with one aggregate query.
    def count_matching_articles(self, query: ArticleQuery) -> int:
        """How many articles match ``query`` (its limit and offset ignored)."""
        return _count_pages(lambda q: len(self.list_articles(q)), query)

    def count_matching_events(self, query: EventQuery) -> int:
        """How many events match ``query`` (its limit and offset ignored)."""
        return _count_pages(lambda q: len(self.list_events(q)), query)

    # Watchlists (saved queries with their cursor) and the alerts they raised, as JSON objects.
    # Non-abstract: these defaults keep them as derived records of kinds "watchlists" / "alerts"
    # (which refresh_derived never replaces); a backend may override them with its own tables.
    ALERTS_KEPT = 1000  # the default keeps the most recent alerts only

    def list_watchlists(self) -> list[dict[str, Any]]:
        return sorted(self.list_derived("watchlists"), key=lambda w: str(w.get("name")))

    def save_watchlist(self, data: dict[str, Any]) -> None:
        """Insert or replace the watchlist named ``data["name"]``."""
        rows = {str(w["name"]): w for w in self.list_derived("watchlists")}
        rows[str(data["name"])] = data
        self.replace_derived("watchlists", rows.items())

    def remove_watchlist(self, name: str) -> bool:
        rows = {str(w["name"]): w for w in self.list_derived("watchlists")}
        if rows.pop(name, None) is None:
            return False
        self.replace_derived("watchlists", rows.items())
        return True

    def add_alerts(self, alerts: Iterable[dict[str, Any]]) -> int:
        """Record alerts (each with ``id``, ``watchlist``, ``created``); returns how many were new."""
        rows = {str(a["id"]): a for a in self.list_derived("alerts")}
        new = [a for a in alerts if str(a["id"]) not in rows]
        rows.update((str(a["id"]), a) for a in new)
        kept = sorted(rows.values(), key=lambda a: str(a["created"]))[-self.ALERTS_KEPT:]
        self.replace_derived("alerts", ((str(a["id"]), a) for a in kept))
        return len(new)

    def list_alerts(self, *, limit: int = 50, watchlist: str | None = None) -> list[dict[str, Any]]:
        """The most recent alerts first."""
        rows = [a for a in self.list_derived("alerts") if watchlist is None or a.get("watchlist") == watchlist]
        return sorted(rows, key=lambda a: (str(a["created"]), str(a["id"])), reverse=True)[:limit]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _count_pages(fetch: Callable[[Any], int], query: Any, page: int = 5000) -> int:
    from dataclasses import replace

    total, offset = 0, 0
    while True:
        n = fetch(replace(query, limit=page, offset=offset))
        total += n
        if n < page:
            return total
        offset += page
