"""The HTML view: offline, escaped, deterministic, and working in a real browser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import BorderKGError
from kg.network import CO_MENTIONED
from kg.viz import VIS_NETWORK, render_html, write_html

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

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


def evidence(
    sentence: str, quote: str, document: str = "d1", title: str = "Waiting in Tijuana", last=False
):
    """Evidence for ``quote`` (its last occurrence if ``last``), the sentence at offset 100."""
    start = 100 + (sentence.rindex(quote) if last else sentence.index(quote))
    return {
        "document": document,
        "title": title,
        "url": f"https://example.org/news/{document}",
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
    assert not re.search(r"https?:|//cdn|cdn\.|jsdelivr|unpkg|cdnjs", rest, re.IGNORECASE)


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
def browser_page(graph, tmp_path_factory):
    """The page open in headless Chromium, with every non-file request blocked and logged."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")

    path = write_html(graph, tmp_path_factory.mktemp("view") / "graph.html", title="Border graph")
    log = {"requests": [], "errors": [], "dialogs": []}

    def route(route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            log["requests"].append(url)
            route.abort()

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 850})
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
            browser.close()


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


def test_type_filter_and_link_toggles(browser_page):
    page, _ = browser_page
    hidden = "(ids) => ids.map((id) => window.borderkg.{}.get(id).hidden === true)"
    page.locator("#types label", has_text="City").locator("input").uncheck()
    assert page.evaluate(hidden.format("nodes"), [CITY]) == [True]
    page.locator("#types label", has_text="City").locator("input").check()
    assert page.evaluate(hidden.format("nodes"), [CITY]) == [False]
    edges = "window.borderkg.edges.get().filter((e) => {}e.label).map((e) => e.id)"
    co, facts = page.evaluate(edges.format("!")), page.evaluate(edges.format(""))
    assert len(co) == 7 and len(facts) == 3
    page.uncheck("#show-co-mentions")
    assert page.evaluate(hidden.format("edges"), co + facts) == [True] * 7 + [False] * 3
    page.uncheck("#show-facts")
    page.check("#show-co-mentions")
    assert page.evaluate(hidden.format("edges"), co + facts) == [False] * 7 + [True] * 3
    page.check("#show-facts")


def test_browser_made_no_request_and_no_error(browser_page):
    _, log = browser_page
    assert log["requests"] == []
    assert log["errors"] == []
    assert log["dialogs"] == []
