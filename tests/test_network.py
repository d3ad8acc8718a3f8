"""The networkx projection of a tiny borderkg graph held in an embedded store."""

from __future__ import annotations

import doctest
import importlib
import itertools
import json
import random
import subprocess
import sys

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest_sparql import oxigraph_server  # noqa: F401

from kg.analysis import ego, path_records, shortest_paths, simple_graph, stats
from kg.errors import BorderKGError
from kg.facts import Citation
from kg.namespaces import BUILD_GRAPHS, ENTITIES_GRAPH
from kg.network import CO_MENTIONED, ROUTE_LEG, graph_part, project, resolver
from kg.network import load as load_build
from kg.store import EmbeddedStore, open_store

ID = "https://w3id.org/borderkg/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PERSON = ID + "person/tatyana-edwards-behar"
APP = ID + "app/cbp-one"
CITY = ID + "city/tijuana"
AGENCY = ID + "governmentagency/cbp"
COUNTRY = ID + "country/mexico"
CANCUN = ID + "city/cancun"

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
  <city/cancun> a bk:City ; rdfs:label "Cancún" ; bk:mentionCount 0 .
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


# Cancún -> Tijuana (leg 1, by bus), Tijuana -> Cancún (leg 2), travelled by Tatyana
# Edwards-Behar; the extractor also asserts leg 1 as a plain bk:routeLeg fact.
ROUTE = [
    ("<route/d2/1> a bk:Route ; bk:traveller <person/tatyana-edwards-behar> ;"
     " bk:leg <route/d2/1/leg/1>, <route/d2/1/leg/2> ."),
    ("<route/d2/1/leg/1> a bk:RouteLeg ; bk:order 1 ; bk:from <city/cancun> ;"
     ' bk:to <city/tijuana> ; bk:mode "bus" ; bk:traveller <person/tatyana-edwards-behar> ;'
     ' oa:hasSource <doc/d2> ; oa:start 0 ; oa:end 40 ; bk:rule "leg-from-to" ;'
     " bk:confidence 0.8 ."),
    ("<route/d2/1/leg/2> a bk:RouteLeg ; bk:order 2 ; bk:from <city/tijuana> ;"
     " bk:to <city/cancun> ; bk:traveller <person/tatyana-edwards-behar> ;"
     ' oa:hasSource <doc/d2> ; oa:start 0 ; oa:end 40 ; bk:rule "leg-back" .'),
    "<city/cancun> bk:routeLeg <city/tijuana> .",
    ("<fact/d2/leg> a bk:Assertion ; rdf:subject <city/cancun> ; rdf:predicate bk:routeLeg ;"
     ' rdf:object <city/tijuana> ; oa:hasSource <doc/d2> ; oa:start 0 ; oa:end 40 ;'
     ' bk:rule "leg-from-to" ; bk:confidence 0.8 .'),
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
        if doc == "d1":
            lines.append(f'<doc/{doc}> dcterms:date "2023-01-20"^^<{XSD}date> ;'
                         ' dcterms:publisher "Border Times" .')
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
        if doc == "d2":
            lines += ROUTE
        parts.append(f"<graph/doc/{doc}> {{\n" + "\n".join(lines) + "\n}\n")
    return "\n".join(parts)


def nquads() -> str:
    quads = ox.parse(trig(), format=ox.RdfFormat.TRIG)
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")


def load(folder) -> EmbeddedStore:
    store = open_store(folder)
    assert isinstance(store, EmbeddedStore)
    store.bulk_load(nquads())
    return store


def document_graphs(store) -> list[str]:
    return [graph for graph in store.graphs() if graph not in BUILD_GRAPHS]


def contents(graph: nx.MultiDiGraph) -> tuple:
    """Nodes, edges and documents of a projection, whatever order they were added in."""
    edges = {(u, v, key): data for u, v, key, data in graph.edges(keys=True, data=True)}
    return dict(graph.nodes(data=True)), edges, graph.graph


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    store = load(tmp_path_factory.mktemp("store"))
    yield project(store)
    store.close()


def test_entities_are_the_nodes_with_their_attributes(graph):
    assert sorted(graph) == sorted([PERSON, APP, CITY, AGENCY, COUNTRY, CANCUN])
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
    assert all(isinstance(e, Citation) for e in evidence)
    assert [(e.document, e.quote) for e in evidence] == [
        ("d1", "Ms. Edwards-Behar"),
        ("d2", "Tatyana Edwards-Behar"),
    ]
    first, second = evidence
    assert first.title == "Waiting in Tijuana"
    assert first.url == "https://example.org/d1"
    assert (first.date, first.publication) == ("2023-01-20", "Border Times")
    assert (second.date, second.publication) == (None, None)
    assert first.sentence.startswith("Ms. Edwards-Behar waited in Tijuana")
    assert (first.start, first.end) == (0, len("Ms. Edwards-Behar"))
    assert first.sentence_start == 0
    (agency,) = graph.nodes[AGENCY]["evidence"]
    sentence_start = len(DOCUMENTS[0][2][0][0]) + 1
    assert agency.sentence == "CBP runs the CBP One app."
    assert (agency.sentence_start, agency.start) == (sentence_start, sentence_start)
    assert graph.nodes[COUNTRY]["evidence"] == []


def test_mentions_and_documents_are_not_nodes(graph):
    assert not any("/mention/" in node or "/doc/" in node for node in graph)


def test_an_assertion_is_an_edge_with_its_evidence(graph):
    facts = [
        (u, v, d)
        for u, v, d in graph.edges(data=True)
        if d["predicate"] not in (CO_MENTIONED, ROUTE_LEG)
    ]
    assert len(facts) == 1
    subject, obj, data = facts[0]
    assert (subject, obj, data["predicate"]) == (PERSON, CITY, "waitedIn")
    assert data["rule"] == "located-in"
    assert data["confidence"] == pytest.approx(0.8)
    assert data["evidence"][0].quote == "Ms. Edwards-Behar waited in Tijuana"
    assert data["evidence"][0].title == "Waiting in Tijuana"
    assert data["evidence"][0].date == "2023-01-20"  # when it was reported


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
    assert [e.document for e in edge["evidence"]] == ["d1", "d2"]
    assert edge["evidence"][1].sentence == "Tatyana Edwards-Behar crossed at Tijuana."


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


def test_the_resolver_finds_any_alias(graph):
    names = resolver(graph)
    assert names.resolve("ms. edwards-behar") == PERSON
    assert names.resolve("THE CBP ONE APP") == APP
    assert names.resolve("cbp") == AGENCY
    assert names.resolve("u.s. customs and border protection") == AGENCY
    with pytest.raises(BorderKGError, match="no entity is called 'El Paso'"):
        names.resolve("El Paso")


def test_route_legs_are_ordered_edges_from_place_to_place(graph):
    legs = {
        data["order"]: (u, v, key, data)
        for u, v, key, data in graph.edges(keys=True, data=True)
        if data["predicate"] == ROUTE_LEG
    }
    assert sorted(legs) == [1, 2]
    u, v, key, first = legs[1]
    assert (u, v, key) == (CANCUN, CITY, ID + "route/d2/1/leg/1")
    assert first["mode"] == "bus"
    assert first["travellers"] == [PERSON]
    assert first["route"] == ID + "route/d2/1"
    assert (first["rule"], first["confidence"]) == ("leg-from-to", pytest.approx(0.8))
    assert first["documents"] == ["d2"]
    assert legs[2][:2] == (CITY, CANCUN) and "mode" not in legs[2][3]
    # The extractor's plain bk:routeLeg fact for leg 1 is replaced by the leg.
    assert not graph.has_edge(CANCUN, CITY, ID + "fact/d2/leg")


def test_documents_are_counted(graph):
    documents = graph.graph["documents"]
    assert sorted(documents) == ["d1", "d2"]
    assert documents["d1"]["title"] == "Waiting in Tijuana"
    assert documents["d1"]["url"] == "https://example.org/d1"
    assert (documents["d1"]["date"], documents["d2"]["date"]) == ("2023-01-20", None)
    assert (documents["d1"]["mentions"], documents["d1"]["facts"]) == (5, 1)
    assert (documents["d2"]["mentions"], documents["d2"]["facts"]) == (2, 2)
    assert graph.nodes[PERSON]["documents"] == ["d1", "d2"]


def test_path_records_follow_the_path(graph):
    (record,) = path_records(graph, shortest_paths(graph, "CBP", "Ms. Edwards-Behar"))
    assert [node["label"] for node in record["nodes"]] == [
        "U.S. Customs and Border Protection",
        "CBP One",
        "Tatyana Edwards-Behar",
    ]
    hops = record["hops"]
    assert [(h["from"], h["to"]) for h in hops] == [(AGENCY, APP), (APP, PERSON)]
    assert all(h["predicate"] == CO_MENTIONED and h["evidence"] for h in hops)
    assert hops[0]["evidence"][0]["sentence"] == "CBP runs the CBP One app."


def test_stats(graph):
    result = stats(graph, top=3)
    assert result["entities"] == 6
    assert result["types"] == {"City": 2, "App": 1, "Country": 1, "GovernmentAgency": 1, "Person": 1}
    assert result["predicates"] == {CO_MENTIONED: 4, ROUTE_LEG: 2, "waitedIn": 1}
    assert sum(result["predicates"].values()) == result["links"] == graph.number_of_edges()
    # CBP One and Tijuana each have three distinct neighbours; the smaller IRI first.
    assert [(e["label"], e["value"]) for e in result["degree"]] == [
        ("CBP One", 3),
        ("Tijuana", 3),
        ("Tatyana Edwards-Behar", 2),
    ]
    assert result["betweenness"][0]["label"] in ("CBP One", "Tijuana")
    assert sum(c["size"] for c in result["communities"]) == 6  # Mexico is a community of one
    assert result["documents"][0]["id"] == "d2"  # two facts (the legs) before d1's one
    assert stats(graph, top=3) == result  # a fixed seed: the same communities every time


def test_simple_graph_adds_up_what_joins_a_pair(graph):
    simple = simple_graph(graph)
    # Tatyana Edwards-Behar and Tijuana: one fact plus two shared sentences.
    assert simple.edges[PERSON, CITY]["weight"] == 3
    assert simple.edges[CANCUN, CITY]["weight"] == 2  # a leg each way


def test_a_graph_part_is_what_one_document_says(tmp_path):
    with load(tmp_path / "store") as store:
        part = graph_part(store, ID + "graph/doc/d1")
    assert part["documents"] == {
        "d1": {"title": "Waiting in Tijuana", "url": "https://example.org/d1",
               "publication": "Border Times", "date": "2023-01-20"}
    }
    assert sorted(part["mentions"]) == sorted([PERSON, CITY, APP, AGENCY])
    (person,) = part["mentions"][PERSON]
    assert (person["quote"], person["start"], person["sentence_start"]) == (
        "Ms. Edwards-Behar", 0, 0
    )
    first, second = part["sentences"]
    assert first["entities"] == sorted([PERSON, CITY, APP])
    assert first["evidence"]["start"] == 0 and first["evidence"]["quote"] is None
    assert second["entities"] == sorted([AGENCY, APP])
    (fact,) = part["facts"].values()
    assert (fact["subject"], fact["predicate"], fact["object"]) == (PERSON, "waitedIn", CITY)
    assert part["route_legs"] == {}


def test_a_graph_part_is_plain_json_and_depends_on_its_graph_alone(tmp_path):
    with load(tmp_path / "store") as store:
        graphs = document_graphs(store)
        parts = [graph_part(store, graph) for graph in graphs]
    with load(tmp_path / "again") as store:
        store.drop_graph(ENTITIES_GRAPH)
        again = [graph_part(store, graph) for graph in graphs]
    assert len(parts) == 2
    for part, same in zip(parts, again, strict=True):
        assert json.loads(json.dumps(part)) == part
        assert json.dumps(same, sort_keys=True) == json.dumps(part, sort_keys=True)


def test_parts_fold_in_any_order_into_the_same_graph(graph, tmp_path):
    with load(tmp_path / "store") as store:
        parts = [graph_part(store, name) for name in document_graphs(store)]
        # As a build reads them back from its cache: through JSON, in any order.
        cached = [json.loads(json.dumps(part, sort_keys=True)) for part in parts]
        folded = [project(store, parts=iter(order)) for order in (parts, cached[::-1])]
    for again in folded:
        assert contents(again) == contents(graph)


def test_a_sparql_server_projects_the_same_graph(graph, oxigraph_server):  # noqa: F811
    remote = open_store(oxigraph_server)
    remote.bulk_load(nquads())
    try:
        assert contents(project(remote)) == contents(graph)
    finally:
        remote.close()


# --------------------------------------------------------- the commands, on the corpus


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *map(str, args)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def corpus_graph(corpus_build):
    return load_build(corpus_build.out)


def test_kg_path_prints_each_hop_with_its_sentence(corpus_build, corpus_graph):
    done = kg("path", "Title 42", "Russian asylum seekers", corpus_build.out, "--format", "json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["source"]["label"] == "Title 42"
    # "Russian asylum seekers" is an alias: the answer names the entity it belongs to.
    target = answer["target"]["id"]
    assert "Russian asylum seekers" in corpus_graph.nodes[target]["aliases"]
    assert answer["paths"]
    for path in answer["paths"]:
        ids = [node["id"] for node in path["nodes"]]
        assert ids[0] == answer["source"]["id"] and ids[-1] == target
        assert [(h["from"], h["to"]) for h in path["hops"]] == list(itertools.pairwise(ids))
        for hop in path["hops"]:
            u, v = (hop["from"], hop["to"]) if hop["forward"] else (hop["to"], hop["from"])
            assert corpus_graph.edges[u, v, hop["edge"]]["predicate"] == hop["predicate"]
            assert hop["evidence"][0]["sentence"]

    text = kg("path", "Title 42", "Russian asylum seekers", corpus_build.out)
    assert text.returncode == 0, text.stderr
    first_hop = answer["paths"][0]["hops"][0]
    assert first_hop["predicate"] in text.stdout
    sentence = " ".join(first_hop["evidence"][0]["sentence"].split())
    assert f'"{sentence}"' in text.stdout


def test_kg_path_errors_are_one_line(corpus_build, tmp_path):
    unknown = kg("path", "Title 42", "Atlantis", corpus_build.out)
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines() == ["kg: no entity is called 'Atlantis'"]
    missing = kg("path", "Title 42", "CBP One", tmp_path)
    assert missing.returncode == 2 and f"no build in {tmp_path}" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_kg_stats(corpus_build, corpus_graph):
    done = kg("stats", corpus_build.out, "--format", "json", "--top", "5")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["entities"] == corpus_graph.number_of_nodes() == sum(result["types"].values())
    assert result["links"] == sum(result["predicates"].values())
    with open_store(corpus_build.out / "store", read_only=True) as store:
        legs = store.select(
            "PREFIX bk: <https://w3id.org/borderkg/ontology#> "
            "SELECT (COUNT(DISTINCT ?leg) AS ?n) WHERE { GRAPH ?g { ?leg a bk:RouteLeg } }"
        ).rows[0][0]
    assert legs > 0 and result["predicates"][ROUTE_LEG] == legs
    degrees = [entry["value"] for entry in result["degree"]]
    assert len(degrees) == 5 and degrees == sorted(degrees, reverse=True)
    top = result["degree"][0]
    assert top["value"] == len(set(nx.all_neighbors(corpus_graph, top["id"])) - {top["id"]})
    sizes = [community["size"] for community in result["communities"]]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) <= result["entities"]
    assert len(result["documents"]) == 5
    assert all(document["title"] for document in result["documents"])

    text = kg("stats", corpus_build.out)
    assert text.returncode == 0, text.stderr
    for heading in ("Entities by type", "Links by predicate", "Most connected",
                    "Most between", "Communities", "Documents that contribute most"):
        assert heading in text.stdout
    assert top["label"] in text.stdout


def test_corpus_parts_fold_in_any_order(corpus_build, corpus_graph):
    with open_store(corpus_build.out / "store", read_only=True) as store:
        parts = [graph_part(store, graph) for graph in document_graphs(store)]
        random.Random(7).shuffle(parts)
        folded = project(store, parts=(json.loads(json.dumps(part)) for part in parts))
    assert len(parts) == 5
    assert contents(folded) == contents(corpus_graph)


def test_capped_evidence_is_the_earliest_and_documents_stay_complete(corpus_build):
    with open_store(corpus_build.out / "store", read_only=True) as store:
        full = project(store, evidence_limit=10**6)
        parts = [graph_part(store, graph) for graph in document_graphs(store)]
        capped = project(store, evidence_limit=2, parts=reversed(parts))

    def order(item):
        return item.document, item.start, item.end, item.quote or ""

    assert any(len(data["evidence"]) > 2 for _, data in full.nodes(data=True))
    for node, data in full.nodes(data=True):
        kept = capped.nodes[node]
        assert data["evidence"] == sorted(data["evidence"], key=order)
        assert kept["evidence"] == data["evidence"][:2]
        assert kept["mention_count"] == data["mention_count"]
        assert kept.get("documents") == data.get("documents")
        if data["evidence"]:
            assert data["documents"] == sorted({item.document for item in data["evidence"]})
    pairs = [(u, v) for u, v, key in full.edges(keys=True) if key == CO_MENTIONED]
    assert any(full.edges[u, v, CO_MENTIONED]["weight"] > 2 for u, v in pairs)
    for u, v in pairs:
        data, kept = full.edges[u, v, CO_MENTIONED], capped.edges[u, v, CO_MENTIONED]
        assert data["weight"] == len(data["evidence"]) == kept["weight"]
        assert kept["evidence"] == data["evidence"][:2]
        assert kept["documents"] == data["documents"]
        assert data["documents"] == sorted({item.document for item in data["evidence"]})
    assert capped.graph["documents"] == full.graph["documents"]


@pytest.mark.parametrize("module", ["kg.network", "kg.viz", "kg.graph_formats", "kg.names", "kg.analysis"])
def test_docstring_examples_run(module):
    imported = importlib.import_module(module)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(imported, optionflags=flags)
    assert result.attempted > 5 and result.failed == 0
