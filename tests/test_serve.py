"""``kg serve`` as a real subprocess: routes, formats, limits, refusals, and real clients."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest
import rdflib
from conftest_sparql import call, fixture_build, load_fixture, start_kg_serve, stop
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.query import expand_iri, run, saved_queries
from kg.serve import ServeSettings, SparqlServer, WorkerPool, exposure_warning
from kg.store import (
    EmbeddedStore,
    Table,
    inject_values,
    locate_build,
    open_store,
    to_python,
    to_term,
)

ID = "https://w3id.org/borderkg/id/"
# Ten VALUES blocks of ten: 10^10 solutions to count, far beyond any time limit.
ENDLESS = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(10))
    + " }"
)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_build(tmp_path_factory.mktemp("serve") / "build")


@pytest.fixture(scope="module")
def server(build: Path) -> Iterator[str]:
    process, url = start_kg_serve(build, "--workers", "1", "--timeout", "1", "--limit", "40")
    yield url
    stop(process)


@pytest.fixture(scope="module")
def cors_server(build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    copy = tmp_path_factory.mktemp("serve-updates") / "build"
    with open_store(copy / "store") as store:
        load_fixture(store)
    process, url = start_kg_serve(copy, "--cors", "--allow-updates")
    yield url
    stop(process)


def select_json(url: str, query: str, **headers: str) -> dict:
    status, _, body = call(url, params={"query": query}, headers=headers)
    assert status == 200, body
    return json.loads(body)


def test_select_in_every_result_format(server: str) -> None:
    query = (
        f"SELECT ?l WHERE {{ <{ID}city/tijuana> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    )
    expected = {
        "application/sparql-results+json": b'"value":"Tijuana"',
        "application/sparql-results+xml": b"<literal>Tijuana</literal>",
        "text/csv": b"l\r\nTijuana\r\n",
        "text/tab-separated-values": b'?l\n"Tijuana"\n',
    }
    for media, fragment in expected.items():
        status, headers, body = call(server, params={"query": query}, headers={"Accept": media})
        assert status == 200 and headers["content-type"].startswith(media), (media, body)
        assert fragment in body, (media, body)


def test_union_default_graph_unless_a_dataset_is_named(server: str) -> None:
    def count(query: str, **params: str) -> int:
        status, _, body = call(server, params={"query": query, **params})
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    everything = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    entities = count(f"SELECT (COUNT(*) AS ?n) FROM <{ID}graph/entities> WHERE {{ ?s ?p ?o }}")
    doc2 = count(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **{"default-graph-uri": ID + "graph/doc/d2"}
    )
    assert 0 < doc2 < everything and 0 < entities < everything and doc2 != entities


def test_the_common_prefixes_are_declared(server: str) -> None:
    answer = select_json(server, "SELECT ?l WHERE { ?city a bk:City ; rdfs:label ?l }")
    assert "Tijuana" in {row["l"]["value"] for row in answer["results"]["bindings"]}
    own = "PREFIX bk: <http://example.org/other#> SELECT ?l WHERE { ?city a bk:City ; rdfs:label ?l }"
    assert select_json(server, own)["results"]["bindings"] == []  # the query's own PREFIX wins


def test_construct_as_turtle_ntriples_and_jsonld(server: str) -> None:
    # Types, labels and mention counts of the entities: fewer triples than --limit 40.
    wanted = ", ".join(
        f"<{iri}>"
        for iri in (
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
            "http://www.w3.org/2000/01/rdf-schema#label",
            "http://www.w3.org/2004/02/skos/core#altLabel",
            "https://w3id.org/borderkg/ontology#mentionCount",
        )
    )
    query = (
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ID}graph/entities> {{ ?s ?p ?o }} "
        f"FILTER (?p IN ({wanted})) }}"
    )
    answers = {}
    for media in ("text/turtle", "application/n-triples", "application/ld+json"):
        status, headers, body = call(
            server,
            "POST",
            body=query.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": media},
        )
        assert status == 200 and headers["content-type"].startswith(media)
        answers[media] = set(ox.parse(body, format=ox.RdfFormat.from_media_type(media)))
    assert len(answers["text/turtle"]) > 20
    assert (
        answers["text/turtle"] == answers["application/n-triples"] == answers["application/ld+json"]
    )
    status, _, body = call(server, params={"query": query}, headers={"Accept": "image/png"})
    assert status == 406 and b"text/turtle" in body


def test_service_is_refused_before_running_but_the_word_in_a_string_is_fine(server: str) -> None:
    for query in (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://example.org/> { ?s ?p ?o } }",
        "ASK { GRAPH ?g { ?s ?p ?o } SERVICE <http://example.org/> {} }",
    ):
        status, _, body = call(server, params={"query": query})
        assert status == 403 and b"SERVICE is disabled" in body, body
    innocent = select_json(
        server,
        'PREFIX ex: <http://example.org/SERVICE#> SELECT ?x WHERE { BIND("SERVICE {" AS ?x) } # SERVICE',
    )
    assert innocent["results"]["bindings"] == [{"x": {"type": "literal", "value": "SERVICE {"}}]


def test_read_only_refuses_updates(server: str) -> None:
    for body, media in (
        (b"DROP ALL", "application/sparql-update"),
        (b"update=DROP+ALL", "application/x-www-form-urlencoded"),
    ):
        status, _, answer = call(server, "POST", body=body, headers={"Content-Type": media})
        assert status == 403 and b"--allow-updates" in answer
    assert select_json(server, "ASK { GRAPH ?g { ?s ?p ?o } }")["boolean"] is True


def test_result_limit(server: str) -> None:  # the server runs with --limit 40
    values = " ".join(str(i) for i in range(41))
    status, _, body = call(
        server, params={"query": f"SELECT ?i WHERE {{ VALUES ?i {{ {values} }} }}"}
    )
    assert status == 422 and b"more than 40 results" in body
    ok = select_json(server, f"SELECT ?i WHERE {{ VALUES ?i {{ {values} }} }} LIMIT 40")
    assert len(ok["results"]["bindings"]) == 40
    construct = f"CONSTRUCT {{ ?i ?i ?i }} WHERE {{ VALUES ?i {{ {' '.join(f'<urn:x:{i}>' for i in range(41))} }} }}"
    assert call(server, params={"query": construct})[0] == 422


def test_timeout_kills_the_query_and_the_server_recovers(server: str) -> None:  # --timeout 1
    started = time.monotonic()
    status, _, body = call(server, params={"query": ENDLESS})
    elapsed = time.monotonic() - started
    assert status == 503 and b"1 s limit" in body
    assert elapsed < 5
    # One worker only: if the endless query still held it, this would wait and fail.
    deadline = time.monotonic() + 10
    while True:
        status, _, body = call(server, params={"query": "ASK {}"})
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)  # the replacement worker is starting
    assert status == 200, body


def test_connections_send_without_waiting_for_acknowledgements(build: Path) -> None:
    # Nagle's algorithm would hold each response's body until the client acknowledged its
    # headers, which a client keeping its connection open delays (40 ms on Linux).
    settings = ServeSettings(port=0, workers=1)
    pool = WorkerPool(Path(locate_build(build)), settings)
    server = SparqlServer(settings, pool)
    try:
        with socket.create_connection(server.server_address[:2], timeout=10):
            connection, _ = server.get_request()  # what serve_forever accepts it with
            with connection:
                assert connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        server.server_close()
        pool.close()


def test_one_kept_alive_connection_answers_every_format_and_refusal(server: str) -> None:
    parts = urlsplit(server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    select = f"SELECT ?l WHERE {{ <{ID}city/tijuana> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
    exchanges = [
        ("GET", {"query": select}, "text/csv", 200),
        ("POST", {"query": select}, "application/sparql-results+xml", 200),
        ("GET", {"query": "ASK {}"}, "application/sparql-results+json", 200),
        ("POST", {"query": f"CONSTRUCT {{ <{ID}x> <{ID}y> 1 }} WHERE {{}}"}, "text/turtle", 200),
        ("GET", {"query": "SELECT * { SERVICE <http://a.example/> { ?s ?p ?o } }"}, "*/*", 403),
        ("POST", {"update": "CLEAR ALL"}, "*/*", 403),
        ("GET", {"query": "SELECT * { ?s ?p ?o }"}, "text/tab-separated-values", 422),
    ]
    opened = []
    try:
        for method, fields, accept, expected in exchanges:
            form = urlencode(fields)
            if method == "GET":
                connection.request("GET", f"{parts.path}?{form}", headers={"Accept": accept})
            else:
                connection.request("POST", parts.path, body=form.encode(), headers={
                    "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
            response = connection.getresponse()
            body = response.read()
            assert response.status == expected, (method, fields, body)
            assert response.getheader("Connection") != "close"
            if expected == 200 and accept != "*/*":
                assert response.getheader("Content-Type").startswith(accept)
            opened.append(connection.sock)
        assert opened[0] is not None and all(sock is opened[0] for sock in opened)
    finally:
        connection.close()


def test_protocol_errors(server: str) -> None:
    root = server.rsplit("/", 1)[0]
    assert call(root + "/nothing")[0] == 404
    assert call(server, "DELETE")[0] == 405
    assert call(server, params={"query": "SELECT * {"})[0] == 400
    assert call(server, "POST", body=b"ASK {}", headers={"Content-Type": "text/plain"})[0] == 415
    # The server refuses a body over its bound from the headers, before reading it.
    parts = urlsplit(server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest("POST", parts.path)
    connection.putheader("Content-Type", "application/x-www-form-urlencoded")
    connection.putheader("Content-Length", str(ServeSettings().max_body + 1))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413 and b"larger than" in response.read()
    connection.close()
    status, headers, body = call(server, "HEAD", params={"query": "ASK {}"})
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_service_description_and_no_cors_by_default(server: str) -> None:
    status, headers, body = call(server, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    description = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef(server)) in description
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) not in description
    assert (None, sd.name, rdflib.URIRef(ID + "graph/doc/d1")) in description
    assert "access-control-allow-origin" not in headers


def test_cors_and_updates_when_allowed(cors_server: str) -> None:
    status, headers, _ = call(
        cors_server,
        "OPTIONS",
        headers={"Origin": "http://a.example", "Access-Control-Request-Method": "POST"},
    )
    assert status == 204 and headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    update = f'INSERT DATA {{ GRAPH <{ID}graph/doc/d3> {{ <{ID}x> <{ID}p> "new" }} }}'
    status, headers, _ = call(
        cors_server,
        "POST",
        body=update.encode(),
        headers={"Content-Type": "application/sparql-update"},
    )
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    assert select_json(cors_server, f'ASK {{ GRAPH <{ID}graph/doc/d3> {{ ?s ?p "new" }} }}')[
        "boolean"
    ]
    load = f"LOAD <http://127.0.0.1:9/data.ttl> INTO GRAPH <{ID}graph/doc/d4>"
    status, _, body = call(
        cors_server,
        "POST",
        body=load.encode(),
        headers={"Content-Type": "application/sparql-update"},
    )
    assert status == 403 and b"LOAD is disabled" in body


def test_non_loopback_host_warns() -> None:
    assert exposure_warning(ServeSettings(host="127.0.0.1")) is None
    assert exposure_warning(ServeSettings(host="::1")) is None
    warning = exposure_warning(ServeSettings(host="0.0.0.0", allow_updates=True))
    assert warning and "0.0.0.0" in warning and "change it" in warning


def test_missing_build_is_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg.serve", str(tmp_path / "nothing"), "--port", "1"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no build in" in result.stderr


# --------------------------------------------------------------------------- real clients


def _from_json(binding: dict[str, str] | None) -> object:
    if binding is None:
        return None
    if binding["type"] == "uri":
        return binding["value"]
    if binding["type"] == "bnode":
        return "_:" + binding["value"]
    datatype = binding.get("datatype")
    literal = ox.Literal(binding["value"], datatype=ox.NamedNode(datatype) if datatype else None)
    return to_python(literal)


def _from_rdflib(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return str(term)
    assert isinstance(term, rdflib.Literal)
    datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
    return to_python(ox.Literal(str(term), datatype=datatype))


def _inline(query_text: str, params: dict[str, str]) -> str:
    """The query with its parameters as a VALUES block and without its comment header.

    SPARQLWrapper sniffs the query form with regular expressions; its comment pattern
    skips every other line of a comment block, so the header of a saved query could
    make it mistake a SELECT for an update.
    """
    terms = {k: to_term(k, expand_iri(v) if k.endswith("_iri") else v) for k, v in params.items()}
    text = inject_values(query_text, terms)
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_kg_store_speaks_to_kg_serve(server: str, build: Path) -> None:
    remote = open_store(server)
    with open_store(build / "store", read_only=True) as embedded:
        for saved in saved_queries():
            params = {
                p.name: "bk:worksFor" if p.name.endswith("_iri") else "Tijuana"
                for p in saved.params
            }
            assert run(remote, saved, params) == run(embedded, saved, params), saved.name
    assert remote.graphs() == [ID + "graph/doc/d1", ID + "graph/doc/d2", ID + "graph/entities",
                               ID + "graph/route-places"]


@pytest.mark.parametrize("client", ["SPARQLWrapper", "rdflib"])
def test_real_clients_get_the_embedded_answers(client: str, server: str, build: Path) -> None:
    checked = 0
    with open_store(build / "store", read_only=True) as embedded:
        assert isinstance(embedded, EmbeddedStore)
        for saved in saved_queries():
            params = {
                p.name: "bk:worksFor" if p.name.endswith("_iri") else "Mayorkas"
                for p in saved.params
            }
            text = _inline(saved.text, params)
            expected = embedded.select(text)
            if client == "SPARQLWrapper":
                sparqlwrapper = pytest.importorskip("SPARQLWrapper")
                wrapper = sparqlwrapper.SPARQLWrapper(server)
                wrapper.setQuery(text)
                wrapper.setReturnFormat(sparqlwrapper.JSON)
                answer = wrapper.queryAndConvert()
                columns = tuple(answer["head"]["vars"])
                rows = tuple(
                    tuple(_from_json(b.get(c)) for c in columns)
                    for b in answer["results"]["bindings"]
                )
            else:
                graph = rdflib.Graph(store=SPARQLStore(query_endpoint=server))
                result = graph.query(text)
                columns = tuple(str(v) for v in result.vars)
                rows = tuple(tuple(_from_rdflib(row[c]) for c in columns) for row in result)
            assert Table(columns, rows) == expected, saved.name
            checked += bool(expected.rows)
    assert checked >= 5  # most saved queries answer something on the fixture


DATES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA {
  GRAPH <https://w3id.org/borderkg/id/graph/doc/d1> {
    <https://w3id.org/borderkg/id/doc/d1> dcterms:date "2023-05-11"^^xsd:date }
  GRAPH <https://w3id.org/borderkg/id/graph/doc/d2> {
    <https://w3id.org/borderkg/id/doc/d2> dcterms:date "2024-02-01"^^xsd:date }
}"""


