"""Score extracted milestones against gold annotations (the milestones.jsonl format).

A gold item is *found* when an extracted item of the same document matches it one-to-one:
by evidence (one source text contains the other, or they share most of their words) or, failing
that, by name (the ``what`` fields share most of their content words).  It is *correct* when,
in addition, the responsible parties are the same set and the deadline (as written, and as a
date) agrees.  Recall is reported for both; precision counts the extracted items that match
no gold item.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.errors import InputError
from detente.model import _Record
from detente.track.records import Milestone
from detente.track.text import content_words

__all__ = ["GoldMilestone", "MilestoneMatch", "MilestoneScores", "evaluate_milestones", "load_gold_milestones"]


@dataclass
class GoldMilestone(_Record):
    doc: str
    id: str
    what: str
    kind: str
    responsible: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    deadline: str | None = None
    status_stated: str | None = None
    source_text: str = ""
    from_table: bool = False


@dataclass
class MilestoneMatch(_Record):
    gold_id: str
    milestone_id: str | None
    how: str  # "evidence" | "name" | "missed"
    parties_ok: bool = False
    deadline_ok: bool = False
    note: str = ""


@dataclass
class MilestoneScores(_Record):
    n_gold: int
    n_predicted: int
    found: int
    correct: int  # found with the right parties and deadline
    recall_found: float
    recall_correct: float
    precision_found: float
    matches: list[MilestoneMatch] = field(default_factory=list)


def load_gold_milestones(path: str | Path) -> list[GoldMilestone]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(GoldMilestone.from_dict(json.loads(line)))
        except (json.JSONDecodeError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a gold milestone: {exc}", fix="one JSON object per line") from exc
    return rows


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _evidence_score(gold: GoldMilestone, item: Milestone) -> float:
    g, p = _norm(gold.source_text), _norm(item.source_text)
    if not g or not p:
        return 0.0
    if g in p or p in g:
        return 1.0
    return _jaccard(content_words(g), content_words(p))


def _name_score(gold: GoldMilestone, item: Milestone) -> float:
    a, b = content_words(gold.what), content_words(item.what)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b)) if _jaccard(a, b) >= 0.3 else 0.0


def evaluate_milestones(
    predicted: Mapping[str, list[Milestone]], gold: list[GoldMilestone] | list[dict[str, Any]]
) -> MilestoneScores:
    """Recall (found, and found with correct parties and deadline) of ``gold`` among
    ``predicted`` (extracted items keyed by the gold ``doc`` name)."""
    golds = [g if isinstance(g, GoldMilestone) else GoldMilestone.from_dict(g) for g in gold]
    matches: list[MilestoneMatch] = []
    used: set[str] = set()
    # best pairs first, so that a strong match is not taken by a weaker one
    pairs: list[tuple[float, str, GoldMilestone, Milestone]] = []
    for g in golds:
        for item in predicted.get(g.doc, []):
            ev = _evidence_score(g, item)
            nm = _name_score(g, item)
            if ev >= 0.6:
                pairs.append((1.0 + ev + 0.1 * nm, "evidence", g, item))
            elif nm >= 0.6:
                pairs.append((nm, "name", g, item))
    pairs.sort(key=lambda p: (-p[0], p[2].id, p[3].id))
    taken: dict[str, MilestoneMatch] = {}
    for _, how, g, item in pairs:
        if g.id in taken or item.id in used:
            continue
        used.add(item.id)
        parties_ok = set(item.responsible) == set(g.responsible)
        deadline_ok = _norm(item.deadline_text) == _norm(g.deadline_text) and item.deadline == g.deadline
        note = "" if parties_ok else f"parties {sorted(item.responsible)} vs gold {sorted(g.responsible)}"
        taken[g.id] = MilestoneMatch(g.id, item.id, how, parties_ok, deadline_ok, note)
    for g in golds:
        matches.append(taken.get(g.id) or MilestoneMatch(g.id, None, "missed"))
    found = sum(1 for m in matches if m.milestone_id)
    correct = sum(1 for m in matches if m.milestone_id and m.parties_ok and m.deadline_ok)
    n_pred = sum(len(v) for k, v in predicted.items() if any(g.doc == k for g in golds))
    return MilestoneScores(
        n_gold=len(golds),
        n_predicted=n_pred,
        found=found,
        correct=correct,
        recall_found=round(found / len(golds), 4) if golds else 0.0,
        recall_correct=round(correct / len(golds), 4) if golds else 0.0,
        precision_found=round(found / n_pred, 4) if n_pred else 0.0,
        matches=matches,
    )
