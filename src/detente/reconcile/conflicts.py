"""Conflicts: claims that cannot all be true, listed side by side with the reason.

* **disagreement** — claims on the same subject (and, for talk durations and counts, the same
  story) whose normalised values are incompatible once hedges are taken into account
  ("nearly two years" vs "three and a half years"; "began in 2022" vs "erupted in 2014";
  "indirect" vs "face-to-face" talks at one place).  Durations of the war are compared as
  implied start dates when both articles are dated, else as durations.
* **internal** — one article contradicts itself ("former President Trump" and "President
  Trump" in the same text).
* **dictionary** — a title that the actor dictionary says the person did not (or no longer)
  hold at the article's date.
* **anachronism** — a date claim far from the date of the story it belongs to, or talks dated
  to a time when the article's own titles say a participant held another office.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import combinations
from typing import Any

from detente.model import Article, Event
from detente.reconcile.records import Claim, Conflict, Story
from detente.reconcile.text import names_match, parse_partial_date

__all__ = ["find_conflicts", "link_claims", "value_range"]

# only comparable within one story (Trump and Putin talked more than once); dates of
# different meetings between the same people are checked for anachronism instead
_STORY_BOUND = {"duration of the talks"}
_HEDGE = {None: (0.9, 1.1), "about": (0.8, 1.2), "nearly": (0.8, 1.0),
          "less than": (0.5, 1.0), "over": (1.0, 1.5)}
_TITLE_YEARS_APART = 0.5  # titles change: compare them only between articles this close in time
_ANACHRONISM_DAYS = 62


def value_range(claim: Claim) -> tuple[float, float] | None:
    """The range a hedged number allows: "nearly two years" → (1.6, 2.0)."""
    if not isinstance(claim.normalised, int | float):
        return None
    lo, hi = _HEDGE.get(claim.qualifier, (0.9, 1.1))
    v = float(claim.normalised)
    return v * lo, v * hi


def _year_fraction(text: str | None) -> float | None:
    rng = parse_partial_date(text)
    if rng is None:
        return None
    mid = date.fromordinal((rng.first + rng.last) // 2)
    return mid.year + (mid.timetuple().tm_yday - 1) / 365.25


def _conflict(subject: str, claims: list[Claim], reason: str, kind: str,
              story_id: str | None = None) -> Conflict:
    key = "|".join(sorted(c.id for c in claims)) + kind
    return Conflict(id="cf-" + hashlib.sha256(key.encode()).hexdigest()[:12], subject=subject,
                    story_id=story_id, claims=claims, reason=reason, kind=kind)


# --- pairwise tests, each returning a reason or None -------------------------------------

def _numbers_disagree(a: Claim, b: Claim) -> str | None:
    ra, rb = value_range(a), value_range(b)
    if ra is None or rb is None:
        return None
    note = ""
    if a.kind == "duration" and a.unit == "years":
        ya, yb = _year_fraction(a.article_date), _year_fraction(b.article_date)
        if ya is not None and yb is not None:
            # implied start of the war: publication date minus the duration
            sa, sb = (ya - ra[1], ya - ra[0]), (yb - rb[1], yb - rb[0])
            if sa[1] < sb[0] or sb[1] < sa[0]:
                return (f"implied start of the war differs: {sa[0]:.1f}–{sa[1]:.1f} vs "
                        f"{sb[0]:.1f}–{sb[1]:.1f}")
            return None
        note = " (compared as durations: at least one article is undated)"
    if ra[1] < rb[0] or rb[1] < ra[0]:
        unit = a.unit or ""
        return f"{a.normalised} {unit} ({a.qualifier or 'as stated'}) vs {b.normalised} {unit} ({b.qualifier or 'as stated'}){note}"
    return None


def _values_differ(a: Claim, b: Claim) -> str | None:
    if a.normalised is None or b.normalised is None or a.normalised == b.normalised:
        return None
    return f"{a.normalised} vs {b.normalised}"


def _titles_disagree(a: Claim, b: Claim) -> str | None:
    if not (a.person and b.person and names_match(a.person, b.person)):
        return None
    va, vb = str(a.normalised), str(b.normalised)
    if va.removeprefix("former ") != vb.removeprefix("former ") or va == vb:
        return None
    ya, yb = _year_fraction(a.article_date), _year_fraction(b.article_date)
    if ya is not None and yb is not None and abs(ya - yb) > _TITLE_YEARS_APART:
        return None
    return f"{a.person}: “{va}” vs “{vb}”"


def _dates_disagree(a: Claim, b: Claim) -> str | None:
    ra, rb = parse_partial_date(str(a.normalised or "")), parse_partial_date(str(b.normalised or ""))
    if ra is None or rb is None:
        return None
    gap = max(ra.first - rb.last, rb.first - ra.last)
    return f"{a.normalised} vs {b.normalised}" if gap > 31 else None


_TESTS = {"duration": _numbers_disagree, "count": _numbers_disagree, "start": _values_differ,
          "format": _values_differ, "title": _titles_disagree, "date": _dates_disagree}


def _occasion_key(c: Claim) -> str | None:
    """A story-less claim's occasion (day and place its sentence names), as a group key."""
    if c.occasion_date and c.occasion_place:
        return f"on {c.occasion_date} in {c.occasion_place}"
    return None


