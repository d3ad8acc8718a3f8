"""End to end: ``kg build corpus/`` and the named facts an analyst relies on."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from kg.build import build
from kg.store import open_store

PREFIXES = """
PREFIX bk: <https://w3id.org/borderkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@pytest.fixture(scope="module")
def store(corpus_build):
    opened = open_store(corpus_build.out / "store", read_only=True)
    yield opened
    opened.close()


def types_of(store, label: str) -> set[str]:
    table = store.select(PREFIXES + """
        SELECT ?type WHERE { GRAPH ?g { ?e rdfs:label ?label ; a ?class } 
                             BIND(STRAFTER(STR(?class), "#") AS ?type) }""", {"label": label})
    return {row[0] for row in table.rows}


@pytest.mark.parametrize(
    ("label", "type_"),
    [
        ("Title 42", "Policy"),
        ("CBP One", "App"),
        ("Tatyana Edwards-Behar", "Person"),
        ("Darién Gap", "NaturalRegion"),
        ("Mexicali", "City"),
        ("Calexico port of entry", "BorderCrossing"),
        ("humanitarian parole", "Program"),
        ("Russian migrants", "MigrantGroup"),
        ("U.S. Border Patrol", "GovernmentAgency"),
    ],
)
def test_named_entities_have_their_types(store, label, type_):
    assert types_of(store, label) == {type_}


def test_mexicali_is_never_a_person(store):
    assert "Person" not in types_of(store, "Mexicali")


def test_surface_forms_are_aliases_of_one_node(store):
    table = store.select(PREFIXES + """
        SELECT ?e WHERE { GRAPH ?g { ?e skos:altLabel ?alias } }""", {"alias": "Ms. Edwards-Behar"})
    assert len(table.rows) == 1
    (iri,) = table.rows[0]
    labels = store.select(PREFIXES + "SELECT ?l WHERE { GRAPH ?g { ?entity_iri rdfs:label ?l } }",
                          {"entity_iri": iri})
    assert labels.rows == (("Tatyana Edwards-Behar",),)


def test_united_states_has_one_node_for_every_spelling(store):
    table = store.select(PREFIXES + """
        SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e skos:altLabel ?a }
                                   FILTER(?a IN ("U.S.", "United States", "USA", "America")) }""")
    assert len(table.rows) == 1


def test_every_mention_offset_points_at_its_text(corpus_build, store):
    table = store.select("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?start ?end ?exact WHERE { GRAPH ?g {
            ?m oa:hasSource ?d ; oa:start ?start ; oa:end ?end ; oa:exact ?exact .
            ?d dcterms:identifier ?id } }""")
    assert len(table.rows) > 100
    texts = {p.stem: p.read_text("utf-8") for p in (corpus_build.out / "text").glob("*.txt")}
    for doc_id, start, end, exact in table.rows:
        assert texts[doc_id][start:end] == exact


def test_outputs_and_report(corpus_build):
    out = corpus_build.out
    for name in ("graph.ttl", "graph.trig", "graph.html", "report.json"):
        assert (out / name).stat().st_size > 0
    report = json.loads((out / "report.json").read_text())
    assert report["counts"]["documents"] == 5
    assert {r["status"] for r in report["inputs"]} == {"read"}
    assert {"ingest", "nlp", "extract", "resolve", "store"} <= set(report["seconds"])


def test_same_corpus_gives_byte_identical_graph(corpus_build, tmp_path):
    again = build([REPO / "corpus"], tmp_path / "again", quiet=True).out
    for name in ("graph.ttl", "graph.trig", "graph.html"):
        assert (again / name).read_bytes() == (corpus_build.out / name).read_bytes(), name


def test_background_facts_never_count_as_article_evidence(corpus_build) -> None:
    """The vocabulary's background facts sit in their own graph, with their source, and
    no mention count, co-mention, fact evidence or view edge counts them."""
    from kg import analysis, network
    from kg.namespaces import BACKGROUND_GRAPH, SCHEMA

    title_42 = "https://w3id.org/borderkg/id/policy/title-42"
    cdc = "https://w3id.org/borderkg/id/governmentagency/centers-for-disease-control-and-prevention"
    with open_store(corpus_build.out / "store", read_only=True) as store:
        assert BACKGROUND_GRAPH in store.graphs()
        assert store.ask(f"""ASK {{ GRAPH <{BACKGROUND_GRAPH}> {{
            <{title_42}> <{SCHEMA}startDate> "2020-03-20"^^xsd:date .
            ?fact a bk:BackgroundFact ; rdf:subject <{title_42}> ;
                  rdf:predicate <{SCHEMA}startDate> ; dcterms:source ?source }} }}""")
        # no evidence, mention or document in the background graph; none of it elsewhere
        assert not store.ask(f"""ASK {{ GRAPH <{BACKGROUND_GRAPH}> {{
            {{ ?x oa:hasSource ?d }} UNION {{ ?x a bk:Mention }} UNION {{ ?x a bk:Assertion }}
            UNION {{ ?x a bk:Document }} }} }}""")
        assert not store.ask(f"""ASK {{ GRAPH ?g {{ ?x a bk:BackgroundFact }}
            FILTER (?g != <{BACKGROUND_GRAPH}>) }}""")
        mentions = store.select(f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{
            ?m bk:refersTo <{title_42}> }} }}""").rows[0][0]
        names = analysis.names(store)
        found = analysis.profile(store, names, "Title 42")
        view = network.project(store)
    assert mentions and found.mention_count == mentions == names.entities[title_42].mentions
    assert len(found.mentions) == mentions and "2020-03-20" in {f.value for f in found.background}
    assert all(fact.evidence.sentence for fact in found.relations)
    node = view.nodes[title_42]
    assert node["mention_count"] == len(node["evidence"]) == mentions
    assert len(node["documents"]) == len(found.documents)
    edges = {data.get("predicate") for *_, data in view.edges(data=True)}
    assert edges and not {"issuedBy", "runBy", "startDate", "endDate"} & edges
    assert cdc not in view  # named only by the background, never by a document
    assert "federalregister.gov" not in (corpus_build.out / "graph.html").read_text("utf-8")
