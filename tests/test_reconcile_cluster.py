"""Story clustering on hand-built events: what merges, what stays apart, and why."""

from __future__ import annotations

from pathlib import Path

from detente.model import ActorRef, Article, Event, Location
from detente.reconcile import CopyPair, cluster_events
from detente.reconcile.text import name_key, names_match


def person(name: str, country: str) -> ActorRef:
    return ActorRef(text=name, name=name, country=country, sector="GOV")


def ev(eid: str, doc: str, etype: str, actors: list[ActorRef], recipients: list[ActorRef],
       day: str | None, place: Location | None = None, *, mode: str | None = None,
       modality: str = "asserted") -> Event:
    precision = None if day is None else {10: "day", 7: "month", 4: "year"}[len(day)]
    return Event(id=eid, doc_id=doc, sentence="s", span=(0, 1), trigger="met", event_type=etype,
                 mode=mode, actors=actors, recipients=recipients, date=day,
                 date_precision=precision, location=place, modality=modality, reciprocal=True)


ANCHORAGE = Location(text="Anchorage", name="Anchorage", country="USA")
ALASKA = Location(text="Alaska", name="Alaska", country="USA")
TRUMP, PUTIN = person("Donald Trump", "USA"), person("Vladimir Putin", "RUS")
ARTICLES = {
    "a1": Article(id="a1", text="", outlet="Wire One", published="2025-08-15"),
    "a2": Article(id="a2", text="", outlet="Moscow Daily", published="2025-08-16"),
    "a3": Article(id="a3", text="", outlet="Monthly Review", published="2025-09-01"),
    "a4": Article(id="a4", text="", outlet="Syndicator", published="2025-08-16"),
    "a5": Article(id="a5", text="", outlet="Wire One", published="2025-08-15"),
}


def anchorage_events() -> list[Event]:
    return [
        ev("e1", "a1", "CONSULT", [TRUMP], [PUTIN], "2025-08-15", ANCHORAGE, mode="host"),
        # Moscow dateline: the same summit is a day later there
        ev("e2", "a2", "CONSULT", [person("Vladimir Putin", "RUS")], [person("Donald Trump", "USA")],
           "2025-08-16", ALASKA, mode="visit"),
        # month precision, agreement reached at the meeting
        ev("e3", "a3", "AGREE", [TRUMP], [PUTIN], "2025-08", None),
        # a syndicated copy of a1
        ev("e4", "a4", "CONSULT", [TRUMP], [PUTIN], "2025-08-15", ANCHORAGE, mode="host"),
        # the same outlet again, later edition
        ev("e5", "a5", "CONSULT", [TRUMP], [PUTIN], "2025-08-15", ANCHORAGE),
        # same day, same countries, other people, by phone: another event
        ev("x1", "a1", "CONSULT", [person("Marco Rubio", "USA")], [person("Sergey Lavrov", "RUS")],
           "2025-08-15", None, mode="phone"),
        # a week later: another meeting
        ev("x2", "a2", "CONSULT", [TRUMP], [PUTIN], "2025-08-22", ANCHORAGE),
        # same day, accusation: another family
        ev("x3", "a2", "ACCUSE", [PUTIN], [TRUMP], "2025-08-15"),
    ]


def by_event(stories: list) -> dict[str, str]:
    return {e: s.id for s in stories for e in s.event_ids}


def test_reports_of_one_meeting_form_one_story_and_the_copy_is_not_counted() -> None:
    copies = [CopyPair(article_id="a4", copy_of="a1", similarity=0.97)]
    stories = cluster_events(anchorage_events(), ARTICLES, copies)
    where = by_event(stories)
    assert where["e1"] == where["e2"] == where["e3"] == where["e4"] == where["e5"]
    assert len({where["x1"], where["x2"], where["x3"], where["e1"]}) == 4
    story = next(s for s in stories if "e1" in s.event_ids)
    # a1 and a5 are one outlet; a4 copies a1: Wire One, Moscow Daily, Monthly Review
    assert story.independent_sources == 3
    assert story.copies == ["a4"]
    assert story.first_report is not None and story.first_report.article_id in {"a1", "a5"}
    assert story.date == "2025-08-15"
    assert story.actors == ["RUS", "USA"]
    assert story.location is not None and story.location.name == "Anchorage"
    assert len(story.merge_reasons) == 4
    assert any("one day apart" in r for r in story.merge_reasons)
    assert any("the day falls in the month" in r for r in story.merge_reasons)


def test_without_copy_information_the_syndicated_report_counts() -> None:
    stories = cluster_events(anchorage_events(), ARTICLES, [])
    story = next(s for s in stories if "e1" in s.event_ids)
    assert story.independent_sources == 4


