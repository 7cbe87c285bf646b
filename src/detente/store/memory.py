"""The reference store: the ``Store`` interface over plain Python dicts and lists, each filter
written as the meaning the SQL stores implement with indexes.  Nothing is kept after ``close``.

It is what the tests hold the SQL store against (tests/test_store_reference.py): the same
articles, events and derived records in both, the same queries, the same pages and counts.  It
does not aim at speed; every query reads everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from detente.errors import ConfigError
from detente.model import Article, Event
from detente.store.base import (
    SEARCH_WINDOW,
    ArticleQuery,
    EventQuery,
    SearchHit,
    SearchPage,
    Store,
    date_in_range,
)
from detente.store.kinds import in_stored_order
from detente.store.words import event_words, filter_key, query_words
from detente.text import words

__all__ = ["MemoryStore"]

_WORD = re.compile(r"\w+", re.UNICODE)


class MemoryStore(Store):
    def __init__(self) -> None:
        self.url = "memory:"
        self._articles: dict[str, Article] = {}  # in the order stored
        self._events: dict[str, Event] = {}
        self._derived: dict[str, dict[str, dict[str, Any]]] = {}
        self._watchlists: dict[str, dict[str, Any]] = {}
        self._alerts: dict[str, dict[str, Any]] = {}
        self._sources: dict[str, dict[str, Any]] = {}
        self._entries: dict[tuple[str, str], tuple[str, int, str | None]] = {}

    def migrate(self) -> list[str]:
        return []

    def applied_migrations(self) -> list[str]:
        return []

    # -- articles ------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return article_id in self._articles

    def add_article(self, article: Article, events: Iterable[Event]) -> bool:
        if article.id in self._articles:
            return False
        self._articles[article.id] = article
        for ev in events:
            self._events[ev.id] = ev
        return True

    def get_article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def _articles_matching(self, q: ArticleQuery) -> list[Article]:
        rows = [a for a in self._articles.values()
                if (not q.outlet or a.outlet == q.outlet) and (not q.language or a.language == q.language)
                and (not q.genre or a.genre == q.genre)
                and (not q.since or (a.published is not None and a.published >= q.since))
                and (not q.until or (a.published is not None and a.published[:len(q.until)] <= q.until))]
        rows.sort(key=lambda a: a.id)
        rows.sort(key=lambda a: a.published or "", reverse=q.order == "-date")
        rows.sort(key=lambda a: a.published is None)
        return rows

    def list_articles(self, query: ArticleQuery) -> list[Article]:
        return self._articles_matching(query)[query.offset:query.offset + query.limit]

    def count_matching_articles(self, query: ArticleQuery) -> int:
        return len(self._articles_matching(query))

    def count_articles(self) -> int:
        return len(self._articles)

    def iter_articles(self) -> Iterator[Article]:
        yield from self._articles_matching(ArticleQuery())

    # -- events --------------------------------------------------------------------------------
    def get_event(self, event_id: str) -> Event | None:
        return self._events.get(event_id)

    def _event_matches(self, e: Event, q: EventQuery, tokens: list[str]) -> bool:
        refs = (*e.actors, *e.recipients)
        parties = {c for r in refs for c in (r.country, r.org) if c}
        loc = e.location
        place = (loc.name or loc.text) if loc else None
        outlet = self._articles[e.doc_id].outlet if e.doc_id in self._articles else None

        def holds(text: str | None, needle: str) -> bool:
            # place and actor names: both folded (store/words.filter_key), as the SQL stores keep them
            return text is not None and str(filter_key(needle)) in str(filter_key(text))

        def holds_cased(text: str | None, needle: str) -> bool:
            return text is not None and needle.casefold() in text.casefold()

        return ((not q.event_type or e.event_type == q.event_type.upper())
                and (not q.modality or e.modality == q.modality)
                and (not q.no_discarded or e.discard is None)
                and date_in_range(e.date, q.since, q.until)
                and (not q.doc_id or e.doc_id == q.doc_id)
                and (not q.country or q.country.upper() in parties)
                and (not q.actor or q.actor.upper() in parties
                     or any(holds(r.name, q.actor) or holds(r.text, q.actor) for r in refs))
                and (not q.place or holds(place, q.place) or (loc is not None and loc.country == q.place.upper()))
                and (not q.outlet or holds_cased(outlet, q.outlet))
                and set(tokens) <= set(event_words(e.sentence, e.trigger)))

    def _events_matching(self, q: EventQuery) -> list[Event]:
        tokens = query_words(q)
        rows = [e for e in self._events.values() if self._event_matches(e, q, tokens)]
        if q.order == "confidence":
            rows.sort(key=lambda e: e.id)
            rows.sort(key=lambda e: e.date or "")
            rows.sort(key=lambda e: (-e.confidence, e.date is None))
            return rows
        rows.sort(key=lambda e: (e.doc_id, e.id))
        rows.sort(key=lambda e: e.date or "", reverse=q.order == "-date")
        rows.sort(key=lambda e: e.date is None)
        return rows

    def list_events(self, query: EventQuery) -> list[Event]:
        return self._events_matching(query)[query.offset:query.offset + query.limit]

    def count_matching_events(self, query: EventQuery) -> int:
        return len(self._events_matching(query))

    def count_events(self) -> int:
        return len(self._events)

    def events_by_article(self) -> dict[str, list[Event]]:
        out: dict[str, list[Event]] = {}
        for e in sorted(self._events.values(), key=lambda e: (e.doc_id, e.id)):
            out.setdefault(e.doc_id, []).append(e)
        return out

    def articles_of_events(self, event_ids: Iterable[str]) -> dict[str, str]:
        return {eid: self._events[eid].doc_id for eid in event_ids if eid in self._events}

    # -- search: every word, ranked by how often the words occur (a stand-in for bm25) ---------
    def search_page(self, text: str, *, limit: int = 20, offset: int = 0,
                    window: int = SEARCH_WINDOW) -> SearchPage:
        needles = words(" ".join(_WORD.findall(text)))
        if not needles:
            raise ConfigError(f"search query {text!r} has no words", fix="search for at least one word")
        found = []
        for seq, a in enumerate(self._articles.values()):
            have = words(f"{a.title or ''} {a.text}")
            if set(needles) <= set(have):
                found.append((seq, a, -float(sum(have.count(n) for n in needles))))
        read = found[::-1][:window + 1]
        ranked = read[:window]
        page = sorted(ranked, key=lambda r: (r[2], -r[0]))[offset:offset + limit]
        hits = [SearchHit(a.id, a.title, a.outlet, a.published, a.text[:120], rank) for _, a, rank in page]
        return SearchPage(hits, len(ranked), len(read) > window)

    # -- derived records: a dict per kind, in stored order (an updated key keeps its place) ----
    def replace_derived(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> int:
        rows = list(records)
        self._derived[kind] = dict(rows)
        return len(rows)

    def upsert_derived(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> int:
        rows = list(records)
        self._derived.setdefault(kind, {}).update(rows)
        return len(rows)

    def delete_derived(self, kind: str, ids: Iterable[str]) -> int:
        stored = self._derived.get(kind, {})
        return sum(stored.pop(key, None) is not None for key in dict.fromkeys(ids))

    def derived_items(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        return in_stored_order(kind, list(self._derived.get(kind, {}).items()))

    def list_derived(self, kind: str, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        rows = [record for _, record in self.derived_items(kind)]
        return rows[offset:] if limit is None else rows[offset:offset + limit]

    def get_derived(self, kind: str, record_id: str) -> dict[str, Any] | None:
        return self._derived.get(kind, {}).get(record_id)

    # -- watchlists and alerts: every alert kept, as the SQL stores do --------------------------
    def list_watchlists(self) -> list[dict[str, Any]]:
        return [self._watchlists[name] for name in sorted(self._watchlists)]

    def save_watchlist(self, data: dict[str, Any]) -> None:
        self._watchlists[str(data["name"])] = data

    def remove_watchlist(self, name: str) -> bool:
        return self._watchlists.pop(name, None) is not None

    def add_alerts(self, alerts: Iterable[dict[str, Any]]) -> int:
        new = 0
        for a in alerts:
            if str(a["id"]) not in self._alerts:
                self._alerts[str(a["id"])] = a
                new += 1
        return new

    def list_alerts(self, *, limit: int = 50, watchlist: str | None = None) -> list[dict[str, Any]]:
        rows = [a for a in self._alerts.values() if watchlist is None or a.get("watchlist") == watchlist]
        return sorted(rows, key=lambda a: (str(a["created"]), str(a["id"])), reverse=True)[:limit]

    # -- followed sources ----------------------------------------------------------------------
    def list_sources(self) -> list[dict[str, Any]]:
        return [dict(self._sources[name]) for name in sorted(self._sources)]

    def save_source(self, data: dict[str, Any]) -> None:
        old = self._sources.get(str(data["name"]), {})
        self._sources[str(data["name"])] = {**{k: v for k, v in data.items() if k not in ("claimed_by", "claimed_until")},
                                            "claimed_by": old.get("claimed_by"),
                                            "claimed_until": old.get("claimed_until")}

    def remove_source(self, name: str) -> bool:
        self._entries = {k: v for k, v in self._entries.items() if k[0] != name}
        return self._sources.pop(name, None) is not None

    def claim_source(self, name: str, owner: str, now: str, until: str, *, stale_owner: str | None = None) -> bool:
        s = self._sources.get(name)
        if s is None:
            return False
        holder, due = s.get("claimed_by"), s.get("next_due")
        free = holder is None or (s.get("claimed_until") or "") <= now or holder == stale_owner
        if holder == owner or ((due is None or due <= now) and free):
            s["claimed_by"], s["claimed_until"] = owner, until
            return True
        return False

    def release_source(self, name: str, owner: str) -> None:
        s = self._sources.get(name)
        if s is not None and s.get("claimed_by") == owner:
            s["claimed_by"] = s["claimed_until"] = None

    def source_entries(self, name: str, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        return {k: self._entries[(name, k)][:2] for k in keys if (name, k) in self._entries}  # type: ignore[misc]

    def record_source_entries(self, name: str, rows: Iterable[tuple[str, str, int, str | None]]) -> int:
        values = list(rows)
        for key, state, attempts, article_id in values:
            self._entries[(name, key)] = (state, attempts, article_id)
        return len(values)

    def close(self) -> None:
        pass
