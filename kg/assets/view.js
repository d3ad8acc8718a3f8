// The borderkg graph page. Article text is untrusted: every string from the data
// reaches the page through textContent or a DOM property, never through HTML, and
// a link is made only for an http(s) URL.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("borderkg-data").textContent);
  const CO = data.co_mentioned;
  const LEG = data.route_leg;
  const nodeById = new Map(data.nodes.map((node) => [node.id, node]));
  const edgeById = new Map(data.edges.map((edge) => [edge.id, edge]));
  const documentById = new Map(data.documents.map((doc) => [doc.id, doc]));
  const spareCount = data.nodes.filter((node) => node.spare).length;

  // What the reader asked to see; visibility is always recomputed from all of it.
  const view = {
    hiddenTypes: new Set(),
    hiddenPredicates: new Set(),
    document: null, // a document id, or null for all
    since: "", // the time window on the documents' dates (YYYY-MM-DD; "" leaves it open)
    until: "",
    undated: true, // with a window: keep what documents with no date say
    showSpare: false, // past the node budget: show every entity
    revealed: new Set(), // spare entities shown because the reader asked for them
    center: null, // the entity of the neighbourhood view
    hops: 0, // 0: every entity; 1 or 2: the neighbourhood of `center`
    layout: "network",
  };
  // What applyFilters() last showed.
  let shown = { nodes: new Set(), edges: new Set() };

  function styleOf(type) {
    return data.styles[type] || data.fallback_style;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function normalise(name) {
    return String(name).trim().split(/\s+/).join(" ").toLowerCase();
  }

  function number(n) {
    return Number(n).toLocaleString("en-US");
  }

  // An http or https URL as a URL object; anything else (javascript:, data:, …) is null.
  function safeUrl(text) {
    if (!text) return null;
    try {
      const url = new URL(String(text));
      return url.protocol === "http:" || url.protocol === "https:" ? url : null;
    } catch (error) {
      return null;
    }
  }

  function legLabel(edge) {
    const parts = [];
    if (edge.order !== undefined) parts.push(String(edge.order));
    if (edge.mode) parts.push(edge.mode);
    return parts.length ? parts.join(" · ") : "leg";
  }

  // ----------------------------------------------------------------- the network

  // A label is this many pixels high on screen whatever the zoom, so it reads at every zoom.
  const LABEL_PX = 14;
  const LINK_LABEL_PX = 12;
  // Room a fit leaves around what it shows, in screen pixels, so the labels fit too.
  const MARGIN = { x: 50, y: 40 };
  // A fit on a few entities zooms no closer than this.
  const MAX_FIT_SCALE = 1.5;

  const nodes = new vis.DataSet(
    data.nodes.map((node) => {
      const style = styleOf(node.type);
      const shown = {
        id: node.id,
        label: "", // set by paint(): only the label budget's entities show theirs
        shape: style.shape,
        value: node.mention_count,
        hidden: node.spare,
        color: {
          background: style.color,
          border: style.border,
          highlight: { background: style.color, border: "#000" },
          hover: { background: style.color, border: "#000" },
        },
      };
      // An entity an analyst's decision shaped wears a thick dashed border.
      return node.curation
        ? Object.assign(shown, { borderWidth: 4, shapeProperties: { borderDashes: [5, 3] } })
        : shown;
    })
  );

  // Entities with a fact or a route leg to another one.
  const linked = new Set();
  data.edges.forEach((edge) => {
    if (edge.predicate !== CO && edge.from !== edge.to) linked.add(edge.from).add(edge.to);
  });

  function edgeStyle(edge) {
    if (edge.predicate === CO) {
      return {
        color: { color: "#bbbbbb", highlight: "#777777", opacity: 0.7 },
        // Named in one sentence is no fact: it pulls in the layout only an entity that no
        // fact links, towards what it is named with (all of them pulling made a hairball).
        width: 1, dashes: [4, 4], physics: !(linked.has(edge.from) && linked.has(edge.to)),
      };
    }
    if (edge.predicate === LEG) {
      return {
        label: legLabel(edge), arrows: { to: { enabled: true, scaleFactor: 1.1 } },
        color: { color: "#d9480f", highlight: "#8f2d06" }, width: 3,
      };
    }
    if (edge.curation) {
      // A fact an analyst added.
      return {
        label: "", arrows: "to", color: { color: "#2f9e44", highlight: "#1b5e20" }, width: 3,
      };
    }
    return {
      label: "", arrows: "to", color: { color: "#555555", highlight: "#000000" }, width: 2,
    };
  }

  // Co-mention lines are hidden until the reader asks for them (the Links legend).
  view.hiddenPredicates.add(CO);
  const edges = new vis.DataSet(
    data.edges.map((edge) =>
      Object.assign({ id: edge.id, from: edge.from, to: edge.to, hidden: edge.predicate === CO }, edgeStyle(edge))
    )
  );

  // A big graph settles in fewer, cheaper steps (no overlap avoidance): an exact
  // layout of thousands of entities would keep the page blank for many seconds.
  const big = data.nodes.length - spareCount > 500;
  const physicsOptions = {
    solver: "forceAtlas2Based",
    forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, avoidOverlap: big ? 0 : 0.4 },
    stabilization: { enabled: true, iterations: big ? 60 : 400, updateInterval: 50, fit: false },
  };
  // Dynamic curves give every edge a physics node of its own: too slow on big graphs.
  const networkSmooth = { type: data.edges.length <= 300 ? "dynamic" : "continuous" };
  const container = document.getElementById("graph");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    layout: { randomSeed: data.seed, improvedLayout: data.nodes.length <= 150 },
    nodes: {
      scaling: { min: 14, max: 40, label: { enabled: false } },
      font: { size: LABEL_PX, strokeWidth: 4, strokeColor: "#ffffff", color: "#222222" },
      borderWidth: 1.5,
    },
    edges: { smooth: networkSmooth, selectionWidth: 2 },
    physics: physicsOptions,
    interaction: { hover: true, tooltipDelay: 300, hideEdgesOnDrag: true },
  });

  const state = {
    network: network, nodes: nodes, edges: edges, ready: false, view: view,
    search: search, setLayout: setLayout, visibleNodeIds: visibleNodeIds,
    visibleEdgeIds: visibleEdgeIds, labelledNodeIds: labelledNodeIds,
  };
  window.borderkg = state;

  const physicsBox = document.getElementById("physics");
  let settling = false; // the way back to the network layout runs physics until it settles

  function settled() {
    settling = false;
    nodes.update(data.nodes.map((node) => ({ id: node.id, fixed: false })));
    if (!physicsBox.checked) network.setOptions({ physics: { enabled: false } });
    fitVisible();
    document.body.dataset.layout = view.layout;
  }

  function freeze() {
    if (state.ready) return;
    network.setOptions({ physics: { enabled: false } });
    state.ready = true;
    if (data.focus) focusNode(data.focus);
    else fitVisible();
    document.body.dataset.ready = "true";
    document.body.dataset.layout = view.layout;
  }
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  ["stabilized", "stabilizationIterationsDone"].forEach((name) =>
    network.on(name, () => {
      if (settling) settled();
    })
  );
  if (data.nodes.length === 0) freeze();

  physicsBox.addEventListener("change", () => {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
    if (physicsBox.checked) network.startSimulation();
  });

  // ------------------------------------------------------------------ fitting

  // The scale of the last fit: the label budget grows as the reader zooms in from it.
  let fitScale = 1;

  // The half height of an entity's shape, in canvas units (vis-network scales it by the
  // mention count and keeps it in its own state: the page has no other way to read it).
  function reach(id) {
    return network.body.nodes[id].options.size;
  }

  // Show the entities `ids` (all of them, with room for their labels) as large as fits.
  function fitTo(ids) {
    const positions = network.getPositions(ids);
    ids = ids.filter((id) => positions[id]);
    if (!ids.length) return;
    showBox(
      Math.min(...ids.map((id) => positions[id].x - reach(id))),
      Math.max(...ids.map((id) => positions[id].x + reach(id))),
      Math.min(...ids.map((id) => positions[id].y - reach(id))),
      Math.max(...ids.map((id) => positions[id].y + reach(id)))
    );
  }

  function showBox(left, right, top, bottom) {
    const box = container.getBoundingClientRect();
    const width = Math.max(box.width - 2 * MARGIN.x, 40);
    const height = Math.max(box.height - 2 * MARGIN.y, 40);
    const scale = Math.min(width / Math.max(right - left, 1), height / Math.max(bottom - top, 1), MAX_FIT_SCALE);
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale: scale, animation: false });
    fitScale = scale;
    if (view.layout === "map") placeBeside();
    paint();
    drawMoved();
  }

  // vis-network draws no entity whose box, as it last drew it, lies off screen, and
  // learns an entity's box only when it draws or skips it: after entities moved or the
  // view jumped, one drawing learns where they are and a second shows them all.
  function drawMoved() {
    network.redraw();
    network.redraw();
  }

  function fitVisible() {
    const ids = visibleNodeIds();
    if (view.layout === "map" && fitMap(ids)) return;
    fitTo(ids);
  }

  // An entity and every shown entity it is linked to (through any link, shown or not).
  function neighbourhoodOf(id) {
    const ids = new Set([id]);
    neighboursOf(id).forEach((other) => {
      if (shown.nodes.has(other)) ids.add(other);
    });
    return [...ids];
  }

  // Labels and the entities beside places follow the zoom once the wheel rests: on a
  // graph of thousands, doing it at every step of the wheel would make zooming stutter.
  let zoomed = null;
  network.on("zoom", () => {
    clearTimeout(zoomed);
    zoomed = setTimeout(() => {
      if (view.layout === "map") placeBeside();
      paint();
    }, 120);
  });

  // ------------------------------------------------------------------- labels

  // Best connected first: the order in which entities get a label.
  const ranked = data.nodes
    .slice()
    .sort((a, b) => b.degree - a.degree || b.mention_count - a.mention_count || (a.id < b.id ? -1 : 1));
  let hovered = null;

  // Which shown entities carry a label now: the selection and what its shown links join
  // it to, the entity under the pointer, and then the best connected on screen (on the
  // map: the best connected places) whose label would overlap no other, as many as the
  // label budget allows at this zoom.
  function labelledNodeIds() {
    const ids = new Set();
    network.getSelectedNodes().forEach((id) => {
      if (!shown.nodes.has(id)) return;
      ids.add(id);
      (adjacency.get(id) || []).forEach((edge) => {
        if (shown.edges.has(edge.id)) ids.add(edge.from === id ? edge.to : edge.from);
      });
    });
    if (hovered !== null && shown.nodes.has(hovered)) ids.add(hovered);
    const box = container.getBoundingClientRect();
    const boxes = [];
    const scale = network.getScale();
    const positions = network.getPositions();
    // A label is drawn centred below its node's shape.
    const labelBox = (id) => {
      const at = network.canvasToDOM(positions[id]);
      const top = at.y + reach(id) * scale;
      const half = textWidth(nodeById.get(id).label) / 2 + 2;
      return { left: at.x - half, right: at.x + half, top: top, bottom: top + LABEL_PX + 4 };
    };
    const overlaps = (a) => boxes.some((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom);
    ids.forEach((id) => boxes.push(labelBox(id)));
    const zoom = Math.min(Math.max(network.getScale() / fitScale, 0.25), 4);
    let budget = Math.round(data.label_budget * zoom * zoom);
    for (const node of ranked) {
      if (budget <= 0) break;
      if (ids.has(node.id) || !shown.nodes.has(node.id) || (view.layout === "map" && !node.map)) continue;
      const label = labelBox(node.id);
      if (label.left < 0 || label.right > box.width || label.top < 0 || label.bottom > box.height) continue;
      budget--;
      if (overlaps(label)) continue;
      boxes.push(label);
      ids.add(node.id);
    }
    return ids;
  }

  const measure = document.createElement("canvas").getContext("2d");
  const widths = new Map();
  function textWidth(text) {
    if (!widths.has(text)) {
      measure.font = LABEL_PX + "px arial";
      widths.set(text, measure.measureText(text).width);
    }
    return widths.get(text);
  }

  // The links whose labels show: route legs always, facts when they touch the selection or the pointer.
  function labelledEdge(edge, active) {
    if (edge.predicate === LEG) return legLabel(edge);
    if (edge.predicate !== CO && (active.has(edge.from) || active.has(edge.to))) return edge.predicate;
    return "";
  }

  const painted = new Map(); // what paint() last gave each node and edge
  function paint() {
    if (!state.ready) return;
    const scale = network.getScale();
    const size = (px) => px / scale;
    const labelled = labelledNodeIds();
    const onMap = view.layout === "map";
    const nodeChanges = [];
    data.nodes.forEach((node) => {
      const label = labelled.has(node.id) ? node.label : "";
      // On the map what is not at its own coordinates is drawn fainter.
      const faint = onMap && !node.map;
      const key = label + "\u0000" + faint + "\u0000" + (label ? scale : "");
      if (painted.get(node.id) === key) return;
      painted.set(node.id, key);
      nodeChanges.push({
        id: node.id, label: label, opacity: faint ? 0.6 : 1,
        font: {
          size: size(LABEL_PX), strokeWidth: size(4), strokeColor: "#ffffff",
          color: faint ? "#555555" : "#222222",
        },
      });
    });
    if (nodeChanges.length) nodes.update(nodeChanges);

    const active = new Set(network.getSelectedNodes());
    if (hovered !== null) active.add(hovered);
    const edgeChanges = [];
    data.edges.forEach((edge) => {
      const label = labelledEdge(edge, active);
      const key = label + "\u0000" + (label ? scale : "");
      if (painted.get(edge.id) === key) return;
      painted.set(edge.id, key);
      const leg = edge.predicate === LEG;
      edgeChanges.push({
        id: edge.id, label: label,
        font: {
          size: size(leg ? LINK_LABEL_PX + 1 : LINK_LABEL_PX), strokeWidth: size(4), strokeColor: "#ffffff",
          align: leg ? "middle" : "top", color: leg ? "#8f2d06" : "#343434",
        },
      });
    });
    if (edgeChanges.length) edges.update(edgeChanges);
  }

  network.on("hoverNode", (params) => {
    hovered = params.node;
    paint();
  });
  network.on("blurNode", () => {
    hovered = null;
    paint();
  });
  ["selectNode", "deselectNode"].forEach((name) => network.on(name, () => applyFilters()));
  ["selectEdge", "deselectEdge"].forEach((name) => network.on(name, paint));

  // ------------------------------------------------------------------ layouts

  const mapped = data.nodes.filter((node) => node.map);
  let networkPositions = null;

  const adjacency = new Map(data.nodes.map((node) => [node.id, []]));
  data.edges.forEach((edge) => {
    adjacency.get(edge.from).push(edge);
    if (edge.to !== edge.from) adjacency.get(edge.to).push(edge);
  });

  function neighboursOf(id) {
    return adjacency.get(id).map((edge) => (edge.from === id ? edge.to : edge.from));
  }

  // For each entity without coordinates that is linked to a place with them: that place.
  // A fact or a route leg beats a co-mention, then more sentences, then the most
  // mentioned place. Entities linked to no such place are not on the map.
  const anchorOf = new Map();
  data.nodes.forEach((node) => {
    if (node.map) return;
    let best = null;
    adjacency.get(node.id).forEach((edge) => {
      const place = nodeById.get(edge.from === node.id ? edge.to : edge.from);
      if (!place.map) return;
      const key = [edge.predicate === CO ? 1 : 0, -edge.weight, -place.mention_count, place.id];
      if (best === null || compare(key, best.key) < 0) best = { key: key, id: place.id };
    });
    if (best !== null) anchorOf.set(node.id, best.id);
  });
  // The entities beside each place, best connected first.
  const besidePlace = new Map();
  ranked.forEach((node) => {
    const place = anchorOf.get(node.id);
    if (place === undefined) return;
    if (!besidePlace.has(place)) besidePlace.set(place, []);
    besidePlace.get(place).push(node.id);
  });

  // Put each shown entity without coordinates beside its place, on a sunflower spiral a
  // few pixels out whatever the zoom: near its place on screen, never at coordinates of its own.
  function placeBeside() {
    const scale = network.getScale();
    const golden = Math.PI * (3 - Math.sqrt(5));
    besidePlace.forEach((ids, placeId) => {
      const place = nodeById.get(placeId);
      let i = 0;
      ids.forEach((id) => {
        if (!shown.nodes.has(id)) return;
        const radius = (16 + 11 * Math.sqrt(i)) / scale;
        const angle = i * golden - Math.PI / 2;
        network.moveNode(id, place.map.x + radius * Math.cos(angle), place.map.y + radius * Math.sin(angle));
        i++;
      });
    });
    drawMoved();
  }

  // The country outlines as one path in canvas units (the map's projection), made once.
  let outlines = null;
  function countryOutlines() {
    if (outlines === null) {
      outlines = new Path2D();
      const scale = data.map_scale;
      (data.countries ? data.countries.features : []).forEach((feature) => {
        feature.geometry.coordinates.forEach((polygon) => {
          polygon.forEach((ring) => {
            ring.forEach(([lon, lat], i) => {
              if (i === 0) outlines.moveTo(lon * scale, -lat * scale);
              else outlines.lineTo(lon * scale, -lat * scale);
            });
            outlines.closePath();
          });
        });
      });
    }
    return outlines;
  }

  // In the map layout: sea, the countries, and a graticule every 10 degrees labelled at the view's edges.
  network.on("beforeDrawing", (context) => {
    if (view.layout !== "map") return;
    const scale = data.map_scale;
    const zoom = network.getScale();
    const box = container.getBoundingClientRect();
    const topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    const bottomRight = network.DOMtoCanvas({ x: box.width, y: box.height });
    context.save();
    context.fillStyle = "#e4eef6";
    context.fillRect(-180 * scale, -90 * scale, 360 * scale, 180 * scale);
    const land = countryOutlines();
    context.fillStyle = "#f6f4ec";
    context.fill(land, "evenodd");
    context.lineWidth = 1 / zoom;
    context.strokeStyle = "#a9a493";
    context.stroke(land);
    context.lineWidth = 0.6 / zoom;
    context.strokeStyle = "rgba(120, 140, 160, 0.35)";
    context.beginPath();
    for (let lon = -180; lon <= 180; lon += 10) {
      context.moveTo(lon * scale, -90 * scale);
      context.lineTo(lon * scale, 90 * scale);
    }
    for (let lat = -80; lat <= 80; lat += 10) {
      context.moveTo(-180 * scale, -lat * scale);
      context.lineTo(180 * scale, -lat * scale);
    }
    context.stroke();
    context.font = 11 / zoom + "px system-ui, sans-serif";
    context.fillStyle = "#7d8a97";
    const pad = 4 / zoom;
    for (let lon = -180; lon <= 180; lon += 10) {
      const x = lon * scale;
      if (x < topLeft.x || x > bottomRight.x) continue;
      context.fillText(Math.abs(lon) + "°" + (lon < 0 ? "W" : lon > 0 ? "E" : ""), x + pad, bottomRight.y - pad);
    }
    for (let lat = -80; lat <= 80; lat += 10) {
      const y = -lat * scale;
      if (y < topLeft.y || y > bottomRight.y) continue;
      context.fillText(Math.abs(lat) + "°" + (lat < 0 ? "S" : lat > 0 ? "N" : ""), topLeft.x + pad, y - pad);
    }
    context.restore();
  });

  function setLayout(layout) {
    if (layout === view.layout) return;
    view.layout = layout;
    document.querySelector('#layout input[value="' + layout + '"]').checked = true;
    delete document.body.dataset.layout;
    if (layout === "map") {
      networkPositions = network.getPositions();
      // Places with coordinates are pinned at them; the rest are put beside their place
      // once the map is fitted; no physics moves anything.
      nodes.update(mapped.map((node) => ({ id: node.id, x: node.map.x, y: node.map.y, fixed: { x: true, y: true } })));
      nodes.update(data.nodes.filter((node) => !node.map).map((node) => ({ id: node.id, fixed: { x: true, y: true } })));
      network.setOptions({
        nodes: { scaling: { min: 5, max: 14 } },
        edges: { smooth: { type: "curvedCW", roundness: 0.15 } },
        physics: { enabled: false },
      });
      applyFilters();
      fitVisible();
      document.body.dataset.layout = layout;
      return;
    }
    // Every entity goes back where it was, held there while physics only
    // re-curves the links (a curved link has a physics point of its own).
    nodes.update(data.nodes.map((node) => {
      const at = networkPositions && networkPositions[node.id];
      const plain = { id: node.id, fixed: { x: true, y: true } };
      return at ? Object.assign(plain, { x: at.x, y: at.y }) : plain;
    }));
    network.setOptions({
      nodes: { scaling: { min: 14, max: 40 } },
      edges: { smooth: networkSmooth },
      physics: { enabled: true, forceAtlas2Based: physicsOptions.forceAtlas2Based },
    });
    applyFilters();
    settling = true;
    network.stabilize(30);
  }

  document.querySelectorAll('#layout input[name="layout"]').forEach((radio) => {
    radio.addEventListener("change", () => {
      if (radio.checked) setLayout(radio.value);
    });
  });

  // The map opens on the densest 90 degrees of longitude (where most places are), so
  // a few far-away countries do not shrink the Americas to a corner.
  function fitMap(ids) {
    const places = ids.map((id) => nodeById.get(id)).filter((node) => node.map);
    if (places.length < 3) return false;
    const longitudes = places.map((node) => node.longitude).sort((a, b) => a - b);
    let best = [longitudes[0], 0];
    longitudes.forEach((west, i) => {
      let count = 0;
      for (let j = i; j < longitudes.length && longitudes[j] <= west + 90; j++) count++;
      if (count > best[1]) best = [west, count];
    });
    const inside = places.filter((n) => n.longitude >= best[0] && n.longitude <= best[0] + 90);
    const xs = inside.map((n) => n.map.x);
    const ys = inside.map((n) => n.map.y);
    // A few degrees around them, for the entities beside the places and the coasts.
    const pad = 3 * data.map_scale;
    showBox(Math.min(...xs) - pad, Math.max(...xs) + pad, Math.min(...ys) - pad, Math.max(...ys) + pad);
    return true;
  }

  // ------------------------------------------------------------------- filters

  // Whether one of `documents` was reported in the time window (ISO dates compare as text).
  function inTime(documents) {
    if (!view.since && !view.until) return true;
    return documents.some((id) => {
      const date = (documentById.get(id) || {}).date;
      if (!date) return view.undated;
      return (!view.since || date >= view.since) && (!view.until || date <= view.until);
    });
  }

  function nodePasses(node) {
    if (view.hiddenTypes.has(node.type)) return false;
    if (view.document !== null && !node.documents.includes(view.document)) return false;
    return inTime(node.documents);
  }

  // Whether the filters keep a link; with `anyPredicate`, whatever its predicate.
  function edgePasses(edge, anyPredicate) {
    if (!anyPredicate && view.hiddenPredicates.has(edge.predicate)) return false;
    if (view.document !== null && !edge.documents.includes(view.document)) return false;
    return inTime(edge.documents);
  }

  // In the map layout, an entity with no coordinates and linked to no place that has them.
  function offMap(node) {
    return view.layout === "map" && !node.map && !anchorOf.has(node.id);
  }

  // Entities within `hops` links of the centre, through links and entities the filters keep.
  function neighbourhood() {
    const within = new Set([view.center]);
    let frontier = [view.center];
    for (let step = 0; step < view.hops; step++) {
      const next = [];
      frontier.forEach((id) => {
        adjacency.get(id).forEach((edge) => {
          if (!edgePasses(edge)) return;
          const other = edge.from === id ? edge.to : edge.from;
          if (within.has(other) || !nodePasses(nodeById.get(other))) return;
          within.add(other);
          next.push(other);
        });
      });
      frontier = next;
    }
    return within;
  }

  function computeVisible() {
    const ball = view.hops > 0 && view.center !== null ? neighbourhood() : null;
    const shownNodes = new Set();
    data.nodes.forEach((node) => {
      if (offMap(node)) return;
      if (ball) {
        if (ball.has(node.id)) shownNodes.add(node.id);
      } else if (nodePasses(node) && (!node.spare || view.showSpare || view.revealed.has(node.id))) {
        shownNodes.add(node.id);
      }
    });
    // Selecting an entity asks for its co-mention lines, even while the others are hidden.
    const selected = new Set(network.getSelectedNodes());
    const asked = (edge) => edge.predicate === CO && (selected.has(edge.from) || selected.has(edge.to));
    const shownEdges = new Set();
    data.edges.forEach((edge) => {
      if (edgePasses(edge, asked(edge)) && shownNodes.has(edge.from) && shownNodes.has(edge.to)) shownEdges.add(edge.id);
    });
    return { nodes: shownNodes, edges: shownEdges };
  }

  function visibleNodeIds() {
    return nodes.get({ filter: (node) => !node.hidden }).map((node) => node.id);
  }

  function visibleEdgeIds() {
    return edges.get({ filter: (edge) => !edge.hidden }).map((edge) => edge.id);
  }

  function applyFilters() {
    shown = computeVisible();
    const nodeChanges = [];
    data.nodes.forEach((node) => {
      const hidden = !shown.nodes.has(node.id);
      if (nodes.get(node.id).hidden !== hidden) nodeChanges.push({ id: node.id, hidden: hidden });
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    const edgeChanges = [];
    data.edges.forEach((edge) => {
      const hidden = !shown.edges.has(edge.id);
      if (edges.get(edge.id).hidden !== hidden) edgeChanges.push({ id: edge.id, hidden: hidden });
    });
    if (edgeChanges.length) edges.update(edgeChanges);
    document.getElementById("counts").textContent =
      number(shown.nodes.size) + " of " + number(data.nodes.length) + " entities shown, " +
      number(shown.edges.size) + " of " + number(data.edges.length) + " links";
    showMapNote();
    showBudget();
    if (view.layout === "map") placeBeside();
    paint();
  }

  // On the map: how many entities are at their coordinates, beside a place, or left off.
  function showMapNote() {
    const note = document.getElementById("map-note");
    if (view.layout !== "map") {
      note.hidden = true;
      return;
    }
    const off = data.nodes.filter(offMap).length;
    note.hidden = false;
    note.textContent =
      number(mapped.length) + " entities at their coordinates, " + number(anchorOf.size) +
      " beside the place they are linked to" +
      (off ? ", " + number(off) + " linked to no place and not on the map." : ".");
  }

  function showBudget() {
    const bar = document.getElementById("budget");
    if (!spareCount) return;
    bar.hidden = false;
    const text = document.getElementById("budget-text");
    const button = document.getElementById("budget-toggle");
    if (view.showSpare) {
      text.textContent = "Showing all " + number(data.nodes.length) + " entities.";
      button.textContent = "Show only the " + number(data.budget) + " best connected";
    } else {
      text.textContent =
        "Showing the " + number(data.nodes.length - spareCount) + " best connected of " +
        number(data.nodes.length) + " entities: " + number(spareCount) + " hidden.";
      button.textContent = "Show all " + number(data.nodes.length);
    }
  }

  document.getElementById("budget-toggle").addEventListener("click", () => {
    view.showSpare = !view.showSpare;
    applyFilters();
    fitVisible();
  });

  const typeList = document.getElementById("types");
  const checkboxOfType = new Map();
  data.types.forEach((entry) => {
    const style = styleOf(entry.type);
    const item = el("li");
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = entry.type;
    box.addEventListener("change", () => {
      if (box.checked) view.hiddenTypes.delete(entry.type);
      else view.hiddenTypes.add(entry.type);
      applyFilters();
    });
    checkboxOfType.set(entry.type, box);
    const glyph = el("span", "glyph", style.glyph);
    glyph.style.color = style.color;
    label.append(box, glyph, document.createTextNode(entry.type + " "), el("span", "count", "(" + entry.count + ")"));
    item.append(label);
    typeList.append(item);
  });

  const predicateList = document.getElementById("predicates");
  data.predicates.forEach((entry) => {
    const item = el("li");
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = !view.hiddenPredicates.has(entry.predicate);
    box.value = entry.predicate;
    box.addEventListener("change", () => {
      if (box.checked) view.hiddenPredicates.delete(entry.predicate);
      else view.hiddenPredicates.add(entry.predicate);
      applyFilters();
    });
    const kind = entry.predicate === CO ? "co" : entry.predicate === LEG ? "route" : "fact";
    const name = entry.predicate === CO ? "named in the same sentence"
      : entry.predicate === LEG ? "route legs, in order" : entry.predicate;
    label.append(box, el("span", "line " + kind), document.createTextNode(name + " "),
      el("span", "count", "(" + entry.count + ")"));
    item.append(label);
    predicateList.append(item);
  });

  const documentSelect = document.getElementById("document");
  data.documents.forEach((doc) => {
    const option = el("option", null, (doc.title || doc.id) + " (" + doc.entities + ")");
    option.value = doc.id;
    documentSelect.append(option);
  });
  documentSelect.addEventListener("change", () => {
    view.document = documentSelect.value || null;
    applyFilters();
  });

  // The time filter: shown when some document has a date, its inputs bounded by them.
  const dates = data.documents.map((doc) => doc.date).filter(Boolean).sort();
  const timeInputs = ["since", "until"].map((name) => document.getElementById(name));
  const undatedBox = document.getElementById("undated");
  function showTime() {
    const kept = data.documents.filter((doc) => inTime([doc.id])).length;
    document.getElementById("time-status").textContent = view.since || view.until
      ? number(kept) + " of " + number(data.documents.length) + " documents in the window"
      : number(dates.length) + " of " + number(data.documents.length) + " documents dated, " +
        dates[0] + " to " + dates[dates.length - 1];
  }
  if (dates.length) {
    document.getElementById("time").hidden = false;
    timeInputs.forEach((input) => {
      input.min = dates[0];
      input.max = dates[dates.length - 1];
      input.addEventListener("change", () => {
        view[input.id] = input.value;
        showTime();
        applyFilters();
      });
    });
    undatedBox.addEventListener("change", () => {
      view.undated = undatedBox.checked;
      showTime();
      applyFilters();
    });
    showTime();
  }

  // ------------------------------------------------------------- neighbourhood

  const hopsSelect = document.getElementById("hops");
  const neighbourhoodStatus = document.getElementById("neighbourhood-status");

  function setNeighbourhood(hops) {
    view.hops = hops;
    hopsSelect.value = String(hops);
    if (hops > 0) {
      const selected = network.getSelectedNodes();
      view.center = selected.length ? selected[0] : view.center;
      if (view.center === null) {
        neighbourhoodStatus.textContent = "Select an entity first";
        view.hops = 0;
        hopsSelect.value = "0";
        return;
      }
      neighbourhoodStatus.textContent = "around " + nodeById.get(view.center).label;
    } else {
      neighbourhoodStatus.textContent = "";
    }
    applyFilters();
    fitVisible();
  }
  hopsSelect.addEventListener("change", () => setNeighbourhood(Number(hopsSelect.value)));
  state.setNeighbourhood = setNeighbourhood;

  applyFilters();

  // ------------------------------------------------------------------- search

  const names = document.getElementById("search-names");
  const seen = new Set();
  data.nodes.forEach((node) => {
    [node.label].concat(node.aliases).forEach((name) => {
      if (seen.has(name)) return;
      seen.add(name);
      const option = el("option");
      option.value = name;
      names.append(option);
    });
  });

  // The comparable form of a name, as kg.names.normalize makes it: no accents, case,
  // dots, possessives, punctuation or leading "the".
  function nameKey(name) {
    let text = String(name).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    text = text.replace(/\./g, "").replace(/['’]s\b/g, "").replace(/['’]/g, "");
    text = text.replace(/[^\p{L}\p{N}_\s]/gu, " ").split(/\s+/).filter(Boolean).join(" ");
    return text.startsWith("the ") ? text.slice(4) : text;
  }

  // The one resolver's answer (kg.names.Resolver: any label or alias, a surname alone
  // when unique, any case or accents) from its table in data.names; else a part of a
  // name as a last resort.
  function search(text) {
    const key = nameKey(text);
    if (key && data.names && Object.prototype.hasOwnProperty.call(data.names, key)) {
      const id = data.names[key];
      if (nodeById.has(id)) return id;
    }
    const wanted = normalise(text);
    if (!wanted) return null;
    let best = null;
    data.nodes.forEach((node) => {
      const all = [node.label].concat(node.aliases).map(normalise);
      let rank;
      if (all[0] === wanted) rank = 0;
      else if (all.slice(1).includes(wanted)) rank = 1;
      else if (all.some((name) => name.includes(wanted))) rank = 2;
      else return;
      const key = [rank, -node.mention_count, node.id];
      if (best === null || compare(key, best.key) < 0) best = { key: key, id: node.id };
    });
    return best && best.id;
  }

  function compare(a, b) {
    for (let i = 0; i < a.length; i++) {
      if (a[i] < b[i]) return -1;
      if (a[i] > b[i]) return 1;
    }
    return 0;
  }

  const status = document.getElementById("search-status");
  document.getElementById("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = document.getElementById("search-input").value;
    const id = search(text);
    status.textContent = id || !text.trim() ? "" : "No entity is called " + JSON.stringify(text.trim());
    if (id) focusNode(id);
  });

  // Select an entity and fit it with all it is linked to, undoing whatever filter hides it.
  function focusNode(id) {
    const node = nodeById.get(id);
    if (!node) return;
    if (view.hiddenTypes.has(node.type)) {
      view.hiddenTypes.delete(node.type);
      checkboxOfType.get(node.type).checked = true;
    }
    if (view.document !== null && !node.documents.includes(view.document)) {
      view.document = null;
      documentSelect.value = "";
    }
    if (node.spare) view.revealed.add(id);
    if (view.hops > 0) {
      view.center = id;
      neighbourhoodStatus.textContent = "around " + node.label;
    }
    network.selectNodes([id]);
    applyFilters();
    // The entity and all it is linked to, fitted on screen.
    fitTo(neighbourhoodOf(id));
    showNode(id);
  }

  // ------------------------------------------------------------ evidence panel

  const panel = document.getElementById("panel");

  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  function showNode(id) {
    const node = nodeById.get(id);
    const parts = [el("h2", null, node.label)];
    const mentions = node.mention_count === 1 ? "1 mention" : node.mention_count + " mentions";
    parts.push(el("p", "meta", node.type + " · " + mentions));
    const others = node.aliases.filter((alias) => alias !== node.label);
    if (others.length) parts.push(el("p", null, "Also called: " + others.join("; ")));
    if (node.latitude !== undefined && node.longitude !== undefined) {
      parts.push(el("p", "meta", "At " + node.latitude + ", " + node.longitude));
    }
    parts.push(el("p", "meta", node.id));
    if (node.curation) parts.push(curationSection(node.curation));
    const contradicted = data.conflicts.filter((conflict) => conflict.group === id);
    if (contradicted.length) parts.push(conflictSection(contradicted));
    const counted = data.statistics.filter((count) => count.group === id || count.place === id);
    if (counted.length) parts.push(timelineSection(counted));
    parts.push(evidenceSection(node.evidence, node.mention_count));
    panel.replaceChildren(...parts);
  }

  const SVG = "http://www.w3.org/2000/svg";

  function svgEl(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, String(value)));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  // The days since 1970 of an ISO date (YYYY-MM-DD).
  function dayOf(iso) {
    return Date.parse(iso + "T00:00:00Z") / 86400000;
  }

  // The counts of an entity on a time line: x the days each period covers, y the value.
  function timelineSection(counts) {
    const section = el("section", "timeline");
    section.append(el("h3", null, "Counts over time (" + counts.length + ")"));
    const width = 300, height = 120, left = 48, right = 8, top = 8, bottom = 20;
    const first = Math.min(...counts.map((count) => dayOf(count.start)));
    const last = Math.max(...counts.map((count) => dayOf(count.end))) + 1;
    const highest = Math.max(...counts.map((count) => count.value), 1);
    const x = (day) => left + ((day - first) * (width - left - right)) / Math.max(last - first, 1);
    const y = (value) => top + (height - top - bottom) * (1 - value / highest);
    const plot = svgEl("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height,
                                role: "img" });
    plot.append(svgEl("title", {}, "Counts over time: x the period counted, y the number"));
    plot.append(svgEl("line", { x1: left, y1: y(0), x2: width - right, y2: y(0), stroke: "#888" }),
                svgEl("line", { x1: left, y1: top, x2: left, y2: y(0), stroke: "#888" }));
    plot.append(svgEl("text", { x: left - 4, y: top + 8, "text-anchor": "end", "font-size": 10 },
                      number(highest)),
                svgEl("text", { x: left - 4, y: y(0), "text-anchor": "end", "font-size": 10 }, "0"));
    const firstDate = counts.map((count) => count.start).sort()[0];
    const lastDate = counts.map((count) => count.end).sort().slice(-1)[0];
    plot.append(svgEl("text", { x: left, y: height - 4, "font-size": 10 }, firstDate.slice(0, 7)),
                svgEl("text", { x: width - right, y: height - 4, "text-anchor": "end", "font-size": 10 },
                      lastDate.slice(0, 7)));
    counts.slice().sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
      .forEach((count) => {
        const from = x(dayOf(count.start)), to = x(dayOf(count.end) + 1), at = y(count.value);
        const mark = svgEl("g", { class: "count" });
        mark.append(svgEl("title", {}, count.quantity + " " + (count.counts || "") + " · " +
                          (count.period || "") + " · " + count.document));
        mark.append(svgEl("line", { x1: from, y1: at, x2: Math.max(to, from + 2), y2: at,
                                    stroke: "#4e79a7", "stroke-width": 3 }),
                    svgEl("circle", { cx: (from + to) / 2, cy: at, r: 3, fill: "#4e79a7" }));
        plot.append(mark);
      });
    section.append(plot);
    return section;
  }

  // Counts of the same thing that two documents give differently, side by side.
  function conflictSection(conflicts) {
    const section = el("section", "conflicts");
    section.append(el("h3", null, "⚠ Contradicting counts (" + conflicts.length + ")"));
    conflicts.forEach((conflict) => {
      const pair = el("div", "conflict");
      pair.append(el("p", "meta", conflict.counts));
      conflict.sides.forEach((side) => {
        const column = el("div", "side");
        column.append(el("strong", null, side.quantity), el("span", "meta", " " + side.period));
        column.append(sentence({ sentence: side.sentence, quote: side.quantity }),
                      source({ document: side.document }));
        pair.append(column);
      });
      section.append(pair);
    });
    return section;
  }

  // The sentences that give a count another document contradicts.
  const contradictedSentences = new Set(
    data.conflicts.flatMap((conflict) =>
      conflict.sides.map((side) => side.document + "\u0000" + side.sentence))
  );

  function labelOf(id) {
    const node = nodeById.get(id);
    return node ? node.label : id;
  }

  function showEdge(id) {
    const edge = edgeById.get(id);
    const from = labelOf(edge.from);
    const to = labelOf(edge.to);
    const parts = [];
    const facts = ["rule: " + (edge.rule || "unknown")];
    if (edge.confidence !== null) facts.push("confidence: " + edge.confidence);
    if (edge.predicate === CO) {
      parts.push(el("h2", null, from + " and " + to));
      const times = edge.weight === 1 ? "1 sentence" : edge.weight + " sentences";
      parts.push(el("p", "meta", "Named together in " + times + " (" + edge.rule + ")"));
    } else if (edge.predicate === LEG) {
      const order = edge.order === undefined ? "" : " " + edge.order;
      parts.push(el("h2", null, "Leg" + order + ": " + from + " → " + to));
      if (edge.mode) parts.push(el("p", null, "By " + edge.mode));
      const travellers = (edge.travellers || []).map(labelOf);
      if (travellers.length) parts.push(el("p", null, "Travellers: " + travellers.join("; ")));
      else if (edge.group) parts.push(el("p", null, "Travellers: " + edge.group));
      parts.push(el("p", "meta", facts.join(" · ")));
    } else {
      parts.push(el("h2", null, from + " → " + edge.predicate + " → " + to));
      parts.push(el("p", "meta", facts.join(" · ")));
    }
    if (edge.curation) parts.push(curationSection(edge.curation));
    parts.push(evidenceSection(edge.evidence, edge.weight));
    panel.replaceChildren(...parts);
  }

  // The analysts' decisions behind an entity or fact: what, who, when and why.
  function curationSection(decisions) {
    const section = el("section", "curation");
    section.append(el("h3", null, "Curated (" + decisions.length + ")"));
    const list = el("ul");
    decisions.forEach((decision) => {
      const entry = el("li");
      entry.append(el("strong", null, decision.kind));
      entry.append(document.createTextNode(" by " + (decision.by || "?") + ", " + (decision.when || "?")));
      if (decision.why) entry.append(el("q", null, decision.why));
      list.append(entry);
    });
    section.append(list);
    return section;
  }

  function evidenceSection(evidence, total) {
    const section = el("section");
    const count = total && total > evidence.length
      ? "Evidence (" + evidence.length + " of " + total + ")"
      : "Evidence (" + evidence.length + ")";
    section.append(el("h3", null, count));
    const list = el("ol", "evidence");
    evidence.forEach((item) => {
      const entry = el("li");
      entry.append(sentence(item), source(item));
      // When the fact held, as its sentence says: apart from when it was reported.
      if (item.period) {
        const days = item.period_start ? " (" + item.period_start + " to " + item.period_end + ")" : "";
        entry.append(el("span", "held", "held: " + item.period + days));
      }
      if (contradictedSentences.has(item.document + "\u0000" + (item.sentence || "").trimEnd())) {
        entry.classList.add("contradicted");
        entry.append(el("span", "flag", "⚠ another document gives a different count"));
      }
      list.append(entry);
    });
    section.append(list);
    return section;
  }

  // The document a sentence comes from: its title, a link when its URL is http(s).
  function source(item) {
    const doc = documentById.get(item.document) || {};
    const title = item.title || doc.title || item.document;
    const address = item.url || doc.url;
    const cite = el("cite");
    const reported = [item.publication || doc.publication, item.date || doc.date].filter(Boolean);
    const url = safeUrl(address);
    if (url) {
      const link = el("a", null, title);
      link.href = url.href;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      cite.append(link);
    } else {
      cite.append(document.createTextNode(title));
      if (address) cite.append(el("span", "url", address));
    }
    if (reported.length) cite.append(el("span", "reported", " — " + reported.join(", ")));
    return cite;
  }

  // The sentence with the quoted span marked: where its offsets say, else where its text is.
  function sentence(item) {
    const quote = el("blockquote");
    const text = item.sentence || item.quote || "";
    let at = -1;
    if (item.quote) {
      const offset = item.sentence_start === null ? -1 : item.start - item.sentence_start;
      const fits = offset >= 0 && text.slice(offset, offset + item.quote.length) === item.quote;
      at = fits ? offset : text.indexOf(item.quote);
    }
    if (at < 0) {
      quote.textContent = text;
    } else {
      quote.append(
        document.createTextNode(text.slice(0, at)),
        el("mark", null, item.quote),
        document.createTextNode(text.slice(at + item.quote.length))
      );
    }
    return quote;
  }
})();
