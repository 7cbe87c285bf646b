"""The actor dictionary: what a mention names, on which day, and the user's own entries."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from detente.errors import ConfigError
from detente.extract.actors import ActorDictionary
from detente.knowledge import build_actors


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


def coded(ref) -> tuple:
    return (ref.name, ref.country, ref.sector, ref.org) if ref else None


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("US President Donald Trump", ("Donald Trump", "USA", "GOV", None)),
        ("Russian President Vladimir Putin", ("Vladimir Putin", "RUS", "GOV", None)),
        ("U.S. Secretary of State Marco Rubio", ("Marco Rubio", "USA", "GOV", None)),
        ("Saudi Crown Prince Mohammed bin Salman", ("Mohammed bin Salman", "SAU", "GOV", None)),
        ("Zelenskyy", ("Volodymyr Zelensky", "UKR", "GOV", None)),
        ("Zelenskiy", ("Volodymyr Zelensky", "UKR", "GOV", None)),
        ("Umierov", ("Rustem Umerov", "UKR", "MIL", None)),
        ("Erdogan", ("Recep Tayyip Erdoğan", "TUR", "GOV", None)),
        ("the Kremlin", ("Kremlin", "RUS", "GOV", None)),
        ("the Pentagon", ("Pentagon", "USA", "MIL", None)),
        ("NATO", ("NATO", None, "MIL", "NATO")),
        ("U.N. Security Council", ("UN Security Council", None, "GOV", "UN")),
        ("UN peacekeepers", ("United Nations", None, "MIL", "UN")),
        ("Ukrainian forces", (None, "UKR", "MIL", None)),
        ("Russian army", (None, "RUS", "MIL", None)),
        ("Ukrainian lawmakers", (None, "UKR", "LEG", None)),
        ("Chinese foreign ministry", (None, "CHN", "GOV", None)),
        ("China's Foreign Ministry", (None, "CHN", "GOV", None)),
        ("a spokesperson for China's Foreign Ministry", (None, "CHN", "GOV", None)),
        ("Israeli police", (None, "ISR", "COP", None)),
        ("Palestinian protesters", (None, "PSE", "CVL", None)),
        ("Iraqi rebels", (None, "IRQ", "REB", None)),
        ("Turkish Kurd refugees", (None, "TUR", "REF", None)),
        ("Jordanian official", (None, "JOR", "GOV", None)),
        ("the Russian delegation", (None, "RUS", "GOV", None)),
        ("Trump’s administration", (None, "USA", "GOV", None)),
        ("president of Armenia", (None, "ARM", "GOV", None)),
        ("Türkiye", ("Turkey", "TUR", "GOV", None)),
        ("Britain", ("United Kingdom", "GBR", "GOV", None)),
        ("the U.S.", ("United States", "USA", "GOV", None)),
        ("Palestinians", (None, "PSE", None, None)),
        ("head of the Russian delegation Vladimir Medinsky", ("Vladimir Medinsky", "RUS", "GOV", None)),
        ("Dmitry Peskov, the Kremlin spokesman", ("Dmitry Peskov", "RUS", "GOV", None)),
    ],
)
def test_resolve_mentions(actors: ActorDictionary, mention: str, expected: tuple) -> None:
    ref = actors.resolve(mention, on_date="2025-03-01")
    assert coded(ref) == expected
    assert ref is not None and ref.text == mention


@pytest.mark.parametrize(
    ("mention", "country"),
    [("Moscow", "RUS"), ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Beijing", "CHN"), ("Washington", "USA"),
     ("London", "GBR"), ("Ankara", "TUR"), ("Riyadh", "SAU"), ("Tehran", "IRN"), ("Pyongyang", "PRK")],
)
def test_seats_of_government_stand_for_governments(actors: ActorDictionary, mention: str, country: str) -> None:
    ref = actors.resolve(mention)
    assert ref is not None and (ref.country, ref.sector) == (country, "GOV")


def test_brussels_means_the_eu(actors: ActorDictionary) -> None:
    assert coded(actors.resolve("Brussels")) == ("Brussels", None, "GOV", "EU")


def test_case_matters_only_for_short_acronyms(actors: ActorDictionary) -> None:
    assert actors.resolve("us") is None
    assert coded(actors.resolve("US")) == ("United States", "USA", "GOV", None)
    assert actors.resolve("russia") is not None


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Rubio and Lavrov", [("Marco Rubio", "USA", "GOV", None), ("Sergey Lavrov", "RUS", "GOV", None)]),
        ("Jordan and Britain", [("Jordan", "JOR", "GOV", None), ("United Kingdom", "GBR", "GOV", None)]),
        ("the Turkish and Greek sides", [(None, "TUR", "GOV", None), (None, "GRC", "GOV", None)]),
        ("U.S., Russian and Ukrainian officials",
         [(None, "USA", "GOV", None), (None, "RUS", "GOV", None), (None, "UKR", "GOV", None)]),
        ("Bosnia and Herzegovina", [("Bosnia and Herzegovina", "BIH", "GOV", None)]),
    ],
)
def test_resolve_all_splits_coordinated_mentions(actors: ActorDictionary, mention: str, expected: list) -> None:
    assert [coded(r) for r in actors.resolve_all(mention, on_date="2025-03-01")] == expected


def test_resolve_returns_the_first_of_a_coordination(actors: ActorDictionary) -> None:
    assert coded(actors.resolve("Turkish and Greek sides")) == (None, "TUR", "GOV", None)


def test_roles_follow_the_date(actors: ActorDictionary) -> None:
    assert coded(actors.resolve("Biden", on_date="2024-05-01")) == ("Joe Biden", "USA", "GOV", None)
    assert coded(actors.resolve("Biden", on_date="2025-03-01")) == ("Joe Biden", "USA", "ELI", None)
    assert coded(actors.resolve("Trump", on_date="2025-03-01")) == ("Donald Trump", "USA", "GOV", None)
    assert coded(actors.resolve("Trump", on_date="2023-05-01")) == ("Donald Trump", "USA", "ELI", None)
    assert coded(actors.resolve("Mark Rutte", on_date="2023-05-01")) == ("Mark Rutte", "NLD", "GOV", None)
    assert coded(actors.resolve("Mark Rutte", on_date="2025-03-01")) == ("Mark Rutte", None, "GOV", "NATO")
    assert actors.resolve("Taliban", on_date="2010-01-01").sector == "REB"  # type: ignore[union-attr]
    assert actors.resolve("Taliban", on_date="2024-01-01").sector == "GOV"  # type: ignore[union-attr]


def test_role_on(actors: ActorDictionary) -> None:
    biden = actors.role_on("Joe Biden", "2024-05-01")
    assert biden is not None and biden.title == "President"
    assert actors.role_on("Joe Biden", "2025-03-01") is None
    umerov = actors.role_on("Umerov", "2024-01-10")
    assert umerov is not None and umerov.title == "Defence Minister"
    assert actors.role_on("Umerov", "2025-09-01").title.startswith("Secretary")  # type: ignore[union-attr]
    assert actors.role_on("Nobody Atall", "2025-01-01") is None


def test_find_mentions_in_free_text(actors: ActorDictionary) -> None:
    text = ("U.S. Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Riyadh, "
            "while Ukrainian forces held the line. The Kremlin said Putin was ready; let us see. "
            "Officials of New Jersey and the UN took note.")
    found = {text[s:e]: coded(r) for s, e, r in actors.find_mentions(text, on_date="2025-02-18")}
    assert found["U.S. Secretary of State Marco Rubio"] == ("Marco Rubio", "USA", "GOV", None)
    assert found["Russian Foreign Minister Sergei Lavrov"] == ("Sergey Lavrov", "RUS", "GOV", None)
    assert found["Riyadh"][1:3] == ("SAU", "GOV")
    assert found["Ukrainian forces"] == (None, "UKR", "MIL", None)
    assert found["Kremlin"] == ("Kremlin", "RUS", "GOV", None)
    assert found["Putin"] == ("Vladimir Putin", "RUS", "GOV", None)
    assert found["New Jersey"][1] == "USA"  # not the island of Jersey
    assert found["UN"][3] == "UN"
    assert "us" not in found
    spans = [(s, e) for s, e, _ in actors.find_mentions(text)]
    assert all(e1 <= s2 for (_, e1), (s2, _) in itertools.pairwise(spans))


def test_every_country_has_a_name_entry(actors: ActorDictionary) -> None:
    import pycountry

    coded_countries = {e.country for e in actors.entries if e.type == "country"}
    assert {c.alpha_3 for c in pycountry.countries} <= coded_countries
    for name in ["Russia", "Russian Federation", "Turkey", "UK", "Great Britain", "America",
                 "South Korea", "North Korea", "Iran", "Syria", "Vietnam", "Czechia", "Moldova",
                 "Bolivia", "Venezuela", "Tanzania", "Laos", "Taiwan"]:
        assert actors.resolve(name) is not None, name


def test_shipped_file_is_what_the_build_script_makes() -> None:
    shipped = (Path(build_actors.__file__).parent / "actors.jsonl").read_text(encoding="utf-8")
    assert shipped.splitlines() == build_actors.build_lines(), "run python -m detente.knowledge.build_actors"
    assert json.loads(shipped.splitlines()[0])["version"] == ActorDictionary.load().version


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "mine.jsonl"
    user.write_text(
        json.dumps({"version": "local"}) + "\n"
        + json.dumps({"id": "person/jane-roe", "name": "Jane Roe", "type": "person", "country": "UKR",
                      "aliases": ["Roe"], "roles": [{"title": "Envoy", "country": "UKR", "sector": "GOV",
                                                      "start": "2025-01-01", "end": None}]}) + "\n"
        + json.dumps({"id": "capital/RUS", "name": "Moscow", "type": "capital", "country": "RUS",
                      "sector": "MIL", "aliases": ["Moscow"]}) + "\n",
        encoding="utf-8",
    )
    mine = ActorDictionary.load(user)
    assert coded(mine.resolve("envoy Jane Roe", on_date="2025-06-01")) == ("Jane Roe", "UKR", "GOV", None)
    assert mine.resolve("Moscow").sector == "MIL"  # type: ignore[union-attr]
    assert mine.resolve("Putin") is not None  # shipped entries stay
    assert ActorDictionary.load().resolve("Moscow").sector == "GOV"  # type: ignore[union-attr]
    assert ActorDictionary.load().resolve("Jane Roe") is None


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("{not json", "bad actor entry"),
        ('{"id": "x", "name": "X", "type": "person", "sector": "GOVT"}', "PLOVER sector"),
        ('{"id": "x", "name": "X", "country": "Russia"}', "alpha-3"),
        ('{"id": "x", "name": "X", "roles": [{"title": "PM", "start": "May 2020"}]}', "YYYY-MM-DD"),
        ('{"name": "X"}', '"id"'),
    ],
)
def test_bad_user_file_names_file_line_and_fix(tmp_path: Path, line: str, says: str) -> None:
    user = tmp_path / "bad.jsonl"
    user.write_text('{"id": "ok", "name": "Fine Entry"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        ActorDictionary.load(user)
    assert f"{user.resolve()}:2" in err.value.message and says in err.value.message
    assert err.value.fix and "JSON object per line" in err.value.fix


def test_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        ActorDictionary.load(tmp_path / "absent.jsonl")


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        # heads of state and government of the 1980s-2020s, by the office held then
        ("President Yoweri Museveni", ("Yoweri Museveni", "UGA", "GOV", None)),
        ("Ousted President Askar Akayev", ("Askar Akayev", "KGZ", "GOV", None)),
        ("President Omar El Bashir", ("Omar al-Bashir", "SDN", "GOV", None)),
        ("Jordan's King Abdullah II", ("King Abdullah II", "JOR", "GOV", None)),
        ("Archbishop Desmond Tutu", ("Desmond Tutu", "ZAF", "REL", None)),
        # organisations: IGOs carry an org code, NGOs are civil society (SOC)
        ("European Community foreign ministers", ("European Community", None, "GOV", "EC")),
        ("the Organization of African Unity", ("Organisation of African Unity", None, None, "OAU")),
        ("Amnesty International", ("Amnesty International", None, "SOC", None)),
        ("a human rights group", (None, None, "SOC", None)),
        # armed groups and peoples with their country
        ("Revolutionary United Front", ("Revolutionary United Front", "SLE", "REB", None)),
        ("Bosnian Serbs", ("Bosnian Serbs", "BIH", None, None)),
        ("Jewish settlers", ("Israeli settlers", "ISR", "CVL", None)),
        ("East Jerusalem", ("East Jerusalem", "PSE", None, None)),
    ],
)
def test_world_coverage(actors: ActorDictionary, mention: str, expected: tuple) -> None:
    assert coded(actors.resolve(mention)) == expected


def test_past_leader_is_a_former_official_after_office(actors: ActorDictionary) -> None:
    assert coded(actors.resolve("Boris Yeltsin", "1995-06-01")) == ("Boris Yeltsin", "RUS", "GOV", None)
    assert coded(actors.resolve("Boris Yeltsin", "2005-06-01")) == ("Boris Yeltsin", "RUS", "ELI", None)


def test_leaders_table_is_well_formed() -> None:
    names = set()
    curated = [json.loads(line) for line in build_actors.CURATED.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("//")]
    for entry in build_actors._leader_entries(set(), build_actors._office_orgs(curated)):
        assert entry["aliases"][0] == entry["name"]
        # an office of an international organisation is the organisation's, not the country's
        assert all((r["org"] and r["country"] is None) or (r["country"] and len(r["country"]) == 3)
                   for r in entry["roles"])
        names.add(entry["name"])
    assert {"Yoweri Museveni", "Boris Yeltsin", "Hosni Mubarak"} <= names


@pytest.fixture(scope="module")
def extractor():
    from detente.extract.engine import Extractor

    return Extractor()


def _top_actor_codes(extractor, text: str) -> list[str | None]:
    top = max(extractor.extract(text, doc_id="t", published=None), key=lambda e: e.confidence)
    return [a.country for a in top.actors]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # a people is coded by where it lives (PLOVER's convention)
        ("Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.", ["SRB"]),
        ("The Albanians of southern Serbia are demanding autonomy.", ["SRB"]),
        ("Croatian Serb refugees protested outside the parliament.", ["HRV"]),
        # an unknown titled person takes the one country the sentence names as a place
        ("President Ahmad Qarnawi threatened to impose a curfew in Algiers.", ["DZA"]),
        # ... but not the country the event is aimed at
        ("President Ahmad Qarnawi threatened further action against Russia.", [None]),
    ],
)
def test_residence_and_person_fallbacks(extractor, text: str, codes: list) -> None:
    assert _top_actor_codes(extractor, text) == codes


def test_offices_of_organisations_and_seats(actors: ActorDictionary) -> None:
    assert coded(actors.resolve("U.N. Secretary-General Kofi Annan", "1999-01-01")) == ("Kofi Annan", None, "GOV", "UN")
    assert coded(actors.resolve("Javier Solana", "1997-01-01"))[3] == "NATO"
    assert coded(actors.resolve("Belgrade")) == ("Belgrade", "SRB", "GOV", None)  # not Serbia and Montenegro


def _top(extractor, text: str, published: str | None = None):
    return max(extractor.extract(text, doc_id="t", published=published), key=lambda e: e.confidence)


def _sides(refs) -> list[str | None]:
    return sorted(r.country or r.org or "" for r in refs)


@pytest.mark.parametrize(
    ("text", "actors", "recipients"),
    [
        # a phrase the dictionary does not place is resolved through its attachments
        ("A newspaper based in east Beirut has violated a ban on reporting.", ["LBN"], ["LBN"]),
        ("University students throughout Indonesia staged mass demonstrations.", ["IDN"], []),
        ("European Community ministers agreed to provide aid for Romania and Poland.", ["EC"], ["POL", "ROU"]),
        ("Poland's parliament has demanded an immediate admission by Moscow.", ["POL"], ["RUS"]),
        # an unplaced group takes the sentence's one country (a place, a possessive, an adjective)
        ("Some 500,000 workers stopped work over a bill signed by the Serbian labour minister.", ["SRB"], []),
        # ... or the country where the event happens, which is also its target when none is named
        ("Prisoners rioted at a jail in Dili on Monday.", ["TLS"], ["TLS"]),
        ("Georgian police arrested dozens of protesters in Tbilisi.", ["GEO"], ["GEO"]),
        # a meeting's place is not whom it is with
        ("Saddam Hussein met Jordanian officials in Amman.", ["IRQ"], ["JOR"]),
        # a place phrase is no target beside a named party
        ("Donald Trump hosted Vladimir Putin at a military base in Alaska.", ["USA"], ["RUS"]),
    ],
)
def test_resolution_fallbacks(extractor, text: str, actors: list, recipients: list) -> None:
    top = _top(extractor, text)
    assert (_sides(top.actors), _sides(top.recipients)) == (actors, recipients)


def test_possessor_is_not_the_head(extractor) -> None:
    top = _top(extractor, "Osama bin Laden's al-Qaeda network has threatened to strike Israel.")
    assert [a.name for a in top.actors] == ["al-Qaeda"]


def test_coordinated_parties_split_only_when_the_event_is_theirs(extractor) -> None:
    met = _top(extractor, "Rubio and Lavrov met in Riyadh on Tuesday.")
    assert (_sides(met.actors), _sides(met.recipients), met.reciprocal) == (["USA"], ["RUS"], True)
    travel = _top(extractor, "U.S. and Russian negotiators return to Geneva this week for talks on missiles.")
    assert _sides(travel.actors) == ["RUS", "USA"] and travel.recipients == []


def test_generic_states_take_no_country(extractor) -> None:
    events = extractor.extract("We support initiatives that foster dialogue between nations in the Ukraine crisis.",
                               doc_id="t", published=None)
    assert not any(e.event_type == "CONSULT" and "UKR" in _sides(e.actors) for e in events)


def test_spokesperson_at_a_press_briefing_speaks_from_the_capital(extractor) -> None:
    text = ("China has thrown its weight behind the proposed talks between the United States and "
            "Russia on ending the war in Ukraine. Speaking at a press briefing on Thursday, a "
            "spokesperson for China's Foreign Ministry said the talks were a step in the right direction.")
    support = next(e for e in extractor.extract(text, doc_id="t", published=None) if e.event_type == "SUPPORT")
    assert support.location is not None and (support.location.name, support.location.country) == ("Beijing", "CHN")
    # without the briefing, no place is made up (and the war's place is not the event's)
    alone = next(e for e in extractor.extract(text.split(". ")[0] + ".", doc_id="t", published=None)
                 if e.event_type == "SUPPORT")
    assert alone.location is None
