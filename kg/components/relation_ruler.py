"""``bk_relation_ruler``: relations from the rules of ``pipelines/relations.jsonl``.

A rule is one JSON line with an ``id``, a ``comment`` and either

- a token ``pattern`` (spaCy ``Matcher``) whose ``subject`` and ``object`` are indices of
  pattern tokens: the entity covering the first token aligned to that index is the argument;
  a ``subject`` written ``"before"`` is the last entity of the ``subject_types`` named before
  the match in its sentence or the one before (a profile's fields: "Melissa, 25: ..." /
  "Country of Origin: Venezuela");
- or a ``dependency`` pattern (spaCy ``DependencyMatcher``) whose ``subject`` and ``object``
  name a ``RIGHT_ID``; a ``subject`` written ``"^verb"`` is the nearest subject above the
  node ``verb`` ("They flew to Madrid, then entered Spain at Irun": *They* entered);
- or a verb ``frame``: the verbs (or nouns) of an action, with the entity types of who acts
  (``agent``) and who or what the action is done to (``patient``). A frame reads every voice
  the parser gives: active ("CBP arrested the men"), passive ("the men were arrested by
  CBP"), participle ("the processes announced by President Biden"), relative clause ("the
  processes that Secretary Mayorkas announced") and noun ("the arrests of the men by
  CBP"), each argument also through the noun it modifies ("Border Patrol agents arrested",
  "thousands of migrants"). ``subject`` says which of ``agent`` and ``patient`` is the
  relation's subject. A verb of two words ("wind down", "take custody") needs the second
  among its dependents. With ``"implicit_agent": true``, a passive verb with no agent has
  the ``IMPLICIT_AGENT``: the agency a release speaks for ("those migrants were expelled
  under Title 42"), which ``kg/extract.py`` finds; so have its agents named alone ("agents
  arrested 12 migrants", ``agency_staff`` of ``pipelines/references.json``), and, in any
  frame an organisation may act in, the release's "we" ("we launched the app",
  ``release_voice``). With ``"clause_patients"``, a list of verbs of beginning, what the verb's
  clause says one of them will begin is done to as well ("announced that DHS will begin a new
  removal flight program"). With ``"partners"``, verbs of an agreement and prepositions whose
  object is a party to it and so acts as well ("the United States signed the agreement with
  Honduras"). With ``"not_under_modals"``, a verb under one of these modals says what may be
  done, not what is ("where they could apply for asylum"), and gives nothing. With
  ``"only_oneself"``, a verb whose object is anything but a pronoun gives nothing ("turned
  himself in to agents", not "turned in his weapon to agents"). With ``"intransitive"``, the
  noun a participle of the verb modifies acts ("the migrants hailed from Honduras", which the
  parser reads as a participle). With ``"implicit_patient"``, an agency's people named alone as
  what the verb is done to stand for the release's agency ("the group surrendered to agents").

Each rule yields a relation (journeys are read by ``bk_journeys``). A rule with
``"outside_lists": true`` skips two places that are members of one list ("Guatemala,
Honduras, and Mexico"); one with ``"list_members": true`` gives the subject's relation to
every member of its list, before or after it, and one with ``"object_list": true`` gives it to
every member of the list of countries its object opens, where the parse misses them ("64 aliens, from
Guatemala, Honduras, and Mexico were loaded", Mexico read as the subject); one with ``"outer_region": true`` gives an object named with the
larger region it lies in the first region instead ("the Northern Triangle of Central America
(El Salvador, ...)": the members are the Northern Triangle's). Matches go to ``Doc._.bk_relations`` as plain tuples;
``kg/extract.py`` turns them into model objects.
A verb with a ``neg`` dependent marks its relation as negated. A rule with ``"not_with"`` words
gives nothing where one of them modifies a matched token ("Former Border Patrol Chief Ana Ruiz");
one with ``"object_not_after"`` words gives nothing where one of them, "of the" aside, comes right before
its object ("countries outside of the Northern Triangle, including Colombia");
one with ``"not_before_name": true`` gives nothing where capitalised words go on from its last
token to a person's name, whose title they are ("Ana Ruiz, CBP Acting Operations Division
Deputy Chief Juan Soto").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache
from typing import NamedTuple, cast

import numpy
import srsly
from spacy.attrs import ENT_IOB, HEAD, LEMMA, LOWER, POS, SENT_START
from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span, Token

from kg.components.needs import DocumentValues, Need, PatternShape, needed_values
from kg.model import ORGANIZATION_TYPES, PLACE_TYPES
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
        # the verb a noun of action serves is not that action: "DHS's rescission of MPP did
        # not violate the law" still rescinds
        for node in (token,) if token.pos_ == "NOUN" else (token, token.head):
            if any(child.dep_ == "neg" or child.lower_ in _NEGATIONS for child in node.children):
                return True
    return False


def entity_root(token: Token) -> Token:
    """The head of the entity a token belongs to: "Pineda" for the "Laura" of "Laura Pineda"."""
    while token.dep_ in ("compound", "flat", "amod", "nmod") and token.head.ent_type_ == \
            token.ent_type_ and token.head.i != token.i:
        token = token.head
    return token


def conjuncts(token: Token) -> list[Token]:
    """The token and the entities joined to it by "and" or an apposition ("A and his husband, B")."""
    token = entity_root(token)
    found = [token]
    for conjunct in token.conjuncts:
        found.append(conjunct)
        found.extend(child for child in conjunct.children if child.dep_ == "appos")
    return found


def modifies(word: Token, targets: set[int]) -> bool:
    """Whether a word modifies one of the tokens at ``targets`` after it, through the heads
    on its right: "Former" of "Former acting U.S. Department of Homeland Security secretary Ana
    Ruiz" modifies "Ruiz", that of "in a former hotel, Secretary Ana Ruiz" does not."""
    token = word
    while token.i < token.head.i:
        token = token.head
        if token.i in targets:
            return True
    return False


def _entity_of(token: Token) -> Span:
    """The entity a token is part of, or the token alone."""
    doc = token.doc
    if token.ent_iob_ == "O":
        return doc[token.i:token.i + 1]
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _unit_after(token: Token) -> Token:
    """The organisation named right after the token's own, which is the unit of it the text
    means ("director for ICE ERO" is ERO's, "CBP AMO agents" are AMO's); else the token, and
    so where the token's own is a unit, the agency after it its own (``unit_heads``:
    "El Paso Sector Border Patrol Chief Patrol Agent Ana Ruiz" heads the sector)."""
    own = _entity_of(token)
    end = own.end
    if own[-1].lower_ in _references()["unit_heads"]:
        return token
    if token.ent_type_ in ORGANIZATION_TYPES and end < len(token.doc) and (
            token.doc[end].ent_iob_ == "B" and token.doc[end].ent_type_ in ORGANIZATION_TYPES):
        return token.doc[end]
    return token


