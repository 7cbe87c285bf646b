"""Modality of an event trigger: asserted, negated, hypothetical, future or reported_claim.

Pure functions over a spaCy parse; the word lists are small closed classes of English.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from detente.vocabulary import ACCUSING_VERBS, FUTURE_AUX, FUTURE_OR_WOULD, SPEECH_VERBS

__all__ = ["clause_chain", "modality_of"]

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
_NO, _DET = frozenset({"no"}), frozenset({"det"})  # "no agreement was signed"
# a subject or object that is no one and nothing: "nothing was signed", "signed nothing"
NOBODY = frozenset({"nothing", "nobody", "none", "noone"})
_NEITHER = frozenset({"neither"})
# "will" / "would" / "shall" / "'ll" without "wo": the tense tests of a reported act and of a
# verb done as it is said (extract.patterns, extract.context) have never counted "won't".
WILL_WOULD = FUTURE_OR_WOULD - {"wo"}
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "should", "would", "can"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
REPORT_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "apparently", "ostensibly"})
REPORT_NOUNS = frozenset({"report", "reports", "media", "source", "sources", "rumour", "rumor", "leak"})
FUTURE_HEADS = frozenset({"plan", "intend", "vow", "swear", "aim", "prepare", "expect", "hope", "decide",
                          "resolve", "mean", "wish", "set", "go", "pledge", "promise", "due", "poised", "scheduled", "slated"})
POSSIBILITY_NOUNS = frozenset({"possibility", "prospect", "chance", "likelihood", "option", "potential", "idea"})
FAILURE_HEADS = frozenset({"fail", "refrain", "avoid", "stop", "cease", "postpone", "delay", "defer", "cancel", "scrap", "shelve"})
SPEECH = SPEECH_VERBS
# Prepositions that set one event beside another in time, each with its own modality.
TEMPORAL_PREPS = frozenset({"after", "before", "during", "following", "since", "until", "amid", "despite"})
HEAD_DEPS = frozenset({"xcomp", "ccomp", "conj", "acl", "advcl", "pcomp", "relcl", "pobj", "prep", "dobj", "nsubj", "nsubjpass", "attr", "acomp"})


def to_infinitive(verb: Token) -> bool:
    """Whether a verb is a to-infinitive ("to meet", "hostages to be freed")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def clause_chain(tok: Token, limit: int = 4) -> list[Token]:
    """The trigger and the words governing it up to its clause head: a verb's xcomp heads
    ("agreed to *meet*"), a noun's governing verb ("held *talks*")."""
    chain = [tok]
    cur = tok
    for _ in range(limit):
        infinitive = cur.dep_ == "advcl" and to_infinitive(cur)
        if cur.dep_ == "ROOT" or not (infinitive or cur.dep_ in {"xcomp", "prep", "pobj", "dobj", "attr", "pcomp", "acomp", "nsubjpass", "nsubj", "compound", "amod"}):
            break
        if cur.dep_ in {"nsubj", "nsubjpass"} and tok.pos_ == "VERB":
            break
        if cur.dep_ == "pobj" and cur.head.lower_ in TEMPORAL_PREPS:
            break  # "scrapped after the meeting": the meeting is an event of its own
        cur = cur.head
        chain.append(cur)
    return chain


def _has_child(tok: Token, lowers: frozenset[str], deps: frozenset[str] | None = None) -> bool:
    return any(c.lower_ in lowers and (deps is None or c.dep_ in deps) for c in tok.children)


def _ancestors_until_root(tok: Token) -> list[Token]:
    out: list[Token] = []
    cur = tok
    while cur.head.i != cur.i and len(out) < 8:
        out.append(cur)
        cur = cur.head
    out.append(cur)
    return out


# Marks of a clause that dates its event against its main clause's.
TEMPORAL_MARKS = frozenset({"after", "once", "when", "until", "before"})


