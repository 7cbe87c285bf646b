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
