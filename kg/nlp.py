"""Build the spaCy pipeline described by ``pipelines/borderkg.cfg``."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import spacy
import srsly
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from kg.components import (
    attribute_ruler,
    entity_typer,
    journeys,
    lemmatizer,
    paragraphs,
    quotes,
    relation_ruler,
    statistics,
    vocabulary_ruler,
)
from kg.resources import data_dir

# Importing our components registers their factories before the config names them.
COMPONENTS = (attribute_ruler, lemmatizer, paragraphs, vocabulary_ruler, entity_typer, relation_ruler, journeys, statistics, quotes)


@cache
def load_pipeline(config_name: str = "borderkg.cfg") -> Language:
    """The pipeline: en_core_web_sm 3.8.0 plus our components, loaded once per process.

    Examples
    --------
    >>> nlp = load_pipeline()
    >>> [ent.label_ for ent in nlp("Title 42 ended and the CBP One app opened.").ents]
    ['Policy', 'App']
    """
    config = spacy.util.load_config(data_dir("pipelines") / config_name)
    return spacy.util.load_model_from_config(config, auto_fill=True)


@spacy.registry.tokenizers("bk_tokenizer.v1")
def make_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's English tokenizer, keeping whole the hyphenated words of ``pipelines/tokens.json``
    ("non-citizens") and splitting words at its dashes ("Triangle)—has"), so that the components
    built after it see them as the documents will.

    The tokenizer is made with its infixes and special cases at once: setting the infixes of a
    made one loads every special case (some 1,800) again.
    """

    def tokenizer(nlp: Language) -> Tokenizer:
        tokens = srsly.read_json(data_dir("pipelines") / "tokens.json")
        defaults = nlp.Defaults
        rules = dict(defaults.tokenizer_exceptions or {})
        rules.update((word, [{ORTH: word}]) for word in tokens["words"])
        infixes = list(defaults.infixes or ()) + tokens["infixes"]
        prefixes, suffixes = defaults.prefixes or (), defaults.suffixes or ()
        return Tokenizer(
            nlp.vocab, rules=rules,
            prefix_search=compile_prefix_regex(prefixes).search if prefixes else None,
            suffix_search=compile_suffix_regex(suffixes).search if suffixes else None,
            infix_finditer=compile_infix_regex(infixes).finditer,
            token_match=defaults.token_match, url_match=defaults.url_match)

    return tokenizer
