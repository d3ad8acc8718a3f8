"""The projected graph in the formats of other graph tools: Gephi, spreadsheets, Cytoscape.

``kg export build/ --format graphml|gexf|csv|cytoscape --out PATH`` writes the graph of
:func:`kg.network.project`. (The ``extractions`` format, per-document JSON for scoring,
lives in :mod:`kg.evaluation`.)

GraphML and GEXF hold scalar attributes only, so lists are joined with ``"; "``
(aliases, documents, travellers) and the evidence of a node or edge becomes its
count plus its first sentence. Cytoscape JSON keeps lists as lists. Every format
keeps the entity IRI as the node id and the fact, leg or ``coMentioned`` key as the
edge id, so rows can be traced back to the RDF graph.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.files import atomic_stream
from kg.network import CO_MENTIONED

FORMATS = ("graphml", "gexf", "csv", "cytoscape")
SEPARATOR = "; "
NODE_COLUMNS = (
    "id",
    "label",
    "type",
    "aliases",
    "mention_count",
    "latitude",
    "longitude",
    "wikidata",
    "documents",
    "evidence_count",
    "first_sentence",
    "curated",
)
EDGE_COLUMNS = (
    "id",
    "source",
    "target",
    "predicate",
    "rule",
    "confidence",
    "weight",
    "order",
    "mode",
    "group",
    "route",
    "travellers",
    "documents",
    "evidence_count",
    "first_sentence",
    "held",
    "curated",
)
_LISTS = ("aliases", "documents", "travellers", "held")


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose attributes are all str, int or float.

    Lists are joined with ``"; "``, ``evidence`` becomes ``evidence_count`` and
    ``first_sentence``, and missing values are left out (GraphML and GEXF have no
    null). An edge's ``id``, and its key, is :func:`edge_id`.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`kg.network.project`.

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> from kg.facts import Citation
    >>> g.add_node("id:app/cbp-one", label="CBP One", type="App", aliases=["CBP One", "the app"],
    ...            mention_count=2, evidence=[Citation("d1", "CBP One books slots.", 0, 7)])
    >>> flat = flat_graph(g)
    >>> flat.nodes["id:app/cbp-one"]["aliases"], flat.nodes["id:app/cbp-one"]["first_sentence"]
    ('CBP One; the app', 'CBP One books slots.')
    """
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_scalars(data, NODE_COLUMNS[1:]))
    for u, v, key, data in graph.edges(keys=True, data=True):
        attributes = _scalars(data, EDGE_COLUMNS[3:])
        attributes["id"] = edge_id(u, v, key)
        flat.add_edge(u, v, key=attributes["id"], **attributes)
    return flat


def edge_id(source: str, target: str, key: str) -> str:
    """A unique id for an edge: its key (a fact or leg IRI), or the pair for ``coMentioned``.

    Examples
    --------
    >>> edge_id("id:a", "id:b", "coMentioned"), edge_id("id:a", "id:b", "id:fact/1")
    ('coMentioned:id:a|id:b', 'id:fact/1')
    """
    return f"{CO_MENTIONED}:{source}|{target}" if key == CO_MENTIONED else str(key)


