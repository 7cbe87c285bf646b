"""Split one cleaned text into its distinct pieces and label each piece's genre.

Aggregator pages often stack several pieces in one file: an editorial, then commentaries on
it, then a call to action. A new piece is recognised by general signals:

* a call to action (petition, donation) that was glued to the start of a paragraph;
* a fresh essay-style opening right after a concluding paragraph ("Ultimately, …",
  "In conclusion, …") that refers back to another piece ("the editorial", "the article");
* an advocacy introduction ("To address …, here are steps we can take:") followed by a
  list of imperatives.

Genre comes from signals too: "editorial" in the piece's headline; numbered or bulleted
imperatives and petitions (advocacy); section headings in a piece that reports little (few
"said" and quotations), tables, "in this article we" (analysis); first person and argument
about another piece, outside quotations (opinion); otherwise news. News pages carry short
lines that look like headings but are not: bylines, datelines ("ISTANBUL", "New Delhi:"),
an agency's name, pull quotes, the headline itself; these are not counted.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from detente.model import Segment
from detente.vocabulary import said_words

__all__ = ["Line", "classify_genre", "find_segments", "is_heading", "split_lines"]

_CONCLUSION = re.compile(
    r"^\s*(?:in conclusion|ultimately|to conclude|in summary|in sum|in closing|all in all|"
    r"to sum up|in the end|taken together)\b",
    re.IGNORECASE,
)
_CONTINUATION = re.compile(
    r"^\s*(?:however|moreover|furthermore|in addition|additionally|also|and|but|so|yet|this|"
    r"these|that|those|such|it|its|they|their|he|she|we|our|still|meanwhile|nonetheless|"
    r"nevertheless|for now|indeed|finally|thus|therefore|hence|as a result|instead|"
    r"in contrast|likewise|similarly|then|after|later)\b",
    re.IGNORECASE,
)
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|a|an|the recent|a recent)\s+(?:\w+\s+)?(?:editorial|article|op-ed|"
    r"commentary|column|opinion piece|essay|piece)\b",
    re.IGNORECASE,
)
_ACTION_INTRO = re.compile(
    r"^\s*(?:to (?:address|help|support|end|stop|promote|resolve|counter|push|make|advance|"
    r"encourage)\b.*\b(?:steps|actions|ways|things)\b|here(?:'s|’s| is| are) (?:how|what) "
    r"(?:you|we) can\b|what (?:you|we) can do\b)",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\d{1,2}[.)]|[-*•▪●]|[a-z][.)])\s+")
_IMPERATIVES = frozenset(
    ["write", "call", "contact", "sign", "join", "donate", "support", "share", "visit", "attend", "organize", "organise", "urge", "tell", "email", "phone", "use", "engage", "participate", "demand", "ask", "spread", "volunteer", "register", "vote", "look", "find", "learn", "read", "watch", "discuss", "advocate", "petition", "boycott", "march", "rally", "lobby", "educate", "host", "start", "create", "raise", "encourage", "reach", "follow"]
)
_FIRST_PERSON = re.compile(
    r"\b(?:I|I'm|I’m|my|me|we|we're|we’re|our|us|ourselves)\b"
)
_OPINION_MARKERS = re.compile(
    r"\b(?:I (?:believe|think|argue|contend|would argue)|in my (?:view|opinion)|we must|we should|"
    r"we need to|it is (?:essential|imperative|crucial) that|one must)\b",
    re.IGNORECASE,
)
_ANALYSIS_MARKERS = re.compile(
    r"\b(?:in this (?:article|analysis|piece|report),? we|we (?:delve|examine|explore|analy[sz]e)|"
    r"this analysis)\b",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:" + "|".join([*said_words("say", present=True), *said_words("tell"), "according to",
                          *said_words("announce", "state", "report", "confirm", "add")]) + r")\b"
)


# A quotation: what someone else said is no sign of the writer's own voice.
_QUOTATION = re.compile(r"[“\"][^”\"\n]*(?:[”\"]|$)", re.MULTILINE)
_QUOTE_MARK = re.compile(r"[“”\"]")
_BYLINE = re.compile(r"^\s*by\s", re.IGNORECASE)
_REPORTING_PER_1000_WORDS = 6  # at or above it, headings are a news page's subheads, not an analysis


@dataclass
class Line:
    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Non-empty lines with their offsets in ``text``."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append(Line(pos, pos + len(raw), raw.strip()))
        pos += len(raw) + 1
    return lines


def is_heading(line: str, next_line: str | None) -> bool:
    """A section heading: a short line without closing punctuation, followed by prose."""
    s = line.strip()
    if not s or len(s) > 120 or "|" in s or _LIST_MARKER.match(s):
        return False
    if s[-1] in ".,;!?" or s.endswith("...") or len(s.split()) > 16:
        return False
    return next_line is not None and len(next_line) > len(s)


def _is_section_heading(line: str, next_line: str | None, title: str | None) -> bool:
    """A heading that divides a piece into sections, not a byline, a dateline, an agency's
    name, a pull quote or the piece's own headline."""
    s = line.strip()
    if not is_heading(s, next_line) or len(s.split()) < 2 or s.endswith(":"):
        return False
    headline = bool(title) and " ".join(s.split()) == " ".join((title or "").split())
    return not (_BYLINE.match(s) or s[:1] in "“\"‘'" or headline)


