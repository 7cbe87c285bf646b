"""Small text helpers shared by the tracker: sentences with offsets, content words, overlap.

The tracker works on plain article text and does not need a parser: a rule-based splitter that
keeps character offsets is enough to quote evidence exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from detente.model import Event

__all__ = ["Sentence", "anchored", "content_words", "numbers", "sentences", "stem"]

# abbreviations after which a full stop does not end a sentence
_ABBREV = re.compile(r"(?:\b(?:U\.S|U\.K|U\.N|E\.U|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Col|Lt|No|vs|etc|e\.g|i\.e|approx)\.|\b[A-Z]\.)$")
_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+|$)")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    line_start: bool  # the sentence begins a line (a heading, a list item, a paragraph)


def anchored(text: str, events: list[Event]) -> list[Event]:
    """The events with their spans on ``text``, where the tracker reads them.  A span on its
    sentence stays; else the span moves to the occurrence of the sentence nearest to it (an
    imported event keeps the offsets of an article we do not hold, while its stub article holds
    only the sentences); else a span inside the text stays, and one reaching outside it is left
    aside: clamped into the text and empty, as its text is missing.  The stored events are not
    changed."""
    n = len(text)
    out: list[Event] = []
    for e in events:
        start, end = e.span
        if 0 <= start <= end <= n and (text[start:end] == e.sentence or e.sentence not in text):
            out.append(e)
            continue
        found = [m.start() for m in re.finditer(re.escape(e.sentence), text)] if e.sentence else []
        if found:
            at = min(found, key=lambda i: abs(i - start))
            out.append(replace(e, span=(at, at + len(e.sentence))))
        else:
            at = min(max(start, 0), n)
            out.append(replace(e, span=(at, at)))
    return out


def sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their offsets; every line break also ends a sentence."""
    out: list[Sentence] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        first = True
        cursor = 0
        for m in _END.finditer(line):
            candidate = line[cursor : m.end()]
            if _ABBREV.search(line[: m.start() + 1]) and m.end() < len(line):
                nxt = line[m.end() :].lstrip()
                # "the U.S. and Russia": not an end; "D.C. Diplomatic": an end
                if not nxt or not nxt[0].isupper() or line[: m.start() + 1].endswith(("U.S.", "U.K.", "U.N.")):
                    continue
            _add(out, candidate, pos + cursor, first)
            first = False
            cursor = m.end()
        if cursor < len(line):
            _add(out, line[cursor:], pos + cursor, first)
        pos += len(raw)
    return out


def _add(out: list[Sentence], chunk: str, offset: int, first: bool) -> None:
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    if body:
        out.append(Sentence(body, offset + lead, offset + lead + len(body), first))


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOP = frozenset(
    ["a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from", "as", "into", "over", "under", "between", "among", "about", "this", "that", "these", "those", "it", "its", "their", "his", "her", "our", "your", "they", "them", "we", "you", "he", "she", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no", "both", "all", "any", "each", "other", "such", "than", "then", "there", "here", "who", "whom", "which", "what", "when", "where", "why", "how", "new", "also", "only", "more", "most", "very", "just", "up", "out", "via", "per", "next", "within", "months", "month", "weeks", "week", "days", "day", "year", "years", "proposed", "initial", "potential", "key", "level", "high", "full"]
)


def stem(word: str) -> str:
    """A crude stem, enough to match 'ceasefire'/'ceasefires', 'restoring'/'restore'."""
    w = word.lower().strip("'-")
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "s", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def content_words(text: str) -> set[str]:
    """Stemmed content words of ``text`` (no stop words, no words under three letters)."""
    return {stem(w) for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in _STOP}


_NUMBER = re.compile(r"(?<![\w,.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w,.])\d{3,}(?![\d,])")


def numbers(text: str) -> set[str]:
    """Counts of 100 or more named in ``text`` ("1,000", "175"), years left out: two sentences
    naming different counts speak of different swaps."""
    out = set()
    for m in _NUMBER.finditer(text):
        value = m.group(0).replace(",", "")
        if len(value) == 4 and value[:2] in ("19", "20") and "," not in m.group(0):
            continue
        out.add(value)
    return out
