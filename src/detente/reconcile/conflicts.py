"""Conflicts: claims that cannot all be true, listed side by side with the reason.

Claims are compared only when they are about the same real event or thing, and every
subject gives ONE conflict holding all the claims that disagree on it (not one per pair):

* **disagreement** — claims on the same subject whose normalised values are incompatible once
  hedges are taken into account ("nearly two years" vs "three and a half years"; "began in
  2022" vs "erupted in 2014"; "indirect" vs "face-to-face" talks at one place; "4.5 hours" vs
  "a four-hour meeting"; a summit dated March 27 and March 2 by two reports of it).  Talk
  durations, counts and talk dates must be about one story (or the same day, place and
  parties); a war's length and start year about the same war (the countries the articles are
  about); the date of a story's event is compared between articles that both report the story,
  unless another source reports a separate event at that place on the other day.  Durations of
  the war are compared as implied start dates when both articles are dated, else as durations.
* **stances** (:mod:`detente.reconcile.stances`) — an accusation that a party broke the
  ceasefire and the party's denial, a ceasefire agreement said to exist and denied, two
  parties each said to have given way, one quoted sentence given to two people: compared
  within one story, or between reports of the same days about the same countries; an article
  that reports both sides holds a disagreement of its own.
* **internal** — one article contradicts itself ("former President Trump" and "President
  Trump" in the same text).
* **dictionary** — a title that the actor dictionary says the person did not (or no longer)
  hold at the article's date.
* **anachronism** — a date claim far from the date of the story it belongs to, or talks dated
  to a time when the article's own titles say a participant held another office (only the
  talks' participants count, and only for talks no other story dates).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import combinations
from typing import Any

import pycountry

from detente.dates import parse_partial_date
from detente.model import Article, Event, Location
from detente.reconcile.claims import place_country
from detente.reconcile.records import Claim, Conflict, Story
from detente.reconcile.stances import quote_words, same_quote, speakers_differ
from detente.reconcile.text import names_match
from detente.text import fold

__all__ = ["ClaimLinker", "find_conflicts", "link_claims", "value_range"]

# only comparable within one story (Trump and Putin talked more than once); dates of
# different meetings between the same people are checked for anachronism instead
_STORY_BOUND = {"duration of the talks"}
_HEDGE = {None: (0.9, 1.1), "about": (0.8, 1.2), "nearly": (0.8, 1.0),
          "less than": (0.5, 1.0), "over": (1.0, 1.5)}
_TITLE_YEARS_APART = 0.5  # titles change: compare them only between articles this close in time
_ANACHRONISM_DAYS = 62


_STATED = 0.05  # an unhedged duration: "four hours" is 3.8–4.2 hours, not 4.5
_ROUND = 0.05  # an unhedged round count ("100 prisoners") may be rounded


def value_range(claim: Claim) -> tuple[float, float] | None:
    """The range a hedged number allows: "nearly two years" → (1.6, 2.0); an unhedged
    duration ±5%, an unhedged count exactly (±5% when it is a round ten)."""
    if not isinstance(claim.normalised, int | float):
        return None
    v = float(claim.normalised)
    if claim.qualifier is None:
        if claim.kind == "count":
            r = _ROUND if v >= 10 and v % 10 == 0 else 0.0
        else:
            r = _STATED
        return v * (1 - r), v * (1 + r)
    lo, hi = _HEDGE.get(claim.qualifier, (0.9, 1.1))
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


_SAID = {"yes": "said so", "no": "denied"}


def _stance_differs(a: Claim, b: Claim) -> str | None:
    """An accusation (or an agreement said to exist) against its denial, in one order whatever
    the claims' order: "said so vs denied"."""
    if a.normalised == b.normalised:
        return None
    first, second = sorted((str(a.normalised), str(b.normalised)), reverse=True)
    return f"{_SAID.get(first, first)} vs {_SAID.get(second, second)}"


def _parties_differ(a: Claim, b: Claim) -> str | None:
    """Two parties, not one named two ways: "YEM rebels" (the rebels) and "YEM" (the Yemeni
    group) may be the same side, so only different countries disagree."""
    if str(a.normalised).split()[:1] == str(b.normalised).split()[:1]:
        return None
    return _values_differ(a, b)


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
    return f"{a.normalised} vs {b.normalised}" if ra.days_apart(rb) > 31 else None


