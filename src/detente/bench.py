"""``detente bench``: throughput and peak memory of the full pipeline (prepare → extract → store)
against bare spaCy ``nlp.pipe`` on the same texts, with 1 and 2 processes, and optionally the
Spark batch job in ``local[N]`` mode.

Each configuration runs in a fresh Python process so that its memory is its own.  Peak memory
is sampled: the largest sum of the resident memory of that process and all its descendants
(spaCy's worker processes; Spark's JVM and Python workers) seen at any moment, every 0.1 s, as
RSS (pages shared between forked processes counted in each) and as PSS (counted once).
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from detente.model import ActorRef, Article, Event, Location, RawDocument
from detente.pipeline import sample_dir
from detente.settings import Settings

__all__ = ["EVENTS_PER_ARTICLE", "bench_corpus", "run_bench", "run_refresh_bench", "synthetic_articles"]


LONG_WORDS = 1500  # the reference length for --long

COUNTRIES = ["USA", "RUS", "UKR", "CHN", "TUR", "SAU", "FRA", "DEU", "GBR", "POL", "HUN", "IND", "BRA",
             "QAT", "ARE", "ITA", "FIN", "CAN", "JPN", "IRN", "BLR", "KAZ"]
TYPES = ["CONSULT", "AGREE", "COOPERATE", "SUPPORT", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
         "SANCTION", "COERCE", "ASSAULT"]
VERBS = {"CONSULT": "met", "AGREE": "agreed with", "COOPERATE": "worked with", "SUPPORT": "backed",
         "AID": "sent aid to", "REQUEST": "asked", "ACCUSE": "accused", "REJECT": "rejected",
         "THREATEN": "threatened", "SANCTION": "sanctioned", "COERCE": "detained envoys of",
         "ASSAULT": "struck"}
EVENTS_PER_ARTICLE = 8


def synthetic_articles(n_events: int, seed: int) -> Iterator[tuple[Article, list[Event], list[int]]]:
    """Synthetic articles of EVENTS_PER_ARTICLE events each (a store of any size without extraction:
    the dashboard, storage and refresh benchmarks); with every article, the real event each of its
    events reports (1-6 reports per real event, so about a third as many stories as events)."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    reals: list[tuple[str, str, str, date, str]] = []
    made = 0
    while made < n_events:
        k = min(EVENTS_PER_ARTICLE, n_events - made)
        sentences, picks = [], []
        for _ in range(k):
            if not reals or rng.random() < 0.35:
                a, b = rng.sample(COUNTRIES, 2)
                reals.append((a, b, rng.choice(TYPES), start + timedelta(days=rng.randrange(730)),
                              f"City{rng.randrange(200)}"))
            real = len(reals) - 1 - min(len(reals) - 1, int(rng.expovariate(0.05)))
            a, b, etype, day, city = reals[real]
            sentences.append(f"Officials of {a} {VERBS[etype]} {b} in {city} on {day.isoformat()}.")
            picks.append(real)
        text = " ".join(sentences)
        aid = f"bench{made:08d}"
        art = Article(id=aid, text=text, title=f"Dispatch {made // EVENTS_PER_ARTICLE}",
                      outlet=f"Outlet {rng.randrange(300)}", published=(start + timedelta(days=rng.randrange(740))).isoformat(),
                      language="en", genre="news")
        events, offset = [], 0
        for j, (sentence, real) in enumerate(zip(sentences, picks, strict=True)):
            a, b, etype, day, city = reals[real]
            dated = rng.random() > 0.03
            events.append(Event(
                id=f"{aid}-{j}", doc_id=aid, sentence=sentence, span=(offset, offset + len(sentence)),
                trigger=VERBS[etype].split()[0], event_type=etype,
                actors=[ActorRef(a, f"{a} officials", a, "GOV")], recipients=[ActorRef(b, b, b, "GOV")],
                date=day.isoformat() if dated else None, date_precision="day" if dated else None,
                location=Location(city, city, a), intensity=-4.0 if etype in TYPES[6:] else 3.0,
                confidence=round(0.5 + rng.random() / 2, 3)))
            offset += len(sentence) + 1
        made += k
        yield art, events, picks




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


