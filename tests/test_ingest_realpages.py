"""Metadata and cleaning on text as real news pages give it (issue 11): the outlet named by the
URL's host, placeholders such as ``title: unknown``, genre on news with subheads and quotes,
and the credits, notices and furniture real pages carry. Every text here is written for these
tests; none is taken from a real article."""

from __future__ import annotations

import pytest

from detente.ingest import prepare
from detente.ingest.clean import clean_text
from detente.ingest.headers import known, split_header
from detente.ingest.meta import outlet_from_url
from detente.ingest.segment import classify_genre
from detente.model import Article, RawDocument, date_from_url

BODY = (
    "Negotiators from the two neighbouring states met in Geneva on Thursday for a third round "
    "of talks on a ceasefire, officials said.\n\n"
    "The foreign minister told reporters that both sides had agreed to exchange lists of "
    "detainees before the next meeting, scheduled for early next month.\n\n"
    "\"We are closer than we have ever been,\" the minister said, adding that a monitoring "
    "mission would be discussed at the next round.\n"
)


def _page(url: str = "https://www.example-herald.co.uk/world/2031/05/talks", title: str = "unknown",
          date: str = "unknown", body: str = BODY) -> Article:
    text = f"url: {url}\ntitle: {title}\ndate: {date}\n\n{body}"
    article = prepare(RawDocument(origin="page.txt", text=text))
    assert isinstance(article, Article), article
    return article


# ------------------------------------------------------------------------------------------
# Outlet from the URL's host


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.example-herald.co.uk/world/a", "example-herald.co.uk"),
        ("https://english.example.ru/news/1", "english.example.ru"),  # an edition stays
        ("https://www.example.com:443/article/9", "example.com"),  # the port goes
        ("https://m.example.org/a", "example.org"),  # the mobile copy is the same outlet
        ("http://EN.Example.CN/n3/x.html", "en.example.cn"),
        ("https://www.example.news", "example.news"),
        ("http://127.0.0.1:8000/a", None),
        ("/tmp/article.txt", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


def test_outlet_comes_from_the_host_when_nothing_names_it() -> None:
    assert _page().outlet == "example-herald.co.uk"


def test_a_stated_outlet_wins_over_the_host() -> None:
    text = "url: https://www.example.com/a\noutlet: The Example Herald\n\n" + BODY
    article = prepare(RawDocument(origin="page.txt", text=text))
    assert isinstance(article, Article)
    assert article.outlet == "The Example Herald"


def test_the_host_wins_over_a_photo_credit_in_the_chrome() -> None:
    # "© Name/Agency" is a photo credit, not the outlet's copyright line
    article = _page(body=BODY + "\n© Jana Novak/Example Agency\n")
    assert article.outlet == "example-herald.co.uk"
    assert "Jana Novak" not in article.text


# ------------------------------------------------------------------------------------------
# Publication day from a dated address


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://example.org/world/2024/11/07/truce-holds/", "2024-11-07"),
        ("https://example.org/news/2024-11-07/truce-holds/p.html", "2024-11-07"),
        ("https://example.org/stories/2024/nov/7/truce-holds/", "2024-11-07"),
        ("https://example.org/stories/202411070218.html", "2024-11-07"),
        ("https://example.org/world/2024/11/truce-holds", None),  # a month is no day
        ("https://example.org/world/2024/02/30/truce", None),  # no such day
        ("https://example.org/world/2031/05/06/plan", None),  # after the day it is read
        ("https://example.org/world/truce-holds/3652146", None),  # a serial number
        ("https://example.org/id/20241107999999", None),  # too long to be a day and a serial
        (None, None),
    ],
)
def test_date_from_url(url: str | None, day: str | None) -> None:
    from datetime import date

    assert date_from_url(url, today=date(2026, 1, 1)) == day


def test_an_undated_page_is_read_against_its_address_day_and_a_stated_day_wins() -> None:
    url = "https://www.example-herald.co.uk/world/2024/11/07/talks"
    undated = _page(url=url)
    # the page states no day: its publication day stays unknown, but "on Thursday" in it is
    # read against the day its address was published under
    assert undated.published is None and undated.reading_day == "2024-11-07"
    assert _page(url=url, date="2024-11-08").reading_day == "2024-11-08"
    assert _page().reading_day is None  # /2031/05/ names only a month


# ------------------------------------------------------------------------------------------
# Placeholders


@pytest.mark.parametrize("value", ["unknown", "Unknown", " n/a ", "None", "-", "null", ""])
def test_placeholders_are_not_values(value: str) -> None:
    assert known(value) is None


def test_title_unknown_gives_no_title() -> None:
    header, _body = split_header("url: https://example.com/a\ntitle: unknown\ndate: unknown\n\nText.\n")
    assert header.title is None and header.published is None
    article = _page()
    assert article.title is None
    assert article.published is None


def test_a_known_title_and_date_are_kept() -> None:
    article = _page(title="Geneva talks end with a list swap", date="2031-05-08")
    assert article.title == "Geneva talks end with a list swap"
    assert article.published == "2031-05-08"


def test_a_byline_is_not_taken_for_the_title() -> None:
    article = _page(body="By Mara Lind and Tom Okafor, Example Wire\n\n" + BODY)
    assert article.title is None


# ------------------------------------------------------------------------------------------
# Genre on real news


