"""Watchlists and alerts: a saved query fires on what is new since its cursor, milestone moves
and new conflicts are found by diffing derived records, a webhook is retried until it accepts,
and the Atom feed is valid with every string escaped."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import feedparser
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from detente.errors import ConfigError, NotFoundError
from detente.model import ActorRef, Article, Event, content_id
from detente.outputs.alerts import (
    WatchFilters,
    add_watchlist,
    atom_feed,
    diff,
    list_watchlists,
    post_webhook,
    remove_watchlist,
    run_watchlists,
    snapshot,
)
from detente.serve.watchlists import create_router
from detente.settings import Settings
from detente.store import Store, open_store

SCRIPT = "<script>alert('x')</script>"


def _article(store: Store, text: str, etype: str, a: str, b: str, title: str = "A report") -> str:
    art = Article(content_id(text), text, url=f"https://news.test/{content_id(text)}", outlet="Harbor Ledger",
                  title=title, published="2025-02-18")
    ev = Event(Event.make_id(art.id, 0, "met", etype), art.id, text, (0, len(text)), "met", etype,
               actors=[ActorRef(a, a, a, "GOV")], recipients=[ActorRef(b, b, b, "GOV")], date="2025-02-18")
    store.add_article(art, [ev])
    return art.id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    yield s
    s.close()


def test_migration_is_recorded(store: Store) -> None:
    assert "0004_watchlists" in store.applied_migrations()


def test_event_watchlist_fires_once_on_a_new_matching_article(store: Store) -> None:
    _article(store, "Old: USA met RUS.", "CONSULT", "USA", "RUS")
    add_watchlist(store, "usa-rus meetings", "events", WatchFilters(event_type="consult", countries=["usa", "rus"]))
    assert run_watchlists(store, None, []) == []  # nothing new, the old match is behind the cursor
    new = _article(store, f"New: RUS met USA. {SCRIPT}", "CONSULT", "RUS", "USA", title=f"Talks {SCRIPT}")
    other = _article(store, "USA met UKR.", "CONSULT", "USA", "UKR")
    threat = _article(store, "USA threatened RUS.", "THREATEN", "USA", "RUS")
    alerts = run_watchlists(store, None, [new, other, threat])
    assert [a.sources[0].article_id for a in alerts] == [new]
    assert alerts[0].title.startswith("CONSULT: RUS → USA")
    assert run_watchlists(store, None, None) == []  # the cursor moved on: no second alert
    assert [a["id"] for a in store.list_alerts()] == [alerts[0].id]
    [watch] = list_watchlists(store)
    assert watch.cursor.evaluated_at and len(watch.cursor.events) == 2


def test_bad_watchlists_are_refused_and_removal_is_checked(store: Store) -> None:
    with pytest.raises(ConfigError):
        add_watchlist(store, "x", "events", WatchFilters(event_type="CHAT"))
    with pytest.raises(ConfigError):
        add_watchlist(store, "", "events")
    with pytest.raises(ConfigError):
        add_watchlist(store, "x", "weather")
    with pytest.raises(ConfigError):
        add_watchlist(store, "x", "events", webhook="file:///etc/passwd")
    add_watchlist(store, "x", "events")
    remove_watchlist(store, "x")
    with pytest.raises(NotFoundError):
        remove_watchlist(store, "x")


def _milestone(mid: str, status: str, responsible: list[str]) -> tuple[str, dict[str, Any]]:
    return mid, {"id": mid, "what": "a prisoner exchange", "responsible": responsible, "status": status,
                 "status_history": [{"status": status, "date": "2025-05-20", "article_ids": ["a1"],
                                     "evidence": "The exchange was completed."}]}


def test_milestone_moves_and_new_conflicts(store: Store) -> None:
    store.replace_derived("milestones", [_milestone("m1", "agreed", ["UKR", "RUS"]), _milestone("m2", "agreed", ["USA"])])
    store.replace_derived("conflicts", [("c1", {"id": "c1", "subject": "length of the call", "claims": []})])
    before = snapshot(store)
    add_watchlist(store, "moves", "milestone_status", WatchFilters(countries=["RUS"]))
    add_watchlist(store, "disputes", "conflicts")
    store.replace_derived("milestones", [_milestone("m1", "met", ["UKR", "RUS"]), _milestone("m2", "missed", ["USA"])])
    claims = [{"article_id": "a1", "outlet": "Baltic Wire", "quote": "two hours"},
              {"article_id": "a2", "outlet": "Harbor Ledger", "quote": "ninety minutes"}]
    store.replace_derived("conflicts", [("c1", {"id": "c1", "subject": "length of the call", "claims": []}),
                                        ("c2", {"id": "c2", "subject": "length of the call", "claims": claims,
                                                "reason": "durations differ"})])
    changes = diff(before, snapshot(store))
    assert {(m.milestone["id"], m.old, m.new) for m in changes.milestones} == {("m1", "agreed", "met"),
                                                                               ("m2", "agreed", "missed")}
    assert [c["id"] for c in changes.conflicts] == ["c2"]
    alerts = run_watchlists(store, None, [])
    by = {a.watchlist: a for a in alerts}
    assert len(alerts) == 2  # m2 is USA's: not watched
    assert by["moves"].record_id == "m1" and "agreed → met" in by["moves"].title
    assert by["disputes"].record_id == "c2" and "Baltic Wire" in by["disputes"].summary
    assert [c.article_id for c in by["disputes"].sources] == ["a1", "a2"]
    assert run_watchlists(store, None, []) == []


class _FlakyHook(BaseHTTPRequestHandler):
    calls: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).calls.append(body)
        self.send_response(503 if len(type(self).calls) == 1 else 204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[str]:
    _FlakyHook.calls = []
    server = HTTPServer(("127.0.0.1", 0), _FlakyHook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def test_webhook_is_retried_until_it_accepts(store: Store, hook: str) -> None:
    add_watchlist(store, "to-hook", "events", WatchFilters(countries=["USA"]), webhook=hook)
    new = _article(store, "USA met RUS in Riyadh.", "CONSULT", "USA", "RUS")
    alerts = run_watchlists(store, None, [new])
    assert len(alerts) == 1
    assert len(_FlakyHook.calls) == 2  # failed once (503), then accepted
    assert _FlakyHook.calls[1]["watchlist"] == "to-hook"
    assert _FlakyHook.calls[1]["alerts"][0]["id"] == alerts[0].id


def test_webhook_gives_up_after_bounded_attempts() -> None:
    assert post_webhook("http://127.0.0.1:9/nothing", {"x": 1}, attempts=2, backoff=0.01, timeout=0.5) is False


def test_atom_feed_is_valid_and_inert(store: Store) -> None:
    add_watchlist(store, "all", "events")
    new = _article(store, f"USA met RUS. {SCRIPT} & more", "CONSULT", "USA", "RUS", title=f"T {SCRIPT}")
    run_watchlists(store, None, [new])
    app = FastAPI()
    app.include_router(create_router(Settings(db=store.url)))
    with TestClient(app) as client:
        resp = client.get("/api/alerts.atom")
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/atom+xml")
        assert "<script>" not in resp.text and "&lt;script&gt;" in resp.text
        root = ET.fromstring(resp.text.split("\n", 1)[1])
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        feed = feedparser.parse(resp.text)
        assert not feed.bozo and feed.feed.title == "détente alerts"
        [entry] = feed.entries
        assert SCRIPT in entry.summary and entry.id.startswith("urn:detente:alert:")
        assert client.get("/api/alerts").json()[0]["watchlist"] == "all"
        assert client.get("/api/watchlists").json()[0]["name"] == "all"
        assert client.post("/api/watchlists", json={"name": "x"}).status_code in (404, 405)  # read-only


def test_write_routes_need_the_given_dependency(store: Store) -> None:
    from fastapi import Header, HTTPException

    def token(authorization: str | None = Header(default=None)) -> None:
        if authorization != "Bearer s3cret":
            raise HTTPException(401)

    app = FastAPI()
    app.include_router(create_router(Settings(db=store.url), write_dependency=token))
    with TestClient(app) as client:
        assert client.post("/api/watchlists", json={"name": "w", "kind": "events"}).status_code == 401
        ok = client.post("/api/watchlists", json={"name": "w", "filters": {"countries": ["usa"]}},
                         headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 201 and ok.json()["filters"]["countries"] == ["USA"]
        assert client.delete("/api/watchlists/w", headers={"Authorization": "Bearer s3cret"}).status_code == 204


def test_atom_feed_without_alerts_is_still_a_feed() -> None:
    feed = feedparser.parse(atom_feed([]))
    assert not feed.bozo and feed.entries == []
