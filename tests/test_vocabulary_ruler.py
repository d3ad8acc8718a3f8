"""The vocabulary ruler matches exactly what an entity ruler with every pattern matches."""

from __future__ import annotations

import pytest
import spacy
from conftest import REPO, reaching
from spacy.matcher import Matcher
from spacy.pipeline import EntityRuler

from kg.components.vocabulary_ruler import VocabularyRuler, vocabulary_patterns
from kg.extract import extract
from kg.ingest import read_corpus
from kg.model import Document


@pytest.mark.parametrize("text", [
    # A vocabulary crossing and the hand rule for "<place> port of entry" on the same words:
    # the order of the matches decides which one names the entity.
    "Migrants waited at the San Diego port of entry and the Calexico border crossing.",
    "ICE agents said the ice on the Rio Grande was thin; Venezuelan asylum seekers crossed.",
    "Ms. Edwards-Behar runs the Posada del Migrante Shelter in Mexicali city government.",
    "Haitians and Mexican migrants applied through the CBP One app under Title 42.",
])
def test_matches_and_their_order_are_those_of_the_full_token_matcher(nlp, text):
    names = nlp.pipe_names
    ruler = nlp.get_pipe("bk_vocabulary_ruler")
    with nlp.select_pipes(enable=names[:names.index("bk_vocabulary_ruler")]):
        doc = nlp(text)

    found = ruler.match(doc)

    assert found == EntityRuler.match(ruler, doc)
    assert found


def test_token_matches_in_stretches_are_those_of_a_token_matcher_on_the_whole_document(nlp):
    # The sample articles as one document: the ruler's token patterns read only some of it.
    text = "\n\n".join(d.text for d in read_corpus([REPO / "corpus"]) if isinstance(d, Document))
    ruler = nlp.get_pipe("bk_vocabulary_ruler")
    doc = reaching(nlp, "bk_vocabulary_ruler", text + "\n\nSpeaking on I-35, Mr. Ana Ruiz left.")
    whole = Matcher(nlp.vocab)
    for entry in ruler._token_patterns:
        whole.add(entry.key, [entry.pattern])

    found = ruler.token_matches(doc)

    assert found == whole(doc)
    assert len({key for key, _, _ in found}) >= 5


def _ruler() -> VocabularyRuler:
    ruler = VocabularyRuler(spacy.blank("en"), "test_ruler")
    ruler.add_patterns([
        {"label": "Policy", "pattern": [{"ORTH": "Title"}, {"ORTH": "42"}], "id": "title-42"},
        {"label": "Program", "pattern": [{"LOWER": "parole"}], "id": "parole"},
        {"label": "App", "pattern": [{"LOWER": "CBP"}], "id": "never"},
        {"label": "App", "pattern": [{"LOWER": {"IN": ["cbp"]}}, {"LOWER": "one"}], "id": "cbp"},
    ])
    return ruler


def _matched(ruler: VocabularyRuler, text: str) -> list[str]:
    doc = ruler.nlp(text)
    return [doc[start:end].text for _, start, end in ruler.match(doc)]


def test_plain_words_match_by_orth_or_lower_and_other_patterns_as_written():
    ruler = _ruler()

    assert _matched(ruler, "Title 42 and title 42, Parole, CBP One and cbp one") == [
        "Title 42", "CBP One", "cbp one", "Parole"]
    assert _matched(ruler, "CBP") == []  # LOWER "CBP" matches no token, as in the token matcher


def test_removed_and_cleared_patterns_match_no_more():
    ruler = _ruler()
    ruler.remove("title-42")
    assert _matched(ruler, "Title 42 on parole") == ["parole"]

    ruler.clear()
    ruler.add_patterns([{"label": "Policy", "pattern": [{"ORTH": "42"}], "id": "42"}])
    assert _matched(ruler, "Title 42 on parole") == ["42"]


def test_the_generic_group_has_its_own_id_after_the_demonym_groups(nlp):
    patterns = vocabulary_patterns(nlp)
    ids = [p["id"] for p in patterns]
    generic = [p for p in patterns if p["id"] == "generic:migrants"]
    assert {tuple(t["LOWER"] for t in p["pattern"]) for p in generic} >= {
        ("aliens",), ("illegal", "aliens"), ("migrants",)}
    assert ids.index("generic:migrants") > max(
        i for i, id_ in enumerate(ids) if id_.startswith("group:"))


def test_a_nations_authorities_known_to_the_vocabulary_get_no_second_pattern(nlp):
    ids = {p["id"] for p in vocabulary_patterns(nlp)}
    assert "authorities:Guatemalan authorities" in ids
    assert "authorities:Mexican authorities" not in ids  # vocab:mexican-authorities


@pytest.mark.parametrize(("text", "government", "country"), [
    ("Officials of the Government of Honduras met the delegation.", "Government of Honduras", "Honduras"),
    ("The Guatemalan government accepted the flights.", "Guatemalan government", "Guatemala"),
    ("Officials notified the Governments of Honduras.", "Governments of Honduras", "Honduras"),
])
def test_a_nations_government_is_its_country(nlp, text, government, country):
    doc = nlp(text)
    assert [(ent.text.endswith(government), ent.label_) for ent in doc.ents] == [(True, "Country")]
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    assert [m.name for m in extract(doc, document).mentions] == [country]


@pytest.mark.parametrize(("text", "name", "label"), [
    ("President Joe Biden's administration is in talks with the Senate.", "Biden administration", "GovernmentAgency"),
    ("Donald Trump’s administration ended the program.", "Trump administration", "GovernmentAgency"),
    ("Fighting pushes thousands more into DRC for safety.", "Democratic Republic of Congo", "Country"),
])
def test_names_the_vocabulary_knows_in_the_forms_news_use(nlp, text, name, label):
    document = Document(id="t", text=text, sources=("t.txt",), content_hash="h")
    assert (name, label) in {(m.name, m.type) for m in extract(nlp(text), document).mentions}
