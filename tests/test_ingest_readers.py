"""Readers: each input format, folders, stdin and URLs (served from 127.0.0.1) become
RawDocuments, and prepare() turns them into Articles with the metadata the source states."""

from __future__ import annotations

import contextlib
import http.server
import io
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.ingest import prepare, read_sources, sniff_format
from detente.model import Article, RawDocument, Rejection
from detente.settings import Settings

INPUTS = Path(__file__).parent / "data" / "inputs"


def _articles(sources: list[str], **kwargs: object) -> list[Article]:
    out = []
    for item in read_sources(sources, **kwargs):  # type: ignore[arg-type]
        assert isinstance(item, RawDocument), item
        article = prepare(item)
        assert isinstance(article, Article), article
        out.append(article)
    return out


def test_text_with_key_value_header() -> None:
    (a,) = _articles([str(INPUTS / "headers.txt")])
    assert a.url == "https://news.example.org/2025/02/18/riyadh-talks"
    assert a.title == "US and Russian envoys hold first talks in Riyadh"
    assert a.published == "2025-02-18"
    assert a.outlet == "Example News"
    assert a.categories == ["Diplomacy", "Ukraine war"]
    assert a.text.startswith("Senior American and Russian officials")
    assert "URL:" not in a.text and "Categories:" not in a.text
    assert a.genre == "news" and a.language == "en"
    assert [(s.start, s.end) for s in a.segments] == [(0, len(a.text))]


def test_text_with_dateline_header() -> None:
    (a,) = _articles([str(INPUTS / "seed_style.txt")])
    assert a.outlet == "kyivledger.example"
    assert a.published == "2025-05-16"
    assert a.categories == ["Negotiations", "Prisoner exchanges", "Ceasefire"]
    assert a.title == "Envoys map out next steps after Istanbul round"
    assert " -- Friday" not in a.text and "Categories:" not in a.text
    assert "Istanbul on Friday" in a.text


def test_html_page_main_text_and_metadata() -> None:
    (a,) = _articles([str(INPUTS / "page.html")])
    assert a.title == "Leaders meet in Anchorage without a ceasefire deal"
    assert a.outlet == "The Example Courier"
    assert a.published == "2025-08-15"
    assert a.url == "https://courier.example.com/world/anchorage-summit"
    assert "military base in Anchorage" in a.text
    assert "newsletter" not in a.text and "Home" not in a.text


def test_rss_feed_offline_uses_entry_text() -> None:
    docs = list(read_sources([str(INPUTS / "feed.rss")], offline=True))
    assert [d.origin for d in docs] == [
        f"{INPUTS / 'feed.rss'}#entry-1",
        f"{INPUTS / 'feed.rss'}#entry-2",
    ]
    first, second = (prepare(d) for d in docs)  # type: ignore[arg-type]
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.title == "Washington and Moscow agree to restore embassy staff"
    assert first.url == "https://wire.example.net/ukraine/embassies"
    assert first.published == "2025-02-19"
    assert first.categories == ["Diplomacy"]
    assert first.outlet == "Example Wire: Ukraine talks"
    assert second.text.startswith("Ukraine's president said")
    assert "<p>" not in second.text


def test_atom_feed_offline() -> None:
    a, b = _articles([str(INPUTS / "feed.atom")], offline=True)
    assert a.published == "2025-03-11"
    assert a.url == "https://monitor.example.org/jeddah-ceasefire"
    assert "thirty-day halt" in a.text
    assert b.text.startswith("The Kremlin said")


def test_json_lines_each_line_an_item() -> None:
    items = list(read_sources([str(INPUTS / "articles.jsonl")]))
    assert [i.origin for i in items] == [f"{INPUTS / 'articles.jsonl'}:{n}" for n in (1, 2, 3)]
    first, second, third = (prepare(i) for i in items)  # type: ignore[arg-type]
    assert isinstance(first, Article) and first.title == "Foreign ministers speak by phone"
    assert first.published == "2025-02-15" and first.outlet == "Example Daily"
    assert isinstance(second, Article) and second.published == "2025-03-18"
    assert "energy facilities" in second.text and "<p>" not in second.text
    assert isinstance(third, Article) and third.published is None and third.outlet is None


def test_folder_is_read_recursively_sorted_and_hidden_files_skipped(tmp_path: Path) -> None:
    body = "Officials from both countries met on Tuesday and said the talks had gone well.\n"
    (tmp_path / "b.txt").write_text("B. " + body)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("A. " + body)
    (tmp_path / "a.txt").write_text("A0. " + body)
    (tmp_path / ".hidden.txt").write_text("hidden " + body)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("git " + body)
    origins = [i.origin for i in read_sources([str(tmp_path)])]
    assert origins == [str(tmp_path / n) for n in ("a.txt", "b.txt", "sub/a.md")]


