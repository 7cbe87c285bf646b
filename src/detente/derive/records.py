"""The derived records the refresh stores, typed: reconcile's stories, claims, conflicts and
outlet profiles, and the tracker's milestones, positions, position changes and relation scores
(with the tracker state that holds them).

They live here, below both ``track`` and ``reconcile``, so that whatever reads them back from the
store (the store's typed read, ``Store.records``; the outputs; the web app) gets its classes
without loading those packages, whose modules load the spaCy engine.
``detente.reconcile.records`` and ``detente.track.records`` re-export them.  Plain dicts only at
the JSON boundary (``to_dict`` / ``from_dict``).  ``Table`` and ``TableRow`` live in
:mod:`detente.extract.tables` (extraction must not import the tracker).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from detente.extract.tables import Table, TableRow
from detente.model import Location, _Record

__all__ = [
    "FINAL_STATUSES",
    "KINDS",
    "STANCES",
    "STATUSES",
    "TRENDS",
    "Claim",
    "Conflict",
    "Milestone",
    "OutletProfile",
    "Position",
    "PositionChange",
    "RelationScore",
    "Report",
    "StatusChange",
    "Story",
    "Table",
    "TableRow",
    "TrackerState",
]


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclass
class Report(_Record):
    """One article's report of a story: which article, when it was published, by whom."""

    article_id: str
    published: str | None = None
    outlet: str | None = None


@dataclass
class Story(_Record):
    """One real-world event as reported by one or more articles."""

    id: str
    event_type: str
    actors: list[str]  # country / organisation codes, sorted
    date: str | None
    location: Location | None
    event_ids: list[str]
    article_ids: list[str]
    outlets: list[str]
    independent_sources: int
    first_report: Report | None
    canonical_event_id: str
    merge_reasons: list[str] = field(default_factory=list)  # why each event joined the story
    copies: list[str] = field(default_factory=list)  # article ids not counted as independent
    headline: str | None = None  # from the best report: its title, else its sentence of the event
    headline_article_id: str | None = None  # which report the headline comes from

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Story:
        data = _known(cls, dict(data))
        loc = data.get("location")
        data["location"] = Location.from_dict(loc) if isinstance(loc, dict) else loc
        first = data.get("first_report")
        data["first_report"] = Report.from_dict(first) if isinstance(first, dict) else first
        return cls(**data)


@dataclass
class Claim(_Record):
    """A checkable statement in one article, with its exact quote and where it is."""

    id: str
    article_id: str
    outlet: str | None
    kind: str  # duration | count | start | date | event_date | title | format | sequence | place | allegation | agreement | concession | approval | attribution
    subject: str  # what the claim is about, comparable across articles
    value: str  # as stated
    normalised: float | int | str | None  # hours or years, an int, YYYY[-MM[-DD]], a status
    quote: str  # exact substring of the article text
    span: tuple[int, int]
    unit: str | None = None  # hours | years | a counted noun
    qualifier: str | None = None  # about | nearly | over | less than | None
    article_date: str | None = None  # the article's publication date, when known
    person: str | None = None  # for titles and roles: the person named
    story_id: str | None = None
    occasion_date: str | None = None  # the day the claim's sentence is about, when it says
    occasion_place: str | None = None  # ISO3 of the place the claim's sentence names
    place: str | None = None  # for an event's date: the city or country its sentence names
    scope: list[str] | None = None  # for a war's duration or start: the countries the article is about
    parties: list[str] | None = None  # for an allegation or a concession: the party it names
    copy_of: str | None = None  # the article this claim's article copies, when it is a copy

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["span"] = list(self.span)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        data = _known(cls, dict(data))
        data["span"] = tuple(data.get("span") or (0, 0))
        return cls(**data)


@dataclass
class Conflict(_Record):
    """Claims on the same story or subject that cannot all be true, side by side."""

    id: str
    subject: str
    story_id: str | None
    claims: list[Claim]
    reason: str
    kind: str = "disagreement"  # disagreement | dictionary | anachronism | internal

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conflict:
        data = _known(cls, dict(data))
        data["claims"] = [c if isinstance(c, Claim) else Claim.from_dict(c) for c in data.get("claims") or []]
        return cls(**data)


@dataclass
class OutletProfile(_Record):
    outlet: str
    n_articles: int
    genre_mix: dict[str, int]
    state_affiliated: bool
    claims: int
    contradicted: int
    share_contradicted: float
    country: str | None = None  # the state behind a state-affiliated outlet
    note: str | None = None  # why it is listed as state-affiliated


