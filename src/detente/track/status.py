"""Status over time: later articles move earlier milestones, each change with its evidence.

For every sentence of every article (in date order) that carries a *status cue* ("agreed to",
"is now in force", "has expired", "collapsed", ...), the open milestones stated *before* it are
scored for a match, and the best one moves — when it is a move forward.  The match is
explainable and is written into the change's ``reason``:

* **subject**: issues of the taxonomy shared by the item and the sentence (an issue the sentence
  adds counts against), content words in common, and the same duration ("30 days");
* **parties**: at least one actor of the sentence among the item's parties (a sentence that
  names nobody — "The moratorium is now in force." — may still match on its subject);
* **time**: only items first stated earlier (an earlier article, or earlier in the same one);
  on a tie the most recently stated item wins.

A cue that is negated ("has not taken effect", "did not accept") or hypothetical ("would begin
only once ...") never moves an item.  Within one article the strongest outcome wins: an expiry
reported together with violations is *missed*, an expiry alone of a time-bound item is *met*.
Statuses only move forward (proposed → agreed → in_progress → an outcome; stalled may resume).

A duration ("for 30 days") becomes a deadline once the item is in force: counted from the date
it took effect.  Finally ``today`` gives ``overdue`` (deadline passed, no outcome) and the
derived status ``awaiting_evaluation`` (agreed or in progress, deadline still ahead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from detente.model import Article, Event
from detente.track.deadlines import find_duration, sentence_date, statement_date
from detente.track.parties import Parties, default_parties
from detente.track.positions import Taxonomy, load_taxonomy
from detente.track.records import FINAL_STATUSES, Milestone, StatusChange
from detente.track.text import Sentence, content_words, numbers, sentences

__all__ = ["update_statuses"]

# rank: how far along an item is; a change must not go backwards
_RANK = {"proposed": 0, "agreed": 1, "stalled": 2, "in_progress": 3, "partially_met": 4,
         "met": 5, "missed": 5, "abandoned": 5}
# severity within one article when several cues hit the same item
_SEVERITY = ["agreed", "in_progress", "met", "partially_met", "stalled", "abandoned", "missed"]

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern, re.I))
    for status, pattern in (
        ("agreed", r"\b(agreed|agrees|agree|accepted|accepts|accept|endorsed|signed(?: on)?|approved|backed)\b"),
        ("in_progress", r"\b(in force|into force|took effect|takes effect|taken effect|came into effect|began|begun|started|under way|underway|implementation began|delegations? met|held talks|met in|formed|launched|convened|ordered (?:the )?[\w ]{0,30}?to (?:halt|stop|cease|pause))\b"),
        ("met", r"\b(implemented|completed|complete|finished|fulfilled|achieved|carried out|was held|were held|reopened|restored|exchanged)\b"),
        ("partially_met", r"\b(partially|partly|in part)\b"),
        ("expired", r"\b(expired|has expired|lapsed|lapses|ran out|run out|r[au]n its course|ended)\b"),
        ("violated", r"\b(never respected|violat\w*|breach\w*|accused each other|broken|broke)\b"),
        ("missed", r"\b(missed the deadline|deadline passed|failed to|not met|fell through)\b"),
        ("stalled", r"\b(stalled|stalling|deadlock\w*|on hold|suspended|no progress|postponed|delayed)\b"),
        ("abandoned", r"\b(abandoned|collapsed|scrapped|withdrew from|pulled out of|terminated|cancel+ed)\b"),
    )
)
_NEGATION = re.compile(r"\b(not|n't|never|no|neither|nor|yet to|without|break(?:ing)? the|end(?:ing)? the|overcome|out of)\b", re.I)
_CLAUSE_BREAK = re.compile(r";|,\s*(?:but|while|although|and|since)\s|\s(?:but|while|although|whereas|since)\s", re.I)
_WINDOW = 80  # a cue speaks of an item only if the item's subject is named this close to it
_HYPOTHETICAL = re.compile(r"\b(would|could|might|if|once|unless|should|may|intends?|plans? to|will)\b", re.I)


@dataclass
class _Subject:
    issues: set[str]
    words: set[str]
    duration: str | None
    counts: set[str] = field(default_factory=set)  # "1,000", "175": which swap


def _actor_words(text: str, parties: Parties, on_date: str | None) -> set[str]:
    return set().union(*(content_words(m.text) for m in parties.mentions(text, on_date))) if text else set()


def _subject(text: str, taxonomy: Taxonomy, parties: Parties, on_date: str | None) -> _Subject:
    return _Subject(
        issues={i.id for i in taxonomy.issues_in(text)},
        words=content_words(text) - _actor_words(text, parties, on_date),
        duration=find_duration(text),
        counts=numbers(text),
    )


@dataclass
class _Hit:
    status: str  # a status, or the raw cues "expired" / "violated"
    sentence: Sentence
    article: Article
    score: float
    reason: str
    date: str | None


class _Tracker:
    def __init__(self, milestones: list[Milestone], parties: Parties, taxonomy: Taxonomy) -> None:
        self.items = milestones
        self.parties = parties
        self.taxonomy = taxonomy
        self.subjects: dict[str, _Subject] = {}
        self.position: dict[str, tuple[str, int]] = {}  # id -> (date key, offset) where first stated

    def subject(self, item: Milestone) -> _Subject:
        if item.id not in self.subjects:
            text = " ".join(filter(None, [item.what, item.detail]))
            subj = _subject(text, self.taxonomy, self.parties, item.first_seen)
            # the whole evidence sentence adds its issues (not its words: they are mostly context)
            subj.issues |= {i.id for i in self.taxonomy.issues_in(item.source_text)}
            subj.duration = subj.duration or find_duration(item.source_text)
            self.subjects[item.id] = subj
        return self.subjects[item.id]

    def enrich(self, item: Milestone, sentence: str) -> None:
        """Later evidence names the item in other words ("the moratorium"): remember them."""
        subj = self.subject(item)
        subj.words |= content_words(sentence) - _actor_words(sentence, self.parties, None)

    def near(self, item: Milestone, text: str, cue: re.Match[str], on_date: str | None) -> bool:
        """Whether the item's subject is named within reach of the cue ("since the war began
        in 2022, ... economic ties" does not say economic cooperation began)."""
        # the cue's own clause counts whole ("The 30-day moratorium on strikes against energy
        # facilities that ... has run its course"); beyond it, only words this close to the cue
        clause_at = max([0, *(m.end() for m in _CLAUSE_BREAK.finditer(text, 0, cue.start()))])
        window = text[min(clause_at, max(0, cue.start() - _WINDOW)) : cue.end() + _WINDOW]
        here = _subject(window, self.taxonomy, self.parties, on_date)
        subj = self.subject(item)
        same_duration = bool(subj.duration and subj.duration == here.duration)
        return bool(subj.issues & here.issues) or bool(subj.words & here.words) or same_duration or bool(
            subj.counts & here.counts)

    def score(self, item: Milestone, sent: Sentence, article: Article, *, new_item: bool) -> tuple[float, str] | None:
        """How well ``sent`` speaks of ``item`` (None: not at all), and why.

        ``new_item``: the sentence states a commitment of its own; it restates ``item`` only
        if it adds no issue to it ("stop attacks on energy sites" is not "stop fighting").
        """
        subj = self.subject(item)
        here = _subject(sent.text, self.taxonomy, self.parties, article.published)
        shared_issues = subj.issues & here.issues
        if not shared_issues:
            return None
        extra = here.issues - subj.issues
        if new_item and extra:
            return None
        if new_item and subj.counts and not (subj.counts & here.counts):
            return None  # a new item restates an earlier one only when it names the same count
        # the words of the status cues say how, not what: they do not count as the subject
        cue_words = set().union(*(content_words(m.group(0)) for _, m in _cues(sent.text))) if _cues(sent.text) else set()
        shared_words = (subj.words & here.words) - cue_words
        same_duration = bool(subj.duration and subj.duration == here.duration)
        shared_counts = subj.counts & here.counts
        if subj.counts and here.counts and not shared_counts:
            return None  # "1,200 more prisoners" is not the swap of 1,000
        named = set(self.parties.involved(sent.text, on_date=article.published))
        same_article = item.article_id == article.id
        if not (shared_words or same_duration or shared_counts or (same_article and not named)):
            # a shared issue alone ("ceasefire") does not say which item, except in the report
            # that states the item ("The moratorium is now in force.")
            return None
        if new_item and not (shared_counts or same_duration) and len(shared_words) < 2:
            return None  # a sentence with an item of its own restates another only on a close match
        own = set(item.responsible) | set(item.proposed_by)
        if named and own and not (named & own):
            return None
        if len(item.responsible) >= 2 and len(named) >= 2 and len(named & own) < 2:
            return None  # a sentence about another pair of parties
        if shared_counts:
            shared_words |= {f"#{c}" for c in shared_counts}
        score = (2 * len(shared_issues) - len(extra) + len(shared_words) + (2 if same_duration else 0)
                 + (1 if same_article else 0))
        if score < 3:
            return None
        why = [f"issues {sorted(shared_issues)}"]
        if shared_words:
            why.append(f"words {sorted(shared_words)[:6]}")
        if same_duration:
            why.append(f"same duration ({subj.duration})")
        why.append(f"parties {sorted(named & own)}" if named & own else "no other party named")
        if same_article:
            why.append("stated earlier in the same article")
        return score, "; ".join(why)


