"""A SPARQL 1.1 Protocol endpoint over a build's embedded store: ``kg serve build/``.

Why not ``oxigraph serve-read-only``? It answers the protocol well and has a
timeout, but it fetches any URL a query names in ``SERVICE`` (a server-side request
forgery from a public endpoint) and has no result limit. So a small checking front
stands before Oxigraph, with the standard library's HTTP server and no new
dependency:

* ``/sparql`` answers queries by GET, URL-encoded POST and direct POST
  (``application/sparql-query``); SELECT and ASK as SPARQL JSON, XML, CSV or TSV,
  CONSTRUCT and DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML, by content
  negotiation; ``GET /sparql`` without a query is the SPARQL 1.1 Service
  Description (Turtle by default).
* ``/queries`` lists the saved queries of ``queries/`` (JSON) and
  ``/queries/NAME?PARAM=…&since=…&until=…`` answers one by GET, negotiated as above:
  its parameters and time window bound as ``kg query NAME`` binds them
  (:func:`kg.query.prepare`), in a worker, under the same time and result limits. Only
  the saved queries run there: no file, no text of the client's.
* The prefixes of :data:`kg.namespaces.PREFIXES` (``bk:``, ``rdf:``, ``rdfs:``,
  ``owl:``, ``xsd:``, ``skos:``, ``schema:``, ``prov:``, ``dcterms:``, ``oa:`` …) are
  declared before every query; a query's own ``PREFIX`` lines win.
* Without a protocol dataset (``default-graph-uri``/``named-graph-uri``) and without
  ``FROM``, the default graph is the union of all graphs, so ``{ ?s ?p ?o }`` sees
  everything; ``GRAPH ?g`` still names each document's graph.
* ``SERVICE`` and ``LOAD`` are refused before anything runs, by tokenizing the
  request (a string or IRI containing the word is fine); updates are refused unless
  the server was started with ``--allow-updates``.
* Queries run in worker processes, each with the store open read-only. A Python
  thread cannot interrupt a running Oxigraph query, so a query that outlives its
  time limit has its worker process killed and replaced: the time limit really
  frees the CPU. With ``--allow-updates`` a single worker holds the store
  read-write (RocksDB allows one writer), so requests are served one at a time;
  an update killed by the time limit is rolled back, as Oxigraph commits an update
  in one transaction.
* Results are capped (``--limit`` rows or triples): a bigger answer is refused
  with ``422`` and a message to add ``LIMIT``; request bodies are capped too
  (``413``, before any of the body is read or ``100 Continue`` is sent).
* Malformed requests are refused with ``400`` before anything runs: a target with
  raw non-ASCII bytes, bad percent-encoding or percent-encoded bytes that are not
  UTF-8, a body shorter than its ``Content-Length``. A client that stalls for
  ``--client-timeout`` seconds in the middle of a request is disconnected (``408``
  when it stalls inside the body); each connection has its own thread, so stalled
  clients do not hold up the others.
* Connections set ``TCP_NODELAY``, so a client that keeps its connection open gets
  its answers as fast as one that opens a new connection for each request.
"""

from __future__ import annotations

import ipaddress
import json
import multiprocessing
import os
import queue
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg import __version__
from kg.errors import BorderKGError
from kg.namespaces import declare_prefixes
from kg.query import prepare, saved_queries
from kg.store import EmbeddedStore, locate_build, tokenize

ENDPOINT_PATH = "/sparql"
QUERIES_PATH = "/queries"

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}
BOOLEAN_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "application/json",
    "application/xml",
)
RDF_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/json": ox.RdfFormat.JSON_LD,  # what a JSON client of CONSTRUCT wants
}
FORM = "application/x-www-form-urlencoded"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class ServeSettings:
    """How ``kg serve`` behaves; the defaults are the command's defaults."""

    host: str = "127.0.0.1"
    port: int = 8000
    allow_updates: bool = False
    cors: bool = False
    timeout: float = 10.0
    limit: int = 10_000
    max_body: int = 1_000_000
    workers: int = max(1, min(4, os.cpu_count() or 1))
    # How long a client may stall while sending its request before it is disconnected.
    socket_timeout: float = 30.0


