"""Event candidates from a dependency parse: the trigger lexicon (``knowledge/verbs.json``),
trigger matching, argument spans (actors, recipients, speaker) and modality.

This layer only looks at the parse; resolving spans to actors, places and dates is done by
:mod:`detente.extract.engine`.  The spaCy component ``detente_events_v1`` stores the
candidates of a document in ``doc._.events`` as plain data (so documents can cross process
boundaries in ``nlp.pipe(n_process=2)``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from detente.extract.modality import accused_of, clause_chain, modality_of, to_infinitive
from detente.vocabulary import FUTURE_OR_WOULD

__all__ = [
    "Candidate",
    "Lexicon",
    "NounEntry",
    "VerbEntry",
    "find_candidates",
    "load_lexicon",
]

ARG_PREPS = frozenset({"behind", "with", "against", "on", "to", "from", "toward", "towards", "into", "at", "upon", "over", "for", "of"})
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJ_DEPS = frozenset({"dobj", "attr", "oprd", "nsubjpass", "dative"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you", "its", "their", "them", "who", "which", "that", "this"})
READY_ADJ = frozenset({"willing", "ready", "prepared", "eager", "keen", "determined", "open", "happy", "able",
                       "interested"})
# Verbs between a readiness word and the talks it is ready for ("interested in pursuing talks").
PURSUE_VERBS = frozenset({"pursue", "hold", "start", "begin", "resume", "continue", "join", "enter", "launch", "have"})
MILITARY_MODS = frozenset({"military", "joint", "naval", "war", "army", "combat", "nuclear", "missile"})
CAPTIVE_MODS = frozenset({"prisoner", "pow", "hostage", "captive", "detainee", "body"})
PHONE_NOUNS = frozenset({"phone", "telephone"})
# An exchange of words held face to face: "a shouting match", "a tense exchange", "a heated
# argument" between two leaders is a meeting that went badly, not a strike or a swap.
HEATED_MODS = frozenset({"shouting", "heated", "tense", "angry", "testy", "fiery", "bitter", "acrimonious",
                         "fractious", "stormy", "combative", "contentious"})
COOP_OBJECTS = frozenset({"cooperation", "collaboration", "partnership", "trade", "ties", "tie", "relation", "relations", "dialogue", "talks", "exchange"})
AID_WORDS = frozenset({"aid", "assistance", "weapon", "arm", "ammunition", "supply", "equipment", "food", "fuel", "medicine", "missile", "shell", "tank"})
EXCLUDED_SUBTREE = frozenset({"conj", "cc", "relcl", "acl", "advcl", "punct", "appos", "prep"})


@dataclass(frozen=True)
class VerbEntry:
    lemma: str
    event_type: str
    cameo: str | None
    mode: str | None = None
    objects: frozenset[str] = frozenset()
    preps: frozenset[str] = frozenset()
    person_object: bool = False
    control: bool = False
    reciprocal: bool = False
    subjects: frozenset[str] = frozenset()
    fallback: bool = False  # from PETRARCH2's verb patterns (detente.extract.patterns)

    @property
    def specific(self) -> bool:
        return bool(self.objects or self.preps or self.person_object or self.subjects)


@dataclass(frozen=True)
class NounEntry:
    lemma: str
    event_type: str
    cameo: str | None
    mode: str | None = None
    needs: frozenset[str] = frozenset()
    reciprocal: bool = False
    military_modifiers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    version: int
    verbs: dict[str, tuple[VerbEntry, ...]]
    nouns: dict[str, tuple[NounEntry, ...]]
    intent_verbs: frozenset[str]
    future_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    light_verbs: frozenset[str]


def _words(value: Any, sets: dict[str, list[str]]) -> frozenset[str]:
    if not value:
        return frozenset()
    if isinstance(value, str):
        return frozenset(sets[value[1:]]) if value.startswith("@") else frozenset(value.split())
    return frozenset(value)


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a :class:`Lexicon` from the JSON structure of ``verbs.json``."""
    sets = data.get("object_sets", {})
    verbs: dict[str, list[VerbEntry]] = {}
    for raw in data["verbs"]:
        entry = VerbEntry(
            lemma=raw["lemma"],
            event_type=raw["type"],
            cameo=raw.get("cameo"),
            mode=raw.get("mode"),
            objects=_words(raw.get("objects"), sets),
            preps=_words(raw.get("preps"), sets),
            person_object=bool(raw.get("person_object")),
            control=bool(raw.get("control")),
            reciprocal=bool(raw.get("reciprocal")),
            subjects=_words(raw.get("subjects"), sets),
        )
        verbs.setdefault(entry.lemma, []).append(entry)
    nouns: dict[str, list[NounEntry]] = {}
    for raw in data["nouns"]:
        nentry = NounEntry(
            lemma=raw["lemma"],
            event_type=raw["type"],
            cameo=raw.get("cameo"),
            mode=raw.get("mode"),
            needs=_words(raw.get("needs"), sets),
            reciprocal=bool(raw.get("reciprocal")),
            military_modifiers=_words(raw.get("military_modifiers"), sets),
        )
        nouns.setdefault(nentry.lemma, []).append(nentry)
    return Lexicon(
        version=int(data["version"]),
        # specific entries (with objects / particles) are tried before the bare lemma
        verbs={k: tuple(sorted(v, key=lambda e: not e.specific)) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        intent_verbs=frozenset(data["intent_verbs"]),
        future_verbs=frozenset(data["future_verbs"]),
        speech_verbs=frozenset(data["speech_verbs"]),
        light_verbs=frozenset(data["light_verbs"]),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped trigger lexicon (cached)."""
    raw = resources.files("detente.knowledge").joinpath("verbs.json").read_text("utf-8")
    return parse_lexicon(json.loads(raw))


@dataclass
class Candidate:
    """An event found in the parse, before actors, places and dates are resolved.

    Spans are token offsets ``(start, end)`` in the document."""

    sent: tuple[int, int]
    trigger: tuple[int, int]
    head: int
    event_type: str
    cameo: str | None
    mode: str | None
    modality: str
    reciprocal: bool
    nominal: bool
    specific: bool
    actors: list[tuple[int, int]] = field(default_factory=list)
    recipients: list[tuple[int, int]] = field(default_factory=list)
    source: tuple[int, int] | None = None
    salience: float = 0.0
    knowledge: str = ""  # the trigger dictionary that coded it, with its version

    def to_data(self) -> dict[str, Any]:
        # what dataclasses.asdict gives (the spans are tuples of ints), without its deep copy
        return {
            "sent": self.sent, "trigger": self.trigger, "head": self.head, "event_type": self.event_type,
            "cameo": self.cameo, "mode": self.mode, "modality": self.modality,
            "reciprocal": self.reciprocal, "nominal": self.nominal, "specific": self.specific,
            "actors": [tuple(s) for s in self.actors], "recipients": [tuple(s) for s in self.recipients],
            "source": tuple(self.source) if self.source is not None else None, "salience": self.salience,
            "knowledge": self.knowledge,
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Candidate:
        d = dict(data)
        for key in ("sent", "trigger"):
            d[key] = tuple(d[key])
        d["actors"] = [tuple(s) for s in d.get("actors") or []]
        d["recipients"] = [tuple(s) for s in d.get("recipients") or []]
        d["source"] = tuple(d["source"]) if d.get("source") else None
        return cls(**d)


# ---------------------------------------------------------------- argument helpers

def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if (c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN", "PRON", "ADJ"}) or _listed(c):
            out.extend(_conjuncts(c))
    return out


def _listed(tok: Token) -> bool:
    """A name the parser hung as an apposition though it opens the rest of a list ("Trump,
    Zelensky and seven European leaders": Zelensky appos, leaders conj of Zelensky)."""
    return (tok.dep_ == "appos" and tok.pos_ == "PROPN" and tok.ent_type_ in {"PERSON", "GPE", "NORP", "ORG"}
            and any(c.dep_ == "cc" and c.lower_ in {"and", "&"} for c in tok.children)
            and any(c.dep_ == "conj" for c in tok.children))


def mention_span(tok: Token) -> tuple[int, int]:
    """Token span of the noun phrase headed by ``tok`` without conjuncts and clauses;
    "of"/"from"/"in" modifiers are kept ("leaders of the coalition")."""
    keep = {tok.i}
    stack = [tok]
    while stack:
        cur = stack.pop()
        for c in cur.children:
            if c.dep_ in EXCLUDED_SUBTREE and not (c.dep_ == "prep" and c.lower_ in {"of", "from", "in"} and cur is tok
                                                   and not (c.lower_ == "in" and tok.ent_type_ == "PERSON")):
                continue  # "leaders of the coalition" holds its "of"; "Aliyev in Prague" is where he was
            if c.dep_ == "punct" or c.lower_ in {"(", ")"}:
                continue
            keep.add(c.i)
            stack.append(c)
    lo, hi = min(keep), max(keep) + 1
    doc = tok.doc
    while lo < hi - 1 and doc[lo].is_punct:
        lo += 1
    while hi - 1 > lo and doc[hi - 1].is_punct:
        hi -= 1
    return (lo, hi)


def coordinated_span(tok: Token) -> tuple[int, int] | None:
    """The whole coordinated phrase around ``tok`` ("US President Donald Trump and Russian
    President Vladimir Putin"), when its subtree holds an "and": a safety net for the
    parser's misattached conjuncts."""
    clauses = [c for c in tok.children if c.dep_ in {"relcl", "acl", "advcl", "appos"} and not _listed(c)]
    skip = {t.i for c in clauses for t in c.subtree}
    toks = [t for t in tok.subtree if t.i not in skip]
    if not any(t.dep_ == "cc" and t.lower_ in {"and", "&"} for t in toks):
        return None
    lo, hi = min(t.i for t in toks), max(t.i for t in toks) + 1
    return (lo, hi)


QUANTITY_HEADS = frozenset({"ten", "tens", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
                            "dozen", "dozens", "score", "scores", "number", "crowd", "crowds", "group", "batch",
                            "patch", "contingent", "first", "some", "many", "most", "all", "several", "members",
                            "member", "deployment", "column", "convoy", "wave", "battalion",
                            "detachment"})


def _content_head(tok: Token) -> Token:
    """The noun a quantity stands for: "thousands of students" -> students, "a group of
    monitors" -> monitors, "the first deployment of NATO troops" -> troops."""
    for _ in range(3):
        if not (tok.lemma_.lower() in QUANTITY_HEADS or tok.lower_ in QUANTITY_HEADS or tok.ent_type_ == "CARDINAL"
                or tok.pos_ == "NUM"):
            break
        inner = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        if not inner:
            break
        tok = inner[0]
    return tok


def _nominal_args(tok: Token) -> list[Token]:
    """Argument heads of a phrase: the token and its conjuncts (quantities stand for what
    they count)."""
    return [_content_head(t) for t in _conjuncts(tok)]


def _subject(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """(subject heads, passive) of a verb, climbing xcomp/conj/advcl heads when missing."""
    subj = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"} and not _is_dateline(c, verb)]
    passive = [c for c in verb.children if c.dep_ == "nsubjpass" and not _is_dateline(c, verb)]
    if len(subj) > 1 and any(c.dep_ == "conj" for c in subj[0].children):
        subj = subj[:1]  # "The US and the Houthis from the movement Ansar Allah have reached": the list
    elif len(subj) > 1 and any(c.dep_ == "cc" for c in subj[0].children) and not passive:
        # "The Kosovar Prime Minister, Serbian president, and EU officials meet": a list whose
        # last item the parser made a second subject (its "and" left on the first)
        listed = [a for c in subj[0].children if c.dep_ == "appos" and c.pos_ in {"NOUN", "PROPN"}
                  for a in _nominal_args(c)]
        return [*_nominal_args(subj[0]), *listed, *_nominal_args(subj[-1])], False
    subj = subj[-1:]  # two subjects: the one next to the verb
    if passive:
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            return _nominal_args(agents[0]), True
        return [], True
    if subj:
        return _nominal_args(subj[0]), False
    if _wire_acl(verb):
        return _nominal_args(verb.head), False
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        # "the agreement, signed afterwards by the heads of the two delegations": the agent of
        # a participle describing the noun is who did it
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            return _nominal_args(agents[0]), False
    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        if to_infinitive(verb) and not _names_party(verb.head):
            return [], False  # "ways to support ...": a purpose, not an agent
        return _nominal_args(verb.head), False
    if verb.dep_ == "conj" and verb.head.lemma_.lower() in {"tell", "say", "report", "inform"} \
            and any(c.dep_ == "nsubjpass" for c in verb.head.children):
        # "negotiators met on Friday, the paper was told by a source, and agreed ...": the
        # subject of the reported clause, not the one told
        reported = [g for c in verb.head.children if c.dep_ == "ccomp"
                    for g in c.children if g.dep_ in {"nsubj", "nsubjpass"}]
        return (_nominal_args(reported[0]) if reported else []), False
    if verb.dep_ == "conj" and not any(c.dep_ == "auxpass" for c in verb.children):
        # "X has been indicted ... and will resign": X, not the agent of the first verb
        patients = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
        if patients:
            return _nominal_args(patients[0]), False
    accusing = accused_of(verb)
    if accusing is not None:
        # "blamed Israel for blocking aid trucks", "accused Moscow of shelling Kherson": the
        # accused is who is said to have done it
        accused = [c for c in accusing.children if c.dep_ == "dobj"]
        if accused:
            return _nominal_args(accused[0]), False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in RAISING_PASSIVES:
        raised = [c for c in verb.head.children if c.dep_ == "nsubjpass" and not _is_dateline(c, verb.head)]
        if raised:
            # "the two militaries are expected to hold talks": who is expected holds them
            return _nominal_args(raised[0]), False
    if depth < 3 and verb.dep_ in {"xcomp", "conj", "advcl", "ccomp", "acomp"} and verb.head.i != verb.i:
        head = verb.head
        if head.pos_ == "ADJ" and head.head.i != head.i:
            head = head.head
        return _subject(head, depth + 1)
    return [], False


# Passive verbs whose subject is the doer of their infinitive ("are expected / due / set to meet").
RAISING_PASSIVES = frozenset({"expect", "schedule", "set", "due", "slate", "plan", "invite", "urge", "ask",
                              "require", "oblige", "obligate", "bind", "say", "report", "believe", "understand",
                              "thought", "think", "allow", "permit", "force", "compel", "encourage", "call"})

DASHES = frozenset({"—", "–", "-", "--", "―"})


def _wire_acl(verb: Token) -> bool:
    """Wire style puts the day right after the verb ("Donald Trump called Thursday on Putin to
    halt attacks"), and the small parser then reads the verb as a participle describing the
    name (or makes the name the subject of a later verb).  A verb so attached right after a
    name, with a day straight after it and no passive marks, is that name's act."""
    head = verb.head
    if verb.dep_ != "acl" or head.pos_ not in {"PROPN", "NOUN"} or verb.i != head.i + 1:
        return False
    if head.ent_type_ not in {"PERSON", "ORG", "GPE", "NORP"} or any(
            c.dep_ in {"auxpass", "agent"} for c in verb.children):
        return False
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return nxt is not None and nxt.head.i == verb.i and nxt.ent_type_ in {"DATE", "TIME"}


PREPARATION_NOUNS = frozenset({"arrangement", "preparation", "plan", "groundwork", "date"})


def _prepared_for(tok: Token) -> Token | None:
    """The verb of "made / began the arrangements (preparations, plans) for a meeting": the
    meeting is planned, not held.  The "for" may hang on the noun or on the verb."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "for":
        return None
    up = tok.head.head
    if up.lemma_.lower() in PREPARATION_NOUNS and up.head.pos_ in {"VERB", "AUX"}:
        return up.head
    if up.pos_ in {"VERB", "AUX"} and any(c.dep_ == "dobj" and c.lemma_.lower() in PREPARATION_NOUNS
                                          for c in up.children):
        return up
    return None


def _wire_with(tok: Token) -> list[Token]:
    """"Trump's meeting Friday with Zelenskyy", "Pashinyan's meeting on Thursday with Aliyev in
    Prague ended": the small parser loses the "with" (it reads it as opening a clause, or leaves
    it without an object); the name after it is the counterpart."""
    doc = tok.doc
    lost = [c for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "with" and not any(p.dep_ == "pobj" for p in c.children)]
    if (tok.i + 3 < len(doc) and doc[tok.i + 1].ent_type_ in {"DATE", "TIME"} and doc[tok.i + 2].lower_ == "with"
            and doc[tok.i + 2].head.i != tok.i):
        lost.append(doc[tok.i + 2])
    out: list[Token] = []
    for with_ in lost:
        if with_.i + 1 >= len(doc):
            continue
        name = doc[with_.i + 1]
        while name.dep_ == "compound" and name.head.i > name.i:
            name = name.head
        if name.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
            out.append(name)
    return out


def _is_dateline(tok: Token, verb: Token) -> bool:
    """A place (and date) opening a news report, parsed as a subject: "RIYADH, Feb 18 —
    Senior officials held talks" (the dash closes the dateline before the real subject)."""
    if tok.left_edge.i != tok.sent.start or tok.i > verb.i:
        return False
    if not any(t.dep_ in {"nsubj", "nsubjpass"} and t.i != tok.i for t in verb.children):
        return False  # the only subject is the subject
    return any(t.text in DASHES for t in tok.doc[tok.i + 1 : verb.i])


def _prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in {"prep", "agent", "dative"} and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(_nominal_args(p))
    return out


def _object_heads(verb: Token) -> list[Token]:
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ in OBJ_DEPS:
            out.extend(_nominal_args(c))
    return out


def _object_lemmas(verb: Token) -> set[str]:
    lemmas: set[str] = set()
    heads = _object_heads(verb)
    # "began the arrangements for a meeting": what is begun is the preparation, not the meeting
    preparing = any(h.lemma_.lower() in PREPARATION_NOUNS for h in heads)
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "for" and preparing:
            continue
        if c.dep_ in {"prep", "prt"}:
            heads.extend(p for p in c.children if p.dep_ == "pobj")
        if c.dep_ == "xcomp" and not any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            # "put troops on alert" (not the object of an infinitive: "agreed to lift embargoes")
            heads.extend(p for p in c.children if p.dep_ in OBJ_DEPS)
    for h in heads:
        lemmas.update(_phrase_lemmas(h))
        for c in h.children:  # "a mission of observers", "a team of inspectors"
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        lemmas.update(_phrase_lemmas(p))
    return lemmas


def _phrase_lemmas(h: Token) -> set[str]:
    """The head word of a noun phrase with its compound and adjective modifiers."""
    out = {h.lemma_.lower(), h.lower_}
    out.update(c.lemma_.lower() for c in h.children if c.dep_ in {"compound", "amod"})
    return out


def _lemma(tok: Token) -> str:
    """The lemma, with the small model's known slips repaired ("staged" -> "stag")."""
    low = tok.lemma_.lower()
    return LEMMA_FIXES.get(low, low) if tok.pos_ in {"VERB", "AUX"} else low


LEMMA_FIXES = {"stag": "stage", "bor": "bore"}


def _is_actorish(tok: Token) -> bool:
    return tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or tok.pos_ in {"PROPN", "PRON"}


PARTY_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PARTICIPATION = frozenset({"participate", "enter", "embark", "convene", "chair", "lead", "hold", "sit"})


def _names_party(tok: Token) -> bool:
    """Whether the phrase headed by ``tok`` names a party (a name, a nationality, a pronoun),
    unlike abstract subjects ("lingering distrust", "the significance of ...")."""
    if _is_actorish(tok):
        return True
    lo, hi = mention_span(tok)
    return any(t.ent_type_ in PARTY_ENTS or t.pos_ == "PROPN" for t in tok.doc[lo:hi])


def _match_verb(tok: Token, lex: Lexicon) -> VerbEntry | None:
    entries = lex.verbs.get(_lemma(tok))
    if not entries:
        return None
    if any(c.dep_ == "oprd" for c in tok.children):
        return None  # "what it called terrorist camps", "calling it a provocation": naming, no act
    # (a preposition whose object is a day is no particle: "what it called terrorist camps ... on Wednesday")
    particles = {c.lower_ for c in tok.children if c.dep_ in {"prt", "prep", "agent", "advmod"}
                 and not (c.dep_ == "prep" and any(p.dep_ == "pobj" and p.ent_type_ in {"DATE", "TIME"}
                                                   for p in c.children))}
    # "pushing for the US to support": the preposition parsed as the marker of a clause
    particles.update(m.lower_ for c in tok.children if c.dep_ in {"advcl", "ccomp"} for m in c.children if m.dep_ == "mark")
    objects: set[str] | None = None
    subjects: set[str] | None = None
    for e in entries:
        if e.preps and not (e.preps & particles):
            continue
        if e.preps and not e.objects and e.event_type == "PROTEST" and any(
                c.dep_ == "prep" and c.lower_ in e.preps and any(p.dep_ == "pobj" for p in c.children)
                for c in tok.children):
            continue  # a sit-in has no object: "sat silently in Oval Office meetings" is no protest
        if e.subjects:
            if subjects is None:
                heads = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
                subjects = set().union(*(_phrase_lemmas(h) for h in _nominal_args(heads[0]))) if heads else set()
                if heads:
                    subjects.update(_phrase_lemmas(heads[0]))
            if not (e.subjects & subjects):
                continue
        if e.objects:
            if objects is None:
                objects = _object_lemmas(tok)
            if not (e.objects & objects):
                continue
        if e.person_object and not any(_is_actorish(o) for o in _object_heads(tok)):
            continue
        if e.event_type in MATERIAL_CONFLICT and any(_lemma(o) in FIGURATIVE_OBJECTS for o in _object_heads(tok)):
            return None  # "seize this opportunity", "strike a balance": no force is used
        if _lemma(tok) == "meet" and any(_lemma(o) in MET_NEEDS for o in _object_heads(tok)):
            return None  # "to meet the needs of civilians", "met the deadline": satisfied, no meeting
        return e
    return None


# What is met when it is satisfied, not gathered with.
# (demands and conditions met are yielded to: "would not meet the hostage-takers' demands" is a refusal)
MET_NEEDS = frozenset({"need", "requirement", "expectation", "criterion", "goal", "target", "standard", "deadline",
                       "challenge", "cost", "threshold"})
# Types of force, and the objects that make a verb of force a figure of speech.
MATERIAL_CONFLICT = frozenset({"COERCE", "ASSAULT"})
FIGURATIVE_OBJECTS = frozenset({"opportunity", "chance", "moment", "initiative", "momentum", "balance",
                                "tone", "chord", "note"})


HARM_VERBS = frozenset({"kill", "wound", "injure", "hit", "destroy", "damage", "level", "flatten", "claim"})


def _armed_strike(tok: Token) -> bool:
    """Whether a "strike" is an attack, not a walkout: one that kills or wounds ("the strike
    killed 34 people"), one on a place ("a strike on Kyiv") or one by a state ("a strike by
    Russia")."""
    if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.lemma_.lower() in HARM_VERBS:
        return True
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if prep.lower_ in {"on", "against", "in"} and obj.ent_type_ in {"GPE", "LOC", "FAC"}:
                return True
            if prep.lower_ == "by" and obj.ent_type_ in {"GPE", "NORP"}:
                return True
    return False


def _noun_ok(tok: Token, entry: NounEntry) -> bool:
    if not entry.needs or existential(tok):
        return True  # "there is no agreement": the sentence is about the event itself
    preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
    for need in entry.needs:
        if need == "poss" and any(c.dep_ == "poss" for c in tok.children):
            return True
        if need in PHONE_NOUNS and any(c.lower_ in PHONE_NOUNS for c in tok.children):
            return True
        if need == "amod-state" and any(c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE"} for c in tok.children):
            return True
        if need == "amod-military" and any(c.lemma_.lower() in MILITARY_MODS for c in tok.children):
            return True
        if need == "compound-captive" and any(c.lemma_.lower() in CAPTIVE_MODS for c in tok.children):
            return True
        if (need == "amod-heated" and any(c.dep_ in {"amod", "compound"} and c.lower_ in HEATED_MODS
                                          for c in tok.children)
                and not (tok.dep_ == "pobj" and tok.head.lower_ == "into")):
            return True  # "the meeting devolved into a fiery exchange": the meeting itself
        if need == "of-coop" and any(
            p.lemma_.lower() in COOP_OBJECTS for c in tok.children if c.lower_ == "of" for p in c.children
        ):
            return True
        if need == "of-aid" and any(
            p.lemma_.lower() in AID_WORDS or any(m.lemma_.lower() in AID_WORDS for m in p.children)
            for c in tok.children if c.lower_ == "of" for p in c.children
        ):
            return True
        if need == "to-party" and any(  # "placed a call to Russian President Vladimir Putin"
                p.ent_type_ in {"PERSON", "GPE", "ORG", "NORP"} for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "to" for p in c.children if p.dep_ == "pobj"):
            return True
        if need in preps:
            return True
    return False


# ---------------------------------------------------------------- candidates


NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})


def _expand(toks: Iterable[Token]) -> list[Token]:
    """Argument heads, with the parties of event nouns among them: "the proposed talks
    between X and Y" stands for X and Y, "a U.S. request" for the U.S."""
    out: list[Token] = []
    for t in toks:
        out.append(t)
        if not _is_actorish(t):
            out.extend(_prep_objects(t, frozenset({"between", "with", "against", "on", "to", "of", "from"})))
            out.extend(c for c in t.children if c.dep_ in {"poss", "compound", "amod", "nmod"} and c.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"})
    return out


def _span(toks: Iterable[Token]) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    for t in toks:
        if (t.lower_ in PRONOUNS and t.pos_ == "PRON") or t.ent_type_ in NON_ACTOR_ENTS:
            continue
        if not any(ch.isalnum() for ch in t.text):
            continue  # table rules and markup ("*", "|") are no argument
        s = mention_span(t)
        while s[0] < s[1] - 1 and not any(ch.isalnum() for ch in t.doc[s[0]].text):
            s = (s[0] + 1, s[1])
        if s not in seen:
            seen.append(s)
    return seen


def _speaker(tok: Token, lex: Lexicon) -> tuple[int, int] | None:
    """Subject of the speech verb governing ``tok`` ("Trump said the talks ...").  A "that"
    clause the parser hung elsewhere ("X said, according to AP, that Iran had violated ...",
    attached to "AP") is still the speech verb's."""
    cur = tok
    that_clause = any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        nxt = cur.head
        if nxt.lemma_.lower() in lex.speech_verbs and (
                that_clause or cur.dep_ in {"ccomp", "xcomp", "conj", "dobj", "advcl", "parataxis"}):
            subj = [c for c in nxt.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj and subj[0].pos_ != "PRON":
                return mention_span(subj[0])
            return None
        cur = nxt
    return None


def _pronoun_antecedent(tok: Token, lex: Lexicon) -> list[Token]:
    """For a pronoun subject, the subject of a governing speech verb ("Hungary said it will
    ...") or of the nearest verb whose clausal complement holds it ("Kyiv repeated that it
    would not accept ...": Kyiv, not the subject of another clause further up)."""
    cur, came = tok.head, tok.head
    relative = False  # the pronoun's clause describes a noun ("released two soldiers it had kidnapped")
    for _ in range(5):
        relative = relative or (came is not cur and came.dep_ == "relcl" and tok.lower_ in {"it", "they", "he", "she"})
        subj = [c for c in cur.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ != "PRON"]
        if subj and (cur.lemma_.lower() in lex.speech_verbs or (came is not cur and came.dep_ == "ccomp")
                     or (relative and cur.pos_ in {"VERB", "AUX"})):
            return _nominal_args(subj[0])  # (the subject of the clause the described noun is in)
        if cur.head.i == cur.i:
            break
        came, cur = cur, cur.head
    return []


def _resolve_subject(heads: list[Token], lex: Lexicon) -> list[Token]:
    out: list[Token] = []
    for h in heads:
        if (h.lower_ in {"who", "which", "that"} and h.head.dep_ == "relcl" and h.head.head.pos_ in {"NOUN", "PROPN"}
                and _names_party(h.head.head)):
            out.extend(_nominal_args(h.head.head))  # "a commander who was planning an attack": the commander
        elif h.pos_ == "PRON":
            out.extend(_pronoun_antecedent(h, lex))
        else:
            out.append(h)
    return out


TARGETING = frozenset({"target", "aim", "punish", "penalize", "penalise", "hit", "against"})


PLAN_NOUNS = frozenset({"plan", "proposal", "roadmap", "framework", "package", "strategy", "initiative", "blueprint"})


def _plan_parties(plan: Token) -> list[Token]:
    """The parties a plan's purpose clause names: "a plan to take to the United States", "a
    plan to bolster support for Ukraine"."""
    out: list[Token] = []
    # the purpose clause hangs from the plan, or beside it from the verb it is the object of
    # ("to draw up a plan to present to the United States")
    beside = [c for c in plan.head.children if c.dep_ in {"xcomp", "advcl"} and c.i > plan.i] if plan.dep_ == "dobj" else []
    for c in [*plan.children, *beside]:
        if c.dep_ in {"acl", "relcl", "xcomp", "advcl"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            out.extend(_prep_objects(c, frozenset({"to", "for"})))
            for o in _object_heads(c):
                out.extend(_prep_objects(o, frozenset({"to", "for"})))
    return [t for t in out if _is_actorish(t)]


def _verb_candidate(tok: Token, entry: VerbEntry, sent: Span, lex: Lexicon) -> Candidate:
    subj_heads, passive = _subject(tok)
    subj_heads = _resolve_subject(subj_heads, lex)
    if passive and not subj_heads and any(c.dep_ == "nsubjpass" and _lemma(c) in lex.nouns for c in tok.children):
        # "a ceasefire agreement has been reached between Iran and Israel": the sides the
        # event noun's verb names are its parties
        subj_heads = [a for p in _prep_objects(tok, frozenset({"between", "among"})) for a in _nominal_args(p)]
    if subj_heads and _lemma(subj_heads[0]) in lex.nouns and not _is_actorish(subj_heads[0]) and (
            (entry.subjects and entry.subjects & _phrase_lemmas(subj_heads[0]))
            or entry.event_type in {"ASSAULT", "COERCE"}):
        # the subject is an event itself ("the ceasefire between Israel and Iran began", "its
        # missile strike on Sumy killed", "the strike by Russia killed"): its parties are its
        # owner, its agent or the ones it is between, else none named here
        head = subj_heads[0]
        owners = [c for c in head.children if c.dep_ == "poss"]
        preps = frozenset({"between", "among", "by"})
        # also "the ceasefire brokered by X between Israel and Iran": the participle's phrases
        between = _prep_objects(head, preps) + [
            p for t in head.subtree if t.i != head.i and t.dep_ != "relcl"
            for p in _prep_objects(t, frozenset({"between", "among"}))]
        named = _resolve_subject(owners + between, lex)
        # with no party named in it, the event noun stays ("a roadside bombing near Samarra
        # killed": placed where it happens; "the strike killed": the article says whose)
        subj_heads = named or ([] if entry.subjects else subj_heads)
    recips: list[Token] = []
    objs = _object_heads(tok)
    for o in objs:  # "a sanctions package targeting Russia"
        recips.extend(g for c in o.children if c.dep_ == "acl" and c.lemma_.lower() in TARGETING
                      for g in c.children if g.dep_ == "dobj")
    if passive:
        recips.extend(t for c in tok.children if c.dep_ == "nsubjpass" for t in _nominal_args(c))
    arg_objs = [o for o in objs if o.lemma_.lower() not in entry.objects and o.dep_ != "nsubjpass"]
    if entry.event_type not in {"AID", "REJECT", "SUPPORT", "AGREE"} or any(_is_actorish(o) for o in arg_objs):
        recips.extend(o for o in arg_objs if _is_actorish(o) or entry.event_type not in {"AGREE", "AID"})
    preps = ARG_PREPS | ({"in"} if entry.mode == "visit" else frozenset())
    recips.extend(_prep_objects(tok, preps - {"of", "for"} if entry.event_type != "AID" else preps - {"of"}))
    for o in objs:  # the object noun's own arguments: "sanctions on X", "aid to X", "talks with X"
        recips.extend(_prep_objects(o, frozenset({"on", "against", "to", "with", "for", "from", "between", "of"})))
        recips.extend(c for c in o.children if c.dep_ in {"poss", "compound", "amod"} and c.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"})
    if entry.event_type == "AGREE":
        # "agreed a plan to bolster support for Ukraine", "agreed to draw up a plan to take to
        # the United States": whom the plan agreed on is for or goes to
        plans = objs + [o for c in tok.children if c.dep_ == "xcomp" for o in _object_heads(c)]
        recips.extend(p for o in plans if o.lemma_.lower() in PLAN_NOUNS for p in _plan_parties(o))
    for c in tok.children:  # "demanded that X forsake", "urged X to"
        if c.dep_ in {"ccomp", "xcomp"} and entry.event_type in {"REQUEST", "REJECT", "ACCUSE"}:
            recips.extend(s for s in c.children if s.dep_ in {"nsubj", "nsubjpass"} and s.pos_ != "PRON")
        if c.dep_ in {"xcomp", "ccomp"} and entry.control:  # "threatened to cut power to X"
            recips.extend(_object_heads(c))
            recips.extend(_prep_objects(c, ARG_PREPS - {"of", "for", "at"}))
    recips = _expand(recips)
    lo, hi = tok.i, tok.i + 1
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ in {"prep"} and entry.preps and c.lower_ in entry.preps):
            hi = max(hi, c.i + 1)
        if entry.objects and c.dep_ in OBJ_DEPS and c.lemma_.lower() in entry.objects:
            hi = max(hi, c.i + 1)
    cameo, mode = entry.cameo, entry.mode
    if entry.event_type == "CONSULT" and _by_phone(tok):
        cameo, mode = "041", "phone"  # "spoke by phone with Putin", "talked in a phone call"
    return Candidate(
        sent=(sent.start, sent.end),
        trigger=(lo, hi),
        head=tok.i,
        event_type=entry.event_type,
        cameo=cameo,
        mode=mode,
        modality=modality_of(tok, sent),
        reciprocal=entry.reciprocal,
        nominal=False,
        specific=entry.specific,
        actors=_subject_spans(subj_heads),
        recipients=[s for s in _span(recips) if s not in _span(subj_heads)],
        source=_speaker(tok, lex),
    )


# What talks are held over when the parties are apart: "by phone", "in a video call".
PHONE_MEDIA = PHONE_NOUNS | {"videoconference", "videolink"}


def _by_phone(verb: Token) -> bool:
    """Whether talks are held by telephone: "by phone", "over the phone", "in a phone call"."""
    return any(c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "over", "in", "during", "via"}
               and any(p.dep_ == "pobj" and (p.lemma_.lower() in PHONE_MEDIA or (p.lemma_.lower() == "call" and any(
                   m.lemma_.lower() in PHONE_MEDIA | {"video", "call"} for m in p.children)))
                       for p in c.children)
               for c in verb.children)


def _subject_spans(heads: list[Token]) -> list[tuple[int, int]]:
    spans = _span(heads)
    if heads:
        coord = coordinated_span(heads[0])
        if coord is not None and coord not in spans:
            spans.insert(0, coord)
    return spans


# A gathering of many is the setting of what is done at it and an event of its own: "At a
# summit in London, world leaders offered support", "agreed a plan at a summit held in London".
SETTING_NOUNS = frozenset({"summit", "conference", "gathering", "meeting"})
SETTING_PREPS = frozenset({"at", "during"})
# The heads of a group of parties ("world leaders", "about 30 leaders", "several European countries").
GROUP_HEADS = frozenset({"leader", "country", "nation", "state", "government", "ally", "partner"})


def _is_group(tok: Token) -> bool:
    return tok.tag_ in {"NNS", "NNPS"} and tok.lemma_.lower() in GROUP_HEADS


_FEW = frozenset({"both", "two", "these", "those", "their", "its", "his", "her"})


def _many(tok: Token) -> bool:
    """A group of many parties: "world leaders", "European leaders", "about 30 leaders"; not
    "the two leaders", "both countries" or "the leaders of Serbia and Kosovo" (the parties named)."""
    return _is_group(tok) and not any(c.lower_ in _FEW for c in tok.children) and not any(
        p.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"} or p.pos_ == "PROPN" for p in _prep_objects(tok, frozenset({"of"})))


def setting_group(tok: Token) -> list[Token]:
    """For a gathering noun that sets a clause ("At a summit in London, world leaders offered
    ..."), the group of parties that clause has as its subject, else nothing."""
    if not (tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ in SETTING_PREPS
            and _lemma(tok) in SETTING_NOUNS):
        return []
    verb = tok.head.head
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"}:
            subj, passive = _subject(verb)
            if subj:
                return [] if passive else [h for h in subj if _many(h)]
        if verb.head is verb:
            break
        verb = verb.head
    return []


def _gathering_of_many(tok: Token) -> bool:
    """A gathering setting a clause that names its own many participants ("announced at a
    summit of African leaders", "at a summit attended by 30 leaders")."""
    if not (tok.dep_ == "pobj" and tok.head.lower_ in SETTING_PREPS and _lemma(tok) in SETTING_NOUNS):
        return False
    return bool(_attendees(tok)) or any(_many(p) for p in _prep_objects(tok, frozenset({"of"})))


def _attendees(tok: Token) -> list[Token]:
    """Who attended a gathering: "a summit in Paris, which was also attended by Zelensky"
    (the clause may hang from the gathering or from its place)."""
    holders = [tok, *(p for c in tok.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}
                      for p in c.children if p.dep_ == "pobj")]
    return [a for h in holders for c in h.children if c.dep_ in {"relcl", "acl"} and _lemma(c) == "attend"
            for a in _prep_objects(c, frozenset({"by"}))]


def _noun_candidate(tok: Token, entry: NounEntry, sent: Span, lex: Lexicon) -> Candidate:
    actors: list[Token] = []
    recips: list[Token] = []
    group = setting_group(tok) if entry.event_type == "CONSULT" else []
    tok_ = tok
    tok = tok.head if tok.dep_ == "compound" else tok  # "a mediation mission between X and Y"
    between = _prep_objects(tok, frozenset({"between", "among"}))
    prepared = _prepared_for(tok)
    if prepared is not None and not between:
        # "began the arrangements for a meeting, at a place to be set, between Putin and
        # Zelensky": the parser hangs the "between" on the verb
        between = _prep_objects(prepared, frozenset({"between"}))
    if not between and tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":
        # "a shouting match broke out in the Oval Office between Trump and Zelensky", "talks
        # began on Monday between the two": the parser hangs the "between" on the verb
        between = _prep_objects(tok.head, frozenset({"between", "among"}))
    actors.extend(c for c in tok.children if c.dep_ == "poss")
    actors.extend(_prep_objects(tok, frozenset({"by", "from"})))
    for c in tok.children:  # "a meeting ... led by X and Y"
        if c.dep_ == "acl":
            actors.extend(_prep_objects(c, frozenset({"by"})))
    mods = [c for c in tok.children if c.dep_ in {"compound", "amod", "nmod"} and c.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"}]
    if entry.reciprocal or not actors:
        actors.extend(mods)
    actors.extend(between)
    if not actors:
        actors.extend(group)
    recips.extend(_prep_objects(tok, frozenset({"with", "against", "on", "to", "of", "for", "into", "toward", "towards"})))
    if entry.event_type == "CONSULT":
        recips.extend(_attendees(tok))
    recips.extend(_wire_with(tok))
    governor = tok.head
    if tok.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
        if governor.pos_ == "NOUN" and governor.dep_ in {"dobj", "nsubjpass", "attr"}:
            governor = governor.head  # "adopted a package of sanctions"
        elif governor.pos_ == "ADJ" and _lemma(governor) in READY_ADJ and governor.dep_ == "acomp":
            governor = governor.head  # "Russia is ready for talks": the one ready takes part
    if not actors and governor.pos_ in {"VERB", "AUX"} and tok.dep_ in {"dobj", "pobj", "attr", "nsubjpass"}:
        subj, _ = _subject(governor)
        light = _lemma(governor) in lex.light_verbs or _lemma(governor) in PARTICIPATION
        # "held talks": the subject takes part; "distrust undermined the talks": it does not
        actors.extend(h for h in _resolve_subject(subj, lex) if light or _names_party(h))
    if not actors and tok.dep_ in {"nsubj"} and governor.pos_ in {"VERB", "AUX"}:
        recips.extend(o for o in _object_heads(governor) if _is_actorish(o))
    tok = tok_
    mode = entry.mode
    if group or (entry.event_type == "CONSULT" and _lemma(tok) in SETTING_NOUNS - {"meeting"}
                 and any(_many(t) for t in actors + recips)):
        mode = "multilateral"  # "a summit of European leaders"
    event_type, cameo = entry.event_type, entry.cameo
    mods = [c for c in tok.children if c.dep_ in {"compound", "amod", "nmod"}]
    # ("missile and drone strikes": each of the coordinated modifiers)
    mod_lemmas = {m.lemma_.lower() for c in mods for m in (c, *(x for x in c.children if x.dep_ == "conj"))}
    if entry.military_modifiers and (mod_lemmas & entry.military_modifiers or _armed_strike(tok)):
        event_type, cameo, mode = "ASSAULT", "195", "aerial"
    elif event_type == "MOBILIZE" and "joint" in mod_lemmas:
        event_type, cameo, mode = "COOPERATE", "062", None
    elif entry.lemma == "strike" and "hunger" in mod_lemmas:
        cameo, mode = "142", "hunger"
    if entry.lemma == "call" and (PHONE_NOUNS & mod_lemmas):
        mode = "phone"
    if entry.event_type == "CONSULT" and (PHONE_NOUNS & mod_lemmas):
        cameo, mode = "041", "phone"
    lo = min([tok.i] + [c.i for c in tok.children if c.dep_ == "compound" and c.lemma_.lower() in {"phone", "telephone", "hunger", "prisoner", "peace", "air"}])
    modality = modality_of(tok, sent)
    if prepared is not None and modality == "asserted":
        modality = "future"  # "made arrangements for a meeting": the meeting is planned
    return Candidate(
        sent=(sent.start, sent.end),
        trigger=(lo, tok.i + 1),
        head=tok.i,
        event_type=event_type,
        cameo=cameo,
        mode=mode,
        modality=modality,
        reciprocal=entry.reciprocal or bool(between),
        nominal=True,
        specific=bool(entry.needs),
        actors=_span(actors),
        recipients=[s for s in _span(_expand(recips)) if s not in _span(actors)],
        source=_speaker(tok, lex),
    )


def _dominating_candidate(tok: Token, found: dict[int, tuple[Candidate, VerbEntry | None]]) -> Candidate | None:
    """The candidate of a governing word that absorbs ``tok`` (an xcomp of "agree", the object
    noun of a trigger verb), if any."""
    if tok.pos_ in {"NOUN", "PROPN"} and (setting_group(tok) or _gathering_of_many(tok)):
        return None  # "at a summit in London, leaders agreed": the summit is an event too
    cur = tok
    for _ in range(3):
        if cur.head.i == cur.i:
            return None
        dep = cur.dep_
        if dep == "conj" and cur is not tok:
            return None  # "called Putin, and began the arrangements for a meeting": another act
        cur = cur.head
        if cur.i in found:
            cand, entry = found[cur.i]
            if tok.pos_ in {"NOUN", "PROPN"}:
                return cand
            if (dep in {"xcomp", "ccomp"} or _complement(tok)) and (entry is None or entry.control):
                return cand
            return None
        if dep not in {"pobj", "prep", "dobj", "compound", "amod", "nsubjpass", "attr"} and not (
                dep == "conj" and cur.dep_ == "xcomp"):
            return None  # ("urged both sides to build on it and release all detainees": both urged)
    return None


def _salience(tok: Token, cand: Candidate, lex: Lexicon) -> float:
    """How central the trigger is: main-clause verbs first; subordinate, purpose and relative
    clauses and bare nouns later.  The complement of a speech verb counts as a main clause."""
    if cand.nominal and tok.dep_ == "compound":
        tok = tok.head  # "undertook a mediation mission": the carrier noun's place counts
    score = 0.0
    cur = tok
    steps = 0.0
    while cur.head.i != cur.i and steps < 8:
        dep = cur.dep_
        if cur.head.lemma_.lower() in lex.speech_verbs and dep in {"ccomp", "parataxis"} and cur.head.dep_ == "ROOT":
            break
        if dep in {"advcl", "relcl", "acl", "pcomp"}:
            steps += 1.5
        elif dep not in {"xcomp", "conj", "aux", "ccomp"}:
            steps += 1
        elif dep == "ccomp":
            steps += 0.5
        cur = cur.head
    score -= 0.1 * steps
    governor = tok.head.head if tok.dep_ == "pobj" else tok.head
    if not cand.nominal:
        score += 0.2
    elif governor.pos_ == "VERB" and _lemma(governor) in lex.light_verbs and tok.dep_ in {"dobj", "pobj", "attr"}:
        score += 0.2 + 0.1  # its governing verb is a light verb: the noun names the act
    if cand.modality == "negated":
        score -= 0.1  # an event said not to happen is a weaker reading of the sentence
    if cand.specific:
        score += 0.03
    if cand.actors:
        score += 0.05
    return score


COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
MATERIAL_CONFLICT = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST"})
INTENT_CAMEO = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033", "RETREAT": "035", "CONCEDE": "035"}
THREAT_CAMEO = {"SANCTION": ("1312", "restrict"), "COERCE": ("132", "restrict"), "ASSAULT": ("138", "violence"),
                "MOBILIZE": ("138", "violence"), "PROTEST": ("133", "restrict")}
OBLIGATION = frozenset({"must", "should"})


DECISION_VERBS = frozenset({"announce", "decide", "declare", "approve", "vote", "resolve", "rule"})
# Decisions announced as taken ("announced it would prohibit all aid", "announced that the
# United States would end attacks"): the act decided, not an intent or a threat.
KEPT_DECISIONS = frozenset({"SANCTION", "COERCE", "MOBILIZE", "CONCEDE"})
FORCES = frozenset({"army", "troop", "force", "military", "soldier", "unit", "commander", "navy", "police",
                    "militia", "fighter", "artillery", "battalion", "brigade"})
CESSATION = frozenset({"stop", "cease", "halt", "end", "suspend", "pause", "refrain", "withdraw", "pull", "stand"})
CLOSURE = frozenset({"close", "shut", "leave", "vacate", "disband", "dissolve", "surrender", "evacuate", "quit"})


def _governing_speech(tok: Token, lex: Lexicon) -> Token | None:
    """The speech or decision verb whose complement holds ``tok`` ("announced it would ...")."""
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i:
            return None
        dep, cur = cur.dep_, cur.head
        if dep in {"ccomp", "parataxis"} and (_lemma(cur) in lex.speech_verbs or _lemma(cur) in DECISION_VERBS):
            return cur
        if dep not in {"xcomp", "conj", "dobj", "pobj", "prep", "attr"}:
            return None
    return None


def _future_marked(tok: Token) -> bool:
    """"will" / "would" on the trigger's clause (also inside a reported claim)."""
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_OR_WOULD for t in clause_chain(tok) for c in t.children)


def _has_would(tok: Token) -> bool:
    """"would" on the trigger's clause: a decision reported in the past ("announced it would")."""
    return any(c.dep_ == "aux" and c.lower_ == "would" for t in clause_chain(tok) for c in t.children)


def _order_rule(cand: Candidate, tok: Token) -> None:
    """"ordered X to V": an order to one's own forces to stop is a concession; an order
    imposed on another party is coercion (the ordered party is the target)."""
    comps = [c for c in tok.children if c.dep_ in {"xcomp", "ccomp"} or _complement(c)]
    if not comps:
        return
    comp = comps[0]
    ordered = _object_heads(tok) or [c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}]
    ordered_lemmas = {w for o in ordered for w in _phrase_lemmas(o)}
    if _lemma(comp) in CESSATION and ordered_lemmas & FORCES:
        cand.event_type, cand.cameo, cand.mode = "CONCEDE", "080", None
        targets = [o for x in comp.children if x.dep_ in {"xcomp", "dobj"} for o in ([x] if x.dep_ == "dobj" else _object_heads(x))]
        cand.recipients = _span(_expand(targets)) or cand.recipients
    elif ordered and not ordered_lemmas & FORCES:
        if _lemma(comp) in CESSATION | CLOSURE:  # "ordered the newspaper to suspend publication"
            cand.event_type, cand.cameo, cand.mode = "COERCE", "172", "restrict"
        cand.recipients = _span(_expand(ordered)) or cand.recipients


def _readiness(tok: Token) -> Token | None:
    """The word of readiness a cooperative act hangs from: "willing to *negotiate*", "ready
    for *talks*", "open to *negotiations*", "interested in pursuing peace *talks*"."""
    cur = tok
    if cur.pos_ in {"NOUN", "PROPN"}:
        if cur.dep_ == "dobj" and _lemma(cur.head) in PURSUE_VERBS:
            cur = cur.head  # "pursuing talks"
        elif cur.dep_ != "pobj":
            return None
    if cur.pos_ in {"VERB", "AUX"} and _complement(cur):
        up = cur.head
        if up.pos_ == "VERB" and _lemma(up) in GOING_ON_VERBS and _complement(up):
            up = up.head  # "ready to continue talking to Kyiv"
    elif cur.dep_ in {"pobj", "pcomp"} and cur.head.dep_ == "prep" and cur.head.lower_ in {"for", "to", "in"}:
        up = cur.head.head
    else:
        return None
    return up if up.pos_ == "ADJ" and _lemma(up) in READY_ADJ else None


# Verbs that carry on another ("continue talking", "resume negotiating").
GOING_ON_VERBS = frozenset({"continue", "keep", "resume", "start", "begin"})


def _readiness_rule(cand: Candidate, tok: Token) -> bool:
    """Readiness for a cooperative act is an intention stated now (CAMEO 03x, PLOVER AGREE):
    "the Kremlin is still interested in pursuing peace talks"; declared unready, a refusal
    ("Kyiv is not willing to negotiate": REJECT 120)."""
    if cand.event_type not in COOPERATIVE or cand.mode == "resign" or cand.modality not in {"asserted", "negated"}:
        return False
    ready = _readiness(tok)
    if ready is None:
        return False
    if cand.modality == "negated":
        cand.event_type, cand.cameo, cand.mode, cand.modality = "REJECT", "120", None, "asserted"
    else:
        cand.event_type, cand.cameo, cand.mode = "AGREE", INTENT_CAMEO[cand.event_type], None
    return True


def apply_plover_rules(cand: Candidate, tok: Token, lex: Lexicon) -> None:
    """PLOVER coding rules that depend on modality and the governing words."""
    head = tok.head
    if _readiness_rule(cand, tok):
        return
    if cand.event_type == "ASSAULT" and any(_lemma(t) == "prepare" for t in clause_chain(tok)[1:]):
        # "prepared to resume shelling": readiness, not the attack
        cand.event_type, cand.cameo, cand.mode, cand.modality = "MOBILIZE", "150", None, "asserted"
        return
    if _lemma(tok) == "order" and cand.event_type == "REQUEST" and not cand.nominal:
        _order_rule(cand, tok)
    modal = {c.lower_ for c in tok.children if c.dep_ == "aux" and c.tag_ == "MD"}
    if cand.modality == "negated" and modal and cand.event_type in {"AGREE", "SUPPORT", "CONSULT", "COOPERATE"}:
        # "would not accept / meet": a refusal
        cand.event_type, cand.cameo, cand.mode, cand.modality = "REJECT", "120", None, "asserted"
        return
    if modal & OBLIGATION and tok.dep_ == "ccomp" and head.lemma_.lower() in lex.speech_verbs:
        # "X declared that Y must ...": a demand on Y
        subj = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        spk = [c for c in head.children if c.dep_ == "nsubj"]
        cand.recipients = _span(subj) or cand.recipients
        cand.actors = _span(spk) or cand.actors
        cand.event_type, cand.cameo, cand.mode, cand.modality = "REQUEST", "100", None, "asserted"
        return
    future = cand.modality == "future" or (cand.modality == "reported_claim" and _future_marked(tok))
    if future:
        speech = _governing_speech(tok, lex)
        decided = speech is not None and _lemma(speech) in DECISION_VERBS and _has_would(tok)
        if cand.event_type in KEPT_DECISIONS and decided:
            return  # "announced it would prohibit all aid": a decision taken, not a threat or a promise
        if cand.event_type in COOPERATIVE and cand.mode != "resign":
            cand.cameo = INTENT_CAMEO[cand.event_type]
            cand.event_type, cand.mode = "AGREE", None
        elif cand.event_type in MATERIAL_CONFLICT:
            cand.cameo, cand.mode = THREAT_CAMEO[cand.event_type]
            # "we will attack": the threat is made now; the attack is what lies ahead
            cand.event_type, cand.modality = "THREATEN", "asserted"
    if cand.event_type == "PROTEST" and not cand.nominal and any(c.dep_ == "ccomp" for c in tok.children):
        cand.event_type, cand.cameo, cand.mode = "ACCUSE", "114", "allege"
    if cand.event_type == "PROTEST" and not cand.nominal and tok.dep_ == "ROOT" and any(
        c.dep_ == "ccomp" and c.i < tok.i for c in tok.children
    ):
        cand.event_type, cand.cameo, cand.mode = "ACCUSE", "114", "allege"


def _complement(tok: Token) -> bool:
    """An xcomp, or an infinitive the parser attached as advcl ("sworn to fight")."""
    if tok.dep_ == "xcomp":
        return True
    return tok.dep_ == "advcl" and to_infinitive(tok)


FALLBACK_RANK = 0.6  # a PETRARCH2 pattern's event ranks (and is trusted) after the curated lexicon's


def fallback_entry(entry: VerbEntry | None) -> bool:
    return entry is not None and entry.fallback


def _dyadic_fallback(cands: list[Candidate], found: dict[int, tuple[Candidate, VerbEntry | None]],
                     sent: Span) -> list[Candidate]:
    """A PETRARCH2 pattern's event is kept only when its recipient names a party (a name, a
    nationality, an organisation): the fallback is trusted for acts of one named party on
    another ("Hezbollah targeted Israeli settlements"), not for "prevented this"."""
    fallback = {id(c) for c, e in found.values() if fallback_entry(e)}
    doc = sent.doc
    return [c for c in cands if id(c) not in fallback or any(
        t.ent_type_ in PARTY_ENTS or t.pos_ == "PROPN" for lo, hi in c.recipients for t in doc[lo:hi])]


QUOTE_MARKS = frozenset('"“”')
FIRST_PERSON = frozenset({"we", "i"})


def quote_speaker(sent: Span, lex: Lexicon, *, opening: bool = True,
                  pronoun: bool = False) -> tuple[int, int] | None:
    """The named speaker a sentence that opens with a quotation attributes it to ('"We will
    enforce the agreement," Netanyahu said in a statement.'), None when it names none.  With
    ``opening`` false, the sentence may also close a quotation opened before it ('... legally
    binding," Kurti said.')."""
    if opening and sent.text.lstrip()[:1] not in QUOTE_MARKS:
        return None
    closed: int | None = None  # where the quotation closes
    for tok in sent:
        if tok.i > sent.start and tok.text in QUOTE_MARKS:
            closed = tok.i
        elif closed is not None and tok.pos_ == "VERB" and tok.lemma_.lower() in lex.speech_verbs:
            # the subject after the quotation: the parser may take its first words for another
            subj = [c for c in tok.children if c.dep_ == "nsubj" and c.i > closed]
            return mention_span(subj[0]) if subj and (pronoun or subj[0].pos_ != "PRON") else None
    return None


def document_candidates(doc: Doc, lex: Lexicon | None = None,
                        max_sentence_tokens: int | None = None) -> list[Candidate]:
    """The candidates of every sentence of ``doc``.  A quotation that goes on in the sentences
    after its attribution ('"...," Netanyahu said. "If Hezbollah violates the agreement -- we
    will attack."') keeps its speaker: the source of what is said, and the actor of its "we"."""
    lex = lex or load_lexicon()
    out: list[Candidate] = []
    speaker: tuple[int, int] | None = None
    inside = False  # the last sentence left a quotation open
    sents = list(doc.sents)
    attributed_later = _attributed_at_close(sents, lex)
    for n, sent in enumerate(sents):
        text = sent.text.strip()
        marks = _quote_marks(text)
        own = quote_speaker(sent, lex)
        carried = speaker if own is None and (inside or text[:1] in QUOTE_MARKS) else None
        carried = carried or attributed_later.get(n)
        if max_sentence_tokens is None or len(sent) <= max_sentence_tokens:
            out.extend(find_candidates(sent, lex, quoted_by=carried))
        if own is not None:
            speaker, inside = own, False
        elif carried is not None:
            inside = (marks % 2 == 1) != inside if inside else marks % 2 == 1
        else:
            speaker, inside = None, False
    return out


def _quote_marks(text: str) -> int:
    return sum(text.count(q) for q in QUOTE_MARKS)


#: How many sentences a quotation attributed at its end may run before it.
QUOTE_RUN = 6


def _attributed_at_close(sents: list[Span], lex: Lexicon) -> dict[int, tuple[int, int]]:
    """Sentences of a quotation whose attribution comes where it closes ('"The other party
    avoids signing. It is up to the EU to find a mechanism," Kurti said.'): their index to
    the speaker named there."""
    out: dict[int, tuple[int, int]] = {}
    n = 0
    while n < len(sents):
        text = sents[n].text.strip()
        if text[:1] in QUOTE_MARKS and _quote_marks(text) % 2 == 1 and quote_speaker(sents[n], lex) is None:
            end = next((k for k in range(n + 1, min(len(sents), n + 1 + QUOTE_RUN))
                        if _quote_marks(sents[k].text) % 2 == 1), None)
            if end is None:
                n += 1
                continue
            who = quote_speaker(sents[end], lex, opening=False)
            if who is not None:
                out.update((k, who) for k in range(n, end))
            n = end
        n += 1
    return out


# Participles that open a condition or a reason as a conjunction does ("provided that", "given
# that", "assuming"): they state no act.
CONJUNCTION_PARTICIPLES = frozenset({"provided", "providing", "given", "granted", "assuming", "supposing",
                                     "considering", "seeing"})


def _as_conjunction(tok: Token) -> bool:
    """Whether a participle is used as a conjunction ("Provided that the regime stops ...")."""
    if tok.lower_ not in CONJUNCTION_PARTICIPLES or any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"}
                                                        for c in tok.children):
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    # "that" opening the condition, not "the weapons provided that week"
    return tok.dep_ in {"prep", "mark"} or (nxt is not None and nxt.lower_ == "that" and nxt.dep_ == "mark")


# "We have no intention to continue our response": a declared end of hostilities (CAMEO 0356,
# intent to de-escalate), a promise of what will not be done.
DEESCALATE = VerbEntry("have", "AGREE", "0356")
HOSTILITIES = frozenset({"response", "attack", "strike", "operation", "offensive", "war", "fighting", "hostility",
                         "retaliation", "bombardment", "bombing", "assault", "campaign", "fire", "aggression",
                         "shelling", "action"})
INTENT_NOUNS = frozenset({"intention", "intent", "plan", "desire", "wish"})
INTENT_VERBS = frozenset({"intend", "plan", "want", "wish", "seek", "mean"})


def _no_intent_to_continue(tok: Token) -> Token | None:
    """For "continue" with hostilities as its object under a denied intent ("we have no intention
    to continue our response", "Iran does not intend to continue its strikes"), the verb whose
    subject declares it ("have", "intend"); else None."""
    if _lemma(tok) not in {"continue", "pursue", "resume", "prolong"}:
        return None
    if not any(_lemma(o) in HOSTILITIES for o in _object_heads(tok)):
        return None
    head = tok.head
    if (tok.dep_ == "acl" and _lemma(head) in INTENT_NOUNS and head.dep_ == "dobj"
            and any(c.dep_ == "det" and c.lower_ == "no" for c in head.children)):
        return head.head
    if tok.dep_ == "xcomp" and _lemma(head) in INTENT_VERBS and any(c.dep_ == "neg" for c in head.children):
        return head
    return None


def _if_clause(tok: Token) -> bool:
    """Whether the token heads an "if" / "unless" clause."""
    return tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in tok.children)


def condition_clauses(sent: Span) -> list[Token]:
    """The verbs of the sentence's conditions: "if" / "unless" clauses and those a conjunction
    participle opens ("Provided that the regime stops")."""
    out = [t for t in sent if _if_clause(t)]
    out.extend(c for t in sent if _as_conjunction(t) for c in t.children if c.dep_ in {"ccomp", "pcomp", "advcl"})
    return out


REFUSAL = VerbEntry("do", "REJECT", "120")
REFUSED_VERBS = frozenset({"do", "accept", "sign", "allow", "approve", "tolerate", "permit", "agree", "give"})
INDEFINITES = frozenset({"anything", "nothing", "something", "everything", "anyone", "anybody", "nobody",
                         "someone", "somebody", "whatever"})


def _refusal(tok: Token) -> bool:
    """Whether a verb is a refusal formula: "will / would not" + do, accept, sign, allow ... +
    "anything"."""
    return (_lemma(tok) in REFUSED_VERBS and any(c.dep_ == "neg" for c in tok.children)
            and any(c.dep_ == "aux" and c.lower_ in FUTURE_OR_WOULD for c in tok.children)
            and any(c.dep_ == "dobj" and c.lower_ == "anything" for c in tok.children))


def _conditioned(verb: Token) -> bool:
    """Whether the verb's clause carries a condition ("if ...", "unless ...", "provided that ...")."""
    clauses = (verb, verb.head if verb.dep_ in {"ccomp", "xcomp", "conj"} else verb)
    return any(_if_clause(c) or _as_conjunction(c) for clause in clauses for c in clause.children)


def _first_person_subject(tok: Token) -> bool:
    for t in (tok, tok.head if tok.dep_ in {"conj", "xcomp"} else tok):
        if any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in FIRST_PERSON for c in t.children):
            return True
    return False


