"""The SQLite store: migrations, idempotent adds, filters, full-text search, derived records,
and clear errors on unusable files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from detente.errors import ConfigError, StoreError
from detente.model import ActorRef, Article, Event, Location, Segment, content_id
from detente.store import ArticleQuery, EventQuery, open_store
from detente.store.sqlite import MIGRATIONS


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


def test_migrations_are_named_recorded_and_not_repeated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    s = open_store(url)
    assert s.applied_migrations() == [name for name, _ in MIGRATIONS]
    assert s.migrate() == []
    s.close()
    conn = sqlite3.connect(tmp_path / "m.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT COUNT(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)


def test_older_database_is_migrated_forward(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for statement in MIGRATIONS[0][1].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO _migrations VALUES (?, 'then')", (MIGRATIONS[0][0],))
    conn.execute("INSERT INTO articles (id, text, ingested_at) VALUES ('old1', 'Talks in Geneva resumed.', 'then')")
    conn.commit()
    conn.close()
    s = open_store(str(path))
    assert s.applied_migrations() == [name for name, _ in MIGRATIONS]
    assert [h.article_id for h in s.search("Geneva")] == ["old1"]  # the FTS index was built over old rows
    s.close()


def test_add_is_idempotent_and_atomic(filled) -> None:  # type: ignore[no-untyped-def]
    store, a, _ = filled
    assert store.add_article(a, []) is False
    assert store.count_articles() == 2
    assert store.count_events() == 4
    got = store.get_article(a.id)
    assert got is not None and got.segments == [Segment(0, 20, "news")] and got.outlet == "Harbor Ledger"


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
    with pytest.raises(ConfigError):
        open_store("mysql://somewhere/db")
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