def _event_dates_disagree(a: Claim, b: Claim) -> str | None:
    if a.normalised is None or b.normalised is None or a.normalised == b.normalised:
        return None
    gap = _days_apart(str(a.normalised), str(b.normalised))
    if not gap:
        return None
    note = " (one day apart: a late-night event or time zones may explain it)" if gap == 1 else ""
    return f"{a.normalised} vs {b.normalised}{note}"


_TESTS = {"duration": _numbers_disagree, "count": _numbers_disagree, "start": _values_differ,
          "format": _values_differ, "title": _titles_disagree, "date": _dates_disagree,
          "event_date": _event_dates_disagree, "allegation": _stance_differs, "agreement": _stance_differs,
          "concession": _parties_differ, "approval": _values_differ, "sequence": _values_differ,
          "place": _values_differ}
_STANCES = {"allegation", "agreement", "concession", "attribution", "approval"}
_STANCE_DAYS = 3  # stances on one matter are compared between reports this close in time
_AGREEMENT_DAYS = 1  # talks move fast: "no agreement yet" on Monday, a truce agreed on Wednesday


def _same_matter(a: Claim, b: Claim, stories: dict[str, Story]) -> bool:
    """Two stances (an accusation and its denial, an agreement said and denied, who gave way,
    who said a sentence) are about one matter: the same story, else reports of the same days
    (the sentences' own days, else the publication dates, at most three days apart) about the
    same countries.  Two stories dated far apart are two matters."""
    if a.kind == "approval":  # two steps a day apart are no disagreement: the same day only
        gap = _days_apart(a.occasion_date or a.article_date, b.occasion_date or b.article_date)
        if gap is None or gap > 0:
            return False
    if a.story_id and a.story_id == b.story_id:
        return True
    sa = stories.get(a.story_id) if a.story_id else None
    sb = stories.get(b.story_id) if b.story_id else None
    reach = _AGREEMENT_DAYS if a.kind == "agreement" else _STANCE_DAYS
    for x, y in ((sa.date if sa else None, sb.date if sb else None),
                 (a.occasion_date or a.article_date, b.occasion_date or b.article_date)):
        gap = _days_apart(x, y)
        if gap is not None and gap > reach:
            return False
    if not a.scope or not b.scope:
        return False
    return len(set(a.scope) & set(b.scope)) >= min(2, len(a.scope), len(b.scope))
_SAME_EVENT_DAYS = 45  # a date given for a story's event this far from the story's date is about another


def _same_war(a: Claim, b: Claim) -> bool:
    """Two claims about a war's length or start are about the same war when the countries
    their articles are about overlap (two of the top three, or all of a shorter list)."""
    if not a.scope or not b.scope:
        return True
    return len(set(a.scope) & set(b.scope)) >= min(2, len(a.scope), len(b.scope))


def _occasion_of(c: Claim, stories: dict[str, Story]) -> tuple[str | None, str | None]:
    story = stories.get(c.story_id) if c.story_id else None
    if story and story.date and story.location and story.location.country:
        return story.date, story.location.country
    return c.occasion_date, c.occasion_place


def _same_occasion(a: Claim, b: Claim, stories: dict[str, Story]) -> bool:
    """Story-bound claims (talk durations, counts, talk dates) are about one event: the same
    story, or stories (or sentences) naming the same day and place, between the same parties."""
    if a.story_id and a.story_id == b.story_id:
        return True
    (da, pa), (db, pb) = _occasion_of(a, stories), _occasion_of(b, stories)
    if not (da and pa and db and pb) or pa != pb or _days_apart(da, db) != 0:
        return False
    sa = stories.get(a.story_id) if a.story_id else None
    sb = stories.get(b.story_id) if b.story_id else None
    if sa and sb and len(sa.actors) >= 2 and len(sb.actors) >= 2:
        return len(set(sa.actors) & set(sb.actors)) >= 2
    return True


