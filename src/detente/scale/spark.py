"""Batch extraction with Apache Spark: the same preparation and extraction engine as
``detente ingest``, spread over the partitions of a corpus.

Flow (:func:`run_spark_job`)::

    JSON Lines or Parquet rows
      → stage 1, per partition: each row read as a JSON Lines item, then prepared (cleaned,
        metadata, language) into an Article, or turned into a rejection with the reason
      → duplicates (same content id) dropped, articles spread over ``partitions``
      → stage 2, per partition: events extracted by one Extractor per Python worker
        (loaded on first use, reused by every later partition of that worker)
      → OUT/articles, OUT/events, OUT/story_inputs, OUT/rejects as Parquet
      → optionally loaded into a store (:func:`load_output`), derived records recomputed.

The Spark import is guarded: without ``pyspark`` every entry point raises a
:class:`~detente.errors.ConfigError` that says to install ``détente[spark]``.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.errors import ConfigError
from detente.model import Article, Event, Rejection
from detente.settings import Settings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

    from detente.extract import Extractor
    from detente.store import Store

__all__ = [
    "ARTICLE_FIELDS",
    "EVENT_FIELDS",
    "OUTPUTS",
    "LoadReport",
    "SparkJobReport",
    "build_session",
    "load_output",
    "run_spark_job",
]

log = logging.getLogger(__name__)

# The Parquet datasets written under OUT, each a folder.
OUTPUTS = ("articles", "events", "story_inputs", "rejects")
# Columns of the story inputs besides the event's own: its article's metadata.
STORY_ARTICLE_COLUMNS = ("outlet", "published", "url", "title", "language", "genre")
EXTRACT_BATCH = 16
EXCERPT_CHARS = 200


@dataclass
class LoadReport:
    """What loading the Parquet output into a store did."""

    added: int = 0
    present: int = 0
    events: int = 0
    derived: dict[str, int] = field(default_factory=dict)


@dataclass
class SparkJobReport:
    """Counts of one run; ``output`` is the folder holding the four Parquet datasets."""

    output: str
    rows: int = 0
    articles: int = 0
    duplicates: int = 0
    not_extracted: int = 0  # stored without extraction: not in English
    events: int = 0
    rejected: int = 0
    partitions: int = 0
    loaded: LoadReport | None = None

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- guarded import
def _pyspark() -> Any:
    try:
        import pyspark
    except ImportError as exc:
        raise ConfigError(
            "the Spark batch job needs pyspark, which is not installed",
            fix="install détente[spark] (pip install 'detente[spark]'), and Java 17 or later",
        ) from exc
    return pyspark


def build_session(master: str | None = None, *, app_name: str = "detente",
                  config: dict[str, str] | None = None) -> SparkSession:
    """A SparkSession.  ``master`` None keeps what ``spark-submit`` set (else ``local[*]``).

    In local mode the Python workers run this interpreter (``PYSPARK_PYTHON`` is set to it when
    unset), so they import the same détente and spaCy model as the driver."""
    _pyspark()
    from pyspark.sql import SparkSession

    local = (master is None and "PYSPARK_GATEWAY_PORT" not in os.environ) or (master or "").startswith("local")
    if local and not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # the JVM failed to start: Java missing or too old
        raise ConfigError(f"could not start Spark: {exc}",
                          fix="install Java 17 or later (java -version) and set JAVA_HOME") from exc


# --------------------------------------------------------------------------- schemas
ACTOR_FIELDS = ("text", "name", "country", "sector", "org")
LOCATION_FIELDS = ("text", "name", "country", "admin1", "lat", "lon")
EVENT_FIELDS = ("id", "doc_id", "sentence", "span", "trigger", "event_type", "mode", "context", "cameo",
                "intensity", "goldstein", "actors", "recipients", "reciprocal", "date", "date_precision",
                "location", "modality", "confidence", "date_basis", "location_basis", "knowledge",
                "discard")
ARTICLE_FIELDS = ("id", "text", "url", "outlet", "title", "published", "language", "genre", "categories",
                  "segments", "origin")


def _schemas() -> tuple[StructType, StructType, StructType]:
    """Spark schemas of an Article, an Event and a rejection (field names as in model.py)."""
    from pyspark.sql import types as T

    s, d, i = T.StringType(), T.DoubleType(), T.IntegerType()
    actor = T.StructType([T.StructField(n, s) for n in ACTOR_FIELDS])
    location = T.StructType([T.StructField(n, d if n in ("lat", "lon") else s) for n in LOCATION_FIELDS])
    kinds: dict[str, Any] = {
        "span": T.ArrayType(i), "context": T.ArrayType(s), "intensity": d, "goldstein": d,
        "actors": T.ArrayType(actor), "recipients": T.ArrayType(actor), "reciprocal": T.BooleanType(),
        "location": location, "confidence": d,
    }
    event = T.StructType([T.StructField(n, kinds.get(n, s)) for n in EVENT_FIELDS])
    segment = T.StructType([T.StructField("start", i), T.StructField("end", i),
                            T.StructField("genre", s), T.StructField("title", s)])
    akinds: dict[str, Any] = {"categories": T.ArrayType(s), "segments": T.ArrayType(segment)}
    article = T.StructType([T.StructField(n, akinds.get(n, s)) for n in ARTICLE_FIELDS])
    reject = T.StructType([T.StructField("origin", s), T.StructField("reason", s), T.StructField("excerpt", s)])
    return article, event, reject


# --------------------------------------------------------------------------- per-partition work
@functools.lru_cache(maxsize=2)
def _extractor(settings_items: tuple[tuple[str, Any], ...]) -> Extractor:
    """One Extractor per Python worker and settings: the spaCy model, the actor dictionary and
    the gazetteer load on the first partition and serve every later one of that worker."""
    from detente.extract import Extractor

    return Extractor(Settings(**dict(settings_items)))


def _settings_key(settings: Settings) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(asdict(settings).items()))


def _excerpt(text: str | None) -> str | None:
    return None if text is None else text[:EXCERPT_CHARS]


def _reject_row(origin: str, reason: str, excerpt: str | None) -> tuple[str, str | None, str | None, str, str | None]:
    return ("reject", None, None, origin, json.dumps({"reason": reason, "excerpt": _excerpt(excerpt)}))


def prepare_rows(rows: Iterable[tuple[str, int, str]], settings_items: tuple[tuple[str, Any], ...]
                 ) -> Iterator[tuple[str, str | None, str | None, str, str | None]]:
    """Stage 1.  ``(file, row number, JSON object text)`` in; out ``(kind, id, language, origin,
    payload)`` where kind is ``article`` (payload: the Article as JSON) or ``reject`` (payload:
    reason and excerpt).  A row that fails in any way becomes a rejection, never an error."""
    from detente.ingest import prepare
    from detente.ingest.readers import jsonl_item

    settings = Settings(**dict(settings_items))
    for uri, row, line in rows:
        file = uri.removeprefix("file://")
        origin = f"{file}:{row}"
        try:
            item = jsonl_item(line.encode("utf-8"), file, row, settings.max_bytes)
            if item is None:
                continue  # a blank line
            prepared = item if isinstance(item, Rejection) else prepare(item)
        except Exception as exc:  # one bad row must never end a job over millions
            log.exception("could not prepare %s", origin)
            yield _reject_row(origin, f"could not be prepared ({type(exc).__name__}: {exc})", line)
            continue
        if isinstance(prepared, Rejection):
            yield _reject_row(prepared.origin, prepared.reason, line)
        else:
            yield ("article", prepared.id, prepared.language, prepared.origin or origin, prepared.to_json())


def _events_of(extractor: Extractor, batch: list[Article]
               ) -> Iterator[tuple[Article, list[Event] | None, str | None]]:
    """Events of a batch; when the batch fails, each article alone, so one bad article is
    rejected and the others keep their events."""
    try:
        found = dict(extractor.extract_many(((a.id, a.text, a.reading_day) for a in batch),
                                            n_process=1, batch_size=EXTRACT_BATCH))
        for article in batch:
            yield article, found[article.id], None
        return
    except Exception:  # isolate the culprit below
        log.exception("extraction failed for a batch; retrying one article at a time")
    for article in batch:
        try:
            yield article, extractor.extract(article.text, doc_id=article.id, published=article.reading_day), None
        except Exception as exc:
            log.exception("extraction failed for %s", article.id)
            yield article, None, f"extraction failed ({type(exc).__name__}: {exc})"


def extract_rows(rows: Iterable[tuple[str, str | None, str]], settings_items: tuple[tuple[str, Any], ...]
                 ) -> Iterator[tuple[str, str | None, list[str], str | None]]:
    """Stage 2.  ``(article JSON, language, origin)`` in; out ``(origin, article JSON or None,
    event JSONs, rejection reason or None)``.  Articles not in English keep no events, as in
    ``detente ingest``."""
    extractor = _extractor(settings_items)
    batch: list[Article] = []

    def flush() -> Iterator[tuple[str, str | None, list[str], str | None]]:
        for article, events, reason in _events_of(extractor, batch):
            if events is None:
                yield article.origin or article.id, None, [], reason
            else:
                yield article.origin or article.id, article.to_json(), [e.to_json() for e in events], None
        batch.clear()

    for payload, language, _origin in rows:
        article = Article.from_dict(json.loads(payload))
        if language not in (None, "en"):
            yield article.origin or article.id, payload, [], None
            continue
        batch.append(article)
        if len(batch) >= EXTRACT_BATCH:
            yield from flush()
    yield from flush()


# --------------------------------------------------------------------------- reading
def _input_format(paths: list[str], fmt: str | None) -> str:
    if fmt:
        if fmt not in ("jsonl", "parquet"):
            raise ConfigError(f"unknown input format {fmt!r}", fix="use jsonl or parquet")
        return fmt
    for p in paths:
        path = Path(p)
        if path.suffix.lower() == ".parquet" or (path.is_dir() and any(path.glob("*.parquet"))):
            return "parquet"
    return "jsonl"


def _read_lines(spark: SparkSession, paths: list[str], fmt: str) -> Any:
    """An RDD of ``(file, row number from 1, JSON object text)``, one per input row."""
    from pyspark.sql import functions as F

    if fmt == "jsonl":
        df = spark.read.text(paths).withColumn("_file", F.input_file_name())
        return df.rdd.zipWithIndex().map(lambda ri: (ri[0][1], ri[1] + 1, ri[0][0]))
    df = spark.read.parquet(*paths)
    if not {"text", "html"} & set(df.columns):
        raise ConfigError(f"the Parquet input has no text or html column (columns: {', '.join(df.columns)})",
                          fix="name the article column text (or html)")
    df = df.withColumn("_file", F.input_file_name())
    columns = [c for c in df.columns if c != "_file"]

    def as_line(row: Any) -> tuple[str, str]:
        data = {c: row[c] for c in columns}
        return row["_file"], json.dumps(data, default=str, ensure_ascii=False)

    return df.rdd.map(as_line).zipWithIndex().map(lambda ri: (ri[0][0], ri[1] + 1, ri[0][1]))


# --------------------------------------------------------------------------- the job
def run_spark_job(
    inputs: str | list[str],
    out: str,
    *,
    spark: SparkSession | None = None,
    master: str | None = None,
    input_format: str | None = None,
    partitions: int | None = None,
    overwrite: bool = False,
    load_into: str | None = None,
    settings: Settings | None = None,
) -> SparkJobReport:
    """Extract events from a JSON Lines or Parquet corpus with Spark and write OUT/articles,
    OUT/events, OUT/story_inputs and OUT/rejects as Parquet; with ``load_into`` (a database
    URL), load the result into that store.  Bad rows are rejected with the reason, never fatal."""
    settings = settings or Settings.from_env()
    paths = [inputs] if isinstance(inputs, str) else list(inputs)
    if not paths:
        raise ConfigError("no input given", fix="name a JSON Lines or Parquet file or folder")
    fmt = _input_format(paths, input_format)
    spark = spark or build_session(master)
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    article_schema, event_schema, reject_schema = _schemas()
    key = _settings_key(settings)
    lines = _read_lines(spark, paths, fmt)
    stage1 = spark.createDataFrame(
        lines.mapPartitions(lambda rows: prepare_rows(rows, key)),
        "kind string, id string, language string, origin string, payload string",
    ).persist(StorageLevel.MEMORY_AND_DISK)
    prepared = stage1.where(F.col("kind") == "article")
    unique = prepared.dropDuplicates(["id"])
    n_partitions = partitions or max(spark.sparkContext.defaultParallelism * 2, 1)
    stage2_rdd = (unique.select("payload", "language", "origin").repartition(n_partitions).rdd
                  .map(tuple).mapPartitions(lambda rows: extract_rows(rows, key)))
    extracted = spark.createDataFrame(
        stage2_rdd, "origin string, article string, events array<string>, reason string",
    ).persist(StorageLevel.MEMORY_AND_DISK)

    good = extracted.where(F.col("article").isNotNull())
    articles = good.select(F.from_json("article", article_schema).alias("a")).select("a.*")
    events = (good.select(F.from_json("article", article_schema).alias("a"), F.posexplode("events").alias("rank", "e"))
              .select("a.*", "rank", F.from_json("e", event_schema).alias("ev")))
    event_cols = [F.col(f"ev.{n}").alias(n) for n in EVENT_FIELDS]
    events_out = events.select(*event_cols, F.col("rank"))
    story_inputs = events.select(*event_cols, *[F.col(c).alias(f"article_{c}") for c in STORY_ARTICLE_COLUMNS])
    rejects = stage1.where(F.col("kind") == "reject").select(
        "origin", F.from_json("payload", reject_schema).alias("r")).select("origin", "r.reason", "r.excerpt")
    rejects = rejects.unionByName(extracted.where(F.col("article").isNull())
                                  .select("origin", "reason", F.lit(None).cast("string").alias("excerpt")))

    mode = "overwrite" if overwrite else "errorifexists"
    datasets = {"articles": articles, "events": events_out, "story_inputs": story_inputs, "rejects": rejects}
    try:
        for name, df in datasets.items():
            df.write.mode(mode).parquet(_join(out, name))
    except Exception as exc:
        if "PATH_ALREADY_EXISTS" in str(exc) or "already exists" in str(exc):
            raise ConfigError(f"the output {out} already holds a détente result",
                              fix="choose another OUT folder or pass --overwrite") from exc
        raise

    counts = stage1.groupBy("kind").count().collect()
    by_kind = {r["kind"]: r["count"] for r in counts}
    report = SparkJobReport(
        output=out,
        rows=sum(by_kind.values()),
        articles=good.count(),
        duplicates=by_kind.get("article", 0) - unique.count(),
        not_extracted=_not_english(spark, out),
        events=spark.read.parquet(_join(out, "events")).count(),
        rejected=spark.read.parquet(_join(out, "rejects")).count(),
        partitions=n_partitions,
    )
    stage1.unpersist()
    extracted.unpersist()
    if load_into:
        from detente.store import open_store

        with open_store(load_into) as store:
            report.loaded = load_output(spark, out, store, settings=settings)
    return report


def _not_english(spark: SparkSession, out: str) -> int:
    from pyspark.sql import functions as F

    arts = spark.read.parquet(_join(out, "articles"))
    return arts.where(F.col("language").isNotNull() & (F.col("language") != "en")).count()


def _join(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


# --------------------------------------------------------------------------- loading
def _rows_to_records(row: Any) -> tuple[Article, list[Event]]:
    data = row.asDict(recursive=True)
    evs = sorted(data.pop("events") or [], key=lambda e: e["rank"])
    return Article.from_dict(data), [Event.from_dict(e) for e in evs]


def load_output(spark: SparkSession, out: str, store: Store, *, settings: Settings | None = None,
                refresh: bool = True) -> LoadReport:
    """Load OUT/articles and OUT/events (as written by :func:`run_spark_job`) into ``store``:
    each article with its events in one transaction, already present articles skipped; then
    the derived records (stories, tracker, ...) are recomputed, as after ``detente ingest``."""
    from pyspark.sql import functions as F

    from detente.pipeline import refresh_derived

    try:
        articles = spark.read.parquet(_join(out, "articles"))
        events = spark.read.parquet(_join(out, "events"))
    except Exception as exc:
        raise ConfigError(f"no détente Spark output in {out}: {exc}",
                          fix="run detente spark INPUT OUT first, and point at its OUT folder") from exc
    grouped = events.groupBy("doc_id").agg(F.collect_list(F.struct(*events.columns)).alias("events"))
    joined = articles.join(grouped, articles["id"] == grouped["doc_id"], "left").drop("doc_id")
    report = LoadReport()
    for row in joined.toLocalIterator():
        article, evs = _rows_to_records(row)
        if store.add_article(article, evs):
            report.added += 1
            report.events += len(evs)
        else:
            report.present += 1
    if refresh and report.added:
        report.derived = refresh_derived(store, settings)
    return report
