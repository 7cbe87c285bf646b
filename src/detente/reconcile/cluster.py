"""Story clustering: events from many articles that report the same real-world event.

Two events are merged when all of these hold (each test is recorded in the story's
``merge_reasons``):

* **type family** — the same family of PLOVER types (:data:`FAMILIES`): the talks of a
  meeting and the agreement reached there (CONSULT / AGREE / COOPERATE) are one event, and
  so is a truce taking effect (RETREAT with a ceasefire named) with the deal that made it;
* **modality** — both happened (asserted or reported), or both are planned, or both negated;
* **genre** — neither is stated in an opinion, editorial or advocacy piece (or segment): those
  stay stories of their own and never pad or join a story of the news;
* **actors** — their country / organisation codes overlap (both pairs, when both events
  name two sides) and, when both name people, at least one person matches
  transliteration-insensitively (Umerov / Umierov / Umyerov);
* **dates** — days at most one day apart (datelines in other time zones), a month holding
  the day (with both sides shared: a month and one party is too little), the same month;
  undated or year-only events need the same named place (not only the same country) and a
  person, in reports published at most two weeks apart (or both of unknown date); a report
  with no date at all joins a dated story later (:mod:`detente.reconcile.undated`);
* **places** — the same country, or names that match once accents are folded
  (Çırağan / Ciragan / Chiragan); a phone call never merges with an in-person meeting.

Blocking keeps it near-linear: an event is only compared with events indexed under the
same (type family, country, date bucket) keys for its day ±1 or its month, and at most
:data:`MAX_COMPARISONS` of them.  Merging is union-find.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from detente.dates import PRECISIONS, PartialDate, parse_partial_date
from detente.derive.copies import CopyPair
from detente.model import Article, Event, Location
from detente.reconcile.records import Report, Story
from detente.reconcile.text import name_key, names_match
from detente.text import TRUCE_WORDS, fold

__all__ = ["FAMILIES", "MAX_COMPARISONS", "add_reports", "cluster_events", "count_sources", "outlet_key"]

FAMILIES: dict[str, str] = {
    "CONSULT": "talks", "AGREE": "talks", "COOPERATE": "talks",
    "SUPPORT": "support", "AID": "support",
    "CONCEDE": "yield", "RETREAT": "yield",
    "REQUEST": "request",
    "ACCUSE": "dispute", "REJECT": "dispute", "PROTEST": "dispute", "THREATEN": "dispute",
    "SANCTION": "sanction",
    "MOBILIZE": "force", "COERCE": "force", "ASSAULT": "force",
}
MAX_COMPARISONS = 400  # per event: bounds the work in a crowded block
_MODALITY_GROUP = {"asserted": "real", "reported_claim": "real", "future": "planned",
                   "hypothetical": "planned", "negated": "negated"}
_PRECISION = {p: n for n, p in enumerate(PRECISIONS, 1)}  # finer is more: year 1, month 2, day 3
_IN_PERSON = {"visit", "host", "third-party", "multilateral"}
_NOT_PERSON = re.compile(
    r"\b(government|ministry|republic|federation|union|kingdom|states|council|office|kremlin|"
    r"house|department|forces|army|nations|organi[sz]ation|administration|parliament|people|"
    r"delegation|embassy|committee|agency|china|russia|ukraine|america|europe|arabia|senior|"
    r"officials?|side|team|american|russian|ukrainian|saudi|turkish|chinese|european)\b", re.I)
_UNDATED_DAYS = 14  # undated events merge only across articles published this close


def outlet_key(article: Article | None, article_id: str) -> str:
    """Who published an article: its outlet, else its web site, else the article itself."""
    if article is not None:
        if article.outlet:
            return fold(article.outlet) or article.outlet
        if article.url:
            host = re.sub(r"^[a-z]+://", "", article.url).split("/")[0].lower()
            return host.removeprefix("www.")
    return f"article:{article_id}"


def _is_person(name: str) -> bool:
    parts = name.split()
    return (2 <= len(parts) <= 4 and all(p[:1].isupper() for p in parts)
            and not _NOT_PERSON.search(name))


@dataclass
class _Item:
    event: Event
    family: str
    modality: str
    countries: frozenset[str]
    persons: tuple[str, ...]
    when: PartialDate | None
    place: Location | None
    phone: bool
    in_person: bool
    published: int | None  # the article's publication day (ordinal)
    opinion: bool = False  # stated in an opinion, editorial or advocacy piece


def _item(ev: Event, article: Article | None = None) -> _Item | None:
    family = FAMILIES.get(ev.event_type)
    if ev.event_type == "RETREAT" and TRUCE_WORDS.search(f"{ev.trigger} {ev.sentence}"):
        family = "talks"  # a truce taking effect is the deal that made it: one story
    if family is None:
        return None
    codes: set[str] = set()
    persons: list[str] = []
    for ref in [*ev.actors, *ev.recipients]:
        code = ref.country or ref.org
        if code:
            codes.add(code.upper())
        name = ref.name or ref.text
        if name and _is_person(name) and not ref.org and name not in persons:
            persons.append(name)
    published = article.reading_day if article else None
    pub = parse_partial_date(published)
    return _Item(
        event=ev, family=family, modality=_MODALITY_GROUP.get(ev.modality, "real"),
        countries=frozenset(codes), persons=tuple(persons),
        when=parse_partial_date(ev.date),
        place=ev.location, phone=ev.mode == "phone", in_person=ev.mode in _IN_PERSON,
        published=pub.first if pub and pub.precision == "day" else None,
        opinion=_genre_of(ev, article) in OPINION_GENRES,
    )


OPINION_GENRES = frozenset({"opinion", "editorial", "advocacy"})


def _genre_of(ev: Event, article: Article | None) -> str | None:
    """The genre of the piece an event is stated in: its segment's, else its article's."""
    if article is None:
        return None
    for seg in article.segments:
        if seg.start <= ev.span[0] < seg.end:
            return seg.genre
    return article.genre


# --- blocking -------------------------------------------------------------------------------

def _date_keys(when: PartialDate | None) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """(keys an event is indexed under, keys it looks up)."""
    if when is None:
        return [("N",)], [("N",)]
    if when.precision == "day":
        d = when.first
        months = {date.fromordinal(x).year * 12 + date.fromordinal(x).month - 1 for x in (d - 1, d, d + 1)}
        return [("D", d)], [("D", d - 1), ("D", d), ("D", d + 1), *(("M", m) for m in months)]
    if when.precision == "month":
        days = range(when.first - 1, when.last + 2)
        return [("M", when.month_key)], [("M", when.month_key), *(("D", x) for x in days)]
    return [("Y", when.year)], [("Y", when.year)]


def _actor_keys(item: _Item) -> list[str]:
    if item.countries:
        return sorted(item.countries)
    return sorted({"p:" + name_key(p.split()[-1]) for p in item.persons})


# --- compatibility --------------------------------------------------------------------------

def _dates_ok(a: PartialDate | None, b: PartialDate | None) -> str | None:
    if a is None or b is None:
        return "both undated" if a is None and b is None else None
    if a.precision == "year" or b.precision == "year":
        return f"year {a.year}" if a.precision == b.precision == "year" and a.year == b.year else None
    if a.precision == "day" and b.precision == "day":
        gap = abs(a.first - b.first)
        if gap == 0:
            return f"dates {a.text} / {b.text} (same day)"
        return f"dates {a.text} / {b.text} (one day apart: time zones)" if gap == 1 else None
    if a.first - 1 <= b.last and b.first - 1 <= a.last:
        return f"dates {a.text} / {b.text} (the day falls in the month)"
    return None


def _place_ok(a: Location | None, b: Location | None) -> tuple[bool, str | None]:
    if a is None or b is None:
        return True, None
    na, nb = a.name or a.text, b.name or b.text
    if names_match(na, nb) or fold(na) in fold(nb) or fold(nb) in fold(na):
        return True, f"place {na}" if na == nb else f"place {na} ≈ {nb}"
    if a.country and b.country:
        if a.country == b.country:
            return True, f"places {na} / {nb} (both in {a.country})"
        return False, None
    return True, None


def _compatible(x: _Item, y: _Item) -> str | None:
    """Why x and y are the same event, or None when they are not."""
    if x.family != y.family or x.modality != y.modality or x.opinion or y.opinion:
        return None  # an opinion piece's lines are kept out of the stories reports make
    if (x.phone and y.in_person) or (y.phone and x.in_person):
        return None
    shared = x.countries & y.countries
    if x.countries and y.countries:
        need = 2 if len(x.countries) >= 2 and len(y.countries) >= 2 else 1
        if len(shared) < need:
            return None
    matched = [(p, q) for p in x.persons for q in y.persons if names_match(p, q)]
    if x.persons and y.persons and not matched:
        return None
    when = _dates_ok(x.when, y.when)
    if when is None:
        return None
    place_ok, place = _place_ok(x.place, y.place)
    if not place_ok:
        return None
    if x.when is not None and y.when is not None and x.when.precision != y.when.precision \
            and len(shared) < 2:
        return None  # a month and one party ("agreed earlier this month") is no evidence of the day's event
    weak = x.when is None or x.when.precision == "year"
    if weak and not (place and matched and "(both in " not in place):
        # undated or year-only: needs the same named place (St Petersburg and Moscow are two
        # visits, not one) and a shared person
        return None
    if weak and (x.published is None) != (y.published is None):
        return None  # a report anchored in time and one that is not: nothing says it is one meeting
    if weak and x.published is not None and y.published is not None \
            and abs(x.published - y.published) > _UNDATED_DAYS:
        return None  # undated reports months apart are of different meetings
    if not shared and not matched:
        return None
    types = x.event.event_type if x.event.event_type == y.event.event_type else \
        f"{x.event.event_type}/{y.event.event_type}"
    parts = [f"same type family ({x.family}: {types})"]
    if shared:
        parts.append("actors " + "+".join(sorted(shared)))
    if matched:
        parts.append("people " + ", ".join(p if p == q else f"{p} ≈ {q}" for p, q in matched[:3]))
    parts.append(when)
    if place:
        parts.append(place)
    return ", ".join(parts)


# --- union-find -----------------------------------------------------------------------------

class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        self.parent[max(ri, rj)] = min(ri, rj)
        return True


def _pairs(items: list[_Item]) -> Iterable[tuple[int, int]]:
    """Candidate pairs from the blocking index (each event against at most MAX_COMPARISONS)."""
    index: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        own, _ = _date_keys(it.when)
        for a in _actor_keys(it):
            for k in own:
                index[(it.family, a, *k)].append(i)
    for j, it in enumerate(items):
        _, look = _date_keys(it.when)
        keys = [(it.family, a, *k) for a in _actor_keys(it) for k in look]
        budget = MAX_COMPARISONS
        seen: set[int] = {j}
        for key in keys:
            for i in index.get(key, ()):
                if i in seen:
                    continue
                seen.add(i)
                yield (i, j) if i < j else (j, i)
                budget -= 1
                if budget <= 0:
                    break
            if budget <= 0:
                break


def _vagueness(x: _Item, y: _Item) -> int:
    return sum(3 - _PRECISION.get(it.when.precision, 0) if it.when else 3 for it in (x, y))


# --- stories --------------------------------------------------------------------------------

def _story_date(members: list[_Item]) -> str | None:
    """The most reported date at the finest precision available (earliest on a tie)."""
    parsed = [(m.when.text, m.when) for m in members if m.when is not None]
    for precision in ("day", "month", "year"):
        dates = Counter(text for text, rng in parsed if rng is not None and rng.precision == precision)
        if dates:
            best = max(dates.values())
            return min(d for d, n in dates.items() if n == best)
    return None


def _independent(article_ids: list[str], articles: dict[str, Article],
                 copy_of: dict[str, str]) -> tuple[int, list[str]]:
    """Distinct sources once copies are folded into their originals and outlets counted once."""
    ids = list(article_ids)
    pos = {a: i for i, a in enumerate(ids)}
    uf = _UnionFind(len(ids))
    by_outlet: dict[str, int] = {}
    copies: list[str] = []
    for a in ids:
        key = outlet_key(articles.get(a), a)
        if key in by_outlet:
            uf.union(by_outlet[key], pos[a])
        else:
            by_outlet[key] = pos[a]
        original = copy_of.get(a)
        if original is not None and original in pos:
            if outlet_key(articles.get(original), original) != key:
                copies.append(a)
            uf.union(pos[a], pos[original])
    return len({uf.find(i) for i in range(len(ids))}), copies


def _publication_key(articles: dict[str, Article], aid: str) -> str:
    art = articles.get(aid)
    return (art.published if art and art.published else "9999") + aid


def _outlet_of(articles: dict[str, Article], aid: str) -> str | None:
    art = articles.get(aid)
    return art.outlet if art else None


def _make_story(members: list[_Item], reasons: list[str], articles: dict[str, Article],
                copy_of: dict[str, str]) -> Story:
    events = [m.event for m in members]

    article_ids = sorted({e.doc_id for e in events}, key=lambda aid: _publication_key(articles, aid))
    first_id = article_ids[0]
    first_art = articles.get(first_id)
    canonical = max(members, key=lambda m: (
        _PRECISION.get((m.when.precision if m.when else ""), 0), m.place is not None,
        len(m.countries), m.event.doc_id == first_id, m.event.confidence, m.event.id,
    )).event
    types = Counter(e.event_type for e in events)
    top = max(types.values())
    event_type = canonical.event_type if types[canonical.event_type] == top else \
        min(t for t, n in types.items() if n == top)
    places = Counter((fold(e.location.name or e.location.text), e.location.country)
                     for e in events if e.location)
    location = canonical.location
    if places:
        best_place = places.most_common(1)[0][0]
        location = next(e.location for e in events if e.location and
                        (fold(e.location.name or e.location.text), e.location.country) == best_place)
    outlets = sorted({o for a in article_ids if (o := _outlet_of(articles, a))})
    n_sources, copies = _independent(article_ids, articles, copy_of)
    codes = sorted({c for m in members for c in m.countries})
    return Story(
        id="st-" + hashlib.sha256(canonical.id.encode()).hexdigest()[:12],
        event_type=event_type, actors=codes, date=_story_date(members), location=location,
        event_ids=[e.id for e in events], article_ids=article_ids, outlets=outlets,
        independent_sources=n_sources,
        first_report=Report(first_id, first_art.published if first_art else None,
                            first_art.outlet if first_art else None),
        canonical_event_id=canonical.id, merge_reasons=reasons, copies=copies,
    )


def cluster_events(events: list[Event], articles: dict[str, Article],
                   copies: list[CopyPair]) -> list[Story]:
    """Group events that report the same real-world event into stories.

    Every event of a known PLOVER type ends up in exactly one story (a story of one event
    when nothing matches).  Stories come out largest first, then by date."""
    items = [it for it in (_item(e, articles.get(e.doc_id)) for e in events) if it is not None]
    uf = _UnionFind(len(items))
    # day span of each cluster's day-precision events: a vague (month) report must not
    # bridge two meetings a week apart
    span: dict[int, tuple[int, int]] = {
        i: (it.when.first, it.when.last) for i, it in enumerate(items)
        if it.when is not None and it.when.precision == "day"
    }
    edges: dict[int, list[str]] = defaultdict(list)
    # precise pairs first (as they come), then the vaguer ones, vaguest last: vague reports
    # join the cluster their precise peers formed
    vague: list[tuple[int, int, int]] = []

    def precise_first() -> Iterable[tuple[int, int]]:
        for i, j in _pairs(items):
            v = _vagueness(items[i], items[j])
            if v == 0:
                yield i, j
            elif uf.find(i) != uf.find(j):
                vague.append((v, i, j))
        vague.sort()
        for _, i, j in vague:
            yield i, j

    for i, j in precise_first():
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        si, sj = span.get(ri), span.get(rj)
        if si and sj and max(si[1], sj[1]) - min(si[0], sj[0]) > 1:
            continue
        why = _compatible(items[i], items[j])
        if why is not None:
            uf.union(i, j)
            root = uf.find(i)
            if si or sj:
                both = [x for x in (si, sj) if x]
                span[root] = (min(x[0] for x in both), max(x[1] for x in both))
            edges[i].append(f"{items[j].event.id} ~ {items[i].event.id}: {why}")
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[uf.find(i)].append(i)
    copy_of = {c.article_id: c.copy_of for c in copies}
    stories = []
    for members in groups.values():
        reasons = [r for i in members for r in edges.get(i, [])]
        stories.append(_make_story([items[i] for i in members], reasons, articles, copy_of))
    stories.sort(key=lambda s: (-len(s.event_ids), s.date or "9999", s.id))
    return stories


def count_sources(story: Story, articles: dict[str, Article], copy_of: dict[str, str]) -> None:
    """Set a story's outlets, independent sources and copies from its article ids."""
    story.outlets = sorted({o for a in story.article_ids if (o := _outlet_of(articles, a))})
    story.independent_sources, story.copies = _independent(story.article_ids, articles, copy_of)


def add_reports(story: Story, reports: dict[str, str], articles: dict[str, Article],
                copies: list[CopyPair]) -> None:
    """Count articles that report ``story`` through a detail only (a claim about the talks on
    the story's day and place, in an article whose own events missed the meeting):
    ``reports`` maps article id → why.  Sources, outlets and the first report are updated."""
    new = {a: why for a, why in reports.items() if a not in story.article_ids}
    if not new:
        return

    story.article_ids = sorted([*story.article_ids, *new], key=lambda aid: _publication_key(articles, aid))
    count_sources(story, articles, {c.article_id: c.copy_of for c in copies})
    first = articles.get(story.article_ids[0])
    story.first_report = Report(story.article_ids[0], first.published if first else None,
                                first.outlet if first else None)
    story.merge_reasons.extend(f"article {a}: {why}" for a, why in new.items())
