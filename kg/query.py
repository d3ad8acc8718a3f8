"""SPARQL helpers and the saved queries of ``queries/``.

A saved query is a ``.rq`` file an analyst can read and copy. Its header says what
it answers and which parameters it takes::

    # title: Every mention of an entity
    # description: Each place any document mentions an entity, ...
    # param: name — a label or alias of the entity

A parameter binds the query variable of the same name as an RDF term, never as
SPARQL text (see :mod:`kg.store`); a parameter named ``…_iri`` binds an IRI and
accepts a prefixed name of ``ontology/GRAPH.md`` (``bk:worksFor``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BorderKGError
from kg.resources import data_dir
from kg.store import PREFIXES, Store, Table, open_store, to_python, tokenize

FORMATS = ("table", "csv", "tsv", "json")
DEFAULT_STORE = "build/store"
# Cells wider than this are cut in the aligned terminal table (never in csv, tsv, json).
TABLE_CELL_WIDTH = 60


@dataclass(frozen=True)
class QueryParam:
    """A parameter a saved query takes: the variable it binds and what it is."""

    name: str
    description: str


@dataclass(frozen=True)
class SavedQuery:
    """A SPARQL query with its title, description and parameters."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path | None = None

    @property
    def form(self) -> str:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
        return query_form(self.text)


_HEADER = re.compile(r"#\s*(title|description|param)\s*:\s*(.*)", re.IGNORECASE)
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:—|–|--|-|:)\s*(.*)")