def find_candidates(sent: Span, lex: Lexicon | None = None,
                    quoted_by: tuple[int, int] | None = None) -> list[Candidate]:
    """All event candidates in one sentence, most salient first.  ``quoted_by`` is the
    speaker of the quotation the sentence goes on with, if any."""
    lex = lex or load_lexicon()
    if is_heading(sent):
        return []
    found: dict[int, tuple[Candidate, VerbEntry | None]] = {}
    verb_hits: list[tuple[Token, VerbEntry]] = []
    noun_hits: list[tuple[Token, NounEntry]] = []
    for tok in sent:
        low = _lemma(tok)
        if _as_conjunction(tok):
            continue
        if (tok.dep_ == "amod" and tok.tag_ == "VBN" and tok.head.pos_ in {"NOUN", "PROPN"}
                and any(c.dep_ == "advmod" for c in tok.children)):
            continue  # "the internationally recognized government", "a widely condemned law": a description
        if tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and low in lex.verbs):
            entry = _match_verb(tok, lex)
            if entry is None:  # no curated trigger: PETRARCH2's CAMEO verb patterns
                from detente.extract.patterns import petrarch_entry

                entry = petrarch_entry(tok, low, lex)
            if entry is not None:
                verb_hits.append((tok, entry))
        elif tok.pos_ in {"NOUN", "PROPN"} and low in lex.nouns and (
            tok.dep_ != "compound" or _lemma(tok.head) in CARRIER_NOUNS
        ):
            nentry = next((n for n in lex.nouns[low] if _noun_ok(tok, n)), None)
            if nentry is not None:
                noun_hits.append((tok, nentry))
    for tok, entry in verb_hits:
        cand = _verb_candidate(tok, entry, sent, lex)
        # complement of an intent verb ("plans to meet"): future intention
        if _complement(tok) and cand.modality == "asserted" and _lemma(tok.head) in lex.future_verbs:
            cand.modality = "future"
        found[tok.i] = (cand, entry)
    for tok, nentry in noun_hits:
        found[tok.i] = (_noun_candidate(tok, nentry, sent, lex), None)
    for tok in sent:
        declared = _no_intent_to_continue(tok)
        if declared is not None and declared.i not in found:
            cand = _verb_candidate(declared, DEESCALATE, sent, lex)
            cand.trigger = (declared.i, tok.i + 1)
            cand.modality = "hypothetical" if _conditioned(declared) else "future"
            found[declared.i] = (cand, DEESCALATE)
        if _refusal(tok):
            # "I would not do anything that violates the Constitution", "we will not sign
            # anything": a refusal, stated as it is said
            cand = _verb_candidate(tok, REFUSAL, sent, lex)
            cand.trigger = (next(c.i for c in tok.children if c.dep_ == "neg") - 1, tok.i + 2)
            cand.modality = "asserted"
            found[tok.i] = (cand, REFUSAL)
        elif tok.dep_ == "relcl" and tok.head.lower_ in INDEFINITES:
            found.pop(tok.i, None)  # "anything that violates the Constitution": nothing done
    _purpose_wins(found, sent)
    out: list[Candidate] = []
    curated = {i: f for i, f in found.items() if not fallback_entry(f[1])}
    for i, (cand, _entry) in found.items():
        tok = sent.doc[i]
        if _dominating_candidate(tok, found if fallback_entry(_entry) else curated) is not None:
            continue  # a PETRARCH2 pattern's event never absorbs one of the curated lexicon
        apply_plover_rules(cand, tok, lex)
        cand.salience = _salience(tok, cand, lex) - (FALLBACK_RANK if fallback_entry(_entry) else 0.0)
        if fallback_entry(_entry):
            from detente.extract.patterns import knowledge_version

            cand.knowledge = knowledge_version()
        out.append(cand)
    out = _dyadic_fallback(out, found, sent)
    for cand in _obligation_candidates(sent, found, lex):
        out.append(cand)
    attributed: tuple[int, int] | None = None
    for cand in out:
        cand.knowledge = cand.knowledge or f"verbs {lex.version}"
        if not cand.actors and quoted_by is None and _first_person_subject(sent.doc[cand.head]):
            # '"... I would not do anything that violates the Constitution", he stated': the "I" is
            # whoever the attribution names, if only by a pronoun the article resolves
            attributed = attributed or quote_speaker(sent, lex, opening=False, pronoun=True)
            if attributed is not None and sent.doc[attributed[0]].lower_ not in FIRST_PERSON:
                cand.actors = [attributed]
        if quoted_by is not None and cand.source is None:
            cand.source = quoted_by
            if not cand.actors and _first_person_subject(sent.doc[cand.head]):
                cand.actors = [quoted_by]  # "we will attack", in the speaker's quotation
    out.sort(key=lambda c: -c.salience)
    out = _unique([c for c in out if not _non_event(c, sent)], sent)
    return _drop_restatements(out, sent, lex)


