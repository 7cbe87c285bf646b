"""Storage: one interface (``Store``), SQLite by default or PostgreSQL; chosen by a database URL."""

from __future__ import annotations

from pathlib import Path

from detente.errors import ConfigError
from detente.store.base import SEARCH_WINDOW, ArticleQuery, EventQuery, SearchHit, SearchPage, Store

__all__ = ["SEARCH_WINDOW", "ArticleQuery", "EventQuery", "SearchHit", "SearchPage", "Store", "open_store"]


def open_store(url: str, *, readonly: bool = False) -> Store:
    """Open (and migrate) the database named by ``url``.

    ``sqlite:///relative/or/absolute/path.db`` or a bare file path selects SQLite;
    ``postgresql://user:password@host:port/database`` (or ``postgres://``) selects PostgreSQL
    (needs the ``postgres`` extra).  ``readonly`` opens without migrating and refuses writes.
    """
    if url.startswith(("postgresql://", "postgres://")):
        from detente.store.postgres import PostgresStore

        return PostgresStore(url, readonly=readonly)
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
    elif url.startswith("sqlite://"):
        raise ConfigError(f"database URL {url!r} has no file path",
                          fix="write sqlite:///path/to/detente.db (three slashes)")
    elif "://" in url:
        scheme = url.split("://", 1)[0]
        raise ConfigError(
            f"database URL scheme {scheme!r} is not supported by this version",
            fix="use sqlite:///path/to/detente.db or postgresql://user@host:5432/database",
        )
    else:
        path = url
    if not path:
        raise ConfigError("empty database path", fix="give --db sqlite:///path/to/detente.db")
    from detente.store.sqlite import SQLiteStore

    return SQLiteStore(Path(path).expanduser(), readonly=readonly)
