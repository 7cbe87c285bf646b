"""One extraction stream per run, over worker processes started once.

``extract_stream(extractor, items, processes=N)`` takes ``(doc_id, text, published)`` items
(any iterable: it is read as it is consumed, never all at once) and yields
``(doc_id, events, extra)`` in input order, or ``(doc_id, ExtractionFailure, None)`` for an
item the engine could not read.  With ``then``, each item may carry a fourth element, its
context, and ``then(context, events)`` runs where the item was extracted (in the worker): its
answer is ``extra`` (None when it raised: nothing is lost but that answer).  One bad item never ends the stream: a chunk that fails is read again item by
item, and a worker process that dies is replaced, the items it held read again one at a time
so only the one that kills a process is reported.

With ``processes`` > 1 the items go to a pool of worker processes forked once; each loads the
engine as it starts (all at the same time, while the parent reads on) and does the whole
extraction (parse, events, resolution): the parent only hands out chunks and receives events,
and holds no model.  An input of fewer than :data:`IN_PROCESS_BELOW` items is
read in this process: starting the workers costs more than they save on it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from detente.model import Event

if TYPE_CHECKING:
    from detente.extract.engine import Extractor

__all__ = ["CHUNK", "IN_PROCESS_BELOW", "ExtractionFailure", "Item", "extract_stream"]

log = logging.getLogger(__name__)

Item = tuple[Any, ...]  # doc_id, text, published[, context for ``then``]
Result = tuple[str, "list[Event] | ExtractionFailure", Any]  # doc_id, events or why not, then's answer
Then = Callable[[Any, list[Event]], Any]

# Items handed to a worker at a time (spaCy parses them as one batch).
CHUNK = 8
# Inputs of fewer items stay in this process (measured: docs/benchmarks.md, "Worker start").
IN_PROCESS_BELOW = 24
# Chunks queued per worker beyond the one it works on: enough that no worker waits, few enough
# that the stream holds only a few chunks of text at a time.
AHEAD = 2


@dataclass(frozen=True)
class ExtractionFailure:
    """Why an item gave no events: the engine raised, or the process reading it died."""

    reason: str


def extract_stream(extractor: Extractor, items: Iterable[Item], *, processes: int = 1,
                   chunk: int = CHUNK, in_process_below: int = IN_PROCESS_BELOW,
                   then: Then | None = None) -> Iterator[Result]:
    """``(doc_id, events | ExtractionFailure, extra)`` for each item, in input order (see the
    module docstring)."""
    stream = iter(items)
    head = list(islice(stream, in_process_below if processes > 1 else 0))
    chunks = _chunks(chain(head, stream), chunk)
    if processes <= 1 or len(head) < in_process_below:
        for part in chunks:
            yield from extract_chunk(extractor, part, then)
        return
    yield from _pooled(extractor, chunks, processes, then)


def extract_chunk(extractor: Extractor, part: list[Item], then: Then | None = None) -> list[Result]:
    """The results of one chunk: parsed as one batch, and item by item when that fails, so
    one bad item is reported alone."""
    found: list[tuple[str, list[Event] | ExtractionFailure]]
    try:
        found = list(extractor.extract_many((item[:3] for item in part), batch_size=max(len(part), 1)))
    except Exception:  # which item failed is found next, each reported alone
        found = []
        for doc_id, text, published, *_ in part:
            try:
                found.append((doc_id, extractor.extract(text, doc_id=doc_id, published=published)))
            except Exception as exc:  # the item's failure; the stream goes on
                found.append((doc_id, ExtractionFailure(_describe(exc))))
    out: list[Result] = []
    for item, (doc_id, events) in zip(part, found, strict=True):
        extra = None
        if then is not None and not isinstance(events, ExtractionFailure):
            try:
                extra = then(item[3] if len(item) > 3 else None, events)
            except Exception:  # its events stand; only this answer is missing
                log.exception("%s: the work after extraction failed", doc_id)
        out.append((doc_id, events, extra))
    return out


def _describe(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"extraction failed ({type(exc).__name__}{': ' + message[:300] if message else ''})"


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while part := list(islice(items, size)):
        yield part


# ------------------------------------------------------------------ worker processes
_WORKER: tuple[Extractor, Then | None] | None = None
_START_ERROR: Exception | None = None


def _start_worker(extractor: Extractor, then: Then | None) -> None:
    global _WORKER, _START_ERROR
    _WORKER = extractor, then
    _follow_parent()
    # each worker loads the engine itself, all at once while the parent reads the input; the
    # parent, which only hands out chunks and stores, never holds a model (what a parent had
    # loaded already is inherited, and this only checks it)
    try:
        extractor.warm_up()
    except Exception as exc:  # e.g. no such model: said by every task, so the run stops with it
        _START_ERROR = exc


def _follow_parent() -> None:
    """A worker ends when its parent does: killed with SIGKILL, the parent cannot shut the
    pool down, and a worker waiting for work would live on holding its model."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="detente-parent-watch", daemon=True).start()


def _work(part: list[Item]) -> list[Result]:
    assert _WORKER is not None, "worker started without an extractor"
    if _START_ERROR is not None:
        raise _START_ERROR
    return extract_chunk(_WORKER[0], part, _WORKER[1])


def _pool(extractor: Extractor, processes: int, then: Then | None) -> ProcessPoolExecutor:
    # fork: the workers share the parent's loaded engine (and nothing is pickled to start them)
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(extractor, then))


def _pooled(extractor: Extractor, chunks: Iterator[list[Item]], processes: int,
            then: Then | None) -> Iterator[Result]:
    while True:
        lost: list[list[Item]] = []
        pool = _pool(extractor, processes, then)
        pending: deque[tuple[list[Item], Future[list[Result]]]] = deque()
        try:
            for _ in range(processes * AHEAD):
                _submit(pool, chunks, pending)
            while pending:
                try:
                    results = pending[0][1].result()
                except BrokenProcessPool:
                    lost = [part for part, _ in pending]
                    break
                pending.popleft()
                _submit(pool, chunks, pending)
                yield from results
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if not lost:
            return
        # a worker died: the items it may have held are read again one per process, so only
        # the one that kills its process is lost; then the stream goes on with new workers
        for item in chain.from_iterable(lost):
            yield _alone(extractor, item, then)


def _submit(pool: ProcessPoolExecutor, chunks: Iterator[list[Item]],
            pending: deque[tuple[list[Item], Future[list[Result]]]]) -> None:
    part = next(chunks, None)
    if part is not None:
        pending.append((part, pool.submit(_work, part)))


def _alone(extractor: Extractor, item: Item, then: Then | None) -> Result:
    pool = _pool(extractor, 1, then)
    try:
        [result] = pool.submit(_work, [item]).result()
        return result
    except BrokenProcessPool:
        return item[0], ExtractionFailure("the extraction process died reading this item "
                                          "(out of memory, or a crash in the parser); please report it"), None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
