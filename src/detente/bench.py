"""``detente bench``: throughput and peak memory of the full pipeline (prepare → extract → store)
against bare spaCy ``nlp.pipe`` on the same texts, with 1 and 2 processes.

Each configuration runs in a fresh Python process so that its peak resident memory
(``ru_maxrss`` of the process and its workers) is its own.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from detente.model import Article, RawDocument
from detente.pipeline import sample_dir
from detente.settings import Settings

__all__ = ["bench_corpus", "run_bench"]


def bench_corpus(n_articles: int, corpus: str | None = None) -> list[RawDocument]:
    """``n_articles`` raw documents: the files of ``corpus`` (default: the shipped samples),
    cycled, each copy given a distinct id line so that no two are the same article."""
    from detente.ingest import read_sources

    folder = corpus or str(sample_dir())
    base = [d for d in read_sources([folder], offline=True) if isinstance(d, RawDocument)]
    if not base:
        from detente.errors import ConfigError

        raise ConfigError(f"no readable articles in {folder}", fix="point --corpus at a folder of articles")
    docs = []
    for i in range(n_articles):
        src = base[i % len(base)]
        text = (src.text or "") + f"\n\n(Benchmark copy {i}.)"
        docs.append(RawDocument(origin=f"{src.origin}#{i}", text=text, html=src.html, title=src.title,
                                published=src.published, outlet=src.outlet, url=src.url))
    return docs


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round((own + children) / 1024, 1)  # Linux reports KiB


def _run_one(mode: str, n_articles: int, processes: int, corpus: str | None) -> dict[str, Any]:
    """One configuration, in this process."""
    from detente.ingest import prepare

    settings = Settings.from_env(processes=processes)
    docs = bench_corpus(n_articles, corpus)
    articles = [a for a in (prepare(d) for d in docs) if isinstance(a, Article)]
    words = sum(len(a.text.split()) for a in articles)
    if mode == "spacy":
        from detente.extract.nlp import load_pipeline

        nlp = load_pipeline(settings.model)
        for name in [n for n in nlp.pipe_names if n.startswith("detente")]:
            nlp.remove_pipe(name)  # bare spaCy: the model's own components only
        start = time.perf_counter()
        for _doc in nlp.pipe((a.text for a in articles), n_process=processes, batch_size=16):
            pass
        elapsed = time.perf_counter() - start
        n_events = None
    else:
        from detente.extract import Extractor
        from detente.store import open_store

        extractor = Extractor(settings)
        extractor.extract("Warm-up sentence.", doc_id="warm-up")  # load models before timing
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(str(Path(tmp) / "bench.db"))
            start = time.perf_counter()
            n_events = 0
            items = ((a.id, a.text, a.published) for a in articles)
            by_id = {a.id: a for a in articles}
            for doc_id, events in extractor.extract_many(items, n_process=processes, batch_size=16):
                store.add_article(by_id[doc_id], events)
                n_events += len(events)
            elapsed = time.perf_counter() - start
            store.close()
    return {
        "mode": mode,
        "processes": processes,
        "articles": len(articles),
        "words_per_article": round(words / max(len(articles), 1)),
        "seconds": round(elapsed, 2),
        "articles_per_minute": round(len(articles) / elapsed * 60, 1),
        "events": n_events,
        "peak_rss_mb": _peak_mb(),
    }


def run_bench(
    *, n_articles: int = 200, processes: list[int] | None = None, corpus: str | None = None,
    settings: Settings | None = None, log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run every configuration in its own process and compare."""
    results: list[dict[str, Any]] = []
    for procs in processes or [1, 2]:
        for mode in ("spacy", "pipeline"):
            if log:
                log(f"bench: {mode} with {procs} process(es) on {n_articles} articles …")
            cmd = [sys.executable, "-m", "detente.bench", mode, str(n_articles), str(procs), corpus or ""]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=dict(os.environ))
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    summary: dict[str, Any] = {"runs": results, "ratios": {}}
    for procs in processes or [1, 2]:
        bare = next(r for r in results if r["mode"] == "spacy" and r["processes"] == procs)
        full = next(r for r in results if r["mode"] == "pipeline" and r["processes"] == procs)
        summary["ratios"][f"{procs}_process"] = round(full["articles_per_minute"] / bare["articles_per_minute"], 3)
    return summary


if __name__ == "__main__":
    mode, n, procs, corpus_arg = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] or None
    print(json.dumps(_run_one(mode, n, procs, corpus_arg)))
