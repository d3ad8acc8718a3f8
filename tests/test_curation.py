"""The curation file: read with its line numbers, applied by every build (full and
incremental), written by `kg curate`, visible in the graph, the view and the exports."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_build_incremental import assert_same_build, write_corpus

from kg.build import build
from kg.curation import CurationError, load, parse
from kg.evaluation import extractions
from kg.namespaces import ID
from kg.store import open_store
from kg.validate import validate

ARTICLES = {
    "a": "Ms. Tatyana Edwards-Behar said the CBP One app crashed again in San Diego.",
    "b": "Ms. Edwards-Behar met Russian migrants in Tijuana on Monday.",
    "c": "Border Patrol agent Aaron Gomez said the line in Mexicali was long.",
    "x": "Mr. Xu said the line at the port of entry was long. Mr. Xu left for Tijuana.",
    "y": "Mr. Xu, a teacher from Shanghai, crossed into San Diego in May.",
}
TATYANA = f"{ID}person/tatyana-edwards-behar"
GOMEZ = f"{ID}person/aaron-gomez"
XU = f"{ID}person/xu"
WHO = "  why: the analyst's reason\n  by: ana\n  when: '2026-12-06T20:00:00Z'\n"
PREFIXES = """PREFIX bk: <https://w3id.org/borderkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def decisions(*blocks: str) -> str:
    """A curation file of decisions, each given by its first line(s), with who/when/why."""
    return "".join(f"{block.rstrip()}\n{WHO}" for block in blocks)


def select(out: Path, query: str) -> list[tuple]:
    with open_store(out / "store", read_only=True) as store:
        return sorted(tuple(row) for row in store.select(PREFIXES + query).rows)


def entities(out: Path) -> dict[str, dict]:
    """Each entity of the entities graph: its label, type, aliases and coordinates."""
    found: dict[str, dict] = {}
    for iri, label, type_, alias, lat, lon, count in select(out, """
            SELECT ?e ?label ?type ?alias ?lat ?lon ?count WHERE {
              GRAPH <https://w3id.org/borderkg/id/graph/entities> {
                ?e rdfs:label ?label ; a ?type ; skos:altLabel ?alias ; bk:mentionCount ?count .
                OPTIONAL { ?e schema:latitude ?lat ; schema:longitude ?lon } } }"""):
        entry = found.setdefault(iri, {"label": label, "aliases": set(), "at": (lat, lon),
                                       "type": type_.rsplit("#")[-1], "mentions": count})
        entry["aliases"].add(alias)
    return found


def facts(out: Path) -> set[tuple[str, str, str]]:
    """Every direct fact between entities, in any graph."""
    rows = select(out, """SELECT ?s ?p ?o WHERE { GRAPH ?g { ?f a bk:Assertion ;
        rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o } }""")
    return {(s, p.rsplit("#")[-1], o) for s, p, o in rows}


def referents(out: Path, document: str) -> set[str]:
    rows = select(out, f"""SELECT DISTINCT ?e WHERE {{
        GRAPH <{ID}graph/doc/{document}> {{ ?m a bk:Mention ; bk:refersTo ?e }} }}""")
    return {row[0] for row in rows}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, nlp) -> Path:
    return write_corpus(tmp_path_factory.mktemp("curation") / "corpus", ARTICLES)


@pytest.fixture(scope="module")
def plain(corpus, tmp_path_factory) -> Path:
    """The corpus built without a curation file."""
    out = tmp_path_factory.mktemp("plain") / "out"
    build([corpus], out, quiet=True)
    return out


def curated(corpus: Path, folder: Path, text: str, base: Path | None = None) -> Path:
    """Build ``corpus`` with the curation file ``text``: over a copy of ``base`` (an
    incremental build) when given, else from scratch; then check it is the same build
    as a clean one of the same corpus and file."""
    folder.mkdir(parents=True, exist_ok=True)
    curation = folder / "curation.yaml"
    curation.write_text(text, encoding="utf-8")
    clean = folder / "clean"
    build([corpus], clean, quiet=True, curation=curation)
    if base is not None:
        out = folder / "incremental"
        shutil.copytree(base, out)
        report = build([corpus], out, quiet=True, curation=curation).report
        assert report["incremental"]["extracted"] == 0
        assert_same_build(out, clean)
    return clean


