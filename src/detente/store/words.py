"""The words of an event's evidence, as the event text filter (``EventQuery.text``) compares them.

One normaliser for every backend and for the query, :func:`detente.text.words` (the folding the
rest of détente uses too): "Çırağan" gives ``ciragan``, "Zelenskyy's" ``zelenskyy`` and ``s``,
"Jeddah-based" ``jeddah`` and ``based``, "Straße" ``strasse``, "Київ" ``киів``.  A token never
contains a space, an ASCII punctuation mark or an ASCII capital, and normalising the tokens again
gives the same tokens (the stores rely on both).  A change to the folding changes stored words:
add a migration that fills them again (``0016_event_words_folded`` on SQLite,
``0014_event_words_folded`` on PostgreSQL did so for the special Latin letters).
"""

from __future__ import annotations

from collections.abc import Iterable

from detente.errors import ConfigError
from detente.store.base import EventQuery
from detente.text import fold_letters, words

__all__ = ["event_words", "filter_key", "joined_words", "only_words", "query_words", "words"]


def query_words(query: EventQuery) -> list[str]:
    """The words of the event text filter; a filter with text but no letter or digit is refused
    (it would otherwise match every event)."""
    tokens = words(query.text)
    if query.text and query.text.strip() and not tokens:
        raise ConfigError(f"event text filter {query.text!r} has no words",
                          fix="give at least one word (letters or digits), or leave the filter out")
    return tokens


def event_words(sentence: str | None, trigger: str | None) -> list[str]:
    """The distinct tokens of an event's evidence sentence and trigger, in first-seen order."""
    return list(dict.fromkeys([*words(sentence), *words(trigger)]))


def joined_words(tokens: Iterable[str]) -> str:
    """Tokens as one string, single spaces between them (SQLite's ``words`` column)."""
    return " ".join(tokens)


def only_words(query: EventQuery) -> bool:
    """Whether ``query`` filters on its text alone (counted in the words index alone)."""
    return not (query.actor or query.country or query.event_type or query.since or query.until or query.place
                or query.outlet or query.modality or query.doc_id or query.no_discarded)


def filter_key(text: str | None) -> str | None:
    """What the stores keep of an event's place and its actors' names for the substring filters
    (``EventQuery.place`` / ``actor``), and what they test the needle as: the text folded by
    :func:`detente.text.fold_letters` (case and accents ignored: "Ciragan" finds "Çırağan").
    A change to it changes stored keys: add a migration that fills them again
    (``0019_event_keys_folded`` on SQLite, ``0018_event_keys_folded`` on PostgreSQL)."""
    return fold_letters(text) if text else text
