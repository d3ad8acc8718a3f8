"""The indexed attribute ruler matches, and sets, what en_core_web_sm's own ruler does."""

from __future__ import annotations

import pytest
from conftest import reaching
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from kg.components.attribute_ruler import IndexedAttributeRuler


@pytest.mark.parametrize("text", [
    # Pronouns and determiners by word and tag, "that" as determiner, relative and
    # conjunction, auxiliaries by dependency, "n't", "gonna" over two tokens, and a
    # blank line (the space patterns).
    "She told him that they'd gonna cross; it wasn't theirs, but that was the plan.",
    ("Those who have been detained said they did not know what had happened to them.\n\n"
     "There are 300 migrants, and y'all ain't seen nothin' yet."),
])
def test_matches_and_token_attributes_are_those_of_the_models_ruler(nlp, plain, text):
    ours = nlp.get_pipe("attribute_ruler")
    theirs = plain.get_pipe("attribute_ruler")
    doc = reaching(nlp, "attribute_ruler", text)

    assert isinstance(ours, IndexedAttributeRuler)
    assert ours.match(doc) == theirs.match(doc)
    attributes = [TAG, POS, MORPH, LEMMA, DEP]
    assert (ours(doc.copy()).to_array(attributes) == theirs(doc.copy()).to_array(attributes)).all()


def test_a_pattern_it_cannot_read_is_refused_when_added(plain):
    ruler = IndexedAttributeRuler(plain.vocab)
    with pytest.raises(ValueError, match="OP"):
        ruler.add([[{"LOWER": "gon", "OP": "?"}]], {"LEMMA": "go"})
    with pytest.raises(ValueError, match="FUZZY"):
        ruler.add([[{"LOWER": {"FUZZY": "gonna"}}]], {"LEMMA": "go"})
    with pytest.raises(ValueError, match="outside"):
        ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "to"}, index=2)
