"""``kg serve``."""

from __future__ import annotations

import argparse

from kg.commands import add_build

HELP = "answer SPARQL 1.1 Protocol requests on a build at http://127.0.0.1:8000/sparql"
EXAMPLES = (
    "kg serve                                # http://127.0.0.1:8000/sparql, read-only",
    "kg serve my-build/ --port 8000 --timeout 30 --cors",
    "curl --data-urlencode 'query=SELECT * { ?s a bk:Person }' http://127.0.0.1:8000/sparql",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kg.serve import ServeSettings

    defaults = ServeSettings()
    add_build(parser)
    parser.add_argument("--port", type=int, default=defaults.port, help=f"default {defaults.port}")
    parser.add_argument("--host", default=defaults.host, help=f"default {defaults.host}")
    parser.add_argument("--allow-updates", action="store_true", help="accept SPARQL Update")
    parser.add_argument("--cors", action="store_true", help="allow cross-origin requests")
    parser.add_argument("--timeout", type=float, default=defaults.timeout,
                        help=f"seconds per query (default {defaults.timeout:g})")
    parser.add_argument("--limit", type=int, default=defaults.limit,
                        help=f"most results per query (default {defaults.limit})")
    parser.add_argument("--workers", type=int, default=defaults.workers,
                        help="query worker processes")
    parser.add_argument(
        "--client-timeout", type=float, default=defaults.socket_timeout, metavar="SECONDS",
        help=f"disconnect a client stalled this long mid-request "
        f"(default {defaults.socket_timeout:g})",
    )


def run(args: argparse.Namespace) -> int:
    from kg.errors import BorderKGError
    from kg.serve import ServeSettings, serve

    if min(args.timeout, args.limit, args.workers, args.client_timeout) <= 0:
        raise BorderKGError("--timeout, --limit, --workers and --client-timeout must be positive")
    settings = ServeSettings(
        host=args.host,
        port=args.port,
        allow_updates=args.allow_updates,
        cors=args.cors,
        timeout=args.timeout,
        limit=args.limit,
        workers=args.workers,
        socket_timeout=args.client_timeout,
    )
    serve(args.build, settings)
    return 0
