"""detente.vocabulary: the number words and the speech verbs are written once, and every reader
takes its part from there (the readers' own names stay, so their code reads as before)."""

from __future__ import annotations

import pytest

from detente import vocabulary
from detente.vocabulary import (
    ATTRIBUTION_VERBS,
    CARDINALS,
    REPORTING_VERBS,
    SPEECH_VERBS,
    number_words,
)


def test_number_words_in_the_order_asked() -> None:
    assert number_words([3, 1, 30]) == {"three": 3, "one": 1, "thirty": 30}
    assert list(number_words(range(1, 4), article=True)) == ["a", "an", "one", "two", "three"]
    assert number_words(range(1, 4), article=True)["an"] == 1
    assert all(CARDINALS[w] == n for w, n in number_words(range(1, 21)).items())
    with pytest.raises(KeyError):
        number_words([21])  # no word of its own: an error, not a silent gap


def test_the_verb_sets_nest_as_documented() -> None:
    assert REPORTING_VERBS < SPEECH_VERBS
    assert {"say", "tell", "quote"} <= REPORTING_VERBS and "believe" not in REPORTING_VERBS
    assert {"believe", "predict", "warn"} <= SPEECH_VERBS
    assert {"accuse", "allege"} <= ATTRIBUTION_VERBS and "quote" not in ATTRIBUTION_VERBS
    assert ATTRIBUTION_VERBS - {"accuse", "allege"} < SPEECH_VERBS


def test_the_readers_use_the_one_definition() -> None:
    from detente.extract import context, dates, engine, modality
    from detente.reconcile import claims
    from detente.track import commitments, deadlines

    assert modality.SPEECH is vocabulary.SPEECH_VERBS
    assert engine.REPORTING_VERBS is vocabulary.REPORTING_VERBS
    assert context.REPORTING is vocabulary.ATTRIBUTION_VERBS
    # the tables each reader had written out before, word for word and in order
    assert list(dates._NUMBER_WORDS) == ["a", "an", "one", "two", "three", "four", "five", "six",
                                         "seven", "eight", "nine", "ten", "eleven", "twelve"]
    assert list(deadlines._NUMBERS)[-4:] == ["twelve", "thirty", "sixty", "ninety"]
    assert commitments._NUMBER_WORDS == {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
    assert claims._NUMBERS["nineteen"] == 19 and claims._NUMBERS["seventy"] == 70
    assert claims._NUMBERS["half an"] == 0.5 and claims._NUMBERS["a dozen"] == 12 and "fifteen" in claims._NUMBERS


def test_the_future_auxiliaries_are_written_once() -> None:
    from detente.extract import context, dates, events, modality, patterns

    assert {"will", "shall", "'ll", "wo"} == vocabulary.FUTURE_AUX
    assert vocabulary.FUTURE_AUX | {"would"} == vocabulary.FUTURE_OR_WOULD
    assert modality.FUTURE_AUX is vocabulary.FUTURE_AUX and dates.FUTURE_AUX is vocabulary.FUTURE_AUX
    assert events.FUTURE_OR_WOULD is vocabulary.FUTURE_OR_WOULD
    # the tense tests that never counted "won't", as they were written out before
    assert {"will", "would", "shall", "'ll"} == modality.WILL_WOULD
    assert patterns.WILL_WOULD is context.WILL_WOULD is modality.WILL_WOULD


def test_said_words_in_the_order_asked() -> None:
    from detente.vocabulary import SPEECH_FORMS, said_words

    assert said_words("say", "tell") == ["said", "told"]
    assert said_words("say", base=True, present=True, participle=True) == ["said", "say", "says", "saying"]
    assert said_words("reply", "hold", present=True) == ["replied", "replies", "held", "holds"]
    assert all(past.isalpha() for _, past, _ in SPEECH_FORMS.values())
    with pytest.raises(KeyError):
        said_words("whisper")  # no forms of its own: an error, not a silent gap


def test_the_reporting_patterns_take_their_words_from_the_one_table() -> None:
    """Each text pattern of reporting is its own selection of SPEECH_FORMS; the patterns are
    word for word (and in the order) they were written out before."""
    from detente.ingest import segment
    from detente.reconcile import claims, stances
    from detente.track import commitments, positions

    assert segment._REPORTING.pattern == (
        r"\b(?:said|says|told|according to|announced|stated|reported|confirmed|added)\b")
    assert positions._REPORTED.pattern.startswith(
        r"\b(?:said|says|saying|told|tells|telling|stated|repeated|added|wrote|writes|warned|insisted|"
        r"answered|replied|argued|stressed|announced|held|declared)\b")
    assert commitments._REPORTED.pattern == (
        r"\b(?:said|says|told|tells|announced|announces|stated|wrote|added|promised|pledged|assured)\b")
    assert any(t.pattern.pattern.startswith(r"\b(?:said|say|says|stated)\s+(?:that\s+)?")
               for t in commitments._TRIGGERS)
    assert stances._SAY == r"(?:said|says|stated|added|argued|told\s+\w+|wrote|declared|noted|insisted|stressed|warned)"
    assert claims._STATEMENT_DAY.pattern.startswith(r"\b(?:said|announced|stated|declared)\s+")
    assert r"(?:said|stated|announced)\s+" in claims._STATEMENT_DAY.pattern
