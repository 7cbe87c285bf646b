"""Conflicts by class of disagreement (issue 14, recall): short reports in our own words, each
test a case a reader relies on — every value given for a subject listed together, the quote
shown from the prose, talk formats compared across a dated and an undated story."""

from __future__ import annotations

from detente.model import Article, Location
from detente.reconcile import Story, extract_claims, find_conflicts


def art(aid: str, text: str, published: str | None = "2025-03-04") -> Article:
    return Article(id=aid, text=text, published=published, outlet=f"Outlet {aid}")


def story(sid: str, day: str | None, country: str, articles: list[str]) -> Story:
    return Story(id=sid, event_type="CONSULT", actors=["AAA", "BBB"], date=day,
                 location=Location(text=country, name=country, country=country), event_ids=[],
                 article_ids=articles, outlets=[], independent_sources=len(articles),
                 first_report=None, canonical_event_id="")


def claims_for(*articles: Article, story_id: str | None = None) -> list:
    out = [c for a in articles for c in extract_claims(a, [])]
    for c in out:
        c.story_id = story_id or c.story_id
    return out


def test_a_value_compatible_with_one_side_is_listed_beside_the_disagreement() -> None:
    a = art("a", "The envoys' meeting in Valletta lasted 4.5 hours, aides said.")
    b = art("b", "After the meeting the two envoys left.\nIt ended after more than four hours of talks. "
                 "Then the envoy flew home.")
    c = art("c", "The Kremlin said the four-hour discussion covered energy.")
    (cf,) = find_conflicts(claims_for(a, b, c, story_id="st-1"), [], {"a": a, "b": b, "c": c})
    # a (4.5 h) and c (4 h) disagree; b (more than four) can be either: it is shown, not a reason
    assert {x.article_id for x in cf.claims} == {"a", "b", "c"}
    assert cf.reason.count(" vs ") == 1


def test_the_quote_shown_comes_from_the_prose_not_a_caption() -> None:
    text = ("Talks in Valletta\n\n"
            "President Ana Ruiz and Prime Minister Tomas Berg at a joint press conference.\n"
            "On Monday, President Ana Ruiz met Prime Minister Tomas Berg in Valletta. They spoke for an hour.")
    a = art("a", text)
    b = art("b", "Former President Ana Ruiz was in Valletta on Monday, aides said.")
    arts = {"a": a, "b": b}
    (cf,) = [x for x in find_conflicts(claims_for(a, b), [], arts) if x.subject == "office of Ruiz"]
    shown = next(x for x in cf.claims if x.article_id == "a")
    assert text[shown.span[0]:shown.span[1]] == shown.quote
    assert text.rfind("\n", 0, shown.span[0]) == text.index("\nOn Monday")  # the sentence in prose


def test_talk_formats_compare_across_a_dated_and_an_undated_story_but_not_two_days() -> None:
    a = art("a", "The indirect talks in Muscat between the two delegations ended late.")
    b = art("b", "For the first time the delegations sat down face-to-face for talks in Muscat.")
    ca, cb = claims_for(a), claims_for(b)
    for c in ca:
        c.story_id = "st-a"
    for c in cb:
        c.story_id = "st-b"
    arts = {"a": a, "b": b}
    dated_and_not = [story("st-a", "2025-03-01", "OMN", ["a"]), story("st-b", None, "OMN", ["b"])]
    (cf,) = find_conflicts(ca + cb, dated_and_not, arts)
    assert cf.subject == "format of the talks in OMN" and sorted(x.normalised for x in cf.claims) == ["direct", "indirect"]
    two_rounds = [story("st-a", "2025-03-01", "OMN", ["a"]), story("st-b", "2025-03-15", "OMN", ["b"])]
    assert [x for x in find_conflicts(ca + cb, two_rounds, arts) if x.subject.startswith("format")] == []
