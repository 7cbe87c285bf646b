"""One extraction stream per run, over worker processes started once.

``extract_stream(extractor, items, processes=N)`` takes ``(doc_id, text, published)`` items
(any iterable: it is read as it is consumed, never all at once) and yields
``(doc_id, events)`` in input order, or ``(doc_id, ExtractionFailure)`` for an item the engine
could not read.  One bad item never ends the stream: a chunk that fails is read again item by
item, and a worker process that dies is replaced, the items it held read again one at a time
so only the one that kills a process is reported.

With ``processes`` > 1 the items go to a pool of worker processes forked once, after the engine
is loaded (each inherits the model, the actor dictionary and the gazetteer instead of loading
them), and each worker does the whole extraction (parse, events, resolution): the parent only
hands out chunks and receives events.  An input of fewer than :data:`IN_PROCESS_BELOW` items is
read in this process: starting the workers costs more than they save on it.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import chain, islice
from typing import TYPE_CHECKING

from detente.model import Event

if TYPE_CHECKING:
    from detente.extract.engine import Extractor

__all__ = ["CHUNK", "IN_PROCESS_BELOW", "ExtractionFailure", "Item", "extract_stream"]

Item = tuple[str, str, str | None]  # doc_id, text, published
Result = tuple[str, "list[Event] | ExtractionFailure"]

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
                   chunk: int = CHUNK, in_process_below: int = IN_PROCESS_BELOW) -> Iterator[Result]:
    """``(doc_id, events | ExtractionFailure)`` for each item, in input order (see the module
    docstring)."""
    stream = iter(items)
    head = list(islice(stream, in_process_below if processes > 1 else 0))
    chunks = _chunks(chain(head, stream), chunk)
    if processes <= 1 or len(head) < in_process_below:
        for part in chunks:
            yield from extract_chunk(extractor, part)
        return
    extractor.warm_up()  # loaded once here, inherited by every worker
    yield from _pooled(extractor, chunks, processes)


def extract_chunk(extractor: Extractor, part: list[Item]) -> list[Result]:
    """The results of one chunk: parsed as one batch, and item by item when that fails, so
    one bad item is reported alone."""
    try:
        return list(extractor.extract_many(part, batch_size=max(len(part), 1)))
    except Exception:  # which item failed is found next, each reported alone
        pass
    out: list[Result] = []
    for doc_id, text, published in part:
        try:
            out.append((doc_id, extractor.extract(text, doc_id=doc_id, published=published)))
        except Exception as exc:  # the item's failure; the stream goes on
            out.append((doc_id, ExtractionFailure(_describe(exc))))
    return out


def _describe(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"extraction failed ({type(exc).__name__}{': ' + message[:300] if message else ''})"


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    while part := list(islice(items, size)):
        yield part


# ------------------------------------------------------------------ worker processes
_WORKER: Extractor | None = None


def _start_worker(extractor: Extractor) -> None:
    global _WORKER
    _WORKER = extractor


def _work(part: list[Item]) -> list[Result]:
    assert _WORKER is not None, "worker started without an extractor"
    return extract_chunk(_WORKER, part)


def _pool(extractor: Extractor, processes: int) -> ProcessPoolExecutor:
    # fork: the workers share the parent's loaded engine (and nothing is pickled to start them)
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(extractor,))


def _pooled(extractor: Extractor, chunks: Iterator[list[Item]], processes: int) -> Iterator[Result]:
    while True:
        lost: list[list[Item]] = []
        pool = _pool(extractor, processes)
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
            yield _alone(extractor, item)


def _submit(pool: ProcessPoolExecutor, chunks: Iterator[list[Item]],
            pending: deque[tuple[list[Item], Future[list[Result]]]]) -> None:
    part = next(chunks, None)
    if part is not None:
        pending.append((part, pool.submit(_work, part)))


def _alone(extractor: Extractor, item: Item) -> Result:
    pool = _pool(extractor, 1)
    try:
        [result] = pool.submit(_work, [item]).result()
        return result
    except BrokenProcessPool:
        return item[0], ExtractionFailure("the extraction process died reading this item "
                                          "(out of memory, or a crash in the parser); please report it")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