KINDS: tuple[str, ...] = ("milestone", "commitment", "goal")
STATUSES: tuple[str, ...] = (
    "proposed",
    "agreed",
    "in_progress",
    "awaiting_evaluation",
    "met",
    "partially_met",
    "missed",
    "stalled",
    "abandoned",
    "rejected",  # turned down by a party it binds (not in force; a later acceptance may revive it)
    "expired",  # a time-bound item that ran its term and lapsed (neither met nor missed)
)
# statuses after which an item is closed: later evidence does not reopen it silently
FINAL_STATUSES: frozenset[str] = frozenset({"met", "missed", "abandoned", "expired"})
STANCES: tuple[str, ...] = ("supports", "opposes", "conditional", "neutral")
TRENDS: tuple[str, ...] = ("improving", "deteriorating", "unchanged", "new")


@dataclass
class StatusChange(_Record):
    """One step of a milestone's history, with what justifies it."""

    status: str
    date: str | None  # YYYY-MM-DD (or YYYY-MM) when the evidence is dated; null otherwise
    article_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    evidence: str | None = None  # the quote that states it
    reason: str = ""  # why this evidence was matched and what it says


@dataclass
class Milestone(_Record):
    id: str
    what: str
    kind: str  # milestone | commitment | goal
    responsible: list[str] = field(default_factory=list)  # ISO3 or organisation codes
    proposed_by: list[str] = field(default_factory=list)  # who put it forward, when not the same
    deadline_text: str | None = None
    deadline: str | None = None  # YYYY-MM-DD: a relative deadline from the publication date, a
    # duration ("30 days") from the day the item took effect; null when neither is known
    status: str = "proposed"
    status_history: list[StatusChange] = field(default_factory=list)
    source_text: str = ""
    article_id: str = ""
    from_table: bool = False
    first_seen: str | None = None  # publication date of the first article stating it
    overdue: bool = False  # deadline passed (vs ``today``) without the item being met
    detail: str | None = None  # the other cells of a table row / the text after "Name:"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Milestone:
        data = dict(data)
        data["status_history"] = [
            s if isinstance(s, StatusChange) else StatusChange.from_dict(s)
            for s in data.get("status_history") or []
        ]
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class Position(_Record):
    """Where an actor stands on an issue, as one article states it."""

    actor: str  # ISO3 or organisation code
    issue: str  # id from knowledge/issues.json
    stance: str  # supports | opposes | conditional | neutral
    quote: str
    date: str | None
    article_id: str
    event_id: str | None = None
    cue: str | None = None  # the words that decided the stance
    span: tuple[int, int] = (0, 0)  # the quote's offsets in the article text
    # the actor's earlier stance on the issue when this one differs from it (see PositionChange)
    previous_stance: str | None = None
    previous_date: str | None = None
    previous_article_id: str | None = None
    # the actor's latest stance on the issue: the last dated position (an undated one never is)
    latest: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["span"] = list(self.span)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Position:
        data = dict(data)
        data["span"] = tuple(data.get("span") or (0, 0))
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class PositionChange(_Record):
    """An actor's stance on an issue changed between two reports (earlier → later)."""

    actor: str
    issue: str
    from_stance: str
    to_stance: str
    from_date: str | None
    to_date: str | None
    from_article_id: str
    to_article_id: str
    from_quote: str = ""
    to_quote: str = ""


@dataclass
class RelationScore(_Record):
    """Cooperation–conflict score of one unordered pair of actors over one period."""

    a: str
    b: str
    period: str  # "2025-02" (month) or "2025-W07" (ISO week)
    score: float  # mean event intensity, −10 (conflict) … +10 (cooperation)
    counts: dict[str, int] = field(default_factory=dict)  # by quad class
    n_events: int = 0
    goldstein: float | None = None  # mean Goldstein score where events carry one
    trend: str = "new"  # improving | deteriorating | unchanged | new (no previous period)
    reason: str = ""
    event_ids: list[str] = field(default_factory=list)


@dataclass
class TrackerState(_Record):
    """Everything the tracker derives from a set of articles and their events."""

    milestones: list[Milestone] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    relations: list[RelationScore] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    today: str | None = None
    position_changes: list[PositionChange] = field(default_factory=list)  # stance history
    copies: dict[str, str] = field(default_factory=dict)  # article id -> the original it copies

    def to_dict(self) -> dict[str, Any]:
        return {
            "milestones": [m.to_dict() for m in self.milestones],
            "positions": [p.to_dict() for p in self.positions],
            "position_changes": [c.to_dict() for c in self.position_changes],
            "tracker_copies": dict(self.copies),
            "relations": [r.to_dict() for r in self.relations],
            "tables": [t.to_dict() for t in self.tables],
            "today": self.today,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrackerState:
        return cls(
            milestones=[Milestone.from_dict(m) for m in data.get("milestones") or []],
            positions=[Position.from_dict(p) for p in data.get("positions") or []],
            position_changes=[PositionChange.from_dict(c) for c in data.get("position_changes") or []],
            copies=dict(data.get("tracker_copies") or {}),
            relations=[RelationScore.from_dict(r) for r in data.get("relations") or []],
            tables=[Table.from_dict(t) for t in data.get("tables") or []],
            today=data.get("today"),
        )
