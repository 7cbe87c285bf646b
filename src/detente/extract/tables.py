"""Tables inside article text: pipe-delimited and Markdown tables → structured rows.

Articles converted from HTML often carry their tables as pipe-delimited lines::

    Milestone | Proposed Timeline | Responsible parties |
    ---|---|---|
    Initial Ceasefire Agreement | Next 2 Months | US, Russia, Ukraine |

Markdown tables (``| a | b |`` with a ``|---|:---:|`` rule) are read the same way.  Every
table is kept, not only the ones a later step cares about: each becomes a :class:`Table` with
its header and its rows, and every row keeps its character span in the text so that anything
derived from it can point back at the evidence.

A block of pipe lines counts as a table when it has a separator rule under its first line, or,
without a rule, when it has at least three lines that split into the same number of cells
(a stray ``Title | Site`` line in prose is not a table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from detente.model import _Record

__all__ = ["Table", "TableRow", "lines_with_offsets", "parse_tables"]

_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_SPLIT = re.compile(r"(?<!\\)\|")
_MIN_ROWS_WITHOUT_RULE = 3


@dataclass
class TableRow(_Record):
    """One body row: its cells (padded to the header's width) and its span in the text."""

    cells: list[str]
    span: tuple[int, int]
    index: int = 0  # position among the table's body rows

    def to_dict(self) -> dict[str, object]:
        return {"cells": list(self.cells), "span": list(self.span), "index": self.index}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TableRow:
        span = data.get("span") or (0, 0)
        cells = data.get("cells") or []
        return cls(
            cells=[str(c) for c in cells] if isinstance(cells, list) else [],
            span=(int(span[0]), int(span[1])) if isinstance(span, list | tuple) else (0, 0),
            index=int(str(data.get("index") or 0)),
        )


@dataclass
class Table(_Record):
    """A table found in a text: header cells, body rows, span of the whole block."""

    header: list[str]
    rows: list[TableRow] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)
    index: int = 0  # position among the tables of the text
    article_id: str | None = None
    has_rule: bool = True  # False when the header was taken from a block without a --- rule

    def column(self, *names: str) -> int | None:
        """Index of the first column whose header contains one of ``names`` (case-insensitive)."""
        lowered = [h.lower() for h in self.header]
        for name in names:
            for i, h in enumerate(lowered):
                if name.lower() in h:
                    return i
        return None

    def records(self) -> list[dict[str, str]]:
        """The rows as ``{header: cell}`` mappings (for display and export)."""
        keys = [h or f"column_{i + 1}" for i, h in enumerate(self.header)]
        return [dict(zip(keys, row.cells, strict=False)) for row in self.rows]

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "index": self.index,
            "header": list(self.header),
            "rows": [r.to_dict() for r in self.rows],
            "span": list(self.span),
            "has_rule": self.has_rule,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Table:
        span = data.get("span") or (0, 0)
        header = data.get("header") or []
        rows = data.get("rows") or []
        return cls(
            header=[str(h) for h in header] if isinstance(header, list) else [],
            rows=[TableRow.from_dict(r) for r in rows] if isinstance(rows, list) else [],
            span=(int(span[0]), int(span[1])) if isinstance(span, list | tuple) else (0, 0),
            index=int(str(data.get("index") or 0)),
            article_id=str(data["article_id"]) if data.get("article_id") else None,
            has_rule=bool(data.get("has_rule", True)),
        )


@dataclass
class _Line:
    start: int
    end: int
    cells: list[str]
    framed: tuple[bool, bool] = (False, False)  # starts / ends with a pipe


def _split_cells(line: str) -> list[str] | None:
    """Cells of one pipe line, or None when the line has no unescaped pipe."""
    stripped = line.strip()
    if "|" not in stripped:
        return None
    parts = _SPLIT.split(stripped)
    if len(parts) < 2:
        return None
    # a leading/trailing pipe frames the row; it does not open an empty cell
    if parts[0].strip() == "":
        parts = parts[1:]
    if parts and parts[-1].strip() == "":
        parts = parts[:-1]
    if not parts:
        return None
    cells = [p.strip().replace("\\|", "|") for p in parts]
    if len(cells) == 1 and not stripped.startswith("|"):
        # "text |" alone: a one-column table only if framed by pipes on both sides
        return None
    return cells


def _is_rule(cells: list[str]) -> bool:
    return bool(cells) and all(_RULE_CELL.match(c) for c in cells)


def lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line without its line break) for each line of ``text``."""
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append((pos, pos + len(body), body))
        pos += len(raw)
    return out


def _blocks(text: str) -> list[list[_Line]]:
    """Runs of consecutive lines that split into cells."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for start, end, body in lines_with_offsets(text):
        cells = _split_cells(body)
        if cells is None:
            if current:
                blocks.append(current)
            current = []
            continue
        # span without the line's leading/trailing blanks
        lead = len(body) - len(body.lstrip())
        trail = len(body) - len(body.rstrip())
        stripped = body.strip()
        current.append(_Line(start + lead, end - trail, cells, (stripped.startswith("|"), stripped.endswith("|"))))
    if current:
        blocks.append(current)
    return blocks


def _fit(cells: list[str], width: int) -> list[str]:
    if len(cells) < width:
        return cells + [""] * (width - len(cells))
    if len(cells) > width:
        # extra cells are text that contained a pipe: keep it in the last column
        return [*cells[: width - 1], " | ".join(c for c in cells[width - 1 :] if c)]
    return cells


def _tables_in_block(block: list[_Line]) -> list[tuple[_Line, list[_Line], bool, int]]:
    """(header line, body lines, has_rule, end) for each table inside one block of pipe lines.

    A block can hold several tables when a heading line with pipes sits right above a new rule.
    """
    rule_at = [i for i, line in enumerate(block) if _is_rule(line.cells)]
    found: list[tuple[_Line, list[_Line], bool, int]] = []
    if rule_at:
        heads = [i - 1 for i in rule_at if i >= 1]
        for n, head in enumerate(heads):
            stop = heads[n + 1] if n + 1 < len(heads) else len(block)
            body = []
            for ln in block[head + 2 : stop]:
                if _is_rule(ln.cells):
                    continue
                if ln.framed != block[head].framed and len(ln.cells) != len(block[head].cells):
                    break  # prose with a stray pipe right under the table
                body.append(ln)
            end = body[-1].end if body else block[head + 1].end
            found.append((block[head], body, True, end))
        return found
    widths = {len(line.cells) for line in block}
    if len(block) >= _MIN_ROWS_WITHOUT_RULE and len(widths) == 1 and widths != {1}:
        found.append((block[0], block[1:], False, block[-1].end))
    return found


def parse_tables(text: str, *, article_id: str | None = None) -> list[Table]:
    """Every pipe-delimited or Markdown table in ``text``, in order of appearance.

    Rows are padded (or their overflow merged into the last cell) to the header's width; rows
    whose cells are all empty are dropped.  Spans are character offsets into ``text``.
    """
    tables: list[Table] = []
    for block in _blocks(text):
        for head, body, has_rule, end in _tables_in_block(block):
            header = head.cells
            width = len(header)
            rows: list[TableRow] = []
            for line in body:
                cells = _fit(line.cells, width)
                if not any(cells):
                    continue
                rows.append(TableRow(cells=cells, span=(line.start, line.end), index=len(rows)))
            tables.append(
                Table(
                    header=header,
                    rows=rows,
                    span=(head.start, end),
                    index=len(tables),
                    article_id=article_id,
                    has_rule=has_rule,
                )
            )
    return tables
