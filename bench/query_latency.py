"""Saved-query latency, embedded Oxigraph against rdflib, and `kg serve` under load. Asserts nothing.

    .venv/bin/python bench/query_latency.py                      # builds corpus/ in a temporary folder
    .venv/bin/python bench/query_latency.py /tmp/qlat/sample     # an existing build folder
    .venv/bin/python bench/query_latency.py --json /tmp/qlat/latency.json
    .venv/bin/python bench/query_latency.py --quads 100000 --repeat 3 --budget 10 --seconds 5

One run does five things and prints a table for each (``--json OUT`` also writes the numbers):

1. builds ``corpus/`` (as ``kg build corpus/ --out TMP/build --quiet``) unless a build folder
   is given, and reads the quads of its store;
2. scales them to at least ``--quads`` quads (default one million) at the RDF level: every
   document graph of the sample is copied under new document ids (``000_f2009b0cfb1c095e`` →
   ``000_f2009b0cfb1c095e-x0001``), which rewrites every IRI with the id as a path segment (its
   graph, document, sentences, mentions, facts, routes and legs, statistics, quotes) and its
   ``dcterms:identifier``; entity IRIs are kept, so the copies mention the same entities. The
   entities graph is kept except ``bk:mentionCount`` and ``bk:documentCount``, multiplied by
   the number of copies: in a build they equal the entity's ``bk:refersTo`` count and the
   number of document graphs holding one, and every document is copied equally, so they
   still do. So are ``bk:legsFrom`` and ``bk:legsTo`` of ``id:graph/route-places`` (the
   legs leaving and reaching a place; who passes it stays who it was). The ``bk:contradicts`` links of ``id:graph/contradictions`` are copied with
   their counts, copy ``k`` of one with copy ``k`` of the other: a build of the copies would
   pair every copy of one count with every copy of the other (copies² links, since each copy
   repeats its counts), which no real corpus holds. ``bk:sourcePath`` and ``bk:contentHash``
   are left as they were;
3. for each scale (the sample and the scaled graph), loads the same N-Quads text into an
   embedded Oxigraph store (``kg.store.open_store`` on a temporary folder, ``bulk_load``) and
   into an in-memory rdflib ``Dataset(default_union=True)`` (``parse``), then times each saved
   query of ``queries/`` ``--repeat`` times on each engine: Oxigraph through ``kg.query.run``
   (parameters bound the way ``kg query`` binds them), rdflib through ``Dataset.query`` with the
   query prepared once beforehand (``prepareQuery``, timed apart) and the parameters as
   ``initBindings``. It prints the median per query and engine, the ratio rdflib/Oxigraph, the
   load times and quads/s, and checks that both engines return the same number of rows;
4. starts ``kg serve`` on the sample build (127.0.0.1 only) and sends ``ASK {}``, a
   ``SELECT … LIMIT 10`` and each query of the mix of ``bench/endpoint_load.py``
   ``--rounds`` times on one kept-alive connection and ``--rounds`` times on a new
   connection each: the median latency of both, side by side (they should be alike: a
   kept-alive client must not wait for its delayed acknowledgements);
5. starts it again and runs that query mix from ``--clients`` concurrent keep-alive
   clients for ``--seconds``: requests, errors, requests/s, p50 and p99.

Each query has ``--budget`` seconds per engine and scale for its runs: the runs stop when it is
spent, and a query with no run finished within it reads ``>Ns``. A SIGALRM stops an rdflib
query in the middle (it runs Python code); an Oxigraph query can only be stopped between two
of its rows, so a slow Oxigraph query would overrun its budget rather than be cut.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import re
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

sys.path.insert(0, str(Path(__file__).resolve().parent))

import endpoint_load

from kg.query import SavedQuery, expand_iri, run, saved_queries
from kg.store import EmbeddedStore, open_store

ID = "https://w3id.org/borderkg/id/"
DOC_GRAPH = ID + "graph/doc/"
# Pairs of counts of two documents: copied with the documents (copy k with copy k).
CONTRADICTIONS_GRAPH = ID + "graph/contradictions"
# Counts over the documents, in the entities and route-places graphs: copies of the
# documents multiply them.
CORPUS_COUNTS = {
    "https://w3id.org/borderkg/ontology#mentionCount",
    "https://w3id.org/borderkg/ontology#documentCount",
    "https://w3id.org/borderkg/ontology#legsFrom",
    "https://w3id.org/borderkg/ontology#legsTo",
}
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
# Parameters that find something in the sample corpus (and in its scaled copies).
PARAMS: dict[str, dict[str, str]] = {
    "co-mentions": {"first": "Title 42", "second": "CBP One"},
    "edge-evidence": {
        "subject": "Alejandro Mayorkas",
        "predicate_iri": "bk:worksFor",
        "object": "DHS",
    },
    "entity-mentions": {"name": "Tatyana Edwards-Behar"},
    "group-routes": {"group": "Andrey Arrakis"},
    "group-crossings": {"group": "Andrey Arrakis"},
    "policy-agencies": {"policy": "Title 42"},
    "quotes-about": {"person": "Lia Djamilova", "policy": "Russian migrants"},
}


@dataclass(frozen=True)
class Scale:
    """One graph to measure: its N-Quads text and what it holds."""

    name: str
    nquads: str
    quads: int
    documents: int
    copies: int


@dataclass(frozen=True)
class Timing:
    """The runs of one query on one engine: seconds of each finished run and its row count."""

    samples: tuple[float, ...]
    rows: int | None
    over_budget: bool = False
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None


@dataclass(frozen=True)
class Load:
    """How long an engine took to load a scale."""

    seconds: float
    quads: int

    @property
    def quads_per_second(self) -> float:
        return self.quads / self.seconds if self.seconds else math.inf


class OverBudget(BaseException):
    """Raised by SIGALRM in a query that outlives its budget (not an Exception: rdflib must
    not swallow it)."""


# --------------------------------------------------------------------------- the data


def sample_graphs(build: Path) -> dict[str, list[ox.Quad]]:
    """The quads of a build's store, by named graph IRI."""
    store = open_store(build / "store", read_only=True)
    try:
        assert isinstance(store, EmbeddedStore)
        graphs: dict[str, list[ox.Quad]] = {}
        for quad in store.oxigraph.quads_for_pattern(None, None, None, None):
            name = quad.graph_name
            key = name.value if isinstance(name, ox.NamedNode) else ""
            graphs.setdefault(key, []).append(quad)
    finally:
        store.close()
    return graphs