def _shared_story(a: Claim, b: Claim, stories: list[Story]) -> Story | None:
    """The story at the claims' place that both articles report, dated near both claims."""
    place = a.subject.rsplit(" in ", 1)[-1]
    for s in stories:
        if a.article_id not in s.article_ids or b.article_id not in s.article_ids or not s.date:
            continue
        if s.location is None or s.location.country != place:
            continue
        gaps = [_days_apart(str(c.normalised), s.date) for c in (a, b)]
        if all(g is not None and g <= _SAME_EVENT_DAYS for g in gaps) and \
                all(_same_place(c.place, s.location) for c in (a, b)):
            return s
    return None


def _same_place(named: str | None, where: Location) -> bool:
    """A claim naming a city other than its story's ("the Anchorage summit" in a story at the
    White House) dates another event; a country name or no name at all fits."""
    if not named:
        return True
    key = fold(named)
    if place_country(named) and fold(named) in {fold(c.name) for c in pycountry.countries}:
        return True
    names = {fold(x) for x in (where.name, where.text) if x}
    return not names or any(key in n or n in key for n in names)


def _another_event(c: Claim, shared: Story, stories: list[Story]) -> bool:
    """Another source reports an event at the place on the claim's day (not the shared
    story's): the claim then dates that event, not the shared one."""
    place = shared.location.country if shared.location else None
    for t in stories:
        if t.id == shared.id or not t.date or t.location is None or t.location.country != place:
            continue
        near, far = _days_apart(t.date, str(c.normalised)), _days_apart(t.date, shared.date)
        if near is not None and near <= 1 and far is not None and far > 1 \
                and any(x != c.article_id for x in t.article_ids):
            return True
    return False


def _representatives(group: list[Claim], articles: dict[str, Article] | None = None) -> list[Claim]:
    """One claim per (article, value): four "President Trump" in one text count once.  The
    one shown is the first said in prose (a line of two or more sentences) rather than on a
    line of its own (a caption, a heading, a table row), else the first."""
    seen: dict[tuple[str, str, str, str], Claim] = {}
    for c in sorted(group, key=lambda c: (not _in_prose(c, articles), c.span[0])):
        # a stance said in other words is another statement ("there is no agreement" and
        # "denied that a deal was reached"): each is listed
        said = fold(c.quote) if c.kind in _STANCES else ""
        seen.setdefault((c.article_id, str(c.normalised), str(c.qualifier), said), c)
    return sorted(seen.values(), key=lambda c: (c.article_id, c.span[0]))


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+[\"“‘(]?[A-Z]")


def _in_prose(c: Claim, articles: dict[str, Article] | None) -> bool:
    art = articles.get(c.article_id) if articles else None
    if art is None:
        return True
    text = art.text
    lo = text.rfind("\n", 0, c.span[0]) + 1
    hi = text.find("\n", c.span[1])
    return bool(_SENTENCE_END.search(text[lo:hi if hi >= 0 else len(text)]))


