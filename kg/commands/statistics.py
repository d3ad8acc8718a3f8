"""``kg statistics``."""

from __future__ import annotations

import argparse

from kg.commands import add_build, add_format
from kg.errors import BorderKGError

HELP = "the counts the documents report (arrivals, arrests, …) by group and place, with the sentence"
EXAMPLES = (
    'kg statistics --group "Russian migrants"',
    "kg statistics --place Mexicali --format csv",
    'kg statistics my-build/ --what arrest',
    "kg statistics --conflicts --format json",
)
COLUMNS = ("group", "quantity", "counts", "period", "place", "document", "sentence")
CONFLICT_COLUMNS = ("group", "counts", "quantity", "period", "document", "sentence",
                    "other_quantity", "other_period", "other_document", "other_sentence")
# On a terminal each contradiction is two lines, one per document, numbered alike.
SIDE_COLUMNS = ("conflict", "group", "counts", "quantity", "period", "document", "sentence")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_build(parser)
    parser.add_argument("--group", help="who is counted: any name of a group, or text of it")
    parser.add_argument("--place", help="where: any name of a place")
    parser.add_argument("--what", help="text of what is counted (arrests, crossings, …)")
    parser.add_argument("--conflicts", action="store_true",
                        help="only counts that contradict each other: two documents (not "
                             "copies of one story), the same group, what and overlapping "
                             "period, different numbers, side by side")
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kg import analysis
    from kg.commands.output import print_records
    from kg.store import open_build

    if args.conflicts and args.place is not None:
        raise BorderKGError("--conflicts compares counts of one place already; leave out --place")
    with open_build(args.build) as store:
        if args.conflicts:
            conflicts = analysis.statistic_conflicts(store, analysis.names(store), args.group,
                                                     what=args.what)
            if args.format == "table":
                print_records(_sides(conflicts), SIDE_COLUMNS, wide=args.wide)
            else:
                print_records([asdict(c) for c in conflicts], CONFLICT_COLUMNS, args.format)
            return 0
        found = analysis.statistics(store, analysis.names(store), args.group, place=args.place,
                                    what=args.what)
    print_records([asdict(s) for s in found], COLUMNS, args.format, wide=args.wide)
    return 0


def _sides(conflicts: list) -> list[dict]:
    """Two records per contradiction, one for each document's count."""
    rows = []
    for number, conflict in enumerate(conflicts, start=1):
        rows.append({"conflict": number, "group": conflict.group, "counts": conflict.counts,
                     "quantity": conflict.quantity, "period": conflict.period,
                     "document": conflict.document, "sentence": conflict.sentence})
        rows.append({"conflict": number, "group": conflict.group, "counts": conflict.counts,
                     "quantity": conflict.other_quantity, "period": conflict.other_period,
                     "document": conflict.other_document, "sentence": conflict.other_sentence})
    return rows
