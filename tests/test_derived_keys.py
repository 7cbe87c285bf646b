"""Derived records are kept under the key they were written with, whatever their fields: upserting or
deleting some records of a kind leaves the others alone even when the records have no "id" (the
relations index is keyed "a|b|period"), on every backend."""

from __future__ import annotations

from typing import Any

from detente.store import open_store


def _score(a: str, b: str, period: str, score: float) -> tuple[str, dict[str, Any]]:
    return f"{a}|{b}|{period}", {"a": a, "b": b, "period": period, "n_events": 2, "score": score, "trend": "flat"}


def test_upserting_relation_scores_keeps_the_others(store_url: str) -> None:
    first = [_score("RUS", "UKR", "2025-02", -3.0), _score("RUS", "UKR", "2025-03", -1.0),
             _score("RUS", "USA", "2025-03", 2.0)]
    with open_store(store_url) as store:
        for kind in ("relations", "relations_week"):
            store.replace_derived(kind, first)
            assert store.upsert_derived(kind, [_score("RUS", "UKR", "2025-03", 1.5),
                                               _score("TUR", "UKR", "2025-03", 4.0)]) == 2
            got = {(r["a"], r["b"], r["period"]): r["score"] for r in store.list_derived(kind)}
            assert got == {("RUS", "UKR", "2025-02"): -3.0, ("RUS", "UKR", "2025-03"): 1.5,
                           ("RUS", "USA", "2025-03"): 2.0, ("TUR", "UKR", "2025-03"): 4.0}, kind
            assert store.count_derived(kind) == 4
            assert [r["score"] for r in store.relation_records(kind, "UKR", "RUS")] == [-3.0, 1.5]


def test_deleting_relation_scores_by_key_removes_only_those(store_url: str) -> None:
    with open_store(store_url) as store:
        store.replace_derived("relations", [_score("RUS", "UKR", "2025-02", -3.0), _score("RUS", "UKR", "2025-03", -1.0),
                                            _score("RUS", "USA", "2025-03", 2.0)])
        assert store.delete_derived("relations", ["RUS|UKR|2025-02", "missing|key|x"]) == 1
        assert [(r["a"], r["b"], r["period"]) for r in store.list_derived("relations")] == [
            ("RUS", "UKR", "2025-03"), ("RUS", "USA", "2025-03")]
        assert [r["score"] for r in store.relation_records("relations", "RUS", "UKR")] == [-1.0]

