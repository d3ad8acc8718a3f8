"""The networkx projection of a tiny borderkg graph held in an embedded store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import BorderKGError
from kg.network import CO_MENTIONED, ego, find_node, project, shortest_paths
from kg.store import EmbeddedStore, open_store

ID = "https://w3id.org/borderkg/id/"
PERSON = ID + "person/tatyana-edwards-behar"
APP = ID + "app/cbp-one"
CITY = ID + "city/tijuana"
AGENCY = ID + "governmentagency/cbp"
COUNTRY = ID + "country/mexico"

PREFIXES = """\
@base <https://w3id.org/borderkg/id/> .
@prefix bk: <https://w3id.org/borderkg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix wd: <http://www.wikidata.org/entity/> .
"""

ENTITIES = """\
<graph/entities> {
  <person/tatyana-edwards-behar> a bk:Person ; rdfs:label "Tatyana Edwards-Behar" ;
      skos:altLabel "Ms. Edwards-Behar", "Tatyana Edwards-Behar" ; bk:mentionCount 2 .
  <app/cbp-one> a bk:App ; rdfs:label "CBP One" ;
      skos:altLabel "CBP One", "the CBP One app" ; bk:mentionCount 2 ; owl:sameAs wd:Q115613870 .
  <city/tijuana> a bk:City, bk:Place ; rdfs:label "Tijuana" ; skos:altLabel "Tijuana" ;
      bk:mentionCount 2 ; schema:latitude 32.525 ; schema:longitude -117.033 .
  <governmentagency/cbp> a bk:GovernmentAgency ;
      rdfs:label "U.S. Customs and Border Protection" ; skos:altLabel "CBP" ; bk:mentionCount 1 .
  <country/mexico> a bk:Country ; rdfs:label "Mexico" ; bk:mentionCount 0 .
}
"""

# (document id, title, [(sentence, [(surface form, entity)])])
DOCUMENTS = [
    (
        "d1",
        "Waiting in Tijuana",
        [
            (
                "Ms. Edwards-Behar waited in Tijuana for a CBP One appointment.",
                [("Ms. Edwards-Behar", PERSON), ("Tijuana", CITY), ("CBP One", APP)],
            ),
            ("CBP runs the CBP One app.", [("CBP", AGENCY), ("the CBP One app", APP)]),
        ],
    ),
    (
        "d2",
        "At the port of entry",
        [
            (
                "Tatyana Edwards-Behar crossed at Tijuana.",
                [("Tatyana Edwards-Behar", PERSON), ("Tijuana", CITY)],
            )
        ],
    ),
]


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def trig() -> str:
    """The tiny graph, shaped as ontology/GRAPH.md says, offsets computed from the text."""
    parts = [PREFIXES, ENTITIES]
    for doc, title, sentences in DOCUMENTS:
        lines = [
            f"<doc/{doc}> a bk:Document ; dcterms:identifier {_literal(doc)} ;",
            f"    dcterms:title {_literal(title)} ; schema:url <https://example.org/{doc}> .",
        ]
        offset = 0
        for number, (text, mentions) in enumerate(sentences):
            start, end = offset, offset + len(text)
            sentence = f"<sentence/{doc}/{start}-{end}>"
            lines.append(
                f"{sentence} a bk:Sentence ; oa:hasSource <doc/{doc}> ; "
                f"oa:start {start} ; oa:end {end} ; rdf:value {_literal(text)} ."
            )
            for surface, entity in mentions:
                s = start + text.index(surface)
                e = s + len(surface)
                lines.append(
                    f"<mention/{doc}/{s}-{e}> a bk:Mention ; bk:refersTo <{entity}> ; "
                    f"oa:hasSource <doc/{doc}> ; oa:start {s} ; oa:end {e} ; "
                    f'oa:exact {_literal(surface)} ; bk:sentence {sentence} ; bk:rule "test" .'
                )
            if doc == "d1" and number == 0:
                s, e = start, start + text.index(" for")
                lines += [
                    f"<{PERSON}> bk:waitedIn <{CITY}> .",
                    (
                        f"<fact/{doc}/1> a bk:Assertion ; rdf:subject <{PERSON}> ; "
                        f"rdf:predicate bk:waitedIn ; rdf:object <{CITY}> ; "
                        f"oa:hasSource <doc/{doc}> ; oa:start {s} ; oa:end {e} ; "
                        f"oa:exact {_literal(text[: e - start])} ; bk:sentence {sentence} ; "
                        f'bk:rule "located-in" ; bk:confidence 0.8 .'
                    ),
                ]
            offset = end + 1
        parts.append(f"<graph/doc/{doc}> {{\n" + "\n".join(lines) + "\n}\n")
    return "\n".join(parts)


def load(folder) -> EmbeddedStore:
    store = open_store(folder)
    assert isinstance(store, EmbeddedStore)
    quads = ox.parse(trig(), format=ox.RdfFormat.TRIG)
    store.bulk_load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"))
    return store


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    store = load(tmp_path_factory.mktemp("store"))
    yield project(store)
    store.close()


def test_entities_are_the_nodes_with_their_attributes(graph):
    assert sorted(graph) == sorted([PERSON, APP, CITY, AGENCY, COUNTRY])
    person = graph.nodes[PERSON]
    assert person["label"] == "Tatyana Edwards-Behar"
    assert person["type"] == "Person"
    assert person["aliases"] == ["Ms. Edwards-Behar", "Tatyana Edwards-Behar"]
    assert person["mention_count"] == 2
    assert graph.nodes[CITY]["type"] == "City"  # the finest of City and Place
    assert graph.nodes[CITY]["latitude"] == pytest.approx(32.525)
    assert graph.nodes[CITY]["longitude"] == pytest.approx(-117.033)
    assert graph.nodes[APP]["wikidata"] == "http://www.wikidata.org/entity/Q115613870"
    assert "latitude" not in graph.nodes[PERSON]


def test_node_evidence_leads_back_to_the_sentence(graph):
    evidence = graph.nodes[PERSON]["evidence"]
    assert [(e["document"], e["quote"]) for e in evidence] == [
        ("d1", "Ms. Edwards-Behar"),
        ("d2", "Tatyana Edwards-Behar"),
    ]
    first = evidence[0]
    assert first["title"] == "Waiting in Tijuana"
    assert first["url"] == "https://example.org/d1"
    assert first["sentence"].startswith("Ms. Edwards-Behar waited in Tijuana")
    assert (first["start"], first["end"]) == (0, len("Ms. Edwards-Behar"))
    assert first["sentence_start"] == 0
    (agency,) = graph.nodes[AGENCY]["evidence"]
    sentence_start = len(DOCUMENTS[0][2][0][0]) + 1
    assert agency["sentence"] == "CBP runs the CBP One app."
    assert (agency["sentence_start"], agency["start"]) == (sentence_start, sentence_start)
    assert graph.nodes[COUNTRY]["evidence"] == []


def test_mentions_and_documents_are_not_nodes(graph):
    assert not any("/mention/" in node or "/doc/" in node for node in graph)


def test_an_assertion_is_an_edge_with_its_evidence(graph):
    facts = [(u, v, d) for u, v, d in graph.edges(data=True) if d["predicate"] != CO_MENTIONED]
    assert len(facts) == 1
    subject, obj, data = facts[0]
    assert (subject, obj, data["predicate"]) == (PERSON, CITY, "waitedIn")
    assert data["rule"] == "located-in"
    assert data["confidence"] == pytest.approx(0.8)
    assert data["evidence"][0]["quote"] == "Ms. Edwards-Behar waited in Tijuana"
    assert data["evidence"][0]["title"] == "Waiting in Tijuana"


def test_entities_named_in_one_sentence_are_co_mentioned(graph):
    weights = {
        frozenset((u, v)): d["weight"]
        for u, v, key, d in graph.edges(keys=True, data=True)
        if key == CO_MENTIONED
    }
    assert weights == {
        frozenset((PERSON, CITY)): 2,  # once in each document
        frozenset((PERSON, APP)): 1,
        frozenset((CITY, APP)): 1,
        frozenset((AGENCY, APP)): 1,
    }
    u, v = sorted((PERSON, CITY))
    edge = graph.edges[u, v, CO_MENTIONED]
    assert edge["rule"] == "co-occurrence"
    assert [e["document"] for e in edge["evidence"]] == ["d1", "d2"]
    assert edge["evidence"][1]["sentence"] == "Tatyana Edwards-Behar crossed at Tijuana."


def test_projection_is_deterministic(graph, tmp_path):
    with load(tmp_path / "again") as store:
        again = project(store)
    assert list(again.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(graph.edges(keys=True, data=True))


def test_evidence_is_capped(tmp_path):
    with load(tmp_path / "capped") as store:
        capped = project(store, evidence_limit=1)
    assert len(capped.nodes[PERSON]["evidence"]) == 1
    assert capped.nodes[PERSON]["mention_count"] == 2
    u, v = sorted((PERSON, CITY))
    assert capped.edges[u, v, CO_MENTIONED]["weight"] == 2


def test_shortest_path_prefers_facts_and_ignores_direction(graph):
    paths = shortest_paths(graph, "CBP", "Tijuana")
    assert [path.nodes for path in paths] == [(AGENCY, APP, CITY)]
    paths = shortest_paths(graph, AGENCY, "Ms. Edwards-Behar")
    assert [path.nodes for path in paths] == [(AGENCY, APP, PERSON)]
    (path,) = shortest_paths(graph, "Tijuana", "Tatyana Edwards-Behar")
    assert path.edges == ((PERSON, CITY, ID + "fact/d1/1"),)


def test_no_path_to_an_isolated_entity(graph):
    assert shortest_paths(graph, "Mexico", "CBP One") == []


def test_unknown_name_is_a_user_error(graph):
    with pytest.raises(BorderKGError, match="Atlantis"):
        shortest_paths(graph, "Atlantis", "CBP One")


def test_ego_network(graph):
    assert sorted(ego(graph, "Mexico", hops=2)) == [COUNTRY]
    assert sorted(ego(graph, AGENCY, hops=1)) == sorted([AGENCY, APP])
    two = ego(graph, AGENCY, hops=2)
    assert sorted(two) == sorted([AGENCY, APP, PERSON, CITY])
    assert two.nodes[PERSON]["label"] == "Tatyana Edwards-Behar"


def test_find_node_by_any_alias(graph):
    assert find_node(graph, "ms. edwards-behar") == PERSON
    assert find_node(graph, "THE CBP ONE APP") == APP
    assert find_node(graph, "cbp") == AGENCY
    assert find_node(graph, "u.s. customs and border protection") == AGENCY
    assert find_node(graph, "El Paso") is None
