"""The actor dictionary: who a mention names, and which country, sector and organisation it
stands for on a given day.

The shipped dictionary (``detente/knowledge/actors.jsonl``, built by
``detente/knowledge/build_actors.py``) holds every country with its common names,
nationality adjectives, seats of government, institutions, international organisations,
armed groups and people with dated roles.  Users add or replace entries with a JSON Lines
file of the same shape (setting ``actors_file``).

Resolution rules (``ActorDictionary.resolve``):

* Leading determiners are dropped; matching is case- and accent-insensitive (Erdogan =
  Erdoğan), except short all-capital aliases (US, UN, EU), which must be written in capitals.
* Known names are found by longest alias first (one precompiled index of token n-grams).
* A person named in the head of the mention is the actor.  Their country, sector and
  organisation come from the role they held on ``on_date``; after their last office has
  ended they are coded ``ELI`` (former official) with their home country; before any office
  they keep the entry's own sector.  Without a date the current role (else the latest) is used.
* Otherwise a country, nationality, seat of government, organisation or group gives the
  country / organisation, and a role noun beside it gives the sector: "Russian army" → RUS
  MIL, "China's Foreign Ministry" → CHN GOV, "UN peacekeepers" → UN MIL, "a spokesperson for
  China's Foreign Ministry" → CHN GOV, "Trump administration" → USA GOV.
* A country or seat of government alone stands for its government (sector GOV); a
  nationality word alone ("Palestinians") has no sector.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from detente.errors import ConfigError
from detente.model import ActorRef
from detente.text import fold_token

__all__ = [
    "ENTRY_TYPES",
    "SECTORS",
    "ActorDictionary",
    "ActorEntry",
    "NgramIndex",
    "Role",
    "Tokens",
    "fold",
    "tokenize",
]

# PLOVER actor sector codes (codebooks/plover_sectors.csv).
SECTORS = frozenset(
    ["COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC"]
)
ENTRY_TYPES = frozenset(
    ["person", "country", "nationality", "capital", "city", "institution", "org", "group", "territory", "region"]
)
# Entry types that stand for a country or organisation and take a role noun ("Russian army").
_COLLECTIVE_TYPES = frozenset(
    ["country", "nationality", "capital", "city", "institution", "org", "group", "territory", "region"]
)

# Role nouns: what kind of actor a mention names, as a PLOVER sector.
_ROLE_NOUNS: dict[str, tuple[str, ...]] = {
    "GOV": (
        "government", "governments", "authorities", "administration", "administrations",
        "official", "officials", "ministry", "ministries", "minister", "ministers",
        "foreign ministry", "foreign minister", "foreign ministers", "foreign office",
        "foreign secretary", "interior ministry", "interior minister", "president", "presidents",
        "vice president", "prime minister", "prime ministers", "premier", "chancellor",
        "leader", "leaders", "leadership", "head of state", "heads of state", "spokesman",
        "spokeswoman", "spokesperson", "spokespeople", "spokespersons", "press secretary",
        "envoy", "envoys", "special envoy", "ambassador", "ambassadors", "embassy", "diplomat",
        "diplomats", "negotiator", "negotiators", "negotiating team", "delegation",
        "delegations", "delegate", "delegates", "side", "sides", "cabinet", "king", "queen",
        "crown prince", "emir", "sultan", "monarch", "regime", "state", "mayor", "governor",
        "governors", "secretary of state", "secretary", "secretary general", "deputy",
        "national security adviser", "national security advisor", "adviser", "advisers",
        "advisor", "advisors", "aide", "aides", "presidency", "presidential office", "team",
        "counterpart", "counterparts", "foreign policy chief", "top diplomat", "mission",
        "executive", "council", "office",
    ),
    "MIL": (
        "army", "armies", "military", "militaries", "forces", "armed forces", "troops",
        "soldier", "soldiers", "servicemen", "service members", "navy", "air force",
        "marines", "defence ministry", "defense ministry", "defence minister",
        "defense minister", "defence secretary", "defense secretary", "general staff",
        "commander", "commanders", "military police", "special forces", "peacekeepers",
        "peacekeeping force", "peacekeeping forces", "military personnel", "warplanes",
        "aircraft", "drones", "artillery", "fleet", "units", "brigade", "battalion",
        "military intelligence", "national guard",
    ),
    "COP": (
        "police", "policemen", "police officers", "security forces", "border guards",
        "border guard", "border patrol", "border service", "gendarmes", "gendarmerie",
        "riot police",
    ),
    "REB": (
        "rebels", "rebel", "insurgents", "insurgent", "militants", "militant", "separatists",
        "separatist", "guerrillas", "guerrilla", "fighters", "militia", "militias",
        "jihadists", "extremists", "insurgency",
    ),
    "LEG": (
        "parliament", "parliaments", "lawmakers", "lawmaker", "legislators", "legislator",
        "legislature", "congress", "senate", "senators", "senator", "mps", "members of parliament",
        "national assembly", "congressmen", "parliamentarians", "lower house", "upper house",
    ),
    "JUD": (
        "court", "courts", "judge", "judges", "judiciary", "supreme court",
        "constitutional court", "prosecutor", "prosecutors", "prosecutor general", "tribunal",
        "war crimes court",
    ),
    "OPP": ("opposition", "opposition parties", "opposition party", "dissidents", "dissident"),
    "CVL": (
        "protesters", "protestors", "demonstrators", "civilians", "civilian", "residents",
        "citizens", "people", "public", "activists", "villagers", "crowds", "population",
        "prisoner", "prisoners", "settlers", "inhabitants", "elders", "supporters",
    ),
    "SPY": (
        "intelligence", "intelligence services", "intelligence service", "intelligence agency",
        "spies", "spy", "security service", "secret service", "spy agency",
    ),
    "JRN": (
        "journalists", "journalist", "reporters", "reporter", "media", "state media",
        "state television", "state tv", "broadcaster", "news agency", "newspaper", "newspapers",
    ),
    "SOC": (
        "human rights group", "human rights groups", "rights group", "rights groups",
        "human rights organization", "human rights organisation", "aid group", "aid groups",
        "aid agency", "aid agencies", "relief agency", "relief agencies", "charity", "charities",
        "non-governmental organization", "non-governmental organisation", "ngo", "ngos",
    ),
    "REF": ("refugees", "refugee", "displaced people", "asylum seekers", "evacuees"),
    "EDU": ("students", "universities", "teachers", "schools"),
    "MED": ("doctors", "medics", "hospitals", "nurses", "health workers"),
    "LAB": ("workers", "unions", "trade unions", "labor union", "labour union", "miners"),
    "BUS": (
        "businesses", "companies", "company", "firms", "firm", "executives", "businessmen",
        "investors", "banks", "business leaders",
    ),
    "REL": ("church", "clergy", "clerics", "bishops", "patriarch", "orthodox church", "imams"),
    "PTY": ("party", "parties", "ruling party"),
    "AGR": ("farmers", "peasants"),
    "CRM": ("criminals", "gangs", "smugglers", "hostage takers", "kidnappers"),
    "UAF": ("gunmen", "unknown gunmen", "assailants", "attackers"),
}
_DETERMINERS = frozenset(
    ["the", "a", "an", "both", "some", "several", "two", "three", "four", "many", "other", "its", "their", "his", "her", "our", "this", "that", "these", "those", "any", "all", "each", "every", "certain", "various"]
)
_PREPOSITIONS = frozenset(
    ["of", "for", "from", "in", "at", "with", "on", "to", "near", "by", "under", "between", "against", "inside", "within", "across", "throughout", "among", "representing"]
)
_CONJUNCTIONS = frozenset({"and", "or", "nor", "&"})

# A token: initials with dots (U.S., D.C.) or a word with inner apostrophes (d'Orsay);
# the possessive 's of China's is no token.
_TOKEN_RE = re.compile(r"[^\W\d_](?:\.[^\W\d_])+\.?|(?!(?<=['’])s\b)\w+(?:['’](?!s\b)\w+)*|&")


def fold(text: str) -> str:
    """Lower-case, accent-free, dot-free form of a token (Erdoğan → erdogan, U.S. → us):
    :func:`detente.text.fold_token`, remembered for the tokens seen most."""
    key = _FOLDED.get(text)
    if key is None:
        if len(_FOLDED) > 100_000:
            _FOLDED.clear()
        key = _FOLDED[text] = fold_token(text)
    return key


_FOLDED: dict[str, str] = {}


@dataclass(slots=True)
class Tokens:
    """The word tokens of a text as parallel lists: offsets, surface and folded key."""

    starts: list[int]
    ends: list[int]
    raws: list[str]  # as written (a possessive 's is not part of its word)
    keys: list[str]  # folded

    def __len__(self) -> int:
        return len(self.keys)


def tokenize(text: str) -> Tokens:
    """Word tokens with character offsets; a possessive 's is left out."""
    found = list(_TOKEN_RE.finditer(text))
    raws = [m.group() for m in found]
    return Tokens([m.start() for m in found], [m.end() for m in found], raws,
                  [fold(r) for r in raws])


