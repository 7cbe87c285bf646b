"""Reading the whole article: what one sentence leaves out, the article says elsewhere.

A news report is about one thing, its *anchor*: the meeting, call, summit, deal or strike
stated in its lead.  Sentences further down refer to it without repeating who, when and
where ("the talks lasted two hours", "during the call", "the two leaders agreed").  After the
events of a document are resolved sentence by sentence (:mod:`detente.extract.engine`), this
pass fills what they lack from the article, and records how each value was obtained:

* **dates** (``date_basis``): ``stated`` in the sentence; else, for something done (past,
  present perfect or ongoing, not a plan or a condition, not background), the day another
  clause of its sentence states or the anchor's day (``context``), or else the publication
  day (``published``).  Plans and conditions keep no
  date; background ("years ago", another year) keeps none.
* **places** (``location_basis``): ``stated``; an attack's target place; else the anchor's place
  for what is said or done at it on its day (``context``); phone calls take no place.
* **parties**: a mutual event (talks, a meeting, an agreement, an exchange) with one side named
  takes the anchor's other participants; "the two sides", "both leaders", "the delegations",
  "they" and a bare role ("the leader", "his counterpart") are resolved to the participants.

Only the article's own text is used; nothing is invented where the article is silent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from detente.dates import truncate
from detente.extract.modality import WILL_WOULD
from detente.model import ActorRef, Event, Location
from detente.text import TRUCE_WORDS, fold_token
from detente.vocabulary import ATTRIBUTION_VERBS

__all__ = ["Anchor", "Resolved", "read_document"]

# What an article's news peg can be, most telling first.
ANCHOR_TYPES = ("CONSULT", "AGREE", "SUPPORT", "RETREAT", "CONCEDE", "REJECT", "SANCTION", "ASSAULT",
                "THREATEN", "ACCUSE", "REQUEST", "COOPERATE", "AID", "COERCE", "MOBILIZE", "PROTEST")
# Events that happen where the anchor happens when they are said or done on its day.
AT_THE_ANCHOR = frozenset({"CONSULT", "AGREE", "SUPPORT", "REJECT", "ACCUSE", "THREATEN", "REQUEST",
                           "CONCEDE", "COOPERATE", "RETREAT"})
# Anchors that are a gathering (talks, a summit, a signing): what is said or agreed on their day
# by their participants happens there; the place of a strike is not where it is condemned.
GATHERINGS = frozenset({"CONSULT", "AGREE", "SUPPORT"})
# Mutual events: when one side is named, the other is the anchor's other participant.
MUTUAL_TYPES = frozenset({"CONSULT", "AGREE", "RETREAT", "SUPPORT", "COOPERATE"})
MUTUAL_WORDS = frozenset({
    "talk", "talks", "meeting", "meet", "met", "summit", "negotiation", "negotiations", "negotiate",
    "call", "conversation", "agree", "agreed", "agreement", "deal", "accord", "ceasefire", "truce",
    "exchange", "exchanged", "swap", "sign", "signed", "signing", "declaration", "settle", "settled",
    "annex", "treaty", "memorandum", "dialogue", "discussion", "discuss", "discussed", "consultation",
    "round", "pact", "cessation", "armistice", "understanding", "compromise", "reach", "reached",
    "talking", "meets", "meetings", "negotiating", "negotiated", "agreeing", "agrees", "signs",
    "exchanges", "exchanging", "swapped", "settles", "discussing", "discussions", "talked",
})
# Words for the participants as a group, or for one of them by role.
GROUP_WORDS = re.compile(
    r"^(?:the |both |all )?(?:two |four |three |)(?:nuclear-armed |warring |)(?:sides?|parties|party|leaders|"
    r"delegations?|negotiators|countries|nations|governments|presidents|camps|teams|men|counterparts?|"
    r"militaries|armies|neighbou?rs|rivals|foes|adversaries)$|"
    r"^(?:both|they|them|we|us|each other|one another|the other (?:side|party)|each side|each party|either side)$|"
    # "the parties to the conflict", "the warring sides in the war"
    r"^(?:the |both |all )?(?:two |warring )?(?:sides|parties) (?:in|to|of) the (?:conflict|war|fighting|talks|"
    r"negotiations|agreement|deal|truce|ceasefire)\b|"
    r"^(?:the )?(?:heads|leaders|chiefs|representatives|members) of (?:the|both) |"
    # "the military operations directors of the two countries"
    r"^(?:the )?[\w -]+ of (?:the two|both) (?:sides|countries|nations|parties|governments|states)$", re.IGNORECASE)
_ATTACK_WORDS = re.compile(r"\b(?:strikes?|attacks?|air ?strikes?|shelling|bombings?|raids?|killings?|assault|"
                           r"offensive|massacre)\b", re.IGNORECASE)
_OTHER_SIDE = re.compile(r"^the other (?:side|party)$", re.IGNORECASE)
ROLE_WORDS = re.compile(
    r"^(?:the |his |her |their |its )?(?:[a-z-]+ )?(?:leader|president|counterpart|guest|host|visitor|"
    r"prime minister|premier|head of state|envoy|negotiator|delegation)$", re.IGNORECASE)
# Events whose agent a report often leaves unnamed after its lead ("the strike", "the shelling").
UNNAMED_AGENT_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "you're", "you'll", "you've", "you'd"})
# Acts spoken at someone: in a speaker's words with "you", aimed at the one addressed.
ADDRESSED_TYPES = frozenset({"THREATEN", "REQUEST", "ACCUSE", "REJECT"})
# Background: the sentence is about another time than the report's.
_BACKGROUND = re.compile(
    r"\b(?:ago|previous|previously|formerly|in the past|back in|last (?:year|month|decade)|earlier this (?:year|month)|"
    r"decades?(?! of)|centur(?:y|ies)(?! of)|history|historically|since (?:19|20)\d\d|used to|once again)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A record measured against the past ("the deadliest in Ukraine since 2023", "the first such
# talks since 2022"): the year dates the comparison, not the event.
_SUPERLATIVE_SINCE = re.compile(
    r"\b(?:\w+est|most \w+|first|worst|biggest|largest)\b[^.;]{0,60}?\bsince (?:19|20)\d\d\b",
    re.IGNORECASE)
# A sentence that also speaks of what is to come: its other date may be the plan's.
_FUTURE = re.compile(r"\b(?:will|would|shall|due to|to be|expected to|plans? to|planned|next|coming|"
                     r"upcoming|later this)\b", re.IGNORECASE)
_PHONE = re.compile(r"\b(?:call|called|calls|phone|phoned|telephone|video ?link|videoconference|spoke by)\b",
                    re.IGNORECASE)
LEAD_SENTENCES = 3  # sentences with events that make up the lead


@dataclass
class Resolved:
    """An event resolved from one sentence, with what the document pass needs of its parse."""

    event: Event
    head: int  # the trigger's token index
    actor_texts: list[str] = field(default_factory=list)
    recipient_texts: list[str] = field(default_factory=list)
    # the date the sentence states for another of its clauses ("spent four hours in Istanbul
    # on Friday ... and agreed"), when the event's own clause states none
    sentence_date: tuple[str | None, str | None] = (None, None)
    # the coded parties of the speaker whose words state the event, if any, and whether the
    # speaker is a person ("Vucic", "the president"; not "the Albanians", "Kosovo")
    speaker: list[ActorRef] = field(default_factory=list)
    speaker_is_person: bool = False


@dataclass
class Anchor:
    """What the article is about: its lead event, day, place and participants."""

    event: Event
    date: str | None
    date_basis: str | None
    location: Location | None
    participants: list[ActorRef]
    # the lead's first event of each type naming its actor ("Russia struck Sumy" for a later
    # "the strike killed 34")
    first_of_type: dict[str, Event] = field(default_factory=dict)


def read_document(doc: Doc, resolved: Sequence[Resolved], *, published: str | None,
                  place_named: Callable[[str, str | None], Location | None],
                  filed_at: Location | None = None) -> Anchor | None:
    """Fill, in place, the dates, places and parties that the sentences of ``doc`` leave to the
    article (see the module text); return the anchor found, if any.  ``place_named`` gives
    the place a phrase names ("Kyiv", "the southern city of Beersheba"), in a country when one
    is given, or None when it names no place; ``filed_at`` is the place of the report's
    dateline ("JEDDAH —"), if it has one."""
    if not resolved:
        return None
    for item in resolved:
        ev = item.event
        if ev.date is not None and ev.date_basis is None:
            ev.date_basis = "stated"
        if ev.location is not None and ev.location_basis is None:
            ev.location_basis = "stated"
    _names_again(resolved)
    _titles_again(doc, resolved)
    _rebels_again(resolved)
    _pronouns_across_sentences(doc, resolved)
    for item in resolved:
        _target_place(item, place_named)
        _where_weapons_reached(doc, item, place_named)
        ev = item.event
        if (ev.date is None and item.sentence_date[0] is not None and not _FUTURE.search(ev.sentence)
                and _done(doc, item) and not _background(ev, published, doc, item.head)
                and not _another_week(doc, item)):
            ev.date, ev.date_precision = item.sentence_date
            ev.date_basis = "context"
    _truce_sides(resolved)
    _gathering_sets_events(doc, resolved, place_named)
    _placed_by_remarks(doc, resolved, place_named)
    if filed_at is not None:
        for item in _lead(resolved):
            _gathering_at_dateline(doc, item, published, filed_at)
    anchor = _anchor(doc, resolved, published)
    for item in resolved:
        ev = item.event
        if anchor is not None:
            _fill_parties(item, anchor)
        if (ev.date is None and _done(doc, item) and not _background(ev, published, doc, item.head)
                and not _another_week(doc, item)):
            if anchor is not None and anchor.date is not None and anchor.date_basis != "published":
                ev.date, ev.date_precision, ev.date_basis = anchor.date, "day", "context"
            elif published is not None:
                ev.date, ev.date_precision, ev.date_basis = published, "day", "published"
        if filed_at is not None and ev.date == (anchor.date if anchor is not None and anchor.date else published):
            _gathering_at_dateline(doc, item, published, filed_at)  # the report's day, later in it
        if (anchor is not None and ev.location is None and anchor.location is not None
                and anchor.event.event_type in GATHERINGS and ev.event_type in AT_THE_ANCHOR and ev.date == anchor.date
                and (ev.date is not None or published is None)
                and ev.mode != "phone" and not _PHONE.search(ev.trigger)
                and _parties(ev) <= _codes(anchor.participants) | _parties(anchor.event)):
            ev.location, ev.location_basis = anchor.location, "context"
    if filed_at is not None and (anchor is None or anchor.location is None):
        _at_the_gathering(resolved, filed_at)
    _days_of_the_narrative(doc, resolved)
    _the_speakers_occasion(doc, resolved, published)
    return anchor


def _the_speakers_occasion(doc: Doc, resolved: Sequence[Resolved], published: str | None) -> None:
    """"..., Macron told reporters on Wednesday evening at a press conference. Macron committed
    to a further 2 billion": what a speaker says or pledges in the sentence right after the one
    that dates the speaker's remarks is of that day, not the article's."""
    from detente.extract.dates import resolve_date_text

    sents: list[Span] | None = None
    for item in resolved:
        ev = item.event
        if (ev.event_type not in _SPOKEN or ev.modality != "asserted" or ev.date_precision != "day"
                or ev.date_basis not in {"published", "context"}):
            continue
        names = {(a.text or "").split()[-1].lower() for a in ev.actors if _code(a) and (a.text or "").split()}
        if not names:
            continue
        sents = sents if sents is not None else list(doc.sents)
        k = next((i for i, s in enumerate(sents) if s.start <= item.head < s.end), 0)
        if k == 0:
            continue
        said = [t for t in sents[k - 1] if t.lemma_.lower() in REPORTING and t.pos_ == "VERB"
                and any(c.dep_ == "nsubj" and c.lower_ in names for c in t.children)]
        # the day of the remarks themselves ("told reporters on Wednesday evening"), not a day
        # the quotation speaks of ("On August 18 last year, we agreed ..., said Kurti")
        when = [c for t in said for c in t.children
                if c.dep_ in {"prep", "npadvmod"} and any(x.ent_type_ in {"DATE", "TIME"} for x in c.subtree)]
        if not when:
            continue
        phrase = doc[when[0].left_edge.i : when[0].right_edge.i + 1]
        day, precision = resolve_date_text(phrase.text, published)
        if day is not None and precision == "day" and day != ev.date and not _background(ev, published):
            ev.date, ev.date_basis = day, "context"


# "attacks until the last moments that the ceasefire went into effect", "strikes in the hours
# before the truce began": the fighting a truce ended, on the days before it
_UNTIL_TRUCE = re.compile(
    r"\b(?:until|till|up to|before|ahead of)\b[^.;]{0,50}?\b(?:ceasefire|cease-fire|truce|cessation of hostilities)\b"
    r"[^.;]{0,20}?\b(?:went|came|goes|comes|entered|took|takes|go|come)\s+(?:into\s+)?(?:effect|force|hold)\b",
    re.IGNORECASE)
# A sentence that goes on at the same time as the one before: "In parallel, Hezbollah
# targeted ...", "At the same time, the army ...", "It also bombed ...".
_SAME_TIME = re.compile(r"^\W*(?:in parallel|at the same time|simultaneously|in the meantime)\b", re.IGNORECASE)
_ALSO = re.compile(r"^\W*(?:it|they|he|she)\s+(?:also|further)\b", re.IGNORECASE)
FIGHTING = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "THREATEN"})


def _days_of_the_narrative(doc: Doc, resolved: Sequence[Resolved]) -> None:
    """Days the narrative gives where the sentence states none: fighting "until the
    ceasefire went into effect", on a truce dated to the report's day, is of the day before;
    a sentence that goes on at the same time as the one before ("In parallel, ...", "It also
    bombed ...") is of that sentence's day, when its day came from the narrative too."""
    truce_days = {r.event.date for r in resolved if r.event.event_type in {"RETREAT", "CONCEDE"}
                  and r.event.date and r.event.date_precision == "day"
                  and TRUCE_WORDS.search(f"{r.event.trigger} {r.event.sentence}")}
    by_sentence: dict[tuple[int, int], list[Resolved]] = {}
    for item in sorted(resolved, key=lambda r: r.event.span[0]):
        by_sentence.setdefault(item.event.span, []).append(item)
    before: list[Resolved] = []
    for items in by_sentence.values():
        sentence = items[0].event.sentence
        for item in items:
            ev = item.event
            if ev.date_basis not in {"published", "context"} or ev.date_precision != "day" or ev.date is None:
                continue
            if ev.event_type in FIGHTING and ev.date in truce_days and _UNTIL_TRUCE.search(sentence):
                ev.date, ev.date_basis = _day_before(ev.date), "context"
                continue
            # "In parallel, ...": whatever the sentence before did; "It also bombed": the same kind
            also = _ALSO.search(sentence) is not None and ev.event_type in FIGHTING
            if _SAME_TIME.search(sentence) or also:
                told = [b.event for b in before if b.event.date_basis in {"stated", "context"} and b.event.date
                        and b.event.date_precision == "day" and (not also or b.event.event_type in FIGHTING)]
                if told and told[-1].date != ev.date:
                    ev.date, ev.date_basis = told[-1].date, "context"
        before = items


def _day_before(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def _at_the_gathering(resolved: Sequence[Resolved], filed_at: Location) -> None:
    """"JEDDAH — the warring factions have committed to protect civilians", in a report of the
    declaration they signed there that day: what the parties of the lead's gathering placed at
    the dateline did on its day, they did there."""
    gathered = next((r.event for r in _lead(resolved) if r.event.location is filed_at and r.event.date), None)
    if gathered is None:
        return
    for item in resolved:
        ev = item.event
        if (ev.location is None and ev.event_type in GATHERINGS and ev.modality == "asserted"
                and ev.date == gathered.date and ev.mode != "phone" and not _PHONE.search(ev.trigger)
                and _parties(ev) and _parties(ev) <= _parties(gathered)):
            ev.location, ev.location_basis = filed_at, "context"


# ------------------------------------------------------------------ people named again

PRONOUN_ACTORS = frozenset({"it", "they", "he", "she"})


def _surname_key(word: str) -> str:
    """The key a surname is known by across the article: punctuation around it dropped, folded
    as the tokens are ("Erdoğan," and "Erdogan" are one name)."""
    return fold_token(word.strip(".,;:'’\""))


def _names_again(resolved: Sequence[Resolved]) -> None:
    """A person named in full once ("Kosovar Prime Minister Albin Kurti") and later by surname
    alone ("Kurti said") is the same party: the later mention takes the first one's code."""
    known: dict[str, ActorRef] = {}
    for item in sorted(resolved, key=lambda r: r.event.span[0]):
        refs = [r for r in item.event.actors + item.event.recipients if _code(r) and r.text]
        for phrase in item.actor_texts + item.recipient_texts:
            words = phrase.split()
            if len(words) < 2 or not all(w[:1].isupper() for w in words[-2:]):
                continue  # a full name ends the phrase: "Kosovar Prime Minister Albin Kurti"
            ref = next((r for r in refs if r.text and r.text in phrase), None)
            if ref is not None:
                known.setdefault(_surname_key(words[-1]), ref)
    if not known:
        return
    for item in resolved:
        ev = item.event
        ev.actors = [_recode(r, known) for r in ev.actors]
        ev.recipients = [_recode(r, known) for r in ev.recipients]


_TITLE = (r"(?:prime minister|president|foreign minister|defen[cs]e minister|chancellor|premier|king|emir|"
          r"secretary of state|secretary[- ]general|crown prince|supreme leader)")
_TITLED = re.compile(r"\b(?P<title>(?i:" + _TITLE + r"))\s+(?P<name>(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)")
_BARE_TITLE = re.compile(r"^(?:the\s+)?" + _TITLE + "$", re.IGNORECASE)


def _titles_again(doc: Doc, resolved: Sequence[Resolved]) -> None:
    """"Israeli Prime Minister Benjamin Netanyahu ... The prime minister hailed": a bare title
    is the person last named with it before, when that person is a coded party of the article
    (whatever country the sentence around the bare title suggests)."""
    named = [(m.start(), m["title"].lower().replace("-", " "), _surname_key(m["name"].split()[-1]))
             for m in _TITLED.finditer(doc.text)]
    if not named:
        return
    by_surname: dict[str, ActorRef] = {}
    for item in resolved:
        for ref in item.event.actors + item.event.recipients:
            words = (ref.text or "").split()
            if _code(ref) and ref.name and words and words[-1][:1].isupper():
                by_surname.setdefault(_surname_key(words[-1]), ref)
    for item in resolved:
        ev = item.event
        before = [n for n in named if n[0] < ev.span[0]]

        def recode(ref: ActorRef, before: list[tuple[int, str, str]] = before) -> ActorRef:
            if not ref.text or not _BARE_TITLE.match(ref.text.strip()):
                return ref
            title = re.sub(r"^the\s+", "", ref.text.strip().lower()).replace("-", " ")
            last = next((n for n in reversed(before) if n[1] == title), None)
            first = by_surname.get(last[2]) if last is not None else None
            if first is None:
                return ref
            return ActorRef(ref.text, first.name, first.country, first.sector, first.org)

        ev.actors = [recode(r) for r in ev.actors]
        ev.recipients = [recode(r) for r in ev.recipients]


def _rebels_again(resolved: Sequence[Resolved]) -> None:
    """"Colombia's government suspended talks with the ELN after the rebels killed two soldiers":
    rebels the article does not name again, where it names one armed movement, are that movement."""
    movements = {(r.name, r.country): r for item in resolved for r in item.event.actors + item.event.recipients
                 if r.name and r.country and (r.sector or "").upper() == "REB"}
    if len(movements) != 1:
        return
    (movement,) = movements.values()
    for item in resolved:
        ev = item.event
        ev.actors, ev.recipients = ([ActorRef(r.text, movement.name, movement.country, "REB", movement.org)
                                     if not (r.country or r.org) and (r.sector or "").upper() == "REB" else r
                                     for r in refs] for refs in (ev.actors, ev.recipients))


def _recode(ref: ActorRef, known: dict[str, ActorRef]) -> ActorRef:
    words = (ref.text or "").split()
    if _code(ref) or not words or not words[-1][:1].isupper():
        return ref
    first = known.get(_surname_key(words[-1]))
    if first is None:
        return ref
    return ActorRef(ref.text, first.name, first.country, first.sector, first.org)


def _pronouns_across_sentences(doc: Doc, resolved: Sequence[Resolved]) -> None:
    """"It accused Kyiv of ...", "That is why it intensified its attacks": a pronoun subject the
    sentence does not resolve stands for the party that acted in the sentence before."""
    ordered = sorted(resolved, key=lambda r: r.event.span[0])
    last_actors: list[ActorRef] = []
    last_sentence: tuple[int, int] | None = None
    current: tuple[int, int] | None = None
    current_actors: list[ActorRef] = []
    last_speaker: list[ActorRef] = []  # the last named speaker of the article
    for item in ordered:
        ev = item.event
        if ev.span != current:
            if current_actors:
                last_actors, last_sentence = current_actors, current
            current, current_actors = ev.span, []
        texts = [t.lower().strip() for t in item.actor_texts] or _pronoun_subject(doc, item)
        pronouns = bool(texts) and all(t in PRONOUN_ACTORS for t in texts) and not _codes(ev.actors)
        if pronouns and last_speaker and set(texts) <= {"he", "she"} and any(q in ev.sentence for q in '"“”'):
            # '"... I would not do anything that violates the Constitution", he stated': the
            # speaker the article has been quoting
            ev.actors = [ActorRef(a.text, a.name, a.country, a.sector, a.org) for a in last_speaker]
        elif pronouns and last_actors and last_sentence is not None and ev.span[0] - last_sentence[1] <= 2:
            ev.actors = [ActorRef(a.text, a.name, a.country, a.sector, a.org) for a in last_actors]
        if _codes(ev.actors) and pronouns:
            on = _codes(ev.actors)
            ev.recipients = [r for r in ev.recipients if _code(r) not in on]
        if item.speaker and item.speaker_is_person:
            last_speaker = item.speaker
        coded = [a for a in ev.actors if _code(a)]
        if coded and not current_actors:
            current_actors = coded




def _gathering_sets_events(doc: Doc, resolved: Sequence[Resolved],
                           place_named: Callable[[str, str | None], Location | None]) -> None:
    """"At a summit in London, world leaders offered support to the Ukrainian president": the
    parties of what is done at a gathering of many take part in it, and so do the people it
    is done to (the guest), not the places ("agreed to send observers to Sudan")."""
    for item in resolved:
        ev = item.event
        tok = doc[item.head]
        if ev.event_type != "CONSULT" or ev.mode != "multilateral" or not (
                tok.dep_ == "pobj" and tok.head.lower_ in {"at", "during"}):
            continue
        for other in resolved:
            if other is item or other.event.span != ev.span or not doc[other.head].is_ancestor(tok):
                continue
            if other.event.modality != "asserted":
                continue
            have = _parties(ev)
            for ref in other.event.actors + [r for r in other.event.recipients
                                             if r.text and place_named(r.text, None) is None]:
                code = _code(ref)
                if code and code not in have:
                    ev.recipients = [*ev.recipients, ref]
                    have.add(code)


def _truce_sides(resolved: Sequence[Resolved]) -> None:
    """"A ceasefire came into effect in Lebanon after two months of Israeli attacks": a truce
    taking effect with one side named has as its other side the party its sentence names as
    fighting (the other events of the sentence), before any participant of the article."""
    by_sentence: dict[tuple[int, int], list[Resolved]] = {}
    for item in resolved:
        by_sentence.setdefault(item.event.span, []).append(item)
    for item in resolved:
        ev = item.event
        if ev.event_type != "RETREAT" or len(_parties(ev)) > 1 or not TRUCE_WORDS.search(ev.sentence):
            continue
        have = _parties(ev)
        others = [r for o in by_sentence[ev.span] if o is not item
                  for r in o.event.actors + o.event.recipients if _code(r) and _code(r) not in have]
        fresh: list[ActorRef] = []
        for r in others:
            if _code(r) not in _codes(fresh):
                fresh.append(r)
        if have and len(fresh) == 1:
            ev.recipients = [*ev.recipients, *fresh]
            ev.reciprocal = True


def _pronoun_subject(doc: Doc, item: Resolved) -> list[str]:
    """The pronoun subject of the event's verb (or of the verb it hangs from), if any."""
    tok = doc[item.head]
    for _ in range(3):
        subj = [c.lower_ for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj:
            return subj[:1] if subj[0] in PRONOUN_ACTORS else []
        if tok.head is tok or tok.dep_ not in {"conj", "xcomp", "advcl"}:
            return []
        tok = tok.head
    return []


# ------------------------------------------------------------------ the anchor

def _anchor(doc: Doc, resolved: Sequence[Resolved], published: str | None) -> Anchor | None:
    lead = _lead(resolved)
    asserted = [r for r in lead if r.event.modality == "asserted" and _parties(r.event)]
    if not asserted:
        # "Kurti and Vucic failed to agree on Tuesday": what they failed at, they met for; its
        # sides are the article's parties
        asserted = [r for r in lead if r.event.modality == "negated" and _sides(r.event) > 1
                    and r.event.event_type in MUTUAL_TYPES]
    if not asserted:
        return None
    rank = {t: i for i, t in enumerate(ANCHOR_TYPES)}
    # the first mutual event with two sides, else the first event of the most telling type
    two_sided = [r for r in asserted if (r.event.event_type in MUTUAL_TYPES or r.event.reciprocal)
                 and _sides(r.event) > 1]
    pick = two_sided[0] if two_sided else min(asserted, key=lambda r: rank.get(r.event.event_type, 99))
    ev = pick.event
    date, basis = (ev.date, "stated") if ev.date and ev.date_precision == "day" else (None, None)
    if date is None:
        same = [r.event for r in lead if r.event.date and r.event.date_precision == "day"
                and _family(r.event.event_type) == _family(ev.event_type)
                and r.event.date_basis in {"stated", "context"}]
        if same:
            date, basis = same[0].date, "context"
    if (date is None and published is not None and _done(doc, pick) and not _background(ev, published)
            and not _another_week(doc, pick)):
        date, basis = published, "published"
    location = ev.location
    if location is None:
        # the place the lead states for the same kind of event, or for the signing the talks
        # were held for ("We came to Ohrid to sign the agreement. We reached agreement ...")
        location = next((r.event.location for r in lead if r.event.location is not None
                         and (r.event.event_type == ev.event_type
                              or (_family(ev.event_type) == "talks" and r.event.cameo in SIGNINGS))
                         and r.event.location_basis == "stated"), None)
    participants: list[ActorRef] = []
    # the parties of the lead's events of the same occasion, whatever was said of them ("Kurti
    # confirmed: Vucic did not agree to sign")
    for r in [pick, *[x for x in lead if x is not pick and _family(x.event.event_type) == _family(ev.event_type)]]:
        for ref in r.event.actors + r.event.recipients:
            code = _code(ref)
            if _is_place_target(r.event, ref):
                continue  # "signed in Ohrid": where it was signed takes no part in it
            if code and not any(same_side(ref, p) for p in participants):  # (a state's rebels are a side)
                participants.append(ref)
    first: dict[str, Event] = {}
    for r in lead:
        if r.event.modality == "asserted" and _codes(r.event.actors):
            first.setdefault(r.event.event_type, r.event)
    return Anchor(ev, date, basis, location, participants, first)


def _is_place_target(ev: Event, ref: ActorRef) -> bool:
    """Whether a party is only the event's place standing in as its target (a venue the
    dictionary also knows as a party, "signed at the White House", included)."""
    if ev.location is None or not ref.text:
        return False
    names = {n.lower().removeprefix("the ") for n in (ev.location.text, ev.location.name) if n}
    return ref.text.lower().removeprefix("the ") in names


def _family(event_type: str) -> str:
    """Talks and what is agreed at them are one occasion; other types stand alone."""
    return "talks" if event_type in {"CONSULT", "AGREE", "COOPERATE"} else event_type


def _lead(resolved: Sequence[Resolved]) -> list[Resolved]:
    """The events of the first sentences that state any (the article's lead)."""
    spans: list[int] = []
    out: list[Resolved] = []
    for item in sorted(resolved, key=lambda r: r.event.span[0]):
        start = item.event.span[0]
        if start not in spans:
            if len(spans) == LEAD_SENTENCES:
                break
            spans.append(start)
        out.append(item)
    return out


# ------------------------------------------------------------------ dates

SIGNINGS = frozenset({"057"})  # CAMEO: sign a formal agreement

# Events that are declarations, done when said whatever they promise: an intent to de-escalate.
DECLARED_AS_SAID = frozenset({"0356"})


def _done(doc: Doc, item: Resolved) -> bool:
    """Whether the event is reported as done or under way (not planned, wished or supposed)."""
    if item.event.cameo in DECLARED_AS_SAID:
        return True  # "we have no intention to continue": the declaration is made as it is said
    if item.event.modality in {"future", "hypothetical"}:
        return False
    verb = _governing_verb(doc[item.head])
    if verb is None:
        return True  # a caption-like statement of fact ("Talks in Istanbul")
    tag = verb.tag_
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ == "had" for a in auxes) and not _reported(verb):
        return False  # past perfect in the report's own voice: before the news, day unknown
    if any(a.lower_ in WILL_WOULD or a.lower_ in {"could", "might", "may", "should", "must"}
           for a in auxes):
        # "we will attack" is a threat made as it is said: only the attack lies ahead; so is a
        # refusal ("Putin would not attend the talks"); "the next step should be a meeting" is an
        # appeal made as it is said ("will ask" is still to come)
        return item.event.event_type in {"THREATEN", "REJECT"} or (item.event.event_type == "REQUEST" and all(
            a.lower_ in {"should", "must"} for a in auxes if a.dep_ == "aux" and a.tag_ == "MD"))
    if any(a.lower_ == "to" for a in auxes) and verb.dep_ in {"xcomp", "advcl", "acl", "relcl", "ccomp"}:
        return _done_verb(verb.head)
    if tag == "VBD":
        return True
    if tag in {"VBN", "VBG"}:
        if auxes or verb.dep_ in {"amod", "acl", "advcl"}:
            return True
        # "after spending four hours talking with Putin": the tense of the clause it hangs from
        for up in list(verb.ancestors)[:4]:
            if up.pos_ in {"VERB", "AUX"} and up.tag_ not in {"VBG"}:
                return _done_verb(up) and not any(
                    a.lower_ in WILL_WOULD for a in up.children if a.dep_ == "aux")
        return False
    if tag in {"VBZ", "VBP"}:
        # "African Union says the two sides formally agree to end fighting": the news present
        said = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORTING and verb.head.tag_ in {"VBZ", "VBD"}
        return verb.lemma_ in {"be", "have"} or verb.dep_ == "ROOT" or said
    return False


REPORTING = ATTRIBUTION_VERBS


def _another_week(doc: Doc, item: Resolved) -> bool:
    """"The United States imposed sanctions last week": neither the report's day nor the
    anchor's, and no day the record can hold."""
    from detente.extract.dates import in_another_week

    return in_another_week(doc[item.head].sent, item.head)


def _reported(verb: Token) -> bool:
    """Whether a verb is in a clause of reported speech ("officials said the rebels had agreed",
    "X said, according to AP, that Iran had violated ...")."""
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children) and any(
            a.lemma_.lower() in REPORTING for a in list(verb.ancestors)[:5]):
        return True
    cur = verb
    for _ in range(4):
        if cur.head is cur:
            return False
        if cur.dep_ in {"ccomp", "parataxis"} and cur.head.lemma_.lower() in REPORTING:
            return True
        cur = cur.head
    return False


def _done_verb(verb: Token) -> bool:
    if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children):
        return True  # "both sides were continuing to attack each other": under way
    return verb.tag_ in {"VBD", "VBN"} or (verb.tag_ in {"VBZ", "VBP"} and verb.lemma_ != "will")


