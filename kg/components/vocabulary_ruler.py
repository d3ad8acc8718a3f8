"""``bk_vocabulary_ruler``: known entities, demonym groups and hand patterns as an entity ruler.

Every label and alias of ``ontology/vocabulary.ttl`` becomes a token pattern whose
``id`` is ``vocab:<key>``, so a match names its canonical entity; demonym groups get
``group:<Demonym> migrants``, a nation's authorities ``authorities:<Demonym> authorities``, the words of the group of no stated nationality
``generic:migrants``, and the hand patterns ``rule:<their id>``. Labels with a
capital letter match case-sensitively ("ICE" is the agency, "ice" is not); lower-case
labels ("humanitarian parole") match in any case.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

import srsly
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from kg.components.needs import DocumentValues, PatternShape
from kg.gazetteer import lookup
from kg.names import POSSESSIVE_ENDINGS
from kg.resources import data_dir
from kg.vocabulary import KnownEntity, load_vocabulary


def _token_pattern(nlp: Language, text: str) -> list[dict[str, str]]:
    attribute = "ORTH" if any(ch.isupper() for ch in text) else "LOWER"
    return [{attribute: token.text if attribute == "ORTH" else token.lower_}
            for token in nlp.make_doc(text)]


def _demonym_groups(known: tuple[KnownEntity, ...],
                    rules: dict) -> Iterator[tuple[str, str, str, bool]]:
    """Yield ``(demonym, preferred singular, group label, is_plural)`` per demonym, following
    ``migrant_groups.json``."""
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
            yield demonym, preferred, rules["label_template"].format(demonym=preferred), plural


@cache
def migrant_group_rules() -> dict:
    """``pipelines/migrant_groups.json``, read once: how demonyms form groups, and the generic
    group (read only: every caller shares it)."""
    return json.loads((data_dir("pipelines") / "migrant_groups.json").read_text("utf-8"))


@cache
def demonym_group_labels() -> dict[str, str]:
    """The label of the group each singular demonym names, by its lower case: "guatemalan" ->
    "Guatemalan migrants"."""
    rules = migrant_group_rules()
    return {demonym.lower(): group for demonym, _, group, plural
            in _demonym_groups(load_vocabulary(), rules) if not plural}


@cache
def generic_group_label() -> str:
    """The label of the group of migrants of no stated nationality ("migrants")."""
    return str(migrant_group_rules()["generic"]["label"])


def vocabulary_patterns(nlp: Language) -> list[dict]:
    """All ruler patterns: vocabulary labels, demonym groups, a nation's authorities ("Guatemalan
    authorities", where the vocabulary does not know them) and the generic group."""
    known = load_vocabulary()
    patterns: list[dict] = []
    for entity in known:
        for text in sorted({entity.label, *entity.aliases}):
            patterns.append({"label": entity.type, "pattern": _token_pattern(nlp, text),
                             "id": f"vocab:{entity.key}"})
    rules = migrant_group_rules()
    heads = [[{"LOWER": t.lower_} for t in nlp.make_doc(head)] for head in rules["heads"]]
    # in lower case only: "a Guatemalan national", not "the Guatemalan National Police"
    heads += [[{"ORTH": head}] for head in rules["person_heads"]]
    for demonym, _, group, plural in _demonym_groups(known, rules):
        demonym_tokens = _token_pattern(nlp, demonym)
        if plural:
            patterns.append({"label": "MigrantGroup", "pattern": demonym_tokens,
                             "id": f"group:{group}"})
        else:
            patterns.extend({"label": "MigrantGroup", "pattern": demonym_tokens + head,
                             "id": f"group:{group}"} for head in heads)
    known_labels = {name for entity in known for name in (entity.label, *entity.aliases)}
    authority_heads = [[{"LOWER": t.lower_} for t in nlp.make_doc(head)]
                       for head in rules["authorities"]["heads"]]
    for demonym, preferred, _, plural in _demonym_groups(known, rules):
        agency = rules["authorities"]["label_template"].format(demonym=preferred)
        if plural or agency in known_labels:
            continue
        patterns.extend({"label": "GovernmentAgency", "id": f"authorities:{agency}",
                         "pattern": _token_pattern(nlp, demonym) + head}
                        for head in authority_heads)
    patterns += _government_patterns(nlp, known, rules["national_government"])
    generic = rules["generic"]
    patterns.extend({"label": "MigrantGroup", "id": f"generic:{generic['label']}",
                     "pattern": [{"LOWER": t.lower_} for t in nlp.make_doc(words)]}
                    for words in generic["words"])
    return patterns