def parse_saved_query(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    """Read the ``# title:``, ``# description:`` and ``# param:`` lines of a query.

    Examples
    --------
    >>> q = parse_saved_query("# title: T\\n# param: name — who\\nSELECT * { ?s ?p ?name }")
    >>> q.title, q.params
    ('T', (QueryParam(name='name', description='who'),))
    """
    title = description = ""
    params: list[QueryParam] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description = value
        else:
            param = _PARAM.match(value)
            if not param:
                raise BorderKGError(f"{path or name}: bad '# param:' line {line!r}")
            params.append(QueryParam(param.group(1), param.group(2).strip()))
    return SavedQuery(name, title or name, description, tuple(params), text, path)


def saved_queries() -> list[SavedQuery]:
    """Every saved query of ``queries/``, sorted by name.

    Examples
    --------
    >>> "entity-mentions" in [q.name for q in saved_queries()]
    True
    """
    folder = data_dir("queries")
    return [
        parse_saved_query(path.read_text(encoding="utf-8"), path.stem, path)
        for path in sorted(folder.glob("*.rq"))
    ]


def load_query(query: str | Path | SavedQuery) -> SavedQuery:
    """A saved query by name, a ``.rq`` file by path, or SPARQL text as it is.

    Examples
    --------
    >>> load_query("entities-by-type").title
    'Entities by type, most mentioned first'
    >>> load_query("ASK {}").form
    'ASK'
    """
    if isinstance(query, SavedQuery):
        return query
    text = str(query)
    if isinstance(query, str) and re.fullmatch(r"[\w.-]+", text):
        for saved in saved_queries():
            if saved.name == text:
                return saved
    path = Path(text)
    if isinstance(query, Path) or (
        "{" not in text and "\n" not in text and (text.endswith(".rq") or path.is_file())
    ):
        try:
            return parse_saved_query(path.read_text(encoding="utf-8"), path.stem, path)
        except OSError as error:
            raise BorderKGError(f"cannot read query file {path}: {error.strerror}") from error
    if "{" not in text:
        names = ", ".join(q.name for q in saved_queries())
        raise BorderKGError(f"no saved query {text!r}: use one of {names}, a .rq file or SPARQL")
    return parse_saved_query(text, "query")


def query_form(text: str) -> str:
    """The form of a query: its first ``SELECT``/``ASK``/``CONSTRUCT``/``DESCRIBE`` keyword."""
    forms = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
    for token in tokenize(text):
        if token.kind == "word" and token.text.upper() in forms:
            return token.text.upper()
    raise BorderKGError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


def expand_iri(value: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """Expand a prefixed name of ``ontology/GRAPH.md``; leave anything else alone.

    Examples
    --------
    >>> expand_iri("bk:worksFor")
    'https://w3id.org/borderkg/ontology#worksFor'
    >>> expand_iri("https://w3id.org/borderkg/id/app/cbp-one")
    'https://w3id.org/borderkg/id/app/cbp-one'
    """
    prefix, colon, local = value.partition(":")
    if colon and prefix in prefixes and not local.startswith("//"):
        return prefixes[prefix] + local
    return value


def run(
    store: Store,
    query: str | Path | SavedQuery,
    params: Mapping[str, str | float] | None = None,
) -> Table:
    """Run a query (saved name, path, text) with ``params`` and return a :class:`Table`.

    ASK answers a one-cell table (``ask``); CONSTRUCT and DESCRIBE answer one row a
    triple (``subject``, ``predicate``, ``object``).
    """
    saved = load_query(query)
    bound = _check_params(saved, dict(params or {}))
    form = saved.form
    if form == "SELECT":
        return store.select(saved.text, bound)
    if form == "ASK":
        return Table(("ask",), ((store.ask(saved.text, bound),),))
    ntriples = store.construct(saved.text, bound, format="ntriples")
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    rows = tuple(
        (to_python(t.subject), to_python(t.predicate), to_python(t.object)) for t in triples
    )
    return Table(("subject", "predicate", "object"), rows)


def _check_params(saved: SavedQuery, params: dict[str, str | float]) -> dict[str, str | float]:
    if saved.params:
        declared = {p.name for p in saved.params}
        unknown = sorted(set(params) - declared)
        if unknown:
            raise BorderKGError(
                f"query {saved.name} has no parameter {unknown[0]!r}; "
                f"it takes: {', '.join(p.name for p in saved.params)}"
            )
        missing = [p for p in saved.params if p.name not in params]
        if missing:
            p = missing[0]
            raise BorderKGError(f"query {saved.name} needs --param {p.name}=… ({p.description})")
    return {
        name: expand_iri(value) if name.endswith("_iri") and isinstance(value, str) else value
        for name, value in params.items()
    }


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_table(table: Table, fmt: str = "table") -> str:
    """Render a table as ``"table"`` (aligned), ``"csv"``, ``"tsv"`` or ``"json"``.

    Examples
    --------
    >>> t = Table(("name", "n"), (("CBP One", 3), ("Tijuana", None)))
    >>> print(format_table(t))
    name    | n
    --------+--
    CBP One | 3
    Tijuana |
    >>> format_table(t, "json")
    '[{"name": "CBP One", "n": 3}, {"name": "Tijuana", "n": null}]'
    """
    if fmt == "json":
        return json.dumps(table.records(), ensure_ascii=False)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(
            buffer,
            delimiter="," if fmt == "csv" else "\t",
            lineterminator="\n",
            quoting=csv.QUOTE_MINIMAL,
        )
        writer.writerow(table.columns)
        writer.writerows([_cell(v) for v in row] for row in table.rows)
        return buffer.getvalue().rstrip("\n")
    if fmt != "table":
        raise BorderKGError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    cells = [[_short(_cell(v)) for v in row] for row in table.rows]
    widths = [
        max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(table.columns)
    ]
    lines = [
        " | ".join(name.ljust(w) for name, w in zip(table.columns, widths)).rstrip(),
        "-+-".join("-" * w for w in widths),
    ]
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


# --------------------------------------------------------------------------- command line


def add_query_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``kg query`` to the ``kg`` command (``handler`` returns the exit status)."""
    parser = subparsers.add_parser(
        "query",
        help="run a saved query or SPARQL on the graph",
        description="Run a saved query (by name), a .rq file or SPARQL text on a build.",
    )
    parser.add_argument("query", nargs="?", help="saved query name, .rq file or SPARQL text")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a parameter (repeatable); NAME_iri binds an IRI",
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format")
    parser.add_argument("--list", action="store_true", help="list the saved queries")
    parser.add_argument(
        "--store",
        default=DEFAULT_STORE,
        help=f"store folder or SPARQL URL (default {DEFAULT_STORE})",
    )
    parser.set_defaults(handler=query_command)
    return parser


def query_command(args: argparse.Namespace) -> int:
    """``kg query``: print the answer of a query in the chosen format."""
    if args.list:
        rows = tuple((q.name, q.title, " ".join(p.name for p in q.params)) for q in saved_queries())
        print(format_table(Table(("name", "title", "params"), rows), args.format))
        return 0
    if not args.query:
        raise BorderKGError("give a query (a saved name, a .rq file or SPARQL) or --list")
    params = dict(_param(text) for text in args.param)
    saved = load_query(args.query)
    location = str(args.store)
    if not location.startswith(("http://", "https://")) and not Path(location).is_dir():
        raise BorderKGError(f"no store at {location}: run `kg build` first or give --store")
    store = open_store(location, read_only=True)
    try:
        table = run(store, saved, params)
    finally:
        store.close()
    print(format_table(table, args.format))
    return 0


def _param(text: str) -> tuple[str, str]:
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise BorderKGError(f"--param {text!r}: write NAME=VALUE")
    return name.strip(), value
