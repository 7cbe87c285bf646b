"""Small helpers the benchmark scripts share: a PostgreSQL schema of its own per run (kept for
later runs or dropped), and bulk loaders that fill a store much faster than one transaction per
article through ``add_article`` while writing the same rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from detente.model import Article, Event
from detente.store import Store

__all__ = ["bulk_fill", "pg_schema"]


def schema_url(url: str, schema: str) -> str:
    """``url`` with the connection's search_path set to ``schema`` (one store per schema)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@contextmanager
def pg_schema(url: str, keep: str | None = None) -> Iterator[str]:
    """The URL of a store in its own schema of the server at ``url``: ``keep`` names a schema
    that is created when missing and left in place (reused by later runs); without it, a
    throwaway schema dropped afterwards."""
    import psycopg

    schema = keep.replace("/", "_").replace(".", "_").lower() if keep else f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        try:
            yield schema_url(url, schema)
        finally:
            if not keep:
                admin.execute(f"DROP SCHEMA {schema} CASCADE")


def bulk_fill(store: Store, articles: Iterable[tuple[Article, list[Event]]], batch: int = 2000) -> int:
    """Store articles with their events in large transactions (SQLite: ``batch`` articles each
    through the store's own row writer; PostgreSQL: COPY); returns how many were stored."""
    if store.url.startswith("sqlite"):
        return _fill_sqlite(store, articles, batch)
    return _fill_postgres(store, articles)


def _fill_sqlite(store: Any, articles: Iterable[tuple[Article, list[Event]]], batch: int) -> int:
    from detente.store.sql import article_row

    now = datetime.now(UTC).isoformat(timespec="seconds")
    pending: list[tuple[Article, list[Event]]] = []
    n = 0

    def flush() -> None:
        with store._transaction():
            for article, events in pending:
                store.conn.execute(
                    "INSERT INTO articles (id, url, outlet, title, published, language, genre, "
                    "categories, segments, text, origin, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    article_row(article, now))
                for ev in events:
                    store._insert_event(ev)
        pending.clear()

    for item in articles:
        pending.append(item)
        n += 1
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    store.conn.execute("ANALYZE")
    return n


# The events columns in the order of detente.store.postgres.event_row (words: once migrated).
_PG_EVENT_COLUMNS = ("id", "doc_id", "event_type", "date", "modality", "confidence", "place", "place_country",
                     "parties", "data", "words")


def _fill_postgres(store: Any, articles: Iterable[tuple[Article, list[Event]]]) -> int:
    from detente.store.postgres import actor_rows, event_row
    from detente.store.sql import article_row

    now = datetime.now(UTC).isoformat(timespec="seconds")
    items = list(articles)
    conn = store.conn
    with conn.transaction(), conn.cursor() as cur:
        with cur.copy("COPY articles (id, url, outlet, title, published, language, genre, categories, segments, "
                      "text, origin, ingested_at) FROM STDIN") as copy:
            for article, _ in items:
                copy.write_row(article_row(article, now))
        rows = (event_row(e) for _, events in items for e in events)
        first = next(rows, None)
        if first is not None:
            columns = ", ".join(_PG_EVENT_COLUMNS[:len(first)])
            with cur.copy(f"COPY events ({columns}) FROM STDIN") as copy:
                copy.write_row(first)
                for row in rows:
                    copy.write_row(row)
        with cur.copy("COPY event_actors (event_id, role, country, org, name, text) FROM STDIN") as copy:
            for _, events in items:
                for e in events:
                    for actor in actor_rows(e):
                        copy.write_row(actor)
    for table in ("articles", "events", "event_actors", "event_parties"):
        conn.execute(f"VACUUM ANALYZE {table}")
    return len(items)
