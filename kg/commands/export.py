"""``kg export``."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands import add_build

HELP = "write a build for other tools: GraphML, GEXF, CSV, Cytoscape or extractions JSON"
EXAMPLES = (
    "kg export --format graphml --out graph.graphml      # Gephi, yEd",
    "kg export my-build/ --format csv --out tables/      # nodes.csv and edges.csv",
    "kg export --format extractions --out pred/          # one JSON per document, for kg eval",
)


def formats() -> tuple[str, ...]:
    """Every format ``kg export`` writes: the evaluation's, then the graph tools'."""
    from kg.graph_formats import FORMATS

    return ("extractions", *FORMATS)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_build(parser)
    parser.add_argument("--format", choices=formats(), default="extractions",
                        help="default: extractions")
    parser.add_argument("--out", required=True,
                        help="output folder (a file for graphml, gexf, cytoscape)")


def run(args: argparse.Namespace) -> int:
    if args.format != "extractions":
        from kg.graph_formats import export_graph
        from kg.network import load

        graph = load(args.build)
        written = export_graph(graph, args.format, args.out)
        where = ", ".join(str(path) for path in written)
        print(f"wrote {graph.number_of_nodes()} entities and {graph.number_of_edges()} links "
              f"as {args.format} -> {where}")
        return 0
    from kg.evaluation import write_extractions
    from kg.store import open_build

    store = open_build(args.build)
    try:
        files = write_extractions(store, Path(args.out))
    finally:
        store.close()
    print(f"wrote {len(files)} extraction files -> {args.out}/")
    return 0
