"""The RDF graph projected onto networkx, and the analyses an investigator runs on it.

Nodes are the canonical entities of ``id:graph/entities`` (keyed by IRI); edges are
the facts (``bk:Assertion``) plus ``coMentioned`` edges between entities named in the
same sentence. Documents, sentences and mentions never become nodes: they come back
as ``evidence``, a list of plain dicts on nodes and edges::

    {"document": "000_f2…", "title": "…", "url": "https://…" or None,
     "sentence": "…", "sentence_start": 120, "start": 130, "end": 147,
     "quote": "Ms. Edwards-Behar" or None}

``start``/``end`` are character offsets into the document: of the mention (nodes), of
the asserted span (facts) or of the whole sentence (``coMentioned``); the sentence
itself starts at ``sentence_start``.

Every function here takes a graph and returns plain values; the projection is the
only one that reads the store.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.errors import BorderKGError
from kg.model import ENTITY_TYPES
from kg.store import Store, Table

BK = "https://w3id.org/borderkg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ENTITIES_GRAPH = "https://w3id.org/borderkg/id/graph/entities"
CO_MENTIONED = "coMentioned"
CO_OCCURRENCE_RULE = "co-occurrence"
EVIDENCE_LIMIT = 20

_PREFIXES = f"""\
PREFIX bk: <{BK}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <{SKOS}>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

_ENTITIES = (
    _PREFIXES
    + f"""\
SELECT ?entity ?type ?label ?count ?latitude ?longitude ?wikidata WHERE {{
  GRAPH <{ENTITIES_GRAPH}> {{
    ?entity a ?type .
    FILTER(STRSTARTS(STR(?type), STR(bk:)))
    OPTIONAL {{ ?entity rdfs:label ?label }}
    OPTIONAL {{ ?entity bk:mentionCount ?count }}
    OPTIONAL {{ ?entity schema:latitude ?latitude }}
    OPTIONAL {{ ?entity schema:longitude ?longitude }}
    OPTIONAL {{ ?entity owl:sameAs ?wikidata }}
  }}
}}"""
)

_ALIASES = (
    _PREFIXES
    + f"""\
SELECT ?entity ?alias WHERE {{
  GRAPH <{ENTITIES_GRAPH}> {{ ?entity skos:altLabel ?alias }}
}}"""
)

# The evidence block shared by mentions and facts: ?item has a source document,
# offsets and (usually) a sentence, in the document's named graph.
_EVIDENCE = """\
    ?item oa:hasSource ?doc ; oa:start ?start ; oa:end ?end .
    OPTIONAL { ?item oa:exact ?quote }
    OPTIONAL { ?item bk:sentence ?sentence .
               ?sentence rdf:value ?text ; oa:start ?sentence_start ; oa:end ?sentence_end }
    OPTIONAL { ?doc dcterms:identifier ?document }
    OPTIONAL { ?doc dcterms:title ?title }
    OPTIONAL { ?doc schema:url ?url }"""

_EVIDENCE_COLUMNS = (
    "?doc ?document ?title ?url ?start ?end ?quote ?sentence ?text ?sentence_start ?sentence_end"
)

_MENTIONS = (
    _PREFIXES
    + f"""\
SELECT ?item ?entity {_EVIDENCE_COLUMNS} WHERE {{
  GRAPH ?graph {{
    ?item a bk:Mention ; bk:refersTo ?entity .
{_EVIDENCE}
  }}
}}"""
)

_ASSERTIONS = (
    _PREFIXES
    + f"""\
SELECT ?item ?subject ?predicate ?object ?rule ?confidence {_EVIDENCE_COLUMNS} WHERE {{
  GRAPH ?graph {{
    ?item a bk:Assertion ; rdf:subject ?subject ; rdf:predicate ?predicate ;
          rdf:object ?object .
    OPTIONAL {{ ?item bk:rule ?rule }}
    OPTIONAL {{ ?item bk:confidence ?confidence }}
{_EVIDENCE}
  }}
}}"""
)


