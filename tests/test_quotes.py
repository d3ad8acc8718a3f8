"""Quotes and claims read by ``bk_quotes`` (rules in ``pipelines/quotes.json``), on text written for the tests."""

from __future__ import annotations

from kg.extract import extract
from kg.model import Document, Quote


def quotes(nlp, text: str) -> list[Quote]:
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    found = extract(nlp(text), document).quotes
    for quote in found:
        evidence = quote.evidence
        assert text[evidence.start:evidence.end] == evidence.quote == quote.text
        assert evidence.sentence == text[evidence.sentence_start:evidence.sentence_end]
    return list(found)


def direct(found: list[Quote]) -> list[tuple[str | None, str]]:
    return [(q.speaker.name if q.speaker else None, q.text) for q in found if q.direct]


def test_quote_then_said_name(nlp):
    text = "“We waited nine days for the appointment,” said Carlos Mendoza, a farmer."
    assert direct(quotes(nlp, text)) == [("Carlos Mendoza", "We waited nine days for the appointment,")]


def test_quote_then_pronoun_told_resolves_to_the_last_person(nlp):
    text = ("Carlos Mendoza reached Tijuana in June. “Nobody explained the rules to us,” "
            "he told Reuters.")
    assert direct(quotes(nlp, text)) == [("Carlos Mendoza", "Nobody explained the rules to us,")]


def test_name_recounted_after_quote(nlp):
    text = "“The river was higher than we expected,” Maria Gonzalez recounted."
    assert direct(quotes(nlp, text))[0][0] == "Maria Gonzalez"


def test_quote_after_colon_takes_the_sentence_subject(nlp):
    text = "Maria Gonzalez described the crossing: “The water reached our chests.”"
    assert direct(quotes(nlp, text))[0][0] == "Maria Gonzalez"


def test_about_lists_entities_inside_the_quote(nlp):
    text = "“Title 42 kept us in Tijuana for months,” said Carlos Mendoza."
    [quote] = quotes(nlp, text)
    assert {m.name for m in quote.about} == {"Title 42", "Tijuana"}


def test_according_to_is_a_claim_with_its_source(nlp):
    text = "Most of the families were from Honduras, according to shelter volunteers."
    [claim] = quotes(nlp, text)
    assert not claim.direct
    assert claim.speaker_text == "shelter volunteers"
    assert claim.rule == "claim:according-to"


def test_reported_speech_is_a_claim_of_its_subject(nlp):
    text = "Carlos Mendoza said that the Border Patrol had closed the gate."
    claims = [q for q in quotes(nlp, text) if not q.direct]
    assert [(q.speaker.name if q.speaker else None, q.rule) for q in claims] == [
        ("Carlos Mendoza", "claim:reported-speech")]
    assert any("Border Patrol" in m.name for m in claims[0].about)


def test_unattributed_quote_continues_the_speaker_of_its_paragraph(nlp):
    text = ("“The shelter is full every night,” said Carlos Mendoza, who runs it. "
            "“We turn families away. We have no more beds.”\n\n"
            "“It will get worse before it gets better.”")
    found = direct(quotes(nlp, text))
    assert found[1] == ("Carlos Mendoza", "We turn families away. We have no more beds.")
    assert found[2][0] is None  # a new paragraph is not the same speaker
