"""The stored events as the refresh reads them: by article, only those it asks for.

A refresh after a small ingest needs the events of few articles: the new ones, those of the
story blocks they touch, of the articles whose claims are linked to stories, of the relations
scores they change.  :class:`EventsByArticle` is the store's events by article id, read when
asked for and kept once read; iterating over it (as a full recomputation does) reads them all.

Where the order of the events matters (clustering compares them in the order given, a score
sums them in order), it is the order of the full list a recomputation walks: the articles in a
given order, each article's events as the store lists them.  :class:`EventOrder` gives any
subset of them in that order without reading the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from detente.model import Event

__all__ = ["EventOrder", "EventsByArticle"]

Read = Callable[[list[str]], dict[str, list[Event]]]  # article ids -> their events (those with any)
ReadAll = Callable[[], dict[str, list[Event]]]
Locate = Callable[[list[str]], dict[str, str]]  # event ids -> the ids of their articles


class EventsByArticle(Mapping[str, list[Event]]):
    """Events by article id, read through ``read`` as they are asked for (``load`` reads many at
    once), or all through ``read_all`` when iterated; ``locate`` finds the article of an event."""

    def __init__(self, read: Read, read_all: ReadAll, locate: Locate) -> None:
        self._read, self._read_all, self._locate = read, read_all, locate
        self._events: dict[str, list[Event]] = {}
        self._asked: set[str] = set()  # articles read (with or without events)
        self._whole = False
        self._of_event: dict[str, str] | None = None  # event id -> article id, once all are read

    @classmethod
    def given(cls, events: Mapping[str, list[Event]]) -> EventsByArticle:
        """Events already in memory (nothing is read)."""
        if isinstance(events, EventsByArticle):
            return events
        held = dict(events)
        out = cls(lambda ids: {}, lambda: held, lambda ids: {})
        out._all()
        return out

    def load(self, article_ids: Iterable[str]) -> None:
        """Read the events of these articles (those not read yet), in one go."""
        if self._whole:
            return
        wanted = sorted(set(article_ids) - self._asked)
        if wanted:
            self._events.update(self._read(wanted))
            self._asked.update(wanted)

    @property
    def read_articles(self) -> int:
        """How many articles' events were read (all of them once iterated)."""
        return len(self._events) if self._whole else len(self._asked)

    def articles_of(self, event_ids: Iterable[str]) -> dict[str, str]:
        """The article of each of these events (those stored)."""
        ids = list(event_ids)
        if self._of_event is not None:
            return {i: self._of_event[i] for i in ids if i in self._of_event}
        return self._locate(ids)

    def __getitem__(self, article_id: str) -> list[Event]:
        self.load([article_id])
        return self._events[article_id]

    def get(self, article_id: str, default: list[Event] | None = None) -> list[Event] | None:  # type: ignore[override]
        self.load([article_id])
        return self._events.get(article_id, default)

    def load_all(self) -> None:
        """Read every stored article's events, in one go."""
        self._all()

    def _all(self) -> dict[str, list[Event]]:
        if not self._whole:
            # lists read before are kept (the same objects), in the full reading's order
            self._events = {aid: self._events.get(aid, evs) for aid, evs in self._read_all().items()}
            self._whole = True
            self._of_event = {e.id: aid for aid, evs in self._events.items() for e in evs}
        return self._events

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class EventOrder:
    """The events of ``articles`` (ids, in this order), each article's as ``events`` lists them:
    the order of ``[e for a in articles for e in events[a]]``, for any part of it."""

    def __init__(self, events: EventsByArticle, articles: Iterable[str]) -> None:
        self.events = events
        self._at = {aid: i for i, aid in enumerate(articles)}
        self._pos: dict[str, int] | None = None  # for a list: each event's place in it

    @classmethod
    def of_list(cls, events: list[Event]) -> EventOrder:
        """The order of a list of events (articles in the order they first appear)."""
        by_article: dict[str, list[Event]] = {}
        for e in events:
            by_article.setdefault(e.doc_id, []).append(e)
        out = cls(EventsByArticle.given(by_article), list(by_article))
        out._pos = {e.id: i for i, e in enumerate(events)}
        return out

    def of_articles(self, article_ids: Iterable[str]) -> list[Event]:
        """The events of these articles (those of the order), in order."""
        ids = sorted({a for a in article_ids if a in self._at}, key=self._at.__getitem__)
        self.events.load(ids)
        found = [e for aid in ids for e in self.events.get(aid) or ()]
        if self._pos is not None:
            found.sort(key=lambda e: self._pos[e.id])  # type: ignore[index]
        return found

    def of_ids(self, event_ids: Iterable[str]) -> list[Event]:
        """These events (those of the order's articles), in order."""
        wanted = set(event_ids)
        docs = set(self.events.articles_of(wanted).values())
        return [e for e in self.of_articles(docs) if e.id in wanted]

    def everything(self) -> list[Event]:
        self.events.load_all()
        return self.of_articles(self._at)
