"""spaCy ``Doc`` -> :class:`~kg.model.Extraction`: the only stage after ``nlp`` that sees spaCy.

Mentions get a cleaned ``name`` (no courtesy title, no possessive) and, inside one
document, short forms take the full form the document introduced: "Gomez" after
"Aaron Gomez", "CIS" after "Center for Immigration Studies (CIS)".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, cached_property
from itertools import pairwise, takewhile
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from kg.components.journeys import JourneyMatch, Station, crossing_word
from kg.components.relation_ruler import (
    IMPLICIT_AGENT,
    QUANTIFIERS,
    conjuncts,
    entity_root,
    listed_after_colon,
    modifies,
    nearest_subject,
    operation,
    people_counted,
    prosecutes_only,
    referent_types,
    staff_agencies,
    verb_of,
)
from kg.components.statistics import CountMatch
from kg.components.vocabulary_ruler import (
    demonym_group_labels,
    generic_group_label,
    migrant_group_rules,
)
from kg.gazetteer import lookup, place_by_key
from kg.ingest import in_title_case, reads_as_heading
from kg.model import (
    ORGANIZATION_TYPES,
    PLACE_TYPES,
    TRAVELLER_TYPES,
    Document,
    Evidence,
    Extraction,
    Mention,
    Quote,
    Relation,
    RouteLeg,
    Statistic,
)
from kg.names import POSSESSIVE_ENDINGS, without_initials
from kg.periods import is_rate, is_timed, phrases
from kg.resources import data_dir
from kg.vocabulary import load_vocabulary, relation_signatures

# Ruler ids "<kind>:<canonical name>" whose name is the entity's name, and their rule.
_NAMED_BY_RULE = {"group": "demonym-group", "generic": "generic-group",
                  "authorities": "demonym-authorities", "shared": "shared-head",
                  "local": "local-government", "office": "acronym-office", "district": "district-office"}
_SENTENCE_ENDS = set(".!?…:\"”’)")
_DECK_WORDS = 20  # the most words of the deck under a release's headline
_ACRONYM_TOKEN = re.compile(r"[A-Z]{2,6}")
# an office's initials in brackets inside its name, before its kind: "Rio Grande Valley (RGV) Sector"
_INNER_ACRONYM = re.compile(r" \(([A-Z]{2,6})\)(?= \S+$)")
_BRACKETED_ACRONYM = re.compile(r"\(([A-Z]{2,6})[,)]")
_LOWER_WORDS_BEFORE = re.compile(r"(?:\b[a-z][a-z-]*\s+){2,6}$")  # searched up to a bracket
_LONGEST_WORDS_BEFORE = 6 * 40  # characters enough for the six words the pattern reads
_AKA = re.compile(r",?\s*(?:aka|a\.k\.a\.|also known as)\s*[\"“']?")


@cache
def _markers() -> dict:
    return json.loads((data_dir("pipelines") / "entity_markers.json").read_text("utf-8"))


@cache
def _titles() -> frozenset[str]:
    return frozenset(_markers()["titles"])


@cache
def _journey_rules() -> dict:
    return json.loads((data_dir("pipelines") / "journeys.json").read_text("utf-8"))


def _defendants(ent: Span) -> bool:
    """Whether a group is the subject of a court's verb, a release's defendants and not its
    migrants: "Four Guatemalan nationals pleaded guilty" (``defendant_verbs``)."""
    return ent.root.dep_ in ("nsubj", "nsubjpass") and \
        ent.root.head.lemma_.lower() in _journey_rules()["defendant_verbs"]


@cache
def _not_legs() -> frozenset[tuple[str, str]]:
    return frozenset((first, second) for first, second in _journey_rules()["not_legs"])


@cache
def _vocabulary_labels() -> dict[str, str]:
    return {entity.key: entity.label for entity in load_vocabulary()}


class _Sentences:
    """The sentences of one document and the sentence of each token, to cite evidence.

    ``Span.sent`` walks the tokens to the sentence's boundaries at every call, and
    extraction asks for a sentence thousands of times per document.
    """

    def __init__(self, doc: Doc, document: Document) -> None:
        self.document = document
        self.spans = list(doc.sents)
        self.index_of: list[int] = []  # by token index
        for index, sentence in enumerate(self.spans):
            self.index_of += [index] * len(sentence)

    def of(self, token: int) -> Span:
        """The sentence of the token at index ``token``."""
        return self.spans[self.index_of[token]]

    def evidence(self, span: Span) -> Evidence:
        """The evidence of a span: its offsets and its sentence (the one it starts in).

        Texts are cut from ``document.text``, the text of ``span.doc``: ``Span.text`` and
        ``Doc.text`` join their tokens again at every call.
        """
        sentence = self.of(span.start)
        return _evidence(self.document, span.start_char, span.end_char, sentence.start_char,
                         sentence.end_char)


def _evidence(document: Document, start: int, end: int, sentence_start: int,
              sentence_end: int) -> Evidence:
    text = document.text
    return Evidence(document_id=document.id, start=start, end=end, quote=text[start:end],
                    sentence_start=sentence_start, sentence_end=sentence_end,
                    sentence=text[sentence_start:sentence_end])


def _strip_title(text: str) -> tuple[str, str | None]:
    """Split a leading courtesy or office title off a name: ("Edwards-Behar", "Ms.")."""
    words = text.split()
    titles = _titles()
    taken = 0
    while taken < len(words) - 1 and (words[taken] in titles or " ".join(words[: taken + 2]) in titles):
        taken += 2 if " ".join(words[: taken + 2]) in titles else 1
    name = " ".join(words[taken:])
    for tail in POSSESSIVE_ENDINGS:
        name = name.removesuffix(tail)
    if name.count(" ") > 1 and name.rsplit(" ", 1)[1] in _markers()["name_suffixes"]:
        name = name.replace(", ", " ")  # "Kenneth A. Polite, Jr." is named "Kenneth A. Polite Jr."
    return name, " ".join(words[:taken]) or None


def _crossing_name(span: Span) -> str:
    """"Calexico, Calif., port of entry" -> "Calexico port of entry"."""
    place: list[str] = []
    for token in span:
        if token.ent_iob_ == "B" and place and token.i > span.start and not token.is_punct:
            break
        if token.lower_ in {"port", "ports", "border"} or token.is_punct:
            if place:
                break
            continue
        if token.lower_ not in {"of", "entry", "in", "at", "crossing"}:
            place.append(token.text)
    return f"{' '.join(place)} port of entry"


def _mention(ent: Span, sentences: _Sentences) -> Mention:
    evidence = sentences.evidence(ent)
    identity = ent.ent_id_ or ent.kb_id_
    kind, _, value = identity.partition(":")
    honorific = None
    if kind == "vocab":
        name, key, rule = _vocabulary_labels()[value], value, "vocabulary"
    elif kind in _NAMED_BY_RULE:
        name, key, rule = value, None, _NAMED_BY_RULE[kind]
    elif kind == "place":
        name, key, rule = evidence.quote, value, "gazetteer"
    elif ent.label_ == "BorderCrossing":
        name, key, rule = _crossing_name(ent), None, f"rule:{value}"
    else:
        name, honorific = _strip_title(evidence.quote)
        key, rule = None, (f"rule:{value}" if kind == "rule" else "ner")
        if ent.label_ in ORGANIZATION_TYPES:
            name = _INNER_ACRONYM.sub("", name)
    return Mention(name=name, type=ent.label_, evidence=evidence, key=key, rule=rule,
                   honorific=honorific)


def _agency_of_office(office: Mention) -> Mention | None:
    """The agency an office named by its acronym names before it ("Enforcement and Removal
    Operations" of "Enforcement and Removal Operations (ERO) Boston" and of "Enforcement and
    Removal Operations Houston"), a mention of its own, which defines the acronym for the
    text's later uses of it; none where the office is named by its acronym ("ERO Boston")."""
    evidence = office.evidence
    place = " " + office.name.split(" ", 1)[1]
    if " (" in evidence.quote:
        end = evidence.start + evidence.quote.index(" (")
    elif evidence.quote.endswith(place) and evidence.quote != office.name:
        end = evidence.end - len(place)
    else:
        return None
    return Mention(name=evidence.quote[:end - evidence.start], type=office.type, rule=office.rule,
                   evidence=replace(evidence, end=end, quote=evidence.quote[:end - evidence.start]))


def _acronyms(text: str, mentions: list[Mention]) -> dict[str, Mention]:
    """Acronyms the text defines: "Center for Immigration Studies (CIS)" -> CIS; after an
    organisation, any capitals in brackets."""
    defined: dict[str, Mention] = {}
    by_end = {m.evidence.end: m for m in mentions}
    for end, mention in by_end.items():
        rest = text[end:end + 16]
        if rest.startswith(" (") and ")" in rest:
            acronym = rest[2:rest.index(")")]
            initials = "".join(w[0] for w in mention.name.split() if w[0].isupper())
            # An organisation's acronym may be of its name in its own language:
            # "Brazil Federal Police (DPF)", for Departamento de Polícia Federal.
            if acronym.isupper() and (acronym == initials or mention.type in ORGANIZATION_TYPES):
                defined[acronym] = _spelled_before(acronym, mention, by_end, text) or mention
        inner = _INNER_ACRONYM.search(mention.evidence.quote)
        if inner is not None and mention.type in ORGANIZATION_TYPES:
            defined.setdefault(inner.group(1), mention)
    return defined


def _initials(surface: str) -> str:
    return "".join(w[0] for w in surface.split() if w[0].isupper())


def _spelled_before(acronym: str, mention: Mention, by_end: dict[int, Mention], text: str) -> Mention | None:
    """The organisation named just before an organisation whose words the acronym does not
    spell, where that one's words begin with it: "Rio Grande Valley Sector Border Patrol
    (RGV)" defines RGV for the sector, not for the Border Patrol."""
    start = mention.evidence.start
    before = by_end.get(start - 1)
    if mention.type not in ORGANIZATION_TYPES or _initials(text[start:mention.evidence.end]).startswith(acronym) \
            or before is None or before.type not in ORGANIZATION_TYPES or text[start - 1] != " ":
        return None
    return before if _initials(text[before.evidence.start:before.evidence.end]).startswith(acronym) else None


def _common_noun_acronyms(text: str) -> set[str]:
    """Acronyms the text defines for common nouns: "unaccompanied alien children (UAC)"."""
    found = set()
    # from each bracket back, not from every word forward: brackets are few, words many
    for match in _BRACKETED_ACRONYM.finditer(text):
        acronym, bracket = match.group(1), match.start()
        words = _LOWER_WORDS_BEFORE.search(text, max(bracket - _LONGEST_WORDS_BEFORE, 0), bracket)
        if words is not None and "".join(w[0] for w in words.group().split()[-len(acronym):]).upper() == acronym:
            found.add(acronym)
    return found


def _nicknames(text: str, mentions: list[Mention]) -> dict[int, Mention]:
    """People's other names, by the start of their mention: "Ana Ruiz, aka “La Flaca”"."""
    found: dict[int, Mention] = {}
    ordered = sorted(mentions, key=lambda m: m.evidence.start)
    for person, other in pairwise(ordered):
        between = text[person.evidence.end:other.evidence.start]
        if person.type == "Person" and _AKA.fullmatch(between):
            found[other.evidence.start] = person
    return found


def _shortened(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` without its given names or without its initials.

    >>> _shortened("Serrano Piedra", "Erminia Serrano Piedra"), _shortened("Ana Ruiz", "Ana M. Ruiz")
    (True, True)
    >>> _shortened("Ana Ruiz", "Juan Ana Ruiz Lopez")
    False
    """
    words, full_words = short.split(), full.split()
    if len(words) >= len(full_words):
        return False
    return full_words[-len(words):] == words or without_initials(full) == short


def _full_names_of(name: str, full_names: list[str]) -> list[str]:
    """The full names a short name may stand for: for a surname, the names it ends, then
    those with it as a first surname of two ("Morales" of "Ana Morales Nava", "Silva" of
    "Arnulfo Silva-Gonzalez"), then those it begins (a given name); for a name of several
    words, the names it shortens."""
    if " " in name:
        return [full for full in full_names if _shortened(name, full)]
    return [full for full in full_names if full.split()[-1] == name] or [
        full for full in full_names if name in full.split()[1:-1]
        or full.split()[-1].startswith(f"{name}-")] or [
        full for full in full_names if full.split()[0] == name]


def _spelled_out(mention: Mention, acronyms: dict[str, Mention],
                 offices: dict[str, Mention]) -> Mention | None:
    """The office a name opens with an acronym of: "RGV Sector" after "Rio Grande Valley
    Border Patrol Sector (RGV)", or, with the place defined ("Rio Grande Valley (RGV)"), the
    "Rio Grande Valley Sector" the text names in full."""
    first, _, rest = mention.name.partition(" ")
    if mention.type not in ORGANIZATION_TYPES or first not in acronyms or not rest:
        return None
    full = acronyms[first]
    if full.type in ORGANIZATION_TYPES and full.name.endswith(f" {rest.split()[-1]}"):
        return full
    return offices.get(f"{full.name} {rest}")


def _resolve_short_forms(mentions: list[Mention], acronyms: dict[str, Mention],
                         text: str) -> list[Mention]:
    """Give surnames, nicknames and acronyms the full name this document introduced, dropping
    the ambiguous and the acronyms of common nouns; a word the model took once for a person
    and once for an organisation ("Julia") is the person."""
    common = _common_noun_acronyms(text)
    nicknames = _nicknames(text, mentions)
    people = {m.name for m in mentions if m.type == "Person"}
    full_names = sorted({m.name for m in mentions if m.type == "Person" and " " in m.name})
    offices = {m.name: m for m in mentions if m.type in ORGANIZATION_TYPES}
    resolved = []
    for mention in mentions:
        if mention.key is None and mention.type in ORGANIZATION_TYPES and mention.name in common:
            continue
        if mention.evidence.start in nicknames:
            person = nicknames[mention.evidence.start]
            mention = Mention(person.name, "Person", mention.evidence, person.key, mention.rule,
                              mention.honorific)
        elif mention.type == "Organization" and mention.key is None and mention.name in people:
            mention = Mention(mention.name, "Person", mention.evidence, None, mention.rule,
                              mention.honorific)
        spelled = _spelled_out(mention, acronyms, offices)
        if (mention.name in acronyms or spelled is not None) and mention.key is None:
            full = spelled or acronyms[mention.name]
            mention = Mention(full.name, full.type, mention.evidence, full.key, mention.rule,
                              mention.honorific)
        elif mention.type == "Person":
            candidates = _full_names_of(mention.name, full_names)
            if len(candidates) > 1:
                continue  # "Mr. Xu" with two Xus in the story: no one to pin it on
            if candidates:
                mention = Mention(candidates[0], "Person", mention.evidence, None, mention.rule,
                                  mention.honorific)
        resolved.append(mention)
    return resolved


def _acronym_defined(ent: Span, text: str) -> bool:
    """Whether a headline's entity is an acronym the text defines in brackets: "RGV Agents
    Apprehend 195 Migrants" over "Rio Grande Valley Sector Border Patrol (RGV) agents"."""
    return len(ent) == 1 and _ACRONYM_TOKEN.fullmatch(ent.text) is not None and f"({ent.text})" in text


def _titled_name(ent: Span, headings: list[tuple[int, int]]) -> bool:
    """Whether a headline's entity is a name with an office title before it: a surname alone
    ("Acting Secretary Ruiz's Prepared Remarks"), or a longer name whose surname the body uses
    too (as written or in capitals): "Press Briefing by Acting CBP Commissioner Mark Morgan" ...
    "ACTING COMMISSIONER MORGAN: Good morning" (and not "Secretary Noem Delivers Remarks",
    read as one name)."""
    before = ent.doc[ent.start - 1] if ent.start else None
    if not (ent.label_ == "Person" and before is not None
            and before.text in {title.split()[-1] for title in _titles()}):
        return False
    if len(ent) == 1:
        return True
    after = next(end for start, end in headings if start <= ent.start_char < end)
    surname = ent[-1].text
    return re.search(rf"\b(?:{re.escape(surname)}|{re.escape(surname.upper())})\b",
                     ent.doc.text[after:]) is not None


def _headings(document: Document) -> list[tuple[int, int]]:
    """The character ranges of the headline (the first paragraph when it is the document's
    title), of the deck under it (a short paragraph in sentence case that ends no sentence: "19
    illegal aliens and four smugglers arrested") and of the headings: short paragraphs in Title Case that end
    no sentence, after one that does (a line of a page whose layout broke its sentences is no
    heading)."""
    text, title = document.text, document.title
    found: list[tuple[int, int]] = []
    start = 0
    previous = ""
    for paragraph in text.split("\n\n"):
        title_case = in_title_case(paragraph)
        after_a_sentence = not previous or previous[-1] in _SENTENCE_ENDS or (
            found != [] and found[-1][1] == start - 2)
        deck = found == [(0, start - 2)] and previous == title and paragraph != "" and not title_case \
            and paragraph[-1] not in _SENTENCE_ENDS and len(paragraph.split()) <= _DECK_WORDS
        if (start == 0 and paragraph == title) or deck or (
                title_case and after_a_sentence and reads_as_heading(paragraph)):
            found.append((start, start + len(paragraph)))
        start += len(paragraph) + 2
        previous = paragraph
    return found


def _in_sentence_case(doc: Doc, start: int, end: int) -> bool:
    """Whether the text between two offsets capitalises names only: two words or more that are
    neither names nor function words are in lower case ("Statement following the Secretary's
    visit to Rice University", not "Member of Smuggling Ring Extradited from Mexico")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and sum(t.is_lower and t.is_alpha and not t.is_stop for t in span) >= 2


def extract(doc: Doc, document: Document) -> Extraction:
    """Read the entity mentions of one processed document: ``doc`` is ``nlp(document.text)``.

    Examples
    --------
    >>> from kg.nlp import load_pipeline
    >>> from kg.model import Document
    >>> text = "Aaron Gomez works in Mexicali. Gomez said Title 42 was over."
    >>> document = Document(id="t", text=text, sources=("t.txt",), content_hash="x")
    >>> [(m.name, m.type) for m in extract(load_pipeline()(text), document).mentions]
    [('Aaron Gomez', 'Person'), ('Mexicali', 'City'), ('Aaron Gomez', 'Person'), ('Title 42', 'Policy')]
    """
    sentences = _Sentences(doc, document)
    headings = _headings(document)
    # Headlines and headings set in Title Case: there the model's guesses at names are not
    # names, and only what the vocabulary, the gazetteer or a rule knows is kept (a headline
    # in sentence case capitalises names only: "Statement following the Secretary's visit to
    # Rice University").
    title_case_headings = [(start, end) for start, end in headings if not _in_sentence_case(doc, start, end)]
    all_ents = doc.ents  # each read of doc.ents makes its Spans anew
    in_heading = [any(start <= ent.start_char < end for start, end in title_case_headings)
                  for ent in all_ents]
    # ... or a name with an office title before it
    ents = [ent for ent, heading in zip(all_ents, in_heading, strict=True)
            if ent.ent_id_ or ent.kb_id_ or not heading or _titled_name(ent, headings)
            or _acronym_defined(ent, document.text)]
    # ... and a person the body names, by surname: "Secretary Noem Delivers Remarks" (where
    # the model read "Noem Delivers Remarks" as one name)
    surnames = {ent[-1].text for ent, heading in zip(all_ents, in_heading, strict=True)
                if ent.label_ == "Person" and len(ent) > 1 and not heading}
    ents = sorted(ents + [Span(doc, ent.start, ent.start + 1, label="Person")
                          for ent, heading in zip(all_ents, in_heading, strict=True)
                          if heading and ent.label_ == "Person" and ent[0].text in surnames
                          and not (ent.ent_id_ or ent.kb_id_)], key=lambda ent: ent.start)
    mentions = [_mention(ent, sentences) for ent in ents]
    agencies = [_agency_of_office(m) for m in mentions if m.rule == "acronym-office"]
    mentions = sorted(mentions + [m for m in agencies if m is not None], key=lambda m: m.evidence.start)
    defendants = {ent.start_char for ent in ents if ent.label_ == "MigrantGroup" and _defendants(ent)}
    if any(ent.label_ == "Person" and _aged(ent) for ent in ents):
        # "ICE officers arrested a Mexican national ... Juan Ruiz, 45, was removed": the one
        # person of a nationality is the person the release names with an age, not a group
        mentions = [m for m in mentions if not (m.rule == "demonym-group" and _one_person(m))]
    named_groups = {m.name: m for m in mentions if m.rule == "demonym-group" and m.evidence.start not in defendants
                    and not _one_person(m)}
    if named_groups:
        # Beside a named nationality, "migrants" is a common noun, not the story's actor ...
        mentions = [m for m in mentions if m.rule != "generic-group"]
    mentions = _resolve_short_forms(mentions, _acronyms(document.text, mentions), document.text)
    body = headings[0][1] if headings and headings[0][0] == 0 else 0
    if body and len(headings) > 1 and headings[1][0] == body + 2 and not in_title_case(
            document.text[headings[1][0]:headings[1][1]]):
        body = headings[1][1]  # the deck under the headline
    release = _Mentions(ents, mentions, sentences, body) if named_groups and doc.has_extension(
        "bk_relations") else None
    if release is not None and release.lead_agency:
        # ... except in an agency's release: about the one nationality it names, they are that
        # group ("agents rescued two migrants struggling to cross the Rio Grande ... both were
        # Cuban nationals"); where it names several, the migrants its first sentence counts
        # stay the actor ("agents arrested 224 migrants ... Brazil (183) ... Colombians (8)"),
        # unless the text says which groups they are ("The migrants were Chinese and Mexican").
        groups = [ent for ent in ents if ent.label_ == "MigrantGroup"
                  and _mention(ent, sentences).rule == "generic-group"]
        generic = [_mention(ent, sentences) for ent in groups]
        lead = release.lead_sentence
        if len(named_groups) == 1:
            group = next(iter(named_groups.values()))
            generic = [replace(m, name=group.name, key=group.key) for m in generic]
        elif lead is None or not any(lead.start_char <= m.evidence.start < lead.end_char for m in generic) or any(
                ent.start in release.named_later for ent in groups):
            generic = []
        mentions = sorted(mentions + generic, key=lambda m: m.evidence.start)
    extraction = Extraction(document=document, mentions=tuple(mentions))
    if not doc.has_extension("bk_relations"):
        return extraction
    return _extract_facts(doc, extraction, _Mentions(ents, mentions, sentences, body))


# ---------------------------------------------------------------------------
# Facts: relations, route legs, statistics and quotes (issue 3)
# ---------------------------------------------------------------------------

_PERSONAL = {"he", "she"}
_PLURAL = {"they", "we"}
_OBJECT_PRONOUNS = {"them": "they", "him": "he", "her": "she"}
_POSSESSIVE_PRONOUNS = {"their": "they", "his": "he", "her": "she"}
_RELATIVE = {"who", "that", "which"}
_REFLEXIVE = {"herself", "himself", "themselves"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_CARRIED_PRONOUNS = {"them", "him", "her"}
_NEGATIONS = {"not", "n't", "n’t", "never"}
_LOOKBACK_SENTENCES = 3
_COUNTED_LOOKBACK_SENTENCES = 6  # "both couples" may sum up a few paragraphs


def _span(doc: Doc, start: int, end: int) -> Span:
    """The tokens covering characters ``start:end`` of ``doc``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        raise ValueError(f"no tokens at characters {start}-{end}")
    return span


class _Mentions:
    """Mentions of one document by token, with pronoun and relative-pronoun resolution.

    A pronoun subject refers to the subjects of the nearest sentence before it that has
    people or groups as subjects ("Ana and Luis fled. They flew to Madrid."); "he" and
    "she" to the last person, "many" or "most" to the last group.
    """

    def __init__(self, ents: Sequence[Span], mentions: list[Mention],
                 sentences: _Sentences, body: int = 0) -> None:
        by_offsets = {(m.evidence.start, m.evidence.end): m for m in mentions}
        self.by_token: dict[int, Mention] = {}
        # The roots of the mentions' entities, by the index of the sentence they are in.
        self.roots: list[list[tuple[Token, Mention]]] = [[] for _ in sentences.spans]
        for ent in ents:
            mention = by_offsets.get((ent.start_char, ent.end_char))
            if mention is not None:
                for i in range(ent.start, ent.end):
                    self.by_token[i] = mention
                root = ent.root
                self.roots[sentences.index_of[root.i]].append((root, mention))
        self.sentences = sentences
        self.named_later = self._named_later(ents, by_offsets)
        # Pronouns and places are asked about again by each kind of fact that has them.
        self._antecedents_of: dict[tuple[int, int], tuple[Mention, ...]] = {}
        self._travellers_of: dict[int, tuple[Mention, ...]] = {}
        self._body = body
        # the one person of a nationality a release leaves unnamed ("a 38-year-old Honduran
        # national"), whom "the noncitizen" and "he" after it are
        alone = {m.name: m for m in mentions if m.rule == "demonym-group" and _one_person(m)}
        self.one_person = tuple(alone.values()) if len(alone) == 1 else ()

    def _named_later(self, ents: Sequence[Span], by_offsets: dict[tuple[int, int], Mention]
                     ) -> dict[int, tuple[Mention, ...]]:
        """The named groups that "the migrants" of a sentence are, as the next one says: "agents
        took custody of 16 migrants. The migrants were Chinese and Mexican nationals." The
        tokens of the generic group, of both sentences, by index."""
        generic = [ent for ent in ents if ent.label_ == "MigrantGroup"
                   and (ent.start_char, ent.end_char) not in by_offsets]
        named: dict[int, tuple[Mention, ...]] = {}
        for ent in generic:
            verb = ent.root.head
            if ent.root.dep_ != "nsubj" or verb.lemma_ != "be":
                continue
            groups = tuple(dict.fromkeys(
                self.by_token[t.i] for attr in verb.children if attr.dep_ == "attr"
                for t in attr.subtree if t.i in self.by_token and self.by_token[t.i].type == "MigrantGroup"))
            index = self.sentences.index_of[ent.start]
            for other in generic:
                if groups and index - 1 <= self.sentences.index_of[other.start] <= index:
                    named.update((i, groups) for i in range(other.start, other.end))
        return named

    def argument(self, doc: Doc, index: int, other: int = IMPLICIT_AGENT) -> tuple[Mention, ...]:
        """The mentions a relation's argument stands for: for the ``IMPLICIT_AGENT``, the
        agency acting where the relation's ``other`` argument is, else what its token stands
        for, else, for a group of unnamed people or one of them, the document's generic group
        ("a group of 36 people from Angola", "a group from China", "a woman from Cuba" in a
        story of migrants); one in apposition to a named person is that person ("Ana Ruiz, a
        woman from Cuba")."""
        if index == IMPLICIT_AGENT:
            return self.agency_acting(doc, other)
        token = doc[index]
        rules = _journey_rules()
        unnamed = _people_word(token) or token.lower_ in rules["referring_nouns"] or \
            token.lower_ in rules["one_of_the_people"]
        if unnamed and token.dep_ == "appos" and token.head.ent_type_ == "Person":
            return self.of(token.head)
        return self.of(token) or (self.generic_group(token) if unnamed and not _said_of_mover(token) else ())

    def agency_acting(self, doc: Doc, index: int) -> tuple[Mention, ...]:
        """The agency whose people act where the text names no one, at token ``index``: the
        one whose people it named last before, in the token's sentence or the one before
        ("McAllen Station agents interviewed five men. Agents arrested three of them"), else
        the agency the release speaks for."""
        if index == IMPLICIT_AGENT:
            return self.lead_agency
        sentence = self.sentences.index_of[index]
        for back in range(sentence, max(sentence - 2, -1), -1):
            span = self.sentences.spans[back]
            for token in reversed(doc[span.start:index if back == sentence else span.end]):
                agencies = [t for t in staff_agencies(token) if t.i in self.by_token]
                if agencies:
                    return (self.by_token[agencies[0].i],)
        return self.lead_agency

    @cached_property
    def lead_sentence(self) -> Span | None:
        """The first sentence after the headline that has a subject."""
        return next((span for span in self.sentences.spans if span.start_char >= self._body
                     and any(t.dep_ == "nsubj" for t in span)), None)

    @cached_property
    def lead_agency(self) -> tuple[Mention, ...]:
        """The agency a release speaks for: the organisation its first sentence after the
        headline has as subject ("EL PASO, Texas – El Paso Sector Border Patrol agents
        disrupted ..."), else the one its headline opens with ("ERO New Orleans apprehends
        convicted felon"); none where neither is an organisation ("Honduran woman sentenced /
        A Honduran woman was sentenced ...")."""
        first = self.lead_sentence
        if first is None:
            return ()
        subjects = [t for t in first if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"
                    and t.lower_ not in _RELATIVE]
        leading = next(t for t in first if t.dep_ == "nsubj")
        if not subjects and leading.head.i < first.root.i:
            # the parser hung the sentence's first clause below a later one: "agents disrupted
            # schemes and discovered stash houses, that totaled 93 migrants"
            subjects = [t for t in first if t.dep_ == "nsubj" and t.head == leading.head]
        # a dateline may be read as a subject too, with the agents in apposition to it:
        # "EL PASO, Texas – ... agents disrupted" (and an apposition the parser hangs on another
        # subject is none: "the number of encounters with the Department of Homeland Security's
        # (DHS's) CBP has exceeded ...", a report's sentence)
        heads = subjects + [c for subject in subjects if subject.ent_type_ in PLACE_TYPES
                            for c in subject.children if c.dep_ == "appos"]
        near = [t for head in heads for t in (head, *(
            c for c in head.children if c.dep_ in ("compound", "nmod", "poss")))]
        found = tuple(self.by_token[t.i] for t in near if t.i in self.by_token
                      and self.by_token[t.i].type in ORGANIZATION_TYPES)[:1]
        opening = self.by_token.get(0)
        if not found and self._body and opening is not None and opening.type in ORGANIZATION_TYPES:
            # where the first sentence is told of someone else, the agency the headline opens
            # with: "ERO New Orleans apprehends convicted felon / A Mexican national was arrested"
            found = (opening,)
        return found

    def of(self, token: Token, depth: int = 0) -> tuple[Mention, ...]:
        """The mentions a token stands for: its entity, or what its pronoun refers to."""
        if token.i in self.by_token:
            return (self.by_token[token.i],)
        if token.i in self.named_later:
            return self.named_later[token.i]
        lower = token.lower_
        if (lower in _RELATIVE or lower in _REFLEXIVE) and token.head.dep_ == "relcl":
            noun = token.head.head
            if noun.i not in self.by_token and noun.dep_ == "appos":
                noun = noun.head
            return (self.by_token[noun.i],) if noun.i in self.by_token else ()
        if self.one_person and token.tag_ == "NN" and token.lemma_.lower() in _journey_rules()["one_person_referents"]:
            return self.one_person  # "arrested a Honduran national ... the noncitizen was released"
        pronoun = token.dep_ in _SUBJECT_DEPS
        if token.dep_ == "dobj" and lower in _OBJECT_PRONOUNS:  # "buses took them"
            lower, pronoun = _OBJECT_PRONOUNS[lower], True
            carried = self._groups_before(token) if lower in _PLURAL else ()
            if carried:  # "picked up the aliens and drove them to Houston": the group, not the driver
                return carried
        elif token.dep_ == "poss" and lower in _POSSESSIVE_PRONOUNS:
            # "housed the aliens and arranged for their travel": the group named before it in
            # the sentence, else whom "they" would be
            lower, pronoun = _POSSESSIVE_PRONOUNS[lower], True
            groups = [m for root, m in self.roots[self.sentences.index_of[token.i]]
                      if root.i < token.i and m.type == "MigrantGroup"]
            if lower in _PLURAL and groups:
                return tuple(groups[-1:])
        if pronoun and depth < _LOOKBACK_SENTENCES and (
                lower in _PERSONAL or lower in _PLURAL or lower in QUANTIFIERS):
            key = (token.i, depth)
            if key not in self._antecedents_of:
                self._antecedents_of[key] = self._antecedents(token, lower, depth)
            return self._antecedents_of[key]
        types = referent_types(token)
        if types:
            key = (token.i, -1)
            if key not in self._antecedents_of:
                self._antecedents_of[key] = self._referents(token, types)
            return self._antecedents_of[key]
        return ()

    def _referents(self, token: Token, types: frozenset[str]) -> tuple[Mention, ...]:
        """What "it" or "the processes" stands for: for "it", the subject of the clause above
        it ("CBP said it had"); for a plural noun, the members a colon listed after it, else
        the entities of its types named with the noun in their name, else those of the
        nearest sentence that names one before it, never its own modifiers ("the parole
        processes" are not humanitarian parole); for a singular, the one entity of its types named
        before it with the noun in its name ("the Declaration" is the Los Angeles Declaration;
        where the document has named several, "the program" is any of them)."""
        if operation(token):
            return self._conductor(token, types)
        if token.lower_ == "it":
            for verb in token.ancestors:
                subjects = [self.by_token[c.i] for c in verb.children
                            if c.dep_ in _SUBJECT_DEPS and c.i in self.by_token]
                if subjects:
                    return tuple(m for m in subjects[:1] if m.type in types)
            return ()
        index = self.sentences.index_of[token.i]
        word = token.lemma_.lower()
        plural = token.tag_ == "NNS"
        before = token.left_edge.i if plural else token.i  # not the noun's own modifiers
        earlier = {m.name: (root, m) for roots in self.roots[:index + 1] for root, m in roots
                   if root.i < before and m.type in types and word in m.evidence.quote.lower()}
        if not plural:
            if len(earlier) != 1:
                return ()
            root, mention = next(iter(earlier.values()))
            # "the escort program" after it: the last such noun, not the entity, is the referent
            between = token.doc[root.i + 1:token.i]
            return () if any(t.lemma_.lower() == word and t.i not in self.by_token for t in between) \
                else (mention,)
        introduced = self._introduced(token, types) or tuple(m for _, m in earlier.values())
        if introduced:
            return introduced
        for back in range(index, max(index - _LOOKBACK_SENTENCES - 1, -1), -1):
            sentence = self.sentences.spans[back]
            limit = before if back == index else sentence.end
            found = {m.name: m for root, m in self.roots[back] if root.i < limit and m.type in types}
            if found:
                # "parole through three processes: A, B and C. ... the processes": the ones
                # named after that noun
                noun = next((t.i for t in sentence if t.lemma_ == token.lemma_ and t.i < token.i), limit)
                named = {m.name: m for root, m in self.roots[back] if m.name in found and root.i > noun}
                return tuple((named or found).values())
        return ()

    def _introduced(self, token: Token, types: frozenset[str]) -> tuple[Mention, ...]:
        """The members a colon listed after the noun's nearest earlier use, however far back:
        "three processes: CHNV, U4U and FRP ... DHS has since terminated the processes"."""
        for earlier in reversed(token.doc[:token.i]):
            if earlier.lemma_ == token.lemma_:
                members = [self.by_token[m.i] for m in listed_after_colon(earlier) if m.i in self.by_token]
                named = {m.name: m for m in members if m.type in types}
                if named:
                    return tuple(named.values())
        return ()

    def _conductor(self, token: Token, types: frozenset[str]) -> tuple[Mention, ...]:
        """Who conducts "the operation": the organisation named nearest before the first
        mention of an operation ("the Brazil Federal Police (DPF) conducting a significant
        enforcement operation ... The enforcement operation included the arrests")."""
        first = next((t for t in token.doc[:token.i] if t.lemma_ == token.lemma_ and t.pos_ == "NOUN"), token)
        index = self.sentences.index_of[first.i]
        before = [(root.i, m) for root, m in self.roots[index] if root.i < first.i and m.type in types]
        return (max(before, key=lambda found: found[0])[1],) if before else ()

    def _subjects(self, sentence: int, before: int) -> list[Mention]:
        """People and groups that are subjects in sentence ``sentence``, before token ``before``."""
        found: dict[str, Mention] = {}
        for root, mention in self.roots[sentence]:
            if root.i < before and mention.type in ("Person", "MigrantGroup"):
                head = root
                while head.dep_ in ("conj", "appos") and head.head.i != head.i:
                    head = head.head
                if head.dep_ in _SUBJECT_DEPS:
                    found.setdefault(mention.name, mention)
        return list(found.values())

    def _people_before(self, sentence: int, count: int) -> tuple[Mention, ...]:
        """The ``count`` people named as subjects nearest before sentence ``sentence`` ("Both
        couples" after two sentences each of a couple); none where the text named more or fewer."""
        found: dict[str, Mention] = {}
        for back in range(sentence - 1, max(sentence - _COUNTED_LOOKBACK_SENTENCES - 1, -1), -1):
            for mention in self._subjects(back, self.sentences.spans[back].end):
                if mention.type == "Person":
                    found.setdefault(mention.name, mention)
            if len(found) >= count:
                break
        return tuple(found.values()) if len(found) == count else ()

    def _unnamed_plural_subject(self, pronoun: Token) -> bool:
        """Whether a plural noun no entity names is a subject before the pronoun in its sentence
        ("Thousands of recruits are worried, and they"); not the subject of a verb of saying
        whose report holds the pronoun, who speaks of others ("relatives said they had fled")."""
        def reported(verb: Token) -> bool:
            node = pronoun.head
            while node.i != verb.i and node.head.i != node.i:
                if node.dep_ == "ccomp":
                    return True
                node = node.head
            return False
        return any(t.dep_ in _SUBJECT_DEPS and t.tag_ == "NNS" and t.pos_ == "NOUN"
                   and t.i not in self.by_token and t.i not in self.named_later and not reported(t.head)
                   for t in pronoun.sent[:pronoun.i - pronoun.sent.start])

    def _antecedents(self, token: Token, lower: str, depth: int) -> tuple[Mention, ...]:
        index = self.sentences.index_of[token.i]
        for back in range(index, max(index - _LOOKBACK_SENTENCES - 1, -1), -1):
            sentence = self.sentences.spans[back]
            limit = token.i if back == index else sentence.end
            if lower in QUANTIFIERS:
                groups = [m for root, m in self.roots[back]
                          if root.i < limit and m.type == "MigrantGroup"]
                for other in sentence[:limit - sentence.start]:
                    if not groups and other.dep_ in _SUBJECT_DEPS and other.lower_ in _PLURAL:
                        groups = [m for m in self.of(other, depth + 1) if m.type == "MigrantGroup"]
                if groups:
                    return tuple(groups[-1:])
                continue
            found: Sequence[Mention] = self._subjects(back, limit)
            if not found and back == index and lower == "they" and self._unnamed_plural_subject(token):
                # "they" are the people its own sentence has as subject, though no name names
                # them: "thousands of recruits are assessing their options, and they are applying"
                return ()
            if not found and back < index:
                for other in sentence:
                    if other.dep_ in _SUBJECT_DEPS and other.lower_ in _PLURAL | _PERSONAL:
                        found = self.of(other, depth + 1)
                        break
                    if lower in _PLURAL and other.dep_ in _SUBJECT_DEPS and people_counted(other):
                        # they are the counted people, or no one the text lets us name
                        return self._people_before(back, people_counted(other))
            if lower in _PERSONAL:
                found = [m for m in found if m.type == "Person" or m in self.one_person][-1:]
                if not found and any(root.i < limit and m in self.one_person for root, m in self.roots[back]):
                    found = list(self.one_person)  # "arrested a Salvadoran citizen, following his arrest by"
                unnamed = self._unnamed_person(sentence, limit) if not found else None
                if unnamed is not None:
                    # "agents encountered the noncitizen ... arrested him": no one named, but
                    # the one person of a nationality the release tells of, where it is one
                    return self.one_person if unnamed.lemma_.lower() in _journey_rules()[
                        "one_person_referents"] else ()
            if not found and back < index and lower in _PLURAL and _described(token):
                found = self._acted_on(sentence)
            if found:
                return tuple(found)
        return ()

    def _unnamed_person(self, sentence: Span, limit: int) -> Token | None:
        """The one person no entity names ("the noncitizen", "the citizen of Guatemala") that
        the sentence, before token ``limit``, has as subject or object, whom a "he" after it is;
        None where it has none."""
        nouns = _journey_rules()["unnamed_persons"]
        return next((t for t in sentence[:limit - sentence.start] if t.tag_ == "NN" and t.lemma_.lower() in nouns
                     and t.i not in self.by_token and t.dep_ in _SUBJECT_DEPS | {"dobj"}), None)

    def _groups_before(self, token: Token) -> tuple[Mention, ...]:
        """The migrant group named nearest before the token, in its sentence or the ones before
        it that a pronoun looks back to; none where they name none."""
        index = self.sentences.index_of[token.i]
        for back in range(index, max(index - _LOOKBACK_SENTENCES - 1, -1), -1):
            groups = [m for root, m in self.roots[back] if root.i < token.i and m.type == "MigrantGroup"]
            if groups:
                return tuple(groups[-1:])
        return ()

    def _acted_on(self, sentence: Span) -> tuple[Mention, ...]:
        """The people a sentence without people as subjects acts on, whom a described "they"
        after it is: its last migrant group, else the document's generic group where the
        sentence counts people no entity names ("Agents found 13 migrants in a house. They
        were from Mexico"; "A search resulted in the discovery of 13 individuals. They were
        determined to be from Mexico")."""
        groups = [m for root, m in self.roots[self.sentences.index_of[sentence.start]]
                  if m.type == "MigrantGroup"]
        if groups:
            return tuple(groups[-1:])
        unnamed = next((t for t in sentence if t.tag_ == "NNS" and t.i not in self.by_token
                        and _people_word(t)), None)
        return self.generic_group(unnamed) if unnamed is not None else ()

    def generic_group(self, token: Token) -> tuple[Mention, ...]:
        """The document's generic group ("migrants", "the aliens"), nearest before the token,
        else first after it: the people a journey carries when no entity names them ("the
        smuggling of scores of individuals into Brazil" in a release that calls them aliens)."""
        generic = [(root.i, m) for roots in self.roots for root, m in roots if m.rule == "generic-group"]
        before = [m for i, m in generic if i < token.i]
        return tuple(before[-1:] or [m for _, m in generic[:1]])

    @staticmethod
    def mover(token: Token) -> Token | None:
        """The word of who makes the movement a place token belongs to: the nearest subject
        up the tree, or the noun a participle describes ("migrants entering the country through
        X"), or the noun "for" gives the infinitive ("arranged for migrants to travel to X")."""
        participle = next((t for t in token.ancestors if t.dep_ == "acl" and (t.tag_ in ("VBG", "VBN") or (
            t.tag_ == "VB" and t.head.dep_ == "pobj" and t.head.head.lower_ == "for"
            and any(child.lower_ == "to" for child in t.children)))), None)
        return participle.head if participle is not None else (_kept_from(token) or nearest_subject(token))

    def travellers(self, token: Token) -> tuple[Mention, ...]:
        """Who makes the movement a place token belongs to: the nearest subject up the tree."""
        if token.i not in self._travellers_of:
            subject = self.mover(token)
            found = [] if subject is None else [m for t in conjuncts(subject) for m in self.of(t)]
            if subject is not None and not found:  # "dozens of Cuban migrants", "a group of migrants"
                found = [m for prep in subject.children if prep.lower_ == "of"
                         for t in prep.children if t.dep_ == "pobj" for m in self.of(t)]
            if subject is not None and not found and _refers_back(subject):
                found = list(self._named_before(subject))
                if subject.tag_ == "NNS" and len(found) == 1 and found[0].type == "Person":
                    # "Hossain bought tickets for the individuals to travel to Monterrey": a
                    # plural noun is not the one person named before it
                    found = []
            self._travellers_of[token.i] = tuple(dict.fromkeys(found))
        return self._travellers_of[token.i]

    def _named_before(self, token: Token) -> tuple[Mention, ...]:
        """The travellers named nearest before the token, in its sentence or the two before it,
        whatever their role there: the last migrant group, else the people who are subjects,
        else the last person ("Agents found 16 Chinese migrants near Laredo. They had flown
        from Shanghai to Quito"; "Ana Ruiz and her sons left Caracas. The family flew to Bogota")."""
        index = self.sentences.index_of[token.i]
        for back in range(index, max(index - 3, -1), -1):
            limit = token.i if back == index else self.sentences.spans[back].end
            named = [m for root, m in self.roots[back] if root.i < limit and m.type in TRAVELLER_TYPES]
            groups = [m for m in named if m.type == "MigrantGroup"]
            if groups:
                return tuple(groups[-1:])
            if named:
                return tuple(m for m in self._subjects(back, limit) if m.type == "Person") or tuple(named[-1:])
        return ()


def _refers_back(subject: Token) -> bool:
    """Whether a subject refers to travellers named before it: "they", or "the group", "the
    family", "the migrants" (the words of ``journeys.json``)."""
    rules = _journey_rules()
    if subject.lower_ in _PLURAL:
        return True
    return subject.lower_ in rules["referring_nouns"] and any(
        child.dep_ == "det" and child.lower_ in rules["referring_determiners"] for child in subject.children)


def _said_of_mover(token: Token) -> bool:
    """Whether an unnamed person is said to be one who moves migrants, not one of them: "their
    smuggler, who was a juvenile from Mexico", "the driver, a man from Guatemala" (the nouns
    of ``journeys.json`` ``not_the_people``)."""
    movers = _journey_rules()["not_the_people"]
    described = token.head
    if token.dep_ == "attr" and described.lemma_ == "be":  # "who was a juvenile"
        clause = described
        if clause.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in clause.children):
            described = clause.head
    return token.dep_ in ("attr", "appos") and described.lemma_.lower() in movers


def _kept_from(token: Token) -> Token | None:
    """Who would make a movement others keep them from: "to stop migrants from passing through
    the Darién Gap" (the migrants pass, not the ones who stop them)."""
    gerund = next((t for t in token.ancestors if t.pos_ == "VERB"), None)
    if gerund is None or gerund.tag_ != "VBG" or gerund.dep_ != "pcomp" or gerund.head.lower_ != "from":
        return None
    return next((c for c in gerund.head.head.children if c.dep_ == "dobj"), None)


def _fact_evidence(doc: Doc, first: Evidence, second: Evidence, known: _Mentions) -> Evidence:
    """Evidence spanning both arguments when they share a sentence, else the later one."""
    low, high = sorted((first, second), key=lambda e: e.start)
    if low.sentence_start != high.sentence_start:
        low = high
    span = _span(doc, low.start, max(low.end, high.end))
    return known.sentences.evidence(span)


def _relations(doc: Doc, known: _Mentions) -> list[Relation]:
    found: dict[tuple, Relation] = {}
    # "smuggled migrants from Honduras", "the movement of migrants from Honduras": where they
    # were carried from, not where they are from ("fled Russia" says both)
    origins = [(journey, known.by_token[s.place].evidence.start) for journey in doc._.bk_journeys
               for s in journey.stations if s.role == "origin" and s.place in known.by_token]
    carried_from = {start for journey, start in origins if journey.traveller >= 0}
    # a journey of one place ("the migrants, all from Cuba, were detained") moves no one
    moved_from = {start for journey, start in origins if len(journey.stations) > 1}
    for match in doc._.bk_relations:
        for subject in known.argument(doc, match.subject, match.object):
            for object_ in known.argument(doc, match.object, match.subject):
                if subject.name == object_.name or (
                        # "the two defendants were arrested" in a prosecutor's release: by whom, it does not say
                        match.object == IMPLICIT_AGENT and match.predicate == "arrestedBy"
                        and prosecutes_only(object_.name)) or (
                        match.predicate == "originatesFrom" and (
                            object_.evidence.start in carried_from or (
                                match.rule == "group-from-places" and object_.evidence.start in moved_from))):
                    continue
                near = subject.evidence
                if match.subject not in known.by_token and match.subject != IMPLICIT_AGENT:
                    near = known.sentences.evidence(doc[match.subject:match.subject + 1])  # a pronoun
                far = object_.evidence
                if match.subject == IMPLICIT_AGENT:  # the release's agency acts: cite what it acts on
                    near = far
                elif match.object == IMPLICIT_AGENT:
                    far = near
                evidence = _fact_evidence(doc, near, far, known)
                key = (subject.name, match.predicate, object_.name, evidence.sentence_start)
                relation = Relation(subject, match.predicate, object_, evidence, match.rule,
                                    match.confidence, match.negated)
                if key not in found or found[key].confidence < relation.confidence:
                    found[key] = relation
    return sorted(found.values(), key=lambda r: (r.evidence.start, r.evidence.end, r.predicate,
                                                 r.subject.name, r.object.name))


class _Leg(NamedTuple):
    """A leg before its order is known: the first token of its sentence, and who travels as
    the text tells it (``travellers`` when they are entities, else ``carried``, the word)."""

    origin: Mention
    destination: Mention
    evidence: Evidence
    rule: str
    confidence: float
    sentence: int
    travellers: tuple[Mention, ...] = ()
    carried: str = ""


def _journey_legs(doc: Doc, known: _Mentions) -> tuple[list[_Leg], dict[int, tuple[Mention, ...]]]:
    """Legs of the journeys ``bk_journeys`` read, sentence by sentence, in travel order, and
    the travellers a journey that names none has from the journey it continues, by its index.

    Several origins listed before the rest of a journey are alternatives ("from Honduras,
    Guatemala and El Salvador to Texas"), each leading to the first place after them. A
    journey whose first place is not an origin continues the journey of the sentence before
    when both have the same travellers, or the later one names none: then its travellers are
    those of the journey it continues ("It took Julia five years to get from Kassai to
    Laredo. First, it was four years in Angola. They flew to Ecuador."). A journey from A to B
    that the next sentence starts telling ("First, ...") is a summary: its steps go between
    A and B, and may stand a sentence apart that names no place.
    """
    sentences = known.sentences
    legs: list[_Leg] = []
    rules = _journey_rules()

    def leg(first: Station, second: Station, who: tuple[tuple[Mention, ...], str],
            crossed: Sequence[Station] = (), cited: Span | None = None) -> None:
        if (known.by_token[first.place].name, known.by_token[second.place].name) in _not_legs():
            return
        if _lies_in(known.by_token[first.place], known.by_token[second.place]):
            return  # "San Diego" on to "the United States": no step, they are there
        if _whoever_would(doc[second.cue]):
            return  # a move a rule tells of whoever would make it: "migrants who cross into Guatemala"
        between = [c for c in crossed if first.place < c.place < second.place
                   or second.place < c.place < first.place]
        clauses = {_clause_of(doc[s.cue]) for s in (first, *between, second)}
        arrived = (first.place < between[0].place and _clause_of(doc[second.cue]) == _clause_of(
            doc[between[-1].cue])) or (
            # told backwards: "arrived in Miami, after they crossed the border at Laredo"
            second.place < first.place and _clause_of(doc[first.cue]) == _clause_of(doc[between[-1].cue])
        ) if between else False
        if between and len(clauses) > 1 and not arrived:
            # across a border only the places of the crossing's own clause make a leg, or a
            # place told before the crossing that arrives at the next ("had left Ojinaga, crossed
            # the Rio Grande near Presidio")
            return
        start, end = sorted((first.place, second.place))
        legs.append(_Leg(known.by_token[first.place], known.by_token[second.place],
                         sentences.evidence(cited or doc[start:end + 1]), f"journey:{second.role}", 0.7,
                         sentences.of(second.place).start, *who))

    def names_a_place(index: int) -> bool:
        span = sentences.spans[index]
        return any(i in known.by_token and known.by_token[i].type in PLACE_TYPES
                   for i in range(span.start, span.end))

    def goes_on(earlier: int, later: int, in_story: bool) -> bool:
        """Whether the sentence ``later`` may go on with the journey of ``earlier``: the next
        one, or in a story told step by step, one after sentences that name no place."""
        gap = rules["story_gap"] if in_story else 0
        return 0 < later - earlier <= 1 + gap and not any(
            names_a_place(index) for index in range(earlier + 1, later))

    def opens_the_story(index: int) -> bool:
        """Whether the sentence ``index`` starts telling a journey step by step: "First, ..."."""
        if index >= len(sentences.spans):
            return False
        words = [t.lower_ for t in sentences.spans[index] if not (t.is_punct or t.is_space)]
        return bool(words) and words[0] in rules["story_openers"]

    # (sentence index, last station, who travelled: entities, else the word)
    previous: tuple[int, Station, tuple[tuple[Mention, ...], str]] | None = None
    # the end of a journey told in a summary before its steps, and the summary's sentence
    summary_end: tuple[Station, Span] | None = None
    company: dict[int, tuple[Mention, ...]] = {}
    for index, journey in enumerate(doc._.bk_journeys):
        kept = [s for s in journey.stations if s.place in known.by_token and s.role != "near"
                and not _in_negated_clause(doc[s.cue]) and not _only_wished(doc[s.cue])]
        crossed = [s for s in kept if _crossed_feature(doc, known, s)]
        stations, arrived_there = _without_crossed_countries(
            known, [s for s in kept if s not in crossed], previous[1] if previous is not None else None)
        # "crossed at the San Ysidro Port of Entry into San Diego": the city they crossed into
        stations = [s for s, after in zip(stations, [*stations[1:], None]) if not (
            known.by_token[s.place].type == "BorderCrossing" and after is not None
            and known.by_token[after.place].type == "City" and after.role == "destination")]
        sentence_index = sentences.index_of[stations[0].place] if stations else -1
        if not stations or sentences.of(stations[0].place).text.strip() == sentences.document.title or \
                _official_trip(doc, known, journey):
            previous = None  # the headline tells no step of the story's journey, nor an official's trip
            continue
        origins = [s for s in stations if s.role == "origin"]
        rest = [s for s in stations if s.role != "origin"]
        went_on = False
        # a place a relative clause tells a journey of ("Monterrey, where he kept a hotel that
        # housed aliens on their way to the United States") opens a scene of its own
        described = bool(rest) and any(
            verb.dep_ == "relcl" and verb.head.i in (doc[rest[0].place].i, doc[rest[0].place].head.i)
            for verb in (doc[rest[0].cue], *doc[rest[0].cue].ancestors))
        # the place the sentence goes on from the journey before at: its first, or an origin
        # after a journey that was only passing through ("... then crossed Guatemala by bus.
        # Smugglers drove her from Tapachula to Reynosa")
        target = rest[0] if rest and not origins else (
            origins[0] if len(origins) == 1 and rest and previous is not None and previous[1].role == "via"
            and known.by_token[origins[0].place].name != known.by_token[previous[1].place].name else None)
        if previous is not None and target is not None and not described and \
                goes_on(previous[0], sentence_index, summary_end is not None):
            last = previous[1]
            # The later sentence goes on with the same people when its place's subject, or a
            # pronoun subject of the sentence, stands for them ("..., they said, they made
            # arrangements to travel to Tijuana")
            sentence = sentences.spans[sentence_index]
            # (whom the place's own mover names, where it names travellers: "They are among
            # thousands of Russians who have entered the United States" tells the Russians' move)
            later = {m.name for m in _carried_travellers(doc, known, journey) if m.type in TRAVELLER_TYPES} or {
                m.name for m in known.travellers(doc[target.place]) if m.type in TRAVELLER_TYPES} or {
                m.name for t in sentence if t.dep_ in _SUBJECT_DEPS and t.lower_ in _PERSONAL | _PLURAL
                for m in known.of(t)}
            shared = ({m.name for m in known.travellers(doc[last.place])} |
                      {m.name for m in previous[2][0]}) & later
            subject = nearest_subject(doc[target.place])
            # "From there, buses took them through Costa Rica": on from the last place
            from_there = any(t.lower_ in ("there", "here") and t.head.lower_ == "from"
                             for t in sentence if t.i < target.place)
            # "Next came a flight to São Paulo", "The walk through the Darién Gap took six
            # days": the next step, told as what came next or as a move of its own
            opener = next((t.lower_ for t in sentence if not (t.is_punct or t.is_space)), "")
            next_step = opener in rules["continuing_openers"] or (
                subject is not None and subject.tag_ == "NN" and subject.lemma_.lower() in rules["movement_lemmas"]
                and subject.lemma_.lower() not in rules["verb_only"])
            # "First, it was four years in Angola": the first step of a summed-up journey
            first_step = summary_end is not None and summary_end[1] is sentences.spans[sentence_index - 1]
            if target in origins:
                # a new start goes on from where a person passed: a report's general routes
                # ("through the Darién Gap. Smugglers move migrants from Tapachula") do not
                went_on = any(m.type == "Person" and m.name in shared for m in previous[2][0])
            elif shared or from_there or arrived_there or next_step or first_step or subject is None or (
                    subject.lower_ in _PERSONAL | _PLURAL and not known.of(subject)):
                went_on = True
        if summary_end is not None and not went_on and previous is not None:
            leg(previous[1], summary_end[0], previous[2], cited=summary_end[1])
            summary_end = None
        who = (_journey_travellers(doc, known, journey), _carried_word(doc, journey) or
               _people_word(known.mover(doc[journey.stations[0].place])))
        if went_on and previous is not None and not any(who):
            who = previous[2]  # the journey goes on with the same people
            company[index] = who[0]
        if went_on and previous is not None and target is not None:
            leg(previous[1], target, who)
        if len(origins) == 1 and [s.role for s in rest] == ["destination"] and \
                opens_the_story(sentence_index + 1):
            summary_end = (rest[0], sentences.spans[sentence_index])
            previous = (sentence_index, origins[0], who)
            continue
        for origin in origins if rest else ():
            leg(origin, rest[0], who, crossed)
        for first, second in pairwise(rest):
            leg(first, second, who, crossed)
        for first, second in journey.alternatives:
            if first.place in known.by_token and second.place in known.by_token:
                leg(first, second, who, crossed)
        # "She arrived in San Diego. She had left Quito and spent two months in Tijuana": a
        # journey told in the past perfect after the one before came first, and led to where
        # that one ended; the story stays there
        if previous is not None and not went_on and previous[1].role != "origin" and \
                goes_on(previous[0], sentence_index, False) and _told_as_earlier(doc, journey) and \
                _same_people(doc, journey, sentences.spans[sentence_index], who, previous[2]):
            who = who if any(who) else previous[2]
            company[index] = who[0]
            leg(stations[-1], previous[1], who)
            continue
        previous = (sentence_index, stations[-1], who)
    if summary_end is not None and previous is not None:
        leg(previous[1], summary_end[0], previous[2], cited=summary_end[1])
    return legs, company


def _told_as_earlier(doc: Doc, journey: JourneyMatch) -> bool:
    """Whether the journey is told in the past perfect, as what came before the story's
    present: "They had flown from Caracas to Mexico City", "she had left Quito and spent two
    months in Tijuana" (the verb its clause starts with)."""
    for station in journey.stations:
        verb = _clause_of(doc[station.cue])
        if verb is not None and verb.tag_ == "VBN" and any(
                child.dep_ == "aux" and child.lower_ == "had" for child in verb.children):
            return True
    return False


def _same_people(doc: Doc, journey: JourneyMatch, sentence: Span, who: tuple[tuple[Mention, ...], str],
                 before: tuple[tuple[Mention, ...], str]) -> bool:
    """Whether a journey travels with the people of the one told before it: the same ones
    named, a pronoun or a referring noun as its subject ("they had flown", "the family had
    left") or as whom it carries ("smugglers had driven them there")."""
    if {m.name for m in who[0]} & {m.name for m in before[0]}:
        return True
    if journey.traveller >= 0 and doc[journey.traveller].lower_ in _CARRIED_PRONOUNS:
        return True
    return any(t.dep_ in _SUBJECT_DEPS and (t.lower_ in _PERSONAL | _PLURAL or _refers_back(t)) for t in sentence)


def _official_trip(doc: Doc, known: _Mentions, journey: JourneyMatch) -> bool:
    """Whether the journey is an official's visit, carrying no one: its mover is an office
    ("The Vice President traveled from Washington to Mexico City", "the delegation") or a
    person named with the title of one ("Secretary Rubio flew to Panama")."""
    if journey.traveller >= 0 or not journey.stations:
        return False
    mover = known.mover(doc[journey.stations[0].place])
    if mover is None:
        return False
    offices = _journey_rules()["official_movers"]
    if mover.lemma_.lower() in offices:
        return True
    if mover.ent_type_ != "Person":
        return False
    start = mover.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1  # the first word of the name
    return start > 0 and doc[start - 1].lower_ in offices


def _lies_in(place: Mention, country: Mention) -> bool:
    """Whether a city (or a state or department) lies in a country, by the gazetteer."""
    if place.type not in ("City", "AdministrativeArea") or country.type != "Country":
        return False
    city = (place_by_key(place.key) if place.key else None) or lookup(place.name)
    container = lookup(country.name)
    return city is not None and container is not None and city.within(container)


def _without_crossed_countries(known: _Mentions, stations: list[Station],
                               before: Station | None) -> tuple[list[Station], bool]:
    """The stations but a country the journey only crosses between places of its own, which
    are the steps: "crossing Mexico by bus from Tapachula", "to Ipiales and on through
    Colombia to Necoclí"; and a country a sentence starts in where the journey before it
    arrived in one of its cities: "flew to Managua. In Nicaragua he boarded a bus" goes on
    from Managua (then True: the journey goes on from there)."""
    def mention(station: Station) -> Mention:
        return known.by_token[station.place]

    kept = []
    arrived = False
    for index, station in enumerate(stations):
        beside = stations[max(index - 1, 0):index] + stations[index + 1:index + 2]
        if station.role == "via" and any(_lies_in(mention(other), mention(station)) for other in beside):
            continue
        if station.role == "via" and index + 1 < len(stations) and \
                _lies_in(mention(station), mention(stations[index + 1])):
            continue  # "entered the United States through ports of entry in California"
        if index == 0 and station.role in ("origin", "setting") and before is not None and \
                before.place in known.by_token and _lies_in(mention(before), mention(station)):
            arrived = True
            continue
        kept.append(station)
    return kept, arrived and bool(kept)


def _clause_of(token: Token, own_subjects: bool = False) -> Token | None:
    """The verb of the token's clause, the first of verbs joined by "and": "left Ojinaga,
    crossed the Rio Grande near Presidio and walked toward Marfa" is one clause. With
    ``own_subjects``, a verb joined with a subject of its own opens a clause of its own: "CBP
    will expand the app and State will open centers" is two."""
    verb = verb_of(token)
    while verb is not None and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and not (
            own_subjects and any(child.dep_ in ("nsubj", "nsubjpass") for child in verb.children)):
        verb = verb.head
    return verb


def _coordinated(clause: Token | None, other: Token | None) -> bool:
    """Whether two clauses are joined by "and" or "but", each with its subject."""
    return clause is not None and other is not None and other.i != clause.i and other in clause.conjuncts


def _only_wished(token: Token) -> bool:
    """Whether the verb of the token completes a wish ("seeking to enter", "wanted to smuggle",
    "in hopes of reaching"; ``goal_words`` of ``journeys.json``), within its own clause: a
    place the travellers only wish to reach is no station of their route ("Migrants seeking to
    enter the United States arrive in Tijuana" go to Tijuana). Who wishes to go there still
    crosses where the sentence says (``_journey_relations`` does not ask)."""
    goals = _journey_rules()["goal_words"]
    verb = verb_of(token)
    for _ in range(2):
        if verb is None:
            return False
        if verb.dep_ == "pcomp" and verb.head.head.lemma_.lower() in goals:
            return True
        if verb.dep_ != "xcomp":
            return False
        if verb.head.lemma_.lower() in goals:
            return True
        verb = verb.head
    return False


def _in_negated_clause(token: Token) -> bool:
    """Whether the token or a verb above it is negated ("flying in is not possible"), or only
    allowed ("individuals from Cuba may be eligible to come to the United States")."""
    node = token
    for _ in range(6):
        if any(child.dep_ == "neg" or child.lower_ in _NEGATIONS for child in node.children):
            return True
        if node.lower_ in _journey_rules()["eligibility_words"]:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _route_legs(doc: Doc, known: _Mentions, relations: list[Relation],
                journey_legs: list[_Leg]) -> list[RouteLeg]:
    sentences = known.sentences

    def sentence_of(start: int, end: int) -> int:
        """The first token of the sentence of characters ``start:end``."""
        return sentences.of(_span(doc, start, end).start).start

    pairs = [r for r in relations if r.predicate == "routeLeg"]
    travellers_of: dict[int, tuple[Mention, ...]] = {}
    carried_of: dict[int, str] = {}  # who travels when it is no entity: "immigrants", "individuals"
    for journey in doc._.bk_journeys:
        place = doc[journey.stations[0].place]
        who = _journey_travellers(doc, known, journey)
        if who:
            travellers_of.setdefault(sentences.of(place.i).start, who)
        elif journey.traveller >= 0:
            carried_of.setdefault(sentences.of(place.i).start, _carried_word(doc, journey))
    for relation in pairs:
        span = _span(doc, relation.evidence.start, relation.evidence.end)
        who = tuple(m for m in known.travellers(span[-1]) if m.type in TRAVELLER_TYPES)
        if who:
            travellers_of.setdefault(sentences.of(span.start).start, who)
    raw = [_Leg(r.subject, r.object, r.evidence, r.rule, r.confidence,
                sentence_of(r.evidence.start, r.evidence.end)) for r in pairs]
    raw.extend(journey_legs)
    legs: list[RouteLeg] = []
    seen: set[tuple[str, str]] = set()
    previous: tuple[Mention, ...] = ()
    previous_sentence = -10
    for told in sorted(raw, key=lambda leg: (leg.evidence.start, leg.evidence.end)):
        origin, destination, sentence = told.origin, told.destination, told.sentence
        if (origin.name, destination.name) in seen or origin.name == destination.name:
            continue
        seen.add((origin.name, destination.name))
        origin_sentence = sentence_of(origin.evidence.start, origin.evidence.end)
        travellers = told.travellers or travellers_of.get(sentence, ()) or travellers_of.get(origin_sentence, ())
        if not travellers and not told.carried and sentences.index_of[sentence] - previous_sentence <= 1:
            travellers = previous
        previous, previous_sentence = travellers, sentences.index_of[sentence]
        if not travellers and not told.carried and not carried_of.get(sentence):
            # a leg that names no one is travelled by the document's migrants, where it has
            # a generic group ("the busiest corridors run from Reynosa to McAllen")
            travellers = known.generic_group(doc[sentence])
        group = ", ".join(dict.fromkeys(m.name for m in travellers)) or \
            _group_word(told.carried or carried_of.get(sentence, "")) or _vehicle_group(doc, known, destination)
        mode = _mode(doc, told.evidence, sentences)
        legs.append(RouteLeg(travellers, group, origin, destination, 0, told.evidence,
                             told.rule, told.confidence, mode))
    return _in_journey_order(legs)


def _carried_word(doc: Doc, journey: JourneyMatch) -> str:
    """Whom a journey carries, as the text words it, when they are people: "immigrants"
    ("took a bus to Colombia" carries no one)."""
    return _people_word(doc[journey.traveller]) if journey.traveller >= 0 else ""


def _vehicle_group(doc: Doc, known: _Mentions, place: Mention) -> str:
    """The group of a leg a vehicle makes ("a panga that departed Ensenada landed near
    Oceanside"): the people it carries, unnamed, are the document's migrants; "" for a leg
    someone else makes."""
    mover = known.mover(_span(doc, place.evidence.start, place.evidence.end).root)
    return generic_group_label() if mover is not None and mover.lemma_.lower() in _journey_rules()["vehicles"] else ""


def _group_word(word: str) -> str:
    """The group a word of carried people names: the document's migrants for a word that says
    no more than that they are people ("smuggled individuals from Mexico": migrants; the
    ``carried_as_migrants`` of ``journeys.json``), else the word ("families")."""
    return generic_group_label() if word in _journey_rules()["carried_as_migrants"] else word


def _one_person(mention: Mention) -> bool:
    """Whether a demonym group is named by one unnamed person ("a Honduran national",
    ``person_heads`` of ``migrant_groups.json``), which leaves the story's generic group its
    actor: "Agents arrested 15 Mexican nationals and one Chinese national"."""
    return mention.evidence.quote.split()[-1] in migrant_group_rules()["person_heads"]


def _aged(ent: Span) -> bool:
    """Whether a name is given with an age, as releases name the people they arrest or
    charge, never their officials: "Ana Ruiz, 45,", "Ana Ruiz, age 45,"."""
    doc = ent.doc
    after = doc[ent.end:ent.end + 4]
    return len(after) >= 3 and after[0].text == "," and (
        after[1].like_num or (after[1].lower_ == "age" and after[2].like_num))


def _people_word(token: Token | None) -> str:
    """The word of the people a token names ("scores of individuals": "individuals"), or ""."""
    word = "" if token is None else _carried(token).lower_
    return word if word in _journey_rules()["carried_people"] else ""


def _carried(token: Token) -> Token:
    """Who is carried: "aliens" for "thousands of aliens", "scores of migrants", "large
    numbers of migrants"; else the word itself."""
    return next((g for prep in token.children if prep.dep_ == "prep" and prep.lower_ == "of"
                 for g in prep.children if g.dep_ == "pobj"), token)


def _crosses_into_the_us(leg: RouteLeg) -> bool:
    return leg.destination.type == "BorderCrossing" or leg.destination.key == "united-states"


def _in_journey_order(legs: list[RouteLeg]) -> list[RouteLeg]:
    """The legs, each group's numbered in the order travelled, not the order told.

    A leg that another leg leads to comes after it ("They flew from Caracas to Bogota. They
    had left Maracaibo for Caracas." is Maracaibo, Caracas, Bogota), and crossing into the
    United States comes last when the text does not say what follows it.
    """
    by_group: dict[str, list[RouteLeg]] = {}
    for leg in legs:
        by_group.setdefault(leg.group, []).append(leg)
    order: dict[int, int] = {}
    for group_legs in by_group.values():
        remaining = list(group_legs)
        travelled: list[RouteLeg] = []
        while remaining:
            starts = [leg for leg in remaining if not any(
                other is not leg and other.destination.name == leg.origin.name for other in remaining)]
            starts = starts or remaining  # a loop: begin where the text does
            step: RouteLeg | None = next(
                (leg for leg in starts if not _crosses_into_the_us(leg)), starts[0])
            while step is not None:
                travelled.append(step)
                remaining.remove(step)
                step = next((other for other in remaining
                             if other.origin.name == step.destination.name), None)
        order.update({id(leg): number for number, leg in enumerate(travelled, 1)})
    return [replace(leg, order=order[id(leg)]) for leg in legs]


_MODES = {"fly": "flight", "flight": "flight", "plane": "flight", "bus": "bus", "walk": "on foot",
          "hike": "on foot", "boat": "boat", "sail": "boat", "drive": "car", "car": "car",
          "train": "train"}


def _mode(doc: Doc, evidence: Evidence, sentences: _Sentences) -> str | None:
    """How the travellers move: the first word of a mode in the sentence, up to the leg's end."""
    span = _span(doc, evidence.start, evidence.end)
    sentence = sentences.of(span.start)
    for token in sentence[:span.end + 1 - sentence.start]:
        lemma = token.lemma_.lower()
        if lemma in _MODES:
            return _MODES[lemma]
    return None




def _statistics(doc: Doc, known: _Mentions) -> list[Statistic]:
    """Statistics of the counts ``bk_statistics`` read, with their group and place.

    The group and the place are the first mentioned in what is counted, else in the
    sentence, else, when the sentence points back ("that period", "such arrests"), in the
    sentence before. A fact stated twice with the same what and period is kept once, and so
    is a count of a headline or heading that the text below states again in the same words
    ("Group of 325 Central Americans Apprehended" over "agents encountered 325 Central
    Americans on Thursday"), unless the heading gives it a period of its own ("Surpasses
    50,000 Apprehensions in FY19" over "50,000 since the start of fiscal year 2019").
    """
    sentences = known.sentences
    headings = _headings(sentences.document)
    found: dict[tuple, Statistic] = {}
    counts = doc._.bk_statistics
    in_heading = [any(start <= doc[c.start].idx < end for start, end in headings) for c in counts]
    below = [c for c, heading in zip(counts, in_heading, strict=True) if not heading]
    for count, heading in zip(counts, in_heading, strict=True):
        if heading and any(_told_again(doc, count, other) for other in below):
            continue
        number = doc[count.start:count.end]
        index = sentences.index_of[number.start]
        inside = [known.by_token[i] for i in count.what_tokens if i in known.by_token]
        around = [sentences.spans[index]]
        if count.refers_back and index > 0:
            around.append(sentences.spans[index - 1])
        nearby = [i for span in around for i in range(span.start, span.end) if i in known.by_token]
        group = next((m for m in inside + [known.by_token[i] for i in nearby] if m.type == "MigrantGroup"), None)
        # a place of a clause joined to the count's, with a subject of its own, is not the count's: "CBP will
        # expand the app to 1,000 appointments a day, and State will open centers in Guatemala"
        clause = _clause_of(number.root, own_subjects=True)
        placed = (known.by_token[i] for i in nearby if known.by_token[i].type in PLACE_TYPES and not (
            around[0].start <= i < around[0].end and _coordinated(clause, _clause_of(doc[i], own_subjects=True))))
        place = next((m for m in inside if m.type in PLACE_TYPES), None) or next(placed, None)
        statistic = Statistic(
            quantity=number.text, value=count.value, unit=count.unit, what=count.what,
            evidence=sentences.evidence(number), rule=f"statistics:{count.what_rule}",
            confidence=0.7, qualifier=count.qualifier, group=group, period=count.period,
            place=place, source=count.source)
        key = (count.value, count.unit, count.what, (count.period or "").lower())
        found.setdefault(key, statistic)
    return sorted(found.values(), key=lambda s: s.evidence.start)


def _told_again(doc: Doc, heading: CountMatch, other: CountMatch) -> bool:
    """Whether a count below states a heading's count again: the same number of the same
    noun (or of a noun the heading's parse did not find), in the same period or with none
    in the heading."""
    def nouns(count: CountMatch) -> set[str]:  # a headline's nouns are parsed as names
        return {doc[i].lower_.removesuffix("s") for i in count.what_tokens
                if doc[i].pos_ in {"NOUN", "PROPN"}}
    said = nouns(heading)
    return (heading.value, heading.unit) == (other.value, other.unit) \
        and (not heading.period or heading.period.lower() == (other.period or "").lower()) \
        and (not said or bool(said & nouns(other)))


def _quote_evidence(span: Span, start: int, end: int, sentences: _Sentences) -> Evidence:
    """Evidence of quoted words; a quote over several sentences cites all of them."""
    return _evidence(sentences.document, start, end, sentences.of(span.start).start_char,
                     sentences.of(span.end - 1).end_char)


def _quotes(doc: Doc, known: _Mentions) -> list[Quote]:
    document = known.sentences.document
    quotes = []
    for match in doc._.bk_quotes:
        speakers = known.of(doc[match.speaker]) if match.speaker >= 0 else ()
        speaker = speakers[0] if speakers else None
        span = _span(doc, match.start, match.end)
        about = tuple(dict.fromkeys(
            known.by_token[i] for i in range(span.start, span.end) if i in known.by_token
            and (speaker is None or known.by_token[i].name != speaker.name)))
        quotes.append(Quote(text=document.text[match.start:match.end], speaker=speaker,
                            speaker_text=match.speaker_text,
                            evidence=_quote_evidence(span, match.start, match.end, known.sentences),
                            rule=match.rule, confidence=0.8 if speaker else 0.5,
                            direct=match.direct, about=about))
    return quotes




def _journey_travellers(doc: Doc, known: _Mentions, journey: JourneyMatch) -> tuple[Mention, ...]:
    """Who makes a journey: whom a verb like "smuggle" carries, else the subject of the place
    it names first (else of the next); people only ("the United States is acting against facilitating migration to the
    United States via Nicaragua": the country travels nowhere)."""
    # else the subject of its place named first: a journey told backwards ("The migrants arrived
    # in Miami, after 180 of them crossed at Laredo") starts with a place of its later clause
    found = _carried_travellers(doc, known, journey) or next(
        (found for found in (known.travellers(doc[place]) for place in sorted(s.place for s in journey.stations))
         if found), ())
    return tuple(m for m in found if m.type in TRAVELLER_TYPES)


def _carried_travellers(doc: Doc, known: _Mentions, journey: JourneyMatch) -> tuple[Mention, ...]:
    """The mentions of whom the text says a journey carries ("smuggled aliens", "the travel of
    four migrants"); none when it says no one or names no entity."""
    if journey.traveller < 0:
        return ()
    token = doc[journey.traveller]
    return known.of(token) or known.of(_carried(token)) or (
        known.generic_group(token) if _carried_word(doc, journey) else ())


def _crossing_verb(cue: Token) -> bool:
    """Whether the cue crosses ("guided across the Rio Grande") or is, or hangs from, a verb of
    crossing ("crossed the Rio Grande", "entered through") or one that goes across the border."""
    if cue.lower_ in _journey_rules()["crossing_cues"]:
        return True
    verb = cue if cue.pos_ == "VERB" else next((t for t in cue.ancestors if t.pos_ == "VERB"), None)
    if verb is None:
        return False
    rules = _journey_rules()
    # "walked across the border from Mexicali into Calexico": any verb that goes across the border
    return crossing_word(verb, rules["crossing_verbs"]) or any(
        prep.lower_ in rules["crossing_cues"] and obj.lemma_.lower() in rules["crossed_nouns"]
        for prep in verb.children if prep.dep_ == "prep" for obj in prep.children if obj.dep_ == "pobj")


def _crossed_unlawfully(cue: Token) -> bool:
    """Whether the cue hangs from a crossing verb told with a manner of crossing the border:
    "30 individuals illegally crossed through Goat Canyon"."""
    verb = verb_of(cue)
    rules = _journey_rules()
    return verb is not None and verb.lemma_.lower() in rules["crossing_verbs"] and any(
        child.dep_ == "advmod" and child.lower_ in rules["crossing_manners"] for child in verb.children)


def _entered_the_us_through(doc: Doc, known: _Mentions, station: Station) -> bool:
    """Whether the place is the way into the United States its verb tells, a port of entry, a
    named spot or a U.S. city: "smuggled into the United States through either McAllen or
    Houston", "entered the U.S. via Laredo", "entering the United States at the Camp Bounds
    Forward Operating Base" (not "through Tapachula into the United States")."""
    cue = doc[station.cue]
    verb = verb_of(cue)
    # (a verb of staying is the cue of the place its "at" takes: the preposition says the way)
    way = cue if cue.pos_ == "ADP" else entity_root(doc[station.place]).head
    if way.lower_ not in _journey_rules()["entry_ways"] or verb is None:
        return False
    entered = [g for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "into"
               for g in prep.children if g.dep_ == "pobj"]
    if crossing_word(verb, _journey_rules()["crossing_verbs"]):
        entered += [g for g in verb.children if g.dep_ == "dobj"]
    place = known.by_token[station.place]
    return any((country := known.by_token.get(g.i)) is not None and country.key == "united-states" and (
        place.type in ("BorderCrossing", "Place") or _lies_in(place, country)) for g in entered)


def _crossed_feature(doc: Doc, known: _Mentions, station: Station) -> bool:
    """Whether travellers cross the place, a border feature or a river, rather than stop there:
    "into the United States across the border with Mexico", "crossed the Suchiate River into
    Ciudad Hidalgo" are crossings, no leg of the route."""
    rules = _journey_rules()
    place = known.by_token[station.place]
    return (place.key in rules["border_features"] or place.name.split()[-1].lower() in rules["crossed_nouns"]) \
        and _crossing_verb(doc[station.cue])


def _told_through(doc: Doc, station: Station) -> bool:
    """Whether the text says the travellers went through the place: it is what "through" or
    "via" governs ("crossing through Panama's Darién Gap", "via Guatemala and Mexico"), not a
    place deeper in its phrase ("their travel through a network of smugglers operating out of
    Peru": a leg of the route, but where the network is), nor a place a story names alone
    ("Then Nicaragua. Honduras.": its own cue)."""
    cue = doc[station.cue]
    if cue.pos_ != "ADP":
        return station.cue != station.place
    node = doc[station.place]
    while node.dep_ in ("compound", "conj", "flat", "appos") and node.head.i != node.i:
        node = node.head
    return node.head.i == cue.i


def _journey_relations(doc: Doc, known: _Mentions, company: dict[int, tuple[Mention, ...]]
                       ) -> list[Relation]:
    """What the travellers of a journey did at its places: ``crossesAt`` where they crossed
    the border (a port of entry, a border feature, a city they crossed into), ``travelsThrough``
    the places they passed through. A journey that names no travellers is made by those of
    the journey it continues (``company``, by the journey's index)."""
    found = []
    border_features = set(_journey_rules()["border_features"])
    for number, journey in enumerate(doc._.bk_journeys):
        if _official_trip(doc, known, journey):
            continue
        # where the text names who travels, only they do: "a hotel that housed aliens on their
        # way to the United States" is no trip of the hotel's keeper
        travellers = [m for m in _carried_travellers(doc, known, journey) if m.type in TRAVELLER_TYPES] \
            if journey.traveller >= 0 else list(_journey_travellers(doc, known, journey))
        travellers = travellers or list(company.get(number, ()))
        for index, station in enumerate(journey.stations):
            if station.place not in known.by_token or _in_negated_clause(doc[station.cue]) or \
                    _whoever_would(doc[station.cue]):
                continue
            place = known.by_token[station.place]
            crossing = _crossing_verb(doc[station.cue]) and (
                place.type == "BorderCrossing" or place.key in border_features or
                (place.type == "City" and station.role in ("destination", "near")) or
                # "crossed the border near Hachita, New Mexico": a town too small for the gazetteer
                (place.type == "Place" and doc[station.cue].lower_ == "near") or
                (place.type in ("City", "Place") and station.role == "via" and _crossed_unlawfully(doc[station.cue]))) \
                or (place.type in ("City", "BorderCrossing", "Place") and _entered_the_us_through(doc, known, station))
            predicate = "crossesAt" if crossing else "travelsThrough"
            rule = f"journey:{station.role}"
            if not crossing and _gone_on_from(doc, station, journey.stations[index + 1:index + 2]):
                rule = "journey:then"  # "to the stash house in Monterrey and then into the U.S."
            elif not crossing and (station.role != "via" or not _told_through(doc, station)):
                continue
            for traveller in travellers:
                evidence = _fact_evidence(doc, traveller.evidence, place.evidence, known)
                found.append(Relation(traveller, predicate, place, evidence, rule, 0.65))
    return found


def _whoever_would(cue: Token) -> bool:
    """Whether the move is told of whoever would make it, as a rule says: its verb, or the
    verb it completes, in the present in a clause that describes the travellers ("Migrants
    who attempt to enter the U.S. via the southwest border may be returned"; "to bar migrants
    who cross our southern border unlawfully"), not of people it happened to ("migrants who
    crossed", "Russians who have taken the same route")."""
    verb = verb_of(cue)
    for _ in range(3):
        if verb is None:
            return False
        if verb.dep_ == "relcl":  # (not a clause of who carries them: "companies that carry migrants")
            return verb.tag_ in ("VBP", "VBZ") and (
                verb.head.ent_type_ in TRAVELLER_TYPES or bool(_people_word(verb.head)))
        if verb.dep_ != "xcomp":
            return False
        verb = verb.head
    return False


def _gone_on_from(doc: Doc, station: Station, following: Sequence[Station]) -> bool:
    """Whether the journey goes on from a destination, with a word like "then" before the
    preposition of the next: "transport aliens to the stash house and then into the U.S.",
    "to Monterrey and later on to Nuevo Laredo" pass through the first place ("flew to Cancún,
    then entered the U.S." tells a new step, not where the flight went on)."""
    if station.role != "destination" or not following:
        return False
    cue = doc[following[0].cue]
    if cue.pos_ != "ADP" or cue.i <= station.place:
        return False
    before = cue.i - 1
    while before > station.place and doc[before].lower_ in ("on", ","):
        before -= 1
    return doc[before].lower_ in _journey_rules()["onward_words"]


@cache
def _office_rules() -> dict:
    return json.loads((data_dir("pipelines") / "offices.json").read_text("utf-8"))


class _Office(NamedTuple):
    titles: tuple[str, ...]
    words: tuple[str, ...]
    not_words: tuple[str, ...]
    named_by_title: str | None


@cache
def _offices() -> tuple[_Office, ...]:
    return tuple(_Office(tuple(office["titles"]), tuple(office["organisation_words"]),
                         tuple(office.get("not_organisation_words", ())), office.get("named_by_title"))
                 for office in _office_rules()["offices"])


def _owner_of_office(ent: Span) -> bool:
    """Whether an organisation is named as the possessor of another organisation: "the U.S.
    Department of State’s Media Hub of the Americas"."""
    doc = ent.doc
    return ent.end + 1 < len(doc) and doc[ent.end].lower_ in ("'s", "’s") and (
        doc[ent.end + 1].ent_type_ in ORGANIZATION_TYPES)


def _named_by_title(key: str, word: Span, known: _Mentions) -> Mention | None:
    """The department a title names with its last word, as a mention of that word: "State" of
    "Secretary of State Ana Ruiz" is the State Department; none where a place is just before the
    title, whose office it is ("Texas Secretary of State")."""
    entity = next((e for e in load_vocabulary() if e.key == key), None)
    title_start = max(word.sent.start, word.start - 3)
    if entity is None or any(t.ent_type_ in PLACE_TYPES for t in word.doc[title_start:word.start]):
        return None
    return Mention(entity.label, entity.type, known.sentences.evidence(word), entity.key, "office-title")


def _other_office(ahead: list[str]) -> bool:
    """Whether the words before a title make it another office than the release's: a former
    one or another country's ("former Chief Patrol Agent", "Mexican Foreign Secretary")."""
    return any(word in _office_rules()["not_after"] or word in demonym_group_labels()
               for word in ahead[-2:])


_TITLE_REACH = 6  # tokens before a name where its title may start


def _former(name: Span) -> bool:
    """Whether a word of ``not_after`` before a name modifies it, however long the title and the
    organisation between them: "Former acting U.S. Department of Homeland Security secretary
    Kevin McAleenan"."""
    start = max(name.sent.start, name.start - _TITLE_REACH - 3)
    person = set(range(name.start, name.end))
    return any(t.lower_ in _office_rules()["not_after"] and modifies(t, person)
               for t in name.doc[start:name.start])


@cache
def _title_words() -> frozenset[str]:
    """The words of the titles of ``pipelines/entity_markers.json``, as written ("Secretary")."""
    return frozenset(word for title in _titles() for word in title.split())


def _title_after(name: Span) -> str:
    """The words after a name and its comma up to the end of the sentence, in lower case, where
    they are a title in Title Case that ends the sentence ("…,” said Ana Ruiz, Senior Official
    Performing the Duties of Commissioner."); else nothing."""
    doc = name.doc
    if name.end >= name.sent.end - 1 or doc[name.end].orth_ != ",":
        return ""
    words = doc[name.end + 1:name.sent.end]
    if words[-1].is_punct:
        words = words[:-1]
    if not len(words) or len(words) > _TITLE_REACH + 2 or any(
            t.is_punct or t.ent_type_ or not (t.is_title or t.is_lower and t.lower_ in ("of", "the", "for", "and"))
            for t in words):
        return ""
    return " ".join(t.lower_ for t in words)


def _before_field(name: Span) -> int:
    """Where the title before a name ends: before the "for" of the field its office covers,
    where one goes from the title to the name ("Deputy Secretary of State for Management and
    Resources Ana Ruiz" holds the office of a deputy secretary of state); else at the name."""
    doc = name.doc
    start = name.start
    while start > name.sent.start and (doc[start - 1].is_title or doc[start - 1].lower_ == "and"):
        start -= 1
    return start - 1 if start < name.start and start > name.sent.start and doc[start - 1].lower_ == "for" else name.start


def _office_relations(doc: Doc, known: _Mentions, relations: list[Relation]) -> list[Relation]:
    """``worksFor`` from a title that names an office ("said Chief Patrol Agent Ana Ruiz") to the
    one organisation of the document it fits best (``pipelines/offices.json``: a sector before a
    station), for people the text gives no organisation beside their name."""
    employed = {r.subject.name for r in relations if r.predicate in ("worksFor", "spokespersonOf")}
    organisations: dict[str, Mention] = {}
    # an organisation named only as the owner of another office is where that office belongs,
    # not whom a titled person works for: "the U.S. Department of State’s Media Hub" ...
    # "Secretary Mayorkas led the delegation"
    owner_only: dict[str, bool] = {}
    all_ents = doc.ents  # each read of doc.ents makes its Spans anew
    for ent in all_ents:
        mention = known.by_token.get(ent.start)
        if mention is not None and mention.type in ORGANIZATION_TYPES:
            organisations.setdefault(mention.name, mention)
            owner_only[mention.name] = owner_only.get(mention.name, True) and _owner_of_office(ent)
    # each person's most specific title, wherever the text gives it: a headline's "Secretary
    # Ruiz Travels to Mexico" is the office of the "Secretary of State Ana Ruiz" the release
    # goes on to name, and a shorter title after the full one ("Secretary of State Ana Ruiz ...
    # Secretary Ruiz") is the same office, not one of another department (offices are listed
    # most specific first, so the first office of the list that titles the person is theirs);
    # by surname, as "SECRETARY BLINKEN:" may be a name of its own
    titled_people: dict[str, tuple[int, Span, str, str, int]] = {}
    for ent in all_ents:
        person = known.by_token.get(ent.start)
        if person is None or person.type != "Person" or person.name in employed:
            continue
        title_end = _before_field(ent)
        before = " ".join(t.lower_ for t in doc[max(title_end - _TITLE_REACH, 0):title_end])
        # a title the model read as part of the name: "Secretary Mayorkas delivered remarks"
        inside = " ".join(t.lower_ for t in takewhile(lambda t: t.text in _title_words(), ent[:-1]))
        titled = f"{before} {inside or (person.honorific or '').lower()}".strip()
        after = _title_after(ent)
        for rank, office in enumerate(_offices()):
            title = next((title for title in office.titles if titled.endswith(title)), None)
            if title is None and after:
                # the title after the name, as a release signs a quote: "said Ana Ruiz, Senior
                # Official Performing the Duties of Commissioner."
                title = next((title for title in office.titles if after.endswith(title)), None)
                titled = after
            if title is not None:
                surname = person.name.split()[-1].lower()
                if rank < titled_people.get(surname, (len(_offices()),))[0]:
                    titled_people[surname] = (rank, ent, titled, title, title_end)
                break
    found: dict[str, Relation] = {}
    # the most specific titles first: a department a title names ("Secretary of State Ana
    # Ruiz") is one of the document's, so a bare "Deputy Secretary" may be of it as well
    for rank, ent, titled, title, title_end in sorted(titled_people.values(), key=lambda t: (t[0], t[1].start)):
        office = _offices()[rank]
        person = known.by_token[ent.start]
        if _other_office(titled[:-len(title)].split()) or _former(ent):
            continue
        fitting = next((named for word in office.words if (
            named := [m for org, m in organisations.items() if word in org.lower()
                      and not any(other in org.lower() for other in office.not_words)
                      and not owner_only[org]])), [])
        last = doc[title_end - 1] if title_end > 0 else None
        if not fitting and office.named_by_title and last is not None and last.lower_ == title.split()[-1]:
            # the title names its department though the text does not: "Secretary of State"
            fitting = [m for m in [_named_by_title(office.named_by_title, doc[last.i:last.i + 1], known)] if m]
            for department in fitting:
                organisations.setdefault(department.name, department)
                owner_only.setdefault(department.name, False)
        if len(fitting) == 1:
            found[person.name] = Relation(person, "worksFor", fitting[0], known.sentences.evidence(ent),
                                          "office-title", 0.6)
    return list(found.values())


def _clause_verb(token: Token) -> Token:
    """The verb whose clause holds ``token``: the first verb up its heads (the root of the
    sentence when none is)."""
    while token.pos_ != "VERB" and token.head.i != token.i:
        token = token.head
    return token


def _stated_by(doc: Doc, relation: Relation) -> Token:
    """The verb whose clause states a relation: its object's clause verb, unless its subject
    is in a participle or relative clause (``acl``, ``relcl``) that describes its object
    ("the parole program announced by DHS", "CHNV parole, which DHS announced")."""
    objects = _span(doc, relation.object.evidence.start, relation.object.evidence.end).root
    verb = _clause_verb(objects)
    subject = relation.subject.evidence
    clause = _clause_verb(_span(doc, subject.start, subject.end).root)
    if clause.dep_ not in ("acl", "relcl"):
        return verb
    # The words between the object and its clause verb: its noun phrase.
    while objects.i != verb.i:
        if objects.i == clause.head.i:
            return clause
        objects = objects.head
    return verb


def _held_in(doc: Doc, relation: Relation) -> str | None:
    """When a relation that happens at a time (:func:`kg.periods.is_timed`: enacted, ends,
    implements, …) held, as its sentence says: the period phrase of the sentence
    (:func:`kg.periods.phrases`) in the clause that states it (:func:`_stated_by`: "In March
    2020, the CDC invoked Title 42", not "entered the U.S. in January and plans to apply for
    asylum"; "the parole program announced by DHS in October 2022"), not one of its
    arguments, not a rate ("every day"), nearest to the words that state it; ``None`` when
    the sentence gives none, or for a standing relation (worksFor)."""
    if not is_timed(relation.predicate):
        return None
    evidence = relation.evidence
    sentence, base = evidence.sentence, evidence.sentence_start
    start, end = evidence.start - base, evidence.end - base
    arguments = [(m.evidence.start - base, m.evidence.end - base)
                 for m in (relation.subject, relation.object)]
    verb = _stated_by(doc, relation).i
    found = []
    for first, last in phrases(sentence):
        words = sentence[first:last]
        if is_rate(words) or any(first < e and s < last for s, e in arguments) \
                or _clause_verb(_span(doc, first + base, last + base).root).i != verb:
            continue
        found.append((max(0, first - end, start - last), first, words))
    return min(found)[2] if found else None


def _extract_facts(doc: Doc, extraction: Extraction, known: _Mentions) -> Extraction:
    """Add the relations, route legs, statistics and quotes of ``doc`` to its mentions."""
    relations = _relations(doc, known)
    relations += _office_relations(doc, known, relations)
    said = {(r.subject.name, r.predicate, r.object.name) for r in relations}
    journey_legs, company = _journey_legs(doc, known)
    relations += [r for r in _journey_relations(doc, known, company)
                  if (r.subject.name, r.predicate, r.object.name) not in said]
    legs = _route_legs(doc, known, relations, journey_legs)
    leg_relations = [
        Relation(leg.origin, "routeLeg", leg.destination, leg.evidence, leg.rule, leg.confidence)
        for leg in legs]
    relations = [r for r in relations if r.predicate != "routeLeg"] + leg_relations
    # a rule that read a misparsed list ("CBP worksFor Troy Miller") gives a fact the
    # ontology cannot hold
    signatures = relation_signatures()
    relations = [r for r in relations if r.subject.type in signatures[r.predicate][0]
                 and r.object.type in signatures[r.predicate][1]]
    relations = [replace(r, period=_held_in(doc, r)) for r in relations]
    statistics = _statistics(doc, known) if doc.has_extension("bk_statistics") else []
    # a department only a title named ("Secretary of State") is mentioned by the title
    named_by_title = tuple(dict.fromkeys(r.object for r in relations if r.rule == "office-title"
                                         and r.object.rule == "office-title"))
    return Extraction(document=extraction.document, mentions=extraction.mentions + named_by_title,
                      relations=tuple(relations), route_legs=tuple(legs),
                      statistics=tuple(statistics),
                      quotes=tuple(_quotes(doc, known))
                      if doc.has_extension("bk_quotes") else ())


def _described(pronoun: Token) -> bool:
    """Whether a subject pronoun is only described or done to, as people an agency found are
    ("they were from Mexico", "they were taken into custody"), not acting itself ("they
    said")."""
    verb = pronoun.head
    return verb.lemma_ == "be" or any(c.dep_ == "auxpass" for c in verb.children)
