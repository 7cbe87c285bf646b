"""One text folding (detente.text) for reconcile, the copy finder and the stores' event text filter:
the spellings of "Çırağan" fold alike everywhere, a transliteration (Chiragan) meets them through
the name keys, and a store whose words were folded the old way is filled again when opened."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from detente.extract.actors import fold as token_fold
from detente.model import ActorRef, Article, Event, content_id
from detente.reconcile.text import name_key, names_match
from detente.store import EventQuery, open_store
from detente.store import words as store_words
from detente.text import fold, fold_letters, words

SPELLINGS = ["Çırağan", "ÇIRAĞAN", "Ciragan", "CIRAGAN", "çırağan"]


def test_the_spellings_of_one_name_fold_alike() -> None:
    assert {fold(s) for s in SPELLINGS} == {"ciragan"}
    assert {tuple(words(f"the {s} Palace")) for s in SPELLINGS} == {("the", "ciragan", "palace")}
    # a transliteration is another spelling: folding keeps it apart, the name key joins it
    assert fold("Chiragan") == "chiragan"
    assert len({name_key(s) for s in [*SPELLINGS, "Chiragan"]}) == 1
    assert names_match("Chiragan Palace", "Çırağan Palace")


def test_special_letters_case_and_compatibility_forms() -> None:
    assert fold("Łódź, Ærø and Straße!") == "lodz aero and strasse"
    assert fold("İstanbul ﬁnal x_y 4711:") == "istanbul final x y 4711"
    assert words("Zelenskyy’s Jeddah-based NAÏVE") == ["zelenskyy", "s", "jeddah", "based", "naive"]
    # other scripts keep their letters (in lower case), so a Cyrillic name is not lost
    assert words("Київ said") == ["киів", "said"] and fold("Київ") == "киів"
    assert words(None) == [] and words(" -- ") == [] and fold("") == ""


def test_folding_is_stable_and_words_are_the_folded_text_split() -> None:
    rng = random.Random(15)
    for _ in range(3000):
        text = "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(10))
        got = words(text)
        assert got == fold(text).split(), text
        assert words(" ".join(got)) == got and fold(fold(text)) == fold(text), text


def test_the_store_filter_and_the_extraction_tokens_fold_the_same_way() -> None:
    for s in SPELLINGS:
        assert store_words.words(f"{s} Palace") == ["ciragan", "palace"]
        # extraction keeps its own cached token folding (dots dropped); on words it must agree
        assert token_fold(s) == fold_letters(s) == "ciragan"
    assert token_fold("Łódź") == fold_letters("Łódź")


def _event(doc: Article, sentence: str) -> Event:
    return Event(id=f"{doc.id}-1", doc_id=doc.id, sentence=sentence, span=(0, len(sentence)), trigger="resumed",
                 event_type="CONSULT", actors=[ActorRef("Turkey", "Turkey", "TUR")], recipients=[])


def test_every_spelling_finds_the_event_in_the_store(tmp_path: Path) -> None:
    doc = Article(id=content_id("t1"), text="t1")
    with open_store(f"sqlite:///{tmp_path / 'words.db'}") as store:
        store.add_article(doc, [_event(doc, "Talks at the Çırağan palace resumed.")])
        for s in SPELLINGS:
            assert [e.id for e in store.list_events(EventQuery(text=s))] == [f"{doc.id}-1"], s
        assert store.count_matching_events(EventQuery(text="Chiragan")) == 0  # words, not name keys


def _store_as_before(url: str, path: Path) -> None:
    """Write the words as the stores folded them before detente.text (the dotless ı kept as a
    letter of its own) and forget the migration that folds them again."""
    old = ["talks", "at", "the", "cıragan", "palace", "resumed"]
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("UPDATE events SET words = %s", (old,))
            conn.execute("DELETE FROM _migrations WHERE name = '0014_event_words_folded'")
            assert conn.execute("SELECT n FROM event_word_counts WHERE word = 'cıragan'").fetchone() == (1,)
        return
    conn = sqlite3.connect(path)
    conn.execute("UPDATE events SET words = ?", (" ".join(old),))
    conn.execute("DELETE FROM _migrations WHERE name = '0016_event_words_folded'")
    conn.commit()
    assert conn.execute("SELECT count(*) FROM events_fts WHERE events_fts MATCH 'ciragan'").fetchone()[0] == 0
    conn.close()


def test_words_folded_the_old_way_are_filled_again_on_open(store_url: str, tmp_path: Path) -> None:
    doc = Article(id=content_id("t2"), text="t2")
    with open_store(store_url) as store:
        store.add_article(doc, [_event(doc, "Talks at the Çırağan palace resumed.")])
        assert store.list_events(EventQuery(text="Ciragan"))
    _store_as_before(store_url, tmp_path / "test.db")
    with open_store(store_url) as store:
        assert store.migrate() == []
        assert [e.id for e in store.list_events(EventQuery(text="Ciragan"))] == [f"{doc.id}-1"]
        assert store.count_matching_events(EventQuery(text="ciragan")) == 1
        assert store.count_matching_events(EventQuery(text="palace resumed")) == 1
        assert store.count_matching_events(EventQuery(text="cıragan")) == 1  # the query folds too
