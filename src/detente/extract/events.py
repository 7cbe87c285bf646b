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
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from detente.extract.modality import modality_of

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
READY_ADJ = frozenset({"willing", "ready", "prepared", "eager", "keen", "determined", "open", "happy", "able"})
MILITARY_MODS = frozenset({"military", "joint", "naval", "war", "army", "combat", "nuclear", "missile"})
CAPTIVE_MODS = frozenset({"prisoner", "pow", "hostage", "captive", "detainee", "body"})
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

    @property
    def specific(self) -> bool:
        return bool(self.objects or self.preps or self.person_object)


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

    def to_data(self) -> dict[str, Any]:
        return asdict(self)

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
        if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN", "PRON", "ADJ"}:
            out.extend(_conjuncts(c))
    return out


def mention_span(tok: Token) -> tuple[int, int]:
    """Token span of the noun phrase headed by ``tok`` without conjuncts and clauses;
    "of"/"from"/"in" modifiers are kept ("leaders of the coalition")."""
    keep = {tok.i}
    stack = [tok]
    while stack:
        cur = stack.pop()
        for c in cur.children:
            if c.dep_ in EXCLUDED_SUBTREE and not (c.dep_ == "prep" and c.lower_ in {"of", "from", "in"} and cur is tok):
                continue
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
    clauses = [c for c in tok.children if c.dep_ in {"relcl", "acl", "advcl", "appos"}]
    skip = {t.i for c in clauses for t in c.subtree}
    toks = [t for t in tok.subtree if t.i not in skip]
    if not any(t.dep_ == "cc" and t.lower_ in {"and", "&"} for t in toks):
        return None
    lo, hi = min(t.i for t in toks), max(t.i for t in toks) + 1
    return (lo, hi)


def _nominal_args(tok: Token) -> list[Token]:
    """Argument heads of a phrase: the token and its conjuncts."""
    return _conjuncts(tok)