def _governing_verb(tok: Token) -> Token | None:
    for _ in range(5):
        if tok.pos_ in {"VERB", "AUX"}:
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _background(ev: Event, published: str | None, doc: Doc | None = None, head: int | None = None) -> bool:
    """Whether the sentence speaks of another time than the report's: a year other than the
    publication year, or words of the past ("years ago", "previously", "back in").  Given the
    parse (``doc`` and the trigger's index ``head``), "previous" describing another thing than
    the event ("calling it retaliation for previous Israeli strikes") does not count."""
    sentence = _SUPERLATIVE_SINCE.sub(" ", ev.sentence)  # "the deadliest since 2023": a comparison
    if doc is not None and head is not None:
        sentence = _without_others_past(doc, head, sentence)
    if _BACKGROUND.search(sentence):
        return True
    year = truncate(published, "year")
    return any(y != year for y in _YEAR.findall(sentence))


def _without_others_past(doc: Doc, head: int, sentence: str) -> str:
    """The sentence with each "previous" / "former" that describes another noun than the
    event's own blanked out."""
    from detente.extract.dates import in_clause_under

    trigger = doc[head]
    own = {trigger.i, trigger.head.i} if trigger.pos_ in {"NOUN", "PROPN"} else {trigger.i}
    sent = trigger.sent
    blank = [(tok.idx, tok.text) for tok in sent if tok.lower_ in {"previous", "former"} and tok.dep_ == "amod"
             and tok.head.i not in own]
    # "accused Belgrade of backing armed Serbs who attacked the police last month": the time of
    # a clause below the event's, not the event's
    blank += [(ent.start_char, ent.text) for ent in sent.ents
              if ent.label_ == "DATE" and in_clause_under(ent, trigger)]
    for start, text in blank:
        at = start - sent.start_char
        if sentence[at: at + len(text)] == text:
            sentence = sentence[:at] + " " * len(text) + sentence[at + len(text):]
    return sentence