def test_transliterations_and_accents_merge() -> None:
    umerov = person("Rustem Umerov", "UKR")
    umierov = person("Rustem Umierov", "UKR")
    medinsky = person("Vladimir Medinsky", "RUS")
    place_a = Location(text="Çırağan Palace", name="Çırağan Palace", country=None)
    place_b = Location(text="Chiragan Palace", name="Chiragan Palace", country=None)
    events = [
        ev("u1", "b1", "CONSULT", [umerov], [medinsky], "2025-06-02", place_a),
        ev("u2", "b2", "CONSULT", [umierov], [person("Vladimir Medinskiy", "RUS")], "2025-06-02", place_b),
        ev("u3", "b3", "CONSULT", [person("Rustem Umyerov", "UKR")], [medinsky], "2025-06-03", None),
    ]
    stories = cluster_events(events, {}, [])
    assert len(stories) == 1
    assert stories[0].independent_sources == 3
    assert any("≈" in r for r in stories[0].merge_reasons)
    assert name_key("Umyerov") == name_key("Umierov") == name_key("Umerov")
    assert names_match("Çırağan", "Chiragan") and names_match("Ciragan", "Çırağan")
    assert not names_match("Umerov", "Lavrov")


def test_places_in_different_countries_and_distant_days_stay_apart() -> None:
    riyadh = Location(text="Riyadh", name="Riyadh", country="SAU")
    istanbul = Location(text="Istanbul", name="Istanbul", country="TUR")
    rubio, lavrov = person("Marco Rubio", "USA"), person("Sergey Lavrov", "RUS")
    events = [
        ev("r1", "c1", "CONSULT", [rubio], [lavrov], "2025-02-18", riyadh),
        ev("r2", "c2", "CONSULT", [rubio], [lavrov], "2025-02-18", istanbul),
        ev("r3", "c3", "CONSULT", [rubio], [lavrov], "2025-02-20", riyadh),
        ev("r4", "c4", "CONSULT", [rubio], [lavrov], "2025-02-18", riyadh, modality="negated"),
        ev("r5", "c5", "CONSULT", [rubio], [lavrov], None, riyadh),
        ev("r6", "c6", "CONSULT", [rubio], [lavrov], None, riyadh),
    ]
    stories = cluster_events(events, {}, [])
    where = by_event(stories)
    assert len({where["r1"], where["r2"], where["r3"], where["r4"], where["r5"]}) == 5
    # undated reports need the same place and a shared person: those two do
    assert where["r5"] == where["r6"]


def test_story_round_trips_through_json() -> None:
    from detente.reconcile import Story

    story = cluster_events(anchorage_events(), ARTICLES, [])[0]
    again = Story.from_dict(story.to_dict())
    assert again == story


# --- the multi-outlet sample corpus (tests/data/stories) with hand-built lead events ------

STORIES = Path(__file__).resolve().parent / "data" / "stories"
RUS_TEAM = {"Medinsky": "Vladimir Medinsky", "Medinskiy": "Vladimir Medinskiy"}
LEAD_EVENTS: dict[str, tuple[str, list[ActorRef], list[ActorRef], str, Location | None, str | None]] = {
    # file: (type, actors, recipients, date, place, mode) as a coder would read the lead sentence
    "istanbul_may_harbor.txt": ("CONSULT", [person("Rustem Umerov", "UKR")], [person("Vladimir Medinsky", "RUS")],
                                "2025-05-16", Location(text="Dolmabahce Palace", name="Dolmabahce Palace", country="TUR"), "third-party"),
    "istanbul_may_steppe_copy.txt": ("CONSULT", [person("Rustem Umerov", "UKR")], [person("Vladimir Medinsky", "RUS")],
                                     "2025-05-16", Location(text="Dolmabahce Palace", name="Dolmabahce Palace", country="TUR"), "third-party"),
    "istanbul_may_meridian.txt": ("CONSULT", [person("Rustem Umierov", "UKR")], [person("Vladimir Medinskiy", "RUS")],
                                  "2025-05-16", Location(text="Dolmabahçe Palace", name="Dolmabahçe Palace", country=None), "third-party"),
    # dated from the Moscow-side report a day later; agreement on the swap
    "istanbul_may_continental.txt": ("AGREE", [ActorRef(text="Russian negotiators", country="RUS")],
                                     [ActorRef(text="Ukrainian negotiators", country="UKR")], "2025-05-17",
                                     Location(text="Istanbul", name="Istanbul", country="TUR"), None),
    "march_call_baltic.txt": ("AGREE", [person("Vladimir Putin", "RUS")], [person("Donald Trump", "USA")],
                              "2025-03-18", None, "phone"),
    "march_call_meridian.txt": ("AGREE", [person("Donald Trump", "USA")], [person("Vladimir Putin", "RUS")],
                                "2025-03-18", None, "phone"),
    "jeddah_harbor.txt": ("CONSULT", [person("Marco Rubio", "USA")], [person("Rustem Umerov", "UKR")],
                          "2025-03-11", Location(text="Jeddah", name="Jeddah", country="SAU"), "third-party"),
    "china_statement_steppe.txt": ("SUPPORT", [ActorRef(text="China", country="CHN")], [],
                                   "2025-02-13", None, None),
}


