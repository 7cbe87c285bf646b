"""Reconcile: one record per real-world event (stories), copies, claims and conflicts.

    state = reconcile(articles, events_by_article, actors=dictionary)
    state.stories, state.copies, state.claims, state.conflicts, state.outlets

Pure functions over records; storage and the CLI call them (see ``detente stories`` and
``detente conflicts``).  Story ids follow their canonical event.  With a :class:`RefreshCache`
the per-article work (MinHash signatures, claims) is done once per article and the stories of
blocks no new event touched are kept (:mod:`detente.reconcile.incremental`); the result is the
same as without it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from detente.derive.cache import RefreshCache
from detente.derive.copies import CopiesSince, CopyPair, find_copies, text_signature
from detente.derive.events import EventOrder, EventsByArticle
from detente.model import Article, Event
from detente.reconcile.claims import extract_claims
from detente.reconcile.cluster import FAMILIES, add_reports, cluster_events
from detente.reconcile.conflicts import ClaimLinker, find_conflicts, link_claims
from detente.reconcile.headline import set_headlines
from detente.reconcile.incremental import cluster_incremental
from detente.reconcile.outlets import load_state_media, outlet_profiles, state_affiliation
from detente.reconcile.records import Claim, Conflict, OutletProfile, Report, Story
from detente.reconcile.undated import join_undated

__all__ = [
    "FAMILIES",
    "Claim",
    "Conflict",
    "CopyPair",
    "OutletProfile",
    "ReconcileState",
    "RefreshCache",
    "Report",
    "Story",
    "cache_article",
    "cluster_events",
    "copies_cached",
    "extract_claims",
    "find_conflicts",
    "find_copies",
    "link_claims",
    "load_state_media",
    "outlet_profiles",
    "reconcile",
    "state_affiliation",
]


@dataclass
class ReconcileState:
    """Everything reconcile finds for a set of articles."""

    stories: list[Story] = field(default_factory=list)
    copies: list[CopyPair] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    outlets: list[OutletProfile] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stories": [s.to_dict() for s in self.stories],
            "copies": [c.to_dict() for c in self.copies],
            "claims": [c.to_dict() for c in self.claims],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "outlets": [o.to_dict() for o in self.outlets],
        }


def reconcile(articles: list[Article], events_by_article: Mapping[str, list[Event]], *,
              actors: Any = None, copy_threshold: float = 0.8, cache: RefreshCache | None = None,
              copies: list[CopyPair] | None = None, new: set[str] | None = None) -> ReconcileState:
    """Copies → stories → claims (linked to stories) → conflicts → outlet profiles.

    Claims in an article that copies another are kept but only the original's claims take
    part in conflicts, so a republished error is not counted twice against other sources.
    ``cache`` keeps per-article claims and signatures and the story clusters between calls
    (see :mod:`detente.derive.cache`); ``copies`` are the article copies when the caller
    found them already; ``new``, the articles whose events the cache's story blocks do not hold
    yet (:func:`detente.reconcile.incremental.cluster_incremental`), when the caller knows."""
    by_id = {a.id: a for a in articles}
    if copies is None:
        copies = copies_cached(articles, cache, threshold=copy_threshold)
    # with a cache, the events are read only where they are needed: the new articles', the
    # blocks clustered again, the articles with claims and the stories whose headline changes
    stored = EventsByArticle.given(events_by_article)
    order = EventOrder(stored, [a.id for a in articles])
    if cache is None:
        events = order.everything()
        stories = join_undated(cluster_events(events, by_id, copies), events, by_id, copies)
    else:
        facts: dict[str, dict[str, Any]] = {}
        stories = cluster_incremental(order, by_id, copies, cache, new=new, facts=facts)
        stories = join_undated(stories, [], by_id, copies, facts=facts)
    claims: list[Claim] = []
    for a in articles:
        claims.extend(_claims(a, _reader(order, a.id), actors, cache))
    _link_claims(claims, stories, order, cache)
    _reports_by_detail(stories, claims, by_id, copies)
    _headlines(stories, by_id, order, cache)  # the reports are final: each story's best one names it
    copied = {c.article_id for c in copies}
    conflicts = find_conflicts([c for c in claims if c.article_id not in copied], stories, by_id,
                               actors=actors)
    outlets = outlet_profiles(articles, claims, conflicts)
    _carried_by_copies(conflicts, claims, copies)
    return ReconcileState(stories=stories, copies=copies, claims=claims, conflicts=conflicts, outlets=outlets)


def _carried_by_copies(conflicts: list[Conflict], claims: list[Claim], copies: list[CopyPair]) -> None:
    """Each claim of a copied article says which article it copies (``copy_of``), and a conflict
    also lists, after its own claims, the same claims as its copies carry them (same kind,
    subject and value): where else the contested claim was read, not another source (the
    outlet profiles and the conflicts themselves are made from the originals alone)."""
    copy_of = {c.article_id: c.copy_of for c in copies}
    copies_of: dict[str, list[str]] = {}
    for c in copies:
        copies_of.setdefault(c.copy_of, []).append(c.article_id)
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        claim.copy_of = copy_of.get(claim.article_id)
        by_article.setdefault(claim.article_id, []).append(claim)
    for conflict in conflicts:
        have = {c.id for c in conflict.claims}
        carried = [twin for claim in conflict.claims for copy in copies_of.get(claim.article_id, ())
                   for twin in by_article.get(copy, ())
                   if (twin.kind, twin.subject, twin.normalised) == (claim.kind, claim.subject, claim.normalised)]
        for twin in carried:
            if twin.id not in have:
                have.add(twin.id)
                conflict.claims.append(twin)


def copies_cached(articles: list[Article], cache: RefreshCache | None, *, threshold: float = 0.8,
                  since: CopiesSince | None = None) -> list[CopyPair]:
    """:func:`find_copies`, with each article's MinHash signature computed once (cached);
    with ``since``, only the new articles' signatures are looked up (see there)."""
    if cache is None:
        return find_copies(articles, threshold=threshold)
    sigs = {a.id: _signature(a, cache) for a in articles if since is None or a.id in since.new}
    return find_copies(articles, threshold=threshold, signatures=sigs, since=since)


