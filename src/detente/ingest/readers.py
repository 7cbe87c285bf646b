"""Readers: turn sources (paths, folders, stdin, URLs) into RawDocuments or Rejections.

Every failure of one item becomes a ``Rejection`` naming the item and the fix; reading goes on.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from detente.errors import InputError
from detente.ingest.decode import decode_bytes
from detente.ingest.fetch import fetch_url, is_url, looks_like_url, size_error
from detente.ingest.headers import parse_date
from detente.model import RawDocument, Rejection
from detente.settings import Settings

__all__ = ["read_sources", "reject", "sniff_format"]

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
    """text | html | feed | jsonl, from the file name's extension and the content itself.

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


def _read_feed(data: bytes, origin: str, offline: bool, settings: Settings) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = list(parsed.get("entries") or [])
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        yield reject(
            origin,
            InputError(
                f"feed has no usable entries{detail}: {origin}",
                fix="check that the feed is complete and well-formed RSS or Atom",
            ),
        )
        return
    feed_info = parsed.get("feed") or {}
    outlet = _str_or_none(feed_info.get("title"))
    for index, entry in enumerate(entries, start=1):
        where = f"{origin}#entry-{index}"
        link = _str_or_none(entry.get("link"))
        body, body_is_html = _entry_body(entry)
        doc = RawDocument(
            origin=where,
            url=link,
            title=_str_or_none(entry.get("title")),
            published=_entry_date(entry),
            outlet=outlet,
            categories=[t.get("term") for t in entry.get("tags") or [] if t.get("term")],
            fmt="feed-entry",
        )
        page_error: InputError | None = None
        if not offline and link and is_url(link):
            try:
                fetched = fetch_url(link, settings)
                doc.html = _decode_fetched(fetched.data, fetched.charset, link)
                doc.url = fetched.url
            except InputError as exc:
                page_error = exc
        if doc.html is None:
            if body is None:
                why = f"; its page could not be fetched: {page_error.message}" if page_error else ""
                yield reject(
                    where,
                    InputError(
                        f"feed entry {index} has no text{why}",
                        fix="read the page's URL directly, or drop --offline",
                    ),
                )
                continue
            if body_is_html:
                doc.html = body
            else:
                doc.text = body
        yield doc


def _decode_fetched(data: bytes, charset: str | None, name: str) -> str:
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
        yield from _read_feed(data, origin, offline, settings)
        return
    try:
        text = _decode_fetched(data, charset, origin)
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