def _tree_memory_kib(root: int) -> tuple[int, int]:
    """Resident and proportional (PSS: a page shared by k processes counts 1/k in each) memory
    of ``root`` and all its descendants now, from /proc (Linux).  Forked workers share the
    parent's loaded model: the RSS sum counts those pages once per process, the PSS sum once."""
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
    return sum(rss.get(p, 0) for p in tree), sum(_pss_kib(p) for p in tree)


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass  # ended meanwhile, or no smaps_rollup (older kernels)
    return 0


class _PeakSampler:
    """The largest process-tree resident memory seen while running (sampled every 0.1 s)."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self.peak_pss_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            if os.path.isdir("/proc"):
                rss, pss = _tree_memory_kib(os.getpid())
                self.peak_kib, self.peak_pss_kib = max(self.peak_kib, rss), max(self.peak_pss_kib, pss)
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
    result["peak_pss_mb"] = round(sampler.peak_pss_kib / 1024, 1) if sampler.peak_pss_kib else None
    return result


def _measure(mode: str, n_articles: int, processes: int, corpus: str | None, long: bool) -> dict[str, Any]:
    from detente.ingest import prepare

    settings = Settings.from_env(processes=processes)
    docs = bench_corpus(n_articles, corpus, long=long)
    articles = [a for a in (prepare(d) for d in docs) if isinstance(a, Article)]
    words = sum(len(a.text.split()) for a in articles)
    n_events: int | None
    load_seconds = 0.0
    cpu: float | None = None  # not measured for Spark (its JVM is not a waited-for child)
    if mode == "spark":
        elapsed, n_done, n_events = _spark_run(docs, processes)
        if n_done != len(articles):
            from detente.errors import DetenteError

            raise DetenteError(f"the Spark job kept {n_done} of {len(articles)} articles")
    elif mode == "spacy":
        from detente.extract.nlp import load_pipeline

        loading = time.perf_counter()
        nlp = load_pipeline(settings.model)
        for name in [n for n in nlp.pipe_names if n.startswith("detente")]:
            nlp.remove_pipe(name)  # bare spaCy: the model's own components only
        load_seconds = time.perf_counter() - loading
        cpu = _cpu_seconds()
        start = time.perf_counter()
        for _doc in nlp.pipe((a.text for a in articles), n_process=processes, batch_size=16):
            pass
        elapsed = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
        n_events = None
    elif mode == "ingest":
        elapsed, cpu, n_events = _ingest_run(docs, processes)
    else:
        from detente.extract import Extractor
        from detente.extract.parallel import extract_stream
        from detente.store import open_store

        extractor = Extractor(settings)
        extractor.warm_up()  # load the model, dictionaries, gazetteer and date parser before timing
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(str(Path(tmp) / "bench.db"))
            cpu = _cpu_seconds()
            start = time.perf_counter()
            n_events = 0
            items = ((a.id, a.text, a.reading_day) for a in articles)
            by_id = {a.id: a for a in articles}
            for doc_id, events, _ in extract_stream(extractor, items, processes=processes):
                assert isinstance(events, list), f"{doc_id}: {events}"
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
        "load_seconds": round(load_seconds, 2) if mode == "spacy" else None,
        "peak_rss_mb": _peak_mb(),  # replaced by the sampled process-tree peak when /proc exists
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def _detente() -> list[str]:
    """The command line of this installation's ``detente``."""
    script = Path(sys.executable).with_name("detente")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from detente.cli import main; main()"]


