"""The refresh after articles are added scores again only the relations the new articles touch,
writes only the records that changed, and ends with what a full rebuild gives.

Everything here runs on the shipped sample articles and the real extraction engine: the store
is fed a few articles at a time (not in date order), refreshed after each step, and compared
with a full rebuild of a fresh store holding the same articles and events, on SQLite and, when
``DETENTE_TEST_PG`` names a server, on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from detente.model import Article, Event
from detente.pipeline import (
    DERIVED_KINDS,
    LAST_REFRESH,
    load_cache,
    prepared_articles,
    refresh_derived,
    sample_dir,
    write_changed,
)
from detente.settings import Settings
from detente.store import open_store
from detente.store.base import StoryQuery
from detente.track.relations import relations_index, relations_update
from test_incremental import TODAY, _derived
from test_incremental import _full as _rebuilt  # a full rebuild over a fresh SQLite store


@pytest.fixture(scope="module")
def extracted() -> list[tuple[Article, list[Event]]]:
    """The sample articles with their events, as an ingest stores them."""
    from detente.extract import Extractor

    settings = Settings.from_env()
    articles = [a for a in prepared_articles([str(sample_dir())], offline=True, settings=settings)
                if isinstance(a, Article)]
    assert len(articles) >= 12
    found = dict(Extractor(settings).extract_many([(a.id, a.text, a.published) for a in articles]))
    # the store hands events back in id order, through JSON
    return [(a, [Event.from_dict(e.to_dict()) for e in sorted(found[a.id], key=lambda e: e.id)])
            for a in articles]


def _stored_but_the_latest(store: Any, extracted: list[tuple[Article, list[Event]]]) -> tuple[Article, list[Event]]:
    """Store every sample article but the latest and refresh; the latest, with its events."""
    by_date = sorted(extracted, key=lambda ae: (ae[0].published or "", ae[0].id))
    for article, events in by_date[:-1]:
        store.add_article(article, events)
    refresh_derived(store, today=TODAY)
    return by_date[-1]


@pytest.mark.parametrize("period", ["month", "week"])
def test_relations_update_gives_the_index_of_all_events(extracted: list[tuple[Article, list[Event]]],
                                                        period: str) -> None:
    events = [e for _, evs in extracted for e in evs]
    ids = [a.id for a, _ in extracted]
    full = [s.to_dict() for s in relations_index(events, period=period)]
    assert len(full) > 10
    for new in ({ids[-1]}, set(ids[::3]), set(ids[1::2]), set(ids)):
        before = relations_index([e for e in events if e.doc_id not in new], period=period)
        got = relations_update(before, events, new, period=period)
        assert [s.to_dict() for s in got] == full
    # nothing new: the scores given, as they were
    assert [s.to_dict() for s in relations_update(relations_index(events, period=period), events, set(),
                                                  period=period)] == full


def test_adding_articles_step_by_step_ends_as_a_full_rebuild(
        extracted: list[tuple[Article, list[Event]]], store_url: str, tmp_path: Path) -> None:
    by_date = sorted(extracted, key=lambda ae: (ae[0].published or "", ae[0].id))
    # about half, then one or two at a time: later news, and once a report from before the others
    first = [ae for i, ae in enumerate(by_date[:9]) if i != 5]
    steps = [first, [by_date[9]], [by_date[10], by_date[5]], [by_date[11]], by_date[12:]]
    assert sum(len(s) for s in steps) == len(by_date)
    with open_store(store_url) as store:
        for n, step in enumerate(steps):
            for article, events in step:
                assert store.add_article(article, events)
            refresh_derived(store, today=TODAY)
            want = _rebuilt(store, tmp_path / f"full{n}.db")
            got = _derived(store)
            for kind in DERIVED_KINDS:
                for i, (g, w) in enumerate(zip(got[kind], want[kind], strict=False)):
                    assert g == w, (n, kind, i, {k: (g.get(k), w.get(k)) for k in g if g.get(k) != w.get(k)})
                assert len(got[kind]) == len(want[kind]), (n, kind)
            last = store.get_derived(LAST_REFRESH, "state")
            assert last is not None and sorted(last["value"]["articles"]) == sorted(
                a.id for a in store.iter_articles())
        assert got["relations"] and got["relations_week"] and got["stories"]


def test_relations_the_new_articles_do_not_touch_are_kept(
        extracted: list[tuple[Article, list[Event]]], store_url: str, tmp_path: Path) -> None:
    """The scores of pairs and periods no new event counts for are taken as stored, not computed
    again: a stored score altered by hand stays through an incremental refresh, and a refresh
    that cannot trust what is stored (an article it read is gone) computes everything again."""
    with open_store(store_url) as store:
        last, events = _stored_but_the_latest(store, extracted)
        touched = {(r.a, r.b) for r in relations_index(events)}  # pairs whose trends are judged again
        items = store.derived_items("relations")
        at = next(i for i, (_, r) in enumerate(items) if (r["a"], r["b"]) not in touched)
        key, record = items[at]
        store.upsert_derived("relations", [(key, {**record, "reason": "altered by the test"})])
        store.add_article(last, events)
        refresh_derived(store, today=TODAY)
        kept = {k: r for k, r in store.derived_items("relations")}
        assert kept[key]["reason"] == "altered by the test"
        want = _rebuilt(store, tmp_path / "full.db")
        assert [r for r in store.list_derived("relations") if r["reason"] != "altered by the test"] == \
            [r for r in want["relations"] if (r["a"], r["b"], r["period"]) != (record["a"], record["b"], record["period"])]
        # the last refresh names an article no longer stored: nothing stored is reused
        state = store.get_derived(LAST_REFRESH, "state")
        assert state is not None
        state["value"]["articles"].append("no-such-article")
        store.upsert_derived(LAST_REFRESH, [("state", state)])
        refresh_derived(store, today=TODAY)
        assert _derived(store) == want


def test_write_changed_writes_from_the_first_difference_and_keeps_the_order(store_url: str) -> None:
    def rows(*names: str) -> list[tuple[str, dict[str, Any]]]:
        return [(n, {"outlet": n, "n_articles": len(n), "span": (0, len(n))}) for n in names]

    with open_store(store_url) as store:
        store.replace_derived("outlets", rows("a", "b", "c", "d"))
        for want in (rows("a", "b", "c", "d"), rows("a", "x", "b", "c", "d"), rows("a", "x", "c"),
                     rows("a", "x", "c", "e", "f"), rows("z"), []):
            write_changed(store, "outlets", want, store.derived_items("outlets"))
            assert store.derived_items("outlets") == [(k, {**r, "span": list(r["span"])}) for k, r in want]
            assert store.list_derived("outlets") == [{**r, "span": list(r["span"])} for _, r in want]


def test_kept_blocks_with_the_new_events_are_the_blocks_of_all(extracted: list[tuple[Article, list[Event]]]) -> None:
    """The story blocks kept from a refresh, joined with the events of the new articles only,
    are the blocks of all events, and the stories are those of a clustering of all events."""
    from detente.derive.cache import RefreshCache
    from detente.reconcile.cluster import cluster_events
    from detente.reconcile.incremental import BLOCKS, blocks, cluster_incremental

    articles = {a.id: a for a, _ in extracted}
    events = [e for _, evs in extracted for e in evs]
    whole = sorted(sorted(e.id for e in b) for b in blocks(events, articles))
    want = sorted((s.to_dict() for s in cluster_events(events, articles, [])), key=lambda s: s["id"])
    ids = [a.id for a, _ in extracted]
    for new in ({ids[-1]}, set(ids[::3]), set(ids[1::2])):
        cache = RefreshCache()
        cluster_incremental([e for e in events if e.doc_id not in new], articles, [], cache)
        assert cache.entries[BLOCKS]
        kept = RefreshCache({k: v for k, v in cache.entries.items()})
        got = cluster_incremental(events, articles, [], kept, new=new)
        assert sorted(b["events"] for b in kept.entries[BLOCKS].values()) == whole
        assert sorted((s.to_dict() for s in got), key=lambda s: s["id"]) == want


def _copy_of(article: Article, *, aid: str, published: str | None, outlet: str) -> Article:
    """A republished copy: the same text under another header, with a line of its own."""
    return Article(id=aid, text=f"{outlet} reports.\n{article.text}\nRepublished with permission.",
                   published=published, language=article.language, genre=article.genre, outlet=outlet,
                   title=article.title)


def test_copies_of_new_articles_are_those_of_a_search_over_all(
        extracted: list[tuple[Article, list[Event]]]) -> None:
    """Looking only for pairs with a new article, through the band index of the others, finds
    what a search over every article finds: copies of old articles, an old article that turns
    out to copy a new one (published before it), and copies among the new ones."""
    from detente.derive.copies import CopiesSince, band_index, find_copies, text_signature

    articles = [a for a, _ in extracted]
    first, second = articles[0], articles[1]
    made = [_copy_of(first, aid="copy-later", published="2026-01-01", outlet="Wire A"),
            _copy_of(second, aid="copy-earlier", published="1999-01-01", outlet="Wire B"),
            _copy_of(first, aid="copy-again", published="2026-01-02", outlet="Wire C")]
    everything = articles + made
    full = find_copies(everything)
    assert {(c.article_id, c.copy_of) for c in full} >= {
        ("copy-later", first.id), (second.id, "copy-earlier"), ("copy-again", first.id)}
    sigs = {a.id: text_signature(a.text) for a in everything}
    for new in ({"copy-later"}, {"copy-earlier"}, {"copy-later", "copy-again"}, {first.id, "copy-again"},
                {a.id for a in everything[::2]}):
        others = [a for a in everything if a.id not in new]
        index = band_index({a.id: sigs[a.id] for a in others})
        asked: set[str] = set()

        def buckets(keys: set[str], index: dict[str, list[str]] = index, asked: set[str] = asked) -> dict[str, list[str]]:
            asked.update(keys)
            return {k: index.get(k, []) for k in keys}

        since = CopiesSince(known=find_copies(others), new=new, buckets=buckets)
        got = find_copies(everything, signatures={a: sigs[a] for a in new}, since=since)
        assert got == full, new
        assert asked and len(asked) <= 24 * len(new)


def test_the_refresh_reads_only_the_new_articles_signatures(
        extracted: list[tuple[Article, list[Event]]], store_url: str, tmp_path: Path) -> None:
    """After the first refresh, the copies a new article makes are found from its own signature
    and the kept band index: with the stored signatures of the other articles removed, a copy
    of one of them is still found, they are not computed again, and the stored records are
    those of a full rebuild."""
    from detente.pipeline import COPY_BANDS, MINHASH

    by_date = sorted(extracted, key=lambda ae: (ae[0].published or "", ae[0].id))
    with open_store(store_url) as store:
        for article, events in by_date:
            store.add_article(article, events)
        refresh_derived(store, today=TODAY)
        assert store.count_derived(COPY_BANDS) >= 24
        old = [a.id for a, _ in by_date]
        store.delete_derived(MINHASH, old)
        original = by_date[3][0]
        copy = _copy_of(original, aid="copy-of-3", published="2026-01-01", outlet="Wire A")
        assert store.add_article(copy, [])
        refresh_derived(store, today=TODAY)
        assert ("copy-of-3", original.id) in {(c["article_id"], c["copy_of"]) for c in store.list_derived("copies")}
        assert {r["id"] for r in store.list_derived(MINHASH)} == {"copy-of-3"}
        want = _rebuilt(store, tmp_path / "full.db")
        got = _derived(store)
        for kind in DERIVED_KINDS:
            assert got[kind] == want[kind], kind


def test_headlines_are_chosen_again_only_for_stories_that_changed(
        extracted: list[tuple[Article, list[Event]]], store_url: str, tmp_path: Path) -> None:
    """A story's kept headline is taken while its events, reports and copies are the ones it
    was chosen from: one altered by hand stays through a refresh that adds an article, and is
    chosen again (as a full rebuild chooses it) once what it was chosen from differs."""
    from detente.reconcile import HEADLINES

    with open_store(store_url) as store:
        last, events = _stored_but_the_latest(store, extracted)
        story = store.list_derived("stories")[0]
        kept = store.get_derived(HEADLINES, story["id"])
        assert kept is not None and kept["value"]["headline"] == story["headline"]
        altered = {**kept, "value": {**kept["value"], "headline": "altered by the test"}}
        store.upsert_derived(HEADLINES, [(story["id"], altered)])
        store.add_article(last, events)
        cache = load_cache(store)
        refresh_derived(store, today=TODAY, cache=cache)
        assert 0 < cache.computed[HEADLINES] < store.count_derived("stories")
        now = {s["id"]: s for s in store.list_derived("stories")}
        if set(now[story["id"]]["event_ids"]) == set(story["event_ids"]):
            assert now[story["id"]]["headline"] == "altered by the test"
        stale = store.get_derived(HEADLINES, story["id"])
        assert stale is not None
        store.upsert_derived(HEADLINES, [(story["id"], {**stale, "value": {**stale["value"], "from": "changed"}})])
        refresh_derived(store, today=TODAY)
        assert _derived(store) == _rebuilt(store, tmp_path / "full.db")


def test_the_refresh_reads_the_events_of_the_articles_it_needs_only(
        extracted: list[tuple[Article, list[Event]]], store_url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first refresh, one more article is refreshed without reading every stored
    event: the events are read by article (the new one's, those of the blocks it touches and
    of the articles whose claims are linked again), fewer than the sample articles among the
    66 stored, and what is stored is still what a full rebuild gives."""
    from detente.bench import synthetic_articles

    by_date = sorted(extracted, key=lambda ae: (ae[0].published or "", ae[0].id))
    others = [(article, events) for article, events, _ in synthetic_articles(400, seed=3)]
    with open_store(store_url) as store:
        for article, events in [*others, *by_date[:-1]]:
            store.add_article(article, events)
        refresh_derived(store, today=TODAY)
        read: list[str] = []
        given = store.events_of_articles

        def by_ids(ids: Any) -> dict[str, list[Event]]:
            ids = list(ids)
            read.extend(ids)
            return given(ids)

        def every() -> dict[str, list[Event]]:
            raise AssertionError("every stored event was read")

        monkeypatch.setattr(store, "events_of_articles", by_ids)
        monkeypatch.setattr(store, "events_by_article", every)
        last, events = by_date[-1]
        last = dataclasses.replace(last, published="2026-02-01")  # after every other, as a feed's news
        store.add_article(last, events)
        refresh_derived(store, today=TODAY)
        assert last.id in read and len(set(read)) == len(read) < len(by_date), len(read)
        monkeypatch.undo()
        want = _rebuilt(store, tmp_path / "full.db")
        got = _derived(store)
        for kind in DERIVED_KINDS:
            assert got[kind] == want[kind], kind


