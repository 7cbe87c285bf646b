"""Issue 14, the tracker a journalist can trust: hand-written fixtures (no article text copied).

Milestones only from real commitments (no table the author offers as advice, no item that only
refers back to another), statuses that follow rejections and lapses with their evidence, the
board's order.
"""

from __future__ import annotations

from datetime import date

from detente.model import Article, content_id
from detente.track.commitments import extract_commitments
from detente.track.tracker import build_tracker

ADVICE_TABLE = (
    "Trade between the two countries has fallen for years, and both capitals say they want it back.\n"
    "Consider the following approaches:\n"
    "Area of Cooperation | Likely Gains |\n"
    "---|---|\n"
    "Grain Shipping | Cheaper bread in many markets. |\n"
    "Air Links | More travel between the capitals. |\n"
)

GUESSED_TABLE = (
    "Officials of the United States and Russia met in Vienna to discuss the war in Ukraine.\n"
    "A plan of the talks might look like the table below, listing possible milestones:\n"
    "Milestone | Proposed Timeline | Responsible parties |\n"
    "---|---|---|\n"
    "Local Truce | Next 3 Months | US, Russia, Ukraine |\n"
)


def test_a_table_offered_as_advice_to_the_reader_states_no_commitment() -> None:
    items = extract_commitments(Article(id="adv", text=ADVICE_TABLE), [])
    assert not [m for m in items if m.from_table], [m.what for m in items]


def test_a_table_of_what_the_talks_may_bring_is_kept() -> None:
    items = extract_commitments(Article(id="gss", text=GUESSED_TABLE), [])
    row = next(m for m in items if m.what == "Local Truce")
    assert row.from_table and row.kind == "milestone" and sorted(row.responsible) == ["RUS", "UKR", "USA"]


def test_a_reference_to_a_proposal_is_not_a_second_item() -> None:
    text = ("Beijing welcomed the proposed direct negotiations between Washington and Moscow on ending "
            "the fighting in Ukraine. Earlier, the two presidents agreed to open direct negotiations on "
            "ending the fighting in Ukraine.")
    items = extract_commitments(Article(id="ref", text=text, published="2025-02-14"), [])
    assert len(items) == 1, [m.what for m in items]
    assert items[0].status == "agreed" and items[0].what.startswith("open direct negotiations")


def _report(text: str, published: str, title: str) -> Article:
    return Article(id=content_id(text), text=text, published=published, title=title)


TRUCE_PROPOSED = _report(
    "Kyiv agreed on Monday to a US proposal for a 20-day truce along the whole front. "
    "The truce would depend on Russia accepting it.",
    "2025-05-06", "Kyiv backs US truce plan")
TRUCE_REJECTED = _report(
    "The 20-day truce was rejected by Moscow on Thursday, the Kremlin said, calling it a trap.",
    "2025-05-09", "Moscow turns down truce")
PAUSE_AGREED = _report(
    "Russia and Ukraine agreed on Monday to a moratorium on strikes against ports for 10 days. "
    "The moratorium is now in force.",
    "2025-06-03", "Port strikes halted")
PAUSE_LAPSED = _report(
    "The 10-day moratorium on strikes against ports has run its course, officials in Moscow and Kyiv said on "
    "Tuesday. Each side accused the other of breaching the moratorium.",
    "2025-06-25", "Port halt ends")


def test_a_rejection_by_a_bound_party_is_a_status_change_with_its_evidence() -> None:
    state = build_tracker([TRUCE_PROPOSED, TRUCE_REJECTED], {}, today=date(2025, 7, 1))
    truce = next(m for m in state.milestones if "truce" in m.what)
    assert truce.status == "rejected"
    step = truce.status_history[-1]
    assert step.status == "rejected" and step.article_ids == [TRUCE_REJECTED.id]
    assert step.date == "2025-05-08" and "rejected by Moscow" in (step.evidence or "")
    assert "RUS" in step.reason
    assert not truce.overdue


def test_a_time_bound_item_that_ran_its_course_expired_not_missed() -> None:
    state = build_tracker([PAUSE_AGREED, PAUSE_LAPSED], {}, today=date(2025, 7, 1))
    halt = next(m for m in state.milestones if "ports" in m.what)
    assert [h.status for h in halt.status_history] == ["agreed", "in_progress", "expired"]
    assert halt.status == "expired" and not halt.overdue
    last = halt.status_history[-1]
    assert last.article_ids == [PAUSE_LAPSED.id] and last.date == "2025-06-24"
    assert "run its course" in (last.evidence or "")
    assert "violat" in last.reason or "breach" in last.reason  # the breaches are told, not hidden


def test_the_board_leads_with_dated_news_not_undated_pieces() -> None:
    undated = Article(id="u1", text=GUESSED_TABLE)
    state = build_tracker([undated, PAUSE_AGREED, TRUCE_PROPOSED], {}, today=date(2025, 7, 1))
    firsts = [m.first_seen for m in state.milestones]
    assert firsts[0] == "2025-06-03" and firsts[-1] is None
    latest = [max(h.date or "" for h in m.status_history) for m in state.milestones if m.first_seen]
    assert latest == sorted(latest, reverse=True)


# ---- positions -----------------------------------------------------------------------------

def test_names_that_qualify_a_noun_hold_no_position_and_aid_is_no_stance() -> None:
    from detente.track.positions import extract_positions

    text = ("The Poland-Belarus dispute has been made worse by outside meddling, with sanctions and "
            "financial support often muddying the picture.\n"
            "Warsaw said it backs new sanctions on Minsk.")
    got = {(p.actor, p.issue, p.stance) for p in extract_positions(Article(id="q", text=text,
                                                                           published="2025-04-02"), [])}
    assert ("POL", "sanctions", "supports") in got
    assert not any(a == "BLR" for a, _, _ in got), got
    assert len([g for g in got if g[1] == "sanctions"]) == 1, got


def test_positions_are_dated_by_their_statement_and_undated_ones_are_never_latest() -> None:
    old = Article(id="old", published="2025-04-10",
                  text="Back in March 2024, Moscow said it would not accept any ceasefire along the front.")
    new = Article(id="new", published="2025-05-20", text="Russia said on Monday it backs a ceasefire for Easter.")
    undated = Article(id="und", text="Russia has called for a ceasefire, many writers believe.")
    state = build_tracker([undated, new, old], {}, today=date(2025, 6, 1))
    rus = [p for p in state.positions if p.actor == "RUS" and p.issue == "ceasefire"]
    assert [p.article_id for p in rus] == ["und", "old", "new"]  # undated first, then by date
    dates = {p.article_id: p.date for p in rus}
    assert dates == {"und": None, "old": "2024-03", "new": "2025-05-19"}
    latest = [p for p in rus if p.latest]
    assert [p.article_id for p in latest] == ["new"]
    assert [(c.from_stance, c.to_stance) for c in state.position_changes
            if (c.actor, c.issue) == ("RUS", "ceasefire")] == [("opposes", "supports")]


def test_an_offer_of_a_feeling_is_no_commitment() -> None:
    from detente.model import ActorRef, Event

    text = "The thaw between Washington and Moscow offers a glimmer of hope for families near the front."
    event = Event(id="h", doc_id="h", sentence=text, span=(0, len(text)), trigger="offers", event_type="AGREE",
                  actors=[ActorRef("Washington", country="USA")], recipients=[ActorRef("Moscow", country="RUS")])
    assert extract_commitments(Article(id="h", text=text, published="2025-03-01"), [event]) == []