# ------------------------------------------------------------------ places

def _target_place(item: Resolved, place_named: Callable[[str, str | None], Location | None]) -> None:
    """An attack happens where its target is: "fired missiles at Kyiv", "a strike on Sumy",
    "hit the southern city of Beersheba" (a target named only as a place is coded to its
    country)."""
    ev = item.event
    if ev.location is not None or ev.event_type not in {"ASSAULT", "COERCE"}:
        return
    for ref in ev.recipients:
        if ref.country and ref.text and ref.org is None:
            place = place_named(ref.text, ref.country)
            if place is not None:
                ev.location, ev.location_basis = place, "stated"
                return
    if _codes(ev.recipients):
        return
    for text in item.recipient_texts:
        place = place_named(text, None)
        if place is None or not place.country:
            continue
        # a state's own city is no target of the state ("Ukrainian troops held Kharkiv"), but it
        # is where the attack happened, and the target of the state's rebels ("the RSF shelled
        # the city of El Fasher": Sudan)
        if place.country not in _codes(ev.actors) or any(side_of(a)[1] == "rebel" for a in ev.actors if _code(a)):
            ev.recipients = [*ev.recipients, ActorRef(text, None, place.country, None, None)]
        ev.location, ev.location_basis = place, "stated"
        return


WEAPONS = frozenset({"missile", "rocket", "drone", "shell", "bomb", "projectile", "munition", "warhead"})
_LANDING = frozenset({"reach", "hit", "strike", "land", "fall", "slam", "target"})


