"""The event text filter by words (EventQuery.text, /api/events?q=), on every backend: whole
words, case and accents ignored, every word required; the same results as a plain evaluation
whichever plan runs; the words index kept right when events are replaced; older stores filled."""

from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

import test_store
from conftest import make_first_version_sqlite
from detente.errors import ConfigError
from detente.model import ActorRef, Article, Event, content_id
from detente.store import EventQuery, Store, open_store
from detente.store import sqlite as sqlite_backend
from detente.store.words import event_words, words

# the storage suite's store on every backend: SQLite always, PostgreSQL when DETENTE_TEST_PG is set
store = test_store.store

TRICKY = ["Çırağan", "Zelenskyy's", "Jeddah-based", "naïve", "Straße", "Київ", "İstanbul", "ﬁnal", "4711:", "x_y"]


def _event(doc: Article, n: int, sentence: str, trigger: str, etype: str = "CONSULT", date: str | None = None,
           country: str = "USA", confidence: float = 0.5) -> Event:
    return Event(id=f"{doc.id}-{n}", doc_id=doc.id, sentence=sentence, span=(0, len(sentence)), trigger=trigger,
                 event_type=etype, actors=[ActorRef(country, country, country)], recipients=[], date=date,
                 date_precision="day" if date else None, confidence=confidence)


def _ids(store: Store, **kw: object) -> list[str]:
    return [e.id for e in store.list_events(EventQuery(limit=1000, **kw))]  # type: ignore[arg-type]


def test_normaliser_folds_case_and_accents_and_splits_at_non_letters() -> None:
    assert words("Çırağan") == ["ciragan"]  # the dotless ı written as i, as detente.text folds it
    assert words("Zelenskyy's Jeddah-based NAÏVE Straße") == ["zelenskyy", "s", "jeddah", "based", "naive", "strasse"]
    assert words("Київ ﬁnal x_y 4711:") == ["киів", "final", "x", "y", "4711"]
    assert words(None) == [] and words(" -- ") == []
    assert event_words("Talks, talks and TALKS.", "talks") == ["talks", "and"]


def test_normalising_the_tokens_again_gives_the_same_tokens() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(12))
        tokens = words(text)
        assert words(" ".join(tokens)) == tokens, text


def test_whole_words_case_accents_every_word_and_the_trigger(store: Store) -> None:
    doc = Article(id=content_id("w1"), text="w1")
    store.add_article(doc, [
        _event(doc, 1, "Talks at the Çırağan palace in İstanbul resumed.", "resumed", date="2025-02-01"),
        _event(doc, 2, "Zelenskyy's envoy met Jeddah-based mediators.", "met", date="2025-02-02"),
        _event(doc, 3, "A naïve plan for the Straße to Київ.", "proposed", date="2025-02-03"),
        _event(doc, 4, "The talk was short.", "talk", date="2025-02-04"),
    ])
    first, second, third, fourth = (f"{doc.id}-{n}" for n in range(1, 5))
    assert _ids(store, text="talks") == [first]  # whole words: "talk" is another word
    assert _ids(store, text="TALK") == [fourth]
    assert _ids(store, text="çırağan istanbul") == [first]
    assert _ids(store, text="Istanbul talks") == [first]  # every word, in any order
    assert _ids(store, text="istanbul envoy") == []
    assert _ids(store, text="zelenskyy") == [second] and _ids(store, text="Jeddah") == [second]
    assert _ids(store, text="jeddah-based") == [second]
    assert _ids(store, text="NAIVE strasse") == [third] and _ids(store, text="КИЇВ") == [third]
    assert _ids(store, text="proposed") == [third]  # the trigger counts too
    assert _ids(store, text="talks", country="USA", since="2025-02") == [first]
    assert store.count_matching_events(EventQuery(text="the")) == 3
    assert store.count_matching_events(EventQuery(text="the", event_type="CONSULT", until="2025-02-03")) == 2


def test_sqlite_index_sees_exactly_the_normalised_tokens(tmp_path: Path) -> None:
    """FTS5's tokenizer neither splits nor folds a normalised token differently."""
    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    doc = Article(id=content_id("tricky"), text="tricky")
    sentence = " ".join(TRICKY)
    store.add_article(doc, [_event(doc, 1, sentence, "met")])
    conn: sqlite3.Connection = store.conn  # type: ignore[attr-defined]
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, events_fts, row)")
    assert {r[0] for r in conn.execute("SELECT term FROM temp.vocab")} == set(event_words(sentence, "met"))
    for word in TRICKY:
        assert _ids(store, text=word) == [f"{doc.id}-1"], word
    store.close()


def _synthetic(store: Store, n_docs: int = 30) -> list[Event]:
    rng = random.Random(8)
    vocabulary = ["ceasefire", "grain", "Énergie", "talks", "drones", "summit"]
    every = []
    for d in range(n_docs):
        doc = Article(id=content_id(f"doc {d}"), text=f"doc {d}", outlet=f"Outlet {d % 3}")
        events = []
        for j in range(6):
            sentence = f"Dispatch {d * 10 + j}: " + " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 4)))
            date = rng.choice([None, "2025", f"2025-0{rng.randint(1, 4)}", f"2025-0{rng.randint(1, 4)}-1{j}"])
            events.append(_event(doc, j, sentence, rng.choice(["met", "agreed", "Talks"]),
                                 etype=rng.choice(["CONSULT", "AGREE"]), date=date,
                                 country=rng.choice(["USA", "RUS"]), confidence=round(rng.random(), 2)))
        store.add_article(doc, events)
        every += events
    return every