# ---------------------------------------------------------------- non-events

GENERIC_DETS = frozenset({"any", "every", "each", "all"})
GENERIC_HEADS = frozenset({"party", "side", "stakeholder", "country", "nation", "state", "community", "actor",
                           "world", "everyone", "everybody", "leader", "player", "power", "government", "people",
                           "citizen", "we", "you", "they", "one", "observer", "analyst", "expert"})
ADVICE_MODALS = frozenset({"should", "must", "ought", "need"})
ADVICE_ADJ = frozenset({"essential", "important", "crucial", "vital", "necessary", "imperative", "critical",
                        "key", "time", "urgent"})


def existential(tok: Token) -> bool:
    """Whether an event noun is what "there is" states to exist or not ("there is NO agreement
    on any ceasefire", "there have been no talks"): its parties are the article's."""
    return tok.dep_ in {"attr", "nsubj"} and tok.head.lemma_ == "be" and any(
        c.dep_ == "expl" for c in tok.head.children)


def _non_event(cand: Candidate, sent: Span) -> bool:
    """Candidates that code no event: advocacy instructions ("Visit ...", "Sign petitions"),
    event nouns with no party at all ("dialogue is the only way"), generic mentions ("any
    negotiation must ..."), and authorial advice or musing about generic parties ("all parties
    should ...", "it is essential for both nations to ...")."""
    doc = sent.doc
    tok = doc[cand.head]
    if _imperative(tok):
        return True
    if not cand.actors and not cand.recipients and cand.source is None and not (
            cand.nominal and existential(tok)):
        return True  # "there is no agreement" waits for the article to name its parties
    if cand.nominal and any(c.dep_ == "det" and c.lower_ in GENERIC_DETS - {"all"} for c in tok.children):
        return True
    spans = cand.actors + cand.recipients
    generic = all(_generic_span(doc[lo:hi]) for lo, hi in spans)
    return generic and cand.source is None and (cand.modality in {"hypothetical", "future"} or _advice(tok))


