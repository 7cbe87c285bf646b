"""List responses in the format a client asked for: JSON (an array), CSV, JSON Lines or Parquet.
Nested values (actors, locations, claims) become JSON text in the flat formats."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi.responses import JSONResponse, Response

__all__ = ["FORMATS", "list_response"]

FORMATS = ("json", "jsonl", "csv", "parquet")
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
