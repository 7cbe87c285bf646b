"""Quality gate on the seed annotation (../shared/eval/seeds/claims.jsonl): the seeds'
inconsistent claims are found and flagged.  Raise the pins when the figures improve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.reconcile.evaluate import evaluate_seed_claims

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PINS = json.loads((Path(__file__).resolve().parent / "quality_pins.json").read_text(encoding="utf-8"))["_reconcile"]
PINNED_CLAIM_RECALL = PINS["seeds.claims.claim_recall"]  # 14 of 17 gold claims
PINNED_PAIR_RECALL = PINS["seeds.claims.pair_recall"]  # 11 of 15 gold conflict pairs

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def scores():
    seeds = SHARED / "eval" / "seeds"
    if not (seeds / "claims.jsonl").is_file():
        pytest.skip("../shared not present")
    return evaluate_seed_claims(seeds, SHARED / "corpus" / "seeds")


def test_seed_claim_and_conflict_recall_hold_their_pins(scores) -> None:
    assert scores.claim_recall >= PINNED_CLAIM_RECALL - 1e-9, scores.missed_claims
    assert scores.pair_recall >= PINNED_PAIR_RECALL - 1e-9, scores.missed_pairs


def test_the_seeds_named_inconsistencies_are_flagged(scores) -> None:
    missed = set(scores.missed_pairs)
    must = [
        # how long the war has lasted
        "000_dd406f87b073bddf-c1 ~ 001_124c660cca887ed3-c1",
        "000_dd406f87b073bddf-c1 ~ 004_04dc3a2b62adb820-c2",
        "001_124c660cca887ed3-c1 ~ 004_04dc3a2b62adb820-c2",
        # when it began
        "003_8d7926d3552f150d-c1 ~ 004_04dc3a2b62adb820-c1",
        # "former President"
        "000_dd406f87b073bddf-c3 ~ 002_fc470eccc04dfbfc-c1",
        "002_fc470eccc04dfbfc-c1 ~ 002_fc470eccc04dfbfc-c2",
        "002_fc470eccc04dfbfc-c1 ~ 003_8d7926d3552f150d-c2",
        # the table dating the talks to October 2023
        "002_fc470eccc04dfbfc-c3 ~ 003_8d7926d3552f150d-c3",
    ]
    assert not missed & set(must)