def write_graphml(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write GraphML (for Gephi, yEd, networkx) and return the path.

    Examples
    --------
    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("id:a", "id:b", key="id:fact/1", predicate="worksFor", evidence=[])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     back = nx.read_graphml(write_graphml(g, Path(folder) / "g.graphml"))
    >>> [(u, v, d["predicate"]) for u, v, d in back.edges(data=True)]
    [('id:a', 'id:b', 'worksFor')]
    """
    flat = flat_graph(graph)
    return _atomic(path, lambda file: nx.write_graphml(flat, file, edge_id_from_attribute="id"))


def write_gexf(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write GEXF 1.2 (Gephi's own format) and return the path.

    Examples
    --------
    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id:a", label="CBP", type="GovernmentAgency", aliases=["CBP"])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     back = nx.read_gexf(write_gexf(g, Path(folder) / "g.gexf"))
    >>> back.nodes["id:a"]["label"], back.nodes["id:a"]["type"]
    ('CBP', 'GovernmentAgency')
    """
    flat = flat_graph(graph)
    # GEXF reads an edge's "type" as directed/undirected: no edge attribute is called so.
    return _atomic(path, lambda file: nx.write_gexf(flat, file))


def write_csv(graph: nx.MultiDiGraph, folder: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder``; return their paths.

    Examples
    --------
    >>> import csv, tempfile
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("id:a", "id:b", key="coMentioned", predicate="coMentioned", weight=2)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     nodes, edges = write_csv(g, folder)
    ...     rows = list(csv.DictReader(edges.open(encoding="utf-8")))
    >>> rows[0]["source"], rows[0]["target"], rows[0]["weight"]
    ('id:a', 'id:b', '2')
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    flat = flat_graph(graph)
    nodes = ({"id": node, **data} for node, data in flat.nodes(data=True))
    edges = ({"source": u, "target": v, **data} for u, v, data in flat.edges(data=True))
    return (
        _atomic(target / "nodes.csv", lambda file: _write_rows(file, NODE_COLUMNS, nodes)),
        _atomic(target / "edges.csv", lambda file: _write_rows(file, EDGE_COLUMNS, edges)),
    )


def cytoscape_json(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as Cytoscape.js / Cytoscape desktop JSON (``elements.nodes``, ``elements.edges``).

    Node ``name`` is the label; an edge's ``interaction`` is its predicate. Lists stay
    lists; evidence is left out (it is in the RDF graph and the HTML view).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id:a", label="CBP", type="GovernmentAgency", aliases=["CBP"])
    >>> g.add_node("id:b", label="CBP One", type="App", aliases=[])
    >>> _ = g.add_edge("id:a", "id:b", key="id:fact/1", predicate="operates", evidence=[])
    >>> data = cytoscape_json(g)
    >>> data["elements"]["nodes"][0]["data"]["name"], data["elements"]["edges"][0]["data"]
    ('CBP', {'id': 'id:fact/1', 'source': 'id:a', 'target': 'id:b', 'interaction': 'operates', \
'predicate': 'operates', 'evidence_count': 0})
    """
    nodes = []
    for node, data in graph.nodes(data=True):
        plain = _plain(data, NODE_COLUMNS[1:])
        nodes.append({"data": {"id": node, "name": plain.get("label", node), **plain}})
    edges = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        plain = _plain(data, EDGE_COLUMNS[3:])
        edges.append(
            {
                "data": {
                    "id": edge_id(u, v, key),
                    "source": u,
                    "target": v,
                    "interaction": plain.get("predicate"),
                    **plain,
                }
            }
        )
    return {
        "format_version": "1.0",
        "generated_by": "borderkg",
        "target_cytoscapejs_version": "~3.0",
        "data": {"name": "borderkg"},
        "elements": {"nodes": nodes, "edges": edges},
    }


def write_cytoscape(graph: nx.MultiDiGraph, path: str | os.PathLike[str]) -> Path:
    """Write :func:`cytoscape_json` to ``path`` and return the path."""
    text = json.dumps(cytoscape_json(graph), ensure_ascii=False, indent=1, sort_keys=True)
    return _atomic(path, lambda file: file.write(text.encode("utf-8")))


def export_graph(graph: nx.MultiDiGraph, format: str, out: str | os.PathLike[str]) -> list[Path]:
    """Write ``graph`` in ``format`` (one of :data:`FORMATS`); return the files written.

    ``out`` is a file for ``graphml``, ``gexf`` and ``cytoscape`` (a folder is given
    ``graph.graphml``, ``graph.gexf`` or ``graph.cyjs``), and a folder for ``csv``.
    """
    if format == "csv":
        return list(write_csv(graph, out))
    writers: dict[str, tuple[Callable[..., Path], str]] = {
        "graphml": (write_graphml, "graph.graphml"),
        "gexf": (write_gexf, "graph.gexf"),
        "cytoscape": (write_cytoscape, "graph.cyjs"),
    }
    if format not in writers:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    writer, name = writers[format]
    target = Path(out)
    if target.is_dir():
        target = target / name
    return [writer(graph, target)]


def _scalars(data: dict[str, Any], columns: tuple[str, ...]) -> dict[str, str | int | float]:
    plain: dict[str, str | int | float] = {}
    for name, value in _plain(data, columns).items():
        if isinstance(value, list):
            plain[name] = SEPARATOR.join(str(item) for item in value)
        elif isinstance(value, bool):
            plain[name] = int(value)
        else:
            plain[name] = value
    return plain


def _plain(data: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    """The columns of ``data`` that have a value, as JSON-ready values."""
    evidence = list(data.get("evidence") or ())
    derived: dict[str, Any] = {
        "evidence_count": len(evidence),
        "first_sentence": next((e.sentence for e in evidence if e.sentence), None),
        # When a fact held, by each sentence that gives a period (Citation.held).
        "held": sorted({e.held for e in evidence if e.held}),
        # The analysts' decisions behind a curated entity or fact (kg/curation.py).
        "curated": "; ".join(f"{d['kind']} by {d['by']}: {d['why']}"
                             for d in data.get("curation") or ()) or None,
    }
    plain: dict[str, Any] = {}
    for name in columns:
        value = derived[name] if name in derived else data.get(name)
        if value is None or (name in _LISTS and not value):
            continue
        if name in _LISTS:
            plain[name] = [str(item) for item in value]
        elif isinstance(value, bool | int | float):
            plain[name] = value
        else:
            plain[name] = str(value)
    return plain


def _write_rows(file: Any, columns: tuple[str, ...], rows: Iterator[dict[str, Any]]) -> None:
    text = io.TextIOWrapper(file, encoding="utf-8", newline="")
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    text.flush()
    text.detach()


def _atomic(path: str | os.PathLike[str], write: Callable[[Any], object]) -> Path:
    """Write through ``write(binary file)`` to ``path`` atomically."""
    with atomic_stream(path) as stream:
        write(stream)
    return Path(path)