class _Edges:
    """Disagreeing claim pairs, grouped into one conflict per subject and event: the claims
    that cannot all be true, each listed once, with every reason."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.claims: dict[str, Claim] = {}
        self.reasons: dict[str, list[str]] = defaultdict(list)  # per edge's first claim
        self.subject: dict[str, str] = {}
        self.story: dict[str, str | None] = {}
        self.agreeing: dict[str, list[Claim]] = defaultdict(list)  # comparable claims that agree

    def compatible(self, a: Claim, b: Claim) -> None:
        """``a`` and ``b`` are about the same thing and can both be true: when either is in a
        conflict the other is listed beside it ("more than four hours" beside "4.5 hours" and
        "a four-hour meeting"), so the reader sees every value given for the subject."""
        self.agreeing[a.id].append(b)
        self.agreeing[b.id].append(a)

    def _find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def add(self, a: Claim, b: Claim, subject: str, reason: str, story_id: str | None = None) -> None:
        for c in (a, b):
            self.claims.setdefault(c.id, c)
            self.parent.setdefault(c.id, c.id)
        ra, rb = self._find(a.id), self._find(b.id)
        if ra != rb:
            self.parent[rb] = ra
            self.reasons[ra].extend(self.reasons.pop(rb, []))
            if self.story.get(ra) is None:
                self.story[ra] = self.story.pop(rb, None)
            self.subject.setdefault(ra, self.subject.pop(rb, subject))
        self.subject.setdefault(ra, subject)
        if story_id and self.story.get(ra) is None:
            self.story[ra] = story_id
        if reason not in self.reasons[ra]:
            self.reasons[ra].append(reason)

    def conflicts(self) -> Iterable[Conflict]:
        members: dict[str, list[Claim]] = defaultdict(list)
        for cid, c in self.claims.items():
            members[self._find(cid)].append(c)
        for group in members.values():
            ids = {c.id for c in group}
            for c in list(group):
                for other in self.agreeing.get(c.id, ()):
                    if other.id not in ids and other.id not in self.claims:
                        ids.add(other.id)
                        group.append(other)
        for root, group in members.items():
            group.sort(key=lambda c: (c.article_id, c.span[0]))
            reasons = self.reasons[root]
            reason = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
            kinds = {c.kind for c in group}
            subject = "year the war began" if "start" in kinds else self.subject[root]
            internal = len({c.article_id for c in group}) == 1 and not kinds & _STANCES
            stories = {c.story_id for c in group}
            story = self.story.get(root) or (next(iter(stories)) if len(stories) == 1 else None)
            yield _conflict(subject, group, reason, "internal" if internal else "disagreement", story)


def _comparable(a: Claim, b: Claim, kind: str, stories: dict[str, Story], story_list: list[Story]) -> tuple[bool, str | None]:
    """(the two claims are about the same thing, the story they share)."""
    if kind == "event_date":
        shared = _shared_story(a, b, story_list)
        if shared is None or _another_event(a, shared, story_list) or _another_event(b, shared, story_list):
            return False, None
        return True, shared.id
    if kind in {"sequence", "place"}:  # one call, one meeting: the same story only
        return bool(a.story_id) and a.story_id == b.story_id, a.story_id
    if kind == "format":
        # talks at one place in two stories are other talks only when both stories are dated
        # and the days differ (an undated story may be the same talks)
        sa = stories.get(a.story_id) if a.story_id else None
        sb = stories.get(b.story_id) if b.story_id else None
        apart = _days_apart(sa.date, sb.date) if sa and sb and sa.id != sb.id else None
        return not (apart is not None and apart > 1), None
    if kind in _STANCES:
        return _same_matter(a, b, stories), a.story_id if a.story_id == b.story_id else None
    if kind == "start" or (kind == "duration" and a.subject == "duration of the war"):
        return _same_war(a, b), None
    if a.subject in _STORY_BOUND or kind in {"count", "date"}:
        if not _same_occasion(a, b, stories):
            return False, None
        return True, a.story_id if a.story_id == b.story_id else None
    return True, None


def _pairwise(claims: list[Claim], stories: list[Story], edges: _Edges,
              articles: dict[str, Article] | None = None) -> None:
    by_id = {s.id: s for s in stories}
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        groups[(c.kind, c.subject)].append(c)
    for (kind, subject), group in groups.items():
        test = _TESTS.get(kind)
        if test is None:
            continue
        for a, b in combinations(_representatives(group, articles), 2):
            internal = a.article_id == b.article_id
            if internal and kind not in {"title", *_STANCES}:
                continue  # a stance and its denial reported side by side: the sides disagree
            same, story = _comparable(a, b, kind, by_id, stories)
            if not same:
                continue
            why = test(a, b)
            if why:
                edges.add(a, b, subject, why, story)
            else:
                edges.compatible(a, b)


def _attributions(claims: list[Claim], stories: list[Story], edges: _Edges) -> None:
    """One quoted sentence given to different people by two reports.  Quotes are compared
    only when they share a run of three content words (an index keeps it near-linear)."""
    by_id = {s.id: s for s in stories}
    quotes = [c for c in claims if c.kind == "attribution" and c.person]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, c in enumerate(quotes):
        ws = [w for w in fold(c.value).split() if w in quote_words(c.value)]
        for k in {tuple(ws[j:j + 3]) for j in range(len(ws) - 2)}:
            index[k].append(i)
    pairs = {(i, j) for ids in index.values() if len(ids) <= 50 for i in ids for j in ids if i < j}
    for i, j in sorted(pairs):
        a, b = quotes[i], quotes[j]
        if a.article_id == b.article_id or not same_quote(a, b) or not _same_matter(a, b, by_id):
            continue
        if speakers_differ(a, b):
            edges.add(a, b, f"who said “{_opening(a.value)}”", f"said by {a.person} vs by {b.person}")
        else:
            edges.compatible(a, b)


def _opening(quote: str, words: int = 8) -> str:
    parts = quote.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _start_vs_durations(claims: list[Claim], edges: _Edges) -> None:
    starts = [c for c in claims if c.kind == "start" and isinstance(c.normalised, int)]
    durations = [c for c in claims if c.kind == "duration" and c.subject == "duration of the war"]
    for s in starts:
        assert isinstance(s.normalised, int)
        for d in durations:
            at, rng = _year_fraction(d.article_date), value_range(d)
            if d.article_id == s.article_id or at is None or rng is None or not _same_war(s, d):
                continue
            lo, hi = at - rng[1], at - rng[0]
            if hi < s.normalised or lo >= s.normalised + 1:
                edges.add(s, d, "year the war began",
                          f"began in {s.normalised} vs {d.value} as of {d.article_date} (implies {lo:.1f}–{hi:.1f})")


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
        if srng and rng.days_apart(srng) > _ANACHRONISM_DAYS:
            yield _conflict(c.subject, [c], f"dated {c.normalised} but the story is dated {story.date if story else ''}",
                            "anachronism", c.story_id)
        # the same talks, undated elsewhere, but told with a participant in another office
        for other in claims:
            if other.kind != "date" or other.subject != c.subject or other.article_id == c.article_id \
                    or other.normalised is not None:
                continue
            if c.story_id and other.story_id and c.story_id != other.story_id and _dated(stories, c.story_id) \
                    and _dated(stories, other.story_id):
                continue  # two dated stories: a summit and an earlier call between the same people
            why = _era_clash(c, by_article[c.article_id], by_article[other.article_id], actors)
            if why:
                titles = [t for t in by_article[other.article_id] if t.kind == "title" and t.person and
                          any(names_match(t.person, x.person or "") for x in by_article[c.article_id] if x.kind == "title")]
                yield _conflict(c.subject, [c, other, *titles[:1]], why, "anachronism")


def _dated(stories: dict[str, Story], story_id: str) -> bool:
    story = stories.get(story_id)
    return bool(story and story.date)


def _participants(subject: str) -> list[str]:
    return subject.removeprefix("date of the talks between ").split(" and ")


def _era_clash(dated: Claim, own: list[Claim], others: list[Claim], actors: Any) -> str | None:
    """Only the talks' own participants count: the office of a third person named in the
    same article (a host, a commentator) says nothing about when the talks were."""
    people = _participants(dated.subject)

    def takes_part(t: Claim) -> bool:
        return t.kind == "title" and bool(t.person) and any(names_match(t.person or "", p) for p in people)

    own_titles = [t for t in own if takes_part(t)]
    other_titles = [t for t in others if takes_part(t)]
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
    return c.subject in _TALK_CLAIMS or c.kind in {"format", "date"} or \
        (c.kind == "event_date" and c.subject.startswith("date of the talks"))


def _days_apart(a: str | None, b: str | None) -> int | None:
    ra, rb = parse_partial_date(a), parse_partial_date(b)
    if ra is None or rb is None:
        return None
    return ra.days_apart(rb)


def link_claims(claims: list[Claim], events: list[Event], stories: list[Story], *,
                reach: int = 600) -> None:
    """Set ``story_id`` on claims: the story of an event in the claim's sentence, else of the
    closest event before it (within ``reach`` characters).  A claim about talks prefers a
    talks story (a host's welcome in the same sentence is not the meeting), and a claim whose
    sentence names a day belongs to no story more than a day away from it: then the talks
    story on that day at that place, if any, else none (the occasion still groups it)."""
    ClaimLinker(stories, reach=reach).link(claims, events)


class ClaimLinker:
    """:func:`link_claims` over fixed ``stories``, for the claims of one article at a time or
    all at once (what a claim is linked to depends on its own article's events and on the
    stories alone)."""

    def __init__(self, stories: list[Story], *, reach: int = 600) -> None:
        from detente.reconcile.cluster import FAMILIES

        self.families, self.reach = FAMILIES, reach
        self.story_by_id = {s.id: s for s in stories}
        self.story_of = {eid: s.id for s in stories for eid in s.event_ids}
        # the dated, placed talks stories by country and year, with their place in the stories' order
        self.talks: dict[tuple[str, int], list[tuple[int, Story]]] = defaultdict(list)
        for at, s in enumerate(stories):
            when = parse_partial_date(s.date)
            if FAMILIES.get(s.event_type) == "talks" and when and s.location is not None and s.location.country:
                for year in range(when.start.year, when.end.year + 1):
                    self.talks[(s.location.country, year)].append((at, s))

    def talks_on(self, c: Claim) -> str | None:
        """The first talks story (in the stories' order) on the day of the claim's occasion, at its place."""
        when = parse_partial_date(c.occasion_date)
        if when is None or not c.occasion_place:
            return None
        found = [(at, s.id) for year in range(when.start.year, when.end.year + 1)
                 for at, s in self.talks.get((c.occasion_place, year), ()) if _days_apart(c.occasion_date, s.date) == 0]
        return min(found)[1] if found else None

    def fallback(self, c: Claim) -> str | None:
        """The story a claim about talks takes when no event near it fits (:meth:`talks_on`)."""
        return self.talks_on(c) if _talk_claim(c) else None

    def link(self, claims: list[Claim], events: list[Event]) -> None:
        """Link ``claims`` with the events of their articles (``events``: at least those)."""
        story_by_id, story_of, families = self.story_by_id, self.story_of, self.families
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
                if not inside and not 0 <= gap <= self.reach:
                    continue
                family_miss = int(talk and families.get(e.event_type) != "talks")
                story = story_by_id[story_of[e.id]]
                # an undated, unplaced event (a host "hosted the meeting") yields to the article's
                # dated talks story just before it
                weak = int(talk and story.date is None and (story.location is None or c.occasion_date is not None))
                ranked.append(((family_miss, weak, int(not inside), gap), story_of[e.id]))
            ranked.sort()
            fitting = [(key, sid) for key, sid in ranked if fits(c, story_by_id[sid])]
            chosen = next((sid for key, sid in fitting if not key[1]), None)
            if chosen is None and talk:
                chosen = self.talks_on(c)
            c.story_id = chosen or next((sid for _, sid in fitting), None)
        _one_talks_per_article(claims, story_by_id)
        for c in claims:  # a day with no place in its sentence takes its story's place
            home = story_by_id.get(c.story_id) if c.story_id else None
            if c.kind == "event_date" and " in " not in c.subject and home and home.location \
                    and home.location.country:
                c.subject = f"{c.subject} in {home.location.country}"


_EARLIER = re.compile(r"\b(previous|earlier|prior|last|first|second|third|next)\b", re.I)


def _one_talks_per_article(claims: list[Claim], stories: dict[str, Story]) -> None:
    """An article that gives the talks' length twice speaks of one talks: a mention whose
    sentence names no day joins the story of the article's one mention that names its day
    and place ("after four hours of talks on Friday in X ... the four-hour discussion"),
    unless it points to other talks ("the previous meeting")."""
    by_key: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.subject in _STORY_BOUND:
            by_key[(c.article_id, c.subject)].append(c)

    def placed(sid: str | None) -> bool:
        s = stories.get(sid) if sid else None
        return bool(s and s.date and s.location and s.location.country)

    for group in by_key.values():
        strong = {c.story_id for c in group if c.occasion_date and placed(c.story_id)}
        if len(strong) != 1:
            continue
        (sid,) = strong
        for c in group:
            if c.occasion_date is None and not _EARLIER.search(c.quote):
                c.story_id = sid


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
    edges = _Edges()
    _pairwise(claims, stories, edges, articles)
    _start_vs_durations(claims, edges)
    _attributions(claims, stories, edges)
    found: dict[str, Conflict] = {}
    for conflict in [*edges.conflicts(), *_dictionary(claims, by_story, actors),
                     *_anachronisms(claims, by_story, actors)]:
        found.setdefault(conflict.id, conflict)
    return sorted(found.values(), key=lambda x: (x.subject, x.kind, x.id))
