"""kg.query and every saved query, on a tiny graph in the shape of ontology/GRAPH.md.

Each saved query runs on both back ends (embedded folder, real ``oxigraph serve``)
and must give the same, expected answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest_sparql import load_fixture, oxigraph_server  # noqa: F401

from kg.errors import BorderKGError
from kg.names import UnknownName
from kg.query import (
    SavedQuery,
    load_query,
    parse_saved_query,
    run,
    saved_queries,
)
from kg.store import Store, Table, open_store

ID = "https://w3id.org/borderkg/id/"


@pytest.fixture(scope="module", params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Store]:
    if request.param == "embedded":
        opened = open_store(tmp_path_factory.mktemp("query") / "store")
    else:
        opened = open_store(request.getfixturevalue("oxigraph_server"))
        for graph in opened.graphs():
            opened.drop_graph(graph)
    load_fixture(opened)
    yield opened
    opened.close()


def records(store: Store, query: str, /, **params: str) -> list[dict]:
    return run(store, query, params).records()


def test_every_saved_query_is_documented_and_parses() -> None:
    queries = {q.name: q for q in saved_queries()}
    expected = {
        "entity-mentions", "quotes-about", "policy-agencies", "people-affiliations",
        "group-routes", "statistics", "co-mentions", "edge-evidence", "entities-by-type",
        "route-places", "statistic-conflicts", "group-crossings",
    }  # fmt: skip
    assert expected <= set(queries)
    for query in queries.values():
        assert query.text.startswith("# title: "), query.name
        assert query.description and query.form == "SELECT", query.name
        assert query.path is not None and query.path.suffix == ".rq"
        for param in query.params:
            assert f"?{param.name}" in query.text, (query.name, param.name)
        ox.Store().query(query.text)  # parses (an empty store answers nothing)


def test_entity_mentions_by_any_alias(store: Store) -> None:
    rows = records(store, "entity-mentions", name="the cbp one APP")
    assert [(r["document"], r["start"], r["text"]) for r in rows] == [
        ("d1", 38, "CBP One"),
        ("d2", 12, "the CBP One app"),
    ]
    assert rows[0]["type"] == "App" and rows[0]["entity"] == ID + "app/cbp-one"
    assert rows[0]["sentence"] == 'DHS Secretary Alejandro Mayorkas said CBP One "works well".'
    with pytest.raises(UnknownName):
        records(store, "entity-mentions", name='x" } ; DROP ALL ; {')


def test_quotes_about(store: Store) -> None:
    rows = records(store, "quotes-about", person="Mayorkas", policy="CBP One")
    assert [(r["kind"], r["quote"], r["document"]) for r in rows] == [
        ("quote", "works well", "d1"),
        ("claim", "the app would be fixed", "d2"),
    ]
    assert records(store, "quotes-about", person="Mayorkas", policy="Tijuana") == []


def test_policy_agencies(store: Store) -> None:
    rows = records(store, "policy-agencies", policy="the CBP One app")
    assert [(r["agency_label"], r["relation"], r["documents"]) for r in rows] == [
        ("U.S. Customs and Border Protection", "administers", 1)
    ]
    assert rows[0]["example"].endswith("CBP runs CBP One.")


def test_people_affiliations(store: Store) -> None:
    rows = records(store, "people-affiliations")
    assert [(r["person_label"], r["relation"], r["organization_label"]) for r in rows] == [
        ("Alejandro Mayorkas", "worksFor", "Department of Homeland Security")
    ]


def test_group_routes_leg_by_leg(store: Store) -> None:
    rows = records(store, "group-routes", group="Russians")
    assert [(r["order"], r["from"], r["to"], r["mode"]) for r in rows] == [
        (1, "Moscow", "Cancún", "flew"),
        (2, "Cancún", "Tijuana", None),
    ]


def test_statistics(store: Store) -> None:
    rows = records(store, "statistics")
    assert [(r["group"], r["value"], r["source"]) for r in rows] == [
        ("Russian migrants", 24200.0, "according to CBP data"),
        ("families", 3.0, None),
    ]
    assert rows[0]["qualifier"] == "more than" and rows[0]["place"] == "Tijuana"


def test_statistics_keeps_the_hundred_largest(tmp_path: Path) -> None:
    bk = "https://w3id.org/borderkg/ontology#"
    graph, doc = f"<{ID}graph/doc/many>", f"<{ID}doc/many>"
    lines = [f"{doc} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{bk}Document> {graph} .",
             f'{doc} <http://purl.org/dc/terms/identifier> "many" {graph} .']
    for n in range(1, 106):
        stat = f"<{ID}statistic/many/{n}>"
        lines += [f'{stat} <{bk}value> "{n}"^^<http://www.w3.org/2001/XMLSchema#integer> {graph} .',
                  f'{stat} <{bk}quantityText> "{n}" {graph} .']
    with open_store(tmp_path / "store") as many:
        many.replace_graph(f"{ID}graph/doc/many", "\n".join(lines) + "\n")
        rows = records(many, "statistics")
    assert [r["value"] for r in rows] == list(range(105, 5, -1))


def test_co_mentions(store: Store) -> None:
    rows = records(store, "co-mentions", first="CBP One", second="tijuana")
    assert [(r["document"], r["first_mentions"], r["shared_sentences"]) for r in rows] == [
        ("d2", 1, 1)
    ]
    both = records(store, "co-mentions", first="CBP One", second="Mayorkas")
    assert [(r["document"], r["shared_sentences"]) for r in both] == [("d1", 1), ("d2", 0)]


def test_edge_evidence(store: Store) -> None:
    rows = records(
        store, "edge-evidence", subject="Mayorkas", predicate_iri="bk:worksFor", object="DHS"
    )
    assert len(rows) == 1
    row = rows[0]
    assert (row["exact"], row["rule"], row["confidence"], row["negated"]) == (
        "DHS Secretary Alejandro Mayorkas",
        "title-of-org",
        0.9,
        False,
    )
    assert row["sentence"].startswith("DHS Secretary")
    wrong = records(
        store, "edge-evidence", subject="Mayorkas", predicate_iri="bk:ends", object="DHS"
    )
    assert wrong == []


def test_entities_by_type(store: Store) -> None:
    rows = records(store, "entities-by-type")
    app = next(r for r in rows if r["label"] == "CBP One")
    assert (app["type"], app["mentions"], app["documents"]) == ("App", 3, 2)
    assert app["wikidata"] == "http://www.wikidata.org/entity/Q115820370"
    assert [r["type"] for r in rows] == sorted(r["type"] for r in rows)
    cities = [r["label"] for r in rows if r["type"] == "City"]
    assert cities[0] == "Tijuana"  # most mentioned first


def test_route_places(store: Store) -> None:
    rows = {r["label"]: r for r in records(store, "route-places")}
    assert (rows["Cancún"]["legs_from"], rows["Cancún"]["legs_to"]) == (1, 1)
    assert (rows["Tijuana"]["legs_from"], rows["Tijuana"]["legs_to"]) == (0, 1)
    assert rows["Tijuana"]["latitude"] == 32.5
    assert rows["Moscow"]["who_passes"] == "Russian migrants"


def test_route_places_names_who_passes_beside_a_route_of_no_one(corpus_build) -> None:
    """In the sample, routes of no named traveller reach the United States too: every
    place still lists as many names as it counts travellers."""
    with open_store(corpus_build.out / "store", read_only=True) as built:
        rows = records(built, "route-places")
    assert rows and all(len(r["who_passes"].split("; ")) == r["travellers"]
                        for r in rows if r["travellers"])
    assert {r["label"]: r["travellers"] for r in rows}["United States"] == 4


def test_both_back_ends_agree(store: Store, tmp_path) -> None:
    other = open_store(tmp_path / "other")
    try:
        load_fixture(other)
        for query in saved_queries():
            params = {
                p.name: "bk:worksFor" if p.name.endswith("_iri") else "Mayorkas"
                for p in query.params
            }
            assert run(store, query, params) == run(other, query, params), query.name
        assert store.dump("trig") == other.dump("trig")  # byte for byte
    finally:
        other.close()


def test_parameters_are_checked(store: Store) -> None:
    with pytest.raises(BorderKGError, match="needs --param name"):
        run(store, "entity-mentions", {})
    with pytest.raises(BorderKGError, match="has no parameter 'nmae'"):
        run(store, "entity-mentions", {"name": "x", "nmae": "x"})
    with pytest.raises(BorderKGError, match="no saved query"):
        load_query("no-such-query")


def test_ask_construct_and_inline_text(store: Store) -> None:
    assert run(store, "ASK { GRAPH ?g { ?s a ?type } }").rows == ((True,),)
    table = run(
        store,
        "CONSTRUCT { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { GRAPH ?g { "
        "?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } }",
        {"l": "Tijuana"},
    )
    assert table.rows == (
        (ID + "city/tijuana", "http://www.w3.org/2000/01/rdf-schema#label", "Tijuana"),
    )


def test_load_query_from_a_file(tmp_path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("# title: Mine\n# param: x — a thing\nSELECT ?x { }\n", encoding="utf-8")
    query = load_query(str(path))
    assert (query.name, query.title, [p.name for p in query.params]) == ("mine", "Mine", ["x"])
    assert isinstance(load_query(query), SavedQuery)
    with pytest.raises(BorderKGError, match="bad '# param:' line"):
        parse_saved_query("# param: ???\nASK {}")


def test_kg_query_command(store: Store, tmp_path, capsys) -> None:
    from kg.cli import main
    from kg.store import EmbeddedStore

    if not isinstance(store, EmbeddedStore):
        location = store.query_url.rsplit("/", 1)[0]  # type: ignore[attr-defined]
    else:
        location = str(tmp_path / "cli")
        with open_store(location) as mine:
            load_fixture(mine)

    def kg(*argv: str) -> str:
        assert main(["query", *argv]) == 0
        return capsys.readouterr().out

    out = kg("entity-mentions", location, "--param", "name=TIJUANA", "--format", "json")
    assert [r["document"] for r in json.loads(out)] == ["d2"]
    assert "entity-mentions" in kg("--list")
    assert main(["query", "statistics", str(tmp_path / "missing")]) == 2
    assert f"kg: no build in {tmp_path / 'missing'}" in capsys.readouterr().err
    # A name no entity has is an error that says so, not an empty table.
    assert main(["query", "entity-mentions", location, "--param", "name=Tijuanna"]) == 2
    assert "did you mean Tijuana?" in capsys.readouterr().err


def test_entity_parameters_go_through_the_one_resolver(store: Store) -> None:
    by_alias = run(store, "entity-mentions", {"name": "tijuana"})
    assert by_alias.rows and by_alias == run(store, "entity-mentions", {"name": "TIJUANA"})
    with pytest.raises(UnknownName, match="no entity is called 'Atlantis'"):
        run(store, "entity-mentions", {"name": "Atlantis"})
    assert [p.kind for p in load_query("edge-evidence").params] == ["entity", "iri", "entity"]


def test_the_common_prefixes_and_the_union_default_graph(store: Store) -> None:
    from kg.store import EmbeddedStore

    # No PREFIX line: bk: and dcterms: are declared. Outside GRAPH, the embedded store's
    # default graph is the union of the named graphs (a server's is its own choice).
    table = run(store, "SELECT ?id { ?doc a bk:Document ; dcterms:identifier ?id }")
    if isinstance(store, EmbeddedStore):
        assert "d2" in table.column("id")
    mine = "PREFIX bk: <http://example.org/other#> ASK { ?doc a bk:Document }"
    assert run(store, mine).rows == ((False,),)  # a query's own PREFIX wins


# Parameters that find something in the sample corpus, and some that find nothing.
REFERENCE_PARAMS: dict[str, list[dict[str, str]]] = {
    "co-mentions": [
        {"first": "Title 42", "second": "CBP One"},
        {"first": "cbp one", "second": "TIJUANA"},
        {"first": "Mexico", "second": "United States"},
        {"first": "Mexico", "second": "Mexico"},
    ],
    "edge-evidence": [
        {"subject": "Alejandro Mayorkas", "predicate_iri": "bk:worksFor", "object": "DHS"},
        {"subject": "mayorkas", "predicate_iri": "bk:worksFor", "object": "dhs"},
        {"subject": "Alejandro Mayorkas", "predicate_iri": "bk:ends", "object": "DHS"},
    ],
    "entities-by-type": [{}],
    "entity-mentions": [
        {"name": "Tatyana Edwards-Behar"},
        {"name": "cbp one"},
        {"name": "Mexico"},
    ],
    "group-routes": [{"group": "Andrey Arrakis"}, {"group": "russian migrants"}],
    "people-affiliations": [{}],
    "quotes-about": [
        {"person": "Lia Djamilova", "policy": "Russian migrants"},
        {"person": "anna mashinskaia", "policy": "russia"},
        {"person": "Elizabeth Jacobs", "policy": "humanitarian parole"},
        {"person": "Lia Djamilova", "policy": "Title 42"},
    ],
    "route-places": [{}],
    "statistics": [{}],
}


# GROUP_CONCAT joins its values in whatever order the engine meets them: compared as sets.
# The plain route-places gives no who_passes (unbound) for a place that a route with no
# named traveller passes too: SPARQL's GROUP_CONCAT fails on that route's unbound label.
# The saved query names who passes there: compared where the plain one answers.
CONCATENATED = {"route-places": "who_passes"}


def _comparable(name: str, table: Table, reference: Table) -> list[tuple]:
    if name not in CONCATENATED:
        return list(table.rows)
    index = table.columns.index(CONCATENATED[name])
    return [
        (
            *row[:index],
            None if plain[index] is None else sorted(str(row[index]).split("; ")),
            *row[index + 1 :],
        )
        for row, plain in zip(table.rows, reference.rows, strict=True)
    ]


def test_saved_queries_answer_as_their_reference_formulations(corpus_build) -> None:
    """Shaped for speed, each query still returns the rows of its plain formulation in
    tests/reference_queries/, in the same order, on the sample corpus."""
    folder = Path(__file__).parent / "reference_queries"
    store = open_store(corpus_build.out / "store", read_only=True)
    try:
        for name, cases in REFERENCE_PARAMS.items():
            reference = load_query(folder / f"{name}.rq")
            found = 0
            for params in cases:
                expected = run(store, reference, params)
                answer = run(store, name, params)
                assert answer.columns == expected.columns, name
                assert (_comparable(name, answer, expected)
                        == _comparable(name, expected, expected)), (name, params)
                found += len(expected.rows)
            assert found, f"{name}: no parameters find anything, the comparison proves nothing"
    finally:
        store.close()


def test_group_routes_include_the_journeys_of_its_members(tmp_path: Path) -> None:
    from kg.analysis import names, routes
    from kg.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(
        "Li Wei was among about 100 Chinese migrants who set out that morning. "
        "Li Wei flew from Quito to Panama City in May.\n", "utf-8")
    result = build([corpus], tmp_path / "build", quiet=True)
    with open_store(result.out / "store") as built:
        rows = records(built, "group-routes", group="Chinese migrants")
        legs = routes(built, names(built), "Chinese migrants")
        reference = run(built, load_query(Path(__file__).parent / "reference_queries"
                                          / "group-routes.rq"), {"group": "Chinese migrants"})
    assert ("Li Wei", "Quito", "Panama City") in {(r["traveller"], r["from"], r["to"]) for r in rows}
    assert ("Li Wei", "Quito", "Panama City") in {(leg.traveller, leg.origin, leg.destination)
                                                  for leg in legs}
    assert [tuple(r.values()) for r in rows] == list(reference.rows)  # as the query before it


def test_group_crossings_include_those_of_its_members(tmp_path: Path) -> None:
    """"Which ports of entry did Chinese migrants use?": the group's crossings and those of
    the person the story presents as one of it."""
    from kg.build import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(
        "Li Wei was among about 100 Chinese migrants who set out that morning. In May, Li Wei "
        "entered the United States at the San Ysidro port of entry. Weeks later, a group of "
        "Chinese migrants crossed the Rio Grande near Eagle Pass.\n", "utf-8")
    result = build([corpus], tmp_path / "build", quiet=True)
    with open_store(result.out / "store") as built:
        rows = records(built, "group-crossings", group="chinese MIGRANTS")
        alone = records(built, "group-crossings", group="Li Wei")
    found = {(r["traveller"], r["place"]) for r in rows}
    assert {("Li Wei", "San Ysidro port of entry"), ("Chinese migrants", "Rio Grande"),
            ("Chinese migrants", "Eagle Pass")} <= found
    assert {r["type"] for r in rows if r["place"] == "San Ysidro port of entry"} == {"BorderCrossing"}
    assert {(r["traveller"], r["place"]) for r in alone} == {("Li Wei", "San Ysidro port of entry")}
