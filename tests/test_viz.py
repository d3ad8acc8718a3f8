"""The HTML view: offline, escaped, deterministic, and working in a real browser."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import BorderKGError
from kg.network import CO_MENTIONED, ROUTE_LEG, find_node, load
from kg.viz import VIS_NETWORK, map_position, render_html, write_html

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

ID = "https://w3id.org/borderkg/id/"
PERSON = ID + "person/tatyana-edwards-behar"
APP = ID + "app/cbp-one"
CITY = ID + "city/tijuana"
AGENCY = ID + "governmentagency/cbp"
CROSSING = ID + "bordercrossing/san-ysidro"
GROUP = ID + "migrantgroup/russian-asylum-seekers"
GAP = ID + "naturalregion/darien-gap"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
PAYLOADS = (SCRIPT, IMG, SVG)
HOSTILE_TITLE = "</script><script>alert(2)</script>"


# d3's source claims a javascript: URL: it must never become a link.
HOSTILE_URL = "javascript:alert(3)"


def evidence(
    sentence: str, quote: str, document: str = "d1", title: str = "Waiting in Tijuana", last=False
):
    """Evidence for ``quote`` (its last occurrence if ``last``), the sentence at offset 100."""
    start = 100 + (sentence.rindex(quote) if last else sentence.index(quote))
    return {
        "document": document,
        "title": title,
        "url": HOSTILE_URL if document == "d3" else f"https://example.org/news/{document}",
        "sentence": sentence,
        "sentence_start": 100,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
    }


FIRST = "Ms. Edwards-Behar waited in Tijuana for a CBP One appointment."
SECOND = "CBP says the CBP One app cut waiting times at San Ysidro."
THIRD = "Russian asylum seekers crossed at San Ysidro after the Darién Gap."
TWICE = "Officials said CBP One, and only CBP One, books appointments."
HOSTILE = f"A sentence naming {SCRIPT} and {IMG} and {SVG} together."


def make_graph() -> nx.MultiDiGraph:
    """A small graph shaped like :func:`kg.network.project`'s, with hostile text in it."""
    graph = nx.MultiDiGraph()

    def entity(key, label, kind, aliases, mentions, sentences):
        graph.add_node(
            key,
            label=label,
            type=kind,
            aliases=sorted(aliases),
            mention_count=mentions,
            evidence=sentences,
        )

    entity(
        PERSON,
        "Tatyana Edwards-Behar",
        "Person",
        ["Ms. Edwards-Behar", "Tatyana Edwards-Behar"],
        3,
        [evidence(FIRST, "Ms. Edwards-Behar")],
    )
    entity(
        APP,
        "CBP One",
        "App",
        ["CBP One", "the CBP One app"],
        6,
        [
            evidence(FIRST, "CBP One"),
            evidence(SECOND, "the CBP One app", "d2", "CBP One"),
            evidence(TWICE, "CBP One", "d5", "Officials", last=True),
        ],
    )
    entity(CITY, "Tijuana", "City", ["Tijuana"], 4, [evidence(FIRST, "Tijuana")])
    entity(
        AGENCY,
        "U.S. Customs and Border Protection",
        "GovernmentAgency",
        ["CBP"],
        2,
        [evidence(SECOND, "CBP", "d2", "CBP One")],
    )
    entity(
        CROSSING,
        "San Ysidro",
        "BorderCrossing",
        ["San Ysidro"],
        2,
        [evidence(SECOND, "San Ysidro", "d2", "CBP One")],
    )
    entity(
        GROUP,
        "Russian asylum seekers",
        "MigrantGroup",
        ["Russian asylum seekers"],
        1,
        [evidence(THIRD, "Russian asylum seekers", "d3", "From Moscow")],
    )
    entity(
        GAP,
        "Darién Gap",
        "NaturalRegion",
        ["Darién Gap"],
        1,
        [evidence(THIRD, "Darién Gap", "d3", "From Moscow")],
    )
    for number, payload in enumerate(PAYLOADS):
        entity(
            f"{ID}person/hostile-{number}",
            payload,
            "Person",
            [payload, SVG],
            1,
            [evidence(HOSTILE, payload, "d4", HOSTILE_TITLE)],
        )

    def fact(subject, predicate, obj, sentence, quote):
        graph.add_edge(
            subject,
            obj,
            key=f"{ID}fact/{predicate}",
            predicate=predicate,
            rule="test-rule",
            confidence=0.8,
            evidence=[evidence(sentence, quote)],
        )

    def co_mention(first, second, sentences):
        first, second = sorted((first, second))
        graph.add_edge(
            first,
            second,
            key=CO_MENTIONED,
            predicate=CO_MENTIONED,
            rule="co-occurrence",
            confidence=None,
            weight=len(sentences),
            evidence=sentences,
        )

    graph.nodes[CITY].update(latitude=32.5027, longitude=-117.00371)
    graph.nodes[CROSSING].update(latitude=32.5423, longitude=-117.0294)
    graph.nodes[GAP].update(latitude=8.4, longitude=-77.5)
    for order, (origin, destination) in enumerate([(GAP, CITY), (CITY, CROSSING)], start=1):
        graph.add_edge(
            origin,
            destination,
            key=f"{ID}route/d3/1/leg/{order}",
            predicate=ROUTE_LEG,
            order=order,
            mode="bus" if order == 1 else None,
            travellers=[GROUP],
            rule="leg-from-to",
            confidence=0.8,
            evidence=[evidence(THIRD, "Darién Gap", "d3", "From Moscow")],
        )
    fact(PERSON, "waitedIn", CITY, FIRST, "Ms. Edwards-Behar waited in Tijuana")
    fact(AGENCY, "operates", APP, SECOND, "CBP says the CBP One app")
    fact(GROUP, "crossedAt", CROSSING, THIRD, "Russian asylum seekers crossed at San Ysidro")
    co_mention(PERSON, APP, [evidence(FIRST, "CBP One")])
    co_mention(CITY, APP, [evidence(FIRST, "CBP One")])
    co_mention(APP, CROSSING, [evidence(SECOND, "San Ysidro", "d2", "CBP One")])
    co_mention(GROUP, GAP, [evidence(THIRD, "Darién Gap", "d3", "From Moscow")])
    co_mention(f"{ID}person/hostile-0", f"{ID}person/hostile-1", [evidence(HOSTILE, IMG, "d4")])
    co_mention(f"{ID}person/hostile-1", f"{ID}person/hostile-2", [evidence(HOSTILE, SVG, "d4")])
    co_mention(f"{ID}person/hostile-2", AGENCY, [evidence(HOSTILE, SVG, "d4")])
    return graph


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return make_graph()


