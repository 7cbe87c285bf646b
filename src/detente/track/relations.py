"""Relations index: a cooperation–conflict score for each pair of actors and period.

Every event with a dated day or month, an actor and a recipient (or reciprocal actors) counts
for each unordered pair of distinct actor codes it links, with its PLOVER intensity (−10 … +10,
an assault −9 to −10 as on the Goldstein scale).  A pair's score for a period is a weighted mean in which
acts of material conflict (an assault, coercion, a sanction, a mobilisation) count
``MATERIAL_WEIGHT`` times any other event, and one article's repeated lines of one kind (seven
sentences about the same talks) are one observation, their mean.  So a month of war with talks
on the side scores below zero: an assault is not outweighed by the many ways reports tell of the
talks, nor by a prisoner swap.  Counts are kept by quad class (verbal / material cooperation /
conflict), with the mean Goldstein score.  The trend compares the score with the pair's previous
period that has events, and says why — the judgement CrisisWatch makes by hand each month.

Negated and hypothetical events are left out: they did not happen.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from itertools import combinations

from detente.dates import precision_of, truncate
from detente.derive.events import EventOrder
from detente.errors import ConfigError
from detente.model import Event
from detente.track.records import RelationScore

__all__ = ["MATERIAL_WEIGHT", "QUADS", "TREND_THRESHOLD", "pair_score", "period_of", "relations_index", "relations_update"]

QUADS: dict[str, str] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "REQUEST"), "verbal_cooperation"),
    **dict.fromkeys(("CONCEDE", "COOPERATE", "AID", "RETREAT"), "material_cooperation"),
    **dict.fromkeys(("ACCUSE", "REJECT", "THREATEN", "PROTEST"), "verbal_conflict"),
    **dict.fromkeys(("SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material_conflict"),
}
TREND_THRESHOLD = 1.0  # a change of score beyond this counts as a move
MATERIAL_WEIGHT = 3.0  # an act of material conflict weighs this many other events


def period_of(day: str | None, period: str) -> str | None:
    """"2025-02-18" → "2025-02" (month) or "2025-W08" (week); a month-only date has no week."""
    if not day:
        return None
    if period == "month":
        return truncate(day, "month")
    if period == "week":
        if precision_of(day) != "day":
            return None
        year, week, _ = date.fromisoformat(day).isocalendar()
        return f"{year}-W{week:02d}"
    raise ConfigError(f"unknown period {period!r}", fix="use 'week' or 'month'")


def _codes(refs: list) -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    for r in refs:
        code = r.country or r.org
        if code and code not in out:
            out.append(code)
    return out


def _pairs(event: Event) -> set[tuple[str, str]]:
    actors, recipients = _codes(event.actors), _codes(event.recipients)
    pairs = {tuple(sorted((a, b))) for a in actors for b in recipients if a != b}
    if event.reciprocal or not recipients:
        # "Rubio and Lavrov met": the actors act on each other
        pairs |= {tuple(sorted(p)) for p in combinations(actors, 2) if p[0] != p[1]}
    return pairs  # type: ignore[return-value]


def pair_score(events: list[Event]) -> float:
    """The weighted score of one pair's events in one period (see the module docstring)."""
    observations: dict[tuple[str, str], list[float]] = defaultdict(list)
    for e in events:
        observations[(e.doc_id, e.event_type)].append(float(e.intensity))
    total = weights = 0.0
    for (_, kind), values in observations.items():
        w = MATERIAL_WEIGHT if QUADS.get(kind) == "material_conflict" else 1.0
        total += w * sum(values) / len(values)
        weights += w
    return round(total / weights, 2) if weights else 0.0


def _groups(events: list[Event], period: str) -> dict[tuple[str, str, str], list[Event]]:
    """The events that count for each unordered pair and period, in the order given."""
    groups: dict[tuple[str, str, str], list[Event]] = defaultdict(list)
    for e in events:
        if e.modality in ("negated", "hypothetical"):
            continue
        when = period_of(e.date, period)
        if when is None:
            continue
        for a, b in _pairs(e):
            groups[(a, b, when)].append(e)
    return groups


