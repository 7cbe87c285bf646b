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
    (conflict,) = find_conflicts(claims, [], {})  # one conflict for the subject, not one per pair
    assert {x.article_id for x in conflict.claims} == {"a", "b", "c"}
    assert conflict.reason.count(" vs ") == 2  # a~b and b~c; a and c agree
    assert "undated" in conflict.reason


def test_dated_war_durations_compare_implied_start_dates() -> None:
    # two years apart, both say the war started around early 2022: no conflict
    a = art("a", "The war has dragged on for three and a half years.", published="2025-08-17")
    b = art("b", "The war has dragged on for a year and a half.", published="2023-08-01")
    c = art("c", "The war has lasted for a year and a half.", published="2025-08-17")
    conflicts = find_conflicts([x for y in (a, b, c) for x in extract_claims(y, [])], [], {})
    (conflict,) = conflicts  # a~c and b~c, one conflict on the subject
    assert {x.article_id for x in conflict.claims} == {"a", "b", "c"}
    assert conflict.reason.count("implied start") == 2  # a and b agree: no third reason


def test_start_years_and_titles_disagree_side_by_side() -> None:
    a = art("a", "Since the war began in 2022, Beijing has called for talks. "
                 "U.S. President Donald Trump spoke with Putin.", published=None)
    b = art("b", "Peace has been elusive in the years since the conflict erupted in 2014. "
                 "Former President Donald Trump said the talks went well. Later, President "
                 "Donald Trump said more.", published=None)
    conflicts = find_conflicts(extract_claims(a, []) + extract_claims(b, []), [], {})
    kinds = {(cf.subject, cf.kind) for cf in conflicts}
    assert ("year the war began", "disagreement") in kinds
    # b contradicts a and itself: one conflict on Trump's office holds all three mentions
    (office,) = [cf for cf in conflicts if cf.subject == "office of Trump"]
    assert office.kind == "disagreement"
    assert sorted((c.article_id, c.normalised) for c in office.claims) == [
        ("a", "President"), ("b", "President"), ("b", "former President")]
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


# --- same event, same war, precise values (issue 14) ------------------------------------------

def _story(sid: str, day: str, city: str, country: str, articles: list[str]):
    from detente.model import Location
    from detente.reconcile import Story

    return Story(id=sid, event_type="CONSULT", actors=["AAA", "BBB"], date=day,
                 location=Location(text=city, name=city, country=country), event_ids=[],
                 article_ids=articles, outlets=[], independent_sources=len(articles),
                 first_report=None, canonical_event_id="")


def _event_date_conflicts(texts: dict[str, str], stories: list) -> list:
    arts = {k: art(k, v, published="2024-06-14") for k, v in texts.items()}
    claims = [c for a in arts.values() for c in extract_claims(a, [])]
    for c in claims:
        c.story_id = stories[0].id
    return [cf for cf in find_conflicts(claims, stories, arts) if cf.subject.startswith("date of the")]


def test_two_reports_of_one_summit_giving_different_days_conflict() -> None:
    texts = {"a": "Leaders gathered at a summit in Lisbon on June 13 to discuss the truce.",
             "b": "The envoy spoke after the summit in Lisbon on May 30, 2024, aides said."}
    (cf,) = _event_date_conflicts(texts, [_story("st-1", "2024-06-13", "Lisbon", "PRT", ["a", "b"])])
    assert cf.subject == "date of the talks in PRT" and cf.kind == "disagreement"
    assert sorted(c.normalised for c in cf.claims) == ["2024-05-30", "2024-06-13"]


def test_a_day_given_for_another_event_or_action_is_not_a_disagreement() -> None:
    story = _story("st-1", "2024-06-13", "Lisbon", "PRT", ["a", "b"])
    # the day of a proposal, not of the talks it proposes
    texts = {"a": "Delegations met in Lisbon on June 13 for a second day.",
             "b": "The Lisbon talks follow a proposal by the mediator on Sunday to restart contacts."}
    assert _event_dates_conflict_free(texts, [story])
    # another city named for the dated event: the earlier Porto summit is another event
    texts = {"a": "Delegations met in Lisbon on June 13 for a second day.",
             "b": "The mediator thanked the hosts of the Porto summit on June 1 and left."}
    assert _event_dates_conflict_free(texts, [story])
    # background and plans are not the reported event
    texts = {"a": "Delegations met in Lisbon on June 13 for a second day.",
             "b": "A previous meeting in Lisbon on June 2 had failed, and they will meet again."}
    assert _event_dates_conflict_free(texts, [story])


def _event_dates_conflict_free(texts: dict[str, str], stories: list) -> bool:
    return _event_date_conflicts(texts, stories) == []