@dataclass(frozen=True)
class Role:
    """An office held between two dates (``end`` exclusive; null = still held)."""

    title: str
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    start: str | None = None
    end: str | None = None

    def valid_on(self, day: str) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class ActorEntry:
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = field(default_factory=tuple)

    @classmethod
    def from_dict(cls, data: Any) -> ActorEntry:
        """Check one dictionary line; raise ValueError saying what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("the line is not a JSON object")
        for key in ("id", "name"):
            if not isinstance(data.get(key), str) or not data[key].strip():
                raise ValueError(f'"{key}" must be a non-empty string')
        type_ = data.get("type", "person")
        if type_ not in ENTRY_TYPES:
            raise ValueError(f'"type" is {type_!r}; use one of {", ".join(sorted(ENTRY_TYPES))}')
        aliases = data.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError('"aliases" must be a list of strings')
        roles_data = data.get("roles", [])
        if not isinstance(roles_data, list):
            raise ValueError('"roles" must be a list of objects')
        roles = []
        for r in roles_data:
            if not isinstance(r, dict) or not isinstance(r.get("title"), str):
                raise ValueError('each role must be an object with a "title"')
            _check_codes(r, where="role ")
            for key in ("start", "end"):
                if r.get(key) is not None and not _DATE_RE.fullmatch(str(r[key])):
                    raise ValueError(f'role "{key}" {r[key]!r} is not a date YYYY-MM-DD')
            roles.append(Role(r["title"], r.get("country"), r.get("sector"), r.get("org"),
                              r.get("start"), r.get("end")))
        _check_codes(data, where="")
        return cls(data["id"], data["name"], type_, data.get("country"), data.get("sector"),
                   data.get("org"), tuple(dict.fromkeys([data["name"], *aliases])), tuple(roles))

    def role_on(self, day: str) -> Role | None:
        """The first listed role held on ``day`` (YYYY-MM-DD, or a shorter YYYY-MM / YYYY)."""
        return next((r for r in self.roles if r.valid_on(day)), None)

    def current_role(self) -> Role | None:
        """The first role still held, else the one that ended last."""
        open_role = next((r for r in self.roles if r.end is None), None)
        if open_role or not self.roles:
            return open_role
        return max(self.roles, key=lambda r: r.end or "")

    def coding(self, on_date: str | None) -> tuple[str | None, str | None, str | None]:
        """(country, sector, org) this entry stands for on ``on_date``."""
        if not self.roles:
            return self.country, self.sector, self.org
        role = self.role_on(on_date) if on_date else self.current_role()
        if role is not None:
            return role.country, role.sector, role.org
        if self.type == "person" and on_date and any(r.end and r.end <= on_date for r in self.roles):
            return self.country, "ELI", None
        return self.country, self.sector, self.org


_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_CODE_RE = re.compile(r"[A-Z]{3}")


def _check_codes(data: dict[str, Any], *, where: str) -> None:
    country, sector, org = data.get("country"), data.get("sector"), data.get("org")
    if country is not None and not (isinstance(country, str) and _CODE_RE.fullmatch(country)):
        raise ValueError(f'{where}"country" {country!r} is not an ISO 3166-1 alpha-3 code (e.g. "UKR") or null')
    if sector is not None and sector not in SECTORS:
        raise ValueError(f'{where}"sector" {sector!r} is not a PLOVER sector ({", ".join(sorted(SECTORS))}) or null')
    if org is not None and not isinstance(org, str):
        raise ValueError(f'{where}"org" must be a string such as "UN" or null')


@dataclass(frozen=True, slots=True)
class _Candidate:
    entry: ActorEntry
    exact: str | None  # a short all-capital alias must be written so ("US", not "us")
    capitalised: bool  # the alias starts with a capital letter


@dataclass(frozen=True, slots=True)
class _Match:
    start: int  # token indexes
    end: int
    entry: ActorEntry | None = None  # a dictionary entry ...
    sector: str | None = None  # ... or a role noun


def _alias_key(alias: str) -> tuple[str, ...]:
    keys = tuple(tokenize(alias).keys)
    return keys[1:] if len(keys) > 1 and keys[0] == "the" else keys


class NgramIndex:
    """Folded token n-grams → values, looked up longest first from a token position."""

    def __init__(self) -> None:
        self.table: dict[tuple[str, ...], list[Any]] = {}
        self.longest: dict[str, int] = {}  # first token → longest n-gram starting with it

    def add(self, key: tuple[str, ...], value: Any) -> None:
        if not key:
            return
        self.table.setdefault(key, []).append(value)
        if len(key) > self.longest.get(key[0], 0):
            self.longest[key[0]] = len(key)

    def lookup(self, keys: list[str], i: int, stop: int) -> Iterator[tuple[int, list[Any]]]:
        """(length, values) of every n-gram starting at ``i``, longest first."""
        longest = self.longest.get(keys[i])
        if not longest:
            return
        for n in range(min(longest, stop - i), 0, -1):
            values = self.table.get(tuple(keys[i : i + n]))
            if values:
                yield n, values


def _role_noun_index() -> NgramIndex:
    index = NgramIndex()
    for sector, nouns in _ROLE_NOUNS.items():
        for noun in nouns:
            index.add(_alias_key(noun), sector)
    # PETRARCH2's generic agents (knowledge/agents_petrarch.json) after the role nouns above:
    # a phrase they have, in either number, keeps their sector; a single word is left to
    # them ("representatives" is a legislature in PETRARCH2, mostly envoys in the news)
    stems = {_singular(noun) for nouns in _ROLE_NOUNS.values() for noun in nouns}
    for phrase, sector in _petrarch_agents().items():
        if " " in phrase and _singular(phrase) not in stems:
            index.add(_alias_key(phrase), sector)
    return index


def _singular(phrase: str) -> str:
    """A phrase with its last word's regular plural undone ("ministries" -> "ministry")."""
    if phrase.endswith("ies"):
        return phrase[:-3] + "y"
    return phrase[:-1] if phrase.endswith("s") and not phrase.endswith("ss") else phrase


