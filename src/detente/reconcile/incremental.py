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

The blocks themselves are kept too (cache kind ``story_blocks``: each block's event ids and the
keys its events are indexed under and look up).  When the caller says which articles are new
since the blocks were kept, only the new events' keys are worked out, and they are matched
against the kept blocks' keys: the blocking keys of the events stored before are not computed
again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from detente.derive.cache import RefreshCache
from detente.derive.copies import CopyPair
from detente.derive.events import EventOrder
from detente.model import Article, Event
from detente.reconcile.cluster import _actor_keys, _date_keys, _item, _UnionFind, cluster_events
from detente.reconcile.records import Story
from detente.reconcile.undated import story_facts

__all__ = ["blocks", "cluster_incremental"]

KIND = "story_clusters"
FACTS = "undated_facts"  # in each kept cluster: what the undated pass reads of its events
BLOCKS = "story_blocks"  # cache kind: {"events": ids, "own": keys, "look": keys} by the block's least event id


def _keys(ev: Event, articles: dict[str, Article]) -> tuple[list[str], list[str]] | None:
    """The blocking keys an event is indexed under and those it looks up (each key written as
    one string); None for an event of no type family, which is in no block."""
    it = _item(ev, articles.get(ev.doc_id))
    if it is None:
        return None
    own, look = _date_keys(it.when)
    actors = _actor_keys(it)
    return ([_text(it.family, a, k) for a in actors for k in own],
            [_text(it.family, a, k) for a in actors for k in look])


def _text(family: str, actor: str, key: tuple[object, ...]) -> str:
    return "\x1f".join((family, actor, *map(str, key)))


def _components(own: Iterable[tuple[int, list[str]]], look: dict[int, list[str]], n: int) -> _UnionFind:
    """Members 0..n-1 joined when one looks up a key another is indexed under (every member
    looks up the keys it is indexed under, so joining each with a key's first owner is enough)."""
    owner: dict[str, int] = {}
    for i, keys in own:
        for k in keys:
            owner.setdefault(k, i)
    uf = _UnionFind(n)
    for i, keys in look.items():
        for k in keys:
            j = owner.get(k)
            if j is not None:
                uf.union(i, j)
    return uf


def _groups(events: list[Event], articles: dict[str, Article]) -> list[tuple[list[Event], set[str], set[str]]]:
    """Every block of ``events``: its events (in the order given) and its keys."""
    kept: list[tuple[Event, list[str], list[str]]] = []
    for ev in events:
        keys = _keys(ev, articles)
        if keys is not None:
            kept.append((ev, *keys))
    uf = _components(((i, own) for i, (_, own, _) in enumerate(kept)),
                     {i: look for i, (_, _, look) in enumerate(kept)}, len(kept))
    groups: dict[int, tuple[list[Event], set[str], set[str]]] = {}
    for i, (ev, own, look) in enumerate(kept):
        members, owns, looks = groups.setdefault(uf.find(i), ([], set(), set()))
        members.append(ev)
        owns.update(own)
        looks.update(look)
    return list(groups.values())


def blocks(events: list[Event], articles: dict[str, Article]) -> list[list[Event]]:
    """The events clustering can ever compare, grouped (connected through shared blocking
    keys); events of no type family are left out.  Each block keeps the order of ``events``."""
    return [members for members, _, _ in _groups(events, articles)]


