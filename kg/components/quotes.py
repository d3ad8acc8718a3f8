"""``bk_quotes``: direct quotes and attributed claims, read by the rules of ``pipelines/quotes.json``.

A direct quote is text between quote marks; its speaker is the subject of a speech verb
next to it ("“…,” said Ana Ruiz", "“…,” she told CIS", "Ana Ruiz explained: “…”"). A
claim is reported speech: "Ana Ruiz said that …" or "…, according to advocates". Matches
go to ``Doc._.bk_quotes`` as :class:`QuoteMatch`; ``kg/extract.py`` resolves the speaker
token (a name or a pronoun) to a mention.
"""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.resources import data_dir


class QuoteMatch(NamedTuple):
    """Quoted or claimed words (character offsets) and who said them (a token index or -1)."""

    start: int
    end: int
    speaker: int
    speaker_text: str
    direct: bool
    rule: str


if not Doc.has_extension("bk_quotes"):
    Doc.set_extension("bk_quotes", default=[])


class QuoteReader:
    """Finds quotes and claims; see the module docstring."""

    def __init__(self, rules: dict) -> None:
        limit = int(rules["max_quote_chars"])
        self.patterns = [re.compile(f"{re.escape(o)}([^{re.escape(o + c)}]{{1,{limit}}}){re.escape(c)}")
                         for o, c in rules["quote_marks"]]
        self.min_words = int(rules["min_quote_words"])
        self.speech = set(rules["speech_verbs"])
        self.claims = set(rules["claim_verbs"])
        self.markers = [re.compile(rf"\b{re.escape(m)}\s+([^,.;:“”\"]+)", re.IGNORECASE)
                        for m in rules["claim_markers"]]

    def __call__(self, doc: Doc) -> Doc:
        found: list[QuoteMatch] = []
        taken: list[tuple[int, int]] = []
        text = doc.text  # joins the tokens again at every call
        for pattern in self.patterns:
            for match in pattern.finditer(text):
                start, end = match.span(1)
                if len(match.group(1).split()) < self.min_words or any(
                        s <= start < e for s, e in taken):
                    continue
                taken.append((match.start(), match.end()))
                speaker = self._direct_speaker(doc, text, match.start(), match.end())
                if speaker is not None:
                    found.append(QuoteMatch(start, end, speaker.i, _noun_text(speaker), True,
                                            "quote:direct"))
                    continue
                # A quote left unattributed goes on the words of the quote before it when
                # nothing but the same paragraph stands between them.
                earlier = [q for q in found if q.direct and q.speaker >= 0 and q.end <= start]
                if earlier and "\n\n" not in text[earlier[-1].end:start]:
                    previous = earlier[-1]
                    found.append(QuoteMatch(start, end, previous.speaker, previous.speaker_text,
                                            True, "quote:continued"))
                else:
                    found.append(QuoteMatch(start, end, -1, "", True, "quote:direct"))
        for sentence in doc.sents:
            if any(s < sentence.end_char and sentence.start_char < e for s, e in taken):
                continue
            found.extend(self._claims(sentence))
        doc._.bk_quotes = sorted(found)
        return doc

    def _direct_speaker(self, doc: Doc, text: str, start: int, end: int) -> Token | None:
        """The subject of the speech verb after the closing mark, else before the opening one."""
        after = doc.char_span(end, min(len(text), end + 1), alignment_mode="expand")
        before = doc.char_span(max(0, start - 1), start, alignment_mode="expand")
        if after is not None:
            for token in after.sent:
                if token.idx >= end and token.lemma_ in self.speech:
                    subject = _subject(token)
                    if subject is not None and subject.idx >= end:
                        return subject
                    if subject is not None:
                        return subject
        if before is not None:
            sentence = before.sent
            verbs = [t for t in sentence if t.idx < start and t.lemma_ in self.speech | {"observe"}]
            candidates = verbs or [sentence.root] if text[:start].rstrip().endswith(":") else verbs
            for verb in reversed(candidates):
                subject = _subject(verb)
                if subject is not None:
                    return subject
        return None

    def _claims(self, sentence: Span) -> list[QuoteMatch]:
        found = []
        text = sentence.text
        for pattern in self.markers:
            match = pattern.search(text)
            if match:
                source = sentence.doc.char_span(sentence.start_char + match.start(1),
                                                 sentence.start_char + match.end(1),
                                                 alignment_mode="contract")
                speaker = source.root if source is not None and len(source) else None
                found.append(QuoteMatch(sentence.start_char, sentence.end_char,
                                        speaker.i if speaker is not None else -1,
                                        match.group(1).strip(), False, "claim:according-to"))
        for token in sentence:
            if token.lemma_ in self.claims and token.pos_ == "VERB":
                clause = [c for c in token.children if c.dep_ == "ccomp"]
                subject = _subject(token)
                if clause and subject is not None and subject.i < token.i:
                    words = list(clause[0].subtree)
                    found.append(QuoteMatch(words[0].idx, words[-1].idx + len(words[-1]),
                                            subject.i, _noun_text(subject), False,
                                            "claim:reported-speech"))
        return found


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subjects[0] if subjects else None


def _noun_text(token: Token | None) -> str:
    if token is None:
        return ""
    words = [token]
    stack = [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ not in ("punct", "relcl", "appos", "acl", "advcl", "prep", "cc", "conj"):
                words.append(child)
                stack.append(child)
    return token.doc[min(t.i for t in words):max(t.i for t in words) + 1].text


@Language.factory("bk_quotes", default_config={"rules_file": "quotes.json"})
def make_quotes(nlp: Language, name: str, rules_file: str) -> QuoteReader:
    """The reader, with the rules of ``pipelines/<rules_file>``."""
    return QuoteReader(json.loads((data_dir("pipelines") / rules_file).read_text("utf-8")))