def scaled(graphs: dict[str, list[ox.Quad]], target: int) -> Scale:
    """The sample with its document graphs copied until there are at least ``target`` quads.

    Copy 0 is the document itself; copy ``k`` has the id ``{id}-x{k:04d}``. Every IRI with
    the id as a path segment and the ``"{id}"`` literal (``dcterms:identifier``) are rewritten;
    ``bk:mentionCount`` and ``bk:documentCount`` are multiplied by the number of copies, the
    links between counts are copied with them (copy ``k`` with copy ``k``), the rest is kept.
    """
    documents = {g: quads for g, quads in graphs.items() if g.startswith(DOC_GRAPH)}
    copied = {**documents, CONTRADICTIONS_GRAPH: graphs.get(CONTRADICTIONS_GRAPH, [])}
    others = [q for g, quads in graphs.items() if g not in copied for q in quads]
    per_copy = sum(len(quads) for quads in copied.values())
    copies = max(1, math.ceil((target - len(others)) / per_copy)) if per_copy else 1
    parts = [_serialize([_scale_count(q, copies) for q in others])]
    ids = [graph[len(DOC_GRAPH) :] for graph in documents]
    for graph, quads in sorted(copied.items()):
        text = _serialize(quads)
        parts.append(text)
        named = ids if graph == CONTRADICTIONS_GRAPH else [graph[len(DOC_GRAPH) :]]
        for k in range(1, copies):
            parts.append(_copy(text, named, k))
    total = len(others) + per_copy * copies
    name = "sample" if copies == 1 else f"sample ×{copies}"
    return Scale(name, "".join(parts), total, len(documents) * copies, copies)


def _copy(text: str, doc_ids: list[str], k: int) -> str:
    """N-Quads ``text`` with each of ``doc_ids`` made ``{id}-x{k:04d}`` wherever it is a path
    segment of an IRI or the ``"{id}"`` literal."""
    for doc_id in doc_ids:
        segment = re.compile(rf"/{re.escape(doc_id)}(?=[/>])")
        literal = f'"{doc_id}"'
        copy_id = f"{doc_id}-x{k:04d}"
        text = segment.sub(f"/{copy_id}", text).replace(literal, f'"{copy_id}"')
        if k == 1 and (segment.search(text) or literal in text):
            raise SystemExit(f"copying {doc_id}: its id is left in an IRI or identifier")
    return text


