"""Filtering, sorting and paging of derived records (stories, milestones, positions, relations,
conflicts) and the small aggregates behind the dashboard (timeline buckets, actor network,
story page).  Plain functions over ``Store`` methods; the web handlers only call them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any

from detente.dates import in_range
from detente.errors import ConfigError, NotFoundError
from detente.store import Store, kinds
from detente.store.base import StoryQuery
from detente.text import fold_letters

__all__ = [
    "DERIVED_FILTERS",
    "DerivedQuery",
    "Page",
    "derived_page",
    "filter_derived",
    "in_range",
    "network",
    "parse_pair",
    "story_page",
    "timeline",
]

Record = dict[str, Any]


@dataclass
class DerivedQuery:
    """What a client may ask of a list of derived records; unset fields do not filter."""

    actor: str | None = None  # ISO3 / organisation code on the record
    type: str | None = None  # PLOVER type (stories)
    since: str | None = None
    until: str | None = None
    place: str | None = None  # stories: location name or country
    outlet: str | None = None  # stories, conflicts
    status: str | None = None  # milestones
    kind: str | None = None  # milestones, conflicts
    issue: str | None = None  # positions
    stance: str | None = None  # positions
    pair: str | None = None  # relations: "USA,RUS"
    story: str | None = None  # conflicts: story id
    sort: str | None = None  # date | -date | confidence
    limit: int = 100
    offset: int = 0


@dataclass
class Page:
    items: list[Record]
    total: int


def parse_pair(pair: str) -> frozenset[str]:
    codes = frozenset(p.strip().upper() for p in pair.split(",") if p.strip())
    if len(codes) != 2:
        raise ConfigError(f"pair {pair!r} must name two different actors", fix="write pair=USA,RUS")
    return codes


def _date(kind: str, r: Record) -> str | None:
    """The record's date as the registry of derived kinds declares it (store/kinds.py)."""
    declared = kinds.kind(kind)
    if declared is not None:
        return declared.date_of(r)
    value = r.get("date")
    return str(value) if value else None


def _actors(kind: str, r: Record) -> list[str]:
    """The record's parties as the registry of derived kinds declares them."""
    declared = kinds.kind(kind)
    return declared.parties_of(r) if declared is not None else []


def _text_in(needle: str | None, *hay: str | None) -> bool:
    if not needle:
        return True
    n = fold_letters(needle)  # case and accents ignored, as the stores' story filters
    return any(h and n in fold_letters(h) for h in hay)


def _matches(kind: str, r: Record, q: DerivedQuery) -> bool:
    if q.actor and q.actor.upper() not in _actors(kind, r):
        return False
    if q.type and str(r.get("event_type", "")).upper() != q.type.upper():
        return False
    if not in_range(_date(kind, r), q.since, q.until):
        return False
    if q.status and r.get("status") != q.status:
        return False
    if q.kind and r.get("kind") != q.kind:
        return False
    if q.issue and r.get("issue") != q.issue:
        return False
    if q.stance and r.get("stance") != q.stance:
        return False
    if q.pair and frozenset((r.get("a"), r.get("b"))) != parse_pair(q.pair):
        return False
    if q.story and r.get("story_id") != q.story and all(c.get("story_id") != q.story for c in r.get("claims", [])):
        return False
    if q.place:
        loc = r.get("location") or {}
        if not (_text_in(q.place, loc.get("name"), loc.get("text")) or str(loc.get("country")) == q.place.upper()):
            return False
    if q.outlet:
        outlets = list(r.get("outlets", [])) + [c.get("outlet") for c in r.get("claims", [])]
        if not _text_in(q.outlet, *outlets):
            return False
    return True


def _confidence(kind: str, r: Record) -> float:
    if kind == "stories":
        return float(r.get("independent_sources", 0))
    if kind.startswith("relations"):
        return float(r.get("n_events", 0))
    if kind == "conflicts":
        return float(len(r.get("claims", [])))
    return 0.0


# Which query fields make sense for each kind (the rest are refused by the API, not ignored).
DERIVED_FILTERS: dict[str, tuple[str, ...]] = {
    "stories": ("actor", "type", "since", "until", "place", "outlet"),
    "milestones": ("actor", "status", "kind", "since", "until"),
    "positions": ("actor", "issue", "stance", "since", "until"),
    "relations": ("actor", "pair", "since", "until"),
    "conflicts": ("kind", "outlet", "story", "since", "until"),
}


def filter_derived(records: Iterable[Record], kind: str, q: DerivedQuery) -> Page:
    """Filter, sort and page derived records of one kind."""
    rows = [r for r in records if _matches(kind, r, q)]
    key: Callable[[Record], Any]
    if q.sort in ("date", "-date"):
        dated = [r for r in rows if _date(kind, r)]
        undated = [r for r in rows if not _date(kind, r)]
        dated.sort(key=lambda r: str(_date(kind, r)), reverse=q.sort == "-date")
        rows = dated + undated
    elif q.sort == "confidence":
        key = lambda r: -_confidence(kind, r)  # noqa: E731
        rows.sort(key=key)
    return Page(rows[q.offset: q.offset + q.limit], len(rows))


