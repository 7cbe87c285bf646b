"""Readers: turn sources (paths, folders, stdin, URLs) into RawDocuments or Rejections.

Every failure of one item becomes a ``Rejection`` naming the item and the fix; reading goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit, urlunsplit

from detente.errors import InputError
from detente.ingest.decode import decode_bytes
from detente.ingest.fetch import Fetched, fetch_url, is_url, looks_like_url, size_error
from detente.ingest.headers import parse_date
from detente.model import RawDocument, Rejection
from detente.settings import Settings

__all__ = ["Entry", "complete_entry", "decode_fetched", "feed_entries", "listing_entries", "read_sources", "reject",
           "sitemap_entries", "sniff_format"]

Item = RawDocument | Rejection

_EXTENSIONS = {
    ".txt": "text", ".md": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
_CONTENT_TYPES = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed",
    "application/rdf+xml": "feed", "application/xml": "feed", "text/xml": "feed",
    "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/json": "jsonl",
}
_PROLOGUE = re.compile(rb"^(?:\s+|<\?xml[^>]*\?>|<!--.*?-->)*", re.DOTALL)
_STDIN = "<stdin>"


def reject(origin: str, error: InputError) -> Rejection:
    """A Rejection whose reason states what is wrong and then the fix."""
    reason = f"{error.message} — {error.fix}" if error.fix else error.message
    return Rejection(origin=origin, reason=reason)


def _sniff_content(data: bytes) -> str | None:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    had_xml_decl = head.lstrip().lower().startswith(b"<?xml")
    rest = head[_PROLOGUE.match(head).end():].lower()  # type: ignore[union-attr]
    if rest.startswith((b"<!doctype html", b"<html")):
        return "html"
    if rest.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    if rest.startswith((b"<urlset", b"<sitemapindex")):
        return "sitemap"
    if had_xml_decl:
        return "feed"
    if rest.startswith(b"{"):
        first = rest.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    if rest.startswith(b"<!doctype") or re.match(rb"<(head|body|div|p|article)\b", rest):
        return "html"
    return None


def sniff_format(name: str | None, data: bytes, content_type: str | None = None) -> str:
    """text | html | feed | sitemap | jsonl, from the file name's extension and the content itself.

    Markup wins over a ``.txt`` name (a saved web page), a ``.jsonl`` name always means
    JSON Lines, and a feed or HTML extension is trusted unless the content says otherwise.
    """
    ext = Path(name).suffix.lower() if name else ""
    by_name = _EXTENSIONS.get(ext)
    if by_name == "jsonl":
        return "jsonl"
    by_content = _sniff_content(data)
    if by_content is not None:
        return by_content
    if by_name is not None:
        return by_name
    if content_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[content_type]
    return "text"


# ---------------------------------------------------------------- JSON Lines


def jsonl_item(raw: bytes, origin: str, lineno: int, limit: int) -> Item | None:
    if not raw.strip():
        return None
    where = f"{origin}:{lineno}"
    if len(raw) > limit:
        return reject(where, size_error(f"line {lineno}", len(raw), limit))
    try:
        line = decode_bytes(raw, f"line {lineno}")
        obj = json.loads(line)
    except InputError as exc:
        return reject(where, exc)
    except json.JSONDecodeError as exc:
        return reject(
            where,
            InputError(
                f"malformed JSON on line {lineno}, column {exc.colno}: {exc.msg}",
                fix="fix the line or remove it",
            ),
        )
    if not isinstance(obj, dict):
        return reject(
            where,
            InputError(
                f"line {lineno} is a JSON {type(obj).__name__}, not an object",
                fix='write one object per line: {"text": "...", "url": "..."}',
            ),
        )
    text, html = obj.get("text"), obj.get("html")
    text = text if isinstance(text, str) and text.strip() else None
    html = html if isinstance(html, str) and html.strip() else None
    if text is None and html is None:
        return reject(
            where,
            InputError(
                f'line {lineno} has no "text" or "html" field with content',
                fix='add the article as "text" (or "html"), or remove the line',
            ),
        )
    return RawDocument(
        origin=where,
        text=text,
        html=html if text is None else None,
        id=_str_or_none(obj.get("id")),
        url=_str_or_none(obj.get("url")),
        title=_str_or_none(obj.get("title")),
        published=parse_date(_str_or_none(obj.get("published") or obj.get("date"))),
        outlet=_str_or_none(obj.get("outlet")),
        categories=_categories(obj.get("categories")),
        fmt="jsonl",
    )


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _categories(value: Any) -> list[str]:
    if isinstance(value, str):
        return [p.strip() for p in value.split(",") if p.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def _read_jsonl(lines: Iterable[bytes], origin: str, settings: Settings) -> Iterator[Item]:
    produced = False
    for lineno, raw in enumerate(lines, start=1):
        item = jsonl_item(raw, origin, lineno, settings.max_bytes)
        if item is not None:
            produced = True
            yield item
    if not produced:
        yield reject(origin, InputError(f"empty file: {origin}", fix="add JSON lines or remove it"))


# ---------------------------------------------------------------- feeds


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


_TAG = re.compile(r"<[A-Za-z/][^>]*>")


def _entry_body(entry: Any) -> tuple[str | None, bool]:
    """The entry's own text and whether it is HTML (declared so and holding tags)."""
    for content in entry.get("content") or []:
        value = content.get("value")
        if value and value.strip():
            return value, "html" in (content.get("type") or "") and bool(_TAG.search(value))
    summary = entry.get("summary")
    if summary and summary.strip():
        detail = entry.get("summary_detail") or {}
        declared = "html" in (detail.get("type") or "html")
        return summary, declared and bool(_TAG.search(summary))
    return None, False