def _scale_count(quad: ox.Quad, copies: int) -> ox.Quad:
    if copies == 1 or quad.predicate.value not in CORPUS_COUNTS:
        return quad
    assert isinstance(quad.object, ox.Literal)
    count = ox.Literal(str(int(quad.object.value) * copies), datatype=ox.NamedNode(XSD_INTEGER))
    return ox.Quad(quad.subject, quad.predicate, count, quad.graph_name)


def _serialize(quads: list[ox.Quad]) -> str:
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    return data.decode("utf-8")


# --------------------------------------------------------------------------- the engines


class Oxigraph:
    """An embedded Oxigraph store in a temporary folder, queried through ``kg.query.run``."""

    name = "oxigraph"

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="kg-qlat-oxigraph-")
        store = open_store(self._folder.name)
        assert isinstance(store, EmbeddedStore)
        self.store = store

    def load(self, nquads: str) -> Load:
        started = time.perf_counter()
        self.store.bulk_load(nquads)
        seconds = time.perf_counter() - started
        return Load(seconds, len(self.store.oxigraph))

    def action(self, saved: SavedQuery, params: dict[str, str]) -> Callable[[], int]:
        return lambda: len(run(self.store, saved, params).rows)

    def close(self) -> None:
        self.store.close()
        self._folder.cleanup()


class Rdflib:
    """rdflib's in-memory ``Dataset``, its default graph the union of the named graphs."""

    name = "rdflib"

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)
        self.prepare_seconds: dict[str, float] = {}

    def load(self, nquads: str) -> Load:
        started = time.perf_counter()
        self.dataset.parse(data=nquads, format="nquads")
        seconds = time.perf_counter() - started
        return Load(seconds, sum(len(graph) for graph in self.dataset.graphs()))

    def action(self, saved: SavedQuery, params: dict[str, str]) -> Callable[[], int]:
        started = time.perf_counter()
        prepared = prepareQuery(saved.text)
        self.prepare_seconds[saved.name] = time.perf_counter() - started
        bindings = {
            name: URIRef(expand_iri(value)) if name.endswith("_iri") else Literal(value)
            for name, value in params.items()
        }
        return lambda: len(list(self.dataset.query(prepared, initBindings=bindings)))

    def close(self) -> None:
        del self.dataset
        gc.collect()


Engine = Oxigraph | Rdflib


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise OverBudget


def _run_once(action: Callable[[], int], limit: float) -> tuple[float, int] | None:
    """Seconds and rows of one run, or ``None`` if it was stopped at ``limit`` seconds."""
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            started = time.perf_counter()
            rows = action()
            return time.perf_counter() - started, rows
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except OverBudget:
        return None


def measure(action: Callable[[], int], repeat: int, budget: float) -> Timing:
    """Run ``action`` up to ``repeat`` times within ``budget`` seconds in all."""
    samples: list[float] = []
    rows: int | None = None
    spent = 0.0
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            result = _run_once(action, max(budget - spent, 0.001))
            spent += time.perf_counter() - started
            if result is None:
                return Timing(tuple(samples), rows, over_budget=not samples)
            samples.append(result[0])
            rows = result[1]
            if spent >= budget:
                break
    # Whatever an engine raises on a query it cannot run is a result to report, not a crash.
    except Exception as error:  # noqa: BLE001
        return Timing(tuple(samples), rows, error=f"{type(error).__name__}: {error}"[:200])
    finally:
        signal.signal(signal.SIGALRM, previous)
    return Timing(tuple(samples), rows)


def bench_engine(
    engine: Engine, scale: Scale, repeat: int, budget: float
) -> tuple[Load, dict[str, Timing]]:
    """Load ``scale`` into ``engine`` and time every saved query on it."""
    print(f"  {engine.name}: loading {scale.quads:,} quads …", flush=True)
    load = engine.load(scale.nquads)
    if load.quads != scale.quads:
        print(f"  warning: {engine.name} holds {load.quads:,} quads, not {scale.quads:,}")
    timings: dict[str, Timing] = {}
    for saved in saved_queries():
        timing = measure(engine.action(saved, params_for(saved)), repeat, budget)
        timings[saved.name] = timing
        print(f"    {saved.name:<20} {_ms(timing, budget):>12}", flush=True)
    return load, timings


