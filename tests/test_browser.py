"""The dashboard in a real headless Chromium (Debian's, driven by Playwright), against a uvicorn
server on a free loopback port over a store ingested from the sample corpus plus one hostile
article.  Screenshots go to tests/artifacts/ (gitignored)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.pipeline import ingest, sample_dir
from detente.settings import Settings
from detente.store import open_store

ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE_TITLE = "Harbour talks <img src=x onerror=\"window.pwned=2\">"
HOSTILE_TEXT = ("Officials from Ukraine and Russia met in Istanbul on Monday to discuss a prisoner exchange. "
                "<script>window.pwned = 1; alert('pwned')</script> The zebrafinch delegation left without a deal.")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


def _chromium() -> str | None:
    for candidate in (os.environ.get("DETENTE_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from detente.serve import create_app

    tmp = tmp_path_factory.mktemp("browser")
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(json.dumps({"text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "outlet": "Test Wire",
                                   "published": "2025-05-20"}) + "\n", encoding="utf-8")
    settings = Settings(db=f"sqlite:///{tmp / 'b.db'}")
    with open_store(settings.database_url()) as store:
        ingest([str(sample_dir()), str(hostile)], store, settings=settings, offline=True)
        _followed_sources(store)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}/"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = _chromium()
    if exe is None:
        pytest.skip("no Chromium found (set DETENTE_CHROMIUM or run scripts/setup.d/chromium.sh as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


def _followed_sources(store: Any) -> None:
    """Two followed sources for the Sources page: one never polled, one failing (with markup in
    its error, which must stay text)."""
    from detente.follow import add_source

    add_source(store, "https://wire.example/feed.xml", name="wire")
    down = add_source(store, "https://down.example/rss", name="down", every="1h")
    down.errors, down.last_error_at, down.next_due = 2, "2025-06-01T12:00:00+00:00", "2025-06-01T16:00:00+00:00"
    down.last_error = "https://down.example/rss: the server answered HTTP 503 <img src=x onerror=\"window.pwned=3\">"
    store.save_source(down.to_dict())


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_timeline_to_story_to_evidence(server: str, page: Any) -> None:
    page.goto(server)
    page.wait_for_selector(".story")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Timeline"
    assert page.locator(".chart .bar").count() >= 3
    assert "articles" in page.locator("#counts").inner_text()
    _shot(page, "timeline")
    # filter by type: every listed story has that type
    page.select_option("select[name=type]", "CONSULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_function("location.hash.includes('type=CONSULT')")
    page.wait_for_selector(".story")
    badges = page.locator(".story .badge").all_inner_texts()
    assert badges and set(badges) == {"CONSULT"}
    # a story with several sources, then its evidence
    page.locator(".story a[href^='#/story/']").first.click()
    page.wait_for_selector("mark#evidence")
    mark = page.locator("mark#evidence")
    assert mark.is_visible() and len(mark.inner_text()) > 20
    assert page.locator("h2", has_text="Sources").count() == 1
    assert page.locator("h2", has_text="Disagreements").count() == 1
    _shot(page, "story")
    page.locator("a", has_text="evidence →").first.click()
    # the story page has a mark#evidence too: wait for the event page itself before looking
    page.wait_for_function("location.hash.startsWith('#/event/')")
    page.wait_for_selector("table.list th:text-is('Modality')")
    page.wait_for_selector("mark#evidence", state="visible")
    assert page.locator("mark#evidence").is_visible()
    _shot(page, "event")
    assert page.errors == []


def test_milestone_board_and_evidence(server: str, page: Any) -> None:
    page.goto(server + "#/milestones")
    page.wait_for_selector(".column")
    columns = page.locator(".column h2").all_inner_texts()
    assert len(columns) >= 2 and any(c.startswith("agreed") or c.startswith("Agreed") for c in columns)
    card = page.locator(".milestone").first
    card.locator("summary").click()
    assert card.locator("details li").first.is_visible()
    _shot(page, "milestones")
    assert page.errors == []


def test_network_renders_and_slider_moves(server: str, page: Any) -> None:
    page.goto(server + "#/network")
    page.wait_for_selector("svg.network line.edge")
    assert page.locator("svg.network .node").count() >= 3
    assert page.locator("svg.network line.edge").count() >= 2
    _shot(page, "network")
    page.focus("#period")
    page.keyboard.press("Home")
    page.wait_for_function("location.hash.includes('at=0')")
    page.wait_for_selector("label[for=period]")
    assert "all periods" not in page.locator("label[for=period]").inner_text()
    assert page.errors == []


def test_script_tag_article_stays_inert(server: str, page: Any) -> None:
    page.goto(server + "#/search?q=zebrafinch")
    page.wait_for_selector(".card a[href^='#/article/']")
    _shot(page, "search")
    page.locator(".card a[href^='#/article/']").first.click()
    page.wait_for_selector(".article-text")
    assert "<script>window.pwned = 1; alert('pwned')</script>" in page.locator(".article-text").inner_text()
    assert "<img src=x" in page.locator("h1").inner_text()
    assert page.evaluate("window.pwned") is None
    assert page.locator(".article-text script, h1 img").count() == 0
    assert page.dialogs == []
    _shot(page, "hostile-article")


def test_positions_relations_and_keyboard(server: str, page: Any) -> None:
    page.goto(server + "#/positions")
    page.wait_for_selector(".matrix td button")
    page.focus(".matrix td button")
    assert "“" in page.locator("#position-detail").inner_text()
    _shot(page, "positions")
    page.goto(server + "#/relations")
    page.wait_for_selector("#pair")
    assert page.locator(".chart circle").count() >= 1 and "Trend" in page.locator("main").inner_text()
    _shot(page, "relations")
    page.reload()
    page.wait_for_selector("#pair")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("getComputedStyle(document.activeElement).left") != "-999px"  # shown when focused
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#/timeline"
    assert page.errors == []


def test_readable_on_a_phone(server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    pg.goto(server)
    pg.wait_for_selector(".story")
    overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"page scrolls sideways by {overflow}px on a phone"
    _shot(pg, "phone-timeline")
    context.close()


def test_sources_page_shows_each_sources_health(server: str, page: Any) -> None:
    page.goto(server + "#/sources")
    page.wait_for_selector("#sources tbody tr")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Sources"
    rows = {r.split("\n")[0]: r for r in page.locator("#sources tbody tr").all_inner_texts()}
    assert set(rows) == {"wire", "down"}
    assert "failing" in rows["down"] and "HTTP 503" in rows["down"] and "2 failure(s) in a row" in rows["down"]
    assert "new" in rows["wire"] and "due now" in rows["wire"]
    assert "1 failing" in page.locator("#view p.muted").first.inner_text()
    assert page.evaluate("window.pwned") is None
    _shot(page, "sources")
    assert page.errors == []
