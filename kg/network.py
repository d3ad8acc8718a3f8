"""The RDF graph projected onto networkx: what the analyses, the view and the exports read.

Nodes are the canonical entities of ``id:graph/entities`` (keyed by IRI); edges are
the facts (``bk:Assertion``), the legs of routes (``routeLeg`` edges from place to
place, one per ``bk:RouteLeg``) and ``coMentioned`` edges between entities named in
the same sentence. Documents, sentences and mentions never become nodes: they come back
as ``evidence``, a list of :class:`kg.facts.Citation` on nodes and edges (the document's
id, title, publisher, date and URL, the sentence and the offsets).

A citation's ``start``/``end`` are character offsets into the document: of the mention
(nodes), of the asserted span (facts) or of the whole sentence (``coMentioned``); the
sentence itself starts at ``sentence_start``.

Every node and edge also carries ``documents``, the sorted ids of every document it
was read in (never capped), ``graph.graph["documents"]`` describes each document
(``title``, ``url``, ``publication``, ``date``, ``mentions``, ``facts``) and
``graph.graph["conflicts"]`` lists the counts that contradict each other
(:func:`kg.analysis.statistic_conflicts`) and ``graph.graph["statistics"]`` the counts
of a group or place whose period is known (:func:`kg.analysis.statistics`), for a time line.

The projection is the only reader of the store here, one named graph at a time.
:func:`graph_part` turns a document's graph into plain JSON data (its documents,
mentions, sentences, facts and route legs, each citation as :meth:`Citation.plain`),
which a build can cache by the graph's hash; :func:`project` reads the entities graph,
then folds the parts in, keeping ``evidence_limit`` citations per node and pair: its
memory grows with the entities and links, not with the mentions. The analyses of the
projection (paths, neighbourhoods, centrality) are in :mod:`kg.analysis`.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.facts import Citation
from kg.model import ENTITY_TYPES
from kg.names import Named, Resolver
from kg.namespaces import BK, BUILD_GRAPHS, DCTERMS, OA, PROV, RDF, RDFS, SCHEMA, local_name
from kg.query import internal_query
from kg.store import Store, Table, Value, open_build, to_term

CO_MENTIONED = "coMentioned"
CO_OCCURRENCE_RULE = "co-occurrence"
ROUTE_LEG = "routeLeg"
EVIDENCE_LIMIT = 20

# Every triple of one named graph, which graph_part joins itself. One plain query per
# graph keeps a projection of many small documents fast: the four queries with OPTIONAL
# evidence blocks it replaces cost Oxigraph 3 to 5 ms per graph to plan and answer,
# however small the graph (30 to 50 s for 10,000 short documents instead of 10).
_TRIPLES = (
    "SELECT ?subject ?predicate ?object "
    "WHERE {{ GRAPH {graph} {{ ?subject ?predicate ?object }} }}"
)


def graph_part(store: Store, graph: str) -> dict[str, Any]:
    """What :func:`project` needs from one document's named graph, as plain data.

    A part depends on that graph alone (never on the entities graph), holds only
    JSON values (``json.loads(json.dumps(part)) == part``) and is the same for the
    same triples, so that a build can cache it by a hash of the graph and hand it
    back to :func:`project`.

    Parameters
    ----------
    store : kg.store.Store
        An embedded or remote store.
    graph : str
        The IRI of a document's named graph.

    Returns
    -------
    dict
        ``documents``: ``{id: {"title", "url", "publication", "date"}}`` of each
        ``bk:Document``;
        ``mentions``: ``{entity IRI: [evidence, …]}``;
        ``sentences``: ``[{"entities": [IRI, …], "evidence": …}]``, one per sentence
        naming two entities or more, its evidence spanning the whole sentence;
        ``facts``: ``{assertion IRI: {"subject", "object", "predicate", "rule",
        "confidence", "evidence"}}``;
        ``route_legs``: ``{leg IRI: {"origin", "destination", "route", "order",
        "mode", "group", "travellers", "rule", "confidence", "evidence"}}``;
        ``curation``: ``{entity or fact IRI: [{"kind", "why", "by", "when"}, …]}``,
        the analysts' decisions that shaped it (the curation graph's).
        Evidence is a list of :meth:`kg.facts.Citation.plain` dicts, sorted and
        without repeats. Where a property has several values, the smallest is read.

    Examples
    --------
    >>> import tempfile
    >>> from kg.store import open_store
    >>> graph = "https://w3id.org/borderkg/id/graph/doc/d1"
    >>> doc = "https://w3id.org/borderkg/id/doc/d1"
    >>> nquads = (
    ...     f"<{doc}> <{RDF}type> <{BK}Document> <{graph}> .\\n"
    ...     f'<{doc}> <{DCTERMS}title> "Waiting in Tijuana" <{graph}> .\\n'
    ... )
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     store = open_store(folder)
    ...     store.replace_graph(graph, nquads)
    ...     part = graph_part(store, graph)
    ...     store.close()
    >>> part["documents"]
    {'d1': {'title': 'Waiting in Tijuana', 'url': None, 'publication': None, 'date': None}}
    >>> part["mentions"], part["sentences"], part["facts"], part["route_legs"], part["curation"]
    ({}, [], {}, {}, {})
    """
    # The IRI is written in as an escaped term rather than bound with VALUES, which
    # Oxigraph joins after reading every graph (100 times slower).
    return triples_part(store.select(_TRIPLES.format(graph=to_term("graph_iri", graph))).rows)


def triples_part(rows: Iterable[Sequence[Value]]) -> dict[str, Any]:
    """The :func:`graph_part` of a graph given as its ``(subject, predicate, object)``
    values (:func:`kg.store.to_python` of each term), for a caller that holds them."""
    triples = _Triples(rows)

    documents: dict[str, dict[str, Any]] = {}
    for doc in triples.subjects(RDF + "type", BK + "Document"):
        documents.setdefault(_document_id(triples, doc), _described(triples, doc))

    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    sentences: dict[str, dict[str, Any]] = {}
    for item in triples.subjects(RDF + "type", BK + "Mention"):
        evidence = _evidence(triples, item)
        if evidence is None:
            continue
        entities = [str(entity) for entity in triples.values(item, BK + "refersTo")]
        for entity in entities:
            mentions[entity].append(evidence)
        sentence = _sentence(triples, item)
        if sentence is not None:
            whole = {**evidence, "start": sentence["start"], "end": sentence["end"], "quote": None}
            entry = sentences.setdefault(sentence["iri"], {"entities": set(), "evidence": whole})
            entry["entities"].update(entities)

    facts: dict[str, dict[str, Any]] = {}
    for item in triples.subjects(RDF + "type", BK + "Assertion"):
        subject, predicate, object_ = (
            triples.value(item, RDF + name) for name in ("subject", "predicate", "object")
        )
        evidence = _evidence(triples, item)
        if subject is None or predicate is None or object_ is None or evidence is None:
            continue
        facts[item] = {
            "subject": subject,
            "object": object_,
            "predicate": local_name(str(predicate)),
            "rule": triples.value(item, BK + "rule"),
            "confidence": _float(triples.value(item, BK + "confidence")),
            "evidence": [evidence],
        }

    legs: dict[str, dict[str, Any]] = {}
    for item in triples.subjects(RDF + "type", BK + "RouteLeg"):
        routes = triples.subjects(BK + "leg", item)
        order, origin, destination = (
            triples.value(item, BK + name) for name in ("order", "from", "to")
        )
        evidence = _evidence(triples, item)
        if not routes or order is None or origin is None or destination is None or evidence is None:
            continue
        legs[item] = {
            "origin": origin,
            "destination": destination,
            "route": routes[0],
            "order": int(order),
            "mode": triples.value(item, BK + "mode"),
            "group": triples.value(item, BK + "group"),
            "travellers": list(triples.values(item, BK + "traveller")),
            "rule": triples.value(item, BK + "rule"),
            "confidence": _float(triples.value(item, BK + "confidence")),
            "evidence": [evidence],
        }

    curation: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in triples.subjects(RDF + "type", BK + "Decision"):
        agent = triples.value(item, PROV + "wasAssociatedWith")
        decision = {"kind": triples.value(item, BK + "decisionKind"),
                    "why": triples.value(item, BK + "why"),
                    "by": triples.value(agent, RDFS + "label") if agent else None,
                    "when": triples.value(item, PROV + "endedAtTime")}
        for curated in triples.subjects(BK + "curatedBy", item):
            curation[curated].append(decision)

    return {
        "curation": {iri: sorted(found, key=lambda d: json.dumps(d, sort_keys=True, default=str))
                     for iri, found in sorted(curation.items())},
        "documents": documents,
        "mentions": {entity: _unique_sorted(found) for entity, found in sorted(mentions.items())},
        "sentences": [
            {"entities": sorted(entry["entities"]), "evidence": entry["evidence"]}
            for _, entry in sorted(sentences.items())
            if len(entry["entities"]) > 1
        ],
        "facts": facts,
        "route_legs": legs,
    }


def project(
    store: Store,
    evidence_limit: int = EVIDENCE_LIMIT,
    parts: Iterable[dict[str, Any]] | None = None,
) -> nx.MultiDiGraph:
    """Project the RDF graph in ``store`` onto a networkx multigraph.

    The nodes come from the entities graph of ``store``; the rest is a fold over
    the :func:`graph_part` of each document graph, which keeps ``evidence_limit``
    citations per node and pair, never every mention.

    Parameters
    ----------
    store : kg.store.Store
        An embedded or remote store holding a borderkg graph.
    evidence_limit : int
        At most this many citations per node and per ``coMentioned`` edge
        (the earliest by document and offset); counts are never capped.
    parts : iterable of dict, optional
        The :func:`graph_part` of every document graph of ``store``, in any order,
        read once (a build passes the parts it cached). By default each is read
        from ``store`` in turn.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by entity IRI with ``label``, ``type``, ``aliases``,
        ``mention_count``, ``evidence`` and, when known, ``latitude``,
        ``longitude``, ``wikidata``. One edge per ``bk:Assertion`` (key: its IRI)
        with ``predicate``, ``rule``, ``confidence``, ``evidence``; one
        ``coMentioned`` edge per pair of entities named in a same sentence
        (key ``"coMentioned"``, ``weight`` = number of such sentences). Entities and
        facts an analyst's decision shaped carry ``curation``, those decisions
        (``kind``, ``why``, ``by``, ``when``).

    Examples
    --------
    >>> import tempfile
    >>> from kg.store import open_store
    >>> app = "https://w3id.org/borderkg/id/app/cbp-one"
    >>> from kg.namespaces import ENTITIES_GRAPH, SKOS
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
    if parts is None:
        parts = (graph_part(store, name) for name in store.graphs() if name not in BUILD_GRAPHS)
    _fold(graph, parts, evidence_limit)
    graph.graph["conflicts"] = _statistic_conflicts(store)
    graph.graph["statistics"] = _dated_statistics(store)
    return graph


