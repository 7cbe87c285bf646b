"""Event dates: turn the date words of a sentence into a date at an honest precision.

Two entry points:

* :func:`resolve_date_text` works on a date phrase ("on Friday", "18 February 2025",
  "last month") and needs no spaCy;
* :func:`resolve_event_date` picks, in a parsed sentence, the date phrase that belongs to the
  event (the one attached to the trigger's clause, else the nearest) and resolves it.

Both return ``(date, precision)``: ``("YYYY-MM-DD", "day")``, ``("YYYY-MM", "month")``,
``("YYYY", "year")`` or ``(None, None)``.

Decisions (see tests/test_dates.py for the cases):

* Relative expressions are resolved against the publication date. A weekday is the most recent
  such day before publication, or the next one after it when the tense is future; the
  publication's own weekday, named bare ("on Friday" in a Friday report), is the publication
  day, as news style uses it, while "last Friday" / "next Friday" are a week away. Without a publication date a relative expression gives no date, while an absolute one
  ("18 February 2025", "February 2023", "2014") still resolves.
* Precision is never invented: a month stays a month, a year a year. Week precision is not part
  of the contract, so "last week" / "this week" give no date rather than a guessed day.
* Durations and vague spans ("nearly two years", "the past three years", "30-day", "decades",
  "recent weeks", "the coming days", "next 2 months") are never dates.
* A year range ("2014-2015", "2014-15") gives its first year: the event began then.
* A month or day without a year takes the publication year, moved back a year when that would
  put a past event after publication (or forward when a future event would fall before it).

Regular expressions handle the common forms; ``dateparser`` is only a fallback for rarer
absolute spellings (and is imported lazily, as it is slow to load).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from detente.dates import day_of
from detente.extract.modality import to_infinitive
from detente.text import APOSTROPHES
from detente.vocabulary import FUTURE_AUX, REPORTING_VERBS, number_words

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["in_another_week", "resolve_date_text", "resolve_event_date", "warm_up"]

DateResult = tuple[str | None, str | None]
_NONE: DateResult = (None, None)

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {calendar.day_name[i].lower(): i for i in range(7)}
_WEEKDAYS.update({calendar.day_abbr[i].lower(): i for i in range(7)})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_NUMBER_WORDS = number_words(range(1, 13), article=True)  # "a week ago" .. "twelve years ago"

_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?P<weekday>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
_DAY_RE = r"(?P<day>[0-3]?\d)"

# Absolute forms, most precise first.
_ISO_DAY = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_DAY_MONTH_YEAR = re.compile(rf"\b{_DAY_RE}\s+{_MONTH_RE},?\s+{_YEAR_RE}\b")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}\b")
_DAY_MONTH = re.compile(rf"\b{_DAY_RE}\s+{_MONTH_RE}(?![a-z])")
_MONTH_DAY = re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?!\s*[,-]?\s*\d)")
_MONTH_YEAR = re.compile(rf"\b{_MONTH_RE},?\s+(?:of\s+)?{_YEAR_RE}\b")
_MONTH_ONLY = re.compile(rf"\b{_MONTH_RE}(?![a-z])")
_YEAR_RANGE = re.compile(rf"\b{_YEAR_RE}\s*(?:-|–|—|/|to|and)\s*(?:(?:19|20)\d\d|\d\d)\b")
_YEAR_ONLY = re.compile(rf"\b{_YEAR_RE}\b(?!s)")
_WEEKDAY = re.compile(rf"\b(?:(?P<which>last|this|next|past|coming|this\s+coming|this\s+past)\s+)?{_WEEKDAY_RE}(?![a-z])")

# Durations and vague spans: a time unit that is not anchored by last/this/next/ago.
_UNIT = r"(?:second|minute|hour|day|night|week|weekend|fortnight|month|year|decade|centur(?:y|ie))s?"
_HYPHEN_UNIT = re.compile(rf"\b[\w.]+-{_UNIT}\b")  # "30-day", "two-year", "6-month"
_UNIT_WORD = re.compile(rf"\b{_UNIT}\b")
_DECADE = re.compile(r"\b(?:(?:19|20)\d0s|\d0s|'\d0s)\b")
_VAGUE = re.compile(r"\b(?:recent|coming|past|several|few|many|decades?|centur(?:y|ies)|ages|era|period|times?)\b")

_AGO = re.compile(r"^(?P<num>\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+(?P<unit>day|month|year)s?\s+ago$")
_TODAY = re.compile(r"^(?:earlier\s+|later\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))$")
_YESTERDAY = re.compile(r"^(?:yesterday|last\s+night)(?:\s+(?:morning|afternoon|evening))?$")
_TOMORROW = re.compile(r"^tomorrow(?:\s+(?:morning|afternoon|evening|night))?$")
_REL_MONTH = re.compile(r"^(?:(?:earlier|later)\s+)?(?P<which>last|this|next)\s+month$")
_REL_YEAR = re.compile(r"^(?:(?:earlier|later)\s+)?(?P<which>last|this|next)\s+year$")
_REL_WEEK = re.compile(r"^(?:(?:earlier|later)\s+)?(?:last|this|next)\s+(?:week|weekend)$")

_LEADING = re.compile(
    r"^(?:(?:on|in|at|by|from|since|until|till|during|as\s+of|as\s+early\s+as|as\s+late\s+as|"
    r"the|of|early|late|mid|around|about|before|after|beginning|start|end|middle|"
    r"earlier|later)[\s-]+)+"
)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d\b")  # 15/08/2025: left to dateparser
_STRAIGHT = str.maketrans(APOSTROPHES)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b")
_FUTURE_FRAMES = {"set", "go", "plan", "schedule", "expect", "due", "intend", "poise", "slate"}


def _parse_published(published: str | None) -> date | None:
    """The publication day from "YYYY-MM-DD" (a time part is ignored); None when unusable."""
    return day_of(published.strip()) if published else None


def _normalise(text: str) -> str:
    text = text.lower().translate(_STRAIGHT).replace("\u00a0", " ")
    text = re.sub(r"[\s,;:()\[\]\"|]+", " ", text).strip(" .")
    text = _ORDINAL.sub(r"\1", text)
    text = re.sub(r"\bthe\s+(\d{1,2})\s+of\s+", r"\1 ", text)  # "the 18 of march" -> "18 march"
    return text


def _day(d: date) -> DateResult:
    return d.isoformat(), "day"


def _month(year: int, month: int) -> DateResult:
    return f"{year:04d}-{month:02d}", "month"


def _year(year: int) -> DateResult:
    return f"{year:04d}", "year"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday(target: int, which: str | None, pub: date, future: bool) -> date:
    """The weekday ``target`` relative to ``pub``: before it, or after it when future; a bare
    weekday that is ``pub``'s own is ``pub``."""
    if which in {"next", "coming", "this coming"}:
        future = True
    elif which in {"last", "past", "this past"}:
        future = False
    if which is None and target == pub.weekday():
        # news style names the day of publication by its weekday: "Putin said on Friday" in a
        # Friday report is that Friday, not the one a week before
        return pub
    if future:
        delta = (target - pub.weekday()) % 7 or 7
        return pub + timedelta(days=delta)
    delta = (pub.weekday() - target) % 7 or 7
    return pub - timedelta(days=delta)