def _unit_before(token: Token) -> Token:
    """The unit named right before the token's organisation, which the agency after it names
    as its own ("El Paso Sector Border Patrol": the sector, ``unit_heads``); else the token."""
    start = _entity_of(token).start
    if token.ent_type_ in ORGANIZATION_TYPES and start > 0 and token.doc[start - 1].ent_type_ in ORGANIZATION_TYPES:
        unit = _entity_of(token.doc[start - 1])
        if unit[-1].lower_ in _references()["unit_heads"]:
            return unit[-1]
    return token


_LIST_WORDS = {",", "and", "or", "the"}


def _list_after(token: Token) -> list[Token]:
    """The entities of the token's class that follow its entity in a list, when the parse
    misses them: "El Salvador, Guatemala, and Honduras"."""
    doc = token.doc
    found: list[Token] = []
    i = _entity_of(token).end
    while True:
        start = i
        while i < len(doc) and doc[i].lower_ in _LIST_WORDS:
            i += 1
        if i == start or i >= len(doc) or doc[i].ent_iob_ != "B" or doc[i].ent_type_ != token.ent_type_:
            return found
        member = _entity_of(doc[i])
        found.append(member.root)
        i = member.end


def _list_before(token: Token) -> list[Token]:
    """The entities of the token's class that come before its entity in the list it ends:
    "El Salvador, Guatemala, and" before "Honduras"."""
    doc = token.doc
    found: list[Token] = []
    i = _entity_of(token).start
    while True:
        end = i
        while i > 0 and doc[i - 1].lower_ in _LIST_WORDS:
            i -= 1
        if i == end or i == 0 or doc[i - 1].ent_type_ != token.ent_type_:
            return found
        member = _entity_of(doc[i - 1])
        found.append(member.root)
        i = member.start


def _people_listed_after(token: Token) -> list[Token]:
    """The people named after a person in a list whose members a semicolon ends, each with an
    age or an alias, as the Justice Department lists defendants, when the parse misses them:
    "Ana Ruiz, 36; Luis Soto, also known as Lucho, 31; and Eva Mora, 42"."""
    doc = token.doc
    end = token.sent.end
    found: list[Token] = []
    i = _entity_of(token).end
    while True:
        start = i
        while i < end and doc[i].text != ";" and i - start < 12 and (
                doc[i].pos_ not in ("VERB", "AUX") or doc[i].lower_ == "known"):
            i += 1
        if i >= end or doc[i].text != ";" or not any(t.like_num for t in doc[start:i]):
            return found
        i += 1
        if i < end and doc[i].lower_ == "and":
            i += 1
        if i >= end or doc[i].ent_iob_ != "B" or doc[i].ent_type_ != token.ent_type_:
            return found
        member = _entity_of(doc[i])
        found.append(member.root)
        i = member.end


def _in_list(subject: Token, object_: Token) -> bool:
    """Whether "X, Y" are two members of a list rather than a place and its container:
    Y is followed by another entity of its class ("Central America, Mexico, and the U.S."),
    or by "and" and one of X's,
    or X both follows and Y is followed by one of X's class, a region's rather than a town's,
    or X follows one of Y's class, or of its own where Y is no state ("Pakistan, Columbia,
    Guatemala"; "El Paso, Eagle Pass, Hidalgo"; "Central America, South America, Bangladesh";
    not the towns of "Jamul and Chula Vista, California", which lie in the state after them)."""
    doc = subject.doc
    container = _entity_of(object_)
    i = container.end
    while i < len(doc) and doc[i].lower_ in _LIST_WORDS:
        i += 1
    if i > container.end and i < len(doc) and doc[i].ent_type_ == object_.ent_type_:
        return True
    start = _entity_of(subject).start
    before = doc[start - 2].ent_type_ if start >= 2 and doc[start - 1].lower_ in _LIST_WORDS else ""
    if i > container.end and i < len(doc) and before == subject.ent_type_ == doc[i].ent_type_ != "City":
        return True  # "Arizona, Central California, Southern California, New Mexico, Southern Texas" (a town keeps its state)
    if i == container.end + 1 and i < len(doc) and doc[container.end].lower_ in ("and", "or") \
            and doc[i].ent_type_ == subject.ent_type_:
        return True  # "El Paso, Eagle Pass, Hidalgo and Laredo": Y a town of the list too
    return before == object_.ent_type_ or (before == subject.ent_type_ and (
        subject.ent_type_ == object_.ent_type_ or object_.ent_type_ != "AdministrativeArea"))


def _outer_region(token: Token) -> Token:
    """The region a place names as the larger one it lies in: "Northern Triangle" for the
    "Central America" of "the Northern Triangle of Central America"; else the token."""
    doc = token.doc
    start = _entity_of(token).start
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].ent_type_ == token.ent_type_:
        return _entity_of(doc[start - 2]).root
    return token


def _named_before(token: Token, types: list[str]) -> Token | None:
    """The last entity of the types named before the token, in its sentence or the one before."""
    doc = token.doc
    start = token.sent.start
    if start > 0:
        start = doc[start - 1].sent.start
    found = next((t for t in reversed(doc[start:token.i]) if t.ent_type_ in types), None)
    return None if found is None else _entity_of(found).root


def nearest_subject(token: Token, acting: bool = False) -> Token | None:
    """The subject of the token's clause or of the nearest clause above it; where it has two,
    the first, or, ``acting``, for who acts, the one nearest before the verb (a dateline the
    parser took for a subject does not act: "WASHINGTON – The Department of Homeland Security
    made an announcement regarding restarting MPP")."""
    node = token
    for _ in range(8):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return ([c for c in subjects if c.i < node.i] or subjects)[-1] if acting else subjects[0]
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def verb_of(token: Token) -> Token | None:
    """The verb a token belongs to: the token itself or the nearest verb above it."""
    return next((t for t in (token, *token.ancestors) if t.pos_ in ("VERB", "AUX")), None)


def _runs_into_name(token: Token) -> bool:
    """Whether capitalised words go on from the token to a person's name, as a title does:
    "Acting Operations Division Deputy Chief Jaime Salazar"."""
    doc = token.doc
    end = token.i
    while end < len(doc) and doc[end].is_title and doc[end].ent_type_ != "Person":
        end += 1
    return end > token.i and end < len(doc) and doc[end].ent_type_ == "Person"


def _follows(token: Token, words: Iterable[str], skip: tuple[str, ...] = ()) -> bool:
    """Whether the entity of a token comes right after one of the words ("President X of Mexico"),
    the ``skip`` words between them aside ("outside of the Northern Triangle")."""
    start = _entity_of(token).start
    while start > 0 and token.doc[start - 1].lower_ in skip:
        start -= 1
    return start > 0 and token.doc[start - 1].lower_ in words


def _bare(token: Token) -> bool:
    """Whether the entity of a token follows "and" or a comma directly: "reporters A and B"
    share A's title, "Advisor A and Homeland Security Advisor B" do not (nor the items of a
    list parted by semicolons, each with its own office: "Secretary of the Navy A; B, Legal
    Counselor")."""
    return _follows(token, ("and", ",", "&", "or"))


