"""detente.dates: a partial date read as the days it covers, and the text comparisons the
stores and briefs use, which must say the same as the day ranges do."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from detente.dates import (
    PartialDate,
    before,
    coarser_dates,
    day_of,
    in_range,
    parse_partial_date,
    precision_of,
    truncate,
    within,
)


def test_each_precision_is_read_as_its_days() -> None:
    day, month, year = (parse_partial_date(t) for t in ("2024-02-29", "2024-02", "2024"))
    assert day is not None and month is not None and year is not None
    assert (day.precision, day.start, day.end) == ("day", date(2024, 2, 29), date(2024, 2, 29))
    assert (month.precision, month.start, month.end) == ("month", date(2024, 2, 1), date(2024, 2, 29))
    assert (year.precision, year.start, year.end) == ("year", date(2024, 1, 1), date(2024, 12, 31))
    assert parse_partial_date("2025-02").end == date(2025, 2, 28)  # type: ignore[union-attr]
    assert PartialDate.parse("2025-03-11T09:30:00Z") == parse_partial_date("2025-03-11T09:30:00Z")
    assert parse_partial_date("2025-03-11T09:30:00Z").iso == "2025-03-11"  # type: ignore[union-attr]
    assert month.month_key + 1 == parse_partial_date("2024-03").month_key  # type: ignore[union-attr]


def test_a_date_built_of_its_parts() -> None:
    """PartialDate.of is what parsing the ISO text gives; coarsening keeps the precision order."""
    assert PartialDate.of(2024, 2) == parse_partial_date("2024-02")
    assert PartialDate.of(2024, 2).end == date(2024, 2, 29) and PartialDate.of(2025, 2).end == date(2025, 2, 28)
    assert PartialDate.of(2025).end == date(2025, 12, 31) and PartialDate.of(2025).text == "2025"
    assert PartialDate.of(2025, 3, 18) == parse_partial_date("2025-03-18")
    assert PartialDate.of(2025, 3, 18).coarser() == PartialDate.of(2025, 3)
    assert PartialDate.of(2025, 3).coarser() == PartialDate.of(2025)
    assert PartialDate.of(2025, 3, text="2025-03 (approx.)").text == "2025-03 (approx.)"
    for bad in ((2025, 2, 30), (2025, 13), (0,)):
        with pytest.raises(ValueError):
            PartialDate.of(*bad)


def test_what_is_no_date() -> None:
    for text in (None, "", "March 2025", "2025-02-30", "2025-13", "25-03-11"):
        assert parse_partial_date(text) is None, text


def test_containing_overlapping_and_the_coarser_date() -> None:
    d = parse_partial_date
    march, eleventh, april = d("2025-03"), d("2025-03-11"), d("2025-04-01")
    assert march and eleventh and april
    assert march.contains(eleventh) and not eleventh.contains(march)
    assert march.overlaps(eleventh) and eleventh.overlaps(march)
    assert not march.overlaps(april) and march.days_apart(april) == 1 and april.days_apart(march) == 1
    assert march.days_apart(eleventh) == 0
    assert eleventh.coarser() == d("2025-03") and march.coarser() == d("2025")
    assert d("2025") is not None and d("2025").coarser() is None  # type: ignore[union-attr]


def test_stored_text_helpers() -> None:
    assert [precision_of(t) for t in ("2025", "2025-03", "2025-03-11", "2025-W08", None)] == \
        ["year", "month", "day", None, None]
    assert truncate("2025-03-11", "month") == "2025-03" and truncate("2025", "month") is None
    assert coarser_dates("2025-03-11") == ["2025", "2025-03"] and coarser_dates("2025") == []
    assert before("2025-02-28", "2025-03") and not before("2025-03-01", "2025-03")
    assert not before("2025-03", "2025-03-31") and before("2024", "2025-01-01")
    assert day_of("2025-03-11T09:30") == date(2025, 3, 11)
    assert day_of("2025-03") is None and day_of(None) is None
    assert in_range(None, None, None) and not in_range(None, "2025", None)


def _random_date(rng: random.Random) -> str:
    day = date(2023, 11, 1) + timedelta(days=rng.randrange(600))
    return day.isoformat()[: rng.choice((4, 7, 10))]


def test_the_text_comparisons_agree_with_the_day_ranges() -> None:
    """Comparing at the shorter precision is overlapping day ranges: checked on random dates of
    every precision, bounds open or closed."""
    rng = random.Random(2025)
    for _ in range(5000):
        value, since, until = _random_date(rng), _random_date(rng), _random_date(rng)
        v, s, u = parse_partial_date(value), parse_partial_date(since), parse_partial_date(until)
        assert v and s and u
        lo, hi = rng.choice((since, None)), rng.choice((until, None))
        want = (lo is None or v.last >= s.first) and (hi is None or v.first <= u.last)
        assert in_range(value, lo, hi) == want, (value, lo, hi)
        assert before(value, since) == (v.last < s.first), (value, since)
        assert (v.days_apart(s) == 0) == v.overlaps(s)
        assert within(value, since) == s.contains(v), (value, since)
        for coarser in coarser_dates(value):
            c = parse_partial_date(coarser)
            assert c and c.contains(v) and c.precision != v.precision
