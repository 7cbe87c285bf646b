"""The refresh cache's old address: it lives in :mod:`detente.derive.cache` (below both track and
reconcile, which share it); bump ``CACHE_VERSION`` there, not here.  This module only re-exports,
kept while ``pipeline.py`` and the incremental tests import it here."""

from detente.derive.cache import ARTICLE_KINDS, CACHE_KINDS, CACHE_VERSION, RefreshCache

__all__ = ["ARTICLE_KINDS", "CACHE_KINDS", "CACHE_VERSION", "RefreshCache"]
