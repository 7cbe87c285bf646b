"""The stores' indexed story and relations queries give exactly what the plain definitions in
``Store`` (which read every record) give on the same records: random story filters, pages and
orders, periods at each granularity, an event's story, relation scores by date range, one pair's
records; after whole replacements and after upserts and deletions.  SQLite always, PostgreSQL
when DETENTE_TEST_PG names a server."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from detente.serve.query import DerivedQuery, derived_page, filter_derived
from detente.store import Store, open_store
from detente.store.base import RELATION_KINDS, StoryQuery

CODES = ["USA", "RUS", "UKR", "TUR", "SAU", "CHN", "NATO"]
TYPES = ["CONSULT", "AGREE", "ACCUSE", "ASSAULT", "AID"]
PLACES = [("Geneva", "CHE"), ("Zürich", "CHE"), ("Istanbul", "TUR"), ("Riyadh", "SAU"), ("İzmir", "TUR"),
          ("Kyiv", "UKR")]
OUTLETS = ["Reuters", "Outlet 12", "Outlet 120", "Kyiv Independent", "Straße Zeitung", "AP"]


def _date(rng: random.Random) -> str | None:
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return rng.choice([None, "", day[:4], day[:7], day, day, day])


def _stories(rng: random.Random, n: int, prefix: str = "s") -> list[tuple[str, dict[str, Any]]]:
    out = []
    for i in range(n):
        place, country = rng.choice(PLACES)
        sid = f"{prefix}{i:04d}"
        out.append((sid, {
            "id": sid, "event_type": rng.choice(TYPES), "date": _date(rng),
            "actors": rng.sample(CODES, rng.randint(0, 3)),
            "location": rng.choice([None, {"name": place, "text": place.upper(), "country": country},
                                    {"text": f"near {place}", "country": None}]),
            "outlets": rng.sample(OUTLETS, rng.randint(0, 3)),
            "independent_sources": rng.randint(0, 4),
            "event_ids": [f"{sid}-e{j}" for j in range(rng.randint(1, 3))],
        }))
    return out


def _relations(rng: random.Random, kind: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for i in range(150):
        a, b = rng.sample(CODES, 2)
        period = (f"2025-W{rng.randint(1, 52):02d}" if kind == "relations_week"
                  else f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}")
        out.append((f"{kind}{i}", {"a": a, "b": b, "period": period, "n_events": rng.randint(1, 40),
                                   "score": round(rng.uniform(-5, 5), 2), "event_ids": [f"x{i}"]}))
    return out


def _story_query(rng: random.Random) -> StoryQuery:
    def bound() -> str | None:
        return rng.choice([None, None, "2025", f"2025-{rng.randint(1, 12):02d}",
                           f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])

    return StoryQuery(
        actor=rng.choice([None, None, *CODES, "usa"]), event_type=rng.choice([None, None, *TYPES, "agree"]),
        since=bound(), until=bound(),
        place=rng.choice([None, None, None, "gene", "CHE", "zür", "ZÜRICH", "izm", "near"]),
        outlet=rng.choice([None, None, None, "outlet 12", "STRASSE", "straße", "kyiv"]),
        limit=rng.choice([5, 20, 500]), offset=rng.choice([0, 0, 3, 17]),
        order=rng.choice([None, "date", "-date", "confidence"]))


@pytest.fixture
def stories_store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    rng = random.Random(7)
    s.replace_derived("stories", _stories(rng, 240))
    for kind in RELATION_KINDS:
        s.replace_derived(kind, _relations(rng, kind))
    yield s
    s.close()


def _same_stories(store: Store, rng: random.Random, n: int) -> None:
    for _ in range(n):
        q = _story_query(rng)
        assert [s["id"] for s in store.list_stories(q)] == [s["id"] for s in Store.list_stories(store, q)], q
        assert store.count_stories(q) == Store.count_stories(store, q), q
        for granularity in ("year", "month", "day"):
            assert store.story_periods(q, granularity) == Store.story_periods(store, q, granularity), (q, granularity)


def test_story_queries_equal_the_plain_definitions(stories_store: Store) -> None:
    store = stories_store
    _same_stories(store, random.Random(1), 150)
    # pages of an actor or a type alone: many matches against a short page (SQLite walks its
    # order index for these)
    for actor in [None, *CODES]:
        for etype in (None, "AGREE"):
            for order in (None, "date", "-date"):
                q = StoryQuery(actor=actor, event_type=etype, limit=3, offset=1, order=order)
                assert [s["id"] for s in store.list_stories(q)] == [s["id"] for s in Store.list_stories(store, q)], q
    for outlet in ("outlet 12", "STRASSE", "straße", "kyiv", "a", "nowhere"):  # the outlet alone
        q = StoryQuery(outlet=outlet, limit=7, offset=2)
        assert [s["id"] for s in store.list_stories(q)] == [s["id"] for s in Store.list_stories(store, q)], q
        assert store.count_stories(q) == Store.count_stories(store, q), q
    assert store.count_derived("stories") == Store.count_derived(store, "stories") == 240
    for sid in ("s0000", "s0123", "nope"):
        assert store.get_derived("stories", sid) == Store.get_derived(store, "stories", sid)
    for eid in ("s0005-e0", "s0200-e1", "s0200-e7", "nope"):
        assert store.story_of_event(eid) == Store.story_of_event(store, eid)
    many = [f"s{n:04d}-e{k}" for n in range(0, 240, 3) for k in range(3)] + ["nope", "s0005-e0"]
    batch = store.stories_of_events(many)  # a download's stories in one query
    assert batch == Store.stories_of_events(store, many) and len(batch) > 100


def test_story_index_follows_upserts_and_deletions(stories_store: Store) -> None:
    store = stories_store
    rng = random.Random(2)
    changed = _stories(rng, 30)  # the same keys as the first 30 stored: records replaced in place
    store.upsert_derived("stories", changed[::2] + _stories(rng, 25, prefix="n"))
    store.delete_derived("stories", ["s0001", "s0100", "n0003", "missing"])
    assert store.count_derived("stories") == 240 + 25 - 3
    assert store.story_of_event("s0100-e0") is None
    assert store.get_derived("stories", "s0002") == changed[2][1]
    _same_stories(store, random.Random(3), 80)
    store.replace_derived("stories", _stories(rng, 60, prefix="r"))
    assert store.story_of_event("s0005-e0") is None
    _same_stories(store, random.Random(4), 60)


def test_relations_index_equals_the_plain_definitions(stories_store: Store) -> None:
    store = stories_store
    rng = random.Random(5)
    for kind in RELATION_KINDS:
        assert store.relation_periods(kind) == Store.relation_periods(store, kind)
        for _ in range(40):
            first = "2025-W" if kind == "relations_week" else "2025-"
            since = rng.choice([None, "2024", "2025", f"{first}{rng.randint(1, 12):02d}"])
            until = rng.choice([None, "2024-06", "2025", f"{first}{rng.randint(1, 40):02d}"])
            assert store.relation_rows(kind, since, until) == Store.relation_rows(store, kind, since, until)
        for a, b in (("USA", "RUS"), ("RUS", "USA"), ("NATO", "UKR"), ("USA", "ZZZ")):
            assert store.relation_records(kind, a, b) == Store.relation_records(store, kind, a, b)
    store.replace_derived("relations", _relations(random.Random(9), "relations")[:40])
    assert store.relation_records("relations", "RUS", "USA") == Store.relation_records(store, "relations", "RUS", "USA")
    assert store.relation_rows("relations") == Store.relation_rows(store, "relations")


@pytest.mark.parametrize("source", RELATION_KINDS)
def test_api_relations_of_one_pair_equal_the_filtered_list(stories_store: Store, source: str) -> None:
    rng = random.Random(6)
    for _ in range(30):
        q = DerivedQuery(pair=",".join(rng.sample(CODES, 2)).lower(), actor=rng.choice([None, "USA", "UKR"]),
                         since=rng.choice([None, "2025", "2025-03"]), until=rng.choice([None, "2025-06"]),
                         sort=rng.choice([None, "date", "-date", "confidence"]), limit=rng.choice([3, 100]),
                         offset=rng.choice([0, 2]))
        want = filter_derived(stories_store.list_derived(source), "relations", q)
        got = derived_page(stories_store, "relations", q, source)
        assert (got.items, got.total) == (want.items, want.total), q


def _conflicts(rng: random.Random, n: int) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for i in range(n):
        claims = [{"outlet": rng.choice(OUTLETS), "value": f"{h} hours", "article_date": _date(rng),
                   "story_id": rng.choice([None, f"s{rng.randrange(40):04d}"])} for h in range(rng.randint(0, 3))]
        out.append((f"c{i}", {"id": f"c{i}", "kind": rng.choice(["disagreement", "format"]), "claims": claims,
                              "story_id": rng.choice([None, f"s{rng.randrange(40):04d}"])}))
    return out


def test_records_naming_a_story_equal_the_plain_definition(stories_store: Store) -> None:
    store = stories_store
    rng = random.Random(8)
    store.replace_derived("conflicts", _conflicts(rng, 120))
    wanted = [f"s{i:04d}" for i in range(0, 40, 3)] + ["nope"]

    def same() -> None:
        for sid in wanted:
            assert store.records_of_story("conflicts", sid) == Store.records_of_story(store, "conflicts", sid), sid

    same()
    assert any(store.records_of_story("conflicts", sid) for sid in wanted)
    store.upsert_derived("conflicts", [*_conflicts(random.Random(9), 30)[::3], ("new", {"story_id": "s0003"})])
    store.delete_derived("conflicts", ["c5", "c77"])
    same()
    store.replace_derived("conflicts", _conflicts(random.Random(10), 20))
    same()


def test_unfiltered_derived_pages_equal_the_filtered_list(stories_store: Store) -> None:
    store = stories_store
    store.replace_derived("conflicts", _conflicts(random.Random(11), 45))
    for kind in ("conflicts", "relations"):
        for limit, offset in ((10, 0), (10, 40), (100, 0), (5, 500)):
            q = DerivedQuery(limit=limit, offset=offset)
            want = filter_derived(store.list_derived(kind), kind, q)
            got = derived_page(store, kind, q)
            assert (got.items, got.total) == (want.items, want.total)


FOLDED = [("Çırağan Palace", "TUR", "Hürriyet"), ("Łódź", "POL", "Gazeta Łódzka"), ("Straße 5", "DEU", "Die Straße")]


def test_story_place_and_outlet_filters_fold_as_detente_text(store_url: str) -> None:
    """'Ciragan' finds 'Çırağan', 'lodz' finds 'Łódź', 'strasse' finds 'Straße', on the SQL store
    as in the plain definitions and the reference store: both the stored text and the needle are
    folded by detente.text.fold_letters."""
    from detente.store.memory import MemoryStore

    stories = [(f"f{i}", {"id": f"f{i}", "event_type": "CONSULT", "date": "2025-03-0" + str(i + 1), "actors": [],
                          "location": {"name": name, "text": name, "country": country}, "outlets": [outlet],
                          "event_ids": [f"f{i}-e"]})
               for i, (name, country, outlet) in enumerate(FOLDED)]
    memory = MemoryStore()
    with open_store(store_url) as store:
        for s in (store, memory):
            s.replace_derived("stories", stories)
        for place, outlet, want in (("Ciragan", None, ["f0"]), ("CIRAGAN PAL", None, ["f0"]), ("lodz", None, ["f1"]),
                                    ("strasse", None, ["f2"]), (None, "hurriyet", ["f0"]), (None, "LODZKA", ["f1"]),
                                    (None, "die strasse", ["f2"]), ("ciragan", "gazeta", [])):
            q = StoryQuery(place=place, outlet=outlet)
            for s in (store, memory):
                assert [r["id"] for r in s.list_stories(q)] == want, (type(s).__name__, q)
                assert s.count_stories(q) == len(want), (type(s).__name__, q)
            assert [r["id"] for r in Store.list_stories(store, q)] == want, q


def test_story_keys_migration_folds_stored_side_tables(tmp_path: Any) -> None:
    """A store whose side tables still hold the casefolded text (written before
    0018_story_keys_folded) has them filled again, folded, when it migrates."""
    import sqlite3

    path = tmp_path / "old.db"
    with open_store(f"sqlite:///{path}") as store:
        store.replace_derived("stories", [("f0", {"id": "f0", "event_type": "CONSULT", "date": "2025-03-01",
                                                  "location": {"name": "Çırağan", "country": "TUR"},
                                                  "outlets": ["Hürriyet"], "event_ids": ["e"]})])
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE story_index SET place = ?, outlets = ?", ("Çırağan".casefold(), "Hürriyet".casefold()))
        conn.execute("UPDATE story_outlets SET outlet = ?", ("Hürriyet".casefold(),))
        conn.execute("DELETE FROM _migrations WHERE name = '0018_story_keys_folded'")
    assert conn.execute("SELECT COUNT(*) FROM story_index WHERE instr(place, 'ciragan') > 0").fetchone()[0] == 0
    conn.close()
    with open_store(f"sqlite:///{path}") as store:  # opening migrates
        assert "0018_story_keys_folded" in store.applied_migrations()
        assert [s["id"] for s in store.list_stories(StoryQuery(place="ciragan"))] == ["f0"]
        assert store.count_stories(StoryQuery(outlet="hurriyet")) == 1
