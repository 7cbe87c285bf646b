"""The records the reconcile layer produces: stories, claims, conflicts, outlet profiles.

Defined in :mod:`detente.derive.records` (so the store's readers type them without loading this
package) and re-exported here.
"""

from __future__ import annotations

from detente.derive.records import Claim, Conflict, OutletProfile, Report, Story

__all__ = [
    "Claim",
    "Conflict",
    "OutletProfile",
    "Report",
    "Story",
]