def params_for(saved: SavedQuery) -> dict[str, str]:
    params = PARAMS.get(saved.name, {})
    missing = [p.name for p in saved.params if p.name not in params]
    if missing:
        raise SystemExit(f"bench/query_latency.py: no value for {saved.name}'s {missing[0]}")
    return params


def bench_scale(scale: Scale, repeat: int, budget: float) -> dict:
    """Both engines on one scale: loads, timings per query, ratios and row checks."""
    print(f"\n{scale.name}: {scale.quads:,} quads, {scale.documents} document graphs", flush=True)
    loads: dict[str, Load] = {}
    timings: dict[str, dict[str, Timing]] = {}
    prepare: dict[str, float] = {}
    for make in (Oxigraph, Rdflib):
        engine = make()
        try:
            loads[engine.name], timings[engine.name] = bench_engine(engine, scale, repeat, budget)
            if isinstance(engine, Rdflib):
                prepare = dict(engine.prepare_seconds)
        finally:
            engine.close()
    queries = []
    for saved in saved_queries():
        ox_timing, rdf_timing = timings["oxigraph"][saved.name], timings["rdflib"][saved.name]
        queries.append(
            {
                "query": saved.name,
                "params": PARAMS.get(saved.name, {}),
                "oxigraph": _timing_json(ox_timing),
                "rdflib": _timing_json(rdf_timing),
                "rdflib_prepare_ms": round(prepare.get(saved.name, 0.0) * 1000, 2),
                "ratio": _ratio(ox_timing, rdf_timing, budget),
                "rows_match": _rows_match(ox_timing, rdf_timing),
            }
        )
    return {
        "scale": scale.name,
        "quads": scale.quads,
        "documents": scale.documents,
        "copies": scale.copies,
        "load": {
            name: {
                "seconds": round(load.seconds, 3),
                "quads": load.quads,
                "quads_per_second": round(load.quads_per_second),
            }
            for name, load in loads.items()
        },
        "queries": queries,
    }


def _timing_json(timing: Timing) -> dict:
    median = timing.median
    return {
        "median_ms": None if median is None else round(median * 1000, 2),
        "runs_ms": [round(s * 1000, 2) for s in timing.samples],
        "rows": timing.rows,
        "over_budget": timing.over_budget,
        "error": timing.error,
    }


def _ratio(oxigraph: Timing, rdflib: Timing, budget: float) -> str | float | None:
    """rdflib's median over Oxigraph's; ``">N"`` when rdflib ran out of budget."""
    if oxigraph.median is None:
        return None
    if rdflib.over_budget:
        return f">{budget / oxigraph.median:.0f}"
    if rdflib.median is None:
        return None
    return round(rdflib.median / oxigraph.median, 1)


def _rows_match(oxigraph: Timing, rdflib: Timing) -> bool | None:
    if oxigraph.rows is None or rdflib.rows is None:
        return None
    return oxigraph.rows == rdflib.rows


def _ms(timing: Timing, budget: float) -> str:
    if timing.error:
        return "error"
    if timing.over_budget:
        return f">{budget:g} s"
    median = timing.median
    assert median is not None
    runs = "" if len(timing.samples) > 1 else " (1 run)"
    return f"{median * 1000:,.1f} ms{runs}"


# --------------------------------------------------------------------------- the endpoint


def endpoint_throughput(build: Path, clients: int, seconds: float) -> dict:
    """``bench/endpoint_load.py``'s query mix against ``kg serve`` on ``build``."""
    return endpoint_load.run_load(build, clients, seconds)


# --------------------------------------------------------------------------- the report