class RequestError(Exception):
    """An HTTP error answer: status and a one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --------------------------------------------------------------------------- workers


def _worker(conn: Connection, path: str, writable: bool, limit: int) -> None:
    """Worker process: open the store, then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops workers itself
    try:
        store = EmbeddedStore(Path(path), read_only=not writable)
    except BorderKGError as error:
        conn.send(("error", 500, _one_line(error)))
        return
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_run_job(store, job, limit))


def _run_job(store: EmbeddedStore, job: dict[str, Any], limit: int) -> tuple:
    try:
        if job["kind"] == "graphs":
            return ("ok", store.graphs())
        if job["kind"] == "update":
            store.oxigraph.update(job["text"], base_iri=job["base_iri"])
            return ("ok", "", b"")
        if job["kind"] == "saved":
            return _run_saved(store, job, limit)
        return _run_query(store.oxigraph, job, limit)
    except BorderKGError as error:  # a saved query's parameters or window
        return ("error", 400, _one_line(error))
    except SyntaxError as error:
        return ("error", 400, f"bad SPARQL: {_one_line(error)}")
    except (OSError, RuntimeError, ValueError, TypeError) as error:
        return ("error", 500, f"the query failed: {_one_line(error)}")


def _run_query(store: ox.Store, job: dict[str, Any], limit: int) -> tuple:
    default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None
    named: list[ox.NamedNode | ox.BlankNode] | None
    default = [ox.NamedNode(g) for g in job["default_graph"]] or None
    named = [ox.NamedNode(g) for g in job["named_graphs"]] or None
    result = store.query(
        job["text"],
        base_iri=job["base_iri"],
        use_default_graph_as_union=job["union"],
        default_graph=default,
        named_graphs=named,
    )
    return _serialized(result, job["media_type"], limit)


def _run_saved(store: EmbeddedStore, job: dict[str, Any], limit: int) -> tuple:
    """A saved query of ``queries/`` by name, with its parameters and time window bound
    as ``kg query NAME --param … --since … --until …`` binds them."""
    saved, bound = prepare(store, job["name"], job["params"], since=job["since"],
                           until=job["until"])
    return _serialized(store.results(saved.text, bound), job["media_type"], limit)


def _serialized(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, media: str,
                limit: int) -> tuple:
    """The answer in the negotiated ``media`` type, or a 422 past ``limit`` results."""
    too_many = (
        "error",
        422,
        (
            f"the answer has more than {limit} results, this server's limit: "
            "add LIMIT or narrow the query"
        ),
    )
    if isinstance(result, ox.QueryBoolean):
        return ("ok", media, result.serialize(format=RESULT_TYPES[media]))
    if isinstance(result, ox.QuerySolutions):
        # Count while copying to TSV (terms in N-Triples syntax, lossless), then let
        # Oxigraph write the negotiated format from that copy.
        variables = result.variables
        lines = ["\t".join(str(v) for v in variables)]
        for count, solution in enumerate(result, 1):
            if count > limit:
                return too_many
            lines.append("\t".join(_tsv(solution[i]) for i in range(len(variables))))
        tsv = ("\n".join(lines) + "\n").encode("utf-8")
        copy = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
        assert isinstance(copy, ox.QuerySolutions)
        return ("ok", media, copy.serialize(format=RESULT_TYPES[media]))
    triples = []
    for count, triple in enumerate(result, 1):
        if count > limit:
            return too_many
        triples.append(triple)
    return ("ok", media, ox.serialize(triples, format=RDF_TYPES[media]) or b"")


def _tsv(term: object) -> str:
    return "" if term is None else str(term)


class _Worker:
    def __init__(self, process: multiprocessing.process.BaseProcess, conn: Connection):
        self.process = process
        self.conn = conn


