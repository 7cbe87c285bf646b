"""Outputs kept between two refreshes of the derived records, so a refresh after an ingest only
does the work the new articles call for.

A :class:`RefreshCache` holds, per kind, JSON values keyed by an id: per-article outputs
(``article_claims``, ``article_tables``, ... keyed by article id) and the story clusters as
clustering made them (``story_clusters``, keyed by story id).  The caller loads it from the
store, hands it to :func:`detente.reconcile.reconcile` and :func:`detente.track.build_tracker`,
then writes back what changed (:attr:`RefreshCache.changed`, :attr:`RefreshCache.removed`).

Every value goes through JSON before it is used, whether it was just computed or read back,
so a refresh from the cache and a refresh from scratch see the same objects.  Entries carry
:data:`CACHE_VERSION`: bump it whenever a per-article step changes its output, and every
cached entry is recomputed on the next refresh.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

__all__ = ["ARTICLE_KINDS", "CACHE_KINDS", "CACHE_VERSION", "RefreshCache"]

CACHE_VERSION = "26"  # 3: stance claims; 4: statement days; 5: armed groups; 6: attack authors; 7: approvals; 8: casualties; 9: quotes by people only; 10: ministries, troops, long titles; 11: stances about another time; 12: more agreement forms; 13: call timing; 14: places; 15: speakers after said; 16: agreements on something else; 17: story facts name months; 18: heated exchanges, lost "with"; 19: groups of civil wars, call on X to; 20: discard marks; 21: sides of a civil war; 22: failed talks, borders, armed groups; 23: exchanged fire, naming; 24: our side; 25: calls by phone; 26: the rebels again
ARTICLE_KINDS = ("article_minhash", "article_claims", "article_tables", "article_commitments",
                 "article_positions")
# ``tracker_fold``: the tracker's milestones after the articles it has read (detente.track.tracker);
# ``last_refresh``: the articles the last refresh read, whose relations scores it reuses
# (detente.pipeline): bump CACHE_VERSION too when the relations index changes what it gives.
# Not loaded with the others, read by key as needed (detente.pipeline): ``article_minhash`` in
# an incremental refresh, and ``copy_bands``, the band index of the signatures (a change to the
# signatures or bands needs a CACHE_VERSION bump, so the index is built again)
# ``story_digests``: a digest of each story as it was last written (detente.pipeline.write_by_key)
# ``claim_links``: each article's claims' stories (detente.reconcile._link_claims)
CACHE_KINDS = (*ARTICLE_KINDS, "story_clusters", "story_blocks", "story_headlines", "story_digests", "claim_links",
               "tracker_fold", "last_refresh")

T = TypeVar("T")


class RefreshCache:
    """Cached values by kind and id, with a record of what was computed, changed and removed."""

    def __init__(self, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self.entries: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (entries or {}).items()}
        self.changed: dict[str, dict[str, Any]] = {}
        self.removed: dict[str, set[str]] = {}
        self.computed: Counter[str] = Counter()  # per kind: how many values were computed now
        self._given: dict[str, set[str]] = {}

    @classmethod
    def from_records(cls, records: dict[str, Iterable[dict[str, Any]]]) -> RefreshCache:
        """From stored records (``{"id", "version", "value"}``); other versions are left out."""
        cache = cls()
        for kind, rows in records.items():
            cache.add_records(kind, rows)
        return cache

    def add_records(self, kind: str, records: Iterable[dict[str, Any]]) -> None:
        """Take in stored records of ``kind`` read later (other versions are left out)."""
        entries = self.entries.setdefault(kind, {})
        entries.update((str(r["id"]), r["value"]) for r in records if r.get("version") == CACHE_VERSION)

    @staticmethod
    def record(key: str, value: Any) -> dict[str, Any]:
        """The stored form of one entry."""
        return {"id": key, "version": CACHE_VERSION, "value": value}

    def get(self, kind: str, key: str) -> Any | None:
        return self.entries.get(kind, {}).get(key)

    def keys(self, kind: str) -> set[str]:
        return set(self.entries.get(kind, {}))

    def put(self, kind: str, key: str, value: Any) -> None:
        value = json.loads(json.dumps(value, ensure_ascii=False))
        self.entries.setdefault(kind, {})[key] = value
        self.changed.setdefault(kind, {})[key] = value
        self.removed.get(kind, set()).discard(key)

    def remove(self, kind: str, key: str) -> None:
        if self.entries.get(kind, {}).pop(key, None) is not None or key in self.changed.get(kind, {}):
            self.changed.get(kind, {}).pop(key, None)
            self.removed.setdefault(kind, set()).add(key)

    def cached(self, kind: str, key: str, compute: Callable[[], T], dump: Callable[[T], Any],
               load: Callable[[Any], T]) -> T:
        """The value of ``kind`` for ``key``: from the cache, else computed now and kept."""
        value = self.get(kind, key)
        if value is None:
            self.computed[kind] += 1
            self.put(kind, key, dump(compute()))
            value = self.get(kind, key)
        # callers mutate what they get (statuses, merged evidence): a value that is to be
        # written back, or was handed out already, is handed out as a copy
        given = self._given.setdefault(kind, set())
        if key in given or key in self.changed.get(kind, {}):
            value = json.loads(json.dumps(value, ensure_ascii=False))
        given.add(key)
        return load(value)
