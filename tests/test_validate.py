"""kg.validate: a graph drawn as ontology/GRAPH.md conforms; each way of breaking it is named."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.errors import BorderKGError
from kg.validate import ValidationReport, validate

ID = "https://w3id.org/borderkg/id/"
SENTENCE = "Karine Jean-Pierre, the White House press secretary, spoke on Monday."
DOC = f"{ID}doc/d1"
PERSON = f"{ID}person/karine-jean-pierre"
AGENCY = f"{ID}governmentagency/white-house"
SENTENCE_IRI = f"{ID}sentence/d1/0-{len(SENTENCE)}"
MENTION = f"{ID}mention/d1/0-18"
FACT = f"{ID}fact/d1/0123abcd"


def _graph(
    *,
    refers_to: bool = True,
    confidence: str = "0.8",
    mention_count: str = "2",
    mention_end: int = 18,
    asserted: bool = True,
) -> str:
    """A tiny TriG graph of one document, shaped as ontology/GRAPH.md."""
    start = SENTENCE.index("White House")
    text_hash = hashlib.sha256(SENTENCE.encode()).hexdigest()
    refers = f"bk:refersTo <{PERSON}> ;" if refers_to else ""
    fact = f"<{PERSON}> bk:worksFor <{AGENCY}> ." if asserted else ""
    return f"""
@prefix bk: <https://w3id.org/borderkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{ID}graph/entities> {{
    <{PERSON}> a bk:Person ;
        rdfs:label "Karine Jean-Pierre" ; skos:prefLabel "Karine Jean-Pierre" ;
        skos:altLabel "Karine Jean-Pierre" ;
        bk:mentionCount {mention_count} .
    <{AGENCY}> a bk:GovernmentAgency ;
        rdfs:label "White House" ; skos:prefLabel "White House" ; skos:altLabel "White House" ;
        bk:mentionCount 1 .
}}

<{ID}graph/doc/d1> {{
    <{DOC}> a bk:Document ;
        dcterms:identifier "d1" ;
        dcterms:date "2023-01-20"^^xsd:date ;
        bk:sourcePath "corpus/d1.txt" ;
        bk:contentHash "{text_hash}" .
    <{SENTENCE_IRI}> a bk:Sentence ;
        oa:hasSource <{DOC}> ; oa:start 0 ; oa:end {len(SENTENCE)} ;
        rdf:value "{SENTENCE}" .
    <{MENTION}> a bk:Mention ;
        {refers}
        oa:hasSource <{DOC}> ; oa:start 0 ; oa:end {mention_end} ;
        oa:exact "Karine Jean-Pierre" ;
        bk:sentence <{SENTENCE_IRI}> ;
        bk:rule "vocabulary" .
    <{ID}mention/d1/{start}-{start + 11}> a bk:Mention ;
        bk:refersTo <{AGENCY}> ;
        oa:hasSource <{DOC}> ; oa:start {start} ; oa:end {start + 11} ;
        oa:exact "White House" ;
        bk:sentence <{SENTENCE_IRI}> ;
        bk:rule "vocabulary" .
    {fact}
    <{FACT}> a bk:Assertion ;
        rdf:subject <{PERSON}> ; rdf:predicate bk:worksFor ; rdf:object <{AGENCY}> ;
        oa:hasSource <{DOC}> ; oa:start 0 ; oa:end {len(SENTENCE)} ;
        oa:exact "{SENTENCE}" ;
        bk:sentence <{SENTENCE_IRI}> ;
        bk:rule "appositive-title" ; bk:confidence {confidence} .
}}
"""


def _validate(tmp_path: Path, text: str, name: str = "graph.trig") -> ValidationReport:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return validate(path)


def test_a_graph_drawn_as_graph_md_conforms(tmp_path):
    report = _validate(tmp_path, _graph())
    assert report.violations == ()
    assert report.conforms


@pytest.mark.parametrize(
    ("change", "focus", "path"),
    [
        ({"refers_to": False}, MENTION, "bk:refersTo"),
        ({"confidence": "1.5"}, FACT, "bk:confidence"),
        ({"confidence": "-0.1"}, FACT, "bk:confidence"),
        ({"mention_count": "0"}, PERSON, "bk:mentionCount"),
        ({"mention_count": '"2"'}, PERSON, "bk:mentionCount"),
        ({"mention_end": 17}, MENTION, "oa:exact"),
        ({"mention_end": 0}, MENTION, "oa:start"),
        ({"asserted": False}, FACT, "rdf:predicate"),
    ],
    ids=[
        "mention-without-refersTo",
        "confidence-above-1",
        "confidence-below-0",
        "mentionCount-0",
        "mentionCount-not-integer",
        "exact-not-as-long-as-span",
        "start-not-before-end",
        "fact-described-but-not-asserted",
    ],
)
def test_a_broken_graph_names_the_focus_node_and_property(tmp_path, change, focus, path):
    report = _validate(tmp_path, _graph(**change))
    assert not report.conforms
    assert any(line.startswith(f"<{focus}> {path}: ") for line in report.violations), (
        report.violations
    )


def test_each_violation_is_one_line(tmp_path):
    report = _validate(tmp_path, _graph(refers_to=False, confidence="1.5"))
    assert len(report.violations) >= 2
    assert all("\n" not in line for line in report.violations)
    assert list(report.violations) == sorted(report.violations)


def test_a_subclass_instance_is_checked_as_its_superclass(tmp_path):
    city = f"{ID}city/necocli"
    turtle = f"""
@prefix bk: <https://w3id.org/borderkg/ontology#> .
<{city}> a bk:City ; bk:mentionCount 1 .
"""
    report = _validate(tmp_path, turtle, "graph.ttl")
    assert any(line.startswith(f"<{city}> rdfs:label: ") for line in report.violations)


def test_a_mention_of_an_entity_missing_from_the_graph_is_reported(tmp_path):
    nobody = f"{ID}person/nobody"
    text = _graph().replace(f"bk:refersTo <{PERSON}> ;", f"bk:refersTo <{nobody}> ;")
    report = _validate(tmp_path, text)
    assert any(
        line.startswith(f"<{nobody}> bk:mentionCount: ") and "not an entity" in line
        for line in report.violations
    )


def test_a_mention_outside_its_sentence_is_reported(tmp_path):
    text = _graph().replace(
        f"<{SENTENCE_IRI}> a bk:Sentence ;\n        oa:hasSource <{DOC}> ; oa:start 0 ;",
        f"<{SENTENCE_IRI}> a bk:Sentence ;\n        oa:hasSource <{DOC}> ; oa:start 1 ;",
    )
    report = _validate(tmp_path, text)
    assert any(line.startswith(f"<{MENTION}> bk:sentence: ") for line in report.violations)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(BorderKGError, match="no such graph file"):
        validate(tmp_path / "missing.trig")


def test_a_file_that_is_not_rdf_is_a_clear_error(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(BorderKGError, match="not valid Turtle"):
        validate(path)


def test_an_unknown_format_is_a_clear_error(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(BorderKGError, match="unknown graph format"):
        validate(path)
