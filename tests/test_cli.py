"""End to end through the CLI, as a user runs it: real spaCy, real SQLite, real files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.pipeline import sample_dir

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
EVENT_KEYS = {"id", "doc_id", "sentence", "span", "trigger", "event_type", "mode", "context", "cameo",
              "intensity", "goldstein", "actors", "recipients", "reciprocal", "date", "date_precision",
              "location", "modality", "confidence", "date_basis", "location_basis", "knowledge",
              "discard"}

pytestmark = pytest.mark.slow


def detente(*args: str, db: Path | None = None, stdin: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "detente.cli"]
    if db is not None:
        cmd += ["--db", f"sqlite:///{db}"]
    full_env = {**os.environ, "DETENTE_HOME": str(db.parent) if db else "/nonexistent", **(env or {})}
    return subprocess.run(cmd + list(args), input=stdin, capture_output=True, text=True, env=full_env,
                          timeout=600)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "samples.db"
    first = detente("ingest", str(sample_dir()), db=db)
    assert first.returncode == 0, first.stderr
    return db


def test_ingest_samples_then_again_adds_nothing(sample_db: Path) -> None:
    n_files = len([p for p in sample_dir().iterdir() if p.suffix == ".txt"])
    conn = sqlite3.connect(sample_db)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == n_files
    n_events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert n_events >= n_files  # every report states at least one event
    again = detente("ingest", str(sample_dir()), db=sample_db)
    assert again.returncode == 0, again.stderr
    assert f"0 added (0 events), {n_files} already present, 0 rejected" in again.stderr
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == n_events


def test_events_as_jsonl_follow_the_contract(sample_db: Path) -> None:
    out = detente("events", "--country", "RUS", "--type", "CONSULT", "--format", "jsonl", "--limit", "500",
                  db=sample_db)
    assert out.returncode == 0, out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines()]
    assert events, "the sample corpus holds Russian meetings"
    for ev in events:
        assert set(ev) == EVENT_KEYS
        assert ev["event_type"] == "CONSULT"
        codes = {a["country"] for a in ev["actors"] + ev["recipients"]}
        assert "RUS" in codes
    # the Riyadh meeting of 18 February 2025 is among them, located in Saudi Arabia
    riyadh = [e for e in events if e["location"] and e["location"]["country"] == "SAU"]
    assert any(e["date"] == "2025-02-18" for e in riyadh), [(e["date"], e["sentence"]) for e in riyadh]


def test_event_filters_csv_and_table(sample_db: Path) -> None:
    csv_out = detente("events", "--since", "2025-08-01", "--format", "csv", db=sample_db)
    assert csv_out.returncode == 0, csv_out.stderr
    rows = csv_out.stdout.splitlines()
    assert rows[0].startswith("date,event_type")
    assert all(r.startswith("2025-08") for r in rows[1:] if r and r[0].isdigit())
    table = detente("events", "--place", "Istanbul", db=sample_db)
    assert table.returncode == 0 and "CONSULT" in table.stdout
    bad = detente("events", "--type", "HUG", db=sample_db)
    assert bad.returncode == 2 and "PLOVER" in bad.stderr
    bad_date = detente("events", "--since", "last year", db=sample_db)
    assert bad_date.returncode == 2 and "YYYY" in bad_date.stderr


def test_articles_and_search(sample_db: Path) -> None:
    out = detente("articles", "--format", "jsonl", db=sample_db)
    arts = [json.loads(line) for line in out.stdout.splitlines()]
    assert sum(1 for a in arts if a["published"] is None) == 1  # the one undated sample
    assert all(a["language"] == "en" for a in arts)
    hits = detente("search", "Çırağan", "--format", "jsonl", db=sample_db)
    assert hits.returncode == 0 and json.loads(hits.stdout.splitlines()[0])["article_id"]


def test_code_is_stateless_jsonl(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Marco Rubio met Sergey Lavrov in Riyadh on Tuesday.", "date": "2025-02-19"}),
        "{not json",
        json.dumps({"id": "b", "text": "The weather was mild."}),
    ]
    out = detente("code", stdin="\n".join(lines) + "\n", env={"DETENTE_HOME": str(tmp_path)})
    assert out.returncode == 1  # one line rejected, the others coded
    assert "<stdin>:2" in out.stderr and "malformed JSON" in out.stderr
    events = [json.loads(x) for x in out.stdout.splitlines()]
    assert events and all(set(e) == EVENT_KEYS for e in events)
    meeting = events[0]
    assert meeting["doc_id"] == "a" and meeting["event_type"] == "CONSULT"
    assert meeting["date"] == "2025-02-18" and meeting["location"]["country"] == "SAU"
    assert {a["country"] for a in meeting["actors"] + meeting["recipients"]} == {"USA", "RUS"}
    assert not [e for e in events if e["doc_id"] == "b"]
    assert not list(tmp_path.iterdir())  # nothing stored


def test_mixed_good_and_bad_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for p in sorted((DATA / "bad").iterdir()):
        if p.is_file():
            (folder / p.name).write_bytes(p.read_bytes())
    good = sorted(sample_dir().glob("*.txt"))[:2]
    for p in good:
        (folder / p.name).write_bytes(p.read_bytes())
    db = tmp_path / "mixed.db"
    out = detente("ingest", str(folder), str(tmp_path / "no-such-file.txt"), db=db)
    assert out.returncode == 1, out.stderr
    rejected = [ln for ln in out.stderr.splitlines() if ln.startswith("rejected")]
    assert any("no-such-file.txt" in ln for ln in rejected)
    assert any("empty" in ln.lower() for ln in rejected)
    assert any("binary" in ln.lower() for ln in rejected)
    conn = sqlite3.connect(db)
    titles = {r[0] for r in conn.execute("SELECT title FROM articles")}
    for p in good:
        title = p.read_text(encoding="utf-8").splitlines()[0].removeprefix("title:").strip()
        assert title in titles
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_kill_during_ingest_then_resume(tmp_path: Path) -> None:
    """kill -9 in the middle of an ingest leaves a consistent database; the same command then
    completes the work with no duplicates."""
    corpus = tmp_path / "many"
    corpus.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_dir().glob("*.txt"))]
    n = 64
    for i in range(n):
        (corpus / f"{i:03d}.txt").write_text(texts[i % len(texts)] + f"\nUpdate number {i}.\n", encoding="utf-8")
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "detente.cli", "--db", f"sqlite:///{db}", "ingest", str(corpus)]
    log = tmp_path / "first-run.log"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    deadline = time.time() + 300
    count = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db, timeout=1) as conn:
                count = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            continue
        if count >= 16:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < count < n, f"the kill must land in the middle of the run; its log: {log.read_text()[-2000:]}"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = conn.execute("SELECT COUNT(*) FROM events WHERE doc_id NOT IN (SELECT id FROM articles)")
        assert orphans.fetchone()[0] == 0
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == n
        assert conn.execute("SELECT COUNT(DISTINCT id) FROM articles").fetchone()[0] == n
        per_doc = conn.execute("SELECT COUNT(*) FROM events GROUP BY doc_id").fetchall()
        assert len(per_doc) > 0


def test_bad_settings_are_usage_errors(tmp_path: Path) -> None:
    out = detente("articles", env={"DETENTE_MAX_BYTES": "lots", "DETENTE_HOME": str(tmp_path)})
    assert out.returncode == 2 and "DETENTE_MAX_BYTES" in out.stderr
    out = detente("--db", "mysql://x/y", "articles")
    assert out.returncode == 2 and "sqlite:///" in out.stderr


def test_seeds_end_to_end(shared_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    seeds = shared_dir / "corpus" / "seeds"
    first = detente("ingest", str(seeds), db=db)
    assert first.returncode == 0, first.stderr
    second = detente("ingest", str(seeds), db=db)
    assert "0 added (0 events), 5 already present" in second.stderr
    arts = {a["origin"].rsplit("/", 1)[-1]: a for a in
            map(json.loads, detente("articles", "--format", "jsonl", db=db).stdout.splitlines())}
    assert len(arts) == 5
    gt = arts["000_dd406f87b073bddf.txt"]
    assert "globaltimes.cn" in gt["outlet"] and gt["published"] == "2025-08-17"
    assert len(gt["categories"]) == 3 and len(gt["segments"]) == 4
    for name, art in arts.items():
        if not name.startswith("000"):
            assert art["published"] is None, name
    docs = [json.loads(line) for line in (shared_dir / "eval" / "seeds" / "docs.jsonl").open()]
    for doc in docs:
        text = arts[doc["doc"]]["text"]
        for chrome in doc["boilerplate"]:
            assert chrome not in text, (doc["doc"], chrome)


def test_watchlist_fires_on_a_new_matching_article(tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    samples = sorted(sample_dir().glob("*.txt"))
    early = tmp_path / "early"
    early.mkdir()
    for p in samples[:2]:  # the February phone call and China's reaction
        (early / p.name).write_bytes(p.read_bytes())
    assert detente("ingest", str(early), db=db).returncode == 0
    added = detente("watch", "add", "us-russia-meetings", "--type", "CONSULT", "--country", "USA",
                    "--country", "RUS", db=db)
    assert added.returncode == 0, added.stderr
    riyadh = next(p for p in samples if "riyadh_meeting.txt" in p.name)
    out = detente("ingest", str(riyadh), db=db)
    assert out.returncode == 0, out.stderr
    assert "alert     us-russia-meetings" in out.stderr
    quiet = detente("ingest", str(samples[0]), db=db)  # nothing new: nothing fires
    assert "alert" not in quiet.stderr


def _many_events(path: Path, n: int, docs: int) -> list[str]:
    """A contract-events JSON Lines file of ``n`` meetings over ``docs`` articles; their ids."""
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            sentence = f"Delegation {i} met its counterpart in Geneva, said \"we, too\"."
            ids.append(f"ev{i:04d}")
            fh.write(json.dumps({"id": ids[-1], "doc_id": f"doc{i % docs:03d}", "sentence": sentence,
                                 "span": [0, len(sentence)], "trigger": "met", "event_type": "CONSULT",
                                 "date": f"2025-03-{1 + i % 28:02d}", "date_precision": "day"}) + "\n")
    return ids


def test_list_commands_give_every_row_without_limit(tmp_path: Path) -> None:
    """Issue 13: jsonl and csv give every row (no silent stop at 100); the table shows 100 and
    says how many it left out; --limit and --offset work as before."""
    import csv

    from detente.store import open_store

    db = tmp_path / "many.db"
    ids = _many_events(tmp_path / "many.jsonl", 250, docs=125)
    imported = detente("import", "--format", "jsonl", str(tmp_path / "many.jsonl"), db=db)
    assert imported.returncode == 0, imported.stderr
    with open_store(f"sqlite:///{db}") as store:
        store.replace_derived("milestones", [(f"m{i}", {"id": f"m{i}", "what": f"item {i}", "status": "agreed"})
                                             for i in range(130)])
        store.replace_derived("relations", [(f"r{i}", {"id": f"r{i}", "a": "USA", "b": f"X{i:02d}",
                                                       "period": "2025-03", "score": 1.0, "n_events": 1})
                                            for i in range(130)])

    jsonl = detente("events", "--format", "jsonl", db=db)
    assert jsonl.returncode == 0, jsonl.stderr
    assert sorted(json.loads(line)["id"] for line in jsonl.stdout.splitlines()) == ids
    rows = list(csv.DictReader(detente("events", "--format", "csv", db=db).stdout.splitlines()))
    assert len(rows) == 250 and rows[0]["sentence"].endswith('said "we, too".')
    assert len(detente("articles", "--format", "jsonl", db=db).stdout.splitlines()) == 125
    assert len(detente("milestones", "--format", "jsonl", db=db).stdout.splitlines()) == 130
    assert len(list(csv.DictReader(detente("relations", "--format", "csv", db=db).stdout.splitlines()))) == 130

    table = detente("events", db=db)
    assert table.returncode == 0 and "100 rows; … 150 more; use --limit or --format jsonl" in table.stderr
    assert "… 30 more" in detente("milestones", db=db).stderr
    assert "… 25 more" in detente("articles", db=db).stderr
    assert "… 30 more" in detente("relations", db=db).stderr
    assert "more" not in detente("relations", "--pair", "USA,X07", db=db).stderr

    assert len(detente("events", "--format", "jsonl", "--limit", "120", db=db).stdout.splitlines()) == 120
    tail = detente("events", "--format", "jsonl", "--limit", "7", "--offset", "245", db=db).stdout.splitlines()
    assert len(tail) == 5
    assert "10 rows; … 240 more" in detente("events", "--limit", "10", db=db).stderr


def test_list_commands_read_the_store_a_page_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """jsonl streams: the store is asked for one page at a time, never for every row at once."""
    from click.testing import CliRunner

    import detente.store.base
    from detente.cli import cli
    from detente.model import Article, Event
    from detente.store import open_store
    from detente.store.sqlite import SQLiteStore

    db = tmp_path / "paged.db"
    with open_store(f"sqlite:///{db}") as store:
        for d in range(30):
            text = f"Envoys met in Geneva for round {d}."
            store.add_article(Article(id=f"doc{d:02d}", text=text, published="2025-03-01"),
                              [Event(f"e{d:02d}-{k}", f"doc{d:02d}", text, (0, len(text)), "met", "CONSULT")
                               for k in range(5)])
    asked: list[int] = []
    real = SQLiteStore.list_events

    def spy(self: SQLiteStore, query: object) -> list[Event]:
        asked.append(query.limit)  # type: ignore[attr-defined]
        return real(self, query)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteStore, "list_events", spy)
    monkeypatch.setattr(detente.store.base, "PAGE", 40)
    out = CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", "events", "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    assert len(out.stdout.splitlines()) == 150
    assert asked == [40, 40, 40, 40]  # 40 + 40 + 40 + 30 rows, a page each


def test_import_of_events_whose_spans_lie_outside_their_text(tmp_path: Path) -> None:
    """Issue 13: spans beyond the stub's text no longer crash the tracker (IndexError in
    commitments.py); a malformed span rejects its line, named with the fix; the good lines are
    stored and tracked."""
    def agree(eid: str, sentence: str, span: object) -> str:
        return json.dumps({"id": eid, "doc_id": f"doc-{eid}", "sentence": sentence, "span": span,
                           "trigger": "signed", "event_type": "AGREE", "date": "2025-06-02",
                           "actors": [{"text": "Russia", "name": "Russia", "country": "RUS"}],
                           "recipients": [{"text": "Ukraine", "name": "Ukraine", "country": "UKR"}]})

    good = "Russia and Ukraine signed an agreement to exchange prisoners."
    far = "Russia and Ukraine signed a deal to return the bodies of fallen soldiers."
    lines = [agree("good", good, [0, len(good)]), agree("far", far, [5000, 5000 + len(far)]),
             agree("bad", "Kyiv signed it.", [40, 3]), agree("worse", "Kyiv signed it.", "everywhere")]
    (tmp_path / "spans.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "spans.db"
    out = detente("import", "--format", "jsonl", str(tmp_path / "spans.jsonl"), db=db)
    assert out.returncode == 1, out.stderr  # some lines rejected, the rest stored
    assert "Traceback" not in out.stderr and "IndexError" not in out.stderr
    assert "spans.jsonl:3: event 'bad': span [40, 3] is not [start, end]" in out.stderr
    assert "spans.jsonl:4: event 'worse'" in out.stderr and "fix:" in out.stderr
    assert "2 events added (2 source records), 0 already present, 2 rejected" in out.stderr
    events = {e["id"]: e for e in map(json.loads, detente("events", "--format", "jsonl", db=db).stdout.splitlines())}
    assert set(events) == {"good", "far"}
    assert events["far"]["span"] == [5000, 5000 + len(far)]  # stored as given
    milestones = [json.loads(line) for line in detente("milestones", "--format", "jsonl", db=db).stdout.splitlines()]
    assert {m["source_text"] for m in milestones} == {good, far}
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
