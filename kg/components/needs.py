"""Which token patterns can match a document, by the values their tokens need.

A spaCy matcher tries each of its patterns at every token. A pattern one of whose
tokens, neither optional nor repeated, must have one of some words ("contact"), lemmas,
dependencies or entity types cannot match a document where no token has them, and need
not be tried there.

Examples
--------
>>> import spacy
>>> doc = DocumentValues(spacy.blank("en")("Contact: Ana Ruiz, CBP"))
>>> doc.can_match(needed_values([{"LOWER": "contact"}, {"ORTH": ":"}]))
True
>>> doc.can_match(needed_values([{"LOWER": {"IN": ["spokesman", "spokeswoman"]}}]))
False
>>> doc.can_match(needed_values([{"LOWER": "spokesman", "OP": "?"}]))
True
>>> doc.can_match(needed_values([{"LOWER": "contact", "ORTH": ","}]))
False
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import DEP, ENT_TYPE, LEMMA, LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc

# The token attributes whose values a pattern names as strings and Doc.to_array gives as
# their string ids.
_ATTRIBUTES = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "LEMMA": LEMMA, "DEP": DEP,
               "ENT_TYPE": ENT_TYPE}
_COLUMNS = sorted(set(_ATTRIBUTES.values()))

Need = tuple[tuple[int, frozenset[int]], ...]
"""What one token of a pattern must have: for each attribute it names, the values (string
ids) it may have."""


def needed_values(pattern: list[dict[str, Any]]) -> tuple[Need, ...]:
    """What each token of a pattern that is neither optional nor repeated must have
    (``{"ORTH": {"IN": ["Port", "Ports"]}}``)."""
    needs = []
    for token in pattern:
        if "OP" in token:
            continue
        need = []
        for attribute, value in token.items():
            values = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value]
            if attribute.upper() in _ATTRIBUTES and all(isinstance(v, str) for v in values):
                need.append((_ATTRIBUTES[attribute.upper()], frozenset(map(get_string_id, values))))
        if need:
            needs.append(tuple(need))
    return tuple(needs)


class DocumentValues:
    """The values a document's tokens have, to tell which patterns can match it."""

    def __init__(self, doc: Doc) -> None:
        self.columns = dict(zip(_COLUMNS, doc.to_array(_COLUMNS).T))
        self.sets = {attr: set(column.tolist()) for attr, column in self.columns.items()}

    def has(self, need: Need) -> bool:
        """Whether a token has what ``need`` asks of one token."""
        if any(self.sets[attr].isdisjoint(values) for attr, values in need):
            return False
        return len(need) == 1 or bool(numpy.logical_and.reduce(
            [numpy.isin(self.columns[attr], list(values)) for attr, values in need]).any())

    def can_match(self, needs: tuple[Need, ...]) -> bool:
        """Whether a pattern whose tokens need ``needs`` may match the document."""
        return all(self.has(need) for need in needs)
