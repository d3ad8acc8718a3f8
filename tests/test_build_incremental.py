"""Incremental and resumable builds give the bytes of a clean build of the same corpus."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import cache
from kg.build import _prefix_header, _turtle_block, _without_prefixes, build
from kg.namespaces import BK, ID, PREFIXES
from kg.rdf import RDF
from kg.settings import SETTINGS
from kg.store import EmbeddedStore, open_store

ARTICLES = {
    "a": "Ms. Tatyana Edwards-Behar said the CBP One app crashed again in San Diego.",
    "b": "Ms. Edwards-Behar met Russian migrants in Tijuana on Monday.",
    "c": "Aaron Gomez works in Mexicali for the U.S. Border Patrol.",
    "d": "Title 42 ended in May, and families crossed at the Calexico port of entry.",
}
SPARQL_PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
# One task per document: a killed build has finished some of them.
ONE_BY_ONE = replace(SETTINGS, task_documents=1)


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.txt"):
        path.unlink()
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    """Every file a build leaves that must not depend on how it got there."""
    files = {name: (out / name).read_bytes() for name in ("graph.trig", "graph.ttl", "graph.html")}
    files["graph hashes"] = json.dumps(json.loads((out / "manifest.json").read_text())["graphs"]).encode()
    for folder in ("text", "extractions", "graphs"):
        files |= {f"{folder}/{p.name}": p.read_bytes() for p in sorted((out / folder).iterdir())}
    report = json.loads((out / "report.json").read_text())
    files["report"] = json.dumps([report["inputs"], report["counts"]]).encode()
    with open_store(out / "store", read_only=True) as store:
        files["store"] = store.dump("nquads")
    return files


def assert_same_build(out: Path, clean: Path) -> None:
    got, expected = outputs(out), outputs(clean)
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], name


def labels(out: Path) -> set[str]:
    with open_store(out / "store", read_only=True) as store:
        table = store.select(SPARQL_PREFIXES + "SELECT ?l WHERE { GRAPH ?g { ?e rdfs:label ?l } }")
    return {row[0] for row in table.rows}


@pytest.fixture
def corpus(tmp_path, nlp) -> Path:
    return write_corpus(tmp_path / "corpus", ARTICLES)


def test_change_delete_add_equals_clean_build(corpus, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, quiet=True).report
    assert first["incremental"]["extracted"] == 4
    assert "Aaron Gomez" in labels(out)
    b_graph = "https://w3id.org/borderkg/id/graph/doc/b"
    b_hash = json.loads((out / "manifest.json").read_text())["graphs"][b_graph]

    # "Ms. Edwards-Behar" in b was Tatyana only through a; c held Aaron Gomez's one mention.
    write_corpus(corpus, {
        "a": "Rosa Quintero is an immigration lawyer in San Diego.",
        "b": ARTICLES["b"],
        "d": ARTICLES["d"],
        "e": "The Darién Gap is a jungle between Colombia and Panama.",
    })
    again = build([corpus], out, quiet=True).report
    assert again["incremental"]["extracted"] == 2  # a and e; b and d come from the cache
    assert again["incremental"]["reused"] == 2
    assert again["incremental"]["graphs_removed"] == 1  # c
    assert json.loads((out / "manifest.json").read_text())["graphs"][b_graph] != b_hash
    assert "Aaron Gomez" not in labels(out)
    assert "Tatyana Edwards-Behar" not in labels(out)
    assert not (out / "text" / "c.txt").exists()

    clean = build([corpus], tmp_path / "clean", quiet=True).out
    assert_same_build(out, clean)


def test_unchanged_corpus_runs_no_nlp_and_writes_nothing(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, quiet=True)
    trig = (out / "graph.trig").stat().st_mtime_ns
    report = build([corpus], out, quiet=True).report
    assert report["incremental"] == {"extracted": 0, "reused": 4, "copied": 0,
                                     "graphs_written": 0, "graphs_removed": 0}
    assert "nlp" not in report["seconds"]
    assert (out / "graph.trig").stat().st_mtime_ns == trig


def test_killed_extraction_resumes(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    written = []
    real_write = cache.write

    def write_then_die(folder, document_id, text):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(document_id)
        return real_write(folder, document_id, text)

    monkeypatch.setattr(cache, "write", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, quiet=True, settings=ONE_BY_ONE)
    monkeypatch.setattr(cache, "write", real_write)
    assert not list((out / "extractions").glob(".*"))  # no half-written file is left

    report = build([corpus], out, quiet=True, settings=ONE_BY_ONE).report
    assert report["incremental"]["extracted"] == 2
    assert_same_build(out, build([corpus], tmp_path / "clean", quiet=True).out)


def test_a_text_read_twice_goes_through_the_nlp_once(corpus, tmp_path, monkeypatch):
    # The same article reposted word for word: a document of its own, extracted once.
    (corpus / "repost.txt").write_text(ARTICLES["a"] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    real_write = cache.write

    def die_at_the_copy(folder, document_id, text):
        if document_id == "repost":
            raise KeyboardInterrupt
        return real_write(folder, document_id, text)

    monkeypatch.setattr(cache, "write", die_at_the_copy)
    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, quiet=True)
    monkeypatch.setattr(cache, "write", real_write)
    assert cache.is_valid(out / "extractions", _document(corpus / "a.txt"), cache.fingerprint())

    # Resumed: the copy takes the cached extraction of "a"; b, c and d go through the NLP.
    report = build([corpus], out, quiet=True).report
    assert (report["incremental"]["extracted"], report["incremental"]["copied"]) == (3, 1)
    clean = build([corpus], tmp_path / "clean", quiet=True)
    assert (clean.report["incremental"]["extracted"], clean.report["incremental"]["copied"]) \
        == (4, 1)
    assert_same_build(out, clean.out)
    # What the copy was given is what the NLP reads in it, byte for byte.
    alone = build([corpus / "repost.txt"], tmp_path / "alone", quiet=True).out
    assert (out / "extractions" / "repost.json").read_bytes() \
        == (alone / "extractions" / "repost.json").read_bytes()
    assert [list(s["documents"]) for s in report["stories"]] == [["a", "repost"]]


def test_a_title_the_text_holds_is_read_with_the_text(tmp_path, nlp):
    # A headline is read as one when it is the document's title: the same text under a
    # title it holds and under one it does not is read twice, under two it does not once.
    text = "Agents Rescue Fourteen Migrants Near Lukeville\n\n" + ARTICLES["d"]
    titles = {"cbp": "Agents Rescue Fourteen Migrants Near Lukeville",
              "paper": "Fourteen rescued", "radio": "Rescue in the desert"}
    corpus = tmp_path / "feed.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "title": t, "text": text}) + "\n"
                              for i, t in titles.items()), encoding="utf-8")
    report = build([corpus], tmp_path / "out", quiet=True).report
    assert (report["incremental"]["extracted"], report["incremental"]["copied"]) == (2, 1)


def _document(path: Path):
    from kg import ingest

    [document] = ingest.read_corpus([path])
    return document


def test_killed_store_update_is_repaired(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build([corpus], out, quiet=True)
    write_corpus(corpus, {**ARTICLES, "a": "Rosa Quintero is an immigration lawyer."})
    real_replace = EmbeddedStore.replace_graph
    calls = []

    def replace_then_die(self, graph, nquads):
        calls.append(graph)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_replace(self, graph, nquads)

    monkeypatch.setattr(EmbeddedStore, "replace_graph", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        build([corpus], out, quiet=True)
    monkeypatch.setattr(EmbeddedStore, "replace_graph", real_replace)

    # Back to the corpus of the first build: the store now holds a graph of neither.
    write_corpus(corpus, ARTICLES)
    build([corpus], out, quiet=True)
    assert_same_build(out, build([corpus], tmp_path / "clean", quiet=True).out)


def test_graph_files_are_the_store_dumps(corpus, tmp_path):
    out = build([corpus], tmp_path / "out", quiet=True).out
    with open_store(out / "store", read_only=True) as store:
        assert (out / "graph.trig").read_bytes() == store.dump("trig")
        merged = ox.parse(store.dump("turtle"), format=ox.RdfFormat.TURTLE)
        assert _triples(out / "graph.ttl") == {quad.triple for quad in merged}


def test_a_changed_document_renders_only_its_graph(corpus, tmp_path):
    out = build([corpus], tmp_path / "out", quiet=True).out
    blocks = {path.name: path.stat().st_mtime_ns for path in (out / "graphs").iterdir()}
    first = corpus / "d.txt"
    first.write_text(first.read_text(encoding="utf-8") + "\nA closing line.\n", encoding="utf-8")
    build([corpus], out, quiet=True)
    after = {path.name: path.stat().st_mtime_ns for path in (out / "graphs").iterdir()}
    kept = [name for name in blocks if after.get(name) == blocks[name]]
    # The other documents' blocks are kept as they were; the changed one's are replaced.
    assert len(blocks) - len(kept) == 3  # its .trig, .ttl and .json
    assert len(after) == len(blocks)
    assert_same_build(out, build([corpus], tmp_path / "clean", quiet=True).out)


def _triples(path):
    return {quad.triple for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def test_turtle_block_is_what_oxigraph_writes_as_turtle():
    graph, subject = ox.NamedNode(f"{ID}graph/doc/d1"), ox.NamedNode(f"{ID}doc/d1")
    triples = [
        ox.Triple(subject, ox.NamedNode(f"{BK}quote"), ox.Literal(text))
        # Line breaks, tabs and the look of a graph block, inside literals.
        for text in ('one\n\ttwo', 'x {\n\t<y> "z" }\n', "tab\there", "")
    ] + [ox.Triple(subject, ox.NamedNode(f"{RDF}type"), ox.NamedNode(f"{BK}Document")),
         ox.Triple(ox.NamedNode(f"{ID}doc/d2"), ox.NamedNode(f"{BK}next"), subject)]
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert _prefix_header() + _turtle_block(_without_prefixes(trig)) == turtle
    assert _turtle_block(b"") == b""


def test_graph_files_of_other_code_are_rendered_again(corpus, tmp_path):
    out = build([corpus], tmp_path / "out", quiet=True).out
    (out / "graphs" / "CODE").write_text("the stamp of an older borderkg", encoding="utf-8")
    stale = out / "graphs" / "0123.trig"
    stale.write_bytes(b"rendered by an older borderkg")
    (out / "graph.html").write_text("drawn by an older borderkg", encoding="utf-8")
    build([corpus], out, quiet=True)
    assert not stale.exists()
    assert_same_build(out, build([corpus], tmp_path / "clean", quiet=True).out)


def test_many_background_bulk_loads_give_the_same_build(corpus, tmp_path):
    # One bulk load per graph, each running while the next graph renders.
    out = build([corpus], tmp_path / "out", quiet=True,
                settings=replace(SETTINGS, bulk_load_bytes=1)).out
    assert_same_build(out, build([corpus], tmp_path / "clean", quiet=True).out)