def _story_query(q: DerivedQuery) -> StoryQuery:
    return StoryQuery(actor=q.actor, event_type=q.type, since=q.since, until=q.until, place=q.place,
                      outlet=q.outlet, limit=q.limit, offset=q.offset, order=q.sort)


def derived_page(store: Store, kind: str, q: DerivedQuery, source: str | None = None) -> Page:
    """One page of derived records of ``kind`` (read from ``source``, by default ``kind``).
    Stories, the numerous kind, are filtered, sorted and paged by the store's index; the other
    kinds (a few hundred records each) are filtered here."""
    if kind == "stories":
        sq = _story_query(q)
        return Page(store.list_stories(sq), store.count_stories(sq))
    if kind == "relations" and q.pair:  # one pair's scores from the relations index, then filtered
        a, b = sorted(parse_pair(q.pair))
        return filter_derived(store.relation_records(source or kind, a, b), kind, q)
    if not any(getattr(q, f.name) for f in fields(q) if f.name not in ("limit", "offset")):
        # nothing to filter or sort: one page in stored order and the kind's count
        return Page(store.list_derived(source or kind, limit=q.limit, offset=q.offset), store.count_derived(source or kind))
    return filter_derived(store.list_derived(source or kind), kind, q)


# -- aggregates for the dashboard -------------------------------------------------------------
def timeline(store: Store, q: DerivedQuery, granularity: str = "month") -> dict[str, Any]:
    """Stories counted per period and type (the bars), and one page of stories with the
    sentence of their canonical event as headline (the list).  Duplicate reports of one event
    are one story, so the timeline shows each event once."""
    sq = _story_query(q)
    buckets: dict[str, Counter[str]] = defaultdict(Counter)
    undated = 0
    for c in store.story_periods(sq, granularity):
        if c.period is None:
            undated += c.count
        else:
            buckets[c.period][c.event_type] += c.count
    stories = []
    for s in store.list_stories(sq):
        ev = store.get_event(s.get("canonical_event_id") or (s.get("event_ids") or [""])[0])
        # the story's own headline (its best report's title or sentence), else its canonical sentence
        stories.append({**s, "headline": s.get("headline") or (ev.sentence if ev else None),
                        "trigger": ev.trigger if ev else None})
    return {
        "granularity": granularity,
        "buckets": [{"period": p, "count": sum(c.values()), "types": dict(c)} for p, c in sorted(buckets.items())],
        "undated": undated,
        "total": undated + sum(sum(c.values()) for c in buckets.values()),
        "stories": stories,
    }


def network(store: Store, since: str | None = None, until: str | None = None,
            period: str = "month") -> dict[str, Any]:
    """The actor network over [since, until]: nodes are actors, edges sum the relations index
    (count of events, intensity averaged over events: − conflict … + cooperation)."""
    kind = "relations" if period == "month" else "relations_week"
    periods = store.relation_periods(kind)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    degree: Counter[str] = Counter()
    for r in store.relation_rows(kind, since, until):  # thousands of rows: nothing built per row
        a, b = (r.a, r.b) if r.a <= r.b else (r.b, r.a)
        e = edges.get((a, b))
        if e is None:
            e = edges[(a, b)] = {"a": a, "b": b, "n_events": 0, "weighted": 0.0, "periods": []}
        e["n_events"] += r.n_events
        e["weighted"] += r.score * r.n_events
        e["periods"].append(r.period)
    out_edges = []
    for e in edges.values():  # in order of first appearance, so actors are met in the rows' order
        degree[e["a"]] += e["n_events"]
        degree[e["b"]] += e["n_events"]
        n = e.pop("weighted")
        e["score"] = round(n / e["n_events"], 2) if e["n_events"] else 0.0
        out_edges.append(e)
    out_edges.sort(key=lambda e: -e["n_events"])
    nodes = [{"id": k, "n_events": v} for k, v in degree.most_common()]
    return {"periods": periods, "since": since, "until": until, "nodes": nodes, "edges": out_edges}


def story_page(store: Store, story_id: str) -> dict[str, Any]:
    """One story with all its events (evidence sentences and spans), its sources and the
    conflicting claims attached to it."""
    story = store.get_derived("stories", story_id)
    if story is None:
        raise NotFoundError(f"no story with id {story_id!r}")
    events = [e.to_dict() for e in (store.get_event(i) for i in story.get("event_ids", [])) if e]
    articles = []
    for aid in story.get("article_ids", []):
        art = store.get_article(aid)
        if art is not None:
            articles.append({"id": art.id, "title": art.title, "outlet": art.outlet, "url": art.url,
                             "published": art.published, "copy": aid in story.get("copies", [])})
    q = DerivedQuery(story=story_id, limit=1000)
    conflicts = filter_derived(store.records_of_story("conflicts", story_id), "conflicts", q).items
    return {**story, "events": events, "articles": articles, "conflicts": conflicts}
