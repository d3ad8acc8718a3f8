"""The W3C SPARQL 1.1 Protocol and Service Description tests, replayed against ``kg serve``.

The manifests live in ``../shared/w3c`` (next to the repository). Each protocol
test is a list of HTTP requests with the expected status, result format and
boolean; this harness loads the data the manifest names into a build's store,
starts ``kg serve`` as a real subprocess on a free loopback port (a second one with
``--allow-updates`` for the tests that update), replays every request exactly
(method, path, headers, body) and checks the answers.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
import rdflib
from conftest_sparql import start_kg_serve, stop
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from kg.store import open_store

W3C = Path(__file__).resolve().parents[2] / "shared" / "w3c"
PROTOCOL = W3C / "sparql11-protocol" / "manifest.ttl"
SERVICE_DESCRIPTION = W3C / "service-description" / "manifest.ttl"

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")

RESULT_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "application/xhtml+xml"}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: str | None
    statuses: tuple[str, ...]  # "2xx", "3xx", "4xx"…: any of them passes
    format: str | None
    boolean: bool | None

    @property
    def updates(self) -> bool:
        content_type = dict(self.headers).get("content-type", "")
        text = f"{self.path} {self.body or ''}"
        return "sparql-update" in content_type or "update=" in text or "using-" in text


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    title: str
    requests: tuple[Request, ...]

    @property
    def updates(self) -> bool:
        return "update" in self.name or any(r.updates for r in self.requests)


def _read_manifest() -> tuple[list[ProtocolTest], dict[str, Path]]:
    graph = rdflib.Graph().parse(PROTOCOL, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests, data = [], {}
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        for graph_data in graph.objects(test, UT.graphData):
            data[str(graph.value(graph_data, RDFS.label))] = Path(
                urlsplit(str(graph.value(graph_data, UT.graph))).path
            )
        action = graph.value(test, MF.action)
        requests = []
        for request in Collection(graph, graph.value(action, HT.requests)):
            response = graph.value(request, HT.resp)
            body = graph.value(request, HT.body)
            headers = graph.value(request, HT.headers)
            expected_boolean = graph.value(response, MF.expectedBoolean)
            requests.append(
                Request(
                    method=str(graph.value(request, HT.methodName)),
                    path=str(graph.value(request, HT.absolutePath)),
                    headers=tuple(
                        (
                            str(graph.value(h, HT.fieldName)).lower(),
                            str(graph.value(h, HT.fieldValue)),
                        )
                        for h in (Collection(graph, headers) if headers else [])
                    ),
                    body=str(graph.value(body, CNT.chars)) if body else None,
                    statuses=tuple(
                        sorted(
                            str(s).removeprefix(str(HTS)).removeprefix("StatusCode")
                            for s in graph.objects(response, MF.expectedStatus)
                        )
                    ),
                    format=str(f) if (f := graph.value(response, MF.expectedFormat)) else None,
                    boolean=expected_boolean.toPython() if expected_boolean is not None else None,
                )
            )
        name = str(test).rsplit("#", 1)[-1]
        tests.append(ProtocolTest(name, str(graph.value(test, MF.name)), tuple(requests)))
    return tests, {label: PROTOCOL.parent / path.name for label, path in data.items()}


if PROTOCOL.is_file():
    TESTS, DATA = _read_manifest()
else:  # pragma: no cover - depends on the checkout
    TESTS, DATA = [], {}

missing = pytest.mark.skipif(
    not PROTOCOL.is_file(), reason=f"W3C protocol manifest not found at {PROTOCOL}"
)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder whose store holds every graph the manifest names."""
    folder = tmp_path_factory.mktemp("w3c") / "build"
    with open_store(folder / "store") as store:
        for graph, path in DATA.items():
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
            ]
            store.replace_graph(graph, "".join(f"{q} .\n" for q in quads))
    return folder


def _server(build: Path, *extra: str) -> Iterator[str]:
    process: subprocess.Popen
    process, url = start_kg_serve(build, "--workers", "1", *extra)
    try:
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="module")
def read_only_server(build: Path) -> Iterator[str]:
    yield from _server(build)