@lru_cache(maxsize=1)
def _petrarch_agents() -> dict[str, str]:
    raw = resources.files("detente.knowledge").joinpath("agents_petrarch.json").read_text("utf-8")
    return {k: v for k, v in json.loads(raw)["agents"].items() if v in SECTORS}


@lru_cache(maxsize=1)
def _shipped() -> tuple[str, tuple[ActorEntry, ...]]:
    source = resources.files("detente.knowledge").joinpath("actors.jsonl")
    lines = source.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    entries = tuple(ActorEntry.from_dict(json.loads(line)) for line in lines[1:] if line.strip())
    return str(header["version"]), entries


def _read_user_file(path: Path) -> list[ActorEntry]:
    fix = ('write one JSON object per line, e.g. {"id": "person/jane-doe", "name": "Jane Doe", '
           '"type": "person", "country": "UKR", "aliases": ["Doe"], "roles": [{"title": '
           '"Minister", "country": "UKR", "sector": "GOV", "start": "2025-01-01", "end": null}]}')
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the actors file {path}: {exc}",
                          fix="check the actors_file setting (DETENTE_ACTORS_FILE)") from exc
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if isinstance(data, dict) and "version" in data and "id" not in data:
                continue  # a header line, as in the shipped file
            entries.append(ActorEntry.from_dict(data))
        except (json.JSONDecodeError, ValueError) as exc:
            raise ConfigError(f"{path}:{lineno}: bad actor entry: {exc}", fix=fix) from exc
    return entries