def _statistic_conflicts(store: Store) -> list[dict[str, Any]]:
    """The contradicting counts of ``store`` (:func:`kg.analysis.statistic_conflicts`), plain."""
    from dataclasses import asdict

    from kg.analysis import statistic_conflicts

    return [asdict(conflict) for conflict in statistic_conflicts(store)]


def _dated_statistics(store: Store) -> list[dict[str, Any]]:
    """The counts of a group or place whose period is resolved (:func:`kg.analysis.statistics`),
    plain: what a time line of the entity plots."""
    from dataclasses import asdict

    from kg.analysis import statistics

    return [asdict(record) for record in statistics(store)
            if record.period_start and record.period_end and (record.group_iri or record.place_iri)]


def resolver(graph: nx.MultiDiGraph) -> Resolver:
    """The name resolver (:class:`kg.names.Resolver`) of the entities of ``graph``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id:person/tatyana-edwards-behar", label="Tatyana Edwards-Behar",
    ...            aliases=["Ms. Edwards-Behar"], mention_count=3)
    >>> resolver(g).resolve("ms.  edwards-behar")
    'id:person/tatyana-edwards-behar'
    """
    return Resolver(
        Named(str(key), str(data.get("label") or key), tuple(data.get("aliases") or ()),
              int(data.get("mention_count") or 0))
        for key, data in graph.nodes(data=True)
    )