def _groups(claims: list[Claim]) -> dict[tuple[str, str, str | None], list[Claim]]:
    """Comparable claims: the same subject and, for story-bound subjects, the same story (a
    claim no story holds is compared by the day and place its sentence names)."""
    groups: dict[tuple[str, str, str | None], list[Claim]] = defaultdict(list)
    for c in claims:
        bound = c.subject in _STORY_BOUND or c.kind in {"count", "date"}
        key = (c.story_id or _occasion_key(c)) if bound else None
        if bound and key is None:
            continue
        groups[(c.kind, c.subject, key)].append(c)
    return groups


def _representatives(group: list[Claim]) -> list[Claim]:
    """One claim per (article, value): four "President Trump" in one text count once."""
    seen: dict[tuple[str, str, str], Claim] = {}
    for c in group:
        seen.setdefault((c.article_id, str(c.normalised), str(c.qualifier)), c)
    return list(seen.values())


def _pairwise(claims: list[Claim]) -> Iterable[Conflict]:
    for (kind, subject, story_id), group in _groups(claims).items():
        test = _TESTS.get(kind)
        if test is None:
            continue
        for a, b in combinations(_representatives(group), 2):
            internal = a.article_id == b.article_id
            if internal and kind != "title":
                continue
            if kind == "format" and a.story_id and b.story_id and a.story_id != b.story_id:
                continue  # a call and a meeting at the same place are two events
            why = test(a, b)
            if why:
                story = story_id if story_id and story_id.startswith("st-") else a.story_id
                yield _conflict(subject, [a, b], why, "internal" if internal else "disagreement", story)


def _start_vs_durations(claims: list[Claim]) -> Iterable[Conflict]:
    starts = [c for c in claims if c.kind == "start" and isinstance(c.normalised, int)]
    durations = [c for c in claims if c.kind == "duration" and c.subject == "duration of the war"]
    for s in starts:
        assert isinstance(s.normalised, int)
        for d in durations:
            at, rng = _year_fraction(d.article_date), value_range(d)
            if d.article_id == s.article_id or at is None or rng is None:
                continue
            lo, hi = at - rng[1], at - rng[0]
            if hi < s.normalised or lo >= s.normalised + 1:
                yield _conflict("year the war began", [s, d],
                                f"began in {s.normalised} vs {d.value} as of {d.article_date} "
                                f"(implies {lo:.1f}–{hi:.1f})", "disagreement")


def _role_text(result: Any) -> str | None:
    if result is None:
        return None
    if isinstance(result, str):
        return result
    if isinstance(result, dict):
        return str(result.get("title") or result.get("role") or "") or None
    for attr in ("title", "role", "name"):
        value = getattr(result, attr, None)
        if isinstance(value, str):
            return value
    return str(result)


def _role_on(actors: Any, person: str, on: str) -> tuple[bool, str | None]:
    """(the dictionary knows the person, the role it gives at ``on``)."""
    try:
        lookup = getattr(actors, "lookup", None)
        if lookup is not None and lookup(person) is None:
            return False, None
        return True, _role_text(actors.role_on(person, on))
    except (KeyError, LookupError, ValueError, TypeError, AttributeError):
        return False, None


def _dictionary(claims: list[Claim], stories: dict[str, Story], actors: Any) -> Iterable[Conflict]:
    if actors is None:
        return
    for c in claims:
        if c.kind != "title" or not c.person:
            continue
        story = stories.get(c.story_id) if c.story_id else None
        on = c.article_date or (story.date if story else None)
        if not on:
            continue
        known, role = _role_on(actors, c.person, on)
        if not known:
            continue
        claimed = str(c.normalised)
        bare = claimed.removeprefix("former ").lower()
        holds = bool(role) and bare in (role or "").lower() and "former" not in (role or "").lower()
        if claimed.startswith("former") and holds:
            yield _conflict(c.subject, [c], f"called {claimed} but was {role} on {on} (actor dictionary)",
                            "dictionary", c.story_id)
        elif not claimed.startswith("former") and not holds and bare == "president":
            yield _conflict(c.subject, [c], f"called {claimed} but on {on} the actor dictionary has "
                            f"{role or 'no such office'}", "dictionary", c.story_id)


def _anachronisms(claims: list[Claim], stories: dict[str, Story], actors: Any) -> Iterable[Conflict]:
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_article[c.article_id].append(c)
    dated = [c for c in claims if c.kind == "date" and parse_partial_date(str(c.normalised or ""))]
    for c in dated:
        rng = parse_partial_date(str(c.normalised))
        assert rng is not None
        story = stories.get(c.story_id) if c.story_id else None
        srng = parse_partial_date(story.date) if story else None
        if srng and max(rng.first - srng.last, srng.first - rng.last) > _ANACHRONISM_DAYS:
            yield _conflict(c.subject, [c], f"dated {c.normalised} but the story is dated {story.date if story else ''}",
                            "anachronism", c.story_id)
        # the same talks, undated elsewhere, but told with a participant in another office
        for other in claims:
            if other.kind != "date" or other.subject != c.subject or other.article_id == c.article_id \
                    or other.normalised is not None:
                continue
            why = _era_clash(c, by_article[c.article_id], by_article[other.article_id], actors)
            if why:
                titles = [t for t in by_article[other.article_id] if t.kind == "title" and t.person and
                          any(names_match(t.person, x.person or "") for x in by_article[c.article_id] if x.kind == "title")]
                yield _conflict(c.subject, [c, other, *titles[:1]], why, "anachronism")


