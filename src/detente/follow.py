"""Follow sources continuously: feeds, sitemaps and listing pages polled on their own schedule,
their new items ingested, the watchlists run after each poll — a living record without a cron job.

A source is polled when it is due: a conditional GET (ETag / Last-Modified: a 304 costs
nothing), its entries read with the ingest readers (RSS / Atom feeds, XML sitemaps, or the
article links of a listing page), and only the entries not seen before in this source are
fetched (at most ``follow_max_entries`` per poll) and ingested.  Requests to one host are spaced
by ``follow_host_delay`` seconds; every request has the fetch timeout, a deadline for the whole
answer and the size limit.  A failing source backs off (its interval doubled per consecutive
failure, up to a day, longer when the server asks with Retry-After) and never stops the others.

Everything lives in the store: each source's schedule, validators and health (last success,
last error, articles added), the entries seen in it, and a claim on it while a follower polls
it.  A killed follower leaves no half-read state: the validators move on only once a poll has
recorded its entries, an entry is marked seen only once its article is stored, and articles are
content-hashed, so running again completes the work and nothing is ingested twice.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from detente.errors import ConfigError, DetenteError, InputError, NotFoundError, StoreError
from detente.ingest.fetch import Fetched, FetchError, fetch_url, is_url
from detente.ingest.readers import (
    Entry,
    complete_entry,
    decode_fetched,
    feed_entries,
    listing_entries,
    reject,
    sitemap_entries,
    sniff_format,
)
from detente.model import Article, RawDocument, Rejection, _Record
from detente.settings import Settings
from detente.store import Store

if TYPE_CHECKING:
    from detente.extract import Extractor

__all__ = ["HostPacer", "PollReport", "Source", "add_source", "follow", "follow_due", "format_interval",
           "list_sources", "parse_interval", "poll_source", "remove_source"]

log = logging.getLogger(__name__)

MIN_EVERY = 60  # seconds: no source is polled more often than once a minute
MAX_EVERY = 30 * 86400
MAX_BACKOFF = 86400  # a failing source is tried at least once a day (or at its own interval)
MAX_LISTED = 1000  # entries of one listing looked at per poll (a sitemap may list 50,000)
MAX_ATTEMPTS = 3  # an entry that fails this many polls in a row is given up
CLAIM_SECONDS = 300  # a follower holds a source this long, renewed at each entry it reads
IDLE_MAX = 30.0  # the longest a follower sleeps before looking at the sources again
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"^\s*(\d+)\s*([smhd])\s*$", re.IGNORECASE)
_NAME = re.compile(r"^[\w][\w.:-]{0,63}$", re.UNICODE)


def parse_interval(text: str) -> int:
    """Seconds in an interval written as a number and a unit: 90s, 15m, 2h, 1d."""
    match = _INTERVAL.match(text or "")
    fix = "write a number and a unit (s, m, h or d), e.g. --every 15m, 2h or 1d; at least 1m, at most 30d"
    if not match:
        raise ConfigError(f"--every {text!r} is not an interval", fix=fix)
    seconds = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if not MIN_EVERY <= seconds <= MAX_EVERY:
        raise ConfigError(f"--every {text!r} is outside the intervals allowed", fix=fix)
    return seconds


def format_interval(seconds: int) -> str:
    for unit in ("d", "h", "m"):
        if seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _utcnow() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- records
@dataclass
class Source(_Record):
    """A followed source: where it is, how often to poll it, and how its polls went."""

    name: str
    url: str
    every: int = 900  # seconds between polls
    created: str = ""
    kind: str | None = None  # feed | sitemap | listing, as last read
    etag: str | None = None  # validators of the last complete read, sent back on the next poll
    last_modified: str | None = None
    last_checked: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    errors: int = 0  # failed polls in a row
    articles_added: int = 0  # in all polls
    last_added: int = 0  # in the last successful poll
    next_due: str | None = None  # None: due now
    claimed_by: str | None = None  # the follower polling it now ("host:pid")
    claimed_until: str | None = None

    @property
    def status(self) -> str:
        """new (never polled), ok, or failing (its last poll failed)."""
        if self.errors:
            return "failing"
        return "ok" if self.last_success else "new"

    def health(self) -> dict[str, object]:
        """What the CLI, the API and the dashboard show: settings and health, no validators."""
        return {"name": self.name, "url": self.url, "every": format_interval(self.every), "kind": self.kind,
                "status": self.status, "last_checked": self.last_checked, "last_success": self.last_success,
                "last_error": self.last_error, "last_error_at": self.last_error_at, "errors": self.errors,
                "articles_added": self.articles_added, "last_added": self.last_added, "next_due": self.next_due,
                "polling": self.claimed_by is not None, "created": self.created}


@dataclass
class PollReport:
    """What one poll of one source did."""

    name: str
    url: str
    status: str = "ok"  # ok | not_modified | error
    entries: int = 0  # listed
    new: int = 0  # not seen before, read now
    pending: int = 0  # new ones left for the next poll
    added: list[str] = field(default_factory=list)  # article ids
    present: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    alerts: int = 0
    error: str | None = None


# --------------------------------------------------------------------------- managing sources
def add_source(store: Store, url: str, *, name: str | None = None, every: str | int = "15m",
               now: datetime | None = None) -> Source:
    """Follow ``url`` (a feed, a sitemap or a listing page) every ``every`` ("15m", or seconds)."""
    url = url.strip()
    parts = urlsplit(url)
    if not is_url(url) or not parts.hostname or any(c.isspace() for c in url):
        raise ConfigError(f"{url!r} is not an address to follow",
                          fix="give the http(s) URL of a feed, a sitemap or a listing page, "
                              "e.g. https://example.org/feed.xml")
    seconds = every if isinstance(every, int) else parse_interval(every)
    if isinstance(every, int) and not MIN_EVERY <= seconds <= MAX_EVERY:
        raise ConfigError(f"interval of {seconds} seconds is outside the intervals allowed",
                          fix=f"give between {MIN_EVERY} seconds (1m) and {MAX_EVERY} (30d)")
    sources = {s.name: s for s in list_sources(store)}
    same = next((s for s in sources.values() if s.url == url), None)
    if same is not None:
        raise ConfigError(f"{url} is already followed, as {same.name!r}",
                          fix=f"remove it first with: detente sources remove {same.name}")
    if name is None:
        base = parts.hostname
        name = next(n for n in (base, *(f"{base}-{i}" for i in range(2, 1000))) if n not in sources)
    elif not _NAME.match(name):
        raise ConfigError(f"source name {name!r} is not usable",
                          fix="use up to 64 letters, digits, '.', ':', '-' or '_' (no spaces)")
    elif name in sources:
        raise ConfigError(f"a source named {name!r} is already followed ({sources[name].url})",
                          fix="choose another --name, or remove that source first")
    source = Source(name, url, seconds, _iso(now or _utcnow()))
    store.save_source(source.to_dict())
    return source


def list_sources(store: Store) -> list[Source]:
    return [Source.from_dict(s) for s in store.list_sources()]


def remove_source(store: Store, name_or_url: str) -> Source:
    """Stop following a source, named or by its URL (its articles stay in the store)."""
    found = next((s for s in list_sources(store) if name_or_url in (s.name, s.url)), None)
    if found is None or not store.remove_source(found.name):
        raise NotFoundError(f"no followed source named {name_or_url!r}",
                            fix="see the names with: detente sources list")
    return found


# --------------------------------------------------------------------------- politeness
class HostPacer:
    """Spaces the requests to each host by ``delay`` seconds, and fetches with the follower's
    limits (the fetch timeout, four times it for the whole answer, the size limit)."""

    def __init__(self, delay: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = max(0.0, delay)
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        """Sleep until the host of ``url`` may be asked again, and book that moment."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            at = max(self.clock(), self._last.get(host, float("-inf")) + self.delay)
            self._last[host] = at
        pause = at - self.clock()
        if pause > 0:
            self.sleep(pause)

    def fetch(self, url: str, settings: Settings, headers: dict[str, str] | None = None) -> Fetched:
        self.wait(url)
        return fetch_url(url, settings, headers=headers, deadline=4 * settings.fetch_timeout)


