"""Watchlists and alerts: saved queries evaluated after each ingest against what is new since
their last evaluation, delivered to the log, to a webhook (POST JSON, retried) and as an Atom feed.

A watchlist watches one of three kinds of change:

- ``events``: new events matching event filters (type, actor, countries all involved, place, ...);
- ``milestone_status``: a milestone whose status changed (or a new milestone);
- ``conflicts``: a new conflicting claim.

Each watchlist keeps a cursor (the matching event ids already reported, the milestone statuses and
conflict ids it last saw), primed when it is added, so it fires only on what changes afterwards.
Call :func:`run_watchlists` at the end of an ingest, after the derived records are refreshed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from detente.errors import ConfigError, NotFoundError
from detente.model import PLOVER_TYPES, Article, Event, _Record
from detente.settings import Settings
from detente.store import EventQuery, Store
from detente.text import fold_letters

__all__ = [
    "WATCH_KINDS",
    "Alert",
    "Changes",
    "Citation",
    "Cursor",
    "Snapshot",
    "WatchFilters",
    "Watchlist",
    "add_watchlist",
    "atom_feed",
    "diff",
    "evaluate",
    "list_watchlists",
    "post_webhook",
    "remove_watchlist",
    "run_watchlists",
    "snapshot",
]

log = logging.getLogger(__name__)

WATCH_KINDS = ("events", "milestone_status", "conflicts")
_NAME = re.compile(r"^[\w][\w .:-]{0,63}$", re.UNICODE)
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


# --------------------------------------------------------------------------- records
@dataclass
class WatchFilters(_Record):
    """What a watchlist looks for.  Event filters follow ``EventQuery``; ``countries`` must all be
    involved (on either side: ["USA", "RUS"] is any event between the two)."""

    event_type: str | None = None
    actor: str | None = None
    countries: list[str] = field(default_factory=list)
    place: str | None = None
    outlet: str | None = None
    modality: str | None = None
    status: str | None = None  # milestone_status: only moves to this status
    subject: str | None = None  # milestone_status / conflicts: words in the milestone or subject

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WatchFilters:
        data = _known(cls, dict(data))
        data["countries"] = [str(c).upper() for c in data.get("countries") or []]
        return cls(**data)


@dataclass
class Cursor(_Record):
    """Where the last evaluation stopped."""

    evaluated_at: str | None = None
    events: list[str] = field(default_factory=list)  # matching event ids already reported
    statuses: dict[str, str] = field(default_factory=dict)  # milestone id → status
    conflicts: list[str] = field(default_factory=list)  # conflict ids seen


@dataclass
class Watchlist(_Record):
    name: str
    kind: str
    filters: WatchFilters = field(default_factory=WatchFilters)
    webhook: str | None = None
    created: str = ""
    cursor: Cursor = field(default_factory=Cursor)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Watchlist:
        data = _known(cls, dict(data))
        data["filters"] = WatchFilters.from_dict(data.get("filters") or {})
        data["cursor"] = Cursor.from_dict(data.get("cursor") or {})
        return cls(**data)


@dataclass
class Citation(_Record):
    article_id: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass
class Alert(_Record):
    id: str
    watchlist: str
    kind: str  # event | milestone_status | conflict
    record_id: str
    title: str
    summary: str
    created: str
    sources: list[Citation] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Alert:
        data = _known(cls, dict(data))
        data["sources"] = [Citation.from_dict(c) for c in data.get("sources") or []]
        return cls(**data)


# --------------------------------------------------------------------------- snapshot / diff
@dataclass
class Snapshot:
    """The derived records a watchlist compares: milestone statuses and conflict ids."""

    statuses: dict[str, str] = field(default_factory=dict)
    conflicts: set[str] = field(default_factory=set)
    milestones: dict[str, dict[str, Any]] = field(default_factory=dict)
    conflict_records: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class MilestoneMove:
    milestone: dict[str, Any]
    old: str | None  # None: a milestone not seen before
    new: str


@dataclass
class Changes:
    milestones: list[MilestoneMove] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def snapshot(store: Store) -> Snapshot:
    """The milestone statuses and conflicts stored now (take one before and one after a refresh)."""
    milestones = {str(m["id"]): m for m in store.list_derived("milestones") if m.get("id")}
    conflicts = {str(c["id"]): c for c in store.list_derived("conflicts") if c.get("id")}
    return Snapshot({k: str(m.get("status")) for k, m in milestones.items()}, set(conflicts),
                    milestones, conflicts)


def diff(before: Snapshot, after: Snapshot) -> Changes:
    """Milestones whose status changed (or that are new) and conflicts that are new."""
    moves = [MilestoneMove(after.milestones.get(mid, {"id": mid}), before.statuses.get(mid), status)
             for mid, status in after.statuses.items() if before.statuses.get(mid) != status]
    new = [after.conflict_records.get(cid, {"id": cid}) for cid in sorted(after.conflicts - before.conflicts)]
    return Changes(moves, new)


# --------------------------------------------------------------------------- watchlists
def add_watchlist(store: Store, name: str, kind: str, filters: WatchFilters | None = None, *,
                  webhook: str | None = None, now: str | None = None) -> Watchlist:
    """Save a watchlist, its cursor primed with the current state (it fires on later changes)."""
    filters = WatchFilters.from_dict((filters or WatchFilters()).to_dict())  # codes upper-cased
    if not _NAME.match(name):
        raise ConfigError(f"watchlist name {name!r} is not usable",
                          fix="use up to 64 letters, digits, spaces, '.', ':', '-' or '_'")
    if kind not in WATCH_KINDS:
        raise ConfigError(f"watchlist kind {kind!r} is unknown", fix="use one of " + ", ".join(WATCH_KINDS))
    if filters.event_type:
        filters.event_type = filters.event_type.upper()
        if filters.event_type not in PLOVER_TYPES:
            raise ConfigError(f"{filters.event_type!r} is not a PLOVER event type",
                              fix="use one of " + ", ".join(PLOVER_TYPES))
    if webhook and not re.match(r"^https?://[^\s]+$", webhook):
        raise ConfigError(f"webhook {webhook!r} is not an http(s) URL", fix="give e.g. https://example.org/hook")
    watch = Watchlist(name, kind, filters, webhook, now or _now())
    _, watch.cursor = _evaluate(store, watch, None, watch.created)
    store.save_watchlist(watch.to_dict())
    return watch


def list_watchlists(store: Store) -> list[Watchlist]:
    return [Watchlist.from_dict(w) for w in store.list_watchlists()]


def remove_watchlist(store: Store, name: str) -> None:
    if not store.remove_watchlist(name):
        raise NotFoundError(f"no watchlist named {name!r}", fix="see the names with detente watch list")


def evaluate(store: Store, watch: Watchlist, new_article_ids: Iterable[str] | None = None, *,
             now: str | None = None) -> tuple[list[Alert], Watchlist]:
    """The alerts of one watchlist since its cursor, and the watchlist with its cursor moved on."""
    alerts, cursor = _evaluate(store, watch, new_article_ids, now or _now())
    return alerts, Watchlist(watch.name, watch.kind, watch.filters, watch.webhook, watch.created, cursor)


def _evaluate(store: Store, watch: Watchlist, new_article_ids: Iterable[str] | None,
              now: str) -> tuple[list[Alert], Cursor]:
    cursor = watch.cursor
    cites = _Citer(store)
    if watch.kind == "events":
        seen = set(cursor.events)
        fresh = [e for e in _matching_events(store, watch.filters, new_article_ids) if e.id not in seen]
        alerts = [_event_alert(watch.name, e, cites, now) for e in fresh]
        return alerts, Cursor(now, cursor.events + [e.id for e in fresh], cursor.statuses, cursor.conflicts)
    before = Snapshot(dict(cursor.statuses), set(cursor.conflicts))
    after = snapshot(store)
    changes = diff(before, after)
    if watch.kind == "milestone_status":
        alerts = [_milestone_alert(watch.name, m, cites, now) for m in changes.milestones
                  if _milestone_matches(m, watch.filters)]
    else:
        alerts = [_conflict_alert(watch.name, c, cites, now) for c in changes.conflicts
                  if _conflict_matches(c, watch.filters)]
    return alerts, Cursor(now, cursor.events, after.statuses, sorted(after.conflicts))


def _matching_events(store: Store, f: WatchFilters, new_article_ids: Iterable[str] | None) -> list[Event]:
    from detente.outputs.exports import iter_events

    base = EventQuery(actor=f.actor, country=f.countries[0] if f.countries else None, event_type=f.event_type,
                      place=f.place, outlet=f.outlet, modality=f.modality)
    if new_article_ids is None:
        found = list(iter_events(store, base))
    else:
        found = [e for doc in dict.fromkeys(new_article_ids)
                 for e in iter_events(store, EventQuery(**{**base.__dict__, "doc_id": doc}))]
    wanted = set(f.countries)
    return [e for e in found if wanted <= _involved(e)]


def _involved(ev: Event) -> set[str]:
    return {code for ref in ev.actors + ev.recipients for code in (ref.country, ref.org) if code}


def _milestone_matches(move: MilestoneMove, f: WatchFilters) -> bool:
    m = move.milestone
    if f.status and move.new != f.status:
        return False
    if f.countries and not set(f.countries) & set(m.get("responsible") or []):
        return False
    return not f.subject or fold_letters(f.subject) in fold_letters(str(m.get("what") or ""))


def _conflict_matches(conflict: dict[str, Any], f: WatchFilters) -> bool:
    if f.subject and fold_letters(f.subject) not in fold_letters(str(conflict.get("subject") or "")):
        return False
    outlets = [str(c.get("outlet") or "") for c in conflict.get("claims") or []]
    return not f.outlet or any(fold_letters(f.outlet) in fold_letters(o) for o in outlets)


# --------------------------------------------------------------------------- alerts
class _Citer:
    """Citations of articles, each article read once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[str, Article | None] = {}

    def __call__(self, article_ids: Iterable[str]) -> list[Citation]:
        out = []
        for aid in dict.fromkeys(article_ids):
            if aid not in self.cache:
                self.cache[aid] = self.store.get_article(aid)
            art = self.cache[aid]
            out.append(Citation(aid, art.outlet, art.title, art.url) if art else Citation(aid))
        return out