# The index a relation gives an argument the text leaves out: a release's own agency, which
# kg/extract.py finds ("were expelled under Title 42" in a Border Patrol release).
IMPLICIT_AGENT = -1
_SECOND_WORD_REACH = 8  # tokens after a verb where the second word of a two-word verb may stand
_FRAME_POS = {POS_IDS["VERB"], POS_IDS["NOUN"], POS_IDS["AUX"]}
_RELATIVE_PRONOUNS = {"who", "that", "which", "whom"}
# Words that stand for a group named before them ("many ask for asylum"); kg/extract.py finds it.
QUANTIFIERS = frozenset({"many", "most", "some", "others"})
_PRONOUN_TYPES = {"Person", "MigrantGroup"}


@cache
def _references() -> dict:
    return srsly.read_json(data_dir("pipelines") / "references.json")


def prosecutes_only(name: str) -> bool:
    """Whether an organisation so named charges and tries people but arrests no one: a U.S.
    Attorney's Office, a court, Joint Task Force Alpha (``prosecuting_offices`` of
    ``pipelines/references.json``)."""
    lowered = name.lower()
    return any(word in lowered for word in _references()["prosecuting_offices"])


def referent_types(token: Token) -> frozenset[str]:
    """The entity types a word that stands for an entity named before it may refer to, by
    ``pipelines/references.json``: "the processes" a Program, "it" as a subject an
    organisation; no types for any other word."""
    references = _references()
    if token.ent_type_:
        return frozenset()
    if token.lower_ == "it" and token.dep_ in ("nsubj", "nsubjpass"):
        return frozenset(references["it_types"])
    types = references["nouns"].get(token.lemma_.lower()) if token.pos_ in ("NOUN", "PROPN") else None
    if operation(token):
        types = references["it_types"]
    if types and any(c.dep_ in ("det", "poss") and c.lower_ in references["determiners"] for c in token.children):
        return frozenset(types)
    return frozenset()


def people_counted(token: Token) -> int:
    """How many people the text named before a noun that counts them stands for: 4 for "both
    couples", 2 for "the two men"; 0 for any other word (``pipelines/references.json``)."""
    references = _references()
    each = references["people_nouns"].get(token.lemma_.lower(), 0) if token.tag_ == "NNS" else 0
    count = next((references["counts"][c.lower_] for c in token.children
                  if c.dep_ in ("det", "nummod", "predet") and c.lower_ in references["counts"]), 0)
    return each * count


def operation(token: Token) -> bool:
    """Whether the word is an operation that stands for who conducts it ("the enforcement
    operation included the arrests of seven smugglers")."""
    return token.pos_ == "NOUN" and token.lemma_.lower() in _references()["operations"]


def antecedent(token: Token, verb: Token) -> Token:
    """The noun a relative pronoun stands for: the noun just before it, or the one its clause
    hangs from; any other token stands for itself."""
    if token.lower_ not in _RELATIVE_PRONOUNS:
        return token
    before = token.doc[token.i - 1] if token.i > 0 else verb.head
    return before if before.pos_ in ("NOUN", "PROPN") else verb.head


def _implemented(verb: Token, issued: list[Token], nouns: Collection[str], verbs: Collection[str]) -> list[Token]:
    """What the verb's act or the things it issues are for implementing: "issued guidance for
    implementation of the Migrant Protection Protocols", "issued a memo implementing MPP"."""
    found = [g for holder in (verb, *issued) for c in holder.children if c.dep_ == "prep" and c.lower_ == "for"
             for noun in c.children if noun.dep_ == "pobj" and noun.lemma_.lower() in nouns
             for of in noun.children if of.dep_ == "prep" and of.lower_ == "of"
             for g in of.children if g.dep_ == "pobj"]
    return found + [g for noun in issued for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in verbs
                    for g in c.children if g.dep_ == "dobj"]


_DASHES = frozenset({"—", "–", "--"})


def _named_before_dash(noun: Token) -> list[Token]:
    """The name a dash puts the noun phrase in apposition to: "the Los Angeles Declaration —
    a migration pact signed by"."""
    start = noun.left_edge.i
    if start < 2 or noun.doc[start - 1].text not in _DASHES or not noun.doc[start - 2].ent_type_:
        return []
    return [noun.doc[start - 2]]


