"""The gazetteer's index and the cache file that spares later processes its build."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import os
import warnings

import pytest

from kg import gazetteer
from kg.gazetteer import GazetteerPlace

_TEXAS = GazetteerPlace("iso-us-tx", "Texas", "AdministrativeArea")
_TINY_INDEX = {"texas": (_TEXAS,), "tex": (_TEXAS,)}
_TINY_FILE = gazetteer._encode(_TINY_INDEX).encode()


@pytest.fixture
def cache_dir(monkeypatch, tmp_path):
    """A cache directory of the test's own, in a process that has not read the index."""
    monkeypatch.setenv("BORDERKG_CACHE_DIR", str(tmp_path))
    _new_process()
    yield tmp_path
    _new_process()  # later tests read the index of the real cache directory


@pytest.fixture
def builds(monkeypatch, cache_dir):
    """The builds of the index, each giving a tiny one: what is under test is when they run."""
    calls: list[int] = []

    def build(min_city_population: int) -> gazetteer.Index:
        calls.append(min_city_population)
        return _TINY_INDEX

    monkeypatch.setattr(gazetteer, "_build_index", build)
    return calls


def _new_process() -> None:
    """Forget the index, as a process that starts afresh would not know it."""
    gazetteer._index.cache_clear()


def test_index_read_back_from_the_cache_equals_the_index_built_afresh(cache_dir, monkeypatch):
    fresh = gazetteer._build_index(15000)
    monkeypatch.setattr(gazetteer, "_build_index", lambda min_city_population: fresh)
    gazetteer._index(15000)
    _new_process()
    cached = gazetteer._index(15000)
    assert cached is not fresh  # read from the file
    assert list(cached.items()) == list(fresh.items())  # every name, in order, to an equal place
    # Names of one place share one object, as in the index built afresh.
    assert (len({id(place) for found in cached.values() for place in found})
            == len({place for found in fresh.values() for place in found}))
    by_key = {place.key: place for found in fresh.values() for place in found}
    assert all(gazetteer.place_by_key(key) == place for key, place in by_key.items())
    assert gazetteer.lookup("Calif.") == fresh["abbr:calif."][0]


def test_second_process_reads_the_cache_instead_of_building(builds, cache_dir):
    assert gazetteer._index(15000) == _TINY_INDEX
    assert builds == [15000]
    assert [path.name for path in cache_dir.iterdir()] == [gazetteer._cache_path(15000).name]
    _new_process()
    assert gazetteer._index(15000) == _TINY_INDEX
    assert builds == [15000]


