"""The ``kg`` command: one thin subcommand per user task (``kg/commands/``).

Errors a user can cause print one line on stderr and exit non-zero; ``--debug``
shows the traceback. Output cut short by its reader (``kg stats | head``) ends the
command quietly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from kg import __version__
from kg.commands import NAMES
from kg.errors import BorderKGError

DESCRIPTION = """\
borderkg: a knowledge graph of news about migration across the US-Mexico border.

Start with `kg build corpus/`, open build/graph.html in a browser, then ask:
  kg entity "Anna Mashinskaia"      kg quotes --speaker mayorkas
  kg routes --traveller mashinskaia kg statistics --group "Russian migrants"
Every command that reads a build takes it as its last positional argument
(default: build/). `kg COMMAND --help` describes a command, with examples."""


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``kg``."""
    return _parsers()[0]


def _parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser of ``kg`` and that of each command."""
    main_parser = argparse.ArgumentParser(
        prog="kg", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    main_parser.add_argument("--version", action="version", version=f"kg (borderkg) {__version__}")
    main_parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in NAMES:
        module = importlib.import_module(f"kg.commands.{name}")
        examples = "\n".join(f"  {line}" for line in module.EXAMPLES)
        command = commands.add_parser(
            name,
            help=module.HELP,
            description=module.HELP[0].upper() + module.HELP[1:] + ".",
            epilog=f"examples:\n{examples}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(command)
        command.set_defaults(handler=module.run)
    return main_parser, dict(commands.choices)


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments of ``kg``: options and positionals in any order after the command
    (``kg query NAME --param x=y my-build/`` as well as ``kg query NAME my-build/ --param …``)."""
    main_parser, commands = _parsers()
    args, extra = main_parser.parse_known_args(argv)
    if extra:
        given = list(sys.argv[1:] if argv is None else argv)
        after = given[given.index(args.command) + 1:]
        vars(args).update(vars(commands[args.command].parse_intermixed_args(after)))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kg``; return the exit status."""
    args = parse(argv)
    try:
        status = args.handler(args)
        sys.stdout.flush()
        return int(status)
    except BorderKGError as error:
        if args.debug:
            raise
        print(f"kg: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`kg stats | head`): stop writing, and say nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # as a command killed by SIGPIPE
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
