"""Bad inputs never stop a run: each becomes a Rejection that names the item and the fix,
and good items next to them are still read."""

from __future__ import annotations

import io
import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.ingest import prepare, read_sources
from detente.model import Article, RawDocument, Rejection
from detente.settings import Settings

BAD = Path(__file__).parent / "data" / "bad"
GOOD_TEXT = (
    "Senior officials from both governments met in Riyadh on Tuesday and agreed to keep "
    "talking, a statement said.\n"
)


def _only(path: Path, settings: Settings | None = None) -> RawDocument | Rejection:
    items = list(read_sources([str(path)], settings=settings or Settings()))
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("empty.txt", ["empty", "remove it"]),
        ("whitespace.txt", ["only whitespace", "remove it"]),
        ("binary.bin", ["binary file, not text", "binary.bin"]),
        ("garbled_encoding.txt", ["cannot be decoded", "re-save the file as UTF-8"]),
        ("truncated_feed.xml", ["no usable entries", "truncated_feed.xml", "well-formed RSS or Atom"]),
    ],
)
def test_bad_file_is_rejected_with_reason_and_fix(name: str, says: list[str]) -> None:
    item = _only(BAD / name)
    assert isinstance(item, Rejection)
    assert item.origin == str(BAD / name)
    for words in says:
        assert words in item.reason


def test_latin1_file_is_accepted_and_decoded() -> None:
    item = _only(BAD / "latin1.txt")
    assert isinstance(item, RawDocument)
    article = prepare(item)
    assert isinstance(article, Article)
    assert "négociateurs américains" in article.text and "délégations" in article.text
    assert article.language == "fr"


def test_mostly_utf8_file_keeps_its_text_and_marks_the_stray_bytes() -> None:
    item = _only(BAD / "mixed_encoding.txt")
    assert isinstance(item, RawDocument) and item.text is not None
    assert "embassies’ staff" in item.text  # the UTF-8 apostrophe is intact
    assert item.text.count("\ufffd") == 2  # the two Latin-1 bytes are replaced


def test_bom_and_utf16_files_decode(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + GOOD_TEXT.encode())
    (tmp_path / "u16.txt").write_bytes(GOOD_TEXT.encode("utf-16"))
    for name in ("bom.txt", "u16.txt"):
        item = _only(tmp_path / name)
        assert isinstance(item, RawDocument) and item.text == GOOD_TEXT


def test_truncated_html_still_gives_its_text() -> None:
    item = _only(BAD / "truncated.html")
    assert isinstance(item, RawDocument)
    article = prepare(item)
    assert isinstance(article, Article)
    assert article.title == "Black Sea talks continue"
    assert article.published == "2025-03-25"
    assert "safe passage for merchant ships" in article.text
    assert "restrictions on its ban" in article.text  # the cut-off last paragraph is kept


def test_truncated_feed_keeps_its_complete_entries(tmp_path: Path) -> None:
    feed = (Path(__file__).parent / "data" / "inputs" / "feed.rss").read_text()
    cut = feed[: feed.index("<item>", feed.index("</item>")) + 30]
    (tmp_path / "cut.rss").write_text(cut)
    items = list(read_sources([str(tmp_path / "cut.rss")], offline=True))
    assert items and isinstance(items[0], RawDocument)
    assert items[0].title == "Washington and Moscow agree to restore embassy staff"


def test_malformed_json_lines_are_rejected_one_by_one() -> None:
    items = list(read_sources([str(BAD / "malformed.jsonl")]))
    by_origin = {i.origin.rsplit(":", 1)[1]: i for i in items}
    assert sorted(by_origin, key=int) == ["1", "2", "3", "4", "6", "7"]  # line 5 is blank
    assert isinstance(by_origin["1"], RawDocument) and isinstance(by_origin["6"], RawDocument)
    bad2, bad3, bad4, bad7 = (by_origin[n] for n in ("2", "3", "4", "7"))
    assert isinstance(bad2, Rejection)
    assert bad2.reason.startswith("malformed JSON on line 2")
    assert bad2.reason.endswith("fix the line or remove it")
    assert isinstance(bad3, Rejection) and "not an object" in bad3.reason
    assert isinstance(bad4, Rejection) and 'no "text" or "html"' in bad4.reason
    assert isinstance(bad7, Rejection) and "line 7" in bad7.reason


