"""Undated reports (no date on the page, none resolvable in the text) placed in the one dated
story they fit (detente.reconcile.undated).  Events and articles are made up."""

from __future__ import annotations

from detente.model import ActorRef, Article, Event, Location
from detente.reconcile import cluster_events
from detente.reconcile.undated import join_undated

VIENNA = Location(text="Vienna", name="Vienna", country="AUT", admin1="09", lat=48.2, lon=16.37)
AUSTRIA = Location(text="Austria", name="Austria", country="AUT")
ARM = ActorRef(text="Armenia", name="Armenia", country="ARM")
AZE = ActorRef(text="Azerbaijan", name="Azerbaijan", country="AZE")


def _ev(eid: str, doc: str, day: str | None, place: Location | None, sentence: str,
        etype: str = "AGREE") -> Event:
    return Event(id=eid, doc_id=doc, sentence=sentence, span=(0, 1), trigger="signed", event_type=etype,
                 actors=[ARM], recipients=[AZE], reciprocal=True, date=day,
                 date_precision="day" if day else None, location=place)


def _articles(*undated: str) -> dict[str, Article]:
    arts = {"dated": Article(id="dated", text="", outlet="Wire", published="2026-04-08"),
            "later": Article(id="later", text="", outlet="Other Wire", published="2026-06-10")}
    arts.update({a: Article(id=a, text="", outlet=f"Site {a}", published=None) for a in undated})
    return arts


def _stories(events: list[Event], articles: dict[str, Article]) -> list:
    return join_undated(cluster_events(events, articles, []), events, articles, [])


def test_an_undated_report_joins_the_only_dated_story_at_its_place() -> None:
    events = [_ev("d1", "dated", "2026-04-08", VIENNA, "The two signed an accord in Vienna on Wednesday."),
              _ev("u1", "page", None, VIENNA, "Armenia and Azerbaijan signed an accord on Wednesday in Vienna.")]
    stories = _stories(events, _articles("page"))
    joined = [s for s in stories if "u1" in s.event_ids]
    assert len(joined) == 1 and set(joined[0].article_ids) == {"dated", "page"}
    assert joined[0].independent_sources == 2
    assert any("undated report page" in r for r in joined[0].merge_reasons)
    # the dated story names only the country: the city is in it
    events[0].location = AUSTRIA
    stories = _stories(events, _articles("page"))
    assert any({"dated", "page"} <= set(s.article_ids) for s in stories)


def test_an_undated_report_stays_apart_when_the_weekday_or_the_occasion_is_not_its() -> None:
    # it names a Friday; the dated accord was on a Wednesday
    events = [_ev("d1", "dated", "2026-04-08", VIENNA, "They signed in Vienna."),
              _ev("u1", "page", None, VIENNA, "They signed an accord on Friday in Vienna.")]
    assert all(len(s.article_ids) == 1 for s in _stories(events, _articles("page")))
    # two dated accords in Vienna, two months apart: which one it reports is not said
    events = [_ev("d1", "dated", "2026-04-08", VIENNA, "They signed in Vienna."),
              _ev("d2", "later", "2026-06-10", VIENNA, "They signed again in Vienna."),
              _ev("u1", "page", None, VIENNA, "They signed an accord in Vienna.")]
    assert all(len(s.article_ids) == 1 for s in _stories(events, _articles("page")))
    # an undated report of a different kind of happening (a plan) does not join one done
    events = [_ev("d1", "dated", "2026-04-08", VIENNA, "They signed in Vienna."),
              _ev("u1", "page", None, VIENNA, "They will sign an accord in Vienna.")]
    events[1].modality = "future"
    assert all(len(s.article_ids) == 1 for s in _stories(events, _articles("page")))
    # a dated page's undated event (background) is not an undated report
    arts = _articles()
    arts["page2"] = Article(id="page2", text="", outlet="Site", published="2026-09-01")
    events = [_ev("d1", "dated", "2026-04-08", VIENNA, "They signed in Vienna."),
              _ev("u1", "page2", None, VIENNA, "They once signed an accord in Vienna.")]
    assert all(len(s.article_ids) == 1 for s in _stories(events, arts))


def test_an_undated_report_placed_only_by_context_stays_apart() -> None:
    # the page's place came from its dateline or its lead's meeting, not from its own words
    events = [_ev("d1", "dated", "2026-04-08", VIENNA, "The two signed an accord in Vienna on Wednesday."),
              _ev("u1", "page", None, VIENNA, "Armenia signed an accord on Wednesday.")]
    events[1].recipients = []  # one side only: its sides alone do not tell the occasion
    events[1].location_basis = "context"
    assert all(len(s.article_ids) == 1 for s in _stories(events, _articles("page")))
    events[1].location_basis = "stated"
    assert any({"dated", "page"} <= set(s.article_ids) for s in _stories(events, _articles("page")))


