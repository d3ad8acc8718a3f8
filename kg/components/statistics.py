"""``bk_statistics``: counts of people and events, read by the rules of ``pipelines/statistics.json``.

A count is a number ("12,500", "1.3 million", "half a million", "six") with the
qualifier before it ("about", "more than"). Money, ages, durations, distances, dates,
years, identifiers ("Highway 118") and vague amounts are not counts; percentages are
kept with the unit ``percent``. Numbers under ``min_count`` are anecdotes unless they
count deaths, flights, arrests or warrants ("killing four migrants", "claimed four lives",
"the arrests of seven smugglers", "officers arrested six individuals"), or close a list of
tallies with a large one ("made 540 arrests, and seized 57 vessels"); such a small
count told again in a later sentence ("killing four migrants" ... "claimed four lives")
is the same fact, unless one counts warrants or flights and the other does not.

What is counted is a short noun phrase, found by the first of these rules that applies
(its name is the statistic's rule id, ``statistics:<rule>``):

``noun``
    the noun the number counts, with its modifiers and without the period
    ("4,700 Russian migrants who have crossed the border illegally").
``event``
    a noun that says nothing alone ("people", "migrants") after "of" takes the noun before
    it ("the deaths of 53 migrants").
``group``
    such a noun that gives the size of a group takes the verb the group is the object or
    subject of ("agents encountered a group of 193 migrants near Normandy": migrants in a
    group encountered near Normandy).
``whole``
    such a noun that gives the size of a group or total beside it: its apposition ("the
    largest refugee population — 1.25 million people"), or the subject of a verb of
    make-up ("two groups totaling 224 people", "the group consisted of 130 people") or of
    "is" ("the average daily population in detention was 37,700 people").
``changed``
    such a noun after "from" or "to" of a verb of amount: the subject that rose or fell
    ("Apprehensions by the Border Patrol increased from 400,000 individuals to 850,000").
``clause``
    such a noun with the verb it is the subject or object of ("people allowed through the
    ports", "people who have crossed the jungle", "two of the migrants who died"); the
    object of a verb keeps it even beside a place ("people rescued in the Tucson Sector"),
    and both verbs of a pair ("removed or returned more than 206,000 individuals"), and the
    verb that saves the lives it counts (``saved_nouns``: "saved the lives of 924 people");
    after an amount noun (``amount_nouns``), with the verb the amount is the object or
    subject of ("apprehended a total of 64,000 individuals", "a record number of
    individuals—over 472,000—").
``occasions``
    a number of "times" a verb was done counts the doing: "agents stopped migrants
    250,312 times" (migrants stopped).
``copula``
    "about 100,000 are Chinese": what follows the copula.
``partitive``
    "Twenty-five of the Guatemalan families": the noun after "of".
``share``
    a number in brackets after a place or nationality is its share of the count of the
    sentence ("followed by Myanmar (4,932)", "led by Guatemalans (3,100)"), and so is a
    bare number a place or nationality is the subject of, after a count ("Agents made
    180,000 apprehensions. Mexico accounted for 60,000").
``parallel``
    a bare number after a count of the same sentence shares its noun ("shot from
    37,492 in fiscal 2021 to 81,266 in fiscal 2022"), unless it is the subject of a verb
    of its own (``ellipsis``); so does a number of a level after a count ("surpassing the
    924 total of last year").
``label``
    a bare number after the label of its line and a colon, as fact sheets list tallies:
    "Border Patrol Encounters: 400,651"; a period as the label names nothing counted.
``bracketed``
    a number in brackets beside the noun it counts, as CRS and GAO set a count beside its
    share ("individuals in family units (451,087; 27%)"); beside a part of a whole, what
    the part's verb names ("two-thirds (1,063,285; 64%) involved single adults").
``measure``
    "its refugee cap of 30,000": the noun before "of", unless it is a level ("a high of").
``object``
    "cut refugee admissions to 18,000": the object of the verb the number is the goal of
    ("this time to 18,000"), or the noun "to" follows ("the number of appointments
    available to 1,000"); of a change noun (``change_nouns``), what it is "in" ("a 28% drop
    in enforcement actions, from 144,278 to 104,344").
``ellipsis``
    a bare number that is the subject or object of a verb counts the noun of the count
    before it, in its sentence or within two before ("agents apprehended nearly 800", "the
    group of 2,000 migrants split after 300 went back": migrants went back), with the verb;
    ``verb`` when there is no count before it. Verbs of amount ("totaled", "rose") go to
    ``subject`` instead.
``reference``
    a subject that points back ("that figure was 173,000", "it was 5,100", "the highest
    monthly total (18,715)") counts the noun of the count before, within two sentences,
    else what the sentence before names a number of ("September marked the lowest number
    of enforcement actions. And that was 52,000"); so does a generic noun that a level, a
    month or a pronoun "was" ("the peak in May, which was over 144,000 individuals"); a
    generic count before is named again with its verb ("134,000 people apprehended. In
    2018, it was 83,000": people apprehended).
``subject``
    otherwise the subject of the number's clause ("Apprehensions then increased to
    396,579"), a generic one with the reduced relative clause the parser took for a verb
    ("the number of individuals enrolled in the program grew from 53,000").

A number that names again a count given before ("Of the 2,100, 600 were children") is
not a new count.

Each number keeps its own period: the period phrase after it and before the next
count, else the one before it in its part of the sentence, else the sentence's; a
sentence that points back ("that time", "such arrests") takes the period of the one
before. Each match goes to ``Doc._.bk_statistics`` as a :class:`CountMatch`;
``kg/extract.py`` makes the :class:`~kg.model.Statistic`.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.components.relation_ruler import antecedent, nearest_subject
from kg.periods import phrases
from kg.resources import data_dir

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_PLAIN_DIGITS = re.compile(r"^\d+$")
_YEAR_LIKE = re.compile(r"^(?:19|20)\d\d$")


def _title_case(sentence: Span) -> bool:
    """Whether a sentence is a headline written in title case: every word of more than
    three letters starts with a capital ("RGV Agents Apprehend 195 Migrants and 283 Pounds")."""
    words = [t.text for t in sentence if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and all(w[:1].isupper() for w in words)
_NOUN_LEFT = {"amod", "compound", "nmod", "npadvmod"}
_NOUN_RIGHT = {"prep", "acl", "relcl", "amod", "cc", "conj", "compound", "appos"}
_VERB_RIGHT = {"dobj", "prep", "advmod", "prt", "acomp", "attr", "oprd", "agent", "dative"}
_BOUNDARIES = {";", ":", "—", "–", "(", ")", "[", "]"}
_LOOSE_ENDS = {"ADP", "DET", "CCONJ", "SCONJ", "PUNCT", "PART", "AUX", "PRON"}
_MAX_WORDS = 16


_COMPARED_REACH = 8  # tokens after a small count where "compared to" a large one may stand


class CountMatch(NamedTuple):
    """A number read as a count: token range, value, unit and context as written."""

    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None
    what: str
    what_tokens: tuple[int, ...]
    what_rule: str
    period: str | None
    source: str | None
    refers_back: bool


class _Number(NamedTuple):
    start: int
    end: int
    value: float
    unit: str
    head: Token | None


class _Counted(NamedTuple):
    """What one count counts, kept for the bare numbers after it."""

    text: str
    tokens: tuple[int, ...]
    core: tuple[int, ...]
    rule: str


if not Doc.has_extension("bk_statistics"):
    Doc.set_extension("bk_statistics", default=[])


def _share_between(tokens: Span) -> bool:
    """Whether the brackets between a number and its noun hold only a share: "(25%)"."""
    opened = [t.i for t in tokens if t.text == "("]
    closed = next((t.i for t in tokens if t.text == ")" and opened and t.i > opened[0]), None)
    return len(opened) == 1 and closed is not None and all(
        t.like_num or t.text in {"%", ";", ","} for t in tokens.doc[opened[0] + 1:closed])


def _text(doc: Doc, parts: list[tuple[int, ...] | str]) -> str:
    """Token runs (as written) and glue words, joined by single spaces."""
    words: list[str] = []
    for part in parts:
        if isinstance(part, str):
            words.append(part)
            continue
        run: list[int] = []
        for i in sorted(part):
            if run and i != run[-1] + 1:
                words.append(doc[run[0]:run[-1] + 1].text)
                run = []
            run.append(i)
        if run:
            words.append(doc[run[0]:run[-1] + 1].text)
    return " ".join(" ".join(words).split())


class StatisticsReader:
    """Finds counts in each sentence; see the module docstring."""

    def __init__(self, rules: dict) -> None:
        self.words = {k: float(v) for k, v in rules["number_words"].items()}
        self.scales = {k: float(v) for k, v in rules["scales"].items()}
        self.fractions = {k: float(v) for k, v in rules["fractions"].items()}
        self.number_openers = {*self.words, *self.fractions, "a"}
        """Words a number may open with, besides digits and hyphenated number words."""
        self.qualifiers = sorted(rules["qualifiers"], key=lambda q: -len(q.split()))
        self.percent_after = set(rules["percent_after"])
        self.money_before = set(rules["money_before"])
        self.money_after = set(rules["money_after"])
        self.not_counts_after = set(rules["not_counts_after"])
        self.not_counted_heads = set(rules["not_counted_heads"])
        self.occasion_nouns = set(rules["occasion_nouns"])
        self.threshold_preps = set(rules["threshold_preps"])
        self.size_class_words = [tuple(words) for words in rules["size_class_words"]]
        self.staying_verbs = set(rules["staying_verbs"])
        self.range_words = set(rules["range_words"])
        self.qualifiers_after = set(rules["qualifiers_after"])
        self.identifier_before = set(rules["identifier_before"])
        self.identifier_numbers = set(rules["identifier_numbers"])
        self.amount_verbs = set(rules["amount_verbs"])
        self.whole_verbs = set(rules["whole_verbs"])
        self.reference_pronouns = set(rules["reference_pronouns"])
        self.share_labels = set(rules["share_labels"])
        self.organization_labels = set(rules["organization_labels"])
        self.level_nouns = set(rules["level_nouns"])
        self.share_nouns = set(rules["share_nouns"])
        self.months = set(rules["months"])
        self.small_heads = set(rules["small_count_heads"])
        self.small_verbs = set(rules["small_count_verbs"])
        self.rescue_verbs = set(rules["rescue_verbs"])
        self.small_object_verbs = set(rules["small_count_object_verbs"])
        self.event_nouns = set(rules["small_count_event_nouns"])
        self.distinct_heads = set(rules["small_count_distinct_heads"])
        self.min_count = float(rules["min_count"])
        self.generic = set(rules["generic_counted_nouns"])
        self.amount_nouns = set(rules["amount_nouns"])
        self.change_nouns = set(rules["change_nouns"])
        self.saved_nouns = set(rules["saved_nouns"])
        self.back_words = set(rules["refers_back"])
        self.group_nouns = set(rules["group_nouns"])
        self.per_group_nouns = set(rules["per_group_nouns"])
        self.sources = [re.compile(p) for p in rules["sources"]]

    def __call__(self, doc: Doc) -> Doc:
        found: list[CountMatch] = []
        earlier: list[tuple[int, _Counted]] = []  # (sentence number, what it counted)
        previous: Span | None = None
        counted: set[tuple[float, str]] = set()  # (value, what kind of thing) of the counts so far
        # The lower-case words from the token array: a number is looked for at every token,
        # and a Token made of each costs more than the look.
        strings = doc.vocab.strings
        lowers = [strings[lower] for lower in doc.to_array(LOWER).tolist()]
        for index, sentence in enumerate(doc.sents):
            numbers = [n for n in self._numbers(doc, lowers, sentence)
                       if not self._restated(doc, n, counted)]
            if numbers:
                found += self._read(doc, sentence, index, numbers, previous, earlier)
            counted.update((n.value, self._kind(n)) for n in numbers if n.unit == "count")
            previous = sentence
        doc._.bk_statistics = found
        return doc

    def _read(self, doc: Doc, sentence: Span, index: int, numbers: list[_Number],
              previous: Span | None, earlier: list[tuple[int, _Counted]]) -> list[CountMatch]:
        """The counts of one sentence; ``earlier`` gets what they count, for the next ones."""
        periods = self._period_spans(sentence)
        refers_back = previous is not None and any(
            t.lower_ in self.back_words and t.tag_ in {"DT", "PDT", "JJ"} for t in sentence)
        before_period = None
        if refers_back and previous is not None:
            before_period = next((text for _, _, text in self._period_spans(previous)), None)
        blocked = {t.i for t in sentence for start, end, _ in periods if start <= t.idx < end}
        for number in numbers:
            qualifier = self._qualifier(doc, sentence, number.start)
            blocked.update(range(number.start - len(qualifier.split()) if qualifier else number.start,
                                 number.end))
        source = self._source(sentence)
        before = [c for n, c in earlier if n >= index - 2]
        named = self._named_amount(doc, previous) if previous is not None and not before else None
        in_sentence: list[_Counted] = []
        found = []
        for number, period in zip(numbers, self._own_periods(doc, sentence, numbers, periods),
                                  strict=True):
            counted = self._what(doc, number, blocked, in_sentence, before, named)
            if number.unit == "count":
                in_sentence.append(counted)
            found.append(CountMatch(
                number.start, number.end, number.value, number.unit,
                self._qualifier(doc, sentence, number.start), counted.text, counted.tokens,
                counted.rule, period or before_period, source, refers_back))
        earlier += [(index, c) for c in in_sentence if c.core]
        return found

    # -- numbers ---------------------------------------------------------------------------

    def _numbers(self, doc: Doc, lowers: list[str], sentence: Span) -> list[_Number]:
        numbers: list[_Number] = []
        i = sentence.start
        while i < sentence.end:
            lower = lowers[i]
            # most words open no number: skip them before reading one
            if not (lower[:1].isdigit() or lower in self.number_openers or "-" in lower):
                i += 1
                continue
            match = self._number(lowers, i, sentence.end)
            if match is None:
                i += 1
                continue
            start, end, value = match
            number = self._count(doc, lowers, sentence, start, end, value, numbers)
            if number is not None:
                numbers.append(number)
            i = end
        return numbers

    def _number(self, lowers: list[str], i: int, limit: int) -> tuple[int, int, float] | None:
        """A number starting at token i: (start, end, value), or None. ``lowers`` are the
        document's words in lower case (digits, commas and dashes are their own lower case)."""
        lower = lowers[i]
        value: float | None = None
        end = i + 1
        if _DIGITS.match(lower):
            value = float(lower.replace(",", ""))
        elif lower in self.words:
            value = self.words[lower]
            if end + 1 < limit and lowers[end] == "-" and lowers[end + 1] in self.words \
                    and value >= 20 and value % 10 == 0 and self.words[lowers[end + 1]] < 10:
                value, end = value + self.words[lowers[end + 1]], end + 2  # twenty-one
        elif "-" in lower and all(part in self.words for part in lower.split("-", 1)):
            tens, unit = (self.words[part] for part in lower.split("-", 1))
            if tens >= 20 and tens % 10 == 0 and unit < 10:
                value = tens + unit
        elif lower in self.fractions and end + 1 < limit and lowers[end] == "a" \
                and lowers[end + 1] in self.scales:
            value, end = self.fractions[lower], end + 1
        elif lower == "a" and end < limit and lowers[end] in self.scales:
            value = 1.0
        if value is None:
            return None
        scale = 1.0
        while end < limit and lowers[end] in self.scales:
            value *= self.scales[lowers[end]]
            scale = self.scales[lowers[end]]
            end += 1
        if scale > 1 and not _DIGITS.match(lower):
            # the words below the scale go on the number: "One hundred fifteen migrants",
            # "two hundred and five"; not "one hundred and fifty thousand", a number of its own
            at = end + 1 if end + 1 < limit and lowers[end] == "and" else end
            rest = self._number(lowers, at, limit) if at < limit and not _DIGITS.match(lowers[at]) else None
            if rest is not None and rest[2] < scale:
                value, end = value + rest[2], rest[1]
        return i, end, value

    def _unit_word(self, doc: Doc, lowers: list[str], end: int, limit: int) -> Token | None:
        """The word after the number, past the second number of a range ("5,000 to 10,000 pesos")."""
        if end >= limit:
            return None
        after = doc[end]
        if after.lower_ in self.range_words and end + 1 < limit:
            second = self._number(lowers, end + 1, limit)
            if second is not None:
                return doc[second[1]] if second[1] < limit else None
        return after

    def _count(self, doc: Doc, lowers: list[str], sentence: Span, start: int, end: int, value: float,
               earlier: list[_Number]) -> _Number | None:
        before = doc[start - 1] if start > sentence.start else None
        after = self._unit_word(doc, lowers, end, sentence.end)
        after_lower = after.lower_ if after is not None else ""
        first = doc[start].text
        if any(t.ent_type_ for t in doc[start:end]):
            return None  # part of a name: Title 42
        if before is not None and (before.text in self.money_before or before.lower_ in self.months
                                   or before.text in self.identifier_before):
            return None
        if after_lower in self.money_after or after_lower in self.months:
            return None
        if end == start + 1 and self._identifier(
                doc[start], before, doc[end] if end < sentence.end else None):
            return None
        if re.match(r"^(?:19|20)\d\d(?:\.\d)?$", first) and end == start + 1:
            return None  # a year, or a year with a footnote mark: "FY 2021.1"
        if self._threshold(doc[end - 1]):
            return None  # "has been below 1,500 for 21 consecutive days"
        if self._size_class(doc, sentence, start, end):
            return None  # "groups of 100 or more", "three separate groups of over 100 illegal aliens"
        unit = "count"
        head = self._head(doc[end - 1])
        if head is not None and self._occasion(head) and value >= self.min_count:
            return _Number(start, end, value, unit, head)  # "stopped migrants 250,312 times"
        if after_lower in self.percent_after or (after is not None and after.text.startswith("%")):
            unit = "percent"
        elif (after_lower in self.not_counts_after and not self._in_dashes(doc, start, end, sentence)) or (
                before is not None and before.text in {"-", "–"} and before.i > 0 and doc[before.i - 1].like_num):
            return None  # the second number of a range, not a count after a list's dash or in dashes
        if head is not None and unit == "count" and (
                head.lower_ in self.not_counts_after or head.lower_ in self.not_counted_heads
                or self._workforce(head)):
            return None  # 6,193 square miles; 19,000 agents
        after_count = any(n.unit == "count" for n in earlier)
        if unit == "count" and value < self.min_count and not self._always_counted(
                head or doc[end - 1]) and not (after_count and head is None and self._compared(doc[end - 1])) \
                and not self._tallied(head, earlier) and not self._compared_with_large(doc, end, sentence):
            return None
        return _Number(start, end, value, unit, head)

    def _threshold(self, last: Token) -> bool:
        """Whether the number is a bound something stays below or above ("has been below 1,500",
        "remained above 2,500"), from ``threshold_preps`` and ``staying_verbs``."""
        prep = last.head
        return last.dep_ == "pobj" and prep.lower_ in self.threshold_preps \
            and prep.head.lemma_ in self.staying_verbs

    def _size_class(self, doc: Doc, sentence: Span, start: int, end: int) -> bool:
        """Whether the number after a group noun and "of" is a bound on the size of a group, not
        a count: it opens a class of sizes ("groups of 100 or more", from ``group_nouns`` and
        ``size_class_words``), or a qualifier makes it the least size of each of several groups
        ("three separate groups of over 100 illegal aliens", from ``per_group_nouns``)."""
        qualifier = self._qualifier(doc, sentence, start)
        at = start - len(qualifier.split()) if qualifier else start
        if at - 2 < sentence.start or doc[at - 1].lower_ != "of":
            return False
        noun = doc[at - 2].lower_
        after = tuple(t.lower_ for t in doc[end:end + 2])
        return (noun in self.group_nouns and after in self.size_class_words) or (
            qualifier is not None and noun in self.per_group_nouns)

    @staticmethod
    def _in_dashes(doc: Doc, start: int, end: int, sentence: Span) -> bool:
        """Whether the number stands alone between spaced dashes: "in December – 47,300 – is"."""
        return sentence.start < start and end < sentence.end and doc[start - 1].text in {"–", "—"} \
            and doc[end].text in {"–", "—"} and bool(doc[end - 1].whitespace_)

    def _occasion(self, head: Token) -> bool:
        """Whether the noun counts how often its verb was done: "agents stopped migrants
        250,312 times", "migrants were stopped 2.38 million times" (``occasion_nouns``)."""
        compared = head.i + 1 < len(head.doc) and head.nbor().tag_ in {"JJR", "RBR"}  # "times faster"
        return head.lower_ in self.occasion_nouns and head.dep_ == "npadvmod" and head.head.pos_ == "VERB" \
            and not compared

    def _kind(self, number: _Number) -> str:
        """What kind of thing a count counts, where a small count of it never tells again a
        count of anything else: "19 search warrants" after "19 foreign nationals were
        murdered"; "" for people and events."""
        head = number.head
        return head.lower_ if head is not None and head.lower_ in self.distinct_heads else ""

    def _restated(self, doc: Doc, number: _Number, counted: set[tuple[float, str]]) -> bool:
        """A count given before, named again by its number alone ("Of the 2,100, 600 were
        children" after "agents encountered 2,100 migrants") or as the size of the group it
        counted ("while agents secured the group of 114"), or a small toll told again in
        other words ("killing four migrants" ... "claimed four lives")."""
        if (number.value, self._kind(number)) not in counted:
            return False
        return number.value < self.min_count or (number.head is None and self._named_again(doc, number.start))

    def _named_again(self, doc: Doc, start: int) -> bool:
        """Whether a bare number follows "the" or a pointing "the group of"."""
        if start > 0 and doc[start - 1].lower_ == "the":
            return True
        return start > 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in self.group_nouns \
            and (doc[start - 3].lower_ == "the" or doc[start - 3].lower_ in self.back_words)

    def _workforce(self, head: Token) -> bool:
        """Whether the count is what an agency is made of: "The U.S. Border Patrol is made up
        of over 19,000 brave men and women"; not what it makes: "the department made over 345
        arrests"."""
        verb = head.head.head
        return head.dep_ == "pobj" and head.head.lower_ == "of" and verb.lemma_ in self.whole_verbs and any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.ent_type_ in self.organization_labels
            for c in verb.children)

    def _identifier(self, token: Token, before: Token | None, after: Token | None) -> bool:
        """A number that names rather than counts: "Highway 118", "Section 265", "H.R. 382",
        "LSB 10337", "2707 Martin Luther King Jr. Ave.", "(202) 447-3459", "call 911".

        Counts of a thousand or more are written with commas in the texts we read, save a plain
        number right before a plural common noun, which counts it: "charged more than 1300
        defendants" (not a year: "2019 apprehensions").
        """
        text = token.text
        if not _PLAIN_DIGITS.match(text):
            return False
        if text.startswith("0") or text in self.identifier_numbers:
            return True
        if len(text) >= 4:
            return not (len(text) <= 6 and not _YEAR_LIKE.match(text) and after is not None
                        and after.tag_ == "NNS" and after.pos_ == "NOUN")
        if after is not None and (after.text.startswith("-") or after.text == ")"):
            return True  # a telephone number
        if before is None or not before.text[:1].isupper() or not before.text.replace(".", "").isalpha() \
                or before.is_sent_start:
            return False
        # a capitalised word before a count of a plural noun is a headline's verb or a list's
        # place, not a name: "Agents Apprehend 195 Migrants", "- Guatemala 360 encounters/day"
        return not (after is not None and after.tag_ in {"NNS", "NNPS"}
                    and (before.ent_type_ in self.share_labels or _title_case(token.sent)))

    def _qualifier(self, doc: Doc, sentence: Span, start: int) -> str | None:
        for qualifier in self.qualifiers:
            words = qualifier.split()
            first = start - len(words)
            if first >= sentence.start and [t.lower_ for t in doc[first:start]] == words:
                return qualifier
        return None

    def _always_counted(self, head: Token | None) -> bool:
        """Deaths, flights, arrests and warrants count whatever their number.

        "six migrants died", "killing four migrants", "seven migrants lost their lives",
        "found 15 migrants dead", "three children are believed to have died", "nine of the
        deceased", "the arrests of seven smugglers",
        "officers arrested six individuals", "two arrest warrants"; "agents encountered 13
        migrants" tells of one group, not a count, and "twelve lives were saved" of rescues.
        """
        if head is None:
            return False
        if head.dep_ in {"dobj", "nsubjpass"} and head.head.lemma_ in self.rescue_verbs:
            return False  # "twelve lives were saved" counts rescues, not deaths
        if head.lower_ in self.small_heads or any(
                c.lower_ == "of" and any(g.lower_ in self.small_heads or any(
                    (d.dep_ in ("acl", "amod") and d.lower_ in self.small_heads)
                    or (d.dep_ == "relcl" and d.lemma_ in self.small_verbs) for d in g.children)
                    for g in c.children)
                for c in head.children):
            return True  # "nine of the deceased", "nine of those killed", "nine of the dead migrants"
        governor = head.head
        if head.dep_ in {"nsubj", "nsubjpass", "dobj"} and (governor.lemma_ in self.small_verbs or any(
                c.lower_ in self.small_heads for c in governor.children if c.i != head.i)):
            return True
        if head.dep_ in {"nsubj", "nsubjpass"} and any(
                c.dep_ == "xcomp" and c.lemma_ in self.small_verbs for c in governor.children):
            return True  # "three children are believed to have died", "were found to have drowned"
        if head.dep_ in {"dobj", "nsubjpass"} and governor.lemma_ in self.small_object_verbs:
            return True
        return head.dep_ == "pobj" and governor.lower_ == "of" and governor.head.lower_ in self.event_nouns

    def _tallied(self, head: Token | None, earlier: list[_Number]) -> bool:
        """Whether a small count closes a list of tallies, one of them large: "the sector
        has interdicted 142 maritime events, made 540 arrests, and seized 57 vessels"."""
        if head is None or head.dep_ != "dobj" or head.head.dep_ != "conj":
            return False
        verbs = {head.head.i, *(v.i for v in head.head.conjuncts)}
        listed = [n for n in earlier if n.unit == "count" and n.head is not None
                  and n.head.dep_ == "dobj" and n.head.head.i in verbs]
        return len(listed) >= 2 and any(n.value >= self.min_count for n in listed)

    def _compared_with_large(self, doc: Doc, end: int, sentence: Span) -> bool:
        """Whether a small count is set against a large one after it, as a tally of another
        period: "the sector recorded 68 smuggling loads, compared to 210 this year"."""
        window = doc[end:min(end + _COMPARED_REACH, sentence.end)]
        for i, token in enumerate(window[:-2]):
            if token.lower_ == "compared" and window[i + 1].lower_ in ("to", "with"):
                number = window[i + 2].text.replace(",", "")
                return number.isdigit() and float(number) >= self.min_count
        return False

    @staticmethod
    def _compared(token: Token) -> bool:
        """A bare number set against a count before it: "compared to 29", "from 25 to 29"."""
        return token.dep_ == "conj" or (token.dep_ == "pobj" and token.head.lower_ in {"to", "from", "than"})

    def _head(self, token: Token) -> Token | None:
        """The noun a number counts; through the second number of a range ("2,500 to 3,000
        aliens"), past a noun that only modifies it ("350 case files"), and past a level
        the parser hung the number on ("a record 98,000 inadmissible travelers")."""
        for _ in range(3):
            if token.dep_ not in {"nummod", "quantmod", "compound"}:
                return None
            if token.head.pos_ in {"NOUN", "PROPN"}:
                noun = token.head
                if noun.i < token.i and noun.lower_ in self.level_nouns and noun.head.i > token.i \
                        and noun.head.pos_ == "NOUN":
                    noun = noun.head
                while noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i > noun.i:
                    noun = noun.head
                low, high = sorted((token.i, noun.i))
                if any(t.text in _BOUNDARIES or t.text[:1] in "([" for t in token.doc[low + 1:high]) \
                        and not _share_between(token.doc[low + 1:high]):
                    # hung across a bracket: "Encounters: 61,220 (-8% from FY20)"; not across a
                    # share in brackets: "39,206 (25%) repeat encounters"
                    return None
                return noun
            if token.head.pos_ != "NUM":
                return None
            token = token.head
        return None

    # -- what is counted ---------------------------------------------------------------------

    def _what(self, doc: Doc, number: _Number, blocked: set[int], in_sentence: list[_Counted],
              before: list[_Counted], named: _Counted | None = None) -> _Counted:
        """What the number counts; see the rules in the module docstring."""
        if number.head is not None and self._occasion(number.head):
            verb = number.head.head
            done_to = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
            done = tuple(t.i for c in done_to[:1] for t in c.subtree if t.i not in blocked and t.dep_ != "det")
            return _Counted(_text(doc, [done, (verb.i,)]), done + (verb.i,), done + (verb.i,), "occasions")
        if number.head is not None and number.head.lower_ in self.level_nouns and (in_sentence or before):
            return (in_sentence or before)[-1]._replace(rule="parallel")  # "surpassing the 924 total"
        if number.head is not None:
            noun = self._counted_noun(doc, number, number.head, blocked)
            if noun.rule == "noun" and (in_sentence or before) and not self._says_something(doc, noun.tokens) \
                    and self._level_named(number.head):
                return (in_sentence or before)[-1]._replace(rule="reference")  # "the peak, which was 144,000 people"
            return noun
        labelled = self._labelled(doc, number, blocked)
        if labelled is not None:
            return labelled
        last = doc[number.end - 1]
        governor = last.head
        after = doc[number.end] if number.end < len(doc) else last
        copula = governor if last.dep_ == "nsubj" else after  # "and 9,800 were children", read as a conjunct
        attributes = [c for c in copula.children if c.dep_ in {"attr", "acomp"}]
        if copula.lemma_ == "be" and copula.pos_ in {"AUX", "VERB"} and attributes:
            tokens = self._noun_phrase(doc, attributes[0], attributes[0].left_edge.i, blocked)
            return _Counted(_text(doc, [tokens]), tokens, (), "copula")
        opening = number.start - len((self._qualifier(doc, last.sent, number.start) or "").split()) - 1
        whole = doc[opening - 1] if opening > 0 else last
        if number.end < len(doc) and doc[opening].text in {"–", "—"} and doc[number.end].text in {"–", "—"} \
                and whole.dep_ == "pobj" and whole.head.lower_ == "of" and whole.i not in blocked:
            # the number set between dashes after "a record number of individuals—over 472,000—"
            tokens = self._noun_phrase(doc, whole, self._left_edge(whole), blocked)
            amount = self._amount_of(doc, whole.head.head, whole, tokens, blocked)
            if amount is None and self._says_something(doc, tokens):
                amount = _Counted(_text(doc, [tokens]), tokens, tokens, "apposition")
            if amount is not None:
                return amount
        if last.dep_ == "appos" and governor.pos_ == "NOUN" and governor.i not in blocked \
                and doc[number.start - 1].text in {"–", "—", ","} and (
                governor.lower_ not in self.level_nouns or any(c.lower_ == "of" for c in governor.children)):
            # the number set beside what it counts: "the number of encounters in December – 47,300 –"
            # (not in brackets, "the previous high set in FY2019 (473,682)", which the count before names)
            first = self._left_edge(governor)
            tokens = self._noun_phrase(doc, governor, first, blocked)
            if self._says_something(doc, tokens):
                return _Counted(_text(doc, [tokens]), tokens, tuple(range(first, governor.i + 1)), "apposition")
        bracketed = self._bracketed(doc, number, blocked)
        if bracketed is not None:
            return bracketed
        wholes = [g for c in last.rights if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"}]
        if wholes:
            first = self._left_edge(wholes[0])
            tokens = self._noun_phrase(doc, wholes[0], first, blocked)
            core = tuple(range(first, wholes[0].i + 1))
            clause = None if self._says_something(doc, tokens) else self._clause(
                doc, last, tokens, core, blocked)
            return clause or _Counted(_text(doc, [tokens]), tokens, core, "partitive")
        share = self._share(doc, number)
        if share is not None:
            core = in_sentence[-1].core if in_sentence else ()
            text = f"{_text(doc, [core])} ({share.text})" if core else share.text
            return _Counted(text, core + tuple(range(share.start, share.end)), core, "share")
        acts = last.dep_ in {"nsubj", "nsubjpass"} and governor.pos_ == "VERB" \
            and governor.lemma_ not in self.amount_verbs  # "after 108 agreed to return"
        if in_sentence and not acts:
            return in_sentence[-1]._replace(rule="parallel")
        verb = governor.head if last.dep_ == "pobj" else governor
        if last.dep_ == "pobj" and governor.lower_ == "of" and verb.pos_ == "NOUN" \
                and verb.lower_ not in self.level_nouns:
            first = self._left_edge(verb)
            tokens = tuple(i for i in range(first, verb.i + 1) if i not in blocked)
            return _Counted(_text(doc, [tokens]), tokens, tokens, "measure")
        if last.dep_ == "pobj" and governor.lower_ in {"to", "from"}:
            goal = self._goal_of(verb, blocked)
            if goal is not None:
                first = self._left_edge(goal)
                tokens = self._noun_phrase(doc, goal, first, blocked)
                return _Counted(_text(doc, [tokens]), tokens, tuple(range(first, goal.i + 1)), "object")
        if (governor.pos_ == "VERB" or (governor.pos_ == "AUX" and last.dep_ == "nsubj")) \
                and last.dep_ in {"dobj", "nsubj", "nsubjpass", "nummod"} \
                and verb.lemma_ not in self.amount_verbs:
            said = (governor.i, *self._right_part(doc, governor, number.end, blocked, 6))
            if in_sentence or before:
                core = (in_sentence or before)[-1].core
                return _Counted(_text(doc, [core, said]), core + said, core, "ellipsis")
            return _Counted(_text(doc, [said]), said, (), "verb")
        subject = nearest_subject(last) or next(
            (g for c in verb.children if c.dep_ in {"aux", "auxpass"} for g in c.children
             if g.dep_ in {"nsubj", "nsubjpass"}), None)  # "The number of children encountered [aux] fell to 8,500"
        if subject is not None and subject.head.dep_ == "relcl":
            subject = antecedent(subject, subject.head)  # "UAC apprehensions, which numbered 16,067"
        if subject is None or subject.i in blocked:
            return _Counted("", (), (), "subject")
        first = self._left_edge(subject)
        tokens = self._noun_phrase(doc, subject, first, blocked)
        counted = (in_sentence or before)[-1].core if in_sentence or before else ()
        if counted and subject.ent_type_ in self.share_labels:
            place = next(e for e in doc.ents if e.start <= subject.i < e.end)
            return _Counted(f"{_text(doc, [counted])} ({place.text})",
                            counted + tuple(range(place.start, place.end)), counted, "share")
        if before and ((subject.lemma_ in self.level_nouns and not any(
                doc[i].pos_ in {"NOUN", "PROPN"} for i in tokens if i != subject.i)) or (
                subject.pos_ == "PRON" and subject.lower_ in self.reference_pronouns)):
            if not self._says_something(doc, before[-1].core):
                return before[-1]._replace(rule="reference")  # "people apprehended. In 2018, it was 83,000"
            core = before[-1].core  # "that figure", "the highest monthly total ever recorded"
            return _Counted(_text(doc, [core]), core, core, "reference")
        if named is not None and subject.pos_ == "PRON" and subject.lower_ in self.reference_pronouns:
            return named  # "... the lowest number of enforcement actions. And that was 52,000."
        if not self._says_something(doc, tokens):
            tokens += self._participle(doc, tokens, blocked)
        core = () if subject.ent_type_ in self.share_labels else tuple(range(first, subject.i + 1))
        return _Counted(_text(doc, [tokens]), tokens, core, "subject")

    def _level_named(self, noun: Token) -> bool:
        """Whether a generic noun is what a level, a month or a pronoun "is": "the peak in May,
        which was over 144,000 individuals", "in June it was 40,000 people"."""
        verb = noun.head
        if noun.dep_ != "attr" or verb.lemma_ != "be":
            return False
        subject = next((c for c in verb.lefts if c.dep_ == "nsubj"), None)
        if subject is None:
            return False
        if subject.pos_ == "PRON" and subject.lower_ in self.reference_pronouns:
            return True
        named = subject
        if subject.tag_ in {"WDT", "WP"} and subject.i > 0:  # "the peak in May, which (you recall) was"
            named = subject.nbor(-1) if not subject.nbor(-1).is_punct or subject.i < 2 else subject.nbor(-2)
        return named.lemma_ in self.level_nouns or named.lower_ in self.months

    def _named_amount(self, doc: Doc, sentence: Span) -> _Counted | None:
        """What a sentence that gives no count names an amount of, for a "that" after it:
        "the lowest number of enforcement actions" (enforcement actions)."""
        for token in sentence:
            if token.lower_ not in self.level_nouns:
                continue
            for noun in (g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"}):
                tokens = tuple(range(self._left_edge(noun), noun.i + 1))
                return _Counted(_text(doc, [tokens]), tokens, tokens, "reference")
        return None

    def _share(self, doc: Doc, number: _Number) -> Span | None:
        """The place or nationality a number in brackets follows: its share of the count
        ("followed by Myanmar (4,932)", "Venezuelans (4,100)")."""
        if number.start < 2 or doc[number.start - 1].text != "(" \
                or doc[number.start - 2].ent_type_ not in self.share_labels:
            return None
        return next((e for e in doc.ents if e.start <= number.start - 2 < e.end), None)

    def _goal_of(self, word: Token, blocked: set[int]) -> Token | None:
        """The noun a number after "to" or "from" is the amount of: the object of the verb
        ("cut refugee admissions to 18,000", "seeks to cut arrivals, this time to 15,000"), or
        the noun the preposition follows ("increase the number of appointments available to
        1,000")."""
        while word.dep_ in {"npadvmod", "advmod", "amod"} and word.head.i != word.i:
            word = word.head  # "this time to 15,000", "appointments available to 1,000"
        changed = [g for c in word.children if c.dep_ == "prep" and c.lower_ == "in"
                   for g in c.children if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"} and g.i not in blocked]
        if word.pos_ == "NOUN" and word.lemma_ in self.change_nouns and changed:
            return changed[0]  # "a 28% drop in enforcement actions, from 144,278 to 104,344"
        if word.pos_ == "NOUN" and word.dep_ in {"pobj", "dobj"} and word.lower_ not in self.level_nouns \
                and word.i not in blocked and not any(c.dep_ == "nummod" for c in word.children):
            return word
        if word.pos_ != "VERB":
            return None
        verbs = [word, *(c for c in word.children if c.dep_ == "xcomp")]
        return next((c for v in verbs for c in v.children
                     if c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"}), None)

    def _participle(self, doc: Doc, tokens: tuple[int, ...], blocked: set[int]) -> tuple[int, ...]:
        """The reduced relative clause after a generic phrase the parser took for the main
        verb: "the number of individuals [enrolled in the program] grew from 53,000"."""
        if not tokens or tokens[-1] + 1 >= len(doc):
            return ()
        verb = doc[tokens[-1] + 1]
        hung = [c for c in verb.children if c.dep_ in {"conj", "advcl"} and c.pos_ == "VERB"
                and not any(g.dep_ in {"mark", "cc"} for g in c.children)]
        if not (verb.tag_ == "VBN" or (verb.tag_ == "VBD" and hung and not any(
                c.dep_ == "cc" for c in verb.children))):
            return ()  # a past tense is a participle when the real verb hangs on it bare
        own = {t.i for t in verb.subtree} - {t.i for c in hung for t in c.subtree}
        run: list[int] = []
        for token in doc[tokens[-1] + 1:]:
            if token.i in blocked or token.i not in own or token.is_punct or len(run) == 6 or (
                    run and token.pos_ in {"VERB", "AUX"}):
                break
            run.append(token.i)
        return self._trim(doc, run)

    def _counted_noun(self, doc: Doc, number: _Number, head: Token, blocked: set[int]) -> _Counted:
        """The noun the number counts with its modifiers; a generic one with its verb or event."""
        first = number.end
        while first < head.i and (first in blocked or doc[first].lower_ in self.range_words
                                  or doc[first].lower_ in self.qualifiers_after):
            first += 1  # past the second number of a range, or a "+" of "300+ arrests"
        core = tuple(range(first, head.i + 1))
        tokens = self._noun_phrase(doc, head, first, blocked)
        saved = head.head.head
        if head.dep_ == "pobj" and head.head.lower_ == "of" and saved.lower_ in self.saved_nouns \
                and saved.head.lemma_ in self.rescue_verbs and not self._says_something(doc, core):
            # "saved the lives of 924 people from the desert": people saved from the desert
            own = tuple(i for i in tokens if i <= head.i)
            after = tuple(i for i in tokens if i > head.i)
            return _Counted(_text(doc, [own, (saved.head.i,), after]), own + (saved.head.i,) + after, core, "clause")
        if self._says_something(doc, core) or (self._says_something(doc, tokens) and (
                head.dep_ != "dobj" or any(doc[i].pos_ in {"VERB", "AUX", "CCONJ"} for i in tokens))):
            return _Counted(_text(doc, [tokens]), tokens, core, "noun")
        event = head.head.head
        if head.dep_ == "pobj" and head.head.lower_ == "of" and event.pos_ == "NOUN" \
                and event.i not in blocked:
            amount = self._amount_of(doc, event, head, tokens, blocked) or self._in_group(
                doc, event, tokens, core, blocked)
            if amount is not None:
                return amount
            return _Counted(_text(doc, [(event.i,), "of", tokens]), (event.i, *tokens), core, "event")
        whole = self._whole(doc, head, blocked)
        if whole is not None:
            return whole
        changed = self._changed(doc, head, blocked)
        if changed is not None:
            return changed
        clause = self._clause(doc, head, tokens, core, blocked)
        if clause is not None:
            return clause
        return _Counted(_text(doc, [tokens]), tokens, core, "noun")

    def _amount_of(self, doc: Doc, amount: Token, noun: Token, tokens: tuple[int, ...],
                   blocked: set[int]) -> _Counted | None:
        """A generic noun after an amount noun, with the verb the amount is the object or
        subject of: "CBP apprehended, or deemed inadmissible, a total of 64,000 individuals"
        (individuals apprehended or deemed inadmissible), "a total of 5,300 people crossed the
        river" (people who crossed the river)."""
        verb = amount.head
        if amount.lemma_ not in self.amount_nouns or self._says_something(doc, tokens) \
                or verb.pos_ != "VERB" or verb.lemma_ in self.amount_verbs:
            return None
        if amount.dep_ in {"nsubj", "nsubjpass"}:
            auxiliaries = tuple(c.i for c in verb.lefts
                                if c.dep_ in {"aux", "auxpass", "neg"} and c.i > noun.i)
            said = auxiliaries + (verb.i, *self._right_part(doc, verb, verb.i + 1, blocked, 8))
            return _Counted(_text(doc, [tokens, "who", said]), tokens + said, tokens + (verb.i,), "clause")
        if amount.dep_ not in {"dobj", "oprd"}:
            return None
        first = verb.head if verb.dep_ == "conj" and verb.head.pos_ == "VERB" else verb
        done = tuple(i for i in range(first.i, amount.left_edge.i)
                     if i not in blocked and not doc[i].is_punct)  # "apprehended, or deemed inadmissible,"
        if any(doc[i].pos_ in {"NOUN", "PROPN", "PRON"} for i in done):
            done = (verb.i,)
        rest = self._right_part(doc, verb, noun.i + 1, blocked, 8)
        return _Counted(_text(doc, [tokens, done, rest]), tokens + done + rest, tokens + done, "clause")

    def _changed(self, doc: Doc, head: Token, blocked: set[int]) -> _Counted | None:
        """What rose or fell from or to a number of people: the subject of the verb of amount
        ("Apprehensions by the Border Patrol increased from 400,000 individuals
        in 2018 to 850,000 in 2019": Border Patrol apprehensions, not individuals alone)."""
        verb = head.head.head
        if head.dep_ != "pobj" or head.head.lower_ not in ("from", "to") or verb.lemma_ not in self.amount_verbs:
            return None
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"
                        and c.i not in blocked and c.lemma_ not in self.level_nouns), None)
        if subject is None:
            return None
        said = self._noun_phrase(doc, subject, self._left_edge(subject), blocked)
        return _Counted(_text(doc, [said]), said, said, "changed")

    def _in_group(self, doc: Doc, group: Token, tokens: tuple[int, ...], core: tuple[int, ...],
                  blocked: set[int]) -> _Counted | None:
        """A generic noun counted as the size of a group (``group_nouns``), with the verb the
        group is the object or subject of: "agents apprehended a group of 536 migrants after
        they waded across the river" (migrants in a group apprehended after they waded across
        the river), "a group of 166 people crossed near Eagle Pass" (people in a group who
        crossed near Eagle Pass)."""
        verb = group.head
        if group.lower_ not in self.group_nouns or verb.pos_ != "VERB" or verb.lemma_ in self.amount_verbs:
            return None
        if group.dep_ == "dobj":
            rest = self._right_part(doc, verb, max(tokens, default=group.i) + 1, blocked, 8)
            parts: list[tuple[int, ...] | str] = [tokens, "in a group", (verb.i,), rest]
            return _Counted(_text(doc, parts), tokens + (verb.i,) + rest, core, "group")
        if group.dep_ in {"nsubj", "nsubjpass"}:
            auxiliaries = tuple(c.i for c in verb.lefts if c.dep_ in {"aux", "auxpass", "neg"} and c.i > group.i)
            rest = self._right_part(doc, verb, verb.i + 1, blocked, 8)
            parts = [tokens, "in a group who", auxiliaries + (verb.i,) + rest]
            return _Counted(_text(doc, parts), tokens + auxiliaries + (verb.i,) + rest, core, "group")
        return None

    def _whole(self, doc: Doc, head: Token, blocked: set[int]) -> _Counted | None:
        """The group or total a generic count is the size of: "the sector's caseload — 6,200
        people —", "two groups totaling 224 people", "the group consisted of 130 people", "the
        average daily population in detention was 37,700 people"; or
        what holds them: "shelters jam-packed with 3,000 people" (people in shelters)."""
        verb = head.head.head if head.dep_ == "pobj" else head.head
        dash = head.left_edge.i - 1
        whole: Token | None = None
        if head.dep_ == "appos":
            whole = head.head
        elif dash > 0 and doc[dash].text in {"—", "–"} and doc[dash - 1].pos_ == "NOUN":
            whole = doc[dash - 1]  # an apposition between dashes the parser left as a subject
        elif head.dep_ == "attr" and verb.lemma_ == "be":  # "the detained population was 37,700 people"
            whole = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        elif head.dep_ in {"dobj", "pobj"} and verb.lemma_ in self.whole_verbs:
            whole = verb.head if verb.dep_ in {"acl", "relcl"} else next(
                (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        elif head.dep_ == "pobj" and head.head.lower_ == "with" and verb.tag_ in {"VBN", "JJ"}:
            nearby = [verb, *(c for c in verb.children if c.dep_ in {"aux", "auxpass"})]
            holder = verb.head if verb.dep_ in {"acl", "amod"} else next(
                (c for w in nearby for c in w.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if holder is not None and holder.pos_ == "NOUN" and holder.i not in blocked:
                first = self._left_edge(holder)
                place = self._noun_phrase(doc, holder, first, blocked)
                own = tuple(i for i in range(head.left_edge.i, head.i + 1) if i not in blocked)
                return _Counted(_text(doc, [own, "in", place]), own + place,
                                tuple(range(first, holder.i + 1)), "whole")
        if whole is not None and whole.dep_ == "pobj" and whole.head.lower_ == "of" \
                and whole.lower_ in self.generic and whole.head.head.pos_ == "NOUN":
            whole = whole.head.head  # "groups of over 100 migrants totaling 224 people"
        if whole is None or whole.i in blocked or whole.pos_ not in {"NOUN", "PROPN"}:
            return None
        first = self._left_edge(whole)
        tokens = self._noun_phrase(doc, whole, first, blocked)
        if not self._says_something(doc, tokens):
            return None
        return _Counted(_text(doc, [tokens]), tokens, tuple(range(first, whole.i + 1)), "whole")

    def _labelled(self, doc: Doc, number: _Number, blocked: set[int]) -> _Counted | None:
        """A bare number after the label of its line and a colon, as fact sheets list their
        tallies: "• Border Patrol Encounters: 400,651 (-53% from FY19)". A label that is a
        period ("Fiscal year 2018: more than 26,000 apprehended") names no counted thing."""
        i = number.start - 1
        while i >= 0 and (doc[i].is_space or i in blocked) and "\n" not in doc[i].text:
            i -= 1
        if i < 1 or doc[i].text != ":":
            return None
        label: list[int] = []
        j = i - 1
        while j >= 0 and "\n" not in doc[j].text and doc[j].text not in _BOUNDARIES:
            if j in blocked:
                return None
            if any(ch.isalnum() for ch in doc[j].text):
                label.insert(0, j)
            j -= 1
        tokens = tuple(label)
        if not tokens or not self._says_something(doc, tokens):
            return None
        return _Counted(_text(doc, [tokens]), tokens, tokens, "label")

    def _bracketed(self, doc: Doc, number: _Number, blocked: set[int]) -> _Counted | None:
        """A count in brackets beside the noun it counts, as CRS and GAO set a count beside its
        share: "individuals in family units (451,087; 27%)"; beside a part of a whole, what the
        part's verb names: "two-thirds (1,063,285; 64%) involved single adults". A count in
        brackets after a place is its share (``share``), and one after a level or a date is
        the level the count before names ("the previous high set in FY2019 (473,682)")."""
        last = doc[number.end - 1]
        noun = last.head
        if last.dep_ != "appos" or number.start == 0 or doc[number.start - 1].text != "(" \
                or noun.pos_ != "NOUN" or noun.i in blocked or noun.lower_ in self.level_nouns:
            return None
        if noun.lemma_ in self.share_nouns:
            named = [c for c in noun.head.children if c.dep_ in {"dobj", "attr"} and c.pos_ == "NOUN"] \
                if noun.dep_ == "nsubj" else []
            if not named:
                return None
            noun = named[0]
        first = self._left_edge(noun)
        tokens = self._noun_phrase(doc, noun, first, blocked)
        if not self._says_something(doc, tokens) or any(doc[i].lower_ in self.level_nouns for i in tokens):
            return None
        return _Counted(_text(doc, [tokens]), tokens, tuple(range(first, noun.i + 1)), "bracketed")

    @staticmethod
    def _left_edge(noun: Token) -> int:
        """The first of the noun's own modifiers before it, without determiners ("the deceased migrants")."""
        return min([t.i for c in noun.lefts if c.dep_ in _NOUN_LEFT for t in c.subtree], default=noun.i)

    def _noun_phrase(self, doc: Doc, head: Token, first: int, blocked: set[int]) -> tuple[int, ...]:
        """From ``first`` to the head and its modifiers after it, cut before a period, another
        number or a parenthesis, and at most ``_MAX_WORDS`` words; the words before the head
        start after the last period, number or clause mark among them ("In FY2022, [family
        unit apprehensions]")."""
        first = max([first] + [i + 1 for i in range(first, head.i)
                               if i in blocked or doc[i].text in _BOUNDARIES | {","}])
        return self._extend(doc, head, list(range(first, head.i + 1)),
                            _NOUN_RIGHT, head.i + 1, blocked, _MAX_WORDS)

    def _right_part(self, doc: Doc, verb: Token, after: int, blocked: set[int],
                    limit: int) -> tuple[int, ...]:
        """The verb's complements after token ``after``: "through the ports", "the jungle"."""
        return self._extend(doc, verb, [], _VERB_RIGHT, after, blocked, limit)

    def _extend(self, doc: Doc, word: Token, tokens: list[int], deps: set[str], after: int,
                blocked: set[int], limit: int) -> tuple[int, ...]:
        """``tokens`` and the word's dependents of ``deps`` from token ``after`` on, in order,
        each whole or cut before a blocked token; a period among them is left out ("individuals
        per month from Cuba"); up to ``limit`` tokens, and up to the first other dependent."""
        for child in word.rights:
            if child.i < after or all(t.i in blocked for t in child.subtree):
                continue
            if child.dep_ not in deps or self._counted_apart(word, child):
                break
            run = self._run(doc, child.left_edge.i, child.right_edge.i, blocked)
            cut = bool(run) and run[-1] < child.right_edge.i
            bare = cut and run[-1] <= child.i and any(
                t.like_num for c in child.children if c.dep_ == "dobj" for t in c.subtree)
            if len(tokens) + len(run) > limit or bare:
                break  # too long, or a verb without its counted object: "migrants totaling [224 people]"
            tokens = tokens + run
            if cut:
                break
        return self._trim(doc, tokens)

    @staticmethod
    def _counted_apart(word: Token, child: Token) -> bool:
        """Whether a conjunct has a number of its own, which is another tally and not part of
        what the first counts: "195 migrants [and 283 pounds of marijuana]"."""
        conjuncts = [child] if child.dep_ == "conj" else \
            [c for c in word.rights if c.dep_ == "conj" and c.i > child.i][:1] if child.dep_ == "cc" else []
        return any(c.dep_ == "nummod" and c.like_num for conj in conjuncts for c in conj.children)

    @staticmethod
    def _run(doc: Doc, start: int, last: int, blocked: set[int]) -> list[int]:
        """Tokens start..last, cut before a blocked token or a parenthesis or dash."""
        run = []
        for i in range(start, last + 1):
            if i in blocked or doc[i].text in _BOUNDARIES:
                break
            run.append(i)
        return run

    @staticmethod
    def _trim(doc: Doc, tokens: list[int]) -> tuple[int, ...]:
        """Without function words left hanging at the end ("under the", "who have"), nor a
        relative clause cut before what it says ("arrests of noncitizens, which included [12,025
        individuals]"), nor a conjunction cut before its noun ("345 arrests and secured [290
        convictions]")."""
        for cut_tags in ({"WDT", "WP"}, {"CC"}):
            cut = next((n for n in range(len(tokens) - 1, -1, -1) if doc[tokens[n]].tag_ in cut_tags), None)
            if cut is not None and not any(doc[i].pos_ in {"NOUN", "PROPN", "NUM"} for i in tokens[cut:]):
                tokens = tokens[:cut]
        while tokens and (doc[tokens[-1]].pos_ in _LOOSE_ENDS or doc[tokens[-1]].tag_ in {"WDT", "WP"}
                          or doc[tokens[-1]].text == ","):
            tokens = tokens[:-1]
        return tuple(tokens)

    def _says_something(self, doc: Doc, tokens: tuple[int, ...]) -> bool:
        """Whether the phrase has a word besides the generic ones ("people", "individuals")."""
        return any(doc[i].pos_ in {"NOUN", "PROPN", "ADJ", "VERB"} and doc[i].lower_ not in self.generic
                   for i in tokens)

    def _clause(self, doc: Doc, head: Token, tokens: tuple[int, ...], core: tuple[int, ...],
                blocked: set[int]) -> _Counted | None:
        """A generic noun with the verb its ``head`` depends on: "people allowed through the
        ports", "(two of the) migrants who died in the heat"."""
        verb = head.head
        if verb.pos_ not in {"VERB", "AUX"} or not verb.is_alpha or verb.i == head.i \
                or verb.lemma_ in self.amount_verbs:
            return None
        if head.dep_ == "dobj":
            rest = self._right_part(doc, verb, head.i + 1, blocked, 8)
            own = tuple(i for i in tokens if i <= head.i)
            after = tuple(i for i in tokens if i > head.i)
            done: tuple[int, ...] = (verb.i,)
            if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and all(
                    doc[i].dep_ in {"cc", "punct"} for i in range(verb.head.i + 1, verb.i)):
                done = tuple(i for i in range(verb.head.i, verb.i + 1) if not doc[i].is_punct)  # "removed or returned"
            parts: list[tuple[int, ...] | str] = [own, done, after, rest]
            return _Counted(_text(doc, parts), own + done + after + rest, core, "clause")
        if head.dep_ in {"nsubj", "nsubjpass"}:
            auxiliaries = tuple(c.i for c in verb.lefts
                                if c.dep_ in {"aux", "auxpass", "neg"} and c.i > head.i)
            rest = self._right_part(doc, verb, verb.i + 1, blocked, 8)
            parts = [tokens, "who", auxiliaries + (verb.i,) + rest]
            return _Counted(_text(doc, parts), tokens + auxiliaries + (verb.i,) + rest, core, "clause")
        return None

    # -- period and source -------------------------------------------------------------------

    def _period_spans(self, sentence: Span) -> list[tuple[int, int, str]]:
        """Period phrases of the sentence (:func:`kg.periods.phrases`) as document
        character offsets."""
        base = sentence.start_char
        return [(base + s, base + e, sentence.text[s:e]) for s, e in phrases(sentence.text)]

    def _own_periods(self, doc: Doc, sentence: Span, numbers: list[_Number],
                     periods: list[tuple[int, int, str]]) -> list[str | None]:
        """Each number's period: after it before the next number, else before it in its part."""
        spans = [(doc[n.start].idx, doc[n.end - 1].idx + len(doc[n.end - 1])) for n in numbers]
        free = [p for p in periods if not any(p[0] <= s < p[1] for s, _ in spans)]
        stops = [t.idx for t in sentence if (t.text == ";" or (
            t.text == "," and t.i + 1 < sentence.end and t.nbor().pos_ == "CCONJ"))
            and not any(p[0] <= t.idx < p[1] for p in periods)]
        bracketed = [self._bracketed_period(doc, n, free) for n in numbers]
        claimed: set[tuple[int, int, str]] = {p for p in bracketed if p is not None}
        own: list[tuple[int, int, str] | None] = []
        for k, (_, end) in enumerate(spans):
            if bracketed[k] is not None:
                own.append(bracketed[k])
                continue
            limit = min([spans[k + 1][0] if k + 1 < len(spans) else sentence.end_char]
                        + [s for s in stops if s >= end])
            following = [p for p in free if p[0] >= end and p[1] <= limit and p not in claimed]
            own.append(following[0] if following else None)
            claimed.update(following[:1])
        periods_of: list[str | None] = []
        for k, (start, end) in enumerate(spans):
            period = own[k]
            if period is None:
                floor = max([spans[k - 1][1] if k else sentence.start_char]
                            + [s for s in stops if s < start])
                ceiling = min([sentence.end_char] + [s for s in stops if s >= end])
                open_ = [p for p in free if p not in claimed and p[0] >= max(
                    s for s in [sentence.start_char, *stops] if s < start) and p[1] <= ceiling]
                preceding = [p for p in open_ if floor <= p[0] and p[1] <= start]
                nearest = sorted(open_, key=lambda p: (min(abs(p[0] - start), abs(p[1] - end)), p[0]))
                period = preceding[-1] if preceding else (nearest[0] if nearest else None)
            periods_of.append(period[2] if period else None)
        return periods_of

    @staticmethod
    def _bracketed_period(doc: Doc, number: _Number,
                          free: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
        """The period of a number in brackets after the words it counts: the period phrase
        those words begin with or follow ("FY2020 UC encounters (30,557)", "the previous
        record set in FY2019 (76,020)"), with no punctuation or other number between."""
        bracket = number.start - 1
        if bracket < 0 or doc[bracket].text != "(":
            return None
        words = bracket
        while words > 0 and not doc[words - 1].is_punct and not doc[words - 1].like_num:
            words -= 1
        reach = doc[words].idx
        if words > 0 and doc[words - 1].like_num:  # the period's own year: "FY 2020 UC encounters"
            reach = doc[words - 1].idx
        before = [p for p in free if reach <= p[1] <= doc[bracket].idx and p[0] >= reach - 40]
        return before[-1] if before else None

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
