"""PETRARCH2's CAMEO verb patterns on the dependency parse (``knowledge/verbs_petrarch.json``).

The curated trigger lexicon (``knowledge/verbs.json``, :mod:`detente.extract.events`) is tried
first; this dictionary codes the verbs it has no trigger for.  A verb is looked up by lemma
(a phrasal form such as ``ask for`` or ``carry out`` also needs its particle); the patterns of
its families are then matched on the verb's dependents:

- subject nouns (``nsubj``), object nouns (``dobj``, ``attr``, the passive subject), each as
  a head word with the modifiers the pattern names (``{FINANCIAL AID}``: head *aid*, modified
  by *financial*), or a member of a synonym set (``&CURRENCY``);
- particles (``SET OUT``) and preposition phrases (``(FOR HELP)``), on the verb or on its
  object ("rushed police to the border").

The most specific matching pattern decides; a pattern whose type is null codes no event and
also stops the verb's own code ("appealed to the court" is no request).  With no pattern, the
verb's own code applies when every family of the verb agrees on it.  The dictionary is built
by ``detente.knowledge.build_petrarch`` and read lazily, once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Token

from detente.extract.events import Lexicon, VerbEntry
from detente.extract.modality import WILL_WOULD

__all__ = ["PatternDictionary", "knowledge_version", "load_patterns", "petrarch_entry"]

FILE = "verbs_petrarch.json"
SUBJECT_DEPS = frozenset({"nsubj"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd", "dative", "nsubjpass"})
PARTICLE_DEPS = frozenset({"prt", "advmod", "prep", "agent", "acomp"})
PREP_DEPS = frozenset({"prep", "agent", "dative"})
CONTROL_TYPES = frozenset({"REJECT", "THREATEN", "REQUEST"})
IMPLICATIVE = frozenset({"fail", "manage", "neglect", "forget", "struggle", "hesitate", "dare", "bother",
                         "happen", "tend", "strive", "endeavour", "endeavor"})
# a participle used as a preposition ("according to", "including", "following") is no act
PREPOSITION_DEPS = frozenset({"prep", "case", "mark"})
# a participle modifying a noun describes it ("a plane linked to", "a package targeting")
MODIFIER_VERB_DEPS = frozenset({"amod", "acl"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "npadvmod"})


def _forms(word: str) -> frozenset[str]:
    """A pattern word and its singular (patterns mix "SANCTIONS" and "SANCTION")."""
    out = {word}
    if word.endswith("ies") and len(word) > 4:
        out.add(word[:-3] + "y")
    elif word.endswith("sses"):
        out.add(word[:-2])
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.add(word[:-1])
    return frozenset(out)


def _keys(tok: Token) -> frozenset[str]:
    return frozenset({tok.lower_, tok.lemma_.lower()})


@dataclass(frozen=True)
class Words:
    """One word of a pattern, or a synonym set: the phrases it stands for, each a head word
    (with its singular) and the words that must modify it."""

    phrases: tuple[tuple[frozenset[str], tuple[str, ...]], ...]

    def heads(self) -> Iterator[tuple[frozenset[str], tuple[str, ...]]]:
        return iter(self.phrases)


@dataclass(frozen=True)
class Phrase:
    head: Words
    mods: tuple[Words, ...]

    def matches(self, tok: Token) -> bool:
        keys = _keys(tok)
        around: set[str] | None = None
        for head, extra in self.head.heads():
            if not head & keys:
                continue
            if not self.mods and not extra:
                return True
            if around is None:
                around = _modifier_words(tok)
            if all(w in around for w in extra) and all(
                    any(h & around and all(w in around for w in e) for h, e in m.heads()) for m in self.mods):
                return True
        return False


def _modifier_words(tok: Token) -> set[str]:
    """The words modifying a noun: its compounds, adjectives and the words before it in its
    phrase ("much-needed financial aid")."""
    out: set[str] = set()
    for c in tok.children:
        if c.dep_ in MODIFIER_DEPS or c.i < tok.i:
            out.update(_keys(c))
            out.update(k for g in c.children if g.dep_ in MODIFIER_DEPS for k in _keys(g))
    return out


@dataclass(frozen=True)
class Prep:
    preps: frozenset[str]
    obj: Phrase | None


@dataclass(frozen=True)
class Pattern:
    subject: tuple[Phrase, ...]
    object: tuple[Phrase, ...]
    particles: frozenset[str]
    preps: tuple[Prep, ...]
    verb: str | None  # the verb the pattern was written for (preferred for that verb)
    entry: VerbEntry | None  # None: the pattern codes no event
    order: int

    @property
    def size(self) -> int:
        return (len(self.subject) + len(self.object) + len(self.particles)
                + sum(1 + (p.obj is not None) for p in self.preps))

    def matches(self, args: _Arguments) -> bool:
        if not self.particles <= args.particles:
            return False
        if any(not any(p.matches(t) for t in args.subjects) for p in self.subject):
            return False
        if any(not any(p.matches(t) for t in args.objects) for p in self.object):
            return False
        for prep in self.preps:
            found = [objs for word, objs in args.preps if word in prep.preps]
            if not found:
                return False
            if prep.obj is not None and not any(prep.obj.matches(t) for objs in found for t in objs):
                return False
        return True


@dataclass(frozen=True)
class Form:
    """One verb of a family: its lemma and the words a phrasal form needs around it."""

    lemma: str
    family: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    entry: VerbEntry | None

    def fits(self, tok: Token) -> bool:
        doc = tok.doc
        if self.after:
            near = {c.lower_ for c in tok.children} | {t.lower_ for t in doc[tok.i + 1 : tok.i + 2 + len(self.after)]}
            if not all(w in near for w in self.after):
                return False
        if self.before:
            near = {t.lower_ for t in doc[max(tok.i - 1 - len(self.before), 0) : tok.i]}
            near |= {c.lower_ for c in tok.children if c.i < tok.i}
            if not all(w in near for w in self.before):
                return False
        return True


class _Arguments:
    """The dependents of a verb the patterns look at, collected once per verb."""

    def __init__(self, tok: Token) -> None:
        self.subjects: list[Token] = []
        self.objects: list[Token] = []
        self.particles: set[str] = set()
        self.preps: list[tuple[str, list[Token]]] = []
        for c in tok.children:
            if c.dep_ in SUBJECT_DEPS:
                self.subjects.extend(_with_conjuncts(c))
            if c.dep_ in OBJECT_DEPS:
                self.objects.extend(_with_conjuncts(c))
            if c.dep_ in PARTICLE_DEPS:
                self.particles.add(c.lower_)
        for head in [tok, *self.objects]:
            for c in head.children:
                if c.dep_ in PREP_DEPS:
                    self.preps.append((c.lower_, [t for p in c.children if p.dep_ == "pobj" for t in _with_conjuncts(p)]))
                elif c.dep_ == "prt":  # "set aside the rift": the particle with the object
                    self.preps.append((c.lower_, list(self.objects)))


def _with_conjuncts(tok: Token) -> list[Token]:
    return [tok, *(c for c in tok.children if c.dep_ == "conj")]


class PatternDictionary:
    """The converted PETRARCH2 verb dictionary, indexed by lemma."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["header"]["version"]
        synsets = {name: Words(tuple((_forms(p[-1]), tuple(p[:-1])) for p in phrases))
                   for name, phrases in data["synsets"].items()}
        self._synsets = synsets
        self.forms: dict[str, tuple[Form, ...]] = {}
        forms: dict[str, list[Form]] = {}
        for raw in data["verbs"]:
            form = Form(raw["lemma"], raw["family"], tuple(raw.get("before", ())), tuple(raw.get("after", ())),
                        self._entry(raw["lemma"], raw))
            forms.setdefault(form.lemma, []).append(form)
        self.forms = {k: tuple(v) for k, v in forms.items()}
        self.patterns: dict[str, tuple[Pattern, ...]] = {}
        for family, pats in data["patterns"].items():
            self.patterns[family] = tuple(self._pattern(p, n) for n, p in enumerate(pats))

    def _words(self, word: str) -> Words:
        if word.startswith("&"):
            return self._synsets[word[1:]]
        return Words(((_forms(word), ()),))

    def _phrase(self, raw: dict[str, Any]) -> Phrase:
        return Phrase(self._words(raw["head"]), tuple(self._words(m) for m in raw.get("mods", ())))

    def _pattern(self, raw: dict[str, Any], order: int) -> Pattern:
        objects = tuple(self._phrase(p) for p in raw.get("object", ()))
        preps = tuple(Prep(frozenset(p["prep"]), self._phrase(p["object"]) if "object" in p else None)
                      for p in raw.get("preps", ()))
        entry = None
        if raw["type"] is not None:
            words = frozenset(w for p in raw.get("object", ()) for w in _forms(p["head"]) if not w.startswith("&"))
            entry = VerbEntry(lemma=raw.get("verb") or "", event_type=raw["type"], cameo=raw.get("cameo"),
                              mode=raw.get("mode"), objects=words,
                              preps=frozenset(w for p in preps for w in p.preps),
                              reciprocal=bool(raw.get("reciprocal")), fallback=True)
        return Pattern(tuple(self._phrase(p) for p in raw.get("subject", ())), objects,
                       frozenset(raw.get("particles", ())), preps, raw.get("verb"), entry, order)

    @staticmethod
    def _entry(lemma: str, raw: dict[str, Any]) -> VerbEntry | None:
        if raw["type"] is None:
            return None
        return VerbEntry(lemma=lemma, event_type=raw["type"], cameo=raw.get("cameo"), mode=raw.get("mode"),
                         reciprocal=bool(raw.get("reciprocal")), fallback=True)

    def match(self, tok: Token, lemma: str) -> VerbEntry | None:
        """The PLOVER coding of the verb ``tok`` (lemma ``lemma``) by the most specific
        pattern that fits it, else by the verb's own code; None when it codes no event."""
        forms = self.forms.get(lemma)
        if not forms:
            return None
        fitting = [f for f in forms if f.fits(tok)]
        if not fitting:
            return None
        phrasal = [f for f in fitting if f.before or f.after]
        args = _Arguments(tok)
        best: tuple[tuple[int, int, int, int], Pattern] | None = None
        for rank, form in enumerate(phrasal + [f for f in fitting if f not in phrasal]):
            for pat in self.patterns.get(form.family, ()):
                if pat.verb is not None and pat.verb != lemma:
                    continue  # written for another verb of the family ("RESERVE * RIGHT")
                key = (bool(form in phrasal), pat.size, pat.verb == lemma, -rank * 10_000 - pat.order)
                if (best is None or key > best[0]) and pat.matches(args):
                    best = (key, pat)
        if best is not None:
            return _named(best[1].entry, lemma)
        if phrasal:
            return _named(phrasal[0].entry, lemma)
        entries = {f.entry for f in fitting}
        return _named(entries.pop(), lemma) if len(entries) == 1 else None


