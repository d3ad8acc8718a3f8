"""``kg eval``."""

from __future__ import annotations

import argparse
import importlib.util
import json
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
    from kg.evaluation import per_predicate
    from kg.files import write_atomic

    gold = Path(args.gold)
    candidates = [Path(args.scorer)] if args.scorer else [
        folder / "score.py" for folder in (gold, gold.parent, gold.parent.parent)]
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
    status = int(module.main(argv) or 0)
    scores = [s for s in per_predicate(module, gold, Path(args.pred))
              if s.predicate not in args.ignore_predicate]
    print("== RELATIONS PER PREDICATE (weakest first)")
    for score in scores:
        print(f"   {score.predicate:<15} P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f} "
              f"(tp={score.true_positives} pred={score.predicted} gold={score.gold})")
    if args.json:
        report = json.loads(Path(args.json).read_text("utf-8"))
        report["per_predicate"] = {s.predicate: {"P": s.precision, "R": s.recall, "F1": s.f1,
                                                 "tp": s.true_positives, "pred": s.predicted,
                                                 "gold": s.gold} for s in scores}
        write_atomic(Path(args.json), json.dumps(report, indent=1) + "\n")
    return status