def load(build: str | os.PathLike[str], evidence_limit: int = EVIDENCE_LIMIT) -> nx.MultiDiGraph:
    """Project the store of a build folder (or a SPARQL 1.1 endpoint URL).

    Parameters
    ----------
    build : str or path-like
        A folder written by ``kg build`` (holding ``store/``), or a SPARQL URL.

    Returns
    -------
    networkx.MultiDiGraph
        As :func:`project`.

    Examples
    --------
    >>> load("/nonexistent/build")
    Traceback (most recent call last):
    ...
    kg.errors.BorderKGError: no build in /nonexistent/build (no store/ folder): ...
    """
    store = open_build(os.fspath(build))
    try:
        return project(store, evidence_limit=evidence_limit)
    finally:
        store.close()


def _add_entities(graph: nx.MultiDiGraph, store: Store) -> None:
    rank = {name: index for index, name in enumerate(ENTITY_TYPES)}
    for row in _records(store.select(internal_query("entities"))):
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
    for row in _records(store.select(internal_query("aliases"))):
        if row["entity"] in graph:
            aliases[row["entity"]].add(row["alias"])
    for entity, names in aliases.items():
        graph.nodes[entity]["aliases"] = sorted(names)


class _Triples:
    """The triples of one named graph, looked up by subject and predicate.

    Values come sorted by their text, as ``_records`` sorts rows: a store may
    answer in any order, the part must not vary.
    """

    # The only predicates whose subjects are looked up by value.
    _INVERSE = frozenset((RDF + "type", BK + "leg", BK + "curatedBy"))

    def __init__(self, rows: Iterable[Sequence[Value]]) -> None:
        self._objects: dict[tuple[str, str], list[Value]] = defaultdict(list)
        self._subjects: dict[tuple[str, Value], list[str]] = defaultdict(list)
        for subject, predicate, value in rows:
            self._objects[str(subject), str(predicate)].append(value)
            if predicate in self._INVERSE:
                self._subjects[str(predicate), value].append(str(subject))
        for objects in self._objects.values():
            if len(objects) > 1:
                objects.sort(key=str)
        for subjects in self._subjects.values():
            subjects.sort()

    def values(self, subject: str, predicate: str) -> list[Value]:
        return self._objects.get((subject, predicate), [])

    def value(self, subject: str, predicate: str) -> Any:
        """The smallest value, or ``None``."""
        found = self.values(subject, predicate)
        return found[0] if found else None

    def subjects(self, predicate: str, value: str) -> list[str]:
        assert predicate in self._INVERSE, f"subjects of {predicate} are not indexed"
        return self._subjects.get((predicate, value), [])


