"""kg.store against both back ends: an embedded folder and a real ``oxigraph serve``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from conftest_sparql import free_port, oxigraph_server  # noqa: F401

from kg.errors import BorderKGError
from kg.store import EmbeddedStore, SparqlStore, Store, inject_values, keywords, open_store, to_term

ID = "https://w3id.org/borderkg/id/"
BK = "https://w3id.org/borderkg/ontology#"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
EVIL = 'Sen. "Bob" {Smith} } ; DROP ALL ; {'


def nquads(graph: str, *triples: str) -> str:
    return "".join(f"{t} <{graph}> .\n" for t in triples)


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:
    if request.param == "embedded":
        opened = open_store(tmp_path / "store")
        assert isinstance(opened, EmbeddedStore)
    else:
        # One server per module; a fresh namespace of graphs per test keeps tests apart.
        base = request.getfixturevalue("oxigraph_server")
        opened = open_store(base)
        assert isinstance(opened, SparqlStore)
        for graph in opened.graphs():
            opened.drop_graph(graph)
    yield opened
    opened.close()


def entities(*triples: str) -> str:
    return nquads(ID + "graph/entities", *triples)


def test_replace_graph_leaves_no_stale_facts(store: Store) -> None:
    doc = ID + "graph/doc/d1"
    store.replace_graph(doc, nquads(doc, f'<{ID}m/1> {RDFS_LABEL} "old"'))
    store.replace_graph(
        ID + "graph/doc/d2", nquads(ID + "graph/doc/d2", f'<{ID}m/2> {RDFS_LABEL} "kept"')
    )
    store.replace_graph(doc, nquads(doc, f'<{ID}m/1> {RDFS_LABEL} "new"'))
    labels = store.select(
        "SELECT ?g ?l WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } } "
        "ORDER BY ?l"
    )
    assert labels.rows == ((ID + "graph/doc/d2", "kept"), (doc, "new"))
    assert store.graphs() == [ID + "graph/doc/d1", ID + "graph/doc/d2"]


def test_drop_graph_and_empty_replace(store: Store) -> None:
    g = ID + "graph/doc/x"
    store.replace_graph(g, nquads(g, f'<{ID}a> {RDFS_LABEL} "a"'))
    store.drop_graph(g)
    assert store.graphs() == []
    store.drop_graph(g)  # dropping a missing graph is fine
    assert not store.ask("ASK { GRAPH ?g { ?s ?p ?o } }")


def test_replace_graph_rejects_quads_of_another_graph(store: Store) -> None:
    with pytest.raises(BorderKGError, match="is in graph"):
        store.replace_graph(
            ID + "graph/doc/a", nquads(ID + "graph/doc/b", f'<{ID}a> {RDFS_LABEL} "a"')
        )
    with pytest.raises(BorderKGError, match="N-Quads"):
        store.replace_graph(ID + "graph/doc/a", "<not n-quads")
    assert store.graphs() == []


def test_select_returns_plain_python_values(store: Store) -> None:
    g = ID + "graph/entities"
    store.replace_graph(
        g,
        entities(
            f'<{ID}app/cbp-one> {RDFS_LABEL} "CBP One"',
            f'<{ID}app/cbp-one> <{BK}mentionCount> "3"^^<http://www.w3.org/2001/XMLSchema#integer>',
            f'<{ID}app/cbp-one> <{BK}confidence> "0.8"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        ),
    )
    table = store.select(
        f"SELECT ?e ?label ?n ?c ?missing WHERE {{ GRAPH ?g {{ ?e {RDFS_LABEL} ?label ; "
        f"<{BK}mentionCount> ?n ; <{BK}confidence> ?c }} }}"
    )
    assert table.columns == ("e", "label", "n", "c", "missing")
    assert table.rows == ((ID + "app/cbp-one", "CBP One", 3, 0.8, None),)
    assert table.records()[0]["n"] == 3


@pytest.mark.parametrize("name", [EVIL, 'a"b', "{", "}", "line\nbreak\\"])
def test_params_are_literals_never_sparql(store: Store, name: str) -> None:
    g = ID + "graph/entities"
    literal = str(to_term("label", name))
    store.replace_graph(
        g, entities(f"<{ID}person/x> {RDFS_LABEL} {literal}", f'<{ID}person/y> {RDFS_LABEL} "y"')
    )
    query = f"SELECT ?e WHERE {{ GRAPH ?g {{ ?e {RDFS_LABEL} ?label }} }}"
    assert store.select(query, {"label": name}).rows == ((ID + "person/x",),)
    assert store.ask(f"ASK {{ GRAPH ?g {{ ?e {RDFS_LABEL} ?label }} }}", {"label": name})
    assert store.graphs() == [g]  # nothing was dropped
    in_filter = (
        f"SELECT ?e WHERE {{ GRAPH ?g {{ ?e {RDFS_LABEL} ?l }} "
        "FILTER (LCASE(?l) = LCASE(?label) && BOUND(?label)) }"
    )
    assert store.select(in_filter, {"label": name.upper()}).rows == ((ID + "person/x",),)


def test_iri_params_bind_iris_and_numbers_bind_numbers(store: Store) -> None:
    g = ID + "graph/entities"
    store.replace_graph(
        g,
        entities(
            f'<{ID}city/tijuana> {RDFS_LABEL} "Tijuana"',
            f'<{ID}city/tijuana> <{BK}mentionCount> "4"^^<http://www.w3.org/2001/XMLSchema#integer>',
        ),
    )
    query = f"SELECT ?label WHERE {{ GRAPH ?g {{ ?entity_iri {RDFS_LABEL} ?label }} }}"
    assert store.select(query, {"entity_iri": ID + "city/tijuana"}).rows == (("Tijuana",),)
    # the same text as a plain string is a literal, so it matches no subject
    assert (
        store.select(query.replace("entity_iri", "entity"), {"entity": ID + "city/tijuana"}).rows
        == ()
    )
    count = f"ASK {{ GRAPH ?g {{ ?e <{BK}mentionCount> ?n }} }}"
    assert store.ask(count, {"n": 4}) and not store.ask(count, {"n": 5})
    with pytest.raises(BorderKGError, match="not an absolute IRI"):
        store.select(query, {"entity_iri": "> } DROP ALL"})


def test_construct_and_dump_are_deterministic(store: Store) -> None:
    store.replace_graph(ID + "graph/doc/b", nquads(ID + "graph/doc/b", f'<{ID}b> {RDFS_LABEL} "b"'))
    store.replace_graph(
        ID + "graph/entities",
        entities(
            f'<{ID}z> {RDFS_LABEL} "z"', f'<{ID}a> {RDFS_LABEL} "a"', f'<{ID}b> {RDFS_LABEL} "b"'
        ),
    )
    nq = store.dump("nquads").decode()
    lines = nq.splitlines()
    assert lines == sorted(lines, key=lambda line: (line.split()[-2], line))
    assert len(lines) == 4
    turtle = store.dump("turtle").decode()
    assert "@prefix bk: <https://w3id.org/borderkg/ontology#> ." in turtle
    assert turtle.count('"b"') == 1  # the union of all graphs, without duplicates
    assert "id:graph\\/doc\\/b {" in store.dump("trig").decode()
    assert store.dump("trig") == store.dump("trig")
    ttl = store.construct(
        f"CONSTRUCT {{ ?s {RDFS_LABEL} ?l }} WHERE {{ GRAPH ?g {{ ?s {RDFS_LABEL} ?l }} }}",
        {"l": "z"},
    )
    assert 'rdfs:label "z"' in ttl and '"a"' not in ttl
    with pytest.raises(BorderKGError, match="dump format"):
        store.dump("xml")


def test_errors_are_one_clear_line(store: Store) -> None:
    with pytest.raises(BorderKGError) as bad:
        store.select("SELECT ?s WHERE { ?s ?p ")
    assert "\n" not in str(bad.value)
    with pytest.raises(BorderKGError, match="needs a SELECT"):
        store.select("ASK {}")


def test_server_down_is_a_clear_error() -> None:
    store = open_store(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(BorderKGError, match="cannot reach the SPARQL server"):
        store.graphs()


def test_embedded_store_reopens_and_persists(tmp_path) -> None:
    g = ID + "graph/doc/" + uuid.uuid4().hex
    with open_store(tmp_path / "s") as first:
        first.replace_graph(g, nquads(g, f'<{ID}a> {RDFS_LABEL} "a"'))
    with open_store(tmp_path / "s") as again:
        assert again.graphs() == [g]


def test_values_injection_skips_strings_iris_and_templates() -> None:
    construct = 'CONSTRUCT { ?s <http://x/p> "{" } WHERE { ?s ?p ?name }'
    injected = inject_values(construct, {"name": to_term("name", "x")})
    assert injected.endswith('WHERE { VALUES (?name) { ("x") } ?s ?p ?name }')
    select = 'PREFIX ex: <http://x/{> SELECT (CONCAT("{", ?n) AS ?c) FROM <http://g> { ?s ?p ?n }'
    assert "FROM <http://g> { VALUES (?n)" in inject_values(select, {"n": to_term("n", 1)})
    with pytest.raises(BorderKGError, match="long form"):
        inject_values("CONSTRUCT WHERE { ?s ?p ?o }", {"o": to_term("o", "x")})
    assert keywords('SELECT * { ?s ?p "SERVICE" } # LOAD') == {"SELECT"}
    assert "SERVICE" in keywords("SELECT * { service <http://x> { ?s ?p ?o } }")