def _frame_arguments(verb: Token, patient_preps: tuple[str, ...] = (),
                     patient_preps_only: bool = False,
                     intransitive: bool = False,
                     possessor_patient: bool = False) -> tuple[list[Token], list[Token]]:
    """Who acts and who the action is done to, in every voice; see the module docstring.

    ``patient_preps`` are prepositions whose object is done to as well ("was among 100 migrants"),
    or, ``patient_preps_only``, instead ("expelled them under Title 42"; there one may be written
    with the word it follows: "subject to"). An ``intransitive`` verb done to no one has the
    noun it modifies as its agent in any form ("most of the migrants hailed from Honduras", which
    the parser reads as "the migrants [who were] hailed"). With ``possessor_patient``, a noun's
    "his" or "her" is done to ("his arrest by the police"), not its agent ("his application").
    """
    agents: list[Token] = []
    patients: list[Token] = []
    for child in verb.children:
        # a relative pronoun stands for the noun its clause hangs from ("the processes that
        # Secretary Mayorkas announced"), however the parser attached the clause
        if child.dep_ == "nsubj" and verb.pos_ != "NOUN":
            agents.append(antecedent(child, verb))
        elif child.dep_ in ("dobj", "dative", "nsubjpass", "npadvmod", "oprd", "xcomp"):
            patients.append(antecedent(child, verb))
        elif child.dep_ == "poss" and verb.pos_ == "NOUN" and possessor_patient and child.lower_ in ("his", "her"):
            patients.append(child)  # "following his arrest by the police": the act is done to him
        elif child.dep_ in ("poss", "compound") and verb.pos_ == "NOUN":
            agents.append(child)  # "DHS's rescission of MPP", "Border Patrol apprehensions of"
        elif child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            agents.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ == "including":
            patients.extend(g for g in child.children if g.dep_ == "pobj")  # "expanded X, including Y"
        elif child.dep_ == "prep" and child.lower_ == "in" and verb.pos_ == "VERB":
            # "enforced Title 42 in addition to its Title 8 authorities"
            patients.extend(g for a in child.children if a.dep_ == "pobj" and a.lower_ == "addition"
                            for to in a.children if to.dep_ == "prep" and to.lower_ == "to"
                            for g in to.children if g.dep_ == "pobj")
        elif child.dep_ == "prep" and (child.lower_ in patient_preps or (
                child.lower_ == "of" and verb.pos_ == "NOUN")):
            patients.extend(g for g in child.children if g.dep_ == "pobj")
            if verb.pos_ == "NOUN":  # the parser hangs the agent on the patient: "apprehensions
                # of migrants by the Border Patrol", "the rescission of MPP by DHS"
                agents.extend(a for g in child.children if g.dep_ == "pobj" for by in g.children
                              if by.dep_ == "prep" and by.lower_ == "by" for a in by.children if a.dep_ == "pobj")
        if child.dep_ == "prep":
            # a preposition joined to the verb's own by "and": "were illegally in the United
            # States and from Mexico"
            patients.extend(g for prep in child.conjuncts if prep.lower_ in patient_preps
                            for g in prep.children if g.dep_ == "pobj")
    if verb.pos_ == "NOUN" and not agents:  # "the operation included ... the arrests of"
        governor = verb_of(verb)  # the noun's own verb: "included" of "included the arrests"
        if governor is not None:
            agents.extend(c for c in governor.children if c.dep_ == "nsubj" and operation(c))
        if governor is not None and verb.dep_ == "dobj" and (
                governor.lemma_.lower() in _references()["deciding_verbs"]):
            # who decides the action does it: "Secretary Mayorkas announced the end of Title 42"
            agents.extend(c for c in governor.children if c.dep_ == "nsubj")
        if governor is not None and not agents and governor.lemma_.lower() in _references()["outcome_verbs"]:
            # what an act led to, its actor did: "agents disrupted stash houses, leading to the
            # arrest of 173 migrants", "an inspection resulting in the arrest of the driver"
            subject = nearest_subject(governor, acting=True)
            agents.extend([subject] if subject is not None else [])
        if governor is not None and governor.lemma_.lower() in _references()["support_verbs"]:
            # a verb that only says the action happened has its agent: "most of the arrests
            # of Cuban migrants were made by Border Patrol agents"
            agents.extend(g for c in governor.children if c.dep_ == "agent" or (
                c.dep_ == "prep" and c.lower_ == "by") for g in c.children if g.dep_ == "pobj")
        if governor is not None and verb.dep_ == "dobj" and governor.lemma_.lower() in {
                *_references()["support_verbs"], *_references()["tallying_verbs"]}:
            # who makes or tallies the actions made them: "the Del Rio Sector recorded 40,000
            # apprehensions of Venezuelan migrants", "agents made 300 arrests of smugglers"
            agents.extend(c for c in governor.children if c.dep_ == "nsubj")
    # a dateline the parser took for the subject, the agents in apposition to it, has them act:
    # "EL PASO, Texas – Border Patrol agents arrested 20 migrants", and of the act an
    # arrest came of: "LAREDO, Texas – agents stopped a truck, resulting in the arrest of"
    agents.extend(c for agent in list(agents) if agent.ent_type_ in PLACE_TYPES for c in agent.children
                  if c.dep_ == "appos" and c.lemma_.lower() in _references()["agency_staff"])
    if not agents and verb.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # a purpose clause is done by whom the verb it serves names as its agent: "processed by
        # USCIS to assess their asylum claims under the new regulation"
        agents.extend(g for c in verb.head.children if c.dep_ == "agent" for g in c.children
                      if g.dep_ == "pobj")
    if verb.dep_ == "acl" and (verb.tag_ == "VBG" or intransitive):
        agents.append(verb.head)  # "migrants seeking asylum"
        # whose commitment or effort it is acts: "our commitment to implementing the Act"
        agents.extend(c for c in verb.head.children if c.dep_ == "poss")
        if verb.head.dep_ == "dobj" and not verb.head.ent_type_ and verb.head.pos_ == "NOUN":
            # the parser hung a clause of the subject's on its object: "agents shut down two
            # stash houses nabbing 25 aliens" (the agents nab them, not the houses)
            subject = nearest_subject(verb.head, acting=True)
            agents.extend([subject] if subject is not None else [])
    elif verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and any(c.dep_ == "dobj" for c in verb.children):
        # a sentence read as one noun phrase: "HSI special agents arrested Luis Vega" has the
        # noun as the root and its verb as a clause of it; a verb with an object is active
        agents.append(verb.head)
    elif verb.dep_ == "acl" or (verb.dep_ == "relcl" and not patients):
        patients.append(verb.head)  # "the processes announced by", "the processes that X announced"
        # the name a dash sets the noun beside, however the parser hangs it: "the Declaration —
        # a pact signed by"
        dashed = _named_before_dash(verb.head)
        if dashed:
            patients.extend(dashed)
        elif verb.head.dep_ == "attr":  # what the noun is said of: "Title 42 is an order put in place by"
            patients.extend(c for c in verb.head.head.children if c.dep_ == "nsubj")
        elif verb.head.dep_ == "appos":  # "the Los Angeles Declaration, a pact signed by"
            patients.append(verb.head.head)
    if verb.dep_ == "conj" and (any(c.dep_ == "auxpass" for c in verb.children) or _shares_passive(verb)):
        if not patients:  # "she crossed the river and was arrested by agents"; who the
            # subject is said to be is done to as well: "the men were Mexican nationals and
            # were taken into custody"
            patients.extend(c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") or (
                c.dep_ == "attr" and verb.head.lemma_ == "be"))
    elif verb.dep_ == "conj" and not agents:  # "DHS suspended or terminated the processes"
        agents.extend(c for c in verb.head.children if c.dep_ == "nsubj")
        if not agents and verb.head.dep_ == "xcomp" and not any(
                c.dep_ == "nsubjpass" for c in verb.head.children):
            # the clause above the first verb acts for both: "officers were able to locate
            # and apprehend him"
            found = nearest_subject(verb.head, acting=True)
            agents.extend([found] if found is not None else [])
    if verb.dep_ in ("xcomp", "advcl", "pcomp") and not agents and not any(
            child.dep_ == "nsubjpass" for child in verb.children):
        # the clause above acts: "CBP reported apprehending", "she fled, joining thousands",
        # "the individuals were identified as being from Mexico";
        # not where the verb has a subject of its own ("when the CDC's order is terminated"),
        # and the object of the clause above where it is told to act: "an injunction
        # requiring DHS to resume the MPP", "the crisis led millions of Venezuelans to flee"
        told = [c for c in verb.head.children if c.dep_ == "dobj"] if verb.dep_ == "xcomp" or (
            verb.head.lemma_.lower() in _references()["causing_verbs"]) else []
        found = told[0] if told else nearest_subject(verb, acting=True)
        agents.extend([found] if found is not None else [])
    if intransitive:  # what the subject is said to be comes from there: "she is a teacher from Honduras"
        patients += [g for said in verb.children if said.dep_ in ("attr", "acomp")
                     for prep in said.children if prep.dep_ == "prep" and prep.lower_ in patient_preps
                     for g in prep.children if g.dep_ == "pobj"]
    if patient_preps_only:
        patients = _objects_of_preps(verb, patient_preps)
    else:  # "invoked its authority under Title 42"
        patients += _objects_of_preps(verb, [prep for prep in patient_preps if " " in prep])
    return agents, patients


