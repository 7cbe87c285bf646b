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
only once ...") never moves an item.  Within one article the strongest outcome wins.  An item
that lapses at the end of its term ("has expired", "ran its course") is *expired* — it met its
term, it was neither fulfilled nor missed; violations reported beside the lapse join its
evidence.  A proposed or agreed item turned down by a party it binds ("was rejected by Moscow",
"did not accept") is *rejected*, with the rejecting sentence as evidence; a later acceptance may
revive it.  Statuses only move forward (proposed → agreed → in_progress → an outcome; stalled
may resume).

A duration ("for 30 days") becomes a deadline once the item is in force: counted from the date
it took effect.  Finally ``today`` gives ``overdue`` (deadline passed, no outcome) and the
derived status ``awaiting_evaluation`` (agreed or in progress, deadline still ahead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from detente.dates import before, day_of
from detente.model import Article, Event
from detente.track.deadlines import find_duration, sentence_date, statement_date
from detente.track.parties import Parties, default_parties
from detente.track.positions import Taxonomy, load_taxonomy
from detente.track.records import FINAL_STATUSES, Milestone, StatusChange
from detente.track.text import Sentence, content_words, numbers, sentences

__all__ = ["compatible", "merge_into", "same_item", "update_statuses"]

# rank: how far along an item is; a change must not go backwards
_RANK = {"proposed": 0, "agreed": 1, "rejected": 1, "stalled": 2, "in_progress": 3, "partially_met": 4,
         "met": 5, "missed": 5, "abandoned": 5, "expired": 5}
# severity within one article when several cues hit the same item
_SEVERITY = ["agreed", "in_progress", "met", "partially_met", "stalled", "abandoned", "missed"]

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern, re.I))
    for status, pattern in (
        ("agreed", r"\b(agreed|agrees|agree|accepted|accepts|accept|endorsed|signed(?: on)?|approved|backed)\b"),
        ("in_progress", r"\b(in force|into force|took effect|takes effect|taken effect|came into effect|began|begun|started|under way|underway|implementation began|delegations? met|held talks|met in|formed|launched|convened|ordered (?:the )?[\w ]{0,30}?to (?:halt|stop|cease|pause))\b"),
        ("met", r"\b(implemented|completed|complete|finished|fulfilled|achieved|carried out|was held|were held|reopened|restored|exchanged|took place|went ahead)\b"),
        ("partially_met", r"\b(partially|partly|in part)\b"),
        ("expired", r"\b(expired|has expired|lapsed|lapses|ran out|run out|r[au]n its course|ended)\b"),
        ("violated", r"\b(never respected|violat\w*|breach\w*|accused each other|broken|broke)\b"),
        ("missed", r"\b(missed the deadline|deadline passed|failed to|not met|fell through)\b"),
        ("stalled", r"\b(stalled|stalling|deadlock\w*|on hold|suspended|no progress|postponed|delayed)\b"),
        ("abandoned", r"\b(abandoned|collapsed|scrapped|withdrew from|pulled out of|terminated|cancel+ed)\b"),
    )
)
# a party turning the item down: "A full 30-day ceasefire was rejected by Moscow",
# "Putin did not accept the broader 30-day ceasefire" (the item keeps its status, see _reject)
_REJECTION = re.compile(
    r"\b(?:was |were |has been |had been )?(?:rejected|rejects|refused|turned down|declined|dismissed)\b"
    r"|\b(?:did|does|do|has|have|would|will)\s+not\s+(?:accept|agree to|back|endorse)\b"
    r"|\b(?:didn't|doesn't|won't|wouldn't)\s+(?:accept|agree to)\b",
    re.I,
)
_NEGATION = re.compile(r"\b(not|n't|never|no|neither|nor|yet to|without|break(?:ing)? the|end(?:ing)? the|overcome|out of)\b", re.I)
_CLAUSE_BREAK = re.compile(r";|,\s*(?:but|while|although|and|since)\s|\s(?:but|while|although|whereas|since)\s", re.I)
# what ends without being a commitment: "the meeting ... ended after two hours"
_OTHER_SUBJECT = re.compile(r"\b(meeting|talks|session|round|call|summit|visit|negotiations|war|conversation)\b", re.I)
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
        here = _subject(sent.text, self.taxonomy, self.parties, article.reading_day)
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
        named = set(self.parties.involved(sent.text, on_date=article.reading_day))
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
        if "expired" in raw:
            # a lapse at the end of its term: the item ran its course, neither met nor missed;
            # violations reported beside it are part of the evidence, not a verdict of their own
            return "expired", [h for h in hits if h.status in ("expired", "violated")]
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
    order = sorted(articles, key=lambda a: (a.reading_day or "", a.id))
    rank = {a.id: n for n, a in enumerate(order)}
    start_of: dict[str, int] = {}
    for item in milestones:
        art = by_id.get(item.article_id)
        start_of[item.id] = art.text.find(item.source_text) if art else -1
    events_by_doc: dict[str, list[Event]] = {}
    for e in events:
        events_by_doc.setdefault(e.doc_id, []).append(e)

    def best_match(sent: Sentence, article: Article, *, new_item: bool,
                   not_agreed_by: list[str] | None = None) -> tuple[float, Milestone, str] | None:
        """The open item stated before ``sent`` that it speaks of best (time order first).
        ``not_agreed_by``: leave out the items this report states as agreed by one of these
        parties (a report that has Putin agree to a pause does not also have him reject it)."""
        best: tuple[float, int, Milestone, str] | None = None
        for item in milestones:
            if item.status in FINAL_STATUSES:
                continue
            if not_agreed_by and item.article_id == article.id and item.status == "agreed" and (
                    set(not_agreed_by) & set(item.responsible)):
                continue
            first = rank.get(item.article_id, -1)
            if first > rank[article.id]:
                continue
            if item.article_id != article.id and not (
                item.first_seen and article.reading_day and article.reading_day >= item.first_seen
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
        return None if best is None else (best[0], best[2], best[3])

    for article in order:
        hits: dict[str, list[_Hit]] = {}
        rejections: dict[str, _Hit] = {}
        for sent in sentences(article.text):
            for clause, rejectors, cue in _rejections(sent, article, parties):
                found = best_match(clause, article, new_item=False, not_agreed_by=rejectors)
                if found is None or found[1].status not in ("proposed", "agreed"):
                    continue
                bound = [c for c in rejectors if c in found[1].responsible]
                if bound and found[1].id not in rejections:
                    rejections[found[1].id] = _Hit(
                        "rejected", sent, article, found[0],
                        f"rejected by {', '.join(bound)}, a party it binds (matched on {found[2]}; cue {cue!r}):"
                        f" it is not in force",
                        sentence_date(sent.text, article.reading_day))
            cues = _cues(sent.text)
            if not cues:
                continue
            new_item = any(m.source_text == sent.text and m.article_id == article.id for m in milestones)
            match = best_match(sent, article, new_item=new_item)
            if match is None:
                continue
            score, item, why = match
            matched[(article.id, sent.start)] = item.id
            for status, m in cues:
                if not tracker.near(item, sent.text, m, article.reading_day):
                    continue
                side = _subject_side(sent.text, m)
                if status == "expired" and _OTHER_SUBJECT.search(side) and not (
                        content_words(side) & tracker.subject(item).words):
                    continue  # "the meeting ended ... with no agreement on a ceasefire"
                # the date of the clause that carries the cue ("has run its course, the Kremlin
                # said on Thursday"), else of the sentence
                when = sentence_date(sent.text[m.start() :], article.reading_day) or sentence_date(
                    sent.text, article.reading_day)
                hits.setdefault(item.id, []).append(
                    _Hit(status, sent, article, score, f"matched on {why}; cue {m.group(0)!r}", when)
                )
        doc_events = events_by_doc.get(article.id, [])
        for item in milestones:
            rejected_here = False
            if (item.id in rejections and item.status in ("proposed", "agreed")
                    and _record(item, "rejected", [rejections[item.id]], article, doc_events) is not None):
                item.status, rejected_here = "rejected", True
            if item.id not in hits:
                continue
            verdict = _decide(hits[item.id], item, tracker.subject(item).duration)
            if verdict is None:
                continue
            status, used = verdict
            if status == item.status:
                _corroborate(item, used, article, doc_events)
                continue
            if _RANK[status] < _RANK.get(item.status, 0):
                continue
            if item.status == "stalled" and status == "agreed":
                continue
            if rejected_here and _RANK[status] <= _RANK["agreed"]:
                continue  # the report that tells of the rejection does not also tell of an acceptance
            date_ = _record(item, status, used, article, doc_events)
            if date_ is None:
                continue
            item.status = status
            for h in used:
                tracker.enrich(item, h.sentence.text)
            if status == "in_progress":
                _start_clock(item, tracker.subject(item).duration, date_)

    for item in milestones:
        _evaluate(item, today)
    return milestones


def _subject_side(text: str, cue: re.Match[str]) -> str:
    """The words of the cue's clause before the cue (its subject, mostly)."""
    clause_at = max([0, *(m.end() for m in _CLAUSE_BREAK.finditer(text, 0, cue.start()))])
    return text[clause_at : cue.start()]


def _rejections(sent: Sentence, article: Article, parties: Parties) -> list[tuple[Sentence, list[str], str]]:
    """Clauses of ``sent`` in which a party turns something down, with who does.

    "A full 30-day ceasefire was rejected by Moscow on Tuesday, but Putin told Trump ...": the
    clause up to "but", rejected by RUS (the agent after "by"); "Putin did not accept the broader
    ceasefire": the subject before the cue.
    """
    out = []
    for m in _REJECTION.finditer(sent.text):
        if _HYPOTHETICAL.search(sent.text[max(0, m.start() - 18) : m.start()]):
            continue
        breaks = [0, *(b.end() for b in _CLAUSE_BREAK.finditer(sent.text, 0, m.start()))]
        after = _CLAUSE_BREAK.search(sent.text, m.end())
        lo, hi = breaks[-1], after.start() if after else len(sent.text)
        clause = sent.text[lo:hi]
        cue_at = m.start() - lo
        passive = re.match(r"\s+by\s+", clause[cue_at + len(m.group(0)) :])
        if passive:
            who = parties.involved(clause[cue_at + len(m.group(0)) :][:60], on_date=article.reading_day)[:1]
        else:
            who = parties.holders(clause, before=cue_at, on_date=article.reading_day)
        if who:
            out.append((Sentence(clause, sent.start + lo, sent.start + hi, False), who, m.group(0).strip()))
    return out


def _record(item: Milestone, status: str, used: list[_Hit], article: Article, doc_events: list[Event]) -> str | None:
    """Append one step to the item's history (None when the evidence predates the item)."""
    date_ = next((h.date for h in used if h.date), None) or statement_date(
        article, used[0].sentence.start, used[0].sentence.end)
    stated = item.status_history[0].date if item.status_history else None
    if date_ and stated and before(date_, stated):
        return None  # evidence dated before the item was stated cannot move it
    item.status_history.append(
        StatusChange(
            status=status,
            date=date_,
            article_ids=[article.id],
            event_ids=_event_ids(used, doc_events),
            evidence=" … ".join(dict.fromkeys(h.sentence.text for h in used)),
            reason="; ".join(dict.fromkeys(h.reason for h in used)),
        )
    )
    return date_ or ""


def _event_ids(used: list[_Hit], doc_events: list[Event]) -> list[str]:
    return sorted({e.id for h in used for e in doc_events
                   if e.span[0] < h.sentence.end and e.span[1] > h.sentence.start})


def _corroborate(item: Milestone, used: list[_Hit], article: Article, doc_events: list[Event]) -> None:
    """Another report of the item in its present status: its article and quote join the
    evidence of that status (one item, all its reports), without a new step."""
    step = next((h for h in reversed(item.status_history) if h.status == item.status), None)
    if step is None or article.id in step.article_ids or article.id == item.article_id:
        return
    told = numbers(" ".join(h.sentence.text for h in used))
    own = numbers(" ".join(filter(None, [item.what, item.detail, item.source_text])))
    if told and not told & own:
        return  # "agreed to exchange at least 1,200 more prisoners": another item
    if not told & own and not any(h.date and h.date == step.date for h in used):
        return  # with no count in common, only a report of the same day's statement
    step.article_ids.append(article.id)
    step.event_ids = sorted({*step.event_ids, *_event_ids(used, doc_events)})
    quotes = dict.fromkeys(h.sentence.text for h in used)
    step.evidence = " … ".join([step.evidence or "", *quotes]).strip(" …")
    step.reason = "; ".join(filter(None, [step.reason, "also reported: " + "; ".join(
        dict.fromkeys(h.reason for h in used))]))


def _item_subject(item: Milestone, taxonomy: Taxonomy, parties: Parties) -> _Subject:
    subj = _subject(" ".join(filter(None, [item.what, item.detail])), taxonomy, parties, item.first_seen)
    subj.duration = subj.duration or find_duration(item.source_text)
    return subj


def compatible(old: Milestone, new: Milestone) -> bool:
    """Whether ``new`` may be ``old`` told again as far as its numbers go: a count it names
    ("1,200 more prisoners") must be one of the old item's, a duration the same."""
    new_counts = numbers(" ".join(filter(None, [new.what, new.detail])))
    old_counts = numbers(" ".join(filter(None, [old.what, old.detail, old.source_text])))
    if new_counts and not new_counts & old_counts:
        return False
    a, b = find_duration(new.what), find_duration(old.what) or find_duration(old.source_text)
    return not (a and b and a != b)


def same_item(old: Milestone, new: Milestone, *, parties: Parties, taxonomy: Taxonomy) -> str | None:
    """Why ``new`` (stated in a later or the same report) is ``old`` reported again, or None.

    Same parties (at least one in common), same subject (an issue of the taxonomy in common,
    and the same count, or two content words in common with no count on either side and the
    same day of statement: two reports of one meeting) and compatible numbers: "hand back 6,000 bodies of Ukrainian servicemen" is "return the bodies
    of 6,000 Ukrainian soldiers"; "a further 3,000" bodies is not.
    """
    if old.article_id == new.article_id or (new.first_seen or "") < (old.first_seen or ""):
        return None
    if not compatible(old, new) or not compatible(new, old):
        return None
    own_old, own_new = {*old.responsible, *old.proposed_by}, {*new.responsible, *new.proposed_by}
    if own_old and own_new and not own_old & own_new:
        return None
    a, b = _item_subject(old, taxonomy, parties), _item_subject(new, taxonomy, parties)
    issues = sorted(a.issues & b.issues)
    counts = sorted(a.counts & b.counts)
    words = sorted(a.words & b.words)
    if not issues or not (counts or (len(words) >= 2 and not a.counts and not b.counts)):
        return None
    said = [h.date for h in (old.status_history[:1] + new.status_history[:1])]
    if not counts and (len(said) < 2 or not said[0] or said[0] != said[1]):
        return None  # without a count in common, only two reports of the same day's statement
    return (f"same item: parties {sorted(own_old & own_new)}; issues {issues}; "
            + (f"counts {counts}; " if counts else "") + f"words {words}")


def merge_into(old: Milestone, new: Milestone, why: str) -> None:
    """``new`` reported ``old`` again: its article and quote join ``old``'s evidence (a new
    step when it states a later status, else the step of the same status)."""
    step = new.status_history[0] if new.status_history else None
    if step is None:
        return
    if _RANK.get(step.status, 0) > _RANK.get(old.status, 0) and old.status not in FINAL_STATUSES:
        old.status_history.append(StatusChange(status=step.status, date=step.date,
                                               article_ids=list(step.article_ids), event_ids=list(step.event_ids),
                                               evidence=step.evidence, reason=f"{step.reason}; {why}"))
        old.status = step.status
        return
    same = next((h for h in reversed(old.status_history) if h.status == step.status), None)
    if same is None or new.article_id in same.article_ids:
        return
    same.article_ids.append(new.article_id)
    same.event_ids = sorted({*same.event_ids, *step.event_ids})
    same.evidence = " … ".join(filter(None, [same.evidence, step.evidence]))
    same.reason = f"{same.reason}; also reported ({why})"


def _paragraph_date(article: Article, sent: Sentence) -> str | None:
    """A sentence without a date of its own takes the last date stated before it in its paragraph."""
    para_start = article.text.rfind("\n\n", 0, sent.start)
    found = None
    for s in sentences(article.text[para_start + 1 if para_start >= 0 else 0 : sent.start]):
        found = sentence_date(s.text, article.reading_day) or found
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
    due = day_of(item.deadline)
    if due is None:
        return
    # a partial fulfilment is still due; a rejected item is not in force, so not late either
    open_item = item.status not in FINAL_STATUSES and item.status != "rejected"
    if due < today and open_item:
        item.overdue = True
    elif due >= today and item.status in ("agreed", "in_progress"):
        item.status = "awaiting_evaluation"
