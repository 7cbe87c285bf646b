"""Reports with no date at all, placed in the one dated story they fit.

Many real pages carry no publication date, and their sentences ("on Wednesday", "on
Tuesday, May 6th") cannot be resolved to a day, so their events stay undated and clustering
(:mod:`detente.reconcile.cluster`) keeps them apart from the dated reports of the same
meeting or deal.  After clustering, a story made only of undated events from undated articles
joins a dated story when all of these hold:

* the same type family and the same kind of happening (done / planned / negated), neither from
  an opinion piece;
* the same named place (Pretoria, Ohrid, Istanbul: a country alone is not enough), stated by
  the undated report itself, or the dated story names only that place's country ("in South
  Africa" for "in Pretoria"); or, in place of a place, a day of the month the undated report
  states without a year ("announced on Tuesday, May 6th") that is the dated story's day;
* their parties agree: both sides shared when both name two, else one shared party;
* with neither a place nor a day of the month, an undated agreement or meeting joins when every
  party it names (two or more) is the dated story's, a month it names is the story's, and no
  other dated story of that kind is theirs;
* a weekday the undated report names is the dated story's weekday (when it names any), or the
  day before's when the story's day is only its reports' publication day;
* the dated story is the only one that fits: an undated report of "talks in Istanbul" that
  fits the May and the June rounds joins neither.

Only stories are compared (an index by type family and place), so the pass stays cheap and
does not widen the blocks incremental clustering works on.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from detente.dates import parse_partial_date
from detente.derive.copies import CopyPair
from detente.model import Article, Event
from detente.reconcile.cluster import FAMILIES, OPINION_GENRES, _genre_of, count_sources
from detente.reconcile.records import Story
from detente.text import fold

__all__ = ["join_undated", "story_facts"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
_MONTH = r"(?P<{0}>" + "|".join(m[:3] + "(?:" + m[3:] + r")?\.?" if len(m) > 3 else m for m in _MONTH_NAMES) + ")"
# a day of a month with no year after it: "May 6th", "6 May", "the 6th of May"
_MONTH_DAY = re.compile(
    r"\b(?:" + _MONTH.format("m1") + r"\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?"
    r"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format("m2") + r")\b(?!,?\s*\d)",
    re.IGNORECASE,
)
_KIND = {"asserted": "real", "reported_claim": "real", "future": "planned", "hypothetical": "planned",
         "negated": "negated"}


def _place_key(story: Story) -> str | None:
    """The story's named place (a city, venue or region), None for a country or no place."""
    loc = story.location
    if loc is None:
        return None
    name = loc.name or loc.text
    if not name or (loc.lat is None and loc.admin1 is None):
        return None  # a country is no named place: two visits to Russia are not one
    return fold(name) or None


def _country_key(story: Story) -> str | None:
    """For a story placed only in a country ("in South Africa"), that country."""
    loc = story.location
    if loc is None or not loc.country or _place_key(story) is not None:
        return None
    return "country:" + loc.country


def _month_days(events: list[Event]) -> set[tuple[int, int]]:
    """The (month, day) pairs the events' sentences state without a year."""
    out: set[tuple[int, int]] = set()
    for e in events:
        for m in _MONTH_DAY.finditer(e.sentence):
            name, day = (m["m1"], m["d1"]) if m["m1"] else (m["m2"], m["d2"])
            month = next(i + 1 for i, full in enumerate(_MONTH_NAMES) if full.startswith(name.lower().rstrip(".")[:3]))
            if 1 <= int(day) <= 31:
                out.add((month, int(day)))
    return out


_MONTH_WORD = re.compile(r"\b(" + "|".join(m.title() for m in _MONTH_NAMES) + r")\b")  # as written: not "may"


def _months(events: list[Event]) -> set[int]:
    """The months the events' sentences name ("in April")."""
    return {_MONTH_NAMES.index(m.lower()) + 1 for e in events for m in _MONTH_WORD.findall(e.sentence)}


def _weekdays(events: list[Event]) -> set[int]:
    return {_WEEKDAYS.index(m.lower()) for e in events for m in _WEEKDAY.findall(e.sentence)}


def story_facts(story: Story, events: list[Event], articles: dict[str, Article]) -> dict[str, Any]:
    """What the pass reads of a story's own events (``events``, in the story's order): its
    kind of happening, whether it names its place itself, the days of the month and weekdays
    its sentences state, whether its day is only its reports' publication day.  Kept with the
    story's cluster between refreshes, so the pass needs no events of stories no new event touched."""
    family = FAMILIES.get(story.event_type)
    kind = None
    if events and family is not None and not any(
            _genre_of(e, articles.get(e.doc_id)) in OPINION_GENRES for e in events):
        kinds = {_KIND.get(e.modality, "real") for e in events}
        kind = [family, kinds.pop()] if len(kinds) == 1 else None
    return {
        "kind": kind,
        # the place must be the report's own word, not one it was given by context (the
        # dateline, the lead's meeting): a context place is too weak to date a report by
        "says_place": any(e.location is not None and e.location_basis != "context" for e in events),
        "month_days": sorted(_month_days(events)),
        "weekdays": sorted(_weekdays(events)),
        "months": sorted(_months(events)),
        "published_day": bool(events) and all(e.date_basis == "published" for e in events if e.date == story.date),
    }


