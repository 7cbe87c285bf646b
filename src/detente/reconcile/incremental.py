"""Story clustering that keeps what new events cannot change.

Clustering compares an event only with events that share a blocking key with it (type family,
country or person, date bucket: see :mod:`detente.reconcile.cluster`).  So the events split
into *blocks*: the connected parts of the "shares a key" graph.  What clustering makes of one
block depends only on that block's events, their articles and the copies among those articles
(every test, the comparison budget and the order of the pairs stay inside it).  New events can
only join or merge blocks; a block without a new event is one clustering saw before, and its
stories are taken as they were.  Only the blocks new events touched are clustered again, with
their events in the same order as a clustering of all events would see them, so the stories
are the ones a full recomputation gives.
"""

from __future__ import annotations

from collections import defaultdict

from detente.derive.cache import RefreshCache
from detente.derive.copies import CopyPair
from detente.model import Article, Event
from detente.reconcile.cluster import _actor_keys, _date_keys, _item, _UnionFind, cluster_events
from detente.reconcile.records import Story

__all__ = ["blocks", "cluster_incremental"]

KIND = "story_clusters"


def blocks(events: list[Event], articles: dict[str, Article]) -> list[list[Event]]:
    """The events clustering can ever compare, grouped (connected through shared blocking
    keys); events of no type family are left out.  Each block keeps the order of ``events``."""
    kept: list[Event] = []
    owner: dict[tuple[object, ...], int] = {}
    looks: list[list[tuple[object, ...]]] = []
    for ev in events:
        it = _item(ev, articles.get(ev.doc_id))
        if it is None:
            continue
        own, look = _date_keys(it.when)
        actors = _actor_keys(it)
        i = len(kept)
        kept.append(ev)
        for a in actors:
            for k in own:
                owner.setdefault((it.family, a, *k), i)
        looks.append([(it.family, a, *k) for a in actors for k in look])
    uf = _UnionFind(len(kept))
    for i, it_look in enumerate(looks):
        for key in it_look:
            j = owner.get(key)
            if j is not None:
                uf.union(i, j)
    # owners of the same key are joined through the key's first owner (every owner looks it up)
    groups: dict[int, list[Event]] = defaultdict(list)
    for i, ev in enumerate(kept):
        groups[uf.find(i)].append(ev)
    return list(groups.values())


def cluster_incremental(events: list[Event], articles: dict[str, Article], copies: list[CopyPair],
                        cache: RefreshCache) -> list[Story]:
    """:func:`cluster_events` over ``events``, reusing the cached stories of untouched blocks.

    The cache's ``story_clusters`` are the stories clustering made (before any report was
    added by a claim); they are updated in place: stories of re-clustered blocks are replaced."""
    story_of: dict[str, str] = {}
    for sid, story in cache.entries.get(KIND, {}).items():
        for eid in story["event_ids"]:
            story_of[eid] = sid
    stories: list[Story] = []
    for block in blocks(events, articles):
        ids = {e.id for e in block}
        old = {story_of.get(eid) for eid in ids}
        kept = cache.entries.get(KIND, {})
        if None not in old and all(sid in kept and set(kept[sid]["event_ids"]) <= ids for sid in old):
            # not written back this time: the stories may use the cached lists
            stories.extend(Story.from_dict(kept[str(sid)]) for sid in sorted(old, key=str))
            continue
        for gone in old:
            if gone is not None:
                cache.remove(KIND, gone)
        for story in cluster_events(block, articles, copies):
            cache.put(KIND, story.id, story.to_dict())
            cache.computed[KIND] += 1
            stories.append(story)
    stories.sort(key=lambda s: (-len(s.event_ids), s.date or "9999", s.id))
    return stories
