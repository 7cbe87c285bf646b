"""PETRARCH2's CAMEO verb dictionary and Phoenix agents (issue 12): the converter's rules on
small samples in the dictionaries' formats, the CAMEO -> PLOVER mapping, the pattern matcher on
parsed sentences, the rules that keep the curated lexicon and role nouns first, the knowledge
each event records, and that the shipped ``verbs_petrarch.json`` and ``agents_petrarch.json``
are what the converter makes from ../shared when it is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.extract.codebook import load_codebook
from detente.extract.events import find_candidates, load_lexicon
from detente.extract.nlp import load_pipeline
from detente.extract.patterns import PatternDictionary, load_patterns, petrarch_entry
from detente.knowledge import build_petrarch

SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "third_party" / "petrarch2"
KNOWLEDGE = Path(build_petrarch.__file__).parent

SAMPLE = """\
# a comment
####### SYNONYM SETS #######
&BOOZE
+WINE
+RICE_SPIRIT

&NOTHING_
+NIL

####### VERB PATTERNS #######
---  PLEAD   [020]  ---
+CRY_FOR {+CRIED_FOR +CRIES_FOR}
PLEAD
BESEECH [---]
- * (FOR {NAVAL AID})                                [0232]        # PLEAD
- * (FOR &BOOZE)                                     [0233]        # BESEECH
- * (FOR &UNDEFINED)                                 [0233]        # PLEAD
- * COURT                                            [---]         # PLEAD
- * {NOT GUILTY}                                     [016]         # PLEAD
- * MERCY                                            [:173]        # PLEAD

---  WRESTLE   [---]  ---
WRESTLE  # ab 1 Jan 2001
GRAPPLE [190:190]
- ARMY * (WITH REBELS)                               [193:193]     # WRESTLE
- * OUT DEAL                                         [046]         # WRESTLE
~ a (a b WRESTLE) SAY = a b 015
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("petrarch-verbs")
    (folder / build_petrarch.VERBS_FILE).write_text(SAMPLE, encoding="utf-8")
    return build_petrarch.convert_verbs(folder, load_codebook())


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


def test_synonym_sets_and_verb_forms(sample: dict) -> None:
    assert sample["synsets"] == {"BOOZE": [["wine"], ["rice", "spirit"]], "NOTHING": [["nil"]]}
    forms = {(v["lemma"], tuple(v.get("after", ()))): v for v in sample["verbs"]}
    # a phrasal verb: the word marked '+' is the verb, the rest must follow it
    assert forms[("cry", ("for",))]["family"] == "PLEAD"
    # the block's code for a verb with none, the verb's own code otherwise ([---]: no event)
    assert (forms[("plead", ())]["type"], forms[("plead", ())]["cameo"]) == ("REQUEST", "020")
    assert forms[("beseech", ())]["type"] is None
    assert forms[("wrestle", ())]["type"] is None
    grapple = forms[("grapple", ())]
    assert (grapple["type"], grapple["cameo"], grapple.get("reciprocal")) == ("ASSAULT", "190", True)


def test_patterns_are_parsed_and_coded(sample: dict) -> None:
    plead = sample["patterns"]["PLEAD"]
    naval = plead[0]
    assert naval["preps"] == [{"prep": ["for"], "object": {"head": "aid", "mods": ["naval"]}}]
    # an appeal for military aid is PLOVER's REQUEST with the mode of the parallel demand (103)
    assert (naval["type"], naval["mode"], naval["cameo"]) == ("REQUEST", "assist", "0232")
    assert plead[1]["preps"][0]["object"] == {"head": "&BOOZE"} and plead[1]["verb"] == "beseech"
    # the pattern naming an undefined synonym set is dropped; the rest keep their order
    assert len(plead) == 5
    court, guilty, mercy = plead[2], plead[3], plead[4]
    assert court["object"] == [{"head": "court"}] and court["type"] is None
    assert guilty["type"] is None  # CAMEO 016 (deny responsibility) is a statement: no PLOVER event
    assert mercy["type"] is None  # a code for the reverse direction only
    army, deal = sample["patterns"]["WRESTLE"]
    assert army["subject"] == [{"head": "army"}] and army["preps"][0]["object"] == {"head": "rebels"}
    assert army["reciprocal"] is True and army["mode"] == "firearms"
    assert deal["particles"] == ["out"] and deal["object"] == [{"head": "deal"}]


