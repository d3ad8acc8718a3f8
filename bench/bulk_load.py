"""Quads per second into the embedded store and into ``oxigraph serve``.

    .venv/bin/python bench/bulk_load.py [--graphs 2000] [--quads-per-graph 250]

Synthetic document graphs shaped like ours (mentions with offsets, sentences,
string and integer literals). Four ways in:

* embedded ``bulk_load`` into an empty store (what a build of new documents does);
* embedded ``replace_graph`` of each of those graphs, now in the store (what an
  incremental build does for changed documents);
* ``oxigraph serve``: one POST of all N-Quads to ``/store`` (what ``kg build --store URL``
  does for graphs the server does not hold yet);
* ``oxigraph serve``: ``replace_graph`` (a Graph Store Protocol PUT) of each graph the
  server now holds, which is what ``kg build --store URL`` does for the graphs of
  changed documents.

A PUT that creates a graph is not measured because a build never sends one: with
oxigraph serve 0.5.13, each PUT of a new graph took longer than the last (0.4 s for
the first 50 graphs, 2.4 s for graphs 250 to 300), while replacing graphs it holds
takes the same time whatever their number.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from kg.store import EmbeddedStore, open_store

ID = "https://w3id.org/borderkg/id/"
BK = "https://w3id.org/borderkg/ontology#"
OA = "http://www.w3.org/ns/oa#"
XSD_INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


def graph_nquads(number: int, quads: int) -> tuple[str, str]:
    graph = f"{ID}graph/doc/doc{number}"
    lines = []
    for mention in range(quads // 5):
        node = f"<{ID}mention/doc{number}/{mention * 10}-{mention * 10 + 7}>"
        lines += [
            f"{node} <{BK}refersTo> <{ID}person/p{mention % 97}> <{graph}> .\n",
            f'{node} <{OA}start> "{mention * 10}"^^{XSD_INTEGER} <{graph}> .\n',
            f'{node} <{OA}end> "{mention * 10 + 7}"^^{XSD_INTEGER} <{graph}> .\n',
            f'{node} <{OA}exact> "Name number {mention}" <{graph}> .\n',
            f"{node} <{BK}sentence> <{ID}sentence/doc{number}/{mention}> <{graph}> .\n",
        ]
    return graph, "".join(sorted(lines))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    binary = Path(sys.executable).parent / "oxigraph"
    process = subprocess.Popen([str(binary), "serve", "--location", str(folder),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            return process, url
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("oxigraph serve did not start")


def report(label: str, quads: int, seconds: float) -> None:
    print(f"{label:48s} {quads / seconds:10.0f} quads/s  ({quads} quads, {seconds:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", type=int, default=2000)
    parser.add_argument("--quads-per-graph", type=int, default=250)
    args = parser.parse_args()
    graphs = [graph_nquads(n, args.quads_per_graph) for n in range(args.graphs)]
    total = sum(text.count("\n") for _, text in graphs)
    everything = "".join(text for _, text in graphs).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="kg-bulk-") as scratch:
        root = Path(scratch)
        store = EmbeddedStore(root / "embedded")
        started = time.perf_counter()
        store.bulk_load(everything)
        report("embedded bulk_load", total, time.perf_counter() - started)
        started = time.perf_counter()
        for graph, text in graphs:
            store.replace_graph(graph, text)
        store.close()
        report("embedded replace_graph per document", total, time.perf_counter() - started)

        process, url = start_server(root / "server")
        try:
            started = time.perf_counter()
            request = urllib.request.Request(url + "/store", data=everything, method="POST",
                                             headers={"Content-Type": "application/n-quads"})
            urllib.request.urlopen(request, timeout=600).read()
            report("oxigraph serve, one POST /store", total, time.perf_counter() - started)
            remote = open_store(url)
            started = time.perf_counter()
            for graph, text in graphs:
                remote.replace_graph(graph, text)
            report("oxigraph serve, replace_graph (PUT) per document", total,
                   time.perf_counter() - started)
        finally:
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