@dataclass
class Entry:
    """One item a feed, sitemap or listing page lists: its address (when it has one) and what
    the listing itself says of it (an entry's own text, title, date); ``key`` identifies it
    from one reading of the listing to the next."""

    key: str
    index: int
    doc: RawDocument
    body: str | None = None
    body_is_html: bool = False


def _entry_key(entry: Any, link: str | None, body: str | None) -> str:
    if link:
        return link
    guid = _str_or_none(entry.get("id"))
    if guid:
        return f"id:{guid}"
    digest = hashlib.sha256(f"{entry.get('title')}\n{body}".encode()).hexdigest()[:16]
    return f"sha256:{digest}"


def feed_entries(data: bytes, origin: str) -> list[Entry] | Rejection:
    """The entries of an RSS or Atom feed, in its order, or why it has none."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = list(parsed.get("entries") or [])
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        return reject(
            origin,
            InputError(
                f"feed has no usable entries{detail}: {origin}",
                fix="check that the feed is complete and well-formed RSS or Atom",
            ),
        )
    feed_info = parsed.get("feed") or {}
    outlet = _str_or_none(feed_info.get("title"))
    out: list[Entry] = []
    for index, entry in enumerate(entries, start=1):
        link = _str_or_none(entry.get("link"))
        body, body_is_html = _entry_body(entry)
        doc = RawDocument(
            origin=f"{origin}#entry-{index}",
            url=link,
            title=_str_or_none(entry.get("title")),
            published=_entry_date(entry),
            outlet=outlet,
            categories=[t.get("term") for t in entry.get("tags") or [] if t.get("term")],
            fmt="feed-entry",
        )
        out.append(Entry(_entry_key(entry, link, body), index, doc, body, body_is_html))
    return out


def complete_entry(entry: Entry, fetch: Callable[[str], Fetched] | None) -> Item:
    """The document of one listed entry: its linked page fetched with ``fetch`` (None: offline),
    else the entry's own text; a Rejection when it has neither."""
    doc = entry.doc
    link = doc.url
    page_error: InputError | None = None
    if fetch is not None and link and is_url(link):
        try:
            fetched = fetch(link)
            doc.html = decode_fetched(fetched.data, fetched.charset, link)
            doc.url = fetched.url
        except InputError as exc:
            page_error = exc
    if doc.html is None:
        if entry.body is None:
            why = f"; its page could not be fetched: {page_error.message}" if page_error else ""
            return reject(
                doc.origin,
                InputError(
                    f"{'feed entry' if doc.fmt == 'feed-entry' else 'entry'} {entry.index} has no text{why}",
                    fix="read the page's URL directly, or drop --offline",
                ),
            )
        if entry.body_is_html:
            doc.html = entry.body
        else:
            doc.text = entry.body
    return doc


def _read_listed(entries: list[Entry] | Rejection, offline: bool, settings: Settings) -> Iterator[Item]:
    """The documents of a feed's or a sitemap's entries, their pages fetched unless offline."""
    if isinstance(entries, Rejection):
        yield entries
        return
    fetch = None if offline else (lambda url: fetch_url(url, settings))
    for entry in entries:
        yield complete_entry(entry, fetch)


# ---------------------------------------------------------------- sitemaps and listing pages

