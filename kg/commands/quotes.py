"""``kg quotes``."""

from __future__ import annotations

import argparse

from kg.commands import add_build, add_format

HELP = "quotes and reported claims, by speaker and by what they are about, with the sentence"
EXAMPLES = (
    "kg quotes --speaker mayorkas",
    'kg quotes --about "Title 42" --format csv',
    'kg quotes my-build/ --speaker "Aaron Gomez" --about "humanitarian parole"',
)
COLUMNS = ("speaker", "kind", "quote", "about", "document", "sentence")

def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_build(parser)
    parser.add_argument("--speaker", help="any name of who said it")
    parser.add_argument("--about", help="any name of what the words are about")
    add_format(parser)

def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kg import analysis
    from kg.commands.output import print_records
    from kg.store import open_build

    with open_build(args.build) as store:
        found = analysis.quotes(store, analysis.names(store), speaker=args.speaker,
                                about=args.about)
    print_records([asdict(q) for q in found], COLUMNS, args.format, wide=args.wide)
    return 0
