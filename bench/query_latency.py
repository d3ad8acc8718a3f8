"""How fast the store loads and answers the saved queries. Prints numbers; asserts nothing.

    python bench/query_latency.py                     # a synthetic graph in a temporary folder
    python bench/query_latency.py build/store         # an existing build's store
    python bench/query_latency.py http://host:7878    # a SPARQL 1.1 server (oxigraph serve)
    python bench/query_latency.py --serve             # also through `kg serve` over HTTP

The synthetic graph follows ontology/GRAPH.md: ``--docs`` document graphs, each with
``--mentions`` mentions of entities drawn from ``--entities`` canonical entities.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from kg.query import run, saved_queries
from kg.store import EmbeddedStore, Store, open_store

ID = "https://w3id.org/borderkg/id/"
BK = "https://w3id.org/borderkg/ontology#"
OA = "http://www.w3.org/ns/oa#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
INT = "^^<http://www.w3.org/2001/XMLSchema#integer>"
TYPES = ("Person", "GovernmentAgency", "City", "Country", "App", "MigrantGroup")


def synthetic_graphs(docs: int, mentions: int, entities: int, seed: int = 7) -> dict[str, str]:
    """N-Quads text per named graph: the entities graph and one graph per document."""
    rng = random.Random(seed)
    graphs: dict[str, str] = {}
    entity_graph = f"<{ID}graph/entities>"
    lines = []
    for e in range(entities):
        iri = f"<{ID}{TYPES[e % len(TYPES)].lower()}/e{e}>"
        lines += [
            f"{iri} <{RDF}type> <{BK}{TYPES[e % len(TYPES)]}> {entity_graph} .",
            f'{iri} <{RDFS}label> "Entity {e}" {entity_graph} .',
            f'{iri} <{SKOS}altLabel> "E{e}" {entity_graph} .',
            f'{iri} <{BK}mentionCount> "{docs * mentions // entities}"{INT} {entity_graph} .',
        ]
    graphs[f"{ID}graph/entities"] = "\n".join(lines) + "\n"
    for d in range(docs):
        graph = f"<{ID}graph/doc/d{d}>"
        doc = f"<{ID}doc/d{d}>"
        lines = [
            f"{doc} <{RDF}type> <{BK}Document> {graph} .",
            f'{doc} <{DCT}identifier> "d{d}" {graph} .',
        ]
        for m in range(mentions):
            start = m * 100
            sentence = f"<{ID}sentence/d{d}/{start}-{start + 90}>"
            mention = f"<{ID}mention/d{d}/{start}-{start + 10}>"
            e = rng.randrange(entities)
            lines += [
                f"{sentence} <{RDF}type> <{BK}Sentence> {graph} .",
                f'{sentence} <{RDF}value> "Sentence {m} of document {d} names E{e}." {graph} .',
                f"{mention} <{RDF}type> <{BK}Mention> {graph} .",
                f"{mention} <{BK}refersTo> <{ID}{TYPES[e % len(TYPES)].lower()}/e{e}> {graph} .",
                f"{mention} <{OA}hasSource> {doc} {graph} .",
                f'{mention} <{OA}start> "{start}"{INT} {graph} .',
                f'{mention} <{OA}end> "{start + 10}"{INT} {graph} .',
                f'{mention} <{OA}exact> "E{e}" {graph} .',
                f"{mention} <{BK}sentence> {sentence} {graph} .",
            ]
        graphs[f"{ID}graph/doc/d{d}"] = "\n".join(lines) + "\n"
    return graphs


def timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def load(store: Store, graphs: dict[str, str]) -> None:
    quads = sum(text.count("\n") for text in graphs.values())
    seconds = timed(lambda: [store.replace_graph(g, text) for g, text in graphs.items()])
    print(f"replace_graph: {quads} quads in {len(graphs)} graphs, {seconds:.2f} s, "
          f"{quads / seconds:,.0f} quads/s")  # fmt: skip
    again = timed(lambda: [store.replace_graph(g, text) for g, text in graphs.items()])
    print(
        f"replace_graph again (every graph replaced): {again:.2f} s, {quads / again:,.0f} quads/s"
    )
    if isinstance(store, EmbeddedStore):
        with tempfile.TemporaryDirectory() as folder, open_store(folder) as fresh:
            assert isinstance(fresh, EmbeddedStore)
            text = "".join(graphs.values())
            bulk = timed(lambda: fresh.bulk_load(text))
        print(f"bulk_load into an empty store: {bulk:.2f} s, {quads / bulk:,.0f} quads/s")


def latencies(store: Store, repeat: int, label: str) -> None:
    print(f"\nsaved queries on {label}: median and worst of {repeat} runs, rows")
    for query in saved_queries():
        params = {p.name: "bk:worksFor" if p.name.endswith("_iri") else "E1" for p in query.params}
        samples, rows = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            rows = len(run(store, query, params).rows)
            samples.append(time.perf_counter() - started)
        print(f"  {query.name:22} {statistics.median(samples) * 1000:8.1f} ms "
              f"{max(samples) * 1000:8.1f} ms {rows:6} rows")  # fmt: skip


def http_latency(url: str, repeat: int) -> None:
    print(f"\nthrough kg serve ({url}): median of {repeat} runs")
    for query in saved_queries():
        if query.params:
            continue
        body = urllib.parse.urlencode({"query": query.text}).encode()
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=60) as r:
                r.read()
            samples.append(time.perf_counter() - started)
        print(f"  {query.name:22} {statistics.median(samples) * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "location", nargs="?", help="store folder or SPARQL URL (default: synthetic)"
    )
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--mentions", type=int, default=100)
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--serve", action="store_true", help="also time queries through kg serve")
    parser.add_argument("--port", type=int, default=18765)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        build = Path(folder) / "build"
        if args.location:
            store = open_store(args.location, read_only=not args.location.startswith("http"))
        else:
            store = open_store(build / "store")
            load(store, synthetic_graphs(args.docs, args.mentions, args.entities))
        latencies(store, args.repeat, args.location or "the synthetic graph")
        store.close()
        if args.serve and not (args.location or "").startswith("http"):
            target = Path(args.location).parent if args.location else build
            server = subprocess.Popen(
                [sys.executable, "-m", "kg.serve", str(target), "--port", str(args.port)],
                stdout=subprocess.DEVNULL,
            )
            try:
                url = f"http://127.0.0.1:{args.port}/sparql"
                for _ in range(100):
                    try:
                        urllib.request.urlopen(url, timeout=1).read()
                        break
                    except OSError:
                        time.sleep(0.1)
                http_latency(url, args.repeat)
            finally:
                server.terminate()
                server.wait()


if __name__ == "__main__":
    main()
