"""The registry of derived kinds (detente.store.kinds): every kind the refresh stores is declared
with a record class that exists and has the declared fields, the keys it gives are the keys the
refresh writes (and wrote before the registry), and the store's side tables follow the declared index."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from detente.pipeline import DERIVED_KINDS, ingest, refresh_derived, sample_dir
from detente.store import open_store
from detente.store.kinds import (
    KINDS,
    RELATION_INDEX,
    STORY_INDEX,
    STORY_LINKS,
    derived_key,
    kinds_indexed,
)


def _earlier_key(record: dict[str, Any], index: int) -> str:
    """How the refresh keyed a record before the registry (from its fields alone): the keys in
    stores written then, which the registry must go on giving."""
    if record.get("id"):
        return str(record["id"])
    if "a" in record and "period" in record:
        return f"{record['a']}|{record['b']}|{record['period']}"
    if "from_stance" in record:
        return f"{record['actor']}|{record['issue']}|{record['from_article_id']}|{record['to_article_id']}"
    if "issue" in record:
        return f"{record['actor']}|{record['issue']}|{record['article_id']}|{record['span'][0]}"
    for key in ("article_id", "outlet"):
        if record.get(key):
            return f"{record[key]}|{index}"
    return str(index)


def test_every_refreshed_kind_is_declared_with_its_class_and_fields() -> None:
    assert set(DERIVED_KINDS) == set(KINDS)
    for declared in KINDS.values():
        cls = declared.record_class()
        names = {f.name for f in dataclasses.fields(cls)}
        used = {f.partition(".")[0] for f in declared.key_fields}
        if declared.date:
            used.add(declared.date)
        used.update(declared.parties)
        assert used <= names, (declared.name, used - names)
    assert kinds_indexed(STORY_INDEX) == ("stories",)
    assert kinds_indexed(RELATION_INDEX) == ("relations", "relations_week")
    assert kinds_indexed(STORY_LINKS) == ("conflicts",)


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kinds") / "k.db"
    files = sorted(p for p in sample_dir().iterdir() if p.suffix == ".txt")[:8]
    with open_store(f"sqlite:///{path}") as store:
        ingest([str(p) for p in files], store, offline=True)
        refresh_derived(store, incremental=False)
    return path


def test_the_registry_keys_are_the_keys_the_refresh_wrote(refreshed: Path) -> None:
    with open_store(f"sqlite:///{refreshed}") as store:
        seen = 0
        for name in DERIVED_KINDS:
            items = store.derived_items(name)
            for i, (key, record) in enumerate(items):
                assert derived_key(name, record, i) == key == _earlier_key(record, i), (name, key)
                seen += 1
        assert seen > 0


def test_records_without_their_key_fields_fall_back_to_their_place() -> None:
    outlets, positions = KINDS["outlets"], KINDS["positions"]
    assert outlets.key({"outlet": "TASS"}, 3) == "TASS|3" == _earlier_key({"outlet": "TASS"}, 3)
    assert outlets.key({"outlet": ""}, 3) == "3" == _earlier_key({"outlet": ""}, 3)
    record = {"actor": "RUS", "issue": "ceasefire", "article_id": "a1", "span": [12, 40]}
    assert positions.key(record, 0) == "RUS|ceasefire|a1|12" == _earlier_key(record, 0)
    assert derived_key("cache_kind", {"x": 1}, 5) == "5"
    assert derived_key("cache_kind", {"id": "k"}, 5) == "k"


def test_the_registry_gives_each_kind_its_date_and_parties() -> None:
    """The API's derived filters (serve/query) read a record's date and parties from the registry:
    a milestone's deadline, else when it was first seen, and who it binds or who proposed it; a
    conflict's earliest claim; a relation score's period and pair."""
    milestones, conflicts, relations = KINDS["milestones"], KINDS["conflicts"], KINDS["relations"]
    assert milestones.date_of({"deadline": "2025-04", "first_seen": "2025-02-01"}) == "2025-04"
    assert milestones.date_of({"deadline": None, "first_seen": "2025-02-01"}) == "2025-02-01"
    assert milestones.date_of({}) is None
    assert milestones.parties_of({"responsible": ["UKR", "RUS"], "proposed_by": ["TUR"]}) == ["UKR", "RUS", "TUR"]
    claims = [{"article_date": "2025-03-04"}, {"article_date": None}, {"article_date": "2025-02"}]
    assert conflicts.date_of({"claims": claims}) == "2025-02"
    assert conflicts.date_of({"claims": []}) is None and conflicts.parties_of({"claims": claims}) == []
    assert relations.date_of({"period": "2025-03"}) == "2025-03"
    assert relations.parties_of({"a": "RUS", "b": "UKR"}) == ["RUS", "UKR"]
    assert KINDS["positions"].parties_of({"actor": "UKR"}) == ["UKR"] and KINDS["stories"].date_of({"date": ""}) is None