def _government_patterns(nlp: Language, known: tuple[KnownEntity, ...], government: dict) -> list[dict]:
    """A country's government by name or demonym ("Government of Guatemala", "Honduran
    government"), as that country, where the vocabulary does not list the form itself."""
    patterns: list[dict] = []
    for entity in known:
        if entity.type != "Country":
            continue
        forms = [f"{before} {entity.label}" for before in government["before_name"]]
        forms += [f"{demonym} {after}" for demonym in entity.demonyms
                  if not (demonym.endswith("s") and demonym[:-1] in entity.demonyms)
                  for after in government["after_demonym"]]
        own = {name.lower() for name in (entity.label, *entity.aliases)}
        patterns.extend({"label": entity.type, "id": f"vocab:{entity.key}",
                         "pattern": [{"LOWER": t.lower_} for t in nlp.make_doc(form)]}
                        for form in forms if form.lower() not in own)
    return patterns


_PLACE_CLASSES = {"Place", "Country", "City", "AdministrativeArea", "NaturalRegion"}
_NAMED_LABELS = {"ORG", "FAC", "GPE", "LOC"}


class _TokenPattern(NamedTuple):
    """A token pattern of the ruler that is not plain words, in the order it was added."""

    key: str
    """The ruler's match label: ``<class><ent_id_sep><id>``."""
    pattern: list[dict[str, Any]]
    shape: PatternShape
    """Where in a document it can match (:class:`kg.components.needs.PatternShape`)."""


def _plain_words(pattern: list[dict[str, Any]]) -> list[str] | None:
    """The words of a pattern whose tokens are each one ORTH or one lower-case LOWER, else None.

    A phrase matcher on lower case finds every span such a pattern matches: the token
    it matches has the lower case of the word.
    """
    words = []
    for token in pattern:
        if len(token) != 1:
            return None
        ((attribute, value),) = token.items()
        if not isinstance(value, str) or not (
                attribute == "ORTH" or (attribute == "LOWER" and value == value.lower())):
            return None
        words.append(value)
    return words


