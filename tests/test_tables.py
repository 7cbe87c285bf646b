"""Pipe-delimited and Markdown tables → header + rows with spans."""

from __future__ import annotations

from detente.extract.tables import Table, parse_tables

TEXT = """Some prose before the table.
Milestone | Proposed Timeline | Responsible parties |
---|---|---|
First Step | Next 2 Months | US, Russia |
Second Step | 3 Months | UN Agencies |
Prose between tables, with a | pipe in it.

| Name | Year |
|:-----|-----:|
| Alpha \\| Beta | 2014 |
| Gamma | 2015 | extra |
"""


def test_pipe_table_with_trailing_pipes_and_rule() -> None:
    tables = parse_tables(TEXT, article_id="a1")
    assert len(tables) == 2
    first = tables[0]
    assert first.header == ["Milestone", "Proposed Timeline", "Responsible parties"]
    assert [r.cells for r in first.rows] == [
        ["First Step", "Next 2 Months", "US, Russia"],
        ["Second Step", "3 Months", "UN Agencies"],
    ]
    assert first.article_id == "a1" and first.index == 0
    row = first.rows[0]
    assert TEXT[row.span[0] : row.span[1]] == "First Step | Next 2 Months | US, Russia |"
    assert TEXT[first.span[0] : first.span[1]].startswith("Milestone |")
    assert TEXT[first.span[0] : first.span[1]].endswith("UN Agencies |")
    assert first.column("timeline") == 1 and first.column("responsible") == 2
    assert first.records()[1] == {"Milestone": "Second Step", "Proposed Timeline": "3 Months", "Responsible parties": "UN Agencies"}


def test_markdown_table_escaped_pipe_and_overflow() -> None:
    second = parse_tables(TEXT)[1]
    assert second.header == ["Name", "Year"]
    assert second.rows[0].cells == ["Alpha | Beta", "2014"]
    # a row wider than the header keeps its overflow in the last column
    assert second.rows[1].cells == ["Gamma", "2015 | extra"]


def test_a_single_pipe_line_is_not_a_table_but_three_aligned_lines_are() -> None:
    assert parse_tables("Title of the piece | Site name\nBody text.") == []
    loose = "a | b\nc | d\ne | f\n"
    (table,) = parse_tables(loose)
    assert table.header == ["a", "b"] and not table.has_rule
    assert [r.cells for r in table.rows] == [["c", "d"], ["e", "f"]]


def test_round_trip_through_dict() -> None:
    table = parse_tables(TEXT, article_id="x")[0]
    again = Table.from_dict(table.to_dict())
    assert again == table
