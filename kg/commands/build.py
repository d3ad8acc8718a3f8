"""``kg build``."""

from __future__ import annotations

import argparse
import gc

from kg.commands import add_curation, curation_file

HELP = "build the knowledge graph of a corpus into a build folder"
EXAMPLES = (
    "kg build corpus/                      # writes build/: then open build/graph.html",
    "kg build corpus/ more.jsonl --out my-build/ -j 2",
    "kg build corpus/ --store http://127.0.0.1:7878   # write to a SPARQL 1.1 server",
    "kg build corpus/ --curation review/curation.yaml   # the analysts' corrections (kg curate)",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="article files or folders (.txt .md .html .jsonl); each must exist")
    parser.add_argument("--out", default="build", help="build folder (default: build)")
    parser.add_argument("--store", help="SPARQL 1.1 server URL instead of the embedded store")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                        help="worker processes for the NLP (default: 1)")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="run the NLP on a Dask cluster: tcp://HOST:8786, or local:N workers")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any input was skipped")
    add_curation(parser)


def run(args: argparse.Namespace) -> int:
    from kg.build import build

    result = build(args.inputs, args.out, store=args.store, quiet=args.quiet, jobs=args.jobs,
                   dask=args.dask, curation=curation_file(args.curation, must_exist=True))
    # The command ends here: the last collection of the interpreter's exit would walk
    # every object of the spaCy pipeline (0.3 s) only to free what the exit frees anyway.
    gc.freeze()
    counts = result.report["counts"]
    out = result.out
    print(f"built {counts['documents']} documents, {counts['entities']} entities, "
          f"{counts['mentions']} mentions ({counts['skipped']} inputs skipped) -> {out}/")
    if counts["copies"]:
        print(f"{counts['copies']} syndicated copies merged into {counts['stories']} stories "
              f"(their facts count once; listed under \"stories\" in {out / 'report.json'})")
    print(f"the graph: {out / 'graph.html'} (open it in a browser), {out / 'graph.ttl'}, "
          f"{out / 'graph.trig'}; what was read: {out / 'report.json'}")
    build_arg = "" if out.resolve() == (out.cwd() / "build").resolve() else f" {out}"
    print(f"ask it: kg entity NAME{build_arg}, kg quotes{build_arg}, kg routes{build_arg}, "
          f"kg query --list")
    if args.strict and counts["skipped"]:
        return 1
    return 0