@dataclass(frozen=True)
class Path:
    """A path between two entities.

    ``nodes`` are entity IRIs from source to target; ``edges`` are the
    ``(u, v, key)`` of the edge taken at each hop, as stored in the graph (its
    direction may run against the path), so ``graph.edges[edge]["evidence"]``
    gives the sentences that support each step.
    """

    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str, str], ...]


def project(store: Store, evidence_limit: int = EVIDENCE_LIMIT) -> nx.MultiDiGraph:
    """Project the RDF graph in ``store`` onto a networkx multigraph.

    Parameters
    ----------
    store : kg.store.Store
        An embedded or remote store holding a borderkg graph.
    evidence_limit : int
        At most this many evidence dicts per node and per ``coMentioned`` edge
        (the earliest by document and offset); counts are never capped.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by entity IRI with ``label``, ``type``, ``aliases``,
        ``mention_count``, ``evidence`` and, when known, ``latitude``,
        ``longitude``, ``wikidata``. One edge per ``bk:Assertion`` (key: its IRI)
        with ``predicate``, ``rule``, ``confidence``, ``evidence``; one
        ``coMentioned`` edge per pair of entities named in a same sentence
        (key ``"coMentioned"``, ``weight`` = number of such sentences).

    Examples
    --------
    >>> import tempfile
    >>> from kg.store import open_store
    >>> app = "https://w3id.org/borderkg/id/app/cbp-one"
    >>> a, alt = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", SKOS + "altLabel"
    >>> nquads = (
    ...     f"<{app}> <{a}> <{BK}App> <{ENTITIES_GRAPH}> .\\n"
    ...     f'<{app}> <{alt}> "CBP One" <{ENTITIES_GRAPH}> .\\n'
    ... )
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     store = open_store(folder)
    ...     store.replace_graph(ENTITIES_GRAPH, nquads)
    ...     graph = project(store)
    ...     store.close()
    >>> graph.nodes[app]["type"], graph.nodes[app]["aliases"], graph.nodes[app]["mention_count"]
    ('App', ['CBP One'], 0)
    """
    graph = nx.MultiDiGraph()
    _add_entities(graph, store)

    evidence_of: dict[str, list[dict[str, Any]]] = defaultdict(list)
    mentions_of_sentence: dict[str, set[str]] = defaultdict(set)
    sentence_evidence: dict[str, dict[str, Any]] = {}
    for row in _records(store.select(_MENTIONS)):
        entity = row["entity"]
        if entity not in graph:
            continue
        evidence_of[entity].append(_evidence(row))
        if row.get("sentence") is not None:
            mentions_of_sentence[row["sentence"]].add(entity)
            sentence_evidence[row["sentence"]] = _sentence_evidence(row)

    for entity, evidence in evidence_of.items():
        evidence = _unique_sorted(evidence)
        graph.nodes[entity]["evidence"] = evidence[:evidence_limit]
        if graph.nodes[entity]["mention_count"] is None:
            graph.nodes[entity]["mention_count"] = len(evidence)
    for entity, data in graph.nodes(data=True):
        if data["mention_count"] is None:
            data["mention_count"] = 0

    _add_assertions(graph, store)
    _add_co_mentions(graph, mentions_of_sentence, sentence_evidence, evidence_limit)
    return graph


