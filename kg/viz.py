"""The graph as one self-contained HTML page that works offline.

The page is our own small Jinja2 template (``kg/assets/graph.html.j2``) with
every script and style inline: vis-network is read at run time from the copy that
the ``pyvis`` package ships, our code and style from ``kg/assets/``. pyvis's own
templates are not used because they link Bootstrap and vis-network from CDNs.
A Content-Security-Policy (``default-src 'none'``, scripts allowed by hash only)
makes the browser refuse any request the page might try, and any script that
article text might smuggle in.

Article text is untrusted. It reaches the page only as JSON inside a
``<script type="application/json">`` element with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, and the page's script puts it into the DOM with ``textContent``.
The same graph gives the same bytes: nodes and edges are sorted and the layout
seed is fixed.

Two layouts share one page: the force-directed network, and a map drawn on the
Natural Earth 1:110m country outlines (``kg/assets/countries-110m.geojson``, public
domain, embedded in the page) where every entity with coordinates is pinned at its
equirectangular projection (:func:`map_position`), the other entities sit beside the
place they are linked to, and those linked to no place are left off the map. The page
opens fitted to what it shows, with co-mention lines hidden until asked for and the
labels of the ``LABEL_BUDGET`` best connected entities only (the others on hover).
Past a node budget the page opens on the best connected entities and says how many
it hides.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import os
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from kg.errors import BorderKGError
from kg.files import write_atomic
from kg.model import ENTITY_TYPES
from kg.network import CO_MENTIONED, ROUTE_LEG, resolver

VIS_NETWORK = "lib/vis-9.1.2/vis-network.min.js"
LAYOUT_SEED = 7
# Past this many entities the page opens on the best connected ones.
NODE_BUDGET = 1500
# The page opens with the labels of this many best connected entities (more as one zooms in).
LABEL_BUDGET = 30
# Map layout: canvas pixels per degree of longitude or latitude.
MAP_SCALE = 10.0
COUNTRIES = "countries-110m.geojson"

# Shape by family of classes, colour by class; glyph is the legend's picture of the shape.
STYLES: dict[str, dict[str, str]] = {
    "Person": {"shape": "dot", "glyph": "●", "color": "#e15759"},
    "Organization": {"shape": "square", "glyph": "■", "color": "#4e79a7"},
    "GovernmentAgency": {"shape": "square", "glyph": "■", "color": "#1f4e79"},
    "NonGovernmentalOrganization": {"shape": "square", "glyph": "■", "color": "#76b7b2"},
    "NewsOrganization": {"shape": "square", "glyph": "■", "color": "#9c755f"},
    # The places (ColorBrewer's Dark2: six hues told apart at a glance).
    "Place": {"shape": "triangle", "glyph": "▲", "color": "#a6761d"},
    "Country": {"shape": "triangle", "glyph": "▲", "color": "#1b9e77"},
    "AdministrativeArea": {"shape": "triangle", "glyph": "▲", "color": "#7570b3"},
    "City": {"shape": "triangle", "glyph": "▲", "color": "#d95f02"},
    "BorderCrossing": {"shape": "diamond", "glyph": "◆", "color": "#e7298a"},
    "NaturalRegion": {"shape": "triangleDown", "glyph": "▼", "color": "#66a61e"},
    "Policy": {"shape": "hexagon", "glyph": "⬢", "color": "#b07aa1"},
    "Law": {"shape": "hexagon", "glyph": "⬢", "color": "#7b4173"},
    "Program": {"shape": "hexagon", "glyph": "⬢", "color": "#d4a6c8"},
    "App": {"shape": "hexagon", "glyph": "⬢", "color": "#ff9da7"},
    "MigrantGroup": {"shape": "star", "glyph": "★", "color": "#edc948"},
}
FALLBACK_STYLE = {"shape": "dot", "glyph": "●", "color": "#bab0ac"}

# What the page tells of a document (the evidence panel; the time filter reads ``date``).
_DOCUMENT_FIELDS = ("title", "url", "publication", "date")
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def render_html(
    graph: nx.MultiDiGraph,
    title: str,
    focus: str | None = None,
    node_budget: int = NODE_BUDGET,
) -> str:
    """Render ``graph`` as one self-contained, offline HTML page.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A graph from :func:`kg.network.project` (or any part of one).
    title : str
        The page's title and heading.
    focus : str, optional
        Any name of the entity (:class:`kg.names.Resolver`) to select; the page opens
        fitted on it and all it is linked to.
    node_budget : int
        With more entities than this, the page first shows the ``node_budget``
        best connected ones (and the focus), says how many it hides, and shows
        them all on request.

    Returns
    -------
    str
        The page; the same graph always gives the same text.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("id:app/cbp-one", label="<b>CBP One</b>", type="App", aliases=[],
    ...            mention_count=2, evidence=[])
    >>> page = render_html(g, title="CBP One & friends")
    >>> "<title>CBP One &amp; friends</title>" in page, "<b>CBP One</b>" in page
    (True, False)
    >>> page == render_html(g, title="CBP One & friends")
    True
    """
    names = resolver(graph)
    focused = None if focus is None else names.resolve(focus)
    payload = _payload(graph, focused, node_budget)
    payload["names"] = names.table()
    vis_js = _vendor(VIS_NETWORK)
    view_js = _asset("view.js")
    for name, text in ((VIS_NETWORK, vis_js), ("view.js", view_js)):
        if "</script" in text.lower():
            raise RuntimeError(f"{name} cannot be inlined: it contains '</script'")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_hash(vis_js)} {_hash(view_js)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "form-action 'none'",
            "base-uri 'none'",
        ]
    )
    template = _environment().get_template("graph.html.j2")
    return template.render(
        title=title,
        csp=csp,
        data=Markup(_script_json(payload)),
        vis_js=Markup(vis_js),
        view_js=Markup(view_js),
        view_css=Markup(_asset("view.css")),
    )


def write_html(
    graph: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    title: str = "borderkg",
    focus: str | None = None,
    node_budget: int = NODE_BUDGET,
) -> Path:
    """Write :func:`render_html` to ``path`` atomically and return the path.

    The page is written to a temporary file in the same folder, then renamed over
    ``path``: a reader sees the old page or the new one, never half of one.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_html(nx.MultiDiGraph(), Path(folder) / "out" / "graph.html")
    ...     written.name, written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    ('graph.html', True)
    """
    page = render_html(graph, title=title, focus=focus, node_budget=node_budget)
    return write_atomic(path, page)


def map_position(latitude: float, longitude: float) -> tuple[float, float]:
    """Where the map layout pins a place: equirectangular, north up, in canvas pixels.

    Examples
    --------
    >>> map_position(32.5, -117.0)  # Tijuana
    (-1170.0, -325.0)
    """
    return longitude * MAP_SCALE, -latitude * MAP_SCALE


def _payload(graph: nx.MultiDiGraph, focus: str | None, budget: int) -> dict[str, Any]:
    nodes = [_node(str(key), data) for key, data in graph.nodes(data=True)]
    nodes.sort(key=lambda node: node["id"])
    raw_edges = sorted(
        graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    )
    edges = [_edge(f"e{index}", *edge) for index, edge in enumerate(raw_edges)]

    neighbours: dict[str, set[str]] = {node["id"]: set() for node in nodes}
    for edge in edges:
        if edge["from"] != edge["to"]:
            neighbours[edge["from"]].add(edge["to"])
            neighbours[edge["to"]].add(edge["from"])
    for node in nodes:
        node["degree"] = len(neighbours[node["id"]])
    ranked = sorted(nodes, key=lambda n: (-n["degree"], -n["mention_count"], n["id"]))
    kept = {node["id"] for node in ranked[: max(budget, 0)]}
    if focus is not None:
        kept.add(focus)
    for node in nodes:
        node["spare"] = node["id"] not in kept

    counts: dict[str, int] = {}
    for node in nodes:
        counts[node["type"]] = counts.get(node["type"], 0) + 1
    order = {name: index for index, name in enumerate(ENTITY_TYPES)}
    types = sorted(counts, key=lambda name: (order.get(name, len(order)), name))

    predicates: dict[str, int] = {}
    for edge in edges:
        predicates[edge["predicate"]] = predicates.get(edge["predicate"], 0) + 1

    mapped = any("map" in node for node in nodes)
    return {
        "budget": budget,
        "co_mentioned": CO_MENTIONED,
        "conflicts": [_conflict(item) for item in graph.graph.get("conflicts") or ()],
        "countries": json.loads(_asset(COUNTRIES)) if mapped else None,
        "documents": _documents(graph, nodes, edges),
        "edges": edges,
        "fallback_style": _style(FALLBACK_STYLE),
        "focus": focus,
        "label_budget": LABEL_BUDGET,
        "map_scale": MAP_SCALE,
        "nodes": nodes,
        "predicates": [
            {"predicate": name, "count": predicates[name]}
            for name in sorted(predicates, key=lambda name: (-predicates[name], name))
        ],
        "route_leg": ROUTE_LEG,
        "seed": LAYOUT_SEED,
        "statistics": [_statistic(item) for item in graph.graph.get("statistics") or ()],
        "styles": {name: _style(style) for name, style in STYLES.items()},
        "types": [{"type": name, "count": counts[name]} for name in types],
    }


def _documents(
    graph: nx.MultiDiGraph, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every document a node or edge was read in, with its title, URL, publisher and date
    when known."""
    known: dict[str, Any] = graph.graph.get("documents") or {}
    found: dict[str, dict[str, Any]] = {}
    for item in [*nodes, *edges]:
        for key in item["documents"]:
            found.setdefault(key, {"id": key, **dict.fromkeys(_DOCUMENT_FIELDS), "entities": 0})
        for evidence in item["evidence"]:
            entry = found[evidence["document"]]
            for name in _DOCUMENT_FIELDS:
                entry[name] = entry[name] or evidence[name]
    for node in nodes:
        for key in node["documents"]:
            found[key]["entities"] += 1
    for key, entry in found.items():
        info = known.get(key) or {}
        for name in _DOCUMENT_FIELDS:
            if info.get(name) is not None:
                entry[name] = str(info[name])
    return [found[key] for key in sorted(found)]


