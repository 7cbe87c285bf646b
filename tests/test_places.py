"""The gazetteer: which place a name stands for."""

from __future__ import annotations

import pytest

from detente.extract.places import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def where(loc) -> tuple | None:
    return (loc.name, loc.country, loc.admin1) if loc else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anchorage, Alaska", ("Anchorage", "USA", "AK")),
        ("Anchorage", ("Anchorage", "USA", "AK")),
        ("Riyadh", ("Riyadh", "SAU", "10")),
        ("Riyadh, Saudi Arabia", ("Riyadh", "SAU", "10")),
        ("Jeddah", ("Jeddah", "SAU", "14")),
        ("Istanbul", ("Istanbul", "TUR", "34")),
        ("Geneva", ("Geneva", "CHE", "GE")),
        ("Washington", ("Washington", "USA", "DC")),
        ("Washington, D.C.", ("Washington", "USA", "DC")),
        ("Paris", ("Paris", "FRA", "11")),
        ("Paris, Texas", ("Paris", "USA", "TX")),
        ("Kiev", ("Kyiv", "UKR", "12")),
        ("Odessa", ("Odesa", "UKR", "17")),
        ("Kyïv", ("Kyiv", "UKR", "12")),
        ("Crimea", ("Crimea", "UKR", "11")),
        ("Joint Base Elmendorf-Richardson", ("Anchorage", "USA", "AK")),
    ],
)
def test_resolve_places(gazetteer: Gazetteer, text: str, expected: tuple) -> None:
    loc = gazetteer.resolve(text)
    assert where(loc) == expected
    assert loc is not None and loc.text == text and loc.lat is not None and loc.lon is not None


@pytest.mark.parametrize(
    ("text", "country"),
    [("Saudi Arabia", "SAU"), ("Russia", "RUS"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("UK", "GBR"),
     ("the United States", "USA")],
)
def test_country_alone_is_a_country_only_location(gazetteer: Gazetteer, text: str, country: str) -> None:
    loc = gazetteer.resolve(text)
    assert loc is not None and (loc.country, loc.admin1, loc.lat) == (country, None, None)


def test_us_state_alone(gazetteer: Gazetteer) -> None:
    assert where(gazetteer.resolve("Alaska")) == ("Alaska", "USA", "AK")


def test_context_and_countries_disambiguate(gazetteer: Gazetteer) -> None:
    assert where(gazetteer.resolve("Paris", context="a county seat in northeast Texas")) == ("Paris", "USA", "TX")
    assert where(gazetteer.resolve("Georgia")) == ("Georgia", "GEO", None)
    assert where(gazetteer.resolve("Georgia", countries=["USA"])) == ("Georgia", "USA", "GA")


def test_unknown_and_non_places(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("the Kremlin") is None
    assert gazetteer.resolve("Nowhereville Flats") is None


def test_find_places(gazetteer: Gazetteer) -> None:
    text = ("Talks in Riyadh, Saudi Arabia, followed the summit in Anchorage, Alaska. Victoria Nuland "
            "read the Washington Post in Kyiv as shelling hit Pokrovsk and Crimea.")
    found = {text[s:e]: where(loc) for s, e, loc in gazetteer.find_places(text)}
    assert found == {
        "Riyadh": ("Riyadh", "SAU", "10"),
        "Saudi Arabia": ("Saudi Arabia", "SAU", None),
        "Anchorage": ("Anchorage", "USA", "AK"),
        "Alaska": ("Alaska", "USA", "AK"),
        "Kyiv": ("Kyiv", "UKR", "12"),
        "Pokrovsk": ("Pokrovsk", "UKR", "05"),
        "Crimea": ("Crimea", "UKR", "11"),
    }


# -- event places and datelines through the engine (spaCy model, loaded once) ----------------

@pytest.fixture(scope="module")
def extractor():
    from detente.extract.engine import Extractor

    return Extractor()


def _consult(extractor, text: str, published: str | None = "2025-02-18"):
    events = [e for e in extractor.extract(text, doc_id="t", published=published) if e.event_type == "CONSULT"]
    assert events, text
    return events[0]


@pytest.mark.parametrize(
    ("text", "city", "country"),
    [
        ("Senior American and Russian officials held talks in the Saudi capital on Tuesday.", "Riyadh", "SAU"),
        ("Rubio met Lavrov in the capital of Saudi Arabia.", "Riyadh", "SAU"),
        ("Trump and Putin met in the Alaskan city of Anchorage on Friday.", "Anchorage", "USA"),
        ("Rubio met Lavrov in Riyadh while peacekeepers in Ukraine waited.", "Riyadh", "SAU"),
    ],
)
def test_event_place_from_place_nouns(extractor, text: str, city: str, country: str) -> None:
    loc = _consult(extractor, text).location
    assert loc is not None and (loc.text, loc.country) == (city, country)


def test_dateline_is_no_actor_but_places_the_reported_meeting(extractor) -> None:
    from detente.extract.engine import mask_datelines

    text = "RIYADH, Feb 18 — Senior American and Russian officials held talks on Tuesday."
    masked, lines = mask_datelines(text)
    assert len(masked) == len(text) and masked.strip().startswith("Senior")
    assert [(d.city, d.date) for d in lines] == [("RIYADH", "Feb 18")]
    event = _consult(extractor, text)
    codes = {a.country for a in event.actors + event.recipients}
    assert codes == {"USA", "RUS"}
    assert event.location is not None and event.location.country == "SAU"
    assert event.date == "2025-02-18"  # the dateline's own Tuesday
    assert event.sentence.startswith("Senior")
    # a later reference to talks held elsewhere does not take the dateline city
    said = extractor.extract("MOSCOW — Putin said the talks were useful.", doc_id="m", published="2025-08-16")
    assert all(e.location is None for e in said)
    # a capitalised opening that is no place is no dateline
    assert mask_datelines("US and Russia - talks resume")[1] == []


def test_unattributed_blast_is_coded_where_it_happens(extractor) -> None:
    text = "A roadside bombing near the town of Samarra on Sunday killed one U.S. soldier."
    top = max(extractor.extract(text, doc_id="b", published=None), key=lambda e: e.confidence)
    assert [a.country for a in top.actors] == ["IRQ"]
    assert top.location is not None and top.location.country == "IRQ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kiew", ("Kyiv", "UKR")),  # geonames' other names, found without an index
        ("Sankt-Peterburg", ("Saint Petersburg", "RUS")),
        ("Dnepropetrovsk", ("Dnipro", "UKR")),
        ("Londres", ("London", "GBR")),
        ("Baker's Field", ("Bakersfield", "USA")),  # the possessive 's is no word of the key
    ],
)
def test_other_names_of_cities(gazetteer: Gazetteer, text: str, expected: tuple) -> None:
    loc = gazetteer.resolve(text)
    assert (loc.name, loc.country) == expected if loc else expected is None


def test_unknown_name_is_no_place(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Nowhereville") is None
    assert gazetteer.resolve("Quarterly Report") is None
