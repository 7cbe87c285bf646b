"""Positions: where each actor stands on each issue of the peace process, with the quote.

A sentence yields a position when it names an issue of the taxonomy (knowledge/issues.json),
carries a stance cue ("would not accept", "must include", "has called for", ...) and has a
holder: the actor of an event stated in that sentence, else the actor mentioned on the subject
side before the cue (see :meth:`Parties.holders`).  The stance describes the holder's attitude
towards what the quote names under that issue; the quote is the sentence, exact.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detente.dates import before
from detente.errors import ConfigError
from detente.extract.engine import mask_datelines
from detente.model import Article, Event
from detente.track.deadlines import sentence_date
from detente.track.parties import Parties, default_parties
from detente.track.records import STANCES, Position
from detente.track.text import Sentence, sentences
from detente.vocabulary import said_words

__all__ = ["Issue", "Taxonomy", "extract_positions", "load_taxonomy"]


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    pattern: re.Pattern[str]  # what an item is about (milestones, positions)
    stated: re.Pattern[str] | None = None  # the wider list read around a stance cue


@dataclass(frozen=True)
class Taxonomy:
    issues: tuple[Issue, ...]
    cues: tuple[tuple[str, re.Pattern[str]], ...]  # (stance, pattern) in order of precedence
    negation: re.Pattern[str]

    def issues_in(self, text: str) -> list[Issue]:
        return [issue for issue in self.issues if issue.pattern.search(text)]

    def stated_in(self, text: str) -> list[Issue]:
        """Issues ``text`` names as the object of a stance (keywords + position_keywords)."""
        return [issue for issue in self.issues if (issue.stated or issue.pattern).search(text)]

    def stance_in(self, text: str) -> tuple[str, re.Match[str]] | None:
        """The stance of ``text`` and the cue that decides it (earliest cue of the first stance)."""
        for stance, pattern in self.cues:
            m = pattern.search(text)
            if m is None:
                continue
            if stance == "supports" and self.negation.search(text[max(0, m.start() - 25) : m.start()]):
                return "opposes", m
            return stance, m
        return None


def _terms(words: list[str]) -> re.Pattern[str]:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[\w-]*")
        else:
            parts.append(re.escape(word))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def taxonomy_from_dict(data: dict[str, object]) -> Taxonomy:
    """Build a taxonomy from the JSON structure of knowledge/issues.json."""
    try:
        issues_data = data["issues"]
        cues_data = data["stance_cues"]
        assert isinstance(issues_data, list) and isinstance(cues_data, dict)
        issues = tuple(
            Issue(str(i["id"]), str(i.get("label") or i["id"]), _terms(list(i["keywords"])), _stated(i))
            for i in issues_data
        )
        order = ("conditional", "opposes", "supports", "neutral")
        unknown = set(cues_data) - set(STANCES)
        if unknown:
            raise ConfigError(f"unknown stance(s) in issue taxonomy: {sorted(unknown)}",
                              fix=f"use only {', '.join(STANCES)}")
        cues = tuple((s, _terms(list(cues_data[s]))) for s in order if cues_data.get(s))
        negation = _terms(list(data.get("negations") or ["not", "never"]))  # type: ignore[call-overload]
    except (KeyError, TypeError, AssertionError) as exc:
        raise ConfigError(f"issue taxonomy is malformed: {exc!r}",
                          fix="each issue needs id and keywords; stance_cues maps stances to lists") from exc
    return Taxonomy(issues, cues, negation)


def _stated(issue: dict[str, object]) -> re.Pattern[str]:
    exclude = set(issue.get("position_exclude") or [])  # type: ignore[call-overload]
    words = [*issue["keywords"], *(issue.get("position_keywords") or [])]  # type: ignore[misc]
    return _terms([w for w in words if w not in exclude])


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy (knowledge/issues.json), read once."""
    raw = resources.files("detente.knowledge").joinpath("issues.json").read_text(encoding="utf-8")
    return taxonomy_from_dict(json.loads(raw))


def _events_in(sentence: Sentence, events: list[Event]) -> list[Event]:
    return [
        e for e in events
        if e.span[0] < sentence.end and e.span[1] > sentence.start and e.modality != "hypothetical"
    ]


def _trigger_at(event: Event) -> int:
    at = event.sentence.find(event.trigger)
    return event.span[0] + max(at, 0)


def _event_holders(events: list[Event]) -> list[str]:
    out: list[str] = []
    for e in events:
        for a in e.actors:
            code = a.country or a.org
            if code and code not in out:
                out.append(code)
    return out


