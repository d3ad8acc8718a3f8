"""The HTML view: offline, escaped, deterministic, and working in a real browser."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
import subprocess
import sys
from contextlib import contextmanager
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.errors import BorderKGError
from kg.facts import Citation
from kg.names import slugify
from kg.network import CO_MENTIONED, ROUTE_LEG, load, resolver
from kg.viz import COUNTRIES, VIS_NETWORK, map_position, render_html, write_html

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
    return Citation(
        document=document,
        title=title,
        url=HOSTILE_URL if document == "d3" else f"https://example.org/news/{document}",
        sentence=sentence,
        sentence_start=100,
        start=start,
        end=start + len(quote),
        quote=quote,
    )


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
    # (The SVG namespace the time line's elements are made in is a name, never fetched.)
    rest = page_html.replace(vendored, "").replace(data, "").replace(
        '"http://www.w3.org/2000/svg"', "", 1)
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


def test_the_page_searches_with_the_one_resolver(graph):
    page = render_html(graph, "t")
    # The resolver's table: a surname alone, the name without its "Ms.", in the page's data.
    assert f'"edwards behar":"{PERSON}"' in page and f'"ms edwards behar":"{PERSON}"' in page


def test_write_html_replaces_atomically(graph, tmp_path):
    target = tmp_path / "graph.html"
    target.write_text("old page", encoding="utf-8")
    assert write_html(graph, target, title="Border graph") == target
    assert target.read_text(encoding="utf-8") == render_html(graph, title="Border graph")
    assert [path.name for path in tmp_path.iterdir()] == ["graph.html"]


# ------------------------------------------------------------------------- browser


@contextmanager
def opened(browser, path: Path, width: int = 1400, height: int = 850):
    """``path`` open in headless Chromium once its layout settled, with every non-file
    request blocked and logged, and every script error and dialog logged."""
    log: dict[str, Any] = {"requests": [], "errors": [], "dialogs": []}

    def route(route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            log["requests"].append(url)
            route.abort()

    context = browser.new_context(viewport={"width": width, "height": height})
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
        page.wait_for_selector('body[data-ready="true"]', state="attached", timeout=30_000)
        yield page, log
    finally:
        context.close()


# What the page shows: the graph's box in canvas units, where each entity is, and the
# label each entity carries with its height on screen.
SHOWN = """() => {
    const b = window.borderkg, network = b.network;
    const box = document.getElementById("graph").getBoundingClientRect();
    const [topLeft, bottomRight] = [network.DOMtoCanvas({x: 0, y: 0}),
                                    network.DOMtoCanvas({x: box.width, y: box.height})];
    const scale = network.getScale();
    return {
        view: {left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y},
        positions: network.getPositions(),
        nodes: b.visibleNodeIds().sort(),
        edges: b.visibleEdgeIds().sort(),
        labels: Object.fromEntries(b.nodes.get().filter((n) => n.label && !n.hidden)
            .map((n) => [n.id, {label: n.label, px: n.font.size * scale}])),
        selected: network.getSelectedNodes(),
        budget: JSON.parse(document.getElementById("borderkg-data").textContent).label_budget,
    };
}"""


def inside(view: dict, at: dict, margin: float = 0.0) -> bool:
    return (view["left"] + margin <= at["x"] <= view["right"] - margin
            and view["top"] + margin <= at["y"] <= view["bottom"] - margin)


@pytest.fixture(scope="module")
def browser_page(graph, browser, tmp_path_factory):
    """The page open in headless Chromium, and what it showed when it opened."""
    path = write_html(graph, tmp_path_factory.mktemp("view") / "graph.html", title="Border graph")
    with opened(browser, path) as (page, log):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "graph.png"))
        log["opening"] = page.evaluate(SHOWN)
        yield page, log


def click_node(page, node: str) -> None:
    """Click an entity, with the whole graph in view (a search may have zoomed elsewhere)."""
    page.evaluate("window.borderkg.network.fit({animation: false})")
    page.mouse.click(*dom_position(page, node))


def click_blank(page) -> None:
    """Click the graph's top left corner, where a fit leaves no entity: clears the selection."""
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + 4, box["y"] + 4)


def test_browser_shows_every_node(browser_page, graph):
    page, _ = browser_page
    assert page.evaluate("window.borderkg.nodes.length") == graph.number_of_nodes()
    assert page.evaluate("window.borderkg.edges.length") == graph.number_of_edges()
    assert page.evaluate("document.querySelectorAll('#types li').length") == 7
    assert not page.evaluate("window.borderkg.network.physics.options.enabled")