def _named(entry: VerbEntry | None, lemma: str) -> VerbEntry | None:
    if entry is None or entry.lemma == lemma:
        return entry
    return VerbEntry(lemma=lemma, event_type=entry.event_type, cameo=entry.cameo, mode=entry.mode,
                     objects=entry.objects, preps=entry.preps, reciprocal=entry.reciprocal, fallback=True)


def knowledge_version() -> str:
    """How an event coded by this dictionary names its knowledge ("petrarch-verbs 2026.12.2")."""
    return f"petrarch-verbs {load_patterns().version}"


@lru_cache(maxsize=1)
def load_patterns() -> PatternDictionary:
    """The shipped PETRARCH2 verb dictionary (cached)."""
    raw = resources.files("detente.knowledge").joinpath(FILE).read_text("utf-8")
    return PatternDictionary(json.loads(raw))


def _skipped(lex: Lexicon) -> frozenset[str]:
    return lex.speech_verbs | lex.intent_verbs | lex.future_verbs | lex.light_verbs


PARTY_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# a third-person pronoun stands for a party named before (the engine resolves it); "we",
# "you" and "I" are mostly quoted speakers talking in general
THIRD_PERSON = frozenset({"he", "she", "it", "they"})


def _named_subject(tok: Token) -> bool:
    """Whether the verb's doer is named: a subject (or the agent of a passive, or the subject
    of the verb it is coordinated with) holding a name, a nationality, an organisation or a
    third-person pronoun.  A
    fallback code is trusted only for an act of a named party ("People just keep dying" and
    "Trade is a great way to settle wars" code nothing)."""
    verb = tok
    for _ in range(3):
        doers = [c for c in verb.children if c.dep_ in {"nsubj", "agent"}]
        if doers:  # the doer's own words, not a phrase after it ("the fighting between X and Y")
            return any(t.ent_type_ in PARTY_ENTS or t.pos_ == "PROPN" or t.lower_ in THIRD_PERSON
                       for d in doers for c in _with_conjuncts(d) for t in c.subtree if t.i <= c.i)
        if verb.dep_ not in {"conj", "xcomp"} or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