@pytest.mark.parametrize("dated_first", [True, False])
def test_an_undated_report_joins_a_kept_story_as_a_full_rebuild_joins_it(store_url: str, tmp_path: Path,
                                                                         dated_first: bool) -> None:
    """The undated pass reads what it needs of each story from the story's kept cluster: an
    undated report added after its dated story was stored joins it, and a dated report added
    after an undated one takes it in, both as a full rebuild does."""
    from detente.model import ActorRef, Location

    vienna = Location(text="Vienna", name="Vienna", country="AUT", admin1="09", lat=48.2, lon=16.37)

    def report(aid: str, day: str | None, sentence: str) -> tuple[Article, list[Event]]:
        article = Article(id=aid, text=sentence, outlet=f"Outlet {aid}", published=day, language="en", genre="news")
        event = Event(id=f"{aid}-e", doc_id=aid, sentence=sentence, span=(0, len(sentence)), trigger="signed",
                      event_type="AGREE", actors=[ActorRef("Armenia", "Armenia", "ARM")],
                      recipients=[ActorRef("Azerbaijan", "Azerbaijan", "AZE")], reciprocal=True, date=day,
                      date_precision="day" if day else None, location=vienna)
        return article, [event]

    dated = report("dated", "2026-04-08", "Armenia and Azerbaijan signed an accord in Vienna on Wednesday.")
    undated = report("page", None, "Armenia and Azerbaijan signed an accord on Wednesday in Vienna.")
    with open_store(store_url) as store:
        for article, events in ([dated, undated] if dated_first else [undated, dated]):
            assert store.add_article(article, events)
            refresh_derived(store, today=TODAY)
        assert any({"dated", "page"} <= set(s["article_ids"]) for s in store.list_derived("stories"))
        assert _derived(store) == _rebuilt(store, tmp_path / "full.db")


