"""``bk_vocabulary_ruler``: known entities, demonym groups and hand patterns as an entity ruler.

Every label and alias of ``ontology/vocabulary.ttl`` becomes a token pattern whose
``id`` is ``vocab:<key>``, so a match names its canonical entity; demonym groups get
``group:<Demonym> migrants`` and the hand patterns ``rule:<their id>``. Labels with a
capital letter match case-sensitively ("ICE" is the agency, "ice" is not); lower-case
labels ("humanitarian parole") match in any case.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import srsly
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from kg.gazetteer import lookup
from kg.resources import data_dir
from kg.vocabulary import KnownEntity, load_vocabulary


def _token_pattern(nlp: Language, text: str) -> list[dict[str, str]]:
    attribute = "ORTH" if any(ch.isupper() for ch in text) else "LOWER"
    return [{attribute: token.text if attribute == "ORTH" else token.lower_}
            for token in nlp.make_doc(text)]


def _demonym_groups(known: tuple[KnownEntity, ...], rules: dict) -> Iterator[tuple[str, str, bool]]:
    """Yield ``(demonym, group label, is_plural)`` per demonym, following ``migrant_groups.json``."""
    never = set(rules["never"])
    for entity in known:
        for demonym in entity.demonyms:
            if demonym in never:
                continue
            plural = demonym.endswith("s") and demonym[:-1] in entity.demonyms
            if plural and (not rules["plural_demonym_alone"] or demonym in rules["not_alone"]):
                continue
            singular = demonym[:-1] if plural else demonym
            preferred = rules["preferred"].get(singular, singular)
            yield demonym, rules["label_template"].format(demonym=preferred), plural


def vocabulary_patterns(nlp: Language) -> list[dict]:
    """All ruler patterns: vocabulary labels, then demonym groups."""
    known = load_vocabulary()
    patterns: list[dict] = []
    for entity in known:
        for text in sorted({entity.label, *entity.aliases}):
            patterns.append({"label": entity.type, "pattern": _token_pattern(nlp, text),
                             "id": f"vocab:{entity.key}"})
    rules = json.loads((data_dir("pipelines") / "migrant_groups.json").read_text("utf-8"))
    heads = [[{"LOWER": t.lower_} for t in nlp.make_doc(head)] for head in rules["heads"]]
    for demonym, group, plural in _demonym_groups(known, rules):
        demonym_tokens = _token_pattern(nlp, demonym)
        if plural:
            patterns.append({"label": "MigrantGroup", "pattern": demonym_tokens,
                             "id": f"group:{group}"})
        else:
            patterns.extend({"label": "MigrantGroup", "pattern": demonym_tokens + head,
                             "id": f"group:{group}"} for head in heads)
    return patterns


_PLACE_CLASSES = {"Place", "Country", "City", "AdministrativeArea", "NaturalRegion"}
_NAMED_LABELS = {"ORG", "FAC", "GPE", "LOC"}


class VocabularyRuler(EntityRuler):
    """An entity ruler whose matches replace the model's entities, except where the model's
    entity strictly contains the match and is the better reading: a known place ("New
    Mexico" around "Mexico"), or a named organisation or place around a place of the
    vocabulary ("The New York Times" around "New York", "U.S. Coast Guard" around "U.S.")."""

    def set_annotations(self, doc: Doc, matches: list) -> None:
        places = [(ent.start, ent.end) for ent in doc.ents if lookup(ent.text) is not None]
        named = [(ent.start, ent.end) for ent in doc.ents if ent.label_ in _NAMED_LABELS]

        def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
            return any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)

        kept = [
            (label, start, end) for label, start, end in matches
            if not inside(start, end, places)
            and not (self._class_of(label) in _PLACE_CLASSES and inside(start, end, named))
        ]
        super().set_annotations(doc, kept)

    def _class_of(self, match_label: int) -> str:
        # The ruler's match label is "<class><ent_id_sep><pattern id>".
        return self.nlp.vocab.strings[match_label].split(self.ent_id_sep)[0]


@Language.factory("bk_vocabulary_ruler", default_config={"patterns_file": "entity_patterns.jsonl"})
def make_vocabulary_ruler(nlp: Language, name: str, patterns_file: str) -> EntityRuler:
    """An entity ruler over the vocabulary, demonym groups and ``pipelines/<patterns_file>``."""
    ruler = VocabularyRuler(nlp, name, overwrite_ents=True)
    hand = [{"label": rule["label"], "pattern": rule["pattern"], "id": f"rule:{rule['id']}"}
            for rule in srsly.read_jsonl(data_dir("pipelines") / patterns_file)]
    ruler.add_patterns(vocabulary_patterns(nlp) + hand)
    return ruler
