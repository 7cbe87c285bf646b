"""SQL shapes shared by the SQL backends (SQLite and PostgreSQL): which event queries the
party index answers alone, and how a page of events is read in index order."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from detente.dates import coarser_dates
from detente.model import Article
from detente.store.base import EventQuery, SearchHit, StoryQuery
from detente.store.kinds import STORY_LINKS, kinds_indexed
from detente.text import fold_letters

__all__ = ["LINKED_KINDS", "SOURCE_CLAIM", "SOURCE_ENTRY_UPSERT", "SOURCE_RELEASE", "SOURCE_UPSERT", "STORY_DAYS_SQL",
           "STORY_OUTLET_NAMES_SQL", "StoryRows", "alert_row", "alerts_sql", "article_row", "coarser_dates", "count_stories_sql", "country_and_dates_only",
           "date_bounds", "days_only", "event_branches", "page_sql", "rank_window", "relation_index_rows", "search_hit",
           "source_row", "story_link_rows", "story_periods_sql", "story_rows", "story_where"]


def article_row(article: Article, ingested_at: str) -> tuple[Any, ...]:
    """The values of an ``articles`` row, in the column order both backends insert."""
    return (
        article.id, article.url, article.outlet, article.title, article.published,
        article.language, article.genre,
        json.dumps(article.categories, ensure_ascii=False),
        json.dumps([s.to_dict() for s in article.segments]),
        article.text, article.origin, ingested_at,
    )


# Followed sources, in PostgreSQL's parameter style (SQLite replaces %s by ?).  Times are ISO
# strings in UTC, so they compare as text.
SOURCE_UPSERT = ("INSERT INTO sources (name, url, data, next_due, updated_at) VALUES (%s, %s, %s, %s, %s) "
                 "ON CONFLICT (name) DO UPDATE SET url = excluded.url, data = excluded.data, "
                 "next_due = excluded.next_due, updated_at = excluded.updated_at")
SOURCE_CLAIM = ("UPDATE sources SET claimed_by = %s, claimed_until = %s WHERE name = %s AND (claimed_by = %s OR "
                "((next_due IS NULL OR next_due <= %s) AND (claimed_by IS NULL OR claimed_until <= %s "
                "OR claimed_by = %s)))")
SOURCE_RELEASE = "UPDATE sources SET claimed_by = NULL, claimed_until = NULL WHERE name = %s AND claimed_by = %s"
SOURCE_ENTRY_UPSERT = ("INSERT INTO source_entries (source, key, state, attempts, article_id, seen_at) "
                       "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (source, key) DO UPDATE SET "
                       "state = excluded.state, attempts = excluded.attempts, article_id = excluded.article_id, "
                       "seen_at = excluded.seen_at")


def source_row(data: dict[str, Any], updated_at: str) -> tuple[Any, ...]:
    """The values of a ``sources`` row for SOURCE_UPSERT (the claim columns are not written)."""
    record = {k: v for k, v in data.items() if k not in ("next_due", "claimed_by", "claimed_until")}
    return (str(data["name"]), str(data["url"]), json.dumps(record, ensure_ascii=False), data.get("next_due"),
            updated_at)


def search_hit(row: Any) -> SearchHit:
    """A search result from a row with id, title, outlet, published, snip and rank columns."""
    return SearchHit(row["id"], row["title"], row["outlet"], row["published"], row["snip"], float(row["rank"]))


def rank_window(read: list[Any], window: int, limit: int, offset: int) -> tuple[list[Any], int, bool]:
    """One page of a search window from the matches ``read`` newest first (at most window + 1
    rows (key, rank, order of storing)): the page, lower rank first and ties the more recently
    stored first; how many matches were ranked; whether older ones lie beyond the window."""
    ranked = read[:window]
    page = sorted(ranked, key=lambda row: (row[1], -row[2]))[offset:offset + limit]
    return page, len(ranked), len(read) > window


def country_and_dates_only(query: EventQuery) -> bool:
    """Whether ``query`` filters on nothing besides country and dates (counted in event_parties)."""
    return not (query.event_type or query.modality or query.doc_id or query.actor or query.place
                or query.outlet or query.text or query.no_discarded)


def event_branches(
    query: EventQuery, conditions: Callable[[EventQuery, str, bool], tuple[str, list[Any]]],
    coarser: Callable[[str], list[str]] | None = None, party_walk: bool = False,
) -> list[tuple[str, list[Any]]]:
    """SELECTs (date, doc_id, id, confidence, data) whose union is the events matching ``query``,
    shaped so that pages read indexes in order: the dates from ``since`` on and the coarser dates
    ``since`` starts with are disjoint parts (an OR of both would scan from the start of the
    year); a country with dates walks event_parties (party, date, doc_id, event_id).
    ``conditions(query, since_branch, by_party)`` is the backend's WHERE clause and its values;
    ``since_branch`` is "later", "coarser" (all coarser dates in one part) or, when ``coarser``
    lists them, "=" and one coarser date per part (each an equality, so the index gives its order
    and no planner walks the whole party to filter a list of dates).  ``party_walk``: a country
    without dates walks event_parties too, in two parts, "dated" and "undated" (see
    ``undated_party_walk``)."""
    walk = party_walk and undated_party_walk(query)
    by_party = bool(query.country and (query.since or query.until)) or walk
    columns = ("p.date AS date, p.doc_id AS doc_id, p.event_id AS id, e.confidence AS confidence, e.data AS data "
               "FROM event_parties p JOIN events e ON e.id = p.event_id" if by_party else
               "e.date AS date, e.doc_id AS doc_id, e.id AS id, e.confidence AS confidence, e.data AS data "
               "FROM events e")
    out = []
    parts = ["later", *(["=" + d for d in coarser(query.since)] if coarser else ["coarser"])] if query.since else [""]
    if walk:
        parts = ["dated", "undated"]
    for branch in parts:
        where, values = conditions(query, branch, by_party)
        out.append((f"SELECT {columns}{where}", values))
    return out


def undated_party_walk(query: EventQuery) -> bool:
    """Whether a page of ``query`` (a country, no dates, in date order) is read from event_parties
    in two parts: the dated events of the party in index order, then its undated ones."""
    return bool(query.country and not (query.since or query.until) and query.order in ("date", "-date"))


def page_sql(branches: list[tuple[str, list[Any]]], order: str, limit: int, offset: int,
             mark: str, inner: list[str] | None = None) -> tuple[str, list[Any]]:
    """One page of the union of ``branches`` in ``order`` (``mark``: the driver's placeholder):
    each part's first limit + offset rows in order (``inner``: each part's own order, the same
    rows in an order its index gives), then merged."""
    if len(branches) == 1:
        sql, values = branches[0]
        return f"{sql} ORDER BY {order} LIMIT {mark} OFFSET {mark}", [*values, limit, offset]
    orders = inner or [order] * len(branches)
    parts = " UNION ALL ".join(f"SELECT * FROM ({part} ORDER BY {part_order} LIMIT {mark}) b"
                               for (part, _), part_order in zip(branches, orders, strict=True))
    values = [v for _, part_values in branches for v in (*part_values, limit + offset)]
    return f"SELECT data FROM ({parts}) e ORDER BY {order} LIMIT {mark} OFFSET {mark}", [*values, limit, offset]


# -- stories and the relations index: side tables both backends keep beside "derived" -------------
def story_rows(stories: Iterable[tuple[int, dict[str, Any]]]) -> StoryRows:
    """The side-table rows of stories given with their place in the stored order."""
    out = StoryRows([], [], [], [])
    for seq, s in stories:
        sid = str(s.get("id"))
        loc = s.get("location") or {}
        place = "\n".join(fold_letters(str(loc[k])) for k in ("name", "text") if loc.get(k))
        outlets = "\n".join(fold_letters(str(o)) for o in s.get("outlets") or [] if o)
        out.index.append((sid, seq, str(s["date"]) if s.get("date") else None, s.get("event_type"),
                          int(s.get("independent_sources") or 0), place, loc.get("country"), outlets))
        out.actors += [(sid, str(a)) for a in dict.fromkeys(s.get("actors") or [])]
        out.events += [(str(e), sid) for e in s.get("event_ids") or []]
        out.outlets += [(sid, o) for o in dict.fromkeys(fold_letters(str(o)) for o in s.get("outlets") or [] if o)]
    return out


@dataclass
class StoryRows:
    """Rows of story_index (id, seq, date, event_type, sources, place, place_country, outlets),
    story_actors (story_id, actor), story_events (event_id, story_id) and story_outlets
    (story_id, outlet folded by detente.text.fold_letters)."""

    index: list[tuple[Any, ...]]
    actors: list[tuple[str, str]]
    events: list[tuple[str, str]]
    outlets: list[tuple[str, str]]


# story_days (actor, date, event_type, n): how many stories of one actor ("": every story) share
# a date and a type, recomputed from story_index and story_actors after they change.  (The
# outlets' distinct names, story_outlet_names, are recomputed by STORY_OUTLET_NAMES_SQL.)
STORY_OUTLET_NAMES_SQL = (
    "DELETE FROM story_outlet_names",
    "INSERT INTO story_outlet_names (outlet) SELECT DISTINCT outlet FROM story_outlets",
)
STORY_DAYS_SQL = (
    "DELETE FROM story_days",
    "INSERT INTO story_days (actor, date, event_type, n) "
    "SELECT '', date, event_type, COUNT(*) FROM story_index GROUP BY date, event_type "
    "UNION ALL SELECT a.actor, s.date, s.event_type, COUNT(*) FROM story_actors a "
    "JOIN story_index s ON s.id = a.story_id WHERE a.actor <> '' GROUP BY a.actor, s.date, s.event_type",
)


def days_only(query: StoryQuery) -> bool:
    """Whether ``query`` filters on nothing but actor, type and dates (answered by story_days)."""
    return not (query.place or query.outlet)


def alert_row(alert: dict[str, Any]) -> tuple[str, str, str, str]:
    """The values of an ``alerts`` row (id, watchlist, created, data as JSON), as both backends insert."""
    return str(alert["id"]), str(alert["watchlist"]), str(alert["created"]), json.dumps(alert, ensure_ascii=False)


def alerts_sql(limit: int, watchlist: str | None, mark: str) -> tuple[str, list[Any]]:
    """The newest alerts first (of one watchlist when given), at most ``limit``."""
    sql, values = "SELECT data FROM alerts", []
    if watchlist is not None:
        sql += f" WHERE watchlist = {mark}"
        values.append(watchlist)
    return sql + f" ORDER BY created DESC, id DESC LIMIT {mark}", [*values, limit]


def date_bounds(column: str, since: str | None, until: str | None, mark: str) -> tuple[list[str], list[Any]]:
    """Conditions keeping ``column``'s dates (any precision) in [since, until], compared at the
    shorter of the two precisions as ``date_in_range`` does, written as index ranges: from
    ``since`` on or one of its coarser dates (:func:`detente.dates.coarser_dates`: stored dates
    are "YYYY", "YYYY-MM" or "YYYY-MM-DD", so no other prefix of ``since`` can equal one); before ``until``
    with its last character raised by one."""
    where: list[str] = []
    values: list[Any] = []
    if since:
        prefixes = coarser_dates(since)
        if prefixes:
            where.append(f"({column} >= {mark} OR {column} IN ({','.join([mark] * len(prefixes))}))")
        else:  # a year: nothing coarser ("IN ()" is no SQL on PostgreSQL)
            where.append(f"{column} >= {mark}")
        values += [since, *prefixes]
    if until:
        where.append(f"{column} < {mark}")
        values.append(until[:-1] + chr(ord(until[-1]) + 1))
    return where, values


def story_where(query: StoryQuery, mark: str, find: str, days: bool = False,
                walk: bool = False, by_outlet: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause of a story query over story_index s (``days``: over story_days s, which
    only actor, type and dates filter); ``find`` is the backend's substring position function.
    ``walk`` (SQLite): actor and type written as checks of each row (a correlated EXISTS, a
    unary +), so that a page of many matches walks the order index instead of sorting them.
    ``by_outlet``: the outlet filter from story_outlets (for counts), not a test of each row."""
    where: list[str] = []
    values: list[Any] = []
    if days:
        where.append(f"s.actor = {mark}")
        values.append(query.actor.upper() if query.actor else "")
    elif query.actor and walk:
        where.append(f"EXISTS (SELECT 1 FROM story_actors a WHERE a.story_id = s.id AND a.actor = {mark})")
        values.append(query.actor.upper())
    elif query.actor:
        where.append(f"s.id IN (SELECT story_id FROM story_actors WHERE actor = {mark})")
        values.append(query.actor.upper())
    if query.event_type:
        where.append(f"{'+' if walk else ''}s.event_type = {mark}")
        values.append(query.event_type.upper())
    dates, date_values = date_bounds("s.date", query.since, query.until, mark)
    where += dates
    values += date_values
    if query.place and not days:
        # the stored text and the needle are both folded (detente.text.fold_letters: case and
        # accents ignored, "Ciragan" finds "Çırağan"): a plain substring test
        where.append(f"({find}(s.place, {mark}) > 0 OR s.place_country = {mark})")
        values += [fold_letters(query.place), query.place.upper()]
    if query.outlet and not days and by_outlet:
        # the stories of every outlet whose name holds the needle (a few hundred names to check)
        where.append("s.id IN (SELECT story_id FROM story_outlets WHERE outlet IN "
                     f"(SELECT outlet FROM story_outlet_names WHERE {find}(outlet, {mark}) > 0))")
        values.append(fold_letters(query.outlet))
    elif query.outlet and not days:
        where.append(f"{find}(s.outlets, {mark}) > 0")
        values.append(fold_letters(query.outlet))
    return (" WHERE " + " AND ".join(where) if where else ""), values


