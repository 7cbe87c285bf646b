"""Quality gate of the tracker on the project's own sample corpus (src/detente/samples).

The gold (tests/data/samples_gold_milestones.jsonl, written for these texts) lists each real
commitment, goal and milestone the reports state, with its parties, its deadline and the steps
of its status with the file and date that state each.  Recall and precision of the items and the
share of gold status steps found are pinned; the junk seen before (list counts, fragments,
places, clauses) must not come back.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from detente.model import Article, content_id
from detente.track.evaluate import evaluate_milestones, load_gold_milestones
from detente.track.records import Milestone, TrackerState
from detente.track.tracker import build_tracker

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "detente" / "samples"
GOLD = Path(__file__).parent / "data" / "samples_gold_milestones.jsonl"

# pinned figures (raise when the tracker improves; never lower to pass)
MIN_RECALL_FOUND = 0.84
MIN_RECALL_CORRECT = 0.76
MIN_PRECISION = 0.95
MIN_STATUS_STEPS = 0.77


def _read(path: Path) -> Article:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    return Article(id=content_id(body), text=body, published=meta.get("date"), title=meta.get("title"),
                   outlet=meta.get("outlet"), url=meta.get("url"))


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    return {p.name: _read(p) for p in sorted(SAMPLES.glob("*.txt"))}


@pytest.fixture(scope="module")
def state(articles: dict[str, Article]) -> TrackerState:
    return build_tracker(list(articles.values()), {}, today=date(2025, 9, 1))


def _by_doc(state: TrackerState, articles: dict[str, Article]) -> dict[str, list[Milestone]]:
    name_of = {a.id: name for name, a in articles.items()}
    out: dict[str, list[Milestone]] = {name: [] for name in articles}
    for m in state.milestones:
        out[name_of[m.article_id]].append(m)
    return out


def status_steps(state: TrackerState, articles: dict[str, Article]) -> tuple[int, int, list[str]]:
    """(gold steps found in order, gold steps, misses) over the matched items."""
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    scores = evaluate_milestones(_by_doc(state, articles), load_gold_milestones(GOLD))
    item_of = {m.gold_id: m.milestone_id for m in scores.matches}
    by_id = {m.id: m for m in state.milestones}
    found = total = 0
    misses = []
    for g in gold:
        steps = [s for s in g["status_history"] if not s.get("optional")]
        total += len(steps)
        item = by_id.get(item_of.get(g["id"]) or "")
        if item is None:
            misses.append(f"{g['id']}: not found")
            continue
        at = 0
        for step in steps:
            allowed = {step["status"], *step.get("also", [])}
            art = articles[step["doc"]].id
            hit = next((n for n, h in enumerate(item.status_history[at:], at)
                        if h.status in allowed and art in h.article_ids and h.date == step["date"]), None)
            if hit is None:
                misses.append(f"{g['id']}: {step} not in {[(h.status, h.date) for h in item.status_history]}")
                continue
            found += 1
            at = hit + 1
    return found, total, misses


def test_samples_recall_precision_and_status_steps(state: TrackerState, articles: dict[str, Article]) -> None:
    scores = evaluate_milestones(_by_doc(state, articles), load_gold_milestones(GOLD))
    missed = [m.gold_id for m in scores.matches if not m.milestone_id]
    wrong = [(m.gold_id, m.note) for m in scores.matches if m.milestone_id and not (m.parties_ok and m.deadline_ok)]
    assert scores.recall_found >= MIN_RECALL_FOUND, missed
    assert scores.recall_correct >= MIN_RECALL_CORRECT, wrong
    assert scores.precision_found >= MIN_PRECISION, [m.what for m in state.milestones]
    found, total, misses = status_steps(state, articles)
    assert found / total >= MIN_STATUS_STEPS, misses
