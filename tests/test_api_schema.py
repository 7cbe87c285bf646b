"""Schemathesis against the API's own OpenAPI schema, in process: generated requests on every
read operation (and the write one, without a token) never get a 5xx answer."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from detente.model import ActorRef, Article, Event, content_id
from detente.serve import create_app
from detente.settings import Settings
from detente.store import open_store


def _app(folder: Path) -> Any:
    db = folder / "s.db"
    with open_store(str(db)) as store:
        text = "Rubio met Lavrov in Riyadh on Tuesday. <script>alert(1)</script>"
        art = Article(id=content_id(text), text=text, title="Riyadh", outlet="Harbor Ledger",
                      published="2025-02-19", language="en")
        ev = Event(id="ev1", doc_id=art.id, sentence="Rubio met Lavrov in Riyadh on Tuesday.", span=(0, 38),
                   trigger="met", event_type="CONSULT", actors=[ActorRef("Rubio", "Marco Rubio", "USA", "GOV")],
                   recipients=[ActorRef("Lavrov", "Sergey Lavrov", "RUS", "GOV")], date="2025-02-18",
                   confidence=0.9)
        store.add_article(art, [ev])
        store.replace_derived("stories", [("s1", {"id": "s1", "event_type": "CONSULT", "actors": ["RUS", "USA"],
                                                  "date": "2025-02-18", "event_ids": ["ev1"],
                                                  "article_ids": [art.id], "outlets": ["Harbor Ledger"],
                                                  "independent_sources": 1, "canonical_event_id": "ev1"})])
    return create_app(Settings(db=f"sqlite:///{db}", token="t0ken", max_request_bytes=50_000))


# The schema is loaded when the module is collected (schemathesis parametrizes from it); the
# fixture database lives in a temporary folder removed at exit.
_TMP = tempfile.TemporaryDirectory(prefix="detente-schema-")
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(Path(_TMP.name)))


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])
    if response.status_code >= 400:
        assert "error" in response.json()
