"""``kg statistics``."""

from __future__ import annotations

import argparse

from kg.commands import add_build, add_format

HELP = "the counts the documents report (arrivals, arrests, …) by group and place, with the sentence"
EXAMPLES = (
    'kg statistics --group "Russian migrants"',
    "kg statistics --place Mexicali --format csv",
    'kg statistics my-build/ --what arrest',
)
COLUMNS = ("group", "quantity", "counts", "period", "place", "document", "sentence")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_build(parser)
    parser.add_argument("--group", help="who is counted: any name of a group, or text of it")
    parser.add_argument("--place", help="where: any name of a place")
    parser.add_argument("--what", help="text of what is counted (arrests, crossings, …)")
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kg import analysis
    from kg.commands.output import print_records
    from kg.store import open_build

    with open_build(args.build) as store:
        found = analysis.statistics(store, analysis.names(store), args.group, place=args.place,
                                    what=args.what)
    print_records([asdict(s) for s in found], COLUMNS, args.format, wide=args.wide)
    return 0
