"""Score the extraction engine against gold annotations (the quality gate behind ``detente eval``).

Three gold sets, all read from a folder the caller names (the project's ``../shared``; nothing is
read at import and the package never ships them):

PLOVER set (``eval/plover_gsr_dev/plover_gsr_dev.jsonl``), one labelled sentence per record.
  Each sentence is coded with no publication date; the most confident event is kept.

  * ``event_type_accuracy``: its type equals ``plover_event_current`` (no event = wrong).
  * ``actor_country_f1`` / ``recipient_country_f1``: micro F1 over the *sets* of codes per
    sentence. Gold legacy codes are mapped (JAP→JPN, VTN→VAT, ITL→ITA). A predicted actor's
    code is its ``country``; an actor with ``org`` set also counts as ``IGO``; an actor with
    neither but sector REB counts as ``IMG`` and sector SOC as ``NGO`` (gold ``ISM`` cannot be
    produced and counts as a miss). No event predicted = every gold code missed.
  * Reciprocal gold (markup ``SRC/TAR``, both sides listed as actors): the actor F1 compares
    predicted actors ∪ recipients with gold actors ∪ recipients, and the sentence is left out of
    the recipient F1 (the gold has no recipient side for it).
  * ``confusion``: gold type → predicted type (``NONE`` when no event) counts.

Seeds (``corpus/seeds/*.txt`` with ``eval/seeds/*.jsonl``). Each file is read and prepared
through :mod:`detente.ingest`, then coded with its publication date. A predicted event *is in*
a gold event's sentence when their sentences overlap in the article, compared on text reduced
to lower-case letters and digits (so whitespace, quotes and table pipes do not matter).

  * ``core_recall``: share of ``importance == core`` gold events found by a predicted event in
    their sentence with (1) the same type, (2) countries: the predicted actors ∪ recipients codes
    ⊇ the gold ones (null countries ignored), (3) the date equal at the gold precision (a gold
    date of ``2025-02`` accepts ``2025-02`` or any day in it; a null gold date requires a null
    predicted date), (4) the location country equal when the gold has a location.
  * ``core_recall_type_only``: condition (1) only. ``all_recall_type_only``: the same on every
    gold event, core or minor.
  * ``core_type_precision``: of the predicted events whose type is one of the core gold types
    (CONSULT, AGREE, SUPPORT), the share that is in the sentence of a gold event (any
    importance) of the same type. The gold leaves some statements uncoded on purpose (see the
    seeds' NOTES.md), so this is a lower bound. ``core_type_sentence_precision`` only asks for
    a gold event of any type in the sentence.
  * ``modality_accuracy``: over gold events (any importance) found with the right type, the
    share whose best match (the most confident such event) has the gold modality.
  * ``misses``: each core event not found, with the condition that failed.

Docs (``eval/seeds/docs.jsonl``) against the prepared articles: ``published``, ``title``
(whitespace-normalised equality), ``outlet`` (either contains the other, case and punctuation
ignored), ``genre`` accuracy, each counting null = null as right;
``boilerplate_removed_rate`` (a gold chrome string counts as removed when its reduced form is
no longer in the cleaned text; strings that reduce to under 4 characters, like the lone
"\\n0\\n" comment counter, are looked up verbatim); ``gold_sentences_kept`` (content must
survive cleaning: gold event sentences still found in the cleaned text).

Real news docs (``eval/realnews_dev``: ``articles/*.txt`` with ``docs.jsonl`` and ``events.jsonl``
beside them; left out of the report when the folder is absent): the same docs figures, on ingest
alone (no extraction), under ``realnews.docs``. Real pages bring what the seeds do not: a
``url:`` header naming the outlet by its host, ``title: unknown``, wire and photo credits,
cookie notices and menus.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from detente.dates import within
from detente.errors import ConfigError, DetenteError, InputError
from detente.model import ActorRef, Article, Event, Rejection

if TYPE_CHECKING:
    from detente.settings import Settings

__all__ = [
    "Counts",
    "DocsReport",
    "EventExtractor",
    "PloverReport",
    "SeedsReport",
    "evaluate_plover",
    "evaluate_realnews_docs",
    "evaluate_seeds",
    "main",
    "run_all",
    "score_docs",
    "score_plover",
    "score_seeds",
]

LEGACY_CODES = {"JAP": "JPN", "VTN": "VAT", "ITL": "ITA"}
SECTOR_CODES = {"REB": "IMG", "SOC": "NGO"}  # for actors with neither country nor org
PLOVER_FILE = Path("eval") / "plover_gsr_dev" / "plover_gsr_dev.jsonl"
SEEDS_CORPUS = Path("corpus") / "seeds"
SEEDS_GOLD = Path("eval") / "seeds"
REALNEWS = Path("eval") / "realnews_dev"


class EventExtractor(Protocol):
    """What the evaluation needs from the engine (``detente.extract.engine.Extractor``)."""

    def extract(self, text: str, *, doc_id: str, published: str | None) -> list[Event]: ...


# --------------------------------------------------------------------------------------------
# Records


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class PloverMiss:
    id: str
    gold_type: str
    predicted_type: str | None
    gold_actors: list[str]
    predicted_actors: list[str]
    gold_recipients: list[str]
    predicted_recipients: list[str]


@dataclass
class PloverReport:
    sentences: int = 0
    type_correct: int = 0
    no_event: int = 0
    actors: Counts = field(default_factory=Counts)
    recipients: Counts = field(default_factory=Counts)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[PloverMiss] = field(default_factory=list)

    @property
    def event_type_accuracy(self) -> float:
        return self.type_correct / self.sentences if self.sentences else 0.0

    def to_dict(self) -> dict[str, Any]:
        per_type = {
            gold: round(row.get(gold, 0) / sum(row.values()), 4) for gold, row in sorted(self.confusion.items())
        }
        return {
            "sentences": self.sentences,
            "event_type_accuracy": round(self.event_type_accuracy, 4),
            "actor_country_f1": round(self.actors.f1, 4),
            "recipient_country_f1": round(self.recipients.f1, 4),
            "no_event": self.no_event,
            "actors": self.actors.to_dict(),
            "recipients": self.recipients.to_dict(),
            "type_accuracy_by_gold_type": per_type,
            "confusion": {k: dict(sorted(v.items())) for k, v in sorted(self.confusion.items())},
            "misses": [asdict(m) for m in self.misses],
        }


@dataclass
class GoldEvent:
    doc: str
    id: str
    sentence: str
    event_type: str
    countries: frozenset[str]
    date: str | None
    location_country: str | None
    modality: str
    core: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GoldEvent:
        people = list(data.get("actors") or []) + list(data.get("recipients") or [])
        location = data.get("location") or {}
        return cls(
            doc=data["doc"],
            id=data["id"],
            sentence=data["sentence"],
            event_type=data["event_type"],
            countries=frozenset(p["country"] for p in people if p.get("country")),
            date=data.get("date"),
            location_country=location.get("country"),
            modality=data.get("modality") or "asserted",
            core=data.get("importance") == "core",
        )


@dataclass
class SeedMiss:
    id: str
    event_type: str
    reason: str  # sentence-not-kept | no-event-in-sentence | type | countries | date | location
    predicted: list[str]  # what was found in the sentence: "TYPE countries date location"


@dataclass
class SeedsReport:
    core_events: int = 0
    core_found: int = 0
    core_found_type_only: int = 0
    all_events: int = 0
    all_found_type_only: int = 0
    core_type_predicted: int = 0
    core_type_correct: int = 0
    core_type_in_gold_sentence: int = 0
    modality_scored: int = 0
    modality_correct: int = 0
    predicted_events: int = 0
    misses: list[SeedMiss] = field(default_factory=list)
    modality_errors: list[str] = field(default_factory=list)  # "id: gold -> predicted"

    def to_dict(self) -> dict[str, Any]:
        return {
            "core_recall": _ratio(self.core_found, self.core_events),
            "core_recall_type_only": _ratio(self.core_found_type_only, self.core_events),
            "all_recall_type_only": _ratio(self.all_found_type_only, self.all_events),
            "core_type_precision": _ratio(self.core_type_correct, self.core_type_predicted),
            "core_type_sentence_precision": _ratio(self.core_type_in_gold_sentence, self.core_type_predicted),
            "modality_accuracy": _ratio(self.modality_correct, self.modality_scored),
            "counts": {
                "core_events": self.core_events, "core_found": self.core_found,
                "core_found_type_only": self.core_found_type_only, "all_events": self.all_events,
                "all_found_type_only": self.all_found_type_only,
                "core_type_predicted": self.core_type_predicted,
                "core_type_correct": self.core_type_correct,
                "modality_scored": self.modality_scored, "predicted_events": self.predicted_events,
            },
            "misses": [asdict(m) for m in self.misses],
            "modality_errors": self.modality_errors,
        }


@dataclass
class DocsReport:
    docs: int = 0
    published: int = 0
    outlet: int = 0
    title: int = 0
    genre: int = 0
    boilerplate: int = 0
    boilerplate_removed: int = 0
    gold_sentences: int = 0
    gold_sentences_kept: int = 0
    rejected: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "doc field: gold != predicted"

    def to_dict(self) -> dict[str, Any]:
        return {
            "published_accuracy": _ratio(self.published, self.docs),
            "outlet_accuracy": _ratio(self.outlet, self.docs),
            "title_accuracy": _ratio(self.title, self.docs),
            "genre_accuracy": _ratio(self.genre, self.docs),
            "boilerplate_removed_rate": _ratio(self.boilerplate_removed, self.boilerplate),
            "gold_sentences_kept": _ratio(self.gold_sentences_kept, self.gold_sentences),
            "docs": self.docs,
            "rejected": self.rejected,
            "errors": self.errors,
        }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


# --------------------------------------------------------------------------------------------
# Shared helpers


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise ConfigError(f"gold file {path} not found", fix="point --shared at the folder holding eval/ and corpus/")
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number} is not valid JSON ({exc.msg})",
                                 fix="repair or remove the line") from exc
    return rows


def actor_codes(actor: ActorRef) -> set[str]:
    """The codes a predicted actor is scored as (see the module docstring)."""
    codes: set[str] = set()
    if actor.country:
        codes.add(actor.country)
    if actor.org:
        codes.add("IGO")
        if actor.org == "EU":
            codes.add("EUR")
    if not codes and actor.sector in SECTOR_CODES:
        codes.add(SECTOR_CODES[actor.sector])
    return codes


def _codes(actors: Iterable[ActorRef]) -> set[str]:
    found: set[str] = set()
    for actor in actors:
        found |= actor_codes(actor)
    return found


def most_confident(events: Sequence[Event]) -> Event | None:
    """The event with the highest confidence (the first one on a tie)."""
    best: Event | None = None
    for event in events:
        if best is None or event.confidence > best.confidence:
            best = event
    return best


# --------------------------------------------------------------------------------------------
# PLOVER sentences


def _gold_codes(entries: Iterable[dict[str, Any]]) -> set[str]:
    codes = set()
    for entry in entries:
        code = (entry.get("code") or "").strip().upper()
        if code:
            codes.add(LEGACY_CODES.get(code, code))
    return codes


def score_plover(path: str | Path, extractor: EventExtractor) -> PloverReport:
    """Score ``extractor`` on the PLOVER gold sentences in the JSON Lines file ``path``."""
    report = PloverReport()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for record in _read_jsonl(Path(path)):
        gold_type = record["plover_event_current"]
        events = extractor.extract(record["text"], doc_id=str(record["id"]), published=None)
        top = most_confident(events)
        predicted_type = top.event_type if top else None
        report.sentences += 1
        report.no_event += top is None
        report.type_correct += predicted_type == gold_type
        confusion[gold_type][predicted_type or "NONE"] += 1

        gold_actors = _gold_codes(record.get("actor") or [])
        gold_recipients = _gold_codes(record.get("recipient") or [])
        pred_actors = _codes(top.actors) if top else set()
        pred_recipients = _codes(top.recipients) if top else set()
        if "SRC/TAR" in (record.get("markup") or ""):
            report.actors.add(pred_actors | pred_recipients, gold_actors | gold_recipients)
            actors_right = (pred_actors | pred_recipients) == (gold_actors | gold_recipients)
            recipients_right = True
        else:
            report.actors.add(pred_actors, gold_actors)
            report.recipients.add(pred_recipients, gold_recipients)
            actors_right = pred_actors == gold_actors
            recipients_right = pred_recipients == gold_recipients
        if predicted_type != gold_type or not actors_right or not recipients_right:
            report.misses.append(PloverMiss(
                id=str(record["id"]), gold_type=gold_type, predicted_type=predicted_type,
                gold_actors=sorted(gold_actors), predicted_actors=sorted(pred_actors),
                gold_recipients=sorted(gold_recipients), predicted_recipients=sorted(pred_recipients),
            ))
    report.confusion = {gold: dict(row) for gold, row in confusion.items()}
    return report


def evaluate_plover(path: str | Path, extractor: EventExtractor) -> dict[str, Any]:
    """The PLOVER scores as a JSON-ready dict (see :func:`score_plover`)."""
    return score_plover(path, extractor).to_dict()


# --------------------------------------------------------------------------------------------
# Seeds


class _Reduced:
    """Text reduced to lower-case letters and digits, with the map back to the original."""

    def __init__(self, text: str) -> None:
        kept = [(i, c.lower()) for i, c in enumerate(text) if c.isalnum()]
        self.text = "".join(c for _, c in kept)
        self.index = [i for i, _ in kept]

    def reduced_span(self, start: int, end: int) -> tuple[int, int]:
        """The reduced interval covering the original characters [start, end)."""
        from bisect import bisect_left

        return bisect_left(self.index, start), bisect_left(self.index, end)

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        reduced = _reduce(needle)
        spans: list[tuple[int, int]] = []
        if not reduced:
            return spans
        at = self.text.find(reduced)
        while at >= 0:
            spans.append((at, at + len(reduced)))
            at = self.text.find(reduced, at + 1)
        return spans


def _reduce(text: str) -> str:
    return "".join(c.lower() for c in text if c.isalnum())


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _date_matches(predicted: str | None, gold: str | None) -> bool:
    if gold is None:
        return predicted is None
    return predicted is not None and within(predicted, gold)


def _describe(event: Event) -> str:
    codes = sorted(_codes(event.actors) | _codes(event.recipients))
    where = event.location.country if event.location else None
    return f"{event.event_type} {'/'.join(codes) or '-'} {event.date or '-'} {where or '-'} ({event.modality})"


def _failed_condition(gold: GoldEvent, candidates: Sequence[Event]) -> str | None:
    """``None`` when a candidate satisfies every condition, else the first one that failed
    for the candidate that got furthest."""
    best = "no-event-in-sentence" if not candidates else "type"
    order = ["type", "countries", "date", "location"]
    for event in candidates:
        checks = [
            event.event_type == gold.event_type,
            gold.countries <= (_codes(event.actors) | _codes(event.recipients)),
            _date_matches(event.date, gold.date),
            gold.location_country is None
            or (event.location is not None and event.location.country == gold.location_country),
        ]
        if all(checks):
            return None
        failed = order[checks.index(False)]
        if best == "no-event-in-sentence" or order.index(failed) > order.index(best):
            best = failed
    return best


@dataclass
class _PreparedDoc:
    name: str
    article: Article | None
    reduced: _Reduced | None
    events: list[Event]


def _prepare_file(path: Path, settings: Settings | None) -> Article | Rejection:
    from detente.ingest import prepare, read_sources

    items = list(read_sources([str(path)], offline=True, settings=settings))
    if not items:
        return Rejection(str(path), "nothing read")
    first = items[0]
    return first if isinstance(first, Rejection) else prepare(first)


def score_seeds(
    seeds_dir: str | Path,
    eval_dir: str | Path,
    extractor: EventExtractor,
    *,
    settings: Settings | None = None,
) -> tuple[SeedsReport, DocsReport]:
    """Score ingest + extraction on the seed articles in ``seeds_dir`` against the gold files
    (events.jsonl, docs.jsonl) in ``eval_dir``."""
    seeds, gold_dir = Path(seeds_dir), Path(eval_dir)
    gold_docs = _read_jsonl(gold_dir / "docs.jsonl")
    gold_events = [GoldEvent.from_json(row) for row in _read_jsonl(gold_dir / "events.jsonl")]
    by_doc: dict[str, list[GoldEvent]] = defaultdict(list)
    for gold in gold_events:
        by_doc[gold.doc].append(gold)

    events_report, docs_report = SeedsReport(), DocsReport()
    core_types = {g.event_type for g in gold_events if g.core}
    names = sorted({row["doc"] for row in gold_docs} | set(by_doc))
    gold_doc_rows = {row["doc"]: row for row in gold_docs}
    for name in names:
        path = seeds / name
        if not path.is_file():
            raise ConfigError(f"seed article {path} not found", fix="point at the folder holding the seed files")
        prepared = _prepare_one(path, name, extractor, settings)
        if name in gold_doc_rows:
            _score_doc(gold_doc_rows[name], prepared, by_doc.get(name, []), docs_report)
        _score_events(prepared, by_doc.get(name, []), core_types, events_report)
    return events_report, docs_report


def _ingest_one(path: Path, name: str, settings: Settings | None) -> _PreparedDoc:
    """The file read and prepared by ingest, not yet coded."""
    result = _prepare_file(path, settings)
    if isinstance(result, Rejection):
        return _PreparedDoc(name, None, None, [])
    return _PreparedDoc(name, result, _Reduced(result.text), [])


def _prepare_one(path: Path, name: str, extractor: EventExtractor, settings: Settings | None) -> _PreparedDoc:
    doc = _ingest_one(path, name, settings)
    if doc.article is not None:
        doc.events = extractor.extract(doc.article.text, doc_id=doc.article.id, published=doc.article.reading_day)
    return doc


def _score_events(
    doc: _PreparedDoc, golds: list[GoldEvent], core_types: set[str], report: SeedsReport
) -> None:
    event_spans = []
    for event in doc.events:
        span = doc.reduced.reduced_span(*event.span) if doc.reduced else (0, 0)
        event_spans.append((event, span))
    report.predicted_events += len(doc.events)

    gold_spans = {g.id: doc.reduced.find_all(g.sentence) if doc.reduced else [] for g in golds}
    for gold in golds:
        spans = gold_spans[gold.id]
        candidates = [e for e, s in event_spans if any(_overlaps(s, g) for g in spans)]
        typed = [e for e in candidates if e.event_type == gold.event_type]
        report.all_events += 1
        report.all_found_type_only += bool(typed)
        if typed:
            report.modality_scored += 1
            chosen = most_confident(typed)
            assert chosen is not None
            if chosen.modality == gold.modality:
                report.modality_correct += 1
            else:
                report.modality_errors.append(f"{gold.id}: {gold.modality} -> {chosen.modality}")
        if not gold.core:
            continue
        report.core_events += 1
        report.core_found_type_only += bool(typed)
        failed = "sentence-not-kept" if not spans else _failed_condition(gold, candidates)
        if failed is None:
            report.core_found += 1
        else:
            report.misses.append(SeedMiss(gold.id, gold.event_type, failed, [_describe(e) for e in candidates]))

    for event, span in event_spans:
        if event.event_type not in core_types:
            continue
        report.core_type_predicted += 1
        in_sentence = [g for g in golds if any(_overlaps(span, s) for s in gold_spans[g.id])]
        report.core_type_in_gold_sentence += bool(in_sentence)
        report.core_type_correct += any(g.event_type == event.event_type for g in in_sentence)


def _same_outlet(gold: str | None, predicted: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is predicted
    a, b = _reduce(gold), _reduce(predicted)
    return bool(a and b) and (a in b or b in a)


def _same_text(gold: str | None, predicted: str | None) -> bool:
    if gold is None or predicted is None:
        return gold is predicted
    return " ".join(gold.split()) == " ".join(predicted.split())


def _score_doc(gold: dict[str, Any], doc: _PreparedDoc, golds: list[GoldEvent], report: DocsReport) -> None:
    report.docs += 1
    article = doc.article
    if article is None:
        report.rejected.append(doc.name)
        return
    checks = {
        "published": gold.get("published") == article.published,
        "outlet": _same_outlet(gold.get("outlet"), article.outlet),
        "title": _same_text(gold.get("title"), article.title),
        "genre": gold.get("genre") == article.genre,
    }
    for name, right in checks.items():
        setattr(report, name, getattr(report, name) + right)
        if not right:
            report.errors.append(f"{doc.name} {name}: {gold.get(name)!r} != {getattr(article, name)!r}")
    cleaned = doc.reduced.text if doc.reduced else ""
    for chrome in gold.get("boilerplate") or []:
        report.boilerplate += 1
        reduced = _reduce(chrome)
        present = chrome in article.text if len(reduced) < 4 else reduced in cleaned
        report.boilerplate_removed += not present
        if present:
            report.errors.append(f"{doc.name} boilerplate kept: {chrome[:60]!r}")
    for event in golds:
        report.gold_sentences += 1
        kept = _reduce(event.sentence) in cleaned
        report.gold_sentences_kept += kept
        if not kept:
            report.errors.append(f"{doc.name} gold sentence lost in cleaning: {event.id}")


def evaluate_seeds(
    seeds_dir: str | Path, eval_dir: str | Path, extractor: EventExtractor
) -> dict[str, Any]:
    """Seed scores as a JSON-ready dict: ``{"events": {...}, "docs": {...}}``."""
    events, docs = score_seeds(seeds_dir, eval_dir, extractor)
    return {"events": events.to_dict(), "docs": docs.to_dict()}


def score_docs(
    articles_dir: str | Path, eval_dir: str | Path, *, settings: Settings | None = None
) -> DocsReport:
    """Score ingest alone (metadata and cleaning, no extraction) on the articles in
    ``articles_dir`` against ``docs.jsonl`` in ``eval_dir``; the sentences of its
    ``events.jsonl``, when there is one, must survive cleaning."""
    articles, gold_dir = Path(articles_dir), Path(eval_dir)
    gold_docs = _read_jsonl(gold_dir / "docs.jsonl")
    by_doc: dict[str, list[GoldEvent]] = defaultdict(list)
    if (gold_dir / "events.jsonl").is_file():
        for row in _read_jsonl(gold_dir / "events.jsonl"):
            by_doc[row["doc"]].append(GoldEvent.from_json(row))
    report = DocsReport()
    for gold in gold_docs:
        path = articles / gold["doc"]
        if not path.is_file():
            raise ConfigError(f"article {path} not found", fix="point at the folder holding the articles")
        _score_doc(gold, _ingest_one(path, gold["doc"], settings), by_doc.get(gold["doc"], []), report)
    return report


def evaluate_realnews_docs(folder: str | Path) -> dict[str, Any]:
    """Docs scores on a folder laid out as ``eval/realnews_dev`` (``articles/*.txt``,
    ``docs.jsonl``, ``events.jsonl``) as a JSON-ready dict."""
    folder = Path(folder)
    return score_docs(folder / "articles", folder).to_dict()


# --------------------------------------------------------------------------------------------
# Everything


def run_all(shared_dir: str | Path, extractor: EventExtractor | None = None) -> dict[str, Any]:
    """Run the evaluations on the gold data under ``shared_dir`` (the folder holding ``eval/``
    and ``corpus/``) with one extractor (the default engine unless one is given); the real
    news docs only when ``eval/realnews_dev`` is there."""
    shared = Path(shared_dir)
    if not (shared / "eval").is_dir():
        raise ConfigError(f"{shared} has no eval/ folder", fix="give the folder holding eval/ and corpus/")
    if extractor is None:
        from detente.extract.engine import Extractor

        extractor = Extractor()
    report: dict[str, Any] = {
        "plover": evaluate_plover(shared / PLOVER_FILE, extractor),
        "seeds": evaluate_seeds(shared / SEEDS_CORPUS, shared / SEEDS_GOLD, extractor),
    }
    if (shared / REALNEWS / "docs.jsonl").is_file():
        report["realnews"] = {"docs": evaluate_realnews_docs(shared / REALNEWS)}
    return report


def lookup(report: dict[str, Any], dotted: str) -> Any:
    """A figure of a report by its dotted path, e.g. ``"plover.event_type_accuracy"``."""
    value: Any = report
    for part in dotted.split("."):
        value = value[part]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m detente.evaluate --shared PATH``: print the JSON report."""
    parser = argparse.ArgumentParser(prog="python -m detente.evaluate", description=main.__doc__)
    parser.add_argument("--shared", required=True, help="folder holding eval/ and corpus/")
    args = parser.parse_args(argv)
    try:
        report = run_all(args.shared)
    except DetenteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
