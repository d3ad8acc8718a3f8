"""Fixtures shared by the store, query and serve tests: real servers on loopback ports.

Import the fixtures you need into a test module (``from conftest_sparql import
oxigraph_server``); this is not ``conftest.py`` because that file belongs to the lead.
"""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest

from kg.store import Store, open_store


def call(
    url: str,
    method: str = "GET",
    params: dict[str, str] | None = None,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    target: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request to a server under test: status, headers (lower-case names), body.

    ``target`` is sent as the request target exactly as given, instead of the URL's
    path and ``params``.
    """
    parts = urlsplit(url)
    path = target or parts.path + ("?" + urlencode(params) if params else "")
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def free_port() -> int:
    """A TCP port nobody listens on at the moment, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 20.0) -> None:
    """Poll ``url`` until it answers any HTTP status; fail if the process dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    stop(process)
    raise RuntimeError(f"server at {url} did not come up within {timeout} s: {log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """Stop a server we started, politely then firmly."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of the PyPI package ``oxigraph``, next to this Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph==0.5.13)")
    return found


def _start(command: list[str], url: str, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:  # a file, not a pipe nobody drains
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    wait_until_up(url, process, log)
    return process


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a real ``oxigraph serve`` on a free loopback port, stopped after the module."""
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [oxigraph_binary(), "serve", "--location", str(folder / "data"),
               "--bind", f"127.0.0.1:{port}"]  # fmt: skip
    process = _start(command, url + "/query?query=ASK%7B%7D", folder / "oxigraph.log")
    try:
        yield url
    finally:
        stop(process)


def start_kg_serve(build_dir: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """Start ``kg serve BUILD_DIR`` as a real subprocess; return it and its /sparql URL.

    The server's output goes to ``serve-PORT.log`` beside ``build_dir``.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    command = [sys.executable, "-m", "kg.serve", str(build_dir), "--port", str(port), *extra]
    process = _start(command, url, build_dir.parent / f"serve-{port}.log")
    return process, url


# Two documents. d1: Mayorkas (DHS) on CBP One, CBP administers CBP One, Russian migrants fly
# Moscow -> Cancún -> Tijuana (tallied per place in the route-places graph, as a build does),
# a statistic. d2: CBP One and Tijuana in one sentence, a claim.
FIXTURE = """
@prefix bk: <https://w3id.org/borderkg/ontology#> .
@prefix id: <https://w3id.org/borderkg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix wd: <http://www.wikidata.org/entity/> .

<https://w3id.org/borderkg/id/graph/entities> {
  <https://w3id.org/borderkg/id/person/alejandro-mayorkas> a bk:Person ;
      rdfs:label "Alejandro Mayorkas" ; skos:altLabel "Mayorkas", "Alejandro Mayorkas" ;
      bk:mentionCount 2 ; bk:documentCount 2 ; bk:nameKey "alejandro mayorkas", "mayorkas" .
  <https://w3id.org/borderkg/id/governmentagency/dhs> a bk:GovernmentAgency ;
      rdfs:label "Department of Homeland Security" ; skos:altLabel "DHS" ; bk:mentionCount 1 ;
      bk:documentCount 1 ; bk:nameKey "department of homeland security", "dhs" .
  <https://w3id.org/borderkg/id/governmentagency/cbp> a bk:GovernmentAgency ;
      rdfs:label "U.S. Customs and Border Protection" ; skos:altLabel "CBP" ; bk:mentionCount 1 ;
      bk:documentCount 1 ; bk:nameKey "u.s. customs and border protection", "cbp" .
  <https://w3id.org/borderkg/id/app/cbp-one> a bk:App ;
      rdfs:label "CBP One" ; skos:altLabel "CBP One", "the CBP One app" ; bk:mentionCount 3 ;
      bk:documentCount 2 ; bk:nameKey "cbp one", "the cbp one app" ; owl:sameAs wd:Q115820370 .
  <https://w3id.org/borderkg/id/migrantgroup/russian-migrants> a bk:MigrantGroup ;
      rdfs:label "Russian migrants" ; skos:altLabel "Russians" ; bk:mentionCount 1 ;
      bk:documentCount 1 ; bk:nameKey "russian migrants", "russians" .
  <https://w3id.org/borderkg/id/city/moscow> a bk:City ; rdfs:label "Moscow" ; bk:mentionCount 1 ;
      bk:documentCount 1 ; bk:nameKey "moscow" .
  <https://w3id.org/borderkg/id/city/cancun> a bk:City ; rdfs:label "Cancún" ; bk:mentionCount 1 ;
      bk:documentCount 1 ; bk:nameKey "cancún" .
  <https://w3id.org/borderkg/id/city/tijuana> a bk:City ; rdfs:label "Tijuana" ;
      bk:mentionCount 2 ; bk:documentCount 1 ; bk:nameKey "tijuana" ;
      schema:latitude 32.5 ; schema:longitude -117.0 .
}

<https://w3id.org/borderkg/id/graph/doc/d1> {
  <https://w3id.org/borderkg/id/doc/d1> a bk:Document ; dcterms:identifier "d1" ;
      dcterms:title "Russians fly to Tijuana" .
  <https://w3id.org/borderkg/id/sentence/d1/0-60> a bk:Sentence ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d1> ; oa:start 0 ; oa:end 60 ;
      rdf:value "DHS Secretary Alejandro Mayorkas said CBP One \\"works well\\"." .
  <https://w3id.org/borderkg/id/sentence/d1/61-120> a bk:Sentence ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d1> ; oa:start 61 ; oa:end 120 ;
      rdf:value "Russians flew from Moscow to Cancún, then to Tijuana; CBP runs CBP One." .
  <https://w3id.org/borderkg/id/mention/d1/0-3> a bk:Mention ;
      bk:refersTo <https://w3id.org/borderkg/id/governmentagency/dhs> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d1> ; oa:start 0 ; oa:end 3 ; oa:exact "DHS" ;
      bk:sentence <https://w3id.org/borderkg/id/sentence/d1/0-60> ; bk:rule "vocabulary" .
  <https://w3id.org/borderkg/id/mention/d1/14-32> a bk:Mention ;
      bk:refersTo <https://w3id.org/borderkg/id/person/alejandro-mayorkas> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d1> ; oa:start 14 ; oa:end 32 ;
      oa:exact "Alejandro Mayorkas" ; bk:sentence <https://w3id.org/borderkg/id/sentence/d1/0-60> ;
      bk:rule "ner" .
  <https://w3id.org/borderkg/id/mention/d1/38-45> a bk:Mention ;
      bk:refersTo <https://w3id.org/borderkg/id/app/cbp-one> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d1> ; oa:start 38 ; oa:end 45 ;
      oa:exact "CBP One" ; bk:sentence <https://w3id.org/borderkg/id/sentence/d1/0-60> ;
      bk:rule "vocabulary" .
  <https://w3id.org/borderkg/id/mention/d1/61-69> a bk:Mention ;
      bk:refersTo <https://w3id.org/borderkg/id/migrantgroup/russian-migrants> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d1> ; oa:start 61 ; oa:end 69 ;
      oa:exact "Russians" ; bk:sentence <https://w3id.org/borderkg/id/sentence/d1/61-120> ;
      bk:rule "demonym" .
  # What the build counts from the mentions: per entity, per sentence.
  <https://w3id.org/borderkg/id/governmentagency/dhs> bk:documentMentionCount 1 .
  <https://w3id.org/borderkg/id/person/alejandro-mayorkas> bk:documentMentionCount 1 .
  <https://w3id.org/borderkg/id/app/cbp-one> bk:documentMentionCount 1 .
  <https://w3id.org/borderkg/id/migrantgroup/russian-migrants> bk:documentMentionCount 1 .
  <https://w3id.org/borderkg/id/sentence/d1/0-60> bk:mentions
      <https://w3id.org/borderkg/id/governmentagency/dhs>,
      <https://w3id.org/borderkg/id/person/alejandro-mayorkas>,
      <https://w3id.org/borderkg/id/app/cbp-one> .
  <https://w3id.org/borderkg/id/sentence/d1/61-120> bk:mentions
      <https://w3id.org/borderkg/id/migrantgroup/russian-migrants> .

  <https://w3id.org/borderkg/id/person/alejandro-mayorkas> bk:worksFor
      <https://w3id.org/borderkg/id/governmentagency/dhs> .
  <https://w3id.org/borderkg/id/fact/d1/a1> a bk:Assertion ;
      rdf:subject <https://w3id.org/borderkg/id/person/alejandro-mayorkas> ;
      rdf:predicate bk:worksFor ; rdf:object <https://w3id.org/borderkg/id/governmentagency/dhs> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d1> ; oa:start 0 ; oa:end 32 ;
      oa:exact "DHS Secretary Alejandro Mayorkas" ;
      bk:sentence <https://w3id.org/borderkg/id/sentence/d1/0-60> ;
      bk:rule "title-of-org" ; bk:confidence 0.9 .
  <https://w3id.org/borderkg/id/governmentagency/cbp> bk:administers
      <https://w3id.org/borderkg/id/app/cbp-one> .
  <https://w3id.org/borderkg/id/fact/d1/a2> a bk:Assertion ;
      rdf:subject <https://w3id.org/borderkg/id/governmentagency/cbp> ;
      rdf:predicate bk:administers ; rdf:object <https://w3id.org/borderkg/id/app/cbp-one> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d1> ; oa:start 115 ; oa:end 130 ;
      oa:exact "CBP runs CBP One" ; bk:sentence <https://w3id.org/borderkg/id/sentence/d1/61-120> ;
      bk:rule "runs" ; bk:confidence 0.8 .

  <https://w3id.org/borderkg/id/route/d1/1> a bk:Route ;
      bk:traveller <https://w3id.org/borderkg/id/migrantgroup/russian-migrants> ;
      bk:leg <https://w3id.org/borderkg/id/leg/d1/1-2>, <https://w3id.org/borderkg/id/leg/d1/1-1> .
  <https://w3id.org/borderkg/id/leg/d1/1-1> a bk:RouteLeg ; bk:order 1 ;
      bk:from <https://w3id.org/borderkg/id/city/moscow> ;
      bk:to <https://w3id.org/borderkg/id/city/cancun> ; bk:mode "flew" ;
      bk:sentence <https://w3id.org/borderkg/id/sentence/d1/61-120> .
  <https://w3id.org/borderkg/id/leg/d1/1-2> a bk:RouteLeg ; bk:order 2 ;
      bk:from <https://w3id.org/borderkg/id/city/cancun> ;
      bk:to <https://w3id.org/borderkg/id/city/tijuana> ;
      bk:sentence <https://w3id.org/borderkg/id/sentence/d1/61-120> .

  <https://w3id.org/borderkg/id/statistic/d1/1> a bk:Statistic ; bk:value 24200.0 ;
      bk:quantityText "24,200" ; bk:qualifier "more than" ;
      bk:counts "Russians entering through ports of entry" ;
      bk:group <https://w3id.org/borderkg/id/migrantgroup/russian-migrants> ;
      bk:period "since October" ; bk:place <https://w3id.org/borderkg/id/city/tijuana> ;
      bk:source "according to CBP data" ;
      bk:sentence <https://w3id.org/borderkg/id/sentence/d1/61-120> .
  <https://w3id.org/borderkg/id/statistic/d1/2> a bk:Statistic ; bk:value 3.0 ;
      bk:quantityText "three" ; bk:group "families" ;
      bk:sentence <https://w3id.org/borderkg/id/sentence/d1/61-120> .

  <https://w3id.org/borderkg/id/quote/d1/1> a bk:Quote ;
      bk:speaker <https://w3id.org/borderkg/id/person/alejandro-mayorkas> ;
      bk:text "works well" ; bk:about <https://w3id.org/borderkg/id/app/cbp-one> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d1> ; oa:start 46 ; oa:end 58 ;
      bk:sentence <https://w3id.org/borderkg/id/sentence/d1/0-60> .
}

<https://w3id.org/borderkg/id/graph/route-places> {
  <https://w3id.org/borderkg/id/city/moscow> bk:legsFrom 1 ; bk:legsTo 0 ;
      bk:passedBy <https://w3id.org/borderkg/id/migrantgroup/russian-migrants> .
  <https://w3id.org/borderkg/id/city/cancun> bk:legsFrom 1 ; bk:legsTo 1 ;
      bk:passedBy <https://w3id.org/borderkg/id/migrantgroup/russian-migrants> .
  <https://w3id.org/borderkg/id/city/tijuana> bk:legsFrom 0 ; bk:legsTo 1 ;
      bk:passedBy <https://w3id.org/borderkg/id/migrantgroup/russian-migrants> .
}

<https://w3id.org/borderkg/id/graph/doc/d2> {
  <https://w3id.org/borderkg/id/doc/d2> a bk:Document ; dcterms:identifier "d2" .
  <https://w3id.org/borderkg/id/sentence/d2/0-40> a bk:Sentence ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d2> ; oa:start 0 ; oa:end 40 ;
      rdf:value "In Tijuana, the CBP One app keeps failing." .
  <https://w3id.org/borderkg/id/sentence/d2/41-90> a bk:Sentence ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d2> ; oa:start 41 ; oa:end 90 ;
      rdf:value "Mayorkas said the app would be fixed." .
  <https://w3id.org/borderkg/id/mention/d2/3-10> a bk:Mention ;
      bk:refersTo <https://w3id.org/borderkg/id/city/tijuana> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d2> ; oa:start 3 ; oa:end 10 ;
      oa:exact "Tijuana" ; bk:sentence <https://w3id.org/borderkg/id/sentence/d2/0-40> ;
      bk:rule "gazetteer" .
  <https://w3id.org/borderkg/id/mention/d2/12-27> a bk:Mention ;
      bk:refersTo <https://w3id.org/borderkg/id/app/cbp-one> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d2> ; oa:start 12 ; oa:end 27 ;
      oa:exact "the CBP One app" ; bk:sentence <https://w3id.org/borderkg/id/sentence/d2/0-40> ;
      bk:rule "vocabulary" .
  <https://w3id.org/borderkg/id/mention/d2/41-49> a bk:Mention ;
      bk:refersTo <https://w3id.org/borderkg/id/person/alejandro-mayorkas> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d2> ; oa:start 41 ; oa:end 49 ;
      oa:exact "Mayorkas" ; bk:sentence <https://w3id.org/borderkg/id/sentence/d2/41-90> ;
      bk:rule "ner" .
  <https://w3id.org/borderkg/id/city/tijuana> bk:documentMentionCount 1 .
  <https://w3id.org/borderkg/id/app/cbp-one> bk:documentMentionCount 1 .
  <https://w3id.org/borderkg/id/person/alejandro-mayorkas> bk:documentMentionCount 1 .
  <https://w3id.org/borderkg/id/sentence/d2/0-40> bk:mentions
      <https://w3id.org/borderkg/id/city/tijuana>, <https://w3id.org/borderkg/id/app/cbp-one> .
  <https://w3id.org/borderkg/id/sentence/d2/41-90> bk:mentions
      <https://w3id.org/borderkg/id/person/alejandro-mayorkas> .
  <https://w3id.org/borderkg/id/claim/d2/1> a bk:Claim, bk:Quote ;
      bk:speaker <https://w3id.org/borderkg/id/person/alejandro-mayorkas> ;
      bk:text "the app would be fixed" ; bk:about <https://w3id.org/borderkg/id/app/cbp-one> ;
      oa:hasSource <https://w3id.org/borderkg/id/doc/d2> ; oa:start 55 ; oa:end 89 ;
      bk:sentence <https://w3id.org/borderkg/id/sentence/d2/41-90> .
}
"""


def load_fixture(store: Store) -> None:
    """Load FIXTURE graph by graph, the way the build does."""
    by_graph: dict[str, list[str]] = defaultdict(list)
    for quad in ox.parse(FIXTURE, format=ox.RdfFormat.TRIG):
        by_graph[quad.graph_name.value].append(f"{quad} .\n")
    for graph, lines in by_graph.items():
        store.replace_graph(graph, "".join(lines))


def fixture_build(folder: Path) -> Path:
    """A build folder whose embedded store holds FIXTURE, for the servers under test."""
    with open_store(folder / "store") as store:
        load_fixture(store)
    return folder