class WorkerPool:
    """Worker processes over one store; a job that runs too long kills its worker."""

    def __init__(self, store_path: Path, settings: ServeSettings) -> None:
        self.store_path = str(store_path)
        self.settings = settings
        self.writable = settings.allow_updates
        self.size = 1 if self.writable else settings.workers
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        started = [self._start() for _ in range(self.size)]
        for worker in started:
            self._await_ready(worker)
            self._idle.put(worker)

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker,
            args=(child, self.store_path, self.writable, self.settings.limit),
            daemon=True,
            name="kg-serve-worker",
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _await_ready(self, worker: _Worker) -> None:
        if not worker.conn.poll(60):
            self._kill(worker)
            raise BorderKGError("a query worker did not start within 60 s")
        try:
            message = worker.conn.recv()
        except EOFError:
            message = ("error", 500, "a query worker exited at start")
        if message[0] != "ready":
            self._kill(worker)
            raise BorderKGError(message[2])

    def run(self, job: dict[str, Any]) -> tuple:
        """Run ``job`` on an idle worker within the time limit (waiting included)."""
        timeout = self.settings.timeout
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise RequestError(
                503,
                f"the server is busy: no query worker became free within {timeout:g} s; retry later",
                {"Retry-After": "5"},
            ) from None
        try:
            worker.conn.send(job)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise RequestError(500, "the query worker died; it has been restarted") from None
        self._replace(worker)
        raise RequestError(
            503,
            f"the query ran longer than this server's {timeout:g} s limit and was stopped: "
            "add LIMIT or narrow the query",
        )

    def _replace(self, worker: _Worker) -> None:
        self._kill(worker)
        if self._closed:
            return

        def restart() -> None:
            try:
                fresh = self._start()
                self._await_ready(fresh)
            except BorderKGError as error:
                print(f"kg serve: {error}", file=sys.stderr)
                return
            self._idle.put(fresh)

        threading.Thread(target=restart, daemon=True).start()

    @staticmethod
    def _kill(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            worker.conn.close()  # the worker sees EOF and exits
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()


# --------------------------------------------------------------------------- HTTP


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: settings and the worker pool shared by request handlers."""

    daemon_threads = True

    def __init__(self, settings: ServeSettings, pool: WorkerPool) -> None:
        self.settings = settings
        self.pool = pool
        super().__init__((settings.host, settings.port), SparqlHandler)

    def get_request(self) -> tuple[socket.socket, Any]:
        """Accept a connection whose writes leave at once (``TCP_NODELAY``).

        A response goes out in two writes, its headers and then its body. With Nagle's
        algorithm the body waits until the client acknowledges the headers, and a client
        that keeps its connection open delays that acknowledgement by up to 40 ms.
        """
        connection, address = super().get_request()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


class SparqlHandler(BaseHTTPRequestHandler):
    """One HTTP exchange of the SPARQL 1.1 Protocol."""

    server: SparqlServer
    server_version = f"borderkg/{__version__}"
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.settings.socket_timeout)

    def handle_expect_100(self) -> bool:
        """Refuse a body over the bound before the client sends it, not after."""
        length = self.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.server.settings.max_body:
            self.close_connection = True
            self._error(_too_large(self.server.settings.max_body))
            return False
        return super().handle_expect_100()

    # -- methods

    def do_GET(self) -> None:
        self._answer(self._get)

    def do_HEAD(self) -> None:
        self._answer(self._get, head=True)

    def do_POST(self) -> None:
        self._answer(self._post)

    def do_OPTIONS(self) -> None:
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self.server.settings.cors:
            headers |= {
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "86400",
            }
        self._send(204, "", b"", headers)

    def _not_allowed(self) -> None:
        self._discard_body()
        self._error(
            RequestError(
                405,
                f"{self.command} is not allowed: use GET or POST",
                {"Allow": "GET, HEAD, POST, OPTIONS"},
            )
        )

    do_PUT = do_DELETE = do_PATCH = _not_allowed

    # -- dispatch

    def _answer(self, action: Any, head: bool = False) -> None:
        try:
            media, body, headers = action()
        except RequestError as error:
            self._error(error)
            return
        except Exception as error:  # noqa: BLE001 - an unexpected failure still gets an answer
            self.log_error("internal error: %r", error)
            self._error(RequestError(500, f"internal error: {_one_line(error)}"))
            return
        self._send(200, media, b"" if head else body, headers, length=len(body))

    def _get(self) -> tuple[str, bytes, dict[str, str]]:
        path, params = self._target()
        if path != ENDPOINT_PATH:
            return self._saved(path, params)
        if "update" in params:
            raise RequestError(400, "an update must be sent with POST, not GET")
        if "query" not in params:
            return self._service_description()
        return self._query(_one(params, "query"), params)

    def _post(self) -> tuple[str, bytes, dict[str, str]]:
        path, params = self._target()
        if path != ENDPOINT_PATH:
            self._discard_body()
            raise RequestError(405, "a saved query is read with GET", {"Allow": "GET, HEAD"})
        body = self._read_body()
        media, charset = _content_type(self.headers.get("Content-Type"))
        if charset not in (None, "utf-8", "utf8"):
            raise RequestError(415, f"the body must be UTF-8, not {charset}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise RequestError(400, "the body is not valid UTF-8") from None
        if media == FORM:
            fields = _parse_form(text, "the form body")
            for key, values in fields.items():
                params.setdefault(key, []).extend(values)
            if "query" in fields and "update" in fields:
                raise RequestError(400, "send either query= or update=, not both")
            if "update" in fields:
                return self._update(_one(params, "update"), params)
            if "query" in fields:
                return self._query(_one(params, "query"), params)
            raise RequestError(400, "the form has no query= or update= field")
        if media == "application/sparql-query":
            return self._query(text, params)
        if media == "application/sparql-update":
            return self._update(text, params)
        if not media:
            raise RequestError(
                400,
                "POST needs a Content-Type: application/sparql-query, "
                "application/sparql-update or application/x-www-form-urlencoded",
            )
        raise RequestError(415, f"unsupported Content-Type {media}")

    def _target(self) -> tuple[str, dict[str, list[str]]]:
        """The resource asked for (the endpoint, the saved queries or one of them) and the
        parameters of the query string."""
        if _UNSAFE_TARGET.search(self.path):
            raise RequestError(
                400,
                "the request target has spaces, control characters or raw non-ASCII bytes: "
                "percent-encode it (UTF-8)",
            )
        url = urlsplit(self.path)
        path = url.path.rstrip("/")
        if path != ENDPOINT_PATH and path != QUERIES_PATH \
                and not path.startswith(f"{QUERIES_PATH}/"):
            raise RequestError(404, f"no such resource {url.path}: the endpoint is {ENDPOINT_PATH}, "
                                    f"the saved queries are at {QUERIES_PATH}")
        return path, _parse_form(url.query, "the query string")

    # -- operations

    def _query(self, text: str, params: dict[str, list[str]]) -> tuple[str, bytes, dict[str, str]]:
        _screen(text)
        words = [t.text.upper() for t in tokenize(text) if t.kind == "word"]
        form = next((w for w in words if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")), None)
        if form is None:
            if any(
                w in ("INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "LOAD")
                for w in words
            ):
                raise RequestError(400, "this is an update: send it as update=, not query=")
            raise RequestError(400, "bad SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE")
        if form in ("SELECT", "ASK"):
            offered = list(RESULT_TYPES) if form == "SELECT" else list(BOOLEAN_TYPES)
        else:
            offered = list(RDF_TYPES)
        media = negotiate(self.headers.get("Accept"), offered)
        default_graph = [_iri(g) for g in params.get("default-graph-uri", [])]
        named_graphs = [_iri(g) for g in params.get("named-graph-uri", [])]
        job = {
            "kind": "query",
            # The prefixes of kg.namespaces are declared; the query's own win.
            "text": declare_prefixes(text),
            "base_iri": self._endpoint(),
            "default_graph": default_graph,
            "named_graphs": named_graphs,
            # The union default graph unless the request or the query names a dataset.
            "union": not (default_graph or named_graphs or "FROM" in words),
            "media_type": media,
        }
        return self._result(self.server.pool.run(job))

    def _saved(self, path: str, params: dict[str, list[str]]) -> tuple[str, bytes, dict[str, str]]:
        """``/queries``: the saved queries and what they take, as JSON;
        ``/queries/NAME?PARAM=…&since=…&until=…``: the answer of one, negotiated as a
        query's (``kg query NAME --param PARAM=… --since … --until …``)."""
        known = {saved.name: saved for saved in saved_queries()}
        if path == QUERIES_PATH:
            listing = [{"name": q.name, "title": q.title, "description": q.description,
                        "params": [{"name": p.name, "kind": p.kind, "description": p.description}
                                   for p in q.params],
                        "url": f"{QUERIES_PATH}/{q.name}"} for q in known.values()]
            return "application/json", json.dumps({"queries": listing}, indent=2).encode(), {}
        name = path[len(QUERIES_PATH) + 1:]
        saved = known.get(name)
        if saved is None:
            raise RequestError(404, f"no saved query {name!r}: {QUERIES_PATH} lists them")
        window = {key: _one(params, key) if key in params else None for key in ("since", "until")}
        bound = {key: _one(params, key) for key in params if key not in window}
        offered = {"SELECT": list(RESULT_TYPES), "ASK": list(BOOLEAN_TYPES)}.get(saved.form,
                                                                                 list(RDF_TYPES))
        media = negotiate(self.headers.get("Accept"), offered)
        job = {"kind": "saved", "name": name, "params": bound, **window, "media_type": media}
        return self._result(self.server.pool.run(job))

    def _update(self, text: str, params: dict[str, list[str]]) -> tuple[str, bytes, dict[str, str]]:
        if not self.server.settings.allow_updates:
            raise RequestError(403, "updates are disabled: start kg serve with --allow-updates")
        _screen(text)
        using = [_iri(g) for g in params.get("using-graph-uri", [])]
        using_named = [_iri(g) for g in params.get("using-named-graph-uri", [])]
        if using or using_named:
            text = add_using(text, using, using_named)
        job = {"kind": "update", "text": text, "base_iri": self._endpoint()}
        return self._result(self.server.pool.run(job))

    def _service_description(self) -> tuple[str, bytes, dict[str, str]]:
        media = negotiate(self.headers.get("Accept"), list(RDF_TYPES))
        answer = self.server.pool.run({"kind": "graphs"})
        if answer[0] != "ok":
            raise RequestError(answer[1], answer[2])
        triples = service_description(self._endpoint(), self.server.settings, answer[1])
        prefixes = {"sd": SD, "formats": FORMATS_NS} if media == "text/turtle" else None
        body = ox.serialize(triples, format=RDF_TYPES[media], prefixes=prefixes) or b""
        return media, body, {}

    def _result(self, answer: tuple) -> tuple[str, bytes, dict[str, str]]:
        if answer[0] == "error":
            raise RequestError(answer[1], answer[2])
        return answer[1], answer[2], {}

    def _endpoint(self) -> str:
        host = (
            self.headers.get("Host") or f"{self.server.settings.host}:{self.server.settings.port}"
        )
        return f"http://{host}{ENDPOINT_PATH}"

    # -- I/O

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            raise RequestError(411, "send the body with a Content-Length, not chunked")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            self.close_connection = True
            raise RequestError(411, "POST needs a Content-Length")
        try:
            length = int(length_header)
        except ValueError:
            self.close_connection = True
            raise RequestError(400, "bad Content-Length") from None
        if length < 0:
            self.close_connection = True
            raise RequestError(400, "bad Content-Length")
        if length > self.server.settings.max_body:
            self.close_connection = True
            raise _too_large(self.server.settings.max_body)
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            self.close_connection = True
            raise RequestError(
                408,
                f"the request body did not arrive within {self.server.settings.socket_timeout:g} s",
            ) from None
        if len(body) < length:
            self.close_connection = True
            raise RequestError(400, f"the body ended after {len(body)} of its {length} bytes")
        return body

    def _discard_body(self) -> None:
        length = self.headers.get("Content-Length")
        if length and length.isdigit() and int(length) <= self.server.settings.max_body:
            self.rfile.read(int(length))
        elif length:
            self.close_connection = True

    def _error(self, error: RequestError) -> None:
        body = (error.message + "\n").encode("utf-8")
        self._send(error.status, "text/plain; charset=utf-8", body, error.headers)

    def _send(
        self,
        status: int,
        media: str,
        body: bytes,
        headers: dict[str, str],
        length: int | None = None,
    ) -> None:
        self.send_response(status)
        if media:
            if media.startswith("text/") and "charset" not in media:
                media += "; charset=utf-8"
            self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        if self.server.settings.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        for name, value in headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


# --------------------------------------------------------------------------- helpers


MAX_NESTING = 200
_OPENING = frozenset("({[")
_CLOSING = frozenset(")}]")
# Spaces, controls and raw bytes over 0x7F (http.server decodes the request line as Latin-1).
_UNSAFE_TARGET = re.compile(r"[\x00-\x20\x7f-\xff]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _parse_form(text: str, where: str) -> dict[str, list[str]]:
    """``parse_qs``, but bad percent-encoding or non-UTF-8 bytes are a 400, not U+FFFD."""
    if _BAD_PERCENT.search(text):
        raise RequestError(400, f"{where} has a % not followed by two hex digits: encode % as %25")
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise RequestError(400, f"{where} percent-encodes bytes that are not UTF-8") from None


def _too_large(max_body: int) -> RequestError:
    return RequestError(413, f"the request body is larger than {max_body} bytes")


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300]


def _one(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) != 1:
        raise RequestError(400, f"send exactly one {name}= parameter, not {len(values)}")
    return values[0]


def _iri(value: str) -> str:
    try:
        return ox.NamedNode(value).value
    except ValueError:
        raise RequestError(400, f"{value!r} is not an absolute IRI") from None


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media, *parameters = header.split(";")
    charset = None
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _screen(text: str) -> None:
    """Refuse, before anything runs, what could reach out or bring a worker down.

    SERVICE (federated query) and LOAD are refused: the server never fetches a URL.
    Brackets nested deeper than ``MAX_NESTING`` are refused too: Oxigraph's parser
    recurses once per level and a few thousand levels, a few kilobytes of query,
    overflow a worker's stack.

    A SPARQL comment ends at a carriage return as well as a line feed, so ``# x\\rSERVICE``
    runs SERVICE; the tokenizer of :mod:`kg.store` is told so by turning every CR into LF
    (the same length, and anything else it changes only makes more tokens).
    """
    tokens = list(tokenize(text.replace("\r", "\n")))
    found = {t.text.upper() for t in tokens if t.kind == "word"} & {"SERVICE", "LOAD"}
    if found:
        word = min(found)
        raise RequestError(
            403, f"{word} is disabled on this endpoint: it never fetches remote data"
        )
    depth = deepest = 0
    for token in tokens:
        if token.text in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        elif token.text in _CLOSING:
            depth -= 1
    if deepest > MAX_NESTING:
        raise RequestError(
            400, f"the query nests brackets {deepest} deep; this server allows {MAX_NESTING}"
        )


def negotiate(accept: str | None, offered: Sequence[str]) -> str:
    """Pick the offered media type the ``Accept`` header prefers (the first on a tie).

    Examples
    --------
    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", ["text/csv",
    ...           "application/sparql-results+xml"])
    'application/sparql-results+xml'
    >>> negotiate("*/*", ["text/turtle", "application/n-triples"])
    'text/turtle'
    """
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[str, float]] = []
    for item in accept.split(","):
        media, *parameters = item.split(";")
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media.strip():
            ranges.append((media.strip().lower(), quality))

    def score(candidate: str) -> tuple[int, float]:
        kind = candidate.split("/")[0]
        best: tuple[int, float] = (-1, 0.0)
        for media, quality in ranges:
            specificity = (
                2
                if media == candidate
                else 1
                if media == f"{kind}/*"
                else 0
                if media == "*/*"
                else -1
            )
            if specificity > best[0]:
                best = (specificity, quality)
        return best

    scored = [(score(c)[1], -i, c) for i, c in enumerate(offered) if score(c)[0] >= 0]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        raise RequestError(
            406, f"cannot answer in {accept}: this answer can be {', '.join(offered)}"
        )
    return max(scored)[2]


