"""The PLOVER / CAMEO codebook shipped in the package (``knowledge/codebook.json``).

Read lazily on first use and cached; derived at build time by
``detente.knowledge.build_codebook``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from detente.errors import ConfigError

__all__ = ["CameoCode", "Codebook", "load_codebook"]


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float | None
    plover: str | None
    mode: str | None
    context: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    version: int
    types: dict[str, bool]  # PLOVER type -> requires a recipient
    modes: dict[str, tuple[str, ...]]
    contexts: frozenset[str]
    scores: dict[tuple[str, str], float]  # (type, mode or "") -> intensity
    cameo: dict[str, CameoCode]

    def intensity(self, event_type: str, mode: str | None) -> float:
        """PLOVER score of a type and mode; the type's default when the mode has none."""
        if mode and (event_type, mode) in self.scores:
            return self.scores[(event_type, mode)]
        return self.scores.get((event_type, ""), 0.0)

    def goldstein(self, code: str | None) -> float | None:
        """GDELT Goldstein value of a CAMEO code (falling back to its parent code)."""
        while code:
            entry = self.cameo.get(code)
            if entry is not None and entry.goldstein is not None:
                return entry.goldstein
            code = code[:-1] if len(code) > 2 else None
        return None

    def requires_recipient(self, event_type: str) -> bool:
        return self.types.get(event_type, False)

    def valid_mode(self, event_type: str, mode: str | None) -> str | None:
        """``mode`` when PLOVER defines it for ``event_type``, else None."""
        return mode if mode and mode in self.modes.get(event_type, ()) else None


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    """The shipped codebook (cached)."""
    try:
        raw = resources.files("detente.knowledge").joinpath("codebook.json").read_text("utf-8")
    except FileNotFoundError as exc:  # pragma: no cover - broken install
        raise ConfigError(
            "the shipped codebook knowledge/codebook.json is missing",
            fix="reinstall détente, or rebuild it with python -m detente.knowledge.build_codebook",
        ) from exc
    data = json.loads(raw)
    return Codebook(
        version=int(data["version"]),
        types={k: bool(v["requires_recipient"]) for k, v in data["types"].items()},
        modes={k: tuple(v) for k, v in data["modes"].items()},
        contexts=frozenset(data["contexts"]),
        scores={(t, m): float(s) for t, by_mode in data["scores"].items() for m, s in by_mode.items()},
        cameo={
            code: CameoCode(code, e["name"], e["goldstein"], e["plover"], e["mode"], tuple(e["context"]))
            for code, e in data["cameo"].items()
        },
    )
