"""English words that several layers read: numbers written out, the verbs of speech and the
auxiliaries of the future.
(The trigger lexicon of event verbs is knowledge/verbs.json, not this.)

Each is written here once; a reader takes the part it needs (the counts up to twelve, the
verbs that report what was said) so that adding a word is one edit and no two lists drift.
Every layer may import this module; it imports nothing of détente.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ATTRIBUTION_VERBS",
    "CARDINALS",
    "FUTURE_AUX",
    "FUTURE_OR_WOULD",
    "REPORTING_VERBS",
    "SPEECH_FORMS",
    "SPEECH_VERBS",
    "number_words",
    "said_words",
]

# The cardinal numbers a report spells out, each with its value.
CARDINALS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000,
}
_WORD_OF = {n: w for w, n in CARDINALS.items()}


def number_words(values: Iterable[int], *, article: bool = False) -> dict[str, int]:
    """The words of ``values`` (in that order) with their values; with ``article``, "a" and "an"
    first, as one ("a week", "an hour").  A value with no word of its own is an error."""
    out: dict[str, int] = {"a": 1, "an": 1} if article else {}
    for n in values:
        out[_WORD_OF[n]] = n
    return out


# Verbs of speech, by lemma.  REPORTING_VERBS only report what someone said (a sentence whose
# root is one of them states no event of its own); SPEECH_VERBS adds the verbs that also
# convey a view or a degree of belief (stressed, warned, believed, predicted): what they
# govern is said, not done.  ATTRIBUTION_VERBS hand the clause they govern to their subject
# as its account, accusations included ("officials alleged the rebels had attacked").
REPORTING_VERBS = frozenset({"say", "report", "tell", "add", "state", "announce", "claim", "quote"})
SPEECH_VERBS = REPORTING_VERBS | {
    "confirm", "declare", "note", "stress", "insist", "warn", "explain", "write", "reiterate",
    "emphasize", "argue", "assert", "believe", "suggest", "indicate", "acknowledge", "predict",
}
ATTRIBUTION_VERBS = (REPORTING_VERBS - {"quote"}) | {
    "confirm", "write", "insist", "note", "indicate", "explain", "declare", "accuse", "allege",
}

# The auxiliaries that put a verb in the future, as spaCy's tokens write them ("wo" is the
# first half of "won't").  FUTURE_OR_WOULD adds "would", the future seen from a past report
# ("announced it would withdraw", "said it would not accept anything").
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_OR_WOULD = FUTURE_AUX | {"would"}

# How the verbs of speech are written in running text, for the patterns that read text with no
# parse (segmenting, positions, commitments, stances, claims): lemma → third person present,
# past, present participle.  Each pattern takes its own selection through ``said_words``.
SPEECH_FORMS: dict[str, tuple[str, str, str]] = {
    "say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"),
    "state": ("states", "stated", "stating"), "announce": ("announces", "announced", "announcing"),
    "report": ("reports", "reported", "reporting"), "confirm": ("confirms", "confirmed", "confirming"),
    "add": ("adds", "added", "adding"), "write": ("writes", "wrote", "writing"),
    "repeat": ("repeats", "repeated", "repeating"), "warn": ("warns", "warned", "warning"),
    "insist": ("insists", "insisted", "insisting"), "answer": ("answers", "answered", "answering"),
    "reply": ("replies", "replied", "replying"), "argue": ("argues", "argued", "arguing"),
    "stress": ("stresses", "stressed", "stressing"), "hold": ("holds", "held", "holding"),
    "declare": ("declares", "declared", "declaring"), "note": ("notes", "noted", "noting"),
    "promise": ("promises", "promised", "promising"), "pledge": ("pledges", "pledged", "pledging"),
    "assure": ("assures", "assured", "assuring"),
}


def said_words(*lemmas: str, base: bool = False, present: bool = False, participle: bool = False) -> list[str]:
    """The past forms of ``lemmas`` ("said", "told"), in that order, each followed by the
    other forms asked for: ``base`` ("say"), ``present`` ("says"), ``participle`` ("saying").
    A lemma with no forms in SPEECH_FORMS is an error."""
    out: list[str] = []
    for lemma in lemmas:
        third, past, ing = SPEECH_FORMS[lemma]
        out += [past, *([lemma] if base else []), *([third] if present else []), *([ing] if participle else [])]
    return out


# Verbs whose object is said to have done what their "of" / "for" clause tells ("blamed Israel
# for blocking aid", "accused Moscow of shelling Kherson"): that act is the accused's, alleged.
ACCUSING_VERBS = frozenset({"accuse", "blame", "charge", "condemn", "criticize", "criticise", "fault",
                            "denounce", "rebuke", "castigate", "chide", "slam", "suspect"})

