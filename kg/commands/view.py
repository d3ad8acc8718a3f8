"""``kg view``."""

from __future__ import annotations

import argparse

from kg.commands import add_build

HELP = "write the interactive view of a build (or of one entity's neighbourhood) as HTML"
EXAMPLES = (
    "kg view                                  # the whole graph -> graph.html",
    'kg view -o cbp-one.html --focus "CBP One" --hops 2',
    'kg view my-build/ --focus "darien gap"',
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kg.viz import NODE_BUDGET

    add_build(parser)
    parser.add_argument("-o", "--out", default="graph.html", help="HTML file (default: graph.html)")
    parser.add_argument("--focus", help="any name of the entity to centre on")
    parser.add_argument("--hops", type=int, help="with --focus: keep only this many links around it")
    parser.add_argument("--title", help="page title (default: borderkg, or the focus)")
    parser.add_argument("--budget", type=int, default=NODE_BUDGET,
                        help=f"node budget (default {NODE_BUDGET})")


def run(args: argparse.Namespace) -> int:
    """Write the page and say where it went."""
    from kg import analysis, network
    from kg.errors import BorderKGError
    from kg.viz import write_html

    if args.hops is not None and not args.focus:
        raise BorderKGError("--hops needs --focus: the entity to count the hops from")
    if args.hops is not None and args.hops < 0:
        raise BorderKGError("--hops must be 0 or more")
    graph = network.load(args.build)
    title = args.title or "borderkg"
    focus = None
    if args.focus:
        focus = network.resolver(graph).resolve(args.focus)
        label = graph.nodes[focus]["label"]
        if args.hops is not None:
            graph = analysis.ego(graph, focus, hops=args.hops)
            title = args.title or f"{label}: {args.hops} hop{'s' if args.hops != 1 else ''}"
    written = write_html(graph, args.out, title=title, focus=focus, node_budget=args.budget)
    print(
        f"wrote {graph.number_of_nodes()} entities and {graph.number_of_edges()} links -> {written}"
    )
    return 0
