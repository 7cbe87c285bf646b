"""The REST API in process, over a fixture database built from code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from detente.model import ActorRef, Article, Event, Location, content_id
from detente.serve import create_app
from detente.settings import Settings
from detente.store import open_store

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    store = open_store(str(db))
    text = f"Rubio met Lavrov in Riyadh on Tuesday. {SCRIPT} Kyiv was not invited."
    art = Article(id=content_id(text), text=text, title=f"Riyadh {SCRIPT}", outlet="Harbor Ledger",
                  published="2025-02-19", language="en", genre="news")
    ev = Event(id="ev1", doc_id=art.id, sentence="Rubio met Lavrov in Riyadh on Tuesday.", span=(0, 38),
               trigger="met", event_type="CONSULT", mode="third-party", cameo="046", intensity=2.5,
               goldstein=7.0, actors=[ActorRef("Rubio", "Marco Rubio", "USA", "GOV")],
               recipients=[ActorRef("Lavrov", "Sergey Lavrov", "RUS", "GOV")], reciprocal=True,
               date="2025-02-18", date_precision="day",
               location=Location("Riyadh", "Riyadh", "SAU", "10", 24.69, 46.72), confidence=0.9)
    store.add_article(art, [ev])
    store.replace_derived("stories", [("s1", {"id": "s1", "event_ids": ["ev1"]})])
    store.close()
    with TestClient(create_app(Settings(db=f"sqlite:///{db}"))) as c:
        yield c


def test_events_and_filters(client: TestClient) -> None:
    assert [e["id"] for e in client.get("/api/events", params={"country": "RUS"}).json()] == ["ev1"]
    assert client.get("/api/events", params={"country": "CHN"}).json() == []
    assert client.get("/api/events", params={"type": "CONSULT", "since": "2025-02"}).json()[0]["cameo"] == "046"
    assert client.get("/api/events/ev1").json()["location"]["country"] == "SAU"


def test_article_with_its_events(client: TestClient) -> None:
    art = client.get("/api/articles").json()[0]
    full = client.get(f"/api/articles/{art['id']}").json()
    assert full["events"][0]["id"] == "ev1"


def test_errors_are_json_objects(client: TestClient) -> None:
    r = client.get("/api/events/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.get("/api/events", params={"limit": 0})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_parameter"
    r = client.get("/api/events", params={"since": "yesterday"})
    assert r.status_code == 422
    r = client.get("/api/search", params={"q": "!!"})
    assert r.status_code == 400 and "word" in r.json()["error"]["message"]
    assert client.get("/api/nothing-here").json()["error"]["code"] == "not_found"


def test_search_and_derived(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "Riyadh"}).json()
    assert hits and hits[0]["title"].startswith("Riyadh")
    assert client.get("/api/stories").json() == [{"id": "s1", "event_ids": ["ev1"]}]
    assert client.get("/api/milestones").json() == []


def test_openapi_lists_the_contract_paths(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ["/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events/{event_id}",
              "/api/stories", "/api/milestones", "/api/positions", "/api/relations", "/api/conflicts",
              "/api/search"]:
        assert p in paths


def test_overview_page_renders_user_text_inert(client: TestClient) -> None:
    page = client.get("/").text
    assert "Rubio" in page and "1 articles and 1 events" in page
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_read_only_by_default(client: TestClient) -> None:
    assert client.post("/api/events", json={}).status_code == 405
