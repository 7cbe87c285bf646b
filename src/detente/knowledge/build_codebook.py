"""Build ``codebook.json`` (shipped in the package) from the PLOVER / CAMEO reference tables.

Run at build time only, e.g.::

    python -m detente.knowledge.build_codebook ../shared/codebooks

The runtime never reads the reference tables: it reads the JSON written here.  Only facts are
kept (codes, short names, scores, Goldstein values, the CAMEO→PLOVER mapping), not the prose
definitions.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

__all__ = ["build", "main"]

OUT = Path(__file__).with_name("codebook.json")
# The PLOVER manual gives ACCUSE (no mode) +3 while every ACCUSE mode is negative: a sign typo.
SCORE_FIXES = {("ACCUSE", ""): -3.0}


def _float(raw: str) -> float | None:
    raw = raw.strip()
    return float(raw) if raw else None


def build(source: Path) -> dict[str, Any]:
    """Read the CSV tables in ``source`` and return the codebook as plain data."""
    with (source / "plover_event_types.csv").open(encoding="utf-8") as fh:
        types = {
            r["event"]: {"quad": r["quad_category"], "requires_recipient": r["requires_recipient"] == "Yes"}
            for r in csv.DictReader(fh)
        }
    with (source / "plover_modes.csv").open(encoding="utf-8") as fh:
        modes: dict[str, list[str]] = {}
        for r in csv.DictReader(fh):
            modes.setdefault(r["event"], []).append(r["mode"])
    with (source / "plover_contexts.csv").open(encoding="utf-8") as fh:
        contexts = sorted(r["context"] for r in csv.DictReader(fh))
    with (source / "plover_scores.csv").open(encoding="utf-8") as fh:
        scores: dict[str, dict[str, float]] = {}
        for r in csv.DictReader(fh):
            value = SCORE_FIXES.get((r["event"], r["mode"]), float(r["score"]))
            scores.setdefault(r["event"], {})[r["mode"]] = value
    with (source / "plover_sectors.csv").open(encoding="utf-8") as fh:
        sectors = sorted(next(iter(r.values())) for r in csv.DictReader(fh))
    cameo: dict[str, dict[str, Any]] = {}
    with (source / "cameo_codes.csv").open(encoding="utf-8", errors="replace") as fh:
        for r in csv.DictReader(fh):
            cameo[r["cameo_code"]] = {
                "name": (r["name_icews"] or r["name_gdelt"]).strip(),
                "goldstein": _float(r["goldstein_gdelt"]),
                "plover": r["plover_event"] or None,
                "mode": r["plover_mode"] or None,
                "context": [c for c in r["plover_context"].split("|") if c],
            }
    return {
        "version": 1,
        "types": types,
        "modes": modes,
        "contexts": contexts,
        "scores": scores,
        "sectors": sectors,
        "cameo": cameo,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder holding the codebook CSV tables")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    data = build(args.source)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
