"""The whole tracker over a set of articles: tables, milestones with their status over time,
positions and the relations index.  Deterministic: the same input gives the same ids and order.

Articles are read in date order (undated ones first, then by id).  Each article's items are
added, then its sentences are matched against every item stated so far (status.py); an item
whose evidence sentence restates an earlier item ("Ukraine agreed to the US proposal ...")
becomes a status change of that item instead of a new one, and an item with the same name as an
earlier one (a republished copy) is dropped.
"""

from __future__ import annotations

from datetime import date

from detente.extract.tables import parse_tables
from detente.model import Article, Event
from detente.track.commitments import extract_commitments
from detente.track.parties import Parties, default_parties
from detente.track.positions import Taxonomy, extract_positions, load_taxonomy
from detente.track.records import Milestone, TrackerState
from detente.track.relations import relations_index
from detente.track.status import update_statuses

__all__ = ["build_tracker"]


def _key(what: str) -> str:
    return " ".join(what.lower().split())


def build_tracker(
    articles: list[Article],
    events_by_article: dict[str, list[Event]],
    *,
    today: date,
    period: str = "month",
    parties: Parties | None = None,
    taxonomy: Taxonomy | None = None,
) -> TrackerState:
    parties = parties or default_parties()
    taxonomy = taxonomy or load_taxonomy()
    order = sorted(articles, key=lambda a: (a.published or "", a.id))
    state = TrackerState(today=today.isoformat())
    milestones: list[Milestone] = []
    for article in order:
        events = events_by_article.get(article.id, [])
        tables = parse_tables(article.text, article_id=article.id)
        state.tables.extend(tables)
        known = {_key(m.what) for m in milestones}
        new = [
            m for m in extract_commitments(article, events, actors=parties, tables=tables)
            if _key(m.what) not in known
        ]
        older = list(milestones)
        milestones.extend(new)
        matched: dict[tuple[str, int], str] = {}
        update_statuses(milestones, [article], events, today=today, parties=parties, taxonomy=taxonomy,
                        matched=matched)
        older_ids = {m.id for m in older}
        restating = {
            start for (art, start), item_id in matched.items() if art == article.id and item_id in older_ids
        }
        drop = set()
        for m in new:
            at = article.text.find(m.source_text)
            if any(at <= start < at + len(m.source_text) for start in restating):
                drop.add(m.id)
        milestones = [m for m in milestones if m.id not in drop]
        state.positions.extend(extract_positions(article, events, parties=parties, taxonomy=taxonomy))
    state.milestones = milestones
    all_events = [e for a in order for e in events_by_article.get(a.id, [])]
    state.relations = relations_index(all_events, period=period)
    return state
