"""Graph exports for other tools: each written by ``kg export`` and read back."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import networkx as nx
import pytest

from kg.graph_formats import SEPARATOR, edge_id, flat_graph
from kg.network import CO_MENTIONED, ROUTE_LEG, load


@pytest.fixture(scope="module")
def corpus_graph(corpus_build):
    return load(corpus_build.out)


def export(build, fmt: str, out) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "export", str(build), "--format", fmt, "--out", str(out)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    return done


def expected_edges(graph) -> set[tuple[str, str, str, str]]:
    return {
        (u, v, edge_id(u, v, key), data["predicate"])
        for u, v, key, data in graph.edges(keys=True, data=True)
    }


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_gephi_formats_read_back(corpus_build, corpus_graph, tmp_path, fmt):
    path = tmp_path / f"graph.{fmt}"
    export(corpus_build.out, fmt, path)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert back.is_directed() and back.is_multigraph()
    assert set(back) == set(corpus_graph)
    ids = [data["id"] for *_, data in back.edges(data=True)] if fmt == "graphml" else [
        key for *_, key in back.edges(keys=True)
    ]
    assert len(ids) == len(set(ids)) == corpus_graph.number_of_edges()
    assert {(u, v, data["predicate"]) for u, v, data in back.edges(data=True)} == {
        (u, v, p) for u, v, _, p in expected_edges(corpus_graph)
    }
    (tijuana,) = [n for n, d in back.nodes(data=True) if d.get("label") == "Tijuana"]
    original = corpus_graph.nodes[tijuana]
    assert back.nodes[tijuana]["type"] == "City"
    assert float(back.nodes[tijuana]["latitude"]) == pytest.approx(original["latitude"])
    assert back.nodes[tijuana]["aliases"].split(SEPARATOR) == original["aliases"]
    legs = [d for *_, d in back.edges(data=True) if d["predicate"] == ROUTE_LEG]
    assert legs and all(int(d["order"]) >= 1 for d in legs)


def test_csv_nodes_and_edges(corpus_build, corpus_graph, tmp_path):
    export(corpus_build.out, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "nodes.csv").open(encoding="utf-8", newline="") as file:
        nodes = list(csv.DictReader(file))
    with (tmp_path / "csv" / "edges.csv").open(encoding="utf-8", newline="") as file:
        edges = list(csv.DictReader(file))
    assert sorted(row["id"] for row in nodes) == sorted(corpus_graph)
    assert {(r["source"], r["target"], r["id"], r["predicate"]) for r in edges} == expected_edges(
        corpus_graph
    )
    assert len(edges) == corpus_graph.number_of_edges()
    co = next(r for r in edges if r["predicate"] == CO_MENTIONED)
    assert int(co["weight"]) >= 1 and co["first_sentence"]
    # A sentence with commas, quotes or line breaks survives the round trip.
    u, v = co["source"], co["target"]
    assert co["first_sentence"] == corpus_graph.edges[u, v, CO_MENTIONED]["evidence"][0].sentence


def test_cytoscape_json(corpus_build, corpus_graph, tmp_path):
    path = tmp_path / "graph.cyjs"
    export(corpus_build.out, "cytoscape", path)
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert sorted(n["data"]["id"] for n in nodes) == sorted(corpus_graph)
    assert {
        (e["data"]["source"], e["data"]["target"], e["data"]["id"], e["data"]["interaction"])
        for e in edges
    } == expected_edges(corpus_graph)
    assert all(isinstance(n["data"]["aliases"], list) for n in nodes if "aliases" in n["data"])


def test_flat_graph_has_only_scalars(corpus_graph):
    flat = flat_graph(corpus_graph)
    values = [v for _, d in flat.nodes(data=True) for v in d.values()]
    values += [v for *_, d in flat.edges(data=True) for v in d.values()]
    assert values and all(isinstance(v, str | int | float) for v in values)


def test_extractions_format_still_works(corpus_build, tmp_path):
    export(corpus_build.out, "extractions", tmp_path / "pred")
    assert len(list((tmp_path / "pred").glob("*.pred.json"))) == 5
