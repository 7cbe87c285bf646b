"""Reconcile: one record per real-world event (stories), copies, claims and conflicts.

    state = reconcile(articles, events_by_article, actors=dictionary)
    state.stories, state.copies, state.claims, state.conflicts, state.outlets

Pure functions over records; storage and the CLI call them (see ``detente stories`` and
``detente conflicts``).  Running it again on all stored articles after an ingest is the
incremental update: story ids follow their canonical event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from detente.model import Article, Event
from detente.reconcile.claims import extract_claims
from detente.reconcile.cluster import FAMILIES, add_reports, cluster_events
from detente.reconcile.conflicts import find_conflicts, link_claims
from detente.reconcile.copies import find_copies
from detente.reconcile.outlets import load_state_media, outlet_profiles, state_affiliation
from detente.reconcile.records import Claim, Conflict, CopyPair, OutletProfile, Report, Story

__all__ = [
    "FAMILIES",
    "Claim",
    "Conflict",
    "CopyPair",
    "OutletProfile",
    "ReconcileState",
    "Report",
    "Story",
    "cluster_events",
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


def reconcile(articles: list[Article], events_by_article: dict[str, list[Event]], *,
              actors: Any = None, copy_threshold: float = 0.8) -> ReconcileState:
    """Copies → stories → claims (linked to stories) → conflicts → outlet profiles.

    Claims in an article that copies another are kept but only the original's claims take
    part in conflicts, so a republished error is not counted twice against other sources."""
    by_id = {a.id: a for a in articles}
    copies = find_copies(articles, threshold=copy_threshold)
    events = [e for a in articles for e in events_by_article.get(a.id, [])]
    stories = cluster_events(events, by_id, copies)
    claims: list[Claim] = []
    for a in articles:
        claims.extend(extract_claims(a, events_by_article.get(a.id, []), actors=actors))
    link_claims(claims, events, stories)
    _reports_by_detail(stories, claims, by_id, copies)
    copied = {c.article_id for c in copies}
    conflicts = find_conflicts([c for c in claims if c.article_id not in copied], stories, by_id,
                               actors=actors)
    return ReconcileState(stories=stories, copies=copies, claims=claims, conflicts=conflicts,
                          outlets=outlet_profiles(articles, claims, conflicts))


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
