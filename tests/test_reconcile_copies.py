"""Copy detection: syndicated and lightly edited republications are found, other reports are not."""

from __future__ import annotations

import random

from detente.derive.copies import shingles
from detente.model import Article
from detente.reconcile import find_copies

WORDS = ["talks", "delegation", "ceasefire", "minister", "palace", "statement", "officials", "prisoners", "exchange", "round", "agreed", "proposal", "weapons", "border", "energy", "strikes", "envoy", "summit", "meeting", "week", "capital", "region", "drones", "aid", "sanctions", "market", "winter", "front", "city", "hours", "night"]


def prose(seed: int, n: int = 220) -> str:
    rng = random.Random(seed)
    sentences = []
    for _ in range(n // 11):
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(11)).capitalize() + ".")
    return " ".join(sentences)


def test_syndicated_copy_with_new_header_and_footer_is_found_and_points_at_the_original() -> None:
    body = prose(1)
    original = Article(id="orig", text=body, outlet="Harbor Ledger", published="2025-05-16")
    copy = Article(id="copy", text="Republished with permission. " + body + " Follow us for more.",
                   outlet="Steppe Courier", published="2025-05-17")
    other = Article(id="other", text=prose(2), outlet="Meridian Post", published="2025-05-16")
    pairs = find_copies([copy, other, original])
    assert [(p.article_id, p.copy_of) for p in pairs] == [("copy", "orig")]
    assert pairs[0].similarity >= 0.95


def test_lightly_edited_copy_passes_the_threshold_and_a_rewrite_does_not() -> None:
    body = prose(3).split()
    edited = list(body)
    for i in range(0, len(edited), 40):  # one word in forty changed
        edited[i] = "changed"
    rewrite = list(body)
    for i in range(0, len(rewrite), 3):  # one word in three changed
        rewrite[i] = "other"
    arts = [Article(id="a", text=" ".join(body), published="2025-01-01"),
            Article(id="b", text=" ".join(edited), published="2025-01-02"),
            Article(id="c", text=" ".join(rewrite), published="2025-01-02")]
    pairs = find_copies(arts)
    assert {(p.article_id, p.copy_of) for p in pairs} == {("b", "a")}
    assert {(p.article_id, p.copy_of) for p in find_copies(arts, threshold=0.0)} >= {("b", "a")}


def test_accents_and_case_do_not_hide_a_copy() -> None:
    body = prose(4)
    a = Article(id="a", text=body.replace("palace", "Dolmabahçe palace"), published="2025-05-16")
    b = Article(id="b", text=body.upper().replace("PALACE", "DOLMABAHCE PALACE"), published="2025-05-17")
    assert [(p.article_id, p.copy_of) for p in find_copies([a, b])] == [("b", "a")]


def test_short_texts_are_not_called_copies() -> None:
    a = Article(id="a", text="Talks resumed on Friday in Istanbul.")
    b = Article(id="b", text="Talks resumed on Friday in Istanbul.")
    assert find_copies([a, b]) == []
    assert len(shingles("one two three four five six")) == 2
