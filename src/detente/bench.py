"""``detente bench``: throughput and peak memory of the full pipeline (prepare → extract → store)
against bare spaCy ``nlp.pipe`` on the same texts, with 1 and 2 processes, and optionally the
Spark batch job in ``local[N]`` mode.

Each configuration runs in a fresh Python process so that its memory is its own.  Peak memory
is sampled: the largest sum of the resident memory of that process and all its descendants
(spaCy's worker processes; Spark's JVM and Python workers) seen at any moment, every 0.1 s.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from detente.model import Article, RawDocument
from detente.pipeline import sample_dir
from detente.settings import Settings

__all__ = ["bench_corpus", "run_bench"]


LONG_WORDS = 1500  # the reference length for --long


def bench_corpus(n_articles: int, corpus: str | None = None, *, long: bool = False) -> list[RawDocument]:
    """``n_articles`` raw documents: the files of ``corpus`` (default: the shipped samples),
    cycled, each copy given a distinct id line so that no two are the same article.  With
    ``long``, each article is several files one after the other (paragraphs), the next ones
    in the cycle, until it holds about :data:`LONG_WORDS` words."""
    from detente.ingest import read_sources

    folder = corpus or str(sample_dir())
    base = [d for d in read_sources([folder], offline=True) if isinstance(d, RawDocument)]
    if not base:
        from detente.errors import ConfigError

        raise ConfigError(f"no readable articles in {folder}", fix="point --corpus at a folder of articles")
    docs = []
    at = 0
    for i in range(n_articles):
        src = base[at % len(base)]
        parts: list[str] = []
        words = 0
        while not parts or (long and words < LONG_WORDS):
            part = base[at % len(base)].text or ""
            parts.append(part)
            words += len(part.split())
            at += 1
        text = "\n\n".join(parts) + f"\n\n(Benchmark copy {i}.)"
        docs.append(RawDocument(origin=f"{src.origin}#{i}", text=text, html=src.html, title=src.title,
                                published=src.published, outlet=src.outlet, url=src.url))
    return docs


def _cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children (spaCy's workers
    are joined before ``nlp.pipe`` returns), less sensitive to other load than wall time."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + children) / 1024, 1)  # Linux reports KiB


def _tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants now, from /proc (Linux)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        parents[int(entry)] = int(stat[1])
        rss[int(entry)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child in [p for p, pp in parents.items() if pp == pid]:
            tree.add(child)
            frontier.append(child)
    return sum(rss.get(p, 0) for p in tree)


class _PeakSampler:
    """The largest process-tree resident memory seen while running (sampled every 0.1 s)."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            if os.path.isdir("/proc"):
                self.peak_kib = max(self.peak_kib, _tree_rss_kib(os.getpid()))
            self._stop.wait(0.1)

    def __enter__(self) -> _PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float | None:
        return round(self.peak_kib / 1024, 1) if self.peak_kib else None


def write_jsonl(docs: list[RawDocument], path: Path) -> None:
    """The documents as JSON Lines, the input of the Spark job."""
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            row = {k: getattr(d, k) for k in ("url", "title", "published", "outlet", "text", "html")}
            fh.write(json.dumps({k: v for k, v in row.items() if v}, ensure_ascii=False) + "\n")