def modality_of(tok: Token, sent: Span) -> str:
    """The modality of the event whose trigger head is ``tok`` inside ``sent``."""
    chain = clause_chain(tok)
    verbs = [t for t in chain if t.pos_ in {"VERB", "AUX", "ADJ"}] or chain[-1:]
    # negation: on the trigger or a governing verb of its clause; "no talks"; "failed to"
    for t in chain:
        if _has_child(t, NEGATORS, frozenset({"neg", "det", "advmod", "preconj", "cc"})):
            return "negated"
        if t is not tok and t.lemma_ in FAILURE_HEADS and t.pos_ == "VERB":
            return "negated"
    if tok.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in {"nsubjpass", "dobj"} and _has_child(c, _NO, _DET)
            for c in tok.children):
        return "negated"  # "no agreement was signed", "reached no deal"
    if tok.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lower_ in NOBODY for c in tok.children):
        return "negated"  # "nothing had been signed", "they agreed nothing"
    if tok.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in {"nsubj", "nsubjpass"} and _has_child(c, _NEITHER, frozenset({"preconj", "det", "cc"}))
            for c in tok.children):
        return "negated"  # "neither Kurti nor Vucic signed the accord"
    ancestors = _ancestors_until_root(tok)
    # hypothetical: conditional clause, or a modal other than will/shall on the trigger's clause
    for t in ancestors:
        if t.dep_ == "advcl" and _has_child(t, CONDITIONAL_MARKS, frozenset({"mark"})):
            return "hypothetical"
        if t.lemma_ in POSSIBILITY_NOUNS:
            return "hypothetical"
    in_reported = any(t.lemma_ in SPEECH for t in ancestors[1:])
    for t in ancestors:
        # "the deal will only take effect after some sanctions are lifted": what a future event
        # waits for is itself still to come ("would ... after the rebels agreed" may be a past
        # the report tells of, and is left as it is)
        if (t.dep_ == "advcl" and _has_child(t, TEMPORAL_MARKS, frozenset({"mark"}))
                and any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in FUTURE_AUX for c in t.head.children)):
            return "future"
    for t in verbs:
        for c in t.children:
            if c.dep_ == "aux" and c.tag_ == "MD":
                low = c.lower_
                if low in FUTURE_AUX:
                    return _reported_or(tok, sent, ancestors, "future")
                if low == "would" and in_reported:
                    return _reported_or(tok, sent, ancestors, "future")
                if low in HYPOTHETICAL_AUX:
                    return "hypothetical"
    reported = _reported(tok, sent, ancestors)
    if reported:
        return "reported_claim"
    for t in chain[1:]:
        if t.lemma_ in FUTURE_HEADS:
            return "future"
        if t.lower_ == "going" and _has_child(t, frozenset({"to"})):
            return "future"
    if any(c.dep_ == "amod" and c.lower_ in {"upcoming", "planned", "proposed", "scheduled", "future", "forthcoming", "possible", "potential"} for c in tok.children):
        return "future"
    return "asserted"


def _reported_or(tok: Token, sent: Span, ancestors: list[Token], otherwise: str) -> str:
    return "reported_claim" if _reported(tok, sent, ancestors) else otherwise


def accused_of(verb: Token) -> Token | None:
    """The accusing verb whose "of" / "for" clause ``verb`` is ("blamed Israel for blocking"), if any."""
    if verb.dep_ == "pcomp" and verb.head.lower_ in {"of", "for"} and verb.head.head.lemma_.lower() in ACCUSING_VERBS:
        return verb.head.head
    return None


def _reported(tok: Token, sent: Span, ancestors: list[Token]) -> bool:
    for t in ancestors:
        if _has_child(t, REPORT_ADVERBS):
            return True
        if accused_of(t) is not None:
            return True  # what a party is accused of is alleged
        # "what he described as ..."
        if t.lemma_ == "describe" and any(c.lower_ == "what" for c in t.children):
            return True
        if t.lemma_ in {"suggest", "claim", "allege", "rumor", "rumour"} and any(
            c.dep_ == "nsubj" and c.lower_ in REPORT_NOUNS for c in t.children
        ):
            return True
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            obj = [w for w in t.doc[t.i + 1].children if w.dep_ == "pobj"]
            if obj and obj[0].lemma_.lower() in REPORT_NOUNS | {"report", "media"}:
                return True
            if obj and any(w.lower_ in {"report", "reports", "media"} for w in obj[0].subtree):
                return True
        if t.lower_ in REPORT_ADVERBS and t.head.i == tok.i:
            return True
    return False
