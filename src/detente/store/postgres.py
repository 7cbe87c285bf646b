"""PostgreSQL store: the shared one, behind the same ``Store`` interface as SQLite.

- Full-text search on a stored generated ``tsvector`` column with a GIN index; the user's words
  reach PostgreSQL only as a bound parameter of ``plainto_tsquery`` (no query syntax).
- Named migrations recorded in ``_migrations``, each in its own transaction, serialised between
  processes by an advisory lock (two processes opening a fresh database at once is safe).
- One transaction per article; ``INSERT … ON CONFLICT DO NOTHING`` makes two writers ingesting
  the same articles at once store each article exactly once, without errors.
- Everything lives in the connection's current schema, so ``?options=-csearch_path%3Dname`` in
  the URL keeps several détente stores in one database.

psycopg 3 is an optional dependency (``pip install 'détente[postgres]'``), imported on first use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from detente.dates import coarser_dates
from detente.errors import ConfigError, StoreError
from detente.model import Article, Event
from detente.store.base import (
    RELATION_KINDS,
    SEARCH_WINDOW,
    ArticleQuery,
    EventQuery,
    SearchPage,
)
from detente.store.sql import (
    LINKED_KINDS,
    article_row,
    country_and_dates_only,
    event_branches,
    page_sql,
    rank_window,
    search_hit,
)
from detente.store.sqlstore import ARTICLE_COLUMNS, Dialect, SQLStore, now
from detente.store.words import event_words, filter_key, only_words, query_words

if TYPE_CHECKING:
    import psycopg

__all__ = ["MIGRATIONS", "PostgresStore"]

# Text search configuration: English stemming ("embassies" finds "embassy").
TS_CONFIG = "english"

# Named migrations, applied in order, each in its own transaction and recorded in _migrations.
# Names match the SQLite ones where the step is the same.  Identifiers and ordered text columns
# use the "C" collation so orders (and paging) are the same as SQLite's, whatever the server locale.
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles_events",
        """
        CREATE TABLE articles (
            id TEXT COLLATE "C" PRIMARY KEY,
            url TEXT, outlet TEXT, title TEXT, published TEXT COLLATE "C", language TEXT, genre TEXT,
            categories JSONB NOT NULL DEFAULT '[]',
            segments JSONB NOT NULL DEFAULT '[]',
            text TEXT NOT NULL,
            origin TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_published ON articles (published, id);
        CREATE INDEX articles_outlet ON articles (outlet);
        CREATE TABLE events (
            id TEXT COLLATE "C" PRIMARY KEY,
            doc_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,
            date TEXT COLLATE "C",
            modality TEXT NOT NULL,
            confidence DOUBLE PRECISION NOT NULL,
            place TEXT,
            place_country TEXT,
            parties TEXT[] NOT NULL DEFAULT '{}',
            data JSONB NOT NULL
        );
        CREATE INDEX events_doc ON events (doc_id);
        CREATE INDEX events_order ON events (date, doc_id, id);
        CREATE INDEX events_type_order ON events (event_type, date, doc_id, id);
        CREATE INDEX events_parties ON events USING GIN (parties);
        CREATE TABLE event_actors (
            event_id TEXT COLLATE "C" NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            country TEXT, org TEXT, name TEXT, text TEXT
        );
        CREATE INDEX event_actors_event ON event_actors (event_id);
        """,
    ),
    (
        "0002_fulltext",
        f"""
        ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{TS_CONFIG}', coalesce(title, '')), 'A')
            || setweight(to_tsvector('{TS_CONFIG}', text), 'B')
        ) STORED;
        CREATE INDEX articles_search ON articles USING GIN (search);
        """,
    ),
    (
        "0003_derived",
        """
        CREATE TABLE derived (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            seq BIGSERIAL,
            data JSONB NOT NULL,
            PRIMARY KEY (kind, id)
        );
        CREATE INDEX derived_order ON derived (kind, seq);
        """,
    ),
    (
        # count(*) reads every row in PostgreSQL: keep exact row counts, updated once per
        # statement (cheap for bulk loads); newest-first pages read an index in order.
        "0004_counts_newest_first",
        """
        CREATE TABLE row_counts (name TEXT PRIMARY KEY, n BIGINT NOT NULL);
        INSERT INTO row_counts SELECT 'articles', count(*) FROM articles;
        INSERT INTO row_counts SELECT 'events', count(*) FROM events;
        CREATE FUNCTION count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE row_counts SET n = n + (SELECT count(*) FROM new_rows) WHERE name = TG_TABLE_NAME;
            RETURN NULL;
        END $$;
        CREATE FUNCTION count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE row_counts SET n = n - (SELECT count(*) FROM old_rows) WHERE name = TG_TABLE_NAME;
            RETURN NULL;
        END $$;
        CREATE TRIGGER articles_counted_ins AFTER INSERT ON articles REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION count_inserted();
        CREATE TRIGGER articles_counted_del AFTER DELETE ON articles REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION count_deleted();
        CREATE TRIGGER events_counted_ins AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION count_inserted();
        CREATE TRIGGER events_counted_del AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION count_deleted();
        CREATE INDEX events_newest ON events (date DESC NULLS LAST, doc_id, id);
        """,
    ),
    (
        # Each event's parties beside its date, kept from events.parties by a row trigger in the
        # writer's transaction: a country and a date range become one btree range, counted from
        # the index alone.  Newest articles first straight from an index.
        "0005_event_parties",
        """
        CREATE TABLE event_parties (
            party TEXT COLLATE "C" NOT NULL,
            date TEXT COLLATE "C",
            doc_id TEXT COLLATE "C" NOT NULL,
            event_id TEXT COLLATE "C" NOT NULL
        );
        INSERT INTO event_parties (party, date, doc_id, event_id)
            SELECT DISTINCT p.party, e.date, e.doc_id, e.id FROM events e, unnest(e.parties) AS p(party);
        CREATE INDEX event_parties_party_date ON event_parties (party, date, doc_id, event_id);
        CREATE INDEX event_parties_event ON event_parties (event_id);
        CREATE FUNCTION event_parties_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM event_parties WHERE event_id = OLD.id;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO event_parties (party, date, doc_id, event_id)
                    SELECT DISTINCT p, NEW.date, NEW.doc_id, NEW.id FROM unnest(NEW.parties) AS p;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER events_parties_sync AFTER INSERT OR DELETE OR UPDATE OF id, doc_id, date, parties ON events
            FOR EACH ROW EXECUTE FUNCTION event_parties_sync();
        CREATE INDEX articles_newest ON articles (published DESC NULLS LAST, id);
        """,
    ),
    (
        # The order in which articles were stored: search ranks its matches among the most
        # recently stored ones, read backwards from this index (as SQLite walks its rowids).
        "0006_search_order",
        """
        ALTER TABLE articles ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
        CREATE UNIQUE INDEX articles_seq ON articles (seq);
        """,
    ),
    (
        # The event text filter by words: each event's normalised words (detente.store.words) of
        # its sentence and trigger, with a GIN index (``words @> ARRAY[...]``).  Existing rows are
        # filled in Python (_fill_event_words: the same normaliser as SQLite's), then indexed.
        "0007_event_words",
        """
        ALTER TABLE events ADD COLUMN words TEXT[] NOT NULL DEFAULT '{}';
        """,
    ),
    (
        # How many events hold each word, kept by statement triggers (like row_counts): the count
        # of a one-word text filter is one row, where counting the GIN matches of a common word
        # visits every event holding it (0.4-1 s at 1M events).  The triggers sort after
        # events_counted_*, so a writer first waits on row_counts and writers never deadlock
        # here; words are locked in sorted order.
        "0007b_event_word_counts",
        """
        CREATE TABLE event_word_counts (word TEXT COLLATE "C" PRIMARY KEY, n BIGINT NOT NULL);
        INSERT INTO event_word_counts (word, n)
            SELECT w, count(*) FROM events, unnest(events.words) AS w GROUP BY w;
        CREATE FUNCTION event_words_counted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                INSERT INTO event_word_counts AS c (word, n)
                    SELECT w, -count(*) FROM old_rows, unnest(old_rows.words) AS w GROUP BY w ORDER BY w
                    ON CONFLICT (word) DO UPDATE SET n = c.n + EXCLUDED.n;
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN
                INSERT INTO event_word_counts AS c (word, n)
                    SELECT w, count(*) FROM new_rows, unnest(new_rows.words) AS w GROUP BY w ORDER BY w
                    ON CONFLICT (word) DO UPDATE SET n = c.n + EXCLUDED.n;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER events_words_counted_ins AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION event_words_counted();
        CREATE TRIGGER events_words_counted_del AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION event_words_counted();
        CREATE TRIGGER events_words_counted_upd AFTER UPDATE ON events
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION event_words_counted();
        """,
    ),
    (
        # Stories indexed by what the dashboard asks of them (the same side tables as SQLite's
        # story_index, story_actors, story_events, plus story_days: stories counted per actor,
        # date and type, so the timeline's bars add up a few thousand rows), and the relations
        # index as plain columns with each record's key.  Filled from the derived records by
        # replace_derived / upsert_derived / delete_derived (and here from the stored ones).
        "0008_story_index",
        """
        CREATE TABLE story_index (
            id TEXT COLLATE "C" NOT NULL,
            seq BIGINT NOT NULL,
            date TEXT COLLATE "C",
            event_type TEXT COLLATE "C",
            sources INTEGER NOT NULL DEFAULT 0,
            place TEXT NOT NULL DEFAULT '',
            place_country TEXT,
            outlets TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX story_index_id ON story_index (id);
        CREATE INDEX story_index_seq ON story_index (seq);
        CREATE INDEX story_index_order ON story_index (date ASC NULLS LAST, seq);
        CREATE INDEX story_index_newest ON story_index (date DESC NULLS LAST, seq);
        CREATE INDEX story_index_type_order ON story_index (event_type, date ASC NULLS LAST, seq);
        CREATE INDEX story_index_type_newest ON story_index (event_type, date DESC NULLS LAST, seq);
        CREATE INDEX story_index_sources ON story_index (sources DESC, seq);
        CREATE TABLE story_actors (story_id TEXT COLLATE "C" NOT NULL, actor TEXT COLLATE "C" NOT NULL);
        CREATE INDEX story_actors_actor ON story_actors (actor, story_id);
        CREATE INDEX story_actors_story ON story_actors (story_id);
        CREATE TABLE story_events (event_id TEXT COLLATE "C" NOT NULL, story_id TEXT COLLATE "C" NOT NULL);
        CREATE INDEX story_events_event ON story_events (event_id);
        CREATE INDEX story_events_story ON story_events (story_id);
        CREATE TABLE story_days (
            actor TEXT COLLATE "C" NOT NULL,
            date TEXT COLLATE "C",
            event_type TEXT COLLATE "C",
            n INTEGER NOT NULL
        );
        CREATE INDEX story_days_actor ON story_days (actor, date, event_type);
        CREATE TABLE relation_scores (
            kind TEXT NOT NULL,
            a TEXT COLLATE "C" NOT NULL,
            b TEXT COLLATE "C" NOT NULL,
            period TEXT COLLATE "C" NOT NULL,
            n_events INTEGER NOT NULL,
            score DOUBLE PRECISION NOT NULL,
            id TEXT NOT NULL,
            seq BIGINT NOT NULL
        );
        CREATE INDEX relation_scores_order ON relation_scores (kind, seq);
        CREATE INDEX relation_scores_period ON relation_scores (kind, period);
        CREATE INDEX relation_scores_pair ON relation_scores (kind, a, b);
        """,
    ),
    (
        # The records naming a story (a conflict and its claims), found by the story's id
        # (filled here from the stored records, then by the derived writers), as in SQLite.
        "0009_story_links",
        """
        CREATE TABLE story_links (kind TEXT NOT NULL, id TEXT NOT NULL, story_id TEXT COLLATE "C" NOT NULL);
        CREATE INDEX story_links_story ON story_links (story_id, kind);
        CREATE INDEX story_links_record ON story_links (kind, id);
        """,
    ),
    (
        # Each story's outlets (casefolded) and the outlets' distinct names: stories by outlet
        # are counted from the few names holding the needle, not by testing every story.
        "0010_story_outlets",
        """
        CREATE TABLE story_outlets (story_id TEXT COLLATE "C" NOT NULL, outlet TEXT COLLATE "C" NOT NULL);
        CREATE INDEX story_outlets_outlet ON story_outlets (outlet, story_id);
        CREATE INDEX story_outlets_story ON story_outlets (story_id);
        CREATE TABLE story_outlet_names (outlet TEXT COLLATE "C" PRIMARY KEY);
        """,
    ),
    (
        # How many events each party has on each date, kept by a row trigger on event_parties: a
        # count of a country in a date range sums at most a few hundred rows instead of reading up
        # to ~135,000 index entries (1M events), slow whenever they were not in memory.  Writers
        # take one advisory lock first, so two never lock the same days in opposite orders.
        "0011_party_day_counts",
        """
        CREATE TABLE party_day_counts (
            party TEXT COLLATE "C" NOT NULL, date TEXT COLLATE "C" NOT NULL, n BIGINT NOT NULL,
            PRIMARY KEY (party, date)
        );
        INSERT INTO party_day_counts (party, date, n)
            SELECT party, date, count(*) FROM event_parties WHERE date IS NOT NULL GROUP BY party, date;
        CREATE FUNCTION party_day_counted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtext('detente:' || current_schema() || ':party_day_counts'));
            IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.date IS NOT NULL THEN
                UPDATE party_day_counts SET n = n - 1 WHERE party = OLD.party AND date = OLD.date;
            END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.date IS NOT NULL THEN
                INSERT INTO party_day_counts AS c (party, date, n) VALUES (NEW.party, NEW.date, 1)
                    ON CONFLICT (party, date) DO UPDATE SET n = c.n + 1;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER event_parties_counted AFTER INSERT OR DELETE OR UPDATE OF party, date ON event_parties
            FOR EACH ROW EXECUTE FUNCTION party_day_counted();
        """,
    ),
    (
        # Events by confidence (sort=confidence) read in index order, not sorted whole.
        "0012_confidence_order",
        """
        CREATE INDEX events_confidence_order ON events (confidence DESC, date ASC NULLS LAST, id);
        """,
    ),
    (
        # Followed sources (detente sources / detente follow): the record as JSON, its schedule
        # and claim in columns (ISO times in UTC, compared as text); and each source's entries
        # already read, by key (their address).
        "0013_sources",
        """
        CREATE TABLE sources (
            name TEXT COLLATE "C" PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            data JSONB NOT NULL,
            next_due TEXT COLLATE "C",
            claimed_by TEXT,
            claimed_until TEXT COLLATE "C",
            updated_at TEXT NOT NULL
        );
        CREATE TABLE source_entries (
            source TEXT COLLATE "C" NOT NULL,
            key TEXT COLLATE "C" NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            article_id TEXT,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (source, key)
        );
        """,
    ),
    (
        # The words folded by detente.text (the special Latin letters in ASCII: "Çırağan" is
        # "ciragan", as everywhere else): filled again by _fill_event_words, which builds the GIN
        # index anew; the statement triggers keep the word counts.
        "0014_event_words_folded",
        "DROP INDEX events_words;",
    ),
    (
        # Watchlists and alerts in tables of their own, as on SQLite (0004_watchlists): they were
        # derived records of kinds "watchlists" / "alerts", every save rewriting the kind and only
        # the latest 1,000 alerts kept; moved here, and every alert is kept, as on SQLite.
        "0015_watchlists_alerts",
        """
        CREATE TABLE watchlists (
            name TEXT COLLATE "C" PRIMARY KEY,
            data JSONB NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE alerts (
            id TEXT COLLATE "C" PRIMARY KEY,
            watchlist TEXT COLLATE "C" NOT NULL,
            created TEXT COLLATE "C" NOT NULL,
            data JSONB NOT NULL
        );
        CREATE INDEX alerts_created ON alerts (created DESC, id DESC);
        INSERT INTO watchlists (name, data, updated_at)
            SELECT data->>'name', data, 'migrated' FROM derived WHERE kind = 'watchlists' ON CONFLICT DO NOTHING;
        INSERT INTO alerts (id, watchlist, created, data)
            SELECT data->>'id', data->>'watchlist', data->>'created', data FROM derived WHERE kind = 'alerts'
            ON CONFLICT DO NOTHING;
        DELETE FROM derived WHERE kind IN ('watchlists', 'alerts');
        """,
    ),
    (
        # Stories in the order of their rank, ties by id, as on SQLite (0017_derived_rank).
        "0016_derived_rank",
        """
        ALTER TABLE derived ADD COLUMN stored_rank BIGINT;
        CREATE INDEX derived_rank ON derived (kind, stored_rank, id);
        DROP INDEX story_index_seq;
        CREATE INDEX story_index_seq ON story_index (seq, id);
        DROP INDEX story_index_order;
        CREATE INDEX story_index_order ON story_index (date ASC NULLS LAST, seq, id);
        DROP INDEX story_index_newest;
        CREATE INDEX story_index_newest ON story_index (date DESC NULLS LAST, seq, id);
        DROP INDEX story_index_type_order;
        CREATE INDEX story_index_type_order ON story_index (event_type, date ASC NULLS LAST, seq, id);
        DROP INDEX story_index_type_newest;
        CREATE INDEX story_index_type_newest ON story_index (event_type, date DESC NULLS LAST, seq, id);
        DROP INDEX story_index_sources;
        CREATE INDEX story_index_sources ON story_index (sources DESC, seq, id);
        """,
    ),
    (
        # The story filters' place and outlet text folded by detente.text (fold_letters: case
        # and accents ignored, the special Latin letters in ASCII), as the needle is, so "Ciragan"
        # finds "Çırağan", as on SQLite (0018_story_keys_folded).  story_index,
        # story_outlets and story_outlet_names are filled again from the stored stories by the
        # migration runner (REFILLS).
        "0017_story_keys_folded",
        """
        DELETE FROM story_outlet_names;
        """,
    ),
    (
        # The event filters' place and actor names folded by detente.text, as on SQLite
        # (0019_event_keys_folded): ILIKE ignored case, not accents.  The rows are folded by
        # _fold_event_keys after this statement.
        "0018_event_keys_folded",
        """
        ANALYZE event_actors;
        """,
    ),
]

_WORD = re.compile(r"\w+", re.UNICODE)
# Up to this many events holding the words, the event text filter reads them from the GIN index
# first; beyond, the page walks its order index and checks each event's words (as SQLite does).
_FEW_WORD_MATCHES = 20_000



def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise ConfigError(
            "a postgresql:// database needs the psycopg package, which is not installed",
            fix="install détente[postgres] (pip install 'détente[postgres]'), or use --db sqlite:///path",
        ) from exc
    return psycopg


_DIALECT = Dialect(name="postgresql", find="strpos", derived_order="seq", nulls_last=True)


class PostgresStore(SQLStore):
    dialect = _DIALECT
    STORY_DAYS_MIGRATION = "0008_story_index"
    STORY_OUTLETS_MIGRATION = "0010_story_outlets"
    RANK_MIGRATION = "0016_derived_rank"
    MIGRATIONS = MIGRATIONS
    REFILLS: ClassVar[dict[str, tuple[str, ...]]] = {
        "0008_story_index": ("stories", *RELATION_KINDS),
        "0009_story_links": LINKED_KINDS,
        "0010_story_outlets": ("stories",),
        "0016_derived_rank": ("stories",),
        "0017_story_keys_folded": ("stories",),
    }

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        pg = _psycopg()
        from psycopg.rows import dict_row

        self.url = url
        self.readonly = readonly
        self._shown = _hide_password(url)
        try:
            self.conn: psycopg.Connection[dict[str, Any]] = pg.connect(
                url, autocommit=True, row_factory=dict_row, connect_timeout=10
            )
            if readonly:
                self.conn.execute("SET default_transaction_read_only = on")
        except pg.Error as exc:
            raise self._error(exc) from exc
        if not readonly:
            self.migrate()

    # -- errors -------------------------------------------------------------------------
    def _error(self, exc: Exception) -> StoreError:
        errors = _psycopg().errors
        text = str(exc).strip()
        if isinstance(exc, errors.ReadOnlySqlTransaction | errors.InsufficientPrivilege):
            fix = "this database is read-only for this connection: use a role that may write, or another --db"
        elif isinstance(exc, errors.DiskFull | errors.OutOfMemory):
            fix = "the PostgreSQL server's disk is full: free some space and run again (nothing was half-written)"
        elif isinstance(exc, errors.IntegrityError):
            fix = "the records do not fit together (an event must belong to its article); nothing was stored"
        elif isinstance(exc, _psycopg().OperationalError):
            fix = ("is the PostgreSQL server running and the URL right? "
                   "--db postgresql://user:password@host:5432/database")
        else:
            fix = "check the database URL given with --db / DETENTE_DB"
        return StoreError(f"database {self._shown}: {text}", fix=fix)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction; database errors leave as StoreError after the rollback."""
        psycopg = _psycopg()
        try:
            with self.conn.transaction():
                yield
        except psycopg.Error as exc:
            raise self._error(exc) from exc

    @contextmanager
    def _reading(self) -> Iterator[None]:
        psycopg = _psycopg()
        try:
            yield
        except psycopg.Error as exc:
            raise self._error(exc) from exc

    # -- the primitives of the shared queries -------------------------------------------
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._reading():
            return self.conn.execute(sql, params or None).fetchall()

    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        from psycopg.rows import tuple_row

        with self._reading(), self.conn.cursor(row_factory=tuple_row) as cur:  # plain tuples: thousands of rows
            return cur.execute(sql, params or None).fetchall()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return max(self.conn.execute(sql, params or None).rowcount, 0)

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(sql, rows)

    def _rows_by_ids(self, sql: str, ids: Iterable[str], *, first: Sequence[Any] = ()) -> Iterator[Any]:
        yield from self._rows(sql.format(ids="= ANY(%s)"), [*first, list(dict.fromkeys(ids))])

    def _run_by_ids(self, sql: str, ids: Iterable[str], *, first: Sequence[Any] = ()) -> int:
        return self._run(sql.format(ids="= ANY(%s)"), [*first, list(dict.fromkeys(ids))])

    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _analyze(self, tables: Sequence[str]) -> None:
        for table in tables:
            self.conn.execute(f"ANALYZE {table}")

    def _lock(self, name: str) -> None:
        """An advisory lock for the rest of the transaction, per schema and purpose."""
        self.conn.execute("SELECT pg_advisory_xact_lock(hashtext('detente:' || current_schema() || ':' || %s))",
                          (name,))

    # -- migrations -----------------------------------------------------------------------
    def applied_migrations(self) -> list[str]:
        with self._reading():
            exists = self.conn.execute("SELECT to_regclass('_migrations') IS NOT NULL AS ok").fetchone()
            if not exists or not exists["ok"]:
                return []
            return [r["name"] for r in self.conn.execute("SELECT name FROM _migrations ORDER BY name")]

    def _run_script(self, name: str, script: str) -> None:
        self.conn.execute(script.encode())  # several statements: simple query protocol
        if name in ("0007_event_words", "0014_event_words_folded"):
            self._fill_event_words()
        if name == "0018_event_keys_folded":
            self._fold_event_keys()

    def _fill_event_words(self) -> None:
        """Fill ``words`` of the stored events (inside the migration's transaction), in batches
        read from a server-side cursor and copied to a scratch table, then one UPDATE; then the
        GIN index and fresh statistics for the planner."""
        self.conn.execute("CREATE TEMP TABLE event_words_fill (id TEXT COLLATE \"C\", words TEXT[]) ON COMMIT DROP")
        with self.conn.cursor(name="event_words_read") as read, self.conn.cursor() as write:
            read.execute("SELECT id, data->>'sentence' AS sentence, data->>'trigger' AS trigger FROM events")
            while batch := read.fetchmany(20_000):
                with write.copy("COPY event_words_fill (id, words) FROM STDIN") as copy:
                    for row in batch:
                        tokens = event_words(row["sentence"], row["trigger"])
                        if tokens:
                            copy.write_row((row["id"], tokens))
        self.conn.execute("UPDATE events e SET words = f.words FROM event_words_fill f WHERE e.id = f.id")
        self.conn.execute("CREATE INDEX events_words ON events USING GIN (words)")
        self.conn.execute("ANALYZE events")

    def _fold_event_keys(self) -> None:
        """Fold the stored events' place and their actors' names and texts (store/words.filter_key;
        inside the migration's transaction): the rows whose key changes are read from a
        server-side cursor, copied to scratch tables and updated by one statement each."""
        self.conn.execute("CREATE TEMP TABLE event_place_fill (id TEXT COLLATE \"C\", place TEXT) ON COMMIT DROP")
        self.conn.execute("CREATE TEMP TABLE event_actor_fill (event_id TEXT COLLATE \"C\", role TEXT, "
                          "name TEXT, text TEXT, new_name TEXT, new_text TEXT) ON COMMIT DROP")
        reads = (("event_place_fill (id, place)", "SELECT id, place FROM events WHERE place IS NOT NULL",
                  lambda r: (r["id"], filter_key(r["place"])) if filter_key(r["place"]) != r["place"] else None),
                 ("event_actor_fill (event_id, role, name, text, new_name, new_text)",
                  "SELECT event_id, role, name, text FROM event_actors",
                  lambda r: (r["event_id"], r["role"], r["name"], r["text"], filter_key(r["name"]), filter_key(r["text"]))
                  if (filter_key(r["name"]), filter_key(r["text"])) != (r["name"], r["text"]) else None))
        for n, (table, select, row_of) in enumerate(reads):
            with self.conn.cursor(name=f"event_keys_read{n}") as read, self.conn.cursor() as write:
                read.execute(select)
                while batch := read.fetchmany(20_000):
                    with write.copy(f"COPY {table} FROM STDIN") as copy:
                        for row in filter(None, map(row_of, batch)):
                            copy.write_row(row)
        self.conn.execute("UPDATE events e SET place = f.place FROM event_place_fill f WHERE e.id = f.id")
        self.conn.execute("UPDATE event_actors x SET name = f.new_name, text = f.new_text FROM event_actor_fill f "
                          "WHERE x.event_id = f.event_id AND x.role = f.role AND x.name IS NOT DISTINCT FROM f.name "
                          "AND x.text IS NOT DISTINCT FROM f.text")

    # -- articles ---------------------------------------------------------------------------

    def add_article(self, article: Article, events: Iterable[Event]) -> bool:
        events = list(events)
        with self._transaction():
            inserted = self.conn.execute(
                "INSERT INTO articles (id, url, outlet, title, published, language, genre, categories, "
                "segments, text, origin, ingested_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                "ON CONFLICT (id) DO NOTHING RETURNING id",
                article_row(article, now()),
            ).fetchone()
            if inserted is None:  # already stored (perhaps by another writer a moment ago)
                return False
            with self.conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO events (id, doc_id, event_type, date, modality, confidence, place, "
                    "place_country, parties, data, words) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                    "ON CONFLICT (id) DO UPDATE SET doc_id = EXCLUDED.doc_id, event_type = EXCLUDED.event_type, "
                    "date = EXCLUDED.date, modality = EXCLUDED.modality, confidence = EXCLUDED.confidence, "
                    "place = EXCLUDED.place, place_country = EXCLUDED.place_country, "
                    "parties = EXCLUDED.parties, data = EXCLUDED.data, words = EXCLUDED.words",
                    [event_row(ev) for ev in events],
                )
                ids = [ev.id for ev in events]
                if ids:
                    cur.execute("DELETE FROM event_actors WHERE event_id = ANY(%s)", (ids,))
                cur.executemany(
                    "INSERT INTO event_actors (event_id, role, country, org, name, text) VALUES (%s,%s,%s,%s,%s,%s)",
                    [row for ev in events for row in actor_rows(ev)],
                )
        return True

    def list_articles(self, query: ArticleQuery) -> list[Article]:
        where, values = _article_conditions(query)
        direction = "DESC" if query.order == "-date" else "ASC"
        with self._reading():
            rows = self.conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles{where} "
                f"ORDER BY published {direction} NULLS LAST, id LIMIT %s OFFSET %s",
                [*values, query.limit, query.offset],
            ).fetchall()
        return [self._article(r) for r in rows]

    def count_matching_articles(self, query: ArticleQuery) -> int:
        where, values = _article_conditions(query)
        return self._count(f"SELECT count(*) AS n FROM articles{where}", values)

    def _count(self, sql: str, values: list[Any] | None = None) -> int:
        with self._reading():
            row = self.conn.execute(sql, values).fetchone()
        return int(row["n"]) if row else 0

    def count_articles(self) -> int:
        return self._count("SELECT n FROM row_counts WHERE name = 'articles'")

    def iter_articles(self) -> Iterator[Article]:
        # Ids first, then the articles in batches: memory stays small and the caller may use the
        # store between items (an open server-side cursor would forbid it).
        with self._reading():
            ids = [r["id"] for r in self.conn.execute(
                "SELECT id FROM articles ORDER BY published ASC NULLS LAST, id")]
        for start in range(0, len(ids), 200):
            batch = ids[start:start + 200]
            found = self.get_articles(batch)
            yield from (found[article_id] for article_id in batch if article_id in found)

    # -- events -------------------------------------------------------------------------------

    def list_events(self, query: EventQuery) -> list[Event]:
        few = self._few_word_matches(query)
        branches = event_branches(query, lambda q, branch, by_party: _event_conditions(q, branch, by_party, few),
                                  coarser_dates)
        order = _EVENT_ORDER.get(query.order, _EVENT_ORDER["date"])
        sql, values = page_sql(branches, order, query.limit, query.offset, "%s")
        with self._reading():
            rows = self.conn.execute(sql, values).fetchall()
        return [Event.from_dict(r["data"]) for r in rows]

    def count_events(self) -> int:
        return self._count("SELECT n FROM row_counts WHERE name = 'events'")

    def count_matching_events(self, query: EventQuery) -> int:
        if country_and_dates_only(query) and not (query.country or query.since or query.until):
            return self.count_events()  # no filter: the kept row count, not a walk of every event
        if query.country and country_and_dates_only(query):
            return self._count_party_events(query)
        tokens = query_words(query)
        if len(set(tokens)) == 1 and only_words(query):
            return self._count("SELECT coalesce((SELECT n FROM event_word_counts WHERE word = %s), 0) AS n",
                               [tokens[0]])
        where, values = _event_conditions(query, few=self._few_word_matches(query))
        return self._count(f"SELECT count(*) AS n FROM events e{where}", values)

    def _few_word_matches(self, query: EventQuery) -> bool:
        """Whether few events hold the words of ``query.text``, by the planner's estimate from the
        column's element statistics (counting them would build the GIN bitmap of a common word,
        30-140 ms at 1M events).  Only the plan depends on it, never the results: few, the
        matches are read from the GIN index first; many, the page walks its order index, which
        the planner would also choose for a rare word under a LIMIT."""
        tokens = query_words(query)
        if not tokens:
            return False
        with self._reading():
            row = self.conn.execute("EXPLAIN (FORMAT JSON) SELECT 1 FROM events WHERE words @> %s::text[]",
                                    (tokens,)).fetchone()
        estimate = float(row["QUERY PLAN"][0]["Plan"]["Plan Rows"]) if row else 0.0
        return estimate <= _FEW_WORD_MATCHES

    def _count_party_events(self, query: EventQuery) -> int:
        """Events of one party in a date range, summed from party_day_counts (the same date
        conditions as ``_event_conditions``; the dates from ``since`` on and the coarser dates that
        ``since`` starts with in two parts); with no dates at all, the party's undated events
        (counted in event_parties) as well."""
        conditions, values = ["e.party = %s"], [query.country.upper() if query.country else ""]
        if query.until:
            conditions.append(_until("e.date"))
            values += [query.until] * 3
        cond = " AND ".join(conditions)
        if not query.since and not query.until:  # every dated event of the party, plus its undated ones
            return self._count("SELECT (SELECT coalesce(sum(n), 0) FROM party_day_counts WHERE party = %s) "
                               "+ (SELECT count(*) FROM event_parties WHERE party = %s AND date IS NULL) AS n",
                               [*values, *values])
        # with a date bound, no undated event counts: summed from the per-day counts
        total = "SELECT coalesce(sum(e.n), 0) FROM party_day_counts e WHERE"
        if not query.since:
            return self._count(f"SELECT ({total} {cond}) AS n", values)
        return self._count(
            f"SELECT ({total} {cond} AND e.date >= %s) + ({total} {cond} AND e.date = ANY(%s)) AS n",
            [*values, query.since, *values, coarser_dates(query.since)])

    # -- search ---------------------------------------------------------------------------------
    def search_page(self, text: str, *, limit: int = 20, offset: int = 0,
                    window: int = SEARCH_WINDOW) -> SearchPage:
        words = _WORD.findall(text)
        if not words:
            raise ConfigError(f"search query {text!r} has no words", fix="search for at least one word")
        # plainto_tsquery: every word required, none read as an operator.  The window: the
        # matches read newest first (backwards along articles_seq when most articles match, from
        # the GIN index when few do), ranked in Python; ts_headline (which reads the whole text)
        # only for the page.  rank: lower is better, as with SQLite's bm25.
        query = f"plainto_tsquery('{TS_CONFIG}', %(words)s)"
        with self._reading():
            read = self.conn.execute(
                f"SELECT a.id, -ts_rank_cd(a.search, {query}) AS rank, a.seq FROM articles a "
                f"WHERE a.search @@ {query} ORDER BY a.seq DESC LIMIT %(window)s",
                {"words": " ".join(words), "window": window + 1},
            ).fetchall()
            page, ranked, more = rank_window([(r["id"], r["rank"], r["seq"]) for r in read], window, limit, offset)
            rows = {}
            if page:
                rows = {r["id"]: r for r in self.conn.execute(
                    f"SELECT id, title, outlet, published, ts_headline('{TS_CONFIG}', text, {query}, "
                    "'StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1') AS snip "
                    "FROM articles WHERE id = ANY(%(ids)s)",
                    {"words": " ".join(words), "ids": [key for key, _, _ in page]},
                ).fetchall()}
        hits = [search_hit({**rows[key], "rank": rank}) for key, rank, _ in page]
        return SearchPage(hits, ranked, more)

    # -- derived records ------------------------------------------------------------------------

    def stories_of_events(self, event_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        ids = list(dict.fromkeys(event_ids))
        with self._reading():  # two index lookups (the two tables' ids differ in collation: no join by key)
            pairs = self.conn.execute("SELECT event_id, story_id FROM story_events WHERE event_id = ANY(%s)",
                                      (ids,)).fetchall()
            story_of: dict[str, str] = {}
            for row in pairs:
                story_of.setdefault(row["event_id"], row["story_id"])
            data = {row["id"]: dict(row["data"]) for row in self.conn.execute(
                "SELECT id, data FROM derived WHERE kind = 'stories' AND id = ANY(%s)",
                (list(set(story_of.values())),)).fetchall()}
        return {event_id: data[sid] for event_id, sid in story_of.items() if sid in data}

    # -- watchlists and alerts -----------------------------------------------------------------

    # -- followed sources ----------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()


# -- helpers shared with bulk loaders (benchmarks) ------------------------------------------------
def event_row(ev: Event) -> tuple[Any, ...]:
    """The events-table row of one event (column order of the INSERT in ``add_article``)."""
    loc = ev.location
    parties = sorted({code for ref in (*ev.actors, *ev.recipients) for code in (ref.country, ref.org) if code})
    return (
        ev.id, ev.doc_id, ev.event_type, ev.date, ev.modality, ev.confidence,
        filter_key(loc.name or loc.text) if loc else None, loc.country if loc else None,
        parties, json.dumps(ev.to_dict(), ensure_ascii=False), event_words(ev.sentence, ev.trigger),
    )


def actor_rows(ev: Event) -> list[tuple[str, str, str | None, str | None, str | None, str | None]]:
    return [(ev.id, role, ref.country, ref.org, filter_key(ref.name), filter_key(ref.text))
            for role, refs in (("actor", ev.actors), ("recipient", ev.recipients)) for ref in refs]


# Fixed ORDER BY clauses chosen by name: user input never reaches the SQL text.
_EVENT_ORDER = {  # the names of event_branches' columns
    "date": "date ASC NULLS LAST, doc_id, id",
    "-date": "date DESC NULLS LAST, doc_id, id",
    "confidence": "confidence DESC, date ASC NULLS LAST, id",
}



def _article_conditions(query: ArticleQuery) -> tuple[str, list[Any]]:
    pairs: list[tuple[str, list[Any]]] = [
        (f"{column} = %s", [wanted])
        for column, wanted in (("outlet", query.outlet), ("language", query.language), ("genre", query.genre))
        if wanted
    ]
    if query.since:
        pairs.append(("published >= %s", [query.since]))
    if query.until:  # "2025-03" as the end takes in the whole of March
        pairs.append(("left(published, length(%s)) <= %s", [query.until, query.until]))
    return ((" WHERE " + " AND ".join(c for c, _ in pairs)) if pairs else ""), [v for _, vs in pairs for v in vs]


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _event_conditions(query: EventQuery, since_branch: str = "", by_party: bool = False,
                      few: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause of an event query, every value a bound parameter.  ``since_branch``
    "later" or "=" and a coarser date keeps one of the disjoint parts of the ``since`` condition;
    ``by_party``: the country and dates are read from event_parties p; ``few``: the events
    holding the words of ``query.text`` are read from the GIN index first."""
    conditions: list[str] = []
    values: list[Any] = []
    date = "p.date" if by_party else "e.date"

    def add(condition: str, *params: Any) -> None:
        conditions.append(condition)
        values.extend(params)

    if query.event_type:
        add("e.event_type = %s", query.event_type.upper())
    if query.modality:
        add("e.modality = %s", query.modality)
    if query.no_discarded:  # the mark is in the event's JSON (null or absent: unmarked)
        add("e.data->>'discard' IS NULL")
    # Dates compare at the event's own precision: "2025-02" overlaps a range from 2025-02-15, and
    # "2025-03" or "2025" is inside a range ending in March 2025.  Written as plain comparisons
    # with e.date so the date indexes serve them (dates hold only digits and "-"; "~" sorts after).
    if query.since and since_branch == "later":
        add(f"{date} >= %s", query.since)
    elif query.since and since_branch.startswith("="):
        add(f"{date} = %s", since_branch[1:])
    elif query.since:
        add(f"({date} >= %s OR {date} = ANY(%s))", query.since, coarser_dates(query.since))
    if query.until:
        add(_until(date), query.until, query.until, query.until)
    if query.doc_id:
        add("e.doc_id = %s", query.doc_id)
    if query.country and by_party:
        add("p.party = %s", query.country.upper())
    elif query.country:
        add("e.parties @> ARRAY[%s]::text[]", query.country.upper())
    if query.actor:
        add("(e.parties @> ARRAY[%s]::text[] OR EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id "
            "AND (x.name ILIKE %s ESCAPE '\\' OR x.text ILIKE %s ESCAPE '\\')))",
            query.actor.upper(), _like(filter_key(query.actor) or ""), _like(filter_key(query.actor) or ""))
    if query.place:
        add("(e.place ILIKE %s ESCAPE '\\' OR e.place_country = %s)", _like(filter_key(query.place) or ""), query.place.upper())
    if query.outlet:
        add("e.doc_id IN (SELECT id FROM articles WHERE outlet ILIKE %s ESCAPE '\\')", _like(query.outlet))
    tokens = query_words(query)
    if tokens and few:  # the matching ids as one array: looked up by key, then sorted
        add("e.id = ANY(ARRAY(SELECT w.id FROM events w WHERE w.words @> %s::text[]))", tokens)
    elif tokens:  # every word of the text among the event's words (the GIN index events_words)
        add("e.words @> %s::text[]", tokens)
    return ((" WHERE " + " AND ".join(conditions)) if conditions else ""), values


def _until(date: str) -> str:
    """``date`` (fixed SQL text) inside a range ending at a bound parameter given three times."""
    return f"{date} <= %s || '~' AND left({date}, length(%s)) <= %s"


def _hide_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)