def add_using(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """Give each DELETE/INSERT … WHERE operation the protocol's ``USING`` dataset.

    Examples
    --------
    >>> add_using("INSERT { ?s a 1 } WHERE { ?s ?p ?o }", ["http://g"], [])
    'INSERT { ?s a 1 } USING <http://g> WHERE { ?s ?p ?o }'
    """
    tokens = list(tokenize(update))
    words = [t.text.upper() if t.kind == "word" else "" for t in tokens]
    if "USING" in words or "WITH" in words:
        raise RequestError(
            400,
            "the update names its dataset (USING or WITH) and the request does too "
            "(using-graph-uri / using-named-graph-uri): keep one",
        )
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    depth = 0
    cuts = []
    for index, token in enumerate(tokens):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif (
            depth == 0 and words[index] == "WHERE" and (index == 0 or words[index - 1] != "DELETE")
        ):
            cuts.append(token.start)
    for offset in reversed(cuts):
        update = update[:offset] + clause + " " + update[offset:]
    return update


def service_description(
    endpoint: str, settings: ServeSettings, graphs: Sequence[str]
) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint, as triples, subject by subject."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, default = (ox.BlankNode(n) for n in ("service", "dataset", "default"))
    languages = ["SPARQL11Query"] + (["SPARQL11Update"] if settings.allow_updates else [])
    result_formats = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                      "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")  # fmt: skip
    triples = [
        ox.Triple(service, rdf_type, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        *(ox.Triple(service, _sd("supportedLanguage"), _sd(name)) for name in languages),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        *(
            ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS_NS + name))
            for name in result_formats
        ),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, rdf_type, _sd("Graph")),
    ]
    nodes = [ox.BlankNode(f"named{index}") for index in range(len(graphs))]
    triples += [ox.Triple(dataset, _sd("namedGraph"), node) for node in nodes]
    for node, graph in zip(nodes, graphs):
        triples.append(ox.Triple(node, rdf_type, _sd("NamedGraph")))
        triples.append(ox.Triple(node, _sd("name"), ox.NamedNode(graph)))
    return triples


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


