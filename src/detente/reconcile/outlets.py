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
from detente.reconcile.text import fold

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
    return re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].removeprefix("www.")


def state_affiliation(outlet: str | None, url: str | None = None,
                      listed: tuple[StateOutlet, ...] | None = None) -> StateOutlet | None:
    """The state-media entry an outlet name or URL matches, if any.

    Names match whole (accent- and case-folded), also with a domain in brackets
    ("Global Times (globaltimes.cn)"); URLs match by domain or sub-domain."""
    listed = load_state_media() if listed is None else listed
    hosts = {_host(url)}
    name = fold(outlet or "")
    bracket = re.search(r"\(([^)]+)\)", outlet or "")
    if bracket:
        hosts.add(bracket.group(1).strip().lower().removeprefix("www."))
        name = fold((outlet or "")[:bracket.start()])
    for entry in listed:
        if name and name in {fold(n) for n in (entry.name, *entry.aliases)}:
            return entry
        for d in entry.domains:
            if any(h == d or h.endswith("." + d) for h in hosts if h):
                return entry
    return None


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
