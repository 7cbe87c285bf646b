"""The one storage interface.  Callers (pipeline, CLI, API) use only this; SQLite is the embedded
default and PostgreSQL can follow behind the same methods without touching them."""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar, overload

from detente.dates import in_range as date_in_range
from detente.model import Article, Event
from detente.store.kinds import RELATION_INDEX, kinds_indexed
from detente.store.kinds import kind as declared_kind
from detente.text import fold_letters

__all__ = ["PAGE", "SEARCH_WINDOW", "ArticleQuery", "EventQuery", "PeriodCount", "RelationRow", "SearchHit",
           "SearchPage", "Store", "StoryQuery", "date_in_range", "paged"]

RELATION_KINDS = kinds_indexed(RELATION_INDEX)  # the relations index by month and by ISO week
# Full-text search ranks its matches among this many most recently stored matching articles, so
# a query that matches every article costs the same at 10,000 and at 1,000,000 articles.
SEARCH_WINDOW = 2000
# Rows read at a time by paged(): what walks a whole listing holds one page of it in memory.
PAGE = 5000

_T = TypeVar("_T")
_R = TypeVar("_R")


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
    # words: every word of it a whole word of the evidence sentence or trigger, case and accents
    # ignored (detente.store.words); text without letters or digits filters nothing
    text: str | None = None
    # leave out the events marked by PETRARCH2's discard list (Event.discard: sports,
    # entertainment, ...); by default every event is listed, marked or not
    no_discarded: bool = False
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


@dataclass
class SearchPage:
    """One page of full-text search results.  ``ranked`` matches were ranked (the most recently
    stored ones, at most the window); ``more`` says older matches exist beyond the window."""
    hits: list[SearchHit]
    ranked: int
    more: bool


@dataclass
class StoryQuery:
    """Which stories (derived records of kind "stories") to list; unset fields do not filter."""

    actor: str | None = None  # ISO3 / organisation code among the story's actors
    event_type: str | None = None
    since: str | None = None  # the story's date compared at the shorter of the two precisions
    until: str | None = None
    place: str | None = None  # substring of the location's name or text, or its country code
    outlet: str | None = None  # substring of one of the story's outlets
    limit: int = 100
    offset: int = 0
    order: str | None = None  # None (stored order), "date", "-date" (undated last) or "confidence"


@dataclass
class PeriodCount:
    """How many matching stories of one type fall in one period (``period`` None: undated)."""

    period: str | None
    event_type: str
    count: int


@dataclass
class RelationRow:
    """One score of the relations index: a pair of actors in one period."""

    a: str
    b: str
    period: str
    n_events: int
    score: float


