"""The flow in one place: read → prepare → extract → store (→ derived records).

This is the library call behind ``detente ingest`` and ``POST /api/ingest``; the faces only
translate arguments and print the report.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.model import Article, Event, RawDocument, Rejection
from detente.settings import Settings
from detente.store import Store
from detente.store.kinds import derived_key

if TYPE_CHECKING:
    from detente.extract import Extractor
    from detente.reconcile.cache import RefreshCache

__all__ = ["DERIVED_KINDS", "IngestReport", "ingest", "ingest_documents", "load_cache", "prepared_articles",
           "prepared_documents", "refresh_derived", "sample_dir", "save_cache"]

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, Article | Rejection], None]


@dataclass
class IngestReport:
    added: list[Article] = field(default_factory=list)
    present: list[Article] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    events: int = 0
    not_extracted: list[Article] = field(default_factory=list)  # stored, but not in English
    derived: dict[str, int] = field(default_factory=dict)  # counts of recomputed derived records

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0


def prepared_articles(
    sources: Iterable[str], *, offline: bool, settings: Settings
) -> Iterator[Article | Rejection]:
    """Read every source and turn each item into a cleaned Article, or a Rejection."""
    from detente.ingest import read_sources

    return prepared_documents(read_sources(sources, offline=offline, settings=settings))


def prepared_documents(items: Iterable[RawDocument | Rejection]) -> Iterator[Article | Rejection]:
    """Turn each document read into a cleaned Article (rejections pass through)."""
    from detente.ingest import prepare

    for item in items:
        if isinstance(item, Rejection):
            yield item
            continue
        yield _prepare_safely(prepare, item)


def _prepare_safely(prepare: Callable[[RawDocument], Article | Rejection], raw: RawDocument) -> Article | Rejection:
    try:
        return prepare(raw)
    except (ValueError, UnicodeError, LookupError) as exc:
        # A reader bug must not end the run: the item is reported and the rest goes on.
        log.exception("could not prepare %s", raw.origin)
        return Rejection(raw.origin, f"could not be cleaned ({type(exc).__name__}: {exc}); "
                                     "please report this input")


def ingest(
    sources: Iterable[str],
    store: Store,
    *,
    settings: Settings | None = None,
    offline: bool = False,
    extractor: Extractor | None = None,
    batch_size: int | None = None,
    progress: ProgressFn | None = None,
    refresh: bool = False,
) -> IngestReport:
    """Ingest sources into ``store``.  Each article is committed with its events in one
    transaction, so an interrupted run leaves the store consistent and a re-run completes it.
    Derived records (stories, conflicts, ...) are recomputed when anything was added, or always
    with ``refresh=True``."""
    settings = settings or Settings.from_env()
    return ingest_documents(prepared_articles(sources, offline=offline, settings=settings), store,
                            settings=settings, extractor=extractor, batch_size=batch_size, progress=progress,
                            refresh=refresh)


def ingest_documents(
    items: Iterable[Article | Rejection],
    store: Store,
    *,
    settings: Settings | None = None,
    extractor: Extractor | None = None,
    batch_size: int | None = None,
    progress: ProgressFn | None = None,
    refresh: bool = False,
) -> IngestReport:
    """What :func:`ingest` does with the prepared articles of its sources, for articles prepared
    elsewhere (``prepared_documents``: the items of a followed source)."""
    from detente.extract.parallel import CHUNK, ExtractionFailure, extract_stream

    settings = settings or Settings.from_env()
    if extractor is None:
        from detente.extract import Extractor

        extractor = Extractor(settings)
    report = IngestReport()
    seen: set[str] = set()
    waiting: deque[Article] = deque()  # new articles in input order, until they are stored

    def to_extract() -> Iterator[tuple[str, str, str | None, Article]]:
        # read lazily by the extraction stream: rejections and articles already present are
        # reported as they are met, new ones wait (in order) for their events
        for item in items:
            if isinstance(item, Rejection):
                report.rejected.append(item)
                if progress:
                    progress("rejected", item)
            elif item.id in seen or store.has_article(item.id):
                report.present.append(item)
                if progress:
                    progress("present", item)
            else:
                seen.add(item.id)
                waiting.append(item)
                if _is_english(item):
                    yield item.id, item.text, item.reading_day, item

    outputs: dict[str, list[tuple[str, dict[str, Any]]]] = {}  # per-article cache entries to write

    def keep_outputs(article_id: str, found: dict[str, Any] | None) -> None:
        from detente.reconcile.cache import RefreshCache

        for kind, value in (found or {}).items():
            outputs.setdefault(kind, []).append((article_id, RefreshCache.record(article_id, value)))
        if sum(len(rows) for rows in outputs.values()) >= OUTPUTS_BATCH or found is None:
            for kind, rows in outputs.items():
                store.upsert_derived(kind, rows)
            outputs.clear()

    def store_one(article: Article, events: list[Event], found: dict[str, Any] | None = None) -> None:
        added = store.add_article(article, events)
        if added and found:
            keep_outputs(article.id, found)
        if added:
            report.added.append(article)
            report.events += len(events)
            if not _is_english(article):
                report.not_extracted.append(article)
        else:
            report.present.append(article)
        if progress:
            progress("added" if added else "present", article)

    def store_until(doc_id: str | None) -> Article | None:
        # articles that are not extracted (not in English) go in as they come before ``doc_id``
        while waiting:
            article = waiting.popleft()
            if article.id == doc_id:
                return article
            store_one(article, [])
        return None

    stream = extract_stream(extractor, to_extract(), processes=settings.worker_processes(),
                            chunk=batch_size or CHUNK, then=article_outputs(settings))
    for doc_id, result, found in stream:
        article = store_until(doc_id)
        assert article is not None, f"the extraction stream returned {doc_id!r}, which was not given"
        if isinstance(result, ExtractionFailure):
            rejection = Rejection(article.origin or article.url or article.id,
                                  f"{result.reason}; nothing of it was stored, please report this input")
            report.rejected.append(rejection)
            if progress:
                progress("rejected", rejection)
        else:
            store_one(article, result, found)
    store_until(None)
    keep_outputs("", None)  # the rest of the per-article entries, before the refresh reads them
    if report.added or refresh:
        report.derived = refresh_derived(store, settings)
    return report


OUTPUTS_BATCH = 200  # per-article cache entries written at a time


def article_outputs(settings: Settings) -> Callable[[Article, list[Event]], dict[str, Any]]:
    """What the refresh reads from one article alone (its signature, claims, tables,
    commitments and positions: the kinds of :data:`detente.reconcile.cache.ARTICLE_KINDS`),
    computed beside its extraction, in the worker process, so the refresh after the ingest
    finds them cached.  The events are taken as the store gives them back (in id order,
    through JSON), so the entries are the ones the refresh would compute."""
    from detente.extract.actors import ActorDictionary
    from detente.reconcile import cache_article as reconcile_article
    from detente.reconcile.cache import RefreshCache
    from detente.track.tracker import cache_article as track_article

    def outputs(article: Article, events: list[Event]) -> dict[str, Any]:
        stored = [Event.from_dict(json.loads(json.dumps(e.to_dict(), ensure_ascii=False)))
                  for e in sorted(events, key=lambda e: e.id)]
        cache = RefreshCache()
        reconcile_article(article, stored, cache, actors=ActorDictionary.load(settings.actors_file))
        track_article(article, stored, cache)
        return {kind: rows[article.id] for kind, rows in cache.changed.items() if article.id in rows}

    return outputs


# Derived records recomputed from all stored articles and events after each ingest.
DERIVED_KINDS = ("stories", "copies", "claims", "conflicts", "outlets",
                 "milestones", "positions", "position_changes", "relations", "relations_week", "tables")


def refresh_derived(store: Store, settings: Settings | None = None, *,
                    today: date | None = None, incremental: bool = True,
                    cache: RefreshCache | None = None) -> dict[str, int]:
    """Recompute the reconciled records (stories, copies, claims, conflicts, outlet profiles)
    and the tracker (milestones with their status as of ``today``, positions, the relations
    index by month and by week, parsed tables) over the whole store, and store them.  Returns
    the count of each kind.

    Incremental (the default): what one article gives on its own (its MinHash signature,
    claims, tables, commitments and positions) is kept in the store as derived records of the
    kinds in :data:`detente.reconcile.cache.CACHE_KINDS` and computed only for articles
    without one; only the story blocks new events touched are clustered again; when the
    articles of the last refresh are all still there (the usual ingest: articles are only
    added), only the pairs and periods of the relations indexes the new articles' events count
    for are scored again; and of each kind, only the records that differ from the stored ones
    are written (from the first that differs, so the stored order is the full one's).  The
    The stored events are read by article, only where the refresh needs them (the new
    articles', the story blocks clustered again, the articles with claims, the relations
    scores changed: :class:`detente.derive.events.EventsByArticle`); the undated pass reads
    each story's facts from its kept cluster.  The
    result is the same as ``incremental=False``, which ignores and leaves alone the cache and
    replaces every kind whole.  ``cache`` is the one to use (default: :func:`load_cache`); its
    ``computed`` counts say what the refresh had to compute."""
    from detente.derive.events import EventOrder, EventsByArticle
    from detente.extract.actors import ActorDictionary
    from detente.reconcile import reconcile
    from detente.track import build_tracker, relations_index
    from detente.track.records import RelationScore
    from detente.track.relations import relations_update

    settings = settings or Settings.from_env()
    today = today or date.today()
    articles = list(store.iter_articles())
    # read by article as the refresh needs them (a full one reads them all)
    events = EventsByArticle(store.events_of_articles, store.events_by_article, store.articles_of_events)
    if not incremental:
        events.load_all()
    actors = ActorDictionary.load(settings.actors_file)
    if incremental and cache is None:
        cache = load_cache(store, leave=(MINHASH,))  # signatures: only those the copies need
    elif not incremental:
        cache = None
    copies = _copies(store, articles, cache)
    new = _new_since_last(cache, articles, copies)
    before: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    if new is not None:
        before = {kind: store.derived_items(kind) for kind in ("relations", "relations_week")}
    state: dict[str, Any] = reconcile(articles, events, actors=actors, cache=cache, copies=copies,
                                      new=new).to_dict()
    scored = {kind: [RelationScore.from_dict(r) for _, r in rows] for kind, rows in before.items()}
    state.update(build_tracker(articles, events, today=today, cache=cache, copies=copies,
                               relations_since=None if new is None else (scored["relations"], new)).to_dict())
    # every article's events, copies too, the articles in id order
    all_events = EventOrder(events, sorted(a.id for a in articles))
    if new is None:
        week = relations_index(all_events.everything(), period="week")
    else:
        week = relations_update(scored["relations_week"], all_events, new, period="week")
    state["relations_week"] = [r.to_dict() for r in week]
    counts: dict[str, int] = {}
    # the digests of the stories written are those stored only when the last refresh ended
    # (its record is removed before the stories are written, and written again at the end)
    trusted = cache is not None and bool((cache.get(LAST_REFRESH, "state") or {}).get("digests"))
    for kind in DERIVED_KINDS:
        rows = [(derived_key(kind, r, i), r) for i, r in enumerate(state[kind])]
        counts[kind] = len(rows)
        if cache is None:
            store.replace_derived(kind, rows)
        elif kind in BY_KEY_KINDS:
            store.delete_derived(LAST_REFRESH, ["state"])
            write_by_key(store, kind, rows, cache, trusted=trusted)
        else:
            write_changed(store, kind, rows, before.get(kind) or store.derived_items(kind))
    if cache is not None:
        cache.put(LAST_REFRESH, "state", {"articles": sorted(a.id for a in articles),
                                          "copies": sorted(c.article_id for c in copies), "bands": True,
                                          "digests": True})
        save_cache(store, cache, keep={a.id for a in articles})
    return counts


# kinds written by key, only the records whose digest differs from the one kept when they were
# written (cache kind story_digests): their stored order is their rank (store/kinds.py), so a
# story that grows takes its place without moving the others
BY_KEY_KINDS = ("stories",)
DIGESTS = "story_digests"
LAST_REFRESH = "last_refresh"  # cache kind: the articles (and copies among them) the last refresh read


def _last_read(cache: RefreshCache | None, articles: list[Article]) -> set[str] | None:
    """The articles the last refresh read, when they are all still stored; else None."""
    last = cache.get(LAST_REFRESH, "state") if cache is not None else None
    if not last:
        return None
    read = set(last["articles"])
    return read if read <= {a.id for a in articles} else None


MINHASH = "article_minhash"  # cache kind: each article's MinHash signature
COPY_BANDS = "copy_bands"  # the band index of those signatures: bucket key → {"id", "articles"}


def _copies(store: Store, articles: list[Article], cache: RefreshCache | None) -> list[Any]:
    """The copies among ``articles``.  When the last refresh read articles that are all still
    stored, and kept the band index of their signatures, only the new articles' signatures are
    read and only the buckets they fall in (:class:`detente.derive.copies.CopiesSince`); else
    every signature is read and the band index is written again, whole.  Either way the band
    index then holds every stored article's buckets (written before the refresh's record of
    what it read, so a refresh cut short leaves at most ids the next one looks past)."""
    from detente.derive.copies import CopiesSince, CopyPair, band_index, band_keys
    from detente.reconcile import copies_cached

    if cache is None:
        return copies_cached(articles, None)
    read = _last_read(cache, articles)
    new = {a.id for a in articles} - (read or set())
    last = cache.get(LAST_REFRESH, "state") or {}
    # the new articles' buckets are looked up one by one (BANDS reads and writes each); when
    # they are most of the store, reading every signature and writing the index whole is as cheap
    if read is None or not last.get("bands") or 2 * len(new) > len(articles):
        if MINHASH not in cache.entries:
            cache.add_records(MINHASH, store.list_derived(MINHASH))
        copies = copies_cached(articles, cache)
        sigs = {a.id: tuple(v) if (v := cache.get(MINHASH, a.id)) else None for a in articles}
        store.replace_derived(COPY_BANDS, ((key, {"id": key, "articles": ids})
                                           for key, ids in band_index(sigs).items()))
        return copies
    cache.add_records(MINHASH, (r for aid in sorted(new) if (r := store.get_derived(MINHASH, aid))))
    fetched: dict[str, list[str]] = {}

    def buckets(keys: set[str]) -> dict[str, list[str]]:
        for key in sorted(keys - fetched.keys()):
            row = store.get_derived(COPY_BANDS, key)
            fetched[key] = list(row["articles"]) if row else []
        return fetched

    known = [CopyPair.from_dict(r) for r in store.list_derived("copies")]
    copies = copies_cached(articles, cache, since=CopiesSince(known=known, new=new, buckets=buckets))
    grown: dict[str, set[str]] = {}
    for aid in sorted(new):
        sig = cache.get(MINHASH, aid)
        for key in band_keys(tuple(sig)) if sig else ():
            grown.setdefault(key, set(buckets({key})[key])).add(aid)
    store.upsert_derived(COPY_BANDS, ((key, {"id": key, "articles": sorted(ids)}) for key, ids in sorted(grown.items())))
    return copies


def _new_since_last(cache: RefreshCache | None, articles: list[Article], copies: list[Any]) -> set[str] | None:
    """The ids of the articles the last refresh did not read, when the ones it read are all
    still stored and the copies among them are the same (so what it stored is what a
    refresh of those articles gives now); else None."""
    read = _last_read(cache, articles)
    if read is None or cache is None:
        return None
    last = cache.get(LAST_REFRESH, "state") or {}
    if {c.article_id for c in copies if c.article_id in read} != set(last["copies"]):
        return None
    return {a.id for a in articles} - read


def write_by_key(store: Store, kind: str, rows: list[tuple[str, dict[str, Any]]], cache: RefreshCache, *,
                 trusted: bool) -> None:
    """Bring the stored records of a ranked ``kind`` to ``rows``: those whose digest differs
    from the kept one are written, those no longer in ``rows`` removed.  Without ``trusted``
    digests (or none kept) the kind is written whole."""
    import hashlib

    digests = {key: hashlib.sha256(json.dumps(record, ensure_ascii=False).encode()).hexdigest()[:32]
               for key, record in rows}
    kept: dict[str, Any] = cache.entries.get(DIGESTS, {}) if trusted else {}
    if kept:
        store.delete_derived(kind, sorted(kept.keys() - digests.keys()))
        store.upsert_derived(kind, [(key, record) for key, record in rows if kept.get(key) != digests[key]])
    else:
        store.replace_derived(kind, rows)
    for key in cache.keys(DIGESTS) - digests.keys():
        cache.remove(DIGESTS, key)
    for key, digest in digests.items():
        if cache.get(DIGESTS, key) != digest or not kept:
            cache.put(DIGESTS, key, digest)


def write_changed(store: Store, kind: str, rows: list[tuple[str, dict[str, Any]]],
                  stored: list[tuple[str, dict[str, Any]]]) -> None:
    """Bring the stored records of ``kind`` (``stored``, with their keys, in stored order) to
    ``rows``: nothing when they are the same; else, from the first record that differs, the
    stored ones are removed and the rest of ``rows`` written after the ones kept."""
    same = 0
    for (key, record), (old_key, old) in zip(rows, stored, strict=False):
        if key != old_key or not _json_equal(record, old):
            break
        same += 1
    if same == len(rows) == len(stored):
        return
    if stored[same:]:
        store.delete_derived(kind, [key for key, _ in stored[same:]])
    if rows[same:]:
        store.upsert_derived(kind, rows[same:])


def _json_equal(a: Any, b: Any) -> bool:
    """Whether two values are the same once written as JSON (a tuple is a list there)."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(map(_json_equal, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(v, b[k]) for k, v in a.items())
    return bool(a == b)