def test_opens_fitted_to_what_it_shows(browser_page, graph):
    opening = browser_page[1]["opening"]
    assert opening["nodes"] == sorted(graph)
    for node in opening["nodes"]:
        assert inside(opening["view"], opening["positions"][node]), node
    # Fitted, not lost in a corner: the entities span most of the view one way or the other.
    xs = [opening["positions"][node]["x"] for node in graph]
    ys = [opening["positions"][node]["y"] for node in graph]
    view = opening["view"]
    assert max(
        (max(xs) - min(xs)) / (view["right"] - view["left"]),
        (max(ys) - min(ys)) / (view["bottom"] - view["top"]),
    ) > 0.6


def test_co_mention_lines_are_hidden_until_asked_for(browser_page, graph):
    page, log = browser_page
    co = edge_ids(page, CO_MENTIONED)
    assert len(co) == 7
    assert not set(co) & set(log["opening"]["edges"])
    assert len(log["opening"]["edges"]) == graph.number_of_edges() - len(co)
    box = page.locator(f'#predicates input[value="{CO_MENTIONED}"]')
    assert not box.is_checked()
    box.check()
    assert set(co) <= set(page.evaluate("window.borderkg.visibleEdgeIds()"))
    box.uncheck()
    assert not set(co) & set(page.evaluate("window.borderkg.visibleEdgeIds()"))
    # Selecting an entity asks for its own co-mention lines, and for no others.
    page.fill("#search-input", "CBP One")
    page.press("#search-input", "Enter")
    named_with_app = {
        edge for edge in co
        if APP in page.evaluate("(id) => [window.borderkg.edges.get(id).from, "
                                "window.borderkg.edges.get(id).to]", edge)
    }
    assert len(named_with_app) == 3
    assert set(co) & set(page.evaluate("window.borderkg.visibleEdgeIds()")) == named_with_app
    click_blank(page)
    assert page.evaluate("window.borderkg.network.getSelectedNodes()") == []
    assert not set(co) & set(page.evaluate("window.borderkg.visibleEdgeIds()"))


def test_labels_read_at_the_opening_zoom(browser_page):
    opening = browser_page[1]["opening"]
    assert opening["labels"]
    assert all(entry["px"] >= 12 for entry in opening["labels"].values())
    # The best connected entity (four links, six mentions) is always labelled.
    assert opening["labels"][APP]["label"] == "CBP One"


def hub_graph(hubs: int, leaves: int) -> nx.MultiDiGraph:
    """``hubs`` organisations in a ring, each employing ``leaves`` people."""
    graph = nx.MultiDiGraph()
    for hub in range(hubs):
        graph.add_node(f"id:hub/{hub}", label=f"Agency {hub}", type="GovernmentAgency",
                       aliases=[], mention_count=5, evidence=[])
        graph.add_edge(f"id:hub/{hub}", f"id:hub/{(hub + 1) % hubs}", key="id:fact/partner",
                       predicate="partnersWith", evidence=[])
        for leaf in range(leaves):
            person = f"id:person/{hub}-{leaf}"
            graph.add_node(person, label=f"Officer {hub}-{leaf}", type="Person", aliases=[],
                           mention_count=1, evidence=[])
            graph.add_edge(person, f"id:hub/{hub}", key="id:fact/works", predicate="worksFor",
                           evidence=[])
    return graph


def test_label_budget_labels_the_best_connected_and_the_rest_on_hover(browser, tmp_path):
    graph = hub_graph(hubs=12, leaves=9)
    path = write_html(graph, tmp_path / "hubs.html", title="Hubs")
    with opened(browser, path) as (page, log):
        shown = page.evaluate(SHOWN)
        opening_scale = page.evaluate("window.borderkg.network.getScale()")
        labelled = set(shown["labels"])
        assert 0 < len(labelled) <= shown["budget"] < graph.number_of_nodes()
        assert all(entry["px"] >= 12 for entry in shown["labels"].values())
        # The twelve agencies (ten links each) come before any officer (one link).
        assert {f"id:hub/{hub}" for hub in range(12)} <= labelled
        # An officer without a label shows it while the pointer is on them.
        officer = min(set(graph) - labelled)
        node_label = "(id) => window.borderkg.nodes.get(id).label"
        assert page.evaluate(node_label, officer) == ""
        page.mouse.move(*dom_position(page, officer))
        label = graph.nodes[officer]["label"]
        assert eventually(page, node_label, officer, label) == label
        corner = page.locator("#graph").bounding_box()
        page.mouse.move(corner["x"] + 4, corner["y"] + 4)
        assert eventually(page, node_label, officer, "") == ""
        # Zoomed in, the labels keep their size on screen and more entities get one.
        page.mouse.move(corner["x"] + corner["width"] / 2, corner["y"] + corner["height"] / 2)
        for _ in range(6):
            page.mouse.wheel(0, -100)
        # Once the wheel rests, every label is 14 px high again.
        repainted = """() => window.borderkg.nodes.get().filter((n) => n.label && !n.hidden)
            .every((n) => Math.abs(n.font.size * window.borderkg.network.getScale() - 14) < 0.5)"""
        assert page.evaluate("window.borderkg.network.getScale()") > 1.5 * opening_scale
        assert eventually(page, repainted, None, True)
        assert len(page.evaluate(SHOWN)["labels"]) > len(labelled)
        assert log["errors"] == []


