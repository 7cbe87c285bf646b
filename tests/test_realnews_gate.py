"""The real-news quality gate (issue 11): détente is scored on ../shared/eval/realnews_dev (44
real articles with gold) by ../shared/tools/score_realnews.py, the same rules that judge it on
held-out real news of other peace processes, through the CLI as a user runs it.  Every figure
of its report is pinned in tests/quality_pins.json under "_realnews"; a figure that drops below
its pin fails the suite (pins are raised when the engine improves, never lowered)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "tools" / "score_realnews.py"
DATA = ROOT.parent / "shared" / "eval" / "realnews_dev"
PINS = Path(__file__).resolve().parent / "quality_pins.json"
CLI = Path(sys.executable).parent / "detente"

pytestmark = [pytest.mark.slow, pytest.mark.shared]


def _figures(report: dict[str, Any]) -> dict[str, float]:
    """The report's figures as flat keys (higher is better for every one of them)."""
    out = {f"core_recall.{k}": v for k, v in report["core_recall"].items()}
    out["dated_share_of_events"] = report["dated_share_of_events"]
    for key in ("pairwise_precision", "pairwise_recall", "pairwise_f1"):
        out[f"stories.{key}"] = report["stories"][key]
    found, _, total = report["conflicting_article_pairs_found"].partition("/")
    out["conflicting_article_pairs_found"] = int(found) / int(total) if int(total) else 0.0
    return out


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    if not SCORER.is_file() or not DATA.is_dir():
        pytest.skip("../shared/tools/score_realnews.py or ../shared/eval/realnews_dev not present")
    done = subprocess.run([sys.executable, str(SCORER), "--data", str(DATA), "--cli", str(CLI), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_every_realnews_figure_is_pinned_and_none_drops(report: dict[str, Any]) -> None:
    pins: dict[str, float] = json.loads(PINS.read_text(encoding="utf-8"))["_realnews"]
    figures = _figures(report)
    assert set(figures) <= set(pins), f"figures without a pin: {sorted(set(figures) - set(pins))}"
    table = "\n".join(f"  {k}: {figures.get(k)} (pin {v})" for k, v in pins.items() if not k.startswith("_"))
    dropped = [k for k, v in pins.items() if not k.startswith("_") and figures[k] < v - 1e-9]
    assert not dropped, f"below the pin: {dropped}\n{table}"


def test_every_article_is_read_and_coded(report: dict[str, Any]) -> None:
    assert report["articles"] == len(list((DATA / "articles").glob("*.txt")))
    assert report["events"] > report["core_gold_events"]
