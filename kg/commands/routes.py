"""``kg routes``."""

from __future__ import annotations

import argparse

from kg.commands import add_build, add_format

HELP = "journeys the documents tell, leg by leg in order, with the mode and the sentence"
EXAMPLES = (
    "kg routes",
    "kg routes --traveller mashinskaia",
    'kg routes my-build/ --traveller "Chinese migrants" --format json',
)
COLUMNS = ("traveller", "order", "origin", "destination", "mode", "document", "sentence")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_build(parser)
    parser.add_argument("--traveller", help="any name of a person or migrant group")
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kg import analysis
    from kg.commands.output import print_records
    from kg.store import open_build

    with open_build(args.build) as store:
        legs = analysis.routes(store, analysis.names(store), args.traveller)
    print_records([asdict(leg) for leg in legs], COLUMNS, args.format, wide=args.wide)
    return 0