def story_periods_sql(query: StoryQuery, granularity: str, mark: str, find: str) -> tuple[str, list[Any]]:
    """Stories counted per period and type: from story_days when only actor, type and dates
    filter (a few rows per day), else from story_index."""
    days = days_only(query)
    where, values = story_where(query, mark, find, days)
    size = {"year": 4, "month": 7}.get(granularity)
    period = f"substr(s.date, 1, {size})" if size else "s.date"
    table, n = ("story_days", "SUM(s.n)") if days else ("story_index", "COUNT(*)")
    return (f"SELECT {period} AS period, s.event_type AS type, {n} AS n FROM {table} s{where} "
            f"GROUP BY {period}, s.event_type ORDER BY {period} IS NULL, {period}, s.event_type"), values


def count_stories_sql(query: StoryQuery, mark: str, find: str) -> tuple[str, list[Any]]:
    if query.outlet and not (query.actor or query.event_type or query.since or query.until or query.place):
        # the outlet alone: the distinct stories of the matching outlets, no story_index row read
        return ("SELECT COUNT(DISTINCT story_id) AS n FROM story_outlets WHERE outlet IN "
                f"(SELECT outlet FROM story_outlet_names WHERE {find}(outlet, {mark}) > 0)"), [fold_letters(query.outlet)]
    days = days_only(query)
    where, values = story_where(query, mark, find, days, by_outlet=True)
    if days:
        return f"SELECT COALESCE(SUM(s.n), 0) AS n FROM story_days s{where}", values
    return f"SELECT COUNT(*) AS n FROM story_index s{where}", values


def relation_index_rows(kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple[Any, ...]]:
    """relation_index rows (kind, a, b, period, n_events, score, id, seq) of the records of one
    relations kind given with their keys, in stored order (records without a period are left out)."""
    return [(kind, str(r.get("a")), str(r.get("b")), str(r["period"]), int(r.get("n_events") or 0),
             float(r.get("score") or 0.0), key, seq)
            for seq, (key, r) in enumerate(records) if r.get("period")]


# Kinds of derived records that name stories (a conflict: its own story_id and its claims'),
# listed in story_links (kind, id, story_id) so a story's page finds its records by key.
LINKED_KINDS = kinds_indexed(STORY_LINKS)


def story_link_rows(kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple[str, str, str]]:
    """story_links rows of records given with their keys: each story the record or a claim names."""
    out = []
    for key, r in records:
        named = [r.get("story_id"), *(c.get("story_id") for c in r.get("claims") or [] if isinstance(c, dict))]
        out += [(kind, key, story) for story in dict.fromkeys(s for s in named if isinstance(s, str) and s)]
    return out
