"""Milestones move through their statuses across several dated reports, with evidence.

Uses tests/data/tracker (four reports and gold.json, written for this test): a US proposal of a
30-day ceasefire, Ukraine's acceptance, an energy-strike moratorium agreed and in force, and the
moratorium lapsing amid violations.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from detente.model import Article, Event, content_id
from detente.track.records import Milestone, TrackerState
from detente.track.tracker import build_tracker

DATA = Path(__file__).parent / "data" / "tracker"


def _read(path: Path) -> Article:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    return Article(id=content_id(body), text=body, published=meta["date"], title=meta.get("title"),
                   outlet=meta.get("outlet"), url=meta.get("url"))


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads((DATA / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles(gold: dict) -> dict[str, Article]:
    return {f["file"]: _read(DATA / f["file"]) for f in gold["files"]}


def _find(state: TrackerState, words: tuple[str, ...]) -> Milestone:
    found = [m for m in state.milestones if all(w in m.what.lower() for w in words)]
    assert len(found) == 1, [m.what for m in state.milestones]
    return found[0]


WHICH = {"ceasefire_30_day": ("stop fighting",), "energy_strike_moratorium": ("energy",)}


@pytest.fixture(scope="module", params=["text only", pytest.param("engine", marks=pytest.mark.slow)])
def events(request: pytest.FixtureRequest, articles: dict[str, Article]) -> dict[str, list[Event]]:
    if request.param == "text only":
        return {}
    from detente.extract import Extractor

    extractor = Extractor()
    return {a.id: extractor.extract(a.text, doc_id=a.id, published=a.published) for a in articles.values()}


def test_statuses_follow_the_gold_with_evidence(
    gold: dict, articles: dict[str, Article], events: dict[str, list[Event]]
) -> None:
    state = build_tracker(list(articles.values()), events, today=date(2025, 5, 1))
    # restatements ("Ukraine agreed to the US proposal ...") became evidence, not new items
    evidence_sentences = {c["evidence"] for g in gold["milestones"] for c in g["status_history"][1:]}
    assert not any(e in m.source_text for m in state.milestones for e in evidence_sentences)
    if not events:
        assert len(state.milestones) == 2
    for g in gold["milestones"]:
        item = _find(state, WHICH[g["key"]])
        assert item.kind == g["kind"]
        assert sorted(item.responsible) == sorted(g["responsible"])
        assert item.deadline_text == g["deadline_text"]
        assert item.deadline == g["deadline"]
        assert item.status == g["final_status"]
        # every gold change appears, in order, from the right article, with its quote and date
        history = item.status_history
        positions = []
        for change in g["status_history"]:
            allowed = {change["status"], *change.get("also_acceptable", [])}
            art = articles[change["file"]]
            hits = [n for n, h in enumerate(history)
                    if h.status in allowed and h.article_ids == [art.id] and h.date == change["date"]]
            assert hits, (g["key"], change, [(h.status, h.date) for h in history])
            h = history[hits[-1]]
            assert h.evidence and change["evidence"].split(",")[0] in h.evidence
            assert h.evidence in art.text or all(part in art.text for part in h.evidence.split(" … "))
            assert h.reason
            positions.append(hits[-1])
        assert positions == sorted(positions)
    proposal = _find(state, WHICH["ceasefire_30_day"])
    assert proposal.proposed_by == ["USA"]


def test_evidence_never_contradicts_the_status(articles: dict[str, Article]) -> None:
    state = build_tracker(list(articles.values()), {}, today=date(2025, 5, 1))
    for item in state.milestones:
        for change in item.status_history[1:]:
            # a negated or conditional cue ("has not taken effect", "would begin only once")
            # never moves an item
            assert "has not taken effect" not in (change.evidence or "")
            assert "would begin only once" not in (change.evidence or "")
        ranks = ["proposed", "agreed", "in_progress", "expired"]
        seen = [ranks.index(c.status) for c in item.status_history if c.status in ranks]
        assert seen == sorted(seen)


def test_awaiting_evaluation_then_overdue(gold: dict, articles: dict[str, Article]) -> None:
    first_three = [articles[f["file"]] for f in gold["files"][:3]]
    before = build_tracker(first_three, {}, today=date(2025, 4, 1))
    moratorium = _find(before, WHICH["energy_strike_moratorium"])
    assert moratorium.deadline == "2025-04-17"
    assert moratorium.status == "awaiting_evaluation" and not moratorium.overdue
    assert moratorium.status_history[-1].status == "in_progress"
    after = build_tracker(first_three, {}, today=date(2025, 5, 1))
    moratorium = _find(after, WHICH["energy_strike_moratorium"])
    assert moratorium.status == "in_progress" and moratorium.overdue


def test_deterministic_and_serialisable(articles: dict[str, Article]) -> None:
    one = build_tracker(list(articles.values()), {}, today=date(2025, 5, 1))
    two = build_tracker(list(reversed(list(articles.values()))), {}, today=date(2025, 5, 1))
    assert one.to_dict() == two.to_dict()
    assert TrackerState.from_dict(json.loads(json.dumps(one.to_dict()))).to_dict() == one.to_dict()


def _report(text: str, published: str) -> Article:
    return Article(id=content_id(text), text=text, published=published)


def test_a_swap_that_took_place_is_met_and_no_longer_overdue() -> None:
    agreed = _report("Russia and Ukraine agreed on Monday to swap 175 prisoners each on Wednesday.", "2025-03-18")
    done = _report("The exchange of 175 prisoners for 175 took place on Wednesday at the Belarus border, "
                   "Russia and Ukraine said.", "2025-03-19")
    before = build_tracker([agreed], {}, today=date(2025, 3, 18))
    assert before.milestones[0].status == "awaiting_evaluation" and not before.milestones[0].overdue
    late = build_tracker([agreed], {}, today=date(2025, 4, 1))
    assert late.milestones[0].status == "agreed" and late.milestones[0].overdue
    state = build_tracker([agreed, done], {}, today=date(2025, 4, 1))
    assert len(state.milestones) == 1
    swap = state.milestones[0]
    assert [h.status for h in swap.status_history] == ["agreed", "met"]
    assert swap.status == "met" and not swap.overdue
    assert swap.status_history[-1].article_ids == [done.id] and "took place" in swap.status_history[-1].reason
