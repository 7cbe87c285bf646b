"""Positions: where each actor stands on each issue of the peace process, with the quote.

A sentence yields a position when it names an issue of the taxonomy (knowledge/issues.json),
carries a stance cue ("would not accept", "must include", "has called for", ...) and has a
holder: the actor of an event stated in that sentence, else the actor mentioned on the subject
side before the cue (see :meth:`Parties.holders`).  The stance describes the holder's attitude
towards what the quote names under that issue; the quote is the sentence, exact.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detente.errors import ConfigError
from detente.model import Article, Event
from detente.track.parties import Parties, default_parties
from detente.track.records import STANCES, Position
from detente.track.text import Sentence, sentences

__all__ = ["Issue", "Taxonomy", "extract_positions", "load_taxonomy"]


@dataclass(frozen=True)
class Issue:
    id: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Taxonomy:
    issues: tuple[Issue, ...]
    cues: tuple[tuple[str, re.Pattern[str]], ...]  # (stance, pattern) in order of precedence
    negation: re.Pattern[str]

    def issues_in(self, text: str) -> list[Issue]:
        return [issue for issue in self.issues if issue.pattern.search(text)]

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
            Issue(str(i["id"]), str(i.get("label") or i["id"]), _terms(list(i["keywords"])))
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


_SUBORDINATE = re.compile(r";|\s(?:because|while|but|although|whereas)\s", re.I)
_CLAUSE_AFTER = re.compile(r";|,\s*(?:but|while|although|and)\s|\s(?:but|while|although|whereas)\s", re.I)
_REPORTED = re.compile(r"\b(?:said|says|told|tells|stated|repeated|added|wrote|warned|insisted)\b(?:\s+(?:reporters|journalists))?(?:\s+that)?\s", re.I)
_PASSIVE_BY = re.compile(r"^\s+by\s+", re.I)


def _clause_start(text: str, cue_at: int) -> int:
    """Start of the clause holding the cue: "..., because Russia has not agreed" → "Russia ..."."""
    start = 0
    for m in _SUBORDINATE.finditer(text, 0, cue_at):
        start = m.end()
    return start


def _holders_and_issues(
    text: str, cue: re.Match[str], taxonomy: Taxonomy, parties: Parties, on_date: str | None
) -> tuple[list[str], list[Issue], int]:
    """Who holds the stance a cue states, what it is about, and how specific the reading is.

    * passive ("was rejected by Moscow"): the actor after "by" holds it, about what comes
      before the cue; without an actor there ("backed by its partners") nobody does;
    * reported speech ("officials said the Russian side had put forward demands"): the
      subject of the reported clause, else the speaker;
    * the issue is looked for after the cue within its clause (", but ..." starts another
      statement), then anywhere after the cue, then in the whole sentence.
    """
    clause = _clause_start(text, cue.start())
    after = text[cue.end() :]
    end = _CLAUSE_AFTER.search(after)
    own_clause = after[: end.start()] if end else after
    passive = _PASSIVE_BY.match(after)
    if passive:
        by = parties.holders(after[passive.end() :], on_date=on_date)
        if not by:
            return [], [], 0
        issues = taxonomy.issues_in(text[clause : cue.start()]) or taxonomy.issues_in(own_clause)
        return by, issues, 3
    specific = 0
    issues = taxonomy.issues_in(own_clause)
    if issues:
        specific += 2
    else:
        issues = taxonomy.issues_in(after) or taxonomy.issues_in(text)
    head = text[clause : cue.start()]
    said = list(_REPORTED.finditer(head))
    holders: list[str] = []
    if said:
        holders = parties.holders(head[said[-1].end() :], on_date=on_date)
    holders = holders or parties.holders(text[clause:], before=cue.start() - clause, on_date=on_date)
    if holders:
        specific += 1
    return holders, issues, specific


def extract_positions(
    article: Article,
    events: list[Event],
    *,
    parties: Parties | None = None,
    taxonomy: Taxonomy | None = None,
) -> list[Position]:
    """Positions stated in one article: one per (actor, issue), with the most specific quote
    (the issue named in the cue's own clause, the holder its subject; the shorter quote on a tie)."""
    parties = parties or default_parties()
    taxonomy = taxonomy or load_taxonomy()
    best: dict[tuple[str, str], tuple[tuple[int, int, int], Position]] = {}
    for n, sent in enumerate(sentences(article.text)):
        if not taxonomy.issues_in(sent.text):
            continue
        found = taxonomy.stance_in(sent.text)
        if found is None:
            continue
        stance, cue = found
        holders, issues, specific = _holders_and_issues(sent.text, cue, taxonomy, parties, article.published)
        here = _events_in(sent, events)
        # the sentence's own subject first; else the actor of the event whose trigger is nearest the cue
        here.sort(key=lambda e: abs(sent.start + cue.start() - _trigger_at(e)))
        if not holders and not _PASSIVE_BY.match(sent.text[cue.end() :]):
            holders = _event_holders(here[:1])
        if not holders or not issues:
            continue
        event = here[0] if here else None
        date = (event.date if event and event.date else None) or article.published
        rank = (specific, -len(sent.text), -n)
        for code in holders:
            for issue in issues:
                key = (code, issue.id)
                if key in best and best[key][0] >= rank:
                    continue
                best[key] = (
                    rank,
                    Position(
                        actor=code,
                        issue=issue.id,
                        stance=stance,
                        quote=sent.text,
                        date=date,
                        article_id=article.id,
                        event_id=event.id if event else None,
                        cue=cue.group(0),
                        span=(sent.start, sent.end),
                    ),
                )
    return sorted((p for _, p in best.values()), key=lambda p: (p.span[0], p.actor, p.issue))