@pytest.fixture(scope="module")
def page_html(graph) -> str:
    return render_html(graph, title="Border graph")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of every <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in ("script", "style") else None
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_data(self, data):
        if self._open == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._open == "style":
            self.styles.append(data)

    def handle_endtag(self, tag):
        self._open = None


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


# ------------------------------------------------------------------------- offline


def test_no_external_reference(page_html):
    page = parse(page_html)
    linking = {"src", "href", "srcset", "action", "formaction", "poster", "background", "data"}
    for tag, attrs in page.tags:
        assert not linking & set(attrs), f"<{tag}> links out: {attrs}"
    assert not any(tag in ("link", "iframe", "img", "object", "embed") for tag, _ in page.tags)
    for style in page.styles:
        assert "@import" not in style and "url(" not in style

    # The page without the bundled library and the graph's data (where article
    # URLs are shown as text) names no web address at all.
    vendored = (resources.files("pyvis") / VIS_NETWORK).read_text(encoding="utf-8")
    assert vendored in page_html
    (data,) = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    rest = page_html.replace(vendored, "").replace(data, "")
    # (view.js names the "http:" and "https:" schemes it accepts for a link: no address.)
    assert not re.search(r"https?://|//cdn|cdn\.|jsdelivr|unpkg|cdnjs", rest, re.IGNORECASE)