def shortest_paths(graph: nx.MultiDiGraph, source: str, target: str, limit: int = 10) -> list[Path]:
    """Every shortest path between two entities, ignoring edge direction.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`project`.
    source, target : str
        Entity IRIs, or any label or alias (see :func:`find_node`).
    limit : int
        At most this many paths.

    Returns
    -------
    list of Path
        Empty when the two are not connected. Where several edges join two
        nodes, a path takes an asserted fact before a ``coMentioned`` edge.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id:a", label="Tatyana Edwards-Behar", aliases=["Ms. Edwards-Behar"])
    >>> g.add_node("id:b", label="CBP One", aliases=[])
    >>> g.add_node("id:c", label="Tijuana", aliases=[])
    >>> _ = g.add_edge("id:a", "id:b", key="id:fact/1", predicate="uses")
    >>> _ = g.add_edge("id:c", "id:b", key="coMentioned", predicate="coMentioned")
    >>> [p.nodes for p in shortest_paths(g, "Ms. Edwards-Behar", "tijuana")]
    [('id:a', 'id:b', 'id:c')]
    >>> shortest_paths(g, "id:a", "id:c")[0].edges
    (('id:a', 'id:b', 'id:fact/1'), ('id:c', 'id:b', 'coMentioned'))
    """
    start, end = _node(graph, source), _node(graph, target)
    undirected = graph.to_undirected(as_view=True)
    try:
        found = list(itertools.islice(nx.all_shortest_paths(undirected, start, end), limit))
    except nx.NetworkXNoPath:
        return []
    paths = [Path(tuple(nodes), tuple(_hops(graph, nodes))) for nodes in found]
    return sorted(paths, key=lambda path: path.nodes)


def ego(graph: nx.MultiDiGraph, node: str, hops: int = 1) -> nx.MultiDiGraph:
    """The neighbourhood of an entity: every node within ``hops`` edges, either direction.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`project`.
    node : str
        Entity IRI, or any label or alias.
    hops : int
        Radius of the neighbourhood.

    Returns
    -------
    networkx.MultiDiGraph
        A copy holding those nodes and every edge between them.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("id:a", "id:b"), ("id:c", "id:b"), ("id:c", "id:d")])
    >>> sorted(ego(g, "id:a", hops=2))
    ['id:a', 'id:b', 'id:c']
    """
    center = _node(graph, node)
    return nx.ego_graph(graph, center, radius=hops, undirected=True).copy()


def find_node(graph: nx.MultiDiGraph, name: str) -> str | None:
    """The entity a name refers to: by label or alias, ignoring case and spacing.

    Parameters
    ----------
    name : str
        Any label or alias of the entity.

    Returns
    -------
    str or None
        The entity IRI. A label match wins over an alias match, then the most
        mentioned entity, then the smallest IRI; ``None`` when nothing matches.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id:person/tatyana-edwards-behar", label="Tatyana Edwards-Behar",
    ...            aliases=["Ms. Edwards-Behar", "Tatyana Edwards-Behar"], mention_count=3)
    >>> find_node(g, "ms.  edwards-behar")
    'id:person/tatyana-edwards-behar'
    >>> find_node(g, "Ms. Smith") is None
    True
    """
    wanted = _normalise(name)
    best: tuple[int, int, str] | None = None
    for key, data in graph.nodes(data=True):
        if _normalise(data.get("label") or "") == wanted:
            rank = 0
        elif any(_normalise(alias) == wanted for alias in data.get("aliases") or ()):
            rank = 1
        else:
            continue
        candidate = (rank, -(data.get("mention_count") or 0), key)
        if best is None or candidate < best:
            best = candidate
    return None if best is None else best[2]


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    Examples
    --------
    >>> local_name("https://w3id.org/borderkg/ontology#worksFor")
    'worksFor'
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _add_entities(graph: nx.MultiDiGraph, store: Store) -> None:
    rank = {name: index for index, name in enumerate(ENTITY_TYPES)}
    for row in _records(store.select(_ENTITIES)):
        entity, kind = row["entity"], local_name(row["type"])
        if entity in graph:
            # Several bk: classes (a City is also typed Place): keep the finest.
            data = graph.nodes[entity]
            if rank.get(kind, -1) > rank.get(data["type"], -1):
                data["type"] = kind
            for name in ("latitude", "longitude", "wikidata"):
                if data.get(name) is None and row.get(name) is not None:
                    data[name] = row[name]
            continue
        attributes: dict[str, Any] = {
            "label": row.get("label") or local_name(entity),
            "type": kind,
            "aliases": [],
            "mention_count": None if row.get("count") is None else int(row["count"]),
            "evidence": [],
        }
        for name in ("latitude", "longitude"):
            if row.get(name) is not None:
                attributes[name] = float(row[name])
        if row.get("wikidata") is not None:
            attributes["wikidata"] = row["wikidata"]
        graph.add_node(entity, **attributes)

    aliases: dict[str, set[str]] = defaultdict(set)
    for row in _records(store.select(_ALIASES)):
        if row["entity"] in graph:
            aliases[row["entity"]].add(row["alias"])
    for entity, names in aliases.items():
        graph.nodes[entity]["aliases"] = sorted(names)