def test_oversized_file_names_size_limit_and_setting(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(GOOD_TEXT * 100)
    item = _only(big, Settings(max_bytes=1000))
    assert isinstance(item, Rejection)
    assert f"{big.stat().st_size:,} bytes" in item.reason
    assert "1,000 bytes" in item.reason and "DETENTE_MAX_BYTES" in item.reason
    assert isinstance(_only(big, Settings(max_bytes=100_000)), RawDocument)


def test_oversized_json_line_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [json.dumps({"text": GOOD_TEXT}), json.dumps({"text": "word " * 400})]
    path.write_text("\n".join(lines) + "\n")
    first, second = read_sources([str(path)], settings=Settings(max_bytes=1000))
    assert isinstance(first, RawDocument)
    assert isinstance(second, Rejection) and "DETENTE_MAX_BYTES" in second.reason


def test_oversized_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x " * 2000)))
    (item,) = read_sources(["-"], settings=Settings(max_bytes=1000))
    assert isinstance(item, Rejection) and item.origin == "<stdin>"
    assert "DETENTE_MAX_BYTES" in item.reason


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    missing = _only(tmp_path / "nope.txt")
    assert isinstance(missing, Rejection) and "no such file or folder" in missing.reason
    # tests run as root, where permissions do not stop reading: a dangling link stands in
    # for an unreadable entry, inside a folder that also holds a good file
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT)
    (folder / "link.txt").symlink_to(tmp_path / "gone.txt")
    good, link = read_sources([str(folder)])
    assert isinstance(good, RawDocument)
    assert isinstance(link, Rejection) and "broken symbolic link" in link.reason


def test_a_run_over_every_bad_input_never_raises() -> None:
    items = list(read_sources([str(BAD), str(BAD / "nope"), "-x-", "gopher://x"], offline=True))
    rejected = [i for i in items if isinstance(i, Rejection)]
    accepted = [i for i in items if isinstance(i, RawDocument)]
    assert len(accepted) == 5  # latin1, mixed, truncated.html, two good JSON lines
    assert len(rejected) >= 10
    for item in rejected:
        assert item.reason and " — " in item.reason  # what is wrong — the fix
    for raw in accepted:
        assert isinstance(prepare(raw), Article)


def test_only_chrome_is_rejected_by_prepare() -> None:
    raw = RawDocument(origin="x.txt", text="Follow us on Telegram\nLeave a Reply\n0\n")
    result = prepare(raw)
    assert isinstance(result, Rejection) and "no article text left" in result.reason


def test_symbolic_link_loop_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_TEXT)
    (tmp_path / "loop").symlink_to(tmp_path)
    items = list(read_sources([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Rejection"]
    assert "already read" in items[1].reason  # type: ignore[union-attr]


@settings(max_examples=60, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: t.encode("utf-8")),
        st.sampled_from([b"<html><p>", b"<?xml version='1.0'?><rss><channel><item>", b"{", b"<feed>"]).flatmap(
            lambda head: st.binary(max_size=200).map(lambda tail: head + tail)
        ),
    ),
    suffix=st.sampled_from([".txt", ".html", ".xml", ".jsonl", ""]),
)
def test_any_bytes_give_items_or_rejections_never_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"item{suffix}"
        path.write_bytes(data)
        for item in read_sources([str(path)], offline=True, settings=Settings()):
            assert isinstance(item, RawDocument | Rejection)
            if isinstance(item, RawDocument):
                assert isinstance(prepare(item), Article | Rejection)
