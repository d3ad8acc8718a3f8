"""Check a built graph against the borderkg SHACL shapes.

The shapes (``ontology/shapes.ttl``) describe a valid graph as ``ontology/GRAPH.md``
draws it. Validation runs with the ontology (``ontology/borderkg.ttl``) and RDFS
inference, so a shape that targets ``bk:Place`` also checks every ``bk:City``.
A TriG or N-Quads file is validated as the union of its graphs: a mention in a
document's graph refers to an entity in the entities graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kg.errors import BorderKGError
from kg.namespaces import PREFIXES
from kg.resources import data_dir

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of checking a graph against the shapes.

    ``violations`` holds one line per problem, sorted: the focus node, the
    property path and what is wrong (``<…/mention/d1/0-18> bk:refersTo: …``).
    """

    conforms: bool
    violations: tuple[str, ...] = ()


def validate(graph_file: Path) -> ValidationReport:
    """Check a graph file (``.ttl``, ``.trig``, ``.nq`` or ``.nt``) against the shapes.

    Parameters
    ----------
    graph_file : Path
        A graph written by ``kg build`` (``build/graph.trig``) or any RDF file
        in the borderkg vocabulary.

    Returns
    -------
    ValidationReport
        Whether the graph conforms, and one line per violation.

    Raises
    ------
    BorderKGError
        When the file is missing, of an unknown format or not valid RDF.

    Examples
    --------
    >>> import tempfile
    >>> graph_file = Path(tempfile.mkdtemp()) / "graph.ttl"
    >>> _ = graph_file.write_text('''
    ... @prefix bk: <https://w3id.org/borderkg/ontology#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... <https://w3id.org/borderkg/id/app/cbp-one> a bk:App ;
    ...     rdfs:label "CBP One" ; skos:prefLabel "CBP One" ; skos:altLabel "CBP-ONE" ;
    ...     bk:mentionCount 0 .
    ... ''')
    >>> report = validate(graph_file)
    >>> report.conforms
    False
    >>> print(report.violations[0])
    <https://w3id.org/borderkg/id/app/cbp-one> bk:mentionCount: ... at least 1 (value: 0)
    """
    data = _read(Path(graph_file))
    ontology = data_dir("ontology")
    shapes = Graph().parse(ontology / "shapes.ttl", format="turtle")
    classes = Graph().parse(ontology / "borderkg.ttl", format="turtle")
    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=classes, inference="rdfs", advanced=True
    )
    names = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        names.bind(prefix, namespace)
    lines = {
        _describe(results, result, names)
        for result in results.subjects(RDF.type, SH.ValidationResult)
    }
    return ValidationReport(conforms=bool(conforms), violations=tuple(sorted(lines)))


def _read(path: Path) -> Graph:
    """The triples of ``path``; for a quad format, the union of its graphs."""
    rdf_format = _FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise BorderKGError(
            f"{path}: unknown graph format; give a .ttl, .trig, .nq or .nt file"
        )
    if not path.is_file():
        raise BorderKGError(f"{path}: no such graph file; `kg build CORPUS --out DIR` writes one")
    # Oxigraph reads every format fast and drops the graph names; rdflib (which
    # pySHACL needs) then reads the union back as N-Triples.
    try:
        triples = {
            f"{quad.subject} {quad.predicate} {quad.object} .\n"
            for quad in ox.parse(path=str(path), format=rdf_format)
        }
    except SyntaxError as error:
        raise BorderKGError(f"{path}: not valid {rdf_format.name}: {error}") from error
    return Graph().parse(data="".join(sorted(triples)), format="nt")


def _describe(results: Graph, result: Node, names: NamespaceManager) -> str:
    """One line for a validation result: focus node, path, message, offending value."""
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    message = results.value(result, SH.resultMessage)
    value = results.value(result, SH.value)
    severity = results.value(result, SH.resultSeverity)
    line = f"{_term(focus, names, full=True)} {_term(path, names)}: {message or 'invalid'}"
    if value is not None and value != focus:
        line += f" (value: {_term(value, names)})"
    if severity is not None and severity != SH.Violation:
        line = f"{str(severity).rpartition('#')[2].lower()}: {line}"
    return " ".join(line.split())


def _term(term: Node | None, names: NamespaceManager, full: bool = False) -> str:
    """A term as a reader expects it: focus IRIs in full, properties as ``bk:name``."""
    if term is None:
        return "-"
    if isinstance(term, Literal):
        # One line, short, and quoted when it holds spaces: violations are read in a terminal.
        text = " ".join(str(term).split())
        if len(text) > 60:
            text = text[:60] + "…"
        return repr(text) if " " in text else text
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef) and not full:
        try:
            return names.normalizeUri(term)
        except ValueError:
            return f"<{term}>"
    return f"<{term}>"
