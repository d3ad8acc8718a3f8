"""The Python API: a KnowledgeGraph over the sample build, and over a tiny hostile graph."""

from __future__ import annotations

import dataclasses
import html
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest

from kg import KnowledgeGraph
from kg.analysis import ego
from kg.api import Citation, EntityProfile, GraphPath, SubGraph
from kg.errors import BorderKGError
from kg.names import Named, Resolver
from kg.network import project
from kg.query import run
from kg.store import open_store
from kg.viz import render_html

BK = "https://w3id.org/borderkg/ontology#"
ID = "https://w3id.org/borderkg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"

HOSTILE = 'Dr. "Evil" } ; DROP ALL ; { <script>alert(1)</script> & co'
HOSTILE_QUOTE = '<img src=x onerror="alert(2)"> } ; DROP ALL ; {'


@pytest.fixture(scope="module")
def g(corpus_build):
    graph = KnowledgeGraph.open(corpus_build.out)
    yield graph
    graph.close()


def _text(corpus_build, document: str) -> str:
    return (Path(corpus_build.out) / "text" / f"{document}.txt").read_text(encoding="utf-8")


def _supported(corpus_build, citation: Citation) -> bool:
    """The span is where the citation says, and inside its sentence."""
    text = _text(corpus_build, citation.document)
    assert citation.sentence is not None and citation.sentence_start is not None
    return (
        text[citation.start : citation.end] == citation.quote
        and text[citation.sentence_start : citation.sentence_start + len(citation.sentence)]
        == citation.sentence
        and citation.sentence_start <= citation.start <= citation.end
        <= citation.sentence_start + len(citation.sentence)
    )


# --------------------------------------------------------------------------- import and open


