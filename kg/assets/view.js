// The borderkg graph page. Article text is untrusted: every string from the data
// reaches the page through textContent or a DOM property, never through HTML.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("borderkg-data").textContent);
  const CO = data.co_mentioned;
  const nodeById = new Map(data.nodes.map((node) => [node.id, node]));
  const edgeById = new Map(data.edges.map((edge) => [edge.id, edge]));
  const hiddenTypes = new Set();
  const shown = { facts: true, coMentions: true };

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

  // ----------------------------------------------------------------- the network

  const nodes = new vis.DataSet(
    data.nodes.map((node) => {
      const style = styleOf(node.type);
      return {
        id: node.id,
        label: node.label,
        shape: style.shape,
        value: node.mention_count,
        color: {
          background: style.color,
          border: style.border,
          highlight: { background: style.color, border: "#000" },
        },
      };
    })
  );

  const edges = new vis.DataSet(
    data.edges.map((edge) =>
      edge.predicate === CO
        ? {
            id: edge.id, from: edge.from, to: edge.to,
            color: { color: "#bbbbbb", highlight: "#777777", opacity: 0.7 },
            width: 1, dashes: [4, 4],
          }
        : {
            id: edge.id, from: edge.from, to: edge.to, label: edge.predicate,
            arrows: "to", color: { color: "#555555", highlight: "#000000" }, width: 2,
            font: { size: 11, align: "top", strokeWidth: 3 },
          }
    )
  );

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
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: true },
    },
    interaction: { hover: true, tooltipDelay: 300, hideEdgesOnDrag: true },
  });

  const state = { network: network, nodes: nodes, edges: edges, ready: false, search: search };
  window.borderkg = state;

  function freeze() {
    if (state.ready) return;
    network.setOptions({ physics: false });
    network.fit({ animation: false });
    state.ready = true;
    document.body.dataset.ready = "true";
    if (data.focus) focusNode(data.focus);
  }
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  if (data.nodes.length === 0) freeze();

  // ------------------------------------------------------------------- filters

  function applyFilters() {
    nodes.update(data.nodes.map((node) => ({ id: node.id, hidden: hiddenTypes.has(node.type) })));
    edges.update(
      data.edges.map((edge) => ({
        id: edge.id,
        hidden:
          !(edge.predicate === CO ? shown.coMentions : shown.facts) ||
          hiddenTypes.has(nodeById.get(edge.from).type) ||
          hiddenTypes.has(nodeById.get(edge.to).type),
      }))
    );
    const visible = data.nodes.filter((node) => !hiddenTypes.has(node.type)).length;
    document.getElementById("counts").textContent =
      visible + " of " + data.nodes.length + " entities shown, " + data.edges.length + " links";
  }

  const typeList = document.getElementById("types");
  const checkboxOfType = new Map();
  data.types.forEach((entry) => {
    const style = styleOf(entry.type);
    const item = el("li");
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", () => {
      if (box.checked) hiddenTypes.delete(entry.type);
      else hiddenTypes.add(entry.type);
      applyFilters();
    });
    checkboxOfType.set(entry.type, box);
    const glyph = el("span", "glyph", style.glyph);
    glyph.style.color = style.color;
    label.append(box, glyph, document.createTextNode(entry.type + " "), el("span", "count", "(" + entry.count + ")"));
    item.append(label);
    typeList.append(item);
  });

  document.getElementById("show-facts").addEventListener("change", (event) => {
    shown.facts = event.target.checked;
    applyFilters();
  });
  document.getElementById("show-co-mentions").addEventListener("change", (event) => {
    shown.coMentions = event.target.checked;
    applyFilters();
  });
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

  function focusNode(id) {
    const node = nodeById.get(id);
    if (!node) return;
    if (hiddenTypes.has(node.type)) {
      hiddenTypes.delete(node.type);
      checkboxOfType.get(node.type).checked = true;
      applyFilters();
    }
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

  function showEdge(id) {
    const edge = edgeById.get(id);
    const from = nodeById.get(edge.from).label;
    const to = nodeById.get(edge.to).label;
    const parts = [];
    if (edge.predicate === CO) {
      parts.push(el("h2", null, from + " and " + to));
      const times = edge.weight === 1 ? "1 sentence" : edge.weight + " sentences";
      parts.push(el("p", "meta", "Named together in " + times + " (" + edge.rule + ")"));
    } else {
      parts.push(el("h2", null, from + " → " + edge.predicate + " → " + to));
      const facts = ["rule: " + (edge.rule || "unknown")];
      if (edge.confidence !== null) facts.push("confidence: " + edge.confidence);
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
      entry.append(sentence(item), el("cite", null, item.title || item.document));
      if (item.url) entry.append(el("span", "url", item.url));
      list.append(entry);
    });
    section.append(list);
    return section;
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
