"""The refresh of the derived records after a small ingest: full recomputation vs incremental.

    .venv/bin/python benchmarks/bench_refresh.py [--events 20000] [--add 10] [--db PATH]

Builds a SQLite store of synthetic articles (8 events each, the generator of
bench_dashboard.py), then times:

1. a full recomputation (``refresh_derived(..., incremental=False)``): what every ingest paid
   before;
2. the first incremental refresh, which fills the cache (per-article outputs, story clusters);
3. after storing ``--add`` more articles, an incremental refresh, and for comparison a full one.

Prints the times and what the incremental refresh computed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from detente.bench import EVENTS_PER_ARTICLE, synthetic_articles
from detente.pipeline import load_cache, refresh_derived
from detente.settings import Settings
from detente.store import open_store

TODAY = date(2026, 1, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--add", type=int, default=10, help="articles added before the timed refresh")
    ap.add_argument("--db", help="SQLite file (default: a temporary one)")
    args = ap.parse_args()
    settings = Settings.from_env()
    path = args.db or str(Path(tempfile.mkdtemp()) / "refresh.db")
    store = open_store(f"sqlite:///{path}")
    generated = list(synthetic_articles(args.events + args.add * EVENTS_PER_ARTICLE, seed=7))
    base, extra = generated[:-args.add], generated[-args.add:]
    for art, events, _ in base:
        store.add_article(art, events)
    print(f"store: {store.count_articles()} articles, {store.count_events()} events")

    def timed(label: str, **kw: object) -> float:
        t = time.perf_counter()
        refresh_derived(store, settings, today=TODAY, **kw)  # type: ignore[arg-type]
        took = time.perf_counter() - t
        print(f"{label:<58} {took:7.2f} s")
        return took

    timed("full recomputation (before)", incremental=False)
    timed("first incremental refresh (fills the cache)")
    for art, events, _ in extra:
        store.add_article(art, events)
    cache = load_cache(store)
    timed(f"incremental refresh after adding {args.add} articles", cache=cache)
    print("  computed:", dict(sorted(cache.computed.items())))
    timed(f"full recomputation after adding {args.add} articles", incremental=False)
    store.close()


if __name__ == "__main__":
    main()
