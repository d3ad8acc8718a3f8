"""The subcommands of ``kg``, one small module each.

A command module has ``HELP`` (its one-line description), ``EXAMPLES`` (command
lines shown under ``--help``), ``add_arguments(parser)`` and ``run(args) -> int``. It
parses arguments and calls the core modules with plain values; no core module sees
argparse. Each imports what it needs when it runs, so ``kg --help`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.commands.output import FORMATS
from kg.errors import BorderKGError
from kg.store import DEFAULT_BUILD

# In the order ``kg --help`` lists them.
NAMES = (
    "fetch", "build", "entity", "quotes", "routes", "statistics", "path", "query", "stats", "view",
    "serve", "export", "validate", "eval", "curate",
)


def add_build(parser: argparse.ArgumentParser) -> None:
    """The build a command reads: one optional positional, the same for every command."""
    parser.add_argument(
        "build", nargs="?", default=DEFAULT_BUILD, metavar="BUILD",
        help=f"build folder written by `kg build` (default: {DEFAULT_BUILD}/), its store/, "
        "or a SPARQL server URL",
    )


def add_window(parser: argparse.ArgumentParser, what: str) -> None:
    """``--since`` and ``--until``: a time window, either end open."""
    parser.add_argument("--since", metavar="DATE",
                        help=f"only {what} this day or later (YYYY-MM-DD, YYYY-MM or YYYY)")
    parser.add_argument("--until", metavar="DATE",
                        help=f"only {what} this day or earlier (YYYY-MM-DD, YYYY-MM or YYYY)")


def add_format(parser: argparse.ArgumentParser) -> None:
    """``--format`` and ``--wide`` of a command that prints records."""
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (default), csv, tsv or json")
    parser.add_argument("--wide", action="store_true",
                        help="one line per row instead of wrapping to the terminal")


def add_curation(parser: argparse.ArgumentParser) -> None:
    """``--curation FILE``: the curation file, the same for ``kg build`` and ``kg curate``."""
    parser.add_argument("--curation", metavar="FILE",
                        help="the curation file of the analysts' decisions (default: "
                        "./curation.yaml, when there is one)")


def curation_file(given: str | None, must_exist: bool) -> Path | None:
    """The curation file a command uses: ``given``, else ``./curation.yaml``.

    For a command that reads it (``must_exist``), a file given that does not exist is
    an error and a missing default is ``None``; a command that writes it gets the path.
    """
    from kg.curation import DEFAULT_FILE

    path = Path(given or DEFAULT_FILE)
    if path.is_file() or not must_exist:
        return path
    if given is not None:
        raise BorderKGError(f"no curation file {path}: `kg curate` writes one, or leave out "
                            "--curation")
    return None