def paged(fetch: Callable[[int, int], Sequence[_T]], *, offset: int = 0, limit: int | None = None,
          page: int | None = None) -> Iterator[_T]:
    """The rows ``fetch(limit, offset)`` gives from ``offset`` on, at most ``limit`` of them (None:
    all), read ``page`` rows (default: PAGE) at a time: a listing of any length streams in bounded
    memory.  The fetch must order its rows totally (as every ``list_*`` of a store does), so pages
    neither repeat nor skip a row."""
    page = page or PAGE
    left = limit
    while left is None or left > 0:
        size = page if left is None else min(page, left)
        rows = fetch(size, offset)
        yield from rows
        if len(rows) < size:
            return
        offset += size
        if left is not None:
            left -= size


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

    def events_of_articles(self, article_ids: Iterable[str]) -> dict[str, list[Event]]:
        """The events of these articles (those that have any), each article's listed as
        :meth:`events_by_article` lists them (a refresh reads only the articles it needs)."""
        wanted = set(article_ids)
        return {aid: evs for aid, evs in self.events_by_article().items() if aid in wanted}

    def articles_of_events(self, event_ids: Iterable[str]) -> dict[str, str]:
        """The article id of each of these events that is stored."""
        found = ((eid, self.get_event(eid)) for eid in dict.fromkeys(event_ids))
        return {eid: e.doc_id for eid, e in found if e is not None}

    @abc.abstractmethod
    def search_page(self, text: str, *, limit: int = 20, offset: int = 0,
                    window: int = SEARCH_WINDOW) -> SearchPage:
        """Articles containing every word of ``text``, best first (lower ``rank`` is better; ties:
        the more recently stored first), ranked among the ``window`` most recently stored matches."""

    def search(self, text: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        return self.search_page(text, limit=limit, offset=offset).hits

    @abc.abstractmethod
    def replace_derived(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> int:
        """Replace every derived record of one kind (e.g. "stories") in one transaction."""

    @abc.abstractmethod
    def list_derived(self, kind: str, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]: ...

    @overload
    def records(self, kind: str, cls: type[_R], *, limit: int | None = None, offset: int = 0) -> list[_R]: ...

    @overload
    def records(self, kind: str, cls: None = None, *, limit: int | None = None, offset: int = 0) -> list[Any]: ...

    def records(self, kind: str, cls: type[Any] | None = None, *, limit: int | None = None,
                offset: int = 0) -> list[Any]:
        """The derived records of ``kind`` as :meth:`list_derived` gives them, each an instance of
        the record class the registry declares for the kind (``store/kinds.py``, through its
        ``from_dict``).  ``cls``, when given, must be that class (or a base of it): it types the
        result for the caller.  A kind the registry does not declare is a ``KeyError``."""
        declared = declared_kind(kind)
        if declared is None:
            raise KeyError(f"derived kind {kind!r} is not declared in detente.store.kinds")
        record = declared.record_class()
        if cls is not None and not issubclass(record, cls):
            raise TypeError(f"the records of kind {kind!r} are {record.__name__}, not {cls.__name__}")
        return [record.from_dict(data) for data in self.list_derived(kind, limit=limit, offset=offset)]

    @abc.abstractmethod
    def close(self) -> None: ...

    @abc.abstractmethod
    def derived_items(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        """Every derived record of one kind with the key it was written under, in stored order
        (the key need not be a field of the record: a relation score's is "a|b|period")."""

    # Non-abstract: a backend overrides these with one statement each.  The defaults rewrite the
    # kind whole, keeping every other record under its stored key.
    def upsert_derived(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> int:
        """Insert or replace some derived records of one kind, leaving the others as they are."""
        new = dict(records)
        rows = dict(self.derived_items(kind))
        rows.update(new)
        self.replace_derived(kind, rows.items())
        return len(new)

    def delete_derived(self, kind: str, ids: Iterable[str]) -> int:
        """Remove the derived records of one kind with these keys; returns how many there were."""
        gone = set(ids)
        if not gone:
            return 0
        rows = dict(self.derived_items(kind))
        self.replace_derived(kind, ((k, v) for k, v in rows.items() if k not in gone))
        return len(gone & set(rows))

    # Non-abstract: a backend may override these with one aggregate query.
    def count_matching_articles(self, query: ArticleQuery) -> int:
        """How many articles match ``query`` (its limit and offset ignored)."""
        return sum(1 for _ in paged(lambda n, at: self.list_articles(replace(query, limit=n, offset=at))))

    def count_matching_events(self, query: EventQuery) -> int:
        """How many events match ``query`` (its limit and offset ignored)."""
        return sum(1 for _ in paged(lambda n, at: self.list_events(replace(query, limit=n, offset=at))))

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

    # Followed sources (feeds, sitemaps, listing pages: detente.follow) as JSON objects keyed by
    # name, each with its schedule and its claim (which follower polls it now), and the entries
    # seen in each source (its items' addresses), so no item is read twice.
    @abc.abstractmethod
    def list_sources(self) -> list[dict[str, Any]]:
        """Every source by name, with ``next_due``, ``claimed_by`` and ``claimed_until``."""

    @abc.abstractmethod
    def save_source(self, data: dict[str, Any]) -> None:
        """Insert or update the source named ``data["name"]`` (``url`` and ``next_due`` from it);
        a claim on it is left as it is."""

    @abc.abstractmethod
    def remove_source(self, name: str) -> bool:
        """Delete a source and the entries seen in it; False when there was none."""

    @abc.abstractmethod
    def claim_source(self, name: str, owner: str, now: str, until: str, *, stale_owner: str | None = None) -> bool:
        """Hold the source for ``owner`` until ``until`` (ISO times in UTC): renew its own claim,
        or take the source when it is due at ``now`` and nobody else holds it (a claim that ran
        out, or one of ``stale_owner``, counts as nobody's).  True when ``owner`` holds it."""

    @abc.abstractmethod
    def release_source(self, name: str, owner: str) -> None:
        """Drop ``owner``'s claim on the source."""

    @abc.abstractmethod
    def source_entries(self, name: str, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        """Of these entry keys of a source, those seen before: key → (state, attempts)."""

    @abc.abstractmethod
    def record_source_entries(self, name: str, rows: Iterable[tuple[str, str, int, str | None]]) -> int:
        """Record entries of a source as (key, state "done" | "failed", attempts, article id)."""

    # Derived records looked up and aggregated the way the dashboard asks.  Non-abstract: these
    # defaults read the records whole; a backend overrides them with indexed queries.
    def get_derived(self, kind: str, record_id: str) -> dict[str, Any] | None:
        """The derived record of ``kind`` whose ``id`` is ``record_id``."""
        return next((r for r in self.list_derived(kind) if str(r.get("id")) == record_id), None)

    def count_derived(self, kind: str) -> int:
        return len(self.list_derived(kind))

    def story_of_event(self, event_id: str) -> str | None:
        """The id of the story an event belongs to (None when it is in none)."""
        return next((str(s["id"]) for s in self.list_derived("stories") if event_id in (s.get("event_ids") or [])),
                    None)

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The stored articles among ``article_ids``, by id (for downloads of many events)."""
        found = ((aid, self.get_article(aid)) for aid in dict.fromkeys(article_ids))
        return {aid: art for aid, art in found if art is not None}

    def stories_of_events(self, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The story record of each of ``event_ids`` that is in one (for downloads of many events)."""
        out: dict[str, dict[str, Any]] = {}
        for event_id in dict.fromkeys(event_ids):
            sid = self.story_of_event(event_id)
            story = self.get_derived("stories", sid) if sid is not None else None
            if story is not None:
                out[event_id] = story
        return out

    def list_stories(self, query: StoryQuery) -> list[dict[str, Any]]:
        """One page of the stories matching ``query``, in its order."""
        return _stories_matching(self.list_derived("stories"), query)[query.offset: query.offset + query.limit]

    def count_stories(self, query: StoryQuery) -> int:
        """How many stories match ``query`` (its limit and offset ignored)."""
        return len(_stories_matching(self.list_derived("stories"), query))

    def story_periods(self, query: StoryQuery, granularity: str = "month") -> list[PeriodCount]:
        """Matching stories counted per period ("year", "month" or "day") and type, undated ones
        under period None; sorted by period (undated last), then type."""
        size = _PERIOD_SIZE[granularity]
        counts: dict[tuple[str | None, str], int] = {}
        for s in _stories_matching(self.list_derived("stories"), query):
            date = str(s["date"]) if s.get("date") else None
            key = (date[:size] if date and size else date, str(s.get("event_type")))
            counts[key] = counts.get(key, 0) + 1
        return [PeriodCount(p, t, n) for (p, t), n in sorted(counts.items(), key=lambda kv: (kv[0][0] is None,
                                                                                          kv[0][0] or "", kv[0][1]))]

    def relation_rows(self, kind: str, since: str | None = None, until: str | None = None) -> list[RelationRow]:
        """The scores of the relations index ``kind`` ("relations" by month or "relations_week")
        whose period is in [since, until], in stored order."""
        return [RelationRow(str(r.get("a")), str(r.get("b")), str(r["period"]), int(r.get("n_events") or 0),
                            float(r.get("score") or 0.0))
                for r in self.list_derived(kind) if r.get("period") and date_in_range(str(r["period"]), since, until)]

    def relation_periods(self, kind: str) -> list[str]:
        """Every period of the relations index ``kind``, in order."""
        return sorted({str(r["period"]) for r in self.list_derived(kind) if r.get("period")})

    def records_of_story(self, kind: str, story_id: str) -> list[dict[str, Any]]:
        """The derived records of ``kind`` (e.g. conflicts) that name the story ``story_id`` as
        theirs or in one of their claims, in stored order."""
        return [r for r in self.list_derived(kind)
                if r.get("story_id") == story_id
                or any(isinstance(c, dict) and c.get("story_id") == story_id for c in r.get("claims") or [])]

    def relation_records(self, kind: str, a: str, b: str) -> list[dict[str, Any]]:
        """The records of the relations index ``kind`` for the pair of actors ``a`` and ``b``
        (either way round; ``a`` and ``b`` differ), with a period, in stored order."""
        pair = frozenset((a, b))
        return [r for r in self.list_derived(kind) if r.get("period") and frozenset((r.get("a"), r.get("b"))) == pair]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_PERIOD_SIZE = {"year": 4, "month": 7, "day": 0}  # characters of the date kept (0: all of it)


def _story_matches(s: dict[str, Any], q: StoryQuery) -> bool:
    if q.actor and q.actor.upper() not in (s.get("actors") or []):
        return False
    if q.event_type and str(s.get("event_type", "")).upper() != q.event_type.upper():
        return False
    if not date_in_range(str(s["date"]) if s.get("date") else None, q.since, q.until):
        return False
    if q.place:
        loc = s.get("location") or {}
        needle = fold_letters(q.place)  # case and accents ignored, as detente.text folds them
        names = [fold_letters(str(loc.get(k))) for k in ("name", "text") if loc.get(k)]
        if not (any(needle in n for n in names) or str(loc.get("country")) == q.place.upper()):
            return False
    if q.outlet:
        needle = fold_letters(q.outlet)
        if not any(o and needle in fold_letters(str(o)) for o in s.get("outlets") or []):
            return False
    return True


def _stories_matching(stories: Iterable[dict[str, Any]], q: StoryQuery) -> list[dict[str, Any]]:
    """The stories matching ``q`` in its order (sorts are stable: ties keep the stored order)."""
    rows = [s for s in stories if _story_matches(s, q)]
    if q.order in ("date", "-date"):
        dated = sorted((s for s in rows if s.get("date")), key=lambda s: str(s["date"]), reverse=q.order == "-date")
        rows = dated + [s for s in rows if not s.get("date")]
    elif q.order == "confidence":
        rows.sort(key=lambda s: -float(s.get("independent_sources") or 0))
    return rows

