"""What a demanding new user runs into: impossible dates, pages with no article, binary bytes
that only look like UTF-16.  Each is refused with a message naming the item and the fix, the
good items of the same run are stored, and the exit code says some inputs were rejected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.cli import main
from detente.settings import Settings

GOOD = "title: Riyadh talks\ndate: 2025-02-18\n\nSergey Lavrov met Marco Rubio in Riyadh on Tuesday to discuss the embassies.\n"
MENU_PAGE = ("<html><head><title>World news</title></head><body><div class='menu'><a href='/'>Home</a> "
             "<a href='/world'>World</a> <a href='/about'>About us</a></div><footer>(c) 2025 Wire</footer>"
             "</body></html>")


def run(*args: str, db: Path) -> tuple[int, str, str]:
    """The ``detente`` entry point itself (where errors become messages and exit codes)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_:
        main(["--db", f"sqlite:///{db}", *args])
    return int(exit_.value.code or 0), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("value", ["2025-13", "2025-02-30", "2025-00-10", "2025-04-31"])
def test_impossible_dates_are_usage_errors_on_the_command_line(tmp_path: Path, value: str) -> None:
    from detente.store import open_store

    db = tmp_path / "d.db"
    open_store(f"sqlite:///{db}").close()  # an empty store
    for command in (["events", "--since", value], ["events", "--until", value], ["articles", "--since", value]):
        code, out, err = run(*command, db=db)
        assert code == 2, (command, out, err)
        assert value in err and "no real month or day" in err and "Traceback" not in err
    code, _, err = run("events", "--since", "2024-02-29", db=db)  # a leap day is a real day
    assert code == 0, err


def test_impossible_dates_are_refused_by_the_api(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from detente.serve import create_app

    client = TestClient(create_app(Settings(db=f"sqlite:///{tmp_path / 'a.db'}")))
    for path in ("/api/events?since=2025-13", "/api/articles?until=2025-02-30", "/api/stories?since=2025-06-31",
                 "/api/timeline?since=2025-13", "/api/milestones?until=2025-00"):
        r = client.get(path)
        assert r.status_code == 422, (path, r.text)
        error = r.json()["error"]
        assert error["code"] == "invalid_parameter" and "no real month or day" in error["message"], path
        assert error["message"].startswith(("query.since: '", "query.until: '")), error  # the value, then why
    assert client.get("/api/events?since=2024-02-29").status_code == 200


def test_a_page_of_menus_is_rejected_and_the_good_file_beside_it_kept(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "menu.html").write_text(MENU_PAGE, encoding="utf-8")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps({"html": MENU_PAGE, "url": "https://wire.test/"}) + "\n",
                                       encoding="utf-8")
    db = tmp_path / "s.db"
    code, _, err = run("ingest", str(folder), db=db)
    assert code == 1, err
    assert "menu.html" in err and "no article in the page" in err and "give the address of the article" in err
    assert "feed.jsonl:1" in err
    assert "1 added" in err and "2 rejected" in err
    code, out, _ = run("articles", "--format", "jsonl", db=db)
    titles = [json.loads(line)["title"] for line in out.splitlines()]
    assert titles == ["Riyadh talks"]


def test_a_page_with_one_short_paragraph_is_still_an_article(tmp_path: Path) -> None:
    page = tmp_path / "brief.html"
    page.write_text("<html><body><nav>Home</nav><p>Ukraine and Russia swapped prisoners on Friday.</p>"
                    "</body></html>", encoding="utf-8")
    code, _, err = run("ingest", str(page), db=tmp_path / "s.db")
    assert code == 0 and "1 added" in err, err


def test_binary_bytes_behind_a_utf16_mark_are_rejected_not_stored(tmp_path: Path) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\xff\xfe\x00garbage\x00\x00\x01\x02")
    real = tmp_path / "utf16.txt"
    real.write_bytes(GOOD.encode("utf-16"))
    db = tmp_path / "s.db"
    code, _, err = run("ingest", str(junk), str(real), db=db)
    assert code == 1, err
    assert "junk.txt" in err and "binary file, not text" in err and "give a text" in err
    assert "1 added" in err and "1 rejected" in err


def test_import_names_each_bad_line_with_its_fix_and_keeps_the_good_ones(tmp_path: Path) -> None:
    good = {"id": "ev-1", "doc_id": "doc-1", "sentence": "Ukraine and Russia swapped prisoners.", "span": [0, 37],
            "trigger": "swapped", "event_type": "COOPERATE"}
    lines = [json.dumps(good), "{not json", json.dumps({"id": "ev-2", "text": "no doc_id here"}), "[1, 2]"]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run("import", "--format", "jsonl", str(path), db=tmp_path / "s.db")
    assert code == 1, err
    rejected = [line for line in err.splitlines() if line.startswith("rejected")]
    assert [line.split(":")[1] for line in rejected] == ["2", "3", "4"], rejected
    for line in rejected:
        assert "fix:" in line and "\"missing" not in line, line
    assert "no 'doc_id'" in rejected[1] and "a JSON list, not an object" in rejected[2]
    assert "1 events added" in err or "1 event added" in err, err


def test_a_mistyped_database_path_is_an_error_and_nothing_is_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "detente.db"
    for command in (["events"], ["articles"], ["stories"], ["milestones"], ["relations"], ["search", "Riyadh"],
                    ["export", "--format", "jsonl", str(tmp_path / "out.jsonl")], ["brief"]):
        code, out, err = run(*command, db=missing)
        assert code == 2, (command, out, err)
        assert f"no database at {missing}" in err and "detente ingest" in err, (command, err)
    assert not (tmp_path / "typo").exists()  # no folder, no empty database left behind
    assert not (tmp_path / "out.jsonl").exists()
    # ingesting is what makes the database; the listings then read it
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    assert run("ingest", str(tmp_path / "good.txt"), db=missing)[0] == 0
    code, out, _ = run("articles", "--format", "jsonl", db=missing)
    assert code == 0 and json.loads(out)["title"] == "Riyadh talks"
