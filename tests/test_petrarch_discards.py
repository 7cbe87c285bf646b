"""PETRARCH2's discard list, converted (detente.knowledge.build_petrarch) and read as a mark
(detente.extract.discards): the conversion on a small sample of the list's own format, and the
shipped ``discards_petrarch.json`` is what the converter makes from ../shared when it is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.extract.discards import DiscardList, load_discards
from detente.knowledge import build_petrarch

SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "third_party" / "petrarch2"
KNOWLEDGE = Path(build_petrarch.__file__).parent

SAMPLE = """\
# Story-level discards are indicated with a '+'. Sentence level discards are
# without a '+'.
1914
1999
#2000
MONTHS AGO
FIFTY YEARS AGO
MARATHON   # MleH 11 Aug 2009
+Manchester United   # pas 26-Feb-2014
MANCHESTER UNITED
+ World Golf Championships   # pas 26-Feb-2014
+EURO  QUALIFIER   # SLS 19 Mar 2008
GROUP A_
QUEEN\u2019S ICONIC ANTHEM   # mdc 28 Nov 2006
CRICKET   # SLS 26 Mar 2008
WORLD WAR II
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("petrarch")
    (folder / build_petrarch.DISCARDS_FILE).write_text(SAMPLE, encoding="utf-8")
    return build_petrarch.convert_discards(folder)


def test_story_and_sentence_levels_are_normalised(sample: dict) -> None:
    assert sample["story"] == ["manchester united", "world golf championships", "euro qualifier"]
    # given at both levels: kept at the story level only
    assert sample["sentence"] == ["queen's iconic anthem", "cricket"]


def test_years_chronology_and_political_words_are_dropped_with_the_reason(sample: dict) -> None:
    dropped = {d["phrase"]: d["why"] for d in sample["dropped"]}
    assert set(dropped) == {"1914", "1999", "months ago", "fifty years ago", "marathon", "group a", "world war ii"}
    assert "year" in dropped["1914"] and "chronology" in dropped["months ago"]
    assert "figuratively" in dropped["marathon"]


def test_every_named_drop_is_in_the_source() -> None:
    """The hand-named drops are entries of the list (a typo would drop nothing)."""
    if not (SOURCE / build_petrarch.DISCARDS_FILE).is_file():
        pytest.skip("../shared/third_party/petrarch2 not present")
    data = build_petrarch.convert_discards(SOURCE)
    assert set(build_petrarch.DISCARDS_DROPPED) <= {d["phrase"] for d in data["dropped"]}


def test_the_mark_matches_whole_words_case_ignored() -> None:
    discards = DiscardList(["manchester united", "world cup"], ["cricket", "semi-final", "queen's iconic anthem"])
    assert discards.story_mark("Fans of MANCHESTER  United celebrated.") == "story: MANCHESTER UNITED"
    assert discards.story_mark("The World Cupboard company said.") is None
    assert discards.sentence_mark("He played cricket.") == "sentence: CRICKET"
    assert discards.sentence_mark("Cricketers met the minister.") is None  # whole words: no stems
    assert discards.sentence_mark("after the semi-final") == "sentence: SEMI-FINAL"
    assert discards.sentence_mark("They sang the Queen\u2019s iconic anthem.") == "sentence: QUEEN'S ICONIC ANTHEM"
    assert discards.mark("He played cricket.", "story: WORLD CUP") == "story: WORLD CUP"
    assert discards.mark("The ministers met.", None) is None


def test_the_shipped_list_keeps_the_sports_and_leaves_out_political_words() -> None:
    discards = load_discards()
    assert {"manchester united", "world cup", "champions league"} <= set(discards.story)
    assert {"football", "tennis", "cricket"} <= set(discards.sentence)
    for political in ("The marathon talks ended 20 years ago, weeks ago and in 1914.",
                      "Leaders marked the end of World War Two.", "He is a champion of peace."):
        assert discards.mark(political, discards.story_mark(political)) is None, political


def test_licence_notice_and_source_are_shipped_with_the_data() -> None:
    about = json.loads((KNOWLEDGE / "discards_petrarch.json").read_text(encoding="utf-8"))["about"]
    assert "MIT" in about["licence"] and "PETRARCH2-LICENSE" in about["licence"]
    assert build_petrarch.SOURCE_COMMIT in about["source"] and about["version"] == build_petrarch.DISCARDS_VERSION
    assert about["dropped"]


@pytest.mark.shared
def test_shipped_discards_file_is_what_the_converter_makes() -> None:
    if not (SOURCE / build_petrarch.DISCARDS_FILE).is_file():
        pytest.skip("../shared/third_party/petrarch2 not present")
    shipped = (KNOWLEDGE / "discards_petrarch.json").read_text(encoding="utf-8")
    assert shipped == build_petrarch.build_discards_text(SOURCE), "run python -m detente.knowledge.build_petrarch"
