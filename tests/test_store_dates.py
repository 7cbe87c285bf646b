"""The since / until filters keep the same events on every backend, and the ones the reference rule
(``date_in_range``: each date compared at the shorter precision) keeps, for bounds of each
precision and events dated by year, month or day (the coarser dates come from one function,
``store.sql.coarser_dates``, on both backends)."""

from __future__ import annotations

from detente.model import ActorRef, Article, Event, content_id
from detente.store import EventQuery, open_store
from detente.store.base import date_in_range
from detente.store.sql import coarser_dates

DATES = [None, "2024", "2024-12-31", "2025", "2025-02", "2025-03", "2025-03-01", "2025-03-15", "2025-03-16",
         "2025-03-31", "2025-04", "2025-04-02", "2026"]
BOUNDS = [(None, None), ("2025", None), ("2025-03", None), ("2025-03-15", None), ("2025-03-16", "2025-04-01"),
          (None, "2025-03"), ("2025-02-28", "2025-03-15"), ("2025-04-01", "2025"), ("2025-03-15T09:30", None)]


def test_coarser_dates_are_the_year_month_and_day_before_since() -> None:
    assert coarser_dates("2025") == []
    assert coarser_dates("2025-03") == ["2025"]
    assert coarser_dates("2025-03-15") == ["2025", "2025-03"]
    assert coarser_dates("2025-03-15T09:30") == ["2025", "2025-03", "2025-03-15"]


def test_date_bounds_keep_what_the_reference_rule_keeps(store_url: str) -> None:
    doc = Article(id=content_id("dates"), text="dates")
    events = [Event(id=f"e{i:02d}", doc_id=doc.id, sentence=f"Talks {i}.", span=(0, 8), trigger="talks",
                    event_type="CONSULT", actors=[ActorRef("Ukraine", "Ukraine", "UKR")], recipients=[],
                    date=d, date_precision=None if d is None else ("year", "month", "day")[(len(d) - 4) // 3])
              for i, d in enumerate(DATES)]
    with open_store(store_url) as store:
        store.add_article(doc, events)
        for since, until in BOUNDS:
            want = sorted(e.id for e in events if date_in_range(e.date, since, until))
            for country in (None, "UKR"):  # the plain event query and the party index
                q = EventQuery(since=since, until=until, country=country, limit=100)
                assert sorted(e.id for e in store.list_events(q)) == want, (since, until, country)
                assert store.count_matching_events(q) == len(want), (since, until, country)
