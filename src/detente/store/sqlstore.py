"""The SQL store: every query both backends ask in the same words, written once.

``SQLStore`` holds the queries; a backend (``SQLiteStore``, ``PostgresStore``) is a subclass that
supplies its :class:`Dialect` (the few spellings that differ) and the primitives below it: how a
statement runs and how its errors read, a transaction, the id lists, bulk inserts, JSON columns.
What a backend answers in its own way because its indexes differ (the event filters, counts,
full-text search) stays in its module, next to its migrations.

Queries here are written with ``%s`` placeholders; the SQLite primitives turn them into ``?``.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from detente.model import Article, Event
from detente.store import kinds
from detente.store.base import PeriodCount, RelationRow, Store, StoryQuery
from detente.store.sql import (
    SOURCE_CLAIM,
    SOURCE_ENTRY_UPSERT,
    SOURCE_RELEASE,
    SOURCE_UPSERT,
    STORY_DAYS_SQL,
    STORY_OUTLET_NAMES_SQL,
    alert_row,
    alerts_sql,
    count_stories_sql,
    date_bounds,
    relation_index_rows,
    source_row,
    story_link_rows,
    story_periods_sql,
    story_rows,
    story_where,
)

__all__ = ["ARTICLE_COLUMNS", "Dialect", "SQLStore", "now"]

# The columns an Article is read from (the same names in both schemas).
ARTICLE_COLUMNS = "id, url, outlet, title, published, language, genre, categories, segments, text, origin"


def now() -> str:
    """The current time in UTC, as stored in the *_at columns."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Dialect:
    """What the two SQL languages spell differently, as text put into the shared queries."""

    name: str
    find: str  # the substring position function: instr (SQLite) / strpos (PostgreSQL)
    derived_order: str  # the column giving derived records their stored order: rowid / seq
    # how undated rows are put last in a date order: "date IS NULL, date" (SQLite's indexes hold
    # that expression) or "date ASC NULLS LAST" (PostgreSQL's indexes are built so)
    nulls_last: bool

    def by_date(self, column: str, descending: bool = False) -> str:
        """ORDER BY text for ``column`` (fixed SQL text) oldest or newest first, undated last."""
        direction = "DESC" if descending else "ASC"
        if self.nulls_last:
            return f"{column} {direction} NULLS LAST"
        return f"{column} IS NULL, {column}{' DESC' if descending else ''}"

    def story_order(self, name: str | None) -> str:
        """ORDER BY of a page of stories, by the order's name (user input never reaches the SQL)."""
        if name in ("date", "-date"):
            return f"{self.by_date('s.date', name == '-date')}, s.seq, s.id"
        return "s.sources DESC, s.seq, s.id" if name == "confidence" else "s.seq, s.id"


