"""The SQL store against the reference store (detente.store.memory): the same articles, events
and derived records in both, then random filtered pages and counts, which must be the same, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import random

from detente.model import PLOVER_TYPES, ActorRef, Article, Event, Location
from detente.store import ArticleQuery, EventQuery, Store, open_store
from detente.store.base import StoryQuery
from detente.store.memory import MemoryStore

COUNTRIES = ["RUS", "UKR", "USA", "SAU", "TUR"]
PLACES = [("Riyadh", "SAU"), ("Istanbul", "TUR"), ("Geneva", "CHE"), (None, None)]
WORDS = ["ceasefire", "prisoners", "grain", "envoy", "summit", "Çırağan"]
OUTLETS = ["Kyiv Independent", "TASS", "Reuters", None]


def _date(rng: random.Random) -> str | None:
    return rng.choice([None, "2025", f"2025-{rng.randint(1, 4):02d}", f"2025-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"])


def _fill(stores: list[Store], n_articles: int = 60) -> None:
    rng = random.Random(5)
    marks = random.Random(6)  # the discard marks drawn apart, so the other fields stay as they were
    for i in range(n_articles):
        text = " ".join(rng.choice(WORDS) for _ in range(12))
        article = Article(id=f"a{i:03d}", text=text, title=f"Report {i}", outlet=rng.choice(OUTLETS),
                          published=rng.choice([None, f"2025-0{rng.randint(1, 4)}-{rng.randint(10, 28)}"]),
                          language=rng.choice(["en", "ru"]), genre="news")
        events = []
        for j in range(rng.randint(0, 4)):
            a, b = rng.sample(COUNTRIES, 2)
            place, country = rng.choice(PLACES)
            sentence = " ".join(rng.choice(WORDS) for _ in range(6))
            events.append(Event(
                id=f"e{i:03d}{j}", doc_id=article.id, sentence=sentence, span=(0, len(sentence)), trigger="met",
                event_type=rng.choice(PLOVER_TYPES[:4]), actors=[ActorRef(f"{a} envoy", f"Envoy of {a}", a, "GOV")],
                recipients=[ActorRef(b, b, b, "GOV")], date=_date(rng),
                location=Location(place, place, country) if place else None,
                modality=rng.choice(["asserted", "negated"]), confidence=round(rng.random(), 2),
                discard=marks.choice([None, None, None, "sentence: TENNIS", "story: WORLD CUP"])))
        for store in stores:
            assert store.add_article(article, events)


def _stories(rng: random.Random, n: int) -> list[tuple[str, dict[str, object]]]:
    out = []
    for i in range(n):
        place, country = rng.choice(PLACES)
        out.append((f"s{i:03d}", {"id": f"s{i:03d}", "event_type": rng.choice(PLOVER_TYPES[:4]),
                                 "actors": rng.sample(COUNTRIES, 2), "date": _date(rng),
                                 "location": {"name": place, "text": place, "country": country} if place else None,
                                 "event_ids": [f"e{rng.randrange(60):03d}0"], "outlets": [rng.choice(OUTLETS[:3])],
                                 "independent_sources": rng.randint(1, 5)}))
    return out


def test_the_sql_store_answers_as_the_reference_store(store_url: str) -> None:
    rng = random.Random(11)
    with open_store(store_url) as sql:
        ref = MemoryStore()
        _fill([sql, ref])
        assert sql.count_events() == ref.count_events() and sql.count_articles() == ref.count_articles()
        marks = random.Random(12)
        for _ in range(150):
            q = EventQuery(no_discarded=marks.random() < 0.3,
                           country=rng.choice([None, None, *COUNTRIES]), event_type=rng.choice([None, *PLOVER_TYPES[:4]]),
                           since=rng.choice([None, _date(rng)]), until=rng.choice([None, _date(rng)]),
                           actor=rng.choice([None, None, "envoy of rus", "UKR"]),
                           place=rng.choice([None, None, "gene", "SAU"]), outlet=rng.choice([None, None, "tass"]),
                           modality=rng.choice([None, None, "negated"]),
                           text=rng.choice([None, None, "grain", "ceasefire envoy", "ciragan"]),
                           limit=rng.choice([5, 20]), offset=rng.choice([0, 3]),
                           order=rng.choice(["date", "-date", "confidence"]))
            assert [e.id for e in sql.list_events(q)] == [e.id for e in ref.list_events(q)], q
            assert sql.count_matching_events(q) == ref.count_matching_events(q), q
        for _ in range(60):
            aq = ArticleQuery(outlet=rng.choice([None, "TASS"]), language=rng.choice([None, "en"]),
                              since=rng.choice([None, "2025-02", "2025-03-15"]), until=rng.choice([None, "2025-03"]),
                              limit=10, offset=rng.choice([0, 4]), order=rng.choice(["date", "-date"]))
            assert [a.id for a in sql.list_articles(aq)] == [a.id for a in ref.list_articles(aq)], aq
            assert sql.count_matching_articles(aq) == ref.count_matching_articles(aq), aq
        assert [a.id for a in sql.iter_articles()] == [a.id for a in ref.iter_articles()]
        assert {k: [e.id for e in v] for k, v in sql.events_by_article().items()} == {
            k: [e.id for e in v] for k, v in ref.events_by_article().items()}


def test_derived_records_are_written_as_in_the_reference_store(store_url: str) -> None:
    rng = random.Random(3)
    with open_store(store_url) as sql:
        ref = MemoryStore()
        stories = _stories(rng, 40)
        for store in (sql, ref):
            store.replace_derived("stories", stories)
            store.upsert_derived("stories", [stories[5], ("s900", {**stories[7][1], "id": "s900"})])
            assert store.delete_derived("stories", ["s001", "s002", "nothing"]) == 2
            store.replace_derived("claims", [(f"c{i}", {"id": f"c{i}", "n": i}) for i in range(5)])
            store.upsert_derived("claims", [("c2", {"id": "c2", "n": 20}), ("c9", {"id": "c9", "n": 9})])
        for kind in ("stories", "claims"):
            assert sql.derived_items(kind) == ref.derived_items(kind), kind
            assert sql.count_derived(kind) == ref.count_derived(kind)
        for _ in range(80):
            q = StoryQuery(actor=rng.choice([None, *COUNTRIES]), event_type=rng.choice([None, *PLOVER_TYPES[:4]]),
                           since=rng.choice([None, _date(rng)]), until=rng.choice([None, _date(rng)]),
                           place=rng.choice([None, "riy", "TUR"]), outlet=rng.choice([None, "tass"]),
                           limit=rng.choice([5, 50]), offset=rng.choice([0, 2]),
                           order=rng.choice([None, "date", "-date", "confidence"]))
            assert [s["id"] for s in sql.list_stories(q)] == [s["id"] for s in ref.list_stories(q)], q
            assert sql.count_stories(q) == ref.count_stories(q), q
            assert sql.story_periods(q, "month") == ref.story_periods(q, "month"), q
