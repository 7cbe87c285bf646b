"""Shared fixtures.  ../shared is evaluation material: tests that need it skip cleanly without it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "eval").is_dir():
        pytest.skip("../shared not present (evaluation material lives beside the project)")
    return SHARED


@pytest.fixture
def store(tmp_path: Path) -> Iterator[object]:
    from detente.store import open_store

    s = open_store(f"sqlite:///{tmp_path / 'test.db'}")
    yield s
    s.close()
