"""Metadata found in the text itself or its address: outlet (from chrome or the URL's host),
headline, language."""

from __future__ import annotations

import re
from functools import lru_cache

from detente.ingest.segment import split_lines
from detente.model import split_url

__all__ = [
    "detect_language",
    "guess_title",
    "outlet_from_hints",
    "outlet_from_url",
    "outlet_name_from_domain",
]

# Words that make up news outlets' names, used with the article's own words to split a
# domain label such as "theexampletimes" into "The Example Times".
_NEWS_WORDS = frozenset(
    ["the", "a", "of", "and", "news", "times", "post", "daily", "herald", "tribune", "journal", "gazette", "media", "press", "wire", "report", "review", "observer", "chronicle", "telegraph", "guardian", "independent", "express", "star", "sun", "mail", "globe", "world", "today", "weekly", "insider", "monitor", "dispatch", "record", "examiner", "courier", "standard", "nation", "international", "global", "online", "network", "hub", "digest", "magazine", "bulletin", "echo", "voice", "new", "free", "policy", "affairs", "foreign", "current", "events", "live", "update", "updates", "info", "analysis"]
)
_WORD = re.compile(r"[a-z]+")


def _segment_label(label: str, vocabulary: frozenset[str]) -> list[str] | None:
    """Split ``label`` into the fewest known words, or None when it cannot be done."""
    n = len(label)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(1, n + 1):
        for start in range(max(0, end - 20), end):
            prefix = best[start]
            word = label[start:end]
            if prefix is None or word not in vocabulary or (len(word) < 2 and word != "a"):
                continue
            candidate = [*prefix, word]
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    return best[n]


def outlet_name_from_domain(domain: str, context: str = "") -> str:
    """"theexampletimes.com" → "The Example Times" when the label splits into words known from
    ``context`` or from news outlets' names; otherwise the domain itself."""
    domain = domain.lower().removeprefix("www.")
    label = domain.split(".")[0]
    vocabulary = _NEWS_WORDS | frozenset(
        w for w in _WORD.findall(context.lower()) if len(w) > 2 and w != label
    )
    words = _segment_label(label, vocabulary)
    if not words or len(words) < 2:
        return domain
    return " ".join(w.capitalize() for w in words)


# Host prefixes that name a copy of the site, not the outlet: www, www2, mobile and AMP mirrors.
_HOST_PREFIX = re.compile(r"^(?:www\d*|m|mobile|amp)\.(?=[^.]+\.[^.]+)")


def outlet_from_url(url: str | None) -> str | None:
    """The outlet as its web address names it: the URL's host, lower-case, without the port
    and without a "www." (or mobile / AMP) prefix: "https://www.example.co.uk:443/a" gives
    "example.co.uk"; subdomains that are editions stay ("english.example.ru"). None for no
    URL or one without a host name (a file path, an IP address)."""
    parts = split_url(url)
    host = parts.hostname if parts else None
    if not host or "." not in host or host.replace(".", "").isdigit() or ":" in host:
        return None
    host = host.rstrip(".")
    while _HOST_PREFIX.match(host):
        host = _HOST_PREFIX.sub("", host, count=1)
    return host


def outlet_from_hints(hints: list[str], context: str) -> str | None:
    """The outlet named by removed chrome: an explicit name first, else a contact domain."""
    for hint in hints:
        if "." not in hint or " " in hint:
            return hint
    for hint in hints:
        return outlet_name_from_domain(hint, context)
    return None


def _headline_like(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= 25 or len(line) > 200 or line[-1] in ".,;:!?" or "|" in line:
        return False
    if words[0].lower() == "by":
        return False  # a byline
    return line[:1].isupper() or line[:1].isdigit()


def guess_title(text: str, raw_text: str, breadcrumbs: list[str]) -> str | None:
    """The headline, when the first line of the text plainly is one: headline-like and either
    repeated by a breadcrumb or standing alone above the body. Section heads elsewhere in
    the text are never taken for a title."""
    lines = split_lines(text)
    if len(lines) < 2:
        return None
    first = lines[0].text
    if not _headline_like(first) or len(lines[1].text) < 2 * len(first):
        return None
    prefix = first[: min(len(first), 40)]
    if any(prefix in crumb for crumb in breadcrumbs):
        return first
    standalone = text[lines[0].end : lines[1].start].count("\n") >= 2
    return first if standalone else None


@lru_cache(maxsize=1)
def _identifier() -> object:
    import py3langid

    return py3langid


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None for too little text."""
    sample = " ".join(text.split())[:5000]
    if len(sample) < 20:
        return None
    langid = _identifier()
    code, _score = langid.classify(sample)  # type: ignore[attr-defined]
    return str(code)
