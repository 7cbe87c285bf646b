"""Outputs: what détente hands out from a store, without a web server.

- :mod:`detente.outputs.exports`: events to JSON Lines, CSV, Parquet, GDELT and PLOVER files, and
  imports back;
- :mod:`detente.outputs.alerts`: watchlists evaluated after an ingest, delivered to the log, a
  webhook or an Atom feed;
- :mod:`detente.outputs.briefing`: the weekly brief (Markdown or HTML).

The CLI and the web app both call these; nothing here imports FastAPI, so ``detente export``
does not load the web stack.
"""
