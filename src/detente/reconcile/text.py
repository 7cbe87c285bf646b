"""Small text and date helpers shared by the reconcile modules: transliteration-insensitive
name keys, fuzzy matching, partial dates as day ranges.  Accent folding is
:mod:`detente.text`'s."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from detente.text import fold

__all__ = [
    "DateRange",
    "name_key",
    "names_match",
    "parse_partial_date",
]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

# Spelling variants that transliteration systems produce for the same sound
# (Umerov / Umierov / Umyerov; Chiragan / Ciragan; Zelensky / Zelenskyy / Zelenskiy).
_TRANSLIT = (
    ("kh", "h"), ("ch", "c"), ("sh", "s"), ("zh", "z"), ("ts", "c"), ("tz", "c"),
    ("ye", "e"), ("ie", "e"), ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"),
    ("iy", "y"), ("ii", "y"), ("ij", "y"), ("j", "y"), ("w", "v"), ("ph", "f"),
)
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A key that spelling variants of one name share: ``Umyerov`` → ``umerov``."""
    key = fold(name).replace(" ", "")
    for old, new in _TRANSLIT:
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


@lru_cache(maxsize=65536)
def _surname_key(name: str) -> str:
    parts = fold(name).split()
    return name_key(parts[-1]) if parts else ""


@lru_cache(maxsize=262144)
def names_match(a: str, b: str, *, threshold: float = 0.84) -> bool:
    """Whether two person or place names plausibly name the same thing.

    Full names compare by surname when one side gives only a surname (``Putin`` vs
    ``Vladimir Putin``); keys are transliteration-folded, then compared fuzzily."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    sa, sb = _surname_key(a), _surname_key(b)
    if len(fold(a).split()) == 1 or len(fold(b).split()) == 1:
        ka, kb = sa, sb
        if ka == kb:
            return True
    if min(len(ka), len(kb)) < 4:
        return False
    return SequenceMatcher(None, ka, kb).ratio() >= threshold


@dataclass(frozen=True)
class DateRange:
    """A partial date as the range of days it covers (``2025-08`` → 1..31 August)."""

    text: str
    precision: str  # day | month | year
    first: int  # proleptic ordinal of the first day
    last: int

    @property
    def year(self) -> int:
        return date.fromordinal(self.first).year

    @property
    def month_key(self) -> int:
        d = date.fromordinal(self.first)
        return d.year * 12 + d.month - 1


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@lru_cache(maxsize=65536)
def parse_partial_date(text: str | None) -> DateRange | None:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` → :class:`DateRange`; anything else → None."""
    if not text:
        return None
    m = _PARTIAL.match(text.strip())
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(3):
            d = date(year, int(m.group(2)), int(m.group(3)))
            return DateRange(text, "day", d.toordinal(), d.toordinal())
        if m.group(2):
            month = int(m.group(2))
            last = calendar.monthrange(year, month)[1]
            return DateRange(text, "month", date(year, month, 1).toordinal(),
                             date(year, month, last).toordinal())
        return DateRange(text, "year", date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal())
    except ValueError:
        return None


