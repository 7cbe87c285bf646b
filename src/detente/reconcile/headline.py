"""A story's headline, from its best report.

The best report is the story's earliest report (copies left out) from a news piece, else from
any genre; among reports of the same day one from an outlet that is not state-affiliated, then
one that is *about* the story: the article's first event (in reading order) belongs to the
story.  Its title is the headline when the report is about the story; otherwise — the story is
a detail or background of a report about something else ("since Russia's 2022 invasion"), or
the report has no title — the headline is the sentence that states the story's event in that
report (its lead sentence for this story).  ``headline_article_id`` says which report.
"""

from __future__ import annotations

from detente.model import Article, Event
from detente.reconcile.outlets import state_affiliation
from detente.reconcile.records import Story

__all__ = ["set_headlines", "story_headline"]

_NEWS = frozenset({"news", None})
_WIDTH = 160


def _reading_order(e: Event) -> tuple[int, int]:
    return e.span[0], max(e.sentence.find(e.trigger), 0) if e.trigger else 0


def _genre_at(article: Article, at: int) -> str | None:
    for seg in article.segments:
        if seg.start <= at < seg.end:
            return seg.genre
    return article.genre


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1].rsplit(" ", 1)[0] + "…"


def story_headline(story: Story, articles: dict[str, Article], events: dict[str, Event],
                   first_event: dict[str, str]) -> tuple[str | None, str | None]:
    """(headline, article id it comes from) for ``story``; (None, None) without a report.
    ``first_event``: each article's first event id in reading order."""
    own = [events[e] for e in story.event_ids if e in events]
    by_doc: dict[str, list[Event]] = {}
    for e in own:
        by_doc.setdefault(e.doc_id, []).append(e)
    copies = set(story.copies)
    candidates = [a for a in story.article_ids if a in articles and a in by_doc and a not in copies] or [
        a for a in story.article_ids if a in articles and a in by_doc]
    if not candidates:
        return None, None

    members = set(story.event_ids)

    def about(aid: str) -> bool:
        return first_event.get(aid) in members

    def rank(aid: str) -> tuple[bool, str, bool, bool, int, str]:
        art = articles[aid]
        first = min(by_doc[aid], key=_reading_order)
        return (_genre_at(art, first.span[0]) not in _NEWS, art.published or "9999",
                state_affiliation(art.outlet, art.url) is not None, not about(aid), -len(by_doc[aid]), aid)

    best = min(candidates, key=rank)
    art = articles[best]
    if art.title and art.title.strip() and about(best):
        return _short(art.title), best
    first = min(by_doc[best], key=_reading_order)
    return (_short(first.sentence) if first.sentence else None), best


def set_headlines(stories: list[Story], articles: dict[str, Article], events: list[Event]) -> None:
    """Give every story its headline (in place), once its reports are final."""
    by_id = {e.id: e for e in events}
    first_event: dict[str, Event] = {}
    for e in events:
        if e.doc_id not in first_event or _reading_order(e) < _reading_order(first_event[e.doc_id]):
            first_event[e.doc_id] = e
    firsts = {doc: e.id for doc, e in first_event.items()}
    for story in stories:
        story.headline, story.headline_article_id = story_headline(story, articles, by_id, firsts)
