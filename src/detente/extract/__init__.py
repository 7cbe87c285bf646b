"""extract layer: the spaCy pipeline and its components (events, actors, dates, places).

``from detente.extract import Extractor`` is the entry point; it is imported lazily so that
importing the package does not import spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from detente.extract.engine import Extractor

__all__ = ["Extractor"]


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from detente.extract.engine import Extractor

        return Extractor
    raise AttributeError(f"module 'detente.extract' has no attribute {name!r}")
