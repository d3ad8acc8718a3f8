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
    showSpare: false, // past the node budget: show every entity
    revealed: new Set(), // spare entities shown because the reader asked for them
    center: null, // the entity of the neighbourhood view
    hops: 0, // 0: every entity; 1 or 2: the neighbourhood of `center`
    layout: "network",
  };

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

  const nodes = new vis.DataSet(
    data.nodes.map((node) => {
      const style = styleOf(node.type);
      return {
        id: node.id,
        label: node.label,
        shape: style.shape,
        value: node.mention_count,
        hidden: node.spare,
        color: {
          background: style.color,
          border: style.border,
          highlight: { background: style.color, border: "#000" },
        },
      };
    })
  );

  function edgeStyle(edge) {
    if (edge.predicate === CO) {
      return {
        color: { color: "#bbbbbb", highlight: "#777777", opacity: 0.7 },
        width: 1, dashes: [4, 4],
      };
    }
    if (edge.predicate === LEG) {
      return {
        label: legLabel(edge), arrows: { to: { enabled: true, scaleFactor: 1.1 } },
        color: { color: "#d9480f", highlight: "#8f2d06" }, width: 3,
        font: { size: 13, color: "#8f2d06", align: "middle", strokeWidth: 4, bold: true },
      };
    }
    return {
      label: edge.predicate, arrows: "to", color: { color: "#555555", highlight: "#000000" },
      width: 2, font: { size: 11, align: "top", strokeWidth: 3 },
    };
  }

  const edges = new vis.DataSet(
    data.edges.map((edge) =>
      Object.assign({ id: edge.id, from: edge.from, to: edge.to, hidden: false }, edgeStyle(edge))
    )
  );

  // A big graph settles in fewer, cheaper steps (no overlap avoidance): an exact
  // layout of thousands of entities would keep the page blank for many seconds.
  const big = data.nodes.length - spareCount > 500;
  const physicsOptions = {
    solver: "forceAtlas2Based",
    forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, avoidOverlap: big ? 0 : 0.4 },
    stabilization: { enabled: true, iterations: big ? 60 : 400, updateInterval: 50, fit: true },
  };
  const container = document.getElementById("graph");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    autoResize: true,
    layout: { randomSeed: data.seed, improvedLayout: data.nodes.length <= 150 },
    nodes: {
      scaling: { min: 10, max: 36, label: { enabled: false } },
      font: { size: 13, strokeWidth: 3, strokeColor: "#ffffff" },
      borderWidth: 1.5,
    },
    // Dynamic curves give every edge a physics node of its own: too slow on big graphs.
    edges: { smooth: { type: data.edges.length <= 300 ? "dynamic" : "continuous" }, selectionWidth: 2 },
    physics: physicsOptions,
    interaction: { hover: true, tooltipDelay: 300, hideEdgesOnDrag: true },
  });

  const state = {
    network: network, nodes: nodes, edges: edges, ready: false, view: view,
    search: search, setLayout: setLayout, visibleNodeIds: visibleNodeIds,
    visibleEdgeIds: visibleEdgeIds,
  };
  window.borderkg = state;

  const physicsBox = document.getElementById("physics");
  let settling = false; // a layout change is running physics until it settles

  function settled() {
    settling = false;
    // Pinned places stay exactly where the projection puts them, whatever physics did.
    if (view.layout === "map") mapped.forEach((node) => network.moveNode(node.id, node.map.x, node.map.y));
    else nodes.update(data.nodes.map((node) => ({ id: node.id, fixed: false })));
    if (!physicsBox.checked) network.setOptions({ physics: { enabled: false } });
    fitVisible();
    document.body.dataset.layout = view.layout;
  }

  function freeze() {
    if (state.ready) return;
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    state.ready = true;
    document.body.dataset.ready = "true";
    document.body.dataset.layout = view.layout;
    if (data.focus) focusNode(data.focus);
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

  // ------------------------------------------------------------------ layouts

  const mapped = data.nodes.filter((node) => node.map);
  let networkPositions = null;

  // In the map layout a graticule every 10 degrees gives the pinned places a frame.
  network.on("beforeDrawing", (context) => {
    if (view.layout !== "map" || !mapped.length) return;
    const step = 10;
    const scale = data.map_scale;
    const xs = mapped.map((n) => n.longitude);
    const ys = mapped.map((n) => n.latitude);
    const west = Math.floor(Math.min(...xs) / step) * step - step;
    const east = Math.ceil(Math.max(...xs) / step) * step + step;
    const south = Math.floor(Math.min(...ys) / step) * step - step;
    const north = Math.ceil(Math.max(...ys) / step) * step + step;
    const pad = 3 / network.getScale();
    context.save();
    context.lineWidth = 1 / network.getScale();
    context.font = 11 / network.getScale() + "px system-ui, sans-serif";
    context.fillStyle = "#9aa7b4";
    for (let lon = west; lon <= east; lon += step) {
      context.strokeStyle = lon === 0 ? "#b9c6d3" : "#e3e9ef";
      context.beginPath();
      context.moveTo(lon * scale, -north * scale);
      context.lineTo(lon * scale, -south * scale);
      context.stroke();
      context.fillText(Math.abs(lon) + "°" + (lon < 0 ? "W" : lon > 0 ? "E" : ""), lon * scale + pad, -south * scale - pad);
    }
    for (let lat = south; lat <= north; lat += step) {
      context.strokeStyle = lat === 0 ? "#b9c6d3" : "#e3e9ef";
      context.beginPath();
      context.moveTo(west * scale, -lat * scale);
      context.lineTo(east * scale, -lat * scale);
      context.stroke();
      context.fillText(Math.abs(lat) + "°" + (lat < 0 ? "S" : lat > 0 ? "N" : ""), west * scale + pad, -lat * scale - pad);
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
      const pinned = new Map(mapped.map((node) => [node.id, node]));
      const linked = placeDistances(pinned);
      // Entities linked to no place line up, pinned, below the southernmost place.
      const loose = data.nodes.filter((node) => !node.map && !linked.has(node.id));
      const xs = mapped.map((n) => n.map.x);
      const west = Math.min(...xs);
      const columns = Math.max(1, Math.ceil(Math.sqrt(loose.length * 4)));
      const below = Math.max(...mapped.map((n) => n.map.y)) + 60;
      const step = Math.max((Math.max(...xs) - west) / columns, 40);
      const looseAt = new Map(loose.map((node, i) => [node.id, {
        x: west + (i % columns) * step, y: below + Math.floor(i / columns) * 40,
      }]));
      const updates = data.nodes.map((node) => {
        if (node.map) return { id: node.id, x: node.map.x, y: node.map.y, fixed: { x: true, y: true } };
        // What is not a place is drawn fainter, so the places and routes read first.
        const faint = { opacity: 0.5, font: { color: "#777777" } };
        if (looseAt.has(node.id)) {
          const at = looseAt.get(node.id);
          return Object.assign({ id: node.id, x: at.x, y: at.y, fixed: { x: true, y: true } }, faint);
        }
        // A floating entity starts beside the most mentioned place it is nearest to.
        const anchor = pinned.get(linked.get(node.id));
        const jitter = (index(node.id) % 40) - 20;
        return Object.assign({ id: node.id, fixed: false, x: anchor.map.x + jitter, y: anchor.map.y - jitter }, faint);
      });
      nodes.update(updates);
      network.setOptions({
        nodes: { scaling: { min: 6, max: 18 }, font: { size: 11 } },
        physics: {
          enabled: true,
          forceAtlas2Based: { gravitationalConstant: -12, centralGravity: 0, springLength: 25, avoidOverlap: 0.3 },
        },
      });
    } else {
      // Every entity goes back where it was, held there while physics only
      // re-curves the links (a curved link has a physics point of its own).
      nodes.update(data.nodes.map((node) => {
        const at = networkPositions && networkPositions[node.id];
        const plain = { id: node.id, fixed: { x: true, y: true }, opacity: 1, font: { color: "#343434" } };
        return at ? Object.assign(plain, { x: at.x, y: at.y }) : plain;
      }));
      network.setOptions({
        nodes: { scaling: { min: 10, max: 36 }, font: { size: 13 } },
        physics: { enabled: true, forceAtlas2Based: physicsOptions.forceAtlas2Based },
      });
    }
    settling = true;
    network.stabilize(layout === "map" && mapped.length ? 100 : 30);
    fitVisible();
  }

  document.querySelectorAll('#layout input[name="layout"]').forEach((radio) => {
    radio.addEventListener("change", () => {
      if (radio.checked) setLayout(radio.value);
    });
  });

  function fitVisible() {
    const ids = visibleNodeIds();
    if (view.layout === "map" && fitMap(ids)) return;
    network.fit({ nodes: ids.length ? ids : undefined, animation: false });
  }

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
    const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const box = container.getBoundingClientRect();
    network.moveTo({
      position: { x: (left + right) / 2, y: (top + bottom) / 2 },
      scale: Math.min(box.width / (Math.max(right - left, 20) * 1.3), box.height / (Math.max(bottom - top, 20) * 1.3)),
      animation: false,
    });
    return true;
  }

  const indexOf = new Map(data.nodes.map((node, i) => [node.id, i]));
  function index(id) {
    return indexOf.get(id) || 0;
  }

  const adjacency = new Map(data.nodes.map((node) => [node.id, []]));
  data.edges.forEach((edge) => {
    adjacency.get(edge.from).push(edge);
    if (edge.to !== edge.from) adjacency.get(edge.to).push(edge);
  });

  // For every entity without coordinates that links (through any path) to a place:
  // the place it reaches in fewest links, the most mentioned one among equals.
  function placeDistances(pinned) {
    const anchor = new Map();
    let frontier = [...pinned.values()]
      .sort((a, b) => b.mention_count - a.mention_count || (a.id < b.id ? -1 : 1))
      .map((node) => [node.id, node.id]);
    const seen = new Set(pinned.keys());
    while (frontier.length) {
      const next = [];
      frontier.forEach(([id, place]) => {
        neighboursOf(id).forEach((other) => {
          if (seen.has(other)) return;
          seen.add(other);
          anchor.set(other, place);
          next.push([other, place]);
        });
      });
      frontier = next;
    }
    return anchor;
  }

  function neighboursOf(id) {
    return adjacency.get(id).map((edge) => (edge.from === id ? edge.to : edge.from));
  }

  // ------------------------------------------------------------------- filters

  function nodePasses(node) {
    if (view.hiddenTypes.has(node.type)) return false;
    if (view.document !== null && !node.documents.includes(view.document)) return false;
    return true;
  }

  function edgePasses(edge) {
    if (view.hiddenPredicates.has(edge.predicate)) return false;
    if (view.document !== null && !edge.documents.includes(view.document)) return false;
    return true;
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
      if (ball) {
        if (ball.has(node.id)) shownNodes.add(node.id);
      } else if (nodePasses(node) && (!node.spare || view.showSpare || view.revealed.has(node.id))) {
        shownNodes.add(node.id);
      }
    });
    const shownEdges = new Set();
    data.edges.forEach((edge) => {
      if (edgePasses(edge) && shownNodes.has(edge.from) && shownNodes.has(edge.to)) shownEdges.add(edge.id);
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
    const shown = computeVisible();
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
    showBudget();
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
    box.checked = true;
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

  // Like kg.network.find_node (label, then alias, then most mentioned), and a
  // part of a name as a last resort.
  function search(text) {
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

  // Select and centre an entity, undoing whatever filter hides it.
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
    applyFilters();
    network.selectNodes([id]);
    network.focus(id, { scale: 1.4, animation: false });
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
    parts.push(evidenceSection(node.evidence, node.mention_count));
    panel.replaceChildren(...parts);
  }

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
    parts.push(evidenceSection(edge.evidence, edge.weight));
    panel.replaceChildren(...parts);
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