def _subject(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """(subject heads, passive) of a verb, climbing xcomp/conj/advcl heads when missing."""
    subj = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive:
        agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            return _nominal_args(agents[0]), True
        return [], True
    if subj:
        return _nominal_args(subj[0]), False
    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return _nominal_args(verb.head), False
    if depth < 3 and verb.dep_ in {"xcomp", "conj", "advcl", "ccomp", "acomp"} and verb.head is not verb:
        head = verb.head
        if head.pos_ == "ADJ" and head.head is not head:
            head = head.head
        return _subject(head, depth + 1)
    return [], False


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
    for c in verb.children:
        if c.dep_ in {"prep", "prt"}:
            heads.extend(p for p in c.children if p.dep_ == "pobj")
        if c.dep_ == "xcomp":  # "put troops on alert"
            heads.extend(p for p in c.children if p.dep_ in OBJ_DEPS)
    for h in heads:
        lemmas.add(h.lemma_.lower())
        lemmas.add(h.lower_)
        lemmas.update(c.lemma_.lower() for c in h.children if c.dep_ in {"compound", "amod"})
    return lemmas


def _is_actorish(tok: Token) -> bool:
    return tok.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or tok.pos_ in {"PROPN", "PRON"}


def _match_verb(tok: Token, lex: Lexicon) -> VerbEntry | None:
    entries = lex.verbs.get(tok.lemma_.lower())
    if not entries:
        return None
    particles = {c.lower_ for c in tok.children if c.dep_ in {"prt", "prep", "agent", "advmod"}}
    objects: set[str] | None = None
    for e in entries:
        if e.preps and not (e.preps & particles):
            continue
        if e.objects:
            if objects is None:
                objects = _object_lemmas(tok)
            if not (e.objects & objects):
                continue
        if e.person_object and not any(_is_actorish(o) for o in _object_heads(tok)):
            continue
        return e
    return None


def _noun_ok(tok: Token, entry: NounEntry) -> bool:
    if not entry.needs:
        return True
    preps = {c.lower_ for c in tok.children if c.dep_ == "prep"}
    for need in entry.needs:
        if need == "poss" and any(c.dep_ == "poss" for c in tok.children):
            return True
        if need in {"phone", "telephone"} and any(c.lower_ in {"phone", "telephone"} for c in tok.children):
            return True
        if need == "amod-state" and any(c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE"} for c in tok.children):
            return True
        if need == "amod-military" and any(c.lemma_.lower() in MILITARY_MODS for c in tok.children):
            return True
        if need == "compound-captive" and any(c.lemma_.lower() in CAPTIVE_MODS for c in tok.children):
            return True
        if need == "of-coop" and any(
            p.lemma_.lower() in COOP_OBJECTS for c in tok.children if c.lower_ == "of" for p in c.children
        ):
            return True
        if need == "of-aid" and any(
            p.lemma_.lower() in AID_WORDS or any(m.lemma_.lower() in AID_WORDS for m in p.children)
            for c in tok.children if c.lower_ == "of" for p in c.children
        ):
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
        s = mention_span(t)
        if s not in seen:
            seen.append(s)
    return seen


def _speaker(tok: Token, lex: Lexicon) -> tuple[int, int] | None:
    """Subject of the speech verb governing ``tok`` ("Trump said the talks ...")."""
    cur = tok
    for _ in range(6):
        if cur.head is cur:
            return None
        nxt = cur.head
        if nxt.lemma_.lower() in lex.speech_verbs and cur.dep_ in {"ccomp", "xcomp", "conj", "dobj", "advcl", "parataxis"}:
            subj = [c for c in nxt.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj and subj[0].pos_ != "PRON":
                return mention_span(subj[0])
            return None
        cur = nxt
    return None


def _pronoun_antecedent(tok: Token, lex: Lexicon) -> list[Token]:
    """For a pronoun subject, the subject of a governing speech verb ("Hungary said it will ...")."""
    cur = tok.head
    for _ in range(5):
        if cur.lemma_.lower() in lex.speech_verbs:
            subj = [c for c in cur.children if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ != "PRON"]
            if subj:
                return _nominal_args(subj[0])
        if cur.head is cur:
            break
        cur = cur.head
    return []


def _resolve_subject(heads: list[Token], lex: Lexicon) -> list[Token]:
    out: list[Token] = []
    for h in heads:
        if h.pos_ == "PRON":
            out.extend(_pronoun_antecedent(h, lex))
        else:
            out.append(h)
    return out


def _verb_candidate(tok: Token, entry: VerbEntry, sent: Span, lex: Lexicon) -> Candidate:
    subj_heads, passive = _subject(tok)
    subj_heads = _resolve_subject(subj_heads, lex)
    recips: list[Token] = []
    objs = _object_heads(tok)
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
    return Candidate(
        sent=(sent.start, sent.end),
        trigger=(lo, hi),
        head=tok.i,
        event_type=entry.event_type,
        cameo=entry.cameo,
        mode=entry.mode,
        modality=modality_of(tok, sent),
        reciprocal=entry.reciprocal,
        nominal=False,
        specific=entry.specific,
        actors=_subject_spans(subj_heads),
        recipients=[s for s in _span(recips) if s not in _span(subj_heads)],
        source=_speaker(tok, lex),
    )


def _subject_spans(heads: list[Token]) -> list[tuple[int, int]]:
    spans = _span(heads)
    if heads:
        coord = coordinated_span(heads[0])
        if coord is not None and coord not in spans:
            spans.insert(0, coord)
    return spans


def _noun_candidate(tok: Token, entry: NounEntry, sent: Span, lex: Lexicon) -> Candidate:
    actors: list[Token] = []
    recips: list[Token] = []
    between = _prep_objects(tok, frozenset({"between", "among"}))
    actors.extend(c for c in tok.children if c.dep_ == "poss")
    actors.extend(_prep_objects(tok, frozenset({"by", "from"})))
    for c in tok.children:  # "a meeting ... led by X and Y"
        if c.dep_ == "acl":
            actors.extend(_prep_objects(c, frozenset({"by"})))
    mods = [c for c in tok.children if c.dep_ in {"compound", "amod", "nmod"} and c.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"}]
    if entry.reciprocal or not actors:
        actors.extend(mods)
    actors.extend(between)
    recips.extend(_prep_objects(tok, frozenset({"with", "against", "on", "to", "of", "for", "into", "toward", "towards"})))
    governor = tok.head
    if tok.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
        if governor.pos_ == "NOUN" and governor.dep_ in {"dobj", "nsubjpass", "attr"}:
            governor = governor.head  # "adopted a package of sanctions"
    if not actors and governor.pos_ in {"VERB", "AUX"} and tok.dep_ in {"dobj", "pobj", "attr", "nsubjpass"}:
        subj, _ = _subject(governor)
        actors.extend(_resolve_subject(subj, lex))
    if not actors and tok.dep_ in {"nsubj"} and governor.pos_ in {"VERB", "AUX"}:
        recips.extend(_object_heads(governor))
    mode = entry.mode
    event_type, cameo = entry.event_type, entry.cameo
    mod_lemmas = {c.lemma_.lower() for c in tok.children if c.dep_ in {"compound", "amod"}}
    if entry.military_modifiers and mod_lemmas & entry.military_modifiers:
        event_type, cameo, mode = "ASSAULT", "195", "aerial"
    elif event_type == "MOBILIZE" and "joint" in mod_lemmas:
        event_type, cameo, mode = "COOPERATE", "062", None
    elif entry.lemma == "strike" and "hunger" in mod_lemmas:
        cameo, mode = "142", "hunger"
    if entry.lemma == "call" and ({"phone", "telephone"} & mod_lemmas):
        mode = "phone"
    if entry.event_type == "CONSULT" and ({"phone", "telephone"} & mod_lemmas):
        cameo, mode = "041", "phone"
    lo = min([tok.i] + [c.i for c in tok.children if c.dep_ == "compound" and c.lemma_.lower() in {"phone", "telephone", "hunger", "prisoner", "peace", "air"}])
    return Candidate(
        sent=(sent.start, sent.end),
        trigger=(lo, tok.i + 1),
        head=tok.i,
        event_type=event_type,
        cameo=cameo,
        mode=mode,
        modality=modality_of(tok, sent),
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
    cur = tok
    for _ in range(3):
        if cur.head is cur:
            return None
        dep = cur.dep_
        cur = cur.head
        if cur.i in found:
            cand, entry = found[cur.i]
            if tok.pos_ in {"NOUN", "PROPN"}:
                return cand
            if (dep in {"xcomp", "ccomp"} or _complement(tok)) and (entry is None or entry.control):
                return cand
            return None
        if dep not in {"pobj", "prep", "dobj", "compound", "amod", "nsubjpass", "attr"}:
            return None
    return None


def _salience(tok: Token, cand: Candidate, lex: Lexicon) -> float:
    """How central the trigger is: main-clause verbs first; subordinate, purpose and relative
    clauses and bare nouns later.  The complement of a speech verb counts as a main clause."""
    score = 0.0
    cur = tok
    steps = 0.0
    while cur.head is not cur and steps < 8:
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
    elif governor.pos_ == "VERB" and governor.lemma_.lower() in lex.light_verbs and tok.dep_ in {"dobj", "pobj", "attr"}:
        score += 0.2 + 0.1  # its governing verb is a light verb: the noun names the act
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


def apply_plover_rules(cand: Candidate, tok: Token, lex: Lexicon) -> None:
    """PLOVER coding rules that depend on modality and the governing words."""
    head = tok.head
    if (tok.dep_ == "xcomp" and head.lemma_.lower() == "prepare" and cand.event_type == "ASSAULT"):
        cand.event_type, cand.cameo, cand.mode, cand.modality = "MOBILIZE", "150", None, "asserted"
        return
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
    if cand.modality == "future":
        if cand.event_type in COOPERATIVE and cand.mode != "resign":
            cand.cameo = INTENT_CAMEO[cand.event_type]
            cand.event_type, cand.mode = "AGREE", None
        elif cand.event_type in MATERIAL_CONFLICT:
            cand.cameo, cand.mode = THREAT_CAMEO[cand.event_type]
            cand.event_type = "THREATEN"
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
    return tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def find_candidates(sent: Span, lex: Lexicon | None = None) -> list[Candidate]:
    """All event candidates in one sentence, most salient first."""
    lex = lex or load_lexicon()
    found: dict[int, tuple[Candidate, VerbEntry | None]] = {}
    verb_hits: list[tuple[Token, VerbEntry]] = []
    noun_hits: list[tuple[Token, NounEntry]] = []
    for tok in sent:
        low = tok.lemma_.lower()
        if tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and low in lex.verbs):
            entry = _match_verb(tok, lex)
            if entry is not None:
                verb_hits.append((tok, entry))
        elif tok.pos_ in {"NOUN", "PROPN"} and low in lex.nouns and tok.dep_ != "compound":
            nentry = next((n for n in lex.nouns[low] if _noun_ok(tok, n)), None)
            if nentry is not None:
                noun_hits.append((tok, nentry))
    for tok, entry in verb_hits:
        cand = _verb_candidate(tok, entry, sent, lex)
        # complement of "willing/ready to ..." or of an intent verb: future intention
        governor = tok.head.lemma_.lower()
        if _complement(tok) and cand.modality == "asserted" and (governor in READY_ADJ or governor in lex.future_verbs):
            cand.modality = "future"
        found[tok.i] = (cand, entry)
    for tok, nentry in noun_hits:
        found[tok.i] = (_noun_candidate(tok, nentry, sent, lex), None)
    out: list[Candidate] = []
    for i, (cand, _entry) in found.items():
        tok = sent.doc[i]
        if _dominating_candidate(tok, found) is not None:
            continue
        apply_plover_rules(cand, tok, lex)
        cand.salience = _salience(tok, cand, lex)
        out.append(cand)
    out.sort(key=lambda c: -c.salience)
    return out


def doc_candidates(doc: Doc, lex: Lexicon | None = None) -> list[Candidate]:
    lex = lex or load_lexicon()
    return [c for sent in doc.sents for c in find_candidates(sent, lex)]
