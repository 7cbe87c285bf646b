"""Reconcile: one record per real-world event (stories), copies, claims and conflicts."""

from detente.reconcile.cluster import FAMILIES, cluster_events
from detente.reconcile.copies import find_copies
from detente.reconcile.records import Claim, Conflict, CopyPair, OutletProfile, Report, Story

__all__ = ["FAMILIES", "Claim", "Conflict", "CopyPair", "OutletProfile", "Report", "Story",
           "cluster_events", "find_copies"]
