"""The typed read of derived records (``Store.records``): every kind the registry declares comes
back as instances of its record class, equal to ``from_dict`` of what ``list_derived`` gives, in
the same order, with the same pages, on the reference store, SQLite and PostgreSQL (when
DETENTE_TEST_PG names a server); the records written come back equal."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from detente.derive.copies import CopyPair
from detente.derive.records import (
    Claim,
    Conflict,
    Milestone,
    OutletProfile,
    Position,
    PositionChange,
    RelationScore,
    Report,
    StatusChange,
    Story,
)
from detente.extract.tables import Table, TableRow
from detente.model import Location
from detente.store import Store, open_store
from detente.store.kinds import KINDS, derived_key
from detente.store.memory import MemoryStore


def _claim(i: int) -> Claim:
    return Claim(id=f"c{i}", article_id=f"a{i}", outlet="Hürriyet", kind="duration", subject="length of the talks",
                 value=f"{i + 2} hours", normalised=i + 2, quote=f"talks lasted {i + 2} hours", span=(3, 20 + i),
                 unit="hours", article_date=f"2025-03-{i + 1:02d}", story_id="s0", parties=["RUS"])


def _records() -> dict[str, list[Any]]:
    return {
        "stories": [Story(id=f"s{i}", event_type="CONSULT", actors=["RUS", "USA"][: i % 2 + 1],
                          date=[None, "2025", "2025-03", "2025-03-04"][i % 4],
                          location=Location(text="Çırağan", name="Çırağan Palace", country="TUR") if i % 2 else None,
                          event_ids=[f"s{i}-e{j}" for j in range(i % 3 + 1)], article_ids=[f"a{i}"],
                          outlets=["Reuters"], independent_sources=i % 3, first_report=Report(f"a{i}", "2025-03-04"),
                          canonical_event_id=f"s{i}-e0", headline=f"headline {i}")
                    for i in range(12)],
        "copies": [CopyPair(f"a{i}", f"a{i + 1}", 0.9) for i in range(3)],
        "claims": [_claim(i) for i in range(5)],
        "conflicts": [Conflict(id="k0", subject="length of the talks", story_id="s0", claims=[_claim(0), _claim(1)],
                               reason="hours differ")],
        "outlets": [OutletProfile(outlet=o, n_articles=3, genre_mix={"news": 3}, state_affiliated=False, claims=2,
                                  contradicted=1, share_contradicted=0.5) for o in ("Reuters", "TASS")],
        "milestones": [Milestone(id=f"m{i}", what="restore embassy staffing", kind="commitment",
                                 responsible=["USA", "RUS"], deadline="2025-04", status="agreed",
                                 status_history=[StatusChange("agreed", "2025-02-18", [f"a{i}"], [], "They agreed.")])
                       for i in range(3)],
        "positions": [Position(actor="UKR", issue="territory", stance="opposes", quote="no concessions",
                               date="2025-03-0" + str(i + 1), article_id=f"a{i}", span=(i, i + 14)) for i in range(3)],
        "position_changes": [PositionChange(actor="UKR", issue="territory", from_stance="opposes",
                                            to_stance="conditional", from_date="2025-03-01", to_date="2025-03-02",
                                            from_article_id="a0", to_article_id="a1")],
        # several pairs in one period: keyed a|b|period, none collapses another
        "relations": [RelationScore(a=a, b=b, period="2025-03", score=s, n_events=2, event_ids=["e1"])
                      for a, b, s in (("RUS", "UKR", -3.0), ("RUS", "USA", 2.5), ("TUR", "UKR", 1.0))],
        "relations_week": [RelationScore(a="RUS", b="UKR", period=f"2025-W{w:02d}", score=-1.0, n_events=1)
                           for w in (9, 10)],
        "tables": [Table(header=["item", "deadline"], rows=[TableRow(["exchange", "May"], (10, 24))], span=(0, 30),
                         article_id="a0")],
    }


def _plain(record: Any) -> Any:
    """The record as JSON reads it back (tuples are lists there)."""
    return json.loads(record.to_json())


@pytest.fixture
def stores(store_url: str) -> Any:
    sql = open_store(store_url)
    memory = MemoryStore()
    for s in (sql, memory):
        for kind, items in _records().items():
            s.replace_derived(kind, [(derived_key(kind, _plain(r), i), _plain(r)) for i, r in enumerate(items)])
    yield sql, memory
    sql.close()


def test_every_declared_kind_reads_back_typed(stores: tuple[Store, Store]) -> None:
    assert set(_records()) == set(KINDS)
    sql, memory = stores
    for kind, written in _records().items():
        cls = KINDS[kind].record_class()
        for store in (sql, memory):
            typed = store.records(kind, cls)
            assert all(type(r) is cls for r in typed), (kind, store)
            assert typed == [cls.from_dict(d) for d in store.list_derived(kind)], (kind, store)
            assert [_plain(r) for r in typed] == store.list_derived(kind), (kind, store)
            for limit, offset in ((2, 0), (2, 1), (100, 3)):
                assert store.records(kind, limit=limit, offset=offset) == typed[offset: offset + limit]
        assert sql.records(kind) == memory.records(kind), kind
        ranked = KINDS[kind].rank is not None  # stories are stored in their rank's order
        got = sorted(sql.records(kind), key=lambda r: r.to_json()) if ranked else sql.records(kind)
        want = sorted(written, key=lambda r: r.to_json()) if ranked else written
        assert [_plain(r) for r in got] == [_plain(r) for r in want], kind
    assert [r.period for r in sql.records("relations", RelationScore)] == ["2025-03"] * 3
    assert any(isinstance(s.location, Location) for s in sql.records("stories", Story))


def test_a_wrong_or_undeclared_kind_is_refused(stores: tuple[Store, Store]) -> None:
    sql, _ = stores
    with pytest.raises(TypeError):
        sql.records("stories", Milestone)
    with pytest.raises(KeyError):
        sql.records("story_digests")


def test_the_typed_read_does_not_load_spacy() -> None:
    """The record classes sit below track and reconcile (detente.derive.records), so reading
    records typed (as the briefs do) loads neither those packages nor spaCy."""
    code = ("import sys; from detente.store.memory import MemoryStore; s = MemoryStore(); "
            "[k.record_class() for k in __import__('detente.store.kinds', fromlist=['KINDS']).KINDS.values()]; "
            "import detente.outputs.briefing; "
            "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith(('detente.track', 'detente.reconcile'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