def test_content_security_policy_forbids_requests(page_html):
    (csp,) = [
        attrs["content"]
        for tag, attrs in parse(page_html).tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


# ------------------------------------------------------------------------ escaping


def test_untrusted_text_is_escaped(graph, page_html):
    for payload in (*PAYLOADS, HOSTILE_TITLE):
        assert payload not in page_html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page_html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page_html
    assert '\\"\\u003e\\u003csvg onload=alert(1)\\u003e' in page_html
    page = parse(page_html)
    assert len(page.scripts) == 3  # the data, vis-network, ours: nothing was injected
    assert [tag for tag, _ in page.tags].count("svg") == 0
    assert [tag for tag, _ in page.tags].count("img") == 0


def test_title_and_line_separators_are_escaped(graph):
    graph = graph.copy()
    graph.nodes[PERSON]["label"] = "line\u2028separator\u2029&"
    html = render_html(graph, title=SCRIPT)
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert "\u2028" not in html and "\u2029" not in html
    assert "line\\u2028separator\\u2029\\u0026" in html


# --------------------------------------------------------------------- determinism


def test_same_graph_same_bytes(graph, page_html):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    assert render_html(shuffled, title="Border graph") == page_html


def test_focus_accepts_an_alias_and_refuses_an_unknown_name(graph):
    assert f'"focus":"{PERSON}"' in render_html(graph, "t", focus="ms. edwards-behar")
    with pytest.raises(BorderKGError, match="Atlantis"):
        render_html(graph, "t", focus="Atlantis")


def test_write_html_replaces_atomically(graph, tmp_path):
    target = tmp_path / "graph.html"
    target.write_text("old page", encoding="utf-8")
    assert write_html(graph, target, title="Border graph") == target
    assert target.read_text(encoding="utf-8") == render_html(graph, title="Border graph")
    assert [path.name for path in tmp_path.iterdir()] == ["graph.html"]


# ------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser_page(graph, browser, tmp_path_factory):
    """The page open in headless Chromium, with every non-file request blocked and logged."""
    path = write_html(graph, tmp_path_factory.mktemp("view") / "graph.html", title="Border graph")
    log = {"requests": [], "errors": [], "dialogs": []}

    def route(route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            log["requests"].append(url)
            route.abort()

    context = browser.new_context(viewport={"width": 1400, "height": 850})
    try:
        context.route("**/*", route)
        page = context.new_page()
        page.on(
            "request",
            lambda r: r.url.startswith(("file:", "data:")) or log["requests"].append(r.url),
        )
        page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
        page.on("pageerror", lambda error: log["errors"].append(str(error)))

        def dialog(d):
            log["dialogs"].append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(path.as_uri())
        # A selector, not wait_for_function: the page's CSP forbids the eval it would need.
        page.wait_for_selector('body[data-ready="true"]', state="attached", timeout=15_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "graph.png"))
        yield page, log
    finally:
        context.close()


def click_node(page, node: str) -> None:
    x, y = page.evaluate(
        """(id) => {
            const network = window.borderkg.network;
            const at = network.canvasToDOM(network.getPosition(id));
            const box = document.getElementById("graph").getBoundingClientRect();
            return [box.left + at.x, box.top + at.y];
        }""",
        node,
    )
    page.mouse.click(x, y)


def test_browser_shows_every_node(browser_page, graph):
    page, _ = browser_page
    assert page.evaluate("window.borderkg.nodes.length") == graph.number_of_nodes()
    assert page.evaluate("window.borderkg.edges.length") == graph.number_of_edges()
    assert page.evaluate("document.querySelectorAll('#types li').length") == 7
    assert not page.evaluate("window.borderkg.network.physics.options.enabled")


def test_click_on_a_node_shows_its_evidence(browser_page):
    page, _ = browser_page
    page.evaluate("window.borderkg.network.fit({animation: false})")
    click_node(page, APP)
    panel = page.locator("#panel")
    assert panel.locator("h2").inner_text() == "CBP One"
    assert "the CBP One app" in panel.inner_text()
    assert "CBP One app cut waiting times at San Ysidro" in panel.inner_text()
    marked = panel.locator("blockquote", has_text="Officials said")
    assert marked.locator("mark").inner_text() == "CBP One"
    assert marked.evaluate("(quote) => quote.firstChild.textContent") == (
        "Officials said CBP One, and only "
    )
    page.screenshot(path=str(ARTIFACTS / "graph-evidence.png"))


def test_hostile_text_shows_as_text(browser_page):
    page, log = browser_page
    page.evaluate("window.borderkg.network.fit({animation: false})")
    click_node(page, f"{ID}person/hostile-1")
    panel = page.locator("#panel")
    assert panel.locator("h2").inner_text() == IMG
    assert HOSTILE_TITLE in panel.inner_text()
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    assert log["dialogs"] == []


def test_search_focuses_a_node_by_alias(browser_page):
    page, _ = browser_page
    page.fill("#search-input", "ms. edwards-behar")
    page.press("#search-input", "Enter")
    assert page.evaluate("window.borderkg.network.getSelectedNodes()") == [PERSON]
    assert page.locator("#panel h2").inner_text() == "Tatyana Edwards-Behar"
    page.fill("#search-input", "Atlantis")
    page.press("#search-input", "Enter")
    assert "No entity" in page.locator("#search-status").inner_text()


VISIBLE_NODES = "window.borderkg.visibleNodeIds().sort()"
VISIBLE_EDGES = "window.borderkg.visibleEdgeIds().length"


def edge_ids(page, predicate=None) -> list[str]:
    """Ids of the page's edges (of one predicate), from the page's own data."""
    return page.evaluate(
        """(predicate) => JSON.parse(document.getElementById("borderkg-data").textContent)
            .edges.filter((e) => predicate === null || e.predicate === predicate).map((e) => e.id)""",
        predicate,
    )


def test_type_filter(browser_page):
    page, _ = browser_page
    hidden = "(ids) => ids.map((id) => window.borderkg.nodes.get(id).hidden === true)"
    page.locator("#types label", has_text="City").locator("input").uncheck()
    assert page.evaluate(hidden, [CITY]) == [True]
    page.locator("#types label", has_text="City").locator("input").check()
    assert page.evaluate(hidden, [CITY, PERSON]) == [False, False]


def test_predicate_filter_changes_the_visible_links(browser_page, graph):
    page, _ = browser_page
    total = graph.number_of_edges()
    co = sum(1 for *_, d in graph.edges(data=True) if d["predicate"] == CO_MENTIONED)
    assert page.evaluate(VISIBLE_EDGES) == total
    page.uncheck(f'#predicates input[value="{CO_MENTIONED}"]')
    assert page.evaluate(VISIBLE_EDGES) == total - co
    page.uncheck('#predicates input[value="waitedIn"]')
    assert page.evaluate(VISIBLE_EDGES) == total - co - 1
    visible = set(page.evaluate("window.borderkg.visibleEdgeIds()"))
    assert not visible & set(edge_ids(page, CO_MENTIONED) + edge_ids(page, "waitedIn"))
    page.check(f'#predicates input[value="{CO_MENTIONED}"]')
    page.check('#predicates input[value="waitedIn"]')
    assert page.evaluate(VISIBLE_EDGES) == total


def test_document_filter_keeps_what_was_read_in_it(browser_page, graph):
    page, _ = browser_page
    page.select_option("#document", "d2")
    in_d2 = sorted(n for n, d in graph.nodes(data=True) if any(e["document"] == "d2" for e in d["evidence"]))
    assert in_d2 == sorted([APP, AGENCY, CROSSING])
    assert page.evaluate(VISIBLE_NODES) == in_d2
    # Of the links between them only the co-mention of San Ysidro was read in d2.
    (link,) = page.evaluate("window.borderkg.visibleEdgeIds()")
    assert page.evaluate("(id) => window.borderkg.edges.get(id)", link)["from"] in (APP, CROSSING)
    assert page.inner_text("#counts").startswith("3 of 10 entities shown, 1 of ")
    page.select_option("#document", "")
    assert len(page.evaluate(VISIBLE_NODES)) == graph.number_of_nodes()


def test_neighbourhood_shows_only_nodes_within_the_hops(browser_page, graph):
    page, _ = browser_page
    page.fill("#search-input", "CBP")
    page.press("#search-input", "Enter")
    assert page.evaluate("window.borderkg.network.getSelectedNodes()") == [AGENCY]
    for hops in (1, 2):
        page.select_option("#hops", str(hops))
        expected = nx.ego_graph(graph, AGENCY, radius=hops, undirected=True)
        assert page.evaluate(VISIBLE_NODES) == sorted(expected)
        assert page.evaluate(VISIBLE_EDGES) == expected.number_of_edges()
    assert "U.S. Customs and Border Protection" in page.inner_text("#neighbourhood-status")
    page.select_option("#hops", "0")
    assert len(page.evaluate(VISIBLE_NODES)) == graph.number_of_nodes()


def test_physics_switch(browser_page):
    page, _ = browser_page
    enabled = "window.borderkg.network.physics.options.enabled"
    assert page.evaluate(enabled) is False
    page.check("#physics")
    assert page.evaluate(enabled) is True
    page.uncheck("#physics")
    assert page.evaluate(enabled) is False


def test_route_legs_are_ordered_arrows(browser_page, graph):
    page, _ = browser_page
    legs = [page.evaluate("(id) => window.borderkg.edges.get(id)", e) for e in edge_ids(page, ROUTE_LEG)]
    assert sorted((leg["from"], leg["to"], leg["label"]) for leg in legs) == sorted(
        [(GAP, CITY, "1 · bus"), (CITY, CROSSING, "2")]
    )
    assert all(leg["arrows"]["to"]["enabled"] for leg in legs)


def test_map_layout_pins_places_at_their_projection(browser_page, graph):
    page, _ = browser_page
    page.check('#layout input[value="map"]')
    page.wait_for_selector('body[data-layout="map"]', state="attached", timeout=10_000)
    position = "(id) => window.borderkg.network.getPositions([id])[id]"
    for place in (CITY, CROSSING, GAP):
        x, y = map_position(graph.nodes[place]["latitude"], graph.nodes[place]["longitude"])
        at = page.evaluate(position, place)
        # vis-network reports positions rounded to the pixel.
        assert (at["x"], at["y"]) == (pytest.approx(x, abs=0.51), pytest.approx(y, abs=0.51))
    # West is left and north is up: Tijuana is left of and above the Darién Gap.
    tijuana, gap = page.evaluate(position, CITY), page.evaluate(position, GAP)
    assert tijuana["x"] < gap["x"] and tijuana["y"] < gap["y"]
    assert page.evaluate(f"window.borderkg.nodes.get('{PERSON}').fixed") in (False, None)
    page.screenshot(path=str(ARTIFACTS / "graph-map.png"))
    page.check('#layout input[value="network"]')
    page.wait_for_selector('body[data-layout="network"]', state="attached", timeout=10_000)
    assert page.evaluate(position, CITY) != page.evaluate(position, GAP)
    assert page.evaluate(f"window.borderkg.nodes.get('{CITY}').fixed") is False


def test_evidence_links_only_to_http_urls(browser_page):
    page, log = browser_page
    page.fill("#search-input", "Tatyana Edwards-Behar")
    page.press("#search-input", "Enter")
    link = page.locator("#panel cite a").first
    assert link.get_attribute("href") == "https://example.org/news/d1"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.inner_text() == "Waiting in Tijuana"

    page.fill("#search-input", "Russian asylum seekers")
    page.press("#search-input", "Enter")
    panel = page.locator("#panel")
    assert panel.locator("h2").inner_text() == "Russian asylum seekers"
    assert panel.locator("a").count() == 0
    assert HOSTILE_URL in panel.locator("cite").inner_text()
    assert page.evaluate("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
    assert log["dialogs"] == []


def test_edge_panel_shows_rule_confidence_and_leg(browser_page):
    page, _ = browser_page
    # Only the places the legs join stay on screen, so a click on a leg hits the leg.
    keep = ("City", "BorderCrossing", "NaturalRegion")
    boxes = page.locator("#types input")
    others = [box for box in boxes.all() if box.get_attribute("value") not in keep]
    for box in others:
        box.uncheck()
    page.evaluate("window.borderkg.network.fit({animation: false})")
    (leg,) = [
        e for e in edge_ids(page, ROUTE_LEG)
        if page.evaluate("(id) => window.borderkg.edges.get(id).label", e) == "1 · bus"
    ]
    page.evaluate("(id) => window.borderkg.network.selectEdges([id])", leg)
    x, y = page.evaluate(
        """(id) => {
            const network = window.borderkg.network;
            const edge = network.body.edges[id];
            const middle = edge.edgeType.getPoint(0.5);
            const at = network.canvasToDOM(middle);
            const box = document.getElementById("graph").getBoundingClientRect();
            return [box.left + at.x, box.top + at.y];
        }""",
        leg,
    )
    page.mouse.click(x, y)
    panel = page.locator("#panel")
    assert panel.locator("h2").inner_text() == "Leg 1: Darién Gap → Tijuana"
    text = panel.inner_text()
    assert "By bus" in text and "Travellers: Russian asylum seekers" in text
    assert "rule: leg-from-to" in text and "confidence: 0.8" in text
    for box in others:
        box.check()


def test_node_budget_hides_the_least_connected(browser, tmp_path):
    """A generated graph of 2,000 entities opens on the 1,500 best connected."""
    graph = nx.MultiDiGraph()
    for i in range(2000):
        graph.add_node(f"id:n{i}", label=f"Entity {i}", type="Person", aliases=[],
                       mention_count=1, evidence=[])
    # Entity i links to entity i // 2 (a binary tree): leaves have one link, and
    # the 1,000 leaves include all that the budget hides.
    for i in range(1, 2000):
        graph.add_edge(f"id:n{i}", f"id:n{i // 2}", key=CO_MENTIONED, predicate=CO_MENTIONED,
                       weight=1, evidence=[])
    path = write_html(graph, tmp_path / "big.html", title="Big")
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("#budget:not([hidden])", timeout=20_000)
        assert page.inner_text("#budget-text") == (
            "Showing the 1,500 best connected of 2,000 entities: 500 hidden."
        )
        visible = page.evaluate("window.borderkg.visibleNodeIds()")
        assert len(visible) == 1500
        degree = {node: len(set(nx.all_neighbors(graph, node))) for node in graph}
        hidden = set(graph) - set(visible)
        assert max(degree[n] for n in hidden) <= min(degree[n] for n in visible)
        page.click("#budget-toggle")
        assert len(page.evaluate("window.borderkg.visibleNodeIds()")) == 2000
        assert page.inner_text("#budget-text") == "Showing all 2,000 entities."
    finally:
        page.close()


def test_small_graph_has_no_budget_message(browser_page):
    page, _ = browser_page
    assert page.locator("#budget").is_hidden()


def test_browser_made_no_request_and_no_error(browser_page):
    _, log = browser_page
    assert log["requests"] == []
    assert log["errors"] == []
    assert log["dialogs"] == []


# ------------------------------------------------------------------ the corpus map


def test_corpus_graph_in_map_layout(browser, corpus_build):
    """The sample corpus on the map: places at their projection, routes as ordered arrows."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    try:
        page.goto((corpus_build.out / "graph.html").as_uri())
        page.wait_for_selector('body[data-ready="true"]', state="attached", timeout=15_000)
        data = page.evaluate('JSON.parse(document.getElementById("borderkg-data").textContent)')
        legs = [edge for edge in data["edges"] if edge["predicate"] == ROUTE_LEG]
        assert legs and all(isinstance(leg["order"], int) for leg in legs)
        labels = page.evaluate(
            "(ids) => ids.map((id) => window.borderkg.edges.get(id).label)",
            [leg["id"] for leg in legs],
        )
        assert all(label.startswith(str(leg["order"])) for label, leg in zip(labels, legs))

        page.check('#layout input[value="map"]')
        page.wait_for_selector('body[data-layout="map"]', state="attached", timeout=15_000)
        (tijuana,) = [node for node in data["nodes"] if node["label"] == "Tijuana"]
        at = page.evaluate(f"window.borderkg.network.getPosition('{tijuana['id']}')")
        x, y = map_position(tijuana["latitude"], tijuana["longitude"])
        assert (at["x"], at["y"]) == (pytest.approx(x, abs=0.51), pytest.approx(y, abs=0.51))
        # Routes read as a map: the co-mentions are switched off for the picture.
        page.uncheck(f'#predicates input[value="{CO_MENTIONED}"]')
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map.png"))
    finally:
        page.close()


# -------------------------------------------------------------------- kg view


def test_kg_view_writes_the_ego_graph(corpus_build, tmp_path):
    out = tmp_path / "cbp-one.html"
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "view", str(corpus_build.out), "-o", str(out),
         "--focus", "CBP One", "--hops", "1"],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    (data,) = [
        text for attrs, text in parse(out.read_text(encoding="utf-8")).scripts
        if attrs.get("type") == "application/json"
    ]
    payload = json.loads(data)
    graph = load(corpus_build.out)
    focus = find_node(graph, "CBP One")
    assert payload["focus"] == focus
    assert sorted(node["id"] for node in payload["nodes"]) == sorted(
        nx.ego_graph(graph, focus, radius=1, undirected=True)
    )
    assert 1 < len(payload["nodes"]) < graph.number_of_nodes()

    refused = subprocess.run(
        [sys.executable, "-m", "kg.cli", "view", str(corpus_build.out), "-o", str(out),
         "--hops", "2"],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert refused.returncode == 2 and refused.stderr.startswith("kg: --hops needs --focus")