def _where_weapons_reached(doc: Doc, item: Resolved,
                           place_named: Callable[[str, str | None], Location | None]) -> None:
    """"Hezbollah targeted settlements, whereby its missiles and drones reached Tel Aviv": an
    attack is where its sentence says its weapons reached, hit or landed."""
    ev = item.event
    if ev.location is not None or ev.event_type != "ASSAULT":
        return
    trigger = doc[item.head]
    for verb in trigger.subtree:  # the attack's own clause: not "..., and Hamas rockets landed in Sderot"
        if verb.lemma_.lower() not in _LANDING or verb.i == trigger.i or not any(
                c.dep_ in {"nsubj", "nsubjpass"} and _own_weapons(c) for c in verb.children):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"] + [
            p for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "on", "at", "near"}
            for p in c.children if p.dep_ == "pobj"]
        for obj in objects:
            place = place_named(doc[obj.left_edge.i : obj.right_edge.i + 1].text, None)
            if place is not None and place.country and place.country not in _codes(ev.actors):
                ev.location, ev.location_basis = place, "stated"
                return


def _own_weapons(tok: Token) -> bool:
    """"its missiles and attack drones", "the rockets": weapons no other party is named with
    ("Hamas rockets" are another side's)."""
    weapons = [t for t in [tok, *tok.conjuncts] if t.lemma_.lower() in WEAPONS]
    return bool(weapons) and not any(
        c.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"} or (c.dep_ == "poss" and c.pos_ != "PRON")
        for t in weapons for c in t.children)


