"""Where the extraction engine spends its time after the parse, and a check that an
optimisation leaves its output unchanged.

    # profile Extractor.extract_many over the samples cycled to 200 articles (models warmed up)
    .venv/bin/python benchmarks/bench_engine_profile.py profile --articles 200 [--top 40]

    # time the parse alone against parse + engine, same articles, same process
    .venv/bin/python benchmarks/bench_engine_profile.py split --articles 200

    # dump every event of the samples (and of extra JSON Lines texts) as sorted JSON, then compare
    .venv/bin/python benchmarks/bench_engine_profile.py dump /tmp/before.json [--jsonl FILE ...]
    .venv/bin/python benchmarks/bench_engine_profile.py dump /tmp/after.json [--jsonl FILE ...]
    .venv/bin/python benchmarks/bench_engine_profile.py compare /tmp/before.json /tmp/after.json

``--jsonl`` takes files of ``{"id": ..., "text": ...}`` lines (for instance the PLOVER dev
sentences of the evaluation data); each text is extracted with a fixed publication date so that
date resolution is exercised too.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from detente.bench import bench_corpus
from detente.extract import Extractor
from detente.ingest import prepare
from detente.model import Article

FIXED_PUBLISHED = "2025-08-17"


def _articles(n: int) -> list[Article]:
    return [a for a in (prepare(d) for d in bench_corpus(n)) if isinstance(a, Article)]


def _warm(extractor: Extractor) -> None:
    extractor.warm_up()


def profile(n: int, top: int, out: str | None) -> None:
    extractor = Extractor()
    _warm(extractor)
    articles = _articles(n)
    items = [(a.id, a.text, a.published) for a in articles]
    prof = cProfile.Profile()
    start = time.perf_counter()
    prof.enable()
    n_events = sum(len(events) for _, events in extractor.extract_many(items))
    prof.disable()
    print(f"{len(items)} articles, {n_events} events, {time.perf_counter() - start:.2f} s (profiled)")
    if out:
        prof.dump_stats(out)
    stats = pstats.Stats(prof).sort_stats("cumulative")
    stats.print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def split(n: int, repeat: int) -> None:
    """CPU seconds, one process, same texts (best of ``repeat``): the bare parse, then each
    stage of the work after it, timed alone on the parsed documents: masking datelines,
    the events component, and the engine's resolution (``events_from_doc``)."""
    from detente.extract.engine import _DATELINE_KEY, mask_datelines
    from detente.extract.nlp import EVENTS_COMPONENT

    extractor = Extractor()
    _warm(extractor)
    articles = _articles(n)
    nlp = extractor.nlp
    component = nlp.get_pipe(EVENTS_COMPONENT)

    def best(run: Callable[[], object]) -> float:
        times = []
        for _ in range(repeat):
            start = time.process_time()  # CPU seconds: steadier than wall time on a shared machine
            run()
            times.append(time.process_time() - start)
        return min(times)

    masked = [mask_datelines(a.text, extractor._is_place) for a in articles]
    mask = best(lambda: [mask_datelines(a.text, extractor._is_place) for a in articles])
    docs: list[Any] = []
    with nlp.select_pipes(disable=[EVENTS_COMPONENT]):
        bare = best(lambda: docs.__setitem__(slice(None), nlp.pipe([m[0] for m in masked], batch_size=16)))
    comp = best(lambda: [component(d) for d in docs])
    for doc, (_, datelines) in zip(docs, masked, strict=True):
        doc.user_data[_DATELINE_KEY] = datelines

    def engine() -> None:
        for doc, a in zip(docs, articles, strict=True):
            extractor.events_from_doc(doc, doc_id=a.id, published=a.published)

    resolve = best(engine)
    post = mask + comp + resolve
    print(json.dumps({"articles": len(docs), "bare_parse_s": round(bare, 2), "mask_s": round(mask, 3),
                      "component_s": round(comp, 2), "resolve_s": round(resolve, 2),
                      "post_parse_share": round(post / bare, 3), "estimated_ratio": round(bare / (bare + post), 3),
                      "load_average_1min": round(os.getloadavg()[0], 2)}))


def _texts(jsonl: list[str]) -> list[tuple[str, str, str | None]]:
    items: list[tuple[str, str, str | None]] = [(a.id, a.text, a.published) for a in _articles(16)]
    for name in jsonl:
        with open(name, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    items.append((str(row["id"]), str(row["text"]), FIXED_PUBLISHED))
    return items


def dump(path: str, jsonl: list[str]) -> None:
    extractor = Extractor()
    rows: list[dict[str, Any]] = []
    for i, (doc_id, events) in enumerate(extractor.extract_many(_texts(jsonl))):
        # input order is kept; the number tells apart two texts with the same content id
        rows.append({"doc_id": f"{i:04d}:{doc_id}", "events": [e.to_dict() for e in events]})
    Path(path).write_text(json.dumps(rows, sort_keys=True, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rows)} texts, {sum(len(r['events']) for r in rows)} events -> {path}")


def compare(before: str, after: str) -> int:
    old = {r["doc_id"]: r["events"] for r in json.loads(Path(before).read_text(encoding="utf-8"))}
    new = {r["doc_id"]: r["events"] for r in json.loads(Path(after).read_text(encoding="utf-8"))}
    differing = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    for key in differing[:10]:
        print(f"differs: {key}")
    print(f"{len(old)} texts before, {len(new)} after, {len(differing)} differ")
    return 1 if differing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("profile")
    p.add_argument("--articles", type=int, default=200)
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--out", default=None, help="also write the raw cProfile stats here")
    s = sub.add_parser("split")
    s.add_argument("--articles", type=int, default=200)
    s.add_argument("--repeat", type=int, default=2)
    d = sub.add_parser("dump")
    d.add_argument("path")
    d.add_argument("--jsonl", action="append", default=[])
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    args = parser.parse_args()
    if args.command == "profile":
        profile(args.articles, args.top, args.out)
    elif args.command == "split":
        split(args.articles, args.repeat)
    elif args.command == "dump":
        dump(args.path, args.jsonl)
    else:
        return compare(args.before, args.after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
