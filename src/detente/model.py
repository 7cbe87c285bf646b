"""The records that flow through détente: ingest → extract → track / reconcile → store → serve.

Typed dataclasses inside the library; plain dicts only at the JSON boundary
(``to_dict`` / ``from_dict``).  Field names follow the outside contract (CONTRACT.md).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import Field, dataclass, field, fields, is_dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from urllib.parse import SplitResult

__all__ = [
    "GENRES",
    "MODALITIES",
    "PLOVER_TYPES",
    "ActorRef",
    "Article",
    "Event",
    "Location",
    "RawDocument",
    "Rejection",
    "Segment",
    "content_id",
    "date_from_url",
    "split_url",
]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future", "reported_claim")
GENRES: tuple[str, ...] = ("news", "editorial", "opinion", "analysis", "advocacy", "mixed")

T = TypeVar("T")


def content_id(text: str) -> str:
    """The id of an article: a hash of its cleaned text, so re-ingesting is a no-op."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


_ATOMS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for one value: dataclasses to dicts, lists, tuples and dicts
    converted item by item (tuples stay tuples), immutable scalars as they are, anything else
    deep-copied."""
    if isinstance(value, _ATOMS):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in _fields_of(type(value))}
    if isinstance(value, list):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, tuple):
        if hasattr(value, "_fields"):  # a named tuple
            return type(value)(*[_plain(v) for v in value])
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return type(value)((_plain(k), _plain(v)) for k, v in value.items())
    return copy.deepcopy(value)


@cache
def _fields_of(cls: type) -> tuple[Field[Any], ...]:
    return fields(cls)


_NAMES: dict[Any, frozenset[str]] = {}


def _names_of(cls: Any) -> frozenset[str]:
    """The field names of a record class (read once per class: every stored event is rebuilt
    through ``from_dict`` when the store is read)."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = frozenset(f.name for f in fields(cls))
    return names


class _Record:
    """Shared JSON conversion for the dataclasses below."""

    def to_dict(self) -> dict[str, Any]:
        # what dataclasses.asdict gives, without its deep copy of every string and number (a
        # refresh turns every story, claim and position into JSON: asdict was a fifth of it)
        return _plain(self)  # type: ignore[no-any-return]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        names = _names_of(cls)
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class RawDocument(_Record):
    """One item read from an input, before cleaning: text or HTML plus what the source said."""

    origin: str  # where it came from: a path, "path:line", a URL, "<stdin>"
    text: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, only when the source states it
    outlet: str | None = None
    categories: list[str] = field(default_factory=list)
    fmt: str = "text"  # text | html | feed-entry | jsonl


@dataclass
class Rejection(_Record):
    """An input item that could not be used, with the reason and the fix."""

    origin: str
    reason: str


@dataclass
class Segment(_Record):
    """A distinct piece inside one article file (an editorial, then an essay, ...)."""

    start: int
    end: int
    genre: str
    title: str | None = None


@dataclass
class Article(_Record):
    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD or null, never invented
    language: str | None = None
    genre: str | None = None
    categories: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    origin: str | None = None

    @property
    def reading_day(self) -> str | None:
        """The day the report is read against ("on Tuesday", "yesterday", "last week"): its
        stated publication day, else the day its web address was published under
        (``/2025/06/24/``).  ``published`` itself stays what the page states."""
        return self.published or date_from_url(self.url)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        data = dict(data)
        data["segments"] = [
            s if isinstance(s, Segment) else Segment.from_dict(s) for s in data.get("segments") or []
        ]
        names = _names_of(cls)
        return cls(**{k: v for k, v in data.items() if k in names})


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A day in a web address's path, as news sites write it: /2025/03/03/, /2025-06-24/,
# /2025/feb/28/ (month by name), or a path segment that opens with the compact 20230512
# (followed by at most four digits of a serial number: /stories/202305120411.html).
_URL_DAY = re.compile(
    r"/(?P<y>(?:19|20)\d\d)[/_-](?P<m>[01]?\d|[a-z]{3,9})[/_-](?P<d>[0-3]?\d)(?=[/_.-]|$)"
    r"|/(?P<cy>(?:19|20)\d\d)(?P<cm>[01]\d)(?P<cd>[0-3]\d)\d{0,4}(?=[/_.-]|$)",
    re.IGNORECASE,
)


def split_url(url: str | None) -> SplitResult | None:
    """``url`` split into its parts; None for no address or one that cannot be split."""
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        parts.hostname  # noqa: B018 -- a bad port or bracket raises only here
    except ValueError:
        return None
    return parts


def date_from_url(url: str | None, *, today: date | None = None) -> str | None:
    """The publication day a web address states in its path ("YYYY-MM-DD"); None when it
    states none, only a month, or a day that does not exist or lies after ``today``."""
    parts = split_url(url)
    for m in _URL_DAY.finditer(parts.path if parts else ""):
        y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["cy"], m["cm"], m["cd"])
        month = int(mo) if mo.isdigit() else next(
            (i + 1 for i, name in enumerate(_MONTHS) if mo.lower().startswith(name)), 0)
        try:
            day = date(int(y), month, int(d))
        except ValueError:
            continue
        if day <= (today or date.today()):
            return day.isoformat()
    return None


@dataclass
class ActorRef(_Record):
    text: str | None
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3; null for an IGO
    sector: str | None = None  # GOV, MIL, ... (plover_sectors)
    org: str | None = None  # UN, EU, NATO, OSCE, ...


@dataclass
class Location(_Record):
    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Event(_Record):
    id: str
    doc_id: str
    sentence: str
    span: tuple[int, int]
    trigger: str
    event_type: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    intensity: float = 0.0
    goldstein: float | None = None
    actors: list[ActorRef] = field(default_factory=list)
    recipients: list[ActorRef] = field(default_factory=list)
    reciprocal: bool = False
    date: str | None = None
    date_precision: str | None = None
    location: Location | None = None
    modality: str = "asserted"
    confidence: float = 0.5
    # How the date and the place were obtained: "stated" in the sentence, from the article's
    # "context" (the meeting or deal it reports, its dateline), or the "published" date of a
    # report of something done; null when there is none.
    date_basis: str | None = None
    location_basis: str | None = None
    # The knowledge that coded the event: the trigger dictionary and its version (the curated
    # "verbs", or PETRARCH2's "petrarch-verbs"), the actor dictionary's and the codebook's,
    # e.g. "verbs 2; actors 2026.12.1; codebook 1"; null for events read from elsewhere.
    knowledge: str | None = None
    # PETRARCH2's discard list (detente.extract.discards): "story: PHRASE" when the article names
    # a story-level phrase (sports, entertainment: the whole article off-topic), "sentence:
    # PHRASE" when the sentence names a sentence-level one; null otherwise.  A mark, never a
    # filter: `detente events --no-discarded` leaves marked events out.
    discard: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _plain(self)
        data["span"] = list(self.span)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        data = dict(data)
        data["span"] = tuple(data.get("span") or (0, 0))
        data["actors"] = [ActorRef.from_dict(a) for a in data.get("actors") or []]
        data["recipients"] = [ActorRef.from_dict(a) for a in data.get("recipients") or []]
        loc = data.get("location")
        data["location"] = Location.from_dict(loc) if loc else None
        names = _names_of(cls)
        return cls(**{k: v for k, v in data.items() if k in names})

    @staticmethod
    def make_id(doc_id: str, start: int, trigger: str, event_type: str) -> str:
        key = f"{doc_id}:{start}:{trigger}:{event_type}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
