"""The Python API for notebooks: :class:`KnowledgeGraph`, a thin façade over the graph.

An investigator opens a build and asks questions; answers are pandas DataFrames or
small frozen dataclasses that show as HTML in Jupyter, each tied to the sentences
that support it::

    from kg import KnowledgeGraph

    g = KnowledgeGraph.open("build/")    # or KnowledgeGraph.build(["corpus/"], out="build/")
    g.entity("Ms. Edwards-Behar")        # type, aliases, relations and their sentences
    g.sparql("SELECT ...", name="X")     # parameters are bound as RDF terms, never pasted
    g.show(focus="CBP One", hops=1)      # the interactive view, inline and offline

The work is done by plain functions elsewhere: :func:`kg.query.run` for SPARQL and the
saved queries of ``queries/``, :func:`kg.network.project`, :func:`~kg.network.shortest_paths`,
:func:`~kg.network.ego` and :func:`~kg.network.find_node` for the graph, and
:func:`kg.viz.render_html` for the view. This module adds only what a notebook needs on top:
DataFrames, name lookups and HTML. Every string that comes from an article is escaped
(:func:`html.escape`) before it reaches HTML.
"""

from __future__ import annotations

import atexit
import html
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import networkx as nx
import pandas as pd

from kg import network
from kg.errors import BorderKGError
from kg.names import normalize
from kg.query import parse_saved_query, run, saved_queries
from kg.store import Store, Table, open_store

__all__ = [
    "Citation",
    "EntityProfile",
    "Fact",
    "GraphPath",
    "Hop",
    "KnowledgeGraph",
    "SubGraph",
    "find_entity",
]

# How many sentences an HTML card lists before it says "and N more".
HTML_ROWS = 12
# Height in pixels of the interactive view shown inline by ``show``.
VIEW_HEIGHT = 640

_ENTITIES_GRAPH = network.ENTITIES_GRAPH

_PREFIXES = """\
PREFIX bk:      <https://w3id.org/borderkg/ontology#>
PREFIX rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa:      <http://www.w3.org/ns/oa#>
"""

# The evidence of ?item (a mention, fact or quote) in its document's graph.
_EVIDENCE = """\
    ?item oa:hasSource ?doc ; oa:start ?start ; oa:end ?end .
    OPTIONAL { ?item oa:exact ?quote }
    OPTIONAL { ?item bk:sentence ?s . ?s rdf:value ?sentence ; oa:start ?sentence_start }
    OPTIONAL { ?doc dcterms:identifier ?document }
    OPTIONAL { ?doc dcterms:title ?title }"""

_EVIDENCE_COLUMNS = "?document ?title ?start ?end ?quote ?sentence ?sentence_start"

# Facts whose subject or object is ?entity_iri (a parameter), negated ones included.
_FACTS_OF = (
    _PREFIXES
    + f"""\
SELECT ?item ?subject ?subject_label ?predicate ?object ?object_label ?negated ?rule ?confidence
       {_EVIDENCE_COLUMNS}
WHERE {{
  GRAPH ?g {{
    ?item a bk:Assertion ; rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object .
    OPTIONAL {{ ?item bk:negated ?negated }}
    OPTIONAL {{ ?item bk:rule ?rule }}
    OPTIONAL {{ ?item bk:confidence ?confidence }}
{_EVIDENCE}
  }}
  FILTER (?subject = ?entity_iri || ?object = ?entity_iri)
  # Labels of the subject and object, both always bound here.
  OPTIONAL {{ GRAPH <{_ENTITIES_GRAPH}> {{ ?subject rdfs:label ?subject_label }} }}
  OPTIONAL {{ GRAPH <{_ENTITIES_GRAPH}> {{ ?object rdfs:label ?object_label }} }}
}}
ORDER BY ?document ?start ?item"""
)

_MENTIONS_OF = (
    _PREFIXES
    + f"""\
SELECT ?item {_EVIDENCE_COLUMNS}
WHERE {{
  GRAPH ?g {{
    ?item a bk:Mention ; bk:refersTo ?entity_iri .
{_EVIDENCE}
  }}
}}
ORDER BY ?document ?start"""
)

# Every leg of every route; the traveller is an entity's label or, failing that, the
# group the leg names as text. Same columns as the saved query ``group-routes``.
_ALL_ROUTES = (
    _PREFIXES
    + f"""\
SELECT DISTINCT ?traveller ?document ?route ?order ?from ?to ?mode ?sentence
WHERE {{
  GRAPH ?g {{
    ?route a bk:Route ; bk:leg ?leg .
    ?leg bk:order ?order ; bk:from ?a ; bk:to ?b .
    OPTIONAL {{
      ?route bk:traveller ?who .
      GRAPH <{_ENTITIES_GRAPH}> {{ ?who rdfs:label ?who_label }}
    }}
    OPTIONAL {{ ?leg bk:group ?group }}
    OPTIONAL {{ ?leg bk:mode ?mode }}
    OPTIONAL {{ ?leg bk:sentence ?s . ?s rdf:value ?sentence }}
    ?doc a bk:Document ; dcterms:identifier ?document .
  }}
  GRAPH <{_ENTITIES_GRAPH}> {{ ?a rdfs:label ?from . ?b rdfs:label ?to . }}
  BIND (COALESCE(?who_label, ?group) AS ?traveller)
}}
ORDER BY ?traveller ?document ?route ?order"""
)

