"""ontology/ and pipelines/migrant_groups.json: the ontology declares what the graph uses,
the vocabulary follows the IRI rule and its labels are unambiguous."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import OWL, RDF, RDFS, SH, SKOS, Graph, Literal, Namespace, URIRef

from kg.model import ENTITY_TYPES
from kg.names import slugify
from kg.resources import data_dir

BK = Namespace("https://w3id.org/borderkg/ontology#")
ID = "https://w3id.org/borderkg/id/"
WIKIDATA = "http://www.wikidata.org/entity/Q"
XSD_DOUBLE = URIRef("http://www.w3.org/2001/XMLSchema#double")
GRAPH_MD = Path(__file__).resolve().parents[1] / "ontology" / "GRAPH.md"

# The relations of the gold format (../shared/eval/README.md).
RELATIONS = (
    "worksFor", "spokespersonOf", "administers", "implements", "enacted", "ends", "crossesAt",
    "travelsThrough", "routeLeg", "originatesFrom", "locatedIn", "arrestedBy", "appliesFor",
    "quotedIn", "mentions",
)
# Relations of the graph that the gold format has no name for.
GRAPH_RELATIONS = ("memberOf",)
# Properties of routes, statistics and quotes (kg/model.py) and of known entities.
FACT_PROPERTIES = (
    "leg", "order", "from", "to", "mode", "traveller", "value", "quantityText", "qualifier",
    "unit", "counts", "group", "period", "place", "source", "speaker", "text", "about",
    "nationality", "demonym", "key",
)
# Single lower-case words allowed as labels: each matches in any case, so each must be a
# term of the domain, not everyday English.
LOWER_CASE_WORDS = {"asylum", "parole"}


@cache
def _graph(name: str) -> Graph:
    return Graph().parse(data_dir("ontology") / name, format="turtle")


def _declared(kinds: tuple[URIRef, ...]) -> set[str]:
    ontology = _graph("borderkg.ttl")
    return {
        str(node)[len(BK):]
        for kind in kinds
        for node in ontology.subjects(RDF.type, kind)
        if str(node).startswith(str(BK))
    }


def _classes() -> set[str]:
    return _declared((OWL.Class,))


def _properties() -> set[str]:
    return _declared((OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property))


@cache
def _vocabulary_entities() -> dict[URIRef, dict[str, list]]:
    vocabulary = _graph("vocabulary.ttl")
    entities: dict[URIRef, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, obj in vocabulary:
        entities[subject][str(predicate)].append(obj)
    known = {s: props for s, props in entities.items() if str(BK.key) in props}
    assert len(known) > 100
    return known


def _labels(props: dict[str, list]) -> list[str]:
    return [str(label) for label in props[str(SKOS.prefLabel)] + props[str(SKOS.altLabel)]]


@pytest.mark.parametrize("name", ["borderkg.ttl", "shapes.ttl", "vocabulary.ttl",
                                  "background.ttl"])
def test_the_ontology_files_parse(name):
    assert len(_graph(name)) > 0


def test_every_bk_term_of_graph_md_is_declared():
    used = set(re.findall(r"\bbk:([A-Za-z]+)", GRAPH_MD.read_text(encoding="utf-8")))
    assert {"Document", "Mention", "refersTo", "mentionCount"} <= used
    assert used - _classes() - _properties() == set()


def test_every_entity_type_of_the_model_is_a_class():
    assert set(ENTITY_TYPES) - _classes() == set()


def test_the_class_tree_follows_the_architecture():
    ontology = _graph("borderkg.ttl")
    parents = {
        "GovernmentAgency": "Organization", "NonGovernmentalOrganization": "Organization",
        "NewsOrganization": "Organization", "Country": "Place", "AdministrativeArea": "Place",
        "City": "Place", "BorderCrossing": "Place", "NaturalRegion": "Place",
        "Law": "Policy", "Program": "Policy", "App": "Policy", "Claim": "Quote",
    }
    for child, parent in parents.items():
        assert (BK[child], RDFS.subClassOf, BK[parent]) in ontology, child
    assert (BK.Assertion, RDFS.subClassOf, RDF.Statement) in ontology
    assert (BK.worksFor, RDFS.subPropertyOf, URIRef("https://schema.org/worksFor")) in ontology
    assert (BK.locatedIn, RDFS.subPropertyOf,
            URIRef("https://schema.org/containedInPlace")) in ontology


def test_every_relation_and_fact_property_is_declared():
    assert set(RELATIONS + GRAPH_RELATIONS + FACT_PROPERTIES) - _properties() == set()


def test_every_class_and_property_is_labelled_and_explained():
    ontology = _graph("borderkg.ttl")
    for name in _classes() | _properties():
        assert ontology.value(BK[name], RDFS.label) is not None, name
        assert ontology.value(BK[name], RDFS.comment) is not None, name


def test_no_property_has_an_rdfs_domain_or_range():
    # Validation infers with RDFS: a domain would retype every node that uses the property.
    ontology = _graph("borderkg.ttl")
    assert list(ontology.subject_objects(RDFS.domain)) == []
    assert list(ontology.subject_objects(RDFS.range)) == []


def test_the_shapes_are_valid_shacl_about_declared_terms():
    shapes = _graph("shapes.ttl")
    conforms, _, text = shacl_validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text
    targets = {str(c)[len(BK):] for c in shapes.objects(None, SH.targetClass)}
    assert targets - _classes() == set()
    paths = {str(p)[len(BK):] for p in shapes.objects(None, SH.path) if str(p).startswith(BK)}
    assert paths - _properties() == set()


def test_every_vocabulary_entity_has_one_declared_entity_class():
    for node, props in _vocabulary_entities().items():
        classes = [str(c)[len(BK):] for c in props[str(RDF.type)]]
        assert len(classes) == 1, node
        assert classes[0] in ENTITY_TYPES, node


def test_every_vocabulary_iri_is_class_slash_key_and_the_key_slugs_the_label():
    for node, props in _vocabulary_entities().items():
        (cls,) = props[str(RDF.type)]
        (key,) = props[str(BK.key)]
        (label,) = props[str(SKOS.prefLabel)]
        assert str(node) == f"{ID}{str(cls)[len(BK):].lower()}/{key}"
        assert str(key) == slugify(str(label)), node


def test_no_two_vocabulary_entities_share_a_label():
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for node, props in _vocabulary_entities().items():
        for label in _labels(props):
            owners[label.casefold()].add(node)
    shared = {label: nodes for label, nodes in owners.items() if len(nodes) > 1}
    assert shared == {}


def test_a_lower_case_label_is_a_phrase_or_a_deliberate_domain_word():
    for node, props in _vocabulary_entities().items():
        for label in _labels(props):
            if label == label.lower():
                assert " " in label or label in LOWER_CASE_WORDS, (node, label)


def test_labels_are_trimmed_and_plain():
    for node, props in _vocabulary_entities().items():
        for label in _labels(props):
            assert label == label.strip() and "  " not in label, (node, label)
            assert not label.lower().startswith("the "), (node, label)


def test_wikidata_links_and_coordinates_are_well_formed():
    for node, props in _vocabulary_entities().items():
        for same in props[str(OWL.sameAs)]:
            assert str(same).startswith(WIKIDATA) and str(same)[len(WIKIDATA):].isdigit(), node
        for name, limit in (("latitude", 90), ("longitude", 180)):
            for value in props[f"https://schema.org/{name}"]:
                assert isinstance(value, Literal) and value.datatype == XSD_DOUBLE, node
                assert -limit <= float(value) <= limit, node
    links = {str(s) for props in _vocabulary_entities().values() for s in props[str(OWL.sameAs)]}
    assert len(links) == sum(len(p[str(OWL.sameAs)]) for p in _vocabulary_entities().values())


def test_the_canonical_names_of_the_guidelines_are_known():
    by_label = {
        str(props[str(SKOS.prefLabel)][0]): (str(props[str(RDF.type)][0])[len(BK):], props)
        for props in _vocabulary_entities().values()
    }
    expected = {
        "United States": "Country", "U.S. Customs and Border Protection": "GovernmentAgency",
        "U.S. Border Patrol": "GovernmentAgency",
        "U.S. Department of Homeland Security": "GovernmentAgency",
        "U.S. Citizenship and Immigration Services": "GovernmentAgency",
        "Centers for Disease Control and Prevention": "GovernmentAgency",
        "Biden administration": "GovernmentAgency", "Trump administration": "GovernmentAgency",
        "Title 42": "Policy", "Remain in Mexico": "Policy", "CBP One": "App",
        "humanitarian parole": "Program", "asylum": "Program", "Darién Gap": "NaturalRegion",
        "U.S.-Mexico border": "Place",
    }
    for label, cls in expected.items():
        assert by_label[label][0] == cls, label
    assert {"U.S.", "US", "America", "USA"} <= set(_labels(by_label["United States"][1]))
    assert "MPP" in _labels(by_label["Remain in Mexico"][1])


def test_demonyms_belong_to_places_and_to_one_place_each():
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for node, props in _vocabulary_entities().items():
        demonyms = [str(d) for d in props[str(BK.demonym)]]
        if demonyms:
            assert props[str(RDF.type)][0] in (BK.Country, BK.Place), node
        for demonym in demonyms:
            owners[demonym].add(node)
    assert {d: n for d, n in owners.items() if len(n) > 1} == {}
    assert {"Russian", "Russians", "Chinese", "Venezuelans", "Central American"} <= set(owners)


def test_migrant_groups_name_real_demonyms():
    rules = json.loads((data_dir("pipelines") / "migrant_groups.json").read_text("utf-8"))
    assert rules["comment"]
    assert {"migrants", "asylum seekers", "citizens", "refugees"} <= set(rules["heads"])
    assert "{demonym}" in rules["label_template"]
    demonyms = {
        str(d) for props in _vocabulary_entities().values() for d in props[str(BK.demonym)]
    }
    named = set(rules["never"]) | set(rules["not_alone"])
    named |= set(rules["preferred"]) | set(rules["preferred"].values())
    assert named - demonyms == set()
    assert rules["label_template"].format(demonym="Russian") == "Russian migrants"


# ------------------------------------------------------------------ background facts


def test_background_facts_are_about_known_policies_and_cite_the_record():
    from datetime import date

    from kg.vocabulary import load_background, load_vocabulary

    known = {entity.iri: entity for entity in load_vocabulary()}
    facts = load_background()
    periods: dict[tuple[str, str], str] = {}
    for fact in facts:
        assert known[fact.subject].type in {"Policy", "Law", "Program", "App"}, fact
        assert fact.source.startswith("https://") and " " not in fact.source, fact
        name = fact.predicate.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        if fact.datatype is None:
            assert name in {"issuedBy", "runBy"}
            assert known[fact.value].type == "GovernmentAgency", fact
        else:
            assert name in {"startDate", "endDate"} and (fact.subject, name) not in periods
            if fact.datatype.endswith("#date"):
                date.fromisoformat(fact.value)
            else:
                assert fact.datatype.endswith("#gYearMonth") and re.fullmatch(
                    r"(19|20)\d\d-(0[1-9]|1[0-2])", fact.value), fact
            periods[(fact.subject, name)] = fact.value
    for (subject, name), start in periods.items():
        if name == "startDate" and (subject, "endDate") in periods:
            assert start < periods[(subject, "endDate")], subject
    # the well-known ones, as the public record has them
    assert periods[(ID + "policy/title-42", "startDate")] == "2020-03-20"
    assert periods[(ID + "policy/title-42", "endDate")] == "2023-05-11"
    assert periods[(ID + "app/cbp-one", "startDate")] == "2023-01-12"
    assert periods[(ID + "app/cbp-one", "endDate")] == "2025-01-20"
    assert periods[(ID + "policy/circumvention-of-lawful-pathways-rule", "startDate")] \
        == "2023-05-11"


def test_background_facts_conform_to_the_shapes_and_a_sourceless_one_does_not():
    background = _graph("background.ttl")
    shapes, ontology = _graph("shapes.ttl"), _graph("borderkg.ttl")
    conforms, _, text = shacl_validate(background, shacl_graph=shapes, ont_graph=ontology,
                                       inference="rdfs")
    assert conforms, text
    broken = Graph()
    for triple in background:
        broken.add(triple)
    broken.remove((None, URIRef("http://purl.org/dc/terms/source"), None))
    conforms, _, text = shacl_validate(broken, shacl_graph=shapes, ont_graph=ontology,
                                       inference="rdfs")
    assert not conforms and "dcterms:source" in text