def test_a_day_that_another_source_gives_its_own_event_is_not_a_disagreement() -> None:
    texts = {"a": "Delegations met in Lisbon on June 13 for a second day.",
             "b": "Delegations met in Lisbon on June 3, their aides said."}
    shared = _story("st-1", "2024-06-13", "Lisbon", "PRT", ["a", "b"])
    earlier = _story("st-2", "2024-06-03", "Lisbon", "PRT", ["b", "c"])  # c also reports June 3
    assert _event_date_conflicts(texts, [shared, earlier]) == []
    assert len(_event_date_conflicts(texts, [shared])) == 1


def test_talk_durations_are_precise_unless_hedged() -> None:
    a = art("a", "The meeting of the envoys in Valletta lasted 4.5 hours behind closed doors.")
    b = art("b", "Officials said the three-hour meeting went well.")
    c = art("c", "They left after more than four hours of talks.")
    claims = [x for y in (a, b, c) for x in extract_claims(y, [])]
    for x in claims:
        x.story_id = "st-1"
    (cf,) = find_conflicts(claims, [], {})
    assert {x.article_id for x in cf.claims} == {"a", "b", "c"}  # b disagrees with both; a, c agree
    assert cf.reason.count(" vs ") == 2


def test_the_length_of_a_truce_is_not_the_age_of_the_war() -> None:
    a = art("a", "The deal would halt strikes for one month while the war goes on.")
    assert claims_of(a, "duration") == []


def test_war_durations_of_different_wars_are_not_compared() -> None:
    a = art("a", "The war has dragged on for two years.", published="2022-11-02")
    b = art("b", "The war has dragged on for almost four years.", published="2025-08-19")
    claims = extract_claims(a, []) + extract_claims(b, [])
    assert len(find_conflicts(claims, [], {})) == 1  # nothing says which war: compared
    for c in claims:
        c.scope = ["AAA", "BBB"] if c.article_id == "a" else ["CCC", "DDD", "AAA"]
    assert find_conflicts(claims, [], {}) == []


def test_titles_with_any_demonym_and_possessive_name_the_person() -> None:
    a = art("a", "Former Zambian President Kenneth Kaunda's envoy spoke. US President Donald Trump's aide left.")
    titles = {(c.person, c.normalised) for c in claims_of(a, "title")}
    assert titles == {("Kenneth Kaunda", "former President"), ("Donald Trump", "President")}


def test_state_affiliation_matches_names_domains_and_subdomains() -> None:
    from detente.reconcile import state_affiliation
    from detente.reconcile.outlets import StateOutlet

    listed = (StateOutlet(name="Daily Banner", country="AAA", source="owned by the state",
                          aliases=("The Banner",), domains=("banner.example",)),)
    for outlet, url in [("Daily Banner", None), ("the daily banner", None), ("The Banner", None),
                        ("banner.example", None), (None, "https://world.banner.example/a/1"),
                        ("Daily Banner (banner.example)", None), (None, "https://www.banner.example/x")]:
        entry = state_affiliation(outlet, url, listed)
        assert entry is not None and entry.country == "AAA", (outlet, url)
    for outlet, url in [("Banner Weekly", None), (None, "https://notbanner.example/a"), ("Daily", None)]:
        assert state_affiliation(outlet, url, listed) is None, (outlet, url)


def test_shipped_list_flags_global_times_by_name_and_cgtn_by_subdomain() -> None:
    from detente.reconcile import state_affiliation

    assert (state_affiliation("Global Times", None) or None) is not None
    assert (state_affiliation("globaltimes.cn", None) or None) is not None
    entry = state_affiliation(None, "https://newseu.cgtn.com/news/2025-01-01/x")
    assert entry is not None and entry.country == "CHN"


def test_a_conflict_lists_the_copies_of_its_claims_after_them_marked_as_copies() -> None:
    from detente.derive.copies import CopyPair
    from detente.reconcile import _carried_by_copies
    from detente.reconcile.records import Claim, Conflict

    def claim(cid: str, article: str, value: float) -> Claim:
        return Claim(id=cid, article_id=article, outlet=article.title(), kind="duration",
                     subject="duration of the talks", value=f"{value:g} hours", normalised=value,
                     quote=f"talks lasted {value:g} hours", span=(0, 10), unit="hours")

    one, other, copy, unrelated = claim("c1", "one", 2.0), claim("c2", "other", 5.0), claim("c3", "copy", 2.0), \
        claim("c4", "copy", 9.0)
    conflict = Conflict(id="k", subject="duration of the talks", story_id=None, claims=[one, other],
                        reason="2 hours vs 5 hours")
    _carried_by_copies([conflict], [one, other, copy, unrelated], [CopyPair("copy", "one", 0.97)])
    assert [c.id for c in conflict.claims] == ["c1", "c2", "c3"]  # the copy's other figure is not this claim
    assert copy.copy_of == "one" and unrelated.copy_of == "one" and one.copy_of is None
