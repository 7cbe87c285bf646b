"""Deadlines as written ("Next 2 Months", "within 30 days", "by the end of April") and as dates.

A relative deadline is counted from the publication date and is resolved only when that date
is known; without it the deadline stays as written and its date is null (never invented).
An absolute deadline with its year ("by 30 April 2025") needs no publication date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from detente.dates import PartialDate, day_of
from detente.extract.dates import resolve_date_text
from detente.model import Article
from detente.vocabulary import number_words

__all__ = ["find_deadline_text", "find_duration", "resolve_deadline", "sentence_date", "statement_date"]

_NUMBERS = number_words([*range(1, 13), 30, 60, 90], article=True)  # "within ninety days"
_MONTHS = {calendar.month_name[i].lower(): i for i in range(1, 13)}
_MONTHS.update({calendar.month_abbr[i].lower(): i for i in range(1, 13)})
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_ANY = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_NUM_ANY = r"(?:\d{1,3}|" + "|".join(_NUMBERS) + r")"
_NUM = r"(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + r")"

_DURATION = re.compile(rf"^(?:(?:within|in|over)\s+)?(?:the\s+)?(?:next|coming|following)?\s*{_NUM}\s+(?P<unit>day|week|month|year)s?$", re.I)
_END_OF = re.compile(rf"^(?:(?:by|before)\s+)?(?:the\s+)?end\s+of\s+(?:(?P<this>the|this)\s+(?P<unit>month|year|week)|{_MONTH}(?:\s+(?P<year>\d{{4}}))?)$", re.I)
_DAY_MONTH = re.compile(rf"^(?:by|before|until|no later than|on)?\s*(?:(?P<d1>\d{{1,2}})\s+{_MONTH}|(?P<m2>[A-Za-z]+)\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)(?:,?\s+(?P<year>\d{{4}}))?$", re.I)
_MONTH_YEAR = re.compile(rf"^(?:by|before|until|in)?\s*{_MONTH}\s+(?P<year>\d{{4}})$", re.I)
_YEAR = re.compile(r"^(?:by|before|until|in)?\s*(?:the\s+end\s+of\s+)?(?P<year>20\d\d)$", re.I)
_ISO = re.compile(r"^(?:by|before|until)?\s*(?P<iso>\d{4}-\d{2}-\d{2})$", re.I)

_WEEKDAYS = [calendar.day_name[i] for i in range(7)]
_ON_WEEKDAY = re.compile(r"^(?:on|by|before)\s+(?P<weekday>" + "|".join(_WEEKDAYS) + r")$", re.I)
_FUTURE_WEEKDAY = re.compile(
    r"\b(?:(?:are|is)\s+to|(?:agreed|agrees|agree)(?:\s+on\s+\w+)?\s+to|will|would)\s+[^.;]{0,80}?"
    r"\b(?P<when>on\s+(?:" + "|".join(_WEEKDAYS) + r"))\b"
)

# a deadline inside running text
_IN_TEXT = re.compile(
    rf"\b(?:within|in the next|over the next|in the coming)\s+{_NUM_ANY}\s+(?:day|week|month|year)s?\b"
    r"|\bin the coming (?:days|weeks|months)\b"
    rf"|\bby the end of (?:the|this) (?:month|year|week)\b"
    rf"|\b(?:by|before|no later than)\s+(?:the end of\s+)?{_MONTH_ANY}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:by|before|no later than)\s+\d{{1,2}}\s+{_MONTH_ANY}(?:\s+\d{{4}})?\b"
    r"|\bby (?:the end of )?20\d\d\b",
    re.I,
)


_DURATION_IN_TEXT = re.compile(r"\b(?:for\s+)?(?P<n>\d{1,3})[\s-](?P<unit>day|week|month)s?\b", re.I)


def find_duration(text: str) -> str | None:
    """"for 30 days" / "30-day" → "30 days": how long something lasts, not yet a date."""
    m = _DURATION_IN_TEXT.search(text)
    return f"{int(m.group('n'))} {m.group('unit').lower()}s" if m else None


def find_deadline_text(text: str) -> str | None:
    """The first deadline phrase in running text, as written, or None.

    A weekday counts only in an arrangement for the future ("are to swap ... on Wednesday",
    "agreed on Monday to swap ... on Wednesday")."""
    m = _IN_TEXT.search(text)
    if m:
        return m.group(0)
    future = _FUTURE_WEEKDAY.search(text)
    return future.group("when") if future else None


def _add_months(d: date, months: int) -> date:
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, _last_day(year, month).day))


def _last_day(year: int, month: int | None = None) -> date:
    """The last day of a month, or of a year."""
    return PartialDate.of(year, month).end


def _number(raw: str) -> int:
    return int(raw) if raw.isdigit() else _NUMBERS[raw.lower()]


def resolve_deadline(text: str | None, published: str | None) -> str | None:
    """The date (YYYY-MM-DD) a written deadline falls on, or None when it cannot be known."""
    if not text:
        return None
    phrase = " ".join(text.strip().rstrip(".").split())
    pub = day_of(published)
    if m := _ISO.match(phrase):
        return m.group("iso")
    if m := _MONTH_YEAR.match(phrase):
        return _last_day(int(m.group("year")), _MONTHS[m.group("month").lower()]).isoformat()
    if m := _YEAR.match(phrase):
        return _last_day(int(m.group("year"))).isoformat()
    if m := _DAY_MONTH.match(phrase):
        month_name = (m.group("month") or m.group("m2") or "").lower().rstrip(".")
        day = m.group("d1") or m.group("d2")
        if month_name in _MONTHS and day:
            month = _MONTHS[month_name]
            year = int(m.group("year")) if m.group("year") else (pub.year if pub else None)
            if year is None:
                return None
            try:
                when = date(year, month, int(day))
            except ValueError:
                return None
            if pub and not m.group("year") and when < pub:
                when = date(year + 1, month, int(day))
            return when.isoformat()
    if pub is None:
        return None
    if m := _DURATION.match(phrase):
        n, unit = _number(m.group("n")), m.group("unit").lower()
        if unit == "day":
            return (pub + timedelta(days=n)).isoformat()
        if unit == "week":
            return (pub + timedelta(weeks=n)).isoformat()
        if unit == "month":
            return _add_months(pub, n).isoformat()
        return _add_months(pub, 12 * n).isoformat()
    if m := _ON_WEEKDAY.match(phrase):
        # a future weekday: the first such day on or after publication
        ahead = (_WEEKDAYS.index(m.group("weekday").capitalize()) - pub.weekday()) % 7
        return (pub + timedelta(days=ahead)).isoformat()
    if m := _END_OF.match(phrase):
        if m.group("this"):
            unit = m.group("unit").lower()
            if unit == "year":
                return _last_day(pub.year).isoformat()
            if unit == "month":
                return _last_day(pub.year, pub.month).isoformat()
            return (pub + timedelta(days=6 - pub.weekday())).isoformat()
        month = _MONTHS[m.group("month").lower()]
        year = int(m.group("year")) if m.group("year") else pub.year + (1 if month < pub.month else 0)
        return _last_day(year, month).isoformat()
    return None


_DATE_PHRASE = re.compile(
    r"\b(?:on|since|last|this)\s+(?:(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
    r"|\d{1,2}\s+(?:" + "|".join(calendar.month_name[1:]) + r")"
    r"|(?:" + "|".join(calendar.month_name[1:]) + r")\s+\d{1,2})\b",
)


def sentence_date(text: str, published: str | None) -> str | None:
    """The day a sentence reports (its last date phrase), resolved against the publication date.

    "on Tuesday" in a report published on a Tuesday is that day (same-day news); otherwise
    :func:`detente.extract.dates.resolve_date_text` decides.
    """
    found = None
    for m in _DATE_PHRASE.finditer(text):
        phrase = m.group(0)
        if phrase.lower().startswith("since"):
            continue
        if published and m.group("weekday") and phrase.lower().startswith("on "):
            pub = day_of(published)
            if pub and _WEEKDAYS[pub.weekday()] == m.group("weekday"):
                found = pub.isoformat()
                continue
        resolved, precision = resolve_date_text(phrase, published)
        if resolved and precision == "day":
            found = resolved
    return found


def statement_date(article: Article, start: int, end: int, deadline_text: str | None = None) -> str | None:
    """The day the text at ``start:end`` reports: its own date phrase (its deadline left out:
    "are to swap ... on Wednesday" was agreed earlier), else the last date stated before it in
    its paragraph, else the publication date for a statement in the present perfect ("Ankara
    has offered ..."), else the date of the article's first paragraph (the lead), else the
    publication date."""
    text, published = article.text, article.reading_day
    own = text[start:end]
    for phrase in (deadline_text, find_deadline_text(own)):
        if phrase:
            own = own.replace(phrase, " ")
    found = sentence_date(own, published)
    if found:
        return found
    para = text.rfind("\n\n", 0, start)
    found = sentence_date(text[para + 1 if para >= 0 else 0 : start], published)
    if found:
        return found
    if _PRESENT_PERFECT.search(text[start:end]):
        return published  # "Ankara has offered Istanbul as a venue": so it stands when published
    lead_end = text.find("\n\n")
    if para >= 0 and lead_end > 0:
        found = _first_date(text[:lead_end], published)
    return found or published


_PRESENT_PERFECT = re.compile(r"^[^,]{0,60}\b(?:has|have)\s+(?:\w+ly\s+)?(?:offered|proposed|agreed|suggested|pledged|promised|committed)\b")


def _first_date(text: str, published: str | None) -> str | None:
    for m in _DATE_PHRASE.finditer(text):
        found = sentence_date(m.group(0), published)
        if found:
            return found
    return None
