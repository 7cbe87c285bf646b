"""Story headlines from the best report (issue 14): hand-written reports, not article text."""

from __future__ import annotations

from detente.model import ActorRef, Article, Event, Location, Segment
from detente.reconcile import reconcile
from detente.reconcile.headline import story_headline
from detente.reconcile.records import Story

LEAD = "Two envoys met in Geneva on Monday for talks on grain shipping."
LATER = "The envoys met in Geneva on Monday, officials said, without saying more."
ASIDE = "Separately, the rebels shelled a port town on Monday."


def _ev(eid: str, doc: str, sentence: str, start: int, etype: str = "CONSULT") -> Event:
    return Event(id=eid, doc_id=doc, sentence=sentence, span=(start, start + len(sentence)), trigger="met",
                 event_type=etype, actors=[ActorRef("envoy", "Ana Pop", "ROU", "GOV")],
                 recipients=[ActorRef("envoy", "Ivan Rus", "MDA", "GOV")], reciprocal=True,
                 date="2025-06-02", date_precision="day",
                 location=Location(text="Geneva", name="Geneva", country="CHE"))


def _story(event_ids: list[str], article_ids: list[str], copies: list[str] | None = None) -> Story:
    return Story(id="st", event_type="CONSULT", actors=["MDA", "ROU"], date="2025-06-02", location=None,
                 event_ids=event_ids, article_ids=article_ids, outlets=[], independent_sources=len(article_ids),
                 first_report=None, canonical_event_id=event_ids[0], copies=copies or [])


def test_the_earliest_report_about_the_story_gives_its_title() -> None:
    early = Article(id="a", text=LEAD + "\n\n" + ASIDE, title="Envoys meet in Geneva on grain", outlet="Wire",
                    published="2025-06-02", genre="news")
    late = Article(id="b", text=LATER, title="Geneva talks end quietly", outlet="Daily", published="2025-06-03",
                   genre="news")
    events = {e.id: e for e in (_ev("e1", "a", LEAD, 0), _ev("e2", "b", LATER, 0))}
    headline, source = story_headline(_story(["e1", "e2"], ["a", "b"]), {"a": early, "b": late}, events,
                                      {"a": "e1", "b": "e2"})
    assert (headline, source) == ("Envoys meet in Geneva on grain", "a")


def test_a_story_told_in_passing_takes_its_own_sentence_not_the_title() -> None:
    text = LEAD + "\n\n" + ASIDE
    art = Article(id="a", text=text, title="Envoys meet in Geneva on grain", published="2025-06-02", genre="news")
    aside = _ev("e9", "a", ASIDE, text.index(ASIDE), "ASSAULT")
    headline, _ = story_headline(_story(["e9"], ["a"]), {"a": art}, {"e9": aside}, {"a": "e1"})
    assert headline == ASIDE


def test_news_before_opinion_and_no_title_gives_the_sentence() -> None:
    column = Article(id="c", text=LEAD, title="Why Geneva matters", published="2025-06-01",
                     segments=[Segment(0, len(LEAD), "opinion")], genre="opinion")
    wire = Article(id="w", text=LATER, title=None, published="2025-06-03", genre="news")
    events = {e.id: e for e in (_ev("e1", "c", LEAD, 0), _ev("e2", "w", LATER, 0))}
    headline, source = story_headline(_story(["e1", "e2"], ["c", "w"]), {"c": column, "w": wire}, events,
                                      {"c": "e1", "w": "e2"})
    assert (headline, source) == (LATER, "w")


def test_reconcile_gives_every_story_a_headline() -> None:
    art = Article(id="a", text=LEAD, title="Envoys meet in Geneva on grain", published="2025-06-02", genre="news")
    state = reconcile([art], {"a": [_ev("e1", "a", LEAD, 0)]})
    assert [s.headline for s in state.stories] == ["Envoys meet in Geneva on grain"]
    assert state.stories[0].headline_article_id == "a"
    assert Story.from_dict(state.stories[0].to_dict()).headline == "Envoys meet in Geneva on grain"