def eventually(page, expression: str, argument: Any, expected: Any, seconds: float = 5) -> Any:
    """The value of ``expression`` once it is ``expected``, or whatever it is after ``seconds``:
    the page answers a pointer event a frame later."""
    for _ in range(int(seconds * 20)):
        value = page.evaluate(expression, argument)
        if value == expected:
            return value
        page.wait_for_timeout(50)
    return page.evaluate(expression, argument)


def dom_position(page, node: str) -> tuple[float, float]:
    """Where an entity is drawn, in page coordinates."""
    return tuple(page.evaluate(
        """(id) => {
            const network = window.borderkg.network;
            const at = network.canvasToDOM(network.getPosition(id));
            const box = document.getElementById("graph").getBoundingClientRect();
            return [box.left + at.x, box.top + at.y];
        }""",
        node,
    ))


PLACES = ("Place", "Country", "AdministrativeArea", "City", "BorderCrossing", "NaturalRegion")


def lab(color: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour like ``#1b9e77``."""
    linear = []
    for index in (1, 3, 5):
        channel = int(color[index : index + 2], 16) / 255
        linear.append(channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4)
    red, green, blue = linear
    xyz = (
        (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047,
        0.2126 * red + 0.7152 * green + 0.0722 * blue,
        (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883,
    )
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_place_classes_are_told_apart_by_colour(browser, tmp_path):
    graph = nx.MultiDiGraph()
    for kind in PLACES:
        graph.add_node(f"id:{kind}", label=kind, type=kind, aliases=[], mention_count=1,
                       evidence=[])
    with opened(browser, write_html(graph, tmp_path / "places.html")) as (page, _):
        colours = {
            kind: page.evaluate("(id) => window.borderkg.nodes.get(id).color.background",
                                f"id:{kind}")
            for kind in PLACES
        }
        for first, second in itertools.combinations(PLACES, 2):
            # CIE76 colour difference: above 25 reads as another colour, not another shade.
            assert math.dist(lab(colours[first]), lab(colours[second])) > 25, (first, second)
        # The legend draws each class in its colour.
        for kind in PLACES:
            glyph = page.locator("#types label", has_text=re.compile(rf"^\W*{kind} ")).locator(".glyph")
            rgb = glyph.evaluate("(span) => getComputedStyle(span).color")
            assert rgb == "rgb({}, {}, {})".format(
                *(int(colours[kind][i : i + 2], 16) for i in (1, 3, 5))
            )


def test_click_on_a_node_shows_its_evidence(browser_page):
    page, _ = browser_page
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
    click_blank(page)


def test_hostile_text_shows_as_text(browser_page):
    page, log = browser_page
    click_node(page, f"{ID}person/hostile-1")
    panel = page.locator("#panel")
    assert panel.locator("h2").inner_text() == IMG
    assert HOSTILE_TITLE in panel.inner_text()
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    assert log["dialogs"] == []
    click_blank(page)


def test_search_focuses_a_node_by_alias(browser_page):
    page, _ = browser_page
    page.fill("#search-input", "ms. edwards-behar")
    page.press("#search-input", "Enter")
    assert page.evaluate("window.borderkg.network.getSelectedNodes()") == [PERSON]
    assert page.locator("#panel h2").inner_text() == "Tatyana Edwards-Behar"
    page.fill("#search-input", "EDWARDS-BEHAR")  # a surname, any case: the one resolver's
    page.press("#search-input", "Enter")
    assert page.evaluate("window.borderkg.network.getSelectedNodes()") == [PERSON]
    page.fill("#search-input", "Atlantis")
    page.press("#search-input", "Enter")
    assert "No entity" in page.locator("#search-status").inner_text()
    click_blank(page)


VISIBLE_NODES = "window.borderkg.visibleNodeIds().sort()"
VISIBLE_EDGES = "window.borderkg.visibleEdgeIds().length"


def page_data(page) -> dict[str, Any]:
    """The graph the page was given."""
    return page.evaluate('JSON.parse(document.getElementById("borderkg-data").textContent)')


def edge_ids(page, predicate=None) -> list[str]:
    """Ids of the page's edges (of one predicate), from the page's own data."""
    return [edge["id"] for edge in page_data(page)["edges"]
            if predicate is None or edge["predicate"] == predicate]


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
    assert page.evaluate(VISIBLE_EDGES) == total - co
    page.check(f'#predicates input[value="{CO_MENTIONED}"]')
    assert page.evaluate(VISIBLE_EDGES) == total
    page.uncheck('#predicates input[value="waitedIn"]')
    assert page.evaluate(VISIBLE_EDGES) == total - 1
    page.uncheck(f'#predicates input[value="{CO_MENTIONED}"]')
    assert page.evaluate(VISIBLE_EDGES) == total - co - 1
    visible = set(page.evaluate("window.borderkg.visibleEdgeIds()"))
    assert not visible & set(edge_ids(page, CO_MENTIONED) + edge_ids(page, "waitedIn"))
    page.check('#predicates input[value="waitedIn"]')
    assert page.evaluate(VISIBLE_EDGES) == total - co


def test_document_filter_keeps_what_was_read_in_it(browser_page, graph):
    page, _ = browser_page
    page.check(f'#predicates input[value="{CO_MENTIONED}"]')
    page.select_option("#document", "d2")
    in_d2 = sorted(n for n, d in graph.nodes(data=True) if any(e.document == "d2" for e in d["evidence"]))
    assert in_d2 == sorted([APP, AGENCY, CROSSING])
    assert page.evaluate(VISIBLE_NODES) == in_d2
    # Of the links between them only the co-mention of San Ysidro was read in d2.
    (link,) = page.evaluate("window.borderkg.visibleEdgeIds()")
    assert page.evaluate("(id) => window.borderkg.edges.get(id)", link)["from"] in (APP, CROSSING)
    assert page.inner_text("#counts").startswith("3 of 10 entities shown, 1 of ")
    page.select_option("#document", "")
    assert len(page.evaluate(VISIBLE_NODES)) == graph.number_of_nodes()
    page.uncheck(f'#predicates input[value="{CO_MENTIONED}"]')


def test_neighbourhood_shows_only_nodes_within_the_hops(browser_page, graph):
    page, _ = browser_page
    # Through the links shown: facts and route legs, co-mentions once they are asked for.
    facts = nx.MultiDiGraph(
        (u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True)
        if d["predicate"] != CO_MENTIONED
    )
    facts.add_nodes_from(graph)
    page.fill("#search-input", "CBP")
    page.press("#search-input", "Enter")
    assert page.evaluate("window.borderkg.network.getSelectedNodes()") == [AGENCY]
    for hops, links in ((1, facts), (2, facts), (1, graph), (2, graph)):
        if links is graph:
            page.check(f'#predicates input[value="{CO_MENTIONED}"]')
        page.select_option("#hops", str(hops))
        expected = nx.ego_graph(links, AGENCY, radius=hops, undirected=True)
        assert page.evaluate(VISIBLE_NODES) == sorted(expected)
        assert page.evaluate(VISIBLE_EDGES) == expected.number_of_edges()
    assert "U.S. Customs and Border Protection" in page.inner_text("#neighbourhood-status")
    page.select_option("#hops", "0")
    page.uncheck(f'#predicates input[value="{CO_MENTIONED}"]')
    assert len(page.evaluate(VISIBLE_NODES)) == graph.number_of_nodes()
    click_blank(page)


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


def painted(page, x: float, y: float) -> tuple[int, int, int]:
    """The colour the page paints at a point of the canvas (in canvas units)."""
    return tuple(page.evaluate(
        """([x, y]) => {
            const network = window.borderkg.network;
            const at = network.canvasToDOM({x: x, y: y});
            const canvas = document.querySelector("#graph canvas");
            const ratio = canvas.width / canvas.getBoundingClientRect().width;
            const data = canvas.getContext("2d")
                .getImageData(Math.round(at.x * ratio), Math.round(at.y * ratio), 1, 1).data;
            return [data[0], data[1], data[2]];
        }""",
        [x, y],
    ))


def pixel(page, latitude: float, longitude: float) -> tuple[int, int, int]:
    """The colour the map layout paints at a latitude and longitude."""
    return painted(page, *map_position(latitude, longitude))


def drawn(page, node: str) -> bool:
    """Whether the page paints an entity's colour at its centre."""
    at = page.evaluate("(id) => window.borderkg.network.getPosition(id)", node)
    colour = page.evaluate("(id) => window.borderkg.nodes.get(id).color.background", node)
    return near(painted(page, at["x"], at["y"]), tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)))


LAND = (0xF6, 0xF4, 0xEC)
SEA = (0xE4, 0xEE, 0xF6)


def near(colour, expected, tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


def test_map_layout_pins_places_on_a_map(browser_page, graph):
    page, log = browser_page
    page.check('#layout input[value="map"]')
    page.wait_for_selector('body[data-layout="map"]', state="attached", timeout=10_000)
    position = "(id) => window.borderkg.network.getPositions([id])[id]"
    for place in (CITY, CROSSING, GAP):
        x, y = map_position(graph.nodes[place]["latitude"], graph.nodes[place]["longitude"])
        at = page.evaluate(position, place)
        # vis-network reports positions cut to the pixel.
        assert (at["x"], at["y"]) == (pytest.approx(x, abs=1), pytest.approx(y, abs=1))
    # West is left and north is up: Tijuana is left of and above the Darién Gap.
    tijuana, gap = page.evaluate(position, CITY), page.evaluate(position, GAP)
    assert tijuana["x"] < gap["x"] and tijuana["y"] < gap["y"]
    # The country outlines are drawn where the places are pinned: land in Texas and
    # Chihuahua, sea in the Gulf of Mexico and the Pacific.
    assert near(pixel(page, 31.3, -101.3), LAND) and near(pixel(page, 28.5, -106.5), LAND)
    assert near(pixel(page, 25.5, -91.5), SEA) and near(pixel(page, 15.5, -112.5), SEA)
    # The others sit beside the place a fact links them to, on screen; those linked to
    # no place are not on the map.
    visible = page.evaluate(VISIBLE_NODES)
    for entity, place in ((PERSON, CITY), (GROUP, CROSSING)):
        assert entity in visible
        distance = math.dist(dom_position(page, entity), dom_position(page, place))
        assert 0 < distance < 80, (entity, distance)
    assert AGENCY not in visible and f"{ID}person/hostile-0" not in visible
    assert page.inner_text("#map-note") == (
        "3 entities at their coordinates, 3 beside the place they are linked to, "
        "4 linked to no place and not on the map."
    )
    page.screenshot(path=str(ARTIFACTS / "graph-map.png"))
    page.check('#layout input[value="network"]')
    page.wait_for_selector('body[data-layout="network"]', state="attached", timeout=10_000)
    assert page.evaluate(position, CITY) != page.evaluate(position, GAP)
    assert page.evaluate(f"window.borderkg.nodes.get('{CITY}').fixed") is False
    assert len(page.evaluate(VISIBLE_NODES)) == graph.number_of_nodes()
    assert page.is_hidden("#map-note")
    assert log["requests"] == [] and log["errors"] == []


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
    click_blank(page)
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




def countries() -> list[dict]:
    """The country outlines the page embeds."""
    text = (resources.files("kg") / "assets" / COUNTRIES).read_text(encoding="utf-8")
    return json.loads(text)["features"]


def contains(feature: dict, latitude: float, longitude: float) -> bool:
    """Whether a point is inside a country's outline (even-odd rule over its rings)."""
    crossings = 0
    for polygon in feature["geometry"]["coordinates"]:
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                if (y1 > latitude) != (y2 > latitude) and (
                    longitude < x1 + (latitude - y1) * (x2 - x1) / (y2 - y1)
                ):
                    crossings += 1
    return crossings % 2 == 1


def test_country_outlines_are_natural_earth_countries():
    features = countries()
    names = {feature["properties"]["name"] for feature in features}
    assert len(features) > 150 and {"Mexico", "United States of America", "Panama"} <= names
    (mexico,) = [f for f in features if f["properties"]["name"] == "Mexico"]
    assert contains(mexico, 32.5027, -117.00371)  # Tijuana
    assert not contains(mexico, 32.7157, -117.1611)  # San Diego


def test_corpus_graph_in_map_layout(browser, corpus_build):
    """The sample corpus on a map: each place pinned inside its country's outline, the
    other entities beside their places, routes as ordered arrows, and no request."""
    with opened(browser, corpus_build.out / "graph.html", 1600, 1000) as (page, log):
        data = page_data(page)
        legs = [edge for edge in data["edges"] if edge["predicate"] == ROUTE_LEG]
        assert legs and all(isinstance(leg["order"], int) for leg in legs)
        labels = page.evaluate(
            "(ids) => ids.map((id) => window.borderkg.edges.get(id).label)",
            [leg["id"] for leg in legs],
        )
        assert all(label.startswith(str(leg["order"])) for label, leg in zip(labels, legs))

        page.check('#layout input[value="map"]')
        page.wait_for_selector('body[data-layout="map"]', state="attached", timeout=15_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map.png"))
        shown = page.evaluate(SHOWN)
        # The outlines the page embeds and draws, at the page's scale.
        features, scale = data["countries"]["features"], data["map_scale"]
        assert features == countries()
        by_id = {node["id"]: node for node in data["nodes"]}
        pinned = [node for node in data["nodes"] if "latitude" in node]
        checked = set()
        for node in pinned:
            at = shown["positions"][node["id"]]
            x, y = map_position(node["latitude"], node["longitude"])
            assert (at["x"], at["y"]) == (pytest.approx(x, abs=1), pytest.approx(y, abs=1))
            home = [f for f in features if contains(f, node["latitude"], node["longitude"])]
            if not home:  # a region's centre at sea, or a country's outline too coarse for it
                continue
            corners = [(lon * scale, -lat * scale) for polygon in home[0]["geometry"]["coordinates"]
                       for ring in polygon for lon, lat in ring]
            assert min(c[0] for c in corners) - 1 <= at["x"] <= max(c[0] for c in corners) + 1
            assert min(c[1] for c in corners) - 1 <= at["y"] <= max(c[1] for c in corners) + 1
            checked.add((node["label"], home[0]["properties"]["name"]))
        assert {("Tijuana", "Mexico"), ("San Diego", "United States of America"),
                ("Darién Gap", "Panama")} <= checked
        # Without coordinates: beside a place it is linked to, or not on the map.
        neighbours: dict[str, set[str]] = {node["id"]: set() for node in data["nodes"]}
        for edge in data["edges"]:
            neighbours[edge["from"]].add(edge["to"])
            neighbours[edge["to"]].add(edge["from"])
        beside = 0
        for node in data["nodes"]:
            if "latitude" in node:
                continue
            places = [other for other in neighbours[node["id"]] if "latitude" in by_id[other]]
            if node["id"] not in shown["nodes"]:
                assert not places, node["label"]
                continue
            beside += 1
            nearest = min(math.dist(dom_position(page, node["id"]), dom_position(page, place))
                          for place in places)
            assert nearest < 120, (node["label"], nearest)
        assert beside > 20
        assert log["requests"] == [] and log["errors"] == []


@pytest.mark.parametrize(("name", "label", "least"), [("CBP One", "CBP One", 10),
                                                     ("darien gap", "Darién Gap", 3)])
def test_corpus_focus_opens_on_the_entity_and_all_it_is_linked_to(
    browser, corpus_build, tmp_path, name, label, least
):
    """`kg view --focus "CBP One"` opens with CBP One selected and every entity it is linked
    to on screen, labelled and drawn (it opened zoomed on five entities)."""
    out = tmp_path / "focus.html"
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "view", str(corpus_build.out), "-o", str(out),
         "--focus", name],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    graph = load(corpus_build.out)
    focus = resolver(graph).resolve(name)
    linked = set(nx.all_neighbors(graph, focus))
    assert len(linked) >= least
    with opened(browser, out) as (page, log):
        page.screenshot(path=str(ARTIFACTS / f"focus-{slugify(label)}.png"))
        shown = page.evaluate(SHOWN)
        assert shown["selected"] == [focus]
        assert page.locator("#panel h2").inner_text() == label
        for node in linked | {focus}:
            assert inside(shown["view"], shown["positions"][node]), graph.nodes[node]["label"]
        assert linked | {focus} <= set(shown["labels"])
        # ... and drawn (but where another entity lies over its centre).
        assert sum(drawn(page, node) for node in linked) >= len(linked) - len(linked) // 5
        assert all(entry["px"] >= 12 for entry in shown["labels"].values())
        # Its co-mention lines show, no one else's.
        co = [edge for edge in page_data(page)["edges"] if edge["predicate"] == CO_MENTIONED]
        shown_co = [edge for edge in co if edge["id"] in shown["edges"]]
        assert shown_co == [edge for edge in co if focus in (edge["from"], edge["to"])] != []
        assert log["requests"] == [] and log["errors"] == []


# -------------------------------------------------------------------- kg view


def test_kg_view_writes_the_ego_graph(corpus_build, tmp_path):
    out = tmp_path / "cbp-one.html"
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "view", str(corpus_build.out), "-o", str(out),
         "--focus", "cbp one", "--hops", "1"],
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
    focus = resolver(graph).resolve("cbp one")
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


def test_contradicting_counts_are_marked_in_the_evidence_panel(browser, tmp_path):
    said = "Agents apprehended 2,400 migrants in the Tucson Sector in May 2023."
    other = "Agents apprehended 3,100 migrants in the Tucson Sector in May 2023."
    graph = nx.MultiDiGraph()
    graph.add_node(GROUP, label="migrants", type="MigrantGroup", aliases=["migrants"],
                   mention_count=2, evidence=[evidence(said, "migrants", "d1"),
                                              evidence(FIRST, "Tijuana", "d2")])
    graph.graph["conflicts"] = [{
        "group": "migrants", "group_iri": GROUP, "counts": "migrants apprehended",
        "quantity": "2,400", "period": "in May 2023", "document": "d1", "sentence": said,
        "other_quantity": "3,100", "other_period": "in May 2023", "other_document": "d9",
        "other_sentence": other,
    }]
    with opened(browser, write_html(graph, tmp_path / "conflicts.html")) as (page, log):
        click_node(page, GROUP)
        panel = page.locator("#panel")
        conflict = panel.locator(".conflicts")
        assert "Contradicting counts (1)" in conflict.inner_text()
        sides = conflict.locator(".side")
        assert sides.count() == 2
        # Each side cites its document: by title when the view knows it, else by id.
        first, second = sides.nth(0).inner_text(), sides.nth(1).inner_text()
        assert "2,400" in first and "Waiting in Tijuana" in first
        assert "3,100" in second and "d9" in second
        # The sentence that gives one of the counts is marked among the evidence; the other is not.
        items = panel.locator("ol.evidence li")
        assert items.count() == 2
        assert [items.nth(i).get_attribute("class") for i in range(2)] == ["contradicted", None]
        assert log["errors"] == []


def test_time_filter_hides_what_was_reported_outside_it(federal_build, browser, tmp_path):
    """The federal texts: the window keeps the entities and links read in a document
    reported in it (and, while the box is checked, in a document with no date)."""
    graph = load(federal_build.out)
    dates = {key: doc["date"] for key, doc in graph.graph["documents"].items()}
    assert sum(1 for date in dates.values() if date) == 38
    path = write_html(graph, tmp_path / "graph.html", title="Federal texts")

    def expected(undated: bool) -> tuple[list[str], int]:
        def kept(documents) -> bool:
            return any(("2022-01-01" <= dates[d] <= "2022-12-31") if dates[d] else undated
                       for d in documents)
        nodes = sorted(n for n, d in graph.nodes(data=True) if kept(d.get("documents") or []))
        edges = sum(1 for u, v, d in graph.edges(data=True)
                    if d["predicate"] != CO_MENTIONED and kept(d["documents"])
                    and u in nodes and v in nodes)
        return nodes, edges

    with opened(browser, path) as (page, log):
        assert page.is_visible("#time")
        # The documents anything shown was read in (a story's copies count as one).
        listed = page_data(page)["documents"]
        dated = sorted(doc["date"] for doc in listed if doc["date"])
        assert len(dated) > 30 and all(dates[doc["id"]] == doc["date"] for doc in listed)
        assert page.inner_text("#time-status") == (
            f"{len(dated)} of {len(listed)} documents dated, {dated[0]} to {dated[-1]}")
        everything = page.evaluate(VISIBLE_NODES)
        for name, day in (("since", "2022-01-01"), ("until", "2022-12-31")):
            page.fill(f"#{name}", day)
            page.dispatch_event(f"#{name}", "change")
        nodes, edges = expected(undated=True)
        assert page.evaluate(VISIBLE_NODES) == nodes
        assert page.evaluate(VISIBLE_EDGES) == edges
        page.uncheck("#undated")
        nodes, edges = expected(undated=False)
        assert page.evaluate(VISIBLE_NODES) == nodes and 0 < len(nodes) < len(everything)
        assert page.evaluate(VISIBLE_EDGES) == edges
        assert page.inner_text("#time-status").endswith("documents in the window")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "graph-time-window.png"))
        for name in ("since", "until"):
            page.fill(f"#{name}", "")
            page.dispatch_event(f"#{name}", "change")
        assert page.evaluate(VISIBLE_NODES) == everything
        assert not log["errors"]