def _generic_span(span: Span) -> bool:
    """A phrase naming no particular party: "all parties", "the international community",
    "both nations" (no name, nationality or organisation in it)."""
    if any(t.ent_type_ in PARTY_ENTS or t.pos_ == "PROPN" for t in span):
        return False
    return span.root.lemma_.lower() in GENERIC_HEADS or any(t.lower_ in GENERIC_DETS for t in span)


def _advice(tok: Token) -> bool:
    """The trigger's clause is a recommendation: an obligation modal ("should engage") or "it is
    essential / important (for X) to ..."."""
    for t in clause_chain(tok, limit=6):
        if any(c.dep_ == "aux" and c.lower_ in ADVICE_MODALS for c in t.children):
            return True
        if t.pos_ == "ADJ" and t.lemma_.lower() in ADVICE_ADJ:
            return True
        if t.lemma_.lower() == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in ADVICE_ADJ for c in t.children):
            return True
    return False


def _imperative(tok: Token) -> bool:
    """The trigger sits in an instruction to the reader: a verb on its path to the root is a
    bare verb opening the sentence or a list item with no subject ("Visit ...", "Write to ...
    to express your support", "- Sign petitions")."""
    cur = tok
    for _ in range(10):
        if cur.tag_ == "VB" and _opens_clause(cur):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _opens_clause(verb: Token) -> bool:
    start = verb.sent.start
    for t in verb.doc[verb.sent.start : verb.i]:
        if t.text in LIST_MARKS:
            start = t.i + 1  # a list item or a label ("- **Action**: Sign ...")
    # a label before the colon is no subject ("Petitions: Look for ...")
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl", "aux", "auxpass"} and c.i >= start for c in verb.children):
        return False
    return not any(t.is_alpha and t.lower_ not in {"please", "also", "then", "simply"} for t in verb.doc[start : verb.i])


