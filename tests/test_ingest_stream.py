"""One extraction stream per ingest: worker processes started once, results stored as they come,
a bad article reported alone while the others are kept."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from detente.bench import bench_corpus
from detente.derive.cache import ARTICLE_KINDS
from detente.extract import Extractor
from detente.extract.parallel import IN_PROCESS_BELOW, ExtractionFailure, extract_stream
from detente.ingest import prepare
from detente.model import Article, Event, Rejection
from detente.pipeline import DERIVED_KINDS, ingest_documents, load_cache, refresh_derived
from detente.settings import Settings
from detente.store import open_store

TODAY = date(2025, 9, 1)


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    # enough articles that two processes use the worker pool, not the in-process path
    docs = bench_corpus(IN_PROCESS_BELOW + 6)
    return [a for a in (prepare(d) for d in docs) if isinstance(a, Article)]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Settings())


def _stored(url: str) -> dict[str, list[dict[str, object]]]:
    with open_store(url) as store:
        return {aid: sorted((e.to_dict() for e in evs), key=lambda d: str(d["id"]))
                for aid, evs in store.events_by_article().items()}


def test_workers_store_the_same_events_as_one_process(tmp_path: Path, articles: list[Article],
                                                      extractor: Extractor) -> None:
    by_count = {}
    for processes in (1, 2):
        url = f"sqlite:///{tmp_path / f'p{processes}.db'}"
        with open_store(url) as store:
            report = ingest_documents(iter(articles), store, settings=Settings(processes=processes),
                                      extractor=extractor)
        assert len(report.added) == len(articles) and not report.rejected
        by_count[processes] = _stored(url)
    assert by_count[1] == by_count[2]
    assert sum(len(v) for v in by_count[2].values()) > len(articles)  # the corpus has events


def test_workers_compute_what_the_refresh_reads_from_each_article(store_url: str, articles: list[Article],
                                                                  extractor: Extractor) -> None:
    with open_store(store_url) as store:  # SQLite, and PostgreSQL when DETENTE_TEST_PG names one
        ingest_documents(iter(articles), store, settings=Settings(processes=2), extractor=extractor)
        for kind in ARTICLE_KINDS:  # made in the workers, beside each article's extraction
            assert {r["id"] for r in store.list_derived(kind)} == {a.id for a in articles}, kind
        cache = load_cache(store)
        refresh_derived(store, today=TODAY, cache=cache)
        assert not any(cache.computed[kind] for kind in ARTICLE_KINDS)
        kept = {kind: store.list_derived(kind) for kind in DERIVED_KINDS}
        refresh_derived(store, today=TODAY, incremental=False)  # from scratch, no cache
        assert kept == {kind: store.list_derived(kind) for kind in DERIVED_KINDS}
        assert kept["claims"] and kept["stories"]


def test_an_article_the_parser_refuses_is_rejected_and_the_rest_stored(tmp_path: Path, articles: list[Article],
                                                                       extractor: Extractor) -> None:
    # longer than spaCy's max_length: the parse of its whole batch fails, in a worker
    huge = Article(id="huge", text="Talks went on. " * 80_000, origin="huge.txt", language="en")
    items: list[Article | Rejection] = [*articles[:10], huge, *articles[10:]]
    seen: list[tuple[str, str]] = []
    with open_store(f"sqlite:///{tmp_path / 'bad.db'}") as store:
        report = ingest_documents(iter(items), store, settings=Settings(processes=2), extractor=extractor,
                                  progress=lambda status, item: seen.append((status, getattr(item, "origin", ""))))
        assert {a.id for a in report.added} == {a.id for a in articles}
        assert not store.has_article("huge")
    [rejected] = report.rejected
    assert rejected.origin == "huge.txt"
    assert "extraction failed" in rejected.reason and "E088" in rejected.reason
    assert ("rejected", "huge.txt") in seen
    assert report.exit_code == 1


class _DiesOn(Extractor):
    """An engine whose worker process dies (as on a crash in native code) when it meets a text
    holding ``marker``; in the parent process it reads every text."""

    def __init__(self, marker: str) -> None:
        super().__init__(Settings())
        self.marker, self.parent = marker, os.getpid()

    def extract_many(self, items, **kw):  # type: ignore[no-untyped-def, override]
        items = list(items)
        if os.getpid() != self.parent and any(self.marker in text for _, text, _ in items):
            os._exit(70)
        return super().extract_many(items, **kw)

    def extract(self, text: str, *, doc_id: str, published: str | None = None) -> list[Event]:
        if os.getpid() != self.parent and self.marker in text:
            os._exit(70)
        return super().extract(text, doc_id=doc_id, published=published)


def test_a_worker_that_dies_loses_only_its_article(articles: list[Article]) -> None:
    items = [(a.id, a.text, a.published) for a in articles]
    marked = items[13][0], items[13][1] + " KILLS-THE-WORKER", items[13][2]
    items[13] = marked
    results = list(extract_stream(_DiesOn("KILLS-THE-WORKER"), iter(items), processes=2))
    assert [doc_id for doc_id, _, _ in results] == [doc_id for doc_id, _, _ in items]
    failed = [(doc_id, r) for doc_id, r, _ in results if isinstance(r, ExtractionFailure)]
    assert [doc_id for doc_id, _ in failed] == [marked[0]]
    assert "process died" in failed[0][1].reason


def test_the_stream_reads_its_input_as_it_goes(articles: list[Article], extractor: Extractor) -> None:
    pulled = 0

    def source() -> Iterator[tuple[str, str, str | None]]:
        nonlocal pulled
        for a in articles:
            pulled += 1
            yield a.id, a.text, a.published

    stream = extract_stream(extractor, source(), processes=2, chunk=2, in_process_below=4)
    next(stream)
    assert pulled < len(articles)  # a stream of any length is never read whole ahead
    assert len(list(stream)) == len(articles) - 1


def test_default_processes_are_the_cores_available() -> None:
    assert Settings.from_env({}).processes == 0
    assert Settings.from_env({}).worker_processes() == len(os.sched_getaffinity(0))
    assert Settings.from_env({"DETENTE_PROCESSES": "3"}).worker_processes() == 3


def test_a_model_that_is_not_installed_stops_the_run_with_the_fix(articles: list[Article]) -> None:
    from detente.errors import ConfigError

    items = [(a.id, a.text, a.published) for a in articles]
    # the workers load the engine: their error is the run's, not each article's
    with pytest.raises(ConfigError, match="not installed") as raised:
        list(extract_stream(Extractor(Settings(model="no_such_model")), iter(items), processes=2))
    assert "DETENTE_MODEL" in str(raised.value)