# "He made the announcement on Monday from the Oval Office": a sentence that places what the
# one before it said.
_REMARK_VERBS = ("made", "gave", "delivered", "issued", "voiced")
_REMARKS = re.compile(r"\b(?:" + "|".join(_REMARK_VERBS) + r")\s+(?:the|his|her|their|these|those|its)\s+"
                      r"(?:announcement|remarks|comments|statement|threat|pledge|warning|offer)s?\b", re.IGNORECASE)
_REMARKS_PREPS = frozenset({"from", "at", "in", "during"})
# What a speaker does by speaking (a strike, a blockade or a deployment is not placed by it).
_SPOKEN = frozenset({"THREATEN", "ACCUSE", "REQUEST", "AGREE", "REJECT", "SUPPORT", "CONCEDE", "PROTEST", "SANCTION"})


def _placed_by_remarks(doc: Doc, resolved: Sequence[Resolved],
                       place_named: Callable[[str, str | None], Location | None]) -> None:
    """"Trump threatened to impose tariffs on Russia ... He made the announcement on Monday
    from the Oval Office": the statements of the sentence before are placed where the
    remarks were made."""
    if not _REMARKS.search(doc.text):
        return  # most articles: no sentence to look at
    sents = list(doc.sents)
    for k, sent in enumerate(sents[1:], start=1):
        if not _REMARKS.search(sent.text):
            continue
        verbs = [t for t in sent if t.lower_ in _REMARK_VERBS]
        place = None
        for verb in verbs:
            for prep in (c for c in verb.subtree if c.dep_ == "prep" and c.lower_ in _REMARKS_PREPS):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    place = place or place_named(doc[obj.left_edge.i : obj.right_edge.i + 1].text, None)
        if place is None:
            continue
        subject = {c.lower_ for v in verbs for c in v.children if c.dep_ == "nsubj"}
        before = sents[k - 1]
        for item in resolved:
            ev = item.event
            if (ev.location is None and ev.event_type in _SPOKEN and _codes(ev.actors)
                    and before.start_char <= ev.span[0] < before.end_char
                    and (subject <= PRONOUN_ACTORS or any(
                        (a.text or "").split()[-1:] and (a.text or "").split()[-1].lower() in subject for a in ev.actors))):
                ev.location, ev.location_basis = place, "context"


