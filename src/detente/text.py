"""Text folding for matching: the one place that decides which spellings of a word compare equal.

``fold_letters`` is the letter-level rule every caller shares: Unicode compatibility forms
decomposed (NFKD: "ﬁ" is "fi"), case folded, accents and other combining marks dropped, and the
Latin letters that have no decomposition written the ASCII way ("ı" → "i", "ł" → "l", "ø" → "o",
"ß" → "ss", "æ" → "ae").  Letters of other scripts stay as they are, folded in case ("Київ" →
"киів").  So "Çırağan", "CIRAGAN" and "Ciragan" fold alike; "Chiragan" is another transliteration,
matched by :func:`detente.reconcile.text.name_key`, not here.

On top of it, ``fold`` joins the words by single spaces (story and claim keys, outlet names) and
``words`` lists them (copy shingles, the stores' event text filter).  A word is a run of letters
and digits, so folding is stable: folding the words again gives the same words.  Extraction's
tokens and dictionary names are keyed by ``fold_token``: the same letters with the dots of
initials dropped ("U.S." → "us"), so a name matches whether or not it is written with dots.

``TRUCE_WORDS`` is a word pattern two layers read (extraction's truce sides, story clustering's
truce family), kept here so neither copies it.

Every layer may import this module; it imports nothing of détente.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["APOSTROPHES", "TRUCE_WORDS", "fold", "fold_letters", "fold_token", "words"]

# The typographic apostrophes, each written as the ASCII one (folding, and extraction's text
# for the parser, which keeps every offset: one character for one).
APOSTROPHES = {"’": "'", "‘": "'", "ʼ": "'"}
# applied after case folding, so lower case is enough; apostrophes become one kind
_LATIN = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l",
    "æ": "ae", "œ": "oe", "þ": "th", "ß": "ss",
    **APOSTROPHES,
})
_NON_WORD = re.compile(r"[\W_]+")
# Words that name a truce.
TRUCE_WORDS = re.compile(r"\b(?:ceasefire|cease-fire|truce|armistice|cessation of hostilities)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")


def fold_letters(text: str) -> str:
    """``text`` with case folded, accents dropped and special Latin letters in ASCII; everything
    else (spaces, punctuation, other scripts) kept in place."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text).casefold().translate(_LATIN)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def fold_token(text: str) -> str:
    """``fold_letters`` without dots: the key of a token or a name ("Erdoğan" → "erdogan",
    "U.S." → "us")."""
    return fold_letters(text).replace(".", "")


def fold(text: str) -> str:
    """The folded words of ``text`` joined by single spaces ("Çırağan Palace!" → "ciragan palace")."""
    return _NON_WORD.sub(" ", fold_letters(text)).strip()


def words(text: str | None) -> list[str]:
    """The folded words of ``text``, in order, repeats kept (none for None or "")."""
    return _WORD.findall(fold_letters(text)) if text else []