# --------------------------------------------------------------------------- polling
def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _stale(owner: str | None) -> str | None:
    """The claim of a follower of this machine whose process is gone (it was killed)."""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return owner
    except PermissionError:  # alive, another user's
        return None
    return None


def _due(source: Source, now: datetime) -> bool:
    return source.next_due is None or source.next_due <= _iso(now)


def _entries(fetched: Fetched, source: Source) -> tuple[str, list[Entry] | Rejection]:
    """The entries of a source's answer: a feed's, a sitemap's, or a listing page's links."""
    path = urlsplit(source.url).path
    fmt = sniff_format(path.rsplit("/", 1)[-1], fetched.data, fetched.content_type)
    if fmt == "feed":
        return "feed", feed_entries(fetched.data, source.url)
    if fmt == "sitemap":
        return "sitemap", sitemap_entries(fetched.data, source.url)
    if fmt == "html":
        try:
            html = decode_fetched(fetched.data, fetched.charset, source.url)
        except InputError as exc:
            return "listing", reject(source.url, exc)
        return "listing", listing_entries(html, fetched.url)
    return fmt, reject(source.url, InputError(
        f"{source.url} is neither a feed, a sitemap nor an HTML listing page (it reads as {fmt})",
        fix="follow the address of an RSS or Atom feed, an XML sitemap or a page listing articles"))