def _ingest_cli(paths: list[str], db: str, processes: int | None = None) -> tuple[float, float, str]:
    """Run ``detente ingest`` as a user does, in its own process; its wall seconds, CPU seconds
    (with its worker processes) and its summary line."""
    env = dict(os.environ, DETENTE_DB=db)
    if processes:
        env["DETENTE_PROCESSES"] = str(processes)
    else:
        env.pop("DETENTE_PROCESSES", None)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    out = subprocess.run([*_detente(), "ingest", "--quiet", *paths], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        from detente.errors import DetenteError

        raise DetenteError(f"detente ingest failed ({out.returncode}): {out.stderr.strip()[-500:]}")
    return elapsed, _cpu_seconds() - cpu, out.stderr.strip().splitlines()[-1]


def _ingest_run(docs: list[RawDocument], processes: int) -> tuple[float, float, int]:
    """``detente ingest`` of the documents (JSON Lines) into a new SQLite store, end to end: the
    program's start, model loading, reading, preparation, extraction, storage and the refresh
    of the derived records."""
    with tempfile.TemporaryDirectory() as tmp:
        write_jsonl(docs, Path(tmp) / "corpus.jsonl")
        elapsed, cpu, summary = _ingest_cli([str(Path(tmp) / "corpus.jsonl")], f"sqlite:///{tmp}/bench.db",
                                            processes)
    added = summary.split(" added (", 1)
    if len(added) != 2 or int(added[0]) != len(docs):
        from detente.errors import DetenteError

        raise DetenteError(f"detente ingest did not add every article: {summary}")
    return elapsed, cpu, int(added[1].split()[0])


def run_bench(
    *, n_articles: int = 200, processes: list[int] | None = None, corpus: str | None = None,
    settings: Settings | None = None, log: Callable[[str], None] | None = None, spark: bool = False,
    long: bool = False, repeat: int = 1,
) -> dict[str, Any]:
    """Run every configuration in its own process and compare: bare spaCy, the engine with its
    stream and store (``pipeline``) and ``detente ingest`` end to end (``ingest``); with ``spark``,
    also the Spark job in ``local[N]`` for each N of ``processes``; with ``long``, on articles
    of about :data:`LONG_WORDS` words.  The configurations run one after the other ``repeat``
    times (interleaved, so that each ratio compares runs made under the same load); ``ratios``
    holds each ratio's median over the rounds, ``rounds`` every round's."""
    results: list[dict[str, Any]] = []
    modes = ("spacy", "pipeline", "ingest", "spark") if spark else ("spacy", "pipeline", "ingest")
    procs_list = processes or [1, 2]
    rounds: list[dict[str, float]] = []
    for round_no in range(repeat):
        runs: list[dict[str, Any]] = []
        for procs in procs_list:
            for mode in modes:
                if log:
                    log(f"bench: {mode} with {procs} process(es) on {n_articles} {'long ' if long else ''}"
                        f"articles (round {round_no + 1} of {repeat}) …")
                cmd = [sys.executable, "-m", "detente.bench", mode, str(n_articles), str(procs), corpus or "",
                       "long" if long else ""]
                out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=dict(os.environ))
                runs.append({**json.loads(out.stdout.strip().splitlines()[-1]), "round": round_no + 1})
        results.extend(runs)
        rounds.append(_ratios(runs, procs_list, spark))
    medians = {key: round(statistics.median(r[key] for r in rounds if key in r), 3)
               for key in dict.fromkeys(k for r in rounds for k in r)}
    return {"runs": results, "ratios": medians, "rounds": rounds}


def _ratios(runs: list[dict[str, Any]], procs_list: list[int], spark: bool) -> dict[str, float]:
    """Each configuration against bare spaCy with the same processes, in one round."""
    out: dict[str, float] = {}
    for procs in procs_list:
        def run(mode: str, procs: int = procs) -> dict[str, Any]:
            return next(r for r in runs if r["mode"] == mode and r["processes"] == procs)

        bare = run("spacy")
        for mode in ("pipeline", "ingest", *(("spark",) if spark else ())):
            other = run(mode)
            suffix = "" if mode == "pipeline" else f"_{mode}"
            out[f"{procs}_process{suffix}"] = round(other["articles_per_minute"] / bare["articles_per_minute"], 3)
            if mode != "spark" and bare.get("cpu_seconds") and other.get("cpu_seconds"):
                # articles per CPU second, against bare spaCy
                out[f"{procs}_process{suffix}_cpu"] = round(bare["cpu_seconds"] / other["cpu_seconds"], 3)
            if bare.get("peak_rss_mb") and other.get("peak_rss_mb"):
                out[f"{procs}_process{suffix}_memory"] = round(other["peak_rss_mb"] / bare["peak_rss_mb"], 3)
            if bare.get("peak_pss_mb") and other.get("peak_pss_mb"):
                out[f"{procs}_process{suffix}_memory_pss"] = round(other["peak_pss_mb"] / bare["peak_pss_mb"], 3)
        ingest = run("ingest")
        # against a bare spaCy program that also loads its model before its pipe
        out[f"{procs}_process_ingest_vs_spacy_with_load"] = round(
            (bare["seconds"] + bare["load_seconds"]) / ingest["seconds"], 3)
    return out