def hand_built_events(articles: list[Article]) -> dict[str, list[Event]]:
    out = {}
    for a in articles:
        etype, actors, recipients, day, place, mode = LEAD_EVENTS[a.id]
        first = a.text.find(".") + 1
        e = ev(f"{a.id}-e1", a.id, etype, actors, recipients, day, place, mode=mode)
        e.span = (0, first)
        out[a.id] = [e]
    return out


def test_sample_corpus_scores() -> None:
    from detente.reconcile.evaluate import evaluate_stories

    scores, state = evaluate_stories(STORIES, hand_built_events)
    assert scores.pair_precision == 1.0 and scores.pair_recall == 1.0
    assert scores.copy_precision == 1.0 and scores.copy_recall == 1.0
    assert scores.disagreements_found == scores.disagreements == 1
    assert scores.sources_right == scores.stories == 4
    istanbul = next(s for s in state.stories if "istanbul_may_harbor.txt" in s.article_ids)
    assert istanbul.independent_sources == 3
    assert istanbul.copies == ["istanbul_may_steppe_copy.txt"]
    talks = next(c for c in state.conflicts if c.subject == "duration of the talks")
    assert talks.story_id == istanbul.id
    # the conflict is between the originals; the copy's same claim is listed after them, as a copy
    assert {c.article_id for c in talks.claims if c.copy_of is None} == {"istanbul_may_harbor.txt",
                                                                        "istanbul_may_continental.txt"}
    carried = [c for c in talks.claims if c.copy_of is not None]
    assert [c.article_id for c in carried] == ["istanbul_may_steppe_copy.txt"]
    assert carried[0].copy_of in {"istanbul_may_harbor.txt", "istanbul_may_continental.txt"}
    assert talks.claims.index(carried[0]) == len(talks.claims) - 1
    assert {c.quote for c in talks.claims} >= {"spent four hours at Dolmabahçe Palace in"} or \
        any("four hours" in c.quote for c in talks.claims)


def test_an_opinion_piece_never_joins_a_news_story() -> None:
    """The same summit told by a news report and by an editorial (or an opinion segment of a
    news page): the editorial's line stays a story of its own."""
    from detente.model import Segment

    articles = {
        "n1": Article(id="n1", text="", outlet="Wire One", published="2025-08-15", genre="news"),
        "o1": Article(id="o1", text="", outlet="Opinion Weekly", published="2025-08-15", genre="opinion"),
        "m1": Article(id="m1", text="x" * 100, outlet="Mixed Post", published="2025-08-15", genre="mixed",
                      segments=[Segment(0, 50, "news"), Segment(50, 100, "editorial")]),
    }
    events = [
        ev("n", "n1", "CONSULT", [TRUMP], [PUTIN], "2025-08-15", ANCHORAGE),
        ev("o", "o1", "CONSULT", [TRUMP], [PUTIN], "2025-08-15", ANCHORAGE),
        ev("m-news", "m1", "CONSULT", [TRUMP], [PUTIN], "2025-08-15", ANCHORAGE),
        ev("m-ed", "m1", "CONSULT", [TRUMP], [PUTIN], "2025-08-15", ANCHORAGE),
    ]
    events[3].span = (60, 70)
    story = by_event(cluster_events(events, articles, []))
    assert story["n"] == story["m-news"]
    assert story["o"] != story["n"] and story["m-ed"] != story["n"] and story["o"] != story["m-ed"]


def test_a_month_and_one_party_do_not_join_a_dated_story() -> None:
    # "Zelensky agreed earlier this month": one side, a month; the summit story is of a day
    ukr = person("Volodymyr Zelensky", "UKR")
    gbr = person("Keir Starmer", "GBR")
    summit = ev("s1", "a1", "AGREE", [gbr], [ukr], "2025-08-15")
    stories = by_event(cluster_events([summit, ev("m1", "a3", "AGREE", [ukr], [], "2025-08")], ARTICLES, []))
    assert stories["m1"] != stories["s1"]
    # both sides named: the month holds the day
    stories = by_event(cluster_events([summit, ev("m2", "a3", "AGREE", [gbr], [ukr], "2025-08")], ARTICLES, []))
    assert stories["m2"] == stories["s1"]


def test_a_truce_taking_effect_is_one_story_with_the_deal_that_made_it() -> None:
    isr, lbn = person("Benjamin Netanyahu", "ISR"), ActorRef(text="Lebanon", name="Lebanon", country="LBN")
    deal = ev("d1", "a1", "AGREE", [isr], [lbn], "2025-08-15")
    deal.sentence = "The cabinet approved the ceasefire deal with Lebanon."
    took = ev("t1", "a2", "RETREAT", [isr], [lbn], "2025-08-16")
    took.sentence, took.trigger = "A ceasefire came into effect in Lebanon at 4 am.", "came into effect"
    pulled = ev("p1", "a2", "RETREAT", [isr], [lbn], "2025-08-16")
    pulled.sentence, pulled.trigger = "Israeli troops withdrew from two villages.", "withdrew"
    stories = by_event(cluster_events([deal, took, pulled], ARTICLES, []))
    assert stories["t1"] == stories["d1"]
    assert stories["p1"] != stories["d1"]  # a withdrawal is not the deal
