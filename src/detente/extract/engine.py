"""The extraction engine: articles in, :class:`~detente.model.Event` records out.

Pipeline per document: spaCy parse → ``detente_events_v1`` component (event candidates per
sentence, see :mod:`detente.extract.events`) → resolution here: actor spans through the actor
dictionary, the place through the gazetteer, the date through :mod:`detente.extract.dates`,
codebook values (intensity, Goldstein), reciprocity and confidence.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from detente.extract.codebook import Codebook, load_codebook
from detente.extract.context import (
    GROUP_WORDS,
    MUTUAL_TYPES,
    SIGNINGS,
    Resolved,
    count_sides,
    read_document,
    same_side,
)
from detente.extract.discards import load_discards
from detente.extract.events import (
    GROUP_HEADS,
    Candidate,
    document_candidates,
    existential,
    load_lexicon,
)
from detente.extract.modality import to_infinitive
from detente.extract.nlp import doc_text, entities, entities_cached, span_text
from detente.model import ActorRef, Event, Location
from detente.settings import Settings
from detente.text import APOSTROPHES
from detente.vocabulary import REPORTING_VERBS

if TYPE_CHECKING:
    from spacy.language import Language

    from detente.extract.actors import ActorDictionary
    from detente.extract.places import Gazetteer

__all__ = ["Dateline", "Extractor", "mask_datelines"]

PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
NON_PLACE_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
# Names of days, months and feasts, which a TIME or DATE entity rightly holds.
CALENDAR_WORDS = frozenset({*(d.lower() for d in calendar.day_name), *(m.lower() for m in calendar.month_name if m),
                            "christmas", "easter", "ramadan"})
# Nouns that stand for a place named beside them ("the city of Anchorage", "the Saudi capital").
PLACE_NOUNS = frozenset({"capital", "city", "town", "village", "port", "province", "region", "resort", "enclave"})
# Titles that mark a mention as a person (the sector stays the one a role noun gives).
PERSON_TITLES = frozenset({
    "president", "prime", "premier", "minister", "chancellor", "king", "queen", "prince", "emir",
    "sultan", "sheikh", "judge", "gen", "general", "lt", "col", "colonel", "maj", "major", "adm",
    "admiral", "archbishop", "bishop", "cardinal", "ayatollah", "mullah", "governor", "mayor",
    "senator", "sen", "rep", "ambassador", "envoy", "secretary", "spokesman", "spokeswoman",
    "vice-president", "dr", "mr", "mrs", "ms", "leader", "commander", "chief",
})
# A country named as the other side of a border is where the place is near, not the party's.
_BORDER_AFTER = re.compile(r"\s+(?:border|frontier)s?\b", re.IGNORECASE)
_BORDER_BEFORE = re.compile(r"\b(?:border|frontier)s?\s+(?:with|of)\s+(?:the\s+)?$", re.IGNORECASE)
# A speaker's own side: "our president", "our forces", "our country".
_OURS = re.compile(r"^(?:our|my)\s", re.IGNORECASE)
# Nouns a report uses for a party named before, of no sector of their own.
_BODIES = frozenset({"group", "movement", "organisation", "organization", "faction", "side", "party"})
# Subjects that are no party of the event: what was said or done ("The announcement ... came",
# "the statement", "the decision").
_NOT_PARTIES = frozenset({"announcement", "statement", "decision", "declaration", "report", "news", "move",
                          "step", "development", "ceremony", "event", "document", "text", "communique"})
_UNATTRIBUTED = re.compile(
    r"\b(?:bombings?|bombs?|explosions?|blasts?|explosive devices?|IEDs?|landmines?|minefields?|"
    r"mines?|car bombs?|suicide attacks?)$", re.IGNORECASE)
_RESIDENCE_PREP = re.compile(r"\b(?:in|of|throughout|across|inside)\b", re.IGNORECASE)
_BRIEFING = re.compile(r"\b(?:press|news|media|regular) (?:briefing|conference)\b", re.IGNORECASE)
_MINISTRY = re.compile(r"\b(?:ministry|foreign office|spokes(?:person|man|woman))\b", re.IGNORECASE)
# Violations (of a ceasefire, an agreement): reported by another party, an accusation.
VIOLATION_CAMEO = frozenset({"196", "128"})
# A condition on what a party will do ("if they attack, we will respond"): the attack is a threat.
_CONDITION = re.compile(r"\b(?:if|unless|should (?:they|it|he|she|the \w+) )\b", re.IGNORECASE)
# Violence a speaker reports is not the speaker's own unless the sentence says so.
REPORTED_VIOLENCE = frozenset({"ASSAULT", "COERCE"})
# Verbal events: what a government says, where its spokesperson says it.
STATEMENT_TYPES = frozenset({"AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
# Nouns naming a war by its place ("the war in Ukraine"): that place is not the event's.
CONFLICT_NOUNS = frozenset({"war", "conflict", "crisis", "fighting", "hostilities", "invasion",
                            "occupation", "aggression", "warfare"})
# Events said or agreed by parties: a place attached to the party is where it is from.
PARTY_PLACE_NOT_EVENT = frozenset({"CONSULT", "AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
                                   "CONCEDE"})
# Gatherings named beside an event in its sentence: their place is the event's ("agreed after
# talks in Jeddah").
GATHERING_NOUNS = frozenset({"talk", "talks", "meeting", "summit", "negotiation", "conference", "round"})
# Other occasions a sentence names: "tariffs if a ceasefire in Ukraine is not reached".
OTHER_OCCASIONS = frozenset({"agreement", "ceasefire", "truce", "deal", "peace", "settlement", "accord"})
# Nouns for several states at once: never one country ("dialogue between nations").
MANY_STATES = frozenset({"nations", "countries", "states", "governments", "powers", "allies",
                         "partners", "members", "neighbours", "neighbors", "sides", "parties"})
# An attack's target named as a place is where it happens: "a strike on Sumy", "fired at Kyiv".
TARGET_PREPS = frozenset({"on", "against", "at"})
ATTACK_NOUNS = frozenset({"strike", "airstrike", "attack", "assault", "raid", "shelling", "bombing",
                          "bombardment", "barrage", "offensive", "missile", "drone", "shell", "rocket"})
# Event types whose place is no target: where a meeting happens is not who it is with.
PLACE_NOT_TARGET = frozenset({"CONSULT", "AGREE"})
# Acts two named subjects do with each other ("Russia and Ukraine agreed / exchanged / met");
# others they do side by side ("Egypt and the Emirates welcomed the talks": two actors).
SHARED_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "RETREAT", "CONCEDE"})
_TRADED = frozenset({"exchange", "trade", "swap"})  # verbs whose subjects do the object to each other
_EACH_OTHER = re.compile(r"\b(?:each other|one another)\b", re.IGNORECASE)  # "accused each other"
KEPT_SECTORS = frozenset({"REB", "SOC", "IMG", "NGO"})
BOTH_SIDES = ("both sides", "both leaders", "both nations", "both countries", "both parties",
              "both governments", "both delegations", "the two sides", "the two leaders",
              "the two countries", "the two nations", "both", "the two")


# A dateline opening a paragraph: "RIYADH, Feb 18 —", "MOSCOW —", "ANCHORAGE, Alaska (AP) --",
# "Washington (Agency) —", "DUBAI, May 6. /Agency/." (a capitalised name counts only when it
# is a known place).
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<city>[A-Z][A-Z'’.]{2,}(?:[ -][A-Z][A-Z'’.]+){0,3}|[A-Z][a-z]{2,}(?:[ -][A-Z][a-z]+){0,2})"
    r"(?:,[ \t]*[A-Z][A-Za-z.]+(?:[ \t][A-Z][A-Za-z.]+)?(?=,))?"
    r"(?:,[ \t]*(?P<date>[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2}(?:,?[ \t]+\d{4})?))?"
    r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:—|–|--|-|\.?[ \t]*/[A-Za-z][A-Za-z-]{1,20}/\.?)[ \t]+"
)
_DATELINE_KEY = "detente_datelines"
_SOURCE_KEY = "detente_source"  # the text as written, before quotes were straightened for the parser
_ACRONYM_KEY = "detente_acronyms"
_REGIONS_KEY = "detente_regions"
# "the Rapid Support Forces (RSF)": a name of two to six capitalised words, its letters in brackets
_DEFINED = re.compile(r"(?P<name>(?:[A-Z][\w'-]+ )(?:(?:of |for |and |the )?[A-Z][\w'-]+ ){0,5}?[A-Z][\w'-]+) "
                      r"\((?P<short>[A-Z]{2,6})\)")

# A name of two to six capitalised words ("Rapid Support Forces", "Tigray People's Liberation Front")
_NAMED = re.compile(r"\b[A-Z][\w'’-]+(?: (?:of |for |and |the )?[A-Z][\w'’-]+){1,5}")


def _as_text(ref: ActorRef, text: str) -> ActorRef:
    """``ref`` as named by ``text`` in this article."""
    return ActorRef(text, ref.name, ref.country, ref.sector, ref.org)


# Typographic quotes and apostrophes, straightened for the parser (same length, so every
# offset holds): the small English model splits "Yemen’s Houthis" into two subjects, not
# "Yemen's Houthis".
_STRAIGHT = str.maketrans({**APOSTROPHES, "\u201c": '"', "\u201d": '"'})


def for_parser(text: str) -> str:
    """``text`` with curly quotes and apostrophes made straight (same length)."""
    return text.translate(_STRAIGHT)


def _source(doc: Doc, span: Span) -> str:
    """A span's text as the article wrote it."""
    source = doc.user_data.get(_SOURCE_KEY)
    return source[span.start_char : span.end_char] if source is not None else span_text(span)
