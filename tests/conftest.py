"""Shared fixtures.  ../shared is evaluation material: tests that need it skip cleanly without it."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared not present (evaluation material lives beside the project)")
    return SHARED


# -- store backends: SQLite always, PostgreSQL when DETENTE_TEST_PG names a server ----------------
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_server() -> str:
    url = os.environ.get("DETENTE_TEST_PG")
    if not url:
        pytest.skip("no PostgreSQL server for the tests: set DETENTE_TEST_PG=postgresql://user@host:port/db "
                    "(scripts/test.sh starts a throwaway one via scripts/setup.d/postgres.sh)")
    return url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh, empty schema (dropped afterwards)."""
    with fresh_pg_schema(pg_server) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[object]:
    from detente.store import open_store

    s = open_store(f"sqlite:///{tmp_path / 'test.db'}")
    yield s
    s.close()


def make_first_version_sqlite(path: Path, text: str) -> Path:
    """A database as the first version left it: only the first migration applied, one article
    ('old1') with ``text``; for the tests that open an older database."""
    from detente.store.sqlite import MIGRATIONS

    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for statement in MIGRATIONS[0][1].split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO _migrations VALUES (?, 'then')", (MIGRATIONS[0][0],))
    conn.execute("INSERT INTO articles (id, text, ingested_at) VALUES ('old1', ?, 'then')", (text,))
    conn.commit()
    conn.close()
    return path


@contextmanager
def fresh_pg_schema(server: str, prefix: str = "t") -> Iterator[str]:
    """A URL of PostgreSQL server ``server`` whose search_path is a new, empty schema (dropped after)."""
    import psycopg

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield server + ("&" if "?" in server else "?") + f"options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