def _relative(phrase: str, pub: date | None, future: bool) -> DateResult | None:
    """Anchored relative expressions; ``None`` when the phrase is not one of them."""
    if _REL_WEEK.match(phrase):
        return _NONE  # week precision is not part of the contract
    forms: list[tuple[re.Pattern[str], Any]] = [
        (_TODAY, lambda m, p: _day(p)),
        (_YESTERDAY, lambda m, p: _day(p - timedelta(days=1))),
        (_TOMORROW, lambda m, p: _day(p + timedelta(days=1))),
        (_REL_MONTH, lambda m, p: _month(*_shift_month(p.year, p.month, _STEP[m["which"]]))),
        (_REL_YEAR, lambda m, p: _year(p.year + _STEP[m["which"]])),
        (_AGO, _ago),
    ]
    for pattern, build in forms:
        match = pattern.match(phrase)
        if match:
            return _NONE if pub is None else build(match, pub)  # type: ignore[no-any-return]
    match = _WEEKDAY.fullmatch(phrase) or _WEEKDAY.fullmatch(
        re.sub(r"\s+(?:morning|afternoon|evening|night)$", "", phrase)
    )
    if match:
        if pub is None:
            return _NONE
        which = re.sub(r"\s+", " ", match["which"]) if match["which"] else None
        return _day(_weekday(_WEEKDAYS[match["weekday"]], which, pub, future))
    return None


