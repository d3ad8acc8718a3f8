"""``kg stats``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kg.commands import add_build

HELP = "counts, central entities, communities and the documents that contribute most"
EXAMPLES = (
    "kg stats",
    "kg stats my-build/ --top 5 --format json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_build(parser)
    parser.add_argument("--top", type=int, default=10, help="how many to list (default 10)")
    parser.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    from kg import analysis, network

    result = analysis.stats(network.load(args.build), top=args.top)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_stats(result))
    return 0


def format_stats(result: dict[str, Any]) -> str:
    """The text ``kg stats`` prints for :func:`kg.analysis.stats`."""
    from kg.analysis import COMMUNITY_SEED

    lines = [f"{result['entities']} entities, {result['links']} links"]

    def counts(title: str, values: dict[str, int]) -> None:
        lines.extend(["", title])
        width = max((len(name) for name in values), default=0)
        lines.extend(f"  {name:<{width}}  {count:>6}" for name, count in values.items())

    def ranking(title: str, entries: list[dict[str, Any]], digits: int) -> None:
        lines.extend(["", title])
        for number, entry in enumerate(entries, start=1):
            value = f"{entry['value']:.{digits}f}" if digits else str(entry["value"])
            lines.append(f"  {number:>2}. {entry['label']} ({entry['type']})  {value}")

    counts("Entities by type", result["types"])
    counts("Links by predicate", result["predicates"])
    ranking("Most connected (distinct neighbours)", result["degree"], 0)
    ranking("Most between (betweenness centrality)", result["betweenness"], 3)
    lines.extend(["", f"Communities (Louvain, seed {COMMUNITY_SEED})"])
    for number, community in enumerate(result["communities"], start=1):
        names = ", ".join(member["label"] for member in community["members"])
        more = len(community["members"]) < community["size"]
        size = f"{community['size']} entit{'ies' if community['size'] > 1 else 'y'}"
        lines.append(f"  {number:>2}. {size}: {names}{', …' if more else ''}")
    lines.extend(["", "Documents that contribute most"])
    for document in result["documents"]:
        lines.append(
            f"  {document['title'] or document['id']} ({document['id']}): "
            f"{document['facts']} facts, {document['mentions']} mentions"
        )
    return "\n".join(lines)
