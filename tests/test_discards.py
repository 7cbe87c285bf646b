"""The discard mark end to end (issue 12): made-up articles through the real pipeline (spaCy,
SQLite), then the CLI and the REST API with and without ``--no-discarded`` / ``no_discarded``.
A sports story is marked at the story level, a sports sentence at the sentence level; a
political article of the same shape is not marked, and by default nothing is left out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from detente.cli import cli
from detente.extract.engine import Extractor
from detente.model import Event
from detente.pipeline import ingest
from detente.serve import create_app
from detente.settings import Settings
from detente.store import EventQuery, open_store

# Written for these tests: "Manchester United" is a story-level phrase of PETRARCH2's list,
# "football" a sentence-level one; the political article has the same shape and neither.
ARTICLES = {
    "club.txt": ("Manchester United beat Arsenal 2-1 in the Premier League on Saturday. "
                 "The club's manager criticised the referee after the match."),
    "federation.txt": "Brazil's football federation accused Argentina of fielding an ineligible player on Sunday.",
    "ministry.txt": "Brazil's foreign ministry accused Argentina of bad faith over the trade agreement on Sunday.",
}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Path:
    folder = tmp_path_factory.mktemp("discards")
    for name, text in ARTICLES.items():
        (folder / name).write_text(f"title: {name}\ndate: 2025-03-02\n\n{text}\n", encoding="utf-8")
    path = folder / "d.db"
    with open_store(f"sqlite:///{path}") as store:
        report = ingest([str(folder)], store, offline=True, extractor=extractor)
        assert len(report.added) == 3, report
    return path


def _by_trigger(events: list[Event]) -> dict[str, Event]:
    return {e.trigger: e for e in events}


def test_sports_events_are_marked_and_political_ones_are_not(extractor: Extractor) -> None:
    club = _by_trigger(extractor.extract(ARTICLES["club.txt"], doc_id="club", published="2025-03-02"))
    assert club and all(e.discard == "story: MANCHESTER UNITED" for e in club.values()), club
    federation = extractor.extract(ARTICLES["federation.txt"], doc_id="fed", published="2025-03-02")
    ministry = extractor.extract(ARTICLES["ministry.txt"], doc_id="min", published="2025-03-02")
    assert [(e.event_type, e.discard) for e in federation] == [("ACCUSE", "sentence: FOOTBALL")]
    assert [(e.event_type, e.discard) for e in ministry] == [("ACCUSE", None)]
    # the mark is all that differs: the event itself is coded as before
    assert federation[0].recipients[0].country == ministry[0].recipients[0].country == "ARG"
    assert Event.from_dict(json.loads(federation[0].to_json())).discard == "sentence: FOOTBALL"


def test_the_store_keeps_the_mark_and_filters_on_it(db: Path) -> None:
    with open_store(f"sqlite:///{db}") as store:
        every = store.list_events(EventQuery(limit=100))
        kept = store.list_events(EventQuery(no_discarded=True, limit=100))
        assert {e.discard for e in every} == {"story: MANCHESTER UNITED", "sentence: FOOTBALL", None}
        assert kept and all(e.discard is None for e in kept)
        assert {e.trigger for e in kept} == {"accused"} and len(kept) == 1
        assert store.count_matching_events(EventQuery(no_discarded=True)) == 1
        assert store.count_matching_events(EventQuery()) == len(every)


def _cli_events(db: Path, *args: str) -> list[dict]:
    out = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", "events", "--format", "jsonl", *args])
    assert out.exit_code == 0, out.output
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_the_cli_filter_leaves_marked_events_out(db: Path) -> None:
    every = _cli_events(db)
    assert any(e["discard"] for e in every) and len(every) > 1
    kept = _cli_events(db, "--no-discarded")
    assert [e["discard"] for e in kept] == [None]
    assert "bad faith over the trade agreement" in kept[0]["sentence"]
    marked_country = _cli_events(db, "--country", "ARG", "--no-discarded")
    assert [e["id"] for e in marked_country] == [kept[0]["id"]]


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=f"sqlite:///{db}"))) as c:
        yield c


def test_the_api_parameter_leaves_marked_events_out(client: TestClient) -> None:
    every = client.get("/api/events")
    assert every.status_code == 200
    assert any(e["discard"] for e in every.json())
    kept = client.get("/api/events", params={"no_discarded": "true"})
    assert kept.status_code == 200 and [e["discard"] for e in kept.json()] == [None]
    assert kept.headers["X-Total-Count"] == "1"
    assert client.get("/api/events", params={"no_discarded": "false"}).json() == every.json()