# A meeting or a signing needs its parties in one room; an agreement, a call or a decision
# does not ("have reached an Oman-brokered ceasefire", "the cabinet approved").
_IN_PERSON = {"CONSULT": frozenset({"meet", "met", "meets", "meeting", "meetings", "talks", "summit", "visit",
                                    "visited", "visits", "gathering", "negotiations", "round", "hosted"}),
              "SUPPORT": frozenset({"sign", "signed", "signs", "signing"})}


def _gathering_at_dateline(doc: Doc, item: Resolved, published: str | None, filed_at: Location) -> None:
    """A report filed from a city ("JEDDAH — ...") about a meeting or a signing that it places
    nowhere, in its lead or on the report's day: the correspondent is where it took place
    ("signed a declaration early Friday", datelined Jeddah)."""
    ev = item.event
    words = {w.strip(".,;:'\"“”’").lower() for w in ev.trigger.split()}
    if (ev.location is None and ev.modality == "asserted" and words & _IN_PERSON.get(ev.event_type, frozenset())
            and ev.mode != "phone" and not _PHONE.search(ev.trigger) and _parties(ev)
            and _own_occasion(doc[item.head]) and _done(doc, item) and not _background(ev, published)):
        ev.location, ev.location_basis = filed_at, "context"


def _own_occasion(head: Token) -> bool:
    """A verb states its occasion; a noun does when it names its participants ("Trump's meeting
    Friday with Zelenskyy", "talks between the two"), not when it only refers back to talks
    held somewhere ("Putin said the talks were useful")."""
    if head.pos_ not in {"NOUN", "PROPN"}:
        return True
    doc = head.doc
    wire = head.i + 2 < len(doc) and doc[head.i + 2].lower_ == "with"  # "meeting Friday with"
    return wire or any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in {"with", "between", "among"})
                       for c in head.children)