_SITEMAP_NS = re.compile(r"^\{[^}]*\}")
_ARTICLE_PATH = re.compile(r"[-_\d]|\.(?:s?html?|php|aspx?)$", re.IGNORECASE)


def sitemap_entries(data: bytes, origin: str) -> list[Entry] | Rejection:
    """The pages an XML sitemap lists, the most recently modified first (undated ones after,
    in their order); a sitemap index is refused with the fix (follow one of its sitemaps)."""
    import lxml.etree

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        root, problem = None, str(exc)
    else:
        problem = "not XML"
    if root is None:
        return reject(origin, InputError(f"sitemap cannot be read ({problem}): {origin}",
                                         fix="check that it is a complete XML sitemap"))
    tag = _SITEMAP_NS.sub("", str(root.tag))
    locs: list[tuple[str, str]] = []
    for node in root:
        fields = {_SITEMAP_NS.sub("", str(child.tag)): (child.text or "").strip() for child in node}
        if fields.get("loc"):
            locs.append((fields["loc"], fields.get("lastmod", "")))
    if tag == "sitemapindex":
        first = f" such as {locs[0][0]}" if locs else ""
        return reject(origin, InputError(f"{origin} is a sitemap index (a list of sitemaps), not a sitemap",
                                         fix=f"follow one of the sitemaps it lists{first}"))
    if tag != "urlset" or not locs:
        return reject(origin, InputError(f"sitemap lists no pages: {origin}",
                                         fix="check that it is a <urlset> sitemap with <loc> entries"))
    order = sorted(range(len(locs)), key=lambda i: (not locs[i][1], _negated(locs[i][1]), i))
    return [Entry(loc, n, RawDocument(origin=f"{origin}#page-{n}", url=loc, published=parse_date(mod[:10] or None),
                                      fmt="html"))
            for n, (loc, mod) in enumerate((locs[i] for i in order), start=1)]


def _negated(text: str) -> tuple[int, ...]:
    """A key sorting ISO dates newest first."""
    return tuple(-ord(c) for c in text)


def listing_entries(html: str, url: str) -> list[Entry] | Rejection:
    """The articles a listing page (a section front, an archive) links to, in page order: links
    to pages of the same site that look like articles (a slug or a date in the path, not the
    page itself, not navigation such as tags, categories or further pages of the listing)."""
    import lxml.html
    from courlan import is_navigation_page, is_not_crawlable
    from courlan.filters import extension_filter

    try:
        tree = lxml.html.fromstring(html, base_url=url)
    except (ValueError, lxml.etree.ParserError) as exc:
        return reject(url, InputError(f"listing page cannot be read ({exc}): {url}",
                                      fix="check that the address is an HTML page"))
    tree.make_links_absolute(url, resolve_base_href=True)
    here = urlsplit(url)
    found: dict[str, None] = {}
    for element, attribute, link, _ in tree.iterlinks():
        if element.tag != "a" or attribute != "href":
            continue
        parts = urlsplit(link)
        page = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
        if (parts.scheme not in ("http", "https") or parts.netloc != here.netloc
                or parts.path.rstrip("/") == here.path.rstrip("/") or not _ARTICLE_PATH.search(parts.path)
                or is_navigation_page(page) or is_not_crawlable(page) or not extension_filter(page)):
            continue
        found.setdefault(page, None)
    if not found:
        return reject(url, InputError(f"listing page links to no articles: {url}",
                                      fix="give the address of a feed, a sitemap or a page listing articles"))
    return [Entry(link, n, RawDocument(origin=f"{url}#link-{n}", url=link, fmt="html"))
            for n, link in enumerate(found, start=1)]


def decode_fetched(data: bytes, charset: str | None, name: str) -> str:
    """The text of a fetched body: in the charset the server declared, else as the bytes say."""
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, name)


# ---------------------------------------------------------------- bytes → items


def _items_from_bytes(
    data: bytes,
    origin: str,
    fmt: str,
    offline: bool,
    settings: Settings,
    *,
    url: str | None = None,
    charset: str | None = None,
) -> Iterator[Item]:
    if fmt == "jsonl":
        yield from _read_jsonl(data.splitlines(), origin, settings)
        return
    if not data:
        yield reject(origin, InputError(f"empty input: {origin}", fix="nothing to read; remove it"))
        return
    if fmt == "feed" and data.strip():
        yield from _read_listed(feed_entries(data, origin), offline, settings)
        return
    if fmt == "sitemap":
        yield from _read_listed(sitemap_entries(data, origin), offline, settings)
        return
    try:
        text = decode_fetched(data, charset, origin)
    except InputError as exc:
        yield reject(origin, exc)
        return
    if not text.strip():
        yield reject(
            origin, InputError(f"only whitespace in {origin}", fix="nothing to read; remove it")
        )
        return
    if fmt == "html":
        yield RawDocument(origin=origin, html=text, url=url, fmt="html")
    else:
        yield RawDocument(origin=origin, text=text, url=url, fmt="text")