NEWS_WITH_SUBHEADS = (
    "By Anna Berg, Example Wire\n\n"
    "GENEVA\n\n"
    "Envoys of the two governments resumed talks on Thursday, the mediators said, after a "
    "pause of three weeks caused by a dispute over the agenda.\n\n"
    "Prisoner lists on the table\n\n"
    "\"Our delegation came here to sign, and we will not leave without a text,\" the chief "
    "negotiator told reporters. \"We want our people home,\" he said.\n\n"
    "What comes next\n\n"
    "According to the mediators, a second session is planned for Friday. Both sides said they "
    "hoped to agree on a monitoring mission before the end of the month.\n"
)


def test_news_with_subheads_and_a_byline_is_news() -> None:
    assert classify_genre(NEWS_WITH_SUBHEADS) == "news"


def test_first_person_inside_quotations_is_not_opinion() -> None:
    text = (
        "\"We came to sign the agreement and we kept our word,\" the prime minister said.\n\n"
        "\"Our people expect us to finish this. I believe we will,\" he added.\n\n"
        "\"We must not repeat our mistakes,\" the president said after the meeting.\n"
    )
    assert classify_genre(text) == "news"


def test_an_essay_in_sections_that_reports_nothing_is_analysis() -> None:
    paragraph = (
        "The negotiations raise questions about sequencing, verification and the incentives "
        "of each party, and a durable settlement depends on how these are balanced over time. "
    )
    text = (
        "Why sequencing matters for a settlement\n\n" + paragraph * 3 + "\n\n"
        "Verification as the hardest question\n\n" + paragraph * 3 + "\n\n"
        "Incentives for the parties\n\n" + paragraph * 3 + "\n"
    )
    assert classify_genre(text) == "analysis"


def test_real_news_page_is_news() -> None:
    assert _page(body=NEWS_WITH_SUBHEADS).genre == "news"


# ------------------------------------------------------------------------------------------
# Credits, attributions, notices and furniture


@pytest.mark.parametrize(
    "line",
    [
        "[ Source: Example Wire ]",
        "[Source: Example Wire]",
        "(With inputs from agencies)",
        "(with inputs from wire services)",
        "Photo: EPA-EFE / JANE ROE / POOL",
        "Picture: JOHN DOE/Pool via EXAMPLEWIRE",
        "Foto: Agency/AP Photo/Some One",
        "Photo: commons.example.org by Someone is licensed under CC BY 4.0",
        "Jane Roe/picture alliance via Getty",
        "Ana Lopez/EXA (Example News Agency)",
        "(via EXAMPLEWIRE)",
        "This website uses cookies",
        "We use cookies to improve your experience. More information",
        "CHOOSE YOUR LANGUAGE",
        "EN ru",
        "News / World",
        "World Politics Business Opinion Sport Science",
        "Tweet Share",
        "Published: 11:48 | 9 June 2031",
        "Posted/updated on: June 9, 2031 at 4:05 pm",
        "  09:15 UTC+2, 2031-06-09       0",
        "3 min read",
        "This audio is created with AI assistance",
        "Editor's note: This story is being updated.",
        "Mara Lind - editor",
        "Delegates arrive for the talks - photo 2",
        "Main arrow News arrow Delegates arrive for the talks arrow",
        "Reader hotline: 012-3456789",
    ],
)
def test_page_chrome_lines_are_removed(line: str) -> None:
    cleaned = clean_text(f"{BODY}\n{line}\n\nThe talks are to resume in June, the mediators said.\n")
    assert line.strip() not in cleaned.text
    assert "The talks are to resume in June, the mediators said." in cleaned.text
    assert "officials said." in cleaned.text


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("The ministers met in the capital on Monday. (via EXAMPLEWIRE)",
         "The ministers met in the capital on Monday."),
        ("Delegates pose for a photo in the capital, on June 9, 2031. Ana Lopez/EXA (Example News Agency)",
         "Delegates pose for a photo in the capital, on June 9, 2031."),
        ("The mediator spoke to reporters in the capital. [Source: Example Wire]",
         "The mediator spoke to reporters in the capital."),
        ("The two sides avoided signing, the premier said after the talks. Source: EXW "
         "Sunday, June 9, 2031 | 01:47 Tweet Share Foto: Agency/AP Photo/Some One",
         "The two sides avoided signing, the premier said after the talks."),
        ("Both parties committed to carry out the deal in good faith. pic.twitter.com/AbC123xyz",
         "Both parties committed to carry out the deal in good faith."),
        ("by Mara Lind June 9, 2031 5:05 PM 1 min read", "by Mara Lind"),
    ],
)
def test_chrome_ending_a_paragraph_is_cut(line: str, kept: str) -> None:
    assert clean_text(line).text.rstrip() == kept


def test_tag_list_closing_the_page_is_removed() -> None:
    cleaned = clean_text(BODY + "\nceasefire Geneva talks Jane Roe prisoner swap\n")
    assert "prisoner swap" not in cleaned.text
    assert cleaned.text.rstrip().endswith("at the next round.")


@pytest.mark.parametrize(
    "content",
    [
        "Source: the ministry said the figures were preliminary and would be revised.",
        "The delegations met on June 9, 2031, at 10:00 in the old town hall.",
        "Talks / Geneva round three began with a minute of silence for the victims.",
        "Share prices rose in the capital after the ceasefire was announced.",
        "Russia and Ukraine",
    ],
)
def test_content_lines_stay(content: str) -> None:
    assert content in clean_text(f"{BODY}\n{content}\n").text
