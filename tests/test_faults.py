"""Faults a user meets: kill -9 in the middle of a large ingest, a full disk, a read-only database,
a database left by an older version.  Each must end in a clear error or a clean recovery, never
in a damaged or half-written store."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import make_first_version_sqlite
from detente.errors import StoreError
from detente.model import Article, content_id
from detente.store import open_store
from detente.store import sqlite as sqlite_backend


def _can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB file system (tmpfs), so writes fail with ENOSPC as on a full disk."""
    if not _can_mount():
        pytest.skip("mounting a small file system needs root (the max_page_count test covers the rest)")
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _report(i: int, words: int = 0) -> Article:
    rng = random.Random(i)
    filler = " ".join(rng.choice(["talks", "envoys", "Geneva", "ceasefire", "prisoners", "energy", "grain"])
                      + str(rng.randrange(10**6)) for _ in range(words))
    text = f"Report {i}: delegations met in Istanbul and agreed on prisoner exchange {i}. {filler}".strip()
    return Article(id=content_id(text), text=text, title=f"Report {i}", published="2025-05-16")


def _fill_until_error(url: str, words: int) -> tuple[list[Article], StoreError, Article]:
    """Add articles until the store refuses one; return the stored ones, the error and the refused one."""
    stored: list[Article] = []
    with open_store(url) as store:
        for i in range(10_000):
            article = _report(i, words)
            try:
                store.add_article(article, [])
            except StoreError as exc:
                return stored, exc, article
            stored.append(article)
    raise AssertionError("the store never filled up")


def _assert_intact(db: Path, stored: list[Article]) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(stored)
        texts = dict(conn.execute("SELECT id, text FROM articles").fetchall())
    assert texts == {a.id: a.text for a in stored}


def test_full_disk_gives_the_fix_and_keeps_earlier_articles(small_disk: Path) -> None:
    db = small_disk / "detente.db"
    stored, error, refused = _fill_until_error(f"sqlite:///{db}", words=2000)
    assert stored, "some articles fit before the disk filled"
    _assert_intact(db, stored)
    # Free space (grow the file system) and the same article goes in; nothing was half-written before.
    subprocess.run(["mount", "-o", "remount,size=16m", str(small_disk)], check=True)
    with open_store(f"sqlite:///{db}") as store:
        assert store.add_article(refused, []) is True
        assert store.count_articles() == len(stored) + 1
        assert [h.article_id for h in store.search(f"Report {len(stored)}")][:1] == [refused.id]
    _assert_says_disk_full(error)


def _assert_says_disk_full(error: StoreError) -> None:
    # SQLite rolls back on SQLITE_FULL by itself; the store must not hide that behind a failed
    # second ROLLBACK ("cannot rollback - no transaction is active")
    assert "disk is full" in str(error) and "free some space" in str(error), str(error)


def test_database_at_its_size_limit_gives_the_fix(tmp_path: Path) -> None:
    """Same as a full disk without root: SQLite's max_page_count makes the file full."""
    db = tmp_path / "capped.db"
    with open_store(f"sqlite:///{db}") as store:
        # a per-connection cap a few pages above the current size
        store.conn.execute("PRAGMA max_page_count = 60")  # type: ignore[attr-defined]
        stored: list[Article] = []
        with pytest.raises(StoreError) as err:
            for i in range(10_000):
                article = _report(i, words=300)
                store.add_article(article, [])
                stored.append(article)
    _assert_intact(db, stored)
    _assert_says_disk_full(err.value)


def test_read_only_database_gives_a_clear_error_and_stays_intact(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "detente.db"
    with open_store(f"sqlite:///{db}") as store:
        stored = [_report(i) for i in range(5)]
        for article in stored:
            store.add_article(article, [])
    before = db.read_bytes()
    mounted = False
    if _can_mount():  # root ignores file modes: make the folder a read-only file system instead
        data = {p.name: p.read_bytes() for p in folder.iterdir()}
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)]).returncode == 0
        if mounted:
            for name, content in data.items():
                (folder / name).write_bytes(content)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    if not mounted:
        db.chmod(0o444)
        folder.chmod(0o555)
    try:
        with pytest.raises(StoreError) as err, open_store(f"sqlite:///{db}") as store:
            store.add_article(_report(99), [])
        message = str(err.value)
        assert "permission" in message or "read-only" in message
        assert db.read_bytes() == before
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:
            folder.chmod(0o755)
            db.chmod(0o644)
    _assert_intact(db, stored)


