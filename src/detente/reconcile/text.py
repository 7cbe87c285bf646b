"""Small text helpers shared by the reconcile modules: transliteration-insensitive name keys
and fuzzy matching.  Accent folding is :mod:`detente.text`'s; partial dates are
:mod:`detente.dates`'s."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from detente.text import fold

__all__ = [
    "name_key",
    "names_match",
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
