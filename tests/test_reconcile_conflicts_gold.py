"""Conflict precision and recall on gold claims (issue 14): the seed articles and the real news
of ../shared/eval/realnews_dev, ingested end to end as `detente ingest` does, scored by
detente.reconcile.evaluate.evaluate_conflicts and pinned in quality_pins.json ("_reconcile").
Skipped without ../shared.  Raise the pins when the figures improve; never lower them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from detente.reconcile import Conflict
from detente.reconcile.evaluate import ConflictScores, evaluate_conflicts

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PINS = json.loads((Path(__file__).resolve().parent / "quality_pins.json").read_text(encoding="utf-8"))["_reconcile"]
SETS = {"seeds": (SHARED / "corpus" / "seeds", SHARED / "eval" / "seeds"),
        "realnews_dev": (SHARED / "eval" / "realnews_dev" / "articles", SHARED / "eval" / "realnews_dev")}

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def extractor() -> Any:
    if not all((gold / "claims.jsonl").is_file() for _, gold in SETS.values()):
        pytest.skip("../shared not present")
    from detente.extract import Extractor

    return Extractor()


def _score(name: str, extractor: Any, tmp: Path) -> ConflictScores:
    from detente.pipeline import ingest
    from detente.store import open_store

    folder, gold_dir = SETS[name]
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    store = open_store(f"sqlite:///{tmp / 'c.db'}")
    try:
        ingest([str(folder)], store, offline=True, extractor=extractor)
        articles = {}
        for a in store.iter_articles():
            by_url = [n for n, t in files.items() if a.url and f"url: {a.url.strip()}" in t]
            lines = sorted((x.strip() for x in a.text.splitlines()[:6] if x.strip()), key=len)[-1:]
            by_text = [n for n, t in files.items() if lines and lines[0] in t]
            found = by_url or by_text
            if found:
                articles[found[0]] = a
        conflicts = [Conflict.from_dict(d) for d in store.list_derived("conflicts")]
    finally:
        store.close()
    gold = [json.loads(x) for x in (gold_dir / "claims.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    return evaluate_conflicts(conflicts, articles, files, gold)


@pytest.mark.parametrize("name", sorted(SETS))
def test_conflict_precision_and_recall_hold_their_pins(name: str, extractor: Any,
                                                       tmp_path: Path) -> None:
    scores = _score(name, extractor, tmp_path)
    assert scores.precision >= PINS[f"{name}.conflicts.precision"] - 1e-9, scores.wrong
    assert scores.recall >= PINS[f"{name}.conflicts.recall"] - 1e-9, scores.missed_pairs