def run_refresh_bench(sizes: list[int], *, repeat: int = 3, log: Callable[[str], None] | None = None,
                      keep: str | None = None) -> dict[str, Any]:
    """The time ``detente ingest`` takes to add one article (a new one each time) to a store of
    each of ``sizes`` events (synthetic articles, derived records refreshed once beforehand, as
    after earlier ingests), against adding one to an empty store, the two interleaved
    ``repeat`` times.  ``keep``: a folder where the stores are kept and reused between runs."""
    articles = [d for d in bench_corpus(repeat * (len(sizes) + 1))]
    results: dict[str, Any] = {"sizes": {}, "empty_seconds": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        texts = []
        for i, doc in enumerate(articles):
            # dated today, as a followed feed's news is: later than everything stored
            lines = [ln for ln in (doc.text or "").splitlines() if not ln.lower().startswith("date:")]
            path = Path(tmp) / f"article{i}.txt"
            # and new to a kept store: a line of this run's own
            lines.append(f"(Refresh benchmark {time.time_ns()}-{i}.)")
            path.write_text(f"date: {date.today().isoformat()}\n" + "\n".join(lines) + "\n", encoding="utf-8")
            texts.append(str(path))
        stores = {n: _filled_store(folder / f"refresh{n}.db", n, log) for n in sizes}
        at = 0
        for round_no in range(repeat):
            empty = Path(tmp) / f"empty{round_no}.db"
            seconds, _, _ = _ingest_cli([texts[at]], f"sqlite:///{empty}")
            at += 1
            results["empty_seconds"].append(round(seconds, 2))
            if log:
                log(f"bench: one article into an empty store: {seconds:.2f} s (round {round_no + 1})")
            for n, db in stores.items():
                seconds, _, summary = _ingest_cli([texts[at]], f"sqlite:///{db}")
                if not summary.startswith("1 added"):
                    from detente.errors import DetenteError

                    raise DetenteError(f"the article was not added, nothing to time: {summary}")
                at += 1
                results["sizes"].setdefault(str(n), []).append(round(seconds, 2))
                if log:
                    log(f"bench: one article into {n:,} events: {seconds:.2f} s (round {round_no + 1}; {summary})")
    empty_median = statistics.median(results["empty_seconds"])
    results["ratios"] = {n: round(statistics.median(v) / empty_median, 3) for n, v in results["sizes"].items()}
    return results


def _filled_store(path: Path, n_events: int, log: Callable[[str], None] | None) -> Path:
    """A SQLite store of ``n_events`` synthetic events with its derived records computed (the
    events stored once: a store of the right size at ``path`` is used again)."""
    from detente.pipeline import refresh_derived
    from detente.store import open_store

    with open_store(f"sqlite:///{path}") as store:
        if store.count_events() < n_events:
            if log:
                log(f"bench: building a store of {n_events:,} synthetic events at {path} …")
            for article, events, _ in synthetic_articles(n_events, seed=7):
                store.add_article(article, events)
        # a refresh before the clock (a kept store may have been refreshed by another version,
        # or on another day): what the timed ingests find is what the last ingest left
        start = time.perf_counter()
        refresh_derived(store)
        if log:
            log(f"bench: refresh before timing, {store.count_events():,} events: {time.perf_counter() - start:.1f} s")
    return path


if __name__ == "__main__":
    mode, n, procs, corpus_arg = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] or None
    long_arg = len(sys.argv) > 5 and sys.argv[5] == "long"
    print(json.dumps(_run_one(mode, n, procs, corpus_arg, long_arg)))