def _cues(text: str) -> list[tuple[str, re.Match[str]]]:
    """Status cues of a sentence that are neither negated nor hypothetical."""
    out = []
    negated = False
    for status, pattern in _CUES:
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 30) : m.start()]
            if _NEGATION.search(before) or _HYPOTHETICAL.search(before[-18:]):
                negated = negated or status in ("agreed", "in_progress", "met")
                continue
            out.append((status, m))
    if negated:
        # "the ceasefire that Ukraine accepted ... has not taken effect": a sentence that denies
        # progress is no evidence of progress
        out = [(s, m) for s, m in out if s not in ("agreed", "in_progress", "met", "partially_met")]
    return out


def _decide(hits: list[_Hit], item: Milestone, duration: str | None) -> tuple[str, list[_Hit]] | None:
    """One article's verdict on one item, from all its hits."""
    raw = {h.status for h in hits}
    if "expired" in raw or "violated" in raw:
        if "expired" in raw and "violated" in raw:
            return "missed", [h for h in hits if h.status in ("expired", "violated")]
        if "expired" in raw:
            # a lapse or an expiry is not a fulfilment: the item is missed
            return "missed", [h for h in hits if h.status == "expired"]
        return "stalled", [h for h in hits if h.status == "violated"]
    best = max(raw, key=_SEVERITY.index)
    return best, [h for h in hits if h.status == best]