def test_stories_are_stored_in_the_order_of_their_rank_whatever_the_order_written(store_url: str) -> None:
    """Most events first, then by date as text (a year before its months, undated last), then
    by id: a story written later, or updated by key with more events, takes its place."""
    def story(sid: str, n: int, day: str | None) -> tuple[str, dict[str, Any]]:
        return sid, {"id": sid, "event_ids": [f"{sid}-{i}" for i in range(n)], "date": day, "actors": []}

    with open_store(store_url) as store:
        store.replace_derived("stories", [story("st-b", 1, "2025-03-02"), story("st-a", 2, None)])
        store.upsert_derived("stories", [story("st-c", 1, "2025-03"), story("st-d", 1, "2025"),
                                         story("st-e", 1, "2025-03-02"), story("st-f", 1, None)])
        assert [s["id"] for s in store.list_derived("stories")] == ["st-a", "st-d", "st-c", "st-b", "st-e", "st-f"]
        store.upsert_derived("stories", [story("st-f", 3, None)])
        assert [k for k, _ in store.derived_items("stories")] == ["st-f", "st-a", "st-d", "st-c", "st-b", "st-e"]
        assert [s["id"] for s in store.list_stories(StoryQuery(limit=3, offset=1))] == ["st-a", "st-d", "st-c"]