# --------------------------------------------------------------------------- the file


@pytest.mark.parametrize(("text", "line", "message"), [
    ("- merge: [a, b\n", 2, "not valid YAML"),
    ("merge: [a, b]\n", 1, "a list of decisions"),
    (decisions("- merge: [a]"), 1, "merge names two entities"),
    (decisions("- retype: Douglas\n  type: Town"), 2, "'Town' is no entity type"),
    (decisions("- pin: Douglas\n  latitude: 95\n  longitude: 3"), 2, "latitude is a number"),
    (decisions("- pin: Douglas"), 1, "pin gives latitude and longitude"),
    (decisions("- reject: x\n  colour: red"), 2, "reject has no key 'colour'"),
    (decisions("- reject: {subject: a, predicate: likes, object: b}"), 1, "'likes' is no relation"),
    (decisions("- add: {subject: a, predicate: worksFor, object: b, document: d}"), 1,
     "a fact needs sentence"),
    (decisions("- split: Xu"), 1, "split says which mentions leave the entity"),
    ("- merge: [a, b]\n  by: ana\n  when: 2026-12-06\n", 1, "why is missing"),
    ("- merge: [a, b]\n  why: x\n  by: ana\n  when: yesterday\n", 4, "no ISO 8601 date"),
    (decisions("- merge: [a, b]", "- distinct: [B, A]"), 5, "contradicts the merge on line 1"),
])
def test_a_malformed_file_is_refused_with_its_line(text, line, message):
    with pytest.raises(CurationError) as raised:
        parse(text, "review.yaml")
    assert f"review.yaml line {line}: " in str(raised.value)
    assert message in str(raised.value)


def test_every_decision_kind_reads_back(tmp_path):
    file = tmp_path / "curation.yaml"
    file.write_text("# comments stay comments\n" + decisions(
        "- merge: [Tatyana Edwards-Behar, id:person/aaron-gomez]",
        "- distinct:\n  - {name: Xu, documents: [x]}\n  - {name: Xu, documents: y}",
        "- split: {name: Xu, forms: [Mr. Xu]}",
        "- retype: Tijuana\n  type: City\n  label: Tijuana, B.C.",
        "- pin: Tijuana\n  place: geonames-3981609",
        "- reject: CBP One",
        "- reject: {subject: Aaron Gomez, predicate: worksFor, object: Border Patrol}",
        "- add: {subject: a, predicate: worksFor, object: b, document: c, sentence: a b}",
    ), encoding="utf-8")
    read = load(file)
    assert [d.kind for d in read] == ["merge", "distinct", "split", "retype", "pin", "reject",
                                      "reject", "add"]
    assert [d.line for d in read] == [2, 6, 12, 16, 22, 27, 31, 35]
    assert read[1].entities[1].documents == ("y",) and read[2].entities[0].forms == ("Mr. Xu",)
    assert (read[3].type, read[3].label, read[4].place) == ("City", "Tijuana, B.C.",
                                                            "geonames-3981609")
    assert read[6].fact is not None and read[6].fact.predicate == "worksFor"
    assert {(d.by, d.when) for d in read} == {("ana", "2026-12-06T20:00:00Z")}