LIST_MARKS = frozenset({"-", "*", "**", "•", "–", "—", ")", ":", "|"})
_CLOSING = frozenset('.!?"”’\')»')


def is_heading(sent: Span) -> bool:
    """Whether a sentence is a line of page furniture rather than prose: a headline, a section
    heading or a caption in title case ("US and Russia Initiate Dialogue: A Path Toward
    Peace", "Key Outcomes:"), with no closing punctuation.  Its
    words are the page's, not a statement of the report: it states no event."""
    text = sent.text.strip()
    if not text or "\n" in text or "|" in text or text[-1] in _CLOSING:
        return False
    words = [w for w in text.replace(":", " ").split() if len(w) > 3 and w[0].isalpha()]
    if len(words) < 2:
        return text.endswith(":")  # "Outcomes:"
    capital = sum(1 for w in words if w[0].isupper())
    return capital / len(words) >= 0.75


def _unique(cands: list[Candidate], sent: Span) -> list[Candidate]:
    """One event per type, trigger word and parties in a sentence (the most salient copy)."""
    doc = sent.doc
    seen: set[tuple[str, str, frozenset[str]]] = set()
    out: list[Candidate] = []
    for c in cands:
        words = frozenset(doc[lo:hi].text.lower() for lo, hi in c.actors + c.recipients)
        key = (c.event_type, doc[c.head].lemma_.lower(), words)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out