@pytest.mark.parametrize("content", [
    b"",
    b"\x89PNG\r\n\x1a\n\xff\xfe not json at all",
    _TINY_FILE[: len(_TINY_FILE) // 2],
    b"[" * 100_000,  # nested deeper than the parser's recursion
    b'["places", "names"]',
    b'{"places": {}, "names": {}}',
    _TINY_FILE.replace(b'"population":[0]', b'"population":["0"]'),
    _TINY_FILE.replace(b'"population":[0]', b'"population":[false]'),
    _TINY_FILE.replace(b'"key":["iso-us-tx"]', b'"key":["iso-us-tx","iso-us-ca"]'),
    _TINY_FILE.replace(b'"texas":[0]', b'"texas":[-1]'),
    _TINY_FILE.replace(b'"texas":[0]', b'"texas":[1]'),
    _TINY_FILE.replace(b'"texas":[0]', b'"texas":0'),
    _TINY_FILE.replace(b'"texas":[0]', b'"texas":[]'),
], ids=["empty", "garbage", "truncated", "too deep", "list", "no columns", "population text",
        "population bool", "uneven columns", "negative place number", "place number too big",
        "number not list", "no place"])
def test_damaged_or_foreign_cache_file_is_rebuilt_and_overwritten(builds, content):
    path = gazetteer._cache_path(15000)
    path.write_bytes(content)
    assert gazetteer._index(15000) == _TINY_INDEX
    assert builds == [15000]
    assert gazetteer._decode(json.loads(path.read_bytes())) == _TINY_INDEX


def test_a_well_formed_cache_file_is_what_the_index_holds(builds):
    # The converse of the test above: a file of the right shape is read, not second-guessed.
    path = gazetteer._cache_path(15000)
    path.write_bytes(gazetteer._encode({"austin": (_TEXAS,)}).encode())
    assert gazetteer._index(15000) == {"austin": (_TEXAS,)}
    assert builds == []


def test_unwritable_cache_directory_still_gives_the_index(builds, monkeypatch, tmp_path, capsys):
    # A directory under a regular file cannot be made, not even by root.
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("BORDERKG_CACHE_DIR", str(blocker / "cache"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gazetteer._index(15000) == _TINY_INDEX
        _new_process()
        assert gazetteer._index(15000) == _TINY_INDEX
    assert builds == [15000, 15000]
    assert capsys.readouterr() == ("", "")


def test_no_home_directory_still_gives_the_index(builds, monkeypatch):
    monkeypatch.delenv("BORDERKG_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home(cls):
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(gazetteer.Path, "home", classmethod(no_home))
    assert gazetteer._index(15000) == _TINY_INDEX
    assert builds == [15000]


def test_cache_file_name_follows_what_the_index_depends_on(builds, monkeypatch, cache_dir):
    assert gazetteer._cache_path(15000) == gazetteer._cache_path(15000)
    assert gazetteer._cache_path(15000) != gazetteer._cache_path(5000)
    assert gazetteer._cache_path(15000).parent == cache_dir
    gazetteer._index(15000)
    gazetteer._index(5000)
    assert builds == [15000, 5000]
    before = gazetteer._cache_path(15000)
    monkeypatch.setattr(importlib.metadata, "version", lambda package: "0.0.0")
    assert gazetteer._cache_path(15000) != before


def test_cache_directory_follows_the_xdg_convention(monkeypatch, tmp_path):
    monkeypatch.delenv("BORDERKG_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gazetteer._cache_dir() == tmp_path / "xdg" / "borderkg"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # the spec says to ignore it
    assert gazetteer._cache_dir() == tmp_path / "home" / ".cache" / "borderkg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert gazetteer._cache_dir() == tmp_path / "home" / ".cache" / "borderkg"
    monkeypatch.setenv("BORDERKG_CACHE_DIR", str(tmp_path / "mine"))
    assert gazetteer._cache_dir() == tmp_path / "mine"


def test_cache_columns_are_the_fields_of_a_place_in_order():
    # The reader builds places from the columns by position.
    assert list(gazetteer._FIELD_TYPES) == [field.name for field in dataclasses.fields(GazetteerPlace)]


def test_a_new_cache_file_removes_all_but_the_most_recent_older_ones(builds, cache_dir):
    others = [cache_dir / f"gazetteer-{n}.json" for n in range(5)]
    for age, path in enumerate(others):
        path.write_bytes(_TINY_FILE)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    unrelated = cache_dir / "notes.json"
    unrelated.write_text("{}")
    gazetteer._index(15000)
    kept = sorted(path.name for path in cache_dir.glob("gazetteer-*.json"))
    assert gazetteer._cache_path(15000).name in kept
    assert len(kept) == gazetteer._CACHE_FILES_KEPT
    assert set(kept) - {gazetteer._cache_path(15000).name} == {others[-1].name, others[-2].name}
    assert unrelated.exists()


def test_reading_a_cache_file_removes_nothing(builds, cache_dir):
    gazetteer._index(15000)
    _new_process()
    others = [cache_dir / f"gazetteer-{n}.json" for n in range(5)]
    for path in others:
        path.write_bytes(_TINY_FILE)
    gazetteer._index(15000)
    assert builds == [15000]
    assert all(path.exists() for path in others)


def test_a_name_keeps_every_place_and_context_chooses_among_them():
    arizona = gazetteer.lookup("Arizona")
    assert {place.country for place in gazetteer.candidates("Douglas")} >= {"US", "IE", "IM"}
    assert gazetteer.lookup("Douglas").country == "US"  # the prior for this border's news
    assert gazetteer.choose("Douglas", context=(arizona,)).region == "AZ"
    assert gazetteer.choose("Douglas", containers=(gazetteer.lookup("Mexico"),)) is None
    assert gazetteer.lookup("Paris").country == "FR"  # a prior, not a rule: size still counts
