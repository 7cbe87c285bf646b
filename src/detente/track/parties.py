"""Who is named where: actor mentions as ISO3 / organisation codes, for the tracker.

The tracker asks two things of an actor dictionary: the mentions in a piece of text
(``find_mentions(text, on_date) -> [(start, end, ActorRef)]``) and the code of a short name
("US", "UN Agencies").  The extraction layer's :class:`ActorDictionary` answers both; when it
is not installed (or a caller passes nothing) a small built-in list of the peace process's
parties stands in, so the tracker still works on its own.

It also decides which mentions of a sentence are its *holders* (the grammatical subject side:
"Kyiv has stated…", "a spokesperson for China's Foreign Ministry said…") rather than
objects or places ("talks between the U.S. and Russia", "the war in Ukraine").
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from detente.model import ActorRef

__all__ = ["ActorLookup", "Mention", "Parties", "default_parties"]


class ActorLookup(Protocol):
    def find_mentions(self, text: str, on_date: Any = None) -> list[tuple[int, int, ActorRef]]: ...


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    code: str
    text: str


# Stand-in list used only without the extraction layer's dictionary: the parties of the
# 2025 talks, their capitals, seats of government and leaders, and the organisations involved.
_FALLBACK: dict[str, tuple[str, ...]] = {
    "USA": ("United States", "US", "U.S.", "USA", "America", "American", "Americans", "Washington",
            "White House", "Trump", "Donald Trump", "Rubio", "Marco Rubio", "Witkoff", "Biden"),
    "RUS": ("Russia", "Russian Federation", "Russian", "Russians", "Moscow", "Kremlin", "Putin",
            "Vladimir Putin", "Lavrov", "Sergey Lavrov", "Sergei Lavrov", "Peskov"),
    "UKR": ("Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev", "Zelensky", "Zelenskyy",
            "Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    "CHN": ("China", "Chinese", "Beijing", "Xi Jinping", "Wang Yi"),
    "SAU": ("Saudi Arabia", "Saudi", "Saudis"),
    "TUR": ("Turkey", "Türkiye", "Turkish", "Ankara", "Erdogan", "Erdoğan"),
    "GBR": ("United Kingdom", "Britain", "British", "UK", "U.K.", "London"),
    "FRA": ("France", "French", "Paris", "Macron"),
    "DEU": ("Germany", "German", "Berlin"),
    "IND": ("India", "Indian", "New Delhi"),
    "IRN": ("Iran", "Iranian", "Tehran"),
    "UN": ("United Nations", "UN", "U.N.", "UN Agencies", "UN agencies"),
    "EU": ("European Union", "EU", "E.U.", "Brussels"),
    "NATO": ("NATO", "North Atlantic Treaty Organization"),
    "OSCE": ("OSCE",),
}


class _FallbackActors:
    def __init__(self) -> None:
        names = sorted(
            ((alias, code) for code, aliases in _FALLBACK.items() for alias in aliases),
            key=lambda item: -len(item[0]),
        )
        self._codes = {alias.lower(): code for alias, code in names}
        pattern = "|".join(re.escape(alias) for alias, _ in names)
        self._re = re.compile(rf"(?<![\w.])(?:{pattern})(?![\w])")

    def find_mentions(self, text: str, on_date: Any = None) -> list[tuple[int, int, ActorRef]]:
        out: list[tuple[int, int, ActorRef]] = []
        for m in self._re.finditer(text):
            code = self._codes[m.group(0).lower()]
            org = code if len(code) != 3 or code in {"EUR"} else None
            out.append((m.start(), m.end(), ActorRef(text=m.group(0), country=None if org else code, org=org)))
        return out


def _code(ref: ActorRef) -> str | None:
    return ref.country or ref.org


@lru_cache(maxsize=1)
def _shipped_dictionary() -> ActorLookup | None:
    """The extraction layer's actor dictionary, when it is installed (loaded once)."""
    try:
        actors_module = importlib.import_module("detente.extract.actors")
    except ImportError:
        return None
    for loader in ("load_actor_dictionary", "load_actors", "default_dictionary"):
        fn = getattr(actors_module, loader, None)
        if callable(fn):
            return fn()  # type: ignore[no-any-return]
    cls = getattr(actors_module, "ActorDictionary", None)
    for factory in ("load", "default", "shipped"):
        fn = getattr(cls, factory, None)
        if callable(fn):
            return fn()  # type: ignore[no-any-return]
    return None


