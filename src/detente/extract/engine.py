"""The extraction engine: articles in, :class:`~detente.model.Event` records out.

Pipeline per document: spaCy parse → ``detente_events_v1`` component (event candidates per
sentence, see :mod:`detente.extract.events`) → resolution here: actor spans through the actor
dictionary, the place through the gazetteer, the date through :mod:`detente.extract.dates`,
codebook values (intensity, Goldstein), reciprocity and confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span

from detente.extract.codebook import Codebook, load_codebook
from detente.extract.events import Candidate, find_candidates, load_lexicon
from detente.model import ActorRef, Event, Location
from detente.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from detente.extract.actors import ActorDictionary
    from detente.extract.places import Gazetteer

__all__ = ["Extractor"]

PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
KEPT_SECTORS = frozenset({"REB", "SOC", "IMG", "NGO"})
BOTH_SIDES = ("both sides", "both leaders", "both nations", "both countries", "both parties",
              "both governments", "both delegations", "the two sides", "the two leaders",
              "the two countries", "the two nations", "both", "the two")


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

    # -------------------------------------------------------------- public API
    def extract(self, text: str, *, doc_id: str, published: str | None = None) -> list[Event]:
        """Events of one text, most confident first."""
        return self.events_from_doc(self.nlp(text), doc_id=doc_id, published=published)

    def extract_many(
        self,
        items: Iterable[tuple[str, str, str | None]],
        *,
        n_process: int = 1,
        batch_size: int = 16,
    ) -> Iterator[tuple[str, list[Event]]]:
        """``(doc_id, text, published)`` in, ``(doc_id, events)`` out, in input order."""
        tuples = ((text, (doc_id, published)) for doc_id, text, published in items)
        for doc, (doc_id, published) in self.nlp.pipe(
            tuples, as_tuples=True, n_process=n_process, batch_size=batch_size
        ):
            yield doc_id, self.events_from_doc(doc, doc_id=doc_id, published=published)

    def events_from_doc(self, doc: Doc, *, doc_id: str, published: str | None) -> list[Event]:
        """Events of a parsed document (candidates from ``doc._.events`` when the pipeline's
        component ran, else found here)."""
        stored = doc._.events if Doc.has_extension("events") else None
        if stored is None:
            lex = load_lexicon()
            candidates = [c for sent in doc.sents for c in find_candidates(sent, lex)]
        else:
            candidates = [Candidate.from_data(d) for d in stored]
        events: list[Event] = []
        seen: set[str] = set()
        parties: list[ActorRef] = []  # sides of the last reciprocal event: "both sides"
        for cand in candidates:
            event = self._resolve(doc, cand, doc_id=doc_id, published=published, parties=parties)
            if event is None or event.id in seen:
                continue
            seen.add(event.id)
            events.append(event)
            sides = [a for a in event.actors + event.recipients if _coded(a)]
            if event.reciprocal and len({a.country or a.org for a in sides}) > 1:
                parties = sides
        # a sentence with coded events keeps only those: the others name no known party
        coded_sentences = {e.span for e in events if _has_party(e)}
        events = [e for e in events if _has_party(e) or e.span not in coded_sentences]
        events.sort(key=lambda e: -e.confidence)
        return events

    # -------------------------------------------------------------- resolution
    def _mention(self, doc: Doc, span: tuple[int, int], on_date: str | None) -> ActorRef | None:
        """The actor named by a noun phrase: the mention covering its head word, else the
        longest mention in it, else the whole phrase looked up."""
        phrase = doc[span[0] : span[1]]
        text = phrase.text
        mentions = self.actors.find_mentions(text, on_date)
        if mentions:
            head = phrase.root
            rel = head.idx - phrase.start_char
            covering = [m for m in mentions if m[0] <= rel < m[1]]
            pool = covering or mentions
            best = max(pool, key=lambda m: (m[2].name is not None, m[1] - m[0]))
            ref = best[2]
            return ref
        return self.actors.resolve(text, on_date)

    def _refs(self, doc: Doc, spans: list[tuple[int, int]], on_date: str | None) -> list[ActorRef]:
        """Actors named by the argument spans.  A phrase the dictionary does not know is kept
        as text only (``country``/``org`` null), so the event is not lost."""
        out: list[ActorRef] = []
        keys: set[tuple[str | None, str | None, str | None]] = set()
        countries: set[str] = set()
        for span in spans:
            text = doc[span[0] : span[1]].text
            if " and " in text or " & " in text:
                refs = self.actors.resolve_all(text, on_date)
            else:
                ref = self._mention(doc, span, on_date)
                refs = [ref] if ref is not None else []
            if not refs and any(t.pos_ in {"PROPN", "NOUN"} for t in doc[span[0] : span[1]]):
                refs = [ActorRef(text=text)]
            for ref in refs:
                key = (ref.name, ref.country, ref.org) if _coded(ref) else (ref.text, None, None)
                if key in keys or (ref.name is None and ref.country and ref.country in countries):
                    continue
                keys.add(key)
                if ref.country:
                    countries.add(ref.country)
                out.append(ref)
        coded = [r for r in out if _coded(r)]
        return coded if coded else out[:1]

    def _location(self, sent: Span, cand: Candidate, countries: tuple[str, ...]) -> Location | None:
        doc = sent.doc
        trigger = doc[cand.head]
        spans: list[Span] = []
        # "the Riyadh meeting"
        spans.extend(doc[c.i : c.i + 1] for c in trigger.children if c.dep_ == "compound" and c.ent_type_ in PLACE_ENTS)
        # "met in Anchorage", "a meeting in Riyadh"
        near: list[tuple[int, Span]] = []
        for tok in sent:
            if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS and tok.ent_type_ in PLACE_ENTS:
                ent = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
                span = ent if ent is not None else doc[tok.i : tok.i + 1]
                prep_head = tok.head.head
                rank = 0 if prep_head.i == trigger.i else (1 if prep_head.is_ancestor(trigger) or trigger.is_ancestor(prep_head) else 2)
                if rank == 2 and prep_head.pos_ in {"NOUN", "PROPN"}:
                    continue  # "the war in Ukraine" elsewhere in the sentence: not this event's place
                near.append((rank * 1000 + abs(tok.i - trigger.i), span))
        spans.extend(s for _, s in sorted(near, key=lambda x: x[0]))
        for span in spans:
            # include an appositive region: "Anchorage, Alaska"
            text = span.text
            nxt = span.end
            if nxt + 1 < sent.end and doc[nxt].text == "," and doc[nxt + 1].ent_type_ in PLACE_ENTS:
                ent2 = next((e for e in doc.ents if e.start == nxt + 1), None)
                if ent2 is not None:
                    text = doc[span.start : ent2.end].text
            loc = self.gazetteer.resolve(text, context=sent.text, countries=countries)
            if loc is not None:
                return loc
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
        named = self._refs(doc, cand.recipients, published)
        recipients = [r for r in named if _coded(r)] or (named[:1] if not actors else [])
        keys = {(a.name, a.country, a.org) for a in actors}
        recipients = [r for r in recipients if (r.name, r.country, r.org) not in keys]
        from_speaker = False
        if not any(_coded(a) for a in actors) and cand.source is not None:
            speaker = [a for a in self._refs(doc, [cand.source], published) if _coded(a)]
            if speaker:
                actors, from_speaker = speaker, True
        if not actors and not recipients:
            return None
        reciprocal = cand.reciprocal
        sides = {a.country or a.org for a in actors if _coded(a)}
        if not recipients and len(sides) > 1:
            # "Russia and Ukraine agreed / met / exchanged": the first-named side acts, the
            # other is the recipient, and the event is mutual
            first = actors[0].country or actors[0].org
            recipients = [a for a in actors if (a.country or a.org) != first]
            actors = [a for a in actors if (a.country or a.org) == first]
            reciprocal = True
        elif reciprocal:
            reciprocal = bool(recipients)
        cb = self.codebook
        event_type = cand.event_type
        countries = tuple(c for c in (a.country for a in actors + recipients) if c)
        location = self._location(sent, cand, countries)
        mode = cand.mode
        cameo = cand.cameo
        if event_type == "CONSULT" and mode is None and location is not None and location.country:
            if location.country in {a.country for a in actors + recipients}:
                mode = "host" if reciprocal else "visit"
            elif reciprocal:
                mode = "third-party"
                cameo = cameo if cameo == "046" else "044"
        mode = cb.valid_mode(event_type, mode)
        entry = cb.cameo.get(cameo or "")
        context = list(entry.context) if entry is not None else []
        date, precision = resolve_event_date(sent, published, trigger_i=cand.head)
        trigger = doc[cand.trigger[0] : cand.trigger[1]].text
        confidence = _confidence(cand, actors, recipients, cb.requires_recipient(event_type), from_speaker)
        start = sent.start_char
        return Event(
            id=Event.make_id(doc_id, start, trigger, event_type),
            doc_id=doc_id,
            sentence=sent.text,
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
        )


def _has_party(event: Event) -> bool:
    return any(_coded(a) for a in event.actors + event.recipients)


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