# One row per quote (or claim) and entity it is about.
_QUOTES = (
    _PREFIXES
    + f"""\
SELECT ?item ?class ?text ?speaker ?speaker_label ?about ?about_label {_EVIDENCE_COLUMNS}
WHERE {{
  GRAPH ?g {{
    ?item a ?class ; bk:text ?text .
    VALUES ?class {{ bk:Quote bk:Claim }}
    OPTIONAL {{
      ?item bk:speaker ?speaker .
      OPTIONAL {{ GRAPH <{_ENTITIES_GRAPH}> {{ ?speaker rdfs:label ?speaker_label }} }}
    }}
    OPTIONAL {{
      ?item bk:about ?about .
      OPTIONAL {{ GRAPH <{_ENTITIES_GRAPH}> {{ ?about rdfs:label ?about_label }} }}
    }}
{_EVIDENCE}
  }}
}}
ORDER BY ?document ?start ?item"""
)

# The two sentences of KnowledgeGraph.example().
EXAMPLE_TEXT = (
    "Tatyana Edwards-Behar, a lawyer from Russia, flew from Istanbul to Cancún and then to "
    "Tijuana. Ms. Edwards-Behar said the CBP One app, which U.S. Customs and Border "
    "Protection administers, is the only way in.\n"
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Citation:
    """A sentence of a document that supports an answer, and the span in it.

    ``start``/``end`` are character offsets of the span (``quote``) in the document's
    cleaned text; the sentence starts at ``sentence_start``.
    """

    document: str
    sentence: str | None
    start: int
    end: int
    quote: str | None = None
    sentence_start: int | None = None
    title: str | None = None
    url: str | None = None

    def _repr_html_(self) -> str:
        return _citation_html(self)


@dataclass(frozen=True)
class Fact:
    """One asserted relation ``subject --predicate--> object`` and the sentence behind it."""

    subject: str
    predicate: str
    object: str
    evidence: Citation
    negated: bool = False
    rule: str | None = None
    confidence: float | None = None
    subject_iri: str = ""
    object_iri: str = ""

    def __str__(self) -> str:
        verb = f"not {self.predicate}" if self.negated else self.predicate
        return f"{self.subject} —{verb}→ {self.object}"


@dataclass(frozen=True)
class EntityProfile:
    """What the graph knows of one entity: its names, relations and the sentences behind them.

    ``relations`` are the facts in which the entity is subject or object; ``mentions``
    are every place a document names it. In Jupyter the profile shows as an HTML card.
    """

    iri: str
    label: str
    type: str
    aliases: tuple[str, ...]
    mention_count: int
    wikidata: str | None = None
    relations: tuple[Fact, ...] = field(default=(), repr=False)
    mentions: tuple[Citation, ...] = field(default=(), repr=False)

    @property
    def documents(self) -> tuple[str, ...]:
        """The documents that mention the entity, sorted."""
        return tuple(sorted({m.document for m in self.mentions}))

    def relations_frame(self) -> pd.DataFrame:
        """The relations as a DataFrame, one row per fact, with its sentence."""
        return pd.DataFrame(
            [
                {
                    "subject": f.subject,
                    "predicate": f.predicate,
                    "object": f.object,
                    "negated": f.negated,
                    "document": f.evidence.document,
                    "sentence": f.evidence.sentence,
                    "rule": f.rule,
                    "confidence": f.confidence,
                }
                for f in self.relations
            ],
            columns=[
                "subject", "predicate", "object", "negated", "document", "sentence", "rule",
                "confidence",
            ],
        )

    def _repr_html_(self) -> str:
        e = html.escape
        parts = [
            '<div class="borderkg-entity">',
            f"<h3>{e(self.label)} <small>({e(self.type)})</small></h3>",
            f"<p><code>{e(self.iri)}</code>",
        ]
        if self.wikidata:
            parts.append(f" · Wikidata {_link(self.wikidata, self.wikidata.rsplit('/', 1)[-1])}")
        parts.append("</p>")
        parts.append(
            f"<p><b>Aliases:</b> {e(', '.join(self.aliases)) or '—'}<br>"
            f"<b>Mentions:</b> {self.mention_count} in {len(self.documents)} document(s)</p>"
        )
        parts.append(f"<h4>Relations ({len(self.relations)})</h4>")
        if self.relations:
            rows = [
                [
                    e(f.subject),
                    e(("not " if f.negated else "") + f.predicate),
                    e(f.object),
                    _citation_html(f.evidence),
                ]
                for f in self.relations
            ]
            parts.append(_table(["subject", "relation", "object", "evidence"], rows))
        else:
            parts.append("<p>None extracted.</p>")
        parts.append(f"<h4>Mentions ({len(self.mentions)})</h4>")
        parts.append(_citations_html(self.mentions))
        parts.append("</div>")
        return "".join(parts)


@dataclass(frozen=True)
class Hop:
    """One step of a path: the edge between two entities and the sentences behind it.

    ``forward`` tells whether the fact runs from ``source`` to ``target`` (it may run
    against the path). ``predicate`` is ``"coMentioned"`` when the two are only named in
    the same sentence.
    """

    source: str
    predicate: str
    target: str
    forward: bool
    evidence: tuple[Citation, ...] = ()

    def __str__(self) -> str:
        if self.forward:
            return f"{self.source} —{self.predicate}→ {self.target}"
        return f"{self.source} ←{self.predicate}— {self.target}"


@dataclass(frozen=True)
class GraphPath:
    """A shortest path between two entities, hop by hop, with its evidence.

    ``nodes`` are entity IRIs from source to target, ``labels`` their labels.
    """

    nodes: tuple[str, ...]
    labels: tuple[str, ...]
    hops: tuple[Hop, ...]

    def __str__(self) -> str:
        if not self.hops:
            return self.labels[0] if self.labels else ""
        text = self.labels[0]
        for hop in self.hops:
            arrow = f" —{hop.predicate}→ " if hop.forward else f" ←{hop.predicate}— "
            text += arrow + hop.target
        return text

    def _repr_html_(self) -> str:
        e = html.escape
        parts = ['<div class="borderkg-path">', f"<h3>{e(str(self))}</h3>", "<ol>"]
        for hop in self.hops:
            parts.append(f"<li><b>{e(str(hop))}</b>{_citations_html(hop.evidence)}</li>")
        parts.append("</ol></div>")
        return "".join(parts)


@dataclass(frozen=True, eq=False)
class SubGraph:
    """A part of the graph (the neighbourhood of an entity), as a networkx multigraph.

    ``graph`` has the node and edge attributes of :func:`kg.network.project`.
    """

    graph: nx.MultiDiGraph = field(repr=False)
    center: str | None = None
    hops: int = 1

    def nodes(self) -> pd.DataFrame:
        """The entities, most mentioned first."""
        rows = [
            {
                "entity": key,
                "label": data.get("label"),
                "type": data.get("type"),
                "mentions": data.get("mention_count") or 0,
            }
            for key, data in self.graph.nodes(data=True)
        ]
        frame = pd.DataFrame(rows, columns=["entity", "label", "type", "mentions"])
        return frame.sort_values(["mentions", "label"], ascending=[False, True], ignore_index=True)

    def edges(self) -> pd.DataFrame:
        """The edges: facts (one row each) and ``coMentioned`` pairs, with a first sentence."""
        rows = []
        for u, v, key, data in self.graph.edges(keys=True, data=True):
            evidence = data.get("evidence") or []
            rows.append(
                {
                    "source": _label(self.graph, u),
                    "predicate": data.get("predicate") or key,
                    "target": _label(self.graph, v),
                    "sentences": data.get("weight") or len(evidence),
                    "example": evidence[0].get("sentence") if evidence else None,
                    "document": evidence[0].get("document") if evidence else None,
                }
            )
        columns = ["source", "predicate", "target", "sentences", "example", "document"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.sort_values(["predicate", "source", "target"], ignore_index=True)

    def show(self, title: str = "borderkg", height: int = VIEW_HEIGHT) -> Any:
        """The interactive view of this sub-graph, inline (see :meth:`KnowledgeGraph.show`)."""
        return _inline_view(self.graph, title=title, focus=self.center, height=height)

    def _repr_html_(self) -> str:
        e = html.escape
        center = _label(self.graph, self.center) if self.center in self.graph else None
        heading = f"Within {self.hops} hop(s) of {center}" if center else "Sub-graph"
        facts = [
            (u, v, data)
            for u, v, key, data in self.graph.edges(keys=True, data=True)
            if key != network.CO_MENTIONED
        ]
        co = self.graph.number_of_edges() - len(facts)
        parts = [
            '<div class="borderkg-subgraph">',
            f"<h3>{e(heading)}</h3>",
            (
                f"<p>{self.graph.number_of_nodes()} entities, {len(facts)} facts, "
                f"{co} pairs named in a same sentence.</p>"
            ),
        ]
        node_rows = [
            [e(str(r.label)), e(str(r.type)), str(r.mentions)] for r in self.nodes().itertuples()
        ]
        parts.append(_table(["entity", "type", "mentions"], node_rows[:HTML_ROWS]))
        if len(node_rows) > HTML_ROWS:
            parts.append(f"<p>… and {len(node_rows) - HTML_ROWS} more entities.</p>")
        if facts:
            rows = [
                [
                    e(_label(self.graph, u)),
                    e(str(data.get("predicate"))),
                    e(_label(self.graph, v)),
                    _citations_html(_citations(data.get("evidence") or [])),
                ]
                for u, v, data in sorted(facts, key=lambda f: (str(f[0]), str(f[1])))
            ]
            parts.append("<h4>Facts</h4>")
            parts.append(_table(["subject", "relation", "object", "evidence"], rows))
        parts.append("</div>")
        return "".join(parts)


# --------------------------------------------------------------------------- the façade


class KnowledgeGraph:
    """A borderkg graph opened for investigation.

    Open a build folder with :meth:`open`, or build one with :meth:`build`. Queries run on
    the store; paths, neighbourhoods and the view run on its networkx projection
    (:func:`kg.network.project`), computed once on first use.

    Parameters
    ----------
    store : kg.store.Store
        An open store holding a borderkg graph.
    location : str, optional
        Where it came from, for display.

    Examples
    --------
    >>> g = KnowledgeGraph.example()
    >>> g.entity("ms. edwards-behar").label
    'Tatyana Edwards-Behar'
    >>> "entity-mentions" in set(g.saved_queries()["name"])
    True
    """

    def __init__(self, store: Store, location: str | None = None) -> None:
        self.store = store
        self.location = location
        self._projection: nx.MultiDiGraph | None = None

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, location: str | Path = "build") -> KnowledgeGraph:
        """Open a build folder, a store folder or a SPARQL 1.1 server, read-only.

        Parameters
        ----------
        location : str or Path
            A folder written by ``kg build`` (holding ``store/``), the store folder
            itself, or the URL of a SPARQL server.

        Examples
        --------
        >>> KnowledgeGraph.open("no/such/folder")
        Traceback (most recent call last):
        ...
        kg.errors.BorderKGError: no build in no/such/folder: ...
        """
        text = str(location)
        if text.startswith(("http://", "https://")):
            return cls(open_store(text), location=text)
        path = Path(location)
        if (path / "store").is_dir():
            path = path / "store"
        # An Oxigraph folder is a RocksDB database, which always holds a CURRENT file.
        elif not (path / "CURRENT").is_file():
            raise BorderKGError(
                f"no build in {text}: run `kg build corpus/ --out {text}` "
                f"or KnowledgeGraph.build(['corpus/'], out={text!r})"
            )
        return cls(open_store(path, read_only=True), location=str(path))

    @classmethod
    def build(
        cls,
        inputs: Sequence[str | Path],
        out: str | Path = "build",
        *,
        store: str | None = None,
        quiet: bool = True,
    ) -> KnowledgeGraph:
        """Build the graph of ``inputs`` into the folder ``out`` (as ``kg build``), then open it.

        Parameters
        ----------
        inputs : sequence of str or Path
            Files or folders of articles (.txt, .md, .html, .jsonl).
        out : str or Path
            The build folder (store, graph.ttl, graph.trig, graph.html, report.json).
        store : str, optional
            A SPARQL 1.1 server to write to instead of ``out/store``.
        quiet : bool
            No progress bar.
        """
        from kg.build import build  # loads spaCy: only when a build is asked for

        if isinstance(inputs, str | Path):
            inputs = [inputs]
        result = build(list(inputs), out, store=store, quiet=quiet)
        return cls.open(store or result.out)

    @classmethod
    def example(cls) -> KnowledgeGraph:
        """A tiny graph of two sentences, to try the API (built once per process).

        The sentences are :data:`EXAMPLE_TEXT`; the build lives in a temporary folder
        removed when Python exits.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> g.entity("CBP One").type
        'App'
        """
        global _example
        if _example is None:
            folder = Path(tempfile.mkdtemp(prefix="borderkg-example-"))
            (folder / "corpus").mkdir()
            (folder / "corpus" / "example.txt").write_text(EXAMPLE_TEXT, encoding="utf-8")
            _example = cls.build([folder / "corpus"], out=folder / "build")
            atexit.register(_remove_example, folder)
        return _example

    def close(self) -> None:
        """Release the store (an embedded folder can then be written again)."""
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.location!r})"

    # ---------------------------------------------------------------- SPARQL

    def sparql(self, query: str, /, **params: str | float) -> pd.DataFrame:
        """Run SPARQL text with parameters bound as RDF terms, and return a DataFrame.

        A keyword binds the query variable of the same name (``name="Title 42"`` binds
        ``?name``) through the store's parameter mechanism (:mod:`kg.store`): the value is
        always one literal, whatever quotes or braces it holds; a name ending in ``_iri``
        binds an IRI (``bk:`` names are expanded). ASK answers one cell, CONSTRUCT one row
        a triple.

        Parameters
        ----------
        query : str
            A SPARQL query.
        **params
            Values of the query's variables.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> q = '''PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        ...        SELECT ?entity WHERE { GRAPH ?g { ?entity rdfs:label ?name } }'''
        >>> g.sparql(q, name="Tijuana")["entity"].tolist()
        ['https://w3id.org/borderkg/id/city/tijuana']
        >>> len(g.sparql(q, name='Tijuana" } ; DROP ALL ; {'))
        0
        """
        return _frame(run(self.store, parse_saved_query(query, "query"), params))

    def query(self, name: str, /, **params: str | float) -> pd.DataFrame:
        """Run a saved query of ``queries/`` (or a ``.rq`` file) and return a DataFrame.

        Parameters
        ----------
        name : str
            The query's name (see :meth:`saved_queries`) or a path to a ``.rq`` file.
        **params
            Its parameters, as the ``# param:`` lines of the query name them.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> g.query("entity-mentions", name="ms. edwards-behar")["text"].tolist()
        ['Tatyana Edwards-Behar', 'Ms. Edwards-Behar']
        """
        return _frame(run(self.store, name, params))

    @staticmethod
    def saved_queries() -> pd.DataFrame:
        """The saved queries: name, title, parameters and what they answer."""
        rows = [
            {
                "name": q.name,
                "title": q.title,
                "params": ", ".join(p.name for p in q.params),
                "description": q.description,
            }
            for q in saved_queries()
        ]
        return pd.DataFrame(rows, columns=["name", "title", "params", "description"])

    # ---------------------------------------------------------------- entities

    def entity(self, name: str) -> EntityProfile:
        """The entity a name refers to, with its relations and the sentences behind them.

        Parameters
        ----------
        name : str
            Any label or alias, any case (an IRI works too).

        Returns
        -------
        EntityProfile
            Raises :class:`~kg.errors.BorderKGError` when no entity has that name.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> person = g.entity("Edwards-Behar")
        >>> person.label, person.type, "Ms. Edwards-Behar" in person.aliases
        ('Tatyana Edwards-Behar', 'Person', True)
        >>> person.mention_count, person.documents
        (2, ('example',))
        """
        graph = self._graph()
        iri = self._find(name)
        data = graph.nodes[iri]
        facts = self.store.select(_FACTS_OF, {"entity_iri": iri})
        mentions = self.store.select(_MENTIONS_OF, {"entity_iri": iri})
        return EntityProfile(
            iri=iri,
            label=str(data.get("label") or iri),
            type=str(data.get("type") or ""),
            aliases=tuple(data.get("aliases") or ()),
            mention_count=int(data.get("mention_count") or 0),
            wikidata=data.get("wikidata"),
            relations=tuple(_fact(row) for row in _unique(facts.records(), "item")),
            mentions=tuple(_citation(row) for row in _unique(mentions.records(), "item")),
        )

    def search(self, text: str) -> pd.DataFrame:
        """Entities whose label or an alias contains ``text`` (any case), most mentioned first.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> g.search("edwards")[["label", "type", "matched"]].values.tolist()
        [['Tatyana Edwards-Behar', 'Person', 'Ms. Edwards-Behar; Tatyana Edwards-Behar']]
        """
        wanted = " ".join(text.split()).casefold()
        rows = []
        for key, data in self._graph().nodes(data=True):
            names = {data.get("label") or "", *(data.get("aliases") or ())}
            matched = sorted(n for n in names if wanted in " ".join(n.split()).casefold())
            if matched:
                rows.append(
                    {
                        "entity": key,
                        "label": data.get("label"),
                        "type": data.get("type"),
                        "mentions": data.get("mention_count") or 0,
                        "matched": "; ".join(matched),
                    }
                )
        frame = pd.DataFrame(rows, columns=["entity", "label", "type", "mentions", "matched"])
        return frame.sort_values(["mentions", "label"], ascending=[False, True], ignore_index=True)

    # ---------------------------------------------------------------- the network

    def to_networkx(self) -> nx.MultiDiGraph:
        """A copy of the networkx projection of the graph (see :func:`kg.network.project`).

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> nx_graph = g.to_networkx()
        >>> nx_graph.nodes["https://w3id.org/borderkg/id/app/cbp-one"]["label"]
        'CBP One'
        """
        return self._graph().copy()

    def path(self, source: str, target: str) -> GraphPath | None:
        """A shortest path between two entities, ignoring direction; ``None`` if unconnected.

        Among the shortest paths (:func:`kg.network.shortest_paths`) the one with the
        fewest ``coMentioned`` hops wins: asserted facts explain more than co-occurrence.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> print(g.path("Istanbul", "Cancún"))
        Istanbul —routeLeg→ Cancún
        >>> g.path("Istanbul", "Cancún").hops[0].evidence[0].sentence[:40]
        'Tatyana Edwards-Behar, a lawyer from Rus'
        """
        graph = self._graph()
        found = network.shortest_paths(graph, self._find(source), self._find(target))
        if not found:
            return None
        best = min(
            found, key=lambda p: sum(1 for edge in p.edges if edge[2] == network.CO_MENTIONED)
        )
        return _graph_path(graph, best)

    def neighbors(self, name: str, hops: int = 2, *, co_mentions: bool = True) -> SubGraph:
        """Every entity within ``hops`` edges of an entity, and the edges between them.

        Parameters
        ----------
        name : str
            Any label or alias of the entity.
        hops : int
            Radius of the neighbourhood.
        co_mentions : bool
            Follow ``coMentioned`` edges (entities named in the same sentence) as well as
            facts. With ``False`` only asserted facts connect.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> near = g.neighbors("Istanbul", hops=1, co_mentions=False)
        >>> sorted(near.nodes()["label"])
        ['Cancún', 'Istanbul']
        """
        graph = self._graph()
        center = self._find(name)
        if not co_mentions:
            graph = nx.subgraph_view(
                graph, filter_edge=lambda u, v, key: key != network.CO_MENTIONED
            )
        return SubGraph(graph=network.ego(graph, center, hops=hops), center=center, hops=hops)

    def show(self, focus: str | None = None, hops: int = 1, height: int = VIEW_HEIGHT) -> Any:
        """The interactive view, inline in Jupyter and offline.

        An :class:`IPython.display.HTML` holding an ``<iframe srcdoc="…">`` with the
        self-contained page of :func:`kg.viz.render_html`, attribute-escaped.

        Parameters
        ----------
        focus : str, optional
            Show only the neighbourhood of this entity (any label or alias), centred on it.
        hops : int
            Radius of that neighbourhood.
        height : int
            Height of the frame in pixels.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> view = g.show(focus="Tijuana", hops=1)
        >>> "<iframe srcdoc=" in view.data, "<script" in view.data
        (True, False)
        """
        graph = self._graph()
        if focus is None:
            return _inline_view(graph, title="borderkg", focus=None, height=height)
        center = self._find(focus)
        sub = network.ego(graph, center, hops=hops)
        title = f"borderkg: {graph.nodes[center].get('label') or center}"
        return _inline_view(sub, title=title, focus=center, height=height)

    # ---------------------------------------------------------------- facts

    def routes(self, group: str | None = None) -> pd.DataFrame:
        """The routes the documents tell, one row per leg in order, with mode and sentence.

        Parameters
        ----------
        group : str, optional
            A label or alias of the traveller (a person or a migrant group); all routes
            when omitted (a route with no named traveller shows the group it names, if any).

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> legs = g.routes("Ms. Edwards-Behar")
        >>> ("Istanbul", "Cancún") in set(zip(legs["from"], legs["to"]))
        True
        """
        if group is None:
            return _frame(run(self.store, parse_saved_query(_ALL_ROUTES, "routes")))
        return _frame(run(self.store, "group-routes", {"group": self._label_of(group)}))

    def statistics(
        self, group: str | None = None, *, what: str | None = None, place: str | None = None
    ) -> pd.DataFrame:
        """The counts the documents report, with the number as written and the sentence.

        Parameters
        ----------
        group : str, optional
            Who is counted: an entity's label or alias (``"Russian migrants"``), else any
            text the group column contains.
        what : str, optional
            Text the ``counts`` column (what is counted) contains, any case.
        place : str, optional
            Text the ``place`` column contains, any case.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> list(g.statistics().columns)[:6]
        ['group', 'period', 'value', 'qualifier', 'quantity', 'counts']
        """
        frame = _frame(run(self.store, "statistics"))
        if group is not None:
            frame = frame[self._names(frame["group"], group)]
        if what is not None:
            frame = frame[_contains(frame["counts"], what)]
        if place is not None:
            frame = frame[_contains(frame["place"], place)]
        return frame.reset_index(drop=True)

    def quotes(self, speaker: str | None = None, about: str | None = None) -> pd.DataFrame:
        """Quotes and reported claims, with who said them, what they are about and the sentence.

        Parameters
        ----------
        speaker : str, optional
            The speaker: an entity's label or alias, else text the speaker's label contains.
        about : str, optional
            An entity the words are about, matched the same way.

        Returns
        -------
        pandas.DataFrame
            One row per quote: ``speaker``, ``kind`` (``quote`` or ``claim``), ``quote``,
            ``about`` (labels joined by ``"; "``), ``document``, ``start``, ``sentence``.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> list(g.quotes(speaker="Ms. Edwards-Behar").columns)
        ['speaker', 'kind', 'quote', 'about', 'document', 'start', 'sentence']
        """
        quotes: dict[str, dict[str, Any]] = {}
        for row in self.store.select(_QUOTES).records():
            item = quotes.setdefault(
                str(row["item"]),
                {
                    "speaker": row.get("speaker_label"),
                    "speaker_iri": row.get("speaker"),
                    "kind": network.local_name(str(row["class"])).lower(),
                    "quote": row.get("text"),
                    "about": {},
                    "document": row.get("document"),
                    "start": row.get("start"),
                    "sentence": row.get("sentence"),
                },
            )
            if row.get("about") is not None:
                item["about"][row["about"]] = row.get("about_label") or row["about"]
        selected = list(quotes.values())
        if speaker is not None:
            who = self._matcher(speaker)
            selected = [q for q in selected if who(q["speaker_iri"], q["speaker"])]
        if about is not None:
            what = self._matcher(about)
            selected = [q for q in selected if any(what(*pair) for pair in q["about"].items())]
        columns = ["speaker", "kind", "quote", "about", "document", "start", "sentence"]
        rows = [
            {**q, "about": "; ".join(sorted(q["about"].values()))}
            for q in sorted(selected, key=lambda q: (str(q["document"]), q["start"] or 0))
        ]
        return pd.DataFrame(rows, columns=columns)

    # ---------------------------------------------------------------- helpers

    def _graph(self) -> nx.MultiDiGraph:
        if self._projection is None:
            self._projection = network.project(self.store)
        return self._projection

    def _find(self, name: str) -> str:
        return find_entity(self._graph(), name)

    def _matcher(self, name: str) -> Callable[[str | None, str | None], bool]:
        """A test of ``(iri, label)``: is it the entity ``name`` refers to?

        A name that fits no single entity matches every label that contains it, any case.
        """
        try:
            found = find_entity(self._graph(), name)
        except BorderKGError:
            wanted = " ".join(name.split()).casefold()
            return lambda iri, label: label is not None and wanted in label.casefold()
        return lambda iri, label: iri == found

    def _label_of(self, name: str) -> str:
        """The label of the entity ``name`` refers to, or ``name`` when none fits."""
        try:
            return _label(self._graph(), find_entity(self._graph(), name))
        except BorderKGError:
            return name

    def _names(self, column: pd.Series, name: str) -> pd.Series:
        label = self._label_of(name)
        if label == name and network.find_node(self._graph(), name) is None:
            return _contains(column, name)
        return column.fillna("").astype(str) == label


