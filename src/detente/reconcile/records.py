"""The records the reconcile layer produces: stories, copies, claims, conflicts, outlet profiles.

Typed dataclasses; plain dicts only through ``to_dict`` / ``from_dict`` at the JSON boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from detente.model import Location, _Record

__all__ = [
    "Claim",
    "Conflict",
    "OutletProfile",
    "Report",
    "Story",
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