def _helpers(holders: list[Token]) -> list[Token]:
    """Who the verb or its agents act with, as partners (``helpers`` of
    ``pipelines/references.json``): "agents, with assistance from the Alamo Police Department,
    apprehended"; "agents, along with DPS troopers, arrested"; "in coordination with the
    sheriff's office"; "alongside Mexican authorities"; whom they assist in it: "ERO supported
    the U.S. Marshals Service in apprehending"."""
    words = _references()["helpers"]
    found: list[Token] = []
    for holder in holders:
        if holder.dep_ == "pcomp" and holder.head.lower_ == "in" and (
                holder.head.head.lemma_.lower() in words["assisting_verbs"]):
            # "ERO supported the U.S. Marshals Service in apprehending": both apprehend
            found += [c for c in holder.head.head.children if c.dep_ == "dobj"]
        for prep in holder.children:
            if prep.dep_ != "prep":
                continue
            objects = [g for g in prep.children if g.dep_ == "pobj"]
            if prep.lower_ in words["preps"]:
                found += objects
            elif prep.lower_ in words["before_with"]:  # "along with", "together with"
                found += [g for with_ in prep.children if with_.dep_ == "prep" and with_.lower_ == "with"
                          for g in with_.children if g.dep_ == "pobj"]
            elif prep.lower_ in ("with", "in"):  # "with the help of", "in coordination with"
                found += [g for noun in objects if noun.lemma_.lower() in words["nouns"]
                          for of in noun.children if of.dep_ == "prep" and of.lower_ in ("of", "from", "with")
                          for g in of.children if g.dep_ == "pobj"]
    return [one for g in found for one in (g, *g.conjuncts)]


def _objects_of_preps(verb: Token, preps: Iterable[str]) -> list[Token]:
    """The objects of the verb's own prepositions, wherever the parser hung them below it; a
    preposition may be written with the word before it, wherever the parser hung it
    ("subject to", "authority under")."""
    preps = set(preps)
    if not preps:
        return []
    return [g for prep in verb.subtree if prep.dep_ == "prep" and (
                prep.lower_ in preps or f"{prep.doc[prep.i - 1].lower_} {prep.lower_}" in preps)
            and next((t for t in prep.ancestors if t.pos_ == "VERB"), None) == verb
            for g in prep.children if g.dep_ == "pobj"]


def _staff_alone(agents: list[Token]) -> bool:
    """Whether one who acts is an agency's people with no one named beside them: "agents
    arrested 12 migrants", not "Mexican police officers" or "agents of the state police"."""
    staff = _references()["agency_staff"]
    return any(agent.lemma_.lower() in staff and not any(
        child.dep_ in ("compound", "amod", "nmod", "poss", "prep") for child in agent.children)
        for agent in agents)


def _staff_pronoun(agents: list[Token]) -> bool:
    """Whether one who acts is a pronoun for an agency's people, the subject the text had just
    before it in its sentence or the one before ("Additional agents stopped the vehicles. In
    total, they arrested 10 Mexican nationals"); not for people of no agency or of another
    country ("Mexican police officers stopped the bus. They arrested 20 migrants")."""
    references = _references()
    for agent in agents:
        if agent.pos_ != "PRON" or agent.lower_ not in references["staff_pronouns"]:
            continue
        doc = agent.doc
        start = agent.sent.start
        start = doc[start - 1].sent.start if start > 0 else start
        before = [t for t in doc[start:agent.i] if t.dep_ == "nsubj"]
        if before and _agency_people(before[-1]):
            return True
    return False


def _agency_people(token: Token) -> bool:
    """Whether a word names an agency's people: "agents", "Border Patrol agents", "additional
    agents in the area"; not "police officers" or "Mexican agents" (a modifier that is a
    common noun or names anything but an organisation)."""
    if token.lemma_.lower() not in _references()["agency_staff"]:
        return False
    return all(child.ent_type_ in ORGANIZATION_TYPES if child.dep_ in ("compound", "nmod", "poss")
               else not child.ent_type_ for child in token.children if child.dep_ in ("compound", "nmod", "poss", "amod"))


def staff_agencies(token: Token) -> list[Token]:
    """The organisations whose people a word of an agency's people names: "McAllen Border
    Patrol Station agents", "agents assigned to the Ajo Station", "officers with ICE"; none for
    any other word, or for people named alone ("agents arrested 12 migrants")."""
    if token.lemma_.lower() not in _references()["agency_staff"]:
        return []
    return [t for t in _typed([token], sorted(ORGANIZATION_TYPES)) if t.i != token.i]


def _release_voice(token: Token, types: list[str]) -> bool:
    """Whether the word is how a release speaks for its own agency ("we announced", the
    ``release_voice`` of ``pipelines/references.json``), where an organisation may act."""
    return token.pos_ == "PRON" and token.lower_ in _references()["release_voice"] and bool(
        ORGANIZATION_TYPES & set(types))


def _under_modal(verb: Token, modals: Iterable[str]) -> bool:
    """Whether one of the modals is an auxiliary of the verb ("migrants may be sent")."""
    return any(child.dep_ == "aux" and child.lower_ in modals for child in verb.children)


def _shares_passive(verb: Token) -> bool:
    """Whether a participle joined by "and" to a passive verb shares its auxiliary: "arrested"
    in "the five men were located and arrested" (not an alternative: "were either placed in
    proceedings or expelled" tells of some of them each)."""
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and not any(
        child.dep_ in ("nsubj", "nsubjpass", "aux") for child in verb.children) and any(
        child.dep_ == "auxpass" for child in verb.head.children) and any(
        child.dep_ == "cc" and child.lower_ == "and" for child in verb.head.children)


def _passive_statement(verb: Token) -> bool:
    """Whether the verb is the passive main verb of its sentence, or a passive infinitive
    that says what was done for: "300 migrants were apprehended"; "others were transported
    to the processing center to be processed under Title 8"; not "a house where they would
    be detained", nor what a policy allows: "under the agreement, migrants may be sent"."""
    if _under_modal(verb, _references()["permissive_modals"]):
        return False
    passive = any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children) or _shares_passive(verb)
    infinitive = verb.dep_ in ("xcomp", "advcl", "relcl") and any(
        child.dep_ == "aux" and child.lower_ == "to" for child in verb.children)
    return passive and (verb.dep_ in ("ROOT", "conj") or infinitive)