def test_cameo_to_plover() -> None:
    codebook = load_codebook()
    assert build_petrarch.plover_of("0874", codebook) == ("RETREAT", "disarm")
    assert build_petrarch.plover_of("1952", codebook) == ("ASSAULT", "heavy-weapons")  # its parent's (195)
    assert build_petrarch.plover_of("026", codebook) == ("REQUEST", "meet")  # as 106
    assert build_petrarch.plover_of("013", codebook) is None
    assert build_petrarch.plover_of(None, codebook) is None
    assert build_petrarch._cameo("042:043") == ("042", False)
    assert build_petrarch._cameo(":173") == (None, True)
    assert build_petrarch._cameo("---") == (None, False)


def _verb(nlp, text: str, word: str):  # type: ignore[no-untyped-def]
    return next(t for t in nlp(text) if t.text == word)


def test_matcher_on_the_parse(sample: dict, nlp) -> None:  # type: ignore[no-untyped-def]
    data = {"header": {"version": "test"}, **sample}
    patterns = PatternDictionary(data)
    tok = _verb(nlp, "The rebels pleaded for naval aid.", "pleaded")
    entry = patterns.match(tok, "plead")
    assert entry is not None and (entry.event_type, entry.cameo) == ("REQUEST", "0232")
    # the modifier the pattern names is required: plain aid falls back to the verb's own code
    entry = patterns.match(_verb(nlp, "The rebels pleaded for aid.", "pleaded"), "plead")
    assert entry is not None and entry.cameo == "020"
    # a synonym set member, in a pattern written for this verb
    entry = patterns.match(_verb(nlp, "The sailors beseeched the captain for wine.", "beseeched"), "beseech")
    assert entry is not None and entry.cameo == "0233"
    # a null pattern stops the verb's own code
    assert patterns.match(_verb(nlp, "The lawyers pleaded court.", "pleaded"), "plead") is None
    # a phrasal form needs its particle
    entry = patterns.match(_verb(nlp, "The villagers cried for help.", "cried"), "cry")
    assert entry is not None and entry.event_type == "REQUEST"
    assert patterns.match(_verb(nlp, "The villagers cried all night.", "cried"), "cry") is None
    # a subject noun and a preposition phrase
    entry = patterns.match(_verb(nlp, "The army wrestled with rebels.", "wrestled"), "wrestle")
    assert entry is not None and entry.cameo == "193" and entry.reciprocal
    assert patterns.match(_verb(nlp, "The children wrestled with rebels.", "wrestled"), "wrestle") is None


def _top(nlp, text: str):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    cands = find_candidates(next(iter(doc.sents)))
    return doc, cands


