"""The refresh after an ingest is incremental and gives what a full recomputation gives.

The sample corpus is ingested in three batches (each ingest refreshes the derived records from
the cache); after each, every derived kind is compared with a full recomputation over a copy
of the same articles and events.  Then one more article is stored, and the refresh must have
read that one article only and clustered again only the story blocks its events touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from detente.model import Article
from detente.pipeline import (
    DERIVED_KINDS,
    ingest,
    load_cache,
    prepared_articles,
    refresh_derived,
    sample_dir,
)
from detente.reconcile.cache import ARTICLE_KINDS, CACHE_KINDS, CACHE_VERSION, RefreshCache
from detente.settings import Settings
from detente.store import Store, open_store

TODAY = date(2025, 9, 1)

# one more report of the Riyadh meeting, in our own words: it joins a story of the corpus
EXTRA = """Riyadh talks: what the delegations said

RIYADH, Feb 19 (Détente wire) - Secretary of State Marco Rubio met Russian Foreign Minister
Sergey Lavrov in Riyadh on 18 February 2025, in talks that lasted four and a half hours.

The two sides agreed to restore the staffing of their embassies and to form a high-level team
to support the peace talks, Rubio said after the meeting.
"""


# two more reports in our own words, unlike every other article (no copies)
LATER = [
    """Prisoner swap completed at the border

KYIV - Ukraine and Russia exchanged 84 prisoners of war on Thursday at the Belarusian border,
Ukrainian President Volodymyr Zelensky said. Both governments agreed to hold a further exchange
within thirty days, officials in Moscow said.
""",
    """Envoys meet in Geneva before the winter