CARRIER_NOUNS = frozenset({"mission", "effort", "bid", "initiative", "process", "team", "round"})
MEANS_VERBS = frozenset({"send", "dispatch", "deploy", "use", "open", "fire", "fly", "move", "mobilize"})


def _purpose_clause(tok: Token) -> Token | None:
    """The infinitival purpose clause of a verb ("sent personnel to Bosnia *to investigate*")."""
    for c in tok.children:
        if c.dep_ in {"advcl", "xcomp"} and c.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return c
    return None


def _purpose_wins(found: dict[int, tuple[Candidate, VerbEntry | None]], sent: Span) -> None:
    """A transfer or means verb ("sent", "deployed", "used tear gas", "opened fire") with a
    coded purpose clause: the purpose names the event; it takes the means verb's actors and
    its destination as recipient, and the means verb is dropped."""
    doc = sent.doc
    for i in list(found):
        if i not in found:
            continue
        cand, entry = found[i]
        tok = doc[i]
        if cand.nominal or _lemma(tok) not in MEANS_VERBS or entry is None or entry.event_type not in {"MOBILIZE", "ASSAULT", "AID"}:
            continue
        purpose = _purpose_clause(tok)
        if purpose is None or purpose.i not in found:
            continue
        pcand, _ = found[purpose.i]
        if pcand.event_type in {"AGREE", "REQUEST"}:
            continue
        pcand.actors = pcand.actors or cand.actors
        pcand.recipients = pcand.recipients + [r for r in cand.recipients if r not in pcand.recipients]
        del found[i]


