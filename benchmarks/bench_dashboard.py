"""The dashboard's first view on a large store: 100,000 synthetic events with their stories.

    .venv/bin/python benchmarks/bench_dashboard.py [--events 100000] [--runs 30] [--db PATH] [--no-browser]
    .venv/bin/python benchmarks/bench_dashboard.py --events 1000000 --db /tmp/benchkeep/dash1m.db \
        --pg postgresql://postgres@127.0.0.1:55432/detente_test --schema dash1m --no-browser

Builds (or reuses, with ``--db`` naming an existing file or ``--schema`` an existing PostgreSQL
schema) a store of synthetic articles and events, written in large transactions (COPY on
PostgreSQL) by ``benchmarks/_common.bulk_fill``, then its derived records: stories straight from
the generating truth (every report of one real event is one story, as the clustering aims for),
the relations index by month and week computed by ``detente.track.relations_index``, and
milestones, positions and conflicts (300, 600 and 1,000 per 100,000 events).  ``--pg`` times the
PostgreSQL store as well (``--no-sqlite``: only it).  Then it times, in process with FastAPI's
TestClient, each API call the first view makes and the other main calls (p50 / p95 over
``--runs``), and the time from navigation to "first view rendered" (the timeline's bars and
first page of stories drawn, header counts filled) in headless Chromium (Debian's
/usr/bin/chromium driven by Playwright) against a uvicorn server on a loopback port.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from _common import bulk_fill, pg_schema

from detente.bench import COUNTRIES, synthetic_articles
from detente.model import Event
from detente.settings import Settings
from detente.store import Store, open_store
from detente.track import relations_index

STATUSES = ["proposed", "agreed", "in_progress", "met", "missed", "stalled"]
ISSUES = ["ceasefire", "prisoners", "energy", "territory", "sanctions", "security_guarantees"]


def build(store: Store, n_events: int, seed: int) -> None:
    stories: dict[int, dict[str, Any]] = {}
    all_events: list[Event] = []
    generated = list(synthetic_articles(n_events, seed))
    bulk_fill(store, ((art, events) for art, events, _ in generated))
    for art, events, picks in generated:
        all_events += events
        for ev, real in zip(events, picks, strict=True):
            s = stories.setdefault(real, {
                "id": f"story{real:07d}", "event_type": ev.event_type,
                "actors": sorted({r.country for r in ev.actors + ev.recipients if r.country}),
                "date": ev.date, "location": ev.location.to_dict() if ev.location else None,
                "event_ids": [], "article_ids": [], "outlets": [], "independent_sources": 0,
                "first_report": {"article_id": art.id, "published": art.published, "outlet": art.outlet},
                "canonical_event_id": ev.id, "merge_reasons": [], "copies": []})
            s["event_ids"].append(ev.id)
            s["date"] = s["date"] or ev.date
            if art.id not in s["article_ids"]:
                s["article_ids"].append(art.id)
            if art.outlet not in s["outlets"]:
                s["outlets"].append(art.outlet)
            s["independent_sources"] = len(s["outlets"])
    ordered = sorted(stories.values(), key=lambda s: (-len(s["event_ids"]), s["date"] or ""))
    store.replace_derived("stories", ((s["id"], s) for s in ordered))
    for kind, period in (("relations", "month"), ("relations_week", "week")):
        rows = [r.to_dict() for r in relations_index(all_events, period=period)]
        store.replace_derived(kind, ((f"{r['a']}|{r['b']}|{r['period']}", r) for r in rows))
    del generated
    rng = random.Random(seed + 1)
    story_ids = [s["id"] for s in ordered]
    scale = max(1, n_events // 100_000)  # a larger store tracks more items, positions and conflicts
    store.replace_derived("milestones", ((f"m{i}", {
        "id": f"m{i}", "what": f"item {i} of the framework", "kind": rng.choice(["milestone", "commitment", "goal"]),
        "responsible": rng.sample(COUNTRIES[:4], 1), "status": rng.choice(STATUSES),
        "deadline": (date(2024, 3, 1) + timedelta(days=rng.randrange(700))).isoformat(), "overdue": False,
        "status_history": [], "first_seen": "2024-02-01"}) for i in range(300 * scale)))
    store.replace_derived("positions", ((f"p{i}", {
        "actor": rng.choice(COUNTRIES[:6]), "issue": rng.choice(ISSUES),
        "stance": rng.choice(["supports", "opposes", "conditional"]), "quote": "a stated stance",
        "date": (date(2024, 1, 1) + timedelta(days=rng.randrange(730))).isoformat(), "article_id": "",
        "span": [0, 0]}) for i in range(600 * scale)))
    store.replace_derived("conflicts", ((f"c{i}", {
        "id": f"c{i}", "subject": "duration of the talks", "story_id": rng.choice(story_ids), "reason": "differ",
        "kind": "disagreement",
        "claims": [{"outlet": f"Outlet {rng.randrange(300)}", "value": f"{h} hours", "article_date": "2024-06-01"}
                   for h in (3, 5)]}) for i in range(1000 * scale)))


def first_view_calls(client: Any) -> dict[str, str]:
    """The URLs the dashboard's first view fetches, then the other main calls."""
    some_event = client.get("/api/events", params={"limit": 1}).json()[0]["id"]
    some_story = client.get("/api/stories", params={"limit": 1}).json()[0]["id"]
    return {
        "GET / (page)": "/",
        "summary (first view)": "/api/summary",
        "timeline, month (first view)": "/api/timeline?granularity=month&sort=-date&limit=50",
        "timeline, actor + type": "/api/timeline?actor=USA&type=CONSULT&granularity=month&sort=-date&limit=50",
        "timeline, one month by day": "/api/timeline?since=2024-06&until=2024-06&granularity=day&sort=-date&limit=50",
        "network (all periods)": "/api/network",
        "network, one month": "/api/network?since=2024-06&until=2024-06",
        "stories, first page": "/api/stories?limit=50&sort=-date",
        "stories by outlet": "/api/stories?outlet=outlet%2012&limit=50",
        "events, first page": "/api/events?limit=50",
        "events, newest page": "/api/events?limit=50&sort=-date",
        "event page (with its story)": f"/api/events/{some_event}",
        "story page": f"/api/stories/{some_story}",
        "milestones": "/api/milestones?limit=1000",
        "relations USA,RUS": "/api/relations?pair=USA,RUS&limit=1000&sort=date",
        "events, gdelt download (1000)": "/api/events?limit=1000&format=gdelt",
    }