def _alert_id(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


def _party(ev: Event, recipients: bool) -> str:
    refs = ev.recipients if recipients else ev.actors
    return ", ".join(r.name or r.text or r.country or r.org or "?" for r in refs) or "?"


def _event_alert(name: str, ev: Event, cites: _Citer, now: str) -> Alert:
    where = f" in {ev.location.name or ev.location.text}" if ev.location else ""
    title = f"{ev.event_type}: {_party(ev, False)} → {_party(ev, True)}{where}, {ev.date or 'undated'}"
    return Alert(_alert_id(name, "event", ev.id), name, "event", ev.id, title, ev.sentence, now,
                 cites([ev.doc_id]))


def _milestone_alert(name: str, move: MilestoneMove, cites: _Citer, now: str) -> Alert:
    m = move.milestone
    history = m.get("status_history") or []
    last = history[-1] if history else {}
    change = f"{move.old} → {move.new}" if move.old else f"new, {move.new}"
    title = f"Milestone {change}: {m.get('what')}"
    summary = str(last.get("evidence") or last.get("reason") or m.get("source_text") or "")
    ids = list(last.get("article_ids") or [])
    if not ids and m.get("article_id"):
        ids = [str(m["article_id"])]
    return Alert(_alert_id(name, "milestone", str(m.get("id")), move.new), name, "milestone_status",
                 str(m.get("id")), title, summary, now, cites(ids))


def _conflict_alert(name: str, c: dict[str, Any], cites: _Citer, now: str) -> Alert:
    claims = c.get("claims") or []
    parts = [f"{cl.get('outlet') or 'unknown outlet'}: \"{cl.get('quote')}\"" for cl in claims]
    title = f"Sources disagree: {c.get('subject')}"
    summary = (str(c.get("reason") or "") + " — " + "; ".join(parts)).strip(" —")
    return Alert(_alert_id(name, "conflict", str(c.get("id"))), name, "conflict", str(c.get("id")), title,
                 summary, now, cites(str(cl.get("article_id")) for cl in claims if cl.get("article_id")))


# --------------------------------------------------------------------------- running and delivering
def run_watchlists(store: Store, settings: Settings | None = None,
                   new_article_ids: Iterable[str] | None = None, *, now: str | None = None,
                   post: Callable[[str, dict[str, Any]], bool] | None = None) -> list[Alert]:
    """Evaluate every watchlist, record and deliver its alerts (log, webhook), move its cursor.

    ``new_article_ids``: the articles the ingest just added (None: look at the whole store).
    Call it after the derived records are refreshed.  A failing webhook is logged, never raised."""
    ids = None if new_article_ids is None else list(new_article_ids)
    post = post or post_webhook
    fired: list[Alert] = []
    for watch in list_watchlists(store):
        alerts, moved = evaluate(store, watch, ids, now=now)
        if alerts:
            store.add_alerts(a.to_dict() for a in alerts)
            for a in alerts:
                log.info("alert [%s] %s", watch.name, a.title)
            if watch.webhook and not post(watch.webhook, {"watchlist": watch.name,
                                                          "alerts": [a.to_dict() for a in alerts]}):
                log.warning("watchlist %s: webhook %s did not accept %d alerts", watch.name, watch.webhook,
                            len(alerts))
        store.save_watchlist(moved.to_dict())
        fired += alerts
    return fired


def post_webhook(url: str, payload: dict[str, Any], *, attempts: int = 4, backoff: float = 0.5,
                 timeout: float = 5.0) -> bool:
    """POST ``payload`` as JSON; retry on errors and 5xx / 408 / 429 with exponential backoff
    (``backoff`` × 2ⁿ seconds, at most 8 s a wait, ``attempts`` tries).  True when accepted."""
    import httpx

    for attempt in range(max(1, attempts)):
        if attempt:
            time.sleep(min(backoff * 2 ** (attempt - 1), 8.0))
        try:
            resp = httpx.post(url, json=payload, timeout=timeout, follow_redirects=False)
        except httpx.HTTPError as exc:
            log.info("webhook %s: attempt %d failed: %s", url, attempt + 1, exc)
            continue
        if resp.is_success:
            return True
        log.info("webhook %s: attempt %d got HTTP %d", url, attempt + 1, resp.status_code)
        if resp.status_code < 500 and resp.status_code not in (408, 429):
            return False
    return False


def atom_feed(alerts: Iterable[Alert], *, feed_url: str = "/api/alerts.atom",
              title: str = "détente alerts") -> str:
    """An Atom 1.0 feed of alerts (newest first as given); every string escaped as text."""
    import xml.etree.ElementTree as ET

    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ns}}}{tag}", {k: _XML_BAD.sub("", v) for k, v in attrs.items()})
        if text is not None:
            el.text = _XML_BAD.sub("", text)
        return el

    items = list(alerts)
    feed = ET.Element(f"{{{ns}}}feed")
    sub(feed, "id", "urn:detente:alerts")
    sub(feed, "title", title, type="text")
    sub(feed, "updated", items[0].created if items else "1970-01-01T00:00:00+00:00")
    sub(feed, "link", rel="self", href=feed_url)
    sub(sub(feed, "author"), "name", "détente")
    for a in items:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:detente:alert:{a.id}")
        sub(entry, "title", a.title, type="text")
        sub(entry, "updated", a.created)
        sub(entry, "category", term=a.watchlist)
        for c in a.sources:
            if c.url and re.match(r"^https?://", c.url):
                sub(entry, "link", rel="related", href=c.url, title=c.title or c.outlet or c.url)
        cited = "; ".join(f"{c.outlet or 'unknown outlet'}: {c.title or c.article_id}"
                          + (f" <{c.url}>" if c.url else f" [article {c.article_id}]") for c in a.sources)
        sub(entry, "summary", a.summary + (f"\nSources: {cited}" if cited else ""), type="text")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode")