class ActorDictionary:
    """Known actors with one alias index; see the module text for the resolution rules."""

    def __init__(self, entries: Iterable[ActorEntry], version: str) -> None:
        self.version = version
        self.entries: tuple[ActorEntry, ...] = tuple(entries)
        self._aliases = NgramIndex()
        for entry in self.entries:
            for alias in entry.aliases:
                bare = alias.replace(".", "")
                exact = bare if bare.isupper() and len(bare) <= 5 and " " not in bare else None
                self._aliases.add(_alias_key(alias), _Candidate(entry, exact, alias[:1].isupper()))
        self._nouns = _role_noun_index()

    @classmethod
    def load(cls, user_file: str | Path | None = None) -> ActorDictionary:
        """The shipped dictionary, with the entries of ``user_file`` added; an entry whose
        id is already shipped replaces it, and user aliases win over shipped ones."""
        if user_file is None:
            return _load_shipped()
        path = Path(user_file)
        try:
            mtime = path.stat().st_mtime_ns
        except OSError as exc:
            raise ConfigError(f"the actors file {path} does not exist or cannot be read",
                              fix="check the actors_file setting (DETENTE_ACTORS_FILE)") from exc
        return _load_with_user(str(path.resolve()), mtime)

    # -- resolution ---------------------------------------------------------------------

    def resolve(self, text: str, on_date: str | None = None) -> ActorRef | None:
        """The actor a mention names (the first one, for a coordinated mention)."""
        refs = self.resolve_all(text, on_date)
        return refs[0] if refs else None

    def resolve_all(self, text: str, on_date: str | None = None) -> list[ActorRef]:
        """Every actor a mention names: "Rubio and Lavrov", "U.S., Russian and Ukrainian
        officials" (the shared noun applies to each), "the Turkish and Greek sides"."""
        tokens = tokenize(text)
        matches = self._scan(tokens, mentions_only=False)
        segments = _split_coordination(text, tokens, matches)
        shared = _trailing_noun(segments[-1]) if len(segments) > 1 else None
        refs = []
        for seg in segments:
            if shared and _collective_only(seg):
                # "U.S., Russian and Ukrainian officials": the last noun serves every part.
                end = max(m.end for m in seg if isinstance(m, _Match))
                seg = [*seg, _Match(end, end, sector=shared)]
            ref = self._resolve_segment(text, tokens, seg, on_date)
            if ref is not None:
                refs.append(ref)
        if len(refs) == 1 and len(segments) == 1:
            refs[0].text = text  # a single mention keeps its text as given
        return refs

    def _resolve_segment(self, text: str, tokens: Tokens, seg: list[_Match | int],
                         on_date: str | None) -> ActorRef | None:
        matches = [m for m in seg if isinstance(m, _Match)]
        if not matches:
            return None
        words = [t for t in seg if isinstance(t, int)]
        real = [m for m in matches if m.end > m.start]
        first = min([m.start for m in real] + words)
        last = max([m.end for m in real] + [w + 1 for w in words])
        surface = text[tokens.starts[first] : tokens.ends[last - 1]]
        # The head is what comes before the first preposition, when it names anything.
        prep = next((w for w in words if tokens.keys[w] in _PREPOSITIONS), None)
        head = [m for m in matches if prep is None or m.start < prep]
        region = head or [m for m in matches if m.start > (prep or 0)]
        if not region:
            return None
        return _code(surface, region, on_date, complement=[m for m in matches if m not in region])

    def find_mentions(self, text: str, on_date: str | None = None) -> list[tuple[int, int, ActorRef]]:
        """Every known actor named in free text: (start, end, ref), longest first, not
        overlapping.  A nationality with a role noun is one mention ("Ukrainian forces"), and
        a title before a name is part of it ("Russian President Vladimir Putin")."""
        tokens = tokenize(text)
        matches = [m for m in self._scan(tokens, mentions_only=True)
                   if m.entry is not None or m.sector is not None]
        found: list[tuple[int, int, ActorRef]] = []
        i = 0
        while i < len(matches):
            m = matches[i]
            if m.entry is None:
                i += 1
                continue
            group = [m]
            j = i + 1
            # nationality/country/org + role noun(s) [+ person]:  "U.S. Secretary of State Marco Rubio"
            while j < len(matches) and matches[j].start == group[-1].end and matches[j].entry is None:
                group.append(matches[j])
                j += 1
            if (len(group) > 1 and j < len(matches) and matches[j].start == group[-1].end
                    and matches[j].entry is not None and matches[j].entry.type == "person"):  # type: ignore[union-attr]
                group.append(matches[j])
                j += 1
            start, end = tokens.starts[group[0].start], tokens.ends[group[-1].end - 1]
            surface = text[start:end]
            found.append((start, end, _code(surface, group, on_date, complement=[])))
            i = j
        return found

    def role_on(self, name: str, on_date: str) -> Role | None:
        """The role the named person (or group) held on ``on_date``, or None."""
        entry = self.lookup(name)
        return entry.role_on(on_date) if entry else None

    def lookup(self, name: str) -> ActorEntry | None:
        """The entry whose name or alias is exactly ``name`` (people first)."""
        tokens = tokenize(name)
        candidates = self._aliases.table.get(tuple(tokens.keys), [])
        valid = [c.entry for c in candidates if _acceptable(c, tokens, 0, len(tokens), False)]
        return next((e for e in valid if e.type == "person"), valid[0] if valid else None)

    # -- scanning -----------------------------------------------------------------------

    def _scan(self, tokens: Tokens, *, mentions_only: bool) -> list[_Match]:
        """Dictionary names and role nouns from left to right, longest first.  In free
        text (``mentions_only``) a name must start with a capital letter."""
        keys, i, stop = tokens.keys, 0, len(tokens)
        out: list[_Match] = []
        alias_starts, noun_starts = self._aliases.longest, self._nouns.longest
        while i < stop:
            if keys[i] not in alias_starts and keys[i] not in noun_starts:
                i += 1
                continue
            best: _Match | None = None
            for n, candidates in self._aliases.lookup(keys, i, stop):
                ok = [c for c in candidates if _acceptable(c, tokens, i, n, mentions_only)]
                if ok:
                    best = _Match(i, i + n, entry=ok[0].entry)
                    break
            for n, sectors in self._nouns.lookup(keys, i, stop):
                if best is None or n > best.end - best.start:
                    best = _Match(i, i + n, sector=sectors[0])
                break
            if best is None:
                i += 1
                continue
            out.append(best)
            i = best.end
        return out