def _node(key: str, data: dict[str, Any]) -> dict[str, Any]:
    evidence = [item.plain() for item in data.get("evidence") or ()]
    node: dict[str, Any] = {
        "id": key,
        "label": str(data.get("label") or key),
        "type": str(data.get("type") or "Entity"),
        "aliases": sorted(str(alias) for alias in data.get("aliases") or ()),
        "mention_count": int(data.get("mention_count") or 0),
        "evidence": evidence,
        "documents": _document_ids(data, evidence),
    }
    if data.get("curation"):
        node["curation"] = _curation(data["curation"])
    latitude, longitude = _number(data.get("latitude")), _number(data.get("longitude"))
    if latitude is not None and longitude is not None:
        node["latitude"], node["longitude"] = latitude, longitude
        x, y = map_position(latitude, longitude)
        node["map"] = {"x": x, "y": y}
    return node


def _edge(identifier: str, source: Any, target: Any, key: Any, data: dict[str, Any]) -> dict:
    evidence = [item.plain() for item in data.get("evidence") or ()]
    weight = data.get("weight")
    edge = {
        "id": identifier,
        "from": str(source),
        "to": str(target),
        "key": str(key),
        "predicate": str(data.get("predicate") or key),
        "rule": None if data.get("rule") is None else str(data["rule"]),
        "confidence": _number(data.get("confidence")),
        "weight": int(weight) if weight is not None else len(evidence),
        "evidence": evidence,
        "documents": _document_ids(data, evidence),
    }
    if data.get("order") is not None:
        edge["order"] = int(data["order"])
    for name in ("mode", "group", "route"):
        if data.get(name) is not None:
            edge[name] = str(data[name])
    if data.get("travellers"):
        edge["travellers"] = sorted(str(traveller) for traveller in data["travellers"])
    if data.get("curation"):
        edge["curation"] = _curation(data["curation"])
    return edge


