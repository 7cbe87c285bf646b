"""The registry of derived kinds: for each kind of record the refresh stores, which class it is,
how its key is made, which field holds its date and which its parties, and which side tables the
SQL store keeps for it.

The store reads a derived record as JSON under ``(kind, key)``; this table is where both the
writer's keys and the store's side indexes come from, so a new kind is declared once, here.
Record classes are named, not imported, and imported only when asked for (``record_class``,
``Store.records``).  They are defined in :mod:`detente.derive.records`, not in the tracker's and
reconcile's packages, whose modules load the spaCy engine, which the store (and every reader of
it) must not.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["KINDS", "DerivedKind", "derived_key", "in_stored_order", "kind", "kinds_indexed", "story_rank"]

# Side tables the SQL store keeps beside "derived" (see store/sqlstore.py, _reindex):
STORY_INDEX = "stories"  # story_index, story_actors, story_events, story_days, story_outlets
RELATION_INDEX = "relations"  # relation_scores
STORY_LINKS = "story_links"  # story_links: the stories a record (or one of its claims) names


@dataclass(frozen=True)
class DerivedKind:
    """One kind of derived record."""

    name: str
    record: str  # the record class, "module:Class"
    key_fields: tuple[str, ...]  # the fields that make its key, joined by "|" (see key)
    numbered: bool = False  # the fields name a group, not one record: the record's place is added
    date: str | None = None  # the field holding its date (partial ISO: YYYY, YYYY-MM, ...), if any
    date_else: tuple[str, ...] = ()  # the fields read, in order, when that one is unset (date_of)
    # a kind whose date is not one field of its own: the date computed from the record
    date_from: Callable[[dict[str, Any]], str | None] | None = None
    parties: tuple[str, ...] = ()  # the fields naming its parties (ISO3 / organisation codes: parties_of)
    index: str | None = None  # the side table the SQL store keeps for it (None: none)
    # the kind's stored order, from each record alone (then by key), instead of the order written:
    # a record updated by key moves to its place, so the kind is never rewritten to keep an order
    rank: Callable[[dict[str, Any]], int] | None = None

    def record_class(self) -> type[Any]:
        """The record class (imported on first use)."""
        module, name = self.record.split(":")
        cls: type[Any] = getattr(importlib.import_module(module), name)
        return cls

    def date_of(self, record: dict[str, Any]) -> str | None:
        """The record's date (None: undated): computed by ``date_from``, else the first of its
        date fields that is set."""
        if self.date_from is not None:
            return self.date_from(record)
        for name in (self.date, *self.date_else) if self.date else ():
            if record.get(name):
                return str(record[name])
        return None

    def parties_of(self, record: dict[str, Any]) -> list[str]:
        """The codes of the record's parties, field by field, in order."""
        out: list[str] = []
        for name in self.parties:
            value = record.get(name)
            if isinstance(value, list | tuple):
                out += [str(v) for v in value if v]
            elif value:
                out.append(str(value))
        return out

    def key(self, record: dict[str, Any], index: int) -> str:
        """The key a record is stored under: its own ``id`` when it has one; else its key fields
        joined by "|" (a field "span.0" is the first item of "span"), and for a ``numbered`` kind
        its place in the list after the first field.  A record without its key fields is keyed
        by its article or outlet and place, else by its place alone."""
        if record.get("id"):
            return str(record["id"])
        if self.key_fields != ("id",) and all(f.partition(".")[0] in record for f in self.key_fields):
            values = [_field(record, f) for f in self.key_fields]
            if not self.numbered:
                return "|".join(map(str, values))
            if values[0]:
                return f"{values[0]}|{index}"
        return _by_place(record, index)


def _by_place(record: dict[str, Any], index: int) -> str:
    for name in ("article_id", "outlet"):
        if record.get(name):
            return f"{record[name]}|{index}"
    return str(index)


def _field(record: dict[str, Any], name: str) -> Any:
    head, _, item = name.partition(".")
    value = record.get(head)
    if item and value is not None:
        return value[int(item)]
    return value


