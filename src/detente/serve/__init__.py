"""Serving: the REST API under /api/ and the pages under /."""

from detente.serve.app import create_app

__all__ = ["create_app"]
