"""Storage latency at scale: fill a store with synthetic events (bulk insert) and time the
dashboard's main queries through the Store interface, at growing sizes (10k → 100k → 1M events).

    .venv/bin/python benchmarks/bench_storage.py                          # SQLite, 10k,100k,1M
    .venv/bin/python benchmarks/bench_storage.py --pg postgresql://user@127.0.0.1:5432/db
    .venv/bin/python benchmarks/bench_storage.py --sizes 10000,100000 --runs 30

The PostgreSQL run uses a fresh schema (dropped afterwards).  Prints one table per backend:
p50 / p95 in milliseconds per query and size, and the time the bulk fill took.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from detente.model import PLOVER_TYPES, ActorRef, Article, Event, Location
from detente.store import ArticleQuery, EventQuery, Store, open_store
from detente.store.words import event_words, filter_key, joined_words, words

COUNTRIES = ["RUS", "UKR", "USA", "SAU", "TUR", "CHN", "FRA", "DEU", "GBR", "ARE", "QAT", "POL", "BLR", "IRN"]
PLACES = [("Riyadh", "SAU"), ("Istanbul", "TUR"), ("Geneva", "CHE"), ("Jeddah", "SAU"), ("Kyiv", "UKR"),
          ("Moscow", "RUS"), ("Anchorage", "USA"), ("Abu Dhabi", "ARE"), ("Minsk", "BLR"), ("Paris", "FRA")]
WORDS = ["ceasefire", "prisoners", "energy", "grain", "sanctions", "talks", "envoy", "memorandum", "drones",
         "security", "guarantees", "territory", "referendum", "exchange", "summit", "delegation"]
EVENTS_PER_ARTICLE = 10


def _day(rng: random.Random) -> str:
    return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def synthetic(start: int, stop: int, seed: int = 11) -> Iterator[tuple[Article, list[Event]]]:
    """Articles ``start`` … ``stop - 1`` with EVENTS_PER_ARTICLE events each (deterministic)."""
    for i in range(start, stop):
        rng = random.Random(seed * 1_000_003 + i)
        text = (f"Dispatch {i}: " + " ".join(rng.choice(WORDS) for _ in range(30)) + ".")
        article = Article(id=f"a{i:09d}", text=text, title=f"Dispatch {i}", outlet=f"Outlet {i % 40}",
                          published=_day(rng), language="en", genre="news")
        events = []
        for j in range(EVENTS_PER_ARTICLE):
            a, b = rng.sample(COUNTRIES, 2)
            place, pc = rng.choice(PLACES)
            events.append(Event(
                id=f"e{i:09d}{j:02d}", doc_id=article.id, sentence=text[:120], span=(0, 120), trigger="met",
                event_type=rng.choice(PLOVER_TYPES),
                actors=[ActorRef(a, a, a, "GOV")], recipients=[ActorRef(b, b, b, "GOV")],
                date=_day(rng) if rng.random() > 0.05 else None, date_precision="day",
                location=Location(place, place, pc), confidence=round(rng.random(), 3),
            ))
        yield article, events


# -- bulk loaders: one transaction, the backends' own tables ---------------------------------------
def fill_sqlite(store: Store, start: int, stop: int) -> None:
    conn: sqlite3.Connection = store.conn  # type: ignore[attr-defined]
    now = "2025-01-01T00:00:00+00:00"
    conn.execute("BEGIN")
    for article, events in synthetic(start, stop):
        conn.execute(
            "INSERT INTO articles (id, url, outlet, title, published, language, genre, categories, segments, "
            "text, origin, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (article.id, None, article.outlet, article.title, article.published, article.language,
             article.genre, "[]", "[]", article.text, "bench", now))
        conn.executemany(
            "INSERT INTO events (id, doc_id, event_type, date, modality, confidence, place, place_country, data, "
            "words) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(e.id, e.doc_id, e.event_type, e.date, e.modality, e.confidence,
              filter_key(e.location.name) if e.location else None,
              e.location.country if e.location else None, json.dumps(e.to_dict()),
              joined_words(event_words(e.sentence, e.trigger))) for e in events])
        conn.executemany(
            "INSERT INTO event_actors (event_id, role, country, org, name, text) VALUES (?,?,?,?,?,?)",
            [(e.id, role, r.country, r.org, filter_key(r.name), filter_key(r.text)) for e in events
             for role, refs in (("actor", e.actors), ("recipient", e.recipients)) for r in refs])
    conn.execute("COMMIT")
    conn.execute("ANALYZE")


def fill_postgres(store: Store, start: int, stop: int) -> None:
    from detente.store.postgres import actor_rows, event_row

    conn: Any = store.conn  # type: ignore[attr-defined]
    now = "2025-01-01T00:00:00+00:00"
    with conn.transaction(), conn.cursor() as cur:
        with cur.copy("COPY articles (id, outlet, title, published, language, genre, text, origin, ingested_at) "
                      "FROM STDIN") as copy:
            for article, _ in synthetic(start, stop):
                copy.write_row((article.id, article.outlet, article.title, article.published, article.language,
                                article.genre, article.text, "bench", now))
        with cur.copy("COPY events (id, doc_id, event_type, date, modality, confidence, place, place_country, "
                      "parties, data, words) FROM STDIN") as copy:
            for _, events in synthetic(start, stop):
                for e in events:
                    copy.write_row(event_row(e))
        with cur.copy("COPY event_actors (event_id, role, country, org, name, text) FROM STDIN") as copy:
            for _, events in synthetic(start, stop):
                for e in events:
                    for row in actor_rows(e):
                        copy.write_row(row)
    conn.execute("VACUUM ANALYZE articles")
    conn.execute("VACUUM ANALYZE events")
    conn.execute("VACUUM ANALYZE event_actors")


# -- the dashboard's main queries ---------------------------------------------------------------------
def queries(rng: random.Random) -> dict[str, Callable[[Store], object]]:
    def month() -> tuple[str, str]:
        m = rng.randint(1, 12)
        return f"2025-{m:02d}-01", f"2025-{m:02d}-28"

    turn = [0]

    def word() -> str:
        """The search page's words: a common one and a rare one ("Dispatch N": ten events) in turn."""
        turn[0] += 1
        return rng.choice(WORDS) if turn[0] % 2 else f"Dispatch {rng.randrange(1000)}"

    return {
        "count events": lambda s: s.count_events(),
        "events, newest page": lambda s: s.list_events(EventQuery(limit=50, order="-date")),
        "events by country + month": lambda s: s.list_events(
            EventQuery(country=rng.choice(COUNTRIES), since=month()[0], until=month()[1], limit=50)),
        "events by country": lambda s: s.list_events(EventQuery(country=rng.choice(COUNTRIES), limit=50)),
        "count by country": lambda s: s.count_matching_events(EventQuery(country=rng.choice(COUNTRIES))),
        "events by type": lambda s: s.list_events(EventQuery(event_type=rng.choice(PLOVER_TYPES), limit=50)),
        "events by type + month": lambda s: s.list_events(
            EventQuery(event_type=rng.choice(PLOVER_TYPES), since=month()[0], until=month()[1], limit=50)),
        "events page 100 (offset 5000)": lambda s: s.list_events(EventQuery(limit=50, offset=5000)),
        "articles, newest page": lambda s: s.list_articles(ArticleQuery(limit=50, order="-date")),
        "search two words": lambda s: s.search(f"{rng.choice(WORDS)} {rng.choice(WORDS)}", limit=20),
        "count by country + month": lambda s: s.count_matching_events(
            EventQuery(country=rng.choice(COUNTRIES), since=month()[0], until=month()[1])),
        "events with a word": lambda s: s.list_events(EventQuery(text=word(), limit=20, order="-date")),
        "count events with a word": lambda s: s.count_matching_events(EventQuery(text=word())),
    }