# Made-up text that takes every branch of the resolution once (see Extractor.warm_up).
_WARM_UP_TEXT = (
    "RIYADH, Feb 18 — U.S. Secretary of State Marco Rubio met Russian Foreign Minister Sergei "
    "Lavrov in the Saudi capital on Tuesday, and both sides agreed to restore embassies.  Kyiv "
    "said it would not accept any deal made without Ukraine, officials in Kiew said on 15/08/2025."
)


@dataclass(frozen=True)
class Dateline:
    """Where (and when) a report was filed: "RIYADH, Feb 18 —"."""

    start: int
    end: int
    city: str
    date: str | None  # the date as written ("Feb 18"), if any


def mask_datelines(text: str, is_place: Callable[[str], bool] | None = None) -> tuple[str, list[Dateline]]:
    """The text with each paragraph-opening dateline blanked out (same length, so every
    character offset stays valid) and the datelines found.  A dateline names where the
    report was filed, never an actor of its sentence.  ``is_place`` tells whether a
    capitalised opening word is a place (default: any word of three letters or more)."""
    found = [Dateline(m.start(), m.end(), m.group("city"), m.group("date"))
             for m in _DATELINE.finditer(text)
             if is_place is None or is_place(m.group("city"))]
    if not found:
        return text, []
    parts, last = [], 0
    for line in found:
        start, end = line.start, line.end
        parts.extend([text[last:start], " " * (end - start)])
        last = end
    parts.append(text[last:])
    return "".join(parts), found


