"""Commitments, goals and milestones from hand-written text; deadlines; positions."""

from __future__ import annotations

from detente.model import ActorRef, Article, Event
from detente.track.commitments import extract_commitments
from detente.track.deadlines import find_duration, resolve_deadline
from detente.track.positions import extract_positions

TEXT = (
    "Negotiators for the United States and Russia met in Geneva. "
    "The two delegations agreed on three goals: reopening consulates, a joint working group on prisoners "
    "and talks on grain shipping.\n"
    "Washington committed to lifting some sanctions within 60 days.\n"
    "Kyiv rejected any plan that would cede territory in the east.\n"
    "Analysts say both sides could agree to more later.\n"
    "Objective | Timeline | Stakeholders |\n"
    "---|---|---|\n"
    "Prisoner exchange | End of April | Russia, Ukraine |\n"
)


def test_inline_list_commitment_and_table() -> None:
    article = Article(id="a", text=TEXT, published="2025-03-01")
    items = {m.what: m for m in extract_commitments(article, [])}
    for goal in ("reopening consulates", "a joint working group on prisoners", "talks on grain shipping"):
        assert items[goal].kind == "goal" and items[goal].status == "agreed"
        assert sorted(items[goal].responsible) == ["RUS", "USA"]
    lifting = items["lifting some sanctions within 60 days"]
    assert lifting.kind == "commitment" and lifting.responsible == ["USA"]
    assert lifting.deadline_text == "within 60 days" and lifting.deadline == "2025-04-30"
    row = items["Prisoner exchange"]
    assert row.from_table and row.kind == "milestone" and sorted(row.responsible) == ["RUS", "UKR"]
    assert row.deadline == "2025-04-30"
    # speculation is not a commitment
    assert not any("more later" in m.what for m in items.values())
    assert all(m.status_history[0].evidence == m.source_text and m.source_text in TEXT for m in items.values())


def test_engine_events_add_what_the_patterns_miss() -> None:
    text = "Moscow signed a grain corridor deal with Ankara."
    event = Event(id="e1", doc_id="b", sentence=text, span=(0, len(text)), trigger="signed",
                  event_type="AGREE", actors=[ActorRef(text="Moscow", country="RUS")],
                  recipients=[ActorRef(text="Ankara", country="TUR")])
    (item,) = extract_commitments(Article(id="b", text=text), [event])
    assert item.responsible == ["RUS", "TUR"] and item.status == "agreed"
    assert item.status_history[0].event_ids == ["e1"]


def test_deadlines() -> None:
    assert resolve_deadline("Next 2 Months", None) is None
    assert resolve_deadline("Next 2 Months", "2025-02-20") == "2025-04-20"
    assert resolve_deadline("6 Months", "2025-08-31") == "2026-02-28"
    assert resolve_deadline("by 30 April 2025", None) == "2025-04-30"
    assert resolve_deadline("by the end of the year", "2025-03-01") == "2025-12-31"
    assert resolve_deadline("soon", "2025-03-01") is None
    assert find_duration("a 30-day ceasefire") == "30 days"


def test_positions_with_stance_and_quote() -> None:
    article = Article(id="c", text=TEXT, published="2025-03-01")
    positions = {(p.actor, p.issue): p for p in extract_positions(article, [])}
    kyiv = positions[("UKR", "territory_sovereignty")]
    assert kyiv.stance == "opposes" and kyiv.quote == "Kyiv rejected any plan that would cede territory in the east."
    assert kyiv.date == "2025-03-01"
    assert positions[("USA", "sanctions")].stance == "supports"


def test_spans_outside_the_text_are_found_or_left_aside() -> None:
    """An imported event keeps the offsets of an article we do not hold; its stub holds only the
    sentences.  The span is moved onto its sentence when the text has it, and clamped (the event
    left aside) when the text is missing: no IndexError (issue 13)."""
    deal = "Moscow signed a grain corridor deal with Ankara."
    swap = "Kyiv pledged a prisoner exchange with Moscow."

    def agree(eid: str, sentence: str, span: tuple[int, int]) -> Event:
        return Event(id=eid, doc_id="stub", sentence=sentence, span=span, trigger=sentence.split()[1],
                     event_type="AGREE", actors=[ActorRef(text="Moscow", country="RUS")],
                     recipients=[ActorRef(text="Ankara", country="TUR")])

    stub = Article(id="stub", text=deal)
    far = agree("far", deal, (5000, 5000 + len(deal)))  # beyond the text, its sentence in it
    gone = agree("gone", swap, (9000, 9000 + len(swap)))  # beyond the text, its sentence not in it
    negative = agree("neg", swap, (-4, 3))
    (item,) = extract_commitments(stub, [far, gone, negative])
    assert item.source_text == deal and item.status_history[0].evidence == deal
    assert item.status_history[0].event_ids == ["far"]
    assert far.span == (5000, 5000 + len(deal))  # the caller's events are not changed
    assert extract_commitments(Article(id="empty", text=""), [gone]) == []
