"""Event types and syntactic arguments by class of construction (own-words sentences): the
classes the PLOVER codebook separates and a parser-driven engine tends to confuse."""

from __future__ import annotations

import pytest

from detente.extract.engine import Extractor
from detente.model import ActorRef, Event

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


def _codes(refs: list[ActorRef]) -> set[str]:
    return {c for c in (r.country or r.org for r in refs) if c}


def _best(extractor: Extractor, text: str) -> Event:
    events = extractor.extract(text, doc_id="t", published="2025-03-05")
    assert events, f"no event in {text!r}"
    return events[0]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # an order imposed on another party that makes it stop: coercion
        ("The Belarusian interior ministry ordered an independent radio station to suspend its broadcasts.", "COERCE"),
        # an order to one's own forces to stop: a concession
        ("Putin ordered the army to halt strikes on Ukrainian power plants.", "CONCEDE"),
        # a transfer verb with a purpose clause: the purpose names the event
        ("The OSCE sent a team of experts to Moldova to investigate the explosion.", "ACCUSE"),
        # peacekeepers arriving are protection (AID), troops arriving are a deployment
        ("A battalion of Irish peacekeepers arrived in Lebanon on Monday.", "AID"),
        # "announced it would" + a sanction: a decision taken, not a threat
        ("Canada announced on Tuesday that it would freeze all aid to the junta.", "SANCTION"),
        # easing restrictions and widening freedoms are concessions
        ("Georgia's government expanded press freedoms after weeks of criticism.", "CONCEDE"),
        # protest means
        ("Opposition activists in Serbia began collecting signatures against the mining law.", "PROTEST"),
        ("Thousands of farmers in Poland staged protests against grain imports.", "PROTEST"),
        # "prepared to resume attacks" is readiness, not the attack
        ("The Azerbaijani army prepared to resume shelling near the border.", "MOBILIZE"),
        # a named speaker saying another party must act: a demand
        ("The European Commission declared on Friday that Hungary must release the frozen funds.", "REQUEST"),
        # receiving observers is access (RETREAT)
        ("Armenia received a mission of monitors from the European Union.", "RETREAT"),
    ],
)
def test_type_by_class(extractor: Extractor, text: str, event_type: str) -> None:
    assert _best(extractor, text).event_type == event_type


def test_dateline_is_not_the_subject(extractor: Extractor) -> None:
    ev = _best(extractor, "ANKARA, March 4 — Turkish and Ukrainian ministers held talks in the Turkish capital on Tuesday.")
    assert ev.event_type == "CONSULT"
    assert "ANKARA" not in " ".join(a.text for a in ev.actors + ev.recipients)


def test_quantity_subject_stands_for_what_it_counts(extractor: Extractor) -> None:
    ev = _best(extractor, "Hundreds of Georgian students marched against the foreign agents law.")
    assert ev.event_type == "PROTEST"
    assert "GEO" in _codes(ev.actors)


def test_passive_head_subject_carries_to_conjoined_verb(extractor: Extractor) -> None:
    events = extractor.extract(
        "The Moldovan defence minister was charged by prosecutors with fraud and will resign.", doc_id="t",
        published=None,
    )
    resign = [e for e in events if e.event_type == "RETREAT"]
    assert resign and "MDA" in _codes(resign[0].actors)


# ---------------------------------------------------------------- non-events and restatements


def _types(extractor: Extractor, text: str) -> list[str]:
    return [e.event_type for e in extractor.extract(text, doc_id="t", published="2025-03-05")]


@pytest.mark.parametrize(
    "text",
    [
        # advocacy instructions to the reader
        "- **Next step**: Write to your member of parliament to voice support for a negotiated settlement.",
        "Attend a town hall and discuss the benefits of diplomacy with your neighbours.",
        # generic dialogue nouns with no named party
        "Patient negotiation remains the only road out of this war.",
        # authorial advice and musing about generic parties
        "All sides should join the peace talks without preconditions.",
        "It is vital for both countries to engage in sustained dialogue.",
        "Any negotiation must respect the sovereignty of smaller states.",
        "Mutual suspicion could easily derail the negotiations.",
    ],
)
def test_non_events_are_not_coded(extractor: Extractor, text: str) -> None:
    assert not {"CONSULT", "SUPPORT", "AGREE"} & set(_types(extractor, text))


def test_named_party_advice_is_still_an_event(extractor: Extractor) -> None:
    # a named actor in the advice keeps the event (only generic parties are dropped)
    assert "CONSULT" in _types(extractor, "Finland and Estonia held talks on border security in Tallinn.")


def test_restated_meeting_is_one_event(extractor: Extractor) -> None:
    text = ("Polish and Lithuanian foreign ministers met in Vilnius on Monday. "
            "The meeting between the Polish and Lithuanian ministers was described as warm. "
            "Observers said this meeting showed the two capitals growing closer.")
    consults = [e for e in extractor.extract(text, doc_id="t", published="2025-03-05") if e.event_type == "CONSULT"]
    assert len(consults) == 1 and consults[0].trigger == "met"


def test_definite_mention_with_a_new_place_is_a_new_event(extractor: Extractor) -> None:
    text = ("Polish and Lithuanian foreign ministers met in Vilnius on Monday. "
            "It followed the talks between Poland and Lithuania in Warsaw in January.")
    consults = [e for e in extractor.extract(text, doc_id="t", published="2025-03-05") if e.event_type == "CONSULT"]
    assert len(consults) == 2


def test_restated_support_by_gerund_is_dropped(extractor: Extractor) -> None:
    text = ("Brazil endorsed the planned negotiations between Armenia and Azerbaijan. "
            "By backing the negotiations between Armenia and Azerbaijan, Brazil hopes to gain influence.")
    supports = [e for e in extractor.extract(text, doc_id="t", published="2025-03-05") if e.event_type == "SUPPORT"]
    assert len(supports) == 1


def test_one_sentence_gives_no_identical_events(extractor: Extractor) -> None:
    events = extractor.extract(
        "Georgian and Armenian envoys held talks in Tbilisi, and the talks covered transit routes.",
        doc_id="t", published="2025-03-05",
    )
    keys = [(e.event_type, e.trigger, tuple(sorted(_codes(e.actors))), tuple(sorted(_codes(e.recipients))))
            for e in events]
    assert len(keys) == len(set(keys))
    assert [e.event_type for e in events].count("CONSULT") == 1


def test_postponed_visit_is_no_asserted_visit(extractor: Extractor) -> None:
    events = extractor.extract("The Slovak prime minister postponed a visit to Kyiv.", doc_id="t", published=None)
    assert not [e for e in events if e.event_type == "CONSULT" and e.modality == "asserted"]
