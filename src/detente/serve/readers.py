"""Read-only stores kept between API requests.

Opening a store per request costs a connection each time: for PostgreSQL a new server process
(several milliseconds, and its caches start cold), for SQLite an empty page cache.  The API takes
a reader from here for each request and gives it back afterwards; a reader whose request failed,
or whose connection was closed under it or no longer answers, is closed instead of being reused.  Both backends'
readers run in autocommit, so a reused reader sees every write committed since its last use.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from detente.store import Store, open_store

__all__ = ["Readers"]


class Readers:
    """A small pool of read-only stores of one database URL (at most ``keep`` idle ones)."""

    def __init__(self, url: str, keep: int = 8) -> None:
        self.url = url
        self.keep = keep
        self._idle: list[Store] = []
        self._lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A read-only store for one unit of work, returned to the pool when it ends cleanly."""
        store = self._take()
        clean = False
        try:
            yield store
            clean = True
        finally:
            self._give_back(store, clean)

    def idle(self) -> int:
        with self._lock:
            return len(self._idle)

    def close(self) -> None:
        """Close every idle reader (at shutdown)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for store in idle:
            store.close()

    def _take(self) -> Store:
        while True:
            with self._lock:
                store = self._idle.pop() if self._idle else None
            if store is None:
                return open_store(self.url, readonly=True)
            if _alive(store):
                return store
            store.close()  # e.g. the PostgreSQL server restarted since: try the next one

    def _give_back(self, store: Store, clean: bool) -> None:
        if clean and not getattr(getattr(store, "conn", None), "closed", False):
            with self._lock:
                if len(self._idle) < self.keep:
                    self._idle.append(store)
                    return
        store.close()


def _alive(store: Store) -> bool:
    """Whether an idle reader's connection still answers (one round trip to the server)."""
    try:
        store.conn.execute("SELECT 1").fetchone()  # type: ignore[attr-defined]
    except Exception:  # any failure means: do not reuse it
        return False
    return True