def poll_source(store: Store, source: Source, settings: Settings, *, pacer: HostPacer,
                extractor: Extractor | None = None, now: datetime | None = None,
                owner: str | None = None) -> PollReport:
    """Poll one source now: read its new entries, ingest them, run the watchlists, and record
    how it went in the store.  Errors of the source are recorded, not raised (a StoreError is)."""
    now = now or _utcnow()
    owner = owner or _owner()
    report = PollReport(source.name, source.url)
    source.last_checked = _iso(now)
    headers = {k: v for k, v in (("If-None-Match", source.etag), ("If-Modified-Since", source.last_modified)) if v}
    try:
        fetched = pacer.fetch(source.url, settings, headers)
        if fetched.status == 304:
            report.status = "not_modified"
        else:
            source.kind, listed = _entries(fetched, source)
            if isinstance(listed, Rejection):
                raise InputError(listed.reason)
            _read_entries(store, source, listed, settings, report, pacer=pacer, extractor=extractor,
                          renew=lambda: store.claim_source(source.name, owner, _iso(now), _claim_until()))
            # the validators move on only now that every new entry is recorded (or some wait)
            source.etag, source.last_modified = (None, None) if report.pending else (fetched.etag,
                                                                                    fetched.last_modified)
    except StoreError:
        raise
    except DetenteError as exc:
        _failed(source, str(exc), exc.retry_after if isinstance(exc, FetchError) else None, now, report)
    except Exception as exc:  # a reader bug: recorded as this source's error, the others go on
        log.exception("polling %s failed", source.url)
        _failed(source, f"internal error ({type(exc).__name__}: {exc}); please report it", None, now, report)
    else:
        source.errors = 0
        source.last_success = _iso(now)
        source.last_added = len(report.added)
        source.articles_added += len(report.added)
        source.next_due = _iso(now if report.pending else now + timedelta(seconds=source.every))
    store.save_source(source.to_dict())
    return report


def _failed(source: Source, message: str, retry_after: float | None, now: datetime, report: PollReport) -> None:
    source.errors += 1
    source.last_error = message
    source.last_error_at = _iso(now)
    wait = min(source.every * 2 ** source.errors, max(source.every, MAX_BACKOFF))
    if retry_after:
        wait = max(wait, min(retry_after, MAX_BACKOFF))
    source.next_due = _iso(now + timedelta(seconds=wait))
    report.status = "error"
    report.error = message


def _claim_until() -> str:
    return _iso(_utcnow() + timedelta(seconds=CLAIM_SECONDS))