# ------------------------------------------------------------------ parties

def _fill_parties(item: Resolved, anchor: Anchor) -> None:
    ev = item.event
    lead = anchor.first_of_type.get(ev.event_type)
    if lead is not None and lead is not ev and ev.event_type in UNNAMED_AGENT_TYPES and not _codes(ev.actors):
        # "the Sunday morning strike killed 34": the strike the article reports, by its party
        ev.actors = [a for a in lead.actors if _code(a)]
        on = _codes(ev.actors)  # its own target stays ("its attacks on all Lebanese regions")
        ev.recipients = [r for r in ev.recipients if _code(r) not in on] + [
            r for r in lead.recipients if _code(r) and _code(r) not in _parties(ev)]
        if ev.location is None and lead.location is not None:
            ev.location, ev.location_basis = lead.location, "context"
        return
    attack = anchor.first_of_type.get("ASSAULT")
    if (ev.event_type in {"ACCUSE", "PROTEST"} and attack is not None and attack is not ev
            and not any(_code(r) for r in ev.recipients)
            and any(_ATTACK_WORDS.search(t) for t in item.recipient_texts)):
        # "Aoun condemned the strike": the accused is who carried out the attack the article reports
        doers = [a for a in attack.actors if _code(a) and _code(a) not in _codes(ev.actors)]
        if doers:
            ev.recipients = [*ev.recipients, *doers]
            return
    have = _parties(ev)
    missing = [p for p in anchor.participants if _lacks(ev, p)]
    if not missing:
        return
    texts = [t.lower().strip() for t in item.actor_texts]
    # "accusing the besieged leader of standing in the way": the phrase before its "of"
    rtexts = [t.lower().strip().split(" of ")[0] for t in item.recipient_texts]
    group_actor = any(GROUP_WORDS.match(t) for t in texts)
    where = ev.location.country if ev.location is not None else None
    if group_actor and where and where not in _codes(anchor.participants) and len(anchor.participants) >= 2 \
            and all(GROUP_WORDS.match(t) for t in texts):
        # "The two leaders last met in Abu Dhabi": the group is the participants, not the
        # country of the place (which a party with no country of its own had been given)
        ev.actors = [a for a in ev.actors if _code(a) != where]
        ev.recipients = [r for r in ev.recipients if _code(r) != where]
        have = _parties(ev)
        missing = [p for p in anchor.participants if _lacks(ev, p)]
    spoken = _codes(item.speaker)
    if texts and all(_OTHER_SIDE.match(t) for t in texts) and spoken and spoken <= _codes(anchor.participants):
        # "'The other party avoids signing,' Kurti said": the participant the speaker is not
        ev.actors = [p for p in anchor.participants if _code(p) not in spoken]
        ev.recipients = [r for r in ev.recipients if _code(r) and _code(r) not in _codes(ev.actors)] or [
            p for p in anchor.participants if _code(p) in spoken][:1]
        return
    words = {w.strip(".,;:'\"“”’").lower() for w in ev.trigger.split()}
    if len(have) <= 1 and ev.event_type == "RETREAT":  # "a ceasefire came into effect": the sentence names it
        words |= {w.strip(".,;:'\"“”’").lower() for w in ev.sentence.split()}
    mutual = ev.event_type in MUTUAL_TYPES and bool(words & MUTUAL_WORDS)
    if group_actor and (ev.reciprocal or mutual or not have):
        # "the two sides agreed": the participants, the first acting, the others its recipients
        coded = [a for a in ev.actors if _code(a)]
        if not coded:
            ev.actors, missing = missing[:1], missing[1:]
        ev.recipients = [r for r in ev.recipients if _code(r)] + missing
        ev.reciprocal = ev.reciprocal or mutual
        return
    if mutual and _sides(ev) <= 1 and len(anchor.participants) <= 4:
        ev.recipients = [r for r in ev.recipients if _code(r)] + missing
        ev.reciprocal = True
        return
    if ev.event_type in ADDRESSED_TYPES and any(GROUP_WORDS.match(t) and re.match(r"(?:the|both|each|either) ", t)
                                                for t in rtexts) \
            and not any(_code(r) for r in ev.recipients) and anchor.participants:
        # "urged both sides to allow aid": the participants are whom it is aimed at
        ev.recipients = [p for p in anchor.participants if _code(p) not in _codes(ev.actors)]
        return
    # a bare role or "you" aimed at one of the participants: the one not acting
    others = [p for p in anchor.participants if _code(p) not in _codes(ev.actors)]
    quoted = bool(item.speaker) or any(q in ev.sentence for q in '"“”')
    addressed = ev.event_type in ADDRESSED_TYPES and quoted and bool(
        SECOND_PERSON & {w.strip(".,;:!?'\"“”’").lower() for w in ev.sentence.replace("’", "'").split()})
    if len(others) == 1 and (addressed or any(ROLE_WORDS.match(t) or t in SECOND_PERSON for t in rtexts)) \
            and not any(_code(r) for r in ev.recipients):
        # '"If we're out, you'll fight it out," the US president said': a threat spoken to "you"
        # is aimed at the other participant
        ev.recipients = [r for r in ev.recipients if _code(r)] + others


