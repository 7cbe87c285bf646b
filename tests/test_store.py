"""The storage suite, run on every backend: SQLite (always) and PostgreSQL (when a server is
given in DETENTE_TEST_PG, which scripts/setup.d/postgres.sh sets).  Migrations, idempotent and
atomic adds, filters, full-text search, derived records, two writers at once, clear errors."""

from __future__ import annotations

import random
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import BACKENDS, make_first_version_sqlite
from detente.errors import ConfigError, StoreError
from detente.model import ActorRef, Article, Event, Location, Segment, content_id
from detente.store import ArticleQuery, EventQuery, Store, open_store
from detente.store import postgres as pg_backend
from detente.store import sqlite as sqlite_backend


def _article(text: str, **kw: object) -> Article:
    return Article(id=content_id(text), text=text, **kw)  # type: ignore[arg-type]


def _event(doc: Article, trigger: str, etype: str, actors: list[tuple[str, str]], recips: list[tuple[str, str]],
           date: str | None, place: Location | None = None, modality: str = "asserted") -> Event:
    start = doc.text.index(trigger)
    return Event(
        id=Event.make_id(doc.id, start, trigger, etype), doc_id=doc.id, sentence=doc.text, span=(0, len(doc.text)),
        trigger=trigger, event_type=etype,
        actors=[ActorRef(n, n, c) for n, c in actors], recipients=[ActorRef(n, n, c) for n, c in recips],
        date=date, date_precision={None: None, 4: "year", 7: "month", 10: "day"}[len(date) if date else None],
        location=place, modality=modality,
    )


# -- backends ----------------------------------------------------------------------------------
@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()


def _migration_names(store: Store) -> list[str]:
    module: Any = pg_backend if store.url.startswith("postgresql") else sqlite_backend
    return [name for name, _ in module.MIGRATIONS]


@pytest.fixture
def filled(store):  # type: ignore[no-untyped-def]
    a = _article("Rubio met Lavrov in Riyadh on Tuesday; they agreed to restore embassies.",
                 outlet="Harbor Ledger", published="2025-02-19", title="Riyadh talks",
                 segments=[Segment(0, 20, "news")])
    b = _article("Kyiv rejected the plan. Moscow threatened new strikes.", outlet="Baltic Wire",
                 published="2025-03-02")
    riyadh = Location("Riyadh", "Riyadh", "SAU", "10", 24.69, 46.72)
    store.add_article(a, [
        _event(a, "met", "CONSULT", [("Marco Rubio", "USA")], [("Sergey Lavrov", "RUS")], "2025-02-18", riyadh),
        _event(a, "agreed", "AGREE", [("Marco Rubio", "USA")], [("Sergey Lavrov", "RUS")], "2025-02"),
    ])
    store.add_article(b, [
        _event(b, "rejected", "REJECT", [("Kyiv", "UKR")], [], None),
        _event(b, "threatened", "THREATEN", [("Moscow", "RUS")], [("Ukraine", "UKR")], "2025-03-01",
               modality="future"),
    ])
    return store, a, b


def test_migrations_are_named_recorded_and_not_repeated(store_url: str) -> None:
    s = open_store(store_url)
    assert s.applied_migrations() == _migration_names(s)
    assert s.migrate() == []
    s.close()
    again = open_store(store_url)
    assert again.applied_migrations() == _migration_names(again) and again.migrate() == []
    again.close()


def test_sqlite_uses_write_ahead_log(tmp_path: Path) -> None:
    open_store(str(tmp_path / "m.db")).close()
    conn = sqlite3.connect(tmp_path / "m.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT COUNT(*) FROM _migrations").fetchone()[0] == len(sqlite_backend.MIGRATIONS)


def _old_sqlite(tmp_path: Path) -> str:
    """A database as the first version left it: only the first migration, one article."""
    return str(make_first_version_sqlite(tmp_path / "old.db", "Talks in Geneva resumed."))