@pytest.fixture(scope="module")
def dated_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The fixture with d1 reported on 2023-05-11 and d2 on 2024-02-01, served with a
    limit of five results."""
    copy = tmp_path_factory.mktemp("serve-dated") / "build"
    with open_store(copy / "store") as store:
        load_fixture(store)
        assert isinstance(store, EmbeddedStore)
        store.oxigraph.update(DATES)
    process, url = start_kg_serve(copy, "--workers", "1", "--limit", "5")
    yield url, copy
    stop(process)


def test_saved_queries_are_served_by_name_with_their_parameters_and_a_time_window(
        dated_server: tuple[str, Path]) -> None:
    url, copy = dated_server
    queries = url.rsplit("/", 1)[0] + "/queries"
    status, headers, body = call(queries)
    assert status == 200 and headers["content-type"].startswith("application/json")
    listed = {q["name"]: q for q in json.loads(body)["queries"]}
    assert set(listed) == {q.name for q in saved_queries()}
    assert listed["entity-mentions"]["params"] == [
        {"name": "name", "kind": "entity", "description": 'the entity ("Ms. Edwards-Behar", "cbp one")'}]

    def documents(**params: str) -> list[str]:
        status, _, body = call(f"{queries}/entity-mentions", params=params,
                               headers={"Accept": "application/sparql-results+json"})
        assert status == 200, body
        return [b["document"]["value"] for b in json.loads(body)["results"]["bindings"]]

    # Any name of the entity, as kg query takes it; the window on the documents' dates.
    assert documents(name="alejandro MAYORKAS") == ["d1", "d2"]
    assert documents(name="Mayorkas", since="2024") == ["d2"]
    assert documents(name="Mayorkas", until="2023-12") == ["d1"]
    assert documents(name="Mayorkas", since="2023-06", until="2023-12-31") == []
    with open_store(copy / "store", read_only=True) as embedded:
        expected = run(embedded, "entity-mentions", {"name": "Mayorkas"}, since="2024")
    status, _, body = call(f"{queries}/entity-mentions",
                           params={"name": "Mayorkas", "since": "2024"},
                           headers={"Accept": "text/tab-separated-values"})
    assert body.decode().count("\n") == len(expected.rows) + 1

    # The endpoint's limits hold, and mistakes are one line with a 4xx.
    status, _, body = call(f"{queries}/entities-by-type")
    assert status == 422 and b"more than 5 results" in body
    assert call(f"{queries}/nothing-of-the-kind")[0] == 404
    status, _, body = call(f"{queries}/entity-mentions", params={"name": "Mayorkas", "size": "2"})
    assert status == 400 and b"no parameter 'size'" in body
    status, _, body = call(f"{queries}/entity-mentions", params={"name": "Mayorkas", "since": "May"})
    assert status == 400 and b"not a date" in body
    status, _, body = call(f"{queries}/entity-mentions", params={"name": "Nobody Known"})
    assert status == 400 and b"Nobody Known" in body
    assert call(f"{queries}/entity-mentions", "POST", body=b"name=Mayorkas",
                headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 405
    # Read-only: the saved queries are the only text it runs; the store is unchanged.
    with open_store(copy / "store", read_only=True) as embedded:
        assert len(run(embedded, "entity-mentions", {"name": "Mayorkas"}).rows) == 2
