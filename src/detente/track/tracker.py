"""The whole tracker over a set of articles: tables, milestones with their status over time,
positions and the relations index.  Deterministic: the same input gives the same ids and order.

Articles are read in date order (undated ones first, then by id).  Each article's items are
added, then its sentences are matched against every item stated so far (status.py); an item
whose evidence sentence restates an earlier item ("Ukraine agreed to the US proposal ...")
becomes a status change of that item instead of a new one, and an item with the same name as an
earlier one is dropped.  An article whose text is a near-duplicate of an earlier one (a
republished copy, see :func:`detente.derive.copies.find_copies`) adds nothing: neither items, nor
status changes, nor positions; ``TrackerState.copies`` says which article copies which.

Positions are one per actor, issue and article; their history per actor and issue (an earlier
stance, then a different later one, with dates and quotes) is ``TrackerState.position_changes``,
and each position that differs from the actor's previous one names it (``previous_stance``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from datetime import date
from itertools import pairwise

from detente.derive.cache import RefreshCache
from detente.derive.copies import CopyPair, find_copies
from detente.derive.events import EventOrder, EventsByArticle
from detente.extract.tables import Table, parse_tables
from detente.model import Article, Event
from detente.track.commitments import extract_commitments
from detente.track.parties import Parties, default_parties
from detente.track.positions import Taxonomy, extract_positions, load_taxonomy
from detente.track.records import Milestone, Position, PositionChange, RelationScore, TrackerState
from detente.track.relations import relations_index, relations_update
from detente.track.status import compatible, merge_into, same_item, update_statuses
from detente.track.text import anchored

__all__ = ["board_order", "build_tracker", "cache_article", "position_history"]


def _key(what: str) -> str:
    return " ".join(what.lower().split())


def build_tracker(
    articles: list[Article],
    events_by_article: Mapping[str, list[Event]],
    *,
    today: date,
    period: str = "month",
    parties: Parties | None = None,
    taxonomy: Taxonomy | None = None,
    cache: RefreshCache | None = None,
    copies: list[CopyPair] | None = None,
    relations_since: tuple[list[RelationScore], set[str]] | None = None,
) -> TrackerState:
    """The tracker over ``articles`` (see the module docstring).  ``cache`` keeps each article's
    tables, commitments and positions between calls (computed once per article) and the state of
    the matching across articles after the last one read: when the articles read then still come
    first in reading order (new ones are later) and ``today`` is the same, only the new ones are
    matched; otherwise the matching starts again from the first article.  ``copies`` are the article copies when the caller
    found them already (:func:`detente.derive.copies.find_copies`).  ``relations_since``: the
    relations index over these articles less some new ones, and the new ones' ids; then only
    what the new ones touch is scored again (:func:`detente.track.relations.relations_update`)."""
    parties = parties or default_parties()
    taxonomy = taxonomy or load_taxonomy()
    state = TrackerState(today=today.isoformat())
    if copies is None:
        copies = find_copies(articles)
    state.copies = {c.article_id: c.copy_of for c in copies}
    own = _PerArticle(cache, parties, taxonomy)
    order = sorted((a for a in articles if a.id not in state.copies), key=lambda a: (a.reading_day or "", a.id))
    # the matching across articles is a fold in reading order: resumed from the state the last
    # refresh left when the articles read then come first, unchanged (new ones read after them)
    done, milestones = _resume(cache, order, today)
    stored = EventsByArticle.given(events_by_article)  # read as needed: the fold's articles'
    stored.load(a.id for a in order[done:])
    # kept for the next refresh: the state before the last day's articles (a feed's next article
    # is of that day or later, and within a day articles are read in id order)
    cut = _last_day_start(order)
    for at, article in enumerate(order):
        if at == cut and at >= done:
            _checkpoint(cache, order[:at], today, milestones)
        # spans on this article's text: an imported event's may point into an article we do not hold
        def events_of(article: Article = article) -> list[Event]:
            return anchored(article.text, stored.get(article.id) or [])

        tables = own.tables(article)
        state.tables.extend(tables)
        if at < done:
            state.positions.extend(own.positions(article, events_of))
            continue
        events = events_of()
        if cache is not None:
            cache.computed[FOLD_KIND] += 1
        known = {_key(m.what) for m in milestones}
        new = []
        for m in own.commitments(article, events, tables):
            if _key(m.what) in known:
                continue
            # the same item from another report: one item with all its evidence
            earlier = next(((o, why) for o in reversed(milestones)
                            if (why := same_item(o, m, parties=parties, taxonomy=taxonomy))), None)
            if earlier:
                merge_into(earlier[0], m, earlier[1])
            else:
                new.append(m)
        older = list(milestones)
        milestones.extend(new)
        matched: dict[tuple[str, int], str] = {}
        update_statuses(milestones, [article], events, today=today, parties=parties, taxonomy=taxonomy,
                        matched=matched)
        older_ids = {m.id for m in older}
        restating = {
            start: item_id for (art, start), item_id in matched.items() if art == article.id and item_id in older_ids
        }
        by_id = {m.id: m for m in older}
        drop = set()
        for m in new:
            at = article.text.find(m.source_text)
            # a sentence that moved an earlier item restates it, unless the new item names
            # other numbers ("1,200 more prisoners" after the swap of 1,000)
            if any(at <= start < at + len(m.source_text) and compatible(by_id[item_id], m)
                   for start, item_id in restating.items()):
                drop.add(m.id)
        milestones = [m for m in milestones if m.id not in drop]
        state.positions.extend(own.positions(article, events))
    if cut == len(order):
        _checkpoint(cache, order, today, milestones)
    state.milestones = board_order(milestones)
    state.positions.sort(key=_position_order)
    state.position_changes = position_history(state.positions)
    in_order = EventOrder(stored, [a.id for a in order])
    if relations_since is None:
        state.relations = relations_index(in_order.everything(), period=period)
    else:
        scores, added = relations_since
        state.relations = relations_update(scores, in_order, added, period=period)
    return state


def cache_article(article: Article, events: list[Event], cache: RefreshCache, *,
                  parties: Parties | None = None, taxonomy: Taxonomy | None = None) -> None:
    """Put in ``cache`` what the tracker reads from one article alone (its tables, commitments
    and positions), as :func:`build_tracker` would compute them."""
    own = _PerArticle(cache, parties or default_parties(), taxonomy or load_taxonomy())
    events = anchored(article.text, events)
    own.commitments(article, events, own.tables(article))
    own.positions(article, events)


FOLD_KIND = "tracker_fold"  # cache kind: the milestones after the articles read so far


def _digest(articles: list[Article]) -> str:
    return hashlib.sha256("\n".join(a.id for a in articles).encode()).hexdigest()


def _resume(cache: RefreshCache | None, order: list[Article], today: date) -> tuple[int, list[Milestone]]:
    """How many articles of ``order`` the kept fold has read, and its milestones then: (0, [])
    unless it read exactly ``order``'s first articles, as of the same ``today`` (statuses are
    judged against it at each step)."""
    kept = cache.get(FOLD_KIND, "state") if cache is not None else None
    if not kept or kept.get("today") != today.isoformat():
        return 0, []
    n = int(kept["articles"])
    if n > len(order) or _digest(order[:n]) != kept["digest"]:
        return 0, []
    return n, [Milestone.from_dict(m) for m in kept["milestones"]]


def _last_day_start(order: list[Article]) -> int:
    """Where the articles of the last publication day begin in ``order`` (its length when the
    last ones are undated: then no day is left open)."""
    if not order or not order[-1].reading_day:
        return len(order)
    last = order[-1].reading_day
    at = len(order)
    while at > 0 and order[at - 1].reading_day == last:
        at -= 1
    return at


def _checkpoint(cache: RefreshCache | None, read: list[Article], today: date, milestones: list[Milestone]) -> None:
    """Keep the fold's state after the articles ``read`` (its milestones as they are now)."""
    if cache is None:
        return
    cache.put(FOLD_KIND, "state", {"today": today.isoformat(), "articles": len(read), "digest": _digest(read),
                                   "milestones": [m.to_dict() for m in milestones]})