def _spark_run(docs: list[RawDocument], processes: int) -> tuple[float, int, int]:
    """Seconds, articles and events of the Spark job in ``local[processes]`` over ``docs``
    (read JSON Lines, prepare, extract, write Parquet; the workers load the model inside)."""
    from detente.scale.spark import build_session, run_spark_job

    spark = build_session(f"local[{processes}]", app_name="detente-bench", config={
        "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(2 * processes)})
    spark.sparkContext.setLogLevel("ERROR")
    with tempfile.TemporaryDirectory() as tmp:
        write_jsonl(docs, Path(tmp) / "corpus.jsonl")
        start = time.perf_counter()
        report = run_spark_job(str(Path(tmp) / "corpus.jsonl"), str(Path(tmp) / "out"), spark=spark,
                               partitions=2 * processes)
        elapsed = time.perf_counter() - start
    spark.stop()
    return elapsed, report.articles, report.events


def _run_one(mode: str, n_articles: int, processes: int, corpus: str | None,
             long: bool = False) -> dict[str, Any]:
    """One configuration, in this process."""
    with _PeakSampler() as sampler:
        result = _measure(mode, n_articles, processes, corpus, long)
    result["peak_rss_mb"] = sampler.peak_mb or result["peak_rss_mb"]
    return result


def _measure(mode: str, n_articles: int, processes: int, corpus: str | None, long: bool) -> dict[str, Any]:
    from detente.ingest import prepare

    settings = Settings.from_env(processes=processes)
    docs = bench_corpus(n_articles, corpus, long=long)
    articles = [a for a in (prepare(d) for d in docs) if isinstance(a, Article)]
    words = sum(len(a.text.split()) for a in articles)
    n_events: int | None
    cpu: float | None = None  # not measured for Spark (its JVM is not a waited-for child)
    if mode == "spark":
        elapsed, n_done, n_events = _spark_run(docs, processes)
        if n_done != len(articles):
            from detente.errors import DetenteError

            raise DetenteError(f"the Spark job kept {n_done} of {len(articles)} articles")
    elif mode == "spacy":
        from detente.extract.nlp import load_pipeline

        nlp = load_pipeline(settings.model)
        for name in [n for n in nlp.pipe_names if n.startswith("detente")]:
            nlp.remove_pipe(name)  # bare spaCy: the model's own components only
        cpu = _cpu_seconds()
        start = time.perf_counter()
        for _doc in nlp.pipe((a.text for a in articles), n_process=processes, batch_size=16):
            pass
        elapsed = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
        n_events = None
    else:
        from detente.extract import Extractor
        from detente.store import open_store

        extractor = Extractor(settings)
        extractor.warm_up()  # load the model, dictionaries, gazetteer and date parser before timing
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(str(Path(tmp) / "bench.db"))
            cpu = _cpu_seconds()
            start = time.perf_counter()
            n_events = 0
            items = ((a.id, a.text, a.published) for a in articles)
            by_id = {a.id: a for a in articles}
            for doc_id, events in extractor.extract_many(items, n_process=processes, batch_size=16):
                store.add_article(by_id[doc_id], events)
                n_events += len(events)
            elapsed = time.perf_counter() - start
            cpu = _cpu_seconds() - cpu
            store.close()
    return {
        "mode": mode,
        "processes": processes,
        "articles": len(articles),
        "words_per_article": round(words / max(len(articles), 1)),
        "seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2) if cpu is not None else None,
        "articles_per_minute": round(len(articles) / elapsed * 60, 1),
        "events": n_events,
        "peak_rss_mb": _peak_mb(),  # replaced by the sampled process-tree peak when /proc exists
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def run_bench(
    *, n_articles: int = 200, processes: list[int] | None = None, corpus: str | None = None,
    settings: Settings | None = None, log: Callable[[str], None] | None = None, spark: bool = False,
    long: bool = False,
) -> dict[str, Any]:
    """Run every configuration in its own process and compare (with ``spark``, also the Spark
    job in ``local[N]`` for each N of ``processes``; with ``long``, on articles of about
    :data:`LONG_WORDS` words)."""
    results: list[dict[str, Any]] = []
    modes = ("spacy", "pipeline", "spark") if spark else ("spacy", "pipeline")
    for procs in processes or [1, 2]:
        for mode in modes:
            if log:
                log(f"bench: {mode} with {procs} process(es) on {n_articles} {'long ' if long else ''}articles …")
            cmd = [sys.executable, "-m", "detente.bench", mode, str(n_articles), str(procs), corpus or "",
                   "long" if long else ""]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=dict(os.environ))
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    summary: dict[str, Any] = {"runs": results, "ratios": {}}
    for procs in processes or [1, 2]:
        bare = next(r for r in results if r["mode"] == "spacy" and r["processes"] == procs)
        full = next(r for r in results if r["mode"] == "pipeline" and r["processes"] == procs)
        summary["ratios"][f"{procs}_process"] = round(full["articles_per_minute"] / bare["articles_per_minute"], 3)
        if bare.get("cpu_seconds") and full.get("cpu_seconds"):
            # articles per CPU second, full pipeline against bare spaCy
            summary["ratios"][f"{procs}_process_cpu"] = round(bare["cpu_seconds"] / full["cpu_seconds"], 3)
        if spark:
            job = next(r for r in results if r["mode"] == "spark" and r["processes"] == procs)
            summary["ratios"][f"{procs}_process_spark"] = round(
                job["articles_per_minute"] / bare["articles_per_minute"], 3)
    return summary


if __name__ == "__main__":
    mode, n, procs, corpus_arg = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] or None
    long_arg = len(sys.argv) > 5 and sys.argv[5] == "long"
    print(json.dumps(_run_one(mode, n, procs, corpus_arg, long_arg)))
