"""The REST API in process, over a fixture database built from code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.model import ActorRef, Article, Event, Location, content_id
from detente.serve import create_app
from detente.settings import Settings
from detente.store import open_store

SCRIPT = "<script>alert('x')</script>"
TOKEN = "s3cret-token"


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
    ev2 = Event.from_dict({**ev.to_dict(), "id": "ev2", "event_type": "ACCUSE", "date": "2025-03-02",
                           "confidence": 0.95, "intensity": -3.0, "sentence": "Kyiv was not invited.",
                           "span": (len(text) - 21, len(text)), "trigger": "invited",
                           "actors": [{"text": "Kyiv", "name": "Kyiv", "country": "UKR", "sector": "GOV"}],
                           "recipients": []})
    store.add_article(art, [ev, ev2])
    store.replace_derived("stories", [
        ("s1", {"id": "s1", "event_type": "CONSULT", "actors": ["RUS", "USA"], "date": "2025-02-18",
                "location": None, "event_ids": ["ev1"], "article_ids": [art.id], "outlets": ["Harbor Ledger"],
                "independent_sources": 1, "canonical_event_id": "ev1", "copies": []}),
        ("s2", {"id": "s2", "event_type": "ACCUSE", "actors": ["UKR"], "date": "2025-03-02", "location": None,
                "event_ids": ["ev2"], "article_ids": [art.id], "outlets": ["Harbor Ledger"],
                "independent_sources": 3, "canonical_event_id": "ev2", "copies": []}),
    ])
    store.replace_derived("milestones", [
        ("m1", {"id": "m1", "what": "a ceasefire", "kind": "goal", "responsible": ["RUS"], "deadline": "2025-04-01",
                "status": "missed", "overdue": True, "status_history": []}),
        ("m2", {"id": "m2", "what": "talks", "kind": "commitment", "responsible": ["USA"], "deadline": None,
                "status": "agreed", "overdue": False, "status_history": []}),
    ])
    store.replace_derived("relations", [
        (f"USA|RUS|{p}", {"a": "RUS", "b": "USA", "period": p, "score": s, "n_events": n, "trend": "new"})
        for p, s, n in (("2025-02", 2.5, 2), ("2025-03", -1.0, 4))
    ] + [("SAU|USA|2025-02", {"a": "SAU", "b": "USA", "period": "2025-02", "score": 1.0, "n_events": 1})])
    store.replace_derived("conflicts", [
        ("c1", {"id": "c1", "subject": "format", "story_id": None, "reason": "direct vs phone",
                "claims": [{"outlet": "Harbor Ledger", "story_id": "s1", "article_date": "2025-02-19"}]}),
    ])
    store.close()
    settings = Settings(db=f"sqlite:///{db}", token=TOKEN, max_request_bytes=20_000)
    with TestClient(create_app(settings)) as c:
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
    r = client.get("/api/events", params={"q": "!!"})  # no words: refused, not every event
    assert r.status_code == 400 and "no words" in r.json()["error"]["message"]
    assert client.get("/api/nothing-here").json()["error"]["code"] == "not_found"


def test_search_and_derived(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "Riyadh"})
    hits = r.json()
    assert hits and hits[0]["title"].startswith("Riyadh")
    assert r.headers["X-Total-Count"] == str(len(hits)) and r.headers["X-Search-More"] == "false"
    assert [s["id"] for s in client.get("/api/stories").json()] == ["s1", "s2"]
    assert client.get("/api/positions").json() == []


def test_openapi_lists_the_contract_paths(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ["/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events/{event_id}",
              "/api/stories", "/api/milestones", "/api/positions", "/api/relations", "/api/conflicts",
              "/api/search"]:
        assert p in paths


def test_overview_page_renders_user_text_inert(client: TestClient) -> None:
    page = client.get("/overview").text
    assert "Rubio" in page and "1 articles and 2 events" in page
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_read_only_by_default(client: TestClient) -> None:
    assert client.post("/api/events", json={}).status_code == 405


def test_events_paging_total_and_sort(client: TestClient) -> None:
    r = client.get("/api/events", params={"limit": 1})
    assert r.headers["X-Total-Count"] == "2" and [e["id"] for e in r.json()] == ["ev1"]
    assert [e["id"] for e in client.get("/api/events", params={"limit": 1, "offset": 1}).json()] == ["ev2"]
    assert [e["id"] for e in client.get("/api/events", params={"sort": "-date"}).json()] == ["ev2", "ev1"]
    assert client.get("/api/events", params={"sort": "confidence"}).json()[0]["id"] == "ev2"
    r = client.get("/api/events", params={"q": "not invited"})
    assert [e["id"] for e in r.json()] == ["ev2"] and r.headers["X-Total-Count"] == "1"
    assert client.get("/api/events", params={"modality": "negated"}).json() == []
    assert client.get("/api/events", params={"sort": "random"}).status_code == 422


def test_filter_values_are_bound_not_sql(client: TestClient) -> None:
    for value in ["' OR 1=1 --", "%", "_", "USA\\"]:
        r = client.get("/api/events", params={"actor": value})
        assert r.status_code == 200 and r.json() == [], value
    assert client.get("/api/events", params={"country": "RUS) OR (1=1"}).status_code == 422


def test_downloads_csv_jsonl_parquet(client: TestClient) -> None:
    import csv
    import io
    import json

    import pyarrow.parquet as pq

    r = client.get("/api/events", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.headers["content-type"].startswith("text/csv") and [x["id"] for x in rows] == ["ev1", "ev2"]
    assert json.loads(rows[0]["actors"])[0]["country"] == "USA"
    r = client.get("/api/stories", params={"format": "jsonl"})
    assert [json.loads(line)["id"] for line in r.text.splitlines()] == ["s1", "s2"]
    r = client.get("/api/milestones", params={"format": "parquet"})
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 2 and table.column("id").to_pylist() == ["m1", "m2"]


def test_derived_filters_and_sort(client: TestClient) -> None:
    def ids(path: str, **params: str) -> list[str]:
        return [r.get("id") or r["period"] for r in client.get(path, params=params).json()]

    assert ids("/api/stories", actor="ukr") == ["s2"]
    assert ids("/api/stories", type="CONSULT") == ["s1"]
    assert ids("/api/stories", since="2025-03") == ["s2"]
    assert ids("/api/stories", sort="confidence") == ["s2", "s1"]
    assert ids("/api/stories", sort="-date") == ["s2", "s1"]
    assert ids("/api/milestones", status="missed") == ["m1"]
    assert ids("/api/milestones", actor="USA") == ["m2"]
    assert ids("/api/relations", pair="usa,rus") == ["2025-02", "2025-03"]
    assert client.get("/api/relations", params={"actor": "SAU"}).headers["X-Total-Count"] == "1"
    assert ids("/api/conflicts", story="s1") == ["c1"]
    assert client.get("/api/milestones", params={"pair": "USA,RUS"}).json() != []  # not a milestone filter: ignored
    r = client.get("/api/relations", params={"pair": "USA"})
    assert r.status_code == 422


def test_story_page_timeline_and_network(client: TestClient) -> None:
    story = client.get("/api/stories/s1").json()
    assert [e["id"] for e in story["events"]] == ["ev1"] and story["articles"][0]["outlet"] == "Harbor Ledger"
    assert [c["id"] for c in story["conflicts"]] == ["c1"]
    assert client.get("/api/stories/nope").status_code == 404
    tl = client.get("/api/timeline", params={"granularity": "month"}).json()
    assert [(b["period"], b["count"]) for b in tl["buckets"]] == [("2025-02", 1), ("2025-03", 1)]
    assert tl["stories"][0]["headline"].startswith("Rubio met Lavrov")
    net = client.get("/api/network").json()
    assert net["periods"] == ["2025-02", "2025-03"]
    edge = next(e for e in net["edges"] if {e["a"], e["b"]} == {"RUS", "USA"})
    assert edge["n_events"] == 6 and edge["score"] == round((2.5 * 2 - 1.0 * 4) / 6, 2)
    only_march = client.get("/api/network", params={"since": "2025-03", "until": "2025-03"}).json()
    assert [(e["a"], e["b"], e["score"]) for e in only_march["edges"]] == [("RUS", "USA", -1.0)]
    assert client.get("/api/events/ev1").json()["story_id"] == "s1"


def test_dashboard_is_served_offline(client: TestClient) -> None:
    page = client.get("/").text
    assert '<script src="/static/app.js"' in page and "http" not in page.split("<body>")[0].replace('"/static', "")
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "textContent" in js
    assert client.get("/static/app.css").status_code == 200


def test_writes_need_the_token(client: TestClient) -> None:
    body = {"items": [{"text": "Short."}]}
    r = client.post("/api/ingest", json=body)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    r = client.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    r = client.post("/api/ingest", json={"items": []}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422


def test_request_size_limit(client: TestClient) -> None:
    r = client.post("/api/ingest", json={"items": [{"text": "x" * 30_000}]},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"


def test_no_token_configured_refuses_writes(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(db=f"sqlite:///{tmp_path / 'w.db'}"))) as c:
        r = c.post("/api/ingest", json={"items": [{"text": "x"}]}, headers={"Authorization": "Bearer x"})
    assert r.status_code == 403 and "DETENTE_TOKEN" in r.json()["error"]["message"]


def test_ingest_with_token_stores_and_extracts(tmp_path: Path) -> None:
    text = ("Secretary of State Marco Rubio met Russian Foreign Minister Sergey Lavrov in Riyadh on "
            "Tuesday to discuss ending the war in Ukraine.")
    settings = Settings(db=f"sqlite:///{tmp_path / 'w.db'}", token=TOKEN)
    with TestClient(create_app(settings)) as c:
        r = c.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                   json={"items": [{"text": text, "title": "Talks", "published": "2025-02-18", "outlet": "Test Wire"},
                                   {"title": "empty"}]})
        assert r.status_code == 200, r.text
        report = r.json()
        assert len(report["added"]) == 1 and report["events"] >= 1 and len(report["rejected"]) == 1
        events = c.get("/api/events", params={"country": "RUS"}).json()
        assert any(e["event_type"] == "CONSULT" for e in events)
        again = c.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"}, json={"items": [{"text": text}]})
        assert again.json()["present"] == report["added"]


def test_events_download_as_gdelt_rows_that_import_back(client: TestClient, tmp_path: Path) -> None:
    from detente.outputs.exports import GDELT_COLUMNS, read_events

    r = client.get("/api/events", params={"format": "gdelt", "sort": "date"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/tab-separated-values")
    assert r.headers["X-Total-Count"] == "2"
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in r.text.splitlines()]
    assert [(x["SQLDATE"], x["EventCode"], x["Actor1CountryCode"]) for x in rows] == [
        ("20250218", "046", "USA"), ("20250302", rows[1]["EventCode"], "UKR")]
    assert rows[0]["ActionGeo_FullName"].startswith("Riyadh") and rows[1]["NumSources"] == "3"  # from story s2
    path = tmp_path / "events.tsv"
    path.write_bytes(r.content)
    events, problems = read_events(path, "gdelt")
    assert problems == []
    assert [(e.event_type, e.date, e.actors[0].country) for e in events] == [
        ("CONSULT", "2025-02-18", "USA"), ("ACCUSE", "2025-03-02", "UKR")]
    assert client.get("/api/events", params={"format": "gdelt", "country": "CHN"}).text == ""


def test_events_download_as_plover_records(client: TestClient) -> None:
    import json

    r = client.get("/api/events", params={"format": "plover", "type": "CONSULT"})
    assert r.headers["content-type"].startswith("application/x-ndjson")
    (rec,) = [json.loads(line) for line in r.text.splitlines()]
    assert (rec["event_type"], rec["mode"], rec["actor"]["country"], rec["recipient"]["country"]) == (
        "CONSULT", "third-party", "USA", "RUS")
    assert rec["text"].startswith("Rubio met Lavrov") and rec["source"]["outlet"] == "Harbor Ledger"
    assert client.get("/api/events", params={"format": "gdelt2"}).status_code == 422
    description = json.dumps(client.get("/openapi.json").json()["paths"]["/api/events"]["get"])
    assert "gdelt" in description and "plover" in description and "GDELT 2.0" in description


def test_story_index_agrees_with_the_plain_filter(tmp_path: Path) -> None:
    """The SQLite story index answers exactly as the Store's default (records read whole)."""
    import random

    from detente.store.base import Store as BaseStore
    from detente.store.base import StoryQuery

    rng = random.Random(4)
    stories = []
    for i in range(300):
        day = f"2025-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"
        stories.append({
            "id": f"s{i}", "event_type": rng.choice(["CONSULT", "ACCUSE", "AGREE"]),
            "actors": sorted(rng.sample(["USA", "RUS", "UKR", "EU"], 2)),
            "date": rng.choice([day, day[:7], None]), "event_ids": [f"e{i}", f"e{i}b"],
            "location": rng.choice([None, {"name": "Riyadh", "text": "riyadh", "country": "SAU"},
                                    {"name": "Zürich", "text": "Zürich", "country": "CHE"}]),
            "outlets": rng.sample(["Harbor Ledger", "Nordic Wire", "Ostpost"], rng.randint(1, 3)),
            "independent_sources": rng.randint(1, 3)})
    with open_store(str(tmp_path / "s.db")) as store:
        store.replace_derived("stories", ((s["id"], s) for s in stories))
        queries = [StoryQuery(), StoryQuery(actor="eu"), StoryQuery(event_type="consult", since="2025-02"),
                   StoryQuery(until="2025-02-10", order="-date"), StoryQuery(place="zür", order="date"),
                   StoryQuery(place="SAU", outlet="nordic", order="confidence", offset=5, limit=7),
                   StoryQuery(since="2025-03", until="2025-03", order="-date", limit=1000)]
        for q in queries:
            assert store.list_stories(q) == BaseStore.list_stories(store, q), q
            assert store.count_stories(q) == BaseStore.count_stories(store, q), q
            for g in ("year", "month", "day"):
                assert store.story_periods(q, g) == BaseStore.story_periods(store, q, g), (q, g)
        assert store.story_of_event("e7b") == BaseStore.story_of_event(store, "e7b") == "s7"
        assert store.get_derived("stories", "s9") == stories[9] and store.get_derived("stories", "x") is None
        assert store.count_derived("stories") == 300
        store.replace_derived("stories", [("n1", {"id": "n1", "event_ids": ["e7b"], "actors": []})])
        assert store.story_of_event("e7b") == "n1" and store.count_stories(StoryQuery()) == 1


