"""``bk_relation_ruler``: relations from the rules of ``pipelines/relations.jsonl``.

A rule is one JSON line with an ``id``, a ``comment`` and either

- a token ``pattern`` (spaCy ``Matcher``) whose ``subject`` and ``object`` are indices of
  pattern tokens: the entity covering the first token aligned to that index is the argument;
- or a ``dependency`` pattern (spaCy ``DependencyMatcher``) whose ``subject`` and ``object``
  name a ``RIGHT_ID``; a ``subject`` written ``"^verb"`` is the nearest subject above the
  node ``verb`` ("They flew to Madrid, then entered Spain at Irun": *They* entered).

Each rule yields a relation (journeys are read by ``bk_journeys``). Matches go to
``Doc._.bk_relations`` as plain tuples; ``kg/extract.py`` turns them into model objects.
A verb with a ``neg`` dependent marks its relation as negated.
"""

from __future__ import annotations

from typing import NamedTuple, cast

import srsly
from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Token

from kg.resources import data_dir


class RelationMatch(NamedTuple):
    """One matched relation: token indices of the two arguments."""

    rule: str
    predicate: str
    subject: int
    object: int
    confidence: float
    negated: bool


if not Doc.has_extension("bk_relations"):
    Doc.set_extension("bk_relations", default=[])


_NEGATIONS = {"not", "n't", "n’t", "never"}


def _negated(tokens: list[Token]) -> bool:
    for token in tokens:
        for node in (token, token.head):
            if any(child.dep_ == "neg" or child.lower_ in _NEGATIONS for child in node.children):
                return True
    return False


def conjuncts(token: Token) -> list[Token]:
    """The token and the entities joined to it by "and" or an apposition ("A and his husband, B")."""
    found = [token]
    for conjunct in token.conjuncts:
        found.append(conjunct)
        found.extend(child for child in conjunct.children if child.dep_ == "appos")
    return found


def nearest_subject(token: Token) -> Token | None:
    """The subject of the token's clause or of the nearest clause above it."""
    node = token
    for _ in range(8):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0]
        if node.head.i == node.i:
            return None
        node = node.head
    return None


class RelationRuler:
    """Applies the relation rules; see the module docstring."""

    def __init__(self, nlp: Language, rules: list[dict]) -> None:
        self.rules = {rule["id"]: rule for rule in rules}
        self.matcher = Matcher(nlp.vocab)
        self.dep_matcher = DependencyMatcher(nlp.vocab)
        for rule in rules:
            if "dependency" in rule:
                self.dep_matcher.add(rule["id"], [rule["dependency"]])
            else:
                self.matcher.add(rule["id"], [rule["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        relations: set[RelationMatch] = set()
        vocab = doc.vocab.strings
        for found in self.matcher(doc, with_alignments=True):
            match_id, start, _end, alignments = cast(tuple[int, int, int, list[int]], found)
            rule = self.rules[vocab[match_id]]
            first: dict[int, int] = {}
            for offset, index in enumerate(alignments):
                first.setdefault(index, start + offset)
            self._add(doc, rule, first, list(doc[start:_end]), relations)
        for match_id, token_ids in self.dep_matcher(doc):
            rule = self.rules[vocab[match_id]]
            names = [node["RIGHT_ID"] for node in rule["dependency"]]
            by_name = dict(zip(names, token_ids, strict=True))
            self._add(doc, rule, by_name, [doc[i] for i in token_ids], relations)
        doc._.bk_relations = sorted(relations)
        return doc

    def _add(self, doc: Doc, rule: dict, anchors: dict, tokens: list[Token],
             relations: set[RelationMatch]) -> None:
        confidence = round(float(rule.get("confidence", 0.7)), 3)
        if str(rule["subject"]).startswith("^"):
            found = nearest_subject(doc[anchors[rule["subject"][1:]]])
            if found is None:
                return
            subject = found
        else:
            subject = doc[anchors[rule["subject"]]]
        object_ = doc[anchors[rule["object"]]]
        negated = _negated(tokens)
        expand = rule.get("conjuncts", True)
        subjects = conjuncts(subject) if expand else [subject]
        objects = [object_, *object_.conjuncts] if expand else [object_]
        for one in subjects:
            for other in objects:
                relations.add(RelationMatch(rule["id"], rule["predicate"], one.i, other.i,
                                            confidence, negated))


@Language.factory("bk_relation_ruler", default_config={"rules_file": "relations.jsonl"})
def make_relation_ruler(nlp: Language, name: str, rules_file: str) -> RelationRuler:
    """The ruler, with the rules of ``pipelines/<rules_file>``."""
    return RelationRuler(nlp, list(srsly.read_jsonl(data_dir("pipelines") / rules_file)))
