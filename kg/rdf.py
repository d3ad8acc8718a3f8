"""Entities and facts -> RDF quads (N-Quads text) under ``ontology/``; shape in ``ontology/GRAPH.md``.

The output is sorted N-Quads, so the same resolution always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from kg.model import Document, Entity, Evidence, Extraction, Resolution
from kg.vocabulary import BK, ID

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
WD = "http://www.wikidata.org/entity/"

ENTITIES_GRAPH = f"{ID}graph/entities"

Term = ox.NamedNode | ox.Literal


def document_graph(document_id: str) -> str:
    """The IRI of the named graph holding what one document says."""
    return f"{ID}graph/doc/{document_id}"


def document_iri(document_id: str) -> str:
    return f"{ID}doc/{document_id}"


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _double(value: float) -> ox.Literal:
    return ox.Literal(repr(float(value)), datatype=ox.NamedNode(XSD + "double"))


def _nquads(graph: str, triples: Iterator[tuple[str, str, Term]]) -> str:
    graph_node = _iri(graph)
    lines = {
        f"{ox.Quad(_iri(s), _iri(p), o, graph_node)} .\n" for s, p, o in triples
    }
    return "".join(sorted(lines))


def _entity_triples(entity: Entity) -> Iterator[tuple[str, str, Term]]:
    yield entity.id, RDF + "type", _iri(BK + entity.type)
    yield entity.id, RDFS + "label", ox.Literal(entity.label)
    yield entity.id, SKOS + "prefLabel", ox.Literal(entity.label)
    for alias in entity.aliases:
        yield entity.id, SKOS + "altLabel", ox.Literal(alias)
    yield entity.id, BK + "mentionCount", _integer(entity.mention_count)
    if entity.wikidata:
        yield entity.id, OWL + "sameAs", _iri(WD + entity.wikidata)
    if entity.latitude is not None and entity.longitude is not None:
        yield entity.id, SCHEMA + "latitude", _double(entity.latitude)
        yield entity.id, SCHEMA + "longitude", _double(entity.longitude)


def entities_nquads(resolution: Resolution) -> str:
    """N-Quads of the canonical entities, in the entities graph."""
    return _nquads(ENTITIES_GRAPH, (t for e in resolution.entities for t in _entity_triples(e)))


def _document_triples(document: Document) -> Iterator[tuple[str, str, Term]]:
    node = document_iri(document.id)
    yield node, RDF + "type", _iri(BK + "Document")
    yield node, DCTERMS + "identifier", ox.Literal(document.id)
    yield node, BK + "contentHash", ox.Literal(document.content_hash)
    for source in document.sources:
        yield node, BK + "sourcePath", ox.Literal(source)
    if document.title:
        yield node, DCTERMS + "title", ox.Literal(document.title)
    if document.publication:
        yield node, DCTERMS + "publisher", ox.Literal(document.publication)
    if document.date:
        yield node, DCTERMS + "date", ox.Literal(document.date, datatype=_iri(XSD + "date"))
    if document.url:
        yield node, SCHEMA + "url", _iri(document.url)


def _evidence_triples(node: str, evidence: Evidence) -> Iterator[tuple[str, str, Term]]:
    sentence = f"{ID}sentence/{evidence.document_id}/{evidence.sentence_start}-{evidence.sentence_end}"
    yield sentence, RDF + "type", _iri(BK + "Sentence")
    yield sentence, OA + "hasSource", _iri(document_iri(evidence.document_id))
    yield sentence, OA + "start", _integer(evidence.sentence_start)
    yield sentence, OA + "end", _integer(evidence.sentence_end)
    yield sentence, RDF + "value", ox.Literal(evidence.sentence)
    yield node, OA + "hasSource", _iri(document_iri(evidence.document_id))
    yield node, OA + "start", _integer(evidence.start)
    yield node, OA + "end", _integer(evidence.end)
    yield node, OA + "exact", ox.Literal(evidence.quote)
    yield node, BK + "sentence", _iri(sentence)


def _extraction_triples(extraction: Extraction, resolution: Resolution) -> Iterator[tuple[str, str, Term]]:
    yield from _document_triples(extraction.document)
    for mention in extraction.mentions:
        evidence = mention.evidence
        entity = resolution.entity_of[(evidence.document_id, evidence.start, evidence.end)]
        node = f"{ID}mention/{evidence.document_id}/{evidence.start}-{evidence.end}"
        yield node, RDF + "type", _iri(BK + "Mention")
        yield node, BK + "refersTo", _iri(entity)
        yield node, BK + "rule", ox.Literal(mention.rule)
        yield from _evidence_triples(node, evidence)


def document_nquads(extraction: Extraction, resolution: Resolution) -> str:
    """N-Quads of one document's graph: the document, its sentences, mentions and facts."""
    graph = document_graph(extraction.document.id)
    return _nquads(graph, _extraction_triples(extraction, resolution))
