"""Load on `kg serve`: concurrent clients running the saved queries. Prints numbers; asserts nothing.

    python bench/endpoint_load.py                       # builds corpus/ in a temporary folder first
    python bench/endpoint_load.py --build build/        # an existing build (built there if empty)
    python bench/endpoint_load.py --seconds 10 --clients 4

Starts ``kg serve`` on a free port of 127.0.0.1 (and sends nothing anywhere else),
then ``--clients`` threads, each with its own keep-alive ``http.client`` connection,
run the saved queries of ``queries/`` in turn with the parameters below for
``--seconds`` (and at most ``--max-requests`` requests in all). It prints the
requests made, the errors (any answer but 200, or a failed connection; the goal is
zero), latency percentiles and requests per second, overall and per query.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from kg.query import SavedQuery, expand_iri, saved_queries
from kg.store import bind_filters, inject_values, to_term

REPO = Path(__file__).resolve().parents[1]
# Parameters that find something in the sample corpus.
PARAMS: dict[str, dict[str, str]] = {
    "co-mentions": {"first": "CBP One", "second": "Tijuana"},
    "edge-evidence": {
        "subject": "Alejandro Mayorkas",
        "predicate_iri": "bk:worksFor",
        "object": "DHS",
    },
    "entity-mentions": {"name": "CBP One"},
    "group-routes": {"group": "Andrey Arrakis"},
    "group-crossings": {"group": "Andrey Arrakis"},
    "policy-agencies": {"policy": "Title 42"},
    "quotes-about": {"person": "Lia Djamilova", "policy": "asylum"},
}
ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "text/turtle",
    "DESCRIBE": "text/turtle",
}


@dataclass(frozen=True)
class Request:
    """One saved query, ready to send: its name, GET target and Accept header."""

    name: str
    target: str
    accept: str


@dataclass
class Tally:
    """What one client saw: latency per query and the errors."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def prepare(saved: SavedQuery, params: dict[str, str]) -> Request:
    """The saved query with its parameters bound as RDF terms, the way ``kg query`` binds them."""
    terms = {
        name: to_term(name, expand_iri(value) if name.endswith("_iri") else value)
        for name, value in params.items()
    }
    text = inject_values(bind_filters(saved.text, terms), terms) if terms else saved.text
    return Request(saved.name, "/sparql?" + urlencode({"query": text}), ACCEPT[saved.form])


def mix() -> list[Request]:
    """Every saved query whose parameters we know."""
    requests = []
    for saved in saved_queries():
        needed = {p.name for p in saved.params}
        params = PARAMS.get(saved.name, {})
        if needed - set(params):
            print(f"skipping {saved.name}: no parameters for it in PARAMS", file=sys.stderr)
            continue
        requests.append(prepare(saved, params))
    return requests


def ensure_build(build: Path) -> None:
    if (build / "store").is_dir():
        return
    print(f"building {REPO / 'corpus'} into {build} …", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "build",
            str(REPO / "corpus"),
            "--out",
            str(build),
            "--quiet",
        ],
        check=True,
    )
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(build: Path, port: int, log: Path, workers: int | None) -> subprocess.Popen:
    command = [sys.executable, "-m", "kg.serve", str(build), "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"kg serve exited with {process.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", timeout=2
            ):
                return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"kg serve did not come up within 60 s: {log.read_text()}")


