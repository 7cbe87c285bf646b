"""Event dates: relative words against the publication day, honest precision, no durations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from detente.extract.dates import resolve_date_text, resolve_event_date

SUNDAY = "2025-08-17"  # a Sunday
WEDNESDAY = "2025-02-19"


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        # weekdays: the latest such day strictly before publication
        ("on Friday", SUNDAY, ("2025-08-15", "day")),
        ("Friday", SUNDAY, ("2025-08-15", "day")),
        ("Saturday", SUNDAY, ("2025-08-16", "day")),
        ("on Sunday", SUNDAY, ("2025-08-17", "day")),  # the publication's own weekday: that day
        ("last Sunday", SUNDAY, ("2025-08-10", "day")),
        ("Tuesday", WEDNESDAY, ("2025-02-18", "day")),
        ("on Monday morning", SUNDAY, ("2025-08-11", "day")),
        ("last Friday", SUNDAY, ("2025-08-15", "day")),
        ("next Friday", SUNDAY, ("2025-08-22", "day")),
        ("Thurs.", SUNDAY, ("2025-08-14", "day")),
        # words relative to the publication day
        ("today", SUNDAY, ("2025-08-17", "day")),
        ("earlier today", SUNDAY, ("2025-08-17", "day")),
        ("yesterday", SUNDAY, ("2025-08-16", "day")),
        ("tomorrow", SUNDAY, ("2025-08-18", "day")),
        ("last week", SUNDAY, (None, None)),  # week precision is not in the contract
        ("earlier this week", SUNDAY, (None, None)),
        ("last month", SUNDAY, ("2025-07", "month")),
        ("last month", "2025-01-10", ("2024-12", "month")),
        ("earlier this month", SUNDAY, ("2025-08", "month")),
        ("next month", "2025-12-03", ("2026-01", "month")),
        ("last year", SUNDAY, ("2024", "year")),
        ("this year", SUNDAY, ("2025", "year")),
        ("three days ago", SUNDAY, ("2025-08-14", "day")),
        ("two years ago", SUNDAY, ("2023", "year")),
        # months and days without a year take the publication year ...
        ("in March", SUNDAY, ("2025-03", "month")),
        ("mid-August", SUNDAY, ("2025-08", "month")),
        ("March 18", SUNDAY, ("2025-03-18", "day")),
        ("Feb. 18", WEDNESDAY, ("2025-02-18", "day")),
        ("the 18th of February", WEDNESDAY, ("2025-02-18", "day")),
        # ... or the year before when a past event would otherwise follow publication
        ("in September", SUNDAY, ("2024-09", "month")),
        ("December 3", SUNDAY, ("2024-12-03", "day")),
        # absolute forms
        ("18 March 2025", SUNDAY, ("2025-03-18", "day")),
        ("March 18, 2025", None, ("2025-03-18", "day")),
        ("Friday, August 15", SUNDAY, ("2025-08-15", "day")),
        ("February 2023", SUNDAY, ("2023-02", "month")),
        ("as early as February 2023", None, ("2023-02", "month")),
        ("in 2014", SUNDAY, ("2014", "year")),
        ("2014-2015", None, ("2014", "year")),  # a range: the year it began
        ("the summer of 2023", None, ("2023", "year")),
        ("2025-02-18", None, ("2025-02-18", "day")),
        ("18/02/2025", None, ("2025-02-18", "day")),
        ("February 30, 2025", None, (None, None)),  # no such day
    ],
)
def test_phrases_resolve_at_their_own_precision(
    phrase: str, published: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert resolve_date_text(phrase, published) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "nearly two years",
        "for three and a half years",
        "next 2 months",
        "over the past three years",
        "30-day",
        "a two-year",
        "decades",
        "for decades",
        "recent weeks",
        "the coming days",
        "the past month",
        "several months",
        "almost a decade",
        "the 1990s",
        "years",
        "",
    ],
)
def test_durations_and_vague_phrases_are_never_dates(phrase: str) -> None:
    assert resolve_date_text(phrase, SUNDAY) == (None, None)
    assert resolve_date_text(phrase, None) == (None, None)


@pytest.mark.parametrize(
    "phrase", ["on Friday", "yesterday", "last month", "in March", "March 18", "two years ago", "this year"]
)
def test_relative_phrases_without_publication_date_give_nothing(phrase: str) -> None:
    assert resolve_date_text(phrase, None) == (None, None)
    assert resolve_date_text(phrase, "not a date") == (None, None)


def test_future_tense_points_forward() -> None:
    assert resolve_date_text("on Friday", SUNDAY, future=True) == ("2025-08-22", "day")
    assert resolve_date_text("on Sunday", SUNDAY, future=True) == ("2025-08-17", "day")
    assert resolve_date_text("next Sunday", SUNDAY, future=True) == ("2025-08-24", "day")
    assert resolve_date_text("in March", SUNDAY, future=True) == ("2026-03", "month")
    assert resolve_date_text("in September", SUNDAY, future=True) == ("2025-09", "month")
    # an explicit "last" wins over the tense
    assert resolve_date_text("last Friday", SUNDAY, future=True) == ("2025-08-15", "day")


def test_publication_date_with_a_time_part_is_used() -> None:
    assert resolve_date_text("on Friday", "2025-08-17T09:30:00+00:00") == ("2025-08-15", "day")


# ------------------------------------------------------------------------------------------
# In parsed sentences (loads the spaCy model once)

Resolve = Callable[..., tuple[str | None, str | None]]


@pytest.fixture(scope="module")
def nlp() -> Any:
    from detente.extract.nlp import load_pipeline

    return load_pipeline("en_core_web_sm")


@pytest.fixture(scope="module")
def event_date(nlp: Any) -> Resolve:
    def run(text: str, published: str | None, trigger: str | None = None) -> tuple[str | None, str | None]:
        doc = nlp(text)
        sent = next(iter(doc.sents))
        if trigger is None:
            return resolve_event_date(sent, published)
        index = next(t.i for t in doc if t.text == trigger)
        return resolve_event_date(sent, published, trigger_i=index)

    return run


@pytest.mark.slow
def test_sentence_weekday_against_sunday_publication(event_date: Resolve) -> None:
    text = "On Friday, the American and Russian presidents met at a military base in Alaska."
    assert event_date(text, SUNDAY, "met") == ("2025-08-15", "day")
    assert event_date(text, SUNDAY) == ("2025-08-15", "day")
    assert event_date(text, None, "met") == (None, None)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Kyiv proposed a meeting of the two presidents before the end of August.",
        "The envoys agreed to exchange draft memoranda by Friday.",
        "The moratorium was to hold until June.",
    ],
)
def test_deadlines_and_bounds_are_not_event_dates(event_date: Resolve, text: str) -> None:
    assert event_date(text, "2025-07-23") == (None, None)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The two leaders will meet on Friday in Budapest.",
        "The foreign ministers are set to meet on Friday in Geneva.",
        "The delegations are expected to hold talks on Friday.",
        "The envoys plan to meet on Friday.",
        "The sides are due to sign the deal on Friday.",
    ],
)
def test_sentence_future_tense_takes_the_next_weekday(event_date: Resolve, text: str) -> None:
    assert event_date(text, SUNDAY) == ("2025-08-22", "day")


@pytest.mark.slow
def test_date_of_the_trigger_clause_beats_the_reporting_date(event_date: Resolve) -> None:
    text = "Officials said on Thursday that the envoys had met in March."
    assert event_date(text, SUNDAY, "met") == ("2025-03", "month")
    # without a date of its own, the event takes the date of the clause reporting it
    text = "Officials said on Thursday that the envoys had met in secret."
    assert event_date(text, SUNDAY, "met") == ("2025-08-14", "day")


@pytest.mark.slow
def test_date_of_a_subordinate_clause_is_not_the_event_date(event_date: Resolve) -> None:
    text = "Since the war began in 2022, the government has kept a cautious line on the talks."
    assert event_date(text, SUNDAY, "kept") == (None, None)


@pytest.mark.slow
def test_unanchored_relative_date_is_not_replaced_by_a_background_year(event_date: Resolve) -> None:
    text = "The ministers met on Tuesday, nearly three years after the 2022 invasion."
    assert event_date(text, None, "met") == (None, None)
    assert event_date(text, WEDNESDAY, "met") == ("2025-02-18", "day")


@pytest.mark.slow
def test_sentence_with_only_a_duration_has_no_date(event_date: Resolve) -> None:
    text = "Over the past three years, outside powers imposed sanctions on the country."
    assert event_date(text, SUNDAY, "imposed") == (None, None)
    assert event_date("The truce will last for a 30-day period.", SUNDAY, "last") == (None, None)


@pytest.mark.slow
def test_table_row_month(event_date: Resolve) -> None:
    assert event_date("October 2023 | the former president | talks with the Kremlin |", None) == (
        "2023-10",
        "month",
    )


@pytest.mark.slow
def test_trigger_outside_the_sentence_is_an_error(nlp: Any) -> None:
    doc = nlp("They met on Friday. Then they left.")
    first = next(iter(doc.sents))
    with pytest.raises(ValueError):
        resolve_event_date(first, SUNDAY, trigger_i=len(doc) - 1)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "The two leaders were set to meet on Friday in Budapest.",
        "The envoys planned to meet on Friday.",
    ],
)
def test_past_plans_stay_in_the_past(event_date: Resolve, text: str) -> None:
    assert event_date(text, SUNDAY) == ("2025-08-15", "day")


@pytest.mark.slow
def test_since_opens_a_period_and_is_not_the_event_date(event_date: Resolve) -> None:
    text = "Ties have been frozen since the 2022 invasion, with both capitals expelling envoys."
    assert event_date(text, SUNDAY, "expelling") == (None, None)
    assert event_date("The border has stayed closed since March 2023.", SUNDAY, "closed") == (None, None)


@pytest.mark.slow
def test_clause_describing_a_nominal_trigger_dates_it(event_date: Resolve) -> None:
    text = "The new offer is milder than the truce terms laid out in June 2024, diplomats say."
    assert event_date(text, SUNDAY, "terms") == ("2024-06", "month")
    # a date in a sibling clause belongs to that clause's event, not to this one
    text = "The terms were laid out in June 2024, and the president did not mention new tariffs."
    assert event_date(text, SUNDAY, "mention") == (None, None)


@pytest.mark.slow
def test_coordinated_verbs_share_a_date(event_date: Resolve) -> None:
    text = "The envoys met on Friday and signed a short memorandum."
    assert event_date(text, SUNDAY, "signed") == ("2025-08-15", "day")


@pytest.mark.slow
def test_a_day_said_of_another_event_noun_is_not_the_sentence_event_day(event_date: Resolve) -> None:
    text = "The Geneva talks follow a proposal by Aliyev on Sunday to resume negotiations with Armenia."
    assert event_date(text, SUNDAY, "talks") == (None, None)
    assert event_date(text, SUNDAY) == (None, None)
    assert event_date(text, SUNDAY, "proposal") == ("2025-08-17", "day")


@pytest.mark.slow
def test_a_time_of_a_named_day_is_that_day(event_date: Resolve) -> None:
    text = "Armenia's security council approved on Tuesday night a peace accord with Azerbaijan."
    assert event_date(text, "2024-11-27") == ("2024-11-26", "day")
    assert event_date("Shelling resumed early Sunday morning near the border.", "2024-11-27") == ("2024-11-24", "day")


def test_a_day_or_month_of_last_or_this_year() -> None:
    assert resolve_date_text("on August 18 last year", "2023-03-19") == ("2022-08-18", "day")
    assert resolve_date_text("in March last year", "2023-03-19") == ("2022-03", "month")
    assert resolve_date_text("in May this year", "2023-03-19") == ("2023-05", "month")
    assert resolve_date_text("on August 18 last year", None) == (None, None)