def test_a_malformed_file_stops_the_build_before_anything_is_written(corpus, tmp_path):
    curation = tmp_path / "curation.yaml"
    curation.write_text(decisions("- retype: Tijuana\n  type: Village"), encoding="utf-8")
    with pytest.raises(CurationError, match="line 2: type: 'Village'"):
        build([corpus], tmp_path / "out", quiet=True, curation=curation)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("blocks", "message"), [
    (("- retype: Tatyana Edwards-Behar\n  type: Organization",
      "- retype: Ms. Edwards-Behar\n  type: App"), ("line 6: sets type 'App', another decision "
     "'Organization' (line 1)")),
    (("- merge: [Edwards-Behar, Gomez]", "- distinct: [Tatyana Edwards-Behar, Aaron Gomez]"),
     "line 5: says these are different things, but merges make them one entity (line 1)"),
    (("- reject: Aaron Gomez", "- pin: Gomez\n  latitude: 1\n  longitude: 2"),
     "line 5: pin of an entity that a decision rejects (line 1)"),
])
def test_contradictions_stop_the_build_and_leave_the_last_one(corpus, plain, tmp_path, blocks,
                                                              message):
    out = tmp_path / "out"
    shutil.copytree(plain, out)
    before = {name: (out / name).read_bytes() for name in ("graph.trig", "manifest.json",
                                                           "report.json", "graph.html")}
    curation = tmp_path / "curation.yaml"
    curation.write_text(decisions(*blocks), encoding="utf-8")
    with pytest.raises(CurationError) as raised:
        build([corpus], out, quiet=True, curation=curation)
    assert message in str(raised.value)
    assert {name: (out / name).read_bytes() for name in before} == before
    assert_same_build(out, plain)


# --------------------------------------------------------------------------- decisions


def test_merge_joins_two_entities_and_keeps_every_name(corpus, plain, tmp_path):
    assert {GOMEZ, TATYANA} <= set(entities(plain))
    out = curated(corpus, tmp_path, decisions("- merge: [Tatyana Edwards-Behar, Gomez]"), plain)
    found = entities(out)
    assert GOMEZ not in found
    assert found[TATYANA]["label"] == "Tatyana Edwards-Behar"
    assert {"Aaron Gomez", "Ms. Edwards-Behar"} <= found[TATYANA]["aliases"]
    assert found[TATYANA]["mentions"] == 3
    assert referents(out, "c") >= {TATYANA} and GOMEZ not in referents(out, "c")
    assert (TATYANA, "worksFor", f"{ID}governmentagency/us-border-patrol") in facts(out)
    replaced = select(out, """SELECT ?old WHERE { GRAPH ?g { ?d a bk:Decision ;
        bk:decisionKind "merge" ; prov:invalidated ?old } }""")
    assert replaced == [(GOMEZ,)]


def test_distinct_keeps_apart_what_the_resolution_merges(corpus, plain, tmp_path, capsys):
    assert XU in referents(plain, "x") and XU in referents(plain, "y")
    text = decisions("- distinct:\n  - {name: Mr. Xu, documents: [y]}\n"
                     "  - {name: Mr. Xu, documents: [x]}")
    out = curated(corpus, tmp_path, text, plain)
    (in_y,) = referents(out, "y") - referents(out, "a") - {f"{ID}city/san-diego"} \
        - {e for e in referents(out, "y") if "shanghai" in e or "xu" not in e}
    assert in_y != XU and XU in referents(out, "x")
    assert entities(out)[in_y]["mentions"] == 1 and entities(out)[XU]["mentions"] == 2
    said = capsys.readouterr().err
    assert "line 1: distinct: the resolution would have merged 'Mr. Xu' and 'Mr. Xu': kept apart" \
        in said
    report = json.loads((out / "report.json").read_text())["curation"]
    assert report["outcomes"][0]["note"].startswith("the resolution would have merged")


def test_split_by_document_and_by_form(corpus, plain, tmp_path):
    by_document = curated(corpus, tmp_path / "d", decisions("- split: {name: Xu, documents: [x]}"))
    assert referents(by_document, "x").isdisjoint(referents(by_document, "y"))
    by_form = curated(corpus, tmp_path / "f", decisions("- split: {name: Xu, forms: [Mr. Xu]}"))
    # Every mention is written "Mr. Xu": the part takes them all and the entity is gone.
    parts = [iri for iri in entities(by_form) if iri.startswith(XU + "-")]
    assert len(parts) == 1 and XU not in entities(by_form)
    assert entities(by_form)[parts[0]]["mentions"] == 3


