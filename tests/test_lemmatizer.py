"""The lemmatizer that lemmatizes each kind of token once gives en_core_web_sm's lemmas."""

from __future__ import annotations

from conftest import reaching
from spacy.attrs import LEMMA

from kg.components.lemmatizer import KindLemmatizer

# Plural and singular nouns, verbs in every form, comparatives, a word in two parts of
# speech ("crossing"), contractions the attribute ruler lemmatizes ("gonna", "'ll") and a
# blank line.
TEXT = ("Agents arrested 12 migrants who were crossing; the crossing was busier than ever. "
        "They're gonna cross at the ports of entry, she said. We'll see.\n\n"
        "Smugglers had driven the children farther north, and the families fled.")


def test_lemmas_are_those_of_the_models_lemmatizer(nlp, plain):
    ours = nlp.get_pipe("lemmatizer")
    doc = reaching(nlp, "lemmatizer", TEXT)
    expected = plain.get_pipe("lemmatizer")(doc.copy())

    assert isinstance(ours, KindLemmatizer)
    for _ in range(2):  # the second time, every kind of token is known
        lemmatized = ours(doc.copy())
        assert [t.lemma_ for t in lemmatized] == [t.lemma_ for t in expected]
        assert (lemmatized.to_array([LEMMA]) == expected.to_array([LEMMA])).all()
    assert [t.lemma_ for t in lemmatized][:4] == ["agent", "arrest", "12", "migrant"]