_MOST = 10**7  # more events than any story holds


def story_rank(record: dict[str, Any]) -> int:
    """A story's place in the stored order, before its key: most events first, then by date
    as text (a year before its months, a month before its days; undated last).  The date is
    the number YYYYMMDD, a missing month or day counting as 00, which orders partial ISO
    dates as their text does."""
    events = min(len(record.get("event_ids") or ()), _MOST - 1)
    return (_MOST - events) * 10**8 + _date_number(record.get("date"))


def _date_number(day: Any) -> int:
    parts = (str(day) if day else "9999").split("-")
    if len(parts) > 3 or len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]) \
            or not all(p.isdigit() for p in parts):
        return 10**8 - 1  # not a partial ISO date: after every date
    year, month, number = [*map(int, parts), 0, 0][:3]
    return year * 10**4 + month * 100 + number


def earliest_claim(record: dict[str, Any]) -> str | None:
    """A conflict's date: the earliest publication date of its claims' articles."""
    days = [str(c["article_date"]) for c in record.get("claims") or [] if isinstance(c, dict) and c.get("article_date")]
    return min(days) if days else None


def in_stored_order(name: str, items: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """``items`` (key, record) of kind ``name`` in its stored order: by rank and key for a
    ranked kind, else as given (the order written)."""
    declared = KINDS.get(name)
    if declared is None or declared.rank is None:
        return items
    rank = declared.rank
    return sorted(items, key=lambda kr: (rank(kr[1]), kr[0]))


KINDS: dict[str, DerivedKind] = {k.name: k for k in (
    DerivedKind("stories", "detente.derive.records:Story", ("id",), date="date", parties=("actors",),
                index=STORY_INDEX, rank=story_rank),
    DerivedKind("copies", "detente.derive.copies:CopyPair", ("article_id",), numbered=True),
    DerivedKind("claims", "detente.derive.records:Claim", ("id",), date="article_date", parties=("parties",)),
    DerivedKind("conflicts", "detente.derive.records:Conflict", ("id",), date_from=earliest_claim,
                index=STORY_LINKS),
    DerivedKind("outlets", "detente.derive.records:OutletProfile", ("outlet",), numbered=True),
    DerivedKind("milestones", "detente.derive.records:Milestone", ("id",), date="deadline",
                date_else=("first_seen",),
                parties=("responsible", "proposed_by")),
    DerivedKind("positions", "detente.derive.records:Position", ("actor", "issue", "article_id", "span.0"),
                date="date", parties=("actor",)),
    DerivedKind("position_changes", "detente.derive.records:PositionChange",
                ("actor", "issue", "from_article_id", "to_article_id"), date="to_date", parties=("actor",)),
    DerivedKind("relations", "detente.derive.records:RelationScore", ("a", "b", "period"), date="period",
                parties=("a", "b"), index=RELATION_INDEX),
    DerivedKind("relations_week", "detente.derive.records:RelationScore", ("a", "b", "period"), date="period",
                parties=("a", "b"), index=RELATION_INDEX),
    DerivedKind("tables", "detente.extract.tables:Table", ("article_id",), numbered=True),
)}


def kind(name: str) -> DerivedKind | None:
    """The declared kind of this name (None: a kind the registry does not know, such as the
    refresh cache's, stored without side tables under the keys its writer gives)."""
    return KINDS.get(name)


def kinds_indexed(index: str) -> tuple[str, ...]:
    """The names of the kinds whose side table is ``index``."""
    return tuple(k.name for k in KINDS.values() if k.index == index)


def derived_key(name: str, record: dict[str, Any], index: int,
                fallback: Callable[[dict[str, Any], int], str] | None = None) -> str:
    """The key of a record of kind ``name`` at place ``index`` (an undeclared kind: ``fallback``,
    else the record's ``id`` or its place)."""
    declared = KINDS.get(name)
    if declared is not None:
        return declared.key(record, index)
    if fallback is not None:
        return fallback(record, index)
    return str(record["id"]) if record.get("id") else str(index)