def test_retype_relabel_and_pin(corpus, plain, tmp_path):
    tijuana = f"{ID}city/tijuana"
    before = entities(plain)[tijuana]
    out = curated(corpus, tmp_path, decisions(
        "- retype: Tijuana\n  type: AdministrativeArea\n  label: Tijuana municipality",
        "- pin: Mexicali\n  latitude: 32.5\n  longitude: -115.5",
        "- pin: San Diego\n  place: geonames-3981609"), plain)
    after = entities(out)
    assert (after[tijuana]["type"], after[tijuana]["label"]) == ("AdministrativeArea",
                                                                 "Tijuana municipality")
    assert "Tijuana" in after[tijuana]["aliases"] and before["type"] == "City"
    assert after[f"{ID}city/mexicali"]["at"] == (32.5, -115.5)
    assert after[f"{ID}city/san-diego"]["at"] == after[tijuana]["at"]  # geonames-3981609: Tijuana
    previous = select(out, """SELECT ?type ?label WHERE { GRAPH ?g { ?d bk:decisionKind "retype" ;
        bk:previousType ?type ; bk:previousLabel ?label } }""")
    assert previous == [("https://w3id.org/borderkg/ontology#City", "Tijuana")]


def test_reject_an_entity_and_a_fact(corpus, plain, tmp_path):
    border_patrol = f"{ID}governmentagency/us-border-patrol"
    works = (GOMEZ, "worksFor", border_patrol)
    assert works in facts(plain) and f"{ID}app/cbp-one" in entities(plain)
    out = curated(corpus, tmp_path, decisions(
        "- reject: CBP One",
        "- reject: {subject: Aaron Gomez, predicate: worksFor, object: U.S. Border Patrol}"), plain)
    assert f"{ID}app/cbp-one" not in entities(out)
    assert f"{ID}app/cbp-one" not in referents(out, "a")
    assert works not in facts(out) and GOMEZ in entities(out)
    rejected = select(out, """SELECT ?s ?o WHERE { GRAPH ?g { ?d prov:invalidated ?f .
        ?f a bk:RejectedAssertion ; rdf:subject ?s ; rdf:object ?o } }""")
    assert rejected == [(GOMEZ, border_patrol)]


def test_add_a_fact_with_its_sentence(corpus, plain, tmp_path):
    out = curated(corpus, tmp_path, decisions(
        "- add: {subject: Tatyana Edwards-Behar, predicate: travelsThrough, object: Tijuana,\n"
        "        document: b, sentence: met Russian migrants in  Tijuana}"), plain)
    added = (TATYANA, "travelsThrough", f"{ID}city/tijuana")
    assert added not in facts(plain) and added in facts(out)
    (row,) = select(out, f"""SELECT ?sentence ?exact ?rule WHERE {{
        GRAPH <{ID}graph/curation> {{ ?f bk:curatedBy ?d ; oa:exact ?exact ; bk:rule ?rule ;
                                     bk:sentence ?s . ?s rdf:value ?sentence }} }}""".replace(
        "SELECT", "PREFIX oa: <http://www.w3.org/ns/oa#> SELECT"))
    assert row == (ARTICLES["b"], "met Russian migrants in Tijuana", "curation")
    with open_store(out / "store", read_only=True) as store:
        exported = extractions(store)
    assert {"subject": "Tatyana Edwards-Behar", "predicate": "travelsThrough",
            "object": "Tijuana", "evidence": ARTICLES["b"]} in exported["b"]["relations"]


def test_stale_decisions_are_reported_never_dropped(corpus, plain, tmp_path, capsys):
    out = curated(corpus, tmp_path, decisions(
        "- merge: [Tatyana Edwards-Behar, Ms. Nobody]",
        "- reject: {subject: Aaron Gomez, predicate: appliesFor, object: Mexicali}",
        "- add: {subject: Aaron Gomez, predicate: worksFor, object: CBP One, document: c,\n"
        "        sentence: words no article has}"))
    report = json.loads((out / "report.json").read_text())["curation"]
    assert report["stale"] == 3
    reasons = [outcome["reason"] for outcome in report["outcomes"]]
    assert reasons[0].startswith("no entity is called 'Ms. Nobody'")
    assert reasons[1:] == ["no such fact in the graph",
                           "document c has no sentence 'words no article has'"]
    said = capsys.readouterr().err
    assert "curation.yaml line 1: merge: no entity is called 'Ms. Nobody'" in said
    assert "it does nothing in this build" in said
    stale = select(out, "SELECT ?why WHERE { GRAPH ?g { ?d bk:staleBecause ?why } }")
    assert len(stale) == 3