_example: KnowledgeGraph | None = None


def _remove_example(folder: Path) -> None:
    global _example
    if _example is not None:
        _example.close()
        _example = None
    shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- plain helpers


def find_entity(graph: nx.MultiDiGraph, name: str) -> str:
    """The IRI of the entity a name refers to, as leniently as stays unambiguous.

    In order: an IRI of the graph; a label or alias (:func:`kg.network.find_node`); a
    label or alias equal once accents, dots, case and a leading "the" are ignored
    (:func:`kg.names.normalize`); the last words of a label or alias, when they are
    those of one entity only (a surname: ``"Edwards-Behar"``).

    Raises
    ------
    BorderKGError
        When no entity, or more than one, fits.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id:p", label="Tatyana Edwards-Behar", aliases=["Ms. Edwards-Behar"])
    >>> g.add_node("id:c", label="Cancún", aliases=[])
    >>> find_entity(g, "edwards-behar"), find_entity(g, "CANCUN")
    ('id:p', 'id:c')
    """
    if name in graph:
        return name
    found = network.find_node(graph, name)
    if found is not None:
        return found
    wanted = normalize(name)
    if not wanted:
        raise BorderKGError(f"no entity has the label or alias {name!r}")
    same: set[str] = set()
    ending: set[str] = set()
    for key, data in graph.nodes(data=True):
        for other in (data.get("label") or "", *(data.get("aliases") or ())):
            form = normalize(other)
            if form == wanted:
                same.add(key)
            elif form.endswith(" " + wanted):
                ending.add(key)
    for candidates in (same, ending):
        if len(candidates) == 1:
            return candidates.pop()
        if candidates:
            labels = ", ".join(sorted(_label(graph, key) for key in candidates))
            raise BorderKGError(f"{name!r} may be any of: {labels}; give a fuller name")
    raise BorderKGError(f"no entity has the label or alias {name!r}: try g.search({name!r})")



