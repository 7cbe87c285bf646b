"""List responses in the format a client asked for: JSON (an array), CSV, JSON Lines or Parquet.
Nested values (actors, locations, claims) become JSON text in the flat formats."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi.responses import JSONResponse, Response

from detente.model import Event
from detente.store import Store

__all__ = ["EVENT_FORMATS", "FORMATS", "events_download", "list_response"]

FORMATS = ("json", "jsonl", "csv", "parquet")
EVENT_FORMATS = (*FORMATS, "gdelt", "plover")  # events also come as GDELT 2.0 rows and PLOVER records
_MEDIA = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def _flat(value: Any) -> Any:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(r))
    return list(cols)


def _body(rows: list[dict[str, Any]], fmt: str) -> bytes:
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    cols = _columns(rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _flat(v) for k, v in r.items()})
        return buf.getvalue().encode("utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({c: pa.array([_as_text(r.get(c)) for r in rows], type=pa.string()) for c in cols})
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    flat = _flat(value)
    return flat if isinstance(flat, str) else json.dumps(flat)


def list_response(rows: list[dict[str, Any]], total: int, fmt: str, name: str) -> Response:
    """A page of records with its total count in ``X-Total-Count``."""
    headers = {"X-Total-Count": str(total)}
    if fmt == "json":
        return JSONResponse(rows, headers=headers)
    ext = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet"}[fmt]
    headers["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return Response(_body(rows, fmt), media_type=_MEDIA[fmt], headers=headers)


def events_download(store: Store, events: list[Event], total: int, fmt: str) -> Response:
    """A page of events as GDELT 2.0 event rows (tab-separated, no header, one row per actor ×
    recipient pair, as ``detente export --format gdelt`` writes them) or PLOVER / POLECAT
    records (JSON Lines), each with its article's source fields; total events in ``X-Total-Count``."""
    from detente.outputs.exports import clean_cell, gdelt_rows, plover_record

    articles = store.get_articles(e.doc_id for e in events)  # one query per download, not one per event
    stories = store.stories_of_events(e.id for e in events) if fmt == "gdelt" else {}
    headers = {"X-Total-Count": str(total)}
    if fmt == "plover":
        body = "".join(json.dumps(plover_record(e, articles.get(e.doc_id)), ensure_ascii=False) + "\n" for e in events)
        headers["Content-Disposition"] = 'attachment; filename="events.plover.jsonl"'
        return Response(body.encode("utf-8"), media_type=_MEDIA["jsonl"], headers=headers)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    for e in events:
        writer.writerows([clean_cell(c) for c in row] for row in gdelt_rows(e, articles.get(e.doc_id), stories.get(e.id)))
    headers["Content-Disposition"] = 'attachment; filename="events.gdelt.tsv"'
    return Response(buf.getvalue().encode("utf-8"), media_type="text/tab-separated-values; charset=utf-8",
                    headers=headers)
