"""``bk_entity_typer``: gives every statistical NER span a class of our ontology, or drops it.

The model's labels are not our types: it calls Mexicali a PERSON and Cancún a NORP.
Known places come from the gazetteers, pinned where the text puts them ("Douglas in
Ariz.", "Sells, Ariz.", "the Mexican city of Matamoros") or else chosen with the
document's other states and countries (``pipelines/places.json``); names from what the same document says about
people (a surname that ends a full name elsewhere, a courtesy title before it), and
organisations are split by the marker words of ``pipelines/entity_markers.json``.
Spans the vocabulary ruler already typed are left as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from itertools import pairwise

from spacy.attrs import IS_LOWER, LOWER, ORTH, POS
from spacy.language import Language
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.components.paragraphs import DATELINE_DASHES
from kg.components.vocabulary_ruler import demonym_group_labels, migrant_group_rules
from kg.gazetteer import GazetteerPlace, candidates, choose, lookup, place_by_key
from kg.model import ENTITY_TYPES, ORGANIZATION_TYPES, PLACE_TYPES
from kg.names import POSSESSIVE_MARKS, normalize
from kg.resources import data_dir
from kg.vocabulary import KnownEntity, load_vocabulary

_DETERMINERS = {"the", "a", "an"}
_CONTAINER_TYPES = {"Country", "AdministrativeArea"}
_VOCABULARY_PLACE_TYPES = {"Country", "AdministrativeArea", "City", "Place", "NaturalRegion"}
_LIST_WORDS = {",", "and", "or"}
_PLACE_LIST_TYPES = {"City", "Country", "AdministrativeArea"}
_DATELINE_CLOSERS = DATELINE_DASHES | {"—", "–", ","}  # what ends a dateline's place


@cache
def _vocabulary_places() -> dict[str, KnownEntity]:
    """The vocabulary's places by each normalised label and alias: "WASHINGTON" in a dateline."""
    return {normalize(name): entity for entity in load_vocabulary()
            if entity.type in _VOCABULARY_PLACE_TYPES for name in (entity.label, *entity.aliases)}


@cache
def _demonym_countries() -> dict[str, KnownEntity]:
    """The vocabulary's countries by demonym: "Mexican" -> Mexico."""
    return {demonym: entity for entity in load_vocabulary() if entity.type == "Country"
            for demonym in entity.demonyms}


@cache
def _vocabulary_labels() -> dict[str, str]:
    return {entity.key: entity.label for entity in load_vocabulary()}


@cache
def _vocabulary_labels_to_keys() -> dict[str, str]:
    return {name: entity.key for entity in load_vocabulary() for name in (entity.label, *entity.aliases)}


@cache
def _country_names() -> frozenset[str]:
    """Every normalised label and alias of the vocabulary's countries ("us", "america")."""
    return frozenset(normalize(name) for entity in load_vocabulary() if entity.type == "Country"
                     for name in (entity.label, *entity.aliases))


@cache
def _demonyms() -> frozenset[str]:
    """Every demonym of the vocabulary ("Guatemalan", "Guatemalans")."""
    return frozenset(d for entity in load_vocabulary() for d in entity.demonyms)


@cache
def _fragments() -> frozenset[str]:
    """Runs of two or more words that start or end a known organisation's name without being
    a known name themselves ("U.S. Government" starts GAO's but is the United States), in
    lower case: "border protection", "department of homeland"."""
    known = {name.lower() for entity in load_vocabulary() for name in (entity.label, *entity.aliases)}
    found: set[str] = set()
    for entity in load_vocabulary():
        if entity.type in ORGANIZATION_TYPES:
            for name in (entity.label, *entity.aliases):
                words = name.lower().split()
                for cut in range(2, len(words)):
                    found.update((" ".join(words[:cut]), " ".join(words[-cut:])))
    return frozenset(found - known)


_PROPER_NOUN_TAGS = {"NNP", "NNPS"}


def _known_place(name: str) -> bool:
    """Whether the gazetteer or the vocabulary's countries know ``name`` ("U.S.", "Laredo")."""
    return lookup(name.strip()) is not None or normalize(name) in _country_names()


def _nationality_of_people(ent: Span) -> bool:
    """A demonym group said of named people is their nationality, not a group of migrants:
    "Ruiz and Lara are Mexican citizens"; and one person's (``person_heads`` of
    ``migrant_groups.json``) in apposition to a name, either way round, or before it: "Ana
    Ruiz, 34, a Mexican national"; "a Mexican national, Ana Ruiz,"; "Mexican national Ana Ruiz";
    or said of anyone: "one was a Salvadoran national" is one of the people counted."""
    root = ent.root
    subjects = [subject for child in root.head.children if child.dep_ in ("nsubj", "nsubjpass")
                for subject in (child, *child.conjuncts)]
    if ent.label_ != "MigrantGroup":
        return False
    if root.dep_ == "attr" and any(subject.ent_type_ in ("PERSON", "Person") or subject.pos_ == "PROPN"
                                   for subject in subjects):
        return True
    if root.lower_ not in migrant_group_rules()["person_heads"]:
        return False
    if root.dep_ == "attr":  # what one of people told of is: "nine were Mexican nationals, one was a Salvadoran national"
        return True
    named = [root.head] if root.dep_ in ("appos", "compound", "nmod") else []
    named += [child for child in root.children if child.dep_ == "appos"]
    if any(token.ent_type_ in ("PERSON", "Person") for token in named) or (
            ent.end < len(ent.doc) and ent.doc[ent.end].ent_type_ in ("PERSON", "Person")):
        return True
    # the parser may hang the apposition elsewhere: "Omar Ruiz, age 29, a Honduran national,
    # pled guilty"; "Ana Ruiz, also known as Ani, 32, a Mexican national"
    doc = ent.doc
    before = ent.start - 1
    if before >= 0 and doc[before].lower_ in ("a", "an"):
        before -= 1
    if before < 0 or doc[before].text != ",":
        return False
    for token in reversed(doc[ent.sent.start:before]):
        if token.text == ";" or (token.pos_ in ("VERB", "AUX") and token.lower_ != "known"):
            return False
        if token.ent_type_ in ("PERSON", "Person") or (token.pos_ == "PROPN" and not token.ent_type_):
            return True
    return False


def _postal_states(doc: Doc, ents: list[Span], codes: set[str]) -> list[Span]:
    """A US state written with its postal code (``codes``) after a city and a comma: "Austin,
    TX", "Sells, AZ", "Salisbury, MD" (alone, "IN" or "OR" are words; the model reads "TX" as an
    organisation and "MD" or "CA" as nothing at all)."""
    taken = {i for ent in ents for i in range(ent.start, ent.end)}
    by_start = {ent.start: n for n, ent in enumerate(ents)}
    result = list(ents)
    for city in ents:
        at = city.end + 1
        if city.label_ != "City" or at >= len(doc) or doc[city.end].text != "," \
                or doc[at].text not in codes:
            continue
        state = place_by_key(f"iso-us-{doc[at].text.lower()}")
        if state is None or state.type != "AdministrativeArea":
            continue
        span = Span(doc, at, at + 1, label=state.type, kb_id=f"place:{state.key}")
        if at not in taken:
            result.append(span)
        elif at in by_start and len(ents[by_start[at]]) == 1:
            result[by_start[at]] = span
    return sorted(result, key=lambda ent: ent.start)


def _line_starts(doc: Doc) -> list[int]:
    """The tokens that open a line, where a release puts its dateline: the first, and each
    after a token holding a line break (read from the document's array, sparing a Token of
    each)."""
    orths = doc.to_array(ORTH).tolist()
    breaking = {orth for orth in set(orths) if "\n" in doc.vocab.strings[orth]}
    return [0] + [i + 1 for i, orth in enumerate(orths[:-1]) if orth in breaking]


def _dateline_word(doc: Doc, i: int) -> bool:
    """Whether token ``i``, which opens a line, is a one-word dateline in capitals, before
    the dash or comma that closes it: "TUCSON — Agents rescued ...", "YUMA, Ariz. – ..."."""
    return doc[i].is_upper and len(doc[i]) > 2 and i + 1 < len(doc) and doc[i + 1].text in _DATELINE_CLOSERS


_DATELINE_WORDS = 4  # words of a dateline's place in capitals: "RIO GRANDE CITY, Texas"


def _dateline_run(doc: Doc, i: int) -> int:
    """The end of a place of several words in capitals at token ``i``, which opens a line, as
    its dateline, before the dash or comma that closes it ("SIERRA BLANCA, Texas –", "LAS
    CRUCES, N.M. –"); ``i`` where none opens there."""
    end = i
    while end < len(doc) and end - i < _DATELINE_WORDS and doc[end].is_upper and doc[end].is_alpha:
        end += 1
    if end - i < 2 or end >= len(doc) or doc[end].text not in _DATELINE_CLOSERS:
        return i
    return end


def _region_of(place: GazetteerPlace | None) -> bool:
    """Whether a place is a state or a country, whose part a direction before it may name."""
    return place is not None and place.type in ("AdministrativeArea", "Country")


def _initial(token: Token) -> bool:
    """Whether a word is a name's initial: "E." of "Paul E. Green"."""
    return len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "."


def _proper_nouns(doc: Doc) -> list[bool]:
    """Whether each token is a proper noun, read from the document's array: a scan of every
    token spares making a Token of each; not a hashtag's or a handle's word ("#StandwithUkraine")."""
    marks = {doc.vocab.strings[mark] for mark in ("#", "@")}
    parts, orths = doc.to_array([POS, ORTH]).T.tolist()
    return [pos == PROPN and not (i and orths[i - 1] in marks) for i, pos in enumerate(parts)]


def _capitalised_word(span: Span) -> bool:
    """A lone word that the tagger reads as a common word, or a verb that tells what to do,
    capitalised only because it opens a sentence or a bullet: "Historic levels", "•
    Competently filling", "Undergo and clear robust security vetting"."""
    token = span[0]
    if len(span) != 1:
        return False
    sentence = token.sent
    opens = all(t.is_punct or t.is_space or not t.text.isalnum() for t in token.doc[sentence.start:token.i])
    return opens and (token.tag_ not in _PROPER_NOUN_TAGS or _commanded(token))


def _commanded(token: Token) -> bool:
    """Whether a word that opens a bullet is a verb that tells what to do, whatever the tagger
    made of it: the root of its sentence with no subject, and an object or a word joined to it
    in lower case, which no name has ("Undergo and clear robust security vetting"; not the
    heading "Honduras and Guatemala")."""
    return token.dep_ == "ROOT" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children) and any(
        c.dep_ in ("dobj", "conj") and c.is_lower for c in token.children)


_NAME_GAP = 2  # capitalised words the model may leave out between two parts of one name
_NAME_WORDS = 4  # words of a person's name after a title
_INITIAL = re.compile(r"[A-Z]\.")  # a middle initial: "Brian A. Nichols"


_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_LISTED_WORDS = 8  # the words a name lists after the model's cut: "Assistance, and Training"

# what the model calls the part of an office's name before its "and": "Human Smuggling" (a
# product) and "Trafficking Task Force"
_OFFICE_PART_LABELS = {"ORG", "PRODUCT"}