@pytest.fixture(scope="module")
def dated_build(tmp_path_factory) -> Path:
    """Three dated reports of the migrants apprehended in one sector, each for its own month."""
    from kg.build import build

    corpus = tmp_path_factory.mktemp("dated")
    sentence = "Border Patrol agents apprehended {} migrants in the Tucson Sector {}."
    records = [
        {"id": "april", "date": "2023-05-10", "text": sentence.format("1,200", "in April 2023")},
        {"id": "may", "date": "2023-06-14", "text": sentence.format("2,400", "last month")},
        {"id": "june", "date": "2023-07-12", "text": sentence.format("900", "in June 2023")},
    ]
    (corpus / "reports.jsonl").write_text(
        "".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    out = tmp_path_factory.mktemp("dated-build")
    build([corpus], out, quiet=True)
    return out


def test_an_entity_with_dated_counts_shows_them_on_a_time_line(dated_build, browser, tmp_path):
    graph = load(dated_build)
    counted = {item["group_iri"] for item in graph.graph["statistics"]}
    assert len(counted) == 1
    group = counted.pop()
    periods = sorted((item["period_start"], item["period_end"], item["quantity"])
                     for item in graph.graph["statistics"])
    # "last month" in a report of 2023-06-14 is May 2023.
    assert periods == [("2023-04-01", "2023-04-30", "1,200"), ("2023-05-01", "2023-05-31", "2,400"),
                       ("2023-06-01", "2023-06-30", "900")]
    with opened(browser, write_html(graph, tmp_path / "dated.html")) as (page, log):
        click_node(page, group)
        plot = page.locator("#panel .timeline svg")
        assert "Counts over time (3)" in page.inner_text("#panel .timeline")
        marks = plot.locator("g.count")
        assert marks.count() == 3
        titles = [marks.nth(i).locator("title").text_content() for i in range(3)]
        assert [t.split(" · ")[-1] for t in titles] == ["april", "may", "june"]
        # x: the months in order, left to right; y: the highest count (May) highest up.
        circles = [(float(marks.nth(i).locator("circle").get_attribute("cx")),
                    float(marks.nth(i).locator("circle").get_attribute("cy"))) for i in range(3)]
        assert circles[0][0] < circles[1][0] < circles[2][0]
        assert circles[1][1] < circles[0][1] < circles[2][1]
        assert plot.locator("text").all_text_contents()[-2:] == ["2023-04", "2023-06"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "graph-timeline.png"))
        assert log["errors"] == [] and log["requests"] == []


