"""The folds agree: extraction's token keys, the gazetteer's other names, reconcile's keys and
the stores' event words all come from detente.text, so a name with special letters ("Çırağan",
"Ø", "ß", "ı", "Þ", "Ħ") is the same key wherever it is looked up."""

from __future__ import annotations

import random

from detente.extract.actors import fold as token_fold
from detente.extract.actors import tokenize
from detente.extract.places import Place, _Alternates
from detente.store.words import event_words
from detente.text import fold, fold_letters, fold_token, words

# each spelling, and what every fold must make of it
HARD = {
    "Çırağan": "ciragan",
    "ÇIRAĞAN": "ciragan",
    "Øresund": "oresund",
    "ØRESUND": "oresund",
    "Straße": "strasse",
    "STRAẞE": "strasse",  # the capital sharp s
    "Diyarbakır": "diyarbakir",
    "İzmir": "izmir",
    "Þingvellir": "thingvellir",
    "Ħamrun": "hamrun",
    "Łódź": "lodz",
    "Đakovo": "dakovo",
}


def test_every_fold_gives_the_same_word() -> None:
    for spelling, want in HARD.items():
        assert fold_letters(spelling) == want, spelling
        assert fold(spelling) == want and words(spelling) == [want], spelling
        assert token_fold(spelling) == fold_token(spelling) == want, spelling
        assert tokenize(f"talks in {spelling}").keys == ["talks", "in", want], spelling


def test_token_keys_drop_the_dots_of_initials_only() -> None:
    assert token_fold("U.S.") == fold_token("U.S.") == "us"
    assert fold("U.S.") == "u s"  # the word fold splits at the dots instead
    assert tokenize("the U.S. and Türkiye").keys == ["the", "us", "and", "turkiye"]


def test_token_keys_are_the_letter_fold_on_random_words() -> None:
    rng = random.Random(1515)
    for _ in range(3000):
        word = "".join(chr(rng.randint(0x41, 0x2FF)) for _ in range(rng.randint(1, 8)))
        assert token_fold(word) == fold_letters(word).replace(".", ""), word


def test_the_gazetteer_finds_another_name_however_it_is_spelled() -> None:
    """The other names of a city are folded as the tokens are: the Turkish spelling of a
    palace district and the Danish one of a strait are found from their ASCII spellings."""
    besiktas = Place("city", "Besiktas", "TUR")
    oresund = Place("region", "Oresund", "DNK")
    alternates = _Alternates.build([(besiktas, ["Çırağan Sarayı"]), (oresund, ["Øresund", "ØRESUND"])])
    for text, place in (("Ciragan Sarayi", besiktas), ("ÇIRAĞAN SARAYI", besiktas), ("Oresund", oresund)):
        assert alternates.find(tuple(tokenize(text).keys)) == [place], text


def test_the_store_keeps_the_same_words() -> None:
    stored = event_words("Talks at the ÇIRAĞAN palace, by the Straße to Øresund", "talks")
    assert stored == ["talks", "at", "the", "ciragan", "palace", "by", "strasse", "to", "oresund"]


def test_a_surname_is_known_by_its_fold() -> None:
    """Extraction's document pass knows a person again by surname through the token fold, so
    the spelling with or without its accents (and with punctuation after it) is one name."""
    from detente.extract.context import _surname_key

    assert _surname_key("Erdoğan,") == _surname_key("Erdogan") == fold_token("ERDOĞAN") == "erdogan"
    assert _surname_key("Çırağan") == "ciragan"
    assert _surname_key("Ohrid.") == "ohrid" and _surname_key("Kyiv’") == "kyiv"


def test_one_table_of_apostrophes() -> None:
    """The parser's text and every fold write the typographic apostrophes alike."""
    from detente.extract.engine import for_parser
    from detente.text import APOSTROPHES

    for curly in APOSTROPHES:
        text = f"Kyiv{curly}s and Ohrid{curly}s talks"
        assert for_parser(text) == "Kyiv's and Ohrid's talks"
        assert len(for_parser(text)) == len(text)  # one character for one: offsets hold
        assert fold_letters(text) == "kyiv's and ohrid's talks"