def _joined_names(doc: Doc, unit_words: set[str]) -> list[Span]:
    """The model's entities, with a name it cut in two made whole again: a person's ("Brian
    Alan Torres Gonzalez" read as "Brian Alan" and "Gonzalez", with "Torres" in no entity)
    an office's whose name has "and" in it ("San Diego Air and Marine Branch" read as
    "San Diego Air" and "Marine Branch", "Migrant Smuggling and Fraud Task Force") or goes on
    after "on" or "for" ("Washington Office" and "Latin America")."""
    joined: list[Span] = []
    for ent in doc.ents:
        previous = joined[-1] if joined else None
        if previous is not None and (previous.label_ == ent.label_ or (
                previous.label_ in _OFFICE_PART_LABELS and ent.label_ == "ORG")):
            between = doc[previous.end:ent.start]
            person = ent.label_ == previous.label_ == "PERSON" and len(between) <= _NAME_GAP and all(
                t.tag_ == "NNP" and t.is_title for t in between)
            office = ent.label_ == "ORG" and [t.lower_ for t in between] == ["and"] and \
                ent[-1].text in unit_words and previous[-1].text not in unit_words
            if person or office:
                joined[-1] = Span(doc, previous.start, ent.end, label=ent.label_)
                continue
        if previous is not None and previous.label_ == "ORG" and previous[-1].text in unit_words and \
                [t.lower_ for t in doc[previous.end:ent.start]] in (["on"], ["for"]):
            # an office's name goes on with what it is for: "the Washington Office on Latin America"
            joined[-1] = Span(doc, previous.start, ent.end, label="ORG")
            continue
        joined.append(ent)
    return _named_up_to_their_acronym(doc, joined)


def _named_up_to_their_acronym(doc: Doc, ents: list[Span]) -> list[Span]:
    """An organisation's name that lists what it does goes on to the acronym that ends it:
    "the Office of Prosecutorial Development, Assistance, and Training (OPDAT)", which the
    model cuts at a comma and whose last words it may read as a name of their own."""
    result = []
    skip_to = 0
    for ent in ents:
        if ent.start < skip_to:
            continue
        end = ent.end
        if ent.label_ == "ORG" and any(t.lower_ in {"of", "for"} for t in ent):
            while end < len(doc) and end - ent.end < _LISTED_WORDS and (
                    doc[end].text in {",", "&"} or doc[end].lower_ == "and"
                    or doc[end].is_title):
                end += 1
            defines = end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" \
                and _ACRONYM.fullmatch(doc[end + 1].text) is not None
            if end > ent.end and defines and doc[end - 1].is_title:
                ent = Span(doc, ent.start, end, label="ORG")
                skip_to = end
        result.append(ent)
    return result




def _listed_names_split(doc: Doc, ents: list[Span]) -> list[Span]:
    """The last name of a list the model read as one name, where the vocabulary knows the place:
    "Central and South America" is "South America" and, by its shared head, "Central
    America" (``_shared_heads``)."""
    places = _vocabulary_places()
    split = []
    for ent in ents:
        joiner = next((t.i for t in ent[1:-1] if t.lower_ in ("and", "or")), -1)
        place = places.get(normalize(doc[joiner + 1:ent.end].text)) if joiner >= 0 and not ent.id_ else None
        if place is not None:
            split.append(Span(doc, joiner + 1, ent.end, label=place.type, span_id=f"vocab:{place.key}"))
        else:
            split.append(ent)
    return split


def _places_the_name_before(doc: Doc, ent: Span) -> bool:
    """Whether a name after a comma says where the name before it lies ("Gualán, Zacapa"),
    not an item of a list that goes on ("Guatemala City, Huehuetenango, and Quetzaltenango")."""
    if ent.start < 2 or doc[ent.start - 1].text != "," or not doc[ent.start - 2].ent_type_:
        return False
    return not (ent.end + 1 < len(doc) and doc[ent.end].lower_ in _LIST_WORDS and (
        doc[ent.end + 1].ent_type_ or doc[ent.end + 1].lower_ in _LIST_WORDS))


def _shared_heads(doc: Doc, ents: list[Span]) -> list[Span]:
    """The names a list leaves without the head word it shares with the last one:
    "Guatemalan and Honduran migrants" names two groups, "South and Central America" two
    regions (when the vocabulary knows "South America")."""
    covered = {i for ent in ents for i in range(ent.start, ent.end)}
    groups = demonym_group_labels()
    labels = _vocabulary_labels_to_keys()
    found = []
    for ent in ents:
        kind = ent.id_.partition(":")[0]
        rest = ent.text[len(ent[0].text):]  # the shared head: " migrants", " America"
        i = ent.start - 1
        while rest and i >= 1 and doc[i].lower_ in _LIST_WORDS and doc[i - 1].i not in covered:
            word = doc[i - 1]
            if kind == "group" and word.lower_ in groups:
                span_id = f"group:{groups[word.lower_]}"
            elif kind == "vocab" and f"{word.text}{rest}" in labels:
                span_id = f"vocab:{labels[word.text + rest]}"
            else:
                break
            found.append(Span(doc, word.i, word.i + 1, label=ent.label_, span_id=span_id))
            i = word.i - 1
    return found


_DEPARTMENTS = 6  # departments one plural head may list


def _listed_departments(doc: Doc, ents: list[Span]) -> list[Span]:
    """The entities, with the departments a plural head lists each one the vocabulary knows:
    "the Departments of Justice, Homeland Security, and State" names three agencies, "the
    Departments of Homeland Security and Health and Human Services" two."""
    labels = _vocabulary_labels_to_keys()
    named: list[Span] = []
    for head in _with_lower(doc, ["departments"]):
        if head.text != "Departments" or head.i + 2 >= len(doc) or doc[head.i + 1].lower_ != "of":
            continue
        start = head.i + 2
        while start < len(doc) and len(named) < _DEPARTMENTS:
            end = next((end for end in range(min(start + _NAME_WORDS, len(doc)), start, -1)
                        if f"Department of {doc[start:end].text}" in labels), None)
            if end is None:
                break
            key = labels[f"Department of {doc[start:end].text}"]
            named.append(Span(doc, start, end, label="GovernmentAgency", span_id=f"vocab:{key}"))
            start = end
            while start < len(doc) and doc[start].lower_ in _LIST_WORDS:
                start += 1
    return _replaced_by(ents, named) if named else ents


def _owned_units(doc: Doc, ents: list[Span], unit_words: set[str]) -> list[Span]:
    """The entities, with a unit of a unit named after its possessive cut from its owner: "the
    Criminal Division’s Human Rights and Special Prosecutions Section" names the section and the
    division, each an agency of its own (known to the vocabulary under its name, if it is); a
    department's own division keeps its department's name, as the eval gold writes it: "the
    Justice Department’s Criminal Division"."""
    labels = _vocabulary_labels_to_keys()
    named: list[Span] = []
    for ent in ents:
        mark = next((t.i for t in ent[1:-1] if t.text in POSSESSIVE_MARKS), None)
        if ent.label_ != "GovernmentAgency" or mark is None or ent[-1].text not in unit_words \
                or doc[mark - 1].text not in unit_words or mark + 2 >= ent.end:
            continue
        start = ent.start + (ent[0].lower_ == "the")
        owner = doc[start:mark].text
        named.append(Span(doc, start, mark, label="GovernmentAgency",
                          span_id=f"vocab:{labels[owner]}" if owner in labels else ""))
        named.append(Span(doc, mark + 1, ent.end, label="GovernmentAgency"))
    return _replaced_by(ents, named) if named else ents


_OPENING_SENTENCES = 3  # the headline, a dateline and the lead sentence of a release


def _counted(token: Token) -> bool:
    """Whether a noun is counted: "290 individuals", "a group of 56 individuals", "23 groups of
    people"."""
    return any(child.dep_ == "nummod" or child.like_num for child in token.lefts) or (
        token.head.lower_ == "of" and token.head.head.lemma_.lower() in {"group", "total"})


def _capitalised_start(doc: Doc, end: int) -> int:
    """Where the run of capitalised words that ends before token ``end`` starts, by their
    case, not their tags ("Imperial" may be read as an adjective); ``end`` when there is none
    ("The counties" names none)."""
    start = end
    while start > 0 and doc[start - 1].text[:1].isupper() and not doc[start - 1].is_stop:
        start -= 1
    return start


def _replaced_by(ents: list[Span], named: list[Span]) -> list[Span]:
    """The entities, with the spans a step named in place of those they overlap."""
    inside = {i for span in named for i in range(span.start, span.end)}
    return [ent for ent in ents if not inside & set(range(ent.start, ent.end))] + named


def _with_lower(doc: Doc, words: Iterable[str]) -> list[Token]:
    """The tokens whose lower-case form is one of ``words``, found without making a Token of
    every other one."""
    wanted = {doc.vocab.strings[word] for word in words}
    return [doc[i] for i, lower in enumerate(doc.to_array(LOWER).tolist()) if lower in wanted]


_ACRONYM_TYPES = ORGANIZATION_TYPES | {"Policy", "Law", "Program", "App"}


def _surnames_alone(doc: Doc, ents: list[Span]) -> list[Span]:
    """A person's surnames alone where the model tagged nothing, as releases name a defendant
    again: "the U.S. Border Patrol arrested Sanchez-Alvarado" after "Ismael Sanchez-Alvarado";
    only the last words of a full name the document gives, standing alone, or the first of
    its two surnames ("Orozco" of "Walter Orozco Veliz", "Silva" of "Arnulfo Silva-Gonzalez")."""
    people = [person for person in ents if person.label_ == "Person"]
    tails = {tuple(t.text for t in person[k:]) for person in people
             for k in range(1, len(person)) if person[k].is_title}
    tails |= {(first.text,) for person in people if len(person) > 2
              for first in (person[-3] if person[-2].text == "-" else person[-2],) if first.is_title}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for tail in tails:
        by_first.setdefault(tail[0], []).append(tail)
    covered = {i for ent in ents for i in range(ent.start, ent.end)}
    found = []
    for token in _with_lower(doc, {first.lower() for first in by_first}):
        i = token.i
        if i in covered or not token.is_title or token.text not in by_first or (
                i > 0 and doc[i - 1].is_title and doc[i - 1].pos_ == "PROPN"):
            continue
        length = max((len(tail) for tail in by_first[token.text]
                      if tuple(t.text for t in doc[i:i + len(tail)]) == tail), default=0)
        end = i + length
        if length and not covered & set(range(i, end)) and not (end < len(doc) and doc[end].is_title):
            found.append(Span(doc, i, end, label="Person"))
            covered.update(range(i, end))
    return found


_RESTATED_TYPES = {"Policy", "Law", "Program"}


def _restated_in_lower_case(doc: Doc, ents: list[Span]) -> list[Span]:
    """The entities, with a policy's or program's name said again in lower case, as releases
    go on ("announced a new process for Venezuelans" after or before "the Process for
    Venezuelans"). The words join no other name, and a name inside them gives way only where
    the text names it elsewhere too ("Venezuelans")."""
    forms: dict[tuple[str, ...], Span] = {}
    for ent in ents:
        if ent.label_ in _RESTATED_TYPES and len(ent) > 1 and ent[0].text[:1].isupper():
            forms.setdefault(tuple(t.lower_ for t in ent), ent)
    owner: dict[int, Span] = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    named: dict[str, int] = {}
    for ent in ents:
        named[ent.text] = named.get(ent.text, 0) + 1
    found: list[Span] = []
    for words, model in forms.items():
        for token in _with_lower(doc, words[:1]):
            end = token.i + len(words)
            inside = {owner[i] for i in range(token.i, end) if i in owner}
            if (tuple(t.lower_ for t in doc[token.i:end]) != words or not any(t.is_lower for t in doc[token.i:end])
                    or any(ent.start < token.i or ent.end > end or named[ent.text] < 2 for ent in inside)
                    or any(span.start < end and token.i < span.end for span in found)):
                continue
            found.append(Span(doc, token.i, end, label=model.label_, kb_id=model.kb_id_, span_id=model.id_))
    return _replaced_by(ents, found) if found else ents