def test_a_report_of_the_night_before_publication_still_fits_its_weekday() -> None:
    # the dated page only has its publication day (a Thursday); the undated page says Wednesday
    events = [_ev("d1", "dated", "2026-04-09", VIENNA, "They signed an accord in Vienna."),
              _ev("u1", "page", None, VIENNA, "They signed an accord in Vienna on Wednesday night.")]
    events[0].date_basis = "published"
    assert any({"dated", "page"} <= set(s.article_ids) for s in _stories(events, _articles("page")))
    # a day the dated report states itself is kept to
    events[0].date_basis = "stated"
    assert all(len(s.article_ids) == 1 for s in _stories(events, _articles("page")))


def test_an_undated_report_with_no_place_joins_the_story_of_the_day_of_the_month_it_states() -> None:
    # 2026-04-08 is a Wednesday
    events = [_ev("d1", "dated", "2026-04-08", VIENNA, "The two signed an accord in Vienna on Wednesday."),
              _ev("u1", "page", None, None, "Armenia and Azerbaijan signed an accord, the mediators said on "
                  "Wednesday, April 8th.")]
    stories = _stories(events, _articles("page"))
    joined = [s for s in stories if "u1" in s.event_ids]
    assert len(joined) == 1 and set(joined[0].article_ids) == {"dated", "page"}
    assert any("on April 8" in r for r in joined[0].merge_reasons), joined[0].merge_reasons
    for sentence in ("Armenia and Azerbaijan signed an accord on 8 April.",
                     "Armenia and Azerbaijan signed an accord on the 8th of April."):
        events[1].sentence = sentence
        assert any({"dated", "page"} <= set(s.article_ids) for s in _stories(events, _articles("page")))


def test_a_day_of_the_month_that_is_not_the_storys_or_names_another_weekday_stays_apart() -> None:
    for sentence in ("Armenia and Azerbaijan signed an accord on April 9.",  # another day
                     "Armenia and Azerbaijan signed an accord on Friday, April 8.",  # not a Friday
                     "Armenia and Azerbaijan signed an accord in May."):  # another month
        events = [_ev("d1", "dated", "2026-04-08", VIENNA, "The two signed an accord in Vienna."),
                  _ev("u1", "page", None, None, sentence)]
        assert all(len(s.article_ids) == 1 for s in _stories(events, _articles("page"))), sentence
    # the same day of the month in two years: which occasion it reports is not said
    arts = _articles("page")
    arts["year"] = Article(id="year", text="", outlet="Third Wire", published="2025-04-08")
    events = [_ev("d1", "dated", "2026-04-08", VIENNA, "The two signed an accord in Vienna."),
              _ev("d2", "year", "2025-04-08", VIENNA, "The two signed an accord in Vienna a year earlier."),
              _ev("u1", "page", None, None, "Armenia and Azerbaijan signed an accord on April 8.")]
    assert all("page" not in s.article_ids or len(s.article_ids) == 1 for s in _stories(events, arts))


def test_an_undated_agreement_of_both_sides_joins_their_only_dated_one() -> None:
    # no place and no day of the month: both sides, and theirs is the only dated agreement
    events = [_ev("d1", "dated", "2026-04-08", VIENNA, "The two signed an accord in Vienna on Wednesday."),
              _ev("u1", "page", None, None, "The mediators said Armenia and Azerbaijan had agreed to stop firing.")]
    joined = [s for s in _stories(events, _articles("page")) if "u1" in s.event_ids]
    assert len(joined) == 1 and set(joined[0].article_ids) == {"dated", "page"}, joined
    assert any("between ARM and AZE" in r for r in joined[0].merge_reasons), joined[0].merge_reasons
    # two dated agreements of theirs, months apart: which one is not said
    events.append(_ev("d2", "later", "2026-06-10", VIENNA, "They signed again in Vienna."))
    assert all(len(s.article_ids) == 1 for s in _stories(events, _articles("page")))
    # one side named is not enough, nor is a dispute of the same two
    one = [_ev("d1", "dated", "2026-04-08", VIENNA, "The two signed an accord in Vienna."),
           _ev("u1", "page", None, None, "Armenia agreed to stop firing.")]
    one[1].recipients = []
    assert all(len(s.article_ids) == 1 for s in _stories(one, _articles("page")))
    dispute = [_ev("d1", "dated", "2026-04-08", VIENNA, "Armenia accused Azerbaijan in Vienna.", "ACCUSE"),
               _ev("u1", "page", None, None, "Armenia accused Azerbaijan of shelling.", "ACCUSE")]
    assert all(len(s.article_ids) == 1 for s in _stories(dispute, _articles("page")))
