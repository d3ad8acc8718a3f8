"""``kg validate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.store import DEFAULT_BUILD

HELP = "check a build against the SHACL shapes of ontology/shapes.ttl"
EXAMPLES = (
    "kg validate",
    "kg validate my-build/",
    "kg validate graph.ttl",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("build", nargs="?", default=DEFAULT_BUILD, metavar="BUILD",
                        help=f"build folder (default: {DEFAULT_BUILD}/) or a .ttl/.trig file")


def run(args: argparse.Namespace) -> int:
    from kg.errors import BorderKGError
    from kg.validate import validate

    target = Path(args.build)
    graph = target / "graph.trig" if target.is_dir() else target
    if not graph.is_file():
        raise BorderKGError(
            f"no build in {args.build} (no graph.trig): run `kg build corpus/ --out {args.build}` "
            "first"
        )
    report = validate(graph)
    for violation in report.violations:
        print(violation)
    print("valid" if report.conforms else f"{len(report.violations)} violations", file=sys.stderr)
    return 0 if report.conforms else 1