@pytest.fixture(scope="module")
def update_server(build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Update tests DROP ALL: give them their own copy of the store.
    copy = tmp_path_factory.mktemp("w3c-updates") / "build"
    with open_store(build / "store", read_only=True) as source:
        nquads = source.dump("nquads")
    with open_store(copy / "store") as store:
        store.bulk_load(nquads)  # type: ignore[attr-defined]
    yield from _server(copy, "--allow-updates")


def replay(url: str, request: Request) -> tuple[int, str, bytes]:
    """Send one request exactly as the manifest writes it; return status, media type, body."""
    endpoint = urlsplit(url)
    path = request.path.replace("/sparql/", endpoint.path, 1)
    connection = http.client.HTTPConnection(endpoint.hostname, endpoint.port, timeout=30)
    try:
        body = request.body.encode("utf-8") if request.body is not None else None
        connection.request(request.method, path, body=body, headers=dict(request.headers))
        response = connection.getresponse()
        media = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        return response.status, media, response.read()
    finally:
        connection.close()


def check(request: Request, status: int, media: str, body: bytes) -> None:
    """Assert that one answer meets the manifest's expectations."""
    detail = body[:300].decode("utf-8", "replace")
    assert f"{status // 100}xx" in request.statuses, f"status {status}: {detail}"
    if request.format == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml")
        if media.endswith("json"):
            value = json.loads(body)["boolean"]
        else:
            element = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
            assert element is not None
            value = element.text == "true"
        if request.boolean is not None:
            assert value is request.boolean, detail
    elif request.format == "tabular":
        assert media in RESULT_TYPES, media
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.from_media_type(media))
        assert isinstance(parsed, ox.QuerySolutions)
    elif request.format == "RDF":
        assert media in RDF_TYPES, media
        list(ox.parse(body, format=ox.RdfFormat.from_media_type(media), base_iri="http://x/"))


@missing
@pytest.mark.parametrize("test", [t for t in TESTS if not t.updates], ids=lambda t: t.name)
def test_protocol_query(test: ProtocolTest, read_only_server: str) -> None:
    for request in test.requests:
        check(request, *replay(read_only_server, request))


@missing
@pytest.mark.parametrize("test", [t for t in TESTS if t.updates], ids=lambda t: t.name)
def test_protocol_update(test: ProtocolTest, update_server: str) -> None:
    for request in test.requests:
        check(request, *replay(update_server, request))


@missing
def test_update_tests_fail_on_a_read_only_server(read_only_server: str) -> None:
    """Sanity check of the harness: the same update tests cannot pass without updates."""
    update = next(t for t in TESTS if t.name == "update_post_direct")
    status, _, body = replay(read_only_server, update.requests[0])
    assert status == 403 and b"--allow-updates" in body


def _service_description_tests() -> list[str]:
    if not SERVICE_DESCRIPTION.is_file():
        return []
    graph = rdflib.Graph().parse(SERVICE_DESCRIPTION, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = Collection(graph, graph.value(manifest, MF.entries))
    return [str(t).rsplit("#", 1)[-1] for t in entries]


@pytest.mark.skipif(
    not SERVICE_DESCRIPTION.is_file(), reason=f"no manifest at {SERVICE_DESCRIPTION}"
)
@pytest.mark.parametrize("name", _service_description_tests())
def test_service_description(name: str, read_only_server: str) -> None:
    connection_url = urlsplit(read_only_server)
    connection = http.client.HTTPConnection(
        connection_url.hostname, connection_url.port, timeout=30
    )
    connection.request("GET", connection_url.path, headers={"Accept": "text/turtle"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 200
    description = rdflib.Graph().parse(data=body, format="turtle")  # returns-rdf
    services = list(description.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    service = services[0]
    if name == "has-endpoint-triple":
        assert (service, SD.endpoint, rdflib.URIRef(read_only_server)) in description
    if name == "conforms-to-schema":
        languages = set(description.objects(service, SD.supportedLanguage))
        assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
        dataset = description.value(service, SD.defaultDataset)
        assert (dataset, RDF.type, SD.Dataset) in description
        names = {description.value(n, SD.name) for n in description.objects(dataset, SD.namedGraph)}
        assert {rdflib.URIRef(g) for g in DATA} <= names
        for feature in description.objects(service, SD.feature):
            assert str(feature).startswith(str(SD))
