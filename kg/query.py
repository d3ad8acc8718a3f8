"""SPARQL helpers and the saved queries of ``queries/``.

A saved query is a ``.rq`` file an analyst can read and copy. Its header says what
it answers and which parameters it takes::

    # title: Every mention of an entity
    # description: Each place any document mentions an entity, ...
    # param: name (entity) — a label or alias of the entity

A parameter binds the query variable of the same name as an RDF term, never as
SPARQL text (see :mod:`kg.store`). An ``(entity)`` parameter takes any name of an
entity and is looked up with the one resolver (:class:`kg.names.Resolver`); a
parameter named ``…_iri`` binds an IRI and accepts a prefixed name of
``ontology/GRAPH.md`` (``bk:worksFor``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BorderKGError
from kg.names import Resolver
from kg.namespaces import PREFIXES
from kg.periods import Period, overlaps, reported_day, window
from kg.resources import data_dir
from kg.store import Store, Table, to_python, tokenize

# What a parameter takes: any name of an entity (resolved by kg.names.Resolver), an
# IRI or prefixed name, or plain text.
PARAM_KINDS = ("entity", "iri", "text")


@dataclass(frozen=True)
class QueryParam:
    """A parameter a saved query takes: the variable it binds, what it takes and what it is.

    ``kind`` is ``entity`` (any name of an entity: label, alias, surname, any case or
    accents; :func:`run` binds the entity's label, or fails with "did you mean"),
    ``iri`` (a full IRI or a prefixed name; a parameter named ``…_iri``) or ``text``.
    """

    name: str
    description: str
    kind: str = "text"

    @property
    def takes(self) -> str:
        """What to pass, in words, for ``kg query --list``.

        Examples
        --------
        >>> QueryParam("name", 'the entity ("CBP One")', "entity").takes
        'the entity ("CBP One"): any of its names (label, alias, surname; any case)'
        """
        what = {
            "entity": "any of its names (label, alias, surname; any case)",
            "iri": "an IRI or a prefixed name",
            "text": "text",
        }[self.kind]
        return f"{self.description}: {what}" if self.description else what


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
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((\w+)\))?\s*(?:—|–|--|-|:)\s*(.*)")


def parse_saved_query(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    """Read the ``# title:``, ``# description:`` and ``# param:`` lines of a query.

    Examples
    --------
    >>> q = parse_saved_query("# title: T\\n# param: name (entity) — who\\nSELECT * { ?s ?p ?name }")
    >>> q.title, q.params
    ('T', (QueryParam(name='name', description='who', kind='entity'),))
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
            variable, kind = param.group(1), param.group(2)
            kind = kind or ("iri" if variable.endswith("_iri") else "text")
            if kind not in PARAM_KINDS:
                raise BorderKGError(f"{path or name}: a parameter takes one of "
                                    f"{', '.join(PARAM_KINDS)}, not {kind!r}: {line!r}")
            params.append(QueryParam(variable, param.group(3).strip(), kind))
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


def internal_query(name: str) -> str:
    """The text of ``kg/sparql/NAME.rq``: a query the code runs, not a saved query. The
    prefixes of :mod:`kg.namespaces` are declared for it, like for every query.

    Examples
    --------
    >>> "GRAPH" in internal_query("names")
    True
    """
    return _internal_query(name)


@functools.cache
def _internal_query(name: str) -> str:
    return (resources.files("kg") / "sparql" / f"{name}.rq").read_text(encoding="utf-8")


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
    names: Resolver | None = None,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
) -> Table:
    """Run a query (saved name, path, text) with ``params`` and return a :class:`Table`.

    ASK answers a one-cell table (``ask``); CONSTRUCT and DESCRIBE answer one row a
    triple (``subject``, ``predicate``, ``object``). An ``entity`` parameter is looked up
    with ``names`` (by default the resolver of the store's entities) and binds the
    entity's label: a name no entity has raises :class:`kg.names.UnknownName`, which
    lists the closest labels. ``since`` and ``until`` (``YYYY-MM-DD``, ``YYYY-MM`` or
    ``YYYY``; either end open) make the query read only the documents reported in that
    window (:func:`in_window`).
    """
    saved, bound = prepare(store, query, params, names, since=since, until=until)
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