def test_decisions_carry_who_when_why_and_the_graph_is_valid(corpus, plain, tmp_path):
    out = curated(corpus, tmp_path, decisions(
        "- merge: [Tatyana Edwards-Behar, Gomez]", "- pin: Mexicali\n  latitude: 32\n"
        "  longitude: -115", "- add: {subject: Tatyana Edwards-Behar, predicate: travelsThrough,"
        " object: Tijuana, document: b, sentence: in Tijuana}"))
    rows = select(out, f"""SELECT ?kind ?who ?when ?why WHERE {{
        GRAPH <{ID}graph/curation> {{ ?d a bk:Decision ; bk:decisionKind ?kind ; bk:why ?why ;
          prov:endedAtTime ?when ; prov:wasAssociatedWith ?agent . ?agent rdfs:label ?who }} }}""")
    assert [row[0] for row in rows] == ["add", "merge", "pin"]
    assert {row[1:] for row in rows} == {("ana", "2026-12-06T20:00:00Z", "the analyst's reason")}
    report = validate(out / "graph.trig")
    assert report.conforms, report.violations


def test_removing_the_file_gives_back_the_plain_build(corpus, plain, tmp_path):
    out = curated(corpus, tmp_path, decisions("- merge: [Tatyana Edwards-Behar, Gomez]",
                                              "- reject: CBP One"))
    build([corpus], out, quiet=True)
    assert_same_build(out, plain)


def test_the_view_marks_curated_entities_and_facts(corpus, plain, tmp_path):
    out = curated(corpus, tmp_path, decisions(
        "- merge: [Tatyana Edwards-Behar, Gomez]",
        "- add: {subject: Tatyana Edwards-Behar, predicate: travelsThrough, object: Tijuana,"
        " document: b, sentence: in Tijuana}"))
    page = (out / "graph.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="borderkg-data">(.*?)</script>', page, re.DOTALL)[1])
    marked = {node["id"]: node["curation"] for node in data["nodes"] if "curation" in node}
    assert list(marked) == [TATYANA]
    assert marked[TATYANA] == [{"kind": "merge", "why": "the analyst's reason", "by": "ana",
                                "when": "2026-12-06T20:00:00Z"}]
    (added,) = [edge for edge in data["edges"] if "curation" in edge]
    assert (added["from"], added["predicate"], added["curation"][0]["kind"]) == (
        TATYANA, "travelsThrough", "add")


def test_exports_say_what_was_curated(corpus, tmp_path):
    out = curated(corpus, tmp_path, decisions("- merge: [Tatyana Edwards-Behar, Gomez]"))
    result = kg("export", str(out), "--format", "csv", "--out", str(tmp_path / "csv"),
                cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in csv.DictReader((tmp_path / "csv" / "nodes.csv").open())}
    assert GOMEZ not in rows
    assert rows[TATYANA]["curated"] == "merge by ana: the analyst's reason"
    assert "Aaron Gomez" in rows[TATYANA]["aliases"]


def test_the_evidence_panel_shows_the_decision(corpus, plain, tmp_path, browser):
    from test_viz import click_node, opened

    out = curated(corpus, tmp_path, decisions("- merge: [Tatyana Edwards-Behar, Gomez]"))
    with opened(browser, out / "graph.html") as (page, log):
        click_node(page, TATYANA)
        section = page.locator("#panel .curation")
        assert section.locator("h3").inner_text() == "Curated (1)"
        assert "merge by ana, 2026-12-06T20:00:00Z" in section.inner_text()
        assert "the analyst's reason" in section.inner_text()
        dashed = page.evaluate(f"window.borderkg.nodes.get({json.dumps(TATYANA)})"
                               ".shapeProperties.borderDashes")
        assert dashed == [5, 3]
    assert not log["errors"]


# --------------------------------------------------------------------------- kg curate


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600, check=False)


