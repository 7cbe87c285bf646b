"""Exports (JSON Lines, CSV, Parquet, GDELT 2.0 TSV, PLOVER JSON) and imports, on a fixture store
built from code: JSON Lines and Parquet round-trip to the same events; GDELT and PLOVER keep
type, actors, date and place; imported events sit beside our own, marked with their source."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from detente.model import ActorRef, Article, Event, Location, content_id
from detente.outputs.exports import (
    CSV_COLUMNS,
    GDELT_COLUMNS,
    export_events,
    import_file,
    read_events,
)
from detente.store import EventQuery, Store, open_store

RIYADH = Location("Riyadh", "Riyadh", "SAU", "10", 24.69, 46.72)


def make_store(path: Path) -> Store:
    store = open_store(f"sqlite:///{path}")
    t1 = "Rubio met Lavrov in Riyadh on Tuesday.\n\nKyiv was not invited."
    t2 = "The UN and Ukraine asked Russia to free prisoners in March. Kyiv accused Moscow of strikes."
    a1 = Article(content_id(t1), t1, url="https://harbor.test/riyadh", outlet="Harbor Ledger",
                 title="Riyadh talks <b>", published="2025-02-19", language="en")
    a2 = Article(content_id(t2), t2, url="https://baltic.test/ask", outlet="Baltic Wire", title="An appeal",
                 published="2025-03-02", language="en")
    e1 = Event("e1", a1.id, "Rubio met Lavrov in Riyadh on Tuesday.", (0, 38), "met", "CONSULT",
               mode="third-party", context=["diplomatic"], cameo="043", intensity=2.5, goldstein=2.8,
               actors=[ActorRef("Rubio", "Marco Rubio", "USA", "GOV")],
               recipients=[ActorRef("Lavrov", "Sergey Lavrov", "RUS", "GOV")], reciprocal=True,
               date="2025-02-18", date_precision="day", location=RIYADH, confidence=0.9)
    e2 = Event("e2", a2.id, "The UN and Ukraine asked Russia to free prisoners in March.", (0, 59), "asked",
               "REQUEST", cameo="020", intensity=-1.0, goldstein=3.0,
               actors=[ActorRef("The UN", "United Nations", None, None, "UN"), ActorRef("Ukraine", "Ukraine", "UKR", "GOV")],
               recipients=[ActorRef("Russia", "Russia", "RUS", "GOV")], date="2025-03", date_precision="month",
               confidence=0.7)
    e3 = Event("e3", a2.id, "Kyiv accused Moscow of strikes.", (60, 91), "accused", "ACCUSE", cameo=None,
               intensity=-3.0, actors=[ActorRef("Kyiv", "Kyiv", "UKR", "GOV")],
               recipients=[ActorRef("Moscow", "Moscow", "RUS", "GOV")], date=None, modality="reported_claim")
    store.add_article(a1, [e1])
    store.add_article(a2, [e2, e3])
    store.replace_derived("stories", [("s1", {"id": "s1", "event_ids": ["e1", "e9"], "article_ids": [a1.id, "x"],
                                              "independent_sources": 2})])
    return store


@pytest.fixture
def filled(tmp_path: Path) -> Store:
    store = make_store(tmp_path / "src.db")
    yield store
    store.close()


def _all(store: Store) -> list[dict]:
    return sorted((e.to_dict() for e in store.list_events(EventQuery(limit=1000))), key=lambda d: d["id"])


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_then_import_gives_the_same_events(filled: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"events.{fmt}"
    assert export_events(filled, out, fmt) == 3
    with open_store(f"sqlite:///{tmp_path / 'dst.db'}") as dst:
        report = import_file(dst, out, fmt)
        assert (report.added, report.rejected) == (3, [])
        assert _all(dst) == _all(filled)
        stub = dst.get_article(_all(filled)[0]["doc_id"])
        assert stub is not None and "imported" in stub.categories and stub.origin == f"import:{fmt}:{out.name}"
        again = import_file(dst, out, fmt)  # importing twice stores nothing new
        assert (again.added, again.present) == (0, 3)


def test_parquet_keeps_actors_as_a_list_of_structs(filled: Store, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    export_events(filled, tmp_path / "e.parquet", "parquet")
    table = pq.read_table(tmp_path / "e.parquet")
    assert pa.types.is_list(table.schema.field("actors").type)
    assert pa.types.is_struct(table.schema.field("actors").type.value_type)
    assert table.column("actors").to_pylist()[1][0]["org"] == "UN"


def test_csv_has_stable_flat_columns(filled: Store, tmp_path: Path) -> None:
    export_events(filled, tmp_path / "e.csv", "csv", EventQuery(country="UN"))
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 1
    assert rows[0]["actor_names"] == "United Nations; Ukraine" and rows[0]["actor_orgs"] == "UN; "
    assert rows[0]["outlet"] == "Baltic Wire" and rows[0]["date_precision"] == "month"


def test_gdelt_rows_have_the_61_columns_and_the_codes(filled: Store, tmp_path: Path) -> None:
    export_events(filled, tmp_path / "e.tsv", "gdelt")
    rows = [dict(zip(GDELT_COLUMNS, ln.split("\t"), strict=True))
            for ln in (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()]
    assert len(GDELT_COLUMNS) == 61
    assert len(rows) == 4  # e2 has two actors: one row per dyad
    meet = rows[0]
    assert (meet["SQLDATE"], meet["Actor1Code"], meet["Actor2CountryCode"]) == ("20250218", "USAGOV", "RUS")
    assert (meet["EventCode"], meet["EventBaseCode"], meet["EventRootCode"], meet["QuadClass"]) == ("043", "043", "04", "1")
    assert (meet["NumMentions"], meet["NumSources"], meet["NumArticles"]) == ("2", "2", "2")  # from the story
    assert meet["ActionGeo_CountryCode"] == "SA" and meet["ActionGeo_FullName"] == "Riyadh, Saudi Arabia"
    assert meet["ActionGeo_ADM1Code"] == "SA10" and meet["IsRootEvent"] == "1"
    assert meet["DATEADDED"] == "20250219000000" and meet["SOURCEURL"] == "https://harbor.test/riyadh"
    un = rows[1]
    assert (un["Actor1Code"], un["Actor1KnownGroupCode"], un["SQLDATE"], un["MonthYear"]) == ("IGOUNO", "UNO", "", "202503")
    assert un["EventCode"] == "020" and un["AvgTone"] == ""
    accuse = rows[3]
    assert accuse["EventRootCode"] and accuse["QuadClass"] in {"3", "2"}  # CAMEO chosen from the PLOVER type


def _dyads(events: list[Event]) -> set[tuple]:
    def who(r: ActorRef) -> tuple:
        return (r.country, r.org, r.name)

    return {(e.event_type, who(a), who(r), e.date, e.location.country if e.location else None,
             e.location.name if e.location else None)
            for e in events for a in e.actors for r in e.recipients}


@pytest.mark.parametrize("fmt", ["gdelt", "plover"])
def test_gdelt_and_plover_round_trip_type_actors_date_place(filled: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"e.{fmt}"
    export_events(filled, out, fmt)
    original = filled.list_events(EventQuery(limit=100))
    back, rejected = read_events(out, fmt)
    assert rejected == []
    assert _dyads(back) == _dyads(original)
    if fmt == "plover":
        assert [(e.actors, e.recipients, e.location) for e in back] == [(e.actors, e.recipients, e.location)
                                                                        for e in original]
        assert all(e.id.startswith("plover:") for e in back)


def test_imported_events_are_viewable_beside_our_own(filled: Store, tmp_path: Path) -> None:
    line = ["123456789", "20250311", "202503", "2025", "2025.1890", "USAGOV", "UNITED STATES", "USA", "", "", "",
            "", "GOV", "", "", "UKRGOV", "UKRAINE", "UKR", "", "", "", "", "GOV", "", "", "1", "0311", "031",
            "03", "1", "5.2", "10", "3", "9", "", *[""] * 16, "4", "Jeddah, Makkah, Saudi Arabia", "SA", "SA14", "",
            "21.5", "39.2", "", "20250311120000", "https://wire.test/jeddah"]
    bad = "not\ta\tgdelt\trow"
    (tmp_path / "g.tsv").write_text("\t".join(line) + "\n" + bad + "\n", encoding="utf-8")
    report = import_file(filled, tmp_path / "g.tsv", "gdelt")
    assert report.added == 1 and len(report.rejected) == 1 and "61" in report.rejected[0]
    assert report.exit_code == 1
    ev = filled.get_event("gdelt:123456789")
    assert ev is not None and ev.event_type == "AGREE" and ev.date == "2025-03-11"
    assert ev.location is not None and (ev.location.name, ev.location.country) == ("Jeddah", "SAU")
    ukr = {e.id for e in filled.list_events(EventQuery(country="UKR"))}
    assert {"e2", "e3", "gdelt:123456789"} <= ukr
    art = filled.get_article(ev.doc_id)
    assert art is not None and art.url == "https://wire.test/jeddah" and art.outlet == "wire.test"
    assert art.categories == ["imported", "imported:gdelt"]


def test_plover_import_accepts_a_json_array_and_rejects_unknown_types(tmp_path: Path) -> None:
    rows = [{"id": "p1", "event_type": "consult", "date": "2025-05-16",
             "actor": {"name": "Ukraine", "country": "UKR", "sector": "GOV"},
             "recipient": {"name": "Russia", "country": "RUS"},
             "location": {"text": "Istanbul", "name": "Istanbul", "country": "TUR"}, "text": "Talks were held."},
            {"id": "p2", "event_type": "CHAT"}]
    (tmp_path / "p.json").write_text(json.dumps(rows), encoding="utf-8")
    events, rejected = read_events(tmp_path / "p.json", "plover")
    assert [e.event_type for e in events] == ["CONSULT"] and events[0].date_precision == "day"
    assert len(rejected) == 1 and "PLOVER" in rejected[0]