def test_time_line_text_is_escaped(browser, tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node(GROUP, label="migrants", type="MigrantGroup", aliases=["migrants"],
                   mention_count=1, evidence=[evidence(FIRST, "Tijuana", "d1")])
    graph.graph["statistics"] = [{
        "group_iri": GROUP, "place_iri": None, "value": 7.0, "quantity": SCRIPT,
        "counts": IMG, "period": SVG, "period_start": "2023-05-01", "period_end": "2023-05-31",
        "document": "d1",
    }]
    with opened(browser, write_html(graph, tmp_path / "hostile.html")) as (page, log):
        click_node(page, GROUP)
        title = page.locator("#panel .timeline g.count title").text_content()
        assert title == f"{SCRIPT} {IMG} · {SVG} · d1"
        assert page.locator("#panel .timeline img, #panel .timeline script").count() == 0
        assert log["dialogs"] == [] and log["errors"] == []


def test_a_fact_shows_when_it_held_beside_when_it_was_reported(browser, tmp_path):
    said = "In March 2020, the CDC invoked Title 42 at the border."
    cdc, title_42 = ID + "governmentagency/cdc", ID + "law/title-42"
    graph = nx.MultiDiGraph()
    graph.add_node(cdc, label="CDC", type="GovernmentAgency", aliases=[], mention_count=1,
                   evidence=[evidence(said, "CDC")])
    graph.add_node(title_42, label="Title 42", type="Law", aliases=[], mention_count=1,
                   evidence=[evidence(said, "Title 42")])
    held = dataclasses.replace(evidence(said, "CDC invoked Title 42"), date="2022-12-19",
                               period="In March 2020", period_start="2020-03-01",
                               period_end="2020-03-31")
    graph.add_edge(cdc, title_42, key=ID + "fact/d1/1", predicate="enacted", rule="frame-enacted",
                   confidence=0.75, weight=1, evidence=[held], documents=["d1"])
    with opened(browser, write_html(graph, tmp_path / "held.html")) as (page, log):
        edge = page.evaluate("window.borderkg.edges.getIds()[0]")
        page.evaluate("(id) => window.borderkg.network.emit('click', {nodes: [], edges: [id]})",
                      edge)
        item = page.locator("#panel ol.evidence li")
        assert item.locator(".held").inner_text() == "held: In March 2020 (2020-03-01 to 2020-03-31)"
        assert "2022-12-19" in item.locator("cite").inner_text()
        assert log["errors"] == []
