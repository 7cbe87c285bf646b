"""Where worker processes start to pay: extraction of N articles in this process against a pool of
``--processes`` workers (the engine loaded before the clock in both; the pool's clock includes
starting its workers), for several N, interleaved and repeated so both see the same load.

    .venv/bin/python benchmarks/bench_workers.py [--sizes 2,4,8,16,24,32,48] [--repeat 3] [--long]

Prints, per N, the median seconds of each and their ratio; the smallest N from which the pool is
faster every time is what ``detente.extract.parallel.IN_PROCESS_BELOW`` should be near.
"""

from __future__ import annotations

import argparse
import statistics
import time

from detente.bench import bench_corpus
from detente.extract import Extractor
from detente.extract.parallel import extract_stream
from detente.ingest import prepare
from detente.model import Article
from detente.settings import Settings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2,4,8,16,24,32,48")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--long", action="store_true", help="articles of about 1,500 words")
    args = ap.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    docs = bench_corpus(max(sizes), long=args.long)
    articles = [a for a in (prepare(d) for d in docs) if isinstance(a, Article)]
    extractor = Extractor(Settings.from_env())
    extractor.warm_up()

    def run(n: int, processes: int) -> float:
        items = [(a.id, a.text, a.published) for a in articles[:n]]
        start = time.perf_counter()
        for _ in extract_stream(extractor, items, processes=processes, in_process_below=0):
            pass
        return time.perf_counter() - start

    print(f"{'articles':>8} {'in-process s':>13} {'pool s':>8} {'pool / in-process':>18}")
    for n in sizes:
        alone, pooled = [], []
        for _ in range(args.repeat):
            alone.append(run(n, 1))
            pooled.append(run(n, args.processes))
        a, p = statistics.median(alone), statistics.median(pooled)
        print(f"{n:>8} {a:>13.2f} {p:>8.2f} {p / a:>18.2f}   (pool faster {sum(x < y for x, y in zip(pooled, alone, strict=True))}"
              f"/{args.repeat})", flush=True)


if __name__ == "__main__":
    main()
