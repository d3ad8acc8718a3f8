"""``kg query``."""

from __future__ import annotations

import argparse

from kg.commands import add_build, add_format, add_window

HELP = "run a saved query (by name), a .rq file or SPARQL text on a build"
EXAMPLES = (
    "kg query --list                               # the saved queries and what each takes",
    'kg query entity-mentions --param name="darien gap"',
    "kg query policy-agencies my-build/ --param policy=\"CBP One\" --format csv",
    "kg query 'SELECT ?p ?label { ?p a bk:Person ; rdfs:label ?label }'   # prefixes declared",
    "kg query quotes-about --param person=Mayorkas --param policy='Title 42' --since 2023-01",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", help="saved query name, .rq file or SPARQL text")
    add_build(parser)
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="bind a parameter (repeatable); see --list for what each takes")
    parser.add_argument("--list", action="store_true", help="list the saved queries")
    add_window(parser, "read the documents reported")
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    from kg.commands.output import print_records
    from kg.errors import BorderKGError
    from kg.query import load_query, saved_queries
    from kg.query import run as run_query
    from kg.store import open_build

    if args.list:
        rows = [
            {"name": q.name, "title": q.title,
             "params": "; ".join(f"{p.name}: {p.takes}" for p in q.params)}
            for q in saved_queries()
        ]
        print_records(rows, ["name", "title", "params"], args.format, wide=args.wide)
        return 0
    if not args.query:
        raise BorderKGError("give a query (a saved name, a .rq file or SPARQL) or --list")
    params = dict(_param(text) for text in args.param)
    saved = load_query(args.query)
    store = open_build(args.build)
    try:
        table = run_query(store, saved, params, since=args.since, until=args.until)
    finally:
        store.close()
    print_records(table.records(), table.columns, args.format, wide=args.wide)
    return 0


def _param(text: str) -> tuple[str, str]:
    from kg.errors import BorderKGError

    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise BorderKGError(f"--param {text!r}: write NAME=VALUE")
    return name.strip(), value
