"""The ingest layer: read sources into RawDocuments, then prepare each into an Article.

``read_sources`` never raises for a bad item: it yields a ``Rejection`` naming the item and the
fix. ``prepare`` cleans the text (site chrome removed), finds the metadata (outlet, url,
title, published, categories), splits distinct pieces into segments with a genre each, and
detects the language.
"""

from __future__ import annotations

from detente.ingest.fetch import fetch_url
from detente.ingest.prepare import prepare
from detente.ingest.readers import read_sources, sniff_format

__all__ = ["fetch_url", "prepare", "read_sources", "sniff_format"]
