"""Where the graph lives: an embedded Oxigraph folder or a SPARQL 1.1 server.

One interface, :class:`Store`, two back ends:

* :class:`EmbeddedStore` — a :class:`pyoxigraph.Store` on disk (``build/store``);
* :class:`SparqlStore` — any server speaking SPARQL 1.1 Query, Update and the
  Graph Store Protocol (tested against ``oxigraph serve``).

:func:`open_store` picks one from a location: a folder path or an ``http(s)://`` URL.

Parameters are never pasted into SPARQL text as raw strings. Each value becomes
an RDF term first (a ``pyoxigraph`` :class:`~pyoxigraph.Literal` or
:class:`~pyoxigraph.NamedNode`, whose ``str()`` is the N-Triples form with every
quote, backslash and control character escaped):

* the embedded store hands the terms to Oxigraph's ``substitutions`` (SEP-0007)
  when the query projects every parameter (Oxigraph's condition), else it binds
  them like the remote store;
* the remote store writes the escaped terms into a ``VALUES`` block placed at the
  start of the query's top-level ``WHERE`` group, found with a SPARQL tokenizer
  (strings, IRIs and comments are skipped, so braces inside them do not count);
* both also write the escaped term in place of the variable inside ``FILTER``s
  (:func:`bind_filters`), so that Oxigraph can filter early.

A value is a plain ``xsd:string`` literal (``int`` → ``xsd:integer``, ``float`` →
``xsd:double``, ``bool`` → ``xsd:boolean``), except for a parameter whose name
ends in ``_iri``: that one binds an IRI. A parameter binds the variable of the
same name (``{"name": "CBP One"}`` binds ``?name``). Bind variables used in the
top-level group of the query (not only inside a nested ``{ }`` or a subquery):
that is where both back ends see them alike.

Every query is read with the prefixes of :data:`kg.namespaces.PREFIXES` declared
(``bk:``, ``rdf:``, ``rdfs:``, ``owl:``, ``xsd:``, ``skos:``, ``schema:``, ``prov:``,
``dcterms:``, ``oa:`` …). In the embedded store the default graph of a query that
names no dataset (no ``FROM``) is the union of all named graphs, as in ``kg serve``,
Fuseki's ``unionDefaultGraph`` or ``oxigraph serve --union-default-graph``: ``SELECT *
{ ?s ?p ?o }`` sees every triple (Oxigraph gives a triple that two graphs hold once per
graph: add ``DISTINCT``), and ``GRAPH ?g`` still names each document's graph. A remote server's default graph is whatever that server makes it.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Self

import pyoxigraph as ox

from kg.errors import BorderKGError
from kg.namespaces import PREFIXES, XSD, declare_prefixes

Value = str | int | float | bool | None
Params = Mapping[str, str | float]


DUMP_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
}

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

_INTEGER_TYPES = {
    XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}


@dataclass(frozen=True)
class Table:
    """The answer to a SELECT query, as plain Python values.

    IRIs and strings are ``str``, blank nodes ``"_:id"``, xsd numbers ``int`` or
    ``float``, ``xsd:boolean`` a ``bool``, an unbound variable ``None``.

    Examples
    --------
    >>> t = Table(columns=("name", "n"), rows=(("CBP One", 3),))
    >>> t.records()
    [{'name': 'CBP One', 'n': 3}]
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]

    def records(self) -> list[dict[str, Value]]:
        """Return the rows as dictionaries keyed by column."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def column(self, name: str) -> list[Value]:
        """Return the values of column ``name``."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