def _read_entries(store: Store, source: Source, listed: list[Entry], settings: Settings, report: PollReport, *,
                  pacer: HostPacer, extractor: Extractor | None, renew: Callable[[], bool]) -> None:
    """Ingest the entries not seen before (or failed fewer than MAX_ATTEMPTS times), record
    each as seen once its article is stored, then run the watchlists."""
    from detente.outputs.alerts import run_watchlists
    from detente.pipeline import ingest_documents, prepared_documents

    listed = listed[:MAX_LISTED]
    report.entries = len(listed)
    seen = store.source_entries(source.name, (e.key for e in listed))
    todo = [e for e in listed if e.key not in seen or (seen[e.key][0] == "failed" and seen[e.key][1] < MAX_ATTEMPTS)]
    report.pending = max(0, len(todo) - settings.follow_max_entries)
    todo = todo[: settings.follow_max_entries]
    report.new = len(todo)
    if not todo:
        return
    by_origin = {e.doc.origin: e for e in todo}
    outcome: dict[str, str | None] = {}  # entry key → article id (None: rejected)

    def progress(status: str, item: Article | Rejection) -> None:
        entry = by_origin.get(item.origin or "")
        if entry is not None:
            outcome[entry.key] = item.id if isinstance(item, Article) else None

    def documents() -> Iterator[RawDocument | Rejection]:
        for entry in todo:
            renew()
            yield complete_entry(entry, lambda url: pacer.fetch(url, settings))

    result = ingest_documents(prepared_documents(documents()), store, settings=settings, extractor=extractor,
                              progress=progress)
    store.record_source_entries(source.name, [
        (e.key, "done", seen.get(e.key, ("", 0))[1] + 1, outcome[e.key]) if outcome.get(e.key)
        else (e.key, "failed", seen.get(e.key, ("", 0))[1] + 1, None) for e in todo])
    report.added = [a.id for a in result.added]
    report.present = len(result.present)
    report.rejected = result.rejected
    if report.added:
        report.alerts = len(run_watchlists(store, settings, report.added))


def follow_due(store: Store, settings: Settings, *, pacer: HostPacer | None = None,
               extractor: Extractor | None = None, now: datetime | None = None,
               on_report: Callable[[PollReport], None] | None = None,
               stop: threading.Event | None = None) -> list[PollReport]:
    """Poll every source due at ``now`` (default: now) that no other follower holds, one after
    the other; one failing source never stops the others."""
    pacer = pacer or HostPacer(settings.follow_host_delay)
    owner = _owner()
    reports = []
    for source in list_sources(store):
        if (stop is not None and stop.is_set()) or not _due(source, now or _utcnow()):
            continue
        moment = now or _utcnow()
        if not store.claim_source(source.name, owner, _iso(moment), _claim_until(),
                                  stale_owner=_stale(source.claimed_by)):
            continue  # another follower polls it
        try:
            report = poll_source(store, source, settings, pacer=pacer, extractor=extractor, now=moment,
                                 owner=owner)
        finally:
            store.release_source(source.name, owner)
        reports.append(report)
        if on_report is not None:
            on_report(report)
    return reports


def _next_wake(store: Store) -> float:
    """Seconds until the next source is due (at most IDLE_MAX: sources added meanwhile count)."""
    now = _utcnow()
    waits = [(datetime.fromisoformat(s.next_due) - now).total_seconds() if s.next_due else 0.0
             for s in list_sources(store)]
    return max(0.0, min([IDLE_MAX, *waits]))


def follow(settings: Settings, *, once: bool = False, stop: threading.Event | None = None,
           on_report: Callable[[PollReport], None] | None = None,
           extractor: Extractor | None = None) -> list[PollReport]:
    """Poll the due sources until ``stop`` is set (``once``: one round, then return its reports).
    The store is opened for each round; the extraction model is loaded once, when first needed."""
    from detente.store import open_store

    stop = stop or threading.Event()
    pacer = HostPacer(settings.follow_host_delay)
    if extractor is None:
        from detente.extract import Extractor

        extractor = Extractor(settings)
    done: list[PollReport] = []
    while not stop.is_set():
        wait = IDLE_MAX
        try:
            with open_store(settings.database_url()) as store:
                done += follow_due(store, settings, pacer=pacer, extractor=extractor, on_report=on_report, stop=stop)
                wait = _next_wake(store)
        except StoreError as exc:  # the database is away for a while: the next round tries again
            if once:
                raise
            log.warning("follow: %s (trying again in %d seconds)", exc, wait)
        if once:
            break
        stop.wait(max(wait, 1.0))
    return done
