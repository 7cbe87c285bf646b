"""Story clustering at scale: 100,000 synthetic events through ``cluster_events``.

    .venv/bin/python benchmarks/bench_stories.py [--events 100000] [--seed 7] [--tracemalloc]

Synthetic world: real events (meetings, calls, agreements, accusations, strikes) among 30
countries over two years, each reported by 1–25 articles.  Each report varies the way
outlets do: the type within its family (CONSULT / AGREE), the date (a day later in another
time zone, or only the month), the spelling of names (transliteration variants), the place
(a city or its country).  Prints events/s, peak memory, and pairwise precision / recall
against the generating truth.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc
from collections import Counter
from datetime import date, timedelta

from detente.model import ActorRef, Article, Event, Location
from detente.reconcile import cluster_events

COUNTRIES = ["USA", "RUS", "UKR", "CHN", "TUR", "SAU", "FRA", "DEU", "GBR", "POL", "HUN",
             "IND", "BRA", "ZAF", "QAT", "ARE", "ITA", "ESP", "FIN", "SWE", "NOR", "CAN",
             "JPN", "KOR", "IRN", "ISR", "EGY", "BLR", "KAZ", "GEO"]
FAMILY_TYPES = [["CONSULT", "AGREE", "COOPERATE"], ["ACCUSE", "REJECT", "THREATEN"],
                ["SUPPORT", "AID"], ["ASSAULT", "COERCE"], ["SANCTION"], ["REQUEST"]]
SYLLABLES = ["ra", "me", "ko", "vi", "lu", "sa", "do", "ni", "ta", "ye", "ch", "kh", "ov", "in"]
VARIANTS = [("e", "ie"), ("e", "ye"), ("ch", "c"), ("kh", "h"), ("y", "i")]


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + rng.choice(["ov", "enko", "in", "er"])


def spell(name: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        old, new = rng.choice(VARIANTS)
        return name.replace(old, new, 1)
    return name


def generate(n_events: int, seed: int) -> tuple[list[Event], dict[str, Article], dict[str, int]]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    people = {c: [f"{rng.choice(['Ivan', 'Anna', 'Omar', 'Li', 'Sara', 'Jan'])} {surname(rng)}" for _ in range(6)]
              for c in COUNTRIES}
    events: list[Event] = []
    articles: dict[str, Article] = {}
    truth: dict[str, int] = {}
    outlets = [f"Outlet {i}" for i in range(400)]
    real = 0
    while len(events) < n_events:
        real += 1
        a, b = rng.sample(COUNTRIES[:12] if rng.random() < 0.7 else COUNTRIES, 2)
        family = rng.choice(FAMILY_TYPES)
        day = start + timedelta(days=rng.randrange(730))
        pa, pb = rng.choice(people[a]), rng.choice(people[b])
        city = f"City{rng.randrange(300)}"
        host = rng.choice([a, b])
        for r in range(min(rng.randint(1, 25), n_events - len(events))):
            aid = f"art{real}-{r}"
            articles[aid] = Article(id=aid, text="", outlet=rng.choice(outlets),
                                    published=(day + timedelta(days=rng.randint(0, 2))).isoformat())
            when, precision = (day.isoformat(), "day")
            roll = rng.random()
            if roll < 0.15:
                when = (day + timedelta(days=1)).isoformat()
            elif roll < 0.22:
                when, precision = day.isoformat()[:7], "month"
            place = None
            if rng.random() < 0.6:
                place = Location(text=city, name=city, country=host) if rng.random() < 0.7 else \
                    Location(text=host, name=host, country=host)
            eid = f"ev{real}-{r}"
            actors = [ActorRef(text=spell(pa, rng), name=spell(pa, rng), country=a)]
            recipients = [ActorRef(text=spell(pb, rng), name=spell(pb, rng), country=b)] if rng.random() < 0.85 else []
            events.append(Event(id=eid, doc_id=aid, sentence="", span=(0, 0), trigger="",
                                event_type=rng.choice(family), actors=actors, recipients=recipients,
                                date=when, date_precision=precision, location=place))
            truth[eid] = real
    return events, articles, truth


def pair_scores(stories: list, truth: dict[str, int]) -> tuple[float, float]:
    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    cells: Counter[tuple[str, int]] = Counter()
    pred: Counter[str] = Counter()
    for s in stories:
        for e in s.event_ids:
            cells[(s.id, truth[e])] += 1
            pred[s.id] += 1
    tp = sum(pairs(n) for n in cells.values())
    got = sum(pairs(n) for n in pred.values())
    want = sum(pairs(n) for n in Counter(truth.values()).values())
    return tp / got if got else 1.0, tp / want if want else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python allocations (slower)")
    args = parser.parse_args()
    events, articles, truth = generate(args.events, args.seed)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.tracemalloc:
        tracemalloc.start()
    t0 = time.perf_counter()
    stories = cluster_events(events, articles, [])
    seconds = time.perf_counter() - t0
    peak = ""
    if args.tracemalloc:
        peak = f"; traced peak {tracemalloc.get_traced_memory()[1] / 1e6:.0f} MB"
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall = pair_scores(stories, truth)
    print(f"{len(events):,} events ({len(set(truth.values())):,} real events) -> {len(stories):,} stories "
          f"in {seconds:.1f} s: {len(events) / seconds:,.0f} events/s; "
          f"max RSS {rss:.0f} MB ({before:.0f} MB with the input built){peak}; pairwise precision {precision:.3f}, recall {recall:.3f}")


if __name__ == "__main__":
    main()