def _reporting_density(text: str) -> float:
    """Reporting cues ("said", "according to", quotations) per 1,000 words."""
    cues = len(_REPORTING.findall(text)) + len(_QUOTE_MARK.findall(text)) // 2
    return cues * 1000 / max(len(text.split()), 1)


def _is_table_line(line: str) -> bool:
    return line.count("|") >= 2


def _imperative_items(lines: list[Line]) -> int:
    count = 0
    for line in lines:
        m = _LIST_MARKER.match(line.text)
        if not m:
            continue
        rest = re.sub(r"[*_#`]", "", line.text[m.end():]).strip()
        first = rest.split(" ", 1)[0].lower().strip(":") if rest else ""
        if first in _IMPERATIVES or "action:" in rest.lower()[:200]:
            count += 1
    return count


def classify_genre(text: str, title: str | None = None) -> str:
    """news | editorial | opinion | analysis | advocacy for one piece of text."""
    lines = split_lines(text)
    head = title
    if head is None and lines and len(lines[0].text) <= 200 and lines[0].text[-1] not in ".!?":
        head = lines[0].text  # a headline-like first line
    if head and re.search(r"\beditorial\b", head, re.IGNORECASE):
        return "editorial"
    imperatives = _imperative_items(lines)
    calls = len(re.findall(r"\b(?:sign (?:the|our|this) petition|donate|contact your)\b", text, re.I))
    if imperatives >= 3 or (imperatives >= 2 and (calls or _ACTION_INTRO.search(text))):
        return "advocacy"
    headings = sum(
        1
        for i, line in enumerate(lines)
        if _is_section_heading(line.text, lines[i + 1].text if i + 1 < len(lines) else None, head)
    )
    tables = sum(1 for line in lines if _is_table_line(line.text))
    sectioned = headings >= 2 and _reporting_density(text) < _REPORTING_PER_1000_WORDS
    if sectioned or tables >= 2 or _ANALYSIS_MARKERS.search(text):
        return "analysis"
    words = max(len(text.split()), 1)
    own_words = _QUOTATION.sub(" ", text)
    first_person = len(_FIRST_PERSON.findall(own_words))
    opinion = len(_OPINION_MARKERS.findall(own_words)) * 3 + first_person + 2 * len(
        _BACK_REFERENCE.findall(own_words)
    )
    reporting = len(_REPORTING.findall(text))
    if opinion >= 4 and opinion * 1000 / words >= 5 and opinion > reporting:
        return "opinion"
    return "news"


def _boundaries(text: str, lines: list[Line], cta_breaks: list[int]) -> list[int]:
    """Offsets where a new piece starts (excluding 0)."""
    breaks = set(cta_breaks)
    found: set[int] = set()
    for i in range(1, len(lines)):
        prev, cur = lines[i - 1], lines[i]
        following = lines[i + 1 : i + 4]
        listed = sum(1 for ln in following if _LIST_MARKER.match(ln.text))
        if _ACTION_INTRO.match(cur.text) and len(prev.text) > 60 and listed >= 2:
            found.add(cur.start)
            continue
        fresh = (
            len(cur.text) >= 150
            and cur.text[-1] in ".!?\"”:"
            and not _CONTINUATION.match(cur.text)
        )
        # a new piece opens afresh and refers back to another piece, after that piece ended
        # (a concluding paragraph) or after a call to action stuck between the two
        ended = bool(_CONCLUSION.match(prev.text)) or cur.start in breaks
        if fresh and ended and (_BACK_REFERENCE.search(cur.text) or _ACTION_INTRO.match(cur.text)):
            found.add(cur.start)
    # every piece must hold some prose, or the split is noise
    kept: list[int] = []
    last = lines[0].start
    for b in sorted(found):
        if len(text[last:b].strip()) >= 200:
            kept.append(b)
            last = b
    if kept and len(text[kept[-1]:].strip()) < 200:
        kept.pop()
    return kept


def find_segments(
    text: str, *, title: str | None = None, cta_breaks: list[int] | None = None
) -> list[Segment]:
    """Segments covering ``text`` end to end, each with its genre; one when the text is one piece."""
    lines = split_lines(text)
    if not lines:
        return [Segment(start=0, end=len(text), genre="news", title=title)]
    cuts = [0, *_boundaries(text, lines, cta_breaks or []), len(text)]
    segments: list[Segment] = []
    for index, (start, end) in enumerate(itertools.pairwise(cuts)):
        piece = text[start:end]
        piece_title = title if index == 0 else None
        segments.append(
            Segment(start=start, end=end, genre=classify_genre(piece, piece_title), title=piece_title)
        )
    return segments
