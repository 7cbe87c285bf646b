"""Partial dates: the one place that says what "2025", "2025-03" and "2025-03-11" mean.

Events, stories and deadlines carry ISO dates at the precision the sources give: a year
(``YYYY``), a month (``YYYY-MM``) or a day (``YYYY-MM-DD``).  Two views of them are kept here:

* :class:`PartialDate` reads one as the range of days it covers ("2025-02" is 1–28 February),
  with its precision, first and last day, and the tests the reconcile modules need (contains,
  overlaps, the coarser date it lies in).  :func:`parse_partial_date` builds one (cached).
* The text functions compare dates as stored, without parsing: two ISO dates at different
  precisions compare at the shorter of the two, which for calendar dates is the same as asking
  whether their day ranges overlap ("2025-02" is in a range from 2025-02-15).  The stores, the
  briefs and the status history use them; they work the same on other prefix-ordered periods
  (ISO weeks "2025-W08", the relations index's periods).

Every layer may import this module; it imports nothing of détente.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

__all__ = [
    "PRECISIONS",
    "PartialDate",
    "before",
    "coarser_dates",
    "day_of",
    "in_range",
    "parse_partial_date",
    "precision_of",
    "truncate",
    "within",
]

PRECISIONS = ("year", "month", "day")  # coarsest first
_LENGTHS = {"year": 4, "month": 7, "day": 10}
_BY_LENGTH = {n: p for p, n in _LENGTHS.items()}
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    """A date at its own precision, as the days it covers (``2025-08`` → 1..31 August).

    ``text`` is the text it was read from; ``first`` and ``last`` are proleptic ordinals
    (:meth:`datetime.date.toordinal`) of its first and last day."""

    text: str
    precision: str  # day | month | year
    first: int
    last: int

    @classmethod
    def parse(cls, text: str | None) -> PartialDate | None:
        """The same as :func:`parse_partial_date`."""
        return parse_partial_date(text)

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None, *, text: str | None = None) -> PartialDate:
        """The year, the month of a year, or the day of a month (``of(2025, 2).end`` is 28
        February); ``text`` is what it was read from (its ISO form when not given).  A month or
        day that does not exist is a ValueError."""
        if month is not None and day is not None:
            d = date(year, month, day)
            return cls(text or d.isoformat(), "day", d.toordinal(), d.toordinal())
        if month is not None:
            first = date(year, month, 1)
            last = first.replace(day=calendar.monthrange(year, month)[1])
            return cls(text or first.isoformat()[:7], "month", first.toordinal(), last.toordinal())
        first = date(year, 1, 1)
        return cls(text or first.isoformat()[:4], "year", first.toordinal(), date(year, 12, 31).toordinal())

    @property
    def start(self) -> date:
        return date.fromordinal(self.first)

    @property
    def end(self) -> date:
        return date.fromordinal(self.last)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def month_key(self) -> int:
        """Months counted from year 0: consecutive months have consecutive keys."""
        d = self.start
        return d.year * 12 + d.month - 1

    @property
    def iso(self) -> str:
        """The date written at its own precision ("2025-03"), whatever text it was read from."""
        return self.start.isoformat()[: _LENGTHS[self.precision]]

    def contains(self, other: PartialDate) -> bool:
        """Every day of ``other`` is a day of this date ("2025-03" contains "2025-03-11")."""
        return self.first <= other.first and other.last <= self.last

    def overlaps(self, other: PartialDate) -> bool:
        """The two share at least one day."""
        return self.first <= other.last and other.first <= self.last

    def days_apart(self, other: PartialDate) -> int:
        """Days between the two (0 when they overlap): from the last day of the earlier to the
        first day of the later."""
        return max(self.first - other.last, other.first - self.last, 0)

    def coarser(self) -> PartialDate | None:
        """The date one precision up that holds this one (a day's month, a month's year; a
        year has none)."""
        i = PRECISIONS.index(self.precision)
        if i == 0:
            return None
        return parse_partial_date(self.iso[: _LENGTHS[PRECISIONS[i - 1]]])


@lru_cache(maxsize=65536)
def parse_partial_date(text: str | None) -> PartialDate | None:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` (a time or anything else after it ignored) →
    :class:`PartialDate`; text that starts with no such date, or names no real day → None."""
    if not text:
        return None
    m = _PARTIAL.match(text.strip())
    if not m:
        return None
    month, day = (int(g) if g else None for g in m.groups()[1:])
    try:
        return PartialDate.of(int(m.group(1)), month, day, text=text)
    except ValueError:
        return None


# ------------------------------------------------------------------ dates as stored text

def precision_of(text: str | None) -> str | None:
    """The precision a stored ISO date is written at, by its length ("2025-03" → "month");
    None for no date or another length."""
    return _BY_LENGTH.get(len(text)) if text else None


def truncate(text: str | None, precision: str) -> str | None:
    """``text`` cut to ``precision`` ("2025-03-11", "month" → "2025-03"), or None when it is
    coarser than that (a year has no month)."""
    n = _LENGTHS[precision]
    return text[:n] if text and len(text) >= n else None


def coarser_dates(text: str) -> list[str]:
    """The coarser dates ``text`` lies in, coarsest first ("2025-03-15" → "2025", "2025-03";
    a time part adds its day; a year has none)."""
    return [text[:n] for n in (4, 7, 10) if n < len(text)]


def in_range(value: str | None, since: str | None, until: str | None) -> bool:
    """Whether a date (any precision, or an ISO week) falls in [since, until], each bound
    compared at the shorter of its precision and the date's.  No bound: every date, undated
    too; with a bound, an undated value is outside."""
    if not since and not until:
        return True
    if not value:
        return False
    if since and value < since[: len(value)]:
        return False
    return not (until and value[: len(until)] > until)


def within(value: str, outer: str) -> bool:
    """Every day of ``value`` is a day of ``outer``: the same date, or a finer one inside it
    ("2025-03-11" is within "2025-03"; "2025" is not within "2025-03")."""
    return value.startswith(outer)


def before(a: str, b: str) -> bool:
    """``a`` is wholly earlier than ``b``, compared at the shorter of the two precisions
    ("2025-02-28" is before "2025-03"; "2025-03-01" is not before "2025-03")."""
    return a[: len(b)] < b[: len(a)]


def day_of(text: str | None) -> date | None:
    """The calendar day an ISO day or timestamp starts with ("2025-03-11T09:30" → 11 March);
    None for no text, a coarser date or no date."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
