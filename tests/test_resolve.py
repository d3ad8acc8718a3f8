"""Resolution across documents, on mentions written for the tests."""

from __future__ import annotations

from kg.model import Document, Evidence, Extraction, Mention
from kg.resolve import resolve


def _extraction(doc_id: str, *mentions: tuple[str, str, str | None]) -> Extraction:
    found, offset = [], 0
    for quote, type_, key in mentions:
        name = quote.removeprefix("Ms. ")
        evidence = Evidence(doc_id, offset, offset + len(quote), quote, 0, 500, "sentence")
        found.append(Mention(name=name, type=type_, evidence=evidence, key=key))
        offset += len(quote) + 1
    return Extraction(Document(doc_id, "", (f"{doc_id}.txt",), "h"), tuple(found))


def test_one_node_per_person_across_documents():
    resolution = resolve([
        _extraction("a", ("Tatyana Edwards-Behar", "Person", None)),
        _extraction("b", ("Ms. Edwards-Behar", "Person", None)),
    ])
    (entity,) = resolution.entities
    assert entity.label == "Tatyana Edwards-Behar"
    assert set(entity.aliases) == {"Tatyana Edwards-Behar", "Ms. Edwards-Behar"}
    assert entity.mention_count == 2


def test_vocabulary_key_gives_canonical_label_and_type():
    resolution = resolve([
        _extraction("a", ("CBP-ONE", "App", "cbp-one"), ("CBP One app", "App", "cbp-one")),
    ])
    (entity,) = resolution.entities
    assert (entity.label, entity.type) == ("CBP One", "App")
    assert entity.id == "https://w3id.org/borderkg/id/app/cbp-one"


def test_same_name_in_different_families_stays_apart():
    resolution = resolve([
        _extraction("a", ("Jordan", "Person", None), ("Jordan", "Organization", None)),
    ])
    assert len(resolution.entities) == 2


def test_an_office_named_with_its_agency_inside_is_the_office():
    resolution = resolve([
        _extraction("a", ("Big Bend Border Patrol Sector", "GovernmentAgency", None),
                    ("Big Bend Sector", "GovernmentAgency", None)),
        _extraction("b", ("Weslaco Border Patrol Station", "GovernmentAgency", None),
                    ("Weslaco Station", "GovernmentAgency", None), ("Border Patrol", "GovernmentAgency", None)),
    ])
    assert sorted(e.label for e in resolution.entities) == [
        "U.S. Border Patrol", "U.S. Border Patrol Big Bend Sector", "Weslaco Border Patrol Station"]


def test_a_sector_goes_by_the_agency_s_name_for_it_however_the_text_names_it():
    resolution = resolve([
        _extraction("a", ("Tucson Sector", "GovernmentAgency", None)),
        _extraction("b", ("U.S. Border Patrol Tucson Sector", "GovernmentAgency", None),
                    ("Tucson sector", "GovernmentAgency", None)),
    ])
    [sector] = resolution.entities
    assert sector.label == "U.S. Border Patrol Tucson Sector"
    assert sector.document_count == 2


def test_an_agency_s_field_office_is_one_office_with_the_words_or_without():
    resolution = resolve([
        _extraction("a", ("ERO Harlingen", "GovernmentAgency", None),
                    ("ERO Harlingen Field Office", "GovernmentAgency", None),
                    ("San Diego Field Office", "GovernmentAgency", None)),
    ])
    assert sorted(e.label for e in resolution.entities) == ["ERO Harlingen Field Office", "San Diego Field Office"]


def test_an_office_a_known_agency_owns_is_one_office_by_its_short_name_too():
    resolution = resolve([
        _extraction("a", ("Justice Department’s Criminal Division", "GovernmentAgency", None),
                    ("Criminal Division", "GovernmentAgency", None)),
        _extraction("b", ("Sheriff's Office", "GovernmentAgency", None), ("Office", "GovernmentAgency", None)),
    ])
    assert sorted(e.label for e in resolution.entities) == [
        "Justice Department Criminal Division", "Office", "Sheriff's Office"]


def test_iris_do_not_depend_on_document_order():
    one = _extraction("a", ("Lena Okafor", "Person", None))
    two = _extraction("b", ("Okafor", "Person", None), ("Tijuana", "City", None))
    assert resolve([one, two]).entities == resolve([two, one]).entities


def test_a_name_without_its_middle_initial_is_the_same_person():
    resolution = resolve([
        _extraction("a", ("Randy S. Grossman", "Person", None)),
        _extraction("b", ("Randy Grossman", "Person", None), ("Grossman", "Person", None)),
    ])
    (entity,) = resolution.entities
    assert entity.label == "Randy S. Grossman"
    assert entity.mention_count == 3


def test_two_people_of_one_name_and_different_initials_stay_apart():
    resolution = resolve([
        _extraction("a", ("Ana M. Ruiz", "Person", None)),
        _extraction("b", ("Ana T. Ruiz", "Person", None), ("Ana Ruiz", "Person", None)),
    ])
    assert sorted(entity.label for entity in resolution.entities) == [
        "Ana M. Ruiz", "Ana Ruiz", "Ana T. Ruiz"]
