"""The ``kg`` command: build | query | serve | path | stats | view | validate | export | eval.

Errors a user can cause print one line on stderr and exit non-zero; ``--debug``
shows the traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.errors import BorderKGError


def _build(args: argparse.Namespace) -> int:
    from kg.build import build

    result = build(args.inputs, args.out, store=args.store, quiet=args.quiet, jobs=args.jobs,
                   dask=args.dask)
    # The command ends here: the last collection of the interpreter's exit would walk
    # every object of the spaCy pipeline (0.3 s) only to free what the exit frees anyway.
    gc.freeze()
    counts = result.report["counts"]
    print(f"built {counts['documents']} documents, {counts['entities']} entities, "
          f"{counts['mentions']} mentions ({counts['skipped']} inputs skipped) -> {result.out}/")
    if args.strict and counts["skipped"]:
        return 1
    return 0


def _store_of(build_dir: str) -> str:
    path = Path(build_dir)
    if build_dir.startswith(("http://", "https://")):
        return build_dir
    if not (path / "store").is_dir():
        raise BorderKGError(f"{build_dir} holds no build (no store/ folder): run `kg build` first")
    return str(path / "store")


def _export(args: argparse.Namespace) -> int:
    if args.format != "extractions":
        from kg.exports import export_command

        return export_command(args)
    from kg.export import write_extractions
    from kg.store import open_store

    store = open_store(_store_of(args.build), read_only=True)
    try:
        written = write_extractions(store, Path(args.out))
    finally:
        store.close()
    print(f"wrote {len(written)} extraction files -> {args.out}/")
    return 0


def _eval(args: argparse.Namespace) -> int:
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


def _validate(args: argparse.Namespace) -> int:
    from kg.validate import validate

    target = Path(args.build)
    graph = target / "graph.trig" if target.is_dir() else target
    if not graph.is_file():
        raise BorderKGError(f"{graph} not found: run `kg build` first")
    report = validate(graph)
    for violation in report.violations:
        print(violation)
    print("valid" if report.conforms else f"{len(report.violations)} violations", file=sys.stderr)
    return 0 if report.conforms else 1


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``kg``."""
    main_parser = argparse.ArgumentParser(prog="kg", description=__doc__.splitlines()[0])
    main_parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = main_parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the knowledge graph of a corpus")
    build.add_argument("inputs", nargs="+", help="files or folders (.txt .md .html .jsonl)")
    build.add_argument("--out", default="build", help="build folder (default: build)")
    build.add_argument("--store", help="SPARQL 1.1 server URL instead of the embedded store")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                       help="worker processes for the NLP (default: 1)")
    build.add_argument("--dask", metavar="ADDRESS",
                       help="run the NLP on a Dask cluster: tcp://HOST:8786, or local:N workers")
    build.add_argument("--strict", action="store_true", help="exit 1 when any input was skipped")
    build.set_defaults(handler=_build)

    export = commands.add_parser("export", help="export a build for other tools")
    export.add_argument("build", help="build folder")
    export.add_argument("--format", choices=["extractions", "graphml", "gexf", "csv", "cytoscape"],
                        default="extractions")
    export.add_argument("--out", required=True, help="output folder (a file for graphml, gexf, "
                        "cytoscape)")
    export.set_defaults(handler=_export)

    evaluate = commands.add_parser("eval", help="score extractions against a gold set")
    evaluate.add_argument("gold", help="folder of NAME.gold.json")
    evaluate.add_argument("pred", help="folder of NAME.pred.json")
    evaluate.add_argument("--scorer", help="the gold set's score.py (default: beside the gold)")
    evaluate.add_argument("-v", "--verbose", action="store_true")
    evaluate.add_argument("--json", help="also write every number to this file")
    evaluate.add_argument("--ignore-predicate", action="append", default=[])
    evaluate.set_defaults(handler=_eval)

    check = commands.add_parser("validate", help="check a build against ontology/shapes.ttl")
    check.add_argument("build", help="build folder or a .ttl/.trig file")
    check.set_defaults(handler=_validate)

    from kg.query import add_query_command
    from kg.serve import add_serve_command

    add_query_command(commands)
    add_serve_command(commands)

    from kg.network import add_network_commands
    from kg.viz import add_view_command

    add_network_commands(commands)
    add_view_command(commands)
    return main_parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kg``; return the exit status."""
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except BorderKGError as error:
        if args.debug:
            raise
        print(f"kg: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
