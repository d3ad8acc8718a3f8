"""Build the spaCy pipeline described by ``pipelines/borderkg.cfg``."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from kg.components import (
    entity_typer,
    journeys,
    paragraphs,
    quotes,
    relation_ruler,
    statistics,
    vocabulary_ruler,
)
from kg.resources import data_dir

# Importing our components registers their factories before the config names them.
COMPONENTS = (paragraphs, vocabulary_ruler, entity_typer, relation_ruler, journeys, statistics, quotes)


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