# words that make a following mention an object or a place, not the one who holds a view
_OBJECT_PREP = frozenset(
    ["between", "with", "against", "to", "from", "for", "on", "at", "over", "toward", "towards", "including", "than", "by", "about", "into", "in", "of", "among", "like", "behind", "upon", "under", "after", "before", "across"]
)
_ROLE_NOUNS = frozenset(
    ["spokesperson", "spokesman", "spokeswoman", "minister", "ministry", "president", "leader", "leaders", "envoy", "official", "officials", "government", "representative", "representatives", "delegation", "delegations", "negotiators", "negotiator", "diplomats", "head", "chief", "secretary"]
)
# a mention inside a hyphenated compound of names ("Russia-Ukraine", "U.S.-Russian")
_COMPOUND_AFTER = re.compile(r"^[-–](?=[A-Z])")
_COMPOUND_BEFORE = re.compile(r"[\w.][-–]$")
_SKIP = frozenset(["the", "a", "an", "its", "their", "his", "her"])
_COORDINATION = re.compile(r"^\s*,?\s*(?:and|or|nor|&)?\s*(?:the\s+)?$")
_GROUP_PARTIES = re.compile(r"\b(?:all|both|the)\s+(?:involved\s+)?(?:parties|sides|nations|countries|leaders)(?:\s+involved)?\b", re.I)


class Parties:
    """Actor mentions as codes, party lists, and the holders of a sentence."""

    def __init__(self, lookup: ActorLookup | None = None) -> None:
        self.lookup: ActorLookup = lookup or _shipped_dictionary() or _FallbackActors()

    def mentions(self, text: str, on_date: str | None = None) -> list[Mention]:
        found: list[tuple[int, int, ActorRef]] = list(self.lookup.find_mentions(text, on_date))
        out: list[Mention] = []
        for start, end, ref in sorted(found, key=lambda m: (m[0], -m[1])):
            code = _code(ref)
            if code and not (out and start < out[-1].end):
                out.append(Mention(start, end, code, text[start:end]))
        return out

    def codes(self, text: str, on_date: str | None = None) -> list[str]:
        """Distinct codes mentioned in ``text``, in order of first mention."""
        return _unique(m.code for m in self.mentions(text, on_date))

    def party_list(self, cell: str, *, all_parties: list[str] | None = None) -> list[str]:
        """Codes of a written list of parties: "US, Russia, UN Agencies" → USA, RUS, UN.

        "All Involved Parties", "both sides" and the like expand to ``all_parties``.
        """
        codes = self.codes(cell)
        if _GROUP_PARTIES.search(cell) and all_parties:
            codes = _unique([*codes, *all_parties])
        return codes

    def _walk(self, text: str, on_date: str | None) -> Iterator[tuple[Mention, list[str], bool]]:
        """Each mention with the words before it (determiners dropped) and whether it is joined
        by "and" / "," to the mention before it."""
        previous_end: int | None = None
        for m in self.mentions(text, on_date):
            words = re.findall(r"[\w'’]+", text[: m.start].lower())
            while words and words[-1] in _SKIP:
                words.pop()
            joined = previous_end is not None and bool(_COORDINATION.match(text[previous_end : m.start].lower()))
            yield m, words, joined
            previous_end = m.end

    def involved(self, text: str, *, on_date: str | None = None) -> list[str]:
        """Codes of the mentions of ``text`` that are actors, not places.

        "talks between the U.S. and Russia" gives both; "aid to regions in Ukraine" and
        "a meeting in Riyadh, Saudi Arabia" give nothing (a place, and what is joined to it).
        """
        out: list[str] = []
        ok = True
        for m, words, joined in self._walk(text, on_date):
            if not joined:
                ok = not (words and words[-1] in _LOCATIVE)
            if ok and m.code not in out:
                out.append(m.code)
        return out

    def holders(self, text: str, *, before: int | None = None, on_date: str | None = None) -> list[str]:
        """Codes of the first subject group of ``text`` (before ``before``).

        The first mention that is not an object or a place, with the mentions joined to it
        by "and" / "," ("The U.S. and Russia will ..."), is the group.  A mention right after a
        preposition is an object or a place ("between the U.S. and Russia", "the war in
        Ukraine") unless the preposition follows a role noun ("a spokesperson for China's
        Foreign Ministry"); a mention joined by "and" to an excluded one is excluded with it.
        """
        limit = len(text) if before is None else before
        out: list[str] = []
        ok = True
        for m, words, joined in self._walk(text, on_date):
            if m.start >= limit:
                break
            if not joined:
                if out:
                    break  # the first group is complete
                ok = not (words and words[-1] in _OBJECT_PREP) or (len(words) >= 2 and words[-2] in _ROLE_NOUNS)
            if _COMPOUND_AFTER.match(text[m.end :]) or _COMPOUND_BEFORE.search(text[: m.start]):
                # "the Russia-Ukraine conflict", "a U.S.-Russia agreement": the names qualify a
                # noun, they hold nothing
                ok = False
            if ok and m.code not in out:
                out.append(m.code)
        return out


_LOCATIVE = frozenset(["in", "at", "near", "along", "across", "inside", "within", "from", "throughout", "around", "into"])


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


@lru_cache(maxsize=1)
def default_parties() -> Parties:
    return Parties()