_STEP = {"last": -1, "this": 0, "next": 1}


def _ago(match: re.Match[str], pub: date) -> DateResult:
    raw = match["num"]
    amount = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
    unit = match["unit"]
    if unit == "day":
        return _day(pub - timedelta(days=amount))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, -amount))
    return _year(pub.year - amount)


def _is_vague(phrase: str) -> bool:
    """Durations and vague spans, which are never event dates."""
    if _HYPHEN_UNIT.search(phrase) or _DECADE.search(phrase):
        return True
    return bool(_UNIT_WORD.search(phrase) or _VAGUE.search(phrase))


def _infer_year(month: int, day: int | None, pub: date, future: bool) -> int:
    """The year of a month (and day) given without one, relative to publication."""
    year = pub.year
    probe = (month, day or 1)
    start = (pub.month, pub.day if day else 1)
    if not future and probe > start:
        year -= 1
    elif future and probe < start:
        year += 1
    return year


def _absolute(phrase: str, pub: date | None, future: bool) -> DateResult | None:
    """Calendar forms: ISO, day-month-year, month-year, year, and partial ones with a pub date."""
    for pattern in (_ISO_DAY, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.search(phrase)
        if match:
            month = int(match["month"]) if match["month"].isdigit() else _MONTHS[match["month"]]
            found = _valid_day(int(match["year"]), month, int(match["day"]))
            return _day(found) if found else _NONE
    match = _MONTH_YEAR.search(phrase)
    if match:
        return _month(int(match["year"]), _MONTHS[match["month"]])
    match = _YEAR_RANGE.search(phrase) or _YEAR_ONLY.search(phrase)
    if match:
        return _year(int(match["year"]))
    match = _MONTH_DAY.search(phrase) or _DAY_MONTH.search(phrase)
    if match:
        if pub is None:
            return _NONE
        month, day = _MONTHS[match["month"]], int(match["day"])
        found = _valid_day(_infer_year(month, day, pub, future), month, day)
        return _day(found) if found else _NONE
    match = _MONTH_ONLY.search(phrase)
    if match and not (match["month"] == "may" and phrase != "may"):  # "may" is mostly a modal
        if pub is None:
            return _NONE
        month = _MONTHS[match["month"]]
        return _month(_infer_year(month, None, pub, future), month)
    return None


@lru_cache(maxsize=1)
def _dateparser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"RETURN_TIME_AS_PERIOD": True})


def warm_up() -> None:
    """Load the date parser and its English data now rather than on the first rare date."""
    _dateparser().get_date_data("15 August 2025")


def _fallback(phrase: str) -> DateResult:
    """Rare absolute spellings ("15/08/2025"): dateparser, only when a 4-digit year is present,
    so that nothing relative or partial is resolved against the wrong base."""
    if not _YEAR_ONLY.search(phrase):
        return _NONE
    data = _dateparser().get_date_data(phrase)
    if data is None or data.date_obj is None:
        return _NONE
    found = data.date_obj.date()
    if data.period == "day":
        return _day(found)
    if data.period == "month":
        return _month(found.year, found.month)
    if data.period == "year":
        return _year(found.year)
    return _NONE


