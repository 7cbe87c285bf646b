"""scale layer."""