def _defined_acronyms(doc: Doc, ents: list[Span]) -> list[Span]:
    """The entities with the acronym the text defined for an organisation or a policy given
    the class of its full name, in brackets and in its later uses, where the model read
    them as no name or as another kind of name: "McAllen Border Patrol Station (MCS) agents
    ... MCS agents arrested 12"; "the Safe Return Accord (SRA) ... signed an SRA", not an
    organisation."""
    defined: dict[str, tuple[int, str]] = {}
    for ent in ents:
        if (ent.label_ in _ACRONYM_TYPES and ent.end + 2 < len(doc) and doc[ent.end].text == "("
                and doc[ent.end + 2].text == ")" and _ACRONYM.fullmatch(doc[ent.end + 1].text)):
            defined.setdefault(doc[ent.end + 1].text, (ent.end, ent.label_))
    if not defined:
        return ents

    # the headline may use the acronym its text defines below: "RGV Agents Apprehend 195 Migrants"
    headline_end = doc.text.find("\n")

    def retyped(ent: Span) -> bool:  # the model's guess at the acronym alone, or at a headline's words from it
        guess = not (ent.ent_id_ or ent.kb_id_) and ent[0].text in defined
        return guess and ((len(ent) == 1 and ent.start >= defined[ent.text][0] and ent.label_ != defined[ent.text][1])
                          or (len(ent) > 1 and ent.start_char < headline_end))

    kept = [ent for ent in ents if not retyped(ent)]
    covered = {i for ent in kept for i in range(ent.start, ent.end)}
    return sorted(kept + [Span(doc, token.i, token.i + 1, label=defined[token.text][1]) for token in doc
                          if token.text in defined and (token.i >= defined[token.text][0] or token.idx < headline_end)
                          and token.i not in covered], key=lambda ent: ent.start)


@cache
def _field_office_acronyms(agencies: frozenset[str]) -> dict[str, str]:
    """The acronym of each vocabulary agency whose offices are named by it and their place
    (``unit_names.field_offices``), by vocabulary id: "vocab:homeland-security-investigations"
    -> "HSI"."""
    return {f"vocab:{entity.key}": alias for entity in load_vocabulary() for alias in entity.aliases
            if alias.isupper() and alias.lower() in agencies}


def _office_place_after(doc: Doc, i: int, starts: dict[int, Span], min_city_population: int) -> Span | None:
    """The place that follows an agency's full name at token ``i`` with nothing between, as an
    office's place: a place entity, or proper nouns the model left untagged that the gazetteer
    knows ("Enforcement and Removal Operations Houston")."""
    if i in starts:
        return starts[i] if starts[i].label_ in PLACE_TYPES else None
    end = i
    while end < len(doc) and end - i < 3 and doc[end].pos == PROPN and doc[end].is_title and not doc[end].ent_type_:
        end += 1
    place = lookup(doc[i:end].text, min_city_population) if end > i else None
    return Span(doc, i, end, label=place.type) if place is not None else None


def _offices_named_by_acronym(doc: Doc, ents: list[Span], field_offices: dict,
                              min_city_population: int) -> list[Span]:
    """An agency's office named by the agency, its acronym in brackets and the office's place
    (``unit_names.field_offices``) is one office named by the acronym and the place, as the
    office names itself: "Homeland Security Investigations (HSI) San Antonio" is HSI San
    Antonio; "Enforcement and Removal Operations (ERO) Los Angeles Field Office" and "HSI
    (HSI), New Orleans Field Office" are ERO Los Angeles and HSI New Orleans. So is the
    agency's full name with the place straight after it: "Enforcement and Removal Operations
    Houston" is ERO Houston. Not an office that is no place's: "(ICE) Enforcement and Removal
    Operations"."""
    agencies = set(field_offices["agencies"])
    acronyms = _field_office_acronyms(frozenset(agencies))
    office_words = field_offices["words"].split()
    starts = {ent.start: ent for ent in ents}
    offices = []
    for ent in ents:
        i = ent.end
        acronym = acronyms.get(ent.ent_id_) if ent.label_ == "GovernmentAgency" else None
        # the acronym and its place are named by the agency-field-office pattern ("ERO Houston")
        place = _office_place_after(doc, i, starts, min_city_population) if acronym and ent.text != acronym else None
        if acronym and place is not None:
            offices.append(Span(doc, ent.start, place.end, label="GovernmentAgency",
                                span_id=f"office:{acronym} {place.text}"))
            continue
        if ent.label_ != "GovernmentAgency" or not (
                i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")"
                and doc[i + 1].lower_ in agencies):
            continue
        after = i + 4 if i + 3 < len(doc) and doc[i + 3].text == "," else i + 3
        place = starts.get(after)
        if place is None:
            continue
        words = [t.text for t in place]
        end = place.end
        if [w.lower() for w in words[-len(office_words):]] == office_words:
            words = words[:-len(office_words)]
        elif place.label_ not in PLACE_TYPES:
            continue
        elif [t.lower_ for t in doc[end:end + len(office_words)]] == office_words:
            end += len(office_words)
        if words and place.label_ in (*PLACE_TYPES, "GovernmentAgency"):
            offices.append(Span(doc, ent.start, end, label="GovernmentAgency",
                                span_id=f"office:{doc[i + 1].text} {' '.join(words)}"))
    if not offices:
        return ents
    inside = {i for office in offices for i in range(office.start, office.end)}
    return sorted([ent for ent in ents if ent.start not in inside] + offices, key=lambda ent: ent.start)