def listed_after_colon(token: Token) -> list[Token]:
    """The entities a colon lists right after a common noun, in its sentence or a line each
    after it: "three processes: CHNV, Uniting for Ukraine (U4U), and family reunification
    parole"; "seven smugglers: Saifullah Al-Mamun, 32; Saiful Islam, 32"; an item's alias is
    passed over: "six coordinators: Ana Ruiz aka Tuercas, Juan Soto aka Pantera, and"."""
    doc = token.doc
    if token.ent_type_ or token.pos_ != "NOUN":
        return []
    # the colon ends the noun's own phrase, with no verb before it: "seven smugglers on
    # Brazilian charges:"
    phrase = doc[token.i + 1:min(token.right_edge.i + 2, len(doc))]
    colon = next((t.i for t in phrase if t.text == ":" or t.pos_ in ("VERB", "AUX")), None)
    if colon is None or doc[colon].text != ":":
        return []
    found: list[Token] = []
    if not all(t.is_space for t in doc[colon + 1:token.sent.end]):
        alias = False  # the words of an alias, up to the comma or the "and" that ends the item
        for item in doc[colon + 1:token.sent.end]:
            if item.lower_ in _references()["alias_words"] or (alias and not (
                    item.text in (",", ";") or item.pos_ == "CCONJ")):
                alias = True
                continue
            alias = False
            if item.ent_type_:
                if item.ent_iob_ == "B":
                    found.append(_entity_of(item).root)
            elif not (item.is_punct or item.pos_ in ("CCONJ", "NUM", "DET")):
                break
        return found
    # the colon closes its sentence: the list follows, an item a line ("citizens of the
    # following countries:" / "Brazil (183)" / "Sierra Leon (4)" / "Peru (4)"), up to the
    # first line that is a clause; a line that names nothing known is passed over
    line: list[Token] = []
    for i in range(colon + 1, len(doc) + 1):
        if i < len(doc) and not (doc[i].is_space and "\n" in doc[i].text):
            line.append(doc[i])
            continue
        if any(t.pos_ in ("VERB", "AUX") for t in line):
            break
        found += [_entity_of(t).root for t in line if t.ent_iob_ == "B"]
        line = []
    return found


def named_as(token: Token) -> list[Token]:
    """The names a common noun is given after "as" ("its Section 265 authority, known as Title
    42"), by the naming verbs of ``pipelines/references.json``; in brackets right after the
    noun, however the parser hung them: "a policy (often referred to as “Remain in Mexico”)"."""
    if token.ent_type_:
        return []
    naming = _references()["naming_verbs"]
    named = [t for c in token.children if c.dep_ == "acl" and c.lemma_.lower() in naming
             for p in c.children if p.dep_ == "prep" and p.lower_ == "as"
             for g in p.children if g.dep_ in ("pobj", "pcomp") for t in (g, *g.conjuncts)]
    doc = token.doc
    after = token.i + 1
    if named or after >= token.sent.end or doc[after].text != "(":
        return named
    close = next((t.i for t in doc[after:token.sent.end] if t.text == ")"), token.sent.end)
    words = doc[after + 1:close]
    verb = next((t.i for t in words if t.lemma_.lower() in naming), None)
    as_ = next((t.i for t in words if t.lower_ == "as" and verb is not None and t.i > verb), None)
    name = next((t for t in doc[as_ + 1:close] if t.ent_type_), None) if as_ is not None else None
    return [] if name is None else [_entity_of(name).root]


def _common_noun_of_another(modifier: Token, head: Token) -> bool:
    """Whether a name written in lower case ("asylum") only says what kind of thing its head is
    ("the asylum deal", "the asylum backlog"): it is that name only where the head is a noun
    that stands for one ("the humanitarian parole program"), unlike "Title 42 expulsions".

    ``head.lemma_`` is looked up among the nouns of ``pipelines/references.json``."""
    return modifier.text.islower() and modifier.ent_type_ not in _references()["nouns"].get(
        head.lemma_.lower(), ())


def _listed(token: Token) -> list[Token]:
    """The token and the members of the list it opens, which the parser may hang on it as an
    apposition of its own kind ("Guatemala, Mexico, El Salvador and Honduras": Mexico in
    apposition, the others joined to Mexico)."""
    return [token, *token.conjuncts, *(t for a in token.children if a.dep_ == "appos"
                                       and a.ent_type_ == token.ent_type_ for t in (a, *a.conjuncts))]


def _typed(tokens: list[Token], types: list[str], through_of: bool | frozenset[str] = True) -> list[Token]:
    """The entity tokens of the given types that the tokens are, join or are modified by
    (and, ``through_of``, that they are "of": "thousands of migrants"; where ``through_of`` is
    a set of nouns, only "of" those: "the implementation of MPP")."""
    found: dict[int, Token] = {}
    for token in tokens:
        # what the token includes is named as it is: "lawful pathways, including the CAM program"
        included = [t for c in token.children if c.dep_ == "prep" and c.lower_ == "including"
                    for g in c.children if g.dep_ == "pobj" for t in conjuncts(g)]
        for one in conjuncts(token) + included:
            # "Yuma Sector Border Patrol agents": the first of several modifiers is the most precise
            modifiers = [c for c in one.children if c.dep_ in ("compound", "poss", "nmod")
                         and c.ent_type_ in types and not _common_noun_of_another(c, one)]
            # but a plural that stands for programs named before is not its modifier: "the
            # parole processes" are the ones named, not humanitarian parole
            # (the first in the text: "Yuma Station Border Patrol agents", where the parser hangs
            # the station on the Border Patrol)
            first = [min((t for m in modifiers for t in m.subtree if t.ent_type_ in types
                          and t.dep_ in ("compound", "nmod")), key=lambda t: t.i, default=modifiers[0])
                     ] if modifiers else []
            near = [one] if one.tag_ == "NNS" and referent_types(one) & set(types) else [one, *first]
            # "the countries Honduras, Guatemala and Ecuador"; not the state or country that
            # says where a place lies ("left Ojinaga, Chihuahua": only Ojinaga is left)
            near += [t for c in one.children if c.dep_ == "appos" and not (
                one.ent_type_ in PLACE_TYPES and c.ent_type_ != one.ent_type_) for t in (c, *c.conjuncts)]
            if through_of is True or (through_of and one.lemma_.lower() in through_of):
                # "the countries of Mexico, Honduras and Guatemala"
                near += [t for c in one.children if c.dep_ == "prep" and c.lower_ == "of"
                         for g in c.children if g.dep_ == "pobj" for t in _listed(g)]
            near += listed_after_colon(one)
            near += named_as(one)
            # the organisation people come from or are with acts through them: "agents from the
            # McAllen Station arrested", "agents with the U.S. Border Patrol apprehended", an
            # agency's people also "in" it ("agents in the Yuma Sector apprehended"), also
            # where the parser hangs the agents on the sector before them ("Laredo Sector (LRT)
            # Border Patrol agents from the Zapata Station"); never a place ("migrants from Honduras")
            near += [g for person in (one, *(c for c in one.children if c.dep_ == "appos"))
                     for c in person.children if c.dep_ == "prep" and (c.lower_ in ("from", "with") or (
                         c.lower_ == "in" and person.lemma_.lower() in _references()["agency_staff"]))
                     for g in c.children if g.dep_ == "pobj" and g.ent_type_ in ORGANIZATION_TYPES]
            # ... and the one they are assigned or attached to ("agents assigned to the Imperial
            # Beach Station encountered")
            near += [g for c in one.children if c.dep_ == "acl" and c.lemma_ in _references()["posting_verbs"]
                     for prep in c.children if prep.dep_ == "prep" and prep.lower_ == "to"
                     for g in prep.children if g.dep_ == "pobj" and g.ent_type_ in ORGANIZATION_TYPES]
            for candidate in near:
                if candidate.ent_type_ in types or referent_types(candidate) & set(types) or (
                        (candidate.pos_ == "PRON" or candidate.lower_ in QUANTIFIERS)
                        and _PRONOUN_TYPES & set(types)):
                    found.setdefault(candidate.i, candidate)
    return list(found.values())