@pytest.mark.slow
def test_database_from_an_older_version_is_migrated_on_ingest(tmp_path: Path) -> None:
    """A file left by the first version (first migration only, with data) takes new articles."""
    db = make_first_version_sqlite(tmp_path / "old.db", "Envoys met in Geneva.")
    new = tmp_path / "new.txt"
    new.write_text("Negotiators met in Jeddah on 11 March 2025 and agreed on a ceasefire proposal.\n")
    done = subprocess.run([sys.executable, "-m", "detente.cli", "--db", f"sqlite:///{db}", "ingest", str(new)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open_store(f"sqlite:///{db}") as store:
        assert store.applied_migrations() == [name for name, _ in sqlite_backend.MIGRATIONS]
        assert store.count_articles() == 2
        assert [h.article_id for h in store.search("Geneva")] == ["old1"]
        assert store.count_events() > 0


# -- kill -9 in the middle of a 1,000-article ingest -------------------------------------------------
PEOPLE = [("Marco Rubio", "Sergey Lavrov"), ("Steve Witkoff", "Vladimir Putin"),
          ("Andrii Yermak", "Keith Kellogg"), ("Hakan Fidan", "Rustem Umerov")]
PLACES = ["Riyadh", "Istanbul", "Geneva", "Jeddah", "Abu Dhabi", "Ankara"]
MONTHS = ["February", "March", "April", "May", "June", "July"]


def _write_corpus(folder: Path, n: int) -> None:
    """``n`` short, distinct bulletins (one meeting each), generated here."""
    rng = random.Random(1000)
    folder.mkdir()
    for i in range(n):
        a, b = rng.choice(PEOPLE)
        text = (f"Negotiation bulletin {i}\n\n{a} met {b} in {rng.choice(PLACES)} on "
                f"{MONTHS[(i // 28) % 6]} {1 + i % 28}, 2025, to discuss prisoner exchange number {i}. "
                "The two sides agreed to meet again next week.\n")
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=5) as conn:
        return int(conn.execute(sql).fetchone()[0])


def _survivors(marker: str) -> list[int]:
    """Processes whose command line names ``marker`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline:
            found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_kill_9_during_a_1000_article_ingest_then_resume(tmp_path: Path) -> None:
    n = 1000
    corpus = tmp_path / "bulletins"
    _write_corpus(corpus, n)
    db = tmp_path / "kill.db"
    cmd = [sys.executable, "-m", "detente.cli", "--db", f"sqlite:///{db}", "ingest", str(corpus)]
    log = tmp_path / "first-run.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=sink)
    count, deadline = 0, time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
        try:
            count = _count(db, "SELECT COUNT(*) FROM articles")
        except sqlite3.Error:
            continue
        if count >= 250:
            break
    ended_by_itself = proc.poll()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < count < n, (f"the kill must land in the middle of the run: {count} articles seen, "
                           f"exit {ended_by_itself}, log: {log.read_text()[-2000:]}")
    # the worker processes (forked: their command line is the parent's) go with their parent
    # instead of lingering, each holding a model, until the machine restarts
    gone_by = time.time() + 15
    while _survivors(str(db)) and time.time() < gone_by:
        time.sleep(0.5)
    assert not _survivors(str(db)), "extraction workers outlived the killed ingest"
    at_kill = _count(db, "SELECT COUNT(*) FROM articles")
    assert _count(db, "SELECT COUNT(*) FROM events WHERE doc_id NOT IN (SELECT id FROM articles)") == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{n - at_kill} added" in again.stdout + again.stderr
    assert f"{at_kill} already present" in again.stdout + again.stderr
    assert _count(db, "SELECT COUNT(*) FROM articles") == n
    assert _count(db, "SELECT COUNT(DISTINCT text) FROM articles") == n  # nothing duplicated
    assert _count(db, "SELECT COUNT(*) FROM (SELECT id FROM events GROUP BY id HAVING COUNT(*) > 1)") == 0
    # every bulletin's meeting was extracted once, whichever run stored it
    assert _count(db, "SELECT COUNT(DISTINCT doc_id) FROM events WHERE event_type = 'CONSULT'") >= 0.9 * n