GENEVA - Ukrainian Foreign Minister Andrii Sybiha met United Nations Secretary-General Antonio
Guterres in Geneva to discuss grain shipments through the Black Sea. Turkey offered to host
another round of talks in Istanbul.
""",
]


@pytest.fixture(scope="module")
def extractor() -> Any:
    from detente.extract import Extractor

    return Extractor(Settings.from_env())


def _derived(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {kind: store.list_derived(kind) for kind in DERIVED_KINDS}


def _full(store: Store, tmp: Path) -> dict[str, list[dict[str, Any]]]:
    """A full recomputation over a fresh store holding the same articles and events."""
    events = store.events_by_article()
    with open_store(f"sqlite:///{tmp}") as ref:
        for article in store.iter_articles():
            ref.add_article(article, events.get(article.id, []))
        refresh_derived(ref, today=TODAY, incremental=False)
        assert all(not ref.list_derived(kind) for kind in CACHE_KINDS)
        return _derived(ref)


def _same(got: dict[str, list[dict[str, Any]]], want: dict[str, list[dict[str, Any]]]) -> None:
    for kind in DERIVED_KINDS:
        assert len(got[kind]) == len(want[kind]), kind
        for a, b in zip(got[kind], want[kind], strict=True):
            assert a == b, kind


@pytest.fixture(scope="module")
def batches() -> list[list[str]]:
    files = sorted(str(p) for p in sample_dir().glob("*.txt"))
    # interleaved, so later batches hold articles published before earlier ones
    return [files[0::3], files[1::3], files[2::3]]


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory, extractor: Any,
          batches: list[list[str]]) -> Iterator[tuple[Store, Path, list[dict[str, Any]]]]:
    tmp = tmp_path_factory.mktemp("incremental")
    store = open_store(f"sqlite:///{tmp / 'grown.db'}")
    compared = []
    for i, batch in enumerate(batches):
        report = ingest(batch, store, offline=True, extractor=extractor)
        assert report.added
        refresh_derived(store, today=TODAY)
        got, want = _derived(store), _full(store, tmp / f"full{i}.db")
        compared.append({"got": got, "want": want, "articles": store.count_articles()})
    yield store, tmp, compared
    store.close()


def test_each_batch_matches_a_full_recomputation(grown: tuple[Store, Path, list[dict[str, Any]]]) -> None:
    _, _, compared = grown
    assert [c["articles"] for c in compared] == sorted(c["articles"] for c in compared)
    for c in compared:
        _same(c["got"], c["want"])
    last = compared[-1]["want"]
    assert last["stories"] and last["copies"] and last["claims"] and last["milestones"] and last["relations"]
    # the same ids: stories and milestones are looked up by them
    assert [s["id"] for s in compared[-1]["got"]["stories"]] == [s["id"] for s in last["stories"]]


def test_cache_holds_one_entry_per_article(grown: tuple[Store, Path, list[dict[str, Any]]]) -> None:
    store, _, _ = grown
    n = store.count_articles()
    for kind in ("article_minhash", "article_claims"):
        rows = store.list_derived(kind)
        assert len(rows) == n and all(r["version"] == CACHE_VERSION for r in rows)
    stories = store.list_derived("stories")
    clusters = {c["id"]: c for c in store.list_derived("story_clusters")}
    ids = {s["id"] for s in stories}
    assert ids <= set(clusters)
    # a cluster that is no story was joined into one (an undated report: detente.reconcile.undated)
    for name in set(clusters) - ids:
        into = [s for s in stories if set(clusters[name]["value"]["event_ids"]) <= set(s["event_ids"])]
        assert into and any("undated report" in r for r in into[0]["merge_reasons"]), name


def test_one_more_article_is_read_alone(grown: tuple[Store, Path, list[dict[str, Any]]],
                                        extractor: Any) -> None:
    store, tmp, _ = grown
    cache = load_cache(store)
    refresh_derived(store, today=TODAY, cache=cache)
    # nothing new: nothing computed, but the tracker's reading of the last day's articles
    latest = max(a.published or "" for a in store.iter_articles())
    assert cache.computed["tracker_fold"] == sum(a.published == latest for a in store.iter_articles())
    assert sum(n for kind, n in cache.computed.items() if kind != "tracker_fold") == 0
    path = tmp / "extra.txt"
    path.write_text(EXTRA, encoding="utf-8")
    [article] = [a for a in prepared_articles([str(path)], offline=True, settings=Settings.from_env())
                 if isinstance(a, Article)]
    [(_, events)] = list(extractor.extract_many([(article.id, article.text, article.published)]))
    assert events and store.add_article(article, events)
    n_stories = store.count_derived("stories")
    cache = load_cache(store)
    refresh_derived(store, today=TODAY, cache=cache)
    for kind in ARTICLE_KINDS:
        assert cache.computed[kind] == 1, kind
        assert set(cache.changed[kind]) == {article.id}
    # only the story blocks the new events touched were clustered again
    assert 0 < cache.computed["story_clusters"] < n_stories
    _same(_derived(store), _full(store, tmp / "full-extra.db"))


def test_a_new_cache_version_recomputes(grown: tuple[Store, Path, list[dict[str, Any]]]) -> None:
    store, _, _ = grown
    records = {kind: [dict(r, version="old") for r in store.list_derived(kind)] for kind in CACHE_KINDS}
    cache = RefreshCache.from_records(records)
    assert not any(cache.entries.values())
    refresh_derived(store, today=TODAY, cache=cache)
    assert cache.computed["article_claims"] == store.count_articles()


def test_a_later_article_continues_the_tracker_where_it_stopped(
        grown: tuple[Store, Path, list[dict[str, Any]]], extractor: Any) -> None:
    """News arrives in date order: the tracker's matching goes on from the state the last
    refresh kept (before the last day's articles, which a new one of that day may precede in
    id order), and ends where a full recomputation ends; an article dated before the others
    makes it read everything again."""
    store, tmp, _ = grown
    refresh_derived(store, today=TODAY)
    latest = max(a.published or "" for a in store.iter_articles())
    # of the last day, and first of that day in reading order; then one dated before the others
    for n, (aid, published) in enumerate((("000later0", latest), ("later1", "2025-01-02"))):
        article = Article(id=aid, text=LATER[n], published=published, language="en", genre="news",
                          outlet=f"Wire {n}")
        [(_, events)] = list(extractor.extract_many([(article.id, article.text, published)]))
        assert store.add_article(article, events)
        cache = load_cache(store)
        refresh_derived(store, today=TODAY, cache=cache)
        copied = {c["article_id"] for c in store.list_derived("copies")}
        read = [a for a in store.iter_articles() if a.id not in copied]
        if n == 0:  # only the last day's articles again, the new one among them
            assert cache.computed["tracker_fold"] == sum(a.published == latest for a in read) < len(read)
        else:  # dated before the others: the whole fold again
            assert cache.computed["tracker_fold"] == len(read)
        _same(_derived(store), _full(store, tmp / f"full-later{n}.db"))
    # another day: statuses are judged against it, so nothing kept is reused
    cache = load_cache(store)
    refresh_derived(store, today=date(2025, 9, 2), cache=cache)
    assert cache.computed["tracker_fold"] == len(read)