def _evidence(triples: _Triples, item: str) -> dict[str, Any] | None:
    """The citation of a mention or fact, as plain data; ``None`` without a source and
    offsets."""
    doc, start, end = (triples.value(item, OA + name) for name in ("hasSource", "start", "end"))
    if doc is None or start is None or end is None:
        return None
    sentence = _sentence(triples, item)
    return Citation.of({
        **_described(triples, doc),
        "document": _document_id(triples, doc),
        "sentence": None if sentence is None else sentence["text"],
        "start": start,
        "end": end,
        "quote": triples.value(item, OA + "exact"),
        "sentence_start": None if sentence is None else sentence["start"],
        "period": triples.value(item, BK + "period"),
        "period_start": triples.value(item, BK + "periodStart"),
        "period_end": triples.value(item, BK + "periodEnd"),
    }).plain()


# What a citation tells of its document, and the property it is read from.
_DOCUMENT_FIELDS = {"title": DCTERMS + "title", "url": SCHEMA + "url",
                    "publication": DCTERMS + "publisher", "date": DCTERMS + "date"}


def _described(triples: _Triples, doc: str) -> dict[str, Any]:
    """What the graph says of a document: ``title``, ``url``, ``publication``, ``date``."""
    return {name: triples.value(doc, predicate) for name, predicate in _DOCUMENT_FIELDS.items()}


