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
saved queries of ``queries/``, :mod:`kg.analysis` for profiles, quotes, routes and
statistics, :func:`kg.network.project`, :func:`~kg.analysis.shortest_paths` and
:func:`~kg.analysis.ego` for the graph, :class:`kg.names.Resolver` for names, and
:func:`kg.viz.render_html` for the view. This module adds only what a notebook needs on top:
DataFrames and HTML. Every string that comes from an article is escaped
(:func:`html.escape`) before it reaches HTML.
"""

from __future__ import annotations

import atexit
import html
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Self

import networkx as nx
import pandas as pd

from kg import analysis, network
from kg.analysis import Profile
from kg.facts import Citation, Fact
from kg.names import Resolver, normalize
from kg.namespaces import local_name
from kg.query import parse_saved_query, run, saved_queries
from kg.store import Store, Table, locate_build, open_build

__all__ = [
    "Citation",
    "EntityProfile",
    "Fact",
    "GraphPath",
    "Hop",
    "KnowledgeGraph",
    "StatisticsTimeline",
    "SubGraph",
]

# How many sentences an HTML card lists before it says "and N more".
HTML_ROWS = 12
# Width in pixels of the time axis of ``timeline``.
TIMELINE_WIDTH = 480
# Height in pixels of the interactive view shown inline by ``show``.
VIEW_HEIGHT = 640

# The two sentences of KnowledgeGraph.example().
EXAMPLE_TEXT = (
    "Tatyana Edwards-Behar, a lawyer from Russia, flew from Istanbul to Cancún and then to "
    "Tijuana. Ms. Edwards-Behar said the CBP One app, which U.S. Customs and Border "
    "Protection administers, is the only way in.\n"
)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class EntityProfile(Profile):
    """What the graph knows of one entity (:class:`kg.analysis.Profile`); in Jupyter an
    HTML card."""

    def relations_frame(self) -> pd.DataFrame:
        """The relations as a DataFrame, one row per fact, with its sentence and its two
        times: ``reported`` (the document's date) and when it held, as the sentence says
        (``period``) and in days (``period_start``, ``period_end``)."""
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
                    "reported": f.evidence.date,
                    "period": f.evidence.period,
                    "period_start": f.evidence.period_start,
                    "period_end": f.evidence.period_end,
                }
                for f in self.relations
            ],
            columns=[
                "subject", "predicate", "object", "negated", "document", "sentence", "rule",
                "confidence", "reported", "period", "period_start", "period_end",
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
        if self.background:
            parts.append(f"<h4>Background, from the public record, not the documents "
                         f"({len(self.background)})</h4>")
            rows = [
                [e(fact.subject_label or ""), e(local_name(fact.predicate)),
                 e(fact.value_label or fact.value), _link(fact.source, fact.source),
                 e(fact.note or "")]
                for fact in self.background
            ]
            parts.append(_table(["subject", "relation", "value", "source", "note"], rows))
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
                    "example": evidence[0].sentence if evidence else None,
                    "document": evidence[0].document if evidence else None,
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
                    _citations_html(tuple(data.get("evidence") or ())),
                ]
                for u, v, data in sorted(facts, key=lambda f: (str(f[0]), str(f[1])))
            ]
            parts.append("<h4>Facts</h4>")
            parts.append(_table(["subject", "relation", "object", "evidence"], rows))
        parts.append("</div>")
        return "".join(parts)


@dataclass(frozen=True, eq=False)
class StatisticsTimeline:
    """Counts on a time line (:func:`kg.analysis.timeline`); in Jupyter a small SVG plot."""

    timeline: analysis.Timeline = field(repr=False)
    title: str = "counts"

    def frame(self) -> pd.DataFrame:
        """One row a count placed in time: ``start``, ``end`` (ISO dates), ``known`` (the
        period's days, else the day it was reported), the number and its document."""
        rows = [
            {"start": e.start.isoformat(), "end": e.end.isoformat(), "known": e.known,
             "quantity": e.statistic.quantity, "value": e.statistic.value,
             "counts": e.statistic.counts, "period": e.statistic.period,
             "reported": e.statistic.reported, "document": e.statistic.document}
            for e in self.timeline.entries
        ]
        columns = ["start", "end", "known", "quantity", "value", "counts", "period", "reported",
                   "document"]
        return pd.DataFrame(rows, columns=columns)

    def _repr_html_(self) -> str:
        line, e = self.timeline, html.escape
        if line.first is None or line.last is None:
            return f"<p>No count of {e(self.title)} has a date ({line.undated} without one).</p>"
        left, width, row = 110, TIMELINE_WIDTH, 18
        days = (line.last - line.first).days + 1

        def x(day: Any, end: bool = False) -> float:
            return left + width * ((day - line.first).days + (1 if end else 0)) / days

        height = row * (len(line.entries) + 2)
        parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 260}" '
                 f'height="{height}" font-family="sans-serif" font-size="11">'),
                 f"<title>{e(self.title)}: counts on a time line</title>"]
        for year in range(line.first.year + 1, line.last.year + 1):
            at = x(date(year, 1, 1))
            parts.append(f'<line x1="{at:.1f}" y1="{row}" x2="{at:.1f}" y2="{height}" '
                         'stroke="#ddd"/>'
                         f'<text x="{at:.1f}" y="{row - 4}" text-anchor="middle">{year}</text>')
        for index, entry in enumerate(line.entries, start=1):
            y = row * index + 4
            statistic = entry.statistic
            label = statistic.period or f"reported {statistic.reported}"
            parts.append(f'<text x="{left - 6}" y="{y + 10}" text-anchor="end">'
                         f"{e(statistic.quantity)}</text>")
            if entry.known:
                parts.append(f'<rect x="{x(entry.start):.1f}" y="{y}" height="12" '
                             f'width="{max(x(entry.end, end=True) - x(entry.start), 2):.1f}" '
                             f'fill="#4e79a7"><title>{e(label)}</title></rect>')
            else:
                parts.append(f'<circle cx="{x(entry.start):.1f}" cy="{y + 6}" r="4" '
                             f'fill="#e15759"><title>{e(label)}</title></circle>')
            parts.append(f'<text x="{left + width + 8}" y="{y + 10}">{e(label)} · '
                         f"{e(statistic.document)}</text>")
        parts.append("</svg>")
        more = f"<p>and {line.undated} count(s) with no date</p>" if line.undated else ""
        return (f'<div class="borderkg-timeline"><h4>{e(self.title)}</h4>'
                + "".join(parts) + more + "</div>")


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
        self._names: Resolver | None = None

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
        kg.errors.BorderKGError: no build in no/such/folder (no store/ folder): ...
        """
        found = locate_build(location)
        return cls(open_build(found), location=found)

    @classmethod
    def build(
        cls,
        inputs: Sequence[str | Path],
        out: str | Path = "build",
        *,
        store: str | None = None,
        quiet: bool = True,
        curation: str | Path | None = None,
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
        curation : str or Path, optional
            A curation file of analysts' decisions to apply (as ``kg build --curation``).
        """
        from kg.build import build  # loads spaCy: only when a build is asked for

        if isinstance(inputs, str | Path):
            inputs = [inputs]
        result = build(list(inputs), out, store=store, quiet=quiet, curation=curation)
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

    def sparql(self, query: str, /, *, since: str | date | None = None,
               until: str | date | None = None, **params: str | float) -> pd.DataFrame:
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
        since, until : str or datetime.date, optional
            Read only the documents reported in this window (``YYYY-MM-DD``, ``YYYY-MM``
            or ``YYYY``; either end open), as ``kg query --since/--until``.
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
        return _frame(run(self.store, parse_saved_query(query, "query"), params,
                          since=since, until=until))

    def query(self, name: str, /, *, since: str | date | None = None,
              until: str | date | None = None, **params: str | float) -> pd.DataFrame:
        """Run a saved query of ``queries/`` (or a ``.rq`` file) and return a DataFrame.

        Parameters
        ----------
        name : str
            The query's name (see :meth:`saved_queries`) or a path to a ``.rq`` file.
        since, until : str or datetime.date, optional
            Read only the documents reported in this window, as in :meth:`sparql`.
        **params
            Its parameters, as the ``# param:`` lines of the query name them.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> g.query("entity-mentions", name="ms. edwards-behar")["text"].tolist()
        ['Tatyana Edwards-Behar', 'Ms. Edwards-Behar']
        """
        return _frame(run(self.store, name, params, since=since, until=until))

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
        found = analysis.profile(self.store, self.names(), name)
        return EntityProfile(**{key: getattr(found, key) for key in _PROFILE_FIELDS})

    def search(self, text: str) -> pd.DataFrame:
        """Entities whose label or an alias contains ``text`` (any case), most mentioned first.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> g.search("edwards")[["label", "type", "matched"]].values.tolist()
        [['Tatyana Edwards-Behar', 'Person', 'Ms. Edwards-Behar; Tatyana Edwards-Behar']]
        """
        names = self.names()
        wanted = normalize(text)
        graph = self._graph()
        rows = []
        for key in names.search(text):
            entity = names.entities[key]
            forms = {entity.label, *entity.aliases}
            rows.append(
                {
                    "entity": key,
                    "label": entity.label,
                    "type": graph.nodes[key].get("type") if key in graph else None,
                    "mentions": entity.mentions,
                    "matched": "; ".join(sorted(f for f in forms if wanted in normalize(f))),
                }
            )
        return pd.DataFrame(rows, columns=["entity", "label", "type", "mentions", "matched"])

    def names(self) -> Resolver:
        """The resolver of this graph's entity names (:class:`kg.names.Resolver`), which
        every method here looks a name up with.

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> g.names().resolve("EDWARDS-BEHAR")
        'https://w3id.org/borderkg/id/person/tatyana-edwards-behar'
        """
        if self._names is None:
            self._names = analysis.names(self.store)
        return self._names

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

        Among the shortest paths (:func:`kg.analysis.shortest_paths`) the one with the
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
        found = analysis.shortest_paths(graph, self._find(source), self._find(target))
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
        return SubGraph(graph=analysis.ego(graph, center, hops=hops), center=center, hops=hops)

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
        sub = analysis.ego(graph, center, hops=hops)
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
        legs = analysis.routes(self.store, self.names(), group)
        return _records_frame(legs, ["traveller", "document", "route", "order", "origin",
                                     "destination", "mode", "sentence"]).rename(
            columns={"origin": "from", "destination": "to"})

    def stories(self) -> pd.DataFrame:
        """Syndicated copies collapsed into stories, one row per source: each document of
        a story with its URL, publisher, title and date, and which document it copies and
        how it was found (``signal``: identical, url, guid, title, wire or text).

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> list(g.stories().columns)
        ['story', 'document', 'copy_of', 'signal', 'url', 'publication', 'title', 'date']
        """
        return _records_frame(analysis.story_sources(self.store), _STORY_COLUMNS)

    def statistics(
        self, group: str | None = None, *, what: str | None = None, place: str | None = None,
        since: str | date | None = None, until: str | date | None = None,
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
        since, until : str or datetime.date, optional
            A time window (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; either end open): the
            counts whose period overlaps it, or, with no period known, reported in it.

        Returns
        -------
        pandas.DataFrame
            One row a count; ``period_start`` and ``period_end`` are the days its
            ``period`` covers, ``reported`` the date of its document (ISO dates).

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> list(g.statistics().columns)[:6]
        ['group', 'period', 'value', 'qualifier', 'quantity', 'counts']
        """
        found = analysis.statistics(self.store, self.names(), group, place=place, what=what,
                                    since=since, until=until)
        return _records_frame(found, list(_STATISTIC_COLUMNS))

    def timeline(
        self, group: str | None = None, *, what: str | None = None, place: str | None = None,
        since: str | date | None = None, until: str | date | None = None,
    ) -> StatisticsTimeline:
        """The counts of :meth:`statistics` on a time line: in Jupyter a small plot, each
        count a bar over the days its period covers (a dot on the day it was reported when
        no period is given).

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> line = g.timeline()
        >>> line.frame().empty, "<svg" in line._repr_html_()
        (True, False)
        """
        found = analysis.statistics(self.store, self.names(), group, place=place, what=what,
                                    since=since, until=until)
        return StatisticsTimeline(analysis.timeline(found), title=group or "all counts")

    def statistic_conflicts(self, group: str | None = None, *, what: str | None = None,
                            since: str | date | None = None,
                            until: str | date | None = None) -> pd.DataFrame:
        """Counts that contradict each other, side by side with their documents and sentences.

        Two documents that are not copies of one story count the same thing (the same
        group, what, unit and place) for overlapping periods with different numbers; the
        build pairs them once (:mod:`kg.conflicts`), so this reads pairs, it makes none.

        Parameters
        ----------
        group : str, optional
            Who is counted: an entity's label or alias, else text of the group.
        what : str, optional
            Text of what is counted, any case.
        since, until : str or datetime.date, optional
            A time window (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; either end open): the
            pairs both of whose counts held in it, as :meth:`statistics` keeps a count.

        Returns
        -------
        pandas.DataFrame
            One row per contradiction: ``group``, ``counts``, then each side's ``value``,
            ``quantity`` (as written), ``period``, ``document`` and ``sentence`` (the
            second side's prefixed ``other_``).

        Examples
        --------
        >>> g = KnowledgeGraph.example()
        >>> list(g.statistic_conflicts().columns)[:4]
        ['group', 'counts', 'value', 'quantity']
        """
        found = analysis.statistic_conflicts(self.store, self.names(), group, what=what,
                                             since=since, until=until)
        return _records_frame(found, ["group", "counts", "value", "quantity", "period",
                                      "document", "sentence", "other_value", "other_quantity",
                                      "other_period", "other_document", "other_sentence"])

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
        found = analysis.quotes(self.store, self.names(), speaker=speaker, about=about)
        frame = _records_frame(found, ["speaker", "kind", "quote", "about", "document", "start",
                                       "sentence"])
        frame["about"] = ["; ".join(sorted(q.about)) for q in found]
        return frame

    # ---------------------------------------------------------------- helpers

    def _graph(self) -> nx.MultiDiGraph:
        if self._projection is None:
            self._projection = network.project(self.store)
        return self._projection

    def _find(self, name: str) -> str:
        return self.names().resolve(name)


_PROFILE_FIELDS = [name for name in Profile.__dataclass_fields__]
_STATISTIC_COLUMNS = ("group", "period", "value", "qualifier", "quantity", "counts", "place",
                      "source", "document", "sentence", "reported", "period_start", "period_end")
_STORY_COLUMNS = ["story", "document", "copy_of", "signal", "url", "publication", "title", "date"]
_example: KnowledgeGraph | None = None


def _remove_example(folder: Path) -> None:
    global _example
    if _example is not None:
        _example.close()
        _example = None
    shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- plain helpers


def _frame(table: Table) -> pd.DataFrame:
    """A :class:`kg.store.Table` as a DataFrame with the same columns."""
    return pd.DataFrame([list(row) for row in table.rows], columns=list(table.columns))


def _records_frame(records: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    """Records (dataclasses) as a DataFrame of ``columns``."""
    rows = [asdict(record) for record in records]
    return pd.DataFrame([{name: row[name] for name in columns} for row in rows], columns=columns)


def _label(graph: nx.MultiDiGraph, node: Any) -> str:
    if node in graph:
        return str(graph.nodes[node].get("label") or node)
    return str(node)


def _graph_path(graph: nx.MultiDiGraph, path: analysis.Path) -> GraphPath:
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
                evidence=tuple(data.get("evidence") or ()),
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
