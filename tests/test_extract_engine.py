"""The event extraction engine on sentences a user relies on: the shared unit cases in
tests/data/extract_cases.jsonl (pinned pass counts) and hard cases of the field (passive voice,
compound actors, nominal events, reported speech, negation, future, several events, none)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from detente.extract.codebook import load_codebook
from detente.extract.engine import Extractor
from detente.model import ActorRef, Event

CASES = Path(__file__).parent / "data" / "extract_cases.jsonl"
# Raise these when the engine improves; never lower them to pass.
PINNED_TYPE_PASSED = 71
PINNED_FULL_PASSED = 56

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


def _codes(refs: list[ActorRef]) -> list[str]:
    return sorted({c for c in (r.country or r.org for r in refs) if c})


def _best(extractor: Extractor, text: str, published: str | None = None) -> Event:
    events = extractor.extract(text, doc_id="t", published=published)
    assert events, f"no event in {text!r}"
    return events[0]


def _check_case(extractor: Extractor, case: dict[str, Any]) -> tuple[bool, bool]:
    """(type right, type + actors + recipients + modality + date + place right)."""
    events = extractor.extract(case["text"], doc_id=case["id"], published=case.get("date"))
    expect = case.get("expect")
    if not expect or expect.get("event_type") is None:
        return (not events, not events)
    if not events:
        return (False, False)
    best = events[0]
    if best.event_type != expect["event_type"]:
        return (False, False)
    full = (
        ("actors" not in expect or _codes(best.actors) == sorted(expect["actors"]))
        and ("recipients" not in expect or _codes(best.recipients) == sorted(expect["recipients"]))
        and ("modality" not in expect or best.modality == expect["modality"])
        and ("date" not in expect or best.date == expect["date"])
        and ("location_country" not in expect
             or (best.location.country if best.location else None) == expect["location_country"])
    )
    return (True, full)


def test_unit_cases_pass_rate(extractor: Extractor) -> None:
    cases = [json.loads(line) for line in CASES.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [_check_case(extractor, c) for c in cases]
    type_passed = sum(t for t, _ in results)
    full_passed = sum(f for _, f in results)
    assert type_passed >= PINNED_TYPE_PASSED, f"type right on {type_passed}/{len(cases)}"
    assert full_passed >= PINNED_FULL_PASSED, f"fully right on {full_passed}/{len(cases)}"


def test_passive_voice_agent_is_the_actor(extractor: Extractor) -> None:
    ev = _best(extractor, "The ceasefire proposal was rejected by Moscow on Thursday.")
    assert ev.event_type == "REJECT"
    assert _codes(ev.actors) == ["RUS"]


def test_compound_actors_meet_reciprocally(extractor: Extractor) -> None:
    ev = _best(extractor, "Rubio and Lavrov met in Riyadh.", "2025-02-19")
    assert ev.event_type == "CONSULT"
    assert ev.reciprocal
    assert _codes(ev.actors) == ["USA"] and _codes(ev.recipients) == ["RUS"]
    assert ev.location is not None and ev.location.country == "SAU"
    assert ev.mode == "third-party"


def test_nominal_talks_between_two_sides(extractor: Extractor) -> None:
    ev = _best(extractor, "The talks between Ukrainian and Russian delegations lasted two hours.")
    assert ev.event_type == "CONSULT"
    assert set(_codes(ev.actors + ev.recipients)) == {"UKR", "RUS"}


def test_reported_speech_keeps_the_event_in_the_complement(extractor: Extractor) -> None:
    ev = _best(extractor, "Trump said his phone call with Putin had been very productive.")
    assert ev.event_type == "CONSULT"
    assert ev.mode == "phone"
    assert set(_codes(ev.actors + ev.recipients)) == {"USA", "RUS"}


def test_officials_said_tail_is_not_the_actor(extractor: Extractor) -> None:
    ev = _best(extractor, "Kyiv rejected the plan, European officials said Thursday.")
    assert ev.event_type == "REJECT"
    assert _codes(ev.actors) == ["UKR"]


def test_negation(extractor: Extractor) -> None:
    ev = _best(extractor, "Washington did not impose new sanctions on Moscow.")
    assert ev.event_type == "SANCTION"
    assert ev.modality == "negated"


def test_refusal_with_would_not_is_a_rejection(extractor: Extractor) -> None:
    ev = _best(extractor, "Kyiv said it would not accept any deal that cedes territory.")
    assert ev.event_type == "REJECT"
    assert ev.modality == "asserted"


def test_future_cooperation_is_coded_as_agree(extractor: Extractor) -> None:
    ev = _best(extractor, "Zelensky will meet Trump at the White House.")
    assert ev.event_type == "AGREE"
    assert ev.modality == "future"


def test_future_coercion_is_a_threat(extractor: Extractor) -> None:
    ev = _best(extractor, "The EU plans to impose sanctions on Russian banks.")
    assert ev.event_type == "THREATEN"


def test_reported_claim(extractor: Extractor) -> None:
    ev = _best(extractor, "Moscow and Washington have reportedly agreed to reopen embassies.")
    assert ev.event_type == "AGREE"
    assert ev.modality == "reported_claim"


def test_several_events_in_one_sentence(extractor: Extractor) -> None:
    events = extractor.extract(
        "Russia attacked Kharkiv overnight and Ukraine condemned the strikes.", doc_id="t"
    )
    assert {"ASSAULT", "ACCUSE"} <= {e.event_type for e in events}


def test_no_event(extractor: Extractor) -> None:
    assert extractor.extract("The weather in the capital was mild and sunny.", doc_id="t") == []


def test_event_record_fields(extractor: Extractor) -> None:
    text = "Intro line.\nChina praised the talks between Russia and the United States."
    events = extractor.extract(text, doc_id="doc-1", published="2025-02-20")
    ev = next(e for e in events if e.event_type == "SUPPORT")
    start, end = ev.span
    assert text[start:end] == ev.sentence
    assert ev.trigger in ev.sentence
    assert ev.id == Event.make_id("doc-1", start, ev.trigger, ev.event_type)
    assert ev.cameo == "051" and ev.goldstein == load_codebook().goldstein("051")
    assert ev.intensity == 5.0
    assert 0.0 < ev.confidence <= 1.0
    assert _codes(ev.actors) == ["CHN"]


def test_extract_many_keeps_input_order(extractor: Extractor) -> None:
    items = [
        ("a", "Ukraine released fifty prisoners of war.", None),
        ("b", "Nothing happened here.", None),
        ("c", "Russia shelled Kherson.", "2025-01-10"),
    ]
    out = list(extractor.extract_many(items))
    assert [doc_id for doc_id, _ in out] == ["a", "b", "c"]
    assert out[0][1][0].event_type == "RETREAT"
    assert out[1][1] == []
    assert out[2][1][0].event_type == "ASSAULT"


def test_codebook_accuse_default_is_negative() -> None:
    cb = load_codebook()
    assert cb.intensity("ACCUSE", None) == -3.0
    assert cb.intensity("CONSULT", "phone") == 1.5
    assert cb.intensity("CONSULT", "nonsense") == 2.5
    assert cb.goldstein("046") == 7.0


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the dateline's day is the filing day: a report posted the next morning keeps it
        ("ANKARA, March 4 — Turkish and Ukrainian ministers met on Tuesday to discuss grain shipments.",
         "2025-03-05", "2025-03-04"),
        ("ANKARA, March 4 — Turkish and Ukrainian ministers met on Monday to discuss grain shipments.",
         "2025-03-05", "2025-03-03"),
        # "last Tuesday" in a Tuesday dispatch is the week before, not the filing day
        ("ANKARA, March 4 — Turkish and Ukrainian ministers met last Tuesday to discuss grain shipments.",
         "2025-03-04", "2025-02-25"),
    ],
)
def test_datelined_weekdays_count_from_the_filing_day(extractor: Extractor, text: str, published: str,
                                                      expected: str) -> None:
    events = [e for e in extractor.extract(text, doc_id="d", published=published) if e.event_type == "CONSULT"]
    assert events and events[0].date == expected, [(e.event_type, e.date) for e in events]
