"""The API keeps read-only stores between requests: reused, up to date, and dropped when broken."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import fresh_pg_schema
from detente.model import Article, content_id
from detente.serve import create_app
from detente.settings import Settings
from detente.store import open_store


def _article(n: int) -> Article:
    text = f"Envoys met in Geneva for round {n} of the talks."
    return Article(id=content_id(text), text=text, title=f"Round {n}", published=f"2025-03-{n:02d}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'readers.db'}"
        return
    server = os.environ.get("DETENTE_TEST_PG")
    if not server:
        pytest.skip("no PostgreSQL server for the tests: set DETENTE_TEST_PG")
    with fresh_pg_schema(server, "r") as url:
        yield url


def test_readers_are_reused_see_new_writes_and_are_dropped_after_a_failure(db_url: str) -> None:
    with open_store(db_url) as writer:
        writer.add_article(_article(1), [])
    with TestClient(create_app(Settings(db=db_url))) as client:
        readers = client.app.state.readers  # type: ignore[attr-defined]
        assert len(client.get("/api/articles").json()) == 1
        first = readers._idle[0]
        assert len(client.get("/api/articles").json()) == 1
        assert readers._idle == [first]  # the same connection served both requests
        with open_store(db_url) as writer:  # a write by another process after the reader was made
            writer.add_article(_article(2), [])
        assert [a["title"] for a in client.get("/api/articles").json()] == ["Round 1", "Round 2"]
        assert client.get("/api/articles/no-such-id").status_code == 404
        assert readers.idle() == 0  # the failed request's reader was closed, not reused
        assert client.get("/api/search", params={"q": "Geneva"}).status_code == 200
        assert readers.idle() == 1
    assert readers.idle() == 0  # closed at shutdown


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # a server that can drop the connection
def test_a_reader_whose_server_connection_died_is_replaced(db_url: str) -> None:
    import psycopg

    with open_store(db_url) as writer:
        writer.add_article(_article(1), [])
    with TestClient(create_app(Settings(db=db_url))) as client:
        readers = client.app.state.readers  # type: ignore[attr-defined]
        assert client.get("/api/articles").status_code == 200
        pid = readers._idle[0].conn.info.backend_pid
        with psycopg.connect(db_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        r = client.get("/api/articles")
        assert r.status_code == 200 and len(r.json()) == 1
        assert readers._idle[0].conn.info.backend_pid != pid