def _score(a: str, b: str, when: str, evs: list[Event]) -> RelationScore:
    counts = Counter(QUADS.get(e.event_type, "other") for e in evs)
    gold = [e.goldstein for e in evs if e.goldstein is not None]
    return RelationScore(
        a=a,
        b=b,
        period=when,
        score=pair_score(evs),
        counts=dict(sorted(counts.items())),
        n_events=len(evs),
        goldstein=round(sum(gold) / len(gold), 2) if gold else None,
        event_ids=sorted(e.id for e in evs),
    )


def _set_trends(scores: list[RelationScore]) -> None:
    """Each score's trend against its pair's previous period (``scores`` sorted by pair, period)."""
    previous: dict[tuple[str, str], RelationScore] = {}
    for s in scores:
        _trend(s, previous.get((s.a, s.b)))
        previous[(s.a, s.b)] = s


def relations_index(events: list[Event], *, period: str = "month") -> list[RelationScore]:
    """Scores per unordered pair and period, sorted by pair then period."""
    scores = [_score(a, b, when, evs) for (a, b, when), evs in sorted(_groups(events, period).items())]
    _set_trends(scores)
    return scores


def relations_update(before: list[RelationScore], events: list[Event] | EventOrder, new: set[str], *,
                     period: str = "month") -> list[RelationScore]:
    """What :func:`relations_index` gives over ``events`` when ``before`` is its result over the
    same events less those of the articles ``new``: only the pairs and periods the new events
    count for are scored again (from the events ``before`` names and the new ones, in the order
    of ``events``), and only the trends of those pairs are judged again.  ``events`` may be an
    :class:`EventOrder` over the store: then only those events are read."""
    order = events if isinstance(events, EventOrder) else EventOrder.of_list(events)
    added_events = order.of_articles(new)
    touched = _groups(added_events, period)
    kept = {(s.a, s.b, s.period): s for s in before}
    named = {i for key in touched if (old := kept.get(key)) for i in old.event_ids}
    needed = order.of_ids(named | {e.id for e in added_events})  # in the order of ``events``
    at = {e.id: i for i, e in enumerate(needed)}
    by_id = {e.id: e for e in needed}
    for key, added in touched.items():
        old = kept.get(key)
        ids = {e.id for e in added} | set(old.event_ids if old else ())
        kept[key] = _score(*key, [by_id[i] for i in sorted(ids, key=at.__getitem__)])
    scores = [kept[key] for key in sorted(kept)]
    pairs = {(a, b) for a, b, _ in touched}
    _set_trends([s for s in scores if (s.a, s.b) in pairs])
    return scores


def _trend(now: RelationScore, before: RelationScore | None) -> None:
    if before is None:
        now.trend = "new"
        now.reason = (f"first period with events between {now.a} and {now.b}: score {now.score:+.2f} over "
                      f"{now.n_events} event(s) ({_counts(now)})")
        return
    delta = now.score - before.score
    if delta > TREND_THRESHOLD:
        now.trend = "improving"
    elif delta < -TREND_THRESHOLD:
        now.trend = "deteriorating"
    else:
        now.trend = "unchanged"
    moved = ", ".join(
        f"{q} {before.counts.get(q, 0)}→{now.counts.get(q, 0)}"
        for q in sorted(set(now.counts) | set(before.counts))
        if before.counts.get(q, 0) != now.counts.get(q, 0)
    )
    now.reason = (
        f"score {before.score:+.2f} ({before.period}, {before.n_events} event(s)) → "
        f"{now.score:+.2f} ({now.period}, {now.n_events}); change {delta:+.2f} vs threshold ±{TREND_THRESHOLD}"
        + (f"; {moved}" if moved else "")
    )


def _counts(s: RelationScore) -> str:
    # sorted here too: a score read back from PostgreSQL's JSONB has its keys in another order
    return ", ".join(f"{q} {n}" for q, n in sorted(s.counts.items()))