def _frame(table: Table) -> pd.DataFrame:
    """A :class:`kg.store.Table` as a DataFrame with the same columns."""
    return pd.DataFrame([list(row) for row in table.rows], columns=list(table.columns))


def _contains(column: pd.Series, text: str) -> pd.Series:
    wanted = " ".join(text.split()).casefold()
    return column.fillna("").astype(str).map(lambda v: wanted in " ".join(v.split()).casefold())


def _unique(records: Iterable[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """The first record per ``key`` (OPTIONAL patterns may repeat an item), in order."""
    seen: dict[Any, dict[str, Any]] = {}
    for record in records:
        seen.setdefault(record[key], record)
    return list(seen.values())


def _citation(row: Mapping[str, Any]) -> Citation:
    return Citation(
        document=str(row.get("document") or ""),
        sentence=row.get("sentence"),
        start=int(row.get("start") or 0),
        end=int(row.get("end") or 0),
        quote=row.get("quote"),
        sentence_start=None if row.get("sentence_start") is None else int(row["sentence_start"]),
        title=row.get("title"),
        url=row.get("url"),
    )


def _citations(evidence: Iterable[Mapping[str, Any]]) -> tuple[Citation, ...]:
    return tuple(_citation(item) for item in evidence)


def _fact(row: Mapping[str, Any]) -> Fact:
    return Fact(
        subject=str(row.get("subject_label") or network.local_name(str(row["subject"]))),
        predicate=network.local_name(str(row["predicate"])),
        object=str(row.get("object_label") or network.local_name(str(row["object"]))),
        evidence=_citation(row),
        negated=bool(row.get("negated")),
        rule=row.get("rule"),
        confidence=None if row.get("confidence") is None else float(row["confidence"]),
        subject_iri=str(row["subject"]),
        object_iri=str(row["object"]),
    )


def _label(graph: nx.MultiDiGraph, node: Any) -> str:
    if node in graph:
        return str(graph.nodes[node].get("label") or node)
    return str(node)


def _graph_path(graph: nx.MultiDiGraph, path: network.Path) -> GraphPath:
    hops = []
    for index, (u, v, key) in enumerate(path.edges):
        source, target = path.nodes[index], path.nodes[index + 1]
        data = graph.edges[u, v, key]
        hops.append(
            Hop(
                source=_label(graph, source),
                predicate=str(data.get("predicate") or key),
                target=_label(graph, target),
                forward=(u, v) == (source, target),
                evidence=_citations(data.get("evidence") or []),
            )
        )
    return GraphPath(
        nodes=path.nodes,
        labels=tuple(_label(graph, node) for node in path.nodes),
        hops=tuple(hops),
    )


# --------------------------------------------------------------------------- HTML


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An HTML table of cells that are already HTML (escape before calling)."""
    head = "".join(f"<th>{html.escape(name)}</th>" for name in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f'<table style="text-align:left"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _link(url: str, text: str) -> str:
    if not url.startswith(("http://", "https://")):
        return html.escape(text)
    href = html.escape(url, quote=True)
    return f'<a href="{href}" target="_blank" rel="noopener">{html.escape(text)}</a>'


def _citation_html(citation: Citation) -> str:
    """The sentence with the span marked, then its document; every string escaped."""
    e = html.escape
    sentence = citation.sentence or citation.quote or ""
    offset = None if citation.sentence_start is None else citation.start - citation.sentence_start
    length = citation.end - citation.start
    if (
        citation.sentence is not None
        and offset is not None
        and 0 <= offset
        and offset + length <= len(sentence)
        and length < len(sentence)
    ):
        text = (
            e(sentence[:offset])
            + "<mark>"
            + e(sentence[offset : offset + length])
            + "</mark>"
            + e(sentence[offset + length :])
        )
    else:
        text = e(sentence)
    source = e(citation.document)
    if citation.title:
        source = f"{e(citation.title)} ({source})"
    if citation.url:
        source = _link(citation.url, citation.title or citation.document)
    return f"<span>{text}</span> <small>— {source}</small>"


def _citations_html(citations: Sequence[Citation]) -> str:
    if not citations:
        return "<p>No sentence recorded.</p>"
    items = "".join(f"<li>{_citation_html(c)}</li>" for c in citations[:HTML_ROWS])
    more = len(citations) - HTML_ROWS
    tail = f"<li>… and {more} more</li>" if more > 0 else ""
    return f"<ul>{items}{tail}</ul>"


def _inline_view(graph: nx.MultiDiGraph, title: str, focus: str | None, height: int) -> Any:
    """An IPython HTML object: the page of :func:`kg.viz.render_html` in an iframe's srcdoc."""
    from IPython.display import HTML

    from kg.viz import render_html

    page = render_html(graph, title=title, focus=focus)
    # Wrapped in a <div>: IPython warns about HTML that starts with <iframe.
    frame = (
        f'<div class="borderkg-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'title="{html.escape(title, quote=True)}" '
        f'sandbox="allow-scripts" style="width:100%;height:{int(height)}px;border:0">'
        "</iframe></div>"
    )
    return HTML(frame)
