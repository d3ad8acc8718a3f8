"""The extraction cache: a file gives back every field it was written with, and only a file
of the same text and pipeline is reused."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from kg import cache
from kg.gazetteer import GazetteerPlace
from kg.model import Document, Evidence, Extraction, Mention, Quote, Relation, RouteLeg, Statistic

TEXT = ("Ana Ruiz, of Tijuana's Casa del Migrante, said 1,200 Haitian migrants waited in "
        "Tijuana. “We fly to Mexico City,” she said.")


def _evidence(quote: str) -> Evidence:
    start = TEXT.index(quote)
    return Evidence("d", start, start + len(quote), quote, 0, len(TEXT), TEXT)


def _extraction() -> Extraction:
    """Every class of the model, with each optional field set somewhere and unset elsewhere."""
    ana = Mention("Ana Ruiz", "Person", _evidence("Ana Ruiz"))
    tijuana = Mention("Tijuana", "City", _evidence("Tijuana"), key="geonames-3981609",
                      rule="gazetteer")
    shelter = Mention("Casa del Migrante", "NonGovernmentalOrganization",
                      _evidence("Casa del Migrante"), rule="rule:shelter-spanish-name",
                      honorific="Sra.")
    haitians = Mention("Haitian migrants", "MigrantGroup", _evidence("Haitian migrants"),
                       key=None, rule="demonym-group")
    mexico_city = Mention("Mexico City", "City", _evidence("Mexico City"), key="geonames-3530597")
    return Extraction(
        document=Document("d", TEXT, ("d.txt",), "h", title="T", publication="P",
                          date="2024-01-02", url="https://example.org/d", author="A"),
        mentions=(ana, tijuana, shelter, haitians, mexico_city),
        relations=(Relation(ana, "worksFor", shelter, _evidence("Ana Ruiz, of Tijuana's"),
                            "person-of-org", 0.75),
                   Relation(haitians, "locatedIn", tijuana, _evidence("waited in Tijuana"),
                            "group-in-place", 0.7, negated=True)),
        route_legs=(RouteLeg((ana, haitians), "Ana Ruiz, Haitian migrants", tijuana, mexico_city,
                             1, _evidence("fly to Mexico City"), "travel-to", 0.6, mode="flight"),
                    RouteLeg((), "", tijuana, mexico_city, 2, _evidence("Mexico City"),
                             "chain", 0.5)),
        statistics=(Statistic("1,200", 1200.0, "count", "Haitian migrants", _evidence("1,200"),
                              "statistics:count", 0.7, qualifier="about", group=haitians,
                              period="in 2023", place=tijuana, source="CBP data"),
                    Statistic("1,200", 1200.0, "count", "", _evidence("1,200"),
                              "statistics:count", 0.7)),
        quotes=(Quote("We fly to Mexico City", ana, "she", _evidence("We fly to Mexico City"),
                      "quote:direct", 0.8, about=(mexico_city,)),
                Quote("1,200 Haitian migrants waited", None, "", _evidence("1,200"),
                      "claim:reported-speech", 0.5, direct=False)),
    )


PLACES = (GazetteerPlace("geonames-3981609", "Tijuana", "City", 1_376_457, 32.5, -117.0),
          GazetteerPlace("iso-mx", "Mexico", "Country"))


def test_every_field_comes_back_from_the_file(tmp_path):
    extraction = _extraction()
    cache.write(tmp_path, "d", cache.encode(extraction, "f", PLACES))

    assert cache.read(tmp_path, extraction.document, "f") == (extraction, PLACES)


def test_decoded_values_are_the_model_classes_frozen_and_hashable():
    extraction = _extraction()
    decoded = cache.decode(cache.encode(extraction, "f"), extraction.document)

    leg = decoded.route_legs[0]
    assert type(leg) is RouteLeg and type(leg.origin) is Mention and type(leg.travellers) is tuple
    assert type(decoded.statistics[0].group) is Mention and decoded.statistics[1].group is None
    assert hash(decoded.quotes[0]) == hash(extraction.quotes[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.mentions[0].name = "x"  # type: ignore[misc]


def test_the_file_leaves_the_text_and_metadata_to_the_build():
    record = json.loads(cache.encode(_extraction(), "f"))

    assert record["extraction"]["document"] == {
        "id": "d", "text": "", "sources": [], "content_hash": "h", "title": None,
        "publication": None, "date": None, "url": None, "author": None, "canonical_url": None,
        "guid": None}


def test_only_a_file_of_the_same_text_and_pipeline_is_reused(tmp_path):
    extraction = _extraction()
    cache.write(tmp_path, "d", cache.encode(extraction, "f"))
    edited = dataclasses.replace(extraction.document, content_hash="other")

    assert cache.is_valid(tmp_path, extraction.document, "f")
    assert cache.read(tmp_path, extraction.document, "g") is None
    assert cache.read(tmp_path, edited, "f") is None
    assert not cache.is_valid(tmp_path, edited, "f")


def test_a_build_whose_extractions_are_cached_does_not_load_spacy():
    code = "import sys, kg.build, kg.cache; kg.cache.fingerprint(); print('spacy' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True)
    assert found.stdout.strip() == "False"


def test_the_fingerprint_covers_every_module_an_extraction_imports():
    code = ("import sys, kg.extract, kg.nlp, kg.components; "
            "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('kg.')))")
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.split()
    covered = {str(path) for path in cache.fingerprinted_files()}
    assert imported and set(imported) <= covered
    assert any(path.name == "borderkg.ttl" for path in cache.fingerprinted_files())