def _blocks_since(events: list[Event], articles: dict[str, Article], cache: RefreshCache,
                  new: set[str]) -> list[set[str]] | None:
    """The blocks of ``events`` (the ids of their events), from the kept
    blocks, which hold every event but those of the articles ``new``; the kept blocks are
    updated.  None when no blocks are kept."""
    kept: dict[str, dict[str, list[str]]] = cache.entries.get(BLOCKS, {})
    if not kept:
        return None
    added = [(ev, keys) for ev in events if ev.doc_id in new and (keys := _keys(ev, articles)) is not None]
    names = list(kept)
    n_old = len(names)
    # members: the kept blocks (0 .. n_old-1), then the new events; only keys a new event is
    # indexed under or looks up can join anything
    wanted = {k for _, (own, look) in added for k in (*own, *look)}
    own = [(i, [k for k in kept[b]["own"] if k in wanted]) for i, b in enumerate(names)]
    look = {i: [k for k in kept[b]["look"] if k in wanted] for i, b in enumerate(names)}
    own += [(n_old + j, keys[0]) for j, (_, keys) in enumerate(added)]
    look.update({n_old + j: keys[1] for j, (_, keys) in enumerate(added)})
    uf = _components(own, look, n_old + len(added))
    merged: dict[int, tuple[list[int], list[int]]] = {}
    for j in range(len(added)):
        merged.setdefault(uf.find(n_old + j), ([], []))[1].append(j)
    untouched = []
    for i in range(n_old):
        group = merged.get(uf.find(i))
        if group is None:
            untouched.append(set(kept[names[i]]["events"]))
        else:
            group[0].append(i)
    out: list[set[str]] = []
    for olds, news in merged.values():
        ids: set[str] = set()
        owns: set[str] = set()
        looks: set[str] = set()
        for i in olds:
            block = kept[names[i]]
            ids.update(block["events"])
            owns.update(block["own"])
            looks.update(block["look"])
        for j in news:
            ev, (o, lk) = added[j]
            ids.add(ev.id)
            owns.update(o)
            looks.update(lk)
        for i in olds:
            cache.remove(BLOCKS, names[i])
        _keep(cache, ids, owns, looks)
        out.append(ids)
    return out + untouched


def _keep(cache: RefreshCache, ids: set[str], owns: set[str], looks: set[str]) -> None:
    value = {"events": sorted(ids), "own": sorted(owns), "look": sorted(looks)}
    if cache.get(BLOCKS, min(ids)) != value:
        cache.put(BLOCKS, min(ids), value)


def cluster_incremental(events: list[Event] | EventOrder, articles: dict[str, Article], copies: list[CopyPair],
                        cache: RefreshCache, *, new: set[str] | None = None,
                        facts: dict[str, dict[str, Any]] | None = None) -> list[Story]:
    """:func:`cluster_events` over ``events``, reusing the cached stories of untouched blocks.

    The cache's ``story_clusters`` are the stories clustering made (before any report was
    added by a claim); they are updated in place: stories of re-clustered blocks are replaced.
    ``new``: the articles whose events the kept blocks do not hold yet (the others' events are
    all in them), when the caller knows; else every event's keys are worked out again.
    ``events`` may be an :class:`EventOrder` over the store: then only the new articles' events
    and those of the blocks clustered again are read.  ``facts``, when given, is filled with
    each story's :func:`detente.reconcile.undated.story_facts`, kept with its cluster."""
    order = events if isinstance(events, EventOrder) else EventOrder.of_list(events)
    story_of: dict[str, str] = {}
    for sid, story in cache.entries.get(KIND, {}).items():
        for eid in story["event_ids"]:
            story_of[eid] = sid
    found = _blocks_since(order.of_articles(new), articles, cache, new) if new is not None else None
    if found is None:
        every = order.everything()
        groups = _groups(every, articles)
        found = [{e.id for e in members} for members, _, _ in groups]
        for name in cache.keys(BLOCKS) - {min(ids) for ids in found}:
            cache.remove(BLOCKS, name)
        for ids, (_, owns, looks) in zip(found, groups, strict=True):
            _keep(cache, ids, owns, looks)
    stories: list[Story] = []
    again: list[set[str]] = []
    for ids in found:
        old = {story_of.get(eid) for eid in ids}
        kept = cache.entries.get(KIND, {})
        if None not in old and all(sid in kept and set(kept[sid]["event_ids"]) <= ids and FACTS in kept[sid]
                                   for sid in old):
            # not written back this time: the stories may use the cached lists
            for name in sorted(str(sid) for sid in old):
                stories.append(Story.from_dict(kept[name]))
                if facts is not None:
                    facts[name] = kept[name][FACTS]
            continue
        for gone in old:
            if gone is not None:
                cache.remove(KIND, gone)
        again.append(ids)
    # the blocks clustered again, each with its events in the order of all events
    read = order.of_ids(set().union(*again)) if again else []
    for ids in again:
        block = [e for e in read if e.id in ids]
        by_id = {e.id: e for e in block}
        for story in cluster_events(block, articles, copies):
            own = story_facts(story, [by_id[i] for i in story.event_ids], articles)
            cache.put(KIND, story.id, {**story.to_dict(), FACTS: own})
            cache.computed[KIND] += 1
            stories.append(story)
            if facts is not None:
                facts[story.id] = own
    stories.sort(key=lambda s: (-len(s.event_ids), s.date or "9999", s.id))
    return stories