def _document_id(triples: _Triples, doc: str) -> str:
    return str(triples.value(doc, DCTERMS + "identifier") or local_name(doc))


def _sentence(triples: _Triples, item: str) -> dict[str, Any] | None:
    """The sentence ``item`` was read in: ``None`` unless its text and offsets are known."""
    node = triples.value(item, BK + "sentence")
    if node is None:
        return None
    text, start, end = (
        triples.value(node, name) for name in (RDF + "value", OA + "start", OA + "end")
    )
    if text is None or start is None or end is None:
        return None
    # The parser leaves a paragraph break at the end of a sentence's text: not shown.
    return {"iri": node, "text": str(text).rstrip(), "start": int(start), "end": int(end)}


def _float(value: Value) -> float | None:
    return None if value is None else float(value)


@dataclass
class _Seen:
    """What the fold keeps of an entity, or of a pair of co-mentioned entities."""

    evidence: list[dict[str, Any]] = field(default_factory=list)  # the earliest ones
    count: int = 0  # evidence items, all of them
    documents: set[int] = field(default_factory=set)  # numbers of the documents they are in


def _fold(graph: nx.MultiDiGraph, parts: Iterable[dict[str, Any]], evidence_limit: int) -> None:
    """Add to ``graph``, which holds the entities, what the parts say about them."""
    documents: dict[str, dict[str, Any]] = {}
    # Each document id gets a number: sets of small ints per node and pair are far
    # smaller than lists of every evidence item, and give the complete ``documents``.
    numbers: dict[str, int] = {}
    entities: defaultdict[str, _Seen] = defaultdict(_Seen)
    pairs: defaultdict[tuple[str, str], _Seen] = defaultdict(_Seen)
    facts: dict[str, dict[str, Any]] = {}
    legs: dict[str, dict[str, Any]] = {}
    curation: dict[str, list[dict[str, Any]]] = {}

    def see(seen: _Seen, evidence: list[dict[str, Any]]) -> None:
        """Count ``evidence`` (sorted, without repeats) and keep the earliest of all."""
        seen.count += len(evidence)
        seen.documents.update(numbers.setdefault(e["document"], len(numbers)) for e in evidence)
        # Parts mostly come in document order: once full, later evidence rarely sorts first.
        kept = seen.evidence
        if len(kept) >= evidence_limit and _evidence_key(evidence[0]) > _evidence_key(kept[-1]):
            return
        seen.evidence = _unique_sorted(kept + evidence)[:evidence_limit]

    for part in parts:
        curation.update(part["curation"])
        for key, described in part["documents"].items():
            entry = _document(documents, {"document": key})
            for name in _DOCUMENT_FIELDS:
                if entry[name] is None:
                    entry[name] = described.get(name)
        for entity, evidence in part["mentions"].items():
            if entity in graph:
                see(entities[entity], evidence)
                for item in evidence:
                    _document(documents, item)["mentions"] += 1
        sentences_of_pair: defaultdict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for sentence in part["sentences"]:
            named = [entity for entity in sentence["entities"] if entity in graph]
            for first, second in itertools.combinations(named, 2):
                sentences_of_pair[first, second].append(sentence["evidence"])
        for pair, evidence in sentences_of_pair.items():
            see(pairs[pair], _unique_sorted(evidence))
        for item, fact in part["facts"].items():
            if fact["subject"] in graph and fact["object"] in graph:
                facts[item] = fact
        for item, leg in part["route_legs"].items():
            if leg["origin"] in graph and leg["destination"] in graph:
                legs[item] = leg

    ids = list(numbers)  # a document's number is its position
    for entity, seen in entities.items():
        data = graph.nodes[entity]
        data["evidence"] = _citations(seen.evidence)
        data["documents"] = sorted(ids[number] for number in seen.documents)
        if data["mention_count"] is None:
            data["mention_count"] = seen.count
    for _, data in graph.nodes(data=True):
        if data["mention_count"] is None:
            data["mention_count"] = 0

    _add_assertions(graph, facts)
    _add_route_legs(graph, legs)
    for entity, data in graph.nodes(data=True):
        if entity in curation:
            data["curation"] = curation[entity]
    for _, _, key, data in graph.edges(keys=True, data=True):
        if key in curation:
            data["curation"] = curation[key]
    for _, _, data in graph.edges(data=True):
        data["documents"] = sorted({item.document for item in data["evidence"]})
        for document in data["documents"]:
            _document(documents, {"document": document})["facts"] += 1
    for first, second in sorted(pairs):
        seen = pairs[first, second]
        graph.add_edge(
            first,
            second,
            key=CO_MENTIONED,
            predicate=CO_MENTIONED,
            rule=CO_OCCURRENCE_RULE,
            confidence=None,
            weight=seen.count,
            evidence=_citations(seen.evidence),
            documents=sorted(ids[number] for number in seen.documents),
        )
    graph.graph["documents"] = {key: documents[key] for key in sorted(documents)}