def test_import_kg_stays_cheap():
    code = (
        "import sys, kg\n"
        "assert 'spacy' not in sys.modules and 'pandas' not in sys.modules, 'heavy import'\n"
        "from kg import KnowledgeGraph\n"
        "assert 'spacy' not in sys.modules, 'the API imports spaCy'\n"
        "print(KnowledgeGraph.__module__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "kg.api"


def test_open_a_build_folder_its_store_folder_or_fail_clearly(corpus_build, tmp_path):
    with KnowledgeGraph.open(corpus_build.out / "store") as direct:
        assert len(direct.sparql("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")) == 1
    with pytest.raises(BorderKGError, match="kg build"):
        KnowledgeGraph.open(tmp_path / "nothing-here")


# --------------------------------------------------------------------------- SPARQL

LABELLED = f"""
SELECT ?entity WHERE {{ GRAPH <{ID}graph/entities> {{ ?entity <{RDFS}label> ?name }} }}
"""


def test_sparql_binds_parameters_and_returns_a_dataframe(g):
    frame = g.sparql(LABELLED, name="Tijuana")
    assert isinstance(frame, pd.DataFrame)
    assert frame["entity"].tolist() == [ID + "city/tijuana"]


@pytest.mark.parametrize(
    "name", ['} ; DROP ALL ; {', 'Tijuana" } ; DROP ALL ; { "', "it's {braces}", 'a\\"b']
)
def test_a_hostile_parameter_is_just_a_name(g, name):
    graphs = g.store.graphs()
    assert g.sparql(LABELLED, name=name).empty
    assert g.store.graphs() == graphs


def test_saved_queries_run_by_name_and_check_their_parameters(g):
    mentions = g.query("entity-mentions", name="cbp one")
    assert set(mentions["label"]) == {"CBP One"}
    assert "entity-mentions" in set(g.saved_queries()["name"])
    with pytest.raises(BorderKGError, match="needs --param name"):
        g.query("entity-mentions")
    with pytest.raises(BorderKGError, match="no parameter"):
        g.query("entity-mentions", name="x", nam="y")


# --------------------------------------------------------------------------- entities


def test_entity_by_any_alias_any_case_with_relations_and_their_sentences(g, corpus_build):
    person = g.entity("Edwards-Behar")
    assert isinstance(person, EntityProfile)
    assert person.label == "Tatyana Edwards-Behar"
    assert person.type == "Person"
    assert "Ms. Edwards-Behar" in person.aliases
    assert g.entity("ms. EDWARDS-behar").iri == person.iri
    assert person.mention_count >= 1 and len(person.mentions) == person.mention_count
    with pytest.raises(dataclasses.FrozenInstanceError):
        person.label = "someone else"  # type: ignore[misc]

    group = g.entity("Russian migrants")
    assert group.relations, "the sample says where Russian migrants travel"
    for fact in group.relations:
        assert group.label in (fact.subject, fact.object)
        assert _supported(corpus_build, fact.evidence)
    for mention in group.mentions:
        assert _supported(corpus_build, mention)
    frame = group.relations_frame()
    assert len(frame) == len(group.relations) and frame["sentence"].notna().all()


def test_an_unknown_or_ambiguous_name_is_a_clear_error(g):
    with pytest.raises(BorderKGError, match="no entity is called 'Nobody McNobody'"):
        g.entity("Nobody McNobody")
    with pytest.raises(BorderKGError, match="did you mean Anna Mashinskaia"):
        g.entity("Ana Mashinskaya")
    names = Resolver([Named("id:a", "Anna Smith"), Named("id:b", "John Smith")])
    with pytest.raises(BorderKGError, match="Anna Smith, John Smith"):
        names.resolve("Smith")


def test_one_name_works_everywhere(g):
    """The names of the issue: a surname, a name without its accent, any case."""
    assert g.entity("Mashinskaia").label == "Anna Mashinskaia"
    assert g.entity("Darien Gap").label == "Darién Gap"
    assert "Darién Gap" in set(g.search("darien")["label"])
    assert len(g.query("entity-mentions", name="Darien Gap")) > 0
    assert len(g.routes("mashinskaia")) > 0
    assert g.path("Edwards-Behar", "Cancun") is not None


def test_search_lists_entities_whose_names_contain_the_text(g):
    found = g.search("PAROLE")
    assert isinstance(found, pd.DataFrame)
    assert "humanitarian parole" in {label.lower() for label in found["label"]}
    assert all("parole" in matched.lower() for matched in found["matched"])
    assert g.search("no such words anywhere").empty


# --------------------------------------------------------------------------- network


def test_path_is_a_chain_of_hops_with_evidence(g, corpus_build):
    path = g.path("Tatyana Edwards-Behar", "Russia")
    assert isinstance(path, GraphPath)
    assert path.labels[0] == "Tatyana Edwards-Behar" and path.labels[-1] == "Russia"
    assert len(path.hops) == len(path.nodes) - 1
    for hop in path.hops:
        assert hop.evidence
        assert all(c.sentence for c in hop.evidence)
    assert str(path).startswith("Tatyana Edwards-Behar ")


def test_neighbors_and_to_networkx(g):
    graph = g.to_networkx()
    graph.remove_node(g.entity("Title 42").iri)
    assert g.entity("Title 42").iri in g.to_networkx(), "to_networkx returns a copy"

    center = g.entity("Title 42").iri
    near = g.neighbors("Title 42", hops=1, co_mentions=False)
    assert isinstance(near, SubGraph) and near.center == center
    full = g.to_networkx()
    expected = {center}
    for u, v, key in full.edges(keys=True):
        if key != "coMentioned" and center in (u, v):
            expected |= {u, v}
    assert set(near.graph) == expected
    assert set(g.neighbors("Title 42", hops=1).graph) == set(ego(full, center, hops=1))
    assert set(near.nodes()["entity"]) == expected


# --------------------------------------------------------------------------- routes, numbers


def test_routes_of_a_group_leg_by_leg(g):
    legs = g.routes("chinese migrants")
    assert not legs.empty and set(legs["traveller"]) == {"Chinese migrants"}
    assert list(legs.columns) == list(g.query("group-routes", group="Chinese migrants").columns)
    for _, route in legs.groupby("route"):
        assert route["order"].tolist() == sorted(route["order"])
    everything = g.routes()
    assert list(everything.columns) == list(legs.columns)
    assert set(legs["route"]) <= set(everything["route"])
    assert everything["sentence"].notna().all()


def test_statistics_filters_agree_with_the_whole_table(g):
    every = g.statistics()
    assert not every.empty
    russians = g.statistics(group="Russian migrants")
    assert not russians.empty and set(russians["group"]) == {"Russian migrants"}
    assert len(russians) == (every["group"] == "Russian migrants").sum()
    percent = g.statistics(what="%")
    assert len(percent) == every["counts"].fillna("").str.contains("%").sum()
    place = every["place"].dropna().iloc[0]
    assert set(g.statistics(place=place.upper())["place"]) >= {place}


def test_quotes_by_speaker_and_about(g):
    every = g.quotes()
    assert list(every.columns) == [
        "speaker", "kind", "quote", "about", "document", "start", "sentence"
    ]
    assert set(every["kind"]) <= {"quote", "claim"}
    said = every.dropna(subset=["speaker"])
    if said.empty:
        pytest.skip("no quote of this build has a speaker")
    speaker = said["speaker"].iloc[0]
    by_speaker = g.quotes(speaker=speaker)
    assert not by_speaker.empty and set(by_speaker["speaker"]) == {speaker}
    about = every[every["about"] != ""]
    if not about.empty:
        topic = about["about"].iloc[0].split("; ")[0]
        assert all(topic in a.split("; ") for a in g.quotes(about=topic)["about"])


# --------------------------------------------------------------------------- HTML


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(markup: str) -> list[str]:
    parser = _Tags()
    parser.feed(markup)
    return [tag for tag, _ in parser.tags]


def test_show_embeds_the_offline_page_in_an_attribute_escaped_iframe(g):
    view = g.show(focus="CBP One", hops=1)
    parser = _Tags()
    parser.feed(view.data)
    assert [tag for tag, _ in parser.tags] == ["div", "iframe"]
    attributes = parser.tags[1][1]
    graph = project(g.store)
    center = g.entity("CBP One").iri
    expected = render_html(ego(graph, center, hops=1), title="borderkg: CBP One", focus=center)
    assert attributes["srcdoc"] == expected
    assert "allow-same-origin" not in (attributes.get("sandbox") or "")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A tiny graph whose names, sentences, titles and quotes are hostile markup."""
    entities, doc = ox.NamedNode(ID + "graph/entities"), ox.NamedNode(ID + "graph/doc/d1")
    person, city, nowhere = (ox.NamedNode(ID + p) for p in ("person/evil", "city/tijuana",
                                                           "country/nowhere"))
    document = ox.NamedNode(ID + "doc/d1")
    sentence_text = f"{HOSTILE} travelled through Tijuana."
    sentence = ox.NamedNode(f"{ID}sentence/d1/0-{len(sentence_text)}")
    quads: list[ox.Quad] = []

    def add(s, p, o, graph):
        quads.append(ox.Quad(s, ox.NamedNode(p), o, graph))

    def integer(n):
        return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))

    for node, kind, label in ((person, "Person", HOSTILE), (city, "City", "Tijuana"),
                              (nowhere, "Country", "Nowhere")):
        add(node, RDF + "type", ox.NamedNode(BK + kind), entities)
        add(node, RDFS + "label", ox.Literal(label), entities)
        add(node, SKOS + "altLabel", ox.Literal(label), entities)
        add(node, BK + "mentionCount", integer(0 if node == nowhere else 1), entities)
    add(document, RDF + "type", ox.NamedNode(BK + "Document"), doc)
    add(document, DCTERMS + "identifier", ox.Literal("d1"), doc)
    add(document, DCTERMS + "title", ox.Literal("<b>bold</b> title"), doc)
    add(document, "https://schema.org/url", ox.NamedNode("javascript:alert(3)"), doc)
    add(sentence, RDF + "type", ox.NamedNode(BK + "Sentence"), doc)
    add(sentence, RDF + "value", ox.Literal(sentence_text), doc)
    add(sentence, OA + "start", integer(0), doc)
    add(sentence, OA + "end", integer(len(sentence_text)), doc)

    def evidence(node, start, end):
        add(node, OA + "hasSource", document, doc)
        add(node, OA + "start", integer(start), doc)
        add(node, OA + "end", integer(end), doc)
        add(node, OA + "exact", ox.Literal(sentence_text[start:end]), doc)
        add(node, BK + "sentence", sentence, doc)

    city_start = sentence_text.index("Tijuana")
    for entity, start, end in ((person, 0, len(HOSTILE)),
                               (city, city_start, city_start + len("Tijuana"))):
        mention = ox.NamedNode(f"{ID}mention/d1/{start}-{end}")
        add(mention, RDF + "type", ox.NamedNode(BK + "Mention"), doc)
        add(mention, BK + "refersTo", entity, doc)
        evidence(mention, start, end)
    fact = ox.NamedNode(ID + "fact/d1/1")
    add(person, BK + "travelsThrough", city, doc)
    add(fact, RDF + "type", ox.NamedNode(BK + "Assertion"), doc)
    add(fact, RDF + "subject", person, doc)
    add(fact, RDF + "predicate", ox.NamedNode(BK + "travelsThrough"), doc)
    add(fact, RDF + "object", city, doc)
    evidence(fact, 0, len(sentence_text) - 1)
    quote = ox.NamedNode(ID + "quote/d1/0-10")
    add(quote, RDF + "type", ox.NamedNode(BK + "Quote"), doc)
    add(quote, BK + "text", ox.Literal(HOSTILE_QUOTE), doc)
    add(quote, BK + "speaker", person, doc)
    add(quote, BK + "about", city, doc)
    evidence(quote, 0, 10)

    store = open_store(tmp_path_factory.mktemp("hostile") / "store")
    for graph in (entities, doc):
        nquads = "".join(f"{q} .\n" for q in quads if q.graph_name == graph)
        store.replace_graph(graph.value, nquads)
    graph = KnowledgeGraph(store, location="hostile")
    yield graph
    graph.close()


def test_a_hostile_name_is_found_as_a_parameter_and_as_a_name(hostile):
    assert hostile.sparql(LABELLED, name=HOSTILE)["entity"].tolist() == [ID + "person/evil"]
    assert hostile.entity(HOSTILE).iri == ID + "person/evil"
    assert hostile.quotes(speaker=HOSTILE)["quote"].tolist() == [HOSTILE_QUOTE]
    assert hostile.quotes(about="Tijuana")["speaker"].tolist() == [HOSTILE]
    assert hostile.path(HOSTILE, "Nowhere") is None


@pytest.mark.parametrize("what", ["entity", "path", "neighbors"])
def test_rich_display_escapes_every_string_from_articles(hostile, what):
    shown = {
        "entity": lambda: hostile.entity(HOSTILE),
        "path": lambda: hostile.path(HOSTILE, "Tijuana"),
        "neighbors": lambda: hostile.neighbors("Tijuana", hops=1),
    }[what]()
    markup = shown._repr_html_()
    assert "<script" not in markup and "<b>bold" not in markup and "<img" not in markup
    assert html.escape(HOSTILE) in markup
    assert set(_tags(markup)) <= {
        "div", "h3", "h4", "small", "p", "code", "br", "b", "table", "thead", "tbody", "tr",
        "th", "td", "ul", "ol", "li", "span", "mark", "a",
    }


def test_show_escapes_a_hostile_page_into_one_attribute(hostile):
    view = hostile.show(focus=HOSTILE, hops=1)
    parser = _Tags()
    parser.feed(view.data)
    assert [tag for tag, _ in parser.tags] == ["div", "iframe"]
    page = parser.tags[1][1]["srcdoc"]
    assert page is not None and page.startswith("<!DOCTYPE html>")
    assert "<script>alert(1)</script>" not in page  # article text is JSON-escaped in the page


def test_sparql_returns_ask_and_construct_as_frames(hostile):
    assert hostile.sparql("ASK { GRAPH ?g { ?s ?p ?name } }", name="Tijuana")["ask"].tolist() == [
        True
    ]
    triples = hostile.sparql(
        f"CONSTRUCT {{ ?s <{RDFS}label> ?name }} WHERE {{ GRAPH ?g {{ ?s <{RDFS}label> ?name }} }}",
        name="Nowhere",
    )
    assert triples.values.tolist() == [[ID + "country/nowhere", RDFS + "label", "Nowhere"]]


def test_the_api_answers_what_kg_query_answers(g):
    direct = run(g.store, "group-routes", {"group": "Chinese migrants"})
    expected = pd.DataFrame([list(row) for row in direct.rows], columns=list(direct.columns))
    expected["sentence"] = expected["sentence"].str.rstrip()  # the API trims the trailing break
    pd.testing.assert_frame_equal(g.routes("Chinese migrants"), expected)


def test_no_display_runs_article_text_in_a_real_browser(hostile, browser, tmp_path):
    """Every rich display and the inline view, on one page in Chromium: nothing executes."""
    parts = [hostile.entity(HOSTILE)._repr_html_(), hostile.path(HOSTILE, "Tijuana")._repr_html_(),
             hostile.neighbors("Tijuana", hops=1)._repr_html_(),
             hostile.show(focus=HOSTILE, hops=1).data]
    page_file = tmp_path / "displays.html"
    page_file.write_text("<!DOCTYPE html><meta charset='utf-8'><body>" + "".join(parts),
                         encoding="utf-8")
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(page_file.as_uri())
    page.wait_for_timeout(1500)
    assert HOSTILE in page.inner_text("body")
    for link in page.query_selector_all("a[href]"):
        assert not link.get_attribute("href").strip().lower().startswith("javascript:")
    page.close()
    assert dialogs == []


def test_a_leg_without_a_traveller_entity_is_told_once(g):
    """A route that names no traveller entity is one row per leg, not one per entity of the graph."""
    legs = g.routes()
    pairs = legs[(legs["from"] == "Agua Prieta") & (legs["to"] == "Douglas")]
    # "the program delivers immigrants ... from Agua Prieta to Douglas": unnamed, the story's migrants
    assert len(pairs) == 1 and pairs["traveller"].iloc[0] == "migrants"
