"""``kg serve`` under attack: every hostile request gets a clear refusal and the server stays up.

Each test runs against a real ``kg serve`` subprocess on a loopback port and, after
each attack, checks that an ordinary query still gets its ordinary answer. No
traffic leaves 127.0.0.1: the "remote" endpoints a query names are sockets this test
listens on, to prove the server never connects to them.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest
from conftest_sparql import call, fixture_build, free_port, load_fixture, start_kg_serve, stop

from kg.serve import MAX_NESTING
from kg.store import EmbeddedStore

ID = "https://w3id.org/borderkg/id/"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# Ten VALUES blocks of ten: 10^10 solutions to count, far beyond any time limit.
ENDLESS = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(10))
    + " }"
)
CLIENT_TIMEOUT = 2.0


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixture_build(tmp_path_factory.mktemp("attacks") / "build")


@pytest.fixture(scope="module")
def server(build: Path) -> Iterator[str]:
    process, url = start_kg_serve(
        build,
        "--workers",
        "2",
        "--timeout",
        "1",
        "--limit",
        "40",
        "--client-timeout",
        str(CLIENT_TIMEOUT),
    )
    yield url
    stop(process)


@pytest.fixture(scope="module")
def triples(server: str) -> int:
    """How many triples an ordinary query counts before any attack."""
    return count(server)


class Listener:
    """A socket on a free loopback port that records every connection made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                try:
                    self.connections.append(connection.recv(200) or b"(nothing sent)")
                except OSError:
                    self.connections.append(b"(nothing sent)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    owned = Listener()
    yield owned
    owned.close()


# --------------------------------------------------------------------------- clients


def raw(url: str, data: bytes, *, half_close: bool = False, timeout: float = 10) -> bytes:
    """Send bytes as they are on a fresh connection; read one answer (or until the server closes)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
            head, blank, body = answer.partition(b"\r\n\r\n")
            length = re.search(rb"(?im)^content-length: *(\d+)", head)
            if blank and length and len(body) >= int(length[1]):
                break
        return answer


def status_of(answer: bytes) -> int:
    """The status of an answer; from the page of an HTTP/0.9-style answer without a status line."""
    found = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer) or re.search(
        rb"Error code: (\d{3})", answer
    )
    return int(found[1]) if found else 0


def count(url: str) -> int:
    status, _, body = call(url, params={"query": COUNT_ALL})
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def assert_alive(url: str, triples: int) -> None:
    """The server still answers an ordinary query, the same answer as before the attack."""
    assert count(url) == triples


# --------------------------------------------------------------------------- refusals


def test_updates_are_refused_while_read_only(server: str, triples: int) -> None:
    update = f'INSERT DATA {{ GRAPH <{ID}graph/doc/x> {{ <{ID}x> <{ID}p> "pwned" }} }}'
    for body, media in (
        (update.encode(), "application/sparql-update"),
        (b"DROP ALL", "application/sparql-update"),
        (b"CLEAR DEFAULT", "application/sparql-update; charset=utf-8"),
        (urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
    ):
        status, _, answer = call(server, "POST", body=body, headers={"Content-Type": media})
        assert status == 403 and b"updates are disabled" in answer, answer
        assert_alive(server, triples)
    status, _, answer = call(server, params={"update": "DROP ALL"})
    assert status == 400 and b"POST" in answer
    status, _, answer = call(server, params={"query": "DROP ALL"})
    assert status == 400 and b"this is an update" in answer
    assert_alive(server, triples)


def test_pyoxigraph_itself_would_connect_to_a_service(listener: Listener) -> None:
    """The control experiment: the guard below is what keeps the server from connecting."""
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    with pytest.raises(OSError):  # the listener hangs up
        list(ox.Store().query(query))  # type: ignore[arg-type]
    assert listener.connections and listener.connections[0].startswith(b"POST /sparql")


def test_service_is_refused_and_never_connects(
    server: str, triples: int, listener: Listener
) -> None:
    there = f"<http://127.0.0.1:{listener.port}/sparql>"
    queries = [
        f"SELECT * WHERE {{ SERVICE {there} {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent {there} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE{there}{{?s ?p ?o}} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE {there} {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ {there} }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE {there} {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE {there} {{ ?s ?p ?o }} }}",
        # A comment ends at a carriage return: SERVICE here is a keyword, not a comment.
        f"SELECT * WHERE {{ # a comment\rSERVICE {there} {{ ?s ?p ?o }} }}",
        f'SELECT * WHERE {{ BIND("x" AS ?x) # "\rSERVICE {there} {{ ?s ?p ?o }} }}',
    ]
    for query in queries:
        for answer in (
            call(server, params={"query": query}),
            call(
                server,
                "POST",
                body=query.encode(),
                headers={"Content-Type": "application/sparql-query"},
            ),
            call(
                server,
                "POST",
                body=urlencode({"query": query}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
        ):
            assert answer[0] == 403 and b"SERVICE is disabled" in answer[2], (query, answer)
        assert_alive(server, triples)
    time.sleep(0.3)  # anything in flight would have arrived by now
    assert listener.connections == []
    # The listener does notice a connection: the silence above is real.
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
    deadline = time.monotonic() + 2
    while not listener.connections and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(listener.connections) == 1


def test_load_is_refused_and_never_connects_even_with_updates_allowed(
    tmp_path: Path, listener: Listener
) -> None:
    build = tmp_path / "build"
    with EmbeddedStore(build / "store") as store:
        load_fixture(store)
    process, url = start_kg_serve(build, "--allow-updates", "--timeout", "2")
    try:
        triples = count(url)
        there = f"<http://127.0.0.1:{listener.port}/data.ttl>"
        for update in (
            f"LOAD {there}",
            f"load silent {there} INTO GRAPH <{ID}graph/doc/x>",
            f"INSERT DATA {{ <{ID}a> <{ID}b> 1 }} ; LOAD {there}",
            f"# a comment\rLOAD {there}",
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE {there} {{ ?s ?p ?o }} }}",
        ):
            status, _, answer = call(
                url,
                "POST",
                body=update.encode(),
                headers={"Content-Type": "application/sparql-update"},
            )
            assert status == 403 and b"is disabled on this endpoint" in answer, (update, answer)
            assert_alive(url, triples)  # nothing of the refused updates ran, not even the INSERT
        time.sleep(0.3)
        assert listener.connections == []
    finally:
        stop(process)


def test_a_query_past_its_time_limit_is_stopped(server: str, triples: int) -> None:
    started = time.monotonic()
    status, _, answer = call(server, params={"query": ENDLESS})
    assert status == 503 and b"1 s limit" in answer
    assert time.monotonic() - started < 5
    assert_alive(server, triples)


def test_a_result_past_its_limit_is_refused(server: str, triples: int) -> None:
    values = " ".join(str(i) for i in range(41))  # the server runs with --limit 40
    status, _, answer = call(
        server, params={"query": f"SELECT ?i WHERE {{ VALUES ?i {{ {values} }} }}"}
    )
    assert status == 422 and b"more than 40 results" in answer and b"LIMIT" in answer
    assert_alive(server, triples)


def test_a_10_mb_body_is_refused_before_it_is_read(server: str, triples: int) -> None:
    ten_mb = 10 * 1024 * 1024
    head = (
        f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        f"Content-Length: {ten_mb}\r\n"
    ).encode()
    # Announced only: the refusal comes from the headers, no byte of the body is needed.
    answer = raw(server, head + b"\r\n")
    assert status_of(answer) == 413 and b"larger than" in answer
    # A client that asks first (Expect: 100-continue) is refused instead of invited.
    answer = raw(server, head + b"Expect: 100-continue\r\n\r\n")
    assert status_of(answer) == 413 and b"100 Continue" not in answer
    assert_alive(server, triples)
    # Sent for real: the server answers 413 and hangs up; the client may see the hang-up first.
    body = b"ASK { " + b" " * (ten_mb - 8) + b"}"
    try:
        status, _, answer = call(
            server, "POST", body=body, headers={"Content-Type": "application/sparql-query"}
        )
        assert status == 413 and b"larger than" in answer
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert_alive(server, triples)


def get(target: bytes, *headers: bytes) -> bytes:
    return b"\r\n".join([b"GET " + target + b" HTTP/1.1", b"Host: x", *headers, b"", b""])


def post(body: bytes, *headers: bytes, length: bytes | None = None) -> bytes:
    length = str(len(body)).encode() if length is None else length
    head = [b"POST /sparql HTTP/1.1", b"Host: x", *headers]
    if length:
        head.append(b"Content-Length: " + length)
    return b"\r\n".join([*head, b"", body])


QUERY = b"Content-Type: application/sparql-query"
FORM = b"Content-Type: application/x-www-form-urlencoded"
MALFORMED = {  # id: (request, status, what the answer says)
    "bad-percent": (get(b"/sparql?query=ASK%zz"), 400, b"two hex digits"),
    "percent-not-utf8": (get(b"/sparql?query=ASK%20%7B%7D%ff%fe"), 400, b"not UTF-8"),
    "raw-bytes": (get(b"/sparql?query=ASK%20{}\xff\xfe"), 400, b"non-ASCII"),
    "nul": (get(b"/sparql?query=ASK%00%7B%7D"), 400, b"bad SPARQL"),
    "two-queries": (get(b"/sparql?query=ASK+%7B%7D&query=ASK+%7B%7D"), 400, b"exactly one query"),
    "url-too-long": (get(b"/sparql?query=" + b"A" * 70_000), 414, b""),
    "tls-handshake": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400, b""),
    "unknown-method": (b"HELLO /sparql HTTP/1.1\r\nHost: x\r\n\r\n", 501, b""),
    "header-flood": (get(b"/sparql", *[b"X-Flood: 1"] * 200), 431, b""),
    "body-not-utf8": (post(b"ASK\xff{}", QUERY), 400, b"not valid UTF-8"),
    "wrong-content-type": (post(b"ASK {}", b"Content-Type: text/plain"), 415, b"unsupported"),
    "latin-1-charset": (post(b"ASK {}", QUERY + b"; charset=latin-1"), 415, b"UTF-8"),
    "no-content-type": (post(b"ASK {}"), 400, b"needs a Content-Type"),
    "form-bad-percent": (post(b"query=ASK%zz", FORM), 400, b"two hex digits"),
    "form-not-utf8": (post(b"query=ASK%C3%28", FORM), 400, b"not UTF-8"),
    "negative-length": (post(b"", QUERY, length=b"-5"), 400, b"bad Content-Length"),
    "length-not-a-number": (post(b"", QUERY, length=b"lots"), 400, b"bad Content-Length"),
    "no-length": (post(b"", QUERY, length=b""), 411, b"Content-Length"),
    "chunked": (
        post(b"6\r\nASK {}\r\n0\r\n\r\n", QUERY, b"Transfer-Encoding: chunked", length=b""),
        411,
        b"Content-Length",
    ),
}


@pytest.mark.parametrize(
    ("request_bytes", "status", "message"), MALFORMED.values(), ids=MALFORMED.keys()
)
def test_malformed_requests_are_refused(
    server: str, triples: int, request_bytes: bytes, status: int, message: bytes
) -> None:
    answer = raw(server, request_bytes)
    assert status_of(answer) == status and message in answer, answer[:500]
    assert_alive(server, triples)


def test_a_body_shorter_than_announced_is_refused(server: str, triples: int) -> None:
    answer = raw(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
        b"\r\nContent-Length: 100\r\n\r\nASK {}",
        half_close=True,
    )
    assert status_of(answer) == 400 and b"ended after 6 of its 100 bytes" in answer
    assert_alive(server, triples)


def test_deep_nesting_is_refused_before_it_can_crash_a_worker(server: str, triples: int) -> None:
    deep = 3000  # enough to overflow the stack of Oxigraph's parser in a worker
    for query in (
        "SELECT * WHERE " + "{" * deep + "}" * deep,
        "ASK { FILTER(" + "(" * deep + "true" + ")" * deep + ") }",
    ):
        status, _, answer = call(
            server,
            "POST",
            body=query.encode(),
            headers={"Content-Type": "application/sparql-query"},
        )
        assert status == 400 and b"nests brackets" in answer, answer
        assert_alive(server, triples)
    nested = "ASK { FILTER(" + "(" * (MAX_NESTING - 2) + "true" + ")" * (MAX_NESTING - 2) + ") }"
    status, _, answer = call(server, params={"query": nested})
    assert status == 200 and json.loads(answer)["boolean"] is True


def test_slow_clients_do_not_hold_up_the_others(server: str, triples: int) -> None:
    parts = urlsplit(server)
    stalled = []
    # Half of the headers; or all of them and half of the body.
    halves = [get(b"/sparql?query=ASK%20%7B%7D")[:-10], post(b"ASK {", QUERY, length=b"100")]
    for index in range(12):
        sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
        sock.sendall(halves[index % 2])
        stalled.append(sock)
    try:
        for _ in range(3):
            started = time.monotonic()
            assert_alive(server, triples)
            assert time.monotonic() - started < 2
        # Past --client-timeout the server hangs up on each of them (408 mid-body).
        for index, sock in enumerate(stalled):
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
            assert (status_of(answer) == 408) if index % 2 else answer == b"", answer
    finally:
        for sock in stalled:
            sock.close()
    assert_alive(server, triples)


# --------------------------------------------------------------------------- binding


def test_loopback_by_default_and_a_warning_when_told_otherwise(server: str, build: Path) -> None:
    log = build.parent / f"serve-{urlsplit(server).port}.log"
    assert f"at http://127.0.0.1:{urlsplit(server).port}/sparql" in log.read_text()
    assert "warning" not in log.read_text()
    process, url = start_kg_serve(build, "--host", "0.0.0.0", "--workers", "1")
    try:
        port = urlsplit(url).port
        text = (build.parent / f"serve-{port}.log").read_text()
        assert (
            "kg serve: warning: listening on 0.0.0.0, not on loopback: anyone who can reach "
            "it can query the graph"
        ) in text
        assert call(url, params={"query": "ASK {}"})[0] == 200  # still over loopback
    finally:
        stop(process)


def test_an_address_in_use_is_one_clear_line(build: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    with socket.create_server(("127.0.0.1", free_port())) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "kg.serve", str(build), "--port", str(port), "--workers", "1"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_queries_with_quote_characters_in_the_target_work(server: str) -> None:
    """The strict target check refuses raw bytes, not well-encoded UTF-8."""
    query = 'SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(?l = "Cancún") }'
    status, _, answer = call(server, target="/sparql?query=" + quote(query, safe=""))
    assert status == 200 and "Cancún" in answer.decode()