def update_statuses(
    milestones: list[Milestone],
    articles: list[Article],
    events: list[Event],
    *,
    today: date,
    parties: Parties | None = None,
    taxonomy: Taxonomy | None = None,
    matched: dict[tuple[str, int], str] | None = None,
) -> list[Milestone]:
    """Move ``milestones`` (in place, and returned) by the evidence in ``articles``.

    ``matched``, when given, receives which sentence ((article id, start) → item id) was
    matched to which item, moved or not: a sentence that restates a known item is not a new one.
    """
    if matched is None:
        matched = {}
    parties = parties or default_parties()
    tracker = _Tracker(milestones, parties, taxonomy or load_taxonomy())
    for item in milestones:
        if item.status_history:
            item.status = item.status_history[-1].status
    by_id = {a.id: a for a in articles}
    order = sorted(articles, key=lambda a: (a.published or "", a.id))
    rank = {a.id: n for n, a in enumerate(order)}
    start_of: dict[str, int] = {}
    for item in milestones:
        art = by_id.get(item.article_id)
        start_of[item.id] = art.text.find(item.source_text) if art else -1
    events_by_doc: dict[str, list[Event]] = {}
    for e in events:
        events_by_doc.setdefault(e.doc_id, []).append(e)

    for article in order:
        hits: dict[str, list[_Hit]] = {}
        for sent in sentences(article.text):
            cues = _cues(sent.text)
            if not cues:
                continue
            best: tuple[float, int, Milestone, str] | None = None
            new_item = any(m.source_text == sent.text and m.article_id == article.id for m in milestones)
            for item in milestones:
                if item.status in FINAL_STATUSES:
                    continue
                first = rank.get(item.article_id, -1)
                if first > rank[article.id]:
                    continue
                if item.article_id != article.id and not (
                    item.first_seen and article.published and article.published >= item.first_seen
                ):
                    continue  # time order unknown: an undated report moves only its own items
                if first == rank[article.id] and start_of[item.id] >= sent.start:
                    continue
                if item.source_text and sent.text in item.source_text:
                    continue
                scored = tracker.score(item, sent, article, new_item=new_item)
                if scored is None:
                    continue
                key = (scored[0], first * 100000 + start_of[item.id])
                if best is None or key > (best[0], best[1]):
                    best = (scored[0], key[1], item, scored[1])
            if best is None:
                continue
            _, _, item, why = best
            matched[(article.id, sent.start)] = item.id
            for status, m in cues:
                if not tracker.near(item, sent.text, m, article.published):
                    continue
                # the date of the clause that carries the cue ("has run its course, the Kremlin
                # said on Thursday"), else of the sentence
                when = sentence_date(sent.text[m.start() :], article.published) or sentence_date(
                    sent.text, article.published)
                hits.setdefault(item.id, []).append(
                    _Hit(status, sent, article, best[0], f"matched on {why}; cue {m.group(0)!r}", when)
                )
        for item in milestones:
            if item.id not in hits:
                continue
            verdict = _decide(hits[item.id], item, tracker.subject(item).duration)
            if verdict is None:
                continue
            status, used = verdict
            if _RANK[status] < _RANK.get(item.status, 0) or status == item.status:
                continue
            if item.status == "stalled" and status == "agreed":
                continue
            date_ = next((h.date for h in used if h.date), None) or statement_date(
                article, used[0].sentence.start, used[0].sentence.end)
            stated = item.status_history[0].date if item.status_history else None
            if date_ and stated and date_[: len(stated)] < stated[: len(date_)]:
                continue  # evidence dated before the item was stated cannot move it
            doc_events = events_by_doc.get(article.id, [])
            item.status_history.append(
                StatusChange(
                    status=status,
                    date=date_,
                    article_ids=[article.id],
                    event_ids=sorted({e.id for h in used for e in doc_events
                                      if e.span[0] < h.sentence.end and e.span[1] > h.sentence.start}),
                    evidence=" … ".join(dict.fromkeys(h.sentence.text for h in used)),
                    reason="; ".join(dict.fromkeys(h.reason for h in used)),
                )
            )
            item.status = status
            for h in used:
                tracker.enrich(item, h.sentence.text)
            if status == "in_progress":
                _start_clock(item, tracker.subject(item).duration, date_)

    for item in milestones:
        _evaluate(item, today)
    return milestones