class VocabularyRuler(EntityRuler):
    """An entity ruler whose matches replace the model's entities, except where the model's
    entity strictly contains the match and is the better reading: a known place ("New
    Mexico" around "Mexico"), or a named organisation or place around a place of the
    vocabulary ("The New York Times" around "New York", "U.S. Coast Guard" around "U.S.").

    A token matcher tries each of its patterns at every token: with the vocabulary's
    ~1,600 patterns that was a fifth of the pipeline's time. Nearly all are plain words,
    which a phrase matcher on lower case finds, their exact words checked where they have
    them. A token matcher runs the other patterns, over the stretches of the document where
    one can match (:mod:`kg.components.needs`). The matches are those of the token matcher
    with every pattern, in its order; the ruler sorts them as :meth:`EntityRuler.match` does.
    """

    def __init__(self, nlp: Language, name: str = "entity_ruler", **options: Any) -> None:
        self._clear_words(nlp)  # before EntityRuler.__init__, which may add patterns
        super().__init__(nlp, name, **options)

    def clear(self) -> None:
        """Reset all patterns."""
        super().clear()
        self._clear_words(self.nlp)

    def _clear_words(self, nlp: Language) -> None:
        self._token_patterns: list[_TokenPattern] = []
        self._plain: dict[tuple[str, ...], list[tuple[str, list[dict[str, str]]]]] = {}
        """The plain-word patterns ``(key, pattern)`` by the lower case of their words."""
        self._words = PhraseMatcher(nlp.vocab, attr="LOWER")

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        """Add patterns, as :meth:`EntityRuler.add_patterns` does."""
        super().add_patterns(patterns)
        for entry in patterns:
            if isinstance(entry["pattern"], list):
                key = self._create_label(entry["label"], entry.get("id"))
                words = _plain_words(entry["pattern"])
                if words is None:
                    self._token_patterns.append(_TokenPattern(key, entry["pattern"],
                                                              PatternShape(entry["pattern"])))
                    continue
                lower = tuple(word.lower() for word in words)
                if lower not in self._plain:
                    self._words.add("words", [Doc(self.nlp.vocab, words=words)])
                self._plain.setdefault(lower, []).append((key, entry["pattern"]))

    def remove(self, ent_id: str) -> None:
        """Remove the patterns of an id, as :meth:`EntityRuler.remove` does."""
        super().remove(ent_id)
        self._token_patterns = [p for p in self._token_patterns if p.key in self.matcher]
        self._plain = {lower: [(key, pattern) for key, pattern in entries if key in self.matcher]
                       for lower, entries in self._plain.items()}

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The matches of :meth:`EntityRuler.match`: the plain words found by the phrase
        matcher, and a token matcher of the other patterns that can match in ``doc``."""
        self._require_patterns()
        # From here as EntityRuler.match, with these matches for those of ``self.matcher``.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            matches = [*self.token_matches(doc), *self._plain_matches(doc), *self.phrase_matcher(doc)]
        final_matches = {(m_id, start, end) for m_id, start, end in matches if start != end}
        return sorted(final_matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def token_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """What a token matcher with every pattern that is not plain words finds, in its order.

        It holds the patterns that can match in ``doc`` and reads only the stretches where
        one can (:meth:`kg.components.needs.DocumentValues.regions`), one after the other:
        a match found at the end of one comes, as in the whole document, before those of
        the next, and the tokens between them start no match.
        """
        values = DocumentValues(doc)
        matcher = Matcher(self.nlp.vocab, validate=self._validate,
                          fuzzy_compare=self.matcher_fuzzy_compare)
        regions = []
        for entry in self._token_patterns:
            found = values.regions(entry.shape)
            if found:
                matcher.add(entry.key, [entry.pattern])
                regions += found
        stretches: list[list[int]] = []
        for start, end in sorted(regions):
            if stretches and start <= stretches[-1][1]:
                stretches[-1][1] = max(stretches[-1][1], end)
            else:
                stretches.append([start, end])
        return [(key, first + start, first + end) for first, last in stretches
                for key, start, end in matcher(doc[first:last])]

    def _plain_matches(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        for _, start, end in self._words(doc):
            span = doc[start:end]
            for key, pattern in self._plain[tuple(token.lower_ for token in span)]:
                if all(token.orth_ == spec["ORTH"] for spec, token in zip(pattern, span)
                       if "ORTH" in spec):
                    yield get_string_id(key), start, end

    def set_annotations(self, doc: Doc, matches: list) -> None:
        places = [(ent.start, ent.end) for ent in doc.ents if lookup(ent.text) is not None]
        # a name the model cut off at a function word ("the Northern Triangle of") names nothing,
        # two places the model joined over "to" are no one name ("a boat from Necoclí to Acandí"),
        # and an article the model read into a name is none of it ("the Interstate Highway 35")
        named = [(ent.start + (ent[0].lower_ == "the" and len(ent) > 1), ent.end) for ent in doc.ents
                 if ent.label_ in _NAMED_LABELS and not (ent[-1].is_stop and ent[-1].is_lower)
                 and not any(token.text == "to" for token in ent[1:-1])]

        def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
            return any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)

        kept = [
            (label, start, end) for label, start, end in matches
            if not inside(start, end, places)
            and not (self._class_of(label) in _PLACE_CLASSES and inside(start, end, named))
        ]
        # From here as EntityRuler.set_annotations with overwrite_ents, which drops the model's
        # entities a match overlaps one match at a time: here all at once, at the end.
        matched: list[Span] = []
        taken: set[int] = set()
        for match_id, start, end in kept:
            if not self.overwrite and any(token.ent_type for token in doc[start:end]):
                continue
            if start not in taken and end - 1 not in taken:
                label, ent_id = self._ent_ids.get(match_id, (match_id, 0))
                matched.append(Span(doc, start, end, label=label, span_id=ent_id))
                taken.update(range(start, end))
        doc.ents = [ent for ent in (_owned_part(ent, taken) for ent in doc.ents) if ent is not None] + matched

    def _class_of(self, match_label: int) -> str:
        # The ruler's match label is "<class><ent_id_sep><pattern id>".
        return self.nlp.vocab.strings[match_label].split(self.ent_id_sep)[0]


@cache
def _owned_heads() -> frozenset[str]:
    """The last words of the name of an office, unit or program an agency owns."""
    markers = json.loads((data_dir("pipelines") / "entity_markers.json").read_text("utf-8"))
    return frozenset(w.lower() for key in ("agency_words", "unit_words", "ngo_words", "program_heads")
                     for w in markers[key])


def _owned_part(ent: Span, taken: set[int]) -> Span | None:
    """The model's entity where no match overlaps it; where a known name takes its start up to a
    possessive, the office, unit or program it goes on to name after it ("ICE’s Air Operations
    Unit", "ERO Baltimore’s Criminal Apprehension Program"; not "CBP’s Stats and Summaries"
    webpage); else none."""
    if taken.isdisjoint(range(ent.start, ent.end)):
        return ent
    mark = next((t.i for t in ent if t.text in POSSESSIVE_ENDINGS), None)
    if mark is None or mark - 1 not in taken or mark + 2 >= ent.end or ent[-1].lower_ not in _owned_heads() \
            or not taken.isdisjoint(range(mark + 1, ent.end)) \
            or not all(t.is_title or t.is_upper for t in ent.doc[mark + 1:ent.end] if not t.is_stop):
        return None
    return Span(ent.doc, mark + 1, ent.end, label=ent.label_)


@Language.factory("bk_vocabulary_ruler", default_config={"patterns_file": "entity_patterns.jsonl"})
def make_vocabulary_ruler(nlp: Language, name: str, patterns_file: str) -> EntityRuler:
    """An entity ruler over the vocabulary, demonym groups and ``pipelines/<patterns_file>``."""
    ruler = VocabularyRuler(nlp, name, overwrite_ents=True)
    hand = [{"label": rule["label"], "pattern": rule["pattern"], "id": f"rule:{rule['id']}"}
            for rule in srsly.read_jsonl(data_dir("pipelines") / patterns_file)]
    ruler.add_patterns(vocabulary_patterns(nlp) + hand)
    return ruler
