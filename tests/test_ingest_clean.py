"""Cleaning, metadata found in the text, segments and genre: general rules checked on texts
written for these tests (different wording from the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.ingest import prepare
from detente.ingest.clean import clean_text
from detente.ingest.headers import parse_date
from detente.ingest.meta import outlet_name_from_domain
from detente.ingest.segment import classify_genre
from detente.model import Article, RawDocument, content_id

INPUTS = Path(__file__).parent / "data" / "inputs"
NEWS = (
    "Delegations from the United States and Russia met in Riyadh on Tuesday, officials said. "
    "They agreed to restore embassy staff and to name teams for later talks on Ukraine."
)


def _prepare(text: str, origin: str = "t.txt") -> Article:
    article = prepare(RawDocument(origin=origin, text=text))
    assert isinstance(article, Article), article
    return article


@pytest.fixture(scope="module")
def chrome() -> Article:
    return _prepare((INPUTS / "chrome.txt").read_text(encoding="utf-8"), "chrome.txt")


@pytest.mark.parametrize(
    "gone",
    [
        "Home » World",
        "\n14\n",
        "(Getty Images)",
        "Donate today",
        "Photo: Reuters",
        "Telegram",
        "newsletter",
        "Be the first to comment",
        "Post a comment",
        "Discover more from",
        "Subscribe to keep reading",
        "Read more",
        "Switch to desktop version",
        "desk@exampleledger.com",
    ],
)
def test_chrome_in_other_words_is_removed(chrome: Article, gone: str) -> None:
    assert gone not in chrome.text


def test_content_and_captions_are_kept(chrome: Article) -> None:
    assert "A damaged grain terminal in the port of Odesa after a drone strike in the spring." in chrome.text
    # the call to action glued to the paragraph is cut, the reporting after it is kept
    assert "\nMoscow said its part of the deal would only start once" in chrome.text
    assert chrome.text.rstrip().endswith("did not yet have a start date.")


def test_outlet_and_title_from_chrome(chrome: Article) -> None:
    assert chrome.outlet == "The Example Ledger"  # "Discover more from …"
    assert chrome.title == "Envoys agree on a maritime truce in the Black Sea"  # repeated by the breadcrumb
    assert chrome.published is None


def test_outlet_from_a_contact_address() -> None:
    text = NEWS + "\nHave a tip for the Kyiv desk? Send it to tips@thekyivbeacon.org.\n"
    # "beacon" is neither in the text nor a common outlet word: the domain is reported
    assert _prepare(text).outlet == "thekyivbeacon.org"
    text = NEWS + " Kyiv was not invited.\nGot a story? Send it to tips@thekyivherald.org. Follow us on X.\n"
    assert _prepare(text).outlet == "The Kyiv Herald"
    assert outlet_name_from_domain("www.example-news.com") == "example-news.com"


def test_ordinary_reporting_is_not_taken_for_chrome() -> None:
    text = (
        "Russia's defence ministry said on its Telegram channel that talks would resume.\n"
        "Activists said their petition calling for talks had 40,000 signatures.\n"
        "Ukraine's president urged allies to follow the negotiations closely, he told reporters.\n"
        "In 2024 the number of refugees reached 6 million.\n"
    )
    assert _prepare(text).text == text.strip()


def test_no_title_or_date_is_invented() -> None:
    text = (
        "Background and context\n"
        "In February 2023 and again on 5 March 2024 officials met, the ministry said; "
        + NEWS
        + "\n"
    )
    article = _prepare(text)
    assert article.published is None
    assert article.title is None  # a section head above prose is not a headline


def test_standalone_first_line_is_the_title() -> None:
    article = _prepare("Envoys agree to keep talking\n\n" + NEWS)
    assert article.title == "Envoys agree to keep talking"


def test_aggregator_file_is_split_into_pieces() -> None:
    text = (INPUTS / "aggregator.txt").read_text(encoding="utf-8")
    article = _prepare(text)
    starts = [article.text[s.start : s.start + 30] for s in article.segments]
    assert starts == [
        "Talks in Riyadh open a narrow ",
        "As a reader who followed these",
        "Here is what you can do to pus",
    ]
    assert [s.genre for s in article.segments] == ["editorial", "opinion", "advocacy"]
    assert article.genre == "mixed"
    assert "Petition:" not in article.text
    assert article.published == "2025-02-19" and article.outlet == "exampletribune.com"


def test_single_piece_is_one_segment() -> None:
    article = _prepare(NEWS + "\n" + NEWS)
    assert len(article.segments) == 1
    seg = article.segments[0]
    assert (seg.start, seg.end, seg.genre) == (0, len(article.text), "news")


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        (NEWS, "news"),
        (
            "Why the Riyadh talks matter\nIn this article, we examine what the two sides agreed.\n"
            "Positions at a glance\nIssue | Washington | Moscow |\n---|---|---|\n"
            "Embassies | restore | restore |\nWhat comes next\nTalks on Ukraine will follow.\n",
            "analysis",
        ),
        (
            "I believe the talks were a mistake. In my view, we must not let two capitals "
            "decide the fate of a third. We should insist that Kyiv is at the table, and our "
            "leaders need to say so. I think the article on the meeting misses this.",
            "opinion",
        ),
        (
            "What you can do this week:\n- Write to your senator about the talks.\n"
            "- Sign the petition for a just peace.\n- Join a local vigil on Sunday.\n",
            "advocacy",
        ),
        ("Our editorial: talks are welcome\nThe meeting in Riyadh was overdue.", "editorial"),
    ],
)
def test_genre_signals(text: str, genre: str) -> None:
    assert classify_genre(text) == genre


def test_language_is_detected() -> None:
    article = _prepare((INPUTS / "french.txt").read_text(encoding="utf-8"))
    assert article.language == "fr"
    assert article.title == "Les diplomates se retrouvent à Riyad"  # lower-case "title:" header


def test_id_is_the_hash_of_the_cleaned_text() -> None:
    a = _prepare(NEWS + "\nFollow us on Facebook\n")
    b = _prepare("Exit mobile version\n" + NEWS)
    assert a.id == b.id == content_id(NEWS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-18", "2025-02-18"),
        ("2025-08-15T22:10:00+00:00", "2025-08-15"),
        ("Sunday, August 17, 2025, 12:28:01 PM Eastern Daylight Time", "2025-08-17"),
        ("18 February 2025", "2025-02-18"),
        ("Feb. 18, 2025", "2025-02-18"),
        ("February 2025", None),
        ("2025", None),
        ("next Tuesday", None),
        ("", None),
        ("2025-02-30", None),
    ],
)
def test_dates_are_parsed_only_when_fully_stated(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


def test_clean_text_records_what_it_dropped() -> None:
    result = clean_text("Sign our petitionThe talks resumed in Riyadh on Tuesday, officials said.\n")
    assert result.text == "The talks resumed in Riyadh on Tuesday, officials said."
    assert result.dropped == ["Sign our petition"]


def test_breadcrumb_without_separators_repeating_the_headline() -> None:
    text = (
        "Home Europe Diplomacy Envoys agree to keep talking after Riyadh\n"
        "Envoys agree to keep talking after Riyadh\n" + NEWS + "\n"
    )
    article = _prepare(text)
    assert not article.text.startswith("Home")
    assert article.title == "Envoys agree to keep talking after Riyadh"
    kept = _prepare("Home to two million people, the city was calm on Tuesday, officials said.\n" + NEWS)
    assert kept.text.startswith("Home to two million people")


def test_html_dates_in_the_body_are_not_taken_for_the_publication_date() -> None:
    html = (
        "<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1>"
        "<p>Officials met on 18 February 2025 in Riyadh, the ministry said, and will meet again "
        "in March 2025 to continue the talks on Ukraine and other matters of concern.</p>"
        "<p>The war began on 24 February 2022.</p></article></body></html>"
    )
    article = prepare(RawDocument(origin="x.html", html=html))
    assert isinstance(article, Article)
    assert article.published is None and article.title == "Talks resume"
