"""``bk_statistics``: counts of people and events, read by the rules of ``pipelines/statistics.json``.

A count is a number ("12,500", "1.3 million", "half a million", "six") with the
qualifier before it ("about", "more than"). Money, ages, durations, dates, years and
vague amounts are not counts; percentages are kept with the unit ``percent``. Each
match goes to ``Doc._.bk_statistics`` as a :class:`CountMatch` with the tokens of what
is counted, the period and the source as written; ``kg/extract.py`` makes the
:class:`~kg.model.Statistic`.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.resources import data_dir

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


class CountMatch(NamedTuple):
    """A number read as a count: token range, value, unit and context as written."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None
    what_start: int
    what_end: int
    period: str | None
    source: str | None


if not Doc.has_extension("bk_statistics"):
    Doc.set_extension("bk_statistics", default=[])


class StatisticsReader:
    """Finds counts in each sentence; see the module docstring."""

    def __init__(self, rules: dict) -> None:
        self.words = {k: float(v) for k, v in rules["number_words"].items()}
        self.scales = {k: float(v) for k, v in rules["scales"].items()}
        self.fractions = {k: float(v) for k, v in rules["fractions"].items()}
        self.qualifiers = sorted(rules["qualifiers"], key=lambda q: -len(q.split()))
        self.percent_after = set(rules["percent_after"])
        self.money_before = set(rules["money_before"])
        self.money_after = set(rules["money_after"])
        self.not_counts_after = set(rules["not_counts_after"])
        self.months = set(rules["months"])
        self.small_heads = set(rules["small_count_heads"])
        self.small_verbs = set(rules["small_count_verbs"])
        self.min_count = float(rules["min_count"])
        self.periods = [re.compile(p) for p in rules["periods"]]
        self.sources = [re.compile(p) for p in rules["sources"]]

    def __call__(self, doc: Doc) -> Doc:
        found: list[CountMatch] = []
        for sentence in doc.sents:
            i = sentence.start
            while i < sentence.end:
                match = self._number(doc, i, sentence.end)
                if match is None:
                    i += 1
                    continue
                start, end, value = match
                count = self._count(doc, sentence, start, end, value)
                if count is not None:
                    found.append(count)
                i = end
        doc._.bk_statistics = found
        return doc

    def _number(self, doc: Doc, i: int, limit: int) -> tuple[int, int, float] | None:
        """A number starting at token i: (start, end, value), or None."""
        token = doc[i]
        lower = token.lower_
        value: float | None = None
        end = i + 1
        if _DIGITS.match(token.text):
            value = float(token.text.replace(",", ""))
        elif lower in self.words:
            value = self.words[lower]
        elif lower in self.fractions and end + 1 < limit and doc[end].lower_ == "a" \
                and doc[end + 1].lower_ in self.scales:
            value, end = self.fractions[lower], end + 1
        elif lower == "a" and end < limit and doc[end].lower_ in self.scales:
            value = 1.0
        if value is None:
            return None
        while end < limit and doc[end].lower_ in self.scales:
            value *= self.scales[doc[end].lower_]
            end += 1
        return i, end, value

    def _count(self, doc: Doc, sentence: Span, start: int, end: int,
               value: float) -> CountMatch | None:
        before = doc[start - 1] if start > sentence.start else None
        after = doc[end] if end < sentence.end else None
        after_lower = after.lower_ if after is not None else ""
        if any(t.ent_type_ for t in doc[start:end]):
            return None  # part of a name: Title 42
        if before is not None and (before.text in self.money_before or before.lower_ in self.months):
            return None
        if after_lower in self.money_after or after_lower in self.months:
            return None
        if doc[start].text.isdigit() and len(doc[start].text) == 4 and end == start + 1 \
                and 1900 <= value <= 2100:
            return None  # a year
        unit = "count"
        if after_lower in self.percent_after or (after is not None and after.text.startswith("%")):
            unit = "percent"
        elif after_lower in self.not_counts_after or (before is not None and before.text in {"-", "–"}):
            return None
        head = self._head(doc[end - 1])
        if unit == "count" and value < self.min_count and not self._always_counted(head):
            return None
        what_start, what_end = self._what(doc, sentence, end, head)
        return CountMatch(start, end, value, unit, self._qualifier(doc, sentence, start),
                          what_start, what_end, self._period(sentence, doc[start]),
                          self._source(sentence))

    def _qualifier(self, doc: Doc, sentence: Span, start: int) -> str | None:
        for qualifier in self.qualifiers:
            words = qualifier.split()
            first = start - len(words)
            if first >= sentence.start and [t.lower_ for t in doc[first:start]] == words:
                return qualifier
        return None

    def _always_counted(self, head: Token | None) -> bool:
        """Deaths and flights count whatever their number ("six migrants died")."""
        if head is None:
            return False
        return head.lower_ in self.small_heads or (
            head.dep_ in {"nsubj", "nsubjpass"} and head.head.lemma_ in self.small_verbs)

    @staticmethod
    def _head(token: Token) -> Token | None:
        if token.dep_ in {"nummod", "quantmod", "compound"} and token.head.pos_ in {"NOUN", "PROPN"}:
            return token.head
        return None

    @staticmethod
    def _what(doc: Doc, sentence: Span, end: int, head: Token | None) -> tuple[int, int]:
        """Tokens saying what is counted: the counted noun and its modifiers after it."""
        if head is None:
            subjects = [t for t in sentence if t.dep_ in {"nsubj", "nsubjpass"} and t.i < end]
            if not subjects:
                return end, end
            head = subjects[-1]
            first = min(t.i for t in head.subtree)
            return first, head.i + 1
        last = head.i
        for child in head.rights:
            if child.dep_ in {"prep", "acl", "relcl", "amod"}:
                last = max(t.i for t in child.subtree)
        return end, min(last + 1, end + 12, sentence.end)

    def _period(self, sentence: Span, number: Token) -> str | None:
        text = sentence.text
        offset = number.idx - sentence.start_char
        matches = [m for pattern in self.periods for m in pattern.finditer(text)
                   if not (m.start() <= offset < m.end())]
        if not matches:
            return None
        nearest = min(matches, key=lambda m: (min(abs(m.start() - offset), abs(m.end() - offset)),
                                              m.start()))
        return nearest.group(0)

    def _source(self, sentence: Span) -> str | None:
        for pattern in self.sources:
            match = pattern.search(sentence.text)
            if match:
                return match.group(0)
        return None


@Language.factory("bk_statistics", default_config={"rules_file": "statistics.json"})
def make_statistics(nlp: Language, name: str, rules_file: str) -> StatisticsReader:
    """The reader, with the rules of ``pipelines/<rules_file>``."""
    return StatisticsReader(json.loads((data_dir("pipelines") / rules_file).read_text("utf-8")))