def measure(store: Store, runs: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(5)
    out = {}
    for name, run in queries(rng).items():
        run(store)  # warm
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            run(store)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        out[name] = (statistics.median(times), times[max(0, int(0.95 * len(times)) - 1)])
    return out


def _matches(e: Event, q: EventQuery) -> bool:
    """The event filters' meaning, in plain Python (dates compared at the event's own precision)."""
    parties = {c for r in (*e.actors, *e.recipients) for c in (r.country, r.org) if c}
    return ((not q.country or q.country.upper() in parties)
            and set(words(q.text)) <= set(event_words(e.sentence, e.trigger))
            and (not q.event_type or e.event_type == q.event_type.upper())
            and (not q.since or (e.date is not None and e.date >= q.since[:len(e.date)]))
            and (not q.until or (e.date is not None and e.date[:len(q.until)] <= q.until)))


def check(store: Store, n: int) -> int:
    """Compare ``n`` random filtered pages and counts with a plain-Python evaluation of the same
    filters over every event; raise AssertionError on the first difference."""
    every = [e for events in store.events_by_article().values() for e in events]
    rng = random.Random(17)
    for _ in range(n):
        since = rng.choice([None, "2025", f"2025-{rng.randint(1, 12):02d}", _day(rng)])
        until = rng.choice([None, "2025", f"2025-{rng.randint(1, 12):02d}", _day(rng)])
        text = rng.choice([None, None, rng.choice(WORDS), f"{rng.choice(WORDS)} {rng.choice(WORDS)}",
                           f"Dispatch {rng.randrange(10_000)}", "zebra"])
        q = EventQuery(country=rng.choice([None, *COUNTRIES]), event_type=rng.choice([None, *PLOVER_TYPES]),
                       since=since, until=until, text=text, limit=50, offset=rng.choice([0, 50]),
                       order=rng.choice(["date", "-date"]))
        want = sorted((e for e in every if _matches(e, q)), key=lambda e: (e.doc_id, e.id))
        want.sort(key=lambda e: e.date or "", reverse=q.order == "-date")
        want.sort(key=lambda e: e.date is None)
        got = store.list_events(q)
        assert [e.id for e in got] == [e.id for e in want[q.offset:q.offset + q.limit]], q
        assert store.count_matching_events(q) == len(want), q
    return n


def prewarm(backend: str, store: Store) -> float:
    """Read the whole store once into the operating system's page cache (PostgreSQL: every table
    and index of the store's schema with pg_prewarm), as on a server that has been answering
    the dashboard for a while; returns the seconds it took."""
    t0 = time.perf_counter()
    if backend == "sqlite":
        for path in (Path(str(store.path)), Path(f"{store.path}-wal")):  # type: ignore[attr-defined]
            if path.exists():
                with path.open("rb") as f:
                    while f.read(1 << 22):
                        pass
    else:
        conn: Any = store.conn  # type: ignore[attr-defined]
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        conn.execute("SELECT pg_prewarm(c.oid, 'read') FROM pg_class c "
                     "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i', 't')")
    return time.perf_counter() - t0


def bench(backend: str, store: Store, sizes: list[int], runs: int, fill_only: bool = False,
          checks: int = 0, warm: bool = False) -> None:
    fill = fill_sqlite if backend == "sqlite" else fill_postgres
    results: dict[int, dict[str, tuple[float, float]]] = {}
    have = store.count_events() // EVENTS_PER_ARTICLE  # a kept store (--keep) is reused as it is
    for size in sizes:
        articles = size // EVENTS_PER_ARTICLE
        if articles < have:
            print(f"[{backend}] {size:,} events: the kept store already holds more, skipped", flush=True)
            continue
        if articles > have:
            t0 = time.perf_counter()
            fill(store, have, articles)
            print(f"[{backend}] filled to {store.count_events():,} events in {time.perf_counter() - t0:.1f} s",
                  flush=True)
            have = articles
        if checks:
            print(f"[{backend}] {check(store, checks)} random queries equal to the plain evaluation", flush=True)
        if warm and not fill_only:
            print(f"[{backend}] store read into the page cache in {prewarm(backend, store):.1f} s", flush=True)
        if not fill_only:
            results[size] = measure(store, runs)
    if not results:
        return
    sizes = list(results)
    names = list(next(iter(results.values())))
    print(f"\n{backend}: p50 / p95 in ms ({runs} runs each)")
    print("| query | " + " | ".join(f"{s:,} events" for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name in names:
        cells = [f"{results[s][name][0]:.1f} / {results[s][name][1]:.1f}" for s in sizes]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--pg", help="a PostgreSQL server URL (a throwaway schema is used)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--keep", metavar="NAME",
                        help="keep the stores for later runs: SQLite file NAME.db, PostgreSQL schema NAME; "
                             "an existing one is reused (opening it applies new migrations) and only topped up")
    parser.add_argument("--fill-only", action="store_true", help="fill the stores, time nothing")
    parser.add_argument("--check", type=int, default=0, metavar="N",
                        help="before timing, compare N random filtered queries with a plain evaluation")
    parser.add_argument("--prewarm", action="store_true",
                        help="before timing, read the store into the page cache (steady state of a busy server)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(f"{args.keep}.db") if args.keep else Path(folder) / "bench.db"
            with open_store(f"sqlite:///{path.resolve()}") as s:
                bench("sqlite", s, sizes, args.runs, args.fill_only, args.check, args.prewarm)
    if args.pg:
        import psycopg

        schema = args.keep.replace("/", "_").replace(".", "_").lower() if args.keep else f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            try:
                sep = "&" if "?" in args.pg else "?"
                with open_store(f"{args.pg}{sep}options=-csearch_path%3D{schema}") as s:
                    bench("postgresql", s, sizes, args.runs, args.fill_only, args.check, args.prewarm)
            finally:
                if not args.keep:
                    admin.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