def _obligation_candidates(sent: Span, found: dict[int, tuple[Candidate, VerbEntry | None]], lex: Lexicon) -> list[Candidate]:
    """"X declared that Y must / should ...": a demand of X on Y, also when the obligation's
    verb is no trigger.  The speaker must be named (authorial advice is no event)."""
    out: list[Candidate] = []
    for tok in sent:
        if tok.i in found or tok.dep_ != "ccomp" or _lemma(tok.head) not in lex.speech_verbs:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in tok.children):
            continue
        speakers = [c for c in tok.head.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
        targets = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ != "PRON"]
        if not speakers or not targets:
            continue
        cand = Candidate(
            sent=(sent.start, sent.end), trigger=(tok.i, tok.i + 1), head=tok.i, event_type="REQUEST",
            cameo="100", mode=None, modality="asserted", reciprocal=False, nominal=False, specific=False,
            actors=_subject_spans(_nominal_args(speakers[0])), recipients=_span(_expand(_nominal_args(targets[0]))),
        )
        cand.salience = _salience(tok, cand, lex) - 0.02
        out.append(cand)
    return out


def doc_candidates(doc: Doc, lex: Lexicon | None = None) -> list[Candidate]:
    """The candidates of every sentence in order (restatements of events already found
    earlier in the document are left out, see :func:`find_candidates`)."""
    lex = lex or load_lexicon()
    return [c for sent in doc.sents for c in find_candidates(sent, lex)]