def test_relation_index_agrees_with_the_plain_records(tmp_path: Path) -> None:
    from detente.store.base import Store as BaseStore

    rows = [{"a": a, "b": b, "period": p, "n_events": n, "score": s} for a, b, p, n, s in (
        ("RUS", "USA", "2025-02", 2, 2.5), ("RUS", "USA", "2025-03", 4, -1.0), ("SAU", "USA", "2025-02", 1, 1.0),
        ("RUS", "UKR", "2025-W09", 3, -6.0))]
    with open_store(str(tmp_path / "r.db")) as store:
        store.replace_derived("relations", ((f"{r['a']}|{r['b']}|{r['period']}", r) for r in rows))
        for since, until in ((None, None), ("2025-03", None), (None, "2025-02"), ("2025-02-10", "2025-02-20")):
            assert store.relation_rows("relations", since, until) == BaseStore.relation_rows(
                store, "relations", since, until)
        assert [r.period for r in store.relation_rows("relations", "2025-03")] == ["2025-03", "2025-W09"]
        assert store.relation_periods("relations") == ["2025-02", "2025-03", "2025-W09"]
        assert store.relation_rows("relations_week") == []


def test_a_database_from_before_the_indexes_gets_them_filled(tmp_path: Path) -> None:
    """Upgrading: the migrations index the stories and relation scores already stored."""
    from detente.store.base import StoryQuery

    db = tmp_path / "old.db"
    with open_store(str(db)) as store:
        store.replace_derived("stories", [("s1", {"id": "s1", "event_type": "AGREE", "actors": ["UKR"],
                                                  "date": "2025-03-11", "event_ids": ["e1"]})])
        store.replace_derived("relations", [("RUS|UKR|2025-03", {"a": "RUS", "b": "UKR", "period": "2025-03",
                                                                 "n_events": 2, "score": -3.0})])
        conn = store.conn  # type: ignore[attr-defined]
        for table in ("story_index", "story_actors", "story_events", "story_days", "relation_scores"):
            conn.execute(f"DROP TABLE {table}")
        for index in ("derived_kind", "events_order", "events_order_desc"):
            conn.execute(f"DROP INDEX {index}")
        conn.execute("DELETE FROM _migrations WHERE name IN ('0005_story_index', '0006_dashboard_index', "
                     "'0010_story_days')")
    with open_store(str(db)) as store:
        assert {"0005_story_index", "0006_dashboard_index", "0010_story_days"} <= set(store.applied_migrations())
        assert [s["id"] for s in store.list_stories(StoryQuery(actor="UKR"))] == ["s1"]
        assert store.story_of_event("e1") == "s1"
        assert [(r.a, r.b, r.n_events) for r in store.relation_rows("relations")] == [("RUS", "UKR", 2)]
