"""``bk_entity_typer``: gives every statistical NER span a class of our ontology, or drops it.

The model's labels are not our types: it calls Mexicali a PERSON and Cancún a NORP.
Known places come from the gazetteers, names from what the same document says about
people (a surname that ends a full name elsewhere, a courtesy title before it), and
organisations are split by the marker words of ``pipelines/entity_markers.json``.
Spans the vocabulary ruler already typed are left as they are.
"""

from __future__ import annotations

import json
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.gazetteer import lookup
from kg.model import ENTITY_TYPES
from kg.names import normalize
from kg.resources import data_dir
from kg.vocabulary import load_vocabulary

_DETERMINERS = {"the", "a", "an"}


@cache
def _country_names() -> frozenset[str]:
    """Every normalised label and alias of the vocabulary's countries ("us", "america")."""
    return frozenset(normalize(name) for entity in load_vocabulary() if entity.type == "Country"
                     for name in (entity.label, *entity.aliases))
_POSSESSIVES = {"'s", "’s", "'", "’"}


class EntityTyper:
    """Re-labels ``doc.ents`` with ontology classes; keys go to ``Span.kb_id_``."""

    def __init__(self, markers: dict, min_city_population: int) -> None:
        self.agency_words = {w.lower() for w in markers["agency_words"]}
        self.ngo_words = {w.lower() for w in markers["ngo_words"]}
        self.news_words = {w.lower() for w in markers["news_words"]}
        self.titles = set(markers["titles"])
        self.keep_labels = set(markers["keep_labels"])
        self.min_population = int(markers["min_population_to_override_name"])
        self.min_city_population = min_city_population
        # Read the gazetteers now, with the pipeline, rather than in its first document.
        lookup("")
        lookup("", min_city_population)

    def __call__(self, doc: Doc) -> Doc:
        name_tokens = self._person_name_tokens(doc)
        typed = []
        for ent in doc.ents:
            if ent.label_ in ENTITY_TYPES:
                span = None if self._crossing_of_a_country(ent) else ent
            else:
                span = self._type(self._trim(ent), name_tokens)
            if span is not None:
                typed.append(span)
        doc.ents = typed + self._untagged_places(doc, typed)
        return doc

    def _untagged_places(self, doc: Doc, typed: list[Span]) -> list[Span]:
        """Runs of proper nouns the model left untagged that a gazetteer knows as a sizeable
        place: "Agua Prieta" in a list of border towns."""
        taken = {i for span in typed for i in range(span.start, span.end)}
        found: list[Span] = []
        i = 0
        while i < len(doc):
            end = i
            while end < len(doc) and end - i < 3 and doc[end].pos_ == "PROPN" and end not in taken:
                end += 1
            # Only multiword names: they are specific enough to trust any gazetteer
            # place, where a lone "Van" or "Syracuse" is as often something else.
            for stop in range(end, i + 1, -1):
                place = lookup(doc[i:stop].text, self.min_city_population)
                if place is not None:
                    found.append(Span(doc, i, stop, label=place.type, kb_id=f"place:{place.key}"))
                    end = stop
                    break
            i = max(end, i + 1)
        return found

    def _person_name_tokens(self, doc: Doc) -> set[str]:
        """Surnames and given names of the people the document names in full or with a title."""
        tokens: set[str] = set()
        for ent in doc.ents:
            words = [t.text for t in ent if t.text not in _POSSESSIVES and t.text not in self.titles]
            titled = ent.label_ == "Person" or (ent.start > 0 and doc[ent.start - 1].text in self.titles)
            full_name = ent.label_ == "PERSON" and len(words) > 1 and lookup(ent.text) is None
            if full_name or titled:
                tokens.update(w for w in words if w[:1].isupper())
        return tokens

    def _trim(self, ent: Span) -> Span | None:
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (doc[start].lower_ in _DETERMINERS or not doc[start].text.strip()
                               or doc[start].is_punct or not doc[start].text[0].isalnum()):
            start += 1
        while end > start and (doc[end - 1].text in _POSSESSIVES or doc[end - 1].is_punct):
            end -= 1
        if end > start and doc[end - 1].is_lower:
            return None  # a headline fragment such as "The Next Stage of"
        return Span(doc, start, end, label=ent.label_) if end > start else None

    def _type(self, span: Span | None, name_tokens: set[str]) -> Span | None:
        if span is None or span.label_ not in self.keep_labels:
            return None
        text = span.text
        place = lookup(text, self.min_city_population)
        named_person = span[-1].text in name_tokens and (len(span) == 1 or place is None)
        if named_person and span.label_ != "PERSON" and len(span) <= 4:
            return Span(span.doc, span.start, span.end, label="Person")
        if place is not None and (
            span.label_ in {"GPE", "LOC", "FAC", "NORP"}
            or place.type != "City"
            or place.population >= self.min_population
        ):
            return Span(span.doc, span.start, span.end, label=place.type, kb_id=f"place:{place.key}")
        if place is None and span.label_ == "GPE" and len(span) == 1:
            return None  # every real one-word country, state or city is in the gazetteer
        label = {
            "PERSON": "Person",
            "ORG": self._organization_class(span),
            "GPE": "Place",
            "LOC": "Place",
        }.get(span.label_)
        if label is None or not any(t.is_title or t.is_upper for t in span):
            return None
        return Span(span.doc, span.start, span.end, label=label)

    @staticmethod
    def _crossing_of_a_country(ent: Span) -> bool:
        """"a U.S. port of entry" names no particular crossing."""
        if ent.label_ != "BorderCrossing" or not ent.ent_id_.startswith("rule:"):
            return False
        words = [t for t in ent if t.lower_ not in {"port", "ports", "of", "entry", "in", "at",
                                                    "border", "crossing"}]
        place_words = []
        for token in words:
            if token.is_punct:
                break
            place_words.append(token.text)
        name = " ".join(place_words)
        place = lookup(name) if place_words else None
        return (place is not None and place.type == "Country") or normalize(name) in _country_names()

    def _organization_class(self, span: Span) -> str:
        words = {t.lower_ for t in span}
        if words & self.agency_words:
            return "GovernmentAgency"
        if words & self.news_words:
            return "NewsOrganization"
        if words & self.ngo_words:
            return "NonGovernmentalOrganization"
        return "Organization"


@Language.factory(
    "bk_entity_typer",
    default_config={"markers_file": "entity_markers.json", "min_city_population": 15000},
)
def make_entity_typer(nlp: Language, name: str, markers_file: str,
                      min_city_population: int) -> EntityTyper:
    """The typer, configured from ``pipelines/<markers_file>``."""
    markers = json.loads((data_dir("pipelines") / markers_file).read_text("utf-8"))
    return EntityTyper(markers, min_city_population)