# ---------------------------------------------------------------- restatements

PRIOR_KEY = "detente.events.prior"
DEFINITE_DETS = frozenset({"the", "this", "these", "that", "those", "such"})
NEW_INFO_ENTS = frozenset({"DATE", "GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at", "near"})
STANCE_NOUNS = frozenset({"possibility", "prospect", "chance", "intention", "willingness", "desire", "readiness",
                          "commitment", "need", "idea", "option"})


@dataclass(frozen=True)
class _Seen:
    """An event already found in a document: its type, the party words and the places and
    dates its sentence names."""

    event_type: str
    parties: frozenset[str]
    settings: frozenset[str]


def _party_keys(word: str) -> set[str]:
    """Comparison keys of a name: "Russia" and "Russian" share one, so do "U.S." and "US";
    "U.S.-Russia" gives both."""
    out = set()
    for part in word.lower().replace(".", "").replace("–", "-").split("-"):
        out.add(part[:5] if len(part) >= 5 else part)
    return out


def _parties(cand: Candidate, doc: Doc) -> frozenset[str]:
    spans = cand.actors + cand.recipients + ([cand.source] if cand.source else [])
    words = {k for lo, hi in spans for t in doc[lo:hi] if t.ent_type_ in PARTY_ENTS or t.pos_ == "PROPN"
             for k in _party_keys(t.text)}
    text = " ".join(doc[lo:hi].text.lower() for lo, hi in spans)
    if "united states" in text:
        words.add("us")
    return frozenset(w for w in words if w)


def _settings(toks: Iterable[Token]) -> frozenset[str]:
    """Dates and places (objects of in/at) among ``toks``: what makes an event a new one."""
    out: set[str] = set()
    for t in toks:
        if t.ent_type_ == "DATE" or (t.ent_type_ in NEW_INFO_ENTS and t.head.lower_ in PLACE_PREPS | {","}
                                     and t.ent_iob_ in {"B", "I"}):
            out.add(t.lower_)
    return frozenset(out)


def _refers_back(cand: Candidate, tok: Token) -> bool:
    """A mention that points at a known event: a definite, demonstrative or possessive event
    noun ("the recent meeting", "these talks", "China's support"), or a bare gerund with no
    subject of its own ("by endorsing the talks")."""
    if cand.nominal:
        if tok.lemma_.lower() in STANCE_NOUNS:
            return False  # "the possibility of cooperation": the article is grammar, not reference
        return any((c.dep_ == "det" and c.lower_ in DEFINITE_DETS) or c.dep_ == "poss" for c in tok.children)
    return tok.tag_ == "VBG" and tok.dep_ in {"pcomp", "csubj", "advcl", "ROOT"} and not any(
        c.dep_ in {"nsubj", "nsubjpass", "aux"} for c in tok.children)


def _seen_before(sent: Span, lex: Lexicon) -> list[_Seen]:
    """The events of the sentences before ``sent`` (computed once per document: each sentence's
    summary is kept in ``doc.user_data`` until the last sentence is done)."""
    doc = sent.doc
    prior = doc.user_data.setdefault(PRIOR_KEY, {})
    out: list[_Seen] = []
    for other in doc.sents:
        if other.start >= sent.start:
            break
        if str(other.start) not in prior:
            find_candidates(other, lex)
        out.extend(_Seen(t, frozenset(p), frozenset(w)) for t, p, w in prior.get(str(other.start), []))
    return out


def _drop_restatements(cands: list[Candidate], sent: Span, lex: Lexicon) -> list[Candidate]:
    """Leave out mentions of an event the document already reported: the same type, parties
    that overlap (or none named) and no date or place the earlier report did not give."""
    doc = sent.doc
    referring = [c for c in cands if _refers_back(c, doc[c.head])]
    kept = cands
    if referring:
        before = _seen_before(sent, lex)
        here = [c for c in cands if c not in referring]
        seen = before + [_Seen(c.event_type, _parties(c, doc), _settings(sent)) for c in here]
        drop = []
        for c in referring:
            parties = _parties(c, doc)
            new = _settings(doc[c.head].subtree) if c.nominal else _settings(sent)
            if any(s.event_type == c.event_type and (not parties or not s.parties or parties & s.parties)
                   and new <= s.settings for s in seen):
                drop.append(c)
        kept = [c for c in cands if c not in drop]
    prior = doc.user_data.setdefault(PRIOR_KEY, {})
    prior[str(sent.start)] = [[c.event_type, sorted(_parties(c, doc)), sorted(_settings(sent))] for c in kept]
    if sent.end >= len(doc):
        doc.user_data.pop(PRIOR_KEY, None)
    return kept
