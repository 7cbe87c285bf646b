"""Stateless coding of a text stream (``detente code``): JSON Lines or plain text in, events out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from detente.model import Event
from detente.settings import Settings

__all__ = ["code_stream"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def code_stream(
    lines: Iterable[str], *, default_date: str | None = None, settings: Settings | None = None,
    extractor: Any = None,
) -> Iterator[tuple[int, list[Event] | str]]:
    """Yield ``(line_number, events)`` per input document, or ``(line_number, reason)`` for a
    line that cannot be used.  Input is JSON Lines ``{"id", "text", "date"?}`` when the first
    non-blank line starts with ``{``; otherwise the whole input is one plain-text document."""
    if extractor is None:
        from detente.extract import Extractor

        extractor = Extractor(settings)
    lines = list(lines)
    first = next((ln for ln in lines if ln.strip()), "")
    if not first.lstrip().startswith("{"):
        text = "".join(lines)
        if not text.strip():
            return
        for _doc_id, events in extractor.extract_many([("stdin", text, default_date)]):
            yield 1, _most_confident_first(events)
        return

    items: list[tuple[str, str, str | None]] = []
    where: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parsed = _parse_line(line, number, default_date)
        if isinstance(parsed, str):
            yield number, parsed
            continue
        doc_id = parsed[0]
        if doc_id in where:
            yield number, f"duplicate id {doc_id!r} (first on line {where[doc_id]}): give each line its own id"
            continue
        where[doc_id] = number
        items.append(parsed)
    from detente.extract.parallel import ExtractionFailure, extract_stream

    settings = settings or Settings.from_env()
    for doc_id, result, _ in extract_stream(extractor, items, processes=settings.worker_processes()):
        if isinstance(result, ExtractionFailure):
            yield where[doc_id], f"{result.reason}; please report this input"
        else:
            yield where[doc_id], _most_confident_first(result)


def _parse_line(line: str, number: int, default_date: str | None) -> tuple[str, str, str | None] | str:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"malformed JSON ({exc.msg} at column {exc.colno}): fix the line or remove it"
    if not isinstance(obj, dict):
        return "expected a JSON object like {\"id\": ..., \"text\": ...}"
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return "no \"text\" field with text in it: add the text to code"
    date = obj.get("date") or default_date
    if date is not None and (not isinstance(date, str) or not _DATE.fullmatch(date)):
        return f"\"date\" {date!r} is not YYYY-MM-DD: fix it or leave it out"
    doc_id = obj.get("id")
    return (str(doc_id) if doc_id is not None else f"line-{number}", text, date)


def _most_confident_first(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: -e.confidence)