def _latest(m: Milestone) -> str:
    """The last dated evidence of an item (its latest dated status step, else when first seen)."""
    return max([h.date for h in m.status_history if h.date] + [m.first_seen or ""])


def board_order(milestones: list[Milestone]) -> list[Milestone]:
    """The board's order: items with the most recent dated evidence first; items no dated report
    states (an undated piece's tables and lists) after every dated one, in reading order."""
    ranked = sorted(enumerate(milestones), key=lambda im: (_latest(im[1]) == "", _neg(_latest(im[1])), im[0]))
    return [m for _, m in ranked]


def _neg(day: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in day)


class _PerArticle:
    """What the tracker reads from one article alone, through the cache when there is one.
    Each call returns fresh objects: the tracker moves milestones and marks positions."""

    def __init__(self, cache: RefreshCache | None, parties: Parties, taxonomy: Taxonomy) -> None:
        self.cache, self.parties, self.taxonomy = cache, parties, taxonomy

    def tables(self, article: Article) -> list[Table]:
        def compute() -> list[Table]:
            return parse_tables(article.text, article_id=article.id)

        if self.cache is None:
            return compute()
        return self.cache.cached("article_tables", article.id, compute, dump=lambda ts: [t.to_dict() for t in ts],
                                 load=lambda v: [Table.from_dict(t) for t in v])

    def commitments(self, article: Article, events: list[Event], tables: list[Table]) -> list[Milestone]:
        def compute() -> list[Milestone]:
            return extract_commitments(article, events, actors=self.parties, tables=tables)

        if self.cache is None:
            return compute()
        return self.cache.cached("article_commitments", article.id, compute,
                                 dump=lambda ms: [m.to_dict() for m in ms],
                                 load=lambda v: [Milestone.from_dict(m) for m in v])

    def positions(self, article: Article, events: list[Event] | Callable[[], list[Event]]) -> list[Position]:
        """(``events``: the article's, or how to read them when they are needed.)"""
        def compute() -> list[Position]:
            return extract_positions(article, events() if callable(events) else events, parties=self.parties,
                                     taxonomy=self.taxonomy)

        if self.cache is None:
            return compute()
        return self.cache.cached("article_positions", article.id, compute,
                                 dump=lambda ps: [p.to_dict() for p in ps],
                                 load=lambda v: [Position.from_dict(p) for p in v])


