"""PETRARCH2's people with dated offices in the actor dictionary: the converter's rules on a
small TABARI sample, the merge (curated entries win), the licence notice, and that the shipped
``actors_petrarch.jsonl`` is what the converter makes from ../shared when it is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.extract.actors import ActorDictionary
from detente.knowledge import build_actors, build_petrarch

SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "third_party" / "petrarch2"
KNOWLEDGE = Path(build_petrarch.__file__).parent

SAMPLE = """\
# a comment line
OMAN_  [OMN]
+OMANI_
+MUSCAT_
ALI_BIN_HAMAD_AL_BUSAIDI_  # CountryInfo.txt
\t[OMNGOV >090701]
BADR_BIN_SAUD_BIN_HARIB_AL_BUSAIDI_  # CountryInfo.txt
+BADR_BUSAIDI_
\t[OMNGOVMIL 030101-040930]
\t[OMNGOVMIL 20050401-20090131]
\t[OMNELI]
HASHIM_THACI_  # CountryInfo.txt
\t[KSVGOV 080109-140608]
OLD_OFFICIAL_PERSON_  # CountryInfo.txt
\t[OMNGOV 700101-791231]
KURDISTAN_  # a region, not a person
+IRBIL_
\t[IRQ >20060520]
SUHARTO_  # one word
\t[IDNGOV 670312-980521]
FOREIGN_MINISTER_  # English words, a title
\t[OMNGOV 030101-040101]
MOHAMMED_HASSAN_SAID_  # CountryInfo.txt
\t[EGYGOV 030101-040101]
MOHAMMED_HASSAN_SAID_  # CountryInfo.txt
\t[SDNGOV 050101-060101]
JOHN_UNDATED_  # no dated office
\t[OMNOPP]
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("petrarch")
    (folder / build_petrarch.COUNTRIES_FILE).write_text(SAMPLE, encoding="utf-8")
    names = build_petrarch.NameFilter(words={"foreign", "minister", "of", "the"}, places={"muscat"})
    return {e["name"]: e for e in build_petrarch.convert(folder, names)}


def test_people_with_dated_offices_are_converted(sample: dict[str, dict]) -> None:
    badr = sample["Badr bin Saud bin Harib al Busaidi"]
    assert badr["id"] == "person/petrarch/badr-bin-saud-bin-harib-al-busaidi"
    assert badr["aliases"] == ["Badr bin Saud bin Harib al Busaidi", "Badr Busaidi"]
    assert (badr["country"], badr["sector"]) == ("OMN", "ELI")  # the undated default code
    # TABARI's end dates are included, the project's are not: the next day
    assert [(r["country"], r["sector"], r["start"], r["end"]) for r in badr["roles"]] == [
        ("OMN", "GOV", "2003-01-01", "2004-10-01"), ("OMN", "GOV", "2005-04-01", "2009-02-01")]
    ali = sample["Ali bin Hamad al Busaidi"]
    assert [(r["start"], r["end"]) for r in ali["roles"]] == [("2009-07-01", None)]
    assert sample["Hashim Thaci"]["roles"][0]["country"] == "XKX"  # CAMEO's KSV


@pytest.mark.parametrize("left_out", [
    "Oman", "Muscat", "Kurdistan", "Irbil",  # states and places (no sector in their codes)
    "Old Official Person",  # every office ended before 1990
    "Suharto",  # one word
    "Foreign Minister",  # only English words
    "Mohammed Hassan Said",  # two people of two countries
    "John Undated",  # no dated office
])
def test_ambiguous_or_undated_records_are_left_out(sample: dict[str, dict], left_out: str) -> None:
    assert left_out not in sample
    assert all(left_out not in e["aliases"] for e in sample.values())


def test_dates_and_codes() -> None:
    assert build_petrarch._interval("<991231") == (None, "2000-01-01")
    assert build_petrarch._interval("> 140608") == ("2014-06-08", None)
    assert build_petrarch._interval("18970101-450703") == ("1897-01-01", "1945-07-04")
    assert build_petrarch._interval("20121207-20120802") is None  # reversed: a typo
    assert build_petrarch._interval("") is None
    assert build_petrarch._code("EGYGOVJUD") == ("EGY", "GOV")
    assert build_petrarch._code("TMPELI") == ("TLS", "ELI")
    assert build_petrarch._code("IGOUNO") is None
    assert build_petrarch._name("BADR_BIN_SAUD_AL_BUSAIDI_") == "Badr bin Saud al Busaidi"


def test_shipped_people_follow_their_dates() -> None:
    actors = ActorDictionary.load()
    ref = actors.resolve("Ali bin Hamad al Busaidi", on_date="2010-03-01")
    assert ref is not None and (ref.country, ref.sector) == ("OMN", "GOV")
    mikati = actors.lookup("Najib Mikati")
    assert mikati is not None and mikati.id.startswith("person/petrarch/")
    assert mikati.coding("2005-05-01") == ("LBN", "GOV", None)
    assert mikati.coding("2025-06-01")[:2] == ("LBN", "ELI")  # the source ends in 2014


def test_curated_entries_win() -> None:
    """A name an earlier entry uses (curated, leaders.tsv, a country or a capital) is not
    added again from PETRARCH2."""
    lines = build_actors.build_lines()
    entries = [json.loads(line) for line in lines[1:]]
    petrarch = [e for e in entries if e["id"].startswith("person/petrarch/")]
    assert len(petrarch) > 10_000
    earlier = build_actors._alias_keys([e for e in entries if not e["id"].startswith("person/petrarch/")])
    from detente.extract.actors import tokenize

    assert not [a for e in petrarch for a in e["aliases"] if tuple(tokenize(a).keys) in earlier]
    karzai = [e for e in entries if "Hamid Karzai" in e["aliases"]]
    assert [e["id"] for e in karzai] == ["person/hamid-karzai"]


def test_licence_notice_is_shipped_with_the_data() -> None:
    licence = (KNOWLEDGE / "PETRARCH2-LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "Open Event Data" in licence
    header = json.loads((KNOWLEDGE / "actors_petrarch.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert "MIT" in header["licence"] and build_petrarch.SOURCE_COMMIT in header["source"]
    actors_header = json.loads((KNOWLEDGE / "actors.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert "PETRARCH2-LICENSE" in actors_header["sources"]


@pytest.mark.slow
@pytest.mark.shared
def test_shipped_petrarch_file_is_what_the_converter_makes() -> None:
    if not (SOURCE / build_petrarch.COUNTRIES_FILE).is_file():
        pytest.skip("../shared/third_party/petrarch2 not present")
    shipped = (KNOWLEDGE / "actors_petrarch.jsonl").read_text(encoding="utf-8").splitlines()
    assert shipped == build_petrarch.build_lines(SOURCE), "run python -m detente.knowledge.build_petrarch"
