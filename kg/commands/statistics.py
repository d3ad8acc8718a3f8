"""``kg statistics``."""

from __future__ import annotations

import argparse
from typing import Any

from kg.commands import add_build, add_format, add_window
from kg.errors import BorderKGError

HELP = "the counts the documents report (arrivals, arrests, …) by group and place, with the sentence"
EXAMPLES = (
    'kg statistics --group "Russian migrants"      # the table, then the counts on a time line',
    "kg statistics --place Mexicali --format csv",
    'kg statistics my-build/ --what arrest --since 2022 --until 2023-06',
    "kg statistics --conflicts --since 2023 --format json",
)
COLUMNS = ("group", "quantity", "counts", "period", "period_start", "period_end", "place",
           "reported", "document", "sentence")
# Characters of the time line's axis.
TIMELINE_WIDTH = 40
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
    add_window(parser, "counts whose period (else their report's date) overlaps "
                       "(with --conflicts: pairs whose two counts both do)")
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
                                                     what=args.what, since=args.since,
                                                     until=args.until)
            if args.format == "table":
                print_records(_sides(conflicts), SIDE_COLUMNS, wide=args.wide)
            else:
                print_records([asdict(c) for c in conflicts], CONFLICT_COLUMNS, args.format)
            return 0
        found = analysis.statistics(store, analysis.names(store), args.group, place=args.place,
                                    what=args.what, since=args.since, until=args.until)
    print_records([asdict(s) for s in found], COLUMNS, args.format, wide=args.wide)
    if args.group and args.format == "table" and found:
        print()
        print(format_timeline(analysis.timeline(found)))
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


def format_timeline(line: Any, width: int = TIMELINE_WIDTH) -> str:
    """The text time line of :func:`kg.analysis.timeline`: one row a count, its bar
    spanning the days its period covers (``█``), or a mark on the day it was reported
    when the period is not known (``▪``).

    Examples
    --------
    >>> from kg.analysis import StatisticRecord, timeline
    >>> fy = StatisticRecord("migrants", "In FY2022", 2.2e6, None, "2.2 million", "encounters",
    ...                      None, None, "crs-2022-12", None, reported="2022-12-19",
    ...                      period_start="2021-10-01", period_end="2022-09-30")
    >>> print(format_timeline(timeline([fy]), width=16))
    When the counts held (█ the period counted; ▪ the day reported, when no period is given)
                  2021-10  2022-09
      2.2 million ████████████████  In FY2022 · crs-2022-12
    """
    if line.first is None:
        return f"No count has a date ({line.undated} without one)."
    days = (line.last - line.first).days + 1
    quantity = max(len(e.statistic.quantity) for e in line.entries)

    def column(day: Any) -> int:
        return min(width - 1, (day - line.first).days * width // days)

    first, last = line.first.strftime("%Y-%m"), line.last.strftime("%Y-%m")
    lines = [
        "When the counts held (█ the period counted; ▪ the day reported, when no period is given)",
        f"  {'':>{quantity}} {first}{last:>{max(width - len(first), len(last) + 1)}}",
    ]
    for entry in line.entries:
        start, end = column(entry.start), column(entry.end)
        bar = " " * start + ("█" * (end - start + 1) if entry.known else "▪")
        what = entry.statistic.period or f"reported {entry.statistic.reported}"
        lines.append(f"  {entry.statistic.quantity:>{quantity}} {bar:<{width}}  "
                     f"{what} · {entry.statistic.document}")
    if line.undated:
        lines.append(f"  and {line.undated} count{'s' if line.undated > 1 else ''} with no date")
    return "\n".join(lines)
