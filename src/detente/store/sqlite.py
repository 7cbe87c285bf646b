"""SQLite store: the embedded default.  WAL journal, FTS5 index over article text, named
migrations recorded in the database, one transaction per article so an interrupted ingest
leaves a consistent file."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from detente.dates import coarser_dates
from detente.errors import ConfigError, StoreError
from detente.model import Article, Event
from detente.store.base import (
    RELATION_KINDS,
    SEARCH_WINDOW,
    ArticleQuery,
    EventQuery,
    SearchPage,
    StoryQuery,
)
from detente.store.sql import (
    LINKED_KINDS,
    article_row,
    country_and_dates_only,
    days_only,
    event_branches,
    page_sql,
    rank_window,
    search_hit,
    undated_party_walk,
)
from detente.store.sqlstore import Dialect, SQLStore, now
from detente.store.words import event_words, filter_key, joined_words, only_words, query_words

__all__ = ["MIGRATIONS", "SQLiteStore", "country_and_dates_only", "event_branches", "page_sql"]

# Named migrations, applied in order, each in its own transaction and recorded in _migrations.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles_events",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            url TEXT, outlet TEXT, title TEXT, published TEXT, language TEXT, genre TEXT,
            categories TEXT NOT NULL DEFAULT '[]',
            segments TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL,
            origin TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,
            date TEXT,
            modality TEXT NOT NULL,
            confidence REAL NOT NULL,
            place TEXT,
            place_country TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX events_doc ON events(doc_id);
        CREATE INDEX events_type_date ON events(event_type, date);
        CREATE INDEX events_date ON events(date);
        CREATE TABLE event_actors (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            country TEXT, org TEXT, name TEXT, text TEXT
        );
        CREATE INDEX event_actors_event ON event_actors(event_id);
        CREATE INDEX event_actors_country ON event_actors(country);
        CREATE INDEX event_actors_org ON event_actors(org);
        """,
    ),
    (
        "0002_fulltext",
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
        END;
        INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
        """,
    ),
    (
        "0003_derived",
        """
        CREATE TABLE derived (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (kind, id)
        );
        """,
    ),
    (
        "0004_watchlists",
        """
        CREATE TABLE watchlists (
            name TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE alerts (
            id TEXT PRIMARY KEY,
            watchlist TEXT NOT NULL,
            created TEXT NOT NULL,
            data TEXT NOT NULL
        );
        CREATE INDEX alerts_created ON alerts(created);
        """,
    ),
    (
        # Stories indexed by what the dashboard asks of them (date, type, actors, place, outlets),
        # and each event's story, so the timeline aggregates in SQL and no request scans them all.
        # Filled from the "stories" derived records by replace_derived (and once after migrating).
        "0005_story_index",
        """
        CREATE TABLE story_index (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            date TEXT,
            event_type TEXT,
            sources INTEGER NOT NULL DEFAULT 0,
            place TEXT NOT NULL DEFAULT '',
            place_country TEXT,
            outlets TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX story_index_seq ON story_index(seq);
        CREATE INDEX story_index_date ON story_index(date);
        CREATE INDEX story_index_type_date ON story_index(event_type, date);
        CREATE TABLE story_actors (story_id TEXT NOT NULL, actor TEXT NOT NULL);
        CREATE INDEX story_actors_actor ON story_actors(actor, story_id);
        CREATE TABLE story_events (event_id TEXT NOT NULL, story_id TEXT NOT NULL);
        CREATE INDEX story_events_event ON story_events(event_id);
        """,
    ),
    (
        # The dashboard's other hot paths: one kind of derived record in stored order without a
        # sort, the first page of events in either date order straight from an index, and the
        # relations index as plain columns so the network sums it in SQL (filled like stories).
        "0006_dashboard_index",
        """
        CREATE INDEX derived_kind ON derived(kind);
        CREATE INDEX events_order ON events(date IS NULL, date, doc_id, id);
        CREATE INDEX events_order_desc ON events(date IS NULL, date DESC, doc_id, id);
        CREATE TABLE relation_index (
            kind TEXT NOT NULL,
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            period TEXT NOT NULL,
            n_events INTEGER NOT NULL,
            score REAL NOT NULL
        );
        CREATE INDEX relation_index_period ON relation_index(kind, period);
        CREATE INDEX story_index_order ON story_index(date IS NULL, date, seq);
        CREATE INDEX story_index_order_desc ON story_index(date IS NULL, date DESC, seq);
        """,
    ),
    (
        "0007_actor_event_indexes",
        """
        CREATE INDEX event_actors_country_event ON event_actors(country, event_id);
        CREATE INDEX event_actors_org_event ON event_actors(org, event_id);
        """,
    ),
    (
        # Each event's parties (the countries and organisations of its actors and recipients,
        # once each) beside its date, kept by triggers in the writer's transaction: a country and
        # a date range become one index range (counts read only the index).  Newest articles
        # first straight from an index.
        "0008_event_parties",
        """
        CREATE TABLE event_parties (
            party TEXT NOT NULL,
            date TEXT,
            doc_id TEXT NOT NULL,
            event_id TEXT NOT NULL
        );
        INSERT INTO event_parties (party, date, doc_id, event_id)
            SELECT v.party, e.date, e.doc_id, e.id
            FROM (SELECT event_id, country AS party FROM event_actors WHERE country IS NOT NULL
                  UNION SELECT event_id, org FROM event_actors WHERE org IS NOT NULL) v
            JOIN events e ON e.id = v.event_id;
        CREATE INDEX event_parties_party_date ON event_parties(party, date, doc_id, event_id);
        CREATE INDEX event_parties_event ON event_parties(event_id, party);
        CREATE TRIGGER event_parties_actor_ai AFTER INSERT ON event_actors BEGIN
            INSERT INTO event_parties (party, date, doc_id, event_id)
                SELECT v.party, e.date, e.doc_id, e.id
                FROM events e, (SELECT new.country AS party UNION SELECT new.org) v
                WHERE e.id = new.event_id AND v.party IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM event_parties p WHERE p.event_id = e.id AND p.party = v.party);
        END;
        CREATE TRIGGER event_parties_actor_ad AFTER DELETE ON event_actors BEGIN
            DELETE FROM event_parties WHERE event_id = old.event_id AND party IN (old.country, old.org)
                AND NOT EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = old.event_id
                                AND (a.country = event_parties.party OR a.org = event_parties.party));
        END;
        CREATE TRIGGER event_parties_event_ai AFTER INSERT ON events BEGIN
            DELETE FROM event_parties WHERE event_id = new.id;
        END;
        CREATE TRIGGER event_parties_event_au AFTER UPDATE OF id, date, doc_id ON events BEGIN
            UPDATE event_parties SET event_id = new.id, date = new.date, doc_id = new.doc_id
                WHERE event_id = old.id;
        END;
        CREATE TRIGGER event_parties_event_ad AFTER DELETE ON events BEGIN
            DELETE FROM event_parties WHERE event_id = old.id;
        END;
        CREATE INDEX articles_newest ON articles(published IS NULL, published DESC, id);
        CREATE INDEX event_parties_party_date_desc ON event_parties(party, date DESC, doc_id, event_id);
        CREATE INDEX events_type_order ON events(event_type, date IS NULL, date, doc_id, id);
        CREATE INDEX events_type_order_desc ON events(event_type, date IS NULL, date DESC, doc_id, id);
        """,
    ),
    (
        # The event text filter by words: each event's normalised words (detente.store.words) of
        # its sentence and trigger, space-separated, and a contentless FTS5 index over them kept
        # by triggers.  The ascii tokenizer splits only at ASCII non-alphanumerics and folds only
        # ASCII capitals: a normalised token (lowercase letters and digits) stays one token as it
        # is.  detail=none: only which events hold a word.  Existing rows are filled by
        # detente_words(), registered on the connection.
        "0009_event_words",
        """
        ALTER TABLE events ADD COLUMN words TEXT NOT NULL DEFAULT '';
        UPDATE events SET words = detente_words(json_extract(data, '$.sentence'), json_extract(data, '$.trigger'));
        CREATE VIRTUAL TABLE events_fts USING fts5(words, content='', tokenize='ascii', detail=none, columnsize=0);
        INSERT INTO events_fts(rowid, words) SELECT rowid, words FROM events;
        CREATE TRIGGER events_fts_ai AFTER INSERT ON events BEGIN
            INSERT INTO events_fts(rowid, words) VALUES (new.rowid, new.words);
        END;
        CREATE TRIGGER events_fts_ad AFTER DELETE ON events BEGIN
            INSERT INTO events_fts(events_fts, rowid, words) VALUES ('delete', old.rowid, old.words);
        END;
        CREATE TRIGGER events_fts_au AFTER UPDATE OF words ON events BEGIN
            INSERT INTO events_fts(events_fts, rowid, words) VALUES ('delete', old.rowid, old.words);
            INSERT INTO events_fts(rowid, words) VALUES (new.rowid, new.words);
        END;
        """,
    ),
    (
        # The timeline's bars from a few thousand rows: stories counted per actor ("" for all),
        # date and type (story_days, recomputed with the story index).  The relations index
        # moves to relation_scores, which adds each record's key and stored place, so one pair's
        # records are one index lookup (filled from the stored records after migrating).
        "0010_story_days",
        """
        CREATE TABLE story_days (actor TEXT NOT NULL, date TEXT, event_type TEXT, n INTEGER NOT NULL);
        CREATE INDEX story_days_actor ON story_days(actor, date, event_type);
        DROP TABLE relation_index;
        CREATE TABLE relation_scores (
            kind TEXT NOT NULL,
            a TEXT NOT NULL,
            b TEXT NOT NULL,
            period TEXT NOT NULL,
            n_events INTEGER NOT NULL,
            score REAL NOT NULL,
            id TEXT NOT NULL,
            seq INTEGER NOT NULL
        );
        CREATE INDEX relation_scores_order ON relation_scores(kind, seq);
        CREATE INDEX relation_scores_period ON relation_scores(kind, period);
        CREATE INDEX relation_scores_pair ON relation_scores(kind, a, b);
        """,
    ),
    (
        # The records naming a story (a conflict and its claims), found by the story's id
        # (filled from the stored records after migrating, then by the derived writers).
        "0011_story_links",
        """
        CREATE TABLE story_links (kind TEXT NOT NULL, id TEXT NOT NULL, story_id TEXT NOT NULL);
        CREATE INDEX story_links_story ON story_links(story_id, kind);
        CREATE INDEX story_links_record ON story_links(kind, id);
        """,
    ),
    (
        # Each story's outlets (casefolded) and the outlets' distinct names: stories by outlet
        # are counted from the few names holding the needle, not by testing every story.
        "0012_story_outlets",
        """
        CREATE TABLE story_outlets (story_id TEXT NOT NULL, outlet TEXT NOT NULL);
        CREATE INDEX story_outlets_outlet ON story_outlets(outlet, story_id);
        CREATE TABLE story_outlet_names (outlet TEXT PRIMARY KEY);
        """,
    ),
    (
        # How many events each party has on each date, kept by triggers on event_parties: a count
        # of a country in a date range sums at most a few hundred rows, where counting its index
        # entries read up to ~135,000 of them (1M events), slow whenever they were not in memory.
        "0013_party_day_counts",
        """
        CREATE TABLE party_day_counts (
            party TEXT NOT NULL, date TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (party, date)
        ) WITHOUT ROWID;
        INSERT INTO party_day_counts (party, date, n)
            SELECT party, date, COUNT(*) FROM event_parties WHERE date IS NOT NULL GROUP BY party, date;
        CREATE TRIGGER party_day_counts_ai AFTER INSERT ON event_parties WHEN new.date IS NOT NULL BEGIN
            INSERT INTO party_day_counts (party, date, n) VALUES (new.party, new.date, 1)
                ON CONFLICT (party, date) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER party_day_counts_ad AFTER DELETE ON event_parties WHEN old.date IS NOT NULL BEGIN
            UPDATE party_day_counts SET n = n - 1 WHERE party = old.party AND date = old.date;
        END;
        CREATE TRIGGER party_day_counts_au AFTER UPDATE OF party, date ON event_parties BEGIN
            UPDATE party_day_counts SET n = n - 1 WHERE party = old.party AND date = old.date;
            INSERT INTO party_day_counts (party, date, n) SELECT new.party, new.date, 1 WHERE new.date IS NOT NULL
                ON CONFLICT (party, date) DO UPDATE SET n = n + 1;
        END;
        """,
    ),
    (
        # Events by confidence (sort=confidence) read in index order, not sorted whole.
        "0014_confidence_order",
        """
        CREATE INDEX events_confidence_order ON events(confidence DESC, date IS NULL, date, id);
        """,
    ),
    (
        # Followed sources (detente sources / detente follow): the record as JSON, its schedule
        # and claim in columns; and each source's entries already read, by key (their address).
        "0015_sources",
        """
        CREATE TABLE sources (
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            data TEXT NOT NULL,
            next_due TEXT,
            claimed_by TEXT,
            claimed_until TEXT,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE source_entries (
            source TEXT NOT NULL,
            key TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            article_id TEXT,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (source, key)
        ) WITHOUT ROWID;
        """,
    ),
    (
        # The words folded by detente.text (the special Latin letters in ASCII: "Çırağan" is
        # "ciragan", as everywhere else): the stored events whose words change are filled again,
        # and the events_fts_au trigger moves them in the index.
        "0016_event_words_folded",
        """
        UPDATE events SET words = detente_words(json_extract(data, '$.sentence'), json_extract(data, '$.trigger'))
        WHERE words <> detente_words(json_extract(data, '$.sentence'), json_extract(data, '$.trigger'));
        """,
    ),
    (
        # Stories in the order of their rank (most events first, then by date: store/kinds.py),
        # ties by id, instead of the order written: a story updated by key takes its place, so a
        # refresh writes only the stories that changed.  The stored stories are ranked by the
        # migration runner (SQLStore._rank_stored), then their side tables filled again.
        "0017_derived_rank",
        """
        ALTER TABLE derived ADD COLUMN stored_rank INTEGER;
        CREATE INDEX derived_rank ON derived(kind, stored_rank, id);
        DROP INDEX story_index_seq;
        CREATE INDEX story_index_seq ON story_index(seq, id);
        DROP INDEX story_index_order;
        CREATE INDEX story_index_order ON story_index(date IS NULL, date, seq, id);
        DROP INDEX story_index_order_desc;
        CREATE INDEX story_index_order_desc ON story_index(date IS NULL, date DESC, seq, id);
        """,
    ),
    (
        # The story filters' place and outlet text folded by detente.text (fold_letters: case
        # and accents ignored, the special Latin letters in ASCII), as the needle is, so "Ciragan"
        # finds "Çırağan" (PostgreSQL: 0017_story_keys_folded).  story_index,
        # story_outlets and story_outlet_names are filled again from the stored stories by the
        # migration runner (REFILLS).
        "0018_story_keys_folded",
        """
        DELETE FROM story_outlet_names;
        """,
    ),
    (
        # The event filters' place and actor names folded by detente.text (store/words.filter_key),
        # as the needle is, so "Ciragan" finds "Çırağan" and "erdogan" "Erdoğan" (LIKE folded only
        # ASCII letters in case; PostgreSQL: 0018_event_keys_folded).  No trigger reads these
        # columns: the rows are rewritten in place.
        "0019_event_keys_folded",
        """
        UPDATE events SET place = detente_key(place) WHERE place <> detente_key(place);
        UPDATE event_actors SET name = detente_key(name), text = detente_key(text)
        WHERE name <> detente_key(name) OR text <> detente_key(text);
        """,
    ),
]

_FTS_TOKEN = re.compile(r"\w+", re.UNICODE)
# Up to this many events holding the words, a page of the event text filter is read from the
# FTS index's matches; beyond, the page walks its order index and checks each event's words.
_FEW_WORD_MATCHES = 20_000


def _joined_event_words(sentence: str | None, trigger: str | None) -> str:
    return joined_words(event_words(sentence, trigger))


def _wal(conn: sqlite3.Connection, attempts: int = 100) -> None:
    """Switch to the write-ahead log.  A change of journal mode may be refused at once, without
    waiting on the busy timeout, while another connection opening the same new file holds its
    lock (two processes creating one database at once): try again for a few seconds."""
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)



_DIALECT = Dialect(name="sqlite", find="instr", derived_order="rowid", nulls_last=False)


def _q(sql: str) -> str:
    """A shared query (``%s`` placeholders) in SQLite's parameter style."""
    return sql.replace("%s", "?")


class SQLiteStore(SQLStore):
    dialect = _DIALECT
    STORY_DAYS_MIGRATION = "0010_story_days"
    STORY_OUTLETS_MIGRATION = "0012_story_outlets"
    RANK_MIGRATION = "0017_derived_rank"
    MIGRATIONS = MIGRATIONS
    REFILLS: ClassVar[dict[str, tuple[str, ...]]] = {
        "0005_story_index": ("stories",),
        "0010_story_days": ("stories", *RELATION_KINDS),
        "0011_story_links": LINKED_KINDS,
        "0012_story_outlets": ("stories",),
        "0017_derived_rank": ("stories",),
        "0018_story_keys_folded": ("stories",),
    }

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self.readonly = readonly
        try:
            if not readonly:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            uri = f"file:{self.path}?mode=ro" if readonly else f"file:{self.path}"
            self.conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False,
                                        isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 30000")
            if not readonly:
                _wal(self.conn)
                self.conn.execute("PRAGMA synchronous = NORMAL")
            else:
                # a read-only open fails lazily (e.g. WAL's -shm cannot be made on a read-only
                # mount): probe now so the caller gets the clear error at open time
                self.conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(
                f"cannot open the database {self.path}: {exc}",
                fix="check the path and its permissions, or choose another with --db / DETENTE_DB",
            ) from exc
        if not readonly:
            self.migrate()

    # -- the primitives of the shared queries -------------------------------------------
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(_q(sql), params).fetchall()
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.conn.cursor()
        cursor.row_factory = None  # plain tuples: tens of thousands of rows for the weekly network
        try:
            return cursor.execute(_q(sql), params).fetchall()
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    def _run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return max(self.conn.execute(_q(sql), params).rowcount, 0)

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(_q(sql), rows)

    def _rows_by_ids(self, sql: str, ids: Iterable[str], *, first: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
        # 500 ids per statement: SQLite bounds how many parameters one statement takes
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), 500):
            part = unique[start:start + 500]
            yield from self._rows(sql.format(ids=f"IN ({','.join('?' * len(part))})"), [*first, *part])

    def _run_by_ids(self, sql: str, ids: Iterable[str], *, first: Sequence[Any] = ()) -> int:
        unique, changed = list(dict.fromkeys(ids)), 0
        for start in range(0, len(unique), 500):
            part = unique[start:start + 500]
            changed += self._run(sql.format(ids=f"IN ({','.join('?' * len(part))})"), [*first, *part])
        return changed

    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        marks = ",".join("?" * len(columns))
        self.conn.executemany(f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    # -- migrations -------------------------------------------------------------------
    def applied_migrations(self) -> list[str]:
        try:
            rows = self.conn.execute("SELECT name FROM _migrations ORDER BY name").fetchall()
        except sqlite3.OperationalError:
            return []
        return [r["name"] for r in rows]

    def _run_script(self, name: str, script: str) -> None:
        # executescript would commit implicitly: the statements one by one, in the transaction
        if name in ("0009_event_words", "0016_event_words_folded"):
            self.conn.create_function("detente_words", 2, _joined_event_words, deterministic=True)
        if name == "0019_event_keys_folded":
            self.conn.create_function("detente_key", 1, filter_key, deterministic=True)
        try:
            for statement in _split_sql(script):
                self.conn.execute(statement)
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    # -- articles ---------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: committed whole, or rolled back whole on any error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (a full disk does): keep the first error
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from exc

    def add_article(self, article: Article, events: Iterable[Event]) -> bool:
        events = list(events)
        with self._transaction():
            if self.has_article(article.id):
                return False
            self.conn.execute(
                "INSERT INTO articles (id, url, outlet, title, published, language, genre, "
                "categories, segments, text, origin, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                article_row(article, now()),
            )
            for ev in events:
                self._insert_event(ev)
        return True

    def _insert_event(self, ev: Event) -> None:
        loc = ev.location
        # A replaced event is deleted first: REPLACE's implicit delete fires no trigger, and the
        # words index must forget the old words.
        self.conn.execute("DELETE FROM events WHERE id = ?", (ev.id,))
        self.conn.execute(
            "INSERT INTO events (id, doc_id, event_type, date, modality, confidence, "
            "place, place_country, data, words) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                ev.id, ev.doc_id, ev.event_type, ev.date, ev.modality, ev.confidence,
                filter_key(loc.name or loc.text) if loc else None, loc.country if loc else None,
                json.dumps(ev.to_dict(), ensure_ascii=False), _joined_event_words(ev.sentence, ev.trigger),
            ),
        )
        self.conn.execute("DELETE FROM event_actors WHERE event_id = ?", (ev.id,))
        for role, refs in (("actor", ev.actors), ("recipient", ev.recipients)):
            for ref in refs:
                self.conn.execute(
                    "INSERT INTO event_actors (event_id, role, country, org, name, text) VALUES (?,?,?,?,?,?)",
                    (ev.id, role, ref.country, ref.org, filter_key(ref.name), filter_key(ref.text)),
                )

    def list_articles(self, query: ArticleQuery) -> list[Article]:
        where, params = _article_where(query)
        order = ("published IS NULL, published DESC, id" if query.order == "-date"
                 else "published IS NULL, published, id")
        sql = f"SELECT * FROM articles{where} ORDER BY {order} LIMIT ? OFFSET ?"
        return [self._article(r) for r in self.conn.execute(sql, [*params, query.limit, query.offset])]

    def count_matching_articles(self, query: ArticleQuery) -> int:
        where, params = _article_where(query)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM articles{where}", params).fetchone()[0])

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def iter_articles(self) -> Iterator[Article]:
        for row in self.conn.execute("SELECT * FROM articles ORDER BY published IS NULL, published, id"):
            yield self._article(row)

    # -- events -----------------------------------------------------------------------

    def list_events(self, query: EventQuery) -> list[Event]:
        few = self._few_word_matches(query)
        branches = event_branches(query, lambda q, branch, by_party: _event_where(q, branch, by_party, few),
                                  party_walk=True)
        # with a date filter no row has a NULL date: the plain order, which the date indexes give
        orders = _EVENT_ORDER_DATED if (query.since or query.until) else _EVENT_ORDER
        order = orders.get(query.order, orders["date"])
        # a country alone: its dated events in the plain order, its undated ones by doc_id, id
        inner = [_EVENT_ORDER_DATED[query.order], "doc_id, id"] if undated_party_walk(query) else None
        sql, params = page_sql(branches, order, query.limit, query.offset, "?", inner)
        rows = self.conn.execute(sql, params)
        return [Event.from_dict(json.loads(r["data"])) for r in rows]

    def count_matching_events(self, query: EventQuery) -> int:
        if query.country and country_and_dates_only(query):
            return self._count_party_events(query.country.upper(), query.since, query.until)
        tokens = query_words(query)
        if tokens and only_words(query):
            sql = "SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH ?"
            return int(self.conn.execute(sql, (_fts_match(tokens),)).fetchone()[0])
        few = self._few_word_matches(query)
        if tokens:  # the page's shape: a country with dates walks event_parties, not every event
            branches = event_branches(query, lambda q, branch, by_party: _event_where(q, branch, by_party, few))
            return sum(int(self.conn.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0])
                       for sql, params in branches)
        where, params = _event_where(query)
        return int(self.conn.execute(f"SELECT COUNT(*) FROM events e{where}", params).fetchone()[0])

    def _few_word_matches(self, query: EventQuery) -> bool:
        """Whether few enough events hold the words of ``query.text`` to read them from the words
        index (counted up to the threshold only, so a common word costs no more than a rare one)."""
        tokens = query_words(query)
        if not tokens:
            return False
        sql = "SELECT COUNT(*) FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT ?)"
        n = int(self.conn.execute(sql, (_fts_match(tokens), _FEW_WORD_MATCHES + 1)).fetchone()[0])
        return n <= _FEW_WORD_MATCHES

    def _count_party_events(self, party: str, since: str | None, until: str | None) -> int:
        """Events of one party in a date range, summed from party_day_counts: the dates from
        ``since`` on, plus the coarser dates that ``since`` starts with ("2025", "2025-02"); with no
        dates at all, the party's undated events (counted in event_parties) as well."""
        where, params = ["p.party = ?"], [party]
        _event_dates("p.date", None, until, where, params)
        if not since and not until:  # every dated event of the party, plus its undated ones
            sql = ("SELECT (SELECT TOTAL(n) FROM party_day_counts WHERE party = ?) "
                   "+ (SELECT COUNT(*) FROM event_parties WHERE party = ? AND date IS NULL)")
            return int(self.conn.execute(sql, (party, party)).fetchone()[0])
        if not since:
            sql = f"SELECT TOTAL(p.n) FROM party_day_counts p WHERE {' AND '.join(where)}"
            return int(self.conn.execute(sql, params).fetchone()[0])
        # with a date bound, no undated event counts: summed from the per-day counts
        prefixes = coarser_dates(since)
        marks = ",".join("?" * len(prefixes))
        cond = " AND ".join(where)
        sql = (f"SELECT (SELECT TOTAL(p.n) FROM party_day_counts p WHERE {cond} AND p.date >= ?) "
               f"+ (SELECT TOTAL(p.n) FROM party_day_counts p WHERE {cond} AND p.date IN ({marks}))")
        return int(self.conn.execute(sql, [*params, since, *params, *prefixes]).fetchone()[0])

    def count_events(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])

    # -- search -----------------------------------------------------------------------
    def search_page(self, text: str, *, limit: int = 20, offset: int = 0,
                    window: int = SEARCH_WINDOW) -> SearchPage:
        tokens = _FTS_TOKEN.findall(text)
        if not tokens:
            raise ConfigError(f"search query {text!r} has no words", fix="search for at least one word")
        # Each word quoted: user text never reaches FTS5's query syntax.
        match = " ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        # The window: FTS5 walks its matches newest rowid first and stops, so bm25 is computed for
        # at most ``window`` articles however many match.
        read = self.conn.execute(
            "SELECT rowid, bm25(articles_fts), rowid FROM articles_fts WHERE articles_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT ?", (match, window + 1)).fetchall()
        page, ranked, more = rank_window(read, window, limit, offset)
        rows = {}
        if page:
            # Snippets for the page only: its rowid range bounds the walk, the unary + keeps the
            # IN list a filter (checked before the snippet is made) rather than one lookup each.
            keys = [key for key, _, _ in page]
            rows = {r["rowid"]: dict(r) for r in self.conn.execute(
                "SELECT a.rowid AS rowid, a.id, a.title, a.outlet, a.published, "
                "snippet(articles_fts, 1, '[', ']', ' … ', 16) AS snip "
                "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                "WHERE articles_fts MATCH ? AND articles_fts.rowid BETWEEN ? AND ? "
                f"AND +articles_fts.rowid IN ({','.join('?' * len(keys))})",
                (match, min(keys), max(keys), *keys))}
        hits = [search_hit({**rows[key], "rank": rank}) for key, rank, _ in page]
        return SearchPage(hits, ranked, more)

    # -- derived records ----------------------------------------------------------------

    def stories_of_events(self, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        sql = ("SELECT s.event_id AS event_id, d.data AS data FROM story_events s JOIN derived d "
               "ON d.kind = 'stories' AND d.id = s.story_id WHERE s.event_id {ids} ORDER BY s.rowid")
        for row in self._rows_by_ids(sql, event_ids):  # the first story of each event, as story_of_event
            out.setdefault(row["event_id"], json.loads(row["data"]))
        return out

    def _walk_stories(self, query: StoryQuery) -> bool:
        """Whether a page of stories by actor or type should walk the order index: when the
        matches (counted in story_days) are many against the page's end, few rows are walked
        before the page is full, where reading every match would sort them all."""
        if not (query.actor or query.event_type) or not days_only(query) or query.order == "confidence":
            return False
        return self.count_stories(query) >= 10 * (query.offset + query.limit)

    def close(self) -> None:
        self.conn.close()


# Fixed ORDER BY clauses chosen by name: user input never reaches the SQL text.
_EVENT_ORDER = {
    "date": "e.date IS NULL, e.date, e.doc_id, e.id",
    "-date": "e.date IS NULL, e.date DESC, e.doc_id, e.id",
    "confidence": "e.confidence DESC, e.date IS NULL, e.date, e.id",
}


_EVENT_ORDER_DATED = {  # the names of event_branches' columns
    "date": "date, doc_id, id",
    "-date": "date DESC, doc_id, id",
    "confidence": "confidence DESC, date, id",
}



def _date_range(column: str, since: str | None, until: str | None, where: list[str], params: list[Any]) -> None:
    """Conditions keeping ``column``'s dates in [since, until] (``column`` is fixed SQL text)."""
    if since:
        # compare at the record's own precision: "2025-02" overlaps a range from 2025-02-15
        where.append(f"{column} >= substr(?, 1, length({column}))")
        params.append(since)
    if until:
        # a record dated "2025-03" or "2025" is inside a range ending in March 2025
        where.append(f"substr({column}, 1, length(?)) <= ?")
        params += [until, until]


def _event_dates(column: str, since: str | None, until: str | None, where: list[str], params: list[Any]) -> None:
    """The same conditions as ``_date_range``, written so an index on ``column`` serves them.

    ``column >= substr(since, 1, length(column))`` holds exactly when the date is ``since`` or
    later, or a coarser date that ``since`` starts with; ``substr(column, 1, length(until)) <= until``
    exactly when the date sorts before ``until`` with its last character raised by one.
    """
    if since:
        prefixes = coarser_dates(since)
        where.append(f"({column} >= ? OR {column} IN ({','.join('?' * len(prefixes))}))")
        params += [since, *prefixes]
    if until:
        where.append(f"{column} < ?")
        params.append(until[:-1] + chr(ord(until[-1]) + 1))


def _article_where(query: ArticleQuery) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("outlet", query.outlet), ("language", query.language), ("genre", query.genre)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if query.since:
        where.append("published >= ?")
        params.append(query.since)
    if query.until:
        where.append("substr(published, 1, length(?)) <= ?")
        params += [query.until, query.until]
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _event_where(query: EventQuery, since_branch: str = "", by_party: bool = False,
                 few: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause of an event query.  ``since_branch`` "later" or "coarser" keeps one of the
    two disjoint parts of the ``since`` condition; ``by_party``: country and dates from event_parties p;
    ``few``: the words of ``query.text`` are read from the words index (else checked row by row)."""
    where: list[str] = []
    params: list[Any] = []
    if query.event_type:
        where.append("e.event_type = ?")
        params.append(query.event_type.upper())
    if query.modality:
        where.append("e.modality = ?")
        params.append(query.modality)
    if query.no_discarded:  # the mark is in the event's JSON (null or absent: unmarked)
        where.append("json_extract(e.data, '$.discard') IS NULL")
    date = "p.date" if by_party else "e.date"
    if since_branch in ("dated", "undated"):  # a country without dates, read from event_parties
        where.append(f"{date} IS {'NOT ' if since_branch == 'dated' else ''}NULL")
    if (query.since or query.until) and not by_party:
        # implied by any date condition; stated so the (… date IS NULL, date …) indexes take the range
        where.append("(e.date IS NULL) = 0")
    if query.since and since_branch == "later":
        where.append(f"{date} >= ?")
        params.append(query.since)
    elif query.since and since_branch == "coarser":
        prefixes = coarser_dates(query.since)
        where.append(f"{date} IN ({','.join('?' * len(prefixes))})")
        params += prefixes
    else:
        _event_dates(date, query.since, None, where, params)
    if since_branch == "coarser":  # a few exact dates: looked up, not a range
        _date_range(date, None, query.until, where, params)
    else:
        _event_dates(date, None, query.until, where, params)
    if query.doc_id:
        where.append("e.doc_id = ?")
        params.append(query.doc_id)
    if query.country and by_party:
        where.append("p.party = ?")
        params.append(query.country.upper())
    elif query.country:
        code = query.country.upper()
        if query.since or query.until:
            # the date range is the selective part: walk it and check each event's parties
            where.append("EXISTS (SELECT 1 FROM event_parties p WHERE p.event_id = e.id AND p.party = ?)")
            params.append(code)
        else:
            where.append("e.id IN (SELECT event_id FROM event_actors WHERE country = ? OR org = ?)")
            params += [code, code]
    if query.actor:
        where.append(
            "e.id IN (SELECT event_id FROM event_actors WHERE name LIKE ? ESCAPE '\\' "
            "OR text LIKE ? ESCAPE '\\' OR country = ? OR org = ?)"
        )
        like = f"%{_escape_like(filter_key(query.actor) or '')}%"  # stored and asked folded
        params += [like, like, query.actor.upper(), query.actor.upper()]
    if query.place:
        where.append("(e.place LIKE ? ESCAPE '\\' OR e.place_country = ?)")
        params += [f"%{_escape_like(filter_key(query.place) or '')}%", query.place.upper()]
    if query.outlet:
        where.append("e.doc_id IN (SELECT id FROM articles WHERE outlet LIKE ? ESCAPE '\\')")
        params.append(f"%{_escape_like(query.outlet)}%")
    tokens = query_words(query)
    if tokens and few:
        where.append("e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        params.append(_fts_match(tokens))
    else:  # the same meaning, checked on each row: every token a whole word of e.words
        for token in tokens:
            where.append("instr(' ' || e.words || ' ', ?) > 0")
            params.append(f" {token} ")
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _fts_match(tokens: list[str]) -> str:
    """An FTS5 query holding every token (normalised tokens have no quote or operator in them)."""
    return " ".join(f'"{token}"' for token in tokens)


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies (BEGIN … END;) whole."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if text.endswith(";") and sqlite3.complete_statement(text):
            statements.append(text)
            current = []
    if "\n".join(current).strip():
        statements.append("\n".join(current))
    return statements


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")



def _store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        fix = "the database file or its folder is read-only: fix its permissions or choose another with --db"
    elif "disk" in text and ("full" in text or "I/O" in text):
        fix = "the disk is full: free some space and run the command again (nothing was half-written)"
    elif "locked" in text:
        fix = "another détente process is writing: wait for it and try again"
    elif "not a database" in text or "malformed" in text:
        fix = "this file is not a détente database: choose another path with --db"
    else:
        fix = "check the database path given with --db / DETENTE_DB"
    return StoreError(f"database {path}: {text}", fix=fix)
