"""Following sources (issue 16) against a real HTTP server on loopback: Python's http.server in a
thread serving feeds, sitemaps and listing pages that change between polls, with ETags, 304s,
errors and slow answers.  No live network."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from detente.errors import ConfigError, NotFoundError
from detente.follow import (
    HostPacer,
    add_source,
    follow_due,
    list_sources,
    parse_interval,
    remove_source,
)
from detente.settings import Settings
from detente.store import Store, open_store

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
STORIES = [
    ("Negotiators meet in Istanbul", "Delegations from Russia and Ukraine met in Istanbul on Friday to discuss "
     "a ceasefire. Turkish Foreign Minister Hakan Fidan hosted the talks at the Dolmabahce Palace."),
    ("Prisoner exchange agreed", "Russia and Ukraine agreed on Saturday to exchange 1,000 prisoners each, "
     "the largest swap of the war, after the talks in Istanbul."),
    ("Witkoff visits Moscow", "Steve Witkoff met Vladimir Putin in Moscow on Thursday to discuss a peace plan "
     "proposed by the United States."),
    ("Zelensky calls for sanctions", "Volodymyr Zelensky urged the European Union on Monday to impose new "
     "sanctions on Russia after an attack on Kyiv."),
]


def page(n: int) -> bytes:
    title, lead = STORIES[n % len(STORIES)]
    body = " ".join([lead] + [f"Paragraph {i} of report {n} adds detail on the talks and what each side said "
                              f"about the next round, according to officials who spoke to reporters."
                              for i in range(4)])
    return (f"<!doctype html><html><head><title>{title} ({n})</title></head><body><article><h1>{title} ({n})</h1>"
            f"<p>{body}</p></article></body></html>").encode()


def rss(base: str, numbers: list[int]) -> bytes:
    items = "".join(f"<item><title>{STORIES[n % len(STORIES)][0]} ({n})</title><link>{base}/news/story-{n}.html</link>"
                    f"<guid>story-{n}</guid><pubDate>Sun, 01 Jun 2025 10:00:00 GMT</pubDate></item>" for n in numbers)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Wire</title><link>{base}/</link>'
            f"{items}</channel></rss>").encode()


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """Routes to serve and a log of the requests: (monotonic time, path, request headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[float, str, dict[str, str]]] = []
        self.base = ""

    def hits(self, path: str) -> list[dict[str, str]]:
        return [h for _, p, h in self.log if p == path]

    def pages(self, n: int) -> None:
        for i in range(n):
            self.routes[f"/news/story-{i}.html"] = Route(page(i))


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.log.append((time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            if route.status >= 400:
                self.send_response(route.status)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def extractor() -> Any:
    from detente.extract import Extractor

    return Extractor(Settings())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=f"sqlite:///{tmp_path / 'follow.db'}", follow_host_delay=0.0, fetch_timeout=5.0)


@pytest.fixture
def db(settings: Settings) -> Iterator[Store]:
    with open_store(settings.database_url()) as store:
        yield store


def poll(db: Store, settings: Settings, extractor: Any, at: datetime) -> dict[str, Any]:
    return {r.name: r for r in follow_due(db, settings, extractor=extractor, now=at,
                                          pacer=HostPacer(settings.follow_host_delay))}


def health(db: Store, name: str) -> dict[str, Any]:
    return next(s.health() for s in list_sources(db) if s.name == name)


# --------------------------------------------------------------------------- polling
def test_feed_conditional_get_and_entries_seen_once(site: Site, db: Store, settings: Settings,
                                                    extractor: Any) -> None:
    site.pages(4)
    site.routes["/feed.xml"] = Route(rss(site.base, [0, 1]), "application/rss+xml", etag='"v1"')
    add_source(db, f"{site.base}/feed.xml", name="wire", every="15m", now=T0)

    first = poll(db, settings, extractor, T0)["wire"]
    assert first.status == "ok" and len(first.added) == 2 and first.new == 2
    assert db.count_articles() == 2
    h = health(db, "wire")
    assert h["status"] == "ok" and h["articles_added"] == 2 and h["last_success"] == "2025-06-01T12:00:00+00:00"
    assert h["next_due"] == "2025-06-01T12:15:00+00:00" and h["kind"] == "feed"

    assert poll(db, settings, extractor, T0 + timedelta(minutes=5)) == {}  # not due yet
    second = poll(db, settings, extractor, T0 + timedelta(minutes=16))["wire"]
    assert second.status == "not_modified"
    assert site.hits("/feed.xml")[-1].get("if-none-match") == '"v1"'
    assert len(site.hits("/news/story-0.html")) == 1  # a 304 reads no page

    site.routes["/feed.xml"] = Route(rss(site.base, [2, 1, 0]), "application/rss+xml", etag='"v2"')
    third = poll(db, settings, extractor, T0 + timedelta(minutes=32))["wire"]
    assert third.entries == 3 and third.new == 1 and len(third.added) == 1
    assert [len(site.hits(f"/news/story-{i}.html")) for i in range(3)] == [1, 1, 1]  # seen entries not fetched
    assert health(db, "wire")["articles_added"] == 3 and db.count_articles() == 3


def test_failing_source_backs_off_and_never_stops_the_others(site: Site, db: Store, settings: Settings,
                                                             extractor: Any) -> None:
    site.pages(1)
    site.routes["/feed.xml"] = Route(rss(site.base, [0]), "application/rss+xml")
    site.routes["/broken.xml"] = Route(status=500)
    site.routes["/busy.xml"] = Route(status=503, headers={"Retry-After": "7200"})
    add_source(db, f"{site.base}/broken.xml", name="broken", now=T0)
    add_source(db, f"{site.base}/busy.xml", name="busy", now=T0)
    add_source(db, f"{site.base}/feed.xml", name="good", now=T0)

    reports = poll(db, settings, extractor, T0)
    assert reports["good"].status == "ok" and len(reports["good"].added) == 1
    assert reports["broken"].status == "error" and "HTTP 500" in str(reports["broken"].error)
    broken = health(db, "broken")
    assert broken["status"] == "failing" and broken["errors"] == 1 and "HTTP 500" in broken["last_error"]
    assert broken["next_due"] == "2025-06-01T12:30:00+00:00"  # 15m doubled
    assert health(db, "busy")["next_due"] == "2025-06-01T14:00:00+00:00"  # the server's Retry-After

    again = poll(db, settings, extractor, T0 + timedelta(minutes=31))
    assert set(again) == {"broken", "good"}
    assert health(db, "broken")["next_due"] == "2025-06-01T13:31:00+00:00"  # 15m x 4 after two failures

    site.routes["/broken.xml"] = Route(rss(site.base, [0]), "application/rss+xml")
    fixed = poll(db, settings, extractor, T0 + timedelta(hours=2))
    assert fixed["broken"].status == "ok" and fixed["broken"].present == 1 and fixed["broken"].added == []
    h = health(db, "broken")
    assert h["status"] == "ok" and h["errors"] == 0 and h["last_error"]  # the last error stays on record
    assert db.count_articles() == 1  # the same article through two sources: stored once


def test_slow_and_unreadable_answers_are_errors_of_their_source(site: Site, db: Store, settings: Settings,
                                                                extractor: Any) -> None:
    site.routes["/slow.xml"] = Route(rss(site.base, []), "application/rss+xml", delay=2.0)
    site.routes["/junk"] = Route(b"\x00\x01\x02 binary", "application/octet-stream")
    site.routes["/index.xml"] = Route(b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/'
                                      b'schemas/sitemap/0.9"><sitemap><loc>http://x.org/s1.xml</loc></sitemap>'
                                      b"</sitemapindex>", "application/xml")
    add_source(db, f"{site.base}/slow.xml", name="slow", now=T0)
    add_source(db, f"{site.base}/junk", name="junk", now=T0)
    add_source(db, f"{site.base}/index.xml", name="index", now=T0)
    fast = Settings(**{**settings.__dict__, "fetch_timeout": 0.5})
    started = time.monotonic()
    reports = poll(db, fast, extractor, T0)
    assert time.monotonic() - started < 5
    assert "no answer within 0.5 seconds" in str(reports["slow"].error)
    assert "neither a feed, a sitemap nor an HTML listing page" in str(reports["junk"].error)
    assert "sitemap index" in str(reports["index"].error) and "http://x.org/s1.xml" in str(reports["index"].error)


def test_requests_to_one_host_are_spaced(site: Site, db: Store, settings: Settings, extractor: Any) -> None:
    site.pages(3)
    site.routes["/feed.xml"] = Route(rss(site.base, [0, 1, 2]), "application/rss+xml")
    add_source(db, f"{site.base}/feed.xml", name="wire", now=T0)
    polite = Settings(**{**settings.__dict__, "follow_host_delay": 0.4})
    assert len(poll(db, polite, extractor, T0)["wire"].added) == 3
    times = [t for t, _, _ in site.log]
    assert len(times) == 4
    # the pacer spaces when requests leave; the server's clock sees them with its own delays
    # (a loaded machine: tens of milliseconds), and unpaced requests would be milliseconds apart
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.3


def test_sitemap_and_listing_page(site: Site, db: Store, settings: Settings, extractor: Any) -> None:
    site.pages(4)
    site.routes["/sitemap.xml"] = Route(
        (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
         f"<url><loc>{site.base}/news/story-0.html</loc><lastmod>2025-05-30</lastmod></url>"
         f"<url><loc>{site.base}/news/story-1.html</loc><lastmod>2025-05-31</lastmod></url></urlset>").encode(),
        "application/xml")
    site.routes["/news/"] = Route(
        (f'<html><body><nav><a href="/">Home</a> <a href="/about">About</a> <a href="/tag/peace">Peace</a> '
         f'<a href="/news/page/2">More</a> <a href="https://elsewhere.example/x-1.html">Elsewhere</a></nav>'
         f'<ul><li><a href="story-2.html">Two</a></li><li><a href="{site.base}/news/story-3.html#top">Three</a>'
         f'</li><li><a href="/files/report-1.pdf">PDF</a></li><li><a href="/news/">This page</a></li></ul>'
         f"</body></html>").encode())
    add_source(db, f"{site.base}/sitemap.xml", name="map", now=T0)
    add_source(db, f"{site.base}/news/", name="front", every="1h", now=T0)
    reports = poll(db, settings, extractor, T0)
    assert len(reports["map"].added) == 2 and health(db, "map")["kind"] == "sitemap"
    assert reports["front"].entries == 2 and len(reports["front"].added) == 2
    assert health(db, "front")["kind"] == "listing"
    fetched = [p for _, p, _ in site.log]
    assert fetched.index("/news/story-1.html") < fetched.index("/news/story-0.html")  # newest first
    assert not {"/", "/about", "/tag/peace", "/news/page/2", "/files/report-1.pdf"} & set(fetched)


def test_a_poll_reads_at_most_the_limit_and_keeps_the_rest(site: Site, db: Store, settings: Settings,
                                                          extractor: Any) -> None:
    site.pages(3)
    site.routes["/feed.xml"] = Route(rss(site.base, [0, 1, 2]), "application/rss+xml", etag='"v1"')
    add_source(db, f"{site.base}/feed.xml", name="wire", now=T0)
    small = Settings(**{**settings.__dict__, "follow_max_entries": 2})
    first = poll(db, small, extractor, T0)["wire"]
    assert len(first.added) == 2 and first.pending == 1
    assert health(db, "wire")["next_due"] == "2025-06-01T12:00:00+00:00"  # due again at once
    second = poll(db, small, extractor, T0 + timedelta(seconds=1))["wire"]
    assert "if-none-match" not in site.hits("/feed.xml")[-1]  # the validators waited for the whole read
    assert second.new == 1 and len(second.added) == 1 and second.pending == 0
    third = poll(db, small, extractor, T0 + timedelta(minutes=20))["wire"]
    assert third.status == "not_modified" and db.count_articles() == 3


def test_entries_whose_page_fails_are_retried_then_given_up(site: Site, db: Store, settings: Settings,
                                                            extractor: Any) -> None:
    site.pages(1)
    site.routes["/feed.xml"] = Route(rss(site.base, [0, 1]), "application/rss+xml")  # story-1 is missing: 404
    add_source(db, f"{site.base}/feed.xml", name="wire", now=T0)
    for k in range(4):
        poll(db, settings, extractor, T0 + timedelta(hours=k))
    assert len(site.hits("/news/story-1.html")) == 3 and len(site.hits("/news/story-0.html")) == 1
    assert health(db, "wire")["status"] == "ok"  # a bad entry is not a failing source


def test_an_interrupted_poll_ingests_nothing_twice(site: Site, db: Store, settings: Settings, extractor: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site.pages(2)
    site.routes["/feed.xml"] = Route(rss(site.base, [0, 1]), "application/rss+xml", etag='"v1"')
    add_source(db, f"{site.base}/feed.xml", name="wire", now=T0)

    def killed(*args: Any) -> int:
        raise KeyboardInterrupt  # the follower dies after storing the articles, before marking them seen

    monkeypatch.setattr(db, "record_source_entries", killed)
    with pytest.raises(KeyboardInterrupt):
        poll(db, settings, extractor, T0)
    monkeypatch.undo()
    assert db.count_articles() == 2
    assert health(db, "wire")["polling"] is False  # the claim was let go
    again = poll(db, settings, extractor, T0 + timedelta(seconds=5))["wire"]
    assert again.status == "ok" and again.present == 2 and again.added == []  # the etag had not moved on
    assert db.count_articles() == 2 and health(db, "wire")["articles_added"] == 0


@pytest.mark.slow
def test_a_killed_follower_resumes(site: Site, tmp_path: Path, settings: Settings, extractor: Any) -> None:
    site.pages(3)
    site.routes["/news/story-2.html"].delay = 60.0  # the follower is killed while it waits for this page
    site.routes["/feed.xml"] = Route(rss(site.base, [0, 1, 2]), "application/rss+xml")
    with open_store(settings.database_url()) as store:
        add_source(store, f"{site.base}/feed.xml", name="wire")
    env = {**os.environ, "DETENTE_DB": str(settings.database_url()), "DETENTE_FOLLOW_HOST_DELAY": "0",
           "DETENTE_FETCH_TIMEOUT": "120"}
    proc = subprocess.Popen([sys.executable, "-m", "detente.cli", "follow"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not site.hits("/news/story-2.html") and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert site.hits("/news/story-2.html"), "the follower never reached the slow page"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    site.routes["/news/story-2.html"].delay = 0.0
    with open_store(settings.database_url()) as store:
        assert health(store, "wire")["polling"] is True  # the dead follower's claim is left behind
        report = poll(store, settings, extractor, datetime.now(UTC))["wire"]  # taken over: its process is gone
        assert report.status == "ok" and len(report.added) + report.present == 3
        assert store.count_articles() == 3
        assert poll(store, settings, extractor, datetime.now(UTC) + timedelta(hours=1))["wire"].new == 0


def test_watchlists_run_after_each_poll(site: Site, db: Store, settings: Settings, extractor: Any) -> None:
    from detente.outputs.alerts import add_watchlist

    site.pages(2)
    site.routes["/feed.xml"] = Route(rss(site.base, [0, 1]), "application/rss+xml")
    add_watchlist(db, "everything", "events")
    add_source(db, f"{site.base}/feed.xml", name="wire", now=T0)
    report = poll(db, settings, extractor, T0)["wire"]
    assert report.alerts > 0
    assert db.list_alerts(watchlist="everything")


# --------------------------------------------------------------------------- managing sources
def test_bad_input_is_named_with_the_fix(db: Store) -> None:
    with pytest.raises(ConfigError) as bad_every:
        add_source(db, "https://example.org/feed.xml", every="5x")
    assert "'5x'" in bad_every.value.message and "15m" in str(bad_every.value.fix)
    with pytest.raises(ConfigError, match="outside"):
        parse_interval("10s")
    for url in ("not a url", "ftp://example.org/feed", "https:///feed.xml", "/tmp/feed.xml"):
        with pytest.raises(ConfigError) as bad_url:
            add_source(db, url)
        assert repr(url) in bad_url.value.message and "http(s) URL" in str(bad_url.value.fix)
    add_source(db, "https://example.org/feed.xml")
    with pytest.raises(ConfigError, match=r"already followed, as 'example\.org'"):
        add_source(db, "https://example.org/feed.xml", name="other")
    with pytest.raises(ConfigError, match="is not usable"):
        add_source(db, "https://example.org/other.xml", name="has spaces")
    assert add_source(db, "https://example.org/other.xml").name == "example.org-2"
    assert [parse_interval(t) for t in ("90s", "15m", "2h", "1d", "1D")] == [90, 900, 7200, 86400, 86400]
    assert remove_source(db, "https://example.org/other.xml").name == "example.org-2"
    with pytest.raises(NotFoundError, match="detente sources list"):
        remove_source(db, "nothing")


def test_store_keeps_sources_claims_and_entries(store_url: str) -> None:
    with open_store(store_url) as store:
        assert any(name.endswith("_sources") for name in store.applied_migrations())
        add_source(store, "https://example.org/feed.xml", name="a", now=T0)
        now, later = "2025-06-01T12:00:00+00:00", "2025-06-01T12:05:00+00:00"
        assert store.claim_source("a", "host:1", now, later)
        assert not store.claim_source("a", "host:2", now, later)  # held by another
        assert store.claim_source("a", "host:1", now, later)  # renewed by its owner
        assert store.claim_source("a", "host:2", now, later, stale_owner="host:1")  # its owner is gone
        assert store.claim_source("a", "host:3", "2025-06-01T12:06:00+00:00", later)  # the claim ran out
        store.release_source("a", "host:3")
        source = list_sources(store)[0]
        assert source.claimed_by is None and source.name == "a"
        source.next_due = "2025-06-01T13:00:00+00:00"
        store.save_source(source.to_dict())
        assert not store.claim_source("a", "host:1", now, later)  # not due
        store.record_source_entries("a", [("https://example.org/1", "done", 1, "abc"),
                                          ("https://example.org/2", "failed", 1, None)])
        store.record_source_entries("a", [("https://example.org/2", "failed", 2, None)])
        assert store.source_entries("a", ["https://example.org/1", "https://example.org/2", "x"]) == {
            "https://example.org/1": ("done", 1), "https://example.org/2": ("failed", 2)}
        assert store.remove_source("a") and not store.remove_source("a")
        assert store.source_entries("a", ["https://example.org/1"]) == {}


# --------------------------------------------------------------------------- the faces
def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DETENTE_DB": f"sqlite:///{db}", "DETENTE_FOLLOW_HOST_DELAY": "0"}
    return subprocess.run([sys.executable, "-m", "detente.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.mark.slow
def test_cli_sources_and_follow_once(site: Site, tmp_path: Path) -> None:
    import json

    db = tmp_path / "cli.db"
    site.pages(2)
    site.routes["/feed.xml"] = Route(rss(site.base, [0, 1]), "application/rss+xml", etag='"v1"')
    site.routes["/gone.xml"] = Route(status=404)
    bad = _cli("sources", "add", f"{site.base}/feed.xml", "--every", "5x", db=db)
    assert bad.returncode == 2 and "--every '5x' is not an interval" in bad.stderr and "fix: " in bad.stderr
    bad = _cli("sources", "add", "feed.xml", db=db)
    assert bad.returncode == 2 and "'feed.xml' is not an address to follow" in bad.stderr
    assert _cli("sources", "add", f"{site.base}/feed.xml", "--name", "wire", "--every", "2h", db=db).returncode == 0
    assert _cli("sources", "add", f"{site.base}/gone.xml", "--name", "gone", db=db).returncode == 0
    once = _cli("follow", "--once", db=db)
    assert once.returncode == 1, once.stderr  # one source failed; the other was read
    assert "polled    wire: 2 entries, 2 new: 2 added" in once.stderr and "failed    gone:" in once.stderr
    rows = {r["name"]: r for r in map(json.loads, _cli("sources", "list", "--format", "jsonl", db=db).stdout.splitlines())}
    assert rows["wire"]["status"] == "ok" and rows["wire"]["articles_added"] == 2 and rows["wire"]["every"] == "2h"
    assert rows["gone"]["status"] == "failing" and "HTTP 404" in rows["gone"]["last_error"]
    assert _cli("follow", "--once", db=db).stderr.strip().endswith("0 sources polled, 0 articles added, 0 failed")
    assert _cli("sources", "remove", "gone", db=db).returncode == 0
    missing = _cli("sources", "remove", "gone", db=db)
    assert missing.returncode == 1 and "detente sources list" in missing.stderr


def test_api_lists_sources_with_their_health(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from detente.serve import create_app

    settings = Settings(db=f"sqlite:///{tmp_path / 'api.db'}", token="secret")
    with open_store(settings.database_url()) as store:
        add_source(store, "https://example.org/feed.xml", name="wire", every="1h", now=T0)
    with TestClient(create_app(settings)) as client:
        rows = client.get("/api/sources").json()
        assert [(r["name"], r["every"], r["status"], r["articles_added"]) for r in rows] == [("wire", "1h", "new", 0)]
        assert client.post("/api/sources", json={"url": "https://example.org/s.xml"}).status_code == 401
        auth = {"Authorization": "Bearer secret"}
        bad = client.post("/api/sources", json={"url": "https://example.org/s.xml", "every": "5x"}, headers=auth)
        assert bad.status_code == 400 and "'5x'" in bad.json()["error"]["message"]
        made = client.post("/api/sources", json={"url": "https://example.org/s.xml", "every": "2h"}, headers=auth)
        assert made.status_code == 201 and made.json()["name"] == "example.org"
        assert client.delete("/api/sources/example.org", headers=auth).status_code == 204
        assert client.delete("/api/sources/example.org", headers=auth).status_code == 404
        assert [r["name"] for r in client.get("/api/sources").json()] == ["wire"]


@pytest.mark.slow
def test_serve_follow_polls_beside_the_server(site: Site, tmp_path: Path) -> None:
    import json
    import socket
    import urllib.request

    db = tmp_path / "serve.db"
    site.pages(2)
    site.routes["/feed.xml"] = Route(rss(site.base, [0, 1]), "application/rss+xml")
    assert _cli("sources", "add", f"{site.base}/feed.xml", "--name", "wire", db=db).returncode == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DETENTE_DB": f"sqlite:///{db}", "DETENTE_FOLLOW_HOST_DELAY": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "detente.cli", "serve", "--follow", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, rows = time.monotonic() + 120, []
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/sources", timeout=5) as resp:
                    rows = json.loads(resp.read())
            except OSError:
                rows = []
            if rows and rows[0]["articles_added"] == 2:
                break
            time.sleep(0.3)
        assert rows and rows[0]["status"] == "ok" and rows[0]["articles_added"] == 2, rows
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_ingest_reads_a_sitemap_with_the_same_reader(tmp_path: Path) -> None:
    from detente.ingest import read_sources
    from detente.model import Rejection

    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    "<url><loc>https://example.org/a-1.html</loc></url></urlset>", encoding="utf-8")
    items = list(read_sources([str(path)], offline=True))
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].origin.endswith("sitemap.xml#page-1") and "entry 1 has no text" in items[0].reason