def _paragraph_date(article: Article, sent: Sentence) -> str | None:
    """A sentence without a date of its own takes the last date stated before it in its paragraph."""
    para_start = article.text.rfind("\n\n", 0, sent.start)
    found = None
    for s in sentences(article.text[para_start + 1 if para_start >= 0 else 0 : sent.start]):
        found = sentence_date(s.text, article.published) or found
    return found


def _start_clock(item: Milestone, duration: str | None, started: str | None) -> None:
    """A time-bound item that took effect: its deadline is the start plus its duration."""
    if item.deadline or not duration or not started or len(started) != 10:
        return
    n_text, unit = duration.split()
    n = int(n_text)
    days = {"days": n, "weeks": 7 * n, "months": 30 * n}[unit]
    item.deadline_text = item.deadline_text or duration
    item.deadline = (date.fromisoformat(started) + timedelta(days=days)).isoformat()


def _evaluate(item: Milestone, today: date) -> None:
    """``overdue`` and ``awaiting_evaluation`` against today's date."""
    # the evidence-based status is the last change; re-derive in case of repeated calls
    if item.status_history:
        item.status = item.status_history[-1].status
    item.overdue = False
    if not item.deadline:
        return
    try:
        due = date.fromisoformat(item.deadline[:10])
    except ValueError:
        return
    open_item = item.status not in FINAL_STATUSES and item.status != "partially_met"
    if due < today and open_item:
        item.overdue = True
    elif due >= today and item.status in ("agreed", "in_progress"):
        item.status = "awaiting_evaluation"
