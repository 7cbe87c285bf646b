"""Metadata stated at the top of a plain-text file, and date parsing that never guesses.

Two header styles are read:

* ``key: value`` lines (``url``, ``title``, ``date``/``published``, ``outlet``/``source``,
  ``categories``), case-insensitive, ended by a blank line or the first other line;
* a dateline: an optional headline, then ``site.tld -- <date>``, then optional
  ``Categories: a, b``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

__all__ = ["TextHeader", "known", "parse_date", "split_header"]

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
_MONTH_FIRST = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


# Values a page or a scraper writes where it has none: "title: unknown", "date: n/a".
_PLACEHOLDERS = frozenset(
    ["unknown", "n/a", "na", "none", "null", "nil", "-", "--", "—", "?", "not available", "untitled", "no title"]
)


def known(value: str | None) -> str | None:
    """``value`` stripped, or None when it is empty or a placeholder for a missing value."""
    if value is None:
        return None
    text = value.strip()
    return None if not text or text.lower() in _PLACEHOLDERS else text


def _make(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: str | None) -> str | None:
    """YYYY-MM-DD for a date that states day, month and year; None otherwise (never guessed)."""
    if not value or not isinstance(value, str):
        return None
    m = _ISO.search(value)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]))
    for m in _MONTH_FIRST.finditer(value):
        if m[1].lower() in _MONTHS:
            return _make(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    for m in _DAY_FIRST.finditer(value):
        if m[2].lower() in _MONTHS:
            return _make(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    parsed = dateparser.parse(
        value, settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True}
    )
    return parsed.date().isoformat() if parsed else None


@dataclass
class TextHeader:
    """What a text file's header stated, and how many characters of the file it took."""

    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    categories: list[str] = field(default_factory=list)
    body_start: int = 0  # offset in the text where the body begins
    title_in_body: bool = False  # the headline line was kept as the body's first line


_KEY_LINE = re.compile(
    r"^(url|link|title|headline|date|published|outlet|source|site|categories|category|tags)"
    r"\s*:\s*(.*?)\s*$",
    re.IGNORECASE,
)
_KEY_ALIASES = {
    "link": "url",
    "headline": "title",
    "date": "published",
    "source": "outlet",
    "site": "outlet",
    "category": "categories",
    "tags": "categories",
}
# "globaltimes.cn -- Sunday, August 17, 2025, ..." : a domain, a dash separator, a date.
_DATELINE = re.compile(
    r"^\s*(?P<domain>(?:www\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})"
    r"\s+(?:--|—|–|\||·)\s+(?P<rest>.+?)\s*$"
)
_CATEGORIES = re.compile(r"^\s*(?:categories|category|tags|filed under)\s*:\s*(.+?)\s*$", re.I)


def _split_list(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;]", value) if p.strip()]


def _lines_with_offsets(text: str, limit: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if len(out) >= limit:
            break
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    out.append((pos, ""))  # sentinel: end of the examined part
    return out


def _key_value_header(lines: list[tuple[int, str]]) -> TextHeader | None:
    header = TextHeader()
    found = 0
    for index, (_offset, line) in enumerate(lines[:-1]):
        m = _KEY_LINE.match(line)
        if not m:
            if found and not line.strip():
                header.body_start = lines[index + 1][0]
                return header
            if found:
                header.body_start = lines[index][0]
                return header
            return None
        key = _KEY_ALIASES.get(m[1].lower(), m[1].lower())
        value = m[2]
        found += 1
        if key == "categories":
            header.categories = _split_list(value)
        elif key == "published":
            header.published = parse_date(value)
        elif known(value):
            setattr(header, key, known(value))
    if found:
        header.body_start = lines[-1][0]
        return header
    return None


def _dateline_header(lines: list[tuple[int, str]]) -> TextHeader | None:
    for index in (0, 1):
        if index >= len(lines) - 1:
            return None
        m = _DATELINE.match(lines[index][1])
        if not m:
            continue
        published = parse_date(m["rest"])
        if published is None and not re.search(r"\d", m["rest"]):
            continue
        header = TextHeader(outlet=m["domain"].lower().removeprefix("www."), published=published)
        if index == 1:
            title = lines[0][1].strip()
            if not title or len(title) > 300:
                return None
            header.title = title
            header.title_in_body = True
        # the dateline (and a categories line after it) are metadata, not text
        cut = index + 1
        if cut < len(lines) - 1:
            cm = _CATEGORIES.match(lines[cut][1])
            if cm:
                header.categories = _split_list(cm[1])
                cut += 1
        header.body_start = lines[cut][0]
        return header
    return None


def split_header(text: str) -> tuple[TextHeader, str]:
    """Read a header at the top of ``text``; return it and the body.

    When a dateline follows a headline, the headline stays as the body's first line (it is the
    piece's title as printed) and the dateline and categories lines are removed.
    """
    lines = _lines_with_offsets(text, 40)
    header = _key_value_header(lines)
    if header is not None:
        return header, text[header.body_start:]
    header = _dateline_header(lines)
    if header is None:
        return TextHeader(), text
    if header.title_in_body:
        first_end = lines[1][0]
        return header, text[:first_end] + text[header.body_start:]
    return header, text[header.body_start:]