class Extractor:
    """Turns article text into events.  Loads the spaCy pipeline, the actor dictionary and the
    gazetteer on first use (so constructing one is cheap)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._nlp: Language | None = None
        self._actors: ActorDictionary | None = None
        self._gazetteer: Gazetteer | None = None
        self._codebook: Codebook | None = None

    # -------------------------------------------------------------- lazy resources
    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from detente.extract.nlp import load_pipeline

            self._nlp = load_pipeline(self.settings.model)
        return self._nlp

    @property
    def actors(self) -> ActorDictionary:
        if self._actors is None:
            from detente.extract.actors import ActorDictionary

            self._actors = ActorDictionary.load(self.settings.actors_file)
        return self._actors

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from detente.extract.places import Gazetteer

            self._gazetteer = Gazetteer.load()
        return self._gazetteer

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            self._codebook = load_codebook()
        return self._codebook

    def _is_place(self, name: str) -> bool:
        return self.gazetteer.resolve(name.title()) is not None

    def warm_up(self) -> None:
        """Load now everything the engine otherwise loads on first need: the model, the event
        lexicon, the actor dictionary, the gazetteer with the other names of cities, the
        codebook and the date parser.  Only fills caches (the events are the same); call it
        before timing, or before forking worker processes so that they inherit the loads."""
        from detente.extract.dates import warm_up as warm_dates

        load_lexicon()
        _ = self.nlp, self.actors, self.codebook
        self.gazetteer.warm_up()
        warm_dates()
        self.extract(_WARM_UP_TEXT, doc_id="warm-up", published="2025-08-17")

    # -------------------------------------------------------------- public API
    def extract(self, text: str, *, doc_id: str, published: str | None = None) -> list[Event]:
        """Events of one text, most confident first."""
        masked, datelines = mask_datelines(text, self._is_place)
        doc = self.nlp(for_parser(masked))
        doc.user_data[_DATELINE_KEY] = datelines
        doc.user_data[_SOURCE_KEY] = masked
        return self.events_from_doc(doc, doc_id=doc_id, published=published)

    def extract_many(
        self,
        items: Iterable[tuple[str, str, str | None]],
        *,
        n_process: int = 1,
        batch_size: int = 16,
    ) -> Iterator[tuple[str, list[Event]]]:
        """``(doc_id, text, published)`` in, ``(doc_id, events)`` out, in input order."""
        def masked() -> Iterator[tuple[str, tuple[str, str | None, list[Dateline], str]]]:
            for doc_id, text, published in items:
                blanked, datelines = mask_datelines(text, self._is_place)
                yield for_parser(blanked), (doc_id, published, datelines, blanked)

        for doc, (doc_id, published, datelines, source) in self.nlp.pipe(
            masked(), as_tuples=True, n_process=n_process, batch_size=batch_size
        ):
            doc.user_data[_DATELINE_KEY] = datelines
            doc.user_data[_SOURCE_KEY] = source
            yield doc_id, self.events_from_doc(doc, doc_id=doc_id, published=published)

    def events_from_doc(self, doc: Doc, *, doc_id: str, published: str | None) -> list[Event]:
        """Events of a parsed document (candidates from ``doc._.events`` when the pipeline's
        component ran, else found here)."""
        stored = doc._.events if Doc.has_extension("events") else None
        if stored is None:
            candidates = document_candidates(doc, load_lexicon())
        else:
            candidates = [Candidate.from_data(d) for d in stored]
        with entities_cached(doc):
            resolved = self._resolve_all(doc, candidates, doc_id=doc_id, published=published)
            events = [r.event for r in resolved]
            self._briefing_places(doc, events)
            datelines = doc.user_data.get(_DATELINE_KEY) or []
            filed_at = self._place_named(datelines[0].city, None) if datelines else None
            read_document(doc, resolved, published=published, place_named=self._place_named, filed_at=filed_at)
            # what "there is" states of an event noun counts only once the article names its parties
            events = [r.event for r in resolved if _has_party(r.event) or not existential(doc[r.head])]
        # a sentence with coded events keeps only those: the others name no known party
        coded_sentences = {e.span for e in events if _has_party(e)}
        events = [e for e in events if _has_party(e) or e.span not in coded_sentences]
        _mark_discards(events, doc.user_data.get(_SOURCE_KEY) or doc.text)
        events.sort(key=lambda e: -e.confidence)
        return events

    # -------------------------------------------------------------- resolution
    def _resolve_all(self, doc: Doc, candidates: list[Candidate], *, doc_id: str,
                     published: str | None) -> list[Resolved]:
        out: list[Resolved] = []
        seen: set[str] = set()
        parties: list[ActorRef] = []  # sides of the last reciprocal event: "both sides"
        for cand in candidates:
            event = self._resolve(doc, cand, doc_id=doc_id, published=published, parties=parties)
            if event is None or event.id in seen:
                continue
            seen.add(event.id)
            item = Resolved(event, cand.head, [doc[a:b].text for a, b in cand.actors],
                            [doc[a:b].text for a, b in cand.recipients])
            if cand.source is not None:
                item.speaker = [a for a in self._refs(doc, [cand.source], published) if _coded(a)]
                root = doc[cand.source[0] : cand.source[1]].root
                item.speaker_is_person = root.ent_type_ == "PERSON" or root.lemma_.lower() in PERSON_TITLES
            if event.date is None:
                from detente.extract.dates import resolve_event_date

                # the day of another clause of the sentence, not of what the event is about
                item.sentence_date = resolve_event_date(doc[cand.sent[0] : cand.sent[1]], published,
                                                        outside=doc[cand.head])
            out.append(item)
            sides = [a for a in event.actors + event.recipients if _coded(a)]
            if event.reciprocal and count_sides(sides) > 1:
                parties = sides
        return out

    def _place_named(self, name: str, country: str | None) -> Location | None:
        """The place a phrase names ("Kyiv", "the southern city of Beersheba"), in ``country``
        when one is given."""
        place = self.gazetteer.resolve(name, countries=(country,) if country else ())
        if place is None:
            # "the Red Sea port of Hudaydah": the last place named is the most specific
            found = [loc for _, _, loc in self.gazetteer.find_places(name)
                     if country is None or loc.country == country]
            place = found[-1] if found else None
        return place if place is not None and (country is None or place.country == country) else None

    def _briefing_places(self, doc: Doc, events: list[Event]) -> None:
        """A government's spokesperson speaking "at a press briefing" speaks in its seat
        of government (foreign and defence ministries brief the press at home): the
        statements of that government reported in the same paragraph, with no place of
        their own, are placed there ("China has thrown its weight behind the talks. ...
        Speaking at a press briefing, a spokesperson for China's Foreign Ministry said ..."
        → Beijing)."""
        text = doc_text(doc)
        for sent in doc.sents:
            said = span_text(sent)
            if not _BRIEFING.search(said):
                continue
            found = [m[2] for m in self.actors.find_mentions(said)
                     if m[2].country and m[2].sector == "GOV" and _MINISTRY.search(m[2].text or "")]
            if len({r.country for r in found}) != 1:
                continue
            country = found[0].country
            seat = _seat_of(self.actors, country) if country else None
            place = self.gazetteer.resolve(seat, countries=(country,)) if seat and country else None
            if place is None or place.country != country:
                continue
            start = text.rfind("\n", 0, sent.start_char) + 1
            end = text.find("\n", sent.end_char)
            end = len(text) if end < 0 else end
            for event in events:
                if (event.location is None and start <= event.span[0] < end
                        and event.event_type in STATEMENT_TYPES
                        and any(a.country == country and a.sector == "GOV" for a in event.actors)):
                    event.location = place

    def _mention(self, doc: Doc, span: tuple[int, int], on_date: str | None) -> ActorRef | None:
        """The actor named by a noun phrase: the mention covering its head word, else the
        longest mention in it, else the whole phrase looked up."""
        phrase = doc[span[0] : span[1]]
        text = phrase.text
        mentions = self.actors.find_mentions(text, on_date)
        defined = self._acronyms(doc, on_date)
        if defined:
            # "the Rapid Support Forces (RSF)": in this article RSF is that group, whatever
            # else the letters stand for elsewhere (Reporters Without Borders)
            mentions = [(a, b, _as_text(defined[text[a:b]], text[a:b])) if text[a:b] in defined else (a, b, r)
                        for a, b, r in mentions]
            bare = text.strip().removeprefix("the ").strip()
            if not mentions and bare in defined:
                return _as_text(defined[bare], bare)
        if mentions:
            head = phrase.root
            rel = head.idx - phrase.start_char
            person = next((e for e in entities(doc) if e.label_ == "PERSON" and e.start <= head.i < e.end
                           and span[0] <= e.start and e.end <= span[1] and len(e) > 1), None)
            if person is not None:
                # "Congolese Foreign Minister Therese Kayikwamba Wagner": a known name that is only
                # the person's last word (the Wagner Group) is not the person
                first = person.start_char - phrase.start_char
                mentions = [m for m in mentions if not (m[0] > first and m[0] <= rel < m[1])]
                if not mentions:
                    return None
            covering = [m for m in mentions if m[0] <= rel < m[1]]
            before = [m for m in mentions if m[1] <= rel]
            if covering:
                best = max(covering, key=lambda m: (m[2].name is not None, m[1] - m[0]))
            elif before:
                best = before[-1]  # "Osama bin Laden's al-Qaeda network": the nearest modifier
            else:
                # an attachment names the party ("students throughout Indonesia"), not a
                # word that only qualifies another noun ("nations in the Ukraine crisis")
                heads = [m for m in mentions if not _modifies_other(phrase, m)]
                if not heads:
                    return None
                best = max(heads, key=lambda m: (m[2].name is not None, m[1] - m[0]))
            return self._residence(text, best, mentions)
        return self.actors.resolve(text, on_date)

    def _acronyms(self, doc: Doc, on_date: str | None) -> dict[str, ActorRef]:
        """Abbreviations the article defines for a known party ("the Rapid Support Forces
        (RSF)", "Sudanese Armed Forces (SAF)"), read once per document."""
        found = doc.user_data.get(_ACRONYM_KEY)
        if found is None:
            found = {}
            text = doc_text(doc)
            for m in _DEFINED.finditer(text):
                ref = self.actors.resolve(m.group("name"), on_date)
                if ref is not None and _coded(ref) and not ref.country and not ref.org:
                    # "the National Liberation Army (ELN)": the name says only what it is (rebels);
                    # the abbreviation the dictionary knows says whose (Colombia's ELN)
                    own = self.actors.resolve(m.group("short"), on_date)
                    if own is not None and (own.country or own.org):
                        ref = own
                        found.setdefault(m.group("name"), own)  # and so is the name it spells out
                if ref is not None and _coded(ref):
                    found.setdefault(m.group("short"), ref)
            words = set(re.findall(r"\w+", text))
            for m in _NAMED.finditer(text):
                # "the paramilitary Rapid Support Forces ... the RSF shelled El Fasher": a name the
                # article spells out, and its initials used alone, are one party
                short = "".join(w[0] for w in m.group(0).split() if w[0].isupper())
                if len(short) < 2 or short in found or short not in words:
                    continue
                ref = self.actors.resolve(m.group(0), on_date)
                if ref is not None and _coded(ref) and (ref.country or ref.org):
                    found[short] = ref
            doc.user_data[_ACRONYM_KEY] = found
        return found

    def _residence(self, text: str, best: tuple[int, int, ActorRef],
                   mentions: list[tuple[int, int, ActorRef]]) -> ActorRef:
        """A people named by nationality is coded by where it lives, as PLOVER does:
        "Albanians of southern Serbia" and "ethnic Albanians in Serbia" → SRB, "Croatian
        Serbs" → HRV.  "ethnic Albanians" with no place in the phrase keeps no country; the
        event's place decides later (:meth:`_resolve`)."""
        start, end, ref = best
        if ref.name is not None or not ref.country or not self._is_people(text[start:end]):
            return ref
        before = text[:start].rstrip()
        prior = [m for m in mentions if m[1] <= start and not text[m[1] : start].strip(" -")]
        if prior and prior[-1][2].country and prior[-1][2].name is None:
            return ActorRef(ref.text, None, prior[-1][2].country, ref.sector, None)  # "Croatian Serbs"
        later = [m for m in mentions if m[0] >= end and m[2].country and m[2].name is not None
                 and _RESIDENCE_PREP.search(text[end : m[0]])]
        if later:
            return ActorRef(ref.text, None, later[0][2].country, ref.sector, None)
        if before.lower().endswith("ethnic"):
            return ActorRef(f"ethnic {ref.text}", None, None, ref.sector or "CVL", None)
        return ref

    def _is_people(self, words: str) -> bool:
        """Whether a mention starts with a nationality word ("Albanians", "Serb refugees")."""
        first = words.split()[0] if words.split() else ""
        entry = self.actors.lookup(first)
        return entry is not None and entry.type == "nationality"

    def _people_named(self, doc: Doc, sent: Span, source: tuple[int, int] | None, on_date: str | None,
                      sides: set[str | None]) -> list[ActorRef]:
        """The coded people a sentence names outside its speaker's phrase, of other sides."""
        spans = [(e.start, e.end) for e in entities(doc) if e.label_ == "PERSON"
                 and sent.start <= e.start < sent.end and not (source and source[0] <= e.start < source[1])]
        out: list[ActorRef] = []
        for ref in self._refs(doc, spans, on_date) if spans else []:
            if _coded(ref) and _key(ref) not in sides:
                sides.add(_key(ref))
                out.append(ref)
        return out

    def _other_side(self, doc: Doc, spans: list[tuple[int, int]], on_date: str | None,
                    actors: list[ActorRef]) -> list[ActorRef]:
        """The first coded party the spans name that is not of the actors' side (as a list)."""
        acting = {_key(a) for a in actors if _coded(a)}
        return [r for r in self._refs(doc, spans, on_date) if _coded(r) and _key(r) not in acting][:1]

    def _refs(self, doc: Doc, spans: list[tuple[int, int]], on_date: str | None) -> list[ActorRef]:
        """Actors named by the argument spans.  When no span names a known actor, their
        attachments are tried ("a newspaper based in Beirut").  A phrase the dictionary does
        not know is kept as text only (``country``/``org`` null), so the event is not lost."""
        resolved = [(span, self._span_refs(doc, span, on_date)) for span in spans]
        resolved = [(span, self._group_region(doc, span, on_date, refs)) for span, refs in resolved]
        if not any(_coded(r) for _, refs in resolved for r in refs):
            resolved = [(span, self._attached(doc, span, on_date, refs) or refs) for span, refs in resolved]
        out: list[ActorRef] = []
        keys: set[tuple[str | None, str | None, str | None]] = set()
        for span, refs in resolved:
            if not refs and any(t.pos_ in {"PROPN", "NOUN"} for t in doc[span[0] : span[1]]):
                refs = [ActorRef(text=doc[span[0] : span[1]].text)]
            for ref in refs:
                key = (ref.name, ref.country, ref.org) if _coded(ref) else (ref.text, None, None)
                if key in keys or (ref.name is None and ref.country
                                   and any(o.country == ref.country and same_side(o, ref) for o in out)):
                    continue  # (a country named twice; a state and its rebels are two)
                keys.add(key)
                out.append(ref)
        out = _other_side_of_the_war(out)
        coded = [r for r in out if _coded(r)]
        return coded if coded else out[:1]

    def _group_region(self, doc: Doc, span: tuple[int, int], on_date: str | None,
                      refs: list[ActorRef]) -> list[ActorRef]:
        """A group of leaders or countries that no nationality names ("world leaders", "about 30
        leaders", "leaders from 31 countries"), in a sentence that tells of a gathering, is the
        one group of states the article names ("European leaders agreed ...", "concern among
        Europeans"): the gathering's states.  Elsewhere ("grassroots movements encourage
        leaders to pursue diplomacy") such a group is anyone."""
        phrase = doc[span[0] : span[1]]
        if any(_coded(r) for r in refs) or not _indefinite_group(phrase) or not any(
                t.lemma_.lower() in GATHERING_WORDS for t in phrase.sent):
            return refs  # only where a gathering is told: "encourage leaders to pursue" is anyone
        regions = self._regions(doc, on_date)
        if len(regions) != 1:
            return refs
        region = regions[0]
        return [ActorRef(doc[span[0] : span[1]].text, region.name, region.country, region.sector, region.org)]

    def _regions(self, doc: Doc, on_date: str | None) -> list[ActorRef]:
        """The groups of states (regions: "European leaders", "African states") the article
        names, one per code, read once per document."""
        found = doc.user_data.get(_REGIONS_KEY)
        if found is None:
            codes = _region_codes(self.actors)
            found = []
            for _, _, ref in self.actors.find_mentions(doc_text(doc), on_date):
                if ref.country in codes and ref.country not in {r.country for r in found}:
                    found.append(ref)
            doc.user_data[_REGIONS_KEY] = found
        return list(found)

    def _span_refs(self, doc: Doc, span: tuple[int, int], on_date: str | None) -> list[ActorRef]:
        text = doc[span[0] : span[1]].text
        if " and " in text or " & " in text:
            return self.actors.resolve_all(text, on_date)
        ref = self._mention(doc, span, on_date)
        return [ref] if ref is not None else []

    def _attached(self, doc: Doc, span: tuple[int, int], on_date: str | None,
                  found: list[ActorRef]) -> list[ActorRef]:
        """Coded actors of a phrase's attachments, when the phrase itself names none: "a
        newspaper based in east Beirut", "students throughout Indonesia", "workers affiliated
        with the Serbian Workers' Union", "aid for Romania and Poland", "an admission by
        Moscow".  What the head noun says (its sector) is kept: "a newspaper based in
        Beirut" is LBN JRN."""
        party = any(r.sector for r in found) or doc[span[0] : span[1]].root.ent_type_ in {"PERSON", "ORG", "NORP"}
        extent = _phrase_extent(doc, span, party=party)
        if extent is None:
            return []
        text = doc[extent[0] : extent[1]].text
        refs = self.actors.resolve_all(text, on_date) if " and " in text else []
        if not refs:
            ref = self._mention(doc, extent, on_date)
            refs = [ref] if ref is not None else []
        refs = [r for r in refs if _coded(r)]
        if not refs:
            return []
        own = next((r.sector for r in found if r.sector), None)
        head = doc[span[0] : span[1]].text
        return [ActorRef(head if len(refs) == 1 else r.text, None if own else r.name, r.country,
                         own or r.sector, r.org) for r in refs]

    def _location(self, sent: Span, cand: Candidate, countries: tuple[str, ...]) -> Location | None:
        doc = sent.doc
        trigger = doc[cand.head]
        spans: list[tuple[Span, str]] = []
        # "the Riyadh meeting"
        spans.extend((doc[c.i : c.i + 1], c.text) for c in trigger.children
                     if c.dep_ == "compound" and c.ent_type_ in PLACE_ENTS)
        # "met in Anchorage", "a meeting in Riyadh", "talks in the Saudi capital"
        near: list[tuple[int, tuple[Span, str]]] = []
        for tok in sent:
            if tok.dep_ != "pobj":
                continue
            prep = tok.head
            if prep.lower_ == "of" and prep.head.lower_ in PLACE_PREPS:
                prep = prep.head  # "outside of the city"
            target = (cand.event_type in {"ASSAULT", "COERCE"} and prep.lower_ in TARGET_PREPS
                      and (prep.head.i == trigger.i or (prep.head.lemma_.lower() in ATTACK_NOUNS and (
                          prep.head.is_ancestor(trigger) or trigger.is_ancestor(prep.head)
                          or prep.head.head.i == trigger.i))))
            # "came to Ohrid to sign the agreement", "travelled to Geneva to meet Aliyev": the
            # destination of the journey is where it and its purpose happen
            motion = prep.lower_ == "to" and prep.head.lemma_.lower() in MOTION_VERBS and (
                prep.head.i == trigger.i or (trigger.head.i == prep.head.i and trigger.dep_ in {"xcomp", "advcl"}
                                             and to_infinitive(trigger)))
            if prep.lower_ in PLACE_PREPS or target or motion:  # "its strike on the city of Sumy killed 34"
                found = self._place_phrase(tok)
                if found is None:
                    continue
                prep_head = prep.head
                rank = 0 if prep_head.i == trigger.i else (1 if prep_head.is_ancestor(trigger) or trigger.is_ancestor(prep_head) else 2)
                head_lemma = prep_head.lemma_.lower()
                own_noun = cand.trigger[0] <= prep_head.i < cand.trigger[1]  # "reached an agreement in Pretoria"
                if rank and cand.event_type in PARTY_PLACE_NOT_EVENT and prep_head.ent_type_ != "PERSON" and any(
                        a <= prep_head.i < b for a, b in cand.actors):
                    continue  # "warring sides in Sudan have reached an agreement": where the party is from
                    # (a person "in Moscow" is there: "a meeting between Putin and Witkoff in Moscow")
                if (rank == 2 and prep_head.ent_type_ == "PERSON" and cand.event_type == "CONSULT"
                        and cand.mode != "phone" and any(a <= prep_head.i < b for a, b in cand.actors + cand.recipients)):
                    rank = 1  # "a meeting with Aliyev in Prague": a party met in person is where it met
                if rank == 2 and prep_head.pos_ in {"NOUN", "PROPN"}:
                    if head_lemma in GATHERING_NOUNS and cand.event_type in PARTY_PLACE_NOT_EVENT:
                        rank = 3  # "agreed ... after talks in Jeddah", "at the meeting in Ohrid"
                    else:
                        continue  # "the war in Ukraine" elsewhere in the sentence: not this event's place
                if rank and not own_noun and head_lemma in CONFLICT_NOUNS | OTHER_OCCASIONS:
                    continue  # "backed talks aimed at ending the war in Ukraine": the war's place
                if (rank in {1, 2} and not prep_head.is_ancestor(trigger)
                        and prep_head.dep_ in {"acl", "relcl"}
                        and prep_head.head.i != trigger.i and prep_head.head.pos_ in {"NOUN", "PROPN"}
                        and prep_head.head.lemma_.lower() not in GATHERING_NOUNS
                        and not cand.trigger[0] <= prep_head.head.i < cand.trigger[1]
                        and not any(a <= prep_head.head.i < b for a, b in cand.actors)):
                    # "agreed to the release of hostages held in Gaza", "the deal, which commits both
                    # sides to end hostilities in eastern Congo": where what the clause describes is
                    # (an actor's own "based in" still places it)
                    continue
                near.append((rank * 1000 + abs(tok.i - trigger.i), found))
        spans.extend(s for _, s in sorted(near, key=lambda x: x[0]))
        for span, text in spans:
            # include an appositive region: "Anchorage, Alaska"
            nxt = span.end
            if nxt + 1 < sent.end and doc[nxt].text == "," and doc[nxt + 1].ent_type_ in PLACE_ENTS:
                ent2 = next((e for e in entities(doc) if e.start == nxt + 1), None)
                if ent2 is not None and text == span.text:
                    text = doc[span.start : ent2.end].text
            loc = self.gazetteer.resolve(text, context=span_text(sent), countries=countries)
            if loc is None:
                # "Istanbul's historic Dolmabahce Palace": a place named inside the phrase, in
                # the country of one of the event's parties (the last named: the most specific)
                inside = [p for _, _, p in self.gazetteer.find_places(text) if p.country in countries]
                loc = inside[-1] if inside else None
            if loc is not None:
                return loc
        return None

    def _person_country(self, sent: Span, cand: Candidate, ref: ActorRef) -> ActorRef:
        """A party the dictionary does not place, an unknown titled person ("President
        Prosper Avril", "Judge Alejandro Rivera") or a group ("Some 500,000 workers", "A
        newspaper"), takes the one country the rest of the sentence names, when it names only one:
        domestic news names the country as a place, a possessive or an adjective.  A bare
        country the event is aimed at ("threatened Russia") and the attribution ("..., a
        spokeswoman for the U.S. embassy said") do not count."""
        doc = sent.doc
        span = next((doc[a:b] for a, b in cand.actors if (ref.text or "") in doc[a:b].text), None)
        if span is None or _ethnic(ref) or span.root.lower_ in MANY_STATES:
            return ref  # a people's home is where the event happens (see _resolve)
        skip = [(span.start_char, span.end_char)]
        root = sent.root
        if root.i != cand.head and root.lemma_ in REPORTING_VERBS:
            skip.extend(_subtree_chars(c) for c in root.children if c.dep_ in {"nsubj", "nsubjpass"})
        targets = [(doc[a:b].start_char, doc[a:b].end_char) for a, b in cand.recipients]
        # another clause joined to the event's ("Kurti has requested ..., but I have stated that
        # I would not violate the Serbian Constitution") speaks of its own parties
        verb = next((t for t in [doc[cand.head], *doc[cand.head].ancestors] if t.pos_ in {"VERB", "AUX"}), None)
        if verb is not None:
            skip.extend(_subtree_chars(c) for c in verb.children
                        if c.dep_ in {"conj", "parataxis"} and c.pos_ in {"VERB", "AUX"})
        base, text = sent.start_char, span_text(sent)

        def counts(start: int) -> bool:
            at = base + start
            if any(lo <= at < hi for lo, hi in skip):
                return False
            words = text[:start].split()
            where = bool(words) and words[-1].lower() in PLACE_PREPS | {"throughout", "across"}
            return where or not any(lo <= at < hi for lo, hi in targets)  # "in Haiti" counts

        def beside(start: int, end: int) -> bool:  # "near the Chinese border", "the border with China"
            return bool(_BORDER_AFTER.match(text, end) or _BORDER_BEFORE.search(text[:start]))

        found = {m[2].country for m in self.actors.find_mentions(text)
                 if m[2].country and counts(m[0]) and not beside(m[0], m[1])}
        found |= {loc.country for st, en, loc in self.gazetteer.find_places(text)
                  if loc.country and counts(st) and not beside(st, en)}
        if len(found) != 1:
            return ref
        # ("the group", "the movement" named again are whatever party they stand for: no sector)
        default = None if span.root.lemma_.lower() in _BODIES else "GOV"
        return ActorRef(ref.text, ref.name, found.pop(), ref.sector or default, ref.org)

    def _place_phrase(self, tok: Any) -> tuple[Span, str] | None:
        """The place named by the object of "in"/"at", as (span, name): a place name ("in
        Riyadh"), a place noun with its name ("in the Alaskan city of Anchorage", "in the
        capital Kabul") or a capital given by its country ("in the Saudi capital")."""
        doc = tok.doc
        if tok.ent_type_ in PLACE_ENTS:
            ent = next((e for e in entities(doc) if e.start <= tok.i < e.end), None)
            span = ent if ent is not None else doc[tok.i : tok.i + 1]
            return span, span.text
        # a name the tagger swallowed into a time ("on Kyiv overnight" as one TIME) is still a name
        misread_time = tok.ent_type_ in {"TIME", "DATE"} and tok.is_title and tok.lower_ not in CALENDAR_WORDS
        if tok.pos_ == "PROPN" and tok.lower_ not in PLACE_NOUNS and (tok.ent_type_ not in NON_PLACE_ENTS
                                                                      or misread_time):
            # a named building or site the tagger missed ("Istanbul's historic Dolmabahce
            # Palace"): kept only if the gazetteer knows a place in it
            span = doc[tok.left_edge.i : tok.i + 1]
            return span, span.text
        if tok.lower_ not in PLACE_NOUNS:
            return None
        named = [t for t in tok.subtree if t.i > tok.i and (
            (t.ent_type_ in PLACE_ENTS and t.dep_ in {"pobj", "appos", "compound", "npadvmod"})
            or (t.pos_ == "PROPN" and t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.i == tok.i))]
        if named:
            ent = next((e for e in entities(doc) if e.start <= named[0].i < e.end), None)
            span = ent if ent is not None else doc[named[0].i : named[0].i + 1]
            if tok.lower_ == "capital":  # "the capital of Saudi Arabia"
                where = self.gazetteer.resolve(span.text)
                seat = _seat_of(self.actors, where.country) if where and where.country and where.lat is None else None
                return span, seat or span.text
            return span, span.text
        if tok.lower_ == "capital":
            for child in tok.children:
                if child.dep_ in {"amod", "compound", "poss", "nmod"} and child.i < tok.i:
                    ref = self.actors.resolve(child.text)
                    seat = _seat_of(self.actors, ref.country) if ref is not None and ref.country else None
                    if seat:
                        return doc[tok.i : tok.i + 1], seat
        return None

    def _resolve(
        self, doc: Doc, cand: Candidate, *, doc_id: str, published: str | None, parties: list[ActorRef]
    ) -> Event | None:
        from detente.extract.dates import resolve_event_date

        sent = doc[cand.sent[0] : cand.sent[1]]
        actors = self._refs(doc, cand.actors, published)
        if parties and cand.actors and not any(_coded(a) for a in actors):
            phrase = doc[cand.actors[0][0] : cand.actors[0][1]].text.lower()
            if phrase.startswith(BOTH_SIDES) or " both " in f" {phrase} ":
                actors = list(parties)  # "both leaders agreed": the sides just named
                cand.reciprocal = True
        # "hosted Putin at a military base in Alaska": a place phrase is no target when a
        # party is named beside it
        party_spans = [r for r in cand.recipients if not _place_phrase_span(doc, r)]
        named = self._refs(doc, party_spans, published) if party_spans != cand.recipients else []
        if not any(_coded(r) for r in named):
            named = self._refs(doc, cand.recipients, published)
        recipients = [r for r in named if _coded(r)] or (named[:1] if not actors else [])
        keys = {(a.name, a.country, a.org) for a in actors}
        recipients = [r for r in recipients if (r.name, r.country, r.org) not in keys]
        # "the heads of the two delegations": the participants, resolved from the article, not
        # a person of the sentence or its speaker
        group = bool(actors) and all(GROUP_WORDS.match((a.text or "").lower().strip()) for a in actors)
        if cand.actors and actors and not group and not any(_coded(a) for a in actors):
            actors = [self._person_country(sent, cand, a) if _party_like(doc, cand, a) else a for a in actors]
        countries = tuple(c for c in (a.country for a in actors + recipients) if c)
        location = self._location(sent, cand, countries)
        if location is not None and location.country and actors and not any(_coded(a) for a in actors):
            # a party the text names without a country acts where the event happens:
            # "protesters rallied in Kyiv", "prisoners rioted at a jail in Dili"; an
            # unattributed bombing or blast is coded to that country too
            # (not a thing that is no party at all: "The announcement at ... came after talks")
            actors = [_local(a, location.country) if _party_like(doc, cand, a) else a for a in actors]
        if any(_ethnic(a) for a in actors):
            home = location.country if location else None
            targets = {r.country for r in recipients if r.country}
            home = home or (targets.pop() if len(targets) == 1 else None)
            actors = [ActorRef(a.text, None, home, a.sector, None)
                      if _ethnic(a) else a for a in actors]
        if cand.source is not None and any(_OURS.match(a.text or "") and not (a.country or a.org)
                                           for a in actors + recipients):
            # '"Witkoff was received by our president," Ushakov said': the speaker's country's
            speakers = {a.country for a in self._refs(doc, [cand.source], published) if a.country}
            if len(speakers) == 1:
                country = speakers.pop()
                actors, recipients = ([ActorRef(a.text, a.name, country, a.sector or "GOV", a.org)
                                       if _OURS.match(a.text or "") and not (a.country or a.org) else a
                                       for a in refs] for refs in (actors, recipients))
        from_speaker = False
        # the speaker of reported speech is its source; only for what is said or decided is it
        # also the actor ("Ukrainian officials said the strike killed 34": not Ukraine's strike)
        if not any(_coded(a) for a in actors) and cand.source is not None and not group \
                and cand.event_type not in REPORTED_VIOLENCE and not _event_subject(doc[cand.head]):
            speaker = [a for a in self._refs(doc, [cand.source], published) if _coded(a)]
            if speaker:
                actors, from_speaker = speaker, True
        if cand.event_type in {"AGREE", "CONSULT"} and _plural_subject(doc[cand.head]) \
                and len({_key(a) for a in actors if _coded(a)}) == 1 and not any(_coded(r) for r in recipients):
            # "Vucic told the media that they had agreed ..., despite Kurti's request": a plural
            # pronoun resolved to one side is that side and the other people the sentence names
            others = self._people_named(doc, sent, cand.source, published, {_key(a) for a in actors})
            if others:
                recipients, cand.reciprocal = others, True
        if cand.event_type == "REJECT" and not any(_coded(r) for r in recipients):
            # "Kurti has requested that the agreement be signed, but I would not do anything ...":
            # a refusal answers the request its sentence reports
            recipients = self._other_side(doc, _requesters(sent, cand.head), published, actors) or recipients
        if not actors and not recipients and not (cand.source is not None and cand.event_type in MUTUAL_TYPES
                                                  and _event_subject(doc[cand.head])):
            return None  # (what a speaker says of a truce or talks waits for the article's parties)
        if (cand.actors and not any(_coded(r) for r in actors + recipients)
                and all(doc[a:b].root.lower_ in MANY_STATES for a, b in cand.actors)):
            return None  # "dialogue between nations": no party in particular
        reciprocal = cand.reciprocal
        sides = count_sides(actors)  # ("the government and the ELN": two)
        head = doc[cand.head]
        shared = cand.reciprocal or cand.event_type in SHARED_TYPES or cand.cameo in SIGNINGS or bool(
            _EACH_OTHER.search(span_text(sent))) or (  # "Israel and Hamas exchanged accusations / traded blame"
            head.dep_ == "dobj" and head.head.lemma_.lower() in _TRADED)
        if not recipients and sides > 1 and _own_parties(doc, cand) and shared:
            # "Rubio and Lavrov met", "talks between Russia and Ukraine", "Russia and
            # Ukraine agreed to / exchanged": the first-named side acts, the other is the
            # recipient, and the event is mutual.  Parties that are the subject of another
            # verb the event hangs from stay all actors ("U.S. and Russian negotiators
            # return to Geneva for talks": the talks' other side is not said).
            first = actors[0]
            recipients = [a for a in actors if not same_side(a, first)]
            actors = [a for a in actors if same_side(a, first)]
            reciprocal = True
        elif reciprocal:
            reciprocal = bool(recipients)
        cb = self.codebook
        event_type = cand.event_type
        cameo = cand.cameo
        if cameo in VIOLATION_CAMEO and cand.source is not None and not from_speaker:
            # "Katz said Iran had violated the ceasefire": what a party reports of another's
            # violation is its accusation (the speaker accuses the violator)
            speaker = [a for a in self._refs(doc, [cand.source], published) if _coded(a)]
            accused = [a for a in actors if _coded(a)]
            if speaker and accused and not {a.country or a.org for a in speaker} & {a.country or a.org for a in accused}:
                actors, recipients, event_type, cameo = speaker, accused, "ACCUSE", "112"
                reciprocal = False
        if event_type == "ASSAULT" and cand.modality in {"future", "hypothetical"} and _CONDITION.search(span_text(sent)):
            # "if Hezbollah violates the agreement ... we will attack": a threat of force
            event_type, cameo = "THREATEN", "138"
        if (event_type == "THREATEN" or cameo in CONDITIONAL_OFFERS) and not any(_coded(r) for r in recipients):
            # a threat or an offer made on a condition is aimed at the party of the condition
            recipients = self._other_side(doc, _condition_subjects(sent), published, actors) or recipients
        if (location is not None and location.country and event_type not in PLACE_NOT_TARGET
                and cameo not in SIGNINGS and not any(_coded(r) for r in recipients)):
            # no party is named as the target: the country where it happens is ("arrested
            # protesters in Tbilisi", "declared a state of siege in Haiti")
            recipients = [ActorRef(location.text, None, location.country, None, None)]
        mode = cand.mode if event_type == cand.event_type else None
        regions = _region_codes(self.actors)
        if event_type == "CONSULT" and mode in {None, "multilateral"} and any(
                a.country in regions for a in actors + recipients):
            # "about 30 leaders met Zelensky in Paris", "a summit of European leaders": a
            # gathering of many states, their host (where it meets) one of them
            mode = "multilateral"
            if location is not None and location.country and location.country not in {
                    a.country for a in actors + recipients}:
                recipients = [*recipients, ActorRef(location.text, None, location.country, "GOV", None)]
        if event_type == "CONSULT" and mode is None and location is not None and location.country:
            if location.country in {a.country for a in actors + recipients}:
                mode = "host" if reciprocal else "visit"
            elif reciprocal:
                mode = "third-party"
                cameo = cameo if cameo == "046" else "044"
        mode = cb.valid_mode(event_type, mode)
        entry = cb.cameo.get(cameo or "")
        context = list(entry.context) if entry is not None else []
        dateline = _dateline_of(sent)
        # the lead sentence's relative dates count from the day the report was filed
        filed = _filed_day(dateline, published) if dateline is not None else None
        date, precision = resolve_event_date(sent, filed or published, trigger_i=cand.head)
        location_basis = "stated" if location is not None else None
        if (dateline is not None and location is None and event_type == "CONSULT" and not cand.nominal
                and cand.modality == "asserted" and mode != "phone" and cameo != "041"):
            # a meeting reported from the dateline city, with no other place given
            location = self.gazetteer.resolve(dateline.city.title(), countries=countries)
            location_basis = "context" if location is not None else None
        trigger = _source(doc, doc[cand.trigger[0] : cand.trigger[1]])
        confidence = _confidence(cand, actors, recipients, cb.requires_recipient(event_type), from_speaker)
        said = _source(doc, sent)  # the sentence as written (its quotes as the article has them)
        lead = len(said) - len(said.lstrip())  # a blanked dateline
        start = sent.start_char + lead
        return Event(
            id=Event.make_id(doc_id, start, trigger, event_type),
            doc_id=doc_id,
            sentence=said[lead:],
            span=(start, sent.end_char),
            trigger=trigger,
            event_type=event_type,
            mode=mode,
            context=context,
            cameo=cameo,
            intensity=cb.intensity(event_type, mode),
            goldstein=cb.goldstein(cameo),
            actors=actors,
            recipients=recipients,
            reciprocal=reciprocal,
            date=date,
            date_precision=precision,
            location=location,
            modality=cand.modality,
            confidence=confidence,
            date_basis="stated" if date is not None else None,
            location_basis=location_basis,
            knowledge=f"{cand.knowledge or 'verbs'}; actors {self.actors.version}; codebook {cb.version}",
        )


# Verbs of a journey, whose "to" phrase is where the traveller goes.
MOTION_VERBS = frozenset({"come", "go", "travel", "fly", "arrive", "head", "journey"})

# Titles a speaker is named by when a person ("the president said").
PERSON_TITLES = frozenset({"president", "minister", "spokesman", "spokeswoman", "spokesperson", "secretary",
                           "envoy", "chancellor", "premier", "leader", "chief", "official", "ambassador", "negotiator"})

# Verbs of asking, whose subject a refusal in the same sentence answers.
ASKING_VERBS = frozenset({"request", "ask", "demand", "urge", "propose", "insist", "press", "push"})


def _mark_discards(events: list[Event], text: str) -> None:
    """Mark the events PETRARCH2's discard list would not code: every event of an article that
    names a story-level phrase, else each event whose sentence names a sentence-level one."""
    if not events:
        return
    discards = load_discards()
    story = discards.story_mark(text)
    for ev in events:
        ev.discard = discards.mark(ev.sentence, story)


def _event_subject(trigger: Token) -> bool:
    """Whether the trigger's subject is itself an event ("mediators said the truce was
    holding", "officials said the deal was signed"): the speaker is no party of it."""
    nouns = load_lexicon().nouns
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ == "NOUN" and c.lemma_.lower() in nouns
               for c in trigger.children)