def time_api(settings: Settings, runs: int) -> list[tuple[str, float, float]]:
    from fastapi.testclient import TestClient

    from detente.serve import create_app

    out = []
    with TestClient(create_app(settings)) as client:
        for name, url in first_view_calls(client).items():
            assert client.get(url).status_code == 200, url  # warm, and check it answers
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            out.append((name, statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]))
    return out


def time_browser(settings: Settings, runs: int) -> tuple[float, float] | None:
    """Milliseconds from navigation to the first view rendered, in headless Chromium."""
    import uvicorn
    from playwright.sync_api import sync_playwright

    from detente.serve import create_app

    exe = Path("/usr/bin/chromium")
    if not exe.exists():
        return None
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    rendered = ("() => document.querySelectorAll('ol.stories li').length > 0 "
                "&& document.querySelectorAll('svg.chart rect.bar').length > 0 "
                "&& document.getElementById('counts').textContent.length > 0")
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(exe), args=["--no-sandbox", "--disable-gpu"])
            for i in range(runs + 1):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_function(rendered, polling="raf")
                if i:  # the first load warms the server's caches and the browser
                    times.append((time.perf_counter() - t0) * 1000)
                context.close()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def prepare(url: str, n_events: int, seed: int) -> None:
    """Fill the store at ``url`` unless it already holds the events (a kept file or schema)."""
    with open_store(url) as store:
        if store.count_events() < n_events:
            t0 = time.perf_counter()
            if url.startswith("sqlite"):
                store.conn.execute("PRAGMA synchronous = OFF")  # type: ignore[attr-defined]  # a throwaway file
            build(store, n_events, seed)
            if not url.startswith("sqlite"):  # as autovacuum would soon: visibility maps for index-only counts
                for table in ("derived", "story_index", "story_actors", "story_events", "story_days", "story_links",
                              "story_outlets", "relation_scores"):
                    store.conn.execute(f"VACUUM ANALYZE {table}")  # type: ignore[attr-defined]
            print(f"built in {time.perf_counter() - t0:.0f} s", flush=True)
        print(f"{store.count_articles():,} articles, {store.count_events():,} events, "
              f"{store.count_derived('stories'):,} stories, {store.count_derived('relations'):,} monthly "
              f"and {store.count_derived('relations_week'):,} weekly relation scores, "
              f"{store.count_derived('milestones'):,} milestones, {store.count_derived('positions'):,} positions, "
              f"{store.count_derived('conflicts'):,} conflicts", flush=True)


def run(label: str, url: str, args: argparse.Namespace) -> None:
    prepare(url, args.events, args.seed)
    if args.fill_only:
        return
    settings = Settings(db=url)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{label}, {time.strftime('%Y-%m-%d %H:%M')}, load average {load} before timing")
    print(f"{'call':<36} {'p50 ms':>8} {'p95 ms':>8}   ({args.runs} runs, in process)")
    for name, p50, p95 in time_api(settings, args.runs):
        print(f"{name:<36} {p50:8.1f} {p95:8.1f}", flush=True)
    print(f"load average after timing: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.no_browser:
        browser = time_browser(settings, max(5, args.runs // 3))
        if browser is None:
            print("\nno /usr/bin/chromium: browser timing skipped")
        else:
            print(f"\nfirst view rendered in headless Chromium: p50 {browser[0]:.0f} ms, p95 {browser[1]:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--db", help="SQLite file to build (reused when it already holds the events)")
    parser.add_argument("--no-sqlite", action="store_true", help="time only the PostgreSQL store")
    parser.add_argument("--pg", metavar="URL", help="also time a PostgreSQL store on this server")
    parser.add_argument("--schema", help="PostgreSQL schema to build and keep (reused when it already holds "
                                         "the events); without it, a throwaway schema")
    parser.add_argument("--fill-only", action="store_true", help="build the stores, time nothing")
    parser.add_argument("--no-browser", action="store_true", help="skip the headless Chromium timing")
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
            path = Path(args.db) if args.db else Path(tmp) / "dashboard.db"
            run("SQLite", f"sqlite:///{path.resolve()}", args)
    if args.pg:
        with pg_schema(args.pg, args.schema) as url:
            run("PostgreSQL", url, args)


if __name__ == "__main__":
    main()