def prepare(
    store: Store,
    query: str | Path | SavedQuery,
    params: Mapping[str, str | float] | None = None,
    names: Resolver | None = None,
    *,
    since: str | date | None = None,
    until: str | date | None = None,
) -> tuple[SavedQuery, dict[str, str | float]]:
    """The query :func:`run` runs: its text read in the time window, and its parameters
    checked and bound (an ``entity`` parameter as the label of the entity it names).

    Examples
    --------
    >>> from kg.api import KnowledgeGraph
    >>> saved, bound = prepare(KnowledgeGraph.example().store, "entity-mentions",
    ...                        {"name": "ms. edwards-behar"}, since="2023")
    >>> bound, " FROM NAMED <" in saved.text
    ({'name': 'Tatyana Edwards-Behar'}, True)
    """
    saved = load_query(query)
    if since is not None or until is not None:
        saved = replace(saved, text=in_window(saved.text, window_graphs(store, since, until)))
    bound = _check_params(saved, dict(params or {}))
    entities = [p.name for p in saved.params if p.kind == "entity" and p.name in bound]
    if entities:
        if names is None:
            from kg.analysis import names as read_names

            names = read_names(store)
        for name in entities:
            bound[name] = names.label(names.resolve(str(bound[name])))
    return saved, bound


def window_graphs(store: Store, since: str | date | None = None,
                  until: str | date | None = None) -> list[str]:
    """The named graphs a query reads in a time window: every graph but the documents'
    whose date (``dcterms:date``) falls outside it or is not known."""
    span = window(since, until)
    outside = set()
    for row in store.select(internal_query("document-dates")).records():
        day = None if row.get("date") is None else reported_day(str(row["date"]))
        if day is None or not overlaps(Period("reported", day, day), span):
            outside.add(str(row["graph"]))
    return [graph for graph in store.graphs() if graph not in outside]


def in_window(query: str, graphs: Iterable[str]) -> str:
    """``query`` with a dataset of ``graphs`` (``FROM`` and ``FROM NAMED`` each): its default
    graph is their union and ``GRAPH ?g`` ranges over them only.

    Raises :class:`~kg.errors.BorderKGError` for a query that states its own dataset.

    Examples
    --------
    >>> in_window("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", ["http://x/g"])
    'SELECT * FROM <http://x/g> FROM NAMED <http://x/g> WHERE { GRAPH ?g { ?s ?p ?o } }'
    >>> in_window("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", ["http://x/g"])
    'CONSTRUCT { ?s ?p ?o } FROM <http://x/g> FROM NAMED <http://x/g> { ?s ?p ?o }'
    """
    tokens = list(tokenize(query))
    words = [t.text.upper() for t in tokens if t.kind == "word"]
    if "FROM" in words:
        raise BorderKGError("a query with its own FROM cannot be given a time window")
    at = None
    depth = 0
    template = bool(words) and words[0] == "CONSTRUCT"
    for index, token in enumerate(tokens):
        if token.kind == "word" and token.text.upper() == "WHERE" and depth == 0:
            at = token.start
            break
        if token.text == "{":
            if depth == 0 and not template:
                at = token.start
                break
            depth += 1
        elif token.text == "}":
            depth -= 1
            if depth == 0 and template:
                template = False
    if at is None:
        raise BorderKGError("not a query with a WHERE clause: no time window can be given to it")
    clause = "".join(f"FROM <{g}> " for g in graphs) + "".join(
        f"FROM NAMED <{g}> " for g in graphs)
    return query[:at] + clause + query[at:]


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