def _plain(every: list[Event], q: EventQuery) -> list[Event]:
    tokens = words(q.text)
    rows = [e for e in every
            if set(tokens) <= set(event_words(e.sentence, e.trigger))
            and (not q.country or q.country in {a.country for a in e.actors})
            and (not q.event_type or e.event_type == q.event_type)
            and (not q.since or (e.date is not None and e.date >= q.since[:len(e.date)]))
            and (not q.until or (e.date is not None and e.date[:len(q.until)] <= q.until))]
    if q.order == "confidence":  # highest first; ties: dated first, by date, then id
        rows.sort(key=lambda e: e.id)
        rows.sort(key=lambda e: e.date or "")
        rows.sort(key=lambda e: e.date is None)
        rows.sort(key=lambda e: -e.confidence)
    else:
        rows.sort(key=lambda e: (e.doc_id, e.id))
        rows.sort(key=lambda e: e.date or "", reverse=q.order == "-date")
        rows.sort(key=lambda e: e.date is None)
    return rows


@pytest.mark.parametrize("few", [5, 100_000])  # SQLite's threshold: both plans run (PostgreSQL has one)
def test_random_queries_equal_a_plain_evaluation(store: Store, few: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_backend, "_FEW_WORD_MATCHES", few)
    every = _synthetic(store)
    rng = random.Random(21)
    texts = ["ceasefire", "energie", "Dispatch 17", "talks met", "grain drones", "summit", "zebra", "ÉNERGIE talks",
             "agreed", "dispatch"]
    for _ in range(120):
        q = EventQuery(text=rng.choice(texts), country=rng.choice([None, "USA", "RUS"]),
                       event_type=rng.choice([None, None, "AGREE"]),
                       since=rng.choice([None, None, "2025-02", "2025-02-12"]), until=rng.choice([None, "2025-03"]),
                       limit=rng.choice([5, 20]), offset=rng.choice([0, 0, 5]),
                       order=rng.choice(["date", "-date", "confidence"]))
        want = _plain(every, q)
        assert store.count_matching_events(q) == len(want), q
        assert [e.id for e in store.list_events(q)] == [e.id for e in want[q.offset:q.offset + q.limit]], q
    with pytest.raises(ConfigError, match="no words"):  # not silently every event
        store.count_matching_events(EventQuery(text="!!"))
    with pytest.raises(ConfigError, match="no words"):
        store.list_events(EventQuery(text="--"))
    assert store.count_matching_events(EventQuery(text=" ")) == len(every)  # blank: no filter


def test_replaced_events_leave_the_index_right(store: Store) -> None:
    doc = Article(id=content_id("replaced"), text="replaced")
    old = _event(doc, 1, "Grain corridor talks.", "talks")
    new = replace(old, sentence="Prisoner exchange agreed.", trigger="agreed")
    store.add_article(doc, [old, new])  # the same event twice: the last one is kept
    assert _ids(store, text="grain") == [] and store.count_matching_events(EventQuery(text="grain")) == 0
    assert _ids(store, text="prisoner exchange") == [old.id]
    assert store.count_matching_events(EventQuery(text="agreed")) == 1


def test_sqlite_deleted_events_leave_the_index(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'd.db'}")
    doc = Article(id=content_id("gone"), text="gone")
    store.add_article(doc, [_event(doc, 1, "Grain talks.", "talks"), _event(doc, 2, "Grain deal.", "deal")])
    conn: sqlite3.Connection = store.conn  # type: ignore[attr-defined]
    conn.execute("DELETE FROM articles WHERE id = ?", (doc.id,))  # events go with it (cascade)
    assert store.count_matching_events(EventQuery(text="grain")) == 0
    assert conn.execute("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH 'grain'").fetchone()[0] == 0
    store.close()


def test_a_store_made_before_the_words_is_filled_when_opened(tmp_path: Path) -> None:
    path = make_first_version_sqlite(tmp_path / "old.db", "Talks in Geneva resumed.")
    conn = sqlite3.connect(path)
    ev = Event(id="ev1", doc_id="old1", sentence="Talks in Genève resumed.", span=(0, 24), trigger="resumed",
               event_type="CONSULT")
    conn.execute("INSERT INTO events (id, doc_id, event_type, modality, confidence, data) VALUES (?,?,?,?,?,?)",
                 (ev.id, ev.doc_id, ev.event_type, ev.modality, ev.confidence, json.dumps(ev.to_dict())))
    conn.commit()
    conn.close()
    store = open_store(f"sqlite:///{path}")
    assert "0009_event_words" in store.applied_migrations()
    assert _ids(store, text="geneve") == ["ev1"] and _ids(store, text="RESUMED talks") == ["ev1"]
    assert store.count_matching_events(EventQuery(text="geneva")) == 0
    store.close()