class Store(Protocol):
    """What the rest of borderkg needs from a quad store."""

    def replace_graph(self, graph: str, nquads: str) -> None:
        """Atomically replace named graph ``graph`` by the quads of ``nquads``."""

    def bulk_load(self, nquads: str | bytes | Path) -> None:
        """Add N-Quads of graphs the store does not hold yet, as fast as the back end can;
        not transactional (a build that is killed repairs them by replacement)."""

    def drop_graph(self, graph: str) -> None:
        """Remove named graph ``graph`` (nothing happens if it does not exist)."""

    def graphs(self) -> list[str]:
        """Return the IRIs of the named graphs, sorted."""

    def select(self, query: str, params: Params | None = None) -> Table:
        """Run a SELECT query and return its solutions."""

    def ask(self, query: str, params: Params | None = None) -> bool:
        """Run an ASK query."""

    def construct(self, query: str, params: Params | None = None, format: str = "turtle") -> str:
        """Run a CONSTRUCT or DESCRIBE query and serialize its triples."""

    def dump(self, format: str) -> bytes:
        """Serialize the whole store: ``"nquads"``, ``"trig"`` or ``"turtle"`` (union)."""

    def close(self) -> None:
        """Release the store (the embedded folder can then be opened again)."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


def open_store(location: str | Path, *, read_only: bool = False) -> Store:
    """Open the store at ``location``: a folder (created if missing) or a server URL.

    A URL with no path (``http://host:7878``) is an Oxigraph server, with its
    ``/query``, ``/update`` and ``/store`` services; any other URL is used as the
    query, update and graph store endpoint at once.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     store = open_store(folder)
    ...     store.graphs()
    ...     store.close()
    []
    """
    text = str(location)
    if text.startswith(("http://", "https://")):
        parts = urllib.parse.urlsplit(text)
        if parts.path in ("", "/"):
            base = text.rstrip("/")
            return SparqlStore(base + "/query", base + "/update", base + "/store")
        return SparqlStore(text, text, text)
    return EmbeddedStore(Path(location), read_only=read_only)


DEFAULT_BUILD = "build"


def locate_build(build: str | Path = DEFAULT_BUILD) -> str:
    """Where the graph of a build is: the one way every command, the API and the server
    find it.

    ``build`` is a folder written by ``kg build`` (holding ``store/``), that ``store/``
    folder itself, or the URL of a SPARQL 1.1 server (returned as it is).

    Examples
    --------
    >>> locate_build("http://127.0.0.1:7878")
    'http://127.0.0.1:7878'
    >>> locate_build("no/such/folder")
    Traceback (most recent call last):
    ...
    kg.errors.BorderKGError: no build in no/such/folder (no store/ folder): run `kg build corpus/ --out no/such/folder` first
    """
    text = str(build)
    if text.startswith(("http://", "https://")):
        return text
    path = Path(build)
    if (path / "store").is_dir():
        return str(path / "store")
    if (path / "CURRENT").is_file():  # an Oxigraph (RocksDB) folder itself
        return str(path)
    raise BorderKGError(
        f"no build in {text} (no store/ folder): run `kg build corpus/ --out {text}` first"
    )


def open_build(build: str | Path = DEFAULT_BUILD) -> Store:
    """The store of a build (:func:`locate_build`), opened read-only."""
    return open_store(locate_build(build), read_only=True)


# --------------------------------------------------------------------------- terms


def to_python(term: object) -> Value:
    """Return the plain Python value of an RDF term (``None`` stays ``None``).

    Examples
    --------
    >>> to_python(ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")))
    3
    >>> to_python(ox.NamedNode("https://w3id.org/borderkg/id/app/cbp-one"))
    'https://w3id.org/borderkg/id/app/cbp-one'
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return str(term)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype in _FLOAT_TYPES:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def to_term(name: str, value: str | float) -> ox.NamedNode | ox.Literal:
    """Return the RDF term parameter ``name`` binds: an IRI if ``name`` ends in ``_iri``.

    Examples
    --------
    >>> str(to_term("name", 'say "hi" } ; DROP ALL ; {'))
    '"say \\\\"hi\\\\" } ; DROP ALL ; {"'
    >>> str(to_term("entity_iri", "https://w3id.org/borderkg/id/app/cbp-one"))
    '<https://w3id.org/borderkg/id/app/cbp-one>'
    """
    if name.endswith("_iri"):
        try:
            return ox.NamedNode(str(value))
        except ValueError as error:
            raise BorderKGError(f"parameter {name}: {value!r} is not an absolute IRI") from error
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    return ox.Literal(str(value))


def _variable_name(name: str) -> str:
    bare = name.lstrip("?$")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", bare):
        raise BorderKGError(f"parameter name {name!r} is not a SPARQL variable name")
    return bare


def _terms(params: Params | None) -> dict[str, ox.NamedNode | ox.Literal]:
    return {_variable_name(k): to_term(_variable_name(k), v) for k, v in (params or {}).items()}


def _table(solutions: ox.QuerySolutions) -> Table:
    columns = tuple(variable.value for variable in solutions.variables)
    rows = tuple(
        tuple(to_python(solution[i]) for i in range(len(columns))) for solution in solutions
    )
    return Table(columns, rows)


def _sort_key(term: object) -> str:
    return "" if isinstance(term, ox.DefaultGraph) else str(term)


def _serialize_quads(quads: Iterable[ox.Quad], format: str) -> bytes:
    if format not in DUMP_FORMATS:
        raise BorderKGError(f"unknown dump format {format!r}: use one of {', '.join(DUMP_FORMATS)}")
    if format == "turtle":
        triples = {q.triple for q in quads}
        return _serialize_triples(triples, ox.RdfFormat.TURTLE)
    ordered = sorted(
        quads,
        key=lambda q: (_sort_key(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
    )
    return ox.serialize(ordered, format=DUMP_FORMATS[format], prefixes=_prefixes(format)) or b""


def _serialize_triples(triples: Iterable[ox.Triple], rdf_format: ox.RdfFormat) -> bytes:
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    return ox.serialize(ordered, format=rdf_format, prefixes=prefixes) or b""


def _prefixes(format: str) -> dict[str, str] | None:
    return PREFIXES if format in ("turtle", "trig") else None


def _rdf_format(format: str) -> ox.RdfFormat:
    try:
        return RDF_FORMATS[format]
    except KeyError:
        raise BorderKGError(
            f"unknown RDF format {format!r}: use one of {', '.join(RDF_FORMATS)}"
        ) from None


def _parse_graph_nquads(graph: str, nquads: str) -> tuple[ox.NamedNode, list[ox.Quad]]:
    """Parse ``nquads`` fully (before touching any store) and check every quad is in ``graph``."""
    try:
        name = ox.NamedNode(graph)
    except ValueError as error:
        raise BorderKGError(f"graph name {graph!r} is not an absolute IRI") from error
    try:
        quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as error:
        raise BorderKGError(f"bad N-Quads for graph <{graph}>: {_one_line(error)}") from error
    for quad in quads:
        if quad.graph_name != name:
            raise BorderKGError(
                f"a quad for graph <{graph}> is in graph {quad.graph_name}: {quad.subject} …"
            )
    return name, quads


def _one_line(error: BaseException | str) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 300 else text[:297] + "..."


# --------------------------------------------------------------------------- tokenizer

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*)?:(?:[\w\-:%\u00B7-\uFFFF]|\\.|\.(?=[\w\-:%]))*)
  | (?P<blank>_:[\w.\-]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One lexical token of a SPARQL text: its kind, text and offset."""

    kind: str
    text: str
    start: int


def tokenize(text: str) -> Iterator[Token]:
    """Yield the tokens of a SPARQL query or update, skipping spaces and comments.

    Strings, IRIs, variables and prefixed names are single tokens, so a keyword is
    a ``word`` token only where the language sees a keyword.

    Examples
    --------
    >>> [t.text for t in tokenize('SELECT * { ?s ?p "SERVICE {" } # SERVICE')]
    ['SELECT', '*', '{', '?s', '?p', '"SERVICE {"', '}']
    >>> [t.kind for t in tokenize("ex:SERVICE <http://a/SERVICE> $service")]
    ['pname', 'iri', 'var']
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("space", "comment"):
            continue
        yield Token(kind, match.group(), match.start())


def keywords(text: str) -> set[str]:
    """Return the upper-cased keywords (bare words) of a SPARQL text.

    Examples
    --------
    >>> sorted(keywords('SELECT ?s { ?s <http://x/p> "LOAD" } # service'))
    ['SELECT']
    """
    return {t.text.upper() for t in tokenize(text) if t.kind == "word"}


def bind_filters(query: str, terms: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """Write each parameter's escaped term in place of its variable inside ``FILTER``s.

    The parameter stays bound as a variable too (``VALUES`` or substitution); this
    copy is for speed. Oxigraph does not push a filter such as
    ``LCASE(STR(?alias)) = LCASE(STR(?name))`` down to the pattern binding ``?alias``
    while ``?name`` comes from ``VALUES``, so it would first join every alias with
    everything else (700 ms instead of 3 ms on 10,000 mentions). With a constant in
    its place, the filter runs first. Variables that must stay variables (``BOUND``,
    ``AS``, ``VALUES``) are left alone.

    Examples
    --------
    >>> bind_filters('SELECT * { ?e ?p ?a FILTER (LCASE(?a) = LCASE(?name)) }',
    ...              {"name": ox.Literal('x" }')})
    'SELECT * { ?e ?p ?a FILTER (LCASE(?a) = LCASE("x\\\\" }")) }'
    """
    if not terms:
        return query
    tokens = list(tokenize(query))
    replace: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].kind == "word" and tokens[i].text.upper() == "FILTER":
            end = _constraint_end(tokens, i + 1)
            for j in range(i + 1, end):
                token = tokens[j]
                if token.kind == "var" and token.text[1:] in terms and not _must_stay(tokens, j):
                    replace.append(token)
            i = end
        else:
            i += 1
    for token in reversed(replace):
        term = str(terms[token.text[1:]])
        query = query[: token.start] + term + query[token.start + len(token.text) :]
    return query


def _constraint_end(tokens: list[Token], i: int) -> int:
    """Index just after the constraint of a FILTER starting at token ``i``."""
    while i < len(tokens) and tokens[i].text.upper() in ("NOT", "EXISTS"):
        i += 1
    if i < len(tokens) and tokens[i].kind in ("word", "pname", "iri"):
        i += 1  # a function name: its arguments follow
    if i >= len(tokens) or tokens[i].text not in ("(", "{"):
        return i
    opening = tokens[i].text
    closing = ")" if opening == "(" else "}"
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].text == opening:
            depth += 1
        elif tokens[j].text == closing:
            depth -= 1
            if depth == 0:
                return j + 1
    return len(tokens)


def _must_stay(tokens: list[Token], j: int) -> bool:
    before = [t.text.upper() for t in tokens[max(0, j - 2) : j]]
    return (before[-1:] == ["AS"]) or before == ["BOUND", "("] or "VALUES" in before


def inject_values(query: str, terms: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """Return ``query`` with a ``VALUES`` block binding ``terms`` at the start of its WHERE group.

    Examples
    --------
    >>> inject_values('SELECT ?s WHERE { ?s ?p ?name }', {"name": ox.Literal('a "b" }')})
    'SELECT ?s WHERE { VALUES (?name) { ("a \\\\"b\\\\" }") } ?s ?p ?name }'
    """
    if not terms:
        return query
    tokens = list(tokenize(query))
    index = _where_brace(tokens)
    variables = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(term) for term in terms.values())
    block = f" VALUES ({variables}) {{ ({values}) }}"
    offset = tokens[index].start + 1
    return query[:offset] + block + query[offset:]


def _projected(query: str) -> set[str] | None:
    """The variables a SELECT query returns; ``None`` for ``SELECT *``, ASK, CONSTRUCT, DESCRIBE."""
    tokens = list(tokenize(query))
    start = next(
        (i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() == "SELECT"), None
    )
    if start is None:
        return None
    names: set[str] = set()
    depth = 0
    previous = ""
    for token in tokens[start + 1 :]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and (token.text in ("{", "*") or token.text.upper() in ("WHERE", "FROM")):
            return None if token.text == "*" else names
        elif token.kind == "var" and (depth == 0 or previous == "AS"):
            names.add(token.text[1:])
        previous = token.text.upper()
    return names


def _where_brace(tokens: list[Token]) -> int:
    """Index of the ``{`` opening the top-level WHERE group of a query."""
    forms = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
    form = next(
        (i for i, t in enumerate(tokens) if t.kind == "word" and t.text.upper() in forms), None
    )
    if form is None:
        raise BorderKGError("parameters need a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    i = form + 1
    if tokens[form].text.upper() == "CONSTRUCT":
        if i < len(tokens) and tokens[i].text == "{":
            i = _skip_group(tokens, i)
        else:
            raise BorderKGError(
                "parameters need the long form CONSTRUCT { … } WHERE { … }, "
                "not CONSTRUCT WHERE { … }"
            )
    for j in range(i, len(tokens)):
        if tokens[j].text == "{":
            return j
    raise BorderKGError("the query has no WHERE { … } group to bind parameters in")


def _skip_group(tokens: list[Token], i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].text == "{":
            depth += 1
        elif tokens[j].text == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    raise BorderKGError("unbalanced braces in the query")


# --------------------------------------------------------------------------- embedded


class EmbeddedStore:
    """An Oxigraph store in a folder on disk.

    ``replace_graph`` runs one SPARQL update (``DROP SILENT GRAPH`` then ``INSERT
    DATA``): Oxigraph applies an update in one transaction, so readers see the old
    graph or the new one, never a mix. :meth:`bulk_load` is the fast, non
    transactional path for a fresh build.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self._read_only = read_only
        if read_only and not self.path.is_dir():
            raise BorderKGError(f"no store at {self.path}: run `kg build` first")
        try:
            if read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as error:
            raise BorderKGError(
                f"cannot open the store in {self.path}: {_one_line(error)} "
                "(is another kg process using it?)"
            ) from error

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store`."""
        return self._store

    def replace_graph(self, graph: str, nquads: str) -> None:
        name, quads = _parse_graph_nquads(graph, nquads)
        triples = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
        body = f" INSERT DATA {{ GRAPH {name} {{\n{triples} .\n}} }}" if quads else ""
        self._update(f"DROP SILENT GRAPH {name} ;{body}")

    def bulk_load(self, nquads: str | bytes | Path) -> None:
        """Add N-Quads (text or a file) as fast as Oxigraph can; not transactional."""
        try:
            if isinstance(nquads, Path):
                self._store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
            else:
                self._store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, OSError) as error:
            raise BorderKGError(f"bulk load failed: {_one_line(error)}") from error

    def drop_graph(self, graph: str) -> None:
        self._update(f"DROP SILENT GRAPH {to_term('graph_iri', graph)}")

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def select(self, query: str, params: Params | None = None) -> Table:
        result = self.results(query, params)
        if not isinstance(result, ox.QuerySolutions):
            raise BorderKGError("select() needs a SELECT query")
        return self._guard(lambda: _table(result))

    def ask(self, query: str, params: Params | None = None) -> bool:
        result = self.results(query, params)
        if not isinstance(result, ox.QueryBoolean):
            raise BorderKGError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, params: Params | None = None, format: str = "turtle") -> str:
        rdf_format = _rdf_format(format)
        result = self.results(query, params)
        if not isinstance(result, ox.QueryTriples):
            raise BorderKGError("construct() needs a CONSTRUCT or DESCRIBE query")
        triples = self._guard(lambda: list(result))
        return _serialize_triples(triples, rdf_format).decode("utf-8")

    def dump(self, format: str) -> bytes:
        return _serialize_quads(self._store.quads_for_pattern(None, None, None, None), format)

    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None:
            if not self._read_only:
                try:
                    store.flush()
                except OSError:
                    pass
            del self._store

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def results(self, query: str, params: Params | None = None
                ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Oxigraph's own answer to ``query`` with ``params`` bound as :meth:`select`,
        :meth:`ask` and :meth:`construct` bind them (``QuerySolutions``, ``QueryBoolean``
        or ``QueryTriples``), for a caller that serializes it itself (``kg serve``)."""
        terms = _terms(params)
        query = bind_filters(query, terms)
        projected = _projected(query)
        if terms and projected is not None and not set(terms) <= projected:
            # Oxigraph substitutes only variables the SELECT clause projects.
            query = inject_values(query, terms)
            terms = {}
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
        substitutions = {ox.Variable(k): v for k, v in terms.items()}
        union = "FROM" not in keywords(query)
        text = declare_prefixes(query)
        return self._guard(lambda: self._store.query(
            text, substitutions=substitutions or None, use_default_graph_as_union=union))

    def _update(self, update: str) -> None:
        if self._read_only:
            raise BorderKGError(f"the store in {self.path} is open read-only: it cannot change")
        self._guard(lambda: self._store.update(update), "update")

    @staticmethod
    def _guard(action, what: str = "query"):  # type: ignore[no-untyped-def]
        try:
            return action()
        except SyntaxError as error:
            raise BorderKGError(f"bad SPARQL: {_one_line(error)}") from error
        except (OSError, ValueError, TypeError, RuntimeError) as error:
            raise BorderKGError(f"{what} failed: {_one_line(error)}") from error


# --------------------------------------------------------------------------- remote


class SparqlStore:
    """A remote SPARQL 1.1 server: Query and Update protocols plus the Graph Store Protocol.

    ``replace_graph`` is one HTTP ``PUT`` of the graph (``?graph=IRI``), which the
    Graph Store Protocol defines as a replacement of that graph.
    """

    def __init__(self, query_url: str, update_url: str, store_url: str, timeout: float = 60.0):
        self.query_url = query_url
        self.update_url = update_url
        self.store_url = store_url
        self.timeout = timeout

    def replace_graph(self, graph: str, nquads: str) -> None:
        name, quads = _parse_graph_nquads(graph, nquads)
        body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
        self._request("PUT", self._graph_url(name), body, {"Content-Type": "application/n-triples"})

    def bulk_load(self, nquads: str | bytes | Path) -> None:
        """One ``POST`` of N-Quads to the dataset: far faster than a ``PUT`` per graph, which
        a server runs as a transaction each."""
        if isinstance(nquads, Path):
            body = nquads.read_bytes()
        else:
            body = nquads.encode("utf-8") if isinstance(nquads, str) else nquads
        self._request("POST", self.store_url, body, {"Content-Type": "application/n-quads"})

    def drop_graph(self, graph: str) -> None:
        self._update(f"DROP SILENT GRAPH {to_term('graph_iri', graph)}")

    def graphs(self) -> list[str]:
        table = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(str(g) for g in table.column("g"))

    def select(self, query: str, params: Params | None = None) -> Table:
        result = self.results(query, params)
        if not isinstance(result, ox.QuerySolutions):
            raise BorderKGError("select() needs a SELECT query")
        return _table(result)

    def ask(self, query: str, params: Params | None = None) -> bool:
        result = self.results(query, params)
        if not isinstance(result, ox.QueryBoolean):
            raise BorderKGError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, params: Params | None = None, format: str = "turtle") -> str:
        rdf_format = _rdf_format(format)
        terms = _terms(params)
        text = declare_prefixes(inject_values(bind_filters(query, terms), terms))
        data = self._request(
            "POST", self.query_url, _form(query=text), _FORM | {"Accept": "application/n-triples"}
        )
        try:
            triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as error:
            raise BorderKGError(
                f"the server did not answer N-Triples: {_one_line(error)}"
            ) from error
        return _serialize_triples(triples, rdf_format).decode("utf-8")

    def dump(self, format: str) -> bytes:
        table = self.results(
            "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", None
        )
        assert isinstance(table, ox.QuerySolutions)
        quads = [
            ox.Quad(row["s"], row["p"], row["o"], row["g"] if row["g"] is not None else None)
            for row in table
        ]
        return _serialize_quads(quads, format)

    def close(self) -> None:
        """Nothing to release: every call is one HTTP request."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _graph_url(self, name: ox.NamedNode) -> str:
        separator = "&" if "?" in self.store_url else "?"
        return self.store_url + separator + urllib.parse.urlencode({"graph": name.value})

    def results(self, query: str, params: Params | None = None
                ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """The server's answer to a SELECT or ASK ``query`` with ``params`` bound, parsed."""
        terms = _terms(params)
        text = declare_prefixes(inject_values(bind_filters(query, terms), terms))
        data = self._request(
            "POST",
            self.query_url,
            _form(query=text),
            _FORM | {"Accept": "application/sparql-results+json"},
        )
        try:
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as error:
            raise BorderKGError(
                f"the server did not answer SPARQL JSON results: {_one_line(error)}"
            ) from error

    def _update(self, update: str) -> None:
        self._request("POST", self.update_url, _form(update=update), _FORM)

    def _request(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = _one_line(error.read().decode("utf-8", "replace")) or error.reason
            raise BorderKGError(f"SPARQL server {url} answered {error.code}: {detail}") from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise BorderKGError(
                f"cannot reach the SPARQL server at {url}: {reason} (is it running?)"
            ) from error


_FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


def _form(**fields: str) -> bytes:
    return urllib.parse.urlencode(fields).encode("utf-8")
