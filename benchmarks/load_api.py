"""The API under load: ``detente serve`` on 127.0.0.1 over a store holding the sample corpus,
N concurrent clients (httpx, async) for a fixed time, then everything stops by itself.

    .venv/bin/python benchmarks/load_api.py                       # 50 clients, 60 s, SQLite
    .venv/bin/python benchmarks/load_api.py --clients 50 --seconds 60 --db postgresql://user@127.0.0.1:5432/db

Prints requests, errors (any status >= 500, a refused or timed-out request), requests per second,
and p50 / p95 / p99 latency overall and per endpoint.  Exit status 1 when there was an error.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from detente.pipeline import sample_dir

PATHS = [
    "/api/events?limit=50",
    "/api/events?country=RUS&limit=50",
    "/api/events?type=CONSULT&since=2025-02-01&until=2025-06-30",
    "/api/articles?limit=20",
    "/api/search?q=ceasefire",
    "/api/search?q=prisoner%20exchange",
    "/api/stories",
    "/api/milestones",
    "/api/positions",
    "/",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def _client(base: str, stop_at: float, seed: int, out: dict[str, list[float]], errors: list[str]) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        while time.monotonic() < stop_at:
            path = rng.choice(PATHS)
            t0 = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code >= 500:
                    errors.append(f"{path}: {response.status_code}")
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {type(exc).__name__}")
                continue
            out.setdefault(path.split("?")[0] + ("?" + path.split("?")[1].split("=")[0] if "?" in path else ""),
                           []).append((time.perf_counter() - t0) * 1000)


async def _run(base: str, clients: int, seconds: float) -> tuple[dict[str, list[float]], list[str], float]:
    out: dict[str, list[float]] = {}
    errors: list[str] = []
    t0 = time.monotonic()
    stop_at = t0 + seconds
    await asyncio.gather(*(_client(base, stop_at, i, out, errors) for i in range(clients)))
    return out, errors, time.monotonic() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file with the sample corpus)")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    db = args.db or f"sqlite:///{Path(folder.name) / 'load.db'}"
    cli = [sys.executable, "-m", "detente.cli", "--db", db]
    env = {**os.environ, "DETENTE_HOME": folder.name}
    subprocess.run([*cli, "ingest", str(sample_dir())], check=True, env=env, capture_output=True)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*cli, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/articles?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.3)
        latencies, errors, elapsed = asyncio.run(_run(base, args.clients, args.seconds))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        folder.cleanup()
    every = [v for values in latencies.values() for v in values]
    print(f"{args.clients} clients, {elapsed:.0f} s: {len(every):,} requests ({len(every) / elapsed:.0f}/s), "
          f"{len(errors)} errors")
    print(f"all: p50 {statistics.median(every):.1f} ms, p95 {_pct(every, 0.95):.1f} ms, p99 {_pct(every, 0.99):.1f} ms")
    print("| endpoint | requests | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|")
    for name, values in sorted(latencies.items()):
        print(f"| {name} | {len(values)} | {statistics.median(values):.1f} | {_pct(values, 0.95):.1f} | "
              f"{_pct(values, 0.99):.1f} |")
    for line in sorted(set(errors))[:10]:
        print("error:", line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