def test_stdin_is_sniffed_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (INPUTS / "page.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    (item,) = read_sources(["-"])
    assert isinstance(item, RawDocument) and item.origin == "<stdin>" and item.html
    jsonl = (INPUTS / "articles.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(jsonl)))
    items = list(read_sources(["-"]))
    assert [i.origin for i in items] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]


@pytest.mark.parametrize(
    ("name", "data", "fmt"),
    [
        ("saved.txt", b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("noext", b"\xef\xbb\xbf<?xml version='1.0'?><rss version='2.0'></rss>", "feed"),
        (None, b"  <feed xmlns='http://www.w3.org/2005/Atom'></feed>", "feed"),
        (None, b'{"text": "hello"}\n{"text": "again"}\n', "jsonl"),
        ("page.htm", b"just words", "html"),
        ("notes.md", b"# Heading\nplain words", "text"),
        (None, b"{not json at all", "text"),
        ("x.xml", b"<?xml version='1.0'?>\n<!-- c -->\n<html><body/></html>", "html"),
    ],
)
def test_format_sniffing(name: str | None, data: bytes, fmt: str) -> None:
    assert sniff_format(name, data) == fmt


# ---------------------------------------------------------------- URLs on 127.0.0.1

PAGE = (INPUTS / "page.html").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # silence the test output
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # the client gave up first (timeout test)
            self.wfile.write(body)

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        base = f"http://127.0.0.1:{port}"
        if self.path == "/page":
            self._send(200, PAGE)
        elif self.path.startswith("/hop/"):
            n = int(self.path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", "/page" if n == 0 else f"/hop/{n - 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/big":
            self._send(200, b"<p>" + b"words " * 5000 + b"</p>")
        elif self.path == "/chunked-big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"more words here " * 100)
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE)
        elif self.path == "/feed":
            feed = (
                "<?xml version='1.0'?><rss version='2.0'><channel><title>Local wire</title>"
                f"<item><title>Fetched</title><link>{base}/page</link>"
                "<description>Short summary of the Anchorage meeting for the feed reader.</description></item>"
                f"<item><title>Gone</title><link>{base}/missing</link>"
                "<description>The summary stays when the page is gone: envoys met again in Riyadh.</description></item>"
                "</channel></rss>"
            )
            self._send(200, feed.encode(), "application/rss+xml")
        elif self.path == "/ftp-redirect":
            self.send_response(301)
            self.send_header("Location", "ftp://127.0.0.1/file.txt")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(404, b"not here")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _one(source: str, settings: Settings | None = None, offline: bool = False) -> RawDocument | Rejection:
    items = list(read_sources([source], offline=offline, settings=settings or Settings()))
    assert len(items) == 1
    return items[0]


def test_url_page_is_fetched(server: str) -> None:
    item = _one(f"{server}/page")
    assert isinstance(item, RawDocument) and item.url == f"{server}/page"
    article = prepare(item)
    assert isinstance(article, Article) and "military base in Anchorage" in article.text


def test_redirects_are_followed_up_to_the_limit(server: str) -> None:
    item = _one(f"{server}/hop/2", Settings(max_redirects=5))
    assert isinstance(item, RawDocument) and item.url == f"{server}/page"
    refused = _one(f"{server}/hop/6", Settings(max_redirects=5))
    assert isinstance(refused, Rejection)
    assert "more than 5 redirects" in refused.reason and "DETENTE_MAX_REDIRECTS" in refused.reason


def test_url_errors_become_rejections(server: str) -> None:
    missing = _one(f"{server}/nothing")
    assert isinstance(missing, Rejection) and "HTTP 404" in missing.reason
    big = _one(f"{server}/big", Settings(max_bytes=1000))
    assert isinstance(big, Rejection) and "DETENTE_MAX_BYTES" in big.reason
    streamed = _one(f"{server}/chunked-big", Settings(max_bytes=10_000))
    assert isinstance(streamed, Rejection) and "stopped reading" in streamed.reason
    slow = _one(f"{server}/slow", Settings(fetch_timeout=0.3))
    assert isinstance(slow, Rejection) and "DETENTE_FETCH_TIMEOUT" in slow.reason
    ftp = _one(f"{server}/ftp-redirect")
    assert isinstance(ftp, Rejection) and "only http and https" in ftp.reason
    refused = _one("http://127.0.0.1:9/")  # nothing listens on the discard port
    assert isinstance(refused, Rejection) and "cannot fetch" in refused.reason


def test_only_http_and_https_and_not_offline() -> None:
    ftp = _one("ftp://example.org/a.txt")
    assert isinstance(ftp, Rejection) and "only http and https" in ftp.reason
    offline = _one("https://example.org/a", offline=True)
    assert isinstance(offline, Rejection) and "--offline" in offline.reason


def test_feed_entries_fetch_their_pages_and_fall_back_to_the_summary(server: str) -> None:
    fetched, gone = read_sources([f"{server}/feed"], settings=Settings())
    assert isinstance(fetched, RawDocument) and fetched.html is not None
    a = prepare(fetched)
    assert isinstance(a, Article) and "military base in Anchorage" in a.text
    assert a.title == "Fetched" and a.outlet == "Local wire"
    assert isinstance(gone, RawDocument) and gone.html is None
    b = prepare(gone)
    assert isinstance(b, Article) and b.text.startswith("The summary stays")


def test_feed_offline_does_not_fetch(server: str, tmp_path: Path) -> None:
    import httpx

    feed = httpx.get(f"{server}/feed").content
    path = tmp_path / "local.xml"
    path.write_bytes(feed)
    first, _ = read_sources([str(path)], offline=True)
    assert isinstance(first, RawDocument)
    article = prepare(first)
    assert isinstance(article, Article)
    assert article.text == "Short summary of the Anchorage meeting for the feed reader."