def _old_postgres(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        conn.execute(pg_backend.MIGRATIONS[0][1])
        conn.execute("INSERT INTO _migrations VALUES (%s, 'then')", (pg_backend.MIGRATIONS[0][0],))
        conn.execute("INSERT INTO articles (id, text, ingested_at) VALUES ('old1', 'Talks in Geneva resumed.', 'then')")
    return url


@pytest.mark.parametrize("backend", BACKENDS)
def test_older_database_is_migrated_forward(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    url = _old_postgres(request.getfixturevalue("pg_url")) if backend == "postgresql" else _old_sqlite(tmp_path)
    s = open_store(url)
    assert s.applied_migrations() == _migration_names(s)
    assert [h.article_id for h in s.search("Geneva")] == ["old1"]  # the search index covers old rows
    assert s.get_article("old1") is not None and s.count_articles() == 1
    s.close()


def test_add_is_idempotent_and_atomic(filled) -> None:  # type: ignore[no-untyped-def]
    store, a, b = filled
    assert store.add_article(a, []) is False
    assert store.count_articles() == 2
    assert store.count_events() == 4
    got = store.get_article(a.id)
    assert got is not None and got.segments == [Segment(0, 20, "news")] and got.outlet == "Harbor Ledger"
    many = store.get_articles([a.id, "no-such-article", a.id, b.id])  # a download's articles at once
    assert many == {a.id: got, b.id: store.get_article(b.id)}


def test_failed_article_leaves_nothing_behind(store) -> None:  # type: ignore[no-untyped-def]
    a = _article("Talks were held in Istanbul.")
    bad = Event(id="x", doc_id="no-such-article", sentence="s", span=(0, 1), trigger="t", event_type="CONSULT")
    with pytest.raises(StoreError):
        store.add_article(a, [bad])  # the foreign key fails: the article must not be half-stored
    assert store.count_articles() == 0 and store.count_events() == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(country="rus"), {"CONSULT", "AGREE", "THREATEN"}),
        (EventQuery(actor="lavrov"), {"CONSULT", "AGREE"}),
        (EventQuery(event_type="consult"), {"CONSULT"}),
        (EventQuery(since="2025-02-15", until="2025-02-28"), {"CONSULT", "AGREE"}),
        (EventQuery(until="2025-02"), {"CONSULT", "AGREE"}),
        (EventQuery(place="riyadh"), {"CONSULT"}),
        (EventQuery(place="SAU"), {"CONSULT"}),
        (EventQuery(outlet="baltic"), {"REJECT", "THREATEN"}),
        (EventQuery(modality="future"), {"THREATEN"}),
        (EventQuery(actor="%"), set()),  # LIKE wildcards are escaped, not interpreted
        (EventQuery(actor="' OR 1=1 --"), set()),
        (EventQuery(text="EMBASSIES"), {"CONSULT", "AGREE"}),  # words of the evidence sentence
        (EventQuery(text="moscow threatened"), {"REJECT", "THREATEN"}),  # both share the sentence
    ],
)
def test_event_filters(filled, query: EventQuery, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = filled
    assert {e.event_type for e in store.list_events(query)} == expected


def test_paging_and_article_filters(filled) -> None:  # type: ignore[no-untyped-def]
    store, a, b = filled
    first = store.list_events(EventQuery(limit=2))
    rest = store.list_events(EventQuery(limit=10, offset=2))
    assert len(first) == 2 and len(rest) == 2 and not {e.id for e in first} & {e.id for e in rest}
    assert [x.id for x in store.list_articles(ArticleQuery(since="2025-03-01"))] == [b.id]
    assert [x.id for x in store.list_articles(ArticleQuery(outlet="Harbor Ledger"))] == [a.id]


def test_orders_and_filtered_counts(filled) -> None:  # type: ignore[no-untyped-def]
    store, a, b = filled
    oldest_first = [e.date for e in store.list_events(EventQuery())]
    assert oldest_first == ["2025-02", "2025-02-18", "2025-03-01", None]  # undated last
    assert [e.date for e in store.list_events(EventQuery(order="-date"))] == ["2025-03-01", "2025-02-18", "2025-02", None]
    assert [x.id for x in store.list_articles(ArticleQuery(order="-date"))] == [b.id, a.id]
    assert [x.id for x in store.list_articles(ArticleQuery(until="2025-02"))] == [a.id]
    assert store.count_matching_events(EventQuery(country="RUS", limit=1)) == 3
    assert store.count_matching_events(EventQuery(since="2025-03-01")) == 1
    assert store.count_matching_articles(ArticleQuery(outlet="Baltic Wire")) == 1


def test_country_counts_in_date_ranges_follow_every_write(store) -> None:  # type: ignore[no-untyped-def]
    """Counts of a country in a date range (summed per day) equal the events a page lists, after
    adds, an event replaced with another date and parties, and an event deleted."""
    rng = random.Random(8)
    dates = [None, "2025", "2025-02", "2025-03", "2025-02-14", "2025-02-28", "2025-03-01", "2025-03-17"]
    parties = [("Kyiv", "UKR"), ("Moscow", "RUS"), ("Washington", "USA")]
    for n in range(12):
        doc = _article(f"Bulletin {n}: envoys met, talked and agreed on a further round.")
        events = [_event(doc, trigger, "CONSULT", [rng.choice(parties)], [rng.choice(parties)], rng.choice(dates))
                  for trigger in ("met", "talked", "agreed")]
        if n == 11:  # the same event stored twice in one article: the second (other date, parties) is kept
            events.append(replace(events[0], date="2025-02-14", date_precision="day",
                                  actors=[ActorRef("Riyadh", "Riyadh", "SAU")]))
        store.add_article(doc, events)
    victim = store.list_events(EventQuery(country="UKR", since="2025-02-01", limit=1))[0]
    store.conn.execute("DELETE FROM events WHERE id = " + ("%s" if store.url.startswith("postgresql") else "?"),
                       (victim.id,))
    assert store.get_event(victim.id) is None
    every = [e for events in store.events_by_article().values() for e in events]
    for country in ("UKR", "RUS", "USA", "SAU"):
        for since in (None, "2025", "2025-02", "2025-02-14", "2025-03-01"):
            for until in (None, "2025", "2025-02", "2025-02-28", "2025-03"):
                q = EventQuery(country=country, since=since, until=until, limit=1000)
                assert store.count_matching_events(q) == len(store.list_events(q)), q
        # a country alone: dated events in date order (doc_id, id within a date), undated ones last
        mine = sorted((e for e in every if country in {r.country for r in (*e.actors, *e.recipients)}),
                      key=lambda e: (e.doc_id, e.id))
        for order in ("date", "-date"):
            want = sorted(mine, key=lambda e: e.date or "", reverse=order == "-date")
            want.sort(key=lambda e: e.date is None)
            for offset, limit in ((0, 1000), (0, 3), (4, 5), (len(want) - 2, 5)):
                q = EventQuery(country=country, order=order, limit=limit, offset=max(offset, 0))
                assert [e.id for e in store.list_events(q)] == [e.id for e in want[q.offset:q.offset + limit]], q
        assert store.count_matching_events(EventQuery(country=country)) == len(mine)


def test_full_text_search_is_ranked_and_inert(filled) -> None:  # type: ignore[no-untyped-def]
    store, a, b = filled
    hits = store.search("embassies Riyadh")
    assert [h.article_id for h in hits] == [a.id]
    assert "[" in hits[0].snippet
    # FTS5 operators in user text are taken as words, never as query syntax
    assert store.search('Kyiv" OR "Riyadh') == [] or all(h.article_id == b.id for h in store.search("Kyiv"))
    assert store.search("NEAR(Kyiv Moscow)") == []
    with pytest.raises(ConfigError):
        store.search("!!!")


def test_search_ranks_within_the_most_recently_stored_matches(store) -> None:  # type: ignore[no-untyped-def]
    """A word found in every article is ranked among the newest ``window`` matches only: the
    page says how many were ranked and that older ones exist; a narrower query ranks them all."""
    docs = [_article(f"Report {n}: envoys discussed the ceasefire" + " ceasefire" * (n % 3) + f" in round {n}.",
                     title=f"Round {n}") for n in range(6)]
    for doc in docs:
        store.add_article(doc, [])
    page = store.search_page("ceasefire", limit=10, window=4)
    assert (page.ranked, page.more) == (4, True)
    newest = {d.id for d in docs[2:]}
    assert {h.article_id for h in page.hits} == newest  # the two stored first are not ranked
    ranks = [h.rank for h in page.hits]
    assert ranks == sorted(ranks)
    assert page.hits[0].article_id == docs[5].id  # "ceasefire" three times: the best, and newer than docs[2]
    assert all("[" in h.snippet for h in page.hits)
    assert [h.article_id for h in store.search_page("ceasefire", limit=2, offset=2, window=4).hits] == \
        [h.article_id for h in page.hits[2:4]]
    assert store.search_page("ceasefire", limit=10, offset=4, window=4).hits == []
    whole = store.search_page("ceasefire round", limit=10, window=6)
    assert (whole.ranked, whole.more) == (6, False)
    assert store.search_page("round 1", window=4).ranked == 1  # few matches: every one ranked


def test_derived_records_are_replaced_whole(store) -> None:  # type: ignore[no-untyped-def]
    store.replace_derived("stories", [("s1", {"id": "s1"}), ("s2", {"id": "s2"})])
    store.replace_derived("stories", [("s3", {"id": "s3"})])
    assert store.list_derived("stories") == [{"id": "s3"}]
    assert store.list_derived("milestones") == []


def test_unusable_database_files_give_clear_errors(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError) as err:
        open_store(str(not_db))
    assert "not a détente database" in str(err.value) or "not a database" in str(err.value)
    assert not_db.read_text().startswith("this is not a database")  # nothing overwritten
    with pytest.raises(ConfigError) as cfg:
        open_store("mysql://somewhere/db")
    assert "postgresql://" in str(cfg.value)
    with pytest.raises(ConfigError):
        open_store("sqlite://")


def test_read_only_database_refuses_writes_without_damage(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    s = open_store(str(path))
    a = _article("The Jeddah meeting ended with a ceasefire proposal.")
    s.add_article(a, [])
    s.close()
    ro = open_store(str(path), readonly=True)
    with pytest.raises(StoreError) as err:
        ro.add_article(_article("Another report."), [])
    assert "read-only" in str(err.value)
    assert ro.count_articles() == 1
    ro.close()


def test_read_only_connection_refuses_writes(filled, store_url: str) -> None:  # type: ignore[no-untyped-def]
    _, a, _ = filled
    ro = open_store(store_url, readonly=True)
    try:
        with pytest.raises(StoreError) as err:
            ro.add_article(_article("Another report from Istanbul."), [])
        assert "read-only" in str(err.value)
        assert ro.count_articles() == 2 and ro.get_article(a.id) is not None
    finally:
        ro.close()


def test_unreachable_postgres_server_gives_clear_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as err:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "server running" in str(err.value)
    assert "secret" not in str(err.value)  # the password is not shown


def test_postgres_without_psycopg_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    with pytest.raises(ConfigError) as err:
        open_store("postgresql://user@127.0.0.1:5432/detente")
    assert "détente[postgres]" in str(err.value)


def _corpus(n: int) -> list[tuple[Article, list[Event]]]:
    items = []
    for i in range(n):
        doc = _article(f"Envoy {i} met officials in Riyadh and agreed to talk again in round {i}.",
                       outlet=f"Wire {i % 3}", published=f"2025-02-{1 + i % 28:02d}")
        items.append((doc, [
            _event(doc, "met", "CONSULT", [(f"Envoy {i}", "USA")], [("Officials", "RUS")], doc.published),
            _event(doc, "agreed", "AGREE", [(f"Envoy {i}", "USA")], [], doc.published),
        ]))
    return items


def _run_at_once(workers: list[Callable[[], Any]]) -> list[Any]:
    """Run the callables in threads started together; return their results, re-raise any error."""
    start = threading.Barrier(len(workers))
    results: list[Any] = [None] * len(workers)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = workers[i]()
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    if errors:
        raise errors[0]
    return results


def test_two_writers_at_once_store_each_article_once(store_url: str) -> None:
    corpus = _corpus(60)
    open_store(store_url).close()  # schema ready; the writers below race on the data

    def writer(order: list[tuple[Article, list[Event]]]) -> int:
        with open_store(store_url) as s:
            return sum(s.add_article(a, evs) for a, evs in order)

    added = _run_at_once([lambda: writer(corpus), lambda: writer(corpus[::-1])])
    assert sum(added) == 60  # each article added by exactly one of the writers
    with open_store(store_url) as s:
        assert s.count_articles() == 60 and s.count_events() == 120
        assert len({e.id for e in s.list_events(EventQuery(limit=1000))}) == 120
        assert len(s.list_events(EventQuery(country="RUS", limit=1000))) == 60


def test_two_processes_opening_a_fresh_database_migrate_once(store_url: str) -> None:
    stores = _run_at_once([lambda: open_store(store_url), lambda: open_store(store_url)])
    try:
        for s in stores:
            assert s.applied_migrations() == _migration_names(s)
    finally:
        for s in stores:
            s.close()