def dependency_regions(doc: Doc, values: DocumentValues,
                        needs: list[tuple[Need, ...]]) -> list[tuple[int, int]]:
    """The sentences where a dependency pattern whose nodes need one of ``needs`` may match.

    The nodes of a match hang together in one parse, which never leaves its sentence; a
    sentence is matched as a copy of its own, which would drop a name that runs into the
    next one: where a name or a parse crosses a sentence boundary, the whole document.
    """
    if not len(doc) or not any(values.can_match(one) for one in needs):
        return []
    sent_starts, heads, iobs = doc.to_array([SENT_START, HEAD, ENT_IOB]).astype("int64").T
    sent_starts[0] = 1
    starts = numpy.flatnonzero(sent_starts == 1)
    ends = numpy.append(starts[1:], len(doc))
    sentence = numpy.cumsum(sent_starts == 1)
    if (sentence[numpy.arange(len(doc)) + heads] != sentence).any() or (iobs[starts] == 1).any():
        return [(0, len(doc))]
    kept = numpy.logical_or.reduce([values.holding(one, starts, ends) for one in needs])
    return list(zip(starts[kept].tolist(), ends[kept].tolist(), strict=True))


class RelationRuler:
    """Applies the relation rules; see the module docstring."""

    def __init__(self, nlp: Language, rules: list[dict]) -> None:
        self.rules = {rule["id"]: rule for rule in rules}
        self.dep_matcher = DependencyMatcher(nlp.vocab)
        # Frames by the lemma of their verbs (with the second word a two-word verb needs),
        # and the frames of any verb ("*"): one pass over a document's tokens reads them all.
        self.frames_of: dict[str, list[tuple[dict, set[str]]]] = {}
        self.frames_of_any_verb: list[tuple[dict, set[str]]] = []
        self.any_verb_preps: set[str] = set()
        for rule in rules:
            for verb in rule.get("frame", {}).get("verbs", ()):
                lemma, _, second = verb.partition(" ")
                if lemma == "*":
                    self.frames_of_any_verb.append((rule, {""}))
                    self.any_verb_preps.update(p.split()[-1] for p in rule["frame"]["patient_preps"])
                    continue
                entries = self.frames_of.setdefault(lemma, [])
                known = next((seconds for r, seconds in entries if r is rule), None)
                if known is None:
                    entries.append((rule, {second}))
                else:
                    known.add(second)
        # What the nodes of each dependency pattern need, and where in a document each token
        # pattern can match (kg/components/needs.py): a matcher tries a pattern at every
        # token it is given, and most stretches of a document can hold no match of it.
        self.dependency_needs: list[tuple[Need, ...]] = []
        self.token_patterns: list[tuple[Matcher, PatternShape]] = []
        for rule in rules:
            if "dependency" in rule:
                self.dep_matcher.add(rule["id"], [rule["dependency"]])
                self.dependency_needs.append(needed_values([node["RIGHT_ATTRS"] for node in rule["dependency"]]))
            elif "pattern" in rule:
                matcher = Matcher(nlp.vocab)
                matcher.add(rule["id"], [rule["pattern"]])
                self.token_patterns.append((matcher, PatternShape(rule["pattern"])))

    def __call__(self, doc: Doc) -> Doc:
        relations: set[RelationMatch] = set()
        vocab = doc.vocab.strings
        values = DocumentValues(doc)
        for matcher, shape in self.token_patterns:
            for start, end in values.regions(shape):
                for found in matcher(doc[start:end], with_alignments=True):
                    match_id, first, last, alignments = cast(tuple[int, int, int, list[int]], found)
                    rule = self.rules[vocab[match_id]]
                    anchors: dict[int, int] = {}
                    for offset, index in enumerate(alignments):
                        anchors.setdefault(index, start + first + offset)
                    self._add(doc, rule, anchors, list(doc[start + first:start + last]), relations)
        for start, end in dependency_regions(doc, values, self.dependency_needs):
            for match_id, token_ids in self.dep_matcher(doc[start:end] if end - start < len(doc) else doc):
                rule = self.rules[vocab[match_id]]
                names = [node["RIGHT_ID"] for node in rule["dependency"]]
                by_name = dict(zip(names, (start + i for i in token_ids), strict=True))
                self._add(doc, rule, by_name, [doc[i] for i in by_name.values()], relations)
        self._add_frames(doc, relations)
        doc._.bk_relations = sorted(relations)
        return doc

    def _add_frames(self, doc: Doc, relations: set[RelationMatch]) -> None:
        # A frame of any verb reads only the verbs its prepositions hang from ("under").
        # The token attributes come as one array: a Token object is made only for the few
        # tokens a frame or a preposition of any verb may concern.
        strings = doc.vocab.strings
        parts, lemmas, lowers = doc.to_array([POS, LEMMA, LOWER]).T.tolist()
        lower_of: dict[int, str] = {}
        preps = {strings[word] for word in self.any_verb_preps}
        governing = {next((t.i for t in doc[i].ancestors if t.pos_ == "VERB"), -1)
                     for i, lower in enumerate(lowers) if lower in preps}
        for i, (pos, lemma) in enumerate(zip(parts, lemmas, strict=True)):
            if pos not in _FRAME_POS:
                continue
            if lemma not in lower_of:
                lower_of[lemma] = strings[lemma].lower()
            framed = self.frames_of.get(lower_of[lemma], ())
            if not framed and i not in governing:
                continue
            verb = doc[i]
            if verb.i in governing:
                # whatever it does, unless a frame of its own reads what it does to that kind
                # of patient: "the CDC invoked its authority under Title 42" enacts it
                own = {kind for rule, _ in framed for kind in rule["frame"]["patient"]}
                framed = (*framed, *(entry for entry in self.frames_of_any_verb
                                     if not own & set(entry[0]["frame"]["patient"])))
            for rule, seconds in framed:
                second = [t for t in doc[verb.i + 1:verb.i + 1 + _SECOND_WORD_REACH]
                          if t.lower_ in seconds and verb.is_ancestor(t)] if seconds != {""} else []
                if "" not in seconds and not second:  # "took 160 migrants into custody", "wound down"
                    continue
                frame = rule["frame"]
                if _under_modal(verb, frame.get("not_under_modals", ())):
                    continue  # "where they could apply for asylum"
                if frame.get("only_oneself") and any(c.dep_ == "dobj" and c.tag_ != "PRP" for c in verb.children):
                    continue  # "turned himself in", not "turned in his weapon"
                agents, patients = _frame_arguments(verb, frame.get("patient_preps", ()),
                                                    frame.get("patient_preps_only", False),
                                                    frame.get("intransitive", False),
                                                    frame.get("possessor_patient", False))
                for noun in second:  # "were taken into Border Patrol custody", "took custody of
                    # 16 migrants", "the execution of two arrest warrants for two smugglers"
                    agents += [c for c in noun.children if c.dep_ in ("compound", "poss")]
                    holders = (noun.head if noun.dep_ == "compound" else noun, verb)
                    patients += [g for holder in holders for c in holder.children
                                 if c.dep_ == "prep" and c.lower_ in ("of", "for")
                                 for g in c.children if g.dep_ == "pobj"]
                partners = frame.get("partners", {})
                if verb.lemma_.lower() in partners.get("verbs", ()):  # "signed it with Honduras"
                    agents += [party for holder in (verb, *patients) for c in holder.children
                               if c.dep_ == "prep" and c.lower_ in partners["preps"]
                               for g in c.children if g.dep_ == "pobj" for party in (g, *g.conjuncts)
                               if party.ent_type_]  # a party, not "with a pen"
                through_of = frame.get("through_of", True)
                if isinstance(through_of, list):  # only "of" these nouns
                    through_of = frozenset(through_of)
                implementing = frame.get("implementing")
                if implementing:  # "issued guidance for implementation of MPP", "a memo implementing MPP"
                    patients += _implemented(verb, patients, implementing["nouns"], implementing["verbs"])
                clause_verbs = frame.get("clause_patients", ())  # "announced that DHS will begin a new program"
                patients += [g for c in verb.children if c.dep_ == "ccomp" and c.lemma_.lower() in clause_verbs
                             for g in c.children if g.dep_ in ("dobj", "nsubjpass")]
                done_to = [t.i for t in _typed(patients, frame["patient"], through_of)]
                if frame.get("people_lists"):  # "warrants for Ana Ruiz, 36; Luis Soto, 31; and Eva Mora, 42"
                    done_to += [t.i for i in list(done_to) if doc[i].ent_type_ == "Person"
                                for t in _people_listed_after(doc[i]) if t.i not in done_to]
                if not done_to and frame.get("implicit_patient") and _staff_alone(patients):
                    done_to = [IMPLICIT_AGENT]  # "the group surrendered to agents": the release's agency
                if not done_to:
                    continue  # most frames find no patient of their kind: who acts is not asked
                acting = [t.i for t in _typed(agents, frame["agent"], through_of)
                          if not _release_voice(t, frame["agent"])]
                if any(_release_voice(agent, frame["agent"]) for agent in agents):
                    acting.append(IMPLICIT_AGENT)  # "we launched the app" in a DHS release
                if not acting and frame.get("implicit_agent") and (
                        _passive_statement(verb) or _staff_alone(agents) or _staff_pronoun(agents)):
                    # "those migrants were expelled under Title 42"; "agents arrested 12 men";
                    # "they arrested 12 men" after agents stopped their truck
                    acting = [IMPLICIT_AGENT]
                if frame.get("helpers") and acting:
                    # "agents, with assistance from the Alamo Police Department, apprehended"
                    acting += [t.i for t in _typed(_helpers([verb, *agents]), frame["agent"], through_of)
                               if t.i not in acting]
                negated = _negated([verb])
                confidence = round(float(rule.get("confidence", 0.7)), 3)
                for agent in acting:
                    for patient in done_to:
                        subject, object_ = (agent, patient) if rule["subject"] == "agent" else (patient, agent)
                        if subject != object_:
                            relations.add(RelationMatch(rule["id"], rule["predicate"], subject,
                                                        object_, confidence, negated))

    def _add(self, doc: Doc, rule: dict, anchors: dict, tokens: list[Token],
             relations: set[RelationMatch]) -> None:
        confidence = round(float(rule.get("confidence", 0.7)), 3)
        if rule["subject"] == "before":
            named = _named_before(tokens[0], rule["subject_types"])
            if named is None:
                return
            subject = named
        elif str(rule["subject"]).startswith("^"):
            found = nearest_subject(doc[anchors[rule["subject"][1:]]])
            if found is None:
                return
            subject = found
        else:
            subject = doc[anchors[rule["subject"]]]
        object_ = _unit_before(_unit_after(doc[anchors[rule["object"]]]))
        if rule.get("outer_region"):
            object_ = _outer_region(object_)
        if rule.get("outside_lists") and _in_list(subject, object_):
            return
        if "subject_not_after" in rule and _follows(subject, rule["subject_not_after"]):
            return
        if "object_not_after" in rule and _follows(object_, rule["object_not_after"], skip=("the", "of")):
            return
        if rule.get("not_before_name") and _runs_into_name(tokens[-1]):
            return
        if "not_with" in rule:
            # "Former Border Patrol Chief Ana Ruiz"; "Former acting U.S. Department of Homeland
            # Security secretary Ana Ruiz": the match may start or end inside a name
            in_names = {t for token in tokens for t in _entity_of(token)}
            indices = {t.i for t in in_names}
            start = min(indices)
            if any(child.lower_ in rule["not_with"] for token in in_names for child in token.children) or any(
                    word.lower_ in rule["not_with"] and modifies(word, indices)
                    for word in doc[max(start - 3, 0):start]):
                return
        negated = _negated(tokens)
        expand = rule.get("conjuncts", True)
        if expand:
            # A name's conjuncts hang on its head: "Salvador" of "El Salvador, Guatemala".
            subject, object_ = _entity_of(subject).root, _entity_of(object_).root
        subjects = conjuncts(subject) if expand else [subject]
        # the words that bind the subject to the object stand on one side of it, and so do the
        # names that share them: "DHS Secretary A and B", "A and B of the shelter"; not "A,
        # B, and DHS Assistant Secretary C"; nor across a semicolon
        subjects = subjects[:1] + [one for one in subjects[1:] if _bare(one)
                                   and (one.i > subject.i) == (object_.i < subject.i) and not any(
                                       t.text == ";" for t in doc[min(subject.i, one.i):max(subject.i, one.i)])]
        objects = [object_, *object_.conjuncts] if expand else [object_]
        if rule.get("list_members"):
            subjects += _list_after(subject) + _list_before(subject)
        if rule.get("object_list") and object_.ent_type_ == "Country":
            objects += [one for one in _list_after(object_) if one not in objects]
        for one in subjects:
            for other in objects:
                relations.add(RelationMatch(rule["id"], rule["predicate"], one.i, other.i,
                                            confidence, negated))


@Language.factory("bk_relation_ruler", default_config={"rules_file": "relations.jsonl"})
def make_relation_ruler(nlp: Language, name: str, rules_file: str) -> RelationRuler:
    """The ruler, with the rules of ``pipelines/<rules_file>``."""
    return RelationRuler(nlp, list(srsly.read_jsonl(data_dir("pipelines") / rules_file)))