def check(port: int, requests: list[Request]) -> None:
    """Each query once: it must answer 200; print what it found."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for request in requests:
            connection.request("GET", request.target, headers={"Accept": request.accept})
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"{request.name} answered {response.status}: {body[:300]!r}")
            if request.accept.endswith("json"):
                data = json.loads(body)
                found = len(data["results"]["bindings"]) if "results" in data else data["boolean"]
            else:
                found = f"{body.count(b' .')} triples"
            print(f"  {request.name:<22} {found} results")
    finally:
        connection.close()


def client(
    port: int,
    requests: list[Request],
    offset: int,
    deadline: float,
    budget: list[int],
    lock: threading.Lock,
    tally: Tally,
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    index = offset
    try:
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            request = requests[index % len(requests)]
            index += 1
            started = time.perf_counter()
            try:
                connection.request("GET", request.target, headers={"Accept": request.accept})
                response = connection.getresponse()
                body = response.read()
                if response.status != 200:
                    tally.errors.append(f"{request.name}: {response.status} {body[:200]!r}")
                    continue
            except (OSError, http.client.HTTPException) as error:
                tally.errors.append(f"{request.name}: {type(error).__name__}: {error}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            tally.latencies.setdefault(request.name, []).append(time.perf_counter() - started)
    finally:
        connection.close()


def connection_latency(build: Path, rounds: int) -> dict:
    """Start ``kg serve`` on ``build`` and time each request of a small set plus the query
    mix ``rounds`` times on one kept-alive connection and ``rounds`` times on a new
    connection each; return the medians in ms per request."""
    requests = [
        Request("ASK {}", "/sparql?" + urlencode({"query": "ASK {}"}), ACCEPT["ASK"]),
        Request(
            "SELECT … LIMIT 10",
            "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"}),
            ACCEPT["SELECT"],
        ),
        *mix(),
    ]
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kg-endpoint-latency-") as scratch:
        server = start_server(build, port, Path(scratch) / "serve.log", None)
        try:
            rows = {}
            for request in requests:
                kept = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                try:
                    kept_alive = [_timed(kept, request) for _ in range(rounds)]
                finally:
                    kept.close()
                fresh = []
                for _ in range(rounds):
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    try:
                        fresh.append(_timed(connection, request))
                    finally:
                        connection.close()
                rows[request.name] = {
                    "kept_alive_ms": round(statistics.median(kept_alive) * 1000, 2),
                    "new_connection_ms": round(statistics.median(fresh) * 1000, 2),
                }
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
    return {"rounds": rounds, "requests": rows}


def _timed(connection: http.client.HTTPConnection, request: Request) -> float:
    """Seconds from sending ``request`` to having read its whole answer (which must be 200)."""
    started = time.perf_counter()
    connection.request("GET", request.target, headers={"Accept": request.accept})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{request.name} answered {response.status}: {body[:300]!r}")
    return elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def run_load(build: Path, clients: int, seconds: float, *, workers: int | None = None,
             max_requests: int = 2_000_000) -> dict:
    """Start ``kg serve`` on ``build``, run ``clients`` threads of the query mix for
    ``seconds`` (or ``max_requests`` in all), stop it, and return the numbers."""
    requests = mix()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kg-endpoint-load-") as scratch:
        server = start_server(build, port, Path(scratch) / "serve.log", workers)
        try:
            print(f"kg serve {build} on 127.0.0.1:{port}; {len(requests)} saved queries:")
            check(port, requests)
            tallies = [Tally() for _ in range(clients)]
            budget, lock = [max_requests], threading.Lock()
            started = time.monotonic()
            threads = [
                threading.Thread(
                    target=client,
                    args=(port, requests, i, started + seconds, budget, lock, tallies[i]),
                    daemon=True,
                )
                for i in range(clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(seconds + 120)
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
    by_query: dict[str, list[float]] = {}
    for tally in tallies:
        for name, values in tally.latencies.items():
            by_query.setdefault(name, []).extend(values)
    latencies = [v for values in by_query.values() for v in values]
    errors = [e for tally in tallies for e in tally.errors]
    total = len(latencies) + len(errors)

    def ms(values: list[float], fraction: float) -> float | None:
        return round(percentile(values, fraction) * 1000, 2) if values else None

    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests": total,
        "errors": len(errors),
        "error_examples": errors[:10],
        "requests_per_second": round(total / elapsed, 1),
        "p50_ms": ms(latencies, 0.50),
        "p99_ms": ms(latencies, 0.99),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2) if latencies else None,
        "per_query": {
            name: {"requests": len(values), "p50_ms": ms(values, 0.5), "p99_ms": ms(values, 0.99)}
            for name, values in sorted(by_query.items())
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--build", type=Path, help="build folder (default: corpus/ built in a temporary folder)"
    )
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, help="kg serve --workers (default: its own)")
    parser.add_argument(
        "--max-requests",
        type=int,
        default=2_000_000,
        help="stop after this many requests in all, whatever the time",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="kg-endpoint-build-") as scratch:
        build = args.build or Path(scratch) / "build"
        ensure_build(build)
        result = run_load(build, args.clients, args.seconds, workers=args.workers,
                          max_requests=args.max_requests)
    print(f"\n{result['clients']} clients for {result['seconds']:.1f} s")
    print(f"requests      {result['requests']}")
    print(f"errors        {result['errors']}")
    if result["p50_ms"] is not None:
        print(f"p50           {result['p50_ms']:.1f} ms")
        print(f"p99           {result['p99_ms']:.1f} ms")
        print(f"mean          {result['mean_ms']:.1f} ms")
    print(f"requests/s    {result['requests_per_second']:.1f}")
    print("\nper query           requests   p50 ms   p99 ms")
    for name, numbers in result["per_query"].items():
        print(f"  {name:<20} {numbers['requests']:>8} {numbers['p50_ms']:>8.1f} "
              f"{numbers['p99_ms']:>8.1f}")
    for error in result["error_examples"]:
        print(f"error: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
