"""PETRARCH2's discard list as a mark on events (``knowledge/discards_petrarch.json``).

The list names phrases of news that is no political event: sports (tournaments, clubs,
players), entertainment, disasters and illnesses.  A story-level phrase anywhere in the article
says the whole article is off-topic; a sentence-level phrase says the sentence is.  PETRARCH2
drops such sentences and stories; here the events are kept and marked (``Event.discard``:
"story: MANCHESTER UNITED", "sentence: TENNIS"), because the list also fires on political
news (docs/quality.md, "Discards"): who wants them out asks for it (``detente events
--no-discarded``, ``/api/events?no_discarded=true``).  Phrases match whole words, case ignored.
The file is built by ``detente.knowledge.build_petrarch`` and read lazily, once.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from detente.text import APOSTROPHES

__all__ = ["DiscardList", "load_discards"]

FILE = "discards_petrarch.json"
_STRAIGHT = str.maketrans(APOSTROPHES)
_WORD = re.compile(r"\w+")


def _pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """One regular expression finding any of ``phrases`` as whole words (the longest first),
    any run of spaces between words, case ignored."""
    if not phrases:
        return None
    parts = [r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def _word_index(phrases: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """The words (runs of word characters) of each phrase, by its first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        words = tuple(_WORD.findall(p.lower()))
        if words:
            index.setdefault(words[0], []).append(words)
    return index


def _may_hold(index: dict[str, list[tuple[str, ...]]], text: str) -> bool:
    """Whether the words of some phrase follow each other among the words of ``text`` (true of
    every text the phrase matches; the expression then decides)."""
    words = _WORD.findall(text.lower())
    for i, word in enumerate(words):
        for phrase in index.get(word, ()):
            if tuple(words[i:i + len(phrase)]) == phrase:
                return True
    return False


class DiscardList:
    """Story-level and sentence-level phrases (normalised: lower case, single spaces)."""

    def __init__(self, story: list[str], sentence: list[str], version: str = "") -> None:
        self.story, self.sentence, self.version = tuple(story), tuple(sentence), version
        self._story = _pattern(list(story)), _word_index(list(story))
        self._sentence = _pattern(list(sentence)), _word_index(list(sentence))

    @staticmethod
    def _first(phrases: tuple[re.Pattern[str] | None, dict[str, list[tuple[str, ...]]]], text: str) -> str | None:
        pattern, index = phrases
        if pattern is None or not text:
            return None
        text = text.translate(_STRAIGHT)
        # the one expression of every phrase is slow to try at every position of a text that
        # holds none of them (most texts): looked up word by word first
        if not _may_hold(index, text):
            return None
        found = pattern.search(text)
        return " ".join(found.group(0).split()).upper() if found else None

    def story_mark(self, article: str) -> str | None:
        """``"story: PHRASE"`` for the first story-level phrase of the article, else None."""
        phrase = self._first(self._story, article)
        return f"story: {phrase}" if phrase else None

    def sentence_mark(self, sentence: str) -> str | None:
        """``"sentence: PHRASE"`` for the first sentence-level phrase of the sentence, else None."""
        phrase = self._first(self._sentence, sentence)
        return f"sentence: {phrase}" if phrase else None

    def mark(self, sentence: str, story: str | None) -> str | None:
        """The mark of an event: its article's story mark (``story``, found once per article),
        else its sentence's."""
        return story or self.sentence_mark(sentence)


@lru_cache(maxsize=1)
def load_discards() -> DiscardList:
    """The shipped discard list."""
    raw = resources.files("detente.knowledge").joinpath(FILE).read_text("utf-8")
    data = json.loads(raw)
    return DiscardList(data["story"], data["sentence"], str(data["about"].get("version", "")))
