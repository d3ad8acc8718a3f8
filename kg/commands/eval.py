"""``kg eval``."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

HELP = "score extractions (kg export --format extractions) against a gold set"
EXAMPLES = (
    "kg export --format extractions --out pred/ && kg eval ../shared/eval/seeds pred/",
    "kg eval GOLD/ pred/ -v --json scores.json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", help="folder of NAME.gold.json")
    parser.add_argument("pred", help="folder of NAME.pred.json")
    parser.add_argument("--scorer", help="the gold set's score.py (default: beside the gold)")
    parser.add_argument("-v", "--verbose", action="store_true", help="every miss and extra")
    parser.add_argument("--json", help="also write every number to this file")
    parser.add_argument("--ignore-predicate", action="append", default=[], metavar="PREDICATE",
                        help="leave this relation out of the scores (repeatable)")


def run(args: argparse.Namespace) -> int:
    from kg.errors import BorderKGError

    gold = Path(args.gold)
    candidates = [Path(args.scorer)] if args.scorer else [gold / "score.py", gold.parent / "score.py"]
    scorer = next((c for c in candidates if c.is_file()), None)
    if scorer is None:
        raise BorderKGError(f"no score.py beside {gold}: give the gold set's scorer with --scorer")
    spec = importlib.util.spec_from_file_location("gold_scorer", scorer)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    argv = [str(gold), args.pred, *(["-v"] if args.verbose else []),
            *(["--json", args.json] if args.json else [])]
    for predicate in args.ignore_predicate:
        argv += ["--ignore-predicate", predicate]
    return int(module.main(argv) or 0)
