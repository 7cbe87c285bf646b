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
              "location", "modality", "confidence"}

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
