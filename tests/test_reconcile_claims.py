"""Claims and conflicts on short hand-written reports (own wording, not copied articles)."""

from __future__ import annotations

import pytest

from detente.model import Article
from detente.reconcile import extract_claims, find_conflicts
from detente.reconcile.conflicts import value_range


def art(aid: str, text: str, published: str | None = "2025-08-17", outlet: str | None = None) -> Article:
    return Article(id=aid, text=text, published=published, outlet=outlet or f"Outlet {aid}")


def claims_of(article: Article, kind: str) -> list:
    return [c for c in extract_claims(article, []) if c.kind == kind]


def test_durations_are_normalised_with_their_hedge_and_exact_quote() -> None:
    a = art("a", "The summit in Anchorage was short. The talks lasted about an hour, aides said. "
                 "It came in a war that has dragged on for three and a half years.")
    talks, war = claims_of(a, "duration")
    assert (talks.subject, talks.normalised, talks.unit, talks.qualifier) == \
        ("duration of the talks", 1.0, "hours", "about")
    assert (war.subject, war.normalised, war.unit) == ("duration of the war", 3.5, "years")
    for c in (talks, war):
        assert a.text[c.span[0]:c.span[1]] == c.quote
    assert "lasted about an hour" in talks.quote
    assert value_range(talks) == pytest.approx((0.8, 1.2))


def test_future_and_past_offsets_are_not_durations() -> None:
    a = art("a", "The war began in 2022. Two years ago the talks failed. "
                 "The parties will meet again in two weeks, and a truce may follow within six months.")
    assert claims_of(a, "duration") == []
    (start,) = claims_of(a, "start")
    assert start.normalised == 2022


def test_counts_titles_and_formats() -> None:
    a = art("a", "Both sides agreed to free 1,000 prisoners each. Former President Joe Biden "
                 "was not consulted. The direct talks in Istanbul lasted two hours.")
    (count,) = claims_of(a, "count")
    assert (count.subject, count.normalised) == ("number of prisoners", 1000)
    (title,) = claims_of(a, "title")
    assert (title.subject, title.normalised, title.person) == ("office of Biden", "former President", "Joe Biden")
    (fmt,) = claims_of(a, "format")
    assert (fmt.subject, fmt.normalised) == ("format of the talks in TUR", "direct")


def test_war_durations_conflict_only_beyond_their_hedges() -> None:
    a = art("a", "A war that has dragged on for three and a half years is not over.")
    b = art("b", "The war, which has persisted for nearly two years, goes on.", published=None)
    c = art("c", "For over three years, the war has strained relations.")
    claims = [x for y in (a, b, c) for x in extract_claims(y, [])]
    conflicts = find_conflicts(claims, [], {})
    pairs = {frozenset(x.article_id for x in cf.claims) for cf in conflicts}
    assert pairs == {frozenset({"a", "b"}), frozenset({"b", "c"})}
    assert all("undated" in cf.reason for cf in conflicts)


def test_dated_war_durations_compare_implied_start_dates() -> None:
    # two years apart, both say the war started around early 2022: no conflict
    a = art("a", "The war has dragged on for three and a half years.", published="2025-08-17")
    b = art("b", "The war has dragged on for a year and a half.", published="2023-08-01")
    c = art("c", "The war has lasted for a year and a half.", published="2025-08-17")
    conflicts = find_conflicts([x for y in (a, b, c) for x in extract_claims(y, [])], [], {})
    pairs = {frozenset(x.article_id for x in cf.claims) for cf in conflicts}
    assert frozenset({"a", "b"}) not in pairs
    assert frozenset({"a", "c"}) in pairs
    assert any("implied start" in cf.reason for cf in conflicts)


def test_start_years_and_titles_disagree_side_by_side() -> None:
    a = art("a", "Since the war began in 2022, Beijing has called for talks. "
                 "U.S. President Donald Trump spoke with Putin.", published=None)
    b = art("b", "Peace has been elusive in the years since the conflict erupted in 2014. "
                 "Former President Donald Trump said the talks went well. Later, President "
                 "Donald Trump said more.", published=None)
    conflicts = find_conflicts(extract_claims(a, []) + extract_claims(b, []), [], {})
    kinds = {(cf.subject, cf.kind) for cf in conflicts}
    assert ("year the war began", "disagreement") in kinds
    assert ("office of Trump", "disagreement") in kinds
    assert ("office of Trump", "internal") in kinds
    start = next(cf for cf in conflicts if cf.subject == "year the war began")
    assert sorted(c.quote for c in start.claims) == ["Since the war began in 2022",
                                                     "years since the conflict erupted in 2014"]


def test_titles_far_apart_in_time_are_not_compared() -> None:
    a = art("a", "Former President Donald Trump spoke.", published="2023-06-01")
    b = art("b", "President Donald Trump spoke.", published="2025-06-01")
    assert find_conflicts(extract_claims(a, []) + extract_claims(b, []), [], {}) == []


def test_talks_dated_to_another_era_are_an_anachronism() -> None:
    a = art("a", "Former President Donald Trump spoke of talks.\n"
                 "October 2023 | Donald Trump | Talks with Putin |", published=None)
    b = art("b", "U.S. President Donald Trump held a phone call with Putin on Wednesday.", published=None)
    conflicts = find_conflicts(extract_claims(a, []) + extract_claims(b, []), [], {})
    ana = [cf for cf in conflicts if cf.kind == "anachronism"]
    assert len(ana) == 1
    assert ana[0].subject == "date of the talks between Putin and Trump"
    assert {c.article_id for c in ana[0].claims} == {"a", "b"}


def test_titles_are_checked_against_the_actor_dictionary() -> None:
    from detente.extract.actors import ActorDictionary

    try:
        actors = ActorDictionary.load()
    except FileNotFoundError:
        pytest.skip("actor dictionary not built yet")
    wrong = art("a", "Former President Donald Trump met Putin in Alaska.", published="2025-08-17")
    right = art("b", "Former President Joe Biden commented on the summit.", published="2025-08-17")
    conflicts = find_conflicts(extract_claims(wrong, []) + extract_claims(right, []), [], {}, actors=actors)
    assert [(cf.kind, cf.claims[0].article_id) for cf in conflicts] == [("dictionary", "a")]
    assert "actor dictionary" in conflicts[0].reason