# where a statement ends and another begins inside a sentence ("..., but Moscow said ...")
_CLAUSE_BREAK = re.compile(r";|,?\s(?:but|while|although|whereas|because)\s|,\s(?:after|since)\s", re.I)
# what starts the words a conditional cue can qualify backwards ("..., and explore X if ...")
_BACK_STOP = re.compile(r",|\b(?:that|and)\b", re.I)
# verbs of reported speech: the speaker holds what follows unless the reported clause names its own subject
_REPORTED = re.compile(
    r"\b(?:" + "|".join([*said_words("say", "tell", present=True, participle=True),
                          *said_words("state", "repeat", "add"), *said_words("write", present=True),
                          *said_words("warn", "insist", "answer", "reply", "argue", "stress", "announce",
                                      "hold", "declare")])
    + r")\b(?:\s+(?:reporters|journalists))?"
    r"(?:\s+(?:on|in)\s+\w+)?(?:\s+that)?",
    re.I,
)
_PASSIVE_BY = re.compile(r"^\s+by\s+", re.I)
_PRONOUN = re.compile(r"^\W*(?:that\s+)?(?:it|he|she|they|we)\b", re.I)
# a subject naming the two parties of the report together ("the two sides had agreed ...")
_GROUP = re.compile(
    r"\b(?:the two|both)\s+(?:sides|men|governments|delegations|teams|countries)\b|\bthe delegations\b", re.I
)
_AGREEMENT = re.compile(r"^agree", re.I)
# the kind of help a bare "support" names when it is a noun of aid, not a stance
_AID_KIND = re.compile(
    r"\b(?:military|financial|political|economic|humanitarian|logistical|material|extensive|external|"
    r"foreign|western|lethal|air|naval|budget|technical|continued|ongoing)\s+$", re.I)


@dataclass(frozen=True)
class _Cue:
    stance: str
    start: int
    end: int
    text: str