def load_cache(store: Store, *, leave: tuple[str, ...] = ()) -> RefreshCache:
    """The per-article outputs and story clusters kept by earlier refreshes (but the kinds
    ``leave``, which the refresh reads as it needs them)."""
    from detente.reconcile.cache import CACHE_KINDS, RefreshCache

    return RefreshCache.from_records({kind: store.list_derived(kind) for kind in CACHE_KINDS if kind not in leave})


def save_cache(store: Store, cache: RefreshCache, *, keep: set[str]) -> None:
    """Write back what a refresh computed or dropped (written after the derived records it
    fed, so an interrupted refresh recomputes rather than trusts)."""
    from detente.reconcile.cache import ARTICLE_KINDS, RefreshCache

    for kind in ARTICLE_KINDS:  # entries of articles no longer stored
        for key in cache.keys(kind) - keep:
            cache.remove(kind, key)
    for kind, ids in cache.removed.items():
        store.delete_derived(kind, sorted(ids))
    for kind, rows in cache.changed.items():
        store.upsert_derived(kind, ((key, RefreshCache.record(key, value)) for key, value in rows.items()))


def sample_dir() -> Path:
    """The sample corpus shipped inside the package (for the demo, the tests, the benchmark)."""
    return Path(str(resources.files("detente") / "samples"))


def _is_english(article: Article) -> bool:
    return article.language in (None, "en")