def _position_order(p: Position) -> tuple[bool, str, str, int]:
    """Undated positions first (they cannot be placed in time), then by date."""
    return (p.date is not None, p.date or "", p.article_id, p.span[0])


def position_history(positions: list[Position]) -> list[PositionChange]:
    """Changes of stance per actor and issue, in date order (undated positions are left out:
    they cannot be placed in time).  Each later position that differs from the one before it
    is marked with the earlier stance, date and article; the last dated one of each actor and
    issue is marked ``latest`` (an undated one never is)."""
    by_key: dict[tuple[str, str], list[Position]] = {}
    for p in positions:
        p.latest = False
        if p.date:
            by_key.setdefault((p.actor, p.issue), []).append(p)
    changes: list[PositionChange] = []
    for (actor, issue), seq in sorted(by_key.items()):
        seq.sort(key=lambda p: (p.date or "", p.article_id, p.span[0]))
        seq[-1].latest = True
        for before, after in pairwise(seq):
            if before.stance == after.stance:
                continue
            after.previous_stance, after.previous_date = before.stance, before.date
            after.previous_article_id = before.article_id
            changes.append(PositionChange(
                actor=actor, issue=issue, from_stance=before.stance, to_stance=after.stance,
                from_date=before.date, to_date=after.date, from_article_id=before.article_id,
                to_article_id=after.article_id, from_quote=before.quote, to_quote=after.quote,
            ))
    return changes