# --------------------------------------------------------------------------- running


def exposure_warning(settings: ServeSettings) -> str | None:
    """What to tell the user when the server listens beyond this machine, else ``None``.

    Examples
    --------
    >>> exposure_warning(ServeSettings(host="127.0.0.1")) is None
    True
    >>> print(exposure_warning(ServeSettings(host="0.0.0.0")))
    listening on 0.0.0.0, not on loopback: anyone who can reach it can query the graph
    """
    try:
        loopback = ipaddress.ip_address(settings.host).is_loopback
    except ValueError:
        loopback = settings.host == "localhost"
    if loopback:
        return None
    change = " and change it (--allow-updates)" if settings.allow_updates else ""
    return (
        f"listening on {settings.host}, not on loopback: anyone who can reach it can query "
        f"the graph{change}"
    )


def serve(build_dir: str | Path, settings: ServeSettings) -> None:
    """Serve the build's store until interrupted (Ctrl-C or SIGTERM)."""
    if str(build_dir).startswith(("http://", "https://")):
        raise BorderKGError("kg serve serves a build folder, not another SPARQL server")
    store = Path(locate_build(build_dir))
    warning = exposure_warning(settings)
    if warning:
        print(f"kg serve: warning: {warning}", file=sys.stderr)
    pool = WorkerPool(store, settings)
    try:
        try:
            server = SparqlServer(settings, pool)
        except OSError as error:
            raise BorderKGError(
                f"cannot listen on {settings.host}:{settings.port}: {error.strerror}"
                " (choose another --port)"
            ) from error
        signal.signal(signal.SIGTERM, _raise_interrupt)
        mode = "read-write" if settings.allow_updates else "read-only"
        print(
            f"serving {store} at http://{settings.host}:{server.server_port}{ENDPOINT_PATH} "
            f"({mode}, {settings.timeout:g} s per query, at most {settings.limit} results), "
            f"the saved queries at {QUERIES_PATH}; Ctrl-C to stop",
            flush=True,
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        pool.close()


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":  # python -m kg.serve BUILD …: the same as kg serve BUILD …
    from kg.cli import main

    sys.exit(main(["serve", *sys.argv[1:]]))