def join_undated(stories: list[Story], events: list[Event], articles: dict[str, Article],
                 copies: list[CopyPair], *, facts: dict[str, dict[str, Any]] | None = None) -> list[Story]:
    """``stories`` with each undated story that fits exactly one dated story merged into it
    (see the module text); the order of the others is kept.  ``facts``: each story's
    :func:`story_facts` when the caller kept them (then ``events`` is not read)."""
    if facts is None:
        by_id = {e.id: e for e in events}
        facts = {st.id: story_facts(st, [by_id[i] for i in st.event_ids if i in by_id], articles) for st in stories}

    def undated(story: Story) -> bool:
        if story.date is not None:
            return False
        arts = [articles.get(a) for a in story.article_ids]
        return bool(arts) and all(a is not None and not a.reading_day for a in arts)

    def kind(story: Story) -> tuple[str, str] | None:
        k = facts[story.id]["kind"]
        return (k[0], k[1]) if k else None

    index: dict[tuple[str, str, str], list[Story]] = defaultdict(list)
    on_day: dict[tuple[str, str, int, int], list[Story]] = defaultdict(list)  # by (kind, month, day)
    of_kind: dict[tuple[str, str], list[Story]] = defaultdict(list)
    for st in stories:
        when = parse_partial_date(st.date)
        k = kind(st) if when is not None and when.precision == "day" else None
        if k is None or when is None:
            continue
        on_day[(*k, when.start.month, when.start.day)].append(st)
        of_kind[k].append(st)
        place = _place_key(st) or _country_key(st)
        if place is not None:
            index[(*k, place)].append(st)
    if not on_day:
        return stories

    absorbed: set[str] = set()
    copy_of = {c.article_id: c.copy_of for c in copies}
    for st in stories:
        place = _place_key(st)
        said_there = place is not None and facts[st.id]["says_place"]
        month_days = {(m, d) for m, d in facts[st.id]["month_days"]}
        # an agreement or a meeting of two named sides is rare enough to know by its sides
        both_sides = len(st.actors) >= 2 and FAMILIES.get(st.event_type) == "talks"
        k = kind(st) if (said_there or month_days or both_sides) and undated(st) else None
        if k is None:
            continue
        days = set(facts[st.id]["weekdays"])
        near: list[Story] = []
        if said_there and place is not None:
            # the same named place, or a dated story that names only the place's country
            # ("in South Africa" for an undated "in Pretoria")
            country = "country:" + st.location.country if st.location and st.location.country else None
            near = [*index.get((*k, place), ()), *(index.get((*k, country), ()) if country else ())]
            where = f"at {place}"
        elif month_days:
            # no place of its own: the day of the month it states must be the story's day
            near = [d for md in month_days for d in on_day.get((*k, *md), ())]
            where = "on " + " or ".join(f"{_MONTH_NAMES[m - 1].title()} {d}" for m, d in sorted(month_days))
        else:
            # neither: both its sides, and no other dated occasion of theirs of that kind
            months = set(facts[st.id].get("months") or ())
            near = [d for d in of_kind.get(k, []) if set(st.actors) <= set(d.actors)
                    and (not months or int((d.date or "")[5:7]) in months)]
            where = "between " + " and ".join(st.actors)
        fits = [d for d in near if d.id not in absorbed
                and _parties_agree(st.actors, d.actors)
                and (not days or _weekdays_of(d, facts[d.id]["published_day"]) & days)]
        if not fits:
            continue
        ordinals = [date.fromisoformat(d.date or "").toordinal() for d in fits]
        if max(ordinals) - min(ordinals) > 1:
            continue  # it fits more than one occasion: which one is not said
        target = max(fits, key=lambda d: (len(d.event_ids), d.id))
        _merge(target, st, articles, copy_of, where, days)
        absorbed.add(st.id)
    return [s for s in stories if s.id not in absorbed]


def _weekdays_of(story: Story, published_day: bool) -> set[int]:
    """The weekdays a dated story may have happened on: its day's, and the day before's when
    its day is only its reports' publication day (``published_day``: a night meeting reported
    after midnight is dated the next day: "on Saturday" in an undated report of it still fits)."""
    day = date.fromisoformat(story.date or "")
    out = {day.weekday()}
    if published_day:
        out.add((day.weekday() - 1) % 7)
    return out


def _parties_agree(a: list[str], b: list[str]) -> bool:
    shared = set(a) & set(b)
    need = 2 if len(a) >= 2 and len(b) >= 2 else 1
    return len(shared) >= need


def _merge(target: Story, undated: Story, articles: dict[str, Article], copy_of: dict[str, str],
           where: str, days: set[int]) -> None:
    target.event_ids = [*target.event_ids, *(i for i in undated.event_ids if i not in target.event_ids)]
    new = [a for a in undated.article_ids if a not in target.article_ids]
    target.article_ids = [*target.article_ids, *new]
    target.actors = sorted(set(target.actors) | set(undated.actors))
    count_sources(target, articles, copy_of)
    said = f", names {', '.join(_WEEKDAYS[d].title() for d in sorted(days))}" if days else ""
    target.merge_reasons.append(
        f"undated report {', '.join(new) or undated.id} joins: the only dated {target.event_type} story "
        f"{where} with its parties{said}")