def _code(ref: ActorRef) -> str | None:
    return ref.country or ref.org


def _codes(refs: Sequence[ActorRef]) -> set[str]:
    return {c for c in (_code(r) for r in refs) if c}


def _parties(ev: Event) -> set[str]:
    return _codes(ev.actors) | _codes(ev.recipients)


# Sectors of the armed side of a civil war, and of the state it fights: "Colombia's government and
# the ELN", "Sudan's army and the RSF" are two sides of one country.
_INSURGENT_SECTORS = frozenset({"REB", "OPP", "UAF"})  # (UAF: armed groups of no known name)
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})


def side_of(ref: ActorRef) -> tuple[str, str | None]:
    """A party's side: its code, and "rebel" or "state" where its sector says (else None)."""
    sector = (ref.sector or "").upper()
    return (_code(ref) or "", "rebel" if sector in _INSURGENT_SECTORS else "state" if sector in _STATE_SECTORS else None)


def same_side(a: ActorRef, b: ActorRef) -> bool:
    """Whether two parties are one side: one code, and not a state's rebels against its state (a
    party whose sector says neither, "the group", is on the side of its code it is named with)."""
    (code_a, flag_a), (code_b, flag_b) = side_of(a), side_of(b)
    return code_a == code_b and (flag_a == flag_b or flag_a is None or flag_b is None)


def count_sides(refs: Sequence[ActorRef]) -> int:
    """How many sides the coded parties make."""
    sides: list[ActorRef] = []
    for ref in refs:
        if _code(ref) and not any(same_side(ref, s) for s in sides):
            sides.append(ref)
    return len(sides)


def _sides(ev: Event) -> int:
    return count_sides(ev.actors + ev.recipients)


def _lacks(ev: Event, party: ActorRef) -> bool:
    return not any(same_side(party, r) for r in ev.actors + ev.recipients if _code(r))
