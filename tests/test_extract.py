"""Entity extraction on sentences written for the tests (not copied from the corpus)."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Document


def mentions(nlp, text: str) -> list[tuple[str, str]]:
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    extraction = extract(nlp(text), document)
    for m in extraction.mentions:
        assert text[m.evidence.start:m.evidence.end] == m.evidence.quote
        assert m.evidence.sentence == text[m.evidence.sentence_start:m.evidence.sentence_end]
    return [(m.name, m.type) for m in extraction.mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials said Title 42 would end in May.", ("Title 42", "Policy")),
        ("Many families booked slots through the CBP One app last week.", ("CBP One", "App")),
        ("She was granted humanitarian parole after two months.", ("humanitarian parole", "Program")),
        ("The Border Patrol detained the group near the river.", ("U.S. Border Patrol", "GovernmentAgency")),
        ("Cars lined up at the Santa Teresa port of entry.", ("Santa Teresa port of entry", "BorderCrossing")),
        ("They walked to the Hidalgo port of entry at dawn.", ("McAllen port of entry", "BorderCrossing")),
        ("Hundreds of Venezuelan asylum seekers waited in the rain.", ("Venezuelan migrants", "MigrantGroup")),
        ("Haitians lined up outside the shelter.", ("Haitian migrants", "MigrantGroup")),
    ],
)
def test_known_entities_get_ontology_types(nlp, text, expected):
    assert expected in mentions(nlp, text)


def test_a_city_the_model_calls_a_person_is_a_city(nlp):
    found = mentions(nlp, "Mexicali has opened two new shelters this winter.")
    assert ("Mexicali", "City") in found
    assert not any(t == "Person" and n == "Mexicali" for n, t in found)


def test_state_abbreviation_is_the_state(nlp):
    found = mentions(nlp, "The shelter in Yuma, Ariz., was full by noon.")
    assert ("Ariz.", "AdministrativeArea") in found


def test_surname_takes_the_full_name_and_title_is_dropped(nlp):
    found = mentions(nlp, "Lena Okafor runs a legal clinic. Ms. Okafor said the line was long.")
    assert found.count(("Lena Okafor", "Person")) == 2


def test_defined_acronym_refers_to_the_full_name(nlp):
    text = ("The Institute for Border Research (IBR) released a report. "
            "IBR said crossings had doubled.")
    names = [n for n, _ in mentions(nlp, text)]
    assert "IBR" not in names
    assert names.count("Institute for Border Research") >= 2


def test_ambiguous_surname_is_left_out(nlp):
    found = mentions(nlp, "Tom Ruiz met Ana Ruiz in Tijuana. Mr. Ruiz left first.")
    assert ("Ruiz", "Person") not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Volunteers at the Casa del Refugiado shelter served dinner.",
         ("Casa del Refugiado", "NonGovernmentalOrganization")),
        ("She sleeps at the Hope Harbor Shelter in Yuma.", ("Hope Harbor Shelter", "NonGovernmentalOrganization")),
        ("The Nogales city council voted on Monday.", ("Nogales city council", "GovernmentAgency")),
        ("Buses ran from Piedras Negras to Eagle Pass.", ("Piedras Negras", "City")),
        ("Returns began at the Eagle Pass Port of Entry on Monday.",
         ("Eagle Pass port of entry", "BorderCrossing")),
    ],
)
def test_domain_patterns_and_gazetteer_sweep(nlp, text, expected):
    assert expected in mentions(nlp, text)


def test_short_form_of_a_formal_city_name_is_the_big_city():
    from kg.gazetteer import lookup

    assert lookup("Matamoros").population > 400_000


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        ("Jorge Ramos spoke to The New York Times on Friday.",
         ("New York Times", "NewsOrganization"), ("New York City", "City")),
        ("The U.S. Coast Guard stopped a boat off Florida.",
         ("U.S. Coast Guard", "GovernmentAgency"), ("United States", "Country")),
    ],
)
def test_a_named_organization_keeps_the_place_inside_its_name(nlp, text, expected, not_expected):
    found = mentions(nlp, text)
    assert expected in found and not_expected not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON - As of Oct. 28, the department began returns.", ("Washington, D.C.", "City")),
        ("Leaders of the Oriental Republic of Uruguay signed it.", ("Oriental Republic of Uruguay", "Country")),
        ("She left the Democratic Republic of Congo in 2018.", ("Democratic Republic of Congo", "Country")),
        ("Cartels control routes across northern Mexico.", ("northern Mexico", "Place")),
        ("The trip from Kassai, in the Democratic Republic of Congo, took years.", ("Kassai", "Place")),
        ("These are Matamoros, Nuevo Laredo, Ciudad Juarez, Nogales, Mexicali, Tijuana.", ("Nogales", "City")),
        ("SELLS, Ariz. — A Honduran woman was sentenced on Tuesday.", ("SELLS", "City")),
    ],
)
def test_places_typed_from_what_the_text_says_of_them(nlp, text, expected):
    assert expected in mentions(nlp, text)


def test_a_city_between_countries_of_a_list_is_no_city(nlp):
    found = mentions(nlp, "They came from India, Pakistan, Columbia, Guatemala, and Honduras.")
    assert ("Guatemala", "Country") in found and ("Columbia", "City") not in found


def test_an_ordinal_opening_a_sentence_is_no_place(nlp):
    found = mentions(nlp, "Third, Mexico recognized the value of the centers.")
    assert ("Third", "Place") not in found and ("Mexico", "Country") in found
