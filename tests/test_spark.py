"""The Spark batch job in a real ``local[2]`` session on the shipped sample articles: the same
events as in-process extraction, the same store as ``detente ingest``, bad rows rejected."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from detente.errors import ConfigError
from detente.model import Article, Event, RawDocument
from detente.settings import Settings

pytestmark = pytest.mark.slow

BAD_LINES = ["this line is not JSON", '{"title": "a title and no text"}', "[1, 2, 3]"]


def _java_missing() -> bool:
    home = os.environ.get("JAVA_HOME")
    return shutil.which("java") is None and not (home and (Path(home) / "bin" / "java").exists())


needs_spark = pytest.mark.skipif(_java_missing(), reason="Spark needs Java 17+: no java on PATH or JAVA_HOME")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 16 sample articles as JSON Lines, one of them twice, then three bad lines."""
    from detente.ingest import read_sources
    from detente.pipeline import sample_dir

    rows = []
    for doc in read_sources([str(sample_dir())], offline=True):
        assert isinstance(doc, RawDocument)
        rows.append(json.dumps({k: getattr(doc, k) for k in ("url", "title", "published", "outlet", "text", "html")
                                if getattr(doc, k)}))
    assert len(rows) == 16
    path = tmp_path_factory.mktemp("corpus") / "samples.jsonl"
    path.write_text("\n".join([*rows, rows[3], *BAD_LINES]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if _java_missing():
        pytest.skip("Spark needs Java 17+: no java on PATH or JAVA_HOME")
    pytest.importorskip("pyspark", reason="pyspark not installed (extra détente[spark])")
    from detente.scale.spark import build_session

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = build_session("local[2]", app_name="detente-tests", config={
        "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4",
        "spark.driver.memory": "1g", "spark.ui.showConsoleProgress": "false"})
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def job(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from detente.scale.spark import run_spark_job

    tmp = tmp_path_factory.mktemp("spark")
    report = run_spark_job(str(corpus), str(tmp / "out"), spark=spark, partitions=3,
                           load_into=f"sqlite:///{tmp / 'spark.db'}", settings=Settings())
    return report, tmp


@pytest.fixture(scope="module")
def direct(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict[str, list[Event]]]:
    """``detente ingest`` of the same corpus in this process: its report and stored events."""
    from detente.pipeline import ingest
    from detente.store import open_store

    with open_store(f"sqlite:///{tmp_path_factory.mktemp('ingest') / 'ingest.db'}") as store:
        report = ingest([str(corpus)], store, settings=Settings(), offline=True)
        return report, store.events_by_article()


def _key(e: dict[str, Any] | Event) -> tuple[Any, ...]:
    d = e.to_dict() if isinstance(e, Event) else e
    sides = tuple(tuple((a["name"], a["country"], a["org"]) for a in d[k]) for k in ("actors", "recipients"))
    return (d["id"], d["doc_id"], d["event_type"], d["cameo"], d["trigger"], d["modality"], d["date"], *sides)


@needs_spark
def test_events_equal_in_process_extraction(job: Any, spark: Any, direct: Any) -> None:
    report, tmp = job
    expected: dict[str, list[Event]] = direct[1]  # Extractor.extract_many in this process, stored
    rows = spark.read.parquet(str(tmp / "out" / "events")).collect()
    got: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
    for row in rows:
        d = row.asDict(recursive=True)
        got.setdefault(d["doc_id"], []).append((d["rank"], _key(d)))
    assert report.articles == 16 and report.duplicates == 1
    assert sum(len(v) for v in expected.values()) == report.events == len(rows) > 0
    for doc_id, events in expected.items():  # the store lists an article's events by id
        assert sorted(k for _, k in got.get(doc_id, [])) == sorted(_key(e) for e in events), doc_id
    by_rank: dict[str, list[tuple[int, float]]] = {}
    for row in rows:
        by_rank.setdefault(row["doc_id"], []).append((row["rank"], row["confidence"]))
    for ranked in by_rank.values():  # the article's events, most confident first
        confidences = [c for _, c in sorted(ranked)]
        assert confidences == sorted(confidences, reverse=True)


@needs_spark
def test_load_into_sqlite_matches_detente_ingest(job: Any, direct: Any) -> None:
    from detente.store import open_store

    report, tmp = job
    ingested, want = direct
    with open_store(f"sqlite:///{tmp / 'spark.db'}") as loaded:
        counts = (loaded.count_articles(), loaded.count_events())
        have = loaded.events_by_article()
    assert counts == (len(ingested.added), ingested.events) == (16, report.events)
    assert len(ingested.present) == 1 and len(ingested.rejected) == 3
    assert {k: [e.to_dict() for e in v] for k, v in have.items()} == \
           {k: [e.to_dict() for e in v] for k, v in want.items()}
    assert report.loaded is not None and report.loaded.added == 16
    assert report.loaded.derived == ingested.derived and report.loaded.derived["stories"] > 0


@needs_spark
def test_bad_rows_are_rejected_with_their_line_and_reason(job: Any, spark: Any, corpus: Path) -> None:
    report, tmp = job
    rejects = sorted((r["origin"], r["reason"], r["excerpt"])
                     for r in spark.read.parquet(str(tmp / "out" / "rejects")).collect())
    assert report.rejected == 3 and report.exit_code == 1, rejects
    assert [o for o, _, _ in rejects] == [f"{corpus}:{n}" for n in (18, 19, 20)]
    assert "malformed JSON" in rejects[0][1] and "no \"text\"" in rejects[1][1] and "not an object" in rejects[2][1]
    assert [x for _, _, x in rejects] == BAD_LINES


@needs_spark
def test_story_inputs_carry_their_articles_outlet_and_date(job: Any, spark: Any) -> None:
    _, tmp = job
    articles = {r["id"]: r for r in spark.read.parquet(str(tmp / "out" / "articles")).collect()}
    inputs = spark.read.parquet(str(tmp / "out" / "story_inputs")).collect()
    assert len(inputs) == job[0].events
    for row in inputs:
        art = articles[row["doc_id"]]
        assert (row["article_outlet"], row["article_published"]) == (art["outlet"], art["published"])
    assert any(r["article_outlet"] for r in inputs) and any(r["article_published"] for r in inputs)


@needs_spark
def test_cli_reads_parquet_and_refuses_to_overwrite(job: Any, spark: Any, corpus: Path, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from detente.cli import cli

    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()[:3]]
    table = pa.Table.from_pylist([{k: r.get(k) for k in ("url", "title", "published", "outlet", "text")}
                                  for r in rows])
    pq.write_table(table, tmp_path / "corpus.parquet")
    out = tmp_path / "out"
    args = ["spark", str(tmp_path / "corpus.parquet"), str(out), "--master", "local[2]", "--partitions", "2"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["articles"] == 3 and counts["rejected"] == 0
    ids = {r["doc_id"] for r in spark.read.parquet(str(out / "events")).collect()}
    first = job[1] / "out" / "articles"
    assert ids <= {r["id"] for r in spark.read.parquet(str(first)).collect()} and len(ids) == 3
    again = CliRunner().invoke(cli, args)
    assert isinstance(again.exception, ConfigError) and "--overwrite" in str(again.exception)


def test_parquet_columns_follow_the_records() -> None:
    from detente.scale.spark import ARTICLE_FIELDS, EVENT_FIELDS

    assert tuple(f.name for f in fields(Event)) == EVENT_FIELDS
    assert tuple(f.name for f in fields(Article)) == ARTICLE_FIELDS


def test_missing_pyspark_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from detente.scale.spark import build_session

    monkeypatch.setitem(sys.modules, "pyspark", None)  # as if the extra were not installed
    with pytest.raises(ConfigError) as err:
        build_session("local[1]")
    assert "détente[spark]" in str(err.value)