def test_kg_curate_writes_each_decision_that_kg_build_applies(corpus, plain, tmp_path):
    build_arg = str(plain)
    steps = [
        ("merge", "Tatyana Edwards-Behar", "id:person/aaron-gomez", build_arg),
        ("distinct", "Mr. Xu", "Edwards-Behar", build_arg),
        ("split", "Xu", "--document", "y", build_arg),
        ("retype", "Mexicali", "AdministrativeArea", "--label", "Mexicali municipality",
         build_arg),
        ("pin", "Tijuana", "--lat", "32.5", "--lon", "-117", build_arg),
        ("pin", "San Diego", "--place", "San Diego", "--in", "California", build_arg),
        ("reject", "CBP One", build_arg),
        ("reject", "--fact", "Aaron Gomez", "worksFor", "U.S. Border Patrol", build_arg),
        ("add", "Edwards-Behar", "travelsThrough", "Tijuana", "--document", "b",
         "--sentence", "in Tijuana", build_arg),
    ]
    for step in steps:
        result = kg("curate", *step, "--why", f"because {step[0]}", "--by", "ana", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("recorded in curation.yaml line ")
    read = load(tmp_path / "curation.yaml")
    assert [d.kind for d in read] == [step[0] for step in steps]
    assert read[0].entities[0].name == "id:person/tatyana-edwards-behar"
    assert read[1].entities[0].documents == ("x", "y")  # where Mr. Xu was mentioned
    assert {d.by for d in read} == {"ana"} and all(d.why.startswith("because") for d in read)

    out = tmp_path / "out"
    result = kg("build", str(corpus), "--out", str(out), "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text())["curation"]
    assert report["stale"] == 0, report
    listed = kg("curate", "list", str(out), "--format", "json", cwd=tmp_path)
    rows = json.loads(listed.stdout)
    assert [row["status"] for row in rows] == ["applied"] * len(steps)
    assert rows[0]["decision"] == ("merge id:person/tatyana-edwards-behar <- "
                                   "id:person/aaron-gomez")


@pytest.mark.parametrize(("args", "message"), [
    (("merge", "Tatyana Edwards-Behar", "Tijuanna"), ("no entity is called 'Tijuanna'; did you "
     "mean Tijuana?")),
    (("reject", "--fact", "Aaron Gomez", "likes", "Tijuana"), "'likes' is no relation"),
    (("add", "Aaron Gomez", "worksFor", "Mexicali", "--document", "c", "--sentence", "nope"),
     "document c has no words 'nope'"),
    (("pin", "Tijuana", "--place", "Nowhereville"), "the gazetteer knows no place 'Nowhereville'"),
    (("merge", "Edwards-Behar", "Tatyana Edwards-Behar"), "are already one entity"),
])
def test_kg_curate_refuses_what_does_not_resolve(plain, tmp_path, args, message):
    result = kg("curate", *args, str(plain), "--why", "x", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "curation.yaml").exists()


def test_kg_build_names_a_missing_curation_file(corpus, tmp_path):
    result = kg("build", str(corpus), "--out", str(tmp_path / "out"), "--curation", "none.yaml",
                cwd=tmp_path)
    assert result.returncode == 2 and "no curation file none.yaml" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_worked_example_applies_to_the_sample_corpus(tmp_path):
    from conftest import REPO

    out = tmp_path / "out"
    report = build([REPO / "corpus"], out, quiet=True,
                   curation=REPO / "docs" / "curation-example.yaml").report
    assert report["curation"]["stale"] == 0, report["curation"]
    speaks = select(out, f"""SELECT ?org WHERE {{ GRAPH ?g {{
        <{ID}person/karine-jean-pierre> bk:spokespersonOf ?org }} }}""")
    assert speaks == [(f"{ID}governmentagency/biden-administration",)]
    assert entities(out)[f"{ID}person/flushing"]["at"] == (40.7654, -73.8318)