def test_the_engine_codes_verbs_the_lexicon_lacks(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "target" not in load_lexicon().verbs
    doc, cands = _top(nlp, "Hezbollah targeted Israeli settlements near Haifa.")
    assert cands and cands[0].event_type == "ASSAULT"
    assert doc[cands[0].trigger[0]].text == "targeted"
    # a lexicon verb with an object the lexicon does not list: PETRARCH2's pattern codes it
    doc, cands = _top(nlp, "Trump expressed frustration with Putin.")
    assert [(c.event_type, c.cameo) for c in cands] == [("ACCUSE", "110")]


def test_the_curated_lexicon_comes_first(nlp) -> None:  # type: ignore[no-untyped-def]
    _, cands = _top(nlp, "Israel condemned Iran and targeted Iranian ports.")
    assert [c.event_type for c in cands][:1] == ["ACCUSE"]
    assert {c.event_type for c in cands} == {"ACCUSE", "ASSAULT"}
    lex = load_lexicon()
    # speech verbs and light verbs are left to the lexicon; so is a lexicon verb alone
    for text, word in [("Israel said the talks failed.", "said"), ("Iran held the talks.", "held"),
                       ("Turkey welcomed nobody.", "welcomed")]:
        tok = _verb(nlp, text, word)
        assert petrarch_entry(tok, tok.lemma_.lower(), lex) is None, text


@pytest.mark.parametrize("text", [
    "Russia does not target Ukrainian civilians.",  # a habitual statement
    "Russian forces were continuing to target Ukrainian cities.",  # an ongoing activity
    "People in Kyiv targeted nothing.",  # no named doer, no named target
])
def test_the_fallback_codes_only_acts_of_named_parties(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    _, cands = _top(nlp, text)
    assert [c for c in cands if c.cameo == "190"] == []


def test_an_implicative_verb_leaves_the_act_to_its_infinitive(nlp) -> None:  # type: ignore[no-untyped-def]
    doc, cands = _top(nlp, "Ukraine managed to target Crimea.")
    assert [(doc[c.head].text, c.event_type) for c in cands] == [("target", "ASSAULT")]


def test_licence_and_version_are_shipped_with_the_verbs() -> None:
    header = json.loads((KNOWLEDGE / "verbs_petrarch.json").read_text(encoding="utf-8"))["header"]
    assert "MIT" in header["licence"] and "PETRARCH2-LICENSE" in header["licence"]
    assert build_petrarch.SOURCE_COMMIT in header["source"]
    assert header["version"] == build_petrarch.VERBS_VERSION == load_patterns().version


def test_every_event_names_the_knowledge_that_coded_it() -> None:
    from detente.extract.engine import Extractor

    extractor = Extractor()
    events = extractor.extract("Hezbollah targeted Israeli settlements near Haifa. Israel condemned Iran.",
                               doc_id="k", published="2025-05-06")
    by_trigger = {e.trigger: e.knowledge for e in events}
    tail = f"; actors {extractor.actors.version}; codebook {extractor.codebook.version}"
    assert by_trigger["targeted"] == f"petrarch-verbs {build_petrarch.VERBS_VERSION}{tail}"
    assert by_trigger["condemned"] == f"verbs {load_lexicon().version}{tail}"
    assert all(e.to_dict()["knowledge"] == e.knowledge for e in events)


AGENTS_SAMPLE = """\
!PERSON! = MAN, WOMAN
!MINIST! = MINISTER, MINISTRY
FERRY_CAPTAIN [~BUS]
HARBOUR!PERSON! [~GOV]
!MINIST!_OF_FISHERIES [~GOVAGR]
POLICE_CHIEF {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVJUD]
NEWS_DESK [~MED]
FISHING_NGO [NGO~]
STAR_GAZER [~XYZ]
"""


def test_agents_are_converted(tmp_path: Path) -> None:
    (tmp_path / build_petrarch.AGENTS_FILE).write_text(AGENTS_SAMPLE, encoding="utf-8")
    agents = build_petrarch.convert_agents(tmp_path)
    assert agents["ferry captain"] == agents["ferry captains"] == "BUS"  # a regular plural
    assert agents["harbourman"] == agents["harbourwoman"] == "GOV"  # a marker, no plural added
    assert agents["ministry of fisheries"] == "GOV"  # the first sector of a compound code
    assert "police chiefs" not in agents and agents["police chief"] == "COP"  # {}: no plural
    assert agents["attorneys general"] == "GOV" and "attorney generals" not in agents
    assert agents["news desk"] == "JRN"  # CAMEO's MED is the media
    assert agents["fishing ngo"] == "SOC"
    assert "star gazer" not in agents  # a code with no PLOVER sector


def test_agents_widen_the_role_nouns_after_the_curated_ones() -> None:
    from detente.extract.actors import ActorDictionary, _petrarch_agents

    assert _petrarch_agents()["representatives"] == "LEG"  # in the file, but one word: not used
    actors = ActorDictionary.load()
    ref = actors.resolve("Kenyan representatives")
    assert ref is not None and ref.sector is None
    ref = actors.resolve("the Kenyan electoral commission")  # not the European Commission
    assert ref is not None and (ref.country, ref.sector, ref.org) == ("KEN", "GOV", None)
    ref = actors.resolve("the Ethiopian liberation front")
    assert ref is not None and (ref.country, ref.sector) == ("ETH", "REB")
    ref = actors.resolve("Sudanese protesters")  # a curated role noun keeps its sector (OPP there)
    assert ref is not None and ref.sector == "CVL"


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize(("shipped", "source", "build"), [
    ("verbs_petrarch.json", build_petrarch.VERBS_FILE, build_petrarch.build_verbs_text),
    ("agents_petrarch.json", build_petrarch.AGENTS_FILE, build_petrarch.build_agents_text),
])
def test_shipped_files_are_what_the_converter_makes(shipped: str, source: str, build) -> None:  # type: ignore[no-untyped-def]
    if not (SOURCE / source).is_file():
        pytest.skip("../shared/third_party/petrarch2 not present")
    text = (KNOWLEDGE / shipped).read_text(encoding="utf-8")
    assert text == build(SOURCE), "run python -m detente.knowledge.build_petrarch"
