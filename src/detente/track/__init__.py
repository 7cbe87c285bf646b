"""track layer: the peace-process tracker.

Commitments, goals and milestones (from text and tables) with their status over time and the
evidence for each change; positions of each actor on each issue; the relations index.
"""

from detente.track.commitments import extract_commitments
from detente.track.evaluate import evaluate_milestones, load_gold_milestones
from detente.track.positions import extract_positions, load_taxonomy
from detente.track.records import Milestone, Position, RelationScore, StatusChange, TrackerState
from detente.track.relations import relations_index
from detente.track.status import update_statuses
from detente.track.tracker import build_tracker

__all__ = [
    "Milestone",
    "Position",
    "RelationScore",
    "StatusChange",
    "TrackerState",
    "build_tracker",
    "evaluate_milestones",
    "extract_commitments",
    "extract_positions",
    "load_gold_milestones",
    "load_taxonomy",
    "relations_index",
    "update_statuses",
]
