"""Bad input at scale: generated inputs shaped like what the readers and the table parser meet
(JSON Lines of any shape, HTML of random tags, RSS/Atom feeds with odd entries, pipe tables with
ragged rows).  The readers never raise: every item is an Article or a Rejection once prepared.
The table parser never raises and its rows always have the header's width.  Bytes of any kind
are covered by tests/test_ingest_bad.py."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.extract.tables import parse_tables
from detente.ingest import prepare, read_sources
from detente.model import Article, RawDocument, Rejection
from detente.settings import Settings

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | words,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(words, inner, max_size=4),
    max_leaves=12,
)
# Objects that look like articles, with any value in any field the reader knows.
article_like = st.fixed_dictionaries(
    {},
    optional={key: json_values | words for key in
              ("id", "text", "html", "url", "title", "published", "date", "outlet", "categories")},
)


def _read_all(data: bytes, suffix: str) -> list[Article | Rejection]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        out: list[Article | Rejection] = []
        for item in read_sources([str(path)], offline=True, settings=Settings()):
            assert isinstance(item, RawDocument | Rejection)
            out.append(prepare(item) if isinstance(item, RawDocument) else item)
    for result in out:
        assert isinstance(result, Article | Rejection)
        if isinstance(result, Article):
            assert result.text.strip() and result.id
    return out


@FAST
@given(lines=st.lists(article_like.map(json.dumps) | json_values.map(json.dumps) | words, max_size=8))
def test_json_lines_of_any_shape(lines: list[str]) -> None:
    results = _read_all("\n".join(lines).encode("utf-8"), ".jsonl")
    assert len(results) >= sum(1 for line in lines if line.strip())  # one result per line at least


tags = st.sampled_from(["p", "div", "article", "h1", "title", "script", "style", "nav", "table", "td", "li",
                        "time", "meta", "br", "a", "span", "header", "footer"])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = ["<html><head>"]
    for _ in range(draw(st.integers(0, 3))):
        parts.append(f'<meta name="{draw(words)}" content="{draw(words)}">')
    parts.append("</head><body>")
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(tags)
        attrs = draw(st.sampled_from(["", ' class="content"', ' datetime="2025-13-45"', ' href="javascript:x"']))
        close = draw(st.booleans())  # unclosed tags too
        parts.append(f"<{tag}{attrs}>{draw(words)}" + (f"</{tag}>" if close else ""))
    if draw(st.booleans()):
        parts.append("</body></html>")
    return "".join(parts)


@FAST
@given(page=html_pages(), suffix=st.sampled_from([".html", ".txt", ""]))
def test_html_of_random_tags(page: str, suffix: str) -> None:
    assert len(_read_all(page.encode("utf-8"), suffix)) >= 1


@st.composite
def feeds(draw: st.DrawFn) -> str:
    atom = draw(st.booleans())
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        fields = {
            "title": draw(words), "link": draw(st.sampled_from(["https://example.org/a", "", "not a url", "ftp://x"])),
            "date": draw(st.sampled_from(["Mon, 17 Feb 2025 10:00:00 GMT", "2025-02-30", "yesterday", ""])),
            "body": draw(words),
        }
        if atom:
            entries.append(f"<entry><title>{fields['title']}</title><link href=\"{fields['link']}\"/>"
                           f"<updated>{fields['date']}</updated><content type=\"html\">{fields['body']}</content></entry>")
        else:
            entries.append(f"<item><title>{fields['title']}</title><link>{fields['link']}</link>"
                           f"<pubDate>{fields['date']}</pubDate><description>{fields['body']}</description></item>")
    if atom:
        return '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">' + "".join(entries) + "</feed>"
    truncated = draw(st.booleans())
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + "".join(entries)
            + ("" if truncated else "</channel></rss>"))


@FAST
@given(feed=feeds())
def test_feeds_with_odd_entries(feed: str) -> None:
    _read_all(feed.encode("utf-8"), ".xml")


cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\n\r"),
                max_size=15)


@st.composite
def texts_with_tables(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["row", "rule", "prose", "blank", "ragged"]))
        if kind == "row":
            row = draw(st.lists(cells, min_size=1, max_size=6))
            lines.append("| " + " | ".join(row) + " |")
        elif kind == "ragged":
            lines.append(" | ".join(draw(st.lists(cells, max_size=5))))
        elif kind == "rule":
            lines.append("|" + "|".join(draw(st.sampled_from(["---", ":--", "--:", "", "-"]))
                                        for _ in range(draw(st.integers(1, 6)))) + "|")
        elif kind == "prose":
            lines.append(draw(cells))
        else:
            lines.append("")
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


def _check_tables(text: str) -> None:
    for table in parse_tables(text, article_id="a1"):
        width = len(table.header)
        assert width >= 1
        for row in table.rows:
            assert len(row.cells) == width
            start, end = row.span
            assert 0 <= start <= end <= len(text)


@settings(max_examples=300, deadline=None)
@given(text=texts_with_tables())
def test_table_parser_on_table_like_text(text: str) -> None:
    _check_tables(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=500))
def test_table_parser_on_any_text(text: str) -> None:
    _check_tables(text)
