"""The event filters on place and actor fold as detente.text does: "Ciragan" finds an event at
the Çırağan Palace and "erdogan" one of Erdoğan's, on the reference store, SQLite and PostgreSQL
(when DETENTE_TEST_PG names a server) alike; a store whose rows still hold the text as written
(before the event keys migration) has them folded when it migrates.  What is read back is the
event as written."""

from __future__ import annotations

from typing import Any

from detente.model import ActorRef, Article, Event, Location
from detente.store import EventQuery, Store, open_store
from detente.store.memory import MemoryStore
from detente.store.sqlstore import SQLStore

ARTICLE = Article(id="a1", text="Talks at the Çırağan Palace with Erdoğan.", title="Talks", outlet="Hürriyet",
                  published="2025-03-04")
EVENTS = [
    Event(id="e1", doc_id="a1", sentence=ARTICLE.text, span=(0, 5), trigger="Talks", event_type="CONSULT",
          actors=[ActorRef("Erdoğan", "Recep Tayyip Erdoğan", "TUR", "GOV")], recipients=[ActorRef("Łukasz")],
          date="2025-03-04", location=Location("Çırağan Palace", "Çırağan Palace", "TUR")),
    Event(id="e2", doc_id="a1", sentence=ARTICLE.text, span=(6, 9), trigger="met", event_type="CONSULT",
          actors=[ActorRef("Straße officials")], recipients=[], date="2025-03-05",
          location=Location("Łódź", None, "POL")),
]
ASKED = [("place", "Ciragan", ["e1"]), ("place", "çırağan palace", ["e1"]), ("place", "LODZ", ["e2"]),
         ("place", "TUR", ["e1"]), ("actor", "erdogan", ["e1"]), ("actor", "RECEP TAYYIP ERDOĞAN", ["e1"]),
         ("actor", "lukasz", ["e1"]), ("actor", "strasse", ["e2"]), ("actor", "TUR", ["e1"]),
         ("place", "geneva", [])]


def _found(store: Store) -> None:
    for field, needle, want in ASKED:
        q = EventQuery(**{field: needle})  # type: ignore[arg-type]
        assert [e.id for e in store.list_events(q)] == want, (type(store).__name__, field, needle)
        assert store.count_matching_events(q) == len(want), (type(store).__name__, field, needle)
    assert store.get_event("e1") == EVENTS[0]


def test_place_and_actor_filters_fold(store_url: str) -> None:
    memory = MemoryStore()
    with open_store(store_url) as store:
        for s in (store, memory):
            s.add_article(ARTICLE, EVENTS)
            _found(s)


def test_the_event_keys_migration_folds_stored_rows(store_url: str) -> None:
    with open_store(store_url) as store:
        assert isinstance(store, SQLStore)
        store.add_article(ARTICLE, EVENTS)
        name = next(n for n in store.applied_migrations() if n.endswith("_event_keys_folded"))
        written: Any = {e.id: e for e in EVENTS}
        with store._transaction():  # the rows as an older store wrote them: as given
            for e in EVENTS:
                loc = e.location
                store._run("UPDATE events SET place = %s WHERE id = %s", (loc.name or loc.text if loc else None, e.id))
                store._run("DELETE FROM event_actors WHERE event_id = %s", (e.id,))
                for role, refs in (("actor", e.actors), ("recipient", e.recipients)):
                    for ref in refs:
                        store._run("INSERT INTO event_actors (event_id, role, country, org, name, text) "
                                   "VALUES (%s, %s, %s, %s, %s, %s)", (e.id, role, ref.country, ref.org, ref.name,
                                                                      ref.text))
            store._run("DELETE FROM _migrations WHERE name = %s", (name,))
        assert [e.id for e in store.list_events(EventQuery(place="Ciragan"))] == []
        assert [e.id for e in store.list_events(EventQuery(actor="lukasz"))] == []
        assert store.migrate() == [name]
        _found(store)
        assert store.get_event("e2") == written["e2"]
