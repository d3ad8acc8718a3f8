"""The one home of the graph's namespaces and the prefixes written and understood for them.

:data:`PREFIXES` are the prefixes of ``ontology/GRAPH.md``: serializations write them,
``kg query``, the Python API and ``kg serve`` declare them before every query
(:func:`declare_prefixes`), and a parameter ending in ``_iri`` accepts them.
"""

from __future__ import annotations

BK = "https://w3id.org/borderkg/ontology#"
ID = "https://w3id.org/borderkg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
WD = "http://www.wikidata.org/entity/"

# In the order serializations write them.
PREFIXES: dict[str, str] = {
    "bk": BK,
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "prov": PROV,
    "schema": SCHEMA,
    "oa": OA,
    "wd": WD,
}

# The graph of the canonical entities (labels, aliases, types, mention counts).
ENTITIES_GRAPH = f"{ID}graph/entities"
# The graph of the vocabulary's background facts (ontology/background.ttl), apart from
# everything read in the documents.
BACKGROUND_GRAPH = f"{ID}graph/background"

# The graph of the analysts' decisions and the facts they added (kg/curation.py).
CURATION_GRAPH = f"{ID}graph/curation"

# The graph of the counts that contradict each other (bk:contradicts, kg/conflicts.py),
# paired across documents at build time.
CONTRADICTIONS_GRAPH = f"{ID}graph/contradictions"

# The graph of what the routes say of each place they pass (bk:legsFrom, bk:legsTo,
# bk:passedBy, kg/route_places.py), counted across documents at build time.
ROUTE_PLACES_GRAPH = f"{ID}graph/route-places"

# The graphs of a build that hold no evidence of any fact, which the view and the counts
# skip: every other graph (a document's, the analysts' curation) holds some.
BUILD_GRAPHS = frozenset({ENTITIES_GRAPH, BACKGROUND_GRAPH, CONTRADICTIONS_GRAPH,
                          ROUTE_PLACES_GRAPH})

# On one line, before the query's first: an error message's line numbers stay the query's.
PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}> " for prefix, iri in PREFIXES.items())


def declare_prefixes(query: str) -> str:
    """``query`` with :data:`PREFIXES` declared before it.

    A query's own ``PREFIX`` lines come later and so win (SPARQL lets a later
    declaration of a prefix replace an earlier one); ``BASE`` and ``PREFIX`` may come
    in any order in a prologue, so the result is valid wherever the query was.

    Examples
    --------
    >>> query = declare_prefixes("SELECT ?label\\n{ ?x rdfs:label ?label }")
    >>> query.startswith("PREFIX bk: <https://w3id.org/borderkg/ontology#> PREFIX id:")
    True
    >>> query.splitlines()[1]
    '{ ?x rdfs:label ?label }'
    """
    return PROLOGUE + query


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    Examples
    --------
    >>> local_name("https://w3id.org/borderkg/ontology#worksFor")
    'worksFor'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
