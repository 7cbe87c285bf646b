"""HTML → main text and metadata (trafilatura), publication date (htmldate, no guessing).

Truncated or odd pages fall back to the visible text of the tree, so a page is never lost
just because the extractor found it too short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["HtmlContent", "html_to_text"]

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form")
_MIN_TEXT = 200  # characters below which the plain visible text is used instead


@dataclass
class HtmlContent:
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    categories: list[str] = field(default_factory=list)


def _fallback_text(html: str) -> str:
    """The visible text of a page, block by block, for pages trafilatura declines."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]*>?", " ", html).strip()
    for bad in tree.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        bad.drop_tree()
    for title in tree.xpath("//title"):
        title.drop_tree()
    parts: list[str] = []
    for block in tree.iter("p", "h1", "h2", "h3", "h4", "li", "blockquote", "td", "pre"):
        text = " ".join(block.text_content().split())
        if text:
            parts.append(text)
    if not parts:
        parts = [" ".join(tree.text_content().split())]
    return "\n".join(p for p in parts if p)


def _date(html: str, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(html, url=url, **_DATE_PARAMS)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return None
    return found if isinstance(found, str) and len(found) == 10 else None


def html_to_text(html: str, url: str | None = None) -> HtmlContent:
    """Main text and metadata of a page."""
    import trafilatura

    doc = None
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError):
        doc = None
    text = getattr(doc, "text", None) or ""
    if len(text.strip()) < _MIN_TEXT:
        fallback = _fallback_text(html)
        if len(fallback.strip()) > len(text.strip()):
            text = fallback  # trafilatura kept too little, e.g. on truncated markup
    content = HtmlContent(text=text.strip())
    if doc is not None:
        content.title = getattr(doc, "title", None) or None
        content.outlet = getattr(doc, "sitename", None) or None
        content.url = getattr(doc, "url", None) or None
        content.categories = list(getattr(doc, "categories", None) or [])
        content.published = getattr(doc, "date", None) or None
    if content.published is None:
        content.published = _date(html, url)
    return content