def _acceptable(c: _Candidate, tokens: Tokens, i: int, n: int, mentions_only: bool) -> bool:
    if c.exact is not None:
        return n == 1 and tokens.raws[i].replace(".", "") == c.exact
    return not (mentions_only and c.capitalised and not tokens.raws[i][:1].isupper())


def _code(surface: str, region: list[_Match], on_date: str | None, *,
          complement: list[_Match]) -> ActorRef:
    """Turn the matches of one mention into an ActorRef (see the module text)."""
    entries = [m for m in region if m.entry is not None]
    people = [m for m in entries if m.entry and m.entry.type == "person"]
    if people:
        person = people[-1]
        after = [m for m in region if m.start == person.end and m.sector is not None]
        country, sector, org = person.entry.coding(on_date)  # type: ignore[union-attr]
        if not after:
            return ActorRef(surface, person.entry.name, country, sector, org)  # type: ignore[union-attr]
        # "Trump administration", "Putin's envoy": the person's state, the noun's sector.
        return ActorRef(surface, None, country, after[-1].sector, org)
    nouns = [m for m in region if m.sector is not None]
    # the last name that carries a country or organisation ("Turkish Kurd refugees" → TUR)
    coded_entries = [m for m in entries if m.entry and (m.entry.country or m.entry.org)]
    candidates = coded_entries or entries or [m for m in complement if m.entry]
    source = candidates[-1] if candidates else None
    if source is None or source.entry is None:
        return ActorRef(surface, None, None, nouns[-1].sector if nouns else None, None)
    entry = source.entry
    country, sector, org = entry.coding(on_date)
    name: str | None = entry.name
    if nouns:
        # "Hamas officials", "ELN negotiators", "RSF commanders": an armed or opposition movement's
        # people are of the movement, not a state's government or army
        if not (entry.type == "group" and sector in {"REB", "OPP"} and nouns[-1].sector in {"GOV", "MIL"}):
            sector = nouns[-1].sector
        name = entry.name if entry.type in {"org", "group", "institution"} else None
    if entry.type in {"person", "nationality"}:  # "a spokesperson for Putin", "Russian"
        name = None
    return ActorRef(surface, name, country, sector, org)


