"""Records turn into the same plain data ``dataclasses.asdict`` gives (every stored and served
JSON object goes through ``to_dict``), only without copying what cannot change."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from detente.model import Event, _Record
from detente.pipeline import prepared_articles, sample_dir
from detente.reconcile import reconcile
from detente.settings import Settings
from detente.track import build_tracker


@pytest.fixture(scope="module")
def records() -> list[Any]:
    from detente.extract import Extractor
    from detente.model import Article

    articles = [a for a in prepared_articles([str(sample_dir())], offline=True, settings=Settings())
                if isinstance(a, Article)]
    extractor = Extractor(Settings())
    events = dict(extractor.extract_many((a.id, a.text, a.published) for a in articles))
    state = reconcile(articles, events)
    tracker = build_tracker(articles, events, today=date(2025, 9, 1))
    found: list[Any] = [*articles, *(e for evs in events.values() for e in evs)]
    found += [*state.stories, *state.claims, *state.conflicts, *state.copies, *state.outlets]
    found += [*tracker.milestones, *tracker.positions, *tracker.position_changes, *tracker.relations,
              *tracker.tables]
    return found


def test_to_dict_is_what_asdict_gives(records: list[Any]) -> None:
    kinds = {type(r).__name__ for r in records}
    assert {"Article", "Event", "Story", "Claim", "Milestone", "Position", "RelationScore"} <= kinds
    for record in records:
        want = dataclasses.asdict(record)
        got = _Record.to_dict(record)  # the shared conversion, before a record's own additions
        assert got == want, type(record).__name__
        assert [type(v) for v in got.values()] == [type(v) for v in want.values()], type(record).__name__
        if isinstance(record, Event):
            assert record.to_dict() == {**want, "span": list(record.span)}


def test_to_dict_shares_no_mutable_part_with_the_record(records: list[Any]) -> None:
    story = next(r for r in records if type(r).__name__ == "Story" and r.event_ids)
    data = story.to_dict()
    data["event_ids"].append("changed")
    assert "changed" not in story.event_ids