PAST_AUX = frozenset({"was", "were", "had", "has", "have", "'s", "'ve", "'d"})


def _reports_an_act(tok: Token) -> bool:
    """Whether the verb's clause reports a discrete act: one that took place (a past tense
    "targeted", a perfect "has settled", a past passive "was shelled") or one announced
    ("will withdraw", an intention PLOVER codes), also through the verb governing an
    infinitive ("agreed to ...").  A present or habitual statement ("does not target
    civilians", "is scrambling to ensure") and an ongoing activity ("were continuing to
    target") are left to the curated lexicon."""
    verb = tok
    for _ in range(3):
        if verb.tag_ == "VBD" and not _progressive(verb):
            return True
        if any(c.dep_ in {"aux", "auxpass"} and (c.lower_ in WILL_WOULD or (c.lower_ in PAST_AUX and verb.tag_ == "VBN"))
               for c in verb.children):
            return True
        if verb.dep_ not in {"xcomp", "conj"} or verb.head.i == verb.i or _progressive(verb):
            return False
        verb = verb.head
    return False


def _progressive(verb: Token) -> bool:
    return verb.tag_ == "VBG" or any(c.dep_ == "xcomp" and c.tag_ == "VBG" for c in verb.children)


def petrarch_entry(tok: Token, lemma: str, lex: Lexicon) -> VerbEntry | None:
    """The fallback coding of a verb the curated lexicon has no trigger for.  Verbs the
    lexicon treats as speech, intention or light verbs are left to it (their complements or
    objects carry the event), and a verb it lists gets only a pattern's code, never the bare
    verb's (the lexicon chose to code it only with certain objects), nor a verb whose object
    is one of its event nouns."""
    if tok.pos_ != "VERB" or tok.dep_ in PREPOSITION_DEPS | MODIFIER_VERB_DEPS or lemma in _skipped(lex):
        return None
    if not _named_subject(tok) or not _reports_an_act(tok):
        return None
    entry = load_patterns().match(tok, lemma)
    if entry is None or entry.specific:
        return entry
    if lemma in lex.verbs:
        return None
    # the object is an event noun of the lexicon ("removing the sanctions"): the noun names
    # the event better than the verb's generic code
    if any(c.dep_ in OBJECT_DEPS and c.lemma_.lower() in lex.nouns for c in tok.children):
        return None
    if any(c.dep_ == "xcomp" for c in tok.children):
        # a refusal, threat or demand governs its infinitive ("vowed to retaliate") and codes
        # the sentence as the curated control verbs do; any other verb, and an implicative
        # verb that only says whether the act happened ("failed to", "managed to"), leaves
        # the act to the infinitive
        control = entry.event_type in CONTROL_TYPES and lemma not in IMPLICATIVE
        return replace(entry, control=True) if control else None
    return entry