def _curation(decisions: list[dict[str, Any]]) -> list[dict[str, str | None]]:
    """The analysts' decisions behind an entity or fact, as plain text for the panel."""
    return [{name: None if item.get(name) is None else str(item[name])
             for name in ("kind", "why", "by", "when")} for item in decisions]


def _conflict(item: dict[str, Any]) -> dict[str, Any]:
    """Two counts that contradict each other, each side as the evidence panel shows it."""
    sides = []
    for prefix in ("", "other_"):
        sides.append({name: None if item.get(prefix + name) is None else str(item[prefix + name])
                      for name in ("quantity", "period", "document", "sentence")})
    return {"group": item.get("group_iri"), "group_label": item.get("group"),
            "counts": str(item["counts"]), "sides": sides}


def _statistic(item: dict[str, Any]) -> dict[str, Any]:
    """A count of a group or place over a known period: a point of the entity's time line."""
    return {"group": item.get("group_iri"), "place": item.get("place_iri"),
            "value": float(item["value"]), "quantity": str(item["quantity"]),
            "counts": None if item.get("counts") is None else str(item["counts"]),
            "period": None if item.get("period") is None else str(item["period"]),
            "start": str(item["period_start"]), "end": str(item["period_end"]),
            "document": str(item["document"])}


def _document_ids(data: dict[str, Any], evidence: list[dict[str, Any]]) -> list[str]:
    """The documents behind a node or edge: all of them when known, else its evidence's."""
    documents = data.get("documents")
    if documents is None:
        documents = [item["document"] for item in evidence if item["document"] is not None]
    return sorted({str(document) for document in documents})


def _style(style: dict[str, str]) -> dict[str, str]:
    return {**style, "border": _darker(style["color"])}


def _darker(color: str) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.7) for c in (red, green, blue)))


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _script_json(payload: dict[str, Any]) -> str:
    """JSON that cannot end its ``<script>`` element nor break a JavaScript string."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for character, escape in _JSON_ESCAPES.items():
        text = text.replace(character, escape)
    return text


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _vendor(name: str) -> str:
    # found without importing pyvis, whose import loads IPython (0.16 s of every build)
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise BorderKGError("the pyvis package is missing: pip install pyvis")
    return (Path(spec.origin).parent / name).read_text(encoding="utf-8")


def _asset(name: str) -> str:
    return (resources.files("kg") / "assets" / name).read_text(encoding="utf-8")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kg", "assets"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
