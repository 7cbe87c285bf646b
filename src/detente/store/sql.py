"""SQL shapes shared by the SQL backends (SQLite and PostgreSQL): which event queries the
party index answers alone, and how a page of events is read in index order."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from detente.model import Article
from detente.store.base import EventQuery, SearchHit

__all__ = ["article_row", "country_and_dates_only", "event_branches", "page_sql", "rank_window", "search_hit"]


def article_row(article: Article, ingested_at: str) -> tuple[Any, ...]:
    """The values of an ``articles`` row, in the column order both backends insert."""
    return (
        article.id, article.url, article.outlet, article.title, article.published,
        article.language, article.genre,
        json.dumps(article.categories, ensure_ascii=False),
        json.dumps([s.to_dict() for s in article.segments]),
        article.text, article.origin, ingested_at,
    )


def search_hit(row: Any) -> SearchHit:
    """A search result from a row with id, title, outlet, published, snip and rank columns."""
    return SearchHit(row["id"], row["title"], row["outlet"], row["published"], row["snip"], float(row["rank"]))


def rank_window(window: list[Any], limit: int, offset: int) -> list[Any]:
    """One page of a search window: rows (key, rank, order of storing), lower rank first, ties
    the more recently stored first."""
    return sorted(window, key=lambda row: (row[1], -row[2]))[offset:offset + limit]


def country_and_dates_only(query: EventQuery) -> bool:
    """Whether ``query`` filters on nothing besides country and dates (counted in event_parties)."""
    return not (query.event_type or query.modality or query.doc_id or query.actor or query.place
                or query.outlet or query.text)


def event_branches(
    query: EventQuery, conditions: Callable[[EventQuery, str, bool], tuple[str, list[Any]]],
    coarser: Callable[[str], list[str]] | None = None,
) -> list[tuple[str, list[Any]]]:
    """SELECTs (date, doc_id, id, confidence, data) whose union is the events matching ``query``,
    shaped so that pages read indexes in order: the dates from ``since`` on and the coarser dates
    ``since`` starts with are disjoint parts (an OR of both would scan from the start of the
    year); a country with dates walks event_parties (party, date, doc_id, event_id).
    ``conditions(query, since_branch, by_party)`` is the backend's WHERE clause and its values;
    ``since_branch`` is "later", "coarser" (all coarser dates in one part) or, when ``coarser``
    lists them, "=" and one coarser date per part (each an equality, so the index gives its order
    and no planner walks the whole party to filter a list of dates)."""
    by_party = bool(query.country and (query.since or query.until))
    columns = ("p.date AS date, p.doc_id AS doc_id, p.event_id AS id, e.confidence AS confidence, e.data AS data "
               "FROM event_parties p JOIN events e ON e.id = p.event_id" if by_party else
               "e.date AS date, e.doc_id AS doc_id, e.id AS id, e.confidence AS confidence, e.data AS data "
               "FROM events e")
    out = []
    parts = ["later", *(["=" + d for d in coarser(query.since)] if coarser else ["coarser"])] if query.since else [""]
    for branch in parts:
        where, values = conditions(query, branch, by_party)
        out.append((f"SELECT {columns}{where}", values))
    return out


def page_sql(branches: list[tuple[str, list[Any]]], order: str, limit: int, offset: int,
             mark: str) -> tuple[str, list[Any]]:
    """One page of the union of ``branches`` in ``order`` (``mark``: the driver's placeholder):
    each part's first limit + offset rows in order, then merged."""
    if len(branches) == 1:
        sql, values = branches[0]
        return f"{sql} ORDER BY {order} LIMIT {mark} OFFSET {mark}", [*values, limit, offset]
    parts = " UNION ALL ".join(f"SELECT * FROM ({part} ORDER BY {order} LIMIT {mark}) b" for part, _ in branches)
    values = [v for _, part_values in branches for v in (*part_values, limit + offset)]
    return f"SELECT data FROM ({parts}) e ORDER BY {order} LIMIT {mark} OFFSET {mark}", [*values, limit, offset]