def _read_limited(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    data = stream.read(limit + 1)
    return data[:limit], len(data) > limit


def _read_file(path: Path, offline: bool, settings: Settings) -> Iterator[Item]:
    origin = str(path)
    fmt_by_name = _EXTENSIONS.get(path.suffix.lower())
    try:
        if fmt_by_name == "jsonl":
            with path.open("rb") as handle:
                yield from _read_jsonl(handle, origin, settings)
            return
        size = path.stat().st_size
        if size > settings.max_bytes:
            yield reject(origin, size_error(origin, size, settings.max_bytes))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield reject(
            origin,
            InputError(f"cannot read {origin}: {exc.strerror or exc}", fix="check its permissions"),
        )
        return
    yield from _items_from_bytes(data, origin, sniff_format(path.name, data), offline, settings)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, recursively, in sorted order, skipping hidden names."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield folder  # reported as unreadable by the caller
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        else:
            yield path


def _read_path(
    path: Path, offline: bool, settings: Settings, seen: set[str] | None = None
) -> Iterator[Item]:
    origin = str(path)
    if not os.path.lexists(path):
        yield reject(
            origin, InputError(f"no such file or folder: {origin}", fix="check the path")
        )
        return
    if not path.exists():
        yield reject(
            origin,
            InputError(
                f"broken symbolic link: {origin} points to {os.readlink(path)!r}, which is missing",
                fix="fix or remove the link",
            ),
        )
        return
    if path.is_dir():
        try:
            os.listdir(path)
        except OSError as exc:
            yield reject(
                origin,
                InputError(
                    f"cannot read folder {origin}: {exc.strerror or exc}",
                    fix="check its permissions",
                ),
            )
            return
        seen = set() if seen is None else seen
        real = os.path.realpath(path)
        if real in seen:
            yield reject(
                origin,
                InputError(
                    f"folder {origin} was already read (a symbolic link loops back to it)",
                    fix="remove the link or give the folder once",
                ),
            )
            return
        seen.add(real)
        for child in _walk(path):
            yield from _read_path(child, offline, settings, seen)
        return
    yield from _read_file(path, offline, settings)


def _read_stdin(offline: bool, settings: Settings) -> Iterator[Item]:
    data, over = _read_limited(sys.stdin.buffer, settings.max_bytes)
    if over:
        yield reject(_STDIN, size_error("standard input", len(data) + 1, settings.max_bytes))
        return
    fmt = sniff_format(None, data)
    yield from _items_from_bytes(data, _STDIN, fmt, offline, settings)


def _read_url(url: str, offline: bool, settings: Settings) -> Iterator[Item]:
    if offline:
        yield reject(
            url,
            InputError(f"{url}: not fetched in offline mode", fix="drop --offline to fetch URLs"),
        )
        return
    try:
        fetched = fetch_url(url, settings)
    except InputError as exc:
        yield reject(url, exc)
        return
    path = url.split("?", 1)[0].split("#", 1)[0]
    fmt = sniff_format(path.rsplit("/", 1)[-1], fetched.data, fetched.content_type)
    yield from _items_from_bytes(
        fetched.data, url, fmt, offline, settings, url=fetched.url, charset=fetched.charset
    )


def read_sources(
    sources: Iterable[str], *, offline: bool = False, settings: Settings | None = None
) -> Iterator[RawDocument | Rejection]:
    """Read each source: a file, a folder (recursive, sorted, hidden files skipped), ``-`` for
    standard input, or an http(s) URL. Yields one RawDocument per item read (a file, a JSON
    line, a feed entry) and one Rejection per bad item; never raises for a bad item."""
    settings = settings if settings is not None else Settings.from_env()
    for source in sources:
        if source == "-":
            yield from _read_stdin(offline, settings)
        elif is_url(source):
            yield from _read_url(source, offline, settings)
        elif looks_like_url(source):
            yield reject(
                source,
                InputError(
                    f"unsupported address {source!r}: only http and https URLs are fetched",
                    fix="give an http(s) URL or a local path",
                ),
            )
        else:
            yield from _read_path(Path(source), offline, settings)
