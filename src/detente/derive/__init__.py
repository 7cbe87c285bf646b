"""What track and reconcile both build on: the refresh cache of per-article outputs and the
detection of republished copies.  Below both in the layer order, so neither imports the other
(docs/architecture.md)."""
