"""Records of the peace-process tracker: milestones with their status history, positions,
the relations index, and the tracker state that holds them all.

Defined in :mod:`detente.derive.records` (so the store's readers type them without loading this
package) and re-exported here, with ``Table`` and ``TableRow`` of :mod:`detente.extract.tables`.
"""

from __future__ import annotations

from detente.derive.records import (
    FINAL_STATUSES,
    KINDS,
    STANCES,
    STATUSES,
    TRENDS,
    Milestone,
    Position,
    PositionChange,
    RelationScore,
    StatusChange,
    Table,
    TableRow,
    TrackerState,
)

__all__ = ["FINAL_STATUSES", "KINDS", "STANCES", "STATUSES", "TRENDS", "Milestone", "Position", "PositionChange",
           "RelationScore", "StatusChange", "Table", "TableRow", "TrackerState"]
