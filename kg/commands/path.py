"""``kg path``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kg.commands import add_build

HELP = "shortest connections between two entities, each hop with its sentence"
EXAMPLES = (
    'kg path "Title 42" "Russian migrants"',
    'kg path mashinskaia cancun my-build/ --format json',
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", help="any name of the first entity (label, alias, surname)")
    parser.add_argument("target", help="any name of the second entity")
    add_build(parser)
    parser.add_argument("--limit", type=int, default=10, help="at most this many paths")
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    """Print the shortest paths; exit 1 when the two are not connected."""
    from kg import analysis, network

    graph = network.load(args.build)
    names = network.resolver(graph)
    source, target = names.resolve(args.source), names.resolve(args.target)
    records = analysis.path_records(
        graph, analysis.shortest_paths(graph, source, target, limit=args.limit)
    )
    if args.format == "json":
        answer = {
            "source": {"id": source, "label": graph.nodes[source].get("label")},
            "target": {"id": target, "label": graph.nodes[target].get("label")},
            "paths": records,
        }
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        print(format_paths(graph, source, target, records))
    return 0 if records else 1


def format_paths(graph: Any, source: str, target: str, records: list[dict[str, Any]]) -> str:
    """The text ``kg path`` prints for :func:`kg.analysis.path_records`."""
    from kg.network import CO_MENTIONED, ROUTE_LEG

    def label(node: str) -> str:
        return str(graph.nodes[node].get("label") or node)

    if not records:
        return f"{label(source)} and {label(target)} are not connected"
    hops = len(records[0]["hops"])
    paths = f"{len(records)} shortest path{'s' if len(records) > 1 else ''}"
    each = f"{hops} hop{'s' if hops != 1 else ''}{' each' if len(records) > 1 else ''}"
    lines = [f"{paths} from {label(source)} to {label(target)}, {each}"]
    for number, record in enumerate(records, start=1):
        lines.append("")
        lines.append(f"{number}. " + " → ".join(node["label"] for node in record["nodes"]))
        for hop in record["hops"]:
            predicate = hop["predicate"]
            if predicate == ROUTE_LEG:
                u, v = (hop["from"], hop["to"]) if hop["forward"] else (hop["to"], hop["from"])
                predicate = f"{ROUTE_LEG} {graph.edges[u, v, hop['edge']].get('order')}"
            if hop["predicate"] == CO_MENTIONED:
                arrow = f"-[{predicate}]-"
            elif hop["forward"]:
                arrow = f"-[{predicate}]->"
            else:
                arrow = f"<-[{predicate}]-"
            lines.append(f"   {label(hop['from'])} {arrow} {label(hop['to'])}")
            evidence = hop["evidence"]
            if evidence:
                first = evidence[0]
                sentence = " ".join(str(first.get("sentence") or first.get("quote") or "").split())
                lines.append(f'      "{sentence}"')
                more = f" (+{len(evidence) - 1} more)" if len(evidence) > 1 else ""
                where = first.get("title") or first.get("document")
                rule = f", rule {hop['rule']}" if hop.get("rule") else ""
                lines.append(f"      — {where}{rule}{more}")
    return "\n".join(lines)