def print_scale(result: dict, repeat: int, budget: float) -> None:
    load = result["load"]
    print(
        f"\n== {result['scale']}: {result['quads']:,} quads, {result['documents']} documents "
        f"(median of up to {repeat} runs, {budget:g} s budget per query and engine)"
    )
    print(f"{'load':<22}{'seconds':>10}{'quads/s':>12}")
    for name in ("oxigraph", "rdflib"):
        print(f"  {name:<20}{load[name]['seconds']:>10.2f}{load[name]['quads_per_second']:>12,}")
    header = (
        f"{'query':<22}{'oxigraph':>12}{'runs':>5}{'rdflib':>14}{'runs':>5}"
        f"{'rdflib/ox':>11}{'rows ox':>9}{'rows rdflib':>12}  check"
    )
    print(header)
    print("-" * len(header))
    for row in result["queries"]:
        ox_t, rdf_t = row["oxigraph"], row["rdflib"]
        ratio = row["ratio"]
        ratio_text = "" if ratio is None else (f"{ratio}×" if isinstance(ratio, str) else
                                              f"{ratio:,.1f}×")  # fmt: skip
        check = {True: "ok", False: "ROWS DIFFER", None: "n/a"}[row["rows_match"]]
        for t in (ox_t, rdf_t):
            if t["error"]:
                check += f"; {t['error']}"
        print(
            f"  {row['query']:<20}{_cell(ox_t, budget):>12}{len(ox_t['runs_ms']):>5}"
            f"{_cell(rdf_t, budget):>14}{len(rdf_t['runs_ms']):>5}{ratio_text:>11}"
            f"{_count(ox_t['rows']):>9}{_count(rdf_t['rows']):>12}  {check}"
        )
    prepare = [row["rdflib_prepare_ms"] for row in result["queries"]]
    print(
        f"  (ms; rdflib's prepareQuery, not in its timings: median "
        f"{statistics.median(prepare):.1f} ms, max {max(prepare):.1f} ms a query)"
    )


def _cell(timing: dict, budget: float) -> str:
    if timing["error"]:
        return "error"
    if timing["over_budget"]:
        return f">{budget:g} s"
    return f"{timing['median_ms']:,.1f}"


def _count(rows: int | None) -> str:
    return "?" if rows is None else f"{rows:,}"


def print_latency(result: dict) -> None:
    print(f"\n== kg serve, sample build, one client: median of {result['rounds']} requests")
    print(f"  {'request':<20}{'kept-alive ms':>15}{'new connection ms':>19}")
    for name, row in result["requests"].items():
        print(f"  {name:<20}{row['kept_alive_ms']:>15.1f}{row['new_connection_ms']:>19.1f}")


def print_endpoint(result: dict) -> None:
    print(
        f"\n== kg serve, sample build, {result['clients']} clients on loopback for "
        f"{result['seconds']:.1f} s"
    )
    print(
        f"requests {result['requests']:,}   errors {result['errors']}   "
        f"requests/s {result['requests_per_second']:,.1f}   "
        f"p50 {result['p50_ms']} ms   p99 {result['p99_ms']} ms"
    )
    print(f"  {'query':<20}{'requests':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for name, row in result["per_query"].items():
        print(f"  {name:<20}{row['requests']:>10,}{row['p50_ms']:>10.1f}{row['p99_ms']:>10.1f}")
    for error in result["error_examples"]:
        print(f"  error: {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "build", nargs="?", type=Path, help="build folder (default: corpus/ built in a temp folder)"
    )
    parser.add_argument("--quads", type=int, default=1_000_000, help="quads of the scaled graph")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (median)")
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds per query and engine for its runs"
    )
    parser.add_argument(
        "--rounds", type=int, default=30, help="requests per connection kind (latency of kg serve)"
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients of kg serve")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds of load on kg serve")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the numbers here")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-qlat-") as scratch:
        build = args.build or Path(scratch) / "build"
        endpoint_load.ensure_build(build)
        graphs = sample_graphs(build)
        scales = []
        for target in (0, args.quads):
            scale = scaled(graphs, target)
            scales.append(bench_scale(scale, args.repeat, args.budget))
            del scale
        latency = endpoint_load.connection_latency(build, args.rounds)
        endpoint = endpoint_throughput(build, args.clients, args.seconds)
    elapsed = time.perf_counter() - started

    for result in scales:
        print_scale(result, args.repeat, args.budget)
    print_latency(latency)
    print_endpoint(endpoint)
    print(f"\nwhole run: {elapsed:.0f} s")
    if args.json:
        report = {
            "command": " ".join(sys.argv),
            "seconds": round(elapsed, 1),
            "repeat": args.repeat,
            "budget_seconds": args.budget,
            "scales": scales,
            "endpoint_latency": latency,
            "endpoint": endpoint,
        }
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