class SQLStore(Store):
    """The queries of the ``Store`` interface that read and write the same tables in the same way
    on every SQL backend."""

    dialect: Dialect

    # -- the primitives a backend supplies ---------------------------------------------------
    @abc.abstractmethod
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """Every row of one statement (rows read by column name), errors as StoreError."""

    @abc.abstractmethod
    def _tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of one statement as a plain tuple (for listings of many thousand rows)."""

    @abc.abstractmethod
    def _run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement (inside the caller's transaction); the rows it changed."""

    @abc.abstractmethod
    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement once per row (inside the caller's transaction)."""

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[None]:
        """One write transaction: committed whole, or rolled back whole (errors as StoreError)."""

    @abc.abstractmethod
    def _rows_by_ids(self, sql: str, ids: Iterable[str], *, first: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of ``sql`` whose ``{ids}`` is replaced by a test of the column before it
        against ``ids`` (each once); ``first``: the values of the parameters before it."""

    @abc.abstractmethod
    def _run_by_ids(self, sql: str, ids: Iterable[str], *, first: Sequence[Any] = ()) -> int:
        """Run a statement whose ``{ids}`` tests a column against ``ids``; the rows it changed."""

    @abc.abstractmethod
    def _copy(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Insert many rows into ``table`` (inside the caller's transaction), as fast as the backend can."""

    def _lock(self, name: str) -> None:
        """Hold a lock named ``name`` for the rest of the transaction (a backend whose write
        transactions already exclude each other needs none)."""

    def _analyze(self, tables: Sequence[str]) -> None:
        """Refresh the planner's statistics of ``tables`` after a rebuild (where the planner needs it)."""

    # -- migrations: one runner over each backend's named, append-only list ------------------
    MIGRATIONS: ClassVar[list[tuple[str, str]]]
    # the migrations after which the side tables of these kinds are filled from the stored records
    REFILLS: ClassVar[dict[str, tuple[str, ...]]]

    @abc.abstractmethod
    def _run_script(self, name: str, script: str) -> None:
        """Run one migration's statements (inside the caller's transaction)."""

    def migrate(self) -> list[str]:
        """Apply the pending migrations in order, each in its own transaction with its name
        recorded; writers opening one store at once wait for each other, and a migration another
        one applied meanwhile is skipped."""
        if set(self.applied_migrations()) >= {name for name, _ in self.MIGRATIONS}:
            return []
        with self._transaction():
            self._lock("migrations")
            self._run("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied_now: list[str] = []
        for name, script in self.MIGRATIONS:
            with self._transaction():
                self._lock("migrations")
                if name in self.applied_migrations():  # another process got here first
                    continue
                self._run_script(name, script)
                # recorded first: the refills below see this migration's tables as made
                self._run("INSERT INTO _migrations (name, applied_at) VALUES (%s, %s)", (name, now()))
                if name == self.RANK_MIGRATION:
                    self._rank_stored()
                for kind in self.REFILLS.get(name, ()):
                    self._reindex(kind, None)
            applied_now.append(name)
        return applied_now

    def _rank_stored(self) -> None:
        """Give the stored records of every ranked kind their rank (inside the migration)."""
        for declared in kinds.KINDS.values():
            if declared.rank is not None:
                rank = declared.rank
                rows = [(rank(self._json(r["data"])), declared.name, r["id"])
                        for r in self._rows("SELECT id, data FROM derived WHERE kind = %s", (declared.name,))]
                self._run_many("UPDATE derived SET stored_rank = %s WHERE kind = %s AND id = %s", rows)

    # the migrations after which story_days and story_outlets exist (side tables filled while an
    # older store migrates are only those its applied migrations have made)
    STORY_DAYS_MIGRATION: str
    STORY_OUTLETS_MIGRATION: str
    RANK_MIGRATION: str  # after it, derived records have a stored_rank (store/kinds.py: rank)

    @staticmethod
    def _json(value: Any) -> Any:
        """A JSON column's value as Python (SQLite stores text; psycopg reads JSONB as objects)."""
        return json.loads(value) if isinstance(value, str | bytes) else value

    # -- articles and events -------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return bool(self._rows("SELECT 1 AS one FROM articles WHERE id = %s", (article_id,)))

    @staticmethod
    def _article(row: Any) -> Article:
        """An Article from a row of ARTICLE_COLUMNS (or more: the others are left out)."""
        data = dict(row)
        for name in ("categories", "segments"):  # JSON as text (SQLite) or already read (JSONB)
            if isinstance(data[name], str):
                data[name] = json.loads(data[name] or "[]")
        return Article.from_dict(data)

    def get_article(self, article_id: str) -> Article | None:
        rows = self._rows(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,))
        return self._article(rows[0]) if rows else None

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        return {row["id"]: self._article(row)
                for row in self._rows_by_ids(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id {{ids}}", article_ids)}

    def get_event(self, event_id: str) -> Event | None:
        rows = self._rows("SELECT data FROM events WHERE id = %s", (event_id,))
        return Event.from_dict(self._json(rows[0]["data"])) if rows else None

    def events_by_article(self) -> dict[str, list[Event]]:
        out: dict[str, list[Event]] = {}
        for row in self._rows("SELECT doc_id, data FROM events ORDER BY doc_id, id"):
            out.setdefault(row["doc_id"], []).append(Event.from_dict(self._json(row["data"])))
        return out

    def events_of_articles(self, article_ids: Iterable[str]) -> dict[str, list[Event]]:
        out: dict[str, list[Event]] = {}
        rows = self._rows_by_ids("SELECT doc_id, data FROM events WHERE doc_id {ids} ORDER BY doc_id, id", article_ids)
        for row in rows:
            out.setdefault(row["doc_id"], []).append(Event.from_dict(self._json(row["data"])))
        return out

    def articles_of_events(self, event_ids: Iterable[str]) -> dict[str, str]:
        return {row["id"]: row["doc_id"] for row in self._rows_by_ids("SELECT id, doc_id FROM events WHERE id {ids}",
                                                                      event_ids)}

    # -- derived records: reads ----------------------------------------------------------------
    def _order(self, kind: str) -> str:
        """ORDER BY of the derived records of ``kind``: by rank and key for a ranked kind
        (store/kinds.py), else in the order written."""
        declared = kinds.kind(kind)
        ranked = declared is not None and declared.rank is not None and self._has_ranks()
        return "stored_rank, id" if ranked else self.dialect.derived_order

    def _has_ranks(self) -> bool:
        """Whether the records have their rank (an older store, while it migrates, has not)."""
        if not getattr(self, "_ranks", False):
            self._ranks = self.RANK_MIGRATION in self.applied_migrations()
        return self._ranks

    def list_derived(self, kind: str, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        sql = f"SELECT data FROM derived WHERE kind = %s ORDER BY {self._order(kind)}"
        params: list[Any] = [kind]
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params += [limit, offset]
        return [self._json(r["data"]) for r in self._rows(sql, params)]

    def derived_items(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        sql = f"SELECT id, data FROM derived WHERE kind = %s ORDER BY {self._order(kind)}"
        return [(r["id"], self._json(r["data"])) for r in self._rows(sql, (kind,))]

    def get_derived(self, kind: str, record_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT data FROM derived WHERE kind = %s AND id = %s", (kind, record_id))
        return dict(self._json(rows[0]["data"])) if rows else None

    def count_derived(self, kind: str) -> int:
        if kind == "stories":  # one story_index row per story, counted per date and type in story_days
            return self.count_stories(StoryQuery())
        return int(self._rows("SELECT COUNT(*) AS n FROM derived WHERE kind = %s", (kind,))[0]["n"])

    def records_of_story(self, kind: str, story_id: str) -> list[dict[str, Any]]:
        sql = ("SELECT data FROM derived WHERE kind = %s AND id IN "
               f"(SELECT id FROM story_links WHERE story_id = %s AND kind = %s) ORDER BY {self.dialect.derived_order}")
        return [self._json(r["data"]) for r in self._rows(sql, (kind, story_id, kind))]

    # -- derived records: writes, with their side tables -----------------------------------------
    def replace_derived(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> int:
        rows = self._derived_values(kind, records)
        with self._transaction():
            self._lock("derived:" + kind)  # two recomputations at once: one after the other
            self._run("DELETE FROM derived WHERE kind = %s", (kind,))
            self._write_derived(rows)
            self._reindex(kind, None)
        return len(rows)

    def upsert_derived(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> int:
        rows = self._derived_values(kind, records)
        with self._transaction():
            self._lock("derived:" + kind)
            self._write_derived(rows)
            self._reindex(kind, [row[1] for row in rows])
        return len(rows)

    def delete_derived(self, kind: str, ids: Iterable[str]) -> int:
        gone = list(dict.fromkeys(ids))
        if not gone:
            return 0
        with self._transaction():
            self._lock("derived:" + kind)
            deleted = self._run_by_ids("DELETE FROM derived WHERE kind = %s AND id {ids}", gone, first=[kind])
            self._reindex(kind, gone)
        return deleted

    @staticmethod
    def _derived_values(kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple[Any, ...]]:
        """The rows (kind, id, data as JSON, rank) of these records."""
        declared = kinds.kind(kind)
        rank = declared.rank if declared is not None else None
        return [(kind, rid, json.dumps(data, ensure_ascii=False), rank(data) if rank else None)
                for rid, data in records]

    def _write_derived(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert or update derived rows (kind, id, data as JSON, rank); an updated record keeps
        its place in the order written, as a dict's updated key does (a ranked kind's order is
        its rank's)."""
        self._run_many("INSERT INTO derived (kind, id, data, stored_rank) VALUES (%s, %s, %s, %s) "
                       "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, stored_rank = excluded.stored_rank",
                       rows)

    def _derived_rows(self, kind: str, ids: list[str] | None, columns: str) -> Iterator[Any]:
        """The derived rows of ``kind`` with these keys (None: all of them), in stored order."""
        order = f" ORDER BY {self._order(kind)}"
        if ids is None:
            yield from self._rows(f"SELECT {columns} FROM derived WHERE kind = %s{order}", (kind,))
        else:
            yield from self._rows_by_ids(f"SELECT {columns} FROM derived WHERE kind = %s AND id {{ids}}{order}",
                                         ids, first=[kind])

    def _reindex(self, kind: str, ids: list[str] | None) -> None:
        """Bring the side tables of ``kind`` up to date (inside the caller's transaction): the
        records with these keys, or all of them (``ids`` None)."""
        declared = kinds.kind(kind)  # which side table, from the registry of derived kinds
        index = declared.index if declared is not None else None
        if index == kinds.STORY_INDEX:
            self._index_stories(ids)
        elif index == kinds.RELATION_INDEX:
            self._index_relations(kind)  # a few thousand rows: rebuilt whole, in stored order
        elif index == kinds.STORY_LINKS:
            if ids is None:
                self._run("DELETE FROM story_links WHERE kind = %s", (kind,))
            else:
                self._run_by_ids("DELETE FROM story_links WHERE kind = %s AND id {ids}", ids, first=[kind])
            records = ((r["id"], self._json(r["data"])) for r in self._derived_rows(kind, ids, "id, data"))
            self._copy("story_links", ("kind", "id", "story_id"), story_link_rows(kind, records))

    def _index_stories(self, ids: list[str] | None) -> None:
        """Rebuild the story side tables for the stories with these keys (None: all of them),
        read back from ``derived`` with their place in the stored order."""
        applied = set(self.applied_migrations())  # (an older store is indexed while it migrates)
        days, outlets = self.STORY_DAYS_MIGRATION in applied, self.STORY_OUTLETS_MIGRATION in applied
        tables = [("story_index", "id"), ("story_actors", "story_id"), ("story_events", "story_id"),
                  *([("story_outlets", "story_id")] if outlets else [])]
        for table, column in tables:
            if ids is None:
                self._run(f"DELETE FROM {table}")
            else:
                self._run_by_ids(f"DELETE FROM {table} WHERE {column} {{ids}}", ids)
        # a story's place in the pages' order: its rank (ties by id), in a store that has ranks
        order = "stored_rank" if self.RANK_MIGRATION in applied else self.dialect.derived_order
        rows = story_rows((r["seq"], self._json(r["data"]))
                          for r in self._derived_rows("stories", ids, f"{order} AS seq, data"))
        self._copy("story_index", ("id", "seq", "date", "event_type", "sources", "place", "place_country", "outlets"),
                   rows.index)
        self._copy("story_actors", ("story_id", "actor"), rows.actors)
        self._copy("story_events", ("event_id", "story_id"), rows.events)
        if outlets:
            self._copy("story_outlets", ("story_id", "outlet"), rows.outlets)
        for statement in (*(STORY_DAYS_SQL if days else ()), *(STORY_OUTLET_NAMES_SQL if outlets else ())):
            self._run(statement)
        if ids is None:
            self._analyze([t for t, _ in tables] + (["story_days"] if days else [])
                          + (["story_outlet_names"] if outlets else []))

    def _index_relations(self, kind: str) -> None:
        """Rebuild the relation index of one kind from its stored records, in stored order."""
        self._run("DELETE FROM relation_scores WHERE kind = %s", (kind,))
        records = ((r["id"], self._json(r["data"])) for r in self._derived_rows(kind, None, "id, data"))
        self._copy("relation_scores", ("kind", "a", "b", "period", "n_events", "score", "id", "seq"),
                   relation_index_rows(kind, records))

    # -- stories ---------------------------------------------------------------------------------
    def story_of_event(self, event_id: str) -> str | None:
        rows = self._rows("SELECT story_id FROM story_events WHERE event_id = %s LIMIT 1", (event_id,))
        return str(rows[0]["story_id"]) if rows else None

    def _walk_stories(self, query: StoryQuery) -> bool:
        """Whether a page of stories checks actor and type row by row while it walks the order
        index (see ``story_where``); a backend whose planner chooses well on its own says no."""
        return False

    def list_stories(self, query: StoryQuery) -> list[dict[str, Any]]:
        where, params = story_where(query, "%s", self.dialect.find, walk=self._walk_stories(query))
        order = self.dialect.story_order(query.order)
        # the page's ids first (a sort over narrow index rows), then their records by key
        sql = f"SELECT s.id AS id FROM story_index s{where} ORDER BY {order} LIMIT %s OFFSET %s"
        ids = [r["id"] for r in self._rows(sql, [*params, query.limit, query.offset])]
        data = {r["id"]: self._json(r["data"]) for r in self._rows_by_ids(
            "SELECT id, data FROM derived WHERE kind = 'stories' AND id {ids}", ids)}
        return [data[i] for i in ids if i in data]

    def count_stories(self, query: StoryQuery) -> int:
        sql, params = count_stories_sql(query, "%s", self.dialect.find)
        return int(self._rows(sql, params)[0]["n"])

    def story_periods(self, query: StoryQuery, granularity: str = "month") -> list[PeriodCount]:
        sql, params = story_periods_sql(query, granularity, "%s", self.dialect.find)
        return [PeriodCount(r["period"], str(r["type"]), int(r["n"])) for r in self._rows(sql, params)]

    # -- the relations index -------------------------------------------------------------------
    def relation_rows(self, kind: str, since: str | None = None, until: str | None = None) -> list[RelationRow]:
        where, params = date_bounds("period", since, until, "%s")
        cond = "".join(f" AND {w}" for w in where)
        sql = f"SELECT a, b, period, n_events, score FROM relation_scores WHERE kind = %s{cond} ORDER BY seq"
        return [RelationRow(a, b, period, int(n), float(score))
                for a, b, period, n, score in self._tuples(sql, [kind, *params])]

    def relation_records(self, kind: str, a: str, b: str) -> list[dict[str, Any]]:
        sql = ("SELECT d.data AS data FROM relation_scores r JOIN derived d ON d.kind = r.kind AND d.id = r.id "
               "WHERE r.kind = %s AND ((r.a = %s AND r.b = %s) OR (r.a = %s AND r.b = %s)) ORDER BY r.seq")
        return [self._json(r["data"]) for r in self._rows(sql, (kind, a, b, b, a))]

    def relation_periods(self, kind: str) -> list[str]:
        sql = "SELECT DISTINCT period FROM relation_scores WHERE kind = %s ORDER BY period"
        return [r["period"] for r in self._rows(sql, (kind,))]

    # -- watchlists and alerts ---------------------------------------------------------------
    def list_watchlists(self) -> list[dict[str, Any]]:
        return [self._json(r["data"]) for r in self._rows("SELECT data FROM watchlists ORDER BY name")]

    def save_watchlist(self, data: dict[str, Any]) -> None:
        with self._transaction():
            self._run("INSERT INTO watchlists (name, data, updated_at) VALUES (%s, %s, %s) "
                      "ON CONFLICT (name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                      (str(data["name"]), json.dumps(data, ensure_ascii=False), now()))

    def remove_watchlist(self, name: str) -> bool:
        with self._transaction():
            return self._run("DELETE FROM watchlists WHERE name = %s", (name,)) > 0

    def add_alerts(self, alerts: Iterable[dict[str, Any]]) -> int:
        rows = [alert_row(a) for a in alerts]
        added = 0
        if rows:
            with self._transaction():
                for row in rows:  # one statement each: the rows changed say whether it was new
                    added += self._run("INSERT INTO alerts (id, watchlist, created, data) VALUES (%s, %s, %s, %s) "
                                       "ON CONFLICT (id) DO NOTHING", row)
        return added

    def list_alerts(self, *, limit: int = 50, watchlist: str | None = None) -> list[dict[str, Any]]:
        sql, params = alerts_sql(limit, watchlist, "%s")
        return [self._json(r["data"]) for r in self._rows(sql, params)]

    # -- followed sources ----------------------------------------------------------------------
    def list_sources(self) -> list[dict[str, Any]]:
        rows = self._rows("SELECT data, next_due, claimed_by, claimed_until FROM sources ORDER BY name")
        return [{**self._json(r["data"]), "next_due": r["next_due"], "claimed_by": r["claimed_by"],
                 "claimed_until": r["claimed_until"]} for r in rows]

    def save_source(self, data: dict[str, Any]) -> None:
        with self._transaction():
            self._run(SOURCE_UPSERT, source_row(data, now()))

    def remove_source(self, name: str) -> bool:
        with self._transaction():
            self._run("DELETE FROM source_entries WHERE source = %s", (name,))
            return self._run("DELETE FROM sources WHERE name = %s", (name,)) > 0

    def claim_source(self, name: str, owner: str, now: str, until: str, *, stale_owner: str | None = None) -> bool:
        with self._transaction():
            return self._run(SOURCE_CLAIM, (owner, until, name, owner, now, now, stale_owner)) > 0

    def release_source(self, name: str, owner: str) -> None:
        with self._transaction():
            self._run(SOURCE_RELEASE, (name, owner))

    def source_entries(self, name: str, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        rows = self._rows_by_ids("SELECT key, state, attempts FROM source_entries WHERE source = %s AND key {ids}",
                                 keys, first=[name])
        return {r["key"]: (r["state"], int(r["attempts"])) for r in rows}

    def record_source_entries(self, name: str, rows: Iterable[tuple[str, str, int, str | None]]) -> int:
        stamp = now()
        values = [(name, *row, stamp) for row in rows]
        if values:
            with self._transaction():
                self._run_many(SOURCE_ENTRY_UPSERT, values)
        return len(values)
