"""RawDocument → Article: main text, chrome removed, metadata, segments, genre, language."""

from __future__ import annotations

from detente.errors import InputError
from detente.ingest.clean import clean_text
from detente.ingest.headers import known, parse_date, split_header
from detente.ingest.html import html_to_text
from detente.ingest.meta import detect_language, guess_title, outlet_from_hints, outlet_from_url
from detente.ingest.readers import reject
from detente.ingest.segment import find_segments
from detente.model import Article, RawDocument, Rejection, content_id

__all__ = ["prepare"]


def _first(*values: str | None) -> str | None:
    """The first value that is given, placeholders such as "unknown" counting as not given."""
    for value in values:
        if known(value):
            return known(value)
    return None


#: Words a line of a web page needs to be read as prose rather than a menu item or a link.
_PROSE_WORDS = 5


def _has_prose(text: str) -> bool:
    """True when some line of the text is a sentence's length: a page of menu items, link
    labels and headings alone holds no article."""
    return any(len(line.split()) >= _PROSE_WORDS for line in text.splitlines())


def _preview(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    shown = ", ".join(repr(line[:40]) for line in lines[:3])
    return shown + (f" and {len(lines) - 3} more" if len(lines) > 3 else "")


def prepare(raw: RawDocument) -> Article | Rejection:
    """Clean one item and find its metadata; a Rejection when nothing usable is left."""
    url = raw.url
    title = raw.title
    published = parse_date(raw.published) if raw.published else None
    outlet = raw.outlet
    categories = list(raw.categories)
    if raw.html is not None:
        page = html_to_text(raw.html, url)
        body = page.text
        url = _first(url, page.url)
        title = _first(title, page.title)
        published = published or page.published
        outlet = _first(outlet, page.outlet)
        categories = categories or page.categories
    else:
        body = raw.text or ""
    header, body = split_header(body)
    url = _first(url, header.url)
    title = _first(title, header.title)
    published = published or header.published
    outlet = _first(outlet, header.outlet)
    categories = categories or header.categories
    cleaned = clean_text(body)
    text = cleaned.text
    if not text.strip():
        return reject(
            raw.origin,
            InputError(
                f"no article text left in {raw.origin} after removing site chrome",
                fix="check that the item holds an article, not only navigation",
            ),
        )
    if raw.html is not None and not _has_prose(text):
        return reject(
            raw.origin,
            InputError(
                f"no article in the page {raw.origin}: only short lines such as menus and links "
                f"({_preview(text)})",
                fix="give the address of the article itself, or its text",
            ),
        )
    # a name stated by the page wins; then the address it was published at; then the chrome
    outlet = outlet or outlet_from_url(url) or outlet_from_hints(cleaned.outlet_hints(), body)
    title = title or guess_title(text, body, cleaned.breadcrumbs)
    segments = find_segments(text, title=title, cta_breaks=cleaned.cta_breaks)
    genres = {s.genre for s in segments}
    return Article(
        id=content_id(text),
        text=text,
        url=url,
        outlet=outlet,
        title=title,
        published=published,
        language=detect_language(text),
        genre=genres.pop() if len(genres) == 1 else "mixed",
        categories=categories,
        segments=segments,
        origin=raw.origin,
    )