def cache_article(article: Article, events: list[Event], cache: RefreshCache, *, actors: Any = None) -> None:
    """Put in ``cache`` what reconcile reads from one article alone (its MinHash signature and
    its claims), as :func:`reconcile` would compute them."""
    _signature(article, cache)
    _claims(article, events, actors, cache)


def _signature(article: Article, cache: RefreshCache) -> tuple[int, ...] | None:
    return cache.cached("article_minhash", article.id, lambda: text_signature(article.text),
                        dump=lambda s: list(s) if s is not None else [],
                        load=lambda v: tuple(v) if v else None)


def _reader(order: EventOrder, article_id: str) -> Callable[[], list[Event]]:
    """How to read one article's events, when they are needed."""
    return lambda: order.of_articles([article_id])


def _claims(article: Article, events: list[Event] | Callable[[], list[Event]], actors: Any,
            cache: RefreshCache | None) -> list[Claim]:
    """The claims of one article (``events``: its events, or how to read them when needed)."""
    def compute() -> list[Claim]:
        return extract_claims(article, events() if callable(events) else events, actors=actors)

    if cache is None:
        return compute()
    return cache.cached("article_claims", article.id, compute,
                        dump=lambda cs: [c.to_dict() for c in cs],
                        load=lambda v: [Claim.from_dict(c) for c in v])


LINKS = "claim_links"  # cache kind: per article, its claims' stories and subjects, with what they came from


