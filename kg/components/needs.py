"""Which token patterns can match a document, and where, by the values their tokens need.

A spaCy matcher tries each of its patterns at every token. A pattern one of whose
tokens, not optional, must have one of some words ("contact"), lemmas, dependencies,
entity types or parts of speech cannot match a document where no token has them, and
need not be tried there.

Nor need it be tried where no match of it can lie: two neighbouring tokens are in one
match only where the first may be matched by a pattern token that something follows
and the second by one that something precedes. Between other neighbours no match of the
pattern runs, so the document falls into stretches, and only a stretch with a token for
every needed value can hold a match (:meth:`DocumentValues.regions`): for most patterns a
few short stretches of a document. What a token may match is read from those values
(also through a ``REGEX``) and the word flags (``IS_PUNCT``, ``IS_TITLE``, ...); any other
test of a pattern token (``IS_SENT_START``, ``FUZZY``, an extension) is taken to hold, so
no stretch cuts a match.

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
>>> doc.can_match(needed_values([{"LOWER": "spokesman", "OP": "+"}]))
False
>>> doc = DocumentValues(spacy.blank("en")("Contact: Ana Ruiz, CBP and Ana Ruiz said Ana"))
>>> doc.regions(PatternShape([{"LOWER": "ana"}, {"LOWER": "ruiz"}]))
[(2, 4), (7, 9)]
>>> doc.regions(PatternShape([{"LOWER": "ana"}, {"LOWER": "ruiz", "OP": "?"}, {"ORTH": ","}]))
[(2, 5)]
>>> doc.regions(PatternShape([{"LOWER": "ana"}, {"IS_TITLE": True, "OP": "+"}, {"ORTH": ","}]))
[(2, 5)]
>>> doc.regions(PatternShape([{"LOWER": "ana"}, {"TEXT": {"REGEX": "^R"}, "OP": "+"}, {"ORTH": ","}]))
[(2, 5)]
>>> doc.regions(PatternShape([{"LOWER": "ana"}, {"IS_SENT_START": False, "OP": "+"}, {"ORTH": ","}]))
[(0, 11)]
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import numpy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_TYPE,
    IS_ALPHA,
    IS_DIGIT,
    IS_LOWER,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    IS_UPPER,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
)
from spacy.strings import get_string_id
from spacy.tokens import Doc

# The token attributes whose values a pattern names as strings and Doc.to_array gives as
# their string ids (a part of speech is a symbol, "PROPN" 96, in both) ...
_ATTRIBUTES = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "LEMMA": LEMMA, "DEP": DEP,
               "ENT_TYPE": ENT_TYPE, "ENT_ID": ENT_ID, "POS": POS}
# ... and the word flags a pattern names as true or false and Doc.to_array gives as 1 or 0.
_FLAGS = {"IS_ALPHA": IS_ALPHA, "IS_DIGIT": IS_DIGIT, "IS_LOWER": IS_LOWER, "IS_PUNCT": IS_PUNCT,
          "IS_SPACE": IS_SPACE, "IS_TITLE": IS_TITLE, "IS_UPPER": IS_UPPER, "LIKE_NUM": LIKE_NUM}
_FLAG_IDS = frozenset(_FLAGS.values())

Condition = tuple[tuple[int, frozenset[int] | str, bool], ...]
"""What one token of a pattern may have, as far as its string attributes and word flags
tell: for each attribute it names, string ids (or a regular expression their strings
match) and whether the token's value is among them (``IN``, or a plain value) or not
(``NOT_IN``)."""

Need = Condition
"""What one token of a pattern must have: a condition of ``IN`` tests of string ids only."""


def _condition(token: dict[str, Any]) -> Condition:
    """The string-valued tests of a pattern token; its other tests are left out."""
    if token.get("OP") == "!":
        return ()  # a token that does *not* match the rest: any token may be it
    tests: list[tuple[int, frozenset[int] | str, bool]] = []
    for attribute, value in token.items():
        name = attribute.upper()
        if name in _ATTRIBUTES and isinstance(value, dict) and set(value) == {"REGEX"} \
                and isinstance(value["REGEX"], str):
            tests.append((_ATTRIBUTES[name], value["REGEX"], True))
            continue
        if isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
            ((operator, values),) = value.items()
        else:
            operator, values = "IN", [value]
        if name in _ATTRIBUTES and all(isinstance(v, str) for v in values):
            tests.append((_ATTRIBUTES[name], frozenset(map(get_string_id, values)), operator == "IN"))
        elif name in _FLAGS and all(isinstance(v, bool) for v in values):
            tests.append((_FLAGS[name], frozenset(map(int, values)), operator == "IN"))
    return tuple(tests)


_regex = cache(re.compile)


def _mandatory(token: dict[str, Any]) -> bool:
    """Whether a pattern token matches at least one token of every match: no ``OP``, ``+``,
    or ``{n}``, ``{n,m}``, ``{n,}`` with n >= 1."""
    operator = token.get("OP")
    if operator is None or operator == "+":
        return True
    if isinstance(operator, str) and operator.startswith("{"):
        least = operator[1:].split(",")[0].rstrip("}")
        return least.isdigit() and int(least) >= 1
    return False


def _repeated(token: dict[str, Any]) -> bool:
    """Whether a pattern token may match more than one token ("+", "*", "{...}")."""
    operator = token.get("OP")
    return operator in ("+", "*") or (isinstance(operator, str) and operator.startswith("{"))


def needed_values(pattern: list[dict[str, Any]]) -> tuple[Need, ...]:
    """What each token of a pattern that matches at least once must have
    (``{"ORTH": {"IN": ["Port", "Ports"]}}``)."""
    needs = []
    for token in pattern:
        if not _mandatory(token):
            continue
        # a word flag holds for too many tokens to tell documents apart
        need = tuple(test for test in _condition(token)
                     if test[2] and isinstance(test[1], frozenset) and test[0] not in _FLAG_IDS)
        if need:
            needs.append(need)
    return tuple(needs)


class PatternShape:
    """What :meth:`DocumentValues.regions` reads of a token pattern: what each of its tokens
    may match and whether something may follow or precede it in a match."""

    def __init__(self, pattern: list[dict[str, Any]]) -> None:
        self.needs = needed_values(pattern)
        last = len(pattern) - 1
        self.conditions = tuple(_condition(token) for token in pattern)
        self.followed = tuple(i for i, token in enumerate(pattern) if i < last or _repeated(token))
        """The pattern tokens a match may go on after."""
        self.preceded = tuple(i for i, token in enumerate(pattern) if i > 0 or _repeated(token))
        """The pattern tokens a match may have come to."""


def _either(masks: list[numpy.ndarray], length: int) -> numpy.ndarray:
    """Which tokens meet one of the masks."""
    if len(masks) > 1:
        return numpy.logical_or.reduce(masks)
    return masks[0] if masks else numpy.zeros(length, dtype=bool)


class DocumentValues:
    """The values a document's tokens have, to tell which patterns can match it and where."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.length = len(doc)
        self._columns: dict[int, numpy.ndarray] = {}
        self._sets: dict[int, set[int]] = {}
        self._masks: dict[Condition, numpy.ndarray] = {}
        self._counts: dict[Condition, numpy.ndarray] = {}

    def has(self, need: Need) -> bool:
        """Whether a token has what ``need`` asks of one token."""
        if any(self.values(attr).isdisjoint(values) for attr, values, _ in need):
            return False
        return len(need) == 1 or bool(self.mask(need).any())

    def column(self, attr: int) -> numpy.ndarray:
        """The value of an attribute for each token."""
        found = self._columns.get(attr)
        if found is None:
            found = self._columns[attr] = self.doc.to_array(attr)
        return found

    def values(self, attr: int) -> set[int]:
        """The values of an attribute the document's tokens have."""
        found = self._sets.get(attr)
        if found is None:
            found = self._sets[attr] = set(self.column(attr).tolist())
        return found

    def can_match(self, needs: tuple[Need, ...]) -> bool:
        """Whether a pattern whose tokens need ``needs`` may match the document."""
        return all(self.has(need) for need in needs)

    def mask(self, condition: Condition) -> numpy.ndarray:
        """Which tokens may meet a condition (all of them for no test)."""
        found = self._masks.get(condition)
        if found is None:
            found = numpy.ones(self.length, dtype=bool)
            for attr, values, inside in condition:
                # only the values some token has need looking for, most often none or one
                if isinstance(values, str):
                    strings = self.doc.vocab.strings
                    present = {value for value in self.values(attr) if _regex(values).search(strings[value])}
                else:
                    present = self.values(attr) & values
                if len(present) == 1:
                    hit = self.column(attr) == next(iter(present))
                elif present:
                    hit = numpy.isin(self.column(attr), list(present))
                else:
                    hit = numpy.zeros(self.length, dtype=bool)
                found &= hit if inside else ~hit
            self._masks[condition] = found
        return found

    def count_before(self, condition: Condition) -> numpy.ndarray:
        """For each token index (and the length), how many tokens before it meet a condition."""
        found = self._counts.get(condition)
        if found is None:
            found = numpy.concatenate(([0], numpy.cumsum(self.mask(condition))))
            self._counts[condition] = found
        return found

    def holding(self, needs: tuple[Need, ...], starts: numpy.ndarray, ends: numpy.ndarray) -> numpy.ndarray:
        """Which of the token ranges ``starts[i]:ends[i]`` have a token for each need."""
        kept = numpy.ones(len(starts), dtype=bool)
        for need in needs:
            counts = self.count_before(need)
            kept &= counts[ends] > counts[starts]
        return kept

    def regions(self, shape: PatternShape) -> list[tuple[int, int]]:
        """The token ranges ``(start, end)`` outside which the pattern has no match: the
        stretches no match runs out of that have a token for each needed value (and one
        any pattern token may match), neighbouring ones joined."""
        if not self.can_match(shape.needs):
            return []
        masks = [self.mask(condition) for condition in shape.conditions]
        followed = _either([masks[i] for i in shape.followed], self.length)
        preceded = _either([masks[i] for i in shape.preceded], self.length)
        cuts = numpy.flatnonzero(~(followed[:-1] & preceded[1:])) + 1
        starts = numpy.concatenate(([0], cuts))
        ends = numpy.concatenate((cuts, [self.length]))
        kept = self.holding(shape.needs, starts, ends)
        if not shape.needs:  # else a stretch with what a token needs has a token of the pattern
            anything = numpy.concatenate(([0], numpy.cumsum(_either(masks, self.length))))
            kept &= anything[ends] > anything[starts]
        chosen = numpy.flatnonzero(kept)
        if not len(chosen):
            return []
        # Neighbouring stretches run as one: no match crosses from one to the other.
        breaks = numpy.flatnonzero(numpy.diff(chosen) > 1)
        firsts = chosen[numpy.concatenate(([0], breaks + 1))]
        lasts = chosen[numpy.concatenate((breaks, [len(chosen) - 1]))]
        return list(zip(starts[firsts].tolist(), ends[lasts].tolist(), strict=True))