def test_only_the_stories_that_changed_are_written(
        extracted: list[tuple[Article, list[Event]]], store_url: str, tmp_path: Path) -> None:
    """A story is written again only when it differs from the one written last (its kept
    digest): one altered by hand stays through a refresh that does not change it; a refresh
    after one that was cut short (no record of its end) writes them all, as a full rebuild."""
    with open_store(store_url) as store:
        last, events = _stored_but_the_latest(store, extracted)
        mine = {e.id for e in events}
        key, record = next((k, r) for k, r in store.derived_items("stories") if not mine & set(r["event_ids"])
                           and len(r["event_ids"]) == 1)
        store.upsert_derived("stories", [(key, {**record, "merge_reasons": ["altered by the test"]})])
        store.add_article(last, events)
        refresh_derived(store, today=TODAY)
        now = dict(store.derived_items("stories"))
        assert now[key]["merge_reasons"] == ["altered by the test"]
        want = _rebuilt(store, tmp_path / "full.db")
        assert [s for s in store.list_derived("stories") if s["id"] != key] == \
            [s for s in want["stories"] if s["id"] != key]
        store.delete_derived(LAST_REFRESH, ["state"])
        refresh_derived(store, today=TODAY)
        assert _derived(store) == want


def test_claims_are_linked_again_only_in_articles_whose_stories_changed(
        extracted: list[tuple[Article, list[Event]]], store_url: str, tmp_path: Path) -> None:
    """An article's kept claim links are taken while its claims and the stories of its events
    are the ones they were worked out from: links altered by hand stay through a refresh that
    adds a copy (no event of its own), and are worked out again, as a full rebuild does, once
    what they came from differs."""
    from detente.reconcile import LINKS

    with open_store(store_url) as store:
        _stored_but_the_latest(store, extracted)
        links = {r["id"]: r for r in store.list_derived(LINKS)}
        assert len(links) >= 3
        aid, entry = sorted(links.items())[1]
        altered = {**entry, "value": {**entry["value"],
                                      "links": [["st-altered", subject] for _, subject in entry["value"]["links"]]}}
        store.upsert_derived(LINKS, [(aid, altered)])
        original = next(a for a, _ in extracted if a.id == sorted(links)[0])
        assert store.add_article(_copy_of(original, aid="copy-of-first", published="2026-01-01", outlet="Wire A"), [])
        cache = load_cache(store)
        refresh_derived(store, today=TODAY, cache=cache)
        assert cache.computed[LINKS] <= 1
        assert {c["story_id"] for c in store.list_derived("claims") if c["article_id"] == aid} == {"st-altered"}
        stale = store.get_derived(LINKS, aid)
        assert stale is not None
        store.upsert_derived(LINKS, [(aid, {**stale, "value": {**stale["value"], "from": "changed"}})])
        refresh_derived(store, today=TODAY)
        assert _derived(store) == _rebuilt(store, tmp_path / "full.db")