def _link_claims(claims: list[Claim], stories: list[Story], events: EventOrder, cache: RefreshCache | None) -> None:
    """:func:`link_claims`, kept per article between refreshes.  What an article's claims are
    linked to depends on the article's events (stored with it, never changed), on the stories
    those events are in (their ids, events, dates and places) and, for claims about talks, on
    the talks story of their occasion: an article whose claims and those stories are the ones
    its kept links were worked out from takes them, and only the others are linked, from the
    events of their own articles."""
    linker = ClaimLinker(stories)
    if cache is None:
        linker.link(claims, events.of_articles({c.article_id for c in claims}))
        return
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
    stories_of: dict[str, list[Story]] = {}
    for st in stories:
        for aid in st.article_ids:
            if aid in by_article:
                stories_of.setdefault(aid, []).append(st)
    pending: list[tuple[str, str]] = []
    for aid, own in by_article.items():
        inputs = [[(c.id, c.subject, c.span[0], linker.fallback(c)) for c in own],
                  [(st.id, st.date, st.location.country if st.location else False, st.event_ids)
                   for st in sorted(stories_of.get(aid, ()), key=lambda st: st.id)]]
        key = hashlib.sha256(json.dumps(inputs).encode()).hexdigest()
        kept = cache.get(LINKS, aid)
        if kept is not None and kept["from"] == key and len(kept["links"]) == len(own):
            for c, (story_id, subject) in zip(own, kept["links"], strict=True):
                c.story_id, c.subject = story_id, subject
        else:
            pending.append((aid, key))
    todo = [c for aid, _ in pending for c in by_article[aid]]
    linker.link(todo, events.of_articles(aid for aid, _ in pending))
    for aid, key in pending:
        cache.put(LINKS, aid, {"from": key, "links": [[c.story_id, c.subject] for c in by_article[aid]]})
        cache.computed[LINKS] += 1
    for gone in cache.keys(LINKS) - by_article.keys():
        cache.remove(LINKS, gone)


HEADLINES = "story_headlines"  # cache kind: a story's headline, with what it was chosen from


def _headlines(stories: list[Story], articles: dict[str, Article], events: EventOrder,
               cache: RefreshCache | None) -> None:
    """:func:`set_headlines`, kept per story between refreshes.  A story's headline is chosen
    from its events, its reports and which of them are copies, and from those articles'
    events (stored with each article, never changed): a story whose three lists are the
    ones its kept headline was chosen from takes that headline, and only the others are
    worked out, from the events of their own articles."""
    if cache is None:
        set_headlines(stories, articles, events.everything())
        return
    pending: list[tuple[Story, str]] = []
    for story in stories:
        key = hashlib.sha256(json.dumps([story.event_ids, story.article_ids, story.copies]).encode()).hexdigest()
        kept = cache.get(HEADLINES, story.id)
        if kept is not None and kept["from"] == key:
            story.headline, story.headline_article_id = kept["headline"], kept["article"]
        else:
            pending.append((story, key))
    docs = {a for story, _ in pending for a in story.article_ids}
    set_headlines([story for story, _ in pending], articles, events.of_articles(docs))
    for story, key in pending:
        cache.put(HEADLINES, story.id, {"from": key, "headline": story.headline, "article": story.headline_article_id})
        cache.computed[HEADLINES] += 1
    for gone in cache.keys(HEADLINES) - {s.id for s in stories}:
        cache.remove(HEADLINES, gone)


def _reports_by_detail(stories: list[Story], claims: list[Claim], articles: dict[str, Article],
                       copies: list[CopyPair]) -> None:
    """Articles whose claims about the talks belong to a story their events missed."""
    found: dict[str, dict[str, str]] = {}
    for c in claims:
        if c.story_id and c.subject == "duration of the talks":
            found.setdefault(c.story_id, {}).setdefault(
                c.article_id, f"reports the same talks (“{c.quote}”: {c.occasion_date}, {c.occasion_place})")
    for story in stories:
        if story.id in found:
            add_reports(story, found[story.id], articles, copies)