def _cues(text: str, taxonomy: Taxonomy) -> list[_Cue]:
    """Every stance cue of ``text``, the longer one where two overlap, in order.

    A supports cue after a negation states the opposite ("would not support" → opposes); a
    negated agreement ("did not agree to a ceasefire") reports an outcome and is no stance.
    """
    found: list[_Cue] = []
    for stance, pattern in taxonomy.cues:
        found.extend(_Cue(stance, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[_Cue] = []
    for cue in found:
        if out and cue.start < out[-1].end:
            continue
        if cue.text.lower() == "support" and _AID_KIND.search(text[max(0, cue.start - 30) : cue.start]):
            continue  # "military support to Kyiv", "sanctions and financial support": aid given, no stance
        if cue.stance == "supports" and taxonomy.negation.search(text[max(0, cue.start - 25) : cue.start]):
            if _AGREEMENT.match(cue.text):
                continue
            cue = _Cue("opposes", cue.start, cue.end, cue.text)
        out.append(cue)
    return out


def _clause_bounds(text: str, at: int) -> tuple[int, int]:
    start = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, at):
        start = m.end()
    end = _CLAUSE_BREAK.search(text, at)
    return start, end.start() if end else len(text)


@dataclass(frozen=True)
class _Reading:
    holders: list[str]
    issues: list[Issue]
    specific: int


def _group(text: str, lead: list[str]) -> list[str]:
    return lead[:2] if _GROUP.search(text) and len(lead) >= 2 else []


def _holder(head: str, parties: Parties, lead: list[str], on_date: str | None) -> tuple[list[str], int]:
    """Who states what follows ``head`` (the clause up to the cue) and where their words begin.

    Reported speech ("officials said the Russian side had put forward demands") gives the
    subject of the reported clause, else ("Moscow says a truce can only follow ...", "Ukraine
    said it was ready ...") the speaker; without it, the subject side of the clause.
    """
    said = list(_REPORTED.finditer(head))
    if said:
        last = said[-1]
        reported = head[last.end() :]
        own = parties.holders(reported, on_date=on_date) or _group(reported, lead)
        if own:
            return own, last.end()
        speaker = head[: last.start()]
        cut = max(speaker.rfind(","), 0)  # "X said ..., and Kyiv repeated that it": Kyiv
        who = parties.holders(speaker[cut:], on_date=on_date) or parties.holders(speaker, on_date=on_date)
        return who or _group(speaker, lead), last.end()
    return parties.holders(head, on_date=on_date) or _group(head, lead), 0


def _read_cue(
    text: str, cues: list[_Cue], k: int, taxonomy: Taxonomy, parties: Parties, lead: list[str], on_date: str | None
) -> _Reading:
    """Holder and issues of the ``k``-th cue of a sentence.

    * passive ("was rejected by Moscow"): the actor after "by" holds it, about what its clause
      names before the cue; without an actor there ("backed by its partners") nobody does;
    * otherwise the issues named after the cue up to the next cue or the end of its clause
      (a conditional cue also governs the issue named just before it: "economic cooperation
      if the war ends"); failing both, those named before it in its clause.
    """
    cue = cues[k]
    c_start, c_end = _clause_bounds(text, cue.start)
    after = text[cue.end :]
    passive = _PASSIVE_BY.match(after)
    if passive:
        by = parties.holders(after[passive.end() :], on_date=on_date)
        return _Reading(by, taxonomy.stated_in(text[c_start : cue.start]) if by else [], 5)
    nxt = cues[k + 1].start if k + 1 < len(cues) else len(text)
    scope = text[cue.end : max(cue.end, min(nxt, c_end))]
    holders, said_end = _holder(text[c_start : cue.start], parties, lead, on_date)
    issues = taxonomy.stated_in(scope)
    specific = 2 if issues else 0
    before = text[c_start + said_end : cue.start]
    if cue.stance == "conditional":
        stops = list(_BACK_STOP.finditer(before))
        near = _nearest_before(before[stops[-1].end() :] if stops else before, taxonomy)
        issues += [i for i in near if i not in issues]
        specific = 3 if issues else 0  # the condition qualifies what an earlier cue of the sentence stated
    if not issues:
        issues = taxonomy.stated_in(before)
    return _Reading(holders, issues, specific + (1 if holders else 0))


def _nearest_before(text: str, taxonomy: Taxonomy) -> list[Issue]:
    best: list[tuple[int, Issue]] = []
    for issue in taxonomy.issues:
        ends = [m.end() for m in (issue.stated or issue.pattern).finditer(text)]
        if ends:
            best.append((max(ends), issue))
    if not best:
        return []
    last = max(at for at, _ in best)
    return [issue for at, issue in best if at == last]


def _lead_parties(text: str, parties: Parties, on_date: str | None) -> list[str]:
    """The parties the report is about: those its first sentence names as actors."""
    for sent in sentences(text)[:3]:
        if len(sent.text) > 60:
            # a dateline ("RIYADH, Feb 18 — ") names a place, not a party
            return parties.codes(mask_datelines(sent.text)[0], on_date=on_date)
    return []


_MONTHS = [m.lower() for m in calendar.month_name[1:]]
_MONTH_YEAR = re.compile(r"\b(" + "|".join(calendar.month_name[1:]) + r")\s+((?:19|20)\d\d)\b", re.I)


def _stated_date(text: str, published: str | None) -> str | None:
    """The day a position was stated: the date the sentence gives, when it is not after the
    publication ("As early as February 2023, China made this point clear"), else the
    publication date; None for an undated article (it cannot be placed in time)."""
    if not published:
        return None
    own = sentence_date(text, published)
    if own is None:
        month = _MONTH_YEAR.search(text)
        if month:
            own = f"{month.group(2)}-{_MONTHS.index(month.group(1).lower()) + 1:02d}"
    return own if own and not before(published, own) else published


def extract_positions(
    article: Article,
    events: list[Event],
    *,
    parties: Parties | None = None,
    taxonomy: Taxonomy | None = None,
) -> list[Position]:
    """Positions stated in one article: one per (actor, issue), with the most specific quote
    (the issue named in the cue's own clause, the holder its subject; the shorter quote on a tie).

    Every cue of a sentence is read on its own, so "wanted security guarantees before any
    ceasefire" gives a supported guarantee and a conditional ceasefire.  The reporter's own
    framing ("a full ceasefire was not agreed") has no holder and gives nothing.
    """
    parties = parties or default_parties()
    taxonomy = taxonomy or load_taxonomy()
    lead = _lead_parties(article.text, parties, article.reading_day)
    best: dict[tuple[str, str], tuple[tuple[int, int, int], Position]] = {}
    for n, sent in enumerate(sentences(article.text)):
        if not taxonomy.stated_in(sent.text):
            continue
        cues = _cues(sent.text, taxonomy)
        here = _events_in(sent, events)
        for k, cue in enumerate(cues):
            reading = _read_cue(sent.text, cues, k, taxonomy, parties, lead, article.reading_day)
            holders = reading.holders
            at = sent.start + cue.start
            near = sorted(here, key=lambda e: abs(at - _trigger_at(e)))
            if not holders and not _PASSIVE_BY.match(sent.text[cue.end :]):
                # the actor of an event whose trigger is the cue itself
                holders = _event_holders([e for e in near[:1] if abs(at - _trigger_at(e)) <= 3])
            if not holders or not reading.issues:
                continue
            event = near[0] if near else None
            date = (event.date if event and event.date else None) or _stated_date(sent.text, article.reading_day)
            rank = (reading.specific, -len(sent.text), -n)
            for code in holders:
                for issue in reading.issues:
                    key = (code, issue.id)
                    if key in best and best[key][0] >= rank:
                        continue
                    best[key] = (
                        rank,
                        Position(
                            actor=code,
                            issue=issue.id,
                            stance=cue.stance,
                            quote=sent.text,
                            date=date,
                            article_id=article.id,
                            event_id=event.id if event else None,
                            cue=cue.text,
                            span=(sent.start, sent.end),
                        ),
                    )
    return sorted((p for _, p in best.values()), key=lambda p: (p.span[0], p.actor, p.issue))