def _add_assertions(graph: nx.MultiDiGraph, facts: dict[str, dict[str, Any]]) -> None:
    for item in sorted(facts):
        fact = facts[item]
        graph.add_edge(
            fact["subject"],
            fact["object"],
            key=item,
            predicate=fact["predicate"],
            rule=fact["rule"],
            confidence=fact["confidence"],
            evidence=_citations(fact["evidence"]),
        )


def _add_route_legs(graph: nx.MultiDiGraph, legs: dict[str, dict[str, Any]]) -> None:
    # The extractor also asserts each leg as a plain ``bk:routeLeg`` fact; the leg,
    # which knows its order and travellers, replaces the fact it was read from.
    spans = {
        (leg["origin"], leg["destination"], e["document"], e["start"], e["end"])
        for leg in legs.values()
        for e in leg["evidence"]
    }
    duplicates = [
        (u, v, key)
        for u, v, key, data in graph.edges(keys=True, data=True)
        if data.get("predicate") == ROUTE_LEG
        and all((u, v, e.document, e.start, e.end) in spans for e in data["evidence"])
    ]
    graph.remove_edges_from(duplicates)
    for item in sorted(legs):
        leg = legs[item]
        attributes = {
            "predicate": ROUTE_LEG,
            "route": leg["route"],
            "order": leg["order"],
            "travellers": leg["travellers"],
            "rule": leg["rule"],
            "confidence": leg["confidence"],
            "evidence": _citations(leg["evidence"]),
        }
        for name in ("mode", "group"):
            if leg[name] is not None:
                attributes[name] = leg[name]
        graph.add_edge(leg["origin"], leg["destination"], key=item, **attributes)


def _document(documents: dict[str, dict[str, Any]], item: dict[str, Any]) -> dict[str, Any]:
    key = item["document"]
    if key not in documents:
        documents[key] = {
            **{name: item.get(name) for name in _DOCUMENT_FIELDS},
            "mentions": 0,
            "facts": 0,
        }
    return documents[key]


def _records(table: Table) -> Iterable[dict[str, Any]]:
    """Rows as dicts, sorted: a store may answer in any order, the graph must not vary."""
    columns = [column.lstrip("?") for column in table.columns]
    for row in sorted(table.rows, key=lambda row: ["" if v is None else str(v) for v in row]):
        yield dict(zip(columns, row, strict=True))


def _citations(evidence: list[dict[str, Any]]) -> list[Citation]:
    return [Citation.of(item) for item in evidence]


def _evidence_key(evidence: dict[str, Any]) -> tuple[str, int, int, str]:
    return evidence["document"], evidence["start"], evidence["end"], evidence["quote"] or ""


def _unique_sorted(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    unique = {_evidence_key(e): e for e in evidence}
    return [unique[key] for key in sorted(unique)]
