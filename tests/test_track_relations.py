"""Relations index from hand-built events: pairs, periods, counts and the trend with its reason."""

from __future__ import annotations

import pytest

from detente.errors import ConfigError
from detente.model import ActorRef, Event
from detente.track.relations import period_of, relations_index


def _event(n: int, kind: str, intensity: float, day: str | None, a: str, b: str | None,
           *, modality: str = "asserted", reciprocal: bool = False) -> Event:
    return Event(
        id=f"e{n}", doc_id="d", sentence="s", span=(0, 1), trigger="t", event_type=kind,
        intensity=intensity, goldstein=intensity / 2, date=day, modality=modality, reciprocal=reciprocal,
        actors=[ActorRef(text=a, country=a)], recipients=[ActorRef(text=b, country=b)] if b else [],
    )


EVENTS = [
    _event(1, "ACCUSE", -4.0, "2025-01-10", "RUS", "USA"),
    _event(2, "SANCTION", -6.0, "2025-01-20", "USA", "RUS"),
    _event(3, "CONSULT", 3.0, "2025-02-12", "USA", "RUS", reciprocal=True),
    _event(4, "AGREE", 5.0, "2025-02-18", "RUS", "USA"),
    _event(5, "ASSAULT", -10.0, "2025-02-18", "RUS", "UKR"),
    _event(6, "THREATEN", -7.0, "2025-02-19", "USA", "RUS", modality="negated"),  # did not happen
    _event(7, "AGREE", 4.0, None, "USA", "RUS"),  # undated: no period
    _event(8, "CONSULT", 3.0, "2025-03", "USA", "RUS"),
]


def test_monthly_scores_counts_and_trend() -> None:
    scores = {(s.a, s.b, s.period): s for s in relations_index(EVENTS)}
    jan, feb, mar = scores[("RUS", "USA", "2025-01")], scores[("RUS", "USA", "2025-02")], scores[("RUS", "USA", "2025-03")]
    # the sanction (material conflict) weighs three times the accusation
    assert jan.score == -5.5 and jan.n_events == 2 and jan.trend == "new"
    assert jan.counts == {"material_conflict": 1, "verbal_conflict": 1}
    assert feb.score == 4.0 and feb.n_events == 2 and feb.event_ids == ["e3", "e4"]
    assert feb.trend == "improving" and "-5.50" in feb.reason and "+4.00" in feb.reason
    assert mar.trend == "unchanged"  # +3.0 vs +4.0 is within the threshold
    war = scores[("RUS", "UKR", "2025-02")]
    assert war.score == -10.0 and war.counts == {"material_conflict": 1}


def test_a_month_of_war_with_talks_on_the_side_scores_below_zero() -> None:
    """Issue 14: one report's many lines about talks are one observation, and an assault weighs
    more than other events: the pair at war is not scored as cooperating."""
    talks = [Event(id=f"t{n}", doc_id=f"d{n % 2}", sentence="s", span=(0, 1), trigger="t",
                   event_type=kind, intensity=3.0, goldstein=g, date="2025-05-16", reciprocal=True,
                   actors=[ActorRef(text="a", country="RUS"), ActorRef(text="b", country="UKR")])
             for n, (kind, g) in enumerate([("CONSULT", 4.0), ("CONSULT", 4.0), ("AGREE", 3.0), ("AGREE", 3.0),
                                            ("CONSULT", 4.0), ("REQUEST", 3.0), ("CONSULT", 4.0)])]
    strike = Event(id="s1", doc_id="d9", sentence="s", span=(0, 1), trigger="t", event_type="ASSAULT",
                   intensity=-9.0, goldstein=-10.0, date="2025-05-25",
                   actors=[ActorRef(text="a", country="RUS")], recipients=[ActorRef(text="b", country="UKR")])
    may = next(s for s in relations_index([*talks, strike]) if s.period == "2025-05")
    assert may.n_events == 8 and may.counts == {"material_conflict": 1, "verbal_cooperation": 7}
    assert may.score < 0, may.score
    assert "material_conflict 1" in may.reason


def test_weeks_need_a_day() -> None:
    weekly = relations_index(EVENTS, period="week")
    assert {s.period for s in weekly} == {"2025-W02", "2025-W04", "2025-W07", "2025-W08"}
    assert period_of("2025-03", "week") is None
    with pytest.raises(ConfigError):
        period_of("2025-03-01", "fortnight")