def _split_coordination(text: str, tokens: Tokens, matches: list[_Match]) -> list[list[_Match | int]]:
    """Split a mention at "and"/"or" (and at list commas) outside any matched name.  Each
    segment lists its matches and the indexes of its other words (determiners left out)."""
    covered: dict[int, _Match] = {}
    for match in matches:
        for k in range(match.start, match.end):
            covered[k] = match
    keys = tokens.keys
    has_conj = any(keys[k] in _CONJUNCTIONS for k in range(len(keys)) if k not in covered)

    def after_comma(k: int) -> bool:
        return has_conj and k > 0 and "," in text[tokens.ends[k - 1] : tokens.starts[k]]

    segments: list[list[_Match | int]] = [[]]
    k = 0
    while k < len(keys):
        m = covered.get(k)
        if keys[k] in _CONJUNCTIONS and m is None:
            segments.append([])
        elif m is not None or keys[k] not in _DETERMINERS:
            if segments[-1] and after_comma(k):
                segments.append([])
            segments[-1].append(m if m is not None else k)
        k = m.end if m is not None else k + 1
    segments = [s for s in segments if any(isinstance(x, _Match) for x in s)]
    return segments or [[]]


def _trailing_noun(seg: list[_Match | int]) -> str | None:
    """The role noun ending a segment that also names someone ("Ukrainian officials")."""
    matches = [m for m in seg if isinstance(m, _Match)]
    if len(matches) > 1 and matches[-1].sector is not None and any(m.entry for m in matches):
        return matches[-1].sector
    return None


def _collective_only(seg: list[_Match | int]) -> bool:
    """A segment naming only countries, nationalities, organisations ... (no role noun)."""
    matches = [m for m in seg if isinstance(m, _Match)]
    return bool(matches) and all(m.entry is not None and m.entry.type in _COLLECTIVE_TYPES
                                 for m in matches)


@lru_cache(maxsize=1)
def _load_shipped() -> ActorDictionary:
    version, entries = _shipped()
    return ActorDictionary(entries, version)


@lru_cache(maxsize=8)
def _load_with_user(path: str, mtime_ns: int) -> ActorDictionary:
    version, shipped = _shipped()
    user = _read_user_file(Path(path))
    replaced = {e.id for e in user}
    return ActorDictionary([*user, *(e for e in shipped if e.id not in replaced)],
                           f"{version}+user")
