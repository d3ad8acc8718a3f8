"""Properties over arbitrary text: cleaning and extraction never raise, evidence always points true.

Two kinds of text: any Unicode at all, and "news-like" text stitched from fragments
that fire every extractor (names, agencies, quotes, routes, counts) among random
Unicode, line breaks and boilerplate, so that relations, route legs, statistics and
quotes are exercised too, not only mentions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract import extract
from kg.ingest import clean_text
from kg.model import Document, Evidence, Extraction

CHECKS = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

FRAGMENTS = [
    "DHS Secretary Alejandro Mayorkas said",
    "“The CBP One app works,”",
    '"It is broken,"',
    "said Tatyana Edwards-Behar, a San Diego-based immigration lawyer.",
    "Russians flew from Moscow to Cancún, then took a bus to Tijuana.",
    "More than 24,200 Russians entered through ports of entry since October, according to CBP data.",
    "Border Patrol agents arrested 415 people near Yuma.",
    "Title 42 ended in May.",
    "U.S. Customs and Border Protection runs the CBP One app.",
    "She works for Al Otro Lado.",
    "They crossed the Darién Gap into Panama.",
    "Mr. Gomez",
    "her",
    "they",
    "not",
    "never",
    "Copyright 2023 Border Times.",
    "Back to top",
    "Leave a Reply",
    "(Photo by John Moore/Getty Images)",
    "\n",
    "\n\n",
    "\r\n",
    "\u2028",
    "\x0c",
    " ",
    ",",
    ".",
    "“",
    "”",
    "'",
    "’",
    "—",
    "…",
]
news_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30).map(
    " ".join
)
any_text = st.text(max_size=400)


def evidence_in(value: object) -> Iterator[Evidence]:
    """Every Evidence held anywhere inside an extraction (mentions inside facts too)."""
    if isinstance(value, Evidence):
        yield value
    elif isinstance(value, Document):
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from evidence_in(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from evidence_in(item)


def extraction_of(nlp, text: str) -> Extraction:
    document = Document(id="p", text=text, sources=("p.txt",), content_hash="h")
    return extract(nlp(text), document)


def assert_evidence_points_into(text: str, extraction: Extraction) -> int:
    count = 0
    for evidence in evidence_in(extraction):
        count += 1
        assert evidence.document_id == "p"
        assert 0 <= evidence.start <= evidence.end <= len(text), evidence
        assert text[evidence.start : evidence.end] == evidence.quote, evidence
        assert 0 <= evidence.sentence_start <= evidence.sentence_end <= len(text), evidence
        assert text[evidence.sentence_start : evidence.sentence_end] == evidence.sentence, evidence
    return count


def assert_clean(cleaned: str) -> None:
    assert isinstance(cleaned, str)
    if cleaned:
        paragraphs = cleaned.split("\n\n")
        assert all(p and p == p.strip() and "\n" not in p for p in paragraphs), paragraphs


@CHECKS
@given(any_text)
def test_clean_text_takes_any_unicode(raw: str) -> None:
    assert_clean(clean_text(raw))


@CHECKS
@given(news_like)
def test_clean_text_takes_any_news_like_text(raw: str) -> None:
    assert_clean(clean_text(raw))


@CHECKS
@given(any_text)
def test_extraction_of_any_unicode_cites_its_text_exactly(nlp, text: str) -> None:
    assert_evidence_points_into(text, extraction_of(nlp, text))


@CHECKS
@given(news_like)
def test_extraction_of_news_like_text_cites_its_text_exactly(nlp, raw: str) -> None:
    for text in (raw, clean_text(raw)):  # the build extracts from cleaned text
        assert_evidence_points_into(text, extraction_of(nlp, text))


def test_the_fragments_fire_every_kind_of_fact(nlp) -> None:
    """Guards the property above from passing vacuously: the fragments make every kind of fact."""
    extraction = extraction_of(nlp, " ".join(FRAGMENTS[:9]))
    kinds = {
        name: len(getattr(extraction, name))
        for name in ("mentions", "relations", "route_legs", "statistics", "quotes")
    }
    assert all(kinds.values()), kinds
    assert assert_evidence_points_into(" ".join(FRAGMENTS[:9]), extraction) > sum(kinds.values())