def _requesters(sent: Span, refusal: int) -> list[tuple[int, int]]:
    """The named subjects of the sentence's verbs of asking, other than the refusal's own."""
    from detente.extract.events import mention_span

    return [mention_span(c) for t in sent if t.lemma_.lower() in ASKING_VERBS and t.pos_ == "VERB" and t.i != refusal
            for c in t.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]


# Offers made on what the other side does: to de-escalate (CAMEO 0356).
CONDITIONAL_OFFERS = frozenset({"0356"})


def _condition_subjects(sent: Span) -> list[tuple[int, int]]:
    """The named subjects of the sentence's conditions ("If Hezbollah violates", "Provided that
    the Israeli regime stops"), then the agents of the acts it answers."""
    from detente.extract.events import condition_clauses, mention_span

    named = [mention_span(c) for t in condition_clauses(sent)
             for c in t.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ != "PRON"]
    # then the doers of what the sentence answers ("the violation of the ceasefire carried out
    # by the Iranian regime")
    named.extend(mention_span(p) for t in sent if t.dep_ == "acl" and t.tag_ == "VBN"
                 for a in t.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj")
    return named


# Attachments that say where a party is from or what it belongs to ("of", "in", "based in").
_ATTACHING_DEPS = frozenset({"prep", "acl", "appos", "pobj", "compound", "amod", "nmod", "poss",
                             "det", "nummod", "quantmod", "pcomp", "agent", "dobj", "advmod",
                             "conj", "cc"})


def _phrase_extent(doc: Doc, span: tuple[int, int], *, party: bool) -> tuple[int, int] | None:
    """The phrase of ``span``'s head word with its prepositional attachments, when that is
    longer than the span; clauses ("that ...", "who ...") and conjuncts stop it.  A
    ``party`` (a person, a group, a role noun) also takes participles and appositions
    ("a newspaper based in Beirut", "Sidhoum, Algeria's leading activist"); a thing does
    not ("a lunch hosted by the ambassador" names no target)."""
    root = doc[span[0] : span[1]].root
    keep = set(range(span[0], span[1]))
    stack = [root]
    while stack:
        cur = stack.pop()
        for child in cur.children:
            if child.i in keep or child.dep_ not in _ATTACHING_DEPS:
                continue
            if not party and cur is root and child.dep_ in {"acl", "appos"}:
                continue
            if child.dep_ in {"conj", "cc"} and (cur is root or cur.pos_ != "PROPN"):
                continue  # the phrase's own conjuncts are other arguments; names join ("Romania and Poland")
            if child.dep_ == "acl" and any(c.dep_ in {"mark", "nsubj", "nsubjpass"} for c in child.children):
                continue
            keep.add(child.i)
            stack.append(child)
    end = span[1]
    while end in keep:
        end += 1
    while end > span[1] and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    return (span[0], end) if end > span[1] else None


def _subtree_chars(tok: Token) -> tuple[int, int]:
    """The character range of a word's subtree."""
    sub = list(tok.subtree)
    return sub[0].idx, sub[-1].idx + len(sub[-1])


def _modifies_other(phrase: Span, mention: tuple[int, int, ActorRef]) -> bool:
    """Whether a mention inside a phrase only qualifies a noun after it ("the Ukraine
    crisis", "a Russian-made missile")."""
    base = phrase.start_char
    toks = [t for t in phrase if mention[0] <= t.idx - base < mention[1]]
    if not toks:
        return False
    last = toks[-1]
    return (last.dep_ in {"compound", "amod", "nmod"} and last.head.i > last.i
            and last.head.idx - base >= mention[1])


def _place_phrase_span(doc: Doc, span: tuple[int, int]) -> bool:
    """Whether an argument span is the object of "in"/"at"/"near" (a place phrase)."""
    root = doc[span[0] : span[1]].root
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS


def _other_side_of_the_war(refs: list[ActorRef]) -> list[ActorRef]:
    """"Yemen's Houthi rebels and the internationally recognized government", "Colombia's army
    and the rebels": the uncoded side named beside a coded one of a civil war is the same
    country's state, or its rebels."""
    coded = [r for r in refs if r.country or r.org]
    countries = {r.country for r in coded}
    if len(countries) != 1 or None in countries or len(coded) == len(refs):
        return refs
    country = countries.pop()
    rebels = any((r.sector or "") in {"REB", "OPP"} for r in coded)
    own_state = any((r.sector or "") in {"GOV", "MIL"} and "'s " in (r.text or "").replace("’", "'")
                    for r in coded)
    out: list[ActorRef] = []
    for r in refs:
        if not (r.country or r.org) and ((rebels and r.sector in {"GOV", "MIL", "COP"})
                                         or (own_state and r.sector in {"REB", "UAF"})):
            r = ActorRef(r.text, r.name, country, r.sector, r.org)
            if any((o.country, o.sector, o.name) == (r.country, r.sector, r.name) for o in out):
                continue  # the same side named twice
        out.append(r)
    return out


def _party_like(doc: Doc, cand: Candidate, ref: ActorRef) -> bool:
    """Whether an uncoded argument can be a party: a named one, one with a role ("protesters",
    "prisoners"), an unattributed weapon; not an event or a statement ("the announcement")."""
    if ref.sector or _UNATTRIBUTED.search(ref.text or ""):
        return True
    root = next((doc[a:b].root for a, b in cand.actors if doc[a:b].text == ref.text), None)
    return root is None or root.ent_type_ != "" or root.lemma_.lower() not in _NOT_PARTIES


def _local(ref: ActorRef, country: str) -> ActorRef:
    """A party named without a country, placed in ``country``."""
    if _UNATTRIBUTED.search(ref.text or ""):
        return ActorRef(ref.text, None, country, "UAF", None)
    return ActorRef(ref.text, ref.name, country, ref.sector, ref.org)


def _own_parties(doc: Doc, cand: Candidate) -> bool:
    """Whether the coordinated parties are the mutual event's own arguments: the subject
    of "met", the parties of "talks between ...", the subject of a light verb whose object
    is the event ("held talks"); not the subject of another verb the event noun hangs from
    ("returned to Geneva for talks")."""
    trigger = doc[cand.head]
    span = doc[cand.actors[0][0] : cand.actors[0][1]] if cand.actors else None
    if span is None:
        return True
    root = span.root
    if trigger.dep_ == "compound":
        trigger = trigger.head  # "a mediation mission between X and Y"
    if trigger.is_ancestor(root) or root.head.i == trigger.i:
        return True
    return trigger.dep_ in {"dobj", "attr", "nsubjpass"} and root.head.i == trigger.head.i

def _ethnic(ref: ActorRef) -> bool:
    """An "ethnic ..." people whose home the phrase did not say."""
    return bool(ref.text and ref.text.startswith("ethnic ") and not ref.country)


@lru_cache(maxsize=4)
def _region_codes(actors: ActorDictionary) -> frozenset[str]:
    return frozenset(e.country for e in actors.entries if e.type == "region" and e.country)


# "world leaders", "about 30 leaders", "leaders from 31 countries", "several countries": a
# group of states named by no nationality and by no article or number that points back to
# the parties already named ("the two leaders", "both countries", "their allies")
_DEFINITE = frozenset({"the", "both", "these", "those", "their", "its", "his", "her", "our", "all", "two",
                       "each", "other", "such", "various", "any", "no"})
# Words that tell of a gathering in the sentence ("at a summit in London", "met in Paris").
GATHERING_WORDS = frozenset({"summit", "meeting", "conference", "gathering", "meet", "gather", "convene",
                             "attend", "host"})


def _indefinite_group(span: Span) -> bool:
    root = span.root
    return (root.tag_ in {"NNS", "NNPS"} and root.lemma_.lower() in GROUP_HEADS
            and not any(t.lower_ in _DEFINITE for t in span if t.i <= root.i)
            and not any(t.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"} for t in span))


def _seat_of(actors: ActorDictionary, country: str) -> str | None:
    """The seat of government of a country (the first name of its capital entry)."""
    return _seats(actors).get(country)


@lru_cache(maxsize=4)
def _seats(actors: ActorDictionary) -> dict[str, str]:
    return {e.country: e.name for e in actors.entries if e.type == "capital" and e.country}


def _dateline_of(sent: Span) -> Dateline | None:
    lines: list[Dateline] = sent.doc.user_data.get(_DATELINE_KEY) or []
    return next((d for d in lines if sent.start_char <= d.start < sent.end_char), None)


def _filed_day(dateline: Dateline, published: str | None) -> str | None:
    """The day a dateline names ("RIYADH, Feb 18 —"), resolved against the publication date."""
    from detente.extract.dates import resolve_date_text

    if dateline.date is None:
        return None
    day, precision = resolve_date_text(dateline.date, published)
    return day if precision == "day" else None


def _has_party(event: Event) -> bool:
    return any(_coded(a) for a in event.actors + event.recipients)


def _plural_subject(verb: Token) -> bool:
    """Whether the verb's subject is "they" or "we"."""
    return any(c.dep_ == "nsubj" and c.lower_ in {"they", "we"} for c in verb.children)


def _key(ref: ActorRef) -> str | None:
    """The side an actor stands for: its country, else its organisation."""
    return ref.country or ref.org


def _coded(ref: ActorRef) -> bool:
    """Whether an actor carries a code (country, organisation or a coded sector)."""
    return bool(ref.country or ref.org or ref.sector in KEPT_SECTORS)


def _confidence(
    cand: Candidate, actors: list[Any], recipients: list[Any], needs_recipient: bool, from_speaker: bool
) -> float:
    """0–1 from how specific the pattern is, how central the trigger is and how complete its
    arguments are."""
    score = 0.45 + cand.salience * 0.5
    if cand.specific:
        score += 0.05
    if any(_coded(a) for a in actors) and not from_speaker:
        score += 0.15
    elif actors and not from_speaker:
        score += 0.08
    elif from_speaker:
        score += 0.05
    if recipients:
        score += 0.03
    elif needs_recipient:
        score -= 0.05
    if cand.modality == "hypothetical":
        score -= 0.05
    return round(min(0.98, max(0.02, score)), 3)
