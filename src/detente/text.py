"""Text folding for matching: the one place that decides which spellings of a word compare equal.

Every layer may import it (it imports nothing of détente).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "words"]

_SPECIAL = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
    "’": "'", "‘": "'", "ʼ": "'",
})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, accents and special letters folded to ASCII, punctuation to single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The words of a text, folded (used for shingles)."""
    return fold(text).split()