def _add_assertions(graph: nx.MultiDiGraph, store: Store) -> None:
    facts: dict[str, dict[str, Any]] = {}
    for row in _records(store.select(_ASSERTIONS)):
        if row["subject"] not in graph or row["object"] not in graph:
            continue
        fact = facts.setdefault(
            row["item"],
            {
                "subject": row["subject"],
                "object": row["object"],
                "predicate": local_name(row["predicate"]),
                "rule": row.get("rule"),
                "confidence": None if row.get("confidence") is None else float(row["confidence"]),
                "evidence": [],
            },
        )
        fact["evidence"].append(_evidence(row))
    for item in sorted(facts):
        fact = facts[item]
        graph.add_edge(
            fact["subject"],
            fact["object"],
            key=item,
            predicate=fact["predicate"],
            rule=fact["rule"],
            confidence=fact["confidence"],
            evidence=_unique_sorted(fact["evidence"]),
        )


def _add_co_mentions(
    graph: nx.MultiDiGraph,
    mentions_of_sentence: dict[str, set[str]],
    sentence_evidence: dict[str, dict[str, Any]],
    evidence_limit: int,
) -> None:
    sentences_of_pair: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for sentence, entities in mentions_of_sentence.items():
        for pair in itertools.combinations(sorted(entities), 2):
            sentences_of_pair[pair].append(sentence_evidence[sentence])
    for (first, second), evidence in sorted(sentences_of_pair.items()):
        evidence = _unique_sorted(evidence)
        graph.add_edge(
            first,
            second,
            key=CO_MENTIONED,
            predicate=CO_MENTIONED,
            rule=CO_OCCURRENCE_RULE,
            confidence=None,
            weight=len(evidence),
            evidence=evidence[:evidence_limit],
        )


def _records(table: Table) -> Iterable[dict[str, Any]]:
    """Rows as dicts, sorted: a store may answer in any order, the graph must not vary."""
    columns = [column.lstrip("?") for column in table.columns]
    for row in sorted(table.rows, key=lambda row: ["" if v is None else str(v) for v in row]):
        yield dict(zip(columns, row, strict=True))


def _evidence(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "document": row.get("document") or local_name(row["doc"]),
        "title": row.get("title"),
        "url": row.get("url"),
        "sentence": row.get("text"),
        "start": int(row["start"]),
        "end": int(row["end"]),
        "quote": row.get("quote"),
        "sentence_start": None if row.get("sentence_start") is None else int(row["sentence_start"]),
    }


def _sentence_evidence(row: dict[str, Any]) -> dict[str, Any]:
    return _evidence(
        {**row, "start": row["sentence_start"], "end": row["sentence_end"], "quote": None}
    )


def _unique_sorted(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    unique = {(e["document"], e["start"], e["end"], e["quote"] or ""): e for e in evidence}
    return [unique[key] for key in sorted(unique)]


def _hops(graph: nx.MultiDiGraph, nodes: list[str]) -> Iterable[tuple[str, str, str]]:
    for u, v in itertools.pairwise(nodes):
        choices = [(u, v, key) for key in graph.get_edge_data(u, v, default={})]
        choices += [(v, u, key) for key in graph.get_edge_data(v, u, default={})]
        yield min(choices, key=lambda edge: (edge[2] == CO_MENTIONED, edge))


def _node(graph: nx.MultiDiGraph, name: str) -> str:
    if name in graph:
        return name
    found = find_node(graph, name)
    if found is None:
        raise BorderKGError(f"no entity has the label or alias {name!r}")
    return found


def _normalise(name: str) -> str:
    return " ".join(name.split()).casefold()
