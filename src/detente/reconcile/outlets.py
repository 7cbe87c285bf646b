"""Outlet profiles: what an outlet publishes, whether a state stands behind it, and how
often its claims are contradicted by other sources."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from detente.errors import ConfigError
from detente.model import Article
from detente.reconcile.records import Claim, Conflict, OutletProfile
from detente.text import fold

__all__ = ["StateOutlet", "load_state_media", "outlet_profiles", "state_affiliation"]


@dataclass(frozen=True)
class StateOutlet:
    name: str
    country: str | None
    source: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()


def load_state_media(path: str | Path | None = None) -> tuple[StateOutlet, ...]:
    """The editable list of state-affiliated outlets (the shipped one unless ``path``)."""
    if path is None:
        return _shipped()
    return _parse(Path(path).read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def _shipped() -> tuple[StateOutlet, ...]:
    text = resources.files("detente.knowledge").joinpath("state_media.json").read_text(encoding="utf-8")
    return _parse(text, "detente/knowledge/state_media.json")


def _parse(text: str, where: str) -> tuple[StateOutlet, ...]:
    try:
        rows = json.loads(text)["outlets"]
        return tuple(
            StateOutlet(name=r["name"], country=r.get("country"), source=r.get("source", ""),
                        aliases=tuple(r.get("aliases") or ()), domains=tuple(r.get("domains") or ()))
            for r in rows
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{where} is not a valid state media list: {exc}",
                          fix='use {"outlets": [{"name": ..., "country": ..., "source": ...}]}') from exc


def _host(url: str | None) -> str:
    if not url:
        return ""
    return re.sub(r"^[a-z]+://", "", url.strip().lower()).split("/")[0].split(":")[0].removeprefix("www.")


_DOMAIN = re.compile(r"^(?:[a-z]+://)?(?:[\w-]+\.)+[a-z]{2,}(?:/\S*)?$", re.I)


def _name_key(name: str) -> str:
    """A folded outlet name without a leading "the" and punctuation: "The Global Times" and
    "Global Times" are one name."""
    key = re.sub(r"[^\w\s]", " ", fold(name))
    return re.sub(r"\s+", " ", re.sub(r"^the\s+", "", key.strip())).strip()


def state_affiliation(outlet: str | None, url: str | None = None,
                      listed: tuple[StateOutlet, ...] | None = None) -> StateOutlet | None:
    """The state-media entry an outlet name or URL matches, if any.

    Names match whole (accent-, case- and punctuation-folded, a leading "the" ignored), also
    with a domain in brackets ("Global Times (globaltimes.cn)"); an outlet named by its
    domain ("globaltimes.cn") and URLs match by domain or sub-domain ("newseu.cgtn.com")."""
    lookup = _shipped_lookup() if listed is None else _Lookup(listed)
    return lookup.find(outlet, url)


class _Lookup:
    """One list's name keys (each to the first entry bearing it) and domains, folded once, and
    the answers given so far (a refresh asks for every report of every story: a few outlets)."""

    def __init__(self, listed: tuple[StateOutlet, ...]) -> None:
        self.names: dict[str, StateOutlet] = {}
        self.domains: list[tuple[str, StateOutlet]] = []
        for entry in listed:
            for n in (entry.name, *entry.aliases):
                self.names.setdefault(_name_key(n), entry)
            self.domains.extend((d.lower().removeprefix("www."), entry) for d in entry.domains)
        self.found: dict[tuple[str | None, str | None], StateOutlet | None] = {}

    def find(self, outlet: str | None, url: str | None) -> StateOutlet | None:
        key = (outlet, url)
        if key not in self.found:
            if len(self.found) > 100_000:
                self.found.clear()
            self.found[key] = self._match(outlet, url)
        return self.found[key]

    def _match(self, outlet: str | None, url: str | None) -> StateOutlet | None:
        hosts = {_host(url)}
        text = (outlet or "").strip()
        bracket = re.search(r"\(([^)]+)\)", text)
        if bracket:
            hosts.add(_host(bracket.group(1)))
            text = text[:bracket.start()].strip()
        if _DOMAIN.match(text):
            hosts.add(_host(text))
        name = _name_key(text)
        if name and name in self.names:
            return self.names[name]
        for d, entry in self.domains:
            if any(h == d or h.endswith("." + d) for h in hosts if h):
                return entry
        return None


@lru_cache(maxsize=1)
def _shipped_lookup() -> _Lookup:
    return _Lookup(_shipped())


def outlet_profiles(articles: list[Article], claims: list[Claim],
                    conflicts: list[Conflict]) -> list[OutletProfile]:
    """One profile per outlet: articles, genre mix, state affiliation, claims contradicted.

    A claim counts as contradicted when it appears in a conflict with another article's
    claim, or alone in a conflict with the actor dictionary or its story's date."""
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_outlet[a.outlet or "(unknown)"].append(a)
    outlet_of = {a.id: a.outlet or "(unknown)" for a in articles}
    n_claims = Counter(outlet_of.get(c.article_id, c.outlet or "(unknown)") for c in claims)
    contradicted: dict[str, set[str]] = defaultdict(set)
    for conflict in conflicts:
        for c in conflict.claims:
            others = [o for o in conflict.claims if o.article_id != c.article_id]
            if others or len(conflict.claims) == 1 or conflict.kind == "internal":
                contradicted[outlet_of.get(c.article_id, c.outlet or "(unknown)")].add(c.id)
    profiles = []
    for outlet, arts in by_outlet.items():
        entry = state_affiliation(outlet, next((a.url for a in arts if a.url), None))
        total = n_claims.get(outlet, 0)
        bad = len(contradicted.get(outlet, set()))
        profiles.append(OutletProfile(
            outlet=outlet, n_articles=len(arts),
            genre_mix=dict(sorted(Counter(a.genre or "unknown" for a in arts).items())),
            state_affiliated=entry is not None, claims=total, contradicted=bad,
            share_contradicted=round(bad / total, 3) if total else 0.0,
            country=entry.country if entry else None, note=entry.source if entry else None,
        ))
    profiles.sort(key=lambda p: (-p.n_articles, p.outlet))
    return profiles