def _era_clash(dated: Claim, own: list[Claim], others: list[Claim], actors: Any) -> str | None:
    own_titles = [t for t in own if t.kind == "title" and t.person]
    other_titles = [t for t in others if t.kind == "title" and t.person]
    for t in other_titles:
        if str(t.normalised).startswith("former"):
            continue
        if actors is not None:
            known, role = _role_on(actors, t.person or "", str(dated.normalised))
            if known and str(t.normalised).lower() not in (role or "").lower():
                return (f"dated {dated.normalised}, when {t.person} was {role or 'not in office'} "
                        f"(actor dictionary); the other report has him as {t.normalised}")
        for o in own_titles:
            if names_match(o.person or "", t.person or "") and \
                    str(o.normalised) == "former " + str(t.normalised):
                return (f"dated {dated.normalised} in a text calling {o.person} “{o.normalised}”; "
                        f"the other report has the talks with a sitting {t.normalised}")
    return None


_TALK_CLAIMS = {"duration of the talks"}


def _talk_claim(c: Claim) -> bool:
    return c.subject in _TALK_CLAIMS or c.kind in {"format", "date"}


def _days_apart(a: str | None, b: str | None) -> int | None:
    ra, rb = parse_partial_date(a), parse_partial_date(b)
    if ra is None or rb is None:
        return None
    return max(ra.first - rb.last, rb.first - ra.last, 0)


def link_claims(claims: list[Claim], events: list[Event], stories: list[Story], *,
                reach: int = 600) -> None:
    """Set ``story_id`` on claims: the story of an event in the claim's sentence, else of the
    closest event before it (within ``reach`` characters).  A claim about talks prefers a
    talks story (a host's welcome in the same sentence is not the meeting), and a claim whose
    sentence names a day belongs to no story more than a day away from it: then the talks
    story on that day at that place, if any, else none (the occasion still groups it)."""
    from detente.reconcile.cluster import FAMILIES

    story_by_id = {s.id: s for s in stories}
    story_of = {eid: s.id for s in stories for eid in s.event_ids}
    by_article: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.id in story_of:
            by_article[e.doc_id].append(e)

    def fits(c: Claim, story: Story) -> bool:
        gap = _days_apart(c.occasion_date, story.date)
        return gap is None or gap <= 1

    for c in claims:
        talk = _talk_claim(c)
        ranked: list[tuple[tuple[int, int, int, int], str]] = []
        for e in by_article.get(c.article_id, ()):
            start, end = e.span
            inside = start <= c.span[0] < end
            gap = -1 if inside else c.span[0] - end
            if not inside and not 0 <= gap <= reach:
                continue
            family_miss = int(talk and FAMILIES.get(e.event_type) != "talks")
            story = story_by_id[story_of[e.id]]
            # an undated, unplaced event (a host "hosted the meeting") yields to the article's
            # dated talks story just before it
            weak = int(talk and story.date is None and (story.location is None or c.occasion_date is not None))
            ranked.append(((family_miss, weak, int(not inside), gap), story_of[e.id]))
        ranked.sort()
        fitting = [(key, sid) for key, sid in ranked if fits(c, story_by_id[sid])]
        chosen = next((sid for key, sid in fitting if not key[1]), None)
        if chosen is None and talk and c.occasion_date and c.occasion_place:
            chosen = next((s.id for s in stories if FAMILIES.get(s.event_type) == "talks" and s.date
                           and _days_apart(c.occasion_date, s.date) == 0 and s.location is not None
                           and s.location.country == c.occasion_place), None)
        c.story_id = chosen or next((sid for _, sid in fitting), None)


def find_conflicts(claims: list[Claim], stories: list[Story], articles: dict[str, Article], *,
                   actors: Any = None) -> list[Conflict]:
    """Claims that disagree with each other, with the actor dictionary or with their story's date.

    ``actors`` is an ActorDictionary (``role_on(name, on_date)``); without it the dictionary
    checks are skipped.  ``articles`` fill in missing article dates and outlets on claims."""
    for c in claims:
        art = articles.get(c.article_id)
        if art is not None:
            c.article_date = c.article_date or art.published
            c.outlet = c.outlet or art.outlet
    by_story = {s.id: s for s in stories}
    found: dict[str, Conflict] = {}
    for conflict in [*_pairwise(claims), *_start_vs_durations(claims),
                     *_dictionary(claims, by_story, actors), *_anachronisms(claims, by_story, actors)]:
        found.setdefault(conflict.id, conflict)
    return sorted(found.values(), key=lambda x: (x.subject, x.kind, x.id))