_YEAR_WORDS = re.compile(r",?\s*\b(last|this)\s+year\b", re.IGNORECASE)
_MONTH_NAME = re.compile(r"\b(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def resolve_date_text(text: str, published: str | None, *, future: bool = False) -> DateResult:
    """Resolve one date phrase against the publication date (``"YYYY-MM-DD"`` or None).

    ``future`` says the event is in the future tense ("will meet on Friday"): weekdays, months
    and days without a year then point forward from publication instead of back.
    Returns ``(date, precision)`` or ``(None, None)``.
    """
    phrase = _normalise(text)
    if not phrase:
        return _NONE
    pub = _parse_published(published)
    core = _LEADING.sub("", phrase)
    year_of = _YEAR_WORDS.search(core)
    if year_of is not None and pub is not None and _MONTH_NAME.search(core):
        # "on August 18 last year", "in March this year": the phrase with that year written out
        year = pub.year - (1 if year_of.group(1) == "last" else 0)
        return resolve_date_text(f"{_YEAR_WORDS.sub('', core).strip()} {year}", published, future=future)
    result = _relative(core, pub, future) or _relative(phrase, pub, future)
    if result is not None:
        return result
    if _is_vague(phrase):
        return _NONE
    if _NUMERIC_DATE.search(core):
        return _fallback(core)
    result = _absolute(core, pub, future)
    if result is not None:
        return result
    if _WEEKDAY.search(core):
        # a weekday inside a longer phrase ("Friday night's talks"): resolve the weekday alone
        match = _WEEKDAY.search(core)
        assert match is not None
        return _relative(match.group(0), pub, future) or _NONE
    return _fallback(core)


# --------------------------------------------------------------------------------------------
# In a parsed sentence


_FALLBACK_SPANS = re.compile(
    r"\b(?:(?:on|last|next|this)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:[0-3]?\d\s+)?(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?:\s+[0-3]?\d)?,?\s+(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d-[01]\d-[0-3]\d\b"
)


_DAY_IN_TIME = re.compile(r"\b(?:" + "|".join(calendar.day_name) + r"|yesterday|today|tonight)\b", re.IGNORECASE)


def _candidates(sent: Span) -> list[Span]:
    """DATE entities of the sentence, plus weekday and full calendar dates the tagger missed."""
    from detente.extract.nlp import sentence_entities, span_text

    ents = sentence_entities(sent)
    # "Tuesday night", "early Sunday morning": a time of a named day is that day
    found = [ent for ent in ents if ent.label_ == "DATE" or (ent.label_ == "TIME" and _DAY_IN_TIME.search(ent.text))]
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    for match in _FALLBACK_SPANS.finditer(span_text(sent)):
        start = sent.start_char + match.start()
        span = sent.doc.char_span(start, sent.start_char + match.end(), alignment_mode="expand")
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            found.append(span)
            taken.update(range(span.start, span.end))
    return found


def _governs_future(token: Token) -> bool:
    """True when the trigger's clause is in the future: "will meet", "is set to meet",
    "is going to / plans to / is expected to meet"; nominal triggers look at their verb."""
    current = token
    for _ in range(5):
        for child in current.children:
            if child.dep_ in {"aux", "auxpass"} and child.lower_ in FUTURE_AUX:
                return True
        if _future_in_the_past(current):
            return True
        if (
            current.lemma_ in _FUTURE_FRAMES
            and any(c.dep_ == "xcomp" for c in current.children)
            and _present(current)
        ):
            return True  # "is set to meet", "plans to visit", "is expected to hold talks"
        purpose = current.dep_ == "advcl" and to_infinitive(current)
        if purpose or current.dep_ in {"xcomp", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "acomp"}:
            # ("would meet again in July to discuss ...": the purpose of a plan is planned too)
            if current.head.i == current.i:
                break
            current = current.head
            continue
        break
    return False


def _future_in_the_past(verb: Token) -> bool:
    """ "told a news conference that the truce would take effect on Sunday": "would" in what a
    speaker said is the future seen from the saying (not "would have met")."""
    auxes = [c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    return ("would" in auxes and "have" not in auxes and verb.dep_ == "ccomp"
            and verb.head.lemma_.lower() in REPORTING_VERBS and verb.head.tag_ == "VBD")


def _main_verb(sent: Span) -> Token:
    """Without a trigger: the deepest verb of the root's complement chain ("are due to sign")."""
    current = sent.root
    for _ in range(5):
        nxt = next((c for c in current.children if c.dep_ in {"xcomp", "acomp"}), None)
        if nxt is None:
            break
        current = nxt
    return current


def _present(token: Token) -> bool:
    """A frame verb in the present ("plans", "is set", "are due"), not "planned" / "was set"."""
    if token.tag_ in {"VBZ", "VBP"}:
        return True
    helpers = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if token.pos_ == "ADJ" and token.head.i != token.i:
        helpers.append(token.head)
    return any(h.tag_ in {"VBZ", "VBP"} or h.lower_ in FUTURE_AUX for h in helpers)


def _clause_path(start: Token, stop: Token) -> tuple[bool, bool]:
    """(reaches ``stop`` by walking up from ``start``, passes a verb other than ``stop`` first).
    A reduced or relative clause on a nominal trigger ("the conditions put forward in June")
    describes the trigger itself and does not count as another verb."""
    through_verb = False
    current = start
    for _ in range(40):
        if current.i == stop.i:
            return True, through_verb
        describes_stop = current.dep_ in {"acl", "relcl"} and current.head.i == stop.i
        if current.i != start.i and current.pos_ in {"VERB", "AUX"} and not describes_stop:
            through_verb = True
        if current.head.i == current.i:
            break
        current = current.head
    return False, through_verb


def clause_head(token: Token) -> Token | None:
    """The clause a date phrase modifies: the nearest verb above it, else the sentence root
    ("relations have been strained since ..." is rooted in an adjective); None when the phrase
    is the root itself (a table row or a fragment)."""
    current = token
    for _ in range(40):
        if current.head.i == current.i:
            return current if current.i != token.i else None
        current = current.head
        if current.pos_ in {"VERB", "AUX"}:
            return current
    return None


# Prepositions that make a date the bound of a period rather than the day something happened:
# "since 2022" (a start), "before the end of August", "by Friday", "until June" (deadlines).
_BOUNDS = frozenset({"since", "until", "till", "before", "by", "within"})


def _period_bound(candidate: Span) -> bool:
    """"since 2022", "before the end of August", "by Friday": the bound of a period or a
    deadline, not the event's date."""
    current = candidate.root
    for _ in range(40):
        if current.lower_ in _BOUNDS:
            return True
        if current.head.i == current.i or current.head.pos_ in {"VERB", "AUX"}:
            return current.head.lower_ in _BOUNDS
        current = current.head
    return False


def _rank(candidate: Span, trigger: Token | None) -> tuple[int, int] | None:
    """Smaller is better; ``None`` for a date that is not this event's.

    0: attached to the trigger's own clause; 1: attached to a clause governing it ("officials
    said Thursday that ..."); 2: in a fragment without a clause (table rows). A date in another
    clause ("since the war began in 2022, Beijing has kept ...", "conditions put forward in June
    2024, and Trump did not mention ...") or bounding a period ("since 2022", "by Friday",
    "before the end of August") is never used.
    Ties are broken by distance to the trigger."""
    if _period_bound(candidate):
        return None
    if trigger is None:
        top = clause_head(candidate.root)
        if top is not None and _other_event_noun(candidate.root, top, None):
            return None  # the day of something the sentence names, not of the sentence
        return 0, candidate.start
    distance = min(abs(candidate.start - trigger.i), abs(candidate.end - 1 - trigger.i))
    reaches, through_verb = _clause_path(candidate.root, trigger)
    if reaches:
        return None if through_verb else (0, distance)
    governing = clause_head(candidate.root)
    if governing is None:
        return 2, distance
    if _other_event_noun(candidate.root, governing, trigger):
        return None  # "the talks follow a proposal by Putin on Sunday": the proposal's day
    if governing.i == trigger.i or (governing.is_ancestor(trigger) and not _own_clause(trigger, governing)):
        return 1, distance
    return None


def _other_event_noun(token: Token, top: Token, trigger: Token | None) -> bool:
    """Whether a date phrase modifies, below its clause's verb ``top``, an event noun other
    than the trigger ("a proposal ... on Sunday", "after the strike on Monday"); with no
    trigger, any event noun."""
    from detente.extract.events import load_lexicon

    nouns = load_lexicon().nouns
    current = token.head
    for _ in range(40):
        if current.i == top.i or current.head.i == current.i:
            return False
        if (current.pos_ == "NOUN" and current.lemma_.lower() in nouns
                and (trigger is None or (current.i != trigger.i and not current.is_ancestor(trigger)
                                         and not _subject_of(current, trigger)))):
            return True
        current = current.head
    return False


def _subject_of(noun: Token, trigger: Token) -> bool:
    """Whether ``noun`` is the subject of the trigger's verb or of a verb it is coordinated
    with ("the Sunday morning strike killed 34 and wounded 117": the strike is the event)."""
    if noun.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = trigger
    for _ in range(4):
        if noun.head.i == verb.i:
            return True
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _own_clause(token: Token, top: Token) -> bool:
    """True when, between ``token`` and its ancestor ``top``, a coordinated clause has its own
    subject ("terms were laid out in June, and the president did not mention ..."): that clause
    does not share the first one's date, unlike "met on Friday and signed a deal"."""
    current = token
    for _ in range(40):
        if current.i == top.i or current.head.i == current.i:
            return False
        if current.dep_ == "conj" and any(c.dep_ in {"nsubj", "nsubjpass"} for c in current.children):
            return True
        current = current.head
    return False


_PROBE_DAY = "2000-06-15"  # any day: used to tell a relative date from a duration


def _ranked(sent: Span, trigger_i: int | None) -> tuple[list[Span], bool]:
    """The sentence's date phrases that may be the event's, best first, and whether the
    event's clause is in the future."""
    trigger: Token | None = None
    if trigger_i is not None:
        if not sent.start <= trigger_i < sent.end:
            raise ValueError(f"trigger_i={trigger_i} is outside the sentence [{sent.start}, {sent.end})")
        trigger = sent.doc[trigger_i]
        while trigger.dep_ == "compound" and sent.start <= trigger.head.i < sent.end:
            trigger = trigger.head  # "ceasefire conditions": the phrase's head noun
    future = _governs_future(trigger if trigger is not None else _main_verb(sent))
    ranked: list[tuple[tuple[int, int], Span]] = []
    for candidate in _candidates(sent):
        rank = _rank(candidate, trigger)
        if rank is not None:
            ranked.append((rank, candidate))
    ranked.sort(key=lambda item: item[0])
    return [candidate for _, candidate in ranked], future


def resolve_event_date(
    sent: Span, published: str | None, *, trigger_i: int | None = None, outside: Token | None = None
) -> DateResult:
    """The event date of a parsed sentence, against the publication date ``published``.

    ``trigger_i`` is the document index (``Token.i``) of the event's trigger token; the date
    phrase attached to the trigger's clause wins, else one governing it, else the nearest.
    Durations and vague spans are skipped; the best real date phrase decides, so a relative one
    ("on Tuesday") without a publication date gives no date rather than a worse-placed
    absolute date from another clause.  With ``outside`` (a token), the phrases of a non-finite or
    relative clause below it are not considered (see :func:`in_clause_under`): "Hamas had
    violated the agreement by failing to hand over the list of hostages to be freed on Saturday"
    states no day of the violation.
    """
    ranked, future = _ranked(sent, trigger_i)
    if outside is not None:
        ranked = [c for c in ranked if not in_clause_under(c, outside)]
    for candidate in ranked:
        result = resolve_date_text(candidate.text, published, future=future)
        if result[0] is not None:
            return result
        if resolve_date_text(candidate.text, _PROBE_DAY, future=future)[0] is not None:
            return _NONE  # a real but relative date, and nothing to anchor it
    return _NONE


def in_clause_under(phrase: Span, token: Token) -> bool:
    """Whether a date phrase modifies a non-finite or relative clause below ``token``
    ("hostages to be freed on Saturday", "failing to hand over ... on Monday", "backing armed
    Serbs who attacked the police last month"): the time of what the event is about.  Another
    finite verb below it is more often the small parser's misreading ("the cabinet approved on
    Tuesday night a ceasefire agreement" hung under "agreement")."""
    clause = clause_head(phrase.root)
    if clause is None or clause.i == token.i or not token.is_ancestor(clause):
        return False
    return (clause.tag_ in {"VB", "VBG"} or clause.dep_ == "relcl"
            or to_infinitive(clause))


_OTHER_WEEK = re.compile(r"^(?:(?:earlier|later)\s+)?(?:last|next|past|coming)\s+(?:week|weekend)$")


def in_another_week(sent: Span, trigger_i: int) -> bool:
    """Whether the event's own date phrase puts it in the week before or after the report's
    ("imposed sanctions last week", "will meet next week"): a time the record cannot hold at
    day precision, and not the report's day either, so the event is left undated."""
    ranked, _ = _ranked(sent, trigger_i)
    return bool(ranked) and _OTHER_WEEK.match(_normalise(ranked[0].text)) is not None