class EntityTyper:
    """Re-labels ``doc.ents`` with ontology classes; keys go to ``Span.kb_id_``."""

    def __init__(self, markers: dict, places: dict, speech_verbs: list[str],
                 min_city_population: int, slots: JourneySlots) -> None:
        self.slots = slots
        self.agency_words = {w.lower() for w in markers["agency_words"]}
        self.unit_words = set(markers["unit_words"])
        self.district_offices = markers["district_offices"]
        self.district = re.compile(self.district_offices["district"])
        self.district_titles = re.compile(
            r"\b(?:" + "|".join(map(re.escape, self.district_offices["titles"])) + r")\b")
        self.ngo_words = {w.lower() for w in markers["ngo_words"]}
        self.government_words = {w.lower() for w in markers["government_words"]}
        self.news_words = {w.lower() for w in markers["news_words"]}
        self.titles = set(markers["titles"])
        self.name_suffixes = set(markers["name_suffixes"])
        # a comma of a title is a word of its own: "Director, Field Operations"
        self.titles_before_names = [title.replace(",", " ,").split() for title in markers["titles_before_names"]]
        self.organization_nouns = {w.lower() for w in markers["organization_nouns"]}
        self.person_nouns = set(markers["person_nouns"])
        self.policy_words = dict(markers["policy_words"])
        self.speech_verbs = set(speech_verbs)
        self.vehicle_makes = set(markers["vehicle_makes"])
        self.program_heads = set(markers["program_heads"])
        self.legal_acts = set(markers["legal_acts"])
        self.title_modifiers = set(markers["title_modifiers"])
        self.notice_tails = [tail.split() for tail in markers["notice_tails"]]
        self.name_prepositions = set(markers["name_prepositions"])
        self.given_names = frozenset(markers["given_names"])
        self.era_words = {w.lower() for w in markers["era_words"]}
        self.title_words = {word for title in (*markers["titles"], *markers["titles_before_names"])
                            for word in title.replace(",", " ,").split() if word != ","}
        self.place_prefixes = set(markers["place_prefixes"])
        self.field_offices = markers["unit_names"]["field_offices"]
        self.not_in_names = {w.lower() for w in (*markers["agency_words"], *markers["ngo_words"],
                                                 *markers["unit_words"], *markers["news_words"],
                                                 *markers["program_heads"], *places["place_head_words"])}
        groups = migrant_group_rules()
        generic = groups["generic"]
        self.negating_prefixes = set(groups["negating_prefixes"])
        self.generic_group = f"generic:{generic['label']}"
        self.counted_people = generic["counted_words"]
        self.counted_verbs = set(generic["counted_verbs"])
        self.not_names = tuple(re.compile(p) for p in markers["not_names"])
        self.keep_labels = set(markers["keep_labels"])
        self.time_and_number_labels = set(markers["time_and_number_labels"])
        self.min_population = int(markers["min_population_to_override_name"])
        self.min_city_population = min_city_population
        self._places_of_keys: dict[str, GazetteerPlace | None] = {}
        self.directions = set(places["direction_words"])
        self.settlements = set(places["settlement_words"])
        self.state_forms = set(places["state_forms"])
        self.area_forms = set(places["area_forms"])
        self.place_heads = set(places["place_head_words"])
        self.subdivision_heads = set(places["subdivision_heads"])
        self.misspelt_countries = places["misspelt_countries"]
        self.postal_codes = set(places["state_postal_codes"])
        self.plural_place_heads = places["plural_place_heads"]
        self.locative_prepositions = set(places["locative_prepositions"])
        self.us_border_states = set(places["us_border_states"])
        self.areas_first_countries = set(places["areas_first_countries"])
        self.local_heads = set(places["local_government"]["heads"])
        self.local_staff = set(places["local_government"]["staff"])
        # Read the gazetteers now, with the pipeline, rather than in its first document.
        lookup("")
        lookup("", min_city_population)

    def __call__(self, doc: Doc) -> Doc:
        name_tokens = self._person_name_tokens(doc)
        context = self._context(doc)
        lower_words = {doc.vocab.strings[orth] for orth in {
            orth for is_lower, orth in doc.to_array([IS_LOWER, ORTH]).tolist() if is_lower}}
        self._titled_names(doc, lower_words)
        typed = []
        around = []  # names made around a known common noun, settled against the others below
        for ent in _joined_names(doc, self.unit_words):
            if self._is_a_title(ent) or self._legal_act(ent) or self._vehicle_model(ent):
                continue
            if ent.label_ in ENTITY_TYPES:
                span = None if (self._crossing_of_a_country(ent) or _nationality_of_people(ent)
                                or self._negated_group(ent)) else self._name_around(ent)
                if span is not None and span is not ent:
                    around.append(span)
                    continue
            else:
                span = self._type(self._trim(ent), name_tokens, context, lower_words)
                if span is not None and span.label_ == "Person":
                    span = self._surname_after(self._given_name_before(span, lower_words), lower_words)
            if span is not None and not self._field_of_office(span):
                typed.append(self._with_suffix(span) if span.label_ == "Person" else span)
        line_starts = _line_starts(doc)
        proper = _proper_nouns(doc)
        typed = self._dateline_places(doc, _replaced_by(typed, filter_spans(around)), context, line_starts)
        ents = typed + self._untagged_places(doc, typed, context, set(line_starts), proper)
        ents += _surnames_alone(doc, ents)
        ents = _defined_acronyms(doc, ents)
        ents = _offices_named_by_acronym(doc, ents, self.field_offices, self.min_city_population)
        ents = _listed_names_split(doc, ents)
        ents += _shared_heads(doc, ents)
        ents = _owned_units(doc, _listed_departments(doc, ents), self.unit_words)
        ents = _restated_in_lower_case(doc, ents)
        ents += self._counted_people(doc, ents)
        ents = self._plural_heads(doc, self._towns_of_states(doc, self._by_their_neighbours(doc, _postal_states(
            doc, self._towns_before_postal_codes(doc, self._pinned(doc, ents, name_tokens, proper)), self.postal_codes))))
        ents = [ent for ent in ents if not self._names_an_era(ent)]
        doc.ents = self._regions(doc, self._district_offices(doc, self._local_governments(
            doc, self._capitals(doc, ents))))
        return doc

    def _names_an_era(self, ent: Span) -> bool:
        """Whether a person's name is only the first half of an adjective of time, joined to it
        by a hyphen: "a Biden-era parole program" speaks of a period, not of Joe Biden."""
        doc = ent.doc
        return ent.label_ == "Person" and ent.end + 1 < len(doc) and doc[ent.end].text == "-" \
            and not doc[ent.end - 1].whitespace_ and doc[ent.end + 1].lower_ in self.era_words

    def _negated_group(self, ent: Span) -> bool:
        """A demonym after a negating prefix and a hyphen names everyone but that people:
        "non-Mexicans", "non-Mexican nationals" (``negating_prefixes``)."""
        doc = ent.doc
        return ent.label_ == "MigrantGroup" and ent.start >= 2 and doc[ent.start - 1].text == "-" \
            and not doc[ent.start - 2].whitespace_ and doc[ent.start - 2].lower_ in self.negating_prefixes

    def _titled_names(self, doc: Doc, lower_words: set[str]) -> None:
        """Makes a person of the name after a title that ends in a capitalised word, where the
        model read the title's last word into it or missed it: "Special Agent in Charge Ana
        Ruiz" tagged "Charge Ana Ruiz" or not at all, "Secretary of State Ana J. Ruiz" tagged
        "State" and "J. Ruiz" (``titles_before_names``); and of a name that opens with a
        given name, where the model cut it or read it as something else."""
        words = [doc.vocab.strings[orth] for orth in doc.to_array(ORTH).tolist()]
        starts: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            starts.setdefault(word, []).append(i)
        people: list[Span] = []
        for title in self.titles_before_names:
            for start in starts.get(title[0], ()):
                if start >= len(doc) - len(title) or words[start:start + len(title)] != title:
                    continue
                end = start + len(title)
                while end < len(doc) and end - start - len(title) < _NAME_WORDS and doc[end].pos == PROPN \
                        and (doc[end].is_title or doc[end].is_upper) and not doc[end].ent_id_:
                    end += 1
                if end - start - len(title) >= 2:
                    people.append(Span(doc, start + len(title), end, label="PERSON"))
        people += self._named_after_known_offices(doc)
        people += self._named_after_offices_for(doc)
        titled = len(people)
        people += self._given_named(doc, starts, lower_words)
        if not people:
            return
        # the model's name that took the title's last word goes, a known organisation stays
        last_words = {person.start - 1 for person in people[:titled]}
        people = filter_spans(people)  # "Deputy Secretary of State Ana Ruiz" holds a shorter title
        taken = {i for person in people for i in range(person.start, person.end)}
        kept = [ent for ent in doc.ents if not taken & set(range(ent.start, ent.end)) and not (
            not ent.ent_id_ and last_words & set(range(ent.start, ent.end)))]
        kept += [owner for owner in (self._owner_before(ent, taken) for ent in doc.ents) if owner is not None]
        doc.ents = sorted(kept + people, key=lambda ent: ent.start)

    def _owner_before(self, ent: Span, taken: set[int]) -> Span | None:
        """The organisation the model ran into the name of the person after it, where a name
        takes the end of it: "the Honduran Institute of Migration Carolina Menjívar" (its
        director) is the institute, then her; a name of an office's kind only."""
        inside = sorted(taken & set(range(ent.start, ent.end)))
        if ent.label_ != "ORG" or ent.ent_id_ or not inside or inside[-1] != ent.end - 1 \
                or inside[0] - ent.start < 2 or not ent.doc[inside[0] - 1].is_title \
                or not {t.lower_ for t in ent[:inside[0] - ent.start]} & self.not_in_names:
            return None  # the field of a title, not an office: "Secretary of State for Management"
        return Span(ent.doc, ent.start, inside[0], label=ent.label_)

    def _given_named(self, doc: Doc, starts: dict[str, list[int]], lower_words: set[str]) -> list[Span]:
        """Names of two to five capitalised words that open with a given name
        (``given_names``), where the model cut them or read them as places or an
        organisation: "Rafael Ojeda Duran" tagged as two places, "Rosa Icela Rodríguez
        Velazquez" as a person and an organisation. Not after a place prefix ("San Juan
        Bautista"), not through a word of an office, a place or a program ("Ana Ruiz Border
        Patrol Station"), not a place the gazetteer knows ("Miguel Alemán")."""
        people = []
        for given in self.given_names & starts.keys():
            for start in starts[given]:
                if doc[start].pos != PROPN or doc[start].ent_id_ or (
                        start > 0 and doc[start - 1].text in self.place_prefixes):
                    continue
                end = start + 1
                while end < len(doc) and end - start < _NAME_WORDS + 1:
                    word = doc[end]
                    if word.text == "-" and end + 1 < len(doc) and doc[end + 1].is_title \
                            and not doc[end].whitespace_:  # "Tolentino-Hernandez"
                        end += 2
                        continue
                    if not (word.pos == PROPN and word.is_title) or word.ent_id_ \
                            or word.text in self.titles or word.lower_ in lower_words \
                            or word.lower_ in self.not_in_names:
                        break
                    end += 1
                if end < len(doc) and doc[end].is_title and doc[end].text not in self.titles \
                        and not doc[end].is_sent_start:
                    continue  # a name inside a longer one: "Javier Vega Jr. Border Patrol Checkpoint"
                before = doc[start - 1] if start > 0 else None
                if before is not None and before.pos == PROPN and before.is_title and not before.ent_type_ \
                        and before.text not in self.title_words:
                    continue  # a longer name the model left alone: "Mari Carmen Aponte"
                if end - start < 2 or _known_place(doc[start:end].text):
                    continue
                overlapping = [ent for ent in doc.ents if ent.start < end and start < ent.end]
                # (an office the model read into the name stays out of it: "Deputy Secretary of
                # State for Management and Resources Richard Verma")
                if any(ent.ent_id_ or ent.end > end or (ent.start < start and ent.label_ == "PERSON")
                       or (ent.label_ == "PERSON" and (ent.start, ent.end) == (start, end))
                       for ent in overlapping):
                    continue
                people.append(Span(doc, start, end, label="PERSON"))
        return people

    def _name_around(self, ent: Span) -> Span | None:
        """A common noun the vocabulary knows ("asylum"), capitalised inside a longer name, is
        that name: "the Prompt Asylum Claim Review" is a program, not asylum, and "the Asylum
        Cooperation Agreement" a policy (``policy_words``); a name of another kind is left to
        what the model found."""
        doc = ent.doc
        key = ent.ent_id_.partition(":")[2]
        if not ent.ent_id_.startswith("vocab:") or not _vocabulary_labels().get(key, "A")[0].islower():
            return ent
        start, end = ent.start, ent.end
        while start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start \
                and doc[start - 1].lower_ not in _DETERMINERS:
            start -= 1
        while end < len(doc) and doc[end].is_title:
            end += 1
        if (start, end) == (ent.start, ent.end):
            return ent
        if doc[end - 1].text in self.program_heads:
            return Span(doc, start, end, label="Program")
        last = doc[end - 1].text
        kind = self.policy_words.get(last, self.policy_words.get(last[:-1]) if last.endswith("s") else None)
        if kind:  # "the Asylum Cooperation Agreement", "the Asylum Cooperative Agreements"
            return Span(doc, start, end, label=kind)
        return None

    def _counted_people(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """People a release counts as they cross or are caught are its migrants ("agents
        encountered 290 individuals illegally crossing", "a group of 56 individuals crossed
        through Goat Canyon"), where no name covers them (``migrant_groups.json``) and its
        opening sentences count them so: the story is theirs, as the gold's generic group is
        an entity only where it is the story's actor."""
        covered = {i for ent in ents for i in range(ent.start, ent.end)}
        found: list[Span] = []
        for token in _with_lower(doc, self.counted_people):
            if token.i in covered or not _counted(token):
                continue
            verbs = [child for child in token.children if child.dep_ in {"acl", "relcl"}]
            verb = token.head
            while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i and verb.i - token.i < _NAME_WORDS:
                verb = verb.head
            # "all five individuals were located and arrested": the verbs joined to it too
            if any(v.lemma_ in self.counted_verbs for v in [*verbs, verb, *verb.conjuncts]):
                found.append(Span(doc, token.i, token.i + 1, label="MigrantGroup",
                                  span_id=self.generic_group))
        opening = list(doc.sents)[:_OPENING_SENTENCES]
        return found if found and found[0].start < opening[-1].end else []

    def _field_of_office(self, span: Span) -> bool:
        """Whether a name the model took for an organisation is the field a title covers:
        "the Assistant Secretary for Border and Immigration Policy at the Department" (a
        known organisation, or one named as an agency, stays: "Commissioner for the National
        Migration Institute"); so is "Labor" of "Deputy Under Secretary of Labor Ana Ruiz", and a
        title the model took whole for one ("Minister of Foreign Affairs Ana Ruiz")."""
        doc = span.doc
        if span.label_ != "Organization" or span.ent_id_:
            return False
        after_title = span.start > 1 and doc[span.start - 1].lower_ in ("for", "of") \
            and doc[span.start - 2].text in self.titles
        opens_title = len(span) > 2 and span[0].text in self.titles and span[1].lower_ in ("for", "of")
        return after_title or opens_title

    def _named_after_offices_for(self, doc: Doc) -> list[Span]:
        """The name after a title "for" the field of its office, where the model read the name
        into the field: "Deputy Secretary of State for Management and Resources Ana Ruiz",
        "Senior Director for Transborder Ana Ruiz". The field is capitalised words joined by
        "and"; its last two (three with an initial) are the name, and one at least is left."""
        people = []
        for token in doc:
            if token.lower_ != "for" or token.i == 0 or not (
                    doc[token.i - 1].text in self.titles or any(
                        doc[max(token.i - len(title), 0):token.i].text == " ".join(title)
                        for title in self.titles_before_names)):
                continue
            end = token.i + 1
            while end < len(doc) and (doc[end].is_title and doc[end].pos in (PROPN, NOUN) or (
                    doc[end].lower_ == "and" and end > token.i + 1)):
                end += 1
            if doc[end - 1].lower_ == "and":
                end -= 1  # "... Resources Ana Ruiz and USAID Administrator Juan Soto"
            named = 3 if end - token.i > 3 and _INITIAL.fullmatch(doc[end - 2].text) else 2
            start = end - named
            if start - token.i < 2 or doc[start - 1].lower_ == "and" or any(
                    t.pos != PROPN or t.ent_id_ for t in doc[start:end]) or doc[end - 1].tag_ == "NNPS" or (
                    end < len(doc) and doc[end].pos_ == "ADP"):
                continue  # no name, the title going on: "for Western Hemisphere Affairs at the Department"
            people.append(Span(doc, start, end, label="PERSON"))
        return people

    def _named_after_known_offices(self, doc: Doc) -> list[Span]:
        """The name after a known organisation and a title, or after a title of the
        organisation, where the model read them as one organisation, which the vocabulary's
        name then replaced: "USAID Administrator Ana Ruiz", "FEMA Administrator Ruiz",
        "Administrator of the Federal Emergency Management Agency Ana Ruiz"."""
        people = []
        for ent in doc.ents:
            if not (ent.ent_id_ and ent.label_ in ORGANIZATION_TYPES):
                continue
            start = ent.end
            while start < len(doc) and doc[start].text in self.titles and not doc[start].ent_type_:
                start += 1  # "SOUTHCOM Commander General Ana Ruiz"
            before = ent.start - (2 if ent.start > 1 and doc[ent.start - 1].lower_ == "the" else 1)
            titled_before = before > 0 and doc[before].lower_ == "of" and doc[before - 1].text in self.titles
            end = start
            while end < len(doc) and end - start < _NAME_WORDS and doc[end].pos == PROPN \
                    and doc[end].text[:1].isupper() and not doc[end].ent_type_:
                end += 1
            # after the title; or, after "Administrator of the Agency ...", a full name
            if end < len(doc) and doc[end].ent_type_:
                continue  # the model read the name on: "CBP Chief Patrol Agent Ana Ruiz"
            if (start > ent.end and end > start) or (titled_before and end - start >= 2):
                people.append(Span(doc, start, end, label="PERSON"))
        return people

    def _plural_heads(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Names joined by "and" before a plural place head, each that place: "San Diego and
        Imperial counties" are San Diego County and Imperial County, not two cities."""
        named: list[Span] = []
        for head in _with_lower(doc, self.plural_place_heads.keys()):
            singular = self.plural_place_heads[head.lower_]
            end = head.i
            while end > 0:
                start = _capitalised_start(doc, end)
                if start == end:
                    break
                named.append(Span(doc, start, end, label="Place",
                                  span_id=f"shared:{doc[start:end].text} {singular}"))
                if start < 2 or doc[start - 1].lower_ not in _LIST_WORDS:
                    break
                end = start - 1
        return _replaced_by(ents, named)

    def _district_offices(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A judicial district after a U.S. attorney's title and "for the" or "of the" named as
        that district's U.S. Attorney's Office: "U.S. Attorney Ana Ruiz for the Southern District
        of Texas" works for the U.S. Attorney's Office for the Southern District of Texas
        (``district_offices``)."""
        result = []
        for ent in ents:
            if ent.label_ == "GovernmentAgency" and ent.start >= 2 and self.district.fullmatch(ent.text) \
                    and doc[ent.start - 2].lower_ in ("for", "of") and doc[ent.start - 1].lower_ == "the":
                before = doc[ent.sent.start:ent.start - 2].text.lower()
                if self.district_titles.search(before):
                    label = self.district_offices["label"].format(district=ent.text)
                    ent = Span(doc, ent.start, ent.end, label=ent.label_, span_id=f"district:{label}")
            result.append(ent)
        return result

    def _local_governments(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A place's government named by its staff: "Mexicali city officials" and "a city of
        Mexicali official" work for the Mexicali city government, not in the city."""
        named: list[Span] = []
        for staff in _with_lower(doc, self.local_staff):
            if staff.i < 2:
                continue
            before = doc[staff.i - 1]
            if before.lower_ in self.local_heads and before.is_lower:  # "Mexicali city officials"
                head, end = before, before.i
            else:  # "city of Mexicali officials"
                head, end = None, staff.i
            start = _capitalised_start(doc, end)
            if head is None and start >= 2 and doc[start - 1].lower_ == "of" \
                    and doc[start - 2].lower_ in self.local_heads:
                head = doc[start - 2]
            if head is None or start == end or lookup(doc[start:end].text, self.min_city_population) is None:
                continue
            named.append(Span(doc, min(start, head.i), max(end, head.i + 1), label="GovernmentAgency",
                              span_id=f"local:{doc[start:end].text} {head.lower_} government"))
        return _replaced_by(ents, named)

    def _place_of(self, span: Span) -> GazetteerPlace | None:
        """The gazetteer place of a span the ruler or the typer keyed, if any."""
        key = span.ent_id_ or span.kb_id_
        if key not in self._places_of_keys:  # a document names its places again and again
            self._places_of_keys[key] = self._place_of_key(key)
        return self._places_of_keys[key]

    def _place_of_key(self, key: str) -> GazetteerPlace | None:
        kind, _, value = key.partition(":")
        if kind == "place":
            return place_by_key(value, self.min_city_population)
        if kind == "vocab":
            entity = _vocabulary_labels().get(value)
            return lookup(entity, self.min_city_population) if entity else None
        return None

    def _capitals(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A department or province named after its city is that city where the text names no
        place before it, as the news names Managua, San Salvador, Huehuetenango or Lima; "Gualán,
        Zacapa" stays the department, and so do states of the countries whose states the news
        names before their cities (``areas_first_countries``: New York, Chihuahua)."""
        named = []
        for ent in ents:
            area = self._place_of(ent) if ent.label_ == "AdministrativeArea" and ent.kb_id_.startswith("place:") else None
            city = None if area is None or area.country in self.areas_first_countries or _places_the_name_before(
                doc, ent) else next((place for place in candidates(ent.text, self.min_city_population)
                                     if place.type == "City" and place.country == area.country
                                     and normalize(place.name) == normalize(area.name)), None)
            named.append(ent if city is None else Span(doc, ent.start, ent.end, label="City", kb_id=f"place:{city.key}"))
        return named

    def _context(self, doc: Doc) -> tuple[GazetteerPlace, ...]:
        """The states and countries a document names, before any is typed."""
        found = []
        for ent in doc.ents:
            place = self._place_of(ent) if ent.label_ in ENTITY_TYPES else (
                lookup(ent.text, self.min_city_population) if ent.label_ == "GPE" else None)
            if place is not None and place.type in _CONTAINER_TYPES:
                found.append(place)
        return tuple(dict.fromkeys(found))

    def _pinned(self, doc: Doc, ents: list[Span], name_tokens: set[str], proper: list[bool]) -> list[Span]:
        """Places put where the text says they lie: "Douglas in Ariz." is Douglas, Arizona;
        "SELLS, Ariz." a town the model left untagged; "Kassai, in the Democratic Republic
        of Congo" a place no gazetteer knows. A demonym that places a city ("the Mexican
        city of Matamoros") becomes a mention of its country."""
        by_token = {i: span for span in ents for i in range(span.start, span.end)}
        spans = [(span, *self._containers(doc, span, by_token))
                 for span in ents + self._untagged_names(doc, by_token, proper)
                 if self._pinnable(span, name_tokens)]
        # Where the text pins a name once, its other mentions are the same place.
        pinned = {normalize(span.text): place for span, containers, _ in spans if containers
                  for place in [choose(span.text, containers,
                                       min_city_population=self.min_city_population)] if place}
        result = [span for span in ents if not self._pinnable(span, name_tokens)]
        for span, containers, demonym in spans:
            place = choose(span.text, containers, min_city_population=self.min_city_population)
            if not containers:
                listed = None if span.label_ else self._listed_place(doc, span, by_token)
                if listed is not None:
                    result.append(listed)
                elif span.label_ == "City" and normalize(span.text) in pinned:
                    result.append(Span(doc, span.start, span.end, label="City",
                                       kb_id=f"place:{pinned[normalize(span.text)].key}"))
                elif span.label_ == "City" and self._among_countries(doc, span, by_token):
                    # "Pakistan, Columbia, Guatemala": no city of that name is meant, maybe a country
                    if span.text in self.misspelt_countries:
                        result.append(Span(doc, span.start, span.end, label="Country",
                                           span_id=f"vocab:{self.misspelt_countries[span.text]}"))
                elif span.label_:
                    result.append(span)
            elif place is not None:
                result.append(Span(doc, span.start, span.end, label=place.type,
                                   kb_id=f"place:{place.key}"))
                if demonym is not None:
                    result.append(demonym)
            elif not (self._known_elsewhere(span) or span[0].is_sent_start
                      or span.label_ == "City" or doc[span.end].text != ","):
                # A place no gazetteer knows only with a comma ("Kassai, in the DRC"), not
                # "Third, Mexico recognized ..." (an ordinal opens that sentence) nor a
                # title-case headline's "... to Renew Them in US".
                result.append(Span(doc, span.start, span.end, label="Place"))
            elif span.label_:
                result.append(span)
        return sorted(result, key=lambda span: span.start)

    def _by_their_neighbours(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Known places read again beside the place a comma puts them with: a state's name
        before a state is a town of that one ("near Hidalgo, Texas": the town, not the Mexican
        state); a country's name after a town is the state of the town's country that has
        that name ("Atlanta, Georgia": the US state), and so is a city's name after a town
        ("Tacoma, Washington": the state). Not in a list of places."""
        by_token = {i: span for span in ents for i in range(span.start, span.end)}
        result = list(ents)
        for n, (span, after) in enumerate(pairwise(ents)):
            place, other = self._place_of(span), self._place_of(after)
            # (a city the vocabulary knows by a label the gazetteer does not: "Washington, D.C.")
            other_type = other.type if other is not None else after.label_
            if place is None or (other is None and other_type != "City") or after.start != span.end + 1 \
                    or doc[span.end].text != "," or self._listed(doc, after, by_token):
                continue
            found: GazetteerPlace | None = None
            if other is not None and place.type == "AdministrativeArea" and other.type == "AdministrativeArea" \
                    and not place.within(other):
                found = choose(span.text, containers=(other,), min_city_population=self.min_city_population)
                n_retyped, retyped = n, span
            elif other is not None and place.type == "City" and other.type == "Country" and place.country \
                    and place.country != other.country:
                found = next((state for state in candidates(after.text, self.min_city_population)
                              if state.type == "AdministrativeArea" and state.country == place.country), None)
                n_retyped, retyped = n + 1, after
            elif place.type == "City" and other_type == "City" and place.country:
                # a city's name after a town is the state of that name the town lies in
                # ("Tacoma, Washington", "ALBANY, NEW YORK"), not the city the name alone is
                found = next((state for state in candidates(after.text, self.min_city_population)
                              if state.type == "AdministrativeArea" and state.country == place.country
                              and choose(span.text, containers=(state,),
                                         min_city_population=self.min_city_population)), None)
                n_retyped, retyped = n + 1, after
            if found is not None:
                for token in retyped:
                    token.ent_id = 0  # no longer the vocabulary's place
                result[n_retyped] = Span(doc, retyped.start, retyped.end, label=found.type,
                                         kb_id=f"place:{found.key}")
        return result

    def _towns_before_postal_codes(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A town the model did not tag, before a comma and a state's postal code, where the
        gazetteer has a town of that name in that state: "ERO encountered him in Morristown,
        NJ where he was arrested" (the model reads "NJ" as an organisation, the town as no name)."""
        taken = {i for ent in ents for i in range(ent.start, ent.end)}
        found = []
        for comma in doc:
            at = comma.i + 1
            if comma.text != "," or at >= len(doc) or doc[at].text not in self.postal_codes \
                    or comma.i - 1 in taken:
                continue
            state = place_by_key(f"iso-us-{doc[at].text.lower()}")
            start = comma.i
            while start > comma.sent.start and comma.i - start < 3 and doc[start - 1].is_title \
                    and start - 1 not in taken:
                start -= 1
            if start == comma.i or state is None:
                continue
            for first in range(start, comma.i):  # the longest name the gazetteer knows there
                town = choose(doc[first:comma.i].text, containers=(state,),
                              min_city_population=self.min_city_population)
                if town is not None and town.type == "City":
                    found.append(Span(doc, first, comma.i, label="City", kb_id=f"place:{town.key}"))
                    break
        return sorted(ents + found, key=lambda ent: ent.start)

    def _towns_of_states(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A name the gazetteer does not know, just before a comma and a US state, is a town of
        that state: a City, not a Place ("McAllen agents working in Los Ebanos, Texas"). Not
        one whose last word makes it a place of another kind ("Dog Canyon, Texas"), nor one of
        a list of places; nor before a Mexican state, where releases name a city's colonia so
        ("the Anapra, Chihuahua / Santa Teresa, New Mexico area")."""
        by_token = {i: span for span in ents for i in range(span.start, span.end)}
        result = list(ents)
        for n, (span, after) in enumerate(pairwise(ents)):
            if span.label_ != "Place" or span.kb_id_ or after.start != span.end + 1 \
                    or doc[span.end].text != "," or span[-1].text in self.place_heads:
                continue
            state = self._place_of(after)
            if state is None or state.type != "AdministrativeArea" or state.country != "US" \
                    or self._listed(doc, after, by_token) or self._listed_after_place(doc, span, by_token) \
                    or self._place_of(span) is not None:
                continue
            result[n] = Span(doc, span.start, span.end, label="City")
        return result

    @staticmethod
    def _listed_after_place(doc: Doc, span: Span, by_token: dict[int, Span]) -> bool:
        """Whether a name follows a place of any class in a list: "Central California, Southern
        California, New Mexico" lists regions and states, no town of New Mexico."""
        i = span.start
        while i > 0 and doc[i - 1].text in _LIST_WORDS:
            i -= 1
        return i < span.start and i - 1 in by_token and by_token[i - 1].label_ in PLACE_TYPES

    def _listed_place(self, doc: Doc, span: Span, by_token: dict[int, Span]) -> Span | None:
        """An untagged name in a list of places that the gazetteer knows as a place of
        their class: Nogales in "Ciudad Juarez, Nogales, Mexicali"."""
        neighbours = []
        if span.start >= 2 and doc[span.start - 1].text in _LIST_WORDS:
            neighbours.append(by_token.get(span.start - 2))
        after = span.end + (span.end < len(doc) and doc[span.end].text == ",")
        if after < len(doc) and doc[after].lower_ in {"and", "or"}:
            after += 1
        if after > span.end:
            neighbours.append(by_token.get(after))
        classes = {n.label_ for n in neighbours if n is not None} & _PLACE_LIST_TYPES
        context = tuple(p for p in map(self._place_of, (n for n in neighbours if n)) if p)
        place = choose(span.text, context=context, min_city_population=self.min_city_population)
        if place is None or place.type not in classes:
            return None
        return Span(doc, span.start, span.end, label=place.type, kb_id=f"place:{place.key}")

    @staticmethod
    def _among_countries(doc: Doc, span: Span, by_token: dict[int, Span]) -> bool:
        """Whether a name stands between two countries of a list."""
        before = by_token.get(span.start - 2) if span.start >= 2 else None
        after = by_token.get(span.end + 1) if span.end + 1 < len(doc) else None
        return (doc[span.start - 1].text == "," and span.end < len(doc)
                and doc[span.end].text == "," and before is not None and after is not None
                and before.label_ == after.label_ == "Country")

    def _known_elsewhere(self, span: Span) -> bool:
        """A name the gazetteer knows as a country or state is no unknown place."""
        place = lookup(span.text, self.min_city_population)
        return place is not None and place.type in _CONTAINER_TYPES

    def _pinnable(self, span: Span, name_tokens: set[str]) -> bool:
        if span.ent_id_:
            return False  # the vocabulary's or a hand pattern's
        if span.label_ == "City":
            return True
        if len(span) == 1 and len(span.text) <= 2 and span.text.isupper():
            return False  # an abbreviation the vocabulary does not know: "Ave. SE, Washington"
        initial = any(_initial(t) for t in span)
        return span.label_ in {"", "Person", "Organization", "Place"} and not initial and not (
            span.label_ == "Person" and span[-1].text in name_tokens)  # "Paul E. Green, M.D."

    def _untagged_names(self, doc: Doc, by_token: dict[int, Span], proper: list[bool]) -> list[Span]:
        """Runs of capitalised proper nouns (``proper``, by token) outside any entity, as
        unlabelled spans."""
        found = []
        i = 0
        while i < len(doc):
            end = i
            while (end < len(doc) and end - i < 4 and end not in by_token
                   and proper[end] and doc[end].text[:1].isupper()
                   and doc[end].ent_type_ not in self.time_and_number_labels):
                end += 1
            if end > i:
                found.append(Span(doc, i, end))
            i = max(end, i + 1)
        return found

    def _containers(self, doc: Doc, span: Span,
                    by_token: dict[int, Span]) -> tuple[tuple[GazetteerPlace, ...], Span | None]:
        """The state or country the text puts a place in, and the demonym span that says so."""
        after = self._container_after(doc, span, by_token)
        if after is not None:
            return (after,), None
        # "the Mexican (border) city of X"
        i = span.start - 1
        if i >= 2 and doc[i].lower_ == "of" and doc[i - 1].lower_ in self.settlements:
            j = i - 2 if doc[i - 2].lower_ != "border" else i - 3
            country = _demonym_countries().get(doc[j].text) if j >= 0 else None
            place = lookup(country.label, self.min_city_population) if country else None
            if country and place and j not in by_token:
                return (place,), Span(doc, j, j + 1, label="Country", kb_id=f"vocab:{country.key}")
        return (), None

    def _container_after(self, doc: Doc, span: Span,
                         by_token: dict[int, Span]) -> GazetteerPlace | None:
        """The state or country after a place: "X, Texas", "X in southern Arizona",
        "X, in the Democratic Republic of Congo"; not a list of states or countries."""
        i = span.end
        comma = i < len(doc) and doc[i].text == ","
        i += comma
        if i < len(doc) and doc[i].lower_ == "in":
            i += 1
            while i < len(doc) and (doc[i].lower_ == "the" or doc[i].lower_ in self.directions):
                i += 1
        elif not comma:
            return None
        container = by_token.get(i)
        if container is None or container.start != i or container.label_ not in _CONTAINER_TYPES:
            return None
        if self._listed(doc, container, by_token) or (
                span.start >= 2 and doc[span.start - 1].text in _LIST_WORDS
                and by_token.get(span.start - 2, span).label_ in PLACE_TYPES):
            return None  # "Eagle Pass, Hidalgo, and Laredo": a list of places
        following = doc[container.end] if container.end < len(doc) else None
        if following is not None and following.text in {"'s", "’s"}:
            return None
        return self._place_of(container)

    @staticmethod
    def _listed(doc: Doc, span: Span, by_token: dict[int, Span]) -> bool:
        """Whether a place is followed by another of its class in a list: "Guatemala, and Honduras"."""
        i = span.end
        while i < len(doc) and doc[i].text in _LIST_WORDS:
            i += 1
        return i > span.end and i in by_token and by_token[i].label_ == span.label_

    def _regions(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A direction word before a country names a region of it: "northern Mexico"."""
        result: list[Span] = []
        for span in ents:
            before = span.start - 1
            if (span.label_ == "Country" and before >= 0 and doc[before].lower_ in self.directions
                    and doc[before].is_lower and (not result or result[-1].end <= before)):
                for token in doc[before:span.end]:
                    token.ent_id = 0  # no longer the country's mention
                span = Span(doc, before, span.end, label="Place")
            result.append(span)
        return result

    def _dateline_places(self, doc: Doc, typed: list[Span], context: tuple[GazetteerPlace, ...],
                         line_starts: list[int]) -> list[Span]:
        """A dateline of several words in capitals that the model cut into names of other
        kinds, read as the one place the gazetteer knows there, in the state or country after
        its comma where it names one: "SIERRA BLANCA, Texas", "LAS CRUCES, N.M." (which the
        model may read as an organisation "SIERRA" and a place "BLANCA")."""
        for i in line_starts:
            end = _dateline_run(doc, i)
            if end == i or any(s.start == i and s.end == end and s.label_ in PLACE_TYPES for s in typed):
                continue
            after = doc[end + 1:end + 3] if doc[end].text == "," else None
            state = next((place for place in (lookup(after.text), lookup(after[:1].text)) if place is not None),
                         None) if after else None
            place = choose(doc[i:end].text, containers=(state,) if state else (), context=context,
                           min_city_population=self.min_city_population)
            if place is None:
                continue
            typed = sorted([s for s in typed if s.end <= i or s.start >= end]
                           + [Span(doc, i, end, label=place.type, kb_id=f"place:{place.key}")],
                           key=lambda span: span.start)
        return typed

    def _untagged_places(self, doc: Doc, typed: list[Span], context: tuple[GazetteerPlace, ...],
                         line_starts: set[int], proper: list[bool]) -> list[Span]:
        """Runs of proper nouns (``proper``, by token) the model left untagged that a gazetteer
        knows as a sizeable place: "Agua Prieta" in a list of border towns (a one-word dateline
        opens one of ``line_starts``)."""
        taken = {i for span in typed for i in range(span.start, span.end)}
        found: list[Span] = []
        i = 0
        while i < len(doc):
            end = i
            while end < len(doc) and end - i < 3 and proper[end] and end not in taken \
                    and not doc[end].is_punct:  # the tagger's "proper noun" "." of "Ave. SE"
                end += 1
            dateline = end <= i + 1 and i in line_starts and i not in taken and _dateline_word(doc, i)
            end = i + 1 if dateline else end  # the tagger reads a word in capitals as any noun
            if end > i and (self._vehicle_run(doc, i) or self._owner_in_a_name(doc, end)):
                i = end  # "a 2020 Dodge Ram", "the Prince George's County police": no town
                continue
            # Only multiword names: they are specific enough to trust any gazetteer
            # place, where a lone "Van" or "Syracuse" is as often something else, unless a
            # journey goes there ("crossed the river near Presidio").
            # (a lone word written as names are: not "SE" of "Ave. SE")
            slot = end > i and self.slots.holds(doc[i:end]) and \
                doc[i].ent_type_ not in self.time_and_number_labels and (end - i > 1 or doc[i].is_title)
            known = _vocabulary_places().get(normalize(doc[i].text)) if dateline else None
            if known is not None:  # "WASHINGTON —" is the capital, not the state
                found.append(Span(doc, i, end, label=known.type, kb_id=f"vocab:{known.key}"))
                i = end
                continue
            lone = slot or dateline
            for stop in range(end, i if lone else i + 1, -1):
                place = choose(doc[i:stop].text, context=context,
                               min_city_population=self.min_city_population, towns=slot)
                if place is not None:
                    found.append(Span(doc, i, stop, label=place.type, kb_id=f"place:{place.key}"))
                    end = stop
                    break
            i = max(end, i + 1)
        return found

    def _vehicle_run(self, doc: Doc, i: int) -> bool:
        """Whether a run of proper nouns opens with a vehicle make that its model or a year
        goes with ("a 2020 Dodge Ram", "a white Ford F-150"), not a town of that name."""
        if doc[i].text not in self.vehicle_makes:
            return False
        after = doc[i + 1] if i + 1 < len(doc) else None
        return (i > 0 and doc[i - 1].like_num) or (after is not None and (after.is_title or after.is_upper))

    @staticmethod
    def _owner_in_a_name(doc: Doc, end: int) -> bool:
        """Whether a run of proper nouns is the owner that a longer name goes on after
        ("Prince George's County Police Department"): the run with its possessive and a
        capitalised word after it, not a place of its own."""
        return end + 1 < len(doc) and doc[end].text in POSSESSIVE_MARKS and doc[end + 1].is_title

    def _person_name_tokens(self, doc: Doc) -> set[str]:
        """Surnames and given names of the people the document names in full or with a title."""
        tokens: set[str] = set()
        for ent in doc.ents:
            if ent[-1].text in self.place_heads or ent[0].lower_ in self.name_prepositions:
                continue  # "an area known as Goat Canyon", "Enter Near Hidalgo", whatever the model took it for
            words = [t.text for t in ent if t.text not in POSSESSIVE_MARKS and t.text not in self.titles]
            titled = ent.label_ == "Person" or (ent.start > 0 and doc[ent.start - 1].text in self.titles)
            full_name = ent.label_ == "PERSON" and len(words) > 1 and lookup(ent.text) is None
            if full_name or titled:
                tokens.update(w for w in words if w[:1].isupper())
        return tokens

    def _trim(self, ent: Span) -> Span | None:
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (doc[start].lower_ in _DETERMINERS or not doc[start].text.strip()
                               or doc[start].is_punct or not doc[start].text[0].isalnum()
                               or (doc[start].text in self.title_modifiers and end - start > 1)):
            start += 1  # "Acting United States Attorney": the name after the title's first word
        if end - start > 2 and doc[start].lower_ in self.agency_words and doc[start + 1].text in POSSESSIVE_MARKS:
            start += 2  # "the Department’s Organized Crime Drug Enforcement Task Forces": a bare owner
        opened = [t.i for t in doc[start:end] if t.text == "("]
        if opened and not any(t.text == ")" for t in doc[opened[-1]:end]):
            end = opened[-1]  # "Guatemalan National Police (PNC": the name before its acronym
        while end > start and (doc[end - 1].text in POSSESSIVE_MARKS or doc[end - 1].is_punct
                               or doc[end - 1].is_space):
            end -= 1
        for tail in self.notice_tails:
            if end - start > len(tail) and [t.lower_ for t in doc[end - len(tail):end]] == tail:
                end -= len(tail)  # "an Interpol Red Notice": Interpol
        if end > start and doc[end - 1].is_lower:
            return None  # a headline fragment such as "The Next Stage of"
        return Span(doc, start, end, label=ent.label_) if end > start else None

    def _type(self, span: Span | None, name_tokens: set[str],
              context: tuple[GazetteerPlace, ...], lower_words: set[str]) -> Span | None:
        if span is None or span.label_ not in self.keep_labels:
            return None
        if self._not_a_name(span, name_tokens, lower_words):
            return None
        said = self._class_from_context(span)
        if said is not None:
            return Span(span.doc, span.start, span.end, label=said)
        text = span.text
        known = _vocabulary_places().get(normalize(text))
        if known is not None and span.label_ in {"GPE", "LOC", "FAC", "ORG"}:
            return Span(span.doc, span.start, span.end, label=known.type, kb_id=f"vocab:{known.key}")
        slot = self.slots.holds(span)
        place = choose(text, context=context, min_city_population=self.min_city_population, towns=slot)
        if place is None:
            place = self._formal_country(span) or self._formal_area(span)
        # A name the document gives a person is that person, even where a town bears it: a
        # surname alone the model took for a person ("said Attorney General Garland" of
        # Merrick B. Garland, "General Richardson") or a name it took for something else.
        named_person = span[-1].text in name_tokens and (len(span) == 1 or place is None)
        if named_person and len(span) <= 4 and (span.label_ != "PERSON" or len(span) == 1):
            return Span(span.doc, span.start, span.end, label="Person")
        if place is not None and slot:
            return Span(span.doc, span.start, span.end, label=place.type, kb_id=f"place:{place.key}")
        town = self._town_placed_at(span, context) or self._town_read_as_a_person(span, context)
        if town is not None:
            return Span(span.doc, span.start, span.end, label=town.type, kb_id=f"place:{town.key}")
        if place is None and self.slots.travelled_to(span) and span.label_ in self.slots.model_labels:
            return Span(span.doc, span.start, span.end, label="Place")  # "walked to Capurganá"
        if place is not None and place.type == "City" and place.population < self.min_city_population \
                and span.label_ != "GPE" and not slot:
            place = None  # a town the document's state makes likely, if the model saw a place
        if place is not None and (
            span.label_ in {"GPE", "LOC", "FAC", "NORP"}
            or (span.label_ == "ORG" and not span.text.isupper())
            or place.type != "City"
            or place.population >= self.min_population
        ):
            return Span(span.doc, span.start, span.end, label=place.type, kb_id=f"place:{place.key}")
        if place is None and span.label_ == "GPE" and len(span) == 1:
            return None  # every real one-word country, state or city is in the gazetteer
        if place is None and len(span) > 1 and span[-1].text in self.place_heads \
                and span.label_ in {"GPE", "LOC", "FAC", "ORG", "PERSON"}:
            return Span(span.doc, span.start, span.end, label="Place")  # "Dog Canyon"
        if place is None and len(span) > 1 and span[-1].text in self.subdivision_heads \
                and span.label_ in {"GPE", "LOC", "PERSON"}:
            return Span(span.doc, span.start, span.end, label="Place")  # "Chin State"
        if place is None and len(span) > 1 and span[0].lower_ in self.directions and span.label_ in {
                "GPE", "LOC", "ORG"} and _region_of(choose(span[1:].text, context=context)):
            # "Southern New Mexico", "Northern Mexico"; not "Western Union" of the town of Union
            return Span(span.doc, span.start, span.end, label="Place")
        if place is None and len(span) > 1 and span[-1].lower_ in self.agency_words \
                and span.label_ in {"GPE", "LOC"}:
            # an office named after its city is no place: "New Orleans Field Office"
            return Span(span.doc, span.start, span.end, label=self._organization_class(span))
        label = {
            "PERSON": "Person",
            "ORG": self._organization_class(span),
            "LAW": self.policy_words.get(span[-1].text),
            "GPE": "Place",
            "LOC": "Place",
        }.get(span.label_)
        if label is None or not any(t.is_title or t.is_upper or (label == "Person" and t.text[:1].isupper())
                                    for t in span):
            return None  # not capitalised as names are (a person's may be "McAleenan" or "DeSantis")
        return Span(span.doc, span.start, span.end, label=label)

    def _town_placed_at(self, span: Span, context: tuple[GazetteerPlace, ...]) -> GazetteerPlace | None:
        """The town a preposition places something at, where the gazetteer's town of that
        name lies in a state the document names or on the US side of the border: "the
        vehicle stopped in Escobares", "arrested near Pharr", "rescued south of Casa Grande",
        where the model read a person or an organisation."""
        root = span.root
        prep = root.head
        if root.dep_ != "pobj" or not (prep.lower_ in self.locative_prepositions or (
                prep.lower_ == "of" and prep.head.lower_ in self.directions)):  # "south of Casa Grande"
            return None
        return self._town_in_reach(span.text, context)

    def _town_read_as_a_person(self, span: Span, context: tuple[GazetteerPlace, ...]) -> GazetteerPlace | None:
        """The town a word the model read as a person's name is, where no person of the document
        bears it (the caller settles that first), no given name, and the town lies in a state the document names
        or on the US side of the border: "Albuquerque, Santa Fe and Roswell, New Mexico",
        "Enforcement and Removal Operations (ERO) Harlingen arrested ..."."""
        if span.label_ != "PERSON" or len(span) != 1 or span.text in self.given_names:
            return None  # a person named by a given name alone: "Melissa, 25, said ..."
        return self._town_in_reach(span.text, context)

    def _town_in_reach(self, text: str, context: tuple[GazetteerPlace, ...]) -> GazetteerPlace | None:
        """The gazetteer's town of a name, where it lies in a state the document names or in a
        US border state."""
        states = [state for state in context if state.type == "AdministrativeArea"]
        town = choose(text, context=context, min_city_population=self.min_city_population, towns=True)
        if town is not None and town.type == "City" and (
                (town.country == "US" and town.region in self.us_border_states)
                or any(town.within(state) for state in states)):
            return town
        # a smaller town of the name in a state the text names: Roswell, New Mexico, not Georgia's;
        # not a town named after a state or a country ("Texas", "California")
        found = candidates(text, self.min_city_population)
        if any(place.type != "City" for place in found):
            return None
        return next((place for place in found if any(place.within(state) for state in states)), None)

    def _formal_country(self, span: Span) -> GazetteerPlace | None:
        """The country of a formal state name: "Oriental Republic of Uruguay"."""
        words = span.text.split()
        if "of" not in words[1:-1]:
            return None
        at = words.index("of")
        if words[at - 1] not in self.state_forms:
            return None
        place = lookup(" ".join(words[at + 1:]), self.min_city_population)
        return place if place is not None and place.type == "Country" else None

    def _formal_area(self, span: Span) -> GazetteerPlace | None:
        """The region of another country named with its kind: "the Department of San Marcos"
        (Guatemala), "the Province of Darién"; a department of the United States is an agency."""
        words = span.text.split()
        if len(words) < 3 or words[0] not in self.area_forms or words[1] != "of":
            return None
        place = lookup(" ".join(words[2:]), self.min_city_population)
        return place if place is not None and place.type == "AdministrativeArea" and place.country != "US" \
            else None

    def _given_name_before(self, span: Span, lower_words: set[str]) -> Span:
        """A person's name with the given name the model left out, where the name opens a
        sentence, an item of a list or a release after its dateline, or follows a verb or an
        adjective: "Saiful Islam, 32;" tagged as "Islam"; "Jackson, Miss. – Dennis Omar Escobar-Castro"
        as "Omar Escobar-Castro"; "ICE Baltimore arrested Olinda Micaela Gonzalez-Ortiz" as
        "Micaela Gonzalez-Ortiz"."""
        doc = span.doc
        start = span.start
        if start > 1 and doc[start - 2].text == ";" and doc[start - 1].pos_ in ("ADV", "ADJ") and doc[start - 1].is_title \
                and doc[start - 1].text.lower() not in lower_words:
            start -= 1  # a given name the tagger took for an adverb by its ending: "39; Nesly Norberto Gomez"
        while (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title
               and not doc[start - 1].ent_type_ and doc[start - 1].text not in self.titles
               and doc[start - 1].text not in self.title_words  # "Director, Field Operations Ana Ruiz"
               and doc[start - 1].text.lower() not in lower_words):
            start -= 1
        opens = start == 0 or doc[start].is_sent_start or doc[start - 1].text in {",", ";", ":", "–", "—"} \
            or (doc[start - 1].is_lower and doc[start - 1].pos_ in ("VERB", "ADJ"))
        if start == span.start or not opens:
            return span
        return Span(doc, start, span.end, label=span.label_)

    def _vehicle_model(self, ent: Span) -> bool:
        """Whether a name is the model of the vehicle make before it, whatever place or
        state it shares its name with: "a 2005 Chevrolet Colorado", "a Dodge Durango"."""
        return ent.start > 0 and ent.doc[ent.start - 1].text in self.vehicle_makes

    def _legal_act(self, ent: Span) -> bool:
        """Whether a program's common word names an officer's act in a list with others
        ("without inspection, admission or parole"; ``legal_acts``)."""
        doc = ent.doc
        return ent.label_ == "Program" and ent.text.islower() and any(
            t.lower_ in self.legal_acts for t in doc[max(ent.sent.start, ent.start - 4):ent.start])

    def _surname_after(self, span: Span, lower_words: set[str]) -> Span:
        """A person's name with the surnames the model left out after it, as Spanish names
        have two: "Dora Patricia Flores Canales" tagged as "Dora Patricia"."""
        doc, end = span.doc, span.end
        if any(_initial(t) for t in span[1:-1]):
            return span  # a name whose surname follows its initial is whole: "Ana M. Ruiz Honoring Agents"
        while end < len(doc) and end - span.end < 2 and doc[end].pos_ == "PROPN" and doc[end].is_title \
                and not doc[end].ent_type_ and doc[end].text not in self.titles \
                and doc[end].text.lower() not in lower_words:
            end += 1
        return span if end == span.end else Span(doc, span.start, end, label=span.label_)

    def _with_suffix(self, span: Span) -> Span:
        """A person's name with the generational suffix after it: "Kenneth A. Polite, Jr."."""
        doc, end = span.doc, span.end
        if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text in self.name_suffixes:
            end += 2
        elif end < len(doc) and doc[end].text in self.name_suffixes:
            end += 1
        return span if end == span.end else Span(doc, span.start, end, label=span.label_)

    def _not_a_name(self, span: Span, name_tokens: set[str], lower_words: set[str]) -> bool:
        """Capitalised words that name nothing the graph holds: a sentence's first word or a
        word the text also writes in lower case, a fiscal year, a vehicle ("Dodge Ram"), a
        nationality ("Guatemalan"), part of a known organisation's name ("Border
        Protection"), two places joined as a modifier ("U.S.-Panama partnership"), the
        acronym of a common noun ("children (UAC)"), one word after an article ("the
        Department"), a direction alone ("South")."""
        doc = span.doc
        if len(span) == 1 and span.text not in name_tokens and (
                _capitalised_word(span) or span.text.lower() in lower_words):
            return True  # "Order" in a text that speaks of "the order" names nothing
        if len(span) == 1 and (span.text.lower() in self.agency_words or (
                span.label_ == "PERSON" and span.start > 0 and doc[span.start - 1].lower_ in _DETERMINERS)):
            return True  # "the Department has released": a common noun, and no name takes an article
        if len(span) == 1 and span.text.lower() in self.directions:
            return True  # "from South and Central America": a direction alone places nothing
        if any(pattern.fullmatch(span.text) for pattern in self.not_names):
            return True
        if span.start > 0 and doc[span.start - 1].text in ("#", "@") or span.text[:1] in ("#", "@"):
            return True  # "#StandwithUkraine": a hashtag or a handle
        if span.label_ == "ORG" and span[-1].lower_.removesuffix("s") in self.person_nouns \
                and not {t.lower_ for t in span} & self.not_in_names:
            return True  # "a U.S. Immigration Official", "U.S. Agents": people, not an organisation
        after = doc[span.end] if span.end < len(doc) else None
        model = after is not None and (after.is_upper or after.is_title or (
            not after.is_alpha and after.text[0].isalnum()))
        if span[0].text in self.vehicle_makes and (lookup(span.text) is None or model):
            return True  # "a black Lincoln MKX", "a Ford F-150", "a Honda Accord": a make and its model, not the town
        if span.text in _demonyms() or " ".join(t.lower_ for t in span if not t.is_space) in _fragments():
            return True
        if span.start >= 2 and doc[span.start - 1].text == "(" and doc[span.start - 2].is_lower:
            return True
        parts = span.text.split("-")
        return len(parts) == 2 and all(_known_place(part) for part in parts)

    def _class_from_context(self, span: Span) -> str | None:
        """The class the sentence gives a name: a person's age after it ("Ana Ruiz, 34,"),
        a speech verb after a single word the model took for an organisation ("Julia
        recalled"), an organisation noun in apposition ("a private company, Acme,"), a
        person's title in apposition to a name of two words or more ("Ana Ruiz, the chief of")."""
        doc = span.doc
        after = doc[span.end:span.end + 3]
        if (len(after) == 3 and after[0].text == "," and after[1].like_num
                and len(after[1].text) <= 2 and after[2].is_punct and len(span) >= 2):
            return "Person"
        root = span.root
        if (span.label_ in ("ORG", "GPE") and len(span) == 1 and root.dep_ == "nsubj"
                and root.head.lemma_ in self.speech_verbs and not span.text.isupper()
                and not _known_place(span.text)):
            return "Person"  # "Julia recalled": one who speaks, named by one word
        partners = [root.head] if root.dep_ == "conj" else []
        partners += [child for child in root.children if child.dep_ == "conj"]
        if (span.label_ == "ORG" and 2 <= len(span) <= 3 and all(t.is_title for t in span)
                and not {t.lower_ for t in span} & self.not_in_names and lookup(span.text) is None
                and any(p.ent_type_ == "PERSON" and not (span.start <= p.i < span.end) for p in partners)):
            return "Person"  # "Vice Ministers Karla Samayoa and Geovani Castillo"
        nouns = [root.head] if root.dep_ == "appos" else []
        nouns += [child for child in root.children if child.dep_ == "appos"]
        nouns = [noun for noun in nouns if noun.i < span.start or noun.i >= span.end]
        if any(noun.lemma_.lower() in self.organization_nouns for noun in nouns):
            return "Organization"
        if len(span) >= 2 and span.label_ in ("ORG", "PERSON") and any(
                noun.lemma_.lower() in self.person_nouns and not noun.ent_type_ for noun in nouns):
            return "Person"  # "Ana Ruiz, the chief of the Tucson Sector"
        return None

    def _is_a_title(self, ent: Span) -> bool:
        """An office named as a title, not an agency: "National Security Advisor Jake
        Sullivan", "Homeland Security" in "Homeland Security Advisor"."""
        following = ent.doc[ent.end].text if ent.end < len(ent.doc) else ""
        start = ent.start + 1 if len(ent) > 1 and ent[0].lower_ in _DETERMINERS else ent.start
        text = ent.doc[start:ent.end].text  # "the Chargé d’Affaires of the embassy"
        return text in self.titles or f"{text} {following}" in self.titles

    @staticmethod
    def _crossing_of_a_country(ent: Span) -> bool:
        """"a U.S. port of entry" names no particular crossing."""
        if ent.label_ != "BorderCrossing" or not ent.ent_id_.startswith("rule:"):
            return False
        words = [t for t in ent if t.lower_ not in {"port", "ports", "of", "entry", "in", "at",
                                                    "border", "crossing"}]
        place_words = []
        for token in words:
            if token.is_punct:
                break
            place_words.append(token.text)
        name = " ".join(place_words)
        place = lookup(name) if place_words else None
        return (place is not None and place.type == "Country") or normalize(name) in _country_names()

    @staticmethod
    def _foreign_demonym(word: str) -> bool:
        """Whether a word is the demonym of a country other than the United States."""
        country = _demonym_countries().get(word)
        return country is not None and country.key != "united-states"

    def _organization_class(self, span: Span) -> str:
        """The class of a name the model took for an organisation: from its last word when
        that names a policy ("… Refugee Admissions Program", "… Act"); an agency's own
        office or unit after its possessive ("the Coast Guard’s Joint Harbor Operations
        Center") is an agency too; else from its words. A program's number after its last
        word does not count ("Intensive Supervision Appearance Program III")."""
        head = span[-2] if len(span) > 1 and (span[-1].text in self.name_suffixes or span[-1].like_num) else span[-1]
        if head.text in self.policy_words:
            return self.policy_words[head.text]
        doc = span.doc
        words = {t.lower_ for t in span}
        if words & self.agency_words or (span.start >= 2 and doc[span.start - 1].text in POSSESSIVE_MARKS
                                         and doc[span.start - 2].ent_type_ == "GovernmentAgency"):
            return "GovernmentAgency"
        if words & self.news_words:
            return "NewsOrganization"
        if words & self.ngo_words and (words & self.government_words or self._foreign_demonym(span[0].text)):
            return "GovernmentAgency"  # "... County Detention Center", "Guatemalan Migration Institute"
        if words & self.ngo_words:
            return "NonGovernmentalOrganization"
        return "Organization"


class JourneySlots:
    """Where a sentence puts the place of a journey, by the words of ``pipelines/journeys.json``:
    the object of "to", "from", "through" ... under a movement word or a vehicle ("walked to
    Capurganá", "a boat to Capurganá"), of "in", "at" or "near" under a verb of staying or
    crossing ("waited in Acuña", "crossed the Rio Grande near Presidio"), or of a verb that
    takes a place ("reached Tecún Umán", "left Ojinaga")."""

    def __init__(self, rules: dict) -> None:
        self.movement = frozenset(rules["movement_lemmas"])
        self.vehicles = frozenset(rules["vehicles"])
        self.carrying = frozenset(rules["carried_by"])
        self.preps = frozenset(c["words"][0] for c in rules["cues"]
                               if len(c["words"]) == 1 and c["role"] in ("origin", "via", "destination"))
        self.stops = frozenset(rules["stop_lemmas"])
        self.objects = frozenset(rules["object_roles"])
        self.at_preps = frozenset(rules["place_slot"]["at_preps"])
        self.model_labels = frozenset(rules["place_slot"]["model_labels"])

    def _governor(self, span: Span) -> tuple[str, Token] | None:
        """The preposition (or "dobj") that takes the name, and the word it hangs from."""
        root = span.root
        while root.dep_ == "conj" and root.head.i < root.i:
            root = root.head  # "through Honduras and Guatemala"
        if root.dep_ == "dobj":
            return "dobj", root.head
        if root.dep_ != "pobj":
            return None
        return root.head.lower_, root.head.head

    def holds(self, span: Span) -> bool:
        """Whether the name stands where a journey's place goes."""
        found = self._governor(span)
        if found is None:
            return False
        prep, word = found
        lemma = word.lemma_.lower()
        if prep == "dobj":
            return lemma in self.objects
        if prep in self.preps:
            return lemma in self.movement or word.lower_ in self.movement or lemma in self.vehicles \
                or lemma in self.stops
        if word.dep_ == "dobj" and word.pos_ != "VERB":
            word = word.head  # "crossed the Rio Grande near Presidio"
        return prep in self.at_preps and (word.lemma_.lower() in self.stops or word.lemma_.lower() in self.movement)

    def travelled_to(self, span: Span) -> bool:
        """Whether travellers go to or from the name themselves, not carried there by someone
        ("the aliens were delivered to Juan Pérez" may name a person), by their verb or on a
        vehicle ("a boat to Capurganá"): a name no gazetteer knows is a place only there."""
        found = self._governor(span)
        if found is None or found[0] not in self.preps or not self.holds(span):
            return False
        word = found[1]
        # a verb of the travellers' own ("learned about the trip from YouTube" is no journey's)
        return (word.pos_ == "VERB" and word.lemma_.lower() not in self.carrying) or \
            word.lemma_.lower() in self.vehicles


@Language.factory(
    "bk_entity_typer",
    default_config={"markers_file": "entity_markers.json", "places_file": "places.json",
                    "min_city_population": 15000},
)
def make_entity_typer(nlp: Language, name: str, markers_file: str, places_file: str,
                      min_city_population: int) -> EntityTyper:
    """The typer, configured from ``pipelines/<markers_file>`` and ``pipelines/<places_file>``
    (and the words of journeys of ``pipelines/journeys.json``)."""
    markers = json.loads((data_dir("pipelines") / markers_file).read_text("utf-8"))
    places = json.loads((data_dir("pipelines") / places_file).read_text("utf-8"))
    quotes = json.loads((data_dir("pipelines") / "quotes.json").read_text("utf-8"))
    journeys = json.loads((data_dir("pipelines") / "journeys.json").read_text("utf-8"))
    return EntityTyper(markers, places, quotes["speech_verbs"], min_city_population, JourneySlots(journeys))
